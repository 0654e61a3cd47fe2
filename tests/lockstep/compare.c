/* SPDX-License-Identifier: MIT */
/* The architectural state the lockstep test compares, field by field, and
 * the printing helpers its reports use. */
#include "lockstep.h"
#include "cpu/disas.h"
#include "cpu/hart.h"
#include "cpu/insn.h"
#include "cpu/mmu.h"
#include "mem/bus.h"

#include <stdio.h>
#include <string.h>

/* CSR-like fields, in report order. res is the LR reservation address
 * (all ones when no reservation is held). */
/* clang-format off */
#define LS_CSRS(X)                                                                  \
    X(fflags) X(frm) X(mstatus) X(mepc) X(mcause) X(mtval) X(sepc) X(scause)       \
    X(stval) X(satp) X(minstret) X(mcycle) X(mscratch) X(sscratch) X(mtvec)         \
    X(stvec) X(medeleg) X(mideleg) X(mie) X(mip) X(mcounteren) X(scounteren)        \
    X(menvcfg) X(senvcfg) X(mcountinhibit) X(stimecmp) X(res) X(mmu_idx_data)
/* clang-format on */

enum {
#define X(n) LS_CSR_##n,
    LS_CSRS(X)
#undef X
        LS_NCSR
};

static const char *const csr_names[LS_NCSR] = {
#define X(n) #n,
    LS_CSRS(X)
#undef X
};

_Static_assert(LS_NCSR <= 32, "struct ls_state csr[] is too small");

enum {
    F_PC = 0,
    F_X = 1,
    F_F = 32,
    F_PRIV = 64,
    F_WFI = 65,
    F_CSR = 66,
    F_COUNT = F_CSR + LS_NCSR
};

int ls_field_count(void) { return F_COUNT; }

static uint64_t hart_field(const struct hart *h, unsigned k)
{
    switch (k) {
    case LS_CSR_fflags: return h->fflags;
    case LS_CSR_frm: return h->frm;
    case LS_CSR_res: return h->res_valid ? h->res_addr : ~0ull;
    case LS_CSR_mmu_idx_data: return h->mmu_idx_data;
    case LS_CSR_mcycle: return hart_mcycle(h);
    case LS_CSR_mip:
        return __atomic_load_n(&h->mip, __ATOMIC_RELAXED);
/* clang-format off */
#define X(n) case LS_CSR_##n: return h->n;
    X(mstatus) X(mepc) X(mcause) X(mtval) X(sepc) X(scause) X(stval) X(satp) X(minstret)
    X(mscratch) X(sscratch) X(mtvec) X(stvec) X(medeleg) X(mideleg) X(mie)
    X(mcounteren) X(scounteren) X(menvcfg) X(senvcfg) X(mcountinhibit) X(stimecmp)
/* clang-format on */
#undef X
    }
    return 0;
}

void ls_state_save(struct ls_state *st, const struct hart *h)
{
    st->pc = h->pc;
    memcpy(st->x, h->x, sizeof(st->x));
    memcpy(st->f, h->f, sizeof(st->f));
    st->priv = h->priv;
    st->wfi = h->wfi;
    for (unsigned k = 0; k < LS_NCSR; k++)
        st->csr[k] = hart_field(h, k);
}

uint64_t ls_field_value(const struct ls_state *st, int field)
{
    if (field == F_PC)
        return st->pc;
    if (field < F_F)
        return st->x[field - F_X + 1];
    if (field < F_PRIV)
        return st->f[field - F_F];
    if (field == F_PRIV)
        return st->priv;
    if (field == F_WFI)
        return st->wfi;
    return st->csr[field - F_CSR];
}

int ls_state_diff(const struct ls_state *a, const struct ls_state *b, int from)
{
    for (int k = from; k < F_COUNT; k++)
        if (ls_field_value(a, k) != ls_field_value(b, k))
            return k;
    return -1;
}

const char *ls_field_name(int field, char *buf, size_t len)
{
    if (field == F_PC)
        snprintf(buf, len, "pc");
    else if (field < F_F)
        snprintf(buf, len, "x%d (%s)", field - F_X + 1, disas_xreg((unsigned)(field - F_X + 1)));
    else if (field < F_PRIV)
        snprintf(buf, len, "f%d (%s)", field - F_F, disas_freg((unsigned)(field - F_F)));
    else if (field == F_PRIV)
        snprintf(buf, len, "priv");
    else if (field == F_WFI)
        snprintf(buf, len, "wfi (sleep pending)");
    else
        snprintf(buf, len, "%s", csr_names[field - F_CSR]);
    return buf;
}

/* Physical address of virtual pc for an instruction fetch, without side
 * effects (no TLB fill, no A bit). */
static bool fetch_pa(struct hart *h, unsigned priv, uint64_t pc, uint64_t *pa)
{
    if (priv == PRV_M || (h->satp >> SATP_MODE_SHIFT) == SATP_BARE) {
        *pa = pc;
        return true;
    }
    return mmu_walk(h, pc, ACCESS_EXEC, priv, pa) == 0;
}

static bool fetch_half(struct hart *h, unsigned priv, uint64_t pc, uint32_t *half)
{
    uint64_t pa, v;
    if (!fetch_pa(h, priv, pc, &pa) || bus_read(h->bus, pa, 2, &v) < 0)
        return false;
    *half = (uint32_t)v;
    return true;
}

bool ls_fetch_insn(struct hart *h, unsigned priv, uint64_t pc, struct insn *i)
{
    uint32_t lo, hi = 0;
    if (!fetch_half(h, priv, pc, &lo))
        return false;
    if (insn_length((uint16_t)lo) == 4 && !fetch_half(h, priv, pc + 2, &hi))
        return false;
    insn_decode(i, lo | hi << 16);
    return true;
}

void ls_print_insn(struct hart *h, unsigned priv, uint64_t pc, const char *prefix)
{
    struct insn i;
    char text[96];
    if (!ls_fetch_insn(h, priv, pc, &i)) {
        fprintf(ls_out, "%s%016llx: (not readable now)\n", prefix, (unsigned long long)pc);
        return;
    }
    disas_insn(text, sizeof(text), &i, pc);
    fprintf(ls_out, "%s%016llx: %0*x  %s\n", prefix, (unsigned long long)pc, i.len * 2, i.raw,
            text);
}
