/* SPDX-License-Identifier: MIT */
/* virtio-mmio version 2 transport (virtio 1.2, 4.2): the register file,
 * feature negotiation, device status, the interrupt and the device-tree node.
 * The rings themselves live in hw/virtqueue.c. Device callbacks run after
 * the lock is dropped, on the hart thread that wrote the register. */
#include "virtio_impl.h"
#include "mem/bus.h"
#include "util/fdt.h"
#include "util/log.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976u /* "virt" */
#define VIRTIO_MMIO_VENDOR      0x554d4551u /* "QEMU": what drivers expect to see */

/* What a register write asks of the device once the lock is dropped. */
enum virtio_action { VIRTIO_ACT_NONE, VIRTIO_ACT_NOTIFY, VIRTIO_ACT_DRIVER_OK, VIRTIO_ACT_RESET };

/* ---- Status and interrupt, lock held ---- */

bool virtio_dev_running_locked(const struct virtio_dev *d)
{
    return (d->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_NEEDS_RESET)) ==
           VIRTIO_STATUS_DRIVER_OK;
}

static void virtio_update_irq(struct virtio_dev *d)
{
    bool level = d->isr != 0;
    if (level == d->irq_level)
        return;
    d->irq_level = level;
    irq_set(&d->irq, level);
}

void virtio_dev_interrupt_locked(struct virtio_dev *d, uint32_t why)
{
    d->isr |= why;
    virtio_update_irq(d);
}

static void virtio_set_status(struct virtio_dev *d, uint32_t status)
{
    __atomic_store_n(&d->status, status, __ATOMIC_RELEASE);
}

/* 2.1.2: a device that set NEEDS_RESET after DRIVER_OK must send a
 * configuration change notification. */
void virtio_dev_fail_locked(struct virtio_dev *d, const char *why)
{
    log_guest_error("%s: %s; device needs reset", d->ops.name, why);
    if (d->status & VIRTIO_STATUS_NEEDS_RESET)
        return;
    virtio_set_status(d, d->status | VIRTIO_STATUS_NEEDS_RESET);
    if (d->status & VIRTIO_STATUS_DRIVER_OK)
        virtio_dev_interrupt_locked(d, VIRTIO_INT_CONFIG);
}

static void virtio_reset_locked(struct virtio_dev *d)
{
    virtio_set_status(d, 0);
    __atomic_store_n(&d->features, 0, __ATOMIC_RELAXED);
    d->driver_features = 0;
    d->dev_features_sel = d->drv_features_sel = d->queue_sel = 0;
    d->isr = 0;
    virtio_update_irq(d);
    for (unsigned i = 0; i < d->ops.num_queues; i++)
        virtq_reset(&d->queues[i]);
}

/* ---- Features and status (virtio 1.2, 2.1, 3.1.1) ---- */

static bool virtio_features_acceptable(struct virtio_dev *d)
{
    uint64_t extra = d->driver_features & ~d->host_features;
    if (extra) {
        log_guest_error("%s: driver accepted features 0x%llx that were not offered", d->ops.name,
                        (unsigned long long)extra);
        return false;
    }
    /* 6.1: a device without legacy support refuses a driver lacking VERSION_1. */
    if (!(d->driver_features >> VIRTIO_F_VERSION_1 & 1)) {
        log_guest_error("%s: driver did not accept VIRTIO_F_VERSION_1", d->ops.name);
        return false;
    }
    return true;
}

/* Bits only ever get set; writing 0 resets (4.2.2 Status). */
static enum virtio_action virtio_write_status(struct virtio_dev *d, uint32_t v)
{
    if (v == 0) {
        virtio_reset_locked(d);
        return VIRTIO_ACT_RESET;
    }
    uint32_t old = d->status;
    if (old & ~v & ~(uint32_t)VIRTIO_STATUS_NEEDS_RESET)
        log_guest_error("%s: Status bits 0x%x can only be cleared by a reset", d->ops.name,
                        old & ~v);
    uint32_t set = v & ~old & ~(uint32_t)VIRTIO_STATUS_NEEDS_RESET;
    if ((set & VIRTIO_STATUS_FEATURES_OK) && !virtio_features_acceptable(d))
        set &= ~(uint32_t)VIRTIO_STATUS_FEATURES_OK;
    if ((set & VIRTIO_STATUS_DRIVER_OK) && !((old | set) & VIRTIO_STATUS_FEATURES_OK)) {
        log_guest_error("%s: DRIVER_OK without FEATURES_OK", d->ops.name);
        set &= ~(uint32_t)VIRTIO_STATUS_DRIVER_OK;
    }
    if (set & VIRTIO_STATUS_FEATURES_OK)
        __atomic_store_n(&d->features, d->driver_features, __ATOMIC_RELAXED);
    virtio_set_status(d, old | set);
    return (set & VIRTIO_STATUS_DRIVER_OK) ? VIRTIO_ACT_DRIVER_OK : VIRTIO_ACT_NONE;
}

