/* SPDX-License-Identifier: MIT */
/* 16550A UART. Register and bit meanings follow the TI/National PC16550D
 * data sheet; transmission is instant, so THR is always empty again by the
 * time the guest looks. Lock order: uart lock -> irq_set (-> plic lock). */
#include "uart16550.h"
#include "irq.h"
#include "mem/bus.h"
#include "ui/chardev.h"
#include "util/fdt.h"
#include "util/log.h"
#include "util/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum {
    UART_RBR = 0,
    UART_THR = 0,
    UART_DLL = 0,
    UART_IER = 1,
    UART_DLM = 1,
    UART_IIR = 2,
    UART_FCR = 2,
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_MSR = 6,
    UART_SCR = 7,
};

#define IER_ERBFI 0x01 /* received data available */
#define IER_ETBEI 0x02 /* transmitter holding register empty */
#define IER_ELSI  0x04 /* receiver line status */
#define IER_EDSSI 0x08 /* modem status */

#define IIR_NO_INT  0x01
#define IIR_MSI     0x00
#define IIR_THRI    0x02
#define IIR_RDI     0x04
#define IIR_RLSI    0x06
#define IIR_CTI     0x0c /* character timeout */
#define IIR_FIFO_ON 0xc0

#define FCR_ENABLE        0x01
#define FCR_CLEAR_RX      0x02
#define FCR_TRIGGER_SHIFT 6

#define LCR_DLAB 0x80

#define MCR_DTR  0x01
#define MCR_RTS  0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define MCR_MASK 0x1f

#define LSR_DR     0x01
#define LSR_OE     0x02
#define LSR_THRE   0x20
#define LSR_TEMT   0x40
#define LSR_ERRORS 0x1e /* OE, PE, FE, BI */

#define MSR_DELTAS 0x0f
#define MSR_TERI   0x04
#define MSR_CTS    0x10
#define MSR_DSR    0x20
#define MSR_RI     0x40
#define MSR_DCD    0x80

#define UART_FIFO_SIZE 16

struct uart16550 {
    pthread_mutex_t lock;
    struct irq_line irq;
    struct chardev *chr;
    struct chardev_receiver receiver;
    uint64_t base;
    uint8_t ier, lcr, mcr, fcr, scr, dll, dlm;
    uint8_t lsr_errors; /* sticky LSR error bits, cleared by reading LSR */
    uint8_t msr_deltas; /* MSR bits 3:0, cleared by reading MSR */
    bool thr_ipending;  /* THRE interrupt not yet acknowledged */
    bool irq_level;
    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;
};

/* Data sheet, FCR bits 7:6: receiver FIFO trigger level 1, 4, 8 or 14. */
static unsigned uart_rx_trigger(const struct uart16550 *u)
{
    static const unsigned levels[4] = {1, 4, 8, 14};
    return u->fcr & FCR_ENABLE ? levels[u->fcr >> FCR_TRIGGER_SHIFT] : 1;
}

static unsigned uart_rx_capacity(const struct uart16550 *u)
{
    return u->fcr & FCR_ENABLE ? UART_FIFO_SIZE : 1;
}

/* Data sheet table "Interrupt Control Functions": line status > received
 * data (or timeout) > THR empty > modem status. */
static uint8_t uart_iir_id(const struct uart16550 *u)
{
    if ((u->ier & IER_ELSI) && (u->lsr_errors & LSR_ERRORS))
        return IIR_RLSI;
    if ((u->ier & IER_ERBFI) && u->rx_count)
        return u->rx_count >= uart_rx_trigger(u) ? IIR_RDI : IIR_CTI;
    if ((u->ier & IER_ETBEI) && u->thr_ipending)
        return IIR_THRI;
    if ((u->ier & IER_EDSSI) && (u->msr_deltas & MSR_DELTAS))
        return IIR_MSI;
    return IIR_NO_INT;
}

static void uart_update_irq(struct uart16550 *u)
{
    bool level = uart_iir_id(u) != IIR_NO_INT;
    if (level == u->irq_level)
        return;
    u->irq_level = level;
    irq_set(&u->irq, level);
}

static void uart_rx_clear(struct uart16550 *u) { u->rx_head = u->rx_count = 0; }

/* Returns false (and flags an overrun) when the FIFO is full. Data sheet,
 * LSR bit 1: without FIFO the new character replaces the unread one; with
 * FIFO it is lost. */
static bool uart_rx_push(struct uart16550 *u, uint8_t c)
{
    if (u->rx_count >= uart_rx_capacity(u)) {
        u->lsr_errors |= LSR_OE;
        if (!(u->fcr & FCR_ENABLE))
            u->rx[u->rx_head] = c;
        return false;
    }
    u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = c;
    u->rx_count++;
    return true;
}

static uint8_t uart_rx_pop(struct uart16550 *u)
{
    if (!u->rx_count)
        return 0;
    uint8_t c = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
    u->rx_count--;
    return c;
}

