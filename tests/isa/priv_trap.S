/* SPDX-License-Identifier: MIT */
/* Synchronous traps (Priv 3.1.6.1, 3.1.8, 3.3, 4.1.1): ecall causes per mode, trap entry and
   mret/sret state changes (MPRV cleared on a return below M), delegation to S through
   medeleg (never from M), and the TSR/TW/TVM traps and other mode-restricted instructions. */

#include "test.h"
#include "priv.h"

/* As PRIV_S_EXPECT, and SREC_CAUSE reads -1 until a trap is recorded. Uses t0, t1. */
#define PRIV_S_EXPECT_CLEAR(label) \
  PRIV_S_EXPECT(label); \
  li t0, -1; sd t0, SREC_CAUSE(t1)

/* mstatus bits of the last trap the harness handler took, masked, into reg. */
#define PRIV_LAST_STATUS(reg, mask) \
  la reg, test_trap_state; ld reg, TEST_TS_LAST_STATUS(reg); li t6, mask; and reg, reg, t6

TEST_BEGIN
  la t0, priv_s_handler
  csrw stvec, t0

  /* ---- ecall: cause 11 from M, 9 from S, 8 from U; mepc is the ecall; mtval 0 */
  TEST_EXPECT_TRAP(1, CAUSE_MACHINE_ECALL, 0, ecall)
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_EXPECT_TRAP(2, CAUSE_SUPERVISOR_ECALL, 0, ecall)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_ENTER_MODE(TEST_MODE_U)
  TEST_EXPECT_TRAP(3, CAUSE_USER_ECALL, 0, ecall)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)

  /* ---- trap entry in M: MPIE <- MIE, MIE <- 0, MPP <- previous mode */
  csrw mie, zero
  csrsi mstatus, ST_MIE
  TEST_EXPECT_TRAP(4, CAUSE_MACHINE_ECALL, 0, ecall)
  TEST_CASE(5, a0, ST_MPIE | ST_MPP, PRIV_LAST_STATUS(a0, ST_MIE | ST_MPIE | ST_MPP))
  /* the handler's mret (MPP = M) brought MIE back */
  TEST_CASE(6, a0, ST_MIE, csrr a0, mstatus; andi a0, a0, ST_MIE)
  csrci mstatus, ST_MIE
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_CASE(7, a0, ST_MPP_S, PRIV_LAST_STATUS(a0, ST_MPP))
  TEST_ENTER_MODE(TEST_MODE_U)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  TEST_CASE(8, a0, 0, PRIV_LAST_STATUS(a0, ST_MPP))

  /* ---- mret (Priv 3.3.2): MIE <- MPIE, MPIE <- 1, MPP <- U (least privileged) */
  TEST_NUM(10)
  li t0, ST_MPP | ST_MPIE
  csrs mstatus, t0
  csrci mstatus, ST_MIE
  la t0, 1f
  csrw mepc, t0
  mret
1:
  csrr a0, mstatus
  li t0, ST_MIE | ST_MPIE | ST_MPP
  and a0, a0, t0
  TEST_CHECK(a0, ST_MIE | ST_MPIE)
  TEST_NUM(11)
  li t0, ST_MPP
  csrs mstatus, t0
  li t0, ST_MPIE
  csrc mstatus, t0
  la t0, 1f
  csrw mepc, t0
  mret
1:
  csrr a0, mstatus
  li t0, ST_MIE | ST_MPIE | ST_MPP
  and a0, a0, t0
  TEST_CHECK(a0, ST_MPIE)
  /* MPRV stays set when mret returns to M... */
  TEST_NUM(12)
  li t0, ST_MPP | ST_MPRV
  csrs mstatus, t0
  la t0, 1f
  csrw mepc, t0
  mret
1:
  csrr a0, mstatus
  li t0, ST_MPRV
  and a0, a0, t0
  TEST_CHECK(a0, ST_MPRV)
  /* ...and is cleared when it returns to S (Priv 1.12, 3.1.6.3). */
  TEST_NUM(13)
  li t0, ST_MPP
  csrc mstatus, t0
  li t0, ST_MPP_S | ST_MPRV
  csrs mstatus, t0
  la t0, 1f
  csrw mepc, t0
  mret
