/* SPDX-License-Identifier: MIT */
/* The machine's timebase: host monotonic time as 10 MHz ticks (the ACLINT
 * mtime and the time CSR both read it). */
#ifndef UTIL_CLOCK_H
#define UTIL_CLOCK_H

#include <stdint.h>

#define CLOCK_MTIME_HZ 10000000ull

/* Current mtime. */
uint64_t clock_mtime(void);
/* Make clock_mtime() read v now (mtime writes, machine reset). */
void clock_set_mtime(uint64_t v);
/* Host CLOCK_MONOTONIC nanoseconds at which mtime reaches `mtime`
 * (for timed sleeps); saturates far in the future. */
uint64_t clock_mtime_to_ns(uint64_t mtime);

#endif
