/* SPDX-License-Identifier: MIT */
/* One lockstep machine built by hand: a bus with RAM only, one hart, and a
 * minimal HTIF on tohost (exit, console, syscalls answered -ENOSYS). Both
 * sides are made once and reused: the JIT keeps pointers to its hart's bus. */
#include "lockstep.h"
#include "cpu/hart.h"
#include "hw/loader.h"
#include "mem/bus.h"
#include "tcg/jit.h"

#include <stdio.h>
#include <string.h>

#define HTIF_ENOSYS ((uint64_t)-38)
#define HTIF_ARGS   8

static uint64_t *ram_word(struct ls_side *s, uint64_t paddr)
{
    return bus_host_ptr(s->bus, paddr, 8, true);
}

static void htif_reply(struct ls_side *s, uint64_t value)
{
    uint64_t *fh = s->fromhost ? ram_word(s, s->fromhost) : NULL;
    if (fh)
        *fh = value;
}

/* Device 0 cmd 0: odd payload = exit code << 1 | 1, even = syscall block.
 * Device 1 cmd 1: console character. */
static void htif_command(struct ls_side *s, uint64_t cmd)
{
    unsigned dev = (unsigned)(cmd >> 56), op = (unsigned)(cmd >> 48) & 0xff;
    uint64_t payload = cmd & ((1ull << 48) - 1);
    if (dev == 0 && op == 0 && (payload & 1)) {
        s->done = true;
        s->exit_code = payload >> 1;
    } else if (dev == 0 && op == 0) {
        uint64_t *args = bus_host_ptr(s->bus, payload, 8 * HTIF_ARGS, true);
        if (args)
            args[0] = HTIF_ENOSYS;
        htif_reply(s, 1);
    } else if (dev == 1 && op == 1) {
        if (s->console_len < LS_CONSOLE_MAX - 1)
            s->console[s->console_len++] = (char)(payload & 0xff);
        htif_reply(s, cmd & ~0xffull);
    }
}

static void htif_on_write(void *opaque, uint64_t paddr, unsigned size)
{
    struct ls_side *s = opaque;
    (void)size;
    if (!s->tohost || paddr + size <= s->tohost || paddr >= s->tohost + 8)
        return;
    uint64_t *th = ram_word(s, s->tohost);
    uint64_t cmd = *th;
    *th = 0;
    if (!cmd)
        return;
    s->last_cmd = cmd;
    htif_command(s, cmd);
}

int ls_side_init(struct ls_side *s, const char *name)
{
    memset(s, 0, sizeof(*s));
    s->name = name;
    s->bus = bus_create();
    if (!s->bus || bus_add_ram(s->bus, "ram", LS_RAM_BASE, LS_RAM_SIZE) < 0)
        return -1;
    s->ram = bus_host_ptr(s->bus, LS_RAM_BASE, LS_RAM_SIZE, true);
    s->h = hart_create(s->bus, 0);
    return s->h && s->ram ? 0 : -1;
}

void ls_side_free(struct ls_side *s)
{
    if (s->h)
        jit_hart_free(s->h);
    hart_free(s->h);
    bus_free(s->bus);
    memset(s, 0, sizeof(*s));
}

void ls_side_reset(struct ls_side *s, uint64_t pc)
{
    bus_reset_ram(s->bus);
    s->tohost = s->fromhost = 0;
    s->last_cmd = 0;
    s->done = false;
    s->exit_code = 0;
    s->console_len = 0;
    hart_reset(s->h, pc);
}

/* bus watches cannot be removed: watch each distinct tohost once. */
static int watch_tohost(struct ls_side *s, uint64_t tohost)
{
    for (unsigned k = 0; k < s->nwatched; k++)
        if (s->watched[k] == tohost)
            return 0;
    if (s->nwatched == LS_MAX_WATCH || bus_watch(s->bus, tohost, 8, htif_on_write, s) < 0) {
        fprintf(stderr, "lockstep: too many distinct tohost addresses\n");
        return -1;
    }
    s->watched[s->nwatched++] = tohost;
    return 0;
}

int ls_side_load_elf(struct ls_side *s, const uint8_t *data, size_t size, const char *name,
                     struct elf_info *info)
{
    if (loader_load_elf(s->bus, data, size, name, info) < 0)
        return -1;
    if (info->tohost) {
        if (!ram_word(s, info->tohost)) {
            fprintf(stderr, "%s: tohost is not in RAM\n", name);
            return -1;
        }
        if (watch_tohost(s, info->tohost) < 0)
            return -1;
        s->tohost = info->tohost;
        s->fromhost = info->fromhost;
    }
    return 0;
}

int ls_side_poke(struct ls_side *s, uint64_t paddr, const void *data, size_t len)
{
    void *p = bus_host_ptr(s->bus, paddr, len, true);
    if (!p)
        return -1;
    memcpy(p, data, len);
    return 0;
}
