/* SPDX-License-Identifier: MIT */
/* Seeded random test programs for the lockstep test: two pages of random
 * valid (and some invalid) instructions of every class, an M-mode trap handler that
 * skips the faulting instruction, a data area, and for the paged variants
 * Sv39 tables with holes and read-only pages. See README.md for the layout. */
#ifndef LOCKSTEP_GEN_H
#define LOCKSTEP_GEN_H

#include <stdbool.h>
#include <stdint.h>

struct ls_side;

enum gen_variant {
    GEN_M,      /* M-mode, bare */
    GEN_M_MPRV, /* M-mode, loads/stores through Sv39 with MPRV (as U) */
    GEN_S_SV39, /* S-mode under Sv39 */
    GEN_U_SV39, /* U-mode under Sv39 */
    GEN_U_BARE, /* U-mode, bare, PMP only */
    GEN_NVARIANTS
};

#define GEN_PAGE      4096u
#define GEN_HANDLER   0x80000000ull /* M trap handler (physical) */
#define GEN_CODE      0x80001000ull /* the random code, two pages, identity mapped */
#define GEN_CODE_SIZE (2 * GEN_PAGE)
#define GEN_PT        0x80004000ull /* root, level-1, level-0 tables */
#define GEN_DATA      0x80008000ull /* data area, 8 pages */
#define GEN_DATA_SIZE 0x8000u
#define GEN_DATA_BASE (GEN_DATA + GEN_DATA_SIZE / 2) /* x30 */

/* Architectural state a program starts with. */
struct gen_init {
    uint64_t x[32], f[32];
    uint64_t pc;
    unsigned priv;
    uint32_t fcsr;
    uint64_t mstatus, satp, mtvec, menvcfg, senvcfg, mcounteren, scounteren;
    uint64_t pmpaddr[4];
    uint64_t pmpcfg0;
};

struct gen_program {
    unsigned variant;
    uint64_t seed;
    unsigned ninsns;    /* instructions in the code page */
    bool code_writable; /* it modifies itself (else those stores fault) */
    uint8_t handler[GEN_PAGE];
    uint8_t code[GEN_CODE_SIZE];
    uint64_t pt[3][GEN_PAGE / 8]; /* Sv39 tables: root, level 1, level 0 */
    uint8_t data[GEN_DATA_SIZE];
    struct gen_init init;
};

/* Options of gen_program. */
#define GEN_NO_SMC 0x1u /* no self-modifying code: the code page stays read-only */

/* Fill p with the program for (seed, variant, flags). Returns 0, or -1 with
 * a message if the generator's own encodings fail to decode as intended. */
int gen_program(struct gen_program *p, uint64_t seed, unsigned variant, unsigned flags);

/* Copy p into s's RAM (after ls_side_reset) and set its hart's state. 0 or -1. */
int gen_install(const struct gen_program *p, struct ls_side *s);

/* Disassemble len bytes of generated code that sit at guest address addr. */
void gen_print(const uint8_t *code, unsigned len, uint64_t addr);

const char *gen_variant_name(unsigned variant);
/* Variant by name or number, -1 if unknown. */
int gen_variant_parse(const char *s);

#endif
