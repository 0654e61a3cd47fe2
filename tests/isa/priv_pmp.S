/* SPDX-License-Identifier: MIT */
/* PMP (Priv 3.7): TOR/NA4/NAPOT at 4-byte granularity, access faults 1/5/7 (mtval = address)
   for S and U, partial matches, lowest-numbered match, no-match denial, locked entries
   binding M, lock rules, PMP on page walks, WARL fields. */

#include "test.h"
#include "priv.h"

#define CFG(entry, v) ((v) << (((entry) % 8) * 8))

/* pmpaddrN <- address of label (+ off) >> 2, ORed with low (NAPOT size bits). Uses t0. */
#define PRIV_PMPADDR(csr, label, off, low) la t0, label + (off); srli t0, t0, 2; ori t0, t0, low; csrw csr, t0

/* Each case is armed in M, then runs only its own instructions below M: nothing else
   there needs PMP permission. */

/* insn runs in the mode of mpp without a trap; an ecall (cause ecause) returns to M. */
#define PRIV_OK_IN(n, mpp, ecause, insn...) \
  TEST_NUM(n); \
  TEST_ARM_TRAP(TEST_EXPECT_TVAL | TEST_EXPECT_RESUME_M, ecause, 0, 8996f); \
  PRIV_MRET_TO(mpp, 8995f); \
8995: insn; \
  ecall; \
  j test_fail; \
8996:
#define PRIV_S_OK(n, insn...) PRIV_OK_IN(n, ST_MPP_S, CAUSE_SUPERVISOR_ECALL, insn)
#define PRIV_U_OK(n, insn...) PRIV_OK_IN(n, ST_MPP_U, CAUSE_USER_ECALL, insn)

/* The first instruction of insn, run in the mode of mpp, must trap with cause and
   mtval = tvalreg; M resumes after the check of mepc. */
#define PRIV_FAULT_IN(n, mpp, cause, tvalreg, insn...) \
  TEST_NUM(n); \
  TEST_ARM_TRAP_REG(TEST_EXPECT_TVAL | TEST_EXPECT_RESUME_M, cause, tvalreg, 8996f); \
  PRIV_MRET_TO(mpp, 8995f); \
8995: insn; \
  j test_fail; \
8996: \
  la t6, test_trap_state; \
  ld t5, TEST_TS_LAST_EPC(t6); \
  la t6, 8995b; \
  TEST_CHECK_REG(t5, t6)
#define PRIV_S_FAULT(n, cause, tvalreg, insn...) PRIV_FAULT_IN(n, ST_MPP_S, cause, tvalreg, insn)
#define PRIV_U_FAULT(n, cause, tvalreg, insn...) PRIV_FAULT_IN(n, ST_MPP_U, cause, tvalreg, insn)

/* A jump to reg in the mode of mpp must raise an instruction access fault with
   mepc = mtval = reg (M-mode when mpp is ST_MPP_M). Uses ra. */
#define PRIV_FETCH_FAULT_IN(n, mpp, reg) \
  TEST_NUM(n); \
  TEST_ARM_TRAP_REG(TEST_EXPECT_TVAL | TEST_EXPECT_RESUME_M, CAUSE_FETCH_ACCESS, reg, 8996f); \
  PRIV_MRET_TO(mpp, 8995f); \
8995: jalr ra, 0(reg); \
  j test_fail; \
8996: \
  la t6, test_trap_state; \
  ld t5, TEST_TS_LAST_EPC(t6); \
  TEST_CHECK_REG(t5, reg)

/* Entering mode mpp at its first instruction must raise an instruction access fault
   (mepc = mtval = that instruction). */
#define PRIV_ENTRY_FETCH_FAULT(n, mpp) \
  TEST_NUM(n); \
  la a0, 8995f; \
  TEST_ARM_TRAP_REG(TEST_EXPECT_TVAL | TEST_EXPECT_RESUME_M, CAUSE_FETCH_ACCESS, a0, 8996f); \
  PRIV_MRET_TO(mpp, 8995f); \
