/* SPDX-License-Identifier: MIT */
/* Random single instructions for the generator, made from the rows of the
 * instruction table (insn_descs[], cinsn_descs[]): free bits random, then
 * register fields biased, memory offsets mostly aligned, rounding modes mostly
 * valid; every result is decoded to check it is what was meant. */
#include "gen_int.h"
#include "cpu/insn.h"

#define GEN_TRIES 200

static const uint8_t hot_x[] = {1, 10, 11, 12, 13, 14, 15};
static const uint8_t ptr_x[] = {2, 3, 8, 9};

static bool is_ptr(unsigned x)
{
    for (unsigned k = 0; k < sizeof(ptr_x); k++)
        if (ptr_x[k] == x)
            return true;
    return false;
}

/* Rarely a data pointer: they should stay pointers for a while. */
unsigned gen_xrd(struct gen_rng *r)
{
    if (rng_pct(r, 3))
        return 0;
    if (rng_pct(r, 65))
        return hot_x[rng_below(r, sizeof(hot_x))];
    unsigned x = 1 + rng_below(r, GEN_R_LOOP - 1);
    if (x == GEN_R_JBASE2 || (is_ptr(x) && !rng_pct(r, 10)))
        return hot_x[rng_below(r, sizeof(hot_x))];
    return x;
}

/* rd' of a compressed form (x8..x15 as 0..7): mostly not x8/x9. */
static unsigned gen_crd(struct gen_rng *r)
{
    return rng_pct(r, 90) ? 2 + rng_below(r, 6) : rng_below(r, 8);
}

unsigned gen_xrs(struct gen_rng *r)
{
    return rng_pct(r, 65) ? hot_x[rng_below(r, sizeof(hot_x))] : rng_below(r, 32);
}

unsigned gen_ptr(struct gen_rng *r)
{
    return r->calm || rng_pct(r, 92) ? ptr_x[rng_below(r, sizeof(ptr_x))] : gen_xrs(r);
}

unsigned gen_freg(struct gen_rng *r) { return rng_pct(r, 70) ? rng_below(r, 8) : rng_below(r, 32); }

/* --- row lists --- */

static uint16_t class_ops[GC_COUNT][OP_COUNT];
static unsigned class_len[GC_COUNT];
static uint16_t c_ops[COP_COUNT];
static unsigned c_len;

static int class_of(unsigned op)
{
    const struct insn_desc *d = &insn_descs[op];
    if ((d->flags & (IF_BRANCH | IF_JUMP)) || op == OP_sret || op == OP_mret)
        return -1;
    if (d->ext == EXT_A)
        return GC_AMO;
    if (d->ext == EXT_ZICSR)
        return GC_CSR;
    if (d->ext == EXT_ZICBOM || d->ext == EXT_ZICBOZ || d->ext == EXT_ZIFENCEI ||
        d->ext == EXT_PRIV || op == OP_ecall || op == OP_ebreak || op == OP_fence)
        return GC_SYS;
    if (d->flags & (IF_LOAD | IF_STORE))
        return GC_MEM;
    if (d->ext == EXT_F || d->ext == EXT_D)
        return GC_FP;
    return GC_INT;
}

static bool c_excluded(unsigned cop)
{
    return cop == COP_c_j || cop == COP_c_beqz || cop == COP_c_bnez || cop == COP_c_jr ||
           cop == COP_c_jalr;
}

void gen_insn_init(void)
{
    if (c_len)
        return;
    for (unsigned op = 1; op < OP_COUNT; op++) {
        int cls = class_of(op);
        if (cls >= 0)
            class_ops[cls][class_len[cls]++] = (uint16_t)op;
    }
    for (unsigned cop = 0; cop < COP_COUNT; cop++)
        if (!c_excluded(cop))
            c_ops[c_len++] = (uint16_t)cop;
}

/* --- checking --- */

static bool fmt_has_rd(unsigned f)
{
    return f == FMT_R || f == FMT_R4 || f == FMT_RF || f == FMT_R1 || f == FMT_R1F || f == FMT_I ||
           f == FMT_IS || f == FMT_ISW || f == FMT_U || f == FMT_J || f == FMT_CSR ||
           f == FMT_CSRI || f == FMT_AMO || f == FMT_LR;
}

static bool fmt_has_rs1(unsigned f)
{
    return f == FMT_R || f == FMT_R4 || f == FMT_RF || f == FMT_R1 || f == FMT_R1F || f == FMT_I ||
           f == FMT_IS || f == FMT_ISW || f == FMT_S || f == FMT_B || f == FMT_CSR ||
           f == FMT_AMO || f == FMT_LR || f == FMT_SFENCE || f == FMT_CBO;
}

static bool fmt_has_rs2(unsigned f)
{
    return f == FMT_R || f == FMT_R4 || f == FMT_RF || f == FMT_S || f == FMT_B || f == FMT_AMO ||
           f == FMT_SFENCE;
}

static bool fmt_has_rm(unsigned f) { return f == FMT_R4 || f == FMT_RF || f == FMT_R1F; }

