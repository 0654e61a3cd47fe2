/* SPDX-License-Identifier: MIT */
/* Block formation (docs/jit.md, "Blocks"): fetch and decode guest
 * instructions, hand each to its translator (cpu/translate_*.c) or to the
 * exec fallback, and end the block. */
#include "exec.h"
#include "mmu.h"
#include "tcg/jit.h"
#include "translate_int.h"

static trans_fn *const trans_table[OP_COUNT] = {
#define TRANS_ENTRY(name) [OP_##name] = trans_##name,
    TRANS_RV64I(TRANS_ENTRY) TRANS_A(TRANS_ENTRY) TRANS_M(TRANS_ENTRY) TRANS_ZB(TRANS_ENTRY)
        TRANS_FD(TRANS_ENTRY)
#undef TRANS_ENTRY
};

/* Room kept free before each instruction: more than any one instruction
 * needs (rolw: 10 ops and 9 temps) plus the block's final exit (one op).
 * tests/unit/test_translate.c checks every translator against these. */
#define TRANS_OPS_RESERVE   24
#define TRANS_TEMPS_RESERVE 16

/* Storage for the instructions that exec ops point to. */
struct tstore {
    struct insn *insns;
    unsigned cap, used;
};

bool translate_has_native(unsigned op) { return op < OP_COUNT && trans_table[op]; }

static bool block_has_room(const struct ir_block *b)
{
    return b->nops + TRANS_OPS_RESERVE <= IR_MAX_OPS &&
           b->ntemps + TRANS_TEMPS_RESERVE <= IR_MAX_TEMPS && !b->overflow;
}

/* The halfword at the last 2 bytes of a page, through the fetch TLB, so that
 * deciding "32-bit, straddles the page" never touches the next page. */
static bool fetch_last_half(struct hart *h, uint64_t pc, uint32_t *raw)
{
    struct tlb_entry *e = tlb_entry(&h->tlb, h->mmu_idx_fetch, pc);
    if (e->tag_x == (pc & PAGE_MASK)) {
        uint16_t v;
        memcpy(&v, (void *)(e->addend + (uintptr_t)pc), 2);
        *raw = v;
        return true;
    }
    return mmu_fetch(h, pc, raw) == EXEC_OK;
}

/* Fetch and decode the instruction at pc; false if the fetch faults or the
 * instruction does not end within the page. */
static bool fetch_insn(struct hart *h, uint64_t pc, uint64_t page_end, struct insn *i)
{
    uint32_t raw;
    bool ok = pc + 2 == page_end ? fetch_last_half(h, pc, &raw) : mmu_fetch(h, pc, &raw) == EXEC_OK;
    if (!ok || pc + insn_length((uint16_t)raw) > page_end)
        return false;
    interp_decode(h, pc, raw, i);
    return true;
}

/* A CSR instruction that only reads (csrrs/csrrc from x0, csrrsi/csrrci
 * of 0: no write, Zicsr 9.1) changes nothing the block was translated
 * under: the block goes on after it. Linux reads sstatus around every
 * interrupt-disabling section. */
static bool is_csr_read(const struct insn *i)
{
    return (i->op == OP_csrrs || i->op == OP_csrrc || i->op == OP_csrrsi || i->op == OP_csrrci) &&
           i->rs1 == 0;
}

static bool is_csr_op(const struct insn *i)
{
    return i->op == OP_csrrw || i->op == OP_csrrs || i->op == OP_csrrc || i->op == OP_csrrwi ||
           i->op == OP_csrrsi || i->op == OP_csrrci;
}

/* A write to one of these can change only what jit_exec_csr checks (the
 * block's flags, an exit request for an interrupt) and state no
 * translation depends on: the block goes on unless it says to leave. Not
 * satp (translation), the counters (their counts), fcsr/frm, and the rest,
 * which are rare. */
static bool is_csr_write_going_on(const struct insn *i)
{
    switch ((unsigned)i->imm & 0xfff) {
    case CSR_SSTATUS:
    case CSR_SIE:
    case CSR_SSCRATCH:
    case CSR_SEPC:
    case CSR_SCAUSE:
    case CSR_STVAL:
    case CSR_MSTATUS:
    case CSR_MIE:
    case CSR_MSCRATCH:
    case CSR_MEPC: return is_csr_op(i);
    default: return false;
    }
}

/* An instruction after which nothing in the block can run: a control
 * transfer, a system instruction other than the CSR accesses above, or an
 * illegal encoding (always traps). */
