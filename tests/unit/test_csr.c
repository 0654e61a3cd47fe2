/* SPDX-License-Identifier: MIT */
/* Tests for cpu/csr.c, cpu/trap.c and cpu/exec_system.c: CSR access checks
 * and field masks, trap entry and return, interrupt selection, and the
 * system instructions, on a real hart with RAM at 0x80000000. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exec.h"
#include "cpu/hart.h"
#include "mem/bus.h"
#include "util/log.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x10000ull
#define HARTID   3

#define F3_CSRRW  1
#define F3_CSRRS  2
#define F3_CSRRC  3
#define F3_CSRRWI 5
#define F3_CSRRSI 6
#define F3_CSRRCI 7

#define RAW_ECALL      0x00000073u
#define RAW_EBREAK     0x00100073u
#define RAW_SRET       0x10200073u
#define RAW_MRET       0x30200073u
#define RAW_WFI        0x10500073u
#define RAW_SFENCE_VMA 0x12000073u

static struct bus *bus;
static struct hart *h;

static int setup(void **state)
{
    (void)state;
    bus = bus_create();
    if (!bus || bus_add_ram(bus, "ram", RAM_BASE, RAM_SIZE) < 0)
        return -1;
    h = hart_create(bus, HARTID);
    if (!h)
        return -1;
    hart_reset(h, RAM_BASE);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    hart_free(h);
    bus_free(bus);
    return 0;
}

static uint32_t enc_csr(unsigned funct3, unsigned rd, unsigned rs1, unsigned csr)
{
    return (csr << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x73;
}

static uint32_t enc_cbo(unsigned imm, unsigned rs1)
{
    return (imm << 20) | (rs1 << 15) | (2u << 12) | 0x0f;
}

/* Decode raw, check that it decodes to op, and execute it with fn. */
static int run(exec_fn *fn, unsigned op, uint32_t raw)
{
    struct insn i;
    insn_decode(&i, raw);
    assert_int_equal(i.op, op);
    h->npc = h->pc + i.len;
    h->trap_cause = h->trap_tval = ~0ull;
    return fn(h, &i);
}
#define RUN(name, raw) run(exec_##name, OP_##name, (raw))

static void set_priv(unsigned priv)
{
    h->priv = priv;
    hart_update_mmu_idx(h);
}

static uint64_t rd_ok(unsigned csr)
{
    uint64_t v = 0xdeadbeef;
    assert_int_equal(csr_read(h, csr, &v), EXEC_OK);
    return v;
}

static void wr_ok(unsigned csr, uint64_t v) { assert_int_equal(csr_write(h, csr, v), EXEC_OK); }

static void assert_illegal(int rc)
{
    assert_int_equal(rc, EXEC_TRAP);
    assert_int_equal(h->trap_cause, EXC_ILLEGAL_INSN);
}

static bool can_read(unsigned csr)
{
    uint64_t v;
    return csr_read(h, csr, &v) == EXEC_OK;
}

/* --- access checks (Priv 2.1) --- */

static void test_privilege_levels(void **state)
{
    (void)state;
    set_priv(PRV_U);
    assert_false(can_read(CSR_SSTATUS));
    assert_false(can_read(CSR_MSTATUS));
    assert_illegal(csr_write(h, CSR_SSCRATCH, 1));
    set_priv(PRV_S);
    assert_true(can_read(CSR_SSTATUS));
    assert_true(can_read(CSR_SSCRATCH));
    assert_false(can_read(CSR_MSTATUS));
    assert_false(can_read(CSR_MSCRATCH));
    assert_illegal(csr_write(h, CSR_MEPC, 4));
    set_priv(PRV_M);
    assert_true(can_read(CSR_SSTATUS));
    assert_true(can_read(CSR_MSTATUS));
}

static void test_unknown_csrs(void **state)
{
    (void)state;
    assert_false(can_read(0x3ff));
    assert_false(can_read(CSR_MTINST));     /* H extension only */
    assert_false(can_read(0x310));          /* mstatush: RV32 only */
    assert_false(can_read(0xb01));          /* no mtime CSR */
    assert_false(can_read(0x200));          /* vsstatus */
    assert_illegal(csr_write(h, 0x7b0, 0)); /* dcsr: debug mode only */
}

static void test_read_only_csrs(void **state)
{
    (void)state;
    assert_int_equal(rd_ok(CSR_MHARTID), HARTID);
    assert_illegal(csr_write(h, CSR_MHARTID, 0));
    assert_illegal(csr_write(h, CSR_MVENDORID, 0));
    assert_illegal(csr_write(h, CSR_CYCLE, 0));
    assert_int_equal(rd_ok(CSR_MVENDORID), 0);
    assert_int_equal(rd_ok(CSR_MARCHID), 0);
    assert_int_equal(rd_ok(CSR_MIMPID), 0);
    assert_int_equal(rd_ok(CSR_MCONFIGPTR), 0);
}

static void test_csr_insn_read_write(void **state)
{
    (void)state;
    h->x[5] = 0x1234;
    wr_ok(CSR_MSCRATCH, 0xf0);
    assert_int_equal(RUN(csrrw, enc_csr(F3_CSRRW, 6, 5, CSR_MSCRATCH)), EXEC_OK);
    assert_int_equal(h->x[6], 0xf0);
    assert_int_equal(rd_ok(CSR_MSCRATCH), 0x1234);
    h->x[7] = 0x0f;
    assert_int_equal(RUN(csrrs, enc_csr(F3_CSRRS, 8, 7, CSR_MSCRATCH)), EXEC_OK);
    assert_int_equal(h->x[8], 0x1234);
    assert_int_equal(rd_ok(CSR_MSCRATCH), 0x123f);
    h->x[7] = 0x30;
    assert_int_equal(RUN(csrrc, enc_csr(F3_CSRRC, 8, 7, CSR_MSCRATCH)), EXEC_OK);
    assert_int_equal(rd_ok(CSR_MSCRATCH), 0x120f);
    assert_int_equal(RUN(csrrwi, enc_csr(F3_CSRRWI, 9, 31, CSR_MSCRATCH)), EXEC_OK);
    assert_int_equal(h->x[9], 0x120f);
    assert_int_equal(rd_ok(CSR_MSCRATCH), 31);
    assert_int_equal(RUN(csrrci, enc_csr(F3_CSRRCI, 0, 0x11, CSR_MSCRATCH)), EXEC_OK);
    assert_int_equal(rd_ok(CSR_MSCRATCH), 0x0e);
    assert_int_equal(RUN(csrrsi, enc_csr(F3_CSRRSI, 9, 0x10, CSR_MSCRATCH)), EXEC_OK);
    assert_int_equal(h->x[9], 0x0e);
    assert_int_equal(rd_ok(CSR_MSCRATCH), 0x1e);
    assert_int_equal(h->x[0], 0);
}

static void test_csr_insn_same_rd_rs1(void **state)
{
    (void)state;
    wr_ok(CSR_SSCRATCH, 5);
    h->x[10] = 9;
    assert_int_equal(RUN(csrrw, enc_csr(F3_CSRRW, 10, 10, CSR_SSCRATCH)), EXEC_OK);
    assert_int_equal(h->x[10], 5);
    assert_int_equal(rd_ok(CSR_SSCRATCH), 9);
}

