/* SPDX-License-Identifier: MIT */
/* The IR optimizer: one fold function per op (shared with the builders
 * through ir_fold_op), a forward pass of constant and copy propagation, and
 * a backward liveness pass that removes dead pure ops and dead global writes. */
#include <string.h>

#include "ir.h"
#include "util/util.h"

/* --- folding --- */

typedef bool fold_fn(struct ir_block *b, struct ir_op *op);

static bool is_const(const struct ir_block *b, ir_temp_t t)
{
    return b->temps[t].kind == IR_TEMP_CONST;
}

static bool is_value(const struct ir_block *b, ir_temp_t t, uint64_t v)
{
    return is_const(b, t) && b->temps[t].value == v;
}

/* Turn op into `mov out, src`; false if that is `mov out, out`. */
static bool to_mov(struct ir_op *op, ir_temp_t src)
{
    ir_temp_t out = op->args[0];
    *op = (struct ir_op){.opc = IR_mov, .nargs = 2, .args = {out, src}};
    return out != src;
}

/* Turn op into `mov out, $v`, or keep it as it is when no temp is left. */
static bool to_const(struct ir_block *b, struct ir_op *op, uint64_t v)
{
    ir_temp_t t = ir_const_try(b, v);
    return t == IR_NO_TEMP || to_mov(op, t);
}

static bool to_unop(struct ir_op *op, enum ir_opcode opc, ir_temp_t a)
{
    ir_temp_t out = op->args[0];
    *op = (struct ir_op){.opc = (uint8_t)opc, .nargs = 2, .args = {out, a}};
    return true;
}

/* Commutative ops keep a constant operand second (the backend's immediate). */
static void commute(const struct ir_block *b, struct ir_op *op)
{
    if (is_const(b, op->args[1]) && !is_const(b, op->args[2])) {
        ir_temp_t t = op->args[1];
        op->args[1] = op->args[2];
        op->args[2] = t;
    }
}

static bool fold_keep(struct ir_block *b, struct ir_op *op)
{
    (void)b;
    (void)op;
    return true;
}

static bool fold_mov(struct ir_block *b, struct ir_op *op)
{
    (void)b;
    return op->args[0] != op->args[1];
}

static bool fold_add(struct ir_block *b, struct ir_op *op)
{
    commute(b, op);
    return is_value(b, op->args[2], 0) ? to_mov(op, op->args[1]) : true;
}

static bool fold_sub(struct ir_block *b, struct ir_op *op)
{
    if (is_value(b, op->args[2], 0))
        return to_mov(op, op->args[1]);
    if (op->args[1] == op->args[2])
        return to_const(b, op, 0);
    if (is_value(b, op->args[1], 0))
        return to_unop(op, IR_neg, op->args[2]);
    return true;
}

static bool fold_and(struct ir_block *b, struct ir_op *op)
{
    commute(b, op);
    if (is_value(b, op->args[2], 0))
        return to_const(b, op, 0);
    if (is_value(b, op->args[2], UINT64_MAX) || op->args[1] == op->args[2])
        return to_mov(op, op->args[1]);
    return true;
}

static bool fold_or(struct ir_block *b, struct ir_op *op)
{
    commute(b, op);
    if (is_value(b, op->args[2], UINT64_MAX))
        return to_const(b, op, UINT64_MAX);
    if (is_value(b, op->args[2], 0) || op->args[1] == op->args[2])
        return to_mov(op, op->args[1]);
    return true;
}

static bool fold_xor(struct ir_block *b, struct ir_op *op)
{
    commute(b, op);
    if (is_value(b, op->args[2], 0))
        return to_mov(op, op->args[1]);
    if (op->args[1] == op->args[2])
        return to_const(b, op, 0);
    if (is_value(b, op->args[2], UINT64_MAX))
        return to_unop(op, IR_not, op->args[1]);
    return true;
}

/* Shifts use the amount mod 64 (ir_eval), so 64 is no shift either. */
static bool fold_shift(struct ir_block *b, struct ir_op *op)
{
    ir_temp_t c = op->args[2];
    if (is_const(b, c) && (b->temps[c].value & 63) == 0)
        return to_mov(op, op->args[1]);
    if (is_value(b, op->args[1], 0))
        return to_const(b, op, 0);
    return true;
}

static bool fold_shl(struct ir_block *b, struct ir_op *op) { return fold_shift(b, op); }

static bool fold_shr(struct ir_block *b, struct ir_op *op) { return fold_shift(b, op); }

