/* SPDX-License-Identifier: MIT */
/* The reference IR executor: walks the op list of one block, keeping
 * globals in h->x[] and locals in an array. Kept plain: it is the yardstick
 * for translations and the optimizer. */
#include "ir_run.h"

#include "cpu/exec.h"
#include "cpu/mmu.h"
#include "jit.h"
#include "util/util.h"

struct ir_runner {
    struct hart *h;
    const struct ir_block *b;
    uint64_t insn_pc; /* pc of the last insn_start */
    bool in_insn;     /* that instruction has not retired yet */
    uint64_t retired;
    uint64_t locals[IR_MAX_TEMPS];
};

static uint64_t get(const struct ir_runner *r, ir_temp_t t)
{
    ASSERT(t < r->b->ntemps);
    const struct ir_temp *tp = &r->b->temps[t];
    if (tp->kind == IR_TEMP_CONST)
        return tp->value;
    if (tp->kind == IR_TEMP_GLOBAL)
        return *(const uint64_t *)((const char *)r->h + tp->offset);
    return r->locals[t];
}

static void set(struct ir_runner *r, ir_temp_t t, uint64_t v)
{
    ASSERT(t < r->b->ntemps);
    const struct ir_temp *tp = &r->b->temps[t];
    ASSERT(tp->kind != IR_TEMP_CONST);
    if (tp->kind == IR_TEMP_GLOBAL)
        *(uint64_t *)((char *)r->h + tp->offset) = v;
    else
        r->locals[t] = v;
}

/* The current instruction completed. Priv 3.1.12: mcountinhibit.CY (bit 0)
 * and .IR (bit 2) freeze mcycle and minstret, as in the interpreter. */
static void retire(struct ir_runner *r)
{
    if (!r->in_insn)
        return;
    r->in_insn = false;
    r->retired++;
    hart_count_retired(r->h, 1, r->h->mcountinhibit);
}

static unsigned find_label(const struct ir_block *b, uint64_t label)
{
    for (unsigned k = 0; k < b->nops; k++)
        if (b->ops[k].opc == IR_label && b->ops[k].c[0] == label)
            return k;
    util_assert_fail("branch to a label that is not in the block", __FILE__, __LINE__);
}

static int run_load(struct ir_runner *r, const struct ir_op *op)
{
    unsigned size = 1u << (op->c[0] & 3);
    uint64_t v;
    r->h->pc = r->insn_pc;
    if (mmu_load(r->h, get(r, op->args[1]) + op->c[1], size, &v) != EXEC_OK)
        return EXEC_TRAP;
    if (op->c[0] & IR_MEM_SIGN)
        v = (uint64_t)bits_sext(v, size * 8);
    set(r, op->args[0], v);
    return EXEC_OK;
}

static int run_store(struct ir_runner *r, const struct ir_op *op)
{
    r->h->pc = r->insn_pc;
    return mmu_store(r->h, get(r, op->args[0]) + op->c[1], 1u << (op->c[0] & 3),
                     get(r, op->args[1]));
}

static int run_amo(struct ir_runner *r, const struct ir_op *op)
{
    uint64_t old;
    r->h->pc = r->insn_pc;
    if (jit_amo_at(r->h, get(r, op->args[1]), (unsigned)op->c[0], get(r, op->args[2]), &old) !=
        EXEC_OK)
        return EXEC_TRAP;
    set(r, op->args[0], old);
    return EXEC_OK;
}

static int run_exec(struct ir_runner *r, const struct ir_op *op)
{
    exec_fn *fn = (exec_fn *)(uintptr_t)op->c[0];
    const struct insn *i = (const struct insn *)(uintptr_t)op->c[1];
    r->h->pc = r->insn_pc;
    r->h->npc = r->insn_pc + i->len;
    int rc = fn(r->h, i);
    return rc == EXEC_OK || rc == JIT_EXEC_LEAVE ? rc : EXEC_TRAP;
}