/* Zicsr: csrrs/csrrc rs1 = x0 and csrrsi/csrrci zimm = 0 only read, so they
 * may target read-only CSRs; any other form writes and traps there. */
static void test_x0_forms_do_not_write(void **state)
{
    (void)state;
    h->x[5] = 77;
    assert_int_equal(RUN(csrrs, enc_csr(F3_CSRRS, 5, 0, CSR_MHARTID)), EXEC_OK);
    assert_int_equal(h->x[5], HARTID);
    assert_int_equal(RUN(csrrc, enc_csr(F3_CSRRC, 5, 0, CSR_MVENDORID)), EXEC_OK);
    assert_int_equal(h->x[5], 0);
    assert_int_equal(RUN(csrrsi, enc_csr(F3_CSRRSI, 5, 0, CSR_MHARTID)), EXEC_OK);
    assert_int_equal(RUN(csrrci, enc_csr(F3_CSRRCI, 5, 0, CSR_MHARTID)), EXEC_OK);
    assert_int_equal(h->x[5], HARTID);
    h->x[6] = 0; /* rs1 != x0 writes even when its value is zero */
    h->x[5] = 77;
    uint32_t raw = enc_csr(F3_CSRRS, 5, 6, CSR_MHARTID);
    assert_illegal(RUN(csrrs, raw));
    assert_int_equal(h->trap_tval, raw);
    assert_int_equal(h->x[5], 77); /* a trap leaves rd unchanged */
    assert_illegal(RUN(csrrsi, enc_csr(F3_CSRRSI, 5, 1, CSR_CYCLE)));
    assert_illegal(RUN(csrrw, enc_csr(F3_CSRRW, 0, 6, CSR_MHARTID)));
    assert_int_equal(h->x[5], 77);
}

/* A read-only form of csrrs does not set FS dirty; a real write does. */
static void test_x0_form_no_side_effect(void **state)
{
    (void)state;
    wr_ok(CSR_MSTATUS, (uint64_t)FS_CLEAN << MSTATUS_FS_SHIFT);
    assert_int_equal(RUN(csrrs, enc_csr(F3_CSRRS, 5, 0, CSR_FFLAGS)), EXEC_OK);
    assert_int_equal((h->mstatus & MSTATUS_FS) >> MSTATUS_FS_SHIFT, FS_CLEAN);
    assert_int_equal(RUN(csrrw, enc_csr(F3_CSRRW, 0, 0, CSR_FFLAGS)), EXEC_OK);
    assert_int_equal((h->mstatus & MSTATUS_FS) >> MSTATUS_FS_SHIFT, FS_DIRTY);
}

/* --- mstatus, sstatus --- */

static void test_mstatus_mask(void **state)
{
    (void)state;
    wr_ok(CSR_MSTATUS, ~0ull);
    uint64_t w = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP |
                 MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM |
                 MSTATUS_TW | MSTATUS_TSR;
    uint64_t fixed = (2ull << 32) | (2ull << 34) | MSTATUS_SD;
    assert_int_equal(rd_ok(CSR_MSTATUS), w | fixed);
    wr_ok(CSR_MSTATUS, 0);
    assert_int_equal(rd_ok(CSR_MSTATUS), (2ull << 32) | (2ull << 34));
}

