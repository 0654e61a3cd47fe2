/* SPDX-License-Identifier: MIT */
/* The engines the lockstep test can put under test: the JIT one block at a
 * time with chaining off, the JIT chaining through a small budget, and
 * "interp", blocks made of reference-interpreter steps, which must always
 * agree with the reference and so checks the harness itself. */
#include "lockstep.h"
#include "cpu/hart.h"
#include "mem/bus.h"
#include "tcg/jit.h"

#include <string.h>

#define INTERP_BLOCK_MAX 40

#define JIT_MAX_STEPS   (64 + 1) /* docs/jit.md: at most 64 instructions, then a trap */
#define CHAIN_BUDGET    200
#define CHAIN_MAX_STEPS (4 * CHAIN_BUDGET + 2 * JIT_MAX_STEPS)

static void jit_program_start(struct ls_side *s)
{
    (void)s;
    jit_set_chaining(false);
    jit_invalidate_phys(LS_RAM_BASE, LS_RAM_SIZE);
}

static uint64_t jit_block(struct hart *h) { return jit_step_block(h); }

static void chain_program_start(struct ls_side *s)
{
    (void)s;
    jit_set_chaining(true);
    jit_invalidate_phys(LS_RAM_BASE, LS_RAM_SIZE);
}

/* A few chained blocks: jit_run stops at the budget (checked at block
 * entry), an exit request (WFI, CSR writes) or nothing else; traps are taken
 * inside. */
static uint64_t chain_block(struct hart *h)
{
    h->exit_request = 0;
    return jit_run(h, CHAIN_BUDGET);
}

/* Block lengths vary deterministically so that block boundaries fall
 * everywhere. */
static uint32_t interp_len_state = 1;

static unsigned interp_block_len(void)
{
    interp_len_state ^= interp_len_state << 13;
    interp_len_state ^= interp_len_state >> 17;
    interp_len_state ^= interp_len_state << 5;
    return 1 + interp_len_state % INTERP_BLOCK_MAX;
}

/* Like a JIT block: stop after a trap, a control transfer, an exit request
 * (WFI, some CSR writes) or the length limit. */
static uint64_t interp_block(struct hart *h)
{
    uint64_t start = h->minstret;
    unsigned len = interp_block_len();
    for (unsigned k = 0; k < len; k++) {
        uint64_t pc = h->pc;
        h->exit_request = 0;
        h->trap_cause = ~0ull;
        interp_run(h, 1);
        if (h->trap_cause != ~0ull || h->exit_request || (h->pc != pc + 2 && h->pc != pc + 4))
            break;
    }
    return h->minstret - start;
}

static void interp_program_start(struct ls_side *s)
{
    (void)s;
    interp_len_state = 1;
}

/* "interp-bad": the interpreter with one deliberate fault per program, of a
 * kind that rotates from program to program. The harness must report every
 * one of them; the self-check runs it and expects failure. */
#define BAD_AT_BLOCK 10
#define BAD_RAM      (LS_RAM_BASE + LS_RAM_SIZE / 2)

static unsigned bad_program, bad_blocks;
uint64_t ls_bad_paddr = BAD_RAM;

/* Flip a bit of the doubleword at paddr (if it is RAM). */
static void bad_ram(struct hart *h, uint64_t paddr)
{
    uint64_t v;
    if (bus_read(h->bus, paddr, 8, &v) == 0)
        bus_write(h->bus, paddr, 8, v ^ 0x100);
}

static uint64_t bad_block(struct hart *h)
{
    uint64_t n = interp_block(h);
    if (++bad_blocks != BAD_AT_BLOCK)
        return n;
    switch (bad_program % 5) {
    case 0: h->x[10] ^= 1ull << 40; break;
    case 1: h->f[3] ^= 1; break;
    case 2: h->fflags ^= 1; break;
    case 3: bad_ram(h, ls_bad_paddr); break; /* in a range compared after stores */
    default: bad_ram(h, BAD_RAM); break;     /* a page nothing else touches */
    }
    return n;
}

static void bad_program_start(struct ls_side *s)
{
    interp_program_start(s);
    bad_program++;
    bad_blocks = 0;
}

static const struct ls_engine engines[] = {
    {"jit", jit_block, jit_program_start, JIT_MAX_STEPS},
    {"jit-chain", chain_block, chain_program_start, CHAIN_MAX_STEPS},
    {"interp", interp_block, interp_program_start, INTERP_BLOCK_MAX + 1},
    {"interp-bad", bad_block, bad_program_start, INTERP_BLOCK_MAX + 1},
};

const struct ls_engine *ls_engine_find(const char *name)
{
    for (size_t k = 0; k < sizeof(engines) / sizeof(engines[0]); k++)
        if (!strcmp(engines[k].name, name))
            return &engines[k];
    return NULL;
}
