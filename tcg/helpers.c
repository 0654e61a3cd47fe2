/* SPDX-License-Identifier: MIT */
/* C helpers called from generated code: the guest-memory slow paths behind
 * the inline TLB probe, the interpreter bodies after which a block may go
 * on (jit_exec_store, jit_exec_csr), and the M-extension operations the
 * backend does not inline (call2 targets). */
#include "cpu/exec.h"
#include "cpu/hart.h"
#include "cpu/mmu.h"
#include "jit.h"
#include "util/bits.h"

/* Count n retired instructions as generated code does (cg_count_add). */
static void helper_count(struct hart *h, uint32_t desc, unsigned n)
{
    hart_count_retired(h, n,
                       (desc & JIT_DESC_INHIBIT_IR ? 4 : 0) | (desc & JIT_DESC_INHIBIT_CY ? 1 : 0));
}

static uintptr_t helper_trap(struct hart *h, uint32_t desc)
{
    helper_count(h, desc, JIT_DESC_TRAP_COUNT(desc));
    return JIT_EXIT_TRAP;
}

void jit_helper_count_one(struct hart *h) { hart_count_retired(h, 1, h->mcountinhibit); }

int jit_exec_store(struct hart *h, const struct insn *i)
{
    jit_take_code_dropped();
    int r = exec_table[i->op](h, i);
    if (r != EXEC_OK)
        return r;
    return jit_take_code_dropped() ? JIT_EXEC_LEAVE : EXEC_OK;
}

int jit_exec_csr(struct hart *h, const struct insn *i)
{
    uint32_t flags = jit_tb_flags(h);
    int r = exec_table[i->op](h, i);
    if (r != EXEC_OK)
        return r;
    return jit_tb_flags(h) != flags || h->exit_request ? JIT_EXEC_LEAVE : EXEC_OK;
}

uintptr_t jit_helper_load(struct hart *h, uint64_t va, uint32_t desc, uint64_t *val)
{
    unsigned memop = JIT_DESC_MEMOP(desc), size = 1u << (memop & 3);
    uint64_t v;
    if (mmu_load_slow(h, va, size, &v) != EXEC_OK)
        return helper_trap(h, desc);
    if ((memop & IR_MEM_SIGN) && size < 8)
        v = (uint64_t)bits_sext(v, size * 8);
    *val = v;
    return 0;
}

/* After a slow-path store: go on, or leave after the instruction if it
 * dropped translated code and the descriptor asks for that. */
static uintptr_t helper_stored(struct hart *h, uint32_t desc)
{
    if (!jit_take_code_dropped() || !(desc & JIT_DESC_STOP_EXIT))
        return 0;
    helper_count(h, desc, JIT_DESC_STOP_COUNT(desc));
    h->pc += JIT_DESC_NEXT_PC(desc);
    return JIT_EXIT_STOP;
}

uintptr_t jit_helper_store(struct hart *h, uint64_t va, uint32_t desc, uint64_t val)
{
    jit_take_code_dropped();
    if (mmu_store_slow(h, va, 1u << (JIT_DESC_MEMOP(desc) & 3), val) != EXEC_OK)
        return helper_trap(h, desc);
    return helper_stored(h, desc);
}

int jit_amo_at(struct hart *h, uint64_t va, unsigned memop, uint64_t val, uint64_t *out)
{
    unsigned size = 1u << (memop & 3), op = memop >> IR_AMO_SHIFT;
    if (op == IR_AMO_LR)
        return exec_lr_at(h, va, size, out);
    if (op == IR_AMO_SC)
        return exec_sc_at(h, va, size, val, out);
    return exec_amo_at(h, va, size, (enum amo_op)op, val, out);
}

/* A native AMO's slow path (misaligned, a TLB miss, a watched page). */
uintptr_t jit_helper_amo(struct hart *h, uint64_t va, uint32_t desc, uint64_t val, uint64_t *old)
{
    jit_take_code_dropped();
    if (jit_amo_at(h, va, JIT_DESC_MEMOP(desc), val, old) != EXEC_OK)
        return helper_trap(h, desc);
    return helper_stored(h, desc);
}

/* Unprivileged 7.2: division by zero gives all ones (quotient) or the
 * dividend (remainder); INT64_MIN / -1 overflows to INT64_MIN, remainder 0.
 * The same results as cpu/exec_base.c. */
uint64_t jit_helper_div(uint64_t a, uint64_t b)
{
    if (b == 0)
        return ~0ull;
    if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
        return a;
    return (uint64_t)((int64_t)a / (int64_t)b);
}

uint64_t jit_helper_divu(uint64_t a, uint64_t b) { return b ? a / b : ~0ull; }

uint64_t jit_helper_rem(uint64_t a, uint64_t b)
{
    if (b == 0)
        return a;
    if ((int64_t)a == INT64_MIN && (int64_t)b == -1)
        return 0;
    return (uint64_t)((int64_t)a % (int64_t)b);
}

uint64_t jit_helper_remu(uint64_t a, uint64_t b) { return b ? a % b : a; }

/* Unprivileged 7.1: high half of signed rs1 times unsigned rs2. */
uint64_t jit_helper_mulhsu(uint64_t a, uint64_t b)
{
    return (uint64_t)(((__int128)(int64_t)a * (__int128)b) >> 64);
}
