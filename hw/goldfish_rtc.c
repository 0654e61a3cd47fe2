/* SPDX-License-Identifier: MIT */
/* Goldfish RTC as Linux's rtc-goldfish driver and QEMU use it. One thread
 * waits (on CLOCK_REALTIME, the RTC's own clock) for the armed alarm.
 * Lock order: rtc lock -> irq_set (-> plic lock). */
#include "goldfish_rtc.h"
#include "irq.h"
#include "mem/bus.h"
#include "util/fdt.h"
#include "util/log.h"
#include "util/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    RTC_TIME_LOW = 0x00, /* read: low bits of now, latches TIME_HIGH */
    RTC_TIME_HIGH = 0x04,
    RTC_ALARM_LOW = 0x08, /* write: low bits of the alarm, arms it */
    RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10,
    RTC_CLEAR_ALARM = 0x14,
    RTC_ALARM_STATUS = 0x18, /* 1 while an alarm is armed */
    RTC_CLEAR_INTERRUPT = 0x1c,
};

#define NS_PER_SEC      1000000000ull
#define RTC_MAX_WAIT_NS (3600 * NS_PER_SEC) /* re-check at least hourly */

struct goldfish_rtc {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* alarm or offset changed, or stop */
    pthread_t thread;
    bool thread_started, stop;
    struct irq_line irq;
    uint64_t base;
    uint64_t offset;    /* rtc time = host realtime + offset (mod 2^64) */
    uint32_t time_high; /* latched by reading TIME_LOW */
    uint64_t alarm;
    bool alarm_armed, irq_enabled, irq_pending, irq_level;
};

static uint64_t host_realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

static uint64_t rtc_now(const struct goldfish_rtc *r) { return host_realtime_ns() + r->offset; }

static void rtc_update_irq(struct goldfish_rtc *r)
{
    bool level = r->irq_pending && r->irq_enabled;
    if (level == r->irq_level)
        return;
    r->irq_level = level;
    irq_set(&r->irq, level);
}

static void rtc_fire(struct goldfish_rtc *r)
{
    r->alarm_armed = false;
    r->irq_pending = true;
    rtc_update_irq(r);
}

/* Sleep until the alarm's host deadline, at most RTC_MAX_WAIT_NS. */
static void rtc_wait_alarm(struct goldfish_rtc *r, uint64_t now)
{
    uint64_t wait = r->alarm - now;
    if (wait > RTC_MAX_WAIT_NS)
        wait = RTC_MAX_WAIT_NS;
    uint64_t deadline = host_realtime_ns() + wait;
    struct timespec ts = {.tv_sec = (time_t)(deadline / NS_PER_SEC),
                          .tv_nsec = (long)(deadline % NS_PER_SEC)};
    pthread_cond_timedwait(&r->cond, &r->lock, &ts);
}

