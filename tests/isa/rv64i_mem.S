/* SPDX-License-Identifier: MIT */
/* RV64I loads and stores of every width (Unpriv 2.6, 4.3): sign and zero
   extension, offsets, partial stores leaving neighbouring bytes unchanged. */

#include "test.h"

TEST_BEGIN
  /* Loads sign- or zero-extend to 64 bits (Unpriv 4.3); base+offset addressing with
     positive and negative offsets. */

  /* lb */
  TEST_LD_OP(1, lb, 0x1, 0, ldat)
  TEST_LD_OP(2, lb, 0xffffffffffffff82, 1, ldat)
  TEST_LD_OP(3, lb, 0xfffffffffffffff4, 3, ldat)
  TEST_LD_OP(4, lb, 0xffffffffffffff88, 7, ldat)
  TEST_LD_OP(5, lb, 0xffffffffffffffff, 8, ldat)
  TEST_LD_OP(6, lb, 0xffffffffffffff80, 11, ldat)
  TEST_LD_OP(7, lb, 0xffffffffffffff80, -13, ldat + 32)
  TEST_LD_OP(8, lb, 0xffffffffffffffff, -12, ldat + 32)
  TEST_LD_OP(9, lb, 0xffffffffffffffff, -9, ldat + 32)
  TEST_LD_OP(10, lb, 0xfffffffffffffffe, -1, ldat + 32)

  /* lbu */
  TEST_LD_OP(11, lbu, 0x1, 0, ldat)
  TEST_LD_OP(12, lbu, 0x82, 1, ldat)
  TEST_LD_OP(13, lbu, 0xf4, 3, ldat)
  TEST_LD_OP(14, lbu, 0x88, 7, ldat)
  TEST_LD_OP(15, lbu, 0xff, 8, ldat)
  TEST_LD_OP(16, lbu, 0x80, 11, ldat)
  TEST_LD_OP(17, lbu, 0x80, -13, ldat + 32)
  TEST_LD_OP(18, lbu, 0xff, -12, ldat + 32)
  TEST_LD_OP(19, lbu, 0xff, -9, ldat + 32)
  TEST_LD_OP(20, lbu, 0xfe, -1, ldat + 32)

  /* lh */
  TEST_LD_OP(21, lh, 0xffffffffffff8201, 0, ldat)
  TEST_LD_OP(22, lh, 0xfffffffffffff403, 2, ldat)
  TEST_LD_OP(23, lh, 0xffffffffffff8877, 6, ldat)
  TEST_LD_OP(24, lh, 0xffffffffffff8000, 10, ldat)
  TEST_LD_OP(25, lh, 0xfffffffffffffffe, 12, ldat)
  TEST_LD_OP(26, lh, 0x7fff, 14, ldat)
  TEST_LD_OP(27, lh, 0xffffffffffff8000, -14, ldat + 32)
  TEST_LD_OP(28, lh, 0xffffffffffffffff, -10, ldat + 32)
  TEST_LD_OP(29, lh, 0x3210, -8, ldat + 32)
  TEST_LD_OP(30, lh, 0xfffffffffffffedc, -2, ldat + 32)

  /* lhu */
  TEST_LD_OP(31, lhu, 0x8201, 0, ldat)
  TEST_LD_OP(32, lhu, 0xf403, 2, ldat)
  TEST_LD_OP(33, lhu, 0x8877, 6, ldat)
  TEST_LD_OP(34, lhu, 0x8000, 10, ldat)
  TEST_LD_OP(35, lhu, 0xfffe, 12, ldat)
  TEST_LD_OP(36, lhu, 0x7fff, 14, ldat)
  TEST_LD_OP(37, lhu, 0x8000, -14, ldat + 32)
  TEST_LD_OP(38, lhu, 0xffff, -10, ldat + 32)
  TEST_LD_OP(39, lhu, 0x3210, -8, ldat + 32)
  TEST_LD_OP(40, lhu, 0xfedc, -2, ldat + 32)

  /* lw */
  TEST_LD_OP(41, lw, 0xfffffffff4038201, 0, ldat)
  TEST_LD_OP(42, lw, 0xffffffff88770685, 4, ldat)
  TEST_LD_OP(43, lw, 0xffffffff80007fff, 8, ldat)
  TEST_LD_OP(44, lw, 0x7ffffffe, 12, ldat)
  TEST_LD_OP(45, lw, 0xffffffff80000000, -16, ldat + 32)
  TEST_LD_OP(46, lw, 0xffffffffffffffff, -12, ldat + 32)
  TEST_LD_OP(47, lw, 0x76543210, -8, ldat + 32)
  TEST_LD_OP(48, lw, 0xfffffffffedcba98, -4, ldat + 32)

  /* lwu */
  TEST_LD_OP(49, lwu, 0xf4038201, 0, ldat)
  TEST_LD_OP(50, lwu, 0x88770685, 4, ldat)
  TEST_LD_OP(51, lwu, 0x80007fff, 8, ldat)
  TEST_LD_OP(52, lwu, 0x7ffffffe, 12, ldat)
  TEST_LD_OP(53, lwu, 0x80000000, -16, ldat + 32)
  TEST_LD_OP(54, lwu, 0xffffffff, -12, ldat + 32)
  TEST_LD_OP(55, lwu, 0x76543210, -8, ldat + 32)
  TEST_LD_OP(56, lwu, 0xfedcba98, -4, ldat + 32)

  /* ld */
  TEST_LD_OP(57, ld, 0x88770685f4038201, 0, ldat)
  TEST_LD_OP(58, ld, 0x7ffffffe80007fff, 8, ldat)
  TEST_LD_OP(59, ld, 0xffffffff80000000, -16, ldat + 32)
  TEST_LD_OP(60, ld, 0xfedcba9876543210, -8, ldat + 32)

  /* extreme 12-bit offsets, and a load whose destination is its base register */
  TEST_LD_OP(61, ld, 0x7ffffffe80007fff, 2047, ldat + 8 - 2047)
  TEST_LD_OP(62, ld, 0x7ffffffe80007fff, -2048, ldat + 8 + 2048)
  TEST_LD_OP(63, lb, 0xfffffffffffffff4, 2047, ldat + 3 - 2047)
  TEST_LD_OP(64, lhu, 0xf403, -2048, ldat + 2 + 2048)
  TEST_CASE(65, a1, 0xffffffff80000000, la a1, ldat + 16; ld a1, 0(a1))
  TEST_CASE(66, a1, 0xffffffffffffff80, la a1, ldat + 12; lb a1, -1(a1))

  /* Stores write only the low bytes of rs2 and leave their neighbours alone; each
     case reads back the narrow value and the whole containing doubleword. */
  TEST_NUM(67); la a1, sdat; li a2, 0x12345678abcdef80; sb a2, 0(a1); lb a0, 0(a1); TEST_CHECK(a0, 0xffffffffffffff80); ld a0, 0(a1); TEST_CHECK(a0, 0xa5a5a5a5a5a5a580)
  TEST_NUM(68); la a1, sdat; li a2, 0x7f; sb a2, 7(a1); lb a0, 7(a1); TEST_CHECK(a0, 0x7f); ld a0, 0(a1); TEST_CHECK(a0, 0x7fa5a5a5a5a5a580)
  TEST_NUM(69); la a1, sdat; li a2, 0xff; sb a2, 13(a1); lb a0, 13(a1); TEST_CHECK(a0, 0xffffffffffffffff); ld a0, 8(a1); TEST_CHECK(a0, 0xa5a5ffa5a5a5a5a5)
  TEST_NUM(70); la a1, sdat; li a2, 0x1; sb a2, 31(a1); lb a0, 31(a1); TEST_CHECK(a0, 0x1); ld a0, 24(a1); TEST_CHECK(a0, 0x1a5a5a5a5a5a5a5)
  TEST_NUM(71); la a1, sdat; li a2, 0x1234567890ab8001; sh a2, 2(a1); lh a0, 2(a1); TEST_CHECK(a0, 0xffffffffffff8001); ld a0, 0(a1); TEST_CHECK(a0, 0x7fa5a5a58001a580)
  TEST_NUM(72); la a1, sdat; li a2, 0x7ffe; sh a2, 6(a1); lh a0, 6(a1); TEST_CHECK(a0, 0x7ffe); ld a0, 0(a1); TEST_CHECK(a0, 0x7ffea5a58001a580)
  TEST_NUM(73); la a1, sdat; li a2, 0xffff; sh a2, 14(a1); lh a0, 14(a1); TEST_CHECK(a0, 0xffffffffffffffff); ld a0, 8(a1); TEST_CHECK(a0, 0xffffffa5a5a5a5a5)
  TEST_NUM(74); la a1, sdat; li a2, 0x5a5a; sh a2, 30(a1); lh a0, 30(a1); TEST_CHECK(a0, 0x5a5a); ld a0, 24(a1); TEST_CHECK(a0, 0x5a5aa5a5a5a5a5a5)
  TEST_NUM(75); la a1, sdat; li a2, 0x123456780000001; sw a2, 4(a1); lw a0, 4(a1); TEST_CHECK(a0, 0xffffffff80000001); ld a0, 0(a1); TEST_CHECK(a0, 0x800000018001a580)
  TEST_NUM(76); la a1, sdat; li a2, 0x7fffffff; sw a2, 8(a1); lw a0, 8(a1); TEST_CHECK(a0, 0x7fffffff); ld a0, 8(a1); TEST_CHECK(a0, 0xffffffa57fffffff)
  TEST_NUM(77); la a1, sdat; li a2, 0xfedcba98; sw a2, 20(a1); lw a0, 20(a1); TEST_CHECK(a0, 0xfffffffffedcba98); ld a0, 16(a1); TEST_CHECK(a0, 0xfedcba98a5a5a5a5)
  TEST_NUM(78); la a1, sdat; li a2, 0x0; sw a2, 28(a1); lw a0, 28(a1); TEST_CHECK(a0, 0x0); ld a0, 24(a1); TEST_CHECK(a0, 0xa5a5a5a5)
  TEST_NUM(79); la a1, sdat; li a2, 0x8000000000000001; sd a2, 0(a1); ld a0, 0(a1); TEST_CHECK(a0, 0x8000000000000001); ld a0, 0(a1); TEST_CHECK(a0, 0x8000000000000001)
  TEST_NUM(80); la a1, sdat; li a2, 0x123456789abcdef; sd a2, 16(a1); ld a0, 16(a1); TEST_CHECK(a0, 0x123456789abcdef); ld a0, 16(a1); TEST_CHECK(a0, 0x123456789abcdef)
  TEST_NUM(81); la a1, sdat; li a2, 0xffffffffffffffff; sd a2, 24(a1); ld a0, 24(a1); TEST_CHECK(a0, 0xffffffffffffffff); ld a0, 24(a1); TEST_CHECK(a0, 0xffffffffffffffff)
  TEST_NUM(82); la a1, sdat; li a2, 0x0; sd a2, 8(a1); ld a0, 8(a1); TEST_CHECK(a0, 0x0); ld a0, 8(a1); TEST_CHECK(a0, 0x0)

  /* stores with negative offsets, from x0, and of their own base register */
  TEST_NUM(83); la a1, sdat + 16; sw x0, -8(a1); ld a0, -8(a1); TEST_CHECK(a0, 0x0)
  TEST_NUM(84); la a1, sdat + 2048; li a2, 0x7ff; sh a2, -2048(a1); lhu a0, -2048(a1); TEST_CHECK(a0, 0x7ff)
  TEST_NUM(85); la a1, sdat + 24; sd a1, 0(a1); ld a0, 0(a1); TEST_CHECK_REG(a0, a1)
  TEST_NUM(86); la a1, sdat - 2047 + 31; li a2, 0x66; sb a2, 2047(a1); lbu a0, 2047(a1); TEST_CHECK(a0, 0x66)

  TEST_END

TEST_DATA
ldat:
  .byte 0x01, 0x82, 0x03, 0xf4, 0x85, 0x06, 0x77, 0x88
  .byte 0xff, 0x7f, 0x00, 0x80, 0xfe, 0xff, 0xff, 0x7f
  .byte 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff
  .byte 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe
  .balign 64
sdat:
  .fill 32, 1, 0xa5
