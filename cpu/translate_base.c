/* SPDX-License-Identifier: MIT */
/* Translators for RV64I and M (Unprivileged spec chapters 2, 4 and 7). Each
 * matches its body in cpu/exec_base.c exactly. */
#include "exec.h"
#include "tcg/jit.h"
#include "translate_int.h"

/* --- upper immediates and jumps (2.4, 2.5) --- */

bool trans_lui(struct tctx *c, const struct insn *i)
{
    ir_mov(c->b, tc_rd(i), tc_imm(c, i));
    return true;
}

bool trans_auipc(struct tctx *c, const struct insn *i)
{
    ir_mov(c->b, tc_rd(i), tc_const(c, c->pc + (uint64_t)i->imm));
    return true;
}

/* The link value is pc + len: 2 for c.jal/c.jalr. Targets need no
 * alignment check: with C they are always 2-aligned (jalr clears bit 0),
 * and the interpreter does not check either. */
bool trans_jal(struct tctx *c, const struct insn *i)
{
    ir_mov(c->b, tc_rd(i), tc_const(c, c->pc + i->len));
    ir_goto_tb(c->b, 0, c->pc + (uint64_t)i->imm);
    return true;
}

bool trans_jalr(struct tctx *c, const struct insn *i)
{
    /* rs1 is read before rd is written: jalr ra, 0(ra) */
    ir_temp_t sum = tc_binop(c, IR_add, tc_rs1(i), tc_imm(c, i));
    ir_temp_t target = tc_binop(c, IR_and, sum, tc_const(c, ~1ull));
    ir_mov(c->b, tc_rd(i), tc_const(c, c->pc + i->len));
    ir_exit_pc(c->b, target);
    return true;
}

/* --- conditional branches (2.5): slot 0 falls through, slot 1 is taken --- */

static enum ir_cond invert_cond(enum ir_cond cond)
{
    static const enum ir_cond inverse[] = {
        [IR_EQ] = IR_NE, [IR_NE] = IR_EQ,   [IR_LT] = IR_GE,
        [IR_GE] = IR_LT, [IR_LTU] = IR_GEU, [IR_GEU] = IR_LTU,
    };
    return inverse[cond];
}

/* A branch in the middle of a loop's block (translate.c): the taken side
 * leaves through slot 1, the block goes on with the fall-through. */
static bool gen_side_exit(struct tctx *c, const struct insn *i, enum ir_cond cond)
{
    unsigned go_on = ir_new_label(c->b);
    ir_brcond(c->b, invert_cond(cond), tc_rs1(i), tc_rs2(i), go_on);
    ir_goto_tb(c->b, 1, c->pc + (uint64_t)i->imm);
    ir_label(c->b, go_on);
    c->side_exits--;
    c->continued = c->extended = true;
    c->side_target = c->pc + (uint64_t)i->imm;
    c->side_pc = c->pc;
    return true;
}

static bool gen_branch(struct tctx *c, const struct insn *i, enum ir_cond cond)
{
    if (c->join_next) { /* an `if`: to a later instruction of this block */
        c->join_label = ir_new_label(c->b);
        ir_brcond(c->b, cond, tc_rs1(i), tc_rs2(i), c->join_label);
        c->continued = true;
        return true;
    }
    if (c->side_exits && c->pc + (uint64_t)i->imm != c->start)
        return gen_side_exit(c, i, cond);
    unsigned taken = ir_new_label(c->b);
    ir_brcond(c->b, cond, tc_rs1(i), tc_rs2(i), taken);
    ir_goto_tb(c->b, 0, c->pc + i->len);
    ir_label(c->b, taken);
    ir_goto_tb(c->b, 1, c->pc + (uint64_t)i->imm);
    return true;
}

bool trans_beq(struct tctx *c, const struct insn *i) { return gen_branch(c, i, IR_EQ); }
bool trans_bne(struct tctx *c, const struct insn *i) { return gen_branch(c, i, IR_NE); }
bool trans_blt(struct tctx *c, const struct insn *i) { return gen_branch(c, i, IR_LT); }
bool trans_bge(struct tctx *c, const struct insn *i) { return gen_branch(c, i, IR_GE); }
bool trans_bltu(struct tctx *c, const struct insn *i) { return gen_branch(c, i, IR_LTU); }
bool trans_bgeu(struct tctx *c, const struct insn *i) { return gen_branch(c, i, IR_GEU); }

