/* SPDX-License-Identifier: MIT */
/* Host harness: runs one kernel at its build-time scale, timed with the monotonic clock,
   and prints "bench NAME scale N checksum 0x... seconds S". */

#include <stdio.h>
#include <time.h>
#include "harness.h"

static double native_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(void)
{
    double start = native_seconds();
    uint64_t sum = BENCH_KERNEL(BENCH_SCALE);
    double secs = native_seconds() - start;

    printf("bench %s scale %u checksum 0x%016llx seconds %.6f\n", BENCH_NAME_STRING,
           (unsigned)BENCH_SCALE, (unsigned long long)sum, secs);
    return 0;
}