static void test_mstatus_mpp_warl(void **state)
{
    (void)state;
    wr_ok(CSR_MSTATUS, (uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
    wr_ok(CSR_MSTATUS, 2ull << MSTATUS_MPP_SHIFT);
    assert_int_equal((rd_ok(CSR_MSTATUS) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_S);
    wr_ok(CSR_MSTATUS, (uint64_t)PRV_U << MSTATUS_MPP_SHIFT);
    assert_int_equal(rd_ok(CSR_MSTATUS) & MSTATUS_MPP, 0);
}

static void test_sstatus_view(void **state)
{
    (void)state;
    wr_ok(CSR_MSTATUS, MSTATUS_MIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_SIE | MSTATUS_SUM);
    uint64_t s = rd_ok(CSR_SSTATUS);
    assert_int_equal(s, MSTATUS_SIE | MSTATUS_SUM | (2ull << 32));
    set_priv(PRV_S);
    wr_ok(CSR_SSTATUS, ~0ull);
    set_priv(PRV_M);
    uint64_t m = rd_ok(CSR_MSTATUS);
    uint64_t sw = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM | MSTATUS_MXR;
    assert_int_equal(m & sw, sw);
    assert_int_equal(m & (MSTATUS_MIE | MSTATUS_MPP | MSTATUS_TVM),
                     MSTATUS_MIE | MSTATUS_MPP | MSTATUS_TVM);
    assert_int_equal(m & (MSTATUS_MPIE | MSTATUS_MPRV | MSTATUS_TW | MSTATUS_TSR), 0);
    wr_ok(CSR_SSTATUS, 0);
    assert_int_equal(rd_ok(CSR_MSTATUS) & (sw | MSTATUS_MIE), MSTATUS_MIE);
}

static void test_sd_follows_fs(void **state)
{
    (void)state;
    for (uint64_t fs = 0; fs < 4; fs++) {
        wr_ok(CSR_MSTATUS, fs << MSTATUS_FS_SHIFT);
        bool sd = (rd_ok(CSR_MSTATUS) & MSTATUS_SD) != 0;
        assert_int_equal(sd, fs == FS_DIRTY);
        assert_int_equal((rd_ok(CSR_SSTATUS) & MSTATUS_SD) != 0, fs == FS_DIRTY);
    }
    wr_ok(CSR_MSTATUS, (uint64_t)FS_INITIAL << MSTATUS_FS_SHIFT);
    csr_set_fs_dirty(h);
    assert_int_equal(rd_ok(CSR_MSTATUS) & (MSTATUS_FS | MSTATUS_SD), MSTATUS_FS | MSTATUS_SD);
    assert_true(h->mstatus & MSTATUS_SD);
}

static void test_mstatus_side_effects(void **state)
{
    (void)state;
    /* MPRV with MPP = U: M-mode loads and stores use the U index */
    wr_ok(CSR_MSTATUS, MSTATUS_MPRV);
    assert_int_equal(h->mmu_idx_data, MMU_IDX_U);
    assert_int_equal(h->mmu_idx_fetch, MMU_IDX_M);
    wr_ok(CSR_MSTATUS, 0);
    assert_int_equal(h->mmu_idx_data, MMU_IDX_M);
    set_priv(PRV_S);
    wr_ok(CSR_SSTATUS, MSTATUS_SUM);
    assert_int_equal(h->mmu_idx_data, MMU_IDX_S_SUM);
    /* MXR flushes the TLB */
    tlb_entry(&h->tlb, MMU_IDX_S, 0x1000)->tag_r = 0x1000;
    wr_ok(CSR_SSTATUS, MSTATUS_SUM | MSTATUS_MXR);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_S, 0x1000)->tag_r, TLB_EMPTY);
    /* enabling interrupts with one pending asks for a recheck; with none
     * pending, or disabling, it does not need one */
    hart_exit_handled(h);
    wr_ok(CSR_SSTATUS, MSTATUS_SIE);
    assert_int_equal(h->exit_request, 0);
    wr_ok(CSR_SSTATUS, 0);
    h->mie = MIP_SSIP;
    __atomic_store_n(&h->mip, MIP_SSIP, __ATOMIC_SEQ_CST);
    wr_ok(CSR_SSTATUS, MSTATUS_SIE);
    assert_int_equal(h->exit_request, 1);
    assert_int_equal(h->jit_loop_stop, INT64_MAX);
    hart_exit_handled(h);
    wr_ok(CSR_SSTATUS, 0);
    assert_int_equal(h->exit_request, 0);
    h->mie = 0;
    __atomic_store_n(&h->mip, 0, __ATOMIC_SEQ_CST);
}

/* --- machine information and delegation --- */

static void test_misa_read_only(void **state)
{
    (void)state;
    uint64_t misa = rd_ok(CSR_MISA);
    assert_int_equal(misa >> 62, 2);
    for (const char *e = "IMAFDCSU"; *e; e++)
        assert_true(misa & MISA_EXT(*e));
    assert_false(misa & MISA_EXT('H'));
    assert_false(misa & MISA_EXT('V'));
    wr_ok(CSR_MISA, 0);
    assert_int_equal(rd_ok(CSR_MISA), misa);
}

static void test_medeleg_mideleg(void **state)
{
    (void)state;
    wr_ok(CSR_MEDELEG, ~0ull);
    uint64_t d = rd_ok(CSR_MEDELEG);
    assert_false(d & (1ull << EXC_ECALL_M));
    assert_true(d & (1ull << EXC_ECALL_U));
    assert_true(d & (1ull << EXC_ILLEGAL_INSN));
    assert_true(d & (1ull << EXC_STORE_PAGE_FAULT));
    assert_true(d & (1ull << EXC_BREAKPOINT));
    wr_ok(CSR_MIDELEG, ~0ull);
    assert_int_equal(rd_ok(CSR_MIDELEG), MIP_SSIP | MIP_STIP | MIP_SEIP);
}

/* --- interrupt registers --- */

static void test_mie_sie(void **state)
{
    (void)state;
    wr_ok(CSR_MIE, ~0ull);
    uint64_t all = MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP;
    assert_int_equal(rd_ok(CSR_MIE), all);
    assert_int_equal(rd_ok(CSR_SIE), 0); /* nothing delegated */
    wr_ok(CSR_MIDELEG, MIP_STIP | MIP_SEIP);
    assert_int_equal(rd_ok(CSR_SIE), MIP_STIP | MIP_SEIP);
    set_priv(PRV_S);
    wr_ok(CSR_SIE, 0);
    set_priv(PRV_M);
    assert_int_equal(rd_ok(CSR_MIE), MIP_SSIP | MIP_MSIP | MIP_MTIP | MIP_MEIP);
    h->exit_request = 0;
    wr_ok(CSR_SIE, MIP_SEIP);
    assert_int_equal(h->exit_request, 1);
}

static void test_mip_writable_bits(void **state)
{
    (void)state;
    h->mtimecmp = 0; /* MTIP follows mtime >= mtimecmp, refreshed on read */
    hart_set_irq(h, MIP_MEIP, true);
    wr_ok(CSR_MIP, 0);
    assert_int_equal(rd_ok(CSR_MIP), MIP_MTIP | MIP_MEIP); /* read-only bits stay */
    wr_ok(CSR_MIP, ~0ull);
    assert_int_equal(rd_ok(CSR_MIP), MIP_MTIP | MIP_MEIP | MIP_SSIP | MIP_STIP | MIP_SEIP);
    h->mtimecmp = ~0ull;
    hart_set_irq(h, MIP_MEIP, false);
    wr_ok(CSR_MIP, 0);
    assert_int_equal(rd_ok(CSR_MIP), 0);
    /* Sstc: with STCE set, STIP belongs to stimecmp */
    wr_ok(CSR_MENVCFG, ENVCFG_STCE);
    wr_ok(CSR_MIP, MIP_STIP | MIP_SSIP);
    assert_int_equal(rd_ok(CSR_MIP), MIP_SSIP);
}

/* Priv 3.1.9: mip.SEIP reads as the software-written bit OR the PLIC line;
 * neither source may clear the other's request. */
static void test_seip_is_line_or_software(void **state)
{
    (void)state;
    wr_ok(CSR_MIP, MIP_SEIP);         /* software request */
    hart_set_irq(h, MIP_SEIP, true);  /* line rises */
    hart_set_irq(h, MIP_SEIP, false); /* line falls: software bit remains */
    assert_int_equal(rd_ok(CSR_MIP) & MIP_SEIP, MIP_SEIP);
    hart_set_irq(h, MIP_SEIP, true);
    wr_ok(CSR_MIP, 0); /* software clears: line still high */
    assert_int_equal(rd_ok(CSR_MIP) & MIP_SEIP, MIP_SEIP);
    hart_set_irq(h, MIP_SEIP, false);
    assert_int_equal(rd_ok(CSR_MIP) & MIP_SEIP, 0);
}

/* Priv 3.1.9: csrs/csrc on mip read-modify-write only the software SEIP bit:
 * setting SSIP while the PLIC line is high must not latch SEIP in software
 * (OpenSBI injects IPIs this way; it caused an interrupt storm). */
static void test_mip_rmw_keeps_seip_line_out(void **state)
{
    (void)state;
    hart_set_irq(h, MIP_SEIP, true);
    h->x[5] = MIP_SSIP;
    assert_int_equal(RUN(csrrs, 0x34402073u | (5u << 15)), EXEC_OK); /* csrrs x0, mip, t0 */
    hart_set_irq(h, MIP_SEIP, false);
    assert_int_equal(rd_ok(CSR_MIP) & (MIP_SEIP | MIP_SSIP), MIP_SSIP);
}

static void test_sip(void **state)
{
    (void)state;
    set_priv(PRV_S);
    wr_ok(CSR_SIP, MIP_SSIP); /* not delegated: no effect */
    assert_int_equal(__atomic_load_n(&h->mip, __ATOMIC_SEQ_CST), 0);
    set_priv(PRV_M);
    wr_ok(CSR_MIDELEG, MIP_SSIP | MIP_STIP | MIP_SEIP);
    h->mtimecmp = 0;
    hart_set_irq(h, MIP_SEIP, true);
    set_priv(PRV_S);
    assert_int_equal(rd_ok(CSR_SIP), MIP_SEIP);
    wr_ok(CSR_SIP, ~0ull); /* only SSIP is writable from S */
    assert_int_equal(rd_ok(CSR_SIP), MIP_SEIP | MIP_SSIP);
    wr_ok(CSR_SIP, 0);
    assert_int_equal(rd_ok(CSR_SIP), MIP_SEIP);
    assert_int_equal(__atomic_load_n(&h->mip, __ATOMIC_SEQ_CST), MIP_MTIP | MIP_SEIP);
}

/* --- trap vectors, epc, satp --- */

static void test_tvec_modes(void **state)
{
    (void)state;
    wr_ok(CSR_MTVEC, RAM_BASE | 1);
    assert_int_equal(rd_ok(CSR_MTVEC), RAM_BASE | 1);
    wr_ok(CSR_MTVEC, (RAM_BASE + 0x100) | 2); /* reserved mode keeps the old mode */
    assert_int_equal(rd_ok(CSR_MTVEC), (RAM_BASE + 0x100) | 1);
    wr_ok(CSR_MTVEC, RAM_BASE);
    wr_ok(CSR_MTVEC, RAM_BASE | 3);
    assert_int_equal(rd_ok(CSR_MTVEC), RAM_BASE);
    wr_ok(CSR_STVEC, 0x2001);
    assert_int_equal(rd_ok(CSR_STVEC), 0x2001);
}

static void test_epc_alignment(void **state)
{
    (void)state;
    wr_ok(CSR_MEPC, 0x80000007);
    assert_int_equal(rd_ok(CSR_MEPC), 0x80000006);
    wr_ok(CSR_SEPC, ~0ull);
    assert_int_equal(rd_ok(CSR_SEPC), ~1ull);
}

static void test_satp_modes(void **state)
{
    (void)state;
    uint64_t sv39 = (8ull << 60) | (0xabcdull << 44) | 0x80123;
    wr_ok(CSR_SATP, sv39);
    assert_int_equal(rd_ok(CSR_SATP), sv39);
    wr_ok(CSR_SATP, (1ull << 60) | 5); /* unsupported mode: no effect at all */
    assert_int_equal(rd_ok(CSR_SATP), sv39);
    wr_ok(CSR_SATP, (11ull << 60) | 5);
    assert_int_equal(rd_ok(CSR_SATP), sv39);
    for (uint64_t mode = 9; mode <= 10; mode++) {
        wr_ok(CSR_SATP, (mode << 60) | 7);
        assert_int_equal(rd_ok(CSR_SATP), (mode << 60) | 7);
    }
    tlb_entry(&h->tlb, MMU_IDX_S, 0x5000)->tag_w = 0x5000;
    tlb_entry(&h->tlb, MMU_IDX_S, 0x5000)->global = 1;
    wr_ok(CSR_SATP, 0);
    assert_int_equal(rd_ok(CSR_SATP), 0);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_S, 0x5000)->tag_w, TLB_EMPTY);
}

