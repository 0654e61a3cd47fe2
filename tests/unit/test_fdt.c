/* SPDX-License-Identifier: MIT */
/* Unit tests for util/fdt: build a small RISC-V virt tree, check it with our reader and with
 * dtc, and feed the validator truncated, corrupted and randomly mutated blobs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fdt.h"

#include "fixture.h"

#define TEST_BOOTARGS "console=ttyS0 earlycon"
#ifndef TEST_MUTATIONS
#define TEST_MUTATIONS 4000 /* build with -DTEST_MUTATIONS=N for a longer fuzz run */
#endif

struct test_blob {
    uint8_t *data;
    size_t size;
    uint32_t intc_phandle;
    uint32_t plic_phandle;
};

static void set_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Header field n (0 = magic ... 9 = size_dt_struct). */
static uint32_t hdr(const uint8_t *b, int n) { return fixture_be32(b + 4 * n); }

enum {
    H_MAGIC,
    H_TOTALSIZE,
    H_OFF_STRUCT,
    H_OFF_STRINGS,
    H_OFF_RSV,
    H_VERSION,
    H_LAST_COMP,
    H_BOOT_CPUID,
    H_SIZE_STRINGS,
    H_SIZE_STRUCT
};

static void add_cpus(struct fdt *f, struct test_blob *t)
{
    t->intc_phandle = fdt_alloc_phandle(f);
    fdt_begin_node(f, "cpus");
    fdt_prop_u32(f, "#address-cells", 1);
    fdt_prop_u32(f, "#size-cells", 0);
    fdt_prop_u32(f, "timebase-frequency", 10000000);
    fdt_begin_node(f, "cpu@0");
    fdt_prop_string(f, "device_type", "cpu");
    fdt_prop_u32(f, "reg", 0);
    fdt_prop_string(f, "status", "okay");
    fdt_prop_string(f, "compatible", "riscv");
    fdt_prop_string(f, "riscv,isa", "rv64imafdc_zicsr_zifencei");
    fdt_prop_string(f, "mmu-type", "riscv,sv48");
    fdt_begin_node(f, "interrupt-controller");
    fdt_prop_u32(f, "#address-cells", 0);
    fdt_prop_u32(f, "#interrupt-cells", 1);
    fdt_prop_empty(f, "interrupt-controller");
    fdt_prop_string(f, "compatible", "riscv,cpu-intc");
    fdt_prop_u32(f, "phandle", t->intc_phandle);
    fdt_end_node(f);
    fdt_end_node(f);
    fdt_end_node(f);
}

static void add_soc(struct fdt *f, struct test_blob *t)
{
    static const char *const plic_compat[] = {"sifive,plic-1.0.0", "riscv,plic0"};
    const uint64_t uart_reg[] = {0x10000000, 0x100};
    const uint64_t plic_reg[] = {0x0c000000, 0x600000};
    const uint32_t ext[] = {t->intc_phandle, 11, t->intc_phandle, 9};

    t->plic_phandle = fdt_alloc_phandle(f);
    fdt_begin_node(f, "soc");
    fdt_prop_u32(f, "#address-cells", 2);
    fdt_prop_u32(f, "#size-cells", 2);
    fdt_prop_string(f, "compatible", "simple-bus");
    fdt_prop_empty(f, "ranges");
    fdt_begin_node(f, "serial@10000000");
    fdt_prop_u32(f, "interrupts", 10);
    fdt_prop_u32(f, "interrupt-parent", t->plic_phandle);
    fdt_prop_u32(f, "clock-frequency", 3686400);
    fdt_prop_u64s(f, "reg", uart_reg, 2);
    fdt_prop_string(f, "compatible", "ns16550a");
    fdt_end_node(f);
    fdt_begin_node(f, "plic@c000000");
    fdt_prop_u32(f, "phandle", t->plic_phandle);
    fdt_prop_u32(f, "riscv,ndev", 95);
    fdt_prop_u64s(f, "reg", plic_reg, 2);
    fdt_prop_cells(f, "interrupts-extended", ext, 4);
    fdt_prop_empty(f, "interrupt-controller");
    fdt_prop_strings(f, "compatible", plic_compat, 2);
    fdt_prop_u32(f, "#address-cells", 0);
    fdt_prop_u32(f, "#interrupt-cells", 1);
    fdt_end_node(f);
    fdt_end_node(f);
}

