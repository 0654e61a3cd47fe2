/* SPDX-License-Identifier: MIT */
/* The JIT front end: turns the guest instructions of one translation block
 * into IR (tcg/ir.h). Instructions without a translator become `exec` ops
 * that call the interpreter's body, so every instruction translates. */
#ifndef CPU_TRANSLATE_H
#define CPU_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>
#include "insn.h"
#include "tcg/ir.h"

struct hart;

/* Most guest instructions in one block. */
#define TRANSLATE_MAX_INSNS 64

/* Translate the block starting at virtual pc for hart h under flags (TBF_*)
 * into b (which this function initializes). Instructions are fetched with
 * mmu_fetch. insns[0..cap) receives copies of the decoded instructions that
 * `exec` ops point to; it must outlive the block.
 *
 * The block ends after an instruction with IF_END, before one that would
 * cross the page end, after TRANSLATE_MAX_INSNS instructions, when insns is
 * full, or before an instruction that would overflow b. Returns the number
 * of guest instructions translated (>= 1) and sets *size and *back to the
 * guest bytes covered, [pc - back, pc + size) (a `j` back to an earlier
 * address of the page may take the block below pc); returns 0 when the first instruction cannot be
 * translated (it straddles the page end, its fetch faults, or it needs an exec copy and cap is 0):
 * run it with the interpreter. */
unsigned translate_block(struct hart *h, struct ir_block *b, uint64_t pc, uint32_t flags,
                         struct insn *insns, unsigned cap, uint32_t *size, uint32_t *back);

/* True if op (enum insn_op) has a native translator (it may still fall back
 * to `exec` for some operands). For tests and statistics. */
bool translate_has_native(unsigned op);

#endif
