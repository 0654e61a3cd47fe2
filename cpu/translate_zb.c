/* SPDX-License-Identifier: MIT */
/* Translators for bit manipulation (Zba, Zbb, Zbs; bit-manipulation spec
 * 1.0) and Zicond (1.0). Each matches its body in cpu/exec_base.c; the
 * carry-less multiplies (Zbc) stay with the exec fallback. */
#include "translate_int.h"

/* --- Zba: address generation --- */

/* rd = (ext(rs1) << shift) + rs2; ext is ext32u for the .uw forms. */
static bool gen_shadd(struct tctx *c, const struct insn *i, bool uw, unsigned shift)
{
    ir_temp_t src = uw ? tc_unop(c, IR_ext32u, tc_rs1(i)) : tc_rs1(i);
    ir_temp_t scaled = shift ? tc_binop(c, IR_shl, src, tc_const(c, shift)) : src;
    ir_binop(c->b, IR_add, tc_rd(i), scaled, tc_rs2(i));
    return true;
}

bool trans_sh1add(struct tctx *c, const struct insn *i) { return gen_shadd(c, i, false, 1); }
bool trans_sh2add(struct tctx *c, const struct insn *i) { return gen_shadd(c, i, false, 2); }
bool trans_sh3add(struct tctx *c, const struct insn *i) { return gen_shadd(c, i, false, 3); }
bool trans_add_uw(struct tctx *c, const struct insn *i) { return gen_shadd(c, i, true, 0); }
bool trans_sh1add_uw(struct tctx *c, const struct insn *i) { return gen_shadd(c, i, true, 1); }
bool trans_sh2add_uw(struct tctx *c, const struct insn *i) { return gen_shadd(c, i, true, 2); }
bool trans_sh3add_uw(struct tctx *c, const struct insn *i) { return gen_shadd(c, i, true, 3); }

bool trans_slli_uw(struct tctx *c, const struct insn *i)
{
    ir_binop(c->b, IR_shl, tc_rd(i), tc_unop(c, IR_ext32u, tc_rs1(i)), tc_imm(c, i));
    return true;
}

/* --- Zbb: logic with negate, extension, min/max --- */

/* rd = rs1 op ~rs2 */
static bool gen_op_not(struct tctx *c, const struct insn *i, enum ir_opcode op)
{
    ir_binop(c->b, op, tc_rd(i), tc_rs1(i), tc_unop(c, IR_not, tc_rs2(i)));
    return true;
}

static bool gen_unop(struct tctx *c, const struct insn *i, enum ir_opcode op)
{
    ir_unop(c->b, op, tc_rd(i), tc_rs1(i));
    return true;
}

bool trans_andn(struct tctx *c, const struct insn *i) { return gen_op_not(c, i, IR_and); }
bool trans_orn(struct tctx *c, const struct insn *i) { return gen_op_not(c, i, IR_or); }
bool trans_xnor(struct tctx *c, const struct insn *i)
{
    ir_unop(c->b, IR_not, tc_rd(i), tc_binop(c, IR_xor, tc_rs1(i), tc_rs2(i)));
    return true;
}
bool trans_sext_b(struct tctx *c, const struct insn *i) { return gen_unop(c, i, IR_ext8s); }
bool trans_sext_h(struct tctx *c, const struct insn *i) { return gen_unop(c, i, IR_ext16s); }
bool trans_zext_h(struct tctx *c, const struct insn *i) { return gen_unop(c, i, IR_ext16u); }

/* rd = (rs1 cond rs2) ? rs1 : rs2 without a select op:
 * mask = -(rs1 cond rs2); rd = rs2 ^ ((rs1 ^ rs2) & mask). */
static bool gen_pick(struct tctx *c, const struct insn *i, enum ir_cond cond)
{
    ir_temp_t cmp = ir_new_local(c->b);
    ir_setcond(c->b, cond, cmp, tc_rs1(i), tc_rs2(i));
    ir_temp_t mask = tc_unop(c, IR_neg, cmp);
    ir_temp_t diff = tc_binop(c, IR_xor, tc_rs1(i), tc_rs2(i));
    ir_binop(c->b, IR_xor, tc_rd(i), tc_rs2(i), tc_binop(c, IR_and, diff, mask));
    return true;
}

