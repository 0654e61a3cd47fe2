/* SPDX-License-Identifier: MIT */
/* The IR core: the op table, temps and labels, the builders the translator
 * calls (they fold through ir_fold_op from tcg/opt.c), the reference
 * semantics of pure ops (ir_eval) and the text dump. */
#include "ir.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cpu/hart.h"
#include "cpu/insn.h"
#include "cpu/softfloat.h"
#include "util/util.h"

const struct ir_op_desc ir_op_descs[IR_OP_COUNT] = {
#define X(name, o, i, c, f) [IR_##name] = {#name, o, i, c, f},
    IR_OPS(X)
#undef X
};

STATIC_ASSERT(offsetof(struct hart, f) + 32 * sizeof(uint64_t) <= UINT16_MAX,
              "register home slots must fit ir_temp.offset");
STATIC_ASSERT(IR_MAX_TEMPS <= IR_NO_TEMP, "temp indices must not collide with IR_NO_TEMP");

void ir_block_init(struct ir_block *b, uint64_t pc)
{
    b->pc = pc;
    b->ninsns = 0;
    b->nops = 0;
    b->nlabels = 0;
    b->overflow = false;
    b->temps[0] = (struct ir_temp){.kind = IR_TEMP_CONST, .value = 0};
    for (unsigned r = 1; r < IR_NUM_GLOBALS; r++)
        b->temps[r] = (struct ir_temp){
            .kind = IR_TEMP_GLOBAL,
            .reg = (uint8_t)r,
            .offset = (uint16_t)(r < 32 ? offsetof(struct hart, x) + r * sizeof(uint64_t)
                                        : offsetof(struct hart, f) + (r - 32) * sizeof(uint64_t)),
        };
    b->ntemps = IR_NUM_GLOBALS;
}

/* --- temps and labels --- */

/* On overflow: flag the block and hand out temp 0 (reads give 0, writes are
 * dropped), so nothing is written out of bounds; the translator discards the
 * instruction being translated. */
static ir_temp_t new_temp(struct ir_block *b, enum ir_temp_kind kind, uint64_t value)
{
    if (b->ntemps >= IR_MAX_TEMPS) {
        b->overflow = true;
        return 0;
    }
    b->temps[b->ntemps] = (struct ir_temp){.kind = (uint8_t)kind, .value = value};
    return (ir_temp_t)b->ntemps++;
}

ir_temp_t ir_new_local(struct ir_block *b) { return new_temp(b, IR_TEMP_LOCAL, 0); }

ir_temp_t ir_const_try(struct ir_block *b, uint64_t value)
{
    if (value == 0)
        return 0; /* temp 0; the globals after it are never constants */
    for (unsigned t = IR_NUM_GLOBALS; t < b->ntemps; t++)
        if (b->temps[t].kind == IR_TEMP_CONST && b->temps[t].value == value)
            return (ir_temp_t)t;
    if (b->ntemps >= IR_MAX_TEMPS)
        return IR_NO_TEMP;
    return new_temp(b, IR_TEMP_CONST, value);
}

ir_temp_t ir_const(struct ir_block *b, uint64_t value)
{
    ir_temp_t t = ir_const_try(b, value);
    return t == IR_NO_TEMP ? new_temp(b, IR_TEMP_CONST, value) : t;
}

unsigned ir_new_label(struct ir_block *b) { return b->nlabels++; }

/* --- builders --- */

static struct ir_op make_op(enum ir_opcode opc, unsigned nargs)
{
    return (struct ir_op){.opc = (uint8_t)opc, .nargs = (uint8_t)nargs};
}

/* Fold op, then append what is left (if anything). */
static void append(struct ir_block *b, struct ir_op op)
{
    if (!ir_fold_op(b, &op))
        return;
    if (b->nops >= IR_MAX_OPS) {
        b->overflow = true;
        return;
    }
    b->ops[b->nops++] = op;
}

void ir_mov(struct ir_block *b, ir_temp_t out, ir_temp_t a)
{
    struct ir_op op = make_op(IR_mov, 2);
    op.args[0] = out;
    op.args[1] = a;
    append(b, op);
}

static bool is_pure(enum ir_opcode opc, unsigned inputs)
{
    return opc < IR_OP_COUNT && ir_op_descs[opc].flags == 0 && ir_op_descs[opc].consts == 0 &&
           ir_op_descs[opc].outputs == 1 && ir_op_descs[opc].inputs == inputs;
}