/* Decodes as a non-control-transfer instruction that leaves x29..x31 alone;
 * cop >= 0 also requires that compressed row. */
static bool acceptable(uint32_t raw, int cop)
{
    struct insn i;
    insn_decode(&i, raw);
    if (i.op == OP_ILLEGAL || class_of(i.op) < 0 || (cop >= 0 && i.cop != cop))
        return false;
    const struct insn_desc *d = &insn_descs[i.op];
    return !(fmt_has_rd(d->format) && !(d->flags & IF_FRD) &&
             (i.rd >= GEN_R_LOOP || i.rd == GEN_R_JBASE2));
}

bool gen_smc_ok(uint32_t raw)
{
    struct insn i;
    insn_decode(&i, raw);
    const struct insn_desc *d = &insn_descs[i.op];
    return i.len == 4 && i.op != OP_ILLEGAL && fmt_has_rd(d->format) && !(d->flags & IF_FRD) &&
           i.rd < GEN_R_JBASE2 && acceptable(raw ^ 0x80, -1);
}

/* --- 32-bit rows --- */

static uint32_t set_field(uint32_t raw, unsigned shift, unsigned width, uint32_t v)
{
    uint32_t mask = ((1u << width) - 1) << shift;
    return (raw & ~mask) | ((v << shift) & mask);
}

static unsigned pick_rm(struct gen_rng *r)
{
    static const uint8_t valid[] = {0, 1, 2, 3, 4, 7};
    return rng_pct(r, 85) ? valid[rng_below(r, sizeof(valid))] : rng_below(r, 8);
}

/* Loads and stores: mostly aligned to the access size and near the pointer. */
static int32_t mem_imm(struct gen_rng *r, uint32_t match)
{
    int32_t size = 1 << ((match >> 12) & 3);
    if (r->calm || rng_pct(r, 60))
        return rng_range(r, -64, 64) * size;
    return rng_range(r, -2048, 2047);
}

static uint32_t set_imm(uint32_t raw, unsigned fmt, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    if (fmt == FMT_S)
        return set_field(set_field(raw, 7, 5, u), 25, 7, u >> 5);
    return set_field(raw, 20, 12, u);
}

static uint32_t fill_regs(struct gen_rng *r, const struct insn_desc *d, uint32_t raw)
{
    unsigned f = d->format;
    bool mem = (d->flags & (IF_LOAD | IF_STORE)) || f == FMT_CBO;
    if (fmt_has_rd(f))
        raw = set_field(raw, 7, 5, (d->flags & IF_FRD) ? gen_freg(r) : gen_xrd(r));
    if (fmt_has_rs1(f))
        raw = set_field(raw, 15, 5,
                        mem                    ? gen_ptr(r)
                        : (d->flags & IF_FRS1) ? gen_freg(r)
                                               : gen_xrs(r));
    if (fmt_has_rs2(f))
        raw = set_field(raw, 20, 5, (d->flags & IF_FRS2) ? gen_freg(r) : gen_xrs(r));
    if (f == FMT_R4)
        raw = set_field(raw, 27, 5, gen_freg(r));
    if (fmt_has_rm(f))
        raw = set_field(raw, 12, 3, pick_rm(r));
    return raw;
}

static uint32_t fill32(struct gen_rng *r, unsigned op)
{
    const struct insn_desc *d = &insn_descs[op];
    uint32_t raw = fill_regs(r, d, d->match | ((uint32_t)rng_next(r) & ~d->mask));
    bool mem = d->flags & (IF_LOAD | IF_STORE);
    if (mem && (d->format == FMT_I || d->format == FMT_S))
        raw = set_imm(raw, d->format, mem_imm(r, d->match));
    else if (d->format == FMT_I && rng_pct(r, 30))
        raw = set_imm(raw, d->format, rng_range(r, -16, 16));
    return raw;
}

/* --- CSRs --- */

struct gen_csr {
    uint16_t csr;
    bool writable; /* the harness survives any value written */
    bool m_only;   /* offered only in M-mode programs */
};

/* Mostly CSRs the mode may access, so that few CSR instructions trap. */
static bool csr_usual(unsigned csr, unsigned priv)
{
    unsigned need = (csr >> 8) & 3; /* Priv 2.1: csr[9:8] is the lowest privilege */
    return need <= priv;
}

static const struct gen_csr csrs[] = {
    {0x001, true, false},  /* fflags */
    {0x002, true, false},  /* frm */
    {0x003, true, false},  /* fcsr */
    {0x140, true, false},  /* sscratch */
    {0x340, true, false},  /* mscratch */
    {0xb02, true, true},   /* minstret */
    {0xb00, true, true},   /* mcycle */
    {0xc00, false, false}, /* cycle */
    {0xc01, false, false}, /* time */
    {0xc02, false, false}, /* instret */
    {0x300, false, false}, /* mstatus */
    {0x100, false, false}, /* sstatus */
    {0x301, false, false}, /* misa */
    {0xf14, false, false}, /* mhartid */
    {0x341, false, false}, /* mepc */
    {0x342, false, false}, /* mcause */
    {0x343, false, false}, /* mtval */
    {0x141, false, false}, /* sepc */
    {0x142, false, false}, /* scause */
    {0x180, false, false}, /* satp */
    {0x344, false, false}, /* mip */
    {0x144, false, false}, /* sip */
    {0x7c0, true, false},  /* unknown: illegal */
    {0x8ff, true, false},  /* unknown: illegal */
};

