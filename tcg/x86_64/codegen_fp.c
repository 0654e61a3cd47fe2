/* SPDX-License-Identifier: MIT */
/* x86-64 backend: fpop on the host's SSE2 unit, and the bookkeeping of the
 * exception flags it raises (docs/jit.md, "Floating point"). */
#include <stddef.h>
#include <xmmintrin.h>

#include "codegen_int.h"
#include "cpu/hart.h"
#include "cpu/softfloat.h"
#include "util/util.h"

/* MXCSR (SDM Vol. 1 10.2.3): flag bits 0-5 (IE DE ZE OE UE PE), masks in
 * bits 7-12 (all set: no host traps), rounding control in bits 13-14 (0 =
 * nearest-even), as C programs start and Rivet never changes. */
#define MXCSR_IE      0x01u
#define MXCSR_ZE      0x04u
#define MXCSR_OE      0x08u
#define MXCSR_UE      0x10u
#define MXCSR_PE      0x20u
#define MXCSR_FLAGS   0x3fu /* DE (denormal operand) included: it has no RISC-V flag */
#define MXCSR_DEFAULT 0x1f80u

/* The RISC-V flags (Unpriv 11.2) for the MXCSR flags set. Both detect
 * underflow after rounding and only when the result is also inexact
 * (masked UE, SDM Vol. 1 4.9.1.5); overflow comes with inexact on both. */
static unsigned fp_flags_of(uint32_t mxcsr)
{
    unsigned f = 0;
    if (mxcsr & MXCSR_IE)
        f |= FFLAG_NV;
    if (mxcsr & MXCSR_ZE)
        f |= FFLAG_DZ;
    if (mxcsr & MXCSR_OE)
        f |= FFLAG_OF;
    if (mxcsr & MXCSR_UE)
        f |= FFLAG_UF;
    if (mxcsr & MXCSR_PE)
        f |= FFLAG_NX;
    return f;
}

/* While h->jit_fp_raised is set, the MXCSR flags belong to the guest: the
 * first fpop after a fold cleared whatever C code had left there. */
void jit_fp_flags_sync(struct hart *h)
{
    if (!h->jit_fp_raised)
        return;
    h->jit_fp_raised = false;
    uint32_t m = _mm_getcsr();
    if (m & MXCSR_FLAGS) {
        h->fflags |= fp_flags_of(m);
        _mm_setcsr(m & ~MXCSR_FLAGS);
    }
}

/* Before an fpop: unless flags are already being collected, start: clear
 * MXCSR (flags C code may have raised; nearest-even, all masked) and note
 * it. A compare, cheaper than reading MXCSR on every return to C; emitted
 * only where an earlier one does not cover every path (fp_collecting). */
void cg_fp_collect(struct cg_ctx *c)
{
    if (c->fp_collecting)
        return;
    c->fp_collecting = true;
    struct x86_mem raised = x86_mem_at(X86_RBP, offsetof(struct hart, jit_fp_raised));
    struct x86_mem scratch = x86_mem_at(X86_RBP, offsetof(struct hart, jit_mxcsr));
    struct x86_label collecting;
    x86_label_init(&collecting);
    x86_alu_mi(&c->b, X86_CMP, X86_8, raised, 0);
    x86_jcc_label8(&c->b, X86_CC_NE, &collecting);
    x86_store_imm(&c->b, X86_8, raised, 1);
    x86_store_imm(&c->b, X86_32, scratch, MXCSR_DEFAULT);
    x86_ldmxcsr(&c->b, scratch);
    x86_label_bind(&c->b, &collecting);
}

/* Epilogue part: fold the flags when an fpop ran (rax, the exit code, is
 * kept in rbx, which the epilogue restores anyway). */
