/* SPDX-License-Identifier: MIT */
/* x86-64 machine-code encoder for the JIT backend: one C function per instruction form, writing
 * into a bounded buffer. Knows nothing of the IR; the reference for every encoding is the Intel
 * SDM Vol. 2 (ch. 2 "Instruction Format", and each instruction's opcode table). */
#ifndef TCG_X86_64_EMIT_H
#define TCG_X86_64_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Usage:
 *
 *     struct x86_buf b;
 *     struct x86_label done;
 *     x86_buf_init(&b, code, code_size);
 *     x86_label_init(&done);
 *     x86_alu_rr(&b, X86_CMP, X86_64, X86_RDI, X86_RSI);
 *     x86_mov_rr(&b, X86_64, X86_RAX, X86_RDI);
 *     x86_jcc_label(&b, X86_CC_GE, &done);
 *     x86_mov_rr(&b, X86_64, X86_RAX, X86_RSI);
 *     x86_label_bind(&b, &done);
 *     x86_ret(&b);
 *     if (b.overflow)
 *         ... flush the cache and translate again ...
 *
 * Every instruction is assembled whole and then copied: one that does not fit sets `overflow`
 * and from then on nothing more is written. Operand sizes are enum x86_size; a function states
 * which sizes it takes, and a wrong size or register is an ASSERT (a code-generator bug).
 * Registers are plain numbers 0-15 (enum x86_reg, enum x86_xmm).
 */

/* Emission cursor. exec_delta is the executable address minus the write address, for code
 * written through a separate RW alias; every PC-relative target passed in is an executable
 * address. Zero when code runs where it is written. */
struct x86_buf {
    uint8_t *p; /* next byte to write */
    uint8_t *start;
    uint8_t *end;  /* one past the last writable byte */
    bool overflow; /* an instruction did not fit */
    ptrdiff_t exec_delta;
};

void x86_buf_init(struct x86_buf *b, void *mem, size_t size);
static inline size_t x86_buf_len(const struct x86_buf *b) { return (size_t)(b->p - b->start); }
/* Executable address of the next byte. */
static inline uint8_t *x86_buf_pc(const struct x86_buf *b) { return b->p + b->exec_delta; }

/* Register and condition numbers in encoding order, eight per row. */
/* clang-format off */
enum x86_reg {
    X86_NOREG = -1,
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_RIP, /* only as the base of a memory operand, see x86_mem_rip() */
};

enum x86_xmm {
    X86_XMM0, X86_XMM1, X86_XMM2, X86_XMM3, X86_XMM4, X86_XMM5, X86_XMM6, X86_XMM7,
    X86_XMM8, X86_XMM9, X86_XMM10, X86_XMM11, X86_XMM12, X86_XMM13, X86_XMM14, X86_XMM15,
};

/* Operand size in bytes. X86_32 writes zero-extend into the full 64-bit register; X86_8 and
 * X86_16 writes leave the upper bits alone. X86_8 on registers 4-7 means SPL/BPL/SIL/DIL. */
enum x86_size { X86_8 = 1, X86_16 = 2, X86_32 = 4, X86_64 = 8 };

/* Condition codes in their encoding order (SDM Vol. 1 B.1); c ^ 1 is the opposite condition. */
enum x86_cond {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE, X86_CC_BE, X86_CC_A,
    X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP, X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
};
/* clang-format on */

static inline enum x86_cond x86_cond_invert(enum x86_cond c) { return (enum x86_cond)(c ^ 1); }

/* Memory operand: base + index * scale + disp. base X86_NOREG means no base (the address is
 * index * scale + disp32, or just disp32 sign-extended); base X86_RIP means `target + disp`,
 * reached RIP-relative (it must lie within +-2 GiB of the code). index may not be RSP. */
struct x86_mem {
    int8_t base;
    int8_t index;
    uint8_t scale; /* 1, 2, 4 or 8 */
    int32_t disp;
    const void *target;
};

static inline struct x86_mem x86_mem_at(int base, int32_t disp)
{
    return (struct x86_mem){(int8_t)base, X86_NOREG, 1, disp, NULL};
}

