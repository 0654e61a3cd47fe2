/* SPDX-License-Identifier: MIT */
/* x86-64 integer instructions: moves, loads and stores, ALU, shifts, multiply and divide,
 * conditions, bit manipulation (POPCNT/LZCNT/BMI1/BMI2) and atomics. Opcodes per SDM Vol. 2. */
#include "tcg/x86_64/emit_enc.h"

/* ---- moves, loads and stores ---- */

void x86_mov_rr(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_r(b, x86_enc_sz(sz), X86_OP1(x86_op_sz(sz, 0x88, 0x89)), src, dst, 0, 0);
}

void x86_mov_imm(struct x86_buf *b, enum x86_size sz, int dst, int64_t imm)
{
    x86_check_size(sz, X86_SZ_ALL);
    if (sz == X86_64) {
        if ((uint64_t)imm <= UINT32_MAX) /* mov r32 zero-extends: 5-6 bytes */
            x86_enc_o(b, 0, X86_OP1(0xb8), dst, imm, 4);
        else if (x86_fits32(imm)) /* C7 /0 sign-extends: 7 bytes */
            x86_enc_r(b, X86_ENC_W, X86_OP1(0xc7), 0, dst, imm, 4);
        else
            x86_movabs(b, dst, (uint64_t)imm);
        return;
    }
    x86_check_imm(sz, imm);
    x86_enc_o(b, x86_enc_sz(sz), X86_OP1(x86_op_sz(sz, 0xb0, 0xb8)), dst, imm, sz);
}

uint8_t *x86_movabs(struct x86_buf *b, int dst, uint64_t imm)
{
    uint8_t *insn = x86_enc_o(b, X86_ENC_W, X86_OP1(0xb8), dst, (int64_t)imm, 8);
    return insn ? insn + 2 : NULL;
}

void x86_load(struct x86_buf *b, enum x86_size sz, int dst, struct x86_mem m)
{
    x86_check_size(sz, X86_SZ_ALL);
    switch (sz) {
    case X86_8: x86_enc_m(b, 0, X86_OP2(0x0f, 0xb6), dst, m, 0, 0); break;
    case X86_16: x86_enc_m(b, 0, X86_OP2(0x0f, 0xb7), dst, m, 0, 0); break;
    case X86_32: x86_enc_m(b, 0, X86_OP1(0x8b), dst, m, 0, 0); break;
    case X86_64: x86_enc_m(b, X86_ENC_W, X86_OP1(0x8b), dst, m, 0, 0); break;
    }
}

void x86_load_sx(struct x86_buf *b, enum x86_size sz, int dst, struct x86_mem m)
{
    x86_check_size(sz, X86_SZ_ALL);
    switch (sz) {
    case X86_8: x86_enc_m(b, X86_ENC_W, X86_OP2(0x0f, 0xbe), dst, m, 0, 0); break;
    case X86_16: x86_enc_m(b, X86_ENC_W, X86_OP2(0x0f, 0xbf), dst, m, 0, 0); break;
    case X86_32: x86_enc_m(b, X86_ENC_W, X86_OP1(0x63), dst, m, 0, 0); break;
    case X86_64: x86_enc_m(b, X86_ENC_W, X86_OP1(0x8b), dst, m, 0, 0); break;
    }
}

void x86_store(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int src)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_m(b, x86_enc_sz(sz), X86_OP1(x86_op_sz(sz, 0x88, 0x89)), src, m, 0, 0);
}

void x86_store_imm(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int64_t imm)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_check_imm(sz, imm);
    x86_enc_m(b, x86_enc_sz_digit(sz), X86_OP1(x86_op_sz(sz, 0xc6, 0xc7)), 0, m, imm,
              x86_imm_len(sz));
}

void x86_movzx(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    x86_check_size(sz, X86_SZ_ALL);
    if (sz == X86_8)
        x86_enc_r(b, X86_ENC_BRM, X86_OP2(0x0f, 0xb6), dst, src, 0, 0);
    else if (sz == X86_16)
        x86_enc_r(b, 0, X86_OP2(0x0f, 0xb7), dst, src, 0, 0);
    else
        x86_mov_rr(b, sz, dst, src); /* a 32-bit mov zero-extends */
}

void x86_movsx(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    x86_check_size(sz, X86_SZ_ALL);
    switch (sz) {
    case X86_8: x86_enc_r(b, X86_ENC_W | X86_ENC_BRM, X86_OP2(0x0f, 0xbe), dst, src, 0, 0); break;
    case X86_16: x86_enc_r(b, X86_ENC_W, X86_OP2(0x0f, 0xbf), dst, src, 0, 0); break;
    case X86_32: x86_enc_r(b, X86_ENC_W, X86_OP1(0x63), dst, src, 0, 0); break;
    case X86_64: x86_mov_rr(b, X86_64, dst, src); break;
    }
}

