/* SPDX-License-Identifier: MIT */
/* Decoder tests: every row of insn_table.h decodes to itself, rows overlap
 * only as strict special cases, compressed forms expand with the operands of
 * the spec's C chapter, and immediates sign-extend in every format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "cpu/insn.h"

#define SAMPLES_PER_ROW 256

/* xorshift64: fixed seed so failures reproduce. */
static uint64_t test_rng = 0x9e3779b97f4a7c15ull;

static uint32_t test_rand32(void)
{
    test_rng ^= test_rng << 13;
    test_rng ^= test_rng >> 7;
    test_rng ^= test_rng << 17;
    return (uint32_t)(test_rng >> 16);
}

/* The row the table says should win for raw: among matching rows, the one
 * with the most mask bits; -1 when none matches or when the most specific
 * one is not unique (an overlap test_rows_overlap_* reports). */
static int expected_row32(uint32_t raw)
{
    int best = -1, best_bits = -1, ties = 0;
    for (unsigned op = 1; op < OP_COUNT; op++) {
        const struct insn_desc *d = &insn_descs[op];
        if ((raw & d->mask) != d->match)
            continue;
        int bits = __builtin_popcount(d->mask);
        if (bits > best_bits)
            best = (int)op, best_bits = bits, ties = 0;
        else if (bits == best_bits)
            ties++;
    }
    return ties ? -1 : best;
}

static int expected_row16(uint32_t raw)
{
    int best = -1, best_bits = -1, ties = 0;
    for (unsigned cop = 0; cop < COP_COUNT; cop++) {
        const struct cinsn_desc *d = &cinsn_descs[cop];
        if ((raw & d->mask) != d->match)
            continue;
        int bits = __builtin_popcount(d->mask);
        if (bits > best_bits)
            best = (int)cop, best_bits = bits, ties = 0;
        else if (bits == best_bits)
            ties++;
    }
    return ties ? -1 : best;
}

/* Reserved compressed encodings, written from the C chapter ("RVC
 * Instruction Set Listings") independently of cpu/decode.c. */
static int c_bits(uint32_t r, unsigned pos, unsigned len)
{
    return (int)((r >> pos) & ((1u << len) - 1));
}

static int c_reserved(int cop, uint32_t r)
{
    int rd = c_bits(r, 7, 5);
    int imm6 = c_bits(r, 12, 1) << 5 | c_bits(r, 2, 5);
    switch (cop) {
    case COP_c_addi4spn: return c_bits(r, 5, 8) == 0; /* nzuimm = 0 */
    case COP_c_addiw: return rd == 0;
    case COP_c_lui: return imm6 == 0; /* nzimm = 0 */
    case COP_c_addi16sp: return imm6 == 0;
    case COP_c_lwsp:
    case COP_c_ldsp: return rd == 0;
    case COP_c_jr: return rd == 0;
    default: return 0;
    }
}

static void test_rows_are_well_formed(void **state)
{
    (void)state;
    for (unsigned op = 1; op < OP_COUNT; op++) {
        const struct insn_desc *d = &insn_descs[op];
        assert_int_equal(d->match & ~d->mask, 0);
        assert_int_equal(d->mask & 0x7f, 0x7f); /* the decoder buckets on opcode */
        assert_int_equal(d->match & 3, 3);
    }
    for (unsigned cop = 0; cop < COP_COUNT; cop++) {
        const struct cinsn_desc *d = &cinsn_descs[cop];
        assert_int_equal(d->match & ~d->mask, 0);
        assert_int_equal(d->mask & 0xe003, 0xe003); /* quadrant + funct3 bucket */
        assert_true((d->match & 3) != 3);
        assert_true(d->base > 0 && d->base < OP_COUNT);
    }
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(insn_name(OP_ILLEGAL), "illegal");
    assert_string_equal(insn_name(OP_fcvt_w_s), "fcvt.w.s");
    assert_string_equal(insn_name(OP_sfence_vma), "sfence.vma");
    assert_string_equal(insn_name(OP_amomaxu_d), "amomaxu.d");
    assert_string_equal(insn_name(OP_COUNT), "?");
}