static inline struct x86_mem x86_mem_idx(int base, int index, unsigned scale, int32_t disp)
{
    return (struct x86_mem){(int8_t)base, (int8_t)index, (uint8_t)scale, disp, NULL};
}

static inline struct x86_mem x86_mem_rip(const void *target)
{
    return (struct x86_mem){X86_RIP, X86_NOREG, 1, 0, target};
}

static inline struct x86_mem x86_mem_abs(int32_t addr)
{
    return (struct x86_mem){X86_NOREG, X86_NOREG, 1, addr, NULL};
}

/* ---- moves, loads and stores ---- */

/* dst = src; sizes 8/16/32/64. */
void x86_mov_rr(struct x86_buf *b, enum x86_size sz, int dst, int src);
/* dst = imm with the shortest encoding; never touches flags. X86_64: mov r32,imm32 when imm
 * fits 32 bits unsigned, mov r/m64,simm32 when it fits signed, else movabs. Other sizes take
 * imm truncated to the size (it must fit, signed or unsigned). */
void x86_mov_imm(struct x86_buf *b, enum x86_size sz, int dst, int64_t imm);
/* movabs dst, imm64 always (10 bytes). Returns the address of the imm64 field, for patching,
 * or NULL if it did not fit. */
uint8_t *x86_movabs(struct x86_buf *b, int dst, uint64_t imm);
/* Load sz bytes zero-extended to 64 bits (movzx / mov r32 / mov r64). */
void x86_load(struct x86_buf *b, enum x86_size sz, int dst, struct x86_mem m);
/* Load sz bytes sign-extended to 64 bits (movsx / movsxd / mov r64). */
void x86_load_sx(struct x86_buf *b, enum x86_size sz, int dst, struct x86_mem m);
void x86_store(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int src);
/* Store imm; X86_64 stores a sign-extended simm32. */
void x86_store_imm(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int64_t imm);
/* dst = low sz bytes of src, zero- or sign-extended to 64 bits; sz 8/16/32 (and 64: a mov). */
void x86_movzx(struct x86_buf *b, enum x86_size sz, int dst, int src);
void x86_movsx(struct x86_buf *b, enum x86_size sz, int dst, int src);
/* dst = address of m (sz 32 truncates it); flags untouched. */
void x86_lea(struct x86_buf *b, enum x86_size sz, int dst, struct x86_mem m);
void x86_push(struct x86_buf *b, int r);
void x86_pop(struct x86_buf *b, int r);

/* ---- integer arithmetic; sizes 8/16/32/64 unless stated ---- */

/* Values are the ModRM.reg digit of the immediate forms. */
enum x86_alu { X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR, X86_CMP };

/* dst = dst op src (CMP only sets flags). */
void x86_alu_rr(struct x86_buf *b, enum x86_alu op, enum x86_size sz, int dst, int src);
/* dst = dst op imm, imm8 form when it fits. X86_64 takes a simm32; smaller sizes take imm
 * truncated to the size (it must fit, signed or unsigned). */
void x86_alu_ri(struct x86_buf *b, enum x86_alu op, enum x86_size sz, int dst, int64_t imm);
/* dst = dst op [m] */
void x86_alu_rm(struct x86_buf *b, enum x86_alu op, enum x86_size sz, int dst, struct x86_mem m);
/* [m] = [m] op src */
void x86_alu_mr(struct x86_buf *b, enum x86_alu op, enum x86_size sz, struct x86_mem m, int src);
/* [m] = [m] op imm */
void x86_alu_mi(struct x86_buf *b, enum x86_alu op, enum x86_size sz, struct x86_mem m,
                int64_t imm);
/* Flags of a & b / a & imm / [m] & r / [m] & imm. test has no imm8 form. */
void x86_test_rr(struct x86_buf *b, enum x86_size sz, int a, int r);
void x86_test_ri(struct x86_buf *b, enum x86_size sz, int a, int64_t imm);
void x86_test_mr(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int r);
void x86_test_mi(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int64_t imm);
void x86_neg(struct x86_buf *b, enum x86_size sz, int r);
void x86_not(struct x86_buf *b, enum x86_size sz, int r);

