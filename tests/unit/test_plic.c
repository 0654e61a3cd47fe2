/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/plic.c: registers, arbitration, claim/complete and the
 * gateway, driven through the bus with two real harts whose mip is checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/hart.h"
#include "hw/plic.h"
#include "mem/bus.h"
#include "util/fdt.h"

#include "fixture.h"

#define BASE              0x0c000000ull
#define NHARTS            2
#define PRIORITY(src)     (4ull * (src))
#define PENDING(word)     (0x1000ull + 4 * (word))
#define ENABLE(ctx, word) (0x2000ull + 0x80 * (ctx) + 4 * (word))
#define THRESHOLD(ctx)    (0x200000ull + 0x1000 * (ctx))
#define CLAIM(ctx)        (0x200004ull + 0x1000 * (ctx))

struct fx {
    struct bus *bus;
    struct hart *harts[NHARTS];
    struct plic *plic;
};

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->bus = fixture_harts_create(f->harts, NHARTS);
    f->plic = plic_create(f->bus, BASE, f->harts, NHARTS);
    assert_non_null(f->plic);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    plic_free(f->plic);
    fixture_harts_free(f->bus, f->harts, NHARTS);
    free(f);
    return 0;
}

static uint32_t rd(struct fx *f, uint64_t off) { return fixture_read32(f->bus, BASE + off); }

static void wr(struct fx *f, uint64_t off, uint32_t v) { fixture_write32(f->bus, BASE + off, v); }

static uint64_t mip(struct fx *f, unsigned h) { return fixture_mip(f->harts[h]); }

/* Source src at priority prio, enabled for ctx. */
static void route(struct fx *f, unsigned src, uint32_t prio, unsigned ctx)
{
    wr(f, PRIORITY(src), prio);
    wr(f, ENABLE(ctx, src / 32), rd(f, ENABLE(ctx, src / 32)) | 1u << (src % 32));
}

static void test_priority_registers(void **state)
{
    struct fx *f = *state;
    wr(f, PRIORITY(1), 0xffffffff);
    assert_int_equal(rd(f, PRIORITY(1)), PLIC_MAX_PRIORITY);
    wr(f, PRIORITY(PLIC_NDEV), 5);
    assert_int_equal(rd(f, PRIORITY(PLIC_NDEV)), 5);
    wr(f, PRIORITY(0), 3); /* source 0 is reserved */
    assert_int_equal(rd(f, PRIORITY(0)), 0);
    wr(f, PRIORITY(PLIC_NDEV + 1), 3); /* beyond the last source */
    assert_int_equal(rd(f, PRIORITY(PLIC_NDEV + 1)), 0);
    assert_int_equal(rd(f, PRIORITY(2)), 0);
}

static void test_pending_follows_line_and_is_read_only(void **state)
{
    struct fx *f = *state;
    plic_set_irq(f->plic, 5, true);
    plic_set_irq(f->plic, 40, true);
    plic_set_irq(f->plic, 95, true);
    assert_int_equal(rd(f, PENDING(0)), 1u << 5);
    assert_int_equal(rd(f, PENDING(1)), 1u << 8);
    assert_int_equal(rd(f, PENDING(2)), 1u << 31);
    wr(f, PENDING(0), 0);
    assert_int_equal(rd(f, PENDING(0)), 1u << 5);
    plic_set_irq(f->plic, 5, false);
    assert_int_equal(rd(f, PENDING(0)), 0);
    plic_set_irq(f->plic, 0, true); /* no such source: ignored */
    plic_set_irq(f->plic, 96, true);
    assert_int_equal(rd(f, PENDING(0)), 0);
    /* Nothing enabled: no hart sees anything. */
    assert_int_equal(mip(f, 0) & (MIP_MEIP | MIP_SEIP), 0);
}

static void test_enable_registers(void **state)
{
    struct fx *f = *state;
    wr(f, ENABLE(0, 0), 0xffffffff);
    assert_int_equal(rd(f, ENABLE(0, 0)), 0xfffffffe); /* source 0 hardwired off */
    wr(f, ENABLE(3, 2), 0x80000001);
    assert_int_equal(rd(f, ENABLE(3, 2)), 0x80000001);
    assert_int_equal(rd(f, ENABLE(1, 0)), 0);
    assert_int_equal(rd(f, ENABLE(2, 2)), 0);
    /* Contexts of harts that do not exist read 0 and ignore writes. */
    wr(f, ENABLE(4, 0), 0xffffffff);
    assert_int_equal(rd(f, ENABLE(4, 0)), 0);
}