/* A tree shaped like QEMU's riscv virt board, optionally without /chosen. */
static struct test_blob build_virt(int with_chosen)
{
    const uint64_t mem_reg[] = {0x80000000, 0x8000000};
    struct test_blob t = {0};
    struct fdt *f = fdt_create();
    void *blob = NULL;

    assert_non_null(f);
    fdt_add_reserved(f, 0x80000000, 0x80000);
    fdt_begin_node(f, "");
    fdt_prop_u32(f, "#address-cells", 2);
    fdt_prop_u32(f, "#size-cells", 2);
    fdt_prop_string(f, "compatible", "riscv-virtio");
    fdt_prop_string(f, "model", "riscv-virtio,qemu");
    if (with_chosen) {
        fdt_begin_node(f, "chosen");
        fdt_prop_string(f, "bootargs", TEST_BOOTARGS);
        fdt_prop_string(f, "stdout-path", "/soc/serial@10000000");
        fdt_end_node(f);
    }
    fdt_begin_node(f, "memory@80000000");
    fdt_prop_string(f, "device_type", "memory");
    fdt_prop_u64s(f, "reg", mem_reg, 2);
    fdt_end_node(f);
    add_cpus(f, &t);
    add_soc(f, &t);
    fdt_end_node(f);
    if (fdt_finish(f, &blob, &t.size) < 0)
        fail_msg("fdt_finish: %s", fdt_error(f));
    assert_string_equal(fdt_error(f), "");
    fdt_free(f);
    t.data = blob;
    return t;
}

/* A heap copy of exactly n bytes, so the sanitizer sees any read past the end. */
static uint8_t *copy_of(const uint8_t *b, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);

    assert_non_null(p);
    memcpy(p, b, n);
    return p;
}

/* Offset of the first FDT_PROP token in the blob. */
static size_t first_prop(const uint8_t *b)
{
    size_t off = hdr(b, H_OFF_STRUCT);

    while (fixture_be32(b + off) != FDT_PROP)
        off += 4;
    return off;
}

static void assert_check_ok(const void *b, size_t n)
{
    char err[256];

    if (fdt_check(b, n, err, sizeof(err)) != 0)
        fail_msg("fdt_check: %s", err);
    assert_string_equal(err, "");
}

/* fdt_check must reject the blob with a message containing want. */
static void assert_check_fails(const void *b, size_t n, const char *want)
{
    char err[256] = "";

    assert_int_equal(fdt_check(b, n, err, sizeof(err)), -1);
    if (!strstr(err, want))
        fail_msg("message \"%s\" does not mention \"%s\"", err, want);
}

static void assert_string_prop(const void *b, const char *path, const char *name, const char *want)
{
    size_t len = 0;
    const char *p = fdt_get_prop(b, path, name, &len);

    if (!p)
        fail_msg("%s %s missing", path, name);
    assert_int_equal(len, strlen(want) + 1);
    assert_memory_equal(p, want, len);
}

static void test_header_layout(void **state)
{
    struct test_blob t = build_virt(1);
    const uint8_t *b = t.data;

    (void)state;
    assert_int_equal(hdr(b, H_MAGIC), 0xd00dfeed);
    assert_int_equal(hdr(b, H_TOTALSIZE), t.size);
    assert_int_equal(hdr(b, H_VERSION), 17);
    assert_int_equal(hdr(b, H_LAST_COMP), 16);
    assert_int_equal(hdr(b, H_BOOT_CPUID), 0);
    assert_int_equal(hdr(b, H_OFF_RSV) % 8, 0);
    assert_int_equal(hdr(b, H_OFF_STRUCT) % 4, 0);
    assert_int_equal(hdr(b, H_SIZE_STRUCT) % 4, 0);
    assert_true(hdr(b, H_OFF_RSV) >= 40);
    assert_true(hdr(b, H_OFF_STRUCT) >= hdr(b, H_OFF_RSV) + 32);
    assert_int_equal(hdr(b, H_OFF_STRINGS) + hdr(b, H_SIZE_STRINGS), t.size);
    /* First token is the root's FDT_BEGIN_NODE with an empty name, last is FDT_END. */
    assert_int_equal(fixture_be32(b + hdr(b, H_OFF_STRUCT)), FDT_BEGIN_NODE);
    assert_int_equal(fixture_be32(b + hdr(b, H_OFF_STRUCT) + 4), 0);
    assert_int_equal(fixture_be32(b + hdr(b, H_OFF_STRUCT) + hdr(b, H_SIZE_STRUCT) - 4), FDT_END);
    assert_check_ok(b, t.size);
    free(t.data);
}