void cg_fp_epilogue(struct x86_buf *b)
{
    struct x86_label done;
    x86_label_init(&done);
    x86_alu_mi(b, X86_CMP, X86_8, x86_mem_at(X86_RBP, offsetof(struct hart, jit_fp_raised)), 0);
    x86_jcc_label8(b, X86_CC_E, &done);
    x86_mov_rr(b, X86_64, X86_RBX, X86_RAX);
    x86_mov_rr(b, X86_64, X86_RDI, X86_RBP);
    x86_call(b, (const void *)jit_fp_flags_sync, X86_RAX);
    x86_mov_rr(b, X86_64, X86_RAX, X86_RBX);
    x86_label_bind(b, &done);
}

/* --- temps in xmm2..xmm15 ---
 * A double an fpop computed stays in an xmm register as the temp's only
 * current value (dirty: no general register holds it and its home is
 * stale), so the next fpop reads it there. A general-register op that reads
 * it moves it over (cg_temp_in: the register becomes the dirty one, the xmm
 * a copy); a write elsewhere forgets it. Every xmm register is caller-saved:
 * before a call, a join or an exit, dirty ones go home (cg_xmm_sync_all). */

#define CG_XMM_FIRST 2 /* xmm0 and xmm1 are every fpop's scratch */

static void xmm_unmap(struct cg_ctx *c, int x)
{
    int t = c->xmm_temp[x];
    if (t >= 0)
        c->temp_xmm[t] = -1;
    c->xmm_temp[x] = -1;
    c->xmm_dirty[x] = false;
    c->xmm_raw[x] = false;
}

/* A double fpop's NaN result is left as the host made it (an input's
 * payload, or x86's negative default NaN): raw. Only its bits can tell, and
 * no fpop reads them (another fpop's result is NaN either way, a compare
 * unordered, a conversion to an integer the NaN case), so it becomes
 * RISC-V's canonical NaN (Unpriv 11.3) only where the bits leave the xmm
 * register: written home or to memory, or moved to a general register.
 * Flags: the code compares, which changes EFLAGS. */
void cg_xmm_canonicalize_code(struct x86_buf *b, int x)
{
    struct x86_label ordered;
    x86_label_init(&ordered);
    x86_ucomi(b, X86_64, x, x); /* a quiet NaN raises nothing here */
    x86_jcc_label8(b, X86_CC_NP, &ordered);
    x86_sse_load(b, X86_64, x, x86_mem_at(X86_RBP, offsetof(struct hart, jit_canonical_nan)));
    x86_label_bind(b, &ordered);
}

void cg_xmm_canonicalize(struct cg_ctx *c, int x)
{
    if (!c->xmm_raw[x])
        return;
    cg_xmm_canonicalize_code(&c->b, x);
    c->xmm_raw[x] = false;
}

/* t's value in xmm is superseded (or dead): drop it, dirty or not. */
void cg_xmm_forget(struct cg_ctx *c, ir_temp_t t)
{
    int x = c->temp_xmm[t];
    if (x >= 0)
        xmm_unmap(c, x);
}

/* Drop every xmm temp; the caller wrote the dirty ones home first (or
 * nothing can read them: after an exit). */
void cg_xmm_forget_all(struct cg_ctx *c)
{
    for (int x = CG_XMM_FIRST; x < 16; x++)
        xmm_unmap(c, x);
}

/* Write t's xmm-only value home, if anything can still read it there (a
 * global, or a local used by this op or later); the xmm keeps a copy. */
void cg_xmm_sync(struct cg_ctx *c, ir_temp_t t)
{
    int x = c->temp_xmm[t];
    if (x < 0 || !c->xmm_dirty[x])
        return;
    if (cg_is_global(c, t) || c->last_use[t] >= c->op_idx) {
        cg_xmm_canonicalize(c, x);
        x86_sse_store(&c->b, X86_64, cg_home(c, t), x);
    }
    c->xmm_dirty[x] = false;
}

