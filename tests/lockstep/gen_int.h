/* SPDX-License-Identifier: MIT */
/* Inside the random program generator: the seeded RNG, the register
 * conventions of generated code, and the instruction makers of gen_insn.c. */
#ifndef LOCKSTEP_GEN_INT_H
#define LOCKSTEP_GEN_INT_H

#include <stdbool.h>
#include <stdint.h>

/* Register conventions of the generated code:
 *   x29  loop counter of the guarded backward branches (never written else)
 *   x30  GEN_DATA_BASE, the data area's middle (never written)
 *   x31  GEN_CODE + 2048, base of jalr targets in the first page (never written)
 *   x26  GEN_CODE + 6144, the same for the second page (never written)
 *   x27, x28  scratch of the trap handler and of the jump patterns
 *   x2, x3, x8, x9  pointers into the data area, reset every iteration */
#define GEN_R_LOOP    29
#define GEN_R_DATA    30
#define GEN_R_JBASE   31
#define GEN_R_T0      27
#define GEN_R_JBASE2  26
#define GEN_R_T1      28
#define GEN_JBASE_OFF 2048

/* The generator's random state, and the one style choice the instruction
 * makers follow: calm programs avoid faults so that blocks run long. */
struct gen_rng {
    uint64_t s;
    bool calm;
};

/* splitmix64 */
static inline uint64_t rng_next(struct gen_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline unsigned rng_below(struct gen_rng *r, unsigned n)
{
    return (unsigned)(rng_next(r) % n);
}

static inline bool rng_pct(struct gen_rng *r, unsigned percent)
{
    return rng_below(r, 100) < percent;
}

/* Random in [lo, hi]. */
static inline int32_t rng_range(struct gen_rng *r, int32_t lo, int32_t hi)
{
    return lo + (int32_t)rng_below(r, (unsigned)(hi - lo + 1));
}

/* Register choices, biased to a few so that values interact. */
unsigned gen_xrd(struct gen_rng *r); /* a writable integer register */
unsigned gen_xrs(struct gen_rng *r); /* any integer register */
unsigned gen_ptr(struct gen_rng *r); /* usually a data pointer */
unsigned gen_freg(struct gen_rng *r);

/* One random instruction of a class (raw bits; 16-bit forms in the low
 * half) for code running in mode priv. Never a control transfer, xRET, or a
 * write to x26 or x29..x31. */
enum gen_class {
    GC_INT, /* RV64I/M/Zba/Zbb/Zbc/Zbs/Zicond computation */
    GC_MEM, /* integer and FP loads and stores */
    GC_AMO, /* LR/SC and AMOs */
    GC_FP,  /* F and D computation, moves, compares, conversions */
    GC_SYS, /* fences, ecall/ebreak, wfi, sfence.vma, cache-block ops */
    GC_CSR, /* CSR accesses that cannot wreck the harness */
    GC_C,   /* RVC, except control transfers */
    GC_BAD, /* encodings that decode as illegal */
    GC_COUNT
};

/* Set up the per-class row lists (once). */
void gen_insn_init(void);
uint32_t gen_insn(struct gen_rng *r, enum gen_class cls, unsigned priv);
/* A 32-bit instruction whose integer rd (below x26) may have bit 0 flipped in
 * place and stay a valid instruction that leaves x26, x29..x31 alone. */
bool gen_smc_ok(uint32_t raw);

#endif
