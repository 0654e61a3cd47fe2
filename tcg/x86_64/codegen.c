/* SPDX-License-Identifier: MIT */
/* x86-64 backend: the shared prologue/epilogue behind jit_enter, and the
 * lowering of one ir_block to host code with a local register allocator.
 * Loads and stores are in codegen_mem.c; the conventions are in docs/jit.md. */
#include <stddef.h>
#include <string.h>

#include "codegen_int.h"
#include "cpu/hart.h"
#include "cpu/insn.h"
#include "util/util.h"

STATIC_ASSERT(CG_FRAME % 16 == 8, "prologue pushes 6 registers: the frame realigns rsp to 16");

/* Executable addresses of the shared entry and exit code (backend_init). */
static const uint8_t *cg_prologue;
static const uint8_t *cg_epilogue;
/* The exits a block rarely takes: `call` one of these with the data after
 * the call (never returned to): the pc for h->pc, then, for a chain exit,
 * the exit code (tb | (slot + 1)). */
static const uint8_t *cg_stop_thunk, *cg_chain_thunk;

static const uint8_t *gen_exit_thunk(struct x86_buf *b, const uint8_t *epilogue, bool chain)
{
    const uint8_t *at = x86_buf_pc(b);
    x86_pop(b, X86_RCX); /* the data; the frame is as before the call */
    x86_load(b, X86_64, X86_RAX, x86_mem_at(X86_RCX, 0));
    x86_store(b, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, pc)), X86_RAX);
    if (chain)
        x86_load(b, X86_64, X86_RAX, x86_mem_at(X86_RCX, 8));
    else
        x86_mov_imm(b, X86_64, X86_RAX, JIT_EXIT_STOP);
    x86_jmp(b, epilogue);
    return at;
}

/* call thunk; .quad pc [; .quad code] */
static void gen_exit_call(struct cg_ctx *c, const uint8_t *thunk, uint64_t pc, bool chain,
                          uint64_t code)
{
    if (!x86_call_rel32(&c->b, thunk)) /* the thunks share the code buffer */
        ASSERT(c->b.overflow);
    x86_data(&c->b, &pc, sizeof(pc));
    if (chain)
        x86_data(&c->b, &code, sizeof(code));
}

/* Allocation order: callee-saved registers first, since their values survive
 * helper calls; rax, rcx, rdx and r11 are scratch within one op. */
static const int8_t cg_alloc_order[] = {X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15,
                                        X86_RSI, X86_RDI, X86_R8,  X86_R9,  X86_R10};
#define CG_NALLOC ((unsigned)ARRAY_SIZE(cg_alloc_order))

static const int8_t cg_saved_regs[] = {X86_RBX, X86_RBP, X86_R12, X86_R13, X86_R14, X86_R15};

/* ---- prologue, epilogue, entry ---- */

size_t backend_init(uint8_t *buf, uint8_t *exec, size_t cap)
{
    struct x86_buf b;
    x86_buf_init(&b, buf, cap);
    b.exec_delta = exec - buf;
    const uint8_t *prologue = x86_buf_pc(&b);
    for (unsigned i = 0; i < ARRAY_SIZE(cg_saved_regs); i++)
        x86_push(&b, cg_saved_regs[i]);
    x86_alu_ri(&b, X86_SUB, X86_64, X86_RSP, CG_FRAME);
    x86_mov_rr(&b, X86_64, X86_RBP, X86_RDI);
    x86_jmp_r(&b, X86_RSI);
    x86_align(&b, 16);
    const uint8_t *epilogue = x86_buf_pc(&b);
    cg_fp_epilogue(&b);
    x86_alu_ri(&b, X86_ADD, X86_64, X86_RSP, CG_FRAME);
    for (unsigned i = ARRAY_SIZE(cg_saved_regs); i-- > 0;)
        x86_pop(&b, cg_saved_regs[i]);
    x86_ret(&b);
    x86_align(&b, 16);
    cg_gen_thunks(&b);
    cg_stop_thunk = gen_exit_thunk(&b, epilogue, false);
    cg_chain_thunk = gen_exit_thunk(&b, epilogue, true);
    if (b.overflow)
        return 0;
    cg_prologue = prologue;
    cg_epilogue = epilogue;
    return x86_buf_len(&b);
}

uintptr_t jit_enter(struct hart *h, const uint8_t *code)
{
    ASSERT(cg_prologue);
    uintptr_t (*enter)(struct hart *, const uint8_t *);
    enter = (uintptr_t(*)(struct hart *, const uint8_t *))(uintptr_t)cg_prologue;
    return enter(h, code);
}

void backend_patch_jump(uint8_t *field_rw, uint8_t *field_exec, const uint8_t *target)
{
    /* x86_patch_rel32 measures from the address it writes: shift the target
     * into the writable alias. */
    ptrdiff_t delta = field_exec - field_rw;
    int rc = x86_patch_rel32(field_rw, (const uint8_t *)((uintptr_t)target - (uintptr_t)delta));
    ASSERT(rc == 0); /* one code buffer: always within +-2 GiB */
}

/* ---- small emitters ---- */

bool cg_fits32(uint64_t v) { return (int64_t)v == (int32_t)v; }

void cg_jmp_epilogue(struct cg_ctx *c)
{
    if (x86_jmp(&c->b, cg_epilogue) == 0)
        return;
    x86_movabs(&c->b, X86_RCX, (uint64_t)(uintptr_t)cg_epilogue);
    x86_jmp_r(&c->b, X86_RCX);
}

void cg_exit(struct cg_ctx *c, uint64_t code)
{
    x86_mov_imm(&c->b, X86_64, X86_RAX, (int64_t)code);
    cg_jmp_epilogue(c);
}

/* h->field = v (uses rax when v does not fit a sign-extended imm32). */
void cg_store_hart(struct cg_ctx *c, size_t off, uint64_t v)
{
    struct x86_mem m = x86_mem_at(X86_RBP, (int32_t)off);
    if (cg_fits32(v)) {
        x86_store_imm(&c->b, X86_64, m, (int64_t)v);
        return;
    }
    x86_mov_imm(&c->b, X86_64, X86_RAX, (int64_t)v);
    x86_store(&c->b, X86_64, m, X86_RAX);
}

/* ---- instruction counting ---- */

static void alu_to_mem(struct cg_ctx *c, enum x86_alu op, struct x86_mem m, struct cg_src v)
{
    if (v.is_imm)
        x86_alu_mi(&c->b, op, X86_64, m, v.imm);
    else
        x86_alu_mr(&c->b, op, X86_64, m, v.reg);
}

/* n more instructions retired, under the block's counter-inhibit flags:
 * minstret alone carries mcycle along (hart_mcycle), the offset moves when
 * one of the two is frozen. */
static void count_to_hart(struct cg_ctx *c, struct cg_src n)
{
    struct x86_mem instret = x86_mem_at(X86_RBP, offsetof(struct hart, minstret));
    struct x86_mem cycle_off = x86_mem_at(X86_RBP, offsetof(struct hart, mcycle_off));
    switch (c->tb->flags & (TBF_INHIBIT_IR | TBF_INHIBIT_CY)) {
    case 0: alu_to_mem(c, X86_ADD, instret, n); break;
    case TBF_INHIBIT_IR: alu_to_mem(c, X86_ADD, cycle_off, n); break;
    case TBF_INHIBIT_CY:
        alu_to_mem(c, X86_ADD, instret, n);
        alu_to_mem(c, X86_SUB, cycle_off, n);
        break;
    default: break; /* both frozen */
    }
}

