/* SPDX-License-Identifier: MIT */
/* Platform-level interrupt controller in the SiFive register layout (RISC-V
 * PLIC spec 1.0.0): 95 level-triggered sources and two contexts per hart,
 * 2h = hart h M-mode external interrupt, 2h+1 = hart h S-mode. */
#ifndef HW_PLIC_H
#define HW_PLIC_H

#include <stdbool.h>
#include <stdint.h>
#include "irq.h"

#define PLIC_NDEV         95 /* sources 1..95; 0 means "no interrupt" */
#define PLIC_SIZE         0x600000ull
#define PLIC_MAX_PRIORITY 7 /* 3-bit priorities and thresholds */

struct bus;
struct fdt;
struct hart;
struct plic;

/* Map a PLIC at base serving harts[0..nharts). The harts must outlive it.
 * NULL with a message on failure (allocation, overlap on the bus). */
struct plic *plic_create(struct bus *b, uint64_t base, struct hart *const *harts, unsigned nharts);
void plic_free(struct plic *p);

/* Clear priorities, enables, thresholds, pending and claimed sources (the
 * levels of the input lines are kept) and lower every context's output. */
void plic_reset(struct plic *p);

/* The level of source src (1..PLIC_NDEV) changed. Thread-safe; has the
 * irq_line signature, opaque is the struct plic. */
void plic_set_irq(void *opaque, unsigned src, bool level);

/* An irq_line that drives source src of p. */
struct irq_line plic_irq_line(struct plic *p, unsigned src);

/* Add the interrupt-controller@BASE node under the current node. phandle is
 * the PLIC's own; intc_phandles[h] is hart h's riscv,cpu-intc. Returns 0 or
 * -1 (the builder keeps the error). */
int plic_fdt(struct plic *p, struct fdt *f, uint32_t phandle, const uint32_t *intc_phandles);

#endif
