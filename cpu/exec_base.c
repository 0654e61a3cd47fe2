/* SPDX-License-Identifier: MIT */
/* RV64I, M and bit-manipulation (Zba, Zbb, Zbc, Zbs) and Zicond bodies
 * (Unprivileged spec chapters 2, 5, 7; bit-manipulation spec 1.0). */
#include "exec.h"
#include "mmu.h"

int exec_lui(struct hart *h, const struct insn *i)
{
    WRITE_RD(IMM);
    return EXEC_OK;
}
int exec_auipc(struct hart *h, const struct insn *i)
{
    WRITE_RD(PC + IMM);
    return EXEC_OK;
}

int exec_jal(struct hart *h, const struct insn *i)
{
    WRITE_RD(PC + i->len);
    SET_PC(PC + IMM);
    return EXEC_OK;
}

int exec_jalr(struct hart *h, const struct insn *i)
{
    uint64_t target = (RS1 + IMM) & ~1ull; /* read rs1 before writing rd */
    WRITE_RD(PC + i->len);
    SET_PC(target);
    return EXEC_OK;
}

static int branch(struct hart *h, const struct insn *i, bool taken)
{
    if (taken)
        SET_PC(PC + IMM);
    return EXEC_OK;
}

int exec_beq(struct hart *h, const struct insn *i) { return branch(h, i, RS1 == RS2); }
int exec_bne(struct hart *h, const struct insn *i) { return branch(h, i, RS1 != RS2); }
int exec_blt(struct hart *h, const struct insn *i)
{
    return branch(h, i, (int64_t)RS1 < (int64_t)RS2);
}
int exec_bge(struct hart *h, const struct insn *i)
{
    return branch(h, i, (int64_t)RS1 >= (int64_t)RS2);
}
int exec_bltu(struct hart *h, const struct insn *i) { return branch(h, i, RS1 < RS2); }
int exec_bgeu(struct hart *h, const struct insn *i) { return branch(h, i, RS1 >= RS2); }

static int load(struct hart *h, const struct insn *i, unsigned size, bool sign)
{
    uint64_t v;
    if (mmu_load(h, RS1 + IMM, size, &v) != EXEC_OK)
        return EXEC_TRAP;
    WRITE_RD(sign ? (uint64_t)bits_sext(v, size * 8) : v);
    return EXEC_OK;
}

int exec_lb(struct hart *h, const struct insn *i) { return load(h, i, 1, true); }
int exec_lh(struct hart *h, const struct insn *i) { return load(h, i, 2, true); }
int exec_lw(struct hart *h, const struct insn *i) { return load(h, i, 4, true); }
int exec_ld(struct hart *h, const struct insn *i) { return load(h, i, 8, false); }
int exec_lbu(struct hart *h, const struct insn *i) { return load(h, i, 1, false); }
int exec_lhu(struct hart *h, const struct insn *i) { return load(h, i, 2, false); }
int exec_lwu(struct hart *h, const struct insn *i) { return load(h, i, 4, false); }

int exec_sb(struct hart *h, const struct insn *i) { return mmu_store(h, RS1 + IMM, 1, RS2); }
int exec_sh(struct hart *h, const struct insn *i) { return mmu_store(h, RS1 + IMM, 2, RS2); }
int exec_sw(struct hart *h, const struct insn *i) { return mmu_store(h, RS1 + IMM, 4, RS2); }
int exec_sd(struct hart *h, const struct insn *i) { return mmu_store(h, RS1 + IMM, 8, RS2); }

#define ALU(name, expr)                                   \
    int exec_##name(struct hart *h, const struct insn *i) \
    {                                                     \
        WRITE_RD(expr);                                   \
        return EXEC_OK;                                   \
    }

