/* SPDX-License-Identifier: MIT */
/* Split virtqueues (virtio 1.2, 2.7): ring checks at QueueReady, popping
 * descriptor chains into host iovecs, the used ring, and notification
 * suppression. Guest RAM is shared with running harts: ring indices use
 * acquire/release atomics, and each descriptor is copied once, then checked. */
#include "virtio_impl.h"
#include "mem/bus.h"
#include "util/log.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Ring fields are little-endian (virtio 1.2, 2.7); so is every supported host. */
STATIC_ASSERT(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "virtqueues assume a little-endian host");

/* Byte offsets in the available and used rings (virtio 1.2, 2.7.6, 2.7.8). */
enum {
    VIRTQ_RING_FLAGS = 0,
    VIRTQ_RING_IDX = 2,
    VIRTQ_RING_ENTRIES = 4,
    VIRTQ_DESC_SIZE = 16,
    VIRTQ_AVAIL_ENTRY = 2,
    VIRTQ_USED_ENTRY = 8,
};

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
STATIC_ASSERT(sizeof(struct virtq_desc) == VIRTQ_DESC_SIZE, "virtq_desc layout");

static uint16_t vq_load16(const uint8_t *p, int order)
{
    return __atomic_load_n((const uint16_t *)(const void *)p, order);
}

static void vq_store16(uint8_t *p, uint16_t v, int order)
{
    __atomic_store_n((uint16_t *)(void *)p, v, order);
}

static void vq_store32(uint8_t *p, uint32_t v)
{
    __atomic_store_n((uint32_t *)(void *)p, v, __ATOMIC_RELAXED);
}

static bool vq_has(const struct virtq *q, unsigned bit) { return (q->dev->features >> bit) & 1; }

/* used_event sits after the available ring, avail_event after the used ring. */
static uint8_t *vq_used_event(const struct virtq *q)
{
    return q->avail + VIRTQ_RING_ENTRIES + VIRTQ_AVAIL_ENTRY * q->num;
}

static uint8_t *vq_avail_event(const struct virtq *q)
{
    return q->used + VIRTQ_RING_ENTRIES + VIRTQ_USED_ENTRY * q->num;
}

void virtq_init(struct virtq *q, struct virtio_dev *d, unsigned index)
{
    memset(q, 0, sizeof(*q));
    q->dev = d;
    q->index = index;
    q->num = d->ops.queue_max;
}

/* ---- Queue setup ---- */

/* One ring area: aligned (virtio 1.2, 2.7 table) and inside one RAM region. */
static uint8_t *vq_area(struct virtq *q, const char *what, uint64_t gpa, uint64_t size,
                        uint64_t align)
{
    uint8_t *p = NULL;
    if (!(gpa & (align - 1)) && gpa + size > gpa)
        p = bus_host_ptr(q->dev->bus, gpa, size, true);
    if (!p || ((uintptr_t)p & (align - 1))) {
        log_guest_error("%s: queue %u: %s area 0x%llx+0x%llx is misaligned or not in RAM",
                        q->dev->ops.name, q->index, what, (unsigned long long)gpa,
                        (unsigned long long)size);
        return NULL;
    }
    return p;
}

int virtq_start(struct virtq *q)
{
    uint32_t n = q->num;
    /* Split rings: a power of two (virtio 1.2, 2.7), at most QueueNumMax (4.2.2.2). */
    if (n == 0 || n > q->dev->ops.queue_max || (n & (n - 1))) {
        log_guest_error("%s: queue %u: QueueNum %u is not a power of two in 1..%u",
                        q->dev->ops.name, q->index, n, q->dev->ops.queue_max);
        return -1;
    }
    q->desc = vq_area(q, "descriptor", q->desc_gpa, VIRTQ_DESC_SIZE * n, 16);
    q->avail = vq_area(q, "driver", q->avail_gpa, 6 + VIRTQ_AVAIL_ENTRY * n, 2);
    q->used = vq_area(q, "device", q->used_gpa, 6 + VIRTQ_USED_ENTRY * n, 4);
    if (!q->desc || !q->avail || !q->used)
        return -1;
    q->last_avail = q->used_idx = q->signalled_used = 0;
    q->notify_off = false;
    q->ready = true;
    return 0;
}

