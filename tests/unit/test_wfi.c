/* SPDX-License-Identifier: MIT */
/* Unit tests for WFI's wait (cpu/hart.c hart_wait_for_interrupt): it returns
 * for a pending enabled interrupt, and in M-mode with an old interrupt it
 * cannot take it waits for the line to be raised again (the OpenSBI 1.1
 * HSM start race, docs/jit.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>

#include "cpu/hart.h"
#include "mem/bus.h"

#include "fixture.h"

struct waiter {
    struct hart *h;
    int done;                  /* set by the waiting thread when WFI resumed */
    uint64_t started, resumed; /* host monotonic ns around the wait */
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *wait_thread(void *arg)
{
    struct waiter *w = arg;
    w->started = now_ns();
    hart_wait_for_interrupt(w->h);
    w->resumed = now_ns();
    __atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* Wait up to 5 s for the waiter to finish; returns whether it did. */
static int finished(struct waiter *w)
{
    for (int k = 0; k < 500 && !__atomic_load_n(&w->done, __ATOMIC_SEQ_CST); k++)
        sleep_ms(10);
    return __atomic_load_n(&w->done, __ATOMIC_SEQ_CST);
}

static struct hart *setup_hart(struct bus **bus, unsigned priv)
{
    struct hart *harts[1];
    *bus = fixture_harts_create(harts, 1);
    struct hart *h = harts[0];
    h->priv = priv;
    h->mstatus &= ~(MSTATUS_MIE | MSTATUS_SIE); /* nothing can be taken */
    h->mie = MIP_MSIP | MIP_SSIP;
    h->mtimecmp = UINT64_MAX;
    return h;
}

/* S-mode: an enabled interrupt already pending ends WFI at once, even with
 * SIE clear (Linux's idle loop relies on this). */
static void test_smode_pending_returns(void **state)
{
    struct bus *bus;
    struct hart *h = setup_hart(&bus, PRV_S);
    hart_set_irq(h, MIP_SSIP, true);
    h->kicked = false;
    struct waiter w = {.h = h};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, wait_thread, &w), 0);
    assert_true(finished(&w));
    pthread_join(t, NULL);
    fixture_harts_free(bus, &h, 1);
}

/* M-mode with MIE clear and MSIP already pending: WFI waits until the line is
 * raised again (a second IPI), not merely until something is pending. */
static void test_mmode_stale_waits_for_new_raise(void **state)
{
    struct bus *bus;
    struct hart *h = setup_hart(&bus, PRV_M);
    hart_set_irq(h, MIP_MSIP, true);
    h->kicked = false; /* the raise above kicked: consumed by the last wait */
    struct waiter w = {.h = h};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, wait_thread, &w), 0);
    sleep_ms(3);
    uint64_t raised = now_ns();
    hart_set_irq(h, MIP_MSIP, true); /* the second IPI */
    assert_true(finished(&w));
    pthread_join(t, NULL);
    /* It resumed because of the second IPI, or (on a loaded host that
     * delayed this thread) at the end of the bounded wait, never before. */
    assert_true(w.resumed >= raised || w.resumed - w.started >= 10000000ull);
    fixture_harts_free(bus, &h, 1);
}

/* The stale wait is bounded: with no new interrupt WFI still resumes. */
static void test_mmode_stale_wait_is_bounded(void **state)
{
    struct bus *bus;
    struct hart *h = setup_hart(&bus, PRV_M);
    hart_set_irq(h, MIP_MSIP, true);
    h->kicked = false;
    struct waiter w = {.h = h};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, wait_thread, &w), 0);
    assert_true(finished(&w));
    pthread_join(t, NULL);
    assert_true(w.resumed - w.started >= 10000000ull); /* the 10 ms bound */
    fixture_harts_free(bus, &h, 1);
}

/* M-mode with nothing pending: a new interrupt ends the wait. */
static void test_mmode_new_interrupt_returns(void **state)
{
    struct bus *bus;
    struct hart *h = setup_hart(&bus, PRV_M);
    h->kicked = false;
    struct waiter w = {.h = h};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, wait_thread, &w), 0);
    sleep_ms(3);
    uint64_t raised = now_ns();
    hart_set_irq(h, MIP_MSIP, true);
    assert_true(finished(&w));
    pthread_join(t, NULL);
    assert_true(w.resumed >= raised); /* nothing was pending before: no early return */
    fixture_harts_free(bus, &h, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_smode_pending_returns),
        cmocka_unit_test(test_mmode_stale_waits_for_new_raise),
        cmocka_unit_test(test_mmode_stale_wait_is_bounded),
        cmocka_unit_test(test_mmode_new_interrupt_returns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
