/* SPDX-License-Identifier: MIT */
/* Disassembler: an operand template per instruction format, a short table
 * of pseudo-instruction rules (objdump's aliases), ABI and CSR names. */
#include "disas.h"
#include "riscv.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Unprivileged spec, "RISC-V Assembly Programmer's Handbook": ABI names. */
static const char *const disas_xregs[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const disas_fregs[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4",  "ft5",  "ft6", "ft7", "fs0",  "fs1",  "fa0",
    "fa1", "fa2", "fa3", "fa4", "fa5",  "fa6",  "fa7", "fs2", "fs3",  "fs4",  "fs5",
    "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* Unprivileged 11.2 (F), Table "Rounding mode encoding"; 5 and 6 are reserved. */
static const char *const disas_rms[8] = {
    "rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn",
};
#define DISAS_RM_DYN 7

/* Operand templates: one letter per operand, printed joined by ", ".
 *   d s t r  rd rs1 rs2 rs3: f register when the row's IF_FRD/IF_FRS1/... is set
 *   i  imm, decimal            u  imm >> 12 as a 20-bit hex field (lui, auipc)
 *   o  imm(rs1)                a  (rs1)
 *   b  pc + imm, absolute      c  CSR name (imm)
 *   z  rs1 field as a number   m  rounding mode, left out when dyn
 *   p  fence predecessor set   q  fence successor set */
#define F(n) +1
enum { DISAS_NFMT = 0 INSN_FORMATS(F), DISAS_NCFMT = 0 CINSN_FORMATS(F) };
#undef F

static const char *const disas_fmt_args[DISAS_NFMT] = {
    [FMT_R] = "dst", [FMT_R4] = "dstrm", [FMT_RF] = "dstm",   [FMT_R1] = "ds",    [FMT_R1F] = "dsm",
    [FMT_I] = "dsi", [FMT_IS] = "dsi",   [FMT_ISW] = "dsi",   [FMT_S] = "to",     [FMT_B] = "stb",
    [FMT_U] = "du",  [FMT_J] = "db",     [FMT_CSR] = "dcs",   [FMT_CSRI] = "dcz", [FMT_AMO] = "dta",
    [FMT_LR] = "da", [FMT_FENCE] = "pq", [FMT_SFENCE] = "st", [FMT_CBO] = "a",    [FMT_N] = "",
};

/* Compressed forms show their own operands (objdump -M no-aliases). */
static const char *const disas_cfmt_args[DISAS_NCFMT] = {
    [CFMT_CIW] = "dsi",   [CFMT_CL_W] = "do",    [CFMT_CL_D] = "do",    [CFMT_CS_W] = "to",
    [CFMT_CS_D] = "to",   [CFMT_CI] = "di",      [CFMT_CI_LI] = "di",   [CFMT_CI_SH] = "di",
    [CFMT_CI_LUI] = "du", [CFMT_CI_16SP] = "di", [CFMT_CI_LWSP] = "do", [CFMT_CI_LDSP] = "do",
    [CFMT_CSS_W] = "to",  [CFMT_CSS_D] = "to",   [CFMT_CB_SH] = "di",   [CFMT_CB_ANDI] = "di",
    [CFMT_CA] = "dt",     [CFMT_CJ] = "b",       [CFMT_CB] = "sb",      [CFMT_CR_JR] = "s",
    [CFMT_CR_JALR] = "s", [CFMT_CR_MV] = "dt",   [CFMT_CR_ADD] = "dt",  [CFMT_CR_N] = "",
};

/* A pseudo-instruction rule: when the fields named in `when` hold the given
 * values, print `name` (NULL: the row's own mnemonic) with template `args`. */
enum {
    DA_RD = 1 << 0,
    DA_RS1 = 1 << 1,
    DA_RS2 = 1 << 2,
    DA_IMM = 1 << 3,
    DA_RM = 1 << 4,
    DA_SAME = 1 << 5, /* rs1 == rs2 */
    DA_C = 1 << 6,    /* op is an enum cinsn_op */
};

struct disas_alias {
    uint16_t op;
    uint8_t when;
    uint8_t rd, rs1, rs2, rm;
    int32_t imm;
    const char *name, *args;
};

#define A(o, w, nm, ar, ...)                                               \
    {                                                                      \
        .op = OP_##o, .when = (w), .name = (nm), .args = (ar), __VA_ARGS__ \
    }
#define AC(o, w, nm, ar, ...)                                                      \
    {                                                                              \
        .op = COP_##o, .when = (w) | DA_C, .name = (nm), .args = (ar), __VA_ARGS__ \
    }
#define RRI (DA_RD | DA_RS1 | DA_IMM)

/* First match wins. Unprivileged "Assembly Programmer's Handbook" pseudo-
 * instruction tables, in the forms GNU objdump prints. */
static const struct disas_alias disas_aliases[] = {
    A(addi, RRI, "nop", ""),
    A(addi, DA_RS1, "li", "di"),
    A(addi, DA_IMM, "mv", "ds"),
    A(addiw, DA_IMM, "sext.w", "ds"),
    A(xori, DA_IMM, "not", "ds", .imm = -1),
    A(andi, DA_IMM, "zext.b", "ds", .imm = 255),
    A(sltiu, DA_IMM, "seqz", "ds", .imm = 1),
    A(sub, DA_RS1, "neg", "dt"),
    A(subw, DA_RS1, "negw", "dt"),
    A(sltu, DA_RS1, "snez", "dt"),
    A(slt, DA_RS2, "sltz", "ds"),
    A(slt, DA_RS1, "sgtz", "dt"),
    A(add_uw, DA_RS2, "zext.w", "ds"),
    A(beq, DA_RS2, "beqz", "sb"),
    A(bne, DA_RS2, "bnez", "sb"),
    A(bge, DA_RS1, "blez", "tb"),
    A(bge, DA_RS2, "bgez", "sb"),
    A(blt, DA_RS2, "bltz", "sb"),
    A(blt, DA_RS1, "bgtz", "tb"),
    A(jal, DA_RD, "j", "b"),
    A(jal, DA_RD, "jal", "b", .rd = 1),
    A(jalr, RRI, "ret", "", .rs1 = 1),
    A(jalr, DA_RD | DA_IMM, "jr", "s"),
    A(jalr, DA_RD, "jr", "o"),
    A(jalr, DA_RD | DA_IMM, "jalr", "s", .rd = 1),
    A(jalr, DA_RD, "jalr", "o", .rd = 1),
    A(fence, RRI, "fence", "", .imm = 0x0ff),
    A(fence, RRI, "fence.tso", "", .imm = 0x833),
    A(fence, RRI, "pause", "", .imm = 0x010),
    A(sfence_vma, DA_RS1 | DA_RS2, NULL, ""),
    A(sfence_vma, DA_RS2, NULL, "s"),
    A(csrrw, RRI, "unimp", "", .imm = CSR_CYCLE),
    A(csrrs, DA_RS1 | DA_IMM, "rdcycle", "d", .imm = CSR_CYCLE),
    A(csrrs, DA_RS1 | DA_IMM, "rdtime", "d", .imm = CSR_TIME),
    A(csrrs, DA_RS1 | DA_IMM, "rdinstret", "d", .imm = CSR_INSTRET),
    A(csrrs, DA_RS1 | DA_IMM, "frcsr", "d", .imm = CSR_FCSR),
    A(csrrs, DA_RS1 | DA_IMM, "frrm", "d", .imm = CSR_FRM),
    A(csrrs, DA_RS1 | DA_IMM, "frflags", "d", .imm = CSR_FFLAGS),
    A(csrrw, DA_RD | DA_IMM, "fscsr", "s", .imm = CSR_FCSR),
    A(csrrw, DA_RD | DA_IMM, "fsrm", "s", .imm = CSR_FRM),
    A(csrrw, DA_RD | DA_IMM, "fsflags", "s", .imm = CSR_FFLAGS),
    A(csrrw, DA_IMM, "fscsr", "ds", .imm = CSR_FCSR),
    A(csrrw, DA_IMM, "fsrm", "ds", .imm = CSR_FRM),
    A(csrrw, DA_IMM, "fsflags", "ds", .imm = CSR_FFLAGS),
    A(csrrs, DA_RS1, "csrr", "dc"),
    A(csrrw, DA_RD, "csrw", "cs"),
    A(csrrs, DA_RD, "csrs", "cs"),
    A(csrrc, DA_RD, "csrc", "cs"),
    A(csrrwi, DA_RD, "csrwi", "cz"),
    A(csrrsi, DA_RD, "csrsi", "cz"),
    A(csrrci, DA_RD, "csrci", "cz"),
    A(fsgnj_s, DA_SAME, "fmv.s", "ds"),
    A(fsgnjn_s, DA_SAME, "fneg.s", "ds"),
    A(fsgnjx_s, DA_SAME, "fabs.s", "ds"),
    A(fsgnj_d, DA_SAME, "fmv.d", "ds"),
    A(fsgnjn_d, DA_SAME, "fneg.d", "ds"),
    A(fsgnjx_d, DA_SAME, "fabs.d", "ds"),
    /* Exact conversions: assemblers encode rm = rne, objdump leaves it out. */
    A(fcvt_d_w, DA_RM, NULL, "ds"),
    A(fcvt_d_wu, DA_RM, NULL, "ds"),
    A(fcvt_d_s, DA_RM, NULL, "ds"),
    AC(c_addi, DA_RD | DA_IMM, "c.nop", ""),
};

#undef A
#undef AC
#undef RRI

/* Output accumulates here, then is copied (truncated) to the caller. */
struct disas_buf {
    char s[96];
    size_t n;
};

__attribute__((format(printf, 2, 3))) static void disas_put(struct disas_buf *b, const char *fmt,
                                                            ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->s + b->n, sizeof(b->s) - b->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        b->n += (size_t)k;
    if (b->n >= sizeof(b->s))
        b->n = sizeof(b->s) - 1;
}

const char *disas_xreg(unsigned r) { return r < 32 ? disas_xregs[r] : "?"; }

const char *disas_freg(unsigned r) { return r < 32 ? disas_fregs[r] : "?"; }

static const char *disas_reg(const struct insn *i, unsigned flag, unsigned r)
{
    return i->flags & flag ? disas_freg(r) : disas_xreg(r);
}

/* Fence ordering set: "iorw" letters, "0" when empty (Unprivileged 2.7). */
static void disas_fence_set(struct disas_buf *b, unsigned set)
{
    static const char letters[] = "iorw";
    if (!set)
        disas_put(b, "0");
    for (unsigned k = 0; k < 4; k++)
        if (set & (8u >> k))
            disas_put(b, "%c", letters[k]);
}

static void disas_operand(struct disas_buf *b, char c, const struct insn *i, uint64_t pc)
{
    switch (c) {
    case 'd': disas_put(b, "%s", disas_reg(i, IF_FRD, i->rd)); break;
    case 's': disas_put(b, "%s", disas_reg(i, IF_FRS1, i->rs1)); break;
    case 't': disas_put(b, "%s", disas_reg(i, IF_FRS2, i->rs2)); break;
    case 'r': disas_put(b, "%s", disas_reg(i, IF_FRS3, i->rs3)); break;
    case 'i': disas_put(b, "%" PRId64, i->imm); break;
    case 'u': disas_put(b, "0x%" PRIx64, ((uint64_t)i->imm >> 12) & 0xfffff); break;
    case 'o': disas_put(b, "%" PRId64 "(%s)", i->imm, disas_xreg(i->rs1)); break;
    case 'a': disas_put(b, "(%s)", disas_xreg(i->rs1)); break;
    case 'b': disas_put(b, "0x%" PRIx64, pc + (uint64_t)i->imm); break;
    case 'c': disas_put(b, "%s", disas_csr_name((unsigned)i->imm & 0xfff)); break;
    case 'z': disas_put(b, "%u", i->rs1); break;
    case 'm': disas_put(b, "%s", disas_rms[i->rm & 7]); break;
    case 'p': disas_fence_set(b, (unsigned)(i->imm >> 4) & 15); break;
    case 'q': disas_fence_set(b, (unsigned)i->imm & 15); break;
    default: disas_put(b, "?"); break;
    }
}

static void disas_operands(struct disas_buf *b, const char *args, const struct insn *i, uint64_t pc)
{
    const char *sep = " ";
    for (; *args; args++) {
        if (*args == 'm' && i->rm == DISAS_RM_DYN)
            continue;
        disas_put(b, "%s", sep);
        disas_operand(b, *args, i, pc);
        sep = ", ";
    }
}

static bool disas_alias_matches(const struct disas_alias *a, const struct insn *i)
{
    bool is_c = i->cop >= 0;
    if (is_c != !!(a->when & DA_C) || a->op != (is_c ? (unsigned)i->cop : i->op))
        return false;
    return !((a->when & DA_RD) && i->rd != a->rd) && !((a->when & DA_RS1) && i->rs1 != a->rs1) &&
           !((a->when & DA_RS2) && i->rs2 != a->rs2) && !((a->when & DA_RM) && i->rm != a->rm) &&
           !((a->when & DA_IMM) && i->imm != a->imm) && !((a->when & DA_SAME) && i->rs1 != i->rs2);
}

static const struct disas_alias *disas_find_alias(const struct insn *i)
{
    for (size_t k = 0; k < sizeof(disas_aliases) / sizeof(disas_aliases[0]); k++)
        if (disas_alias_matches(&disas_aliases[k], i))
            return &disas_aliases[k];
    return NULL;
}

/* Row mnemonic: table names read '_' as '.'; AMOs add their aq/rl bits
 * (Unprivileged 8.2: aq is bit 26, rl bit 25). */
static void disas_mnemonic(struct disas_buf *b, const struct insn *i)
{
    const char *name = i->cop >= 0 ? cinsn_descs[i->cop].name : insn_name(i->op);
    for (; *name; name++)
        disas_put(b, "%c", *name == '_' ? '.' : *name);
    unsigned fmt = insn_descs[i->op].format;
    if (i->cop < 0 && (fmt == FMT_AMO || fmt == FMT_LR)) {
        static const char *const order[4] = {"", ".rl", ".aq", ".aqrl"};
        disas_put(b, "%s", order[(i->raw >> 25) & 3]);
    }
}

/* A format missing from the template tables prints "?" (the tests look for it). */
static const char *disas_default_args(const struct insn *i)
{
    const char *args;
    if (i->cop >= 0) {
        args = disas_cfmt_args[cinsn_descs[i->cop].format];
    } else {
        unsigned fmt = insn_descs[i->op].format;
        bool mem = fmt == FMT_I && (i->flags & (IF_LOAD | IF_JUMP));
        args = mem ? "do" : disas_fmt_args[fmt];
    }
    return args ? args : "?";
}

static void disas_format(struct disas_buf *b, const struct insn *i, uint64_t pc)
{
    if (i->op == OP_ILLEGAL || i->op >= OP_COUNT) {
        if (i->len == 2)
            disas_put(b, "illegal 0x%04" PRIx32, i->raw & 0xffff);
        else
            disas_put(b, "illegal 0x%08" PRIx32, i->raw);
        return;
    }
    const struct disas_alias *a = disas_find_alias(i);
    if (a && a->name)
        disas_put(b, "%s", a->name);
    else
        disas_mnemonic(b, i);
    disas_operands(b, a ? a->args : disas_default_args(i), i, pc);
}

int disas_insn(char *buf, size_t len, const struct insn *i, uint64_t pc)
{
    struct disas_buf b = {.n = 0};
    b.s[0] = '\0';
    disas_format(&b, i, pc);
    if (len == 0)
        return 0;
    size_t n = b.n < len - 1 ? b.n : len - 1;
    memcpy(buf, b.s, n);
    buf[n] = '\0';
    return (int)n;
}

/* CSR names: Privileged 1.12, Tables 2.2-2.6 (the CSRs cpu/riscv.h knows). */
static const struct {
    uint16_t num;
    const char *name;
} disas_csrs[] = {
    {CSR_FFLAGS, "fflags"},
    {CSR_FRM, "frm"},
    {CSR_FCSR, "fcsr"},
    {CSR_CYCLE, "cycle"},
    {CSR_TIME, "time"},
    {CSR_INSTRET, "instret"},
    {CSR_SSTATUS, "sstatus"},
    {CSR_SIE, "sie"},
    {CSR_STVEC, "stvec"},
    {CSR_SCOUNTEREN, "scounteren"},
    {CSR_SENVCFG, "senvcfg"},
    {CSR_SSCRATCH, "sscratch"},
    {CSR_SEPC, "sepc"},
    {CSR_SCAUSE, "scause"},
    {CSR_STVAL, "stval"},
    {CSR_SIP, "sip"},
    {CSR_STIMECMP, "stimecmp"},
    {CSR_SATP, "satp"},
    {CSR_MVENDORID, "mvendorid"},
    {CSR_MARCHID, "marchid"},
    {CSR_MIMPID, "mimpid"},
    {CSR_MHARTID, "mhartid"},
    {CSR_MCONFIGPTR, "mconfigptr"},
    {CSR_MSTATUS, "mstatus"},
    {CSR_MISA, "misa"},
    {CSR_MEDELEG, "medeleg"},
    {CSR_MIDELEG, "mideleg"},
    {CSR_MIE, "mie"},
    {CSR_MTVEC, "mtvec"},
    {CSR_MCOUNTEREN, "mcounteren"},
    {CSR_MENVCFG, "menvcfg"},
    {CSR_MCOUNTINHIBIT, "mcountinhibit"},
    {CSR_MSCRATCH, "mscratch"},
    {CSR_MEPC, "mepc"},
    {CSR_MCAUSE, "mcause"},
    {CSR_MTVAL, "mtval"},
    {CSR_MIP, "mip"},
    {CSR_MTINST, "mtinst"},
    {CSR_MTVAL2, "mtval2"},
    {CSR_MSECCFG, "mseccfg"},
    {CSR_MCYCLE, "mcycle"},
    {CSR_MINSTRET, "minstret"},
    {CSR_TSELECT, "tselect"},
    {CSR_TDATA1, "tdata1"},
    {CSR_TDATA2, "tdata2"},
    {CSR_TDATA3, "tdata3"},
};

/* Numbered families: name = prefix + (csr - first + base). */
static const struct {
    uint16_t first, last;
    uint8_t base;
    const char *prefix;
} disas_csr_ranges[] = {
    {CSR_HPMCOUNTER3, CSR_HPMCOUNTER31, 3, "hpmcounter"},
    {CSR_MHPMCOUNTER3, CSR_MHPMCOUNTER31, 3, "mhpmcounter"},
    {CSR_MHPMEVENT3, CSR_MHPMEVENT31, 3, "mhpmevent"},
    {CSR_PMPCFG0, CSR_PMPCFG15, 0, "pmpcfg"},
    {CSR_PMPADDR0, CSR_PMPADDR63, 0, "pmpaddr"},
};

#define DISAS_NCSR 4096
static char disas_csr_names[DISAS_NCSR][16];

/* Built once before main() so lookups are read-only and thread-safe. */
__attribute__((constructor)) static void disas_init(void)
{
    for (unsigned c = 0; c < DISAS_NCSR; c++)
        snprintf(disas_csr_names[c], sizeof(disas_csr_names[c]), "0x%x", c);
    for (size_t k = 0; k < sizeof(disas_csr_ranges) / sizeof(disas_csr_ranges[0]); k++)
        for (unsigned c = disas_csr_ranges[k].first; c <= disas_csr_ranges[k].last; c++)
            snprintf(disas_csr_names[c], sizeof(disas_csr_names[c]), "%s%u",
                     disas_csr_ranges[k].prefix,
                     c - disas_csr_ranges[k].first + disas_csr_ranges[k].base);
    for (size_t k = 0; k < sizeof(disas_csrs) / sizeof(disas_csrs[0]); k++)
        snprintf(disas_csr_names[disas_csrs[k].num], sizeof(disas_csr_names[0]), "%s",
                 disas_csrs[k].name);
}

const char *disas_csr_name(unsigned csr) { return csr < DISAS_NCSR ? disas_csr_names[csr] : "?"; }
