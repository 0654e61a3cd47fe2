/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/netdev.c and hw/net_slirp.c over loopback only: the test
 * plays the guest with hand-built Ethernet frames (DHCP, ARP, a forwarded TCP
 * connection), checks the bounded queue, and hostfwd errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hw/netdev.h"

#define MAX_FRAMES 512
#define WAIT_MS    3000

#define ETH_ARP  0x0806
#define ETH_IPV4 0x0800
#define IP_TCP   6
#define IP_UDP   17
#define TCP_SYN  0x02
#define TCP_ACK  0x10

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t bcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

struct frame {
    size_t len;
    uint8_t *data;
};

/* The device end: records every frame; has_room is what can_receive says. */
struct fx {
    struct netdev *nd;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool has_room;
    struct frame frames[MAX_FRAMES];
    unsigned nframes;
};

static bool peer_can_receive(void *opaque)
{
    struct fx *f = opaque;
    pthread_mutex_lock(&f->lock);
    bool room = f->has_room;
    pthread_mutex_unlock(&f->lock);
    return room;
}

static void peer_receive(void *opaque, const void *data, size_t len)
{
    struct fx *f = opaque;
    pthread_mutex_lock(&f->lock);
    assert_true(f->has_room);
    if (f->nframes < MAX_FRAMES) {
        struct frame *fr = &f->frames[f->nframes++];
        fr->data = malloc(len);
        assert_non_null(fr->data);
        memcpy(fr->data, data, len);
        fr->len = len;
    }
    pthread_cond_broadcast(&f->cond);
    pthread_mutex_unlock(&f->lock);
}

static void set_room(struct fx *f, bool room)
{
    pthread_mutex_lock(&f->lock);
    f->has_room = room;
    pthread_mutex_unlock(&f->lock);
}

static struct netdev *user_netdev(const char *const *fwd, unsigned nfwd)
{
    struct netdev_config c = {.option = "-netdev user,id=n0", .type = NETDEV_USER, .id = "n0"};
    for (unsigned i = 0; i < nfwd; i++)
        c.hostfwd[i] = fwd[i];
    c.nhostfwd = nfwd;
    return netdev_create(&c);
}

static void fx_attach(struct fx *f)
{
    struct netdev_peer p = {.can_receive = peer_can_receive, .receive = peer_receive, .opaque = f};
    netdev_attach(f->nd, &p);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->cond, NULL);
    f->has_room = true;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    netdev_free(f->nd);
    for (unsigned i = 0; i < f->nframes; i++)
        free(f->frames[i].data);
    free(f);
    return 0;
}

/* ---- Frame building ---- */

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

static uint32_t ip4(const char *dotted)
{
    struct in_addr a;
    assert_int_equal(inet_pton(AF_INET, dotted, &a), 1);
    return ntohl(a.s_addr);
}

/* RFC 1071 sum of len bytes, folded later by csum_fold. */
static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += get16(p + i);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static size_t eth_header(uint8_t *p, const uint8_t *dst, uint16_t type)
{
    memcpy(p, dst, 6);
    memcpy(p + 6, guest_mac, 6);
    put16(p + 12, type);
    return 14;
}

/* IPv4 header at p for a payload of plen bytes; returns its size. */
static size_t ip_header(uint8_t *p, uint8_t proto, uint32_t src, uint32_t dst, size_t plen)
{
    memset(p, 0, 20);
    p[0] = 0x45;
    put16(p + 2, (uint16_t)(20 + plen));
    put16(p + 4, 0x1234);
    p[8] = 64;
    p[9] = proto;
    put32(p + 12, src);
    put32(p + 16, dst);
    put16(p + 10, csum_fold(csum_add(0, p, 20)));
    return 20;
}

/* Checksum of a UDP or TCP segment with its IPv4 pseudo-header. */
static uint16_t l4_csum(uint8_t proto, uint32_t src, uint32_t dst, const uint8_t *seg, size_t len)
{
    uint8_t pseudo[12];
    put32(pseudo, src);
    put32(pseudo + 4, dst);
    pseudo[8] = 0;
    pseudo[9] = proto;
    put16(pseudo + 10, (uint16_t)len);
    return csum_fold(csum_add(csum_add(0, pseudo, 12), seg, len));
}

static void send_frame(struct netdev *nd, const uint8_t *p, size_t len)
{
    struct iovec iov[2] = {{(void *)p, 14}, {(void *)(p + 14), len - 14}};
    netdev_send(nd, iov, 2);
}