/* MSR bits 7:4. Out of loopback there are no modem lines: report a modem
 * that is present and ready (CTS, DSR, DCD). Loopback wires RTS->CTS,
 * DTR->DSR, OUT1->RI, OUT2->DCD. */
static uint8_t uart_modem_lines(uint8_t mcr)
{
    if (!(mcr & MCR_LOOP))
        return MSR_CTS | MSR_DSR | MSR_DCD;
    return (mcr & MCR_RTS ? MSR_CTS : 0) | (mcr & MCR_DTR ? MSR_DSR : 0) |
           (mcr & MCR_OUT1 ? MSR_RI : 0) | (mcr & MCR_OUT2 ? MSR_DCD : 0);
}

/* Delta bits of a change of lines: DCTS, DDSR, DDCD on any change, TERI on
 * the trailing edge of RI. */
static uint8_t uart_modem_deltas(uint8_t old, uint8_t now)
{
    uint8_t changed = (old ^ now) >> 4;
    uint8_t d = changed & ~MSR_TERI;
    if ((old & MSR_RI) && !(now & MSR_RI))
        d |= MSR_TERI;
    return d;
}

static uint8_t uart_read_locked(struct uart16550 *u, unsigned reg, bool *room_freed)
{
    bool dlab = u->lcr & LCR_DLAB;
    uint8_t v;
    switch (reg) {
    case UART_RBR:
        if (dlab)
            return u->dll;
        *room_freed = u->rx_count != 0;
        return uart_rx_pop(u);
    case UART_IER: return dlab ? u->dlm : u->ier;
    case UART_IIR:
        v = uart_iir_id(u);
        if (v == IIR_THRI) /* reading IIR acknowledges THRE */
            u->thr_ipending = false;
        return v | (u->fcr & FCR_ENABLE ? IIR_FIFO_ON : 0);
    case UART_LCR: return u->lcr;
    case UART_MCR: return u->mcr;
    case UART_LSR:
        v = (u->rx_count ? LSR_DR : 0) | LSR_THRE | LSR_TEMT | u->lsr_errors;
        u->lsr_errors = 0;
        return v;
    case UART_MSR:
        v = uart_modem_lines(u->mcr) | u->msr_deltas;
        u->msr_deltas = 0;
        return v;
    default: return u->scr;
    }
}

static uint64_t uart_read(void *opaque, uint64_t off, unsigned UNUSED size)
{
    struct uart16550 *u = opaque;
    bool room_freed = false;
    if (off > UART_SCR) {
        log_guest_error("uart: read of unassigned offset 0x%llx", (unsigned long long)off);
        return 0;
    }
    pthread_mutex_lock(&u->lock);
    uint8_t v = uart_read_locked(u, off, &room_freed);
    uart_update_irq(u);
    pthread_mutex_unlock(&u->lock);
    if (room_freed && u->chr)
        chardev_accept_input(u->chr);
    return v;
}

static void uart_write_ier(struct uart16550 *u, uint8_t v)
{
    uint8_t old = u->ier;
    u->ier = v & 0x0f;
    /* Enabling ETBEI while THR is empty raises THRE again, even if an IIR
     * read acknowledged it before (QEMU and Linux's THRE probe rely on it). */
    if (!(old & IER_ETBEI) && (u->ier & IER_ETBEI))
        u->thr_ipending = true;
}

/* Data sheet, FCR bit 0: changing it resets both FIFOs; the other bits are
 * written only together with bit 0 set. Returns true if the receive room
 * changed (FIFO emptied or resized). */
static bool uart_write_fcr(struct uart16550 *u, uint8_t v)
{
    bool reset = ((u->fcr ^ v) & FCR_ENABLE) || (v & FCR_CLEAR_RX);
    if (reset)
        uart_rx_clear(u);
    u->fcr = v & FCR_ENABLE ? v & 0xc9 : 0;
    return reset;
}

static void uart_write_mcr(struct uart16550 *u, uint8_t v)
{
    uint8_t old = uart_modem_lines(u->mcr);
    u->mcr = v & MCR_MASK;
    u->msr_deltas |= uart_modem_deltas(old, uart_modem_lines(u->mcr));
}

/* Returns true if a byte is to be transmitted (in *out). */
static bool uart_write_thr(struct uart16550 *u, uint8_t v, uint8_t *out)
{
    /* The byte leaves at once: THR is empty again, so THRE re-arms. */
    u->thr_ipending = true;
    if (u->mcr & MCR_LOOP) {
        uart_rx_push(u, v);
        return false;
    }
    *out = v;
    return true;
}

/* Returns true if the guest freed receive room (chardev_accept_input). */
static bool uart_write_locked(struct uart16550 *u, unsigned reg, uint8_t v, uint8_t *out,
                              bool *send)
{
    bool dlab = u->lcr & LCR_DLAB;
    bool was_loop = u->mcr & MCR_LOOP;
    switch (reg) {
    case UART_THR:
        if (dlab)
            u->dll = v;
        else
            *send = uart_write_thr(u, v, out);
        return false;
    case UART_IER:
        if (dlab)
            u->dlm = v;
        else
            uart_write_ier(u, v);
        return false;
    case UART_FCR: return uart_write_fcr(u, v);
    case UART_LCR: u->lcr = v; return false;
    case UART_MCR:
        uart_write_mcr(u, v);
        return was_loop && !(u->mcr & MCR_LOOP); /* input flows again */
    case UART_LSR:
    case UART_MSR: return false; /* read-only here (factory test registers) */
    default: u->scr = v; return false;
    }
}

