/* SPDX-License-Identifier: MIT */
/* x86-64 backend, guest memory: the inline TLB probe of loads and stores and
 * their out-of-line slow paths, which call jit_helper_load/store (the
 * interpreter's page walk, PMP, MMIO and code-page handling). */
#include <stddef.h>

#include "codegen_int.h"
#include "cpu/exec.h"
#include "cpu/hart.h"
#include "mem/tlb.h"
#include "util/util.h"

/* The probe turns the page number into a byte offset into the table with one
 * shift and one mask: entries are 64 bytes. */
#define CG_TLB_ENTRY_SHIFT 6
STATIC_ASSERT(sizeof(struct tlb_entry) == 1u << CG_TLB_ENTRY_SHIFT, "TLB entry size");
STATIC_ASSERT(offsetof(struct hart, tlb) + sizeof(struct tlb) < INT32_MAX, "TLB offset");

static enum x86_size mem_size(unsigned memop) { return (enum x86_size)(1u << (memop & 3)); }

/* The guest address a + disp as *base + *disp: a's register and the
 * displacement when it fits, else computed into CG_VA. No copy on the
 * address's path: the slow paths compute CG_VA themselves (slow_va). */
static void gen_va(struct cg_ctx *c, ir_temp_t a, uint64_t disp, int *base, int32_t *d)
{
    *base = CG_VA;
    *d = 0;
    if (cg_is_const(c, a)) {
        x86_mov_imm(&c->b, X86_64, CG_VA, (int64_t)(c->ir->temps[a].value + disp));
        return;
    }
    int ra = cg_temp_in(c, a);
    if (cg_fits32(disp)) {
        *base = ra;
        *d = (int32_t)disp;
        return;
    }
    x86_mov_imm(&c->b, X86_64, CG_VA, (int64_t)disp);
    x86_alu_rr(&c->b, X86_ADD, X86_64, CG_VA, ra);
}

/* A constant guest address that the inline code can use as it is: it
 * fits a sign-extended disp32 (the kernel's image and user text do), the
 * access stays in one page, and the block is not a loop (whose accesses
 * keep their lookups: gen_probe). Its base is then X86_NOREG. */
static bool gen_va_const(struct cg_ctx *c, ir_temp_t a, uint64_t disp, unsigned memop, int *base,
                         int32_t *d)
{
    if (c->loop || !cg_is_const(c, a))
        return false;
    uint64_t va = c->ir->temps[a].value + disp;
    if (!cg_fits32(va) || (va & ~PAGE_MASK) + (1u << (memop & 3)) > PAGE_SIZE)
        return false;
    *base = X86_NOREG;
    *d = (int32_t)va;
    return true;
}

/* Out of line, with the probe's registers: CG_VA = the guest address. */
static void slow_va(struct cg_ctx *c, const struct cg_slow *s)
{
    if (s->va_base == X86_NOREG)
        x86_mov_imm(&c->b, X86_64, CG_VA, s->va_disp);
    else if (s->va_base != CG_VA && !s->va_disp)
        x86_mov_rr(&c->b, X86_64, CG_VA, s->va_base);
    else if (s->va_base != CG_VA)
        x86_lea(&c->b, X86_64, CG_VA, x86_mem_at(s->va_base, s->va_disp));
}

/* The host address of the access: the guest one plus the addend. */
static struct x86_mem access_mem(const struct cg_slow *s)
{
    if (s->va_base == X86_NOREG)
        return x86_mem_at(s->index, s->va_disp);
    return x86_mem_idx(s->va_base, s->index, 1, s->va_disp);
}

/* The lookup of h->tlb.e[mmu_idx][(va >> 12) & (TLB_SIZE - 1)], with rcx
 * already holding the page of the access's last byte: rax = the entry's
 * offset (from the first byte's address, base + disp), then its addend;
 * a tag that differs jumps to miss. */