static void check_decodes_to_row32(uint32_t raw)
{
    int want = expected_row32(raw);
    assert_true(want > 0);
    struct insn i;
    insn_decode(&i, raw);
    if (i.op != want)
        print_error("0x%08x: decoded %s, table says %s\n", raw, insn_name(i.op),
                    insn_name((unsigned)want));
    assert_int_equal(i.op, want);
    assert_int_equal(i.len, 4);
    assert_int_equal(i.cop, -1);
    assert_int_equal(i.raw, raw);
    assert_int_equal(i.flags, insn_descs[want].flags);
}

/* (1) Match bits, then match bits with random don't-care bits. */
static void test_rows32_decode_to_themselves(void **state)
{
    (void)state;
    for (unsigned op = 1; op < OP_COUNT; op++) {
        const struct insn_desc *d = &insn_descs[op];
        check_decodes_to_row32(d->match);
        for (int k = 0; k < SAMPLES_PER_ROW; k++)
            check_decodes_to_row32(d->match | (test_rand32() & ~d->mask));
    }
}

/* Every 16-bit encoding: the most specific row, expanded to its base op,
 * or OP_ILLEGAL exactly when no row matches or the encoding is reserved. */
static void test_rows16_exhaustive(void **state)
{
    (void)state;
    unsigned hits[COP_COUNT] = {0};
    for (uint32_t raw = 0; raw < 0x10000; raw++) {
        if ((raw & 3) == 3)
            continue;
        int want = expected_row16(raw);
        struct insn i;
        insn_decode(&i, raw);
        assert_int_equal(i.len, 2);
        if (want < 0 || c_reserved(want, raw)) {
            if (i.op != OP_ILLEGAL)
                print_error("0x%04x: decoded %s, expected illegal\n", raw, insn_name(i.op));
            assert_int_equal(i.op, OP_ILLEGAL);
            assert_int_equal(i.cop, -1);
            assert_int_equal(i.flags, 0);
            continue;
        }
        if (i.cop != want)
            print_error("0x%04x: decoded cop %d (%s), expected %s\n", raw, i.cop,
                        i.cop >= 0 ? cinsn_descs[i.cop].name : "-", cinsn_descs[want].name);
        assert_int_equal(i.cop, want);
        assert_int_equal(i.op, cinsn_descs[want].base);
        assert_int_equal(i.flags, insn_descs[i.op].flags);
        hits[want]++;
    }
    for (unsigned cop = 0; cop < COP_COUNT; cop++)
        assert_true(hits[cop] > 0);
}

/* (2) Overlaps. Two rows overlap when some encoding matches both; that is
 * allowed only when one mask is a strict superset of the other's (the
 * decoder then takes the more specific row). */
struct overlap {
    const char *specific, *general;
};

static int masks_overlap(uint32_t ma, uint32_t ka, uint32_t mb, uint32_t kb)
{
    return ((ma ^ mb) & ka & kb) == 0;
}

static int strict_superset(uint32_t ka, uint32_t kb) { return (ka & kb) == kb && ka != kb; }

static void check_allowed(const struct overlap *got, unsigned n, const struct overlap *want,
                          unsigned nwant)
{
    for (unsigned k = 0; k < n; k++)
        print_message("allowed overlap: %s is a special case of %s\n", got[k].specific,
                      got[k].general);
    assert_int_equal(n, nwant);
    for (unsigned k = 0; k < n; k++) {
        assert_string_equal(got[k].specific, want[k].specific);
        assert_string_equal(got[k].general, want[k].general);
    }
}