void x86_lea(struct x86_buf *b, enum x86_size sz, int dst, struct x86_mem m)
{
    x86_check_size(sz, X86_SZ_DQ);
    x86_enc_m(b, x86_enc_sz(sz), X86_OP1(0x8d), dst, m, 0, 0);
}

void x86_push(struct x86_buf *b, int r) { x86_enc_o(b, 0, X86_OP1(0x50), r, 0, 0); }
void x86_pop(struct x86_buf *b, int r) { x86_enc_o(b, 0, X86_OP1(0x58), r, 0, 0); }

/* ---- ALU ---- */

/* imm as the signed value the CPU sees after truncation to sz (X86_64: as is). */
static int64_t imm_signed(enum x86_size sz, int64_t imm)
{
    switch (sz) {
    case X86_8: return (int8_t)imm;
    case X86_16: return (int16_t)imm;
    case X86_32: return (int32_t)imm;
    case X86_64: return imm;
    }
    return imm;
}

/* The sign-extended imm8 form (83 /digit ib) exists for 16/32/64-bit operands only. */
static bool use_imm8(enum x86_size sz, int64_t imm)
{
    return sz != X86_8 && x86_fits8(imm_signed(sz, imm));
}

void x86_alu_rr(struct x86_buf *b, enum x86_alu op, enum x86_size sz, int dst, int src)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_r(b, x86_enc_sz(sz), X86_OP1(op * 8 + x86_op_sz(sz, 0, 1)), src, dst, 0, 0);
}

void x86_alu_ri(struct x86_buf *b, enum x86_alu op, enum x86_size sz, int dst, int64_t imm)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_check_imm(sz, imm);
    unsigned flags = x86_enc_sz_digit(sz);
    if (use_imm8(sz, imm))
        x86_enc_r(b, flags, X86_OP1(0x83), (int)op, dst, imm, 1);
    else if (dst == X86_RAX) /* AL/AX/EAX/RAX short form without ModRM */
        x86_enc_o(b, flags, X86_OP1(op * 8 + x86_op_sz(sz, 4, 5)), X86_RAX, imm, x86_imm_len(sz));
    else
        x86_enc_r(b, flags, X86_OP1(x86_op_sz(sz, 0x80, 0x81)), (int)op, dst, imm, x86_imm_len(sz));
}

void x86_alu_rm(struct x86_buf *b, enum x86_alu op, enum x86_size sz, int dst, struct x86_mem m)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_m(b, x86_enc_sz(sz), X86_OP1(op * 8 + x86_op_sz(sz, 2, 3)), dst, m, 0, 0);
}

void x86_alu_mr(struct x86_buf *b, enum x86_alu op, enum x86_size sz, struct x86_mem m, int src)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_m(b, x86_enc_sz(sz), X86_OP1(op * 8 + x86_op_sz(sz, 0, 1)), src, m, 0, 0);
}

void x86_alu_mi(struct x86_buf *b, enum x86_alu op, enum x86_size sz, struct x86_mem m, int64_t imm)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_check_imm(sz, imm);
    unsigned flags = x86_enc_sz_digit(sz);
    if (use_imm8(sz, imm))
        x86_enc_m(b, flags, X86_OP1(0x83), (int)op, m, imm, 1);
    else
        x86_enc_m(b, flags, X86_OP1(x86_op_sz(sz, 0x80, 0x81)), (int)op, m, imm, x86_imm_len(sz));
}

void x86_test_rr(struct x86_buf *b, enum x86_size sz, int a, int r)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_r(b, x86_enc_sz(sz), X86_OP1(x86_op_sz(sz, 0x84, 0x85)), r, a, 0, 0);
}

void x86_test_ri(struct x86_buf *b, enum x86_size sz, int a, int64_t imm)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_check_imm(sz, imm);
    unsigned flags = x86_enc_sz_digit(sz);
    if (a == X86_RAX)
        x86_enc_o(b, flags, X86_OP1(x86_op_sz(sz, 0xa8, 0xa9)), X86_RAX, imm, x86_imm_len(sz));
    else
        x86_enc_r(b, flags, X86_OP1(x86_op_sz(sz, 0xf6, 0xf7)), 0, a, imm, x86_imm_len(sz));
}

void x86_test_mr(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int r)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_m(b, x86_enc_sz(sz), X86_OP1(x86_op_sz(sz, 0x84, 0x85)), r, m, 0, 0);
}

