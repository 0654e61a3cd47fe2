/* SPDX-License-Identifier: MIT */
/* Misaligned atomics below M (Unpriv "A", Priv 3.1.15): AMO/SC raise cause 6, LR cause 4,
   tval = the virtual address, in S and U, delegated to S and through Sv39; plain misaligned
   accesses still complete there. rv64a_misaligned.S covers M-mode. */

#include "test.h"
#include "priv.h"

#define VBUF 0x40000000

/* The AMO cause: QEMU 7.2 reports misaligned AMOs as load-address-misaligned. */
#ifdef PRIV_QEMU_7_2
#define CAUSE_AMO_MISALIGNED CAUSE_MISALIGNED_LOAD
#else
#define CAUSE_AMO_MISALIGNED CAUSE_MISALIGNED_STORE
#endif

#define PATTERN 0x0123456789abcdef

TEST_BEGIN
  la s0, buf
  la t0, priv_s_handler
  csrw stvec, t0

  /* ---- S-mode */
  TEST_ENTER_MODE(TEST_MODE_S)
  addi s1, s0, 2
  TEST_EXPECT_TRAP_REG(1, CAUSE_AMO_MISALIGNED, s1, amoadd.w a0, a1, (s1))
  addi s1, s0, 4
  TEST_EXPECT_TRAP_REG(2, CAUSE_AMO_MISALIGNED, s1, amoswap.d a0, a1, (s1))
  addi s1, s0, 1
  TEST_EXPECT_TRAP_REG(3, CAUSE_MISALIGNED_LOAD, s1, lr.w a0, (s1))
  addi s1, s0, 4
  TEST_EXPECT_TRAP_REG(4, CAUSE_MISALIGNED_LOAD, s1, lr.d a0, (s1))
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 lets a misaligned SC fail quietly */
  lr.w a0, (s0)
  addi s1, s0, 2
  TEST_EXPECT_TRAP_REG(5, CAUSE_MISALIGNED_STORE, s1, sc.w a0, a1, (s1))
#endif
  TEST_CASE(6, a0, PATTERN, ld a0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- U-mode */
  TEST_ENTER_MODE(TEST_MODE_U)
  addi s1, s0, 3
  TEST_EXPECT_TRAP_REG(10, CAUSE_AMO_MISALIGNED, s1, amoor.d a0, a1, (s1))
  addi s1, s0, 6
  TEST_EXPECT_TRAP_REG(11, CAUSE_AMO_MISALIGNED, s1, amomaxu.w a0, a1, (s1))
  addi s1, s0, 2
  TEST_EXPECT_TRAP_REG(12, CAUSE_MISALIGNED_LOAD, s1, lr.d a0, (s1))
  TEST_CASE(13, a0, PATTERN, ld a0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)

  /* ---- delegated to S: scause, stval, sepc */
  li t0, (1 << CAUSE_MISALIGNED_LOAD) | (1 << CAUSE_MISALIGNED_STORE)
  csrw medeleg, t0
  PRIV_S_EXPECT(1f)
  TEST_ENTER_MODE(TEST_MODE_U)
  addi s1, s0, 5
2:
  amoxor.w a0, a1, (s1)
  j test_fail
1:
  TEST_CASE(20, a0, CAUSE_AMO_MISALIGNED, PRIV_SREC(a0, SREC_CAUSE))
  TEST_NUM(21)
  PRIV_SREC(a0, SREC_TVAL)
  TEST_CHECK_REG(a0, s1)
  TEST_NUM(22)
  PRIV_SREC(a0, SREC_EPC)
  la a1, 2b
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(23, a0, 0, PRIV_SREC(a0, SREC_STATUS); andi a0, a0, ST_SPP)
  PRIV_S_EXPECT(1f)
  TEST_ENTER_MODE(TEST_MODE_S)
  addi s1, s0, 4
2:
  lr.d a0, (s1)
  j test_fail
1:
  TEST_CASE(24, a0, CAUSE_MISALIGNED_LOAD, PRIV_SREC(a0, SREC_CAUSE))
  TEST_NUM(25)
  PRIV_SREC(a0, SREC_TVAL)
  TEST_CHECK_REG(a0, s1)
  TEST_CASE(26, a0, ST_SPP, PRIV_SREC(a0, SREC_STATUS); andi a0, a0, ST_SPP)
  csrw medeleg, zero

  /* ---- through Sv39: mtval is the virtual address */
  PRIV_MAP(pt_root, 2, _start, PTE_RWX)
  PRIV_MAP(pt_root, 1, pt_l1, PTE_V)
  PRIV_MAP(pt_l1, 0, pt_l0, PTE_V)
  PRIV_MAP(pt_l0, 0, buf, PTE_RW)
  PRIV_SET_SATP(SATP_SV39, pt_root)
  TEST_ENTER_MODE(TEST_MODE_S)
  li s1, VBUF + 2
  TEST_EXPECT_TRAP_REG(30, CAUSE_AMO_MISALIGNED, s1, amomin.w a0, a1, (s1))
  li s1, VBUF + 12
  TEST_EXPECT_TRAP_REG(31, CAUSE_AMO_MISALIGNED, s1, amoand.d a0, a1, (s1))
  li s1, VBUF + 3
  TEST_EXPECT_TRAP_REG(32, CAUSE_MISALIGNED_LOAD, s1, lr.w a0, (s1))
  /* plain misaligned accesses complete */
  TEST_CASE(33, a0, 0x456789ab, li a1, VBUF + 2; lwu a0, 0(a1))
  TEST_CASE(34, a0, 0x55aa, li a1, VBUF + 9; li a2, 0x55aa; sh a2, 0(a1); lhu a0, 0(a1))
  /* aligned AMOs work through the mapping */
  TEST_CASE(35, a0, PATTERN, li a1, VBUF; li a2, 0; amoadd.d a0, a2, (a1))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  csrw satp, zero
  sfence.vma

  TEST_PASS

/* S-mode trap vector for the delegated cases. */
PRIV_S_HANDLER

  .data
  .balign 4096
buf:       .dword PATTERN, 0
  .balign 4096
pt_root:   .skip 4096
pt_l1:     .skip 4096
pt_l0:     .skip 4096
priv_srec: .skip SREC_SIZE
