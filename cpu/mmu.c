/* SPDX-License-Identifier: MIT */
/* Virtual-memory slow paths: the Sv39/Sv48/Sv57 walk with Svnapot, Svpbmt and
 * hardware A/D updates (Priv 4.3-4.6), PMP of every access, TLB fill, MMIO,
 * and misaligned accesses split at page boundaries. */
#include "mmu.h"
#include "mem/bus.h"
#include "util/bits.h"

#define MMU_PTE_BYTES  8
#define MMU_LEVEL_BITS 9
#define MMU_LEVEL_MASK ((1ull << MMU_LEVEL_BITS) - 1)
#define MMU_NAPOT_MASK 0xfull /* Svnapot: ppn[3:0] of a 64 KiB page */
#define MMU_NAPOT_64K  0x8ull /* ... and the value that encodes 64 KiB */
#define MMU_NAPOT_SIZE (PAGE_SIZE << 4)

/* mmu_walk_step result for a non-leaf PTE; 0 is a leaf, > 0 a cause. */
#define MMU_STEP_NEXT (-1)

struct mmu_walk_req {
    uint64_t va;
    enum mmu_access acc;
    unsigned priv; /* effective privilege, S or U */
    bool update;   /* write A/D back to memory */
};

static int mmu_page_fault(enum mmu_access acc)
{
    static const int cause[] = {[ACCESS_READ] = EXC_LOAD_PAGE_FAULT,
                                [ACCESS_WRITE] = EXC_STORE_PAGE_FAULT,
                                [ACCESS_EXEC] = EXC_INSN_PAGE_FAULT};
    return cause[acc];
}

static int mmu_access_fault(enum mmu_access acc)
{
    static const int cause[] = {[ACCESS_READ] = EXC_LOAD_ACCESS,
                                [ACCESS_WRITE] = EXC_STORE_ACCESS,
                                [ACCESS_EXEC] = EXC_INSN_ACCESS};
    return cause[acc];
}

