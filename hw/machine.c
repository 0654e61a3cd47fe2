/* SPDX-License-Identifier: MIT */
/* Machine lifecycle: load firmware, kernel, initrd and device tree into the
 * virt board, start one host thread per hart, stop on poweroff or HTIF exit,
 * and restart from reset on reboot. */
#include "machine.h"
#include "build/config.h"
#include "htif.h"
#include "loader.h"
#include "virt.h"
#include "cpu/hart.h"
#include "mem/bus.h"
#include "tcg/jit.h"
#include "ui/chardev.h"
#include "util/fdt.h"
#include "util/log.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB               (1ull << 20)
#define KERNEL_ALIGN      (2 * MIB)
#define FDT_AREA          (2 * MIB) /* top of RAM: device tree and its free space */
#define MROM_SIZE         0x1000ull
#define JIT_CODE_BUFFER   (256 * MIB)
#define JIT_HOT_THRESHOLD 4

/* A file read once and kept, so a reboot reloads the same bytes. */
struct image {
    char path[512]; /* "-kernel FILE": names the option in messages */
    uint8_t *data;
    size_t size;
};

struct machine {
    struct machine_config cfg;
    struct bus *bus;
    struct hart *harts[VIRT_MAX_HARTS];
    struct virt_board *board;
    struct chardev *console;
    struct htif *htif;
    struct image bios, kernel, initrd;
    uint64_t entry; /* where the reset vector jumps */
    uint64_t fdt_addr;
    volatile int stop;
    volatile int reboot;
    pthread_mutex_t pause_lock;
    pthread_cond_t pause_cond; /* paused dropped to 0, or stop */
    int paused;                /* disks waiting for host disk space */
    int status;
};

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

static int image_read(struct image *img, const char *option, const char *path)
{
    snprintf(img->path, sizeof(img->path), "%s %s", option, path);
    if (access(path, R_OK) != 0) {
        log_error("%s: %s", img->path, strerror(errno));
        return -1;
    }
    img->data = util_read_file(path, &img->size);
    if (img->data && img->size == 0) {
        log_error("%s: the file is empty", img->path);
        return -1;
    }
    return img->data ? 0 : -1;
}

void machine_shutdown(struct machine *m, int status)
{
    if (__atomic_exchange_n(&m->stop, 1, __ATOMIC_SEQ_CST))
        return;
    m->status = status;
    for (unsigned k = 0; k < m->cfg.smp; k++)
        hart_kick(m->harts[k]);
    pthread_mutex_lock(&m->pause_lock);
    pthread_cond_broadcast(&m->pause_cond);
    pthread_mutex_unlock(&m->pause_lock);
}

/* A full host disk stops every hart (nothing is lost: the write waits in
 * its device) until the write lands; Ctrl-A x still quits. */
static void machine_pause(struct machine *m, bool pause)
{
    pthread_mutex_lock(&m->pause_lock);
    m->paused += pause ? 1 : -1;
    if (pause && m->paused == 1)
        log_error("guest paused until the host disk has room (Ctrl-A x quits)");
    if (!m->paused)
        log_error("guest resumed");
    pthread_cond_broadcast(&m->pause_cond);
    pthread_mutex_unlock(&m->pause_lock);
    for (unsigned k = 0; pause && k < m->cfg.smp; k++)
        hart_kick(m->harts[k]);
}

static void machine_wait_unpaused(struct machine *m)
{
    pthread_mutex_lock(&m->pause_lock);
    while (m->paused && !m->stop)
        pthread_cond_wait(&m->pause_cond, &m->pause_lock);
    pthread_mutex_unlock(&m->pause_lock);
}

static void machine_on_event(void *opaque, int event, int status)
{
    struct machine *m = opaque;
    if (event == VIRT_PAUSE || event == VIRT_RESUME) {
        machine_pause(m, event == VIRT_PAUSE);
        return;
    }
    if (event == VIRT_REBOOT)
        m->reboot = 1;
    machine_shutdown(m, status);
}

/* Ctrl-A x (the chardev has already said so on the console). */
static void machine_on_quit(void *opaque) { machine_shutdown(opaque, 0); }

/* Load an ELF (at its physical addresses) or a raw image (at raw_addr).
 * Sets [*lo, *hi) and *entry. */
static int load_image(struct machine *m, const struct image *img, uint64_t raw_addr, uint64_t *lo,
                      uint64_t *hi, uint64_t *entry, struct elf_info *elf)
{
    memset(elf, 0, sizeof(*elf));
    if (loader_is_elf(img->data, img->size)) {
        if (loader_load_elf(m->bus, img->data, img->size, img->path, elf) < 0)
            return -1;
        if (elf->bits != 64) {
            log_error("%s: a 32-bit ELF cannot run on this RV64 machine", img->path);
            return -1;
        }
        *lo = elf->low, *hi = elf->high, *entry = elf->entry;
        return 0;
    }
    if (loader_load_raw(m->bus, img->data, img->size, raw_addr, img->path) < 0)
        return -1;
    *lo = raw_addr, *hi = raw_addr + img->size, *entry = raw_addr;
    return 0;
}

