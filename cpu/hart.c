/* SPDX-License-Identifier: MIT */
/* Hart lifecycle, interrupt lines, timers and WFI sleep. */
#include "hart.h"
#include "mmu.h"
#include "softfloat.h"
#include "util/clock.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct hart *hart_create(struct bus *bus, unsigned hartid)
{
    struct hart *h = util_calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->bus = bus;
    h->hartid = hartid;
    h->jit_canonical_nan = F64_CANONICAL_NAN;
    pthread_mutex_init(&h->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&h->cond, &attr);
    pthread_condattr_destroy(&attr);
    hart_reset(h, 0);
    return h;
}

void hart_free(struct hart *h)
{
    if (!h)
        return;
    pthread_mutex_destroy(&h->lock);
    pthread_cond_destroy(&h->cond);
    interp_free(h);
    free(h);
}

void hart_reset(struct hart *h, uint64_t pc)
{
    memset(h->x, 0, sizeof(h->x));
    memset(h->f, 0, sizeof(h->f));
    h->pc = h->npc = pc;
    h->priv = PRV_M;
    h->misa = MISA_MXL_64 | MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
              MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') | MISA_EXT('U');
    h->mstatus = (2ull << 32) | (2ull << 34); /* UXL = SXL = 64 */
    h->medeleg = h->mideleg = h->mie = h->mtvec = h->mscratch = h->mepc = 0;
    h->mcause = h->mtval = h->mcounteren = h->menvcfg = h->mcountinhibit = h->mseccfg = 0;
    __atomic_store_n(&h->mip, 0, __ATOMIC_SEQ_CST);
    h->minstret = h->mcycle_off = 0;
    memset(h->mhpmcounter, 0, sizeof(h->mhpmcounter));
    memset(h->mhpmevent, 0, sizeof(h->mhpmevent));
    memset(h->pmpcfg, 0, sizeof(h->pmpcfg));
    memset(h->pmpaddr, 0, sizeof(h->pmpaddr));
    pmp_update(h);
    h->stvec = h->sscratch = h->sepc = h->scause = h->stval = h->scounteren = 0;
    h->senvcfg = h->satp = 0;
    h->stimecmp = h->mtimecmp = ~0ull;
    h->fflags = h->frm = 0;
    h->res_valid = false;
    h->wfi = h->kicked = false;
    h->seip_line = h->seip_sw = false;
    hart_exit_handled(h);
    hart_update_mmu_idx(h);
    hart_flush_tlb(h);
}

static unsigned mmu_idx_for(unsigned priv, bool sum)
{
    if (priv == PRV_M)
        return MMU_IDX_M;
    if (priv == PRV_S)
        return sum ? MMU_IDX_S_SUM : MMU_IDX_S;
    return MMU_IDX_U;
}

void hart_update_mmu_idx(struct hart *h)
{
    unsigned eff = h->priv;
    if (h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV)) /* Priv 3.1.6.3 */
        eff = (h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
    h->mmu_idx_data = mmu_idx_for(eff, h->mstatus & MSTATUS_SUM);
    h->mmu_idx_fetch = mmu_idx_for(h->priv, false);
}

void hart_flush_tlb(struct hart *h)
{
    tlb_flush_all(&h->tlb);
    h->tlb_super_lo = ~0ull;
    h->tlb_super_hi = 0;
    h->tlb_generation++;
    h->tlb_ndropped = 0;
}

void hart_flush_tlb_space(struct hart *h)
{
    tlb_flush_nonglobal(&h->tlb);
    h->tlb_space_generation++;
}

void hart_flush_tlb_page(struct hart *h, uint64_t va)
{
    tlb_flush_page(&h->tlb, va);
    if (h->tlb_ndropped < HART_TLB_DROPPED)
        h->tlb_dropped[h->tlb_ndropped++] = va & PAGE_MASK;
    else
        h->tlb_generation++;
}