static void test_rows32_overlap(void **state)
{
    (void)state;
    struct overlap got[16];
    unsigned n = 0, bad = 0;
    for (unsigned a = 1; a < OP_COUNT; a++) {
        for (unsigned b = a + 1; b < OP_COUNT; b++) {
            const struct insn_desc *x = &insn_descs[a], *y = &insn_descs[b];
            if (!masks_overlap(x->match, x->mask, y->match, y->mask))
                continue;
            if (strict_superset(x->mask, y->mask) && n < 16)
                got[n++] = (struct overlap){x->name, y->name};
            else if (strict_superset(y->mask, x->mask) && n < 16)
                got[n++] = (struct overlap){y->name, x->name};
            else
                print_error("rows %s and %s overlap\n", x->name, y->name), bad++;
        }
    }
    assert_int_equal(bad, 0);
    check_allowed(got, n, NULL, 0);
}

static void test_rows16_overlap(void **state)
{
    (void)state;
    static const struct overlap want[] = {
        {"c_addi16sp", "c_lui"}, /* rd = 2 */
        {"c_jr", "c_mv"},        /* rs2 = 0 */
        {"c_ebreak", "c_jalr"},  /* rs1 = 0 */
        {"c_ebreak", "c_add"},   /* rs1 = rs2 = 0 */
        {"c_jalr", "c_add"},     /* rs2 = 0 */
    };
    struct overlap got[16];
    unsigned n = 0, bad = 0;
    for (unsigned a = 0; a < COP_COUNT; a++) {
        for (unsigned b = a + 1; b < COP_COUNT; b++) {
            const struct cinsn_desc *x = &cinsn_descs[a], *y = &cinsn_descs[b];
            if (!masks_overlap(x->match, x->mask, y->match, y->mask))
                continue;
            if (strict_superset(x->mask, y->mask) && n < 16)
                got[n++] = (struct overlap){x->name, y->name};
            else if (strict_superset(y->mask, x->mask) && n < 16)
                got[n++] = (struct overlap){y->name, x->name};
            else
                print_error("rows %s and %s overlap\n", x->name, y->name), bad++;
        }
    }
    assert_int_equal(bad, 0);
    check_allowed(got, n, want, sizeof(want) / sizeof(want[0]));
}

/* (3) Compressed forms with hand-computed encodings. Field layouts from
 * the C chapter ("RVC Instruction Formats" and the listings); each value was
 * also assembled with GNU as to confirm. */
struct cexp {
    uint16_t raw;
    int cop;
    unsigned op;
    uint8_t rd, rs1, rs2;
    int64_t imm;
};

#define CX(r, c, o, d, s1, s2, im)        \
    {                                     \
        r, COP_##c, OP_##o, d, s1, s2, im \
    }

