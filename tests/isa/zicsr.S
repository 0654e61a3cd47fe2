/* SPDX-License-Identifier: MIT */
/* Zicsr (Unpriv ch. "Zicsr"): the six CSR instructions' read/modify/write rules on
   mscratch and fcsr/frm/fflags, and Zicntr cycle/instret reading as counters. */

#include "test.h"

TEST_BEGIN

  /* csrrw returns the old value and writes rs1. */
  TEST_CASE(1, a0, 0, csrw mscratch, zero; li a1, 0x123456789abcdef0; csrrw a0, mscratch, a1)
  TEST_CASE(2, a0, 0x123456789abcdef0, csrr a0, mscratch)
  TEST_CASE(3, a0, 0x123456789abcdef0, li a1, -1; csrrw a0, mscratch, a1)
  TEST_CASE(4, a0, -1, csrr a0, mscratch)
  /* csrrw with rd == rs1 swaps. */
  TEST_CASE(5, a1, -1, li a1, 5; csrrw a1, mscratch, a1)
  TEST_CASE(6, a0, 5, csrr a0, mscratch)

  /* csrrs/csrrc set and clear the bits of rs1 and return the old value. */
  TEST_CASE(7, a0, 5, li a1, 0xf0; csrrs a0, mscratch, a1)
  TEST_CASE(8, a0, 0xf5, csrr a0, mscratch)
  TEST_CASE(9, a0, 0xf5, li a1, 0x81; csrrc a0, mscratch, a1)
  TEST_CASE(10, a0, 0x74, csrr a0, mscratch)
  TEST_CASE(11, a0, 0x74, li a1, 0x8000000000000000; csrrs a0, mscratch, a1)
  TEST_CASE(12, a0, 0x8000000000000074, csrr a0, mscratch)
  /* rs1 = x0: csrrs/csrrc read without writing. */
  TEST_CASE(13, a0, 0x8000000000000074, csrrs a0, mscratch, x0; csrrc a0, mscratch, x0)

  /* Immediate forms: 5-bit zero-extended uimm. */
  TEST_CASE(14, a0, 0x8000000000000074, csrrwi a0, mscratch, 31)
  TEST_CASE(15, a0, 31, csrr a0, mscratch)
  TEST_CASE(16, a0, 31, csrrci a0, mscratch, 0x11)
  TEST_CASE(17, a0, 0x0e, csrrsi a0, mscratch, 0x10)
  TEST_CASE(18, a0, 0x1e, csrr a0, mscratch)
  TEST_CASE(19, a0, 0x1e, csrrsi a0, mscratch, 0; csrrci a0, mscratch, 0)
  TEST_CASE(20, a0, 0, csrrwi x0, mscratch, 0; csrr a0, mscratch)
  TEST_RESTORE_MSCRATCH

  /* fcsr = frm[7:5] | fflags[4:0]; the three CSRs are views of one register
     (Unpriv 11.2). Bits above 7 of fcsr read as zero. */
  TEST_CASE(21, a0, 0, csrw fcsr, zero; csrr a0, fcsr)
  TEST_CASE(22, a0, 0xff, li a1, -1; csrw fcsr, a1; csrr a0, fcsr)
  TEST_CASE(23, a0, 7, csrr a0, frm)
  TEST_CASE(24, a0, 0x1f, csrr a0, fflags)
  TEST_CASE(25, a0, 0xe0, csrwi fflags, 0; csrr a0, fcsr)
  TEST_CASE(26, a0, 0x0a, csrwi frm, 0; csrwi fflags, 0x0a; csrr a0, fcsr)
  TEST_CASE(27, a0, 0x6a, csrwi frm, 3; csrr a0, fcsr)
  TEST_CASE(28, a0, 0x03, csrr a0, frm)
  TEST_CASE(29, a0, 0x6a, li a1, 0x55; csrrw a0, fcsr, a1)
  TEST_CASE(30, a0, 0x02, csrr a0, frm)
  TEST_CASE(31, a0, 0x15, csrr a0, fflags)
  /* frrm/fsrm/frflags/fsflags pseudo-instructions return the old field. */
  TEST_CASE(32, a0, 0x02, li a1, 4; fsrm a0, a1)
  TEST_CASE(33, a0, 0x04, frrm a0)
  TEST_CASE(34, a0, 0x15, li a1, 0x08; fsflags a0, a1)
  TEST_CASE(35, a0, 0x88, csrr a0, fcsr)
  TEST_CASE(36, a0, 0x08, csrrs a0, fflags, x0)
  TEST_CASE(37, a0, 0x09, csrsi fflags, 1; frflags a0)
  TEST_CASE(38, a0, 0, csrw fcsr, zero; csrr a0, fcsr)

  /* instret counts retired instructions; cycle never runs backward. */
  TEST_NUM(39)
  rdinstret a1
  nop
  nop
  nop
  rdinstret a2
  sub a0, a2, a1
  sltu a0, x0, a0
  TEST_CHECK(a0, 1)

  TEST_NUM(40)
  rdcycle a1
  li a3, 100
1: addi a3, a3, -1
  bnez a3, 1b
  rdcycle a2
  sltu a0, a2, a1
  TEST_CHECK(a0, 0)

  /* minstret and instret are the same counter (Priv 3.1.11). */
  TEST_NUM(41)
  csrr a1, minstret
  rdinstret a2
  sltu a0, a2, a1
  TEST_CHECK(a0, 0)

  TEST_END
