/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/virtio_console.c through the real virtio-mmio transport: the
 * test driver (virtio_driver.h) sets the device up and builds its two split rings
 * in RAM (virtio 1.2, 2.7 and 4.2.3). Output goes to a file chardev; input is
 * fed through the console's receiver and, end to end, through a stdio chardev
 * whose stdin is a pipe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/irq.h"
#include "hw/virtio.h"
#include "hw/virtio_console.h"
#include "mem/bus.h"
#include "ui/chardev.h"

#include "fixture.h"
#include "virtio_driver.h"

#define BASE     0x10008000ull
#define IRQ_NUM  8
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define QSIZE    16
#define RXQ      0
#define TXQ      1

/* Guest-physical layout: each queue's three areas, then data buffers. */
#define QUEUE_GPA(q) (RAM_BASE + 0x4000ull * (q))
#define DESC_GPA(q)  QUEUE_GPA(q)
#define AVAIL_GPA(q) (QUEUE_GPA(q) + 0x1000)
#define USED_GPA(q)  (QUEUE_GPA(q) + 0x2000)
#define BUF_GPA      (RAM_BASE + 0x10000)

/* Feature bits the console must not offer here (virtio 1.2, 5.3.3) */
#define CONSOLE_F_SIZE      0
#define CONSOLE_F_MULTIPORT 1

#define WAIT_MS 3000 /* for the chardev's input thread */

struct fx {
    struct bus *bus;
    struct chardev *chr;
    struct virtio_console *con;
    const struct chardev_receiver *rx;
    struct vdrv drv;
    char path[64];
    int saved_stdin; /* stdio test: the real stdin, restored at teardown */
    struct fixture_irq irq;
};

/* Virtio 1.2, 3.1.1: VERSION_1 only, receive and transmit queues. */
static void driver_init(struct fx *f)
{
    vdrv_negotiate(&f->drv, 1ull << VIRTIO_F_VERSION_1);
    for (unsigned q = RXQ; q <= TXQ; q++)
        vdrv_queue_init(&f->drv, q, QSIZE, DESC_GPA(q), AVAIL_GPA(q), USED_GPA(q));
    vdrv_driver_ok(&f->drv);
}

/* A console on chardev spec (the path of a file chardev is made here). */
static struct fx *fx_create(const char *spec)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->saved_stdin = -1;
    char file_spec[80];
    if (!spec) {
        strcpy(f->path, "/tmp/rivet-vcon-XXXXXX");
        int fd = mkstemp(f->path);
        assert_true(fd >= 0);
        close(fd);
        snprintf(file_spec, sizeof(file_spec), "file:%s", f->path);
        spec = file_spec;
    }
    f->chr = chardev_create(spec, NULL, NULL);
    assert_non_null(f->chr);
    f->bus = fixture_bus_create();
    vdrv_attach(&f->drv, f->bus, BASE, RAM_BASE, RAM_SIZE);
    f->irq.check_num = true;
    struct irq_line l = fixture_irq_line(&f->irq, IRQ_NUM);
    f->con = virtio_console_create(f->bus, BASE, &l, f->chr);
    assert_non_null(f->con);
    f->rx = virtio_console_receiver(f->con);
    return f;
}

static int setup(void **state)
{
    *state = fx_create(NULL);
    return 0;
}

/* stdin becomes a pipe whose write end the test keeps (in path, as a number). */
static int setup_stdio(void **state)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    int saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    assert_true(dup2(p[0], STDIN_FILENO) >= 0);
    close(p[0]);
    struct fx *f = fx_create("stdio");
    f->saved_stdin = saved;
    snprintf(f->path, sizeof(f->path), "%d", p[1]);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    chardev_free(f->chr); /* first: its input thread calls into the console */
    virtio_console_free(f->con);
    bus_free(f->bus);
    if (f->saved_stdin >= 0) {
        close(atoi(f->path));
        dup2(f->saved_stdin, STDIN_FILENO);
        close(f->saved_stdin);
    } else {
        unlink(f->path);
    }
    free(f);
    return 0;
}

