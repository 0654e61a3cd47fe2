/* SPDX-License-Identifier: MIT */
/* Private to tcg/x86_64/codegen*.c: the state of one block's code generation
 * (register allocation, instruction counts, slow paths) and the helpers the
 * op lowerings share. */
#ifndef TCG_X86_64_CODEGEN_INT_H
#define TCG_X86_64_CODEGEN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/ir.h"
#include "tcg/jit.h"
#include "tcg/x86_64/emit.h"

/* Host registers: rbp holds the hart, rsp the frame; rax, rcx, rdx and r11
 * are scratch within one op (r11: the guest address in a TLB probe); the
 * other ten hold temps. */
#define CG_NREGS 16
#define CG_CALLER_SAVED                                                                        \
    ((1u << X86_RAX) | (1u << X86_RCX) | (1u << X86_RDX) | (1u << X86_RSI) | (1u << X86_RDI) | \
     (1u << X86_R8) | (1u << X86_R9) | (1u << X86_R10) | (1u << X86_R11))
#define CG_VA X86_R11

/* Frame below the six saved registers: a spill slot per temp (locals use
 * theirs), the slow-path load result, then a loop's cached TLB lookups
 * (page, addend and limit of each of its first CG_LOOP_TLB memory
 * accesses: codegen_mem.c). */
#define CG_LOCALS_OFF    0
#define CG_VAL_OFF       (CG_LOCALS_OFF + 8 * IR_MAX_TEMPS)
#define CG_LOOP_TLB      16
#define CG_LOOP_TLB_OFF  (CG_VAL_OFF + 8)
#define CG_LOOP_TLB_SLOT 32
#define CG_LOOP_B0_OFF \
    (CG_LOOP_TLB_OFF + CG_LOOP_TLB_SLOT * CG_LOOP_TLB) /* h->jit_budget at the head */
#define CG_XMM_OFF                                                    \
    (CG_LOOP_B0_OFF + 16) /* slow paths keep xmm copies here (8 bytes \
                             between: rsp stays 16-aligned) */
#define CG_FRAME (CG_XMM_OFF + 8 * 16)

#define CG_MAX_LABELS IR_MAX_OPS
#define CG_NO_OP      0xffffffffu
#define CG_LOOP_REGS  7 /* guest registers a loop keeps; two stay for the rest */
#define CG_LOOP_XMM   8 /* f registers a loop keeps in xmm8..xmm15 */
#define CG_LOOP_ALIGN 64
#define CG_LOOP_CTR   X86_R15 /* a loop's budget left */

/* A second ALU operand: register or sign-extended imm32. */
struct cg_src {
    bool is_imm;
    bool is_xmm; /* reg is an xmm register */
    int reg;
    int64_t imm;
};

/* Out-of-line slow path of one load or store, emitted after the block with
 * the register state the inline probe had. */
struct cg_slow {
    struct x86_label entry, resume;
    const struct ir_op *op;
    int rd;            /* loads: result register */
    int rd_xmm;        /* loads into an xmm register: it, else -1 */
    struct cg_src val; /* stores: the value */
    uint64_t pc;       /* the instruction's pc (h->pc for a trap) */
    bool stop_exit;    /* a store that drops code leaves, h->pc = stop_pc (else: continue) */
    uint64_t stop_pc;
    unsigned trap_count, stop_count; /* instructions to count on those exits */
    int16_t reg_temp[CG_NREGS];
    uint16_t dirty;     /* registers newer than their temp's home */
    int tlb_slot;       /* loops: the access's cached TLB lookup (refill first), or -1 */
    uint16_t xmm_live;  /* xmm registers holding temps (codegen_fp.c), saved around the call */
    uint16_t xmm_dirty; /* those holding a global's only current value: written home first */
    int16_t xmm_temp[16];
    uint16_t xmm_raw; /* xmm registers to canonicalize before they are written home */
    int va_base;      /* the guest address is va_base + va_disp (CG_VA: computed there) */
    int index;        /* the host address is the guest one + this register (the addend) */
    int32_t va_disp;
    struct x86_label refill, hit;
};

struct cg_ctx {
    struct x86_buf b;
    struct ir_block *ir;
    struct tb *tb;
    unsigned op_idx;  /* op being lowered */
    unsigned ninsns;  /* insn_starts in the block */
    unsigned n_seen;  /* insn_starts so far */
    unsigned counted; /* instructions already added to minstret/mcycle on this path */
    uint64_t insn_pc; /* pc of the current instruction */
    bool reachable;   /* false after an exit or br, until a label */
    bool has_fpop;
    /* xmm2..xmm15 hold temps' values left by fpops (codegen_fp.c): a
     * double result lives there alone (dirty) until a general-register op
     * reads it, which leaves a copy. */
    int16_t xmm_temp[16];          /* temp whose value the register holds, or -1 */
    int8_t temp_xmm[IR_MAX_TEMPS]; /* xmm register holding the temp's value, or -1 */
    bool xmm_dirty[16];            /* its temp's only current value (no register, home stale) */
    bool xmm_raw[16];              /* an fpop's result as the host left a NaN (codegen_fp.c) */
    unsigned xmm_next;
    /* FP flags are being collected in MXCSR on every path to here (an
     * fpop's check ran, and no C code that folds them since): fp_collect */
    bool fp_collecting;

