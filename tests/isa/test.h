/* SPDX-License-Identifier: MIT */
/* Harness for Rivet's bare-metal ISA tests: M-mode start-up, HTIF pass/fail and console,
   a default trap handler that fails on unexpected traps, expected-trap checks, and the
   check macros the tests are written with. Register and macro contract: README.md. */

#ifndef TEST_H
#define TEST_H

/* ------------------------------------------------------------------ constants */

#define TEST_MSTATUS_MPP_MASK   0x1800
#define TEST_MSTATUS_MPP_S      0x0800
#define TEST_MSTATUS_FS_INITIAL 0x2000
#define TEST_MSTATUS_MPRV       0x20000

/* fflags bits (Unpriv 11.2 / 20.2: NV DZ OF UF NX). */
#define FLAG_NV 0x10
#define FLAG_DZ 0x08
#define FLAG_OF 0x04
#define FLAG_UF 0x02
#define FLAG_NX 0x01

/* Exception codes (Priv 3.1.15, mcause with interrupt bit clear). */
#define CAUSE_MISALIGNED_FETCH   0
#define CAUSE_FETCH_ACCESS       1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT         3
#define CAUSE_MISALIGNED_LOAD    4
#define CAUSE_LOAD_ACCESS        5
#define CAUSE_MISALIGNED_STORE   6
#define CAUSE_STORE_ACCESS       7
#define CAUSE_USER_ECALL         8
#define CAUSE_SUPERVISOR_ECALL   9
#define CAUSE_MACHINE_ECALL      11
#define CAUSE_FETCH_PAGE_FAULT   12
#define CAUSE_LOAD_PAGE_FAULT    13
#define CAUSE_STORE_PAGE_FAULT   15

/* Failure numbers used by the harness itself. Test numbers chosen by a test must stay
   below TEST_NUM_HARNESS_BASE and must not be multiples of 256: a host that turns the HTIF
   exit code into a process status keeps only its low 8 bits, and 256 would read as 0. */
#define TEST_NUM_HARNESS_BASE     0x7000
#define TEST_NUM_UNEXPECTED_EXC   0x7001 /* + mcause exception code */
#define TEST_NUM_UNEXPECTED_IRQ   0x7101 /* + mcause interrupt code */
#define TEST_NUM_NO_CASE          0x7201 /* failed before any TEST_NUM */

/* Layout of test_trap_state, the record shared by the trap handler and the macros. */
#define TEST_TS_SAVE_T0   0
#define TEST_TS_SAVE_T1   8
#define TEST_TS_SAVE_T2   16
#define TEST_TS_EXPECT    24 /* 0 none, else TEST_EXPECT_* bits; one-shot */
#define TEST_TS_CAUSE     32 /* expected mcause */
#define TEST_TS_TVAL      40 /* expected mtval */
#define TEST_TS_RESUME    48 /* where the handler returns (mepc) after an expected trap */
#define TEST_TS_LAST_CAUSE 56 /* mcause, mepc, mtval and mstatus of the last trap taken */
#define TEST_TS_LAST_EPC  64
#define TEST_TS_LAST_TVAL 72
#define TEST_TS_LAST_STATUS 80
#define TEST_TS_COUNT     88 /* number of traps taken since start */
#define TEST_TS_SIZE      96

/* Expectation bits: armed (check mcause and mtval), mtval not checked, resume in M-mode
   (sets mstatus.MPP = M before mret; without it the trapping mode is resumed). */
#define TEST_EXPECT_TVAL     1
#define TEST_EXPECT_ANY_TVAL 3
#define TEST_EXPECT_RESUME_M 4

/* Privilege levels for TEST_ENTER_MODE (Priv 1.2). */
#define TEST_MODE_U 0
#define TEST_MODE_S 1
#define TEST_MODE_M 3

#define TEST_HTIF_SPIN    0x100000 /* polls of tohost before giving up on the host */

/* Zicond (Unpriv ch. "Zicond"): OP opcode, funct7 0000111; funct3 101 eqz, 111 nez.
   binutils 2.40 lacks the mnemonics. */
