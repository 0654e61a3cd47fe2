/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/virtio_console.c through the real virtio-mmio transport: a
 * small driver in this file sets the device up and builds its two split rings
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
    uint8_t *ram;
    uint16_t avail_idx[2];
    char path[64];
    int saved_stdin; /* stdio test: the real stdin, restored at teardown */
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

static void queue_init(struct fx *f, unsigned q)
{
    memset(gpa(f, QUEUE_GPA(q)), 0, 0x3000);
    f->avail_idx[q] = 0;
    wr(f, VIRTIO_MMIO_QUEUE_SEL, q);
    assert_true(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX) >= QSIZE);
    wr(f, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
    wr64(f, VIRTIO_MMIO_QUEUE_DESC_LOW, DESC_GPA(q));
    wr64(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL_GPA(q));
    wr64(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED_GPA(q));
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
}

/* Virtio 1.2, 3.1.1: the driver's initialisation sequence, VERSION_1 only. */
static void driver_init(struct fx *f)
{
    wr(f, VIRTIO_MMIO_STATUS, 0);
    wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
    wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 0);
    uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK;
    wr(f, VIRTIO_MMIO_STATUS, st);
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
    queue_init(f, RXQ);
    queue_init(f, TXQ);
    wr(f, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_DRIVER_OK);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), st | VIRTIO_STATUS_DRIVER_OK);
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
    assert_int_equal(bus_add_ram(f->bus, "ram", RAM_BASE, RAM_SIZE), 0);
    f->ram = bus_host_ptr(f->bus, RAM_BASE, RAM_SIZE, true);
    assert_non_null(f->ram);
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

static void desc_set(struct fx *f, unsigned q, unsigned i, uint64_t addr, uint32_t len,
                     uint16_t flags, uint16_t next)
{
    uint8_t *d = gpa(f, DESC_GPA(q) + 16 * i);
    memcpy(d, &addr, 8);
    memcpy(d + 8, &len, 4);
    memcpy(d + 12, &flags, 2);
    memcpy(d + 14, &next, 2);
}

