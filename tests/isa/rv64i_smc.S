/* SPDX-License-Identifier: MIT */
/* Self-modifying code (Zifencei, Unprivileged ch. 6): a store that rewrites
 * a later instruction of the code being run, then fence.i. The rewritten
 * instruction must run with its new bits. Found by the lockstep test: the
 * JIT once ran the stale translation of the same block. */
#include "test.h"

TEST_BEGIN
  /* 1: the store rewrites an instruction two instructions later; fence.i as
        the spec requires before executing it */
  TEST_NUM(1)
  li a0, 0
  li a1, 0
  la t0, 1f
  lw t1, 0(t0)
  xori t1, t1, 0x80      /* addi a0 -> addi a1: rd field bit 7 */
  sw t1, 0(t0)
  fence.i
1: addi a0, zero, 1
  TEST_CHECK(a1, 1)
  TEST_CHECK(a0, 0)

  /* 2: the same within one straight-line run, without fence.i (Rivet keeps
        instruction fetch coherent with its own stores, as its interpreter does) */
  TEST_NUM(2)
  li a0, 0
  li a1, 0
  la t0, 2f
  lw t1, 0(t0)
  xori t1, t1, 0x80
  sw t1, 0(t0)
2: addi a0, zero, 1
  TEST_CHECK(a1, 1)
  TEST_CHECK(a0, 0)

  /* 3: a code page rewritten through an FP store (an interpreter body) */
  TEST_NUM(3)
  li t2, TEST_MSTATUS_FS_INITIAL
  csrs mstatus, t2
  li a0, 0
  li a1, 0
  la t0, 3f
  lw t1, 0(t0)
  xori t1, t1, 0x80
  fmv.w.x ft0, t1
  fsw ft0, 0(t0)
3: addi a0, zero, 1
  TEST_CHECK(a1, 1)
  TEST_CHECK(a0, 0)
TEST_END
