/* SPDX-License-Identifier: MIT */
/* Sstc (Sstc 1.0): menvcfg.STCE and mcounteren.TM gate stimecmp below M; with STCE set,
   mip.STIP reflects time >= stimecmp and is no longer writable, and the S timer interrupt
   is taken in S (delegated) when enabled. */

#include "test.h"
#include "priv.h"

#define CAUSE_STI (CAUSE_IRQ | IRQ_STI)
#define ENVCFG_STCE 0x8000000000000000

/* Record kept by the S timer handler. */
#define REC_COUNT 0
#define REC_CAUSE 8
#define REC_EPC   16
#define PRIV_REC(reg, off) la reg, priv_srec; ld reg, off(reg)

/* reg <- mip.STIP (0 or 1) */
#define PRIV_STIP(reg) csrr reg, mip; srli reg, reg, 5; andi reg, reg, 1

TEST_BEGIN
  la t0, priv_s_timer
  csrw stvec, t0
  li s0, ENVCFG_STCE
  li s1, MIP_STIP
  csrw mideleg, zero
  csrw mie, zero

  /* ---- access rules: M always; S needs STCE and TM */
  csrw menvcfg, zero
  li t0, CNT_TM
  csrw mcounteren, t0
  TEST_CASE(1, a0, 0x1234, li a1, 0x1234; csrw stimecmp, a1; csrr a0, stimecmp)
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL32(2, csrr a0, stimecmp)
  PRIV_EXPECT_ILLEGAL32(3, csrw stimecmp, zero)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  csrw menvcfg, s0
  csrw mcounteren, zero
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL32(4, csrr a0, stimecmp)
  PRIV_EXPECT_ILLEGAL32(5, csrw stimecmp, zero)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  li t0, CNT_TM
  csrw mcounteren, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(6, a0, -1, li a1, -1; csrw stimecmp, a1; csrr a0, stimecmp)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  /* U-mode never accesses stimecmp (an S-level CSR) */
  csrw scounteren, t0
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL32(7, csrr a0, stimecmp)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  csrw scounteren, zero

  /* ---- with STCE = 1, STIP follows time >= stimecmp */
  csrci mstatus, ST_MIE
  li t0, -1
  csrw stimecmp, t0
  TEST_CASE(10, a0, 0, PRIV_STIP(a0))
  TEST_CASE(11, a0, 1, csrw stimecmp, zero; PRIV_STIP(a0))
  TEST_CASE(12, a0, 0, rdtime a1; li a2, 1 << 40; add a1, a1, a2; csrw stimecmp, a1; PRIV_STIP(a0))
  TEST_CASE(13, a0, 1, rdtime a1; csrw stimecmp, a1; PRIV_STIP(a0))
  /* a moment in the near future: not pending yet, pending once time has passed it
   * (100 ms ahead: a loaded host may stall the hart between rdtime and the read) */
  TEST_NUM(14)
  rdtime a1
  li a4, 1000000
  add a1, a1, a4
  csrw stimecmp, a1
  PRIV_STIP(a0)
  TEST_CHECK(a0, 0)
  /* (the timer is asynchronous: allow the pending bit a bounded delay to show) */
  TEST_NUM(15)
3:
  rdtime a2
  bltu a2, a1, 3b
  li a3, 1000000
1:
  PRIV_STIP(a0)
  bnez a0, 2f
  addi a3, a3, -1
  bnez a3, 1b
  j test_fail
