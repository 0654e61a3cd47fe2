/* SPDX-License-Identifier: MIT */
/* Branchy integer work: a switch-dispatched register bytecode interpreter running a
   program that sums Collatz trajectories of 1..1000*scale (data-dependent branches both in
   the dispatch and in the program). */

#include "bench.h"

#define VM_NREGS 8

enum vm_op {
    VM_LI,   /* rd = imm */
    VM_MOV,  /* rd = ra */
    VM_ADD,  /* rd = ra + rb */
    VM_ADDI, /* rd = ra + imm */
    VM_MULI, /* rd = ra * imm */
    VM_ANDI, /* rd = ra & imm */
    VM_SHRI, /* rd = ra >> imm */
    VM_BEQ,  /* if ra == rb goto imm */
    VM_BLT,  /* if ra < rb goto imm */
    VM_BEQZ, /* if ra == 0 goto imm */
    VM_JMP,  /* goto imm */
    VM_HALT,
};

struct vm_insn {
    uint8_t op, rd, ra, rb;
    int32_t imm;
};

/* r0 steps, r1 i, r2 n (input), r3 x, r4 scratch, r5 one, r6 sum of trajectory values. */
static const struct vm_insn vm_collatz[] = {
    /*  0 */ {VM_LI, 0, 0, 0, 0},
    /*  1 */ {VM_LI, 1, 0, 0, 1},
    /*  2 */ {VM_LI, 5, 0, 0, 1},
    /*  3 */ {VM_LI, 6, 0, 0, 0},
    /*  4 */ {VM_BLT, 0, 2, 1, 18}, /* next i: done when n < i */
    /*  5 */ {VM_MOV, 3, 1, 0, 0},
    /*  6 */ {VM_BEQ, 0, 3, 5, 16}, /* trajectory step: stop at 1 */
    /*  7 */ {VM_ANDI, 4, 3, 0, 1},
    /*  8 */ {VM_BEQZ, 0, 4, 0, 12},
    /*  9 */ {VM_MULI, 3, 3, 0, 3},
    /* 10 */ {VM_ADDI, 3, 3, 0, 1},
    /* 11 */ {VM_JMP, 0, 0, 0, 13},
    /* 12 */ {VM_SHRI, 3, 3, 0, 1},
    /* 13 */ {VM_ADDI, 0, 0, 0, 1},
    /* 14 */ {VM_ADD, 6, 6, 3, 0},
    /* 15 */ {VM_JMP, 0, 0, 0, 6},
    /* 16 */ {VM_ADDI, 1, 1, 0, 1},
    /* 17 */ {VM_JMP, 0, 0, 0, 4},
    /* 18 */ {VM_HALT, 0, 0, 0, 0},
};

/* Runs prog from instruction 0 until VM_HALT; returns the number of instructions run. */
static uint64_t vm_run(const struct vm_insn *prog, uint64_t *r)
{
    uint64_t executed = 0;
    long pc = 0;

    for (;;) {
        const struct vm_insn *in = &prog[pc++];

        executed++;
        switch (in->op) {
        case VM_LI: r[in->rd] = (uint64_t)(int64_t)in->imm; break;
        case VM_MOV: r[in->rd] = r[in->ra]; break;
        case VM_ADD: r[in->rd] = r[in->ra] + r[in->rb]; break;
        case VM_ADDI: r[in->rd] = r[in->ra] + (uint64_t)(int64_t)in->imm; break;
        case VM_MULI: r[in->rd] = r[in->ra] * (uint64_t)(int64_t)in->imm; break;
        case VM_ANDI: r[in->rd] = r[in->ra] & (uint64_t)(int64_t)in->imm; break;
        case VM_SHRI: r[in->rd] = r[in->ra] >> (in->imm & 63); break;
        case VM_BEQ:
            if (r[in->ra] == r[in->rb])
                pc = in->imm;
            break;
        case VM_BLT:
            if (r[in->ra] < r[in->rb])
                pc = in->imm;
            break;
        case VM_BEQZ:
            if (r[in->ra] == 0)
                pc = in->imm;
            break;
        case VM_JMP: pc = in->imm; break;
        default: return executed;
        }
    }
}

uint64_t kernel_vm(unsigned scale)
{
    uint64_t r[VM_NREGS] = {0};
    uint64_t hash = BENCH_HASH_INIT;

    r[2] = 1000ull * scale;
    hash = bench_mix(hash, vm_run(vm_collatz, r));
    for (int i = 0; i < VM_NREGS; i++)
        hash = bench_mix(hash, r[i]);
    return hash;
}
