/* SPDX-License-Identifier: MIT */
/* hw/virtio_blk through the real virtio-mmio transport: the test driver
 * (virtio_driver.h) negotiates features and builds split rings in RAM
 * (virtio 1.2, 2.7, 4.2.3), requests (5.2.6) are submitted and the used
 * index polled for completions; the image file is compared with a model
 * after each test. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hw/block.h"
#include "hw/irq.h"
#include "hw/virtio.h"
#include "hw/virtio_blk.h"
#include "mem/bus.h"

#include "fixture.h"
#include "virtio_driver.h"

#define BASE     0x10001000ull
#define IRQ_NUM  1
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define QSIZE    16
#define IMG_SIZE (256u << 10)
#define SECTORS  (IMG_SIZE / 512)
#define WAIT_MS  5000

/* Guest-physical layout: the queue's areas, request pieces, data buffers. */
#define DESC_GPA   (RAM_BASE + 0x0000)
#define AVAIL_GPA  (RAM_BASE + 0x1000)
#define USED_GPA   (RAM_BASE + 0x2000)
#define HDR_GPA    (RAM_BASE + 0x4000)
#define STATUS_GPA (RAM_BASE + 0x4100)
#define SEG_GPA    (RAM_BASE + 0x4200)
#define DATA_GPA   (RAM_BASE + 0x10000)
#define DATA2_GPA  (RAM_BASE + 0x30000)

/* virtio-blk (virtio 1.2, 5.2.3, 5.2.6) */
enum {
    F_SEG_MAX = 2,
    F_RO = 5,
    F_BLK_SIZE = 6,
    F_FLUSH = 9,
    F_DISCARD = 13,
    F_WRITE_ZEROES = 14,
    T_IN = 0,
    T_OUT = 1,
    T_FLUSH = 4,
    T_GET_ID = 8,
    T_GET_LIFETIME = 10,
    T_DISCARD = 11,
    T_WRITE_ZEROES = 13,
    S_OK = 0,
    S_IOERR = 1,
    S_UNSUPP = 2,
    S_NONE = 0xff, /* what the test leaves in the status byte */
};

struct fx {
    char dir[64], path[128];
    struct bus *bus;
    struct virtio_blk *vb;
    struct block *blk; /* owned by vb */
    struct vdrv drv;
    uint8_t model[IMG_SIZE]; /* what the image file must hold */
    uint32_t used_len;       /* of the last completion */
    struct fixture_irq irq;
};

static void fill_pattern(uint8_t *p, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++)
        p[i] = (uint8_t)(i * 13 + seed + (i >> 9));
}

/* ---- the driver ---- */

/* Virtio 1.2, 3.1.1: accept every offered feature but EVENT_IDX. */
static void driver_init(struct fx *f)
{
    uint64_t feat = vdrv_device_features(&f->drv) & ~(1ull << VIRTIO_F_RING_EVENT_IDX);
    vdrv_negotiate(&f->drv, feat);
    vdrv_queue_init(&f->drv, 0, QSIZE, DESC_GPA, AVAIL_GPA, USED_GPA);
    vdrv_driver_ok(&f->drv);
}

/* Kicks unless the device said it does not need it (2.7.10: without
 * EVENT_IDX, VIRTQ_USED_F_NO_NOTIFY in the used ring's flags). */
