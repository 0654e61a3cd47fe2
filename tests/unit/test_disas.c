/* SPDX-License-Identifier: MIT */
/* Disassembler golden strings. Every 32-bit and 16-bit entry was assembled
 * with GNU as (rv64gc_zba_zbb_zbc_zbs_zicbom_zicboz) and compared with
 * GNU objdump 2.40 (-M no-aliases for compressed). Deliberate differences:
 *  - operands are separated by ", " and targets print as 0x-prefixed absolute
 *    addresses without a <symbol>;
 *  - immediate-form mnemonics stay as written (objdump 2.40 prints "add" for
 *    addi, "sll"/"ror"/"bclr" for slli/rori/bclri, "csrw" for csrrwi x0);
 *  - shift amounts and CSR immediates are decimal (objdump: hex);
 *  - "c.nop" (objdump -M no-aliases: "c.addi zero,0"), "pause" (objdump
 *    needs Zihintpause), "fence r, 0" (objdump: "unknown" for empty sets);
 *  - pmpaddr16..63 are named (objdump 2.40 stops at pmpaddr15). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cpu/disas.h"
#include "cpu/insn.h"

#define PC 0x80000000ull

struct golden {
    uint32_t raw;
    const char *text;
};

#define NGOLD(t) (sizeof(t) / sizeof((t)[0]))

static void check_at(uint32_t raw, uint64_t pc, const char *want)
{
    struct insn i;
    char buf[64];
    insn_decode(&i, raw);
    int n = disas_insn(buf, sizeof(buf), &i, pc);
    if (strcmp(buf, want) != 0)
        print_error("0x%08x: got \"%s\", want \"%s\"\n", raw, buf, want);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void check_all(const struct golden *g, size_t n)
{
    for (size_t k = 0; k < n; k++)
        check_at(g[k].raw, PC, g[k].text);
}

static const struct golden golden_rv64i[] = {
    {0x12345537, "lui a0, 0x12345"},
    {0x80000fb7, "lui t6, 0x80000"},
    {0xfffff097, "auipc ra, 0xfffff"},
    {0x004000ef, "jal 0x80000004"},
    {0x0000056f, "jal a0, 0x80000000"},
    {0xffdff06f, "j 0x7ffffffc"},
    {0xffc582e7, "jalr t0, -4(a1)"},
    {0x00008067, "ret"},
    {0x00078067, "jr a5"},
    {0x000780e7, "jalr a5"},
    {0x00c780e7, "jalr 12(a5)"},
    {0x00b50c63, "beq a0, a1, 0x80000018"},
    {0x00941a63, "bne s0, s1, 0x80000014"},
    {0x00b54863, "blt a0, a1, 0x80000010"},
    {0x00b55663, "bge a0, a1, 0x8000000c"},
    {0x0062e463, "bltu t0, t1, 0x80000008"},
    {0x01de7263, "bgeu t3, t4, 0x80000004"},
    {0x00050063, "beqz a0, 0x80000000"},
    {0xfe051ee3, "bnez a0, 0x7ffffffc"},
    {0xfea04ce3, "bgtz a0, 0x7ffffff8"},
    {0xfea05ae3, "blez a0, 0x7ffffff4"},
    {0xfff58503, "lb a0, -1(a1)"},
    {0x00259503, "lh a0, 2(a1)"},
    {0x80012503, "lw a0, -2048(sp)"},
    {0x7f81bd83, "ld s11, 2040(gp)"},
    {0x00024503, "lbu a0, 0(tp)"},
    {0x00645383, "lhu t2, 6(s0)"},
    {0x0045e503, "lwu a0, 4(a1)"},
    {0xfea58fa3, "sb a0, -1(a1)"},
    {0x00a59123, "sh a0, 2(a1)"},
    {0x7ea12fa3, "sw a0, 2047(sp)"},
    {0x80113023, "sd ra, -2048(sp)"},
    {0xfff58513, "addi a0, a1, -1"},
    {0xfe010113, "addi sp, sp, -32"},
    {0x02a00513, "li a0, 42"},
    {0x00048413, "mv s0, s1"},
    {0x00000013, "nop"},
    {0xffb5a513, "slti a0, a1, -5"},
    {0x0015b513, "seqz a0, a1"},
    {0x0075b513, "sltiu a0, a1, 7"},
    {0xfff5c513, "not a0, a1"},
    {0x0035c513, "xori a0, a1, 3"},
    {0x7ff5e513, "ori a0, a1, 2047"},
    {0x0ff5f513, "zext.b a0, a1"},
    {0xff05f513, "andi a0, a1, -16"},
    {0x03f59513, "slli a0, a1, 63"},
    {0x0015d513, "srli a0, a1, 1"},
    {0x4205d513, "srai a0, a1, 32"},
    {0x00c58533, "add a0, a1, a2"},
    {0x40c58533, "sub a0, a1, a2"},
    {0x40c00533, "neg a0, a2"},
    {0x00c59533, "sll a0, a1, a2"},
    {0x00c5a533, "slt a0, a1, a2"},
    {0x0005a533, "sltz a0, a1"},
    {0x00c02533, "sgtz a0, a2"},
    {0x00c5b533, "sltu a0, a1, a2"},
    {0x00c03533, "snez a0, a2"},
    {0x00c5c533, "xor a0, a1, a2"},
    {0x00c5d533, "srl a0, a1, a2"},
    {0x40c5d533, "sra a0, a1, a2"},
    {0x00c5e533, "or a0, a1, a2"},
    {0x00c5f533, "and a0, a1, a2"},
    {0x8005851b, "addiw a0, a1, -2048"},
    {0x0005851b, "sext.w a0, a1"},
    {0x01f5951b, "slliw a0, a1, 31"},
    {0x0015d51b, "srliw a0, a1, 1"},
    {0x4055d51b, "sraiw a0, a1, 5"},
    {0x00c5853b, "addw a0, a1, a2"},
    {0x40c5853b, "subw a0, a1, a2"},
    {0x40c0053b, "negw a0, a2"},
    {0x00c5953b, "sllw a0, a1, a2"},
    {0x00c5d53b, "srlw a0, a1, a2"},
    {0x40c5d53b, "sraw a0, a1, a2"},
};

static const struct golden golden_system[] = {
    {0x0ff0000f, "fence"},
    {0x0230000f, "fence r, rw"},
    {0x8330000f, "fence.tso"},
    {0x0000100f, "fence.i"},
    {0x00000073, "ecall"},
    {0x00100073, "ebreak"},
    {0x34059573, "csrrw a0, mscratch, a1"},
    {0x30559073, "csrw mtvec, a1"},
    {0x3445a573, "csrrs a0, mip, a1"},
    {0xf1402573, "csrr a0, mhartid"},
    {0x3045a073, "csrs mie, a1"},
    {0x1005b573, "csrrc a0, sstatus, a1"},
    {0x1005b073, "csrc sstatus, a1"},
    {0x105fd573, "csrrwi a0, stvec, 31"},
    {0x105fd073, "csrwi stvec, 31"},
    {0x10416573, "csrrsi a0, sie, 2"},
    {0x10416073, "csrsi sie, 2"},
    {0x1440f573, "csrrci a0, sip, 1"},
    {0x1440f073, "csrci sip, 1"},
    {0xc0002573, "rdcycle a0"},
    {0xc0102573, "rdtime a0"},
    {0xc0202573, "rdinstret a0"},
    {0x00302573, "frcsr a0"},
    {0x00202573, "frrm a0"},
    {0x00102573, "frflags a0"},
    {0x00351073, "fscsr a0"},
    {0x00251073, "fsrm a0"},
    {0x00151073, "fsflags a0"},
    {0x003515f3, "fscsr a1, a0"},
    {0x7c002573, "csrr a0, 0x7c0"},
    {0xfff02573, "csrr a0, 0xfff"},
    {0xc1f02573, "csrr a0, hpmcounter31"},
    {0x3a202573, "csrr a0, pmpcfg2"},
    {0x3ef02573, "csrr a0, pmpaddr63"},
    {0x32302573, "csrr a0, mhpmevent3"},
    {0x18002573, "csrr a0, satp"},
    {0xc0001073, "unimp"},
    {0x10200073, "sret"},
    {0x30200073, "mret"},
    {0x10500073, "wfi"},
    {0x12000073, "sfence.vma"},
    {0x12050073, "sfence.vma a0"},
    {0x12b50073, "sfence.vma a0, a1"},
};

static const struct golden golden_m[] = {
    {0x02c58533, "mul a0, a1, a2"},    {0x02c59533, "mulh a0, a1, a2"},
    {0x02c5a533, "mulhsu a0, a1, a2"}, {0x02c5b533, "mulhu a0, a1, a2"},
    {0x02c5c533, "div a0, a1, a2"},    {0x02c5d533, "divu a0, a1, a2"},
    {0x02c5e533, "rem a0, a1, a2"},    {0x02c5f533, "remu a0, a1, a2"},
    {0x02c5853b, "mulw a0, a1, a2"},   {0x02c5c53b, "divw a0, a1, a2"},
    {0x02c5d53b, "divuw a0, a1, a2"},  {0x02c5e53b, "remw a0, a1, a2"},
    {0x02c5f53b, "remuw a0, a1, a2"},
};

static const struct golden golden_a[] = {
    {0x1005a52f, "lr.w a0, (a1)"},
    {0x1605b52f, "lr.d.aqrl a0, (a1)"},
    {0x18c5a52f, "sc.w a0, a2, (a1)"},
    {0x1ac5b52f, "sc.d.rl a0, a2, (a1)"},
    {0x0cc5a52f, "amoswap.w.aq a0, a2, (a1)"},
    {0x00c5b52f, "amoadd.d a0, a2, (a1)"},
    {0x20c5a52f, "amoxor.w a0, a2, (a1)"},
    {0x66c5b52f, "amoand.d.aqrl a0, a2, (a1)"},
    {0x42c5a52f, "amoor.w.rl a0, a2, (a1)"},
    {0x80c5b52f, "amomin.d a0, a2, (a1)"},
    {0xa0c5a52f, "amomax.w a0, a2, (a1)"},
    {0xc0c5b52f, "amominu.d a0, a2, (a1)"},
    {0xe601202f, "amomaxu.w.aqrl zero, zero, (sp)"},
};

static const struct golden golden_f[] = {
    {0xffc52007, "flw ft0, -4(a0)"},
    {0x01f12427, "fsw ft11, 8(sp)"},
    {0x68c5f543, "fmadd.s fa0, fa1, fa2, fa3"},
    {0x68c59547, "fmsub.s fa0, fa1, fa2, fa3, rtz"},
    {0xf9eefe4b, "fnmsub.s ft8, ft9, ft10, ft11"},
    {0x9924c44f, "fnmadd.s fs0, fs1, fs2, fs3, rmm"},
    {0x00c5f553, "fadd.s fa0, fa1, fa2"},
    {0x08c5a553, "fsub.s fa0, fa1, fa2, rdn"},
    {0x10c5f553, "fmul.s fa0, fa1, fa2"},
    {0x18c5b553, "fdiv.s fa0, fa1, fa2, rup"},
    {0x5805f553, "fsqrt.s fa0, fa1"},
    {0x20c58553, "fsgnj.s fa0, fa1, fa2"},
    {0x20c59553, "fsgnjn.s fa0, fa1, fa2"},
    {0x20c5a553, "fsgnjx.s fa0, fa1, fa2"},
    {0x20b58553, "fmv.s fa0, fa1"},
    {0x20b59553, "fneg.s fa0, fa1"},
    {0x20b5a553, "fabs.s fa0, fa1"},
    {0x28c58553, "fmin.s fa0, fa1, fa2"},
    {0x28c59553, "fmax.s fa0, fa1, fa2"},
    {0xc0051553, "fcvt.w.s a0, fa0, rtz"},
    {0xc0157553, "fcvt.wu.s a0, fa0"},
    {0xc0250553, "fcvt.l.s a0, fa0, rne"},
    {0xc0357553, "fcvt.lu.s a0, fa0"},
    {0xe0000553, "fmv.x.w a0, ft0"},
    {0xe0051553, "fclass.s a0, fa0"},
    {0xa0b52553, "feq.s a0, fa0, fa1"},
    {0xa0b51553, "flt.s a0, fa0, fa1"},
    {0xa0b50553, "fle.s a0, fa0, fa1"},
    {0xd0057553, "fcvt.s.w fa0, a0"},
    {0xd0151553, "fcvt.s.wu fa0, a0, rtz"},
    {0xd0257553, "fcvt.s.l fa0, a0"},
    {0xd0357553, "fcvt.s.lu fa0, a0"},
    {0xf0050053, "fmv.w.x ft0, a0"},
};

static const struct golden golden_d[] = {
    {0x00813507, "fld fa0, 8(sp)"},
    {0xffb43827, "fsd fs11, -16(s0)"},
    {0x6ac5f543, "fmadd.d fa0, fa1, fa2, fa3"},
    {0x6ac5f547, "fmsub.d fa0, fa1, fa2, fa3"},
    {0x6ac5f54b, "fnmsub.d fa0, fa1, fa2, fa3"},
    {0x6ac5854f, "fnmadd.d fa0, fa1, fa2, fa3, rne"},
    {0x02c59553, "fadd.d fa0, fa1, fa2, rtz"},
    {0x0ac5f553, "fsub.d fa0, fa1, fa2"},
    {0x12c5f553, "fmul.d fa0, fa1, fa2"},
    {0x1ac5f553, "fdiv.d fa0, fa1, fa2"},
    {0x5a05a553, "fsqrt.d fa0, fa1, rdn"},
    {0x22c58553, "fsgnj.d fa0, fa1, fa2"},
    {0x22c59553, "fsgnjn.d fa0, fa1, fa2"},
    {0x22c5a553, "fsgnjx.d fa0, fa1, fa2"},
    {0x22b58553, "fmv.d fa0, fa1"},
    {0x22b59553, "fneg.d fa0, fa1"},
    {0x22b5a553, "fabs.d fa0, fa1"},
    {0x2ac58553, "fmin.d fa0, fa1, fa2"},
    {0x2ac59553, "fmax.d fa0, fa1, fa2"},
    {0x4015f553, "fcvt.s.d fa0, fa1"},
    {0x42058553, "fcvt.d.s fa0, fa1"},
    {0xa2b52553, "feq.d a0, fa0, fa1"},
    {0xa2b51553, "flt.d a0, fa0, fa1"},
    {0xa2b50553, "fle.d a0, fa0, fa1"},
    {0xe2051553, "fclass.d a0, fa0"},
    {0xc2057553, "fcvt.w.d a0, fa0"},
    {0xc2151553, "fcvt.wu.d a0, fa0, rtz"},
    {0xc2257553, "fcvt.l.d a0, fa0"},
    {0xc2357553, "fcvt.lu.d a0, fa0"},
    {0xd2050553, "fcvt.d.w fa0, a0"},
    {0xd2150553, "fcvt.d.wu fa0, a0"},
    {0xd2253553, "fcvt.d.l fa0, a0, rup"},
    {0xd2357553, "fcvt.d.lu fa0, a0"},
    {0xe2050553, "fmv.x.d a0, fa0"},
    {0xf2050553, "fmv.d.x fa0, a0"},
};

static const struct golden golden_b[] = {
    {0x20c5a533, "sh1add a0, a1, a2"},    {0x20c5c533, "sh2add a0, a1, a2"},
    {0x20c5e533, "sh3add a0, a1, a2"},    {0x08c5853b, "add.uw a0, a1, a2"},
    {0x0805853b, "zext.w a0, a1"},        {0x20c5a53b, "sh1add.uw a0, a1, a2"},
    {0x20c5c53b, "sh2add.uw a0, a1, a2"}, {0x20c5e53b, "sh3add.uw a0, a1, a2"},
    {0x0bf5951b, "slli.uw a0, a1, 63"},   {0x40c5f533, "andn a0, a1, a2"},
    {0x40c5e533, "orn a0, a1, a2"},       {0x40c5c533, "xnor a0, a1, a2"},
    {0x60059513, "clz a0, a1"},           {0x6005951b, "clzw a0, a1"},
    {0x60159513, "ctz a0, a1"},           {0x6015951b, "ctzw a0, a1"},
    {0x60259513, "cpop a0, a1"},          {0x6025951b, "cpopw a0, a1"},
    {0x0ac5e533, "max a0, a1, a2"},       {0x0ac5f533, "maxu a0, a1, a2"},
    {0x0ac5c533, "min a0, a1, a2"},       {0x0ac5d533, "minu a0, a1, a2"},
    {0x60459513, "sext.b a0, a1"},        {0x60559513, "sext.h a0, a1"},
    {0x0805c53b, "zext.h a0, a1"},        {0x60c59533, "rol a0, a1, a2"},
    {0x60c5953b, "rolw a0, a1, a2"},      {0x60c5d533, "ror a0, a1, a2"},
    {0x60c5d53b, "rorw a0, a1, a2"},      {0x63f5d513, "rori a0, a1, 63"},
    {0x61f5d51b, "roriw a0, a1, 31"},     {0x2875d513, "orc.b a0, a1"},
    {0x6b85d513, "rev8 a0, a1"},          {0x0ac59533, "clmul a0, a1, a2"},
    {0x0ac5b533, "clmulh a0, a1, a2"},    {0x0ac5a533, "clmulr a0, a1, a2"},
    {0x48c59533, "bclr a0, a1, a2"},      {0x4bf59513, "bclri a0, a1, 63"},
    {0x48c5d533, "bext a0, a1, a2"},      {0x4805d513, "bexti a0, a1, 0"},
    {0x68c59533, "binv a0, a1, a2"},      {0x69159513, "binvi a0, a1, 17"},
    {0x28c59533, "bset a0, a1, a2"},      {0x2a859513, "bseti a0, a1, 40"},
};

static const struct golden golden_cbo[] = {
    {0x0005200f, "cbo.inval (a0)"},
    {0x0015a00f, "cbo.clean (a1)"},
    {0x0021200f, "cbo.flush (sp)"},
    {0x004fa00f, "cbo.zero (t6)"},
};

/* Compressed forms print their own mnemonic and operands. */
static const struct golden golden_c[] = {
    {0x1fe8, "c.addi4spn a0, sp, 1020"},
    {0x0040, "c.addi4spn s0, sp, 4"},
    {0x3de8, "c.fld fa0, 248(a1)"},
    {0x5de8, "c.lw a0, 124(a1)"},
    {0x641c, "c.ld a5, 8(s0)"},
    {0xa78c, "c.fsd fa1, 8(a5)"},
    {0xc1c8, "c.sw a0, 4(a1)"},
    {0xfde4, "c.sd s1, 248(a1)"},
    {0x0001, "c.nop"},
    {0x1141, "c.addi sp, -16"},
    {0x057d, "c.addi a0, 31"},
    {0x357d, "c.addiw a0, -1"},
    {0x5501, "c.li a0, -32"},
    {0x4005, "c.li zero, 1"},
    {0x7501, "c.lui a0, 0xfffe0"},
    {0x6d85, "c.lui s11, 0x1"},
    {0x7101, "c.addi16sp sp, -512"},
    {0x617d, "c.addi16sp sp, 496"},
    {0x917d, "c.srli a0, 63"},
    {0x8585, "c.srai a1, 1"},
    {0x997d, "c.andi a0, -1"},
    {0x8d0d, "c.sub a0, a1"},
    {0x8d2d, "c.xor a0, a1"},
    {0x8c45, "c.or s0, s1"},
    {0x8d7d, "c.and a0, a5"},
    {0x9d0d, "c.subw a0, a1"},
    {0x9d2d, "c.addw a0, a1"},
    {0xa001, "c.j 0x80000000"},
    {0xdd7d, "c.beqz a0, 0x7ffffffe"},
    {0xec89, "c.bnez s1, 0x8000001a"},
    {0x157e, "c.slli a0, 63"},
    {0x357e, "c.fldsp fa0, 504(sp)"},
    {0x2002, "c.fldsp ft0, 0(sp)"},
    {0x557e, "c.lwsp a0, 252(sp)"},
    {0x70fe, "c.ldsp ra, 504(sp)"},
    {0x8082, "c.jr ra"},
    {0x852e, "c.mv a0, a1"},
    {0x9002, "c.ebreak"},
    {0x9502, "c.jalr a0"},
    {0x952e, "c.add a0, a1"},
    {0xbfaa, "c.fsdsp fa0, 504(sp)"},
    {0xdfaa, "c.swsp a0, 252(sp)"},
    {0xff86, "c.sdsp ra, 504(sp)"},
};

