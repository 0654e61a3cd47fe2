/* SPDX-License-Identifier: MIT */
/* Shared fixtures for the device unit tests (tests/unit/test_<device>.c): a bus with
 * harts, a recording irq line, MMIO accessors that assert success, a device tree to
 * add one node to, and big-endian property checks. Include after cmocka.h. */
#ifndef TESTS_UNIT_FIXTURE_H
#define TESTS_UNIT_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "cpu/hart.h"
#include "hw/irq.h"
#include "mem/bus.h"
#include "util/fdt.h"

/* A zeroed test state of `size` bytes; the test's teardown frees it. */
static inline void *fixture_alloc(size_t size)
{
    void *f = calloc(1, size);
    assert_non_null(f);
    return f;
}

/* A new, empty bus; fails the test if it cannot be made. */
static inline struct bus *fixture_bus_create(void)
{
    struct bus *bus = bus_create();
    assert_non_null(bus);
    return bus;
}

/* A new bus with harts 0..n-1 on it, stored in harts[]; free with fixture_harts_free(). */
static inline struct bus *fixture_harts_create(struct hart **harts, unsigned n)
{
    struct bus *bus = fixture_bus_create();
    for (unsigned h = 0; h < n; h++)
        assert_non_null(harts[h] = hart_create(bus, h));
    return bus;
}

/* Frees the n harts and then their bus (after the devices mapped on it). */
static inline void fixture_harts_free(struct bus *bus, struct hart **harts, unsigned n)
{
    for (unsigned h = 0; h < n; h++)
        hart_free(harts[h]);
    bus_free(bus);
}

/* The hart's mip as devices on other threads last left it. */
static inline uint64_t fixture_mip(struct hart *h)
{
    return __atomic_load_n(&h->mip, __ATOMIC_SEQ_CST);
}

/* A size-byte load at addr that must succeed; returns the value read. */
static inline uint64_t fixture_mmio_read(struct bus *bus, uint64_t addr, unsigned size)
{
    uint64_t v = 0;
    assert_int_equal(bus_read(bus, addr, size, &v), 0);
    return v;
}

/* A size-byte store of v at addr that must succeed. */
static inline void fixture_mmio_write(struct bus *bus, uint64_t addr, unsigned size, uint64_t v)
{
    assert_int_equal(bus_write(bus, addr, size, v), 0);
}

/* The 32-bit register shorthands most devices' tests use. */
static inline uint32_t fixture_read32(struct bus *bus, uint64_t addr)
{
    return (uint32_t)fixture_mmio_read(bus, addr, 4);
}

static inline void fixture_write32(struct bus *bus, uint64_t addr, uint32_t v)
{
    fixture_mmio_write(bus, addr, 4, v);
}

/* What a device drove onto its irq line. The device may call from its own
 * threads, so the fields are written with __atomic ops; read level through
 * fixture_irq_level(). */
struct fixture_irq {
    int level;      /* last level set */
    int changes;    /* calls so far */
    unsigned num;   /* line number of the last call */
    bool check_num; /* set by the test: every call must carry the line's own number */
    unsigned want;  /* that number, set by fixture_irq_line() */
};

static inline void fixture_irq_set(void *opaque, unsigned num, bool level)
{
    struct fixture_irq *r = opaque;
    if (r->check_num)
        assert_int_equal(num, r->want);
    __atomic_store_n(&r->num, num, __ATOMIC_SEQ_CST);
    __atomic_store_n(&r->level, level, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&r->changes, 1, __ATOMIC_SEQ_CST);
}

/* An irq line numbered num that records into r. */
static inline struct irq_line fixture_irq_line(struct fixture_irq *r, unsigned num)
{
    r->want = num;
    return (struct irq_line){.set = fixture_irq_set, .opaque = r, .num = num};
}

static inline int fixture_irq_level(struct fixture_irq *r)
{
    return __atomic_load_n(&r->level, __ATOMIC_SEQ_CST);
}

static inline void fixture_sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

static inline void fixture_sleep_ms(long ms) { fixture_sleep_us(ms * 1000); }

/* A device tree with "/" and "/soc" open, ready for one device's node. */
static inline struct fdt *fixture_fdt_soc(void)
{
    struct fdt *t = fdt_create();
    assert_non_null(t);
    fdt_begin_node(t, "");
    fdt_begin_node(t, "soc");
    return t;
}

/* Closes "/soc" and "/", finishes the blob and frees t; the caller frees the blob. */
static inline void *fixture_fdt_finish(struct fdt *t)
{
    void *blob = NULL;
    size_t size;
    fdt_end_node(t);
    fdt_end_node(t);
    assert_int_equal(fdt_finish(t, &blob, &size), 0);
    fdt_free(t);
    return blob;
}

/* The big-endian 32-bit cell at p (DT spec 2.2.4: cells are big-endian). */
static inline uint32_t fixture_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Property name of node path must be present, one cell long, and hold want. */
static inline void fixture_assert_u32_prop(const void *blob, const char *path, const char *name,
                                           uint32_t want)
{
    size_t len = 0;
    const uint8_t *p = fdt_get_prop(blob, path, name, &len);
    if (!p)
        fail_msg("%s: %s missing", path, name);
    assert_int_equal(len, 4);
    assert_int_equal(fixture_be32(p), want);
}

/* The reg property of node path is one (address, size) pair of two cells each,
 * as under this project's /soc, with address and size below 4 GiB. */
static inline void fixture_assert_reg(const void *blob, const char *path, uint32_t base,
                                      uint32_t size)
{
    size_t len = 0;
    const uint8_t *p = fdt_get_prop(blob, path, "reg", &len);
    assert_int_equal(len, 16);
    assert_int_equal(fixture_be32(p + 4), base);
    assert_int_equal(fixture_be32(p + 12), size);
}

#endif
