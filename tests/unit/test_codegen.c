/* SPDX-License-Identifier: MIT */
/* Unit tests for the x86-64 backend (tcg/x86_64/codegen*.c) and tcg/helpers.c:
 * hand-built IR blocks run as host code on a real hart, checked against
 * expected values and against the reference executor ir_run on a twin hart;
 * then thousands of seeded random blocks, pure and with memory accesses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xmmintrin.h>

#include "cpu/exec.h"
#include "cpu/mmu.h"
#include "cpu/softfloat.h"
#include "mem/bus.h"
#include "tcg/ir_run.h"
#include "tcg/jit.h"

#define RAM_BASE  0x80000000ull
#define RAM_SIZE  (1ull << 20)
#define DATA      (RAM_BASE + 0x10000) /* two pages the memory tests use */
#define DATA_SIZE 0x2000u
#define MMIO_BASE 0x10000000ull
#define FAKE_PAGE 0x40000000ull /* not on the bus: only a hand-made TLB entry maps it */
#define BAD_VA    0x1000ull     /* nothing there: access fault */
#define BLOCK_PC  0x80000100ull
#define CODE_SIZE (16u << 20)

/* One hart on its own bus: the JIT and the reference each get one, so that
 * stores cannot disturb the other side. */
struct side {
    struct bus *bus;
    struct hart *h;
};

struct fx {
    struct side jit, ref;
    struct ir_block *ir;
    struct tb tb[3];
    unsigned mmio_writes, watch_hits;
    uint64_t mmio_last;
    bool mmio_marks_code; /* a device write stands for another hart marking a code page */
};

static uint8_t *code_buf;
static size_t code_start, code_used;

/* ---- fixture ---- */

/* Reads also clobber xmm2..xmm15, as any C code called from generated
 * code may (they are caller-saved): test_fp_xmm_copies. */
static uint64_t mmio_read(void *opaque, uint64_t offset, unsigned size)
{
    (void)opaque;
#ifdef __x86_64__
    __asm__ volatile("pcmpeqd %%xmm2, %%xmm2\n\tpcmpeqd %%xmm3, %%xmm3\n\t"
                     "pcmpeqd %%xmm4, %%xmm4\n\tpcmpeqd %%xmm5, %%xmm5\n\t"
                     "pcmpeqd %%xmm6, %%xmm6\n\tpcmpeqd %%xmm7, %%xmm7\n\t"
                     "pcmpeqd %%xmm8, %%xmm8\n\tpcmpeqd %%xmm9, %%xmm9\n\t"
                     "pcmpeqd %%xmm10, %%xmm10\n\tpcmpeqd %%xmm11, %%xmm11\n\t"
                     "pcmpeqd %%xmm12, %%xmm12\n\tpcmpeqd %%xmm13, %%xmm13\n\t"
                     "pcmpeqd %%xmm14, %%xmm14\n\tpcmpeqd %%xmm15, %%xmm15"
                     :
                     :
                     : "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
                       "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
    uint64_t v = 0x1122334455667788ull + offset;
    return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
}

static void mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    struct fx *f = opaque;
    (void)offset;
    (void)size;
    f->mmio_writes++;
    f->mmio_last = value;
    if (f->mmio_marks_code)
        hart_request_exit(f->jit.h);
}

static void side_init(struct fx *f, struct side *s)
{
    s->bus = bus_create();
    assert_non_null(s->bus);
    assert_int_equal(bus_add_ram(s->bus, "ram", RAM_BASE, RAM_SIZE), 0);
    struct bus_device dev = {.name = "dev",
                             .base = MMIO_BASE,
                             .size = 0x1000,
                             .min_access = 1,
                             .max_access = 8,
                             .read = mmio_read,
                             .write = mmio_write,
                             .opaque = f};
    assert_int_equal(bus_add_device(s->bus, &dev), 0);
    s->h = hart_create(s->bus, 0);
    assert_non_null(s->h);
    hart_reset(s->h, BLOCK_PC);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->ir = calloc(1, sizeof(*f->ir));
    assert_non_null(f->ir);
    side_init(f, &f->jit);
    side_init(f, &f->ref);
    code_used = code_start;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    for (struct side *s = &f->jit; s <= &f->ref; s++) {
        hart_free(s->h);
        bus_free(s->bus);
    }
    free(f->ir);
    free(f);
    return 0;
}

static int group_setup(void **state)
{
    (void)state;
    code_buf = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_buf == MAP_FAILED)
        return -1;
    code_start = backend_init(code_buf, code_buf, CODE_SIZE);
    return code_start ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    munmap(code_buf, CODE_SIZE);
    return 0;
}

/* ---- building blocks ---- */

static void set_x(struct fx *f, unsigned r, uint64_t v)
{
    f->jit.h->x[r] = v;
    f->ref.h->x[r] = v;
}

static uint8_t *ram(struct side *s, uint64_t pa)
{
    uint8_t *p = bus_host_ptr(s->bus, pa, 1, false);
    assert_non_null(p);
    return p;
}

/* Outputs first, then inputs: o, a, c fill the op's argument slots in order. */
static void append(struct ir_block *b, unsigned opc, ir_temp_t o, ir_temp_t a, ir_temp_t c,
                   uint64_t c0, uint64_t c1)
{
    assert_true(b->nops < IR_MAX_OPS);
    const struct ir_op_desc *d = &ir_op_descs[opc];
    struct ir_op op = {.opc = (uint8_t)opc, .nargs = (uint8_t)(d->outputs + d->inputs)};
    op.args[0] = o;
    op.args[1] = a;
    op.args[2] = c;
    op.c[0] = c0;
    op.c[1] = c1;
    b->ops[b->nops++] = op;
}

/* Ops appended as written (no folding), so constants can sit anywhere. */
static void op2(struct ir_block *b, unsigned opc, ir_temp_t o, ir_temp_t a)
{
    append(b, opc, o, a, 0, 0, 0);
}
static void op3(struct ir_block *b, unsigned opc, ir_temp_t o, ir_temp_t a, ir_temp_t c)
{
    append(b, opc, o, a, c, 0, 0);
}
static void insn(struct ir_block *b, uint64_t pc)
{
    append(b, IR_insn_start, 0, 0, 0, pc, 0);
    b->ninsns++;
}
static void load(struct ir_block *b, unsigned memop, ir_temp_t o, ir_temp_t a, int64_t disp)
{
    append(b, IR_load, o, a, 0, memop, (uint64_t)disp);
}
static void store(struct ir_block *b, unsigned memop, ir_temp_t a, int64_t disp, ir_temp_t v)
{
    append(b, IR_store, a, v, 0, memop, (uint64_t)disp);
}
static void brcond(struct ir_block *b, unsigned cond, ir_temp_t a, ir_temp_t c, unsigned label)
{
    append(b, IR_brcond, a, c, 0, cond, label);
}
static void label(struct ir_block *b, unsigned l) { append(b, IR_label, 0, 0, 0, l, 0); }
static void goto_tb(struct ir_block *b, unsigned slot, uint64_t pc)
{
    append(b, IR_goto_tb, 0, 0, 0, slot, pc);
}
static void exit_stop(struct ir_block *b, uint64_t pc) { append(b, IR_exit_stop, 0, 0, 0, pc, 0); }

/* A loop block's end: back to BLOCK_PC while a != c, else on to next. */
static void loop_back(struct ir_block *b, ir_temp_t a, ir_temp_t c, uint64_t next)
{
    unsigned l = ir_new_label(b);
    brcond(b, IR_NE, a, c, l);
    goto_tb(b, 0, next);
    label(b, l);
    goto_tb(b, 1, BLOCK_PC);
}
static void exec_op(struct ir_block *b, exec_fn *fn, const struct insn *i)
{
    append(b, IR_exec, 0, 0, 0, (uint64_t)(uintptr_t)fn, (uint64_t)(uintptr_t)i);
}
static void call2(struct ir_block *b, uint64_t (*fn)(uint64_t, uint64_t), ir_temp_t o, ir_temp_t a,
                  ir_temp_t c)
{
    append(b, IR_call2, o, a, c, (uint64_t)(uintptr_t)fn, 0);
}

/* ---- running ---- */

/* Generate f->ir into the code buffer as tb (flags from the JIT hart). */
static struct tb *gen(struct fx *f, struct tb *tb)
{
    memset(tb, 0, sizeof(*tb));
    tb->pc = f->ir->pc;
    tb->flags = jit_tb_flags(f->jit.h);
    tb->ninsns = f->ir->ninsns;
    size_t len =
        backend_gen(f->ir, tb, code_buf + code_used, code_buf + code_used, CODE_SIZE - code_used);
    assert_true(len > 0);
    assert_int_equal(tb->code_size, len);
    tb->code = code_buf + code_used;
    code_used = (code_used + len + 15) & ~(size_t)15;
    if (code_used > CODE_SIZE / 2)
        code_used = code_start; /* the random tests recycle the buffer */
    return tb;
}

static uintptr_t run_jit(struct fx *f, struct tb *tb)
{
    f->jit.h->jit_budget = 1000;
    return jit_enter(f->jit.h, tb->code);
}

static void dump_print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

