/* SPDX-License-Identifier: MIT */
/* An interrupt line from a device to an interrupt controller (or straight to
 * a hart's mip bit). Level-triggered: devices call irq_set() whenever their
 * interrupt condition may have changed. */
#ifndef HW_IRQ_H
#define HW_IRQ_H

#include <stdbool.h>

struct irq_line {
    void (*set)(void *opaque, unsigned num, bool level);
    void *opaque;
    unsigned num;
};

static inline void irq_set(const struct irq_line *l, bool level)
{
    if (l->set)
        l->set(l->opaque, l->num, level);
}

#endif