void cg_count_add(struct cg_ctx *c, unsigned n)
{
    if (!n)
        return;
    if (c->loop_ctr >= 0) { /* counted from the budget at the loop's exits */
        x86_alu_ri(&c->b, X86_SUB, X86_64, c->loop_ctr, n);
        return;
    }
    count_to_hart(c, (struct cg_src){.is_imm = true, .imm = n});
}

/* Leaving a loop that counts in loop_ctr: what the budget went down by
 * since the loop head is the number of instructions retired; add it to the
 * counters, and take it off the budget in memory (a read-modify-write, so a
 * kick's zero stays below zero). Clobbers rdx only: rax may hold an exit
 * code, rcx an exit's target. */
void cg_loop_ctr_flush(struct cg_ctx *c)
{
    if (c->loop_ctr < 0)
        return;
    x86_load(&c->b, X86_64, X86_RDX, x86_mem_at(X86_RSP, CG_LOOP_B0_OFF));
    x86_alu_rr(&c->b, X86_SUB, X86_64, X86_RDX, c->loop_ctr);
    count_to_hart(c, (struct cg_src){.reg = X86_RDX});
    x86_alu_mr(&c->b, X86_SUB, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, jit_budget)),
               X86_RDX);
}

/* Bring the counters in memory up to `upto` instructions of this block. */
static void count_flush(struct cg_ctx *c, unsigned upto)
{
    ASSERT(c->counted <= upto);
    cg_count_add(c, upto - c->counted);
    c->counted = upto;
}

unsigned cg_insns_before(const struct cg_ctx *c) { return c->n_seen ? c->n_seen - 1 : 0; }

/* An exec'd instruction retired: count it as the interpreter does, with the
 * mcountinhibit it may just have written: one add when nothing is inhibited,
 * else C (jit_helper_count_one). Every caller-saved register is free here
 * (the exec call forgot them). */
static void count_exec_retired(struct cg_ctx *c)
{
    struct x86_label inhibited, done;
    x86_label_init(&inhibited);
    x86_label_init(&done);
    x86_alu_mi(&c->b, X86_CMP, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, mcountinhibit)),
               0);
    x86_jcc_label8(&c->b, X86_CC_NE, &inhibited);
    x86_alu_mi(&c->b, X86_ADD, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, minstret)), 1);
    x86_jmp_label8(&c->b, &done);
    x86_label_bind(&c->b, &inhibited);
    x86_mov_rr(&c->b, X86_64, X86_RDI, X86_RBP);
    x86_call(&c->b, (const void *)jit_helper_count_one, X86_RAX);
    x86_label_bind(&c->b, &done);
}

/* ---- register allocation ---- */

bool cg_is_const(const struct cg_ctx *c, ir_temp_t t)
{
    return c->ir->temps[t].kind == IR_TEMP_CONST;
}

bool cg_is_global(const struct cg_ctx *c, ir_temp_t t)
{
    return c->ir->temps[t].kind == IR_TEMP_GLOBAL;
}

bool cg_is_fp_global(const struct cg_ctx *c, ir_temp_t t)
{
    return cg_is_global(c, t) && t >= 32 && t < IR_NUM_GLOBALS;
}

struct x86_mem cg_home(const struct cg_ctx *c, int t)
{
    const struct ir_temp *tp = &c->ir->temps[t];
    if (tp->kind == IR_TEMP_GLOBAL)
        return x86_mem_at(X86_RBP, tp->offset);
    return x86_mem_at(X86_RSP, CG_LOCALS_OFF + 8 * t);
}

bool cg_caller_saved(int r) { return CG_CALLER_SAVED & (1u << r); }

/* Store t's register to its home if the home is stale and t is still needed
 * (the current op may read it after the store: call arguments). */
static void temp_sync(struct cg_ctx *c, int t)
{
    int r = c->temp_reg[t];
    if (r < 0 || !c->temp_dirty[t])
        return;
    if (cg_is_global(c, t) || c->last_use[t] >= c->op_idx)
        x86_store(&c->b, X86_64, cg_home(c, t), r);
    c->temp_dirty[t] = false;
}

static void reg_unmap(struct cg_ctx *c, int r)
{
    int t = c->reg_temp[r];
    if (t < 0)
        return;
    c->temp_reg[t] = -1;
    c->temp_dirty[t] = false;
    c->reg_temp[r] = -1;
}

static void reg_evict(struct cg_ctx *c, int r)
{
    if (c->reg_temp[r] < 0)
        return;
    temp_sync(c, c->reg_temp[r]);
    reg_unmap(c, r);
}

static void reg_map(struct cg_ctx *c, int r, int t)
{
    c->reg_temp[r] = (int16_t)t;
    c->temp_reg[t] = (int8_t)r;
    c->temp_dirty[t] = false;
    c->locked |= 1u << r;
}

/* A free register for the current op, evicting an unlocked one if needed
 * (a clean one first: no store). */
static int reg_alloc(struct cg_ctx *c)
{
    for (unsigned k = 0; k < CG_NALLOC; k++) {
        int r = cg_alloc_order[k];
        if (c->reg_temp[r] < 0 && !((c->locked | c->reserved) & (1u << r)))
            return r;
    }
    int victim = -1;
    for (unsigned k = 0; k < CG_NALLOC; k++) {
        int r = cg_alloc_order[(c->next_victim + k) % CG_NALLOC];
        if ((c->locked | c->reserved) & (1u << r))
            continue;
        if (victim < 0)
            victim = r;
        if (!c->temp_dirty[c->reg_temp[r]]) {
            victim = r;
            break;
        }
    }
    ASSERT(victim >= 0);
    c->next_victim++;
    reg_evict(c, victim);
    return victim;
}

/* A register holding t's value, for reading (t is not a constant). A value
 * only an xmm register held moves over: the register is now the dirty one. */
int cg_temp_in(struct cg_ctx *c, ir_temp_t t)
{
    ASSERT(!cg_is_const(c, t));
    int r = c->temp_reg[t];
    if (r >= 0) {
        c->locked |= 1u << r;
        return r;
    }
    r = reg_alloc(c);
    if (!cg_xmm_to_reg(c, r, t))
        x86_load(&c->b, X86_64, r, cg_home(c, t));
    reg_map(c, r, t);
    int x = c->temp_xmm[t];
    if (x >= 0 && c->xmm_dirty[x]) {
        c->xmm_dirty[x] = false;
        c->temp_dirty[t] = true;
    }
    return r;
}

/* The register t is about to be written in; cg_temp_written() after the write. */
int cg_temp_out(struct cg_ctx *c, ir_temp_t t)
{
    ASSERT(!cg_is_const(c, t));
    int r = c->temp_reg[t];
    if (r < 0) {
        r = reg_alloc(c);
        reg_map(c, r, t);
    }
    c->locked |= 1u << r;
    return r;
}