#define CZERO_EQZ(rd, rs1, rs2) .insn r 0x33, 5, 7, rd, rs1, rs2
#define CZERO_NEZ(rd, rs1, rs2) .insn r 0x33, 7, 7, rd, rs1, rs2

/* ------------------------------------------------------------------ control */

/* Assemble-time guard on test numbers; the label catches a number used twice. */
#define TEST_NUM(n) \
  .if ((n) < 1) || ((n) >= TEST_NUM_HARNESS_BASE) || (((n) & 0xff) == 0); \
  .error "test number out of range or a multiple of 256"; \
  .endif; \
  test_case_##n: ; \
  li gp, n

#define TEST_PASS j test_pass
#define TEST_FAIL j test_fail
#define TEST_END  TEST_PASS

/* Data that tests read and write; 64-byte aligned so cache-block tests can rely on it. */
#define TEST_DATA .data; .balign 64

/* Fail with the current test number unless reg == val. Uses t6, so reg must not be t6. */
#define TEST_CHECK(reg, val) \
  .ifc reg, t6; .error "TEST_CHECK cannot check t6"; .endif; \
  .ifc reg, x31; .error "TEST_CHECK cannot check x31"; .endif; \
  li t6, val; \
  beq reg, t6, 9999f; \
  j test_fail; \
9999:

/* Fail unless reg == other register. */
#define TEST_CHECK_REG(reg, other) \
  beq reg, other, 9999f; \
  j test_fail; \
9999:

/* Generic case: run code, then check one register. */
#define TEST_CASE(n, reg, val, code...) \
  TEST_NUM(n); \
  code; \
  TEST_CHECK(reg, val)

/* Print a literal string through the HTIF console; preserves every register. */
#define TEST_PUTS(str) \
  .pushsection .rodata; \
9998: .asciz str; \
  .popsection; \
  addi sp, sp, -80; \
  sd ra, 0(sp); sd a0, 8(sp); sd a1, 16(sp); sd a2, 24(sp); sd a3, 32(sp); \
  sd a4, 40(sp); sd a5, 48(sp); sd a6, 56(sp); sd a7, 64(sp); \
  la a0, 9998b; \
  call test_htif_puts; \
  ld ra, 0(sp); ld a0, 8(sp); ld a1, 16(sp); ld a2, 24(sp); ld a3, 32(sp); \
  ld a4, 40(sp); ld a5, 48(sp); ld a6, 56(sp); ld a7, 64(sp); \
  addi sp, sp, 80

/* ------------------------------------------------------------------ traps */

/* Arm the default handler for one trap with mcause `cause` and mtval equal to register
   tvalreg (unless mode is TEST_EXPECT_ANY_TVAL); after it the handler resumes at
   `resume`. Uses t5 and t6, so tvalreg must be another register. */
#define TEST_ARM_TRAP_REG(mode, cause, tvalreg, resume) \
  la t6, test_trap_state; \
  sd tvalreg, TEST_TS_TVAL(t6); \
  li t5, cause; sd t5, TEST_TS_CAUSE(t6); \
  la t5, resume; sd t5, TEST_TS_RESUME(t6); \
  li t5, mode; sd t5, TEST_TS_EXPECT(t6)

/* As TEST_ARM_TRAP_REG with a constant tval. */
#define TEST_ARM_TRAP(mode, cause, tval, resume) \
  li t5, tval; \
  TEST_ARM_TRAP_REG(mode, cause, t5, resume)

/* Body of the expect macros: the first instruction of insn must trap with the armed
   cause; checks that the trap happened and that mepc pointed at that instruction. */
#define TEST_TRAP_BODY(insn...) \
9996: insn; \
  j test_fail; \
9997: \
  la t6, test_trap_state; \
  ld t5, TEST_TS_LAST_EPC(t6); \
  la t6, 9996b; \
  TEST_CHECK_REG(t5, t6)

/* insn must trap with mcause == cause and mtval == tval; execution resumes after it. */
#define TEST_EXPECT_TRAP(n, cause, tval, insn...) \
  TEST_NUM(n); \
  TEST_ARM_TRAP(TEST_EXPECT_TVAL, cause, tval, 9997f); \
  TEST_TRAP_BODY(insn)

