/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/goldfish_rtc.c: wall-clock time and its offset, the
 * TIME_HIGH latch, alarms firing from the device's thread, interrupt
 * enable/clear through a recording irq line, access sizes, the DT node. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <time.h>

#include "hw/goldfish_rtc.h"
#include "hw/irq.h"
#include "mem/bus.h"
#include "util/fdt.h"

#include "fixture.h"

#define BASE            0x00101000ull
#define IRQ_NUM         11
#define TIME_LOW        0x00
#define TIME_HIGH       0x04
#define ALARM_LOW       0x08
#define ALARM_HIGH      0x0c
#define IRQ_ENABLED     0x10
#define CLEAR_ALARM     0x14
#define ALARM_STATUS    0x18
#define CLEAR_INTERRUPT 0x1c

#define MS 1000000ll /* ns */

struct fx {
    struct bus *bus;
    struct goldfish_rtc *rtc;
    struct fixture_irq irq; /* written from the alarm thread */
};

static int level(struct fx *f) { return fixture_irq_level(&f->irq); }

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    f->bus = fixture_bus_create();
    struct irq_line l = fixture_irq_line(&f->irq, IRQ_NUM);
    f->rtc = goldfish_rtc_create(f->bus, BASE, &l);
    assert_non_null(f->rtc);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    goldfish_rtc_free(f->rtc);
    bus_free(f->bus);
    free(f);
    return 0;
}

static uint32_t rd(struct fx *f, uint64_t off) { return fixture_read32(f->bus, BASE + off); }

static void wr(struct fx *f, uint64_t off, uint32_t v) { fixture_write32(f->bus, BASE + off, v); }

static int64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int64_t rtc_time(struct fx *f)
{
    uint32_t lo = rd(f, TIME_LOW);
    return (int64_t)((uint64_t)rd(f, TIME_HIGH) << 32 | lo);
}

static void set_time(struct fx *f, uint64_t t)
{
    wr(f, TIME_HIGH, (uint32_t)(t >> 32));
    wr(f, TIME_LOW, (uint32_t)t);
}

static void set_alarm(struct fx *f, uint64_t t)
{
    wr(f, ALARM_HIGH, (uint32_t)(t >> 32));
    wr(f, ALARM_LOW, (uint32_t)t);
}

/* Poll for the irq level for up to ms milliseconds. */
static bool wait_level(struct fx *f, int want, long ms)
{
    for (long i = 0; i < ms; i++) {
        if (level(f) == want)
            return true;
        fixture_sleep_ms(1);
    }
    return level(f) == want;
}

static void test_time_is_wall_clock(void **state)
{
    struct fx *f = *state;
    int64_t d = rtc_time(f) - host_ns();
    assert_true(d > -1000 * MS && d < 1000 * MS);
    int64_t a = rtc_time(f);
    fixture_sleep_ms(5);
    int64_t b = rtc_time(f);
    assert_true(b - a >= 4 * MS);
    /* A 64-bit load reads TIME_LOW then TIME_HIGH: one consistent sample. */
    uint64_t v;
    assert_int_equal(bus_read(f->bus, BASE + TIME_LOW, 8, &v), 0);
    assert_true((int64_t)v - host_ns() < 1000 * MS && host_ns() - (int64_t)v < 1000 * MS);
}

static void test_time_high_is_latched(void **state)
{
    struct fx *f = *state;
    set_time(f, 5ull << 32 | 0x10000000);
    rd(f, TIME_LOW);
    set_time(f, 9ull << 32);
    assert_int_equal(rd(f, TIME_HIGH), 5); /* from the earlier TIME_LOW read */
    rd(f, TIME_LOW);
    assert_int_equal(rd(f, TIME_HIGH), 9);
}

static void test_set_time(void **state)
{
    struct fx *f = *state;
    const uint64_t t = 1700000000ull * 1000000000ull; /* late 2023 */
    set_time(f, t);
    int64_t d = rtc_time(f) - (int64_t)t;
    assert_true(d >= 0 && d < 100 * MS);
    fixture_sleep_ms(5);
    assert_true(rtc_time(f) - (int64_t)t >= 5 * MS);
    /* Writing only TIME_HIGH keeps the low half counting. */
    wr(f, TIME_HIGH, 3);
    assert_int_equal(rtc_time(f) >> 32, 3);
}

static void test_alarm_registers(void **state)
{
    struct fx *f = *state;
    wr(f, ALARM_HIGH, 0x7fffffff); /* far future */
    wr(f, ALARM_LOW, 0x12345678);
    assert_int_equal(rd(f, ALARM_HIGH), 0x7fffffff);
    assert_int_equal(rd(f, ALARM_LOW), 0x12345678);
    assert_int_equal(rd(f, ALARM_STATUS), 1);
    wr(f, CLEAR_ALARM, 0);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    wr(f, IRQ_ENABLED, 0xffffffff);
    assert_int_equal(rd(f, IRQ_ENABLED), 1);
    wr(f, IRQ_ENABLED, 2);
    assert_int_equal(rd(f, IRQ_ENABLED), 0);
    assert_int_equal(rd(f, CLEAR_INTERRUPT), 0); /* write-only: reads 0 */
    assert_int_equal(f->irq.changes, 0);
}

