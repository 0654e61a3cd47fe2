/* SPDX-License-Identifier: MIT */
/* Unit tests for cpu/mmu.c: page walks on hand-built Sv39/48/57 tables in
 * guest RAM, permission and encoding faults, A/D updates, TLB fills, MMIO,
 * ROM, watched pages, page-crossing accesses, fetches and atomics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "cpu/mmu.h"
#include "mem/bus.h"

#define RAM_BASE               0x80000000ull
#define RAM_SIZE               (64ull << 20)
#define ROM_BASE               0x20000ull
#define MMIO_BASE              0x10000000ull
#define PT_BASE                (RAM_BASE + 0x100000) /* page-table pages are handed out from here */
#define DATA_PA                (RAM_BASE + 0x600000) /* a 2 MiB-aligned data area */
#define PAGE_LEVEL_SIZE(level) (1ull << (12 + 9 * (level)))

#define LEAF_RWX (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

struct fx {
    struct bus *bus;
    struct hart *h;
    uint64_t pt_next;
    unsigned levels;
    unsigned mmio_reads, mmio_writes, watch_hits;
    uint64_t mmio_last_write;
};

static uint64_t mmio_read(void *opaque, uint64_t offset, unsigned size)
{
    struct fx *f = opaque;
    (void)size;
    f->mmio_reads++;
    return 0x11223344u + offset;
}

static void mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    struct fx *f = opaque;
    (void)offset;
    (void)size;
    f->mmio_writes++;
    f->mmio_last_write = value;
}

static void watcher(void *opaque, uint64_t paddr, unsigned size)
{
    struct fx *f = opaque;
    (void)paddr;
    (void)size;
    f->watch_hits++;
}

static uint8_t *host(struct fx *f, uint64_t pa)
{
    uint8_t *p = bus_host_ptr(f->bus, pa, 1, false);
    assert_non_null(p);
    return p;
}

static uint64_t rd64(struct fx *f, uint64_t pa)
{
    uint64_t v;
    memcpy(&v, host(f, pa), 8);
    return v;
}

static void wr64(struct fx *f, uint64_t pa, uint64_t v) { memcpy(host(f, pa), &v, 8); }

static uint64_t pt_alloc(struct fx *f)
{
    uint64_t pa = f->pt_next;
    f->pt_next += PAGE_SIZE;
    assert_true(f->pt_next <= DATA_PA);
    memset(host(f, pa), 0, PAGE_SIZE);
    return pa;
}

/* Switch to a fresh, empty page table in the given satp mode. */
static void paging(struct fx *f, unsigned mode)
{
    f->levels = mode - SATP_SV39 + 3;
    f->h->satp = (uint64_t)mode << SATP_MODE_SHIFT | pt_alloc(f) >> PAGE_SHIFT;
    hart_flush_tlb(f->h);
}

/* Physical address of va's PTE at `level`, creating tables above it. */
static uint64_t pte_addr(struct fx *f, uint64_t va, unsigned level)
{
    uint64_t table = (f->h->satp & SATP_PPN_MASK) << PAGE_SHIFT;
    for (unsigned l = f->levels - 1;; l--) {
        uint64_t slot = table + ((va >> (12 + 9 * l)) & 511) * 8;
        if (l == level)
            return slot;
        uint64_t pte = rd64(f, slot);
        if (!(pte & PTE_V)) {
            pte = (pt_alloc(f) >> PAGE_SHIFT) << PTE_PPN_SHIFT | PTE_V;
            wr64(f, slot, pte);
        }
        table = ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
    }
}

static uint64_t pte_make(uint64_t pa, uint64_t flags)
{
    return (pa >> PAGE_SHIFT) << PTE_PPN_SHIFT | flags | PTE_V;
}

/* Map va at `level` to pa; returns the PTE's address. */
static uint64_t map(struct fx *f, uint64_t va, uint64_t pa, unsigned level, uint64_t flags)
{
    uint64_t slot = pte_addr(f, va, level);
    wr64(f, slot, pte_make(pa, flags));
    hart_flush_tlb(f->h);
    return slot;
}

