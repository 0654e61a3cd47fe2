/* SPDX-License-Identifier: MIT */
/* mstatus and its sstatus view (Priv 3.1.6, 4.1.1): which fields each shows and may write,
   UXL/SXL, SD, and the FS state machine (Priv 3.1.6.6): FP instructions are illegal with
   FS = Off in every mode, and writing FP state makes FS Dirty. */

#include "test.h"
#include "priv.h"

/* Fields only M-mode sees. */
#define ST_M_ONLY (ST_MIE | ST_MPIE | ST_MPP | ST_MPRV | ST_TVM | ST_TW | ST_TSR)
/* Fields sstatus shows and S-mode may write. */
#define ST_S_RW (ST_SIE | ST_SPIE | ST_SPP | ST_FS | ST_SUM | ST_MXR)

/* Set mstatus.FS to one of the ST_FS_* values (or 0 for Off); M-mode only. */
#define PRIV_SET_FS(fs) li t0, ST_FS; csrc mstatus, t0; li t0, fs; csrs mstatus, t0

/* Read FS (as 0..3) into reg. */
#define PRIV_GET_FS(reg, csr) csrr reg, csr; srli reg, reg, 13; andi reg, reg, 3

TEST_BEGIN

  /* ---- sstatus hides the M-only fields */
  TEST_NUM(1)
  li a1, ST_M_ONLY | ST_S_RW
  csrs mstatus, a1
  csrr a0, sstatus
  li a2, ST_M_ONLY
  and a2, a0, a2
  TEST_CHECK(a2, 0)
  li a2, ST_S_RW
  and a2, a0, a2
  TEST_CHECK(a2, ST_S_RW)
  /* ...and the M-only fields really were set in mstatus. */
  TEST_NUM(2)
  csrr a0, mstatus
  li a2, ST_M_ONLY
  and a0, a0, a2
  TEST_CHECK_REG(a0, a2)

  /* ---- writing sstatus leaves the M-only fields alone */
  TEST_NUM(3)
  li a1, ST_M_ONLY | ST_S_RW
  csrc mstatus, a1
  PRIV_SET_FS(ST_FS_INITIAL)
  li a1, ST_M_ONLY | ST_S_RW
  csrw sstatus, a1
  csrr a0, mstatus
  li a2, ST_M_ONLY
  and a2, a0, a2
  TEST_CHECK(a2, 0)
  li a2, ST_S_RW
  and a2, a0, a2
  TEST_CHECK(a2, ST_S_RW)
  TEST_CASE(4, a0, 0, csrw sstatus, zero; csrr a0, mstatus; li a2, ST_S_RW; and a0, a0, a2)

  /* ---- UXL = SXL = 2 (64-bit), read-only; sstatus shows UXL */
  TEST_CASE(5, a0, 0xa, csrr a0, mstatus; srli a0, a0, 32; andi a0, a0, 0xf)
  TEST_CASE(6, a0, 0x2, csrr a0, sstatus; srli a0, a0, 32; andi a0, a0, 0xf)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 lets sstatus write UXL */
  TEST_NUM(7)
  csrr a1, mstatus
  li a2, 0xf00000000
  xor a1, a1, a2
  csrw mstatus, a1
  csrr a0, mstatus
  srli a0, a0, 32
  andi a0, a0, 0xf
  TEST_CHECK(a0, 0xa)
  TEST_NUM(8)
  li a1, -1
  csrw sstatus, a1
  csrw sstatus, zero
  csrr a0, mstatus
  srli a0, a0, 32
  andi a0, a0, 0xf
  TEST_CHECK(a0, 0xa)
