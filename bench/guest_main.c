/* SPDX-License-Identifier: MIT */
/* Bare-metal harness: runs one kernel at its build-time scale and prints
   "bench NAME scale N checksum 0x..." on the HTIF console; timed from outside. */

#include "harness.h"
#include "rt/rt.h"

int bench_main(void)
{
    uint64_t sum = BENCH_KERNEL(BENCH_SCALE);

    rt_puts("bench " BENCH_NAME_STRING " scale ");
    rt_putdec(BENCH_SCALE);
    rt_puts(" checksum ");
    rt_puthex(sum);
    rt_puts("\n");
    return 0;
}