8995: nop; \
  j test_fail; \
8996: \
  la t6, test_trap_state; \
  ld t5, TEST_TS_LAST_EPC(t6); \
  TEST_CHECK_REG(t5, a0)

TEST_BEGIN
  /* ---- WARL: 4-byte granularity (G = 0) shows as writable low bits; 16 entries */
  csrw pmpcfg2, zero
  TEST_CASE(1, a0, 0x3fffffffffffff, li a1, -1; csrw pmpaddr11, a1; csrr a0, pmpaddr11; li t0, 0x3fffffffffffff; and a0, a0, t0)
  TEST_CASE(2, a0, 0x12345, li a1, 0x12345; csrw pmpaddr15, a1; csrr a0, pmpaddr15)
  TEST_CASE(3, a0, CFG(15, PMP_NAPOT | PMP_R), li a1, CFG(15, PMP_NAPOT | PMP_R); csrw pmpcfg2, a1; csrr a0, pmpcfg2)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 keeps R = 0, W = 1 */
  /* R = 0, W = 1 is reserved and must not read back (Priv 3.7.1) */
  TEST_NUM(4)
  li a1, CFG(9, PMP_NAPOT | PMP_W)
  csrw pmpcfg2, a1
  csrr a0, pmpcfg2
  srli a0, a0, 8
  andi a0, a0, PMP_R | PMP_W
  li a1, PMP_W
  beq a0, a1, test_fail