static void gen_tlb_lookup(struct cg_ctx *c, bool store, int base, int32_t disp,
                           struct x86_label *miss, int paddr)
{
    size_t table = offsetof(struct hart, tlb) + offsetof(struct tlb, e) +
                   (c->tb->flags & TBF_MMU_IDX_MASK) * TLB_SIZE * sizeof(struct tlb_entry);
    size_t tag = store ? offsetof(struct tlb_entry, tag_w) : offsetof(struct tlb_entry, tag_r);
    if (disp)
        x86_lea(&c->b, X86_32, X86_RAX, x86_mem_at(base, disp));
    else
        x86_mov_rr(&c->b, X86_32, X86_RAX, base);
    x86_shift_ri(&c->b, X86_SHR, X86_32, X86_RAX, PAGE_SHIFT - CG_TLB_ENTRY_SHIFT);
    x86_alu_ri(&c->b, X86_AND, X86_32, X86_RAX, (TLB_SIZE - 1) << CG_TLB_ENTRY_SHIFT);
    x86_alu_rm(&c->b, X86_CMP, X86_64, X86_RCX,
               x86_mem_idx(X86_RBP, X86_RAX, 1, (int32_t)(table + tag)));
    x86_jcc_label(&c->b, X86_CC_NE, miss);
    if (paddr != X86_NOREG) /* the physical page too (LR/SC's reservation) */
        x86_load(
            &c->b, X86_64, paddr,
            x86_mem_idx(X86_RBP, X86_RAX, 1, (int32_t)(table + offsetof(struct tlb_entry, paddr))));
    x86_load(
        &c->b, X86_64, X86_RAX,
        x86_mem_idx(X86_RBP, X86_RAX, 1, (int32_t)(table + offsetof(struct tlb_entry, addend))));
}

/* The same for a constant address (gen_va_const): the entry is known, the
 * page fits the compare's imm32; rax = the addend. */
static void gen_tlb_const(struct cg_ctx *c, bool store, uint64_t va, struct x86_label *miss)
{
    size_t entry =
        offsetof(struct hart, tlb) + offsetof(struct tlb, e) +
        ((c->tb->flags & TBF_MMU_IDX_MASK) * TLB_SIZE + ((va >> PAGE_SHIFT) & (TLB_SIZE - 1))) *
            sizeof(struct tlb_entry);
    size_t tag = store ? offsetof(struct tlb_entry, tag_w) : offsetof(struct tlb_entry, tag_r);
    x86_alu_mi(&c->b, X86_CMP, X86_64, x86_mem_at(X86_RBP, (int32_t)(entry + tag)),
               (int64_t)(va & PAGE_MASK));
    x86_jcc_label(&c->b, X86_CC_NE, miss);
    x86_load(&c->b, X86_64, X86_RAX,
             x86_mem_at(X86_RBP, (int32_t)(entry + offsetof(struct tlb_entry, addend))));
}

/* A loop's kept lookup for one access: the page, its addend, and how many
 * first-byte offsets into the page the access fits at (PAGE_SIZE - size +
 * 1; 0 while there is no lookup). */
static struct x86_mem loop_tlb_tag(int slot)
{
    return x86_mem_at(X86_RSP, CG_LOOP_TLB_OFF + CG_LOOP_TLB_SLOT * slot);
}

static struct x86_mem loop_tlb_addend(int slot)
{
    return x86_mem_at(X86_RSP, CG_LOOP_TLB_OFF + CG_LOOP_TLB_SLOT * slot + 8);
}

static struct x86_mem loop_tlb_limit(int slot)
{
    return x86_mem_at(X86_RSP, CG_LOOP_TLB_OFF + CG_LOOP_TLB_SLOT * slot + 16);
}

/* Loop head: no access has a kept lookup yet (a limit of 0 fits nothing). */
void cg_loop_tlb_reset(struct cg_ctx *c)
{
    unsigned n = 0;
    for (unsigned i = 0; i < c->ir->nops && n < CG_LOOP_TLB; i++)
        if (c->ir->ops[i].opc == IR_load || c->ir->ops[i].opc == IR_store)
            x86_store_imm(&c->b, X86_64, loop_tlb_limit((int)n++), 0);
    c->loop_tlb_used = 0;
}