static void virtio_write_driver_features(struct virtio_dev *d, uint32_t v)
{
    if (d->status & VIRTIO_STATUS_FEATURES_OK) {
        log_guest_error("%s: DriverFeatures written after FEATURES_OK", d->ops.name);
        return;
    }
    if (d->drv_features_sel > 1) {
        if (v)
            log_guest_error("%s: DriverFeatures word %u: no such features", d->ops.name,
                            d->drv_features_sel);
        return;
    }
    unsigned shift = 32 * d->drv_features_sel;
    d->driver_features = (d->driver_features & ~(0xffffffffull << shift)) | (uint64_t)v << shift;
}

static uint32_t virtio_read_device_features(const struct virtio_dev *d)
{
    return d->dev_features_sel > 1 ? 0 : (uint32_t)(d->host_features >> (32 * d->dev_features_sel));
}

/* ---- Queue registers ---- */

static struct virtq *virtio_selected_queue(struct virtio_dev *d)
{
    if (d->queue_sel < d->ops.num_queues)
        return &d->queues[d->queue_sel];
    log_guest_error("%s: queue register written with QueueSel %u: no such queue", d->ops.name,
                    d->queue_sel);
    return NULL;
}

static void virtio_set_half(uint64_t *reg, bool high, uint32_t v)
{
    unsigned shift = high ? 32 : 0;
    *reg = (*reg & ~(0xffffffffull << shift)) | (uint64_t)v << shift;
}

static void virtio_write_queue_ready(struct virtq *q, uint32_t v)
{
    if (v && !q->ready)
        virtq_start(q);
    else if (!v && q->ready)
        virtq_stop(q);
}

/* 4.2.2.3: QueueNum and the area addresses are frozen while QueueReady is 1. */
static void virtio_write_queue_reg(struct virtio_dev *d, uint64_t off, uint32_t v)
{
    struct virtq *q = virtio_selected_queue(d);
    if (!q)
        return;
    if (off == VIRTIO_MMIO_QUEUE_READY) {
        virtio_write_queue_ready(q, v);
        return;
    }
    if (q->ready) {
        log_guest_error("%s: queue %u: register 0x%llx written while the queue is ready",
                        d->ops.name, q->index, (unsigned long long)off);
        return;
    }
    switch (off) {
    case VIRTIO_MMIO_QUEUE_NUM: q->num = v; break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH: virtio_set_half(&q->desc_gpa, off & 4, v); break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: virtio_set_half(&q->avail_gpa, off & 4, v); break;
    default: virtio_set_half(&q->used_gpa, off & 4, v); break;
    }
}

static bool virtio_is_queue_reg(uint64_t off)
{
    return off == VIRTIO_MMIO_QUEUE_NUM || off == VIRTIO_MMIO_QUEUE_READY ||
           (off >= VIRTIO_MMIO_QUEUE_DESC_LOW && off <= VIRTIO_MMIO_QUEUE_DEVICE_HIGH &&
            (off & 0xf) <= 4);
}

static enum virtio_action virtio_notify_queue(struct virtio_dev *d, uint32_t v)
{
    if (v < d->ops.num_queues && d->queues[v].ready)
        return VIRTIO_ACT_NOTIFY;
    log_guest_error("%s: QueueNotify for queue %u, which is not ready", d->ops.name, v);
    return VIRTIO_ACT_NONE;
}

/* ---- Register access ---- */

static enum virtio_action virtio_write_locked(struct virtio_dev *d, uint64_t off, uint32_t v)
{
    if (virtio_is_queue_reg(off)) {
        virtio_write_queue_reg(d, off, v);
        return VIRTIO_ACT_NONE;
    }
    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: d->dev_features_sel = v; break;
    case VIRTIO_MMIO_DRIVER_FEATURES: virtio_write_driver_features(d, v); break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: d->drv_features_sel = v; break;
    case VIRTIO_MMIO_QUEUE_SEL: d->queue_sel = v; break;
    case VIRTIO_MMIO_QUEUE_NOTIFY: return virtio_notify_queue(d, v);
    case VIRTIO_MMIO_INTERRUPT_ACK:
        d->isr &= ~v;
        virtio_update_irq(d);
        break;
    case VIRTIO_MMIO_STATUS: return virtio_write_status(d, v);
    default:
        log_guest_error("%s: write to read-only or unassigned offset 0x%llx", d->ops.name,
                        (unsigned long long)off);
    }
    return VIRTIO_ACT_NONE;
}

