/* SPDX-License-Identifier: MIT */
/* The "virt" board: QEMU virt's memory map (../shared/design.md). Issue by
 * issue it grows devices; this file wires them and owns the run loop. */
#include "machine.h"
#include "htif.h"
#include "loader.h"
#include "cpu/hart.h"
#include "mem/bus.h"
#include "util/log.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define VIRT_DRAM_BASE 0x80000000ull
#define VIRT_MAX_HARTS 8

struct machine {
    struct machine_config cfg;
    struct bus *bus;
    struct hart *harts[VIRT_MAX_HARTS];
    struct htif *htif;
    volatile int stop;
    int status;
};

void machine_shutdown(struct machine *m, int status)
{
    if (__atomic_exchange_n(&m->stop, 1, __ATOMIC_SEQ_CST))
        return;
    m->status = status;
    for (unsigned k = 0; k < m->cfg.smp; k++)
        hart_kick(m->harts[k]);
}

/* -bios none -kernel ELF: the ELF runs at its entry in M-mode. */
static int load_bare_elf(struct machine *m, uint64_t *entry)
{
    size_t size;
    uint8_t *data = util_read_file(m->cfg.kernel, &size);
    if (!data)
        return -1;
    struct elf_info info;
    int ret = -1;
    if (!loader_is_elf(data, size)) {
        ret = loader_load_raw(m->bus, data, size, VIRT_DRAM_BASE, m->cfg.kernel);
        *entry = VIRT_DRAM_BASE;
    } else if (loader_load_elf(m->bus, data, size, m->cfg.kernel, &info) == 0) {
        if (info.bits != 64)
            log_error("%s: a 32-bit ELF cannot run on this RV64 machine", m->cfg.kernel);
        else if (info.tohost && !(m->htif = htif_create(m, m->bus, info.tohost, info.fromhost)))
            ;
        else
            ret = 0;
        *entry = info.entry;
    }
    free(data);
    return ret;
}

struct machine *machine_create(const struct machine_config *cfg)
{
    struct machine *m = util_calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->cfg = *cfg;
    if (cfg->smp < 1 || cfg->smp > VIRT_MAX_HARTS) {
        log_error("-smp %u: the virt machine supports 1 to %u harts", cfg->smp, VIRT_MAX_HARTS);
        goto fail;
    }
    m->bus = bus_create();
    if (!m->bus || bus_add_ram(m->bus, "ram", VIRT_DRAM_BASE, cfg->ram_size) < 0)
        goto fail;
    for (unsigned k = 0; k < cfg->smp; k++)
        if (!(m->harts[k] = hart_create(m->bus, k)))
            goto fail;
    uint64_t entry;
    if (strcmp(cfg->bios, "none") != 0) {
        log_error("-bios %s: firmware boot is not supported yet; use -bios none -kernel FILE",
                  cfg->bios);
        goto fail;
    }
    if (!cfg->kernel) {
        log_error("-bios none needs -kernel FILE");
        goto fail;
    }
    if (load_bare_elf(m, &entry) < 0)
        goto fail;
    for (unsigned k = 0; k < cfg->smp; k++) {
        hart_reset(m->harts[k], entry);
        m->harts[k]->x[10] = k;   /* a0 = hartid */
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
    for (unsigned k = 0; k < VIRT_MAX_HARTS; k++)
        hart_free(m->harts[k]);
    htif_free(m->htif);
    bus_free(m->bus);
    free(m);
}

/* One hart's loop: run a slice, then timers, interrupts and WFI. */
static void hart_loop(struct machine *m, struct hart *h)
{
    while (!m->stop) {
        interp_run(h, 1u << 12);
        h->exit_request = 0;
        if (m->stop)
            break;
        if (h->wfi)
            hart_wait_for_interrupt(h);
        hart_poll(h);
    }
}

int machine_run(struct machine *m)
{
    hart_loop(m, m->harts[0]);
    return m->status;
}