/* Encodings objdump does not print, or prints differently on purpose. */
static const struct golden golden_edge[] = {
    {0x0ec5d533, "czero.eqz a0, a1, a2"}, /* Zicond: .insn r 0x33, 5, 7 */
    {0x0ec5f533, "czero.nez a0, a1, a2"},
    {0x0100000f, "pause"},
    {0x0200000f, "fence r, 0"},
    {0x0010000f, "fence 0, w"},
    {0x0ff5050f, "fence iorw, iorw"},              /* rd/rs1 set: not the plain alias */
    {0x02c5d553, "fadd.d fa0, fa1, fa2, unknown"}, /* reserved rm = 5 */
    {0xd2057553, "fcvt.d.w fa0, a0"},              /* rm = dyn */
    {0xd2051553, "fcvt.d.w fa0, a0, rtz"},         /* exact, but rm is not rne */
    {0x12b00073, "sfence.vma zero, a1"},
    {0x00a02023, "sw a0, 0(zero)"},
    {0x00100013, "li zero, 1"},
    {0x00002073, "csrr zero, 0x0"},
    {0xc0102073, "rdtime zero"},
    {0x80000537, "lui a0, 0x80000"},
    {0x00000537, "lui a0, 0x0"},
    {0x0ff5f593, "zext.b a1, a1"},
    {0x00b50533, "add a0, a0, a1"},
    {0x00000533, "add a0, zero, zero"},
    {0x0000006f, "j 0x80000000"},
    {0x6005, "c.lui zero, 0x1"}, /* HINT */
    {0x0005, "c.addi zero, 1"},  /* HINT, not c.nop */
    {0x0501, "c.addi a0, 0"},    /* HINT, not c.nop */
};