/* As TEST_EXPECT_TRAP with the expected mtval in a register (not t5/t6), e.g. an address. */
#define TEST_EXPECT_TRAP_REG(n, cause, tvalreg, insn...) \
  TEST_NUM(n); \
  TEST_ARM_TRAP_REG(TEST_EXPECT_TVAL, cause, tvalreg, 9997f); \
  TEST_TRAP_BODY(insn)

/* As TEST_EXPECT_TRAP where mtval is implementation-defined (e.g. illegal instruction). */
#define TEST_EXPECT_TRAP_ANY_TVAL(n, cause, insn...) \
  TEST_NUM(n); \
  TEST_ARM_TRAP(TEST_EXPECT_ANY_TVAL, cause, 0, 9997f); \
  TEST_TRAP_BODY(insn)

/* Continue at the next instruction in privilege `mode` (TEST_MODE_U/S/M) via mret, with
   mstatus.MPRV cleared. Uses t6. Traps taken there still go to the M-mode handler
   (medeleg/mideleg are 0 unless a test delegates). */
#define TEST_ENTER_MODE(mode) \
  li t6, TEST_MSTATUS_MPP_MASK | TEST_MSTATUS_MPRV; \
  csrc mstatus, t6; \
  li t6, (mode) << 11; \
  csrs mstatus, t6; \
  la t6, 9995f; \
  csrw mepc, t6; \
  mret; \
9995:

/* From U- or S-mode, ecall back to M-mode and continue after the ecall in M-mode.
   cause is CAUSE_USER_ECALL or CAUSE_SUPERVISOR_ECALL and is checked. */
#define TEST_RETURN_TO_M(cause) \
  TEST_ARM_TRAP(TEST_EXPECT_TVAL | TEST_EXPECT_RESUME_M, cause, 0, 9994f); \
  ecall; \
  j test_fail; \
9994:

/* Point mscratch back at the harness state after a test used mscratch itself. */
#define TEST_RESTORE_MSCRATCH \
  la t6, test_trap_state; \
  csrw mscratch, t6

/* Replace or restore the M-mode trap vector (direct mode). */
#define TEST_SET_TRAP_HANDLER(label) \
  la t6, label; \
  csrw mtvec, t6
#define TEST_DEFAULT_TRAP_HANDLER TEST_SET_TRAP_HANDLER(test_trap_entry)

/* ------------------------------------------------------------------ integer shapes */

#define TEST_RR_OP(n, inst, res, a, b) \
  TEST_CASE(n, a0, res, li a1, a; li a2, b; inst a0, a1, a2)
#define TEST_RR_SRC1_EQ_DEST(n, inst, res, a, b) \
  TEST_CASE(n, a1, res, li a1, a; li a2, b; inst a1, a1, a2)
#define TEST_RR_SRC2_EQ_DEST(n, inst, res, a, b) \
  TEST_CASE(n, a2, res, li a1, a; li a2, b; inst a2, a1, a2)
#define TEST_RR_SRC12_EQ_DEST(n, inst, res, a) \
  TEST_CASE(n, a1, res, li a1, a; inst a1, a1, a1)
#define TEST_RR_ZEROSRC1(n, inst, res, b) \
  TEST_CASE(n, a0, res, li a2, b; inst a0, x0, a2)
#define TEST_RR_ZEROSRC2(n, inst, res, a) \
  TEST_CASE(n, a0, res, li a1, a; inst a0, a1, x0)
#define TEST_RR_ZERODEST(n, inst, a, b) \
  TEST_CASE(n, x0, 0, li a1, a; li a2, b; inst x0, a1, a2)

#define TEST_IMM_OP(n, inst, res, a, imm) \
  TEST_CASE(n, a0, res, li a1, a; inst a0, a1, imm)
#define TEST_IMM_SRC1_EQ_DEST(n, inst, res, a, imm) \
  TEST_CASE(n, a1, res, li a1, a; inst a1, a1, imm)
#define TEST_IMM_ZEROSRC1(n, inst, res, imm) \
  TEST_CASE(n, a0, res, inst a0, x0, imm)
