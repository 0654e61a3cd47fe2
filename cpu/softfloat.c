/* SPDX-License-Identifier: MIT */
/* Software IEEE 754 arithmetic for RISC-V F/D. Operands are unpacked to a sign, an
 * exponent and a 64-bit significand, the exact result (plus a sticky bit) is formed in
 * 64/128-bit integers, and sf_round_pack rounds it once. One code path serves both formats. */
#include "softfloat.h"

#include <stdbool.h>

typedef unsigned __int128 sf_u128_t;

/* Each entry point gets its own inlined copy of the core with its format's constants
 * folded in: about twice as fast as sharing one copy, for ~30 KB of code. */
#define SF_ENTRY __attribute__((flatten))

/* A binary interchange format: stored fraction bits and exponent bits. */
struct sf_fmt {
    unsigned man_bits;
    unsigned exp_bits;
};

static const struct sf_fmt SF_F32 = {23, 8};
static const struct sf_fmt SF_F64 = {52, 11};

enum { SF_ZERO, SF_FINITE, SF_INF, SF_QNAN, SF_SNAN };

/* An unpacked operand. For SF_FINITE, value = (-1)^sign * sig * 2^(exp - 63) with bit 63
 * of sig set (subnormals are normalized here). */
struct sf_num {
    uint64_t sig;
    int32_t exp;
    int sign;
    int cls;
};

static inline int32_t sf_bias(const struct sf_fmt *f) { return (1 << (f->exp_bits - 1)) - 1; }

/* The all-ones exponent field of infinities and NaNs. */
static inline int32_t sf_exp_special(const struct sf_fmt *f) { return (1 << f->exp_bits) - 1; }

static inline uint64_t sf_sign_bit(const struct sf_fmt *f)
{
    return 1ull << (f->man_bits + f->exp_bits);
}

static inline uint64_t sf_inf_bits(const struct sf_fmt *f)
{
    return (uint64_t)sf_exp_special(f) << f->man_bits;
}

static inline uint64_t sf_quiet_bit(const struct sf_fmt *f) { return 1ull << (f->man_bits - 1); }

/* Unpriv F, "NaN Generation and Propagation": every NaN result is canonical. */
static inline uint64_t sf_canonical_nan(const struct sf_fmt *f)
{
    return sf_inf_bits(f) | sf_quiet_bit(f);
}

static inline uint64_t sf_signed(const struct sf_fmt *f, int sign, uint64_t mag)
{
    return (sign ? sf_sign_bit(f) : 0) | mag;
}

static inline bool sf_bits_is_nan(const struct sf_fmt *f, uint64_t bits)
{
    return (bits & ~sf_sign_bit(f)) > sf_inf_bits(f);
}

static inline bool sf_bits_is_snan(const struct sf_fmt *f, uint64_t bits)
{
    return sf_bits_is_nan(f, bits) && !(bits & sf_quiet_bit(f));
}

static inline struct sf_num sf_unpack(const struct sf_fmt *f, uint64_t bits)
{
    uint64_t man = bits & ((1ull << f->man_bits) - 1);
    int32_t e = (int32_t)((bits >> f->man_bits) & (uint64_t)sf_exp_special(f));
    struct sf_num n = {0, 0, (int)((bits >> (f->man_bits + f->exp_bits)) & 1), SF_FINITE};

    if (e == sf_exp_special(f)) {
        n.cls = !man ? SF_INF : (man & sf_quiet_bit(f)) ? SF_QNAN : SF_SNAN;
    } else if (e == 0 && !man) {
        n.cls = SF_ZERO;
    } else if (e == 0) {
        int lz = __builtin_clzll(man);
        n.sig = man << lz;
        n.exp = 64 - sf_bias(f) - (int32_t)f->man_bits - lz;
    } else {
        n.sig = (man | 1ull << f->man_bits) << (63 - f->man_bits);
        n.exp = e - sf_bias(f);
    }
    return n;
}

