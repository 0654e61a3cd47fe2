/* SPDX-License-Identifier: MIT */
/* mtime from CLOCK_MONOTONIC with a settable offset. */
#include "clock.h"

#include <time.h>

static int64_t mtime_offset; /* mtime = host_ticks + offset */

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t host_ticks(void) { return host_ns() / (1000000000ull / CLOCK_MTIME_HZ); }

uint64_t clock_mtime(void)
{
    return host_ticks() + (uint64_t)__atomic_load_n(&mtime_offset, __ATOMIC_RELAXED);
}

void clock_set_mtime(uint64_t v)
{
    __atomic_store_n(&mtime_offset, (int64_t)(v - host_ticks()), __ATOMIC_RELAXED);
}

uint64_t clock_mtime_to_ns(uint64_t mtime)
{
    uint64_t now = clock_mtime();
    uint64_t ns = host_ns();
    if (mtime <= now)
        return ns;
    uint64_t delta = mtime - now;
    if (delta > (1ull << 40)) /* about 30 hours: treat as never */
        delta = 1ull << 40;
    return ns + delta * (1000000000ull / CLOCK_MTIME_HZ);
}
