/* SPDX-License-Identifier: MIT */
/* HTIF: a store to tohost is a command (device << 56 | cmd << 48 | payload).
 * Device 0 cmd 0: payload odd = exit with code payload >> 1, even = address
 * of a syscall block (only write to fd 1/2 is served). Device 1 cmd 1: put a
 * character. The host clears tohost when done, as the protocol expects. */
#include "htif.h"
#include "machine.h"
#include "mem/bus.h"
#include "util/log.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SYS_WRITE 64

struct htif {
    struct machine *machine;
    struct bus *bus;
    uint64_t tohost, fromhost;
};

static void htif_reply(struct htif *t, uint64_t value)
{
    uint64_t *fh = t->fromhost ? bus_host_ptr(t->bus, t->fromhost, 8, true) : NULL;
    if (fh)
        __atomic_store_n(fh, value, __ATOMIC_SEQ_CST);
}

static void htif_syscall(struct htif *t, uint64_t addr)
{
    uint64_t *args = bus_host_ptr(t->bus, addr, 8 * 8, true);
    if (!args) {
        log_guest_error("htif: syscall block at 0x%llx is outside RAM", (unsigned long long)addr);
        return;
    }
    int64_t ret = -38; /* -ENOSYS */
    if (args[0] == SYS_WRITE && (args[1] == 1 || args[1] == 2)) {
        const void *buf = bus_host_ptr(t->bus, args[2], args[3], false);
        if (buf) {
            fflush(stdout);
            ret = write((int)args[1], buf, args[3]);
        } else {
            ret = -14; /* -EFAULT */
        }
    }
    args[0] = (uint64_t)ret;
    htif_reply(t, 1);
}

static void htif_command(struct htif *t, uint64_t cmd)
{
    unsigned dev = cmd >> 56, op = (cmd >> 48) & 0xff;
    uint64_t payload = cmd & ((1ull << 48) - 1);
    if (dev == 0 && op == 0) {
        if (payload & 1) {
            uint64_t code = payload >> 1;
            if (code)
                fprintf(stderr, "FAIL: test %llu\n", (unsigned long long)code);
            machine_shutdown(t->machine, code ? 1 : 0);
        } else {
            htif_syscall(t, payload);
        }
    } else if (dev == 1 && op == 1) {
        putchar((int)(payload & 0xff));
        fflush(stdout);
        htif_reply(t, (1ull << 56) | (1ull << 48));
    } else {
        log_guest_error("htif: unknown command device %u cmd %u", dev, op);
    }
}

static void htif_on_write(void *opaque, uint64_t paddr, unsigned size)
{
    struct htif *t = opaque;
    uint64_t *th = bus_host_ptr(t->bus, t->tohost, 8, true);
    if (!th)
        return;
    uint64_t cmd = __atomic_exchange_n(th, 0, __ATOMIC_SEQ_CST);
    if (cmd)
        htif_command(t, cmd);
}

struct htif *htif_create(struct machine *m, struct bus *b, uint64_t tohost, uint64_t fromhost)
{
    if (!bus_host_ptr(b, tohost, 8, true)) {
        log_error("tohost symbol at 0x%llx is not in guest RAM", (unsigned long long)tohost);
        return NULL;
    }
    struct htif *t = util_calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    *t = (struct htif){m, b, tohost, fromhost};
    if (bus_watch(b, tohost, 8, htif_on_write, t) < 0) {
        free(t);
        return NULL;
    }
    return t;
}

void htif_free(struct htif *t) { free(t); }