static void test_reservation_map(void **state)
{
    struct test_blob t = build_virt(1);
    const uint8_t *r = t.data + hdr(t.data, H_OFF_RSV);

    (void)state;
    assert_int_equal(fixture_be32(r), 0);
    assert_int_equal(fixture_be32(r + 4), 0x80000000);
    assert_int_equal(fixture_be32(r + 8), 0);
    assert_int_equal(fixture_be32(r + 12), 0x80000);
    for (int i = 16; i < 32; i++)
        assert_int_equal(r[i], 0);
    free(t.data);
}

static size_t count_string(const uint8_t *block, size_t n, const char *s)
{
    size_t len = strlen(s) + 1, count = 0;

    for (size_t i = 0; i + len <= n; i++)
        if ((i == 0 || block[i - 1] == 0) && memcmp(block + i, s, len) == 0)
            count++;
    return count;
}

static void test_strings_deduplicated(void **state)
{
    struct test_blob t = build_virt(1);
    const uint8_t *s = t.data + hdr(t.data, H_OFF_STRINGS);
    size_t n = hdr(t.data, H_SIZE_STRINGS);

    (void)state;
    assert_int_equal(count_string(s, n, "reg"), 1);
    assert_int_equal(count_string(s, n, "compatible"), 1);
    assert_int_equal(count_string(s, n, "#address-cells"), 1);
    assert_int_equal(count_string(s, n, "phandle"), 1);
    assert_int_equal(count_string(s, n, "bootargs"), 1);
    free(t.data);
}

