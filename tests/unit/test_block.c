/* SPDX-License-Identifier: MIT */
/* hw/block: raw images, size and type checks, locking, read-only, snapshot
 * overlays, gzip images, discard and write-zeroes, cache=none, and how a
 * full disk is reported (an injected ENOSPC, and a real EFBIG from
 * RLIMIT_FSIZE for the short-write-then-error path). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "hw/block.h"

#define IMG_SIZE (64u << 10)

struct tb_state {
    char dir[64];
    char path[128];
    uint8_t *orig; /* the bytes written into path */
    size_t orig_size;
};

/* ---- files ---- */

static void write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    uint8_t *p = malloc((size_t)st.st_size + 1);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(read(fd, p, (size_t)st.st_size), st.st_size);
    close(fd);
    *len = (size_t)st.st_size;
    return p;
}

static void fill_pattern(uint8_t *p, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++)
        p[i] = (uint8_t)(i * 7 + seed + (i >> 9));
}

/* A pattern-filled image of size bytes at s->path; s->orig keeps the bytes. */
static void make_image(struct tb_state *s, size_t size)
{
    free(s->orig);
    s->orig = malloc(size ? size : 1);
    s->orig_size = size;
    fill_pattern(s->orig, size, 3);
    write_file(s->path, s->orig, size);
}

static void assert_file_unchanged(struct tb_state *s)
{
    size_t len;
    uint8_t *now = read_file(s->path, &len);
    assert_int_equal(len, s->orig_size);
    assert_memory_equal(now, s->orig, len);
    free(now);
}

static int setup(void **state)
{
    struct tb_state *s = calloc(1, sizeof(*s));
    snprintf(s->dir, sizeof(s->dir), "/tmp/rivet-test-block-XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->path, sizeof(s->path), "%s/disk.img", s->dir);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    struct tb_state *s = *state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", s->dir);
    assert_int_equal(system(cmd), 0);
    free(s->orig);
    free(s);
    return 0;
}

static struct block *open_cfg(struct tb_state *s, bool ro, bool snap, enum block_cache cache)
{
    struct block_config c = {s->path, "-drive file=disk.img", ro, snap, cache};
    return block_open(&c);
}

/* ---- capturing the one error line ---- */

static char captured[1024];
static int saved_stderr = -1;

static void capture_begin(void)
{
    fflush(stderr);
    saved_stderr = dup(2);
    FILE *f = tmpfile();
    assert_non_null(f);
    dup2(fileno(f), 2);
    fclose(f);
}

static const char *capture_end(void)
{
    fflush(stderr);
    off_t n = lseek(2, 0, SEEK_CUR);
    memset(captured, 0, sizeof(captured));
    if (n > 0)
        assert_true(pread(2, captured, sizeof(captured) - 1, 0) >= 0);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    return captured;
}

/* block_open must fail, with a message holding want. */
static void assert_open_fails(struct tb_state *s, bool ro, bool snap, const char *want)
{
    capture_begin();
    struct block *b = open_cfg(s, ro, snap, BLOCK_CACHE_WRITEBACK);
    const char *msg = capture_end();
    assert_null(b);
    if (!strstr(msg, want) || !strstr(msg, "-drive file=disk.img"))
        fail_msg("message \"%s\" lacks \"%s\"", msg, want);
}

/* ---- I/O helpers ---- */

/* Reads or writes buf split into pieces of varying size. */
static int io_split(struct block *b, uint8_t *buf, size_t len, uint64_t off, bool write)
{
    struct iovec v[8];
    int n = 0;
    size_t pos = 0;
    while (pos < len && n < 7) {
        size_t k = (pos * 5 + 333 * (size_t)(n + 1)) % 1500 + 1;
        v[n].iov_base = buf + pos;
        v[n++].iov_len = k < len - pos ? k : len - pos;
        pos += v[n - 1].iov_len;
    }
    if (pos < len) {
        v[n].iov_base = buf + pos;
        v[n++].iov_len = len - pos;
    }
    return write ? block_pwritev(b, v, n, off) : block_preadv(b, v, n, off);
}

static void assert_reads(struct block *b, const uint8_t *want, size_t len, uint64_t off)
{
    uint8_t *got = malloc(len);
    memset(got, 0xcc, len);
    assert_int_equal(io_split(b, got, len, off, false), 0);
    assert_memory_equal(got, want, len);
    free(got);
}

/* Random writes, zeroes and reads against a model; the whole image must
 * match it at the end. */