/* On a hit, rax (or a loop's register) = the TLB addend for the access at
 * s->va_base + va_disp. A hit needs the tag (tag_r or tag_w) to equal the
 * page of the access's last byte. Tags are page-aligned and sit at their
 * page's index, so this also proves that va is in the same page (no page
 * crossing) and that the tag carries no TLB_FLAG_SLOW. In a loop, the
 * access first checks the entry it used last time (kept in the frame: both
 * ends of the access in its page, loop_tlb_limit): the addend then does not depend on
 * the address, which takes the table walk off the loaded value's critical
 * path; the refill (out of line) looks the TLB up and keeps the entry. A
 * mapping cannot change inside the loop (sfence.vma and satp writes end
 * blocks); a page that becomes code (another hart translated it) asks this
 * hart to stop (mark_code_page), and the back edge then leaves the loop, so
 * a kept write entry is not used past the iteration that saw it change. */
static void gen_probe(struct cg_ctx *c, struct cg_slow *s, unsigned memop, bool store)
{
    unsigned size = 1u << (memop & 3);
    s->tlb_slot = c->loop && c->loop_tlb_used < CG_LOOP_TLB ? (int)c->loop_tlb_used++ : -1;
    s->index = s->tlb_slot >= 0 && c->loop_tlb_reg[s->tlb_slot] >= 0 ? c->loop_tlb_reg[s->tlb_slot]
                                                                     : X86_RAX;
    if (s->va_base == X86_NOREG) { /* a constant address: its entry is known */
        gen_tlb_const(c, store, (uint64_t)(int64_t)s->va_disp, &s->entry);
        return;
    }
    if (s->tlb_slot < 0) {
        x86_lea(&c->b, X86_64, X86_RCX, x86_mem_at(s->va_base, s->va_disp + (int32_t)size - 1));
        x86_alu_ri(&c->b, X86_AND, X86_64, X86_RCX, (int64_t)PAGE_MASK);
        unsigned kind = s->op->opc == IR_amo ? (unsigned)s->op->c[0] >> IR_AMO_SHIFT : 0;
        bool lrsc = s->op->opc == IR_amo && (kind == IR_AMO_LR || kind == IR_AMO_SC);
        gen_tlb_lookup(c, store, s->va_base, s->va_disp, &s->entry, lrsc ? X86_RCX : X86_NOREG);
        return;
    }
    /* Every byte in the kept page: the first byte's offset from it, taken
     * as unsigned, below the limit. */
    if (s->index == X86_RAX)
        x86_load(&c->b, X86_64, X86_RAX, loop_tlb_addend(s->tlb_slot));
    x86_lea(&c->b, X86_64, X86_RCX, x86_mem_at(s->va_base, s->va_disp));
    x86_alu_rm(&c->b, X86_SUB, X86_64, X86_RCX, loop_tlb_tag(s->tlb_slot));
    x86_alu_rm(&c->b, X86_CMP, X86_64, X86_RCX, loop_tlb_limit(s->tlb_slot));
    x86_jcc_label(&c->b, X86_CC_AE, &s->refill);
    x86_label_bind(&c->b, &s->hit);
}

/* Out of line: look the TLB up and keep the entry for the next iteration. */
static void gen_refill(struct cg_ctx *c, struct cg_slow *s)
{
    unsigned size = 1u << (s->op->c[0] & 3);
    x86_label_bind(&c->b, &s->refill);
    slow_va(c, s);
    x86_lea(&c->b, X86_64, X86_RCX, x86_mem_at(CG_VA, (int32_t)size - 1));
    x86_alu_ri(&c->b, X86_AND, X86_64, X86_RCX, (int64_t)PAGE_MASK);
    gen_tlb_lookup(c, s->op->opc == IR_store, CG_VA, 0, &s->entry, X86_NOREG);
    x86_store(&c->b, X86_64, loop_tlb_tag(s->tlb_slot), X86_RCX);
    x86_store(&c->b, X86_64, loop_tlb_addend(s->tlb_slot), X86_RAX);
    x86_store_imm(&c->b, X86_64, loop_tlb_limit(s->tlb_slot), (int64_t)(PAGE_SIZE - size + 1));
    if (s->index != X86_RAX)
        x86_mov_rr(&c->b, X86_64, s->index, X86_RAX);
    x86_jmp_label(&c->b, &s->hit);
}

