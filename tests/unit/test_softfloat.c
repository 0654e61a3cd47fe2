/* SPDX-License-Identifier: MIT */
/* Tests for cpu/softfloat: hand cases for each RISC-V F/D rule, then randomized
 * bit-for-bit comparison with the host (x86 SSE) FPU under each rounding mode. Host
 * operations use volatile operands and results, so the test holds with or without
 * -frounding-math (gcc ignores FENV_ACCESS). One file (~1,100 lines): one per module. */
#include <fenv.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/softfloat.h"

/* Values used by the hand cases. */
#define S_ONE      0x3f800000u
#define S_TWO      0x40000000u
#define S_THREE    0x40400000u
#define S_HALF     0x3f000000u
#define S_MAX      0x7f7fffffu
#define S_INF      0x7f800000u
#define S_NEG      0x80000000u
#define S_QNAN     F32_CANONICAL_NAN
#define S_SNAN     0x7f800001u
#define S_MIN_SUB  0x00000001u
#define S_MAX_SUB  0x007fffffu
#define S_MIN_NORM 0x00800000u
#define D_ONE      0x3ff0000000000000ull
#define D_TWO      0x4000000000000000ull
#define D_MAX      0x7fefffffffffffffull
#define D_INF      0x7ff0000000000000ull
#define D_NEG      0x8000000000000000ull
#define D_QNAN     F64_CANONICAL_NAN
#define D_SNAN     0x7ff0000000000001ull
#define D_MIN_SUB  0x0000000000000001ull
#define D_MAX_SUB  0x000fffffffffffffull
#define D_MIN_NORM 0x0010000000000000ull

#define NX FFLAG_NX
#define UF FFLAG_UF
#define OF FFLAG_OF
#define DZ FFLAG_DZ
#define NV FFLAG_NV

/* Evaluate `call` (which may use `fl`), then check its value and the flags it raised. */
#define EXPECT(call, want, want_flags)                \
    do {                                              \
        unsigned fl = 0;                              \
        uint64_t got_ = (uint64_t)(call);             \
        assert_int_equal(got_, (uint64_t)(want));     \
        assert_int_equal(fl, (unsigned)(want_flags)); \
    } while (0)

static const int ALL_RM[] = {FP_RNE, FP_RTZ, FP_RDN, FP_RUP, FP_RMM};

/* ---------------------------------------------------------------- hand cases */

static void test_inexact_each_mode(void **state)
{
    static const uint32_t third[] = {0x3eaaaaab, 0x3eaaaaaa, 0x3eaaaaaa, 0x3eaaaaab, 0x3eaaaaab};
    static const uint32_t neg_third[] = {0xbeaaaaab, 0xbeaaaaaa, 0xbeaaaaab, 0xbeaaaaaa,
                                         0xbeaaaaab};
    (void)state;
    for (int i = 0; i < 5; i++) {
        EXPECT(f32_div(S_ONE, S_THREE, ALL_RM[i], &fl), third[i], NX);
        EXPECT(f32_div(S_ONE | S_NEG, S_THREE, ALL_RM[i], &fl), neg_third[i], NX);
    }
    EXPECT(f64_div(D_ONE, 0x4008000000000000ull, FP_RNE, &fl), 0x3fd5555555555555ull, NX);
    EXPECT(f64_div(D_ONE, 0x4008000000000000ull, FP_RUP, &fl), 0x3fd5555555555556ull, NX);
    EXPECT(f32_add(S_ONE, S_TWO, FP_RNE, &fl), S_THREE, 0);
}

/* 1 + 2^-24 is a tie between 1 and 1 + 2^-23 (even below, odd above). */
static void test_ties_each_mode(void **state)
{
    static const uint32_t even_tie[] = {S_ONE, S_ONE, S_ONE, S_ONE + 1, S_ONE + 1};
    static const uint32_t odd_tie[] = {S_ONE + 2, S_ONE + 1, S_ONE + 1, S_ONE + 2, S_ONE + 2};
    static const uint32_t neg_tie[] = {S_NEG | S_ONE, S_NEG | S_ONE, S_NEG | (S_ONE + 1),
                                       S_NEG | S_ONE, S_NEG | (S_ONE + 1)};
    static const uint64_t d_tie[] = {D_ONE, D_ONE, D_ONE, D_ONE + 1, D_ONE + 1};
    (void)state;
    for (int i = 0; i < 5; i++) {
        int rm = ALL_RM[i];
        EXPECT(f32_add(S_ONE, 0x33800000, rm, &fl), even_tie[i], NX);
        EXPECT(f32_add(S_ONE + 1, 0x33800000, rm, &fl), odd_tie[i], NX);
        EXPECT(f32_sub(S_NEG | S_ONE, 0x33800000, rm, &fl), neg_tie[i], NX);
        EXPECT(f64_add(D_ONE, 0x3ca0000000000000ull, rm, &fl), d_tie[i], NX);
    }
    /* RMM through conversions: 2.5 -> 3, -2.5 -> -3; RNE gives 2 and -2. */
    EXPECT(f32_to_i32(0x40200000, FP_RMM, &fl), 3, NX);
    EXPECT(f32_to_i32(0xc0200000, FP_RMM, &fl), -3, NX);
    EXPECT(f32_to_i32(0x40200000, FP_RNE, &fl), 2, NX);
    EXPECT(f64_to_i64(0xc004000000000000ull, FP_RNE, &fl), -2, NX);
    EXPECT(i32_to_f32(16777217, FP_RMM, &fl), 0x4b800001, NX);
    EXPECT(i32_to_f32(16777217, FP_RNE, &fl), 0x4b800000, NX);
    EXPECT(i32_to_f32(16777219, FP_RNE, &fl), 0x4b800002, NX);
}

static void test_exact_zero_sign(void **state)
{
    (void)state;
    EXPECT(f32_sub(S_ONE, S_ONE, FP_RNE, &fl), 0, 0);
    EXPECT(f32_sub(S_ONE, S_ONE, FP_RDN, &fl), S_NEG, 0);
    EXPECT(f32_add(S_NEG, S_NEG, FP_RNE, &fl), S_NEG, 0);
    EXPECT(f32_add(S_NEG, 0, FP_RNE, &fl), 0, 0);
    EXPECT(f32_add(S_NEG, 0, FP_RDN, &fl), S_NEG, 0);
    EXPECT(f64_sub(D_TWO, D_TWO, FP_RUP, &fl), 0, 0);
    EXPECT(f64_sub(D_TWO, D_TWO, FP_RDN, &fl), D_NEG, 0);
    EXPECT(f32_mul(S_NEG | S_ONE, 0, FP_RNE, &fl), S_NEG, 0);
    EXPECT(f64_div(D_NEG, D_TWO, FP_RNE, &fl), D_NEG, 0);
    EXPECT(f32_add(S_NEG, S_MIN_SUB, FP_RNE, &fl), S_MIN_SUB, 0);
}