static void check_same(struct fx *f, const char *what)
{
    struct hart *j = f->jit.h, *r = f->ref.h;
    bool same = memcmp(j->x, r->x, sizeof(j->x)) == 0 && j->pc == r->pc &&
                j->minstret == r->minstret && j->trap_cause == r->trap_cause;
    if (!same)
        ir_dump(f->ir, dump_print);
    for (unsigned k = 0; k < 32; k++)
        if (j->x[k] != r->x[k])
            fail_msg("%s: x%u jit %#llx ref %#llx", what, k, (unsigned long long)j->x[k],
                     (unsigned long long)r->x[k]);
    assert_int_equal(j->pc, r->pc);
    assert_int_equal(j->minstret, r->minstret);
    assert_int_equal(hart_mcycle(j), hart_mcycle(r));
    assert_int_equal(j->trap_cause, r->trap_cause);
    assert_int_equal(j->trap_tval, r->trap_tval);
    for (unsigned k = 0; k < 32; k++)
        if (j->f[k] != r->f[k])
            fail_msg("%s: f%u jit %#llx ref %#llx", what, k, (unsigned long long)j->f[k],
                     (unsigned long long)r->f[k]);
    if (j->fflags != r->fflags)
        fail_msg("%s: fflags jit %#x ref %#x", what, j->fflags, r->fflags);
    assert_memory_equal(ram(&f->jit, DATA), ram(&f->ref, DATA), DATA_SIZE);
}

/* Run f->ir on both sides and compare; returns the JIT's exit code. A
 * goto_tb exit is tb | (slot + 1) from the JIT and LOOKUP from ir_run. */
static uintptr_t run_both(struct fx *f, const char *what)
{
    struct tb *tb = gen(f, &f->tb[0]);
    uintptr_t rj = run_jit(f, tb);
    uint64_t retired;
    uintptr_t rr = ir_run(f->ref.h, f->ir, &retired);
    if (rj & JIT_EXIT_SLOT_MASK) {
        assert_ptr_equal((void *)(rj & ~(uintptr_t)JIT_EXIT_SLOT_MASK), tb);
        assert_int_equal(rr, JIT_EXIT_LOOKUP);
    } else if (rj != rr) {
        fail_msg("%s: exit jit %#lx ref %#lx", what, (unsigned long)rj, (unsigned long)rr);
    }
    check_same(f, what);
    return rj;
}

/* ---- pure ops ---- */

/* clang-format off */
static const uint64_t edge_values[] = {
    0, 1, 2, 31, 32, 63, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff,
    0xfffffffffffffffe, 0x123456789abcdef0, 0xfedcba9876543210,
};
/* clang-format on */
#define NEDGE (sizeof(edge_values) / sizeof(edge_values[0]))

static const unsigned binops[] = {IR_add, IR_sub, IR_and, IR_or,   IR_xor,  IR_shl,
                                  IR_shr, IR_sar, IR_mul, IR_mulh, IR_mulhu};
static const unsigned unops[] = {IR_mov,    IR_neg,    IR_not,   IR_ext32s, IR_ext32u,
                                 IR_ext16s, IR_ext16u, IR_ext8s, IR_ext8u};

static bool is_shift(unsigned opc) { return opc == IR_shl || opc == IR_shr || opc == IR_sar; }

/* Every binary op on edge values, with the second operand a register, a
 * small constant, a large constant, and the first a constant; outputs to a
 * global, a local, and the operands' own registers. */
static void test_binops(void **state)
{
    struct fx *f = *state;
    for (unsigned o = 0; o < sizeof(binops) / sizeof(binops[0]); o++) {
        unsigned opc = binops[o];
        for (unsigned i = 0; i < NEDGE; i++) {
            for (unsigned k = 0; k < NEDGE; k += 3) {
                uint64_t a = edge_values[i], c = edge_values[(i * 7 + k) % NEDGE];
                if (is_shift(opc))
                    c &= 63;
                struct ir_block *b = f->ir;
                ir_block_init(b, BLOCK_PC);
                ir_temp_t t = ir_new_local(b);
                set_x(f, 5, a);
                set_x(f, 6, c);
                insn(b, BLOCK_PC);
                op3(b, opc, ir_x(10), ir_x(5), ir_x(6));
                op3(b, opc, t, ir_x(5), ir_const(b, c));
                op2(b, IR_mov, ir_x(11), t);
                op3(b, opc, ir_x(12), ir_const(b, a), ir_x(6));
                op3(b, opc, ir_x(13), ir_const(b, a), ir_const(b, c));
                insn(b, BLOCK_PC + 4);
                op2(b, IR_mov, ir_x(14), ir_x(5));
                op2(b, IR_mov, ir_x(15), ir_x(6));
                op3(b, opc, ir_x(14), ir_x(14), ir_x(6)); /* out == a */
                op3(b, opc, ir_x(15), ir_x(5), ir_x(15)); /* out == b */
                op3(b, opc, ir_x(16), ir_x(5), ir_x(5));  /* a == b */
                goto_tb(b, 0, BLOCK_PC + 8);
                run_both(f, ir_op_descs[opc].name);
                uint64_t want = ir_eval((enum ir_opcode)opc, a, c, 0);
                assert_int_equal(f->jit.h->x[10], want);
                assert_int_equal(f->jit.h->x[11], want);
                assert_int_equal(f->jit.h->x[15], want);
            }
        }
    }
}

static void test_unops_setcond(void **state)
{
    struct fx *f = *state;
    for (unsigned i = 0; i < NEDGE; i++) {
        uint64_t a = edge_values[i], c = edge_values[(i * 5 + 3) % NEDGE];
        struct ir_block *b = f->ir;
        ir_block_init(b, BLOCK_PC);
        set_x(f, 5, a);
        set_x(f, 6, c);
        insn(b, BLOCK_PC);
        unsigned r = 7;
        for (unsigned o = 0; o < sizeof(unops) / sizeof(unops[0]); o++) {
            op2(b, unops[o], ir_x(r++), ir_x(5));
            ir_temp_t t = ir_new_local(b);
            op2(b, unops[o], t, ir_const(b, a));
            op3(b, IR_xor, ir_x(r - 1), ir_x(r - 1), t);
        }
        for (unsigned cond = IR_EQ; cond <= IR_GEU; cond++) {
            append(b, IR_setcond, ir_x(r++), ir_x(5), ir_x(6), cond, 0);
            append(b, IR_setcond, ir_x(r++), ir_const(b, a), ir_x(6), cond, 0);
        }
        append(b, IR_setcond, ir_x(r++), ir_x(5), ir_const(b, c), IR_LTU, 0);
        assert_true(r <= 32);
        exit_stop(b, BLOCK_PC + 4);
        assert_int_equal(run_both(f, "unops"), JIT_EXIT_STOP);
        assert_int_equal(f->jit.h->x[7], 0); /* mov x7, x5 then xor with a: 0 */
    }
}

/* call2 with the division helpers, against the interpreter's bodies. */
static void test_call2_helpers(void **state)
{
    struct fx *f = *state;
    static uint64_t (*const fns[])(uint64_t, uint64_t) = {
        jit_helper_div, jit_helper_divu, jit_helper_rem, jit_helper_remu, jit_helper_mulhsu};
    static exec_fn *const bodies[] = {exec_div, exec_divu, exec_rem, exec_remu, exec_mulhsu};
    struct insn in = {.rd = 3, .rs1 = 1, .rs2 = 2, .len = 4};
    struct hart *scratch = calloc(1, sizeof(*scratch));
    assert_non_null(scratch);
    for (unsigned k = 0; k < 5; k++) {
        for (unsigned i = 0; i < NEDGE; i++) {
            for (unsigned j = 0; j < NEDGE; j++) {
                scratch->x[1] = edge_values[i];
                scratch->x[2] = edge_values[j];
                bodies[k](scratch, &in);
                assert_int_equal(fns[k](edge_values[i], edge_values[j]), scratch->x[3]);
            }
        }
    }
    free(scratch);
    /* In generated code, with live values in caller-saved registers. */
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    set_x(f, 5, 100);
    set_x(f, 6, (uint64_t)-7);
    insn(b, BLOCK_PC);
    ir_temp_t t[12];
    for (unsigned k = 0; k < 12; k++) {
        t[k] = ir_new_local(b);
        op3(b, IR_add, t[k], ir_x(5), ir_const(b, k));
    }
    call2(b, jit_helper_div, ir_x(10), ir_x(5), ir_x(6));
    call2(b, jit_helper_rem, ir_x(11), ir_x(5), ir_const(b, 0));
    call2(b, jit_helper_divu, t[0], ir_const(b, 0x8000000000000000ull), ir_x(6));
    for (unsigned k = 0; k < 12; k++)
        op3(b, IR_add, ir_x(12), ir_x(12), t[k]);
    goto_tb(b, 1, BLOCK_PC + 4);
    uintptr_t r = run_both(f, "call2");
    assert_int_equal(r & JIT_EXIT_SLOT_MASK, 2);
    assert_int_equal(f->jit.h->x[10], (uint64_t)-14);
    assert_int_equal(f->jit.h->x[11], 100);
}

/* More live values than host registers: spills and reloads. */
static void test_register_pressure(void **state)
{
    struct fx *f = *state;
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    for (unsigned r = 1; r < 32; r++)
        set_x(f, r, r * 0x1111);
    insn(b, BLOCK_PC);
    ir_temp_t t[40];
    for (unsigned k = 0; k < 40; k++) {
        t[k] = ir_new_local(b);
        op3(b, IR_mul, t[k], ir_x(1 + k % 31), ir_const(b, k + 3));
    }
    for (unsigned r = 1; r < 32; r++)
        op3(b, IR_add, ir_x(r), ir_x(r), ir_x(32 - r));
    for (unsigned k = 0; k < 40; k++)
        op3(b, IR_xor, ir_x(1 + (k * 7) % 31), ir_x(1 + (k * 7) % 31), t[39 - k]);
    goto_tb(b, 0, BLOCK_PC + 4);
    run_both(f, "pressure");
}

/* ---- memory ---- */

/* A TLB entry of the JIT hart pointing FAKE_PAGE at host memory: only the
 * inline probe (or mmu_load's own fast path) can reach it. */