#endif
  /* odd pmpcfg registers do not exist on RV64 */
  TEST_EXPECT_TRAP_ANY_TVAL(5, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, pmpcfg1)
  TEST_EXPECT_TRAP_ANY_TVAL(6, CAUSE_ILLEGAL_INSTRUCTION, csrw pmpcfg3, zero)

  /* ---- the layout below; entry 15 is a background NAPOT RWX over everything */
  csrw pmpcfg0, zero
  csrw pmpcfg2, zero
  PRIV_PMPADDR(pmpaddr0, region_a, 0, 0)
  PRIV_PMPADDR(pmpaddr1, region_a, 4096, 0)        /* 1: TOR [a, a+4K) R */
  PRIV_PMPADDR(pmpaddr2, region_b, 0, 0)
  PRIV_PMPADDR(pmpaddr3, region_b, 2052, 0)        /* 3: TOR [b, b+2052) RW */
  PRIV_PMPADDR(pmpaddr4, region_c, 0, 0x1ff)       /* 4: NAPOT 4K, no access */
  PRIV_PMPADDR(pmpaddr5, region_d, 0, 0)           /* 5: NAPOT 8 bytes, no access */
  PRIV_PMPADDR(pmpaddr6, region_d, 16, 0)          /* 6: NA4, no access */
  PRIV_PMPADDR(pmpaddr7, region_e, 0, 0x1ff)       /* 7: NAPOT 4K, R */
  PRIV_PMPADDR(pmpaddr8, region_e, 0, 0x3ff)       /* 8: NAPOT 8K over 7, RW */
  PRIV_PMPADDR(pmpaddr9, region_f, 0, 0x1ff)       /* 9: NAPOT 4K, RW */
  PRIV_PMPADDR(pmpaddr10, region_f, 0, 0x1ff)      /* 10: the same, no access */
  li t0, -1
  csrw pmpaddr15, t0
  li t0, CFG(1, PMP_TOR | PMP_R) | CFG(3, PMP_TOR | PMP_R | PMP_W) | CFG(4, PMP_NAPOT) | \
         CFG(5, PMP_NAPOT) | CFG(6, PMP_NA4) | CFG(7, PMP_NAPOT | PMP_R)
  csrw pmpcfg0, t0
  li t0, CFG(8, PMP_NAPOT | PMP_R | PMP_W) | CFG(9, PMP_NAPOT | PMP_R | PMP_W) | \
         CFG(10, PMP_NAPOT) | CFG(15, PMP_NAPOT | PMP_R | PMP_W | PMP_X)
  csrw pmpcfg2, t0
  la s0, region_a
  la s1, region_b
  la s2, region_c
  la s3, region_d
  la s4, region_e
  la s5, region_f

  /* ---- TOR, read-only */
  PRIV_S_OK(10, ld a0, 0(s0); li a2, 4088; add a2, s0, a2; ld a1, 0(a2))
  TEST_CHECK(a0, 0xa0a0)
  addi a1, s0, 8
  PRIV_S_FAULT(11, CAUSE_STORE_ACCESS, a1, sd zero, 8(s0))
  addi a1, s0, 2046
  addi a1, a1, 2046
  PRIV_S_FAULT(12, CAUSE_STORE_ACCESS, a1, sw zero, 0(a1))
  /* just below and just above the range: the background entry */
  PRIV_S_OK(13, sd zero, -8(s0); li a1, 4096; add a1, s0, a1; lw a0, 0(a1))
  PRIV_S_FAULT(14, CAUSE_STORE_ACCESS, s0, amoor.w a0, zero, (s0))
  PRIV_FETCH_FAULT_IN(15, ST_MPP_S, s0)
  /* the store did not happen */
  TEST_CASE(16, a0, 0xa0a0, ld a0, 0(s0))

  /* ---- TOR whose top is not 8-aligned: an access must match all its bytes */
  PRIV_S_OK(20, ld a0, 2040(s1); sd a0, 2040(s1); addi a2, s1, 2047; lw a0, 1(a2))
  addi a1, s1, 2047
  addi a1, a1, 1
  PRIV_S_FAULT(21, CAUSE_LOAD_ACCESS, a1, ld a0, 0(a1))
  PRIV_S_FAULT(22, CAUSE_STORE_ACCESS, a1, sd zero, 0(a1))
  PRIV_S_OK(23, addi a1, a1, 8; ld a0, 0(a1); sd a0, 0(a1))

  /* ---- NAPOT 4 KiB without permissions */
  PRIV_S_FAULT(30, CAUSE_LOAD_ACCESS, s2, ld a0, 0(s2))
  li a1, 4095
  add a1, s2, a1
  PRIV_S_FAULT(31, CAUSE_STORE_ACCESS, a1, sb zero, 0(a1))
  addi a1, s2, 16
  PRIV_FETCH_FAULT_IN(32, ST_MPP_S, a1)
  PRIV_U_FAULT(33, CAUSE_LOAD_ACCESS, s2, lbu a0, 0(s2))
  /* a misaligned load crossing into it: mtval is the address of the part that faulted
     (Priv 3.1.16) */
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 reports the start of the access */
  addi a1, s2, -4
  PRIV_S_FAULT(34, CAUSE_LOAD_ACCESS, s2, ld a0, 0(a1))