static void test_claim_complete_level(void **state)
{
    struct fx *f = *state;
    route(f, 10, 1, 0);
    plic_set_irq(f->plic, 10, true);
    assert_true(mip(f, 0) & MIP_MEIP);
    assert_false(mip(f, 0) & MIP_SEIP);
    assert_false(mip(f, 1) & (MIP_MEIP | MIP_SEIP));

    assert_int_equal(rd(f, CLAIM(0)), 10);
    assert_int_equal(rd(f, PENDING(0)), 0);
    assert_false(mip(f, 0) & MIP_MEIP);
    assert_int_equal(rd(f, CLAIM(0)), 0); /* nothing else */

    /* The line is still high: completion pends it again. */
    wr(f, CLAIM(0), 10);
    assert_int_equal(rd(f, PENDING(0)), 1u << 10);
    assert_true(mip(f, 0) & MIP_MEIP);

    plic_set_irq(f->plic, 10, false);
    assert_int_equal(rd(f, PENDING(0)), 0);
    assert_false(mip(f, 0) & MIP_MEIP);
}

static void test_claimed_source_does_not_repend(void **state)
{
    struct fx *f = *state;
    route(f, 7, 2, 0);
    plic_set_irq(f->plic, 7, true);
    assert_int_equal(rd(f, CLAIM(0)), 7);
    plic_set_irq(f->plic, 7, false);
    plic_set_irq(f->plic, 7, true);
    assert_int_equal(rd(f, PENDING(0)), 0);
    assert_false(mip(f, 0) & MIP_MEIP);
    /* The line dropped before completion: nothing pends afterwards. */
    plic_set_irq(f->plic, 7, false);
    wr(f, CLAIM(0), 7);
    assert_int_equal(rd(f, PENDING(0)), 0);
    assert_false(mip(f, 0) & MIP_MEIP);
    /* Completing again (not claimed) changes nothing. */
    wr(f, CLAIM(0), 7);
    assert_int_equal(rd(f, PENDING(0)), 0);
}

static void test_complete_of_disabled_source_is_ignored(void **state)
{
    struct fx *f = *state;
    route(f, 10, 1, 0);
    plic_set_irq(f->plic, 10, true);
    assert_int_equal(rd(f, CLAIM(0)), 10);
    wr(f, ENABLE(0, 0), 0);
    wr(f, CLAIM(0), 10); /* ignored: not enabled for ctx 0 */
    wr(f, ENABLE(0, 0), 1u << 10);
    assert_int_equal(rd(f, PENDING(0)), 0);
    assert_false(mip(f, 0) & MIP_MEIP);
    wr(f, CLAIM(0), 10);
    assert_int_equal(rd(f, PENDING(0)), 1u << 10);
    assert_true(mip(f, 0) & MIP_MEIP);
    wr(f, CLAIM(0), 0); /* id 0: ignored */
    wr(f, CLAIM(0), 200);
}

static void test_threshold(void **state)
{
    struct fx *f = *state;
    wr(f, THRESHOLD(0), 0xff);
    assert_int_equal(rd(f, THRESHOLD(0)), PLIC_MAX_PRIORITY);
    wr(f, THRESHOLD(0), 3);
    route(f, 7, 3, 0);
    plic_set_irq(f->plic, 7, true);
    assert_false(mip(f, 0) & MIP_MEIP); /* priority must exceed the threshold */
    assert_int_equal(rd(f, CLAIM(0)), 0);
    assert_int_equal(rd(f, PENDING(0)), 1u << 7);
    wr(f, THRESHOLD(0), 2);
    assert_true(mip(f, 0) & MIP_MEIP);
    wr(f, THRESHOLD(0), 3);
    assert_false(mip(f, 0) & MIP_MEIP);
    wr(f, PRIORITY(7), 4);
    assert_true(mip(f, 0) & MIP_MEIP);
}

static void test_priority_zero_never_interrupts(void **state)
{
    struct fx *f = *state;
    route(f, 3, 0, 0);
    plic_set_irq(f->plic, 3, true);
    assert_false(mip(f, 0) & MIP_MEIP);
    assert_int_equal(rd(f, CLAIM(0)), 0);
    assert_int_equal(rd(f, PENDING(0)), 1u << 3);
}