/* Set priv and the MPRV/MPP/SUM/MXR bits, as an xRET or CSR write would. */
static void mode(struct fx *f, unsigned priv, uint64_t mstatus_bits)
{
    uint64_t keep = ~(MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR);
    f->h->priv = priv;
    f->h->mstatus = (f->h->mstatus & keep) | mstatus_bits;
    hart_update_mmu_idx(f->h);
    hart_flush_tlb(f->h);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->bus = bus_create();
    assert_int_equal(bus_add_ram(f->bus, "ram", RAM_BASE, RAM_SIZE), 0);
    static const uint8_t rom[PAGE_SIZE] = {0x13, 0x05, 0x10, 0x00}; /* li a0, 1 */
    assert_int_equal(bus_add_rom(f->bus, "rom", ROM_BASE, rom, sizeof(rom)), 0);
    const struct bus_device dev = {.name = "dev",
                                   .base = MMIO_BASE,
                                   .size = PAGE_SIZE,
                                   .min_access = 1,
                                   .max_access = 8,
                                   .read = mmio_read,
                                   .write = mmio_write,
                                   .opaque = f};
    assert_int_equal(bus_add_device(f->bus, &dev), 0);
    f->h = hart_create(f->bus, 0);
    assert_non_null(f->h);
    /* Firmware-style PMP: one entry granting everything to S and U */
    pmp_write_addr(f->h, 0, (1ull << 54) - 1);
    pmp_write_cfg(f->h, 0, PMP_NAPOT << 3 | PMP_R | PMP_W | PMP_X);
    f->pt_next = PT_BASE;
    paging(f, SATP_SV39);
    mode(f, PRV_S, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    hart_free(f->h);
    bus_free(f->bus);
    free(f);
    return 0;
}

/* Translate and expect either pa (cause 0) or a trap with tval = va. */
static void expect_xlate(struct fx *f, uint64_t va, enum mmu_access acc, int cause, uint64_t pa)
{
    uint64_t got = 0;
    int rc = mmu_translate(f->h, va, acc, 4, &got);
    if (!cause) {
        assert_int_equal(rc, EXEC_OK);
        assert_int_equal(got, pa);
        return;
    }
    assert_int_equal(rc, EXEC_TRAP);
    assert_int_equal(f->h->trap_cause, cause);
    assert_int_equal(f->h->trap_tval, va);
}

static void expect_trap(struct fx *f, int rc, int cause, uint64_t tval)
{
    assert_int_equal(rc, EXEC_TRAP);
    assert_int_equal(f->h->trap_cause, cause);
    assert_int_equal(f->h->trap_tval, tval);
}

static void test_m_mode_is_bare(void **state)
{
    struct fx *f = *state;
    mode(f, PRV_M, 0);
    expect_xlate(f, RAM_BASE + 0x10, ACCESS_READ, 0, RAM_BASE + 0x10);
    wr64(f, DATA_PA, 0x0123456789abcdefull);
    uint64_t v;
    assert_int_equal(mmu_load(f->h, DATA_PA, 8, &v), EXEC_OK);
    assert_int_equal(v, 0x0123456789abcdefull);
    /* MPRV with MPP=M stays untranslated */
    mode(f, PRV_M, MSTATUS_MPRV | (uint64_t)PRV_M << MSTATUS_MPP_SHIFT);
    expect_xlate(f, DATA_PA, ACCESS_WRITE, 0, DATA_PA);
    /* An unmapped physical address is an access fault */
    assert_int_equal(mmu_load(f->h, 0x40000000, 4, &v), EXEC_TRAP);
    assert_int_equal(f->h->trap_cause, EXC_LOAD_ACCESS);
}

/* Every page size of every mode: map va at `level`, read a marker through it. */
static void test_page_sizes(void **state)
{
    struct fx *f = *state;
    for (unsigned m = SATP_SV39; m <= SATP_SV57; m++) {
        for (unsigned level = 0; level < m - SATP_SV39 + 3; level++) {
            f->pt_next = PT_BASE;
            paging(f, m);
            uint64_t size = PAGE_LEVEL_SIZE(level);
            uint64_t pa = level <= 1 ? DATA_PA : level == 2 ? RAM_BASE : 0;
            uint64_t va = 3 * size;
            uint64_t target = DATA_PA + 0x12340 + 8 * level;
            uint64_t off = level ? target - pa : 0x340 + 8 * level;
            map(f, va, pa, level, LEAF_RWX);
            expect_xlate(f, va + off, ACCESS_READ, 0, pa + off);
            uint64_t marker = 0x5a5a000000000000ull | m << 8 | level, v = 0;
            wr64(f, pa + off, marker);
            assert_int_equal(mmu_load(f->h, va + off, 8, &v), EXEC_OK);
            assert_int_equal(v, marker);
            assert_int_equal(mmu_store(f->h, va + off, 8, ~marker), EXEC_OK);
            assert_int_equal(rd64(f, pa + off), ~marker);
        }
    }
}

struct perm_case {
    unsigned priv;
    uint64_t mstatus;
    uint64_t pte;
    int read, write, exec; /* expected cause, 0 = allowed */
};

#define MPRV_TO(p) (MSTATUS_MPRV | (uint64_t)(p) << MSTATUS_MPP_SHIFT)
#define AD         (PTE_A | PTE_D)

static void test_permissions(void **state)
{
    struct fx *f = *state;
    static const struct perm_case cases[] = {
        {PRV_S, 0, PTE_R | AD, 0, 15, 12},
        {PRV_S, 0, PTE_R | PTE_W | AD, 0, 0, 12},
        {PRV_S, 0, PTE_X | AD, 13, 15, 0},
        {PRV_S, MSTATUS_MXR, PTE_X | AD, 0, 15, 0},
        {PRV_S, 0, PTE_R | PTE_W | PTE_X | PTE_U | AD, 13, 15, 12},
        {PRV_S, MSTATUS_SUM, PTE_R | PTE_W | PTE_X | PTE_U | AD, 0, 0, 12},
        {PRV_S, MSTATUS_SUM | MSTATUS_MXR, PTE_X | PTE_U | AD, 0, 15, 12},
        {PRV_S, MSTATUS_SUM, PTE_X | PTE_U | AD, 13, 15, 12},
        {PRV_U, 0, PTE_R | PTE_W | PTE_X | AD, 13, 15, 12},
        {PRV_U, MSTATUS_SUM, PTE_R | PTE_W | PTE_X | AD, 13, 15, 12},
        {PRV_U, 0, PTE_R | PTE_W | PTE_X | PTE_U | AD, 0, 0, 0},
        {PRV_U, 0, PTE_R | PTE_U | AD, 0, 15, 12},
        {PRV_U, 0, PTE_X | PTE_U | AD, 13, 15, 0},
        {PRV_U, MSTATUS_MXR, PTE_X | PTE_U | AD, 0, 15, 0},
        /* MPRV: loads and stores use MPP (fetches are checked separately) */
        {PRV_M, MPRV_TO(PRV_S), PTE_R | AD, 0, 15, -1},
        {PRV_M, MPRV_TO(PRV_S), PTE_R | PTE_U | AD, 13, 15, -1},
        {PRV_M, MPRV_TO(PRV_S) | MSTATUS_SUM, PTE_R | PTE_W | PTE_U | AD, 0, 0, -1},
        {PRV_M, MPRV_TO(PRV_U), PTE_R | PTE_W | AD, 13, 15, -1},
        {PRV_M, MPRV_TO(PRV_U), PTE_R | PTE_W | PTE_U | AD, 0, 0, -1},
    };
    uint64_t va = 0x10000, slot = map(f, va, DATA_PA, 0, 0);
    for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct perm_case *c = &cases[i];
        wr64(f, slot, pte_make(DATA_PA, c->pte));
        mode(f, c->priv, c->mstatus);
        expect_xlate(f, va + 0x124, ACCESS_READ, c->read, DATA_PA + 0x124);
        expect_xlate(f, va + 0x124, ACCESS_WRITE, c->write, DATA_PA + 0x124);
        if (c->exec >= 0)
            expect_xlate(f, va + 0x124, ACCESS_EXEC, c->exec, DATA_PA + 0x124);
    }
}

