/* SPDX-License-Identifier: MIT */
/* Unit tests for tcg/ir.c, tcg/opt.c and tcg/ir_run.c: the semantics of every
 * pure op, each builder folding rule, overflow, the optimizer on hand-built
 * blocks, the runner's exits, memory, traps and counters, and randomized
 * blocks run unfolded, built and optimized, which must all agree. One file
 * for the three sources, as for every module; the length is mostly tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/exec.h"
#include "cpu/mmu.h"
#include "mem/bus.h"
#include "tcg/ir.h"
#include "tcg/ir_run.h"
#include "tcg/jit.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16ull << 10)
#define HOLE     0x1000ull /* nothing mapped there: access fault */
#define PC0      0x80001000ull

static struct bus *fx_bus;
static struct hart *fx_hart;
static struct ir_block blk; /* too big for the stack of every test */

static int group_setup(void **state)
{
    (void)state;
    fx_bus = bus_create();
    if (!fx_bus || bus_add_ram(fx_bus, "ram", RAM_BASE, RAM_SIZE) != 0)
        return -1;
    fx_hart = hart_create(fx_bus, 0);
    return fx_hart ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    hart_free(fx_hart);
    bus_free(fx_bus);
    return 0;
}

static struct hart *fresh_hart(void)
{
    hart_reset(fx_hart, PC0);
    return fx_hart;
}

static uint8_t *ram(void)
{
    uint8_t *p = bus_host_ptr(fx_bus, RAM_BASE, RAM_SIZE, true);
    assert_non_null(p);
    return p;
}

static void expect_op(const struct ir_block *b, unsigned k, enum ir_opcode opc, ir_temp_t a0,
                      ir_temp_t a1, ir_temp_t a2)
{
    assert_true(k < b->nops);
    const struct ir_op *op = &b->ops[k];
    assert_string_equal(ir_op_descs[op->opc].name, ir_op_descs[opc].name);
    ir_temp_t want[3] = {a0, a1, a2};
    for (unsigned i = 0; i < op->nargs; i++)
        assert_int_equal(op->args[i], want[i]);
}

/* mov out, $v as the only op of b */
static void expect_only_const_mov(const struct ir_block *b, ir_temp_t out, uint64_t v)
{
    assert_int_equal(b->nops, 1);
    expect_op(b, 0, IR_mov, out, b->ops[0].args[1], 0);
    assert_true(ir_is_const(b, b->ops[0].args[1]));
    assert_int_equal(b->temps[b->ops[0].args[1]].value, v);
}

/* ---- ir_eval ---- */

static void test_eval_arith(void **state)
{
    (void)state;
    assert_int_equal(ir_eval(IR_mov, 0x1234, 99, 0), 0x1234);
    assert_int_equal(ir_eval(IR_add, UINT64_MAX, 1, 0), 0);
    assert_int_equal(ir_eval(IR_add, INT64_MAX, 1, 0), (uint64_t)INT64_MIN);
    assert_int_equal(ir_eval(IR_sub, 0, 1, 0), UINT64_MAX);
    assert_int_equal(ir_eval(IR_sub, (uint64_t)INT64_MIN, 1, 0), INT64_MAX);
    assert_int_equal(ir_eval(IR_and, 0xf0f0, 0xff00, 0), 0xf000);
    assert_int_equal(ir_eval(IR_or, 0xf0f0, 0xff00, 0), 0xfff0);
    assert_int_equal(ir_eval(IR_xor, 0xf0f0, 0xff00, 0), 0x0ff0);
    assert_int_equal(ir_eval(IR_neg, 1, 0, 0), UINT64_MAX);
    assert_int_equal(ir_eval(IR_neg, (uint64_t)INT64_MIN, 0, 0), (uint64_t)INT64_MIN);
    assert_int_equal(ir_eval(IR_neg, 0, 0, 0), 0);
    assert_int_equal(ir_eval(IR_not, 0, 0, 0), UINT64_MAX);
    assert_int_equal(ir_eval(IR_not, 0x00ff00ff00ff00ffull, 0, 0), 0xff00ff00ff00ff00ull);
    assert_int_equal(ir_eval(IR_mul, 0x100000001ull, 0x100000001ull, 0), 0x200000001ull);
    assert_int_equal(ir_eval(IR_mul, UINT64_MAX, UINT64_MAX, 0), 1);
    assert_int_equal(ir_eval(IR_mul, (uint64_t)INT64_MIN, 2, 0), 0);
}

static void test_eval_shifts(void **state)
{
    (void)state;
    assert_int_equal(ir_eval(IR_shl, 1, 0, 0), 1);
    assert_int_equal(ir_eval(IR_shl, 1, 63, 0), 1ull << 63);
    assert_int_equal(ir_eval(IR_shl, 3, 63, 0), 1ull << 63);
    assert_int_equal(ir_eval(IR_shl, 5, 64, 0), 5); /* amount mod 64 */
    assert_int_equal(ir_eval(IR_shl, 1, 65, 0), 2);
    assert_int_equal(ir_eval(IR_shr, (uint64_t)INT64_MIN, 63, 0), 1);
    assert_int_equal(ir_eval(IR_shr, (uint64_t)INT64_MIN, 0, 0), (uint64_t)INT64_MIN);
    assert_int_equal(ir_eval(IR_shr, UINT64_MAX, 60, 0), 0xf);
    assert_int_equal(ir_eval(IR_shr, 0x80, 127, 0), 0);
    assert_int_equal(ir_eval(IR_sar, (uint64_t)INT64_MIN, 63, 0), UINT64_MAX);
    assert_int_equal(ir_eval(IR_sar, (uint64_t)INT64_MIN, 0, 0), (uint64_t)INT64_MIN);
    assert_int_equal(ir_eval(IR_sar, (uint64_t)INT64_MIN, 4, 0), 0xf800000000000000ull);
    assert_int_equal(ir_eval(IR_sar, INT64_MAX, 62, 0), 1);
    assert_int_equal(ir_eval(IR_sar, (uint64_t)-8, 1, 0), (uint64_t)-4);
    assert_int_equal(ir_eval(IR_sar, (uint64_t)-8, 64, 0), (uint64_t)-8);
}

/* The high half of a 64x64 product from 32-bit pieces, signed through the
 * usual correction: an independent check of ir_eval's __int128 code. */
static uint64_t mulhu_pieces(uint64_t a, uint64_t c)
{
    uint64_t al = (uint32_t)a, ah = a >> 32, cl = (uint32_t)c, ch = c >> 32;
    uint64_t ll = al * cl, lh = al * ch, hl = ah * cl, hh = ah * ch;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

static uint64_t mulh_pieces(uint64_t a, uint64_t c)
{
    uint64_t h = mulhu_pieces(a, c);
    if ((int64_t)a < 0)
        h -= c;
    if ((int64_t)c < 0)
        h -= a;
    return h;
}

static const uint64_t edge_values[] = {
    0,
    1,
    2,
    3,
    UINT64_MAX,
    UINT64_MAX - 1,
    (uint64_t)INT64_MIN,
    INT64_MAX,
    0x8000000000000001ull,
    0xffffffffull,
    0x100000000ull,
    0x80000000ull,
    0x7fffffffull,
    0xdeadbeefcafef00dull,
    0x0123456789abcdefull,
    0xffffffff80000000ull,
};

static void test_eval_mulh(void **state)
{
    (void)state;
    assert_int_equal(ir_eval(IR_mulh, UINT64_MAX, UINT64_MAX, 0), 0);
    assert_int_equal(ir_eval(IR_mulhu, UINT64_MAX, UINT64_MAX, 0), UINT64_MAX - 1);
    assert_int_equal(ir_eval(IR_mulh, (uint64_t)INT64_MIN, (uint64_t)INT64_MIN, 0), 1ull << 62);
    assert_int_equal(ir_eval(IR_mulh, UINT64_MAX, 1, 0), UINT64_MAX);
    assert_int_equal(ir_eval(IR_mulhu, UINT64_MAX, 2, 0), 1);
    assert_int_equal(ir_eval(IR_mulh, (uint64_t)INT64_MIN, UINT64_MAX, 0), 0);
    for (unsigned i = 0; i < sizeof(edge_values) / sizeof(edge_values[0]); i++) {
        for (unsigned j = 0; j < sizeof(edge_values) / sizeof(edge_values[0]); j++) {
            uint64_t a = edge_values[i], c = edge_values[j];
            __int128 s = (__int128)(int64_t)a * (int64_t)c;
            unsigned __int128 u = (unsigned __int128)a * c;
            assert_int_equal(ir_eval(IR_mulh, a, c, 0), (uint64_t)(s >> 64));
            assert_int_equal(ir_eval(IR_mulhu, a, c, 0), (uint64_t)(u >> 64));
            assert_int_equal(ir_eval(IR_mulh, a, c, 0), mulh_pieces(a, c));
            assert_int_equal(ir_eval(IR_mulhu, a, c, 0), mulhu_pieces(a, c));
            assert_int_equal(ir_eval(IR_mul, a, c, 0), (uint64_t)u);
        }
    }
}

static void test_eval_ext(void **state)
{
    (void)state;
    static const struct {
        enum ir_opcode op;
        uint64_t in, out;
    } cases[] = {
        {IR_ext32s, 0x80000000, 0xffffffff80000000ull},
        {IR_ext32s, 0x7fffffff, 0x7fffffff},
        {IR_ext32s, 0xabcdef0012345678ull, 0x12345678},
        {IR_ext32s, 0x00000001ffffffffull, UINT64_MAX},
        {IR_ext32u, UINT64_MAX, 0xffffffff},
        {IR_ext32u, 0x80000000, 0x80000000},
        {IR_ext16s, 0x8000, 0xffffffffffff8000ull},
        {IR_ext16s, 0x12347fff, 0x7fff},
        {IR_ext16u, 0xffffffffffff8001ull, 0x8001},
        {IR_ext8s, 0x80, 0xffffffffffffff80ull},
        {IR_ext8s, 0x17f, 0x7f},
        {IR_ext8u, UINT64_MAX, 0xff},
        {IR_ext8u, 0x100, 0},
    };
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        assert_int_equal(ir_eval(cases[k].op, cases[k].in, 0, 0), cases[k].out);
}

static void test_eval_setcond(void **state)
{
    (void)state;
    /* Expected results in the order eq, ne, lt, ge, ltu, geu. */
    static const struct {
        uint64_t a, c;
        uint8_t want[6];
    } cases[] = {
        {UINT64_MAX, 1, {0, 1, 1, 0, 0, 1}},
        {1, UINT64_MAX, {0, 1, 0, 1, 1, 0}},
        {5, 5, {1, 0, 0, 1, 0, 1}},
        {(uint64_t)INT64_MIN, INT64_MAX, {0, 1, 1, 0, 0, 1}},
        {0, (uint64_t)INT64_MIN, {0, 1, 0, 1, 1, 0}},
        {2, 3, {0, 1, 1, 0, 1, 0}},
        {0, 0, {1, 0, 0, 1, 0, 1}},
    };
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        for (unsigned cond = IR_EQ; cond <= IR_GEU; cond++) {
            assert_int_equal(ir_eval(IR_setcond, cases[k].a, cases[k].c, cond),
                             cases[k].want[cond]);
            assert_int_equal(ir_eval_cond(cond, cases[k].a, cases[k].c), cases[k].want[cond]);
        }
    }
}