#define TEST_IMM_ZERODEST(n, inst, a, imm) \
  TEST_CASE(n, x0, 0, li a1, a; inst x0, a1, imm)

/* Unary operation rd <- op(rs1). */
#define TEST_R_OP(n, inst, res, a) \
  TEST_CASE(n, a0, res, li a1, a; inst a0, a1)
#define TEST_R_SRC1_EQ_DEST(n, inst, res, a) \
  TEST_CASE(n, a1, res, li a1, a; inst a1, a1)

/* Branch taken, both a forward and a backward instance. */
#define TEST_BR_TAKEN(n, inst, a, b) \
  TEST_NUM(n); \
  li a1, a; li a2, b; \
  inst a1, a2, 9992f; \
  j test_fail; \
9991: j 9993f; \
9992: inst a1, a2, 9991b; \
  j test_fail; \
9993:

/* Branch not taken, both a backward and a forward instance. */
#define TEST_BR_NOT_TAKEN(n, inst, a, b) \
  TEST_NUM(n); \
  li a1, a; li a2, b; \
  j 9992f; \
9991: j test_fail; \
9992: inst a1, a2, 9991b; \
  inst a1, a2, 9993f; \
  j 9994f; \
9993: j test_fail; \
9994:

/* Load from base+off and compare; store then load back and compare. */
#define TEST_LD_OP(n, inst, res, off, base) \
  TEST_CASE(n, a0, res, la a1, base; inst a0, off(a1))
#define TEST_ST_OP(n, ldinst, stinst, res, val, off, base) \
  TEST_CASE(n, a0, res, la a1, base; li a2, val; stinst a2, off(a1); ldinst a0, off(a1))

/* ------------------------------------------------------------------ floating point */

/* Each FP case clears fflags, runs one instruction on operands given as bit patterns,
   then checks the result bits and the accrued flags. Single-precision operands are
   NaN-boxed by fmv.w.x; single-precision results must be NaN-boxed (upper 32 bits ones).
   Registers: fa0-fa2 operands, fa3 result, a0 result bits, a3 flags. */

#define TEST_FLAGS_RESET csrwi fflags, 0
#define TEST_CHECK_FLAGS(flags) \
  frflags a3; \
  TEST_CHECK(a3, flags)
#define TEST_CHECK_S(freg, res) \
  fmv.x.d a0, freg; \
  srai a0, a0, 32; \
  TEST_CHECK(a0, -1); \
  fmv.x.w a0, freg; \
  li t6, res; \
  sext.w t6, t6; \
  TEST_CHECK_REG(a0, t6)
#define TEST_CHECK_D(freg, res) \
  fmv.x.d a0, freg; \
  TEST_CHECK(a0, res)

#define TEST_LOAD_S(freg, bits) li t0, bits; fmv.w.x freg, t0
#define TEST_LOAD_D(freg, bits) li t0, bits; fmv.d.x freg, t0

/* Operations with a rounding mode (rm is rne, rtz, rdn, rup, rmm or dyn). */
#define TEST_FP_OP1_S(n, inst, rm, flags, res, a) \
  TEST_NUM(n); TEST_LOAD_S(fa0, a); TEST_FLAGS_RESET; \
  inst fa3, fa0, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_S(fa3, res)
#define TEST_FP_OP2_S(n, inst, rm, flags, res, a, b) \
  TEST_NUM(n); TEST_LOAD_S(fa0, a); TEST_LOAD_S(fa1, b); TEST_FLAGS_RESET; \
  inst fa3, fa0, fa1, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_S(fa3, res)
#define TEST_FP_OP3_S(n, inst, rm, flags, res, a, b, c) \
  TEST_NUM(n); TEST_LOAD_S(fa0, a); TEST_LOAD_S(fa1, b); TEST_LOAD_S(fa2, c); \
  TEST_FLAGS_RESET; \
  inst fa3, fa0, fa1, fa2, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_S(fa3, res)
#define TEST_FP_OP1_D(n, inst, rm, flags, res, a) \
  TEST_NUM(n); TEST_LOAD_D(fa0, a); TEST_FLAGS_RESET; \
  inst fa3, fa0, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_D(fa3, res)