void virtq_stop(struct virtq *q)
{
    q->ready = false;
    q->desc = q->avail = q->used = NULL;
    q->gen++;
}

void virtq_reset(struct virtq *q)
{
    virtq_stop(q);
    q->num = q->dev->ops.queue_max;
    q->desc_gpa = q->avail_gpa = q->used_gpa = 0;
}

/* ---- Popping a chain ---- */

/* The driver broke the ring protocol: the device needs a reset. Returns -1. */
static int PRINTF_LIKE(2, 3) vq_malformed(struct virtq *q, const char *fmt, ...)
{
    char why[160];
    int n = snprintf(why, sizeof(why), "queue %u: ", q->index);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why + n, sizeof(why) - (size_t)n, fmt, ap);
    va_end(ap);
    virtio_dev_fail_locked(q->dev, why);
    return -1;
}

static int vq_add_segment(struct virtq *q, struct virtq_elem *e, const struct virtq_desc *dsc)
{
    bool in = dsc->flags & VIRTQ_DESC_F_WRITE;
    unsigned long long addr = dsc->addr, len = dsc->len;
    if (len == 0)
        return vq_malformed(q, "zero-length buffer at 0x%llx", addr);
    if (addr + len < addr)
        return vq_malformed(q, "buffer 0x%llx+0x%llx wraps around", addr, len);
    /* 2.7.4.2: device-writable descriptors come after all device-readable ones. */
    if (!in && e->nin)
        return vq_malformed(q, "device-readable buffer 0x%llx after a writable one", addr);
    if (e->nout + e->nin == VIRTQ_MAX_SEGS)
        return vq_malformed(q, "chain has more than %u buffers", VIRTQ_MAX_SEGS);
    /* 2.7.5.1: a chain is at most 2^32 bytes. */
    if (e->out_len + e->in_len + len > UINT32_MAX)
        return vq_malformed(q, "chain is longer than 4 GiB");
    void *p = bus_host_ptr(q->dev->bus, addr, len, true);
    if (!p)
        return vq_malformed(q, "buffer 0x%llx+0x%llx is not in RAM", addr, len);
    struct iovec v = {.iov_base = p, .iov_len = (size_t)len};
    if (in) {
        e->in_gpa[e->nin] = addr;
        e->in[e->nin++] = v;
        e->in_len += len;
    } else {
        e->out[e->nout++] = v;
        e->out_len += len;
    }
    return 0;
}

/* 2.7.5.3: an indirect table holds one chain, linked by next, without
 * further INDIRECT descriptors. */
static int vq_walk_indirect(struct virtq *q, struct virtq_elem *e, const struct virtq_desc *ind)
{
    unsigned long long addr = ind->addr, len = ind->len;
    if (!vq_has(q, VIRTIO_F_RING_INDIRECT_DESC))
        return vq_malformed(q, "indirect descriptor without VIRTIO_F_INDIRECT_DESC");
    if (ind->flags & VIRTQ_DESC_F_NEXT)
        return vq_malformed(q, "descriptor has both INDIRECT and NEXT");
    if (len == 0 || len % VIRTQ_DESC_SIZE)
        return vq_malformed(q, "indirect table length 0x%llx is not a multiple of 16", len);
    const uint8_t *table = addr + len > addr ? bus_host_ptr(q->dev->bus, addr, len, true) : NULL;
    if (!table)
        return vq_malformed(q, "indirect table 0x%llx+0x%llx is not in RAM", addr, len);
    uint32_t n = (uint32_t)(len / VIRTQ_DESC_SIZE), i = 0;
    for (uint32_t count = 1;; count++) {
        struct virtq_desc dsc;
        if (i >= n)
            return vq_malformed(q, "indirect index %u beyond the table's %u entries", i, n);
        if (count > n)
            return vq_malformed(q, "indirect chain at 0x%llx loops", addr);
        memcpy(&dsc, table + (uint64_t)i * VIRTQ_DESC_SIZE, sizeof(dsc));
        if (dsc.flags & VIRTQ_DESC_F_INDIRECT)
            return vq_malformed(q, "nested indirect descriptor");
        if (vq_add_segment(q, e, &dsc) < 0)
            return -1;
        if (!(dsc.flags & VIRTQ_DESC_F_NEXT))
            return 0;
        i = dsc.next;
    }
}

