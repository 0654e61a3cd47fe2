/* SPDX-License-Identifier: MIT */
/* RV64C (Unpriv ch. 16 "C"): every RV64 compressed instruction form, written with explicit
   c. mnemonics and checked at assembly time to be 16 bits, plus 32-bit instructions at
   2-byte alignment and one straddling a page boundary. */

#include "test.h"

/* Emit one instruction and fail the build unless it took exactly 2 bytes. Branches and
   jumps to labels cannot be measured at assembly time; explicit c. mnemonics for them
   are never expanded by the assembler. */
#define C16(insn...) \
9970: insn; \
9971: ; \
  .if (9971b - 9970b) != 2; \
  .error "expected a 16-bit encoding"; \
  .endif

TEST_BEGIN
  .option push
  .option norelax
  .option rvc

  /* Quadrant 0 ---------------------------------------------------------------- */

  /* c.addi4spn: rd' = sp + zero-extended nzuimm (scaled by 4). */
  mv s2, sp
  la sp, cdat
  TEST_CASE(1, a0, 4, C16(c.addi4spn a0, sp, 4); sub a0, a0, sp)
  TEST_CASE(2, s1, 1020, C16(c.addi4spn s1, sp, 1020); sub s1, s1, sp)
  mv sp, s2

  /* c.lw sign-extends; c.ld; offsets up to 124 / 248. */
  TEST_CASE(3, a0, 0xffffffff80000001, la a1, cdat; C16(c.lw a0, 0(a1)))
  TEST_CASE(4, a2, 0x7fffffff, la a1, cdat; C16(c.lw a2, 124(a1)))
  TEST_CASE(5, a3, 0x0123456789abcdef, la a1, cdat; C16(c.ld a3, 8(a1)))
  TEST_CASE(6, s0, 0xfedcba9876543210, la a1, cdat; C16(c.ld s0, 248(a1)))
  /* c.lw whose destination is its base register. */
  TEST_CASE(7, a1, 0xffffffff80000001, la a1, cdat; C16(c.lw a1, 0(a1)))

  /* c.sw stores the low 32 bits only; c.sd. */
  TEST_CASE(8, a0, 0xa5a5a5a512345678, la a1, sbuf; li a2, 0xa5a5a5a5a5a5a5a5; sd a2, 0(a1); li a2, 0x7777777712345678; C16(c.sw a2, 0(a1)); ld a0, 0(a1))
  TEST_CASE(9, a0, 0xffffffff9abcdef0, la a1, sbuf; li a2, 0x9abcdef0; C16(c.sw a2, 124(a1)); lw a0, 124(a1))
  TEST_CASE(10, a0, 0x8000000000000001, la a1, sbuf; li a2, 0x8000000000000001; C16(c.sd a2, 248(a1)); ld a0, 248(a1))
  TEST_CASE(11, a0, 0x0102030405060708, la a1, sbuf; li a5, 0x0102030405060708; C16(c.sd a5, 16(a1)); ld a0, 16(a1))

  /* c.fld / c.fsd on f8-f15. */
  TEST_CASE(12, a0, 0x400921fb54442d18, la a1, cdat; C16(c.fld fa0, 16(a1)); fmv.x.d a0, fa0)
  TEST_CASE(13, a0, 0x3ff0000000000000, la a1, cdat; C16(c.fld fs1, 240(a1)); fmv.x.d a0, fs1)
  TEST_CASE(14, a0, 0xc000000000000000, la a1, sbuf; li a2, 0xc000000000000000; fmv.d.x fa5, a2; C16(c.fsd fa5, 32(a1)); ld a0, 32(a1))
  TEST_CASE(15, a0, 0x7ff8000000000000, la a1, sbuf; li a2, 0x7ff8000000000000; fmv.d.x fs0, a2; C16(c.fsd fs0, 248(a1)); ld a0, 248(a1))

  /* Quadrant 1 ---------------------------------------------------------------- */

  TEST_CASE(16, a0, 5, li a0, 5; C16(c.nop))
  /* c.addi: 6-bit sign-extended immediate, any rd. */
  TEST_CASE(17, a0, 4, li a0, 5; C16(c.addi a0, -1))
  TEST_CASE(18, t3, 0xffffffffffffffe0, li t3, 0; C16(c.addi t3, -32))
  TEST_CASE(19, ra, 0x800000000000001e, li ra, 0x7fffffffffffffff; C16(c.addi ra, 31))
  /* c.addiw: 32-bit add, result sign-extended; imm 0 is sext.w. */
  TEST_CASE(20, a0, 0xffffffff80000000, li a0, 0x7fffffff; C16(c.addiw a0, 1))
  TEST_CASE(21, s3, 0xffffffff80000000, li s3, 0x1234567880000000; C16(c.addiw s3, 0))
  TEST_CASE(22, a0, 0x7fffffe0, li a0, 0xffffffff80000000; C16(c.addiw a0, -32))
  /* c.li */
  TEST_CASE(23, a0, 0xffffffffffffffe0, li a0, 7; C16(c.li a0, -32))
  TEST_CASE(24, a0, 31, C16(c.li t6, 31); mv a0, t6)
  /* c.addi16sp: sp += nzimm (multiple of 16, -512..496). */
  mv s2, sp
  la sp, cdat + 1024
  TEST_CASE(25, a0, 0xfffffffffffffe00, mv a1, sp; C16(c.addi16sp sp, -512); sub a0, sp, a1)
  TEST_CASE(26, a0, 496, mv a1, sp; C16(c.addi16sp sp, 496); sub a0, sp, a1)
  TEST_CASE(27, a0, 16, mv a1, sp; C16(c.addi16sp sp, 16); sub a0, sp, a1)
  mv sp, s2
  /* c.lui: nzimm[17:12] sign-extended from bit 17. */
  TEST_CASE(28, a0, 0x1000, li a0, -1; C16(c.lui a0, 1))
  TEST_CASE(29, a0, 0x1f000, C16(c.lui a0, 0x1f))
  TEST_CASE(30, a0, 0xfffffffffffff000, C16(c.lui a0, 0xfffff))
  TEST_CASE(31, s4, 0xfffffffffffe0000, C16(c.lui s4, 0xfffe0))
  /* c.srli / c.srai / c.andi on x8-x15, 6-bit shamt. */
  TEST_CASE(32, a0, 0x4000000000000000, li a0, 0x8000000000000000; C16(c.srli a0, 1))
  TEST_CASE(33, a0, 1, li a0, 0x8000000000000000; C16(c.srli a0, 63))
  TEST_CASE(34, a0, 0xffffffff80000000, li a0, 0x8000000000000000; C16(c.srai a0, 32))
  TEST_CASE(35, s1, 0xffffffffffffffff, li s1, 0x8000000000000000; C16(c.srai s1, 63))
  TEST_CASE(36, a0, 0x0123456789abcde0, li a0, 0x0123456789abcdef; C16(c.andi a0, -16))
  TEST_CASE(37, a0, 0x0f, li a0, 0x0123456789abcdef; C16(c.andi a0, 31))
  TEST_CASE(38, a0, 0xffffffffffffffe0, li a0, -1; C16(c.andi a0, -32))
  /* CA format. */
  TEST_CASE(39, a0, 0xfffffffffffffffc, li a0, 3; li a1, 7; C16(c.sub a0, a1))
  TEST_CASE(40, a0, 0xf00ff00ff00ff00f, li a0, 0xff00ff00ff00ff00; li a1, 0x0f0f0f0f0f0f0f0f; C16(c.xor a0, a1))
  TEST_CASE(41, a0, 0xff0fff0fff0fff0f, li a0, 0xff00ff00ff00ff00; li a1, 0x0f0f0f0f0f0f0f0f; C16(c.or a0, a1))
  TEST_CASE(42, a0, 0x0f000f000f000f00, li a0, 0xff00ff00ff00ff00; li a1, 0x0f0f0f0f0f0f0f0f; C16(c.and a0, a1))
  TEST_CASE(43, a0, 0xffffffff80000000, li a0, 0x7fffffff; li a1, 0xffffffffffffffff; C16(c.subw a0, a1))
  TEST_CASE(44, a0, 0x7fffffff, li a0, 0x80000000; li a1, 1; C16(c.subw a0, a1))
  TEST_CASE(45, a0, 0xffffffff80000000, li a0, 0x7fffffff; li a1, 1; C16(c.addw a0, a1))
  TEST_CASE(46, s0, 0x00000000, li s0, 0x12345678ffffffff; li a5, 0xabcdef0000000001; C16(c.addw s0, a5))

  /* c.j forward and backward. */
  TEST_NUM(47)
  c.j 1f
  j test_fail