#define TEST_FP_OP2_D(n, inst, rm, flags, res, a, b) \
  TEST_NUM(n); TEST_LOAD_D(fa0, a); TEST_LOAD_D(fa1, b); TEST_FLAGS_RESET; \
  inst fa3, fa0, fa1, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_D(fa3, res)
#define TEST_FP_OP3_D(n, inst, rm, flags, res, a, b, c) \
  TEST_NUM(n); TEST_LOAD_D(fa0, a); TEST_LOAD_D(fa1, b); TEST_LOAD_D(fa2, c); \
  TEST_FLAGS_RESET; \
  inst fa3, fa0, fa1, fa2, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_D(fa3, res)

/* Two-operand operations without a rounding mode (fmin, fmax, fsgnj*). */
#define TEST_FP_OP2N_S(n, inst, flags, res, a, b) \
  TEST_NUM(n); TEST_LOAD_S(fa0, a); TEST_LOAD_S(fa1, b); TEST_FLAGS_RESET; \
  inst fa3, fa0, fa1; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_S(fa3, res)
#define TEST_FP_OP2N_D(n, inst, flags, res, a, b) \
  TEST_NUM(n); TEST_LOAD_D(fa0, a); TEST_LOAD_D(fa1, b); TEST_FLAGS_RESET; \
  inst fa3, fa0, fa1; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_D(fa3, res)

/* Comparisons: integer result in a0. */
#define TEST_FP_CMP_S(n, inst, flags, res, a, b) \
  TEST_NUM(n); TEST_LOAD_S(fa0, a); TEST_LOAD_S(fa1, b); TEST_FLAGS_RESET; \
  inst a0, fa0, fa1; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK(a0, res)
#define TEST_FP_CMP_D(n, inst, flags, res, a, b) \
  TEST_NUM(n); TEST_LOAD_D(fa0, a); TEST_LOAD_D(fa1, b); TEST_FLAGS_RESET; \
  inst a0, fa0, fa1; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK(a0, res)

/* fclass: integer result in a0, never sets flags. */
#define TEST_FCLASS_S(n, res, a) \
  TEST_NUM(n); TEST_LOAD_S(fa0, a); TEST_FLAGS_RESET; \
  fclass.s a0, fa0; \
  TEST_CHECK_FLAGS(0); TEST_CHECK(a0, res)
#define TEST_FCLASS_D(n, res, a) \
  TEST_NUM(n); TEST_LOAD_D(fa0, a); TEST_FLAGS_RESET; \
  fclass.d a0, fa0; \
  TEST_CHECK_FLAGS(0); TEST_CHECK(a0, res)

/* Float to integer conversions: integer result in a0. */
#define TEST_FCVT_X_S(n, inst, rm, flags, res, a) \
  TEST_NUM(n); TEST_LOAD_S(fa0, a); TEST_FLAGS_RESET; \
  inst a0, fa0, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK(a0, res)
#define TEST_FCVT_X_D(n, inst, rm, flags, res, a) \
  TEST_NUM(n); TEST_LOAD_D(fa0, a); TEST_FLAGS_RESET; \
  inst a0, fa0, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK(a0, res)

/* Integer to float conversions: integer operand in a1. */
#define TEST_FCVT_S_X(n, inst, rm, flags, res, a) \
  TEST_NUM(n); li a1, a; TEST_FLAGS_RESET; \
  inst fa3, a1, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_S(fa3, res)
#define TEST_FCVT_D_X(n, inst, rm, flags, res, a) \
  TEST_NUM(n); li a1, a; TEST_FLAGS_RESET; \
  inst fa3, a1, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_D(fa3, res)

/* Exact integer to double conversions (fcvt.d.w, fcvt.d.wu) take no rounding mode. */
#define TEST_FCVT_D_X_EXACT(n, inst, flags, res, a) \
  TEST_NUM(n); li a1, a; TEST_FLAGS_RESET; \
  inst fa3, a1; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_D(fa3, res)

/* Precision conversions. */
#define TEST_FCVT_S_D(n, rm, flags, res, a) \
  TEST_NUM(n); TEST_LOAD_D(fa0, a); TEST_FLAGS_RESET; \
  fcvt.s.d fa3, fa0, rm; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_S(fa3, res)