static void test_mprv_fetch_uses_priv(void **state)
{
    struct fx *f = *state;
    map(f, DATA_PA, DATA_PA + 0x1000, 0, PTE_R | PTE_X | PTE_U | AD);
    mode(f, PRV_M, MPRV_TO(PRV_U));
    expect_xlate(f, DATA_PA, ACCESS_READ, 0, DATA_PA + 0x1000);
    expect_xlate(f, DATA_PA, ACCESS_EXEC, 0, DATA_PA);
}

static void test_misaligned_superpage(void **state)
{
    struct fx *f = *state;
    map(f, 0x200000, DATA_PA + 0x1000, 1, LEAF_RWX);
    map(f, 0x40000000, RAM_BASE + 0x200000, 2, LEAF_RWX);
    expect_xlate(f, 0x200010, ACCESS_READ, 13, 0);
    expect_xlate(f, 0x200010, ACCESS_WRITE, 15, 0);
    expect_xlate(f, 0x200010, ACCESS_EXEC, 12, 0);
    expect_xlate(f, 0x40000000, ACCESS_READ, 13, 0);
}

static void test_noncanonical(void **state)
{
    struct fx *f = *state;
    /* vpn[2] = 0x100 holds the canonical va 0xffffffc000000000 */
    map(f, 0xffffffc000000000ull, RAM_BASE, 2, LEAF_RWX);
    expect_xlate(f, 0xffffffc000000010ull, ACCESS_READ, 0, RAM_BASE + 0x10);
    expect_xlate(f, 0x0000004000000010ull, ACCESS_READ, 13, 0);
    expect_xlate(f, 0x8000004000000010ull, ACCESS_WRITE, 15, 0);
    expect_xlate(f, 0x0000004000000010ull, ACCESS_EXEC, 12, 0);
    paging(f, SATP_SV48);
    map(f, 0xffff800000000000ull, RAM_BASE, 2, LEAF_RWX);
    expect_xlate(f, 0xffff800000000010ull, ACCESS_READ, 0, RAM_BASE + 0x10);
    expect_xlate(f, 0x0000800000000010ull, ACCESS_READ, 13, 0);
    paging(f, SATP_SV57);
    map(f, 0xff00000000000000ull, RAM_BASE, 2, LEAF_RWX);
    expect_xlate(f, 0xff00000000000010ull, ACCESS_READ, 0, RAM_BASE + 0x10);
    expect_xlate(f, 0x0100000000000010ull, ACCESS_READ, 13, 0);
}

static void test_reserved_encodings(void **state)
{
    struct fx *f = *state;
    static const uint64_t bad_leaf[] = {
        PTE_W | AD, /* W without R */
        PTE_W | PTE_X | AD,
        LEAF_RWX | 1ull << 54, /* reserved bits 60:54 */
        LEAF_RWX | 1ull << 60,
        LEAF_RWX | 1ull << 61, /* PBMT=NC without menvcfg.PBMTE */
        LEAF_RWX | PTE_N,      /* N with ppn[3:0] != 1000 */
    };
    uint64_t va = 0x30000, slot = map(f, va, DATA_PA, 0, PTE_R | AD);
    f->h->mstatus |= MSTATUS_MXR; /* so that W|X would be readable if it were legal */
    for (unsigned i = 0; i < ARRAY_SIZE(bad_leaf); i++) {
        wr64(f, slot, pte_make(DATA_PA, bad_leaf[i]));
        expect_xlate(f, va, ACCESS_READ, 13, 0);
        expect_xlate(f, va, ACCESS_WRITE, 15, 0);
    }
    f->h->mstatus &= ~MSTATUS_MXR;
    wr64(f, slot, pte_make(DATA_PA, PTE_R | AD) & ~PTE_V);
    expect_xlate(f, va, ACCESS_READ, 13, 0);
    /* Svpbmt: NC and IO are fine once enabled; 3 stays reserved */
    f->h->menvcfg |= ENVCFG_PBMTE;
    wr64(f, slot, pte_make(DATA_PA, PTE_R | AD | 1ull << 61));
    expect_xlate(f, va, ACCESS_READ, 0, DATA_PA);
    wr64(f, slot, pte_make(DATA_PA, PTE_R | AD | 2ull << 61));
    expect_xlate(f, va, ACCESS_READ, 0, DATA_PA);
    wr64(f, slot, pte_make(DATA_PA, PTE_R | AD | 3ull << 61));
    expect_xlate(f, va, ACCESS_READ, 13, 0);
    wr64(f, slot, pte_make(DATA_PA, PTE_R | AD));
    expect_xlate(f, va, ACCESS_READ, 0, DATA_PA);
    /* Non-leaf PTEs: D, A, U, N and PBMT are reserved */
    static const uint64_t bad_pointer[] = {PTE_D, PTE_A, PTE_U, PTE_N, 1ull << 61, 1ull << 57};
    uint64_t ptr = pte_addr(f, va, 1), good = rd64(f, ptr);
    for (unsigned i = 0; i < ARRAY_SIZE(bad_pointer); i++) {
        wr64(f, ptr, good | bad_pointer[i]);
        expect_xlate(f, va, ACCESS_READ, 13, 0); /* the leaf itself is readable */
    }
    wr64(f, ptr, good);
    /* A pointer at level 0 */
    wr64(f, slot, pte_make(PT_BASE, 0));
    expect_xlate(f, va, ACCESS_EXEC, 12, 0);
    /* N on a superpage */
    map(f, 0x600000, DATA_PA, 1, PTE_R | AD | PTE_N);
    expect_xlate(f, 0x600000, ACCESS_READ, 13, 0);
}

