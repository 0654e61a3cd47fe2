/* SPDX-License-Identifier: MIT */
/* Disassembler: struct insn -> text, objdump-like with ABI register names
 * and the common pseudo-instructions. Driven by the rows of insn_table.h. */
#ifndef CPU_DISAS_H
#define CPU_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include "insn.h"

/* Disassemble a decoded instruction at pc into buf (always NUL-terminated
 * when len > 0, truncated if too short; 64 bytes always suffice). Returns the
 * length written, excluding the NUL.
 *
 * Format: mnemonic, one space, operands separated by ", ":
 *   "addi a0, sp, 16", "ld ra, 8(sp)", "beq a0, a1, 0x80000010" (targets are
 *   absolute), "csrw mstatus, a0", "fadd.d fa0, fa1, fa2, rtz" (rm only when
 *   not dyn), "amoadd.w.aqrl a0, a1, (a2)", "illegal 0x0000".
 * Compressed instructions print their own mnemonic with the operands the
 * compressed form shows ("c.addi sp, -16", "c.lwsp a0, 8(sp)"), as objdump
 * -M no-aliases does. Immediates and shift amounts are decimal; lui/auipc/
 * c.lui print the 20-bit field in hex as objdump does. */
int disas_insn(char *buf, size_t len, const struct insn *i, uint64_t pc);

/* ABI names: "zero", "ra", ..., "t6"; "ft0", ..., "ft11"; "?" if r > 31. */
const char *disas_xreg(unsigned r);
const char *disas_freg(unsigned r);

/* Name of a CSR number ("mstatus", "pmpaddr3"), or its number in hex
 * ("0x7c0") when it has no standard name here; "?" if csr > 0xfff. */
const char *disas_csr_name(unsigned csr);

#endif