static void fake_tlb(struct fx *f, uint8_t *host)
{
    struct tlb_entry *e = tlb_entry(&f->jit.h->tlb, f->jit.h->mmu_idx_data, FAKE_PAGE);
    e->tag_r = e->tag_w = FAKE_PAGE;
    e->tag_x = TLB_EMPTY;
    e->addend = (uintptr_t)host - FAKE_PAGE;
    e->paddr = 0;
}

/* A loop's kept TLB entry covers an access only if all its bytes are in
 * that page: a misaligned load walking down across the page's start goes
 * to the slow path at the first access that straddles (which faults: the
 * page below is not mapped), not one later. */
static void test_loop_straddle(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->jit.h;
    static uint8_t page[4096] __attribute__((aligned(64)));
    fake_tlb(f, page);
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    insn(b, BLOCK_PC);
    load(b, IR_MEM_64, ir_x(10), ir_x(7), 0);
    op3(b, IR_add, ir_x(9), ir_x(9), ir_const(b, 1));
    insn(b, BLOCK_PC + 4);
    op3(b, IR_add, ir_x(7), ir_x(7), ir_const(b, -8ull));
    insn(b, BLOCK_PC + 8);
    loop_back(b, ir_x(7), ir_x(8), BLOCK_PC + 12);
    struct tb *tb = gen(f, &f->tb[0]);
    set_x(f, 7, FAKE_PAGE + 12);
    set_x(f, 8, FAKE_PAGE - 0x100);
    set_x(f, 9, 0);
    h->jit_budget = 1000;
    assert_int_equal(jit_enter(h, tb->code), JIT_EXIT_TRAP);
    assert_int_equal(h->pc, BLOCK_PC);
    assert_int_equal(h->x[9], 2); /* at FAKE_PAGE + 12 and + 4 */
    assert_int_equal(h->x[7], FAKE_PAGE - 4);
    /* no kept lookup yet at the loop head: an access at any address (here
     * near 0, where nothing is) goes to the slow path first */
    set_x(f, 7, 8);
    set_x(f, 8, 0);
    set_x(f, 9, 0);
    h->jit_budget = 1000;
    assert_int_equal(jit_enter(h, tb->code), JIT_EXIT_TRAP);
    assert_int_equal(h->x[9], 0);
    assert_int_equal(h->trap_tval, 8);
}

static void test_load_store_hit(void **state)
{
    struct fx *f = *state;
    static uint8_t page[4096] __attribute__((aligned(64)));
    for (unsigned k = 0; k < sizeof(page); k++)
        page[k] = (uint8_t)(0x80 + k * 13);
    fake_tlb(f, page);
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    set_x(f, 5, FAKE_PAGE + 0x100);
    set_x(f, 6, 0x1122334455667788ull);
    ir_temp_t t = ir_new_local(b);
    insn(b, BLOCK_PC);
    load(b, IR_MEM_8, ir_x(10), ir_x(5), 0);
    load(b, IR_MEM_8 | IR_MEM_SIGN, ir_x(11), ir_x(5), 0);
    load(b, IR_MEM_16 | IR_MEM_SIGN, ir_x(12), ir_x(5), 1); /* misaligned, same page */
    load(b, IR_MEM_32 | IR_MEM_SIGN, ir_x(13), ir_x(5), -3);
    load(b, IR_MEM_32, ir_x(14), ir_x(5), 4);
    load(b, IR_MEM_64, t, ir_x(5), 0xef8); /* last 8 bytes of the page */
    op2(b, IR_mov, ir_x(15), t);
    store(b, IR_MEM_8, ir_x(5), 0x10, ir_x(6));
    store(b, IR_MEM_16, ir_x(5), 0x20, ir_x(6));
    store(b, IR_MEM_32, ir_x(5), 0x30, ir_const(b, 0xdeadbeef));
    store(b, IR_MEM_64, ir_x(5), 0x40, ir_x(6));
    store(b, IR_MEM_64, ir_x(5), 0x48, ir_const(b, 0xfedcba9876543210ull));
    store(b, IR_MEM_8, ir_const(b, FAKE_PAGE + 0x50), 0, ir_const(b, 0x1ff));
    load(b, IR_MEM_64, ir_x(5), ir_x(5), 0x40); /* out == address */
    goto_tb(b, 0, BLOCK_PC + 4);
    struct tb *tb = gen(f, &f->tb[0]);
    uintptr_t r = run_jit(f, tb);
    assert_int_equal(r, (uintptr_t)tb | 1);
    struct hart *h = f->jit.h;
    uint64_t v;
    assert_int_equal(h->x[10], page[0x100]);
    assert_int_equal(h->x[11], (uint64_t)(int8_t)page[0x100]);
    memcpy(&v, page + 0x101, 8);
    assert_int_equal(h->x[12], (uint64_t)(int16_t)v);
    memcpy(&v, page + 0xfd, 8);
    assert_int_equal(h->x[13], (uint64_t)(int32_t)v);
    memcpy(&v, page + 0x104, 8);
    assert_int_equal(h->x[14], (uint32_t)v);
    memcpy(&v, page + 0xff8, 8);
    assert_int_equal(h->x[15], v);
    assert_int_equal(page[0x110], 0x88);
    assert_int_equal(page[0x111], (uint8_t)(0x80 + 0x111 * 13));
    memcpy(&v, page + 0x120, 8);
    assert_int_equal(v & 0xffff, 0x7788);
    memcpy(&v, page + 0x130, 4);
    assert_int_equal(v & 0xffffffff, 0xdeadbeef);
    memcpy(&v, page + 0x140, 8);
    assert_int_equal(v, 0x1122334455667788ull);
    memcpy(&v, page + 0x148, 8);
    assert_int_equal(v, 0xfedcba9876543210ull);
    assert_int_equal(page[0x50], 0xff);
    assert_int_equal(h->x[5], 0x1122334455667788ull);
    assert_int_equal(h->minstret, 1);
    assert_int_equal(h->pc, BLOCK_PC + 4);
}

/* Misses: an empty TLB (the slow path fills it), a page-crossing access (the
 * interpreter's split), MMIO (TLB_FLAG_SLOW), and the same block again with
 * the TLB warm; all against ir_run. */
static void test_load_store_miss(void **state)
{
    struct fx *f = *state;
    for (unsigned k = 0; k < DATA_SIZE; k++)
        ram(&f->jit, DATA)[k] = ram(&f->ref, DATA)[k] = (uint8_t)(k * 7 + 1);
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    set_x(f, 5, DATA + 0x800);
    set_x(f, 6, 0xa5a5a5a5c3c3c3c3ull);
    set_x(f, 7, MMIO_BASE);
    ir_temp_t keep[8];
    insn(b, BLOCK_PC);
    for (unsigned k = 0; k < 8; k++) { /* live across every slow path */
        keep[k] = ir_new_local(b);
        op3(b, IR_add, keep[k], ir_x(6), ir_const(b, k));
    }
    op3(b, IR_add, ir_x(20), ir_x(6), ir_x(6)); /* a dirty global */
    load(b, IR_MEM_64, ir_x(10), ir_x(5), 8);
    load(b, IR_MEM_32 | IR_MEM_SIGN, ir_x(11), ir_x(5), 0x7fd); /* crosses into page 2 */
    insn(b, BLOCK_PC + 4);
    store(b, IR_MEM_64, ir_x(5), 0x7fc, ir_x(6)); /* crosses */
    store(b, IR_MEM_16, ir_x(5), 0x10, ir_x(6));
    load(b, IR_MEM_16 | IR_MEM_SIGN, ir_x(12), ir_x(5), 0x10);
    insn(b, BLOCK_PC + 8);
    load(b, IR_MEM_32, ir_x(13), ir_x(7), 8);
    store(b, IR_MEM_64, ir_x(7), 0, ir_x(6));
    for (unsigned k = 0; k < 8; k++)
        op3(b, IR_xor, ir_x(21 + k), ir_x(21 + k), keep[k]);
    goto_tb(b, 0, BLOCK_PC + 12);
    hart_flush_tlb(f->jit.h);
    run_both(f, "miss");
    assert_int_equal(f->mmio_writes, 2);
    assert_int_equal(f->mmio_last, 0xa5a5a5a5c3c3c3c3ull);
    assert_int_equal(f->jit.h->x[13], (uint32_t)(0x1122334455667788ull + 8));
    assert_int_equal(f->jit.h->minstret, 3);
    struct tlb_entry *e = tlb_entry(&f->jit.h->tlb, f->jit.h->mmu_idx_data, DATA + 0x808);
    assert_int_equal(e->tag_r, DATA);
    assert_int_equal(e->tag_w, DATA);
    /* Warm: the hits now, the crossing and MMIO still slow. */
    run_both(f, "miss, warm");
    assert_int_equal(f->jit.h->minstret, 6);
}

static void watcher(void *opaque, uint64_t paddr, unsigned size)
{
    struct fx *f = opaque;
    (void)paddr;
    (void)size;
    f->watch_hits++;
}

/* A watched page (code, say) reads fast but stores slow: the store probe
 * must use tag_w, even right after a load filled tag_r. */
static void test_store_watched(void **state)
{
    struct fx *f = *state;
    assert_int_equal(bus_watch(f->jit.bus, DATA, PAGE_SIZE, watcher, f), 0);
    assert_int_equal(bus_watch(f->ref.bus, DATA, PAGE_SIZE, watcher, f), 0);
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    set_x(f, 5, DATA);
    set_x(f, 6, 0x55);
    insn(b, BLOCK_PC);
    load(b, IR_MEM_64, ir_x(10), ir_x(5), 0);
    insn(b, BLOCK_PC + 4);
    store(b, IR_MEM_32, ir_x(5), 8, ir_x(6));
    insn(b, BLOCK_PC + 8);
    load(b, IR_MEM_32, ir_x(11), ir_x(5), 8);
    goto_tb(b, 0, BLOCK_PC + 12);
    hart_flush_tlb(f->jit.h);
    run_both(f, "watched");
    assert_int_equal(f->watch_hits, 2);
    assert_int_equal(f->jit.h->x[11], 0x55);
    struct tlb_entry *e = tlb_entry(&f->jit.h->tlb, f->jit.h->mmu_idx_data, DATA);
    assert_int_equal(e->tag_r, DATA);
    assert_int_equal(e->tag_w, DATA | TLB_FLAG_SLOW);
    run_both(f, "watched, warm");
    assert_int_equal(f->watch_hits, 4);
}