ALU(addi, RS1 + IMM)
ALU(slti, (int64_t)RS1 < i->imm)
ALU(sltiu, RS1 < IMM)
ALU(xori, RS1 ^ IMM)
ALU(ori, RS1 | IMM)
ALU(andi, RS1 &IMM)
ALU(slli, RS1 << IMM)
ALU(srli, RS1 >> IMM)
ALU(srai, (uint64_t)((int64_t)RS1 >> IMM))
ALU(add, RS1 + RS2)
ALU(sub, RS1 - RS2)
ALU(sll, RS1 << (RS2 & 63))
ALU(slt, (int64_t)RS1 < (int64_t)RS2)
ALU(sltu, RS1 < RS2)
ALU(xor, RS1 ^ RS2)
ALU(srl, RS1 >> (RS2 & 63))
ALU(sra, (uint64_t)((int64_t)RS1 >> (RS2 & 63)))
ALU(or, RS1 | RS2)
ALU(and, RS1 &RS2)
ALU(addiw, sext32(RS1 + IMM))
ALU(slliw, sext32((uint32_t)RS1 << IMM))
ALU(srliw, sext32((uint32_t)RS1 >> IMM))
ALU(sraiw, sext32((uint32_t)((int32_t)RS1 >> IMM)))
ALU(addw, sext32(RS1 + RS2))
ALU(subw, sext32(RS1 - RS2))
ALU(sllw, sext32((uint32_t)RS1 << (RS2 & 31)))
ALU(srlw, sext32((uint32_t)RS1 >> (RS2 & 31)))
ALU(sraw, sext32((uint32_t)((int32_t)RS1 >> (RS2 & 31))))

/* M: Unprivileged 7.2, division by zero and overflow give defined results. */
static uint64_t mulhu64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}
static uint64_t mulh64(int64_t a, int64_t b) { return (uint64_t)(((__int128)a * b) >> 64); }
static uint64_t mulhsu64(int64_t a, uint64_t b)
{
    return (uint64_t)(((__int128)a * (__int128)b) >> 64);
}

static uint64_t div64(int64_t a, int64_t b)
{
    if (b == 0)
        return ~0ull;
    if (a == INT64_MIN && b == -1)
        return (uint64_t)a;
    return (uint64_t)(a / b);
}

static uint64_t rem64(int64_t a, int64_t b)
{
    if (b == 0)
        return (uint64_t)a;
    if (a == INT64_MIN && b == -1)
        return 0;
    return (uint64_t)(a % b);
}

static uint64_t div32(int32_t a, int32_t b)
{
    if (b == 0)
        return ~0ull;
    if (a == INT32_MIN && b == -1)
        return sext32((uint32_t)a);
    return sext32((uint32_t)(a / b));
}

static uint64_t rem32(int32_t a, int32_t b)
{
    if (b == 0)
        return sext32((uint32_t)a);
    if (a == INT32_MIN && b == -1)
        return 0;
    return sext32((uint32_t)(a % b));
}

ALU(mul, RS1 *RS2)
ALU(mulh, mulh64((int64_t)RS1, (int64_t)RS2))
ALU(mulhsu, mulhsu64((int64_t)RS1, RS2))
ALU(mulhu, mulhu64(RS1, RS2))
ALU(div, div64((int64_t)RS1, (int64_t)RS2))
ALU(divu, RS2 ? RS1 / RS2 : ~0ull)
ALU(rem, rem64((int64_t)RS1, (int64_t)RS2))
ALU(remu, RS2 ? RS1 % RS2 : RS1)
ALU(mulw, sext32(RS1 *RS2))
ALU(divw, div32((int32_t)RS1, (int32_t)RS2))
ALU(divuw, (uint32_t)RS2 ? sext32((uint32_t)RS1 / (uint32_t)RS2) : ~0ull)
ALU(remw, rem32((int32_t)RS1, (int32_t)RS2))
ALU(remuw, (uint32_t)RS2 ? sext32((uint32_t)RS1 % (uint32_t)RS2) : sext32(RS1))

/* Bit manipulation and Zicond */
static uint64_t clmul64(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (unsigned k = 0; k < 64; k++)
        if ((b >> k) & 1)
            r ^= a << k;
    return r;
}

static uint64_t clmulh64(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (unsigned k = 1; k < 64; k++)
        if ((b >> k) & 1)
            r ^= a >> (64 - k);
    return r;
}

static uint64_t clmulr64(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (unsigned k = 0; k < 64; k++)
        if ((b >> k) & 1)
            r ^= a >> (63 - k);
    return r;
}