/* A slow-path record with the register state of this point. */
static struct cg_slow *slow_new(struct cg_ctx *c, const struct ir_op *op)
{
    ASSERT(c->nslow < IR_MAX_OPS);
    struct cg_slow *s = &c->slow[c->nslow++];
    x86_label_init(&s->entry);
    x86_label_init(&s->resume);
    x86_label_init(&s->refill);
    x86_label_init(&s->hit);
    s->tlb_slot = -1;
    s->op = op;
    s->rd = X86_NOREG;
    s->rd_xmm = -1;
    s->val = (struct cg_src){.reg = X86_NOREG};
    s->pc = c->insn_pc;
    s->dirty = 0;
    s->xmm_live = s->xmm_dirty = s->xmm_raw = 0;
    for (int x = 0; x < 16; x++) {
        s->xmm_temp[x] = c->xmm_temp[x];
        if (c->xmm_temp[x] >= 0)
            s->xmm_live |= (uint16_t)(1u << x);
        if (c->xmm_temp[x] >= 0 && c->xmm_dirty[x] && cg_is_global(c, c->xmm_temp[x]))
            s->xmm_dirty |= (uint16_t)(1u << x);
        if (c->xmm_raw[x])
            s->xmm_raw |= (uint16_t)(1u << x);
    }
    for (int r = 0; r < CG_NREGS; r++) {
        s->reg_temp[r] = c->reg_temp[r];
        if (c->reg_temp[r] >= 0 && c->temp_dirty[c->reg_temp[r]])
            s->dirty |= (uint16_t)(1u << r);
    }
    ASSERT(c->counted <= cg_insns_before(c));
    s->trap_count = cg_insns_before(c) - c->counted;
    s->stop_count = c->n_seen - c->counted;
    /* A store that drops translated code leaves after its instruction when
     * it ends the instruction and another one follows; otherwise the rest of
     * the block (the exit only, for the last instruction) runs as usual. */
    const struct ir_op *next = op + 1, *end = c->ir->ops + c->ir->nops;
    while (next < end && next->opc == IR_label) /* an `if` joins here */
        next++;
    s->stop_exit = next < end && next->opc == IR_insn_start;
    s->stop_pc = s->stop_exit ? next->c[0] : 0;
    return s;
}

void cg_gen_load(struct cg_ctx *c, const struct ir_op *op)
{
    ir_temp_t out = op->args[0];
    unsigned memop = (unsigned)op->c[0];
    enum x86_size sz = mem_size(memop);
    int base;
    int32_t disp;
    if (!gen_va_const(c, op->args[1], op->c[1], memop, &base, &disp))
        gen_va(c, op->args[1], op->c[1], &base, &disp);
    int xd = sz == X86_64 && !cg_is_const(c, out) ? cg_xmm_for_load(c, out) : -1;
    int rd = cg_is_const(c, out) || xd >= 0 ? X86_RDX : cg_temp_out(c, out);
    struct cg_slow *s = slow_new(c, op);
    s->rd = rd;
    s->rd_xmm = xd;
    s->va_base = base;
    s->va_disp = disp;
    gen_probe(c, s, memop, false);
    struct x86_mem m = access_mem(s);
    if (xd >= 0) {
        x86_sse_load(&c->b, X86_64, xd, m);
        x86_label_bind(&c->b, &s->resume);
        cg_xmm_loaded(c, out, xd);
        return;
    }
    if ((memop & IR_MEM_SIGN) && sz != X86_64)
        x86_load_sx(&c->b, sz, rd, m);
    else
        x86_load(&c->b, sz, rd, m);
    x86_label_bind(&c->b, &s->resume);
    if (!cg_is_const(c, out))
        cg_temp_written(c, out);
}

/* Unpriv 8.4: an AMO on the naturally aligned word at args[1], inline when
 * the address is aligned and the write tag hits (RAM, not watched): the
 * operand goes to rdx, a locked instruction (x86-64 locked instructions are
 * full barriers, which covers aq and rl) leaves the old value there; and,
 * or and xor, which have no fetching form, loop on cmpxchg. With the old
 * value unused (rd = x0), add, and, or and xor use the plain locked form.
 * Everything else goes to jit_helper_amo. */
