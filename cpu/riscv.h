/* SPDX-License-Identifier: MIT */
/* Architectural constants from the RISC-V Privileged (1.12) and Unprivileged
 * specifications: privilege levels, trap causes, CSR numbers and fields. */
#ifndef CPU_RISCV_H
#define CPU_RISCV_H

enum { PRV_U = 0, PRV_S = 1, PRV_M = 3 };

/* Priv 3.1.15: mcause exception codes */
enum {
    EXC_INSN_MISALIGNED = 0,
    EXC_INSN_ACCESS = 1,
    EXC_ILLEGAL_INSN = 2,
    EXC_BREAKPOINT = 3,
    EXC_LOAD_MISALIGNED = 4,
    EXC_LOAD_ACCESS = 5,
    EXC_STORE_MISALIGNED = 6,
    EXC_STORE_ACCESS = 7,
    EXC_ECALL_U = 8,
    EXC_ECALL_S = 9,
    EXC_ECALL_M = 11,
    EXC_INSN_PAGE_FAULT = 12,
    EXC_LOAD_PAGE_FAULT = 13,
    EXC_STORE_PAGE_FAULT = 15,
};

/* Interrupt numbers (bit positions in mip/mie) */
enum {
    IRQ_S_SOFT = 1,
    IRQ_M_SOFT = 3,
    IRQ_S_TIMER = 5,
    IRQ_M_TIMER = 7,
    IRQ_S_EXT = 9,
    IRQ_M_EXT = 11,
    IRQ_LCOF = 13,
};
#define MIP_SSIP        (1ull << IRQ_S_SOFT)
#define MIP_MSIP        (1ull << IRQ_M_SOFT)
#define MIP_STIP        (1ull << IRQ_S_TIMER)
#define MIP_MTIP        (1ull << IRQ_M_TIMER)
#define MIP_SEIP        (1ull << IRQ_S_EXT)
#define MIP_MEIP        (1ull << IRQ_M_EXT)
#define MIP_LCOFIP      (1ull << IRQ_LCOF)
#define CAUSE_INTERRUPT (1ull << 63)

/* mstatus fields (RV64) */
#define MSTATUS_SIE       (1ull << 1)
#define MSTATUS_MIE       (1ull << 3)
#define MSTATUS_SPIE      (1ull << 5)
#define MSTATUS_UBE       (1ull << 6)
#define MSTATUS_MPIE      (1ull << 7)
#define MSTATUS_SPP       (1ull << 8)
#define MSTATUS_VS        (3ull << 9)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP       (3ull << 11)
#define MSTATUS_FS_SHIFT  13
#define MSTATUS_FS        (3ull << 13)
#define MSTATUS_XS        (3ull << 15)
#define MSTATUS_MPRV      (1ull << 17)
#define MSTATUS_SUM       (1ull << 18)
#define MSTATUS_MXR       (1ull << 19)
#define MSTATUS_TVM       (1ull << 20)
#define MSTATUS_TW        (1ull << 21)
#define MSTATUS_TSR       (1ull << 22)
#define MSTATUS_UXL       (3ull << 32)
#define MSTATUS_SXL       (3ull << 34)
#define MSTATUS_SBE       (1ull << 36)
#define MSTATUS_MBE       (1ull << 37)
#define MSTATUS_SD        (1ull << 63)
#define FS_OFF            0
#define FS_INITIAL        1
#define FS_CLEAN          2
#define FS_DIRTY          3

/* sstatus: the mstatus fields S-mode sees (Priv 4.1.1), and writes */
#define SSTATUS_W \
    (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM | MSTATUS_MXR)
#define SSTATUS_R (SSTATUS_W | MSTATUS_UBE | MSTATUS_VS | MSTATUS_XS | MSTATUS_UXL | MSTATUS_SD)

/* satp (RV64) */
#define SATP_MODE_SHIFT 60
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK  0xffffull
#define SATP_PPN_MASK   ((1ull << 44) - 1)
enum { SATP_BARE = 0, SATP_SV39 = 8, SATP_SV48 = 9, SATP_SV57 = 10 };

