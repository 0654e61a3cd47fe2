/* SPDX-License-Identifier: MIT */
/* The lockstep loop: one block on the engine under test, then interpreter
 * steps on the reference until it reaches the same pc and instret, then a
 * full comparison. Interrupts, WFI and time are handled here, between
 * blocks, identically for both sides. */
#include "lockstep.h"
#include "cpu/hart.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define LS_PAGE       4096u
#define LS_RING       16      /* block start pcs kept for the report */
#define LS_TRAP_NONE  (~0ull) /* trap_cause before a step: still this = no trap */
#define LS_SHOW_STEPS 48      /* reference steps listed in a report */

FILE *ls_out;

struct ls_block {
    uint64_t pc; /* where the block started */
    unsigned priv;
    uint64_t retired; /* what the engine under test reported */
    unsigned nsteps;  /* reference steps taken */
    uint64_t step_pc[LS_MAX_STEPS];
    uint8_t step_priv[LS_MAX_STEPS];
    bool step_trap[LS_MAX_STEPS];
    bool reached;                        /* the reference reached the test's state */
    bool stored;                         /* a reference step may have written memory */
    unsigned shown;                      /* the reference step the report compares with */
    struct ls_state state[LS_MAX_STEPS]; /* reference state after each step */
};

struct ls_ctx {
    const struct ls_engine *eng;
    struct ls_side *test, *ref;
    const struct ls_program *p;
    struct ls_result *res;
    struct ls_state before, st_test, st_ref;
    struct ls_block blk;
    uint64_t ring[LS_RING];
};

/* Priv 3.3.3: WFI may return as soon as an enabled interrupt is pending.
 * When none is, let virtual time jump to the next timer deadline (if any);
 * either way the hart leaves WFI. */
static void wfi_resolve(struct hart *h)
{
    hart_update_timers(h);
    if (h->mip & h->mie)
        return;
    uint64_t now = clock_mtime(), next = ~0ull;
    if ((h->mie & MIP_MTIP) && h->mtimecmp > now)
        next = h->mtimecmp;
    if ((h->menvcfg & ENVCFG_STCE) && (h->mie & MIP_STIP) && h->stimecmp > now &&
        h->stimecmp < next)
        next = h->stimecmp;
    if (next != ~0ull)
        clock_set_mtime(next);
}

/* Between blocks, the same on both sides: what the machine's run loop does
 * after a slice (WFI sleep, timers, interrupts). */
static void boundary(struct ls_ctx *c)
{
    if (c->ref->h->wfi)
        wfi_resolve(c->ref->h);
    struct hart *hs[2] = {c->test->h, c->ref->h};
    for (unsigned k = 0; k < 2; k++) {
        hs[k]->exit_request = 0;
        hs[k]->wfi = false;
        if (hart_poll(hs[k]) && k == 1)
            ls_stats_interrupt();
    }
}

/* One reference step. Returns true if it took a trap. */
static bool ref_step(struct hart *h)
{
    h->exit_request = 0;
    h->trap_cause = LS_TRAP_NONE;
    interp_run(h, 1);
    return h->trap_cause != LS_TRAP_NONE;
}

/* Stores, AMOs, cache-block operations (opcodes STORE, STORE-FP, AMO,
 * MISC-MEM with funct3 2; c.fsd/c.sw/c.sd and their sp forms). */
static bool is_store(uint32_t raw)
{
    unsigned f3 = (raw >> 13) & 7;
    switch (raw & 3) {
    case 0:
    case 2: return f3 >= 5;
    case 1: return false;
    }
    unsigned opc = raw & 0x7f;
    return opc == 0x23 || opc == 0x27 || opc == 0x2f || (opc == 0x0f && ((raw >> 12) & 7) == 2);
}

/* Whether the instruction just run at pc (fetched under MMU index
 * fetch_idx) may have stored: read back through the fetch TLB, which the
 * step filled; anything unclear counts as a store. */
static bool step_may_store(struct hart *h, unsigned fetch_idx, uint64_t pc)
{
    const struct tlb_entry *e = tlb_entry(&h->tlb, fetch_idx, pc);
    if (e->tag_x != (pc & PAGE_MASK) || (pc & ~PAGE_MASK) > PAGE_SIZE - 4)
        return true;
    uint32_t raw;
    memcpy(&raw, (const void *)(e->addend + (uintptr_t)pc), 4);
    return is_store(raw);
}

/* Where the test's block ended: same pc and minstret; with minstret frozen
 * (mcountinhibit.IR, Priv 3.1.12) the whole state must match, since a loop
 * can pass through the end pc before the block's last instruction. */
static bool ref_reached(struct ls_ctx *c, const struct ls_state *r, bool frozen)
{
    if (r->pc != c->st_test.pc || c->ref->h->minstret != c->test->h->minstret)
        return false;
    return !frozen || ls_state_diff(r, &c->st_test, 0) < 0;
}

/* Step the reference until it reaches the test's state, at most the
 * engine's max_steps. Every step's state is kept: without a
 * match the report uses the one closest to the test's. */
