/* SPDX-License-Identifier: MIT */
/* The JIT's runtime contract: translation blocks, how generated code is
 * entered and how it leaves, the backend interface, and the C helpers that
 * generated code calls. tcg/tb.c owns the cache, tcg/jit.c the run loop,
 * a backend (tcg/x86_64/codegen.c, tcg/tci/) turns an ir_block into code.
 *
 * Register and frame conventions (x86-64 backend): generated code runs with
 * the hart pointer in rbp; it is entered through jit_enter, a prologue that
 * saves the callee-saved registers, and leaves by jumping to the epilogue
 * with an exit code in rax. */
#ifndef TCG_JIT_H
#define TCG_JIT_H

#include <stddef.h>
#include <stdint.h>
#include "ir.h"

struct hart;

/* Exit codes returned by generated code (rax), then by jit_enter:
 *   JIT_EXIT_LOOKUP  h->pc holds the next pc; look it up (exit_pc, and
 *                    goto_tb to another page, when the jump cache missed).
 *   JIT_EXIT_TRAP    a guest exception: h->pc is the faulting instruction,
 *                    h->trap_cause/trap_tval are set; globals are in memory.
 *   JIT_EXIT_STOP    h->pc holds the next pc; return to the run loop (exit
 *                    request, WFI, system instruction, code invalidated).
 *   (uintptr_t)tb | (slot + 1)   goto_tb slot of tb is not chained yet:
 *                    h->pc holds the target; the loop may chain it. */
enum { JIT_EXIT_LOOKUP = 0, JIT_EXIT_TRAP = 4, JIT_EXIT_STOP = 8 };
#define JIT_EXIT_SLOT_MASK 3u

/* Translation flags that change the generated code: part of the TB key. */
#define TBF_MMU_IDX_MASK 0x3u   /* h->mmu_idx_data: the inline TLB probe uses it as a constant */
#define TBF_PRIV_SHIFT   2      /* h->priv (2 bits) */
#define TBF_FS_OFF       0x10u  /* mstatus.FS == Off: FP instructions trap */
#define TBF_INHIBIT_CY   0x20u  /* mcountinhibit.CY: do not count mcycle */
#define TBF_INHIBIT_IR   0x40u  /* mcountinhibit.IR: do not count minstret */
#define TBF_FS_DIRTY     0x80u  /* mstatus.FS == Dirty: FP register writes need not dirty it */
#define TBF_FRM_RNE      0x100u /* frm == RNE: dynamic-rounding FP ops round to nearest-even */

/* The flags a block for hart h is translated under now. */
uint32_t jit_tb_flags(const struct hart *h);

/* The per-hart jump cache. h->jit points at an array of JIT_JC_SIZE block
 * pointers (NULL or a block, live or dead) indexed by JIT_JC_INDEX(virtual
 * pc). The run loop fills it, empties it before running code under new
 * mappings (tlb_generation) or after a flush (epoch), drops the entries of
 * pcs without a global mapping when the address space changes
 * (tlb_space_generation), and drops the pages in tlb_dropped from it. Generated code probes it at
 * indirect exits and jumps to other pages (jit_jc_inline): an entry is taken only if its pc and
 * flags match and it is still valid. */
#define JIT_JC_BITS      14
#define JIT_JC_SIZE      (1u << JIT_JC_BITS)
#define JIT_JC_INDEX(pc) (((pc) >> 1) & (JIT_JC_SIZE - 1))

struct tb {
    /* What lookups and jump-cache probes read, in the first cache line. */
    uint64_t pc;      /* guest virtual pc */
    uint64_t phys_pc; /* guest physical address of the first byte */
    uint32_t flags;   /* TBF_* */
    bool valid;
    uint16_t back; /* guest bytes covered: [phys_pc - back, phys_pc + size), one page */
    uint32_t size;
    uint32_t ninsns;
    uint8_t *code;        /* executable address */
    struct tb *hash_next; /* hash chain */
    uint32_t code_size;
    uint8_t *jmp_field[2];  /* executable address of each goto_tb's rel32 field, or NULL */
    uint8_t *jmp_reset[2];  /* where an unchained jump goes (its exit stub) */
    struct tb *jmp_dest[2]; /* block each slot is chained to */
    struct tb *jmp_from;    /* list of blocks chained to this one (unchain on invalidation) */
    struct tb *jmp_from_next[2];
    struct tb *page_next; /* blocks on the same physical page */
};

/* --- backend interface --- */

/* Emit code for b into [buf, buf+cap) at executable address exec. Fills
 * tb->code_size, tb->jmp_field/jmp_reset. Returns bytes used, or 0 when it
 * does not fit (the cache is then flushed and the block retried). */
size_t backend_gen(struct ir_block *b, struct tb *tb, uint8_t *buf, uint8_t *exec, size_t cap);

/* One-time setup of the shared prologue/epilogue (jit_enter) in the code
 * buffer. Returns bytes used, or 0 on failure. */
size_t backend_init(uint8_t *buf, uint8_t *exec, size_t cap);

/* Enter generated code at `code` for hart h; returns an exit code. */
uintptr_t jit_enter(struct hart *h, const uint8_t *code);

/* Generated code leaves the exception flags of fpop ops in the host FPU
 * (x86-64: MXCSR) and folds them into h->fflags when it returns to C. C
 * code that reads or replaces fflags while called from generated code (an
 * exec'd CSR instruction) calls this first, on the hart's thread. */
