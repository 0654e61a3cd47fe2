/* SPDX-License-Identifier: MIT */
/* The empty kernel: no work. Its run time is the start-up and exit cost of a benchmark
   program, which the runner subtracts from the others. */

#include "bench.h"

uint64_t kernel_empty(unsigned scale) { return bench_mix(BENCH_HASH_INIT, scale); }
