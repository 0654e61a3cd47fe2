/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/uart16550.c through the bus: registers, DLAB, FIFO and
 * trigger levels, interrupt identification and priority on a recording irq
 * line, loopback, output to a file chardev, and lossless slow input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/irq.h"
#include "hw/uart16550.h"
#include "mem/bus.h"
#include "ui/chardev.h"
#include "util/fdt.h"

#include "fixture.h"

#define BASE    0x10000000ull
#define IRQ_NUM 10
enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define THR RBR
#define FCR IIR
#define DLL RBR
#define DLM IER

struct fx {
    struct bus *bus;
    struct chardev *chr;
    struct uart16550 *u;
    const struct chardev_receiver *rx;
    char path[64];
    struct fixture_irq irq; /* written by whichever thread changes the line */
};

static int level(struct fx *f) { return fixture_irq_level(&f->irq); }

static int setup(void **state)
{
    struct fx *f = fixture_alloc(sizeof(*f));
    strcpy(f->path, "/tmp/rivet-uart-XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    char spec[80];
    snprintf(spec, sizeof(spec), "file:%s", f->path);
    f->chr = chardev_create(spec, NULL, NULL);
    assert_non_null(f->chr);
    f->bus = fixture_bus_create();
    f->irq.check_num = true;
    struct irq_line l = fixture_irq_line(&f->irq, IRQ_NUM);
    f->u = uart16550_create(f->bus, BASE, &l, f->chr);
    assert_non_null(f->u);
    f->rx = uart16550_receiver(f->u);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    chardev_free(f->chr); /* first: its input side calls into the UART */
    uart16550_free(f->u);
    bus_free(f->bus);
    unlink(f->path);
    free(f);
    return 0;
}

static uint8_t rd(struct fx *f, unsigned reg)
{
    uint64_t v = fixture_mmio_read(f->bus, BASE + reg, 1);
    assert_true(v <= 0xff);
    return (uint8_t)v;
}

static void wr(struct fx *f, unsigned reg, uint8_t v)
{
    fixture_mmio_write(f->bus, BASE + reg, 1, v);
}

static void feed(struct fx *f, const char *s)
{
    size_t n = strlen(s);
    assert_true(f->rx->can_receive(f->rx->opaque) >= n);
    f->rx->receive(f->rx->opaque, (const uint8_t *)s, n);
}

static size_t room(struct fx *f) { return f->rx->can_receive(f->rx->opaque); }

/* Everything written to the chardev so far. */
/* What reached the file, once the hart loop's flush ran (hw/machine.c). */
static size_t output(struct fx *f, char *buf, size_t max)
{
    chardev_flush(f->chr);
    FILE *fp = fopen(f->path, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, max - 1, fp);
    fclose(fp);
    buf[n] = 0;
    return n;
}

static void test_reset_values(void **state)
{
    struct fx *f = *state;
    assert_int_equal(rd(f, IER), 0);
    assert_int_equal(rd(f, IIR), 0x01);
    assert_int_equal(rd(f, LCR), 0);
    assert_int_equal(rd(f, MCR), 0);
    assert_int_equal(rd(f, LSR), 0x60); /* THRE | TEMT */
    assert_int_equal(rd(f, MSR), 0xb0); /* DCD | DSR | CTS, no deltas */
    assert_int_equal(rd(f, SCR), 0);
    assert_int_equal(rd(f, RBR), 0);
    assert_int_equal(level(f), 0);
    assert_int_equal(room(f), 1); /* FIFOs off: one holding register */
}

static void test_transmit(void **state)
{
    struct fx *f = *state;
    char buf[64];
    wr(f, THR, 'H');
    wr(f, THR, 'i');
    wr(f, THR, '\n');
    assert_int_equal(output(f, buf, sizeof(buf)), 3);
    assert_string_equal(buf, "Hi\n");
    assert_int_equal(rd(f, LSR) & 0x60, 0x60); /* sent at once */
}

static void test_dlab_and_scratch(void **state)
{
    struct fx *f = *state;
    char buf[16];
    wr(f, IER, 0x05);
    wr(f, LCR, 0x83);
    assert_int_equal(rd(f, LCR), 0x83);
    wr(f, DLL, 0x01);
    wr(f, DLM, 0x02);
    assert_int_equal(rd(f, DLL), 0x01);
    assert_int_equal(rd(f, DLM), 0x02);
    assert_int_equal(output(f, buf, sizeof(buf)), 0); /* DLL write is no THR write */
    wr(f, LCR, 0x03);
    assert_int_equal(rd(f, IER), 0x05);
    wr(f, IER, 0xff);
    assert_int_equal(rd(f, IER), 0x0f);
    wr(f, LCR, 0x80);
    assert_int_equal(rd(f, DLM), 0x02);
    wr(f, SCR, 0x5a);
    assert_int_equal(rd(f, SCR), 0x5a);
}

static void test_receive_without_fifo(void **state)
{
    struct fx *f = *state;
    feed(f, "a");
    assert_int_equal(room(f), 0);
    assert_int_equal(rd(f, LSR), 0x61);
    assert_int_equal(rd(f, RBR), 'a');
    assert_int_equal(rd(f, LSR), 0x60);
    assert_int_equal(room(f), 1);
    assert_int_equal(rd(f, IIR), 0x01); /* FIFO bits 7:6 clear */
}

static void test_receive_fifo(void **state)
{
    struct fx *f = *state;
    wr(f, FCR, 0x01);
    assert_int_equal(rd(f, IIR), 0xc1);
    assert_int_equal(room(f), 16);
    feed(f, "0123456789abcdef");
    assert_int_equal(room(f), 0);
    for (const char *p = "0123456789abcdef"; *p; p++) {
        assert_true(rd(f, LSR) & 0x01);
        assert_int_equal(rd(f, RBR), *p);
    }
    assert_false(rd(f, LSR) & 0x01);
    assert_int_equal(room(f), 16);
}

static void test_fcr_resets(void **state)
{
    struct fx *f = *state;
    wr(f, FCR, 0x01);
    feed(f, "xyz");
    wr(f, FCR, 0x03); /* clear RX, FIFO stays on */
    assert_false(rd(f, LSR) & 0x01);
    assert_int_equal(room(f), 16);
    feed(f, "xyz");
    wr(f, FCR, 0x00); /* FIFO off: both FIFOs reset */
    assert_false(rd(f, LSR) & 0x01);
    assert_int_equal(room(f), 1);
    assert_int_equal(rd(f, IIR), 0x01);
    feed(f, "q");
    wr(f, FCR, 0x01); /* turning it on resets too */
    assert_false(rd(f, LSR) & 0x01);
}

static void test_rx_interrupt_and_trigger(void **state)
{
    struct fx *f = *state;
    wr(f, FCR, 0x81); /* trigger level 8 */
    wr(f, IER, 0x01);
    assert_int_equal(level(f), 0);
    feed(f, "abc");
    assert_int_equal(level(f), 1);
    assert_int_equal(rd(f, IIR), 0xcc); /* below the trigger: timeout */
    feed(f, "defgh");
    assert_int_equal(rd(f, IIR), 0xc4); /* at the trigger: data available */
    for (int i = 0; i < 8; i++)
        rd(f, RBR);
    assert_int_equal(level(f), 0);
    assert_int_equal(rd(f, IIR), 0xc1);
    feed(f, "z");
    assert_int_equal(level(f), 1);
    wr(f, IER, 0x00); /* masked */
    assert_int_equal(level(f), 0);
    assert_int_equal(rd(f, IIR), 0xc1);
    wr(f, FCR, 0xc3); /* trigger 14, RX cleared */
    wr(f, IER, 0x01);
    feed(f, "0123456789abc");
    assert_int_equal(rd(f, IIR), 0xcc);
    feed(f, "d");
    assert_int_equal(rd(f, IIR), 0xc4);
}

static void test_thre_interrupt(void **state)
{
    struct fx *f = *state;
    wr(f, IER, 0x02);
    assert_int_equal(level(f), 1);
    assert_int_equal(rd(f, IIR), 0x02); /* reading IIR acknowledges THRE */
    assert_int_equal(level(f), 0);
    assert_int_equal(rd(f, IIR), 0x01);
    wr(f, THR, '.'); /* sent at once: THR empty again */
    assert_int_equal(level(f), 1);
    assert_int_equal(rd(f, IIR), 0x02);
    assert_int_equal(rd(f, IIR), 0x01);
    wr(f, IER, 0x02); /* still enabled: no new edge */
    assert_int_equal(rd(f, IIR), 0x01);
    wr(f, IER, 0x00);
    wr(f, IER, 0x02); /* enabled again while empty: raised */
    assert_int_equal(level(f), 1);
    wr(f, IER, 0x00); /* masking lowers the line */
    assert_int_equal(level(f), 0);
}

static void test_interrupt_priority(void **state)
{
    struct fx *f = *state;
    wr(f, MCR, 0x10); /* loopback: lines change, deltas set */
    wr(f, THR, 'A');  /* loops back into the holding register */
    wr(f, THR, 'B');  /* overrun: no FIFO, B replaces A */
    wr(f, IER, 0x0f);
    assert_int_equal(level(f), 1);
    assert_int_equal(rd(f, IIR), 0x06); /* line status first */
    assert_int_equal(rd(f, LSR), 0x63); /* DR | OE | THRE | TEMT; OE clears */
    assert_int_equal(rd(f, IIR), 0x04); /* then received data */
    assert_int_equal(rd(f, RBR), 'B');
    assert_int_equal(rd(f, IIR), 0x02); /* then THR empty */
    assert_int_equal(rd(f, IIR), 0x00); /* then modem status */
    assert_int_equal(level(f), 1);
    assert_int_equal(rd(f, MSR) & 0x0f, 0x0b); /* DCTS DDSR DDCD */
    assert_int_equal(rd(f, IIR), 0x01);
    assert_int_equal(level(f), 0);
}

static void test_loopback(void **state)
{
    struct fx *f = *state;
    char buf[16];
    wr(f, FCR, 0x01);
    wr(f, MCR, 0x1a); /* LOOP | OUT2 | RTS: Linux's probe */
    assert_int_equal(rd(f, MSR) & 0xf0, 0x90);
    wr(f, MCR, 0x15); /* LOOP | OUT1 | DTR */
    assert_int_equal(rd(f, MSR), 0x60 | 0x0b);
    wr(f, MCR, 0x11); /* RI falls: TERI */
    assert_int_equal(rd(f, MSR), 0x20 | 0x04);
    assert_int_equal(room(f), 0); /* serial input is disconnected */
    wr(f, THR, 'x');
    wr(f, THR, 'y');
    assert_int_equal(output(f, buf, sizeof(buf)), 0);
    assert_int_equal(rd(f, RBR), 'x');
    assert_int_equal(rd(f, RBR), 'y');
    wr(f, MCR, 0x00);
    assert_int_equal(room(f), 16);
    assert_int_equal(rd(f, MSR), 0xb0 | 0x09); /* DSR did not change */
    wr(f, THR, 'z');
    assert_int_equal(output(f, buf, sizeof(buf)), 1);
    assert_string_equal(buf, "z");
}

struct producer {
    struct fx *f;
    const uint8_t *data;
    size_t len;
};

/* The back end's input thread: offers bytes only as room appears. */
static void *produce(void *arg)
{
    struct producer *p = arg;
    const struct chardev_receiver *rx = p->f->rx;
    size_t sent = 0;
    while (sent < p->len) {
        size_t n = rx->can_receive(rx->opaque);
        if (n == 0) {
            fixture_sleep_us(50);
            continue;
        }
        if (n > p->len - sent)
            n = p->len - sent;
        if (n > 3)
            n = 3;
        rx->receive(rx->opaque, p->data + sent, n);
        sent += n;
    }
    return NULL;
}

static void lossless_input(struct fx *f, uint8_t fcr)
{
    uint8_t data[100], got[100];
    for (unsigned i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 7 + 1);
    wr(f, FCR, fcr);
    wr(f, IER, 0x01);
    struct producer p = {f, data, sizeof(data)};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, produce, &p), 0);
    size_t n = 0;
    for (long spins = 0; n < sizeof(got) && spins < 2000000; spins++) {
        if (!(rd(f, LSR) & 0x01)) {
            fixture_sleep_us(20);
            continue;
        }
        assert_int_equal(level(f), 1); /* data present and ERBFI set */
        got[n++] = rd(f, RBR);
        if (n % 10 == 0)
            fixture_sleep_us(2000); /* a slow guest lets the FIFO fill */
    }
    pthread_join(th, NULL);
    assert_int_equal(n, sizeof(data));
    assert_memory_equal(got, data, sizeof(data));
    assert_false(rd(f, LSR) & 0x03); /* nothing left, never an overrun */
}