static size_t build_udp(uint8_t *buf, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                        const uint8_t *payload, size_t plen)
{
    size_t off = eth_header(buf, bcast_mac, ETH_IPV4);
    off += ip_header(buf + off, IP_UDP, src, dst, 8 + plen);
    uint8_t *udp = buf + off;
    put16(udp, sport);
    put16(udp + 2, dport);
    put16(udp + 4, (uint16_t)(8 + plen));
    put16(udp + 6, 0);
    memcpy(udp + 8, payload, plen);
    uint16_t c = l4_csum(IP_UDP, src, dst, udp, 8 + plen);
    put16(udp + 6, c ? c : 0xffff);
    return off + 8 + plen;
}

static size_t build_arp_request(uint8_t *buf, uint32_t sender, uint32_t target)
{
    size_t off = eth_header(buf, bcast_mac, ETH_ARP);
    uint8_t *a = buf + off;
    put16(a, 1);
    put16(a + 2, ETH_IPV4);
    a[4] = 6;
    a[5] = 4;
    put16(a + 6, 1);
    memcpy(a + 8, guest_mac, 6);
    put32(a + 14, sender);
    memset(a + 18, 0, 6);
    put32(a + 24, target);
    return off + 28;
}

/* ---- Frame parsing ---- */

static bool is_ipv4(const struct frame *fr, uint8_t proto)
{
    return fr->len >= 34 && get16(fr->data + 12) == ETH_IPV4 && fr->data[14 + 9] == proto;
}

static const uint8_t *l4_of(const struct frame *fr)
{
    return fr->data + 14 + (fr->data[14] & 15) * 4;
}

typedef bool frame_match_fn(const struct frame *fr, const void *arg);

/* Wait up to WAIT_MS for a frame matching fn; removes and returns it (the
 * caller frees data). Fails the test on timeout. */
static struct frame wait_frame(struct fx *f, frame_match_fn *fn, const void *arg)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += WAIT_MS / 1000;
    pthread_mutex_lock(&f->lock);
    for (;;) {
        for (unsigned i = 0; i < f->nframes; i++) {
            if (!fn(&f->frames[i], arg))
                continue;
            struct frame fr = f->frames[i];
            memmove(&f->frames[i], &f->frames[i + 1], (f->nframes - i - 1) * sizeof(fr));
            f->nframes--;
            pthread_mutex_unlock(&f->lock);
            return fr;
        }
        if (pthread_cond_timedwait(&f->cond, &f->lock, &dl) != 0)
            break;
    }
    pthread_mutex_unlock(&f->lock);
    fail_msg("no matching frame within %d ms", WAIT_MS);
    return (struct frame){0};
}

/* ---- DHCP ---- */

#define BOOTP_SIZE    548 /* fixed part (236) + cookie + the classic 308 option bytes */
#define DHCP_DISCOVER 1
#define DHCP_OFFER    2
#define DHCP_REQUEST  3
#define DHCP_ACK      5

static size_t build_dhcp(uint8_t *buf, uint8_t type)
{
    uint8_t b[BOOTP_SIZE] = {1, 1, 6, 0};
    put32(b + 4, 0xdeadbeef);
    memcpy(b + 28, guest_mac, 6);
    put32(b + 236, 0x63825363); /* RFC 2131 3: magic cookie */
    uint8_t *o = b + 240;
    *o++ = 53, *o++ = 1, *o++ = type;
    if (type == DHCP_REQUEST) {
        *o++ = 50, *o++ = 4, put32(o, ip4(NETDEV_USER_DHCP)), o += 4;
        *o++ = 54, *o++ = 4, put32(o, ip4(NETDEV_USER_HOST)), o += 4;
    }
    *o = 255;
    return build_udp(buf, 0, 0xffffffff, 68, 67, b, sizeof(b));
}

static bool match_dhcp_reply(const struct frame *fr, const void *arg)
{
    if (!is_ipv4(fr, IP_UDP))
        return false;
    const uint8_t *udp = l4_of(fr);
    return get16(udp) == 67 && get16(udp + 2) == 68;
}

/* The DHCP message type option of a reply, or -1. */
static int dhcp_type(const struct frame *fr)
{
    const uint8_t *b = l4_of(fr) + 8;
    const uint8_t *end = fr->data + fr->len;
    assert_true(b + 240 <= end);
    assert_int_equal(get32(b + 236), 0x63825363);
    for (const uint8_t *o = b + 240; o + 2 <= end && *o != 255;) {
        if (*o == 0) {
            o++;
            continue;
        }
        if (o[0] == 53 && o[1] == 1)
            return o[2];
        o += 2 + o[1];
    }
    return -1;
}