void cg_xmm_sync_all(struct cg_ctx *c, bool globals_only)
{
    for (int x = CG_XMM_FIRST; x < 16; x++) {
        int t = c->xmm_temp[x];
        if (t >= 0 && (!globals_only || cg_is_global(c, (ir_temp_t)t)))
            cg_xmm_sync(c, (ir_temp_t)t);
    }
}

/* Register r = t's value from its xmm register, if it has one. */
bool cg_xmm_to_reg(struct cg_ctx *c, int r, ir_temp_t t)
{
    int x = cg_is_const(c, t) ? -1 : c->temp_xmm[t];
    if (x < 0)
        return false;
    cg_xmm_canonicalize(c, x);
    x86_movd_rx(&c->b, X86_64, r, x);
    return true;
}

/* An xmm register for a new value (below a loop's own): a free one, else
 * one holding a dead local or a clean copy, else the oldest dirty one,
 * written home. */
static int xmm_alloc(struct cg_ctx *c)
{
    int clean = -1, n = c->xmm_limit - CG_XMM_FIRST;
    ASSERT(n > 0);
    for (int k = 0; k < n; k++) {
        int x = CG_XMM_FIRST + (int)((c->xmm_next + (unsigned)k) % (unsigned)n);
        int t = c->xmm_temp[x];
        if (t < 0 || (!cg_is_global(c, (ir_temp_t)t) && c->last_use[t] < c->op_idx)) {
            xmm_unmap(c, x);
            return x;
        }
        if (clean < 0 && !c->xmm_dirty[x])
            clean = x;
    }
    int x = clean >= 0 ? clean : CG_XMM_FIRST + (int)(c->xmm_next % (unsigned)n);
    c->xmm_next++;
    cg_xmm_sync(c, (ir_temp_t)c->xmm_temp[x]);
    xmm_unmap(c, x);
    return x;
}

/* Register x holds t's new value, its only copy (exact bits). */
static void xmm_map(struct cg_ctx *c, int x, ir_temp_t t)
{
    c->xmm_temp[x] = (int16_t)t;
    c->temp_xmm[t] = (int8_t)x;
    c->xmm_dirty[x] = true;
    c->xmm_raw[x] = false;
}

/* The double in xmm0 (a conversion's: exact) is t's new value, in an xmm
 * register of its own. */
static void xmm_set_result(struct cg_ctx *c, ir_temp_t t)
{
    cg_temp_drop_reg(c, t);
    cg_xmm_forget(c, t);
    int x = cg_is_global(c, t) && c->loop_xmm[t] >= 0 ? c->loop_xmm[t] : xmm_alloc(c);
    x86_sse_mov(&c->b, x, X86_XMM0);
    xmm_map(c, x, t);
}

/* A 64-bit load into t goes straight to an xmm register when t is an f
 * register: its own in a loop, the one holding it, or a new one (-1: a
 * general register). Mapped only after the load (cg_xmm_loaded): a slow
 * path's trap exit writes t's old value home. */
int cg_xmm_for_load(struct cg_ctx *c, ir_temp_t t)
{
    if (!cg_is_fp_global(c, t))
        return -1;
    if (c->loop_xmm[t] >= 0)
        return c->loop_xmm[t];
    if (c->temp_xmm[t] >= 0)
        return c->temp_xmm[t];
    return xmm_alloc(c);
}

void cg_xmm_loaded(struct cg_ctx *c, ir_temp_t t, int x)
{
    cg_temp_drop_reg(c, t);
    if (c->temp_xmm[t] != x) {
        cg_xmm_forget(c, t);
        xmm_map(c, x, t);
    }
    c->xmm_dirty[x] = true;
    c->xmm_raw[x] = false; /* bits from memory */
}

/* --- a loop's f registers (scan_loop: loop_xmm) ---
 * At the loop head and at every label, each is in its xmm register, dirty
 * (exits write it home), and no other xmm register holds anything. */

