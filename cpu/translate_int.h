/* SPDX-License-Identifier: MIT */
/* Inside the translator: the per-instruction context, the lists of
 * instructions with a native translator (one list per cpu/translate_*.c
 * file) and small IR-building shorthands shared by those files. */
#ifndef CPU_TRANSLATE_INT_H
#define CPU_TRANSLATE_INT_H

#include "translate.h"

struct tctx {
    struct ir_block *b;
    uint64_t pc;         /* guest pc of the instruction being translated */
    uint64_t start;      /* guest pc of the block's first instruction */
    uint32_t flags;      /* TBF_* of the block */
    bool ended;          /* a fallback ended the block (exit_npc emitted) */
    unsigned side_exits; /* conditional branches that may still continue the block */
    bool continued;      /* this branch left through a side exit and the block goes on */
    bool extended;       /* the block has a side exit, to side_target */
    uint64_t side_target;
    uint64_t side_pc;    /* the side exit's branch */
    bool join_next;      /* the branch being translated jumps inside the block: */
    unsigned join_label; /* its label, placed at the target (translate.c) */
};

/* Emit IR for i and return true, or return false without emitting anything:
 * the instruction then runs through its exec body. A translator of an
 * IF_END instruction ends the block itself (goto_tb or exit_pc). */
typedef bool trans_fn(struct tctx *c, const struct insn *i);

/* Rows of insn_table.h translated natively, by file (translate_base.c:
 * RV64I and M; translate_zb.c: Zba, Zbb, Zbs, Zicond; translate_fp.c: part
 * of F and D). */
/* clang-format off */
#define TRANS_RV64I(X)                                                                     \
    X(lui) X(auipc) X(jal) X(jalr) X(beq) X(bne) X(blt) X(bge) X(bltu) X(bgeu) X(lb) X(lh) \
    X(lw) X(ld) X(lbu) X(lhu) X(lwu) X(sb) X(sh) X(sw) X(sd) X(addi) X(slti) X(sltiu)      \
    X(xori) X(ori) X(andi) X(slli) X(srli) X(srai) X(add) X(sub) X(sll) X(slt) X(sltu)     \
    X(xor) X(srl) X(sra) X(or) X(and) X(addiw) X(slliw) X(srliw) X(sraiw) X(addw) X(subw)  \
    X(sllw) X(srlw) X(sraw) X(fence)

#define TRANS_A(X)                                                                         \
    X(amoswap_w) X(amoswap_d) X(amoadd_w) X(amoadd_d) X(amoxor_w) X(amoxor_d) X(amoand_w) \
    X(amoand_d) X(amoor_w) X(amoor_d) X(lr_w) X(lr_d) X(sc_w) X(sc_d)

#define TRANS_M(X)                                                                  \
    X(mul) X(mulh) X(mulhsu) X(mulhu) X(div) X(divu) X(rem) X(remu) X(mulw) X(divw) \
    X(divuw) X(remw) X(remuw)

#define TRANS_ZB(X)                                                                     \
    X(sh1add) X(sh2add) X(sh3add) X(add_uw) X(sh1add_uw) X(sh2add_uw) X(sh3add_uw)      \
    X(slli_uw) X(andn) X(orn) X(xnor) X(clz) X(clzw) X(ctz) X(ctzw) X(cpop) X(cpopw)    \
    X(max) X(maxu) X(min) X(minu) X(sext_b) X(sext_h) X(zext_h) X(rol) X(rolw) X(ror)   \
    X(rorw) X(rori) X(roriw) X(orc_b) X(rev8) X(bclr) X(bclri) X(bext) X(bexti) X(binv) \
    X(binvi) X(bset) X(bseti) X(czero_eqz) X(czero_nez)


#define TRANS_FD(X)                                                                         \
    X(fld) X(flw) X(fsd) X(fsw) X(fmv_x_d) X(fmv_d_x) X(fmv_x_w) X(fmv_w_x) X(fsgnj_d)      \
    X(fsgnjn_d) X(fsgnjx_d) X(fadd_d) X(fsub_d) X(fmul_d) X(fdiv_d) X(fsqrt_d) X(fcvt_d_l) \
    X(fcvt_d_w) X(feq_d) X(flt_d) X(fle_d) X(fcvt_w_d) X(fcvt_l_d) X(fadd_s) X(fsub_s)       \
    X(fmul_s) X(fdiv_s) X(fsqrt_s) X(feq_s) X(flt_s) X(fle_s) X(fcvt_s_d) X(fcvt_d_s)
/* clang-format on */

#define TRANS_DECLARE(name) trans_fn trans_##name;
TRANS_RV64I(TRANS_DECLARE)
TRANS_A(TRANS_DECLARE)
TRANS_M(TRANS_DECLARE)
TRANS_ZB(TRANS_DECLARE)
TRANS_FD(TRANS_DECLARE)
#undef TRANS_DECLARE

/* Shorthands. Writes to x0 are dropped by the builders. */
static inline ir_temp_t tc_rd(const struct insn *i) { return ir_x(i->rd); }
static inline ir_temp_t tc_rs1(const struct insn *i) { return ir_x(i->rs1); }
static inline ir_temp_t tc_rs2(const struct insn *i) { return ir_x(i->rs2); }
static inline ir_temp_t tc_const(struct tctx *c, uint64_t v) { return ir_const(c->b, v); }
static inline ir_temp_t tc_imm(struct tctx *c, const struct insn *i)
{
    return ir_const(c->b, (uint64_t)i->imm);
}

/* A fresh local holding `op a` or `a op b`. */
static inline ir_temp_t tc_unop(struct tctx *c, enum ir_opcode op, ir_temp_t a)
{
    ir_temp_t t = ir_new_local(c->b);
    ir_unop(c->b, op, t, a);
    return t;
}
static inline ir_temp_t tc_binop(struct tctx *c, enum ir_opcode op, ir_temp_t a, ir_temp_t b)
{
    ir_temp_t t = ir_new_local(c->b);
    ir_binop(c->b, op, t, a, b);
    return t;
}

/* rd = ext32s(t): the last step of every W instruction. */
static inline bool tc_write_w(struct tctx *c, const struct insn *i, ir_temp_t t)
{
    ir_unop(c->b, IR_ext32s, tc_rd(i), t);
    return true;
}

#endif
