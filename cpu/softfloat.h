/* SPDX-License-Identifier: MIT */
/* IEEE 754 binary32/binary64 arithmetic in integer code, with RISC-V F/D semantics
 * (canonical NaNs, fflags, saturating conversions). The oracle for every FP
 * instruction; it never touches the host FPU or its rounding mode. */
#ifndef CPU_SOFTFLOAT_H
#define CPU_SOFTFLOAT_H

#include <stdint.h>

/* Rounding modes, numbered as the rm field and frm (Unpriv F, "Floating-Point
 * Control and Status Register"). Values 5-7 are never passed in. */
enum { FP_RNE = 0, FP_RTZ = 1, FP_RDN = 2, FP_RUP = 3, FP_RMM = 4 };

/* fflags bits. */
#define FFLAG_NX 0x01 /* inexact */
#define FFLAG_UF 0x02 /* underflow: tiny after rounding and inexact */
#define FFLAG_OF 0x04 /* overflow (always with NX) */
#define FFLAG_DZ 0x08 /* divide by zero */
#define FFLAG_NV 0x10 /* invalid operation */

#define F32_CANONICAL_NAN 0x7fc00000u
#define F64_CANONICAL_NAN 0x7ff8000000000000ull

/* fclass result bits (Unpriv F, "Classify Instruction"). */
#define FCLASS_NEG_INF       0x001
#define FCLASS_NEG_NORMAL    0x002
#define FCLASS_NEG_SUBNORMAL 0x004
#define FCLASS_NEG_ZERO      0x008
#define FCLASS_POS_ZERO      0x010
#define FCLASS_POS_SUBNORMAL 0x020
#define FCLASS_POS_NORMAL    0x040
#define FCLASS_POS_INF       0x080
#define FCLASS_SNAN          0x100
#define FCLASS_QNAN          0x200

/*
 * Conventions for every function below:
 * - operands and results are raw bit patterns;
 * - rm is one of FP_RNE..FP_RMM;
 * - raised exception flags are ORed into *flags (never cleared);
 * - a NaN result is always the canonical NaN of the result format.
 */

uint32_t f32_add(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t f32_sub(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t f32_mul(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t f32_div(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t f32_sqrt(uint32_t a, int rm, unsigned *flags);
/* (+/-)(a*b) (+/-) c rounded once. fmadd = (0,0), fmsub = (0,1),
 * fnmsub = (1,0), fnmadd = (1,1). 0*inf raises NV even if c is a quiet NaN. */
uint32_t f32_muladd(uint32_t a, uint32_t b, uint32_t c, int neg_product, int neg_addend, int rm,
                    unsigned *flags);
/* fmin/fmax: IEEE 754-2019 minimumNumber/maximumNumber; -0 < +0; one NaN
 * operand yields the other; NV only for signaling NaNs. */
uint32_t f32_min(uint32_t a, uint32_t b, unsigned *flags);
uint32_t f32_max(uint32_t a, uint32_t b, unsigned *flags);
/* feq is quiet (NV only for sNaN); flt/fle are signaling (NV for any NaN).
 * All return 0 when an operand is NaN. */
int f32_eq(uint32_t a, uint32_t b, unsigned *flags);
int f32_lt(uint32_t a, uint32_t b, unsigned *flags);
int f32_le(uint32_t a, uint32_t b, unsigned *flags);
/* One FCLASS_* bit. */
unsigned f32_classify(uint32_t a);
/* fcvt to integer: NaN gives the maximum value, out-of-range values saturate;
 * both raise NV only. Inexact in-range results raise NX. */
int32_t f32_to_i32(uint32_t a, int rm, unsigned *flags);
uint32_t f32_to_u32(uint32_t a, int rm, unsigned *flags);
int64_t f32_to_i64(uint32_t a, int rm, unsigned *flags);
uint64_t f32_to_u64(uint32_t a, int rm, unsigned *flags);
uint32_t i32_to_f32(int32_t v, int rm, unsigned *flags);
uint32_t u32_to_f32(uint32_t v, int rm, unsigned *flags);
uint32_t i64_to_f32(int64_t v, int rm, unsigned *flags);
uint32_t u64_to_f32(uint64_t v, int rm, unsigned *flags);
/* Exact; NV if a is a signaling NaN. */
uint64_t f32_to_f64(uint32_t a, unsigned *flags);
uint32_t f64_to_f32(uint64_t a, int rm, unsigned *flags);

uint64_t f64_add(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t f64_sub(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t f64_mul(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t f64_div(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t f64_sqrt(uint64_t a, int rm, unsigned *flags);
uint64_t f64_muladd(uint64_t a, uint64_t b, uint64_t c, int neg_product, int neg_addend, int rm,
                    unsigned *flags);
uint64_t f64_min(uint64_t a, uint64_t b, unsigned *flags);
uint64_t f64_max(uint64_t a, uint64_t b, unsigned *flags);
int f64_eq(uint64_t a, uint64_t b, unsigned *flags);
int f64_lt(uint64_t a, uint64_t b, unsigned *flags);
int f64_le(uint64_t a, uint64_t b, unsigned *flags);
unsigned f64_classify(uint64_t a);
int32_t f64_to_i32(uint64_t a, int rm, unsigned *flags);
uint32_t f64_to_u32(uint64_t a, int rm, unsigned *flags);
int64_t f64_to_i64(uint64_t a, int rm, unsigned *flags);
uint64_t f64_to_u64(uint64_t a, int rm, unsigned *flags);
uint64_t i32_to_f64(int32_t v, int rm, unsigned *flags);
uint64_t u32_to_f64(uint32_t v, int rm, unsigned *flags);
uint64_t i64_to_f64(int64_t v, int rm, unsigned *flags);
uint64_t u64_to_f64(uint64_t v, int rm, unsigned *flags);

#endif
