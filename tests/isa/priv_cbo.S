/* SPDX-License-Identifier: MIT */
/* Cache-block operations below M (CMO 1.0): the menvcfg/senvcfg CBZE, CBCFE, CBIE enables
   for S and U; store page/access faults with tval = rs1; management needs only read
   permission; no address-misaligned exceptions. */

#include "test.h"
#include "priv.h"

#define ENV_CBIE_FLUSH 0x10
#define ENV_CBIE_INVAL 0x30
#define ENV_CBIE 0x30
#define ENV_CBCFE 0x40
#define ENV_CBZE 0x80

#define PMP_RWX (PMP_R | PMP_W | PMP_X)

/* Fill the 64-byte block at reg with ones. Uses t0. */
#define PRIV_FILL(reg) \
  li t0, -1; sd t0, 0(reg); sd t0, 8(reg); sd t0, 16(reg); sd t0, 24(reg); \
  sd t0, 32(reg); sd t0, 40(reg); sd t0, 48(reg); sd t0, 56(reg)
/* a0 <- OR of the eight doublewords of the block at reg. Uses t0, t1. */
#define PRIV_BLOCK_OR(reg) \
  li a0, 0; li t1, 0; \
8993: add t0, reg, t1; ld t0, 0(t0); or a0, a0, t0; \
  addi t1, t1, 8; li t0, 64; bne t1, t0, 8993b