static void test_read_back(void **state)
{
    static const uint8_t uart_reg[16] = {0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
    static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    struct test_blob t = build_virt(1);
    const uint8_t *p;
    size_t len = 99;

    (void)state;
    assert_int_equal(t.intc_phandle, 1);
    assert_int_equal(t.plic_phandle, 2);
    fixture_assert_u32_prop(t.data, "/", "#address-cells", 2);
    fixture_assert_u32_prop(t.data, "/cpus", "#size-cells", 0);
    fixture_assert_u32_prop(t.data, "/cpus/cpu@0", "reg", 0);
    fixture_assert_u32_prop(t.data, "/cpus/cpu@0/interrupt-controller", "phandle", t.intc_phandle);
    fixture_assert_u32_prop(t.data, "/soc/plic@c000000", "phandle", t.plic_phandle);
    assert_string_prop(t.data, "/chosen", "bootargs", TEST_BOOTARGS);
    assert_string_prop(t.data, "/memory", "device_type", "memory");
    assert_string_prop(t.data, "/soc/serial@10000000/", "compatible", "ns16550a");
    p = fdt_get_prop(t.data, "/soc/serial@10000000", "reg", &len);
    assert_non_null(p);
    assert_int_equal(len, 16);
    assert_memory_equal(p, uart_reg, 16);
    p = fdt_get_prop(t.data, "/soc/plic@c000000", "compatible", &len);
    assert_int_equal(len, sizeof(plic_compat));
    assert_memory_equal(p, plic_compat, sizeof(plic_compat));
    p = fdt_get_prop(t.data, "/soc/plic@c000000", "interrupt-controller", &len);
    assert_non_null(p);
    assert_int_equal(len, 0);
    p = fdt_get_prop(t.data, "/soc/plic@c000000", "interrupts-extended", &len);
    assert_int_equal(len, 16);
    assert_int_equal(fixture_be32(p + 4), 11);
    assert_int_equal(fixture_be32(p + 8), t.intc_phandle);
    free(t.data);
}

static void test_read_absent(void **state)
{
    struct test_blob t = build_virt(1);

    (void)state;
    assert_null(fdt_get_prop(t.data, "/chosen", "linux,initrd-start", NULL));
    assert_null(fdt_get_prop(t.data, "/nope", "reg", NULL));
    assert_null(fdt_get_prop(t.data, "/soc/serial@10000001", "reg", NULL));
    /* reg exists in cpu@0 but not in its parent or in its child. */
    assert_null(fdt_get_prop(t.data, "/cpus", "reg", NULL));
    assert_null(fdt_get_prop(t.data, "/cpus/cpu@0/interrupt-controller", "reg", NULL));
    /* A node's properties are not visible through a deeper or sibling path. */
    assert_null(fdt_get_prop(t.data, "/cpu@0", "reg", NULL));
    assert_null(fdt_get_prop(t.data, "/soc/serial@10000000/x", "reg", NULL));
    assert_null(fdt_get_prop(t.data, "chosen", "bootargs", NULL));
    free(t.data);
}

static void test_encodings(void **state)
{
    static const char *const list[] = {"a", "", "bc"};
    const uint32_t cells[] = {1, 0xdeadbeef};
    struct fdt *f = fdt_create();
    const uint8_t *p;
    void *blob;
    size_t size, len;

    (void)state;
    fdt_begin_node(f, "");
    fdt_prop_u64(f, "big", 0x0123456789abcdefull);
    fdt_prop_cells(f, "cells", cells, 2);
    fdt_prop_strings(f, "list", list, 3);
    fdt_prop(f, "odd", "xyz", 3);
    fdt_prop_u32(f, "after-odd", 7);
    fdt_end_node(f);
    assert_int_equal(fdt_finish(f, &blob, &size), 0);
    fdt_free(f);
    assert_check_ok(blob, size);
    p = fdt_get_prop(blob, "/", "big", &len);
    assert_int_equal(len, 8);
    assert_memory_equal(p, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
    p = fdt_get_prop(blob, "/", "cells", &len);
    assert_int_equal(len, 8);
    assert_memory_equal(p, "\x00\x00\x00\x01\xde\xad\xbe\xef", 8);
    p = fdt_get_prop(blob, "/", "list", &len);
    assert_int_equal(len, 6);
    assert_memory_equal(p, "a\0\0bc\0", 6);
    p = fdt_get_prop(blob, "/", "odd", &len);
    assert_int_equal(len, 3);
    assert_memory_equal(p, "xyz", 3);
    fixture_assert_u32_prop(blob, "/", "after-odd", 7);
    free(blob);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long len;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    len = ftell(fp);
    assert_true(len >= 0);
    rewind(fp);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
    buf[len] = 0;
    fclose(fp);
    *n = (size_t)len;
    return buf;
}

/* Decompiles the blob with dtc; asserts exit 0 and an empty stderr; returns the source. */
static char *run_dtc(const void *blob, size_t size)
{
    char dtb[] = "/tmp/rivet_fdt_XXXXXX";
    char cmd[256], dts[64], errf[64];
    int fd = mkstemp(dtb), status;
    char *errs, *src;
    size_t n;

    assert_true(fd >= 0);
    assert_int_equal(write(fd, blob, size), (ssize_t)size);
    close(fd);
    snprintf(dts, sizeof(dts), "%s.dts", dtb);
    snprintf(errf, sizeof(errf), "%s.err", dtb);
    snprintf(cmd, sizeof(cmd), "dtc -I dtb -O dts -o %s %s 2>%s", dts, dtb, errf);
    status = system(cmd);
    errs = slurp(errf, &n);
    src = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? slurp(dts, &n) : NULL;
    unlink(dtb);
    unlink(dts);
    unlink(errf);
    if (errs[0])
        fail_msg("dtc stderr: %s", errs);
    free(errs);
    if (!src)
        fail_msg("dtc failed with status 0x%x", status);
    return src;
}

static int have_dtc(void) { return system("dtc --version >/dev/null 2>&1") == 0; }

static void test_dtc_accepts(void **state)
{
    struct test_blob t = build_virt(1);
    char *src;

    (void)state;
    if (!have_dtc())
        skip();
    src = run_dtc(t.data, t.size);
    assert_non_null(strstr(src, "bootargs = \"" TEST_BOOTARGS "\";"));
    assert_non_null(strstr(src, "/memreserve/"));
    assert_non_null(strstr(src, "serial@10000000 {"));
    assert_non_null(strstr(src, "riscv,plic0\";"));
    assert_non_null(strstr(src, "reg = <0x00 0x10000000 0x00 0x100>;"));
    free(src);
    free(t.data);
}

/* The reader accepts dtc's output, whose strings block shares suffixes ("size-cells" points
 * into "#size-cells"). */
static void test_reads_dtc_output(void **state)
{
    static const char src[] =
        "/dts-v1/;\n/memreserve/ 0x80000000 0x1000;\n"
        "/ { #address-cells = <2>; #size-cells = <2>;\n"
        "  chosen { bootargs = \"hello\"; };\n"
        "  sizes { size-cells = <7>; };\n"
        "  memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0x1000000>; };\n"
        "};\n";
    char dts[] = "/tmp/rivet_fdt_XXXXXX", cmd[256], dtb[64];
    int fd, status;
    uint8_t *b;
    size_t n;

    (void)state;
    if (!have_dtc())
        skip();
    fd = mkstemp(dts);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, src, sizeof(src) - 1), (ssize_t)sizeof(src) - 1);
    close(fd);
    snprintf(dtb, sizeof(dtb), "%s.dtb", dts);
    snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", dtb, dts);
    status = system(cmd);
    unlink(dts);
    if (status != 0)
        fail_msg("dtc could not compile the test source (status 0x%x)", status);
    b = (uint8_t *)slurp(dtb, &n);
    unlink(dtb);
    assert_check_ok(b, n);
    assert_string_prop(b, "/chosen", "bootargs", "hello");
    fixture_assert_u32_prop(b, "/sizes", "size-cells", 7);
    fixture_assert_u32_prop(b, "/", "#size-cells", 2);
    assert_string_prop(b, "/memory@80000000", "device_type", "memory");
    free(b);
}

