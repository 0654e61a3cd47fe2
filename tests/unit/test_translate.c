/* SPDX-License-Identifier: MIT */
/* Unit tests for cpu/translate.c: block formation rules, the exec fallback,
 * and every native translation checked against the interpreter. Each case
 * runs on two identical harts: the interpreter on one, translate_block +
 * ir_optimize + ir_run on the other; registers, pc, counters and memory
 * must agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/exec.h"
#include "cpu/mmu.h"
#include "cpu/translate.h"
#include "mem/bus.h"
#include "tcg/ir_run.h"
#include "tcg/jit.h"
#include "translate_cases.h"

#define RAM_BASE  0x80000000ull
#define RAM_SIZE  (1ull << 20)
#define CODE_PC   TCASE_BASE           /* programs and directed cases */
#define DATA_PA   (RAM_BASE + 0x20000) /* data window: a0/sp point here */
#define DATA_SIZE 0x4000ull
#define ONE_PC    (RAM_BASE + 0x30ffc) /* last word of a page: one-instruction blocks */
#define ONE_DATA  (DATA_PA + 0x1000)   /* what random loads and stores address */
#define TRAP_VEC  (RAM_BASE + 0x100)

struct side {
    struct bus *bus;
    struct hart *h;
};

struct fx {
    struct side ref, jit; /* interpreter, translated code */
    struct ir_block *b;
    struct insn insns[TRANSLATE_MAX_INSNS];
    uint64_t rng;
    uint64_t cmp_lo, cmp_hi; /* memory compared after each run */
    uint32_t back;           /* the last translation's bytes below its pc */
};

/* --- fixture --- */

static void side_init(struct side *s)
{
    s->bus = bus_create();
    assert_non_null(s->bus);
    assert_int_equal(bus_add_ram(s->bus, "ram", RAM_BASE, RAM_SIZE), 0);
    s->h = hart_create(s->bus, 0);
    assert_non_null(s->h);
    hart_reset(s->h, CODE_PC);
    s->h->mtvec = TRAP_VEC;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->b = calloc(1, sizeof(*f->b));
    assert_non_null(f->b);
    side_init(&f->ref);
    side_init(&f->jit);
    f->rng = 0x9e3779b97f4a7c15ull;
    f->cmp_lo = DATA_PA;
    f->cmp_hi = DATA_PA + DATA_SIZE;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    struct side *sides[2] = {&f->ref, &f->jit};
    for (unsigned k = 0; k < 2; k++) {
        hart_free(sides[k]->h);
        bus_free(sides[k]->bus);
    }
    free(f->b);
    free(f);
    return 0;
}

/* --- state on both sides --- */

static uint8_t *ram(struct side *s, uint64_t pa, uint64_t len)
{
    uint8_t *p = bus_host_ptr(s->bus, pa, len, true);
    assert_non_null(p);
    return p;
}

static void put_bytes(struct fx *f, uint64_t pa, const void *data, uint64_t len)
{
    memcpy(ram(&f->ref, pa, len), data, len);
    memcpy(ram(&f->jit, pa, len), data, len);
}

static void put32(struct fx *f, uint64_t pa, uint32_t w) { put_bytes(f, pa, &w, 4); }
static void put16(struct fx *f, uint64_t pa, uint16_t w) { put_bytes(f, pa, &w, 2); }

static void set_reg(struct fx *f, unsigned r, uint64_t v)
{
    f->ref.h->x[r] = v;
    f->jit.h->x[r] = v;
}

static void set_pc(struct fx *f, uint64_t pc)
{
    f->ref.h->pc = pc;
    f->jit.h->pc = pc;
}

static void fill_data(struct fx *f, uint64_t seed)
{
    uint8_t *a = ram(&f->ref, DATA_PA, DATA_SIZE), *b = ram(&f->jit, DATA_PA, DATA_SIZE);
    for (uint64_t k = 0; k < DATA_SIZE; k++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        a[k] = b[k] = (uint8_t)(seed >> 56);
    }
}