/* out = a opc c, with constant argument c0 */
static void append3(struct ir_block *b, enum ir_opcode opc, ir_temp_t out, ir_temp_t a, ir_temp_t c,
                    uint64_t c0)
{
    struct ir_op op = make_op(opc, 3);
    op.args[0] = out;
    op.args[1] = a;
    op.args[2] = c;
    op.c[0] = c0;
    append(b, op);
}

void ir_binop(struct ir_block *b, enum ir_opcode opc, ir_temp_t out, ir_temp_t a, ir_temp_t c)
{
    ASSERT(is_pure(opc, 2));
    append3(b, opc, out, a, c, 0);
}

void ir_unop(struct ir_block *b, enum ir_opcode opc, ir_temp_t out, ir_temp_t a)
{
    ASSERT(is_pure(opc, 1));
    struct ir_op op = make_op(opc, 2);
    op.args[0] = out;
    op.args[1] = a;
    append(b, op);
}

void ir_setcond(struct ir_block *b, enum ir_cond cond, ir_temp_t out, ir_temp_t a, ir_temp_t c)
{
    ASSERT(cond <= IR_GEU);
    append3(b, IR_setcond, out, a, c, cond);
}

void ir_call2(struct ir_block *b, uint64_t (*fn)(uint64_t, uint64_t), ir_temp_t out, ir_temp_t a,
              ir_temp_t c)
{
    append3(b, IR_call2, out, a, c, (uintptr_t)fn);
}

void ir_fpop(struct ir_block *b, enum ir_fpop fop, ir_temp_t out, ir_temp_t a, ir_temp_t c)
{
    ASSERT(fop < IR_FPOP_COUNT && out != 0);
    append3(b, IR_fpop, out, a, c, fop);
}

/* A load or AMO to x0 still accesses memory (and may trap): it gets a
 * scratch output (0 only on overflow). */
static ir_temp_t mem_out(struct ir_block *b, ir_temp_t out) { return out ? out : ir_new_local(b); }

void ir_load(struct ir_block *b, unsigned memop, ir_temp_t out, ir_temp_t addr, int64_t disp)
{
    out = mem_out(b, out);
    if (out == 0)
        return;
    struct ir_op op = make_op(IR_load, 2);
    op.args[0] = out;
    op.args[1] = addr;
    op.c[0] = memop;
    op.c[1] = (uint64_t)disp;
    append(b, op);
}

void ir_amo(struct ir_block *b, unsigned memop, unsigned op, ir_temp_t out, ir_temp_t addr,
            ir_temp_t val)
{
    out = mem_out(b, out);
    if (out == 0)
        return;
    struct ir_op o = make_op(IR_amo, 3);
    o.args[0] = out;
    o.args[1] = addr;
    o.args[2] = val;
    o.c[0] = memop | op << IR_AMO_SHIFT;
    append(b, o);
}

void ir_store(struct ir_block *b, unsigned memop, ir_temp_t addr, int64_t disp, ir_temp_t val)
{
    struct ir_op op = make_op(IR_store, 2);
    op.args[0] = addr;
    op.args[1] = val;
    op.c[0] = memop;
    op.c[1] = (uint64_t)disp;
    append(b, op);
}

void ir_exec(struct ir_block *b, const void *exec_fn, const void *insn)
{
    struct ir_op op = make_op(IR_exec, 0);
    op.c[0] = (uintptr_t)exec_fn;
    op.c[1] = (uintptr_t)insn;
    append(b, op);
}

void ir_mb(struct ir_block *b) { append(b, make_op(IR_mb, 0)); }

void ir_ld_env(struct ir_block *b, ir_temp_t out, size_t offset)
{
    struct ir_op op = make_op(IR_ld_env, 1);
    op.args[0] = out;
    op.c[0] = offset;
    append(b, op);
}

void ir_st_env(struct ir_block *b, size_t offset, ir_temp_t val)
{
    struct ir_op op = make_op(IR_st_env, 1);
    op.args[0] = val;
    op.c[0] = offset;
    append(b, op);
}

/* Counts the instruction in b->ninsns. */
void ir_insn_start(struct ir_block *b, uint64_t pc)
{
    struct ir_op op = make_op(IR_insn_start, 0);
    op.c[0] = pc;
    b->ninsns++;
    append(b, op);
}