static void test_past_alarm_fires_at_once(void **state)
{
    struct fx *f = *state;
    set_alarm(f, (uint64_t)rtc_time(f) - 1000 * MS);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    assert_int_equal(level(f), 0); /* interrupt pending but not enabled */
    wr(f, IRQ_ENABLED, 1);
    assert_int_equal(level(f), 1);
    assert_int_equal(f->irq.num, IRQ_NUM);
    wr(f, IRQ_ENABLED, 0);
    assert_int_equal(level(f), 0);
    wr(f, IRQ_ENABLED, 1);
    assert_int_equal(level(f), 1);
    wr(f, CLEAR_INTERRUPT, 0);
    assert_int_equal(level(f), 0);
    assert_int_equal(f->irq.changes, 4);
}

static void test_future_alarm_fires_later(void **state)
{
    struct fx *f = *state;
    wr(f, IRQ_ENABLED, 1);
    int64_t start = host_ns();
    set_alarm(f, (uint64_t)rtc_time(f) + 100 * MS);
    assert_int_equal(rd(f, ALARM_STATUS), 1);
    assert_int_equal(level(f), 0);
    assert_true(wait_level(f, 1, 2000));
    assert_true(host_ns() - start >= 99 * MS);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    wr(f, CLEAR_INTERRUPT, 0);
    assert_int_equal(level(f), 0);
    fixture_sleep_ms(20);
    assert_int_equal(level(f), 0); /* one alarm, one interrupt */
}

static void test_clear_alarm_cancels(void **state)
{
    struct fx *f = *state;
    wr(f, IRQ_ENABLED, 1);
    set_alarm(f, (uint64_t)rtc_time(f) + 150 * MS);
    wr(f, CLEAR_ALARM, 1);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    fixture_sleep_ms(200);
    assert_int_equal(level(f), 0);
    assert_int_equal(f->irq.changes, 0);
}

static void test_time_jump_reaches_alarm(void **state)
{
    struct fx *f = *state;
    wr(f, IRQ_ENABLED, 1);
    uint64_t now = (uint64_t)rtc_time(f);
    set_alarm(f, now + 3600ull * 1000000000ull); /* an hour away */
    fixture_sleep_ms(10);
    assert_int_equal(level(f), 0);
    set_time(f, now + 3600ull * 1000000000ull); /* the guest moves the clock */
    assert_true(wait_level(f, 1, 2000));
}

static void test_reset(void **state)
{
    struct fx *f = *state;
    set_alarm(f, (uint64_t)rtc_time(f) - 1);
    wr(f, IRQ_ENABLED, 1);
    assert_int_equal(level(f), 1);
    set_alarm(f, (uint64_t)rtc_time(f) + 1000 * MS);
    goldfish_rtc_reset(f->rtc);
    assert_int_equal(level(f), 0);
    assert_int_equal(rd(f, ALARM_STATUS), 0);
    assert_int_equal(rd(f, IRQ_ENABLED), 0);
    assert_int_equal(rd(f, ALARM_LOW), 0);
}

static void test_access_sizes(void **state)
{
    struct fx *f = *state;
    uint64_t v;
    assert_int_equal(bus_read(f->bus, BASE + TIME_LOW, 1, &v), -1);
    assert_int_equal(bus_read(f->bus, BASE + TIME_LOW, 2, &v), -1);
    assert_int_equal(bus_write(f->bus, BASE + IRQ_ENABLED, 1, 1), -1);
    assert_int_equal(rd(f, IRQ_ENABLED), 0);
    assert_int_equal(bus_read(f->bus, BASE + 0x20, 4, &v), 0); /* unassigned: 0 */
    assert_int_equal(v, 0);
}

static void test_fdt_node(void **state)
{
    struct fx *f = *state;
    struct fdt *t = fixture_fdt_soc();
    assert_int_equal(goldfish_rtc_fdt(f->rtc, t, 3), 0);
    void *blob = fixture_fdt_finish(t);

    const char *path = "/soc/rtc@101000";
    assert_string_equal(fdt_get_prop(blob, path, "compatible", NULL), "google,goldfish-rtc");
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "interrupts", NULL)), IRQ_NUM);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "interrupt-parent", NULL)), 3);
    fixture_assert_reg(blob, path, 0x101000, 0x1000);
    free(blob);
}

static void test_free_with_alarm_armed(void **state)
{
    struct fx *f = *state;
    set_alarm(f, (uint64_t)rtc_time(f) + 3600ull * 1000000000ull);
    int64_t start = host_ns();
    goldfish_rtc_free(f->rtc); /* joins the thread without waiting for the alarm */
    assert_true(host_ns() - start < 1000 * MS);
    f->rtc = NULL;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_time_is_wall_clock),
        T(test_time_high_is_latched),
        T(test_set_time),
        T(test_alarm_registers),
        T(test_past_alarm_fires_at_once),
        T(test_future_alarm_fires_later),
        T(test_clear_alarm_cancels),
        T(test_time_jump_reaches_alarm),
        T(test_reset),
        T(test_access_sizes),
        T(test_fdt_node),
        T(test_free_with_alarm_armed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