static uint64_t rnd(struct fx *f) /* splitmix64 */
{
    uint64_t z = (f->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Random register contents, biased towards the corner cases of shifts,
 * compares, 32-bit ops and division. */
static uint64_t rnd_value(struct fx *f)
{
    /* clang-format off */
    static const uint64_t special[] = {
        0, 1, 2, ~0ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x7fffffff, 0x80000000,
        0xffffffff, 0xffffffff80000000ull, 0x100000000ull, 31, 32, 63, 64, 0xff, 0x8000,
    };
    /* clang-format on */
    uint64_t r = rnd(f);
    switch (r & 7) {
    case 0: return special[(r >> 8) % (sizeof(special) / sizeof(special[0]))];
    case 1: return (uint64_t)((int64_t)(r >> 8) % 64);
    case 2: return (uint64_t)(int64_t)(int32_t)(r >> 16);
    default: return rnd(f);
    }
}

/* Random f register contents: the corner cases of double arithmetic (zeros,
 * infinities, quiet and signaling NaNs, subnormals, values whose sums and
 * products overflow or underflow), NaN-boxed and unboxed singles. */
static uint64_t rnd_fp_value(struct fx *f)
{
    /* clang-format off */
    static const uint64_t special[] = {
        0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x7ff8000000000000ull, 0xfff8000000000001ull, 0x7ff0000000000001ull, 0x7ff4000000000000ull,
        0x0000000000000001ull, 0x000fffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull,
        0x7fefffffffffffffull, 0xffefffffffffffffull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
        0x2000000000000000ull, 0x1ff0000000000000ull, 0x5ff0000000000000ull, 0x3ff0000000000001ull,
        0xffffffff3f800000ull, 0xffffffff7fc00000ull, 0x000000003f800000ull,
    };
    /* clang-format on */
    uint64_t r = rnd(f);
    switch (r & 3) {
    case 0: return special[(r >> 8) % (sizeof(special) / sizeof(special[0]))];
    case 1: /* a moderate double: exponent near 1.0 */
        return ((r >> 8) & 0x800fffffffffffffull) | (uint64_t)(0x3f0 + (r >> 2) % 32) << 52;
    case 2: return 0xffffffff00000000ull | (uint32_t)rnd(f);
    default: return rnd(f);
    }
}

/* mstatus.FS (mostly Dirty, sometimes Off, Initial or Clean), frm (mostly
 * RNE) and fflags, the same on both sides. */
static void randomize_fp_state(struct fx *f)
{
    uint64_t r = rnd(f);
    unsigned fs = (r & 3) ? FS_DIRTY : (unsigned)(r >> 2) % 4;
    unsigned frm = (r & 0x30) ? 0 : (unsigned)(r >> 6) % 8;
    struct hart *sides[2] = {f->ref.h, f->jit.h};
    for (unsigned k = 0; k < 2; k++) {
        struct hart *h = sides[k];
        h->mstatus = (h->mstatus & ~(MSTATUS_FS | MSTATUS_SD)) | (uint64_t)fs << MSTATUS_FS_SHIFT;
        if (fs == FS_DIRTY)
            h->mstatus |= MSTATUS_SD;
        h->frm = frm;
        h->fflags = (unsigned)(r >> 9) & 0x1f;
    }
    for (unsigned k = 0; k < 32; k++) {
        uint64_t v = rnd_fp_value(f);
        f->ref.h->f[k] = v;
        f->jit.h->f[k] = v;
    }
}

static void randomize_regs(struct fx *f)
{
    for (unsigned r = 1; r < 32; r++)
        set_reg(f, r, rnd_value(f));
    randomize_fp_state(f);
}

/* --- the IR contract the backends rely on --- */

static unsigned count_ops(const struct ir_block *b, unsigned opc)
{
    unsigned n = 0;
    for (unsigned k = 0; k < b->nops; k++)
        n += b->ops[k].opc == opc;
    return n;
}

static const struct ir_op *last_op(const struct ir_block *b)
{
    assert_true(b->nops > 0);
    return &b->ops[b->nops - 1];
}

static bool is_const_below(const struct ir_block *b, ir_temp_t t, uint64_t limit)
{
    return ir_is_const(b, t) && b->temps[t].value < limit;
}

/* A shift amount must be below 64 (tcg/ir.h): a constant, or a local last
 * set by `and` with a constant mask (or by a folded mov of a constant). */
static bool shift_amount_ok(const struct ir_block *b, unsigned at, ir_temp_t t)
{
    if (ir_is_const(b, t))
        return is_const_below(b, t, 64);
    for (unsigned k = at; k-- > 0;) {
        const struct ir_op *op = &b->ops[k];
        if (!ir_op_descs[op->opc].outputs || op->args[0] != t)
            continue;
        if (op->opc == IR_mov)
            return is_const_below(b, op->args[1], 64);
        return op->opc == IR_and &&
               (is_const_below(b, op->args[1], 64) || is_const_below(b, op->args[2], 64));
    }
    return false;
}

static void check_contract(const struct ir_block *b, unsigned n)
{
    assert_false(b->overflow);
    assert_int_equal(b->ninsns, n);
    assert_int_equal(count_ops(b, IR_insn_start), n);
    assert_int_equal(b->ops[0].opc, IR_insn_start);
    assert_true(ir_op_descs[last_op(b)->opc].flags & IRF_EXIT);
    for (unsigned k = 0; k < b->nops; k++) {
        const struct ir_op *op = &b->ops[k];
        if (ir_op_descs[op->opc].outputs)
            assert_int_not_equal(op->args[0], 0); /* x0 is never written */
        if (op->opc == IR_shl || op->opc == IR_shr || op->opc == IR_sar)
            assert_true(shift_amount_ok(b, k, op->args[2]));
    }
}

/* --- running a block both ways --- */

static unsigned translate(struct fx *f, uint64_t pc, unsigned cap, uint32_t *size)
{
    struct hart *h = f->jit.h;
    return translate_block(h, f->b, pc, jit_tb_flags(h), f->insns, cap, size, &f->back);
}

static void compare_sides(struct fx *f, const char *what)
{
    const struct hart *a = f->ref.h, *b = f->jit.h;
    for (unsigned r = 1; r < 32; r++)
        if (a->x[r] != b->x[r])
            fail_msg("%s: x%u interp %#" PRIx64 " jit %#" PRIx64, what, r, a->x[r], b->x[r]);
    if (a->pc != b->pc)
        fail_msg("%s: pc interp %#" PRIx64 " jit %#" PRIx64, what, a->pc, b->pc);
    if (a->minstret != b->minstret || hart_mcycle(a) != hart_mcycle(b))
        fail_msg("%s: minstret interp %" PRIu64 " jit %" PRIu64, what, a->minstret, b->minstret);
    if (a->mcause != b->mcause || a->mepc != b->mepc || a->mtval != b->mtval)
        fail_msg("%s: trap state differs (mcause %#" PRIx64 " vs %#" PRIx64 ")", what, a->mcause,
                 b->mcause);
    if (a->mscratch != b->mscratch)
        fail_msg("%s: mscratch differs", what);
    for (unsigned r = 0; r < 32; r++)
        if (a->f[r] != b->f[r])
            fail_msg("%s: f%u interp %#" PRIx64 " jit %#" PRIx64, what, r, a->f[r], b->f[r]);
    if (a->fflags != b->fflags || a->mstatus != b->mstatus)
        fail_msg("%s: fflags %#x vs %#x, mstatus %#" PRIx64 " vs %#" PRIx64, what, a->fflags,
                 b->fflags, a->mstatus, b->mstatus);
    uint64_t len = f->cmp_hi - f->cmp_lo;
    if (memcmp(ram(&f->ref, f->cmp_lo, len), ram(&f->jit, f->cmp_lo, len), len))
        fail_msg("%s: memory differs", what);
}

/* Translate the block at the jit hart's pc and run it with ir_run, then run
 * the interpreter for the same instructions (plus the faulting one on a
 * trap) and compare. Returns the block's instruction count. */
static unsigned run_block(struct fx *f, const char *what)
{
    struct hart *h = f->jit.h;
    uint32_t size;
    uint64_t retired;
    unsigned n = translate(f, h->pc, TRANSLATE_MAX_INSNS, &size);
    if (!n)
        fail_msg("%s: no block at %#" PRIx64, what, h->pc);
    check_contract(f->b, n);
    ir_optimize(f->b);
    uintptr_t exit = ir_run(h, f->b, &retired);
    if (exit == JIT_EXIT_TRAP) {
        trap_enter(h, h->trap_cause, h->trap_tval);
        retired++;
    }
    assert_int_equal(interp_run(f->ref.h, retired), retired);
    compare_sides(f, what);
    return n;
}

/* Load a program at CODE_PC and run it block by block to its `end` label,
 * comparing after every block. */
static void run_program(struct fx *f, const uint8_t *code, size_t len, uint64_t end,
                        const char *what)
{
    put_bytes(f, CODE_PC, code, len);
    fill_data(f, 1);
    set_reg(f, 10, DATA_PA);
    set_reg(f, 2, DATA_PA + DATA_SIZE);
    set_pc(f, CODE_PC);
    unsigned blocks = 0;
    const struct hart *h = f->jit.h;
    /* The ebreak at `end` may share a block with the code before it. */
    while (h->pc != CODE_PC + end &&
           !(h->pc == TRAP_VEC && h->mcause == EXC_BREAKPOINT && h->mepc == CODE_PC + end)) {
        if (++blocks > 20000)
            fail_msg("%s: did not reach its end", what);
        run_block(f, what);
    }
}

/* --- encodings --- */

static uint32_t enc_r(unsigned op, unsigned rd, unsigned rs1, unsigned rs2)
{
    return insn_descs[op].match | rd << 7 | rs1 << 15 | rs2 << 20;
}

static uint32_t enc_i(unsigned op, unsigned rd, unsigned rs1, int32_t imm)
{
    return insn_descs[op].match | rd << 7 | rs1 << 15 | ((uint32_t)imm & 0xfff) << 20;
}

static uint32_t enc_u(unsigned op, unsigned rd, uint32_t imm20)
{
    return insn_descs[op].match | rd << 7 | imm20 << 12;
}

static uint32_t enc_b(unsigned op, unsigned rs1, unsigned rs2, int32_t off)
{
    uint32_t o = (uint32_t)off;
    return insn_descs[op].match | rs1 << 15 | rs2 << 20 | ((o >> 12) & 1) << 31 |
           ((o >> 5) & 0x3f) << 25 | ((o >> 1) & 0xf) << 8 | ((o >> 11) & 1) << 7;
}

static uint32_t enc_j(unsigned rd, int32_t off)
{
    uint32_t o = (uint32_t)off;
    return insn_descs[OP_jal].match | rd << 7 | ((o >> 20) & 1) << 31 | ((o >> 1) & 0x3ff) << 21 |
           ((o >> 11) & 1) << 20 | ((o >> 12) & 0xff) << 12;
}

static uint32_t enc_csr(unsigned op, unsigned rd, unsigned rs1, unsigned csr)
{
    return insn_descs[op].match | rd << 7 | rs1 << 15 | csr << 20;
}

static void assert_ends_goto(const struct ir_block *b, unsigned slot, uint64_t pc)
{
    const struct ir_op *op = last_op(b);
    assert_int_equal(op->opc, IR_goto_tb);
    assert_int_equal(op->c[0], slot);
    assert_int_equal(op->c[1], pc);
}

/* --- block formation --- */

static void test_ends_after_jump(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC, enc_i(OP_addi, 10, 10, 1));
    put32(f, CODE_PC + 4, enc_i(OP_addi, 10, 10, 2));
    put32(f, CODE_PC + 8, enc_j(1, 0x20)); /* jal ra: a call ends the block */
    put32(f, CODE_PC + 12, enc_i(OP_addi, 10, 10, 4));
    uint32_t size = 0;
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 3);
    assert_int_equal(size, 12);
    assert_int_equal(f->b->ninsns, 3);
    assert_int_equal(count_ops(f->b, IR_insn_start), 3);
    assert_ends_goto(f->b, 0, CODE_PC + 8 + 0x20);
    /* A plain `j` forward in the page: the block goes on at its target
     * (the jump retires and counts); backward, it ends the block. */
    put32(f, CODE_PC + 8, enc_j(0, 0x20));
    put32(f, CODE_PC + 0x28, enc_i(OP_addi, 10, 10, 8));
    put32(f, CODE_PC + 0x2c, enc_j(0, -0x2c));
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 5);
    assert_int_equal(size, 0x30);
    assert_ends_goto(f->b, 0, CODE_PC);
    set_pc(f, CODE_PC);
    set_reg(f, 10, 0);
    run_block(f, "followed jump");
    assert_int_equal(f->jit.h->x[10], 11);
    assert_int_equal(f->jit.h->pc, CODE_PC);
    put32(f, CODE_PC + 8, enc_j(1, 0x20));
    set_pc(f, CODE_PC);
    set_reg(f, 10, 5);
    assert_int_equal(run_block(f, "jal block"), 3);
    assert_int_equal(f->jit.h->x[10], 8);
}

