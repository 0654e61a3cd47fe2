/* SPDX-License-Identifier: MIT */
/* ACLINT machine timer and software interrupts in the SiFive CLINT layout
 * that OpenSBI and Linux expect on QEMU virt: MSIP per hart at 0x0,
 * MTIMECMP per hart at 0x4000, MTIME at 0xbff8. */
#ifndef HW_ACLINT_H
#define HW_ACLINT_H

#include <stdint.h>
#include "util/clock.h"

#define ACLINT_SIZE     0x10000ull
#define ACLINT_MTIME_HZ CLOCK_MTIME_HZ /* /cpus timebase-frequency */

struct aclint;
struct bus;
struct fdt;
struct hart;

/* Map the CLINT at base for harts[0..nharts) (at most 4095, the MSIP
 * array's room). The harts must outlive it. NULL with a message on failure. */
struct aclint *aclint_create(struct bus *b, uint64_t base, struct hart *const *harts,
                             unsigned nharts);
void aclint_free(struct aclint *a);

/* Clear every MSIP and lower the harts' MSIP bits (mtimecmp is the harts'
 * own reset state; mtime keeps running). */
void aclint_reset(struct aclint *a);

/* Add the clint@BASE node under the current node; intc_phandles[h] is hart
 * h's riscv,cpu-intc. Returns 0 or -1. */
int aclint_fdt(struct aclint *a, struct fdt *f, const uint32_t *intc_phandles);

#endif