static void dhcp_exchange(struct fx *f, uint8_t send_type, int want_type)
{
    uint8_t buf[1024];
    send_frame(f->nd, buf, build_dhcp(buf, send_type));
    struct frame fr = wait_frame(f, match_dhcp_reply, NULL);
    const uint8_t *b = l4_of(&fr) + 8;
    assert_int_equal(b[0], 2); /* BOOTREPLY */
    assert_int_equal(get32(b + 4), 0xdeadbeef);
    assert_int_equal(get32(b + 16), ip4(NETDEV_USER_DHCP)); /* yiaddr */
    assert_memory_equal(b + 28, guest_mac, 6);
    assert_int_equal(dhcp_type(&fr), want_type);
    free(fr.data);
}

static void test_dhcp(void **state)
{
    struct fx *f = *state;
    assert_non_null(f->nd = user_netdev(NULL, 0));
    fx_attach(f);
    dhcp_exchange(f, DHCP_DISCOVER, DHCP_OFFER);
    dhcp_exchange(f, DHCP_REQUEST, DHCP_ACK);
}

/* ---- ARP ---- */

static bool match_arp_reply(const struct frame *fr, const void *arg)
{
    return fr->len >= 42 && get16(fr->data + 12) == ETH_ARP && get16(fr->data + 20) == 2;
}

static void arp_gateway(struct fx *f)
{
    uint8_t buf[64];
    send_frame(f->nd, buf, build_arp_request(buf, ip4(NETDEV_USER_DHCP), ip4(NETDEV_USER_HOST)));
    struct frame fr = wait_frame(f, match_arp_reply, NULL);
    assert_memory_equal(fr.data, guest_mac, 6);
    assert_int_equal(get32(fr.data + 28), ip4(NETDEV_USER_HOST)); /* sender IP */
    assert_memory_equal(fr.data + 32, guest_mac, 6);              /* target MAC */
    assert_int_equal(get32(fr.data + 38), ip4(NETDEV_USER_DHCP)); /* target IP */
    assert_memory_equal(fr.data + 22, fr.data + 6, 6);            /* sender MAC = eth source */
    free(fr.data);
}

static void test_arp(void **state)
{
    struct fx *f = *state;
    assert_non_null(f->nd = user_netdev(NULL, 0));
    fx_attach(f);
    arp_gateway(f);
}

/* Frames for a peer without room wait in the queue; beyond its bound they
 * are dropped and counted. */
static void test_queue_when_peer_full(void **state)
{
    struct fx *f = *state;
    assert_non_null(f->nd = user_netdev(NULL, 0));
    set_room(f, false);
    fx_attach(f);
    uint8_t buf[64];
    size_t len = build_arp_request(buf, ip4(NETDEV_USER_DHCP), ip4(NETDEV_USER_HOST));
    for (unsigned i = 0; i < NETDEV_QUEUE_MAX + 10; i++)
        send_frame(f->nd, buf, len);
    assert_int_equal(f->nframes, 0);
    assert_int_equal(netdev_drops(f->nd), 10);
    set_room(f, true);
    netdev_peer_ready(f->nd);
    assert_int_equal(f->nframes, NETDEV_QUEUE_MAX);
    for (unsigned i = 0; i < f->nframes; i++)
        assert_true(match_arp_reply(&f->frames[i], NULL));
}

/* ---- hostfwd ---- */

static uint16_t free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &alen), 0);
    close(s);
    return ntohs(a.sin_port);
}

static int connect_local(uint16_t port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_in a = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(connect(s, (struct sockaddr *)&a, sizeof(a)), 0);
    return s;
}

static bool match_tcp_to_guest(const struct frame *fr, const void *arg)
{
    const uint8_t *flags = arg;
    if (!is_ipv4(fr, IP_TCP) || get32(fr->data + 30) != ip4(NETDEV_USER_DHCP))
        return false;
    const uint8_t *tcp = l4_of(fr);
    return get16(tcp + 2) == 22 && (tcp[13] & (TCP_SYN | TCP_ACK)) == *flags;
}

