/* SPDX-License-Identifier: MIT */
/* Translators for F and D (Unprivileged chapters 11-12): loads, stores,
 * moves and sign injection as integer IR on the registers' bit patterns,
 * double-precision arithmetic as fpop. Anything they decline runs through
 * the interpreter's body (cpu/exec_fp.c), which has every case. */
#include "softfloat.h"
#include "tcg/jit.h"
#include "translate_int.h"

#define F32_BOX   0xffffffff00000000ull
#define F64_SIGN  (1ull << 63)
#define FP_RM_DYN 7 /* the rm field value that selects frm (11.2) */

/* Reading f registers only needs the FPU on (FS != Off: 11.1); writing one
 * also makes mstatus.FS Dirty, which the block may skip only if it already
 * is (Priv 3.1.6.6). */
static bool fp_readable(const struct tctx *c) { return !(c->flags & TBF_FS_OFF); }
static bool fp_writable(const struct tctx *c) { return c->flags & TBF_FS_DIRTY; }

/* fpop rounds to nearest-even: rm is RNE, or dynamic with frm = RNE (the
 * block was translated under TBF_FRM_RNE and frm cannot change inside it:
 * a CSR write ends the block). */
static bool rm_is_rne(const struct tctx *c, const struct insn *i)
{
    return i->rm == FP_RNE || (i->rm == FP_RM_DYN && (c->flags & TBF_FRM_RNE));
}

static ir_temp_t tc_frd(const struct insn *i) { return ir_f(i->rd); }
static ir_temp_t tc_frs1(const struct insn *i) { return ir_f(i->rs1); }
static ir_temp_t tc_frs2(const struct insn *i) { return ir_f(i->rs2); }

/* --- loads and stores (11.5, 12.3) --- */

bool trans_fld(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c))
        return false;
    ir_load(c->b, IR_MEM_64, tc_frd(i), tc_rs1(i), i->imm);
    return true;
}

/* flw NaN-boxes the loaded single (12.2). */
bool trans_flw(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c))
        return false;
    ir_temp_t t = ir_new_local(c->b);
    ir_load(c->b, IR_MEM_32, t, tc_rs1(i), i->imm);
    ir_binop(c->b, IR_or, tc_frd(i), t, tc_const(c, F32_BOX));
    return true;
}

bool trans_fsd(struct tctx *c, const struct insn *i)
{
    if (!fp_readable(c))
        return false;
    ir_store(c->b, IR_MEM_64, tc_rs1(i), i->imm, tc_frs2(i));
    return true;
}

/* fsw stores the low 32 bits whatever the boxing (12.2). */
bool trans_fsw(struct tctx *c, const struct insn *i)
{
    if (!fp_readable(c))
        return false;
    ir_store(c->b, IR_MEM_32, tc_rs1(i), i->imm, tc_frs2(i));
    return true;
}

/* --- moves between register files (11.7, 12.5) --- */

bool trans_fmv_x_d(struct tctx *c, const struct insn *i)
{
    if (!fp_readable(c))
        return false;
    ir_mov(c->b, tc_rd(i), tc_frs1(i));
    return true;
}

bool trans_fmv_d_x(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c))
        return false;
    ir_mov(c->b, tc_frd(i), tc_rs1(i));
    return true;
}

/* fmv.x.w sign-extends the low 32 bits, boxed or not. */
bool trans_fmv_x_w(struct tctx *c, const struct insn *i)
{
    if (!fp_readable(c))
        return false;
    ir_unop(c->b, IR_ext32s, tc_rd(i), tc_frs1(i));
    return true;
}

bool trans_fmv_w_x(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c))
        return false;
    ir_temp_t t = tc_unop(c, IR_ext32u, tc_rs1(i));
    ir_binop(c->b, IR_or, tc_frd(i), t, tc_const(c, F32_BOX));
    return true;
}

/* --- sign injection (12.5): rd = rs1's magnitude with a sign from rs2 --- */

/* sign is the sign bit to give rs1 (in bit 63, other bits clear). */
static bool gen_fsgnj(struct tctx *c, const struct insn *i, ir_temp_t sign)
{
    ir_temp_t mag = tc_binop(c, IR_and, tc_frs1(i), tc_const(c, ~F64_SIGN));
    ir_binop(c->b, IR_or, tc_frd(i), mag, sign);
    return true;
}

bool trans_fsgnj_d(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c))
        return false;
    return gen_fsgnj(c, i, tc_binop(c, IR_and, tc_frs2(i), tc_const(c, F64_SIGN)));
}

bool trans_fsgnjn_d(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c))
        return false;
    ir_temp_t inv = tc_unop(c, IR_not, tc_frs2(i));
    return gen_fsgnj(c, i, tc_binop(c, IR_and, inv, tc_const(c, F64_SIGN)));
}

