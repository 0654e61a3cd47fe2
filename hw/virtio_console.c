/* SPDX-License-Identifier: MIT */
/* virtio console (virtio 1.2, 5.3) with a single port: transmitq buffers are
 * written to the chardev on the notifying hart's thread; the chardev's input
 * thread fills receiveq buffers, one popped ahead of time so that its size is
 * the room the back end is offered. Locks: tx and rx each -> transport. */
#include "virtio_console.h"
#include "virtio.h"
#include "ui/chardev.h"
#include "util/log.h"
#include "util/util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

/* Virtio 1.2, 5.3.2: queue 0 is port 0's receiveq, queue 1 its transmitq. */
enum { CONSOLE_RXQ = 0, CONSOLE_TXQ = 1, CONSOLE_NUM_QUEUES = 2 };

#define CONSOLE_QUEUE_SIZE 64

struct virtio_console {
    struct virtio_dev *dev;
    struct chardev *chr;
    struct chardev_receiver receiver;

    pthread_mutex_t tx_lock; /* serialises transmitq pops; guards tx_elem */
    struct virtq_elem tx_elem;

    pthread_mutex_t rx_lock; /* serialises receiveq pops; guards rx_* */
    bool rx_held;            /* rx_elem is popped and not yet returned */
    struct virtq_elem rx_elem;
};

/* Virtio 1.2, 5.3.6.1: transmitq buffers are device-readable only. */
static void console_tx_one(struct virtio_console *v, const struct virtq_elem *e)
{
    if (!v->chr)
        return;
    for (unsigned i = 0; i < e->nout; i++)
        chardev_write(v->chr, e->out[i].iov_base, e->out[i].iov_len);
    if (e->nin)
        log_guest_error("virtio-console: writable segment in a transmitq buffer ignored");
}

static void console_tx(struct virtio_console *v)
{
    struct virtq *vq = virtio_dev_queue(v->dev, CONSOLE_TXQ);
    bool pushed = false;
    pthread_mutex_lock(&v->tx_lock);
    while (virtq_pop(vq, &v->tx_elem) == 1) {
        console_tx_one(v, &v->tx_elem);
        virtq_push(vq, &v->tx_elem, 0);
        pushed = true;
    }
    if (pushed)
        virtq_notify(vq);
    pthread_mutex_unlock(&v->tx_lock);
}

static void console_notify(void *opaque, unsigned q)
{
    struct virtio_console *v = opaque;
    if (q == CONSOLE_TXQ)
        console_tx(v);
    else if (v->chr) /* new receive buffers: input may flow again */
        chardev_accept_input(v->chr);
}

/* Make sure a receive buffer with room is held, popping one if needed.
 * Chains with no writable part are returned empty. Under rx_lock. */
static bool console_rx_hold(struct virtio_console *v)
{
    struct virtq *vq = virtio_dev_queue(v->dev, CONSOLE_RXQ);
    if (v->rx_held)
        return true;
    if (!virtio_dev_running(v->dev))
        return false;
    while (virtq_pop(vq, &v->rx_elem) == 1) {
        if (v->rx_elem.in_len) {
            v->rx_held = true;
            return true;
        }
        log_guest_error("virtio-console: receiveq buffer with no writable part");
        virtq_push(vq, &v->rx_elem, 0);
        virtq_notify(vq);
    }
    return false;
}

/* Chardev side (its input thread): the room is the next receive buffer's. */
static size_t console_can_receive(void *opaque)
{
    struct virtio_console *v = opaque;
    pthread_mutex_lock(&v->rx_lock);
    size_t room = console_rx_hold(v) ? (size_t)v->rx_elem.in_len : 0;
    pthread_mutex_unlock(&v->rx_lock);
    return room;
}

static void console_receive(void *opaque, const uint8_t *buf, size_t len)
{
    struct virtio_console *v = opaque;
    struct virtq *vq = virtio_dev_queue(v->dev, CONSOLE_RXQ);
    pthread_mutex_lock(&v->rx_lock);
    if (!console_rx_hold(v)) {
        pthread_mutex_unlock(&v->rx_lock);
        log_guest_error("virtio-console: %zu input bytes dropped (device reset)", len);
        return;
    }
    uint64_t n = virtq_elem_write(&v->rx_elem, 0, buf, len);
    virtq_push(vq, &v->rx_elem, (uint32_t)n);
    v->rx_held = false;
    virtq_notify(vq);
    pthread_mutex_unlock(&v->rx_lock);
    if (n < len)
        log_error("virtio-console: back end offered %zu bytes beyond the room; dropped",
                  len - (size_t)n);
}

static void console_driver_ok(void *opaque)
{
    struct virtio_console *v = opaque;
    if (v->chr)
        chardev_accept_input(v->chr);
}

/* Both queues are used only under their locks: once each is taken, nothing
 * is in flight. A held receive buffer is stale now. */
static void console_reset(void *opaque)
{
    struct virtio_console *v = opaque;
    pthread_mutex_lock(&v->tx_lock);
    pthread_mutex_unlock(&v->tx_lock);
    pthread_mutex_lock(&v->rx_lock);
    v->rx_held = false;
    pthread_mutex_unlock(&v->rx_lock);
}

static const struct virtio_device_ops console_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .num_queues = CONSOLE_NUM_QUEUES,
    .queue_max = CONSOLE_QUEUE_SIZE,
    .notify = console_notify,
    .driver_ok = console_driver_ok,
    .reset = console_reset,
};

struct virtio_console *virtio_console_create(struct bus *bus, uint64_t base,
                                             const struct irq_line *irq, struct chardev *c)
{
    struct virtio_console *v = util_calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    pthread_mutex_init(&v->tx_lock, NULL);
    pthread_mutex_init(&v->rx_lock, NULL);
    v->chr = c;
    v->receiver = (struct chardev_receiver){
        .can_receive = console_can_receive,
        .receive = console_receive,
        .opaque = v,
    };
    v->dev = virtio_mmio_create(bus, base, irq, &console_ops, v);
    if (!v->dev) {
        virtio_console_free(v);
        return NULL;
    }
    if (c)
        chardev_set_receiver(c, &v->receiver);
    return v;
}

void virtio_console_free(struct virtio_console *v)
{
    if (!v)
        return;
    if (v->dev)
        virtio_mmio_free(v->dev);
    pthread_mutex_destroy(&v->rx_lock);
    pthread_mutex_destroy(&v->tx_lock);
    free(v);
}

struct virtio_dev *virtio_console_transport(struct virtio_console *v) { return v->dev; }

const struct chardev_receiver *virtio_console_receiver(const struct virtio_console *v)
{
    return &v->receiver;
}
