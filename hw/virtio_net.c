/* SPDX-License-Identifier: MIT */
/* virtio-net (virtio 1.2, 5.1): transmit runs on the notifying hart's thread,
 * receive on whichever thread the netdev delivers from. Lock order: tx_lock
 * -> netdev (-> back end -> netdev lock) -> rx_lock -> transport lock. */
#include "virtio_net.h"
#include "netdev.h"
#include "virtio.h"
#include "util/log.h"
#include "util/util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define VNET_QUEUE_SIZE 256
#define VNET_RX_QUEUE   0  /* 5.1.2: receiveq1 */
#define VNET_TX_QUEUE   1  /* 5.1.2: transmitq1 */
#define VNET_ETH_MIN    14 /* an Ethernet header */
#define VNET_ETH_MAX    65535

/* 5.1.3 feature bits */
#define VIRTIO_NET_F_MAC    5
#define VIRTIO_NET_F_STATUS 16

/* 5.1.4: mac[6], le16 status; nothing further without MQ or MTU. */
#define VNET_CONFIG_SIZE     8
#define VIRTIO_NET_S_LINK_UP 1

struct virtio_net {
    struct virtio_dev *dev;
    struct netdev *nd;
    uint8_t mac[6];
    pthread_mutex_t rx_lock; /* rx_elem, rx_have: serialises receive-queue pops */
    bool rx_have;            /* rx_elem holds a popped buffer awaiting a frame */
    struct virtq_elem rx_elem;
    pthread_mutex_t tx_lock; /* tx_elem, tx_buf: serialises transmit-queue pops */
    struct virtq_elem tx_elem;
    uint8_t tx_buf[VNET_ETH_MAX];
};

static void vnet_config_read(void *opaque, uint32_t off, void *buf, unsigned size)
{
    struct virtio_net *v = opaque;
    uint8_t cfg[VNET_CONFIG_SIZE] = {0};
    memcpy(cfg, v->mac, 6);
    cfg[6] = VIRTIO_NET_S_LINK_UP; /* little-endian status */
    memcpy(buf, cfg + off, size);
}

/* ---- Transmit ---- */

/* 5.1.6.2: a header, then the frame, in the chain's readable part. The
 * header's flags and GSO fields stay 0: we offer no offloads. */
static void vnet_tx_one(struct virtio_net *v, const struct virtq_elem *e)
{
    if (e->out_len < VIRTIO_NET_HDR_SIZE + VNET_ETH_MIN ||
        e->out_len > VIRTIO_NET_HDR_SIZE + VNET_ETH_MAX) {
        log_guest_error("virtio-net: transmit chain of %llu bytes dropped (header + 14..65535)",
                        (unsigned long long)e->out_len);
        return;
    }
    size_t len = (size_t)(e->out_len - VIRTIO_NET_HDR_SIZE);
    virtq_elem_read(e, VIRTIO_NET_HDR_SIZE, v->tx_buf, len);
    struct iovec iov = {.iov_base = v->tx_buf, .iov_len = len};
    netdev_send(v->nd, &iov, 1);
}

/* Send every available chain; with kicks suppressed meanwhile (2.7.10). */
static void vnet_tx(struct virtio_net *v)
{
    struct virtq *q = virtio_dev_queue(v->dev, VNET_TX_QUEUE);
    bool pushed = false;
    int r;
    pthread_mutex_lock(&v->tx_lock);
    do {
        virtq_disable_notify(q);
        while ((r = virtq_pop(q, &v->tx_elem)) == 1) {
            vnet_tx_one(v, &v->tx_elem);
            virtq_push(q, &v->tx_elem, 0);
            pushed = true;
        }
    } while (r == 0 && virtq_enable_notify(q));
    if (pushed)
        virtq_notify(q);
    pthread_mutex_unlock(&v->tx_lock);
}

/* ---- Receive ---- */

/* The netdev asks before each frame: take a receive buffer if we have none. */
static bool vnet_can_receive(void *opaque)
{
    struct virtio_net *v = opaque;
    pthread_mutex_lock(&v->rx_lock);
    if (!v->rx_have && virtio_dev_running(v->dev))
        v->rx_have = virtq_pop(virtio_dev_queue(v->dev, VNET_RX_QUEUE), &v->rx_elem) == 1;
    bool have = v->rx_have;
    pthread_mutex_unlock(&v->rx_lock);
    return have;
}

