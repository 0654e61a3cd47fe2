/* SPDX-License-Identifier: MIT */
/* x86-64 SSE/SSE2 scalar floating point: moves, arithmetic, compares, conversions, bitwise
 * sign tricks and MXCSR access. Legacy (non-VEX) encodings, opcodes per SDM Vol. 2. */
#include "tcg/x86_64/emit_enc.h"

/* Mandatory prefix of a scalar op: F3 = single (ss), F2 = double (sd). */
static unsigned scalar(enum x86_size sz)
{
    x86_check_size(sz, X86_SZ_DQ);
    return sz == X86_64 ? X86_ENC_F2 : X86_ENC_F3;
}

/* Prefix of a packed or compare op: none = single (ps), 66 = double (pd). */
static unsigned packed(enum x86_size sz)
{
    x86_check_size(sz, X86_SZ_DQ);
    return sz == X86_64 ? X86_ENC_66 : 0;
}

/* REX.W for a 64-bit integer operand. */
static unsigned int_w(enum x86_size isz)
{
    x86_check_size(isz, X86_SZ_DQ);
    return isz == X86_64 ? X86_ENC_W : 0;
}

void x86_movd_xr(struct x86_buf *b, enum x86_size sz, int xmm, int gpr)
{
    x86_enc_r(b, X86_ENC_66 | int_w(sz), X86_OP2(0x0f, 0x6e), xmm, gpr, 0, 0);
}

void x86_movd_rx(struct x86_buf *b, enum x86_size sz, int gpr, int xmm)
{
    x86_enc_r(b, X86_ENC_66 | int_w(sz), X86_OP2(0x0f, 0x7e), xmm, gpr, 0, 0);
}

void x86_sse_mov(struct x86_buf *b, int dst, int src)
{
    x86_enc_r(b, 0, X86_OP2(0x0f, 0x28), dst, src, 0, 0);
}

void x86_sse_load(struct x86_buf *b, enum x86_size sz, int xmm, struct x86_mem m)
{
    x86_enc_m(b, scalar(sz), X86_OP2(0x0f, 0x10), xmm, m, 0, 0);
}

void x86_sse_store(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int xmm)
{
    x86_enc_m(b, scalar(sz), X86_OP2(0x0f, 0x11), xmm, m, 0, 0);
}

void x86_sse_op_rr(struct x86_buf *b, enum x86_sse_op op, enum x86_size sz, int dst, int src)
{
    x86_enc_r(b, scalar(sz), X86_OP2(0x0f, op), dst, src, 0, 0);
}

void x86_sse_op_rm(struct x86_buf *b, enum x86_sse_op op, enum x86_size sz, int dst,
                   struct x86_mem m)
{
    x86_enc_m(b, scalar(sz), X86_OP2(0x0f, op), dst, m, 0, 0);
}

void x86_ucomi(struct x86_buf *b, enum x86_size sz, int a, int r)
{
    x86_enc_r(b, packed(sz), X86_OP2(0x0f, 0x2e), a, r, 0, 0);
}

void x86_comi(struct x86_buf *b, enum x86_size sz, int a, int r)
{
    x86_enc_r(b, packed(sz), X86_OP2(0x0f, 0x2f), a, r, 0, 0);
}

void x86_cvtsi2f(struct x86_buf *b, enum x86_size fsz, enum x86_size isz, int xmm, int gpr)
{
    x86_enc_r(b, scalar(fsz) | int_w(isz), X86_OP2(0x0f, 0x2a), xmm, gpr, 0, 0);
}

void x86_cvttf2si(struct x86_buf *b, enum x86_size isz, enum x86_size fsz, int gpr, int xmm)
{
    x86_enc_r(b, scalar(fsz) | int_w(isz), X86_OP2(0x0f, 0x2c), gpr, xmm, 0, 0);
}

void x86_cvtf2si(struct x86_buf *b, enum x86_size isz, enum x86_size fsz, int gpr, int xmm)
{
    x86_enc_r(b, scalar(fsz) | int_w(isz), X86_OP2(0x0f, 0x2d), gpr, xmm, 0, 0);
}

void x86_cvtf2f(struct x86_buf *b, enum x86_size dst_sz, int dst, int src)
{
    /* cvtss2sd is F3 0F 5A, cvtsd2ss F2 0F 5A: the prefix names the source size. */
    x86_check_size(dst_sz, X86_SZ_DQ);
    x86_enc_r(b, scalar(dst_sz == X86_64 ? X86_32 : X86_64), X86_OP2(0x0f, 0x5a), dst, src, 0, 0);
}

void x86_sse_logic(struct x86_buf *b, enum x86_sse_logic op, enum x86_size sz, int dst, int src)
{
    x86_enc_r(b, packed(sz), X86_OP2(0x0f, op), dst, src, 0, 0);
}

void x86_ldmxcsr(struct x86_buf *b, struct x86_mem m)
{
    x86_enc_m(b, 0, X86_OP2(0x0f, 0xae), 2, m, 0, 0);
}

void x86_stmxcsr(struct x86_buf *b, struct x86_mem m)
{
    x86_enc_m(b, 0, X86_OP2(0x0f, 0xae), 3, m, 0, 0);
}
