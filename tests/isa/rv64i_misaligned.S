/* SPDX-License-Identifier: MIT */
/* Misaligned loads and stores (Unpriv 2.6 allows them to work): Rivet executes them
   like hardware with misaligned support, including across doublewords and pages. */

#include "test.h"

TEST_BEGIN
  /* Misaligned loads at every offset within a doubleword and across doubleword
     boundaries return the little-endian bytes at that address. */

  /* lh */
  TEST_LD_OP(1, lh, 0xffffffffffffbda0, 1, mdat)
  TEST_LD_OP(2, lh, 0xfffffffffffff7da, 3, mdat)
  TEST_LD_OP(3, lh, 0x3114, 5, mdat)
  TEST_LD_OP(4, lh, 0x6b4e, 7, mdat)
  TEST_LD_OP(5, lh, 0xffffffffffffa588, 9, mdat)
  TEST_LD_OP(6, lh, 0xffffffffffffdfc2, 11, mdat)
  TEST_LD_OP(7, lh, 0x19fc, 13, mdat)
  TEST_LD_OP(8, lh, 0x5336, 15, mdat)

  /* lhu */
  TEST_LD_OP(9, lhu, 0xbda0, 1, mdat)
  TEST_LD_OP(10, lhu, 0xf7da, 3, mdat)
  TEST_LD_OP(11, lhu, 0x3114, 5, mdat)
  TEST_LD_OP(12, lhu, 0x6b4e, 7, mdat)
  TEST_LD_OP(13, lhu, 0xa588, 9, mdat)
  TEST_LD_OP(14, lhu, 0xdfc2, 11, mdat)
  TEST_LD_OP(15, lhu, 0x19fc, 13, mdat)
  TEST_LD_OP(16, lhu, 0x5336, 15, mdat)

  /* lw */
  TEST_LD_OP(17, lw, 0xfffffffff7dabda0, 1, mdat)
  TEST_LD_OP(18, lw, 0x14f7dabd, 2, mdat)
  TEST_LD_OP(19, lw, 0x3114f7da, 3, mdat)
  TEST_LD_OP(20, lw, 0x6b4e3114, 5, mdat)
  TEST_LD_OP(21, lw, 0xffffffff886b4e31, 6, mdat)
  TEST_LD_OP(22, lw, 0xffffffffa5886b4e, 7, mdat)
  TEST_LD_OP(23, lw, 0xffffffffdfc2a588, 9, mdat)
  TEST_LD_OP(24, lw, 0xfffffffffcdfc2a5, 10, mdat)
  TEST_LD_OP(25, lw, 0x19fcdfc2, 11, mdat)
  TEST_LD_OP(26, lw, 0x533619fc, 13, mdat)
  TEST_LD_OP(27, lw, 0x70533619, 14, mdat)
  TEST_LD_OP(28, lw, 0xffffffff8d705336, 15, mdat)

  /* lwu */
  TEST_LD_OP(29, lwu, 0xf7dabda0, 1, mdat)
  TEST_LD_OP(30, lwu, 0x14f7dabd, 2, mdat)
  TEST_LD_OP(31, lwu, 0x3114f7da, 3, mdat)
  TEST_LD_OP(32, lwu, 0x6b4e3114, 5, mdat)
  TEST_LD_OP(33, lwu, 0x886b4e31, 6, mdat)
  TEST_LD_OP(34, lwu, 0xa5886b4e, 7, mdat)
  TEST_LD_OP(35, lwu, 0xdfc2a588, 9, mdat)
  TEST_LD_OP(36, lwu, 0xfcdfc2a5, 10, mdat)
  TEST_LD_OP(37, lwu, 0x19fcdfc2, 11, mdat)
  TEST_LD_OP(38, lwu, 0x533619fc, 13, mdat)
  TEST_LD_OP(39, lwu, 0x70533619, 14, mdat)
  TEST_LD_OP(40, lwu, 0x8d705336, 15, mdat)

  /* ld */
  TEST_LD_OP(41, ld, 0x6b4e3114f7dabda0, 1, mdat)
  TEST_LD_OP(42, ld, 0x886b4e3114f7dabd, 2, mdat)
  TEST_LD_OP(43, ld, 0xa5886b4e3114f7da, 3, mdat)
  TEST_LD_OP(44, ld, 0xc2a5886b4e3114f7, 4, mdat)
  TEST_LD_OP(45, ld, 0xdfc2a5886b4e3114, 5, mdat)
  TEST_LD_OP(46, ld, 0xfcdfc2a5886b4e31, 6, mdat)
  TEST_LD_OP(47, ld, 0x19fcdfc2a5886b4e, 7, mdat)
  TEST_LD_OP(48, ld, 0x533619fcdfc2a588, 9, mdat)
  TEST_LD_OP(49, ld, 0x70533619fcdfc2a5, 10, mdat)
  TEST_LD_OP(50, ld, 0x8d70533619fcdfc2, 11, mdat)
  TEST_LD_OP(51, ld, 0xaa8d70533619fcdf, 12, mdat)
  TEST_LD_OP(52, ld, 0xc7aa8d70533619fc, 13, mdat)
  TEST_LD_OP(53, ld, 0xe4c7aa8d70533619, 14, mdat)
  TEST_LD_OP(54, ld, 0x1e4c7aa8d705336, 15, mdat)

  /* loads crossing a 4 KiB page boundary */
  TEST_LD_OP(55, lh, 0x5336, 15, xdat)
  TEST_LD_OP(56, lhu, 0x5336, 15, xdat)
  TEST_LD_OP(57, lw, 0x533619fc, 13, xdat)
  TEST_LD_OP(58, lw, 0x70533619, 14, xdat)
  TEST_LD_OP(59, lw, 0xffffffff8d705336, 15, xdat)
  TEST_LD_OP(60, lwu, 0x533619fc, 13, xdat)
  TEST_LD_OP(61, lwu, 0x70533619, 14, xdat)
  TEST_LD_OP(62, lwu, 0x8d705336, 15, xdat)
  TEST_LD_OP(63, ld, 0x533619fcdfc2a588, 9, xdat)
  TEST_LD_OP(64, ld, 0x70533619fcdfc2a5, 10, xdat)
  TEST_LD_OP(65, ld, 0x8d70533619fcdfc2, 11, xdat)
  TEST_LD_OP(66, ld, 0xaa8d70533619fcdf, 12, xdat)
  TEST_LD_OP(67, ld, 0xc7aa8d70533619fc, 13, xdat)
  TEST_LD_OP(68, ld, 0xe4c7aa8d70533619, 14, xdat)
  TEST_LD_OP(69, ld, 0x1e4c7aa8d705336, 15, xdat)

  /* Misaligned stores write exactly their bytes; checked through aligned loads of
     both doublewords they touch and a misaligned load back. */
  TEST_NUM(70); la a1, sbuf; li a2, 0x8081; sh a2, 1(a1); lh a0, 1(a1); TEST_CHECK(a0, 0xffffffffffff8081); ld a0, 0(a1); TEST_CHECK(a0, 0x4e3114f7da808183)
  TEST_NUM(71); la a1, sbuf; li a2, 0xa1b2; sh a2, 7(a1); lh a0, 7(a1); TEST_CHECK(a0, 0xffffffffffffa1b2); ld a0, 0(a1); TEST_CHECK(a0, 0xb23114f7da808183); ld a0, 8(a1); TEST_CHECK(a0, 0x3619fcdfc2a588a1)
  TEST_NUM(72); la a1, sbuf; li a2, 0x7f00; sh a2, 13(a1); lh a0, 13(a1); TEST_CHECK(a0, 0x7f00); ld a0, 8(a1); TEST_CHECK(a0, 0x367f00dfc2a588a1)
  TEST_NUM(73); la a1, sbuf; li a2, 0x80818283; sw a2, 1(a1); lw a0, 1(a1); TEST_CHECK(a0, 0xffffffff80818283); ld a0, 0(a1); TEST_CHECK(a0, 0xb231148081828383)
  TEST_NUM(74); la a1, sbuf; li a2, 0x11223344; sw a2, 2(a1); lw a0, 2(a1); TEST_CHECK(a0, 0x11223344); ld a0, 0(a1); TEST_CHECK(a0, 0xb231112233448383)
  TEST_NUM(75); la a1, sbuf; li a2, 0xdeadbeef; sw a2, 3(a1); lw a0, 3(a1); TEST_CHECK(a0, 0xffffffffdeadbeef); ld a0, 0(a1); TEST_CHECK(a0, 0xb2deadbeef448383)
  TEST_NUM(76); la a1, sbuf; li a2, 0x1020304; sw a2, 5(a1); lw a0, 5(a1); TEST_CHECK(a0, 0x1020304); ld a0, 0(a1); TEST_CHECK(a0, 0x20304beef448383); ld a0, 8(a1); TEST_CHECK(a0, 0x367f00dfc2a58801)
  TEST_NUM(77); la a1, sbuf; li a2, 0xcafef00d; sw a2, 7(a1); lw a0, 7(a1); TEST_CHECK(a0, 0xffffffffcafef00d); ld a0, 0(a1); TEST_CHECK(a0, 0xd0304beef448383); ld a0, 8(a1); TEST_CHECK(a0, 0x367f00dfc2cafef0)
  TEST_NUM(78); la a1, sbuf; li a2, 0x123456789abcdef; sd a2, 1(a1); ld a0, 1(a1); TEST_CHECK(a0, 0x123456789abcdef); ld a0, 0(a1); TEST_CHECK(a0, 0x23456789abcdef83); ld a0, 8(a1); TEST_CHECK(a0, 0x367f00dfc2cafe01)
  TEST_NUM(79); la a1, sbuf; li a2, 0xfedcba9876543210; sd a2, 3(a1); ld a0, 3(a1); TEST_CHECK(a0, 0xfedcba9876543210); ld a0, 0(a1); TEST_CHECK(a0, 0x9876543210cdef83); ld a0, 8(a1); TEST_CHECK(a0, 0x367f00dfc2fedcba)
  TEST_NUM(80); la a1, sbuf; li a2, 0x8000000000000001; sd a2, 4(a1); ld a0, 4(a1); TEST_CHECK(a0, 0x8000000000000001); ld a0, 0(a1); TEST_CHECK(a0, 0x110cdef83); ld a0, 8(a1); TEST_CHECK(a0, 0x367f00df80000000)
  TEST_NUM(81); la a1, sbuf; li a2, 0x1122334455667788; sd a2, 7(a1); ld a0, 7(a1); TEST_CHECK(a0, 0x1122334455667788); ld a0, 0(a1); TEST_CHECK(a0, 0x8800000110cdef83); ld a0, 8(a1); TEST_CHECK(a0, 0x3611223344556677)
  TEST_NUM(82); la a1, sbuf; li a2, 0xa5a5a5a55a5a5a5a; sd a2, 14(a1); ld a0, 14(a1); TEST_CHECK(a0, 0xa5a5a5a55a5a5a5a); ld a0, 8(a1); TEST_CHECK(a0, 0x5a5a223344556677); ld a0, 16(a1); TEST_CHECK(a0, 0x1e01a5a5a5a55a5a)

  /* stores crossing a 4 KiB page boundary */
  TEST_NUM(83); la a1, xbuf; li a2, 0x9988; sh a2, 15(a1); lh a0, 15(a1); TEST_CHECK(a0, 0xffffffffffff9988); ld a0, 8(a1); TEST_CHECK(a0, 0x8819fcdfc2a5886b); ld a0, 16(a1); TEST_CHECK(a0, 0x1e01e4c7aa8d7099)
  TEST_NUM(84); la a1, xbuf; li a2, 0x76543210; sw a2, 13(a1); lw a0, 13(a1); TEST_CHECK(a0, 0x76543210); ld a0, 8(a1); TEST_CHECK(a0, 0x543210dfc2a5886b); ld a0, 16(a1); TEST_CHECK(a0, 0x1e01e4c7aa8d7076)
  TEST_NUM(85); la a1, xbuf; li a2, 0xf0e1d2c3b4a59687; sd a2, 9(a1); ld a0, 9(a1); TEST_CHECK(a0, 0xf0e1d2c3b4a59687); ld a0, 8(a1); TEST_CHECK(a0, 0xe1d2c3b4a596876b); ld a0, 16(a1); TEST_CHECK(a0, 0x1e01e4c7aa8d70f0)
  TEST_NUM(86); la a1, xbuf; li a2, 0xf1e2d3c4b5a6978; sd a2, 15(a1); ld a0, 15(a1); TEST_CHECK(a0, 0xf1e2d3c4b5a6978); ld a0, 8(a1); TEST_CHECK(a0, 0x78d2c3b4a596876b); ld a0, 16(a1); TEST_CHECK(a0, 0x1e0f1e2d3c4b5a69)

  /* Floating-point loads and stores are emulated the same way. */
  TEST_NUM(87); la a1, mdat; flw fa0, 3(a1); fmv.x.w a0, fa0; TEST_CHECK(a0, 0x3114f7da)
  TEST_NUM(88); la a1, mdat; fld fa0, 5(a1); fmv.x.d a0, fa0; TEST_CHECK(a0, 0xdfc2a5886b4e3114)
  TEST_NUM(89); la a1, fbuf; li a2, 0x3f8000ff; fmv.w.x fa0, a2; fsw fa0, 1(a1); lw a0, 1(a1); TEST_CHECK(a0, 0x3f8000ff)
  TEST_NUM(90); la a1, fbuf; li a2, 0xc00921fb54442d18; fmv.d.x fa0, a2; fsd fa0, 11(a1); ld a0, 11(a1); TEST_CHECK(a0, 0xc00921fb54442d18)

  TEST_END