static void gen_amo_op(struct cg_ctx *c, enum amo_op kind, enum x86_size sz, struct x86_mem m,
                       bool dead)
{
    static const enum x86_alu alu[] = {
        [AMO_ADD] = X86_ADD, [AMO_XOR] = X86_XOR, [AMO_AND] = X86_AND, [AMO_OR] = X86_OR};
    if (kind == AMO_SWAP) {
        x86_xchg_mr(&c->b, sz, m, X86_RDX);
    } else if (dead) {
        x86_lock_alu_mr(&c->b, alu[kind], sz, m, X86_RDX);
    } else if (kind == AMO_ADD) {
        x86_lock_xadd(&c->b, sz, m, X86_RDX);
    } else { /* rcx = the host address, rax = the value cmpxchg expects */
        struct x86_label again;
        x86_label_init(&again);
        x86_lea(&c->b, X86_64, X86_RCX, m);
        x86_load(&c->b, sz, X86_RAX, x86_mem_at(X86_RCX, 0));
        x86_label_bind(&c->b, &again);
        x86_mov_rr(&c->b, X86_64, CG_VA, X86_RAX);
        x86_alu_rr(&c->b, alu[kind], sz, CG_VA, X86_RDX);
        x86_lock_cmpxchg(&c->b, sz, x86_mem_at(X86_RCX, 0), CG_VA);
        x86_jcc_label8(&c->b, X86_CC_NE, &again);
        x86_mov_rr(&c->b, X86_64, X86_RDX, X86_RAX);
    }
}

/* LR/SC inline, after the write-tag probe (LR too: atomics need writable
 * RAM, and a read-only page simply takes the slow path): rax = the addend,
 * rcx = the physical page; the reservation is the physical address and the
 * value read, as the interpreter keeps it (cpu/exec_atomic.c). rdx = SC's
 * value in, the result out. */
static void gen_lrsc(struct cg_ctx *c, bool sc, enum x86_size sz, int base)
{
    struct x86_mem res_valid = x86_mem_at(X86_RBP, offsetof(struct hart, res_valid));
    struct x86_mem res_addr = x86_mem_at(X86_RBP, offsetof(struct hart, res_addr));
    struct x86_mem res_val = x86_mem_at(X86_RBP, offsetof(struct hart, res_val));
    if (!sc) {
        x86_load_sx(&c->b, sz, X86_RDX, x86_mem_idx(base, X86_RAX, 1, 0));
        x86_mov_rr(&c->b, X86_32, CG_VA, base);
        x86_alu_ri(&c->b, X86_AND, X86_32, CG_VA, (int64_t)~PAGE_MASK);
        x86_alu_rr(&c->b, X86_OR, X86_64, X86_RCX, CG_VA);
        x86_store(&c->b, X86_64, res_addr, X86_RCX);
        x86_store(&c->b, X86_64, res_val, X86_RDX);
        x86_store_imm(&c->b, X86_8, res_valid, 1);
        return;
    }
    struct x86_label fail, done;
    x86_label_init(&fail);
    x86_label_init(&done);
    x86_alu_rr(&c->b, X86_ADD, X86_64, X86_RAX, base); /* the host address */
    x86_mov_rr(&c->b, X86_32, CG_VA, base);
    x86_alu_ri(&c->b, X86_AND, X86_32, CG_VA, (int64_t)~PAGE_MASK);
    x86_alu_rr(&c->b, X86_OR, X86_64, X86_RCX, CG_VA);
    x86_mov_rr(&c->b, X86_64, CG_VA, X86_RAX);
    x86_alu_mi(&c->b, X86_CMP, X86_8, res_valid, 0);
    x86_jcc_label8(&c->b, X86_CC_E, &fail);
    x86_alu_rm(&c->b, X86_CMP, X86_64, X86_RCX, res_addr);
    x86_jcc_label8(&c->b, X86_CC_NE, &fail);
    x86_load(&c->b, X86_64, X86_RAX, res_val);
    x86_lock_cmpxchg(&c->b, sz, x86_mem_at(CG_VA, 0), X86_RDX);
    x86_jcc_label8(&c->b, X86_CC_NE, &fail);
    x86_alu_rr(&c->b, X86_XOR, X86_32, X86_RDX, X86_RDX);
    x86_jmp_label8(&c->b, &done);
    x86_label_bind(&c->b, &fail);
    x86_mov_imm(&c->b, X86_32, X86_RDX, 1);
    x86_label_bind(&c->b, &done);
    x86_store_imm(&c->b, X86_8, res_valid, 0); /* an SC always gives the reservation up */
}

