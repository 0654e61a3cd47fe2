/* SPDX-License-Identifier: MIT */
/* C helpers called from generated code: the guest-memory slow paths behind
 * the inline TLB probe, and the M-extension operations the backend does not
 * inline (call2 targets). */
#include "cpu/hart.h"
#include "cpu/mmu.h"
#include "jit.h"
#include "util/bits.h"

int jit_helper_load(struct hart *h, uint64_t va, unsigned memop, uint64_t *val)
{
    unsigned size = 1u << (memop & 3);
    uint64_t v;
    if (mmu_load_slow(h, va, size, &v) != EXEC_OK)
        return EXEC_TRAP;
    if ((memop & IR_MEM_SIGN) && size < 8)
        v = (uint64_t)bits_sext(v, size * 8);
    *val = v;
    return EXEC_OK;
}

/* A store that dropped translated code (perhaps later instructions of the
 * running block) makes the block leave after this instruction. */
int jit_helper_store(struct hart *h, uint64_t va, unsigned memop, uint64_t val)
{
    jit_take_code_dropped();
    int r = mmu_store_slow(h, va, 1u << (memop & 3), val);
    if (r == EXEC_OK && jit_take_code_dropped())
        return JIT_HELPER_STOP;
    return r;
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