void jit_fp_flags_sync(struct hart *h);

/* Point the rel32 jump at field (executable address; the writable alias is
 * found by tb.c) to target. */
void backend_patch_jump(uint8_t *field_rw, uint8_t *field_exec, const uint8_t *target);

/* --- helpers called from generated code (tcg/helpers.c) --- */

/* Guest memory slow paths. desc packs the access (JIT_DESC_*): its memop
 * (enum ir_memop) and what leaving needs, so that the generated code only
 * tests the result: 0 to go on (a load's value in *val), else the exit code
 * to leave with, the counters and h->pc already done (h->pc must hold the
 * instruction's pc): JIT_EXIT_TRAP with the instructions before this one
 * counted, or, for a store that dropped translated code (perhaps later
 * instructions of the running block) and has JIT_DESC_STOP_EXIT,
 * JIT_EXIT_STOP after it with h->pc = the next instruction. */
#define JIT_DESC_MEMOP(d)      ((d)&0xffu)
#define JIT_DESC_TRAP_COUNT(d) (((d) >> 8) & 0xffu)
#define JIT_DESC_STOP_COUNT(d) (((d) >> 16) & 0xffu)
#define JIT_DESC_NEXT_PC(d)    (((d) >> 24) & 0xfu) /* bytes from h->pc to the next instruction */
#define JIT_DESC_STOP_EXIT     (1u << 28)
#define JIT_DESC_INHIBIT_CY    (1u << 29)
#define JIT_DESC_INHIBIT_IR    (1u << 30)
uintptr_t jit_helper_load(struct hart *h, uint64_t va, uint32_t desc, uint64_t *val);
uintptr_t jit_helper_store(struct hart *h, uint64_t va, uint32_t desc, uint64_t val);
/* An AMO, LR or SC (memop: IR_amo's c0) as the interpreter does it. */
int jit_amo_at(struct hart *h, uint64_t va, unsigned memop, uint64_t val, uint64_t *out);
/* The same from generated code: like a store, *old = IR_amo's out. */
uintptr_t jit_helper_amo(struct hart *h, uint64_t va, uint32_t desc, uint64_t val, uint64_t *old);

/* One exec'd instruction retired under a non-zero mcountinhibit. */
void jit_helper_count_one(struct hart *h);

/* Plain C helpers for call2 (the translator uses them for div/rem etc.). */
uint64_t jit_helper_div(uint64_t a, uint64_t b);
uint64_t jit_helper_divu(uint64_t a, uint64_t b);
uint64_t jit_helper_rem(uint64_t a, uint64_t b);
uint64_t jit_helper_remu(uint64_t a, uint64_t b);
uint64_t jit_helper_mulhsu(uint64_t a, uint64_t b);

/* --- the cache and the loop (tcg/tb.c, tcg/jit.c) --- */

/* Create the code cache (size bytes, W^X dual mapping). 0 or -1 with a message. */
int jit_init(size_t size);
/* Run hart h on the JIT until h->exit_request or budget instructions
 * (approximately: checked at block boundaries). Returns instructions run. */
uint64_t jit_run(struct hart *h, uint64_t budget);
/* Free the per-hart JIT state (before hart_free). */
void jit_hart_free(struct hart *h);
/* Lockstep support: run exactly one block without chaining (or, where the
 * pc cannot start a block, one interpreter step), taking any trap it raises.
 * Returns the instructions retired. */
uint64_t jit_step_block(struct hart *h);
/* Chaining on/off (the lockstep test turns it off). Blocks translated while
 * it is on also go through the jump cache at indirect and cross-page exits
 * (drop them with jit_invalidate_phys after turning it off), and blocks that
 * loop back to their own start do so without leaving. */
void jit_set_chaining(bool on);
bool jit_chaining(void);
/* Translate a block only the n-th time it is looked up (0 or 1, the
 * default: at once); until then the interpreter runs it. Boots run much
 * code once or a few times, which costs less to interpret than to
 * translate. */
void jit_set_hot_threshold(unsigned n);
/* Whether new blocks probe the jump cache inline: chaining is on and
 * jit_init has run (backend tests that run code without the run loop, and
 * so without h->jit, get plain exits). */
bool jit_jc_inline(void);
/* True if jit_invalidate_phys dropped blocks on this thread since the last
 * call (which clears the flag). */
bool jit_take_code_dropped(void);

/* Interpreter bodies the block goes on after, unless they return
 * JIT_EXEC_LEAVE instead of EXEC_OK (retired; leave through h->npc).
 * jit_exec_store, for an exec'd instruction that stores (a min/max AMO,
 * cbo.zero): when the store dropped translated code (the rest of the block
 * may be stale), as after a slow-path store. jit_exec_csr, for a write to
 * one of the CSRs translate.c lists: when the block's flags changed
 * (jit_tb_flags: privilege, MMU index, FS, ...) or an exit was requested
 * (an interrupt may now be taken). */
#define JIT_EXEC_LEAVE 2
struct insn;
int jit_exec_store(struct hart *h, const struct insn *i);
int jit_exec_csr(struct hart *h, const struct insn *i);
/* A guest store or DMA wrote [paddr, paddr+len): drop blocks translated
 * from those bytes. Returns true if any block was dropped. */
bool jit_invalidate_phys(uint64_t paddr, uint64_t len);

#endif
