/* SPDX-License-Identifier: MIT */
/* F and D bodies (Unprivileged chapters 11-12) over cpu/softfloat: NaN boxing,
 * rounding-mode selection, fflags accumulation and mstatus.FS tracking. */
#include "exec.h"
#include "mmu.h"
#include "softfloat.h"

#define F32_BOX 0xffffffff00000000ull

/* FS == Off makes every FP instruction illegal (Priv 3.1.6.6). */
static bool fp_off(const struct hart *h)
{
    return ((h->mstatus & MSTATUS_FS) >> MSTATUS_FS_SHIFT) == FS_OFF;
}

/* The rounding mode of i; -1 if reserved (rm 5/6, or dyn with frm >= 5). */
static int fp_rm(const struct hart *h, const struct insn *i)
{
    unsigned rm = i->rm == 7 ? h->frm : i->rm;
    return rm <= FP_RMM ? (int)rm : -1;
}

/* Common entry: FS and rm checks. Returns EXEC_OK or EXEC_TRAP. */
static int fp_enter(struct hart *h, const struct insn *i, int *rm)
{
    if (fp_off(h))
        return illegal_insn(h, i);
    if (rm && (*rm = fp_rm(h, i)) < 0)
        return illegal_insn(h, i);
    return EXEC_OK;
}

/* A single read from an improperly NaN-boxed register is the canonical NaN. */
static uint32_t f32_reg(const struct hart *h, unsigned r)
{
    uint64_t v = h->f[r];
    return (v & F32_BOX) == F32_BOX ? (uint32_t)v : F32_CANONICAL_NAN;
}

static int set_f32(struct hart *h, const struct insn *i, uint64_t v, unsigned flags)
{
    h->f[i->rd] = F32_BOX | (uint32_t)v;
    h->fflags |= flags;
    csr_set_fs_dirty(h);
    return EXEC_OK;
}

static int set_f64(struct hart *h, const struct insn *i, uint64_t v, unsigned flags)
{
    h->f[i->rd] = v;
    h->fflags |= flags;
    csr_set_fs_dirty(h);
    return EXEC_OK;
}

/* An FP instruction writing an integer register: flags still dirty FS. */
static int set_x(struct hart *h, const struct insn *i, uint64_t v, unsigned flags)
{
    WRITE_RD(v);
    if (flags) {
        h->fflags |= flags;
        csr_set_fs_dirty(h);
    }
    return EXEC_OK;
}

#define S1 f32_reg(h, i->rs1)
#define S2 f32_reg(h, i->rs2)
#define S3 f32_reg(h, i->rs3)
#define D1 (h->f[i->rs1])
#define D2 (h->f[i->rs2])
#define D3 (h->f[i->rs3])

/* The value is computed before the setter reads the flags it raised. */
#define FP_BODY(name, uses_rm, setter, value)                \
    int exec_##name(struct hart *h, const struct insn *i)    \
    {                                                        \
        int rm = 0;                                          \
        unsigned fl = 0;                                     \
        if (fp_enter(h, i, uses_rm ? &rm : NULL) != EXEC_OK) \
            return EXEC_TRAP;                                \
        (void)rm;                                            \
        uint64_t v_ = (value);                               \
        return setter(h, i, v_, fl);                         \
    }

/* Loads and stores */
static int fp_load(struct hart *h, const struct insn *i, unsigned size)
{
    uint64_t v;
    if (fp_off(h))
        return illegal_insn(h, i);
    if (mmu_load(h, RS1 + IMM, size, &v) != EXEC_OK)
        return EXEC_TRAP;
    return size == 4 ? set_f32(h, i, (uint32_t)v, 0) : set_f64(h, i, v, 0);
}

static int fp_store(struct hart *h, const struct insn *i, unsigned size)
{
    if (fp_off(h))
        return illegal_insn(h, i);
    return mmu_store(h, RS1 + IMM, size, h->f[i->rs2]);
}

int exec_flw(struct hart *h, const struct insn *i) { return fp_load(h, i, 4); }
int exec_fld(struct hart *h, const struct insn *i) { return fp_load(h, i, 8); }
int exec_fsw(struct hart *h, const struct insn *i) { return fp_store(h, i, 4); }
int exec_fsd(struct hart *h, const struct insn *i) { return fp_store(h, i, 8); }