/* DT spec 5.4.1: a property overwritten with FDT_NOP tokens is gone for every reader. */
static void test_nop_tokens(void **state)
{
    struct test_blob t = build_virt(1);
    size_t off = first_prop(t.data), size = t.size;
    uint32_t struct_size = hdr(t.data, H_SIZE_STRUCT);
    void *blob;
    char err[256];

    (void)state;
    assert_memory_equal(t.data + hdr(t.data, H_OFF_STRINGS) + fixture_be32(t.data + off + 8),
                        "#address-cells", 15);
    for (int i = 0; i < 4; i++)
        set_be32(t.data + off + 4 * i, FDT_NOP);
    assert_check_ok(t.data, t.size);
    assert_null(fdt_get_prop(t.data, "/", "#address-cells", NULL));
    fixture_assert_u32_prop(t.data, "/", "#size-cells", 2);
    blob = t.data;
    if (fdt_set_prop(&blob, &size, "/", "model", "m", 2, err, sizeof(err)) != 0)
        fail_msg("fdt_set_prop: %s", err);
    assert_check_ok(blob, size);
    assert_string_prop(blob, "/", "model", "m");
    /* The NOPs are gone; "riscv-virtio,qemu\0" (20 padded) became "m\0" (4 padded). */
    assert_int_equal(hdr(blob, H_SIZE_STRUCT), struct_size - 16 - 16);
    free(blob);
}

static void test_unbalanced(void **state)
{
    struct fdt *f = fdt_create();
    void *blob = NULL;
    size_t size = 0;

    (void)state;
    fdt_begin_node(f, "");
    fdt_begin_node(f, "soc");
    fdt_end_node(f);
    fdt_begin_node(f, "cpus");
    assert_int_equal(fdt_finish(f, &blob, &size), -1);
    assert_null(blob);
    assert_non_null(strstr(fdt_error(f), "still open"));
    assert_non_null(strstr(fdt_error(f), "cpus"));
    fdt_free(f);

    f = fdt_create();
    fdt_begin_node(f, "");
    fdt_end_node(f);
    assert_int_equal(fdt_end_node(f), -1);
    assert_int_equal(fdt_finish(f, &blob, &size), -1);
    fdt_free(f);

    f = fdt_create();
    assert_int_equal(fdt_finish(f, &blob, &size), -1);
    assert_non_null(strstr(fdt_error(f), "no root"));
    fdt_free(f);
}

/* The first error sticks: later valid calls fail and fdt_finish reports the first. */
static void test_sticky_error(void **state)
{
    struct fdt *f = fdt_create();
    void *blob = NULL;
    size_t size;

    (void)state;
    assert_int_equal(fdt_begin_node(f, ""), 0);
    assert_int_equal(fdt_begin_node(f, "bad/name"), -1);
    assert_int_equal(fdt_prop_u32(f, "reg", 1), -1);
    assert_int_equal(fdt_end_node(f), -1);
    assert_int_equal(fdt_alloc_phandle(f), 0);
    assert_int_equal(fdt_finish(f, &blob, &size), -1);
    assert_non_null(strstr(fdt_error(f), "bad/name"));
    fdt_free(f);
}

/* Runs one bad call after a fresh root; asserts it fails with want in the message. */
static void expect_builder_error(void (*bad)(struct fdt *), const char *want)
{
    struct fdt *f = fdt_create();

    fdt_begin_node(f, "");
    bad(f);
    assert_true(strlen(fdt_error(f)) > 0);
    if (!strstr(fdt_error(f), want))
        fail_msg("\"%s\" does not mention \"%s\"", fdt_error(f), want);
    fdt_free(f);
}