/* Values are the ModRM.reg digit. */
enum x86_shift { X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5, X86_SAR = 7 };

/* r = r op count (the hardware masks count to 5 or 6 bits); by 1 uses the short D1 form. */
void x86_shift_ri(struct x86_buf *b, enum x86_shift op, enum x86_size sz, int r, uint8_t count);
/* r = r op CL */
void x86_shift_cl(struct x86_buf *b, enum x86_shift op, enum x86_size sz, int r);

/* Sizes 16/32/64 for the multiplies and divides. dst = dst * src (low half). */
void x86_imul_rr(struct x86_buf *b, enum x86_size sz, int dst, int src);
/* dst = src * imm (low half); imm8 form when it fits. */
void x86_imul_rri(struct x86_buf *b, enum x86_size sz, int dst, int src, int32_t imm);
/* rdx:rax = rax * r, unsigned (mul) or signed (imul). */
void x86_mul(struct x86_buf *b, enum x86_size sz, int r);
void x86_imul1(struct x86_buf *b, enum x86_size sz, int r);
/* rax = rdx:rax / r, rdx = remainder. #DE on r == 0 or signed overflow: the caller guards. */
void x86_div(struct x86_buf *b, enum x86_size sz, int r);
void x86_idiv(struct x86_buf *b, enum x86_size sz, int r);
/* rdx = sign of rax: cdq (X86_32) or cqo (X86_64). */
void x86_cqo(struct x86_buf *b, enum x86_size sz);

/* Low byte of r = cc ? 1 : 0 (upper bits kept). */
void x86_setcc(struct x86_buf *b, enum x86_cond cc, int r);
/* r = cc ? 1 : 0 as a full register: setcc then movzx r32, r8 (flags untouched). */
void x86_setcc_zx(struct x86_buf *b, enum x86_cond cc, int r);
/* if (cc) dst = src; sizes 16/32/64. X86_32 zero-extends dst even when cc is false. */
void x86_cmov(struct x86_buf *b, enum x86_cond cc, enum x86_size sz, int dst, int src);

/* ---- bit manipulation; sizes 16/32/64 except bswap (32/64) and the VEX forms (32/64) ---- */

void x86_bswap(struct x86_buf *b, enum x86_size sz, int r);
/* POPCNT, LZCNT and BMI1 TZCNT: the caller checks CPUID (without LZCNT/BMI1 the encodings
 * run as BSR/BSF). bsf/bsr leave dst undefined for src == 0. */
void x86_popcnt(struct x86_buf *b, enum x86_size sz, int dst, int src);
void x86_lzcnt(struct x86_buf *b, enum x86_size sz, int dst, int src);
void x86_tzcnt(struct x86_buf *b, enum x86_size sz, int dst, int src);
void x86_bsf(struct x86_buf *b, enum x86_size sz, int dst, int src);
void x86_bsr(struct x86_buf *b, enum x86_size sz, int dst, int src);

/* Values are the ModRM.reg digit of the 0F BA immediate forms. CF = bit; then set/reset/flip. */
enum x86_bt { X86_BT = 4, X86_BTS = 5, X86_BTR = 6, X86_BTC = 7 };

void x86_bt_rr(struct x86_buf *b, enum x86_bt op, enum x86_size sz, int r, int bit);
void x86_bt_ri(struct x86_buf *b, enum x86_bt op, enum x86_size sz, int r, uint8_t bit);
/* BMI1: dst = ~src1 & src2. */
void x86_andn(struct x86_buf *b, enum x86_size sz, int dst, int src1, int src2);
/* BMI2: dst = src rotated right by imm; flags untouched. */
void x86_rorx(struct x86_buf *b, enum x86_size sz, int dst, int src, uint8_t imm);
/* BMI2 shlx/shrx/sarx: dst = src op count (op is X86_SHL, X86_SHR or X86_SAR); flags untouched. */
void x86_shiftx(struct x86_buf *b, enum x86_shift op, enum x86_size sz, int dst, int src,
                int count);

/* ---- atomics; sizes 8/16/32/64 ---- */

