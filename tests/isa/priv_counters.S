/* SPDX-License-Identifier: MIT */
/* Counters (Zicntr, Priv 3.1.10-3.1.13, 4.1.5): cycle/instret/time advance, mcycle/minstret
   are writable, mcountinhibit freezes them, and mcounteren/scounteren gate the user-level
   counter CSRs in S and U (illegal instruction when the bit is clear). */

#include "test.h"
#include "priv.h"

/* Reading `csr` must not trap. */
#define PRIV_EXPECT_READ(n, csr) TEST_CASE(n, a0, 0, li a0, 1; csrr a1, csr; li a0, 0)

/* How far minstret may move between two nearby reads (QEMU 7.2 counts host ticks). */
#ifdef PRIV_QEMU_7_2
#define PRIV_INSTRET_SLACK 0x10000000
#else
#define PRIV_INSTRET_SLACK 10
#endif

/* Busy loop of `count` iterations. Uses t0. */
#define PRIV_SPIN(count) li t0, count; 8990: addi t0, t0, -1; bnez t0, 8990b

TEST_BEGIN
  /* ---- the counters advance (in M, where mcounteren does not apply) */
  TEST_NUM(1)
  rdcycle a1
  PRIV_SPIN(1000)
  rdcycle a2
  TEST_CHECK(a0, 0)
  bgeu a1, a2, test_fail
  TEST_NUM(2)
  rdinstret a1
  PRIV_SPIN(1000)
  rdinstret a2
  sub a0, a2, a1
  li a3, 2000                                /* at least the loop's 2000 instructions */
  bltu a0, a3, test_fail
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 -M spike has no time CSR */
  TEST_NUM(3)
  rdtime a1
  PRIV_SPIN(200000)
  rdtime a2
  bgeu a1, a2, test_fail
#endif
  /* instret and cycle read the same counters as minstret and mcycle */
  TEST_NUM(4)
  csrr a1, minstret
  rdinstret a2
  bgeu a1, a2, test_fail
  sub a0, a2, a1
  li a3, PRIV_INSTRET_SLACK
  sltu a0, a0, a3
  TEST_CHECK(a0, 1)
  TEST_NUM(5)
  csrr a1, mcycle
  rdcycle a2
  bltu a2, a1, test_fail

  /* ---- mcycle and minstret are writable */
  TEST_NUM(6)
  li a1, 0x100000000
  csrw minstret, a1
  csrr a2, minstret
  sub a0, a2, a1
  li a3, PRIV_INSTRET_SLACK
  sltu a0, a0, a3
  TEST_CHECK(a0, 1)
  TEST_NUM(7)
  li a1, 0x200000000
  csrw mcycle, a1
  csrr a2, mcycle
  bltu a2, a1, test_fail
  sub a0, a2, a1
  li a3, 1000000
  bgeu a0, a3, test_fail

  /* ---- mcountinhibit (Priv 3.1.12): CY and IR freeze mcycle and minstret; TM is
     read-only zero */
  TEST_NUM(10)
  li a1, CNT_CY | CNT_IR
  csrw mcountinhibit, a1
  csrr a1, minstret
  csrr a2, mcycle
  PRIV_SPIN(100)
  csrr a3, minstret
  csrr a4, mcycle
  TEST_CHECK_REG(a1, a3)
  TEST_NUM(13)
  TEST_CHECK_REG(a2, a4)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 keeps mcountinhibit.TM */
  TEST_NUM(11)
  li a1, CNT_CY | CNT_TM | CNT_IR
  csrw mcountinhibit, a1
  csrr a0, mcountinhibit
  andi a0, a0, 7
  TEST_CHECK(a0, CNT_CY | CNT_IR)
#endif
  TEST_NUM(12)
  csrw mcountinhibit, zero
  csrr a1, minstret
  PRIV_SPIN(100)
  csrr a2, minstret
  bgeu a1, a2, test_fail

  /* ---- S-mode: gated by mcounteren */
  csrw mcounteren, zero
  csrw scounteren, zero
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL32(20, rdcycle a0)
  PRIV_EXPECT_ILLEGAL32(21, rdtime a0)
  PRIV_EXPECT_ILLEGAL32(22, rdinstret a0)
  PRIV_EXPECT_ILLEGAL32(23, csrr a0, hpmcounter3)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  li t0, CNT_CY | CNT_TM | CNT_IR | CNT_HPM3
  csrw mcounteren, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_READ(24, cycle)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 -M spike has no time CSR */
  PRIV_EXPECT_READ(25, time)
#endif
  PRIV_EXPECT_READ(26, instret)
  PRIV_EXPECT_READ(27, hpmcounter3)
  TEST_NUM(28)                               /* instret counts in S too */
  rdinstret a1
  PRIV_SPIN(10)
  rdinstret a2
  bgeu a1, a2, test_fail
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  /* each bit gates its own counter */
  li t0, CNT_IR
  csrw mcounteren, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_READ(29, instret)
  PRIV_EXPECT_ILLEGAL32(30, rdcycle a0)
  PRIV_EXPECT_ILLEGAL32(31, rdtime a0)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- U-mode: needs the bit in both mcounteren and scounteren */
  li t0, CNT_CY | CNT_TM | CNT_IR
  csrw mcounteren, t0
  csrw scounteren, zero
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL32(40, rdcycle a0)
  PRIV_EXPECT_ILLEGAL32(41, rdtime a0)
  PRIV_EXPECT_ILLEGAL32(42, rdinstret a0)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  csrw scounteren, t0
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_READ(43, cycle)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 -M spike has no time CSR */
  PRIV_EXPECT_READ(44, time)
#endif
  PRIV_EXPECT_READ(45, instret)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  csrw mcounteren, zero
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL32(46, rdcycle a0)
  PRIV_EXPECT_ILLEGAL32(47, rdtime a0)
  PRIV_EXPECT_ILLEGAL32(48, rdinstret a0)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  li t0, CNT_TM
  csrw mcounteren, t0
  csrw scounteren, t0
  TEST_ENTER_MODE(TEST_MODE_U)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 -M spike has no time CSR */
  PRIV_EXPECT_READ(49, time)
#endif
  PRIV_EXPECT_ILLEGAL32(50, rdcycle a0)
  PRIV_EXPECT_ILLEGAL32(51, rdinstret a0)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  /* hpmcounter3, 17 and 31 follow bits 3, 17 and 31 the same way */
  li t0, CNT_HPM3
  csrw mcounteren, t0
  csrw scounteren, zero
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL32(55, csrr a0, hpmcounter3)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  csrw scounteren, t0
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_READ(56, hpmcounter3)
  PRIV_EXPECT_ILLEGAL32(57, csrr a0, hpmcounter17)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  li t0, 1 << 17
  csrw mcounteren, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_READ(58, hpmcounter17)
  PRIV_EXPECT_ILLEGAL32(59, csrr a0, hpmcounter3)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 has hpmcounter3..18 only */
  li t0, 1 << 31
  csrw mcounteren, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_READ(60, hpmcounter31)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  csrw mcounteren, zero
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL32(61, csrr a0, hpmcounter31)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
#endif
  /* writes to the user-level counters are illegal in any mode (read-only CSRs) */
  PRIV_EXPECT_ILLEGAL32(52, csrw cycle, zero)
  PRIV_EXPECT_ILLEGAL32(53, csrw time, zero)
  csrw mcounteren, zero
  csrw scounteren, zero

  TEST_PASS