static void test_lossless_input_fifo(void **state) { lossless_input(*state, 0x01); }

static void test_lossless_input_no_fifo(void **state) { lossless_input(*state, 0x00); }

static void test_access_sizes(void **state)
{
    struct fx *f = *state;
    char buf[16];
    uint64_t v;
    assert_int_equal(bus_write(f->bus, BASE + THR, 2, 0x4142), 0); /* one register */
    assert_int_equal(output(f, buf, sizeof(buf)), 1);
    assert_string_equal(buf, "B");
    assert_int_equal(bus_read(f->bus, BASE + 1, 2, &v), -1); /* misaligned */
    wr(f, MCR, 0x0b);
    assert_int_equal(bus_read(f->bus, BASE + MCR, 4, &v), 0);
    assert_int_equal(v, 0x0b);
    assert_int_equal(bus_read(f->bus, BASE + 0x20, 1, &v), 0); /* unassigned */
    assert_int_equal(v, 0);
    assert_int_equal(bus_write(f->bus, BASE + 0x20, 1, 0x55), 0);
    assert_int_equal(output(f, buf, sizeof(buf)), 1);
    assert_int_equal(bus_read(f->bus, BASE + 0x100, 1, &v), -1); /* past the window */
}

static void test_reset(void **state)
{
    struct fx *f = *state;
    wr(f, FCR, 0x01);
    wr(f, IER, 0x03);
    wr(f, LCR, 0x03);
    wr(f, MCR, 0x1f);
    wr(f, THR, 'k'); /* loops back: data available */
    assert_int_equal(level(f), 1);
    uart16550_reset(f->u);
    assert_int_equal(level(f), 0);
    assert_int_equal(rd(f, IER), 0);
    assert_int_equal(rd(f, LCR), 0);
    assert_int_equal(rd(f, MCR), 0);
    assert_int_equal(rd(f, IIR), 0x01);
    assert_int_equal(rd(f, LSR), 0x60);
    assert_int_equal(room(f), 1);
}