static const struct cexp cexps[] = {
    /* CIW: 000 nzuimm[5:4|9:6|2|3] rd' 00; 1020 = all of 9:2 set, rd' = a0 */
    CX(0x1fe8, c_addi4spn, addi, 10, 2, 0, 1020),
    CX(0x0040, c_addi4spn, addi, 8, 2, 0, 4), /* nzuimm[2] only */
    /* CL/CS: uimm[5:3] at 12:10; W: [2|6] at 6:5; D: [7:6] at 6:5 */
    CX(0x3de8, c_fld, fld, 10, 11, 0, 248),
    CX(0x5de8, c_lw, lw, 10, 11, 0, 124),
    CX(0x641c, c_ld, ld, 15, 8, 0, 8),
    CX(0xa78c, c_fsd, fsd, 0, 15, 11, 8),
    CX(0xc1c8, c_sw, sw, 0, 11, 10, 4),
    CX(0xfde4, c_sd, sd, 0, 11, 9, 248),
    /* CI: imm[5] at 12, imm[4:0] at 6:2, sign-extended */
    CX(0x0001, c_addi, addi, 0, 0, 0, 0), /* c.nop */
    CX(0x1141, c_addi, addi, 2, 2, 0, -16),
    CX(0x057d, c_addi, addi, 10, 10, 0, 31),
    CX(0x357d, c_addiw, addiw, 10, 10, 0, -1),
    CX(0x5501, c_li, addi, 10, 0, 0, -32),
    CX(0x4005, c_li, addi, 0, 0, 0, 1),           /* HINT, still decodes */
    CX(0x7501, c_lui, lui, 10, 0, 0, -32 * 4096), /* nzimm[17] set */
    CX(0x6d85, c_lui, lui, 27, 0, 0, 4096),
    CX(0x6005, c_lui, lui, 0, 0, 0, 4096), /* HINT rd = 0 */
    /* CI_16SP: nzimm[9] at 12, [4|6|8:7|5] at 6:2 */
    CX(0x7101, c_addi16sp, addi, 2, 2, 0, -512),
    CX(0x617d, c_addi16sp, addi, 2, 2, 0, 496),
    /* CB shifts and andi: rd' at 9:7 */
    CX(0x917d, c_srli, srli, 10, 10, 0, 63),
    CX(0x8585, c_srai, srai, 11, 11, 0, 1),
    CX(0x997d, c_andi, andi, 10, 10, 0, -1),
    /* CA: rd'/rs1' at 9:7, rs2' at 4:2 */
    CX(0x8d0d, c_sub, sub, 10, 10, 11, 0),
    CX(0x8d2d, c_xor, xor, 10, 10, 11, 0),
    CX(0x8c45, c_or, or, 8, 8, 9, 0),
    CX(0x8d7d, c_and, and, 10, 10, 15, 0),
    CX(0x9d0d, c_subw, subw, 10, 10, 11, 0),
    CX(0x9d2d, c_addw, addw, 10, 10, 11, 0),
    /* CJ: imm[11|4|9:8|10|6|7|3:1|5] at 12:2 */
    CX(0xb001, c_j, jal, 0, 0, 0, -2048), /* only imm[11] */
    CX(0xaffd, c_j, jal, 0, 0, 0, 2046),  /* all but imm[11] */
    CX(0xa001, c_j, jal, 0, 0, 0, 0),
    /* CB: offset[8|4:3] at 12:10, [7:6|2:1|5] at 6:2 */
    CX(0xd101, c_beqz, beq, 0, 10, 0, -256), /* only offset[8] */
    CX(0xed7d, c_bnez, bne, 0, 10, 0, 254),  /* all but offset[8] */
    CX(0xdd7d, c_beqz, beq, 0, 10, 0, -2),
    /* CI_SH: shamt[5] at 12 */
    CX(0x157e, c_slli, slli, 10, 10, 0, 63),
    /* CI_LWSP: uimm[5] at 12, [4:2|7:6] at 6:2; LDSP: [4:3|8:6] */
    CX(0x557e, c_lwsp, lw, 10, 2, 0, 252),
    CX(0x70fe, c_ldsp, ld, 1, 2, 0, 504),
    CX(0x357e, c_fldsp, fld, 10, 2, 0, 504),
    CX(0x2002, c_fldsp, fld, 0, 2, 0, 0), /* f0 is a valid rd */
    /* CSS: W: uimm[5:2|7:6] at 12:7; D: [5:3|8:6] */
    CX(0xdfaa, c_swsp, sw, 0, 2, 10, 252),
    CX(0xff86, c_sdsp, sd, 0, 2, 1, 504),
    CX(0xbfaa, c_fsdsp, fsd, 0, 2, 10, 504),
    /* CR */
    CX(0x8082, c_jr, jalr, 0, 1, 0, 0),
    CX(0x852e, c_mv, add, 10, 0, 11, 0),
    CX(0x9002, c_ebreak, ebreak, 0, 0, 0, 0),
    CX(0x9502, c_jalr, jalr, 1, 10, 0, 0),
    CX(0x952e, c_add, add, 10, 10, 11, 0),
};

