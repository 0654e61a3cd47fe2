/* SPDX-License-Identifier: MIT */
/* PLIC: gateways that hold a claimed source until completion, the core's
 * priority/enable/threshold arbitration, and the claim/complete registers.
 * Lock order: a device's lock -> plic lock -> hart_set_irq. */
#include "plic.h"
#include "cpu/hart.h"
#include "mem/bus.h"
#include "util/fdt.h"
#include "util/log.h"
#include "util/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* PLIC spec 1.0.0, chapter 3 "Memory Map". */
#define PLIC_PRIORITY_BASE     0x0
#define PLIC_PENDING_BASE      0x1000
#define PLIC_ENABLE_BASE       0x2000
#define PLIC_ENABLE_STRIDE     0x80
#define PLIC_CONTEXT_BASE      0x200000
#define PLIC_CONTEXT_STRIDE    0x1000
#define PLIC_CONTEXT_THRESHOLD 0x0
#define PLIC_CONTEXT_CLAIM     0x4

#define PLIC_SOURCES (PLIC_NDEV + 1)
#define PLIC_WORDS   ((PLIC_SOURCES + 31) / 32)

struct plic {
    pthread_mutex_t lock;
    struct hart **harts;
    unsigned nharts, nctx;
    uint64_t base;
    uint32_t priority[PLIC_SOURCES];
    uint32_t level[PLIC_WORDS]; /* input line levels */
    uint32_t pending[PLIC_WORDS];
    uint32_t claimed[PLIC_WORDS];   /* claimed, not yet completed */
    uint32_t (*enable)[PLIC_WORDS]; /* per context */
    uint32_t *threshold;            /* per context */
    bool *output;                   /* per context: last level sent to the hart */
};

static bool bit_get(const uint32_t *words, unsigned n) { return words[n / 32] >> (n % 32) & 1; }

static void bit_put(uint32_t *words, unsigned n, bool v)
{
    if (v)
        words[n / 32] |= 1u << (n % 32);
    else
        words[n / 32] &= ~(1u << (n % 32));
}

/* The highest-priority pending, enabled source above the context's threshold;
 * ties go to the lowest id (PLIC spec 1.0.0, "Interrupt Priorities"). 0: none. */
static unsigned plic_best(const struct plic *p, unsigned ctx)
{
    unsigned best = 0;
    uint32_t best_prio = p->threshold[ctx];
    for (unsigned w = 0; w < PLIC_WORDS; w++) {
        uint32_t bits = p->pending[w] & p->enable[ctx][w];
        while (bits) {
            unsigned src = w * 32 + (unsigned)__builtin_ctz(bits);
            if (p->priority[src] > best_prio) {
                best = src;
                best_prio = p->priority[src];
            }
            bits &= bits - 1;
        }
    }
    return best;
}

/* Send each context's interrupt line to its hart's MEIP or SEIP. */
static void plic_update(struct plic *p, bool force)
{
    for (unsigned ctx = 0; ctx < p->nctx; ctx++) {
        bool level = plic_best(p, ctx) != 0;
        if (level == p->output[ctx] && !force)
            continue;
        p->output[ctx] = level;
        hart_set_irq(p->harts[ctx / 2], ctx & 1 ? MIP_SEIP : MIP_MEIP, level);
    }
}

void plic_set_irq(void *opaque, unsigned src, bool level)
{
    struct plic *p = opaque;
    if (src == 0 || src > PLIC_NDEV) {
        log_guest_error("plic: interrupt source %u does not exist", src);
        return;
    }
    pthread_mutex_lock(&p->lock);
    bit_put(p->level, src, level);
    /* A level-triggered gateway forwards the level unless the source is
     * claimed; a line that drops before the claim withdraws its request. */
    if (!bit_get(p->claimed, src))
        bit_put(p->pending, src, level);
    plic_update(p, false);
    pthread_mutex_unlock(&p->lock);
}

struct irq_line plic_irq_line(struct plic *p, unsigned src)
{
    return (struct irq_line){.set = plic_set_irq, .opaque = p, .num = src};
}