static uint32_t virtio_read_queue_reg(struct virtio_dev *d, uint64_t off)
{
    if (d->queue_sel >= d->ops.num_queues)
        return 0; /* QueueNumMax 0: no such queue */
    const struct virtq *q = &d->queues[d->queue_sel];
    return off == VIRTIO_MMIO_QUEUE_NUM_MAX ? d->ops.queue_max : q->ready;
}

static uint32_t virtio_read_locked(struct virtio_dev *d, uint64_t off)
{
    switch (off) {
    case VIRTIO_MMIO_MAGIC: return VIRTIO_MMIO_MAGIC_VALUE;
    case VIRTIO_MMIO_VERSION: return 2;
    case VIRTIO_MMIO_DEVICE_ID: return d->ops.device_id;
    case VIRTIO_MMIO_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
    case VIRTIO_MMIO_DEVICE_FEATURES: return virtio_read_device_features(d);
    case VIRTIO_MMIO_QUEUE_NUM_MAX:
    case VIRTIO_MMIO_QUEUE_READY: return virtio_read_queue_reg(d, off);
    case VIRTIO_MMIO_INTERRUPT_STATUS: return d->isr;
    case VIRTIO_MMIO_STATUS: return d->status;
    case VIRTIO_MMIO_CONFIG_GENERATION: return d->config_gen;
    default:
        log_guest_error("%s: read from write-only or unassigned offset 0x%llx", d->ops.name,
                        (unsigned long long)off);
        return 0;
    }
}

/* Configuration space: 8, 16 and 32-bit accesses (4.2.2.2), handed to the
 * device. Returns false (guest error logged) outside it. */
static bool virtio_config_range(const struct virtio_dev *d, uint64_t off, unsigned size)
{
    if (off + size <= d->ops.config_size)
        return true;
    log_guest_error("%s: config access at 0x%llx+%u beyond its %u bytes", d->ops.name,
                    (unsigned long long)off, size, d->ops.config_size);
    return false;
}

static uint64_t virtio_config_read(struct virtio_dev *d, uint64_t off, unsigned size)
{
    uint8_t buf[4] = {0};
    if (virtio_config_range(d, off, size) && d->ops.config_read)
        d->ops.config_read(d->opaque, (uint32_t)off, buf, size);
    uint32_t v;
    memcpy(&v, buf, sizeof(v)); /* little-endian host, as bus.c */
    return v;
}

static void virtio_config_write(struct virtio_dev *d, uint64_t off, uint64_t v, unsigned size)
{
    uint32_t v32 = (uint32_t)v;
    if (virtio_config_range(d, off, size) && d->ops.config_write)
        d->ops.config_write(d->opaque, (uint32_t)off, &v32, size);
}

static bool virtio_reg_size_ok(const struct virtio_dev *d, uint64_t off, unsigned size)
{
    if (size == 4)
        return true;
    log_guest_error("%s: %u-byte access to register 0x%llx (4.2.2.2: 32-bit only)", d->ops.name,
                    size, (unsigned long long)off);
    return false;
}

static uint64_t virtio_mmio_read(void *opaque, uint64_t off, unsigned size)
{
    struct virtio_dev *d = opaque;
    if (off >= VIRTIO_MMIO_CONFIG)
        return virtio_config_read(d, off - VIRTIO_MMIO_CONFIG, size);
    if (!virtio_reg_size_ok(d, off, size))
        return 0;
    pthread_mutex_lock(&d->lock);
    uint32_t v = virtio_read_locked(d, off);
    pthread_mutex_unlock(&d->lock);
    return v;
}

static void virtio_mmio_write(void *opaque, uint64_t off, uint64_t value, unsigned size)
{
    struct virtio_dev *d = opaque;
    if (off >= VIRTIO_MMIO_CONFIG) {
        virtio_config_write(d, off - VIRTIO_MMIO_CONFIG, value, size);
        return;
    }
    if (!virtio_reg_size_ok(d, off, size))
        return;
    pthread_mutex_lock(&d->lock);
    enum virtio_action act = virtio_write_locked(d, off, (uint32_t)value);
    pthread_mutex_unlock(&d->lock);
    switch (act) {
    case VIRTIO_ACT_NOTIFY:
        if (d->ops.notify)
            d->ops.notify(d->opaque, (uint32_t)value);
        break;
    case VIRTIO_ACT_DRIVER_OK:
        if (d->ops.driver_ok)
            d->ops.driver_ok(d->opaque);
        break;
    case VIRTIO_ACT_RESET:
        if (d->ops.reset)
            d->ops.reset(d->opaque);
        break;
    case VIRTIO_ACT_NONE: break;
    }
}

