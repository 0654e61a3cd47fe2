/* SPDX-License-Identifier: MIT */
/* Architectural state of one RISC-V hart (RV64GC, M/S/U) and the entry points
 * that the machine, the engines and the devices use. Only cpu/ and the JIT
 * look inside struct hart; devices use hart_set_irq() and hart_kick(). */
#ifndef CPU_HART_H
#define CPU_HART_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "mem/tlb.h"
#include "riscv.h"

struct bus;
struct dcache;
struct insn;
struct machine;

/* Result of executing one instruction or taking a step. */
enum {
    EXEC_OK = 0,   /* retired; pc = npc */
    EXEC_TRAP = 1, /* synchronous exception in h->trap_cause/trap_tval */
};

#define HART_TLB_DROPPED 8 /* single-page flushes noted for the JIT (tlb_dropped) */

struct hart {
    /* Hot state first: short offsets for generated code. */
    uint64_t x[32];
    uint64_t pc;
    uint64_t npc;          /* next pc; exec functions of jumps write it */
    int64_t jit_budget;    /* JIT: instructions left before blocks stop chaining */
    uint64_t f[32];        /* FP registers, NaN-boxed singles */
    unsigned priv;         /* PRV_U, PRV_S, PRV_M */
    unsigned mmu_idx_data; /* MMU index for loads/stores (MPRV, SUM applied) */
    unsigned mmu_idx_fetch;
    volatile int exit_request; /* leave the run loop at the next check */
    /* JIT: a loop's back edge leaves when the budget it has left is below
     * this: 0, or INT64_MAX while an exit is requested (hart_request_exit). */
    int64_t jit_loop_stop;
    struct tlb tlb;
    /* Virtual range [lo, hi] covering every superpage/NAPOT leaf walked since
     * the last full flush (empty: lo > hi); see exec_sfence_vma. */
    uint64_t tlb_super_lo, tlb_super_hi;
    uint32_t tlb_generation; /* bumped by every full TLB flush: the JIT's jump cache follows it */
    uint32_t tlb_space_generation; /* bumped by flushes that keep global entries (same) */
    unsigned tlb_ndropped;         /* pages flushed one by one since the JIT last looked */
    uint64_t tlb_dropped[HART_TLB_DROPPED];
    void *jit;                  /* JIT per-hart state (tcg/), NULL when unused */
    bool jit_fp_raised;         /* JIT: fpop ran since FP exception flags were last folded */
    uint32_t jit_mxcsr;         /* JIT (x86-64): scratch for loading MXCSR */
    uint64_t jit_canonical_nan; /* JIT: F64_CANONICAL_NAN, for code to load */

    /* Trap being raised by the current instruction */
    uint64_t trap_cause, trap_tval;

    /* Machine-level CSRs */
    uint64_t mstatus, misa, medeleg, mideleg, mie, mtvec, mscratch, mepc, mcause, mtval;
    uint64_t mcounteren, menvcfg, mcountinhibit, mseccfg;
    uint64_t mip; /* written with __atomic ops: devices set bits from other threads */
    /* mcycle counts retired instructions too, so it is kept as an offset
     * from minstret (hart_mcycle): retiring adds to minstret alone unless
     * mcountinhibit stops one of the two (Priv 3.1.12). */
    uint64_t minstret, mcycle_off;
    uint64_t mhpmcounter[29], mhpmevent[29]; /* 3..31: hold written values, count nothing */
    uint8_t pmpcfg[PMP_COUNT];
    uint64_t pmpaddr[PMP_COUNT];
    /* Decoded by pmp_update: entry n matches [pmp_lo[n], pmp_hi[n]) (both 0
     * when it matches nothing); entries from pmp_nactive on match nothing. */
    uint64_t pmp_lo[PMP_COUNT], pmp_hi[PMP_COUNT];
    unsigned pmp_nactive;
    /* Supervisor-level CSRs */
    uint64_t stvec, sscratch, sepc, scause, stval, scounteren, senvcfg, satp, stimecmp;
    /* FP CSRs */
    uint32_t fflags, frm;

    /* ACLINT mtimecmp of this hart (the device writes it, hart_poll compares) */
    uint64_t mtimecmp;

    /* LR/SC reservation: physical address and the value LR read */
    uint64_t res_addr, res_val;
    bool res_valid;

    /* Identity and wiring */
    unsigned hartid;
    struct bus *bus;
    struct dcache *dcache;   /* interpreter's decoded-instruction cache */
    struct machine *machine; /* owner (opaque to cpu/) */

    /* WFI sleep and cross-thread kicks */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool wfi;                /* stalled in WFI */
    bool kicked;             /* hart_kick since the last wait */
    uint32_t irq_events;     /* interrupt lines raised (even if already pending) */
    bool seip_line, seip_sw; /* mip.SEIP = PLIC line OR software bit (Priv 3.1.9); under lock */
};

/* Allocate a hart wired to bus. NULL with a message on failure. */
struct hart *hart_create(struct bus *bus, unsigned hartid);
void hart_free(struct hart *h);

/* Reset state (Priv 3.4): M-mode, pc, misa, mstatus defaults, TLB flushed. */
void hart_reset(struct hart *h, uint64_t pc);

/* Raise or lower one mip bit (MIP_MEIP, MIP_SEIP, MIP_MSIP, ...). Thread-safe;
 * wakes the hart if it sleeps in WFI. */
void hart_set_irq(struct hart *h, uint64_t mip_bit, bool level);

/* The software-writable part of mip.SEIP (an M-mode write of mip). */
void hart_set_seip_sw(struct hart *h, bool level);

