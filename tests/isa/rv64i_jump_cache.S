/* SPDX-License-Identifier: MIT */
/* Jumps taken again and again from one call site, as the JIT's jump cache
 * serves indirect jumps (jalr) and direct jumps to another page from
 * generated code: a callee rewritten after several calls (then fence.i,
 * Zifencei) must run its new bits, and two callees that share a jump-cache
 * slot (8 KiB apart) must each run their own code. */
#include "test.h"

TEST_BEGIN
  /* 1: six calls through one jalr; before the fifth, fn's first instruction
        becomes addi a1 (rd bit 7) */
  TEST_NUM(1)
  la t0, fn
  li s1, 6
  li s2, 0
  li s3, 0
1:
  li t3, 2
  bne s1, t3, 2f
  lw t1, 0(t0)
  xori t1, t1, 0x80
  sw t1, 0(t0)
  fence.i
2:
  li a0, 0
  li a1, 0
  jalr ra, 0(t0)
  add s2, s2, a0
  add s3, s3, a1
  addi s1, s1, -1
  bnez s1, 1b
  TEST_CHECK(s2, 4)
  TEST_CHECK(s3, 2)

  /* 2: alternate between two callees in the same slot: 3 * (1 + 2) */
  TEST_NUM(2)
  la s4, slot_a
  la s5, slot_b
  li s1, 6
  li s2, 0
3:
  andi t3, s1, 1
  mv t0, s4
  beqz t3, 4f
  mv t0, s5
4:
  li a0, 0
  jalr ra, 0(t0)
  add s2, s2, a0
  addi s1, s1, -1
  bnez s1, 3b
  TEST_CHECK(s2, 9)

  /* 3: as 1, through a direct call to a function on its own page */
  TEST_NUM(3)
  la t0, far_fn
  li s1, 6
  li s2, 0
  li s3, 0
5:
  li t3, 2
  bne s1, t3, 6f
  lw t1, 0(t0)
  xori t1, t1, 0x80
  sw t1, 0(t0)
  fence.i
6:
  li a0, 0
  li a1, 0
  call far_fn
  add s2, s2, a0
  add s3, s3, a1
  addi s1, s1, -1
  bnez s1, 5b
  TEST_CHECK(s2, 4)
  TEST_CHECK(s3, 2)
TEST_END

  .text
  .balign 4
fn:
  addi a0, zero, 1
  ret

  .balign 4096
far_fn:
  addi a0, zero, 1
  ret

  .balign 4096
slot_a:
  li a0, 1
  ret
  .skip 0x2000 - (. - slot_a)
slot_b:
  li a0, 2
  ret