/* Put s in guest RAM at a and return a. */
static uint64_t put(struct fx *f, uint64_t a, const char *s)
{
    memcpy(vdrv_gpa(&f->drv, a), s, strlen(s));
    return a;
}

/* Everything written to the file chardev so far. */
static size_t output(struct fx *f, char *buf, size_t max)
{
    FILE *fp = fopen(f->path, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, max - 1, fp);
    fclose(fp);
    buf[n] = 0;
    return n;
}

static size_t room(struct fx *f) { return f->rx->can_receive(f->rx->opaque); }

static void feed(struct fx *f, const char *s)
{
    size_t n = strlen(s);
    assert_true(room(f) >= n);
    f->rx->receive(f->rx->opaque, (const uint8_t *)s, n);
}

/* Wait for queue q's used index to reach want (the input thread fills it). */
static void wait_used(struct fx *f, unsigned q, uint16_t want)
{
    for (int ms = 0; ms < WAIT_MS && vdrv_used_idx(&f->drv, q) != want; ms++)
        fixture_sleep_ms(1);
    assert_int_equal(vdrv_used_idx(&f->drv, q), want);
}

static void test_identity(void **state)
{
    struct fx *f = *state;
    assert_int_equal(vdrv_rd(&f->drv, VIRTIO_MMIO_MAGIC), 0x74726976); /* "virt" */
    assert_int_equal(vdrv_rd(&f->drv, VIRTIO_MMIO_VERSION), 2);
    assert_int_equal(vdrv_rd(&f->drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
    vdrv_wr(&f->drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint32_t feat = vdrv_rd(&f->drv, VIRTIO_MMIO_DEVICE_FEATURES);
    assert_false(feat & (1u << CONSOLE_F_SIZE | 1u << CONSOLE_F_MULTIPORT));
    assert_non_null(virtio_console_transport(f->con));
}

/* Two chains, one of them split in two segments, in one kick. */
static void test_tx_to_file(void **state)
{
    struct fx *f = *state;
    driver_init(f);
    vdrv_desc_set(&f->drv, TXQ, 0, put(f, BUF_GPA, "hello "), 6, 0, 0);
    vdrv_desc_set(&f->drv, TXQ, 1, put(f, BUF_GPA + 0x100, "wor"), 3, VIRTQ_DESC_F_NEXT, 2);
    vdrv_desc_set(&f->drv, TXQ, 2, put(f, BUF_GPA + 0x200, "ld\n"), 3, 0, 0);
    vdrv_make_available(&f->drv, TXQ, 0); /* two chains, one kick */
    vdrv_make_available(&f->drv, TXQ, 1);
    vdrv_wr(&f->drv, VIRTIO_MMIO_QUEUE_NOTIFY, TXQ);
    assert_int_equal(vdrv_used_idx(&f->drv, TXQ), 2);
    uint32_t id, len;
    vdrv_used_elem(&f->drv, TXQ, 1, &id, &len);
    assert_int_equal(id, 1);
    assert_int_equal(len, 0);
    char buf[64];
    assert_int_equal(output(f, buf, sizeof(buf)), 12);
    assert_string_equal(buf, "hello world\n");
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    vdrv_desc_set(&f->drv, TXQ, 3, put(f, BUF_GPA, "more"), 4, 0, 0);
    vdrv_offer(&f->drv, TXQ, 3);
    output(f, buf, sizeof(buf));
    assert_string_equal(buf, "hello world\nmore");
}

/* Input lands in the next receive buffer; the room offered is its size. */
static void test_rx_receiver(void **state)
{
    struct fx *f = *state;
    assert_int_equal(room(f), 0); /* driver not ready */
    driver_init(f);
    assert_int_equal(room(f), 0); /* no buffers */
    uint8_t *a = vdrv_gpa(&f->drv, BUF_GPA), *b = vdrv_gpa(&f->drv, BUF_GPA + 0x100);
    memset(a, 0, 0x200);
    vdrv_desc_set(&f->drv, RXQ, 0, BUF_GPA, 16, VIRTQ_DESC_F_WRITE, 0);
    vdrv_desc_set(&f->drv, RXQ, 1, BUF_GPA + 0x100, 4, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
    vdrv_desc_set(&f->drv, RXQ, 2, BUF_GPA + 0x180, 4, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, RXQ, 0);
    vdrv_offer(&f->drv, RXQ, 1);
    assert_int_equal(room(f), 16);
    assert_int_equal(room(f), 16); /* asking twice takes nothing */
    feed(f, "abc");
    assert_int_equal(vdrv_used_idx(&f->drv, RXQ), 1);
    uint32_t id, len;
    vdrv_used_elem(&f->drv, RXQ, 0, &id, &len);
    assert_int_equal(id, 0);
    assert_int_equal(len, 3);
    assert_memory_equal(a, "abc\0", 4);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    assert_int_equal(room(f), 8);
    feed(f, "0123456");
    vdrv_used_elem(&f->drv, RXQ, 1, &id, &len);
    assert_int_equal(id, 1);
    assert_int_equal(len, 7);
    assert_memory_equal(b, "0123", 4);
    assert_memory_equal(vdrv_gpa(&f->drv, BUF_GPA + 0x180), "456", 3);
    assert_int_equal(room(f), 0);
}

/* A reset drops the held buffer; after it the new rings are used. */
static void test_rx_reset(void **state)
{
    struct fx *f = *state;
    driver_init(f);
    vdrv_desc_set(&f->drv, RXQ, 0, BUF_GPA, 16, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, RXQ, 0);
    assert_int_equal(room(f), 16);
    vdrv_wr(&f->drv, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(room(f), 0);
    driver_init(f);
    assert_int_equal(room(f), 0);
    vdrv_desc_set(&f->drv, RXQ, 0, BUF_GPA + 0x100, 8, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, RXQ, 0);
    assert_int_equal(room(f), 8);
    feed(f, "xy");
    assert_int_equal(vdrv_used_idx(&f->drv, RXQ), 1);
    assert_memory_equal(vdrv_gpa(&f->drv, BUF_GPA + 0x100), "xy", 2);
}

/* End to end through the chardev's input thread: bytes written while no
 * buffer is free wait in the pipe until the guest adds one. */
static void test_rx_stdio(void **state)
{
    struct fx *f = *state;
    int in = atoi(f->path);
    driver_init(f);
    memset(vdrv_gpa(&f->drv, BUF_GPA), 0, 0x200);
    vdrv_desc_set(&f->drv, RXQ, 0, BUF_GPA, 64, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, RXQ, 0);
    assert_int_equal(write(in, "ping\n", 5), 5);
    wait_used(f, RXQ, 1);
    uint32_t id, len;
    vdrv_used_elem(&f->drv, RXQ, 0, &id, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(vdrv_gpa(&f->drv, BUF_GPA), "ping\n", 5);
    assert_int_equal(write(in, "late", 4), 4);
    fixture_sleep_ms(100);
    assert_int_equal(vdrv_used_idx(&f->drv, RXQ), 1);
    vdrv_desc_set(&f->drv, RXQ, 1, BUF_GPA + 0x100, 64, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, RXQ, 1);
    wait_used(f, RXQ, 2);
    vdrv_used_elem(&f->drv, RXQ, 1, &id, &len);
    assert_int_equal(id, 1);
    assert_int_equal(len, 4);
    assert_memory_equal(vdrv_gpa(&f->drv, BUF_GPA + 0x100), "late", 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_to_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_receiver, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_stdio, setup_stdio, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
