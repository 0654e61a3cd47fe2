/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/aclint.c: MSIP, MTIMECMP and MTIME through the bus, with
 * two real harts whose mip bits, mtimecmp and kick flag are checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "cpu/hart.h"
#include "hw/aclint.h"
#include "mem/bus.h"
#include "util/clock.h"
#include "util/fdt.h"

#include "fixture.h"

#define BASE        0x02000000ull
#define NHARTS      2
#define MSIP(h)     (4ull * (h))
#define MTIMECMP(h) (0x4000ull + 8 * (h))
#define MTIME       0xbff8ull

struct fx {
    struct bus *bus;
    struct hart *harts[NHARTS];
    struct aclint *clint;
};

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->bus = fixture_harts_create(f->harts, NHARTS);
    f->clint = aclint_create(f->bus, BASE, f->harts, NHARTS);
    assert_non_null(f->clint);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    aclint_free(f->clint);
    fixture_harts_free(f->bus, f->harts, NHARTS);
    free(f);
    return 0;
}

static uint64_t rd(struct fx *f, uint64_t off, unsigned size)
{
    return fixture_mmio_read(f->bus, BASE + off, size);
}

static void wr(struct fx *f, uint64_t off, unsigned size, uint64_t v)
{
    fixture_mmio_write(f->bus, BASE + off, size, v);
}

static uint64_t mip(struct fx *f, unsigned h) { return fixture_mip(f->harts[h]); }

static void test_msip(void **state)
{
    struct fx *f = *state;
    assert_int_equal(rd(f, MSIP(0), 4), 0);
    wr(f, MSIP(0), 4, 1);
    assert_int_equal(rd(f, MSIP(0), 4), 1);
    assert_true(mip(f, 0) & MIP_MSIP);
    assert_false(mip(f, 1) & MIP_MSIP);
    wr(f, MSIP(1), 4, 0xffffffff); /* only bit 0 is writable */
    assert_int_equal(rd(f, MSIP(1), 4), 1);
    assert_true(mip(f, 1) & MIP_MSIP);
    wr(f, MSIP(0), 4, 2);
    assert_int_equal(rd(f, MSIP(0), 4), 0);
    assert_false(mip(f, 0) & MIP_MSIP);
    /* No hart 2: reads 0, writes go nowhere. */
    wr(f, MSIP(2), 4, 1);
    assert_int_equal(rd(f, MSIP(2), 4), 0);
}

static void test_msip_64bit_covers_two_harts(void **state)
{
    struct fx *f = *state;
    wr(f, MSIP(0), 8, 1ull << 32 | 1);
    assert_true(mip(f, 0) & MIP_MSIP);
    assert_true(mip(f, 1) & MIP_MSIP);
    assert_int_equal(rd(f, MSIP(0), 8), 1ull << 32 | 1);
    wr(f, MSIP(0), 8, 1ull << 32);
    assert_false(mip(f, 0) & MIP_MSIP);
    assert_true(mip(f, 1) & MIP_MSIP);
}

static void test_mtimecmp_64_and_halves(void **state)
{
    struct fx *f = *state;
    wr(f, MTIMECMP(0), 8, 0x1122334455667788ull);
    assert_int_equal(f->harts[0]->mtimecmp, 0x1122334455667788ull);
    assert_int_equal(rd(f, MTIMECMP(0), 8), 0x1122334455667788ull);
    assert_int_equal(rd(f, MTIMECMP(0), 4), 0x55667788);
    assert_int_equal(rd(f, MTIMECMP(0) + 4, 4), 0x11223344);
    wr(f, MTIMECMP(0), 4, 0xaabbccdd);
    assert_int_equal(f->harts[0]->mtimecmp, 0x11223344aabbccddull);
    wr(f, MTIMECMP(0) + 4, 4, 0x01020304);
    assert_int_equal(f->harts[0]->mtimecmp, 0x01020304aabbccddull);
    /* Hart 1's comparator is separate and keeps its reset value. */
    assert_int_equal(rd(f, MTIMECMP(1), 8), ~0ull);
    wr(f, MTIMECMP(1), 8, 42);
    assert_int_equal(f->harts[1]->mtimecmp, 42);
    assert_int_equal(f->harts[0]->mtimecmp, 0x01020304aabbccddull);
    assert_int_equal(rd(f, MTIMECMP(2), 8), 0); /* no such hart */
}

static void test_mtimecmp_drives_mtip_and_kicks(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->harts[0];
    h->exit_request = 0;
    wr(f, MTIMECMP(0), 8, 0); /* already due */
    assert_true(mip(f, 0) & MIP_MTIP);
    assert_int_equal(h->exit_request, 1);
    assert_false(mip(f, 1) & MIP_MTIP);
    h->exit_request = 0;
    wr(f, MTIMECMP(0), 8, ~0ull);
    assert_false(mip(f, 0) & MIP_MTIP);
    assert_int_equal(h->exit_request, 1);
    /* A deadline 100 ms ahead: not yet, then the hart's own poll sees it. */
    wr(f, MTIMECMP(0), 8, clock_mtime() + ACLINT_MTIME_HZ / 10);
    assert_false(mip(f, 0) & MIP_MTIP);
    fixture_sleep_ms(150);
    assert_false(hart_poll(h)); /* mie is 0: nothing is taken */
    assert_true(mip(f, 0) & MIP_MTIP);
}

