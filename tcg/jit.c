/* SPDX-License-Identifier: MIT */
/* The JIT's run loop: find or translate the block at the pc (per-hart jump
 * cache, then the shared hash without a lock, translating under jit_lock),
 * enter it, act on its exit code (chain, trap, stop), and flush the cache
 * when it is full. A hart marks itself active while it looks up, translates
 * or runs code; a flush waits until no other hart is active (and new ones
 * wait for it), so it never pulls code from under a running hart. The
 * protocol and why it is safe: docs/jit.md, "Dispatch without locks". */
#define _GNU_SOURCE
#include "jit.h"
#include "tb.h"
#include "cpu/hart.h"
#include "cpu/mmu.h"
#include "cpu/softfloat.h"
#include "util/log.h"
#include "util/util.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define JIT_MAX_HARTS 8

#define JIT_JC_PAGE_BITS 14 /* jc_pages: a filter of the pages jc holds blocks of */
/* heat: lookups of untranslated blocks, by virtual pc; a smaller table's
 * collisions make blocks hot too soon (boot 4% slower at 16 bits) */
#define JIT_HEAT_BITS    20
#define JIT_INTERP_MAX   64 /* instructions the interpreter runs per dispatch, at most */

struct jit_hart {
    struct tb *jc[JIT_JC_SIZE];                       /* first: generated code probes it (jit.h) */
    int active;                                       /* in dispatch: see enter_dispatch */
    uint32_t tlb_generation, epoch;                   /* what jc was filled under */
    uint32_t tlb_space_generation;                    /* ... and its address space */
    uint64_t jc_pages[(1u << JIT_JC_PAGE_BITS) / 64]; /* a bit per page hash, set by fills */
    uint64_t jc_local[JIT_JC_SIZE / 64]; /* slots filled for a pc without a global mapping */
    uint16_t jc_tag[JIT_JC_SIZE];        /* a hash of the page of each slot's pc (jc_page_tag) */
    uint8_t heat[1u << JIT_HEAT_BITS];
    unsigned from_flushes; /* flush count when the pending chain source ran */
    struct ir_block block; /* translation scratch */
};

STATIC_ASSERT(offsetof(struct jit_hart, jc) == 0, "h->jit is the jump cache for generated code");

static unsigned hot_threshold; /* see jit_set_hot_threshold */
static int flush_requested;
static unsigned flushes; /* completed flushes: blocks from before one are gone */
static pthread_mutex_t flush_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hart *jit_harts[JIT_MAX_HARTS]; /* under flush_lock */
static unsigned njit_harts;

uint32_t jit_tb_flags(const struct hart *h)
{
    uint32_t f = (h->mmu_idx_data & TBF_MMU_IDX_MASK) | (h->priv << TBF_PRIV_SHIFT);
    if (((h->mstatus & MSTATUS_FS) >> MSTATUS_FS_SHIFT) == FS_OFF)
        f |= TBF_FS_OFF;
    if (h->mcountinhibit & 1)
        f |= TBF_INHIBIT_CY;
    if (h->mcountinhibit & 4)
        f |= TBF_INHIBIT_IR;
    if (((h->mstatus & MSTATUS_FS) >> MSTATUS_FS_SHIFT) == FS_DIRTY)
        f |= TBF_FS_DIRTY;
    if (h->frm == FP_RNE)
        f |= TBF_FRM_RNE;
    return f;
}

static struct jit_hart *jit_hart(struct hart *h)
{
    if (unlikely(!h->jit)) {
        struct jit_hart *jh = util_calloc_large(1, sizeof(*jh)); /* the jump cache: 128 KiB */
        ASSERT(jh);
        pthread_mutex_lock(&flush_lock);
        ASSERT(njit_harts < JIT_MAX_HARTS);
        jit_harts[njit_harts++] = h;
        h->jit = jh;
        pthread_mutex_unlock(&flush_lock);
        tb_register_hart(h);
    }
    return h->jit;
}

void jit_hart_free(struct hart *h)
{
    if (!h->jit)
        return;
    tb_unregister_hart(h);
    pthread_mutex_lock(&flush_lock);
    for (unsigned k = 0; k < njit_harts; k++)
        if (jit_harts[k] == h)
            jit_harts[k] = jit_harts[--njit_harts];
    pthread_mutex_unlock(&flush_lock);
    util_free_large(h->jit, 1, sizeof(struct jit_hart));
    h->jit = NULL;
}

/* Flush the cache once every other hart has left dispatch (they are kicked
 * out of their chains; one that tries to enter waits on flush_lock). The
 * caller is not active. */