/* 5.1.6.4: header (num_buffers = 1 without MRG_RXBUF) then the frame. The
 * driver should give 1526-byte buffers (5.1.6.3.1); a frame that does not
 * fit is dropped and the buffer returned empty. Returns the bytes written. */
static uint32_t vnet_fill_rx(const struct virtq_elem *e, const void *frame, size_t len)
{
    if (e->in_len < VIRTIO_NET_HDR_SIZE + len) {
        log_guest_error("virtio-net: %zu-byte frame dropped: receive buffer holds %llu bytes", len,
                        (unsigned long long)e->in_len);
        return 0;
    }
    uint8_t hdr[VIRTIO_NET_HDR_SIZE] = {0};
    hdr[10] = 1; /* num_buffers, little-endian */
    virtq_elem_write(e, 0, hdr, sizeof(hdr));
    virtq_elem_write(e, VIRTIO_NET_HDR_SIZE, frame, len);
    return (uint32_t)(VIRTIO_NET_HDR_SIZE + len);
}

static void vnet_receive(void *opaque, const void *frame, size_t len)
{
    struct virtio_net *v = opaque;
    struct virtq *q = virtio_dev_queue(v->dev, VNET_RX_QUEUE);
    pthread_mutex_lock(&v->rx_lock);
    /* After a reset the buffer is stale: writing it would scribble on RAM the
     * driver has taken back. The reset callback waits for this lock. */
    if (v->rx_have && virtio_dev_running(v->dev)) {
        virtq_push(q, &v->rx_elem, vnet_fill_rx(&v->rx_elem, frame, len));
        virtq_notify(q);
    }
    v->rx_have = false;
    pthread_mutex_unlock(&v->rx_lock);
}

/* ---- Transport callbacks ---- */

static void vnet_notify(void *opaque, unsigned q)
{
    struct virtio_net *v = opaque;
    if (q == VNET_RX_QUEUE)
        netdev_peer_ready(v->nd);
    else if (q == VNET_TX_QUEUE)
        vnet_tx(v);
}

static void vnet_driver_ok(void *opaque)
{
    struct virtio_net *v = opaque;
    netdev_peer_ready(v->nd);
}

/* The transport has already stopped the queues; once both locks have been
 * free, no pop, copy or push of ours is in flight, and the buffer we held
 * is forgotten. */
static void vnet_reset(void *opaque)
{
    struct virtio_net *v = opaque;
    pthread_mutex_lock(&v->rx_lock);
    v->rx_have = false;
    pthread_mutex_unlock(&v->rx_lock);
    pthread_mutex_lock(&v->tx_lock);
    pthread_mutex_unlock(&v->tx_lock);
}

static const struct virtio_device_ops vnet_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .features = 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS,
    .num_queues = 2,
    .queue_max = VNET_QUEUE_SIZE,
    .config_size = VNET_CONFIG_SIZE,
    .config_read = vnet_config_read,
    .notify = vnet_notify,
    .driver_ok = vnet_driver_ok,
    .reset = vnet_reset,
};

struct virtio_net *virtio_net_create(struct bus *bus, uint64_t base, const struct irq_line *irq,
                                     struct netdev *nd, const uint8_t mac[6])
{
    struct virtio_net *v = util_calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->nd = nd;
    memcpy(v->mac, mac, 6);
    pthread_mutex_init(&v->rx_lock, NULL);
    pthread_mutex_init(&v->tx_lock, NULL);
    v->dev = virtio_mmio_create(bus, base, irq, &vnet_ops, v);
    if (!v->dev) {
        virtio_net_free(v);
        return NULL;
    }
    struct netdev_peer peer = {
        .can_receive = vnet_can_receive, .receive = vnet_receive, .opaque = v};
    netdev_attach(nd, &peer);
    return v;
}

void virtio_net_free(struct virtio_net *v)
{
    if (!v)
        return;
    if (v->dev) {
        netdev_attach(v->nd, NULL);
        virtio_mmio_free(v->dev);
    }
    pthread_mutex_destroy(&v->rx_lock);
    pthread_mutex_destroy(&v->tx_lock);
    free(v);
}

struct virtio_dev *virtio_net_transport(struct virtio_net *v) { return v->dev; }
