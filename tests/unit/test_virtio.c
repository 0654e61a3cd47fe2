/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/virtio_mmio.c and hw/virtqueue.c: a dummy device driven
 * through the MMIO registers as a driver would, rings laid out by hand in
 * RAM; one test per malformed-ring class, a seeded random-ring test, and a
 * worker thread racing driver resets. RAM past SENT_OFF must stay untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/irq.h"
#include "hw/virtio.h"
#include "mem/bus.h"
#include "util/fdt.h"
#include "util/log.h"

#include "fixture.h"

#define BASE       0x10001000ull
#define OTHER_BASE 0x10002000ull /* another MMIO device */
#define IRQ_NUM    7
#define RAM_BASE   0x80000000ull
#define RAM_SIZE   0x100000ull
#define RAM_END    (RAM_BASE + RAM_SIZE)

/* RAM layout (offsets from RAM_BASE) */
#define DESC_OFF  0x1000ull
#define AVAIL_OFF 0x2000ull
#define USED_OFF  0x3000ull
#define IND_OFF   0x4000ull /* indirect tables, up to 0x5000 bytes */
#define DATA_OFF  0x10000ull
#define SENT_OFF  0x20000ull /* sentinel pattern to the end of RAM */
#define SENTINEL  0xa5
#define DESC      (RAM_BASE + DESC_OFF)
#define AVAIL     (RAM_BASE + AVAIL_OFF)
#define USED      (RAM_BASE + USED_OFF)
#define IND       (RAM_BASE + IND_OFF)
#define DATA      (RAM_BASE + DATA_OFF)

#define QMAX 16
#define QNUM 8

/* Registers (virtio 1.2, 4.2.2) */
#define DEV_FEATURE  (1ull << 3)
#define F_VERSION_1  (1ull << VIRTIO_F_VERSION_1)
#define F_INDIR      (1ull << VIRTIO_F_RING_INDIRECT_DESC)
#define F_EVENT_IDX  (1ull << VIRTIO_F_RING_EVENT_IDX)
#define DEFAULT_FEAT (F_VERSION_1 | F_INDIR)

#define S_ACK       VIRTIO_STATUS_ACKNOWLEDGE
#define S_DRIVER    VIRTIO_STATUS_DRIVER
#define S_FEAT_OK   VIRTIO_STATUS_FEATURES_OK
#define S_DRIVER_OK VIRTIO_STATUS_DRIVER_OK
#define S_NEEDS_RST VIRTIO_STATUS_NEEDS_RESET

/* The dummy device: counts callbacks, 8 bytes of config space. */
struct tdev {
    int notifies, resets, driver_oks;
    unsigned last_q;
    uint8_t config[8];
};

/* An MMIO device that must never be touched by DMA. */
static int other_calls;

static uint64_t other_read(void *opaque, uint64_t off, unsigned size)
{
    other_calls++;
    return 0;
}

static void other_write(void *opaque, uint64_t off, uint64_t v, unsigned size) { other_calls++; }

struct fx {
    struct bus *bus;
    struct virtio_dev *dev;
    struct virtq *q;
    struct fixture_irq irq;
    struct tdev t;
    uint8_t *ram;
    struct virtq_elem *e;
    uint16_t avail_idx; /* the driver's next available index */
    unsigned num;       /* the driver's queue size */
};

/* Guest-error messages land here so tests can check what was reported. */
static char *log_buf;
static size_t log_len, log_mark;

static void t_config_read(void *opaque, uint32_t off, void *buf, unsigned size)
{
    struct tdev *t = opaque;
    memcpy(buf, t->config + off, size);
}

static void t_config_write(void *opaque, uint32_t off, const void *buf, unsigned size)
{
    struct tdev *t = opaque;
    memcpy(t->config + off, buf, size);
}

static void t_notify(void *opaque, unsigned q)
{
    struct tdev *t = opaque;
    t->notifies++;
    t->last_q = q;
}

static void t_driver_ok(void *opaque) { ((struct tdev *)opaque)->driver_oks++; }

static void t_reset(void *opaque) { ((struct tdev *)opaque)->resets++; }

static const struct virtio_device_ops t_ops = {
    .name = "virtio-test",
    .device_id = VIRTIO_ID_RNG,
    .features = DEV_FEATURE,
    .num_queues = 2,
    .queue_max = QMAX,
    .config_size = 8,
    .config_read = t_config_read,
    .config_write = t_config_write,
    .notify = t_notify,
    .driver_ok = t_driver_ok,
    .reset = t_reset,
};

static int group_setup(void **state)
{
    log_file = open_memstream(&log_buf, &log_len);
    log_mask |= LOG_GUEST_ERROR; /* no rate limit: every message is kept */
    return log_file ? 0 : -1;
}

