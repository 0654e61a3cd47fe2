/* SPDX-License-Identifier: MIT */
/* virtio console (virtio 1.2, 5.3) on the virtio-mmio transport: one port
 * (no MULTIPORT, no SIZE) joined to a chardev. Linux shows it as /dev/hvc0. */
#ifndef HW_VIRTIO_CONSOLE_H
#define HW_VIRTIO_CONSOLE_H

#include <stdint.h>

struct bus;
struct chardev;
struct chardev_receiver;
struct irq_line;
struct virtio_console;
struct virtio_dev;

/* Map a virtio console at base (VIRTIO_MMIO_SIZE bytes) raising irq (copied).
 * Guest output goes to c; the console becomes c's receiver, so c must be
 * freed before the console (its input thread calls into it). c is not owned
 * and may be NULL (output dropped, no input). NULL with a message on failure. */
struct virtio_console *virtio_console_create(struct bus *bus, uint64_t base,
                                             const struct irq_line *irq, struct chardev *c);
void virtio_console_free(struct virtio_console *v);

/* The transport, for virtio_mmio_fdt and virtio_mmio_reset. */
struct virtio_dev *virtio_console_transport(struct virtio_console *v);

/* The receiver the console gave its chardev (tests feed input through it). */
const struct chardev_receiver *virtio_console_receiver(const struct virtio_console *v);

#endif
