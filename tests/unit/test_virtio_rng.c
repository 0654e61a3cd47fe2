/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/virtio_rng.c through the real virtio-mmio transport: the
 * test driver (virtio_driver.h) sets the device up and builds split rings in RAM
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
#include "virtio_driver.h"

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
    struct vdrv drv;
    struct fixture_irq irq;
};

/* Virtio 1.2, 3.1.1: VERSION_1 only, one queue. */
static void driver_init(struct fx *f)
{
    vdrv_negotiate(&f->drv, 1ull << VIRTIO_F_VERSION_1);
    vdrv_queue_init(&f->drv, 0, QSIZE, DESC_GPA, AVAIL_GPA, USED_GPA);
    vdrv_driver_ok(&f->drv);
}

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->bus = fixture_bus_create();
    vdrv_attach(&f->drv, f->bus, BASE, RAM_BASE, RAM_SIZE);
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
    uint8_t *buf = vdrv_gpa(&f->drv, BUF_GPA);
    memset(buf, 0, 64);
    memset(buf + 64, 0xa5, 64); /* guard: must stay */
    vdrv_desc_set(&f->drv, 0, 0, BUF_GPA, 64, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, 0, 0);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 1);
    uint32_t id, len;
    vdrv_used_elem(&f->drv, 0, 0, &id, &len);
    assert_int_equal(id, 0);
    assert_int_equal(len, 64);
    assert_false(all_zero(buf, 64));
    for (int i = 64; i < 128; i++)
        assert_int_equal(buf[i], 0xa5);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    assert_true(vdrv_rd(&f->drv, VIRTIO_MMIO_INTERRUPT_STATUS) & 1);
    vdrv_wr(&f->drv, VIRTIO_MMIO_INTERRUPT_ACK, 1);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
}

/* Two requests get different bytes. */
static void test_requests_differ(void **state)
{
    struct fx *f = *state;
    uint8_t *a = vdrv_gpa(&f->drv, BUF_GPA), *b = vdrv_gpa(&f->drv, BUF_GPA + 0x100);
    memset(a, 0, 32);
    memset(b, 0, 32);
    vdrv_desc_set(&f->drv, 0, 0, BUF_GPA, 32, VIRTQ_DESC_F_WRITE, 0);
    vdrv_desc_set(&f->drv, 0, 1, BUF_GPA + 0x100, 32, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, 0, 0);
    vdrv_offer(&f->drv, 0, 1);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 2);
    assert_false(all_zero(a, 32));
    assert_false(all_zero(b, 32));
    assert_memory_not_equal(a, b, 32);
}

/* A chain of three writable segments is filled across all of them. */
static void test_fill_chain(void **state)
{
    struct fx *f = *state;
    uint8_t *buf = vdrv_gpa(&f->drv, BUF_GPA);
    memset(buf, 0, 0x300);
    vdrv_desc_set(&f->drv, 0, 3, BUF_GPA, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 5);
    vdrv_desc_set(&f->drv, 0, 5, BUF_GPA + 0x100, 40, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 7);
    vdrv_desc_set(&f->drv, 0, 7, BUF_GPA + 0x200, 24, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, 0, 3);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 1);
    uint32_t id, len;
    vdrv_used_elem(&f->drv, 0, 0, &id, &len);
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
    uint8_t *buf = vdrv_gpa(&f->drv, BUF_GPA);
    memset(buf, 0, size);
    vdrv_desc_set(&f->drv, 0, 0, BUF_GPA, size, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, 0, 0);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 1);
    uint32_t id, len;
    vdrv_used_elem(&f->drv, 0, 0, &id, &len);
    assert_int_equal(len, VIRTIO_RNG_MAX_REQ);
    assert_false(all_zero(buf + VIRTIO_RNG_MAX_REQ - 64, 64));
    assert_true(all_zero(buf + VIRTIO_RNG_MAX_REQ, size - VIRTIO_RNG_MAX_REQ));
}

/* A chain that loops on itself: NEEDS_RESET, nothing used, and a driver
 * reset brings the device back. */
static void test_malformed_chain(void **state)
{
    struct fx *f = *state;
    vdrv_desc_set(&f->drv, 0, 0, BUF_GPA, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    vdrv_desc_set(&f->drv, 0, 1, BUF_GPA + 16, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 0);
    vdrv_offer(&f->drv, 0, 0);
    assert_true(vdrv_rd(&f->drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 0);
    driver_init(f);
    assert_false(vdrv_rd(&f->drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    vdrv_desc_set(&f->drv, 0, 0, BUF_GPA, 8, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, 0, 0);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 1);
}

/* A buffer outside RAM is malformed too. */
static void test_buffer_outside_ram(void **state)
{
    struct fx *f = *state;
    vdrv_desc_set(&f->drv, 0, 0, RAM_BASE + RAM_SIZE - 8, 64, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, 0, 0);
    assert_true(vdrv_rd(&f->drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 0);
}

static void test_identity(void **state)
{
    struct fx *f = *state;
    assert_int_equal(vdrv_rd(&f->drv, VIRTIO_MMIO_MAGIC), 0x74726976); /* "virt" */
    assert_int_equal(vdrv_rd(&f->drv, VIRTIO_MMIO_VERSION), 2);
    assert_int_equal(vdrv_rd(&f->drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
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
