/* SPDX-License-Identifier: MIT */
/* virtio network device (virtio 1.2, 5.1) on the virtio-mmio transport, one
 * receive and one transmit queue, attached to a -netdev back end. Offers
 * MAC and link STATUS only: no offloads, no mergeable receive buffers. */
#ifndef HW_VIRTIO_NET_H
#define HW_VIRTIO_NET_H

#include <stdint.h>

struct bus;
struct irq_line;
struct netdev;
struct virtio_dev;
struct virtio_net;

#define VIRTIO_NET_HDR_SIZE 12 /* struct virtio_net_hdr with num_buffers (VERSION_1) */

/* Map a virtio-net at base (VIRTIO_MMIO_SIZE bytes) raising irq (copied) and
 * attach it as nd's peer; nd must outlive it. NULL with a message on failure. */
struct virtio_net *virtio_net_create(struct bus *bus, uint64_t base, const struct irq_line *irq,
                                     struct netdev *nd, const uint8_t mac[6]);
/* Detach from the netdev and free the device and its transport (free the
 * bus afterwards, as for every device). Does not free the netdev. */
void virtio_net_free(struct virtio_net *v);

/* The transport, for virtio_mmio_fdt and virtio_mmio_reset. */
struct virtio_dev *virtio_net_transport(struct virtio_net *v);

#endif
