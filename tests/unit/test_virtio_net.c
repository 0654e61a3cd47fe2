/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/virtio_net.c through the real virtio-mmio transport: the
 * test is the driver (registers over the bus, split rings hand-built in RAM)
 * and talks to a user-mode netdev over loopback: ARP to the gateway, frames
 * waiting for buffers, short buffers, bad and malformed transmit chains. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw/irq.h"
#include "hw/netdev.h"
#include "hw/virtio.h"
#include "hw/virtio_net.h"
#include "mem/bus.h"

#include "fixture.h"

#define BASE     0x10008000ull
#define IRQ_NUM  8
#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x100000ull
#define QSIZE    8
#define WAIT_MS  3000

#define F_MAC       (1u << 5)
#define F_MRG_RXBUF (1u << 15)
#define F_STATUS    (1u << 16)
#define DESC_NEXT   1
#define DESC_WRITE  2
#define RX          0
#define TX          1

static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

/* The driver's view of one split virtqueue. */
struct drvq {
    uint64_t desc, avail, used; /* guest addresses */
    uint16_t next_desc, avail_idx, used_seen;
};

struct fx {
    struct bus *bus;
    uint8_t *ram;
    struct fixture_irq irq;
    struct netdev *nd;
    struct virtio_net *vn;
    struct drvq q[2];
    uint64_t next_buf; /* bump allocator for data buffers */
};

static uint8_t *ram(struct fx *f, uint64_t gpa) { return f->ram + (gpa - RAM_BASE); }

static void st16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); } /* host is little-endian */
static void st32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void st64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static uint16_t ld16(const uint8_t *p)
{
    return __atomic_load_n((const uint16_t *)p, __ATOMIC_ACQUIRE);
}

static uint32_t ld32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint32_t rd(struct fx *f, uint64_t off) { return fixture_read32(f->bus, BASE + off); }
static void wr(struct fx *f, uint64_t off, uint32_t v) { fixture_write32(f->bus, BASE + off, v); }

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->bus = fixture_bus_create();
    assert_int_equal(bus_add_ram(f->bus, "ram", RAM_BASE, RAM_SIZE), 0);
    f->ram = bus_host_ptr(f->bus, RAM_BASE, RAM_SIZE, true);
    assert_non_null(f->ram);
    struct netdev_config c = {.option = "-netdev user,id=n0", .type = NETDEV_USER, .id = "n0"};
    assert_non_null(f->nd = netdev_create(&c));
    struct irq_line irq = fixture_irq_line(&f->irq, IRQ_NUM);
    assert_non_null(f->vn = virtio_net_create(f->bus, BASE, &irq, f->nd, mac));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    virtio_net_free(f->vn);
    netdev_free(f->nd);
    bus_free(f->bus);
    free(f);
    return 0;
}

/* Rings of queue i at a fixed spot per (queue, round): round lets a test
 * re-initialise after a reset onto fresh memory. */
static void queue_setup(struct fx *f, unsigned i, unsigned round)
{
    struct drvq *q = &f->q[i];
    uint64_t at = RAM_BASE + 0x1000 * (1 + i + 2 * round);
    *q = (struct drvq){.desc = at, .avail = at + 0x400, .used = at + 0x800};
    memset(ram(f, at), 0, 0x1000);
    wr(f, VIRTIO_MMIO_QUEUE_SEL, i);
    assert_true(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX) >= QSIZE);
    wr(f, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
    wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q->desc);
    wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(q->desc >> 32));
    wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)q->avail);
    wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(q->avail >> 32));
    wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)q->used);
    wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(q->used >> 32));
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
}

/* The driver initialisation of virtio 1.2, 3.1.1. */
static void driver_init(struct fx *f, unsigned round)
{
    assert_int_equal(rd(f, VIRTIO_MMIO_MAGIC), 0x74726976);
    assert_int_equal(rd(f, VIRTIO_MMIO_VERSION), 2);
    assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
    wr(f, VIRTIO_MMIO_STATUS, 0);
    wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, F_MAC | F_STATUS);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1); /* VERSION_1 */
    wr(f, VIRTIO_MMIO_STATUS,
       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
    queue_setup(f, RX, round);
    queue_setup(f, TX, round);
    wr(f, VIRTIO_MMIO_STATUS,
       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
           VIRTIO_STATUS_DRIVER_OK);
    f->next_buf = RAM_BASE + 0x10000;
}

