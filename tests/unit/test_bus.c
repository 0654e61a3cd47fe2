/* SPDX-License-Identifier: MIT */
/* The physical bus: region map (overlaps rejected, lookup), RAM/ROM/MMIO
 * accesses with access-size rules and splitting, DMA pointers, store watches. */
#include "mem/bus.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

struct fake_dev {
    uint64_t last_off, last_val;
    unsigned last_size, reads, writes;
};

static uint64_t fake_read(void *opaque, uint64_t off, unsigned size)
{
    struct fake_dev *d = opaque;
    d->reads++;
    d->last_off = off;
    d->last_size = size;
    return 0x1000 + off; /* distinguishable per offset */
}

static void fake_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct fake_dev *d = opaque;
    d->writes++;
    d->last_off = off;
    d->last_val = val;
    d->last_size = size;
}

static struct bus_device dev_at(struct fake_dev *d, uint64_t base, unsigned min, unsigned max)
{
    return (struct bus_device){"fake", base, 0x100, min, max, fake_read, fake_write, d};
}

static void test_overlaps_rejected(void **state)
{
    (void)state;
    struct bus *b = bus_create();
    struct fake_dev d = {0};
    assert_int_equal(bus_add_ram(b, "ram", 0x80000000, 0x10000), 0);
    struct bus_device a = dev_at(&d, 0x1000, 1, 8);
    assert_int_equal(bus_add_device(b, &a), 0);
    struct bus_device inside = dev_at(&d, 0x1080, 1, 8);  /* inside a */
    struct bus_device straddle = dev_at(&d, 0xf80, 1, 8); /* ends inside a */
    struct bus_device ram_overlap = dev_at(&d, 0x8000ff80, 1, 8);
    assert_int_equal(bus_add_device(b, &inside), -1);
    assert_int_equal(bus_add_device(b, &straddle), -1);
    assert_int_equal(bus_add_device(b, &ram_overlap), -1);
    struct bus_device adjacent = dev_at(&d, 0x1100, 1, 8); /* touches, no overlap */
    assert_int_equal(bus_add_device(b, &adjacent), 0);
    assert_int_equal(bus_add_ram(b, "ram2", 0x80008000, 0x1000), -1);
    assert_int_equal(bus_add_ram(b, "odd", 0x90000000, 0x123), -1); /* not 4 KiB multiple */
    uint8_t rom[16] = {0};
    assert_int_equal(bus_add_rom(b, "wrap", ~0ull - 7, rom, 16), -1);
    bus_free(b);
}

static void test_lookup(void **state)
{
    (void)state;
    struct bus *b = bus_create();
    struct fake_dev d = {0};
    struct bus_device a = dev_at(&d, 0x2000, 1, 8);
    assert_int_equal(bus_add_ram(b, "ram", 0x80000000, 0x4000), 0);
    assert_int_equal(bus_add_device(b, &a), 0);
    assert_null(bus_lookup(b, 0x1fff));
    assert_int_equal(bus_lookup(b, 0x2000)->kind, BUS_MMIO);
    assert_int_equal(bus_lookup(b, 0x20ff)->kind, BUS_MMIO);
    assert_null(bus_lookup(b, 0x2100));
    assert_int_equal(bus_lookup(b, 0x80003fff)->kind, BUS_RAM);
    assert_null(bus_lookup(b, 0x80004000));
    bus_free(b);
}

