/* SPDX-License-Identifier: MIT */
/* Zba address generation (Unpriv ch. "B"): add.uw, sh1add/sh2add/sh3add and
   their .uw forms, slli.uw, with upper-bit and overflow edge values. */

#include "test.h"

TEST_BEGIN
  /* add.uw zero-extends rs1[31:0]; shNadd shifts rs1 left by N; the .uw forms
     zero-extend rs1[31:0] first (Unpriv ch. "B", Zba). */

  /* add.uw */
  TEST_RR_OP(1, add.uw, 0x0, 0x0, 0x0)
  TEST_RR_OP(2, add.uw, 0x3, 0x1, 0x2)
  TEST_RR_OP(3, add.uw, 0x100000000, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(4, add.uw, 0xffffffff, 0x80000000, 0x7fffffff)
  TEST_RR_OP(5, add.uw, 0x80000101, 0xffffffff80000001, 0x100)
  TEST_RR_OP(6, add.uw, 0xfedcba9911111100, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(7, add.uw, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(8, add.uw, 0x100000000, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC1_EQ_DEST(9, add.uw, 0x100000000, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC2_EQ_DEST(10, add.uw, 0x100000000, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC12_EQ_DEST(11, add.uw, 0x80000000fffffffe, 0x7fffffffffffffff)
  TEST_RR_ZEROSRC1(12, add.uw, 0x1, 0x1)
  TEST_RR_ZEROSRC2(13, add.uw, 0xffffffff, 0x7fffffffffffffff)
  TEST_RR_ZERODEST(14, add.uw, 0x7fffffffffffffff, 0x1)

  /* sh1add */
  TEST_RR_OP(15, sh1add, 0x0, 0x0, 0x0)
  TEST_RR_OP(16, sh1add, 0x4, 0x1, 0x2)
  TEST_RR_OP(17, sh1add, 0xffffffffffffffff, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(18, sh1add, 0x17fffffff, 0x80000000, 0x7fffffff)
  TEST_RR_OP(19, sh1add, 0xffffffff00000102, 0xffffffff80000001, 0x100)
  TEST_RR_OP(20, sh1add, 0x23456789abcdeff0, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(21, sh1add, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(22, sh1add, 0xffffffffffffffff, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC1_EQ_DEST(23, sh1add, 0xffffffffffffffff, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC2_EQ_DEST(24, sh1add, 0xffffffffffffffff, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC12_EQ_DEST(25, sh1add, 0x7ffffffffffffffd, 0x7fffffffffffffff)
  TEST_RR_ZEROSRC1(26, sh1add, 0x1, 0x1)
  TEST_RR_ZEROSRC2(27, sh1add, 0xfffffffffffffffe, 0x7fffffffffffffff)
  TEST_RR_ZERODEST(28, sh1add, 0x7fffffffffffffff, 0x1)

  /* sh1add.uw */
  TEST_RR_OP(29, sh1add.uw, 0x0, 0x0, 0x0)
  TEST_RR_OP(30, sh1add.uw, 0x4, 0x1, 0x2)
  TEST_RR_OP(31, sh1add.uw, 0x1ffffffff, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(32, sh1add.uw, 0x17fffffff, 0x80000000, 0x7fffffff)
  TEST_RR_OP(33, sh1add.uw, 0x100000102, 0xffffffff80000001, 0x100)
  TEST_RR_OP(34, sh1add.uw, 0xfedcba99abcdeff0, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(35, sh1add.uw, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(36, sh1add.uw, 0x1ffffffff, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC1_EQ_DEST(37, sh1add.uw, 0x1ffffffff, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC2_EQ_DEST(38, sh1add.uw, 0x1ffffffff, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC12_EQ_DEST(39, sh1add.uw, 0x80000001fffffffd, 0x7fffffffffffffff)
  TEST_RR_ZEROSRC1(40, sh1add.uw, 0x1, 0x1)
  TEST_RR_ZEROSRC2(41, sh1add.uw, 0x1fffffffe, 0x7fffffffffffffff)
  TEST_RR_ZERODEST(42, sh1add.uw, 0x7fffffffffffffff, 0x1)

  /* sh2add */
  TEST_RR_OP(43, sh2add, 0x0, 0x0, 0x0)
  TEST_RR_OP(44, sh2add, 0x6, 0x1, 0x2)
  TEST_RR_OP(45, sh2add, 0xfffffffffffffffd, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(46, sh2add, 0x27fffffff, 0x80000000, 0x7fffffff)
  TEST_RR_OP(47, sh2add, 0xfffffffe00000104, 0xffffffff80000001, 0x100)
  TEST_RR_OP(48, sh2add, 0x47ae147ae147add0, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(49, sh2add, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(50, sh2add, 0xfffffffffffffffd, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC1_EQ_DEST(51, sh2add, 0xfffffffffffffffd, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC2_EQ_DEST(52, sh2add, 0xfffffffffffffffd, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC12_EQ_DEST(53, sh2add, 0x7ffffffffffffffb, 0x7fffffffffffffff)
  TEST_RR_ZEROSRC1(54, sh2add, 0x1, 0x1)
  TEST_RR_ZEROSRC2(55, sh2add, 0xfffffffffffffffc, 0x7fffffffffffffff)
  TEST_RR_ZERODEST(56, sh2add, 0x7fffffffffffffff, 0x1)

  /* sh2add.uw */
  TEST_RR_OP(57, sh2add.uw, 0x0, 0x0, 0x0)
  TEST_RR_OP(58, sh2add.uw, 0x6, 0x1, 0x2)
  TEST_RR_OP(59, sh2add.uw, 0x3fffffffd, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(60, sh2add.uw, 0x27fffffff, 0x80000000, 0x7fffffff)
  TEST_RR_OP(61, sh2add.uw, 0x200000104, 0xffffffff80000001, 0x100)
  TEST_RR_OP(62, sh2add.uw, 0xfedcba9ae147add0, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(63, sh2add.uw, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(64, sh2add.uw, 0x3fffffffd, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC1_EQ_DEST(65, sh2add.uw, 0x3fffffffd, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC2_EQ_DEST(66, sh2add.uw, 0x3fffffffd, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC12_EQ_DEST(67, sh2add.uw, 0x80000003fffffffb, 0x7fffffffffffffff)
  TEST_RR_ZEROSRC1(68, sh2add.uw, 0x1, 0x1)
  TEST_RR_ZEROSRC2(69, sh2add.uw, 0x3fffffffc, 0x7fffffffffffffff)
  TEST_RR_ZERODEST(70, sh2add.uw, 0x7fffffffffffffff, 0x1)

  /* sh3add */
  TEST_RR_OP(71, sh3add, 0x0, 0x0, 0x0)
  TEST_RR_OP(72, sh3add, 0xa, 0x1, 0x2)
  TEST_RR_OP(73, sh3add, 0xfffffffffffffff9, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(74, sh3add, 0x47fffffff, 0x80000000, 0x7fffffff)
  TEST_RR_OP(75, sh3add, 0xfffffffc00000108, 0xffffffff80000001, 0x100)
  TEST_RR_OP(76, sh3add, 0x907f6e5d4c3b2990, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(77, sh3add, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(78, sh3add, 0xfffffffffffffff9, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC1_EQ_DEST(79, sh3add, 0xfffffffffffffff9, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC2_EQ_DEST(80, sh3add, 0xfffffffffffffff9, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC12_EQ_DEST(81, sh3add, 0x7ffffffffffffff7, 0x7fffffffffffffff)
  TEST_RR_ZEROSRC1(82, sh3add, 0x1, 0x1)
  TEST_RR_ZEROSRC2(83, sh3add, 0xfffffffffffffff8, 0x7fffffffffffffff)
  TEST_RR_ZERODEST(84, sh3add, 0x7fffffffffffffff, 0x1)

  /* sh3add.uw */
  TEST_RR_OP(85, sh3add.uw, 0x0, 0x0, 0x0)
  TEST_RR_OP(86, sh3add.uw, 0xa, 0x1, 0x2)
  TEST_RR_OP(87, sh3add.uw, 0x7fffffff9, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(88, sh3add.uw, 0x47fffffff, 0x80000000, 0x7fffffff)
  TEST_RR_OP(89, sh3add.uw, 0x400000108, 0xffffffff80000001, 0x100)
  TEST_RR_OP(90, sh3add.uw, 0xfedcba9d4c3b2990, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(91, sh3add.uw, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(92, sh3add.uw, 0x7fffffff9, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC1_EQ_DEST(93, sh3add.uw, 0x7fffffff9, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC2_EQ_DEST(94, sh3add.uw, 0x7fffffff9, 0x7fffffffffffffff, 0x1)
  TEST_RR_SRC12_EQ_DEST(95, sh3add.uw, 0x80000007fffffff7, 0x7fffffffffffffff)
  TEST_RR_ZEROSRC1(96, sh3add.uw, 0x1, 0x1)
  TEST_RR_ZEROSRC2(97, sh3add.uw, 0x7fffffff8, 0x7fffffffffffffff)
  TEST_RR_ZERODEST(98, sh3add.uw, 0x7fffffffffffffff, 0x1)

  /* slli.uw */
  TEST_IMM_OP(99, slli.uw, 0xffffffff, 0xffffffffffffffff, 0)
  TEST_IMM_OP(100, slli.uw, 0x1fffffffe, 0xffffffffffffffff, 1)
  TEST_IMM_OP(101, slli.uw, 0x7fffffff80000000, 0xffffffffffffffff, 31)
  TEST_IMM_OP(102, slli.uw, 0xffffffff00000000, 0xffffffffffffffff, 32)
  TEST_IMM_OP(103, slli.uw, 0x8000000000000000, 0xffffffffffffffff, 63)
  TEST_IMM_OP(104, slli.uw, 0x8000000000000000, 0x80000000, 32)
  TEST_IMM_OP(105, slli.uw, 0x9abcdef00, 0x123456789abcdef0, 4)
  TEST_IMM_OP(106, slli.uw, 0xffffffff000, 0x12345678ffffffff, 12)
  TEST_IMM_SRC1_EQ_DEST(107, slli.uw, 0xffffffff000, 0x12345678ffffffff, 12)
  TEST_IMM_ZEROSRC1(108, slli.uw, 0x0, 12)
  TEST_IMM_ZERODEST(109, slli.uw, 0x12345678ffffffff, 12)

  /* zext.w is add.uw rd, rs, zero */
  TEST_R_OP(110, zext.w, 0xffffffff, 0xffffffffffffffff)
  TEST_R_OP(111, zext.w, 0x80000000, 0x80000000)
  TEST_R_OP(112, zext.w, 0x9abcdef0, 0x123456789abcdef0)
  TEST_R_OP(113, zext.w, 0x7fffffff, 0x7fffffff)

  TEST_END