/* t gets a new value outside the general registers (an xmm register). */
void cg_temp_drop_reg(struct cg_ctx *c, ir_temp_t t)
{
    if (c->temp_reg[t] >= 0)
        reg_unmap(c, c->temp_reg[t]);
}

void cg_temp_written(struct cg_ctx *c, ir_temp_t t)
{
    c->temp_dirty[t] = true;
    cg_xmm_forget(c, t); /* a copy of the old value */
}

/* Copy t's value into register r (scratch or argument), whatever its place. */
void cg_temp_to(struct cg_ctx *c, int r, ir_temp_t t)
{
    if (cg_is_const(c, t))
        x86_mov_imm(&c->b, X86_64, r, (int64_t)c->ir->temps[t].value);
    else if (c->temp_reg[t] >= 0) {
        if (c->temp_reg[t] != r)
            x86_mov_rr(&c->b, X86_64, r, c->temp_reg[t]);
    } else if (!cg_xmm_to_reg(c, r, t))
        x86_load(&c->b, X86_64, r, cg_home(c, t));
}

/* A register with t's value: its own, or `scratch` for a constant. */
static int temp_in_or(struct cg_ctx *c, ir_temp_t t, int scratch)
{
    if (!cg_is_const(c, t))
        return cg_temp_in(c, t);
    cg_temp_to(c, scratch, t);
    return scratch;
}

/* Second operand of an ALU op: an immediate when t is a constant that fits a
 * sign-extended imm32, else a register (`scratch` for a large constant). */
static struct cg_src src_ri(struct cg_ctx *c, ir_temp_t t, int scratch)
{
    if (cg_is_const(c, t) && cg_fits32(c->ir->temps[t].value))
        return (struct cg_src){.is_imm = true, .imm = (int64_t)c->ir->temps[t].value};
    return (struct cg_src){.reg = temp_in_or(c, t, scratch)};
}

/* BB_END: every value to its home, no register holds anything. */
static void sync_all(struct cg_ctx *c)
{
    for (int r = 0; r < CG_NREGS; r++)
        reg_evict(c, r);
    cg_xmm_sync_all(c, false);
}

/* Before a call: caller-saved registers give up their temps; with
 * forget_globals (exec reads and writes struct hart) all globals do too,
 * else dirty globals are written back and stay cached. */
static void sync_for_call(struct cg_ctx *c, bool forget_globals)
{
    for (int r = 0; r < CG_NREGS; r++) {
        int t = c->reg_temp[r];
        if (t < 0)
            continue;
        if (cg_caller_saved(r) || (forget_globals && cg_is_global(c, t)))
            reg_evict(c, r);
        else if (cg_is_global(c, t))
            temp_sync(c, t);
    }
    cg_xmm_sync_all(c, false); /* every xmm register is caller-saved */
}

/* Locals whose last use is this op give up their registers. */
static void free_dead(struct cg_ctx *c, const struct ir_op *op)
{
    for (unsigned j = 0; j < op->nargs; j++) {
        ir_temp_t t = op->args[j];
        if (c->ir->temps[t].kind == IR_TEMP_LOCAL && c->last_use[t] <= c->op_idx &&
            c->temp_reg[t] >= 0)
            reg_unmap(c, c->temp_reg[t]);
    }
}

/* ---- pure ops ---- */

static enum x86_cond cg_cond(uint64_t cond)
{
    switch (cond) {
    case IR_EQ: return X86_CC_E;
    case IR_NE: return X86_CC_NE;
    case IR_LT: return X86_CC_L;
    case IR_GE: return X86_CC_GE;
    case IR_LTU: return X86_CC_B;
    case IR_GEU: return X86_CC_AE;
    }
    util_assert_fail("bad ir_cond", __FILE__, __LINE__);
}

static bool is_shift(unsigned opc) { return opc == IR_shl || opc == IR_shr || opc == IR_sar; }

static void emit_alu(struct cg_ctx *c, unsigned opc, int rd, struct cg_src s)
{
    static const uint8_t alu[IR_OP_COUNT] = {
        [IR_add] = X86_ADD, [IR_sub] = X86_SUB, [IR_and] = X86_AND,
        [IR_or] = X86_OR,   [IR_xor] = X86_XOR,
    };
    static const uint8_t shift[IR_OP_COUNT] = {
        [IR_shl] = X86_SHL, [IR_shr] = X86_SHR, [IR_sar] = X86_SAR};
    if (opc == IR_mul) {
        if (s.is_imm)
            x86_imul_rri(&c->b, X86_64, rd, rd, (int32_t)s.imm);
        else
            x86_imul_rr(&c->b, X86_64, rd, s.reg);
    } else if (is_shift(opc)) {
        if (s.is_imm)
            x86_shift_ri(&c->b, (enum x86_shift)shift[opc], X86_64, rd, (uint8_t)(s.imm & 63));
        else
            x86_shift_cl(&c->b, (enum x86_shift)shift[opc], X86_64, rd);
    } else if (s.is_imm) {
        x86_alu_ri(&c->b, (enum x86_alu)alu[opc], X86_64, rd, s.imm);
    } else {
        x86_alu_rr(&c->b, (enum x86_alu)alu[opc], X86_64, rd, s.reg);
    }
}

/* out = a op b: out's register gets a, then op b. */
static void gen_binop(struct cg_ctx *c, const struct ir_op *op)
{
    ir_temp_t out = op->args[0], a = op->args[1], b = op->args[2];
    if (cg_is_const(c, out))
        return;
    int ra = cg_is_const(c, a) ? X86_NOREG : cg_temp_in(c, a);
    struct cg_src sb;
    if (is_shift(op->opc) && !cg_is_const(c, b)) {
        cg_temp_to(c, X86_RCX, b);
        sb = (struct cg_src){.reg = X86_RCX};
    } else if (b == out && a != b && !cg_is_const(c, b)) {
        cg_temp_to(c, X86_RCX, b); /* out's register gets a first */
        sb = (struct cg_src){.reg = X86_RCX};
    } else {
        sb = src_ri(c, b, X86_RCX);
    }
    int rd = cg_temp_out(c, out);
    if (ra == X86_NOREG)
        cg_temp_to(c, rd, a);
    else if (ra != rd)
        x86_mov_rr(&c->b, X86_64, rd, ra);
    emit_alu(c, op->opc, rd, sb);
    cg_temp_written(c, out);
}

/* mulh/mulhu: one-operand imul/mul, high half in rdx. */
static void gen_mulh(struct cg_ctx *c, const struct ir_op *op)
{
    ir_temp_t out = op->args[0];
    if (cg_is_const(c, out))
        return;
    cg_temp_to(c, X86_RAX, op->args[1]);
    int rb = temp_in_or(c, op->args[2], X86_RCX);
    int rd = cg_temp_out(c, out);
    if (op->opc == IR_mulh)
        x86_imul1(&c->b, X86_64, rb);
    else
        x86_mul(&c->b, X86_64, rb);
    x86_mov_rr(&c->b, X86_64, rd, X86_RDX);
    cg_temp_written(c, out);
}