static void bad_prop_after_child(struct fdt *f)
{
    fdt_begin_node(f, "chosen");
    fdt_end_node(f);
    assert_int_equal(fdt_prop_u32(f, "late", 1), -1);
}

static void bad_dup_prop(struct fdt *f)
{
    fdt_prop_u32(f, "reg", 1);
    fdt_prop_u32(f, "other", 1);
    assert_int_equal(fdt_prop_u32(f, "reg", 2), -1);
}

static void bad_dup_node(struct fdt *f)
{
    fdt_begin_node(f, "uart@1000");
    fdt_end_node(f);
    fdt_begin_node(f, "uart@2000");
    fdt_begin_node(f, "uart@1000"); /* same name one level down is fine */
    fdt_end_node(f);
    fdt_end_node(f);
    assert_int_equal(fdt_begin_node(f, "uart@1000"), -1);
}

static void bad_second_root(struct fdt *f)
{
    fdt_end_node(f);
    assert_int_equal(fdt_begin_node(f, ""), -1);
}

static void bad_prop_outside(struct fdt *f)
{
    fdt_end_node(f);
    assert_int_equal(fdt_prop_u32(f, "x", 1), -1);
}

static void bad_overlap_reserved(struct fdt *f)
{
    assert_int_equal(fdt_add_reserved(f, 0x1000, 0x1000), 0);
    assert_int_equal(fdt_add_reserved(f, 0x1fff, 0x10), -1);
}

static void test_builder_rules(void **state)
{
    (void)state;
    expect_builder_error(bad_prop_after_child, "after child nodes");
    expect_builder_error(bad_dup_prop, "duplicate property");
    expect_builder_error(bad_dup_node, "duplicate node");
    expect_builder_error(bad_second_root, "root");
    expect_builder_error(bad_prop_outside, "outside");
    expect_builder_error(bad_overlap_reserved, "overlaps");
}

static int node_name_accepted(const char *name)
{
    struct fdt *f = fdt_create();
    int r;

    fdt_begin_node(f, "");
    r = fdt_begin_node(f, name);
    fdt_free(f);
    return r == 0;
}

static int prop_name_accepted(const char *name)
{
    struct fdt *f = fdt_create();
    int r;

    fdt_begin_node(f, "");
    r = fdt_prop_empty(f, name);
    fdt_free(f);
    return r == 0;
}

static void test_names(void **state)
{
    (void)state;
    assert_true(node_name_accepted("uart@10000000"));
    assert_true(node_name_accepted("virtio_mmio@10001000"));
    assert_true(node_name_accepted("cpu-map"));
    assert_true(node_name_accepted("A,b.c_d+e-f@1,2"));
    assert_true(node_name_accepted("abcdefghijklmnopqrstuvwxyz01234@0"));
    assert_false(node_name_accepted(""));
    assert_false(node_name_accepted("1uart"));
    assert_false(node_name_accepted("a/b"));
    assert_false(node_name_accepted("uart@"));
    assert_false(node_name_accepted("@10"));
    assert_false(node_name_accepted("a@1@2"));
    assert_false(node_name_accepted("abcdefghijklmnopqrstuvwxyz012345"));
    assert_false(node_name_accepted("sp ace"));
    assert_true(prop_name_accepted("#address-cells"));
    assert_true(prop_name_accepted("riscv,isa"));
    assert_true(prop_name_accepted("a?"));
    assert_false(prop_name_accepted(""));
    assert_false(prop_name_accepted("a@b"));
    assert_false(prop_name_accepted("abcdefghijklmnopqrstuvwxyz012345"));
}

static void test_check_truncated(void **state)
{
    struct test_blob t = build_virt(1);

    (void)state;
    for (size_t n = 0; n < t.size; n++) {
        uint8_t *p = copy_of(t.data, n);
        char err[256] = "";

        assert_int_equal(fdt_check(p, n, err, sizeof(err)), -1);
        assert_true(strlen(err) > 0);
        free(p);
    }
    free(t.data);
}

/* Applies edit to a fresh copy of the virt blob and expects fdt_check to say want. */
static void expect_corrupt(void (*edit)(uint8_t *b, size_t *n), const char *want)
{
    struct test_blob t = build_virt(1);
    size_t n = t.size;
    uint8_t *p;

    edit(t.data, &n);
    p = copy_of(t.data, n);
    assert_check_fails(p, n, want);
    free(p);
    free(t.data);
}

static void edit_magic(uint8_t *b, size_t *n)
{
    (void)n;
    b[0] ^= 1;
}

