/* SPDX-License-Identifier: MIT */
/* Network back ends (-netdev): user-mode networking through libslirp, and a
 * host tap interface. A back end moves Ethernet frames between the host and
 * one device end (the peer, e.g. virtio-net); it queues a bounded number of
 * frames while the peer has no room and drops beyond that. */
#ifndef HW_NETDEV_H
#define HW_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define NETDEV_MAX_HOSTFWD 8
#define NETDEV_QUEUE_MAX   256   /* frames held for a peer without room */
#define NETDEV_FRAME_MAX   65536 /* largest frame either way */

enum netdev_type { NETDEV_USER, NETDEV_TAP };

struct netdev_config {
    const char *option; /* for messages, e.g. "-netdev user,id=n0,..." */
    enum netdev_type type;
    const char *id;
    /* user: QEMU's spelling [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport,
     * e.g. "tcp:127.0.0.1:2222-:22", "udp::5555-:5555" */
    const char *hostfwd[NETDEV_MAX_HOSTFWD];
    unsigned nhostfwd;
    const char *ifname; /* tap: the interface to attach to (or create) */
};

/* User-mode network addresses (QEMU's defaults, so its tutorials carry over). */
#define NETDEV_USER_NET  "10.0.2.0"
#define NETDEV_USER_MASK "255.255.255.0"
#define NETDEV_USER_HOST "10.0.2.2"
#define NETDEV_USER_DNS  "10.0.2.3"
#define NETDEV_USER_DHCP "10.0.2.15"

struct netdev;

/* The device end. Both callbacks run under the netdev's lock, on any thread
 * (the back end's thread, or a hart thread sending or refilling). receive
 * may not call back into the netdev. */
struct netdev_peer {
    bool (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const void *frame, size_t len);
    void *opaque;
};

/* Start a back end. Returns NULL after one log_error naming c->option on a
 * bad hostfwd, a host port that cannot be bound, or a tap device that cannot
 * be opened. */
struct netdev *netdev_create(const struct netdev_config *c);
/* Stop the back end's thread and free it. Free the peer device first (or
 * detach it). */
void netdev_free(struct netdev *n);

/* Attach the peer (copied), or detach it with p == NULL. After detaching,
 * no callback of the old peer is running or will run. */
void netdev_attach(struct netdev *n, const struct netdev_peer *p);
/* A frame from the guest, any thread; the frame is copied or sent before
 * returning. Frames over NETDEV_FRAME_MAX are dropped. */
void netdev_send(struct netdev *n, const struct iovec *iov, int cnt);
/* The peer gained room (the guest added receive buffers): deliver queued
 * frames. Must not be called from inside a peer callback. */
void netdev_peer_ready(struct netdev *n);
/* Frames dropped so far (queue full, no peer, or too large). */
uint64_t netdev_drops(struct netdev *n);

/* One parsed hostfwd rule; addresses in network byte order. */
struct netdev_hostfwd {
    bool udp;
    uint32_t host_addr; /* 0 = any */
    uint16_t host_port;
    uint32_t guest_addr; /* 0 = the DHCP start address */
    uint16_t guest_port;
};

/* Parse spec. Returns 0, or -1 with *why set to a static description of the
 * problem (for a message the caller prints). */
int netdev_parse_hostfwd(const char *spec, struct netdev_hostfwd *fwd, const char **why);

/* ---- For back ends (hw/net_*.c) ---- */

struct netdev_backend {
    /* A frame of len bytes (len <= NETDEV_FRAME_MAX) in cnt pieces. */
    void (*send)(void *state, const struct iovec *iov, int cnt, size_t len);
    /* Stop threads and release everything. */
    void (*free)(void *state);
};

/* A frame for the guest, from the back end (any thread, may hold its own
 * lock). Delivered now, queued, or dropped. */
void netdev_deliver(struct netdev *n, const void *frame, size_t len);

/* The back ends' constructors, called by netdev_create with the netdev they
 * deliver to: the started state and its ops, or NULL after a message naming
 * c->option. */
void *net_slirp_create(const struct netdev_config *c, struct netdev *n,
                       const struct netdev_backend **be);
void *net_tap_create(const struct netdev_config *c, struct netdev *n,
                     const struct netdev_backend **be);

#endif