#define TEST_FCVT_D_S(n, flags, res, a) \
  TEST_NUM(n); TEST_LOAD_S(fa0, a); TEST_FLAGS_RESET; \
  fcvt.d.s fa3, fa0; \
  TEST_CHECK_FLAGS(flags); TEST_CHECK_D(fa3, res)

/* ------------------------------------------------------------------ start-up and runtime */

/* Emitted once at the top of every test. Enters the test body in M-mode with: x registers
   zero except sp (harness stack) and gp (0); f registers +0.0; fcsr 0; mstatus.FS Initial;
   interrupts off; mtvec on the default handler; mscratch -> test_trap_state; PMP entry 0
   granting all memory to S/U where PMP exists. Code is assembled without compression
   (.option norvc) unless a test turns it back on. */
#define TEST_BEGIN \
  .option norvc; \
  .pushsection .tohost, "aw", @progbits; \
  .balign 4096; \
  .globl tohost; .type tohost, @object; .size tohost, 8; tohost: .dword 0; \
  .globl fromhost; .type fromhost, @object; .size fromhost, 8; fromhost: .dword 0; \
  .popsection; \
  .pushsection .bss; \
  .balign 64; \
  .globl test_trap_state; test_trap_state: .skip TEST_TS_SIZE; \
  .balign 16; \
  test_stack: .skip 4096; test_stack_top: ; \
  .popsection; \
  .pushsection .text.init, "ax", @progbits; \
  .globl _start; _start: ; \
  TEST_INIT_XREGS; \
  TEST_INIT_OPTIONAL_CSRS; \
  li t0, TEST_MSTATUS_FS_INITIAL; csrw mstatus, t0; \
  csrw mie, zero; \
  csrw fcsr, zero; \
  TEST_INIT_FREGS; \
  la sp, test_stack_top; \
  la t0, test_trap_state; csrw mscratch, t0; \
  la t0, test_trap_entry; csrw mtvec, t0; \
  li t0, 0; \
  la t1, test_main; jr t1; \
  .popsection; \
  TEST_RUNTIME; \
  .text; \
  .balign 4; \
  test_main:

#define TEST_INIT_XREGS \
  li x1, 0; li x2, 0; li x3, 0; li x4, 0; li x5, 0; li x6, 0; li x7, 0; li x8, 0; \
  li x9, 0; li x10, 0; li x11, 0; li x12, 0; li x13, 0; li x14, 0; li x15, 0; li x16, 0; \
  li x17, 0; li x18, 0; li x19, 0; li x20, 0; li x21, 0; li x22, 0; li x23, 0; \
  li x24, 0; li x25, 0; li x26, 0; li x27, 0; li x28, 0; li x29, 0; li x30, 0; li x31, 0

#define TEST_INIT_FREGS \
  fmv.d.x f0, x0; fmv.d.x f1, x0; fmv.d.x f2, x0; fmv.d.x f3, x0; fmv.d.x f4, x0; \
  fmv.d.x f5, x0; fmv.d.x f6, x0; fmv.d.x f7, x0; fmv.d.x f8, x0; fmv.d.x f9, x0; \
  fmv.d.x f10, x0; fmv.d.x f11, x0; fmv.d.x f12, x0; fmv.d.x f13, x0; fmv.d.x f14, x0; \
  fmv.d.x f15, x0; fmv.d.x f16, x0; fmv.d.x f17, x0; fmv.d.x f18, x0; fmv.d.x f19, x0; \
  fmv.d.x f20, x0; fmv.d.x f21, x0; fmv.d.x f22, x0; fmv.d.x f23, x0; fmv.d.x f24, x0; \
  fmv.d.x f25, x0; fmv.d.x f26, x0; fmv.d.x f27, x0; fmv.d.x f28, x0; fmv.d.x f29, x0; \
  fmv.d.x f30, x0; fmv.d.x f31, x0

/* CSRs a hart may lack: each write runs with mtvec pointing just past it, so an
   illegal-instruction trap there simply skips it (Priv 3.7: PMP is optional). */