static void ref_catch_up(struct ls_ctx *c)
{
    struct hart *r = c->ref->h;
    struct ls_block *b = &c->blk;
    bool frozen = (r->mcountinhibit | c->test->h->mcountinhibit) & 4;
    b->nsteps = 0;
    b->reached = false;
    b->stored = false;
    unsigned max = c->eng->max_steps < LS_MAX_STEPS ? c->eng->max_steps : LS_MAX_STEPS;
    while (b->nsteps < max && !b->reached) {
        unsigned fetch_idx = r->mmu_idx_fetch;
        b->step_pc[b->nsteps] = r->pc;
        b->step_priv[b->nsteps] = (uint8_t)r->priv;
        b->step_trap[b->nsteps] = ref_step(r);
        b->stored = b->stored || step_may_store(r, fetch_idx, b->step_pc[b->nsteps]);
        ls_stats_step(r, b->step_priv[b->nsteps], b->step_pc[b->nsteps], b->step_trap[b->nsteps]);
        ls_state_save(&b->state[b->nsteps], r);
        b->reached = ref_reached(c, &b->state[b->nsteps], frozen);
        b->nsteps++;
    }
}

/* The reference state to report against: the match, or else the step whose
 * state differs from the test's in the fewest fields. */
static void pick_ref_state(struct ls_ctx *c)
{
    struct ls_block *b = &c->blk;
    unsigned best = b->nsteps - 1, best_count = ~0u;
    for (unsigned k = 0; k < b->nsteps && !b->reached; k++) {
        unsigned count = 0;
        for (int f = ls_state_diff(&b->state[k], &c->st_test, 0); f >= 0;
             f = ls_state_diff(&b->state[k], &c->st_test, f + 1))
            count++;
        if (count < best_count) {
            best = k;
            best_count = count;
        }
    }
    b->shown = best;
    c->st_ref = b->state[best];
}

static void print_field(const struct ls_ctx *c, int field, const char *lead)
{
    char name[48];
    fprintf(ls_out, "%s%-22s %s 0x%016llx  %s 0x%016llx  (before the block 0x%016llx)\n", lead,
            ls_field_name(field, name, sizeof(name)), c->test->name,
            (unsigned long long)ls_field_value(&c->st_test, field), c->ref->name,
            (unsigned long long)ls_field_value(&c->st_ref, field),
            (unsigned long long)ls_field_value(&c->before, field));
}

static void print_block(const struct ls_ctx *c)
{
    const struct ls_block *b = &c->blk;
    fprintf(ls_out,
            "  block at 0x%016llx (priv %u): %s reports %llu retired; %s took %u step(s)%s\n",
            (unsigned long long)b->pc, b->priv, c->test->name, (unsigned long long)b->retired,
            c->ref->name, b->nsteps, b->reached ? "" : " without reaching the test's state");
    if (!b->reached)
        fprintf(ls_out, "  (compared with the closest reference state, after step %u)\n",
                b->shown + 1);
    fprintf(ls_out, "  the block as %s ran it:\n", c->ref->name);
    unsigned end = b->shown + 4 < b->nsteps ? b->shown + 4 : b->nsteps;
    unsigned first = end > LS_SHOW_STEPS ? end - LS_SHOW_STEPS : 0;
    if (first)
        fprintf(ls_out, "        (%u earlier steps not shown)\n", first);
    for (unsigned k = first; k < end; k++)
        ls_print_insn(c->ref->h, b->step_priv[k], b->step_pc[k],
                      b->step_trap[k] ? "   trap " : "        ");
    if (end < b->nsteps)
        fprintf(ls_out, "        (%u later steps not shown)\n", b->nsteps - end);
    fprintf(ls_out, "  earlier blocks (oldest first):");
    for (unsigned k = 0; k < LS_RING; k++) {
        uint64_t pc = c->ring[(c->res->blocks + k) % LS_RING];
        if (pc)
            fprintf(ls_out, " %llx", (unsigned long long)pc);
    }
    fprintf(ls_out, "\n");
}

static int report_state(struct ls_ctx *c, int first)
{
    fprintf(ls_out, "lockstep: MISMATCH in %s after %llu blocks, %llu steps\n", c->p->name,
            (unsigned long long)c->res->blocks, (unsigned long long)c->res->steps);
    print_block(c);
    if (first >= 0) {
        print_field(c, first, "  first difference: ");
        for (int k = ls_state_diff(&c->st_test, &c->st_ref, first + 1); k >= 0;
             k = ls_state_diff(&c->st_test, &c->st_ref, k + 1))
            print_field(c, k, "  also:             ");
    }
    if (c->p->repro)
        fprintf(ls_out, "  rerun: %s\n", c->p->repro);
    return 1;
}