bool trans_min(struct tctx *c, const struct insn *i) { return gen_pick(c, i, IR_LT); }
bool trans_minu(struct tctx *c, const struct insn *i) { return gen_pick(c, i, IR_LTU); }
bool trans_max(struct tctx *c, const struct insn *i) { return gen_pick(c, i, IR_GE); }
bool trans_maxu(struct tctx *c, const struct insn *i) { return gen_pick(c, i, IR_GEU); }

/* --- Zbb: rotations --- */

/* src rotated right by (amount & (width - 1)), width 64 or 32:
 * (src >> n) | (src << (-amount & (width - 1))), which is src | src for
 * n == 0. For width 32, src is zero-extended and only the low 32 bits of
 * the result are meaningful. A left rotation is a right one by -amount. */
static ir_temp_t gen_ror(struct tctx *c, ir_temp_t src, ir_temp_t amount, unsigned width)
{
    ir_temp_t mask = tc_const(c, width - 1);
    ir_temp_t n = tc_binop(c, IR_and, amount, mask);
    ir_temp_t back = tc_binop(c, IR_and, tc_unop(c, IR_neg, amount), mask);
    return tc_binop(c, IR_or, tc_binop(c, IR_shr, src, n), tc_binop(c, IR_shl, src, back));
}

static bool gen_rotate(struct tctx *c, const struct insn *i, ir_temp_t amount, bool left)
{
    ir_temp_t n = left ? tc_unop(c, IR_neg, amount) : amount;
    ir_mov(c->b, tc_rd(i), gen_ror(c, tc_rs1(i), n, 64));
    return true;
}

static bool gen_rotate_w(struct tctx *c, const struct insn *i, ir_temp_t amount, bool left)
{
    ir_temp_t n = left ? tc_unop(c, IR_neg, amount) : amount;
    return tc_write_w(c, i, gen_ror(c, tc_unop(c, IR_ext32u, tc_rs1(i)), n, 32));
}

bool trans_rol(struct tctx *c, const struct insn *i) { return gen_rotate(c, i, tc_rs2(i), true); }
bool trans_ror(struct tctx *c, const struct insn *i) { return gen_rotate(c, i, tc_rs2(i), false); }
bool trans_rori(struct tctx *c, const struct insn *i)
{
    return gen_rotate(c, i, tc_imm(c, i), false);
}
bool trans_rolw(struct tctx *c, const struct insn *i)
{
    return gen_rotate_w(c, i, tc_rs2(i), true);
}
bool trans_rorw(struct tctx *c, const struct insn *i)
{
    return gen_rotate_w(c, i, tc_rs2(i), false);
}
bool trans_roriw(struct tctx *c, const struct insn *i)
{
    return gen_rotate_w(c, i, tc_imm(c, i), false);
}

/* --- Zbb: counts and byte operations, through pure C helpers --- */