/* Answer the guest side of a SYN with SYN-ACK (seq 1000). */
static void send_syn_ack(struct fx *f, const struct frame *syn)
{
    const uint8_t *ip = syn->data + 14, *tcp = l4_of(syn);
    uint32_t peer = get32(ip + 12), me = get32(ip + 16);
    uint8_t buf[128], seg[20] = {0};
    put16(seg, 22);
    put16(seg + 2, get16(tcp));
    put32(seg + 4, 1000);
    put32(seg + 8, get32(tcp + 4) + 1);
    seg[12] = 5 << 4;
    seg[13] = TCP_SYN | TCP_ACK;
    put16(seg + 14, 65535);
    put16(seg + 16, l4_csum(IP_TCP, me, peer, seg, sizeof(seg)));
    size_t off = eth_header(buf, syn->data + 6, ETH_IPV4);
    off += ip_header(buf + off, IP_TCP, me, peer, sizeof(seg));
    memcpy(buf + off, seg, sizeof(seg));
    send_frame(f->nd, buf, off + sizeof(seg));
}

/* A host client on the forwarded port reaches the guest's port 22: the SYN
 * arrives for 10.0.2.15, and after our SYN-ACK the client's bytes follow. */
static void test_hostfwd_tcp(void **state)
{
    struct fx *f = *state;
    uint16_t port = free_port();
    char spec[64];
    snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%u-:22", port);
    const char *fwd[] = {spec};
    assert_non_null(f->nd = user_netdev(fwd, 1));
    fx_attach(f);
    arp_gateway(f); /* slirp learns the guest's MAC */
    int c = connect_local(port);
    uint8_t want = TCP_SYN;
    struct frame syn = wait_frame(f, match_tcp_to_guest, &want);
    assert_memory_equal(syn.data, guest_mac, 6);
    send_syn_ack(f, &syn);
    assert_int_equal(write(c, "hello", 5), 5);
    const uint8_t *tcp;
    struct frame data;
    want = TCP_ACK;
    for (;;) {
        data = wait_frame(f, match_tcp_to_guest, &want);
        tcp = l4_of(&data);
        if (data.data + data.len > tcp + (tcp[12] >> 4) * 4)
            break;
        free(data.data); /* the bare ACK of the handshake */
    }
    assert_int_equal(get32(tcp + 8), 1001);
    assert_memory_equal(tcp + (tcp[12] >> 4) * 4, "hello", 5);
    assert_int_equal(get32(tcp + 4), get32(l4_of(&syn) + 4) + 1);
    free(data.data);
    free(syn.data);
    close(c);
}

/* Run fn with stderr captured; returns the text (static buffer). */
static const char *capture_stderr(struct netdev *(*fn)(const void *), const void *arg,
                                  struct netdev **out)
{
    static char text[1024];
    fflush(stderr);
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    *out = fn(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(text, 1, sizeof(text) - 1, tmp);
    text[n] = 0;
    fclose(tmp);
    return text;
}

static struct netdev *create_one_fwd(const void *spec)
{
    const char *fwd[] = {spec};
    return user_netdev(fwd, 1);
}

static void test_hostfwd_port_in_use(void **state)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s, 1), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &alen), 0);
    char spec[64];
    snprintf(spec, sizeof(spec), "tcp:127.0.0.1:%u-:22", ntohs(a.sin_port));
    struct netdev *nd;
    const char *msg = capture_stderr(create_one_fwd, spec, &nd);
    assert_null(nd);
    assert_non_null(strstr(msg, "-netdev user,id=n0"));
    assert_non_null(strstr(msg, spec));
    assert_non_null(strstr(msg, "cannot listen"));
    close(s);
}

static void test_hostfwd_bad_spec_fails_create(void **state)
{
    struct netdev *nd;
    const char *msg = capture_stderr(create_one_fwd, "sctp::2222-:22", &nd);
    assert_null(nd);
    assert_non_null(strstr(msg, "-netdev user,id=n0: hostfwd 'sctp::2222-:22'"));
    assert_non_null(strstr(msg, "tcp or udp"));
}

static void test_parse_hostfwd(void **state)
{
    struct netdev_hostfwd h;
    const char *why = NULL;
    assert_int_equal(netdev_parse_hostfwd("tcp:127.0.0.1:2222-:22", &h, &why), 0);
    assert_false(h.udp);
    assert_int_equal(ntohl(h.host_addr), ip4("127.0.0.1"));
    assert_int_equal(h.host_port, 2222);
    assert_int_equal(h.guest_addr, 0);
    assert_int_equal(h.guest_port, 22);
    assert_int_equal(netdev_parse_hostfwd("udp::5555-10.0.2.15:5556", &h, &why), 0);
    assert_true(h.udp);
    assert_int_equal(h.host_addr, 0);
    assert_int_equal(ntohl(h.guest_addr), ip4("10.0.2.15"));
    assert_int_equal(h.guest_port, 5556);
    assert_int_equal(netdev_parse_hostfwd("::8080-:80", &h, &why), 0); /* empty = tcp */
    assert_false(h.udp);
    assert_int_equal(h.host_port, 8080);
}