static bool fold_sar(struct ir_block *b, struct ir_op *op) { return fold_shift(b, op); }

static bool fold_mul(struct ir_block *b, struct ir_op *op)
{
    commute(b, op);
    if (is_value(b, op->args[2], 0))
        return to_const(b, op, 0);
    if (is_value(b, op->args[2], 1))
        return to_mov(op, op->args[1]);
    if (is_value(b, op->args[2], UINT64_MAX))
        return to_unop(op, IR_neg, op->args[1]);
    return true;
}

/* The high half of a product with 0 is 0. */
static bool fold_mul_high(struct ir_block *b, struct ir_op *op)
{
    commute(b, op);
    return is_value(b, op->args[2], 0) ? to_const(b, op, 0) : true;
}

static bool fold_mulh(struct ir_block *b, struct ir_op *op) { return fold_mul_high(b, op); }

static bool fold_mulhu(struct ir_block *b, struct ir_op *op) { return fold_mul_high(b, op); }

/* a op a: eq/ge/geu hold, ne/lt/ltu do not. */
static bool cond_on_equal(uint64_t cond)
{
    return cond == IR_EQ || cond == IR_GE || cond == IR_GEU;
}

static bool fold_setcond(struct ir_block *b, struct ir_op *op)
{
    if (op->args[1] == op->args[2])
        return to_const(b, op, cond_on_equal(op->c[0]));
    return true;
}

/* A pure helper with constant arguments is called now. */
static bool fold_call2(struct ir_block *b, struct ir_op *op)
{
    if (op->args[0] == 0)
        return false;
    if (!is_const(b, op->args[1]) || !is_const(b, op->args[2]))
        return true;
    uint64_t (*fn)(uint64_t, uint64_t) = (uint64_t(*)(uint64_t, uint64_t))(uintptr_t)op->c[0];
    return to_const(b, op, fn(b->temps[op->args[1]].value, b->temps[op->args[2]].value));
}

/* A brcond whose outcome is known becomes br, or nothing. */
static bool fold_brcond(struct ir_block *b, struct ir_op *op)
{
    ir_temp_t a = op->args[0], c = op->args[1];
    bool taken;
    if (a == c)
        taken = cond_on_equal(op->c[0]);
    else if (is_const(b, a) && is_const(b, c))
        taken = ir_eval_cond((enum ir_cond)op->c[0], b->temps[a].value, b->temps[c].value);
    else
        return true;
    if (taken)
        *op = (struct ir_op){.opc = IR_br, .c = {op->c[1]}};
    return taken;
}

/* Unary ops only fold constants, which ir_fold_op does for every pure op;
 * the other ops have nothing to fold. The table is generated from IR_OPS,
 * so these names must exist. */
#define fold_neg        fold_keep
#define fold_not        fold_keep
#define fold_ext32s     fold_keep
#define fold_ext32u     fold_keep
#define fold_ext16s     fold_keep
#define fold_ext16u     fold_keep
#define fold_ext8s      fold_keep
#define fold_ext8u      fold_keep
#define fold_fpop       fold_keep
#define fold_load       fold_keep
#define fold_store      fold_keep
#define fold_amo        fold_keep
#define fold_exec       fold_keep
#define fold_mb         fold_keep
#define fold_ld_env     fold_keep
#define fold_st_env     fold_keep
#define fold_insn_start fold_keep
#define fold_label      fold_keep
#define fold_br         fold_keep
#define fold_goto_tb    fold_keep
#define fold_exit_pc    fold_keep
#define fold_exit_stop  fold_keep
#define fold_exit_npc   fold_keep

static fold_fn *const fold_table[IR_OP_COUNT] = {
#define X(name, o, i, c, f) [IR_##name] = fold_##name,
    IR_OPS(X)
#undef X
};

/* Pure ops: an output (never x0 after folding), inputs, no effects. */
static bool op_is_pure(unsigned opc)
{
    return ir_op_descs[opc].flags == 0 && ir_op_descs[opc].outputs == 1;
}

/* Every pure op with constant inputs becomes a mov of the result. */
static bool fold_constant(struct ir_block *b, struct ir_op *op)
{
    uint64_t v[2] = {0, 0};
    for (unsigned k = 1; k < op->nargs; k++) {
        if (!is_const(b, op->args[k]))
            return false;
        v[k - 1] = b->temps[op->args[k]].value;
    }
    ir_temp_t t = ir_const_try(b, ir_eval((enum ir_opcode)op->opc, v[0], v[1], op->c[0]));
    if (t == IR_NO_TEMP)
        return false;
    to_mov(op, t);
    return true;
}