/* lock xadd [m], r: r gets the old value, [m] the sum. */
void x86_lock_xadd(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int r);
/* lock cmpxchg [m], r: if [m] == rax then [m] = r (ZF=1) else rax = [m] (ZF=0). */
void x86_lock_cmpxchg(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int r);
/* lock op [m], src for op other than X86_CMP, when the old value is not needed. */
void x86_lock_alu_mr(struct x86_buf *b, enum x86_alu op, enum x86_size sz, struct x86_mem m,
                     int src);
/* xchg [m], r (implicitly locked). */
void x86_xchg_mr(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int r);
void x86_mfence(struct x86_buf *b);
void x86_pause(struct x86_buf *b);

/* ---- control flow ---- */

void x86_ret(struct x86_buf *b);
void x86_int3(struct x86_buf *b);
void x86_ud2(struct x86_buf *b);
/* len bytes of no-op, as few instructions as possible (the SDM's recommended multi-byte NOP,
 * at most 9 bytes each). */
void x86_nop(struct x86_buf *b, unsigned len);
/* Pad with NOPs until the write address is a multiple of align (a power of two). */
void x86_align(struct x86_buf *b, unsigned align);
/* Copy raw bytes (a constant pool, say). Returns their write address, or NULL if they did not
 * fit. */
uint8_t *x86_data(struct x86_buf *b, const void *data, size_t len);

void x86_jmp_r(struct x86_buf *b, int r);
void x86_jmp_m(struct x86_buf *b, struct x86_mem m);
void x86_call_r(struct x86_buf *b, int r);
void x86_call_m(struct x86_buf *b, struct x86_mem m);

/* Jump to an executable address, rel8 when it reaches, else rel32. Returns -1 (and emits
 * nothing) when target is beyond +-2 GiB, else 0. */
int x86_jmp(struct x86_buf *b, const void *target);
int x86_jcc(struct x86_buf *b, enum x86_cond cc, const void *target);
/* Always rel32, for sites patched later. target NULL means the next instruction (offset 0).
 * Returns the address of the rel32 field, or NULL if nothing was emitted (buffer full, or
 * target beyond +-2 GiB). */
uint8_t *x86_jmp_rel32(struct x86_buf *b, const void *target);
uint8_t *x86_jcc_rel32(struct x86_buf *b, enum x86_cond cc, const void *target);
uint8_t *x86_call_rel32(struct x86_buf *b, const void *target);
/* Like x86_jmp_rel32, with NOPs first so the rel32 field is 4-byte aligned and
 * x86_patch_rel32 changes it with a single atomic store while other threads run it. */
uint8_t *x86_jmp_patchable(struct x86_buf *b, const void *target);
/* call target: rel32 when it reaches, else movabs scratch, target; call scratch. */
void x86_call(struct x86_buf *b, const void *target, int scratch);

/* ---- patching ---- */

/* Given the first byte of a jmp/call rel32 (E9, E8) or jcc rel32 (0F 8x), the address of its
 * rel32 field; NULL for anything else. */
uint8_t *x86_jmp_rel32_at(uint8_t *site);
/* Point the rel32 field at target: writes target - (field + 4), atomically when the field is
 * 4-byte aligned. Both addresses must be in the same mapping (with a separate RW alias, pass
 * target - exec_delta). Returns -1 (field unchanged) if out of +-2 GiB, else 0. */
int x86_patch_rel32(uint8_t *field, const void *target);

/* ---- labels: branches within one buffer, forward or backward ---- */

/* Pending forward references are chained through their own offset fields, so a label needs no
 * storage of its own and any number of branches may wait on it. */
struct x86_label {
    uint8_t *pos;        /* write address once bound, else NULL */
    uint8_t *rel32_head; /* last pending rel32 field */
    uint8_t *rel8_head;  /* last pending rel8 field */
    bool broken;         /* a rel8 reference could not be kept (too far) */
};

