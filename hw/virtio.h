/* SPDX-License-Identifier: MIT */
/* virtio-mmio version 2 transport and split virtqueues (virtio 1.2, 4.2 and
 * 2.7). A device (blk, net, rng, console) fills a virtio_device_ops, the
 * transport owns the registers, feature negotiation, status and the rings,
 * and hands the device validated requests as host iovecs into guest RAM. */
#ifndef HW_VIRTIO_H
#define HW_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#define VIRTIO_MMIO_SIZE  0x200ull
#define VIRTIO_MAX_QUEUES 8
#define VIRTQ_MAX_SIZE    1024 /* QueueNumMax upper bound */
#define VIRTQ_MAX_SEGS    1024 /* segments in one chain (direct + indirect) */

/* Register offsets (virtio 1.2, 4.2.2, table "MMIO Device Register Layout"). */
enum {
    VIRTIO_MMIO_MAGIC = 0x000,
    VIRTIO_MMIO_VERSION = 0x004,
    VIRTIO_MMIO_DEVICE_ID = 0x008,
    VIRTIO_MMIO_VENDOR_ID = 0x00c,
    VIRTIO_MMIO_DEVICE_FEATURES = 0x010,
    VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
    VIRTIO_MMIO_DRIVER_FEATURES = 0x020,
    VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
    VIRTIO_MMIO_QUEUE_SEL = 0x030,
    VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
    VIRTIO_MMIO_QUEUE_NUM = 0x038,
    VIRTIO_MMIO_QUEUE_READY = 0x044,
    VIRTIO_MMIO_QUEUE_NOTIFY = 0x050,
    VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
    VIRTIO_MMIO_INTERRUPT_ACK = 0x064,
    VIRTIO_MMIO_STATUS = 0x070,
    VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080,
    VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
    VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090,
    VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094,
    VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0a0,
    VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
    VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc,
    VIRTIO_MMIO_CONFIG = 0x100,
};

/* Flags (virtio 1.2, 2.7.5, 2.7.6, 2.7.8) */
enum {
    VIRTQ_DESC_F_NEXT = 1,
    VIRTQ_DESC_F_WRITE = 2,
    VIRTQ_DESC_F_INDIRECT = 4,
    VIRTQ_AVAIL_F_NO_INTERRUPT = 1,
    VIRTQ_USED_F_NO_NOTIFY = 1,
};

/* Device IDs (virtio 1.2, 5) */
enum {
    VIRTIO_ID_NET = 1,
    VIRTIO_ID_BLOCK = 2,
    VIRTIO_ID_CONSOLE = 3,
    VIRTIO_ID_RNG = 4,
};

/* Transport feature bits the transport offers itself (virtio 1.2, 6). */
#define VIRTIO_F_RING_INDIRECT_DESC 28
#define VIRTIO_F_RING_EVENT_IDX     29
#define VIRTIO_F_VERSION_1          32

/* Device status bits (virtio 1.2, 2.1) */
enum {
    VIRTIO_STATUS_ACKNOWLEDGE = 1,
    VIRTIO_STATUS_DRIVER = 2,
    VIRTIO_STATUS_DRIVER_OK = 4,
    VIRTIO_STATUS_FEATURES_OK = 8,
    VIRTIO_STATUS_NEEDS_RESET = 64,
    VIRTIO_STATUS_FAILED = 128,
};

struct bus;
struct fdt;
struct irq_line;
struct virtio_dev;
struct virtq;

/* What a device tells the transport. Callbacks run without the transport's
 * lock held, on the thread that wrote the register (a hart thread). */
struct virtio_device_ops {
    const char *name; /* in messages: "virtio-blk" */
    uint32_t device_id;
    uint64_t features;   /* device-specific bits; the transport adds its own */
    unsigned num_queues; /* <= VIRTIO_MAX_QUEUES */
    unsigned queue_max;  /* QueueNumMax, a power of two <= VIRTQ_MAX_SIZE */
    uint32_t config_size;
    /* Device configuration space, little-endian bytes; off + size <=
     * config_size is checked by the transport. Either may be NULL. */
    void (*config_read)(void *opaque, uint32_t off, void *buf, unsigned size);
    void (*config_write)(void *opaque, uint32_t off, const void *buf, unsigned size);
    /* The driver wrote QueueNotify for queue q (q < num_queues, queue ready). */
    void (*notify)(void *opaque, unsigned q);
    /* DRIVER_OK was set: features are final (virtio_dev_features). */
    void (*driver_ok)(void *opaque);
    /* The driver reset the device (Status = 0) or the machine reset. The
     * device must stop using its queues before returning; elements popped
     * before the reset are stale and virtq_push ignores them. */
    void (*reset)(void *opaque);
};

