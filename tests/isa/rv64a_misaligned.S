/* SPDX-License-Identifier: MIT */
/* Misaligned atomics (Unpriv 14.2, 14.4): they are not emulated like plain loads and
   stores. Rivet raises address-misaligned: load (4) for LR, store/AMO (6) for SC and AMOs,
   with mtval the faulting address; memory is left unchanged. */

#include "test.h"

#define TEST_AMO_MISALIGNED(n, inst, off) \
  la a1, abuf; addi a4, a1, off; li a2, 1; \
  TEST_EXPECT_TRAP_REG(n, CAUSE_MISALIGNED_STORE, a4, inst a0, a2, (a4))

TEST_BEGIN

  /* LR: a load, so load address misaligned. */
  la a4, abuf + 2
  TEST_EXPECT_TRAP_REG(1, CAUSE_MISALIGNED_LOAD, a4, lr.w a0, (a4))
  la a4, abuf + 4
  TEST_EXPECT_TRAP_REG(2, CAUSE_MISALIGNED_LOAD, a4, lr.d a0, (a4))
  la a4, abuf + 1
  TEST_EXPECT_TRAP_REG(3, CAUSE_MISALIGNED_LOAD, a4, lr.d a0, (a4))

  /* SC: store/AMO address misaligned, whether or not a reservation is held. */
  la a4, abuf + 2
  TEST_EXPECT_TRAP_REG(4, CAUSE_MISALIGNED_STORE, a4, sc.w a0, a2, (a4))
  la a4, abuf + 4
  TEST_EXPECT_TRAP_REG(5, CAUSE_MISALIGNED_STORE, a4, sc.d a0, a2, (a4))
  la a1, abuf
  lr.d a0, (a1)
  la a4, abuf + 3
  TEST_EXPECT_TRAP_REG(6, CAUSE_MISALIGNED_STORE, a4, sc.d a0, a2, (a4))

  /* Every AMO, both widths. */
  TEST_AMO_MISALIGNED(10, amoswap.w, 1)
  TEST_AMO_MISALIGNED(11, amoadd.w, 2)
  TEST_AMO_MISALIGNED(12, amoxor.w, 3)
  TEST_AMO_MISALIGNED(13, amoand.w, 5)
  TEST_AMO_MISALIGNED(14, amoor.w, 6)
  TEST_AMO_MISALIGNED(15, amomin.w, 7)
  TEST_AMO_MISALIGNED(16, amomax.w, 2)
  TEST_AMO_MISALIGNED(17, amominu.w, 2)
  TEST_AMO_MISALIGNED(18, amomaxu.w, 2)
  TEST_AMO_MISALIGNED(20, amoswap.d, 4)
  TEST_AMO_MISALIGNED(21, amoadd.d, 1)
  TEST_AMO_MISALIGNED(22, amoxor.d, 2)
  TEST_AMO_MISALIGNED(23, amoand.d, 3)
  TEST_AMO_MISALIGNED(24, amoor.d, 4)
  TEST_AMO_MISALIGNED(25, amomin.d, 5)
  TEST_AMO_MISALIGNED(26, amomax.d, 6)
  TEST_AMO_MISALIGNED(27, amominu.d, 7)
  TEST_AMO_MISALIGNED(28, amomaxu.d, 4)

  /* None of the trapping instructions changed memory. */
  TEST_NUM(30)
  la a1, abuf
  ld a0, 0(a1)
  TEST_CHECK(a0, 0x0706050403020100)
  ld a0, 8(a1)
  TEST_CHECK(a0, 0x0f0e0d0c0b0a0908)

  TEST_END

TEST_DATA
abuf:
  .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