static void test_overflow_each_mode(void **state)
{
    /* want[mode][sign] */
    static const uint32_t s_want[5][2] = {{S_INF, S_NEG | S_INF},
                                          {S_MAX, S_NEG | S_MAX},
                                          {S_MAX, S_NEG | S_INF},
                                          {S_INF, S_NEG | S_MAX},
                                          {S_INF, S_NEG | S_INF}};
    static const uint64_t d_want[5][2] = {{D_INF, D_NEG | D_INF},
                                          {D_MAX, D_NEG | D_MAX},
                                          {D_MAX, D_NEG | D_INF},
                                          {D_INF, D_NEG | D_MAX},
                                          {D_INF, D_NEG | D_INF}};
    (void)state;
    for (int i = 0; i < 5; i++) {
        int rm = ALL_RM[i];
        EXPECT(f32_mul(S_MAX, S_TWO, rm, &fl), s_want[i][0], OF | NX);
        EXPECT(f32_mul(S_MAX, S_NEG | S_TWO, rm, &fl), s_want[i][1], OF | NX);
        EXPECT(f64_add(D_MAX, D_MAX, rm, &fl), d_want[i][0], OF | NX);
        EXPECT(f64_add(D_NEG | D_MAX, D_NEG | D_MAX, rm, &fl), d_want[i][1], OF | NX);
        EXPECT(f64_to_f32(D_MAX, rm, &fl), s_want[i][0], OF | NX);
    }
    /* Rounding up to 2^128 overflows; half an ulp less does not round up. */
    EXPECT(f32_add(S_MAX, 0x73000000, FP_RNE, &fl), S_INF, OF | NX);
    EXPECT(f32_add(S_MAX, 0x72800000, FP_RNE, &fl), S_MAX, NX);
    EXPECT(f32_add(S_MAX, 0x72800000, FP_RUP, &fl), S_INF, OF | NX);
    EXPECT(f32_mul(S_MAX, S_ONE, FP_RNE, &fl), S_MAX, 0);
}

static void test_underflow_and_subnormals(void **state)
{
    (void)state;
    /* 2^-150: a tie between 0 and the smallest subnormal. */
    EXPECT(f32_mul(S_MIN_SUB, S_HALF, FP_RNE, &fl), 0, UF | NX);
    EXPECT(f32_mul(S_MIN_SUB, S_HALF, FP_RMM, &fl), S_MIN_SUB, UF | NX);
    EXPECT(f32_mul(S_MIN_SUB, S_HALF, FP_RUP, &fl), S_MIN_SUB, UF | NX);
    EXPECT(f32_mul(S_MIN_SUB, S_NEG | S_HALF, FP_RDN, &fl), S_NEG | S_MIN_SUB, UF | NX);
    EXPECT(f64_mul(D_MIN_SUB, 0x3fe0000000000000ull, FP_RNE, &fl), 0, UF | NX);
    /* Tiny but exact: no UF, no NX. */
    EXPECT(f32_mul(S_MIN_NORM, S_HALF, FP_RNE, &fl), 0x00400000, 0);
    EXPECT(f32_sub(S_MIN_NORM, S_MAX_SUB, FP_RNE, &fl), S_MIN_SUB, 0);
    EXPECT(f64_div(D_MIN_NORM, D_TWO, FP_RNE, &fl), 0x0008000000000000ull, 0);
    EXPECT(f32_add(S_MAX_SUB, S_MIN_SUB, FP_RNE, &fl), S_MIN_NORM, 0);
    /* (1 - 2^-24) * 2^-126 is tiny even with unbounded exponent, so UF although it
     * rounds to the smallest normal. */
    EXPECT(f32_mul(0x3f7fffff, S_MIN_NORM, FP_RNE, &fl), S_MIN_NORM, UF | NX);
    EXPECT(f32_mul(0x3f7fffff, S_MIN_NORM, FP_RTZ, &fl), S_MAX_SUB, UF | NX);
    /* 2^-126 - 2^-151 rounds (at 24 bits) to 2^-126: not tiny after rounding. */
    EXPECT(f64_to_f32(0x380ffffff0000000ull, FP_RNE, &fl), S_MIN_NORM, NX);
    EXPECT(f64_to_f32(0x380ffffff0000000ull, FP_RUP, &fl), S_MIN_NORM, NX);
    EXPECT(f64_to_f32(0x380ffffff0000000ull, FP_RTZ, &fl), S_MAX_SUB, UF | NX);
    EXPECT(f64_to_f32(D_MIN_SUB, FP_RUP, &fl), S_MIN_SUB, UF | NX);
    EXPECT(f64_to_f32(D_NEG | D_MIN_SUB, FP_RNE, &fl), S_NEG, UF | NX);
    EXPECT(f32_to_f64(S_MIN_SUB, &fl), 0x36a0000000000000ull, 0);
    EXPECT(f32_sqrt(S_MIN_SUB, FP_RNE, &fl), 0x1a3504f3, NX);
    EXPECT(f64_sqrt(0x0000000000000004ull, FP_RNE, &fl), 0x1e70000000000000ull, 0);
}