static void label_op(struct ir_block *b, enum ir_opcode opc, unsigned label)
{
    ASSERT(label < b->nlabels);
    struct ir_op op = make_op(opc, 0);
    op.c[0] = label;
    append(b, op);
}

void ir_label(struct ir_block *b, unsigned label) { label_op(b, IR_label, label); }

void ir_br(struct ir_block *b, unsigned label) { label_op(b, IR_br, label); }

void ir_brcond(struct ir_block *b, enum ir_cond cond, ir_temp_t a, ir_temp_t c, unsigned label)
{
    ASSERT(cond <= IR_GEU && label < b->nlabels);
    struct ir_op op = make_op(IR_brcond, 2);
    op.args[0] = a;
    op.args[1] = c;
    op.c[0] = cond;
    op.c[1] = label;
    append(b, op);
}

void ir_goto_tb(struct ir_block *b, unsigned slot, uint64_t pc)
{
    ASSERT(slot < 2);
    struct ir_op op = make_op(IR_goto_tb, 0);
    op.c[0] = slot;
    op.c[1] = pc;
    append(b, op);
}

void ir_exit_pc(struct ir_block *b, ir_temp_t pc)
{
    struct ir_op op = make_op(IR_exit_pc, 1);
    op.args[0] = pc;
    append(b, op);
}

void ir_exit_stop(struct ir_block *b, uint64_t pc)
{
    struct ir_op op = make_op(IR_exit_stop, 0);
    op.c[0] = pc;
    append(b, op);
}

void ir_exit_npc(struct ir_block *b) { append(b, make_op(IR_exit_npc, 0)); }

/* --- reference semantics --- */

bool ir_eval_cond(enum ir_cond cond, uint64_t a, uint64_t c)
{
    switch (cond) {
    case IR_EQ: return a == c;
    case IR_NE: return a != c;
    case IR_LT: return (int64_t)a < (int64_t)c;
    case IR_GE: return (int64_t)a >= (int64_t)c;
    case IR_LTU: return a < c;
    case IR_GEU: return a >= c;
    }
    util_assert_fail("bad ir_cond", __FILE__, __LINE__);
}

static uint64_t eval_binary(enum ir_opcode op, uint64_t a, uint64_t c)
{
    switch (op) {
    case IR_add: return a + c;
    case IR_sub: return a - c;
    case IR_and: return a & c;
    case IR_or: return a | c;
    case IR_xor: return a ^ c;
    case IR_shl: return a << (c & 63);
    case IR_shr: return a >> (c & 63);
    case IR_sar: return (uint64_t)((int64_t)a >> (c & 63));
    case IR_mul: return a * c;
    case IR_mulh: return (uint64_t)(((__int128)(int64_t)a * (int64_t)c) >> 64);
    case IR_mulhu: return (uint64_t)(((unsigned __int128)a * c) >> 64);
    default: util_assert_fail("not a binary IR op", __FILE__, __LINE__);
    }
}

uint64_t ir_eval(enum ir_opcode op, uint64_t a, uint64_t c, uint64_t cond)
{
    switch (op) {
    case IR_mov: return a;
    case IR_neg: return -a;
    case IR_not: return ~a;
    case IR_ext32s: return (uint64_t)(int64_t)(int32_t)a;
    case IR_ext32u: return (uint32_t)a;
    case IR_ext16s: return (uint64_t)(int64_t)(int16_t)a;
    case IR_ext16u: return (uint16_t)a;
    case IR_ext8s: return (uint64_t)(int64_t)(int8_t)a;
    case IR_ext8u: return (uint8_t)a;
    case IR_setcond: return ir_eval_cond((enum ir_cond)cond, a, c);
    default: return eval_binary(op, a, c);
    }
}

static uint32_t unbox(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : F32_CANONICAL_NAN;
}

static uint64_t box(uint32_t v) { return 0xffffffff00000000ull | v; }