static void *rtc_alarm_thread(void *arg)
{
    struct goldfish_rtc *r = arg;
    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        if (!r->alarm_armed) {
            pthread_cond_wait(&r->cond, &r->lock);
            continue;
        }
        uint64_t now = rtc_now(r);
        if (now >= r->alarm)
            rtc_fire(r);
        else
            rtc_wait_alarm(r, now);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* An alarm already due fires at once, as on QEMU. */
static void rtc_arm(struct goldfish_rtc *r)
{
    if (r->alarm <= rtc_now(r)) {
        rtc_fire(r);
        return;
    }
    r->alarm_armed = true;
    pthread_cond_signal(&r->cond);
}

static uint32_t rtc_read_locked(struct goldfish_rtc *r, uint64_t off)
{
    uint64_t now;
    switch (off) {
    case RTC_TIME_LOW:
        now = rtc_now(r);
        r->time_high = (uint32_t)(now >> 32);
        return (uint32_t)now;
    case RTC_TIME_HIGH: return r->time_high;
    case RTC_ALARM_LOW: return (uint32_t)r->alarm;
    case RTC_ALARM_HIGH: return (uint32_t)(r->alarm >> 32);
    case RTC_IRQ_ENABLED: return r->irq_enabled;
    case RTC_ALARM_STATUS: return r->alarm_armed;
    default: return 0;
    }
}

static uint64_t rtc_read(void *opaque, uint64_t off, unsigned UNUSED size)
{
    struct goldfish_rtc *r = opaque;
    pthread_mutex_lock(&r->lock);
    uint32_t v = rtc_read_locked(r, off);
    pthread_mutex_unlock(&r->lock);
    return v;
}

/* Set one 32-bit half of the time; the other half keeps counting. */
static void rtc_set_time_half(struct goldfish_rtc *r, unsigned shift, uint32_t v)
{
    uint64_t now = rtc_now(r);
    uint64_t t = (now & ~(0xffffffffull << shift)) | (uint64_t)v << shift;
    r->offset += t - now;
    pthread_cond_signal(&r->cond); /* the alarm's host deadline moved */
}

static void rtc_write_locked(struct goldfish_rtc *r, uint64_t off, uint32_t v)
{
    switch (off) {
    case RTC_TIME_LOW: rtc_set_time_half(r, 0, v); break;
    case RTC_TIME_HIGH: rtc_set_time_half(r, 32, v); break;
    case RTC_ALARM_LOW:
        r->alarm = (r->alarm & ~0xffffffffull) | v;
        rtc_arm(r);
        break;
    case RTC_ALARM_HIGH: r->alarm = (r->alarm & 0xffffffffull) | (uint64_t)v << 32; break;
    case RTC_IRQ_ENABLED: r->irq_enabled = v & 1; break;
    case RTC_CLEAR_ALARM: r->alarm_armed = false; break;
    case RTC_CLEAR_INTERRUPT: r->irq_pending = false; break;
    default:
        log_guest_error("goldfish_rtc: write to read-only or unassigned offset 0x%llx",
                        (unsigned long long)off);
    }
    rtc_update_irq(r);
}

static void rtc_write(void *opaque, uint64_t off, uint64_t value, unsigned UNUSED size)
{
    struct goldfish_rtc *r = opaque;
    pthread_mutex_lock(&r->lock);
    rtc_write_locked(r, off, (uint32_t)value);
    pthread_mutex_unlock(&r->lock);
}

void goldfish_rtc_reset(struct goldfish_rtc *r)
{
    pthread_mutex_lock(&r->lock);
    r->alarm = 0;
    r->alarm_armed = r->irq_enabled = r->irq_pending = false;
    r->time_high = 0;
    rtc_update_irq(r);
    pthread_mutex_unlock(&r->lock);
}

struct goldfish_rtc *goldfish_rtc_create(struct bus *b, uint64_t base, const struct irq_line *irq)
{
    struct goldfish_rtc *r = util_calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL); /* CLOCK_REALTIME */
    r->irq = *irq;
    r->base = base;
    struct bus_device dev = {
        .name = "goldfish_rtc",
        .base = base,
        .size = GOLDFISH_RTC_SIZE,
        .min_access = 4,
        .max_access = 4,
        .read = rtc_read,
        .write = rtc_write,
        .opaque = r,
    };
    if (bus_add_device(b, &dev) < 0)
        goto fail;
    int err = pthread_create(&r->thread, NULL, rtc_alarm_thread, r);
    if (err) {
        log_error("goldfish_rtc: cannot start the alarm thread: %s", strerror(err));
        goto fail;
    }
    r->thread_started = true;
    return r;
fail:
    goldfish_rtc_free(r);
    return NULL;
}

void goldfish_rtc_free(struct goldfish_rtc *r)
{
    if (!r)
        return;
    if (r->thread_started) {
        pthread_mutex_lock(&r->lock);
        r->stop = true;
        pthread_cond_signal(&r->cond);
        pthread_mutex_unlock(&r->lock);
        pthread_join(r->thread, NULL);
    }
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

int goldfish_rtc_fdt(struct goldfish_rtc *r, struct fdt *f, uint32_t plic_phandle)
{
    const uint64_t reg[] = {r->base, GOLDFISH_RTC_SIZE};
    char name[FDT_NAME_MAX + 1];
    snprintf(name, sizeof(name), "rtc@%llx", (unsigned long long)r->base);
    fdt_begin_node(f, name);
    fdt_prop_u32(f, "interrupts", r->irq.num);
    fdt_prop_u32(f, "interrupt-parent", plic_phandle);
    fdt_prop_u64s(f, "reg", reg, 2);
    fdt_prop_string(f, "compatible", "google,goldfish-rtc");
    return fdt_end_node(f);
}
