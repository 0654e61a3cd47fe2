/* SPDX-License-Identifier: MIT */
/* The physical address space: a sorted map of RAM, ROM and MMIO regions.
 * Overlapping maps are rejected. Devices fill one descriptor and attach it. */
#ifndef MEM_BUS_H
#define MEM_BUS_H

#include <stdbool.h>
#include <stdint.h>

enum bus_kind { BUS_RAM, BUS_ROM, BUS_MMIO };

/* A device's MMIO window. Offsets are relative to base; size is 1, 2, 4 or 8.
 * Accesses wider than max_access are split into max_access pieces; accesses
 * narrower than min_access, or misaligned to their size, fault. */
struct bus_device {
    const char *name;
    uint64_t base, size;
    unsigned min_access, max_access;
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, uint64_t value, unsigned size);
    void *opaque;
};

struct bus_region {
    enum bus_kind kind;
    uint64_t base, size;
    uint8_t *host;         /* RAM and ROM backing */
    uint8_t *code_bits;    /* RAM: one bit per 4 KiB page holding translated code */
    struct bus_device dev; /* MMIO */
};

/* Called after a store lands in a watched range of RAM (HTIF tohost, later
 * translated-code pages). */
typedef void bus_watch_fn(void *opaque, uint64_t paddr, unsigned size);

struct bus;

/* Returns NULL with a message on allocation failure. */
struct bus *bus_create(void);
void bus_free(struct bus *b);

/* Each returns 0, or -1 with a message naming the region when it overlaps
 * another, has size 0, wraps, or cannot be allocated. RAM starts zeroed. */
int bus_add_ram(struct bus *b, const char *name, uint64_t base, uint64_t size);
int bus_add_rom(struct bus *b, const char *name, uint64_t base, const void *data, uint64_t size);
int bus_add_device(struct bus *b, const struct bus_device *dev);

/* The region holding paddr, or NULL. */
const struct bus_region *bus_lookup(const struct bus *b, uint64_t paddr);

/* Physical accesses (size 1, 2, 4, 8; RAM/ROM accesses may be misaligned).
 * Return 0, or -1 for an access fault (unmapped, ROM write, bad MMIO size). */
int bus_read(struct bus *b, uint64_t paddr, unsigned size, uint64_t *val);
int bus_write(struct bus *b, uint64_t paddr, unsigned size, uint64_t val);

/* Host pointer to [paddr, paddr+len) if it lies inside one RAM region (or
 * ROM, when !write), else NULL. Used for loading images and device DMA; a
 * write through it must be followed by bus_notify_write. */
void *bus_host_ptr(struct bus *b, uint64_t paddr, uint64_t len, bool write);

/* Watch stores to [paddr, paddr+len) of RAM. Returns -1 if the table is full. */
int bus_watch(struct bus *b, uint64_t paddr, uint64_t len, bus_watch_fn *fn, void *opaque);
/* True if any watch touches the 4 KiB page holding paddr: the TLB sends
 * stores to such pages down the slow path. */
bool bus_page_watched(const struct bus *b, uint64_t paddr);
/* Run the watchers of a store (slow path and DMA call this). */
void bus_notify_write(struct bus *b, uint64_t paddr, uint64_t len);

/* Pages of RAM holding translated code (the JIT marks them). Stores to a
 * code page take the slow path (bus_page_watched is true for it) and
 * bus_notify_write calls the code hook for it. */
typedef void bus_code_hook_fn(void *opaque, uint64_t paddr, uint64_t len);
void bus_set_code_hook(struct bus *b, bus_code_hook_fn *fn, void *opaque);
/* Returns false if paddr is not in RAM (nothing marked). */
bool bus_mark_code_page(struct bus *b, uint64_t paddr, bool code);
bool bus_is_code_page(const struct bus *b, uint64_t paddr);

/* Zero all RAM (machine reset). */
void bus_reset_ram(struct bus *b);

#endif