uint64_t ir_eval_fp(enum ir_fpop fop, uint64_t a, uint64_t c, unsigned *flags)
{
    switch (fop) {
    case IR_FADD_S: return box(f32_add(unbox(a), unbox(c), FP_RNE, flags));
    case IR_FSUB_S: return box(f32_sub(unbox(a), unbox(c), FP_RNE, flags));
    case IR_FMUL_S: return box(f32_mul(unbox(a), unbox(c), FP_RNE, flags));
    case IR_FDIV_S: return box(f32_div(unbox(a), unbox(c), FP_RNE, flags));
    case IR_FSQRT_S: return box(f32_sqrt(unbox(a), FP_RNE, flags));
    case IR_FEQ_S: return (uint64_t)f32_eq(unbox(a), unbox(c), flags);
    case IR_FLT_S: return (uint64_t)f32_lt(unbox(a), unbox(c), flags);
    case IR_FLE_S: return (uint64_t)f32_le(unbox(a), unbox(c), flags);
    case IR_FCVT_S_D: return box(f64_to_f32(a, FP_RNE, flags));
    case IR_FCVT_D_S: return f32_to_f64(unbox(a), flags);
    case IR_FADD_D: return f64_add(a, c, FP_RNE, flags);
    case IR_FSUB_D: return f64_sub(a, c, FP_RNE, flags);
    case IR_FMUL_D: return f64_mul(a, c, FP_RNE, flags);
    case IR_FDIV_D: return f64_div(a, c, FP_RNE, flags);
    case IR_FSQRT_D: return f64_sqrt(a, FP_RNE, flags);
    case IR_FCVT_D_L: return i64_to_f64((int64_t)a, FP_RNE, flags);
    case IR_FCVT_D_W: return i32_to_f64((int32_t)a, FP_RNE, flags);
    case IR_FEQ_D: return (uint64_t)f64_eq(a, c, flags);
    case IR_FLT_D: return (uint64_t)f64_lt(a, c, flags);
    case IR_FLE_D: return (uint64_t)f64_le(a, c, flags);
    case IR_FCVT_W_D_RTZ: return (uint64_t)(int64_t)f64_to_i32(a, FP_RTZ, flags);
    case IR_FCVT_L_D_RTZ: return (uint64_t)f64_to_i64(a, FP_RTZ, flags);
    default: util_assert_fail("bad ir_fpop", __FILE__, __LINE__);
    }
}

/* --- dump --- */

static const char *const cond_names[] = {"eq", "ne", "lt", "ge", "ltu", "geu"};
static const char *const fpop_names[IR_FPOP_COUNT] = {
    "fadd.d",   "fsub.d", "fmul.d",   "fdiv.d",  "fsqrt.d",      "fcvt.d.l",
    "fcvt.d.w", "feq.d",  "flt.d",    "fle.d",   "fcvt.w.d.rtz", "fcvt.l.d.rtz",
    "fadd.s",   "fsub.s", "fmul.s",   "fdiv.s",  "fsqrt.s",      "feq.s",
    "flt.s",    "fle.s",  "fcvt.s.d", "fcvt.d.s"};

static const char *cond_name(uint64_t cond)
{
    return cond < ARRAY_SIZE(cond_names) ? cond_names[cond] : "?";
}

/* Appends to a line buffer, never past its end. */
struct dump_line {
    char s[160];
    size_t len;
};

