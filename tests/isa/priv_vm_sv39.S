/* SPDX-License-Identifier: MIT */
/* Sv39 (Priv 4.3, 4.4): page faults for each permission rule (R, W, X, U, SUM, MXR, V, W
   without R) with tval = the address, hardware A/D updates, misaligned superpages,
   non-canonical addresses, sfence.vma, delegation to S, MPRV. */

#include "test.h"
#include "priv.h"

/* The image (0x80000000, one gigapage) is mapped twice: identity without U for S-mode,
   and with U at PRIV_ALIAS_OFF above it for U-mode (S may not execute U pages, U may not
   touch S pages). Test pages live in the gigapage at 0x40000000. */
#define PRIV_ALIAS_OFF 0x100000000
#define VMEGA(i) (0x40000000 + (i) * 0x200000)   /* pt_l1 entry i; 3: pointer with A set */

/* Test pages (index in pt_l0) and what they map. */
#define PG_R        0   /* R          -> page0 */
#define PG_RW       1   /* RW         -> page1 */
#define PG_X        2   /* X          -> code page */
#define PG_W        3   /* W only (reserved) -> page1 */
#define PG_INVALID  4   /* V = 0      -> page1 */
#define PG_U_RW     5   /* U RW       -> page2 */
#define PG_AD_LOAD  6   /* RW, A = D = 0 -> page3 */
#define PG_AD_STORE 7   /* RW, A = D = 0 -> page3 */
#define PG_RX       8   /* RX         -> code page */
#define PG_U_RX     9   /* U RX       -> code page */
#define PG_SFENCE   10  /* R          -> page0, later page1 */
#define PG_D_STORE  11  /* RW, A = 1, D = 0 -> page3 */
#define PG_AD_FETCH 12  /* X, A = 0   -> code page */
#define PG_CROSS_R  13  /* R          -> page0, followed by an invalid page */
#define PG_CROSS_V  14  /* V = 0 */
#define PG_U_R      15  /* U R        -> page2 */
#define PG_CROSS_W  16  /* RW         -> page1, followed by a read-only page */
#define PG_CROSS_RO 17  /* R          -> page0 */
#define PG_CODE_END 18  /* X          -> code_page2, followed by an invalid page */
#define PG_CODE_X   20  /* X          -> code_page, later code_page3 */
#define PG_CODE3_X  21  /* X          -> code_page3 */
#define PG_CODE3_RW 22  /* RW         -> code_page3 */

/* reg <- the PTE of test page i. */
#define PRIV_PTE(reg, i) la reg, pt_l0; ld reg, (i) * 8(reg)

/* insn (its first instruction) must fault with cause and mtval = register vareg. */
#define PRIV_EXPECT_FAULT(n, cause, vareg, insn...) TEST_EXPECT_TRAP_REG(n, cause, vareg, insn)

/* Enter U-mode at the next instruction, seen through the U alias of the image. */
#define PRIV_ENTER_U_ALIAS \
  li t6, ST_MPP; csrc mstatus, t6; \
  la t6, 8993f; li t5, PRIV_ALIAS_OFF; add t6, t6, t5; csrw mepc, t6; \
  mret; \
8993:

/* From U-mode in the alias, ecall back to M-mode at the next instruction's physical
   address (TEST_RETURN_TO_M would resume M at the alias address). */
#define PRIV_RETURN_TO_M_FROM_ALIAS \
  la t5, 8994f; li t6, PRIV_ALIAS_OFF; sub t5, t5, t6; \
  la t6, test_trap_state; sd t5, TEST_TS_RESUME(t6); \
  sd zero, TEST_TS_TVAL(t6); \
  li t5, CAUSE_USER_ECALL; sd t5, TEST_TS_CAUSE(t6); \
  li t5, TEST_EXPECT_TVAL | TEST_EXPECT_RESUME_M; sd t5, TEST_TS_EXPECT(t6); \
  ecall; \
  j test_fail; \
8994:

/* MPRV = 1 with MPP = mpp (an ST_MPP value); and MPRV = 0. Use t0; no memory access. */
#define PRIV_SET_MPRV(mpp) \
  li t0, ST_MPP; csrc mstatus, t0; li t0, (mpp) | ST_MPRV; csrs mstatus, t0
#define PRIV_CLEAR_MPRV li t0, ST_MPRV; csrc mstatus, t0

/* With MPRV = 1 and MPP = mpp, M-mode insn must fault with mtval = vareg. The trap is
   armed before MPRV is set (the harness state may not be reachable with MPP's rights);
   after it, a2 holds mstatus as the handler's mret left it, and MPRV is cleared. */
#define PRIV_EXPECT_MPRV_FAULT(n, cause, vareg, mpp, insn...) \
  TEST_NUM(n); \
  TEST_ARM_TRAP_REG(TEST_EXPECT_TVAL, cause, vareg, 8996f); \
  PRIV_SET_MPRV(mpp); \
8995: insn; \
  j test_fail; \
8996: \
  csrr a2, mstatus; \
  PRIV_CLEAR_MPRV; \
  la t6, test_trap_state; \
  ld t5, TEST_TS_LAST_EPC(t6); \
  la t6, 8995b; \
  TEST_CHECK_REG(t5, t6)

#define LI_A0_0X7C 0x07c00513                  /* addi a0, zero, 0x7c */
#define NO_MEMORY 0x400000000000               /* a physical address with nothing there */

#define MAGIC0 0x0a0a0a0a0a0a0a0a
#define MAGIC1 0x1b1b1b1b1b1b1b1b
#define MAGIC2 0x2c2c2c2c2c2c2c2c
#define MAGIC3 0x3d3d3d3d3d3d3d3d