static void flush_now(struct hart *self)
{
    pthread_mutex_lock(&flush_lock);
    if (__atomic_load_n(&flush_requested, __ATOMIC_SEQ_CST)) {
        for (unsigned k = 0; k < njit_harts; k++) {
            struct jit_hart *jh = jit_harts[k]->jit;
            if (jit_harts[k] == self || !__atomic_load_n(&jh->active, __ATOMIC_SEQ_CST))
                continue;
            hart_kick(jit_harts[k]);
            while (__atomic_load_n(&jh->active, __ATOMIC_SEQ_CST))
                sched_yield();
        }
        tb_flush();
        __atomic_store_n(&flushes, flushes + 1, __ATOMIC_RELAXED);
        __atomic_store_n(&flush_requested, 0, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&flush_lock);
}

/* Mark h active, unless a flush is wanted: then take part in it first. The
 * store of active and the load of flush_requested here, and the store of
 * flush_requested and the loads of active in flush_now, are sequentially
 * consistent, so at least one side sees the other (Dekker): either the
 * flusher waits for this hart, or this hart sees the request and backs off. */
static void enter_dispatch(struct hart *h, struct jit_hart *jh)
{
    for (;;) {
        __atomic_store_n(&jh->active, 1, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&flush_requested, __ATOMIC_SEQ_CST))
            return;
        __atomic_store_n(&jh->active, 0, __ATOMIC_SEQ_CST);
        flush_now(h);
    }
}

/* Release: everything this hart did with blocks happens before a flush. */
static void leave_dispatch(struct jit_hart *jh)
{
    __atomic_store_n(&jh->active, 0, __ATOMIC_RELEASE);
}