static void edit_totalsize(uint8_t *b, size_t *n)
{
    set_be32(b + 4 * H_TOTALSIZE, (uint32_t)*n + 4);
}

static void edit_nameoff(uint8_t *b, size_t *n)
{
    (void)n;
    set_be32(b + first_prop(b) + 8, hdr(b, H_SIZE_STRINGS));
}

static void edit_nameoff_huge(uint8_t *b, size_t *n)
{
    (void)n;
    set_be32(b + first_prop(b) + 8, 0xfffffff0u);
}

static void edit_strings_unterminated(uint8_t *b, size_t *n) { b[*n - 1] = 'x'; }

static void edit_prop_len(uint8_t *b, size_t *n)
{
    (void)n;
    set_be32(b + first_prop(b) + 4, 0xfffffffcu);
}

static void edit_bad_token(uint8_t *b, size_t *n)
{
    (void)n;
    set_be32(b + first_prop(b), 7);
}

static void edit_no_end(uint8_t *b, size_t *n)
{
    (void)n;
    set_be32(b + hdr(b, H_OFF_STRUCT) + hdr(b, H_SIZE_STRUCT) - 4, FDT_NOP);
}

static void edit_unbalanced(uint8_t *b, size_t *n)
{
    (void)n;
    /* Turn the root's final FDT_END_NODE into a NOP. */
    set_be32(b + hdr(b, H_OFF_STRUCT) + hdr(b, H_SIZE_STRUCT) - 8, FDT_NOP);
}

static void edit_misaligned_struct(uint8_t *b, size_t *n)
{
    (void)n;
    set_be32(b + 4 * H_OFF_STRUCT, hdr(b, H_OFF_STRUCT) + 2);
}

static void edit_struct_past_end(uint8_t *b, size_t *n)
{
    (void)n;
    set_be32(b + 4 * H_SIZE_STRUCT, 0xfffffff0u);
}

static void edit_old_version(uint8_t *b, size_t *n)
{
    (void)n;
    set_be32(b + 4 * H_VERSION, 16);
}

static void edit_rsv_unterminated(uint8_t *b, size_t *n)
{
    /* Point the map at the strings block's tail, where no zero pair exists. */
    set_be32(b + 4 * H_OFF_RSV, (uint32_t)((*n - 8) & ~7u));
}

static void test_check_corrupt(void **state)
{
    (void)state;
    expect_corrupt(edit_magic, "magic");
    expect_corrupt(edit_totalsize, "totalsize");
    expect_corrupt(edit_nameoff, "outside the strings block");
    expect_corrupt(edit_nameoff_huge, "outside the strings block");
    expect_corrupt(edit_strings_unterminated, "NUL-terminated");
    expect_corrupt(edit_prop_len, "runs past");
    expect_corrupt(edit_bad_token, "unknown token");
    expect_corrupt(edit_no_end, "without FDT_END");
    expect_corrupt(edit_unbalanced, "open node");
    expect_corrupt(edit_misaligned_struct, "aligned");
    expect_corrupt(edit_struct_past_end, "extends past");
    expect_corrupt(edit_old_version, "version");
    expect_corrupt(edit_rsv_unterminated, "reservation");
    assert_int_equal(fdt_check(NULL, 0, NULL, 0), -1);
}

static uint32_t xorshift32(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Mutates 1-4 bytes, biased towards the header and the first tokens. */
static void mutate(uint8_t *b, size_t n, uint32_t *seed)
{
    int flips = 1 + (int)(xorshift32(seed) % 4);

    for (int i = 0; i < flips; i++) {
        uint32_t r = xorshift32(seed);
        size_t pos = (r & 1) ? (r >> 8) % 64 : (r >> 8) % n;

        b[pos] = (r & 2) ? (uint8_t)(xorshift32(seed)) : b[pos] ^ (uint8_t)(1u << (r >> 4 & 7));
    }
}

/* A blob that passes fdt_check must be safe for every reader entry point. */
static void exercise_reader(uint8_t **p, size_t *n)
{
    static const char *const paths[] = {
        "/",      "/chosen", "/cpus/cpu@0", "/soc/serial", "/cpus/cpu@0/interrupt-controller",
        "/memory"};
    static const char *const names[] = {"reg", "bootargs", "phandle", "compatible"};
    char err[256];
    size_t len;

    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
            const uint8_t *v = fdt_get_prop(*p, paths[i], names[j], &len);

            assert_true(!v || (v >= *p && v + len <= *p + *n));
        }
    if (fdt_set_prop((void **)p, n, "/chosen", "bootargs", "x", 2, err, sizeof(err)) == 0)
        assert_check_ok(*p, *n);
}

