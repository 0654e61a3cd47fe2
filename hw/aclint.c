/* SPDX-License-Identifier: MIT */
/* CLINT / ACLINT MSWI + MTIMER (RISC-V ACLINT spec 1.0, SiFive CLINT
 * offsets). mtime is the machine clock (util/clock); each hart compares its
 * own mtimecmp, which this device stores and then kicks the hart. */
#include "aclint.h"
#include "cpu/hart.h"
#include "mem/bus.h"
#include "util/fdt.h"
#include "util/log.h"
#include "util/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define ACLINT_MSIP_BASE     0x0
#define ACLINT_MTIMECMP_BASE 0x4000
#define ACLINT_MTIME         0xbff8
#define ACLINT_MAX_HARTS     4095

struct aclint {
    pthread_mutex_t lock; /* serialises read-modify-write of 32-bit halves */
    struct hart **harts;
    unsigned nharts;
    uint64_t base;
    bool *msip;
};

/* Replace the 32-bit half at byte offset (off & 4) of old, or all of it. */
static uint64_t deposit(uint64_t old, uint64_t off, unsigned size, uint64_t val)
{
    if (size == 8)
        return val;
    unsigned shift = off & 4 ? 32 : 0;
    return (old & ~(0xffffffffull << shift)) | (val & 0xffffffffull) << shift;
}

static uint64_t extract(uint64_t v, uint64_t off, unsigned size)
{
    return size == 8 ? v : (uint32_t)(v >> (off & 4 ? 32 : 0));
}

/* MTIP follows mtime >= mtimecmp (Priv 3.2.1); the hart re-checks it at its
 * next poll, the kick makes that soon. */
static void aclint_timer_changed(struct hart *h)
{
    hart_set_irq(h, MIP_MTIP, clock_mtime() >= __atomic_load_n(&h->mtimecmp, __ATOMIC_SEQ_CST));
    hart_kick(h);
}

static uint64_t aclint_read_locked(struct aclint *a, uint64_t off, unsigned size)
{
    if (off < ACLINT_MTIMECMP_BASE) {
        unsigned h = off / 4;
        return h < a->nharts ? a->msip[h] : 0;
    }
    if (off < ACLINT_MTIME) {
        unsigned h = (off - ACLINT_MTIMECMP_BASE) / 8;
        if (h >= a->nharts)
            return 0;
        return extract(__atomic_load_n(&a->harts[h]->mtimecmp, __ATOMIC_SEQ_CST), off, size);
    }
    if (off < ACLINT_MTIME + 8)
        return extract(clock_mtime(), off, size);
    log_guest_error("aclint: read of unassigned offset 0x%llx", (unsigned long long)off);
    return 0;
}

static void aclint_write_msip(struct aclint *a, unsigned h, uint64_t val)
{
    if (h >= a->nharts)
        return;
    a->msip[h] = val & 1; /* ACLINT 3.2: the upper 31 bits are zero */
    hart_set_irq(a->harts[h], MIP_MSIP, a->msip[h]);
}

static void aclint_write_locked(struct aclint *a, uint64_t off, unsigned size, uint64_t val)
{
    if (off < ACLINT_MTIMECMP_BASE) {
        aclint_write_msip(a, off / 4, val);
    } else if (off < ACLINT_MTIME) {
        unsigned h = (off - ACLINT_MTIMECMP_BASE) / 8;
        if (h >= a->nharts)
            return;
        struct hart *hart = a->harts[h];
        uint64_t old = __atomic_load_n(&hart->mtimecmp, __ATOMIC_SEQ_CST);
        __atomic_store_n(&hart->mtimecmp, deposit(old, off, size, val), __ATOMIC_SEQ_CST);
        aclint_timer_changed(hart);
    } else if (off < ACLINT_MTIME + 8) {
        clock_set_mtime(deposit(clock_mtime(), off, size, val));
        for (unsigned h = 0; h < a->nharts; h++)
            aclint_timer_changed(a->harts[h]);
    } else {
        log_guest_error("aclint: write to unassigned offset 0x%llx", (unsigned long long)off);
    }
}

