/* SPDX-License-Identifier: MIT */
/* Interrupts (Priv 3.1.7, 3.1.9, 4.1.3) with the software-writable pending bits SSIP, STIP
   and SEIP: vectored mtvec/stvec, the enable rules per mode (M-level interrupts always on
   below M, S-level ones never taken in M), delegation, sie/sip views, priority, and wfi. */

#include "test.h"
#include "priv.h"

/* Records kept by the interrupt stubs: M-mode ones in priv_mrec, S-mode ones in priv_srec. */
#define REC_COUNT  0
#define REC_CAUSE  8                           /* of the latest interrupt */
#define REC_EPC    16
#define REC_STATUS 24
#define REC_LOG    32                          /* causes, in the order taken (up to 4) */
#define REC_SIZE   64

#define PRIV_REC_CLEAR(rec) la t0, rec; sd zero, REC_COUNT(t0); sd zero, REC_CAUSE(t0)
#define PRIV_REC(reg, rec, off) la reg, rec; ld reg, off(reg)

TEST_BEGIN
  la t0, priv_m_vectors + 1
  csrw mtvec, t0
  la t0, priv_s_vectors + 1
  csrw stvec, t0
  csrw menvcfg, zero                         /* STIP is writable in mip (no Sstc) */

  /* ---- vectored mtvec: exceptions still go to BASE */
  TEST_EXPECT_TRAP(1, CAUSE_MACHINE_ECALL, 0, ecall)
  TEST_CASE(2, a0, 0, csrr a0, mip; andi a0, a0, MIP_SSIP | MIP_STIP | MIP_SEIP)

  /* ---- sie and sip show only delegated interrupts (Priv 4.1.3) */
  li s0, MIP_SSIP
  csrw mie, s0
  csrw mip, s0
  TEST_CASE(3, a0, 0, csrr a0, sie)
  TEST_CASE(4, a0, 0, csrr a0, sip)
  TEST_CASE(5, a0, 0, csrw sie, zero; csrw sip, zero; csrr a0, mie; csrr a1, mip; and a0, a0, a1; xor a0, a0, s0)
  csrw mideleg, s0
  TEST_CASE(6, a0, MIP_SSIP, csrr a0, sie)
  TEST_CASE(7, a0, MIP_SSIP, csrr a0, sip)
  TEST_CASE(8, a0, 0, csrc sip, s0; csrr a0, mip; andi a0, a0, MIP_SSIP)
  TEST_CASE(9, a0, 0, csrc sie, s0; csrr a0, mie)
  TEST_CASE(10, a0, MIP_SSIP, csrs sie, s0; csrr a0, mie)

  /* ---- an S-level (delegated) interrupt is never taken in M, whatever MIE and SIE say */
  PRIV_REC_CLEAR(priv_srec)
  PRIV_REC_CLEAR(priv_mrec)
  TEST_NUM(11)
  csrs mip, s0
  csrsi mstatus, ST_MIE | ST_SIE
  nop
  nop
  csrci mstatus, ST_MIE | ST_SIE
  PRIV_REC(a0, priv_srec, REC_COUNT)
  PRIV_REC(a1, priv_mrec, REC_COUNT)
  or a0, a0, a1
  TEST_CHECK(a0, 0)

  /* ---- in S with SIE = 0 it waits; setting SIE takes it at stvec BASE + 4 * 1 */
  TEST_NUM(12)
  li t0, ST_MPIE
  csrc mstatus, t0
  PRIV_MRET_TO(ST_MPP_S, 1f)
1:
  nop
  PRIV_REC(a0, priv_srec, REC_COUNT)
  TEST_CHECK(a0, 0)
  TEST_CASE(13, a0, MIP_SSIP, csrr a0, sip)
  TEST_NUM(14)
  csrsi sstatus, ST_SIE
2:
  nop
  PRIV_REC(a0, priv_srec, REC_COUNT)
  TEST_CHECK(a0, 1)
  TEST_CASE(15, a0, CAUSE_IRQ | IRQ_SSI, PRIV_REC(a0, priv_srec, REC_CAUSE))
  TEST_NUM(16)
  PRIV_REC(a0, priv_srec, REC_EPC)
  la a1, 2b
  TEST_CHECK_REG(a0, a1)
  /* entry: SPP = S, SPIE = 1 (SIE was 1), SIE = 0; the stub's sret restored SIE */
  TEST_CASE(17, a0, ST_SPP | ST_SPIE, PRIV_REC(a0, priv_srec, REC_STATUS); andi a0, a0, ST_SIE | ST_SPIE | ST_SPP)
  TEST_CASE(18, a0, ST_SIE, csrr a0, sstatus; andi a0, a0, ST_SIE)
  /* sie.SSIE = 0 masks it even with SIE = 1 */
  TEST_NUM(19)
  csrc sie, s0
  csrs sip, s0
  nop
  PRIV_REC(a0, priv_srec, REC_COUNT)
  TEST_CHECK(a0, 1)
  TEST_NUM(20)
  csrs sie, s0
  nop
  PRIV_REC(a0, priv_srec, REC_COUNT)
  TEST_CHECK(a0, 2)
  csrci sstatus, ST_SIE
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- in U an S-level interrupt is taken whatever SIE says */
  TEST_NUM(21)
  PRIV_REC_CLEAR(priv_srec)
  csrci mstatus, ST_SIE
  csrs mip, s0
  PRIV_MRET_TO(0, 1f)
