/* SPDX-License-Identifier: MIT */
/* --stats: what the reference actually executed (instruction rows, compressed
 * share, trap causes), to check that the programs cover what they should. */
#include "lockstep.h"
#include "cpu/hart.h"
#include "cpu/insn.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define STATS_CAUSES 16

static struct {
    bool enabled;
    uint64_t steps, compressed, unreadable, traps, irqs;
    uint64_t cause[STATS_CAUSES];
    uint64_t op[OP_COUNT];
    uint64_t cop[COP_COUNT];
} st;

void ls_stats_enable(void) { st.enabled = true; }

void ls_stats_step(struct hart *h, unsigned priv, uint64_t pc, bool trapped)
{
    if (!st.enabled)
        return;
    struct insn i;
    st.steps++;
    if (trapped) {
        uint64_t cause = h->priv == PRV_M ? h->mcause : h->scause;
        st.traps++;
        if (cause < STATS_CAUSES)
            st.cause[cause]++;
    }
    if (!ls_fetch_insn(h, priv, pc, &i)) {
        st.unreadable++;
        return;
    }
    st.op[i.op]++;
    if (i.cop >= 0) {
        st.compressed++;
        st.cop[i.cop]++;
    }
}

void ls_stats_interrupt(void)
{
    if (st.enabled)
        st.irqs++;
}

static void print_unseen(void)
{
    printf("  rows never executed:");
    unsigned n = 0;
    for (unsigned op = 1; op < OP_COUNT; op++)
        if (!st.op[op]) {
            printf(" %s", insn_name(op));
            n++;
        }
    for (unsigned cop = 0; cop < COP_COUNT; cop++)
        if (!st.cop[cop]) {
            printf(" %s", cinsn_descs[cop].name);
            n++;
        }
    printf("%s\n", n ? "" : " none");
}

void ls_stats_print(void)
{
    if (!st.enabled || !st.steps)
        return;
    unsigned seen = 0;
    for (unsigned op = 1; op < OP_COUNT; op++)
        seen += st.op[op] != 0;
    printf("stats: %" PRIu64 " reference steps, %.1f%% compressed, %" PRIu64 " illegal, %" PRIu64
           " unreadable, %u of %u rows executed\n",
           st.steps, 100.0 * (double)st.compressed / (double)st.steps, st.op[OP_ILLEGAL],
           st.unreadable, seen, OP_COUNT - 1);
    printf("  traps %" PRIu64 ", interrupts %" PRIu64 "; by cause:", st.traps, st.irqs);
    for (unsigned k = 0; k < STATS_CAUSES; k++)
        if (st.cause[k])
            printf(" %u:%" PRIu64, k, st.cause[k]);
    printf("\n");
    print_unseen();
}