static void gen_unop(struct cg_ctx *c, const struct ir_op *op)
{
    ir_temp_t out = op->args[0], a = op->args[1];
    if (cg_is_const(c, out) || (out == a && op->opc == IR_mov))
        return;
    int rs, rd;
    if (cg_is_const(c, a)) {
        rd = rs = cg_temp_out(c, out);
        cg_temp_to(c, rd, a);
    } else {
        rs = cg_temp_in(c, a);
        rd = cg_temp_out(c, out);
    }
    switch (op->opc) {
    case IR_ext32s: x86_movsx(&c->b, X86_32, rd, rs); break;
    case IR_ext32u: x86_movzx(&c->b, X86_32, rd, rs); break;
    case IR_ext16s: x86_movsx(&c->b, X86_16, rd, rs); break;
    case IR_ext16u: x86_movzx(&c->b, X86_16, rd, rs); break;
    case IR_ext8s: x86_movsx(&c->b, X86_8, rd, rs); break;
    case IR_ext8u: x86_movzx(&c->b, X86_8, rd, rs); break;
    default:
        if (rd != rs)
            x86_mov_rr(&c->b, X86_64, rd, rs);
        if (op->opc == IR_neg)
            x86_neg(&c->b, X86_64, rd);
        else if (op->opc == IR_not)
            x86_not(&c->b, X86_64, rd);
        break;
    }
    cg_temp_written(c, out);
}

/* Operands of a compare: a in a register, b a register or an immediate. */
static void cmp_operands(struct cg_ctx *c, ir_temp_t a, ir_temp_t b, int *ra, struct cg_src *sb)
{
    *ra = temp_in_or(c, a, X86_RAX);
    *sb = src_ri(c, b, X86_RCX);
}

static void emit_cmp(struct cg_ctx *c, int ra, struct cg_src sb)
{
    if (sb.is_imm)
        x86_alu_ri(&c->b, X86_CMP, X86_64, ra, sb.imm);
    else
        x86_alu_rr(&c->b, X86_CMP, X86_64, ra, sb.reg);
}

static void gen_setcond(struct cg_ctx *c, const struct ir_op *op)
{
    ir_temp_t out = op->args[0];
    if (cg_is_const(c, out))
        return;
    int ra;
    struct cg_src sb;
    cmp_operands(c, op->args[1], op->args[2], &ra, &sb);
    int rd = cg_temp_out(c, out);
    emit_cmp(c, ra, sb);
    x86_setcc_zx(&c->b, cg_cond(op->c[0]), rd);
    cg_temp_written(c, out);
}

/* out = fn(a, b), a pure C helper. */
static void gen_call2(struct cg_ctx *c, const struct ir_op *op)
{
    ir_temp_t out = op->args[0];
    sync_for_call(c, false);
    cg_temp_to(c, X86_RDI, op->args[1]);
    cg_temp_to(c, X86_RSI, op->args[2]);
    x86_call(&c->b, (const void *)(uintptr_t)op->c[0], X86_RAX);
    cg_xmm_forget_all(c);
    if (cg_is_const(c, out))
        return;
    int rd = cg_temp_out(c, out);
    x86_mov_rr(&c->b, X86_64, rd, X86_RAX);
    cg_temp_written(c, out);
}

/* ---- control flow and exits ---- */

/* Count state shared by every edge into a label: the instructions before the
 * current one, unless more were already counted (after an exec). */
static void count_for_branch(struct cg_ctx *c, unsigned label)
{
    /* A branch to a later instruction (an `if`, cpu/translate.c): the branch
     * retires either way. At the label, `counted` is every instruction before
     * it in program order: the path that falls through counts the ones it
     * runs; the taken path skipped them, and they are never counted. */
    if (c->label_insns[label] > c->n_seen) {
        count_flush(c, c->n_seen);
        ASSERT(c->label_counted[label] < 0 || c->label_counted[label] == c->label_insns[label]);
        c->label_counted[label] = c->label_insns[label];
        return;
    }
    unsigned want = cg_insns_before(c);
    if (c->counted > want)
        want = c->counted;
    if (c->label_counted[label] >= 0 && (unsigned)c->label_counted[label] > want)
        want = (unsigned)c->label_counted[label];
    count_flush(c, want);
    if (c->label_counted[label] < 0)
        c->label_counted[label] = (int)want;
    ASSERT(c->label_counted[label] == (int)want); /* branches stay inside one instruction */
}

static struct x86_label *host_label(struct cg_ctx *c, uint64_t label)
{
    ASSERT(label < c->ir->nlabels && label < CG_MAX_LABELS);
    return &c->labels[label];
}

/* In a loop block (see "loops" below) every edge into a label carries the
 * loop head's register state: each loop global in its register, taken as
 * dirty, nothing else in a register. Moves values there. */
static void loop_reconcile(struct cg_ctx *c)
{
    cg_xmm_loop_reconcile(c);
    for (int r = 0; r < CG_NREGS; r++) {
        int t = c->reg_temp[r];
        if (t >= 0 && !(cg_is_global(c, t) && c->loop_reg[t] == r))
            reg_evict(c, r);
    }
    for (unsigned g = 0; g < IR_NUM_GLOBALS; g++) {
        if (c->loop_reg[g] < 0)
            continue;
        if (c->temp_reg[g] < 0) {
            if (!cg_xmm_to_reg(c, c->loop_reg[g], (ir_temp_t)g))
                x86_load(&c->b, X86_64, c->loop_reg[g], cg_home(c, (int)g));
            reg_map(c, c->loop_reg[g], (int)g);
            cg_xmm_forget(c, (ir_temp_t)g); /* the register has it now */
        }
        c->temp_dirty[g] = true;
    }
}

/* The loop head's state, without code: after a label no path fell into. */
static void loop_assume(struct cg_ctx *c)
{
    cg_xmm_loop_assume(c);
    for (int r = 0; r < CG_NREGS; r++)
        reg_unmap(c, r);
    for (unsigned g = 0; g < IR_NUM_GLOBALS; g++) {
        if (c->loop_reg[g] < 0)
            continue;
        reg_map(c, c->loop_reg[g], (int)g);
        c->temp_dirty[g] = true;
    }
}

/* The state every edge into a label agrees on: values home, or in a loop
 * block the loop head's. */
static void join_state(struct cg_ctx *c)
{
    if (c->loop)
        loop_reconcile(c);
    else
        sync_all(c);
}

static void gen_label(struct cg_ctx *c, const struct ir_op *op)
{
    struct x86_label *l = host_label(c, op->c[0]);
    if (c->reachable) {
        join_state(c);
        count_for_branch(c, (unsigned)op->c[0]);
    } else if (c->label_counted[op->c[0]] >= 0) {
        c->counted = (unsigned)c->label_counted[op->c[0]];
    } else {
        c->label_counted[op->c[0]] = (int)c->counted;
    }
    cg_xmm_forget_all(c); /* written home, or the loop's own (loop_assume) */
    if (c->loop)
        loop_assume(c);
    else
        c->fp_collecting = false; /* not known for the branches into it */
    x86_label_bind(&c->b, l);
    c->reachable = true;
}

static void gen_br(struct cg_ctx *c, const struct ir_op *op)
{
    join_state(c);
    count_for_branch(c, (unsigned)op->c[0]);
    x86_jmp_label(&c->b, host_label(c, op->c[0]));
    c->reachable = false;
}

/* ---- loops: a block whose last branch jumps back to its own start ---- */