/* A new address space under the same MODE keeps global translations only;
 * a new MODE drops everything. */
static void test_satp_keeps_global(void **state)
{
    (void)state;
    wr_ok(CSR_SATP, (8ull << 60) | (1ull << 44) | 0x80100);
    struct tlb_entry *g = tlb_entry(&h->tlb, MMU_IDX_S, 0x5000);
    struct tlb_entry *n = tlb_entry(&h->tlb, MMU_IDX_U, 0x6000);
    g->tag_x = 0x5000;
    g->global = 1;
    n->tag_r = 0x6000;
    n->global = 0;
    uint32_t gen = h->tlb_generation, space = h->tlb_space_generation;
    wr_ok(CSR_SATP, (8ull << 60) | (2ull << 44) | 0x80200);
    assert_int_equal(g->tag_x, 0x5000);
    assert_int_equal(n->tag_r, TLB_EMPTY);
    assert_int_equal(h->tlb_generation, gen);
    assert_int_equal(h->tlb_space_generation, space + 1);
    wr_ok(CSR_SATP, (9ull << 60) | 0x80200);
    assert_int_equal(g->tag_x, TLB_EMPTY);
    assert_int_equal(h->tlb_generation, gen + 1);
}

static void test_satp_tvm(void **state)
{
    (void)state;
    set_priv(PRV_S);
    wr_ok(CSR_SATP, 8ull << 60);
    h->mstatus |= MSTATUS_TVM;
    assert_false(can_read(CSR_SATP));
    assert_illegal(csr_write(h, CSR_SATP, 0));
    set_priv(PRV_M);
    assert_int_equal(rd_ok(CSR_SATP), 8ull << 60); /* TVM does not affect M */
}

/* --- counters --- */

static void test_counter_values(void **state)
{
    (void)state;
    h->minstret = 2000;
    hart_set_mcycle(h, 1000);
    h->mhpmcounter[4] = 7;
    assert_int_equal(rd_ok(CSR_CYCLE), 1000);
    assert_int_equal(rd_ok(CSR_INSTRET), 2000);
    assert_int_equal(rd_ok(CSR_HPMCOUNTER3 + 4), 7);
    uint64_t t0 = rd_ok(CSR_TIME);
    uint64_t t1 = rd_ok(CSR_TIME);
    assert_true(t1 >= t0);
    wr_ok(CSR_MHPMCOUNTER3 + 28, 99);
    assert_int_equal(rd_ok(CSR_HPMCOUNTER31), 99);
    wr_ok(CSR_MHPMEVENT3, 5);
    assert_int_equal(rd_ok(CSR_MHPMEVENT3), 5);
    wr_ok(CSR_MCOUNTINHIBIT, ~0ull);
    assert_int_equal(rd_ok(CSR_MCOUNTINHIBIT), 0xfffffffdull);
    wr_ok(CSR_MCOUNTEREN, ~0ull);
    assert_int_equal(rd_ok(CSR_MCOUNTEREN), 0xffffffffull);
}

static void test_counteren_gating(void **state)
{
    (void)state;
    static const unsigned ctr[] = {CSR_CYCLE, CSR_TIME, CSR_INSTRET, CSR_HPMCOUNTER3 + 2};
    for (unsigned k = 0; k < 4; k++) {
        unsigned bit = ctr[k] & 31;
        wr_ok(CSR_MCOUNTEREN, 0);
        wr_ok(CSR_SCOUNTEREN, ~0ull);
        set_priv(PRV_S);
        assert_false(can_read(ctr[k]));
        set_priv(PRV_U);
        assert_false(can_read(ctr[k]));
        set_priv(PRV_M);
        assert_true(can_read(ctr[k]));
        wr_ok(CSR_MCOUNTEREN, 1u << bit);
        wr_ok(CSR_SCOUNTEREN, ~(1ull << bit));
        set_priv(PRV_S);
        assert_true(can_read(ctr[k]));
        set_priv(PRV_U);
        assert_false(can_read(ctr[k]));
        set_priv(PRV_M);
        wr_ok(CSR_SCOUNTEREN, 1u << bit);
        set_priv(PRV_U);
        assert_true(can_read(ctr[k]));
        set_priv(PRV_M);
    }
}

/* The interpreter counts the writing instruction after it returns; a
 * csrw minstret must leave the written value for the next instruction. */