void cg_xmm_loop_head(struct cg_ctx *c)
{
    cg_xmm_forget_all(c);
    for (unsigned g = 0; g < IR_NUM_GLOBALS; g++) {
        if (c->loop_xmm[g] < 0)
            continue;
        x86_sse_load(&c->b, X86_64, c->loop_xmm[g], cg_home(c, (int)g));
        xmm_map(c, c->loop_xmm[g], (ir_temp_t)g);
    }
}

/* After a label no path fell into: the state, without code. */
void cg_xmm_loop_assume(struct cg_ctx *c)
{
    cg_xmm_forget_all(c);
    for (unsigned g = 0; g < IR_NUM_GLOBALS; g++)
        if (c->loop_xmm[g] >= 0)
            xmm_map(c, c->loop_xmm[g], (ir_temp_t)g);
}

/* Before an edge into a label: each loop f register into its xmm register
 * (from a general register if one has the only current value; a copy
 * there is dropped), canonical, other xmm values home. */
void cg_xmm_loop_reconcile(struct cg_ctx *c)
{
    for (unsigned g = 0; g < IR_NUM_GLOBALS; g++) {
        int x = c->loop_xmm[g];
        if (x < 0)
            continue;
        int r = c->temp_reg[g];
        if (c->temp_xmm[g] != x) {
            if (r >= 0)
                x86_movd_xr(&c->b, X86_64, x, r);
            else
                x86_sse_load(&c->b, X86_64, x, cg_home(c, (int)g));
            xmm_map(c, x, (ir_temp_t)g);
        }
        cg_temp_drop_reg(c, (ir_temp_t)g);
        cg_xmm_canonicalize(c, x);
        c->xmm_dirty[x] = true;
    }
    for (int x = CG_XMM_FIRST; x < c->xmm_limit; x++)
        if (c->xmm_temp[x] >= 0)
            cg_xmm_sync(c, (ir_temp_t)c->xmm_temp[x]);
}

/* The back edge's part (code only: the state stays for the other side,
 * loop_back_edge keeps xmm_raw): each loop f register into its xmm
 * register, canonical. Before general registers are reloaded (a value may
 * be in one). */
void cg_xmm_loop_back_edge(struct cg_ctx *c)
{
    for (unsigned g = 0; g < IR_NUM_GLOBALS; g++) {
        int x = c->loop_xmm[g];
        if (x < 0)
            continue;
        if (c->temp_xmm[g] == x)
            cg_xmm_canonicalize(c, x);
        else if (c->temp_reg[g] >= 0)
            x86_movd_xr(&c->b, X86_64, x, c->temp_reg[g]);
        else
            x86_sse_load(&c->b, X86_64, x, cg_home(c, (int)g));
    }
}

/* An xmm register holding t's bit pattern, or -1. */
static int xmm_of(const struct cg_ctx *c, ir_temp_t t)
{
    return cg_is_const(c, t) ? -1 : c->temp_xmm[t];
}

/* xmm = t's bit pattern. */
static void to_xmm(struct cg_ctx *c, int xmm, ir_temp_t t)
{
    int x = xmm_of(c, t);
    if (x >= 0) {
        x86_sse_mov(&c->b, xmm, x);
    } else if (cg_is_const(c, t)) {
        x86_mov_imm(&c->b, X86_64, X86_RAX, (int64_t)c->ir->temps[t].value);
        x86_movd_xr(&c->b, X86_64, xmm, X86_RAX);
    } else if (c->temp_reg[t] >= 0) {
        x86_movd_xr(&c->b, X86_64, xmm, c->temp_reg[t]);
    } else {
        x86_sse_load(&c->b, X86_64, xmm, cg_home(c, t));
    }
}

/* xmm = t as a single: an improperly NaN-boxed value reads as the
 * canonical NaN (Unpriv 12.2). */
