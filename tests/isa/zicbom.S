/* SPDX-License-Identifier: MIT */
/* Zicbom (Unpriv ch. "CMO"): cbo.clean, cbo.flush and cbo.inval execute in M-mode without
   trapping (menvcfg enables matter only below M, Priv 3.1.18) at any address within a
   block. clean/flush keep memory contents; after inval the contents are not checked,
   since invalidation may discard data not yet written back. */

#include "test.h"

TEST_BEGIN

  /* clean and flush on aligned and unaligned addresses keep the data. */
  TEST_CASE(1, a0, 0x1111111111111111, la a1, buf; li a2, 0x1111111111111111; sd a2, 0(a1); cbo.clean (a1); ld a0, 0(a1))
  TEST_CASE(2, a0, 0x2222222222222222, la a1, buf; li a2, 0x2222222222222222; sd a2, 8(a1); addi a3, a1, 13; cbo.clean (a3); ld a0, 8(a1))
  TEST_CASE(3, a0, 0x3333333333333333, la a1, buf; li a2, 0x3333333333333333; sd a2, 16(a1); cbo.flush (a1); ld a0, 16(a1))
  TEST_CASE(4, a0, 0x4444444444444444, la a1, buf; li a2, 0x4444444444444444; sd a2, 24(a1); addi a3, a1, 63; cbo.flush (a3); ld a0, 24(a1))

  /* inval executes; the block stays usable afterwards. */
  TEST_CASE(5, a0, 0x5555555555555555, la a1, buf + 64; cbo.inval (a1); li a2, 0x5555555555555555; sd a2, 0(a1); ld a0, 0(a1))
  TEST_CASE(6, a0, 0x6666666666666666, la a1, buf + 64; addi a3, a1, 7; cbo.inval (a3); li a2, 0x6666666666666666; sd a2, 8(a1); ld a0, 8(a1))

  /* rs1 is only read; the other block is unaffected by any of them. */
  TEST_CASE(7, a0, 0, la a1, buf; mv a2, a1; cbo.clean (a1); cbo.flush (a1); sub a0, a1, a2)
  TEST_CASE(8, a0, 0x1111111111111111, la a1, buf; ld a0, 0(a1))
  TEST_CASE(9, a0, 0x7777777777777777, la a1, buf + 128; li a2, 0x7777777777777777; sd a2, 0(a1); addi a3, a1, -64; cbo.inval (a3); ld a0, 0(a1))

  TEST_END

TEST_DATA
  .balign 64
buf:
  .fill 192, 1, 0