1:
  nop
  PRIV_REC(a0, priv_srec, REC_COUNT)
  TEST_CHECK(a0, 1)
  TEST_NUM(22)
  PRIV_REC(a0, priv_srec, REC_EPC)
  la a1, 1b
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(23, a0, 0, PRIV_REC(a0, priv_srec, REC_STATUS); andi a0, a0, ST_SPP)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)

  /* ---- not delegated: an M-level interrupt. Off in M while MIE = 0... */
  csrw mideleg, zero
  PRIV_REC_CLEAR(priv_mrec)
  PRIV_REC_CLEAR(priv_srec)
  TEST_NUM(30)
  csrci mstatus, ST_MIE                      /* the return from U may have left MIE set */
  csrsi mstatus, ST_SIE
  csrs mip, s0
  nop
  nop
  PRIV_REC(a0, priv_mrec, REC_COUNT)
  TEST_CHECK(a0, 0)
  /* ...taken at mtvec BASE + 4 as soon as MIE is set */
  TEST_NUM(31)
  csrsi mstatus, ST_MIE
1:
  nop
  csrci mstatus, ST_MIE
  PRIV_REC(a0, priv_mrec, REC_COUNT)
  TEST_CHECK(a0, 1)
  TEST_CASE(32, a0, CAUSE_IRQ | IRQ_SSI, PRIV_REC(a0, priv_mrec, REC_CAUSE))
  TEST_NUM(33)
  PRIV_REC(a0, priv_mrec, REC_EPC)
  la a1, 1b
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(34, a0, ST_MPIE | ST_MPP, PRIV_REC(a0, priv_mrec, REC_STATUS); li t0, ST_MIE | ST_MPIE | ST_MPP; and a0, a0, t0)
  /* ...and taken in S even with MIE = 0 (and SIE = 0) */
  TEST_NUM(35)
  csrci mstatus, ST_SIE
  li t0, ST_MPIE
  csrc mstatus, t0
  csrs mip, s0
  PRIV_MRET_TO(ST_MPP_S, 1f)
1:
  nop
  PRIV_REC(a0, priv_mrec, REC_COUNT)
  TEST_CHECK(a0, 2)
  TEST_NUM(36)
  PRIV_REC(a0, priv_mrec, REC_EPC)
  la a1, 1b
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(37, a0, ST_MPP_S, PRIV_REC(a0, priv_mrec, REC_STATUS); li t0, ST_MIE | ST_MPIE | ST_MPP; and a0, a0, t0)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  /* ...and in U */
  TEST_NUM(38)
  li t0, ST_MPIE
  csrc mstatus, t0
  csrs mip, s0
  PRIV_MRET_TO(0, 1f)
1:
  nop
  PRIV_REC(a0, priv_mrec, REC_COUNT)
  TEST_CHECK(a0, 3)
  TEST_CASE(39, a0, 0, PRIV_REC(a0, priv_mrec, REC_STATUS); li t0, ST_MPP; and a0, a0, t0)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  TEST_CASE(40, a0, 0, PRIV_REC(a0, priv_srec, REC_COUNT))

  /* ---- priority among M-level interrupts: SEI, then SSI, then STI (Priv 3.1.9) */
  TEST_NUM(41)
  PRIV_REC_CLEAR(priv_mrec)
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrw mie, t0
  csrs mip, t0
  csrsi mstatus, ST_MIE
  nop
  csrci mstatus, ST_MIE
  PRIV_REC(a0, priv_mrec, REC_COUNT)
  TEST_CHECK(a0, 3)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 takes them in cause order */
  TEST_CASE(42, a0, CAUSE_IRQ | IRQ_SEI, PRIV_REC(a0, priv_mrec, REC_LOG))
  TEST_CASE(43, a0, CAUSE_IRQ | IRQ_SSI, PRIV_REC(a0, priv_mrec, REC_LOG + 8))
  TEST_CASE(44, a0, CAUSE_IRQ | IRQ_STI, PRIV_REC(a0, priv_mrec, REC_LOG + 16))
#endif
  /* M-level interrupts come before S-level ones: with STI delegated and SSI not, both
     pending in S with SIE = 1, SSI goes to M first, then STI to S. */
  TEST_NUM(45)
  PRIV_REC_CLEAR(priv_mrec)
  PRIV_REC_CLEAR(priv_srec)
  li t0, MIP_STIP
  csrw mideleg, t0
  li t0, MIP_SSIP | MIP_STIP
  csrw mie, t0
  csrs mip, t0
  csrsi mstatus, ST_SIE
  li t0, ST_MPIE
  csrc mstatus, t0
  PRIV_MRET_TO(ST_MPP_S, 1f)
