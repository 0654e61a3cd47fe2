/* SPDX-License-Identifier: MIT */
/* Guest virtual memory access: TLB fast paths inline here; slow paths do the
 * page walk (Sv39/48/57), PMP check, bus access and TLB fill (cpu/mmu.c,
 * cpu/pmp.c). The JIT's out-of-line stubs call the same slow paths. */
#ifndef CPU_MMU_H
#define CPU_MMU_H

#include <stdint.h>
#include <string.h>
#include "hart.h"
#include "util/util.h"

enum mmu_access { ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC };

/* Slow paths. Each returns EXEC_OK, or EXEC_TRAP with the fault recorded
 * (page fault, access fault; misaligned accesses are emulated, split at page
 * boundaries). Values are zero-extended. */
int mmu_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
int mmu_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val);
/* Fetch the instruction at va: 16 or 32 bits (a 32-bit instruction may cross
 * a page). Faults use the instruction fault causes with tval = the faulting
 * address (Priv 3.1.16). */
int mmu_fetch_slow(struct hart *h, uint64_t va, uint32_t *raw);

/* Translate va for an access of the given kind with the current effective
 * privilege, including PMP for `size` bytes. Returns EXEC_OK with *pa, or
 * EXEC_TRAP. Does not touch the TLB. */
int mmu_translate(struct hart *h, uint64_t va, enum mmu_access acc, unsigned size, uint64_t *pa);

/* The same through the TLB: a hit needs no walk, a miss walks and fills it.
 * [va, va+size) must lie in one page. */
int mmu_translate_cached(struct hart *h, uint64_t va, enum mmu_access acc, unsigned size,
                         uint64_t *pa);

/* Whether the TLB holds va's fetch translation as global (the same in every
 * address space: hart_flush_tlb_space keeps it). */
bool mmu_fetch_cached_global(struct hart *h, uint64_t va);

/* For AMOs and LR/SC: translate va as a store (as a load for LR), require
 * natural alignment (else misaligned exception) and RAM (else access fault),
 * and return a host pointer and the physical address. */
int mmu_atomic_ptr(struct hart *h, uint64_t va, unsigned size, bool is_lr, void **host,
                   uint64_t *pa);

/* Page-table walk only (no PMP of the final address, no TLB), for debuggers
 * and tests: returns 0 with *pa, or the page-fault cause. priv/sum/mxr are the
 * effective settings. */
int mmu_walk(struct hart *h, uint64_t va, enum mmu_access acc, unsigned priv, uint64_t *pa);

/* --- cpu/pmp.c --- */
/* Priv 3.7.1: may `priv` access [pa, pa+size) for acc? */
bool pmp_check(const struct hart *h, uint64_t pa, unsigned size, enum mmu_access acc,
               unsigned priv);
/* True if every byte of the 4 KiB page holding pa gets the same PMP answer
 * for every access kind at priv, so a TLB entry may cover the page. */
bool pmp_page_uniform(const struct hart *h, uint64_t pa, unsigned priv);
/* CSR side: pmpcfgN / pmpaddrN writes with WARL and lock rules. */
void pmp_write_cfg(struct hart *h, unsigned index, uint64_t val); /* index: pmpcfg0, 2, ... 14 */
uint64_t pmp_read_cfg(const struct hart *h, unsigned index);
void pmp_write_addr(struct hart *h, unsigned n, uint64_t val);
/* Decode the entries again after pmpcfg/pmpaddr changed (the CSR writes
 * above do; code that sets the fields directly must call it). */
void pmp_update(struct hart *h);
uint64_t pmp_read_addr(const struct hart *h, unsigned n);

/* Fast paths */
static inline int mmu_load(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    struct tlb_entry *e = tlb_entry(&h->tlb, h->mmu_idx_data, va);
    if (likely(e->tag_r == (va & PAGE_MASK) && (va & ~PAGE_MASK) + size <= PAGE_SIZE)) {
        uint64_t v = 0;
        memcpy(&v, (void *)(e->addend + (uintptr_t)va), size);
        *val = v;
        return EXEC_OK;
    }
    return mmu_load_slow(h, va, size, val);
}

static inline int mmu_store(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    struct tlb_entry *e = tlb_entry(&h->tlb, h->mmu_idx_data, va);
    if (likely(e->tag_w == (va & PAGE_MASK) && (va & ~PAGE_MASK) + size <= PAGE_SIZE)) {
        memcpy((void *)(e->addend + (uintptr_t)va), &val, size);
        return EXEC_OK;
    }
    return mmu_store_slow(h, va, size, val);
}

static inline int mmu_fetch(struct hart *h, uint64_t va, uint32_t *raw)
{
    struct tlb_entry *e = tlb_entry(&h->tlb, h->mmu_idx_fetch, va);
    if (likely(e->tag_x == (va & PAGE_MASK) && (va & ~PAGE_MASK) <= PAGE_SIZE - 4)) {
        uint32_t v;
        memcpy(&v, (void *)(e->addend + (uintptr_t)va), 4);
        *raw = (v & 3) == 3 ? v : (v & 0xffff);
        return EXEC_OK;
    }
    return mmu_fetch_slow(h, va, raw);
}

#endif