void cg_gen_amo(struct cg_ctx *c, const struct ir_op *op)
{
    ir_temp_t out = op->args[0], val = op->args[2];
    unsigned memop = (unsigned)op->c[0] & 3;
    enum amo_op kind = (enum amo_op)(op->c[0] >> IR_AMO_SHIFT);
    enum x86_size sz = mem_size(memop);
    int base;
    int32_t disp;
    gen_va(c, op->args[1], 0, &base, &disp);
    if (cg_is_const(c, val))
        x86_mov_imm(&c->b, X86_64, X86_RDX, (int64_t)c->ir->temps[val].value);
    else
        x86_mov_rr(&c->b, X86_64, X86_RDX, cg_temp_in(c, val));
    bool dead = !cg_is_global(c, out) && c->last_use[out] <= c->op_idx;
    int rd = dead ? X86_NOREG : cg_temp_out(c, out);
    struct cg_slow *s = slow_new(c, op);
    s->rd = rd;
    s->val = (struct cg_src){.reg = X86_RDX};
    s->va_base = base;
    s->va_disp = disp;
    x86_test_ri(&c->b, X86_32, base, (int64_t)sz - 1); /* misaligned: the slow path traps */
    x86_jcc_label(&c->b, X86_CC_NE, &s->entry);
    gen_probe(c, s, memop, true);
    if ((unsigned)kind == IR_AMO_LR || (unsigned)kind == IR_AMO_SC)
        gen_lrsc(c, (unsigned)kind == IR_AMO_SC, sz, base);
    else
        gen_amo_op(c, kind, sz, x86_mem_idx(base, s->index, 1, disp), dead);
    if (!dead)
        x86_movsx(&c->b, sz, rd, X86_RDX);
    x86_label_bind(&c->b, &s->resume);
    if (!dead)
        cg_temp_written(c, out);
}

/* The value of a store: an immediate of the access size when it fits, else a
 * register (rdx for a large constant). */
static struct cg_src store_value(struct cg_ctx *c, ir_temp_t v, enum x86_size sz)
{
    if (!cg_is_const(c, v) && sz == X86_64 && c->temp_reg[v] < 0 && c->temp_xmm[v] >= 0) {
        cg_xmm_canonicalize(c, c->temp_xmm[v]);
        return (struct cg_src){.is_xmm = true, .reg = c->temp_xmm[v]};
    }
    if (!cg_is_const(c, v))
        return (struct cg_src){.reg = cg_temp_in(c, v)};
    uint64_t val = c->ir->temps[v].value;
    if (sz != X86_64)
        return (struct cg_src){.is_imm = true, .imm = (int64_t)(val & ((1ull << (8 * sz)) - 1))};
    if (cg_fits32(val))
        return (struct cg_src){.is_imm = true, .imm = (int64_t)val};
    x86_mov_imm(&c->b, X86_64, X86_RDX, (int64_t)val);
    return (struct cg_src){.reg = X86_RDX};
}

void cg_gen_store(struct cg_ctx *c, const struct ir_op *op)
{
    unsigned memop = (unsigned)op->c[0];
    enum x86_size sz = mem_size(memop);
    int base;
    int32_t disp;
    if (!gen_va_const(c, op->args[0], op->c[1], memop, &base, &disp))
        gen_va(c, op->args[0], op->c[1], &base, &disp);
    struct cg_src val = store_value(c, op->args[1], sz);
    struct cg_slow *s = slow_new(c, op);
    s->val = val;
    s->va_base = base;
    s->va_disp = disp;
    gen_probe(c, s, memop, true);
    struct x86_mem m = access_mem(s);
    if (val.is_imm)
        x86_store_imm(&c->b, sz, m, val.imm);
    else if (val.is_xmm)
        x86_sse_store(&c->b, X86_64, m, val.reg);
    else
        x86_store(&c->b, sz, m, val.reg);
    x86_label_bind(&c->b, &s->resume);
}