TEST_BEGIN
  /* ---- page tables */
  PRIV_MAP_PA(pt_root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_AD)
  PRIV_MAP_PA(pt_root, 6, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_AD)
  PRIV_MAP(pt_root, 1, pt_l1, PTE_V)
  /* no memory behind these: a pointer (root entry 4) and a gigapage (root entry 5) */
  PRIV_MAP_PA(pt_root, 4, NO_MEMORY, PTE_V)
  PRIV_MAP_PA(pt_root, 5, NO_MEMORY, PTE_RW)
  /* a gigapage whose PPN[1] is not zero: misaligned */
  PRIV_MAP_PA(pt_root, 3, 0x80200000, PTE_RW)
  PRIV_MAP(pt_l1, 0, pt_l0, PTE_V)
  /* a megapage whose PPN[0] is not zero: misaligned */
  PRIV_MAP_PA(pt_l1, 1, 0x80001000, PTE_RW)
  /* an aligned megapage, and one with A = D = 0 */
  PRIV_MAP_PA(pt_l1, 2, 0x80400000, PTE_RW)
  PRIV_MAP_PA(pt_l1, 4, 0x80600000, PTE_V | PTE_R | PTE_W)
  PRIV_MAP(pt_l0, PG_R, page0, PTE_V | PTE_R | PTE_AD)
  PRIV_MAP(pt_l0, PG_RW, page1, PTE_RW)
  PRIV_MAP(pt_l0, PG_X, code_page, PTE_V | PTE_X | PTE_A)
  PRIV_MAP(pt_l0, PG_W, page1, PTE_V | PTE_W | PTE_AD)
  PRIV_MAP(pt_l0, PG_INVALID, page1, PTE_R | PTE_W | PTE_AD)
  PRIV_MAP(pt_l0, PG_U_RW, page2, PTE_RW | PTE_U)
  PRIV_MAP(pt_l0, PG_AD_LOAD, page3, PTE_V | PTE_R | PTE_W)
  PRIV_MAP(pt_l0, PG_AD_STORE, page3, PTE_V | PTE_R | PTE_W)
  PRIV_MAP(pt_l0, PG_RX, code_page, PTE_V | PTE_R | PTE_X | PTE_A)
  PRIV_MAP(pt_l0, PG_U_RX, code_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)
  PRIV_MAP(pt_l0, PG_SFENCE, page0, PTE_V | PTE_R | PTE_AD)
  PRIV_MAP(pt_l0, PG_D_STORE, page3, PTE_V | PTE_R | PTE_W | PTE_A)
  PRIV_MAP(pt_l0, PG_AD_FETCH, code_page, PTE_V | PTE_X)
  PRIV_MAP(pt_l0, PG_CROSS_R, page0, PTE_V | PTE_R | PTE_AD)
  PRIV_MAP(pt_l0, PG_U_R, page2, PTE_V | PTE_R | PTE_U | PTE_AD)
  PRIV_MAP(pt_l0, PG_CROSS_W, page1, PTE_RW)
  PRIV_MAP(pt_l0, PG_CROSS_RO, page0, PTE_V | PTE_R | PTE_AD)
  PRIV_MAP(pt_l0, PG_CODE_END, code_page2, PTE_V | PTE_X | PTE_A)
  PRIV_MAP(pt_l0, PG_CODE_X, code_page, PTE_V | PTE_X | PTE_A)
  PRIV_MAP(pt_l0, PG_CODE3_X, code_page3, PTE_V | PTE_X | PTE_A)
  PRIV_MAP(pt_l0, PG_CODE3_RW, code_page3, PTE_RW)
  PRIV_MAP(pt_l1, 3, pt_l0, PTE_V | PTE_A)
  PRIV_SET_SATP(SATP_SV39, pt_root)
  la t0, priv_s_handler
  csrw stvec, t0

  /* ---- S-mode: what is allowed */
  TEST_ENTER_MODE(TEST_MODE_S)
  li s0, VPAGE(PG_R)
  li s1, VPAGE(PG_RW)
  TEST_CASE(1, a0, MAGIC0, ld a0, 0(s0))
  TEST_CASE(2, a0, MAGIC1, ld a0, 0(s1))
  TEST_CASE(3, a0, 0x77, li a1, 0x77; sd a1, 8(s1); ld a0, 8(s1))
  TEST_CASE(4, a0, 0x5a, li a0, 0; li t0, VPAGE(PG_X); jalr ra, 0(t0))
  TEST_CASE(5, a0, 0x5a, li a0, 0; li t0, VPAGE(PG_RX); jalr ra, 0(t0))
  /* the same physical page through the identity map */
  TEST_CASE(6, a0, 0x77, la a1, page1; ld a0, 8(a1))
  /* an aligned megapage */
  TEST_CASE(7, a0, 0x66, li a2, VMEGA(2) + 0x12340; li a1, 0x66; sd a1, 0(a2); ld a0, 0(a2))

  /* ---- S-mode: page faults, mtval = the virtual address */
  PRIV_EXPECT_FAULT(10, CAUSE_STORE_PAGE_FAULT, s0, sd zero, 0(s0))
  li s2, VPAGE(PG_X)
  PRIV_EXPECT_FAULT(11, CAUSE_LOAD_PAGE_FAULT, s2, ld a0, 0(s2))
  PRIV_EXPECT_FAULT(12, CAUSE_STORE_PAGE_FAULT, s2, sw zero, 0(s2))
  PRIV_EXPECT_FETCH_FAULT(13, s1)
  PRIV_EXPECT_FETCH_FAULT(14, s0)
  /* W without R is reserved: every access faults */
  li s3, VPAGE(PG_W)
  PRIV_EXPECT_FAULT(15, CAUSE_LOAD_PAGE_FAULT, s3, ld a0, 0(s3))
  PRIV_EXPECT_FAULT(16, CAUSE_STORE_PAGE_FAULT, s3, sd zero, 0(s3))
  /* V = 0 */
  li s4, VPAGE(PG_INVALID) + 0x10
  PRIV_EXPECT_FAULT(17, CAUSE_LOAD_PAGE_FAULT, s4, lb a0, 0(s4))
  PRIV_EXPECT_FAULT(18, CAUSE_STORE_PAGE_FAULT, s4, sb zero, 0(s4))
  PRIV_EXPECT_FETCH_FAULT(19, s4)
  /* an unmapped gigapage (root entry 0) */
  li s5, 0x123458
  PRIV_EXPECT_FAULT(20, CAUSE_LOAD_PAGE_FAULT, s5, lhu a0, 0(s5))
  /* AMOs and LR/SC are stores (except LR, a load) */
  PRIV_EXPECT_FAULT(21, CAUSE_STORE_PAGE_FAULT, s0, amoadd.d a0, zero, (s0))
  PRIV_EXPECT_FAULT(22, CAUSE_LOAD_PAGE_FAULT, s2, lr.d a0, (s2))
  /* an SC holding a reservation must write, so it faults */
  TEST_NUM(23)
  TEST_ARM_TRAP_REG(TEST_EXPECT_TVAL, CAUSE_STORE_PAGE_FAULT, s0, 1f)
  lr.d a0, (s0)
