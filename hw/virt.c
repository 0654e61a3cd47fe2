/* SPDX-License-Identifier: MIT */
/* The virt board: QEMU virt's memory map, device wiring and device tree.
 * Each device maps itself and writes its own node; this file says where. */
#include "virt.h"
#include "aclint.h"
#include "devopts.h"
#include "goldfish_rtc.h"
#include "plic.h"
#include "syscon.h"
#include "uart16550.h"
#include "virtio.h"
#include "virtio_blk.h"
#include "virtio_console.h"
#include "virtio_net.h"
#include "virtio_rng.h"
#include "cpu/hart.h"
#include "ui/chardev.h"
#include "mem/bus.h"
#include "util/clock.h"
#include "util/fdt.h"
#include "util/log.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Memory map (QEMU hw/riscv/virt.c layout) */
enum {
    VIRT_TEST = 0x00100000,
    VIRT_RTC = 0x00101000,
    VIRT_CLINT = 0x02000000,
    VIRT_PLIC = 0x0c000000,
    VIRT_UART0 = 0x10000000,
    VIRT_VIRTIO = 0x10001000, /* 8 slots, 0x1000 apart */
};
enum { VIRT_VIRTIO_IRQ = 1, VIRT_UART0_IRQ = 10, VIRT_RTC_IRQ = 11 }; /* virtio: 1..8 */
#define VIRT_VIRTIO_STRIDE 0x1000ull

/* One occupied virtio-mmio slot and the back end it owns. */
struct virt_slot {
    enum devopts_kind kind;
    void *dev; /* struct virtio_blk / _net / _rng / _console */
    struct virtio_dev *transport;
    struct netdev *netdev;
    struct chardev *chardev;
};

#define FDT_FREE_SPACE 0x10000 /* room for firmware to add nodes in place */

struct virt_board {
    struct hart **harts;
    unsigned nharts;
    struct plic *plic;
    struct aclint *clint;
    struct uart16550 *uart;
    struct syscon *syscon;
    struct goldfish_rtc *rtc;
    struct virt_slot slot[DEVOPTS_MAX_DEVICES];
    unsigned nslots;
    virt_event_fn *on_event;
    void *opaque;
};

/* ISA string for riscv,isa (Linux 6.1 parses the multi-letter extensions). */
#define VIRT_ISA "rv64imafdc_zicbom_zicboz_zicsr_zifencei_zba_zbb_zbc_zbs_sstc_svnapot_svpbmt"

static void virt_syscon_event(void *opaque, int kind, int status)
{
    struct virt_board *v = opaque;
    v->on_event(v->opaque, kind == SYSCON_REBOOT ? VIRT_REBOOT : VIRT_POWEROFF, status);
}

/* A disk found the host disk full (or got past it): pause the guest. */
static void virt_blk_pause(void *opaque, bool paused)
{
    struct virt_board *v = opaque;
    v->on_event(v->opaque, paused ? VIRT_PAUSE : VIRT_RESUME, 0);
}

/* Open the back end of device d and create it in slot k. */
static int virt_add_virtio(struct virt_board *v, struct bus *b, unsigned k,
                           const struct devopts_device *d)
{
    struct virt_slot *s = &v->slot[k];
    uint64_t base = VIRT_VIRTIO + k * VIRT_VIRTIO_STRIDE;
    struct irq_line irq = plic_irq_line(v->plic, VIRT_VIRTIO_IRQ + k);
    struct block *blk;
    s->kind = d->kind;
    switch (d->kind) {
    case DEVOPTS_BLK:
        if (!(blk = block_open(&d->blk)))
            return -1;
        if ((s->dev = virtio_blk_create(b, base, &irq, blk, d->serial))) {
            s->transport = virtio_blk_transport(s->dev);
            virtio_blk_set_pause_hook(s->dev, virt_blk_pause, v);
        }
        break;
    case DEVOPTS_NET:
        if (!(s->netdev = netdev_create(&d->net)))
            return -1;
        if ((s->dev = virtio_net_create(b, base, &irq, s->netdev, d->mac)))
            s->transport = virtio_net_transport(s->dev);
        break;
    case DEVOPTS_RNG:
        if ((s->dev = virtio_rng_create(b, base, &irq)))
            s->transport = virtio_rng_transport(s->dev);
        break;
    case DEVOPTS_CONSOLE:
        if (!(s->chardev = chardev_create(d->chardev, NULL, NULL)))
            return -1;
        if ((s->dev = virtio_console_create(b, base, &irq, s->chardev)))
            s->transport = virtio_console_transport(s->dev);
        break;
    }
    return s->dev ? 0 : -1;
}

