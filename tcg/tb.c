/* SPDX-License-Identifier: MIT */
/* The translation cache: a code buffer mapped twice (written through one
 * view, executed through the other: never writable and executable at once),
 * blocks hashed by (virtual pc, physical pc, flags), blocks listed per
 * physical page for invalidation, direct-jump chaining and unchaining.
 * Everything here runs under jit_lock except tb_lookup and the run loop's
 * reads of blocks it has found (docs/jit.md, "Dispatch without locks"). */
#define _GNU_SOURCE
#include "tb.h"
#include "cpu/disas.h"
#include "cpu/hart.h"
#include "cpu/insn.h"
#include "cpu/mmu.h"
#include "cpu/translate.h"
#include "mem/bus.h"
#include "util/log.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define TB_HASH_BITS   16
#define PAGE_HASH_BITS 14
#define TB_MAX         (1u << 18)
#define INSN_ARENA     (1u << 20)
#define MAX_HARTS      8

struct page_desc {
    uint64_t page;          /* physical page address */
    struct tb *first;       /* blocks on it, through tb->page_next */
    struct page_desc *next; /* hash chain */
};

static struct {
    uint8_t *rw, *rx; /* the two views of the code buffer */
    size_t size, used, code_start;
    struct tb *tbs;
    unsigned ntbs;
    struct insn *insns; /* copies that exec ops point to */
    unsigned ninsns;
    struct page_desc *pages; /* pool, one per page holding code */
    unsigned npages;
    struct tb **hash;             /* 1 << TB_HASH_BITS chains (in struct chains) */
    struct page_desc **page_hash; /* 1 << PAGE_HASH_BITS chains (in struct chains) */
    struct hart *harts[MAX_HARTS];
    unsigned nharts;
    struct bus *bus;
    uint32_t epoch; /* bumped by every flush: jump caches follow it */
    bool chaining;
} tc = {.chaining = true};

/* Both hash tables share one huge page. */
struct chains {
    struct tb *hash[1u << TB_HASH_BITS];
    struct page_desc *page_hash[1u << PAGE_HASH_BITS];
};

pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread bool code_dropped; /* see jit_take_code_dropped */

bool jit_take_code_dropped(void)
{
    bool d = code_dropped;
    code_dropped = false;
    return d;
}

static unsigned tb_hash(uint64_t pc, uint64_t phys, uint32_t flags)
{
    uint64_t h = (pc ^ (phys * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)flags << 40)) >> 1;
    h ^= h >> 29;
    return (unsigned)(h * 0xbf58476d1ce4e5b9ull >> (64 - TB_HASH_BITS));
}