/* ---- builders ---- */

static void test_block_init(void **state)
{
    (void)state;
    struct hart *h = fresh_hart();
    ir_block_init(&blk, PC0);
    assert_int_equal(blk.pc, PC0);
    assert_int_equal(blk.ntemps, IR_NUM_GLOBALS);
    assert_int_equal(blk.nops, 0);
    assert_false(blk.overflow);
    assert_int_equal(blk.temps[0].kind, IR_TEMP_CONST);
    assert_int_equal(blk.temps[0].value, 0);
    assert_int_equal(ir_x(0), 0);
    for (unsigned r = 1; r < 32; r++) {
        assert_int_equal(ir_x(r), r);
        assert_int_equal(blk.temps[r].kind, IR_TEMP_GLOBAL);
        assert_int_equal(blk.temps[r].reg, r);
        assert_int_equal(blk.temps[r].offset, (uintptr_t)&h->x[r] - (uintptr_t)h);
    }
    for (unsigned r = 0; r < 32; r++) {
        assert_int_equal(ir_f(r), 32 + r);
        assert_int_equal(blk.temps[ir_f(r)].kind, IR_TEMP_GLOBAL);
        assert_int_equal(blk.temps[ir_f(r)].offset, (uintptr_t)&h->f[r] - (uintptr_t)h);
    }
}

static void test_op_table(void **state)
{
    (void)state;
    assert_string_equal(ir_op_descs[IR_add].name, "add");
    assert_string_equal(ir_op_descs[IR_exit_npc].name, "exit_npc");
    assert_int_equal(ir_op_descs[IR_store].outputs, 0);
    assert_int_equal(ir_op_descs[IR_store].inputs, 2);
    assert_int_equal(ir_op_descs[IR_load].consts, 2);
    assert_true(ir_op_descs[IR_exec].flags & IRF_CALL);
    for (unsigned k = 0; k < IR_OP_COUNT; k++) {
        assert_non_null(ir_op_descs[k].name);
        assert_true(ir_op_descs[k].outputs + ir_op_descs[k].inputs <= 3);
    }
}

static void test_const_temps(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    assert_int_equal(ir_const(&blk, 0), 0);
    ir_temp_t a = ir_const(&blk, 7);
    assert_true(a >= IR_NUM_GLOBALS);
    assert_int_equal(ir_const(&blk, 7), a);
    assert_int_equal(ir_const_try(&blk, 7), a);
    ir_temp_t c = ir_const(&blk, UINT64_MAX);
    assert_int_not_equal(c, a);
    assert_true(ir_is_const(&blk, c));
    assert_int_equal(blk.temps[c].value, UINT64_MAX);
    ir_temp_t t = ir_new_local(&blk);
    assert_int_equal(blk.temps[t].kind, IR_TEMP_LOCAL);
    assert_false(ir_is_const(&blk, t));
    assert_int_equal(ir_new_label(&blk), 0);
    assert_int_equal(ir_new_label(&blk), 1);
}

static void test_fold_all_constant(void **state)
{
    (void)state;
    static const enum ir_opcode bin[] = {IR_add, IR_sub, IR_and, IR_or,   IR_xor,  IR_shl,
                                         IR_shr, IR_sar, IR_mul, IR_mulh, IR_mulhu};
    static const enum ir_opcode un[] = {IR_neg,    IR_not,    IR_ext32s, IR_ext32u,
                                        IR_ext16s, IR_ext16u, IR_ext8s,  IR_ext8u};
    const uint64_t a = 0xfedcba9876543210ull, c = 0x8000000000000005ull;
    for (unsigned k = 0; k < sizeof(bin) / sizeof(bin[0]); k++) {
        ir_block_init(&blk, PC0);
        ir_binop(&blk, bin[k], ir_x(5), ir_const(&blk, a), ir_const(&blk, c));
        expect_only_const_mov(&blk, ir_x(5), ir_eval(bin[k], a, c, 0));
    }
    for (unsigned k = 0; k < sizeof(un) / sizeof(un[0]); k++) {
        ir_block_init(&blk, PC0);
        ir_temp_t t = ir_new_local(&blk);
        ir_unop(&blk, un[k], t, ir_const(&blk, a));
        expect_only_const_mov(&blk, t, ir_eval(un[k], a, 0, 0));
    }
    for (unsigned cond = IR_EQ; cond <= IR_GEU; cond++) {
        ir_block_init(&blk, PC0);
        ir_setcond(&blk, cond, ir_x(6), ir_const(&blk, a), ir_const(&blk, c));
        expect_only_const_mov(&blk, ir_x(6), ir_eval_cond(cond, a, c));
    }
}

struct operand {
    bool is_const;
    uint64_t v; /* register number or constant value */
};
#define R(n)     \
    {            \
        false, n \
    }
#define C(v)    \
    {           \
        true, v \
    }
#define M1 UINT64_MAX

struct fold_case {
    enum ir_opcode op;
    struct operand a, c;
    enum ir_opcode want_opc; /* IR_OP_COUNT: nothing emitted */
    struct operand want_a, want_c;
};

static ir_temp_t operand_temp(struct ir_block *b, struct operand o)
{
    return o.is_const ? ir_const(b, o.v) : ir_x((unsigned)o.v);
}