2: c.j 3f
  j test_fail
1: c.j 2b
  j test_fail
3:

  /* c.beqz / c.bnez taken and not taken, forward and backward. */
  TEST_NUM(48)
  li a0, 0
  li a1, 0x100000000
  c.beqz a0, 1f
  j test_fail
1: c.bnez a0, 4f
  c.bnez a1, 2f
  j test_fail
2: c.beqz a1, 4f
  j 5f
4: j test_fail
5:
  TEST_NUM(49)
  li s1, 3
  li a0, 0
6: addi a0, a0, 1
  addi s1, s1, -1
  c.bnez s1, 6b
  TEST_CHECK(a0, 3)
  li a1, -1
  c.beqz a1, 4b

  /* Quadrant 2 ---------------------------------------------------------------- */

  /* c.slli on any register, shamt up to 63. */
  TEST_CASE(50, t0, 0x8000000000000000, li t0, 1; C16(c.slli t0, 63))
  TEST_CASE(51, a0, 0x89abcdef00000000, li a0, 0x0123456789abcdef; C16(c.slli a0, 32))
  TEST_CASE(52, s5, 0x2468acf13579bdde, li s5, 0x123456789abcdeef; C16(c.slli s5, 1))

  /* Stack-pointer loads: c.lwsp sign-extends, c.ldsp, c.fldsp, with their largest offsets. */
  mv s2, sp
  la sp, cdat
  TEST_CASE(53, a0, 0xffffffff80000001, C16(c.lwsp a0, 0(sp)))
  TEST_CASE(54, t2, 0x7fffffff, C16(c.lwsp t2, 124(sp)))
  TEST_CASE(55, a0, 0x0123456789abcdef, C16(c.ldsp a0, 8(sp)))
  TEST_CASE(56, s6, 0xfedcba9876543210, C16(c.ldsp s6, 248(sp)))
  TEST_CASE(57, a0, 0x400921fb54442d18, C16(c.fldsp ft1, 16(sp)); fmv.x.d a0, ft1)
  la sp, cdat_hi
  TEST_CASE(58, a0, 0x1122334455667788, C16(c.ldsp a0, 504(sp)))
  TEST_CASE(59, a0, 0xffffffffcafef00d, C16(c.lwsp a0, 252(sp)))
  TEST_CASE(60, a0, 0xbff0000000000000, C16(c.fldsp fs11, 496(sp)); fmv.x.d a0, fs11)

  /* Stack-pointer stores: c.swsp, c.sdsp, c.fsdsp. */
  la sp, sbuf
  TEST_CASE(61, a0, 0x00000000deadbeef, sd zero, 0(sp); li t3, 0x12345678deadbeef; C16(c.swsp t3, 0(sp)); ld a0, 0(sp))
  TEST_CASE(62, a0, 0xffffffffdeadbeef, C16(c.swsp t3, 252(sp)); lw a0, 252(sp))
  TEST_CASE(63, a0, 0x12345678deadbeef, C16(c.sdsp t3, 504(sp)); ld a0, 504(sp))
  TEST_CASE(64, a0, 0x8000000000000000, li t4, 0x8000000000000000; C16(c.sdsp t4, 8(sp)); ld a0, 8(sp))
  TEST_CASE(65, a0, 0x4000000000000000, li t4, 0x4000000000000000; fmv.d.x ft9, t4; C16(c.fsdsp ft9, 496(sp)); ld a0, 496(sp))
  mv sp, s2

  /* c.mv and c.add. */
  TEST_CASE(66, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; C16(c.mv a0, a1))
  TEST_CASE(67, t5, 0xffffffffffffffff, li t5, 0x7fffffffffffffff; li s7, 0x8000000000000000; C16(c.add t5, s7))
  TEST_CASE(68, a0, 0x100000000, li a0, 0xffffffff; li a1, 1; C16(c.add a0, a1))

  /* c.jr jumps without linking and clears bit 0 of the target. */
  TEST_NUM(69)
  li ra, 0x55
  la a0, 1f
  C16(c.jr a0)
  j test_fail