static void test_rv64i(void **state)
{
    (void)state;
    check_all(golden_rv64i, NGOLD(golden_rv64i));
}
static void test_system(void **state)
{
    (void)state;
    check_all(golden_system, NGOLD(golden_system));
}
static void test_m(void **state)
{
    (void)state;
    check_all(golden_m, NGOLD(golden_m));
}
static void test_a(void **state)
{
    (void)state;
    check_all(golden_a, NGOLD(golden_a));
}
static void test_f(void **state)
{
    (void)state;
    check_all(golden_f, NGOLD(golden_f));
}
static void test_d(void **state)
{
    (void)state;
    check_all(golden_d, NGOLD(golden_d));
}
static void test_b(void **state)
{
    (void)state;
    check_all(golden_b, NGOLD(golden_b));
}
static void test_cbo(void **state)
{
    (void)state;
    check_all(golden_cbo, NGOLD(golden_cbo));
}
static void test_compressed(void **state)
{
    (void)state;
    check_all(golden_c, NGOLD(golden_c));
}
static void test_edge(void **state)
{
    (void)state;
    check_all(golden_edge, NGOLD(golden_edge));
}

/* Targets are pc-relative and wrap at 64 bits. */
static void test_targets(void **state)
{
    (void)state;
    check_at(0x800000ef, 0, "jal 0xfffffffffff00000");
    check_at(0x7ffff06f, 0xffffffffffffff00ull, "j 0xffefe");
    check_at(0xfe000fe3, 0x1000, "beqz zero, 0xffe");
    check_at(0xb001, 0x80000800, "c.j 0x80000000");
    check_at(0xaffd, 0x80000000, "c.j 0x800007fe");
    check_at(0xd101, 0x80000100, "c.beqz a0, 0x80000000");
    check_at(0xed7d, 0x80000000, "c.bnez a0, 0x800000fe");
}

