/* SPDX-License-Identifier: MIT */
/* RV64I unconditional jumps (Unpriv 2.5.1): jal/jalr link values (pc+4), jalr target
   (rs1 + imm with bit 0 cleared), rd == rs1 for jalr, and long jal offsets. */

#include "test.h"

TEST_BEGIN

  /* jal writes pc+4 to rd and jumps forward. */
  TEST_NUM(1)
  li ra, 0
  jal ra, 1f
2: j test_fail
1: la a0, 2b
  TEST_CHECK_REG(ra, a0)

  /* jal with a link register other than ra. */
  TEST_NUM(2)
  jal a4, 1f
2: j test_fail
1: la a0, 2b
  TEST_CHECK_REG(a4, a0)

  /* jal backward. */
  TEST_NUM(3)
  j 2f
1: la a0, 3f
  TEST_CHECK_REG(a5, a0)
  j 4f
2: jal a5, 1b
3: j test_fail
4:

  /* jal x0 (plain j) leaves no link anywhere: ra keeps its value. */
  TEST_CASE(4, ra, 0x55, li ra, 0x55; jal x0, 1f; j test_fail; 1:)

  /* jalr with zero, positive and negative offsets; link is pc+4. */
  TEST_NUM(5)
  la t0, 1f
  jalr ra, 0(t0)
2: j test_fail
1: la a0, 2b
  TEST_CHECK_REG(ra, a0)

  TEST_NUM(6)
  la t0, 1f - 16
  jalr ra, 16(t0)
  j test_fail
1:

  TEST_NUM(7)
  la t0, 1f + 2040
  jalr ra, -2040(t0)
  j test_fail
1:

  /* jalr clears bit 0 of rs1 + imm: odd base, odd offset, and both odd. */
  TEST_NUM(8)
  la t0, 1f
  addi t0, t0, 1
  jalr ra, 0(t0)
  j test_fail
1:

  TEST_NUM(9)
  la t0, 1f
  jalr ra, 1(t0)
  j test_fail
1:

  TEST_NUM(10)
  la t0, 1f
  addi t0, t0, -1
  jalr ra, 1(t0)
  j test_fail
1:

  TEST_NUM(11)
  la t0, 1f
  addi t0, t0, 1
  jalr ra, -1(t0)
  j test_fail
1:

  /* jalr with rd == rs1: the target uses the old rs1, then rd gets pc+4. */
  TEST_NUM(12)
  la t0, 1f
  jalr t0, 0(t0)
2: j test_fail
1: la a0, 2b
  TEST_CHECK_REG(t0, a0)

  TEST_NUM(13)
  la ra, 1f
  jalr ra, ra, 0
2: j test_fail
1: la a0, 2b
  TEST_CHECK_REG(ra, a0)

  /* jalr x0 (ret) writes nothing. */
  TEST_CASE(14, t1, 0x77, li t1, 0x77; la ra, 1f; jalr x0, 0(ra); j test_fail; 1:)

  /* Call and return through a subroutine with auipc+jalr (call) and ret. */
  TEST_NUM(15)
  li a0, 0
  call subr_add5
  call subr_add5
  TEST_CHECK(a0, 10)

  /* jal across more than 64 KiB each way exercises every offset bit group. */
  TEST_NUM(16)
  jal ra, far_forward
far_back:
  j 1f
  .skip 0x11000
far_forward:
  jal a0, far_back
  j test_fail
1:

  /* A jalr whose target is computed from a register written just before. */
  TEST_NUM(17)
  la t1, table
  ld t2, 8(t1)
  jalr ra, 0(t2)
  j test_fail
table_target:

  TEST_END

subr_add5:
  addi a0, a0, 5
  ret

TEST_DATA
table:
  .dword 0
  .dword table_target
