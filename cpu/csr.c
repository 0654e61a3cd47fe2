/* SPDX-License-Identifier: MIT */
/* Control and status registers: the access checks of Priv 2.1 and the field
 * (WARL) rules of each register of an RV64 M/S/U hart with Zicntr, Sstc,
 * Zicbom/Zicboz enables and PMP. The CSR instructions are in exec_system.c. */
#include "hart.h"
#include "mmu.h"
#include "tcg/jit.h"
#include "util/clock.h"

/* mstatus fields (Priv 3.1.6; sstatus's are in riscv.h) */
#define MSTATUS_W                                                                        \
    (SSTATUS_W | MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM | \
     MSTATUS_TW | MSTATUS_TSR)
#define MSTATUS_XL_64 ((2ull << 32) | (2ull << 34)) /* UXL = SXL = 64, read-only */

/* Interrupt bits: S-level ones may be delegated (Priv 3.1.9). No Sscofpmf,
 * so LCOFIP stays zero. */
#define MIP_S_BITS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MIE_W      (MIP_S_BITS | MIP_MSIP | MIP_MTIP | MIP_MEIP)

/* Priv 3.1.8: exceptions that exist and may be delegated; ecall from M
 * (bit 11) can never be delegated, so it is read-only zero. */
#define MEDELEG_W                                                                             \
    ((1ull << EXC_INSN_MISALIGNED) | (1ull << EXC_INSN_ACCESS) | (1ull << EXC_ILLEGAL_INSN) | \
     (1ull << EXC_BREAKPOINT) | (1ull << EXC_LOAD_MISALIGNED) | (1ull << EXC_LOAD_ACCESS) |   \
     (1ull << EXC_STORE_MISALIGNED) | (1ull << EXC_STORE_ACCESS) | (1ull << EXC_ECALL_U) |    \
     (1ull << EXC_ECALL_S) | (1ull << EXC_INSN_PAGE_FAULT) | (1ull << EXC_LOAD_PAGE_FAULT) |  \
     (1ull << EXC_STORE_PAGE_FAULT))

#define SENVCFG_W            (ENVCFG_FIOM | ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE)
#define MENVCFG_W            (SENVCFG_W | ENVCFG_PBMTE | ENVCFG_STCE)
#define ENVCFG_CBIE_RESERVED (2ull << 4)

#define COUNTEREN_TM    (1u << 1)
#define MCOUNTINHIBIT_W 0xfffffffdull /* bit 1 (time) is read-only zero */
#define FFLAGS_MASK     0x1f
#define FRM_MASK        0x7

static int csr_illegal(struct hart *h) { return hart_exception(h, EXC_ILLEGAL_INSN, 0); }

/* --- mstatus, sstatus --- */

/* The read-only parts: UXL/SXL = 64, SD summarises FS (VS and XS are 0). */
static uint64_t mstatus_fixed(uint64_t v)
{
    v = (v & ~(MSTATUS_UXL | MSTATUS_SXL | MSTATUS_SD)) | MSTATUS_XL_64;
    if ((v & MSTATUS_FS) == MSTATUS_FS)
        v |= MSTATUS_SD;
    return v;
}

