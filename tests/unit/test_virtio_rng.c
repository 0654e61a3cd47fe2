/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/virtio_rng.c through the real virtio-mmio transport: a
 * small driver in this file sets the device up and builds split rings in RAM
 * (virtio 1.2, 2.7 and 4.2.3), then checks what the device returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hw/irq.h"
#include "hw/virtio.h"
#include "hw/virtio_rng.h"
#include "mem/bus.h"

#include "fixture.h"

#define BASE     0x10008000ull
#define IRQ_NUM  8
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define QSIZE    16

/* Guest-physical layout: the queue's three areas, then data buffers. */
#define DESC_GPA  (RAM_BASE + 0x0000)
#define AVAIL_GPA (RAM_BASE + 0x1000)
#define USED_GPA  (RAM_BASE + 0x2000)
#define BUF_GPA   (RAM_BASE + 0x10000)

struct fx {
    struct bus *bus;
    struct virtio_rng *rng;
    uint8_t *ram;
    uint16_t avail_idx;
    struct fixture_irq irq;
};

static uint32_t rd(struct fx *f, unsigned reg) { return fixture_read32(f->bus, BASE + reg); }
static void wr(struct fx *f, unsigned reg, uint32_t v) { fixture_write32(f->bus, BASE + reg, v); }
static uint8_t *gpa(struct fx *f, uint64_t a) { return f->ram + (a - RAM_BASE); }

static void wr64(struct fx *f, unsigned reg, uint64_t v)
{
    wr(f, reg, (uint32_t)v);
    wr(f, reg + 4, (uint32_t)(v >> 32));
}

/* Virtio 1.2, 3.1.1: the driver's initialisation sequence, VERSION_1 only. */
static void driver_init(struct fx *f)
{
    wr(f, VIRTIO_MMIO_STATUS, 0);
    wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    assert_true(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & 1u << (VIRTIO_F_VERSION_1 - 32));
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 0);
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
    wr(f, VIRTIO_MMIO_STATUS, st);
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
    memset(gpa(f, DESC_GPA), 0, USED_GPA + 0x1000 - DESC_GPA);
    f->avail_idx = 0;
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 0);
    assert_true(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX) >= QSIZE);
    wr(f, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
    wr64(f, VIRTIO_MMIO_QUEUE_DESC_LOW, DESC_GPA);
    wr64(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL_GPA);
    wr64(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED_GPA);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    wr(f, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_DRIVER_OK);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), st | VIRTIO_STATUS_DRIVER_OK);
}

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->bus = fixture_bus_create();
    assert_int_equal(bus_add_ram(f->bus, "ram", RAM_BASE, RAM_SIZE), 0);
    f->ram = bus_host_ptr(f->bus, RAM_BASE, RAM_SIZE, true);
    assert_non_null(f->ram);
    f->irq.check_num = true;
    struct irq_line l = fixture_irq_line(&f->irq, IRQ_NUM);
    f->rng = virtio_rng_create(f->bus, BASE, &l);
    assert_non_null(f->rng);
    driver_init(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    virtio_rng_free(f->rng);
    bus_free(f->bus);
    free(f);
    return 0;
}

/* Descriptor i of the table (virtio 1.2, 2.7.5), little-endian like the host. */
static void desc_set(struct fx *f, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                     uint16_t next)
{
    uint8_t *d = gpa(f, DESC_GPA + 16 * i);
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
}