/* Page-table entry bits (Priv 4.3.1, 4.4.1; Svpbmt, Svnapot) */
#define PTE_V         (1ull << 0)
#define PTE_R         (1ull << 1)
#define PTE_W         (1ull << 2)
#define PTE_X         (1ull << 3)
#define PTE_U         (1ull << 4)
#define PTE_G         (1ull << 5)
#define PTE_A         (1ull << 6)
#define PTE_D         (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  (((1ull << 44) - 1) << 10)
#define PTE_PBMT      (3ull << 61)
#define PTE_N         (1ull << 63)
#define PTE_RESERVED  (0x7full << 54)

/* menvcfg / senvcfg */
#define ENVCFG_FIOM  (1ull << 0)
#define ENVCFG_CBIE  (3ull << 4)
#define ENVCFG_CBCFE (1ull << 6)
#define ENVCFG_CBZE  (1ull << 7)
#define ENVCFG_PBMTE (1ull << 62)
#define ENVCFG_STCE  (1ull << 63)

/* PMP (Priv 3.7) */
#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_A 0x18
#define PMP_L 0x80
enum { PMP_OFF = 0, PMP_TOR = 1, PMP_NA4 = 2, PMP_NAPOT = 3 };
#define PMP_COUNT 16

/* CSR numbers */
enum {
    CSR_FFLAGS = 0x001,
    CSR_FRM = 0x002,
    CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00,
    CSR_TIME = 0xc01,
    CSR_INSTRET = 0xc02,
    CSR_HPMCOUNTER3 = 0xc03,
    CSR_HPMCOUNTER31 = 0xc1f,
    CSR_SSTATUS = 0x100,
    CSR_SIE = 0x104,
    CSR_STVEC = 0x105,
    CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a,
    CSR_SSCRATCH = 0x140,
    CSR_SEPC = 0x141,
    CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143,
    CSR_SIP = 0x144,
    CSR_STIMECMP = 0x14d,
    CSR_SATP = 0x180,
    CSR_MVENDORID = 0xf11,
    CSR_MARCHID = 0xf12,
    CSR_MIMPID = 0xf13,
    CSR_MHARTID = 0xf14,
    CSR_MCONFIGPTR = 0xf15,
    CSR_MSTATUS = 0x300,
    CSR_MISA = 0x301,
    CSR_MEDELEG = 0x302,
    CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304,
    CSR_MTVEC = 0x305,
    CSR_MCOUNTEREN = 0x306,
    CSR_MENVCFG = 0x30a,
    CSR_MCOUNTINHIBIT = 0x320,
    CSR_MHPMEVENT3 = 0x323,
    CSR_MHPMEVENT31 = 0x33f,
    CSR_MSCRATCH = 0x340,
    CSR_MEPC = 0x341,
    CSR_MCAUSE = 0x342,
    CSR_MTVAL = 0x343,
    CSR_MIP = 0x344,
    CSR_MTINST = 0x34a,
    CSR_MTVAL2 = 0x34b,
    CSR_PMPCFG0 = 0x3a0,
    CSR_PMPCFG15 = 0x3af,
    CSR_PMPADDR0 = 0x3b0,
    CSR_PMPADDR63 = 0x3ef,
    CSR_MSECCFG = 0x747,
    CSR_MCYCLE = 0xb00,
    CSR_MINSTRET = 0xb02,
    CSR_MHPMCOUNTER3 = 0xb03,
    CSR_MHPMCOUNTER31 = 0xb1f,
    CSR_TSELECT = 0x7a0,
    CSR_TDATA1 = 0x7a1,
    CSR_TDATA2 = 0x7a2,
    CSR_TDATA3 = 0x7a3,
};

/* misa extension bits */
#define MISA_EXT(c) (1ull << ((c) - 'A'))
#define MISA_MXL_64 (2ull << 62)

#endif