TEST_DATA
mdat:
  .byte 0x83, 0xa0, 0xbd, 0xda, 0xf7, 0x14, 0x31, 0x4e
  .byte 0x6b, 0x88, 0xa5, 0xc2, 0xdf, 0xfc, 0x19, 0x36
  .byte 0x53, 0x70, 0x8d, 0xaa, 0xc7, 0xe4, 0x01, 0x1e
  .byte 0x3b, 0x58, 0x75, 0x92, 0xaf, 0xcc, 0xe9, 0x06
  .balign 64
sbuf:
  .byte 0x83, 0xa0, 0xbd, 0xda, 0xf7, 0x14, 0x31, 0x4e
  .byte 0x6b, 0x88, 0xa5, 0xc2, 0xdf, 0xfc, 0x19, 0x36
  .byte 0x53, 0x70, 0x8d, 0xaa, 0xc7, 0xe4, 0x01, 0x1e
  .byte 0x3b, 0x58, 0x75, 0x92, 0xaf, 0xcc, 0xe9, 0x06
  .balign 64
fbuf:
  .fill 32, 1, 0
  /* xdat and xbuf straddle page boundaries at offset 16. */
  .balign 4096
  .skip 4096 - 16
xdat:
  .byte 0x83, 0xa0, 0xbd, 0xda, 0xf7, 0x14, 0x31, 0x4e
  .byte 0x6b, 0x88, 0xa5, 0xc2, 0xdf, 0xfc, 0x19, 0x36
  .byte 0x53, 0x70, 0x8d, 0xaa, 0xc7, 0xe4, 0x01, 0x1e
  .byte 0x3b, 0x58, 0x75, 0x92, 0xaf, 0xcc, 0xe9, 0x06
  .balign 4096
  .skip 4096 - 16
xbuf:
  .byte 0x83, 0xa0, 0xbd, 0xda, 0xf7, 0x14, 0x31, 0x4e
  .byte 0x6b, 0x88, 0xa5, 0xc2, 0xdf, 0xfc, 0x19, 0x36
  .byte 0x53, 0x70, 0x8d, 0xaa, 0xc7, 0xe4, 0x01, 0x1e
  .byte 0x3b, 0x58, 0x75, 0x92, 0xaf, 0xcc, 0xe9, 0x06