static void test_fold_identities(void **state)
{
    (void)state;
    static const struct fold_case cases[] = {
        {IR_add, R(6), C(0), IR_mov, R(6), R(0)},      {IR_add, C(0), R(6), IR_mov, R(6), R(0)},
        {IR_add, C(3), R(6), IR_add, R(6), C(3)}, /* constant goes second */
        {IR_sub, R(6), C(0), IR_mov, R(6), R(0)},      {IR_sub, C(0), R(6), IR_neg, R(6), R(0)},
        {IR_sub, R(6), R(6), IR_mov, C(0), R(0)},      {IR_sub, C(3), R(6), IR_sub, C(3), R(6)},
        {IR_or, R(6), C(0), IR_mov, R(6), R(0)},       {IR_or, C(0), R(6), IR_mov, R(6), R(0)},
        {IR_or, R(6), C(M1), IR_mov, C(M1), R(0)},     {IR_or, R(6), R(6), IR_mov, R(6), R(0)},
        {IR_xor, R(6), C(0), IR_mov, R(6), R(0)},      {IR_xor, R(6), R(6), IR_mov, C(0), R(0)},
        {IR_xor, C(M1), R(6), IR_not, R(6), R(0)},     {IR_and, R(6), C(M1), IR_mov, R(6), R(0)},
        {IR_and, C(M1), R(6), IR_mov, R(6), R(0)},     {IR_and, R(6), C(0), IR_mov, C(0), R(0)},
        {IR_and, C(0), R(6), IR_mov, C(0), R(0)},      {IR_and, R(6), R(6), IR_mov, R(6), R(0)},
        {IR_shl, R(6), C(0), IR_mov, R(6), R(0)},      {IR_shr, R(6), C(0), IR_mov, R(6), R(0)},
        {IR_sar, R(6), C(0), IR_mov, R(6), R(0)},      {IR_shl, R(6), C(64), IR_mov, R(6), R(0)},
        {IR_shl, C(0), R(6), IR_mov, C(0), R(0)},      {IR_sar, C(0), R(6), IR_mov, C(0), R(0)},
        {IR_shl, R(6), C(3), IR_shl, R(6), C(3)},      {IR_mul, R(6), C(0), IR_mov, C(0), R(0)},
        {IR_mul, C(0), R(6), IR_mov, C(0), R(0)},      {IR_mul, R(6), C(1), IR_mov, R(6), R(0)},
        {IR_mul, C(1), R(6), IR_mov, R(6), R(0)},      {IR_mul, R(6), C(M1), IR_neg, R(6), R(0)},
        {IR_mulh, R(6), C(0), IR_mov, C(0), R(0)},     {IR_mulhu, C(0), R(6), IR_mov, C(0), R(0)},
        {IR_add, R(5), C(0), IR_OP_COUNT, R(0), R(0)}, /* mov x5, x5 */
        {IR_mul, R(5), C(1), IR_OP_COUNT, R(0), R(0)}, {IR_add, R(6), R(7), IR_add, R(6), R(7)},
    };
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct fold_case *fc = &cases[k];
        ir_block_init(&blk, PC0);
        ir_binop(&blk, fc->op, ir_x(5), operand_temp(&blk, fc->a), operand_temp(&blk, fc->c));
        if (fc->want_opc == IR_OP_COUNT) {
            assert_int_equal(blk.nops, 0);
            continue;
        }
        assert_int_equal(blk.nops, 1);
        expect_op(&blk, 0, fc->want_opc, ir_x(5), operand_temp(&blk, fc->want_a),
                  operand_temp(&blk, fc->want_c));
    }
}

static uint64_t helper_mix(uint64_t a, uint64_t c) { return a * 3 + c; }

static void test_fold_x0_and_self(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk);
    ir_mov(&blk, ir_x(0), ir_x(1));
    ir_binop(&blk, IR_add, ir_x(0), ir_x(1), ir_x(2));
    ir_unop(&blk, IR_neg, ir_x(0), ir_x(1));
    ir_setcond(&blk, IR_LT, ir_x(0), ir_x(1), ir_x(2));
    ir_call2(&blk, helper_mix, ir_x(0), ir_x(1), ir_x(2));
    ir_mov(&blk, t, t);
    ir_mov(&blk, ir_x(3), ir_x(3));
    assert_int_equal(blk.nops, 0);
    /* A load to x0 still happens (it may trap), into a scratch temp. */
    ir_load(&blk, IR_MEM_32 | IR_MEM_SIGN, ir_x(0), ir_x(1), 8);
    assert_int_equal(blk.nops, 1);
    assert_int_equal(blk.ops[0].opc, IR_load);
    assert_int_equal(blk.temps[blk.ops[0].args[0]].kind, IR_TEMP_LOCAL);
    assert_int_equal(blk.ops[0].args[1], ir_x(1));
    assert_int_equal(blk.ops[0].c[0], IR_MEM_32 | IR_MEM_SIGN);
    assert_int_equal(blk.ops[0].c[1], 8);
}

static void test_fold_call2_and_brcond(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_call2(&blk, helper_mix, ir_x(4), ir_const(&blk, 5), ir_const(&blk, 2));
    expect_only_const_mov(&blk, ir_x(4), 17);
    ir_block_init(&blk, PC0);
    unsigned l = ir_new_label(&blk);
    ir_brcond(&blk, IR_EQ, ir_const(&blk, 1), ir_const(&blk, 1), l);          /* br */
    ir_brcond(&blk, IR_NE, ir_const(&blk, 1), ir_const(&blk, 1), l);          /* nothing */
    ir_brcond(&blk, IR_LT, ir_x(5), ir_x(5), l);                              /* nothing */
    ir_brcond(&blk, IR_GEU, ir_x(5), ir_x(5), l);                             /* br */
    ir_brcond(&blk, IR_LTU, ir_x(5), ir_x(6), l);                             /* kept */
    ir_brcond(&blk, IR_LT, ir_const(&blk, UINT64_MAX), ir_const(&blk, 0), l); /* br */
    assert_int_equal(blk.nops, 4);
    assert_int_equal(blk.ops[0].opc, IR_br);
    assert_int_equal(blk.ops[0].c[0], l);
    assert_int_equal(blk.ops[1].opc, IR_br);
    expect_op(&blk, 2, IR_brcond, ir_x(5), ir_x(6), 0);
    assert_int_equal(blk.ops[2].c[0], IR_LTU);
    assert_int_equal(blk.ops[2].c[1], l);
    assert_int_equal(blk.ops[3].opc, IR_br);
}

static void test_builder_ops(void **state)
{
    (void)state;
    static int dummy_insn;
    ir_block_init(&blk, PC0);
    ir_insn_start(&blk, PC0);
    ir_store(&blk, IR_MEM_16, ir_x(2), -4, ir_x(3));
    ir_exec(&blk, (const void *)exec_add, &dummy_insn);
    ir_insn_start(&blk, PC0 + 4);
    ir_goto_tb(&blk, 1, 0x1234);
    ir_exit_pc(&blk, ir_x(7));
    ir_exit_stop(&blk, 0x5678);
    ir_exit_npc(&blk);
    assert_int_equal(blk.ninsns, 2);
    assert_int_equal(blk.nops, 8);
    assert_int_equal(blk.ops[0].c[0], PC0);
    expect_op(&blk, 1, IR_store, ir_x(2), ir_x(3), 0);
    assert_int_equal(blk.ops[1].nargs, 2);
    assert_int_equal((int64_t)blk.ops[1].c[1], -4);
    assert_int_equal(blk.ops[2].opc, IR_exec);
    assert_int_equal(blk.ops[2].c[0], (uintptr_t)exec_add);
    assert_int_equal(blk.ops[2].c[1], (uintptr_t)&dummy_insn);
    assert_int_equal(blk.ops[4].c[0], 1);
    assert_int_equal(blk.ops[4].c[1], 0x1234);
    expect_op(&blk, 5, IR_exit_pc, ir_x(7), 0, 0);
    assert_int_equal(blk.ops[6].c[0], 0x5678);
    assert_int_equal(blk.ops[7].opc, IR_exit_npc);
}

/* The block sits right before a canary: overflow must not reach it. */
static struct {
    struct ir_block b;
    uint64_t canary[16];
} guarded;

static void check_canary(void)
{
    for (unsigned k = 0; k < 16; k++)
        assert_int_equal(guarded.canary[k], 0x5a5a5a5a5a5a5a5aull);
}

static void test_overflow_ops(void **state)
{
    (void)state;
    struct ir_block *b = &guarded.b;
    memset(guarded.canary, 0x5a, sizeof(guarded.canary));
    ir_block_init(b, PC0);
    for (unsigned k = 0; k < IR_MAX_OPS; k++)
        ir_insn_start(b, k);
    assert_false(b->overflow);
    ir_binop(b, IR_add, ir_x(1), ir_x(2), ir_x(3));
    ir_store(b, IR_MEM_64, ir_x(1), 0, ir_x(2));
    ir_exit_npc(b);
    assert_true(b->overflow);
    assert_int_equal(b->nops, IR_MAX_OPS);
    assert_int_equal(b->ops[IR_MAX_OPS - 1].opc, IR_insn_start);
    assert_int_equal(b->ops[IR_MAX_OPS - 1].c[0], IR_MAX_OPS - 1);
    check_canary();
}