static bool insn_ends_block(const struct insn *i)
{
    return ((i->flags & IF_END) && !is_csr_read(i) && !is_csr_write_going_on(i)) ||
           i->op == OP_ILLEGAL;
}

/* Run i through its interpreter body. False if there is no storage left. */
static bool translate_fallback(struct tctx *c, const struct insn *i, struct tstore *s)
{
    if (s->used == s->cap)
        return false;
    struct insn *copy = &s->insns[s->used++];
    *copy = *i;
    /* A store done by a body (min/max AMOs, cbo.zero) may have rewritten the
     * rest of this block, and a CSR write may have changed what it was
     * translated under: jit_exec_store and jit_exec_csr tell, and the block
     * then leaves after it. */
    const void *fn = (const void *)exec_table[i->op];
    if ((i->flags & IF_STORE) && !insn_ends_block(i))
        fn = (const void *)jit_exec_store;
    else if (!is_csr_read(i) && is_csr_write_going_on(i))
        fn = (const void *)jit_exec_csr;
    ir_exec(c->b, fn, copy);
    /* The body set h->npc (jumps) or changed state the block was
     * translated under (system instructions): leave through h->npc. */
    if (insn_ends_block(i)) {
        ir_exit_npc(c->b);
        c->ended = true;
    }
    return true;
}

/* Priv 4.1.1: the interrupt-disabling sections of a kernel read sstatus
 * and clear SIE (csrrci rd, sstatus, 2), then set it back from a register
 * (csrs sstatus, rs with rs = 0 or SIE). In S and M mode these cannot
 * trap, and SIE changes nothing a block is translated under, so they work
 * on mstatus in place (mstatus holds its read-only fields, SD and UXL,
 * always up to date: csr.c's mstatus_fixed). Setting SIE while an
 * interrupt is pending and enabled leaves after the instruction, as
 * mstatus_commit's exit request does; a value with other bits to set runs
 * the interpreter's body and leaves. */
static bool translate_sstatus(struct tctx *c, const struct insn *i, struct tstore *s)
{
    struct ir_block *b = c->b;
    unsigned priv = (c->flags >> TBF_PRIV_SHIFT) & 3;
    bool set = i->op == OP_csrrs && i->rs1;
    if (((unsigned)i->imm & 0xfff) != CSR_SSTATUS || priv < PRV_S ||
        (i->op != OP_csrrci && i->op != OP_csrrs) || (set && s->used == s->cap))
        return false;
    unsigned slow = set ? ir_new_label(b) : 0, go_on = set ? ir_new_label(b) : 0;
    ir_temp_t bits = 0;
    if (set) {
        ir_temp_t other = tc_binop(c, IR_and, tc_rs1(i), tc_const(c, SSTATUS_W & ~MSTATUS_SIE));
        ir_brcond(b, IR_NE, other, tc_const(c, 0), slow);
        bits = tc_binop(c, IR_and, tc_rs1(i), tc_const(c, MSTATUS_SIE));
    }
    ir_temp_t old = ir_new_local(b);
    ir_ld_env(b, old, offsetof(struct hart, mstatus));
    uint64_t clear = i->op == OP_csrrci ? i->rs1 & SSTATUS_W : 0; /* uimm: 5 bits, SIE at most */
    if (clear)
        ir_st_env(b, offsetof(struct hart, mstatus), tc_binop(c, IR_and, old, tc_const(c, ~clear)));
    if (set)
        ir_st_env(b, offsetof(struct hart, mstatus), tc_binop(c, IR_or, old, bits));
    if (i->rd)
        ir_binop(b, IR_and, tc_rd(i), old, tc_const(c, SSTATUS_R));
    if (!set)
        return true;
    ir_temp_t newly = tc_binop(c, IR_and, bits, tc_unop(c, IR_not, old));
    ir_brcond(b, IR_EQ, newly, tc_const(c, 0), go_on);
    ir_temp_t mip = ir_new_local(b), mie = ir_new_local(b);
    ir_ld_env(b, mip, offsetof(struct hart, mip));
    ir_ld_env(b, mie, offsetof(struct hart, mie));
    ir_brcond(b, IR_EQ, tc_binop(c, IR_and, mip, mie), tc_const(c, 0), go_on);
    ir_exit_stop(b, c->pc + i->len);
    ir_label(b, slow);
    if (!translate_fallback(c, i, s))
        return false;
    ir_exit_npc(b);
    ir_label(b, go_on);
    return true;
}

/* Append i to the block. False (and the block unchanged) if it does not
 * fit: IR overflow or no storage for an exec copy. */