/* A `j` back to an address of the page below all of the block's bytes:
 * the block goes on there (a shared tail duplicated into it), and covers
 * [pc - back, pc + size). One to an address it may already have ends it. */
static void test_backward_jump_followed(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC + 0x40, enc_i(OP_addi, 10, 10, 1));
    put32(f, CODE_PC + 0x44, enc_i(OP_addi, 10, 10, 2));
    put32(f, CODE_PC + 0x48, enc_j(0, -0x38)); /* to +0x10 */
    put32(f, CODE_PC + 0x10, enc_i(OP_addi, 10, 10, 4));
    put32(f, CODE_PC + 0x14, enc_j(0, -0x14)); /* to +0x0 */
    put32(f, CODE_PC, enc_i(OP_addi, 10, 10, 8));
    put32(f, CODE_PC + 4, enc_j(1, 0x20)); /* a call ends the block */
    uint32_t size = 0;
    assert_int_equal(translate(f, CODE_PC + 0x40, TRANSLATE_MAX_INSNS, &size), 7);
    assert_int_equal(size, 0xc);
    assert_int_equal(f->back, 0x40);
    assert_ends_goto(f->b, 0, CODE_PC + 4 + 0x20);
    set_pc(f, CODE_PC + 0x40);
    set_reg(f, 10, 0);
    assert_int_equal(run_block(f, "backward jumps"), 7);
    assert_int_equal(f->jit.h->x[10], 15);
    assert_int_equal(f->jit.h->x[1], CODE_PC + 8);
    /* back into bytes the block has: not followed */
    put32(f, CODE_PC + 0x14, enc_j(0, 0x30)); /* to +0x44 */
    assert_int_equal(translate(f, CODE_PC + 0x40, TRANSLATE_MAX_INSNS, &size), 5);
    assert_int_equal(f->back, 0x30);
    assert_ends_goto(f->b, 0, CODE_PC + 0x44);
}