static void test_overflow_temps(void **state)
{
    (void)state;
    struct ir_block *b = &guarded.b;
    memset(guarded.canary, 0x5a, sizeof(guarded.canary));
    ir_block_init(b, PC0);
    ir_temp_t c1 = ir_const(b, 40), c2 = ir_const(b, 2);
    while (b->ntemps < IR_MAX_TEMPS)
        assert_int_not_equal(ir_new_local(b), 0);
    assert_false(b->overflow);
    assert_int_equal(ir_const_try(b, 40), c1);
    assert_int_equal(ir_const_try(b, 41), IR_NO_TEMP);
    assert_false(b->overflow);
    /* No room for the folded constant: the op stays, unfolded and correct. */
    ir_binop(b, IR_add, ir_x(5), c1, c2);
    assert_false(b->overflow);
    expect_op(b, 0, IR_add, ir_x(5), c1, c2);
    assert_int_equal(ir_new_local(b), 0);
    assert_true(b->overflow);
    b->overflow = false;
    assert_int_equal(ir_const(b, 99), 0);
    assert_true(b->overflow);
    b->overflow = false;
    ir_load(b, IR_MEM_8, ir_x(0), ir_x(1), 0); /* needs a scratch temp */
    assert_true(b->overflow);
    assert_int_equal(b->ntemps, IR_MAX_TEMPS);
    assert_int_equal(b->nops, 1);
    ir_exit_stop(b, PC0);
    uint64_t n;
    struct hart *h = fresh_hart();
    assert_int_equal(ir_run(h, b, &n), JIT_EXIT_STOP);
    assert_int_equal(h->x[5], 42);
    check_canary();
}

/* ---- optimizer ---- */

static void test_opt_constant_propagation(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk), u = ir_new_local(&blk);
    ir_insn_start(&blk, PC0);
    ir_mov(&blk, t, ir_const(&blk, 5));
    ir_binop(&blk, IR_add, u, t, ir_const(&blk, 3));
    ir_binop(&blk, IR_shl, ir_x(1), u, ir_const(&blk, 4));
    ir_exit_stop(&blk, PC0 + 4);
    assert_int_equal(blk.nops, 5);
    ir_optimize(&blk);
    assert_int_equal(blk.nops, 3);
    assert_int_equal(blk.ops[0].opc, IR_insn_start);
    expect_op(&blk, 1, IR_mov, ir_x(1), ir_const(&blk, 128), 0);
    assert_int_equal(blk.ops[2].opc, IR_exit_stop);
}

static void test_opt_copy_propagation(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk), u = ir_new_local(&blk);
    ir_mov(&blk, t, ir_x(2));
    ir_mov(&blk, u, t);
    ir_binop(&blk, IR_add, ir_x(3), u, ir_x(4));
    ir_binop(&blk, IR_sub, ir_x(5), t, u); /* x2 - x2 */
    ir_exit_stop(&blk, PC0);
    ir_optimize(&blk);
    assert_int_equal(blk.nops, 3);
    expect_op(&blk, 0, IR_add, ir_x(3), ir_x(2), ir_x(4));
    expect_op(&blk, 1, IR_mov, ir_x(5), 0, 0);
}

static void test_opt_copy_invalidated(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk);
    ir_mov(&blk, t, ir_x(2));
    ir_binop(&blk, IR_add, ir_x(2), ir_x(2), ir_const(&blk, 1));
    ir_mov(&blk, ir_x(3), t); /* the old x2: must stay t */
    ir_exit_stop(&blk, PC0);
    ir_optimize(&blk);
    assert_int_equal(blk.nops, 4);
    expect_op(&blk, 2, IR_mov, ir_x(3), t, 0);
    struct hart *h = fresh_hart();
    h->x[2] = 10;
    uint64_t n;
    ir_run(h, &blk, &n);
    assert_int_equal(h->x[2], 11);
    assert_int_equal(h->x[3], 10);
}

/* sext.w of a value that already is its low word sign-extended (a signed
 * word load, xor of such values) is dropped; after an add it stays. */
static void test_opt_sext32_known(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk);
    ir_load(&blk, IR_MEM_32 | IR_MEM_SIGN, t, ir_x(2), 0);
    ir_unop(&blk, IR_ext32s, ir_x(6), ir_x(6));
    ir_binop(&blk, IR_xor, ir_x(5), t, ir_x(6));
    ir_unop(&blk, IR_ext32s, ir_x(5), ir_x(5)); /* dropped */
    ir_binop(&blk, IR_add, ir_x(7), ir_x(5), ir_x(5));
    ir_unop(&blk, IR_ext32s, ir_x(7), ir_x(7)); /* kept: the sum may carry into bit 32 */
    ir_load(&blk, IR_MEM_32, ir_x(8), ir_x(2), 0);
    ir_unop(&blk, IR_ext32s, ir_x(8), ir_x(8)); /* kept: an unsigned word load */
    ir_exit_stop(&blk, PC0);
    ir_optimize(&blk);
    assert_int_equal(blk.nops, 8);
    expect_op(&blk, 2, IR_xor, ir_x(5), t, ir_x(6));
    expect_op(&blk, 3, IR_add, ir_x(7), ir_x(5), ir_x(5));
    expect_op(&blk, 4, IR_ext32s, ir_x(7), ir_x(7), 0);
    expect_op(&blk, 6, IR_ext32s, ir_x(8), ir_x(8), 0);
}

static void test_opt_dead_code(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk), u = ir_new_local(&blk), v = ir_new_local(&blk);
    ir_binop(&blk, IR_add, t, ir_x(1), ir_x(2));     /* unused: removed */
    ir_call2(&blk, helper_mix, u, ir_x(1), ir_x(2)); /* unused pure call: removed */
    ir_load(&blk, IR_MEM_64, v, ir_x(1), 0);         /* unused load: kept (may trap) */
    ir_mov(&blk, ir_x(5), ir_x(6));                  /* overwritten: removed */
    ir_mov(&blk, ir_x(5), ir_x(7));
    ir_exit_stop(&blk, PC0);
    ir_optimize(&blk);
    assert_int_equal(blk.nops, 3);
    expect_op(&blk, 0, IR_load, v, ir_x(1), 0);
    expect_op(&blk, 1, IR_mov, ir_x(5), ir_x(7), 0);
}

/* A global write followed by a later write to it is only dead if nothing in
 * between can observe it: a read, a trap, a call or a region boundary. */
static void test_opt_global_write_barriers(void **state)
{
    (void)state;
    for (unsigned barrier = 0; barrier < 5; barrier++) {
        ir_block_init(&blk, PC0);
        ir_temp_t t = ir_new_local(&blk);
        unsigned l = ir_new_label(&blk);
        ir_mov(&blk, ir_x(5), ir_x(6));
        switch (barrier) {
        case 0: ir_load(&blk, IR_MEM_8, t, ir_x(1), 0); break;
        case 1: ir_store(&blk, IR_MEM_8, ir_x(1), 0, ir_x(2)); break;
        case 2: ir_exec(&blk, (const void *)exec_add, &blk); break;
        case 3: ir_label(&blk, l); break;
        default: ir_brcond(&blk, IR_EQ, ir_x(1), ir_x(2), l); break;
        }
        ir_mov(&blk, ir_x(5), ir_x(7));
        if (barrier == 4)
            ir_label(&blk, l);
        ir_exit_stop(&blk, PC0);
        unsigned before = blk.nops;
        ir_optimize(&blk);
        assert_int_equal(blk.nops, before);
        expect_op(&blk, 0, IR_mov, ir_x(5), ir_x(6), 0);
    }
}

static const struct insn *make_insn(struct insn *i, uint32_t raw)
{
    insn_decode(i, raw);
    assert_int_not_equal(i->op, OP_ILLEGAL);
    return i;
}

#define ENC_ADDI(rd, rs1, imm) (((uint32_t)(imm)&0xfff) << 20 | (rs1) << 15 | (rd) << 7 | 0x13)
#define ENC_R(f7, f3, rd, rs1, rs2) \
    ((uint32_t)(f7) << 25 | (rs2) << 20 | (rs1) << 15 | (f3) << 12 | (rd) << 7 | 0x33)
#define ENC_JAL_RA_256 (0x100u << 20 | 1u << 7 | 0x6f) /* jal ra, +256 */

/* exec may change any global: a known value must not flow past it. */
static void test_opt_exec_barrier(void **state)
{
    (void)state;
    static struct insn addi;
    make_insn(&addi, ENC_ADDI(5, 5, 10)); /* addi x5, x5, 10 */
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk);
    ir_insn_start(&blk, PC0);
    ir_mov(&blk, ir_x(5), ir_const(&blk, 1));
    ir_mov(&blk, t, ir_x(5));
    ir_insn_start(&blk, PC0 + 4);
    ir_exec(&blk, (const void *)exec_addi, &addi);
    ir_insn_start(&blk, PC0 + 8);
    ir_binop(&blk, IR_add, ir_x(7), ir_x(5), ir_const(&blk, 1));
    ir_binop(&blk, IR_add, ir_x(8), t, ir_const(&blk, 1)); /* t is a local: still 1 */
    ir_exit_stop(&blk, PC0 + 12);
    ir_optimize(&blk);
    expect_op(&blk, 1, IR_mov, ir_x(5), ir_const(&blk, 1), 0);
    expect_op(&blk, 5, IR_add, ir_x(7), ir_x(5), ir_const(&blk, 1));
    expect_op(&blk, 6, IR_mov, ir_x(8), ir_const(&blk, 2), 0);
    struct hart *h = fresh_hart();
    uint64_t n;
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_STOP);
    assert_int_equal(n, 3);
    assert_int_equal(h->x[5], 11);
    assert_int_equal(h->x[7], 12);
    assert_int_equal(h->x[8], 2);
}