static uint64_t buf_alloc(struct fx *f, uint32_t len)
{
    uint64_t a = f->next_buf;
    f->next_buf += (len + 15) & ~15u;
    assert_true(f->next_buf <= RAM_BASE + RAM_SIZE);
    return a;
}

/* Put a chain of n segments on queue i and make it available; no kick. */
static uint16_t chain_add(struct fx *f, unsigned i, const uint64_t *addr, const uint32_t *len,
                          const bool *writable, unsigned n)
{
    struct drvq *q = &f->q[i];
    uint16_t head = q->next_desc % QSIZE;
    for (unsigned k = 0; k < n; k++) {
        uint16_t d = (q->next_desc++) % QSIZE;
        uint8_t *p = ram(f, q->desc + 16 * d);
        st64(p, addr[k]);
        st32(p + 8, len[k]);
        st16(p + 12, (uint16_t)((k + 1 < n ? DESC_NEXT : 0) | (writable[k] ? DESC_WRITE : 0)));
        st16(p + 14, (uint16_t)(q->next_desc % QSIZE));
    }
    st16(ram(f, q->avail + 4 + 2 * (q->avail_idx % QSIZE)), head);
    q->avail_idx++;
    __atomic_store_n((uint16_t *)ram(f, q->avail + 2), q->avail_idx, __ATOMIC_RELEASE);
    return head;
}

static void kick(struct fx *f, unsigned i) { wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, i); }

/* Wait for the next used entry of queue i; returns its length, *id its head. */
static uint32_t wait_used(struct fx *f, unsigned i, uint16_t *id)
{
    struct drvq *q = &f->q[i];
    for (int ms = 0; ld16(ram(f, q->used + 2)) == q->used_seen; ms++) {
        if (ms == WAIT_MS)
            fail_msg("queue %u: nothing used within %d ms", i, WAIT_MS);
        fixture_sleep_ms(1);
    }
    uint8_t *e = ram(f, q->used + 4 + 8 * (q->used_seen % QSIZE));
    q->used_seen++;
    *id = (uint16_t)ld32(e);
    return ld32(e + 4);
}

static bool used_pending(struct fx *f, unsigned i)
{
    return ld16(ram(f, f->q[i].used + 2)) != f->q[i].used_seen;
}

static uint64_t rx_post(struct fx *f, uint32_t len)
{
    uint64_t a = buf_alloc(f, len);
    bool w = true;
    chain_add(f, RX, &a, &len, &w, 1);
    return a;
}

static size_t arp_request(uint8_t *p)
{
    static const uint8_t head[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34,
                                   0x56, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6,    4,    0,    1};
    memcpy(p, head, sizeof(head));
    memcpy(p + 22, mac, 6);
    memcpy(p + 28, (uint8_t[]){10, 0, 2, 15}, 4);
    memset(p + 32, 0, 6);
    memcpy(p + 38, (uint8_t[]){10, 0, 2, 2}, 4);
    return 42;
}

/* Transmit header + ARP request as two descriptors and check completion. */
static void tx_arp(struct fx *f)
{
    uint64_t a[2] = {buf_alloc(f, 12), buf_alloc(f, 64)};
    uint32_t l[2] = {12, 0};
    bool w[2] = {false, false};
    memset(ram(f, a[0]), 0, 12);
    l[1] = (uint32_t)arp_request(ram(f, a[1]));
    uint16_t head = chain_add(f, TX, a, l, w, 2), id;
    kick(f, TX);
    assert_int_equal(wait_used(f, TX, &id), 0);
    assert_int_equal(id, head);
}

/* The buffer at a holds header + an ARP reply from the gateway. */
static void check_arp_reply(struct fx *f, uint64_t a, uint32_t len)
{
    const uint8_t *p = ram(f, a);
    assert_true(len >= 12 + 42);
    assert_int_equal(p[0], 0);  /* flags */
    assert_int_equal(p[1], 0);  /* gso_type */
    assert_int_equal(p[10], 1); /* num_buffers, le16 */
    assert_int_equal(p[11], 0);
    p += 12;
    assert_memory_equal(p, mac, 6);
    assert_int_equal(p[12] << 8 | p[13], 0x0806);
    assert_int_equal(p[20] << 8 | p[21], 2); /* reply */
    assert_memory_equal(p + 28, ((uint8_t[]){10, 0, 2, 2}), 4);
}