/* A Linux RISC-V Image header's image_size (memory it needs, with bss). */
static uint64_t linux_image_size(const struct image *img)
{
    if (img->size < 64 || memcmp(img->data + 0x30, "RISCV\0\0\0", 8) != 0)
        return img->size;
    uint64_t sz;
    memcpy(&sz, img->data + 0x10, 8);
    return sz > img->size ? sz : img->size;
}

static int check_overlap(const char *a, uint64_t alo, uint64_t ahi, const char *b, uint64_t blo,
                         uint64_t bhi)
{
    if (alo < bhi && blo < ahi) {
        log_error("%s [0x%llx-0x%llx) overlaps %s [0x%llx-0x%llx)", a, (unsigned long long)alo,
                  (unsigned long long)ahi, b, (unsigned long long)blo, (unsigned long long)bhi);
        return -1;
    }
    return 0;
}

/* Firmware (or the bare-metal program) and the kernel. Returns the end of
 * what was loaded, or 0 on error. */
static uint64_t load_programs(struct machine *m, uint64_t *next_addr)
{
    uint64_t lo, hi, entry, klo, khi, kentry;
    struct elf_info elf;
    const struct image *first = m->bios.data ? &m->bios : &m->kernel;
    if (load_image(m, first, VIRT_DRAM_BASE, &lo, &hi, &entry, &elf) < 0)
        return 0;
    m->entry = entry;
    *next_addr = 0;
    if (!m->bios.data) { /* -bios none: the kernel runs in M-mode */
        if (elf.tohost && !m->htif && !(m->htif = htif_create(m, m->bus, elf.tohost, elf.fromhost)))
            return 0;
        return hi;
    }
    if (!m->kernel.data)
        return hi;
    uint64_t kaddr = align_up(
        hi > VIRT_DRAM_BASE + KERNEL_ALIGN ? hi : VIRT_DRAM_BASE + KERNEL_ALIGN, KERNEL_ALIGN);
    if (load_image(m, &m->kernel, kaddr, &klo, &khi, &kentry, &elf) < 0)
        return 0;
    if (!loader_is_elf(m->kernel.data, m->kernel.size))
        khi = klo + linux_image_size(&m->kernel);
    if (check_overlap(m->kernel.path, klo, khi, m->bios.path, lo, hi) < 0)
        return 0;
    *next_addr = kentry;
    return khi > hi ? khi : hi;
}

/* fw_dynamic_info (OpenSBI docs/firmware/fw_dynamic.md), version 2. */
#define FW_DYNAMIC_MAGIC   0x4942534full /* "OSBI" */
#define FW_DYNAMIC_VERSION 2
#define NEXT_MODE_S        1

/* The reset vector every hart starts at, like QEMU virt's mask ROM:
 * a0 = mhartid, a1 = device tree, a2 = &fw_dynamic_info, jump to entry. */
static int add_reset_rom(struct machine *m, uint64_t next_addr)
{
    static const uint32_t code[] = {
        0x00000297, /* auipc t0, 0 */
        0x02828613, /* addi a2, t0, 40 */
        0xf1402573, /* csrr a0, mhartid */
        0x0202b583, /* ld a1, 32(t0) */
        0x0182b283, /* ld t0, 24(t0) */
        0x00028067, /* jr t0 */
    };
    uint64_t rom[MROM_SIZE / 8] = {0};
    memcpy(rom, code, sizeof(code));
    rom[3] = m->entry;
    rom[4] = m->fdt_addr;
    uint64_t info[] = {FW_DYNAMIC_MAGIC, FW_DYNAMIC_VERSION, next_addr, NEXT_MODE_S, 0, ~0ull};
    memcpy(&rom[5], info, sizeof(info));
    return bus_add_rom(m->bus, "mrom", VIRT_MROM_BASE, rom, sizeof(rom));
}

/* Set one /chosen property of a -dtb blob. */
static int dtb_set_chosen(struct machine *m, void **blob, size_t *size, const char *name,
                          const void *data, size_t len)
{
    char err[160];
    if (fdt_set_prop(blob, size, "/chosen", name, data, len, err, sizeof(err)) < 0) {
        log_error("-dtb %s: cannot set /chosen/%s: %s", m->cfg.dtb, name, err);
        return -1;
    }
    return 0;
}