static void random_against_model(struct block *b, uint8_t *model, size_t size, unsigned seed)
{
    uint8_t *buf = malloc(size);
    srand(seed);
    for (int i = 0; i < 300; i++) {
        uint64_t off = (uint64_t)rand() % size;
        size_t len = (size_t)rand() % (size - off < 20000 ? size - off : 20000) + 1;
        if (len > size - off)
            len = size - off;
        int op = rand() % 8;
        if (op < 4) {
            fill_pattern(buf, len, (unsigned)rand());
            assert_int_equal(io_split(b, buf, len, off, true), 0);
            memcpy(model + off, buf, len);
        } else if (op == 4) {
            assert_int_equal(block_write_zeroes(b, off, len, rand() & 1), 0);
            memset(model + off, 0, len);
        } else {
            assert_reads(b, model + off, len, off);
        }
    }
    assert_reads(b, model, size, 0);
    free(buf);
}

/* ---- tests ---- */

static void test_raw_round_trip(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    struct block *b = open_cfg(s, false, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    assert_int_equal(block_size(b), IMG_SIZE);
    assert_false(block_readonly(b));
    assert_reads(b, s->orig, IMG_SIZE, 0);
    uint8_t data[5000];
    fill_pattern(data, sizeof(data), 99);
    assert_int_equal(io_split(b, data, sizeof(data), 1001, true), 0);
    assert_int_equal(block_flush(b), 0);
    memcpy(s->orig + 1001, data, sizeof(data));
    assert_reads(b, s->orig, IMG_SIZE, 0);
    block_close(b);
    assert_file_unchanged(s); /* now holds the write */
}

static void test_random_raw(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE + 1536);
    struct block *b = open_cfg(s, false, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    random_against_model(b, s->orig, s->orig_size, 1);
    block_close(b);
    assert_file_unchanged(s);
}

static void test_read_past_eof(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    struct block *b = open_cfg(s, false, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    uint8_t want[1024] = {0};
    memcpy(want, s->orig + IMG_SIZE - 512, 512);
    assert_reads(b, want, sizeof(want), IMG_SIZE - 512);
    memset(want, 0, sizeof(want));
    assert_reads(b, want, sizeof(want), IMG_SIZE + 4096);
    /* The file shrank behind our back: the missing tail reads as zeroes. */
    assert_int_equal(truncate(s->path, IMG_SIZE - 1024), 0);
    assert_reads(b, want, sizeof(want), IMG_SIZE - 1024);
    /* Writes may not grow the image. */
    assert_int_equal(io_split(b, want, 512, IMG_SIZE, true), -EINVAL);
    assert_int_equal(io_split(b, want, 1024, IMG_SIZE - 512, true), -EINVAL);
    assert_int_equal(block_discard(b, IMG_SIZE - 512, 1024), -EINVAL);
    assert_int_equal(block_write_zeroes(b, UINT64_MAX - 10, 512, false), -EINVAL);
    block_close(b);
}

static void test_bad_images(void **state)
{
    struct tb_state *s = *state;
    assert_open_fails(s, false, false, "No such file");
    make_image(s, 0);
    assert_open_fails(s, false, false, "empty");
    make_image(s, 1000);
    assert_open_fails(s, true, false, "not a multiple of 512");
    assert_int_equal(unlink(s->path), 0);
    assert_int_equal(mkdir(s->path, 0700), 0);
    assert_open_fails(s, true, false, "directory");
    assert_int_equal(rmdir(s->path), 0);
    assert_int_equal(mkfifo(s->path, 0600), 0);
    assert_open_fails(s, true, false, "not a regular file");
    assert_int_equal(unlink(s->path), 0);
    if (geteuid() != 0) { /* root reads anything */
        make_image(s, IMG_SIZE);
        assert_int_equal(chmod(s->path, 0), 0);
        assert_open_fails(s, true, false, "Permission denied");
    }
}

static void test_readonly(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    assert_int_equal(chmod(s->path, 0400), 0);
    struct block *b = open_cfg(s, true, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    assert_true(block_readonly(b));
    uint8_t data[512] = {1};
    assert_int_equal(io_split(b, data, sizeof(data), 0, true), -EROFS);
    assert_int_equal(block_discard(b, 0, 4096), -EROFS);
    assert_int_equal(block_write_zeroes(b, 0, 4096, true), -EROFS);
    assert_int_equal(block_flush(b), 0);
    assert_reads(b, s->orig, IMG_SIZE, 0);
    block_close(b);
    if (geteuid() != 0)
        assert_open_fails(s, false, false, "add readonly=on or snapshot=on");
    assert_file_unchanged(s);
}

static void test_locking(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    struct block *a = open_cfg(s, false, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(a);
    assert_open_fails(s, false, false, "image is in use by another process (locked)");
    assert_open_fails(s, true, false, "locked");
    assert_open_fails(s, false, true, "locked");
    block_close(a);
    struct block *r1 = open_cfg(s, true, false, BLOCK_CACHE_WRITEBACK);
    struct block *r2 = open_cfg(s, false, true, BLOCK_CACHE_WRITEBACK);
    assert_non_null(r1);
    assert_non_null(r2);
    assert_open_fails(s, false, false, "locked");
    block_close(r1);
    block_close(r2);
    a = open_cfg(s, false, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(a);
    block_close(a);
}

static void test_snapshot(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    uint8_t *model = malloc(IMG_SIZE);
    memcpy(model, s->orig, IMG_SIZE);
    struct block *b = open_cfg(s, false, true, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    assert_false(block_readonly(b));
    uint8_t data[9000];
    fill_pattern(data, sizeof(data), 42);
    /* Partial cluster, then across three clusters with partial ends. */
    assert_int_equal(io_split(b, data, 100, 4196, true), 0);
    memcpy(model + 4196, data, 100);
    assert_int_equal(io_split(b, data, sizeof(data), 10000, true), 0);
    memcpy(model + 10000, data, sizeof(data));
    assert_reads(b, model, IMG_SIZE, 0);
    assert_int_equal(block_discard(b, 4096, 8192), 0);
    memset(model + 4096, 0, 8192);
    assert_int_equal(block_write_zeroes(b, 30000, 5000, false), 0);
    memset(model + 30000, 0, 5000);
    assert_reads(b, model, IMG_SIZE, 0);
    assert_int_equal(block_flush(b), 0);
    block_close(b);
    assert_file_unchanged(s);
    free(model);
}

static void test_random_snapshot(void **state)
{
    struct tb_state *s = *state;
    for (int i = 0; i < 2; i++) {
        /* A partial last cluster; then O_DIRECT reads of the image. */
        make_image(s, i ? 4 * IMG_SIZE : IMG_SIZE + 2560);
        uint8_t *model = malloc(s->orig_size);
        memcpy(model, s->orig, s->orig_size);
        struct block *b = open_cfg(s, false, true, i ? BLOCK_CACHE_NONE : BLOCK_CACHE_WRITEBACK);
        assert_non_null(b);
        random_against_model(b, model, s->orig_size, 2 + (unsigned)i);
        block_close(b);
        assert_file_unchanged(s);
        free(model);
    }
}

static void test_cache_none(void **state)
{
    struct tb_state *s = *state;
    make_image(s, 4 * IMG_SIZE);
    struct block *b = open_cfg(s, false, false, BLOCK_CACHE_NONE);
    assert_non_null(b);
    random_against_model(b, s->orig, s->orig_size, 3);
    assert_int_equal(block_flush(b), 0);
    block_close(b);
    assert_file_unchanged(s);
    /* A size O_DIRECT cannot cover: a note, and the page cache. */
    make_image(s, IMG_SIZE + 512);
    capture_begin();
    b = open_cfg(s, false, false, BLOCK_CACHE_NONE);
    const char *msg = capture_end();
    assert_non_null(b);
    assert_non_null(strstr(msg, "not using O_DIRECT"));
    random_against_model(b, s->orig, s->orig_size, 4);
    block_close(b);
    assert_file_unchanged(s);
}

static void test_cache_unsafe(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    struct block *b = open_cfg(s, false, false, BLOCK_CACHE_UNSAFE);
    assert_non_null(b);
    uint8_t data[512];
    fill_pattern(data, sizeof(data), 5);
    assert_int_equal(io_split(b, data, sizeof(data), 512, true), 0);
    assert_int_equal(block_flush(b), 0);
    memcpy(s->orig + 512, data, sizeof(data));
    block_close(b);
    assert_file_unchanged(s);
}

/* A gzip file of the image in two concatenated members. */
static void make_gzip(struct tb_state *s, size_t size)
{
    make_image(s, size);
    char gz[160];
    snprintf(gz, sizeof(gz), "%s.gz", s->path);
    gzFile f = gzopen(gz, "wb");
    assert_non_null(f);
    assert_int_equal(gzwrite(f, s->orig, (unsigned)(size / 2)), (int)(size / 2));
    assert_int_equal(gzclose(f), Z_OK);
    f = gzopen(gz, "ab");
    assert_non_null(f);
    assert_int_equal(gzwrite(f, s->orig + size / 2, (unsigned)(size - size / 2)),
                     (int)(size - size / 2));
    assert_int_equal(gzclose(f), Z_OK);
    assert_int_equal(rename(gz, s->path), 0);
}

static void test_gzip(void **state)
{
    struct tb_state *s = *state;
    make_gzip(s, 4 * IMG_SIZE);
    uint8_t *plain = s->orig;
    size_t gz_len;
    uint8_t *gz_bytes = read_file(s->path, &gz_len);
    struct block *b = open_cfg(s, true, false, BLOCK_CACHE_NONE);
    assert_non_null(b);
    assert_int_equal(block_size(b), 4 * IMG_SIZE);
    assert_reads(b, plain, 4 * IMG_SIZE, 0);
    block_close(b);
    b = open_cfg(s, false, true, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    uint8_t data[3000];
    fill_pattern(data, sizeof(data), 77);
    assert_int_equal(io_split(b, data, sizeof(data), 70000, true), 0);
    memcpy(plain + 70000, data, sizeof(data));
    assert_reads(b, plain, 4 * IMG_SIZE, 0);
    block_close(b);
    assert_open_fails(s, false, false, "gzip-compressed image: add readonly=on or snapshot=on");
    s->orig = gz_bytes;
    s->orig_size = gz_len;
    assert_file_unchanged(s);
    free(plain);
}

static void test_gzip_bad(void **state)
{
    struct tb_state *s = *state;
    make_gzip(s, IMG_SIZE);
    size_t len;
    uint8_t *gz = read_file(s->path, &len);
    write_file(s->path, gz, len / 2);
    assert_open_fails(s, true, false, "truncated gzip data");
    write_file(s->path, gz, 2);
    assert_open_fails(s, true, false, "truncated gzip data");
    for (size_t i = 20; i < 60; i++)
        gz[i] ^= 0x5a;
    write_file(s->path, gz, len);
    assert_open_fails(s, true, false, "corrupt gzip data");
    free(gz);
    make_gzip(s, IMG_SIZE);
    gz = read_file(s->path, &len);
    gz = realloc(gz, len + 4);
    memcpy(gz + len, "junk", 4);
    write_file(s->path, gz, len + 4);
    assert_open_fails(s, true, true, "unexpected data after the gzip stream");
    free(gz);
    make_gzip(s, 1000);
    assert_open_fails(s, false, true, "decompressed image size 1000 is not a multiple of 512");
}

static void test_discard_write_zeroes(void **state)
{
    struct tb_state *s = *state;
    make_image(s, 4 * IMG_SIZE);
    struct block *b = open_cfg(s, false, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    assert_int_equal(block_discard(b, 8192, 65536), 0);
    memset(s->orig + 8192, 0, 65536);
    assert_int_equal(block_write_zeroes(b, 100000, 3000, true), 0);
    memset(s->orig + 100000, 0, 3000);
    assert_int_equal(block_write_zeroes(b, 150000, 70000, false), 0);
    memset(s->orig + 150000, 0, 70000);
    assert_reads(b, s->orig, s->orig_size, 0);
    block_close(b);
    assert_file_unchanged(s);
}

static void test_injected_enospc(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    struct block *b = open_cfg(s, false, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    uint8_t data[4096];
    fill_pattern(data, sizeof(data), 8);
    block_inject_fault(b, ENOSPC, 3);
    assert_int_equal(io_split(b, data, sizeof(data), 0, true), -ENOSPC);
    assert_int_equal(block_flush(b), -ENOSPC);
    assert_int_equal(block_write_zeroes(b, 0, 4096, false), -ENOSPC);
    assert_reads(b, s->orig, IMG_SIZE, 0);
    assert_int_equal(io_split(b, data, sizeof(data), 0, true), 0);
    memcpy(s->orig, data, sizeof(data));
    block_close(b);
    assert_file_unchanged(s);
}

/* A write crossing RLIMIT_FSIZE is cut short by the kernel, then refused
 * with EFBIG: the error comes back whole, not a partial success. */
static void test_host_write_error(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    struct block *b = open_cfg(s, false, false, BLOCK_CACHE_WRITEBACK);
    assert_non_null(b);
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old;
    lim.rlim_cur = 8192;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    uint8_t data[8192];
    fill_pattern(data, sizeof(data), 9);
    int r = io_split(b, data, sizeof(data), 4096, true);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, old_sig);
    assert_int_equal(r, -EFBIG);
    block_close(b);
}

static void test_names(void **state)
{
    struct tb_state *s = *state;
    make_image(s, IMG_SIZE);
    struct block_config c = {s->path, "-hda", false, false, BLOCK_CACHE_WRITEBACK};
    struct block *b = block_open(&c);
    assert_non_null(b);
    assert_string_equal(block_file(b), s->path);
    assert_non_null(strstr(block_name(b), "-hda"));
    assert_non_null(strstr(block_name(b), s->path));
    block_close(b);
    block_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_raw_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_raw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_past_eof, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_images, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_unsafe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gzip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gzip_bad, setup, teardown),
        cmocka_unit_test_setup_teardown(test_discard_write_zeroes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_injected_enospc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_write_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