static unsigned jc_page_bit(uint64_t pc)
{
    return (unsigned)((pc >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ull >> (64 - JIT_JC_PAGE_BITS));
}

static uint16_t jc_page_tag(uint64_t pc)
{
    return (uint16_t)((pc >> PAGE_SHIFT) * 0xbf58476d1ce4e5b9ull >> 48);
}

/* A new address space: forget the slots filled for pcs whose mapping was
 * not global. */
static void jc_drop_space(struct jit_hart *jh, struct hart *h)
{
    for (unsigned w = 0; w < ARRAY_SIZE(jh->jc_local); w++) {
        for (uint64_t bits = jh->jc_local[w]; bits; bits &= bits - 1)
            jh->jc[w * 64 + (unsigned)__builtin_ctzll(bits)] = NULL;
        jh->jc_local[w] = 0;
    }
    jh->tlb_space_generation = h->tlb_space_generation;
}

/* Forget the blocks of the virtual pages h flushed one by one. A page's
 * blocks can only sit in the PAGE_SIZE / 2 slots its pcs index, and only
 * if the filter has its bit; the slots' page tags say which to drop without
 * reading the blocks (a tag shared with another page drops a bit more). */
static void jc_drop_pages(struct jit_hart *jh, struct hart *h)
{
    for (unsigned k = 0; k < h->tlb_ndropped; k++) {
        uint64_t page = h->tlb_dropped[k];
        unsigned bit = jc_page_bit(page), first = JIT_JC_INDEX(page);
        uint16_t tag = jc_page_tag(page);
        if (!(jh->jc_pages[bit / 64] & (1ull << (bit % 64))))
            continue;
        for (unsigned i = first; i < first + PAGE_SIZE / 2; i++)
            if (jh->jc_tag[i] == tag)
                jh->jc[i] = NULL;
    }
    h->tlb_ndropped = 0;
}

void jit_set_hot_threshold(unsigned n) { hot_threshold = n; }

/* A block's lookup count, by virtual pc: known before the page walk, so
 * tb_find can prefetch it (the table is large; most lookups miss). */
static uint8_t *heat_of(struct jit_hart *jh, uint64_t pc)
{
    return &jh->heat[(pc * 0x9e3779b97f4a7c15ull) >> (64 - JIT_HEAT_BITS)];
}

/* Whether the untranslated block at pc is still cold: looked up fewer
 * than hot_threshold times (counts share slots by hash, which only makes
 * blocks hot sooner; address spaces share them too). Logging blocks (-d
 * in_asm, op, out_asm) translates every one, as those logs promise. */
static bool still_cold(struct jit_hart *jh, uint64_t pc)
{
    if (hot_threshold <= 1 || log_enabled(LOG_IN_ASM | LOG_OP | LOG_OUT_ASM))
        return false;
    uint8_t *n = heat_of(jh, pc);
    if (*n < UINT8_MAX)
        (*n)++;
    return *n < hot_threshold;
}

/* The block for h's current pc and mode, translating it if needed. NULL
 * when the interpreter must take this step (a block still cold, a fetch
 * fault, an instruction straddling a page) or the cache needs a flush
 * (flush_requested). The caller is active, so no block it sees is freed
 * under it. */
static struct tb *tb_find(struct hart *h, struct jit_hart *jh)
{
    uint32_t epoch = tb_epoch();
    if (jh->tlb_generation != h->tlb_generation || jh->epoch != epoch) {
        memset(jh->jc, 0, sizeof(jh->jc));
        memset(jh->jc_pages, 0, sizeof(jh->jc_pages));
        memset(jh->jc_local, 0, sizeof(jh->jc_local));
        jh->tlb_generation = h->tlb_generation;
        jh->tlb_space_generation = h->tlb_space_generation;
        jh->epoch = epoch;
        h->tlb_ndropped = 0;
    } else {
        if (jh->tlb_space_generation != h->tlb_space_generation)
            jc_drop_space(jh, h);
        if (h->tlb_ndropped)
            jc_drop_pages(jh, h);
    }
    uint64_t pc = h->pc;
    __builtin_prefetch(heat_of(jh, pc)); /* a miss to overlap with the jump cache's */
    uint32_t flags = jit_tb_flags(h);
    struct tb **slot = &jh->jc[JIT_JC_INDEX(pc)];
    struct tb *tb = *slot;
    if (likely(tb && tb->pc == pc && tb->flags == flags && tb_valid(tb)))
        return tb;
    uint64_t phys;
    if (mmu_translate_cached(h, pc, ACCESS_EXEC, 2, &phys) != EXEC_OK) /* pc is 2-aligned */
        return NULL;
    if (still_cold(jh, pc)) /* before the hash: another hart's block can wait */
        return NULL;
    tb = tb_lookup(pc, phys, flags);
    if (!tb) {
        pthread_mutex_lock(&jit_lock);
        tb = tb_lookup(pc, phys, flags); /* another hart may have just made it */
        if (!tb) {
            tb = tb_gen(h, &jh->block, pc, phys, flags);
            if (!tb && tb_cache_full())
                __atomic_store_n(&flush_requested, 1, __ATOMIC_SEQ_CST);
        }
        pthread_mutex_unlock(&jit_lock);
    }
    if (tb) {
        unsigned bit = jc_page_bit(pc), k = JIT_JC_INDEX(pc);
        jh->jc_pages[bit / 64] |= 1ull << (bit % 64);
        jh->jc_tag[k] = jc_page_tag(pc);
        if (mmu_fetch_cached_global(h, pc))
            jh->jc_local[k / 64] &= ~(1ull << (k % 64));
        else
            jh->jc_local[k / 64] |= 1ull << (k % 64);
        *slot = tb;
    }
    return tb;
}

/* Chain from's exit slot to tb if both are on one guest page (tb_chain):
 * tested before locking, since a cross-page exit comes back here every
 * time. from is dropped if a flush has recycled its memory since it ran. */
static void chain_from(struct jit_hart *jh, struct tb *from, unsigned slot, struct tb *tb)
{
    if (jh->from_flushes != __atomic_load_n(&flushes, __ATOMIC_RELAXED) ||
        from->flags != tb->flags || ((from->pc ^ tb->pc) & PAGE_MASK) ||
        __atomic_load_n(&from->jmp_dest[slot], __ATOMIC_RELAXED))
        return;
    pthread_mutex_lock(&jit_lock);
    tb_chain(from, slot, tb);
    pthread_mutex_unlock(&jit_lock);
}

/* One dispatch: run a block (or one interpreter step). Returns the block
 * and slot of an unchained exit through from and slot, for chaining. */
static void dispatch(struct hart *h, struct jit_hart *jh, struct tb **from, unsigned *slot)
{
    enter_dispatch(h, jh);
    struct tb *tb = tb_find(h, jh);
    if (!tb) {
        leave_dispatch(jh);
        *from = NULL;
        if (!__atomic_load_n(&flush_requested, __ATOMIC_RELAXED))
            h->jit_budget -= (int64_t)interp_run_block(h, JIT_INTERP_MAX);
        return;
    }
    if (*from)
        chain_from(jh, *from, *slot, tb);
    uintptr_t r = jit_enter(h, tb->code);
    jh->from_flushes = __atomic_load_n(&flushes, __ATOMIC_RELAXED);
    leave_dispatch(jh);
    *from = NULL;
    if (r == JIT_EXIT_TRAP) {
        trap_enter(h, h->trap_cause, h->trap_tval);
    } else if (r & JIT_EXIT_SLOT_MASK) {
        *from = (struct tb *)(r & ~(uintptr_t)JIT_EXIT_SLOT_MASK);
        *slot = (unsigned)(r & JIT_EXIT_SLOT_MASK) - 1;
    }
}

uint64_t jit_run(struct hart *h, uint64_t budget)
{
    struct jit_hart *jh = jit_hart(h);
    uint64_t start = h->minstret;
    struct tb *from = NULL;
    unsigned slot = 0;
    h->jit_budget = (int64_t)budget;
    while (!h->exit_request && h->jit_budget > 0)
        dispatch(h, jh, &from, &slot);
    return h->minstret - start;
}

uint64_t jit_step_block(struct hart *h)
{
    struct jit_hart *jh = jit_hart(h);
    uint64_t start = h->minstret;
    struct tb *from = NULL;
    unsigned slot = 0;
    hart_exit_handled(h);
    h->jit_budget = INT64_MAX / 2;
    dispatch(h, jh, &from, &slot);
    if (__atomic_load_n(&flush_requested, __ATOMIC_RELAXED)) /* spent on a full cache */
        dispatch(h, jh, &from, &slot);
    return h->minstret - start;
}
