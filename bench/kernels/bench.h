/* SPDX-License-Identifier: MIT */
/* Shared by the benchmark kernels: their entry points, a pseudo-random generator and the
   checksum mix. Plain C with no library calls, so the same source builds natively and
   bare-metal for RISC-V. */

#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

#define BENCH_HASH_INIT  0xcbf29ce484222325ull
#define BENCH_HASH_PRIME 0x100000001b3ull

/* Each kernel does work proportional to scale and returns a checksum of its results. */
uint64_t kernel_empty(unsigned scale);
uint64_t kernel_sort(unsigned scale);
uint64_t kernel_crc32(unsigned scale);
uint64_t kernel_matrix(unsigned scale);
uint64_t kernel_string(unsigned scale);
uint64_t kernel_nbody(unsigned scale);
uint64_t kernel_vm(unsigned scale);
uint64_t kernel_sieve(unsigned scale);

/* Marsaglia's xorshift64; state must start non-zero. */
static inline uint64_t bench_rand(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

/* FNV-style mix of one 64-bit value into a running checksum. */
static inline uint64_t bench_mix(uint64_t hash, uint64_t value)
{
    return (hash ^ value) * BENCH_HASH_PRIME;
}

/* The bits of a double, so FP results are compared exactly. */
static inline uint64_t bench_double_bits(double d)
{
    union {
        double d;
        uint64_t u;
    } v = {.d = d};

    return v.u;
}

/* Correctly rounded on both hosts: with -fno-math-errno this is one sqrtsd or fsqrt.d. */
#define bench_sqrt(x) __builtin_sqrt(x)

#endif