/* Install the MSTATUS_W bits of val and tell the rest of the hart. */
static void mstatus_commit(struct hart *h, uint64_t val)
{
    uint64_t old = h->mstatus;
    uint64_t v = (old & ~MSTATUS_W) | (val & MSTATUS_W);
    /* Priv 3.1.6.1: MPP is WARL; 2 (H) is not a supported mode: keep the old value */
    if (((v & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == 2)
        v = (v & ~MSTATUS_MPP) | (old & MSTATUS_MPP);
    v = mstatus_fixed(v);
    h->mstatus = v;
    if ((old ^ v) & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM))
        hart_update_mmu_idx(h);
    if ((old ^ v) & MSTATUS_MXR) /* MXR is not part of the MMU index */
        hart_flush_tlb(h);
    /* An interrupt may now be taken: one pending and enabled now (one that
     * comes later kicks the hart). */
    if ((~old & v & (MSTATUS_MIE | MSTATUS_SIE)) &&
        (__atomic_load_n(&h->mip, __ATOMIC_SEQ_CST) & h->mie))
        hart_request_exit(h);
}

void csr_set_fs_dirty(struct hart *h) { h->mstatus |= MSTATUS_FS | MSTATUS_SD; }

/* --- interrupt registers --- */

/* Timer bits are refreshed on read, so a compare just passed shows at once. */
static uint64_t mip_load(struct hart *h)
{
    hart_update_timers(h);
    return __atomic_load_n(&h->mip, __ATOMIC_SEQ_CST);
}

/* Priv 3.1.9: M-mode may write SSIP, SEIP and (unless Sstc drives it) STIP. */
static uint64_t mip_writable(const struct hart *h)
{
    uint64_t w = MIP_SSIP | MIP_SEIP;
    if (!(h->menvcfg & ENVCFG_STCE))
        w |= MIP_STIP;
    return w;
}

uint64_t csr_mip_rmw_base(const struct hart *h, uint64_t read)
{
    return (read & ~MIP_SEIP) | (h->seip_sw ? MIP_SEIP : 0);
}

/* Write only the `mask` bits of mip, atomically: devices set other bits from
 * their own threads. SEIP goes through the hart, which ORs it with the line. */
static void mip_write(struct hart *h, uint64_t mask, uint64_t val)
{
    if (mask & MIP_SEIP) {
        hart_set_seip_sw(h, val & MIP_SEIP);
        mask &= ~MIP_SEIP;
    }
    uint64_t old = __atomic_fetch_or(&h->mip, val & mask, __ATOMIC_SEQ_CST);
    __atomic_fetch_and(&h->mip, ~(mask & ~val), __ATOMIC_SEQ_CST);
    if (val & mask & ~old)
        hart_request_exit(h);
}

static void mie_write(struct hart *h, uint64_t mask, uint64_t val)
{
    uint64_t old = h->mie;
    h->mie = (old & ~mask) | (val & mask);
    if (h->mie & ~old)
        hart_request_exit(h);
}

static void mideleg_write(struct hart *h, uint64_t val)
{
    uint64_t v = val & MIP_S_BITS;
    if (v != h->mideleg) /* interrupts may change destination and enable */
        hart_request_exit(h);
    h->mideleg = v;
}

/* --- other WARL registers --- */

/* Priv 3.1.7: MODE 0 direct, 1 vectored; reserved modes keep the old mode. */
static uint64_t tvec_legalize(uint64_t old, uint64_t val)
{
    if ((val & 3) >= 2)
        val = (val & ~3ull) | (old & 3);
    return val;
}

/* Priv 4.1.11: a write with an unsupported MODE has no effect at all. The
 * TLB has no ASID tags, so a new address space drops the old one's
 * translations, except global ones (the same in every address space,
 * Priv 4.3.1) while MODE stays. */
static void satp_write(struct hart *h, uint64_t val)
{
    unsigned mode = val >> SATP_MODE_SHIFT;
    if (mode != SATP_BARE && mode != SATP_SV39 && mode != SATP_SV48 && mode != SATP_SV57)
        return;
    unsigned old_mode = h->satp >> SATP_MODE_SHIFT;
    h->satp = val; /* ASIDLEN = 16, PPN 44 bits: every bit is a field */
    if (mode == old_mode)
        hart_flush_tlb_space(h);
    else
        hart_flush_tlb(h);
}

/* Zicbom: CBIE = 10 is reserved; keep the old value. */
static uint64_t envcfg_legalize(uint64_t old, uint64_t val, uint64_t mask)
{
    uint64_t v = (old & ~mask) | (val & mask);
    if ((v & ENVCFG_CBIE) == ENVCFG_CBIE_RESERVED)
        v = (v & ~ENVCFG_CBIE) | (old & ENVCFG_CBIE);
    return v;
}

static void menvcfg_write(struct hart *h, uint64_t val)
{
    uint64_t old = h->menvcfg;
    h->menvcfg = envcfg_legalize(old, val, MENVCFG_W);
    if ((old ^ h->menvcfg) & ENVCFG_STCE) /* STIP changes owner: recheck */
        hart_request_exit(h);
    if ((old ^ h->menvcfg) & ENVCFG_PBMTE)
        hart_flush_tlb(h);
}

/* --- counters (Zicntr, Priv 3.1.10-3.1.12) --- */

/* Priv 3.1.11, 4.1.5: mcounteren gates S and U, scounteren also gates U. */
static bool counter_enabled(const struct hart *h, unsigned bit)
{
    if (h->priv < PRV_M && !(h->mcounteren & (1u << bit)))
        return false;
    return h->priv >= PRV_S || (h->scounteren & (1u << bit));
}

/* cycle, time, instret, hpmcounter3..31 (0xc00..0xc1f) */
static int counter_read(struct hart *h, unsigned csr, uint64_t *val)
{
    unsigned n = csr - CSR_CYCLE;
    if (!counter_enabled(h, n))
        return csr_illegal(h);
    if (n == 0)
        *val = hart_mcycle(h);
    else if (n == 1)
        *val = clock_mtime();
    else if (n == 2)
        *val = h->minstret;
    else
        *val = h->mhpmcounter[n - 3];
    return EXEC_OK;
}

/* Sstc: below M, stimecmp needs menvcfg.STCE and mcounteren.TM. */
static bool stimecmp_allowed(const struct hart *h)
{
    if (h->priv == PRV_M)
        return true;
    return (h->menvcfg & ENVCFG_STCE) && (h->mcounteren & COUNTEREN_TM);
}

/* --- registers that hold what is written --- */

static uint64_t *csr_plain(struct hart *h, unsigned csr)
{
    switch (csr) {
    case CSR_MSCRATCH: return &h->mscratch;
    case CSR_MCAUSE: return &h->mcause;
    case CSR_MTVAL: return &h->mtval;
    case CSR_SSCRATCH: return &h->sscratch;
    case CSR_SCAUSE: return &h->scause;
    case CSR_STVAL: return &h->stval;
    }
    if (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31)
        return &h->mhpmcounter[csr - CSR_MHPMCOUNTER3];
    if (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31)
        return &h->mhpmevent[csr - CSR_MHPMEVENT3];
    return NULL;
}

/* --- PMP (Priv 3.7.1): on RV64 only the even pmpcfgN exist. pmp.c applies
 * the WARL and lock rules, makes entries past PMP_COUNT read-only zero and
 * flushes the TLB when a setting changes. --- */

static bool pmp_csr(unsigned csr) { return csr >= CSR_PMPCFG0 && csr <= CSR_PMPADDR63; }

static int pmp_csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
    if (csr >= CSR_PMPADDR0) {
        *val = pmp_read_addr(h, csr - CSR_PMPADDR0);
        return EXEC_OK;
    }
    if ((csr - CSR_PMPCFG0) & 1)
        return csr_illegal(h);
    *val = pmp_read_cfg(h, csr - CSR_PMPCFG0);
    return EXEC_OK;
}

