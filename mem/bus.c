/* SPDX-License-Identifier: MIT */
/* Physical address space: region map, physical accesses, DMA pointers and
 * store watches. The map is built before the harts start and is read-only
 * afterwards, so lookups take no lock. */
#include "bus.h"
#include "util/log.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define BUS_MAX_REGIONS 64
#define BUS_MAX_WATCHES 8
#define BUS_PAGE_SIZE   4096ull

struct bus_watch {
    uint64_t base, len;
    bus_watch_fn *fn;
    void *opaque;
};

struct bus {
    struct bus_region regions[BUS_MAX_REGIONS]; /* sorted by base */
    unsigned count;
    unsigned hint; /* the region found last (page walks and fills mostly hit RAM) */
    struct bus_watch watches[BUS_MAX_WATCHES];
    unsigned nwatches;
    bus_code_hook_fn *code_hook;
    void *code_opaque;
};

struct bus *bus_create(void) { return util_calloc(1, sizeof(struct bus)); }

void bus_free(struct bus *b)
{
    if (!b)
        return;
    for (unsigned i = 0; i < b->count; i++) {
        struct bus_region *r = &b->regions[i];
        if (r->kind == BUS_RAM) {
            munmap(r->host, r->size);
            free(r->code_bits);
        } else if (r->kind == BUS_ROM)
            free(r->host);
    }
    free(b);
}

static int bus_insert(struct bus *b, const struct bus_region *r, const char *name)
{
    if (r->size == 0 || r->base + r->size - 1 < r->base) {
        log_error("%s: bad region [0x%llx, +0x%llx)", name, (unsigned long long)r->base,
                  (unsigned long long)r->size);
        return -1;
    }
    if (b->count == BUS_MAX_REGIONS) {
        log_error("%s: too many memory regions", name);
        return -1;
    }
    unsigned pos = 0;
    while (pos < b->count && b->regions[pos].base < r->base)
        pos++;
    const struct bus_region *prev = pos ? &b->regions[pos - 1] : NULL;
    const struct bus_region *next = pos < b->count ? &b->regions[pos] : NULL;
    if ((prev && prev->base + prev->size > r->base) || (next && r->base + r->size > next->base)) {
        log_error("%s: [0x%llx, +0x%llx) overlaps another region", name,
                  (unsigned long long)r->base, (unsigned long long)r->size);
        return -1;
    }
    memmove(&b->regions[pos + 1], &b->regions[pos], (b->count - pos) * sizeof(*r));
    b->regions[pos] = *r;
    b->count++;
    return 0;
}

int bus_add_ram(struct bus *b, const char *name, uint64_t base, uint64_t size)
{
    struct bus_region r = {.kind = BUS_RAM, .base = base, .size = size};
    r.dev.name = name;
    if (size == 0 || (size & (BUS_PAGE_SIZE - 1))) {
        log_error("%s: RAM size must be a non-zero multiple of 4 KiB", name);
        return -1;
    }
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) {
        log_error("%s: cannot allocate %llu MiB of guest RAM", name,
                  (unsigned long long)(size >> 20));
        return -1;
    }
    /* Large pages: far fewer host page faults as the guest first touches its
     * RAM (only a hint; ignored where transparent huge pages are off). */
    madvise(p, size, MADV_HUGEPAGE);
    r.host = p;
    r.code_bits = util_calloc((size / BUS_PAGE_SIZE + 7) / 8, 1);
    if (!r.code_bits || bus_insert(b, &r, name) < 0) {
        free(r.code_bits);
        munmap(p, size);
        return -1;
    }
    return 0;
}

int bus_add_rom(struct bus *b, const char *name, uint64_t base, const void *data, uint64_t size)
{
    struct bus_region r = {.kind = BUS_ROM, .base = base, .size = size};
    r.dev.name = name;
    r.host = util_malloc(size);
    if (!r.host)
        return -1;
    memcpy(r.host, data, size);
    if (bus_insert(b, &r, name) < 0) {
        free(r.host);
        return -1;
    }
    return 0;
}

int bus_add_device(struct bus *b, const struct bus_device *dev)
{
    struct bus_region r = {.kind = BUS_MMIO, .base = dev->base, .size = dev->size, .dev = *dev};
    ASSERT(dev->read && dev->write);
    ASSERT(dev->min_access >= 1 && dev->max_access <= 8 && dev->min_access <= dev->max_access);
    return bus_insert(b, &r, dev->name);
}

const struct bus_region *bus_lookup(const struct bus *b, uint64_t paddr)
{
    unsigned k = __atomic_load_n(&b->hint, __ATOMIC_RELAXED);
    if (k < b->count && paddr - b->regions[k].base < b->regions[k].size)
        return &b->regions[k];
    unsigned lo = 0, hi = b->count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        const struct bus_region *r = &b->regions[mid];
        if (paddr < r->base) {
            hi = mid;
        } else if (paddr - r->base >= r->size) {
            lo = mid + 1;
        } else {
            /* only a cache, so a lookup through a const bus may set it */
            __atomic_store_n((unsigned *)&b->hint, mid, __ATOMIC_RELAXED);
            return r;
        }
    }
    return NULL;
}

/* The region holding all of [paddr, paddr+len), or NULL. */
static const struct bus_region *bus_lookup_range(const struct bus *b, uint64_t paddr, uint64_t len)
{
    const struct bus_region *r = bus_lookup(b, paddr);
    if (!r || len > r->size - (paddr - r->base))
        return NULL;
    return r;
}

static bool mmio_size_ok(const struct bus_device *d, uint64_t off, unsigned size)
{
    return size >= d->min_access && !(off & (size - 1));
}