static void test_napot_64k(void **state)
{
    struct fx *f = *state;
    uint64_t pa = DATA_PA + 0x10000; /* 64 KiB aligned */
    uint64_t pte = pte_make(pa, PTE_R | PTE_W | AD | PTE_N) | 0x8ull << PTE_PPN_SHIFT;
    wr64(f, pte_addr(f, 0x45000, 0), pte);
    wr64(f, pte_addr(f, 0x4f000, 0), pte);
    hart_flush_tlb(f->h);
    expect_xlate(f, 0x45abc, ACCESS_READ, 0, pa + 0x5abc);
    expect_xlate(f, 0x4f008, ACCESS_WRITE, 0, pa + 0xf008);
    /* sfence.vma of an address in the 64 KiB range must flush everything */
    assert_int_equal(f->h->tlb_super_lo, 0x40000);
    assert_int_equal(f->h->tlb_super_hi, 0x4ffff);
    wr64(f, pa + 0x5ab8, 0x77);
    uint64_t v;
    assert_int_equal(mmu_load(f->h, 0x45ab8, 8, &v), EXEC_OK);
    assert_int_equal(v, 0x77);
    /* Any other ppn[3:0] is reserved */
    wr64(f, pte_addr(f, 0x45000, 0), pte ^ 0xcull << PTE_PPN_SHIFT);
    expect_xlate(f, 0x45abc, ACCESS_READ, 13, 0);
}

static void test_ad_updates(void **state)
{
    struct fx *f = *state;
    uint64_t slot = map(f, 0x50000, DATA_PA, 0, PTE_R | PTE_W | PTE_X);
    uint64_t pa, v;
    /* mmu_walk is for debuggers: it leaves A/D alone */
    assert_int_equal(mmu_walk(f->h, 0x50008, ACCESS_WRITE, PRV_S, &pa), 0);
    assert_int_equal(pa, DATA_PA + 8);
    assert_int_equal(rd64(f, slot) & AD, 0);
    assert_int_equal(mmu_load(f->h, 0x50008, 8, &v), EXEC_OK);
    assert_int_equal(rd64(f, slot) & AD, PTE_A);
    assert_int_equal(mmu_store(f->h, 0x50010, 4, 1), EXEC_OK);
    assert_int_equal(rd64(f, slot) & AD, AD);
    assert_int_equal(rd64(f, slot), pte_make(DATA_PA, PTE_R | PTE_W | PTE_X | AD));
    /* A fetch sets A too */
    wr64(f, slot, pte_make(DATA_PA, PTE_X));
    hart_flush_tlb(f->h);
    uint32_t raw;
    assert_int_equal(mmu_fetch(f->h, 0x50000, &raw), EXEC_OK);
    assert_int_equal(rd64(f, slot), pte_make(DATA_PA, PTE_X | PTE_A));
    /* A superpage's A/D live in its own PTE */
    uint64_t big = map(f, 0x200000, DATA_PA + 0x200000, 1, PTE_R | PTE_W);
    assert_false(hart_in_superpage(f->h, 0x200000));
    assert_int_equal(mmu_store(f->h, 0x200100, 8, 5), EXEC_OK);
    assert_int_equal(rd64(f, big) & AD, AD);
    /* the whole 2 MiB range counts as superpage-mapped, not beyond it */
    assert_true(hart_in_superpage(f->h, 0x200000));
    assert_true(hart_in_superpage(f->h, 0x3ff000));
    assert_false(hart_in_superpage(f->h, 0x400000));
    assert_false(hart_in_superpage(f->h, 0x50000));
}

static void test_ad_write_needs_pmp(void **state)
{
    struct fx *f = *state;
    uint64_t slot = map(f, 0x50000, DATA_PA, 0, PTE_R | PTE_W);
    /* Page tables readable but not writable by S-mode (the walker's view) */
    f->h->pmpaddr[0] = (PT_BASE >> 2) | ((0x100000 >> 3) - 1);
    f->h->pmpcfg[0] = PMP_NAPOT << 3 | PMP_R;
    f->h->pmpaddr[1] = (1ull << 54) - 1;
    f->h->pmpcfg[1] = PMP_NAPOT << 3 | PMP_R | PMP_W | PMP_X;
    pmp_update(f->h);
    hart_flush_tlb(f->h);
    expect_xlate(f, 0x50000, ACCESS_READ, EXC_LOAD_ACCESS, 0);
    wr64(f, slot, pte_make(DATA_PA, PTE_R | PTE_W | PTE_A));
    expect_xlate(f, 0x50000, ACCESS_READ, 0, DATA_PA);
    expect_xlate(f, 0x50000, ACCESS_WRITE, EXC_STORE_ACCESS, 0);
    /* No read access to the page tables either */
    f->h->pmpcfg[0] = PMP_NAPOT << 3;
    pmp_update(f->h);
    expect_xlate(f, 0x50000, ACCESS_EXEC, EXC_INSN_ACCESS, 0);
}