static int pmp_csr_write(struct hart *h, unsigned csr, uint64_t val)
{
    if (csr >= CSR_PMPADDR0) {
        pmp_write_addr(h, csr - CSR_PMPADDR0, val);
        return EXEC_OK;
    }
    if ((csr - CSR_PMPCFG0) & 1)
        return csr_illegal(h);
    pmp_write_cfg(h, csr - CSR_PMPCFG0, val);
    return EXEC_OK;
}

/* --- FP CSRs (Unpriv 13.2): absent while mstatus.FS is Off --- */

static int fp_read(struct hart *h, unsigned csr, uint64_t *val)
{
    if (!(h->mstatus & MSTATUS_FS))
        return csr_illegal(h);
    jit_fp_flags_sync(h);
    uint64_t fflags = h->fflags & FFLAGS_MASK, frm = h->frm & FRM_MASK;
    *val = csr == CSR_FFLAGS ? fflags : csr == CSR_FRM ? frm : (frm << 5) | fflags;
    return EXEC_OK;
}

static int fp_write(struct hart *h, unsigned csr, uint64_t val)
{
    if (!(h->mstatus & MSTATUS_FS))
        return csr_illegal(h);
    jit_fp_flags_sync(h); /* flags raised before this write are overwritten, not kept */
    if (csr == CSR_FFLAGS || csr == CSR_FCSR)
        h->fflags = val & FFLAGS_MASK;
    if (csr == CSR_FRM)
        h->frm = val & FRM_MASK;
    if (csr == CSR_FCSR)
        h->frm = (val >> 5) & FRM_MASK;
    csr_set_fs_dirty(h);
    return EXEC_OK;
}