/* A local defined before a branch and read after the label stays. */
static void test_opt_local_across_branch(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk), dead = ir_new_local(&blk);
    unsigned l = ir_new_label(&blk);
    ir_binop(&blk, IR_add, t, ir_x(1), ir_x(2));
    ir_binop(&blk, IR_mul, dead, ir_x(1), ir_x(2)); /* read on neither path */
    ir_brcond(&blk, IR_EQ, ir_x(3), ir_const(&blk, 0), l);
    ir_mov(&blk, ir_x(4), ir_const(&blk, 1));
    ir_label(&blk, l);
    ir_mov(&blk, ir_x(5), t);
    ir_exit_stop(&blk, PC0);
    unsigned before = blk.nops;
    ir_optimize(&blk);
    assert_int_equal(blk.nops, before - 1);
    expect_op(&blk, 0, IR_add, t, ir_x(1), ir_x(2));
    assert_int_equal(blk.ops[1].opc, IR_brcond);
    for (uint64_t x3 = 0; x3 < 2; x3++) {
        struct hart *h = fresh_hart();
        h->x[1] = 30;
        h->x[2] = 12;
        h->x[3] = x3;
        uint64_t n;
        ir_run(h, &blk, &n);
        assert_int_equal(h->x[5], 42);
        assert_int_equal(h->x[4], x3 ? 1 : 0);
    }
}

/* A backward branch may read any local: t's definitions stay. */
static void test_opt_backward_branch(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk);
    unsigned top = ir_new_label(&blk);
    ir_insn_start(&blk, PC0);
    ir_binop(&blk, IR_add, t, ir_x(3), ir_x(4));
    ir_label(&blk, top);
    ir_binop(&blk, IR_add, ir_x(2), ir_x(2), t);
    ir_mov(&blk, t, ir_x(1)); /* read only through the backward branch */
    ir_binop(&blk, IR_sub, ir_x(1), ir_x(1), ir_const(&blk, 1));
    ir_brcond(&blk, IR_NE, ir_x(1), ir_x(0), top);
    ir_exit_stop(&blk, PC0 + 4);
    unsigned before = blk.nops;
    ir_optimize(&blk);
    assert_int_equal(blk.nops, before);
    struct hart *h = fresh_hart();
    h->x[1] = 5;
    h->x[2] = 1;
    h->x[3] = 3;
    h->x[4] = 4;
    uint64_t n;
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_STOP);
    assert_int_equal(h->x[2], 1 + 7 + 5 + 4 + 3 + 2);
    assert_int_equal(h->x[1], 0);
}

static void test_opt_brcond_folding(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk);
    unsigned l0 = ir_new_label(&blk), l1 = ir_new_label(&blk);
    ir_mov(&blk, t, ir_const(&blk, 1));
    ir_brcond(&blk, IR_NE, t, ir_const(&blk, 1), l0); /* never taken: removed */
    ir_brcond(&blk, IR_EQ, t, ir_const(&blk, 1), l1); /* always: br */
    ir_label(&blk, l0);
    ir_exit_stop(&blk, 0x100);
    ir_label(&blk, l1);
    ir_exit_stop(&blk, 0x200);
    ir_optimize(&blk);
    assert_int_equal(blk.nops, 5); /* and mov t, $1 is dead on the branch path too */
    assert_int_equal(blk.ops[0].opc, IR_br);
    assert_int_equal(blk.ops[0].c[0], l1);
    struct hart *h = fresh_hart();
    uint64_t n;
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_STOP);
    assert_int_equal(h->pc, 0x200);
}

/* ---- ir_run ---- */

static void test_run_branches(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    unsigned l = ir_new_label(&blk);
    ir_insn_start(&blk, PC0);
    ir_brcond(&blk, IR_LTU, ir_x(1), ir_x(2), l);
    ir_mov(&blk, ir_x(3), ir_const(&blk, 1));
    ir_goto_tb(&blk, 0, PC0 + 4);
    ir_label(&blk, l);
    ir_mov(&blk, ir_x(3), ir_const(&blk, 2));
    ir_goto_tb(&blk, 1, PC0 + 8);
    for (int taken = 0; taken < 2; taken++) {
        struct hart *h = fresh_hart();
        h->x[1] = taken ? 1 : UINT64_MAX;
        h->x[2] = 2;
        uint64_t n = 99;
        assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_LOOKUP);
        assert_int_equal(n, 1);
        assert_int_equal(h->x[3], taken ? 2 : 1);
        assert_int_equal(h->pc, taken ? PC0 + 8 : PC0 + 4);
    }
}

/* A loop inside a block: br backwards, counted down in a global. */
static void test_run_backward_branch(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    unsigned top = ir_new_label(&blk), out = ir_new_label(&blk);
    ir_insn_start(&blk, PC0);
    ir_label(&blk, top);
    ir_brcond(&blk, IR_EQ, ir_x(1), ir_x(0), out);
    ir_binop(&blk, IR_add, ir_x(2), ir_x(2), ir_x(1));
    ir_binop(&blk, IR_sub, ir_x(1), ir_x(1), ir_const(&blk, 1));
    ir_br(&blk, top);
    ir_label(&blk, out);
    ir_exit_pc(&blk, ir_x(2));
    struct hart *h = fresh_hart();
    h->x[1] = 10;
    uint64_t n;
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_LOOKUP);
    assert_int_equal(h->x[2], 55);
    assert_int_equal(h->pc, 55);
}

static void test_run_exits(void **state)
{
    (void)state;
    static struct insn jal;
    make_insn(&jal, ENC_JAL_RA_256);
    uint64_t n;
    struct hart *h;

    ir_block_init(&blk, PC0);
    ir_insn_start(&blk, PC0);
    ir_exec(&blk, (const void *)exec_jal, &jal);
    ir_exit_npc(&blk);
    h = fresh_hart();
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_STOP);
    assert_int_equal(n, 1);
    assert_int_equal(h->pc, PC0 + 256);
    assert_int_equal(h->x[1], PC0 + 4);

    ir_block_init(&blk, PC0);
    ir_insn_start(&blk, PC0);
    ir_exit_stop(&blk, 0x4444);
    h = fresh_hart();
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_STOP);
    assert_int_equal(h->pc, 0x4444);

    ir_block_init(&blk, PC0);
    ir_insn_start(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk);
    ir_binop(&blk, IR_and, t, ir_x(9), ir_const(&blk, ~1ull));
    ir_exit_pc(&blk, t);
    h = fresh_hart();
    h->x[9] = 0x80002001;
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_LOOKUP);
    assert_int_equal(h->pc, 0x80002000);
}

static void counted_block(unsigned ninsns)
{
    ir_block_init(&blk, PC0);
    for (unsigned k = 0; k < ninsns; k++) {
        ir_insn_start(&blk, PC0 + 4 * k);
        ir_binop(&blk, IR_add, ir_x(1), ir_x(1), ir_const(&blk, 1));
    }
    ir_goto_tb(&blk, 0, PC0 + 4 * ninsns);
}

static void test_run_counters(void **state)
{
    (void)state;
    static const struct {
        uint64_t inhibit, instret, cycle;
    } cases[] = {{0, 3, 3}, {4, 0, 3}, {1, 3, 0}, {5, 0, 0}};
    counted_block(3);
    for (unsigned k = 0; k < 4; k++) {
        struct hart *h = fresh_hart();
        h->mcountinhibit = cases[k].inhibit;
        h->minstret = 100;
        hart_set_mcycle(h, 200);
        uint64_t n;
        ir_run(h, &blk, &n);
        assert_int_equal(n, 3);
        assert_int_equal(h->x[1], 3);
        assert_int_equal(h->minstret, 100 + cases[k].instret);
        assert_int_equal(hart_mcycle(h), 200 + cases[k].cycle);
    }
}

static uint64_t counter_seen;

/* An exec body that records minstret as a csrr would see it. */
static int exec_probe(struct hart *h, const struct insn *i)
{
    (void)i;
    counter_seen = h->minstret;
    return EXEC_OK;
}

static void test_run_counter_before_exec(void **state)
{
    (void)state;
    static struct insn probe = {.len = 4};
    ir_block_init(&blk, PC0);
    ir_insn_start(&blk, PC0);
    ir_insn_start(&blk, PC0 + 4);
    ir_insn_start(&blk, PC0 + 8);
    ir_exec(&blk, (const void *)exec_probe, &probe);
    ir_exit_npc(&blk);
    struct hart *h = fresh_hart();
    uint64_t n;
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_STOP);
    assert_int_equal(counter_seen, 2);
    assert_int_equal(h->minstret, 3);
    assert_int_equal(h->pc, PC0 + 12);
}