/* --- loads and stores (2.6) --- */

static bool gen_load(struct tctx *c, const struct insn *i, unsigned memop)
{
    /* A load to x0 still accesses memory and may trap. */
    ir_temp_t out = i->rd ? tc_rd(i) : ir_new_local(c->b);
    ir_load(c->b, memop, out, tc_rs1(i), i->imm);
    return true;
}

static bool gen_store(struct tctx *c, const struct insn *i, unsigned memop)
{
    ir_store(c->b, memop, tc_rs1(i), i->imm, tc_rs2(i));
    return true;
}

bool trans_lb(struct tctx *c, const struct insn *i)
{
    return gen_load(c, i, IR_MEM_8 | IR_MEM_SIGN);
}
bool trans_lh(struct tctx *c, const struct insn *i)
{
    return gen_load(c, i, IR_MEM_16 | IR_MEM_SIGN);
}
bool trans_lw(struct tctx *c, const struct insn *i)
{
    return gen_load(c, i, IR_MEM_32 | IR_MEM_SIGN);
}
bool trans_ld(struct tctx *c, const struct insn *i) { return gen_load(c, i, IR_MEM_64); }
bool trans_lbu(struct tctx *c, const struct insn *i) { return gen_load(c, i, IR_MEM_8); }
bool trans_lhu(struct tctx *c, const struct insn *i) { return gen_load(c, i, IR_MEM_16); }
bool trans_lwu(struct tctx *c, const struct insn *i) { return gen_load(c, i, IR_MEM_32); }
bool trans_sb(struct tctx *c, const struct insn *i) { return gen_store(c, i, IR_MEM_8); }
bool trans_sh(struct tctx *c, const struct insn *i) { return gen_store(c, i, IR_MEM_16); }
bool trans_sw(struct tctx *c, const struct insn *i) { return gen_store(c, i, IR_MEM_32); }
bool trans_sd(struct tctx *c, const struct insn *i) { return gen_store(c, i, IR_MEM_64); }

/* --- integer computation (2.4, 4.2) --- */

/* rd = rs1 op src2 */
static bool gen_op(struct tctx *c, const struct insn *i, enum ir_opcode op, ir_temp_t src2)
{
    ir_binop(c->b, op, tc_rd(i), tc_rs1(i), src2);
    return true;
}

/* rd = (rs1 cond src2) ? 1 : 0 */
static bool gen_set(struct tctx *c, const struct insn *i, enum ir_cond cond, ir_temp_t src2)
{
    ir_setcond(c->b, cond, tc_rd(i), tc_rs1(i), src2);
    return true;
}

/* rd = rs1 op (rs2 & mask): register shifts use the low 6 (or 5) bits. */
static bool gen_shift(struct tctx *c, const struct insn *i, enum ir_opcode op, uint64_t mask)
{
    return gen_op(c, i, op, tc_binop(c, IR_and, tc_rs2(i), tc_const(c, mask)));
}

/* rd = ext32s(rs1 op src2) */
static bool gen_op_w(struct tctx *c, const struct insn *i, enum ir_opcode op, ir_temp_t src2)
{
    return tc_write_w(c, i, tc_binop(c, op, tc_rs1(i), src2));
}

/* 32-bit shift of ext(rs1): rd = ext32s(ext(rs1) op amount) */
static bool gen_shift_w(struct tctx *c, const struct insn *i, enum ir_opcode ext, enum ir_opcode op,
                        ir_temp_t amount)
{
    ir_temp_t src = ext == IR_mov ? tc_rs1(i) : tc_unop(c, ext, tc_rs1(i));
    return tc_write_w(c, i, tc_binop(c, op, src, amount));
}

static ir_temp_t shamt_w(struct tctx *c, const struct insn *i)
{
    return tc_binop(c, IR_and, tc_rs2(i), tc_const(c, 31));
}