TEST_BEGIN
  la s0, block
  csrw menvcfg, zero
  csrw senvcfg, zero

  /* ---- M-mode is never restricted */
  TEST_NUM(1)
  PRIV_FILL(s0)
  cbo.zero (s0)
  cbo.clean (s0)
  cbo.flush (s0)
  cbo.inval (s0)
  PRIV_BLOCK_OR(s0)
  TEST_CHECK(a0, 0)

  /* ---- the enable fields are WARL; CBIE = 10 is reserved */
  li s1, ENV_CBZE | ENV_CBCFE | ENV_CBIE
  TEST_CASE(2, a0, ENV_CBZE | ENV_CBCFE | ENV_CBIE, csrw menvcfg, s1; csrr a0, menvcfg; andi a0, a0, 0xf0)
  TEST_CASE(3, a0, ENV_CBZE | ENV_CBCFE | ENV_CBIE, csrw senvcfg, s1; csrr a0, senvcfg; andi a0, a0, 0xf0)
  TEST_NUM(4)
  li a1, 0x20
  csrw menvcfg, a1
  csrr a0, menvcfg
  andi a0, a0, ENV_CBIE
  li a1, 0x20
  beq a0, a1, test_fail
  csrw menvcfg, zero
  csrw senvcfg, zero

  /* ---- everything disabled: illegal in S and U */
  TEST_ENTER_MODE(TEST_MODE_S)
  PRIV_EXPECT_ILLEGAL32(10, cbo.zero (s0))
  PRIV_EXPECT_ILLEGAL32(11, cbo.clean (s0))
  PRIV_EXPECT_ILLEGAL32(12, cbo.flush (s0))
  PRIV_EXPECT_ILLEGAL32(13, cbo.inval (s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL32(14, cbo.zero (s0))
  PRIV_EXPECT_ILLEGAL32(15, cbo.clean (s0))
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)

  /* ---- menvcfg enables S; U also needs senvcfg */
  li t0, ENV_CBZE | ENV_CBCFE | ENV_CBIE_FLUSH
  csrw menvcfg, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(20, a0, 0, PRIV_FILL(s0); cbo.zero (s0); PRIV_BLOCK_OR(s0))
  TEST_CASE(21, a0, 0, li a0, 1; cbo.clean (s0); cbo.flush (s0); cbo.inval (s0); li a0, 0)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL32(22, cbo.zero (s0))
  PRIV_EXPECT_ILLEGAL32(23, cbo.flush (s0))
  PRIV_EXPECT_ILLEGAL32(24, cbo.inval (s0))
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  li t0, ENV_CBZE | ENV_CBCFE | ENV_CBIE_INVAL
  csrw senvcfg, t0
  TEST_ENTER_MODE(TEST_MODE_U)
  TEST_CASE(25, a0, 0, PRIV_FILL(s0); cbo.zero (s0); PRIV_BLOCK_OR(s0))
  TEST_CASE(26, a0, 0, li a0, 1; cbo.clean (s0); cbo.flush (s0); cbo.inval (s0); li a0, 0)
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  /* senvcfg alone is not enough */
  csrw menvcfg, zero
  TEST_ENTER_MODE(TEST_MODE_U)
  PRIV_EXPECT_ILLEGAL32(27, cbo.zero (s0))
  PRIV_EXPECT_ILLEGAL32(28, cbo.clean (s0))
  PRIV_EXPECT_ILLEGAL32(29, cbo.inval (s0))
  TEST_RETURN_TO_M(CAUSE_USER_ECALL)
  /* each field gates only its own instructions */
  li t0, ENV_CBZE
  csrw menvcfg, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(30, a0, 0, PRIV_FILL(s0); cbo.zero (s0); PRIV_BLOCK_OR(s0))
  PRIV_EXPECT_ILLEGAL32(31, cbo.clean (s0))
  PRIV_EXPECT_ILLEGAL32(32, cbo.inval (s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  li t0, ENV_CBCFE
  csrw menvcfg, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(33, a0, 0, li a0, 1; cbo.clean (s0); cbo.flush (s0); li a0, 0)
  PRIV_EXPECT_ILLEGAL32(34, cbo.zero (s0))
  PRIV_EXPECT_ILLEGAL32(35, cbo.inval (s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- no misaligned exceptions: rs1 anywhere in the block names the block */
  li t0, ENV_CBZE | ENV_CBCFE | ENV_CBIE_INVAL
  csrw menvcfg, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(40, a0, 0, PRIV_FILL(s0); addi a1, s0, 0x2b; cbo.zero (a1); PRIV_BLOCK_OR(s0))
  TEST_CASE(41, a0, 0, li a0, 1; addi a1, s0, 0x3f; cbo.flush (a1); cbo.inval (a1); li a0, 0)
  /* ...and only that block */
  TEST_NUM(42)
  la a1, after_block
  li a0, 0x5a
  sd a0, 0(a1)
  addi a2, s0, 0x3f
  cbo.zero (a2)
  ld a0, 0(a1)
  TEST_CHECK(a0, 0x5a)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- PMP: store access fault, tval = rs1 */
  la t0, ro_page
  srli t0, t0, 2
  ori t0, t0, 0x1ff
  csrw pmpaddr0, t0
  li t0, -1
  csrw pmpaddr15, t0
  li t0, PMP_NAPOT | PMP_R
  csrw pmpcfg0, t0
  li t0, (PMP_NAPOT | PMP_RWX) << 56
  csrw pmpcfg2, t0
  la s1, ro_page
  addi s2, s1, 0x48
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_EXPECT_TRAP_REG(50, CAUSE_STORE_ACCESS, s2, cbo.zero (s2))
  /* management operations only need read permission */
  TEST_CASE(51, a0, 0, li a0, 1; cbo.clean (s2); cbo.flush (s2); cbo.inval (s2); li a0, 0)
  TEST_CASE(52, a0, 0x77, ld a0, 0x40(s1))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  li t0, PMP_NAPOT
  csrw pmpcfg0, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_EXPECT_TRAP_REG(53, CAUSE_STORE_ACCESS, s2, cbo.clean (s2))
  TEST_EXPECT_TRAP_REG(54, CAUSE_STORE_ACCESS, s2, cbo.inval (s2))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  li t0, PMP_NAPOT | PMP_RWX
  csrw pmpcfg0, t0

  /* ---- paging: store page fault, tval = rs1 */
  PRIV_MAP(pt_root, 2, _start, PTE_RWX)
  PRIV_MAP(pt_root, 1, pt_l1, PTE_V)
  PRIV_MAP(pt_l1, 0, pt_l0, PTE_V)
  PRIV_MAP(pt_l0, 0, ro_page, PTE_V | PTE_R | PTE_AD)
  PRIV_MAP(pt_l0, 1, ro_page, PTE_V | PTE_X | PTE_AD)
  PRIV_SET_SATP(SATP_SV39, pt_root)
  TEST_ENTER_MODE(TEST_MODE_S)
  li s3, VPAGE(0) + 0x58
  TEST_EXPECT_TRAP_REG(60, CAUSE_STORE_PAGE_FAULT, s3, cbo.zero (s3))
  TEST_CASE(61, a0, 0, li a0, 1; cbo.clean (s3); cbo.flush (s3); li a0, 0)
  li s4, VPAGE(1) + 0x20
  TEST_EXPECT_TRAP_REG(62, CAUSE_STORE_PAGE_FAULT, s4, cbo.flush (s4))
  TEST_EXPECT_TRAP_REG(63, CAUSE_STORE_PAGE_FAULT, s4, cbo.zero (s4))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  csrw satp, zero
  sfence.vma
  /* the faulting cbo.zero left the data alone */
  TEST_CASE(64, a0, 0x77, ld a0, 0x40(s1))
  csrw menvcfg, zero
  csrw senvcfg, zero

  TEST_PASS

  .data
  .balign 64
block:       .skip 64
after_block: .dword 0
  .balign 4096
ro_page:     .skip 0x40
  .dword 0x77
  .balign 4096
pt_root:     .skip 4096
pt_l1:       .skip 4096
pt_l0:       .skip 4096