2:
  sc.d a0, zero, (s0)
  j test_fail
1:
  la t6, test_trap_state
  ld t5, TEST_TS_LAST_EPC(t6)
  la t6, 2b
  TEST_CHECK_REG(t5, t6)
  /* the faulting store did not happen */
  TEST_CASE(24, a0, MAGIC0, ld a0, 0(s0))

  /* ---- misaligned superpages and non-canonical addresses */
  li s6, VMEGA(1) + 0x18
  PRIV_EXPECT_FAULT(30, CAUSE_LOAD_PAGE_FAULT, s6, ld a0, 0(s6))
  li s6, 0xc0000020
  PRIV_EXPECT_FAULT(31, CAUSE_STORE_PAGE_FAULT, s6, sd zero, 0(s6))
  /* bits 63:39 must equal bit 38; the low 39 bits here name a valid identity page */
  li s7, 0x0000008080002000
  PRIV_EXPECT_FAULT(32, CAUSE_LOAD_PAGE_FAULT, s7, ld a0, 0(s7))
  li s7, 0x8000000080002000
  PRIV_EXPECT_FAULT(33, CAUSE_STORE_PAGE_FAULT, s7, sd zero, 0(s7))
  li s7, 0xffffff8040000000
  PRIV_EXPECT_FETCH_FAULT(34, s7)

  /* ---- U pages from S: SUM */
  li s8, VPAGE(PG_U_RW)
  PRIV_EXPECT_FAULT(40, CAUSE_LOAD_PAGE_FAULT, s8, ld a0, 0(s8))
  PRIV_EXPECT_FAULT(41, CAUSE_STORE_PAGE_FAULT, s8, sd zero, 0(s8))
  li t0, ST_SUM
  csrs sstatus, t0
  TEST_CASE(42, a0, MAGIC2, ld a0, 0(s8))
  TEST_CASE(43, a0, 0x55, li a1, 0x55; sd a1, 16(s8); ld a0, 16(s8))
  /* S never executes U pages, SUM or not */
  li s9, VPAGE(PG_U_RX)
  PRIV_EXPECT_FETCH_FAULT(44, s9)
  li t0, ST_SUM
  csrc sstatus, t0

  /* ---- MXR: loads from execute-only pages */
  li t0, ST_MXR
  csrs sstatus, t0
  TEST_NUM(50)
  li a1, VPAGE(PG_X)
  lwu a0, 0(a1)
  la a2, code_page
  lwu a2, 0(a2)
  TEST_CHECK_REG(a0, a2)
  PRIV_EXPECT_FAULT(51, CAUSE_STORE_PAGE_FAULT, s2, sd zero, 0(s2))
  /* MXR does not make W-only or invalid pages readable */
  PRIV_EXPECT_FAULT(52, CAUSE_LOAD_PAGE_FAULT, s3, ld a0, 0(s3))
  li t0, ST_MXR
  csrc sstatus, t0
  PRIV_EXPECT_FAULT(53, CAUSE_LOAD_PAGE_FAULT, s2, lwu a0, 0(s2))

  /* ---- A and D are set in memory by the page walk (no fault) */
  TEST_CASE(60, a0, 0x3d, li a1, VPAGE(PG_AD_LOAD); lbu a0, 0(a1))
  TEST_CASE(61, a0, 0x33, li a1, VPAGE(PG_AD_STORE); li a0, 0x33; sb a0, 1(a1); lbu a0, 1(a1))
  TEST_CASE(62, a0, 0x44, li a1, VPAGE(PG_D_STORE); li a0, 0x44; sb a0, 2(a1); lbu a0, 2(a1))
  TEST_CASE(63, a0, 0x5a, li a0, 0; li t0, VPAGE(PG_AD_FETCH); jalr ra, 0(t0))

  /* ---- misaligned accesses crossing into a faulting page: mtval is the address of the
     part that faulted (Priv 3.1.16), i.e. the start of the second page */
  li a1, VPAGE(PG_CROSS_R) + 0xffc
  li s10, VPAGE(PG_CROSS_V)
  PRIV_EXPECT_FAULT(64, CAUSE_LOAD_PAGE_FAULT, s10, ld a0, 0(a1))
  li a1, VPAGE(PG_CROSS_W) + 0xffe
  li s10, VPAGE(PG_CROSS_RO)
  PRIV_EXPECT_FAULT(65, CAUSE_STORE_PAGE_FAULT, s10, sw zero, 0(a1))
  /* a 16-bit instruction ending a page runs without touching the next page; a 32-bit
     one straddling into an invalid page faults with mepc = its start and mtval = the
     address of the part that faulted */
  TEST_CASE(75, a0, 0x5b, li a0, 0x5b; li t0, VPAGE(PG_CODE_END) + 0xffc; jalr ra, 0(t0))
  TEST_NUM(76)
  li s11, VPAGE(PG_CODE_END) + 0xffe
  li s10, VPAGE(PG_CODE_END + 1)
  TEST_ARM_TRAP_REG(TEST_EXPECT_TVAL, CAUSE_FETCH_PAGE_FAULT, s10, 1f)
  jalr ra, 0(s11)
  j test_fail
