/* SPDX-License-Identifier: MIT */
/* CSR access rules (Priv 2.1-2.3): privilege from csr[9:8], read-only CSRs (csr[11:10] = 3),
   unknown CSRs, mtval = instruction bits on those illegal-instruction traps, the ID registers,
   and the WARL fields of mtvec/stvec, satp, mstatus.MPP, medeleg, mideleg, mie, mip, mepc. */

#include "test.h"
#include "priv.h"

/* Encoding of a CSR instruction (Unpriv "Zicsr"): what mtval must hold after it traps. */
#define PRIV_CSR_INSN(csr, rs1, funct3, rd) \
  (((csr) << 20) | ((rs1) << 15) | ((funct3) << 12) | ((rd) << 7) | 0x73)
#define F3_RW 1
#define F3_RS 2
#define F3_RC 3
#define F3_RWI 5
#define F3_RSI 6
#define F3_RCI 7
#define X_A0 10
#define X_A1 11

/* insn must raise an illegal-instruction exception with mtval = its own encoding bits. */
#define PRIV_EXPECT_ILLEGAL_TVAL(n, bits, insn...) \
  TEST_EXPECT_TRAP(n, CAUSE_ILLEGAL_INSTRUCTION, bits, insn)

#define MISA_REQUIRED ((1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | \
                       (1 << 18) | (1 << 20))   /* A C D F I M S U */

TEST_BEGIN
  /* ---- ID registers (Priv 3.1.1-3.1.5) */
  /* misa.MXL = 2 (XLEN 64) and the extensions A, C, D, F, I, M, S, U are present. */
  TEST_CASE(1, a1, 2, csrr a0, misa; srli a1, a0, 62)
  TEST_NUM(2)
  csrr a0, misa
  li a2, MISA_REQUIRED
  and a1, a0, a2
  TEST_CHECK_REG(a1, a2)
  /* Bits XLEN-3..26 of misa are zero. */
  TEST_CASE(3, a1, 0, csrr a0, misa; slli a1, a0, 2; srli a1, a1, 28)
  /* mvendorid 0 (non-commercial), mhartid 0 (one hart, Priv 3.1.5: some hart has ID 0). */
  TEST_CASE(4, a0, 0, csrr a0, mvendorid)
  TEST_CASE(5, a0, 0, csrr a0, mhartid)
  /* marchid, mimpid and mconfigptr (1.12) must be readable. */
  TEST_CASE(6, a0, 0, li a0, 1; csrr a1, marchid; csrr a1, mimpid; csrr a1, 0xf15; li a0, 0)

  /* ---- read-only CSRs (csr[11:10] = 3): any write attempt is illegal */
  li a1, 0
  PRIV_EXPECT_ILLEGAL_TVAL(10, PRIV_CSR_INSN(0xf14, X_A1, F3_RW, 0), csrw mhartid, a1)
  PRIV_EXPECT_ILLEGAL_TVAL(11, PRIV_CSR_INSN(0xf11, 0, F3_RW, X_A0), csrrw a0, mvendorid, x0)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 tests the value, not rs1 */
  /* csrrs/csrrc with rs1 != x0 write even when the register holds zero (Zicsr). */
  PRIV_EXPECT_ILLEGAL_TVAL(12, PRIV_CSR_INSN(0xf14, X_A1, F3_RS, X_A0), csrrs a0, mhartid, a1)
  PRIV_EXPECT_ILLEGAL_TVAL(13, PRIV_CSR_INSN(0xf13, X_A1, F3_RC, X_A0), csrrc a0, mimpid, a1)