static int group_teardown(void **state)
{
    fclose(log_file);
    log_file = NULL;
    free(log_buf);
    return 0;
}

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->bus = fixture_bus_create();
    assert_int_equal(bus_add_ram(f->bus, "ram", RAM_BASE, RAM_SIZE), 0);
    struct bus_device other = {.name = "other",
                               .base = OTHER_BASE,
                               .size = 0x1000,
                               .min_access = 1,
                               .max_access = 8,
                               .read = other_read,
                               .write = other_write};
    assert_int_equal(bus_add_device(f->bus, &other), 0);
    other_calls = 0;
    struct irq_line l = fixture_irq_line(&f->irq, IRQ_NUM);
    f->irq.check_num = true;
    f->dev = virtio_mmio_create(f->bus, BASE, &l, &t_ops, &f->t);
    assert_non_null(f->dev);
    f->q = virtio_dev_queue(f->dev, 0);
    assert_non_null(f->q);
    f->ram = bus_host_ptr(f->bus, RAM_BASE, RAM_SIZE, true);
    assert_non_null(f->ram);
    memset(f->ram + SENT_OFF, SENTINEL, RAM_SIZE - SENT_OFF);
    f->e = fixture_alloc(sizeof(*f->e));
    f->num = QNUM;
    fflush(log_file);
    log_mark = log_len;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    for (uint64_t i = SENT_OFF; i < RAM_SIZE; i++)
        if (f->ram[i] != SENTINEL)
            fail_msg("sentinel byte at RAM+0x%llx changed", (unsigned long long)i);
    assert_int_equal(other_calls, 0);
    virtio_mmio_free(f->dev);
    bus_free(f->bus);
    free(f->e);
    free(f);
    return 0;
}

/* ---- Driver-side helpers ---- */

static uint32_t rd(struct fx *f, uint64_t off) { return fixture_read32(f->bus, BASE + off); }

static void wr(struct fx *f, uint64_t off, uint32_t v) { fixture_write32(f->bus, BASE + off, v); }

static bool log_has(const char *what)
{
    fflush(log_file);
    return log_len > log_mark && strstr(log_buf + log_mark, what);
}

static void write_features(struct fx *f, uint64_t feat)
{
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)feat);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(feat >> 32));
}

/* Steps 1-6 of 3.1.1; returns Status as read back. */
static uint32_t handshake(struct fx *f, uint64_t feat)
{
    wr(f, VIRTIO_MMIO_STATUS, 0);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER);
    write_features(f, feat);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEAT_OK);
    return rd(f, VIRTIO_MMIO_STATUS);
}

static void set_queue_regs(struct fx *f, unsigned num, uint64_t desc, uint64_t avail, uint64_t used)
{
    wr(f, VIRTIO_MMIO_QUEUE_NUM, num);
    wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
    wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
    wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
    wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
    wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
}

/* Zeroed rings, queue 0 of QNUM entries ready, DRIVER_OK. */
static void start(struct fx *f, uint64_t feat)
{
    memset(f->ram + DESC_OFF, 0, DATA_OFF - DESC_OFF);
    f->avail_idx = 0;
    f->num = QNUM;
    assert_int_equal(handshake(f, feat), S_ACK | S_DRIVER | S_FEAT_OK);
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 0);
    set_queue_regs(f, QNUM, DESC, AVAIL, USED);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 1);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEAT_OK | S_DRIVER_OK);
    assert_true(virtio_dev_running(f->dev));
}

static void put16(struct fx *f, uint64_t gpa, uint16_t v)
{
    memcpy(f->ram + (gpa - RAM_BASE), &v, 2);
}

static uint16_t get16(struct fx *f, uint64_t gpa)
{
    uint16_t v;
    memcpy(&v, f->ram + (gpa - RAM_BASE), 2);
    return v;
}

static uint32_t get32(struct fx *f, uint64_t gpa)
{
    uint32_t v;
    memcpy(&v, f->ram + (gpa - RAM_BASE), 4);
    return v;
}

/* Descriptor i of the table at gpa table. */
static void desc(struct fx *f, uint64_t table, unsigned i, uint64_t addr, uint32_t len,
                 uint16_t flags, uint16_t next)
{
    uint8_t *p = f->ram + (table - RAM_BASE) + 16 * i;
    memcpy(p, &addr, 8);
    memcpy(p + 8, &len, 4);
    memcpy(p + 12, &flags, 2);
    memcpy(p + 14, &next, 2);
}

/* A release store, as a driver's barrier before the idx update (2.7.13.3.1). */
static void set_avail_idx(struct fx *f, uint16_t idx)
{
    __atomic_store_n((uint16_t *)(void *)(f->ram + AVAIL_OFF + 2), idx, __ATOMIC_RELEASE);
}

/* Make the chain at head available (2.7.13). */
static void offer(struct fx *f, uint16_t head)
{
    put16(f, AVAIL + 4 + 2 * (f->avail_idx % f->num), head);
    f->avail_idx++;
    set_avail_idx(f, f->avail_idx);
}

static uint16_t used_idx(struct fx *f) { return get16(f, USED + 2); }

static void assert_used(struct fx *f, unsigned slot, uint32_t id, uint32_t len)
{
    assert_int_equal(get32(f, USED + 4 + 8 * slot), id);
    assert_int_equal(get32(f, USED + 8 + 8 * slot), len);
}

static uint8_t *host(struct fx *f, uint64_t gpa) { return f->ram + (gpa - RAM_BASE); }

/* The chain is malformed: -1, NEEDS_RESET, a config interrupt, a message
 * naming the device and the problem, and the queue stays quiet afterwards. */
static void expect_malformed(struct fx *f, const char *why)
{
    assert_int_equal(virtq_pop(f->q, f->e), -1);
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & S_NEEDS_RST);
    assert_false(virtio_dev_running(f->dev));
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 2);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    assert_true(log_has("virtio-test"));
    if (!log_has(why))
        fail_msg("no guest error mentioning \"%s\"", why);
    assert_int_equal(virtq_pop(f->q, f->e), 0);
    assert_int_equal(used_idx(f), 0);
    /* A reset brings the device back. */
    start(f, DEFAULT_FEAT);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & S_NEEDS_RST, 0);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
    fflush(log_file);
    log_mark = log_len;
}

/* ---- Registers and negotiation ---- */