/* Direct descriptors, possibly ending in one indirect one (2.7.5.3.2). */
static int vq_walk_chain(struct virtq *q, struct virtq_elem *e, uint16_t head)
{
    unsigned i = head;
    for (unsigned count = 1;; count++) {
        struct virtq_desc dsc;
        if (i >= q->num)
            return vq_malformed(q, "descriptor index %u out of range (size %u)", i, q->num);
        if (count > q->num)
            return vq_malformed(q, "chain from head %u is longer than the queue", head);
        memcpy(&dsc, q->desc + (uint64_t)i * VIRTQ_DESC_SIZE, sizeof(dsc));
        if (dsc.flags & VIRTQ_DESC_F_INDIRECT)
            return vq_walk_indirect(q, e, &dsc);
        if (vq_add_segment(q, e, &dsc) < 0)
            return -1;
        if (!(dsc.flags & VIRTQ_DESC_F_NEXT))
            return 0;
        i = dsc.next;
    }
}

static int vq_pop_locked(struct virtq *q, struct virtq_elem *e)
{
    if (!q->ready || !virtio_dev_running_locked(q->dev))
        return 0;
    uint16_t avail = vq_load16(q->avail + VIRTQ_RING_IDX, __ATOMIC_ACQUIRE);
    uint16_t pending = (uint16_t)(avail - q->last_avail);
    if (pending == 0)
        return 0;
    if (pending > q->num)
        return vq_malformed(q, "available index moved %u past the %u entries", pending, q->num);
    unsigned slot = q->last_avail & (q->num - 1);
    uint16_t head =
        vq_load16(q->avail + VIRTQ_RING_ENTRIES + VIRTQ_AVAIL_ENTRY * slot, __ATOMIC_RELAXED);
    e->head = head;
    e->gen = q->gen;
    e->nout = e->nin = 0;
    e->out_len = e->in_len = 0;
    if (vq_walk_chain(q, e, head) < 0)
        return -1;
    q->last_avail++;
    /* 2.7.10: ask for a kick when the driver makes the next chain available. */
    if (vq_has(q, VIRTIO_F_RING_EVENT_IDX) && !q->notify_off)
        vq_store16(vq_avail_event(q), q->last_avail, __ATOMIC_RELAXED);
    return 1;
}

int virtq_pop(struct virtq *q, struct virtq_elem *e)
{
    pthread_mutex_lock(&q->dev->lock);
    int r = vq_pop_locked(q, e);
    pthread_mutex_unlock(&q->dev->lock);
    return r;
}

/* ---- Returning a chain ---- */

/* Tell the bus (JIT, watches) about the first len bytes of the in segments. */
static void vq_note_in_writes(struct virtq *q, const struct virtq_elem *e, uint64_t len)
{
    for (unsigned i = 0; i < e->nin && len; i++) {
        uint64_t n = e->in[i].iov_len < len ? e->in[i].iov_len : len;
        bus_notify_write(q->dev->bus, e->in_gpa[i], n);
        len -= n;
    }
}

static bool vq_live(const struct virtq *q, const struct virtq_elem *e)
{
    return q->ready && e->gen == q->gen && virtio_dev_running_locked(q->dev);
}

void virtq_push(struct virtq *q, const struct virtq_elem *e, uint32_t len)
{
    if (len > e->in_len)
        len = (uint32_t)e->in_len;
    /* Before the used index publishes the data: the JIT must drop stale code first. */
    vq_note_in_writes(q, e, len);
    struct virtio_dev *d = q->dev;
    pthread_mutex_lock(&d->lock);
    if (!vq_live(q, e)) {
        pthread_mutex_unlock(&d->lock);
        return;
    }
    unsigned slot = q->used_idx & (q->num - 1);
    uint8_t *elem = q->used + VIRTQ_RING_ENTRIES + VIRTQ_USED_ENTRY * slot;
    vq_store32(elem, e->head);
    vq_store32(elem + 4, len);
    q->used_idx++;
    /* 2.7.8.2: len is visible before idx. */
    vq_store16(q->used + VIRTQ_RING_IDX, q->used_idx, __ATOMIC_RELEASE);
    uint64_t used_gpa = q->used_gpa;
    pthread_mutex_unlock(&d->lock);
    bus_notify_write(d->bus, used_gpa + VIRTQ_RING_ENTRIES + VIRTQ_USED_ENTRY * slot,
                     VIRTQ_USED_ENTRY);
    bus_notify_write(d->bus, used_gpa + VIRTQ_RING_IDX, 2);
}

