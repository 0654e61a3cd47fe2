/* SPDX-License-Identifier: MIT */
/* Which kernel a harness build runs: the build passes -DBENCH_NAME=<name> and
   -DBENCH_SCALE=<n>, and BENCH_KERNEL names kernel_<name>. */

#ifndef HARNESS_H
#define HARNESS_H

#include "kernels/bench.h"

#define HARNESS_CAT2(a, b) a##b
#define HARNESS_CAT(a, b)  HARNESS_CAT2(a, b)
#define HARNESS_STR2(a)    #a
#define HARNESS_STR(a)     HARNESS_STR2(a)

#define BENCH_KERNEL      HARNESS_CAT(kernel_, BENCH_NAME)
#define BENCH_NAME_STRING HARNESS_STR(BENCH_NAME)

#endif
