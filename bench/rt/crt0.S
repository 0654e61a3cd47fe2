/* SPDX-License-Identifier: MIT */
/* Start-up for the bare-metal benchmark programs: M-mode entry at 0x80000000, FPU on,
   .bss cleared, bench_main() called, its result reported through HTIF; the HTIF mailboxes
   and a trap vector that reports any trap and stops. */

#define RT_MSTATUS_FS_INITIAL 0x2000

    .section .text.init, "ax", @progbits
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, rt_stack_top
    la t0, rt_trap_entry
    csrw mtvec, t0
    csrw mie, zero
    /* Priv 3.1.6.6: FS = Initial, else every F and D instruction is illegal. */
    li t0, RT_MSTATUS_FS_INITIAL
    csrs mstatus, t0
    csrw fcsr, zero
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call bench_main
    tail rt_exit

/* Priv 3.1.7: mtvec direct mode needs a 4-byte aligned base. */
    .balign 4
rt_trap_entry:
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    la sp, rt_stack_top
    tail rt_trap

/* HTIF: the host polls tohost; fromhost follows it. QEMU wants both typed, 8 bytes. */
    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
    .globl fromhost
    .type tohost, @object
    .size tohost, 8
tohost:
    .dword 0
    .type fromhost, @object
    .size fromhost, 8
fromhost:
    .dword 0