/* --- dispatch --- */

/* Priv 2.1: csr[9:8] is the lowest privilege that may access it. */
static bool csr_priv_ok(const struct hart *h, unsigned csr) { return h->priv >= ((csr >> 8) & 3); }

/* CSRs whose reads need no checks beyond privilege. */
static bool csr_read_simple(struct hart *h, unsigned csr, uint64_t *val)
{
    switch (csr) {
    case CSR_MSTATUS: *val = mstatus_fixed(h->mstatus); return true;
    case CSR_SSTATUS: *val = mstatus_fixed(h->mstatus) & SSTATUS_R; return true;
    case CSR_MISA: *val = h->misa; return true;
    case CSR_MEDELEG: *val = h->medeleg; return true;
    case CSR_MIDELEG: *val = h->mideleg; return true;
    case CSR_MIE: *val = h->mie; return true;
    case CSR_SIE: *val = h->mie & h->mideleg; return true;
    case CSR_MIP: *val = mip_load(h); return true;
    case CSR_SIP: *val = mip_load(h) & h->mideleg; return true;
    case CSR_MTVEC: *val = h->mtvec; return true;
    case CSR_STVEC: *val = h->stvec; return true;
    case CSR_MEPC: *val = h->mepc; return true;
    case CSR_MCYCLE: *val = hart_mcycle(h); return true;
    case CSR_MINSTRET: *val = h->minstret; return true;
    case CSR_SEPC: *val = h->sepc; return true;
    case CSR_MCOUNTEREN: *val = h->mcounteren; return true;
    case CSR_SCOUNTEREN: *val = h->scounteren; return true;
    case CSR_MCOUNTINHIBIT: *val = h->mcountinhibit; return true;
    case CSR_MENVCFG: *val = h->menvcfg; return true;
    case CSR_SENVCFG: *val = h->senvcfg; return true;
    case CSR_MHARTID: *val = h->hartid; return true;
    case CSR_MVENDORID:
    case CSR_MARCHID:
    case CSR_MIMPID:
    case CSR_MCONFIGPTR:
    case CSR_MSECCFG:
    case CSR_TSELECT:
    case CSR_TDATA1:
    case CSR_TDATA2:
    case CSR_TDATA3: *val = 0; return true;
    }
    uint64_t *p = csr_plain(h, csr);
    if (p)
        *val = *p;
    return p != NULL;
}

int csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
    if (!csr_priv_ok(h, csr))
        return csr_illegal(h);
    if (csr_read_simple(h, csr, val))
        return EXEC_OK;
    if (csr >= CSR_CYCLE && csr <= CSR_HPMCOUNTER31)
        return counter_read(h, csr, val);
    if (csr >= CSR_FFLAGS && csr <= CSR_FCSR)
        return fp_read(h, csr, val);
    if (pmp_csr(csr))
        return pmp_csr_read(h, csr, val);
    if (csr == CSR_SATP && !(h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))) {
        *val = h->satp; /* Priv 3.1.6.5: TVM traps S-mode satp accesses */
        return EXEC_OK;
    }
    if (csr == CSR_STIMECMP && stimecmp_allowed(h)) {
        *val = h->stimecmp;
        return EXEC_OK;
    }
    return csr_illegal(h);
}

/* Writes that cannot fail once privilege and read-only checks passed.
 * Returns false if csr is not one of them. */
static bool csr_write_simple(struct hart *h, unsigned csr, uint64_t val)
{
    switch (csr) {
    case CSR_MSTATUS: mstatus_commit(h, val); return true;
    case CSR_SSTATUS: mstatus_commit(h, (h->mstatus & ~SSTATUS_W) | (val & SSTATUS_W)); return true;
    case CSR_MEDELEG: h->medeleg = val & MEDELEG_W; return true;
    case CSR_MIDELEG: mideleg_write(h, val); return true;
    case CSR_MIE: mie_write(h, MIE_W, val); return true;
    case CSR_SIE: mie_write(h, h->mideleg & MIP_S_BITS, val); return true;
    case CSR_MIP: mip_write(h, mip_writable(h), val); return true;
    case CSR_SIP: mip_write(h, h->mideleg & MIP_SSIP, val); return true; /* Priv 4.1.3 */
    case CSR_MTVEC: h->mtvec = tvec_legalize(h->mtvec, val); return true;
    case CSR_STVEC: h->stvec = tvec_legalize(h->stvec, val); return true;
    case CSR_MEPC: h->mepc = val & ~1ull; return true; /* IALIGN = 16 with C */
    case CSR_SEPC: h->sepc = val & ~1ull; return true;
    case CSR_MCOUNTEREN: h->mcounteren = (uint32_t)val; return true;
    case CSR_MCYCLE: hart_set_mcycle(h, val); return true;
    case CSR_MINSTRET: hart_set_minstret(h, val); return true;
    case CSR_SCOUNTEREN: h->scounteren = (uint32_t)val; return true;
    case CSR_MCOUNTINHIBIT: h->mcountinhibit = val & MCOUNTINHIBIT_W; return true;
    case CSR_MENVCFG: menvcfg_write(h, val); return true;
    case CSR_SENVCFG: h->senvcfg = envcfg_legalize(h->senvcfg, val, SENVCFG_W); return true;
    /* misa is read-only here (writes ignored); no Smepmp, no triggers */
    case CSR_MISA:
    case CSR_MSECCFG:
    case CSR_TSELECT:
    case CSR_TDATA1:
    case CSR_TDATA2:
    case CSR_TDATA3: return true;
    }
    uint64_t *p = csr_plain(h, csr);
    if (p)
        *p = val;
    return p != NULL;
}

int csr_write(struct hart *h, unsigned csr, uint64_t val)
{
    if (!csr_priv_ok(h, csr) || (csr >> 10) == 3) /* Priv 2.1: csr[11:10] = 3 is read-only */
        return csr_illegal(h);
    if (csr_write_simple(h, csr, val))
        return EXEC_OK;
    if (csr >= CSR_FFLAGS && csr <= CSR_FCSR)
        return fp_write(h, csr, val);
    if (pmp_csr(csr))
        return pmp_csr_write(h, csr, val);
    if (csr == CSR_SATP && !(h->priv == PRV_S && (h->mstatus & MSTATUS_TVM))) {
        satp_write(h, val);
        return EXEC_OK;
    }
    if (csr == CSR_STIMECMP && stimecmp_allowed(h)) {
        h->stimecmp = val;
        hart_request_exit(h); /* hart_poll recomputes STIP */
        return EXEC_OK;
    }
    return csr_illegal(h);
}