static void test_ends_at_page_end(void **state)
{
    struct fx *f = *state;
    uint64_t pc = CODE_PC + 0xff4;
    for (unsigned k = 0; k < 3; k++)
        put32(f, pc + 4 * k, enc_i(OP_addi, 11, 11, 3));
    uint32_t size = 0;
    assert_int_equal(translate(f, pc, TRANSLATE_MAX_INSNS, &size), 3);
    assert_int_equal(size, 12);
    assert_ends_goto(f->b, 0, CODE_PC + 0x1000);
    set_pc(f, pc);
    run_block(f, "page end");
    assert_int_equal(f->jit.h->pc, CODE_PC + 0x1000);
}

/* A 32-bit instruction at offset 0xffe straddles the page: a block may end
 * before it, but cannot start with it. */
static void test_straddling_insn(void **state)
{
    struct fx *f = *state;
    uint32_t addi = enc_i(OP_addi, 10, 10, 1), size = 0;
    put16(f, CODE_PC + 0xffc, 0x0505); /* c.addi a0, 1 */
    put16(f, CODE_PC + 0xffe, (uint16_t)addi);
    put16(f, CODE_PC + 0x1000, (uint16_t)(addi >> 16));
    assert_int_equal(translate(f, CODE_PC + 0xffc, TRANSLATE_MAX_INSNS, &size), 1);
    assert_int_equal(size, 2);
    assert_ends_goto(f->b, 0, CODE_PC + 0xffe);
    size = 77;
    assert_int_equal(translate(f, CODE_PC + 0xffe, TRANSLATE_MAX_INSNS, &size), 0);
    assert_int_equal(size, 77);
    /* At the end of RAM the second half cannot even be fetched. */
    uint64_t last = RAM_BASE + RAM_SIZE - 2;
    put16(f, last, (uint16_t)addi);
    assert_int_equal(translate(f, last, TRANSLATE_MAX_INSNS, &size), 0);
    put16(f, last, 0x0505);
    assert_int_equal(translate(f, last, TRANSLATE_MAX_INSNS, &size), 1);
    assert_int_equal(size, 2);
}

static void test_max_insns(void **state)
{
    struct fx *f = *state;
    for (unsigned k = 0; k < 100; k++)
        put32(f, CODE_PC + 4 * k, enc_i(OP_addi, 10, 10, 1));
    uint32_t size = 0;
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), TRANSLATE_MAX_INSNS);
    assert_int_equal(size, 4 * TRANSLATE_MAX_INSNS);
    assert_ends_goto(f->b, 0, CODE_PC + 4 * TRANSLATE_MAX_INSNS);
    set_pc(f, CODE_PC);
    set_reg(f, 10, 0);
    run_block(f, "64 addi");
    assert_int_equal(f->jit.h->x[10], TRANSLATE_MAX_INSNS);
}

/* Instructions without a translator need a slot in insns; the block ends
 * before the first one that finds the storage full. */
static void test_storage_full(void **state)
{
    struct fx *f = *state;
    for (unsigned k = 0; k < 5; k++) {
        put32(f, CODE_PC + 8 * k, insn_descs[OP_clmul].match);
        put32(f, CODE_PC + 8 * k + 4, enc_i(OP_addi, 12, 12, 1));
    }
    put32(f, CODE_PC + 40, enc_b(OP_beq, 0, 0, -40));
    uint32_t size = 0;
    assert_int_equal(translate(f, CODE_PC, 2, &size), 4);
    assert_int_equal(size, 16);
    assert_int_equal(count_ops(f->b, IR_exec), 2);
    assert_ends_goto(f->b, 0, CODE_PC + 16);
    assert_ptr_equal((const void *)(uintptr_t)f->b->ops[1].c[1], &f->insns[0]);
    assert_int_equal(f->insns[0].op, OP_clmul);
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 11);
    assert_int_equal(count_ops(f->b, IR_exec), 5);
    /* Native instructions need no storage at all. */
    assert_int_equal(translate(f, CODE_PC + 4, 0, &size), 1);
    assert_int_equal(size, 4);
}

/* A CSR instruction runs through its exec body, then the block leaves
 * through h->npc so that the run loop sees the changed state. */
static void test_csr_fallback(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC, enc_csr(OP_csrrw, 10, 11, CSR_MTVAL));
    put32(f, CODE_PC + 4, enc_i(OP_addi, 10, 10, 1));
    uint32_t size = 0;
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 1);
    assert_int_equal(size, 4);
    assert_int_equal(f->b->nops, 3);
    assert_int_equal(f->b->ops[0].opc, IR_insn_start);
    assert_int_equal(f->b->ops[0].c[0], CODE_PC);
    assert_int_equal(f->b->ops[1].opc, IR_exec);
    assert_ptr_equal((const void *)(uintptr_t)f->b->ops[1].c[0], (const void *)exec_csrrw);
    assert_int_equal(f->b->ops[2].opc, IR_exit_npc);
    f->ref.h->mtval = f->jit.h->mtval = 0x1234;
    set_reg(f, 11, 0xabcd);
    set_pc(f, CODE_PC);
    run_block(f, "csrrw");
    assert_int_equal(f->jit.h->x[10], 0x1234);
    assert_int_equal(f->jit.h->mtval, 0xabcd);
    assert_int_equal(f->jit.h->pc, CODE_PC + 4);
}

/* A CSR read, and a write to a CSR jit_exec_csr watches, do not end the
 * block; the write leaves when it enables a pending interrupt (or changes
 * the block's flags). */
