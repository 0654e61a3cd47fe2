/* SPDX-License-Identifier: MIT */
/* The JIT's intermediate representation: a linear list of ops over 64-bit
 * temps, built per translation block by cpu/translate.c, simplified by
 * tcg/opt.c and lowered to host code by a backend (tcg/x86_64/codegen.c).
 *
 * Temps are of three kinds: globals (guest registers x1..x31 and f0..f31,
 * whose home is a slot in struct hart), locals (block temporaries) and
 * constants. x0 is the constant 0. Every value is 64 bits (an f register is
 * its bit pattern); 32-bit RISC-V ops are an op followed by ext32s. Ops are
 * described once in IR_OPS; the builders fold trivial cases (constant
 * operands, identities) so translators can stay plain.
 *
 * A block looks like:
 *     insn_start 0x80001000
 *     add t3, x10, x11
 *     ext32s x10, t3
 *     insn_start 0x80001004
 *     brcond ne, x10, $0, L1
 *     goto_tb 0, 0x80001008      ; fall through: slot 0
 *     label L1
 *     goto_tb 1, 0x80000ff0      ; taken: slot 1
 */
#ifndef TCG_IR_H
#define TCG_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Op flags */
#define IRF_SIDE   0x01 /* has an effect beyond its output: never dead */
#define IRF_TRAP   0x02 /* may raise a guest exception (needs h->pc = insn pc, globals in memory) */
#define IRF_CALL   0x04 /* calls C: caller-saved host registers die, globals synced */
#define IRF_BB_END 0x08 /* ends the straight-line region: branch, label, exit */
#define IRF_EXIT   0x10 /* leaves the block */

/* clang-format off: the op table's columns are aligned by hand. */
/* IR_OPS(X): X(name, outputs, inputs, constant args, flags)
 * Inputs are temps; constant args are plain integers in op->c[]. */
#define IR_OPS(X)                                                                                  \
    X(mov, 1, 1, 0, 0) /* out = a */                                                               \
    X(add, 1, 2, 0, 0)                                                                             \
    X(sub, 1, 2, 0, 0)                                                                             \
    X(and, 1, 2, 0, 0)                                                                             \
    X(or, 1, 2, 0, 0)                                                                              \
    X(xor, 1, 2, 0, 0)                                                                             \
    X(shl, 1, 2, 0, 0) /* b < 64 (translators mask it) */                                          \
    X(shr, 1, 2, 0, 0)                                                                             \
    X(sar, 1, 2, 0, 0)                                                                             \
    X(mul, 1, 2, 0, 0)   /* low 64 bits */                                                         \
    X(mulh, 1, 2, 0, 0)  /* high 64 bits, signed x signed */                                       \
    X(mulhu, 1, 2, 0, 0) /* high 64 bits, unsigned */                                              \
    X(neg, 1, 1, 0, 0)                                                                             \
    X(not, 1, 1, 0, 0)                                                                             \
    X(ext32s, 1, 1, 0, 0) /* sign-extend bits 31:0 */                                              \
    X(ext32u, 1, 1, 0, 0)                                                                          \
    X(ext16s, 1, 1, 0, 0)                                                                          \
    X(ext16u, 1, 1, 0, 0)                                                                          \
    X(ext8s, 1, 1, 0, 0)                                                                           \
    X(ext8u, 1, 1, 0, 0)                                                                           \
    X(setcond, 1, 2, 1, 0) /* out = (a c0 b) ? 1 : 0, c0 = enum ir_cond */                         \
    X(call2, 1, 2, 1,                                                                              \
      IRF_CALL) /* out = ((uint64_t (*)(uint64_t, uint64_t))c0)(a, b): pure helper */              \
    X(fpop, 1, 2, 1, IRF_SIDE) /* out = a c0 b, c0 = enum ir_fpop; raises fflags (ir_eval_fp) */   \
    X(load, 1, 1, 2, IRF_SIDE | IRF_TRAP)  /* out = guest mem[a + c1], c0 = enum ir_memop */       \
    X(store, 0, 2, 2, IRF_SIDE | IRF_TRAP) /* guest mem[a + c1] = b, c0 = enum ir_memop */         \
    X(amo, 1, 2, 1, IRF_SIDE | IRF_TRAP) /* out = mem[a], mem[a] = out op b atomically (ir_amo) */ \
    X(exec, 0, 0, 2,                                                                               \
      IRF_SIDE | IRF_TRAP |                                                                        \
          IRF_CALL) /* status = ((exec_fn *)c0)(h, (struct insn *)c1); a trap leaves the block */  \
    X(mb, 0, 0, 0, IRF_SIDE) /* guest stores before it are visible before guest loads after it */  \
    X(ld_env, 1, 0, 1, IRF_SIDE)              /* out = the 64-bit hart field at byte offset c0 */  \
    X(st_env, 0, 1, 1, IRF_SIDE)              /* the 64-bit hart field at byte offset c0 = a */    \
    X(insn_start, 0, 0, 1, IRF_SIDE)          /* guest pc c0 begins here */                        \
    X(label, 0, 0, 1, IRF_SIDE | IRF_BB_END)  /* label c0 */                                       \
    X(br, 0, 0, 1, IRF_SIDE | IRF_BB_END)     /* goto label c0 */                                  \
    X(brcond, 0, 2, 2, IRF_SIDE | IRF_BB_END) /* if (a c0 b) goto label c1 */                      \
    X(goto_tb, 0, 0, 2, IRF_SIDE | IRF_BB_END | IRF_EXIT) /* pc = c1 via chain slot c0 (0 or 1) */ \
    X(exit_pc, 0, 1, 0, IRF_SIDE | IRF_BB_END | IRF_EXIT) /* pc = a; look the next block up */     \
    X(exit_stop, 0, 0, 1, IRF_SIDE | IRF_BB_END | IRF_EXIT) /* pc = c0; return to the run loop */  \
    X(exit_npc, 0, 0, 0, IRF_SIDE | IRF_BB_END | IRF_EXIT)  /* pc = h->npc; return to the run loop \
                                                             */