/* Priv 3.1.6.3: with MPRV, M-mode loads and stores use MPP's privilege. */
static unsigned mmu_eff_priv(const struct hart *h, enum mmu_access acc)
{
    if (acc != ACCESS_EXEC && h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV))
        return (unsigned)((h->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
    return h->priv;
}

/* Page-table levels of satp.MODE, 0 for Bare (csr.c keeps MODE legal). */
static unsigned mmu_levels(const struct hart *h)
{
    switch (h->satp >> SATP_MODE_SHIFT) {
    case SATP_SV39: return 3;
    case SATP_SV48: return 4;
    case SATP_SV57: return 5;
    default: return 0;
    }
}

static uint64_t pte_ppn(uint64_t pte) { return (pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT; }

/* Host pointer to a PTE, or NULL for an access fault. Priv 3.7.1: implicit
 * page-table accesses are checked by PMP as S-mode accesses. ROM holds
 * readable page tables too, but only RAM takes A/D updates. */
static uint64_t *mmu_pte_ptr(struct hart *h, uint64_t pte_pa, bool write)
{
    if (!pmp_check(h, pte_pa, MMU_PTE_BYTES, write ? ACCESS_WRITE : ACCESS_READ, PRV_S))
        return NULL;
    return bus_host_ptr(h->bus, pte_pa, MMU_PTE_BYTES, write);
}

/* Reserved encodings of a valid PTE at this level (Priv 4.3.1, 4.4.1;
 * Svpbmt; Svnapot), all of which raise a page fault. */
static bool mmu_pte_reserved(const struct hart *h, uint64_t pte, unsigned level)
{
    if ((pte & (PTE_R | PTE_W)) == PTE_W || (pte & PTE_RESERVED))
        return true;
    if (!(pte & (PTE_R | PTE_X))) /* pointer: D, A, U, N, PBMT are reserved */
        return pte & (PTE_D | PTE_A | PTE_U | PTE_N | PTE_PBMT);
    uint64_t pbmt = pte & PTE_PBMT;
    if (pbmt && (pbmt == PTE_PBMT || !(h->menvcfg & ENVCFG_PBMTE)))
        return true;
    return (pte & PTE_N) && (level || (pte_ppn(pte) & MMU_NAPOT_MASK) != MMU_NAPOT_64K);
}

/* Priv 4.3.1 with 3.1.6.3 (SUM, MXR): may priv perform acc on this leaf? */
static bool mmu_leaf_allows(const struct hart *h, uint64_t pte, enum mmu_access acc, unsigned priv)
{
    if (pte & PTE_U) {
        /* S-mode never executes U pages, and touches their data only with SUM */
        if (priv == PRV_S && (acc == ACCESS_EXEC || !(h->mstatus & MSTATUS_SUM)))
            return false;
    } else if (priv == PRV_U) {
        return false;
    }
    switch (acc) {
    case ACCESS_READ: return (pte & PTE_R) || ((h->mstatus & MSTATUS_MXR) && (pte & PTE_X));
    case ACCESS_WRITE: return pte & PTE_W;
    default: return pte & PTE_X;
    }
}

/* Priv 4.3.2 step 6: a superpage's low ppn fields must be zero. */
static bool mmu_superpage_misaligned(uint64_t pte, unsigned level)
{
    return pte_ppn(pte) & ((1ull << (MMU_LEVEL_BITS * level)) - 1);
}

/* Priv 4.3.2 step 8: superpages and Svnapot pages take their low ppn bits
 * from the virtual address. */
static uint64_t mmu_leaf_pa(uint64_t pte, uint64_t va, unsigned level)
{
    uint64_t from_va = (1ull << (MMU_LEVEL_BITS * level)) - 1;
    if (pte & PTE_N)
        from_va = MMU_NAPOT_MASK;
    uint64_t ppn = (pte_ppn(pte) & ~from_va) | ((va >> PAGE_SHIFT) & from_va);
    return ppn << PAGE_SHIFT | (va & ~PAGE_MASK);
}

/* Priv 4.3.2 step 7, done by hardware as Svadu allows: set A, and D for a
 * store, by compare-and-swap so that a concurrent PTE change is noticed.
 * Returns 0 when done, 1 when the PTE changed (redo the step), -1 for an
 * access fault on the PTE write. */
static int mmu_update_ad(struct hart *h, uint64_t pte_pa, uint64_t pte, enum mmu_access acc)
{
    uint64_t want = pte | PTE_A | (acc == ACCESS_WRITE ? PTE_D : 0);
    if (want == pte)
        return 0;
    uint64_t *p = mmu_pte_ptr(h, pte_pa, true);
    if (!p)
        return -1;
    if (!__atomic_compare_exchange_n(p, &pte, want, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return 1;
    bus_notify_write(h->bus, pte_pa, MMU_PTE_BYTES);
    return 0;
}

/* Widen the range exec_sfence_vma treats as superpage-mapped by the leaf
 * at level that maps va: 4 KiB << 9 per level, or a 64 KiB NAPOT range
 * (Svnapot, the only size defined) at level 0. */
static void mmu_note_superpage(struct hart *h, uint64_t va, unsigned level)
{
    uint64_t size = level ? PAGE_SIZE << (MMU_LEVEL_BITS * level) : MMU_NAPOT_SIZE;
    uint64_t lo = va & ~(size - 1);
    if (lo < h->tlb_super_lo)
        h->tlb_super_lo = lo;
    if (lo + size - 1 > h->tlb_super_hi)
        h->tlb_super_hi = lo + size - 1;
}

/* Steps 2-8 of Priv 4.3.2 at one level. Returns MMU_STEP_NEXT with *out =
 * the next table's address, 0 with *out = the physical address, or a cause.
 * The PTE's G bit goes into *g. */
static int mmu_walk_step(struct hart *h, const struct mmu_walk_req *r, unsigned level,
                         uint64_t pte_pa, uint64_t *out, uint64_t *g)
{
    for (;;) {
        const uint64_t *p = mmu_pte_ptr(h, pte_pa, false);
        if (!p)
            return mmu_access_fault(r->acc);
        uint64_t pte = __atomic_load_n(p, __ATOMIC_ACQUIRE);
        if (!(pte & PTE_V) || mmu_pte_reserved(h, pte, level))
            return mmu_page_fault(r->acc);
        if (!(pte & (PTE_R | PTE_X))) {
            *out = pte_ppn(pte) << PAGE_SHIFT;
            *g |= pte & PTE_G;
            return MMU_STEP_NEXT;
        }
        if (!mmu_leaf_allows(h, pte, r->acc, r->priv) || mmu_superpage_misaligned(pte, level))
            return mmu_page_fault(r->acc);
        int ad = r->update ? mmu_update_ad(h, pte_pa, pte, r->acc) : 0;
        if (ad < 0)
            return mmu_access_fault(r->acc);
        if (ad == 0) {
            if (level || (pte & PTE_N))
                mmu_note_superpage(h, r->va, level);
            *out = mmu_leaf_pa(pte, r->va, level);
            *g |= pte & PTE_G;
            return 0;
        }
    }
}

/* Priv 4.3.2: translate r->va. Returns 0 with *pa, or the exception cause.
 * *global: whether the translation is the same in every address space
 * (Priv 4.3.1: a G bit anywhere on the walk makes the mapping global; no
 * translation is the same everywhere too). */
static int mmu_do_walk(struct hart *h, const struct mmu_walk_req *r, uint64_t *pa, bool *global)
{
    unsigned levels = mmu_levels(h);
    *global = true;
    if (r->priv == PRV_M || !levels) {
        *pa = r->va;
        return 0;
    }
    /* Priv 4.4.1: bits above the VA width must equal its top bit */
    unsigned va_bits = PAGE_SHIFT + MMU_LEVEL_BITS * levels;
    if ((uint64_t)bits_sext(r->va, va_bits) != r->va)
        return mmu_page_fault(r->acc);
    uint64_t table = (h->satp & SATP_PPN_MASK) << PAGE_SHIFT, g = 0;
    for (unsigned level = levels; level-- > 0;) {
        uint64_t vpn = (r->va >> (PAGE_SHIFT + MMU_LEVEL_BITS * level)) & MMU_LEVEL_MASK;
        uint64_t out = 0;
        int rc = mmu_walk_step(h, r, level, table + vpn * MMU_PTE_BYTES, &out, &g);
        if (rc != MMU_STEP_NEXT) {
            if (rc == 0)
                *pa = out;
            *global = g != 0;
            return rc;
        }
        table = out;
    }
    return mmu_page_fault(r->acc); /* a pointer at level 0 */
}

int mmu_walk(struct hart *h, uint64_t va, enum mmu_access acc, unsigned priv, uint64_t *pa)
{
    const struct mmu_walk_req r = {.va = va, .acc = acc, .priv = priv, .update = false};
    bool global;
    return mmu_do_walk(h, &r, pa, &global);
}

static int mmu_translate_global(struct hart *h, uint64_t va, enum mmu_access acc, unsigned size,
                                uint64_t *pa, bool *global)
{
    unsigned priv = mmu_eff_priv(h, acc);
    const struct mmu_walk_req r = {.va = va, .acc = acc, .priv = priv, .update = true};
    int cause = mmu_do_walk(h, &r, pa, global);
    if (cause)
        return hart_exception(h, (uint64_t)cause, va);
    if (!pmp_check(h, *pa, size, acc, priv))
        return hart_exception(h, (uint64_t)mmu_access_fault(acc), va);
    return EXEC_OK;
}

int mmu_translate(struct hart *h, uint64_t va, enum mmu_access acc, unsigned size, uint64_t *pa)
{
    bool global;
    return mmu_translate_global(h, va, acc, size, pa, &global);
}

/* --- TLB --- */

static struct tlb_entry *mmu_tlb_entry(struct hart *h, uint64_t va, enum mmu_access acc)
{
    unsigned idx = acc == ACCESS_EXEC ? h->mmu_idx_fetch : h->mmu_idx_data;
    return tlb_entry(&h->tlb, idx, va);
}

static uint64_t *mmu_tlb_tag(struct tlb_entry *e, enum mmu_access acc)
{
    return acc == ACCESS_READ ? &e->tag_r : acc == ACCESS_WRITE ? &e->tag_w : &e->tag_x;
}

/* Make e describe the page page_va -> page_pa, dropping tags that belong to
 * another page (they share the addend and paddr). The entry is global only
 * if the tags it keeps and the new one all are. */
static void mmu_tlb_claim(struct tlb_entry *e, uint64_t page_va, uint64_t page_pa, bool global)
{
    uint64_t *tags[] = {&e->tag_r, &e->tag_w, &e->tag_x};
    bool kept = false;
    for (unsigned i = 0; i < ARRAY_SIZE(tags); i++) {
        if (e->paddr != page_pa || (*tags[i] & PAGE_MASK) != page_va)
            *tags[i] = TLB_EMPTY;
        else
            kept = true;
    }
    e->paddr = page_pa;
    e->global = global && (!kept || e->global);
}

/* After a successful translation of an access within one page, cache the
 * page for acc. A fast tag (plain page address) promises a RAM page (or ROM
 * for reads and fetches) with uniform PMP that acc may use anywhere; A, and D
 * for stores, are already set in the PTE. MMIO pages and stores to watched
 * pages get TLB_FLAG_SLOW; pages with mixed PMP get no entry at all. */
static void mmu_tlb_fill(struct hart *h, struct tlb_entry *e, uint64_t va, uint64_t pa,
                         enum mmu_access acc, bool global)
{
    uint64_t page_va = va & PAGE_MASK, page_pa = pa & PAGE_MASK;
    const struct bus_region *r = bus_lookup(h->bus, page_pa);
    if (!r || r->size - (page_pa - r->base) < PAGE_SIZE)
        return;
    if (!pmp_page_uniform(h, page_pa, mmu_eff_priv(h, acc)))
        return;
    bool slow = r->kind == BUS_MMIO || (acc == ACCESS_WRITE && bus_page_watched(h->bus, page_pa));
    if ((r->kind == BUS_ROM && acc == ACCESS_WRITE) || (r->kind == BUS_MMIO && acc == ACCESS_EXEC))
        return; /* these fault below */
    mmu_tlb_claim(e, page_va, page_pa, global);
    if (!slow)
        e->addend = (uintptr_t)(r->host + (page_pa - r->base)) - (uintptr_t)page_va;
    *mmu_tlb_tag(e, acc) = page_va | (slow ? TLB_FLAG_SLOW : 0);
}

/* Translate [va, va+size), which lies in one page. A TLB tag for the page,
 * fast or slow, proves that acc was translated and PMP-checked for all of
 * it; otherwise walk, check PMP and fill. */
static int mmu_piece(struct hart *h, uint64_t va, unsigned size, enum mmu_access acc, uint64_t *pa)
{
    struct tlb_entry *e = mmu_tlb_entry(h, va, acc);
    uint64_t tag = *mmu_tlb_tag(e, acc), page = va & PAGE_MASK;
    if (tag == page || tag == (page | TLB_FLAG_SLOW)) {
        *pa = e->paddr | (va & ~PAGE_MASK);
        return EXEC_OK;
    }
    bool global;
    if (mmu_translate_global(h, va, acc, size, pa, &global) != EXEC_OK)
        return EXEC_TRAP;
    mmu_tlb_fill(h, e, va, *pa, acc, global);
    return EXEC_OK;
}

int mmu_translate_cached(struct hart *h, uint64_t va, enum mmu_access acc, unsigned size,
                         uint64_t *pa)
{
    return mmu_piece(h, va, size, acc, pa);
}

bool mmu_fetch_cached_global(struct hart *h, uint64_t va)
{
    const struct tlb_entry *e = mmu_tlb_entry(h, va, ACCESS_EXEC);
    return e->tag_x == (va & PAGE_MASK) && e->global;
}

/* --- Loads, stores, fetches --- */

/* Priv 3.1.16: a misaligned access crossing a page is done as two parts,
 * both translated and checked before memory is touched, so a fault in the
 * second part (tval = its first byte) leaves no effect. Both parts must be
 * RAM (or ROM for loads): a misaligned access to a device is an access
 * fault. */
static int mmu_split(struct hart *h, uint64_t va, unsigned size, enum mmu_access acc,
                     uint8_t *host[2], uint64_t pa[2], unsigned len[2])
{
    len[0] = (unsigned)(PAGE_SIZE - (va & ~PAGE_MASK));
    len[1] = size - len[0];
    for (unsigned i = 0; i < 2; i++) {
        uint64_t part = va + (i ? len[0] : 0);
        if (mmu_piece(h, part, len[i], acc, &pa[i]) != EXEC_OK)
            return EXEC_TRAP;
        host[i] = bus_host_ptr(h->bus, pa[i], len[i], acc == ACCESS_WRITE);
        if (!host[i])
            return hart_exception(h, (uint64_t)mmu_access_fault(acc), part);
    }
    return EXEC_OK;
}

static bool mmu_in_page(uint64_t va, unsigned size)
{
    return (va & ~PAGE_MASK) + size <= PAGE_SIZE;
}

int mmu_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    uint64_t pa[2];
    if (mmu_in_page(va, size)) {
        if (mmu_piece(h, va, size, ACCESS_READ, &pa[0]) != EXEC_OK)
            return EXEC_TRAP;
        if (bus_read(h->bus, pa[0], size, val) < 0)
            return hart_exception(h, EXC_LOAD_ACCESS, va);
        return EXEC_OK;
    }
    uint8_t *host[2];
    unsigned len[2];
    if (mmu_split(h, va, size, ACCESS_READ, host, pa, len) != EXEC_OK)
        return EXEC_TRAP;
    uint8_t buf[8] = {0}; /* little-endian: the first part holds the low bytes */
    memcpy(buf, host[0], len[0]);
    memcpy(buf + len[0], host[1], len[1]);
    memcpy(val, buf, sizeof(buf));
    return EXEC_OK;
}

int mmu_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    uint64_t pa[2];
    if (mmu_in_page(va, size)) {
        if (mmu_piece(h, va, size, ACCESS_WRITE, &pa[0]) != EXEC_OK)
            return EXEC_TRAP;
        if (bus_write(h->bus, pa[0], size, val) < 0) /* runs the watchers */
            return hart_exception(h, EXC_STORE_ACCESS, va);
        return EXEC_OK;
    }
    uint8_t *host[2];
    unsigned len[2];
    if (mmu_split(h, va, size, ACCESS_WRITE, host, pa, len) != EXEC_OK)
        return EXEC_TRAP;
    uint8_t buf[8];
    memcpy(buf, &val, sizeof(buf));
    memcpy(host[0], buf, len[0]);
    memcpy(host[1], buf + len[0], len[1]);
    bus_notify_write(h->bus, pa[0], len[0]);
    bus_notify_write(h->bus, pa[1], len[1]);
    return EXEC_OK;
}

/* One 16-bit parcel; va is 2-aligned so it never crosses a page. Only RAM
 * and ROM are executable (PMA); anything else is an access fault. */
static int mmu_fetch_parcel(struct hart *h, uint64_t va, uint16_t *parcel)
{
    uint64_t pa;
    if (mmu_piece(h, va, 2, ACCESS_EXEC, &pa) != EXEC_OK)
        return EXEC_TRAP;
    const void *p = bus_host_ptr(h->bus, pa, 2, false);
    if (!p)
        return hart_exception(h, EXC_INSN_ACCESS, va);
    memcpy(parcel, p, 2);
    return EXEC_OK;
}

int mmu_fetch_slow(struct hart *h, uint64_t va, uint32_t *raw)
{
    uint16_t lo, hi;
    ASSERT(!(va & 1)); /* jumps and branches check alignment */
    if (mmu_fetch_parcel(h, va, &lo) != EXEC_OK)
        return EXEC_TRAP;
    if ((lo & 3) != 3) {
        *raw = lo;
        return EXEC_OK;
    }
    /* Priv 3.1.16: a fault on the second parcel reports its own address */
    if (mmu_fetch_parcel(h, va + 2, &hi) != EXEC_OK)
        return EXEC_TRAP;
    *raw = lo | (uint32_t)hi << 16;
    return EXEC_OK;
}

/* AMOs and SC need write permission, which implies read: a PTE with W and
 * not R is reserved, and pmpcfg drops such a W. */
int mmu_atomic_ptr(struct hart *h, uint64_t va, unsigned size, bool is_lr, void **host,
                   uint64_t *pa)
{
    enum mmu_access acc = is_lr ? ACCESS_READ : ACCESS_WRITE;
    if (va & (size - 1))
        return hart_exception(h, is_lr ? EXC_LOAD_MISALIGNED : EXC_STORE_MISALIGNED, va);
    if (mmu_piece(h, va, size, acc, pa) != EXEC_OK)
        return EXEC_TRAP;
    *host = bus_host_ptr(h->bus, *pa, size, true); /* PMA: atomics only in RAM */
    if (!*host)
        return hart_exception(h, (uint64_t)mmu_access_fault(acc), va);
    return EXEC_OK;
}
