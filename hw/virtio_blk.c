/* SPDX-License-Identifier: MIT */
/* virtio-blk (virtio 1.2, 5.2). The transport's notify callback only wakes
 * the device's worker thread, which pops requests, checks them, does the I/O
 * on the element's iovecs and completes them. A full host disk pauses the
 * worker on the request until space returns. Lock: virtio_blk.lock guards
 * the worker's flags; no other lock is taken while holding it. */
#include "virtio_blk.h"
#include "block.h"
#include "virtio.h"
#include "mem/bus.h"
#include "util/log.h"
#include "util/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Feature bits (virtio 1.2, 5.2.3) */
enum {
    VIRTIO_BLK_F_SEG_MAX = 2,
    VIRTIO_BLK_F_RO = 5,
    VIRTIO_BLK_F_BLK_SIZE = 6,
    VIRTIO_BLK_F_FLUSH = 9,
    VIRTIO_BLK_F_DISCARD = 13,
    VIRTIO_BLK_F_WRITE_ZEROES = 14,
};

/* Request types and status values (virtio 1.2, 5.2.6) */
enum {
    VIRTIO_BLK_T_IN = 0,
    VIRTIO_BLK_T_OUT = 1,
    VIRTIO_BLK_T_FLUSH = 4,
    VIRTIO_BLK_T_GET_ID = 8,
    VIRTIO_BLK_T_DISCARD = 11,
    VIRTIO_BLK_T_WRITE_ZEROES = 13,
    VIRTIO_BLK_S_OK = 0,
    VIRTIO_BLK_S_IOERR = 1,
    VIRTIO_BLK_S_UNSUPP = 2,
    VBLK_ABANDONED = -1, /* reset or stop while waiting: no completion */
};

/* struct virtio_blk_config offsets (virtio 1.2, 5.2.4) */
enum {
    VBLK_CFG_CAPACITY = 0,
    VBLK_CFG_SEG_MAX = 12,
    VBLK_CFG_BLK_SIZE = 20,
    VBLK_CFG_MAX_DISCARD_SECTORS = 36,
    VBLK_CFG_MAX_DISCARD_SEG = 40,
    VBLK_CFG_DISCARD_ALIGN = 44,
    VBLK_CFG_MAX_WZ_SECTORS = 48,
    VBLK_CFG_MAX_WZ_SEG = 52,
    VBLK_CFG_WZ_MAY_UNMAP = 56,
    VBLK_CONFIG_SIZE = 60,
};

#define VBLK_QUEUE_SIZE      256
#define VBLK_SEG_MAX         (VBLK_QUEUE_SIZE - 2) /* data segments besides header and status */
#define VBLK_HDR_SIZE        16
#define VBLK_ID_BYTES        20
#define VBLK_SEGMENT_SIZE    16         /* struct virtio_blk_discard_write_zeroes */
#define VBLK_MAX_ZERO_SECTOR (1u << 22) /* 2 GiB per discard / write-zeroes segment */
#define VBLK_MAX_ZERO_SEGS   32
#define VBLK_DISCARD_ALIGN   8 /* sectors: the 4 KiB host block */
#define VBLK_FLAG_UNMAP      1u
#define VBLK_RETRY_NS        1000000000ll /* disk full: retry every second */

struct virtio_blk {
    struct virtio_dev *dev;
    struct block *blk;
    struct bus *bus;
    struct virtio_device_ops ops;
    uint8_t config[VBLK_CONFIG_SIZE];
    char id[VBLK_ID_BYTES + 1];
    pthread_mutex_t lock;
    pthread_cond_t wake; /* to the worker: kick, reset or stop */
    pthread_cond_t idle; /* from the worker: busy went false */
    pthread_t thread;
    bool thread_started;
    bool kick, stop, busy; /* under lock; stop is also read atomically */
    unsigned resets;       /* resets waiting for the worker; read atomically */
    bool disk_full;        /* worker only: "paused" was printed */
    virtio_blk_pause_fn *pause;
    void *pause_opaque;
    struct virtq_elem *elem; /* worker only: the request in hand */
    struct iovec *iov;       /* worker only: its data segments */
};

/* One modifying operation, re-run while the host disk is full. */
struct vblk_op {
    int type; /* VIRTIO_BLK_T_* */
    int n;    /* segments in v->iov (OUT) */
    uint64_t off, len;
    bool unmap;
};

