/* SPDX-License-Identifier: MIT */
/* Sieve of Eratosthenes over the odd numbers below 2^21 (one byte per number), scale
   times; checksums the count and sum of the primes found. */

#include "bench.h"

#define SIEVE_LIMIT (1L << 21)

static uint8_t sieve_composite[SIEVE_LIMIT / 2];

/* sieve_composite[i] stands for 2i + 1. */
static uint64_t sieve_run(void)
{
    long half = SIEVE_LIMIT / 2;
    uint64_t count = 1, sum = 2;

    for (long i = 0; i < half; i++)
        sieve_composite[i] = 0;
    for (long i = 1; i < half; i++) {
        long p = 2 * i + 1;

        if (sieve_composite[i])
            continue;
        count++;
        sum += (uint64_t)p;
        for (long m = (p * p) / 2; m < half; m += p)
            sieve_composite[m] = 1;
    }
    return (count << 40) ^ sum;
}

uint64_t kernel_sieve(unsigned scale)
{
    uint64_t hash = BENCH_HASH_INIT;

    for (unsigned r = 0; r < scale; r++)
        hash = bench_mix(hash, sieve_run() + r);
    return hash;
}
