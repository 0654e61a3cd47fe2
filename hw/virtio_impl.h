/* SPDX-License-Identifier: MIT */
/* Private to hw/virtio_mmio.c (registers, status, interrupts) and
 * hw/virtqueue.c (the rings): the transport's state and what each file lends
 * the other. Everything here is guarded by virtio_dev.lock.
 * Lock order: virtio_dev.lock -> irq_set (-> interrupt controller's lock). */
#ifndef HW_VIRTIO_IMPL_H
#define HW_VIRTIO_IMPL_H

#include "irq.h"
#include "virtio.h"

#include <pthread.h>

/* InterruptStatus bits (virtio 1.2, 4.2.2) */
enum {
    VIRTIO_INT_USED = 1,
    VIRTIO_INT_CONFIG = 2,
};

struct virtq {
    struct virtio_dev *dev;
    unsigned index;
    /* Driver-written registers; frozen while ready. */
    uint32_t num;
    uint64_t desc_gpa, avail_gpa, used_gpa;
    bool ready;
    /* Host views of the three areas, valid while ready (checked to be RAM). */
    uint8_t *desc, *avail, *used;
    uint32_t gen;            /* bumped whenever the queue stops; stale elements */
    uint16_t last_avail;     /* next available ring slot to pop */
    uint16_t used_idx;       /* our copy of used->idx */
    uint16_t signalled_used; /* used_idx at the last virtq_notify */
    bool notify_off;         /* virtq_disable_notify in force */
};

struct virtio_dev {
    pthread_mutex_t lock;
    struct bus *bus;
    uint64_t base;
    struct irq_line irq;
    struct virtio_device_ops ops;
    void *opaque;
    uint64_t host_features;   /* offered: ops.features + transport bits */
    uint64_t driver_features; /* as written by the driver */
    uint64_t features;        /* accepted at FEATURES_OK; read lock-free */
    uint32_t dev_features_sel, drv_features_sel, queue_sel;
    uint32_t status; /* read lock-free by virtio_dev_running */
    uint32_t isr, config_gen;
    bool irq_level;
    struct virtq queues[VIRTIO_MAX_QUEUES];
};

/* hw/virtio_mmio.c, with d->lock held. */
bool virtio_dev_running_locked(const struct virtio_dev *d);
void virtio_dev_interrupt_locked(struct virtio_dev *d, uint32_t why);
/* Set NEEDS_RESET, log why, and raise the configuration interrupt. */
void virtio_dev_fail_locked(struct virtio_dev *d, const char *why);

/* hw/virtqueue.c, with d->lock held. */
void virtq_init(struct virtq *q, struct virtio_dev *d, unsigned index);
/* QueueReady = 1: check size and areas; -1 (guest error logged) refuses. */
int virtq_start(struct virtq *q);
/* QueueReady = 0: stop; elements popped so far become stale. */
void virtq_stop(struct virtq *q);
/* Device reset: stop, and the registers go back to their reset values. */
void virtq_reset(struct virtq *q);

#endif