/* ---- Public interface ---- */

static bool virtio_ops_valid(const struct virtio_device_ops *ops)
{
    unsigned m = ops->queue_max;
    if (ops->num_queues == 0 || ops->num_queues > VIRTIO_MAX_QUEUES || m == 0 ||
        m > VIRTQ_MAX_SIZE || (m & (m - 1)) ||
        ops->config_size > VIRTIO_MMIO_SIZE - VIRTIO_MMIO_CONFIG) {
        log_error("%s: bad virtio device description (queues %u, size %u, config %u bytes)",
                  ops->name, ops->num_queues, m, ops->config_size);
        return false;
    }
    return true;
}

struct virtio_dev *virtio_mmio_create(struct bus *b, uint64_t base, const struct irq_line *irq,
                                      const struct virtio_device_ops *ops, void *opaque)
{
    if (!virtio_ops_valid(ops))
        return NULL;
    struct virtio_dev *d = util_calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    pthread_mutex_init(&d->lock, NULL);
    d->bus = b;
    d->base = base;
    d->irq = *irq;
    d->ops = *ops;
    d->opaque = opaque;
    d->host_features = ops->features | 1ull << VIRTIO_F_VERSION_1 |
                       1ull << VIRTIO_F_RING_INDIRECT_DESC | 1ull << VIRTIO_F_RING_EVENT_IDX;
    for (unsigned i = 0; i < ops->num_queues; i++)
        virtq_init(&d->queues[i], d, i);
    struct bus_device dev = {
        .name = ops->name,
        .base = base,
        .size = VIRTIO_MMIO_SIZE,
        .min_access = 1,
        .max_access = 4,
        .read = virtio_mmio_read,
        .write = virtio_mmio_write,
        .opaque = d,
    };
    if (bus_add_device(b, &dev) < 0) {
        virtio_mmio_free(d);
        return NULL;
    }
    return d;
}

void virtio_mmio_free(struct virtio_dev *d)
{
    if (!d)
        return;
    pthread_mutex_destroy(&d->lock);
    free(d);
}

void virtio_mmio_reset(struct virtio_dev *d)
{
    pthread_mutex_lock(&d->lock);
    virtio_reset_locked(d);
    pthread_mutex_unlock(&d->lock);
    if (d->ops.reset)
        d->ops.reset(d->opaque);
}

int virtio_mmio_fdt(struct virtio_dev *d, struct fdt *f, uint32_t plic_phandle)
{
    const uint64_t reg[] = {d->base, VIRTIO_MMIO_SIZE};
    char name[FDT_NAME_MAX + 1];
    snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)d->base);
    fdt_begin_node(f, name);
    fdt_prop_u32(f, "interrupts", d->irq.num);
    fdt_prop_u32(f, "interrupt-parent", plic_phandle);
    fdt_prop_u64s(f, "reg", reg, 2);
    fdt_prop_string(f, "compatible", "virtio,mmio");
    return fdt_end_node(f);
}

uint64_t virtio_dev_features(const struct virtio_dev *d)
{
    return __atomic_load_n(&d->features, __ATOMIC_RELAXED);
}

bool virtio_dev_running(const struct virtio_dev *d)
{
    uint32_t s = __atomic_load_n(&d->status, __ATOMIC_ACQUIRE);
    return (s & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_NEEDS_RESET)) == VIRTIO_STATUS_DRIVER_OK;
}

void virtio_dev_config_changed(struct virtio_dev *d)
{
    pthread_mutex_lock(&d->lock);
    d->config_gen++;
    if (d->status & VIRTIO_STATUS_DRIVER_OK)
        virtio_dev_interrupt_locked(d, VIRTIO_INT_CONFIG);
    pthread_mutex_unlock(&d->lock);
}

void virtio_dev_needs_reset(struct virtio_dev *d, const char *why)
{
    pthread_mutex_lock(&d->lock);
    virtio_dev_fail_locked(d, why);
    pthread_mutex_unlock(&d->lock);
}

struct virtq *virtio_dev_queue(struct virtio_dev *d, unsigned q)
{
    return q < d->ops.num_queues ? &d->queues[q] : NULL;
}