/* Slow path, before the call: dirty guest registers home (a trap or a
 * stop leaves with them; locals die with the block, and the thunk keeps the
 * general registers), globals only an xmm register holds home too, and
 * every xmm register holding a temp to the frame (the call clobbers them
 * all). */
static void slow_save(struct cg_ctx *c, const struct cg_slow *s)
{
    for (int r = 0; r < CG_NREGS; r++)
        if ((s->dirty & (1u << r)) && cg_is_global(c, s->reg_temp[r]))
            x86_store(&c->b, X86_64, cg_home(c, s->reg_temp[r]), r);
    for (int x = 0; x < 16; x++) {
        if ((s->xmm_dirty & s->xmm_raw) & (1u << x))
            cg_xmm_canonicalize_code(&c->b, x);
        if (s->xmm_dirty & (1u << x))
            x86_sse_store(&c->b, X86_64, cg_home(c, s->xmm_temp[x]), x);
        if (s->xmm_live & (1u << x))
            x86_sse_store(&c->b, X86_64, x86_mem_at(X86_RSP, CG_XMM_OFF + 8 * x), x);
    }
}

/* After the call: the xmm temps back. */
static void slow_restore(struct cg_ctx *c, const struct cg_slow *s)
{
    for (int x = 0; x < 16; x++)
        if (s->xmm_live & (1u << x))
            x86_sse_load(&c->b, X86_64, x, x86_mem_at(X86_RSP, CG_XMM_OFF + 8 * x));
}

/* The helper's access descriptor (JIT_DESC_*, tcg/jit.h). */
static int64_t slow_desc(const struct cg_ctx *c, const struct cg_slow *s)
{
    uint32_t d = (uint32_t)s->op->c[0];
    ASSERT(d <= 0xff && s->trap_count <= 0xff && s->stop_count <= 0xff);
    d |= s->trap_count << 8 | s->stop_count << 16;
    if (s->stop_exit) {
        uint64_t next = s->stop_pc - s->pc;
        ASSERT(next > 0 && next <= 0xf); /* the instruction after this one */
        d |= (uint32_t)next << 24 | JIT_DESC_STOP_EXIT;
    }
    if (c->tb->flags & TBF_INHIBIT_CY)
        d |= JIT_DESC_INHIBIT_CY;
    if (c->tb->flags & TBF_INHIBIT_IR)
        d |= JIT_DESC_INHIBIT_IR;
    return (int64_t)d;
}

/* A native AMO that dropped translated code leaves after it (like a store),
 * its old value written home first; a trap leaves rd alone. */
static void amo_leave(struct cg_ctx *c, const struct cg_slow *s, struct x86_label *leave)
{
    ir_temp_t out = s->op->args[0];
    x86_label_bind(&c->b, leave);
    x86_alu_ri(&c->b, X86_CMP, X86_64, X86_RAX, JIT_EXIT_STOP);
    x86_jcc_label(&c->b, X86_CC_NE, &c->slow_exit);
    x86_load(&c->b, X86_64, X86_RDX, x86_mem_at(X86_RSP, CG_VAL_OFF));
    x86_store(&c->b, X86_64, cg_home(c, out), X86_RDX);
    x86_jmp_label(&c->b, &c->slow_exit);
}

/* The shared entries to the helpers (cg_gen_thunks): they keep the
 * caller-saved registers that hold temps, so a slow path through one writes
 * home only the dirty globals (a trap or a stop leaves with them) and
 * reloads nothing. In: rax = the instruction's pc (for h->pc), CG_VA = the
 * guest address, edx = the descriptor, rcx = a store's value. Out: rax =
 * the helper's result, a load's value in the block frame's CG_VAL_OFF. */
static const uint8_t *thunk_load, *thunk_store, *thunk_amo;
static const int thunk_kept[] = {X86_RSI, X86_RDI, X86_R8, X86_R9, X86_R10};
STATIC_ASSERT(CG_CALLER_SAVED == ((1u << X86_RAX) | (1u << X86_RCX) | (1u << X86_RDX) |
                                  (1u << X86_RSI) | (1u << X86_RDI) | (1u << X86_R8) |
                                  (1u << X86_R9) | (1u << X86_R10) | (1u << CG_VA)),
              "thunk_kept: the caller-saved registers besides rax, rcx, rdx and CG_VA");

