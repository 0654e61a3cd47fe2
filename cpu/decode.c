/* SPDX-License-Identifier: MIT */
/* Decoder: raw instruction bits -> struct insn, driven by insn_table.h.
 * Rows are bucketed by major opcode and funct3 (32-bit; a row without funct3
 * in its mask sits in all eight) or quadrant+funct3 (16-bit) and tried
 * most-specific first. Compressed forms expand to their base row. */
#include "insn.h"
#include "util/bits.h"

#include <stdlib.h>
#include <string.h>

const struct insn_desc insn_descs[OP_COUNT] = {[OP_ILLEGAL] = {"illegal", 0, 0, FMT_N, EXT_I, 0},
#define X(n, m, k, f, e, fl) [OP_##n] = {#n, m, k, FMT_##f, EXT_##e, fl},
                                               INSN_TABLE(X)
#undef X
};

const struct cinsn_desc cinsn_descs[COP_COUNT] = {
#define X(n, m, k, f, e, b) [COP_##n] = {#n, m, k, CFMT_##f, EXT_##e, OP_##b},
    CINSN_TABLE(X)
#undef X
};

/* Mnemonics with '.' instead of '_' (built once). */
static char insn_names[OP_COUNT][16];

#define NBUCKETS32  (32 * 8)
#define NBUCKETS16  24
#define BUCKET_MAX  64
#define FUNCT3_MASK 0x7000u

static uint16_t bucket32[NBUCKETS32][BUCKET_MAX];
static uint8_t bucket32_len[NBUCKETS32];
static uint8_t bucket16[NBUCKETS16][BUCKET_MAX];
static uint8_t bucket16_len[NBUCKETS16];

static unsigned bucket32_of(uint32_t raw) { return ((raw >> 2) & 31) * 8 + ((raw >> 12) & 7); }
static unsigned bucket16_of(uint32_t raw) { return (raw & 3) * 8 + ((raw >> 13) & 7); }

/* Insert keeping the bucket ordered by mask popcount, most specific first. */
static void bucket_insert(void *list, uint8_t *len, unsigned elem, unsigned id, int bits,
                          int (*bits_of)(unsigned))
{
    unsigned pos = *len;
    if (elem == 2) {
        uint16_t *l = list;
        while (pos > 0 && bits_of(l[pos - 1]) < bits) {
            l[pos] = l[pos - 1];
            pos--;
        }
        l[pos] = (uint16_t)id;
    } else {
        uint8_t *l = list;
        while (pos > 0 && bits_of(l[pos - 1]) < bits) {
            l[pos] = l[pos - 1];
            pos--;
        }
        l[pos] = (uint8_t)id;
    }
    (*len)++;
}

static int mask_bits32(unsigned op) { return __builtin_popcount(insn_descs[op].mask); }
static int mask_bits16(unsigned cop) { return __builtin_popcount(cinsn_descs[cop].mask); }

__attribute__((constructor)) static void decode_init(void)
{
    for (unsigned op = 0; op < OP_COUNT; op++) {
        const char *s = insn_descs[op].name;
        for (unsigned k = 0; s[k] && k < sizeof(insn_names[0]) - 1; k++)
            insn_names[op][k] = s[k] == '_' ? '.' : s[k];
    }
    for (unsigned op = 1; op < OP_COUNT; op++) {
        uint32_t match = insn_descs[op].match, mask = insn_descs[op].mask & FUNCT3_MASK;
        for (uint32_t f3 = 0; f3 < 8; f3++) {
            if (((f3 << 12) ^ match) & mask)
                continue;
            unsigned b = bucket32_of((match & ~FUNCT3_MASK) | f3 << 12);
            if (bucket32_len[b] == BUCKET_MAX)
                abort();
            bucket_insert(bucket32[b], &bucket32_len[b], 2, op, mask_bits32(op), mask_bits32);
        }
    }
    for (unsigned cop = 0; cop < COP_COUNT; cop++) {
        unsigned b = bucket16_of(cinsn_descs[cop].match);
        if (bucket16_len[b] == BUCKET_MAX)
            abort();
        bucket_insert(bucket16[b], &bucket16_len[b], 1, cop, mask_bits16(cop), mask_bits16);
    }
}

const char *insn_name(unsigned op) { return op < OP_COUNT ? insn_names[op] : "?"; }