static void test_ram_rom_access(void **state)
{
    (void)state;
    struct bus *b = bus_create();
    uint8_t rom[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    uint64_t v;
    assert_int_equal(bus_add_ram(b, "ram", 0x80000000, 0x1000), 0);
    assert_int_equal(bus_add_rom(b, "rom", 0x1000, rom, sizeof(rom)), 0);
    assert_int_equal(bus_write(b, 0x80000003, 8, 0x1122334455667788ull), 0); /* misaligned ok */
    assert_int_equal(bus_read(b, 0x80000003, 8, &v), 0);
    assert_int_equal(v, 0x1122334455667788ull);
    assert_int_equal(bus_read(b, 0x80000004, 2, &v), 0);
    assert_int_equal(v, 0x6677);                          /* little-endian: bytes 0x77, 0x66 */
    assert_int_equal(bus_read(b, 0x80000ffc, 8, &v), -1); /* runs off the end */
    assert_int_equal(bus_read(b, 0x1004, 4, &v), 0);
    assert_int_equal(v, 0x08070605);
    assert_int_equal(bus_write(b, 0x1000, 1, 0), -1); /* ROM write faults */
    assert_int_equal(bus_read(b, 0x5000, 4, &v), -1); /* unmapped */
    bus_free(b);
}

static void test_mmio_sizes(void **state)
{
    (void)state;
    struct bus *b = bus_create();
    struct fake_dev d = {0};
    struct bus_device a = dev_at(&d, 0x3000, 4, 4);
    uint64_t v;
    assert_int_equal(bus_add_device(b, &a), 0);
    assert_int_equal(bus_read(b, 0x3004, 1, &v), -1); /* below min */
    assert_int_equal(bus_read(b, 0x3006, 4, &v), -1); /* misaligned */
    assert_int_equal(d.reads, 0u);
    assert_int_equal(bus_read(b, 0x3008, 8, &v), 0); /* split in two */
    assert_int_equal(d.reads, 2u);
    assert_int_equal(v, (0x100cull << 32) | 0x1008);
    assert_int_equal(bus_write(b, 0x3010, 8, 0xaaaabbbbccccddddull), 0);
    assert_int_equal(d.writes, 2u);
    assert_int_equal(d.last_off, 0x14);
    assert_int_equal(d.last_val, 0xaaaabbbbull);
    assert_int_equal(d.last_size, 4u);
    assert_int_equal(bus_write(b, 0x30fc, 8, 0), -1); /* crosses the end */
    bus_free(b);
}

static void test_host_ptr(void **state)
{
    (void)state;
    struct bus *b = bus_create();
    uint8_t rom[16] = {0};
    struct fake_dev d = {0};
    struct bus_device a = dev_at(&d, 0x3000, 1, 8);
    assert_int_equal(bus_add_ram(b, "ram", 0x80000000, 0x2000), 0);
    assert_int_equal(bus_add_rom(b, "rom", 0x1000, rom, sizeof(rom)), 0);
    assert_int_equal(bus_add_device(b, &a), 0);
    assert_non_null(bus_host_ptr(b, 0x80000000, 0x2000, true));
    assert_null(bus_host_ptr(b, 0x80000001, 0x2000, true)); /* one byte past */
    assert_null(bus_host_ptr(b, 0x7fffffff, 2, false));
    assert_null(bus_host_ptr(b, 0x80001fff, ~0ull, false)); /* huge length */
    assert_non_null(bus_host_ptr(b, 0x1000, 16, false));
    assert_null(bus_host_ptr(b, 0x1000, 16, true)); /* ROM is not DMA-writable */
    assert_null(bus_host_ptr(b, 0x3000, 4, false)); /* MMIO has no host memory */
    bus_free(b);
}

struct watch_log {
    unsigned calls;
    uint64_t paddr;
};

static void on_watch(void *opaque, uint64_t paddr, unsigned size)
{
    struct watch_log *w = opaque;
    w->calls++;
    w->paddr = paddr;
}

static void test_watch(void **state)
{
    (void)state;
    struct bus *b = bus_create();
    struct watch_log w = {0};
    assert_int_equal(bus_add_ram(b, "ram", 0x80000000, 0x3000), 0);
    assert_int_equal(bus_watch(b, 0x80001000, 8, on_watch, &w), 0);
    assert_true(bus_page_watched(b, 0x80001ff0));
    assert_false(bus_page_watched(b, 0x80000ff0));
    assert_false(bus_page_watched(b, 0x80002000));
    assert_int_equal(bus_write(b, 0x80001008, 8, 1), 0); /* next to the watch */
    assert_int_equal(w.calls, 0u);
    assert_int_equal(bus_write(b, 0x80000ffc, 8, 1), 0); /* overlaps its first bytes */
    assert_int_equal(w.calls, 1u);
    bus_notify_write(b, 0x80001004, 1);
    assert_int_equal(w.calls, 2u);
    assert_int_equal(w.paddr, 0x80001004);
    bus_free(b);
}

static void on_code_write(void *opaque, uint64_t paddr, uint64_t len)
{
    struct watch_log *w = opaque;
    w->calls++;
    w->paddr = paddr;
}

static void test_code_pages(void **state)
{
    (void)state;
    struct bus *b = bus_create();
    struct watch_log w = {0};
    assert_int_equal(bus_add_ram(b, "ram", 0x80000000, 0x4000), 0);
    bus_set_code_hook(b, on_code_write, &w);
    assert_false(bus_mark_code_page(b, 0x1000, true)); /* not RAM */
    assert_true(bus_mark_code_page(b, 0x80001234, true));
    assert_true(bus_is_code_page(b, 0x80001000));
    assert_true(bus_page_watched(b, 0x80001ff8)); /* stores there take the slow path */
    assert_false(bus_is_code_page(b, 0x80002000));
    assert_int_equal(bus_write(b, 0x80002000, 8, 1), 0);
    assert_int_equal(w.calls, 0u);
    assert_int_equal(bus_write(b, 0x80000ffc, 8, 1), 0); /* straddles into the code page */
    assert_int_equal(w.calls, 1u);
    bus_notify_write(b, 0x80000000, 0x4000); /* DMA over everything */
    assert_int_equal(w.calls, 2u);
    assert_true(bus_mark_code_page(b, 0x80001000, false));
    assert_false(bus_page_watched(b, 0x80001000));
    bus_notify_write(b, 0x80001000, 8);
    assert_int_equal(w.calls, 2u);
    bus_free(b);
}

static void test_reset_ram(void **state)
{
    (void)state;
    struct bus *b = bus_create();
    uint64_t v;
    assert_int_equal(bus_add_ram(b, "ram", 0x80000000, 0x10000), 0);
    assert_int_equal(bus_write(b, 0x80008000, 8, 42), 0);
    bus_reset_ram(b);
    assert_int_equal(bus_read(b, 0x80008000, 8, &v), 0);
    assert_int_equal(v, 0);
    bus_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlaps_rejected), cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_ram_rom_access),    cmocka_unit_test(test_mmio_sizes),
        cmocka_unit_test(test_host_ptr),          cmocka_unit_test(test_watch),
        cmocka_unit_test(test_reset_ram),         cmocka_unit_test(test_code_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
