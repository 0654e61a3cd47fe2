/* SPDX-License-Identifier: MIT */
/* F loads, stores and moves (Unpriv 11.5, 11.7) and NaN boxing with D present (Unpriv
   12.2): flw/fmv.w.x box their value; fsw/fmv.x.w copy bits 31:0 unchecked; every other
   single-precision operation reads an improperly boxed register as the canonical NaN. */

#include "test.h"

#define QNAN_S 0x7fc00000

/* Put a 64-bit pattern in fa0 without boxing it as a single. */
#define LOAD_RAW(freg, bits) li t0, bits; fmv.d.x freg, t0

TEST_BEGIN

  /* fmv.w.x boxes; fmv.x.w sign-extends bit 31 into the integer register. */
  TEST_CASE(1, a0, 0xffffffff3f800000, li a1, 0x123456783f800000; fmv.w.x fa0, a1; fmv.x.d a0, fa0)
  TEST_CASE(2, a0, 0xffffffffbf800000, li a1, 0xbf800000; fmv.w.x fa0, a1; fmv.x.w a0, fa0)
  TEST_CASE(3, a0, 0x000000007f800001, li a1, 0x7f800001; fmv.w.x fa0, a1; fmv.x.w a0, fa0)
  /* Moves never raise flags, even for signaling NaNs. */
  TEST_CASE(4, a0, 0, TEST_FLAGS_RESET; li a1, 0x7f800001; fmv.w.x fa0, a1; fmv.x.w a2, fa0; frflags a0)

  /* flw boxes the loaded word; fsw stores bits 31:0. */
  TEST_CASE(5, a0, 0xffffffff80000001, la a1, wdat; flw fa0, 0(a1); fmv.x.d a0, fa0)
  TEST_CASE(6, a0, 0xffffffff7fa00000, la a1, wdat; flw fa0, 4(a1); fmv.x.d a0, fa0)
  TEST_CASE(7, a0, 0x00000000c0490fdb, la a1, wbuf; li a2, 0xc0490fdb; fmv.w.x fa0, a2; sd zero, 0(a1); fsw fa0, 0(a1); ld a0, 0(a1))
  TEST_CASE(8, a0, 0x7fa0000080000001, la a1, wdat; flw fa0, 4(a1); flw fa1, -4(a1); la a1, wbuf; fsw fa0, 12(a1); fsw fa1, 8(a1); ld a0, 8(a1))
  /* flw, fsw with an sNaN: bits preserved, no flags. */
  TEST_CASE(9, a0, 0, TEST_FLAGS_RESET; la a1, wdat; flw fa0, 4(a1); la a1, wbuf; fsw fa0, 0(a1); frflags a0)
  TEST_CASE(10, a0, 0x7fa00000, la a1, wbuf; lwu a0, 0(a1))

  /* Improperly boxed inputs: fsw and fmv.x.w copy the low bits unchanged. */
  TEST_CASE(11, a0, 0x000000003f800000, LOAD_RAW(fa0, 0xfffffffe3f800000); fmv.x.w a0, fa0)
  TEST_CASE(12, a0, 0x3f800000, LOAD_RAW(fa0, 0x000000003f800000); la a1, wbuf; fsw fa0, 0(a1); lwu a0, 0(a1))

  /* Arithmetic on an unboxed operand sees the canonical NaN (a quiet NaN: no flags). */
  TEST_NUM(13)
  LOAD_RAW(fa0, 0x000000003f800000)
  TEST_LOAD_S(fa1, 0x3f800000)
  TEST_FLAGS_RESET
  fadd.s fa3, fa0, fa1
  TEST_CHECK_FLAGS(0)
  TEST_CHECK_S(fa3, QNAN_S)
  TEST_NUM(14)
  LOAD_RAW(fa0, 0x7fffffff00000000)
  TEST_LOAD_S(fa1, 0x40000000)
  TEST_FLAGS_RESET
  fmul.s fa3, fa1, fa0
  TEST_CHECK_FLAGS(0)
  TEST_CHECK_S(fa3, QNAN_S)
  TEST_NUM(15)
  LOAD_RAW(fa0, 0xfffffffe40800000)
  TEST_FLAGS_RESET
  fsqrt.s fa3, fa0
  TEST_CHECK_FLAGS(0)
  TEST_CHECK_S(fa3, QNAN_S)
  TEST_NUM(16)
  LOAD_RAW(fa0, 0x0000000040000000)
  TEST_LOAD_S(fa1, 0x3f800000)
  TEST_LOAD_S(fa2, 0x3f800000)
  TEST_FLAGS_RESET
  fmadd.s fa3, fa1, fa2, fa0
  TEST_CHECK_FLAGS(0)
  TEST_CHECK_S(fa3, QNAN_S)

  /* fmin/fmax treat the unboxed operand as a NaN and return the other one. */
  TEST_NUM(17)
  LOAD_RAW(fa0, 0x00000000bf800000)
  TEST_LOAD_S(fa1, 0x40400000)
  TEST_FLAGS_RESET
  fmin.s fa3, fa0, fa1
  TEST_CHECK_FLAGS(0)
  TEST_CHECK_S(fa3, 0x40400000)
  TEST_NUM(18)
  LOAD_RAW(fa0, 0x00000000bf800000)
  LOAD_RAW(fa1, 0x0000000040400000)
  TEST_FLAGS_RESET
  fmax.s fa3, fa0, fa1
  TEST_CHECK_FLAGS(0)
  TEST_CHECK_S(fa3, QNAN_S)

  /* Sign injection on an unboxed operand injects into the canonical NaN. */
  TEST_NUM(19)
  LOAD_RAW(fa0, 0x000000003f800000)
  TEST_LOAD_S(fa1, 0xbf800000)
  fsgnj.s fa3, fa0, fa1
  TEST_CHECK_S(fa3, 0xffc00000)
  TEST_NUM(20)
  TEST_LOAD_S(fa0, 0x3f800000)
  LOAD_RAW(fa1, 0x00000000bf800000)
  fsgnj.s fa3, fa0, fa1
  TEST_CHECK_S(fa3, 0x3f800000)
  TEST_NUM(21)
  LOAD_RAW(fa0, 0x00000000bf800000)
  fsgnjn.s fa3, fa0, fa0
  TEST_CHECK_S(fa3, 0xffc00000)

  /* Comparisons, fclass and conversions read the canonical NaN too. */
  TEST_NUM(22)
  LOAD_RAW(fa0, 0x000000003f800000)
  TEST_FLAGS_RESET
  feq.s a0, fa0, fa0
  TEST_CHECK_FLAGS(0)
  TEST_CHECK(a0, 0)
  TEST_NUM(23)
  LOAD_RAW(fa0, 0x000000003f800000)
  TEST_LOAD_S(fa1, 0x3f800000)
  TEST_FLAGS_RESET
  fle.s a0, fa1, fa0
  TEST_CHECK_FLAGS(FLAG_NV)
  TEST_CHECK(a0, 0)
  TEST_CASE(24, a0, 0x200, LOAD_RAW(fa0, 0x00000000ff800000); fclass.s a0, fa0)
  TEST_CASE(25, a0, 0x200, LOAD_RAW(fa0, 0xfffffff0ff800000); fclass.s a0, fa0)
  TEST_CASE(26, a0, 0x001, LOAD_RAW(fa0, 0xffffffffff800000); fclass.s a0, fa0)
  TEST_NUM(27)
  LOAD_RAW(fa0, 0x0000000040400000)
  TEST_FLAGS_RESET
  fcvt.w.s a0, fa0, rtz
  TEST_CHECK_FLAGS(FLAG_NV)
  TEST_CHECK(a0, 0x7fffffff)
  TEST_NUM(28)
  LOAD_RAW(fa0, 0x0000000040400000)
  TEST_FLAGS_RESET
  fcvt.d.s fa3, fa0
  TEST_CHECK_FLAGS(0)
  TEST_CHECK_D(fa3, 0x7ff8000000000000)

  /* A single-precision result written by a D-width operation is no longer boxed:
     fcvt.d.s then fadd.s on that register sees a NaN. */
  TEST_NUM(29)
  TEST_LOAD_S(fa0, 0x3f800000)
  fcvt.d.s fa1, fa0
  fadd.s fa3, fa1, fa0
  TEST_CHECK_S(fa3, QNAN_S)

  /* fsgnj.d on a boxed single copies all 64 bits: the box survives. */
  TEST_NUM(30)
  TEST_LOAD_S(fa0, 0x40000000)
  fsgnj.d fa1, fa0, fa0
  TEST_LOAD_S(fa2, 0x3f800000)
  fadd.s fa3, fa1, fa2
  TEST_CHECK_S(fa3, 0x40400000)

  TEST_END

TEST_DATA
  .word 0x80000001
wdat:
  .word 0x80000001
  .word 0x7fa00000
  .balign 16
wbuf:
  .dword 0, 0