static void test_compressed_operands(void **state)
{
    (void)state;
    unsigned seen[COP_COUNT] = {0};
    for (size_t k = 0; k < sizeof(cexps) / sizeof(cexps[0]); k++) {
        const struct cexp *e = &cexps[k];
        struct insn i;
        insn_decode(&i, e->raw);
        if (i.cop != e->cop || i.rd != e->rd || i.rs1 != e->rs1 || i.rs2 != e->rs2 ||
            i.imm != e->imm)
            print_error("0x%04x (%s): rd %u rs1 %u rs2 %u imm %" PRId64 "\n", e->raw,
                        cinsn_descs[e->cop].name, i.rd, i.rs1, i.rs2, i.imm);
        assert_int_equal(i.len, 2);
        assert_int_equal(i.cop, e->cop);
        assert_int_equal(i.op, e->op);
        assert_int_equal(i.rd, e->rd);
        assert_int_equal(i.rs1, e->rs1);
        assert_int_equal(i.rs2, e->rs2);
        assert_int_equal(i.imm, e->imm);
        assert_int_equal(i.rm, 7);
        seen[e->cop]++;
    }
    for (unsigned cop = 0; cop < COP_COUNT; cop++)
        assert_true(seen[cop] > 0);
}

static void test_compressed_reserved(void **state)
{
    (void)state;
    static const uint16_t reserved[] = {
        0x0000, /* all zeros: c.addi4spn with nzuimm = 0 */
        0x0004, /* c.addi4spn s1, sp, 0 */
        0x4012, /* c.lwsp x0, 4(sp) */
        0x6002, /* c.ldsp x0, 0(sp) */
        0x8002, /* c.jr x0 */
        0x6101, /* c.addi16sp sp, 0 */
        0x6501, /* c.lui a0, 0 */
        0x6001, /* c.lui x0, 0 */
        0x2005, /* c.addiw x0, 1 */
        0x9c41, /* RV64 reserved CA slot (funct2 = 10) */
        0x9c61, /* RV64 reserved CA slot (funct2 = 11) */
    };
    for (size_t k = 0; k < sizeof(reserved) / sizeof(reserved[0]); k++) {
        struct insn i;
        insn_decode(&i, reserved[k]);
        if (i.op != OP_ILLEGAL)
            print_error("0x%04x decoded as %s\n", reserved[k], insn_name(i.op));
        assert_int_equal(i.op, OP_ILLEGAL);
        assert_int_equal(i.len, 2);
        assert_int_equal(i.cop, -1);
    }
}

/* (4) 32-bit immediates with sign bits set, and the register fields. */
struct iexp {
    uint32_t raw;
    unsigned op;
    uint8_t rd, rs1, rs2;
    int64_t imm;
};

#define IX(r, o, d, s1, s2, im)  \
    {                            \
        r, OP_##o, d, s1, s2, im \
    }

static const struct iexp iexps[] = {
    IX(0x80058513, addi, 10, 11, 0, -2048), /* I: imm[11] only */
    IX(0xfff5c513, xori, 10, 11, 31, -1),   /* I: all ones */
    IX(0x7ff00513, addi, 10, 0, 31, 2047),
    IX(0x80012503, lw, 10, 2, 0, -2048),
    IX(0xffc582e7, jalr, 5, 11, 28, -4),
    IX(0xfe113c23, sd, 24, 2, 1, -8), /* S: imm[4:0] in rd field */
    IX(0x80000023, sb, 0, 0, 0, -2048),
    IX(0x7ea58fa3, sb, 31, 11, 10, 2047),
    IX(0x80000063, beq, 0, 0, 0, -4096), /* B: imm[12] only */
    IX(0xfe000fe3, beq, 31, 0, 0, -2),   /* B: all ones */
    IX(0x7e000fe3, beq, 31, 0, 0, 4094),
    IX(0x00b50c63, beq, 24, 10, 11, 24),
    IX(0x800000ef, jal, 1, 0, 0, -1048576), /* J: imm[20] only */
    IX(0xfffff06f, jal, 0, 31, 31, -2),     /* J: all ones */
    IX(0x7ffff06f, jal, 0, 31, 31, 1048574),
    IX(0x80000537, lui, 10, 0, 0, -2147483648ll), /* U: sign-extends to 64 */
    IX(0xfffff517, auipc, 10, 31, 31, -4096),
    IX(0x7ffff537, lui, 10, 31, 31, 0x7ffff000),
    IX(0x03f59513, slli, 10, 11, 31, 63), /* IS: shamt[5] */
    IX(0x4205d513, srai, 10, 11, 0, 32),
    IX(0x63f5d513, rori, 10, 11, 31, 63),
    IX(0x01f5951b, slliw, 10, 11, 31, 31), /* ISW */
    IX(0x0bf5951b, slli_uw, 10, 11, 31, 63),
    IX(0xfff02573, csrrs, 10, 0, 31, 0xfff),   /* CSR numbers are unsigned */
    IX(0xfffff573, csrrci, 10, 31, 31, 0xfff), /* CSRI: zimm in rs1 */
    IX(0x8330000f, fence, 0, 0, 19, 0x833),    /* FENCE: fm|pred|succ */
    IX(0x06b6252f, amoadd_w, 10, 12, 11, 0),
    IX(0x12b50073, sfence_vma, 0, 10, 11, 0),
    IX(0x0015200f, cbo_clean, 0, 10, 1, 0),
};