#define TEST_TRY_CSR_WRITE(csr, reg) \
  la t1, 9990f; csrw mtvec, t1; \
  csrw csr, reg; \
  .balign 4; \
9990:

#define TEST_INIT_OPTIONAL_CSRS \
  li t0, -1; \
  TEST_TRY_CSR_WRITE(pmpaddr0, t0); \
  li t0, 0x1f; \
  TEST_TRY_CSR_WRITE(pmpcfg0, t0); \
  TEST_TRY_CSR_WRITE(medeleg, zero); \
  TEST_TRY_CSR_WRITE(mideleg, zero); \
  TEST_TRY_CSR_WRITE(satp, zero)

/* Shared routines: test_pass, test_fail, the default trap handler and the HTIF console
   (test_htif_putc a0=byte, test_htif_puts a0=string, test_htif_puthex a0=value; they
   clobber a0-a7 and ra). */
#define TEST_RUNTIME \
  .pushsection .text.harness, "ax", @progbits; \
  .balign 4; \
  .globl test_pass; test_pass: ; \
  fence; \
  li t0, 1; \
  la t1, tohost; \
  sd t0, 0(t1); \
9980: j 9980b; \
  .globl test_fail; test_fail: ; \
  fence; \
  bnez gp, 9981f; \
  li gp, TEST_NUM_NO_CASE; \
9981: la a0, test_msg_fail; \
  call test_htif_puts; \
  mv a0, gp; \
  call test_htif_puthex; \
  la s0, test_trap_state; \
  ld a0, TEST_TS_COUNT(s0); \
  beqz a0, 9979f; \
  la a0, test_msg_last; call test_htif_puts; \
  ld a0, TEST_TS_LAST_CAUSE(s0); call test_htif_puthex; \
  la a0, test_msg_epc; call test_htif_puts; \
  ld a0, TEST_TS_LAST_EPC(s0); call test_htif_puthex; \
  la a0, test_msg_tval; call test_htif_puts; \
  ld a0, TEST_TS_LAST_TVAL(s0); call test_htif_puthex; \
  la a0, test_msg_close; call test_htif_puts; \
9979: la a0, test_msg_nl; \
  call test_htif_puts; \
  slli t0, gp, 1; \
  ori t0, t0, 1; \
  la t1, tohost; \
  sd t0, 0(t1); \
9982: j 9982b; \
  TEST_TRAP_ENTRY; \
  TEST_UNEXPECTED_TRAP; \
  TEST_HTIF_CONSOLE; \
  .pushsection .rodata; \
  test_msg_fail: .asciz "isa test FAIL: test "; \
  test_msg_nl: .asciz "\n"; \
  test_msg_trap: .asciz "unexpected trap: mcause "; \
  test_msg_last: .asciz " (last trap: mcause "; \
  test_msg_epc: .asciz " mepc "; \
  test_msg_tval: .asciz " mtval "; \
  test_msg_gp: .asciz " during test "; \
  test_msg_close: .asciz ")"; \
  .popsection; \
  .popsection

/* Default handler. An armed expectation is consumed (one-shot): mcause (and mtval) must
   match or the current test fails; then mret to the recorded resume address, in the
   trapping mode unless TEST_EXPECT_RESUME_M is set. Any other
   trap fails with TEST_NUM_UNEXPECTED_EXC/IRQ + code. Registers are preserved except t5,
   t6 (the arming macro's scratch). */
