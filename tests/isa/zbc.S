/* SPDX-License-Identifier: MIT */
/* Zbc carry-less multiplication (Unpriv ch. "B"): clmul, clmulh, clmulr on
   known vectors, including all-ones and single-bit operands. */

#include "test.h"

TEST_BEGIN
  /* Carry-less products: clmul is the low half, clmulh the high half and clmulr bits
     2*XLEN-2..XLEN-1 of the 128-bit carry-less product. */

  /* clmul */
  TEST_RR_OP(1, clmul, 0x0, 0x0, 0x0)
  TEST_RR_OP(2, clmul, 0x1, 0x1, 0x1)
  TEST_RR_OP(3, clmul, 0x5555555555555555, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_RR_OP(4, clmul, 0xffffffffffffffff, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(5, clmul, 0xffffffffffffffff, 0x1, 0xffffffffffffffff)
  TEST_RR_OP(6, clmul, 0x0, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(7, clmul, 0x0, 0x8000000000000000, 0x2)
  TEST_RR_OP(8, clmul, 0x0, 0x2, 0x8000000000000000)
  TEST_RR_OP(9, clmul, 0x5, 0x3, 0x3)
  TEST_RR_OP(10, clmul, 0x1, 0x8000000000000001, 0x8000000000000001)
  TEST_RR_OP(11, clmul, 0xa0789828c810f00, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(12, clmul, 0x6922, 0x87, 0xd6)
  TEST_RR_OP(13, clmul, 0x101010101010101, 0x1111111111111111, 0x1111111111111111)
  TEST_RR_OP(14, clmul, 0x5555555555555555, 0xffffffff, 0xffffffff)
  TEST_RR_OP(15, clmul, 0x104035410e65a71b, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC1_EQ_DEST(16, clmul, 0x104035410e65a71b, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC2_EQ_DEST(17, clmul, 0x104035410e65a71b, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC12_EQ_DEST(18, clmul, 0x1145154414544045, 0xc2d0d0fd5b7a6e8b)
  TEST_RR_ZEROSRC1(19, clmul, 0x0, 0x9e37b97f4a7c15f1)
  TEST_RR_ZEROSRC2(20, clmul, 0x0, 0xc2d0d0fd5b7a6e8b)
  TEST_RR_ZERODEST(21, clmul, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)

  /* clmulh */
  TEST_RR_OP(22, clmulh, 0x0, 0x0, 0x0)
  TEST_RR_OP(23, clmulh, 0x0, 0x1, 0x1)
  TEST_RR_OP(24, clmulh, 0x5555555555555555, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_RR_OP(25, clmulh, 0x0, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(26, clmulh, 0x0, 0x1, 0xffffffffffffffff)
  TEST_RR_OP(27, clmulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(28, clmulh, 0x1, 0x8000000000000000, 0x2)
  TEST_RR_OP(29, clmulh, 0x1, 0x2, 0x8000000000000000)
  TEST_RR_OP(30, clmulh, 0x0, 0x3, 0x3)
  TEST_RR_OP(31, clmulh, 0x4000000000000000, 0x8000000000000001, 0x8000000000000001)
  TEST_RR_OP(32, clmulh, 0xe038d8688850b04, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(33, clmulh, 0x0, 0x87, 0xd6)
  TEST_RR_OP(34, clmulh, 0x101010101010101, 0x1111111111111111, 0x1111111111111111)
  TEST_RR_OP(35, clmulh, 0x0, 0xffffffff, 0xffffffff)
  TEST_RR_OP(36, clmulh, 0x69cb49da382e9bb9, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC1_EQ_DEST(37, clmulh, 0x69cb49da382e9bb9, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC2_EQ_DEST(38, clmulh, 0x69cb49da382e9bb9, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC12_EQ_DEST(39, clmulh, 0x5004510051005551, 0xc2d0d0fd5b7a6e8b)
  TEST_RR_ZEROSRC1(40, clmulh, 0x0, 0x9e37b97f4a7c15f1)
  TEST_RR_ZEROSRC2(41, clmulh, 0x0, 0xc2d0d0fd5b7a6e8b)
  TEST_RR_ZERODEST(42, clmulh, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)

  /* clmulr */
  TEST_RR_OP(43, clmulr, 0x0, 0x0, 0x0)
  TEST_RR_OP(44, clmulr, 0x0, 0x1, 0x1)
  TEST_RR_OP(45, clmulr, 0xaaaaaaaaaaaaaaaa, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_RR_OP(46, clmulr, 0x1, 0xffffffffffffffff, 0x1)
  TEST_RR_OP(47, clmulr, 0x1, 0x1, 0xffffffffffffffff)
  TEST_RR_OP(48, clmulr, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
  TEST_RR_OP(49, clmulr, 0x2, 0x8000000000000000, 0x2)
  TEST_RR_OP(50, clmulr, 0x2, 0x2, 0x8000000000000000)
  TEST_RR_OP(51, clmulr, 0x0, 0x3, 0x3)
  TEST_RR_OP(52, clmulr, 0x8000000000000000, 0x8000000000000001, 0x8000000000000001)
  TEST_RR_OP(53, clmulr, 0x1c071b0d110a1608, 0x123456789abcdef0, 0xfedcba9876543210)
  TEST_RR_OP(54, clmulr, 0x0, 0x87, 0xd6)
  TEST_RR_OP(55, clmulr, 0x202020202020202, 0x1111111111111111, 0x1111111111111111)
  TEST_RR_OP(56, clmulr, 0x0, 0xffffffff, 0xffffffff)
  TEST_RR_OP(57, clmulr, 0xd39693b4705d3772, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC1_EQ_DEST(58, clmulr, 0xd39693b4705d3772, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC2_EQ_DEST(59, clmulr, 0xd39693b4705d3772, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)
  TEST_RR_SRC12_EQ_DEST(60, clmulr, 0xa008a200a200aaa2, 0xc2d0d0fd5b7a6e8b)
  TEST_RR_ZEROSRC1(61, clmulr, 0x0, 0x9e37b97f4a7c15f1)
  TEST_RR_ZEROSRC2(62, clmulr, 0x0, 0xc2d0d0fd5b7a6e8b)
  TEST_RR_ZERODEST(63, clmulr, 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)

  /* identity: clmulr(a, b) = (clmulh(a, b) << 1) | (clmul(a, b) >> 63) */
  TEST_NUM(64); li a1, 0xc2d0d0fd5b7a6e8b; li a2, 0x9e37b97f4a7c15f1; clmul a3, a1, a2; clmulh a4, a1, a2; clmulr a0, a1, a2; slli a4, a4, 1; srli a3, a3, 63; or a4, a4, a3; TEST_CHECK_REG(a0, a4)

  TEST_END