/* clang-format on */

enum ir_opcode {
#define X(name, o, i, c, f) IR_##name,
    IR_OPS(X)
#undef X
        IR_OP_COUNT
};

enum ir_cond {
    IR_EQ,
    IR_NE,
    IR_LT,
    IR_GE,
    IR_LTU,
    IR_GEU, /* signed/unsigned 64-bit compares */
};

/* Guest memory access size and extension for load/store. */
enum ir_memop {
    IR_MEM_8 = 0,
    IR_MEM_16 = 1,
    IR_MEM_32 = 2,
    IR_MEM_64 = 3,   /* log2 of the size */
    IR_MEM_SIGN = 4, /* loads: sign-extend */
};

/* IEEE 754 operations of fpop, on bit patterns, rounding to nearest-even
 * (the translator uses them only when the instruction's rounding mode is
 * RNE). A NaN result is RISC-V's canonical NaN; the exception flags raised
 * are ORed into the guest's fflags (Unpriv 11.2). Unary ones ignore b. */
enum ir_fpop {
    IR_FADD_D,
    IR_FSUB_D,
    IR_FMUL_D,
    IR_FDIV_D,
    IR_FSQRT_D,
    IR_FCVT_D_L,     /* a is a signed 64-bit integer */
    IR_FCVT_D_W,     /* a's low 32 bits are a signed integer (always exact) */
    IR_FEQ_D,        /* out = a == b ? 1 : 0 (quiet: invalid only for a signaling NaN) */
    IR_FLT_D,        /* out = a < b ? 1 : 0 (signaling: invalid for any NaN) */
    IR_FLE_D,        /* out = a <= b ? 1 : 0 (signaling) */
    IR_FCVT_W_D_RTZ, /* out = a truncated to int32, saturated (NaN: max), sign-extended */
    IR_FCVT_L_D_RTZ, /* out = a truncated to int64, saturated (NaN: max) */
    /* Single precision: inputs are f registers, an improperly NaN-boxed one
     * reads as the canonical NaN; f results are NaN-boxed (Unpriv 12.2). */
    IR_FADD_S,
    IR_FSUB_S,
    IR_FMUL_S,
    IR_FDIV_S,
    IR_FSQRT_S,
    IR_FEQ_S,
    IR_FLT_S,
    IR_FLE_S,
    IR_FCVT_S_D, /* double a to single */
    IR_FCVT_D_S, /* single a to double (exact) */
    IR_FPOP_COUNT
};

enum ir_temp_kind { IR_TEMP_GLOBAL, IR_TEMP_LOCAL, IR_TEMP_CONST };

typedef uint16_t ir_temp_t; /* index into block->temps */

struct ir_temp {
    uint8_t kind;    /* enum ir_temp_kind */
    uint8_t reg;     /* globals: guest register number (0..31 x, 32..63 f) */
    uint16_t offset; /* globals: byte offset of the home slot in struct hart */
    uint64_t value;  /* constants */
};

struct ir_op {
    uint8_t opc;       /* enum ir_opcode */
    uint8_t nargs;     /* outputs + inputs actually used */
    ir_temp_t args[3]; /* outputs first, then inputs */
    uint64_t c[2];     /* constant arguments */
};

struct ir_op_desc {
    const char *name;
    uint8_t outputs, inputs, consts, flags;
};
extern const struct ir_op_desc ir_op_descs[IR_OP_COUNT];

#define IR_MAX_OPS     2048
#define IR_MAX_TEMPS   512
#define IR_NUM_GLOBALS 64 /* temps 0..31: x0 (constant 0), x1..x31; 32..63: f0..f31 */

struct ir_block {
    uint64_t pc;     /* guest virtual pc of the first instruction */
    unsigned ninsns; /* guest instructions translated */
    unsigned nops, ntemps, nlabels;
    bool overflow; /* too many ops or temps: the translator ends the block early */
    struct ir_temp temps[IR_MAX_TEMPS];
    struct ir_op ops[IR_MAX_OPS];
};