static void test_illegal(void **state)
{
    (void)state;
    check_at(0x0000, PC, "illegal 0x0000");
    check_at(0x8002, PC, "illegal 0x8002"); /* c.jr x0 */
    check_at(0x9c41, PC, "illegal 0x9c41");
    check_at(0xffffffff, PC, "illegal 0xffffffff");
    check_at(0x12345013, PC, "illegal 0x12345013");
    check_at(0x00000057, PC, "illegal 0x00000057");
    /* A 16-bit form passed with the next halfword above it. */
    check_at(0x12340000, PC, "illegal 0x0000");
}

static void test_truncation(void **state)
{
    (void)state;
    struct insn i;
    char buf[8];
    insn_decode(&i, 0x00c58533); /* add a0, a1, a2 */
    memset(buf, 'x', sizeof(buf));
    assert_int_equal(disas_insn(buf, sizeof(buf), &i, PC), 7);
    assert_string_equal(buf, "add a0,");
    assert_int_equal(disas_insn(buf, 1, &i, PC), 0);
    assert_string_equal(buf, "");
    buf[0] = 'x';
    assert_int_equal(disas_insn(buf, 0, &i, PC), 0);
    assert_int_equal(buf[0], 'x');
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(disas_xreg(0), "zero");
    assert_string_equal(disas_xreg(8), "s0");
    assert_string_equal(disas_xreg(31), "t6");
    assert_string_equal(disas_xreg(32), "?");
    assert_string_equal(disas_freg(0), "ft0");
    assert_string_equal(disas_freg(10), "fa0");
    assert_string_equal(disas_freg(27), "fs11");
    assert_string_equal(disas_freg(31), "ft11");
    assert_string_equal(disas_freg(32), "?");
    assert_string_equal(disas_csr_name(0x300), "mstatus");
    assert_string_equal(disas_csr_name(0x180), "satp");
    assert_string_equal(disas_csr_name(0x001), "fflags");
    assert_string_equal(disas_csr_name(0xc03), "hpmcounter3");
    assert_string_equal(disas_csr_name(0xb1f), "mhpmcounter31");
    assert_string_equal(disas_csr_name(0x33f), "mhpmevent31");
    assert_string_equal(disas_csr_name(0x3af), "pmpcfg15");
    assert_string_equal(disas_csr_name(0x3b0), "pmpaddr0");
    assert_string_equal(disas_csr_name(0x7c0), "0x7c0");
    assert_string_equal(disas_csr_name(0x000), "0x0");
    assert_string_equal(disas_csr_name(0x1000), "?");
}

