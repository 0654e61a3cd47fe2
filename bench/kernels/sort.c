/* SPDX-License-Identifier: MIT */
/* Integer sort: quicksort (median of three, insertion sort below a cut-off) of 64K
   pseudo-random 32-bit values, repeated scale times with fresh data. */

#include "bench.h"

#define SORT_N      65536
#define SORT_CUTOFF 16

static uint32_t sort_buf[SORT_N];

static void sort_insertion(uint32_t *a, long lo, long hi)
{
    for (long i = lo + 1; i <= hi; i++) {
        uint32_t v = a[i];
        long j = i - 1;

        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void sort_swap(uint32_t *a, long i, long j)
{
    uint32_t t = a[i];

    a[i] = a[j];
    a[j] = t;
}

/* Puts the median of a[lo], a[mid], a[hi] in a[hi] as the pivot. */
static uint32_t sort_pivot(uint32_t *a, long lo, long hi)
{
    long mid = lo + (hi - lo) / 2;

    if (a[mid] < a[lo])
        sort_swap(a, mid, lo);
    if (a[hi] < a[lo])
        sort_swap(a, hi, lo);
    if (a[mid] < a[hi])
        sort_swap(a, mid, hi);
    return a[hi];
}

/* Lomuto partition around a[hi]; returns the pivot's final index. */
static long sort_partition(uint32_t *a, long lo, long hi)
{
    uint32_t pivot = sort_pivot(a, lo, hi);
    long store = lo;

    for (long i = lo; i < hi; i++) {
        if (a[i] < pivot)
            sort_swap(a, i, store++);
    }
    sort_swap(a, store, hi);
    return store;
}

/* Recurses into the smaller side and loops on the larger, so depth stays logarithmic. */
static void sort_quick(uint32_t *a, long lo, long hi)
{
    while (hi - lo >= SORT_CUTOFF) {
        long p = sort_partition(a, lo, hi);

        if (p - lo < hi - p) {
            sort_quick(a, lo, p - 1);
            lo = p + 1;
        } else {
            sort_quick(a, p + 1, hi);
            hi = p - 1;
        }
    }
    sort_insertion(a, lo, hi);
}

static uint64_t sort_digest(const uint32_t *a, long n)
{
    uint64_t hash = BENCH_HASH_INIT;

    for (long i = 1; i < n; i++) {
        if (a[i - 1] > a[i])
            hash = bench_mix(hash, (uint64_t)i << 32);
    }
    for (long i = 0; i < n; i += 97)
        hash = bench_mix(hash, a[i]);
    return hash;
}

uint64_t kernel_sort(unsigned scale)
{
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    uint64_t hash = BENCH_HASH_INIT;

    for (unsigned r = 0; r < scale; r++) {
        for (long i = 0; i < SORT_N; i++)
            sort_buf[i] = (uint32_t)(bench_rand(&seed) >> 16);
        sort_quick(sort_buf, 0, SORT_N - 1);
        hash = bench_mix(hash, sort_digest(sort_buf, SORT_N));
    }
    return hash;
}