#endif

  /* ---- NAPOT 8 bytes and NA4 */
  PRIV_S_FAULT(40, CAUSE_LOAD_ACCESS, s3, ld a0, 0(s3))
  addi a1, s3, 4
  PRIV_S_FAULT(41, CAUSE_LOAD_ACCESS, a1, lw a0, 0(a1))
  PRIV_S_OK(42, ld a0, 8(s3); lw a0, 12(s3); lw a0, 20(s3); sw zero, 20(s3))
  addi a1, s3, 16
  PRIV_S_FAULT(43, CAUSE_LOAD_ACCESS, a1, lw a0, 0(a1))
  PRIV_S_FAULT(44, CAUSE_STORE_ACCESS, a1, sw zero, 0(a1))
  PRIV_S_FAULT(45, CAUSE_LOAD_ACCESS, a1, ld a0, 0(a1))
  addi a1, s3, 18
  PRIV_S_FAULT(46, CAUSE_STORE_ACCESS, a1, sh zero, 0(a1))

  /* ---- the lowest-numbered matching entry decides */
  PRIV_S_FAULT(50, CAUSE_STORE_ACCESS, s4, sd zero, 0(s4))
  PRIV_S_OK(51, ld a0, 0(s4); li a1, 4096; add a1, s4, a1; sd zero, 0(a1))
  PRIV_S_OK(52, sd zero, 0(s5); ld a0, 0(s5))
  /* a changed entry applies at once (Bare mode needs no sfence.vma, Priv 3.7.2) */
  li t0, CFG(8, PMP_NAPOT | PMP_R | PMP_W) | CFG(9, PMP_NAPOT | PMP_R) | \
         CFG(10, PMP_NAPOT) | CFG(15, PMP_NAPOT | PMP_R | PMP_W | PMP_X)
  csrw pmpcfg2, t0
  PRIV_S_FAULT(53, CAUSE_STORE_ACCESS, s5, sd zero, 0(s5))
  li t0, CFG(8, PMP_NAPOT | PMP_R | PMP_W) | CFG(9, PMP_NAPOT | PMP_R | PMP_W) | \
         CFG(10, PMP_NAPOT) | CFG(15, PMP_NAPOT | PMP_R | PMP_W | PMP_X)
  csrw pmpcfg2, t0
  PRIV_S_OK(54, sd zero, 0(s5))

  /* ---- U-mode obeys the same entries */
  PRIV_U_OK(60, ld a0, 0(s0); sd zero, 8(s1))
  PRIV_U_FAULT(61, CAUSE_STORE_ACCESS, s0, sd zero, 0(s0))

  /* ---- M-mode ignores unlocked entries */
  TEST_CASE(62, a0, 0x11, li a0, 0x11; sb a0, 1(s0); lbu a0, 1(s0))
  TEST_CASE(63, a0, 0, li a0, 1; ld a0, 0(s2))

  /* ---- no entry matches: S and U are denied, M is not */
  csrw pmpcfg2, zero
  li t0, CFG(5, PMP_NAPOT | PMP_R | PMP_W | PMP_X)
  csrw pmpcfg0, t0
  PRIV_ENTRY_FETCH_FAULT(70, ST_MPP_S)
  PRIV_ENTRY_FETCH_FAULT(71, ST_MPP_U)
  TEST_CASE(72, a0, 0, ld a0, 0(s2))
  /* TOR over the code only (below the data): S runs, but has no data access */
  li t0, 0x80000000 >> 2
  csrw pmpaddr0, t0
  PRIV_PMPADDR(pmpaddr1, region_a, 0, 0)
  li t0, CFG(1, PMP_TOR | PMP_X)
  csrw pmpcfg0, t0
  PRIV_S_FAULT(73, CAUSE_LOAD_ACCESS, s5, ld a0, 0(s5))
  PRIV_S_OK(74, nop)

  /* ---- page-table walks are checked as S-mode reads (Priv 3.7.1) */
  csrw pmpcfg0, zero
  li t0, -1
  csrw pmpaddr15, t0
  li t0, CFG(15, PMP_NAPOT | PMP_R | PMP_W | PMP_X)
  csrw pmpcfg2, t0
  PRIV_PMPADDR(pmpaddr0, pt_root, 0, 0x1ff)
  li t0, CFG(0, PMP_NAPOT)
  csrw pmpcfg0, t0
  li t0, ((0x80000000 >> 12) << 10) | PTE_RWX
  la t1, pt_root
  sd t0, 16(t1)
  srli t0, t1, 12
  li t1, SATP_SV39
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  PRIV_ENTRY_FETCH_FAULT(80, ST_MPP_S)
  /* readable page table: the walk succeeds */
  li t0, CFG(0, PMP_NAPOT | PMP_R)
  csrw pmpcfg0, t0
  PRIV_S_OK(81, ld a0, 0(s5))
  /* the walk must set A in a PTE it may not write: access fault for the original access
     (Priv 4.3.2 step 7), mtval = the virtual address */
  li t0, ((0x80000000 >> 12) << 10) | (PTE_RWX & ~PTE_AD)
  la t1, pt_root
  sd t0, 8(t1)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 sets A without a PMP check */
  li a1, 0x40000000 - 0x80000000
  add a1, s5, a1
  PRIV_S_FAULT(82, CAUSE_LOAD_ACCESS, a1, ld a0, 0(a1))
  TEST_CASE(83, a0, 0, la t1, pt_root; ld a0, 8(t1); andi a0, a0, 0xc0)