void hart_kick(struct hart *h)
{
    hart_request_exit(h);
    __atomic_store_n(&h->jit_budget, 0, __ATOMIC_RELAXED); /* stops a chain of blocks */
    pthread_mutex_lock(&h->lock);
    h->kicked = true;
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

/* Returns true if the bit went from 0 to 1. */
static bool mip_update(struct hart *h, uint64_t bit, bool level)
{
    if (level)
        return !(__atomic_fetch_or(&h->mip, bit, __ATOMIC_SEQ_CST) & bit);
    __atomic_fetch_and(&h->mip, ~bit, __ATOMIC_SEQ_CST);
    return false;
}

/* mip.SEIP reads as the PLIC's line OR the bit M-mode wrote (Priv 3.1.9). */
static void seip_set(struct hart *h, bool *part, bool level)
{
    pthread_mutex_lock(&h->lock);
    *part = level;
    bool raised = mip_update(h, MIP_SEIP, h->seip_line || h->seip_sw);
    pthread_mutex_unlock(&h->lock);
    if (raised)
        hart_kick(h);
}

void hart_set_seip_sw(struct hart *h, bool level) { seip_set(h, &h->seip_sw, level); }

void hart_set_irq(struct hart *h, uint64_t mip_bit, bool level)
{
    if (level)
        __atomic_add_fetch(&h->irq_events, 1, __ATOMIC_SEQ_CST);
    if (mip_bit == MIP_SEIP) {
        seip_set(h, &h->seip_line, level);
    } else if (mip_update(h, mip_bit, level)) {
        hart_kick(h);
    } else if (level) {
        /* Raised again while pending (a second IPI): wakes an M-mode WFI
         * that waits for a new interrupt (hart_wait_for_interrupt). */
        pthread_mutex_lock(&h->lock);
        pthread_cond_signal(&h->cond);
        pthread_mutex_unlock(&h->lock);
    }
}

/* MTIP follows mtime >= mtimecmp; with Sstc enabled STIP follows stimecmp
 * (Sstc spec 2.1). */
void hart_update_timers(struct hart *h)
{
    uint64_t now = clock_mtime();
    mip_update(h, MIP_MTIP, now >= __atomic_load_n(&h->mtimecmp, __ATOMIC_RELAXED));
    if (h->menvcfg & ENVCFG_STCE)
        mip_update(h, MIP_STIP, now >= h->stimecmp);
}

bool hart_poll(struct hart *h)
{
    hart_update_timers(h);
    int irq = trap_pending_interrupt(h);
    if (irq < 0)
        return false;
    h->wfi = false;
    trap_enter(h, CAUSE_INTERRUPT | (uint64_t)irq, 0);
    return true;
}

/* The earliest timer compare still in the future, or now + 1 s if none (a
 * passed compare whose interrupt is masked must not make WFI spin). */
static uint64_t next_timer_deadline(const struct hart *h, uint64_t now)
{
    uint64_t d = now + CLOCK_MTIME_HZ;
    uint64_t m = __atomic_load_n(&h->mtimecmp, __ATOMIC_RELAXED);
    if (m > now && m < d)
        d = m;
    if ((h->menvcfg & ENVCFG_STCE) && h->stimecmp > now && h->stimecmp < d)
        d = h->stimecmp;
    return d;
}

/* How long an M-mode WFI waits for a new interrupt while an old one it
 * cannot take stays pending (see hart_wait_for_interrupt). */
#define WFI_STALE_WAIT (CLOCK_MTIME_HZ / 100) /* 10 ms */

void hart_wait_for_interrupt(struct hart *h)
{
    pthread_mutex_lock(&h->lock);
    /* Priv 3.3.3: WFI resumes when an enabled interrupt becomes pending,
     * whatever the global enable bits say, and may resume for any reason.
     * In M-mode with an interrupt already pending that cannot be taken
     * (mstatus.MIE = 0), resuming at once makes firmware wait loops spin:
     * OpenSBI 1.1 (Debian's) leaves the cold-boot IPI pending on waiting
     * harts, and a hart spinning in its HSM wait can see START_PENDING
     * before hart_start has stored the start address, and jump to the old
     * one (the kernel's cold entry: a second boot that wipes the first).
     * So such a WFI waits for a new interrupt (any line raised again), a
     * kick, or WFI_STALE_WAIT. */
    bool stale = h->priv == PRV_M && (__atomic_load_n(&h->mip, __ATOMIC_SEQ_CST) & h->mie) &&
                 trap_pending_interrupt(h) < 0;
    uint32_t events = __atomic_load_n(&h->irq_events, __ATOMIC_SEQ_CST);
    uint64_t stale_until = clock_mtime() + WFI_STALE_WAIT;
    for (;;) {
        hart_update_timers(h);
        uint64_t now = clock_mtime();
        if (h->kicked)
            break;
        if ((__atomic_load_n(&h->mip, __ATOMIC_SEQ_CST) & h->mie) &&
            (!stale || __atomic_load_n(&h->irq_events, __ATOMIC_SEQ_CST) != events ||
             now >= stale_until))
            break;
        uint64_t deadline = next_timer_deadline(h, now);
        if (stale && stale_until < deadline)
            deadline = stale_until;
        uint64_t ns = clock_mtime_to_ns(deadline);
        struct timespec ts = {.tv_sec = ns / 1000000000ull, .tv_nsec = ns % 1000000000ull};
        pthread_cond_timedwait(&h->cond, &h->lock, &ts);
    }
    h->kicked = false;
    h->wfi = false;
    pthread_mutex_unlock(&h->lock);
}