static uint32_t gen_csr_insn(struct gen_rng *r, unsigned priv)
{
    const struct gen_csr *c;
    do
        c = &csrs[rng_below(r, sizeof(csrs) / sizeof(csrs[0]))];
    while ((c->m_only && !(priv == 3 && rng_pct(r, 20))) ||
           (!csr_usual(c->csr, priv) && rng_pct(r, 85)));
    static const uint8_t f3s[] = {1, 2, 3, 5, 6, 7};
    unsigned f3 = f3s[rng_below(r, sizeof(f3s))];
    unsigned src = (f3 & 4) ? rng_below(r, 32) : gen_xrs(r);
    /* Priv 2.1 / Zicsr: csrrs/csrrc with x0 (or uimm 0) do not write;
     * writing a read-only CSR (number 0xc.., 0xf..) is illegal. */
    bool ro_number = (c->csr >> 10) == 3;
    if (!c->writable && !(ro_number && rng_pct(r, 10))) {
        if ((f3 & 3) == 1)
            f3++;
        src = 0;
    }
    return (uint32_t)(0x73 | gen_xrd(r) << 7 | f3 << 12 | src << 15 | (uint32_t)c->csr << 20);
}

/* --- compressed --- */

static uint32_t fill16(struct gen_rng *r, unsigned cop)
{
    const struct cinsn_desc *d = &cinsn_descs[cop];
    uint32_t raw = (d->match | ((uint32_t)rng_next(r) & ~d->mask)) & 0xffff;
    bool fp = insn_descs[d->base].flags & (IF_FRD | IF_FRS2);
    switch (d->format) {
    case CFMT_CI:
    case CFMT_CI_LI:
    case CFMT_CI_SH:
    case CFMT_CI_LUI:
    case CFMT_CI_LWSP:
    case CFMT_CI_LDSP: return set_field(raw, 7, 5, fp ? gen_freg(r) : gen_xrd(r));
    case CFMT_CR_MV:
    case CFMT_CR_ADD: return set_field(set_field(raw, 7, 5, gen_xrd(r)), 2, 5, gen_xrs(r));
    case CFMT_CSS_W:
    case CFMT_CSS_D: return set_field(raw, 2, 5, fp ? gen_freg(r) : gen_xrs(r));
    case CFMT_CL_W:
    case CFMT_CL_D:
        raw = set_field(raw, 2, 3, gen_crd(r));
        return rng_pct(r, 75) ? set_field(raw, 7, 3, rng_below(r, 2)) : raw;
    case CFMT_CS_W:
    case CFMT_CS_D: return rng_pct(r, 75) ? set_field(raw, 7, 3, rng_below(r, 2)) : raw;
    case CFMT_CIW: return set_field(raw, 2, 3, gen_crd(r));
    case CFMT_CA:
    case CFMT_CB_SH:
    case CFMT_CB_ANDI: return set_field(raw, 7, 3, gen_crd(r));
    default: return raw;
    }
}

/* --- illegal encodings --- */

static uint32_t gen_bad(struct gen_rng *r)
{
    if (rng_pct(r, 15))
        return 0; /* the all-zero halfword is defined illegal (16.7) */
    bool wide = rng_pct(r, 50);
    for (unsigned k = 0; k < 1000; k++) {
        uint32_t raw = (uint32_t)rng_next(r);
        raw = wide ? raw | 3 : (raw & 0xffff) | (rng_below(r, 3));
        if (!wide && (raw & 3) == 3)
            raw &= ~1u;
        struct insn i;
        insn_decode(&i, raw);
        if (i.op == OP_ILLEGAL)
            return raw;
    }
    return 0;
}

uint32_t gen_insn(struct gen_rng *r, enum gen_class cls, unsigned priv)
{
    for (unsigned k = 0; k < GEN_TRIES; k++) {
        uint32_t raw;
        int cop = -1;
        if (cls == GC_BAD)
            return gen_bad(r);
        if (cls == GC_CSR) {
            raw = gen_csr_insn(r, priv);
        } else if (cls == GC_C) {
            cop = c_ops[rng_below(r, c_len)];
            if (cop == COP_c_ebreak && rng_pct(r, 70))
                continue;
            raw = fill16(r, (unsigned)cop);
        } else {
            raw = fill32(r, class_ops[cls][rng_below(r, class_len[cls])]);
        }
        if (acceptable(raw, cop))
            return raw;
    }
    return 0x00000013; /* nop */
}
