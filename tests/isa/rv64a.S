/* SPDX-License-Identifier: MIT */
/* RV64A (Unpriv ch. 14): every AMO in .w and .d form with returned and stored values,
   register aliasing, and LR/SC success and the failures the spec requires. */

#include "test.h"

/* Apply inst to the word or doubleword at amo_buf+off holding `init` (the buffer's first
   doubleword), then check rd, rs2 and the doubleword afterwards. */
#define TEST_AMO(n, inst, off, init, val, ret, after) \
  TEST_NUM(n); \
  la a1, amo_buf; li a2, init; sd a2, 0(a1); \
  addi a4, a1, off; li a2, val; \
  inst a0, a2, (a4); \
  TEST_CHECK(a0, ret); \
  TEST_CHECK(a2, val); \
  ld a5, 0(a1); \
  TEST_CHECK(a5, after)

TEST_BEGIN

  /* An SC with no reservation ever taken must fail and leave memory alone. */
  TEST_NUM(100)
  la a1, lrsc_buf
  li a2, 0x1111
  sd a2, 0(a1)
  li a3, 0x2222
  sc.d a0, a3, (a1)
  beqz a0, test_fail
  ld a5, 0(a1)
  TEST_CHECK(a5, 0x1111)

  /* Each AMO returns the old memory value (sign-extended for .w) in rd and stores
     op(old, rs2) (Unpriv 14.4); .w forms touch only their 32-bit word and use only
     rs2[31:0]. Each case checks rd and the whole doubleword. */

  /* amoswap.d / amoswap.w */
  TEST_AMO(1, amoswap.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x1)
  TEST_AMO(2, amoswap.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff)
  TEST_AMO(3, amoswap.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0xffffffffffffffff)
  TEST_AMO(4, amoswap.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f)
  TEST_AMO(5, amoswap.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_AMO(6, amoswap.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a500000001)
  TEST_AMO(7, amoswap.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffa5a5a5a5)
  TEST_AMO(8, amoswap.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a5ffffffff)
  TEST_AMO(9, amoswap.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0xf0f0f0fa5a5a5a5)
  TEST_AMO(10, amoswap.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a580000000)

  /* amoadd.d / amoadd.w */
  TEST_AMO(11, amoadd.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x8000000000000001)
  TEST_AMO(12, amoadd.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0x7ffffffffffffffe)
  TEST_AMO(13, amoadd.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0x4)
  TEST_AMO(14, amoadd.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0x21436587a9cbedff)
  TEST_AMO(15, amoadd.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0xffffffffffffffff)
  TEST_AMO(16, amoadd.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a580000001)
  TEST_AMO(17, amoadd.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0x7ffffffea5a5a5a5)
  TEST_AMO(18, amoadd.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a500000004)
  TEST_AMO(19, amoadd.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0xa9cbedffa5a5a5a5)
  TEST_AMO(20, amoadd.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a5ffffffff)

  /* amoxor.d / amoxor.w */
  TEST_AMO(21, amoxor.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x8000000000000001)
  TEST_AMO(22, amoxor.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0x8000000000000000)
  TEST_AMO(23, amoxor.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0xfffffffffffffffa)
  TEST_AMO(24, amoxor.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0x1d3b597795b3d1ff)
  TEST_AMO(25, amoxor.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0xffffffffffffffff)
  TEST_AMO(26, amoxor.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a580000001)
  TEST_AMO(27, amoxor.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0x80000000a5a5a5a5)
  TEST_AMO(28, amoxor.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a5fffffffa)
  TEST_AMO(29, amoxor.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0x95b3d1ffa5a5a5a5)
  TEST_AMO(30, amoxor.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a5ffffffff)

  /* amoand.d / amoand.w */
  TEST_AMO(31, amoand.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x0)
  TEST_AMO(32, amoand.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff)
  TEST_AMO(33, amoand.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0x5)
  TEST_AMO(34, amoand.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0x20406080a0c0e00)
  TEST_AMO(35, amoand.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x0)
  TEST_AMO(36, amoand.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a500000000)
  TEST_AMO(37, amoand.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffa5a5a5a5)
  TEST_AMO(38, amoand.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a500000005)
  TEST_AMO(39, amoand.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0xa0c0e00a5a5a5a5)
  TEST_AMO(40, amoand.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a500000000)

  /* amoor.d / amoor.w */
  TEST_AMO(41, amoor.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x8000000000000001)
  TEST_AMO(42, amoor.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_AMO(43, amoor.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0xffffffffffffffff)
  TEST_AMO(44, amoor.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0x1f3f5f7f9fbfdfff)
  TEST_AMO(45, amoor.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0xffffffffffffffff)
  TEST_AMO(46, amoor.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a580000001)
  TEST_AMO(47, amoor.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0xffffffffa5a5a5a5)
  TEST_AMO(48, amoor.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a5ffffffff)
  TEST_AMO(49, amoor.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0x9fbfdfffa5a5a5a5)
  TEST_AMO(50, amoor.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a5ffffffff)

  /* amomin.d / amomin.w */
  TEST_AMO(51, amomin.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x8000000000000000)
  TEST_AMO(52, amomin.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_AMO(53, amomin.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0xffffffffffffffff)
  TEST_AMO(54, amomin.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f)
  TEST_AMO(55, amomin.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_AMO(56, amomin.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a580000000)
  TEST_AMO(57, amomin.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0xffffffffa5a5a5a5)
  TEST_AMO(58, amomin.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a5ffffffff)
  TEST_AMO(59, amomin.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0x9abcdef0a5a5a5a5)
  TEST_AMO(60, amomin.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a580000000)

  /* amomax.d / amomax.w */
  TEST_AMO(61, amomax.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x1)
  TEST_AMO(62, amomax.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff)
  TEST_AMO(63, amomax.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0x5)
  TEST_AMO(64, amomax.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0x123456789abcdef0)
  TEST_AMO(65, amomax.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff)
  TEST_AMO(66, amomax.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a500000001)
  TEST_AMO(67, amomax.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffa5a5a5a5)
  TEST_AMO(68, amomax.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a500000005)
  TEST_AMO(69, amomax.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0xf0f0f0fa5a5a5a5)
  TEST_AMO(70, amomax.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a57fffffff)

  /* amominu.d / amominu.w */
  TEST_AMO(71, amominu.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x1)
  TEST_AMO(72, amominu.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff)
  TEST_AMO(73, amominu.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0x5)
  TEST_AMO(74, amominu.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f)
  TEST_AMO(75, amominu.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff)
  TEST_AMO(76, amominu.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a500000001)
  TEST_AMO(77, amominu.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0x7fffffffa5a5a5a5)
  TEST_AMO(78, amominu.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a500000005)
  TEST_AMO(79, amominu.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0xf0f0f0fa5a5a5a5)
  TEST_AMO(80, amominu.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a57fffffff)

  /* amomaxu.d / amomaxu.w */
  TEST_AMO(81, amomaxu.d, 0, 0x8000000000000000, 0x1, 0x8000000000000000, 0x8000000000000000)
  TEST_AMO(82, amomaxu.d, 0, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_AMO(83, amomaxu.d, 0, 0x5, 0xffffffffffffffff, 0x5, 0xffffffffffffffff)
  TEST_AMO(84, amomaxu.d, 0, 0x123456789abcdef0, 0xf0f0f0f0f0f0f0f, 0x123456789abcdef0, 0x123456789abcdef0)
  TEST_AMO(85, amomaxu.d, 0, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_AMO(86, amomaxu.w, 0, 0xa5a5a5a580000000, 0xdeadbeef00000001, 0xffffffff80000000, 0xa5a5a5a580000000)
  TEST_AMO(87, amomaxu.w, 4, 0xffffffffa5a5a5a5, 0x7fffffff, 0xffffffffffffffff, 0xffffffffa5a5a5a5)
  TEST_AMO(88, amomaxu.w, 0, 0xa5a5a5a500000005, 0xffffffffffffffff, 0x5, 0xa5a5a5a5ffffffff)
  TEST_AMO(89, amomaxu.w, 4, 0x9abcdef0a5a5a5a5, 0xf0f0f0f, 0xffffffff9abcdef0, 0x9abcdef0a5a5a5a5)
  TEST_AMO(90, amomaxu.w, 0, 0xa5a5a5a57fffffff, 0x80000000, 0x7fffffff, 0xa5a5a5a580000000)

  /* ordering-annotated forms behave identically on one hart */
  TEST_AMO(91, amoadd.w.aq, 0, 0xa5a5a5a580000001, 0x7ffffff0, 0xffffffff80000001, 0xa5a5a5a5fffffff1)
  TEST_AMO(92, amoadd.d.rl, 0, 0x8000000000000001, 0x7ffffffffffffff0, 0x8000000000000001, 0xfffffffffffffff1)
  TEST_AMO(93, amoswap.d.aqrl, 0, 0x8000000000000001, 0x7ffffffffffffff0, 0x8000000000000001, 0x7ffffffffffffff0)
  TEST_AMO(94, amoor.w.aqrl, 0, 0xa5a5a5a580000001, 0x7ffffff0, 0xffffffff80000001, 0xa5a5a5a5fffffff1)
  TEST_AMO(95, amomaxu.d.aq, 0, 0x8000000000000001, 0x7ffffffffffffff0, 0x8000000000000001, 0x8000000000000001)


  /* Register aliasing: rd == x0 still stores, rd == rs2 returns the old value after
     using rs2, rd == rs1 returns the old value into the address register. */
  TEST_NUM(101)
  la a1, amo_buf
  li a2, 40
  sd a2, 0(a1)
  li a3, 2
  amoadd.d x0, a3, (a1)
  ld a5, 0(a1)
  TEST_CHECK(a5, 42)
  TEST_NUM(102)
  li a3, 8
  amoadd.d a3, a3, (a1)
  TEST_CHECK(a3, 42)
  ld a5, 0(a1)
  TEST_CHECK(a5, 50)
  TEST_NUM(103)
  mv a4, a1
  li a3, 0x77
  amoswap.d a4, a3, (a4)
  TEST_CHECK(a4, 50)
  ld a5, 0(a1)
  TEST_CHECK(a5, 0x77)
  TEST_NUM(104)
  li a3, -1
  amoswap.w a3, a3, (a1)
  TEST_CHECK(a3, 0x77)
  ld a5, 0(a1)
  TEST_CHECK(a5, 0xffffffff)

  /* LR/SC doubleword: success writes 0 to rd and stores. */
  TEST_NUM(105)
  la a1, lrsc_buf
  li a2, 0x0123456789abcdef
  sd a2, 0(a1)
  lr.d a0, (a1)
  TEST_CHECK(a0, 0x0123456789abcdef)
  li a3, 0x7777
  sc.d a4, a3, (a1)
  TEST_CHECK(a4, 0)
  ld a5, 0(a1)
  TEST_CHECK(a5, 0x7777)

  /* The successful SC consumed the reservation: a second SC fails. */
  TEST_NUM(106)
  li a3, 0x8888
  sc.d a4, a3, (a1)
  beqz a4, test_fail
  ld a5, 0(a1)
  TEST_CHECK(a5, 0x7777)

  /* LR/SC word: lr.w sign-extends, sc.w stores only 32 bits. */
  TEST_NUM(107)
  li a2, 0x5a5a5a5a80000001
  sd a2, 0(a1)
  lr.w a0, (a1)
  TEST_CHECK(a0, 0xffffffff80000001)
  li a3, 0x123456787ffffffe
  sc.w a4, a3, (a1)
  TEST_CHECK(a4, 0)
  ld a5, 0(a1)
  TEST_CHECK(a5, 0x5a5a5a5a7ffffffe)
  TEST_NUM(108)
  addi a6, a1, 4
  lr.w a0, (a6)
  TEST_CHECK(a0, 0x5a5a5a5a)
  li a3, 0xfffffffe
  sc.w.rl a4, a3, (a6)
  TEST_CHECK(a4, 0)
  ld a5, 0(a1)
  TEST_CHECK(a5, 0xfffffffe7ffffffe)
  sc.w a4, a3, (a6)
  beqz a4, test_fail

  /* An SC must fail when its address is outside the reservation set of the latest LR
     (Unpriv 14.2); the two addresses here are 4 KiB apart. */
  TEST_NUM(109)
  la a1, lrsc_buf
  la a6, lrsc_far
  li a2, 0x33
  sd a2, 0(a6)
  lr.d a0, (a1)
  li a3, 0x44
  sc.d a4, a3, (a6)
  beqz a4, test_fail
  ld a5, 0(a6)
  TEST_CHECK(a5, 0x33)

  /* The latest LR sets the reservation: lr A; lr B; sc B succeeds. */
  TEST_NUM(110)
  lr.d a0, (a6)
  lr.d.aq a0, (a1)
  li a3, 0x99
  sc.d.rl a4, a3, (a1)
  TEST_CHECK(a4, 0)
  ld a5, 0(a1)
  TEST_CHECK(a5, 0x99)

  /* A classic LR/SC increment loop. */
  TEST_NUM(111)
  la a1, lrsc_buf
  sd zero, 0(a1)
  li s1, 100
1: lr.d.aqrl a0, (a1)
  addi a0, a0, 3
  sc.d.aqrl a4, a0, (a1)
  bnez a4, 1b
  addi s1, s1, -1
  bnez s1, 1b
  ld a5, 0(a1)
  TEST_CHECK(a5, 300)

  /* rd == rs2 for SC: rs2 is read before rd is written. */
  TEST_NUM(112)
  lr.d a0, (a1)
  li a3, 0x1234
  sc.d a3, a3, (a1)
  TEST_CHECK(a3, 0)
  ld a5, 0(a1)
  TEST_CHECK(a5, 0x1234)

  TEST_END

TEST_DATA
amo_buf:
  .dword 0, 0
  .balign 64
lrsc_buf:
  .dword 0
  .balign 4096
lrsc_far:
  .dword 0
