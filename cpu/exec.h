/* SPDX-License-Identifier: MIT */
/* Instruction bodies: one exec_NAME per row of insn_table.h, spread over
 * cpu/exec_*.c by extension. Each returns EXEC_OK (the interpreter then sets
 * pc = npc) or EXEC_TRAP. The macros make bodies read like the spec. */
#ifndef CPU_EXEC_H
#define CPU_EXEC_H

#include "hart.h"
#include "insn.h"
#include "util/bits.h"

typedef int exec_fn(struct hart *h, const struct insn *i);

#define X(name, match, mask, fmt, ext, flags) exec_fn exec_##name;
INSN_TABLE(X)
#undef X

/* An AMO (Unpriv 8.4) of size 4 or 8 at va with operand src: *out = the
 * old value (sign-extended from 32 bits), or EXEC_TRAP (misaligned, page or
 * access fault). The JIT's native AMOs call it on their slow path. The
 * first five are the ones the JIT inlines (enum ir_amo follows them). */
enum amo_op { AMO_SWAP, AMO_ADD, AMO_XOR, AMO_AND, AMO_OR, AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU };
int exec_amo_at(struct hart *h, uint64_t va, unsigned size, enum amo_op op, uint64_t src,
                uint64_t *out);
/* LR and SC (Unpriv 8.2) the same way: *out = the loaded value, or SC's 0
 * (stored) or 1 (the reservation did not hold). */
int exec_lr_at(struct hart *h, uint64_t va, unsigned size, uint64_t *out);
int exec_sc_at(struct hart *h, uint64_t va, unsigned size, uint64_t src, uint64_t *out);

/* exec_illegal: the body for OP_ILLEGAL. */
exec_fn exec_illegal;
extern exec_fn *const exec_table[OP_COUNT];

#define RS1 (h->x[i->rs1])
#define RS2 (h->x[i->rs2])
#define IMM ((uint64_t)i->imm)
#define PC  (h->pc)
#define WRITE_RD(v)           \
    do {                      \
        uint64_t v_ = (v);    \
        if (i->rd)            \
            h->x[i->rd] = v_; \
    } while (0)
#define SET_PC(target) (h->npc = (target))

/* Illegal instruction with tval = the instruction bits (Priv 3.1.16). */
static inline int illegal_insn(struct hart *h, const struct insn *i)
{
    return hart_exception(h, EXC_ILLEGAL_INSN, i->raw);
}

#endif
