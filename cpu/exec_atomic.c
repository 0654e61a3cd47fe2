/* SPDX-License-Identifier: MIT */
/* A extension bodies (Unprivileged chapter 8). AMOs run as host atomics on
 * guest RAM; SC is a compare-and-swap against the value LR read, so a
 * concurrent A->B->A change goes unnoticed (the same choice as QEMU). */
#include "exec.h"
#include "mem/bus.h"
#include "mmu.h"

static uint64_t amo_combine(enum amo_op op, uint64_t old, uint64_t src, unsigned size)
{
    int64_t so = size == 4 ? (int32_t)old : (int64_t)old;
    int64_t ss = size == 4 ? (int32_t)src : (int64_t)src;
    uint64_t uo = size == 4 ? (uint32_t)old : old;
    uint64_t us = size == 4 ? (uint32_t)src : src;
    switch (op) {
    case AMO_SWAP: return src;
    case AMO_ADD: return old + src;
    case AMO_XOR: return old ^ src;
    case AMO_AND: return old & src;
    case AMO_OR: return old | src;
    case AMO_MIN: return so < ss ? old : src;
    case AMO_MAX: return so > ss ? old : src;
    case AMO_MINU: return uo < us ? old : src;
    case AMO_MAXU: return uo > us ? old : src;
    }
    return old;
}

/* Stores through the host pointer bypass the bus: run its watchers. */
static void notify_store(struct hart *h, uint64_t pa, unsigned size)
{
    if (unlikely(bus_page_watched(h->bus, pa)))
        bus_notify_write(h->bus, pa, size);
}

int exec_amo_at(struct hart *h, uint64_t va, unsigned size, enum amo_op op, uint64_t src,
                uint64_t *out)
{
    void *p;
    uint64_t pa, old;
    if (mmu_atomic_ptr(h, va, size, false, &p, &pa) != EXEC_OK)
        return EXEC_TRAP;
    if (size == 4) {
        uint32_t cur = __atomic_load_n((uint32_t *)p, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n((uint32_t *)p, &cur,
                                            (uint32_t)amo_combine(op, cur, src, 4), false,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        old = sext32(cur);
    } else {
        uint64_t cur = __atomic_load_n((uint64_t *)p, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n((uint64_t *)p, &cur, amo_combine(op, cur, src, 8),
                                            false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        old = cur;
    }
    notify_store(h, pa, size);
    *out = old;
    return EXEC_OK;
}

static int amo(struct hart *h, const struct insn *i, unsigned size, enum amo_op op)
{
    uint64_t old;
    if (exec_amo_at(h, RS1, size, op, RS2, &old) != EXEC_OK)
        return EXEC_TRAP;
    WRITE_RD(old);
    return EXEC_OK;
}

int exec_lr_at(struct hart *h, uint64_t va, unsigned size, uint64_t *out)
{
    void *p;
    uint64_t pa, v;
    if (mmu_atomic_ptr(h, va, size, true, &p, &pa) != EXEC_OK)
        return EXEC_TRAP;
    if (size == 4)
        v = sext32(__atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST));
    else
        v = __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
    h->res_addr = pa;
    h->res_val = v;
    h->res_valid = true;
    *out = v;
    return EXEC_OK;
}

int exec_sc_at(struct hart *h, uint64_t va, unsigned size, uint64_t src, uint64_t *out)
{
    void *p;
    uint64_t pa;
    if (mmu_atomic_ptr(h, va, size, false, &p, &pa) != EXEC_OK)
        return EXEC_TRAP;
    bool ok = false;
    if (h->res_valid && h->res_addr == pa) {
        if (size == 4) {
            uint32_t expect = (uint32_t)h->res_val;
            ok = __atomic_compare_exchange_n((uint32_t *)p, &expect, (uint32_t)src, false,
                                             __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        } else {
            uint64_t expect = h->res_val;
            ok = __atomic_compare_exchange_n((uint64_t *)p, &expect, src, false, __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST);
        }
    }
    if (ok)
        notify_store(h, pa, size);
    h->res_valid = false; /* an SC always gives up the reservation */
    *out = ok ? 0 : 1;
    return EXEC_OK;
}

static int lr(struct hart *h, const struct insn *i, unsigned size)
{
    uint64_t v;
    if (exec_lr_at(h, RS1, size, &v) != EXEC_OK)
        return EXEC_TRAP;
    WRITE_RD(v);
    return EXEC_OK;
}

static int sc(struct hart *h, const struct insn *i, unsigned size)
{
    uint64_t v;
    if (exec_sc_at(h, RS1, size, RS2, &v) != EXEC_OK)
        return EXEC_TRAP;
    WRITE_RD(v);
    return EXEC_OK;
}

int exec_lr_w(struct hart *h, const struct insn *i) { return lr(h, i, 4); }
int exec_lr_d(struct hart *h, const struct insn *i) { return lr(h, i, 8); }
int exec_sc_w(struct hart *h, const struct insn *i) { return sc(h, i, 4); }
int exec_sc_d(struct hart *h, const struct insn *i) { return sc(h, i, 8); }

#define AMO(name, op)                                                                      \
    int exec_##name##_w(struct hart *h, const struct insn *i) { return amo(h, i, 4, op); } \
    int exec_##name##_d(struct hart *h, const struct insn *i) { return amo(h, i, 8, op); }

AMO(amoswap, AMO_SWAP)
AMO(amoadd, AMO_ADD)
AMO(amoxor, AMO_XOR)
AMO(amoand, AMO_AND)
AMO(amoor, AMO_OR)
AMO(amomin, AMO_MIN)
AMO(amomax, AMO_MAX)
AMO(amominu, AMO_MINU)
AMO(amomaxu, AMO_MAXU)