/* Reset b for a block at pc: creates the 32 register temps. */
void ir_block_init(struct ir_block *b, uint64_t pc);

/* Temps */
static inline ir_temp_t ir_x(unsigned reg) { return (ir_temp_t)reg; } /* x0 is constant 0 */
static inline ir_temp_t ir_f(unsigned reg) { return (ir_temp_t)(32 + reg); }
ir_temp_t ir_new_local(struct ir_block *b);
ir_temp_t ir_const(struct ir_block *b, uint64_t value);
/* The constant temp for value (shared with equal constants), or IR_NO_TEMP
 * when the block has no room; unlike ir_const it never sets b->overflow. */
#define IR_NO_TEMP ((ir_temp_t)0xffff)
ir_temp_t ir_const_try(struct ir_block *b, uint64_t value);
static inline bool ir_is_const(const struct ir_block *b, ir_temp_t t)
{
    return b->temps[t].kind == IR_TEMP_CONST;
}
unsigned ir_new_label(struct ir_block *b);

/* Builders. Each appends one op, or folds it away (constant operands,
 * x+0, x*1, x&-1, ...) into a mov or nothing. */
void ir_mov(struct ir_block *b, ir_temp_t out, ir_temp_t a);
void ir_binop(struct ir_block *b, enum ir_opcode op, ir_temp_t out, ir_temp_t a, ir_temp_t c);
void ir_unop(struct ir_block *b, enum ir_opcode op, ir_temp_t out, ir_temp_t a);
void ir_setcond(struct ir_block *b, enum ir_cond cond, ir_temp_t out, ir_temp_t a, ir_temp_t c);
void ir_call2(struct ir_block *b, uint64_t (*fn)(uint64_t, uint64_t), ir_temp_t out, ir_temp_t a,
              ir_temp_t c);
void ir_fpop(struct ir_block *b, enum ir_fpop fop, ir_temp_t out, ir_temp_t a, ir_temp_t c);
void ir_load(struct ir_block *b, unsigned memop, ir_temp_t out, ir_temp_t addr, int64_t disp);
void ir_store(struct ir_block *b, unsigned memop, ir_temp_t addr, int64_t disp, ir_temp_t val);
/* An AMO (Unpriv 8.4) on the naturally aligned 32- or 64-bit word at addr:
 * c0 = IR_MEM_32 or IR_MEM_64 | op << IR_AMO_SHIFT (swap, add, xor, and,
 * or of cpu/exec.h's enum amo_op); out = the old value, a 32-bit one
 * sign-extended. With op IR_AMO_LR or IR_AMO_SC, LR (out = the value;
 * val unused) or SC (out = 0 if it stored val, 1 if the reservation did
 * not hold), Unpriv 8.2. */
#define IR_AMO_SHIFT 4
enum { IR_AMO_LR = 14, IR_AMO_SC = 15 };
void ir_amo(struct ir_block *b, unsigned memop, unsigned op, ir_temp_t out, ir_temp_t addr,
            ir_temp_t val);
void ir_exec(struct ir_block *b, const void *exec_fn, const void *insn);
void ir_mb(struct ir_block *b);
void ir_ld_env(struct ir_block *b, ir_temp_t out, size_t offset);
void ir_st_env(struct ir_block *b, size_t offset, ir_temp_t val);
void ir_insn_start(struct ir_block *b, uint64_t pc);
void ir_label(struct ir_block *b, unsigned label);
void ir_br(struct ir_block *b, unsigned label);
void ir_brcond(struct ir_block *b, enum ir_cond cond, ir_temp_t a, ir_temp_t c, unsigned label);
void ir_goto_tb(struct ir_block *b, unsigned slot, uint64_t pc);
void ir_exit_pc(struct ir_block *b, ir_temp_t pc);
void ir_exit_stop(struct ir_block *b, uint64_t pc);
void ir_exit_npc(struct ir_block *b);

/* Evaluate a pure op on constants (used by the builders and the optimizer,
 * and by tests as the reference semantics). */
uint64_t ir_eval(enum ir_opcode op, uint64_t a, uint64_t c, uint64_t cond);
/* Reference semantics of fpop (cpu/softfloat): the result, with the
 * exception flags raised (FFLAGS_* bits) ORed into *flags. */
uint64_t ir_eval_fp(enum ir_fpop fop, uint64_t a, uint64_t c, unsigned *flags);
bool ir_eval_cond(enum ir_cond cond, uint64_t a, uint64_t c);

/* tcg/opt.c: constant and copy propagation, dead-code removal. */
void ir_optimize(struct ir_block *b);
/* tcg/opt.c: simplify one op in place as the builders and the optimizer do
 * (constant operands, identities; brcond with a known outcome becomes br).
 * Returns false when the op does nothing and must be dropped (a pure op
 * writing x0, mov t, t, a never-taken brcond). */
bool ir_fold_op(struct ir_block *b, struct ir_op *op);

/* Print the block (for -d op). */
void ir_dump(const struct ir_block *b, void (*print)(const char *fmt, ...));

#endif