/* Ask the hart to leave its run loop soon (thread-safe). */
void hart_kick(struct hart *h);

/* The run loop, and a JIT loop at its next back edge, stop (thread-safe,
 * but no wake-up: hart_kick). */
static inline void hart_request_exit(struct hart *h)
{
    h->exit_request = 1;
    __atomic_store_n(&h->jit_loop_stop, INT64_MAX, __ATOMIC_RELAXED);
}

/* The run loop saw the request. */
static inline void hart_exit_handled(struct hart *h)
{
    h->exit_request = 0;
    __atomic_store_n(&h->jit_loop_stop, 0, __ATOMIC_RELAXED);
}

/* Record a synchronous exception for the current instruction; returns
 * EXEC_TRAP so bodies can `return hart_exception(...)`. */
static inline int hart_exception(struct hart *h, uint64_t cause, uint64_t tval)
{
    h->trap_cause = cause;
    h->trap_tval = tval;
    return EXEC_TRAP;
}

/* Recompute MTIP (and STIP under Sstc) from the clock now. */
void hart_update_timers(struct hart *h);

/* Timer and interrupt housekeeping between instructions: update MTIP and
 * (with Sstc) STIP from the clock, then take a pending enabled interrupt if
 * any. Returns true if an interrupt was taken. */
bool hart_poll(struct hart *h);

/* Sleep until an interrupt is pending (mip & mie, regardless of global
 * enables), a timer deadline passes, or the hart is kicked. In M-mode, an
 * interrupt that was already pending and cannot be taken does not count:
 * the hart waits for a line to be raised again (or 10 ms). */
void hart_wait_for_interrupt(struct hart *h);

/* Recompute mmu_idx_* after a change of priv, MPRV, MPP or SUM. */
void hart_update_mmu_idx(struct hart *h);

/* Flush every cached translation: sfence.vma, satp.MODE, MXR, PMP changes. */
void hart_flush_tlb(struct hart *h);

static inline uint64_t hart_mcycle(const struct hart *h) { return h->minstret + h->mcycle_off; }

static inline void hart_set_mcycle(struct hart *h, uint64_t v) { h->mcycle_off = v - h->minstret; }

/* minstret = v, mcycle unchanged. */
static inline void hart_set_minstret(struct hart *h, uint64_t v)
{
    h->mcycle_off += h->minstret - v;
    h->minstret = v;
}

/* n more instructions retired (Priv 3.1.12: mcountinhibit.CY, bit 0, and
 * .IR, bit 2, freeze mcycle and minstret). */
static inline void hart_count_retired(struct hart *h, uint64_t n, uint64_t inhibit)
{
    if (!(inhibit & 4))
        h->minstret += n;
    if ((inhibit & 5) == 1) /* minstret counted, mcycle frozen */
        h->mcycle_off -= n;
    else if ((inhibit & 5) == 4) /* mcycle counts alone */
        h->mcycle_off += n;
}

/* Flush the translations of the current address space, keeping global ones
 * (Priv 4.3.1: the same in every address space); a later full flush still
 * finds superpages walked before (tlb_super_lo/hi stay). */
void hart_flush_tlb_space(struct hart *h);

/* Flush the translations of va's page only, noting it in tlb_dropped for the
 * JIT's jump cache (a note too many counts as a full flush). */
void hart_flush_tlb_page(struct hart *h, uint64_t va);

/* Whether va lies in a superpage or NAPOT range walked since the last full
 * flush (its 4 KiB pieces may sit anywhere in the TLB). */
static inline bool hart_in_superpage(const struct hart *h, uint64_t va)
{
    return va >= h->tlb_super_lo && va <= h->tlb_super_hi;
}

/* --- cpu/trap.c --- */
/* Enter the trap handler for cause (CAUSE_INTERRUPT set for interrupts),
 * with epc = h->pc (Priv 3.1.6.1, 3.1.8, 4.1.1). */
void trap_enter(struct hart *h, uint64_t cause, uint64_t tval);
/* The highest-priority interrupt that is pending, enabled and allowed in the
 * current mode (Priv 3.1.9), or -1. */
int trap_pending_interrupt(const struct hart *h);

/* --- cpu/csr.c --- */
/* Access a CSR with the privilege and read-only checks of Priv 2.1 and the
 * field rules of each register. Return EXEC_OK or EXEC_TRAP (illegal insn). */
int csr_read(struct hart *h, unsigned csr, uint64_t *val);
int csr_write(struct hart *h, unsigned csr, uint64_t val);
/* Priv 3.1.9: only the software-writable SEIP bit takes part in the
 * read-modify-write of csrrs/csrrc on mip; `read` is what csr_read returned
 * (SEIP = line OR software bit). */
uint64_t csr_mip_rmw_base(const struct hart *h, uint64_t read);
/* mstatus.FS: raise Dirty after an FP register or fcsr write. */
void csr_set_fs_dirty(struct hart *h);

/* --- cpu/interp.c --- */
/* Run the reference interpreter until h->exit_request is set or `budget`
 * instructions have retired. Returns the number retired. */
uint64_t interp_run(struct hart *h, uint64_t budget);

/* The interpreter's per-hart state goes (hart_free). */
void interp_free(struct hart *h);

/* Decode raw, the instruction at pc, reusing the interpreter's decoding of
 * it when it has one (a block is translated after running cold). */
void interp_decode(struct hart *h, uint64_t pc, uint32_t raw, struct insn *i);
/* The same, stopping also after a trap or an instruction that ends a JIT
 * block (a jump, a branch, a system instruction): one block's worth. */
uint64_t interp_run_block(struct hart *h, uint64_t budget);

#endif