static void test_identity_registers(void **state)
{
    struct fx *f = *state;
    assert_int_equal(rd(f, VIRTIO_MMIO_MAGIC), 0x74726976);
    assert_int_equal(rd(f, VIRTIO_MMIO_VERSION), 2);
    assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
    assert_int_equal(rd(f, VIRTIO_MMIO_VENDOR_ID), 0x554d4551);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), QMAX);
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), QMAX);
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 2); /* no such queue */
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
    /* Registers are 32-bit only: a byte read returns 0 and is reported. */
    assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_MAGIC, 1), 0);
    assert_true(log_has("32-bit only"));
    fixture_mmio_write(f->bus, BASE + VIRTIO_MMIO_STATUS, 1, S_ACK);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
    /* Unassigned offsets read 0. */
    assert_int_equal(rd(f, 0x0f0), 0);
    /* The window is VIRTIO_MMIO_SIZE bytes. */
    uint64_t v;
    assert_int_equal(bus_read(f->bus, BASE + VIRTIO_MMIO_SIZE, 4, &v), -1);
}

static void test_config_space(void **state)
{
    struct fx *f = *state;
    for (int i = 0; i < 8; i++)
        f->t.config[i] = (uint8_t)(i + 1);
    assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_CONFIG + 1, 1), 2);
    assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_CONFIG + 2, 2), 0x0403);
    assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_CONFIG + 4, 4), 0x08070605);
    assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_CONFIG, 8),
                     0x0807060504030201ull);
    assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_CONFIG + 8, 4), 0); /* beyond */
    assert_true(log_has("beyond its 8 bytes"));
    fixture_mmio_write(f->bus, BASE + VIRTIO_MMIO_CONFIG + 6, 2, 0xbeef);
    assert_int_equal(f->t.config[6], 0xef);
    assert_int_equal(f->t.config[7], 0xbe);
    fixture_mmio_write(f->bus, BASE + VIRTIO_MMIO_CONFIG + 7, 1, 0x11);
    assert_int_equal(f->t.config[7], 0x11);
    /* ConfigGeneration moves on a change; no interrupt before DRIVER_OK. */
    uint32_t gen = rd(f, VIRTIO_MMIO_CONFIG_GENERATION);
    virtio_dev_config_changed(f->dev);
    assert_int_not_equal(rd(f, VIRTIO_MMIO_CONFIG_GENERATION), gen);
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    start(f, DEFAULT_FEAT);
    virtio_dev_config_changed(f->dev);
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 2);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    wr(f, VIRTIO_MMIO_INTERRUPT_ACK, 2);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
}

static void test_device_features(void **state)
{
    struct fx *f = *state;
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_FEATURES),
                     (uint32_t)(DEV_FEATURE | F_INDIR | F_EVENT_IDX));
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_FEATURES), 1); /* VERSION_1 */
    wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
    assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_FEATURES), 0);
}

static void test_features_accepted(void **state)
{
    struct fx *f = *state;
    uint64_t feat = F_VERSION_1 | F_EVENT_IDX | DEV_FEATURE;
    assert_int_equal(handshake(f, feat), S_ACK | S_DRIVER | S_FEAT_OK);
    assert_int_equal(virtio_dev_features(f->dev), feat);
    /* Too late to change them now. */
    write_features(f, F_VERSION_1);
    assert_int_equal(virtio_dev_features(f->dev), feat);
    assert_true(log_has("after FEATURES_OK"));
}

static void test_features_need_version_1(void **state)
{
    struct fx *f = *state;
    assert_int_equal(handshake(f, DEV_FEATURE | F_INDIR), S_ACK | S_DRIVER);
    assert_true(log_has("VIRTIO_F_VERSION_1"));
    /* A later write with VERSION_1 and FEATURES_OK is accepted. */
    write_features(f, F_VERSION_1);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEAT_OK);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER | S_FEAT_OK);
}

static void test_features_not_offered(void **state)
{
    struct fx *f = *state;
    assert_int_equal(handshake(f, F_VERSION_1 | (1ull << 7)), S_ACK | S_DRIVER);
    assert_true(log_has("not offered"));
    assert_int_equal(handshake(f, F_VERSION_1 | (1ull << 40)), S_ACK | S_DRIVER);
}

