/* SPDX-License-Identifier: MIT */
/* The finisher register at offset 0: write-only, reads return 0. It holds no
 * state, so it needs neither a lock nor a reset. */
#include "syscon.h"
#include "mem/bus.h"
#include "util/fdt.h"
#include "util/log.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

struct syscon {
    uint64_t base;
    void (*on_event)(void *opaque, int kind, int status);
    void *opaque;
};

static uint64_t syscon_read(void UNUSED *opaque, uint64_t UNUSED off, unsigned UNUSED size)
{
    return 0;
}

static void syscon_write(void *opaque, uint64_t off, uint64_t value, unsigned UNUSED size)
{
    struct syscon *s = opaque;
    unsigned magic = value & 0xffff;
    if (off != 0) {
        log_guest_error("syscon: write to unassigned offset 0x%llx", (unsigned long long)off);
        return;
    }
    if (magic == SYSCON_VALUE_PASS)
        s->on_event(s->opaque, SYSCON_POWEROFF, 0);
    else if (magic == SYSCON_VALUE_FAIL)
        s->on_event(s->opaque, SYSCON_POWEROFF, (int)(value >> 16 & 0xffff));
    else if (magic == SYSCON_VALUE_RESET)
        s->on_event(s->opaque, SYSCON_REBOOT, 0);
    else
        log_guest_error("syscon: unknown value 0x%llx", (unsigned long long)value);
}

struct syscon *syscon_create(struct bus *b, uint64_t base,
                             void (*on_event)(void *opaque, int kind, int status), void *opaque)
{
    struct syscon *s = util_calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->base = base;
    s->on_event = on_event;
    s->opaque = opaque;
    /* As on QEMU: 16- and 32-bit accesses (a 16-bit write carries no code). */
    struct bus_device dev = {
        .name = "syscon",
        .base = base,
        .size = SYSCON_SIZE,
        .min_access = 2,
        .max_access = 4,
        .read = syscon_read,
        .write = syscon_write,
        .opaque = s,
    };
    if (bus_add_device(b, &dev) < 0) {
        free(s);
        return NULL;
    }
    return s;
}

void syscon_free(struct syscon *s) { free(s); }

static int syscon_fdt_action(struct fdt *f, const char *name, const char *compat, uint32_t phandle,
                             uint32_t value)
{
    fdt_begin_node(f, name);
    fdt_prop_u32(f, "value", value);
    fdt_prop_u32(f, "offset", 0);
    fdt_prop_u32(f, "regmap", phandle);
    fdt_prop_string(f, "compatible", compat);
    return fdt_end_node(f);
}

int syscon_fdt(struct syscon *s, struct fdt *f, uint32_t phandle)
{
    static const char *const compat[] = {"sifive,test1", "sifive,test0", "syscon"};
    const uint64_t reg[] = {s->base, SYSCON_SIZE};
    char name[FDT_NAME_MAX + 1];
    snprintf(name, sizeof(name), "test@%llx", (unsigned long long)s->base);
    fdt_begin_node(f, name);
    fdt_prop_u32(f, "phandle", phandle);
    fdt_prop_u64s(f, "reg", reg, 2);
    fdt_prop_strings(f, "compatible", compat, ARRAY_SIZE(compat));
    return fdt_end_node(f);
}

int syscon_fdt_actions(struct syscon *s, struct fdt *f, uint32_t phandle)
{
    syscon_fdt_action(f, "poweroff", "syscon-poweroff", phandle, SYSCON_VALUE_PASS);
    return syscon_fdt_action(f, "reboot", "syscon-reboot", phandle, SYSCON_VALUE_RESET);
}