1:
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 keeps MPRV */
  TEST_CASE(14, a0, 0, csrr a0, mstatus; li t0, ST_MPRV; and a0, a0, t0)
#endif

  /* ---- sret: SIE <- SPIE, SPIE <- 1, SPP <- U */
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_NUM(15)
  li t0, ST_SPP | ST_SPIE
  csrs sstatus, t0
  csrci sstatus, ST_SIE
  la t0, 1f
  csrw sepc, t0
  sret
1:
  csrr a0, sstatus
  andi a0, a0, ST_SIE | ST_SPIE | ST_SPP
  TEST_CHECK(a0, ST_SIE | ST_SPIE)
  /* SPP = 0: sret goes to U-mode. */
  TEST_NUM(16)
  li t0, ST_SPP | ST_SPIE
  csrc sstatus, t0
  csrsi sstatus, ST_SIE
  la t0, 1f
  csrw sepc, t0
  sret
1:
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  TEST_CASE(17, a0, ST_SPIE, csrr a0, mstatus; andi a0, a0, ST_SIE | ST_SPIE | ST_SPP)
  li t0, ST_SPIE
  csrc mstatus, t0
  /* sret from M to S clears MPRV too. */
  TEST_NUM(18)
  li t0, ST_SPP | ST_MPRV
  csrs mstatus, t0
  la t0, 1f
  csrw sepc, t0
  sret
1:
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 keeps MPRV */
  TEST_CASE(19, a0, 0, csrr a0, mstatus; li t0, ST_MPRV; and a0, a0, t0)
#endif

  /* ---- xRET and other instructions above the current mode are illegal */
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL(20, mret)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL(21, mret)
  PRIV_EXPECT_ILLEGAL(22, sret)
  PRIV_EXPECT_ILLEGAL(23, sfence.vma)
  PRIV_EXPECT_ILLEGAL(24, sfence.vma a0, a1)
  /* wfi in U is illegal when S-mode exists (Priv 3.1.6.5; Rivet's time limit is 0) */
  PRIV_EXPECT_ILLEGAL(25, wfi)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)

  /* ---- TSR: sret in S is illegal; in M it still works */
  li t0, ST_TSR
  csrs mstatus, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  la t0, 1f
  csrw sepc, t0
  PRIV_EXPECT_ILLEGAL(30, sret)
1:
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_NUM(31)
  li t0, ST_SPP
  csrs mstatus, t0
  la t0, 1f
  csrw sepc, t0
  sret
  j test_fail
1:
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  li t0, ST_TSR
  csrc mstatus, t0

  /* ---- TW: wfi in S is illegal */
  li t0, ST_TW
  csrs mstatus, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL(32, wfi)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  li t0, ST_TW
  csrc mstatus, t0

  /* ---- TVM: satp accesses and sfence.vma in S are illegal */
  li t0, ST_TVM
  csrs mstatus, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL(33, csrr a0, satp)
  PRIV_EXPECT_ILLEGAL(34, csrw satp, zero)
  PRIV_EXPECT_ILLEGAL(35, sfence.vma)
  PRIV_EXPECT_ILLEGAL(36, sfence.vma a0, zero)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  li t0, ST_TVM
  csrc mstatus, t0
  /* TVM clear: the same instructions work in S */
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(37, a0, 0, li a0, 1; csrr a0, satp; sfence.vma; sfence.vma a0, zero)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  /* TVM does not affect M-mode. */
  li t0, ST_TVM
  csrs mstatus, t0
  TEST_CASE(38, a0, 0, li a0, 1; csrw satp, zero; sfence.vma; csrr a0, satp)
  li t0, ST_TVM
  csrc mstatus, t0

  /* ---- breakpoint and an all-zeros instruction */
  TEST_EXPECT_TRAP_ANY_TVAL(40, CAUSE_BREAKPOINT, ebreak)
  TEST_NUM(41)                               /* mtval is 0 or the pc (Priv 3.1.16) */
  la t6, test_trap_state
  ld t5, TEST_TS_LAST_TVAL(t6)
  beqz t5, 1f
  ld t6, TEST_TS_LAST_EPC(t6)
  bne t5, t6, test_fail