/* A faulting load in the second instruction: trap exit, h->pc, counts of the
 * first instruction only, globals it wrote in memory. */
static void test_load_fault(void **state)
{
    struct fx *f = *state;
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    set_x(f, 5, 41);
    set_x(f, 6, BAD_VA);
    insn(b, BLOCK_PC);
    op3(b, IR_add, ir_x(5), ir_x(5), ir_const(b, 1));
    insn(b, BLOCK_PC + 2);
    op3(b, IR_add, ir_x(7), ir_x(5), ir_const(b, 1));
    load(b, IR_MEM_32, ir_x(8), ir_x(6), 4);
    insn(b, BLOCK_PC + 6);
    op3(b, IR_add, ir_x(5), ir_x(5), ir_const(b, 1));
    goto_tb(b, 0, BLOCK_PC + 10);
    assert_int_equal(run_both(f, "fault"), JIT_EXIT_TRAP);
    struct hart *h = f->jit.h;
    assert_int_equal(h->pc, BLOCK_PC + 2);
    assert_int_equal(h->trap_cause, EXC_LOAD_ACCESS);
    assert_int_equal(h->trap_tval, BAD_VA + 4);
    assert_int_equal(h->x[5], 42);
    assert_int_equal(h->x[7], 43); /* the faulting instruction's earlier write: as ir_run */
    assert_int_equal(h->minstret, 1);
    assert_int_equal(hart_mcycle(h), 1);
    /* A store fault in the first instruction counts nothing. */
    ir_block_init(b, BLOCK_PC);
    insn(b, BLOCK_PC);
    store(b, IR_MEM_8, ir_x(6), 0, ir_x(5));
    goto_tb(b, 0, BLOCK_PC + 4);
    assert_int_equal(run_both(f, "store fault"), JIT_EXIT_TRAP);
    assert_int_equal(h->trap_cause, EXC_STORE_ACCESS);
    assert_int_equal(h->minstret, 1);
    assert_int_equal(h->pc, BLOCK_PC);
}

/* ---- exits, chaining, budget ---- */

static void build_exit_block(struct ir_block *b, uint64_t pc, unsigned cond_reg)
{
    ir_block_init(b, pc);
    insn(b, pc);
    op3(b, IR_add, ir_x(10), ir_x(10), ir_const(b, 1));
    insn(b, pc + 4);
    brcond(b, IR_NE, ir_x(cond_reg), ir_x(0), 0);
    b->nlabels = 1;
    goto_tb(b, 0, pc + 8);
    label(b, 0);
    goto_tb(b, 1, pc + 0x100);
}

static void test_exits(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->jit.h;
    struct ir_block *b = f->ir;
    build_exit_block(b, BLOCK_PC, 5);
    set_x(f, 5, 0);
    uintptr_t r = run_both(f, "goto_tb 0");
    assert_int_equal(r, (uintptr_t)&f->tb[0] | 1);
    assert_int_equal(h->pc, BLOCK_PC + 8);
    set_x(f, 5, 1);
    r = run_both(f, "goto_tb 1");
    assert_int_equal(r, (uintptr_t)&f->tb[0] | 2);
    assert_int_equal(h->pc, BLOCK_PC + 0x100);
    assert_int_equal(h->minstret, 4);

    ir_block_init(b, BLOCK_PC);
    insn(b, BLOCK_PC);
    op3(b, IR_add, ir_x(11), ir_x(5), ir_const(b, 0x80001234));
    append(b, IR_exit_pc, ir_x(11), 0, 0, 0, 0);
    assert_int_equal(run_both(f, "exit_pc"), JIT_EXIT_LOOKUP);
    assert_int_equal(h->pc, 0x80001235);

    ir_block_init(b, BLOCK_PC);
    insn(b, BLOCK_PC);
    exit_stop(b, 0x80004444);
    assert_int_equal(run_both(f, "exit_stop"), JIT_EXIT_STOP);
    assert_int_equal(h->pc, 0x80004444);

    f->jit.h->npc = f->ref.h->npc = 0x80005550;
    ir_block_init(b, BLOCK_PC);
    insn(b, BLOCK_PC);
    append(b, IR_exit_npc, 0, 0, 0, 0, 0);
    assert_int_equal(run_both(f, "exit_npc"), JIT_EXIT_STOP);
    assert_int_equal(h->pc, 0x80005550);
}

static void test_chain_and_budget(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->jit.h;
    build_exit_block(f->ir, BLOCK_PC, 5);
    struct tb *a = gen(f, &f->tb[0]);
    build_exit_block(f->ir, BLOCK_PC + 8, 6);
    struct tb *c = gen(f, &f->tb[1]);
    assert_non_null(a->jmp_field[0]);
    assert_non_null(a->jmp_field[1]);
    assert_int_equal((uintptr_t)a->jmp_field[0] & 3, 0);
    set_x(f, 5, 0);
    set_x(f, 6, 1);
    backend_patch_jump(a->jmp_field[0], a->jmp_field[0], c->code);
    uintptr_t r = run_jit(f, a);
    assert_int_equal(r, (uintptr_t)c | 2); /* a fell into c, c left by slot 1 */
    assert_int_equal(h->pc, BLOCK_PC + 8 + 0x100);
    assert_int_equal(h->x[10], 2);
    assert_int_equal(h->minstret, 4);
    assert_int_equal(h->jit_budget, 1000 - 4);

    /* Budget for a only: c's entry check stops at c's pc, c does nothing. */
    h->jit_budget = 3;
    r = jit_enter(h, a->code);
    assert_int_equal(r, JIT_EXIT_STOP);
    assert_int_equal(h->pc, BLOCK_PC + 8);
    assert_int_equal(h->x[10], 3);
    assert_int_equal(h->minstret, 6);
    /* No budget: a itself stops before doing anything. */
    h->jit_budget = 0;
    h->pc = 0;
    r = jit_enter(h, a->code);
    assert_int_equal(r, JIT_EXIT_STOP);
    assert_int_equal(h->pc, BLOCK_PC);
    assert_int_equal(h->x[10], 3);
    assert_int_equal(h->minstret, 6);

    /* Unchain: back to the exit stub. */
    backend_patch_jump(a->jmp_field[0], a->jmp_field[0], a->jmp_reset[0]);
    r = run_jit(f, a);
    assert_int_equal(r, (uintptr_t)a | 1);
    assert_int_equal(h->pc, BLOCK_PC + 8);
}

/* A block whose brcond jumps back to its own start: x5 counts up to x8,
 * [x7] accumulates x5, x9 is a third loop global kept in a register. The
 * taken side (slot 1) is the back edge when back_taken, else the fall
 * through (slot 0). */
static void build_loop_block(struct ir_block *b, bool back_taken, unsigned wide)
{
    ir_block_init(b, BLOCK_PC);
    ir_temp_t t = ir_new_local(b);
    unsigned l = ir_new_label(b);
    insn(b, BLOCK_PC);
    op3(b, IR_add, ir_x(5), ir_x(5), ir_const(b, 1));
    op3(b, IR_xor, ir_x(9), ir_x(9), ir_x(5));
    for (unsigned k = 10; k < 10 + wide; k++) /* more guest registers than loop registers */
        op3(b, IR_add, ir_x(k), ir_x(k), ir_x(5));
    insn(b, BLOCK_PC + 4);
    load(b, IR_MEM_64, t, ir_x(7), 0);
    op3(b, IR_add, t, t, ir_x(5));
    store(b, IR_MEM_64, ir_x(7), 0, t);
    insn(b, BLOCK_PC + 8);
    brcond(b, back_taken ? IR_NE : IR_EQ, ir_x(5), ir_x(8), l);
    goto_tb(b, 0, back_taken ? BLOCK_PC + 12 : BLOCK_PC);
    label(b, l);
    goto_tb(b, 1, back_taken ? BLOCK_PC : BLOCK_PC + 12);
}

/* The loop runs in one entry, counts every iteration, stops at its own pc
 * when the budget runs out (values home), and leaves by the other side, or
 * at a kick. Four guest registers (sides 0, 1), then more than the loop
 * registers: eight (sides 2, 3) and twelve (sides 4, 5), the rest going
 * through the allocator. */
/* A loop with a side exit (out of line: the loop falls through the branch)
 * leaves by it with its count and values, or runs to its end. */
static void test_loop_side_exit(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->jit.h;
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    unsigned l0 = ir_new_label(b);
    insn(b, BLOCK_PC);
    op3(b, IR_add, ir_x(5), ir_x(5), ir_const(b, 1));
    insn(b, BLOCK_PC + 4);
    brcond(b, IR_NE, ir_x(5), ir_x(11), l0);
    goto_tb(b, 1, BLOCK_PC + 0x40);
    label(b, l0);
    insn(b, BLOCK_PC + 8);
    op3(b, IR_add, ir_x(9), ir_x(9), ir_x(5));
    insn(b, BLOCK_PC + 12);
    loop_back(b, ir_x(5), ir_x(8), BLOCK_PC + 16);
    struct tb *tb = gen(f, &f->tb[0]);
    for (unsigned run = 0; run < 2; run++) {
        set_x(f, 5, 0);
        set_x(f, 8, 100);
        set_x(f, 9, 0);
        set_x(f, 11, run ? 1000 : 7);
        hart_set_minstret(h, 0);
        h->jit_budget = 1000;
        uintptr_t r = jit_enter(h, tb->code);
        if (!run) { /* six iterations, then the side exit's add and branch */
            assert_int_equal(r, (uintptr_t)tb | 2);
            assert_int_equal(h->pc, BLOCK_PC + 0x40);
            assert_int_equal(h->x[5], 7);
            assert_int_equal(h->x[9], 21);
            assert_int_equal(h->minstret, 6 * 4 + 2);
        } else {
            assert_int_equal(r, (uintptr_t)tb | 1);
            assert_int_equal(h->pc, BLOCK_PC + 16);
            assert_int_equal(h->x[5], 100);
            assert_int_equal(h->x[9], 5050);
            assert_int_equal(h->minstret, 400);
        }
    }
}

