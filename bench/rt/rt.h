/* SPDX-License-Identifier: MIT */
/* Tiny bare-metal runtime of the RISC-V benchmark programs: HTIF console and exit, and the
   few memory routines a compiler may call. */

#ifndef RT_H
#define RT_H

#include <stdint.h>

/* Writes one byte to the HTIF console (device 1, command 1) and waits for the host. */
void rt_putc(char c);
void rt_puts(const char *s);
/* Prints 0x and exactly 16 hex digits. */
void rt_puthex(uint64_t v);
void rt_putdec(uint64_t v);
/* Ends the run through HTIF with the given status (0 pass); never returns. */
void rt_exit(int status) __attribute__((noreturn));
/* Called by the trap vector: reports the trap and exits with RT_EXIT_TRAP. */
void rt_trap(uint64_t cause, uint64_t epc, uint64_t tval) __attribute__((noreturn));

#define RT_EXIT_TRAP 3

/* Provided by the program: the benchmark's body; its result is the exit status. */
int bench_main(void);

#endif
