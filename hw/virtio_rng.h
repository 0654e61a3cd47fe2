/* SPDX-License-Identifier: MIT */
/* virtio entropy device (virtio 1.2, 5.4) on the virtio-mmio transport: every
 * buffer the guest offers is filled from the host's getrandom(). */
#ifndef HW_VIRTIO_RNG_H
#define HW_VIRTIO_RNG_H

#include <stdint.h>

struct bus;
struct irq_line;
struct virtio_dev;
struct virtio_rng;

/* Bytes given per request at most; a longer buffer is returned part-filled. */
#define VIRTIO_RNG_MAX_REQ (64u * 1024u)

/* Map a virtio-rng at base (VIRTIO_MMIO_SIZE bytes) raising irq (copied).
 * NULL with a message on failure. */
struct virtio_rng *virtio_rng_create(struct bus *bus, uint64_t base, const struct irq_line *irq);
void virtio_rng_free(struct virtio_rng *v);

/* The transport, for virtio_mmio_fdt and virtio_mmio_reset. */
struct virtio_dev *virtio_rng_transport(struct virtio_rng *v);

#endif