static uint64_t rol64(uint64_t a, unsigned n)
{
    n &= 63;
    return n ? (a << n) | (a >> (64 - n)) : a;
}
static uint64_t ror64(uint64_t a, unsigned n)
{
    n &= 63;
    return n ? (a >> n) | (a << (64 - n)) : a;
}
static uint32_t rol32(uint32_t a, unsigned n)
{
    n &= 31;
    return n ? (a << n) | (a >> (32 - n)) : a;
}
static uint32_t ror32(uint32_t a, unsigned n)
{
    n &= 31;
    return n ? (a >> n) | (a << (32 - n)) : a;
}

static uint64_t orc_b64(uint64_t a)
{
    uint64_t r = 0;
    for (unsigned k = 0; k < 64; k += 8)
        if ((a >> k) & 0xff)
            r |= 0xffull << k;
    return r;
}

ALU(sh1add, (RS1 << 1) + RS2)
ALU(sh2add, (RS1 << 2) + RS2)
ALU(sh3add, (RS1 << 3) + RS2)
ALU(add_uw, zext32(RS1) + RS2)
ALU(sh1add_uw, (zext32(RS1) << 1) + RS2)
ALU(sh2add_uw, (zext32(RS1) << 2) + RS2)
ALU(sh3add_uw, (zext32(RS1) << 3) + RS2)
ALU(slli_uw, zext32(RS1) << IMM)
ALU(andn, RS1 & ~RS2)
ALU(orn, RS1 | ~RS2)
ALU(xnor, ~(RS1 ^ RS2))
ALU(clz, RS1 ? (uint64_t)__builtin_clzll(RS1) : 64)
ALU(clzw, (uint32_t)RS1 ? (uint64_t)__builtin_clz((uint32_t)RS1) : 32)
ALU(ctz, RS1 ? (uint64_t)__builtin_ctzll(RS1) : 64)
ALU(ctzw, (uint32_t)RS1 ? (uint64_t)__builtin_ctz((uint32_t)RS1) : 32)
ALU(cpop, (uint64_t)__builtin_popcountll(RS1))
ALU(cpopw, (uint64_t)__builtin_popcount((uint32_t)RS1))
ALU(max, (int64_t)RS1 > (int64_t)RS2 ? RS1 : RS2)
ALU(maxu, RS1 > RS2 ? RS1 : RS2)
ALU(min, (int64_t)RS1 < (int64_t)RS2 ? RS1 : RS2)
ALU(minu, RS1 < RS2 ? RS1 : RS2)
ALU(sext_b, (uint64_t)bits_sext(RS1, 8))
ALU(sext_h, (uint64_t)bits_sext(RS1, 16))
ALU(zext_h, RS1 & 0xffff)
ALU(rol, rol64(RS1, RS2))
ALU(rolw, sext32(rol32(RS1, RS2)))
ALU(ror, ror64(RS1, RS2))
ALU(rorw, sext32(ror32(RS1, RS2)))
ALU(rori, ror64(RS1, IMM))
ALU(roriw, sext32(ror32(RS1, IMM)))
ALU(orc_b, orc_b64(RS1))
ALU(rev8, __builtin_bswap64(RS1))
ALU(clmul, clmul64(RS1, RS2))
ALU(clmulh, clmulh64(RS1, RS2))
ALU(clmulr, clmulr64(RS1, RS2))
ALU(bclr, RS1 & ~(1ull << (RS2 & 63)))
ALU(bclri, RS1 & ~(1ull << IMM))
ALU(bext, (RS1 >> (RS2 & 63)) & 1)
ALU(bexti, (RS1 >> IMM) & 1)
ALU(binv, RS1 ^ (1ull << (RS2 & 63)))
ALU(binvi, RS1 ^ (1ull << IMM))
ALU(bset, RS1 | (1ull << (RS2 & 63)))
ALU(bseti, RS1 | (1ull << IMM))
ALU(czero_eqz, RS2 ? RS1 : 0)
ALU(czero_nez, RS2 ? 0 : RS1)