static void kick(struct fx *f)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!(__atomic_load_n((uint16_t *)vdrv_gpa(&f->drv, USED_GPA), __ATOMIC_ACQUIRE) & 1))
        vdrv_wr(&f->drv, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* Makes the chain at head available, kicks, and waits for it to be used. */
static void offer_and_wait(struct fx *f, uint16_t head)
{
    vdrv_make_available(&f->drv, 0, head);
    kick(f);
    uint16_t want = f->drv.q[0].avail_idx;
    for (int ms = 0; vdrv_used_idx(&f->drv, 0) != want; ms++) {
        if (ms >= WAIT_MS)
            fail_msg("request at head %u not completed in %d ms", head, WAIT_MS);
        fixture_sleep_ms(1);
    }
    uint32_t id;
    vdrv_used_elem(&f->drv, 0, want - 1u, &id, &f->used_len);
    assert_int_equal(id, head);
}

static void put_header(struct fx *f, uint32_t type, uint64_t sector)
{
    uint8_t *h = vdrv_gpa(&f->drv, HDR_GPA);
    memset(h, 0, 16);
    memcpy(h, &type, 4);
    memcpy(h + 8, &sector, 8);
    *vdrv_gpa(&f->drv, STATUS_GPA) = S_NONE;
}

/* header, [data of len bytes at data_gpa], status; returns the status. */
static int request(struct fx *f, uint32_t type, uint64_t sector, uint64_t data_gpa, uint32_t len,
                   bool data_writable)
{
    put_header(f, type, sector);
    vdrv_desc_set(&f->drv, 0, 0, HDR_GPA, 16, VIRTQ_DESC_F_NEXT, 1);
    unsigned st = 1;
    if (len) {
        vdrv_desc_set(&f->drv, 0, 1, data_gpa, len,
                      VIRTQ_DESC_F_NEXT | (data_writable ? VIRTQ_DESC_F_WRITE : 0), 2);
        st = 2;
    }
    vdrv_desc_set(&f->drv, 0, st, STATUS_GPA, 1, VIRTQ_DESC_F_WRITE, 0);
    offer_and_wait(f, 0);
    return *vdrv_gpa(&f->drv, STATUS_GPA);
}

static int blk_write(struct fx *f, uint64_t sector, const void *data, uint32_t len)
{
    memcpy(vdrv_gpa(&f->drv, DATA_GPA), data, len);
    return request(f, T_OUT, sector, DATA_GPA, len, false);
}

/* Reads into DATA2_GPA and returns the status. */
static int blk_read(struct fx *f, uint64_t sector, uint32_t len)
{
    memset(vdrv_gpa(&f->drv, DATA2_GPA), 0xee, len);
    return request(f, T_IN, sector, DATA2_GPA, len, true);
}

/* One discard or write-zeroes segment (5.2.6). */
static int blk_zero(struct fx *f, uint32_t type, uint64_t sector, uint32_t num, uint32_t flags)
{
    uint8_t *s = vdrv_gpa(&f->drv, SEG_GPA);
    memcpy(s, &sector, 8);
    memcpy(s + 8, &num, 4);
    memcpy(s + 12, &flags, 4);
    return request(f, type, 0, SEG_GPA, 16, false);
}

/* ---- fixtures ---- */

static void assert_image_is_model(struct fx *f)
{
    uint8_t *now = malloc(IMG_SIZE);
    int fd = open(f->path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(pread(fd, now, IMG_SIZE, 0), IMG_SIZE);
    close(fd);
    assert_memory_equal(now, f->model, IMG_SIZE);
    free(now);
}

static int setup_with(void **state, const char *name, bool readonly, const char *serial)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/rivet-test-vblk-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
    fill_pattern(f->model, IMG_SIZE, 1);
    int fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, f->model, IMG_SIZE), IMG_SIZE);
    close(fd);
    struct block_config c = {f->path, "-drive file=test", readonly, false, BLOCK_CACHE_WRITEBACK};
    f->blk = block_open(&c);
    assert_non_null(f->blk);
    f->bus = fixture_bus_create();
    vdrv_attach(&f->drv, f->bus, BASE, RAM_BASE, RAM_SIZE);
    struct irq_line l = fixture_irq_line(&f->irq, IRQ_NUM);
    f->vb = virtio_blk_create(f->bus, BASE, &l, f->blk, serial);
    assert_non_null(f->vb);
    driver_init(f);
    *state = f;
    return 0;
}

static int setup(void **state) { return setup_with(state, "disk.img", false, NULL); }
static int setup_ro(void **state) { return setup_with(state, "disk.img", true, NULL); }

static int setup_long_name(void **state)
{
    return setup_with(state, "a-rather-long-image-name.img", false, NULL);
}

static int setup_serial(void **state) { return setup_with(state, "x.img", false, "SN-0042"); }

