/* SPDX-License-Identifier: MIT */
/* The one instruction table. Each row expands into the decoder, the
 * interpreter dispatch (exec_NAME), the translator dispatch and the
 * disassembler. Rows may overlap only when one is a strict special case of
 * the other (more mask bits); the decoder then picks the more specific row,
 * and tests/unit/test_decode.c checks exactly that rule.
 *
 * INSN(name, match, mask, format, extension, flags)
 *   name: C identifier; the mnemonic is name with '_' read as '.'.
 * CINSN(name, match, mask, cformat, extension, base)
 *   16-bit form that expands to the 32-bit row `base`. */

/* clang-format off: the table's columns are aligned by hand. */

/* 32-bit formats: how operands and the immediate are encoded */
#define INSN_FORMATS(F)                             \
    F(R)      /* rd, rs1, rs2 */                    \
    F(R4)     /* rd, rs1, rs2, rs3 (+rm) */         \
    F(RF)     /* rd, rs1, rs2, rm */                \
    F(R1)     /* rd, rs1 (rs2 field fixed) */       \
    F(R1F)    /* rd, rs1, rm */                     \
    F(I)      /* rd, rs1, imm12 */                  \
    F(IS)     /* rd, rs1, shamt6 */                 \
    F(ISW)    /* rd, rs1, shamt5 */                 \
    F(S)      /* rs1, rs2, imm12 */                 \
    F(B)      /* rs1, rs2, imm13 */                 \
    F(U)      /* rd, imm32 */                       \
    F(J)      /* rd, imm21 */                       \
    F(CSR)    /* rd, rs1, csr (imm) */              \
    F(CSRI)   /* rd, zimm (rs1 field), csr (imm) */ \
    F(AMO)    /* rd, rs2, (rs1), aq/rl */           \
    F(LR)     /* rd, (rs1), aq/rl */                \
    F(FENCE)  /* pred, succ (imm = bits 31:20) */   \
    F(SFENCE) /* rs1, rs2 */                        \
    F(CBO)    /* (rs1) */                           \
    F(N)      /* no operands */

/* 16-bit formats: how a compressed form maps onto its base row */
#define CINSN_FORMATS(F)                                         \
    F(CIW)     /* addi4spn: rd', x2, nzuimm */                   \
    F(CL_W)    /* lw/flw-style: rd', uimm(rs1') scaled by 4 */   \
    F(CL_D)    /* ld/fld: rd', uimm(rs1') scaled by 8 */         \
    F(CS_W)    /* sw: rs2', uimm(rs1') */                        \
    F(CS_D)    /* sd/fsd: rs2', uimm(rs1') */                    \
    F(CI)      /* rd = rd op sext(imm6) */                       \
    F(CI_LI)   /* rd = x0 + sext(imm6) */                        \
    F(CI_SH)   /* rd = rd << uimm6 */                            \
    F(CI_LUI)  /* rd = sext(imm6) << 12 (rd == 2 is addi16sp) */ \
    F(CI_16SP) /* x2 = x2 + sext(imm10) */                       \
    F(CI_LWSP) /* rd, uimm(x2) scaled by 4 */                    \
    F(CI_LDSP) /* rd, uimm(x2) scaled by 8 */                    \
    F(CSS_W)   /* rs2, uimm(x2) scaled by 4 */                   \
    F(CSS_D)   /* rs2, uimm(x2) scaled by 8 */                   \
    F(CB_SH)   /* rd' = rd' shift uimm6 */                       \
    F(CB_ANDI) /* rd' = rd' & sext(imm6) */                      \
    F(CA)      /* rd' = rd' op rs2' */                           \
    F(CJ)      /* jal x0, imm12 */                               \
    F(CB)      /* branch rs1' against x0, imm9 */                \
    F(CR_JR)   /* jalr x0, 0(rs1) */                             \
    F(CR_JALR) /* jalr x1, 0(rs1) */                             \
    F(CR_MV)   /* add rd, x0, rs2 */                             \
    F(CR_ADD)  /* add rd, rd, rs2 */                             \
    F(CR_N)    /* no operands */

/* Flags */
#define IF_FRD    0x001 /* rd is an FP register */
#define IF_FRS1   0x002
#define IF_FRS2   0x004
#define IF_FRS3   0x008
#define IF_LOAD   0x010
#define IF_STORE  0x020
#define IF_BRANCH 0x040 /* conditional branch */
#define IF_JUMP   0x080 /* unconditional control transfer */
#define IF_SYSTEM 0x100 /* may change privilege, CSRs or translation: ends a block */
#define IF_FP     0x200 /* needs mstatus.FS != Off */
#define IF_END    (IF_BRANCH | IF_JUMP | IF_SYSTEM)