static int mmio_read(const struct bus_device *d, uint64_t off, unsigned size, uint64_t *val)
{
    if (!mmio_size_ok(d, off, size)) {
        log_guest_error("%s: %u-byte read at offset 0x%llx not supported", d->name, size,
                        (unsigned long long)off);
        return -1;
    }
    uint64_t v = 0;
    for (unsigned done = 0; done < size; done += d->max_access) {
        unsigned n = size < d->max_access ? size : d->max_access;
        v |= d->read(d->opaque, off + done, n) << (8 * done);
    }
    *val = v;
    return 0;
}

static int mmio_write(const struct bus_device *d, uint64_t off, unsigned size, uint64_t val)
{
    if (!mmio_size_ok(d, off, size)) {
        log_guest_error("%s: %u-byte write at offset 0x%llx not supported", d->name, size,
                        (unsigned long long)off);
        return -1;
    }
    for (unsigned done = 0; done < size; done += d->max_access) {
        unsigned n = size < d->max_access ? size : d->max_access;
        uint64_t part = n == 8 ? val >> (8 * done) : (val >> (8 * done)) & ((1ull << (8 * n)) - 1);
        d->write(d->opaque, off + done, part, n);
    }
    return 0;
}

int bus_read(struct bus *b, uint64_t paddr, unsigned size, uint64_t *val)
{
    const struct bus_region *r = bus_lookup_range(b, paddr, size);
    if (!r)
        return -1;
    if (r->kind == BUS_MMIO)
        return mmio_read(&r->dev, paddr - r->base, size, val);
    uint64_t v = 0;
    memcpy(&v, r->host + (paddr - r->base), size); /* little-endian host */
    *val = v;
    return 0;
}

int bus_write(struct bus *b, uint64_t paddr, unsigned size, uint64_t val)
{
    const struct bus_region *r = bus_lookup_range(b, paddr, size);
    if (!r || r->kind == BUS_ROM)
        return -1;
    if (r->kind == BUS_MMIO)
        return mmio_write(&r->dev, paddr - r->base, size, val);
    memcpy(r->host + (paddr - r->base), &val, size);
    bus_notify_write(b, paddr, size);
    return 0;
}

void *bus_host_ptr(struct bus *b, uint64_t paddr, uint64_t len, bool write)
{
    const struct bus_region *r = bus_lookup_range(b, paddr, len ? len : 1);
    if (!r || r->kind == BUS_MMIO || (write && r->kind != BUS_RAM))
        return NULL;
    return r->host + (paddr - r->base);
}

int bus_watch(struct bus *b, uint64_t paddr, uint64_t len, bus_watch_fn *fn, void *opaque)
{
    if (b->nwatches == BUS_MAX_WATCHES) {
        log_error("too many memory watches");
        return -1;
    }
    b->watches[b->nwatches++] = (struct bus_watch){paddr, len, fn, opaque};
    return 0;
}

void bus_set_code_hook(struct bus *b, bus_code_hook_fn *fn, void *opaque)
{
    b->code_hook = fn;
    b->code_opaque = opaque;
}

/* The code bit of paddr's page: its byte and mask, or NULL outside RAM. */
static uint8_t *code_bit(const struct bus *b, uint64_t paddr, uint8_t *mask)
{
    const struct bus_region *r = bus_lookup(b, paddr);
    if (!r || r->kind != BUS_RAM)
        return NULL;
    uint64_t page = (paddr - r->base) / BUS_PAGE_SIZE;
    *mask = (uint8_t)(1u << (page & 7));
    return &r->code_bits[page / 8];
}

bool bus_mark_code_page(struct bus *b, uint64_t paddr, bool code)
{
    uint8_t mask, *bits = code_bit(b, paddr, &mask);
    if (!bits)
        return false;
    if (code)
        __atomic_fetch_or(bits, mask, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(bits, (uint8_t)~mask, __ATOMIC_SEQ_CST);
    return true;
}

bool bus_is_code_page(const struct bus *b, uint64_t paddr)
{
    uint8_t mask, *bits = code_bit(b, paddr, &mask);
    return bits && (__atomic_load_n(bits, __ATOMIC_RELAXED) & mask);
}

bool bus_page_watched(const struct bus *b, uint64_t paddr)
{
    if (bus_is_code_page(b, paddr))
        return true;
    uint64_t page = paddr & ~(BUS_PAGE_SIZE - 1);
    for (unsigned i = 0; i < b->nwatches; i++) {
        const struct bus_watch *w = &b->watches[i];
        if (w->base < page + BUS_PAGE_SIZE && page < w->base + w->len)
            return true;
    }
    return false;
}

void bus_notify_write(struct bus *b, uint64_t paddr, uint64_t len)
{
    if (b->code_hook && len) {
        uint64_t first = paddr & ~(BUS_PAGE_SIZE - 1),
                 last = (paddr + len - 1) & ~(BUS_PAGE_SIZE - 1);
        for (uint64_t page = first; page <= last && page >= first; page += BUS_PAGE_SIZE)
            if (bus_is_code_page(b, page)) {
                b->code_hook(b->code_opaque, paddr, len);
                break;
            }
    }
    for (unsigned i = 0; i < b->nwatches; i++) {
        const struct bus_watch *w = &b->watches[i];
        if (w->base < paddr + len && paddr < w->base + w->len)
            w->fn(w->opaque, paddr, (unsigned)len);
    }
}

void bus_reset_ram(struct bus *b)
{
    for (unsigned i = 0; i < b->count; i++) {
        struct bus_region *r = &b->regions[i];
        if (r->kind == BUS_RAM)
            madvise(r->host, r->size, MADV_DONTNEED); /* private anonymous: reads zero */
    }
}
