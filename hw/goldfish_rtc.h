/* SPDX-License-Identifier: MIT */
/* Goldfish RTC: nanoseconds of wall-clock time (host CLOCK_REALTIME plus an
 * offset the guest sets) and one alarm that raises an interrupt. */
#ifndef HW_GOLDFISH_RTC_H
#define HW_GOLDFISH_RTC_H

#include <stdint.h>

#define GOLDFISH_RTC_SIZE 0x1000ull

struct bus;
struct fdt;
struct goldfish_rtc;
struct irq_line;

/* Map the RTC at base raising irq (copied); starts its alarm thread. NULL
 * with a message on failure. */
struct goldfish_rtc *goldfish_rtc_create(struct bus *b, uint64_t base, const struct irq_line *irq);
/* Stops and joins the alarm thread. */
void goldfish_rtc_free(struct goldfish_rtc *r);

/* Disarm the alarm, disable and clear the interrupt. The time keeps its
 * offset, like a battery-backed clock. */
void goldfish_rtc_reset(struct goldfish_rtc *r);

/* Add the rtc@BASE node under the current node; interrupts = the irq line's
 * number, routed to plic_phandle. Returns 0 or -1. */
int goldfish_rtc_fdt(struct goldfish_rtc *r, struct fdt *f, uint32_t plic_phandle);

#endif