/* One request: the chain's device-readable segments, then its
 * device-writable ones, each a host pointer into guest RAM. */
struct virtq_elem {
    uint16_t head;
    uint32_t gen; /* queue generation at pop; stale after a reset */
    unsigned nout, nin;
    uint64_t out_len, in_len; /* total bytes of each direction */
    struct iovec out[VIRTQ_MAX_SEGS];
    struct iovec in[VIRTQ_MAX_SEGS];
    uint64_t in_gpa[VIRTQ_MAX_SEGS]; /* guest addresses of in[] (for write notification) */
};

/* Map the transport at base raising irq (copied). NULL with a message on
 * failure. The device state behind opaque must outlive it. */
struct virtio_dev *virtio_mmio_create(struct bus *b, uint64_t base, const struct irq_line *irq,
                                      const struct virtio_device_ops *ops, void *opaque);
void virtio_mmio_free(struct virtio_dev *d);
/* Machine reset: as if the driver wrote Status = 0. */
void virtio_mmio_reset(struct virtio_dev *d);
/* Add the virtio_mmio@BASE node (reg size VIRTIO_MMIO_SIZE) under the
 * current node. Returns 0 or -1. */
int virtio_mmio_fdt(struct virtio_dev *d, struct fdt *f, uint32_t plic_phandle);

/* Negotiated features (valid once FEATURES_OK is set). */
uint64_t virtio_dev_features(const struct virtio_dev *d);
/* True while DRIVER_OK is set and NEEDS_RESET is not. */
bool virtio_dev_running(const struct virtio_dev *d);
/* The device's configuration changed (bumps ConfigGeneration, interrupts). */
void virtio_dev_config_changed(struct virtio_dev *d);
/* The device hit an unrecoverable error: set NEEDS_RESET and interrupt.
 * why goes to the rate-limited guest-error log. */
void virtio_dev_needs_reset(struct virtio_dev *d, const char *why);

struct virtq *virtio_dev_queue(struct virtio_dev *d, unsigned q);

/* Take the next available chain. Returns 1 with *e filled, 0 if the queue is
 * empty or not ready, -1 if the chain is malformed (the device is marked
 * NEEDS_RESET, a guest error is logged; stop using the queue). Thread-safe;
 * callers serialise pops on one queue. Returns 0 while the device is not
 * running (before DRIVER_OK, after NEEDS_RESET): QueueNotify can arrive
 * earlier, so a device should look at its queues again in driver_ok. */
int virtq_pop(struct virtq *q, struct virtq_elem *e);
/* Return a chain to the driver with len bytes written into its in segments
 * (len is clamped to e->in_len). Ignored if e is stale. Does not interrupt. */
void virtq_push(struct virtq *q, const struct virtq_elem *e, uint32_t len);
/* Interrupt the driver if it asked for one since the last call (event index
 * or VIRTQ_AVAIL_F_NO_INTERRUPT). Call after one or more pushes. */
void virtq_notify(struct virtq *q);
/* Notification suppression for the device side: while disabled, the driver
 * is told not to kick. virtq_enable_notify returns true if chains arrived
 * meanwhile (the caller must pop again before sleeping). */
void virtq_disable_notify(struct virtq *q);
bool virtq_enable_notify(struct virtq *q);

/* Copy helpers over an element's segments: copy up to len bytes starting at
 * byte off of the out (readable) or in (writable) side. Return bytes copied. */
uint64_t virtq_elem_read(const struct virtq_elem *e, uint64_t off, void *buf, uint64_t len);
uint64_t virtq_elem_write(const struct virtq_elem *e, uint64_t off, const void *buf, uint64_t len);

#endif