static void test_status_bits(void **state)
{
    struct fx *f = *state;
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER);
    write_features(f, F_VERSION_1);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_DRIVER_OK); /* without FEATURES_OK */
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER);
    assert_int_equal(f->t.driver_oks, 0);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEAT_OK);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEAT_OK | S_DRIVER_OK);
    assert_int_equal(f->t.driver_oks, 1);
    assert_true(virtio_dev_running(f->dev));
    /* Bits stay set; the driver cannot set NEEDS_RESET itself. */
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_NEEDS_RST);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER | S_FEAT_OK | S_DRIVER_OK);
    assert_int_equal(f->t.driver_oks, 1);
    wr(f, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(f->t.resets, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
    assert_int_equal(virtio_dev_features(f->dev), 0);
    assert_false(virtio_dev_running(f->dev));
}

static void test_device_needs_reset(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    virtio_dev_needs_reset(f->dev, "backend failed");
    assert_true(log_has("virtio-test: backend failed"));
    assert_true(rd(f, VIRTIO_MMIO_STATUS) & S_NEEDS_RST);
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 2);
    assert_false(virtio_dev_running(f->dev));
    wr(f, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
}

/* ---- Queue setup ---- */

static void expect_refused(struct fx *f, unsigned num, uint64_t d, uint64_t a, uint64_t u)
{
    set_queue_regs(f, num, d, a, u);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
}

static void test_queue_setup_validation(void **state)
{
    struct fx *f = *state;
    handshake(f, DEFAULT_FEAT);
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 0);
    expect_refused(f, 0, DESC, AVAIL, USED);
    expect_refused(f, 12, DESC, AVAIL, USED); /* 2.7: a power of two */
    expect_refused(f, 2 * QMAX, DESC, AVAIL, USED);
    expect_refused(f, QNUM, DESC + 8, AVAIL, USED);
    expect_refused(f, QNUM, DESC, AVAIL + 1, USED);
    expect_refused(f, QNUM, DESC, AVAIL, USED + 2);
    expect_refused(f, QNUM, 0x1000, AVAIL, USED);                   /* unmapped */
    expect_refused(f, QNUM, DESC, AVAIL, RAM_END - 8);              /* straddles RAM's end */
    expect_refused(f, QNUM, DESC, BASE, USED);                      /* MMIO */
    expect_refused(f, QNUM, DESC, AVAIL, 0xfffffffffffffff0ull);    /* wraps */
    expect_refused(f, QNUM, RAM_END - 16 * QNUM + 16, AVAIL, USED); /* one past */
    assert_true(log_has("misaligned or not in RAM"));
    assert_true(log_has("not a power of two"));
    expect_refused(f, QNUM, DESC, AVAIL, USED + 0x100000000ull);
    set_queue_regs(f, QNUM, RAM_END - 16 * QNUM, RAM_END - 0x400, USED);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 1); /* exactly at the end is fine */
    wr(f, VIRTIO_MMIO_QUEUE_READY, 0);
    set_queue_regs(f, QNUM, DESC, AVAIL, USED);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & S_NEEDS_RST, 0);
    /* The other queue is still off; a queue that does not exist ignores writes. */
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 5);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
    assert_true(log_has("no such queue"));
}

static void test_queue_regs_frozen_when_ready(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    /* 4.2.2.3: not while ready. Each of these would make QueueReady fail. */
    wr(f, VIRTIO_MMIO_QUEUE_NUM, 3);
    wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)DESC + 8);
    wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 1);
    wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, 2);
    assert_true(log_has("written while the queue is ready"));
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & S_NEEDS_RST, 0);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 1);
    desc(f, DESC, 0, DATA, 4, 0, 0);
    offer(f, 0);
    assert_int_equal(virtq_pop(f->q, f->e), 1);
    assert_ptr_equal(f->e->out[0].iov_base, host(f, DATA));
}

/* ---- Requests ---- */

static void test_round_trip(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    memcpy(host(f, DATA), "hello, virtio!!!", 16);
    desc(f, DESC, 3, DATA, 16, VIRTQ_DESC_F_NEXT, 5);
    desc(f, DESC, 5, DATA + 0x100, 32, VIRTQ_DESC_F_WRITE, 0);
    assert_int_equal(virtq_pop(f->q, f->e), 0); /* nothing yet */
    offer(f, 3);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    assert_int_equal(f->t.notifies, 1);
    assert_int_equal(f->t.last_q, 0);
    wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 1); /* queue 1 is not ready: not passed on */
    assert_int_equal(f->t.notifies, 1);

    struct virtq_elem *e = f->e;
    assert_int_equal(virtq_pop(f->q, e), 1);
    assert_int_equal(e->head, 3);
    assert_int_equal(e->nout, 1);
    assert_int_equal(e->nin, 1);
    assert_ptr_equal(e->out[0].iov_base, host(f, DATA));
    assert_int_equal(e->out[0].iov_len, 16);
    assert_ptr_equal(e->in[0].iov_base, host(f, DATA + 0x100));
    assert_int_equal(e->in[0].iov_len, 32);
    assert_int_equal(e->in_gpa[0], DATA + 0x100);
    assert_int_equal(e->out_len, 16);
    assert_int_equal(e->in_len, 32);
    char buf[64] = {0};
    assert_int_equal(virtq_elem_read(e, 7, buf, sizeof(buf)), 9);
    assert_string_equal(buf, "virtio!!!");
    assert_int_equal(virtq_elem_write(e, 0, "reply", 6), 6);
    assert_string_equal((char *)host(f, DATA + 0x100), "reply");
    assert_int_equal(virtq_pop(f->q, e), 0);

    virtq_push(f->q, e, 6);
    assert_int_equal(used_idx(f), 1);
    assert_used(f, 0, 3, 6);
    assert_int_equal(fixture_irq_level(&f->irq), 0); /* push alone does not interrupt */
    virtq_notify(f->q);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 1);
    wr(f, VIRTIO_MMIO_INTERRUPT_ACK, 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    assert_int_equal(fixture_irq_level(&f->irq), 0);

    /* A second request; len is clamped to the writable bytes. */
    offer(f, 5);
    assert_int_equal(virtq_pop(f->q, e), 1);
    assert_int_equal(e->nout, 0);
    virtq_push(f->q, e, 1000);
    assert_int_equal(used_idx(f), 2);
    assert_used(f, 1, 5, 32);
}