static void run_call2(struct ir_runner *r, const struct ir_op *op)
{
    uint64_t (*fn)(uint64_t, uint64_t) = (uint64_t(*)(uint64_t, uint64_t))(uintptr_t)op->c[0];
    set(r, op->args[0], fn(get(r, op->args[1]), get(r, op->args[2])));
}

static void run_fpop(struct ir_runner *r, const struct ir_op *op)
{
    unsigned flags = 0;
    uint64_t v =
        ir_eval_fp((enum ir_fpop)op->c[0], get(r, op->args[1]), get(r, op->args[2]), &flags);
    r->h->fflags |= flags;
    set(r, op->args[0], v);
}

static void run_pure(struct ir_runner *r, const struct ir_op *op)
{
    ASSERT(op->opc <= IR_setcond);
    uint64_t c = op->nargs > 2 ? get(r, op->args[2]) : 0;
    set(r, op->args[0], ir_eval((enum ir_opcode)op->opc, get(r, op->args[1]), c, op->c[0]));
}

/* Leave the block with h->pc = pc after retiring the current instruction. */
static bool leave(struct ir_runner *r, uint64_t pc, uintptr_t code, uintptr_t *code_out)
{
    retire(r);
    r->h->pc = pc;
    *code_out = code;
    return true;
}

/* Run the op at *k and advance *k. Returns true when the block is left,
 * with the exit code in *code_out. */
static bool run_op(struct ir_runner *r, unsigned *k, uintptr_t *code_out)
{
    const struct ir_op *op = &r->b->ops[(*k)++];
    int rc = EXEC_OK;
    switch (op->opc) {
    case IR_call2: run_call2(r, op); break;
    case IR_fpop: run_fpop(r, op); break;
    case IR_load: rc = run_load(r, op); break;
    case IR_store: rc = run_store(r, op); break;
    case IR_amo: rc = run_amo(r, op); break;
    case IR_exec:
        rc = run_exec(r, op);
        if (rc == JIT_EXEC_LEAVE) /* retired; the rest of the block may not apply */
            return leave(r, r->h->npc, JIT_EXIT_STOP, code_out);
        break;
    case IR_mb: __atomic_thread_fence(__ATOMIC_SEQ_CST); break;
    case IR_ld_env: set(r, op->args[0], *(const uint64_t *)((const char *)r->h + op->c[0])); break;
    case IR_st_env: *(uint64_t *)((char *)r->h + op->c[0]) = get(r, op->args[0]); break;
    case IR_insn_start:
        retire(r);
        r->in_insn = true;
        r->insn_pc = op->c[0];
        break;
    case IR_label: break;
    case IR_br: *k = find_label(r->b, op->c[0]); break;
    case IR_brcond:
        if (ir_eval_cond((enum ir_cond)op->c[0], get(r, op->args[0]), get(r, op->args[1])))
            *k = find_label(r->b, op->c[1]);
        break;
    case IR_goto_tb: return leave(r, op->c[1], JIT_EXIT_LOOKUP, code_out);
    case IR_exit_pc: return leave(r, get(r, op->args[0]), JIT_EXIT_LOOKUP, code_out);
    case IR_exit_stop: return leave(r, op->c[0], JIT_EXIT_STOP, code_out);
    case IR_exit_npc: return leave(r, r->h->npc, JIT_EXIT_STOP, code_out);
    default: run_pure(r, op); break;
    }
    if (rc == EXEC_OK)
        return false;
    r->h->pc = r->insn_pc; /* the faulting instruction does not retire */
    *code_out = JIT_EXIT_TRAP;
    return true;
}

uintptr_t ir_run(struct hart *h, const struct ir_block *b, uint64_t *retired)
{
    struct ir_runner r = {.h = h, .b = b, .insn_pc = b->pc};
    uintptr_t code = JIT_EXIT_STOP;
    unsigned k = 0;
    for (bool left = false; !left;) {
        ASSERT(k < b->nops); /* a block always ends in an exit */
        left = run_op(&r, &k, &code);
    }
    *retired = r.retired;
    return code;
}