#endif
  PRIV_EXPECT_ILLEGAL_TVAL(14, PRIV_CSR_INSN(0xf14, 1, F3_RSI, X_A0), csrrsi a0, mhartid, 1)
  PRIV_EXPECT_ILLEGAL_TVAL(15, PRIV_CSR_INSN(0xf12, 4, F3_RCI, X_A0), csrrci a0, marchid, 4)
  PRIV_EXPECT_ILLEGAL_TVAL(16, PRIV_CSR_INSN(0xf14, 0, F3_RWI, 0), csrrwi x0, mhartid, 0)
  PRIV_EXPECT_ILLEGAL_TVAL(17, PRIV_CSR_INSN(0xc00, 0, F3_RWI, 0), csrrwi x0, cycle, 0)
  PRIV_EXPECT_ILLEGAL_TVAL(18, PRIV_CSR_INSN(0xc02, X_A1, F3_RW, X_A0), csrrw a0, instret, a1)
  /* ...but csrrs/csrrc with x0 and csrrsi/csrrci with 0 only read, and do not trap. */
  TEST_CASE(19, a0, 0, li a0, 1; csrrs a0, mhartid, x0)
  TEST_CASE(20, a0, 0, li a0, 1; csrrc a0, mhartid, x0)
  TEST_CASE(21, a0, 0, li a0, 1; csrrsi a0, mhartid, 0)
  TEST_CASE(22, a0, 0, li a0, 1; csrrci a0, mvendorid, 0)
  TEST_CASE(23, a0, 0, csrrs a1, cycle, x0; csrrci a1, instret, 0; li a0, 0)

  /* ---- unknown CSRs: illegal, mtval = instruction bits */
  PRIV_EXPECT_ILLEGAL_TVAL(30, PRIV_CSR_INSN(0x101, 0, F3_RS, X_A0), csrr a0, 0x101)
  PRIV_EXPECT_ILLEGAL_TVAL(31, PRIV_CSR_INSN(0x0ff, X_A1, F3_RW, 0), csrw 0x0ff, a1)
  /* No V extension: vstart does not exist. */
  PRIV_EXPECT_ILLEGAL_TVAL(32, PRIV_CSR_INSN(0x008, 0, F3_RS, X_A0), csrr a0, 0x008)
  /* 0x3f0 is in the M read/write block but unassigned. */
  PRIV_EXPECT_ILLEGAL_TVAL(33, PRIV_CSR_INSN(0x3f0, 0, F3_RS, X_A0), csrr a0, 0x3f0)
  /* A trapping CSR instruction leaves rd unchanged. */
  TEST_NUM(34)
  li a0, 0x55
  TEST_ARM_TRAP(TEST_EXPECT_TVAL, CAUSE_ILLEGAL_INSTRUCTION, PRIV_CSR_INSN(0x101, 0, F3_RS, X_A0), 1f)
  csrr a0, 0x101
1:
  TEST_CHECK(a0, 0x55)

  /* ---- privilege from csr[9:8], in S-mode */
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL_TVAL(40, PRIV_CSR_INSN(0x300, 0, F3_RS, X_A0), csrr a0, mstatus)
  PRIV_EXPECT_ILLEGAL_TVAL(41, PRIV_CSR_INSN(0x340, X_A1, F3_RW, 0), csrw mscratch, a1)
  PRIV_EXPECT_ILLEGAL_TVAL(42, PRIV_CSR_INSN(0xf14, 0, F3_RS, X_A0), csrr a0, mhartid)
  PRIV_EXPECT_ILLEGAL_TVAL(43, PRIV_CSR_INSN(0xb00, 0, F3_RS, X_A0), csrr a0, mcycle)
  PRIV_EXPECT_ILLEGAL_TVAL(44, PRIV_CSR_INSN(0x3b0, 0, F3_RS, X_A0), csrr a0, pmpaddr0)
  /* S-level CSRs are accessible. */
  TEST_CASE(45, a0, 0x1234, li a1, 0x1234; csrw sscratch, a1; csrr a0, sscratch)
  TEST_CASE(46, a0, 0, li a0, 1; csrr a1, sstatus; csrr a0, satp)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- privilege from csr[9:8], in U-mode */
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL_TVAL(50, PRIV_CSR_INSN(0x100, 0, F3_RS, X_A0), csrr a0, sstatus)
  PRIV_EXPECT_ILLEGAL_TVAL(51, PRIV_CSR_INSN(0x140, X_A1, F3_RW, 0), csrw sscratch, a1)
  PRIV_EXPECT_ILLEGAL_TVAL(52, PRIV_CSR_INSN(0x300, 0, F3_RS, X_A0), csrr a0, mstatus)
  PRIV_EXPECT_ILLEGAL_TVAL(53, PRIV_CSR_INSN(0x180, 0, F3_RS, X_A0), csrr a0, satp)
  /* A U-level CSR is accessible (FS is Initial). */
  TEST_CASE(54, a0, 0x21, li a1, 0x21; csrw fcsr, a1; csrr a0, fcsr)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  csrw fcsr, zero

  /* ---- WARL: mtvec and stvec MODE (Priv 3.1.7, 4.1.2) */
  la s0, priv_vectors
  TEST_CASE(60, a0, 1, ori a1, s0, 1; csrw mtvec, a1; csrr a0, mtvec; sub a0, a0, s0)
  TEST_CASE(61, a0, 0, csrw mtvec, s0; csrr a0, mtvec; sub a0, a0, s0)
  /* Reserved modes 2 and 3 must not read back. */
  TEST_CASE(62, a0, 1, ori a1, s0, 2; csrw mtvec, a1; csrr a0, mtvec; andi a0, a0, 3; sltiu a0, a0, 2)
  TEST_CASE(63, a0, 1, ori a1, s0, 3; csrw mtvec, a1; csrr a0, mtvec; andi a0, a0, 3; sltiu a0, a0, 2)
  TEST_DEFAULT_TRAP_HANDLER
  TEST_CASE(64, a0, 1, ori a1, s0, 1; csrw stvec, a1; csrr a0, stvec; sub a0, a0, s0)
  TEST_CASE(65, a0, 1, ori a1, s0, 3; csrw stvec, a1; csrr a0, stvec; andi a0, a0, 3; sltiu a0, a0, 2)

  /* ---- WARL: satp (Priv 4.1.11). An unsupported MODE makes the whole write a no-op. */
  li s1, 0x8000000000012345                  /* Sv39, PPN 0x12345 */
  li s5, 0xf0000fffffffffff                  /* MODE and PPN (ASIDLEN may be < 16) */
  TEST_CASE(70, a0, 0x8000000000012345, csrw satp, s1; csrr a0, satp; and a0, a0, s5)
  /* MODE 1 (reserved) and 11 (reserved) */
  TEST_CASE(71, a0, 0x8000000000012345, li a1, 0x1000000000054321; csrw satp, a1; csrr a0, satp; and a0, a0, s5)
  TEST_CASE(72, a0, 0x8000000000012345, li a1, 0xb000000000054321; csrw satp, a1; csrr a0, satp; and a0, a0, s5)
  /* Sv48 and Sv57 are supported. */
  TEST_CASE(73, a0, 9, li a1, 0x9000000000000000; csrw satp, a1; csrr a0, satp; srli a0, a0, 60)
  TEST_CASE(74, a0, 10, li a1, 0xa000000000000000; csrw satp, a1; csrr a0, satp; srli a0, a0, 60)
  TEST_CASE(75, a0, 0, csrw satp, zero; csrr a0, satp)

  /* ---- WARL: mstatus.MPP holds only implemented modes (Priv 3.1.6.1) */
  li s2, ST_MPP_M
  TEST_CASE(80, a0, ST_MPP_S, csrc mstatus, s2; li a1, ST_MPP_S; csrs mstatus, a1; csrr a0, mstatus; and a0, a0, s2)
  TEST_CASE(81, a0, 0, csrc mstatus, s2; csrr a0, mstatus; and a0, a0, s2)
  TEST_CASE(82, a0, ST_MPP_M, csrs mstatus, s2; csrr a0, mstatus; and a0, a0, s2)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 keeps MPP = 2 */
  /* MPP = 2 names no mode: it must not read back as 2. */
  TEST_NUM(83)
  csrc mstatus, s2
  li a1, 0x1000
  csrs mstatus, a1
  csrr a0, mstatus
  and a0, a0, s2
  li a1, 0x1000
  beq a0, a1, test_fail