1:
  PRIV_EXPECT_ILLEGAL(42, .word 0)
  PRIV_EXPECT_ILLEGAL(43, .word 0xffffffff)

  /* ---- delegation (Priv 3.1.8): ecall from U handled in S */
  li t0, 1 << CAUSE_USER_ECALL
  csrw medeleg, t0
  csrsi mstatus, ST_SIE                      /* to see SPIE <- SIE */
  PRIV_S_EXPECT_CLEAR(1f)
  TEST_ENTER_MODE(TEST_MODE_U)
2:
  ecall
  j test_fail
1:
  TEST_CASE(50, a0, 1, PRIV_SREC(a0, SREC_COUNT))
  TEST_CASE(51, a0, CAUSE_USER_ECALL, PRIV_SREC(a0, SREC_CAUSE))
  TEST_NUM(52)
  PRIV_SREC(a0, SREC_EPC)
  la a1, 2b
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(53, a0, 0, PRIV_SREC(a0, SREC_TVAL))
  /* SPP = U, SPIE = old SIE, SIE = 0 */
  TEST_CASE(54, a0, ST_SPIE, PRIV_SREC(a0, SREC_STATUS); andi a0, a0, ST_SIE | ST_SPIE | ST_SPP)
  /* mcause/mepc are those of the S handler's own ecall to M, not of the delegated trap */
  TEST_CASE(55, a0, CAUSE_SUPERVISOR_ECALL, csrr a0, mcause)
  li t0, ST_SIE | ST_SPIE
  csrc mstatus, t0

  /* ecall from S is not delegated by bit 8 */
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_EXPECT_TRAP(56, CAUSE_SUPERVISOR_ECALL, 0, ecall)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* illegal instruction in S, delegated: SPP = S */
  li t0, (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_BREAKPOINT)
  csrw medeleg, t0
  PRIV_S_EXPECT_CLEAR(1f)
  TEST_ENTER_MODE(TEST_MODE_S)
2:
  csrr a0, mstatus
  j test_fail
1:
  TEST_CASE(60, a0, CAUSE_ILLEGAL_INSTRUCTION, PRIV_SREC(a0, SREC_CAUSE))
  TEST_NUM(61)
  PRIV_SREC(a0, SREC_EPC)
  la a1, 2b
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(62, a0, ST_SPP, PRIV_SREC(a0, SREC_STATUS); andi a0, a0, ST_SPP)
  /* breakpoint in U, delegated */
  PRIV_S_EXPECT_CLEAR(1f)
  TEST_ENTER_MODE(TEST_MODE_U)
  ebreak
  j test_fail
1:
  TEST_CASE(63, a0, CAUSE_BREAKPOINT, PRIV_SREC(a0, SREC_CAUSE))
  TEST_CASE(64, a0, 0, PRIV_SREC(a0, SREC_STATUS); andi a0, a0, ST_SPP)

  /* ---- traps from M are never delegated */
  li t0, (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_BREAKPOINT) | \
         (1 << CAUSE_USER_ECALL) | (1 << CAUSE_MACHINE_ECALL)
  csrw medeleg, t0
  PRIV_S_EXPECT_CLEAR(test_fail)
  PRIV_EXPECT_ILLEGAL(70, csrr a0, 0x101)
  TEST_EXPECT_TRAP_ANY_TVAL(71, CAUSE_BREAKPOINT, ebreak)
  TEST_EXPECT_TRAP(72, CAUSE_MACHINE_ECALL, 0, ecall)
  TEST_CASE(73, a0, 0, PRIV_SREC(a0, SREC_COUNT))
  csrw medeleg, zero

  TEST_PASS

/* S-mode trap vector for the delegated cases. */
PRIV_S_HANDLER

TEST_DATA
priv_srec:
  .skip SREC_SIZE