1: TEST_CHECK(ra, 0x55)
  TEST_NUM(70)
  la a0, 1f
  addi a0, a0, 1
  C16(c.jr a0)
  j test_fail
1:

  /* c.jalr links ra = pc + 2. */
  TEST_NUM(71)
  la a0, 1f
2: C16(c.jalr a0)
  j test_fail
1: la a1, 2b
  addi a1, a1, 2
  TEST_CHECK_REG(ra, a1)
  /* c.jalr with rs1 == ra: the target is the old ra. */
  TEST_NUM(72)
  la ra, 1f
2: C16(c.jalr ra)
  j test_fail
1: la a1, 2b
  addi a1, a1, 2
  TEST_CHECK_REG(ra, a1)

  /* Mixed 16/32-bit streams: 32-bit instructions at addresses that are 2 mod 4, and a
     jalr to such an address (IALIGN is 16 with C). Alignment padding is never executed:
     the assembler may pad with zeros. */
  TEST_NUM(73)
  j 1f
  .balign 4
1:
  C16(c.li a0, 1)
  addi a0, a0, 0x100
  C16(c.addi a0, 2)
  addi a0, a0, 0x200
  TEST_CHECK(a0, 0x303)
  TEST_NUM(74)
  j 2f
  .balign 4
2:
  la a1, 1f
  jalr ra, 0(a1)
  j test_fail
  C16(c.nop)