static void test_elem_copy_across_segments(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    for (int i = 0; i < 12; i++)
        host(f, DATA)[i] = (uint8_t)('a' + i);
    desc(f, DESC, 0, DATA, 4, VIRTQ_DESC_F_NEXT, 1);
    desc(f, DESC, 1, DATA + 4, 4, VIRTQ_DESC_F_NEXT, 2);
    desc(f, DESC, 2, DATA + 8, 4, VIRTQ_DESC_F_NEXT, 3);
    desc(f, DESC, 3, DATA + 0x200, 3, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 4);
    desc(f, DESC, 4, DATA + 0x300, 3, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    struct virtq_elem *e = f->e;
    assert_int_equal(virtq_pop(f->q, e), 1);
    assert_int_equal(e->nout, 3);
    assert_int_equal(e->nin, 2);
    char buf[16] = {0};
    assert_int_equal(virtq_elem_read(e, 2, buf, 8), 8);
    assert_string_equal(buf, "cdefghij");
    assert_int_equal(virtq_elem_read(e, 12, buf, 8), 0);
    assert_int_equal(virtq_elem_write(e, 1, "VWXYZ!!", 7), 5);
    assert_memory_equal(host(f, DATA + 0x201), "VW", 2);
    assert_memory_equal(host(f, DATA + 0x300), "XYZ", 3);
}

static void test_indirect(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, IND, 0, DATA, 8, VIRTQ_DESC_F_NEXT, 2);
    desc(f, IND, 2, DATA + 8, 8, VIRTQ_DESC_F_NEXT, 1);
    desc(f, IND, 1, DATA + 0x100, 16, VIRTQ_DESC_F_WRITE, 0);
    desc(f, DESC, 0, IND, 48, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_WRITE,
         0); /* WRITE is ignored (2.7.5.3.2) */
    offer(f, 0);
    struct virtq_elem *e = f->e;
    assert_int_equal(virtq_pop(f->q, e), 1);
    assert_int_equal(e->head, 0);
    assert_int_equal(e->nout, 2);
    assert_int_equal(e->nin, 1);
    assert_ptr_equal(e->out[1].iov_base, host(f, DATA + 8));
    assert_ptr_equal(e->in[0].iov_base, host(f, DATA + 0x100));
    virtq_push(f->q, e, 16);
    assert_used(f, 0, 0, 16);

    /* Direct descriptors followed by one indirect table. */
    desc(f, DESC, 4, DATA + 0x40, 4, VIRTQ_DESC_F_NEXT, 6);
    desc(f, DESC, 6, IND, 48, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 4);
    assert_int_equal(virtq_pop(f->q, e), 1);
    assert_int_equal(e->head, 4);
    assert_int_equal(e->nout, 3);
    assert_int_equal(e->nin, 1);
    assert_ptr_equal(e->out[0].iov_base, host(f, DATA + 0x40));
    assert_int_equal(e->out_len, 20);
}

static void test_max_segments(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    for (unsigned i = 0; i < VIRTQ_MAX_SEGS; i++)
        desc(f, IND, i, DATA + i, 1, i + 1 < VIRTQ_MAX_SEGS ? VIRTQ_DESC_F_NEXT : 0,
             (uint16_t)(i + 1));
    desc(f, DESC, 0, IND, 16 * VIRTQ_MAX_SEGS, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    assert_int_equal(virtq_pop(f->q, f->e), 1);
    assert_int_equal(f->e->nout, VIRTQ_MAX_SEGS);
    assert_int_equal(f->e->out_len, VIRTQ_MAX_SEGS);
}

static void test_event_idx(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT | F_EVENT_IDX);
    const uint64_t used_event = AVAIL + 4 + 2 * QNUM, avail_event = USED + 4 + 8 * QNUM;
    struct virtq_elem *e2 = fixture_alloc(sizeof(*e2));
    desc(f, DESC, 0, DATA, 4, 0, 0);
    desc(f, DESC, 1, DATA + 4, 4, 0, 0);
    offer(f, 0);
    offer(f, 1);
    assert_int_equal(virtq_pop(f->q, f->e), 1);
    assert_int_equal(get16(f, avail_event), 1); /* kick me for the next one */
    assert_int_equal(virtq_pop(f->q, e2), 1);
    assert_int_equal(get16(f, avail_event), 2);
    /* The driver wants an interrupt once used idx passes 1 (2.7.10). */
    put16(f, used_event, 1);
    virtq_push(f->q, f->e, 0);
    virtq_notify(f->q);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
    virtq_push(f->q, e2, 0);
    virtq_notify(f->q);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    wr(f, VIRTIO_MMIO_INTERRUPT_ACK, 1);
    virtq_notify(f->q); /* nothing new used */
    assert_int_equal(fixture_irq_level(&f->irq), 0);

    /* Device-side suppression: while disabled, pops leave avail_event alone. */
    virtq_disable_notify(f->q);
    assert_int_equal(get16(f, USED), 0); /* flags stay 0 with event idx */
    offer(f, 0);
    assert_int_equal(virtq_pop(f->q, f->e), 1);
    assert_int_equal(get16(f, avail_event), 2);
    assert_false(virtq_enable_notify(f->q));
    assert_int_equal(get16(f, avail_event), 3);
    virtq_disable_notify(f->q);
    offer(f, 1);
    assert_true(virtq_enable_notify(f->q)); /* arrived while disabled */
    free(e2);
}

static void test_no_interrupt_flag(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, DATA, 4, 0, 0);
    put16(f, AVAIL, 1); /* VIRTQ_AVAIL_F_NO_INTERRUPT */
    offer(f, 0);
    assert_int_equal(virtq_pop(f->q, f->e), 1);
    virtq_push(f->q, f->e, 0);
    virtq_notify(f->q);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
    put16(f, AVAIL, 0);
    offer(f, 0);
    assert_int_equal(virtq_pop(f->q, f->e), 1);
    virtq_push(f->q, f->e, 0);
    virtq_notify(f->q);
    assert_int_equal(fixture_irq_level(&f->irq), 1);

    virtq_disable_notify(f->q);
    assert_int_equal(get16(f, USED), 1); /* VIRTQ_USED_F_NO_NOTIFY */
    assert_false(virtq_enable_notify(f->q));
    assert_int_equal(get16(f, USED), 0);
    virtq_disable_notify(f->q);
    offer(f, 0);
    assert_true(virtq_enable_notify(f->q));
}

