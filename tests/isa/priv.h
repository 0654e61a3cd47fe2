/* SPDX-License-Identifier: MIT */
/* Shared by the privileged tests (priv_*.S): CSR field and PTE bits, page-table and
   mode-switch macros, illegal-instruction checks, and the S-mode trap handler that records
   delegated traps. Builds on test.h; what only one file needs stays in that file. */

#ifndef PRIV_H
#define PRIV_H

#include "test.h"

/* ------------------------------------------------------------------ constants */

/* mstatus/sstatus fields (Priv 3.1.6, 4.1.1). ST_MPP is the field mask; ST_MPP_U/S/M are
   its values (Priv 3.1.6.1). */
#define ST_SIE   0x2
#define ST_MIE   0x8
#define ST_SPIE  0x20
#define ST_MPIE  0x80
#define ST_SPP   0x100
#define ST_MPP   0x1800
#define ST_MPP_U 0
#define ST_MPP_S 0x800
#define ST_MPP_M 0x1800
#define ST_FS    0x6000
#define ST_FS_INITIAL 0x2000
#define ST_FS_CLEAN   0x4000
#define ST_FS_DIRTY   0x6000
#define ST_MPRV  (1 << 17)
#define ST_SUM   (1 << 18)
#define ST_MXR   (1 << 19)
#define ST_TVM   (1 << 20)
#define ST_TW    (1 << 21)
#define ST_TSR   (1 << 22)
#define ST_SD    0x8000000000000000

/* Supervisor interrupts: codes, their mip/mie bits (Priv 3.1.9), and the interrupt bit of
   mcause/scause (Priv 3.1.15). */
#define IRQ_SSI 1
#define IRQ_STI 5
#define IRQ_SEI 9
#define MIP_SSIP (1 << IRQ_SSI)
#define MIP_STIP (1 << IRQ_STI)
#define MIP_SEIP (1 << IRQ_SEI)
#define CAUSE_IRQ 0x8000000000000000

/* mcounteren/scounteren/mcountinhibit bits (Priv 3.1.11, 3.1.12, 4.1.5). */
#define CNT_CY   1
#define CNT_TM   2
#define CNT_IR   4
#define CNT_HPM3 8

/* pmpcfg entry fields (Priv 3.7.1): permissions, address-matching mode A, lock. */
#define PMP_R     0x01
#define PMP_W     0x02
#define PMP_X     0x04
#define PMP_TOR   0x08
#define PMP_NA4   0x10
#define PMP_NAPOT 0x18
#define PMP_L     0x80

/* PTE bits (Priv 4.3.1, 4.4.1). PTE_RW and PTE_RWX are valid leaves with A and D preset,
   so no access to them updates the PTE. */
#define PTE_V   0x01
#define PTE_R   0x02
#define PTE_W   0x04
#define PTE_X   0x08
#define PTE_U   0x10
#define PTE_A   0x40
#define PTE_D   0x80
#define PTE_AD  (PTE_A | PTE_D)
#define PTE_RW  (PTE_V | PTE_R | PTE_W | PTE_AD)
#define PTE_RWX (PTE_RW | PTE_X)

/* satp.MODE, already shifted into bits 63:60 (Priv 4.1.11). */
#define SATP_SV39 0x8000000000000000
#define SATP_SV48 0x9000000000000000
#define SATP_SV57 0xa000000000000000

/* Virtual address of test page i in the gigapage at 0x40000000, which the paging tests
   map through their pt_l0 (entry i). */
#define VPAGE(i) (0x40000000 + (i) * 0x1000)

/* ------------------------------------------------------------------ page tables */

/* table[index] <- leaf or pointer PTE for the physical address of label pa. Uses t0-t2. */
#define PRIV_MAP(table, index, pa, flags) \
  la t0, pa; srli t0, t0, 12; slli t0, t0, 10; li t1, flags; or t0, t0, t1; \
  la t1, table; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)

/* As PRIV_MAP with a constant physical address. Uses t0-t2. */
#define PRIV_MAP_PA(table, index, pa, flags) \
  li t0, (((pa) >> 12) << 10) | (flags); \
  la t1, table; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)

/* satp <- mode (a SATP_* value) | PPN of the table at label root, ASID 0; flush.
   Uses t0, t1. */
#define PRIV_SET_SATP(mode, root) \
  la t0, root; srli t0, t0, 12; li t1, mode; or t0, t0, t1; csrw satp, t0; sfence.vma

/* A jump to vareg must raise an instruction page fault: mepc = mtval = the target.
   Uses ra. */
#define PRIV_EXPECT_FETCH_FAULT(n, vareg) \
  TEST_NUM(n); \
  TEST_ARM_TRAP_REG(TEST_EXPECT_TVAL, CAUSE_FETCH_PAGE_FAULT, vareg, 8997f); \
  jalr ra, 0(vareg); \
  j test_fail; \
8997: \
  la t6, test_trap_state; \
  ld t5, TEST_TS_LAST_EPC(t6); \
  TEST_CHECK_REG(t5, vareg)