static void test_check_mutations(void **state)
{
    struct test_blob t = build_virt(1);
    uint32_t seed = 0x2545f491;
    int rejected = 0, accepted = 0;

    (void)state;
    for (int i = 0; i < TEST_MUTATIONS; i++) {
        uint8_t *p = copy_of(t.data, t.size);
        size_t n = t.size;
        char err[256] = "";

        mutate(p, n, &seed);
        if (fdt_check(p, n, err, sizeof(err)) == 0) {
            accepted++;
            exercise_reader(&p, &n);
        } else {
            rejected++;
            assert_true(strlen(err) > 0);
        }
        free(p);
    }
    assert_true(rejected > TEST_MUTATIONS / 10);
    assert_true(accepted > 0);
    free(t.data);
}

static void test_set_prop_replace_and_add(void **state)
{
    struct test_blob t = build_virt(1);
    void *blob = t.data;
    size_t size = t.size;
    const uint8_t start[8] = {0, 0, 0, 0, 0x88, 0, 0, 0};
    char err[256] = "";

    (void)state;
    assert_int_equal(
        fdt_set_prop(&blob, &size, "/chosen", "bootargs", "root=/dev/vda", 14, err, sizeof(err)),
        0);
    assert_int_equal(
        fdt_set_prop(&blob, &size, "/chosen", "linux,initrd-start", start, 8, err, sizeof(err)), 0);
    assert_int_equal(
        fdt_set_prop(&blob, &size, "/soc", "dma-noncoherent", NULL, 0, err, sizeof(err)), 0);
    assert_check_ok(blob, size);
    assert_int_equal(fdt_blob_size(blob), size);
    assert_string_prop(blob, "/chosen", "bootargs", "root=/dev/vda");
    assert_string_prop(blob, "/chosen", "stdout-path", "/soc/serial@10000000");
    assert_non_null(fdt_get_prop(blob, "/soc", "dma-noncoherent", NULL));
    assert_memory_equal(fdt_get_prop(blob, "/chosen", "linux,initrd-start", NULL), start, 8);
    fixture_assert_u32_prop(blob, "/cpus/cpu@0/interrupt-controller", "phandle", t.intc_phandle);
    assert_int_equal(fixture_be32((uint8_t *)blob + hdr(blob, H_OFF_RSV) + 4), 0x80000000);
    if (have_dtc())
        free(run_dtc(blob, size));
    free(blob);
}

static void test_set_prop_creates_node(void **state)
{
    struct test_blob t = build_virt(0);
    void *blob = t.data;
    size_t size = t.size;
    char err[256] = "";

    (void)state;
    assert_null(fdt_get_prop(blob, "/chosen", "bootargs", NULL));
    assert_int_equal(fdt_set_prop(&blob, &size, "/chosen", "bootargs", TEST_BOOTARGS,
                                  sizeof(TEST_BOOTARGS), err, sizeof(err)),
                     0);
    assert_check_ok(blob, size);
    assert_string_prop(blob, "/chosen", "bootargs", TEST_BOOTARGS);
    assert_string_prop(blob, "/soc/serial@10000000", "compatible", "ns16550a");
    assert_int_equal(
        fdt_set_prop(&blob, &size, "/nope/chosen", "bootargs", "x", 2, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "no parent"));
    assert_int_equal(fdt_set_prop(&blob, &size, "/chosen", "bad name", "x", 2, err, sizeof(err)),
                     -1);
    assert_check_ok(blob, size);
    if (have_dtc())
        free(run_dtc(blob, size));
    free(blob);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_layout),
        cmocka_unit_test(test_reservation_map),
        cmocka_unit_test(test_strings_deduplicated),
        cmocka_unit_test(test_read_back),
        cmocka_unit_test(test_read_absent),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_dtc_accepts),
        cmocka_unit_test(test_reads_dtc_output),
        cmocka_unit_test(test_nop_tokens),
        cmocka_unit_test(test_unbalanced),
        cmocka_unit_test(test_sticky_error),
        cmocka_unit_test(test_builder_rules),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_check_truncated),
        cmocka_unit_test(test_check_corrupt),
        cmocka_unit_test(test_check_mutations),
        cmocka_unit_test(test_set_prop_replace_and_add),
        cmocka_unit_test(test_set_prop_creates_node),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