static void test_reset(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    struct virtq_elem *e2 = fixture_alloc(sizeof(*e2));
    desc(f, DESC, 0, DATA, 4, 0, 0);
    desc(f, DESC, 1, DATA + 0x100, 4, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    offer(f, 1);
    assert_int_equal(virtq_pop(f->q, f->e), 1);
    assert_int_equal(virtq_pop(f->q, e2), 1);
    virtq_push(f->q, f->e, 0);
    virtq_notify(f->q);
    assert_int_equal(fixture_irq_level(&f->irq), 1);

    int resets = f->t.resets; /* start() resets first */
    wr(f, VIRTIO_MMIO_STATUS, 0);
    assert_int_equal(f->t.resets, resets + 1);
    assert_int_equal(fixture_irq_level(&f->irq), 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
    assert_int_equal(virtq_pop(f->q, f->e), 0);
    virtq_push(f->q, e2, 4); /* stale: dropped */
    assert_int_equal(used_idx(f), 1);

    start(f, DEFAULT_FEAT);  /* zeroes the rings */
    virtq_push(f->q, e2, 4); /* still stale after the re-initialisation */
    virtq_notify(f->q);
    assert_int_equal(used_idx(f), 0);
    assert_int_equal(fixture_irq_level(&f->irq), 0);

    /* Machine reset acts like Status = 0. */
    resets = f->t.resets;
    virtio_mmio_reset(f->dev);
    assert_int_equal(f->t.resets, resets + 1);
    assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
    assert_false(virtio_dev_running(f->dev));
    free(e2);
}

/* A queue disabled with QueueReady = 0 also makes popped elements stale. */
static void test_queue_disable_stales(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, DATA, 4, 0, 0);
    offer(f, 0);
    assert_int_equal(virtq_pop(f->q, f->e), 1);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 0);
    virtq_push(f->q, f->e, 0);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    virtq_push(f->q, f->e, 0);
    assert_int_equal(used_idx(f), 0);
}

/* ---- Malformed rings: one test per class ---- */

static void test_bad_loop_direct(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 2, DATA, 4, VIRTQ_DESC_F_NEXT, 2);
    offer(f, 2);
    expect_malformed(f, "longer than the queue");
}

static void test_bad_chain_longer_than_queue(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    for (unsigned i = 0; i < QNUM; i++)
        desc(f, DESC, i, DATA + 16 * i, 4, VIRTQ_DESC_F_NEXT, (uint16_t)((i + 1) % QNUM));
    offer(f, 0);
    expect_malformed(f, "longer than the queue");
}

static void test_bad_loop_indirect(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, IND, 0, DATA, 4, VIRTQ_DESC_F_NEXT, 1);
    desc(f, IND, 1, DATA + 4, 4, VIRTQ_DESC_F_NEXT, 0);
    desc(f, DESC, 0, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    expect_malformed(f, "loops");
}

static void test_bad_next_out_of_range(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, DATA, 4, VIRTQ_DESC_F_NEXT, QNUM);
    offer(f, 0);
    expect_malformed(f, "descriptor index 8 out of range");
    /* The head itself, and a next inside an indirect table. */
    offer(f, QNUM + 100);
    expect_malformed(f, "out of range");
    desc(f, IND, 0, DATA, 4, VIRTQ_DESC_F_NEXT, 2);
    desc(f, DESC, 0, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    expect_malformed(f, "beyond the table");
}

static void test_bad_avail_idx_jump(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, DATA, 4, 0, 0);
    set_avail_idx(f, QNUM + 1);
    expect_malformed(f, "available index moved");
    set_avail_idx(f, 0xffff); /* backwards is a huge jump forwards */
    expect_malformed(f, "available index moved");
}

static void test_bad_buffer_outside_ram(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, 0x1000, 4, 0, 0);
    offer(f, 0);
    expect_malformed(f, "not in RAM");
    desc(f, DESC, 0, RAM_END - 4, 8, VIRTQ_DESC_F_WRITE, 0); /* straddles RAM's end */
    offer(f, 0);
    expect_malformed(f, "not in RAM");
    desc(f, DESC, 0, RAM_BASE - 2, 4, VIRTQ_DESC_F_WRITE, 0); /* straddles its start */
    offer(f, 0);
    expect_malformed(f, "not in RAM");
}

static void test_bad_buffer_in_mmio(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, OTHER_BASE, 4, 0, 0);
    offer(f, 0);
    expect_malformed(f, "not in RAM");
    desc(f, DESC, 0, OTHER_BASE + 0x10, 4, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    expect_malformed(f, "not in RAM");
    desc(f, DESC, 0, BASE + VIRTIO_MMIO_STATUS, 4, VIRTQ_DESC_F_WRITE, 0); /* our own registers */
    offer(f, 0);
    expect_malformed(f, "not in RAM");
}

static void test_bad_addr_len_overflow(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, 0xfffffffffffffff0ull, 0x20, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    expect_malformed(f, "wraps around");
}

static void test_bad_zero_length(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, DATA, 4, VIRTQ_DESC_F_NEXT, 1);
    desc(f, DESC, 1, DATA + 4, 0, VIRTQ_DESC_F_WRITE, 0);
    offer(f, 0);
    expect_malformed(f, "zero-length");
}

