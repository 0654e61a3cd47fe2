/* SPDX-License-Identifier: MIT */
/* -netdev tap: a host tap interface through /dev/net/tun (IFF_TAP, no packet
 * information header). A reader thread delivers frames to the peer; sends
 * are one writev each. */
#include "netdev.h"
#include "util/log.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct net_tap {
    struct netdev *nd;
    int fd, stop_fd;
    pthread_t thread;
    bool thread_started;
    uint8_t rx[NETDEV_FRAME_MAX]; /* reader thread only */
};

static void *net_tap_thread(void *opaque)
{
    struct net_tap *t = opaque;
    struct pollfd pfd[2] = {{.fd = t->fd, .events = POLLIN}, {.fd = t->stop_fd, .events = POLLIN}};
    for (;;) {
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            log_error("-netdev tap: poll failed: %s", strerror(errno));
            return NULL;
        }
        if (pfd[1].revents)
            return NULL;
        ssize_t r = read(t->fd, t->rx, sizeof(t->rx));
        if (r > 0)
            netdev_deliver(t->nd, t->rx, (size_t)r);
        else if (r < 0 && errno != EAGAIN && errno != EINTR) {
            log_error("-netdev tap: read failed: %s", strerror(errno));
            return NULL;
        }
    }
}

static void net_tap_send(void *state, const struct iovec *iov, int cnt, size_t UNUSED len)
{
    struct net_tap *t = state;
    /* A full host queue drops the frame, as Ethernet may. */
    if (writev(t->fd, iov, cnt) < 0 && errno != EAGAIN)
        log_guest_error("tap: write failed: %s", strerror(errno));
}

static void net_tap_free(void *state)
{
    struct net_tap *t = state;
    if (t->thread_started) {
        uint64_t one = 1;
        (void)!write(t->stop_fd, &one, sizeof(one));
        pthread_join(t->thread, NULL);
    }
    if (t->fd >= 0)
        close(t->fd);
    if (t->stop_fd >= 0)
        close(t->stop_fd);
    free(t);
}

static const struct netdev_backend net_tap_backend = {
    .send = net_tap_send,
    .free = net_tap_free,
};

static int net_tap_open(struct net_tap *t, const struct netdev_config *c)
{
    struct ifreq ifr = {.ifr_flags = IFF_TAP | IFF_NO_PI};
    if (!c->ifname || strlen(c->ifname) >= IFNAMSIZ) {
        log_error("%s: tap needs ifname=NAME (under %d characters)", c->option, IFNAMSIZ);
        return -1;
    }
    strcpy(ifr.ifr_name, c->ifname);
    t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (t->fd < 0 || ioctl(t->fd, TUNSETIFF, &ifr) < 0) {
        log_error(
            "%s: cannot open tap '%s': %s (needs /dev/net/tun and CAP_NET_ADMIN, or a tap "
            "created beforehand and owned by this user: ip tuntap add %s mode tap user $USER)",
            c->option, c->ifname, strerror(errno), c->ifname);
        return -1;
    }
    return 0;
}

void *net_tap_create(const struct netdev_config *c, struct netdev *n,
                     const struct netdev_backend **be)
{
    struct net_tap *t = util_calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->nd = n;
    t->fd = -1;
    t->stop_fd = eventfd(0, EFD_CLOEXEC);
    if (t->stop_fd < 0) {
        log_error("%s: cannot create an eventfd: %s", c->option, strerror(errno));
        goto fail;
    }
    if (net_tap_open(t, c) < 0)
        goto fail;
    if (pthread_create(&t->thread, NULL, net_tap_thread, t) != 0) {
        log_error("%s: cannot start the tap reader thread", c->option);
        goto fail;
    }
    t->thread_started = true;
    *be = &net_tap_backend;
    return t;
fail:
    net_tap_free(t);
    return NULL;
}