static void to_xmm_s(struct cg_ctx *c, int xmm, ir_temp_t t)
{
    struct x86_label boxed;
    x86_label_init(&boxed);
    cg_temp_to(c, X86_RAX, t);
    x86_mov_rr(&c->b, X86_64, X86_RCX, X86_RAX);
    x86_shift_ri(&c->b, X86_SHR, X86_64, X86_RCX, 32);
    x86_alu_ri(&c->b, X86_CMP, X86_32, X86_RCX, -1);
    x86_jcc_label8(&c->b, X86_CC_E, &boxed);
    x86_mov_imm(&c->b, X86_32, X86_RAX, F32_CANONICAL_NAN);
    x86_label_bind(&c->b, &boxed);
    x86_movd_xr(&c->b, X86_32, xmm, X86_RAX);
}

static void to_xmm_sz(struct cg_ctx *c, enum x86_size sz, int xmm, ir_temp_t t)
{
    if (sz == X86_32)
        to_xmm_s(c, xmm, t);
    else
        to_xmm(c, xmm, t);
}

/* The host's NaN in xmm0 (an input's payload, or x86's negative default
 * NaN) becomes RISC-V's canonical NaN (Unpriv 11.3). */
static void canonicalize(struct cg_ctx *c, enum x86_size sz)
{
    struct x86_label ordered;
    x86_label_init(&ordered);
    x86_ucomi(&c->b, sz, X86_XMM0, X86_XMM0); /* a quiet NaN raises nothing here */
    x86_jcc_label8(&c->b, X86_CC_NP, &ordered);
    x86_mov_imm(&c->b, X86_64, X86_RAX,
                sz == X86_32 ? (int64_t)F32_CANONICAL_NAN : (int64_t)F64_CANONICAL_NAN);
    x86_movd_xr(&c->b, sz, X86_XMM0, X86_RAX);
    x86_label_bind(&c->b, &ordered);
}

/* rax = the single in xmm0, NaN-boxed. */
static void box_single(struct cg_ctx *c)
{
    x86_movd_rx(&c->b, X86_32, X86_RAX, X86_XMM0);
    x86_mov_imm(&c->b, X86_64, X86_RCX, (int64_t)0xffffffff00000000ull);
    x86_alu_rr(&c->b, X86_OR, X86_64, X86_RAX, X86_RCX);
}

/* xmm0 = a op b (or sqrt a) in single precision, NaN canonical (doubles:
 * gen_arith_d). */
static void gen_arith_s(struct cg_ctx *c, enum x86_sse_op op, ir_temp_t a, ir_temp_t b)
{
    to_xmm_s(c, X86_XMM0, a);
    if (op == X86_SSE_SQRT) {
        x86_sse_op_rr(&c->b, op, X86_32, X86_XMM0, X86_XMM0);
    } else {
        to_xmm_s(c, X86_XMM1, b);
        x86_sse_op_rr(&c->b, op, X86_32, X86_XMM0, X86_XMM1);
    }
    canonicalize(c, X86_32);
}

/* out = a op b (or sqrt a) in double precision, computed in out's own xmm
 * register (a loop's, the one it had, or a new one), raw. */
static void gen_arith_d(struct cg_ctx *c, enum x86_sse_op op, ir_temp_t out, ir_temp_t a,
                        ir_temp_t b)
{
    int x;
    if (cg_is_global(c, out) && c->loop_xmm[out] >= 0)
        x = c->loop_xmm[out];
    else if (c->temp_xmm[out] >= 0)
        x = c->temp_xmm[out];
    else
        x = xmm_alloc(c);
    int xa = xmm_of(c, a), xb = op == X86_SSE_SQRT ? -1 : xmm_of(c, b);
    if ((op == X86_SSE_ADD || op == X86_SSE_MUL) && xb == x && xa != x) {
        /* commutative, and which NaN comes out does not matter (raw) */
        int xt = xa;
        ir_temp_t t = a;
        xa = xb, a = b;
        xb = xt, b = t;
    }
    if (op == X86_SSE_SQRT) {
        if (xa < 0) {
            to_xmm(c, X86_XMM0, a);
            xa = X86_XMM0;
        }
        x86_sse_op_rr(&c->b, op, X86_64, x, xa);
    } else if (xb == x && xa != x) { /* out is b: a goes elsewhere first */
        to_xmm(c, X86_XMM0, a);
        x86_sse_op_rr(&c->b, op, X86_64, X86_XMM0, x);
        x86_sse_mov(&c->b, x, X86_XMM0);
    } else {
        if (xb < 0) {
            to_xmm(c, X86_XMM1, b);
            xb = X86_XMM1;
        }
        if (xa != x)
            to_xmm(c, x, a);
        x86_sse_op_rr(&c->b, op, X86_64, x, xb);
    }
    cg_temp_drop_reg(c, out);
    if (c->temp_xmm[out] != x) {
        cg_xmm_forget(c, out);
        xmm_map(c, x, out);
    }
    c->xmm_dirty[x] = true;
    c->xmm_raw[x] = true;
}