static void test_counter_write_by_insn(void **state)
{
    (void)state;
    h->x[5] = 500;
    assert_int_equal(RUN(csrrw, enc_csr(F3_CSRRW, 0, 5, CSR_MINSTRET)), EXEC_OK);
    h->minstret++; /* what the interpreter does on retire (mcycle follows) */
    assert_int_equal(rd_ok(CSR_MINSTRET), 500);
    assert_int_equal(RUN(csrrw, enc_csr(F3_CSRRW, 0, 5, CSR_MCYCLE)), EXEC_OK);
    h->minstret++;
    assert_int_equal(rd_ok(CSR_CYCLE), 500);
    wr_ok(CSR_MINSTRET, 42); /* csr_write itself stores the value */
    assert_int_equal(rd_ok(CSR_INSTRET), 42);
}

static void test_stimecmp_gating(void **state)
{
    (void)state;
    wr_ok(CSR_STIMECMP, 1234); /* M may always access it */
    assert_int_equal(rd_ok(CSR_STIMECMP), 1234);
    wr_ok(CSR_MCOUNTEREN, ~0ull);
    set_priv(PRV_S);
    assert_false(can_read(CSR_STIMECMP));
    assert_illegal(csr_write(h, CSR_STIMECMP, 1));
    set_priv(PRV_M);
    wr_ok(CSR_MENVCFG, ENVCFG_STCE);
    set_priv(PRV_S);
    assert_int_equal(rd_ok(CSR_STIMECMP), 1234);
    h->exit_request = 0;
    wr_ok(CSR_STIMECMP, 99);
    assert_int_equal(h->exit_request, 1);
    assert_int_equal(h->stimecmp, 99);
    set_priv(PRV_U);
    assert_false(can_read(CSR_STIMECMP));
    set_priv(PRV_M);
    wr_ok(CSR_MCOUNTEREN, 0); /* mcounteren.TM also gates S-mode access */
    set_priv(PRV_S);
    assert_false(can_read(CSR_STIMECMP));
}

/* --- envcfg, FP, PMP, triggers --- */

static void test_envcfg_masks(void **state)
{
    (void)state;
    wr_ok(CSR_MENVCFG, ~0ull);
    assert_int_equal(rd_ok(CSR_MENVCFG), ENVCFG_FIOM | ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE |
                                             ENVCFG_PBMTE | ENVCFG_STCE);
    wr_ok(CSR_SENVCFG, ~0ull);
    assert_int_equal(rd_ok(CSR_SENVCFG), ENVCFG_FIOM | ENVCFG_CBIE | ENVCFG_CBCFE | ENVCFG_CBZE);
    wr_ok(CSR_SENVCFG, 1ull << 4);
    wr_ok(CSR_SENVCFG, 2ull << 4); /* CBIE = 10 is reserved */
    assert_int_equal(rd_ok(CSR_SENVCFG), 1ull << 4);
}

static void test_fp_csrs(void **state)
{
    (void)state;
    wr_ok(CSR_MSTATUS, 0); /* FS = Off */
    assert_false(can_read(CSR_FFLAGS));
    assert_false(can_read(CSR_FRM));
    assert_illegal(csr_write(h, CSR_FCSR, 0));
    wr_ok(CSR_MSTATUS, (uint64_t)FS_INITIAL << MSTATUS_FS_SHIFT);
    wr_ok(CSR_FCSR, ~0ull);
    assert_int_equal(rd_ok(CSR_FCSR), 0xff);
    assert_int_equal(rd_ok(CSR_FRM), 7);
    assert_int_equal(rd_ok(CSR_FFLAGS), 0x1f);
    assert_int_equal(rd_ok(CSR_MSTATUS) & (MSTATUS_FS | MSTATUS_SD), MSTATUS_FS | MSTATUS_SD);
    wr_ok(CSR_FRM, 0x12);
    wr_ok(CSR_FFLAGS, 0x21);
    assert_int_equal(rd_ok(CSR_FCSR), (2 << 5) | 1);
    set_priv(PRV_U);
    assert_int_equal(rd_ok(CSR_FCSR), (2 << 5) | 1); /* user-level CSRs */
}

static void test_pmp_csrs(void **state)
{
    (void)state;
    assert_false(can_read(CSR_PMPCFG0 + 1));
    assert_illegal(csr_write(h, CSR_PMPCFG0 + 3, 0));
    wr_ok(CSR_PMPADDR0 + 1, 0x1234);
    assert_int_equal(rd_ok(CSR_PMPADDR0 + 1), 0x1234);
    wr_ok(CSR_PMPCFG0, (uint64_t)(PMP_R | PMP_W | (PMP_TOR << 3)) << 8);
    assert_int_equal(rd_ok(CSR_PMPCFG0), (uint64_t)(PMP_R | PMP_W | (PMP_TOR << 3)) << 8);
    wr_ok(CSR_PMPCFG0 + 14, ~0ull); /* entries past PMP_COUNT: read-only zero */
    assert_int_equal(rd_ok(CSR_PMPCFG0 + 14), 0);
    wr_ok(CSR_PMPADDR63, 5);
    assert_int_equal(rd_ok(CSR_PMPADDR63), 0);
    set_priv(PRV_S);
    assert_false(can_read(CSR_PMPADDR0));
}

static void test_triggers_and_mseccfg(void **state)
{
    (void)state;
    wr_ok(CSR_TSELECT, 3);
    assert_int_equal(rd_ok(CSR_TSELECT), 0);
    wr_ok(CSR_TDATA1, ~0ull);
    assert_int_equal(rd_ok(CSR_TDATA1), 0);
    assert_int_equal(rd_ok(CSR_TDATA2), 0);
    assert_int_equal(rd_ok(CSR_TDATA3), 0);
    wr_ok(CSR_MSECCFG, 7);
    assert_int_equal(rd_ok(CSR_MSECCFG), 0);
}

/* --- trap entry --- */

static void test_trap_u_delegated_to_s(void **state)
{
    (void)state;
    wr_ok(CSR_MEDELEG, 1u << EXC_ILLEGAL_INSN);
    wr_ok(CSR_STVEC, 0x80001000 | 1); /* vectored: exceptions still go to BASE */
    wr_ok(CSR_MSTATUS, MSTATUS_SIE | MSTATUS_SPP);
    set_priv(PRV_U);
    h->pc = 0x1234;
    trap_enter(h, EXC_ILLEGAL_INSN, 0xbad);
    assert_int_equal(h->priv, PRV_S);
    assert_int_equal(h->pc, 0x80001000);
    assert_int_equal(h->sepc, 0x1234);
    assert_int_equal(h->scause, EXC_ILLEGAL_INSN);
    assert_int_equal(h->stval, 0xbad);
    assert_int_equal(h->mstatus & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP), MSTATUS_SPIE);
    assert_int_equal(h->mepc, 0);
    assert_int_equal(h->mmu_idx_data, MMU_IDX_S);
    /* from S with SIE clear: SPP = S, SPIE = 0 */
    h->pc = 0x2000;
    trap_enter(h, EXC_ILLEGAL_INSN, 0);
    assert_int_equal(h->mstatus & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP), MSTATUS_SPP);
    assert_int_equal(h->sepc, 0x2000);
}

