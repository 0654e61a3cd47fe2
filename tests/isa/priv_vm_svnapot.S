/* SPDX-License-Identifier: MIT */
/* Svnapot (Priv 1.12 ch. "Svnapot"): a 64 KiB NAPOT mapping (N = 1, PPN[3:0] = 1000)
   takes PPN[3:0] from the virtual address; other N encodings, N on a superpage leaf and N
   on a pointer are reserved and raise page faults. Sv39. */

#include "test.h"
#include "priv.h"

#define PTE_N 0x8000000000000000
#define NAPOT_64K 0x8                          /* PPN[3:0] of a 64 KiB NAPOT PTE */

#define VBASE 0x40000000
#define VNAPOT (VBASE + 0x10000)               /* pt_l0 entries 16..31 */
#define VBAD_ENC (VBASE + 0x20000)             /* entries 32..47: N with PPN[3:0] = 0100 */
#define VMEGA_N (VBASE + 0x200000)             /* pt_l1 entry 1: megapage with N */
#define VPTR_N (VBASE + 0x400000)              /* pt_l1 entry 2: pointer with N */

/* table[index] <- PTE for label pa, its PPN ORed with ppn_or, with flags. Uses t0-t2. */
#define PRIV_MAP_PPN_OR(table, index, pa, ppn_or, flags) \
  la t0, pa; srli t0, t0, 12; ori t0, t0, ppn_or; slli t0, t0, 10; li t1, flags; or t0, t0, t1; \
  la t1, table; li t2, (index) * 8; add t1, t1, t2; sd t0, 0(t1)

/* The value stored at the start of page i of the 64 KiB region. */
#define PAGE_VAL(i) (0x640 + (i))

TEST_BEGIN
  /* mark each 4 KiB page of the region */
  la a1, region
  li a2, 0
  li a3, 16
1:
  addi a0, a2, 0x640
  sd a0, 0(a1)
  li t0, 0x1000
  add a1, a1, t0
  addi a2, a2, 1
  bne a2, a3, 1b

  PRIV_MAP_PA(pt_root, 2, 0x80000000, PTE_RWX)
  PRIV_MAP_PPN_OR(pt_root, 1, pt_l1, 0, PTE_V)
  PRIV_MAP_PPN_OR(pt_l1, 0, pt_l0, 0, PTE_V)
  /* all 16 PTEs of the 64 KiB range hold the same NAPOT PTE */
  li s0, 16
2:
  la t0, region
  srli t0, t0, 12
  ori t0, t0, NAPOT_64K
  slli t0, t0, 10
  li t1, PTE_N | PTE_RW
  or t0, t0, t1
  la t1, pt_l0
  slli t2, s0, 3
  add t1, t1, t2
  sd t0, 0(t1)
  addi s0, s0, 1
  li t0, 32
  bne s0, t0, 2b
  /* N with PPN[3:0] = 0100 is a reserved encoding */
  PRIV_MAP_PPN_OR(pt_l0, 32, region, 0x4, PTE_N | PTE_RW)
  /* N on a megapage leaf, and on a pointer */
  PRIV_MAP_PA(pt_l1, 1, 0x80400000, PTE_N | PTE_RW)
  PRIV_MAP_PPN_OR(pt_l1, 2, pt_l0, 0, PTE_N | PTE_V)
  PRIV_SET_SATP(SATP_SV39, pt_root)

  TEST_ENTER_MODE(TEST_MODE_S)
  li s1, VNAPOT
  TEST_CASE(1, a0, PAGE_VAL(0), ld a0, 0(s1))
  TEST_CASE(2, a0, PAGE_VAL(5), li t0, 0x5000; add a1, s1, t0; ld a0, 0(a1))
  TEST_CASE(3, a0, PAGE_VAL(8), li t0, 0x8000; add a1, s1, t0; ld a0, 0(a1))
  TEST_CASE(4, a0, PAGE_VAL(15), li t0, 0xf000; add a1, s1, t0; ld a0, 0(a1))
  /* stores land in the page the address names, at the same offset */
  TEST_NUM(5)
  li t0, 0x3ff8
  add a1, s1, t0
  li a0, 0x77
  sd a0, 0(a1)
  la a1, region
  li t0, 0x3ff8
  add a1, a1, t0
  ld a0, 0(a1)
  TEST_CHECK(a0, 0x77)
  /* reserved encodings fault, with stval/mtval the address */
  li s2, VBAD_ENC + 0x10
  TEST_EXPECT_TRAP_REG(6, CAUSE_LOAD_PAGE_FAULT, s2, ld a0, 0(s2))
  li s2, VMEGA_N + 0x10
  TEST_EXPECT_TRAP_REG(7, CAUSE_STORE_PAGE_FAULT, s2, sd zero, 0(s2))
  li s2, VPTR_N + VNAPOT - VBASE
  TEST_EXPECT_TRAP_REG(8, CAUSE_LOAD_PAGE_FAULT, s2, ld a0, 0(s2))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  csrw satp, zero
  sfence.vma
  TEST_PASS

  .data
  .balign 4096
pt_root: .skip 4096
pt_l1:   .skip 4096
pt_l0:   .skip 4096
  .balign 65536
region:  .skip 65536
