/* SPDX-License-Identifier: MIT */
/* A few RISC-V instruction encoders for the random program generator: the
 * base formats of the Unprivileged spec (2.2, 2.3) and the compressed
 * control-transfer forms (16.4). Offsets are in bytes. */
#ifndef LOCKSTEP_ENC_H
#define LOCKSTEP_ENC_H

#include <stdint.h>

enum {
    ENC_OP_IMM = 0x13,
    ENC_OP = 0x33,
    ENC_LOAD = 0x03,
    ENC_STORE = 0x23,
    ENC_BRANCH = 0x63,
    ENC_JALR = 0x67,
    ENC_JAL = 0x6f,
    ENC_LUI = 0x37,
    ENC_SYSTEM = 0x73,
    ENC_AMO = 0x2f,
};

static inline uint32_t enc_r(uint32_t opc, unsigned f3, unsigned f7, unsigned rd, unsigned rs1,
                             unsigned rs2)
{
    return opc | rd << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | (uint32_t)f7 << 25;
}

static inline uint32_t enc_i(uint32_t opc, unsigned f3, unsigned rd, unsigned rs1, int32_t imm)
{
    return opc | rd << 7 | f3 << 12 | rs1 << 15 | ((uint32_t)imm & 0xfff) << 20;
}

static inline uint32_t enc_s(uint32_t opc, unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return opc | (u & 0x1f) << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | ((u >> 5) & 0x7f) << 25;
}

static inline uint32_t enc_b(unsigned f3, unsigned rs1, unsigned rs2, int32_t off)
{
    uint32_t u = (uint32_t)off;
    return ENC_BRANCH | ((u >> 11) & 1) << 7 | ((u >> 1) & 0xf) << 8 | f3 << 12 | rs1 << 15 |
           rs2 << 20 | ((u >> 5) & 0x3f) << 25 | ((u >> 12) & 1) << 31;
}

static inline uint32_t enc_u(uint32_t opc, unsigned rd, uint32_t imm20)
{
    return opc | rd << 7 | (imm20 & 0xfffff) << 12;
}

static inline uint32_t enc_j(unsigned rd, int32_t off)
{
    uint32_t u = (uint32_t)off;
    return ENC_JAL | rd << 7 | ((u >> 12) & 0xff) << 12 | ((u >> 11) & 1) << 20 |
           ((u >> 1) & 0x3ff) << 21 | ((u >> 20) & 1) << 31;
}

/* csrrw/csrrs/csrrc (f3 1..3) and the immediate forms (f3 5..7). */
static inline uint32_t enc_csr(unsigned f3, unsigned rd, unsigned rs1, unsigned csr)
{
    return ENC_SYSTEM | rd << 7 | f3 << 12 | rs1 << 15 | csr << 20;
}

/* c.beqz (f3 6) / c.bnez (f3 7) rs1' (x8..x15 as 0..7). */
static inline uint32_t enc_cb(unsigned f3, unsigned rs1p, int32_t off)
{
    uint32_t u = (uint32_t)off;
    return 0x1 | ((u >> 5) & 1) << 2 | ((u >> 1) & 3) << 3 | ((u >> 6) & 3) << 5 | rs1p << 7 |
           ((u >> 3) & 3) << 10 | ((u >> 8) & 1) << 12 | f3 << 13;
}

/* c.j */
static inline uint32_t enc_cj(int32_t off)
{
    uint32_t u = (uint32_t)off;
    return 0xa001 | ((u >> 5) & 1) << 2 | ((u >> 1) & 7) << 3 | ((u >> 7) & 1) << 6 |
           ((u >> 6) & 1) << 7 | ((u >> 10) & 1) << 8 | ((u >> 8) & 3) << 9 | ((u >> 4) & 1) << 11 |
           ((u >> 11) & 1) << 12;
}

/* c.jr rs1 / c.jalr rs1 */
static inline uint32_t enc_cjr(unsigned rs1, int link)
{
    return (link ? 0x9002u : 0x8002u) | rs1 << 7;
}

#define ENC_MRET 0x30200073u

#endif