static void test_trap_u_not_delegated(void **state)
{
    (void)state;
    wr_ok(CSR_MEDELEG, 1u << EXC_ILLEGAL_INSN);
    wr_ok(CSR_MTVEC, 0x80000100);
    wr_ok(CSR_MSTATUS, MSTATUS_MIE | ((uint64_t)PRV_M << MSTATUS_MPP_SHIFT));
    set_priv(PRV_U);
    h->pc = 0x4000;
    trap_enter(h, EXC_LOAD_PAGE_FAULT, 0x5555);
    assert_int_equal(h->priv, PRV_M);
    assert_int_equal(h->pc, 0x80000100);
    assert_int_equal(h->mepc, 0x4000);
    assert_int_equal(h->mcause, EXC_LOAD_PAGE_FAULT);
    assert_int_equal(h->mtval, 0x5555);
    assert_int_equal(h->mstatus & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP), MSTATUS_MPIE);
    assert_int_equal(h->mmu_idx_data, MMU_IDX_M);
    /* delegated causes raised in M stay in M */
    h->pc = 0x80000200;
    trap_enter(h, EXC_ILLEGAL_INSN, 0);
    assert_int_equal(h->priv, PRV_M);
    assert_int_equal(h->mcause, EXC_ILLEGAL_INSN);
    assert_int_equal(h->mepc, 0x80000200);
    assert_int_equal((h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, PRV_M);
    assert_int_equal(h->scause, 0);
}

static void test_trap_vectored_interrupt(void **state)
{
    (void)state;
    wr_ok(CSR_MTVEC, 0x80000000 | 1);
    trap_enter(h, CAUSE_INTERRUPT | IRQ_M_TIMER, 0);
    assert_int_equal(h->pc, 0x80000000 + 4 * IRQ_M_TIMER);
    assert_int_equal(h->mcause, CAUSE_INTERRUPT | IRQ_M_TIMER);
    wr_ok(CSR_MIDELEG, MIP_SEIP);
    wr_ok(CSR_STVEC, 0x80002000 | 1);
    set_priv(PRV_U);
    trap_enter(h, CAUSE_INTERRUPT | IRQ_S_EXT, 0);
    assert_int_equal(h->priv, PRV_S);
    assert_int_equal(h->pc, 0x80002000 + 4 * IRQ_S_EXT);
    wr_ok(CSR_STVEC, 0x80002000);
    set_priv(PRV_U);
    trap_enter(h, CAUSE_INTERRUPT | IRQ_S_EXT, 0);
    assert_int_equal(h->pc, 0x80002000);
}

static void test_trap_log(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    log_file = f;
    log_mask = LOG_INT;
    h->pc = 0x80000040;
    trap_enter(h, EXC_ILLEGAL_INSN, 0x13);
    log_mask = 0;
    log_file = NULL;
    char line[256] = "";
    rewind(f);
    assert_non_null(fgets(line, sizeof(line), f));
    fclose(f);
    assert_non_null(strstr(line, "hart 3"));
    assert_non_null(strstr(line, "illegal_insn"));
    assert_non_null(strstr(line, "0x80000040"));
}

/* --- interrupt selection (Priv 3.1.9) --- */

static void set_pending(uint64_t bits) { __atomic_store_n(&h->mip, bits, __ATOMIC_SEQ_CST); }

static void test_interrupt_priority(void **state)
{
    (void)state;
    wr_ok(CSR_MIE, ~0ull);
    wr_ok(CSR_MSTATUS, MSTATUS_MIE);
    set_pending(MIP_MSIP | MIP_MTIP | MIP_MEIP | MIP_SSIP | MIP_STIP | MIP_SEIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_M_EXT);
    set_pending(MIP_MSIP | MIP_MTIP | MIP_SSIP | MIP_STIP | MIP_SEIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_M_SOFT);
    set_pending(MIP_MTIP | MIP_SSIP | MIP_STIP | MIP_SEIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_M_TIMER);
    set_pending(MIP_SSIP | MIP_STIP | MIP_SEIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_S_EXT);
    set_pending(MIP_SSIP | MIP_STIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_S_SOFT);
    set_pending(MIP_STIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_S_TIMER);
    set_pending(0);
    assert_int_equal(trap_pending_interrupt(h), -1);
    set_pending(MIP_MEIP); /* pending but not enabled in mie */
    wr_ok(CSR_MIE, MIP_MTIP);
    assert_int_equal(trap_pending_interrupt(h), -1);
}

static void test_interrupt_enables_in_m(void **state)
{
    (void)state;
    wr_ok(CSR_MIE, ~0ull);
    wr_ok(CSR_MIDELEG, MIP_SSIP | MIP_STIP | MIP_SEIP);
    set_pending(MIP_MTIP);
    assert_int_equal(trap_pending_interrupt(h), -1); /* MIE = 0 */
    wr_ok(CSR_MSTATUS, MSTATUS_MIE);
    assert_int_equal(trap_pending_interrupt(h), IRQ_M_TIMER);
    set_pending(MIP_STIP); /* delegated: never taken in M */
    wr_ok(CSR_MSTATUS, MSTATUS_MIE | MSTATUS_SIE);
    assert_int_equal(trap_pending_interrupt(h), -1);
    wr_ok(CSR_MIDELEG, 0); /* not delegated: an M-level interrupt now */
    assert_int_equal(trap_pending_interrupt(h), IRQ_S_TIMER);
}

static void test_interrupt_enables_in_s(void **state)
{
    (void)state;
    wr_ok(CSR_MIE, ~0ull);
    wr_ok(CSR_MIDELEG, MIP_SSIP | MIP_STIP | MIP_SEIP);
    set_priv(PRV_S);
    set_pending(MIP_MSIP); /* M-level: enabled in S whatever MIE says */
    assert_int_equal(trap_pending_interrupt(h), IRQ_M_SOFT);
    set_pending(MIP_SSIP);
    assert_int_equal(trap_pending_interrupt(h), -1); /* SIE = 0 */
    h->mstatus |= MSTATUS_SIE;
    assert_int_equal(trap_pending_interrupt(h), IRQ_S_SOFT);
    set_pending(MIP_SSIP | MIP_MTIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_M_TIMER);
}

static void test_interrupt_enables_in_u(void **state)
{
    (void)state;
    wr_ok(CSR_MIE, ~0ull);
    wr_ok(CSR_MIDELEG, MIP_SEIP);
    set_priv(PRV_U); /* every enable is implied below the destination mode */
    set_pending(MIP_SEIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_S_EXT);
    /* M-destined SSI comes before S-destined SEI despite SEI's rank */
    set_pending(MIP_SEIP | MIP_SSIP);
    assert_int_equal(trap_pending_interrupt(h), IRQ_S_SOFT);
}

/* --- ecall, ebreak, xret --- */

static void test_ecall_ebreak(void **state)
{
    (void)state;
    static const unsigned privs[] = {PRV_U, PRV_S, PRV_M};
    static const unsigned causes[] = {EXC_ECALL_U, EXC_ECALL_S, EXC_ECALL_M};
    for (unsigned k = 0; k < 3; k++) {
        set_priv(privs[k]);
        assert_int_equal(RUN(ecall, RAW_ECALL), EXEC_TRAP);
        assert_int_equal(h->trap_cause, causes[k]);
        assert_int_equal(h->trap_tval, 0);
    }
    h->pc = 0x80000abc;
    assert_int_equal(RUN(ebreak, RAW_EBREAK), EXEC_TRAP);
    assert_int_equal(h->trap_cause, EXC_BREAKPOINT);
    assert_int_equal(h->trap_tval, 0x80000abc);
}

