/* SPDX-License-Identifier: MIT */
/* 16550A UART (reg-shift 0, byte registers) on a chardev back end: output is
 * written at once, input fills a 16-byte receive FIFO and is pulled only as
 * fast as the guest drains it, so none is lost. */
#ifndef HW_UART16550_H
#define HW_UART16550_H

#include <stdint.h>

struct bus;
struct chardev;
struct chardev_receiver;
struct fdt;
struct irq_line;
struct uart16550;

#define UART16550_SIZE     0x100ull
#define UART16550_CLOCK_HZ 3686400u

/* Map a UART at base raising irq (copied). chr may be NULL (output dropped,
 * no input); otherwise the UART becomes its receiver, and chr must be freed
 * before the UART (its input thread calls into the UART). NULL with a
 * message on failure. */
struct uart16550 *uart16550_create(struct bus *b, uint64_t base, const struct irq_line *irq,
                                   struct chardev *chr);
void uart16550_free(struct uart16550 *u);

/* Power-on register values; the receive FIFO is emptied. */
void uart16550_reset(struct uart16550 *u);

/* The receiver the UART gave its chardev (tests feed input through it). */
const struct chardev_receiver *uart16550_receiver(const struct uart16550 *u);

/* Add the serial@BASE node under the current node; interrupts = the irq
 * line's number, routed to plic_phandle. Returns 0 or -1. */
int uart16550_fdt(struct uart16550 *u, struct fdt *f, uint32_t plic_phandle);

#endif
