/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/syscon.c: finisher values reach the board's callback,
 * access sizes, and the test/poweroff/reboot device-tree nodes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "hw/syscon.h"
#include "mem/bus.h"
#include "util/fdt.h"

#include "fixture.h"

#define BASE 0x00100000ull

struct fx {
    struct bus *bus;
    struct syscon *sc;
    unsigned events;
    int kind, status;
};

static void on_event(void *opaque, int kind, int status)
{
    struct fx *f = opaque;
    f->events++;
    f->kind = kind;
    f->status = status;
}

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->bus = fixture_bus_create();
    f->sc = syscon_create(f->bus, BASE, on_event, f);
    assert_non_null(f->sc);
    f->kind = f->status = -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    syscon_free(f->sc);
    bus_free(f->bus);
    free(f);
    return 0;
}

static void test_poweroff(void **state)
{
    struct fx *f = *state;
    assert_int_equal(bus_write(f->bus, BASE, 4, 0x5555), 0);
    assert_int_equal(f->events, 1);
    assert_int_equal(f->kind, SYSCON_POWEROFF);
    assert_int_equal(f->status, 0);
}

static void test_fail_carries_code(void **state)
{
    struct fx *f = *state;
    assert_int_equal(bus_write(f->bus, BASE, 4, 42u << 16 | 0x3333), 0);
    assert_int_equal(f->events, 1);
    assert_int_equal(f->kind, SYSCON_POWEROFF);
    assert_int_equal(f->status, 42);
    assert_int_equal(bus_write(f->bus, BASE, 4, 0xffffu << 16 | 0x3333), 0);
    assert_int_equal(f->status, 0xffff);
}

static void test_reboot(void **state)
{
    struct fx *f = *state;
    assert_int_equal(bus_write(f->bus, BASE, 4, 0x7777), 0);
    assert_int_equal(f->events, 1);
    assert_int_equal(f->kind, SYSCON_REBOOT);
    assert_int_equal(f->status, 0);
}

static void test_other_values_and_offsets_do_nothing(void **state)
{
    struct fx *f = *state;
    assert_int_equal(bus_write(f->bus, BASE, 4, 0x1234), 0);
    assert_int_equal(bus_write(f->bus, BASE, 4, 0), 0);
    assert_int_equal(bus_write(f->bus, BASE + 4, 4, 0x5555), 0);
    assert_int_equal(bus_write(f->bus, BASE + 0xffc, 4, 0x7777), 0);
    assert_int_equal(f->events, 0);
}

static void test_access_sizes_and_reads(void **state)
{
    struct fx *f = *state;
    uint64_t v = 1;
    assert_int_equal(bus_write(f->bus, BASE, 1, 0x55), -1);
    assert_int_equal(bus_write(f->bus, BASE + 1, 2, 0x5555), -1); /* misaligned */
    assert_int_equal(f->events, 0);
    assert_int_equal(bus_read(f->bus, BASE, 4, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(bus_read(f->bus, BASE, 1, &v), -1);
    /* A 16-bit write is a finisher write too (no room for a code). */
    assert_int_equal(bus_write(f->bus, BASE, 2, 0x5555), 0);
    assert_int_equal(f->events, 1);
    assert_int_equal(f->kind, SYSCON_POWEROFF);
    /* A 64-bit store splits: the low word at offset 0 counts. */
    assert_int_equal(bus_write(f->bus, BASE, 8, 0x7777), 0);
    assert_int_equal(f->events, 2);
    assert_int_equal(f->kind, SYSCON_REBOOT);
}

static void test_fdt_nodes(void **state)
{
    struct fx *f = *state;
    struct fdt *t = fdt_create();
    size_t len;
    assert_non_null(t);
    fdt_begin_node(t, "");
    assert_int_equal(syscon_fdt_actions(f->sc, t, 9), 0); /* /poweroff, /reboot */
    fdt_begin_node(t, "soc");
    assert_int_equal(syscon_fdt(f->sc, t, 9), 0);
    void *blob = fixture_fdt_finish(t);

    const uint8_t *p = fdt_get_prop(blob, "/soc/test@100000", "compatible", &len);
    assert_non_null(p);
    assert_int_equal(len, sizeof("sifive,test1\0sifive,test0\0syscon"));
    assert_memory_equal(p, "sifive,test1\0sifive,test0\0syscon", len);
    fixture_assert_u32_prop(blob, "/soc/test@100000", "phandle", 9);
    fixture_assert_reg(blob, "/soc/test@100000", 0x100000, 0x1000);
    assert_string_equal(fdt_get_prop(blob, "/poweroff", "compatible", NULL), "syscon-poweroff");
    fixture_assert_u32_prop(blob, "/poweroff", "regmap", 9);
    fixture_assert_u32_prop(blob, "/poweroff", "offset", 0);
    fixture_assert_u32_prop(blob, "/poweroff", "value", 0x5555);
    assert_string_equal(fdt_get_prop(blob, "/reboot", "compatible", NULL), "syscon-reboot");
    fixture_assert_u32_prop(blob, "/reboot", "regmap", 9);
    fixture_assert_u32_prop(blob, "/reboot", "offset", 0);
    fixture_assert_u32_prop(blob, "/reboot", "value", 0x7777);
    free(blob);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_poweroff),
        T(test_fail_carries_code),
        T(test_reboot),
        T(test_other_values_and_offsets_do_nothing),
        T(test_access_sizes_and_reads),
        T(test_fdt_nodes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