/* MSIP registers are 32 bits wide: an 8-byte access there covers two harts. */
static uint64_t aclint_read(void *opaque, uint64_t off, unsigned size)
{
    struct aclint *a = opaque;
    pthread_mutex_lock(&a->lock);
    uint64_t v;
    if (size == 8 && off < ACLINT_MTIMECMP_BASE)
        v = aclint_read_locked(a, off, 4) | aclint_read_locked(a, off + 4, 4) << 32;
    else
        v = aclint_read_locked(a, off, size);
    pthread_mutex_unlock(&a->lock);
    return v;
}

static void aclint_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct aclint *a = opaque;
    pthread_mutex_lock(&a->lock);
    if (size == 8 && off < ACLINT_MTIMECMP_BASE) {
        aclint_write_locked(a, off, 4, (uint32_t)val);
        aclint_write_locked(a, off + 4, 4, val >> 32);
    } else {
        aclint_write_locked(a, off, size, val);
    }
    pthread_mutex_unlock(&a->lock);
}

void aclint_reset(struct aclint *a)
{
    pthread_mutex_lock(&a->lock);
    for (unsigned h = 0; h < a->nharts; h++)
        aclint_write_msip(a, h, 0);
    pthread_mutex_unlock(&a->lock);
}

struct aclint *aclint_create(struct bus *b, uint64_t base, struct hart *const *harts,
                             unsigned nharts)
{
    if (nharts > ACLINT_MAX_HARTS) {
        log_error("aclint: %u harts do not fit (at most %u)", nharts, ACLINT_MAX_HARTS);
        return NULL;
    }
    struct aclint *a = util_calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    pthread_mutex_init(&a->lock, NULL);
    a->base = base;
    a->nharts = nharts;
    a->harts = util_calloc(nharts ? nharts : 1, sizeof(*a->harts));
    a->msip = util_calloc(nharts ? nharts : 1, sizeof(*a->msip));
    if (!a->harts || !a->msip)
        goto fail;
    for (unsigned h = 0; h < nharts; h++)
        a->harts[h] = harts[h];
    struct bus_device dev = {
        .name = "aclint",
        .base = base,
        .size = ACLINT_SIZE,
        .min_access = 4,
        .max_access = 8,
        .read = aclint_read,
        .write = aclint_write,
        .opaque = a,
    };
    if (bus_add_device(b, &dev) < 0)
        goto fail;
    return a;
fail:
    aclint_free(a);
    return NULL;
}

void aclint_free(struct aclint *a)
{
    if (!a)
        return;
    pthread_mutex_destroy(&a->lock);
    free(a->harts);
    free(a->msip);
    free(a);
}

int aclint_fdt(struct aclint *a, struct fdt *f, const uint32_t *intc_phandles)
{
    static const char *const compat[] = {"sifive,clint0", "riscv,clint0"};
    const uint64_t reg[] = {a->base, ACLINT_SIZE};
    uint32_t *ext = util_calloc(a->nharts ? 4 * a->nharts : 1, sizeof(*ext));
    char name[FDT_NAME_MAX + 1];
    if (!ext)
        return -1;
    for (unsigned h = 0; h < a->nharts; h++) {
        ext[4 * h + 0] = intc_phandles[h];
        ext[4 * h + 1] = IRQ_M_SOFT;
        ext[4 * h + 2] = intc_phandles[h];
        ext[4 * h + 3] = IRQ_M_TIMER;
    }
    snprintf(name, sizeof(name), "clint@%llx", (unsigned long long)a->base);
    fdt_begin_node(f, name);
    fdt_prop_cells(f, "interrupts-extended", ext, 4 * a->nharts);
    fdt_prop_u64s(f, "reg", reg, 2);
    fdt_prop_strings(f, "compatible", compat, ARRAY_SIZE(compat));
    int ret = fdt_end_node(f);
    free(ext);
    return ret;
}
