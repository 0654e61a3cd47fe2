/* SPDX-License-Identifier: MIT */
/* A deterministic timebase for the lockstep test. It replaces util/clock.c at
 * link time (this object defines every symbol of clock.o, so the archive
 * member is never pulled in): mtime only moves when the harness advances it
 * between blocks, so both engines read the same time CSR and see the same
 * timer interrupts. */
#include "lockstep.h"
#include "util/clock.h"

static uint64_t vclock_now;

uint64_t clock_mtime(void) { return vclock_now; }

void clock_set_mtime(uint64_t v) { vclock_now = v; }

/* Nothing sleeps on this clock: WFI is resolved by the harness. */
uint64_t clock_mtime_to_ns(uint64_t mtime)
{
    (void)mtime;
    return 0;
}

void vclock_advance(uint64_t ticks) { vclock_now += ticks; }

void vclock_reset(void) { vclock_now = 0; }
