/* SPDX-License-Identifier: MIT */
/* System instructions: Zicsr, ecall/ebreak, trap returns, wfi, fences,
 * sfence.vma (Priv 3.3, 4.2.1) and the cache-block operations of Zicbom and
 * Zicboz (CMO spec 1.0). CSR field rules are in csr.c, trap entry in trap.c. */
#include "exec.h"
#include "mmu.h"

#define CBO_BLOCK_SIZE 64 /* riscv,cbo*-block-size in the device tree */

/* --- Zicsr --- */

enum csr_op { CSR_OP_WRITE, CSR_OP_SET, CSR_OP_CLEAR };

/* The interpreter counts an instruction after it returns EXEC_OK, but a
 * counter written by a CSR instruction must read back the written value in
 * the next instruction (Priv 3.1.10: the write takes effect after the writing
 * instruction completes). Pre-compensate for that count. */
static void csr_counter_written(struct hart *h, unsigned csr)
{
    if (csr == CSR_MINSTRET && !(h->mcountinhibit & 4))
        hart_set_minstret(h, h->minstret - 1);
    else if (csr == CSR_MCYCLE && !(h->mcountinhibit & 1))
        hart_set_mcycle(h, hart_mcycle(h) - 1);
}

/* Zicsr 9.1: csrrw with rd = x0 does not read the CSR; csrrs/csrrc with
 * rs1 = x0 and csrrsi/csrrci with zimm = 0 do not write it. A trap leaves rd
 * unchanged. */
static int csr_insn(struct hart *h, const struct insn *i, enum csr_op op, uint64_t src, bool write)
{
    unsigned csr = (unsigned)i->imm & 0xfff;
    uint64_t old = 0;
    if ((op != CSR_OP_WRITE || i->rd != 0) && csr_read(h, csr, &old) != EXEC_OK)
        return illegal_insn(h, i);
    if (write) {
        uint64_t base = csr == CSR_MIP ? csr_mip_rmw_base(h, old) : old;
        uint64_t v = op == CSR_OP_WRITE ? src : op == CSR_OP_SET ? base | src : base & ~src;
        if (csr_write(h, csr, v) != EXEC_OK)
            return illegal_insn(h, i);
        csr_counter_written(h, csr);
    }
    WRITE_RD(old);
    return EXEC_OK;
}

int exec_csrrw(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_WRITE, RS1, true);
}

int exec_csrrs(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_SET, RS1, i->rs1 != 0);
}

int exec_csrrc(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_CLEAR, RS1, i->rs1 != 0);
}

/* The immediate forms carry zimm in the rs1 field. */
int exec_csrrwi(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_WRITE, i->rs1, true);
}

int exec_csrrsi(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_SET, i->rs1, i->rs1 != 0);
}

int exec_csrrci(struct hart *h, const struct insn *i)
{
    return csr_insn(h, i, CSR_OP_CLEAR, i->rs1, i->rs1 != 0);
}

/* --- environment calls and breakpoints (Priv 3.3.1) --- */

int exec_ecall(struct hart *h, const struct insn *i)
{
    (void)i;
    return hart_exception(h, EXC_ECALL_U + h->priv, 0); /* 8, 9 or 11 */
}

int exec_ebreak(struct hart *h, const struct insn *i)
{
    (void)i;
    return hart_exception(h, EXC_BREAKPOINT, PC); /* Priv 3.1.16: tval = pc */
}

/* --- trap returns (Priv 3.3.2) --- */

static int trap_return(struct hart *h, uint64_t mstatus, unsigned priv, uint64_t epc)
{
    if (priv != PRV_M) /* Priv 1.12: xRET to a mode below M clears MPRV */
        mstatus &= ~MSTATUS_MPRV;
    h->mstatus = mstatus;
    h->priv = priv;
    SET_PC(epc);
    hart_update_mmu_idx(h);
    hart_request_exit(h); /* interrupts may be enabled now */
    return EXEC_OK;
}

int exec_mret(struct hart *h, const struct insn *i)
{
    if (h->priv < PRV_M)
        return illegal_insn(h, i);
    uint64_t s = h->mstatus;
    unsigned mpp = (s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
    s &= ~(MSTATUS_MIE | MSTATUS_MPP); /* MPP := U, the least-privileged mode */
    if (s & MSTATUS_MPIE)
        s |= MSTATUS_MIE;
    s |= MSTATUS_MPIE;
    return trap_return(h, s, mpp, h->mepc);
}

int exec_sret(struct hart *h, const struct insn *i)
{
    if (h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_TSR)))
        return illegal_insn(h, i); /* Priv 3.1.6.5: TSR */
    uint64_t s = h->mstatus;
    unsigned spp = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
    s &= ~(MSTATUS_SIE | MSTATUS_SPP);
    if (s & MSTATUS_SPIE)
        s |= MSTATUS_SIE;
    s |= MSTATUS_SPIE;
    return trap_return(h, s, spp, h->sepc);
}