/* 2.7.7.2 and 2.7.10: did the driver ask for an interrupt for the entries
 * used since the last notification? */
static bool vq_wants_interrupt(struct virtq *q)
{
    uint16_t old = q->signalled_used, now = q->used_idx;
    q->signalled_used = now;
    if (old == now)
        return false;
    /* The used index store must be visible before we read the driver's wish. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!vq_has(q, VIRTIO_F_RING_EVENT_IDX))
        return !(vq_load16(q->avail + VIRTQ_RING_FLAGS, __ATOMIC_RELAXED) &
                 VIRTQ_AVAIL_F_NO_INTERRUPT);
    uint16_t event = vq_load16(vq_used_event(q), __ATOMIC_RELAXED);
    return (uint16_t)(now - event - 1) < (uint16_t)(now - old);
}

void virtq_notify(struct virtq *q)
{
    struct virtio_dev *d = q->dev;
    pthread_mutex_lock(&d->lock);
    if (q->ready && virtio_dev_running_locked(d) && vq_wants_interrupt(q))
        virtio_dev_interrupt_locked(d, VIRTIO_INT_USED);
    pthread_mutex_unlock(&d->lock);
}

/* ---- Available buffer notification suppression (2.7.10) ---- */

/* With event index, avail_event is simply no longer advanced by pops, so the
 * driver kicks at most once more; otherwise VIRTQ_USED_F_NO_NOTIFY. */
void virtq_disable_notify(struct virtq *q)
{
    pthread_mutex_lock(&q->dev->lock);
    if (q->ready) {
        q->notify_off = true;
        if (!vq_has(q, VIRTIO_F_RING_EVENT_IDX))
            vq_store16(q->used + VIRTQ_RING_FLAGS, VIRTQ_USED_F_NO_NOTIFY, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&q->dev->lock);
}

bool virtq_enable_notify(struct virtq *q)
{
    bool more = false;
    pthread_mutex_lock(&q->dev->lock);
    if (q->ready) {
        q->notify_off = false;
        if (vq_has(q, VIRTIO_F_RING_EVENT_IDX))
            vq_store16(vq_avail_event(q), q->last_avail, __ATOMIC_RELAXED);
        else
            vq_store16(q->used + VIRTQ_RING_FLAGS, 0, __ATOMIC_RELAXED);
        /* Publish the request before looking for chains that raced with it. */
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        more = vq_load16(q->avail + VIRTQ_RING_IDX, __ATOMIC_ACQUIRE) != q->last_avail &&
               virtio_dev_running_locked(q->dev);
    }
    pthread_mutex_unlock(&q->dev->lock);
    return more;
}

/* ---- Copy helpers ---- */

typedef void vq_copy_fn(void *seg, void *buf, uint64_t n);

static void vq_copy_from_seg(void *seg, void *buf, uint64_t n) { memcpy(buf, seg, n); }

static void vq_copy_to_seg(void *seg, void *buf, uint64_t n) { memcpy(seg, buf, n); }

static uint64_t vq_copy(const struct iovec *v, unsigned nv, uint64_t off, uint8_t *buf,
                        uint64_t len, vq_copy_fn *fn)
{
    uint64_t done = 0;
    for (unsigned i = 0; i < nv && done < len; i++) {
        if (off >= v[i].iov_len) {
            off -= v[i].iov_len;
            continue;
        }
        uint64_t n = v[i].iov_len - off;
        if (n > len - done)
            n = len - done;
        fn((uint8_t *)v[i].iov_base + off, buf + done, n);
        done += n;
        off = 0;
    }
    return done;
}

uint64_t virtq_elem_read(const struct virtq_elem *e, uint64_t off, void *buf, uint64_t len)
{
    return vq_copy(e->out, e->nout, off, buf, len, vq_copy_from_seg);
}

uint64_t virtq_elem_write(const struct virtq_elem *e, uint64_t off, const void *buf, uint64_t len)
{
    return vq_copy(e->in, e->nin, off, (uint8_t *)(uintptr_t)buf, len, vq_copy_to_seg);
}