#endif
  csrc mstatus, s2

  /* ---- WARL: delegation registers (Priv 3.1.8) */
  li s3, -1
  /* ecall from U and page faults are delegable... */
  TEST_CASE(90, a0, 0xb100, csrw medeleg, s3; csrr a0, medeleg; li a1, 0xb100; and a0, a0, a1)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 lets medeleg[11] be set */
  /* ...but medeleg[11], ecall from M, is read-only zero. */
  TEST_CASE(91, a0, 0, csrr a0, medeleg; srli a0, a0, 11; andi a0, a0, 1)
#endif
  csrw medeleg, zero
  /* SSIP, STIP, SEIP are delegable. */
  TEST_CASE(92, a0, 0x222, csrw mideleg, s3; csrr a0, mideleg; andi a0, a0, 0x222)
  csrw mideleg, zero

  /* ---- WARL: mie, mip (Priv 3.1.9). M may set SSIP, STIP (Sstc off) and SEIP in mip
     but not MSIP, MTIP, MEIP, which come from devices. MIE = 0 keeps pending M-level
     interrupts (the timer may be) from being taken. */
  csrci mstatus, 0x8
  TEST_CASE(100, a0, 0xaaa, csrw mie, s3; csrr a0, mie; li a1, 0xaaa; and a0, a0, a1)
  csrw mie, zero
  csrw menvcfg, zero
  TEST_NUM(101)
  csrr s4, mip
  csrw mip, s3
  csrr a0, mip
  andi a1, a0, 0x222
  TEST_CHECK(a1, 0x222)
  xor a0, a0, s4                             /* MSIP, MEIP unchanged by the write */
  li a1, 0x808
  and a0, a0, a1
  TEST_CHECK(a0, 0)
  TEST_CASE(102, a0, 0, csrw mip, zero; csrr a0, mip; andi a0, a0, 0x222)

  /* ---- WARL: mepc[0] and sepc[0] are zero (IALIGN = 16 with C, Priv 3.1.14) */
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 keeps mepc[0] and sepc[0] */
  TEST_CASE(110, a0, 0x80001236, li a1, 0x80001237; csrw mepc, a1; csrr a0, mepc)
  TEST_CASE(111, a0, 0x80001236, li a1, 0x80001237; csrw sepc, a1; csrr a0, sepc)
#endif

  /* ---- mcounteren, scounteren: CY, TM, IR are writable */
  TEST_CASE(120, a0, 7, li a1, 7; csrw mcounteren, a1; csrr a0, mcounteren; andi a0, a0, 7)
  TEST_CASE(121, a0, 7, li a1, 7; csrw scounteren, a1; csrr a0, scounteren; andi a0, a0, 7)
  csrw mcounteren, zero
  csrw scounteren, zero

  TEST_PASS

  .balign 64
priv_vectors:
  j test_fail