static int64_t imm_of(unsigned fmt, uint32_t r)
{
    switch (fmt) {
    case FMT_I: return bits_sext(r >> 20, 12);
    case FMT_IS: return (r >> 20) & 63;
    case FMT_ISW: return (r >> 20) & 31;
    case FMT_S: return bits_sext(((r >> 25) << 5) | ((r >> 7) & 31), 12);
    case FMT_B:
        return bits_sext((bits_extract(r, 31, 1) << 12) | (bits_extract(r, 7, 1) << 11) |
                             (bits_extract(r, 25, 6) << 5) | (bits_extract(r, 8, 4) << 1),
                         13);
    case FMT_U: return bits_sext(r & 0xfffff000u, 32);
    case FMT_J:
        return bits_sext((bits_extract(r, 31, 1) << 20) | (bits_extract(r, 12, 8) << 12) |
                             (bits_extract(r, 20, 1) << 11) | (bits_extract(r, 21, 10) << 1),
                         21);
    case FMT_CSR:
    case FMT_CSRI:
    case FMT_FENCE: return r >> 20;
    default: return 0;
    }
}

static void decode32(struct insn *i, uint32_t r)
{
    unsigned b = bucket32_of(r);
    i->len = 4;
    i->rd = bits_extract(r, 7, 5);
    i->rs1 = bits_extract(r, 15, 5);
    i->rs2 = bits_extract(r, 20, 5);
    i->rs3 = bits_extract(r, 27, 5);
    i->rm = bits_extract(r, 12, 3);
    for (unsigned k = 0; k < bucket32_len[b]; k++) {
        const struct insn_desc *d = &insn_descs[bucket32[b][k]];
        if ((r & d->mask) == d->match) {
            i->op = bucket32[b][k];
            i->imm = imm_of(d->format, r);
            return;
        }
    }
}

/* Register fields of compressed forms: full (5-bit) and prime (x8..x15). */
static unsigned c_rd(uint32_t r) { return bits_extract(r, 7, 5); }
static unsigned c_rs2(uint32_t r) { return bits_extract(r, 2, 5); }
static unsigned c_rdp(uint32_t r) { return 8 + bits_extract(r, 2, 3); }  /* bits 4:2 */
static unsigned c_rs1p(uint32_t r) { return 8 + bits_extract(r, 7, 3); } /* bits 9:7 */
static int64_t c_imm6(uint32_t r)
{
    return bits_sext((bits_extract(r, 12, 1) << 5) | bits_extract(r, 2, 5), 6);
}
static uint64_t c_uimm6(uint32_t r)
{
    return (bits_extract(r, 12, 1) << 5) | bits_extract(r, 2, 5);
}

static uint64_t c_mem_w(uint32_t r) /* uimm[5:3] at 12:10, [2] at 6, [6] at 5 */
{
    return (bits_extract(r, 10, 3) << 3) | (bits_extract(r, 6, 1) << 2) |
           (bits_extract(r, 5, 1) << 6);
}

static uint64_t c_mem_d(uint32_t r) /* uimm[5:3] at 12:10, [7:6] at 6:5 */
{
    return (bits_extract(r, 10, 3) << 3) | (bits_extract(r, 5, 2) << 6);
}

static int64_t c_j_imm(uint32_t r) /* imm[11|4|9:8|10|6|7|3:1|5] at 12:2 */
{
    uint64_t v = (bits_extract(r, 12, 1) << 11) | (bits_extract(r, 11, 1) << 4) |
                 (bits_extract(r, 9, 2) << 8) | (bits_extract(r, 8, 1) << 10) |
                 (bits_extract(r, 7, 1) << 6) | (bits_extract(r, 6, 1) << 7) |
                 (bits_extract(r, 3, 3) << 1) | (bits_extract(r, 2, 1) << 5);
    return bits_sext(v, 12);
}

static int64_t c_b_imm(uint32_t r) /* imm[8|4:3] at 12:10, [7:6|2:1|5] at 6:2 */
{
    uint64_t v = (bits_extract(r, 12, 1) << 8) | (bits_extract(r, 10, 2) << 3) |
                 (bits_extract(r, 5, 2) << 6) | (bits_extract(r, 3, 2) << 1) |
                 (bits_extract(r, 2, 1) << 5);
    return bits_sext(v, 9);
}