void x86_test_mi(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int64_t imm)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_check_imm(sz, imm);
    x86_enc_m(b, x86_enc_sz_digit(sz), X86_OP1(x86_op_sz(sz, 0xf6, 0xf7)), 0, m, imm,
              x86_imm_len(sz));
}

/* Group 3 (F6/F7 /digit): not, neg, mul, imul, div, idiv. */
static void group3(struct x86_buf *b, unsigned sizes, enum x86_size sz, int digit, int r)
{
    x86_check_size(sz, sizes);
    x86_enc_r(b, x86_enc_sz_digit(sz), X86_OP1(x86_op_sz(sz, 0xf6, 0xf7)), digit, r, 0, 0);
}

void x86_not(struct x86_buf *b, enum x86_size sz, int r) { group3(b, X86_SZ_ALL, sz, 2, r); }
void x86_neg(struct x86_buf *b, enum x86_size sz, int r) { group3(b, X86_SZ_ALL, sz, 3, r); }
void x86_mul(struct x86_buf *b, enum x86_size sz, int r) { group3(b, X86_SZ_W, sz, 4, r); }
void x86_imul1(struct x86_buf *b, enum x86_size sz, int r) { group3(b, X86_SZ_W, sz, 5, r); }
void x86_div(struct x86_buf *b, enum x86_size sz, int r) { group3(b, X86_SZ_W, sz, 6, r); }
void x86_idiv(struct x86_buf *b, enum x86_size sz, int r) { group3(b, X86_SZ_W, sz, 7, r); }

void x86_cqo(struct x86_buf *b, enum x86_size sz)
{
    x86_check_size(sz, X86_SZ_W);
    x86_enc_o(b, x86_enc_sz(sz), X86_OP1(0x99), X86_RAX, 0, 0);
}

void x86_shift_ri(struct x86_buf *b, enum x86_shift op, enum x86_size sz, int r, uint8_t count)
{
    x86_check_size(sz, X86_SZ_ALL);
    unsigned flags = x86_enc_sz_digit(sz);
    if (count == 1)
        x86_enc_r(b, flags, X86_OP1(x86_op_sz(sz, 0xd0, 0xd1)), (int)op, r, 0, 0);
    else
        x86_enc_r(b, flags, X86_OP1(x86_op_sz(sz, 0xc0, 0xc1)), (int)op, r, count, 1);
}

void x86_shift_cl(struct x86_buf *b, enum x86_shift op, enum x86_size sz, int r)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_r(b, x86_enc_sz_digit(sz), X86_OP1(x86_op_sz(sz, 0xd2, 0xd3)), (int)op, r, 0, 0);
}

void x86_imul_rr(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    x86_check_size(sz, X86_SZ_W);
    x86_enc_r(b, x86_enc_sz(sz), X86_OP2(0x0f, 0xaf), dst, src, 0, 0);
}

void x86_imul_rri(struct x86_buf *b, enum x86_size sz, int dst, int src, int32_t imm)
{
    x86_check_size(sz, X86_SZ_W);
    x86_check_imm(sz, imm);
    if (x86_fits8(imm_signed(sz, imm)))
        x86_enc_r(b, x86_enc_sz(sz), X86_OP1(0x6b), dst, src, imm, 1);
    else
        x86_enc_r(b, x86_enc_sz(sz), X86_OP1(0x69), dst, src, imm, x86_imm_len(sz));
}

/* ---- conditions ---- */

void x86_setcc(struct x86_buf *b, enum x86_cond cc, int r)
{
    x86_enc_r(b, X86_ENC_BRM, X86_OP2(0x0f, 0x90 + (cc & 15)), 0, r, 0, 0);
}

void x86_setcc_zx(struct x86_buf *b, enum x86_cond cc, int r)
{
    x86_setcc(b, cc, r);
    x86_movzx(b, X86_8, r, r);
}

void x86_cmov(struct x86_buf *b, enum x86_cond cc, enum x86_size sz, int dst, int src)
{
    x86_check_size(sz, X86_SZ_W);
    x86_enc_r(b, x86_enc_sz(sz), X86_OP2(0x0f, 0x40 + (cc & 15)), dst, src, 0, 0);
}

/* ---- bit manipulation ---- */

void x86_bswap(struct x86_buf *b, enum x86_size sz, int r)
{
    x86_check_size(sz, X86_SZ_DQ);
    x86_enc_o(b, x86_enc_sz(sz), X86_OP2(0x0f, 0xc8), r, 0, 0);
}

/* 0F xx /r with dst in ModRM.reg; prefix is F3 for POPCNT/LZCNT/TZCNT, 0 for BSF/BSR. */
static void bitscan(struct x86_buf *b, unsigned prefix, uint8_t opc, enum x86_size sz, int dst,
                    int src)
{
    x86_check_size(sz, X86_SZ_W);
    x86_enc_r(b, x86_enc_sz(sz) | prefix, X86_OP2(0x0f, opc), dst, src, 0, 0);
}