static void uart_write(void *opaque, uint64_t off, uint64_t value, unsigned UNUSED size)
{
    struct uart16550 *u = opaque;
    uint8_t out = 0;
    bool send = false;
    if (off > UART_SCR) {
        log_guest_error("uart: write to unassigned offset 0x%llx", (unsigned long long)off);
        return;
    }
    pthread_mutex_lock(&u->lock);
    bool room_freed = uart_write_locked(u, off, (uint8_t)value, &out, &send);
    uart_update_irq(u);
    pthread_mutex_unlock(&u->lock);
    /* Outside the lock: a blocked terminal must not stall the input thread. */
    if (send && u->chr)
        chardev_write_buffered(u->chr, &out, 1); /* the hart loop flushes it (machine.c) */
    if (room_freed && u->chr)
        chardev_accept_input(u->chr);
}

/* Back end side (its input thread). Loopback disconnects the serial input. */
static size_t uart_can_receive(void *opaque)
{
    struct uart16550 *u = opaque;
    pthread_mutex_lock(&u->lock);
    size_t room = u->mcr & MCR_LOOP ? 0 : uart_rx_capacity(u) - u->rx_count;
    pthread_mutex_unlock(&u->lock);
    return room;
}

static void uart_receive(void *opaque, const uint8_t *buf, size_t len)
{
    struct uart16550 *u = opaque;
    pthread_mutex_lock(&u->lock);
    size_t i = 0;
    while (i < len && uart_rx_push(u, buf[i]))
        i++;
    uart_update_irq(u);
    pthread_mutex_unlock(&u->lock);
    if (i < len)
        log_error("uart: back end offered %zu bytes beyond the FIFO room; dropped", len - i);
}

void uart16550_reset(struct uart16550 *u)
{
    pthread_mutex_lock(&u->lock);
    u->ier = u->lcr = u->mcr = u->fcr = u->scr = u->dlm = 0;
    u->dll = 0x0c; /* 9600 baud from 1.8432 MHz; any value works */
    u->lsr_errors = u->msr_deltas = 0;
    u->thr_ipending = false;
    uart_rx_clear(u);
    uart_update_irq(u);
    pthread_mutex_unlock(&u->lock);
    if (u->chr)
        chardev_accept_input(u->chr);
}

struct uart16550 *uart16550_create(struct bus *b, uint64_t base, const struct irq_line *irq,
                                   struct chardev *chr)
{
    struct uart16550 *u = util_calloc(1, sizeof(*u));
    if (!u)
        return NULL;
    pthread_mutex_init(&u->lock, NULL);
    u->irq = *irq;
    u->base = base;
    u->chr = chr;
    u->receiver = (struct chardev_receiver){
        .can_receive = uart_can_receive,
        .receive = uart_receive,
        .opaque = u,
    };
    uart16550_reset(u);
    /* Byte registers; a wider (aligned) access touches the one register at
     * its offset, as on QEMU, instead of splitting into several side effects. */
    struct bus_device dev = {
        .name = "uart16550",
        .base = base,
        .size = UART16550_SIZE,
        .min_access = 1,
        .max_access = 8,
        .read = uart_read,
        .write = uart_write,
        .opaque = u,
    };
    if (bus_add_device(b, &dev) < 0) {
        uart16550_free(u);
        return NULL;
    }
    if (chr)
        chardev_set_receiver(chr, &u->receiver);
    return u;
}

void uart16550_free(struct uart16550 *u)
{
    if (!u)
        return;
    pthread_mutex_destroy(&u->lock);
    free(u);
}

const struct chardev_receiver *uart16550_receiver(const struct uart16550 *u)
{
    return &u->receiver;
}

int uart16550_fdt(struct uart16550 *u, struct fdt *f, uint32_t plic_phandle)
{
    const uint64_t reg[] = {u->base, UART16550_SIZE};
    char name[FDT_NAME_MAX + 1];
    snprintf(name, sizeof(name), "serial@%llx", (unsigned long long)u->base);
    fdt_begin_node(f, name);
    fdt_prop_u32(f, "interrupts", u->irq.num);
    fdt_prop_u32(f, "interrupt-parent", plic_phandle);
    fdt_prop_u32(f, "clock-frequency", UART16550_CLOCK_HZ);
    fdt_prop_u32(f, "reg-shift", 0);
    fdt_prop_u32(f, "reg-io-width", 1);
    fdt_prop_u64s(f, "reg", reg, 2);
    fdt_prop_string(f, "compatible", "ns16550a");
    return fdt_end_node(f);
}