/* The loop's shape: the block ends in `brcond; goto_tb; label; goto_tb`
 * with one goto_tb to the block's own pc; no exec (it forgets every
 * global); every store followed by another instruction (so a store that
 * drops translated code always leaves the block); at most CG_LOOP_REGS
 * guest registers, which get fixed host registers. */
static void scan_loop(struct cg_ctx *c)
{
    const struct ir_block *ir = c->ir;
    const struct ir_op *ops = ir->ops;
    unsigned n = ir->nops;
    c->loop = false;
    c->loop_brcond = c->loop_skip = CG_NO_OP;
    c->loop_ctr = -1;
    c->reserved = 0;
    c->xmm_limit = 16;
    memset(c->loop_reg, -1, sizeof(c->loop_reg));
    memset(c->loop_xmm, -1, sizeof(c->loop_xmm));
    if (!jit_chaining() || n < 4 || ops[n - 4].opc != IR_brcond || ops[n - 3].opc != IR_goto_tb ||
        ops[n - 2].opc != IR_label || ops[n - 2].c[0] != ops[n - 4].c[1] ||
        ops[n - 1].opc != IR_goto_tb)
        return;
    bool taken_self = ops[n - 1].c[1] == ir->pc;
    if (!taken_self && ops[n - 3].c[1] != ir->pc)
        return;
    uint16_t uses[IR_NUM_GLOBALS] = {0};
    bool fp[IR_NUM_GLOBALS] = {false}; /* an fpop's operand or result */
    bool calls = false;
    int8_t seen[IR_NUM_GLOBALS]; /* globals in order of first use */
    unsigned nseen = 0;
    for (unsigned i = 0; i < n; i++) {
        const struct ir_op *op = &ops[i];
        unsigned next = i + 1;
        while (next < n && ops[next].opc == IR_label)
            next++;
        if (op->opc == IR_exec || op->opc == IR_amo ||
            (op->opc == IR_store && (next == n || ops[next].opc != IR_insn_start)))
            return;
        calls |= op->opc == IR_call2;
        for (unsigned j = 0; j < op->nargs; j++) {
            ir_temp_t t = op->args[j];
            if (!cg_is_global(c, t))
                continue;
            if (!uses[t]++)
                seen[nseen++] = (int8_t)t;
            fp[t] |= op->opc == IR_fpop;
        }
    }
    /* f registers that fpops use stay in xmm registers (the most used
     * ones; none if a call, which clobbers them all, is in the loop). */
    unsigned nxmm = 0;
    while (!calls && nxmm < CG_LOOP_XMM) {
        int best = -1;
        for (unsigned k = 0; k < nseen; k++)
            if (cg_is_fp_global(c, (ir_temp_t)seen[k]) && fp[seen[k]] && c->loop_xmm[seen[k]] < 0 &&
                (best < 0 || uses[seen[k]] > uses[seen[best]]))
                best = (int)k;
        if (best < 0)
            break;
        c->loop_xmm[seen[best]] = (int8_t)(15 - nxmm++);
    }
    c->xmm_limit = 16 - (int)nxmm;
    for (unsigned k = 0; k < nseen;) { /* the rest compete for general registers */
        if (c->loop_xmm[seen[k]] >= 0)
            memmove(&seen[k], &seen[k + 1], (--nseen - k) * sizeof(seen[0]));
        else
            k++;
    }
    /* The budget lives in CG_LOOP_CTR: the back edge touches no counter in
     * memory (cg_loop_ctr_flush). With more globals than loop registers,
     * the most used ones get them and the rest go through the allocator
     * like locals (written home at the back edge). */
    while (nseen > CG_LOOP_REGS) { /* drop the least used (the latest of equals) */
        unsigned least = 0;
        for (unsigned k = 1; k < nseen; k++)
            if (uses[seen[k]] <= uses[seen[least]])
                least = k;
        memmove(&seen[least], &seen[least + 1], (nseen - least - 1) * sizeof(seen[0]));
        nseen--;
    }
    int8_t reg[IR_NUM_GLOBALS];
    memset(reg, -1, sizeof(reg));
    unsigned k = 0;
    for (unsigned i = 0; i < nseen; i++, k++) {
        if (cg_alloc_order[k] == CG_LOOP_CTR)
            k++;
        reg[seen[i]] = cg_alloc_order[k];
    }
    c->loop_ctr = CG_LOOP_CTR;
    c->reserved = 1u << CG_LOOP_CTR;
    /* Registers no loop global took, beyond the two kept for the rest,
     * hold the addends of the first accesses' kept TLB entries (from the
     * end of the order): no load on an access's address. Not with a call2,
     * which clobbers the caller-saved ones (slow paths' thunks keep them). */
    memset(c->loop_tlb_reg, -1, sizeof(c->loop_tlb_reg));
    unsigned naccess = 0, nfree = CG_NALLOC - 1 - nseen;
    for (unsigned i = 0; i < n; i++)
        naccess += ops[i].opc == IR_load || ops[i].opc == IR_store;
    for (unsigned s = 0, j = CG_NALLOC; !calls && s < naccess && s < CG_LOOP_TLB && nfree > 2;
         s++, nfree--) {
        int r = cg_alloc_order[--j];
        c->loop_tlb_reg[s] = (int8_t)r;
        c->reserved |= 1u << r;
    }
    c->loop = true;
    c->loop_brcond = n - 4;
    c->loop_taken_self = taken_self;
    c->loop_skip = taken_self ? n - 1 : n - 3;
    memcpy(c->loop_reg, reg, sizeof(reg));
}

/* Code only (the state stays as it is, for the other path): globals whose
 * value only an xmm register holds go home; with skip_loop_regs, not the
 * loop's own (the back edge moves those to their registers). */
static void xmm_store_dirty_globals(struct cg_ctx *c, bool skip_loop_regs)
{
    for (int x = 0; x < 16; x++) {
        int t = c->xmm_temp[x];
        if (t < 0 || !c->xmm_dirty[x] || !cg_is_global(c, t) ||
            (skip_loop_regs && (c->loop_reg[t] >= 0 || c->loop_xmm[t] >= 0)))
            continue;
        cg_xmm_canonicalize(c, x); /* loop_back_edge keeps the state's xmm_raw */
        x86_sse_store(&c->b, X86_64, cg_home(c, t), x);
    }
}

/* Loop head (after the entry check): each loop global in its register,
 * taken as dirty, so that every exit writes it home. */
static void loop_head(struct cg_ctx *c)
{
    for (unsigned g = 0; g < IR_NUM_GLOBALS; g++) {
        if (c->loop_reg[g] < 0)
            continue;
        x86_load(&c->b, X86_64, c->loop_reg[g], cg_home(c, (int)g));
        reg_map(c, c->loop_reg[g], (int)g);
        c->temp_dirty[g] = true;
    }
    x86_load(&c->b, X86_64, c->loop_ctr, x86_mem_at(X86_RBP, offsetof(struct hart, jit_budget)));
    x86_store(&c->b, X86_64, x86_mem_at(X86_RSP, CG_LOOP_B0_OFF), c->loop_ctr);
    cg_loop_tlb_reset(c);
    /* Nothing in a loop (no exec) runs C code that folds the FP flags: one
     * check before the head covers every fpop in it. */
    if (c->has_fpop)
        cg_fp_collect(c);
    cg_xmm_loop_head(c);
    x86_align(&c->b, CG_LOOP_ALIGN); /* the body from a cache line's start */
    x86_label_bind(&c->b, &c->loop_head);
}

