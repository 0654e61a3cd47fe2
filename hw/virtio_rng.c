/* SPDX-License-Identifier: MIT */
/* virtio-rng (virtio 1.2, 5.4): one request queue whose device-writable
 * buffers are filled with host entropy on the notifying hart's thread; a
 * request is at most VIRTIO_RNG_MAX_REQ bytes, so this stays quick. */
#include "virtio_rng.h"
#include "virtio.h"
#include "util/log.h"
#include "util/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define RNG_QUEUE_SIZE 64

struct virtio_rng {
    struct virtio_dev *dev;
    pthread_mutex_t lock;   /* serialises the queue's pops (virtq_pop's contract) */
    struct virtq_elem elem; /* the request being filled; under lock */
};

/* Fill p with len random bytes, retrying short reads and EINTR. Returns the
 * bytes written, short only if the host refuses (logged). */
static size_t rng_getrandom(uint8_t *p, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = getrandom(p + done, len - done, 0);
        if (n > 0) {
            done += (size_t)n;
        } else if (n < 0 && errno != EINTR) {
            log_error("virtio-rng: getrandom failed: %s", strerror(errno));
            break;
        }
    }
    return done;
}

/* Virtio 1.2, 5.4.6: the device fills the writable part of the request. */
static uint32_t rng_fill(const struct virtq_elem *e)
{
    uint64_t left = e->in_len < VIRTIO_RNG_MAX_REQ ? e->in_len : VIRTIO_RNG_MAX_REQ;
    uint32_t filled = 0;
    for (unsigned i = 0; i < e->nin && left; i++) {
        size_t want = e->in[i].iov_len < left ? e->in[i].iov_len : (size_t)left;
        size_t got = rng_getrandom(e->in[i].iov_base, want);
        filled += (uint32_t)got;
        left -= got;
        if (got < want)
            break;
    }
    return filled;
}

static void rng_notify(void *opaque, unsigned q)
{
    struct virtio_rng *v = opaque;
    struct virtq *vq = virtio_dev_queue(v->dev, q);
    bool pushed = false;
    pthread_mutex_lock(&v->lock);
    while (virtq_pop(vq, &v->elem) == 1) {
        virtq_push(vq, &v->elem, rng_fill(&v->elem));
        pushed = true;
    }
    if (pushed)
        virtq_notify(vq);
    pthread_mutex_unlock(&v->lock);
}

/* Requests are served to completion under the lock: once it is free, none
 * is in flight. */
static void rng_reset(void *opaque)
{
    struct virtio_rng *v = opaque;
    pthread_mutex_lock(&v->lock);
    pthread_mutex_unlock(&v->lock);
}

static const struct virtio_device_ops rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .num_queues = 1,
    .queue_max = RNG_QUEUE_SIZE,
    .notify = rng_notify,
    .reset = rng_reset,
};

struct virtio_rng *virtio_rng_create(struct bus *bus, uint64_t base, const struct irq_line *irq)
{
    struct virtio_rng *v = util_calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    pthread_mutex_init(&v->lock, NULL);
    v->dev = virtio_mmio_create(bus, base, irq, &rng_ops, v);
    if (!v->dev) {
        virtio_rng_free(v);
        return NULL;
    }
    return v;
}

void virtio_rng_free(struct virtio_rng *v)
{
    if (!v)
        return;
    if (v->dev)
        virtio_mmio_free(v->dev);
    pthread_mutex_destroy(&v->lock);
    free(v);
}

struct virtio_dev *virtio_rng_transport(struct virtio_rng *v) { return v->dev; }
