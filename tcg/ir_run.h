/* SPDX-License-Identifier: MIT */
/* A reference executor of IR blocks on a hart: plain C, op by op, with the
 * exit codes and counter updates generated code has. Tests use it to check
 * translations and the optimizer against the interpreter; it is also the
 * start of a portable backend. */
#ifndef TCG_IR_RUN_H
#define TCG_IR_RUN_H

#include <stdint.h>
#include "ir.h"

struct hart;

/* Run b on h from its first op to an exit or a trap. Globals live in h->x[] and h->f[];
 * loads and stores go through the MMU; exec calls the interpreter body with
 * h->pc/h->npc set. Returns JIT_EXIT_LOOKUP (goto_tb, exit_pc), JIT_EXIT_STOP
 * (exit_stop, exit_npc) or JIT_EXIT_TRAP (h->pc = the faulting instruction,
 * trap_cause/trap_tval set, no trap entered). *retired gets the number of
 * guest instructions completed; minstret and mcycle count them as the
 * interpreter does (mcountinhibit applies). */
uintptr_t ir_run(struct hart *h, const struct ir_block *b, uint64_t *retired);

#endif