/* The back edge: count the iteration, stop when the budget is spent (as the
 * block's entry would), else move the loop globals back to their registers
 * and jump to the loop head: one taken jump per iteration, the stop exit
 * behind it. The register state of the code that follows is left as it was. */
static void loop_back_edge(struct cg_ctx *c)
{
    struct x86_label spent;
    x86_label_init(&spent);
    bool xmm_raw[16]; /* the code below canonicalizes on its own paths only */
    memcpy(xmm_raw, c->xmm_raw, sizeof(xmm_raw));
    ASSERT(c->counted == c->n_seen); /* gen_loop_brcond counted the iteration */
    /* Spent, or asked to stop (a kick, a page that became code on another
     * hart, whose TLB entries the loop may keep: hart_request_exit). */
    x86_alu_rm(&c->b, X86_CMP, X86_64, c->loop_ctr,
               x86_mem_at(X86_RBP, offsetof(struct hart, jit_loop_stop)));
    x86_jcc_label(&c->b, X86_CC_L, &spent);

    int16_t reg_temp[CG_NREGS];
    int8_t temp_reg[IR_MAX_TEMPS];
    bool temp_dirty[IR_MAX_TEMPS];
    memcpy(reg_temp, c->reg_temp, sizeof(reg_temp));
    memcpy(temp_reg, c->temp_reg, sizeof(temp_reg));
    memcpy(temp_dirty, c->temp_dirty, sizeof(temp_dirty));
    cg_xmm_loop_back_edge(c);
    for (int r = 0; r < CG_NREGS; r++) {
        int t = c->reg_temp[r];
        if (t < 0 || (cg_is_global(c, t) && c->loop_reg[t] == r))
            continue;
        if (cg_is_global(c, t) && c->temp_dirty[t])
            x86_store(&c->b, X86_64, cg_home(c, t), r);
        reg_unmap(c, r);
    }
    xmm_store_dirty_globals(c, true);
    for (unsigned g = 0; g < IR_NUM_GLOBALS; g++)
        if (c->loop_reg[g] >= 0 && c->temp_reg[g] < 0 &&
            !cg_xmm_to_reg(c, c->loop_reg[g], (ir_temp_t)g))
            x86_load(&c->b, X86_64, c->loop_reg[g], cg_home(c, (int)g));
    x86_jmp_label(&c->b, &c->loop_head);
    memcpy(c->xmm_raw, xmm_raw, sizeof(xmm_raw));
    memcpy(c->reg_temp, reg_temp, sizeof(reg_temp));
    memcpy(c->temp_reg, temp_reg, sizeof(temp_reg));
    memcpy(c->temp_dirty, temp_dirty, sizeof(temp_dirty));

    x86_label_bind(&c->b, &spent); /* budget spent, or a page became code: leave */
    for (int r = 0; r < CG_NREGS; r++) {
        int t = c->reg_temp[r];
        if (t >= 0 && cg_is_global(c, t) && c->temp_dirty[t])
            x86_store(&c->b, X86_64, cg_home(c, t), r);
    }
    xmm_store_dirty_globals(c, false);
    cg_loop_ctr_flush(c);
    cg_store_hart(c, offsetof(struct hart, pc), c->ir->pc);
    cg_exit(c, JIT_EXIT_STOP);
    memcpy(c->xmm_raw, xmm_raw, sizeof(xmm_raw));
}

/* The brcond closing a loop: the back edge keeps registers, the other side
 * goes on as after any brcond (its values go home before its label). */
static void gen_loop_brcond(struct cg_ctx *c, const struct ir_op *op, int ra, struct cg_src sb)
{
    struct x86_label other;
    x86_label_init(&other);
    count_flush(c, c->n_seen); /* the branch retires either way: one sub of r15 per iteration */
    count_for_branch(c, (unsigned)op->c[1]);
    emit_cmp(c, ra, sb);
    enum x86_cond cc = cg_cond(op->c[0]);
    x86_jcc_label(&c->b, c->loop_taken_self ? x86_cond_invert(cc) : cc, &other);
    loop_back_edge(c);
    x86_label_bind(&c->b, &other);
    if (!c->loop_taken_self)
        loop_reconcile(c); /* into the label before the last exit */
}

/* A register with t's value without allocating one (the loop state must
 * stay as it is): its own, or `scratch`. */
static int reg_or_scratch(struct cg_ctx *c, ir_temp_t t, int scratch)
{
    if (!cg_is_const(c, t) && c->temp_reg[t] >= 0)
        return c->temp_reg[t];
    cg_temp_to(c, scratch, t);
    return scratch;
}

/* The block's last branch, `brcond; goto_tb; label; goto_tb`: nothing
 * after it can trap, and both ways leave. */
static bool ends_in_two_exits(const struct cg_ctx *c, const struct ir_op *op)
{
    const struct ir_op *ops = c->ir->ops;
    unsigned n = c->ir->nops;
    return c->op_idx + 4 == n && ops[n - 3].opc == IR_goto_tb && ops[n - 2].opc == IR_label &&
           ops[n - 2].c[0] == op->c[1] && ops[n - 1].opc == IR_goto_tb;
}

/* In a loop, `brcond cond, L; goto_tb; label L` (a side exit): the loop
 * state at the branch is the labels' (loop_reconcile), so the exit can be
 * emitted after the block from that state (gen_side_exits). */
static struct cg_side *side_exit_out_of_line(struct cg_ctx *c, const struct ir_op *op)
{
    const struct ir_op *ops = c->ir->ops;
    unsigned i = c->op_idx;
    if (!c->loop || c->nside == ARRAY_SIZE(c->side) || i + 2 >= c->ir->nops ||
        ops[i + 1].opc != IR_goto_tb || ops[i + 2].opc != IR_label || ops[i + 2].c[0] != op->c[1])
        return NULL;
    struct cg_side *s = &c->side[c->nside++];
    s->op = i + 1;
    x86_label_init(&s->stub);
    return s;
}

static void gen_brcond(struct cg_ctx *c, const struct ir_op *op)
{
    int ra;
    struct cg_src sb;
    ir_temp_t a = op->args[0], b = op->args[1];
    if (c->loop && c->op_idx != c->loop_brcond) {
        loop_reconcile(c);
        ra = reg_or_scratch(c, a, X86_RAX);
        if (cg_is_const(c, b) && cg_fits32(c->ir->temps[b].value))
            sb = (struct cg_src){.is_imm = true, .imm = (int64_t)c->ir->temps[b].value};
        else
            sb = (struct cg_src){.reg = reg_or_scratch(c, b, X86_RCX)};
    } else {
        cmp_operands(c, a, b, &ra, &sb);
        if (c->op_idx == c->loop_brcond) {
            gen_loop_brcond(c, op, ra, sb);
            return;
        }
        sync_all(c); /* stores only: ra and sb keep their values */
    }
    if (ends_in_two_exits(c, op))
        count_flush(c, c->n_seen); /* both exits count the branch: once, here */
    count_for_branch(c, (unsigned)op->c[1]);
    emit_cmp(c, ra, sb);
    struct cg_side *side = side_exit_out_of_line(c, op);
    if (side) {
        side->counted = c->counted;
        side->n_seen = c->n_seen;
        side->insn_pc = c->insn_pc;
        x86_jcc_label(&c->b, x86_cond_invert(cg_cond(op->c[0])), &side->stub);
        return;
    }
    x86_jcc_label(&c->b, cg_cond(op->c[0]), host_label(c, op->c[1]));
}

