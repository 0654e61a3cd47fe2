/* SPDX-License-Identifier: MIT */
/* Dynamic rounding (Unpriv 11.2): an rm of dyn uses frm; the same instruction changes
   result when only frm changes; an invalid frm (5-7) makes dyn operations raise
   illegal instruction, while static rm and rm-less operations still execute. */

#include "test.h"

/* 1 + 2^-24 + 2^-47 style value: 0x3f800001 * (1 + 2^-23) needs rounding. */
#define S_A 0x3f800001
#define S_B 0x3f800001

TEST_BEGIN

  /* fmul.s 0x3f800001 * 0x3f800001 = 1 + 2^-22 + 2^-46: up modes round away. */
  li t0, 0; fsrm t0
  TEST_FP_OP2_S(1, fmul.s, dyn, FLAG_NX, 0x3f800002, S_A, S_B)
  li t0, 1; fsrm t0
  TEST_FP_OP2_S(2, fmul.s, dyn, FLAG_NX, 0x3f800002, S_A, S_B)
  li t0, 3; fsrm t0
  TEST_FP_OP2_S(3, fmul.s, dyn, FLAG_NX, 0x3f800003, S_A, S_B)
  /* Negative product: rdn rounds away from zero, rup toward. */
  li t0, 2; fsrm t0
  TEST_FP_OP2_S(4, fmul.s, dyn, FLAG_NX, 0xbf800003, 0xbf800001, S_B)
  li t0, 3; fsrm t0
  TEST_FP_OP2_S(5, fmul.s, dyn, FLAG_NX, 0xbf800002, 0xbf800001, S_B)
  li t0, 4; fsrm t0
  TEST_FP_OP2_S(6, fmul.s, dyn, FLAG_NX, 0xbf800002, 0xbf800001, S_B)

  /* 1 + 2^-53 in double: a tie. rne/rtz/rdn give 1, rup and rmm give 1 + 2^-52. */
  li t0, 0; fsrm t0
  TEST_FP_OP2_D(7, fadd.d, dyn, FLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000)
  li t0, 1; fsrm t0
  TEST_FP_OP2_D(8, fadd.d, dyn, FLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000)
  li t0, 2; fsrm t0
  TEST_FP_OP2_D(9, fadd.d, dyn, FLAG_NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000)
  li t0, 3; fsrm t0
  TEST_FP_OP2_D(10, fadd.d, dyn, FLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000)
  li t0, 4; fsrm t0
  TEST_FP_OP2_D(11, fadd.d, dyn, FLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000)

  /* fcvt.w.d with dyn: 2.5 -> 2 (rne), 2 (rtz), 2 (rdn), 3 (rup), 3 (rmm). */
  li t0, 0; fsrm t0
  TEST_FCVT_X_D(12, fcvt.w.d, dyn, FLAG_NX, 2, 0x4004000000000000)
  li t0, 3; fsrm t0
  TEST_FCVT_X_D(13, fcvt.w.d, dyn, FLAG_NX, 3, 0x4004000000000000)
  li t0, 4; fsrm t0
  TEST_FCVT_X_D(14, fcvt.w.d, dyn, FLAG_NX, 3, 0x4004000000000000)
  li t0, 2; fsrm t0
  TEST_FCVT_X_D(15, fcvt.w.d, dyn, FLAG_NX, 0xfffffffffffffffd, 0xc004000000000000)

  /* The default rm of an assembler mnemonic without one is dyn. */
  li t0, 3; fsrm t0
  TEST_CASE(16, a0, 0x3ff0000000000001, li a1, 0x3ff0000000000000; fmv.d.x fa0, a1; li a1, 0x3ca0000000000000; fmv.d.x fa1, a1; fadd.d fa3, fa0, fa1; fmv.x.d a0, fa3)

  /* Invalid frm values: dyn operations trap, others run. */
  li t0, 5; fsrm t0
  TEST_EXPECT_TRAP_ANY_TVAL(17, CAUSE_ILLEGAL_INSTRUCTION, fadd.s fa3, fa0, fa1, dyn)
  li t0, 6; fsrm t0
  TEST_EXPECT_TRAP_ANY_TVAL(18, CAUSE_ILLEGAL_INSTRUCTION, fmul.d fa3, fa0, fa1, dyn)
  li t0, 7; fsrm t0
  TEST_EXPECT_TRAP_ANY_TVAL(19, CAUSE_ILLEGAL_INSTRUCTION, fcvt.l.d a0, fa0, dyn)
  TEST_EXPECT_TRAP_ANY_TVAL(20, CAUSE_ILLEGAL_INSTRUCTION, fmadd.s fa3, fa0, fa1, fa2, dyn)
  TEST_EXPECT_TRAP_ANY_TVAL(21, CAUSE_ILLEGAL_INSTRUCTION, fsqrt.d fa3, fa0, dyn)
  TEST_CASE(22, a0, 7, frrm a0)
  TEST_FP_OP2_D(23, fadd.d, rup, FLAG_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000)
  TEST_FP_OP2N_S(24, fmin.s, 0, 0xbf800000, 0x3f800000, 0xbf800000)
  TEST_FP_OP2N_D(25, fsgnjn.d, 0, 0xbff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000)
  TEST_FP_CMP_S(26, flt.s, 0, 1, 0xbf800000, 0x3f800000)
  TEST_FCLASS_D(27, 0x40, 0x3ff0000000000000)
  TEST_CASE(28, a0, 0x3f800000, li a1, 0x3f800000; fmv.w.x fa0, a1; fmv.x.w a0, fa0)
  /* The trapping instructions left fflags alone. */
  TEST_CASE(29, a0, 0, csrwi fflags, 0; TEST_ARM_TRAP(TEST_EXPECT_ANY_TVAL, CAUSE_ILLEGAL_INSTRUCTION, 0, 1f); fdiv.d fa3, fa0, fa0, dyn; j test_fail; 1: frflags a0)

  li t0, 0; fsrm t0
  TEST_END