1: addi a0, x0, 9
  TEST_CHECK(a0, 9)
  /* The link of a 32-bit jalr at a 2-mod-4 address. */
  TEST_NUM(75)
  j 3f
  .balign 4
3:
  C16(c.nop)
2: jal ra, 1f
  j test_fail
1: la a1, 2b
  addi a1, a1, 4
  TEST_CHECK_REG(ra, a1)

  /* A 32-bit instruction whose halves lie on two pages. */
  TEST_NUM(76)
  li a0, 0
  la a1, straddle
  jalr ra, 0(a1)
  TEST_CHECK(a0, 0x5a5)

  .option pop
  TEST_END

  .option push
  .option rvc
  .balign 4096
  .skip 4096 - 6
straddle:
  c.nop
  c.nop
  addi a0, x0, 0x5a5
  ret
  .option pop

TEST_DATA
cdat:
  .word 0x80000001, 0
  .dword 0x0123456789abcdef
  .dword 0x400921fb54442d18
  .skip 124 - 24
  .word 0x7fffffff
  .skip 240 - 128
  .dword 0x3ff0000000000000
  .dword 0xfedcba9876543210
  .balign 512
cdat_hi:
  .fill 252, 1, 0
  .word 0xcafef00d
  .fill 496 - 256, 1, 0
  .dword 0xbff0000000000000
  .dword 0x1122334455667788
  .balign 512
sbuf:
  .fill 512, 1, 0
