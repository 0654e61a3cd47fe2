/* SPDX-License-Identifier: MIT */
/* The reference interpreter: fetch, decode (cached), execute, retire. It is
 * the oracle the JIT is tested against, so it stays plain. */
#include "disas.h"
#include "exec.h"
#include "mmu.h"
#include "util/log.h"
#include "util/util.h"

#include <stdlib.h>

exec_fn *const exec_table[OP_COUNT] = {[OP_ILLEGAL] = exec_illegal,
#define X(name, match, mask, fmt, ext, flags) [OP_##name] = exec_##name,
                                       INSN_TABLE(X)
#undef X
};

int exec_illegal(struct hart *h, const struct insn *i) { return illegal_insn(h, i); }

/* Decoded instructions by virtual pc, validated against the fetched bits on
 * every use, so remapping or self-modifying code needs no flush. */
#define DCACHE_BITS 14

struct dcache_entry {
    uint64_t pc;
    exec_fn *fn;
    struct insn insn;
};

struct dcache {
    struct dcache_entry e[1u << DCACHE_BITS];
};

/* On huge pages: filling 1 MiB takes one host page fault, not 256. */
static struct dcache *dcache_create(void)
{
    struct dcache *d = util_calloc_large(1, sizeof(*d));
    if (!d)
        return NULL;
    for (unsigned k = 0; k < (1u << DCACHE_BITS); k++) {
        d->e[k].pc = 1; /* odd: never a valid pc */
        d->e[k].fn = exec_illegal;
    }
    return d;
}

static void trace_insn(struct hart *h, const struct insn *i)
{
    char text[96];
    if (log_enabled(LOG_CPU)) {
        for (unsigned r = 0; r < 32; r += 4)
            log_printf(" %-4s %016llx %-4s %016llx %-4s %016llx %-4s %016llx\n", disas_xreg(r),
                       (unsigned long long)h->x[r], disas_xreg(r + 1),
                       (unsigned long long)h->x[r + 1], disas_xreg(r + 2),
                       (unsigned long long)h->x[r + 2], disas_xreg(r + 3),
                       (unsigned long long)h->x[r + 3]);
    }
    disas_insn(text, sizeof(text), i, h->pc);
    log_printf("%u %c %016llx: %0*x  %s\n", h->hartid, "US?M"[h->priv], (unsigned long long)h -> pc,
               i -> len * 2, i -> raw, text);
}

static inline void count_retired(struct hart *h)
{
    uint64_t inhibit = h->mcountinhibit;
    if (likely(!inhibit))
        h->minstret++; /* and so mcycle */
    else
        hart_count_retired(h, 1, inhibit);
}

/* One instruction. Returns it, or NULL when its fetch trapped. */
static inline const struct insn *interp_step(struct hart *h, struct dcache *dc)
{
    uint32_t raw;
    uint64_t pc = h->pc;
    if (unlikely(mmu_fetch(h, pc, &raw) != EXEC_OK)) {
        trap_enter(h, h->trap_cause, h->trap_tval);
        return NULL;
    }
    struct dcache_entry *e = &dc->e[(pc >> 1) & ((1u << DCACHE_BITS) - 1)];
    if (unlikely(e->pc != pc || e->insn.raw != raw)) {
        insn_decode(&e->insn, raw);
        e->pc = pc;
        e->fn = exec_table[e->insn.op];
    }
    if (log_enabled(LOG_IN_ASM | LOG_EXEC | LOG_CPU))
        trace_insn(h, &e->insn);
    h->npc = pc + e->insn.len;
    if (likely(e->fn(h, &e->insn) == EXEC_OK)) {
        h->pc = h->npc;
        count_retired(h);
        return &e->insn;
    }
    trap_enter(h, h->trap_cause, h->trap_tval);
    return NULL;
}

void interp_free(struct hart *h)
{
    util_free_large(h->dcache, 1, sizeof(struct dcache));
    h->dcache = NULL;
}

static struct dcache *interp_dcache(struct hart *h)
{
    if (unlikely(!h->dcache)) {
        h->dcache = dcache_create();
        ASSERT(h->dcache);
    }
    return h->dcache;
}

void interp_decode(struct hart *h, uint64_t pc, uint32_t raw, struct insn *i)
{
    struct dcache_entry *e = &interp_dcache(h)->e[(pc >> 1) & ((1u << DCACHE_BITS) - 1)];
    if (e->pc == pc && e->insn.raw == raw)
        *i = e->insn;
    else
        insn_decode(i, raw);
}

uint64_t interp_run(struct hart *h, uint64_t budget)
{
    struct dcache *dc = interp_dcache(h);
    uint64_t n = 0;
    while (n < budget && !h->exit_request) {
        interp_step(h, dc);
        n++;
    }
    return n;
}

uint64_t interp_run_block(struct hart *h, uint64_t budget)
{
    struct dcache *dc = interp_dcache(h);
    uint64_t n = 0;
    while (n < budget && !h->exit_request) {
        const struct insn *i = interp_step(h, dc);
        n++;
        if (!i || (i->flags & IF_END))
            break;
    }
    return n;
}