static void test_csr_going_on(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC, enc_csr(OP_csrrs, 12, 0, CSR_MSCRATCH)); /* csrr */
    put32(f, CODE_PC + 4, enc_csr(OP_csrrw, 10, 11, CSR_MSCRATCH));
    put32(f, CODE_PC + 8, enc_csr(OP_csrrs, 0, 13, CSR_MSTATUS)); /* csrs mstatus, a3 */
    put32(f, CODE_PC + 12, enc_i(OP_addi, 10, 10, 1));
    put32(f, CODE_PC + 16, enc_j(0, 0));
    uint32_t size = 0;
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 5);
    assert_int_equal(count_ops(f->b, IR_exec), 3);
    assert_ptr_equal((const void *)(uintptr_t)f->b->ops[3].c[0], (const void *)jit_exec_csr);
    for (unsigned k = 0; k < 2; k++) {
        f->ref.h->mscratch = f->jit.h->mscratch = 0x1234;
        f->ref.h->mstatus &= ~MSTATUS_MIE;
        f->jit.h->mstatus &= ~MSTATUS_MIE;
        set_reg(f, 10, 0);
        set_reg(f, 11, 0xabcd);
        set_reg(f, 13, MSTATUS_MIE);
        for (struct hart *h = f->ref.h; h; h = h == f->ref.h ? f->jit.h : NULL) {
            h->mie = MIP_MSIP; /* k = 1: one pending */
            __atomic_store_n(&h->mip, k ? MIP_MSIP : 0, __ATOMIC_SEQ_CST);
        }
        set_pc(f, CODE_PC);
        assert_int_equal(run_block(f, "csr accesses"), 5);
        assert_int_equal(f->jit.h->x[12], 0x1234);
        assert_int_equal(f->jit.h->mscratch, 0xabcd);
        assert_int_equal(f->jit.h->x[10], k ? 0x1234 : 0x1235);
        assert_int_equal(f->jit.h->pc, k ? CODE_PC + 12 : CODE_PC + 16);
        hart_exit_handled(f->jit.h);
        hart_exit_handled(f->ref.h);
    }
    for (struct hart *h = f->ref.h; h; h = h == f->ref.h ? f->jit.h : NULL) {
        h->mie = 0;
        __atomic_store_n(&h->mip, 0, __ATOMIC_SEQ_CST);
        h->mstatus &= ~MSTATUS_MIE;
    }
}

/* In S mode, csrrci/csrs on sstatus work on mstatus in place: clearing SIE
 * goes on, setting it goes on unless an interrupt is pending and enabled
 * (then the block leaves after it), and setting other bits runs the
 * interpreter's body and leaves. */
static void test_sstatus_in_place(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC, enc_csr(OP_csrrci, 10, MSTATUS_SIE, CSR_SSTATUS)); /* csrrci a0, sstatus, 2 */
    put32(f, CODE_PC + 4, enc_csr(OP_csrrs, 12, 11, CSR_SSTATUS));       /* csrrs a2, sstatus, a1 */
    put32(f, CODE_PC + 8, enc_i(OP_addi, 13, 13, 1));
    put32(f, CODE_PC + 12, enc_j(0, 0));
    static const struct {
        uint64_t a1, mip;
        unsigned retired;
        uint64_t pc;
    } cases[] = {
        {MSTATUS_SIE, 0, 4, CODE_PC + 12},              /* restore: goes on */
        {0, MIP_SSIP, 4, CODE_PC + 12},                 /* nothing set: goes on */
        {MSTATUS_SIE, MIP_SSIP, 2, CODE_PC + 8},        /* pending: leaves */
        {MSTATUS_SIE | MSTATUS_SUM, 0, 2, CODE_PC + 8}, /* SUM: the body, then leaves */
    };
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        for (struct hart *h = f->ref.h; h; h = h == f->ref.h ? f->jit.h : NULL) {
            pmp_write_addr(h, 0, (1ull << 54) - 1); /* S may reach everything */
            pmp_write_cfg(h, 0, PMP_NAPOT << 3 | PMP_R | PMP_W | PMP_X);
            h->priv = PRV_S;
            h->mstatus = (h->mstatus & ~MSTATUS_SUM) | MSTATUS_SIE;
            hart_update_mmu_idx(h);
            h->mie = MIP_SSIP;
            __atomic_store_n(&h->mip, cases[k].mip, __ATOMIC_SEQ_CST);
        }
        uint32_t size = 0;
        assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 4);
        assert_int_equal(count_ops(f->b, IR_exec), 1); /* csrs's other bits only */
        assert_int_equal(count_ops(f->b, IR_ld_env), 4);
        set_reg(f, 10, 0);
        set_reg(f, 11, cases[k].a1);
        set_reg(f, 13, 0);
        set_pc(f, CODE_PC);
        assert_int_equal(run_block(f, "sstatus in place"), 4);
        assert_int_equal(f->jit.h->pc, cases[k].pc);
        assert_int_equal(f->jit.h->x[10] & MSTATUS_SIE, MSTATUS_SIE);
        assert_int_equal(f->jit.h->x[12] & MSTATUS_SIE, 0);
        assert_int_equal(f->jit.h->x[13], cases[k].retired == 4);
        assert_int_equal(f->jit.h->mstatus & (MSTATUS_SIE | MSTATUS_SUM),
                         cases[k].a1 & (MSTATUS_SIE | MSTATUS_SUM));
        hart_exit_handled(f->jit.h);
        hart_exit_handled(f->ref.h);
    }
    for (struct hart *h = f->ref.h; h; h = h == f->ref.h ? f->jit.h : NULL) {
        h->priv = PRV_M;
        pmp_write_cfg(h, 0, 0);
        h->mstatus &= ~(MSTATUS_SIE | MSTATUS_SUM);
        hart_update_mmu_idx(h);
        h->mie = 0;
        __atomic_store_n(&h->mip, 0, __ATOMIC_SEQ_CST);
    }
}

static void test_system_insns_end_block(void **state)
{
    struct fx *f = *state;
    static const unsigned ops[] = {OP_ecall, OP_ebreak, OP_mret, OP_wfi, OP_fence_i, OP_sret};
    for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        put32(f, CODE_PC, enc_i(OP_addi, 10, 10, 1));
        put32(f, CODE_PC + 4, insn_descs[ops[k]].match);
        put32(f, CODE_PC + 8, enc_i(OP_addi, 10, 10, 1));
        uint32_t size = 0;
        assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 2);
        assert_int_equal(size, 8);
        assert_int_equal(last_op(f->b)->opc, IR_exit_npc);
        assert_int_equal(f->b->ops[f->b->nops - 2].opc, IR_exec);
    }
    put32(f, CODE_PC + 4, insn_descs[OP_ecall].match);
    set_pc(f, CODE_PC);
    run_block(f, "ecall");
    assert_int_equal(f->jit.h->pc, TRAP_VEC);
    assert_int_equal(f->jit.h->mcause, EXC_ECALL_M);
    assert_int_equal(f->jit.h->mepc, CODE_PC + 4);
}