/* ------------------------------------------------------------------ modes */

/* Continue at label in the mode named by mpp (ST_MPP_U, ST_MPP_S or ST_MPP_M) via mret,
   which also sets MIE from MPIE (Priv 3.3.2). Uses t6. */
#define PRIV_MRET_TO(mpp, label) \
  li t6, ST_MPP; csrc mstatus, t6; li t6, mpp; csrs mstatus, t6; \
  la t6, label; csrw mepc, t6; mret

/* ------------------------------------------------------------------ illegal instructions */

/* After an expected trap armed with any mtval: mtval is 0 or the trapping instruction's
   bits, 16 of them for a compressed instruction (Priv 3.1.16). Uses a0, t5, t6. */
#define PRIV_CHECK_TVAL_INSN \
  la t6, test_trap_state; \
  ld t5, TEST_TS_LAST_TVAL(t6); \
  beqz t5, 8995f; \
  ld t6, TEST_TS_LAST_EPC(t6); \
  lwu t6, 0(t6); \
  andi a0, t6, 3; \
  addi a0, a0, -3; \
  beqz a0, 8994f; \
  zext.h t6, t6; \
8994: bne t5, t6, test_fail; \
8995:

/* As PRIV_CHECK_TVAL_INSN for a trapping instruction known to be 32 bits long; leaves a0
   alone. Uses t5, t6. */
#define PRIV_CHECK_TVAL_INSN32 \
  la t6, test_trap_state; \
  ld t5, TEST_TS_LAST_TVAL(t6); \
  beqz t5, 8995f; \
  ld t6, TEST_TS_LAST_EPC(t6); \
  lwu t6, 0(t6); \
  bne t5, t6, test_fail; \
8995:

/* insn (its first instruction) must raise an illegal-instruction exception; mtval is
   checked as above. The 32 form is for 32-bit instructions only. */
#define PRIV_EXPECT_ILLEGAL(n, insn...) \
  TEST_EXPECT_TRAP_ANY_TVAL(n, CAUSE_ILLEGAL_INSTRUCTION, insn); \
  PRIV_CHECK_TVAL_INSN
#define PRIV_EXPECT_ILLEGAL32(n, insn...) \
  TEST_EXPECT_TRAP_ANY_TVAL(n, CAUSE_ILLEGAL_INSTRUCTION, insn); \
  PRIV_CHECK_TVAL_INSN32

/* ------------------------------------------------------------------ S-mode trap handler */

/* Layout of priv_srec, the record PRIV_S_HANDLER writes for each trap delegated to S
   (Priv 4.1.7-4.1.9, 4.1.1). A file using the handler reserves it in writable data:
   `priv_srec: .skip SREC_SIZE`. */
#define SREC_CAUSE  0
#define SREC_EPC    8
#define SREC_TVAL   16
#define SREC_STATUS 24
#define SREC_COUNT  32 /* traps recorded since the last PRIV_S_EXPECT */
#define SREC_RESUME 40 /* where M-mode continues after the handler's ecall */
#define SREC_SIZE   48

/* The next trap delegated to S is recorded in priv_srec, after which the handler ecalls to
   M-mode, continuing at label in M. Uses t0; leaves t1 = priv_srec. */
#define PRIV_S_EXPECT(label) \
  la t1, priv_srec; la t0, label; sd t0, SREC_RESUME(t1); sd zero, SREC_COUNT(t1)

/* reg <- field off (a SREC_* offset) of priv_srec. */
#define PRIV_SREC(reg, off) la reg, priv_srec; ld reg, off(reg)

/* Emits the S-mode trap vector priv_s_handler (point stvec at it): stores scause, sepc,
   stval and sstatus in priv_srec, counts the trap, then arms the harness for an ecall from
   S that resumes in M at SREC_RESUME, and ecalls. Uses t5, t6. */
#define PRIV_S_HANDLER \
  .balign 4; \
priv_s_handler: \
  la t6, priv_srec; \
  csrr t5, scause; \
  sd t5, SREC_CAUSE(t6); \
  csrr t5, sepc; \
  sd t5, SREC_EPC(t6); \
  csrr t5, stval; \
  sd t5, SREC_TVAL(t6); \
  csrr t5, sstatus; \
  sd t5, SREC_STATUS(t6); \
  ld t5, SREC_COUNT(t6); \
  addi t5, t5, 1; \
  sd t5, SREC_COUNT(t6); \
  ld t5, SREC_RESUME(t6); \
  la t6, test_trap_state; \
  sd t5, TEST_TS_RESUME(t6); \
  li t5, CAUSE_SUPERVISOR_ECALL; \
  sd t5, TEST_TS_CAUSE(t6); \
  sd zero, TEST_TS_TVAL(t6); \
  li t5, TEST_EXPECT_TVAL | TEST_EXPECT_RESUME_M; \
  sd t5, TEST_TS_EXPECT(t6); \
  ecall; \
  j test_fail

#endif
