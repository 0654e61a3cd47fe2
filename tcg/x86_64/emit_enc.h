/* SPDX-License-Identifier: MIT */
/* Private to tcg/x86_64/emit*.c: the generic instruction builder (prefixes, REX, VEX, ModRM,
 * SIB, displacement, immediate) that every instruction function goes through. */
#ifndef TCG_X86_64_EMIT_ENC_H
#define TCG_X86_64_EMIT_ENC_H

#include "tcg/x86_64/emit.h"
#include "util/util.h"

/* Encoding flags. */
#define X86_ENC_W    0x01u /* REX.W (VEX.W for x86_enc_vex) */
#define X86_ENC_66   0x02u /* operand-size prefix, or the SSE/VEX 66 selector */
#define X86_ENC_F3   0x04u /* mandatory F3 (VEX: pp = F3) */
#define X86_ENC_F2   0x08u /* mandatory F2 (VEX: pp = F2) */
#define X86_ENC_LOCK 0x10u /* F0 */
#define X86_ENC_BREG 0x20u /* ModRM.reg is a byte register: 4-7 need a REX to mean SPL-DIL */
#define X86_ENC_BRM  0x40u /* ModRM.rm is a byte register (register-direct only) */

/* Opcodes of 1 or 2 bytes, packed with their length in the top byte. */
#define X86_OP1(a)    (0x01000000u | (uint32_t)(a))
#define X86_OP2(a, b) (0x02000000u | (uint32_t)(a) << 8 | (uint32_t)(b))

/* VEX opcode maps (VEX.mmmmm). */
#define X86_MAP_0F38 2u
#define X86_MAP_0F3A 3u

static inline bool x86_fits8(int64_t v) { return v >= INT8_MIN && v <= INT8_MAX; }
static inline bool x86_fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/* Flags for an operation of size sz whose ModRM.reg and ModRM.rm are both registers of that size:
 * REX.W for 64, 66 for 16, byte-register flags for 8. */
unsigned x86_enc_sz(enum x86_size sz);
/* The same when ModRM.reg is an opcode digit (no byte-register flag for it). */
static inline unsigned x86_enc_sz_digit(enum x86_size sz) { return x86_enc_sz(sz) & ~X86_ENC_BREG; }
/* Opcode byte for the 8-bit form (op8) or the 16/32/64-bit form (op). */
static inline uint8_t x86_op_sz(enum x86_size sz, uint8_t op8, uint8_t op)
{
    return sz == X86_8 ? op8 : op;
}
/* Immediate width for size sz when the 8/16/32 forms take a full-size immediate (64: imm32). */
static inline unsigned x86_imm_len(enum x86_size sz) { return sz == X86_64 ? 4 : sz; }
/* Check that imm fits size sz (signed or unsigned; X86_64: signed 32 bits). */
void x86_check_imm(enum x86_size sz, int64_t imm);
void x86_check_size(enum x86_size sz, unsigned allowed_mask);
#define X86_SZ_MASK(sz) (1u << (sz))
#define X86_SZ_ALL \
    (X86_SZ_MASK(X86_8) | X86_SZ_MASK(X86_16) | X86_SZ_MASK(X86_32) | X86_SZ_MASK(X86_64))
#define X86_SZ_W  (X86_SZ_MASK(X86_16) | X86_SZ_MASK(X86_32) | X86_SZ_MASK(X86_64))
#define X86_SZ_DQ (X86_SZ_MASK(X86_32) | X86_SZ_MASK(X86_64))

/* Each builder assembles one whole instruction and commits it: returns its first byte, or NULL
 * (and sets overflow) if it does not fit. imm_len 0, 1, 2, 4 or 8 bytes of imm follow. */

/* ModRM with register-direct r/m. */
uint8_t *x86_enc_r(struct x86_buf *b, unsigned flags, uint32_t opc, int reg, int rm, int64_t imm,
                   unsigned imm_len);
/* ModRM with a memory r/m. */
uint8_t *x86_enc_m(struct x86_buf *b, unsigned flags, uint32_t opc, int reg, struct x86_mem m,
                   int64_t imm, unsigned imm_len);
/* Register in the low three bits of the last opcode byte (push, bswap, mov r,imm). */
uint8_t *x86_enc_o(struct x86_buf *b, unsigned flags, uint32_t opc, int reg, int64_t imm,
                   unsigned imm_len);
/* VEX-encoded, register-direct, L=0 (BMI1/BMI2 scalar forms). */
uint8_t *x86_enc_vex(struct x86_buf *b, unsigned flags, unsigned map, uint8_t opc, int reg,
                     int vvvv, int rm, int64_t imm, unsigned imm_len);
/* Fixed bytes as one instruction. */
uint8_t *x86_enc_raw(struct x86_buf *b, const uint8_t *bytes, unsigned len);

#endif
