/* SPDX-License-Identifier: MIT */
/* A minimal virtio-mmio driver for the device unit tests: the initialisation
 * sequence (virtio 1.2, 3.1.1) and split virtqueues in guest RAM (2.7):
 * descriptors, offering chains, reading used entries. Include after cmocka.h
 * and fixture.h. */
#ifndef TESTS_UNIT_VIRTIO_DRIVER_H
#define TESTS_UNIT_VIRTIO_DRIVER_H

#include <stdint.h>
#include <string.h>

#include "hw/virtio.h"

#define VDRV_MAX_QUEUES 2

struct vdrv_queue {
    uint64_t desc, avail, used; /* guest-physical ring addresses */
    uint16_t size, avail_idx;
};

struct vdrv {
    struct bus *bus;
    uint64_t base; /* the device's MMIO window */
    uint8_t *ram;  /* host view of guest RAM at ram_base */
    uint64_t ram_base;
    struct vdrv_queue q[VDRV_MAX_QUEUES];
};

/* A driver for the device at base on bus, after adding ram_size bytes of
 * guest RAM at ram_base to the bus. */
static inline void vdrv_attach(struct vdrv *d, struct bus *bus, uint64_t base, uint64_t ram_base,
                               uint64_t ram_size)
{
    assert_int_equal(bus_add_ram(bus, "ram", ram_base, ram_size), 0);
    *d = (struct vdrv){.bus = bus, .base = base, .ram_base = ram_base};
    d->ram = bus_host_ptr(bus, ram_base, ram_size, true);
    assert_non_null(d->ram);
}

static inline uint32_t vdrv_rd(const struct vdrv *d, unsigned reg)
{
    return fixture_read32(d->bus, d->base + reg);
}

static inline void vdrv_wr(const struct vdrv *d, unsigned reg, uint32_t v)
{
    fixture_write32(d->bus, d->base + reg, v);
}

static inline void vdrv_wr64(const struct vdrv *d, unsigned reg, uint64_t v)
{
    vdrv_wr(d, reg, (uint32_t)v);
    vdrv_wr(d, reg + 4, (uint32_t)(v >> 32));
}

static inline uint8_t *vdrv_gpa(const struct vdrv *d, uint64_t a)
{
    return d->ram + (a - d->ram_base);
}

static inline uint64_t vdrv_device_features(const struct vdrv *d)
{
    vdrv_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint64_t lo = vdrv_rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
    vdrv_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    return lo | (uint64_t)vdrv_rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
}

/* Reset, acknowledge, accept `features` (VERSION_1 must be offered and
 * among them) and check that FEATURES_OK stuck. */
static inline void vdrv_negotiate(const struct vdrv *d, uint64_t features)
{
    vdrv_wr(d, VIRTIO_MMIO_STATUS, 0);
    vdrv_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    vdrv_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    assert_true(vdrv_device_features(d) & 1ull << VIRTIO_F_VERSION_1);
    assert_true(features & 1ull << VIRTIO_F_VERSION_1);
    vdrv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    vdrv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
    vdrv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    vdrv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
    vdrv_wr(d, VIRTIO_MMIO_STATUS,
            VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    assert_true(vdrv_rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
}

/* Queue q with `size` entries: rings at desc, avail and used (cleared),
 * made ready. */
static inline void vdrv_queue_init(struct vdrv *d, unsigned q, uint16_t size, uint64_t desc,
                                   uint64_t avail, uint64_t used)
{
    assert_true(q < VDRV_MAX_QUEUES);
    d->q[q] = (struct vdrv_queue){.desc = desc, .avail = avail, .used = used, .size = size};
    memset(vdrv_gpa(d, desc), 0, 16u * size);
    memset(vdrv_gpa(d, avail), 0, 6u + 2u * size);
    memset(vdrv_gpa(d, used), 0, 6u + 8u * size);
    vdrv_wr(d, VIRTIO_MMIO_QUEUE_SEL, q);
    assert_true(vdrv_rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX) >= size);
    vdrv_wr(d, VIRTIO_MMIO_QUEUE_NUM, size);
    vdrv_wr64(d, VIRTIO_MMIO_QUEUE_DESC_LOW, desc);
    vdrv_wr64(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, avail);
    vdrv_wr64(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, used);
    vdrv_wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
}

/* DRIVER_OK, checking the whole status reads back. */
static inline void vdrv_driver_ok(const struct vdrv *d)
{
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
                  VIRTIO_STATUS_DRIVER_OK;
    vdrv_wr(d, VIRTIO_MMIO_STATUS, st);
    assert_int_equal(vdrv_rd(d, VIRTIO_MMIO_STATUS), st);
}

/* Descriptor i of queue q (2.7.5), little-endian like the host. */
static inline void vdrv_desc_set(const struct vdrv *d, unsigned q, unsigned i, uint64_t addr,
                                 uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t *p = vdrv_gpa(d, d->q[q].desc + 16u * i);
    memcpy(p, &addr, 8);
    memcpy(p + 8, &len, 4);
    memcpy(p + 12, &flags, 2);
    memcpy(p + 14, &next, 2);
}

/* Put the chain at head in queue q's available ring (2.7.13), no kick. */
static inline void vdrv_make_available(struct vdrv *d, unsigned q, uint16_t head)
{
    struct vdrv_queue *vq = &d->q[q];
    uint8_t *avail = vdrv_gpa(d, vq->avail);
    memcpy(avail + 4 + 2 * (vq->avail_idx % vq->size), &head, 2);
    vq->avail_idx++;
    __atomic_store_n((uint16_t *)(avail + 2), vq->avail_idx, __ATOMIC_RELEASE);
}

/* Make the chain at head available and kick queue q. */
static inline void vdrv_offer(struct vdrv *d, unsigned q, uint16_t head)
{
    vdrv_make_available(d, q, head);
    vdrv_wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

static inline uint16_t vdrv_used_idx(const struct vdrv *d, unsigned q)
{
    return __atomic_load_n((uint16_t *)(vdrv_gpa(d, d->q[q].used) + 2), __ATOMIC_ACQUIRE);
}

/* Used ring entry k of queue q (2.7.8): the head's id and the bytes written. */
static inline void vdrv_used_elem(const struct vdrv *d, unsigned q, unsigned k, uint32_t *id,
                                  uint32_t *len)
{
    const struct vdrv_queue *vq = &d->q[q];
    uint8_t *u = vdrv_gpa(d, vq->used + 4 + 8u * (k % vq->size));
    memcpy(id, u, 4);
    memcpy(len, u + 4, 4);
}

#endif