/* Every encoding prints something sensible: no unknown template letter,
 * no missing name, and within the 64 bytes disas.h promises. */
static void check_sane(uint32_t raw)
{
    struct insn i;
    char buf[128];
    insn_decode(&i, raw);
    int n = disas_insn(buf, sizeof(buf), &i, PC);
    if (n <= 0 || n >= 64 || strchr(buf, '?') || strstr(buf, "null"))
        print_error("0x%08x: \"%s\"\n", raw, buf);
    assert_true(n > 0 && n < 64);
    assert_null(strchr(buf, '?'));
    assert_null(strstr(buf, "null"));
}

static void test_every_row(void **state)
{
    (void)state;
    for (unsigned op = 1; op < OP_COUNT; op++) {
        struct insn i;
        char buf[64];
        /* rd = rs1 = ra, rs2/imm = 4 where free: no pseudo-instruction applies */
        insn_decode(&i, insn_descs[op].match | (0x00408080 & ~insn_descs[op].mask));
        assert_int_equal(i.op, op);
        disas_insn(buf, sizeof(buf), &i, PC);
        if (strncmp(buf, insn_name(op), strlen(insn_name(op))) != 0)
            print_error("%s: \"%s\"\n", insn_name(op), buf);
        assert_memory_equal(buf, insn_name(op), strlen(insn_name(op)));
        check_sane(insn_descs[op].match);
    }
    for (uint32_t raw = 0; raw < 0x10000; raw++)
        if ((raw & 3) != 3)
            check_sane(raw);
}

static void test_random_words(void **state)
{
    (void)state;
    uint64_t x = 0x2545f4914f6cdd1dull;
    for (int k = 0; k < 200000; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        check_sane((uint32_t)x | 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rv64i),      cmocka_unit_test(test_system),
        cmocka_unit_test(test_m),          cmocka_unit_test(test_a),
        cmocka_unit_test(test_f),          cmocka_unit_test(test_d),
        cmocka_unit_test(test_b),          cmocka_unit_test(test_cbo),
        cmocka_unit_test(test_compressed), cmocka_unit_test(test_edge),
        cmocka_unit_test(test_targets),    cmocka_unit_test(test_illegal),
        cmocka_unit_test(test_truncation), cmocka_unit_test(test_names),
        cmocka_unit_test(test_every_row),  cmocka_unit_test(test_random_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