static void test_invalid_and_div_by_zero(void **state)
{
    (void)state;
    EXPECT(f32_div(S_ONE, 0, FP_RNE, &fl), S_INF, DZ);
    EXPECT(f32_div(S_NEG | S_ONE, 0, FP_RNE, &fl), S_NEG | S_INF, DZ);
    EXPECT(f64_div(D_ONE, D_NEG, FP_RNE, &fl), D_NEG | D_INF, DZ);
    EXPECT(f32_div(S_INF, 0, FP_RNE, &fl), S_INF, 0);
    EXPECT(f32_div(0, 0, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f64_div(D_INF, D_NEG | D_INF, FP_RNE, &fl), D_QNAN, NV);
    EXPECT(f32_sub(S_INF, S_INF, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f64_add(D_INF, D_NEG | D_INF, FP_RNE, &fl), D_QNAN, NV);
    EXPECT(f32_add(S_INF, S_INF, FP_RNE, &fl), S_INF, 0);
    EXPECT(f32_mul(0, S_NEG | S_INF, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f32_sqrt(S_NEG | S_ONE, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f64_sqrt(D_NEG | D_INF, FP_RNE, &fl), D_QNAN, NV);
    EXPECT(f32_sqrt(S_NEG, FP_RNE, &fl), S_NEG, 0);
    EXPECT(f32_sqrt(S_INF, FP_RNE, &fl), S_INF, 0);
    EXPECT(f64_sqrt(0x4010000000000000ull, FP_RNE, &fl), D_TWO, 0);
    /* Signaling NaN operands raise NV; quiet ones do not; payloads never propagate. */
    EXPECT(f32_add(S_SNAN, S_ONE, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f32_add(S_ONE, 0xffc12345, FP_RNE, &fl), S_QNAN, 0);
    EXPECT(f64_mul(0xfff8000000000123ull, D_INF, FP_RNE, &fl), D_QNAN, 0);
    EXPECT(f64_div(D_SNAN, D_QNAN, FP_RNE, &fl), D_QNAN, NV);
    EXPECT(f32_sqrt(0x7fa00000, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f32_to_f64(0xff800001, &fl), D_QNAN, NV);
    EXPECT(f32_to_f64(0xffc00001, &fl), D_QNAN, 0);
    EXPECT(f64_to_f32(D_SNAN, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f64_to_f32(0x7ff8000012345678ull, FP_RNE, &fl), S_QNAN, 0);
}

static void test_fma(void **state)
{
    (void)state;
    /* (1 + 2^-20)(1 - 2^-20) - 1 = -2^-40 exactly; a separate multiply would give 0. */
    EXPECT(f32_muladd(0x3f800008, 0x3f7ffff0, S_NEG | S_ONE, 0, 0, FP_RNE, &fl), 0xab800000, 0);
    EXPECT(f32_add(f32_mul(0x3f800008, 0x3f7ffff0, FP_RNE, &fl), S_NEG | S_ONE, FP_RNE, &fl), 0,
           NX);
    EXPECT(f64_muladd(0x3ff0000000400000ull, 0x3fefffffff800000ull, D_ONE, 0, 1, FP_RNE, &fl),
           0xbc30000000000000ull, 0);
    /* Sign variants: a=1, b=2, c=3. */
    EXPECT(f32_muladd(S_ONE, S_TWO, S_THREE, 0, 0, FP_RNE, &fl), 0x40a00000, 0);
    EXPECT(f32_muladd(S_ONE, S_TWO, S_THREE, 0, 1, FP_RNE, &fl), 0xbf800000, 0);
    EXPECT(f32_muladd(S_ONE, S_TWO, S_THREE, 1, 0, FP_RNE, &fl), 0x3f800000, 0);
    EXPECT(f32_muladd(S_ONE, S_TWO, S_THREE, 1, 1, FP_RNE, &fl), 0xc0a00000, 0);
    /* 0 * inf is invalid even with a quiet NaN addend. */
    EXPECT(f32_muladd(0, S_INF, S_QNAN, 0, 0, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f64_muladd(D_INF, D_NEG, 0x7ff8000000000001ull, 0, 0, FP_RNE, &fl), D_QNAN, NV);
    EXPECT(f32_muladd(S_ONE, S_QNAN, S_INF, 0, 0, FP_RNE, &fl), S_QNAN, 0);
    EXPECT(f32_muladd(S_ONE, S_ONE, S_SNAN, 0, 0, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f32_muladd(S_INF, S_ONE, S_INF, 0, 1, FP_RNE, &fl), S_QNAN, NV);
    EXPECT(f32_muladd(S_INF, S_ONE, S_INF, 1, 1, FP_RNE, &fl), S_NEG | S_INF, 0);
    EXPECT(f64_muladd(D_ONE, D_TWO, D_INF, 0, 1, FP_RNE, &fl), D_NEG | D_INF, 0);
    /* Zero results. */
    EXPECT(f32_muladd(S_ONE, 0, S_NEG, 0, 0, FP_RNE, &fl), 0, 0);
    EXPECT(f32_muladd(S_ONE, 0, S_NEG, 0, 0, FP_RDN, &fl), S_NEG, 0);
    EXPECT(f32_muladd(S_ONE, 0, 0, 1, 1, FP_RNE, &fl), S_NEG, 0);
    EXPECT(f32_muladd(S_TWO, S_THREE, 0x40c00000, 0, 1, FP_RNE, &fl), 0, 0);
    EXPECT(f32_muladd(S_TWO, S_THREE, 0x40c00000, 0, 1, FP_RDN, &fl), S_NEG, 0);
    EXPECT(f32_muladd(0, S_ONE, S_THREE, 0, 1, FP_RNE, &fl), S_NEG | S_THREE, 0);
    /* A tiny product with a zero addend still underflows; a sticky product nudges c. */
    EXPECT(f32_muladd(S_MIN_SUB, S_HALF, S_NEG, 0, 0, FP_RNE, &fl), 0, UF | NX);
    EXPECT(f32_muladd(0x30800000, 0x30800000, S_ONE, 0, 0, FP_RNE, &fl), S_ONE, NX);
    EXPECT(f32_muladd(0x30800000, 0x30800000, S_ONE, 0, 0, FP_RUP, &fl), S_ONE + 1, NX);
    EXPECT(f32_muladd(0x30800000, 0x30800000, S_ONE, 1, 0, FP_RTZ, &fl), 0x3f7fffff, NX);
    EXPECT(f64_muladd(D_MAX, D_TWO, D_NEG | D_MAX, 0, 0, FP_RNE, &fl), D_MAX, 0);
}

/* Unpriv F table "Domains of float-to-integer conversions and behavior for invalid inputs". */
static void test_fcvt_saturation(void **state)
{
    (void)state;
    EXPECT(f32_to_i32(S_QNAN, FP_RNE, &fl), INT32_MAX, NV);
    EXPECT(f32_to_i32(S_NEG | S_SNAN, FP_RNE, &fl), INT32_MAX, NV);
    EXPECT(f32_to_i32(S_INF, FP_RNE, &fl), INT32_MAX, NV);
    EXPECT(f32_to_i32(S_NEG | S_INF, FP_RNE, &fl), INT32_MIN, NV);
    EXPECT(f32_to_i32(0x4f000000, FP_RNE, &fl), INT32_MAX, NV);
    EXPECT(f32_to_i32(0xcf000000, FP_RNE, &fl), INT32_MIN, 0);
    EXPECT(f32_to_u32(S_QNAN, FP_RNE, &fl), UINT32_MAX, NV);
    EXPECT(f32_to_u32(S_NEG | S_INF, FP_RNE, &fl), 0, NV);
    EXPECT(f32_to_u32(0x4f800000, FP_RNE, &fl), UINT32_MAX, NV);
    EXPECT(f32_to_u32(0x4f7fffff, FP_RNE, &fl), 0xffffff00u, 0);
    EXPECT(f32_to_i64(S_QNAN, FP_RNE, &fl), INT64_MAX, NV);
    EXPECT(f32_to_i64(0xdf000000, FP_RNE, &fl), INT64_MIN, 0);
    EXPECT(f32_to_i64(0xdf000001, FP_RNE, &fl), INT64_MIN, NV);
    EXPECT(f32_to_u64(S_INF, FP_RNE, &fl), UINT64_MAX, NV);
    EXPECT(f64_to_u64(0x43f0000000000000ull, FP_RNE, &fl), UINT64_MAX, NV);
    EXPECT(f64_to_u64(0x43efffffffffffffull, FP_RNE, &fl), 0xfffffffffffff800ull, 0);
    EXPECT(f64_to_u64(D_QNAN, FP_RNE, &fl), UINT64_MAX, NV);
    EXPECT(f64_to_i64(D_NEG | D_INF, FP_RNE, &fl), INT64_MIN, NV);
    /* Rounding decides range: 2^31 - 0.5 and -2^31 - 0.5 under each mode. */
    EXPECT(f64_to_i32(0x41dfffffffe00000ull, FP_RNE, &fl), INT32_MAX, NV);
    EXPECT(f64_to_i32(0x41dfffffffe00000ull, FP_RTZ, &fl), INT32_MAX, NX);
    EXPECT(f64_to_i32(0x41dfffffffe00000ull, FP_RUP, &fl), INT32_MAX, NV);
    EXPECT(f64_to_i32(0x41dfffffffe00000ull, FP_RMM, &fl), INT32_MAX, NV);
    EXPECT(f64_to_i32(0xc1e0000000100000ull, FP_RNE, &fl), INT32_MIN, NX);
    EXPECT(f64_to_i32(0xc1e0000000100000ull, FP_RTZ, &fl), INT32_MIN, NX);
    EXPECT(f64_to_i32(0xc1e0000000100000ull, FP_RDN, &fl), INT32_MIN, NV);
    EXPECT(f64_to_i32(0xc1e0000000100000ull, FP_RMM, &fl), INT32_MIN, NV);
    /* Negative inputs to unsigned: rounding to 0 is only inexact, to -1 is invalid. */
    EXPECT(f32_to_u32(0xbf000000, FP_RNE, &fl), 0, NX);
    EXPECT(f32_to_u32(0xbf000000, FP_RMM, &fl), 0, NV);
    EXPECT(f32_to_u32(0xbf333333, FP_RTZ, &fl), 0, NX);
    EXPECT(f32_to_u32(0xbf333333, FP_RNE, &fl), 0, NV);
    EXPECT(f64_to_u64(D_NEG | D_MIN_SUB, FP_RUP, &fl), 0, NX);
    EXPECT(f64_to_u64(D_NEG | D_MIN_SUB, FP_RDN, &fl), 0, NV);
    EXPECT(f64_to_u32(D_NEG, FP_RNE, &fl), 0, 0);
    /* In range. */
    EXPECT(f32_to_i32(0xbfc00000, FP_RDN, &fl), -2, NX);
    EXPECT(f32_to_i32(0xbfc00000, FP_RUP, &fl), -1, NX);
    EXPECT(f32_to_i32(S_MIN_SUB, FP_RUP, &fl), 1, NX);
    EXPECT(f64_to_i64(0x43dfffffffffffffull, FP_RNE, &fl), 0x7ffffffffffffc00ll, 0);
    EXPECT(f64_to_u32(0x41efffffffe00000ull, FP_RUP, &fl), UINT32_MAX, 0);
    EXPECT(f64_to_u32(0x41efffffffe80000ull, FP_RNE, &fl), UINT32_MAX, NX);
    EXPECT(f64_to_u32(0x41efffffffe80000ull, FP_RUP, &fl), UINT32_MAX, NV);
}

static void test_int_to_float(void **state)
{
    (void)state;
    EXPECT(i32_to_f32(0, FP_RNE, &fl), 0, 0);
    EXPECT(i32_to_f32(-1, FP_RNE, &fl), S_NEG | S_ONE, 0);
    EXPECT(i32_to_f32(INT32_MIN, FP_RNE, &fl), 0xcf000000, 0);
    EXPECT(i32_to_f32(INT32_MAX, FP_RTZ, &fl), 0x4effffff, NX);
    EXPECT(i32_to_f32(INT32_MAX, FP_RNE, &fl), 0x4f000000, NX);
    EXPECT(u32_to_f32(UINT32_MAX, FP_RDN, &fl), 0x4f7fffff, NX);
    EXPECT(i64_to_f32(INT64_MIN, FP_RNE, &fl), 0xdf000000, 0);
    EXPECT(i64_to_f32(-16777217, FP_RDN, &fl), 0xcb800001, NX);
    EXPECT(u64_to_f32(UINT64_MAX, FP_RNE, &fl), 0x5f800000, NX);
    EXPECT(i32_to_f64(INT32_MIN, FP_RNE, &fl), 0xc1e0000000000000ull, 0);
    EXPECT(u32_to_f64(UINT32_MAX, FP_RNE, &fl), 0x41efffffffe00000ull, 0);
    EXPECT(u64_to_f64(UINT64_MAX, FP_RNE, &fl), 0x43f0000000000000ull, NX);
    EXPECT(u64_to_f64(UINT64_MAX, FP_RTZ, &fl), 0x43efffffffffffffull, NX);
    EXPECT(i64_to_f64((1ll << 53) + 1, FP_RMM, &fl), 0x4340000000000001ull, NX);
    EXPECT(i64_to_f64((1ll << 53) + 1, FP_RNE, &fl), 0x4340000000000000ull, NX);
    EXPECT(i64_to_f64(INT64_MIN, FP_RNE, &fl), 0xc3e0000000000000ull, 0);
}

static void test_min_max(void **state)
{
    (void)state;
    EXPECT(f32_min(S_NEG, 0, &fl), S_NEG, 0);
    EXPECT(f32_min(0, S_NEG, &fl), S_NEG, 0);
    EXPECT(f32_max(S_NEG, 0, &fl), 0, 0);
    EXPECT(f32_max(0, S_NEG, &fl), 0, 0);
    EXPECT(f64_min(D_NEG, 0, &fl), D_NEG, 0);
    EXPECT(f64_max(0, D_NEG, &fl), 0, 0);
    EXPECT(f32_min(S_ONE, S_NEG | S_INF, &fl), S_NEG | S_INF, 0);
    EXPECT(f32_max(S_NEG | S_ONE, S_NEG | S_TWO, &fl), S_NEG | S_ONE, 0);
    EXPECT(f32_min(S_MIN_SUB, S_ONE, &fl), S_MIN_SUB, 0);
    EXPECT(f32_min(S_QNAN, S_ONE, &fl), S_ONE, 0);
    EXPECT(f32_max(S_ONE, 0xffc00123, &fl), S_ONE, 0);
    EXPECT(f32_min(S_SNAN, S_ONE, &fl), S_ONE, NV);
    EXPECT(f32_max(S_NEG, S_SNAN, &fl), S_NEG, NV);
    EXPECT(f32_min(0xffc00123, S_QNAN, &fl), S_QNAN, 0);
    EXPECT(f32_max(S_SNAN, S_QNAN, &fl), S_QNAN, NV);
    EXPECT(f64_min(D_SNAN, D_NEG | D_SNAN, &fl), D_QNAN, NV);
    EXPECT(f64_max(D_QNAN, D_TWO, &fl), D_TWO, 0);
    EXPECT(f64_max(D_ONE, D_TWO, &fl), D_TWO, 0);
}

static void test_compare(void **state)
{
    (void)state;
    EXPECT(f32_eq(0, S_NEG, &fl), 1, 0);
    EXPECT(f32_eq(S_ONE, S_ONE, &fl), 1, 0);
    EXPECT(f32_eq(S_QNAN, S_QNAN, &fl), 0, 0);
    EXPECT(f32_eq(S_QNAN, S_ONE, &fl), 0, 0);
    EXPECT(f32_eq(S_SNAN, S_ONE, &fl), 0, NV);
    EXPECT(f32_lt(S_QNAN, S_ONE, &fl), 0, NV);
    EXPECT(f32_le(S_ONE, S_QNAN, &fl), 0, NV);
    EXPECT(f32_lt(S_NEG, 0, &fl), 0, 0);
    EXPECT(f32_le(0, S_NEG, &fl), 1, 0);
    EXPECT(f32_lt(S_NEG | S_TWO, S_NEG | S_ONE, &fl), 1, 0);
    EXPECT(f32_lt(S_NEG | S_ONE, S_NEG | S_TWO, &fl), 0, 0);
    EXPECT(f32_le(S_NEG | S_INF, S_NEG | S_MAX, &fl), 1, 0);
    EXPECT(f32_lt(S_INF, S_INF, &fl), 0, 0);
    EXPECT(f32_le(S_INF, S_INF, &fl), 1, 0);
    EXPECT(f64_eq(D_SNAN, D_SNAN, &fl), 0, NV);
    EXPECT(f64_eq(D_NEG, 0, &fl), 1, 0);
    EXPECT(f64_lt(D_MIN_SUB, D_MIN_NORM, &fl), 1, 0);
    EXPECT(f64_lt(D_NEG | D_MIN_SUB, 0, &fl), 1, 0);
    EXPECT(f64_le(D_QNAN, D_QNAN, &fl), 0, NV);
    EXPECT(f64_lt(D_ONE, D_ONE, &fl), 0, 0);
}

static void test_classify(void **state)
{
    static const uint32_t s_in[10] = {
        S_NEG | S_INF, S_NEG | S_ONE, S_NEG | S_MAX_SUB, S_NEG, 0, S_MIN_SUB, S_MAX,
        S_INF,         S_SNAN,        0xffc00001};
    static const uint64_t d_in[10] = {D_NEG | D_INF,
                                      D_NEG | D_MIN_NORM,
                                      D_NEG | D_MIN_SUB,
                                      D_NEG,
                                      0,
                                      D_MAX_SUB,
                                      D_ONE,
                                      D_INF,
                                      0xfff7ffffffffffffull,
                                      D_QNAN};
    (void)state;
    for (unsigned i = 0; i < 10; i++) {
        assert_int_equal(f32_classify(s_in[i]), 1u << i);
        assert_int_equal(f64_classify(d_in[i]), 1u << i);
    }
    assert_int_equal(FCLASS_QNAN, 1u << 9);
}

/* -------------------------------------------------- randomized host comparison */

static uint64_t rng_state;

static void rng_seed(uint64_t seed) { rng_state = seed; }

static uint64_t rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t rng_below(uint64_t n) { return rng_next() % n; }

struct tfmt {
    unsigned man_bits;
    unsigned exp_bits;
};

static const struct tfmt T32 = {23, 8};
static const struct tfmt T64 = {52, 11};

static uint64_t t_emax(const struct tfmt *f) { return (1ull << f->exp_bits) - 1; }

static uint64_t t_pack(const struct tfmt *f, uint64_t sign, uint64_t e, uint64_t man)
{
    return sign << (f->exp_bits + f->man_bits) | e << f->man_bits | man;
}

static uint64_t t_exp_of(const struct tfmt *f, uint64_t bits)
{
    return (bits >> f->man_bits) & t_emax(f);
}

/* Mantissas that make rounding interesting: runs of equal bits, exact halfway
 * patterns (and one off), few significant bits. */
static uint64_t gen_mantissa(unsigned man_bits)
{
    uint64_t mask = (1ull << man_bits) - 1, m;
    unsigned k, lo, hi;

    switch (rng_below(5)) {
    case 0:
        m = rng_below(2) ? mask : 0;
        for (int i = (int)rng_below(3); i >= 0; i--) {
            lo = (unsigned)rng_below(man_bits + 1);
            hi = (unsigned)rng_below(man_bits + 1);
            m ^= ((1ull << (lo > hi ? lo : hi)) - 1) & ~((1ull << (lo > hi ? hi : lo)) - 1);
        }
        return m & mask;
    case 1:
        k = (unsigned)rng_below(man_bits);
        m = (rng_next() & mask & ~((2ull << k) - 1)) | (1ull << k);
        return (m + rng_below(3) - 1) & mask;
    case 2: return rng_next() & mask & ~((1ull << rng_below(man_bits + 1)) - 1);
    default: return rng_next() & mask;
    }
}

static uint64_t gen_special(const struct tfmt *f)
{
    uint64_t man_mask = (1ull << f->man_bits) - 1, sign = rng_below(2);
    uint64_t quiet = 1ull << (f->man_bits - 1);

    switch (rng_below(8)) {
    case 0: return t_pack(f, sign, 0, 0);
    case 1: return t_pack(f, sign, t_emax(f), 0);
    case 2: return t_pack(f, sign, t_emax(f), quiet | (rng_next() & man_mask));
    case 3: return t_pack(f, sign, t_emax(f), (rng_next() & (quiet - 1)) | 1);
    case 4: return t_pack(f, sign, 0, rng_below(2) ? 1 : man_mask);
    case 5: return t_pack(f, sign, 1, rng_below(2) ? 0 : man_mask);
    case 6: return t_pack(f, sign, t_emax(f) - 1, man_mask - rng_below(2));
    default: return t_pack(f, sign, t_emax(f) >> 1, rng_below(2));
    }
}

static uint64_t gen_float(const struct tfmt *f)
{
    uint64_t emax = t_emax(f), e;

    switch (rng_below(10)) {
    case 0: return gen_special(f);
    case 1: e = rng_below(3); break;
    case 2: e = emax - 1 - rng_below(3); break;
    case 3: return rng_next() & ((2ull << (f->exp_bits + f->man_bits)) - 1);
    case 4:
    case 5: e = rng_below(emax); break;
    default: e = (emax >> 1) - 40 + rng_below(80); break;
    }
    return t_pack(f, rng_below(2), e, gen_mantissa(f->man_bits));
}

/* A value whose exponent lies within `spread` of a's, when a is finite. */
static uint64_t gen_near(const struct tfmt *f, uint64_t a, unsigned spread)
{
    int64_t e = (int64_t)t_exp_of(f, a) + (int64_t)rng_below(2 * spread + 1) - spread;

    if (t_exp_of(f, a) == t_emax(f))
        return gen_float(f);
    if (e < 0)
        e = 0;
    if (e >= (int64_t)t_emax(f))
        e = (int64_t)t_emax(f) - 1;
    return t_pack(f, rng_below(2), (uint64_t)e, gen_mantissa(f->man_bits));
}

/* a's magnitude with its low mantissa bits changed, of either sign: cancellation. */
static uint64_t gen_close(const struct tfmt *f, uint64_t a)
{
    uint64_t low = (1ull << rng_below(f->man_bits + 1)) - 1;
    uint64_t sign = 1ull << (f->exp_bits + f->man_bits);

    return ((a & ~low) | (rng_next() & low)) ^ (rng_below(2) ? sign : 0);
}

static uint64_t gen_second(const struct tfmt *f, uint64_t a)
{
    switch (rng_below(4)) {
    case 0: return gen_float(f);
    case 1: return gen_close(f, a);
    case 2: return gen_near(f, a, f->man_bits + 3);
    default: return gen_near(f, a, 2);
    }
}

/* Host side: bit views, rounding modes and flags. */

static float as_f32(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof(f));
    return f;
}

static uint32_t bits_f32(float f)
{
    uint32_t b;
    memcpy(&b, &f, sizeof(b));
    return b;
}

static double as_f64(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof(d));
    return d;
}

static uint64_t bits_f64(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof(b));
    return b;
}

static const int HOST_RM[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};

static unsigned host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);

    return ((e & FE_INEXACT) ? NX : 0) | ((e & FE_UNDERFLOW) ? UF : 0) |
           ((e & FE_OVERFLOW) ? OF : 0) | ((e & FE_DIVBYZERO) ? DZ : 0) |
           ((e & FE_INVALID) ? NV : 0);
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA, OP_COUNT };

static const char *const OP_NAME[OP_COUNT] = {"add", "sub", "mul", "div", "sqrt", "fma"};

static uint32_t host_op32(int op, uint32_t a, uint32_t b, uint32_t c, unsigned *flags)
{
    volatile float x = as_f32(a), y = as_f32(b), z = as_f32(c);
    volatile float r;

    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_DIV: r = x / y; break;
    case OP_SQRT: r = sqrtf(x); break;
    default: r = fmaf(x, y, z); break;
    }
    *flags = host_flags();
    return bits_f32(r);
}

static uint64_t host_op64(int op, uint64_t a, uint64_t b, uint64_t c, unsigned *flags)
{
    volatile double x = as_f64(a), y = as_f64(b), z = as_f64(c);
    volatile double r;

    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_DIV: r = x / y; break;
    case OP_SQRT: r = sqrt(x); break;
    default: r = fma(x, y, z); break;
    }
    *flags = host_flags();
    return bits_f64(r);
}

static uint64_t soft_op(const struct tfmt *f, int op, uint64_t a, uint64_t b, uint64_t c, int rm,
                        unsigned *flags)
{
    bool s = f == &T32;

    switch (op) {
    case OP_ADD: return s ? f32_add(a, b, rm, flags) : f64_add(a, b, rm, flags);
    case OP_SUB: return s ? f32_sub(a, b, rm, flags) : f64_sub(a, b, rm, flags);
    case OP_MUL: return s ? f32_mul(a, b, rm, flags) : f64_mul(a, b, rm, flags);
    case OP_DIV: return s ? f32_div(a, b, rm, flags) : f64_div(a, b, rm, flags);
    case OP_SQRT: return s ? f32_sqrt(a, rm, flags) : f64_sqrt(a, rm, flags);
    default: return s ? f32_muladd(a, b, c, 0, 0, rm, flags) : f64_muladd(a, b, c, 0, 0, rm, flags);
    }
}

static uint64_t host_op(const struct tfmt *f, int op, uint64_t a, uint64_t b, uint64_t c,
                        unsigned *flags)
{
    if (f == &T32)
        return host_op32(op, (uint32_t)a, (uint32_t)b, (uint32_t)c, flags);
    return host_op64(op, a, b, c, flags);
}

static bool t_is_nan(const struct tfmt *f, uint64_t bits)
{
    return t_exp_of(f, bits) == t_emax(f) && (bits & ((1ull << f->man_bits) - 1));
}

static uint64_t t_canonical_nan(const struct tfmt *f)
{
    return f == &T32 ? F32_CANONICAL_NAN : F64_CANONICAL_NAN;
}

/* Host NaN results only say "NaN"; ours must be the canonical one. */
static bool same_result(const struct tfmt *f, uint64_t host, uint64_t ours)
{
    if (t_is_nan(f, host))
        return ours == t_canonical_nan(f);
    return host == ours;
}

struct tally {
    const char *what;
    unsigned long runs;
    unsigned long failures;
};

static void tally_check(struct tally *t, bool ok, int rm, const uint64_t *in, unsigned n_in,
                        uint64_t host, unsigned hf, uint64_t ours, unsigned of)
{
    t->runs++;
    if (ok)
        return;
    if (t->failures++ < 8) {
        printf("MISMATCH %s rm=%d in=", t->what, rm);
        for (unsigned i = 0; i < n_in; i++)
            printf("%#llx ", (unsigned long long)in[i]);
        printf("host=%#llx/%#x ours=%#llx/%#x\n", (unsigned long long)host, hf,
               (unsigned long long)ours, of);
    }
}

static void gen_operands(const struct tfmt *f, int op, uint64_t in[3])
{
    unsigned fl = 0;

    in[0] = gen_float(f);
    in[1] = gen_second(f, in[0]);
    in[2] = gen_float(f);
    if (op == OP_SQRT && rng_below(8))
        in[0] &= ~(1ull << (f->exp_bits + f->man_bits));
    if (op != OP_FMA || rng_below(3) == 0)
        return;
    /* An addend near the product, often cancelling most of it. */
    in[2] = soft_op(f, OP_MUL, in[0], in[1], 0, FP_RTZ, &fl);
    in[2] = rng_below(2) ? gen_close(f, in[2]) : gen_near(f, in[2], 2 * f->man_bits + 4);
}

static bool t_is_zero(const struct tfmt *f, uint64_t bits)
{
    return !(bits & ((1ull << (f->exp_bits + f->man_bits)) - 1));
}

static bool t_is_inf(const struct tfmt *f, uint64_t bits)
{
    return t_exp_of(f, bits) == t_emax(f) && !t_is_nan(f, bits);
}

/* IEEE 754 leaves NV for fma(0, inf, qNaN) to the implementation; x86 does not raise
 * it, RISC-V (Unpriv F, "Fused Multiply-Add") does. */
static unsigned host_fma_fixup(const struct tfmt *f, const uint64_t in[3])
{
    bool zero_inf =
        (t_is_zero(f, in[0]) && t_is_inf(f, in[1])) || (t_is_inf(f, in[0]) && t_is_zero(f, in[1]));

    return zero_inf && t_is_nan(f, in[2]) ? NV : 0;
}

static void run_arith(const struct tfmt *f, int op, unsigned long iters, struct tally *t)
{
    uint64_t in[3];

    for (int m = 0; m < 4; m++) {
        fesetround(HOST_RM[m]);
        for (unsigned long i = 0; i < iters; i++) {
            unsigned hf, of = 0;
            uint64_t host, ours;

            gen_operands(f, op, in);
            host = host_op(f, op, in[0], in[1], in[2], &hf);
            if (op == OP_FMA)
                hf |= host_fma_fixup(f, in);
            ours = soft_op(f, op, in[0], in[1], in[2], m, &of);
            tally_check(t, same_result(f, host, ours) && hf == of, m, in,
                        op == OP_FMA    ? 3
                        : op == OP_SQRT ? 1
                                        : 2,
                        host, hf, ours, of);
        }
    }
    fesetround(FE_TONEAREST);
}

#define ARITH_ITERS 50000ul

static void run_arith_all(const struct tfmt *f, const char *fmt_name)
{
    char name[32];

    for (int op = 0; op < OP_COUNT; op++) {
        struct tally t = {name, 0, 0};

        snprintf(name, sizeof(name), "%s_%s", fmt_name, OP_NAME[op]);
        rng_seed(0x9e3779b97f4a7c15ull + (uint64_t)op);
        run_arith(f, op, ARITH_ITERS, &t);
        assert_int_equal(t.runs, 4 * ARITH_ITERS);
        assert_int_equal(t.failures, 0);
    }
}

static void test_random_f32_arith(void **state)
{
    (void)state;
    run_arith_all(&T32, "f32");
}

static void test_random_f64_arith(void **state)
{
    (void)state;
    run_arith_all(&T64, "f64");
}

/* Float to integer. The host reference rounds with rint() (round() for RMM) and applies
 * the RISC-V range rules itself: x86 cvt instructions do not saturate that way. */
struct int_kind {
    const char *name;
    bool is_signed;
    double lo, hi; /* representable range is [lo, hi) */
    uint64_t max, min;
};

static const struct int_kind INT_KINDS[4] = {
    {"i32", true, -2147483648.0, 2147483648.0, 0x7fffffff, 0xffffffff80000000ull},
    {"u32", false, 0.0, 4294967296.0, 0xffffffff, 0},
    {"i64", true, -9223372036854775808.0, 9223372036854775808.0, 0x7fffffffffffffffull,
     0x8000000000000000ull},
    {"u64", false, 0.0, 18446744073709551616.0, ~0ull, 0},
};

static uint64_t ref_to_int(const struct int_kind *k, double x, int rm, unsigned *flags)
{
    /* Called through a volatile pointer: without -frounding-math gcc inlines rint() as
     * |x| + 2^52 - 2^52, which is wrong for negative x under directed rounding. */
    static double (*volatile host_rint)(double) = rint;
    double r;

    if (isnan(x)) {
        *flags = NV;
        return k->max;
    }
    if (rm == FP_RMM) {
        r = round(x);
    } else {
        fesetround(HOST_RM[rm]);
        r = host_rint(x);
        fesetround(FE_TONEAREST);
    }
    if (r < k->lo || r >= k->hi) {
        *flags = NV;
        return r < 0 ? k->min : k->max;
    }
    *flags = r != x ? NX : 0;
    return k->is_signed ? (uint64_t)(int64_t)r : (uint64_t)r;
}

static uint64_t soft_to_int(const struct tfmt *f, int kind, uint64_t a, int rm, unsigned *flags)
{
    bool s = f == &T32;

    switch (kind) {
    case 0: return (uint64_t)(int64_t)(s ? f32_to_i32(a, rm, flags) : f64_to_i32(a, rm, flags));
    case 1: return s ? f32_to_u32(a, rm, flags) : f64_to_u32(a, rm, flags);
    case 2: return (uint64_t)(s ? f32_to_i64(a, rm, flags) : f64_to_i64(a, rm, flags));
    default: return s ? f32_to_u64(a, rm, flags) : f64_to_u64(a, rm, flags);
    }
}

/* Mostly values whose magnitude is near the integer range of the kind. */
static uint64_t gen_int_range_float(const struct tfmt *f, int kind)
{
    unsigned width = kind < 2 ? 32 : 64;
    uint64_t e = (t_emax(f) >> 1) - 2 + rng_below(width + 4);

    if (rng_below(5) == 0)
        return gen_float(f);
    return t_pack(f, rng_below(3) == 0, e, gen_mantissa(f->man_bits));
}

static void run_to_int(const struct tfmt *f, const char *fmt_name, unsigned long iters)
{
    for (int kind = 0; kind < 4; kind++) {
        char name[32];
        struct tally t = {name, 0, 0};

        snprintf(name, sizeof(name), "%s_to_%s", fmt_name, INT_KINDS[kind].name);
        rng_seed(0x1234567ull + (uint64_t)kind);
        for (unsigned long i = 0; i < iters; i++) {
            uint64_t a = gen_int_range_float(f, kind), want, got;
            double x = f == &T32 ? (double)as_f32((uint32_t)a) : as_f64(a);
            int rm = (int)(i % 5);
            unsigned wf, gf = 0;

            want = ref_to_int(&INT_KINDS[kind], x, rm, &wf);
            got = soft_to_int(f, kind, a, rm, &gf);
            tally_check(&t, want == got && wf == gf, rm, &a, 1, want, wf, got, gf);
        }
        assert_int_equal(t.failures, 0);
    }
}

static void test_random_float_to_int(void **state)
{
    (void)state;
    run_to_int(&T32, "f32", 200000);
    run_to_int(&T64, "f64", 200000);
}

static uint64_t gen_int(void)
{
    uint64_t v = rng_next() >> rng_below(64);

    switch (rng_below(4)) {
    case 0: return (1ull << rng_below(64)) + gen_mantissa(40) - (1ull << 39);
    case 1: return -v;
    default: return v;
    }
}

static uint64_t soft_from_int(const struct tfmt *f, int kind, uint64_t v, int rm, unsigned *flags)
{
    bool s = f == &T32;

    switch (kind) {
    case 0: return s ? i32_to_f32((int32_t)v, rm, flags) : i32_to_f64((int32_t)v, rm, flags);
    case 1: return s ? u32_to_f32((uint32_t)v, rm, flags) : u32_to_f64((uint32_t)v, rm, flags);
    case 2: return s ? i64_to_f32((int64_t)v, rm, flags) : i64_to_f64((int64_t)v, rm, flags);
    default: return s ? u64_to_f32(v, rm, flags) : u64_to_f64(v, rm, flags);
    }
}

/* The host converts with a plain C conversion under the current rounding mode. */
static uint64_t host_from_int(const struct tfmt *f, int kind, uint64_t v, unsigned *flags)
{
    volatile uint64_t hv = v;
    volatile float rf = 0;
    volatile double rd = 0;

    feclearexcept(FE_ALL_EXCEPT);
    if (f == &T32) {
        switch (kind) {
        case 0: rf = (float)(int32_t)hv; break;
        case 1: rf = (float)(uint32_t)hv; break;
        case 2: rf = (float)(int64_t)hv; break;
        default: rf = (float)hv; break;
        }
    } else {
        switch (kind) {
        case 0: rd = (double)(int32_t)hv; break;
        case 1: rd = (double)(uint32_t)hv; break;
        case 2: rd = (double)(int64_t)hv; break;
        default: rd = (double)hv; break;
        }
    }
    *flags = host_flags();
    return f == &T32 ? bits_f32(rf) : bits_f64(rd);
}

static void run_from_int(const struct tfmt *f, const char *fmt_name, unsigned long iters)
{
    for (int kind = 0; kind < 4; kind++) {
        char name[32];
        struct tally t = {name, 0, 0};

        snprintf(name, sizeof(name), "%s_to_%s", INT_KINDS[kind].name, fmt_name);
        rng_seed(0xabcdefull + (uint64_t)kind);
        for (unsigned long i = 0; i < iters; i++) {
            uint64_t v = gen_int(), host, ours;
            int rm = (int)(i % 4);
            unsigned hf, of = 0;

            fesetround(HOST_RM[rm]);
            host = host_from_int(f, kind, v, &hf);
            fesetround(FE_TONEAREST);
            ours = soft_from_int(f, kind, v, rm, &of);
            tally_check(&t, host == ours && hf == of, rm, &v, 1, host, hf, ours, of);
        }
        assert_int_equal(t.failures, 0);
    }
}

static void test_random_int_to_float(void **state)
{
    (void)state;
    run_from_int(&T32, "f32", 100000);
    run_from_int(&T64, "f64", 100000);
}

static void test_random_f32_f64(void **state)
{
    struct tally narrow = {"f64_to_f32", 0, 0}, widen = {"f32_to_f64", 0, 0};

    (void)state;
    rng_seed(77);
    for (unsigned long i = 0; i < 200000; i++) {
        int rm = (int)(i % 4);
        uint64_t d = rng_below(2) ? gen_float(&T64) : gen_near(&T64, 0x3800000000000000ull, 40);
        uint32_t s = (uint32_t)gen_float(&T32);
        volatile double hd = as_f64(d);
        volatile float hs = as_f32(s), rf;
        volatile double rd;
        unsigned hf, of = 0;
        uint64_t ours;

        fesetround(HOST_RM[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        rf = (float)hd;
        hf = host_flags();
        fesetround(FE_TONEAREST);
        ours = f64_to_f32(d, rm, &of);
        tally_check(&narrow, same_result(&T32, bits_f32(rf), ours) && hf == of, rm, &d, 1,
                    bits_f32(rf), hf, ours, of);
        feclearexcept(FE_ALL_EXCEPT);
        rd = (double)hs;
        hf = host_flags();
        of = 0;
        ours = f32_to_f64(s, &of);
        d = s;
        tally_check(&widen, same_result(&T64, bits_f64(rd), ours) && hf == of, 0, &d, 1,
                    bits_f64(rd), hf, ours, of);
    }
    assert_int_equal(narrow.failures, 0);
    assert_int_equal(widen.failures, 0);
}

/* RMM has no host mode. For f32 multiply the exact product fits a double, so round it
 * to nearest-away by hand from the truncated result and its neighbour. */
static uint32_t ref_rmm_f32(double p)
{
    volatile double vp = p;
    volatile float t;
    float away;
    double mid;

    fesetround(FE_TOWARDZERO);
    t = (float)vp;
    fesetround(FE_TONEAREST);
    if ((double)t == p)
        return bits_f32(t);
    away = nextafterf(t, p > 0 ? INFINITY : -INFINITY);
    if (isinf(away))
        mid = p > 0 ? 0x1.ffffffp127 : -0x1.ffffffp127;
    else
        mid = ((double)t + (double)away) / 2;
    return fabs(p) >= fabs(mid) ? bits_f32(away) : bits_f32(t);
}

static void test_random_rmm_f32_mul(void **state)
{
    struct tally t = {"f32_mul_rmm", 0, 0};

    (void)state;
    rng_seed(4242);
    for (unsigned long i = 0; i < 200000; i++) {
        uint64_t in[2];
        uint32_t want, got;
        unsigned fl = 0;

        in[0] = gen_float(&T32);
        in[1] = gen_second(&T32, in[0]);
        if (t_is_nan(&T32, in[0]) || t_is_nan(&T32, in[1]))
            continue;
        want = ref_rmm_f32((double)as_f32((uint32_t)in[0]) * (double)as_f32((uint32_t)in[1]));
        got = f32_mul((uint32_t)in[0], (uint32_t)in[1], FP_RMM, &fl);
        tally_check(&t, want == got || (isnan(as_f32(want)) && got == F32_CANONICAL_NAN), 4, in, 2,
                    want, 0, got, fl);
    }
    assert_true(t.runs > 150000);
    assert_int_equal(t.failures, 0);
}

/* For every operation, an RMM result is the truncated one or the one rounded away from
 * zero, and it is the latter whenever RNE rounds away. */
static void test_random_rmm_property(void **state)
{
    static const struct tfmt *const fmts[2] = {&T32, &T64};
    struct tally t = {"rmm_property", 0, 0};

    (void)state;
    rng_seed(99);
    for (unsigned long i = 0; i < 60000; i++) {
        const struct tfmt *f = fmts[i & 1];
        int op = (int)rng_below(OP_COUNT);
        uint64_t in[3], rtz, rne, rmm, away, sign = 1ull << (f->exp_bits + f->man_bits);
        unsigned fl = 0;

        gen_operands(f, op, in);
        rtz = soft_op(f, op, in[0], in[1], in[2], FP_RTZ, &fl);
        rne = soft_op(f, op, in[0], in[1], in[2], FP_RNE, &fl);
        rmm = soft_op(f, op, in[0], in[1], in[2], FP_RMM, &fl);
        away = soft_op(f, op, in[0], in[1], in[2], (rtz & sign) ? FP_RDN : FP_RUP, &fl);
        tally_check(&t, (rmm == rtz || rmm == away) && (rne != away || rmm == away), op, in, 3, rne,
                    0, rmm, 0);
    }
    assert_int_equal(t.failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inexact_each_mode),
        cmocka_unit_test(test_ties_each_mode),
        cmocka_unit_test(test_exact_zero_sign),
        cmocka_unit_test(test_overflow_each_mode),
        cmocka_unit_test(test_underflow_and_subnormals),
        cmocka_unit_test(test_invalid_and_div_by_zero),
        cmocka_unit_test(test_fma),
        cmocka_unit_test(test_fcvt_saturation),
        cmocka_unit_test(test_int_to_float),
        cmocka_unit_test(test_min_max),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_random_f32_arith),
        cmocka_unit_test(test_random_f64_arith),
        cmocka_unit_test(test_random_float_to_int),
        cmocka_unit_test(test_random_int_to_float),
        cmocka_unit_test(test_random_f32_f64),
        cmocka_unit_test(test_random_rmm_f32_mul),
        cmocka_unit_test(test_random_rmm_property),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