static void test_arbitration_order(void **state)
{
    struct fx *f = *state;
    route(f, 3, 2, 0);
    route(f, 9, 5, 0);
    route(f, 4, 5, 0);
    route(f, 70, 7, 0);
    route(f, 33, 1, 0);
    unsigned srcs[] = {3, 9, 4, 70, 33};
    for (unsigned i = 0; i < 5; i++)
        plic_set_irq(f->plic, srcs[i], true);
    /* Highest priority first; equal priorities go to the lowest id. */
    unsigned want[] = {70, 4, 9, 3, 33, 0};
    for (unsigned i = 0; i < 6; i++)
        assert_int_equal(rd(f, CLAIM(0)), want[i]);
    assert_false(mip(f, 0) & MIP_MEIP);
}

static void test_contexts_map_to_harts_and_modes(void **state)
{
    struct fx *f = *state;
    route(f, 1, 1, 1); /* hart 0 S */
    route(f, 2, 1, 2); /* hart 1 M */
    route(f, 3, 1, 3); /* hart 1 S */
    plic_set_irq(f->plic, 1, true);
    assert_int_equal(mip(f, 0) & (MIP_MEIP | MIP_SEIP), MIP_SEIP);
    assert_int_equal(mip(f, 1) & (MIP_MEIP | MIP_SEIP), 0);
    plic_set_irq(f->plic, 2, true);
    assert_int_equal(mip(f, 1) & (MIP_MEIP | MIP_SEIP), MIP_MEIP);
    plic_set_irq(f->plic, 3, true);
    assert_int_equal(mip(f, 1) & (MIP_MEIP | MIP_SEIP), MIP_MEIP | MIP_SEIP);
    /* A context only claims what it has enabled. */
    assert_int_equal(rd(f, CLAIM(0)), 0);
    assert_int_equal(rd(f, CLAIM(3)), 3);
    assert_int_equal(mip(f, 1) & (MIP_MEIP | MIP_SEIP), MIP_MEIP);
    assert_int_equal(rd(f, CLAIM(1)), 1);
    assert_int_equal(mip(f, 0) & (MIP_MEIP | MIP_SEIP), 0);
}

static void test_shared_source_claimed_once(void **state)
{
    struct fx *f = *state;
    route(f, 12, 1, 0);
    route(f, 12, 1, 2);
    plic_set_irq(f->plic, 12, true);
    assert_true(mip(f, 0) & MIP_MEIP);
    assert_true(mip(f, 1) & MIP_MEIP);
    assert_int_equal(rd(f, CLAIM(2)), 12);
    /* The other hart's claim finds nothing; both outputs drop. */
    assert_false(mip(f, 0) & MIP_MEIP);
    assert_int_equal(rd(f, CLAIM(0)), 0);
    wr(f, CLAIM(2), 12);
    assert_true(mip(f, 0) & MIP_MEIP);
    assert_true(mip(f, 1) & MIP_MEIP);
}

static void test_irq_line(void **state)
{
    struct fx *f = *state;
    struct irq_line l = plic_irq_line(f->plic, 10);
    route(f, 10, 1, 0);
    irq_set(&l, true);
    assert_true(mip(f, 0) & MIP_MEIP);
    irq_set(&l, false);
    assert_false(mip(f, 0) & MIP_MEIP);
}

static void test_access_sizes(void **state)
{
    struct fx *f = *state;
    uint64_t v;
    wr(f, PRIORITY(1), 2);
    wr(f, PRIORITY(2), 5);
    assert_int_equal(bus_read(f->bus, BASE + PRIORITY(1), 1, &v), -1);
    assert_int_equal(bus_read(f->bus, BASE + PRIORITY(1), 2, &v), -1);
    assert_int_equal(bus_write(f->bus, BASE + PRIORITY(1), 1, 7), -1);
    assert_int_equal(rd(f, PRIORITY(1)), 2);
    /* A 64-bit access is two 32-bit registers. */
    assert_int_equal(bus_read(f->bus, BASE + PRIORITY(1), 8, &v), -1); /* misaligned */
    assert_int_equal(bus_read(f->bus, BASE + PRIORITY(0), 8, &v), 0);
    assert_int_equal(v, 2ull << 32);
    assert_int_equal(bus_write(f->bus, BASE + PRIORITY(2), 8, 6ull << 32 | 1), 0);
    assert_int_equal(rd(f, PRIORITY(2)), 1);
    assert_int_equal(rd(f, PRIORITY(3)), 6);
}