#define TEST_TRAP_ENTRY \
  .balign 4; \
  .globl test_trap_entry; test_trap_entry: ; \
  csrrw t6, mscratch, t6; \
  sd t0, TEST_TS_SAVE_T0(t6); \
  sd t1, TEST_TS_SAVE_T1(t6); \
  sd t2, TEST_TS_SAVE_T2(t6); \
  csrr t0, mcause; sd t0, TEST_TS_LAST_CAUSE(t6); \
  csrr t0, mepc; sd t0, TEST_TS_LAST_EPC(t6); \
  csrr t0, mtval; sd t0, TEST_TS_LAST_TVAL(t6); \
  csrr t0, mstatus; sd t0, TEST_TS_LAST_STATUS(t6); \
  ld t0, TEST_TS_COUNT(t6); addi t0, t0, 1; sd t0, TEST_TS_COUNT(t6); \
  ld t1, TEST_TS_EXPECT(t6); \
  beqz t1, test_unexpected_trap; \
  sd zero, TEST_TS_EXPECT(t6); \
  ld t0, TEST_TS_LAST_CAUSE(t6); \
  ld t2, TEST_TS_CAUSE(t6); \
  bne t0, t2, test_fail; \
  andi t2, t1, 2; \
  bnez t2, 9983f; \
  ld t0, TEST_TS_LAST_TVAL(t6); \
  ld t2, TEST_TS_TVAL(t6); \
  bne t0, t2, test_fail; \
9983: andi t2, t1, TEST_EXPECT_RESUME_M; \
  beqz t2, 9978f; \
  li t2, TEST_MSTATUS_MPP_MASK; \
  csrs mstatus, t2; \
9978: ld t0, TEST_TS_RESUME(t6); \
  csrw mepc, t0; \
  ld t0, TEST_TS_SAVE_T0(t6); \
  ld t1, TEST_TS_SAVE_T1(t6); \
  ld t2, TEST_TS_SAVE_T2(t6); \
  csrrw t6, mscratch, t6; \
  mret

#define TEST_UNEXPECTED_TRAP \
  test_unexpected_trap: ; \
  la a0, test_msg_trap; call test_htif_puts; \
  csrr a0, mcause; call test_htif_puthex; \
  la a0, test_msg_epc; call test_htif_puts; \
  csrr a0, mepc; call test_htif_puthex; \
  la a0, test_msg_tval; call test_htif_puts; \
  csrr a0, mtval; call test_htif_puthex; \
  la a0, test_msg_gp; call test_htif_puts; \
  mv a0, gp; call test_htif_puthex; \
  la a0, test_msg_nl; call test_htif_puts; \
  csrr t0, mcause; \
  li gp, TEST_NUM_UNEXPECTED_IRQ; \
  bltz t0, 9984f; \
  li gp, TEST_NUM_UNEXPECTED_EXC; \
9984: andi t0, t0, 0xff; \
  add gp, gp, t0; \
  j test_fail

/* HTIF console (device 1, command 1): write the byte to tohost, then wait until the host
   has consumed it (tohost reads 0) and acknowledge by clearing fromhost. */
#define TEST_HTIF_CONSOLE \
  .globl test_htif_putc; test_htif_putc: ; \
  andi a0, a0, 0xff; \
  li a1, 0x0101000000000000; \
  or a1, a1, a0; \
  la a2, tohost; \
  sd a1, 0(a2); \
  li a3, TEST_HTIF_SPIN; \
9985: ld a1, 0(a2); \
  beqz a1, 9986f; \
  addi a3, a3, -1; \
  bnez a3, 9985b; \
9986: la a2, fromhost; \
  sd zero, 0(a2); \
  ret; \
  .globl test_htif_puts; test_htif_puts: ; \
  mv a4, a0; \
  mv a5, ra; \
9987: lbu a0, 0(a4); \
  beqz a0, 9988f; \
  call test_htif_putc; \
  addi a4, a4, 1; \
  j 9987b; \
9988: jr a5; \
  .globl test_htif_puthex; test_htif_puthex: ; \
  mv a4, a0; \
  mv a5, ra; \
  li a0, 0x30; call test_htif_putc; \
  li a0, 0x78; call test_htif_putc; \
  li a6, 60; \
9989: srl a0, a4, a6; \
  andi a0, a0, 0xf; \
  bnez a0, 9990f; \
  beqz a6, 9990f; \
  addi a6, a6, -4; \
  j 9989b; \
9990: srl a0, a4, a6; \
  andi a0, a0, 0xf; \
  li a7, 10; \
  blt a0, a7, 9991f; \
  addi a0, a0, 0x27; \
9991: addi a0, a0, 0x30; \
  call test_htif_putc; \
  addi a6, a6, -4; \
  bgez a6, 9990b; \
  jr a5

#endif