#endif
  /* a translated access to a PMP-denied page: access fault, mtval = the virtual address */
  li t0, ((0x80000000 >> 12) << 10) | PTE_RWX
  la t1, pt_root
  sd t0, 24(t1)
  PRIV_PMPADDR(pmpaddr1, region_c, 0, 0x1ff)
  li t0, CFG(0, PMP_NAPOT | PMP_R) | CFG(1, PMP_NAPOT)
  csrw pmpcfg0, t0
  li a1, 0xc0000000 - 0x80000000
  add a1, s2, a1
  PRIV_S_FAULT(84, CAUSE_STORE_ACCESS, a1, sd zero, 0(a1))
  PRIV_S_FAULT(85, CAUSE_LOAD_ACCESS, a1, ld a0, 0(a1))
  PRIV_S_OK(86, li a1, 0xc0000000 - 0x80000000; add a1, s5, a1; ld a0, 0(a1))
  csrw satp, zero
  sfence.vma
  csrw pmpcfg0, zero

  /* ---- locked entries bind M-mode too and cannot be changed */
  la s6, region_g
  la s7, region_h
  PRIV_PMPADDR(pmpaddr12, region_g, 0, 0)
  PRIV_PMPADDR(pmpaddr13, region_g, 4096, 0)
  PRIV_PMPADDR(pmpaddr14, region_h, 0, 0x1ff)
  li s8, CFG(13, PMP_TOR | PMP_R | PMP_L) | CFG(14, PMP_NAPOT | PMP_L) | \
         CFG(15, PMP_NAPOT | PMP_R | PMP_W | PMP_X)
  csrw pmpcfg2, s8
  TEST_CASE(90, a0, 0x96, ld a0, 0(s6))
  TEST_EXPECT_TRAP_REG(91, CAUSE_STORE_ACCESS, s6, sd zero, 0(s6))
  TEST_EXPECT_TRAP_REG(92, CAUSE_LOAD_ACCESS, s7, ld a0, 0(s7))
  PRIV_FETCH_FAULT_IN(93, ST_MPP_M, s7)
  /* writes to a locked entry's pmpaddr and cfg byte are ignored; for a locked TOR entry,
     so are writes to the pmpaddr below it */
  TEST_NUM(94)
  csrr a1, pmpaddr13
  csrw pmpaddr13, zero
  csrr a0, pmpaddr13
  TEST_CHECK_REG(a0, a1)
  TEST_NUM(95)
  csrr a1, pmpaddr12
  csrw pmpaddr12, zero
  csrr a0, pmpaddr12
  TEST_CHECK_REG(a0, a1)
  TEST_NUM(96)
  csrr a1, pmpaddr14
  csrw pmpaddr14, zero
  csrr a0, pmpaddr14
  TEST_CHECK_REG(a0, a1)
  TEST_NUM(97)
  li t0, CFG(15, PMP_NAPOT | PMP_R | PMP_W | PMP_X) | CFG(8, PMP_NAPOT)
  csrw pmpcfg2, t0
  csrr a0, pmpcfg2
  li a1, CFG(8, PMP_NAPOT)
  or a1, a1, s8
  TEST_CHECK_REG(a0, a1)
  /* S-mode is bound by them as well */
  PRIV_S_FAULT(98, CAUSE_STORE_ACCESS, s6, sd zero, 0(s6))
  PRIV_S_OK(99, ld a0, 8(s6))

  TEST_PASS

  .data
  .balign 4096
pad:      .skip 4096
region_a: .dword 0xa0a0
  .balign 4096
region_b: .skip 4096
region_c: .skip 4096
region_d: .skip 4096
  .balign 8192
region_e: .skip 8192
region_f: .skip 4096
region_g: .dword 0x96
  .balign 4096
region_h: .skip 4096
pt_root:  .skip 4096
