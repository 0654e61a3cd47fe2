/* SPDX-License-Identifier: MIT */
/* x86-64 backend: the inline jump-cache probe at indirect exits (exit_pc)
 * and at direct jumps to another guest page, which are never chained.
 * Instead of returning to the run loop, the exit looks its target up in the
 * hart's jump cache (tcg/jit.h, JIT_JC_*) and jumps to the block's code. */
#include <stddef.h>

#include "codegen_int.h"
#include "cpu/hart.h"
#include "util/util.h"

/* rcx = the target pc. Jump to the block h's jump cache holds for it if the
 * block is valid and was translated under this block's flags; those are
 * still the hart's, since whatever changes them (CSR writes, traps, xret)
 * leaves through the run loop, which also empties the cache on a new
 * mapping. The target's entry check still counts the budget, so kicks and
 * flushes stop the hart as before. Otherwise fall through, rcx intact.
 * Clobbers rax and rdx. */
static void jc_probe(struct cg_ctx *c)
{
    struct x86_buf *b = &c->b;
    struct x86_label miss;
    x86_label_init(&miss);
    x86_load(b, X86_64, X86_RAX, x86_mem_at(X86_RBP, offsetof(struct hart, jit)));
    x86_mov_rr(b, X86_32, X86_RDX, X86_RCX);
    /* JIT_JC_INDEX(pc) * 8 == (pc & (mask << 1)) * 4 */
    x86_alu_ri(b, X86_AND, X86_32, X86_RDX, (JIT_JC_SIZE - 1) << 1);
    x86_load(b, X86_64, X86_RAX, x86_mem_idx(X86_RAX, X86_RDX, 4, 0));
    x86_test_rr(b, X86_64, X86_RAX, X86_RAX);
    x86_jcc_label8(b, X86_CC_E, &miss);
    x86_alu_rm(b, X86_CMP, X86_64, X86_RCX, x86_mem_at(X86_RAX, offsetof(struct tb, pc)));
    x86_jcc_label8(b, X86_CC_NE, &miss);
    x86_alu_mi(b, X86_CMP, X86_32, x86_mem_at(X86_RAX, offsetof(struct tb, flags)), c->tb->flags);
    x86_jcc_label8(b, X86_CC_NE, &miss);
    x86_alu_mi(b, X86_CMP, X86_8, x86_mem_at(X86_RAX, offsetof(struct tb, valid)), 0);
    x86_jcc_label8(b, X86_CC_E, &miss);
    x86_jmp_m(b, x86_mem_at(X86_RAX, offsetof(struct tb, code)));
    int rc = x86_label_bind(b, &miss);
    ASSERT(rc == 0); /* the probe is far shorter than a rel8 reach */
}

/* Leave for the block at rcx: through the jump cache when it can, else
 * with h->pc = rcx and JIT_EXIT_LOOKUP. */
void cg_exit_lookup(struct cg_ctx *c)
{
    if (jit_jc_inline())
        jc_probe(c);
    x86_store(&c->b, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, pc)), X86_RCX);
    cg_exit(c, JIT_EXIT_LOOKUP);
}

/* A goto_tb whose target is on another guest page than the block: it is
 * never chained (tb_chain), so leave through the jump cache instead of the
 * patchable jump. Returns false (nothing emitted) for a same-page target or
 * without inline probes. */
bool cg_exit_far(struct cg_ctx *c, uint64_t pc)
{
    if (!jit_jc_inline() || ((pc ^ c->tb->pc) & PAGE_MASK) == 0)
        return false;
    x86_mov_imm(&c->b, X86_64, X86_RCX, (int64_t)pc);
    cg_exit_lookup(c);
    return true;
}
