/* SPDX-License-Identifier: MIT */
/* D loads, stores and moves (Unpriv 12.3, 12.6): fld/fsd and fmv.x.d/fmv.d.x copy all 64
   bits unchanged (NaN payloads, signaling NaNs) and raise no flags. */

#include "test.h"

TEST_BEGIN

  TEST_CASE(1, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; fmv.d.x fa0, a1; fmv.x.d a0, fa0)
  TEST_CASE(2, a0, 0x7ff0000000000001, li a1, 0x7ff0000000000001; fmv.d.x fa0, a1; fmv.x.d a0, fa0)
  TEST_CASE(3, a0, 0xfff8000000000abc, li a1, 0xfff8000000000abc; fmv.d.x ft11, a1; fmv.x.d a0, ft11)
  TEST_CASE(4, a0, 0, TEST_FLAGS_RESET; li a1, 0x7ff0000000000001; fmv.d.x fa0, a1; fmv.x.d a2, fa0; frflags a0)

  /* fld / fsd with positive and negative offsets. */
  TEST_CASE(5, a0, 0xbff0000000000000, la a1, ddat; fld fa0, 0(a1); fmv.x.d a0, fa0)
  TEST_CASE(6, a0, 0x7ff4000000000000, la a1, ddat + 16; fld fa0, -8(a1); fmv.x.d a0, fa0)
  TEST_CASE(7, a0, 0x000fffffffffffff, la a1, ddat; fld fs5, 16(a1); fmv.x.d a0, fs5)
  TEST_CASE(8, a0, 0x8000000000000000, la a1, dbuf; li a2, 0x8000000000000000; fmv.d.x fa0, a2; fsd fa0, 0(a1); ld a0, 0(a1))
  TEST_CASE(9, a0, 0x7ff4000000000000, la a1, ddat; fld fa0, 8(a1); la a1, dbuf + 16; fsd fa0, -8(a1); ld a0, -8(a1))
  TEST_CASE(10, a0, 0, TEST_FLAGS_RESET; la a1, ddat; fld fa0, 8(a1); la a1, dbuf; fsd fa0, 0(a1); frflags a0)
  /* fsd of a boxed single stores the box as well. */
  TEST_CASE(11, a0, 0xffffffff3f800000, la a1, dbuf; li a2, 0x3f800000; fmv.w.x fa0, a2; fsd fa0, 0(a1); ld a0, 0(a1))
  /* fld of a boxed single makes it usable by single-precision arithmetic. */
  TEST_NUM(12)
  la a1, ddat
  fld fa0, 24(a1)
  fadd.s fa3, fa0, fa0
  TEST_CHECK_S(fa3, 0x40000000)

  /* Round trip through every f register number class (f0, f31, callee-saved). */
  TEST_CASE(13, a0, 0x4000000000000001, li a1, 0x4000000000000001; fmv.d.x f0, a1; fsgnj.d f31, f0, f0; fmv.x.d a0, f31)
  TEST_CASE(14, a0, 0xc000000000000001, li a1, 0x4000000000000001; fmv.d.x f31, a1; fsgnjn.d fs0, f31, f31; fmv.x.d a0, fs0)

  TEST_END

TEST_DATA
ddat:
  .dword 0xbff0000000000000
  .dword 0x7ff4000000000000
  .dword 0x000fffffffffffff
  .dword 0xffffffff3f800000
  .balign 16
dbuf:
  .dword 0, 0, 0