/* --- wfi, fences --- */

/* Priv 3.1.6.5: WFI is illegal in U-mode and, with TW = 1, in S-mode (our
 * time limit is zero). Otherwise retire and let the run loop sleep. */
int exec_wfi(struct hart *h, const struct insn *i)
{
    if (h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_TW)))
        return illegal_insn(h, i);
    h->wfi = true;
    hart_request_exit(h);
    return EXEC_OK;
}

/* Priv 4.2.1: every rs1/rs2 form may flush everything; TVM traps it in S. */
int exec_sfence_vma(struct hart *h, const struct insn *i)
{
    if (h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)))
        return illegal_insn(h, i);
    /* Priv 4.2.1: rs1 != x0 orders only the leaf entries of that address. The
     * TLB has no ASID tags, so an ASID (rs2) narrows a flush only by keeping
     * global mappings (rs1 == x0, rs2 != x0: "accesses to global mappings
     * are not ordered"). A superpage sits in the TLB as 4 KiB pieces, so an
     * address inside the range of the superpages walked since the last full
     * flush needs a full flush to be sure to drop all of them. */
    if (i->rs1 && !hart_in_superpage(h, RS1))
        hart_flush_tlb_page(h, RS1);
    else if (!i->rs1 && i->rs2)
        hart_flush_tlb_space(h);
    else
        hart_flush_tlb(h);
    return EXEC_OK;
}

/* Harts are host threads: a full host barrier covers every pred/succ set
 * (and fence.tso) of a guest fence. */
int exec_fence(struct hart *h, const struct insn *i)
{
    (void)h, (void)i;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return EXEC_OK;
}

/* The interpreter's decode cache is checked against the fetched bits, so
 * there is nothing to invalidate; the JIT ends its block at fence.i. */
int exec_fence_i(struct hart *h, const struct insn *i)
{
    (void)h, (void)i;
    return EXEC_OK;
}

/* --- cache-block operations (CMO spec 1.0) --- */

/* Below M, the enable field (CBIE, CBCFE or CBZE) must be non-zero in
 * menvcfg and, for U-mode, in senvcfg too; otherwise illegal instruction. */
static bool cbo_enabled(const struct hart *h, uint64_t field)
{
    if (h->priv == PRV_M)
        return true;
    if (!(h->menvcfg & field))
        return false;
    return h->priv == PRV_S || (h->senvcfg & field);
}

static uint64_t cbo_block(const struct hart *h, const struct insn *i)
{
    return RS1 & ~(uint64_t)(CBO_BLOCK_SIZE - 1);
}

/* A management operation is allowed wherever a load or a store would be;
 * since write permission implies read permission (pages and PMP), the load
 * check decides. A refusal is reported as a store fault. There is no cache,
 * so clean, flush and invalidate have no effect beyond the checks (CBIE = 01
 * turning inval into flush makes no difference either). */
static int cbo_manage(struct hart *h, const struct insn *i, uint64_t field)
{
    uint64_t pa;
    if (!cbo_enabled(h, field))
        return illegal_insn(h, i);
    if (mmu_translate(h, cbo_block(h, i), ACCESS_READ, CBO_BLOCK_SIZE, &pa) == EXEC_OK)
        return EXEC_OK;
    h->trap_tval = RS1; /* CMO spec: xtval is the effective address, rs1 */
    if (h->trap_cause == EXC_LOAD_PAGE_FAULT)
        h->trap_cause = EXC_STORE_PAGE_FAULT;
    else if (h->trap_cause == EXC_LOAD_ACCESS)
        h->trap_cause = EXC_STORE_ACCESS;
    return EXEC_TRAP;
}

int exec_cbo_clean(struct hart *h, const struct insn *i) { return cbo_manage(h, i, ENVCFG_CBCFE); }
int exec_cbo_flush(struct hart *h, const struct insn *i) { return cbo_manage(h, i, ENVCFG_CBCFE); }
int exec_cbo_inval(struct hart *h, const struct insn *i) { return cbo_manage(h, i, ENVCFG_CBIE); }

/* cbo.zero stores zeros to the whole block, checked once as one store. */
int exec_cbo_zero(struct hart *h, const struct insn *i)
{
    uint64_t base = cbo_block(h, i), pa;
    if (!cbo_enabled(h, ENVCFG_CBZE))
        return illegal_insn(h, i);
    if (mmu_translate(h, base, ACCESS_WRITE, CBO_BLOCK_SIZE, &pa) != EXEC_OK) {
        h->trap_tval = RS1; /* CMO spec: xtval is the effective address, rs1 */
        return EXEC_TRAP;
    }
    for (unsigned off = 0; off < CBO_BLOCK_SIZE; off += 8)
        if (mmu_store(h, base + off, 8, 0) != EXEC_OK)
            return EXEC_TRAP;
    return EXEC_OK;
}
