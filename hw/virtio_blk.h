/* SPDX-License-Identifier: MIT */
/* virtio-blk (virtio 1.2, 5.2) over the virtio-mmio transport: one request
 * queue served by a worker thread per device doing I/O on hw/block images
 * straight into guest RAM. */
#ifndef HW_VIRTIO_BLK_H
#define HW_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

struct block;
struct bus;
struct irq_line;
struct virtio_blk;
struct virtio_dev;

/* Maps the device at base raising irq and starts its worker. Takes
 * ownership of blk (closed on failure too). serial is the GET_ID string
 * (at most 20 bytes used); NULL derives a stable one from the file name.
 * NULL with a message on failure. */
struct virtio_blk *virtio_blk_create(struct bus *bus, uint64_t base, const struct irq_line *irq,
                                     struct block *blk, const char *serial);
/* Stops the worker (a request waiting for host disk space is dropped),
 * frees the transport and closes the image. NULL is ignored. */
void virtio_blk_free(struct virtio_blk *v);
/* The transport, for machine reset and the device tree. */
struct virtio_dev *virtio_blk_transport(struct virtio_blk *v);

/* Called from the worker with true when a write first finds the host disk
 * full (the board pauses the guest) and with false when it lands or is
 * dropped (the guest resumes). Set before the guest runs. */
typedef void virtio_blk_pause_fn(void *opaque, bool paused);
void virtio_blk_set_pause_hook(struct virtio_blk *v, virtio_blk_pause_fn *fn, void *opaque);

#endif
