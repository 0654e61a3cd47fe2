/* SPDX-License-Identifier: MIT */
/* Svpbmt (Priv 1.12 ch. "Svpbmt") and reserved PTE bits (Priv 4.4.1): with menvcfg.PBMTE
   set, PBMT = NC or IO pages work and PBMT = 3 faults; with it clear any PBMT faults, as
   do PBMT on a pointer and bits 60:54 set. Sv39. */

#include "test.h"
#include "priv.h"

#define PBMT_NC 0x2000000000000000
#define PBMT_IO 0x4000000000000000
#define PBMT_RSV 0x6000000000000000
#define PTE_BIT54 0x0040000000000000
#define PTE_BIT60 0x1000000000000000
#define ENVCFG_PBMTE 0x4000000000000000

#define VPTR_PBMT 0x40200000                   /* pt_l1 entry 1: pointer with PBMT = NC */
#define PG_PMA 0
#define PG_NC  1
#define PG_IO  2
#define PG_RSV 3
#define PG_B54 4
#define PG_B60 5

#define MAGIC 0x9b9b7171c3c31515

TEST_BEGIN
  PRIV_MAP_PA(pt_root, 2, 0x80000000, PTE_RWX)
  PRIV_MAP(pt_root, 1, pt_l1, PTE_V)
  PRIV_MAP(pt_l1, 0, pt_l0, PTE_V)
  PRIV_MAP(pt_l1, 1, pt_l0, PTE_V | PBMT_NC)
  PRIV_MAP(pt_l0, PG_PMA, page, PTE_RW)
  PRIV_MAP(pt_l0, PG_NC, page, PTE_RW | PBMT_NC)
  PRIV_MAP(pt_l0, PG_IO, page, PTE_RW | PBMT_IO)
  PRIV_MAP(pt_l0, PG_RSV, page, PTE_RW | PBMT_RSV)
  PRIV_MAP(pt_l0, PG_B54, page, PTE_RW | PTE_BIT54)
  PRIV_MAP(pt_l0, PG_B60, page, PTE_RW | PTE_BIT60)
  PRIV_SET_SATP(SATP_SV39, pt_root)

  /* ---- PBMTE = 1 */
  li t0, ENVCFG_PBMTE
  csrs menvcfg, t0
  TEST_CASE(1, a0, ENVCFG_PBMTE, csrr a0, menvcfg; li t0, ENVCFG_PBMTE; and a0, a0, t0)
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(2, a0, MAGIC, li a1, VPAGE(PG_PMA); ld a0, 0(a1))
  TEST_CASE(3, a0, MAGIC, li a1, VPAGE(PG_NC); ld a0, 0(a1))
  TEST_CASE(4, a0, 0x42, li a1, VPAGE(PG_NC); li a0, 0x42; sd a0, 8(a1); li a1, VPAGE(PG_PMA); ld a0, 8(a1))
  TEST_CASE(5, a0, MAGIC, li a1, VPAGE(PG_IO); ld a0, 0(a1))
  TEST_CASE(6, a0, 0x43, li a1, VPAGE(PG_IO); li a0, 0x43; sd a0, 8(a1); li a1, VPAGE(PG_PMA); ld a0, 8(a1))
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 maps PBMT = 3 */
  li s0, VPAGE(PG_RSV) + 0x10
  TEST_EXPECT_TRAP_REG(7, CAUSE_LOAD_PAGE_FAULT, s0, ld a0, 0(s0))
  TEST_EXPECT_TRAP_REG(8, CAUSE_STORE_PAGE_FAULT, s0, sd zero, 0(s0))
#endif
  /* PBMT on a pointer is reserved */
  li s1, VPTR_PBMT
  TEST_EXPECT_TRAP_REG(9, CAUSE_LOAD_PAGE_FAULT, s1, ld a0, 0(s1))
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 ignores bits 60:54 */
  /* bits 60:54 are reserved */
  li s2, VPAGE(PG_B54)
  TEST_EXPECT_TRAP_REG(10, CAUSE_LOAD_PAGE_FAULT, s2, ld a0, 0(s2))
  li s2, VPAGE(PG_B60) + 0x7f8
  TEST_EXPECT_TRAP_REG(11, CAUSE_STORE_PAGE_FAULT, s2, sd zero, 0(s2))
#endif
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- PBMTE = 0: PBMT bits are reserved */
  li t0, ENVCFG_PBMTE
  csrc menvcfg, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  sfence.vma
  TEST_CASE(20, a0, MAGIC, li a1, VPAGE(PG_PMA); ld a0, 0(a1))
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 ignores menvcfg.PBMTE */
  li s0, VPAGE(PG_NC)
  TEST_EXPECT_TRAP_REG(21, CAUSE_LOAD_PAGE_FAULT, s0, ld a0, 0(s0))
  li s0, VPAGE(PG_IO) + 8
  TEST_EXPECT_TRAP_REG(22, CAUSE_STORE_PAGE_FAULT, s0, sd zero, 0(s0))
#endif
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  csrw satp, zero
  sfence.vma
  TEST_PASS

  .data
  .balign 4096
pt_root: .skip 4096
pt_l1:   .skip 4096
pt_l0:   .skip 4096
page:    .dword MAGIC, 0