static void test_run_memory(void **state)
{
    (void)state;
    static const struct {
        unsigned memop;
        uint64_t want;
    } loads[] = {
        {IR_MEM_8, 0x88},
        {IR_MEM_8 | IR_MEM_SIGN, 0xffffffffffffff88ull},
        {IR_MEM_16, 0x7788},
        {IR_MEM_16 | IR_MEM_SIGN, 0x7788},
        {IR_MEM_32, 0x85667788},
        {IR_MEM_32 | IR_MEM_SIGN, 0xffffffff85667788ull},
        {IR_MEM_64, 0x1122334485667788ull},
        {IR_MEM_64 | IR_MEM_SIGN, 0x1122334485667788ull},
    };
    for (unsigned k = 0; k < sizeof(loads) / sizeof(loads[0]); k++) {
        ir_block_init(&blk, PC0);
        ir_insn_start(&blk, PC0);
        ir_store(&blk, IR_MEM_64, ir_x(1), -8, ir_x(2));
        ir_insn_start(&blk, PC0 + 4);
        ir_load(&blk, loads[k].memop, ir_x(3), ir_x(1), -8);
        ir_store(&blk, IR_MEM_16, ir_x(1), 0x10, ir_x(2));
        ir_exit_stop(&blk, PC0 + 8);
        struct hart *h = fresh_hart();
        memset(ram(), 0, 0x20);
        h->x[1] = RAM_BASE + 8;
        h->x[2] = 0x1122334485667788ull;
        uint64_t n;
        assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_STOP);
        assert_int_equal(n, 2);
        assert_int_equal(h->x[3], loads[k].want);
        uint64_t mem[4];
        memcpy(mem, ram(), sizeof(mem));
        assert_int_equal(mem[0], 0x1122334485667788ull);
        assert_int_equal(mem[2], 0);
        assert_int_equal(mem[3], 0x7788);
    }
}

static void test_run_load_trap(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_insn_start(&blk, PC0);
    ir_mov(&blk, ir_x(5), ir_const(&blk, 1));
    ir_insn_start(&blk, PC0 + 4);
    ir_load(&blk, IR_MEM_32, ir_x(6), ir_x(1), 4);
    ir_mov(&blk, ir_x(7), ir_const(&blk, 3));
    ir_exit_stop(&blk, PC0 + 8);
    struct hart *h = fresh_hart();
    h->x[1] = HOLE;
    h->x[6] = 66;
    uint64_t n;
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_TRAP);
    assert_int_equal(n, 1);
    assert_int_equal(h->minstret, 1);
    assert_int_equal(h->pc, PC0 + 4);
    assert_int_equal(h->trap_cause, EXC_LOAD_ACCESS);
    assert_int_equal(h->trap_tval, HOLE + 4);
    assert_int_equal(h->x[5], 1);
    assert_int_equal(h->x[6], 66);
    assert_int_equal(h->x[7], 0);
}

static void test_run_exec_trap(void **state)
{
    (void)state;
    static struct insn ill;
    insn_decode(&ill, 0);
    ir_block_init(&blk, PC0);
    ir_insn_start(&blk, PC0);
    ir_insn_start(&blk, PC0 + 4);
    ir_insn_start(&blk, PC0 + 6);
    ir_exec(&blk, (const void *)exec_illegal, &ill);
    ir_exit_npc(&blk);
    struct hart *h = fresh_hart();
    uint64_t n;
    assert_int_equal(ir_run(h, &blk, &n), JIT_EXIT_TRAP);
    assert_int_equal(n, 2);
    assert_int_equal(h->pc, PC0 + 6);
    assert_int_equal(h->trap_cause, EXC_ILLEGAL_INSN);
}

static void test_run_call2(void **state)
{
    (void)state;
    ir_block_init(&blk, PC0);
    ir_call2(&blk, helper_mix, ir_x(3), ir_x(1), ir_x(2));
    ir_exit_stop(&blk, PC0);
    struct hart *h = fresh_hart();
    h->x[1] = 10;
    h->x[2] = 5;
    uint64_t n;
    ir_run(h, &blk, &n);
    assert_int_equal(h->x[3], 35);
    assert_int_equal(n, 0);
}

/* ---- ir_dump ---- */

static char dump_text[4096];
static size_t dump_len;

static void dump_capture(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dump_text + dump_len, sizeof(dump_text) - dump_len, fmt, ap);
    va_end(ap);
    if (n > 0 && dump_len + (size_t)n < sizeof(dump_text))
        dump_len += (size_t)n;
}

static void test_dump(void **state)
{
    (void)state;
    static struct insn add;
    make_insn(&add, ENC_R(0, 0, 1, 2, 3));
    ir_block_init(&blk, PC0);
    ir_temp_t t = ir_new_local(&blk);
    unsigned l = ir_new_label(&blk);
    ir_insn_start(&blk, PC0);
    ir_binop(&blk, IR_add, t, ir_x(10), ir_const(&blk, 4));
    ir_setcond(&blk, IR_LTU, ir_x(11), t, ir_x(12));
    ir_load(&blk, IR_MEM_32 | IR_MEM_SIGN, ir_x(5), ir_x(2), -8);
    ir_store(&blk, IR_MEM_8, ir_x(2), 16, ir_x(0));
    ir_exec(&blk, (const void *)exec_add, &add);
    ir_brcond(&blk, IR_NE, ir_x(10), ir_x(0), l);
    ir_binop(&blk, IR_add, ir_x(1), ir_x(1), ir_const(&blk, (uint64_t)-8));
    ir_goto_tb(&blk, 0, PC0 + 4);
    ir_label(&blk, l);
    ir_exit_pc(&blk, t);
    dump_len = 0;
    dump_text[0] = 0;
    ir_dump(&blk, dump_capture);
    static const char *const want[] = {
        "---- 0x80001000\n",
        "    add t64, x10, $0x4\n",
        "    setcond x11, t64, x12, ltu\n",
        "    load.s32 x5, [x2 - 0x8]\n",
        "    store.8 [x2 + 0x10], $0x0\n",
        "    exec add\n",
        "    brcond ne, x10, $0x0, L0\n",
        "    add x1, x1, $-0x8\n",
        "    goto_tb 0, 0x80001004\n",
        "label L0\n",
        "    exit_pc t64\n",
    };
    const char *p = dump_text;
    for (unsigned k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
        const char *hit = strstr(p, want[k]);
        if (!hit)
            fail_msg("missing in dump: %s--- dump:\n%s", want[k], dump_text);
        p = hit + strlen(want[k]);
    }
}

/* ---- randomized: unfolded vs built vs optimized ---- */

#define RND_REGS   8 /* x0..x7 take part */
#define RND_LOCALS 6 /* plus one scratch local for the unfolded block's x0 writes */
#define RND_PURE   0 /* pure ops only, straight line */
#define RND_ALL    1 /* plus memory, exec, call2, branches, exits */

struct rnd_arg {
    int kind; /* 0: register, 1: local, 2: constant */
    uint64_t v;
};

struct gen {
    uint64_t s;
    int mode;
    struct ir_block *raw, *fold;
    uint64_t pc;
    unsigned pending[16], npending;
    unsigned ninsn;
};

static struct ir_block rnd_raw, rnd_fold, rnd_opt;
static struct insn rnd_insns[256];

static uint64_t rnd_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned rnd_below(struct gen *g, unsigned n) { return (unsigned)(rnd_next(&g->s) % n); }

static uint64_t rnd_value(struct gen *g)
{
    static const uint64_t special[] = {
        0,
        1,
        2,
        3,
        31,
        32,
        63,
        64,
        UINT64_MAX,
        (uint64_t)INT64_MIN,
        INT64_MAX,
        0x80000000,
        0x7fffffff,
        0xffffffff,
        0x8000,
        0x80,
        RAM_BASE + 0x100,
    };
    switch (rnd_below(g, 4)) {
    case 0: return special[rnd_below(g, sizeof(special) / sizeof(special[0]))];
    case 1: return rnd_next(&g->s) & 0xff;
    default: return rnd_next(&g->s);
    }
}

static struct rnd_arg rnd_in(struct gen *g)
{
    unsigned r = rnd_below(g, 20);
    if (r < 9)
        return (struct rnd_arg){0, rnd_below(g, RND_REGS)};
    if (r < 15)
        return (struct rnd_arg){1, rnd_below(g, RND_LOCALS)};
    return (struct rnd_arg){2, rnd_value(g)};
}

static struct rnd_arg rnd_out(struct gen *g)
{
    if (rnd_below(g, 2))
        return (struct rnd_arg){0, rnd_below(g, RND_REGS)};
    return (struct rnd_arg){1, rnd_below(g, RND_LOCALS)};
}

static ir_temp_t arg_temp(struct ir_block *b, struct rnd_arg a)
{
    if (a.kind == 0)
        return ir_x((unsigned)a.v);
    if (a.kind == 1)
        return (ir_temp_t)(IR_NUM_GLOBALS + a.v);
    return ir_const(b, a.v);
}

