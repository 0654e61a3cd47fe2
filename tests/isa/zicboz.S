/* SPDX-License-Identifier: MIT */
/* Zicboz (Unpriv ch. "CMO"): cbo.zero writes zeros to the whole cache block containing
   rs1, aligned down; Rivet's block size is 64 bytes. Neighbouring blocks are untouched.
   In M-mode no menvcfg enable is needed (Priv 3.1.18). */

#include "test.h"

#define BLOCK 64

/* Fill the 3 blocks at buf with 0xa5, cbo.zero at buf+BLOCK+off, then check the first and
   last doublewords of each block. */
#define TEST_CBO_ZERO(n, off) \
  TEST_NUM(n); \
  call fill_buf; \
  la a1, buf + BLOCK + (off); \
  cbo.zero (a1); \
  la a1, buf; \
  ld a0, BLOCK - 8(a1); TEST_CHECK(a0, 0xa5a5a5a5a5a5a5a5); \
  ld a0, BLOCK(a1); TEST_CHECK(a0, 0); \
  ld a0, 2 * BLOCK - 8(a1); TEST_CHECK(a0, 0); \
  ld a0, 2 * BLOCK(a1); TEST_CHECK(a0, 0xa5a5a5a5a5a5a5a5)

TEST_BEGIN

  /* rs1 at the start, middle, and last byte of the block. */
  TEST_CBO_ZERO(1, 0)
  TEST_CBO_ZERO(2, 8)
  TEST_CBO_ZERO(3, 33)
  TEST_CBO_ZERO(4, BLOCK - 1)

  /* Every byte of the zeroed block is zero, and its neighbours keep every byte. */
  TEST_NUM(5)
  call fill_buf
  la a1, buf + BLOCK + 17
  cbo.zero (a1)
  la a1, buf
  li a2, 0
  li a3, 3 * BLOCK
1: add a4, a1, a2
  lbu a0, 0(a4)
  li a5, 0xa5
  sltiu a6, a2, BLOCK
  bnez a6, 2f
  sltiu a6, a2, 2 * BLOCK
  beqz a6, 2f
  li a5, 0
2: TEST_CHECK_REG(a0, a5)
  addi a2, a2, 1
  bne a2, a3, 1b

  /* rs1 is read as an address, not modified. */
  TEST_CASE(6, a0, 5, la a1, buf + BLOCK + 5; cbo.zero (a1); la a2, buf + BLOCK; sub a0, a1, a2)

  TEST_END

fill_buf:
  la a1, buf
  li a2, 0xa5a5a5a5a5a5a5a5
  li a3, 3 * BLOCK / 8
1: sd a2, 0(a1)
  addi a1, a1, 8
  addi a3, a3, -1
  bnez a3, 1b
  ret

TEST_DATA
  .balign BLOCK
buf:
  .fill 3 * BLOCK, 1, 0
