/* SPDX-License-Identifier: MIT */
/* RV64I lui/auipc (Unpriv 4.2.1: the 32-bit result is sign-extended to 64 bits) and the
   x0 register: writes to x0 are discarded and x0 always reads 0 (Unpriv 2.1). */

#include "test.h"

TEST_BEGIN

  /* lui places imm << 12 and sign-extends bit 31. */
  TEST_CASE(1, a0, 0, lui a0, 0)
  TEST_CASE(2, a0, 0x1000, lui a0, 1)
  TEST_CASE(3, a0, 0x7ffff000, lui a0, 0x7ffff)
  TEST_CASE(4, a0, 0xffffffff80000000, lui a0, 0x80000)
  TEST_CASE(5, a0, 0xfffffffffffff000, lui a0, 0xfffff)
  TEST_CASE(6, a0, 0x12345000, li a0, -1; lui a0, 0x12345)
  TEST_CASE(7, a0, 0xffffffffabcde000, lui a0, 0xabcde)
  TEST_CASE(8, a0, 0xffffffff80000001, lui a0, 0x80000; addi a0, a0, 1)

  /* auipc adds the sign-extended upper immediate to its own address. */
  TEST_CASE(9, a0, 0, 1: auipc a0, 0; la a1, 1b; sub a0, a0, a1)
  TEST_CASE(10, a0, 0x1000, 1: auipc a0, 1; la a1, 1b; sub a0, a0, a1)
  TEST_CASE(11, a0, 0x7ffff000, 1: auipc a0, 0x7ffff; la a1, 1b; sub a0, a0, a1)
  TEST_CASE(12, a0, 0xffffffff80000000, 1: auipc a0, 0x80000; la a1, 1b; sub a0, a0, a1)
  TEST_CASE(13, a0, 0xfffffffffffff000, 1: auipc a0, 0xfffff; la a1, 1b; sub a0, a0, a1)
  TEST_CASE(14, a0, 0x12345000, 1: auipc a0, 0x12345; la a1, 1b; sub a0, a0, a1)
  /* The auipc result is usable as a jump target: skip the failing jump. */
  TEST_CASE(15, a0, 0, 1: auipc a0, 0; addi a0, a0, 16; jr a0; j test_fail; 2: la a1, 2b; sub a0, a0, a1)

  /* x0 ignores writes from every instruction format. */
  TEST_CASE(16, x0, 0, li a1, 5; add x0, a1, a1)
  TEST_CASE(17, x0, 0, addi x0, x0, 123)
  TEST_CASE(18, x0, 0, lui x0, 0x12345)
  TEST_CASE(19, x0, 0, auipc x0, 1)
  TEST_CASE(20, x0, 0, la a1, tdat; ld x0, 0(a1))
  TEST_CASE(21, x0, 0, la a1, tdat; lw x0, 0(a1))
  TEST_CASE(22, x0, 0, jal x0, 1f; 1:)
  TEST_CASE(23, x0, 0, la a1, 1f; jalr x0, 0(a1); 1:)
  TEST_CASE(24, x0, 0, li a1, -1; slli x0, a1, 3)
  TEST_CASE(25, x0, 0, li a1, -1; addiw x0, a1, 3)
  TEST_CASE(26, x0, 0, csrr x0, mscratch)
  TEST_CASE(27, x0, 0, li a1, 7; li a2, 3; mul x0, a1, a2)
  TEST_CASE(28, x0, 0, li a1, 7; li a2, 3; sub x0, a1, a2)
  /* x0 as a source reads 0 right after an attempted write. */
  TEST_CASE(29, a0, 0, addi x0, x0, 1; addi a0, x0, 0)
  TEST_CASE(30, a0, 42, li a1, 9; or x0, a1, a1; addi a0, x0, 42)
  TEST_CASE(31, a0, 0, li a1, -1; xor x0, a1, x0; add a0, x0, x0)
  TEST_CASE(32, a0, 1, li a1, 8; sltu a0, x0, a1)
  /* The load into x0 still happens, so the data it reads is intact. */
  TEST_CASE(33, a0, 0x0123456789abcdef, la a1, tdat; ld x0, 0(a1); ld a0, 0(a1))

  TEST_END

TEST_DATA
tdat: .dword 0x0123456789abcdef