/* The unfolded block may not write x0: such writes go to a scratch local. */
static ir_temp_t raw_out(struct ir_block *b, struct rnd_arg a)
{
    return a.kind == 0 && a.v == 0 ? IR_NUM_GLOBALS + RND_LOCALS : arg_temp(b, a);
}

static void raw_op(struct ir_block *b, enum ir_opcode opc, unsigned nargs, const ir_temp_t *args,
                   uint64_t c0, uint64_t c1)
{
    assert_true(b->nops < IR_MAX_OPS);
    struct ir_op *op = &b->ops[b->nops++];
    *op = (struct ir_op){.opc = (uint8_t)opc, .nargs = (uint8_t)nargs, .c = {c0, c1}};
    for (unsigned k = 0; k < nargs; k++)
        op->args[k] = args[k];
}

static void gen_pure(struct gen *g)
{
    static const enum ir_opcode bin[] = {IR_add,   IR_sub,     IR_and,    IR_or,  IR_xor,
                                         IR_shl,   IR_shr,     IR_sar,    IR_mul, IR_mulh,
                                         IR_mulhu, IR_setcond, IR_setcond};
    static const enum ir_opcode un[] = {IR_mov,    IR_mov,    IR_neg,    IR_not,   IR_ext32s,
                                        IR_ext32u, IR_ext16s, IR_ext16u, IR_ext8s, IR_ext8u};
    struct rnd_arg out = rnd_out(g), a = rnd_in(g), c = rnd_in(g);
    if (rnd_below(g, 4) == 0) {
        enum ir_opcode op = un[rnd_below(g, sizeof(un) / sizeof(un[0]))];
        raw_op(g->raw, op, 2, (ir_temp_t[]){raw_out(g->raw, out), arg_temp(g->raw, a)}, 0, 0);
        ir_temp_t fo = arg_temp(g->fold, out), fa = arg_temp(g->fold, a);
        if (op == IR_mov)
            ir_mov(g->fold, fo, fa);
        else
            ir_unop(g->fold, op, fo, fa);
        return;
    }
    if (rnd_below(g, 8) == 0)
        c = a; /* same-operand identities */
    enum ir_opcode op = bin[rnd_below(g, sizeof(bin) / sizeof(bin[0]))];
    unsigned cond = rnd_below(g, 6);
    ir_temp_t ra[3] = {raw_out(g->raw, out), arg_temp(g->raw, a), arg_temp(g->raw, c)};
    raw_op(g->raw, op, 3, ra, op == IR_setcond ? cond : 0, 0);
    ir_temp_t fo = arg_temp(g->fold, out), fa = arg_temp(g->fold, a), fc = arg_temp(g->fold, c);
    if (op == IR_setcond)
        ir_setcond(g->fold, cond, fo, fa, fc);
    else
        ir_binop(g->fold, op, fo, fa, fc);
}

static void gen_insn_start(struct gen *g)
{
    g->pc += 4;
    raw_op(g->raw, IR_insn_start, 0, NULL, g->pc, 0);
    ir_insn_start(g->fold, g->pc);
}

static void gen_call2(struct gen *g)
{
    struct rnd_arg out = rnd_out(g), a = rnd_in(g), c = rnd_in(g);
    ir_temp_t ra[3] = {raw_out(g->raw, out), arg_temp(g->raw, a), arg_temp(g->raw, c)};
    raw_op(g->raw, IR_call2, 3, ra, (uintptr_t)helper_mix, 0);
    ir_call2(g->fold, helper_mix, arg_temp(g->fold, out), arg_temp(g->fold, a),
             arg_temp(g->fold, c));
}

/* Mostly addresses inside RAM; a register base usually faults. */
static struct rnd_arg rnd_addr(struct gen *g)
{
    if (rnd_below(g, 16) == 0)
        return (struct rnd_arg){0, rnd_below(g, RND_REGS)};
    return (struct rnd_arg){2, RAM_BASE + 16 + rnd_below(g, RAM_SIZE - 32)};
}

static void gen_mem(struct gen *g)
{
    struct rnd_arg addr = rnd_addr(g);
    int64_t disp = (int64_t)rnd_below(g, 17) - 8;
    if (rnd_below(g, 2)) {
        unsigned memop = rnd_below(g, 8);
        struct rnd_arg out = rnd_out(g);
        ir_temp_t ra[2] = {raw_out(g->raw, out), arg_temp(g->raw, addr)};
        raw_op(g->raw, IR_load, 2, ra, memop, (uint64_t)disp);
        ir_load(g->fold, memop, arg_temp(g->fold, out), arg_temp(g->fold, addr), disp);
    } else {
        unsigned memop = rnd_below(g, 4);
        struct rnd_arg val = rnd_in(g);
        ir_temp_t ra[2] = {arg_temp(g->raw, addr), arg_temp(g->raw, val)};
        raw_op(g->raw, IR_store, 2, ra, memop, (uint64_t)disp);
        ir_store(g->fold, memop, arg_temp(g->fold, addr), disp, arg_temp(g->fold, val));
    }
}

/* An interpreter body on random registers: add, xor, addi, ld (usually a
 * fault), or an illegal instruction. */
static void gen_exec(struct gen *g)
{
    unsigned rd = rnd_below(g, RND_REGS), rs1 = rnd_below(g, RND_REGS);
    unsigned rs2 = rnd_below(g, RND_REGS), imm = rnd_below(g, 4096);
    uint32_t raw;
    unsigned kind = rnd_below(g, 24);
    if (kind < 7)
        raw = ENC_R(0, 0, rd, rs1, rs2); /* add */
    else if (kind < 12)
        raw = ENC_R(0, 4, rd, rs1, rs2); /* xor */
    else if (kind < 16)
        raw = ENC_R(0x20, 0, rd, rs1, rs2); /* sub */
    else if (kind < 22)
        raw = ENC_ADDI(rd, rs1, imm);
    else if (kind == 22)
        raw = imm << 20 | rs1 << 15 | 3u << 12 | rd << 7 | 0x03; /* ld */
    else
        raw = 0; /* illegal */
    assert_true(g->ninsn < sizeof(rnd_insns) / sizeof(rnd_insns[0]));
    struct insn *i = &rnd_insns[g->ninsn++];
    insn_decode(i, raw);
    const void *fn = (const void *)exec_table[i->op];
    raw_op(g->raw, IR_exec, 0, NULL, (uintptr_t)fn, (uintptr_t)i);
    ir_exec(g->fold, fn, i);
}

static void gen_brcond(struct gen *g)
{
    if (g->npending == sizeof(g->pending) / sizeof(g->pending[0]))
        return;
    unsigned l = ir_new_label(g->raw);
    assert_int_equal(ir_new_label(g->fold), l);
    struct rnd_arg a = rnd_in(g), c = rnd_below(g, 8) ? rnd_in(g) : a;
    unsigned cond = rnd_below(g, 6);
    ir_temp_t ra[2] = {arg_temp(g->raw, a), arg_temp(g->raw, c)};
    raw_op(g->raw, IR_brcond, 2, ra, cond, l);
    ir_brcond(g->fold, cond, arg_temp(g->fold, a), arg_temp(g->fold, c), l);
    g->pending[g->npending++] = l;
}

static void gen_label(struct gen *g)
{
    if (!g->npending)
        return;
    unsigned k = rnd_below(g, g->npending), l = g->pending[k];
    g->pending[k] = g->pending[--g->npending];
    raw_op(g->raw, IR_label, 0, NULL, l, 0);
    ir_label(g->fold, l);
}

static void gen_exit(struct gen *g)
{
    switch (rnd_below(g, 4)) {
    case 0:
        raw_op(g->raw, IR_goto_tb, 0, NULL, 1, g->pc + 4);
        ir_goto_tb(g->fold, 1, g->pc + 4);
        break;
    case 1:
        raw_op(g->raw, IR_exit_stop, 0, NULL, g->pc, 0);
        ir_exit_stop(g->fold, g->pc);
        break;
    case 2: {
        struct rnd_arg a = rnd_in(g);
        raw_op(g->raw, IR_exit_pc, 1, (ir_temp_t[]){arg_temp(g->raw, a)}, 0, 0);
        ir_exit_pc(g->fold, arg_temp(g->fold, a));
        break;
    }
    default:
        raw_op(g->raw, IR_exit_npc, 0, NULL, 0, 0);
        ir_exit_npc(g->fold);
        break;
    }
}

/* Step weights per mode: pure, insn_start, memory, exec, call2, brcond,
 * label, exit (out of the sum). RND_ALL seeds alternate between a straight
 * line, a mix, and a branchy style, so exec and memory ops meet long regions
 * as well as short ones. */
static const unsigned gen_weights[4][8] = {
    {1, 0, 0, 0, 0, 0, 0, 0},    /* RND_PURE */
    {50, 8, 12, 16, 4, 0, 0, 0}, /* straight line */
    {55, 8, 8, 8, 4, 6, 6, 1},   /* mixed */
    {40, 6, 6, 8, 4, 16, 16, 2}, /* branchy */
};