static uint64_t le_get(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void le_put(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- the worker's view of stop and reset ---- */

static bool vblk_abandon(struct virtio_blk *v)
{
    return __atomic_load_n(&v->stop, __ATOMIC_ACQUIRE) ||
           __atomic_load_n(&v->resets, __ATOMIC_ACQUIRE);
}

/* Sleeps one retry interval; true if the request must be dropped. */
static bool vblk_wait_retry(struct virtio_blk *v)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += VBLK_RETRY_NS / 1000000000ll;
    pthread_mutex_lock(&v->lock);
    while (!vblk_abandon(v) && pthread_cond_timedwait(&v->wake, &v->lock, &t) != ETIMEDOUT)
        ;
    pthread_mutex_unlock(&v->lock);
    return vblk_abandon(v);
}

static int vblk_exec(struct virtio_blk *v, const struct vblk_op *op)
{
    switch (op->type) {
    case VIRTIO_BLK_T_OUT: return block_pwritev(v->blk, v->iov, op->n, op->off);
    case VIRTIO_BLK_T_FLUSH: return block_flush(v->blk);
    case VIRTIO_BLK_T_DISCARD: return block_discard(v->blk, op->off, op->len);
    default: return block_write_zeroes(v->blk, op->off, op->len, op->unmap);
    }
}

static void vblk_end_pause(struct virtio_blk *v)
{
    if (v->disk_full && v->pause)
        v->pause(v->pause_opaque, false);
    v->disk_full = false;
}

void virtio_blk_set_pause_hook(struct virtio_blk *v, virtio_blk_pause_fn *fn, void *opaque)
{
    v->pause = fn;
    v->pause_opaque = opaque;
}

/* Runs op until the host has room for it: no write is lost to a full disk.
 * Returns 0, -errno, or VBLK_ABANDONED. */
static int vblk_exec_retry(struct virtio_blk *v, const struct vblk_op *op)
{
    int r;
    while ((r = vblk_exec(v, op)) == -ENOSPC) {
        if (!v->disk_full) {
            log_error("%s: host disk full; guest disk I/O paused, retrying every second",
                      block_name(v->blk));
            if (v->pause)
                v->pause(v->pause_opaque, true);
        }
        v->disk_full = true;
        if (vblk_wait_retry(v)) {
            vblk_end_pause(v);
            return VBLK_ABANDONED;
        }
    }
    if (v->disk_full)
        log_error("%s: host disk has room again; guest disk I/O resumed", block_name(v->blk));
    vblk_end_pause(v);
    return r;
}

/* ---- requests ---- */

/* The len bytes at byte skip of src[0..n) as iovecs in dst. Returns the count. */
static int vblk_slice(const struct iovec *src, unsigned n, uint64_t skip, uint64_t len,
                      struct iovec *dst)
{
    int k = 0;
    for (unsigned i = 0; i < n && len; i++) {
        if (skip >= src[i].iov_len) {
            skip -= src[i].iov_len;
            continue;
        }
        uint64_t l = src[i].iov_len - skip;
        dst[k].iov_base = (uint8_t *)src[i].iov_base + skip;
        dst[k].iov_len = l < len ? l : len;
        len -= dst[k++].iov_len;
        skip = 0;
    }
    return k;
}

/* Sectors [sector, sector + n) lie on the disk (no overflow). */
static bool vblk_range_ok(const struct virtio_blk *v, uint64_t sector, uint64_t n)
{
    uint64_t cap = block_size(v->blk) / BLOCK_SECTOR_SIZE;
    return sector <= cap && n <= cap - sector;
}

static int vblk_status(int r)
{
    if (r == VBLK_ABANDONED)
        return r;
    return r ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

/* IN and OUT: the data follows the header (OUT) or precedes the status
 * byte (IN), whole sectors, nothing in the other direction. */
static int vblk_rw(struct virtio_blk *v, const struct virtq_elem *e, uint64_t sector, bool write)
{
    uint64_t len = write ? e->out_len - VBLK_HDR_SIZE : e->in_len - 1;
    bool shape_ok = write ? e->in_len == 1 : e->out_len == VBLK_HDR_SIZE;
    if (!shape_ok || len % BLOCK_SECTOR_SIZE ||
        !vblk_range_ok(v, sector, len / BLOCK_SECTOR_SIZE)) {
        log_guest_error("virtio-blk: bad %s request: sector %llu, %llu bytes",
                        write ? "write" : "read", (unsigned long long)sector,
                        (unsigned long long)len);
        return VIRTIO_BLK_S_IOERR;
    }
    if (write && block_readonly(v->blk))
        return VIRTIO_BLK_S_IOERR; /* 5.2.6.2: RO offered: IOERR, write nothing */
    uint64_t off = sector * BLOCK_SECTOR_SIZE;
    if (!write) {
        int n = vblk_slice(e->in, e->nin, 0, len, v->iov);
        return vblk_status(block_preadv(v->blk, v->iov, n, off));
    }
    struct vblk_op op = {VIRTIO_BLK_T_OUT, 0, off, len, false};
    op.n = vblk_slice(e->out, e->nout, VBLK_HDR_SIZE, len, v->iov);
    return vblk_status(vblk_exec_retry(v, &op));
}

/* 5.2.6: a NUL-padded string of up to 20 bytes; longer buffers get zeroes. */
static int vblk_get_id(struct virtio_blk *v, const struct virtq_elem *e)
{
    static const uint8_t zero[64];
    uint64_t len = e->in_len - 1;
    if (e->out_len != VBLK_HDR_SIZE || len == 0)
        return VIRTIO_BLK_S_IOERR;
    uint64_t pos = virtq_elem_write(e, 0, v->id, len < VBLK_ID_BYTES ? len : VBLK_ID_BYTES);
    while (pos < len)
        pos += virtq_elem_write(e, pos, zero, len - pos < sizeof(zero) ? len - pos : sizeof(zero));
    return VIRTIO_BLK_S_OK;
}

/* One discard / write-zeroes segment: the status it earns if bad, else -1. */
static int vblk_segment(struct virtio_blk *v, int type, const uint8_t *s, struct vblk_op *op)
{
    uint64_t sector = le_get(s, 8);
    uint32_t num = (uint32_t)le_get(s + 8, 4), flags = (uint32_t)le_get(s + 12, 4);
    /* 5.2.6.2: unknown flags, or unmap on a discard, are UNSUPP. */
    if ((flags & ~VBLK_FLAG_UNMAP) || (type == VIRTIO_BLK_T_DISCARD && flags))
        return VIRTIO_BLK_S_UNSUPP;
    if (num > VBLK_MAX_ZERO_SECTOR || !vblk_range_ok(v, sector, num))
        return VIRTIO_BLK_S_IOERR;
    *op = (struct vblk_op){type, 0, sector * BLOCK_SECTOR_SIZE, (uint64_t)num * BLOCK_SECTOR_SIZE,
                           flags & VBLK_FLAG_UNMAP};
    return -1;
}

/* DISCARD and WRITE_ZEROES: every segment is checked before any is done. */
static int vblk_zero(struct virtio_blk *v, const struct virtq_elem *e, int type)
{
    uint64_t len = e->out_len - VBLK_HDR_SIZE;
    unsigned nseg = (unsigned)(len / VBLK_SEGMENT_SIZE);
    if (e->in_len != 1 || !len || len % VBLK_SEGMENT_SIZE || nseg > VBLK_MAX_ZERO_SEGS)
        return VIRTIO_BLK_S_IOERR;
    if (block_readonly(v->blk))
        return VIRTIO_BLK_S_IOERR;
    uint8_t segs[VBLK_MAX_ZERO_SEGS][VBLK_SEGMENT_SIZE];
    struct vblk_op ops[VBLK_MAX_ZERO_SEGS];
    virtq_elem_read(e, VBLK_HDR_SIZE, segs, len);
    for (unsigned i = 0; i < nseg; i++) {
        int st = vblk_segment(v, type, segs[i], &ops[i]);
        if (st >= 0)
            return st;
    }
    for (unsigned i = 0; i < nseg; i++) {
        int r = vblk_exec_retry(v, &ops[i]);
        if (r)
            return vblk_status(r);
    }
    return VIRTIO_BLK_S_OK;
}

/* FLUSH carries no data; OK only once block_flush has succeeded. */
static int vblk_flush(struct virtio_blk *v, const struct virtq_elem *e)
{
    struct vblk_op op = {VIRTIO_BLK_T_FLUSH, 0, 0, 0, false};
    if (e->out_len != VBLK_HDR_SIZE || e->in_len != 1)
        return VIRTIO_BLK_S_IOERR;
    return vblk_status(vblk_exec_retry(v, &op));
}

/* The request in v->elem: its status, or VBLK_ABANDONED. */
static int vblk_request(struct virtio_blk *v)
{
    const struct virtq_elem *e = v->elem;
    uint8_t h[VBLK_HDR_SIZE];
    if (virtq_elem_read(e, 0, h, sizeof(h)) < sizeof(h))
        return VIRTIO_BLK_S_IOERR;
    uint32_t type = (uint32_t)le_get(h, 4);
    uint64_t sector = le_get(h + 8, 8);
    switch (type) {
    case VIRTIO_BLK_T_IN: return vblk_rw(v, e, sector, false);
    case VIRTIO_BLK_T_OUT: return vblk_rw(v, e, sector, true);
    case VIRTIO_BLK_T_FLUSH: return vblk_flush(v, e);
    case VIRTIO_BLK_T_GET_ID: return vblk_get_id(v, e);
    case VIRTIO_BLK_T_DISCARD:
    case VIRTIO_BLK_T_WRITE_ZEROES: return vblk_zero(v, e, (int)type);
    default: return VIRTIO_BLK_S_UNSUPP;
    }
}

/* Writes the status byte and returns the chain. Used length: the whole
 * writable part after a successful read or GET_ID, else the status byte
 * alone when it is all there is, else 0 (and the bus hears of every
 * writable byte, which a failed read may have touched). */
static void vblk_complete(struct virtio_blk *v, struct virtq *q, int status)
{
    const struct virtq_elem *e = v->elem;
    uint8_t st = (uint8_t)status;
    virtq_elem_write(e, e->in_len - 1, &st, 1);
    uint64_t len = e->in_len == 1 || status == VIRTIO_BLK_S_OK ? e->in_len : 0;
    if (!len) {
        for (unsigned i = 0; i < e->nin; i++)
            bus_notify_write(v->bus, e->in_gpa[i], e->in[i].iov_len);
    }
    virtq_push(q, e, (uint32_t)len);
    virtq_notify(q);
}

/* Serves one popped chain; false if the worker must stop using the queue. */
static bool vblk_serve(struct virtio_blk *v, struct virtq *q)
{
    if (!v->elem->in_len) {
        virtio_dev_needs_reset(v->dev, "virtio-blk: request without a status byte");
        return false;
    }
    int status = vblk_request(v);
    if (status == VBLK_ABANDONED)
        return false;
    vblk_complete(v, q, status);
    return true;
}

/* Pops until the queue is empty with notifications re-enabled, so a chain
 * made available meanwhile is never missed. */
static void vblk_drain(struct virtio_blk *v)
{
    struct virtq *q = virtio_dev_queue(v->dev, 0);
    do {
        virtq_disable_notify(q);
        for (;;) {
            if (vblk_abandon(v))
                return;
            int r = virtq_pop(q, v->elem);
            if (r < 0 || (r == 1 && !vblk_serve(v, q)))
                return;
            if (r == 0)
                break;
        }
    } while (virtq_enable_notify(q));
}

static void *vblk_worker(void *opaque)
{
    struct virtio_blk *v = opaque;
    pthread_mutex_lock(&v->lock);
    for (;;) {
        while (!v->stop && !v->kick)
            pthread_cond_wait(&v->wake, &v->lock);
        if (v->stop)
            break;
        v->kick = false;
        v->busy = true;
        pthread_mutex_unlock(&v->lock);
        vblk_drain(v);
        pthread_mutex_lock(&v->lock);
        v->busy = false;
        pthread_cond_broadcast(&v->idle);
    }
    pthread_mutex_unlock(&v->lock);
    return NULL;
}

/* ---- transport callbacks ---- */

static void vblk_kick(void *opaque)
{
    struct virtio_blk *v = opaque;
    pthread_mutex_lock(&v->lock);
    v->kick = true;
    pthread_cond_signal(&v->wake);
    pthread_mutex_unlock(&v->lock);
}

static void vblk_notify(void *opaque, unsigned q)
{
    (void)q;
    vblk_kick(opaque);
}

/* Returns once the worker is idle: the element it held is dropped (a push
 * of it would be stale anyway), a paused write included. */
static void vblk_reset(void *opaque)
{
    struct virtio_blk *v = opaque;
    pthread_mutex_lock(&v->lock);
    __atomic_add_fetch(&v->resets, 1, __ATOMIC_ACQ_REL);
    pthread_cond_broadcast(&v->wake);
    while (v->busy)
        pthread_cond_wait(&v->idle, &v->lock);
    v->kick = false;
    __atomic_sub_fetch(&v->resets, 1, __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&v->lock);
}

static void vblk_config_read(void *opaque, uint32_t off, void *buf, unsigned size)
{
    struct virtio_blk *v = opaque;
    memcpy(buf, v->config + off, size);
}

/* ---- creation ---- */

static void vblk_fill_config(struct virtio_blk *v)
{
    uint8_t *c = v->config;
    le_put(c + VBLK_CFG_CAPACITY, block_size(v->blk) / BLOCK_SECTOR_SIZE, 8);
    le_put(c + VBLK_CFG_SEG_MAX, VBLK_SEG_MAX, 4);
    le_put(c + VBLK_CFG_BLK_SIZE, BLOCK_SECTOR_SIZE, 4);
    le_put(c + VBLK_CFG_MAX_DISCARD_SECTORS, VBLK_MAX_ZERO_SECTOR, 4);
    le_put(c + VBLK_CFG_MAX_DISCARD_SEG, VBLK_MAX_ZERO_SEGS, 4);
    le_put(c + VBLK_CFG_DISCARD_ALIGN, VBLK_DISCARD_ALIGN, 4);
    le_put(c + VBLK_CFG_MAX_WZ_SECTORS, VBLK_MAX_ZERO_SECTOR, 4);
    le_put(c + VBLK_CFG_MAX_WZ_SEG, VBLK_MAX_ZERO_SEGS, 4);
    c[VBLK_CFG_WZ_MAY_UNMAP] = 1;
}

static uint64_t vblk_features(const struct block *blk)
{
    uint64_t f =
        1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_BLK_SIZE | 1ull << VIRTIO_BLK_F_FLUSH;
    if (block_readonly(blk))
        return f | 1ull << VIRTIO_BLK_F_RO;
    return f | 1ull << VIRTIO_BLK_F_DISCARD | 1ull << VIRTIO_BLK_F_WRITE_ZEROES;
}

/* The serial, or the file's base name; a long name keeps its first 11
 * bytes and gets a hash of the rest. Printable ASCII only. */
static void vblk_make_id(char *id, const char *serial, const char *file)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    const char *src = serial ? serial : base;
    size_t len = strlen(src);
    memset(id, 0, VBLK_ID_BYTES + 1);
    if (serial || len <= VBLK_ID_BYTES) {
        memcpy(id, src, len < VBLK_ID_BYTES ? len : VBLK_ID_BYTES);
    } else {
        uint32_t h = 2166136261u; /* FNV-1a */
        for (size_t i = 0; i < len; i++)
            h = (h ^ (uint8_t)src[i]) * 16777619u;
        snprintf(id, VBLK_ID_BYTES + 1, "%.11s-%08x", src, h);
    }
    for (size_t i = 0; i < VBLK_ID_BYTES && id[i]; i++)
        if (id[i] < 0x20 || id[i] > 0x7e)
            id[i] = '_';
}

static int vblk_start_worker(struct virtio_blk *v)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&v->wake, &a);
    pthread_condattr_destroy(&a);
    pthread_cond_init(&v->idle, NULL);
    pthread_mutex_init(&v->lock, NULL);
    int r = pthread_create(&v->thread, NULL, vblk_worker, v);
    if (r) {
        log_error("%s: cannot start the virtio-blk thread: %s", block_name(v->blk), strerror(r));
        return -1;
    }
    v->thread_started = true;
    return 0;
}