static void test_self_loop(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->jit.h;
    for (unsigned side = 0; side < 6; side++) {
        build_loop_block(f->ir, side & 1, side < 2 ? 0 : side < 4 ? 4 : 8);
        for (unsigned k = 10; k < 18; k++)
            set_x(f, k, k);
        struct tb *tb = gen(f, &f->tb[0]);
        uint64_t *acc = (uint64_t *)(void *)ram(&f->jit, DATA);
        *acc = 0;
        set_x(f, 5, 0);
        set_x(f, 7, DATA);
        set_x(f, 8, 100);
        set_x(f, 9, 0);
        hart_set_minstret(h, 0);
        uint64_t mcycle0 = hart_mcycle(h);
        h->jit_budget = 30; /* ten iterations */
        assert_int_equal(jit_enter(h, tb->code), JIT_EXIT_STOP);
        assert_int_equal(h->pc, BLOCK_PC);
        assert_int_equal(h->x[5], 10);
        assert_int_equal(*acc, 55);
        assert_int_equal(h->minstret, 30);
        h->jit_budget = 1000;
        uintptr_t r = jit_enter(h, tb->code);
        assert_int_equal(r, (uintptr_t)tb | (side & 1 ? 1 : 2)); /* the exit side's slot */
        assert_int_equal(h->pc, BLOCK_PC + 12);
        assert_int_equal(h->x[5], 100);
        assert_int_equal(*acc, 5050);
        uint64_t x9 = 0;
        for (uint64_t k = 1; k <= 100; k++)
            x9 ^= k;
        assert_int_equal(h->x[9], x9);
        for (unsigned k = 10; k < 18; k++) /* 1 + ... + 10, then 11 + ... + 100 */
            assert_int_equal(h->x[k], k + (k < 10 + (side < 2 ? 0 : side < 4 ? 4 : 8) ? 5050 : 0));
        assert_int_equal(h->minstret, 300);
        assert_int_equal(hart_mcycle(h) - h->minstret, mcycle0);
        /* the entry check takes 3, the loop every instruction it retired */
        assert_int_equal(h->jit_budget, 1000 - 273);
        /* a request to stop (a kick, besides the budget in memory) stops it
         * at the next back edge, counted */
        set_x(f, 5, 0);
        h->minstret = 0;
        h->jit_budget = 1000;
        hart_request_exit(h);
        assert_int_equal(jit_enter(h, tb->code), JIT_EXIT_STOP);
        hart_exit_handled(h);
        assert_int_equal(h->pc, BLOCK_PC);
        assert_int_equal(h->x[5], 1);
        assert_int_equal(h->minstret, 3 * h->x[5]);
    }
    /* A counter frozen by mcountinhibit stays frozen through the loop's
     * exit, the other counts every instruction (CY is bit 0, IR bit 2). */
    for (uint64_t inhibit = 1; inhibit <= 4; inhibit += 3) {
        h->mcountinhibit = inhibit;
        build_loop_block(f->ir, true, 0);
        struct tb *tb = gen(f, &f->tb[0]);
        set_x(f, 5, 0);
        uint64_t instret0 = h->minstret, cycle0 = hart_mcycle(h);
        h->jit_budget = 30; /* ten iterations */
        assert_int_equal(jit_enter(h, tb->code), JIT_EXIT_STOP);
        assert_int_equal(h->minstret - instret0, inhibit & 4 ? 0 : 30);
        assert_int_equal(hart_mcycle(h) - cycle0, inhibit & 1 ? 0 : 30);
    }
    h->mcountinhibit = 0;
    for (unsigned k = 10; k < 18; k++) /* the wide loops' */
        set_x(f, k, 0);
    /* Without chaining (the lockstep test), the block does one iteration. */
    jit_set_chaining(false);
    build_loop_block(f->ir, true, false);
    set_x(f, 5, 0);
    set_x(f, 9, 0);
    memset(ram(&f->jit, DATA), 0, 8);
    memset(ram(&f->ref, DATA), 0, 8);
    f->ref.h->minstret = h->minstret;
    f->ref.h->mcycle_off = h->mcycle_off;
    assert_int_equal(run_both(f, "loop, chaining off"), (uintptr_t)&f->tb[0] | 2);
    assert_int_equal(h->x[5], 1);
    jit_set_chaining(true);
}

/* A loop storing x5 at [x7] and moving x7 by x10 each time: the cached TLB
 * lookup of the store must follow the pointer into the next page, and never
 * cache MMIO (every write reaches the device). */
static void test_loop_tlb(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->jit.h;
    static const struct {
        uint64_t base, stride;
    } runs[] = {{DATA, 0x3f8}, {MMIO_BASE, 8}};
    for (unsigned k = 0; k < 2; k++) {
        struct ir_block *b = f->ir;
        ir_block_init(b, BLOCK_PC);
        insn(b, BLOCK_PC);
        op3(b, IR_add, ir_x(5), ir_x(5), ir_const(b, 1));
        insn(b, BLOCK_PC + 4);
        store(b, IR_MEM_64, ir_x(7), 0, ir_x(5));
        insn(b, BLOCK_PC + 8);
        op3(b, IR_add, ir_x(7), ir_x(7), ir_x(10));
        insn(b, BLOCK_PC + 12);
        loop_back(b, ir_x(5), ir_x(8), BLOCK_PC + 16);
        struct tb *tb = gen(f, &f->tb[0]);
        set_x(f, 5, 0);
        set_x(f, 7, runs[k].base);
        set_x(f, 8, 8);
        set_x(f, 10, runs[k].stride);
        f->mmio_writes = 0;
        h->jit_budget = 1000;
        assert_int_equal(jit_enter(h, tb->code), (uintptr_t)tb | 1);
        assert_int_equal(h->x[5], 8);
        assert_int_equal(h->x[7], runs[k].base + 8 * runs[k].stride);
        if (runs[k].base == MMIO_BASE) {
            assert_int_equal(f->mmio_writes, 8);
            assert_int_equal(f->mmio_last, 8);
            /* A page becoming code stops the loop at the next back edge,
             * with every value home. */
            f->mmio_marks_code = true;
            set_x(f, 5, 0);
            set_x(f, 7, MMIO_BASE);
            f->mmio_writes = 0;
            assert_int_equal(jit_enter(h, tb->code), JIT_EXIT_STOP);
            assert_int_equal(h->pc, BLOCK_PC);
            assert_int_equal(h->x[5], 1);
            assert_int_equal(h->x[7], MMIO_BASE + 8);
            assert_int_equal(f->mmio_writes, 1);
            f->mmio_marks_code = false;
            hart_exit_handled(h);
            continue;
        }
        for (uint64_t n = 0; n < 8; n++) {
            uint64_t v;
            memcpy(&v, ram(&f->jit, DATA + n * runs[k].stride), 8);
            assert_int_equal(v, n + 1);
        }
    }
}

/* A branch to a later instruction (an `if`): the skipped instruction does
 * not count, the branch does; also with a load (slow path) after the label,
 * and with the branch folded to an unconditional one. */
static void test_if_ahead(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->jit.h;
    for (unsigned k = 0; k < 3; k++) {
        struct ir_block *b = f->ir;
        ir_block_init(b, BLOCK_PC);
        unsigned l = ir_new_label(b);
        insn(b, BLOCK_PC);
        if (k == 2)
            append(b, IR_br, 0, 0, 0, l, 0);
        else
            brcond(b, IR_EQ, ir_x(5), ir_x(6), l);
        insn(b, BLOCK_PC + 4);
        op3(b, IR_add, ir_x(7), ir_x(7), ir_const(b, 1));
        label(b, l);
        insn(b, BLOCK_PC + 8);
        load(b, IR_MEM_64, ir_x(9), ir_x(10), 0);
        insn(b, BLOCK_PC + 12);
        op3(b, IR_add, ir_x(8), ir_x(8), ir_const(b, 1));
        exit_stop(b, BLOCK_PC + 16);
        set_x(f, 5, 1);
        set_x(f, 6, k ? 1 : 2);
        set_x(f, 7, 0);
        set_x(f, 8, 0);
        set_x(f, 10, k == 1 ? BAD_VA : DATA);
        h->minstret = f->ref.h->minstret = 0;
        h->mcycle_off = f->ref.h->mcycle_off = 0;
        uintptr_t r = run_both(f, "if ahead");
        if (k == 1) { /* taken, then the load faults: the branch counted, the add skipped */
            assert_int_equal(r, JIT_EXIT_TRAP);
            assert_int_equal(h->minstret, 1);
            continue;
        }
        assert_int_equal(h->x[7], k ? 0 : 1);
        assert_int_equal(h->minstret, k ? 3 : 4);
    }
}

/* ---- exec ---- */

static uint32_t enc_r(unsigned funct7, unsigned rs2, unsigned rs1, unsigned funct3, unsigned rd,
                      unsigned opcode)
{
    return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}

