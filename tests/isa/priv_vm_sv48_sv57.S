/* SPDX-License-Identifier: MIT */
/* Sv48 and Sv57 (Priv 4.5, 4.6): four- and five-level walks, addresses only those modes
   can reach, their largest superpages (512 GiB, 256 TiB) aligned and misaligned, and
   their canonical-address rules. */

#include "test.h"
#include "priv.h"

#define IMAGE 0x80000000

/* reg <- VA base + offset of label within the image. */
#define PRIV_VA(reg, base, label) la reg, label; li t0, (base) - IMAGE; add reg, reg, t0

#define MAGIC 0x5e5e4848a5a55757

TEST_BEGIN
  /* Level-2 (1 GiB) table shared by both modes: the identity gigapage of the image, and
     an alias of it at 0x40000000. */
  PRIV_MAP_PA(pt_g, 2, IMAGE, PTE_RWX)
  PRIV_MAP_PA(pt_g, 1, IMAGE, PTE_RWX)

  /* ---- Sv48: root -> pt_g for VA[47:39] = 0 and 1; a 512 GiB page at index 2 with
     PPN 0, a misaligned one at index 3 */
  PRIV_MAP(pt48, 0, pt_g, PTE_V)
  PRIV_MAP(pt48, 1, pt_g, PTE_V)
  PRIV_MAP_PA(pt48, 2, 0, PTE_RWX)
  PRIV_MAP_PA(pt48, 3, IMAGE, PTE_RWX)
  PRIV_SET_SATP(SATP_SV48, pt48)
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(1, a0, MAGIC, PRIV_VA(a1, 0x40000000, data); ld a0, 0(a1))
  /* bit 39 set: beyond Sv39, fine for Sv48 */
  TEST_CASE(2, a0, MAGIC, PRIV_VA(a1, 0x8040000000, data); ld a0, 0(a1))
  TEST_CASE(3, a0, 0x5a, li a0, 0; PRIV_VA(a1, 0x8040000000, code_stub); jalr ra, 0(a1))
  /* the 512 GiB page: VA = 2 << 39 + PA */
  TEST_CASE(4, a0, MAGIC, li t0, 0x10000000000; la a1, data; add a1, a1, t0; ld a0, 0(a1))
  TEST_NUM(5)
  li t0, 0x10000000000
  la a1, data
  add a1, a1, t0
  li a0, 0x11
  sb a0, 8(a1)
  la a1, data
  lbu a0, 8(a1)
  TEST_CHECK(a0, 0x11)
  /* its PPN is not 512 GiB aligned */
  li s0, 0x18000000000 + 0x80000100
  TEST_EXPECT_TRAP_REG(6, CAUSE_LOAD_PAGE_FAULT, s0, ld a0, 0(s0))
  /* bits 63:48 must equal bit 47 */
  li s1, 0x0001000080001000
  TEST_EXPECT_TRAP_REG(7, CAUSE_LOAD_PAGE_FAULT, s1, ld a0, 0(s1))
  li s1, 0x8000008040001000
  TEST_EXPECT_TRAP_REG(8, CAUSE_STORE_PAGE_FAULT, s1, sd zero, 0(s1))
  li s1, 0x0000800080000000
  PRIV_EXPECT_FETCH_FAULT(9, s1)
  /* canonical but unmapped (root index 256) */
  li s2, 0xffff800000000040
  TEST_EXPECT_TRAP_REG(10, CAUSE_LOAD_PAGE_FAULT, s2, ld a0, 0(s2))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- Sv57: root -> level-3 tables -> pt_g, for VA[56:48] = 0 and 1; a 256 TiB page
     at index 2 with PPN 0, a misaligned one at index 3 */
  PRIV_MAP(pt57, 0, pt57_l3, PTE_V)
  PRIV_MAP(pt57, 1, pt57_l3, PTE_V)
  PRIV_MAP_PA(pt57, 2, 0, PTE_RWX)
  PRIV_MAP_PA(pt57, 3, IMAGE, PTE_RWX)
  PRIV_MAP(pt57_l3, 0, pt_g, PTE_V)
  PRIV_SET_SATP(SATP_SV57, pt57)
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(20, a0, MAGIC, PRIV_VA(a1, 0x40000000, data); ld a0, 0(a1))
  /* bit 48 set: beyond Sv48 (test 7), fine for Sv57 */
  TEST_CASE(21, a0, MAGIC, PRIV_VA(a1, 0x1000040000000, data); ld a0, 0(a1))
  TEST_CASE(22, a0, 0x5a, li a0, 0; PRIV_VA(a1, 0x1000040000000, code_stub); jalr ra, 0(a1))
  /* the 256 TiB page: VA = 2 << 48 + PA */
  TEST_CASE(23, a0, MAGIC, li t0, 0x2000000000000; la a1, data; add a1, a1, t0; ld a0, 0(a1))
  li s0, 0x3000000000000 + 0x80000100
  TEST_EXPECT_TRAP_REG(24, CAUSE_LOAD_PAGE_FAULT, s0, ld a0, 0(s0))
  /* bits 63:57 must equal bit 56 */
  li s1, 0x0200000080001000
  TEST_EXPECT_TRAP_REG(25, CAUSE_LOAD_PAGE_FAULT, s1, ld a0, 0(s1))
  li s1, 0xfe00000080001000
  TEST_EXPECT_TRAP_REG(26, CAUSE_STORE_PAGE_FAULT, s1, sd zero, 0(s1))
  /* canonical, root index 256 unmapped */
  li s2, 0xff00000000000000
  TEST_EXPECT_TRAP_REG(27, CAUSE_LOAD_PAGE_FAULT, s2, lw a0, 0(s2))
  /* a level-3 entry not present (VA[47:39] = 1) */
  li s2, 0x0000008040000000
  TEST_EXPECT_TRAP_REG(28, CAUSE_LOAD_PAGE_FAULT, s2, ld a0, 0(s2))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  csrw satp, zero
  sfence.vma
  TEST_PASS

code_stub:
  li a0, 0x5a
  ret

  .data
  .balign 4096
pt_g:    .skip 4096
pt48:    .skip 4096
pt57:    .skip 4096
pt57_l3: .skip 4096
data:    .dword MAGIC, 0