static void be64(uint8_t out[8], uint64_t v)
{
    for (int k = 0; k < 8; k++)
        out[k] = (uint8_t)(v >> (56 - 8 * k));
}

/* -dtb FILE: validate, then set /chosen the way the generated tree would. */
static int load_user_dtb(struct machine *m, const struct virt_fdt_params *p, void **blob,
                         size_t *size)
{
    char err[160];
    *blob = util_read_file(m->cfg.dtb, size);
    if (!*blob)
        return -1;
    if (fdt_check(*blob, *size, err, sizeof(err)) < 0) {
        log_error("-dtb %s: %s", m->cfg.dtb, err);
        return -1;
    }
    if (p->bootargs &&
        dtb_set_chosen(m, blob, size, "bootargs", p->bootargs, strlen(p->bootargs) + 1) < 0)
        return -1;
    if (p->initrd_end) {
        uint8_t start[8], end[8];
        be64(start, p->initrd_start);
        be64(end, p->initrd_end);
        if (dtb_set_chosen(m, blob, size, "linux,initrd-start", start, 8) < 0 ||
            dtb_set_chosen(m, blob, size, "linux,initrd-end", end, 8) < 0)
            return -1;
    }
    return 0;
}

/* Place initrd and device tree at the top of RAM, above what is loaded. */
static int load_fdt_and_initrd(struct machine *m, uint64_t loaded_end)
{
    uint64_t ram_end = VIRT_DRAM_BASE + m->cfg.ram_size;
    if (m->cfg.ram_size < 2 * FDT_AREA || loaded_end > ram_end - FDT_AREA) {
        log_error("-m %lluM: too small for the images loaded (need more than %llu MiB)",
                  (unsigned long long)(m->cfg.ram_size >> 20),
                  (unsigned long long)((loaded_end - VIRT_DRAM_BASE + FDT_AREA) >> 20) + 1);
        return -1;
    }
    m->fdt_addr = align_down(ram_end - FDT_AREA, FDT_AREA);
    struct virt_fdt_params p = {.ram_size = m->cfg.ram_size, .bootargs = m->cfg.append};
    if (m->initrd.data) {
        p.initrd_end = m->fdt_addr;
        p.initrd_start = align_down(p.initrd_end - m->initrd.size, PAGE_SIZE);
        if (m->initrd.size > p.initrd_end - loaded_end || p.initrd_start < loaded_end) {
            log_error("%s: %zu bytes do not fit in RAM above the kernel", m->initrd.path,
                      m->initrd.size);
            return -1;
        }
        if (loader_load_raw(m->bus, m->initrd.data, m->initrd.size, p.initrd_start,
                            m->initrd.path) < 0)
            return -1;
    }
    void *blob;
    size_t size;
    int r = m->cfg.dtb ? load_user_dtb(m, &p, &blob, &size)
                       : virt_build_fdt(m->board, &p, &blob, &size);
    if (r == 0 && size > FDT_AREA) {
        log_error("device tree too large (%zu bytes)", size);
        r = -1;
    }
    if (r == 0 && m->cfg.dumpdtb) {
        FILE *f = fopen(m->cfg.dumpdtb, "wb");
        if (!f || fwrite(blob, 1, size, f) != size || fclose(f) != 0) {
            log_error("dumpdtb=%s: %s", m->cfg.dumpdtb, strerror(errno));
            r = -1;
        }
    }
    if (r == 0)
        r = loader_load_raw(m->bus, blob, size, m->fdt_addr, "device tree");
    free(blob);
    return r;
}

/* Everything a boot (or reboot) puts in memory. */
static int machine_load(struct machine *m, bool first)
{
    uint64_t next_addr;
    uint64_t end = load_programs(m, &next_addr);
    if (!end || load_fdt_and_initrd(m, end) < 0)
        return -1;
    if (first && add_reset_rom(m, next_addr) < 0)
        return -1;
    for (unsigned k = 0; k < m->cfg.smp; k++)
        hart_reset(m->harts[k], VIRT_MROM_BASE);
    return 0;
}

static int read_images(struct machine *m)
{
    const struct machine_config *c = &m->cfg;
    const char *bios = c->bios;
    if (!strcmp(bios, "default")) {
        bios = CONFIG_OPENSBI_PATH;
        if (!*bios) {
            log_error("-bios default: OpenSBI was not found at configure time (install the opensbi "
                      "package and re-run ./configure)");
            return -1;
        }
    }
    if (strcmp(bios, "none") != 0 && image_read(&m->bios, "-bios", bios) < 0)
        return -1;
    if (!m->bios.data && !c->kernel) {
        log_error("-bios none needs -kernel FILE");
        return -1;
    }
    if (c->kernel && image_read(&m->kernel, "-kernel", c->kernel) < 0)
        return -1;
    if (c->initrd && image_read(&m->initrd, "-initrd", c->initrd) < 0)
        return -1;
    return 0;
}