/* Offer the chain at head on queue q (virtio 1.2, 2.7.13) and kick it. */
static void offer(struct fx *f, unsigned q, uint16_t head)
{
    uint8_t *avail = gpa(f, AVAIL_GPA(q));
    memcpy(avail + 4 + 2 * (f->avail_idx[q] % QSIZE), &head, 2);
    f->avail_idx[q]++;
    __atomic_store_n((uint16_t *)(avail + 2), f->avail_idx[q], __ATOMIC_RELEASE);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

static uint16_t used_idx(struct fx *f, unsigned q)
{
    return __atomic_load_n((uint16_t *)(gpa(f, USED_GPA(q)) + 2), __ATOMIC_ACQUIRE);
}

static void used_elem(struct fx *f, unsigned q, unsigned k, uint32_t *id, uint32_t *len)
{
    uint8_t *u = gpa(f, USED_GPA(q) + 4 + 8 * (k % QSIZE));
    memcpy(id, u, 4);
    memcpy(len, u + 4, 4);
}

/* Put s in guest RAM at a and return a. */
static uint64_t put(struct fx *f, uint64_t a, const char *s)
{
    memcpy(gpa(f, a), s, strlen(s));
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
    for (int ms = 0; ms < WAIT_MS && used_idx(f, q) != want; ms++)
        fixture_sleep_ms(1);
    assert_int_equal(used_idx(f, q), want);
}

static void test_identity(void **state)
{
    struct fx *f = *state;
    assert_int_equal(rd(f, VIRTIO_MMIO_MAGIC), 0x74726976); /* "virt" */
    assert_int_equal(rd(f, VIRTIO_MMIO_VERSION), 2);
    assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint32_t feat = rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
    assert_false(feat & (1u << CONSOLE_F_SIZE | 1u << CONSOLE_F_MULTIPORT));
    assert_non_null(virtio_console_transport(f->con));
}

/* Two chains, one of them split in two segments, in one kick. */
static void test_tx_to_file(void **state)
{
    struct fx *f = *state;
    driver_init(f);
    desc_set(f, TXQ, 0, put(f, BUF_GPA, "hello "), 6, 0, 0);
    desc_set(f, TXQ, 1, put(f, BUF_GPA + 0x100, "wor"), 3, VIRTQ_DESC_F_NEXT, 2);
    desc_set(f, TXQ, 2, put(f, BUF_GPA + 0x200, "ld\n"), 3, 0, 0);
    uint8_t *avail = gpa(f, AVAIL_GPA(TXQ));
    uint16_t heads[2] = {0, 1}, idx = 2;
    memcpy(avail + 4, heads, sizeof(heads));
    memcpy(avail + 2, &idx, 2);
    f->avail_idx[TXQ] = idx;
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, TXQ);
    assert_int_equal(used_idx(f, TXQ), 2);
    uint32_t id, len;
    used_elem(f, TXQ, 1, &id, &len);
    assert_int_equal(id, 1);
    assert_int_equal(len, 0);
    char buf[64];
    assert_int_equal(output(f, buf, sizeof(buf)), 12);
    assert_string_equal(buf, "hello world\n");
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    desc_set(f, TXQ, 3, put(f, BUF_GPA, "more"), 4, 0, 0);
    offer(f, TXQ, 3);
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
    uint8_t *a = gpa(f, BUF_GPA), *b = gpa(f, BUF_GPA + 0x100);
    memset(a, 0, 0x200);
    desc_set(f, RXQ, 0, BUF_GPA, 16, VIRTQ_DESC_F_WRITE, 0);
    desc_set(f, RXQ, 1, BUF_GPA + 0x100, 4, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
    desc_set(f, RXQ, 2, BUF_GPA + 0x180, 4, VIRTQ_DESC_F_WRITE, 0);
    offer(f, RXQ, 0);
    offer(f, RXQ, 1);
    assert_int_equal(room(f), 16);
    assert_int_equal(room(f), 16); /* asking twice takes nothing */
    feed(f, "abc");
    assert_int_equal(used_idx(f, RXQ), 1);
    uint32_t id, len;
    used_elem(f, RXQ, 0, &id, &len);
    assert_int_equal(id, 0);
    assert_int_equal(len, 3);
    assert_memory_equal(a, "abc\0", 4);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    assert_int_equal(room(f), 8);
    feed(f, "0123456");
    used_elem(f, RXQ, 1, &id, &len);
    assert_int_equal(id, 1);
    assert_int_equal(len, 7);
    assert_memory_equal(b, "0123", 4);
    assert_memory_equal(gpa(f, BUF_GPA + 0x180), "456", 3);
    assert_int_equal(room(f), 0);
}

/* A reset drops the held buffer; after it the new rings are used. */
static void test_rx_reset(void **state)
{
    struct fx *f = *state;
    driver_init(f);
    desc_set(f, RXQ, 0, BUF_GPA, 16, VIRTQ_DESC_F_WRITE, 0);
    offer(f, RXQ, 0);
    assert_int_equal(room(f), 16);
    wr(f, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(room(f), 0);
    driver_init(f);
    assert_int_equal(room(f), 0);
    desc_set(f, RXQ, 0, BUF_GPA + 0x100, 8, VIRTQ_DESC_F_WRITE, 0);
    offer(f, RXQ, 0);
    assert_int_equal(room(f), 8);
    feed(f, "xy");
    assert_int_equal(used_idx(f, RXQ), 1);
    assert_memory_equal(gpa(f, BUF_GPA + 0x100), "xy", 2);
}

/* End to end through the chardev's input thread: bytes written while no
 * buffer is free wait in the pipe until the guest adds one. */
static void test_rx_stdio(void **state)
{
    struct fx *f = *state;
    int in = atoi(f->path);
    driver_init(f);
    memset(gpa(f, BUF_GPA), 0, 0x200);
    desc_set(f, RXQ, 0, BUF_GPA, 64, VIRTQ_DESC_F_WRITE, 0);
    offer(f, RXQ, 0);
    assert_int_equal(write(in, "ping\n", 5), 5);
    wait_used(f, RXQ, 1);
    uint32_t id, len;
    used_elem(f, RXQ, 0, &id, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(gpa(f, BUF_GPA), "ping\n", 5);
    assert_int_equal(write(in, "late", 4), 4);
    fixture_sleep_ms(100);
    assert_int_equal(used_idx(f, RXQ), 1);
    desc_set(f, RXQ, 1, BUF_GPA + 0x100, 64, VIRTQ_DESC_F_WRITE, 0);
    offer(f, RXQ, 1);
    wait_used(f, RXQ, 2);
    used_elem(f, RXQ, 1, &id, &len);
    assert_int_equal(id, 1);
    assert_int_equal(len, 4);
    assert_memory_equal(gpa(f, BUF_GPA + 0x100), "late", 4);
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