void x86_label_init(struct x86_label *l);
/* Branch to l: rel8 if l is bound and reachable, else rel32. */
void x86_jmp_label(struct x86_buf *b, struct x86_label *l);
void x86_jcc_label(struct x86_buf *b, enum x86_cond cc, struct x86_label *l);
/* Always rel8: l must be (or be bound) within -128..127 bytes of the branch's end. */
void x86_jmp_label8(struct x86_buf *b, struct x86_label *l);
void x86_jcc_label8(struct x86_buf *b, enum x86_cond cc, struct x86_label *l);
/* dst = executable address of l (lea dst, [rip + rel32]). */
void x86_lea_label(struct x86_buf *b, int dst, struct x86_label *l);
/* Bind l (once) to the current position and resolve pending references. Returns -1 if a rel8
 * reference could not reach (that code is wrong; emit it again with rel32), else 0. */
int x86_label_bind(struct x86_buf *b, struct x86_label *l);

/* ---- SSE2 scalar floating point; sz X86_32 = single (ss), X86_64 = double (sd) ---- */

/* movd/movq xmm <- gpr and gpr <- xmm; sz is the integer size (32/64). */
void x86_movd_xr(struct x86_buf *b, enum x86_size sz, int xmm, int gpr);
void x86_movd_rx(struct x86_buf *b, enum x86_size sz, int gpr, int xmm);
/* Whole-register copy (movaps). */
void x86_sse_mov(struct x86_buf *b, int dst, int src);
/* movss/movsd load (zeroes the rest of dst) and store. */
void x86_sse_load(struct x86_buf *b, enum x86_size sz, int xmm, struct x86_mem m);
void x86_sse_store(struct x86_buf *b, enum x86_size sz, struct x86_mem m, int xmm);

/* Values are the opcode byte after 0F. */
enum x86_sse_op {
    X86_SSE_SQRT = 0x51,
    X86_SSE_ADD = 0x58,
    X86_SSE_MUL = 0x59,
    X86_SSE_SUB = 0x5c,
    X86_SSE_MIN = 0x5d,
    X86_SSE_DIV = 0x5e,
    X86_SSE_MAX = 0x5f,
};

/* dst = dst op src (SQRT: dst = sqrt(src)). */
void x86_sse_op_rr(struct x86_buf *b, enum x86_sse_op op, enum x86_size sz, int dst, int src);
void x86_sse_op_rm(struct x86_buf *b, enum x86_sse_op op, enum x86_size sz, int dst,
                   struct x86_mem m);
/* Compare a with r into ZF/PF/CF (PF=1: unordered). ucomi signals invalid only on sNaN,
 * comi on any NaN. */
void x86_ucomi(struct x86_buf *b, enum x86_size sz, int a, int r);
void x86_comi(struct x86_buf *b, enum x86_size sz, int a, int r);
/* Integer (isz 32/64) to float (fsz), rounding per MXCSR. */
void x86_cvtsi2f(struct x86_buf *b, enum x86_size fsz, enum x86_size isz, int xmm, int gpr);
/* Float (fsz) to integer (isz 32/64): truncating (cvtt) or per MXCSR (cvt). Out of range or
 * NaN gives the integer indefinite value (the sign bit alone). */
void x86_cvttf2si(struct x86_buf *b, enum x86_size isz, enum x86_size fsz, int gpr, int xmm);
void x86_cvtf2si(struct x86_buf *b, enum x86_size isz, enum x86_size fsz, int gpr, int xmm);
/* Float to the other float size: dst_sz is the result size (cvtss2sd / cvtsd2ss). */
void x86_cvtf2f(struct x86_buf *b, enum x86_size dst_sz, int dst, int src);

/* Values are the opcode byte after 0F. */
enum x86_sse_logic {
    X86_SSE_AND = 0x54,
    X86_SSE_ANDN = 0x55,
    X86_SSE_OR = 0x56,
    X86_SSE_XOR = 0x57,
};

/* Bitwise on the whole register (andpd/andps...; ANDN: dst = ~dst & src); sz picks pd or ps. */
void x86_sse_logic(struct x86_buf *b, enum x86_sse_logic op, enum x86_size sz, int dst, int src);
void x86_ldmxcsr(struct x86_buf *b, struct x86_mem m);
void x86_stmxcsr(struct x86_buf *b, struct x86_mem m);

#endif