static void test_pte_outside_ram(void **state)
{
    struct fx *f = *state;
    f->h->satp = (uint64_t)SATP_SV39 << SATP_MODE_SHIFT | (0x40000000 >> PAGE_SHIFT);
    expect_xlate(f, 0x1000, ACCESS_READ, EXC_LOAD_ACCESS, 0);
    expect_xlate(f, 0x1000, ACCESS_WRITE, EXC_STORE_ACCESS, 0);
    expect_xlate(f, 0x1000, ACCESS_EXEC, EXC_INSN_ACCESS, 0);
    f->h->satp = (uint64_t)SATP_SV39 << SATP_MODE_SHIFT | (MMIO_BASE >> PAGE_SHIFT);
    expect_xlate(f, 0x1000, ACCESS_READ, EXC_LOAD_ACCESS, 0);
}

static void test_no_pmp_entry_denies_s(void **state)
{
    struct fx *f = *state;
    map(f, 0x50000, DATA_PA, 0, LEAF_RWX);
    f->h->pmpcfg[0] = 0;
    pmp_update(f->h);
    expect_xlate(f, 0x50000, ACCESS_READ, EXC_LOAD_ACCESS, 0); /* the walk's own read */
    f->h->satp = 0;
    expect_xlate(f, DATA_PA, ACCESS_WRITE, EXC_STORE_ACCESS, 0);
    mode(f, PRV_M, 0);
    expect_xlate(f, DATA_PA, ACCESS_WRITE, 0, DATA_PA);
}

static void test_tlb_fill_and_hit(void **state)
{
    struct fx *f = *state;
    uint64_t va = 0x7000, slot = map(f, va, DATA_PA, 0, PTE_R | PTE_W | PTE_A);
    uint64_t v;
    wr64(f, DATA_PA + 0x10, 111);
    wr64(f, DATA_PA + 0x2010, 222);
    assert_int_equal(mmu_load(f->h, va + 0x10, 8, &v), EXEC_OK);
    assert_int_equal(v, 111);
    struct tlb_entry *e = tlb_entry(&f->h->tlb, f->h->mmu_idx_data, va);
    assert_int_equal(e->tag_r, va);
    assert_int_equal(e->tag_w, TLB_EMPTY); /* a load fills the read tag only */
    assert_int_equal(e->tag_x, TLB_EMPTY);
    assert_int_equal(e->paddr, DATA_PA);
    assert_ptr_equal((void *)(e->addend + (uintptr_t)va), host(f, DATA_PA));
    /* Retarget the PTE without a flush: the TLB keeps the old page */
    wr64(f, slot, pte_make(DATA_PA + 0x2000, PTE_R | PTE_W | PTE_A));
    assert_int_equal(mmu_load(f->h, va + 0x10, 8, &v), EXEC_OK);
    assert_int_equal(v, 111);
    hart_flush_tlb(f->h);
    assert_int_equal(mmu_load(f->h, va + 0x10, 8, &v), EXEC_OK);
    assert_int_equal(v, 222);
    /* D was clear: the store walks, sets D, and only then gets a fast tag */
    assert_int_equal(e->tag_w, TLB_EMPTY);
    assert_int_equal(mmu_store(f->h, va + 0x18, 8, 333), EXEC_OK);
    assert_true(rd64(f, slot) & PTE_D);
    assert_int_equal(e->tag_w, va);
    assert_int_equal(e->tag_r, va);
    assert_int_equal(rd64(f, DATA_PA + 0x2018), 333);
    /* A new translation of the same page drops tags made for the old one */
    wr64(f, slot, pte_make(DATA_PA + 0x4000, PTE_R | PTE_W | AD));
    e->tag_w = TLB_EMPTY;
    assert_int_equal(mmu_store(f->h, va + 0x18, 8, 444), EXEC_OK);
    assert_int_equal(rd64(f, DATA_PA + 0x4018), 444);
    assert_int_equal(e->tag_w, va);
    assert_int_equal(e->tag_r, TLB_EMPTY);
    assert_int_equal(e->paddr, DATA_PA + 0x4000);
    /* A different page on the same entry evicts both tags */
    uint64_t other = va + TLB_SIZE * PAGE_SIZE;
    map(f, other, DATA_PA + 0x3000, 0, PTE_X | PTE_A);
    assert_int_equal(mmu_load(f->h, va, 8, &v), EXEC_OK);
    assert_int_equal(mmu_store(f->h, va, 8, v), EXEC_OK);
    uint32_t raw;
    assert_int_equal(mmu_fetch(f->h, other, &raw), EXEC_OK);
    e = tlb_entry(&f->h->tlb, f->h->mmu_idx_fetch, other);
    assert_int_equal(e->tag_x, other);
    assert_int_equal(e->tag_r, TLB_EMPTY);
    assert_int_equal(e->tag_w, TLB_EMPTY);
}

/* Priv 4.3.1: a G bit on the leaf or on a pointer above it makes the
 * translation global; the TLB marks such entries and a flush of one
 * address space keeps them. */