bool trans_addi(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_add, tc_imm(c, i)); }
bool trans_slti(struct tctx *c, const struct insn *i) { return gen_set(c, i, IR_LT, tc_imm(c, i)); }
bool trans_sltiu(struct tctx *c, const struct insn *i)
{
    return gen_set(c, i, IR_LTU, tc_imm(c, i));
}
bool trans_xori(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_xor, tc_imm(c, i)); }
bool trans_ori(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_or, tc_imm(c, i)); }
bool trans_andi(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_and, tc_imm(c, i)); }
bool trans_slli(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_shl, tc_imm(c, i)); }
bool trans_srli(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_shr, tc_imm(c, i)); }
bool trans_srai(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_sar, tc_imm(c, i)); }

bool trans_add(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_add, tc_rs2(i)); }
bool trans_sub(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_sub, tc_rs2(i)); }
bool trans_sll(struct tctx *c, const struct insn *i) { return gen_shift(c, i, IR_shl, 63); }
bool trans_slt(struct tctx *c, const struct insn *i) { return gen_set(c, i, IR_LT, tc_rs2(i)); }
bool trans_sltu(struct tctx *c, const struct insn *i) { return gen_set(c, i, IR_LTU, tc_rs2(i)); }
bool trans_xor(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_xor, tc_rs2(i)); }
bool trans_srl(struct tctx *c, const struct insn *i) { return gen_shift(c, i, IR_shr, 63); }
bool trans_sra(struct tctx *c, const struct insn *i) { return gen_shift(c, i, IR_sar, 63); }
bool trans_or(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_or, tc_rs2(i)); }
bool trans_and(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_and, tc_rs2(i)); }

/* W forms (4.2): operate on the low 32 bits, sign-extend the result. The
 * low 32 bits of a left shift or a sum do not depend on the upper input
 * bits; right shifts first extend the input as the spec reads it. */
bool trans_addiw(struct tctx *c, const struct insn *i)
{
    return gen_op_w(c, i, IR_add, tc_imm(c, i));
}
bool trans_slliw(struct tctx *c, const struct insn *i)
{
    return gen_op_w(c, i, IR_shl, tc_imm(c, i));
}
bool trans_srliw(struct tctx *c, const struct insn *i)
{
    return gen_shift_w(c, i, IR_ext32u, IR_shr, tc_imm(c, i));
}
bool trans_sraiw(struct tctx *c, const struct insn *i)
{
    return gen_shift_w(c, i, IR_ext32s, IR_sar, tc_imm(c, i));
}
bool trans_addw(struct tctx *c, const struct insn *i) { return gen_op_w(c, i, IR_add, tc_rs2(i)); }
bool trans_subw(struct tctx *c, const struct insn *i) { return gen_op_w(c, i, IR_sub, tc_rs2(i)); }
bool trans_sllw(struct tctx *c, const struct insn *i)
{
    return gen_shift_w(c, i, IR_mov, IR_shl, shamt_w(c, i));
}
bool trans_srlw(struct tctx *c, const struct insn *i)
{
    return gen_shift_w(c, i, IR_ext32u, IR_shr, shamt_w(c, i));
}
bool trans_sraw(struct tctx *c, const struct insn *i)
{
    return gen_shift_w(c, i, IR_ext32s, IR_sar, shamt_w(c, i));
}

/* --- atomic memory operations (Unpriv 8.2, 8.4; min/max run the
 * interpreter's bodies) --- */

static bool gen_amo(struct tctx *c, const struct insn *i, unsigned memop, unsigned op)
{
    ir_amo(c->b, memop, op, tc_rd(i), tc_rs1(i), op == IR_AMO_LR ? ir_x(0) : tc_rs2(i));
    return true;
}

bool trans_lr_w(struct tctx *c, const struct insn *i)
{
    return gen_amo(c, i, IR_MEM_32, IR_AMO_LR);
}
bool trans_lr_d(struct tctx *c, const struct insn *i)
{
    return gen_amo(c, i, IR_MEM_64, IR_AMO_LR);
}
bool trans_sc_w(struct tctx *c, const struct insn *i)
{
    return gen_amo(c, i, IR_MEM_32, IR_AMO_SC);
}
bool trans_sc_d(struct tctx *c, const struct insn *i)
{
    return gen_amo(c, i, IR_MEM_64, IR_AMO_SC);
}

