/* SPDX-License-Identifier: MIT */
/* FENCE variants and Zifencei (Unpriv 2.7, ch. "Zifencei"): fences execute as no-ops on
   one hart, and after fence.i instruction fetch sees stores to code (self-modifying code). */

#include "test.h"

/* addi a0, x0, imm */
#define ENC_ADDI_A0(imm) (((imm) << 20) | (10 << 7) | 0x13)
/* jalr x0, 0(ra) */
#define ENC_RET 0x00008067

TEST_BEGIN

  /* Every fence form executes and leaves registers and memory alone. */
  TEST_CASE(1, a0, 7, li a0, 7; fence)
  TEST_CASE(2, a0, 7, fence rw, rw; fence r, r; fence w, w; fence i, o; fence io, rw)
  TEST_CASE(3, a0, 7, fence iorw, iorw; fence.tso)
  /* pause (Zihintpause) is a fence hint with pred=W, succ=0. */
  TEST_CASE(4, a0, 7, .word 0x0100000f)
  TEST_CASE(5, a0, 0x1234, la a1, scratch; li a2, 0x1234; sd a2, 0(a1); fence w, r; ld a0, 0(a1))

  /* Write a two-instruction routine to data memory, fence.i, call it. */
  TEST_NUM(6)
  la a1, code_buf
  li a2, ENC_ADDI_A0(11)
  sw a2, 0(a1)
  li a2, ENC_RET
  sw a2, 4(a1)
  fence.i
  li a0, 0
  jalr ra, 0(a1)
  TEST_CHECK(a0, 11)

  /* Patch the routine that has already run (so may be cached or translated). */
  TEST_NUM(7)
  la a1, code_buf
  li a2, ENC_ADDI_A0(22)
  sw a2, 0(a1)
  fence.i
  li a0, 0
  jalr ra, 0(a1)
  TEST_CHECK(a0, 22)

  /* Patch it several times in a loop, running it after each patch. */
  TEST_NUM(8)
  li s1, 1
  li s2, 40
1: la a1, code_buf
  slli a2, s1, 20
  li a3, ENC_ADDI_A0(0)
  or a2, a2, a3
  sw a2, 0(a1)
  fence.i
  li a0, 0
  jalr ra, 0(a1)
  TEST_CHECK_REG(a0, s1)
  addi s1, s1, 1
  bne s1, s2, 1b

  /* Patch an instruction inside .text that runs after the fence.i, in the same page
     as the code doing the store. */
  TEST_NUM(9)
  la a1, patch_site
  li a2, ENC_ADDI_A0(33)
  sw a2, 0(a1)
  fence.i
  li a0, 0
patch_site:
  addi a0, x0, 1
  TEST_CHECK(a0, 33)

  /* Run the patch site in a loop twice with different encodings. */
  TEST_NUM(10)
  li s1, 0
2: la a1, loop_site
  li a2, ENC_ADDI_A0(44)
  beqz s1, 3f
  li a2, ENC_ADDI_A0(55)
3: sw a2, 0(a1)
  fence.i
  li a0, 0
loop_site:
  addi a0, x0, 1
  bnez s1, 4f
  TEST_CHECK(a0, 44)
  li s1, 1
  j 2b
4: TEST_CHECK(a0, 55)

  /* Patching with a halfword store (two halves of one instruction). */
  TEST_NUM(11)
  la a1, code_buf
  li a2, ENC_ADDI_A0(0x66)
  sh a2, 0(a1)
  srli a2, a2, 16
  sh a2, 2(a1)
  fence.i
  li a0, 0
  jalr ra, 0(a1)
  TEST_CHECK(a0, 0x66)

  TEST_END

TEST_DATA
scratch: .dword 0
  .balign 64
code_buf:
  .word 0, 0, 0, 0