1:
  la t6, test_trap_state
  ld t5, TEST_TS_LAST_EPC(t6)
  TEST_CHECK_REG(t5, s11)
  /* A, D and U are reserved in a pointer PTE (Priv 4.3.1, 4.3.2 step 3) */
  li s10, VMEGA(3) + VPAGE(PG_RW) - VPAGE(0)
  PRIV_EXPECT_FAULT(77, CAUSE_LOAD_PAGE_FAULT, s10, ld a0, 0(s10))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* read the PTEs back in M: A after a load or fetch, A and D after a store */
  TEST_CASE(66, a0, PTE_A, PRIV_PTE(a0, PG_AD_LOAD); andi a0, a0, PTE_AD)
  TEST_CASE(67, a0, PTE_AD, PRIV_PTE(a0, PG_AD_STORE); andi a0, a0, PTE_AD)
  TEST_CASE(68, a0, PTE_AD, PRIV_PTE(a0, PG_D_STORE); andi a0, a0, PTE_AD)
  TEST_CASE(69, a0, PTE_A, PRIV_PTE(a0, PG_AD_FETCH); andi a0, a0, PTE_AD)
  /* the other bits and the data are as written */
  TEST_CASE(70, a0, 0x4433, la a1, page3; lhu a0, 1(a1))

  /* ---- sfence.vma makes a changed PTE visible */
  TEST_ENTER_MODE(TEST_MODE_S)
  li s0, VPAGE(PG_SFENCE)
  TEST_CASE(71, a0, MAGIC0, ld a0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  PRIV_MAP(pt_l0, PG_SFENCE, page1, PTE_V | PTE_R | PTE_AD)
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(72, a0, MAGIC1, sfence.vma; ld a0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  PRIV_MAP(pt_l0, PG_SFENCE, page0, PTE_V | PTE_R | PTE_AD)
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(73, a0, MAGIC0, sfence.vma s0, zero; ld a0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  /* a store to a page first only read: the walk now sets D as well */
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(78, a0, 0x3d, li a1, VPAGE(PG_AD_LOAD); lbu a0, 0(a1); sb a0, 3(a1); lbu a0, 3(a1))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_CASE(79, a0, PTE_AD, PRIV_PTE(a0, PG_AD_LOAD); andi a0, a0, PTE_AD)
  /* A and D of a megapage leaf */
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(134, a0, 0x12, li a1, VMEGA(4) + 0x1230; li a0, 0x12; sb a0, 0(a1); lbu a0, 0(a1))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  TEST_CASE(135, a0, PTE_AD, la a0, pt_l1; ld a0, 32(a0); andi a0, a0, PTE_AD)
  /* a remapped code page runs the new code after sfence.vma */
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(130, a0, 0x5a, li a0, 0; li t0, VPAGE(PG_CODE_X); jalr ra, 0(t0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)
  PRIV_MAP(pt_l0, PG_CODE_X, code_page3, PTE_V | PTE_X | PTE_A)
  TEST_ENTER_MODE(TEST_MODE_S)
  TEST_CASE(131, a0, 0x6b, sfence.vma; li a0, 0; li t0, VPAGE(PG_CODE_X); jalr ra, 0(t0))
  /* code rewritten through a writable alias runs after fence.i */
  TEST_CASE(132, a0, 0x6b, li a0, 0; li t0, VPAGE(PG_CODE3_X); jalr ra, 0(t0))
  TEST_NUM(133)
  li t0, VPAGE(PG_CODE3_RW)
  li t1, LI_A0_0X7C
  sw t1, 0(t0)
  fence.i
  li a0, 0
  li t0, VPAGE(PG_CODE3_X)
  jalr ra, 0(t0)
  TEST_CHECK(a0, 0x7c)
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* an invalidated mapping faults after sfence.vma */
  PRIV_MAP(pt_l0, PG_SFENCE, page0, PTE_R | PTE_AD)
  TEST_ENTER_MODE(TEST_MODE_S)
  sfence.vma s0, zero
  PRIV_EXPECT_FAULT(74, CAUSE_LOAD_PAGE_FAULT, s0, ld a0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- U-mode (through the alias) */
  PRIV_ENTER_U_ALIAS
  li s0, VPAGE(PG_U_RW)
  TEST_CASE(80, a0, MAGIC2, ld a0, 0(s0))
  TEST_CASE(81, a0, 0x99, li a1, 0x99; sd a1, 24(s0); ld a0, 24(s0))
  TEST_CASE(82, a0, 0x5a, li a0, 0; li t0, VPAGE(PG_U_RX); jalr ra, 0(t0))
  li s1, VPAGE(PG_RW)
  PRIV_EXPECT_FAULT(83, CAUSE_LOAD_PAGE_FAULT, s1, ld a0, 0(s1))
  PRIV_EXPECT_FAULT(84, CAUSE_STORE_PAGE_FAULT, s1, sd zero, 0(s1))
  li s2, VPAGE(PG_RX)
  PRIV_EXPECT_FETCH_FAULT(85, s2)
  li s3, VPAGE(PG_U_R)
  PRIV_EXPECT_FAULT(86, CAUSE_STORE_PAGE_FAULT, s3, sd zero, 0(s3))
  TEST_CASE(87, a0, MAGIC2, ld a0, 0(s3))
  /* the identity map of the image has no U: U cannot even fetch there */
  la s4, 1f
  li t0, PRIV_ALIAS_OFF
  sub s4, s4, t0
  PRIV_EXPECT_FETCH_FAULT(88, s4)
1:
  PRIV_RETURN_TO_M_FROM_ALIAS
  /* SUM does not let U reach S pages */
  li t0, ST_SUM
  csrs mstatus, t0
  PRIV_ENTER_U_ALIAS
  li s1, VPAGE(PG_RW)
  PRIV_EXPECT_FAULT(89, CAUSE_LOAD_PAGE_FAULT, s1, ld a0, 0(s1))
  PRIV_RETURN_TO_M_FROM_ALIAS
  li t0, ST_SUM
  csrc mstatus, t0

  /* ---- page faults delegated to S (Priv 3.1.8): scause, sepc, stval, SPP */
  li t0, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
  csrw medeleg, t0
  PRIV_S_EXPECT(1f)
  TEST_ENTER_MODE(TEST_MODE_S)
  li s0, VPAGE(PG_INVALID) + 8
2:
  ld a0, 0(s0)
  j test_fail
1:
  TEST_CASE(90, a0, 1, PRIV_SREC(a0, SREC_COUNT))
  TEST_CASE(91, a0, CAUSE_LOAD_PAGE_FAULT, PRIV_SREC(a0, SREC_CAUSE))
  TEST_CASE(92, a0, VPAGE(PG_INVALID) + 8, PRIV_SREC(a0, SREC_TVAL))
  TEST_NUM(93)
  PRIV_SREC(a0, SREC_EPC)
  la a1, 2b
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(94, a0, ST_SPP, PRIV_SREC(a0, SREC_STATUS); andi a0, a0, ST_SPP)
  /* mtval is untouched by a trap taken in S */
  TEST_CASE(95, a0, 0, csrr a0, mtval)
  /* from U, a store fault */
  PRIV_S_EXPECT(1f)
  PRIV_ENTER_U_ALIAS
  li s0, VPAGE(PG_RW) + 0x20
2:
  sd zero, 0(s0)
  j test_fail
1:
  TEST_CASE(96, a0, CAUSE_STORE_PAGE_FAULT, PRIV_SREC(a0, SREC_CAUSE))
  TEST_CASE(97, a0, VPAGE(PG_RW) + 0x20, PRIV_SREC(a0, SREC_TVAL))
  TEST_NUM(98)
  PRIV_SREC(a0, SREC_EPC)
  la a1, 2b
  li t0, PRIV_ALIAS_OFF
  add a1, a1, t0
  TEST_CHECK_REG(a0, a1)
  TEST_CASE(99, a0, 0, PRIV_SREC(a0, SREC_STATUS); andi a0, a0, ST_SPP)
  /* a fetch fault */
  PRIV_S_EXPECT(1f)
  TEST_ENTER_MODE(TEST_MODE_S)
  li s0, VPAGE(PG_RW)
  jalr ra, 0(s0)
  j test_fail
1:
  TEST_CASE(100, a0, CAUSE_FETCH_PAGE_FAULT, PRIV_SREC(a0, SREC_CAUSE))
  TEST_CASE(101, a0, VPAGE(PG_RW), PRIV_SREC(a0, SREC_TVAL))
  TEST_CASE(102, a0, VPAGE(PG_RW), PRIV_SREC(a0, SREC_EPC))
  csrw medeleg, zero

  /* ---- MPRV: M-mode loads and stores translate with the privilege in MPP */
  li s0, VPAGE(PG_RW)
  li s1, VPAGE(PG_U_RW)
  li s2, VPAGE(PG_INVALID)
  PRIV_SET_MPRV(ST_MPP_S)
  TEST_CASE(110, a0, MAGIC1, ld a0, 0(s0))
  TEST_CASE(111, a0, 0x1234, li a1, 0x1234; sd a1, 32(s0); ld a0, 32(s0))
  PRIV_CLEAR_MPRV
  PRIV_EXPECT_MPRV_FAULT(112, CAUSE_LOAD_PAGE_FAULT, s1, ST_MPP_S, ld a0, 0(s1))
  /* the trap set MPP = M, so the handler ran untranslated; its mret set MPP = U and left
     MPRV set (Priv 3.1.6.3) */
  TEST_CASE(113, a2, ST_MPRV, li t0, ST_MPP | ST_MPRV; and a2, a2, t0)
  TEST_CASE(114, a0, 0x1234, la a1, page1; ld a0, 32(a1))
  li t0, ST_SUM
  csrs mstatus, t0
  PRIV_SET_MPRV(ST_MPP_S)
  TEST_CASE(115, a0, MAGIC2, ld a0, 0(s1))
  PRIV_CLEAR_MPRV
  PRIV_EXPECT_MPRV_FAULT(116, CAUSE_STORE_PAGE_FAULT, s2, ST_MPP_S, sd zero, 0(s2))
  /* MPP = U: U pages are accessible, S pages fault */
  PRIV_SET_MPRV(0)
  TEST_CASE(117, a0, MAGIC2, ld a0, 0(s1))
  PRIV_CLEAR_MPRV
  PRIV_EXPECT_MPRV_FAULT(118, CAUSE_LOAD_PAGE_FAULT, s0, 0, ld a0, 0(s0))
  /* MPP = M: no translation */
  PRIV_SET_MPRV(ST_MPP)
  TEST_CASE(119, a0, MAGIC1, la a1, page1; ld a0, 0(a1))
  PRIV_CLEAR_MPRV
  li t0, ST_SUM
  csrc mstatus, t0

  /* ---- walks and accesses that reach no memory raise access faults, mtval = the VA */
  TEST_ENTER_MODE(TEST_MODE_S)
#ifndef PRIV_QEMU_7_2   /* QEMU 7.2 raises a page fault */
  li s0, 0x100000000 + 0x10
  TEST_EXPECT_TRAP_REG(120, CAUSE_LOAD_ACCESS, s0, ld a0, 0(s0))
#endif
  li s0, 0x140000000 + 0x20
  TEST_EXPECT_TRAP_REG(121, CAUSE_STORE_ACCESS, s0, sd zero, 0(s0))
  TEST_EXPECT_TRAP_REG(122, CAUSE_LOAD_ACCESS, s0, ld a0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  /* ---- switching satp to a root with a fresh ASID needs no sfence.vma */
  la t0, pt_root2
  la t1, pt_root
  li t2, 4096
1:
  ld t3, 0(t1)
  sd t3, 0(t0)
  addi t0, t0, 8
  addi t1, t1, 8
  addi t2, t2, -8
  bnez t2, 1b
  PRIV_MAP(pt_root2, 1, pt_l1b, PTE_V)
  PRIV_MAP(pt_l1b, 0, pt_l0b, PTE_V)
  PRIV_MAP(pt_l0b, PG_R, page2, PTE_V | PTE_R | PTE_AD)
  la s1, pt_root2
  srli s1, s1, 12
  li t0, SATP_SV39 | (2 << 44)
  or s1, s1, t0
  TEST_ENTER_MODE(TEST_MODE_S)
  li s0, VPAGE(PG_R)
  TEST_CASE(123, a0, MAGIC0, ld a0, 0(s0))
  TEST_CASE(124, a0, MAGIC2, csrw satp, s1; ld a0, 0(s0))
  TEST_RETURN_TO_M(CAUSE_SUPERVISOR_ECALL)

  csrw satp, zero
  sfence.vma
  TEST_PASS

/* S-mode trap vector for the delegated page faults. */
PRIV_S_HANDLER

/* Code reached through the X-only, RX and U RX test pages: a0 <- 0x5a, return. */
  .balign 4096
code_page:
  li a0, 0x5a
  ret

/* Another code page: a0 <- 0x6b, return. Test 133 rewrites its first instruction. */
  .balign 4096
code_page3:
  li a0, 0x6b
  ret

/* A page ending in a 16-bit c.jr ra at 0xffc and the first half of a 32-bit nop. */
  .balign 4096
code_page2:
  .skip 0xffc
  .2byte 0x8082
  .2byte 0x0013

  .data
  .balign 4096
pt_root: .skip 4096
pt_l1:   .skip 4096
pt_l0:   .skip 4096
page0:   .dword MAGIC0
  .balign 4096
page1:   .dword MAGIC1
  .balign 4096
page2:   .dword MAGIC2
  .balign 4096
page3:   .dword MAGIC3
  .balign 4096
priv_srec: .skip SREC_SIZE
  .balign 4096
pt_root2: .skip 4096
pt_l1b:   .skip 4096
pt_l0b:   .skip 4096
