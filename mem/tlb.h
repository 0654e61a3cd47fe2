/* SPDX-License-Identifier: MIT */
/* The per-hart softMMU TLB: direct-mapped, one table per MMU index, shared by
 * the interpreter and the JIT. A hit turns a guest virtual address into a
 * host pointer with one add. */
#ifndef MEM_TLB_H
#define MEM_TLB_H

#include <stdint.h>
#include <string.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ull << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)

/* Low bits of a tag. A tag equal to the page address (no flag) is a RAM hit;
 * a tag whose page matches but carries a flag goes down the slow path. An
 * empty tag (all ones) never matches. */
#define TLB_FLAG_SLOW 0x1ull /* MMIO, watched or code page: use the slow path */
#define TLB_EMPTY     (~0ull)

/* MMU indices: permissions differ between them, so each has its own table
 * and changing privilege never flushes. */
enum { MMU_IDX_U, MMU_IDX_S, MMU_IDX_S_SUM, MMU_IDX_M, MMU_IDX_COUNT };

struct tlb_entry {
    uint64_t tag_r, tag_w, tag_x;
    uintptr_t addend; /* host = vaddr + addend for RAM pages */
    uint64_t paddr;   /* physical page, for the slow path */
    /* Nonzero when the translation of every tag is global (Priv 4.3.1: a
     * G bit on its walk, or no translation at all) and so the same in
     * every address space: tlb_flush_nonglobal keeps the entry. */
    uint64_t global;
    uint64_t pad[2];
};

struct tlb {
    struct tlb_entry e[MMU_IDX_COUNT][TLB_SIZE];
};

static inline struct tlb_entry *tlb_entry(struct tlb *t, unsigned idx, uint64_t vaddr)
{
    return &t->e[idx][(vaddr >> PAGE_SHIFT) & (TLB_SIZE - 1)];
}

static inline void tlb_flush_all(struct tlb *t) { memset(t, 0xff, sizeof(*t)); }

/* Drop the entries of one address space, keeping the global ones. */
static inline void tlb_flush_nonglobal(struct tlb *t)
{
    for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
        for (unsigned k = 0; k < TLB_SIZE; k++)
            if (!t->e[i][k].global)
                memset(&t->e[i][k], 0xff, sizeof(struct tlb_entry));
}

/* Drop vaddr's page from every MMU index. */
static inline void tlb_flush_page(struct tlb *t, uint64_t vaddr)
{
    for (unsigned i = 0; i < MMU_IDX_COUNT; i++)
        memset(tlb_entry(t, i, vaddr), 0xff, sizeof(struct tlb_entry));
}

#endif