/* Everything an exit needs before it leaves: guest registers home (locals
 * die with the block; the exit op has read its operands already), counts
 * exact. */
static void exit_prepare(struct cg_ctx *c)
{
    for (int r = 0; r < CG_NREGS; r++) {
        int t = c->reg_temp[r];
        if (t >= 0 && cg_is_global(c, t))
            temp_sync(c, t);
        reg_unmap(c, r);
    }
    cg_xmm_sync_all(c, true);
    cg_xmm_forget_all(c);
    count_flush(c, c->n_seen);
    cg_loop_ctr_flush(c);
    c->reachable = false;
}

/* A patchable jump, first aimed at the stub right behind it, which leaves
 * with tb | (slot + 1) so the run loop can chain the slot. */
static void gen_goto_tb(struct cg_ctx *c, const struct ir_op *op)
{
    unsigned slot = (unsigned)op->c[0];
    ASSERT(slot < 2);
    exit_prepare(c);
    if (cg_exit_far(c, op->c[1]))
        return;
    if (c->tb->jmp_field[slot]) { /* a block with a side exit that did not become a loop */
        x86_mov_imm(&c->b, X86_64, X86_RCX, (int64_t)op->c[1]);
        cg_exit_lookup(c);
        return;
    }
    uint8_t *field = x86_jmp_patchable(&c->b, NULL);
    c->tb->jmp_field[slot] = field ? field + c->b.exec_delta : NULL;
    c->tb->jmp_reset[slot] = x86_buf_pc(&c->b);
    gen_exit_call(c, cg_chain_thunk, op->c[1], true, (uintptr_t)c->tb | (slot + 1));
}

static void gen_exit_pc(struct cg_ctx *c, const struct ir_op *op)
{
    cg_temp_to(c, X86_RCX, op->args[0]);
    exit_prepare(c);
    cg_exit_lookup(c);
}

static void gen_exit_stop(struct cg_ctx *c, const struct ir_op *op)
{
    exit_prepare(c);
    cg_store_hart(c, offsetof(struct hart, pc), op->c[0]);
    cg_exit(c, JIT_EXIT_STOP);
}

static void gen_exit_npc(struct cg_ctx *c)
{
    exit_prepare(c);
    x86_load(&c->b, X86_64, X86_RAX, x86_mem_at(X86_RBP, offsetof(struct hart, npc)));
    x86_store(&c->b, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, pc)), X86_RAX);
    cg_exit(c, JIT_EXIT_STOP);
}

/* The interpreter's body for one instruction, with h->pc/npc set, the
 * counters exact and every global in memory. */
static void gen_exec(struct cg_ctx *c, const struct ir_op *op)
{
    const struct insn *insn = (const struct insn *)(uintptr_t)op->c[1];
    sync_for_call(c, true);
    count_flush(c, cg_insns_before(c));
    cg_store_hart(c, offsetof(struct hart, pc), c->insn_pc);
    cg_store_hart(c, offsetof(struct hart, npc), c->insn_pc + insn->len);
    x86_mov_rr(&c->b, X86_64, X86_RDI, X86_RBP);
    x86_mov_imm(&c->b, X86_64, X86_RSI, (int64_t)op->c[1]);
    x86_call(&c->b, (const void *)(uintptr_t)op->c[0], X86_RAX);
    c->fp_collecting = false; /* a CSR access to fflags folds them */
    cg_xmm_forget_all(c);     /* C clobbers xmm registers; the body may write f */
    if (op->c[0] == (uintptr_t)jit_exec_store || op->c[0] == (uintptr_t)jit_exec_csr) {
        /* JIT_EXEC_LEAVE: retired, then leave through h->npc */
        struct x86_label ok;
        x86_label_init(&ok);
        x86_test_rr(&c->b, X86_32, X86_RAX, X86_RAX);
        x86_jcc_label(&c->b, X86_CC_E, &ok);
        x86_alu_ri(&c->b, X86_CMP, X86_32, X86_RAX, EXEC_TRAP);
        x86_jcc_label(&c->b, X86_CC_E, &c->trap_exit); /* counts already exact */
        count_exec_retired(c);
        x86_load(&c->b, X86_64, X86_RAX, x86_mem_at(X86_RBP, offsetof(struct hart, npc)));
        x86_store(&c->b, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, pc)), X86_RAX);
        cg_exit(c, JIT_EXIT_STOP);
        x86_label_bind(&c->b, &ok);
    } else {
        x86_test_rr(&c->b, X86_32, X86_RAX, X86_RAX);
        x86_jcc_label(&c->b, X86_CC_NE, &c->trap_exit); /* counts already exact */
    }
    count_exec_retired(c);
    c->counted = c->n_seen;
}

/* After the block: each out-of-line side exit, from the loop state. */
static void gen_side_exits(struct cg_ctx *c)
{
    for (unsigned k = 0; k < c->nside; k++) {
        struct cg_side *s = &c->side[k];
        x86_label_bind(&c->b, &s->stub);
        loop_assume(c);
        c->counted = s->counted;
        c->n_seen = s->n_seen;
        c->insn_pc = s->insn_pc;
        c->op_idx = s->op;
        c->reachable = true;
        gen_goto_tb(c, &c->ir->ops[s->op]);
    }
}

/* A hart field: the guest's registers live elsewhere (their homes), so
 * these touch no temp but their own. */
static void gen_ld_env(struct cg_ctx *c, const struct ir_op *op)
{
    int rd = cg_temp_out(c, op->args[0]);
    x86_load(&c->b, X86_64, rd, x86_mem_at(X86_RBP, (int32_t)op->c[0]));
    cg_temp_written(c, op->args[0]);
}

static void gen_st_env(struct cg_ctx *c, const struct ir_op *op)
{
    struct x86_mem m = x86_mem_at(X86_RBP, (int32_t)op->c[0]);
    ir_temp_t v = op->args[0];
    if (cg_is_const(c, v) && cg_fits32(c->ir->temps[v].value))
        x86_store_imm(&c->b, X86_64, m, (int64_t)c->ir->temps[v].value);
    else
        x86_store(&c->b, X86_64, m, cg_temp_in(c, v));
}