static void gen_step(struct gen *g, const unsigned *w)
{
    static void (*const fns[8])(struct gen *) = {gen_pure,  gen_insn_start, gen_mem,   gen_exec,
                                                 gen_call2, gen_brcond,     gen_label, gen_exit};
    unsigned total = 0;
    for (unsigned k = 0; k < 8; k++)
        total += w[k];
    unsigned r = rnd_below(g, total);
    for (unsigned k = 0; k < 8; k++) {
        if (r < w[k]) {
            fns[k](g);
            return;
        }
        r -= w[k];
    }
}

static void gen_block(struct gen *g)
{
    ir_block_init(g->raw, PC0);
    ir_block_init(g->fold, PC0);
    for (unsigned k = 0; k <= RND_LOCALS; k++) {
        assert_int_equal(ir_new_local(g->raw), IR_NUM_GLOBALS + k);
        assert_int_equal(ir_new_local(g->fold), IR_NUM_GLOBALS + k);
    }
    g->pc = PC0 - 4;
    g->npending = 0;
    g->ninsn = 0;
    gen_insn_start(g);
    for (unsigned k = 0; k < RND_LOCALS; k++) {
        struct rnd_arg out = {1, k}, v = {2, rnd_value(g)};
        raw_op(g->raw, IR_mov, 2, (ir_temp_t[]){arg_temp(g->raw, out), arg_temp(g->raw, v)}, 0, 0);
        ir_mov(g->fold, arg_temp(g->fold, out), arg_temp(g->fold, v));
    }
    const unsigned *w = gen_weights[g->mode == RND_PURE ? 0 : 1 + rnd_below(g, 3)];
    unsigned n = 1 + rnd_below(g, 80);
    for (unsigned k = 0; k < n; k++)
        gen_step(g, w);
    while (g->npending)
        gen_label(g);
    gen_exit(g);
    assert_false(g->raw->overflow);
    assert_false(g->fold->overflow);
}

struct outcome {
    uintptr_t code;
    uint64_t x[32], pc, retired, minstret, mcycle, cause, tval;
    uint8_t mem[RAM_SIZE];
};

static struct outcome out_raw, out_fold, out_opt;

static void run_random(const struct ir_block *b, uint64_t seed, struct outcome *o)
{
    struct gen g = {.s = seed ^ 0x5eed};
    struct hart *h = fx_hart;
    for (unsigned r = 1; r < 32; r++)
        h->x[r] = rnd_value(&g);
    for (size_t k = 0; k < RAM_SIZE; k += 8) {
        uint64_t v = rnd_next(&g.s);
        memcpy(ram() + k, &v, 8);
    }
    h->pc = h->npc = 0;
    h->minstret = h->mcycle_off = 0;
    h->mcountinhibit = 0;
    h->trap_cause = h->trap_tval = 0;
    o->code = ir_run(h, b, &o->retired);
    memcpy(o->x, h->x, sizeof(o->x));
    o->pc = h->pc;
    o->minstret = h->minstret;
    o->mcycle = hart_mcycle(h);
    o->cause = o->code == JIT_EXIT_TRAP ? h->trap_cause : 0;
    o->tval = o->code == JIT_EXIT_TRAP ? h->trap_tval : 0;
    memcpy(o->mem, ram(), RAM_SIZE);
}

static void print_stdout(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

static void expect_same(const struct outcome *want, const struct outcome *got, const char *what,
                        uint64_t seed, const struct ir_block *wb, const struct ir_block *gb)
{
    bool same = want->code == got->code && !memcmp(want->x, got->x, sizeof(want->x)) &&
                want->pc == got->pc && want->retired == got->retired &&
                want->minstret == got->minstret && want->mcycle == got->mcycle &&
                want->cause == got->cause && want->tval == got->tval &&
                !memcmp(want->mem, got->mem, RAM_SIZE);
    if (same)
        return;
    printf("seed %llu: %s differs (exit %lu vs %lu, pc %llx vs %llx, retired %llu vs %llu)\n",
           (unsigned long long)seed, what, (unsigned long)want->code, (unsigned long)got->code,
           (unsigned long long)want->pc, (unsigned long long)got->pc,
           (unsigned long long)want->retired, (unsigned long long)got->retired);
    for (unsigned r = 0; r < 32; r++)
        if (want->x[r] != got->x[r])
            printf("  x%u: %llx vs %llx\n", r, (unsigned long long)want->x[r],
                   (unsigned long long)got->x[r]);
    ir_dump(wb, print_stdout);
    ir_dump(gb, print_stdout);
    fail_msg("randomized block mismatch");
}

/* No op may write x0 or a constant after building and optimizing. */
static void expect_well_formed(const struct ir_block *b)
{
    for (unsigned k = 0; k < b->nops; k++) {
        const struct ir_op *op = &b->ops[k];
        assert_true(op->opc < IR_OP_COUNT);
        if (ir_op_descs[op->opc].outputs)
            assert_false(ir_is_const(b, op->args[0]));
    }
}

static void random_blocks(int mode, unsigned seeds)
{
    for (uint64_t seed = 1; seed <= seeds; seed++) {
        struct gen g = {
            .s = seed * 7919 + (uint64_t)mode, .mode = mode, .raw = &rnd_raw, .fold = &rnd_fold};
        gen_block(&g);
        rnd_opt = rnd_fold;
        ir_optimize(&rnd_opt);
        assert_true(rnd_opt.nops <= rnd_fold.nops);
        expect_well_formed(&rnd_fold);
        expect_well_formed(&rnd_opt);
        run_random(&rnd_raw, seed, &out_raw);
        run_random(&rnd_fold, seed, &out_fold);
        run_random(&rnd_opt, seed, &out_opt);
        expect_same(&out_raw, &out_fold, "built vs unfolded", seed, &rnd_raw, &rnd_fold);
        expect_same(&out_fold, &out_opt, "optimized vs built", seed, &rnd_fold, &rnd_opt);
        ir_optimize(&rnd_opt); /* a second pass must keep the meaning too */
        run_random(&rnd_opt, seed, &out_opt);
        expect_same(&out_fold, &out_opt, "optimized twice", seed, &rnd_fold, &rnd_opt);
    }
}

static void test_random_pure_blocks(void **state)
{
    (void)state;
    random_blocks(RND_PURE, 5000);
}

static void test_random_mixed_blocks(void **state)
{
    (void)state;
    random_blocks(RND_ALL, 5000);
}

/* The optimizer must actually simplify random pure blocks on average. */
static void test_random_optimizer_shrinks(void **state)
{
    (void)state;
    unsigned before = 0, after = 0;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        struct gen g = {.s = seed, .mode = RND_PURE, .raw = &rnd_raw, .fold = &rnd_fold};
        gen_block(&g);
        before += rnd_fold.nops;
        ir_optimize(&rnd_fold);
        after += rnd_fold.nops;
    }
    assert_true(after < before * 9 / 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_arith),
        cmocka_unit_test(test_eval_shifts),
        cmocka_unit_test(test_eval_mulh),
        cmocka_unit_test(test_eval_ext),
        cmocka_unit_test(test_eval_setcond),
        cmocka_unit_test(test_block_init),
        cmocka_unit_test(test_op_table),
        cmocka_unit_test(test_const_temps),
        cmocka_unit_test(test_fold_all_constant),
        cmocka_unit_test(test_fold_identities),
        cmocka_unit_test(test_fold_x0_and_self),
        cmocka_unit_test(test_fold_call2_and_brcond),
        cmocka_unit_test(test_builder_ops),
        cmocka_unit_test(test_overflow_ops),
        cmocka_unit_test(test_overflow_temps),
        cmocka_unit_test(test_opt_constant_propagation),
        cmocka_unit_test(test_opt_copy_propagation),
        cmocka_unit_test(test_opt_copy_invalidated),
        cmocka_unit_test(test_opt_sext32_known),
        cmocka_unit_test(test_opt_dead_code),
        cmocka_unit_test(test_opt_global_write_barriers),
        cmocka_unit_test(test_opt_exec_barrier),
        cmocka_unit_test(test_opt_local_across_branch),
        cmocka_unit_test(test_opt_backward_branch),
        cmocka_unit_test(test_opt_brcond_folding),
        cmocka_unit_test(test_run_branches),
        cmocka_unit_test(test_run_backward_branch),
        cmocka_unit_test(test_run_exits),
        cmocka_unit_test(test_run_counters),
        cmocka_unit_test(test_run_counter_before_exec),
        cmocka_unit_test(test_run_memory),
        cmocka_unit_test(test_run_load_trap),
        cmocka_unit_test(test_run_exec_trap),
        cmocka_unit_test(test_run_call2),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_random_pure_blocks),
        cmocka_unit_test(test_random_mixed_blocks),
        cmocka_unit_test(test_random_optimizer_shrinks),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
