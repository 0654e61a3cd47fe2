/* SPDX-License-Identifier: MIT */
/* The back-end-independent half of -netdev: the peer, the bounded queue of
 * frames waiting for it, and hostfwd parsing. Lock order: back end's lock ->
 * netdev lock -> the peer's own lock (inside its callbacks). */
#include "netdev.h"
#include "util/log.h"
#include "util/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct netdev_frame {
    size_t len;
    uint8_t data[];
};

struct netdev {
    const struct netdev_backend *be;
    void *state;
    pthread_mutex_t lock; /* peer, queue, drops */
    struct netdev_peer peer;
    bool attached;
    struct netdev_frame *queue[NETDEV_QUEUE_MAX];
    unsigned head, count;
    uint64_t drops;
};

struct netdev *netdev_create(const struct netdev_config *c)
{
    struct netdev *n = util_calloc(1, sizeof(*n));
    if (!n)
        return NULL;
    pthread_mutex_init(&n->lock, NULL);
    if (c->type == NETDEV_USER)
        n->state = net_slirp_create(c, n, &n->be);
    else
        n->state = net_tap_create(c, n, &n->be);
    if (!n->state) {
        pthread_mutex_destroy(&n->lock);
        free(n);
        return NULL;
    }
    return n;
}

static void netdev_flush_queue(struct netdev *n)
{
    while (n->count) {
        free(n->queue[n->head]);
        n->head = (n->head + 1) % NETDEV_QUEUE_MAX;
        n->count--;
    }
}

void netdev_free(struct netdev *n)
{
    if (!n)
        return;
    n->be->free(n->state);
    netdev_flush_queue(n);
    pthread_mutex_destroy(&n->lock);
    free(n);
}

void netdev_attach(struct netdev *n, const struct netdev_peer *p)
{
    pthread_mutex_lock(&n->lock);
    n->attached = p != NULL;
    if (p)
        n->peer = *p;
    else
        netdev_flush_queue(n);
    pthread_mutex_unlock(&n->lock);
}

void netdev_send(struct netdev *n, const struct iovec *iov, int cnt)
{
    size_t len = 0;
    for (int i = 0; i < cnt; i++) {
        if (iov[i].iov_len > NETDEV_FRAME_MAX - len) {
            __atomic_add_fetch(&n->drops, 1, __ATOMIC_RELAXED);
            return;
        }
        len += iov[i].iov_len;
    }
    n->be->send(n->state, iov, cnt, len);
}

static bool netdev_peer_room(struct netdev *n)
{
    return n->attached && n->peer.can_receive(n->peer.opaque);
}

/* Hand queued frames to the peer while it has room. Lock held. */
static void netdev_drain(struct netdev *n)
{
    while (n->count && netdev_peer_room(n)) {
        struct netdev_frame *f = n->queue[n->head];
        n->head = (n->head + 1) % NETDEV_QUEUE_MAX;
        n->count--;
        n->peer.receive(n->peer.opaque, f->data, f->len);
        free(f);
    }
}

static void netdev_enqueue(struct netdev *n, const void *frame, size_t len)
{
    struct netdev_frame *f = NULL;
    if (n->attached && n->count < NETDEV_QUEUE_MAX)
        f = malloc(sizeof(*f) + len);
    if (!f) {
        __atomic_add_fetch(&n->drops, 1, __ATOMIC_RELAXED);
        return;
    }
    f->len = len;
    memcpy(f->data, frame, len);
    n->queue[(n->head + n->count) % NETDEV_QUEUE_MAX] = f;
    n->count++;
}

void netdev_deliver(struct netdev *n, const void *frame, size_t len)
{
    pthread_mutex_lock(&n->lock);
    netdev_drain(n);
    if (len > NETDEV_FRAME_MAX)
        __atomic_add_fetch(&n->drops, 1, __ATOMIC_RELAXED);
    else if (!n->count && netdev_peer_room(n))
        n->peer.receive(n->peer.opaque, frame, len);
    else
        netdev_enqueue(n, frame, len);
    pthread_mutex_unlock(&n->lock);
}

void netdev_peer_ready(struct netdev *n)
{
    pthread_mutex_lock(&n->lock);
    netdev_drain(n);
    pthread_mutex_unlock(&n->lock);
}

uint64_t netdev_drops(struct netdev *n) { return __atomic_load_n(&n->drops, __ATOMIC_RELAXED); }

/* A decimal port 1..65535 spanning [s, end). */
static int hostfwd_port(const char *s, const char *end, uint16_t *port, const char **why)
{
    if (s == end) {
        *why = "missing port";
        return -1;
    }
    unsigned long v = 0;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9' || v > 65535) {
            *why = "port is not a number in 1..65535";
            return -1;
        }
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v == 0 || v > 65535) {
        *why = "port is not a number in 1..65535";
        return -1;
    }
    *port = (uint16_t)v;
    return 0;
}

/* An IPv4 address spanning [s, end), or 0 when empty. */
static int hostfwd_addr(const char *s, const char *end, uint32_t *addr, const char **why)
{
    char buf[INET_ADDRSTRLEN];
    struct in_addr a;
    *addr = 0;
    if (s == end)
        return 0;
    if ((size_t)(end - s) >= sizeof(buf))
        goto bad;
    memcpy(buf, s, (size_t)(end - s));
    buf[end - s] = 0;
    if (inet_pton(AF_INET, buf, &a) != 1)
        goto bad;
    *addr = a.s_addr;
    return 0;
bad:
    *why = "address is not a dotted IPv4 address";
    return -1;
}

/* "[addr]:port" spanning [s, end). */
static int hostfwd_endpoint(const char *s, const char *end, uint32_t *addr, uint16_t *port,
                            const char **why)
{
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (!colon) {
        *why = "expected [addr]:port on each side";
        return -1;
    }
    if (hostfwd_addr(s, colon, addr, why) < 0)
        return -1;
    return hostfwd_port(colon + 1, end, port, why);
}

int netdev_parse_hostfwd(const char *spec, struct netdev_hostfwd *fwd, const char **why)
{
    memset(fwd, 0, sizeof(*fwd));
    const char *colon = strchr(spec, ':');
    const char *dash = strchr(spec, '-');
    if (!colon || !dash || dash < colon) {
        *why = "expected [tcp|udp]:[hostaddr]:hostport-[guestaddr]:guestport";
        return -1;
    }
    size_t plen = (size_t)(colon - spec);
    if (plen == 3 && !strncmp(spec, "udp", 3))
        fwd->udp = true;
    else if (plen != 0 && !(plen == 3 && !strncmp(spec, "tcp", 3))) {
        *why = "protocol must be tcp or udp";
        return -1;
    }
    if (hostfwd_endpoint(colon + 1, dash, &fwd->host_addr, &fwd->host_port, why) < 0)
        return -1;
    return hostfwd_endpoint(dash + 1, dash + 1 + strlen(dash + 1), &fwd->guest_addr,
                            &fwd->guest_port, why);
}