static void expect_bad(const char *spec, const char *why_part)
{
    struct netdev_hostfwd h;
    const char *why = NULL;
    assert_int_equal(netdev_parse_hostfwd(spec, &h, &why), -1);
    assert_non_null(why);
    if (!strstr(why, why_part))
        fail_msg("'%s': got '%s', wanted '%s'", spec, why, why_part);
}

static void test_parse_hostfwd_errors(void **state)
{
    expect_bad("sctp::2222-:22", "tcp or udp");
    expect_bad("tcp::-:22", "missing port");
    expect_bad("tcp::2222-:", "missing port");
    expect_bad("tcp::0-:22", "1..65535");
    expect_bad("tcp::70000-:22", "1..65535");
    expect_bad("tcp::2222-:99999999999", "1..65535");
    expect_bad("tcp::22x-:22", "1..65535");
    expect_bad("tcp:1.2.3:2222-:22", "IPv4");
    expect_bad("tcp:2222-22", "expected");
    expect_bad("tcp::2222", "expected");
    expect_bad("", "expected");
}

static struct netdev *create_tap(const void *ifname)
{
    struct netdev_config c = {.option = "-netdev tap,id=t0", .type = NETDEV_TAP, .ifname = ifname};
    return netdev_create(&c);
}

/* Without privileges the open fails with the help text; with them (root
 * with CAP_NET_ADMIN) the tap opens and closes again. */
static void test_tap_open(void **state)
{
    struct netdev *nd;
    const char *msg = capture_stderr(create_tap, NULL, &nd);
    assert_null(nd);
    assert_non_null(strstr(msg, "ifname"));
    msg = capture_stderr(create_tap, "rivettest0", &nd);
    if (nd) {
        netdev_free(nd);
        return;
    }
    assert_non_null(strstr(msg, "-netdev tap,id=t0: cannot open tap 'rivettest0'"));
    assert_non_null(strstr(msg, "CAP_NET_ADMIN"));
}

/* Give interface name the address 10.77.0.1/24 and bring it up. */
static bool tap_configure(const char *name)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr = {0};
    strcpy(ifr.ifr_name, name);
    struct sockaddr_in *a = (struct sockaddr_in *)&ifr.ifr_addr;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(ip4("10.77.0.1"));
    bool ok = ioctl(s, SIOCSIFADDR, &ifr) == 0;
    a->sin_addr.s_addr = htonl(ip4("255.255.255.0"));
    ok = ok && ioctl(s, SIOCSIFNETMASK, &ifr) == 0;
    ok = ok && ioctl(s, SIOCGIFFLAGS, &ifr) == 0;
    ifr.ifr_flags |= IFF_UP;
    ok = ok && ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
    close(s);
    return ok;
}

/* Where the host allows it (CAP_NET_ADMIN), the host kernel answers an ARP
 * request sent through the tap, and the reply comes back to the peer. */
static void test_tap_arp(void **state)
{
    struct fx *f = *state;
    struct netdev *nd;
    capture_stderr(create_tap, "rivettest1", &nd);
    if (!nd || !tap_configure("rivettest1")) {
        netdev_free(nd);
        skip();
    }
    f->nd = nd;
    fx_attach(f);
    uint8_t buf[64];
    send_frame(f->nd, buf, build_arp_request(buf, ip4("10.77.0.2"), ip4("10.77.0.1")));
    struct frame fr = wait_frame(f, match_arp_reply, NULL);
    assert_memory_equal(fr.data, guest_mac, 6);
    assert_int_equal(get32(fr.data + 28), ip4("10.77.0.1"));
    free(fr.data);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_dhcp),
        T(test_arp),
        T(test_queue_when_peer_full),
        T(test_hostfwd_tcp),
        T(test_hostfwd_port_in_use),
        T(test_hostfwd_bad_spec_fails_create),
        T(test_parse_hostfwd),
        T(test_parse_hostfwd_errors),
        T(test_tap_open),
        T(test_tap_arp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