static void test_mret(void **state)
{
    (void)state;
    wr_ok(CSR_MEPC, 0x80004000);
    wr_ok(CSR_MSTATUS, MSTATUS_MPIE | MSTATUS_MPRV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT));
    h->exit_request = 0;
    assert_int_equal(RUN(mret, RAW_MRET), EXEC_OK);
    assert_int_equal(h->npc, 0x80004000);
    assert_int_equal(h->priv, PRV_S);
    assert_int_equal(h->mstatus & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV),
                     MSTATUS_MIE | MSTATUS_MPIE);
    assert_int_equal(h->mmu_idx_data, MMU_IDX_S);
    assert_int_equal(h->exit_request, 1);
    assert_illegal(RUN(mret, RAW_MRET)); /* in S */
    set_priv(PRV_U);
    assert_illegal(RUN(mret, RAW_MRET));
    /* returning to M keeps MPRV */
    set_priv(PRV_M);
    wr_ok(CSR_MSTATUS, MSTATUS_MPRV | MSTATUS_MPP);
    assert_int_equal(RUN(mret, RAW_MRET), EXEC_OK);
    assert_int_equal(h->priv, PRV_M);
    assert_true(h->mstatus & MSTATUS_MPRV);
    assert_int_equal(h->mstatus & (MSTATUS_MIE | MSTATUS_MPP), 0);
}

static void test_sret(void **state)
{
    (void)state;
    wr_ok(CSR_SEPC, 0x1000);
    wr_ok(CSR_MSTATUS, MSTATUS_SPP | MSTATUS_MPRV);
    assert_int_equal(RUN(sret, RAW_SRET), EXEC_OK); /* from M */
    assert_int_equal(h->priv, PRV_S);
    assert_int_equal(h->npc, 0x1000);
    assert_int_equal(h->mstatus & (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_MPRV),
                     MSTATUS_SPIE);
    h->mstatus |= MSTATUS_SIE; /* SPIE = 1, SPP = U */
    h->mstatus &= ~MSTATUS_SPIE;
    assert_int_equal(RUN(sret, RAW_SRET), EXEC_OK);
    assert_int_equal(h->priv, PRV_U);
    assert_int_equal(h->mstatus & (MSTATUS_SIE | MSTATUS_SPIE), MSTATUS_SPIE);
    assert_int_equal(h->mmu_idx_data, MMU_IDX_U);
    assert_illegal(RUN(sret, RAW_SRET)); /* in U */
}

static void test_tsr(void **state)
{
    (void)state;
    wr_ok(CSR_MSTATUS, MSTATUS_TSR | MSTATUS_SPP);
    set_priv(PRV_S);
    assert_illegal(RUN(sret, RAW_SRET));
    assert_int_equal(h->priv, PRV_S);
    set_priv(PRV_M); /* TSR does not apply to M */
    assert_int_equal(RUN(sret, RAW_SRET), EXEC_OK);
}

/* --- wfi, sfence.vma, fences --- */

static void test_wfi_tw(void **state)
{
    (void)state;
    set_priv(PRV_U);
    assert_illegal(RUN(wfi, RAW_WFI));
    set_priv(PRV_S);
    h->mstatus |= MSTATUS_TW;
    assert_illegal(RUN(wfi, RAW_WFI));
    assert_false(h->wfi);
    h->mstatus &= ~MSTATUS_TW;
    h->exit_request = 0;
    assert_int_equal(RUN(wfi, RAW_WFI), EXEC_OK);
    assert_true(h->wfi);
    assert_int_equal(h->exit_request, 1);
    h->wfi = false;
    set_priv(PRV_M);
    h->mstatus |= MSTATUS_TW; /* TW never traps M */
    assert_int_equal(RUN(wfi, RAW_WFI), EXEC_OK);
    assert_true(h->wfi);
}

static void test_sfence_vma_tvm(void **state)
{
    (void)state;
    set_priv(PRV_U);
    assert_illegal(RUN(sfence_vma, RAW_SFENCE_VMA));
    set_priv(PRV_S);
    h->mstatus |= MSTATUS_TVM;
    assert_illegal(RUN(sfence_vma, RAW_SFENCE_VMA | (5u << 15) | (6u << 20)));
    h->mstatus &= ~MSTATUS_TVM;
    /* rs1 != x0: only that page goes, from every MMU index, and the page is
     * noted for the JIT's jump cache without a new TLB generation */
    hart_flush_tlb(h);
    uint32_t gen = h->tlb_generation;
    h->x[5] = 0x7123;
    tlb_entry(&h->tlb, MMU_IDX_U, 0x7000)->tag_x = 0x7000;
    tlb_entry(&h->tlb, MMU_IDX_S, 0x7000)->tag_r = 0x7000;
    tlb_entry(&h->tlb, MMU_IDX_U, 0x9000)->tag_x = 0x9000;
    assert_int_equal(RUN(sfence_vma, RAW_SFENCE_VMA | (5u << 15)), EXEC_OK);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_U, 0x7000)->tag_x, TLB_EMPTY);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_S, 0x7000)->tag_r, TLB_EMPTY);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_U, 0x9000)->tag_x, 0x9000);
    assert_int_equal(h->tlb_generation, gen);
    assert_int_equal(h->tlb_ndropped, 1);
    assert_int_equal(h->tlb_dropped[0], 0x7000);
    /* a superpage walked elsewhere does not widen an address flush */
    h->tlb_super_lo = 0x200000;
    h->tlb_super_hi = 0x3fffff;
    assert_int_equal(RUN(sfence_vma, RAW_SFENCE_VMA | (5u << 15)), EXEC_OK);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_U, 0x9000)->tag_x, 0x9000);
    /* an address inside one drops everything: its 4 KiB pieces are anywhere */
    h->x[5] = 0x3ff000;
    assert_int_equal(RUN(sfence_vma, RAW_SFENCE_VMA | (5u << 15)), EXEC_OK);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_U, 0x9000)->tag_x, TLB_EMPTY);
    assert_false(hart_in_superpage(h, 0x3ff000));
    assert_int_equal(h->tlb_ndropped, 0);
    assert_int_not_equal(h->tlb_generation, gen);
    /* more single-page flushes than the JIT can note count as a full one */
    gen = h->tlb_generation;
    for (unsigned k = 0; k <= HART_TLB_DROPPED; k++)
        hart_flush_tlb_page(h, k << PAGE_SHIFT);
    assert_int_equal(h->tlb_ndropped, HART_TLB_DROPPED);
    assert_int_equal(h->tlb_generation, gen + 1);
    /* rs1 == x0: everything */
    tlb_entry(&h->tlb, MMU_IDX_U, 0x9000)->tag_x = 0x9000;
    assert_int_equal(RUN(sfence_vma, RAW_SFENCE_VMA), EXEC_OK);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_U, 0x9000)->tag_x, TLB_EMPTY);
    /* rs1 == x0, rs2 != x0: one address space, global mappings stay */
    struct tlb_entry *g = tlb_entry(&h->tlb, MMU_IDX_S, 0x9000);
    g->tag_x = 0x9000;
    g->global = 1;
    tlb_entry(&h->tlb, MMU_IDX_U, 0xa000)->tag_r = 0xa000;
    tlb_entry(&h->tlb, MMU_IDX_U, 0xa000)->global = 0;
    gen = h->tlb_generation;
    uint32_t space = h->tlb_space_generation;
    assert_int_equal(RUN(sfence_vma, RAW_SFENCE_VMA | (6u << 20)), EXEC_OK);
    assert_int_equal(g->tag_x, 0x9000);
    assert_int_equal(tlb_entry(&h->tlb, MMU_IDX_U, 0xa000)->tag_r, TLB_EMPTY);
    assert_int_equal(h->tlb_generation, gen);
    assert_int_equal(h->tlb_space_generation, space + 1);
    /* rs1 == rs2 == x0: global ones too */
    assert_int_equal(RUN(sfence_vma, RAW_SFENCE_VMA), EXEC_OK);
    assert_int_equal(g->tag_x, TLB_EMPTY);
    assert_int_equal(h->tlb_generation, gen + 1);
    set_priv(PRV_M);
    h->mstatus |= MSTATUS_TVM;
    assert_int_equal(RUN(sfence_vma, RAW_SFENCE_VMA), EXEC_OK);
}