2:
  rdtime a2
  bltu a2, a1, test_fail
  /* ...and STIP is read-only in mip */
  TEST_CASE(16, a0, 1, csrc mip, s1; PRIV_STIP(a0))
  TEST_CASE(17, a0, 0, li a1, -1; csrw stimecmp, a1; csrs mip, s1; PRIV_STIP(a0))

  /* ---- the S timer interrupt, delegated, in S */
  csrw mideleg, s1
  csrw mie, s1
  la t0, priv_srec
  sd zero, REC_COUNT(t0)
  TEST_ENTER_MODE(TEST_MODE_S)
  csrci sstatus, ST_SIE
  /* SIE = 0: pending but not taken */
  TEST_NUM(20)
  csrw stimecmp, zero
  nop
  PRIV_REC(a0, REC_COUNT)
  TEST_CHECK(a0, 0)
  TEST_CASE(21, a0, MIP_STIP, csrr a0, sip)
  /* SIE = 1: taken at once; the handler moves stimecmp to the far future */
  TEST_NUM(22)
  csrsi sstatus, ST_SIE
2:
  nop
  PRIV_REC(a0, REC_COUNT)
  TEST_CHECK(a0, 1)
  TEST_CASE(23, a0, CAUSE_STI, PRIV_REC(a0, REC_CAUSE))
  TEST_NUM(24)
  PRIV_REC(a0, REC_EPC)
  la a1, 2b
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(25, a0, 0, csrr a0, sip)
  /* a timer set slightly ahead fires by itself once time passes it */
  TEST_NUM(26)
  rdtime a1
  addi a1, a1, 1000
  csrw stimecmp, a1
  li a3, 10000000
1:
  PRIV_REC(a0, REC_COUNT)
  addi a0, a0, -2
  beqz a0, 1f
  addi a3, a3, -1
  bnez a3, 1b
  j test_fail
1:
  /* wfi waits for it; the trap is taken after the wfi (sepc = the next instruction) */
  TEST_NUM(27)
  rdtime a1
  li t0, 10000
  add a1, a1, t0
  csrw stimecmp, a1
  wfi
2:
  nop
  PRIV_REC(a0, REC_COUNT)
  TEST_CHECK(a0, 3)
  TEST_NUM(28)
  PRIV_REC(a0, REC_EPC)
  la a1, 2b
  TEST_CHECK_REG(a0, a1)
  csrci sstatus, ST_SIE
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- in U it is taken whatever SIE says */
  TEST_NUM(30)
  csrci mstatus, ST_SIE
  csrw stimecmp, zero
  TEST_ENTER_MODE(TEST_MODE_U)
  nop
  PRIV_REC(a0, REC_COUNT)
  TEST_CHECK(a0, 4)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  csrci mstatus, ST_MIE

  /* ---- in M with MIE = 0, wfi wakes up for the (not delegated, enabled) timer without
     taking it */
  TEST_NUM(31)
  csrw mideleg, zero
  csrw mie, s1
  rdtime a1
  li t0, 10000
  add a1, a1, t0
  csrw stimecmp, a1
  wfi
  rdtime a2
  bltu a2, a1, test_fail
  TEST_CASE(32, a0, 1, PRIV_STIP(a0))

  /* ---- STCE = 0: STIP is M's to write again and no longer follows stimecmp */
  csrw mie, zero
  csrw mideleg, zero
  csrw menvcfg, zero
  csrw stimecmp, zero
  TEST_CASE(33, a0, 0, csrc mip, s1; PRIV_STIP(a0))
  TEST_CASE(34, a0, 1, csrs mip, s1; PRIV_STIP(a0))
  csrc mip, s1
  csrw mcounteren, zero

  TEST_PASS

/* S-mode trap vector: only the S timer interrupt is expected. Log it, push stimecmp far
   into the future (clearing STIP), sret. */
  .balign 4
priv_s_timer:
  csrw sscratch, t0
  csrr t0, scause
  li t5, CAUSE_STI
  bne t0, t5, test_fail
  la t6, priv_srec
  sd t0, REC_CAUSE(t6)
  csrr t0, sepc
  sd t0, REC_EPC(t6)
  ld t0, REC_COUNT(t6)
  addi t0, t0, 1
  sd t0, REC_COUNT(t6)
  li t0, -1
  csrw stimecmp, t0
  csrr t0, sscratch
  sret

TEST_DATA
priv_srec:
  .skip 24