/* An illegal encoding traps: nothing after it belongs in the block. */
static void test_illegal_ends_block(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC, enc_i(OP_addi, 10, 10, 1));
    put32(f, CODE_PC + 4, 0);
    put32(f, CODE_PC + 8, enc_i(OP_addi, 10, 10, 1));
    uint32_t size = 0;
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 2);
    set_pc(f, CODE_PC);
    run_block(f, "illegal");
    assert_int_equal(f->jit.h->mcause, EXC_ILLEGAL_INSN);
}

/* --- directed translations --- */

static void test_x0_destination(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC, enc_i(OP_addi, 0, 11, 5));
    put32(f, CODE_PC + 4, enc_u(OP_lui, 0, 0x12345));
    put32(f, CODE_PC + 8, enc_r(OP_mulhsu, 0, 11, 12));
    put32(f, CODE_PC + 12, enc_i(OP_ld, 0, 11, 0));
    put32(f, CODE_PC + 16, enc_j(0, -8));
    uint32_t size;
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 5);
    check_contract(f->b, 5);                       /* includes: no op writes x0 */
    assert_int_equal(count_ops(f->b, IR_load), 1); /* the load still happens */
    set_pc(f, CODE_PC);
    set_reg(f, 11, DATA_PA);
    set_reg(f, 12, 7);
    run_block(f, "x0 ok");
    /* ... and it faults like any other load */
    set_pc(f, CODE_PC);
    set_reg(f, 11, 0x1000);
    run_block(f, "x0 fault");
    assert_int_equal(f->jit.h->mcause, EXC_LOAD_ACCESS);
    assert_int_equal(f->jit.h->mepc, CODE_PC + 12);
}

static void test_jalr_reads_rs1_first(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC, enc_i(OP_jalr, 1, 1, 5));
    set_pc(f, CODE_PC);
    set_reg(f, 1, 0x80020000);
    run_block(f, "jalr ra, 5(ra)");
    assert_int_equal(f->jit.h->pc, 0x80020004);
    assert_int_equal(f->jit.h->x[1], CODE_PC + 4);
    assert_int_equal(last_op(f->b)->opc, IR_exit_pc);
    put16(f, CODE_PC, 0x9082); /* c.jalr ra: link is pc + 2 */
    set_pc(f, CODE_PC);
    set_reg(f, 1, 0x80020010);
    run_block(f, "c.jalr ra");
    assert_int_equal(f->jit.h->pc, 0x80020010);
    assert_int_equal(f->jit.h->x[1], CODE_PC + 2);
}

static void test_branch_slots(void **state)
{
    struct fx *f = *state;
    put32(f, CODE_PC, enc_b(OP_bltu, 10, 11, -0x40));
    uint32_t size;
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 1);
    assert_int_equal(count_ops(f->b, IR_brcond), 1);
    assert_ends_goto(f->b, 1, CODE_PC - 0x40); /* taken is slot 1, after the label */
    for (unsigned k = 0; k < f->b->nops; k++)
        if (f->b->ops[k].opc == IR_goto_tb && f->b->ops[k].c[0] == 0)
            assert_int_equal(f->b->ops[k].c[1], CODE_PC + 4);
    set_pc(f, CODE_PC);
    set_reg(f, 10, 1);
    set_reg(f, 11, ~0ull);
    run_block(f, "bltu taken");
    assert_int_equal(f->jit.h->pc, CODE_PC - 0x40);
    set_pc(f, CODE_PC);
    set_reg(f, 10, ~0ull);
    set_reg(f, 11, 1);
    run_block(f, "bltu not taken");
    assert_int_equal(f->jit.h->pc, CODE_PC + 4);
    put16(f, CODE_PC, 0xc111); /* c.beqz a0, +4: the fall-through is pc + 2 */
    set_pc(f, CODE_PC);
    set_reg(f, 10, 3);
    run_block(f, "c.beqz");
    assert_int_equal(f->jit.h->pc, CODE_PC + 2);
}

static unsigned count_goto(const struct ir_block *b, unsigned slot, uint64_t pc)
{
    unsigned n = 0;
    for (unsigned k = 0; k < b->nops; k++)
        n += b->ops[k].opc == IR_goto_tb && b->ops[k].c[0] == slot && b->ops[k].c[1] == pc;
    return n;
}

/* A loop tested at the top: the block goes on past the exit test (a side
 * exit through slot 1) when it then branches back to its own start; an
 * `if` whose target is inside the loop, or a block that does not loop,
 * ends at the first branch as before. */
/* Run the block at CODE_PC twice with x10 = 5: x11 = 4 takes the side exit
 * (the block leaves for `taken_pc`), x11 = 0 does not (it loops back). */
static void run_side_exit(struct fx *f, const char *what, uint64_t taken_pc)
{
    for (unsigned k = 0; k < 2; k++) {
        set_pc(f, CODE_PC);
        set_reg(f, 10, 5);
        set_reg(f, 11, k ? 0 : 4);
        run_block(f, what);
        assert_int_equal(f->jit.h->pc, k ? CODE_PC : taken_pc);
    }
}