bool ir_fold_op(struct ir_block *b, struct ir_op *op)
{
    ASSERT(op->opc < IR_OP_COUNT);
    if (op_is_pure(op->opc)) {
        if (op->args[0] == 0) /* x0 is never written */
            return false;
        if (fold_constant(b, op))
            return true; /* mov out, $v: out is never a constant */
    }
    return fold_table[op->opc](b, op);
}

/* --- forward pass: constant and copy propagation --- */

/* repl[t]: a temp (constant, or one with no repl of its own) that holds the
 * same value as t right now, or IR_NO_TEMP. */
struct opt_state {
    struct ir_block *b;
    ir_temp_t repl[IR_MAX_TEMPS];
    bool copied[IR_MAX_TEMPS]; /* some repl[x] may be t */
    bool sext32[IR_MAX_TEMPS]; /* t's value is its bits 31:0 sign-extended */
};

static ir_temp_t resolve(const struct opt_state *o, ir_temp_t t)
{
    return o->repl[t] == IR_NO_TEMP ? t : o->repl[t];
}

/* t is about to change: nothing is a copy of it any more. */
static void forget_temp(struct opt_state *o, ir_temp_t t)
{
    if (o->copied[t]) {
        for (unsigned x = 0; x < o->b->ntemps; x++)
            if (o->repl[x] == t)
                o->repl[x] = IR_NO_TEMP;
        o->copied[t] = false;
    }
    o->repl[t] = IR_NO_TEMP;
    o->sext32[t] = false;
}

/* Temps made later (constants a fold adds) start with no repl either: the
 * first call clears the whole table. */
static void forget_all(struct opt_state *o, unsigned ntemps)
{
    for (unsigned x = 0; x < ntemps; x++) {
        o->repl[x] = IR_NO_TEMP;
        o->copied[x] = false;
        o->sext32[x] = false;
    }
}

/* exec runs an interpreter body that may read and write any register in
 * struct hart: no knowledge about a global survives it. (Its reads are
 * safe: the liveness pass keeps every global write before a call.) */
static void forget_globals(struct opt_state *o)
{
    for (ir_temp_t g = 1; g < IR_NUM_GLOBALS; g++)
        forget_temp(o, g);
}

static bool is_sext32(const struct opt_state *o, ir_temp_t t)
{
    if (is_const(o->b, t))
        return (int64_t)o->b->temps[t].value == (int32_t)o->b->temps[t].value;
    return o->sext32[t];
}

/* Whether op's result equals its bits 31:0 sign-extended: narrow loads
 * and extensions, 0/1, and bitwise ops and copies of such values. */
static bool makes_sext32(const struct opt_state *o, const struct ir_op *op)
{
    switch (op->opc) {
    case IR_load: return (op->c[0] & 3) < IR_MEM_32 || op->c[0] == (IR_MEM_32 | IR_MEM_SIGN);
    case IR_amo: return (op->c[0] & 3) == IR_MEM_32;
    case IR_ext32s:
    case IR_ext16s:
    case IR_ext16u:
    case IR_ext8s:
    case IR_ext8u:
    case IR_setcond: return true;
    case IR_mov: return is_sext32(o, op->args[1]);
    case IR_and:
    case IR_or:
    case IR_xor: return is_sext32(o, op->args[1]) && is_sext32(o, op->args[2]);
    default: return false;
    }
}

/* Rewrite op's inputs, fold it, record what its output now holds.
 * Returns false if the op is dropped. */
static bool propagate(struct opt_state *o, struct ir_op *op)
{
    const struct ir_op_desc *d = &ir_op_descs[op->opc];
    for (unsigned k = d->outputs; k < op->nargs; k++)
        op->args[k] = resolve(o, op->args[k]);
    if (op->opc == IR_ext32s && is_sext32(o, op->args[1]) && !to_mov(op, op->args[1]))
        return false; /* sext.w of a value that already is one */
    if (!ir_fold_op(o->b, op))
        return false;
    d = &ir_op_descs[op->opc];
    if (d->outputs) {
        bool sext = makes_sext32(o, op);
        forget_temp(o, op->args[0]);
        o->sext32[op->args[0]] = sext;
        if (op->opc == IR_mov) {
            o->repl[op->args[0]] = op->args[1];
            o->copied[op->args[1]] = true;
        }
    }
    if (d->flags & IRF_BB_END)
        forget_all(o, o->b->ntemps);
    else if ((d->flags & IRF_CALL) && (d->flags & IRF_SIDE))
        forget_globals(o);
    return true;
}