static int teardown(void **state)
{
    struct fx *f = *state;
    virtio_blk_free(f->vb);
    bus_free(f->bus);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* ---- capturing stderr (the disk-full messages) ---- */

static int saved_stderr = -1;

static void capture_begin(void)
{
    fflush(stderr);
    saved_stderr = dup(2);
    FILE *t = tmpfile();
    assert_non_null(t);
    dup2(fileno(t), 2);
    fclose(t);
}

static void capture_end(char *buf, size_t size)
{
    fflush(stderr);
    memset(buf, 0, size);
    assert_true(pread(2, buf, size - 1, 0) >= 0);
    dup2(saved_stderr, 2);
    close(saved_stderr);
}

static unsigned count_of(const char *hay, const char *needle)
{
    unsigned n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* ---- tests ---- */

static uint32_t config32(struct fx *f, unsigned off)
{
    return vdrv_rd(&f->drv, VIRTIO_MMIO_CONFIG + off);
}

static void test_config(void **state)
{
    struct fx *f = *state;
    assert_int_equal(vdrv_rd(&f->drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
    uint64_t feat = vdrv_device_features(&f->drv);
    uint64_t want = 1ull << F_SEG_MAX | 1ull << F_BLK_SIZE | 1ull << F_FLUSH | 1ull << F_DISCARD |
                    1ull << F_WRITE_ZEROES;
    assert_int_equal(feat & want, want);
    assert_false(feat >> F_RO & 1);
    uint64_t cap = config32(f, 0) | (uint64_t)config32(f, 4) << 32;
    assert_int_equal(cap, SECTORS);
    assert_true(config32(f, 12) >= 1);      /* seg_max */
    assert_int_equal(config32(f, 20), 512); /* blk_size */
    assert_true(config32(f, 36) >= 8);      /* max_discard_sectors */
    assert_true(config32(f, 40) >= 1);      /* max_discard_seg */
    assert_true(config32(f, 48) >= 8);      /* max_write_zeroes_sectors */
    assert_true(config32(f, 52) >= 1);      /* max_write_zeroes_seg */
    assert_int_equal(fixture_mmio_read(f->bus, BASE + VIRTIO_MMIO_CONFIG + 56, 1), 1);
}

static void test_write_read(void **state)
{
    struct fx *f = *state;
    uint8_t data[3 * 512];
    fill_pattern(data, sizeof(data), 77);
    assert_int_equal(blk_write(f, 5, data, sizeof(data)), S_OK);
    assert_int_equal(f->used_len, 1);
    memcpy(f->model + 5 * 512, data, sizeof(data));
    assert_int_equal(blk_read(f, 4, 5 * 512), S_OK);
    assert_int_equal(f->used_len, 5 * 512 + 1);
    assert_memory_equal(vdrv_gpa(&f->drv, DATA2_GPA), f->model + 4 * 512, 5 * 512);
    assert_int_equal(blk_read(f, SECTORS - 1, 512), S_OK);
    assert_memory_equal(vdrv_gpa(&f->drv, DATA2_GPA), f->model + IMG_SIZE - 512, 512);
    assert_int_equal(fixture_irq_level(&f->irq), 1);
    assert_int_equal(request(f, T_FLUSH, 0, 0, 0, false), S_OK);
    assert_image_is_model(f);
}

/* A read whose data spans several descriptors, as Linux sends them. */
static void test_scattered_read(void **state)
{
    struct fx *f = *state;
    put_header(f, T_IN, 10);
    memset(vdrv_gpa(&f->drv, DATA2_GPA), 0, 3 * 512);
    vdrv_desc_set(&f->drv, 0, 0, HDR_GPA, 16, VIRTQ_DESC_F_NEXT, 1);
    vdrv_desc_set(&f->drv, 0, 1, DATA2_GPA + 1024, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    vdrv_desc_set(&f->drv, 0, 2, DATA2_GPA, 1000, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 3);
    vdrv_desc_set(&f->drv, 0, 3, DATA2_GPA + 1000, 24, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 4);
    vdrv_desc_set(&f->drv, 0, 4, STATUS_GPA, 1, VIRTQ_DESC_F_WRITE, 0);
    offer_and_wait(f, 0);
    assert_int_equal(*vdrv_gpa(&f->drv, STATUS_GPA), S_OK);
    assert_memory_equal(vdrv_gpa(&f->drv, DATA2_GPA + 1024), f->model + 10 * 512, 512);
    assert_memory_equal(vdrv_gpa(&f->drv, DATA2_GPA), f->model + 11 * 512, 1024);
}

static void test_get_id(void **state)
{
    struct fx *f = *state;
    memset(vdrv_gpa(&f->drv, DATA2_GPA), 0xee, 20);
    assert_int_equal(request(f, T_GET_ID, 0, DATA2_GPA, 20, true), S_OK);
    assert_memory_equal(vdrv_gpa(&f->drv, DATA2_GPA), "disk.img\0\0\0\0\0\0\0\0\0\0\0\0", 20);
    assert_int_equal(f->used_len, 21);
}

static void test_get_id_long_name(void **state)
{
    struct fx *f = *state;
    assert_int_equal(request(f, T_GET_ID, 0, DATA2_GPA, 20, true), S_OK);
    char id[21] = {0};
    memcpy(id, vdrv_gpa(&f->drv, DATA2_GPA), 20);
    assert_int_equal(strlen(id), 20);
    assert_memory_equal(id, "a-rather-lo-", 12);
}

static void test_get_id_serial(void **state)
{
    struct fx *f = *state;
    memset(vdrv_gpa(&f->drv, DATA2_GPA), 0xee, 32);
    assert_int_equal(request(f, T_GET_ID, 0, DATA2_GPA, 32, true), S_OK);
    uint8_t want[32] = "SN-0042";
    assert_memory_equal(vdrv_gpa(&f->drv, DATA2_GPA), want, 32);
}

static void test_discard_write_zeroes(void **state)
{
    struct fx *f = *state;
    assert_int_equal(blk_zero(f, T_DISCARD, 8, 16, 0), S_OK);
    memset(f->model + 8 * 512, 0, 16 * 512);
    assert_int_equal(blk_zero(f, T_WRITE_ZEROES, 40, 3, 1), S_OK);
    memset(f->model + 40 * 512, 0, 3 * 512);
    assert_int_equal(blk_zero(f, T_WRITE_ZEROES, 50, 9, 0), S_OK);
    memset(f->model + 50 * 512, 0, 9 * 512);
    assert_int_equal(blk_read(f, 0, 64 * 512), S_OK);
    assert_memory_equal(vdrv_gpa(&f->drv, DATA2_GPA), f->model, 64 * 512);
    /* 5.2.6.2: unmap on a discard, or an unknown flag, is UNSUPP. */
    assert_int_equal(blk_zero(f, T_DISCARD, 0, 1, 1), S_UNSUPP);
    assert_int_equal(blk_zero(f, T_WRITE_ZEROES, 0, 1, 2), S_UNSUPP);
    assert_int_equal(blk_zero(f, T_DISCARD, SECTORS - 1, 2, 0), S_IOERR);
    assert_int_equal(blk_zero(f, T_WRITE_ZEROES, UINT64_MAX, 1, 0), S_IOERR);
    assert_image_is_model(f);
}

static void test_bad_requests(void **state)
{
    struct fx *f = *state;
    uint8_t data[1024];
    fill_pattern(data, sizeof(data), 5);
    assert_int_equal(blk_write(f, SECTORS - 1, data, 1024), S_IOERR);
    assert_int_equal(blk_write(f, SECTORS, data, 512), S_IOERR);
    assert_int_equal(blk_write(f, UINT64_MAX, data, 512), S_IOERR); /* sector * 512 wraps */
    assert_int_equal(blk_write(f, 0, data, 100), S_IOERR);          /* not whole sectors */
    assert_int_equal(blk_read(f, SECTORS - 1, 1024), S_IOERR);
    assert_int_equal(f->used_len, 0);
    /* Data in the wrong direction. */
    assert_int_equal(request(f, T_OUT, 0, DATA_GPA, 512, true), S_IOERR);
    assert_int_equal(request(f, T_IN, 0, DATA_GPA, 512, false), S_IOERR);
    assert_int_equal(request(f, T_FLUSH, 0, DATA2_GPA, 8, true), S_IOERR);
    assert_int_equal(request(f, T_GET_LIFETIME, 0, DATA2_GPA, 8, true), S_UNSUPP);
    assert_int_equal(request(f, 0x1234, 0, 0, 0, false), S_UNSUPP);
    /* A header of 8 bytes. */
    put_header(f, T_OUT, 0);
    vdrv_desc_set(&f->drv, 0, 0, HDR_GPA, 8, VIRTQ_DESC_F_NEXT, 1);
    vdrv_desc_set(&f->drv, 0, 1, STATUS_GPA, 1, VIRTQ_DESC_F_WRITE, 0);
    offer_and_wait(f, 0);
    assert_int_equal(*vdrv_gpa(&f->drv, STATUS_GPA), S_IOERR);
    assert_image_is_model(f);
    assert_int_equal(blk_read(f, 0, 512), S_OK); /* still working */
}

static uint32_t wait_status_bit(struct fx *f, uint32_t bit)
{
    for (int ms = 0; ms < WAIT_MS && !(vdrv_rd(&f->drv, VIRTIO_MMIO_STATUS) & bit); ms++)
        fixture_sleep_ms(1);
    return vdrv_rd(&f->drv, VIRTIO_MMIO_STATUS) & bit;
}

/* A writable buffer before a readable one (2.7.4.2): the transport marks
 * the device NEEDS_RESET; nothing is written, and a reset recovers. */
static void test_malformed_chain(void **state)
{
    struct fx *f = *state;
    uint8_t data[512];
    fill_pattern(data, sizeof(data), 9);
    memcpy(vdrv_gpa(&f->drv, DATA_GPA), data, sizeof(data));
    put_header(f, T_OUT, 0);
    vdrv_desc_set(&f->drv, 0, 0, STATUS_GPA, 1, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    vdrv_desc_set(&f->drv, 0, 1, HDR_GPA, 16, VIRTQ_DESC_F_NEXT, 2);
    vdrv_desc_set(&f->drv, 0, 2, DATA_GPA, 512, 0, 0);
    vdrv_offer(&f->drv, 0, 0);
    assert_true(wait_status_bit(f, VIRTIO_STATUS_NEEDS_RESET));
    fixture_sleep_ms(20);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 0);
    assert_image_is_model(f);
    driver_init(f);
    assert_int_equal(blk_write(f, 0, data, sizeof(data)), S_OK);
    memcpy(f->model, data, sizeof(data));
    assert_image_is_model(f);
}

/* No writable byte for the status: the device cannot answer, so it asks
 * for a reset. */
static void test_no_status_byte(void **state)
{
    struct fx *f = *state;
    put_header(f, T_OUT, 0);
    vdrv_desc_set(&f->drv, 0, 0, HDR_GPA, 16, VIRTQ_DESC_F_NEXT, 1);
    vdrv_desc_set(&f->drv, 0, 1, DATA_GPA, 512, 0, 0);
    vdrv_offer(&f->drv, 0, 0);
    assert_true(wait_status_bit(f, VIRTIO_STATUS_NEEDS_RESET));
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 0);
    assert_image_is_model(f);
}

static void test_readonly(void **state)
{
    struct fx *f = *state;
    assert_true(vdrv_device_features(&f->drv) >> F_RO & 1);
    uint8_t data[512] = {1, 2, 3};
    assert_int_equal(blk_write(f, 0, data, sizeof(data)), S_IOERR);
    assert_int_equal(blk_zero(f, T_WRITE_ZEROES, 0, 8, 0), S_IOERR);
    assert_int_equal(blk_zero(f, T_DISCARD, 0, 8, 0), S_IOERR);
    assert_int_equal(request(f, T_FLUSH, 0, 0, 0, false), S_OK);
    assert_int_equal(blk_read(f, 0, 4096), S_OK);
    assert_memory_equal(vdrv_gpa(&f->drv, DATA2_GPA), f->model, 4096);
    assert_image_is_model(f);
}

/* The pause hook's calls, in order: 'P' paused, 'R' resumed. */
static char pause_log[8];

static void record_pause(void *opaque, bool paused)
{
    size_t n = strlen(pause_log);
    if (n + 1 < sizeof(pause_log))
        pause_log[n] = paused ? 'P' : 'R';
}

/* Host disk full: the write waits (one message), is retried every second,
 * and lands once space returns (a second message). The board is told to
 * pause the guest once and to resume it once. */
static void test_disk_full_retry(void **state)
{
    struct fx *f = *state;
    uint8_t data[1024];
    fill_pattern(data, sizeof(data), 11);
    memset(pause_log, 0, sizeof(pause_log));
    virtio_blk_set_pause_hook(f->vb, record_pause, NULL);
    block_inject_fault(f->blk, ENOSPC, 2);
    capture_begin();
    int st = blk_write(f, 7, data, sizeof(data));
    char msg[1024];
    capture_end(msg, sizeof(msg));
    assert_int_equal(st, S_OK);
    memcpy(f->model + 7 * 512, data, sizeof(data));
    assert_image_is_model(f);
    assert_int_equal(count_of(msg, "-drive file=test"), 2);
    assert_int_equal(count_of(msg, "host disk full; guest disk I/O paused, retrying every second"),
                     1);
    assert_int_equal(count_of(msg, "resumed"), 1);
    assert_string_equal(pause_log, "PR");
}

/* A reset while a write waits for space drops it: the reset returns, the
 * request is never completed and the image is untouched. */
static void test_disk_full_reset(void **state)
{
    struct fx *f = *state;
    uint8_t data[512] = {0x42};
    memset(pause_log, 0, sizeof(pause_log));
    virtio_blk_set_pause_hook(f->vb, record_pause, NULL);
    block_inject_fault(f->blk, ENOSPC, 1000);
    capture_begin();
    memcpy(vdrv_gpa(&f->drv, DATA_GPA), data, sizeof(data));
    put_header(f, T_OUT, 3);
    vdrv_desc_set(&f->drv, 0, 0, HDR_GPA, 16, VIRTQ_DESC_F_NEXT, 1);
    vdrv_desc_set(&f->drv, 0, 1, DATA_GPA, 512, VIRTQ_DESC_F_NEXT, 2);
    vdrv_desc_set(&f->drv, 0, 2, STATUS_GPA, 1, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, 0, 0);
    fixture_sleep_ms(100);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vdrv_wr(&f->drv, VIRTIO_MMIO_STATUS, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    char msg[1024];
    capture_end(msg, sizeof(msg));
    assert_true(t1.tv_sec - t0.tv_sec < 2);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 0);
    assert_int_equal(*vdrv_gpa(&f->drv, STATUS_GPA), S_NONE);
    assert_int_equal(count_of(msg, "host disk full"), 1);
    assert_string_equal(pause_log, "PR"); /* the dropped write resumes the guest */
    block_inject_fault(f->blk, 0, 0);
    assert_image_is_model(f);
    driver_init(f);
    assert_int_equal(blk_read(f, 3, 512), S_OK);
}

/* Freeing the device while a write waits for space stops the worker. */
static void test_disk_full_free(void **state)
{
    struct fx *f = *state;
    block_inject_fault(f->blk, ENOSPC, 1000);
    capture_begin();
    put_header(f, T_FLUSH, 0);
    vdrv_desc_set(&f->drv, 0, 0, HDR_GPA, 16, VIRTQ_DESC_F_NEXT, 1);
    vdrv_desc_set(&f->drv, 0, 1, STATUS_GPA, 1, VIRTQ_DESC_F_WRITE, 0);
    vdrv_offer(&f->drv, 0, 0);
    fixture_sleep_ms(50);
    virtio_blk_free(f->vb);
    f->vb = NULL;
    char msg[1024];
    capture_end(msg, sizeof(msg));
    assert_int_equal(count_of(msg, "host disk full"), 1);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), 0);
}

/* Many requests in flight at once, completed in any order. */
static void test_many_requests(void **state)
{
    struct fx *f = *state;
    struct vdrv_queue *q = &f->drv.q[0];
    uint8_t *avail = vdrv_gpa(&f->drv, AVAIL_GPA);
    for (unsigned r = 0; r < 5; r++) {
        unsigned d = 3 * r;
        uint64_t hdr = HDR_GPA + 0x20 * r, status = STATUS_GPA + r, data = DATA_GPA + 512 * r;
        uint32_t type = T_OUT;
        uint64_t sector = 100 + r;
        memcpy(vdrv_gpa(&f->drv, hdr), &type, 4);
        memset(vdrv_gpa(&f->drv, hdr + 4), 0, 4);
        memcpy(vdrv_gpa(&f->drv, hdr + 8), &sector, 8);
        fill_pattern(vdrv_gpa(&f->drv, data), 512, 30 + r);
        memcpy(f->model + sector * 512, vdrv_gpa(&f->drv, data), 512);
        *vdrv_gpa(&f->drv, status) = S_NONE;
        vdrv_desc_set(&f->drv, 0, d, hdr, 16, VIRTQ_DESC_F_NEXT, (uint16_t)(d + 1));
        vdrv_desc_set(&f->drv, 0, d + 1, data, 512, VIRTQ_DESC_F_NEXT, (uint16_t)(d + 2));
        vdrv_desc_set(&f->drv, 0, d + 2, status, 1, VIRTQ_DESC_F_WRITE, 0);
        uint16_t head = (uint16_t)d;
        memcpy(avail + 4 + 2 * (q->avail_idx++ % QSIZE), &head, 2);
    }
    __atomic_store_n((uint16_t *)(avail + 2), q->avail_idx, __ATOMIC_RELEASE); /* all at once */
    kick(f);
    for (int ms = 0; vdrv_used_idx(&f->drv, 0) != q->avail_idx && ms < WAIT_MS; ms++)
        fixture_sleep_ms(1);
    assert_int_equal(vdrv_used_idx(&f->drv, 0), q->avail_idx);
    for (unsigned r = 0; r < 5; r++)
        assert_int_equal(*vdrv_gpa(&f->drv, STATUS_GPA + r), S_OK);
    assert_image_is_model(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scattered_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_id_long_name, setup_long_name, teardown),
        cmocka_unit_test_setup_teardown(test_get_id_serial, setup_serial, teardown),
        cmocka_unit_test_setup_teardown(test_discard_write_zeroes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_status_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly, setup_ro, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_retry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_free, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_requests, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