static uint32_t plic_claim(struct plic *p, unsigned ctx)
{
    unsigned src = plic_best(p, ctx);
    if (src) {
        bit_put(p->pending, src, false);
        bit_put(p->claimed, src, true);
        plic_update(p, false);
    }
    return src;
}

/* PLIC spec 1.0.0, "Interrupt Completion": an id that is not enabled for the
 * context is ignored. A still-high level pends again at once. */
static void plic_complete(struct plic *p, unsigned ctx, uint32_t src)
{
    if (src == 0 || src > PLIC_NDEV || !bit_get(p->enable[ctx], src) || !bit_get(p->claimed, src))
        return;
    bit_put(p->claimed, src, false);
    bit_put(p->pending, src, bit_get(p->level, src));
    plic_update(p, false);
}

static uint32_t plic_read_context(struct plic *p, uint64_t off)
{
    unsigned ctx = (off - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE;
    unsigned reg = off % PLIC_CONTEXT_STRIDE;
    if (ctx >= p->nctx)
        return 0;
    if (reg == PLIC_CONTEXT_THRESHOLD)
        return p->threshold[ctx];
    if (reg == PLIC_CONTEXT_CLAIM)
        return plic_claim(p, ctx);
    return 0;
}

static uint32_t plic_read_locked(struct plic *p, uint64_t off)
{
    if (off < PLIC_PENDING_BASE) {
        unsigned src = off / 4;
        return src < PLIC_SOURCES ? p->priority[src] : 0;
    }
    if (off < PLIC_ENABLE_BASE) {
        unsigned w = (off - PLIC_PENDING_BASE) / 4;
        return w < PLIC_WORDS ? p->pending[w] : 0;
    }
    if (off < PLIC_CONTEXT_BASE) {
        unsigned ctx = (off - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE;
        unsigned w = off % PLIC_ENABLE_STRIDE / 4;
        return ctx < p->nctx && w < PLIC_WORDS ? p->enable[ctx][w] : 0;
    }
    return plic_read_context(p, off);
}

static uint64_t plic_read(void *opaque, uint64_t off, unsigned UNUSED size)
{
    struct plic *p = opaque;
    pthread_mutex_lock(&p->lock);
    uint32_t v = plic_read_locked(p, off);
    pthread_mutex_unlock(&p->lock);
    return v;
}

static void plic_write_context(struct plic *p, uint64_t off, uint32_t v)
{
    unsigned ctx = (off - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE;
    unsigned reg = off % PLIC_CONTEXT_STRIDE;
    if (ctx >= p->nctx)
        return;
    if (reg == PLIC_CONTEXT_THRESHOLD) {
        p->threshold[ctx] = v & PLIC_MAX_PRIORITY;
        plic_update(p, false);
    } else if (reg == PLIC_CONTEXT_CLAIM) {
        plic_complete(p, ctx, v);
    }
}

static void plic_write_locked(struct plic *p, uint64_t off, uint32_t v)
{
    if (off < PLIC_PENDING_BASE) {
        unsigned src = off / 4;
        if (src == 0 || src >= PLIC_SOURCES)
            return;
        p->priority[src] = v & PLIC_MAX_PRIORITY;
        plic_update(p, false);
    } else if (off < PLIC_ENABLE_BASE) {
        log_guest_error("plic: write to read-only pending word at 0x%llx", (unsigned long long)off);
    } else if (off < PLIC_CONTEXT_BASE) {
        unsigned ctx = (off - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE;
        unsigned w = off % PLIC_ENABLE_STRIDE / 4;
        if (ctx >= p->nctx || w >= PLIC_WORDS)
            return;
        p->enable[ctx][w] = w == 0 ? v & ~1u : v; /* source 0 does not exist */
        plic_update(p, false);
    } else {
        plic_write_context(p, off, v);
    }
}

static void plic_write(void *opaque, uint64_t off, uint64_t value, unsigned UNUSED size)
{
    struct plic *p = opaque;
    pthread_mutex_lock(&p->lock);
    plic_write_locked(p, off, (uint32_t)value);
    pthread_mutex_unlock(&p->lock);
}

void plic_reset(struct plic *p)
{
    pthread_mutex_lock(&p->lock);
    for (unsigned i = 0; i < PLIC_SOURCES; i++)
        p->priority[i] = 0;
    for (unsigned ctx = 0; ctx < p->nctx; ctx++) {
        for (unsigned w = 0; w < PLIC_WORDS; w++)
            p->enable[ctx][w] = 0;
        p->threshold[ctx] = 0;
    }
    /* Nothing is claimed; pending follows the lines again (nothing is
     * enabled, so no output rises). */
    for (unsigned w = 0; w < PLIC_WORDS; w++) {
        p->claimed[w] = 0;
        p->pending[w] = p->level[w];
    }
    plic_update(p, true);
    pthread_mutex_unlock(&p->lock);
}

struct plic *plic_create(struct bus *b, uint64_t base, struct hart *const *harts, unsigned nharts)
{
    struct plic *p = util_calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    pthread_mutex_init(&p->lock, NULL);
    p->base = base;
    p->nharts = nharts;
    p->nctx = 2 * nharts;
    p->harts = util_calloc(nharts ? nharts : 1, sizeof(*p->harts));
    p->enable = util_calloc(p->nctx ? p->nctx : 1, sizeof(*p->enable));
    p->threshold = util_calloc(p->nctx ? p->nctx : 1, sizeof(*p->threshold));
    p->output = util_calloc(p->nctx ? p->nctx : 1, sizeof(*p->output));
    if (!p->harts || !p->enable || !p->threshold || !p->output)
        goto fail;
    for (unsigned h = 0; h < nharts; h++)
        p->harts[h] = harts[h];
    struct bus_device dev = {
        .name = "plic",
        .base = base,
        .size = PLIC_SIZE,
        .min_access = 4,
        .max_access = 4,
        .read = plic_read,
        .write = plic_write,
        .opaque = p,
    };
    if (bus_add_device(b, &dev) < 0)
        goto fail;
    plic_reset(p);
    return p;
fail:
    plic_free(p);
    return NULL;
}

void plic_free(struct plic *p)
{
    if (!p)
        return;
    pthread_mutex_destroy(&p->lock);
    free(p->harts);
    free(p->enable);
    free(p->threshold);
    free(p->output);
    free(p);
}

int plic_fdt(struct plic *p, struct fdt *f, uint32_t phandle, const uint32_t *intc_phandles)
{
    static const char *const compat[] = {"sifive,plic-1.0.0", "riscv,plic0"};
    const uint64_t reg[] = {p->base, PLIC_SIZE};
    uint32_t *ext = util_calloc(p->nctx ? 2 * p->nctx : 1, sizeof(*ext));
    char name[FDT_NAME_MAX + 1];
    if (!ext)
        return -1;
    for (unsigned h = 0; h < p->nharts; h++) {
        ext[4 * h + 0] = intc_phandles[h];
        ext[4 * h + 1] = IRQ_M_EXT;
        ext[4 * h + 2] = intc_phandles[h];
        ext[4 * h + 3] = IRQ_S_EXT;
    }
    snprintf(name, sizeof(name), "interrupt-controller@%llx", (unsigned long long)p->base);
    fdt_begin_node(f, name);
    fdt_prop_u32(f, "phandle", phandle);
    fdt_prop_u32(f, "riscv,ndev", PLIC_NDEV);
    fdt_prop_u64s(f, "reg", reg, 2);
    fdt_prop_cells(f, "interrupts-extended", ext, 2 * p->nctx);
    fdt_prop_empty(f, "interrupt-controller");
    fdt_prop_strings(f, "compatible", compat, ARRAY_SIZE(compat));
    fdt_prop_u32(f, "#address-cells", 0);
    fdt_prop_u32(f, "#interrupt-cells", 1);
    int ret = fdt_end_node(f);
    free(ext);
    return ret;
}