/* rax = the compare's 0 or 1. ucomis raises invalid only for a signaling
 * NaN (feq), comis for any NaN (flt, fle); unordered sets ZF, PF and CF,
 * which "above" and "above or equal" read as false. */
static void gen_compare(struct cg_ctx *c, enum x86_size sz, char kind, ir_temp_t a, ir_temp_t b)
{
    to_xmm_sz(c, sz, X86_XMM0, a);
    to_xmm_sz(c, sz, X86_XMM1, b);
    if (kind == '=') {
        x86_ucomi(&c->b, sz, X86_XMM0, X86_XMM1);
        x86_setcc_zx(&c->b, X86_CC_E, X86_RAX);
        x86_setcc_zx(&c->b, X86_CC_NP, X86_RCX);
        x86_alu_rr(&c->b, X86_AND, X86_32, X86_RAX, X86_RCX);
    } else {
        x86_comi(&c->b, sz, X86_XMM1, X86_XMM0); /* b vs a: a < b is b above a */
        x86_setcc_zx(&c->b, kind == '<' ? X86_CC_A : X86_CC_AE, X86_RAX);
    }
}

/* rax = a truncated to an integer. cvttsd2si gives the "integer
 * indefinite" (the most negative value) for NaN and out-of-range inputs,
 * raising invalid as RISC-V does; RISC-V saturates instead (Unpriv 11.7
 * table): NaN and too large become the maximum, too small stays the minimum
 * (and an input of exactly the minimum converts to it, without a flag). */
static void gen_to_int(struct cg_ctx *c, enum ir_fpop fop, ir_temp_t a)
{
    bool w = fop == IR_FCVT_W_D_RTZ;
    enum x86_size isz = w ? X86_32 : X86_64;
    struct x86_label done, max;
    x86_label_init(&done);
    x86_label_init(&max);
    to_xmm(c, X86_XMM0, a);
    x86_cvttf2si(&c->b, isz, X86_64, X86_RAX, X86_XMM0);
    if (w) {
        x86_alu_ri(&c->b, X86_CMP, X86_32, X86_RAX, INT32_MIN);
    } else {
        x86_mov_imm(&c->b, X86_64, X86_RCX, INT64_MIN);
        x86_alu_rr(&c->b, X86_CMP, X86_64, X86_RAX, X86_RCX);
    }
    x86_jcc_label8(&c->b, X86_CC_NE, &done);
    x86_sse_logic(&c->b, X86_SSE_XOR, X86_64, X86_XMM1, X86_XMM1);
    x86_ucomi(&c->b, X86_64, X86_XMM0, X86_XMM1); /* a NaN raised invalid already */
    x86_jcc_label8(&c->b, X86_CC_P, &max);
    x86_jcc_label8(&c->b, X86_CC_B, &done);
    x86_label_bind(&c->b, &max);
    x86_mov_imm(&c->b, X86_64, X86_RAX, w ? INT32_MAX : INT64_MAX);
    x86_label_bind(&c->b, &done);
    if (w)
        x86_movsx(&c->b, X86_32, X86_RAX, X86_RAX);
}