static void test_tlb_global(void **state)
{
    struct fx *f = *state;
    uint64_t leaf_g = 0x7000, plain = 0x8000, under_g = 0x40000000;
    map(f, leaf_g, DATA_PA, 0, PTE_R | PTE_X | PTE_G | PTE_A);
    map(f, plain, DATA_PA + 0x1000, 0, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    map(f, under_g, DATA_PA + 0x2000, 0, PTE_R | PTE_A);
    uint64_t ptr = pte_addr(f, under_g, 1);
    wr64(f, ptr, rd64(f, ptr) | PTE_G);
    uint64_t v;
    uint32_t raw;
    assert_int_equal(mmu_load(f->h, leaf_g, 8, &v), EXEC_OK);
    assert_int_equal(mmu_load(f->h, plain, 8, &v), EXEC_OK);
    assert_int_equal(mmu_load(f->h, under_g, 8, &v), EXEC_OK);
    assert_int_equal(mmu_fetch(f->h, leaf_g, &raw), EXEC_OK);
    assert_int_equal(mmu_fetch(f->h, plain, &raw), EXEC_OK);
    unsigned idx = f->h->mmu_idx_data;
    assert_true(tlb_entry(&f->h->tlb, idx, leaf_g)->global);
    assert_false(tlb_entry(&f->h->tlb, idx, plain)->global);
    assert_true(tlb_entry(&f->h->tlb, idx, under_g)->global);
    assert_true(mmu_fetch_cached_global(f->h, leaf_g));
    assert_false(mmu_fetch_cached_global(f->h, plain));
    assert_false(mmu_fetch_cached_global(f->h, leaf_g + TLB_SIZE * PAGE_SIZE)); /* not cached */
    /* The same page through a non-global PTE: the entry keeps the read tag
     * but is no longer global */
    wr64(f, pte_addr(f, leaf_g, 0), pte_make(DATA_PA, PTE_R | PTE_W | PTE_A | PTE_D));
    assert_int_equal(mmu_store(f->h, leaf_g, 8, v), EXEC_OK);
    struct tlb_entry *e = tlb_entry(&f->h->tlb, idx, leaf_g);
    assert_int_equal(e->tag_r, leaf_g);
    assert_int_equal(e->tag_w, leaf_g);
    assert_false(e->global);
    /* ... and the other way round: a global tag joining a non-global one */
    wr64(f, pte_addr(f, plain, 0),
         pte_make(DATA_PA + 0x1000, PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D));
    assert_int_equal(mmu_store(f->h, plain, 8, v), EXEC_OK);
    assert_int_equal(tlb_entry(&f->h->tlb, idx, plain)->tag_w, plain);
    assert_int_equal(tlb_entry(&f->h->tlb, idx, plain)->tag_r, plain);
    assert_false(tlb_entry(&f->h->tlb, idx, plain)->global);
    hart_flush_tlb_space(f->h);
    assert_int_equal(e->tag_r, TLB_EMPTY);
    assert_int_equal(tlb_entry(&f->h->tlb, idx, plain)->tag_r, TLB_EMPTY);
    assert_int_equal(tlb_entry(&f->h->tlb, idx, under_g)->tag_r, under_g);
    /* No translation (M mode) is the same in every address space */
    mode(f, PRV_M, 0);
    assert_int_equal(mmu_fetch(f->h, DATA_PA, &raw), EXEC_OK);
    assert_true(mmu_fetch_cached_global(f->h, DATA_PA));
}

static void test_tlb_read_only_page(void **state)
{
    struct fx *f = *state;
    uint64_t va = 0x8000;
    map(f, va, DATA_PA, 0, PTE_R | PTE_A);
    uint64_t v;
    assert_int_equal(mmu_load(f->h, va, 8, &v), EXEC_OK);
    expect_trap(f, mmu_store(f->h, va + 4, 4, 1), EXC_STORE_PAGE_FAULT, va + 4);
    struct tlb_entry *e = tlb_entry(&f->h->tlb, f->h->mmu_idx_data, va);
    assert_int_equal(e->tag_r, va);
    assert_int_equal(e->tag_w, TLB_EMPTY);
}

static void test_tlb_mmio(void **state)
{
    struct fx *f = *state;
    uint64_t va = 0x9000, v;
    uint64_t slot = map(f, va, MMIO_BASE, 0, LEAF_RWX);
    assert_int_equal(mmu_load(f->h, va + 8, 4, &v), EXEC_OK);
    assert_int_equal(v, 0x11223344u + 8);
    struct tlb_entry *e = tlb_entry(&f->h->tlb, f->h->mmu_idx_data, va);
    assert_int_equal(e->tag_r, va | TLB_FLAG_SLOW);
    assert_int_equal(e->paddr, MMIO_BASE);
    /* The slow tag still caches the translation: no walk until a flush */
    wr64(f, slot, 0);
    assert_int_equal(mmu_load(f->h, va + 8, 4, &v), EXEC_OK);
    assert_int_equal(f->mmio_reads, 2);
    wr64(f, slot, pte_make(MMIO_BASE, LEAF_RWX));
    assert_int_equal(mmu_store(f->h, va + 16, 8, 0xabcdef), EXEC_OK);
    assert_int_equal(mmu_store(f->h, va + 16, 8, 0xabcdee), EXEC_OK);
    assert_int_equal(f->mmio_writes, 2);
    assert_int_equal(f->mmio_last_write, 0xabcdee);
    assert_int_equal(e->tag_w, va | TLB_FLAG_SLOW);
    /* Devices are not executable, and misaligned device accesses fault */
    uint32_t raw;
    expect_trap(f, mmu_fetch(f->h, va, &raw), EXC_INSN_ACCESS, va);
    assert_int_equal(e->tag_x, TLB_EMPTY);
    expect_trap(f, mmu_load(f->h, va + 2, 4, &v), EXC_LOAD_ACCESS, va + 2);
}

static void test_watched_page(void **state)
{
    struct fx *f = *state;
    uint64_t va = 0xa000, v;
    assert_int_equal(bus_watch(f->bus, DATA_PA + 0x100, 8, watcher, f), 0);
    map(f, va, DATA_PA, 0, LEAF_RWX);
    assert_int_equal(mmu_store(f->h, va + 0x100, 8, 42), EXEC_OK);
    assert_int_equal(mmu_store(f->h, va + 0x100, 8, 43), EXEC_OK);
    assert_int_equal(f->watch_hits, 2);
    assert_int_equal(rd64(f, DATA_PA + 0x100), 43);
    assert_int_equal(mmu_load(f->h, va + 0x100, 8, &v), EXEC_OK);
    struct tlb_entry *e = tlb_entry(&f->h->tlb, f->h->mmu_idx_data, va);
    assert_int_equal(e->tag_w, va | TLB_FLAG_SLOW);
    assert_int_equal(e->tag_r, va); /* loads stay fast */
}

static void test_rom(void **state)
{
    struct fx *f = *state;
    uint64_t va = 0xb000, v;
    map(f, va, ROM_BASE, 0, LEAF_RWX);
    assert_int_equal(mmu_load(f->h, va, 4, &v), EXEC_OK);
    assert_int_equal(v, 0x00100513);
    uint32_t raw;
    assert_int_equal(mmu_fetch(f->h, va, &raw), EXEC_OK);
    assert_int_equal(raw, 0x00100513);
    struct tlb_entry *e = tlb_entry(&f->h->tlb, f->h->mmu_idx_data, va);
    assert_int_equal(e->tag_r, va);
    expect_trap(f, mmu_store(f->h, va + 8, 8, 1), EXC_STORE_ACCESS, va + 8);
    assert_int_equal(e->tag_w, TLB_EMPTY);
    /* A region smaller than the page gets no fast entry */
    static const uint8_t small[0x100] = {0x5a};
    assert_int_equal(bus_add_rom(f->bus, "small", ROM_BASE + 0x10000, small, sizeof(small)), 0);
    map(f, va, ROM_BASE + 0x10000, 0, LEAF_RWX);
    assert_int_equal(mmu_load(f->h, va, 1, &v), EXEC_OK);
    assert_int_equal(v, 0x5a);
    assert_int_equal(e->tag_r, TLB_EMPTY);
    expect_trap(f, mmu_load(f->h, va + 0x100, 1, &v), EXC_LOAD_ACCESS, va + 0x100);
}

static void test_pmp_mixed_page_not_cached(void **state)
{
    struct fx *f = *state;
    uint64_t va = 0xc000, v;
    map(f, va, DATA_PA, 0, LEAF_RWX);
    /* entry 0: a read-only word inside the page; entry 1: everything */
    f->h->pmpaddr[0] = (DATA_PA + 0x40) >> 2;
    f->h->pmpcfg[0] = PMP_NA4 << 3 | PMP_R;
    f->h->pmpaddr[1] = (1ull << 54) - 1;
    f->h->pmpcfg[1] = PMP_NAPOT << 3 | PMP_R | PMP_W | PMP_X;
    pmp_update(f->h);
    hart_flush_tlb(f->h);
    assert_int_equal(mmu_load(f->h, va, 8, &v), EXEC_OK);
    struct tlb_entry *e = tlb_entry(&f->h->tlb, f->h->mmu_idx_data, va);
    assert_int_equal(e->tag_r, TLB_EMPTY);
    assert_int_equal(mmu_load(f->h, va + 0x40, 4, &v), EXEC_OK);
    expect_trap(f, mmu_store(f->h, va + 0x40, 4, 0), EXC_STORE_ACCESS, va + 0x40);
    expect_trap(f, mmu_load(f->h, va + 0x40, 8, &v), EXC_LOAD_ACCESS, va + 0x40);
    assert_int_equal(mmu_store(f->h, va + 0x48, 8, 0), EXEC_OK);
    assert_int_equal(e->tag_w, TLB_EMPTY);
}

static void test_cross_page(void **state)
{
    struct fx *f = *state;
    uint64_t p1 = DATA_PA, p2 = DATA_PA + 0x5000, v;
    map(f, 0xa000, p1, 0, LEAF_RWX);
    uint64_t slot2 = map(f, 0xb000, p2, 0, LEAF_RWX);
    wr64(f, p1 + 0xff8, 0x4433221100000000ull);
    wr64(f, p2, 0x0000000077665544ull);
    assert_int_equal(mmu_load(f->h, 0xaffc, 8, &v), EXEC_OK);
    assert_int_equal(v, 0x7766554444332211ull);
    assert_int_equal(mmu_load(f->h, 0xaffe, 4, &v), EXEC_OK);
    assert_int_equal(v, 0x55444433);
    /* Both parts of a split store run their watchers */
    assert_int_equal(bus_watch(f->bus, p1 + 0xffc, 4, watcher, f), 0);
    assert_int_equal(bus_watch(f->bus, p2, 4, watcher, f), 0);
    assert_int_equal(mmu_store(f->h, 0xafff, 2, 0xbbaa), EXEC_OK);
    assert_int_equal(host(f, p1 + 0xfff)[0], 0xaa);
    assert_int_equal(host(f, p2)[0], 0xbb);
    assert_int_equal(f->watch_hits, 2);
    /* The second page faults: tval is its first byte, and nothing is stored */
    wr64(f, slot2, 0);
    hart_flush_tlb(f->h);
    expect_trap(f, mmu_load(f->h, 0xaffc, 8, &v), EXC_LOAD_PAGE_FAULT, 0xb000);
    uint64_t before = rd64(f, p1 + 0xff8);
    expect_trap(f, mmu_store(f->h, 0xaffa, 8, ~0ull), EXC_STORE_PAGE_FAULT, 0xb000);
    assert_int_equal(rd64(f, p1 + 0xff8), before);
    /* The first page faults first */
    expect_trap(f, mmu_load(f->h, 0xbffc, 8, &v), EXC_LOAD_PAGE_FAULT, 0xbffc);
    /* Into a device: an access fault on that part */
    map(f, 0xb000, MMIO_BASE, 0, LEAF_RWX);
    expect_trap(f, mmu_load(f->h, 0xaffe, 4, &v), EXC_LOAD_ACCESS, 0xb000);
}

static void test_fetch(void **state)
{
    struct fx *f = *state;
    uint64_t p1 = DATA_PA, p2 = DATA_PA + 0x3000;
    uint64_t slot1 = map(f, 0xd000, p1, 0, PTE_X | PTE_A);
    uint64_t slot2 = map(f, 0xe000, p2, 0, PTE_X | PTE_A);
    uint32_t raw;
    memcpy(host(f, p1 + 0xffe), (const uint8_t[]){0x13, 0x05}, 2); /* low half of addi */
    memcpy(host(f, p2), (const uint8_t[]){0x10, 0x00}, 2);
    assert_int_equal(mmu_fetch(f->h, 0xdffe, &raw), EXEC_OK);
    assert_int_equal(raw, 0x00100513);
    /* Second page not executable: tval is the second parcel's address */
    wr64(f, slot2, pte_make(p2, PTE_R | PTE_A));
    hart_flush_tlb(f->h);
    expect_trap(f, mmu_fetch(f->h, 0xdffe, &raw), EXC_INSN_PAGE_FAULT, 0xe000);
    /* A compressed instruction at the end of the page needs no second parcel */
    memcpy(host(f, p1 + 0xffe), (const uint8_t[]){0x01, 0x00}, 2); /* c.nop */
    assert_int_equal(mmu_fetch(f->h, 0xdffe, &raw), EXEC_OK);
    assert_int_equal(raw, 0x0001);
    /* First page not executable */
    wr64(f, slot1, pte_make(p1, PTE_R | PTE_A));
    hart_flush_tlb(f->h);
    expect_trap(f, mmu_fetch(f->h, 0xd100, &raw), EXC_INSN_PAGE_FAULT, 0xd100);
    /* A fetched page gets a fast x tag */
    wr64(f, slot1, pte_make(p1, PTE_X | PTE_A));
    hart_flush_tlb(f->h);
    wr64(f, p1 + 0x100, 0x00000013);
    assert_int_equal(mmu_fetch(f->h, 0xd100, &raw), EXEC_OK);
    assert_int_equal(raw, 0x13);
    assert_int_equal(tlb_entry(&f->h->tlb, f->h->mmu_idx_fetch, 0xd000)->tag_x, 0xd000);
}

static void test_atomic_ptr(void **state)
{
    struct fx *f = *state;
    uint64_t slot = map(f, 0xf000, DATA_PA, 0, PTE_R | PTE_W);
    void *p;
    uint64_t pa;
    expect_trap(f, mmu_atomic_ptr(f->h, 0xf004, 8, false, &p, &pa), EXC_STORE_MISALIGNED, 0xf004);
    expect_trap(f, mmu_atomic_ptr(f->h, 0xf002, 4, true, &p, &pa), EXC_LOAD_MISALIGNED, 0xf002);
    assert_int_equal(mmu_atomic_ptr(f->h, 0xf010, 4, true, &p, &pa), EXEC_OK);
    assert_int_equal(rd64(f, slot) & AD, PTE_A);
    assert_int_equal(pa, DATA_PA + 0x10);
    assert_ptr_equal(p, host(f, DATA_PA + 0x10));
    assert_int_equal(mmu_atomic_ptr(f->h, 0xf018, 8, false, &p, &pa), EXEC_OK);
    assert_int_equal(rd64(f, slot) & AD, AD);
    assert_ptr_equal(p, host(f, DATA_PA + 0x18));
    /* Read-only: LR works, AMO/SC take a store page fault */
    wr64(f, slot, pte_make(DATA_PA, PTE_R | PTE_A));
    hart_flush_tlb(f->h);
    assert_int_equal(mmu_atomic_ptr(f->h, 0xf010, 4, true, &p, &pa), EXEC_OK);
    expect_trap(f, mmu_atomic_ptr(f->h, 0xf010, 4, false, &p, &pa), EXC_STORE_PAGE_FAULT, 0xf010);
    /* Not RAM: access faults */
    map(f, 0xf000, MMIO_BASE, 0, LEAF_RWX);
    expect_trap(f, mmu_atomic_ptr(f->h, 0xf010, 4, false, &p, &pa), EXC_STORE_ACCESS, 0xf010);
    expect_trap(f, mmu_atomic_ptr(f->h, 0xf010, 4, true, &p, &pa), EXC_LOAD_ACCESS, 0xf010);
    map(f, 0xf000, ROM_BASE, 0, LEAF_RWX);
    expect_trap(f, mmu_atomic_ptr(f->h, 0xf010, 8, true, &p, &pa), EXC_LOAD_ACCESS, 0xf010);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_m_mode_is_bare),
        T(test_page_sizes),
        T(test_permissions),
        T(test_mprv_fetch_uses_priv),
        T(test_misaligned_superpage),
        T(test_noncanonical),
        T(test_reserved_encodings),
        T(test_napot_64k),
        T(test_ad_updates),
        T(test_ad_write_needs_pmp),
        T(test_pte_outside_ram),
        T(test_no_pmp_entry_denies_s),
        T(test_tlb_fill_and_hit),
        T(test_tlb_global),
        T(test_tlb_read_only_page),
        T(test_tlb_mmio),
        T(test_watched_page),
        T(test_rom),
        T(test_pmp_mixed_page_not_cached),
        T(test_cross_page),
        T(test_fetch),
        T(test_atomic_ptr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