static unsigned page_hash(uint64_t page)
{
    return (unsigned)((page >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ull >> (64 - PAGE_HASH_BITS));
}

/* Where to ask for the RX view: just below this program's code, so that
 * generated calls to C helpers fit a rel32 (5 bytes instead of a 12-byte
 * movabs and indirect call). Only a hint: elsewhere, calls take the long
 * form (x86_call). */
static void *code_hint(size_t size)
{
    uintptr_t text = (uintptr_t)(const void *)jit_init & ~(uintptr_t)(PAGE_SIZE - 1);
    uintptr_t gap = size + (16u << 20);
    return text > gap ? (void *)(text - gap) : NULL;
}

/* The code buffer: one memfd mapped twice, RW for the writer and RX for the
 * harts, at unrelated addresses. */
static int map_code_buffer(size_t size)
{
    int fd = memfd_create("rivet-jit", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
        log_error("JIT code buffer: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    tc.rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    tc.rx = mmap(code_hint(size), size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd);
    if (tc.rw == MAP_FAILED || tc.rx == MAP_FAILED) {
        log_error("JIT code buffer: cannot map %zu MiB: %s", size >> 20, strerror(errno));
        return -1;
    }
    tc.size = size;
    return 0;
}

int jit_init(size_t size)
{
    if (tc.rw)
        return 0;
    if (map_code_buffer(size) < 0)
        return -1;
    tc.tbs = util_calloc_large(TB_MAX, sizeof(*tc.tbs));
    tc.insns = util_calloc_large(INSN_ARENA, sizeof(*tc.insns));
    tc.pages = util_calloc(TB_MAX, sizeof(*tc.pages)); /* a few KiB used: small pages */
    struct chains *chains = util_calloc_large(1, sizeof(*chains));
    if (!tc.tbs || !tc.insns || !tc.pages || !chains)
        return -1;
    tc.hash = chains->hash;
    tc.page_hash = chains->page_hash;
    tc.code_start = backend_init(tc.rw, tc.rx, tc.size);
    if (!tc.code_start) {
        log_error("JIT: backend initialisation failed");
        return -1;
    }
    tc.code_start = (tc.code_start + 63) & ~(size_t)63;
    tc.used = tc.code_start;
    return 0;
}

void jit_set_chaining(bool on) { tc.chaining = on; }
bool jit_chaining(void) { return tc.chaining; }

bool jit_jc_inline(void) { return tc.chaining && tc.rw; }

uint32_t tb_epoch(void) { return __atomic_load_n(&tc.epoch, __ATOMIC_ACQUIRE); }

static void code_write_hook(void *opaque, uint64_t paddr, uint64_t len)
{
    (void)opaque;
    jit_invalidate_phys(paddr, len);
}

void tb_register_hart(struct hart *h)
{
    pthread_mutex_lock(&jit_lock);
    if (!tc.nharts) { /* one machine at a time (tests make several in turn) */
        tc.bus = h->bus;
        bus_set_code_hook(tc.bus, code_write_hook, NULL);
    }
    ASSERT(h->bus == tc.bus);
    if (tc.nharts < MAX_HARTS)
        tc.harts[tc.nharts++] = h;
    pthread_mutex_unlock(&jit_lock);
}

static void flush_locked(void);

/* The last hart of a machine: its blocks and its bus go (the next machine
 * may have another bus). */
void tb_unregister_hart(struct hart *h)
{
    pthread_mutex_lock(&jit_lock);
    for (unsigned k = 0; k < tc.nharts; k++)
        if (tc.harts[k] == h)
            tc.harts[k] = tc.harts[--tc.nharts];
    if (!tc.nharts && tc.bus) {
        flush_locked();
        bus_set_code_hook(tc.bus, NULL, NULL);
        tc.bus = NULL;
    }
    pthread_mutex_unlock(&jit_lock);
}

/* Lock-free: a block is published with a release store once it is complete
 * and its page is marked as code; an unlinked block keeps its hash_next, so
 * a reader standing on it still reaches the end of the chain, and its
 * memory lives until a flush, which waits for every reader to leave. */
struct tb *tb_lookup(uint64_t pc, uint64_t phys, uint32_t flags)
{
    struct tb *tb = __atomic_load_n(&tc.hash[tb_hash(pc, phys, flags)], __ATOMIC_ACQUIRE);
    for (; tb; tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE))
        if (tb->pc == pc && tb->phys_pc == phys && tb->flags == flags && tb_valid(tb))
            return tb;
    return NULL;
}

static struct page_desc *page_find(uint64_t page, bool create)
{
    unsigned k = page_hash(page);
    for (struct page_desc *p = tc.page_hash[k]; p; p = p->next)
        if (p->page == page)
            return p;
    if (!create || tc.npages == TB_MAX)
        return NULL;
    struct page_desc *p = &tc.pages[tc.npages++];
    *p = (struct page_desc){page, NULL, tc.page_hash[k]};
    tc.page_hash[k] = p;
    return p;
}

/* A page newly holding code: mark it so stores to it take the slow path, and
 * drop the fast write entries the harts' TLBs already have for it. The other
 * harts' loops, which keep TLB entries of their own, leave at their next
 * back edge (hart_request_exit), so a kept write entry is not used past the
 * iteration that saw it go; `self` is translating, in no loop. Another hart
 * could still complete one store through a stale entry it had already
 * loaded; guest code that patches code on another hart must use fence.i and
 * an IPI anyway. */
static void mark_code_page(struct hart *self, uint64_t page)
{
    if (bus_is_code_page(tc.bus, page) || !bus_mark_code_page(tc.bus, page, true))
        return;
    for (unsigned k = 0; k < tc.nharts; k++) {
        struct tlb *t = &tc.harts[k]->tlb;
        if (tc.harts[k] != self)
            hart_request_exit(tc.harts[k]);
        for (unsigned idx = 0; idx < MMU_IDX_COUNT; idx++)
            for (unsigned e = 0; e < TLB_SIZE; e++)
                if ((t->e[idx][e].paddr & PAGE_MASK) == page)
                    __atomic_store_n(&t->e[idx][e].tag_w, TLB_EMPTY, __ATOMIC_RELAXED);
    }
}

/* Make tb's exit slot jump to its exit stub again. */
static void unchain_slot(struct tb *tb, unsigned slot)
{
    uint8_t *field = tb->jmp_field[slot];
    backend_patch_jump(field - (tc.rx - tc.rw), field, tb->jmp_reset[slot]);
    __atomic_store_n(&tb->jmp_dest[slot], NULL, __ATOMIC_RELAXED);
}

/* Incoming-jump lists hold (tb | slot). */
static struct tb *from_tb(uintptr_t e) { return (struct tb *)(e & ~(uintptr_t)1); }
static unsigned from_slot(uintptr_t e) { return (unsigned)(e & 1); }

static void remove_incoming(struct tb *dest, struct tb *src, unsigned slot)
{
    uintptr_t want = (uintptr_t)src | slot;
    struct tb **link = &dest->jmp_from;
    while (*link) {
        uintptr_t e = (uintptr_t)*link;
        if (e == want) {
            *link = from_tb(e)->jmp_from_next[from_slot(e)];
            return;
        }
        link = &from_tb(e)->jmp_from_next[from_slot(e)];
    }
}

void tb_chain(struct tb *src, unsigned slot, struct tb *dest)
{
    if (!tc.chaining || !src->valid || !dest->valid || src->jmp_dest[slot] || !src->jmp_field[slot])
        return;
    /* Only within a guest page: a mapping change then drops both ends. */
    if ((src->pc & PAGE_MASK) != (dest->pc & PAGE_MASK))
        return;
    uint8_t *field = src->jmp_field[slot];
    backend_patch_jump(field - (tc.rx - tc.rw), field, dest->code);
    __atomic_store_n(&src->jmp_dest[slot], dest, __ATOMIC_RELAXED); /* read unlocked by jit.c */
    src->jmp_from_next[slot] = dest->jmp_from;
    dest->jmp_from = (struct tb *)((uintptr_t)src | slot);
}

/* Readers may be walking the hash chain or running tb's code: tb is marked
 * dead first (jump caches and lookups test it), then bypassed in the chain
 * without touching its own hash_next, then every jump into it is unchained. */
static void tb_invalidate(struct tb *tb)
{
    __atomic_store_n(&tb->valid, false, __ATOMIC_RELEASE);
    struct tb **link = &tc.hash[tb_hash(tb->pc, tb->phys_pc, tb->flags)];
    while (*link && *link != tb)
        link = &(*link)->hash_next;
    if (*link)
        __atomic_store_n(link, tb->hash_next, __ATOMIC_RELEASE);
    while (tb->jmp_from) {
        uintptr_t e = (uintptr_t)tb->jmp_from;
        tb->jmp_from = from_tb(e)->jmp_from_next[from_slot(e)];
        unchain_slot(from_tb(e), from_slot(e));
    }
    for (unsigned slot = 0; slot < 2; slot++)
        if (tb->jmp_dest[slot]) {
            remove_incoming(tb->jmp_dest[slot], tb, slot);
            __atomic_store_n(&tb->jmp_dest[slot], NULL, __ATOMIC_RELAXED);
        }
}

bool jit_invalidate_phys(uint64_t paddr, uint64_t len)
{
    bool dropped = false;
    pthread_mutex_lock(&jit_lock);
    uint64_t end = paddr + len;
    for (uint64_t page = paddr & PAGE_MASK; page < end && page >= (paddr & PAGE_MASK);
         page += PAGE_SIZE) {
        struct page_desc *p = page_find(page, false);
        if (!p)
            continue;
        struct tb **link = &p->first;
        while (*link) {
            struct tb *tb = *link;
            if (tb->phys_pc - tb->back < end && paddr < tb->phys_pc + tb->size) {
                tb_invalidate(tb);
                *link = tb->page_next;
                dropped = true;
            } else {
                link = &tb->page_next;
            }
        }
        if (!p->first)
            bus_mark_code_page(tc.bus, page, false);
    }
    if (dropped) /* jump caches keep the dead blocks: they test tb->valid */
        code_dropped = true;
    pthread_mutex_unlock(&jit_lock);
    return dropped;
}

/* Drop everything (the buffer is full). The caller guarantees that no other
 * hart is in dispatch (running generated code, looking up or translating). */
static void flush_locked(void)
{
    for (unsigned k = 0; tc.bus && k < tc.npages; k++)
        bus_mark_code_page(tc.bus, tc.pages[k].page, false);
    memset(tc.hash, 0, sizeof(tc.hash[0]) << TB_HASH_BITS);
    memset(tc.page_hash, 0, sizeof(tc.page_hash[0]) << PAGE_HASH_BITS);
    tc.ntbs = tc.ninsns = tc.npages = 0;
    tc.used = tc.code_start;
    __atomic_fetch_add(&tc.epoch, 1, __ATOMIC_RELEASE);
}

void tb_flush(void)
{
    pthread_mutex_lock(&jit_lock);
    flush_locked();
    pthread_mutex_unlock(&jit_lock);
    if (log_enabled(LOG_OUT_ASM | LOG_OP))
        log_printf("JIT: code cache flushed\n");
}

bool tb_cache_full(void)
{
    return tc.ntbs + 1 >= TB_MAX || tc.ninsns + 64 > INSN_ARENA || tc.npages + 1 >= TB_MAX ||
           tc.size - tc.used < (1u << 20);
}

/* -d in_asm, op, out_asm for a new block. */
static void tb_log(struct hart *h, const struct ir_block *b, const struct tb *tb)
{
    if (log_enabled(LOG_IN_ASM)) {
        log_printf("IN: hart %u, %u instructions\n", h->hartid, tb->ninsns);
        for (unsigned k = 0; k < b->nops; k++) { /* in block order, jumps followed */
            uint64_t pc = b->ops[k].c[0];
            uint32_t raw;
            struct insn i;
            char text[96];
            if (b->ops[k].opc != IR_insn_start || mmu_fetch(h, pc, &raw) != EXEC_OK)
                continue;
            insn_decode(&i, raw);
            disas_insn(text, sizeof(text), &i, pc);
            log_printf("0x%016llx:  %0*x  %s\n", (unsigned long long)pc, i.len * 2, raw, text);
        }
        log_printf("\n");
    }
    if (log_enabled(LOG_OP)) {
        log_printf("OP after optimization: pc 0x%llx\n", (unsigned long long)tb->pc);
        ir_dump(b, log_printf);
        log_printf("\n");
    }
    if (log_enabled(LOG_OUT_ASM)) {
        log_printf("OUT: %u bytes at %p\n", tb->code_size, (void *)tb->code);
        for (uint32_t k = 0; k < tb->code_size; k++)
            log_printf("%02x%s", tb->code[k],
                       (k % 16 == 15 || k + 1 == tb->code_size) ? "\n" : " ");
        log_printf("\n");
    }
}

/* Fault in the code buffer a chunk ahead of the writer, in both views: one
 * call each instead of a host page fault for every new 4 KiB page the
 * encoder writes and then every one the harts first run (Linux 5.14+;
 * elsewhere the calls fail and pages fault in one by one). */
#define PREFAULT_CHUNK (1u << 18)
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static void prefault(size_t used)
{
    size_t start = (used + PREFAULT_CHUNK - 1) & ~(size_t)(PREFAULT_CHUNK - 1);
    if (start + PREFAULT_CHUNK > tc.size)
        return;
    madvise(tc.rw + start, PREFAULT_CHUNK, MADV_POPULATE_WRITE);
    madvise(tc.rx + start, PREFAULT_CHUNK, MADV_POPULATE_READ);
}

/* How many of the arena's slots from first the block's exec ops use (the
 * translator hands them out in order). */
static unsigned exec_copies(const struct ir_block *b, const struct insn *first)
{
    unsigned used = 0;
    for (unsigned k = 0; k < b->nops; k++) {
        const struct insn *i = (const struct insn *)(uintptr_t)b->ops[k].c[1];
        if (b->ops[k].opc == IR_exec && (unsigned)(i - first) + 1 > used)
            used = (unsigned)(i - first) + 1;
    }
    return used;
}

/* Translate and emit one block; jit_lock held. NULL when the pc must be
 * run by the interpreter, or when the cache is full (tb_cache_full()).
 * Order matters for harts that look up without the lock: the page is marked
 * as code before its bytes are read (a store to it from then on takes the
 * slow path and its jit_invalidate_phys, waiting for jit_lock, drops this
 * block), and the block enters the hash last, complete. A failed
 * translation leaves the page marked; its next store unmarks it. */
struct tb *tb_gen(struct hart *h, struct ir_block *b, uint64_t pc, uint64_t phys, uint32_t flags)
{
    if (tb_cache_full())
        return NULL;
    struct page_desc *p = page_find(phys & PAGE_MASK, true);
    if (!p)
        return NULL;
    mark_code_page(h, phys & PAGE_MASK);
    uint32_t size, back;
    unsigned n = translate_block(h, b, pc, flags, tc.insns + tc.ninsns, 64, &size, &back);
    if (!n)
        return NULL;
    ir_optimize(b);
    struct tb *tb = &tc.tbs[tc.ntbs];
    *tb = (struct tb){.pc = pc,
                      .phys_pc = phys,
                      .flags = flags,
                      .back = (uint16_t)back,
                      .size = size,
                      .ninsns = n};
    size_t len = backend_gen(b, tb, tc.rw + tc.used, tc.rx + tc.used, tc.size - tc.used);
    if (!len)
        return NULL; /* did not fit: tb_cache_full() will say so next time */
    tb->code = tc.rx + tc.used;
    tb->code_size = (uint32_t)len;
    tb->valid = true;
    size_t before = tc.used;
    tc.used = (tc.used + len + 15) & ~(size_t)15;
    if ((before ^ tc.used) >= PREFAULT_CHUNK)
        prefault(tc.used);
    else if (before == tc.code_start) { /* the first chunk, and the next */
        prefault(0);
        prefault(tc.used);
    }
    tc.ntbs++;
    tc.ninsns += exec_copies(b, tc.insns + tc.ninsns);
    tb->page_next = p->first;
    p->first = tb;
    unsigned k = tb_hash(pc, phys, flags);
    tb->hash_next = tc.hash[k];
    __atomic_store_n(&tc.hash[k], tb, __ATOMIC_RELEASE); /* publish: tb_lookup takes no lock */
    tb_log(h, b, tb);
    return tb;
}
