/* SPDX-License-Identifier: MIT */
/* Bit manipulation used by decoders and instruction bodies. */
#ifndef UTIL_BITS_H
#define UTIL_BITS_H

#include <stdint.h>

/* Bits [pos, pos+len) of x, as an unsigned value. */
static inline uint64_t bits_extract(uint64_t x, unsigned pos, unsigned len)
{
    return (x >> pos) & (len >= 64 ? ~0ull : ((1ull << len) - 1));
}

/* Sign-extend the low `bits` bits of x. */
static inline int64_t bits_sext(uint64_t x, unsigned bits)
{
    unsigned s = 64 - bits;
    return (int64_t)(x << s) >> s;
}

static inline uint64_t sext32(uint64_t x) { return (uint64_t)(int64_t)(int32_t)x; }
static inline uint64_t zext32(uint64_t x) { return (uint32_t)x; }

#endif