static void virt_free_slot(struct virt_slot *s)
{
    switch (s->kind) {
    case DEVOPTS_BLK: virtio_blk_free(s->dev); break;
    case DEVOPTS_NET:
        virtio_net_free(s->dev);
        netdev_free(s->netdev);
        break;
    case DEVOPTS_RNG: virtio_rng_free(s->dev); break;
    case DEVOPTS_CONSOLE:
        chardev_free(s->chardev); /* first: its input thread calls the console */
        virtio_console_free(s->dev);
        break;
    }
}

struct virt_board *virt_create(struct bus *b, struct hart **harts, unsigned nharts,
                               struct chardev *console, const struct devopts_device *devs,
                               unsigned ndevs, virt_event_fn *on_event, void *opaque)
{
    struct virt_board *v = util_calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    *v = (struct virt_board){
        .harts = harts, .nharts = nharts, .on_event = on_event, .opaque = opaque};
    v->plic = plic_create(b, VIRT_PLIC, harts, nharts);
    v->clint = aclint_create(b, VIRT_CLINT, harts, nharts);
    v->syscon = syscon_create(b, VIRT_TEST, virt_syscon_event, v);
    if (!v->plic || !v->clint || !v->syscon)
        goto fail;
    struct irq_line uart_irq = plic_irq_line(v->plic, VIRT_UART0_IRQ);
    struct irq_line rtc_irq = plic_irq_line(v->plic, VIRT_RTC_IRQ);
    v->uart = uart16550_create(b, VIRT_UART0, &uart_irq, console);
    v->rtc = goldfish_rtc_create(b, VIRT_RTC, &rtc_irq);
    if (!v->uart || !v->rtc)
        goto fail;
    for (; v->nslots < ndevs; v->nslots++)
        if (virt_add_virtio(v, b, v->nslots, &devs[v->nslots]) < 0) {
            v->nslots++; /* free what the failed slot has */
            goto fail;
        }
    return v;
fail:
    virt_free(v);
    return NULL;
}

void virt_free(struct virt_board *v)
{
    if (!v)
        return;
    for (unsigned k = 0; k < v->nslots; k++)
        virt_free_slot(&v->slot[k]);
    uart16550_free(v->uart);
    goldfish_rtc_free(v->rtc);
    syscon_free(v->syscon);
    aclint_free(v->clint);
    plic_free(v->plic);
    free(v);
}

void virt_reset(struct virt_board *v)
{
    plic_reset(v->plic);
    aclint_reset(v->clint);
    uart16550_reset(v->uart);
    goldfish_rtc_reset(v->rtc);
    for (unsigned k = 0; k < v->nslots; k++)
        virtio_mmio_reset(v->slot[k].transport);
}

static void fdt_cpu(struct fdt *f, unsigned hart, uint32_t phandle, uint32_t intc)
{
    char name[32];
    snprintf(name, sizeof(name), "cpu@%u", hart);
    fdt_begin_node(f, name);
    fdt_prop_string(f, "device_type", "cpu");
    fdt_prop_u32(f, "reg", hart);
    fdt_prop_string(f, "status", "okay");
    fdt_prop_string(f, "compatible", "riscv");
    fdt_prop_string(f, "riscv,isa", VIRT_ISA);
    fdt_prop_string(f, "mmu-type", "riscv,sv57");
    fdt_prop_u32(f, "riscv,cbom-block-size", 64);
    fdt_prop_u32(f, "riscv,cboz-block-size", 64);
    fdt_prop_u32(f, "phandle", phandle);
    fdt_begin_node(f, "interrupt-controller");
    fdt_prop_u32(f, "#interrupt-cells", 1);
    fdt_prop_u32(f, "#address-cells", 0);
    fdt_prop_empty(f, "interrupt-controller");
    fdt_prop_string(f, "compatible", "riscv,cpu-intc");
    fdt_prop_u32(f, "phandle", intc);
    fdt_end_node(f);
    fdt_end_node(f);
}