static void test_immediates32(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof(iexps) / sizeof(iexps[0]); k++) {
        const struct iexp *e = &iexps[k];
        struct insn i;
        insn_decode(&i, e->raw);
        if (i.op != e->op || i.rd != e->rd || i.rs1 != e->rs1 || i.rs2 != e->rs2 || i.imm != e->imm)
            print_error("0x%08x (%s): got %s rd %u rs1 %u rs2 %u imm %" PRId64 "\n", e->raw,
                        insn_name(e->op), insn_name(i.op), i.rd, i.rs1, i.rs2, i.imm);
        assert_int_equal(i.op, e->op);
        assert_int_equal(i.rd, e->rd);
        assert_int_equal(i.rs1, e->rs1);
        assert_int_equal(i.rs2, e->rs2);
        assert_int_equal(i.imm, e->imm);
    }
}

static void test_r4_and_rm(void **state)
{
    (void)state;
    struct insn i;
    insn_decode(&i, 0x6ac5b54b); /* fnmsub.d fa0, fa1, fa2, fa3, rup */
    assert_int_equal(i.op, OP_fnmsub_d);
    assert_int_equal(i.rd, 10);
    assert_int_equal(i.rs1, 11);
    assert_int_equal(i.rs2, 12);
    assert_int_equal(i.rs3, 13);
    assert_int_equal(i.rm, 3);
    assert_int_equal(i.flags, F_R4);
    insn_decode(&i, 0x06c5f543); /* fmadd.q: fmt = 11, Q is not implemented */
    assert_int_equal(i.op, OP_ILLEGAL);
    assert_int_equal(i.len, 4);
}

static void test_illegal32(void **state)
{
    (void)state;
    static const uint32_t bad[] = {
        0xffffffff,
        0x12345013 /* slli with funct6 != 0 */,
        0x0000707f,
        0x00000057 /* OP-V */,
        0x00002063 /* branch funct3 = 2 */,
        0x10000073 /* SYSTEM funct12 0x100 */,
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        struct insn i;
        insn_decode(&i, bad[k]);
        assert_int_equal(i.op, OP_ILLEGAL);
        assert_int_equal(i.len, 4);
        assert_int_equal(i.flags, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_are_well_formed),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_rows32_decode_to_themselves),
        cmocka_unit_test(test_rows16_exhaustive),
        cmocka_unit_test(test_rows32_overlap),
        cmocka_unit_test(test_rows16_overlap),
        cmocka_unit_test(test_compressed_operands),
        cmocka_unit_test(test_compressed_reserved),
        cmocka_unit_test(test_immediates32),
        cmocka_unit_test(test_r4_and_rm),
        cmocka_unit_test(test_illegal32),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