static void test_mtime(void **state)
{
    struct fx *f = *state;
    uint64_t a = rd(f, MTIME, 8);
    fixture_sleep_ms(2);
    uint64_t b = rd(f, MTIME, 8);
    assert_true(b > a);
    assert_true(b - a >= ACLINT_MTIME_HZ / 1000); /* at least 1 ms passed */
    wr(f, MTIME, 8, 0x123456789ull);
    uint64_t c = rd(f, MTIME, 8);
    assert_true(c >= 0x123456789ull && c - 0x123456789ull < ACLINT_MTIME_HZ);
    assert_true(clock_mtime() >= c);
    wr(f, MTIME + 4, 4, 7);
    assert_int_equal(rd(f, MTIME + 4, 4), 7);
    wr(f, MTIME, 4, 0);
    c = rd(f, MTIME, 8);
    assert_true(c >= 7ull << 32 && c - (7ull << 32) < ACLINT_MTIME_HZ);
}

static void test_mtime_write_updates_mtip(void **state)
{
    struct fx *f = *state;
    wr(f, MTIME, 8, 1000);
    wr(f, MTIMECMP(0), 8, 1ull << 40);
    wr(f, MTIMECMP(1), 8, 1ull << 50);
    assert_false(mip(f, 0) & MIP_MTIP);
    f->harts[1]->exit_request = 0;
    wr(f, MTIME, 8, 1ull << 41);
    assert_true(mip(f, 0) & MIP_MTIP);
    assert_false(mip(f, 1) & MIP_MTIP);
    assert_int_equal(f->harts[1]->exit_request, 1);
    wr(f, MTIME, 8, 0);
    assert_false(mip(f, 0) & MIP_MTIP);
}

static void test_access_sizes(void **state)
{
    struct fx *f = *state;
    uint64_t v;
    assert_int_equal(bus_read(f->bus, BASE + MSIP(0), 1, &v), -1);
    assert_int_equal(bus_read(f->bus, BASE + MTIME, 2, &v), -1);
    assert_int_equal(bus_write(f->bus, BASE + MSIP(0), 2, 1), -1);
    assert_false(mip(f, 0) & MIP_MSIP);
    assert_int_equal(bus_read(f->bus, BASE + MTIMECMP(0) + 4, 8, &v), -1);
    assert_int_equal(bus_read(f->bus, BASE + ACLINT_SIZE, 4, &v), -1); /* past the window */
    assert_int_equal(bus_read(f->bus, BASE + MTIMECMP(0), 8, &v), 0);
}

static void test_unassigned_offsets(void **state)
{
    struct fx *f = *state;
    wr(f, 0xc000, 4, 1);
    assert_int_equal(rd(f, 0xc000, 4), 0);
    assert_int_equal(rd(f, 0xfffc, 4), 0);
}

static void test_reset(void **state)
{
    struct fx *f = *state;
    wr(f, MSIP(0), 4, 1);
    wr(f, MSIP(1), 4, 1);
    aclint_reset(f->clint);
    assert_int_equal(rd(f, MSIP(0), 4), 0);
    assert_int_equal(rd(f, MSIP(1), 4), 0);
    assert_false(mip(f, 0) & MIP_MSIP);
    assert_false(mip(f, 1) & MIP_MSIP);
}

static void test_fdt_node(void **state)
{
    struct fx *f = *state;
    struct fdt *t = fixture_fdt_soc();
    const uint32_t intc[NHARTS] = {5, 6};
    size_t len;
    assert_int_equal(aclint_fdt(f->clint, t, intc), 0);
    void *blob = fixture_fdt_finish(t);

    const char *path = "/soc/clint@2000000";
    const uint8_t *p = fdt_get_prop(blob, path, "compatible", &len);
    assert_non_null(p);
    assert_int_equal(len, sizeof("sifive,clint0\0riscv,clint0"));
    assert_memory_equal(p, "sifive,clint0\0riscv,clint0", len);
    p = fdt_get_prop(blob, path, "interrupts-extended", &len);
    const uint32_t want[] = {5, 3, 5, 7, 6, 3, 6, 7};
    assert_non_null(p);
    assert_int_equal(len, sizeof(want));
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(fixture_be32(p + 4 * i), want[i]);
    fixture_assert_reg(blob, path, 0x02000000, 0x10000);
    assert_int_equal(ACLINT_MTIME_HZ, 10000000);
    free(blob);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_msip),
        T(test_msip_64bit_covers_two_harts),
        T(test_mtimecmp_64_and_halves),
        T(test_mtimecmp_drives_mtip_and_kicks),
        T(test_mtime),
        T(test_mtime_write_updates_mtip),
        T(test_access_sizes),
        T(test_unassigned_offsets),
        T(test_reset),
        T(test_fdt_node),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