static int report_ram(struct ls_ctx *c, uint64_t lo, uint64_t hi, const char *when)
{
    const uint8_t *a = c->test->ram + (lo - LS_RAM_BASE), *b = c->ref->ram + (lo - LS_RAM_BASE);
    uint64_t n = hi - lo, k = 0;
    while (k < n && a[k] == b[k])
        k++;
    uint64_t at = (lo + k) & ~7ull;
    uint64_t va, vb;
    memcpy(&va, c->test->ram + (at - LS_RAM_BASE), 8);
    memcpy(&vb, c->ref->ram + (at - LS_RAM_BASE), 8);
    report_state(c, -1);
    fprintf(ls_out, "  memory differs at 0x%llx: doubleword at 0x%llx %s 0x%016llx  %s 0x%016llx\n",
            (unsigned long long)(lo + k), (unsigned long long)at, c->test->name,
            (unsigned long long)va, c->ref->name, (unsigned long long)vb);
    fprintf(ls_out, "  (%s)\n", when);
    return 1;
}

void ls_program_range(struct ls_program *p, uint64_t lo, uint64_t hi, bool after_stores)
{
    if (p->nranges < LS_MAX_RANGES)
        p->range[p->nranges++] = (struct ls_range){lo, hi, after_stores};
}

static int ram_differs(const struct ls_ctx *c, uint64_t lo, uint64_t hi)
{
    return memcmp(c->test->ram + (lo - LS_RAM_BASE), c->ref->ram + (lo - LS_RAM_BASE), hi - lo);
}

/* All of RAM. Pages that neither side ever touched are not resident (RAM is
 * anonymous memory, dropped at every reset) and read as zero on both: skip
 * them rather than fault in 64 MiB twice. Returns the first differing page
 * or 0. */
static uint64_t ram_first_diff_page(const struct ls_ctx *c)
{
    static unsigned char vt[LS_RAM_SIZE / LS_PAGE], vr[LS_RAM_SIZE / LS_PAGE];
    bool known = !mincore(c->test->ram, LS_RAM_SIZE, vt) && !mincore(c->ref->ram, LS_RAM_SIZE, vr);
    for (uint64_t k = 0; k < LS_RAM_SIZE / LS_PAGE; k++) {
        uint64_t pa = LS_RAM_BASE + k * LS_PAGE;
        if (known && !(vt[k] & 1) && !(vr[k] & 1))
            continue;
        if (ram_differs(c, pa, pa + LS_PAGE))
            return pa;
    }
    return 0;
}

static int check_htif(struct ls_ctx *c)
{
    struct ls_side *t = c->test, *r = c->ref;
    if (t->done == r->done && t->last_cmd == r->last_cmd && t->console_len == r->console_len)
        return 0;
    report_state(c, -1);
    fprintf(ls_out,
            "  HTIF differs: %s exit %d cmd 0x%llx console %zu bytes; %s exit %d cmd 0x%llx "
            "console %zu bytes\n",
            t->name, t->done, (unsigned long long)t->last_cmd, t->console_len, r->name, r->done,
            (unsigned long long)r->last_cmd, r->console_len);
    return 1;
}

/* After the block: registers, watched RAM ranges, HTIF. */
static int check_block(struct ls_ctx *c)
{
    pick_ref_state(c);
    int first = ls_state_diff(&c->st_test, &c->st_ref, 0);
    if (first >= 0 || !c->blk.reached)
        return report_state(c, first);
    for (unsigned k = 0; k < c->p->nranges; k++) {
        const struct ls_range *r = &c->p->range[k];
        if ((!r->after_stores || c->blk.stored) && ram_differs(c, r->lo, r->hi))
            return report_ram(c, r->lo, r->hi,
                              r->after_stores ? "checked after blocks with stores: this block "
                                                "or an earlier one without a store wrote it"
                                              : "checked after every block: this block wrote it");
    }
    return check_htif(c);
}

static int run_block(struct ls_ctx *c)
{
    boundary(c);
    struct hart *r = c->ref->h;
    ls_state_save(&c->before, r);
    c->blk.pc = r->pc;
    c->blk.priv = r->priv;
    c->ring[c->res->blocks % LS_RING] = r->pc;
    c->blk.retired = c->eng->step_block(c->test->h);
    ls_state_save(&c->st_test, c->test->h);
    ref_catch_up(c);
    c->res->blocks++;
    c->res->steps += c->blk.nsteps;
    if (c->blk.reached && c->blk.retired <= c->blk.nsteps && c->blk.retired > c->res->longest)
        c->res->longest = c->blk.retired;
    vclock_advance(c->blk.nsteps);
    return check_block(c);
}

int ls_run(const struct ls_engine *eng, struct ls_side *test, struct ls_side *ref,
           const struct ls_program *p, struct ls_result *res)
{
    static struct ls_ctx c;
    memset(&c, 0, sizeof(c));
    c.eng = eng;
    c.test = test;
    c.ref = ref;
    c.p = p;
    c.res = res;
    memset(res, 0, sizeof(*res));
    while (res->blocks < p->max_blocks && res->steps < p->max_steps) {
        if (run_block(&c))
            return 1;
        if (p->stop_on_htif && ref->done)
            break;
    }
    res->htif_exit = ref->done;
    res->exit_code = ref->exit_code;
    uint64_t page = ram_first_diff_page(&c);
    if (page)
        return report_ram(&c, page, page + LS_PAGE,
                          "found at the end, outside the ranges "
                          "checked after blocks");
    return 0;
}
