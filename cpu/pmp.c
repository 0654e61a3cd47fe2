/* SPDX-License-Identifier: MIT */
/* Physical memory protection (Priv 3.7): 16 entries with 4-byte granularity,
 * address matching, permission checks, and the WARL and lock rules of the
 * pmpcfg/pmpaddr CSRs. The CSR decoding itself lives in cpu/csr.c. */
#include "mmu.h"

#define PMP_ADDR_BITS   54 /* pmpaddr holds address bits 55:2 on RV64 */
#define PMP_ADDR_MASK   ((1ull << PMP_ADDR_BITS) - 1)
#define PMP_A_SHIFT     3
#define PMP_CFG_PER_REG 8 /* entries per pmpcfg register on RV64 */

static unsigned pmp_mode(uint8_t cfg) { return (cfg & PMP_A) >> PMP_A_SHIFT; }

/* The byte range [*lo, *hi) that entry n matches (Priv 3.7.1.2, Table 3.11).
 * Returns false when it matches nothing: A=OFF, or a TOR entry whose bottom
 * is not below its top. */
static bool pmp_range(const struct hart *h, unsigned n, uint64_t *lo, uint64_t *hi)
{
    uint64_t addr = h->pmpaddr[n];
    switch (pmp_mode(h->pmpcfg[n])) {
    case PMP_TOR:
        *lo = n ? h->pmpaddr[n - 1] << 2 : 0;
        *hi = addr << 2;
        return *lo < *hi;
    case PMP_NA4:
        *lo = addr << 2;
        *hi = *lo + 4;
        return true;
    case PMP_NAPOT: {
        /* k trailing ones select a 2^(k+3)-byte region; addr < 2^54, so ~addr has a zero bit */
        unsigned ones = (unsigned)__builtin_ctzll(~addr);
        *lo = (addr & ~((1ull << ones) - 1)) << 2;
        *hi = *lo + (1ull << (ones + 3));
        return true;
    }
    default: return false;
    }
}

/* Priv 3.7.1.3: M-mode ignores unlocked entries; otherwise the R/W/X bit decides. */
static bool pmp_entry_allows(uint8_t cfg, enum mmu_access acc, unsigned priv)
{
    static const uint8_t need[] = {
        [ACCESS_READ] = PMP_R, [ACCESS_WRITE] = PMP_W, [ACCESS_EXEC] = PMP_X};
    if (priv == PRV_M && !(cfg & PMP_L))
        return true;
    return cfg & need[acc];
}

void pmp_update(struct hart *h)
{
    h->pmp_nactive = 0;
    for (unsigned n = 0; n < PMP_COUNT; n++) {
        if (!pmp_range(h, n, &h->pmp_lo[n], &h->pmp_hi[n])) {
            h->pmp_lo[n] = h->pmp_hi[n] = 0; /* no byte is >= 0 and < 0 */
            continue;
        }
        h->pmp_nactive = n + 1;
    }
}

bool pmp_check(const struct hart *h, uint64_t pa, unsigned size, enum mmu_access acc, unsigned priv)
{
    uint64_t end = pa + size;
    for (unsigned n = 0; n < h->pmp_nactive; n++) {
        uint64_t lo = h->pmp_lo[n], hi = h->pmp_hi[n];
        if (end <= lo || pa >= hi)
            continue;
        /* The lowest-numbered entry matching any byte decides, and it must
         * match every byte, whatever its L/R/W/X bits say. */
        if (pa < lo || end > hi)
            return false;
        return pmp_entry_allows(h->pmpcfg[n], acc, priv);
    }
    /* No match: M-mode succeeds; S and U fail since entries are implemented. */
    return priv == PRV_M;
}

bool pmp_page_uniform(const struct hart *h, uint64_t pa, unsigned priv)
{
    uint64_t page = pa & PAGE_MASK, end = page + PAGE_SIZE;
    /* The answer depends on priv only through the deciding entry, which is
     * the same for every byte when the first entry touching the page covers
     * all of it (or no entry touches it). */
    (void)priv;
    for (unsigned n = 0; n < h->pmp_nactive; n++) {
        uint64_t lo = h->pmp_lo[n], hi = h->pmp_hi[n];
        if (end <= lo || page >= hi)
            continue;
        return lo <= page && end <= hi;
    }
    return true;
}

/* Priv 3.7.1: bits 6:5 are WARL zero; R=0 W=1 is reserved, so W is dropped. */
static uint8_t pmp_cfg_legalize(uint8_t cfg)
{
    cfg &= PMP_L | PMP_A | PMP_X | PMP_W | PMP_R;
    if ((cfg & (PMP_R | PMP_W)) == PMP_W)
        cfg &= (uint8_t)~PMP_W;
    return cfg;
}

void pmp_write_cfg(struct hart *h, unsigned index, uint64_t val)
{
    bool changed = false;
    if (index & 1) /* RV64 has only the even-numbered pmpcfg registers */
        return;
    for (unsigned b = 0; b < PMP_CFG_PER_REG; b++) {
        unsigned n = index * 4 + b;
        if (n >= PMP_COUNT || (h->pmpcfg[n] & PMP_L)) /* Priv 3.7.1.3: locked */
            continue;
        uint8_t cfg = pmp_cfg_legalize((uint8_t)(val >> (8 * b)));
        changed |= cfg != h->pmpcfg[n];
        h->pmpcfg[n] = cfg;
    }
    if (changed) {
        pmp_update(h);
        hart_flush_tlb(h); /* TLB entries carry PMP decisions */
    }
}

uint64_t pmp_read_cfg(const struct hart *h, unsigned index)
{
    uint64_t val = 0;
    if (index & 1)
        return 0;
    for (unsigned b = 0; b < PMP_CFG_PER_REG; b++) {
        unsigned n = index * 4 + b;
        if (n < PMP_COUNT)
            val |= (uint64_t)h->pmpcfg[n] << (8 * b);
    }
    return val;
}

/* Priv 3.7.1.3: a locked entry's address is frozen, and so is the address
 * below a locked TOR entry, which is its bottom. */
static bool pmp_addr_locked(const struct hart *h, unsigned n)
{
    if (h->pmpcfg[n] & PMP_L)
        return true;
    return n + 1 < PMP_COUNT && (h->pmpcfg[n + 1] & PMP_L) && pmp_mode(h->pmpcfg[n + 1]) == PMP_TOR;
}

void pmp_write_addr(struct hart *h, unsigned n, uint64_t val)
{
    if (n >= PMP_COUNT || pmp_addr_locked(h, n))
        return;
    val &= PMP_ADDR_MASK;
    if (val != h->pmpaddr[n]) {
        h->pmpaddr[n] = val;
        pmp_update(h);
        hart_flush_tlb(h);
    }
}

uint64_t pmp_read_addr(const struct hart *h, unsigned n)
{
    return n < PMP_COUNT ? h->pmpaddr[n] : 0; /* G=0: read back as written */
}