1:
  nop
  PRIV_REC(a0, priv_mrec, REC_COUNT)
  TEST_CHECK(a0, 1)
  TEST_CASE(46, a0, 1, PRIV_REC(a0, priv_srec, REC_COUNT))
  TEST_CASE(47, a0, CAUSE_IRQ | IRQ_STI, PRIV_REC(a0, priv_srec, REC_CAUSE))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  csrci mstatus, ST_SIE | ST_MIE
  li t0, MIP_STIP
  csrc mip, t0
  csrw mideleg, zero

  /* ---- wfi completes when an interrupt is pending and enabled in mie, even with MIE = 0
     (Priv 3.3.3); no trap is taken */
  TEST_NUM(50)
  PRIV_REC_CLEAR(priv_mrec)
  csrw mie, s0
  csrs mip, s0
  wfi
  PRIV_REC(a0, priv_mrec, REC_COUNT)
  TEST_CHECK(a0, 0)
  csrc mip, s0
  /* in S with the interrupt delegated, enabled in sie, but SIE = 0 */
  TEST_NUM(51)
  PRIV_REC_CLEAR(priv_srec)
  csrw mideleg, s0
  csrs mip, s0
  TEST_ENTER_MODE(TEST_MODE_S)
  csrci sstatus, ST_SIE
  wfi
  PRIV_REC(a0, priv_srec, REC_COUNT)
  TEST_CHECK(a0, 0)
  csrc sip, s0
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  csrw mideleg, zero
  csrw mie, zero

  TEST_PASS

/* M-mode vector table (mtvec MODE = 1): exceptions go to the harness handler; the stubs
   for SSI, STI and SEI log the interrupt and clear its pending bit, then mret. */
  .balign 256
priv_m_vectors:
  j test_trap_entry                          /* 0: exceptions */
  j priv_m_ssi                               /* 1: SSI */
  j test_fail
  j test_fail
  j test_fail
  j priv_m_sti                               /* 5: STI */
  j test_fail
  j test_fail
  j test_fail
  j priv_m_sei                               /* 9: SEI */
  j test_fail
  j test_fail
  j test_fail
  j test_fail
  j test_fail
  j test_fail

priv_m_ssi:
  csrw mscratch, t0
  li t0, MIP_SSIP
  j priv_m_irq
priv_m_sti:
  csrw mscratch, t0
  li t0, MIP_STIP
  j priv_m_irq
priv_m_sei:
  csrw mscratch, t0
  li t0, MIP_SEIP
/* Common tail: clear the mip bits in t0, log into priv_mrec, restore t0 from mscratch
   (and mscratch itself), mret. Uses t5, t6. */
priv_m_irq:
  csrc mip, t0
  la t6, priv_mrec
  ld t5, REC_COUNT(t6)
  addi t0, t5, 1
  sd t0, REC_COUNT(t6)
  slli t5, t5, 3
  add t5, t5, t6
  csrr t0, mcause
  sd t0, REC_LOG(t5)
  sd t0, REC_CAUSE(t6)
  csrr t0, mepc
  sd t0, REC_EPC(t6)
  csrr t0, mstatus
  sd t0, REC_STATUS(t6)
  csrr t0, mscratch
  la t6, test_trap_state
  csrw mscratch, t6
  mret

/* S-mode vector table (stvec MODE = 1): the SSI stub logs the interrupt and clears SSIP
   through sip; S cannot clear STIP, so the STI stub masks it in sie instead. Other vectors
   fail the test. */
  .balign 256
priv_s_vectors:
  j test_fail                                /* 0: exceptions are not delegated here */
  j priv_s_ssi                               /* 1: SSI */
  j test_fail
  j test_fail
  j test_fail
  j priv_s_sti                               /* 5: STI */
  j test_fail
  j test_fail
  j test_fail
  j test_fail
  j test_fail
  j test_fail
  j test_fail
  j test_fail
  j test_fail
  j test_fail

priv_s_ssi:
  csrw sscratch, t0
  li t0, MIP_SSIP
  csrc sip, t0
  j priv_s_irq
priv_s_sti:
  csrw sscratch, t0
  li t0, MIP_STIP
  csrc sie, t0
/* Common tail: log into priv_srec, restore t0 from sscratch, sret. Uses t5, t6. */
priv_s_irq:
  la t6, priv_srec
  ld t5, REC_COUNT(t6)
  addi t0, t5, 1
  sd t0, REC_COUNT(t6)
  slli t5, t5, 3
  add t5, t5, t6
  csrr t0, scause
  sd t0, REC_LOG(t5)
  sd t0, REC_CAUSE(t6)
  csrr t0, sepc
  sd t0, REC_EPC(t6)
  csrr t0, sstatus
  sd t0, REC_STATUS(t6)
  csrr t0, sscratch
  sret

TEST_DATA
priv_mrec:
  .skip REC_SIZE
priv_srec:
  .skip REC_SIZE