/* Offer the chain at head (virtio 1.2, 2.7.13) and kick the queue. */
static void offer(struct fx *f, uint16_t head)
{
    uint8_t *avail = gpa(f, AVAIL_GPA);
    memcpy(avail + 4 + 2 * (f->avail_idx % QSIZE), &head, 2);
    f->avail_idx++;
    __atomic_store_n((uint16_t *)(avail + 2), f->avail_idx, __ATOMIC_RELEASE);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static uint16_t used_idx(struct fx *f)
{
    return __atomic_load_n((uint16_t *)(gpa(f, USED_GPA) + 2), __ATOMIC_ACQUIRE);
}

/* Used ring entry k (virtio 1.2, 2.7.8): the head's id and the bytes written. */
static void used_elem(struct fx *f, unsigned k, uint32_t *id, uint32_t *len)
{
    uint8_t *u = gpa(f, USED_GPA + 4 + 8 * (k % QSIZE));
    memcpy(id, u, 4);
    memcpy(len, u + 4, 4);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* One writable buffer: returned at once, exactly filled, with an interrupt. */
static void test_fill_one(void **state)
{
    struct fx *f = *state;
    uint8_t *buf = gpa(f, BUF_GPA);
    memset(buf, 0, 64);
    memset(buf + 64, 0xa5, 64); /* guard: must stay */
    desc_set(f, 0, BUF_GPA, 64, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    assert_int_equal(used_idx(f), 1);
    uint32_t id, len;
    used_elem(f, 0, &id, &len);
    assert_int_equal(id, 0);
    assert_int_equal(len, 64);
    assert_false(all_zero(buf, 64));
    for (int i = 64; i < 128; i++)
        assert_int_equal(buf[i], 0xa5);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    assert_true(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS) & 1);
    wr(f, VIRTIO_MMIO_INTERRUPT_ACK, 1);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
}

/* Two requests get different bytes. */
static void test_requests_differ(void **state)
{
    struct fx *f = *state;
    uint8_t *a = gpa(f, BUF_GPA), *b = gpa(f, BUF_GPA + 0x100);
    memset(a, 0, 32);
    memset(b, 0, 32);
    desc_set(f, 0, BUF_GPA, 32, VIRTQ_DESC_F_WRITE, 0);
    desc_set(f, 1, BUF_GPA + 0x100, 32, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    offer(f, 1);
    assert_int_equal(used_idx(f), 2);
    assert_false(all_zero(a, 32));
    assert_false(all_zero(b, 32));
    assert_memory_not_equal(a, b, 32);
}

/* A chain of three writable segments is filled across all of them. */
static void test_fill_chain(void **state)
{
    struct fx *f = *state;
    uint8_t *buf = gpa(f, BUF_GPA);
    memset(buf, 0, 0x300);
    desc_set(f, 3, BUF_GPA, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 5);
    desc_set(f, 5, BUF_GPA + 0x100, 40, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 7);
    desc_set(f, 7, BUF_GPA + 0x200, 24, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 3);
    assert_int_equal(used_idx(f), 1);
    uint32_t id, len;
    used_elem(f, 0, &id, &len);
    assert_int_equal(id, 3);
    assert_int_equal(len, 16 + 40 + 24);
    assert_false(all_zero(buf, 16));
    assert_false(all_zero(buf + 0x100, 40));
    assert_false(all_zero(buf + 0x200, 24));
    assert_true(all_zero(buf + 16, 0x100 - 16));
    assert_true(all_zero(buf + 0x100 + 40, 0x100 - 40));
}

/* A buffer longer than VIRTIO_RNG_MAX_REQ is filled only that far. */
static void test_request_capped(void **state)
{
    struct fx *f = *state;
    uint32_t size = VIRTIO_RNG_MAX_REQ + 0x4000;
    uint8_t *buf = gpa(f, BUF_GPA);
    memset(buf, 0, size);
    desc_set(f, 0, BUF_GPA, size, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    assert_int_equal(used_idx(f), 1);
    uint32_t id, len;
    used_elem(f, 0, &id, &len);
    assert_int_equal(len, VIRTIO_RNG_MAX_REQ);
    assert_false(all_zero(buf + VIRTIO_RNG_MAX_REQ - 64, 64));
    assert_true(all_zero(buf + VIRTIO_RNG_MAX_REQ, size - VIRTIO_RNG_MAX_REQ));
}

/* A chain that loops on itself: NEEDS_RESET, nothing used, and a driver
 * reset brings the device back. */
static void test_malformed_chain(void **state)
{
    struct fx *f = *state;
    desc_set(f, 0, BUF_GPA, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    desc_set(f, 1, BUF_GPA + 16, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 0);
    offer(f, 0);
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    assert_int_equal(used_idx(f), 0);
    driver_init(f);
    assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    desc_set(f, 0, BUF_GPA, 8, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    assert_int_equal(used_idx(f), 1);
}

/* A buffer outside RAM is malformed too. */
static void test_buffer_outside_ram(void **state)
{
    struct fx *f = *state;
    desc_set(f, 0, RAM_BASE + RAM_SIZE - 8, 64, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    assert_int_equal(used_idx(f), 0);
}

static void test_identity(void **state)
{
    struct fx *f = *state;
    assert_int_equal(rd(f, VIRTIO_MMIO_MAGIC), 0x74726976); /* "virt" */
    assert_int_equal(rd(f, VIRTIO_MMIO_VERSION), 2);
    assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
    assert_non_null(virtio_rng_transport(f->rng));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fill_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requests_differ, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fill_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_request_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buffer_outside_ram, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