#define F_S  (IF_FP | IF_FRD | IF_FRS1 | IF_FRS2)
#define F_R4 (F_S | IF_FRS3)

#define INSN_TABLE(INSN)                                                     \
    /* RV64I */                                                              \
    INSN(lui, 0x00000037, 0x0000007f, U, I, 0)                               \
    INSN(auipc, 0x00000017, 0x0000007f, U, I, 0)                             \
    INSN(jal, 0x0000006f, 0x0000007f, J, I, IF_JUMP)                         \
    INSN(jalr, 0x00000067, 0x0000707f, I, I, IF_JUMP)                        \
    INSN(beq, 0x00000063, 0x0000707f, B, I, IF_BRANCH)                       \
    INSN(bne, 0x00001063, 0x0000707f, B, I, IF_BRANCH)                       \
    INSN(blt, 0x00004063, 0x0000707f, B, I, IF_BRANCH)                       \
    INSN(bge, 0x00005063, 0x0000707f, B, I, IF_BRANCH)                       \
    INSN(bltu, 0x00006063, 0x0000707f, B, I, IF_BRANCH)                      \
    INSN(bgeu, 0x00007063, 0x0000707f, B, I, IF_BRANCH)                      \
    INSN(lb, 0x00000003, 0x0000707f, I, I, IF_LOAD)                          \
    INSN(lh, 0x00001003, 0x0000707f, I, I, IF_LOAD)                          \
    INSN(lw, 0x00002003, 0x0000707f, I, I, IF_LOAD)                          \
    INSN(ld, 0x00003003, 0x0000707f, I, I, IF_LOAD)                          \
    INSN(lbu, 0x00004003, 0x0000707f, I, I, IF_LOAD)                         \
    INSN(lhu, 0x00005003, 0x0000707f, I, I, IF_LOAD)                         \
    INSN(lwu, 0x00006003, 0x0000707f, I, I, IF_LOAD)                         \
    INSN(sb, 0x00000023, 0x0000707f, S, I, IF_STORE)                         \
    INSN(sh, 0x00001023, 0x0000707f, S, I, IF_STORE)                         \
    INSN(sw, 0x00002023, 0x0000707f, S, I, IF_STORE)                         \
    INSN(sd, 0x00003023, 0x0000707f, S, I, IF_STORE)                         \
    INSN(addi, 0x00000013, 0x0000707f, I, I, 0)                              \
    INSN(slti, 0x00002013, 0x0000707f, I, I, 0)                              \
    INSN(sltiu, 0x00003013, 0x0000707f, I, I, 0)                             \
    INSN(xori, 0x00004013, 0x0000707f, I, I, 0)                              \
    INSN(ori, 0x00006013, 0x0000707f, I, I, 0)                               \
    INSN(andi, 0x00007013, 0x0000707f, I, I, 0)                              \
    INSN(slli, 0x00001013, 0xfc00707f, IS, I, 0)                             \
    INSN(srli, 0x00005013, 0xfc00707f, IS, I, 0)                             \
    INSN(srai, 0x40005013, 0xfc00707f, IS, I, 0)                             \
    INSN(add, 0x00000033, 0xfe00707f, R, I, 0)                               \
    INSN(sub, 0x40000033, 0xfe00707f, R, I, 0)                               \
    INSN(sll, 0x00001033, 0xfe00707f, R, I, 0)                               \
    INSN(slt, 0x00002033, 0xfe00707f, R, I, 0)                               \
    INSN(sltu, 0x00003033, 0xfe00707f, R, I, 0)                              \
    INSN(xor, 0x00004033, 0xfe00707f, R, I, 0)                               \
    INSN(srl, 0x00005033, 0xfe00707f, R, I, 0)                               \
    INSN(sra, 0x40005033, 0xfe00707f, R, I, 0)                               \
    INSN(or, 0x00006033, 0xfe00707f, R, I, 0)                                \
    INSN(and, 0x00007033, 0xfe00707f, R, I, 0)                               \
    INSN(addiw, 0x0000001b, 0x0000707f, I, I, 0)                             \
    INSN(slliw, 0x0000101b, 0xfe00707f, ISW, I, 0)                           \
    INSN(srliw, 0x0000501b, 0xfe00707f, ISW, I, 0)                           \
    INSN(sraiw, 0x4000501b, 0xfe00707f, ISW, I, 0)                           \
    INSN(addw, 0x0000003b, 0xfe00707f, R, I, 0)                              \
    INSN(subw, 0x4000003b, 0xfe00707f, R, I, 0)                              \
    INSN(sllw, 0x0000103b, 0xfe00707f, R, I, 0)                              \
    INSN(srlw, 0x0000503b, 0xfe00707f, R, I, 0)                              \
    INSN(sraw, 0x4000503b, 0xfe00707f, R, I, 0)                              \
    INSN(fence, 0x0000000f, 0x0000707f, FENCE, I, 0)                         \
    INSN(ecall, 0x00000073, 0xffffffff, N, I, IF_SYSTEM)                     \
    INSN(ebreak, 0x00100073, 0xffffffff, N, I, IF_SYSTEM)                    \
    /* Zifencei */                                                           \
    INSN(fence_i, 0x0000100f, 0x0000707f, N, ZIFENCEI, IF_SYSTEM)            \
    /* Zicsr */                                                              \
    INSN(csrrw, 0x00001073, 0x0000707f, CSR, ZICSR, IF_SYSTEM)               \
    INSN(csrrs, 0x00002073, 0x0000707f, CSR, ZICSR, IF_SYSTEM)               \
    INSN(csrrc, 0x00003073, 0x0000707f, CSR, ZICSR, IF_SYSTEM)               \
    INSN(csrrwi, 0x00005073, 0x0000707f, CSRI, ZICSR, IF_SYSTEM)             \
    INSN(csrrsi, 0x00006073, 0x0000707f, CSRI, ZICSR, IF_SYSTEM)             \
    INSN(csrrci, 0x00007073, 0x0000707f, CSRI, ZICSR, IF_SYSTEM)             \
    /* Privileged */                                                         \
    INSN(sret, 0x10200073, 0xffffffff, N, PRIV, IF_SYSTEM)                   \
    INSN(mret, 0x30200073, 0xffffffff, N, PRIV, IF_SYSTEM)                   \
    INSN(wfi, 0x10500073, 0xffffffff, N, PRIV, IF_SYSTEM)                    \
    INSN(sfence_vma, 0x12000073, 0xfe007fff, SFENCE, PRIV, IF_SYSTEM)        \
    /* M */                                                                  \
    INSN(mul, 0x02000033, 0xfe00707f, R, M, 0)                               \
    INSN(mulh, 0x02001033, 0xfe00707f, R, M, 0)                              \
    INSN(mulhsu, 0x02002033, 0xfe00707f, R, M, 0)                            \
    INSN(mulhu, 0x02003033, 0xfe00707f, R, M, 0)                             \
    INSN(div, 0x02004033, 0xfe00707f, R, M, 0)                               \
    INSN(divu, 0x02005033, 0xfe00707f, R, M, 0)                              \
    INSN(rem, 0x02006033, 0xfe00707f, R, M, 0)                               \
    INSN(remu, 0x02007033, 0xfe00707f, R, M, 0)                              \
    INSN(mulw, 0x0200003b, 0xfe00707f, R, M, 0)                              \
    INSN(divw, 0x0200403b, 0xfe00707f, R, M, 0)                              \
    INSN(divuw, 0x0200503b, 0xfe00707f, R, M, 0)                             \
    INSN(remw, 0x0200603b, 0xfe00707f, R, M, 0)                              \
    INSN(remuw, 0x0200703b, 0xfe00707f, R, M, 0)                             \
    /* A */                                                                  \
    INSN(lr_w, 0x1000202f, 0xf9f0707f, LR, A, IF_LOAD)                       \
    INSN(sc_w, 0x1800202f, 0xf800707f, AMO, A, IF_STORE)                     \
    INSN(amoswap_w, 0x0800202f, 0xf800707f, AMO, A, IF_STORE)                \
    INSN(amoadd_w, 0x0000202f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amoxor_w, 0x2000202f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amoand_w, 0x6000202f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amoor_w, 0x4000202f, 0xf800707f, AMO, A, IF_STORE)                  \
    INSN(amomin_w, 0x8000202f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amomax_w, 0xa000202f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amominu_w, 0xc000202f, 0xf800707f, AMO, A, IF_STORE)                \
    INSN(amomaxu_w, 0xe000202f, 0xf800707f, AMO, A, IF_STORE)                \
    INSN(lr_d, 0x1000302f, 0xf9f0707f, LR, A, IF_LOAD)                       \
    INSN(sc_d, 0x1800302f, 0xf800707f, AMO, A, IF_STORE)                     \
    INSN(amoswap_d, 0x0800302f, 0xf800707f, AMO, A, IF_STORE)                \
    INSN(amoadd_d, 0x0000302f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amoxor_d, 0x2000302f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amoand_d, 0x6000302f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amoor_d, 0x4000302f, 0xf800707f, AMO, A, IF_STORE)                  \
    INSN(amomin_d, 0x8000302f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amomax_d, 0xa000302f, 0xf800707f, AMO, A, IF_STORE)                 \
    INSN(amominu_d, 0xc000302f, 0xf800707f, AMO, A, IF_STORE)                \
    INSN(amomaxu_d, 0xe000302f, 0xf800707f, AMO, A, IF_STORE)                \
    /* F */                                                                  \
    INSN(flw, 0x00002007, 0x0000707f, I, F, IF_FP | IF_FRD | IF_LOAD)        \
    INSN(fsw, 0x00002027, 0x0000707f, S, F, IF_FP | IF_FRS2 | IF_STORE)      \
    INSN(fmadd_s, 0x00000043, 0x0600007f, R4, F, F_R4)                       \
    INSN(fmsub_s, 0x00000047, 0x0600007f, R4, F, F_R4)                       \
    INSN(fnmsub_s, 0x0000004b, 0x0600007f, R4, F, F_R4)                      \
    INSN(fnmadd_s, 0x0000004f, 0x0600007f, R4, F, F_R4)                      \
    INSN(fadd_s, 0x00000053, 0xfe00007f, RF, F, F_S)                         \
    INSN(fsub_s, 0x08000053, 0xfe00007f, RF, F, F_S)                         \
    INSN(fmul_s, 0x10000053, 0xfe00007f, RF, F, F_S)                         \
    INSN(fdiv_s, 0x18000053, 0xfe00007f, RF, F, F_S)                         \
    INSN(fsqrt_s, 0x58000053, 0xfff0007f, R1F, F, IF_FP | IF_FRD | IF_FRS1)  \
    INSN(fsgnj_s, 0x20000053, 0xfe00707f, R, F, F_S)                         \
    INSN(fsgnjn_s, 0x20001053, 0xfe00707f, R, F, F_S)                        \
    INSN(fsgnjx_s, 0x20002053, 0xfe00707f, R, F, F_S)                        \
    INSN(fmin_s, 0x28000053, 0xfe00707f, R, F, F_S)                          \
    INSN(fmax_s, 0x28001053, 0xfe00707f, R, F, F_S)                          \
    INSN(fcvt_w_s, 0xc0000053, 0xfff0007f, R1F, F, IF_FP | IF_FRS1)          \
    INSN(fcvt_wu_s, 0xc0100053, 0xfff0007f, R1F, F, IF_FP | IF_FRS1)         \
    INSN(fcvt_l_s, 0xc0200053, 0xfff0007f, R1F, F, IF_FP | IF_FRS1)          \
    INSN(fcvt_lu_s, 0xc0300053, 0xfff0007f, R1F, F, IF_FP | IF_FRS1)         \
    INSN(fmv_x_w, 0xe0000053, 0xfff0707f, R1, F, IF_FP | IF_FRS1)            \
    INSN(fclass_s, 0xe0001053, 0xfff0707f, R1, F, IF_FP | IF_FRS1)           \
    INSN(feq_s, 0xa0002053, 0xfe00707f, R, F, IF_FP | IF_FRS1 | IF_FRS2)     \
    INSN(flt_s, 0xa0001053, 0xfe00707f, R, F, IF_FP | IF_FRS1 | IF_FRS2)     \
    INSN(fle_s, 0xa0000053, 0xfe00707f, R, F, IF_FP | IF_FRS1 | IF_FRS2)     \
    INSN(fcvt_s_w, 0xd0000053, 0xfff0007f, R1F, F, IF_FP | IF_FRD)           \
    INSN(fcvt_s_wu, 0xd0100053, 0xfff0007f, R1F, F, IF_FP | IF_FRD)          \
    INSN(fcvt_s_l, 0xd0200053, 0xfff0007f, R1F, F, IF_FP | IF_FRD)           \
    INSN(fcvt_s_lu, 0xd0300053, 0xfff0007f, R1F, F, IF_FP | IF_FRD)          \
    INSN(fmv_w_x, 0xf0000053, 0xfff0707f, R1, F, IF_FP | IF_FRD)             \
    /* D */                                                                  \
    INSN(fld, 0x00003007, 0x0000707f, I, D, IF_FP | IF_FRD | IF_LOAD)        \
    INSN(fsd, 0x00003027, 0x0000707f, S, D, IF_FP | IF_FRS2 | IF_STORE)      \
    INSN(fmadd_d, 0x02000043, 0x0600007f, R4, D, F_R4)                       \
    INSN(fmsub_d, 0x02000047, 0x0600007f, R4, D, F_R4)                       \
    INSN(fnmsub_d, 0x0200004b, 0x0600007f, R4, D, F_R4)                      \
    INSN(fnmadd_d, 0x0200004f, 0x0600007f, R4, D, F_R4)                      \
    INSN(fadd_d, 0x02000053, 0xfe00007f, RF, D, F_S)                         \
    INSN(fsub_d, 0x0a000053, 0xfe00007f, RF, D, F_S)                         \
    INSN(fmul_d, 0x12000053, 0xfe00007f, RF, D, F_S)                         \
    INSN(fdiv_d, 0x1a000053, 0xfe00007f, RF, D, F_S)                         \
    INSN(fsqrt_d, 0x5a000053, 0xfff0007f, R1F, D, IF_FP | IF_FRD | IF_FRS1)  \
    INSN(fsgnj_d, 0x22000053, 0xfe00707f, R, D, F_S)                         \
    INSN(fsgnjn_d, 0x22001053, 0xfe00707f, R, D, F_S)                        \
    INSN(fsgnjx_d, 0x22002053, 0xfe00707f, R, D, F_S)                        \
    INSN(fmin_d, 0x2a000053, 0xfe00707f, R, D, F_S)                          \
    INSN(fmax_d, 0x2a001053, 0xfe00707f, R, D, F_S)                          \
    INSN(fcvt_s_d, 0x40100053, 0xfff0007f, R1F, D, IF_FP | IF_FRD | IF_FRS1) \
    INSN(fcvt_d_s, 0x42000053, 0xfff0007f, R1F, D, IF_FP | IF_FRD | IF_FRS1) \
    INSN(feq_d, 0xa2002053, 0xfe00707f, R, D, IF_FP | IF_FRS1 | IF_FRS2)     \
    INSN(flt_d, 0xa2001053, 0xfe00707f, R, D, IF_FP | IF_FRS1 | IF_FRS2)     \
    INSN(fle_d, 0xa2000053, 0xfe00707f, R, D, IF_FP | IF_FRS1 | IF_FRS2)     \
    INSN(fclass_d, 0xe2001053, 0xfff0707f, R1, D, IF_FP | IF_FRS1)           \
    INSN(fcvt_w_d, 0xc2000053, 0xfff0007f, R1F, D, IF_FP | IF_FRS1)          \
    INSN(fcvt_wu_d, 0xc2100053, 0xfff0007f, R1F, D, IF_FP | IF_FRS1)         \
    INSN(fcvt_l_d, 0xc2200053, 0xfff0007f, R1F, D, IF_FP | IF_FRS1)          \
    INSN(fcvt_lu_d, 0xc2300053, 0xfff0007f, R1F, D, IF_FP | IF_FRS1)         \
    INSN(fcvt_d_w, 0xd2000053, 0xfff0007f, R1F, D, IF_FP | IF_FRD)           \
    INSN(fcvt_d_wu, 0xd2100053, 0xfff0007f, R1F, D, IF_FP | IF_FRD)          \
    INSN(fcvt_d_l, 0xd2200053, 0xfff0007f, R1F, D, IF_FP | IF_FRD)           \
    INSN(fcvt_d_lu, 0xd2300053, 0xfff0007f, R1F, D, IF_FP | IF_FRD)          \
    INSN(fmv_x_d, 0xe2000053, 0xfff0707f, R1, D, IF_FP | IF_FRS1)            \
    INSN(fmv_d_x, 0xf2000053, 0xfff0707f, R1, D, IF_FP | IF_FRD)             \
    /* Zba */                                                                \
    INSN(sh1add, 0x20002033, 0xfe00707f, R, ZBA, 0)                          \
    INSN(sh2add, 0x20004033, 0xfe00707f, R, ZBA, 0)                          \
    INSN(sh3add, 0x20006033, 0xfe00707f, R, ZBA, 0)                          \
    INSN(add_uw, 0x0800003b, 0xfe00707f, R, ZBA, 0)                          \
    INSN(sh1add_uw, 0x2000203b, 0xfe00707f, R, ZBA, 0)                       \
    INSN(sh2add_uw, 0x2000403b, 0xfe00707f, R, ZBA, 0)                       \
    INSN(sh3add_uw, 0x2000603b, 0xfe00707f, R, ZBA, 0)                       \
    INSN(slli_uw, 0x0800101b, 0xfc00707f, IS, ZBA, 0)                        \
    /* Zbb */                                                                \
    INSN(andn, 0x40007033, 0xfe00707f, R, ZBB, 0)                            \
    INSN(orn, 0x40006033, 0xfe00707f, R, ZBB, 0)                             \
    INSN(xnor, 0x40004033, 0xfe00707f, R, ZBB, 0)                            \
    INSN(clz, 0x60001013, 0xfff0707f, R1, ZBB, 0)                            \
    INSN(clzw, 0x6000101b, 0xfff0707f, R1, ZBB, 0)                           \
    INSN(ctz, 0x60101013, 0xfff0707f, R1, ZBB, 0)                            \
    INSN(ctzw, 0x6010101b, 0xfff0707f, R1, ZBB, 0)                           \
    INSN(cpop, 0x60201013, 0xfff0707f, R1, ZBB, 0)                           \
    INSN(cpopw, 0x6020101b, 0xfff0707f, R1, ZBB, 0)                          \
    INSN(max, 0x0a006033, 0xfe00707f, R, ZBB, 0)                             \
    INSN(maxu, 0x0a007033, 0xfe00707f, R, ZBB, 0)                            \
    INSN(min, 0x0a004033, 0xfe00707f, R, ZBB, 0)                             \
    INSN(minu, 0x0a005033, 0xfe00707f, R, ZBB, 0)                            \
    INSN(sext_b, 0x60401013, 0xfff0707f, R1, ZBB, 0)                         \
    INSN(sext_h, 0x60501013, 0xfff0707f, R1, ZBB, 0)                         \
    INSN(zext_h, 0x0800403b, 0xfff0707f, R1, ZBB, 0)                         \
    INSN(rol, 0x60001033, 0xfe00707f, R, ZBB, 0)                             \
    INSN(rolw, 0x6000103b, 0xfe00707f, R, ZBB, 0)                            \
    INSN(ror, 0x60005033, 0xfe00707f, R, ZBB, 0)                             \
    INSN(rorw, 0x6000503b, 0xfe00707f, R, ZBB, 0)                            \
    INSN(rori, 0x60005013, 0xfc00707f, IS, ZBB, 0)                           \
    INSN(roriw, 0x6000501b, 0xfe00707f, ISW, ZBB, 0)                         \
    INSN(orc_b, 0x28705013, 0xfff0707f, R1, ZBB, 0)                          \
    INSN(rev8, 0x6b805013, 0xfff0707f, R1, ZBB, 0)                           \
    /* Zbc */                                                                \
    INSN(clmul, 0x0a001033, 0xfe00707f, R, ZBC, 0)                           \
    INSN(clmulh, 0x0a003033, 0xfe00707f, R, ZBC, 0)                          \
    INSN(clmulr, 0x0a002033, 0xfe00707f, R, ZBC, 0)                          \
    /* Zbs */                                                                \
    INSN(bclr, 0x48001033, 0xfe00707f, R, ZBS, 0)                            \
    INSN(bclri, 0x48001013, 0xfc00707f, IS, ZBS, 0)                          \
    INSN(bext, 0x48005033, 0xfe00707f, R, ZBS, 0)                            \
    INSN(bexti, 0x48005013, 0xfc00707f, IS, ZBS, 0)                          \
    INSN(binv, 0x68001033, 0xfe00707f, R, ZBS, 0)                            \
    INSN(binvi, 0x68001013, 0xfc00707f, IS, ZBS, 0)                          \
    INSN(bset, 0x28001033, 0xfe00707f, R, ZBS, 0)                            \
    INSN(bseti, 0x28001013, 0xfc00707f, IS, ZBS, 0)                          \
    /* Zicond */                                                             \
    INSN(czero_eqz, 0x0e005033, 0xfe00707f, R, ZICOND, 0)                    \
    INSN(czero_nez, 0x0e007033, 0xfe00707f, R, ZICOND, 0)                    \
    /* Zicbom, Zicboz */                                                     \
    INSN(cbo_inval, 0x0000200f, 0xfff07fff, CBO, ZICBOM, IF_STORE)           \
    INSN(cbo_clean, 0x0010200f, 0xfff07fff, CBO, ZICBOM, IF_STORE)           \
    INSN(cbo_flush, 0x0020200f, 0xfff07fff, CBO, ZICBOM, IF_STORE)           \
    INSN(cbo_zero, 0x0040200f, 0xfff07fff, CBO, ZICBOZ, IF_STORE)

