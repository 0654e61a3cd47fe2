/* SPDX-License-Identifier: MIT */
/* The JIT's run loop: find or translate the block at the pc (per-hart jump
 * cache, then the shared hash under jit_lock), enter it, act on its exit
 * code (chain, trap, stop), and flush the cache when it is full. Harts hold
 * exec_lock for reading while they run generated code; a flush takes it for
 * writing, so it never pulls code from under a running hart. */
#define _GNU_SOURCE
#include "jit.h"
#include "tb.h"
#include "cpu/hart.h"
#include "cpu/mmu.h"
#include "cpu/softfloat.h"
#include "util/log.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define JC_BITS 12

struct jit_hart {
    struct tb *jc[1u << JC_BITS];   /* by virtual pc */
    uint32_t tlb_generation, epoch; /* what jc was filled under */
    struct ir_block block;          /* translation scratch */
};

static pthread_rwlock_t exec_lock;
static pthread_once_t exec_lock_once = PTHREAD_ONCE_INIT;
static volatile int flush_requested;

static void exec_lock_init(void)
{
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&exec_lock, &attr);
    pthread_rwlockattr_destroy(&attr);
}

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
        pthread_once(&exec_lock_once, exec_lock_init);
        struct jit_hart *jh = util_calloc(1, sizeof(*jh));
        ASSERT(jh);
        h->jit = jh;
        tb_register_hart(h);
    }
    return h->jit;
}

void jit_hart_free(struct hart *h)
{
    free(h->jit);
    h->jit = NULL;
}

/* The block for h's current pc and mode, translating it if needed. NULL
 * when the interpreter must take this step (fetch fault, an instruction
 * straddling a page) or the cache needs a flush (flush_requested). */
static struct tb *tb_find(struct hart *h, struct jit_hart *jh)
{
    uint32_t epoch = tb_epoch();
    if (jh->tlb_generation != h->tlb_generation || jh->epoch != epoch) {
        memset(jh->jc, 0, sizeof(jh->jc));
        jh->tlb_generation = h->tlb_generation;
        jh->epoch = epoch;
    }
    uint64_t pc = h->pc;
    uint32_t flags = jit_tb_flags(h);
    struct tb **slot = &jh->jc[(pc >> 1) & ((1u << JC_BITS) - 1)];
    struct tb *tb = *slot;
    if (likely(tb && tb->pc == pc && tb->flags == flags && tb->valid))
        return tb;
    uint64_t phys;
    if (mmu_translate(h, pc, ACCESS_EXEC, 2, &phys) != EXEC_OK)
        return NULL;
    pthread_mutex_lock(&jit_lock);
    tb = tb_lookup(pc, phys, flags);
    if (!tb) {
        tb = tb_gen(h, &jh->block, pc, phys, flags);
        if (!tb && tb_cache_full())
            flush_requested = 1;
    }
    pthread_mutex_unlock(&jit_lock);
    if (tb)
        *slot = tb;
    return tb;
}

static void flush_if_requested(void)
{
    if (!flush_requested)
        return;
    pthread_rwlock_wrlock(&exec_lock);
    if (flush_requested) {
        tb_flush();
        flush_requested = 0;
    }
    pthread_rwlock_unlock(&exec_lock);
}

/* One dispatch: run a block (or one interpreter step). Returns the block
 * and slot of an unchained exit through from and slot, for chaining. */
static void dispatch(struct hart *h, struct jit_hart *jh, struct tb **from, unsigned *slot)
{
    flush_if_requested();
    pthread_rwlock_rdlock(&exec_lock);
    struct tb *tb = tb_find(h, jh);
    if (!tb) {
        pthread_rwlock_unlock(&exec_lock);
        *from = NULL;
        if (!flush_requested) {
            interp_run(h, 1);
            h->jit_budget--;
        }
        return;
    }
    /* Only blocks on the same guest page chain (tb_chain): test before
     * locking, since an exit across pages comes back here every time. */
    if (*from && (*from)->flags == tb->flags && !(*from)->jmp_dest[*slot] &&
        (((*from)->pc ^ tb->pc) & PAGE_MASK) == 0) {
        pthread_mutex_lock(&jit_lock);
        tb_chain(*from, *slot, tb);
        pthread_mutex_unlock(&jit_lock);
    }
    uintptr_t r = jit_enter(h, tb->code);
    pthread_rwlock_unlock(&exec_lock);
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
    h->exit_request = 0;
    h->jit_budget = INT64_MAX / 2;
    dispatch(h, jh, &from, &slot);
    if (flush_requested) /* the step was spent flushing: take it now */
        dispatch(h, jh, &from, &slot);
    return h->minstret - start;
}