static void test_reset(void **state)
{
    struct fx *f = *state;
    route(f, 10, 1, 0);
    route(f, 11, 1, 0);
    wr(f, THRESHOLD(0), 0);
    plic_set_irq(f->plic, 10, true);
    plic_set_irq(f->plic, 11, true);
    assert_int_equal(rd(f, CLAIM(0)), 10);
    plic_reset(f->plic);
    assert_false(mip(f, 0) & MIP_MEIP);
    assert_int_equal(rd(f, PRIORITY(10)), 0);
    assert_int_equal(rd(f, ENABLE(0, 0)), 0);
    /* Lines still high are pending again, nothing is claimed. */
    assert_int_equal(rd(f, PENDING(0)), 3u << 10);
    route(f, 10, 1, 0);
    assert_true(mip(f, 0) & MIP_MEIP);
    assert_int_equal(rd(f, CLAIM(0)), 10);
}

struct toggler {
    struct plic *plic;
    unsigned src;
};

static void *toggle_thread(void *arg)
{
    struct toggler *t = arg;
    for (int i = 0; i < 20000; i++)
        plic_set_irq(t->plic, t->src, i & 1);
    plic_set_irq(t->plic, t->src, true);
    return NULL;
}

/* Devices on several threads: every line ends high, each is claimed once. */
static void test_concurrent_lines(void **state)
{
    struct fx *f = *state;
    pthread_t th[4];
    struct toggler t[4];
    for (unsigned i = 0; i < 4; i++) {
        route(f, 20 + i, 1, 0);
        t[i] = (struct toggler){f->plic, 20 + i};
        assert_int_equal(pthread_create(&th[i], NULL, toggle_thread, &t[i]), 0);
    }
    for (unsigned i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    assert_true(mip(f, 0) & MIP_MEIP);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(rd(f, CLAIM(0)), 20 + i);
    assert_int_equal(rd(f, CLAIM(0)), 0);
    assert_false(mip(f, 0) & MIP_MEIP);
}

static void test_fdt_node(void **state)
{
    struct fx *f = *state;
    struct fdt *t = fixture_fdt_soc();
    const uint32_t intc[NHARTS] = {1, 2};
    size_t len;
    assert_int_equal(plic_fdt(f->plic, t, 3, intc), 0);
    void *blob = fixture_fdt_finish(t);

    const char *path = "/soc/interrupt-controller@c000000";
    const uint8_t *p = fdt_get_prop(blob, path, "compatible", &len);
    assert_non_null(p);
    assert_int_equal(len, sizeof("sifive,plic-1.0.0\0riscv,plic0"));
    assert_memory_equal(p, "sifive,plic-1.0.0\0riscv,plic0", len);
    p = fdt_get_prop(blob, path, "interrupts-extended", &len);
    assert_non_null(p);
    const uint32_t want[] = {1, 11, 1, 9, 2, 11, 2, 9};
    assert_int_equal(len, sizeof(want));
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(fixture_be32(p + 4 * i), want[i]);
    fixture_assert_reg(blob, path, 0x0c000000, 0x600000);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "riscv,ndev", NULL)), 95);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "phandle", NULL)), 3);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "#interrupt-cells", NULL)), 1);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "#address-cells", NULL)), 0);
    assert_non_null(fdt_get_prop(blob, path, "interrupt-controller", &len));
    assert_int_equal(len, 0);
    free(blob);
}

static void test_create_rejects_overlap(void **state)
{
    struct fx *f = *state;
    assert_null(plic_create(f->bus, BASE + 0x1000, f->harts, NHARTS));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_priority_registers),
        T(test_pending_follows_line_and_is_read_only),
        T(test_enable_registers),
        T(test_claim_complete_level),
        T(test_claimed_source_does_not_repend),
        T(test_complete_of_disabled_source_is_ignored),
        T(test_threshold),
        T(test_priority_zero_never_interrupts),
        T(test_arbitration_order),
        T(test_contexts_map_to_harts_and_modes),
        T(test_shared_source_claimed_once),
        T(test_irq_line),
        T(test_access_sizes),
        T(test_reset),
        T(test_concurrent_lines),
        T(test_fdt_node),
        T(test_create_rejects_overlap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