/* Where an fpop leaves its result. */
enum fp_result { IN_XMM0_D, IN_XMM0_S, IN_RAX };

static enum fp_result gen_fpop_value(struct cg_ctx *c, enum ir_fpop fop, ir_temp_t a, ir_temp_t b)
{
    switch (fop) {
    case IR_FADD_S: gen_arith_s(c, X86_SSE_ADD, a, b); return IN_XMM0_S;
    case IR_FSUB_S: gen_arith_s(c, X86_SSE_SUB, a, b); return IN_XMM0_S;
    case IR_FMUL_S: gen_arith_s(c, X86_SSE_MUL, a, b); return IN_XMM0_S;
    case IR_FDIV_S: gen_arith_s(c, X86_SSE_DIV, a, b); return IN_XMM0_S;
    case IR_FSQRT_S: gen_arith_s(c, X86_SSE_SQRT, a, b); return IN_XMM0_S;
    case IR_FCVT_D_L:
    case IR_FCVT_D_W:
        cg_temp_to(c, X86_RAX, a);
        x86_cvtsi2f(&c->b, X86_64, fop == IR_FCVT_D_L ? X86_64 : X86_32, X86_XMM0, X86_RAX);
        return IN_XMM0_D;
    case IR_FCVT_S_D:
        to_xmm(c, X86_XMM0, a);
        x86_cvtf2f(&c->b, X86_32, X86_XMM0, X86_XMM0);
        canonicalize(c, X86_32);
        return IN_XMM0_S;
    case IR_FCVT_D_S:
        to_xmm_s(c, X86_XMM0, a);
        x86_cvtf2f(&c->b, X86_64, X86_XMM0, X86_XMM0);
        canonicalize(c, X86_64);
        return IN_XMM0_D;
    case IR_FEQ_D: gen_compare(c, X86_64, '=', a, b); return IN_RAX;
    case IR_FLT_D: gen_compare(c, X86_64, '<', a, b); return IN_RAX;
    case IR_FLE_D: gen_compare(c, X86_64, 'l', a, b); return IN_RAX;
    case IR_FEQ_S: gen_compare(c, X86_32, '=', a, b); return IN_RAX;
    case IR_FLT_S: gen_compare(c, X86_32, '<', a, b); return IN_RAX;
    case IR_FLE_S: gen_compare(c, X86_32, 'l', a, b); return IN_RAX;
    case IR_FCVT_W_D_RTZ:
    case IR_FCVT_L_D_RTZ: gen_to_int(c, fop, a); return IN_RAX;
    default: util_assert_fail("bad ir_fpop", __FILE__, __LINE__);
    }
}

void cg_gen_fpop(struct cg_ctx *c, const struct ir_op *op)
{
    ir_temp_t out = op->args[0];
    cg_fp_collect(c);
    static const uint8_t arith_d[IR_FPOP_COUNT] = {
        [IR_FADD_D] = X86_SSE_ADD, [IR_FSUB_D] = X86_SSE_SUB,   [IR_FMUL_D] = X86_SSE_MUL,
        [IR_FDIV_D] = X86_SSE_DIV, [IR_FSQRT_D] = X86_SSE_SQRT,
    };
    if (op->c[0] < IR_FPOP_COUNT && arith_d[op->c[0]]) {
        gen_arith_d(c, (enum x86_sse_op)arith_d[op->c[0]], out, op->args[1], op->args[2]);
        return;
    }
    enum fp_result where = gen_fpop_value(c, (enum ir_fpop)op->c[0], op->args[1], op->args[2]);
    if (where == IN_XMM0_D) {
        xmm_set_result(c, out);
        return;
    }
    if (where == IN_XMM0_S)
        box_single(c);
    int rd = cg_temp_out(c, out);
    x86_mov_rr(&c->b, X86_64, rd, X86_RAX);
    cg_temp_written(c, out);
}