static bool translate_insn(struct tctx *c, const struct insn *i, struct tstore *s)
{
    struct ir_block *b = c->b;
    unsigned nops = b->nops, ntemps = b->ntemps, nlabels = b->nlabels, ninsns = b->ninsns;
    unsigned used = s->used;
    trans_fn *fn = trans_table[i->op];
    ir_insn_start(b, c->pc);
    bool ok = (fn && fn(c, i)) || translate_sstatus(c, i, s) || translate_fallback(c, i, s);
    if (ok && !b->overflow)
        return true;
    b->nops = nops;
    b->ntemps = ntemps;
    b->nlabels = nlabels;
    b->ninsns = ninsns;
    b->overflow = false;
    s->used = used;
    return false;
}

/* `j` (jal x0) to a later address in the same page, past every byte the
 * block has (hi): the block goes on there, the jump itself does nothing.
 * The block's bytes [pc, pc + size) then include the skipped ones, which
 * only widens its invalidation. */
static bool is_forward_jump(const struct tctx *c, const struct insn *i, uint64_t hi,
                            uint64_t page_end)
{
    uint64_t target = c->pc + (uint64_t)i->imm;
    return i->op == OP_jal && i->rd == 0 && target > c->pc && target >= hi && target < page_end;
}

/* `j` to an earlier address of the page below every byte the block has
 * (lo): the block goes on there too, which duplicates a shared tail (an
 * interpreter's dispatch code, a function's epilogue) into each block that
 * jumps to it, and cannot come back to code it has. Not while an `if`
 * waits for its target. The block's bytes become [pc - back, pc + size). */
static bool is_backward_jump(const struct tctx *c, const struct insn *i, uint64_t lo,
                             uint64_t page_end)
{
    uint64_t target = c->pc + (uint64_t)i->imm;
    return i->op == OP_jal && i->rd == 0 && target < lo && target >= page_end - PAGE_SIZE;
}

static bool is_cond_branch(const struct insn *i)
{
    return i->op == OP_beq || i->op == OP_bne || i->op == OP_blt || i->op == OP_bge ||
           i->op == OP_bltu || i->op == OP_bgeu;
}

/* An `if` without an `else`: a conditional branch to an instruction at most
 * TRANS_JOIN_MAX bytes ahead becomes a branch inside the block, to a label
 * placed when translation reaches that instruction. */
#define TRANS_JOIN_MAX 64

static bool is_forward_if(const struct insn *i)
{
    return is_cond_branch(i) && i->imm > (int64_t)i->len && i->imm <= TRANS_JOIN_MAX;
}

/* Where the block stood before a branch, to cut it back to: an `if`
 * branch whose target translation did not reach, or a side exit whose
 * block did not become a loop. The branch is then translated again as an
 * ordinary one. */
struct tpoint {
    struct tctx c;
    struct tstore s;
    unsigned n, nops, ntemps, nlabels;
    bool joining;
};

/* One block's translation in progress. */
struct tblock {
    struct tctx c;
    struct tstore s;
    uint64_t page_end;
    uint64_t lo, hi; /* the bytes translated so far are in [lo, hi) */
    unsigned n;      /* guest instructions so far */
    bool ended;      /* the last instruction ends the block */
    bool joining;    /* an `if` branch waits for its target, join_target */
    uint64_t join_target;
    struct tpoint join;      /* before that `if` branch */
    uint64_t no_join;        /* pc of an `if` branch that did not reach its target */
    struct tpoint side;      /* before the branch that may become a side exit, */
    struct tpoint side_join; /* with the `if` state of that moment */
    uint64_t side_join_target;
    bool no_side; /* the side exit was cut back: no more side exits */
};

static void point_save(const struct tblock *t, struct tpoint *p)
{
    const struct ir_block *b = t->c.b;
    *p = (struct tpoint){.c = t->c,
                         .s = t->s,
                         .n = t->n,
                         .nops = b->nops,
                         .ntemps = b->ntemps,
                         .nlabels = b->nlabels,
                         .joining = t->joining};
}

static void point_undo(struct tblock *t, const struct tpoint *p)
{
    struct ir_block *b = t->c.b;
    b->nops = p->nops;
    b->ntemps = p->ntemps;
    b->nlabels = p->nlabels;
    t->c = p->c;
    t->s = p->s;
    t->n = p->n;
    t->joining = p->joining;
    t->ended = false;
}

/* Translate instructions until the block ends, stops fitting, or an `if`
 * branch cannot reach its target (t->joining stays set). */