#define CINSN_TABLE(CINSN)                              \
    /* Quadrant 0 */                                    \
    CINSN(c_addi4spn, 0x0000, 0xe003, CIW, C, addi)     \
    CINSN(c_fld, 0x2000, 0xe003, CL_D, C, fld)          \
    CINSN(c_lw, 0x4000, 0xe003, CL_W, C, lw)            \
    CINSN(c_ld, 0x6000, 0xe003, CL_D, C, ld)            \
    CINSN(c_fsd, 0xa000, 0xe003, CS_D, C, fsd)          \
    CINSN(c_sw, 0xc000, 0xe003, CS_W, C, sw)            \
    CINSN(c_sd, 0xe000, 0xe003, CS_D, C, sd)            \
    /* Quadrant 1 */                                    \
    CINSN(c_addi, 0x0001, 0xe003, CI, C, addi)          \
    CINSN(c_addiw, 0x2001, 0xe003, CI, C, addiw)        \
    CINSN(c_li, 0x4001, 0xe003, CI_LI, C, addi)         \
    CINSN(c_lui, 0x6001, 0xe003, CI_LUI, C, lui)        \
    CINSN(c_addi16sp, 0x6101, 0xef83, CI_16SP, C, addi) \
    CINSN(c_srli, 0x8001, 0xec03, CB_SH, C, srli)       \
    CINSN(c_srai, 0x8401, 0xec03, CB_SH, C, srai)       \
    CINSN(c_andi, 0x8801, 0xec03, CB_ANDI, C, andi)     \
    CINSN(c_sub, 0x8c01, 0xfc63, CA, C, sub)            \
    CINSN(c_xor, 0x8c21, 0xfc63, CA, C, xor)            \
    CINSN(c_or, 0x8c41, 0xfc63, CA, C, or)              \
    CINSN(c_and, 0x8c61, 0xfc63, CA, C, and)            \
    CINSN(c_subw, 0x9c01, 0xfc63, CA, C, subw)          \
    CINSN(c_addw, 0x9c21, 0xfc63, CA, C, addw)          \
    CINSN(c_j, 0xa001, 0xe003, CJ, C, jal)              \
    CINSN(c_beqz, 0xc001, 0xe003, CB, C, beq)           \
    CINSN(c_bnez, 0xe001, 0xe003, CB, C, bne)           \
    /* Quadrant 2 */                                    \
    CINSN(c_slli, 0x0002, 0xe003, CI_SH, C, slli)       \
    CINSN(c_fldsp, 0x2002, 0xe003, CI_LDSP, C, fld)     \
    CINSN(c_lwsp, 0x4002, 0xe003, CI_LWSP, C, lw)       \
    CINSN(c_ldsp, 0x6002, 0xe003, CI_LDSP, C, ld)       \
    CINSN(c_jr, 0x8002, 0xf07f, CR_JR, C, jalr)         \
    CINSN(c_mv, 0x8002, 0xf003, CR_MV, C, add)          \
    CINSN(c_ebreak, 0x9002, 0xffff, CR_N, C, ebreak)    \
    CINSN(c_jalr, 0x9002, 0xf07f, CR_JALR, C, jalr)     \
    CINSN(c_add, 0x9002, 0xf003, CR_ADD, C, add)        \
    CINSN(c_fsdsp, 0xa002, 0xe003, CSS_D, C, fsd)       \
    CINSN(c_swsp, 0xc002, 0xe003, CSS_W, C, sw)         \
    CINSN(c_sdsp, 0xe002, 0xe003, CSS_D, C, sd)

/* clang-format on */
