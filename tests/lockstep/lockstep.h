/* SPDX-License-Identifier: MIT */
/* The lockstep differential test: two hand-built machines (bus, RAM, one
 * hart) run the same program, one on the engine under test, one on the
 * reference interpreter, and their architectural state is compared after
 * every block. See tests/lockstep/README.md. */
#ifndef LOCKSTEP_H
#define LOCKSTEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

struct bus;
struct hart;

/* Where mismatch reports go (stdout; the self-check silences them). */
extern FILE *ls_out;
struct elf_info;

#define LS_RAM_BASE    0x80000000ull
#define LS_RAM_SIZE    (64ull << 20)
#define LS_CONSOLE_MAX 4096
#define LS_MAX_WATCH   4

/* One machine: a bus with RAM, one hart, and an HTIF tohost watch. */
struct ls_side {
    const char *name;
    struct bus *bus;
    struct hart *h;
    uint8_t *ram; /* host view of all RAM */
    uint64_t watched[LS_MAX_WATCH];
    unsigned nwatched;
    uint64_t tohost, fromhost; /* of the loaded program, 0 if none */
    uint64_t last_cmd;         /* last command the guest stored to tohost */
    bool done;                 /* HTIF exit seen */
    uint64_t exit_code;
    char console[LS_CONSOLE_MAX];
    size_t console_len;
};

/* Returns 0, or -1 with a message. */
int ls_side_init(struct ls_side *s, const char *name);
void ls_side_free(struct ls_side *s);
/* Zero RAM, forget HTIF state, reset the hart to pc in M-mode. */
void ls_side_reset(struct ls_side *s, uint64_t pc);
/* Load an ELF (after ls_side_reset) and watch its tohost. 0 or -1. */
int ls_side_load_elf(struct ls_side *s, const uint8_t *data, size_t size, const char *name,
                     struct elf_info *info);
/* Copy bytes into guest RAM at paddr. 0, or -1 if outside RAM. */
int ls_side_poke(struct ls_side *s, uint64_t paddr, const void *data, size_t len);

/* The engine under test. step_block runs one block (or one step, or a few
 * chained blocks) of h and returns the instructions it retired, at most
 * max_steps reference steps' worth (traps included); program_start forgets
 * everything it cached about guest memory (a new program was loaded). */
#define LS_MAX_STEPS 1024

struct ls_engine {
    const char *name;
    uint64_t (*step_block)(struct hart *h);
    void (*program_start)(struct ls_side *s);
    unsigned max_steps;
};

/* The engines: "jit" (one block at a time, unchained), "jit-chain" (jit_run
 * with chaining on and a small budget), "interp", a block-shaped stepper made
 * of interpreter steps that checks the harness itself, and "interp-bad", the
 * same with deliberate faults (--self-check). NULL if unknown. */
const struct ls_engine *ls_engine_find(const char *name);
/* Where interp-bad corrupts a RAM doubleword the program does not write. */
extern uint64_t ls_bad_paddr;

#define LS_MAX_RANGES 4

/* What to run and how much of RAM to compare on the way. */
struct ls_program {
    const char *name;
    uint64_t max_steps; /* interpreter steps (instructions plus traps) */
    uint64_t max_blocks;
    bool stop_on_htif; /* end at the HTIF exit */
    struct ls_range {
        uint64_t lo, hi;
        bool after_stores; /* only after blocks with a store (else every block) */
    } range[LS_MAX_RANGES];
    unsigned nranges;
    const char *repro; /* how to rerun this program alone, for the report */
};

/* Compare RAM [lo, hi) after every block, or only after blocks in which
 * the reference ran a store (a difference made by the engine under test in
 * another block is then found at the next store, or at the end). */
void ls_program_range(struct ls_program *p, uint64_t lo, uint64_t hi, bool after_stores);

struct ls_result {
    uint64_t blocks, steps;
    uint64_t longest; /* most instructions one engine step retired */
    bool htif_exit;
    uint64_t exit_code;
};

/* Run test and ref in lockstep from their current state. Returns 0 when they
 * agree to the end (HTIF exit or budget), 1 on the first difference (after
 * printing a report to stdout). */
int ls_run(const struct ls_engine *eng, struct ls_side *test, struct ls_side *ref,
           const struct ls_program *p, struct ls_result *res);

/* --- compare.c --- */

/* Architectural state of a hart, as compared. */
struct ls_state {
    uint64_t pc, x[32], f[32];
    uint64_t csr[32];
    unsigned priv;
    bool wfi;
};

void ls_state_save(struct ls_state *st, const struct hart *h);
/* Index of the first differing field or -1; ls_field_name names it. */
int ls_state_diff(const struct ls_state *a, const struct ls_state *b, int from);
const char *ls_field_name(int field, char *buf, size_t len);
uint64_t ls_field_value(const struct ls_state *st, int field);
/* Number of fields ls_state_diff walks. */
int ls_field_count(void);

struct insn;
/* Decode the instruction at virtual pc as fetched in mode priv, without side
 * effects. False if it cannot be read now. */
bool ls_fetch_insn(struct hart *h, unsigned priv, uint64_t pc, struct insn *i);
/* Print the instruction at virtual pc as fetched in mode priv (through h's
 * current page tables, without side effects). */
void ls_print_insn(struct hart *h, unsigned priv, uint64_t pc, const char *prefix);

/* --- stats.c --- */

void ls_stats_enable(void);
/* One reference step from pc in mode priv (decoded again for the count). */
void ls_stats_step(struct hart *h, unsigned priv, uint64_t pc, bool trapped);
void ls_stats_interrupt(void);
void ls_stats_print(void);

/* --- vclock.c --- */

/* The deterministic mtime: advanced by the harness, 0 after a reset. */
void vclock_advance(uint64_t ticks);
void vclock_reset(void);

#endif