static void test_fdt_node(void **state)
{
    struct fx *f = *state;
    struct fdt *t = fixture_fdt_soc();
    assert_int_equal(uart16550_fdt(f->u, t, 3), 0);
    void *blob = fixture_fdt_finish(t);

    const char *path = "/soc/serial@10000000";
    assert_string_equal(fdt_get_prop(blob, path, "compatible", NULL), "ns16550a");
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "interrupts", NULL)), IRQ_NUM);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "interrupt-parent", NULL)), 3);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "clock-frequency", NULL)), 3686400);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "reg-shift", NULL)), 0);
    assert_int_equal(fixture_be32(fdt_get_prop(blob, path, "reg-io-width", NULL)), 1);
    fixture_assert_reg(blob, path, 0x10000000, 0x100);
    free(blob);
}

static void test_without_chardev(void **state)
{
    struct fx *f = *state;
    struct irq_line l = fixture_irq_line(&f->irq, IRQ_NUM);
    struct uart16550 *u = uart16550_create(f->bus, BASE + 0x1000, &l, NULL);
    assert_non_null(u);
    assert_int_equal(bus_write(f->bus, BASE + 0x1000 + THR, 1, 'x'), 0); /* dropped */
    const struct chardev_receiver *rx = uart16550_receiver(u);
    rx->receive(rx->opaque, (const uint8_t *)"r", 1);
    uint64_t v;
    assert_int_equal(bus_read(f->bus, BASE + 0x1000 + RBR, 1, &v), 0);
    assert_int_equal(v, 'r');
    uart16550_free(u);
    /* The same window cannot be mapped twice. */
    assert_null(uart16550_create(f->bus, BASE, &l, NULL));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_reset_values),
        T(test_transmit),
        T(test_dlab_and_scratch),
        T(test_receive_without_fifo),
        T(test_receive_fifo),
        T(test_fcr_resets),
        T(test_rx_interrupt_and_trigger),
        T(test_thre_interrupt),
        T(test_interrupt_priority),
        T(test_loopback),
        T(test_lossless_input_fifo),
        T(test_lossless_input_no_fifo),
        T(test_access_sizes),
        T(test_reset),
        T(test_fdt_node),
        T(test_without_chardev),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