static void test_exec(void **state)
{
    struct fx *f = *state;
    struct insn add, csr, bad;
    insn_decode(&add, enc_r(0, 7, 6, 0, 5, 0x33));                             /* add x5, x6, x7 */
    insn_decode(&csr, (uint32_t)CSR_MINSTRET << 20 | 2 << 12 | 9 << 7 | 0x73); /* csrr x9 */
    insn_decode(&bad, 0);
    assert_int_equal(add.op, OP_add);
    assert_int_equal(csr.op, OP_csrrs);
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    set_x(f, 5, 1000);
    set_x(f, 6, 10);
    set_x(f, 7, 20);
    f->jit.h->minstret = f->ref.h->minstret = 100;
    insn(b, BLOCK_PC);
    op2(b, IR_mov, ir_x(10), ir_x(5));                /* x5 cached */
    op3(b, IR_add, ir_x(6), ir_x(6), ir_const(b, 1)); /* x6 dirty */
    insn(b, BLOCK_PC + 4);
    exec_op(b, exec_add, &add);
    insn(b, BLOCK_PC + 8);
    op3(b, IR_add, ir_x(8), ir_x(5), ir_x(6)); /* reads exec's x5 */
    insn(b, BLOCK_PC + 12);
    exec_op(b, exec_csrrs, &csr);
    insn(b, BLOCK_PC + 16);
    op2(b, IR_mov, ir_x(11), ir_x(9));
    goto_tb(b, 0, BLOCK_PC + 20);
    run_both(f, "exec");
    struct hart *h = f->jit.h;
    assert_int_equal(h->x[5], 31);
    assert_int_equal(h->x[8], 42);
    assert_int_equal(h->x[9], 103); /* three instructions before the csrr */
    assert_int_equal(h->x[11], 103);
    assert_int_equal(h->minstret, 105);
    assert_int_equal(h->npc, BLOCK_PC + 16);

    /* A trapping exec: the instructions before count, h->pc is the exec's. */
    ir_block_init(b, BLOCK_PC);
    insn(b, BLOCK_PC);
    op3(b, IR_add, ir_x(12), ir_x(12), ir_const(b, 1));
    insn(b, BLOCK_PC + 4);
    exec_op(b, exec_illegal, &bad);
    insn(b, BLOCK_PC + 8);
    op3(b, IR_add, ir_x(12), ir_x(12), ir_const(b, 1));
    goto_tb(b, 0, BLOCK_PC + 12);
    assert_int_equal(run_both(f, "exec trap"), JIT_EXIT_TRAP);
    assert_int_equal(h->pc, BLOCK_PC + 4);
    assert_int_equal(h->trap_cause, EXC_ILLEGAL_INSN);
    assert_int_equal(h->x[12], 1);
    assert_int_equal(h->minstret, 106);
}

/* mcountinhibit: flags from the hart suppress the adds; an exec'd
 * instruction counts with the value at run time. */
static void test_inhibit(void **state)
{
    struct fx *f = *state;
    struct insn add;
    insn_decode(&add, enc_r(0, 7, 6, 0, 5, 0x33));
    for (uint64_t inhibit = 0; inhibit <= 5; inhibit++) {
        f->jit.h->mcountinhibit = f->ref.h->mcountinhibit = inhibit & 5;
        struct ir_block *b = f->ir;
        ir_block_init(b, BLOCK_PC);
        insn(b, BLOCK_PC);
        op3(b, IR_add, ir_x(10), ir_x(10), ir_const(b, 1));
        insn(b, BLOCK_PC + 4);
        exec_op(b, exec_add, &add);
        insn(b, BLOCK_PC + 8);
        load(b, IR_MEM_8, ir_x(11), ir_const(b, BAD_VA), 0);
        goto_tb(b, 0, BLOCK_PC + 12);
        run_both(f, "inhibit, trap");
        ir_block_init(b, BLOCK_PC);
        insn(b, BLOCK_PC);
        insn(b, BLOCK_PC + 4);
        goto_tb(b, 0, BLOCK_PC + 8);
        run_both(f, "inhibit");
    }
    assert_int_equal(f->jit.h->minstret, 4 * 4);    /* IR counted with inhibit 0, 1, 0, 1 */
    assert_int_equal(hart_mcycle(f->jit.h), 3 * 4); /* CY counted with inhibit 0, 0, 4 */
}

/* ---- random blocks ---- */

struct rng {
    uint64_t s;
};

static uint64_t rnd(struct rng *g)
{
    g->s ^= g->s << 13;
    g->s ^= g->s >> 7;
    g->s ^= g->s << 17;
    return g->s;
}

static unsigned rnd_n(struct rng *g, unsigned n) { return (unsigned)(rnd(g) % n); }

#define RAND_LOCALS 24

struct rblock {
    struct rng *g;
    struct ir_block *b;
    ir_temp_t locals[RAND_LOCALS];
    bool defined[IR_MAX_TEMPS];
    bool memory; /* x1 is the data base, x2 a bad address: never written */
};

static uint64_t rnd_value(struct rng *g)
{
    switch (rnd_n(g, 4)) {
    case 0: return edge_values[rnd_n(g, NEDGE)];
    case 1: return rnd_n(g, 200) - 100;
    default: return rnd(g);
    }
}

static ir_temp_t rnd_src(struct rblock *r)
{
    for (;;) {
        unsigned k = rnd_n(r->g, 10);
        if (k < 5)
            return ir_x(rnd_n(r->g, 32));
        if (k < 8) {
            ir_temp_t t = r->locals[rnd_n(r->g, RAND_LOCALS)];
            if (r->defined[t])
                return t;
            continue;
        }
        return ir_const(r->b, rnd_value(r->g));
    }
}

static ir_temp_t rnd_dst(struct rblock *r)
{
    if (rnd_n(r->g, 2))
        return ir_x((r->memory ? 3 : 1) + rnd_n(r->g, r->memory ? 29 : 31));
    ir_temp_t t = r->locals[rnd_n(r->g, RAND_LOCALS)];
    r->defined[t] = true;
    return t;
}

static void rnd_pure_op(struct rblock *r)
{
    static uint64_t (*const helpers[])(uint64_t, uint64_t) = {
        jit_helper_div, jit_helper_divu, jit_helper_rem, jit_helper_remu, jit_helper_mulhsu};
    unsigned kind = rnd_n(r->g, 24);
    ir_temp_t a = rnd_src(r), c = rnd_src(r);
    if (kind < 11) {
        unsigned opc = binops[kind];
        if (is_shift(opc)) { /* the IR wants b < 64 */
            ir_temp_t m = r->locals[rnd_n(r->g, RAND_LOCALS)];
            op3(r->b, IR_and, m, c, ir_const(r->b, 63));
            r->defined[m] = true;
            c = m;
        }
        op3(r->b, opc, rnd_dst(r), a, c);
    } else if (kind < 20) {
        op2(r->b, unops[kind - 11], rnd_dst(r), a);
    } else if (kind < 23) {
        append(r->b, IR_setcond, rnd_dst(r), a, c, rnd_n(r->g, 6), 0);
    } else {
        call2(r->b, helpers[rnd_n(r->g, 5)], rnd_dst(r), a, c);
    }
}

static void rnd_mem_op(struct rblock *r)
{
    unsigned memop = rnd_n(r->g, 8);
    if ((memop & 3) == 3)
        memop &= 3;                                 /* no sign flag on 64-bit accesses */
    ir_temp_t base = ir_x(rnd_n(r->g, 40) ? 1 : 2); /* now and then a faulting access */
    int64_t disp = (int64_t)rnd_n(r->g, 0x1000) - 0x800;
    if (rnd_n(r->g, 3) == 0) { /* through a local */
        ir_temp_t t = r->locals[rnd_n(r->g, RAND_LOCALS)];
        op3(r->b, IR_add, t, base, ir_const(r->b, (uint64_t)disp));
        r->defined[t] = true;
        base = t;
        disp = 0;
    }
    if (rnd_n(r->g, 2))
        load(r->b, memop, rnd_dst(r), base, disp);
    else
        store(r->b, memop & 3, base, disp, rnd_src(r));
}

static void rnd_ops(struct rblock *r, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        if (r->memory && rnd_n(r->g, 3) == 0)
            rnd_mem_op(r);
        else
            rnd_pure_op(r);
    }
}

/* One instruction: ops, sometimes with a forward branch over some of them. */
static void rnd_insn(struct rblock *r)
{
    rnd_ops(r, 1 + rnd_n(r->g, 4));
    if (rnd_n(r->g, 4))
        return;
    bool saved[IR_MAX_TEMPS];
    memcpy(saved, r->defined, sizeof(saved));
    unsigned l = ir_new_label(r->b);
    brcond(r->b, rnd_n(r->g, 6), rnd_src(r), rnd_src(r), l);
    rnd_ops(r, 1 + rnd_n(r->g, 4));
    label(r->b, l);
    memcpy(r->defined, saved, sizeof(saved)); /* written on one path only */
    rnd_ops(r, rnd_n(r->g, 3));
}

static void rnd_exit(struct rblock *r, uint64_t pc)
{
    switch (rnd_n(r->g, 4)) {
    case 0: goto_tb(r->b, 0, pc); break;
    case 1: exit_stop(r->b, pc); break;
    case 2: append(r->b, IR_exit_pc, rnd_src(r), 0, 0, 0, 0); break;
    default: {
        unsigned l = ir_new_label(r->b);
        brcond(r->b, rnd_n(r->g, 6), rnd_src(r), rnd_src(r), l);
        goto_tb(r->b, 0, pc);
        label(r->b, l);
        goto_tb(r->b, 1, pc + 0x40);
    }
    }
}