static void test_features_and_config(void **state)
{
    struct fx *f = *state;
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint32_t lo = rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
    assert_true(lo & F_MAC);
    assert_true(lo & F_STATUS);
    assert_false(lo & F_MRG_RXBUF);
    assert_int_equal(lo & 0xf, 0); /* no checksum or GSO offloads */
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    assert_true(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & 1); /* VERSION_1 */
    for (unsigned i = 0; i < 6; i++)
        assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_CONFIG + i, 1), mac[i]);
    assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_CONFIG + 6, 2), 1); /* LINK_UP */
}

static void test_arp_roundtrip(void **state)
{
    struct fx *f = *state;
    driver_init(f, 0);
    uint64_t rx = rx_post(f, 1526);
    kick(f, RX);
    tx_arp(f);
    uint16_t id;
    uint32_t len = wait_used(f, RX, &id);
    assert_int_equal(id, 0);
    check_arp_reply(f, rx, len);
    assert_true(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS) & 1);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    wr(f, VIRTIO_MMIO_INTERRUPT_ACK, 1);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
}

/* A frame arriving before the driver has buffers waits in the netdev until
 * the driver adds one and kicks the receive queue. */
static void test_frame_waits_for_buffer(void **state)
{
    struct fx *f = *state;
    driver_init(f, 0);
    tx_arp(f);
    fixture_sleep_ms(20);
    assert_false(used_pending(f, RX));
    uint64_t rx = rx_post(f, 1526);
    kick(f, RX);
    uint16_t id;
    check_arp_reply(f, rx, wait_used(f, RX, &id));
}

/* A buffer too small for header + frame comes back empty (frame dropped). */
static void test_short_rx_buffer(void **state)
{
    struct fx *f = *state;
    driver_init(f, 0);
    uint64_t rx = rx_post(f, 30);
    memset(ram(f, rx), 0xaa, 30);
    kick(f, RX);
    tx_arp(f);
    uint16_t id;
    assert_int_equal(wait_used(f, RX, &id), 0);
    assert_int_equal(ram(f, rx)[0], 0xaa);
    assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

/* A header-only chain, or one without a header, is completed and dropped;
 * the device keeps working. */
static void test_tx_bad_lengths(void **state)
{
    struct fx *f = *state;
    driver_init(f, 0);
    uint64_t a = buf_alloc(f, 16);
    uint32_t lens[] = {12, 8, 12 + 13};
    bool w = false;
    for (unsigned i = 0; i < 3; i++) {
        chain_add(f, TX, &a, &lens[i], &w, 1);
        kick(f, TX);
        uint16_t id;
        assert_int_equal(wait_used(f, TX, &id), 0);
    }
    assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    uint64_t rx = rx_post(f, 1526);
    kick(f, RX);
    tx_arp(f);
    uint16_t id;
    check_arp_reply(f, rx, wait_used(f, RX, &id));
}

/* A descriptor outside RAM: NEEDS_RESET, no crash; after a reset the driver
 * starts over on fresh rings, and a buffer given before the reset is never
 * written. */
static void test_malformed_tx_then_reset(void **state)
{
    struct fx *f = *state;
    driver_init(f, 0);
    uint64_t old_rx = rx_post(f, 1526);
    memset(ram(f, old_rx), 0x55, 64);
    kick(f, RX);
    uint64_t bad = 0x1000;
    uint32_t len = 64;
    bool w = false;
    chain_add(f, TX, &bad, &len, &w, 1);
    kick(f, TX);
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    assert_false(used_pending(f, TX));
    driver_init(f, 1);
    assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    f->next_buf = RAM_BASE + 0x20000;
    uint64_t rx = rx_post(f, 1526);
    kick(f, RX);
    tx_arp(f);
    uint16_t id;
    check_arp_reply(f, rx, wait_used(f, RX, &id));
    assert_int_equal(ram(f, old_rx)[0], 0x55);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_features_and_config), T(test_arp_roundtrip),  T(test_frame_waits_for_buffer),
        T(test_short_rx_buffer),     T(test_tx_bad_lengths), T(test_malformed_tx_then_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