static void test_side_exit(void **state)
{
    struct fx *f = *state;
    uint32_t size;
    put32(f, CODE_PC, enc_i(OP_addi, 10, 10, -1));
    put32(f, CODE_PC + 4, enc_b(OP_beq, 10, 11, 16)); /* leaves the loop: to CODE_PC + 20 */
    put32(f, CODE_PC + 8, enc_i(OP_addi, 12, 12, 1));
    put32(f, CODE_PC + 12, enc_b(OP_bne, 10, 0, -12));
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 4);
    assert_int_equal(size, 16);
    assert_int_equal(count_goto(f->b, 1, CODE_PC + 20), 1);
    assert_ends_goto(f->b, 1, CODE_PC);
    set_reg(f, 12, 0);
    run_side_exit(f, "side exit", CODE_PC + 20);
    /* An `if` (to CODE_PC + 12, inside the block): a branch to a label in
     * the block, which stays one loop; taken, it skips (and does not count)
     * the addi. */
    put32(f, CODE_PC + 4, enc_b(OP_beq, 10, 11, 8));
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 4);
    assert_int_equal(count_ops(f->b, IR_goto_tb), 2);
    assert_int_equal(count_ops(f->b, IR_label), 2);
    assert_ends_goto(f->b, 1, CODE_PC);
    for (unsigned k = 0; k < 2; k++) {
        set_pc(f, CODE_PC);
        set_reg(f, 10, 5);
        set_reg(f, 11, k ? 0 : 4);
        set_reg(f, 12, 0);
        uint64_t before = f->jit.h->minstret;
        run_block(f, "if");
        assert_int_equal(f->jit.h->x[12], k);
        assert_int_equal(f->jit.h->minstret - before, k ? 4 : 3);
    }
    /* An inner loop's back edge (to CODE_PC + 4, before the branch) as the
     * side exit: kept, the block stays the outer loop. */
    put32(f, CODE_PC + 4, enc_i(OP_addi, 12, 12, 1));
    put32(f, CODE_PC + 8, enc_b(OP_beq, 10, 11, -4));
    put32(f, CODE_PC + 12, enc_b(OP_bne, 10, 0, -12));
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 4);
    assert_int_equal(size, 16);
    assert_int_equal(count_goto(f->b, 1, CODE_PC + 4), 1);
    assert_ends_goto(f->b, 1, CODE_PC);
    run_side_exit(f, "inner back edge", CODE_PC + 4);
    put32(f, CODE_PC + 4, enc_b(OP_beq, 10, 11, 16));
    put32(f, CODE_PC + 8, enc_i(OP_addi, 12, 12, 1));
    put32(f, CODE_PC + 12, enc_b(OP_bne, 10, 0, -8)); /* not back to the block's start */
    assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 2);
    assert_ends_goto(f->b, 1, CODE_PC + 20);
}

/* A fence needs a host barrier only where it orders stores (to memory or
 * devices) before loads; FENCE.TSO never does. */
static void test_fence_barriers(void **state)
{
    struct fx *f = *state;
    static const struct {
        uint32_t bits; /* fm, pred, succ: bits 31:20 */
        unsigned barriers;
    } cases[] = {
        {0x033, 1}, /* fence rw, rw */
        {0x023, 0}, /* fence r, rw */
        {0x031, 0}, /* fence rw, w */
        {0x012, 1}, /* fence w, r */
        {0x048, 1}, /* fence o, i */
        {0x0ff, 1}, /* fence iorw, iorw */
        {0x833, 0}, /* fence.tso */
        {0x010, 0}, /* pause (fence w, 0) */
    };
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        put32(f, CODE_PC, insn_descs[OP_fence].match | cases[k].bits << 20);
        put32(f, CODE_PC + 4, enc_b(OP_beq, 0, 0, 0));
        uint32_t size = 0;
        assert_int_equal(translate(f, CODE_PC, TRANSLATE_MAX_INSNS, &size), 2);
        assert_int_equal(count_ops(f->b, IR_mb), cases[k].barriers);
        assert_int_equal(count_ops(f->b, IR_exec), 0);
    }
}

static void test_native_set(void **state)
{
    (void)state;
    static const unsigned native[] = {
        OP_lui,       OP_auipc,    OP_jal,       OP_jalr,    OP_beq,       OP_bgeu,     OP_lb,
        OP_lwu,       OP_sd,       OP_addi,      OP_sraw,    OP_mul,       OP_mulh,     OP_mulhu,
        OP_mulhsu,    OP_div,      OP_remuw,     OP_divw,    OP_sh3add_uw, OP_slli_uw,  OP_andn,
        OP_xnor,      OP_min,      OP_maxu,      OP_sext_b,  OP_zext_h,    OP_rori,     OP_bexti,
        OP_czero_nez, OP_fadd_d,   OP_fld,       OP_fsd,     OP_fsqrt_d,   OP_fsgnjx_d, OP_fmv_w_x,
        OP_fence,     OP_amoadd_w, OP_amoswap_d, OP_amoor_d, OP_amoxor_w,  OP_lr_d,     OP_sc_w,
    };
    static const unsigned fallback[] = {
        OP_ILLEGAL, OP_csrrw,   OP_ecall,     OP_amomin_d, OP_fence_i,  OP_amomax_w,   OP_amominu_d,
        OP_fsgnj_s, OP_fmadd_d, OP_fcvt_wu_d, OP_clmul,    OP_cbo_zero, OP_sfence_vma, OP_fmin_d,
    };
    for (unsigned k = 0; k < sizeof(native) / sizeof(native[0]); k++)
        assert_true(translate_has_native(native[k]));
    for (unsigned k = 0; k < sizeof(fallback) / sizeof(fallback[0]); k++)
        assert_false(translate_has_native(fallback[k]));
    assert_false(translate_has_native(OP_COUNT));
}

/* --- assembled programs, block by block --- */

static void test_program_sum(void **state)
{
    run_program(*state, tcase_sum, sizeof(tcase_sum), TCASE_SUM_END, "sum");
}

static void test_program_compressed(void **state)
{
    run_program(*state, tcase_compressed, sizeof(tcase_compressed), TCASE_COMPRESSED_END,
                "compressed");
}

static void test_program_fib(void **state)
{
    struct fx *f = *state;
    run_program(f, tcase_fib, sizeof(tcase_fib), TCASE_FIB_END, "fib");
    assert_int_equal(f->jit.h->x[18], 144); /* s2 = fib(12) */
}

static void test_program_bitmanip(void **state)
{
    run_program(*state, tcase_bitmanip, sizeof(tcase_bitmanip), TCASE_BITMANIP_END, "bitmanip");
}

/* --- randomized: every native instruction, one at a time --- */

#define RANDOM_CASES_PER_OP 5000
/* TRANS_*_RESERVE in cpu/translate.c: the most a one-instruction block
 * (insn_start, the instruction, the exit) may take. */
#define TRANS_OPS_BUDGET    24
#define TRANS_TEMPS_BUDGET  16

static bool is_mem(unsigned op) { return insn_descs[op].flags & (IF_LOAD | IF_STORE); }

/* A random encoding of op; register fields repeat often so that rd == rs1,
 * rd == rs2 and rs1 == rs2 are all covered. */
/* `j`: the block may go on at its target (test_ends_after_jump,
 * test_backward_jump_followed), so not a one-instruction block. */
static bool is_plain_jump(const struct insn *i) { return i->op == OP_jal && i->rd == 0; }