/* Single precision */
FP_BODY(fadd_s, 1, set_f32, f32_add(S1, S2, rm, &fl))
FP_BODY(fsub_s, 1, set_f32, f32_sub(S1, S2, rm, &fl))
FP_BODY(fmul_s, 1, set_f32, f32_mul(S1, S2, rm, &fl))
FP_BODY(fdiv_s, 1, set_f32, f32_div(S1, S2, rm, &fl))
FP_BODY(fsqrt_s, 1, set_f32, f32_sqrt(S1, rm, &fl))
FP_BODY(fmadd_s, 1, set_f32, f32_muladd(S1, S2, S3, 0, 0, rm, &fl))
FP_BODY(fmsub_s, 1, set_f32, f32_muladd(S1, S2, S3, 0, 1, rm, &fl))
FP_BODY(fnmsub_s, 1, set_f32, f32_muladd(S1, S2, S3, 1, 0, rm, &fl))
FP_BODY(fnmadd_s, 1, set_f32, f32_muladd(S1, S2, S3, 1, 1, rm, &fl))
FP_BODY(fsgnj_s, 0, set_f32, (S1 & 0x7fffffffu) | (S2 & 0x80000000u))
FP_BODY(fsgnjn_s, 0, set_f32, (S1 & 0x7fffffffu) | (~S2 & 0x80000000u))
FP_BODY(fsgnjx_s, 0, set_f32, S1 ^ (S2 & 0x80000000u))
FP_BODY(fmin_s, 0, set_f32, f32_min(S1, S2, &fl))
FP_BODY(fmax_s, 0, set_f32, f32_max(S1, S2, &fl))
FP_BODY(fcvt_w_s, 1, set_x, (uint64_t)(int64_t)f32_to_i32(S1, rm, &fl))
FP_BODY(fcvt_wu_s, 1, set_x, sext32(f32_to_u32(S1, rm, &fl)))
FP_BODY(fcvt_l_s, 1, set_x, (uint64_t)f32_to_i64(S1, rm, &fl))
FP_BODY(fcvt_lu_s, 1, set_x, f32_to_u64(S1, rm, &fl))
FP_BODY(fmv_x_w, 0, set_x, sext32(h->f[i->rs1]))
FP_BODY(fclass_s, 0, set_x, f32_classify(S1))
FP_BODY(feq_s, 0, set_x, (uint64_t)f32_eq(S1, S2, &fl))
FP_BODY(flt_s, 0, set_x, (uint64_t)f32_lt(S1, S2, &fl))
FP_BODY(fle_s, 0, set_x, (uint64_t)f32_le(S1, S2, &fl))
FP_BODY(fcvt_s_w, 1, set_f32, i32_to_f32((int32_t)RS1, rm, &fl))
FP_BODY(fcvt_s_wu, 1, set_f32, u32_to_f32((uint32_t)RS1, rm, &fl))
FP_BODY(fcvt_s_l, 1, set_f32, i64_to_f32((int64_t)RS1, rm, &fl))
FP_BODY(fcvt_s_lu, 1, set_f32, u64_to_f32(RS1, rm, &fl))
FP_BODY(fmv_w_x, 0, set_f32, (uint32_t)RS1)

/* Double precision */
FP_BODY(fadd_d, 1, set_f64, f64_add(D1, D2, rm, &fl))
FP_BODY(fsub_d, 1, set_f64, f64_sub(D1, D2, rm, &fl))
FP_BODY(fmul_d, 1, set_f64, f64_mul(D1, D2, rm, &fl))
FP_BODY(fdiv_d, 1, set_f64, f64_div(D1, D2, rm, &fl))
FP_BODY(fsqrt_d, 1, set_f64, f64_sqrt(D1, rm, &fl))
FP_BODY(fmadd_d, 1, set_f64, f64_muladd(D1, D2, D3, 0, 0, rm, &fl))
FP_BODY(fmsub_d, 1, set_f64, f64_muladd(D1, D2, D3, 0, 1, rm, &fl))
FP_BODY(fnmsub_d, 1, set_f64, f64_muladd(D1, D2, D3, 1, 0, rm, &fl))
FP_BODY(fnmadd_d, 1, set_f64, f64_muladd(D1, D2, D3, 1, 1, rm, &fl))
FP_BODY(fsgnj_d, 0, set_f64, (D1 & ~(1ull << 63)) | (D2 & (1ull << 63)))
FP_BODY(fsgnjn_d, 0, set_f64, (D1 & ~(1ull << 63)) | (~D2 & (1ull << 63)))
FP_BODY(fsgnjx_d, 0, set_f64, D1 ^ (D2 & (1ull << 63)))
FP_BODY(fmin_d, 0, set_f64, f64_min(D1, D2, &fl))
FP_BODY(fmax_d, 0, set_f64, f64_max(D1, D2, &fl))
FP_BODY(fcvt_s_d, 1, set_f32, f64_to_f32(D1, rm, &fl))
FP_BODY(fcvt_d_s, 1, set_f64, f32_to_f64(S1, &fl))
FP_BODY(feq_d, 0, set_x, (uint64_t)f64_eq(D1, D2, &fl))
FP_BODY(flt_d, 0, set_x, (uint64_t)f64_lt(D1, D2, &fl))
FP_BODY(fle_d, 0, set_x, (uint64_t)f64_le(D1, D2, &fl))
FP_BODY(fclass_d, 0, set_x, f64_classify(D1))
FP_BODY(fcvt_w_d, 1, set_x, (uint64_t)(int64_t)f64_to_i32(D1, rm, &fl))
FP_BODY(fcvt_wu_d, 1, set_x, sext32(f64_to_u32(D1, rm, &fl)))
FP_BODY(fcvt_l_d, 1, set_x, (uint64_t)f64_to_i64(D1, rm, &fl))
FP_BODY(fcvt_lu_d, 1, set_x, f64_to_u64(D1, rm, &fl))
FP_BODY(fcvt_d_w, 1, set_f64, i32_to_f64((int32_t)RS1, rm, &fl))
FP_BODY(fcvt_d_wu, 1, set_f64, u32_to_f64((uint32_t)RS1, rm, &fl))
FP_BODY(fcvt_d_l, 1, set_f64, i64_to_f64((int64_t)RS1, rm, &fl))
FP_BODY(fcvt_d_lu, 1, set_f64, u64_to_f64(RS1, rm, &fl))
FP_BODY(fmv_x_d, 0, set_x, h->f[i->rs1])
FP_BODY(fmv_d_x, 0, set_f64, RS1)
