/* SPDX-License-Identifier: MIT */
/* -netdev user: libslirp's user-mode TCP/IP stack. One thread polls slirp's
 * sockets and runs its timers; libslirp is not thread-safe, so every slirp
 * call (that thread's, and slirp_input from a sending hart) holds s->lock. */
#include "netdev.h"
#include "util/log.h"
#include "util/util.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <slirp/libslirp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

struct net_slirp_timer {
    struct net_slirp_timer *next;
    SlirpTimerCb cb;
    void *cb_opaque;
    int64_t expire_ms; /* on the clock_get_ns clock; -1 while disarmed */
};

struct net_slirp {
    struct netdev *nd;
    const char *option;
    Slirp *slirp;
    pthread_mutex_t lock; /* every slirp call, timers, stop */
    pthread_t thread;
    bool thread_started, stop;
    int wake_fd;
    struct net_slirp_timer *timers;
    struct pollfd *pfds; /* poll thread only */
    unsigned npfds, pfds_cap;
    uint8_t tx[NETDEV_FRAME_MAX]; /* a guest frame gathered for slirp_input */
};

static int64_t net_slirp_clock_ns(void UNUSED *opaque)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t net_slirp_now_ms(void) { return net_slirp_clock_ns(NULL) / 1000000; }

static void net_slirp_wake(struct net_slirp *s)
{
    uint64_t one = 1;
    if (write(s->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
        log_error("-netdev user: cannot wake the network thread: %s", strerror(errno));
}

static ssize_t net_slirp_send_packet(const void *buf, size_t len, void *opaque)
{
    struct net_slirp *s = opaque;
    netdev_deliver(s->nd, buf, len);
    return (ssize_t)len;
}

static void net_slirp_guest_error(const char *msg, void UNUSED *opaque)
{
    log_guest_error("slirp: %s", msg);
}

static void *net_slirp_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    struct net_slirp *s = opaque;
    struct net_slirp_timer *t = util_calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->cb = cb;
    t->cb_opaque = cb_opaque;
    t->expire_ms = -1;
    t->next = s->timers;
    s->timers = t;
    return t;
}

static void net_slirp_timer_free(void *timer, void *opaque)
{
    struct net_slirp *s = opaque;
    for (struct net_slirp_timer **p = &s->timers; *p; p = &(*p)->next) {
        if (*p == timer) {
            *p = (*p)->next;
            free(timer);
            return;
        }
    }
}

static void net_slirp_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    struct net_slirp_timer *t = timer;
    t->expire_ms = expire_ms < 0 ? 0 : expire_ms;
    net_slirp_wake(opaque);
}

/* We refill the poll set on every pass, so nothing to track here. */
static void net_slirp_poll_fd(int UNUSED fd, void UNUSED *opaque) {}

static void net_slirp_notify(void *opaque) { net_slirp_wake(opaque); }

static const SlirpCb net_slirp_cb = {
    .send_packet = net_slirp_send_packet,
    .guest_error = net_slirp_guest_error,
    .clock_get_ns = net_slirp_clock_ns,
    .timer_new = net_slirp_timer_new,
    .timer_free = net_slirp_timer_free,
    .timer_mod = net_slirp_timer_mod,
    .register_poll_fd = net_slirp_poll_fd,
    .unregister_poll_fd = net_slirp_poll_fd,
    .notify = net_slirp_notify,
};

static int net_slirp_add_poll(int fd, int events, void *opaque)
{
    struct net_slirp *s = opaque;
    if (s->npfds == s->pfds_cap) {
        unsigned cap = s->pfds_cap * 2;
        struct pollfd *p = realloc(s->pfds, cap * sizeof(*p));
        if (!p)
            return -1; /* slirp then skips this socket for one pass */
        s->pfds = p;
        s->pfds_cap = cap;
    }
    short ev = 0;
    ev |= (events & SLIRP_POLL_IN) ? POLLIN : 0;
    ev |= (events & SLIRP_POLL_OUT) ? POLLOUT : 0;
    ev |= (events & SLIRP_POLL_PRI) ? POLLPRI : 0;
    s->pfds[s->npfds] = (struct pollfd){.fd = fd, .events = ev};
    return (int)s->npfds++;
}

static int net_slirp_get_revents(int idx, void *opaque)
{
    struct net_slirp *s = opaque;
    if (idx < 0 || (unsigned)idx >= s->npfds)
        return 0;
    short r = s->pfds[idx].revents;
    int ev = 0;
    ev |= (r & POLLIN) ? SLIRP_POLL_IN : 0;
    ev |= (r & POLLOUT) ? SLIRP_POLL_OUT : 0;
    ev |= (r & POLLPRI) ? SLIRP_POLL_PRI : 0;
    ev |= (r & (POLLERR | POLLNVAL)) ? SLIRP_POLL_ERR : 0;
    ev |= (r & POLLHUP) ? SLIRP_POLL_HUP : 0;
    return ev;
}

/* Milliseconds until the first armed timer, at most limit. Lock held. */
static uint32_t net_slirp_timer_timeout(struct net_slirp *s, uint32_t limit)
{
    int64_t now = net_slirp_now_ms();
    for (struct net_slirp_timer *t = s->timers; t; t = t->next) {
        if (t->expire_ms < 0)
            continue;
        int64_t d = t->expire_ms - now;
        if (d < 0)
            d = 0;
        if ((uint64_t)d < limit)
            limit = (uint32_t)d;
    }
    return limit;
}

/* Fire expired timers one at a time: a callback may re-arm or free any. */
static void net_slirp_run_timers(struct net_slirp *s)
{
    for (;;) {
        int64_t now = net_slirp_now_ms();
        struct net_slirp_timer *t = s->timers;
        while (t && (t->expire_ms < 0 || t->expire_ms > now))
            t = t->next;
        if (!t)
            return;
        t->expire_ms = -1;
        t->cb(t->cb_opaque);
    }
}