    int16_t reg_temp[CG_NREGS]; /* temp in each host register, or -1 */
    int8_t temp_reg[IR_MAX_TEMPS];
    bool temp_dirty[IR_MAX_TEMPS];   /* register newer than the home slot */
    uint16_t last_use[IR_MAX_TEMPS]; /* index of the last op reading or writing it */
    uint32_t locked;                 /* registers the current op's operands occupy */
    unsigned next_victim;

    /* A block that jumps back to its own start keeps the guest registers it
     * uses in fixed host registers around that back edge (docs/jit.md). */
    bool loop;
    unsigned loop_brcond; /* op index of the brcond closing the loop, or CG_NO_OP */
    bool loop_taken_self; /* that brcond's taken side is the back edge */
    unsigned loop_skip;   /* op not to lower (the back edge's own goto_tb), or CG_NO_OP */
    /* A loop's side exits (`brcond c, L; goto_tb; label L`) go out of line:
     * the branch jumps out when the exit is taken, the loop falls through. */
    unsigned nside;
    struct cg_side {
        unsigned op;              /* the goto_tb */
        unsigned counted, n_seen; /* the count state at the branch */
        uint64_t insn_pc;
        struct x86_label stub;
    } side[4];
    int8_t loop_reg[IR_NUM_GLOBALS];  /* host register of each loop global, or -1 */
    int8_t loop_xmm[IR_NUM_GLOBALS];  /* xmm register of each loop f global, or -1 */
    int xmm_limit;                    /* xmm registers from here on are the loop's */
    unsigned loop_tlb_used;           /* cached TLB lookups handed out (codegen_mem.c) */
    int8_t loop_tlb_reg[CG_LOOP_TLB]; /* register holding that lookup's addend, or -1 */
    int loop_ctr;                     /* CG_LOOP_CTR in a loop block, else -1 */
    uint32_t reserved;                /* registers never handed to temps */
    struct x86_label loop_head;

    struct x86_label entry_exit; /* budget spent */
    struct x86_label trap_exit;  /* leave with JIT_EXIT_TRAP, counts already exact */
    struct x86_label slow_exit;  /* leave with the exit code a slow-path helper returned */
    struct x86_label labels[CG_MAX_LABELS];
    int label_counted[CG_MAX_LABELS];    /* `counted` on edges into the label, -1: none yet */
    uint16_t label_insns[CG_MAX_LABELS]; /* insn_starts before the label */
    bool label_seen[CG_MAX_LABELS];

    unsigned nslow;
    struct cg_slow slow[IR_MAX_OPS];
};

bool cg_fits32(uint64_t v);
bool cg_is_const(const struct cg_ctx *c, ir_temp_t t);
bool cg_is_global(const struct cg_ctx *c, ir_temp_t t);
bool cg_is_fp_global(const struct cg_ctx *c, ir_temp_t t);
bool cg_caller_saved(int r);
struct x86_mem cg_home(const struct cg_ctx *c, int t);
int cg_temp_in(struct cg_ctx *c, ir_temp_t t);
int cg_temp_out(struct cg_ctx *c, ir_temp_t t);
void cg_temp_written(struct cg_ctx *c, ir_temp_t t);
void cg_temp_to(struct cg_ctx *c, int r, ir_temp_t t);
void cg_temp_drop_reg(struct cg_ctx *c, ir_temp_t t);
unsigned cg_insns_before(const struct cg_ctx *c);

void cg_count_add(struct cg_ctx *c, unsigned n);
void cg_loop_ctr_flush(struct cg_ctx *c);
void cg_store_hart(struct cg_ctx *c, size_t off, uint64_t v);
void cg_exit(struct cg_ctx *c, uint64_t code);
void cg_jmp_epilogue(struct cg_ctx *c);

/* codegen_fp.c */
void cg_gen_fpop(struct cg_ctx *c, const struct ir_op *op);
void cg_fp_collect(struct cg_ctx *c);
void cg_xmm_forget(struct cg_ctx *c, ir_temp_t t);
void cg_xmm_forget_all(struct cg_ctx *c);
void cg_xmm_sync(struct cg_ctx *c, ir_temp_t t);
void cg_xmm_sync_all(struct cg_ctx *c, bool globals_only);
bool cg_xmm_to_reg(struct cg_ctx *c, int r, ir_temp_t t);
void cg_xmm_canonicalize(struct cg_ctx *c, int x);
void cg_xmm_canonicalize_code(struct x86_buf *b, int x);
int cg_xmm_for_load(struct cg_ctx *c, ir_temp_t t);
void cg_xmm_loaded(struct cg_ctx *c, ir_temp_t t, int x);
void cg_xmm_loop_head(struct cg_ctx *c);
void cg_xmm_loop_assume(struct cg_ctx *c);
void cg_xmm_loop_reconcile(struct cg_ctx *c);
void cg_xmm_loop_back_edge(struct cg_ctx *c);
void cg_fp_epilogue(struct x86_buf *b);

/* codegen_jc.c */
void cg_exit_lookup(struct cg_ctx *c);
bool cg_exit_far(struct cg_ctx *c, uint64_t pc);

/* codegen_mem.c */
void cg_gen_load(struct cg_ctx *c, const struct ir_op *op);
void cg_gen_store(struct cg_ctx *c, const struct ir_op *op);
void cg_gen_amo(struct cg_ctx *c, const struct ir_op *op);
void cg_gen_slow_path(struct cg_ctx *c, struct cg_slow *s);
void cg_loop_tlb_reset(struct cg_ctx *c);
void cg_gen_thunks(struct x86_buf *b);

#endif