static void rnd_block(struct rblock *r)
{
    ir_block_init(r->b, BLOCK_PC);
    memset(r->defined, 0, sizeof(r->defined));
    for (unsigned k = 0; k < RAND_LOCALS; k++)
        r->locals[k] = ir_new_local(r->b);
    unsigned n = 1 + rnd_n(r->g, 12);
    uint64_t pc = BLOCK_PC;
    for (unsigned k = 0; k < n; k++, pc += 4) {
        insn(r->b, pc);
        rnd_insn(r);
    }
    rnd_exit(r, pc);
    assert_false(r->b->overflow);
}

static void rnd_state(struct fx *f, struct rng *g, bool memory)
{
    for (unsigned k = 1; k < 32; k++)
        set_x(f, k, rnd_value(g));
    f->jit.h->minstret = f->ref.h->minstret = 0;
    f->jit.h->mcycle_off = f->ref.h->mcycle_off = 0;
    f->jit.h->trap_cause = f->ref.h->trap_cause = 0;
    f->jit.h->trap_tval = f->ref.h->trap_tval = 0;
    if (!memory)
        return;
    set_x(f, 1, DATA + 0x1000);
    set_x(f, 2, BAD_VA + 0x800);
    for (unsigned k = 0; k < DATA_SIZE; k++)
        ram(&f->jit, DATA)[k] = ram(&f->ref, DATA)[k] = (uint8_t)rnd(g);
    if (rnd_n(g, 2))
        hart_flush_tlb(f->jit.h);
}

/* Run count random blocks; returns how many left through each kind of exit
 * (0 lookup, 1 trap, 2 stop, 3 goto_tb). */
static void rnd_run(struct fx *f, bool memory, uint64_t seed, unsigned count, unsigned exits[4])
{
    struct rng g = {seed};
    struct rblock r = {.g = &g, .b = f->ir, .memory = memory};
    char what[64];
    for (unsigned i = 0; i < count; i++) {
        rnd_state(f, &g, memory);
        rnd_block(&r);
        snprintf(what, sizeof(what), "seed %#llx block %u", (unsigned long long)seed, i);
        uintptr_t code = run_both(f, what);
        exits[(code & JIT_EXIT_SLOT_MASK) ? 3 : code / 4]++;
    }
}

/* ---- floating point ---- */

/* clang-format off */
static const uint64_t fp_edge[] = {
    0, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,        /* zeros, infinities */
    0x7ff8000000000000, 0xfff8000000000123, 0x7ff0000000000001,            /* qNaN, -qNaN, sNaN */
    0x0000000000000001, 0x800fffffffffffff, 0x0010000000000000,            /* subnormals, min normal */
    0x0010000000000001, 0x7fefffffffffffff, 0xffefffffffffffff,            /* max finite */
    0x3ff0000000000000, 0xbff0000000000000, 0x4000000000000000,            /* 1, -1, 2 */
    0x3fb999999999999a, 0x3fd5555555555555, 0x4008000000000000,            /* 0.1, 1/3, 3 */
    0x2000000000000000, 0x1ff0000000000000, 0x5ff0000000000000,            /* products underflow/overflow */
    0x3ca0000000000000, 0x3cb0000000000000, 0x3ff0000000000001,            /* 2^-53, 2^-52, 1+ulp */
    0x000ffffffffffffe, 0x3fefffffffffffff, 0xc00921fb54442d18,            /* -pi */
    0x7fe0000000000000, 0x0008000000000000, 0x43e0000000000000,            /* 2^63 */
    0xc3e0000000000000, 0xc1e0000000000000, 0x41e0000000000000,            /* -2^63, -2^31, 2^31 */
    0x41dfffffffc00000, 0xc1e0000000200000, 0xbfe8000000000000,            /* 2^31-1, -2^31-1, -0.75 */
    /* NaN-boxed singles (and one unboxed): 0, -0, inf, qNaN, sNaN, subnormal,
     * 1, max, min normal, 1/3, 2^63, a tiny and a huge factor */
    0xffffffff00000000, 0xffffffff80000000, 0xffffffff7f800000, 0xffffffff7fc00000,
    0xffffffff7f800001, 0xffffffff00000001, 0xffffffff3f800000, 0xffffffff7f7fffff,
    0xffffffff00800000, 0xffffffff3eaaaaab, 0xffffffff5f000000, 0xffffffff1f800000,
    0xffffffff5f800000, 0x000000003f800000,
};
/* clang-format on */
#define NFP (sizeof(fp_edge) / sizeof(fp_edge[0]))

static void set_f(struct fx *f, unsigned r, uint64_t v)
{
    f->jit.h->f[r] = v;
    f->ref.h->f[r] = v;
}

static void fpop(struct ir_block *b, enum ir_fpop fop, ir_temp_t o, ir_temp_t a, ir_temp_t c)
{
    append(b, IR_fpop, o, a, c, fop, 0);
}

/* Every fpop on every pair of edge values, with operands in globals, in a
 * constant, and output aliasing an input: results and fflags exactly as
 * cpu/softfloat gives them (the host's NaNs canonicalized, its flags
 * mapped and folded into fflags when the code returns). */
static void test_fpop(void **state)
{
    struct fx *f = *state;
    for (unsigned fop = 0; fop < IR_FPOP_COUNT; fop++) {
        for (unsigned i = 0; i < NFP; i++) {
            for (unsigned k = 0; k < NFP; k++) {
                uint64_t a = fp_edge[i], c = fp_edge[k];
                unsigned want_flags = 0;
                uint64_t want = ir_eval_fp((enum ir_fpop)fop, a, c, &want_flags);
                struct ir_block *b = f->ir;
                ir_block_init(b, BLOCK_PC);
                set_f(f, 2, a);
                set_f(f, 3, c);
                set_x(f, 5, a);
                f->jit.h->fflags = f->ref.h->fflags = 0;
                insn(b, BLOCK_PC);
                fpop(b, (enum ir_fpop)fop, ir_f(1), ir_f(2), ir_f(3));
                ir_temp_t t = ir_new_local(b);
                fpop(b, (enum ir_fpop)fop, t, ir_x(5), ir_const(b, c));
                op2(b, IR_mov, ir_f(4), t);
                fpop(b, (enum ir_fpop)fop, ir_f(6), ir_const(b, a), ir_f(3));
                insn(b, BLOCK_PC + 4);
                op2(b, IR_mov, ir_f(7), ir_f(2));
                fpop(b, (enum ir_fpop)fop, ir_f(7), ir_f(7), ir_f(3)); /* out == a */
                insn(b, BLOCK_PC + 8);
                memcpy(ram(&f->jit, DATA), &c, 8);
                memcpy(ram(&f->ref, DATA), &c, 8);
                load(b, IR_MEM_64, ir_f(8), ir_const(b, DATA), 0);     /* f8 = c, in an xmm */
                fpop(b, (enum ir_fpop)fop, ir_f(8), ir_f(2), ir_f(8)); /* out == b */
                exit_stop(b, BLOCK_PC + 12);
                run_both(f, ir_op_descs[IR_fpop].name);
                struct hart *h = f->jit.h;
                if (h->f[1] != want || h->f[4] != want || h->f[6] != want || h->f[7] != want ||
                    h->f[8] != want)
                    fail_msg("fpop %u (%#llx, %#llx): %#llx, want %#llx", fop,
                             (unsigned long long)a, (unsigned long long)c,
                             (unsigned long long)h->f[1], (unsigned long long)want);
                assert_int_equal(h->fflags, want_flags);
            }
        }
    }
}

/* Flags raised earlier in the block (or in a chained block) are in the
 * host FPU until the code returns: an exec'd csrr of fflags in the middle
 * still reads them, and a csrw of fflags drops them. */
/* fpop results are kept in xmm registers for later fpops: an integer write
 * to the register, a load (its slow path may call C) and a label forget
 * the copies, so later fpops read the new values. */
static void test_fp_xmm_copies(void **state)
{
    struct fx *f = *state;
    for (unsigned k = 0; k < 2; k++)
        (k ? f->ref.h : f->jit.h)->mstatus |= MSTATUS_FS;
    static const uint64_t three = 0x4008000000000000, half = 0x3fe0000000000000;
    memcpy(ram(&f->jit, DATA), &half, 8);
    memcpy(ram(&f->ref, DATA), &half, 8);
    set_f(f, 2, 0x3ff8000000000000); /* 1.5 */
    set_f(f, 3, three);
    set_x(f, 5, 0x4010000000000000); /* 4.0 */
    set_x(f, 6, DATA);
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    unsigned l = ir_new_label(b);
    insn(b, BLOCK_PC);
    fpop(b, IR_FMUL_D, ir_f(1), ir_f(2), ir_f(3));           /* 4.5, kept */
    fpop(b, IR_FADD_D, ir_f(4), ir_f(1), ir_f(2));           /* 6.0: a from the copy */
    fpop(b, IR_FSUB_D, ir_f(5), ir_f(4), ir_f(1));           /* 1.5: b from the copy */
    op2(b, IR_mov, ir_f(1), ir_x(5));                        /* f1 = 4.0: its copy is stale */
    fpop(b, IR_FADD_D, ir_f(6), ir_f(1), ir_f(4));           /* 10.0 */
    fpop(b, IR_FMUL_D, ir_f(9), ir_f(6), ir_f(6));           /* 100.0, kept */
    load(b, IR_MEM_64, ir_f(12), ir_const(b, MMIO_BASE), 0); /* C code runs */
    fpop(b, IR_FADD_D, ir_f(13), ir_f(9), ir_f(9));          /* 200.0: not from a clobbered copy */
    load(b, IR_MEM_64, ir_f(6), ir_x(6), 0);                 /* f6 = 0.5 */
    fpop(b, IR_FMUL_D, ir_f(11), ir_f(6), ir_f(4));          /* 3.0 */
    brcond(b, IR_NE, ir_x(7), ir_const(b, 0), l);            /* taken: f7 keeps 2.0 */
    fpop(b, IR_FMUL_D, ir_f(7), ir_f(6), ir_f(4));           /* 3.0, kept */
    label(b, l);
    fpop(b, IR_FDIV_D, ir_f(8), ir_f(7), ir_f(9)); /* f7 / 100.0 */
    exit_stop(b, BLOCK_PC + 4);
    for (uint64_t taken = 0; taken < 2; taken++) {
        set_f(f, 7, 0x4000000000000000); /* 2.0 */
        set_x(f, 7, taken);
        run_both(f, "xmm copies");
        assert_int_equal(f->jit.h->f[5], 0x3ff8000000000000);
        assert_int_equal(f->jit.h->f[6], half);
        assert_int_equal(f->jit.h->f[11], three);
        assert_int_equal(f->jit.h->f[7], taken ? 0x4000000000000000 : three);
        assert_int_equal(f->jit.h->f[9], 0x4059000000000000);  /* 100.0 */
        assert_int_equal(f->jit.h->f[13], 0x4069000000000000); /* 200.0 */
    }
}