static void net_slirp_drain_wake(struct net_slirp *s)
{
    uint64_t v;
    if (s->pfds[0].revents & POLLIN)
        (void)!read(s->wake_fd, &v, sizeof(v));
}

static void *net_slirp_thread(void *opaque)
{
    struct net_slirp *s = opaque;
    pthread_mutex_lock(&s->lock);
    while (!s->stop) {
        uint32_t timeout = UINT32_MAX;
        s->pfds[0] = (struct pollfd){.fd = s->wake_fd, .events = POLLIN};
        s->npfds = 1;
        slirp_pollfds_fill(s->slirp, &timeout, net_slirp_add_poll, s);
        timeout = net_slirp_timer_timeout(s, timeout);
        pthread_mutex_unlock(&s->lock);
        int r = poll(s->pfds, s->npfds, timeout > INT_MAX ? -1 : (int)timeout);
        pthread_mutex_lock(&s->lock);
        net_slirp_drain_wake(s);
        slirp_pollfds_poll(s->slirp, r < 0, net_slirp_get_revents, s);
        net_slirp_run_timers(s);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void net_slirp_send(void *state, const struct iovec *iov, int cnt, size_t len)
{
    struct net_slirp *s = state;
    pthread_mutex_lock(&s->lock);
    size_t off = 0;
    for (int i = 0; i < cnt; i++) {
        memcpy(s->tx + off, iov[i].iov_base, iov[i].iov_len);
        off += iov[i].iov_len;
    }
    slirp_input(s->slirp, s->tx, (int)len);
    pthread_mutex_unlock(&s->lock);
    /* New sockets or timers: the poll thread must rebuild its poll set. */
    net_slirp_wake(s);
}

static void net_slirp_free(void *state)
{
    struct net_slirp *s = state;
    if (s->thread_started) {
        pthread_mutex_lock(&s->lock);
        s->stop = true;
        pthread_mutex_unlock(&s->lock);
        net_slirp_wake(s);
        pthread_join(s->thread, NULL);
    }
    if (s->slirp)
        slirp_cleanup(s->slirp);
    while (s->timers)
        net_slirp_timer_free(s->timers, s);
    if (s->wake_fd >= 0)
        close(s->wake_fd);
    pthread_mutex_destroy(&s->lock);
    free(s->pfds);
    free(s);
}

static const struct netdev_backend net_slirp_backend = {
    .send = net_slirp_send,
    .free = net_slirp_free,
};

static struct in_addr net_slirp_addr(const char *dotted)
{
    struct in_addr a;
    inet_pton(AF_INET, dotted, &a);
    return a;
}

static Slirp *net_slirp_new(struct net_slirp *s)
{
    SlirpConfig cfg = {
        .version = 4,
        .in_enabled = true,
        .vnetwork = net_slirp_addr(NETDEV_USER_NET),
        .vnetmask = net_slirp_addr(NETDEV_USER_MASK),
        .vhost = net_slirp_addr(NETDEV_USER_HOST),
        .vdhcp_start = net_slirp_addr(NETDEV_USER_DHCP),
        .vnameserver = net_slirp_addr(NETDEV_USER_DNS),
    };
    return slirp_new(&cfg, &net_slirp_cb, s);
}

static int net_slirp_hostfwd(struct net_slirp *s, const char *spec)
{
    struct netdev_hostfwd f;
    const char *why;
    if (netdev_parse_hostfwd(spec, &f, &why) < 0) {
        log_error("%s: hostfwd '%s': %s", s->option, spec, why);
        return -1;
    }
    struct in_addr host = {.s_addr = f.host_addr};
    struct in_addr guest = {.s_addr = f.guest_addr};
    if (!guest.s_addr)
        guest = net_slirp_addr(NETDEV_USER_DHCP);
    errno = 0;
    if (slirp_add_hostfwd(s->slirp, f.udp, host, f.host_port, guest, f.guest_port) < 0) {
        log_error("%s: hostfwd '%s': cannot listen on host %s port %u: %s", s->option, spec,
                  f.udp ? "udp" : "tcp", f.host_port,
                  errno ? strerror(errno) : "port in use or not permitted");
        return -1;
    }
    return 0;
}

static int net_slirp_start(struct net_slirp *s, const struct netdev_config *c)
{
    s->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    s->pfds_cap = 16;
    s->pfds = util_calloc(s->pfds_cap, sizeof(*s->pfds));
    if (s->wake_fd < 0 || !s->pfds) {
        log_error("%s: cannot set up the network thread: %s", c->option, strerror(errno));
        return -1;
    }
    s->slirp = net_slirp_new(s);
    if (!s->slirp) {
        log_error("%s: libslirp refused the configuration", c->option);
        return -1;
    }
    for (unsigned i = 0; i < c->nhostfwd && i < NETDEV_MAX_HOSTFWD; i++)
        if (net_slirp_hostfwd(s, c->hostfwd[i]) < 0)
            return -1;
    if (pthread_create(&s->thread, NULL, net_slirp_thread, s) != 0) {
        log_error("%s: cannot start the network thread", c->option);
        return -1;
    }
    s->thread_started = true;
    return 0;
}

void *net_slirp_create(const struct netdev_config *c, struct netdev *n,
                       const struct netdev_backend **be)
{
    struct net_slirp *s = util_calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->nd = n;
    s->option = c->option;
    s->wake_fd = -1;
    pthread_mutex_init(&s->lock, NULL);
    if (net_slirp_start(s, c) < 0) {
        net_slirp_free(s);
        return NULL;
    }
    *be = &net_slirp_backend;
    return s;
}