void x86_popcnt(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    bitscan(b, X86_ENC_F3, 0xb8, sz, dst, src);
}

void x86_lzcnt(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    bitscan(b, X86_ENC_F3, 0xbd, sz, dst, src);
}

void x86_tzcnt(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    bitscan(b, X86_ENC_F3, 0xbc, sz, dst, src);
}

void x86_bsf(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    bitscan(b, 0, 0xbc, sz, dst, src);
}

void x86_bsr(struct x86_buf *b, enum x86_size sz, int dst, int src)
{
    bitscan(b, 0, 0xbd, sz, dst, src);
}

void x86_bt_rr(struct x86_buf *b, enum x86_bt op, enum x86_size sz, int r, int bit)
{
    /* 0F A3 (bt), AB (bts), B3 (btr), BB (btc) /r */
    x86_check_size(sz, X86_SZ_W);
    x86_enc_r(b, x86_enc_sz(sz), X86_OP2(0x0f, 0xa3 + 8 * (op - X86_BT)), bit, r, 0, 0);
}

void x86_bt_ri(struct x86_buf *b, enum x86_bt op, enum x86_size sz, int r, uint8_t bit)
{
    x86_check_size(sz, X86_SZ_W);
    x86_enc_r(b, x86_enc_sz_digit(sz), X86_OP2(0x0f, 0xba), (int)op, r, bit, 1);
}

static unsigned vex_w(enum x86_size sz)
{
    x86_check_size(sz, X86_SZ_DQ);
    return sz == X86_64 ? X86_ENC_W : 0;
}

void x86_andn(struct x86_buf *b, enum x86_size sz, int dst, int src1, int src2)
{
    /* VEX.LZ.0F38.W0/W1 F2 /r: reg = dst, vvvv = the inverted source, rm = src2 */
    x86_enc_vex(b, vex_w(sz), X86_MAP_0F38, 0xf2, dst, src1, src2, 0, 0);
}

void x86_rorx(struct x86_buf *b, enum x86_size sz, int dst, int src, uint8_t imm)
{
    /* VEX.LZ.F2.0F3A.W0/W1 F0 /r ib; vvvv unused (encoded 1111b) */
    x86_enc_vex(b, vex_w(sz) | X86_ENC_F2, X86_MAP_0F3A, 0xf0, dst, 0, src, imm, 1);
}

void x86_shiftx(struct x86_buf *b, enum x86_shift op, enum x86_size sz, int dst, int src, int count)
{
    /* VEX.LZ.{66 shlx, F2 shrx, F3 sarx}.0F38.W0/W1 F7 /r: vvvv = count */
    unsigned pp = op == X86_SHL ? X86_ENC_66 : op == X86_SHR ? X86_ENC_F2 : X86_ENC_F3;
    ASSERT(op == X86_SHL || op == X86_SHR || op == X86_SAR);
    x86_enc_vex(b, vex_w(sz) | pp, X86_MAP_0F38, 0xf7, dst, count, src, 0, 0);
}

/* ---- atomics ---- */

void x86_lock_xadd(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int r)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_m(b, X86_ENC_LOCK | x86_enc_sz(sz), X86_OP2(0x0f, x86_op_sz(sz, 0xc0, 0xc1)), r, m, 0,
              0);
}

void x86_lock_cmpxchg(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int r)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_m(b, X86_ENC_LOCK | x86_enc_sz(sz), X86_OP2(0x0f, x86_op_sz(sz, 0xb0, 0xb1)), r, m, 0,
              0);
}

void x86_lock_alu_mr(struct x86_buf *b, enum x86_alu op, enum x86_size sz, struct x86_mem m,
                     int src)
{
    ASSERT(op != X86_CMP);
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_m(b, X86_ENC_LOCK | x86_enc_sz(sz), X86_OP1(op * 8 + x86_op_sz(sz, 0, 1)), src, m, 0,
              0);
}

void x86_xchg_mr(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int r)
{
    x86_check_size(sz, X86_SZ_ALL);
    x86_enc_m(b, x86_enc_sz(sz), X86_OP1(x86_op_sz(sz, 0x86, 0x87)), r, m, 0, 0);
}

void x86_mfence(struct x86_buf *b) { x86_enc_raw(b, (const uint8_t[]){0x0f, 0xae, 0xf0}, 3); }
void x86_pause(struct x86_buf *b) { x86_enc_raw(b, (const uint8_t[]){0xf3, 0x90}, 2); }