PRINTF_LIKE(2, 3) static void put(struct dump_line *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(l->s + l->len, sizeof(l->s) - l->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len = l->len + (size_t)n < sizeof(l->s) ? l->len + (size_t)n : sizeof(l->s) - 1;
}

/* Small negative constants read better as -0x...: addi x1, x1, -8. */
static void put_value(struct dump_line *l, uint64_t v)
{
    if ((int64_t)v < 0 && (int64_t)v >= -0x10000)
        put(l, "-0x%" PRIx64, -v);
    else
        put(l, "0x%" PRIx64, v);
}

static void put_temp(struct dump_line *l, const struct ir_block *b, ir_temp_t t)
{
    if (t >= b->ntemps) {
        put(l, "?%u", t);
        return;
    }
    const struct ir_temp *tp = &b->temps[t];
    if (tp->kind == IR_TEMP_GLOBAL) {
        put(l, "%c%u", tp->reg < 32 ? 'x' : 'f', tp->reg % 32);
    } else if (tp->kind == IR_TEMP_CONST) {
        put(l, "$");
        put_value(l, tp->value);
    } else {
        put(l, "t%u", t);
    }
}

static void put_temps(struct dump_line *l, const struct ir_block *b, const struct ir_op *op)
{
    for (unsigned k = 0; k < op->nargs && k < 3; k++) {
        put(l, k ? ", " : " ");
        put_temp(l, b, op->args[k]);
    }
}

static void put_mem(struct dump_line *l, const struct ir_block *b, const struct ir_op *op,
                    ir_temp_t addr)
{
    put(l, "[");
    put_temp(l, b, addr);
    int64_t disp = (int64_t)op->c[1];
    if (disp)
        put(l, " %c 0x%" PRIx64 "]", disp < 0 ? '-' : '+', disp < 0 ? -op->c[1] : op->c[1]);
    else
        put(l, "]");
}

/* load.s32, load.u8, store.16 */
static void put_memop(struct dump_line *l, const struct ir_op *op)
{
    unsigned bits = 8u << (op->c[0] & 3);
    if (op->opc == IR_store)
        put(l, "store.%u ", bits);
    else
        put(l, "load.%c%u ", (op->c[0] & IR_MEM_SIGN) ? 's' : 'u', bits);
}

static void dump_op(struct dump_line *l, const struct ir_block *b, const struct ir_op *op)
{
    const char *name = op->opc < IR_OP_COUNT ? ir_op_descs[op->opc].name : "?";
    switch (op->opc) {
    case IR_insn_start: put(l, "---- 0x%" PRIx64, op->c[0]); return;
    case IR_label: put(l, "label L%" PRIu64, op->c[0]); return;
    case IR_br: put(l, "br L%" PRIu64, op->c[0]); return;
    case IR_goto_tb: put(l, "goto_tb %" PRIu64 ", 0x%" PRIx64, op->c[0], op->c[1]); return;
    case IR_exit_stop: put(l, "exit_stop 0x%" PRIx64, op->c[0]); return;
    case IR_ld_env:
        put(l, "ld_env");
        put_temps(l, b, op);
        put(l, ", hart+0x%" PRIx64, op->c[0]);
        return;
    case IR_st_env:
        put(l, "st_env hart+0x%" PRIx64 ",", op->c[0]);
        put_temps(l, b, op);
        return;
    case IR_setcond:
        put(l, "setcond");
        put_temps(l, b, op);
        put(l, ", %s", cond_name(op->c[0]));
        return;
    case IR_brcond:
        put(l, "brcond %s,", cond_name(op->c[0]));
        put_temps(l, b, op);
        put(l, ", L%" PRIu64, op->c[1]);
        return;
    case IR_fpop:
        put(l, "%s", op->c[0] < IR_FPOP_COUNT ? fpop_names[op->c[0]] : "fpop?");
        put_temps(l, b, op);
        return;
    case IR_call2:
        put(l, "call2");
        put_temps(l, b, op);
        put(l, ", 0x%" PRIx64, op->c[0]);
        return;
    case IR_load:
        put_memop(l, op);
        put_temp(l, b, op->args[0]);
        put(l, ", ");
        put_mem(l, b, op, op->args[1]);
        return;
    case IR_store:
        put_memop(l, op);
        put_mem(l, b, op, op->args[0]);
        put(l, ", ");
        put_temp(l, b, op->args[1]);
        return;
    case IR_amo: {
        static const char *const names[] = {"swap", "add", "xor", "and", "or"};
        unsigned k = (unsigned)(op->c[0] >> IR_AMO_SHIFT);
        const char *kind = k < 5 ? names[k] : k == IR_AMO_LR ? "lr" : k == IR_AMO_SC ? "sc" : "?";
        put(l, "amo.%s.%u ", kind, 8u << (op->c[0] & 3));
        put_temp(l, b, op->args[0]);
        put(l, ", [");
        put_temp(l, b, op->args[1]);
        put(l, "], ");
        put_temp(l, b, op->args[2]);
        return;
    }
    case IR_exec: {
        const struct insn *i = (const struct insn *)(uintptr_t)op->c[1];
        put(l, "exec %s", i ? insn_name(i->op) : "?");
        return;
    }
    default:
        put(l, "%s", name);
        put_temps(l, b, op);
        return;
    }
}

void ir_dump(const struct ir_block *b, void (*print)(const char *fmt, ...))
{
    print("IR block 0x%" PRIx64 ": %u insns, %u ops, %u temps%s\n", b->pc, b->ninsns, b->nops,
          b->ntemps, b->overflow ? " (overflow)" : "");
    for (unsigned k = 0; k < b->nops; k++) {
        struct dump_line l = {.len = 0};
        l.s[0] = 0;
        const struct ir_op *op = &b->ops[k];
        if (op->opc != IR_insn_start && op->opc != IR_label)
            put(&l, "    ");
        dump_op(&l, b, op);
        print("%s\n", l.s);
    }
}