static inline bool sf_is_nan(const struct sf_num *n) { return n->cls >= SF_QNAN; }

static inline uint64_t sf_invalid(const struct sf_fmt *f, unsigned *flags)
{
    *flags |= FFLAG_NV;
    return sf_canonical_nan(f);
}

/* Result for an operation with at least one NaN operand and no other invalid case. */
static inline uint64_t sf_nan_result(const struct sf_fmt *f, bool signaling, unsigned *flags)
{
    if (signaling)
        *flags |= FFLAG_NV;
    return sf_canonical_nan(f);
}

static inline uint64_t sf_shr_jam64(uint64_t x, int32_t n)
{
    if (n <= 0)
        return x;
    if (n >= 64)
        return x != 0;
    return (x >> n) | ((x << (64 - n)) != 0);
}

static inline sf_u128_t sf_shr_jam128(sf_u128_t x, int32_t n)
{
    if (n <= 0)
        return x;
    if (n >= 128)
        return x != 0;
    return (x >> n) | ((x << (128 - n)) != 0);
}

static inline int sf_clz128(sf_u128_t x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* Whether discarding `rem` (half an ulp weighs `half`) rounds the magnitude up. */
static inline bool sf_round_up(int rm, int sign, uint64_t lsb, uint64_t rem, uint64_t half)
{
    switch (rm) {
    case FP_RNE: return rem > half || (rem == half && lsb);
    case FP_RMM: return rem >= half;
    case FP_RDN: return sign && rem;
    case FP_RUP: return !sign && rem;
    default: return false;
    }
}

/* Overflow: infinity or the largest finite number, by rounding direction (IEEE 754 7.4). */
static uint64_t sf_overflow(const struct sf_fmt *f, int sign, int rm, unsigned *flags)
{
    bool to_inf = rm == FP_RNE || rm == FP_RMM || (rm == FP_RDN && sign) || (rm == FP_RUP && !sign);

    *flags |= FFLAG_OF | FFLAG_NX;
    return sf_signed(f, sign, to_inf ? sf_inf_bits(f) : sf_inf_bits(f) - 1);
}

/* Whether rounding the normalized sig to the format's precision carries out to 2^64. */
static inline bool sf_round_carries(const struct sf_fmt *f, int sign, uint64_t sig, int rm)
{
    unsigned drop = 63 - f->man_bits;
    uint64_t m = sig >> drop;

    return m == (2ull << f->man_bits) - 1 &&
           sf_round_up(rm, sign, 1, sig & ((1ull << drop) - 1), 1ull << (drop - 1));
}

/*
 * Round (-1)^sign * sig * 2^(exp - 63) to the format. sig has bit 63 set; any bits
 * below the rounding position act only as sticky. Unpriv F, "Subnormal Arithmetic":
 * tininess is detected after rounding; UF needs tiny and inexact.
 */
static uint64_t sf_round_pack(const struct sf_fmt *f, int sign, int32_t exp, uint64_t sig, int rm,
                              unsigned *flags)
{
    unsigned drop = 63 - f->man_bits;
    int32_t e = exp + sf_bias(f);
    bool tiny = false;
    uint64_t m, rem, mag;

    if (e >= sf_exp_special(f))
        return sf_overflow(f, sign, rm, flags);
    if (e < 1) {
        tiny = e < 0 || !sf_round_carries(f, sign, sig, rm);
        sig = sf_shr_jam64(sig, 1 - e);
        e = 0;
    }
    m = sig >> drop;
    rem = sig & ((1ull << drop) - 1);
    if (rem) {
        *flags |= tiny ? FFLAG_NX | FFLAG_UF : FFLAG_NX;
        m += sf_round_up(rm, sign, m & 1, rem, 1ull << (drop - 1));
    }
    /* m carries the hidden bit, which adds one to the field; a carry out of the
     * significand moves into the exponent the same way. */
    mag = (e > 0 ? (uint64_t)(e - 1) << f->man_bits : 0) + m;
    if ((mag >> f->man_bits) >= (uint64_t)sf_exp_special(f))
        return sf_overflow(f, sign, rm, flags);
    return sf_signed(f, sign, mag);
}

/* Round a nonzero 128-bit significand r with value r * 2^(e127 - 127). */
static uint64_t sf_round_pack128(const struct sf_fmt *f, int sign, int32_t e127, sf_u128_t r,
                                 int rm, unsigned *flags)
{
    int lz = sf_clz128(r);
    uint64_t sig;

    r <<= lz;
    sig = (uint64_t)(r >> 64) | ((uint64_t)r != 0);
    return sf_round_pack(f, sign, e127 - lz, sig, rm, flags);
}

/*
 * Add two finite nonzero values given as 128-bit significands with bit 127 set,
 * value = x * 2^(ex - 127). Both must have their two low bits clear, which holds for
 * a 64-bit significand or a product of two format significands. Used by fma.
 */
static uint64_t sf_add_sig(const struct sf_fmt *f, int sx, int32_t ex, sf_u128_t x, int sy,
                           int32_t ey, sf_u128_t y, int rm, unsigned *flags)
{
    sf_u128_t r;

    x >>= 2;
    y >>= 2;
    if (ey > ex || (ey == ex && y > x)) {
        sf_u128_t t = x;
        int32_t te = ex;
        int ts = sx;

        x = y, ex = ey, sx = sy;
        y = t, ey = te, sy = ts;
    }
    y = sf_shr_jam128(y, ex - ey);
    r = sx == sy ? x + y : x - y;
    /* IEEE 754 6.3: an exact zero sum of opposite signs is +0, or -0 when rounding down. */
    if (!r)
        return sf_signed(f, rm == FP_RDN, 0);
    return sf_round_pack128(f, sx, ex + 2, r, rm, flags);
}

/* The 64-bit version of sf_add_sig for two format significands (bit 63 set, at least
 * 11 low bits clear): after the 2-bit headroom shift, bits jammed away on alignment lie
 * below the round bit of any result. */
static uint64_t sf_add_sig64(const struct sf_fmt *f, int sx, int32_t ex, uint64_t x, int sy,
                             int32_t ey, uint64_t y, int rm, unsigned *flags)
{
    uint64_t r;
    int lz;

    x >>= 2;
    y >>= 2;
    if (ey > ex || (ey == ex && y > x)) {
        uint64_t t = x;
        int32_t te = ex;
        int ts = sx;

        x = y, ex = ey, sx = sy;
        y = t, ey = te, sy = ts;
    }
    y = sf_shr_jam64(y, ex - ey);
    r = sx == sy ? x + y : x - y;
    if (!r)
        return sf_signed(f, rm == FP_RDN, 0);
    lz = __builtin_clzll(r);
    return sf_round_pack(f, sx, ex + 2 - lz, r << lz, rm, flags);
}

static uint64_t sf_add(const struct sf_fmt *f, uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    struct sf_num x = sf_unpack(f, a), y = sf_unpack(f, b);

    if (sf_is_nan(&x) || sf_is_nan(&y))
        return sf_nan_result(f, x.cls == SF_SNAN || y.cls == SF_SNAN, flags);
    if (x.cls == SF_INF || y.cls == SF_INF) {
        if (x.cls == SF_INF && y.cls == SF_INF && x.sign != y.sign)
            return sf_invalid(f, flags);
        return x.cls == SF_INF ? a : b;
    }
    if (x.cls == SF_ZERO && y.cls == SF_ZERO)
        return sf_signed(f, x.sign == y.sign ? x.sign : rm == FP_RDN, 0);
    if (x.cls == SF_ZERO)
        return b;
    if (y.cls == SF_ZERO)
        return a;
    return sf_add_sig64(f, x.sign, x.exp, x.sig, y.sign, y.exp, y.sig, rm, flags);
}

static uint64_t sf_mul(const struct sf_fmt *f, uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    struct sf_num x = sf_unpack(f, a), y = sf_unpack(f, b);
    int sign = x.sign ^ y.sign;

    if (sf_is_nan(&x) || sf_is_nan(&y))
        return sf_nan_result(f, x.cls == SF_SNAN || y.cls == SF_SNAN, flags);
    if (x.cls == SF_INF || y.cls == SF_INF) {
        if (x.cls == SF_ZERO || y.cls == SF_ZERO)
            return sf_invalid(f, flags);
        return sf_signed(f, sign, sf_inf_bits(f));
    }
    if (x.cls == SF_ZERO || y.cls == SF_ZERO)
        return sf_signed(f, sign, 0);
    return sf_round_pack128(f, sign, x.exp + y.exp + 1, (sf_u128_t)x.sig * y.sig, rm, flags);
}

static uint64_t sf_div(const struct sf_fmt *f, uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    struct sf_num x = sf_unpack(f, a), y = sf_unpack(f, b);
    int sign = x.sign ^ y.sign;
    sf_u128_t n, q;

    if (sf_is_nan(&x) || sf_is_nan(&y))
        return sf_nan_result(f, x.cls == SF_SNAN || y.cls == SF_SNAN, flags);
    if (x.cls == SF_INF)
        return y.cls == SF_INF ? sf_invalid(f, flags) : sf_signed(f, sign, sf_inf_bits(f));
    if (y.cls == SF_INF)
        return sf_signed(f, sign, 0);
    if (y.cls == SF_ZERO) {
        if (x.cls == SF_ZERO)
            return sf_invalid(f, flags);
        *flags |= FFLAG_DZ;
        return sf_signed(f, sign, sf_inf_bits(f));
    }
    if (x.cls == SF_ZERO)
        return sf_signed(f, sign, 0);
    /* q = floor(2^64 * xsig / ysig) lies in (2^63, 2^65); the remainder is sticky. */
    n = (sf_u128_t)x.sig << 64;
    q = n / y.sig;
    return sf_round_pack128(f, sign, x.exp - y.exp + 61, (q << 2) | (n % y.sig != 0), rm, flags);
}

/* Square root of a finite positive value: a digit-by-digit root of precision + 1 bits
 * (the last one is the round bit) and an exact sticky bit from the remainder. */
static uint64_t sf_sqrt_finite(const struct sf_fmt *f, const struct sf_num *x, int rm,
                               unsigned *flags)
{
    int32_t t = x->exp - 63;
    int shift = (t & 1) ? 63 : 64;
    unsigned k = f->man_bits + 2;
    sf_u128_t n = (sf_u128_t)x->sig << shift;
    uint64_t root = 0, rem = 0, trial, sig;

    for (unsigned i = 0; i < k; i++) {
        rem = (rem << 2) | (uint64_t)(n >> 126);
        n <<= 2;
        trial = (root << 2) | 1;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    sig = (root << (64 - k)) | (rem != 0 || n != 0);
    return sf_round_pack(f, 0, (t - shift) / 2 + 63, sig, rm, flags);
}

static uint64_t sf_sqrt(const struct sf_fmt *f, uint64_t a, int rm, unsigned *flags)
{
    struct sf_num x = sf_unpack(f, a);

    if (sf_is_nan(&x))
        return sf_nan_result(f, x.cls == SF_SNAN, flags);
    if (x.cls == SF_ZERO)
        return a;
    if (x.sign)
        return sf_invalid(f, flags);
    if (x.cls == SF_INF)
        return a;
    return sf_sqrt_finite(f, &x, rm, flags);
}

/* Unpriv F, "Fused Multiply-Add": 0*inf is invalid even when the addend is a quiet NaN. */
static uint64_t sf_muladd(const struct sf_fmt *f, uint64_t a, uint64_t b, uint64_t c,
                          int neg_product, int neg_addend, int rm, unsigned *flags)
{
    struct sf_num x = sf_unpack(f, a), y = sf_unpack(f, b), z = sf_unpack(f, c);
    int ps = x.sign ^ y.sign ^ (neg_product != 0), zs = z.sign ^ (neg_addend != 0);
    int32_t ep = x.exp + y.exp + 1;
    sf_u128_t p;

    if ((x.cls == SF_INF && y.cls == SF_ZERO) || (x.cls == SF_ZERO && y.cls == SF_INF))
        return sf_invalid(f, flags);
    if (sf_is_nan(&x) || sf_is_nan(&y) || sf_is_nan(&z))
        return sf_nan_result(f, x.cls == SF_SNAN || y.cls == SF_SNAN || z.cls == SF_SNAN, flags);
    if (x.cls == SF_INF || y.cls == SF_INF) {
        if (z.cls == SF_INF && zs != ps)
            return sf_invalid(f, flags);
        return sf_signed(f, ps, sf_inf_bits(f));
    }
    if (z.cls == SF_INF)
        return sf_signed(f, zs, sf_inf_bits(f));
    if (x.cls == SF_ZERO || y.cls == SF_ZERO) {
        if (z.cls == SF_ZERO)
            return sf_signed(f, ps == zs ? ps : rm == FP_RDN, 0);
        return c ^ (neg_addend ? sf_sign_bit(f) : 0);
    }
    p = (sf_u128_t)x.sig * y.sig;
    if (!(p >> 127)) {
        p <<= 1;
        ep--;
    }
    if (z.cls == SF_ZERO)
        return sf_round_pack128(f, ps, ep, p, rm, flags);
    return sf_add_sig(f, ps, ep, p, zs, z.exp, (sf_u128_t)z.sig << 64, rm, flags);
}

/* A key that orders non-NaN values as integers, with -0 below +0. */
static inline uint64_t sf_order_key(const struct sf_fmt *f, uint64_t bits)
{
    uint64_t all = (sf_sign_bit(f) << 1) - 1;

    return (bits & sf_sign_bit(f)) ? ~bits & all : bits | sf_sign_bit(f);
}

static inline bool sf_both_zero(const struct sf_fmt *f, uint64_t a, uint64_t b)
{
    return !((a | b) & ~sf_sign_bit(f));
}

/* Unpriv F, "Computational Instructions": fmin/fmax are IEEE 754-2019
 * minimumNumber/maximumNumber. */
static uint64_t sf_minmax(const struct sf_fmt *f, uint64_t a, uint64_t b, bool is_max,
                          unsigned *flags)
{
    bool a_nan = sf_bits_is_nan(f, a), b_nan = sf_bits_is_nan(f, b);

    if (sf_bits_is_snan(f, a) || sf_bits_is_snan(f, b))
        *flags |= FFLAG_NV;
    if (a_nan && b_nan)
        return sf_canonical_nan(f);
    if (a_nan)
        return b;
    if (b_nan)
        return a;
    return ((sf_order_key(f, a) < sf_order_key(f, b)) != is_max) ? a : b;
}

/* Unpriv F, "Compare Instructions": feq is a quiet comparison, flt/fle signaling. */
static int sf_eq(const struct sf_fmt *f, uint64_t a, uint64_t b, unsigned *flags)
{
    if (sf_bits_is_nan(f, a) || sf_bits_is_nan(f, b)) {
        if (sf_bits_is_snan(f, a) || sf_bits_is_snan(f, b))
            *flags |= FFLAG_NV;
        return 0;
    }
    return a == b || sf_both_zero(f, a, b);
}

static int sf_lt(const struct sf_fmt *f, uint64_t a, uint64_t b, bool or_equal, unsigned *flags)
{
    if (sf_bits_is_nan(f, a) || sf_bits_is_nan(f, b)) {
        *flags |= FFLAG_NV;
        return 0;
    }
    if (sf_both_zero(f, a, b))
        return or_equal;
    if (or_equal)
        return sf_order_key(f, a) <= sf_order_key(f, b);
    return sf_order_key(f, a) < sf_order_key(f, b);
}

static unsigned sf_classify(const struct sf_fmt *f, uint64_t a)
{
    struct sf_num x = sf_unpack(f, a);
    uint64_t e = (a >> f->man_bits) & (uint64_t)sf_exp_special(f);

    switch (x.cls) {
    case SF_SNAN: return FCLASS_SNAN;
    case SF_QNAN: return FCLASS_QNAN;
    case SF_INF: return x.sign ? FCLASS_NEG_INF : FCLASS_POS_INF;
    case SF_ZERO: return x.sign ? FCLASS_NEG_ZERO : FCLASS_POS_ZERO;
    default:
        if (e == 0)
            return x.sign ? FCLASS_NEG_SUBNORMAL : FCLASS_POS_SUBNORMAL;
        return x.sign ? FCLASS_NEG_NORMAL : FCLASS_POS_NORMAL;
    }
}

/* Saturated result of an invalid float-to-integer conversion. */
static uint64_t sf_int_saturate(int sign, bool is_signed, unsigned width, unsigned *flags)
{
    uint64_t umax = width == 64 ? ~0ull : (1ull << width) - 1;

    *flags |= FFLAG_NV;
    if (is_signed)
        return sign ? 1ull << (width - 1) : umax >> 1;
    return sign ? 0 : umax;
}

/*
 * Unpriv F, "Conversion and Move Instructions" (table of float-to-integer domains):
 * NaN and +inf give the maximum, -inf the minimum; a rounded result out of range is
 * clipped with NV and no NX. Returns the integer's bit pattern, width 32 or 64.
 */
static uint64_t sf_to_int(const struct sf_fmt *f, uint64_t a, int rm, bool is_signed,
                          unsigned width, unsigned *flags)
{
    struct sf_num x = sf_unpack(f, a);
    uint64_t limit, m, rem, half;
    int32_t shift = 63 - x.exp;

    if (sf_is_nan(&x))
        return sf_int_saturate(0, is_signed, width, flags);
    if (x.cls == SF_ZERO)
        return 0;
    if (x.cls == SF_INF || shift < 0)
        return sf_int_saturate(x.sign, is_signed, width, flags);
    if (shift == 0) {
        m = x.sig, rem = 0, half = 1;
    } else if (shift < 64) {
        m = x.sig >> shift;
        rem = x.sig & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    } else {
        m = 0;
        rem = shift == 64 ? x.sig : 1;
        half = shift == 64 ? 1ull << 63 : 2;
    }
    m += rem && sf_round_up(rm, x.sign, m & 1, rem, half);
    if (is_signed)
        limit = (1ull << (width - 1)) - !x.sign;
    else
        limit = x.sign ? 0 : (width == 64 ? ~0ull : (1ull << width) - 1);
    if (m > limit)
        return sf_int_saturate(x.sign, is_signed, width, flags);
    if (rem)
        *flags |= FFLAG_NX;
    return x.sign ? -m : m;
}

static uint64_t sf_from_int(const struct sf_fmt *f, int sign, uint64_t mag, int rm, unsigned *flags)
{
    int lz;

    if (!mag)
        return 0;
    lz = __builtin_clzll(mag);
    return sf_round_pack(f, sign, 63 - lz, mag << lz, rm, flags);
}

/* Convert between formats; exact when widening. */
static uint64_t sf_convert(const struct sf_fmt *to, const struct sf_fmt *from, uint64_t a, int rm,
                           unsigned *flags)
{
    struct sf_num x = sf_unpack(from, a);

    if (sf_is_nan(&x))
        return sf_nan_result(to, x.cls == SF_SNAN, flags);
    if (x.cls == SF_INF)
        return sf_signed(to, x.sign, sf_inf_bits(to));
    if (x.cls == SF_ZERO)
        return sf_signed(to, x.sign, 0);
    return sf_round_pack(to, x.sign, x.exp, x.sig, rm, flags);
}

/* binary32 entry points */

SF_ENTRY uint32_t f32_add(uint32_t a, uint32_t b, int rm, unsigned *flags)
{
    return (uint32_t)sf_add(&SF_F32, a, b, rm, flags);
}

SF_ENTRY uint32_t f32_sub(uint32_t a, uint32_t b, int rm, unsigned *flags)
{
    return (uint32_t)sf_add(&SF_F32, a, b ^ 0x80000000u, rm, flags);
}

SF_ENTRY uint32_t f32_mul(uint32_t a, uint32_t b, int rm, unsigned *flags)
{
    return (uint32_t)sf_mul(&SF_F32, a, b, rm, flags);
}

SF_ENTRY uint32_t f32_div(uint32_t a, uint32_t b, int rm, unsigned *flags)
{
    return (uint32_t)sf_div(&SF_F32, a, b, rm, flags);
}

SF_ENTRY uint32_t f32_sqrt(uint32_t a, int rm, unsigned *flags)
{
    return (uint32_t)sf_sqrt(&SF_F32, a, rm, flags);
}

SF_ENTRY uint32_t f32_muladd(uint32_t a, uint32_t b, uint32_t c, int neg_product, int neg_addend,
                             int rm, unsigned *flags)
{
    return (uint32_t)sf_muladd(&SF_F32, a, b, c, neg_product, neg_addend, rm, flags);
}

SF_ENTRY uint32_t f32_min(uint32_t a, uint32_t b, unsigned *flags)
{
    return (uint32_t)sf_minmax(&SF_F32, a, b, false, flags);
}

SF_ENTRY uint32_t f32_max(uint32_t a, uint32_t b, unsigned *flags)
{
    return (uint32_t)sf_minmax(&SF_F32, a, b, true, flags);
}

SF_ENTRY int f32_eq(uint32_t a, uint32_t b, unsigned *flags) { return sf_eq(&SF_F32, a, b, flags); }

SF_ENTRY int f32_lt(uint32_t a, uint32_t b, unsigned *flags)
{
    return sf_lt(&SF_F32, a, b, false, flags);
}

SF_ENTRY int f32_le(uint32_t a, uint32_t b, unsigned *flags)
{
    return sf_lt(&SF_F32, a, b, true, flags);
}

SF_ENTRY unsigned f32_classify(uint32_t a) { return sf_classify(&SF_F32, a); }

SF_ENTRY int32_t f32_to_i32(uint32_t a, int rm, unsigned *flags)
{
    return (int32_t)(uint32_t)sf_to_int(&SF_F32, a, rm, true, 32, flags);
}

SF_ENTRY uint32_t f32_to_u32(uint32_t a, int rm, unsigned *flags)
{
    return (uint32_t)sf_to_int(&SF_F32, a, rm, false, 32, flags);
}

SF_ENTRY int64_t f32_to_i64(uint32_t a, int rm, unsigned *flags)
{
    return (int64_t)sf_to_int(&SF_F32, a, rm, true, 64, flags);
}

SF_ENTRY uint64_t f32_to_u64(uint32_t a, int rm, unsigned *flags)
{
    return sf_to_int(&SF_F32, a, rm, false, 64, flags);
}

SF_ENTRY uint32_t i32_to_f32(int32_t v, int rm, unsigned *flags)
{
    return (uint32_t)sf_from_int(&SF_F32, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, rm, flags);
}

SF_ENTRY uint32_t u32_to_f32(uint32_t v, int rm, unsigned *flags)
{
    return (uint32_t)sf_from_int(&SF_F32, 0, v, rm, flags);
}

SF_ENTRY uint32_t i64_to_f32(int64_t v, int rm, unsigned *flags)
{
    return (uint32_t)sf_from_int(&SF_F32, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, rm, flags);
}

SF_ENTRY uint32_t u64_to_f32(uint64_t v, int rm, unsigned *flags)
{
    return (uint32_t)sf_from_int(&SF_F32, 0, v, rm, flags);
}

SF_ENTRY uint64_t f32_to_f64(uint32_t a, unsigned *flags)
{
    return sf_convert(&SF_F64, &SF_F32, a, FP_RNE, flags);
}

SF_ENTRY uint32_t f64_to_f32(uint64_t a, int rm, unsigned *flags)
{
    return (uint32_t)sf_convert(&SF_F32, &SF_F64, a, rm, flags);
}

/* binary64 entry points */

SF_ENTRY uint64_t f64_add(uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    return sf_add(&SF_F64, a, b, rm, flags);
}

SF_ENTRY uint64_t f64_sub(uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    return sf_add(&SF_F64, a, b ^ (1ull << 63), rm, flags);
}

SF_ENTRY uint64_t f64_mul(uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    return sf_mul(&SF_F64, a, b, rm, flags);
}

SF_ENTRY uint64_t f64_div(uint64_t a, uint64_t b, int rm, unsigned *flags)
{
    return sf_div(&SF_F64, a, b, rm, flags);
}

SF_ENTRY uint64_t f64_sqrt(uint64_t a, int rm, unsigned *flags)
{
    return sf_sqrt(&SF_F64, a, rm, flags);
}

SF_ENTRY uint64_t f64_muladd(uint64_t a, uint64_t b, uint64_t c, int neg_product, int neg_addend,
                             int rm, unsigned *flags)
{
    return sf_muladd(&SF_F64, a, b, c, neg_product, neg_addend, rm, flags);
}

SF_ENTRY uint64_t f64_min(uint64_t a, uint64_t b, unsigned *flags)
{
    return sf_minmax(&SF_F64, a, b, false, flags);
}

SF_ENTRY uint64_t f64_max(uint64_t a, uint64_t b, unsigned *flags)
{
    return sf_minmax(&SF_F64, a, b, true, flags);
}

SF_ENTRY int f64_eq(uint64_t a, uint64_t b, unsigned *flags) { return sf_eq(&SF_F64, a, b, flags); }

SF_ENTRY int f64_lt(uint64_t a, uint64_t b, unsigned *flags)
{
    return sf_lt(&SF_F64, a, b, false, flags);
}

SF_ENTRY int f64_le(uint64_t a, uint64_t b, unsigned *flags)
{
    return sf_lt(&SF_F64, a, b, true, flags);
}

SF_ENTRY unsigned f64_classify(uint64_t a) { return sf_classify(&SF_F64, a); }

SF_ENTRY int32_t f64_to_i32(uint64_t a, int rm, unsigned *flags)
{
    return (int32_t)(uint32_t)sf_to_int(&SF_F64, a, rm, true, 32, flags);
}

SF_ENTRY uint32_t f64_to_u32(uint64_t a, int rm, unsigned *flags)
{
    return (uint32_t)sf_to_int(&SF_F64, a, rm, false, 32, flags);
}

SF_ENTRY int64_t f64_to_i64(uint64_t a, int rm, unsigned *flags)
{
    return (int64_t)sf_to_int(&SF_F64, a, rm, true, 64, flags);
}

SF_ENTRY uint64_t f64_to_u64(uint64_t a, int rm, unsigned *flags)
{
    return sf_to_int(&SF_F64, a, rm, false, 64, flags);
}

SF_ENTRY uint64_t i32_to_f64(int32_t v, int rm, unsigned *flags)
{
    return sf_from_int(&SF_F64, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, rm, flags);
}

SF_ENTRY uint64_t u32_to_f64(uint32_t v, int rm, unsigned *flags)
{
    return sf_from_int(&SF_F64, 0, v, rm, flags);
}

SF_ENTRY uint64_t i64_to_f64(int64_t v, int rm, unsigned *flags)
{
    return sf_from_int(&SF_F64, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, rm, flags);
}

SF_ENTRY uint64_t u64_to_f64(uint64_t v, int rm, unsigned *flags)
{
    return sf_from_int(&SF_F64, 0, v, rm, flags);
}