static void test_bad_readable_after_writable(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, DESC, 0, DATA, 4, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    desc(f, DESC, 1, DATA + 8, 4, 0, 0);
    offer(f, 0);
    expect_malformed(f, "after a writable one");
}

static void test_bad_nested_indirect(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, IND, 0, DATA, 4, VIRTQ_DESC_F_NEXT, 1);
    desc(f, IND, 1, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
    desc(f, DESC, 0, IND, 32, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    expect_malformed(f, "nested indirect");
}

static void test_bad_indirect_with_next(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, IND, 0, DATA, 4, 0, 0);
    desc(f, DESC, 0, IND, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
    desc(f, DESC, 1, DATA + 8, 4, 0, 0);
    offer(f, 0);
    expect_malformed(f, "both INDIRECT and NEXT");
}

static void test_bad_indirect_length(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    desc(f, IND, 0, DATA, 4, 0, 0);
    desc(f, DESC, 0, IND, 20, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    expect_malformed(f, "not a multiple of 16");
    desc(f, DESC, 0, IND, 0, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    expect_malformed(f, "not a multiple of 16");
    desc(f, DESC, 0, RAM_END - 16, 32, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    expect_malformed(f, "indirect table");
}

static void test_bad_indirect_not_negotiated(void **state)
{
    struct fx *f = *state;
    start(f, F_VERSION_1);
    desc(f, IND, 0, DATA, 4, 0, 0);
    desc(f, DESC, 0, IND, 16, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    expect_malformed(f, "without VIRTIO_F_INDIRECT_DESC");
}

static void test_bad_too_many_segments(void **state)
{
    struct fx *f = *state;
    start(f, DEFAULT_FEAT);
    const unsigned n = VIRTQ_MAX_SEGS + 1;
    for (unsigned i = 0; i < n; i++)
        desc(f, IND, i, DATA + i, 1, i + 1 < n ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(i + 1));
    desc(f, DESC, 0, IND, 16 * n, VIRTQ_DESC_F_INDIRECT, 0);
    offer(f, 0);
    expect_malformed(f, "more than 1024 buffers");
}

/* ---- Random rings ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Mostly plausible descriptors (buffers in the data area, tables in the
 * indirect area), some pure noise. */
static void random_desc(struct fx *f, uint64_t table, unsigned i, unsigned num)
{
    uint64_t r = rnd();
    if (r % 4 == 0) {
        uint64_t a = rnd(), b = rnd();
        uint8_t *p = host(f, table) + 16 * i;
        memcpy(p, &a, 8);
        memcpy(p + 8, &b, 8);
        return;
    }
    uint16_t flags = (uint16_t)((r >> 8) & 7);
    uint64_t addr = DATA + rnd() % 0xfe00;
    uint32_t len = (uint32_t)(rnd() % 0x200);
    if (flags & VIRTQ_DESC_F_INDIRECT) {
        addr = IND + 16 * (rnd() % 64);
        len = (uint32_t)(16 * (rnd() % 40) + (r % 7 == 0));
    }
    desc(f, table, i, addr, len, flags, (uint16_t)(rnd() % (num + 2)));
}

static void random_rings(struct fx *f, unsigned num)
{
    for (unsigned i = 0; i < num; i++)
        random_desc(f, DESC, i, num);
    for (unsigned i = 0; i < 0x5000 / 16; i++)
        random_desc(f, IND, i, 64);
    for (unsigned i = 0; i < num; i++)
        put16(f, AVAIL + 4 + 2 * i, (uint16_t)(rnd() % (num + 2)));
    put16(f, AVAIL, (uint16_t)(rnd() & 1));
    put16(f, AVAIL + 4 + 2 * num, (uint16_t)rnd());
    set_avail_idx(f, (uint16_t)(rnd() % 8 == 0 ? rnd() : rnd() % (num + 3)));
}

/* Every segment of a popped element lies inside the data or table areas. */
static void check_elem(struct fx *f, const struct virtq_elem *e)
{
    uint64_t total = 0;
    assert_true(e->nout + e->nin <= VIRTQ_MAX_SEGS);
    for (unsigned i = 0; i < e->nout + e->nin; i++) {
        const struct iovec *v = i < e->nout ? &e->out[i] : &e->in[i - e->nout];
        uint8_t *p = v->iov_base;
        assert_true(p >= f->ram && p + v->iov_len <= f->ram + SENT_OFF && v->iov_len > 0);
        total += v->iov_len;
    }
    assert_int_equal(total, e->out_len + e->in_len);
}

static int random_popped, random_malformed;

static void random_round(struct fx *f, unsigned num)
{
    wr(f, VIRTIO_MMIO_STATUS, 0);
    random_rings(f, num);
    handshake(f, rnd() & 1 ? DEFAULT_FEAT | F_EVENT_IDX : F_VERSION_1);
    wr(f, VIRTIO_MMIO_QUEUE_SEL, 0);
    set_queue_regs(f, num, DESC, AVAIL, USED);
    wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
    wr(f, VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEAT_OK | S_DRIVER_OK);
    for (int n = 0; n < 2 * (int)num; n++) {
        int r = virtq_pop(f->q, f->e);
        if (r <= 0) {
            assert_true(r == 0 || (rd(f, VIRTIO_MMIO_STATUS) & S_NEEDS_RST));
            random_malformed += r < 0;
            break;
        }
        random_popped++;
        check_elem(f, f->e);
        uint8_t junk[64];
        memset(junk, (int)n, sizeof(junk));
        virtq_elem_write(f->e, rnd() % 8, junk, sizeof(junk));
        virtq_push(f->q, f->e, (uint32_t)rnd());
        virtq_notify(f->q);
    }
}

static void test_random_rings(void **state)
{
    struct fx *f = *state;
    log_mask &= ~(unsigned)LOG_GUEST_ERROR; /* rate-limited from here on */
    rng_state = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 10000; i++)
        random_round(f, i % 3 ? QNUM : QMAX);
    log_mask |= LOG_GUEST_ERROR;
    /* Both paths were exercised, not just the first check. */
    assert_true(random_popped > 1000);
    assert_true(random_malformed > 1000);
    print_message("random rings: %d chains popped, %d malformed\n", random_popped,
                  random_malformed);
}

/* ---- Threads ---- */

struct worker {
    struct fx *f;
    int stop;
    struct virtq_elem e;
};

/* A device's worker: pops and completes whatever is there. */
static void *worker_main(void *arg)
{
    struct worker *w = arg;
    while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
        if (virtq_pop(w->f->q, &w->e) == 1) {
            virtq_push(w->f->q, &w->e, 1);
            virtq_notify(w->f->q);
        } else {
            fixture_sleep_us(10);
        }
    }
    return NULL;
}

static bool wait_used(struct fx *f, uint16_t want)
{
    for (int i = 0; i < 2000; i++) {
        if (__atomic_load_n((uint16_t *)(void *)host(f, USED + 2), __ATOMIC_ACQUIRE) == want)
            return true;
        fixture_sleep_us(500);
    }
    return false;
}

/* The driver resets the device while a worker thread is popping. */
static void test_reset_races_worker(void **state)
{
    struct fx *f = *state;
    struct worker *w = fixture_alloc(sizeof(*w));
    w->f = f;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, worker_main, w), 0);
    for (int round = 0; round < 100; round++) {
        start(f, DEFAULT_FEAT);
        for (unsigned i = 0; i < 4; i++) {
            desc(f, DESC, i, DATA + 0x100 * i, 16, VIRTQ_DESC_F_WRITE, 0);
            offer(f, (uint16_t)i);
        }
        if (round % 2 == 0)
            assert_true(wait_used(f, 4));
        wr(f, VIRTIO_MMIO_STATUS, 0); /* odd rounds: possibly mid-request */
    }
    __atomic_store_n(&w->stop, 1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    assert_int_equal(f->t.resets, 100 + 100); /* start() resets too */
    free(w);
}

static void test_fdt_node(void **state)
{
    struct fx *f = *state;
    struct fdt *t = fixture_fdt_soc();
    assert_int_equal(virtio_mmio_fdt(f->dev, t, 3), 0);
    void *blob = fixture_fdt_finish(t);
    const char *path = "/soc/virtio_mmio@10001000";
    assert_string_equal(fdt_get_prop(blob, path, "compatible", NULL), "virtio,mmio");
    fixture_assert_u32_prop(blob, path, "interrupts", IRQ_NUM);
    fixture_assert_u32_prop(blob, path, "interrupt-parent", 3);
    fixture_assert_reg(blob, path, (uint32_t)BASE, VIRTIO_MMIO_SIZE);
    free(blob);
}

static void test_create_rejects_bad_ops(void **state)
{
    struct fx *f = *state;
    struct irq_line l = fixture_irq_line(&f->irq, IRQ_NUM);
    struct virtio_device_ops ops = t_ops;
    ops.queue_max = 12;
    assert_null(virtio_mmio_create(f->bus, 0x10003000, &l, &ops, &f->t));
    ops = t_ops;
    ops.num_queues = VIRTIO_MAX_QUEUES + 1;
    assert_null(virtio_mmio_create(f->bus, 0x10003000, &l, &ops, &f->t));
    ops = t_ops;
    ops.config_size = 0x101;
    assert_null(virtio_mmio_create(f->bus, 0x10003000, &l, &ops, &f->t));
    assert_null(virtio_mmio_create(f->bus, BASE + 0x100, &l, &t_ops, &f->t)); /* overlaps */
    assert_null(virtio_dev_queue(f->dev, 2));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_identity_registers),
        T(test_config_space),
        T(test_device_features),
        T(test_features_accepted),
        T(test_features_need_version_1),
        T(test_features_not_offered),
        T(test_status_bits),
        T(test_device_needs_reset),
        T(test_queue_setup_validation),
        T(test_queue_regs_frozen_when_ready),
        T(test_round_trip),
        T(test_elem_copy_across_segments),
        T(test_indirect),
        T(test_max_segments),
        T(test_event_idx),
        T(test_no_interrupt_flag),
        T(test_reset),
        T(test_queue_disable_stales),
        T(test_bad_loop_direct),
        T(test_bad_chain_longer_than_queue),
        T(test_bad_loop_indirect),
        T(test_bad_next_out_of_range),
        T(test_bad_avail_idx_jump),
        T(test_bad_buffer_outside_ram),
        T(test_bad_buffer_in_mmio),
        T(test_bad_addr_len_overflow),
        T(test_bad_zero_length),
        T(test_bad_readable_after_writable),
        T(test_bad_nested_indirect),
        T(test_bad_indirect_with_next),
        T(test_bad_indirect_length),
        T(test_bad_indirect_not_negotiated),
        T(test_bad_too_many_segments),
        T(test_random_rings),
        T(test_reset_races_worker),
        T(test_fdt_node),
        T(test_create_rejects_bad_ops),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