/* fsgnjx: rs1 with its sign flipped where rs2 is negative. */
bool trans_fsgnjx_d(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c))
        return false;
    ir_temp_t sign = tc_binop(c, IR_and, tc_frs2(i), tc_const(c, F64_SIGN));
    ir_binop(c->b, IR_xor, tc_frd(i), tc_frs1(i), sign);
    return true;
}

/* --- double-precision arithmetic and conversions (12.4, 12.5) --- */

static bool gen_fpop(struct tctx *c, const struct insn *i, enum ir_fpop fop, ir_temp_t a,
                     ir_temp_t b)
{
    if (!fp_writable(c) || !rm_is_rne(c, i))
        return false;
    ir_fpop(c->b, fop, tc_frd(i), a, b);
    return true;
}

bool trans_fadd_d(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FADD_D, tc_frs1(i), tc_frs2(i));
}
bool trans_fsub_d(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FSUB_D, tc_frs1(i), tc_frs2(i));
}
bool trans_fmul_d(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FMUL_D, tc_frs1(i), tc_frs2(i));
}
bool trans_fdiv_d(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FDIV_D, tc_frs1(i), tc_frs2(i));
}
bool trans_fsqrt_d(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FSQRT_D, tc_frs1(i), tc_frs1(i));
}
bool trans_fcvt_d_l(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FCVT_D_L, tc_rs1(i), tc_rs1(i));
}

/* Compares and conversions to integers write x registers; they may still
 * raise flags, which dirty FS (so they too need TBF_FS_DIRTY). A compare to
 * x0 still raises them. */
static bool gen_fpop_x(struct tctx *c, const struct insn *i, enum ir_fpop fop)
{
    if (!fp_writable(c))
        return false;
    ir_temp_t out = i->rd ? tc_rd(i) : ir_new_local(c->b);
    ir_fpop(c->b, fop, out, tc_frs1(i), tc_frs2(i));
    return true;
}

bool trans_feq_d(struct tctx *c, const struct insn *i) { return gen_fpop_x(c, i, IR_FEQ_D); }
bool trans_feq_s(struct tctx *c, const struct insn *i) { return gen_fpop_x(c, i, IR_FEQ_S); }
bool trans_flt_s(struct tctx *c, const struct insn *i) { return gen_fpop_x(c, i, IR_FLT_S); }
bool trans_fle_s(struct tctx *c, const struct insn *i) { return gen_fpop_x(c, i, IR_FLE_S); }
bool trans_flt_d(struct tctx *c, const struct insn *i) { return gen_fpop_x(c, i, IR_FLT_D); }
bool trans_fle_d(struct tctx *c, const struct insn *i) { return gen_fpop_x(c, i, IR_FLE_D); }

/* C's casts: double to int truncating (rm = RTZ in the instruction). */
bool trans_fcvt_w_d(struct tctx *c, const struct insn *i)
{
    return i->rm == FP_RTZ && gen_fpop_x(c, i, IR_FCVT_W_D_RTZ);
}
bool trans_fcvt_l_d(struct tctx *c, const struct insn *i)
{
    return i->rm == FP_RTZ && gen_fpop_x(c, i, IR_FCVT_L_D_RTZ);
}

/* --- single precision (11.4-11.6): fpop unboxes and boxes --- */

bool trans_fadd_s(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FADD_S, tc_frs1(i), tc_frs2(i));
}
bool trans_fsub_s(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FSUB_S, tc_frs1(i), tc_frs2(i));
}
bool trans_fmul_s(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FMUL_S, tc_frs1(i), tc_frs2(i));
}
bool trans_fdiv_s(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FDIV_S, tc_frs1(i), tc_frs2(i));
}
bool trans_fsqrt_s(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FSQRT_S, tc_frs1(i), tc_frs1(i));
}
bool trans_fcvt_s_d(struct tctx *c, const struct insn *i)
{
    return gen_fpop(c, i, IR_FCVT_S_D, tc_frs1(i), tc_frs1(i));
}

/* Widening is exact: any valid rm will do (the reserved ones trap in the
 * interpreter's body). */
bool trans_fcvt_d_s(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c) || (i->rm > FP_RMM && !rm_is_rne(c, i)))
        return false;
    ir_fpop(c->b, IR_FCVT_D_S, tc_frd(i), tc_frs1(i), tc_frs1(i));
    return true;
}

/* Every int32 is a double: no rounding, so any valid rm will do. The
 * reserved ones (5, 6, or dynamic with frm >= 5) still go to the body,
 * which raises the illegal-instruction exception. */
bool trans_fcvt_d_w(struct tctx *c, const struct insn *i)
{
    if (!fp_writable(c) || (i->rm > FP_RMM && !rm_is_rne(c, i)))
        return false;
    ir_fpop(c->b, IR_FCVT_D_W, tc_frd(i), tc_rs1(i), tc_rs1(i));
    return true;
}