static void gen_op(struct cg_ctx *c, const struct ir_op *op)
{
    if (op->opc == IR_insn_start) {
        c->n_seen++;
        c->insn_pc = op->c[0];
        return;
    }
    if (op->opc == IR_label) {
        gen_label(c, op);
        return;
    }
    if (c->op_idx == c->loop_skip) { /* the back edge's goto_tb: the loop replaced it */
        c->reachable = false;
        return;
    }
    for (unsigned k = 0; k < c->nside; k++)
        if (c->op_idx == c->side[k].op) /* out of line: the loop falls through */
            return;
    if (!c->reachable)
        return;
    switch (op->opc) {
    case IR_mov:
    case IR_neg:
    case IR_not:
    case IR_ext32s:
    case IR_ext32u:
    case IR_ext16s:
    case IR_ext16u:
    case IR_ext8s:
    case IR_ext8u: gen_unop(c, op); break;
    case IR_mulh:
    case IR_mulhu: gen_mulh(c, op); break;
    case IR_setcond: gen_setcond(c, op); break;
    case IR_call2: gen_call2(c, op); break;
    case IR_fpop: cg_gen_fpop(c, op); break;
    case IR_load: cg_gen_load(c, op); break;
    case IR_store: cg_gen_store(c, op); break;
    case IR_amo: cg_gen_amo(c, op); break;
    case IR_exec: gen_exec(c, op); break;
    case IR_mb: x86_mfence(&c->b); break;
    case IR_ld_env: gen_ld_env(c, op); break;
    case IR_st_env: gen_st_env(c, op); break;
    case IR_br: gen_br(c, op); break;
    case IR_brcond: gen_brcond(c, op); break;
    case IR_goto_tb: gen_goto_tb(c, op); break;
    case IR_exit_pc: gen_exit_pc(c, op); break;
    case IR_exit_stop: gen_exit_stop(c, op); break;
    case IR_exit_npc: gen_exit_npc(c); break;
    default: gen_binop(c, op); break;
    }
}

/* ---- the block ---- */

/* Last use of every temp, and the instruction count. With a backward
 * branch, locals are kept to the end of the block. */
static void scan_block(struct cg_ctx *c)
{
    const struct ir_block *ir = c->ir;
    bool back_edge = false;
    ASSERT(ir->nlabels <= CG_MAX_LABELS && ir->ntemps <= IR_MAX_TEMPS);
    memset(c->last_use, 0, ir->ntemps * sizeof(c->last_use[0]));
    for (unsigned l = 0; l < ir->nlabels; l++) {
        c->label_counted[l] = -1;
        c->label_seen[l] = false;
    }
    c->ninsns = 0;
    for (unsigned i = 0; i < ir->nops; i++) {
        const struct ir_op *op = &ir->ops[i];
        for (unsigned j = 0; j < op->nargs; j++)
            c->last_use[op->args[j]] = (uint16_t)i;
        if (op->opc == IR_insn_start) {
            c->ninsns++;
        } else if (op->opc == IR_fpop) {
            c->has_fpop = true;
        } else if (op->opc == IR_label && op->c[0] < ir->nlabels) {
            c->label_seen[op->c[0]] = true;
            c->label_insns[op->c[0]] = (uint16_t)c->ninsns;
        } else if (op->opc == IR_br && op->c[0] < ir->nlabels)
            back_edge |= c->label_seen[op->c[0]];
        else if (op->opc == IR_brcond && op->c[1] < ir->nlabels)
            back_edge |= c->label_seen[op->c[1]];
    }
    if (back_edge)
        for (unsigned t = 0; t < ir->ntemps; t++)
            c->last_use[t] = (uint16_t)ir->nops;
}

static void ctx_reset(struct cg_ctx *c, struct ir_block *ir, struct tb *tb, uint8_t *buf,
                      uint8_t *exec, size_t cap)
{
    c->ir = ir;
    c->tb = tb;
    x86_buf_init(&c->b, buf, cap);
    c->b.exec_delta = exec - buf;
    for (int r = 0; r < CG_NREGS; r++)
        c->reg_temp[r] = -1;
    memset(c->temp_reg, -1, ir->ntemps * sizeof(c->temp_reg[0]));
    memset(c->temp_dirty, 0, ir->ntemps * sizeof(c->temp_dirty[0]));
    c->next_victim = 0;
    c->n_seen = c->counted = 0;
    c->insn_pc = ir->pc;
    c->reachable = true;
    c->has_fpop = c->fp_collecting = false;
    memset(c->temp_xmm, -1, ir->ntemps * sizeof(c->temp_xmm[0]));
    memset(c->xmm_temp, -1, sizeof(c->xmm_temp));
    memset(c->xmm_dirty, 0, sizeof(c->xmm_dirty));
    memset(c->xmm_raw, 0, sizeof(c->xmm_raw));
    c->xmm_next = 0;
    c->nslow = 0;
    c->nside = 0;
    x86_label_init(&c->entry_exit);
    x86_label_init(&c->trap_exit);
    x86_label_init(&c->slow_exit);
    x86_label_init(&c->loop_head);
    for (unsigned l = 0; l < ir->nlabels && l < CG_MAX_LABELS; l++)
        x86_label_init(&c->labels[l]);
    tb->jmp_field[0] = tb->jmp_field[1] = NULL;
    tb->jmp_reset[0] = tb->jmp_reset[1] = NULL;
}

/* Block entry: stop when the hart's budget is spent (hart_kick zeroes it). */
static void gen_entry(struct cg_ctx *c)
{
    x86_alu_mi(&c->b, X86_SUB, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, jit_budget)),
               c->ninsns);
    x86_jcc_label(&c->b, X86_CC_L, &c->entry_exit);
    if (c->loop)
        loop_head(c);
}

/* Out-of-line code after the block: the entry's stop exit, the exec trap
 * exit, the load/store slow paths. */
static void gen_tail(struct cg_ctx *c)
{
    x86_label_bind(&c->b, &c->entry_exit);
    gen_exit_call(c, cg_stop_thunk, c->ir->pc, false, 0);
    if (c->trap_exit.rel32_head || c->trap_exit.rel8_head) { /* an exec op may trap */
        x86_label_bind(&c->b, &c->trap_exit);
        cg_exit(c, JIT_EXIT_TRAP);
    }
    if (c->nslow) { /* rax: the helper's exit code (counts and pc done) */
        x86_label_bind(&c->b, &c->slow_exit);
        cg_loop_ctr_flush(c);
        cg_jmp_epilogue(c);
    }
    for (unsigned i = 0; i < c->nslow; i++)
        cg_gen_slow_path(c, &c->slow[i]);
    for (unsigned l = 0; l < c->ir->nlabels; l++) /* every branch target was placed */
        ASSERT(c->labels[l].pos || (!c->labels[l].rel32_head && !c->labels[l].rel8_head));
}

static struct cg_ctx *ctx_get(void)
{
    static _Thread_local struct cg_ctx *ctx;
    if (!ctx)
        ctx = util_malloc(sizeof(*ctx));
    ASSERT(ctx);
    return ctx;
}

size_t backend_gen(struct ir_block *ir, struct tb *tb, uint8_t *buf, uint8_t *exec, size_t cap)
{
    ASSERT(cg_epilogue);
    struct cg_ctx *c = ctx_get();
    ctx_reset(c, ir, tb, buf, exec, cap);
    scan_block(c);
    scan_loop(c);
    gen_entry(c);
    for (unsigned i = 0; i < ir->nops; i++) {
        c->op_idx = i;
        c->locked = 0;
        gen_op(c, &ir->ops[i]);
        free_dead(c, &ir->ops[i]);
    }
    ASSERT(!c->reachable); /* the translator ends every path with an exit */
    gen_side_exits(c);
    gen_tail(c);
    if (c->b.overflow)
        return 0;
    tb->code_size = (uint32_t)x86_buf_len(&c->b);
    return x86_buf_len(&c->b);
}