/* A loop whose f registers live in xmm registers (scan_loop's loop_xmm):
 *   f1 = [x6]; f2 = f1 * f3; f4 += f2; f10 = f9 * f3; [x7] = f2;
 *   x6 += 8; x7 += 8; x5 -= 1; back while x5 != 0
 * f3 and f9 are only read: f9 holds a NaN-boxed single, which as a double
 * is a NaN that is not canonical, and must stay as it is; f10 is an fpop's
 * NaN result, canonical wherever it leaves (the back edge, the budget's
 * exit, the trap exit, the loop's end). */
static void build_fp_loop(struct ir_block *b)
{
    ir_block_init(b, BLOCK_PC);
    insn(b, BLOCK_PC);
    load(b, IR_MEM_64, ir_f(1), ir_x(6), 0);
    insn(b, BLOCK_PC + 4);
    fpop(b, IR_FMUL_D, ir_f(2), ir_f(1), ir_f(3));
    insn(b, BLOCK_PC + 8);
    fpop(b, IR_FADD_D, ir_f(4), ir_f(4), ir_f(2));
    insn(b, BLOCK_PC + 12);
    fpop(b, IR_FMUL_D, ir_f(10), ir_f(9), ir_f(3));
    insn(b, BLOCK_PC + 16);
    store(b, IR_MEM_64, ir_x(7), 0, ir_f(2));
    insn(b, BLOCK_PC + 20);
    op3(b, IR_add, ir_x(6), ir_x(6), ir_const(b, 8));
    op3(b, IR_add, ir_x(7), ir_x(7), ir_const(b, 8));
    op3(b, IR_add, ir_x(5), ir_x(5), ir_const(b, -1ull));
    insn(b, BLOCK_PC + 24);
    loop_back(b, ir_x(5), ir_const(b, 0), BLOCK_PC + 28);
}

static uint64_t dbits(double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    return v;
}

/* Runs the loop from the start over n inputs at src (8 of them in RAM, or
 * MMIO whose reads clobber every xmm register), checks what it left. */
static void fp_loop_run(struct fx *f, struct tb *tb, uint64_t src, unsigned n, uint64_t budget,
                        uintptr_t want_exit, unsigned want_done)
{
    struct hart *h = f->jit.h;
    static const uint64_t boxed_nan = 0xffffffff7fc00001ull; /* a single's NaN, boxed */
    set_x(f, 5, n);
    set_x(f, 6, src);
    set_x(f, 7, DATA + 0x100);
    set_f(f, 1, 0);
    set_f(f, 3, dbits(0.5));
    set_f(f, 4, dbits(1.0));
    set_f(f, 9, boxed_nan);
    set_f(f, 10, 0);
    h->jit_budget = budget;
    uintptr_t r = jit_enter(h, tb->code);
    assert_int_equal(r, want_exit);
    double sum = 1.0, last = 0.0;
    const uint64_t *out = (const uint64_t *)(const void *)ram(&f->jit, DATA + 0x100);
    for (unsigned k = 0; k < want_done; k++) {
        uint64_t in;
        if (src == MMIO_BASE)
            in = 0x1122334455667788ull + 8 * k;
        else
            memcpy(&in, ram(&f->jit, src + 8 * k), 8);
        double d;
        memcpy(&d, &in, 8);
        last = d * 0.5;
        sum += last;
        assert_int_equal(out[k], dbits(last));
    }
    assert_int_equal(h->f[4], dbits(sum));
    assert_int_equal(h->f[2], dbits(last));
    assert_int_equal(h->f[3], dbits(0.5));
    assert_int_equal(h->f[9], boxed_nan);
    assert_int_equal(h->f[10], want_done ? F64_CANONICAL_NAN : 0);
    assert_int_equal(h->x[5], n - want_done);
}

static void test_fp_loop(void **state)
{
    struct fx *f = *state;
    struct hart *h = f->jit.h;
    h->mstatus |= MSTATUS_FS;
    build_fp_loop(f->ir);
    struct tb *tb = gen(f, &f->tb[0]);
    for (unsigned k = 0; k < 8; k++) {
        uint64_t v = dbits(1.0 + k);
        memcpy(ram(&f->jit, DATA + 8 * k), &v, 8);
    }
    /* to the end: the fall-through exit's slot */
    fp_loop_run(f, tb, DATA, 8, 1000, (uintptr_t)tb | 1, 8);
    assert_int_equal(h->pc, BLOCK_PC + 28);
    /* the budget runs out after three iterations (the entry takes 7) */
    fp_loop_run(f, tb, DATA, 8, 7 * 3, JIT_EXIT_STOP, 3);
    assert_int_equal(h->pc, BLOCK_PC);
    /* the fourth load faults: the state is the third iteration's */
    fp_loop_run(f, tb, RAM_BASE + RAM_SIZE - 24, 8, 1000, JIT_EXIT_TRAP, 3);
    assert_int_equal(h->pc, BLOCK_PC);
    assert_int_equal(h->trap_tval, RAM_BASE + RAM_SIZE);
    /* device reads clobber xmm registers: the slow path keeps the loop's */
    fp_loop_run(f, tb, MMIO_BASE, 4, 1000, (uintptr_t)tb | 1, 4);
}

static void test_fp_flags_mid_block(void **state)
{
    struct fx *f = *state;
    struct insn rd, clear;
    insn_decode(&rd, (uint32_t)CSR_FFLAGS << 20 | 2 << 12 | 9 << 7 | 0x73);    /* csrr x9, fflags */
    insn_decode(&clear, (uint32_t)CSR_FFLAGS << 20 | 1 << 12 | 0 << 7 | 0x73); /* csrw fflags, x0 */
    assert_int_equal(rd.op, OP_csrrs);
    assert_int_equal(clear.op, OP_csrrw);
    struct hart *sides[2] = {f->jit.h, f->ref.h};
    for (unsigned k = 0; k < 2; k++)
        sides[k]->mstatus |= MSTATUS_FS;
    struct ir_block *b = f->ir;
    ir_block_init(b, BLOCK_PC);
    set_f(f, 2, 0x3ff0000000000000); /* 1.0 */
    set_f(f, 3, 0x4008000000000000); /* 3.0 */
    set_f(f, 4, 0);
    f->jit.h->fflags = f->ref.h->fflags = 0;
    insn(b, BLOCK_PC);
    fpop(b, IR_FDIV_D, ir_f(1), ir_f(2), ir_f(3)); /* inexact */
    insn(b, BLOCK_PC + 4);
    exec_op(b, exec_csrrs, &rd);
    insn(b, BLOCK_PC + 8);
    exec_op(b, exec_csrrw, &clear);
    insn(b, BLOCK_PC + 12);
    fpop(b, IR_FDIV_D, ir_f(5), ir_f(2), ir_f(4)); /* divide by zero */
    exit_stop(b, BLOCK_PC + 16);
    run_both(f, "fp flags mid-block");
    assert_int_equal(f->jit.h->x[9], FFLAG_NX);
    assert_int_equal(f->jit.h->fflags, FFLAG_DZ);

    /* Flags C code left in MXCSR are not the guest's: with no fpop since the
     * last fold, csrr fflags reads what the guest raised, nothing more. */
    ir_block_init(b, BLOCK_PC);
    f->jit.h->fflags = f->ref.h->fflags = 0;
    insn(b, BLOCK_PC);
    exec_op(b, exec_csrrs, &rd);
    exit_stop(b, BLOCK_PC + 4);
    _mm_setcsr(_mm_getcsr() | 0x20); /* inexact, as host FP in C would leave it */
    run_both(f, "fp flags left by C");
    _mm_setcsr(_mm_getcsr() & ~0x3fu);
    assert_int_equal(f->jit.h->x[9], 0);
}

static void test_random_pure(void **state)
{
    unsigned exits[4] = {0};
    rnd_run(*state, false, 0x9e3779b97f4a7c15ull, 10000, exits);
    rnd_run(*state, false, 0x0123456789abcdefull, 10000, exits);
    assert_int_equal(exits[1], 0);
    assert_true(exits[0] > 1000 && exits[2] > 1000 && exits[3] > 1000);
}

static void test_random_memory(void **state)
{
    unsigned exits[4] = {0};
    rnd_run(*state, true, 0xc0ffee1234567ull, 10000, exits);
    assert_true(exits[1] > 500); /* faulting accesses */
    assert_true(exits[0] > 500 && exits[2] > 500 && exits[3] > 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_binops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unops_setcond, setup, teardown),
        cmocka_unit_test_setup_teardown(test_call2_helpers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_pressure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_store_hit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_store_miss, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_watched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_fault, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain_and_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loop_tlb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_if_ahead, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inhibit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fpop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fp_xmm_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fp_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loop_side_exit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loop_straddle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fp_flags_mid_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_pure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