static uint64_t zb_clz(uint64_t a, uint64_t unused)
{
    (void)unused;
    return a ? (uint64_t)__builtin_clzll(a) : 64;
}
static uint64_t zb_clzw(uint64_t a, uint64_t unused)
{
    (void)unused;
    return (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32;
}
static uint64_t zb_ctz(uint64_t a, uint64_t unused)
{
    (void)unused;
    return a ? (uint64_t)__builtin_ctzll(a) : 64;
}
static uint64_t zb_ctzw(uint64_t a, uint64_t unused)
{
    (void)unused;
    return (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32;
}
static uint64_t zb_cpop(uint64_t a, uint64_t unused)
{
    (void)unused;
    return (uint64_t)__builtin_popcountll(a);
}
static uint64_t zb_cpopw(uint64_t a, uint64_t unused)
{
    (void)unused;
    return (uint64_t)__builtin_popcount((uint32_t)a);
}
static uint64_t zb_rev8(uint64_t a, uint64_t unused)
{
    (void)unused;
    return __builtin_bswap64(a);
}

/* Each byte becomes 0xff if it is non-zero, else 0x00. */
static uint64_t zb_orc_b(uint64_t a, uint64_t unused)
{
    (void)unused;
    uint64_t r = 0;
    for (unsigned k = 0; k < 64; k += 8)
        if ((a >> k) & 0xff)
            r |= 0xffull << k;
    return r;
}

/* rd = fn(rs1, 0) */
static bool gen_call1(struct tctx *c, const struct insn *i, uint64_t (*fn)(uint64_t, uint64_t))
{
    ir_call2(c->b, fn, tc_rd(i), tc_rs1(i), ir_x(0));
    return true;
}

bool trans_clz(struct tctx *c, const struct insn *i) { return gen_call1(c, i, zb_clz); }
bool trans_clzw(struct tctx *c, const struct insn *i) { return gen_call1(c, i, zb_clzw); }
bool trans_ctz(struct tctx *c, const struct insn *i) { return gen_call1(c, i, zb_ctz); }
bool trans_ctzw(struct tctx *c, const struct insn *i) { return gen_call1(c, i, zb_ctzw); }
bool trans_cpop(struct tctx *c, const struct insn *i) { return gen_call1(c, i, zb_cpop); }
bool trans_cpopw(struct tctx *c, const struct insn *i) { return gen_call1(c, i, zb_cpopw); }
bool trans_rev8(struct tctx *c, const struct insn *i) { return gen_call1(c, i, zb_rev8); }
bool trans_orc_b(struct tctx *c, const struct insn *i) { return gen_call1(c, i, zb_orc_b); }

/* --- Zbs: single-bit operations --- */

/* 1 << (rs2 & 63) */
static ir_temp_t gen_bit(struct tctx *c, const struct insn *i)
{
    ir_temp_t n = tc_binop(c, IR_and, tc_rs2(i), tc_const(c, 63));
    return tc_binop(c, IR_shl, tc_const(c, 1), n);
}

static bool gen_op(struct tctx *c, const struct insn *i, enum ir_opcode op, ir_temp_t src2)
{
    ir_binop(c->b, op, tc_rd(i), tc_rs1(i), src2);
    return true;
}

/* rd = (rs1 >> n) & 1 */
static bool gen_bext(struct tctx *c, const struct insn *i, ir_temp_t n)
{
    ir_binop(c->b, IR_and, tc_rd(i), tc_binop(c, IR_shr, tc_rs1(i), n), tc_const(c, 1));
    return true;
}

bool trans_bclr(struct tctx *c, const struct insn *i)
{
    return gen_op(c, i, IR_and, tc_unop(c, IR_not, gen_bit(c, i)));
}
bool trans_bset(struct tctx *c, const struct insn *i) { return gen_op(c, i, IR_or, gen_bit(c, i)); }
bool trans_binv(struct tctx *c, const struct insn *i)
{
    return gen_op(c, i, IR_xor, gen_bit(c, i));
}
bool trans_bext(struct tctx *c, const struct insn *i)
{
    return gen_bext(c, i, tc_binop(c, IR_and, tc_rs2(i), tc_const(c, 63)));
}
bool trans_bclri(struct tctx *c, const struct insn *i)
{
    return gen_op(c, i, IR_and, tc_const(c, ~(1ull << i->imm)));
}
bool trans_bseti(struct tctx *c, const struct insn *i)
{
    return gen_op(c, i, IR_or, tc_const(c, 1ull << i->imm));
}
bool trans_binvi(struct tctx *c, const struct insn *i)
{
    return gen_op(c, i, IR_xor, tc_const(c, 1ull << i->imm));
}
bool trans_bexti(struct tctx *c, const struct insn *i) { return gen_bext(c, i, tc_imm(c, i)); }

/* --- Zicond: rd = rs1 & -(rs2 cond 0) --- */

static bool gen_czero(struct tctx *c, const struct insn *i, enum ir_cond keep_if)
{
    ir_temp_t keep = ir_new_local(c->b);
    ir_setcond(c->b, keep_if, keep, tc_rs2(i), ir_x(0));
    return gen_op(c, i, IR_and, tc_unop(c, IR_neg, keep));
}

bool trans_czero_eqz(struct tctx *c, const struct insn *i) { return gen_czero(c, i, IR_NE); }
bool trans_czero_nez(struct tctx *c, const struct insn *i) { return gen_czero(c, i, IR_EQ); }