/* --- backward pass: liveness and dead-code removal --- */

STATIC_ASSERT(IR_NUM_GLOBALS == 64 && IR_MAX_TEMPS % 64 == 0, "liveness word layout");
#define LIVE_WORDS   (IR_MAX_TEMPS / 64)
#define LIVE_GLOBALS 0xfffffffffffffffeull /* temps 1..63: x1..x31, f0..f31 */

/* One bit per temp: the value may be read later (by an op, a trap, a call
 * or the code after the block: globals are architectural state). */
struct live {
    uint64_t w[LIVE_WORDS];
};

static bool live_test(const struct live *l, ir_temp_t t) { return l->w[t / 64] >> (t % 64) & 1; }

static void live_add(struct live *l, ir_temp_t t) { l->w[t / 64] |= 1ull << (t % 64); }

static void live_clear(struct live *l, ir_temp_t t) { l->w[t / 64] &= ~(1ull << (t % 64)); }

static void live_only_globals(struct live *l)
{
    memset(l->w, 0, sizeof(l->w));
    l->w[0] = LIVE_GLOBALS;
}

static void live_union(struct live *l, const struct live *m)
{
    for (unsigned k = 0; k < LIVE_WORDS; k++)
        l->w[k] |= m->w[k];
}

/* The backward pass meets a label before the branches that jump forward
 * to it, so those branches use its exact live set; a label not seen yet
 * (a backward branch) or past the table means "everything may be read". */
#define DCE_LABELS 64

struct dce_state {
    struct live l;
    uint64_t seen; /* bit n: label_live[n] is valid */
    struct live label_live[DCE_LABELS];
};

static void live_at_label(const struct dce_state *s, uint64_t label, struct live *out)
{
    if (label < DCE_LABELS && (s->seen >> label & 1))
        *out = s->label_live[label];
    else
        memset(out->w, 0xff, sizeof(out->w));
}

/* Region ends: exits keep only globals, branches add their target's needs,
 * a label keeps globals (they must be in memory at a join) and records the
 * set for the branches before it. */
static void live_region_end(struct dce_state *s, const struct ir_op *op)
{
    struct live target;
    switch (op->opc) {
    case IR_br: live_at_label(s, op->c[0], &s->l); break;
    case IR_brcond:
        live_at_label(s, op->c[1], &target);
        live_union(&s->l, &target);
        break;
    case IR_label:
        s->l.w[0] |= LIVE_GLOBALS;
        if (op->c[0] < DCE_LABELS) {
            s->label_live[op->c[0]] = s->l;
            s->seen |= 1ull << op->c[0];
        }
        break;
    default: live_only_globals(&s->l); break; /* exits: locals die with the block */
    }
}

/* Updates s->l from after op to before it; false if op is dead. */
static bool live_step(struct dce_state *s, const struct ir_op *op)
{
    const struct ir_op_desc *d = &ir_op_descs[op->opc];
    struct live *l = &s->l;
    if (d->flags & IRF_BB_END)
        live_region_end(s, op);
    if (d->outputs) {
        if (!(d->flags & IRF_SIDE) && !live_test(l, op->args[0]))
            return false;
        live_clear(l, op->args[0]);
    }
    if (d->flags & (IRF_TRAP | IRF_CALL))
        l->w[0] |= LIVE_GLOBALS;
    for (unsigned k = d->outputs; k < op->nargs; k++)
        live_add(l, op->args[k]);
    return true;
}

static void remove_dead(struct ir_block *b)
{
    bool keep[IR_MAX_OPS];
    struct dce_state s;
    s.seen = 0;
    live_only_globals(&s.l);
    for (unsigned k = b->nops; k-- > 0;)
        keep[k] = live_step(&s, &b->ops[k]);
    unsigned n = 0;
    for (unsigned k = 0; k < b->nops; k++)
        if (keep[k])
            b->ops[n++] = b->ops[k];
    b->nops = n;
}

void ir_optimize(struct ir_block *b)
{
    struct opt_state o;
    o.b = b;
    forget_all(&o, IR_MAX_TEMPS); /* folding makes constants: temps past ntemps too */
    unsigned n = 0;
    for (unsigned k = 0; k < b->nops; k++) {
        struct ir_op op = b->ops[k];
        if (propagate(&o, &op))
            b->ops[n++] = op;
    }
    b->nops = n;
    remove_dead(b);
}