static void random_insn(struct fx *f, unsigned op, struct insn *i)
{
    const struct insn_desc *d = &insn_descs[op];
    do {
        uint32_t raw = d->match | ((uint32_t)rnd(f) & ~d->mask);
        uint32_t r = (uint32_t)rnd(f);
        unsigned rd = (raw >> 7) & 31, rs1 = (raw >> 15) & 31;
        if ((r & 3) == 0 && !(d->mask & (31u << 15)))
            raw = (raw & ~(31u << 15)) | rd << 15;
        if ((r & 12) == 0 && !(d->mask & (31u << 20)))
            raw = (raw & ~(31u << 20)) | ((r & 16) ? rd : rs1) << 20;
        insn_decode(i, raw);
    } while (i->op != op || (is_mem(op) && i->rs1 == 0) || is_plain_jump(i));
}

static void random_case(struct fx *f, unsigned op)
{
    struct insn i;
    random_insn(f, op, &i);
    randomize_regs(f);
    if (is_mem(op)) /* any alignment, inside the compared window */
        set_reg(f, i.rs1, ONE_DATA + rnd(f) % 64 - (uint64_t)i.imm);
    put32(f, ONE_PC, i.raw);
    set_pc(f, ONE_PC);
    char what[64];
    snprintf(what, sizeof(what), "%s %08x", insn_name(op), i.raw);
    assert_int_equal(run_block(f, what), 1);
    /* The room translate.c keeps free before each instruction is enough. */
    assert_true(f->b->nops <= TRANS_OPS_BUDGET);
    assert_true(f->b->ntemps - IR_NUM_GLOBALS <= TRANS_TEMPS_BUDGET);
}

/* A random 16-bit encoding of a natively translated instruction, placed in
 * the last halfword of a page. */
static void random_compressed_case(struct fx *f)
{
    struct insn i;
    do
        insn_decode(&i, (uint16_t)rnd(f));
    while (i.len != 2 || !translate_has_native(i.op) || (is_mem(i.op) && i.rs1 == 0) ||
           is_plain_jump(&i));
    randomize_regs(f);
    if (is_mem(i.op))
        set_reg(f, i.rs1, ONE_DATA + rnd(f) % 64 - (uint64_t)i.imm);
    put16(f, ONE_PC + 2, (uint16_t)i.raw);
    set_pc(f, ONE_PC + 2);
    char what[64];
    snprintf(what, sizeof(what), "%s %04x", insn_name(i.op), i.raw);
    assert_int_equal(run_block(f, what), 1);
    assert_int_equal(f->b->ops[0].c[0], ONE_PC + 2);
}

static void test_random_single(void **state)
{
    struct fx *f = *state;
    unsigned tested = 0;
    fill_data(f, 2);
    f->cmp_lo = ONE_DATA;
    f->cmp_hi = ONE_DATA + 128;
    for (unsigned op = 1; op < OP_COUNT; op++) {
        if (!translate_has_native(op))
            continue;
        for (unsigned k = 0; k < RANDOM_CASES_PER_OP; k++)
            random_case(f, op);
        tested++;
    }
    assert_true(tested >= 100);
    for (unsigned k = 0; k < 50000; k++)
        random_compressed_case(f);
}

/* --- randomized: streams of instructions in one block --- */

/* x2 holds the data window for loads and stores and is never written. */
static uint32_t random_stream_insn(struct fx *f, const unsigned *ops, unsigned nops)
{
    struct insn i;
    for (;;) {
        unsigned op = ops[rnd(f) % nops];
        random_insn(f, op, &i);
        uint32_t raw = i.raw;
        if (is_mem(op)) {
            raw = (raw & ~(31u << 15)) | 2u << 15;
            raw = (insn_descs[op].flags & IF_LOAD)
                      ? (raw & 0x000fffffu) | (rnd(f) % 2040) << 20
                      : (raw & 0x01fff07fu) | (uint32_t)(rnd(f) % 63) << 25;
        }
        insn_decode(&i, raw);
        if (i.op == op && i.rd != 2)
            return raw;
    }
}

static void test_random_streams(void **state)
{
    struct fx *f = *state;
    unsigned body[OP_COUNT], nbody = 0;
    static const unsigned enders[] = {OP_beq, OP_bne, OP_blt, OP_bge, OP_bltu, OP_bgeu, OP_jal};
    for (unsigned op = 1; op < OP_COUNT; op++)
        if (translate_has_native(op) && !(insn_descs[op].flags & IF_END))
            body[nbody++] = op;
    body[nbody++] = OP_amomin_d; /* exec fallbacks in the middle of a block */
    body[nbody++] = OP_clmul;
    body[nbody++] = OP_clmulh;
    for (unsigned round = 0; round < 10000; round++) {
        unsigned len = 1 + rnd(f) % 40;
        for (unsigned k = 0; k < len; k++)
            put32(f, CODE_PC + 4 * k, random_stream_insn(f, body, nbody));
        struct insn end;
        random_insn(f, enders[rnd(f) % 7], &end);
        if (end.op == OP_jal && end.rd == 0) /* a plain forward `j` would not end the block */
            end.raw |= 1u << 7;
        put32(f, CODE_PC + 4 * len, end.raw);
        put32(f, CODE_PC + 4 * len + 4, 0); /* a branch may not go on as a loop (side exits) */
        fill_data(f, round);
        randomize_regs(f);
        /* FS Dirty: FP stores are native and the block keeps its length
         * (an interpreter-body store ends it). */
        f->ref.h->mstatus |= MSTATUS_FS | MSTATUS_SD;
        f->jit.h->mstatus |= MSTATUS_FS | MSTATUS_SD;
        set_reg(f, 2, DATA_PA + 0x800);
        set_pc(f, CODE_PC);
        assert_int_equal(run_block(f, "random stream"), len + 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ends_after_jump, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backward_jump_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ends_at_page_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_straddling_insn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_insns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_storage_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csr_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csr_going_on, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sstatus_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_system_insns_end_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_illegal_ends_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_x0_destination, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jalr_reads_rs1_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_branch_slots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_side_exit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fence_barriers, setup, teardown),
        cmocka_unit_test(test_native_set),
        cmocka_unit_test_setup_teardown(test_program_sum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_program_compressed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_program_fib, setup, teardown),
        cmocka_unit_test_setup_teardown(test_program_bitmanip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_single, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_streams, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