struct machine *machine_create(const struct machine_config *cfg)
{
    struct machine *m = util_calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->cfg = *cfg;
    pthread_mutex_init(&m->pause_lock, NULL);
    pthread_cond_init(&m->pause_cond, NULL);
    if (cfg->smp < 1 || cfg->smp > VIRT_MAX_HARTS) {
        log_error("-smp %u: the virt machine supports 1 to %u harts", cfg->smp, VIRT_MAX_HARTS);
        goto fail;
    }
    if (read_images(m) < 0)
        goto fail;
    /* RIVET_JIT_CACHE_MB: a small cache makes flushes frequent (stress tests) */
    const char *cache_mb = getenv("RIVET_JIT_CACHE_MB");
    size_t cache = cache_mb && atoi(cache_mb) >= 2 ? (size_t)atoi(cache_mb) * MIB : JIT_CODE_BUFFER;
    if (cfg->accel == ACCEL_JIT && jit_init(cache) < 0)
        goto fail;
    /* RIVET_JIT_HOT: translate a block the n-th time it is looked up (1:
     * at once, as the tests do); until then the interpreter runs it. */
    const char *hot = getenv("RIVET_JIT_HOT");
    jit_set_hot_threshold(hot && atoi(hot) >= 1 ? (unsigned)atoi(hot) : JIT_HOT_THRESHOLD);
    m->bus = bus_create();
    if (!m->bus || bus_add_ram(m->bus, "ram", VIRT_DRAM_BASE, cfg->ram_size) < 0)
        goto fail;
    for (unsigned k = 0; k < cfg->smp; k++)
        if (!(m->harts[k] = hart_create(m->bus, k)))
            goto fail;
    m->console = chardev_create(cfg->serial ? cfg->serial : "stdio", machine_on_quit, m);
    if (!m->console)
        goto fail;
    m->board = virt_create(m->bus, m->harts, cfg->smp, m->console, cfg->virtio, cfg->nvirtio,
                           machine_on_event, m);
    if (!m->board || machine_load(m, true) < 0)
        goto fail;
    if (cfg->dumpdtb) {
        machine_free(m);
        exit(0); /* -machine dumpdtb: QEMU writes the tree and exits */
    }
    return m;
fail:
    machine_free(m);
    return NULL;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    for (unsigned k = 0; k < VIRT_MAX_HARTS; k++) {
        if (m->harts[k])
            jit_hart_free(m->harts[k]);
        hart_free(m->harts[k]);
    }
    chardev_free(m->console); /* first: its input thread calls into the UART */
    virt_free(m->board);
    htif_free(m->htif);
    bus_free(m->bus);
    free(m->bios.data);
    free(m->kernel.data);
    free(m->initrd.data);
    pthread_cond_destroy(&m->pause_cond);
    pthread_mutex_destroy(&m->pause_lock);
    free(m);
}

/* One hart's thread: run a slice, then timers, interrupts and WFI. */
static void *hart_thread(void *arg)
{
    struct hart *h = arg;
    struct machine *m = h->machine;
    while (!m->stop) {
        if (m->cfg.accel == ACCEL_JIT)
            jit_run(h, 1u << 16);
        else
            interp_run(h, 1u << 12);
        chardev_flush(m->console); /* the UART's output of this slice */
        hart_exit_handled(h);
        if (__atomic_load_n(&m->paused, __ATOMIC_SEQ_CST))
            machine_wait_unpaused(m);
        if (m->stop)
            break;
        if (h->wfi)
            hart_wait_for_interrupt(h);
        hart_poll(h);
    }
    return NULL;
}

static int run_harts(struct machine *m)
{
    pthread_t threads[VIRT_MAX_HARTS];
    unsigned started = 0;
    for (; started < m->cfg.smp; started++) {
        m->harts[started]->machine = m;
        if (pthread_create(&threads[started], NULL, hart_thread, m->harts[started]) != 0) {
            log_error("cannot start a thread for hart %u", started);
            machine_shutdown(m, 1);
            break;
        }
    }
    for (unsigned k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    return started == m->cfg.smp ? 0 : -1;
}

int machine_run(struct machine *m)
{
    for (;;) {
        if (run_harts(m) < 0 || !m->reboot)
            return m->status;
        /* Reboot: RAM cleared, devices reset, images reloaded, harts at reset. */
        m->reboot = 0;
        m->stop = 0;
        bus_reset_ram(m->bus);
        if (machine_load(m, false) < 0)
            return 1;
        virt_reset(m->board); /* after the harts: device resets re-drive their mip lines */
    }
}