static void test_fences(void **state)
{
    (void)state;
    assert_int_equal(RUN(fence, 0x0ff0000f), EXEC_OK);
    assert_int_equal(RUN(fence_i, 0x0000100f), EXEC_OK);
}

/* --- cache-block operations --- */

static void test_cbo_enables(void **state)
{
    (void)state;
    static const struct {
        exec_fn *fn;
        unsigned op, imm;
        uint64_t field;
    } ops[] = {
        {exec_cbo_inval, OP_cbo_inval, 0, ENVCFG_CBIE},
        {exec_cbo_clean, OP_cbo_clean, 1, ENVCFG_CBCFE},
        {exec_cbo_flush, OP_cbo_flush, 2, ENVCFG_CBCFE},
        {exec_cbo_zero, OP_cbo_zero, 4, ENVCFG_CBZE},
    };
    wr_ok(CSR_PMPADDR0, ~0ull); /* one NAPOT entry: S and U may access everything */
    wr_ok(CSR_PMPCFG0, PMP_R | PMP_W | PMP_X | (PMP_NAPOT << 3));
    h->x[10] = RAM_BASE + 0x100;
    for (unsigned k = 0; k < 4; k++) {
        uint32_t raw = enc_cbo(ops[k].imm, 10);
        wr_ok(CSR_MENVCFG, 0);
        wr_ok(CSR_SENVCFG, ~0ull);
        set_priv(PRV_S);
        assert_illegal(run(ops[k].fn, ops[k].op, raw));
        set_priv(PRV_U);
        assert_illegal(run(ops[k].fn, ops[k].op, raw));
        set_priv(PRV_M);
        assert_int_equal(run(ops[k].fn, ops[k].op, raw), EXEC_OK);
        wr_ok(CSR_MENVCFG, ops[k].field);
        wr_ok(CSR_SENVCFG, 0);
        set_priv(PRV_S);
        assert_int_equal(run(ops[k].fn, ops[k].op, raw), EXEC_OK);
        set_priv(PRV_U);
        assert_illegal(run(ops[k].fn, ops[k].op, raw));
        set_priv(PRV_M);
        wr_ok(CSR_SENVCFG, ops[k].field);
        set_priv(PRV_U);
        assert_int_equal(run(ops[k].fn, ops[k].op, raw), EXEC_OK);
        set_priv(PRV_M);
    }
}

static void test_cbo_zero_block(void **state)
{
    (void)state;
    uint8_t *ram = bus_host_ptr(bus, RAM_BASE, RAM_SIZE, true);
    assert_non_null(ram);
    memset(ram + 0x100, 0xaa, 0x100);
    h->x[11] = RAM_BASE + 0x1a7; /* inside the block at 0x180 */
    assert_int_equal(RUN(cbo_zero, enc_cbo(4, 11)), EXEC_OK);
    for (unsigned k = 0x100; k < 0x200; k++)
        assert_int_equal(ram[k], k >= 0x180 && k < 0x1c0 ? 0 : 0xaa);
}

static void test_cbo_faults_as_store(void **state)
{
    (void)state;
    h->x[12] = 0x1000; /* not RAM in bare mode; U-mode with no PMP entry */
    wr_ok(CSR_MENVCFG, ENVCFG_CBCFE | ENVCFG_CBZE);
    wr_ok(CSR_SENVCFG, ENVCFG_CBCFE | ENVCFG_CBZE);
    set_priv(PRV_U);
    assert_int_equal(RUN(cbo_clean, enc_cbo(1, 12)), EXEC_TRAP);
    assert_int_equal(h->trap_cause, EXC_STORE_ACCESS);
    assert_int_equal(RUN(cbo_zero, enc_cbo(4, 12)), EXEC_TRAP);
    assert_int_equal(h->trap_cause, EXC_STORE_ACCESS);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_privilege_levels),
        T(test_unknown_csrs),
        T(test_read_only_csrs),
        T(test_csr_insn_read_write),
        T(test_csr_insn_same_rd_rs1),
        T(test_x0_forms_do_not_write),
        T(test_x0_form_no_side_effect),
        T(test_mstatus_mask),
        T(test_mstatus_mpp_warl),
        T(test_sstatus_view),
        T(test_sd_follows_fs),
        T(test_mstatus_side_effects),
        T(test_misa_read_only),
        T(test_medeleg_mideleg),
        T(test_mie_sie),
        T(test_mip_writable_bits),
        T(test_seip_is_line_or_software),
        T(test_mip_rmw_keeps_seip_line_out),
        T(test_sip),
        T(test_tvec_modes),
        T(test_epc_alignment),
        T(test_satp_modes),
        T(test_satp_keeps_global),
        T(test_satp_tvm),
        T(test_counter_values),
        T(test_counteren_gating),
        T(test_counter_write_by_insn),
        T(test_stimecmp_gating),
        T(test_envcfg_masks),
        T(test_fp_csrs),
        T(test_pmp_csrs),
        T(test_triggers_and_mseccfg),
        T(test_trap_u_delegated_to_s),
        T(test_trap_u_not_delegated),
        T(test_trap_vectored_interrupt),
        T(test_trap_log),
        T(test_interrupt_priority),
        T(test_interrupt_enables_in_m),
        T(test_interrupt_enables_in_s),
        T(test_interrupt_enables_in_u),
        T(test_ecall_ebreak),
        T(test_mret),
        T(test_sret),
        T(test_tsr),
        T(test_wfi_tw),
        T(test_sfence_vma_tvm),
        T(test_fences),
        T(test_cbo_enables),
        T(test_cbo_zero_block),
        T(test_cbo_faults_as_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