#endif

  /* ---- SD summarises FS (VS = XS = 0), is read-only */
  PRIV_SET_FS(0)
  TEST_CASE(10, a0, 0, csrr a0, mstatus; srli a0, a0, 63)
  TEST_CASE(11, a0, 0, li a1, ST_SD; csrs mstatus, a1; csrr a0, mstatus; srli a0, a0, 63)
  PRIV_SET_FS(ST_FS_CLEAN)
  TEST_CASE(12, a0, 0, csrr a0, mstatus; srli a0, a0, 63)
  PRIV_SET_FS(ST_FS_DIRTY)
  TEST_CASE(13, a0, 1, csrr a0, mstatus; srli a0, a0, 63)
  TEST_CASE(14, a0, 1, csrr a0, sstatus; srli a0, a0, 63)
  /* XS and VS are 0: no other extension state. */
  TEST_CASE(15, a0, 0, csrr a0, mstatus; li a1, 0x18600; and a0, a0, a1)

  /* ---- FS = Off: FP loads, stores, arithmetic, moves and FP CSRs are illegal in M */
  PRIV_SET_FS(0)
  la s0, fpdata
  PRIV_EXPECT_ILLEGAL(20, fadd.d fa0, fa1, fa2)
  PRIV_EXPECT_ILLEGAL(21, fmv.x.d a0, fa0)
  PRIV_EXPECT_ILLEGAL(22, fmv.w.x fa0, zero)
  PRIV_EXPECT_ILLEGAL(23, fld fa0, 0(s0))
  PRIV_EXPECT_ILLEGAL(24, fsd fa0, 0(s0))
  PRIV_EXPECT_ILLEGAL(25, flw fa0, 0(s0))
  PRIV_EXPECT_ILLEGAL(26, csrr a0, fcsr)
  PRIV_EXPECT_ILLEGAL(27, fsflags zero)
  PRIV_EXPECT_ILLEGAL(28, csrr a0, frm)
  PRIV_EXPECT_ILLEGAL(29, fcvt.d.l fa0, zero)
  PRIV_EXPECT_ILLEGAL(30, fmadd.s fa0, fa1, fa2, fa3)
  .option push
  .option rvc
  PRIV_EXPECT_ILLEGAL(31, c.fld fa0, 0(s0); nop)
  .option pop
  /* The store did not happen and FS stayed Off. */
  TEST_CASE(32, a0, 0x1122334455667788, ld a0, 0(s0))
  TEST_CASE(33, a0, 0, PRIV_GET_FS(a0, mstatus))

  /* ---- writing FP state makes FS Dirty and sets SD */
  PRIV_SET_FS(ST_FS_INITIAL)
  TEST_CASE(40, a0, 3, fmv.d.x fa0, zero; PRIV_GET_FS(a0, mstatus))
  TEST_CASE(41, a0, 1, csrr a0, mstatus; srli a0, a0, 63)
  PRIV_SET_FS(ST_FS_CLEAN)
  TEST_CASE(42, a0, 3, fld fa0, 0(s0); PRIV_GET_FS(a0, mstatus))
  PRIV_SET_FS(ST_FS_CLEAN)
  TEST_CASE(43, a0, 3, fadd.d fa1, fa0, fa0; PRIV_GET_FS(a0, mstatus))
  PRIV_SET_FS(ST_FS_CLEAN)
  TEST_CASE(44, a0, 3, csrwi fflags, 1; PRIV_GET_FS(a0, mstatus))
  PRIV_SET_FS(ST_FS_CLEAN)
  TEST_CASE(45, a0, 3, csrwi frm, 2; PRIV_GET_FS(a0, mstatus))
  PRIV_SET_FS(ST_FS_INITIAL)
  /* an operation that raises flags writes fflags */
  TEST_CASE(46, a0, 3, li a1, 1; fcvt.s.l fa2, a1; PRIV_GET_FS(a0, mstatus))
  csrwi fcsr, 0

  /* ---- S-mode: FS through sstatus */
  PRIV_SET_FS(ST_FS_INITIAL)
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(50, a0, 1, PRIV_GET_FS(a0, sstatus))
  TEST_CASE(51, a0, 3, fmv.w.x fa0, zero; PRIV_GET_FS(a0, sstatus))
  TEST_CASE(52, a0, 1, csrr a0, sstatus; srli a0, a0, 63)
  /* S-mode turns FP off through sstatus; then FP is illegal in S. */
  li a1, ST_FS
  csrc sstatus, a1
  TEST_CASE(53, a0, 0, PRIV_GET_FS(a0, sstatus))
  PRIV_EXPECT_ILLEGAL(54, fmv.x.w a0, fa0)
  PRIV_EXPECT_ILLEGAL(55, csrr a0, fflags)
  PRIV_EXPECT_ILLEGAL(56, fsd fa0, 0(s0))
  li a1, ST_FS_CLEAN
  csrs sstatus, a1
  TEST_CASE(57, a0, 2, PRIV_GET_FS(a0, sstatus))
  TEST_CASE(58, a0, 3, fsgnj.d fa1, fa0, fa0; PRIV_GET_FS(a0, sstatus))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_CASE(59, a0, 3, PRIV_GET_FS(a0, mstatus))

  /* ---- U-mode: illegal with FS = Off, and dirties FS otherwise */
  PRIV_SET_FS(0)
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL(60, fadd.s fa0, fa1, fa2)
  PRIV_EXPECT_ILLEGAL(61, csrw fcsr, zero)
  PRIV_EXPECT_ILLEGAL(62, flw fa0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  PRIV_SET_FS(ST_FS_CLEAN)
  TEST_ENTER_MODE(TEST_MODE_U)
  TEST_CASE(63, a0, 0x11223344, fmv.w.x fa0, zero; lw a0, 4(s0))
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  TEST_CASE(64, a0, 3, PRIV_GET_FS(a0, mstatus))
  TEST_CASE(65, a0, 1, csrr a0, mstatus; srli a0, a0, 63)

  TEST_PASS

TEST_DATA
fpdata:
  .dword 0x1122334455667788