static void translate_run(struct hart *h, struct tblock *t)
{
    struct tctx *c = &t->c;
    while (!t->ended && t->n < TRANSLATE_MAX_INSNS && block_has_room(c->b)) {
        struct insn i;
        if (c->pc > t->hi)
            t->hi = c->pc;
        if (t->joining && c->pc == t->join_target) {
            ir_label(c->b, c->join_label);
            t->joining = false;
        }
        if ((t->joining && c->pc > t->join_target) || !fetch_insn(h, c->pc, t->page_end, &i))
            break;
        if (is_forward_jump(c, &i, t->hi, t->page_end) ||
            (!t->joining && is_backward_jump(c, &i, t->lo, t->page_end))) {
            ir_insn_start(c->b, c->pc);
            t->n++;
            if (c->pc + i.len > t->hi)
                t->hi = c->pc + i.len;
            c->pc += (uint64_t)i.imm;
            if (c->pc < t->lo)
                t->lo = c->pc;
            continue;
        }
        c->join_next = !t->joining && c->pc != t->no_join && is_forward_if(&i) &&
                       c->pc + (uint64_t)i.imm < t->page_end;
        if (c->join_next) {
            point_save(t, &t->join);
            t->join.c.join_next = false;
            t->join_target = c->pc + (uint64_t)i.imm;
        } else if (c->side_exits && is_cond_branch(&i)) {
            point_save(t, &t->side);
            t->side_join = t->join;
            t->side_join_target = t->join_target;
        }
        if (!translate_insn(c, &i, &t->s))
            break;
        t->joining |= c->join_next;
        c->join_next = false;
        t->n++;
        c->pc += i.len;
        t->ended = (insn_ends_block(&i) && !c->continued) || c->ended;
        c->continued = false;
    }
}

/* Run translation, cutting back each `if` whose target it did not reach. */
static void translate_joined(struct hart *h, struct tblock *t)
{
    for (translate_run(h, t); t->joining; translate_run(h, t)) {
        point_undo(t, &t->join);
        t->no_join = t->c.pc;
        if (t->no_side)
            t->c.side_exits = 0;
    }
}

/* A side exit is kept if the block then branches back to its own start and
 * the side exit leaves the loop (its target is outside the block) or is an
 * inner loop's back edge (a target before the branch: a search whose inner
 * compare mostly fails at once stays in the outer loop's block). */
static bool side_exit_kept(const struct tblock *t)
{
    const struct ir_block *b = t->c.b;
    const struct ir_op *last = &b->ops[b->nops - 1];
    uint64_t side = t->c.side_target;
    return t->ended && last->opc == IR_goto_tb && last->c[1] == b->pc &&
           (side < t->c.side_pc || side >= t->c.pc);
}

/* A loop whose exit test is not its last branch (a `while` tested at the
 * top, a search that stops early) spans several blocks. Translation goes on
 * past one conditional branch (a side exit through slot 1) and keeps it if
 * side_exit_kept: the backend then keeps the block looping in place
 * (docs/jit.md, "Loops"); an `if` inside the body would leave and re-enter
 * the block every other iteration. Otherwise the block is cut back to that
 * branch, which then ends it. */
unsigned translate_block(struct hart *h, struct ir_block *b, uint64_t pc, uint32_t flags,
                         struct insn *insns, unsigned cap, uint32_t *size, uint32_t *back)
{
    struct tblock t = {
        .c = {.b = b, .pc = pc, .start = pc, .flags = flags, .side_exits = 1},
        .s = {.insns = insns, .cap = cap, .used = 0},
        .page_end = (pc & PAGE_MASK) + PAGE_SIZE,
        .lo = pc,
        .hi = pc,
    };
    ir_block_init(b, pc);
    translate_joined(h, &t);
    if (t.c.extended && !side_exit_kept(&t)) {
        point_undo(&t, &t.side);
        t.join = t.side_join;
        t.join_target = t.side_join_target;
        t.c.side_exits = 0;
        t.no_side = true;
        translate_joined(h, &t);
    }
    ASSERT(!t.c.extended || side_exit_kept(&t));
    if (t.n == 0)
        return 0;
    if (!t.ended)
        ir_goto_tb(b, 0, t.c.pc);
    b->ninsns = t.n;
    if (t.c.pc > t.hi)
        t.hi = t.c.pc;
    *size = (uint32_t)(t.hi - pc);
    *back = (uint32_t)(pc - t.lo);
    return t.n;
}
