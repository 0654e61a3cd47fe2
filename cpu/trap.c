/* SPDX-License-Identifier: MIT */
/* Trap entry (Priv 3.1.6.1, 3.1.7, 3.1.8, 4.1.1) and the choice of the
 * interrupt to take (Priv 3.1.9). Returning from traps is in exec_system.c. */
#include "hart.h"
#include "util/log.h"

static const char *const trap_exc_names[16] = {
    "insn_misaligned", "insn_access_fault", "illegal_insn",     "breakpoint",
    "load_misaligned", "load_access_fault", "store_misaligned", "store_access_fault",
    "ecall_u",         "ecall_s",           "reserved_10",      "ecall_m",
    "insn_page_fault", "load_page_fault",   "reserved_14",      "store_page_fault",
};

static const char *const trap_irq_names[14] = {
    "irq_0",   "s_soft", "irq_2", "m_soft", "irq_4", "s_timer", "irq_6",
    "m_timer", "irq_8",  "s_ext", "irq_10", "m_ext", "irq_12",  "lcof",
};

static const char *trap_name(uint64_t cause)
{
    uint64_t code = cause & ~CAUSE_INTERRUPT;
    if (cause & CAUSE_INTERRUPT)
        return code < 14 ? trap_irq_names[code] : "irq_unknown";
    return code < 16 ? trap_exc_names[code] : "exc_unknown";
}

/* Priv 3.1.8: a trap goes to S-mode when its delegation bit is set and it
 * arises in S or U; traps never go to a less privileged mode. */
static bool trap_to_s(const struct hart *h, uint64_t cause)
{
    uint64_t code = cause & ~CAUSE_INTERRUPT;
    uint64_t deleg = (cause & CAUSE_INTERRUPT) ? h->mideleg : h->medeleg;
    return h->priv <= PRV_S && code < 64 && ((deleg >> code) & 1);
}

/* Priv 3.1.7: vectored mode sends interrupts to BASE + 4 * cause. */
static uint64_t trap_vector(uint64_t tvec, uint64_t cause)
{
    uint64_t base = tvec & ~3ull;
    if ((tvec & 3) == 1 && (cause & CAUSE_INTERRUPT))
        base += 4 * (cause & ~CAUSE_INTERRUPT);
    return base;
}

static void trap_enter_s(struct hart *h, uint64_t cause, uint64_t tval)
{
    uint64_t s = h->mstatus & ~(MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP);
    if (h->mstatus & MSTATUS_SIE)
        s |= MSTATUS_SPIE;
    if (h->priv == PRV_S)
        s |= MSTATUS_SPP;
    h->mstatus = s;
    h->sepc = h->pc;
    h->scause = cause;
    h->stval = tval;
    h->priv = PRV_S;
    h->pc = trap_vector(h->stvec, cause);
}

static void trap_enter_m(struct hart *h, uint64_t cause, uint64_t tval)
{
    uint64_t s = h->mstatus & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP);
    if (h->mstatus & MSTATUS_MIE)
        s |= MSTATUS_MPIE;
    s |= (uint64_t)h->priv << MSTATUS_MPP_SHIFT;
    h->mstatus = s;
    h->mepc = h->pc;
    h->mcause = cause;
    h->mtval = tval;
    h->priv = PRV_M;
    h->pc = trap_vector(h->mtvec, cause);
}

void trap_enter(struct hart *h, uint64_t cause, uint64_t tval)
{
    uint64_t epc = h->pc;
    unsigned from = h->priv;
    if (trap_to_s(h, cause))
        trap_enter_s(h, cause, tval);
    else
        trap_enter_m(h, cause, tval);
    hart_update_mmu_idx(h);
    if (log_enabled(LOG_INT))
        log_printf("hart %u: %s %s (cause %#llx) epc %#llx tval %#llx priv %c -> %c\n", h->hartid,
                   (cause & CAUSE_INTERRUPT) ? "interrupt" : "exception", trap_name(cause),
                   (unsigned long long)cause, (unsigned long long)epc, (unsigned long long)tval,
                   "US?M"[from], "US?M"[h->priv]);
}

/* Priv 3.1.9: decreasing priority within one destination mode. */
static const unsigned trap_irq_order[] = {
    IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER, IRQ_LCOF,
};

static int trap_pick(uint64_t bits)
{
    for (unsigned k = 0; k < ARRAY_SIZE(trap_irq_order); k++)
        if (bits & (1ull << trap_irq_order[k]))
            return (int)trap_irq_order[k];
    return -1;
}

int trap_pending_interrupt(const struct hart *h)
{
    uint64_t pending = __atomic_load_n(&h->mip, __ATOMIC_SEQ_CST) & h->mie;
    if (!pending)
        return -1;
    bool m_on = h->priv < PRV_M || (h->mstatus & MSTATUS_MIE);
    bool s_on = h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE));
    /* Interrupts destined for M come before those destined for S. */
    int irq = m_on ? trap_pick(pending & ~h->mideleg) : -1;
    if (irq < 0 && s_on)
        irq = trap_pick(pending & h->mideleg);
    return irq;
}