static void fdt_cpus(struct virt_board *v, struct fdt *f, uint32_t *intc)
{
    uint32_t cpu[VIRT_MAX_HARTS];
    fdt_begin_node(f, "cpus");
    fdt_prop_u32(f, "#address-cells", 1);
    fdt_prop_u32(f, "#size-cells", 0);
    fdt_prop_u32(f, "timebase-frequency", (uint32_t)CLOCK_MTIME_HZ);
    for (unsigned k = 0; k < v->nharts; k++) {
        cpu[k] = fdt_alloc_phandle(f);
        intc[k] = fdt_alloc_phandle(f);
        fdt_cpu(f, k, cpu[k], intc[k]);
    }
    fdt_begin_node(f, "cpu-map");
    fdt_begin_node(f, "cluster0");
    for (unsigned k = 0; k < v->nharts; k++) {
        char name[16];
        snprintf(name, sizeof(name), "core%u", k);
        fdt_begin_node(f, name);
        fdt_prop_u32(f, "cpu", cpu[k]);
        fdt_end_node(f);
    }
    fdt_end_node(f);
    fdt_end_node(f);
    fdt_end_node(f);
}

static void fdt_chosen(struct fdt *f, const struct virt_fdt_params *p)
{
    char stdout_path[64];
    snprintf(stdout_path, sizeof(stdout_path), "/soc/serial@%x", VIRT_UART0);
    fdt_begin_node(f, "chosen");
    if (p->bootargs)
        fdt_prop_string(f, "bootargs", p->bootargs);
    fdt_prop_string(f, "stdout-path", stdout_path);
    if (p->initrd_end) {
        fdt_prop_u64(f, "linux,initrd-start", p->initrd_start);
        fdt_prop_u64(f, "linux,initrd-end", p->initrd_end);
    }
    fdt_end_node(f);
}

static int fdt_soc(struct virt_board *v, struct fdt *f, const uint32_t *intc, uint32_t test)
{
    uint32_t plic = fdt_alloc_phandle(f);
    fdt_begin_node(f, "soc");
    fdt_prop_u32(f, "#address-cells", 2);
    fdt_prop_u32(f, "#size-cells", 2);
    fdt_prop_string(f, "compatible", "simple-bus");
    fdt_prop_empty(f, "ranges");
    int r = syscon_fdt(v->syscon, f, test) | goldfish_rtc_fdt(v->rtc, f, plic) |
            aclint_fdt(v->clint, f, intc) | plic_fdt(v->plic, f, plic, intc) |
            uart16550_fdt(v->uart, f, plic);
    for (unsigned k = 0; k < v->nslots; k++)
        r |= virtio_mmio_fdt(v->slot[k].transport, f, plic);
    fdt_end_node(f);
    return r;
}

/* Grow the blob's totalsize so firmware can add nodes without moving it. */
static int fdt_pad(void **blob, size_t *size)
{
    uint8_t *nb = realloc(*blob, *size + FDT_FREE_SPACE);
    if (!nb) {
        log_error("out of memory building the device tree");
        return -1;
    }
    memset(nb + *size, 0, FDT_FREE_SPACE);
    *size += FDT_FREE_SPACE;
    uint32_t total = (uint32_t)*size;
    for (int k = 0; k < 4; k++)
        nb[4 + k] = (uint8_t)(total >> (24 - 8 * k)); /* header totalsize, big-endian */
    *blob = nb;
    return 0;
}

int virt_build_fdt(struct virt_board *v, const struct virt_fdt_params *p, void **blob, size_t *size)
{
    struct fdt *f = fdt_create();
    uint32_t intc[VIRT_MAX_HARTS];
    char mem[32];
    if (!f)
        return -1;
    fdt_begin_node(f, "");
    fdt_prop_u32(f, "#address-cells", 2);
    fdt_prop_u32(f, "#size-cells", 2);
    fdt_prop_string(f, "compatible", "riscv-virtio");
    fdt_prop_string(f, "model", "riscv-virtio,qemu");
    fdt_chosen(f, p);
    snprintf(mem, sizeof(mem), "memory@%llx", (unsigned long long)VIRT_DRAM_BASE);
    fdt_begin_node(f, mem);
    fdt_prop_string(f, "device_type", "memory");
    uint64_t reg[2] = {VIRT_DRAM_BASE, p->ram_size};
    fdt_prop_u64s(f, "reg", reg, 2);
    fdt_end_node(f);
    fdt_cpus(v, f, intc);
    uint32_t test = fdt_alloc_phandle(f);
    int r = syscon_fdt_actions(v->syscon, f, test) | fdt_soc(v, f, intc, test);
    fdt_end_node(f);
    if (r < 0 || fdt_finish(f, blob, size) < 0) {
        log_error("device tree: %s", fdt_error(f) ? fdt_error(f) : "build failed");
        fdt_free(f);
        return -1;
    }
    fdt_free(f);
    return fdt_pad(blob, size);
}