/* One thunk: rsp is 16-aligned again after the return address and the five
 * pushes, and the block frame starts 48 bytes up. */
static const uint8_t *gen_thunk(struct x86_buf *b, const void *helper, int result_arg)
{
    const uint8_t *at = x86_buf_pc(b);
    int32_t val = (int32_t)(8 * (ARRAY_SIZE(thunk_kept) + 1) + CG_VAL_OFF);
    x86_store(b, X86_64, x86_mem_at(X86_RBP, offsetof(struct hart, pc)), X86_RAX);
    for (unsigned k = 0; k < ARRAY_SIZE(thunk_kept); k++)
        x86_push(b, thunk_kept[k]);
    x86_mov_rr(b, X86_64, X86_RDI, X86_RBP);
    x86_mov_rr(b, X86_64, X86_RSI, CG_VA);
    if (result_arg != X86_NOREG)
        x86_lea(b, X86_64, result_arg, x86_mem_at(X86_RSP, val));
    x86_call(b, helper, X86_RAX);
    for (unsigned k = ARRAY_SIZE(thunk_kept); k-- > 0;)
        x86_pop(b, thunk_kept[k]);
    x86_ret(b);
    return at;
}

void cg_gen_thunks(struct x86_buf *b)
{
    thunk_load = gen_thunk(b, (const void *)jit_helper_load, X86_RCX);
    thunk_store = gen_thunk(b, (const void *)jit_helper_store, X86_NOREG);
    thunk_amo = gen_thunk(b, (const void *)jit_helper_amo, X86_R8);
}

/* The call: a store's or AMO's value in rcx, the pc in rax, the
 * descriptor in edx, then the thunk. */
static void slow_call(struct cg_ctx *c, const struct cg_slow *s)
{
    const uint8_t *thunk = thunk_load;
    if (s->op->opc == IR_amo || s->op->opc == IR_store) {
        thunk = s->op->opc == IR_amo ? thunk_amo : thunk_store;
        if (s->val.is_imm)
            x86_mov_imm(&c->b, X86_64, X86_RCX, s->val.imm);
        else if (s->val.is_xmm)
            x86_movd_rx(&c->b, X86_64, X86_RCX, s->val.reg);
        else
            x86_mov_rr(&c->b, X86_64, X86_RCX, s->val.reg);
    }
    x86_mov_imm(&c->b, X86_64, X86_RAX, (int64_t)s->pc);
    x86_mov_imm(&c->b, X86_32, X86_RDX, slow_desc(c, s));
    if (!x86_call_rel32(&c->b, thunk)) /* the thunks share the code buffer */
        ASSERT(c->b.overflow);
}

/* jit_helper_load/store/amo returned in rax: 0 continues at resume,
 * anything else is the exit code, counts and pc done (tcg/jit.h), for the
 * block's shared slow_exit. */
void cg_gen_slow_path(struct cg_ctx *c, struct cg_slow *s)
{
    bool store = s->op->opc == IR_store;
    bool amo_home = s->op->opc == IR_amo && cg_is_global(c, s->op->args[0]);
    struct x86_label leave;
    x86_label_init(&leave);
    if (s->tlb_slot >= 0)
        gen_refill(c, s); /* computes CG_VA; its miss is the only way to entry */
    x86_label_bind(&c->b, &s->entry);
    if (s->tlb_slot < 0)
        slow_va(c, s);
    slow_save(c, s);
    slow_call(c, s);
    x86_test_rr(&c->b, X86_64, X86_RAX, X86_RAX);
    x86_jcc_label(&c->b, X86_CC_NE, amo_home ? &leave : &c->slow_exit);
    slow_restore(c, s);
    if (!store && s->rd_xmm >= 0)
        x86_sse_load(&c->b, X86_64, s->rd_xmm, x86_mem_at(X86_RSP, CG_VAL_OFF));
    else if (!store && s->rd != X86_NOREG)
        x86_load(&c->b, X86_64, s->rd, x86_mem_at(X86_RSP, CG_VAL_OFF));
    x86_jmp_label(&c->b, &s->resume);
    if (amo_home)
        amo_leave(c, s, &leave);
}