struct virtio_blk *virtio_blk_create(struct bus *bus, uint64_t base, const struct irq_line *irq,
                                     struct block *blk, const char *serial)
{
    struct virtio_blk *v = util_calloc(1, sizeof(*v));
    if (!v) {
        block_close(blk);
        return NULL;
    }
    v->blk = blk;
    v->bus = bus;
    v->elem = util_malloc(sizeof(*v->elem));
    v->iov = util_calloc(VIRTQ_MAX_SEGS, sizeof(*v->iov));
    vblk_make_id(v->id, serial, block_file(blk));
    vblk_fill_config(v);
    v->ops = (struct virtio_device_ops){
        .name = "virtio-blk",
        .device_id = VIRTIO_ID_BLOCK,
        .features = vblk_features(blk),
        .num_queues = 1,
        .queue_max = VBLK_QUEUE_SIZE,
        .config_size = VBLK_CONFIG_SIZE,
        .config_read = vblk_config_read,
        .notify = vblk_notify,
        .driver_ok = vblk_kick,
        .reset = vblk_reset,
    };
    if (!v->elem || !v->iov || vblk_start_worker(v) < 0 ||
        !(v->dev = virtio_mmio_create(bus, base, irq, &v->ops, v))) {
        virtio_blk_free(v);
        return NULL;
    }
    return v;
}

void virtio_blk_free(struct virtio_blk *v)
{
    if (!v)
        return;
    if (v->thread_started) {
        pthread_mutex_lock(&v->lock);
        __atomic_store_n(&v->stop, true, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&v->wake);
        pthread_mutex_unlock(&v->lock);
        pthread_join(v->thread, NULL);
        pthread_cond_destroy(&v->wake);
        pthread_cond_destroy(&v->idle);
        pthread_mutex_destroy(&v->lock);
    }
    virtio_mmio_free(v->dev);
    block_close(v->blk);
    free(v->elem);
    free(v->iov);
    free(v);
}

struct virtio_dev *virtio_blk_transport(struct virtio_blk *v) { return v->dev; }
