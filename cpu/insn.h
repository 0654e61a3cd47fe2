/* SPDX-License-Identifier: MIT */
/* Decoded instructions: the op enum and row descriptors generated from
 * insn_table.h, and the decoder that turns raw bits into a struct insn. */
#ifndef CPU_INSN_H
#define CPU_INSN_H

#include <stdbool.h>
#include <stdint.h>
#include "insn_table.h"

enum insn_format {
#define F(n) FMT_##n,
    INSN_FORMATS(F)
#undef F
};

enum cinsn_format {
#define F(n) CFMT_##n,
    CINSN_FORMATS(F)
#undef F
};

enum insn_ext {
    EXT_I,
    EXT_M,
    EXT_A,
    EXT_F,
    EXT_D,
    EXT_C,
    EXT_ZICSR,
    EXT_ZIFENCEI,
    EXT_PRIV,
    EXT_ZBA,
    EXT_ZBB,
    EXT_ZBC,
    EXT_ZBS,
    EXT_ZICOND,
    EXT_ZICBOM,
    EXT_ZICBOZ,
};

enum insn_op {
    OP_ILLEGAL = 0,
#define X(name, match, mask, fmt, ext, flags) OP_##name,
    INSN_TABLE(X)
#undef X
        OP_COUNT
};

enum cinsn_op {
#define X(name, match, mask, fmt, ext, base) COP_##name,
    CINSN_TABLE(X)
#undef X
        COP_COUNT
};

struct insn_desc {
    const char *name; /* mnemonic, e.g. "fcvt.w.s" */
    uint32_t match, mask;
    uint8_t format, ext;
    uint16_t flags;
};

struct cinsn_desc {
    const char *name; /* e.g. "c.addi4spn" */
    uint16_t match, mask;
    uint8_t format, ext;
    uint16_t base; /* enum insn_op it expands to */
};

extern const struct insn_desc insn_descs[OP_COUNT]; /* [OP_ILLEGAL] is "illegal" */
extern const struct cinsn_desc cinsn_descs[COP_COUNT];

struct insn {
    uint32_t raw; /* as fetched: 16 or 32 bits */
    uint16_t op;  /* enum insn_op; OP_ILLEGAL if undecodable */
    uint8_t len;  /* 2 or 4 */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;     /* funct3 for FP ops */
    uint16_t flags; /* insn_descs[op].flags */
    int16_t cop;    /* enum cinsn_op for 16-bit forms, else -1 */
    int64_t imm;    /* sign-extended immediate; CSR number for CSR ops */
};

/* Length of the instruction whose low 16 bits are `lo`: 2 or 4. Longer
 * encodings are not supported and decode as illegal with length 4. */
static inline unsigned insn_length(uint16_t lo) { return (lo & 3) == 3 ? 4 : 2; }

/* Decode raw bits (16-bit forms in the low half). Never fails: an unknown or
 * reserved encoding yields op == OP_ILLEGAL with len set. */
void insn_decode(struct insn *i, uint32_t raw);

/* Mnemonic of op, "illegal" for OP_ILLEGAL. */
const char *insn_name(unsigned op);

#endif