/* Fill operands of a compressed form. Returns false for reserved encodings. */
static bool expand16(struct insn *i, unsigned fmt, uint32_t r)
{
    switch (fmt) {
    case CFMT_CIW:
        i->rd = c_rdp(r), i->rs1 = 2;
        i->imm = (bits_extract(r, 11, 2) << 4) | (bits_extract(r, 7, 4) << 6) |
                 (bits_extract(r, 6, 1) << 2) | (bits_extract(r, 5, 1) << 3);
        return i->imm != 0;
    case CFMT_CL_W: i->rd = c_rdp(r), i->rs1 = c_rs1p(r), i->imm = c_mem_w(r); return true;
    case CFMT_CL_D: i->rd = c_rdp(r), i->rs1 = c_rs1p(r), i->imm = c_mem_d(r); return true;
    case CFMT_CS_W: i->rs2 = c_rdp(r), i->rs1 = c_rs1p(r), i->imm = c_mem_w(r); return true;
    case CFMT_CS_D: i->rs2 = c_rdp(r), i->rs1 = c_rs1p(r), i->imm = c_mem_d(r); return true;
    case CFMT_CI:
        i->rd = i->rs1 = c_rd(r), i->imm = c_imm6(r);
        return !(i->op == OP_addiw && i->rd == 0);
    case CFMT_CI_LI: i->rd = c_rd(r), i->rs1 = 0, i->imm = c_imm6(r); return true;
    case CFMT_CI_SH: i->rd = i->rs1 = c_rd(r), i->imm = c_uimm6(r); return true;
    case CFMT_CI_LUI: i->rd = c_rd(r), i->imm = c_imm6(r) * 4096; return i->imm != 0;
    case CFMT_CI_16SP:
        i->rd = i->rs1 = 2;
        i->imm = bits_sext((bits_extract(r, 12, 1) << 9) | (bits_extract(r, 6, 1) << 4) |
                               (bits_extract(r, 5, 1) << 6) | (bits_extract(r, 3, 2) << 7) |
                               (bits_extract(r, 2, 1) << 5),
                           10);
        return i->imm != 0;
    case CFMT_CI_LWSP:
        i->rd = c_rd(r), i->rs1 = 2;
        i->imm = (bits_extract(r, 12, 1) << 5) | (bits_extract(r, 4, 3) << 2) |
                 (bits_extract(r, 2, 2) << 6);
        return i->rd != 0;
    case CFMT_CI_LDSP:
        i->rd = c_rd(r), i->rs1 = 2;
        i->imm = (bits_extract(r, 12, 1) << 5) | (bits_extract(r, 5, 2) << 3) |
                 (bits_extract(r, 2, 3) << 6);
        return i->rd != 0 || i->op == OP_fld;
    case CFMT_CSS_W:
        i->rs2 = c_rs2(r), i->rs1 = 2;
        i->imm = (bits_extract(r, 9, 4) << 2) | (bits_extract(r, 7, 2) << 6);
        return true;
    case CFMT_CSS_D:
        i->rs2 = c_rs2(r), i->rs1 = 2;
        i->imm = (bits_extract(r, 10, 3) << 3) | (bits_extract(r, 7, 3) << 6);
        return true;
    case CFMT_CB_SH: i->rd = i->rs1 = c_rs1p(r), i->imm = c_uimm6(r); return true;
    case CFMT_CB_ANDI: i->rd = i->rs1 = c_rs1p(r), i->imm = c_imm6(r); return true;
    case CFMT_CA: i->rd = i->rs1 = c_rs1p(r), i->rs2 = c_rdp(r); return true;
    case CFMT_CJ: i->rd = 0, i->imm = c_j_imm(r); return true;
    case CFMT_CB: i->rs1 = c_rs1p(r), i->rs2 = 0, i->imm = c_b_imm(r); return true;
    case CFMT_CR_JR: i->rd = 0, i->rs1 = c_rd(r), i->imm = 0; return i->rs1 != 0;
    case CFMT_CR_JALR: i->rd = 1, i->rs1 = c_rd(r), i->imm = 0; return true;
    case CFMT_CR_MV: i->rd = c_rd(r), i->rs1 = 0, i->rs2 = c_rs2(r); return true;
    case CFMT_CR_ADD: i->rd = i->rs1 = c_rd(r), i->rs2 = c_rs2(r); return true;
    default: return true;
    }
}

static void decode16(struct insn *i, uint32_t r)
{
    unsigned b = bucket16_of(r);
    i->len = 2;
    for (unsigned k = 0; k < bucket16_len[b]; k++) {
        const struct cinsn_desc *d = &cinsn_descs[bucket16[b][k]];
        if ((r & d->mask) != d->match)
            continue;
        i->op = d->base;
        i->cop = bucket16[b][k];
        if (!expand16(i, d->format, r)) {
            i->op = OP_ILLEGAL;
            i->cop = -1;
        }
        i->rm = 7; /* compressed FP loads/stores carry no rm; dynamic */
        return;
    }
}

void insn_decode(struct insn *i, uint32_t raw)
{
    memset(i, 0, sizeof(*i));
    if ((raw & 3) != 3)
        raw &= 0xffff; /* tval of an illegal 16-bit instruction is its 16 bits */
    i->raw = raw;
    i->cop = -1;
    if ((raw & 3) == 3)
        decode32(i, raw);
    else
        decode16(i, raw);
    i->flags = insn_descs[i->op].flags;
}