#define TRANS_AMO(name, op)                                     \
    bool trans_##name##_w(struct tctx *c, const struct insn *i) \
    {                                                           \
        return gen_amo(c, i, IR_MEM_32, op);                    \
    }                                                           \
    bool trans_##name##_d(struct tctx *c, const struct insn *i) \
    {                                                           \
        return gen_amo(c, i, IR_MEM_64, op);                    \
    }

TRANS_AMO(amoswap, AMO_SWAP)
TRANS_AMO(amoadd, AMO_ADD)
TRANS_AMO(amoxor, AMO_XOR)
TRANS_AMO(amoand, AMO_AND)
TRANS_AMO(amoor, AMO_OR)

/* Unpriv 2.7 (FENCE), with the pred and succ sets I, O, R, W in bits 3..0 of
 * imm[7:4] and imm[3:0], and fm in imm[11:8] (FENCE.TSO: fm = 1000). The
 * host keeps every order but a store's before a later load (x86-64 TSO), so
 * only a fence ordering writes (memory or device) before reads needs a
 * barrier; FENCE.TSO leaves exactly that order out. The interpreter's
 * fences are all full ones. */
#define FENCE_W   0x1
#define FENCE_R   0x2
#define FENCE_O   0x4
#define FENCE_I   0x8
#define FENCE_TSO 0x8

bool trans_fence(struct tctx *c, const struct insn *i)
{
    unsigned succ = (unsigned)i->imm & 0xf, pred = (unsigned)(i->imm >> 4) & 0xf;
    unsigned fm = (unsigned)(i->imm >> 8) & 0xf;
    if (fm != FENCE_TSO && (pred & (FENCE_W | FENCE_O)) && (succ & (FENCE_R | FENCE_I)))
        ir_mb(c->b);
    return true;
}

/* --- M (7.1, 7.2): division corner cases live in the jit_helper_* --- */

static bool gen_call(struct tctx *c, const struct insn *i, uint64_t (*fn)(uint64_t, uint64_t))
{
    ir_call2(c->b, fn, tc_rd(i), tc_rs1(i), tc_rs2(i));
    return true;
}

/* rd = ext32s(fn(ext(rs1), ext(rs2))). With sign-extended inputs the 64-bit
 * quotient and remainder give the 32-bit results, including x / 0 (all
 * ones, or the dividend for rem) and INT32_MIN / -1 (2^31, which ext32s
 * turns back into INT32_MIN; remainder 0). */
static bool gen_call_w(struct tctx *c, const struct insn *i, enum ir_opcode ext,
                       uint64_t (*fn)(uint64_t, uint64_t))
{
    ir_temp_t a = tc_unop(c, ext, tc_rs1(i)), b = tc_unop(c, ext, tc_rs2(i));
    ir_temp_t t = ir_new_local(c->b);
    ir_call2(c->b, fn, t, a, b);
    return tc_write_w(c, i, t);
}

bool trans_mul(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_mul, tc_rs2(i)); }
bool trans_mulh(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_mulh, tc_rs2(i)); }
bool trans_mulhu(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_mulhu, tc_rs2(i)); }
bool trans_mulhsu(struct tctx *c, const struct insn *i)
{
    return gen_call(c, i, jit_helper_mulhsu);
}
bool trans_div(struct tctx *c, const struct insn *i) { return gen_call(c, i, jit_helper_div); }
bool trans_divu(struct tctx *c, const struct insn *i) { return gen_call(c, i, jit_helper_divu); }
bool trans_rem(struct tctx *c, const struct insn *i) { return gen_call(c, i, jit_helper_rem); }
bool trans_remu(struct tctx *c, const struct insn *i) { return gen_call(c, i, jit_helper_remu); }
bool trans_mulw(struct tctx *c, const struct insn *i) { return gen_op_w(c, i, IR_mul, tc_rs2(i)); }
bool trans_divw(struct tctx *c, const struct insn *i)
{
    return gen_call_w(c, i, IR_ext32s, jit_helper_div);
}
bool trans_divuw(struct tctx *c, const struct insn *i)
{
    return gen_call_w(c, i, IR_ext32u, jit_helper_divu);
}
bool trans_remw(struct tctx *c, const struct insn *i)
{
    return gen_call_w(c, i, IR_ext32s, jit_helper_rem);
}
bool trans_remuw(struct tctx *c, const struct insn *i)
{
    return gen_call_w(c, i, IR_ext32u, jit_helper_remu);
}
