import sys; sys.path.insert(0, "/tmp/isa/gen")
from rv import *
g = Gen()
I64MIN = 1 << 63; I64MAX = (1 << 63) - 1; ALL = M64

def rr(name, fn, pairs, alias=True):
    g.sec(name)
    for a, b in pairs:
        g.case("TEST_RR_OP", name, hx(fn(a, b)), hx(a), hx(b))
    if alias:
        a, b = pairs[-1]
        g.case("TEST_RR_SRC1_EQ_DEST", name, hx(fn(a, b)), hx(a), hx(b))
        g.case("TEST_RR_SRC2_EQ_DEST", name, hx(fn(a, b)), hx(a), hx(b))
        g.case("TEST_RR_SRC12_EQ_DEST", name, hx(fn(a, a)), hx(a))
        g.case("TEST_RR_ZEROSRC1", name, hx(fn(0, b)), hx(b))
        g.case("TEST_RR_ZEROSRC2", name, hx(fn(a, 0)), hx(a))
        g.case("TEST_RR_ZERODEST", name, hx(a), hx(b))

def ri(name, fn, pairs, alias=True):
    g.sec(name)
    for a, imm in pairs:
        g.case("TEST_IMM_OP", name, hx(fn(a, imm)), hx(a), imm)
    if alias:
        a, imm = pairs[-1]
        g.case("TEST_IMM_SRC1_EQ_DEST", name, hx(fn(a, imm)), hx(a), imm)
        g.case("TEST_IMM_ZEROSRC1", name, hx(fn(0, imm)), imm)
        g.case("TEST_IMM_ZERODEST", name, hx(a), imm)

g.out("  /* Register-register: overflow wraps modulo 2^64, no 32-bit truncation. */")
rr("add", add, [(0, 0), (1, 1), (3, 7), (0xffffffffffff8000, 0), (I64MAX, 1), (I64MIN, I64MIN),
                (ALL, 1), (0xffffffff, 1), (ALL, ALL), (0x123456789abcdef0, 0x0fedcba987654321)])
rr("sub", sub, [(0, 0), (1, 1), (3, 7), (I64MIN, 1), (0, I64MIN), (0, 1), (0x100000000, 1),
                (I64MAX, ALL), (0x123456789abcdef0, 0x0fedcba987654321)])
rr("and", lambda a, b: a & b, [(0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f), (0x00ff00ff00ff00ff, 0xf0f0f0f0f0f0f0f0), (ALL, I64MIN), (0, ALL)])
rr("or", lambda a, b: a | b, [(0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f), (0x00ff00ff00ff00ff, 0xf0f0f0f0f0f0f0f0), (0, 0), (I64MIN, 1)])
rr("xor", lambda a, b: a ^ b, [(0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f), (0x00ff00ff00ff00ff, 0xf0f0f0f0f0f0f0f0), (ALL, ALL), (ALL, 0x5555555555555555)])
rr("slt", slt, [(0, 0), (0, 1), (1, 0), (ALL, 0), (0, ALL), (I64MIN, I64MAX), (I64MAX, I64MIN),
                (I64MIN, I64MIN), (0x80000000, 0x7fffffff), (0xffffffff80000000, 0x7fffffff), (ALL, 1)])
rr("sltu", sltu, [(0, 0), (0, 1), (1, 0), (ALL, 0), (0, ALL), (I64MIN, I64MAX), (I64MAX, I64MIN),
                  (ALL, ALL), (0x100000000, 0xffffffff), (1, ALL)])
g.out("")
g.out("  /* Register shifts use only rs2[5:0] (Unpriv 4.2.2). */")
rr("sll", sll, [(1, 0), (1, 1), (1, 63), (ALL, 63), (0x21212121abcdef01, 0), (0x21212121abcdef01, 14),
                (0x21212121abcdef01, 31), (0x21212121abcdef01, 32), (1, 64), (1, 65), (1, ALL), (1, 0xffffffffffffffc1)])
rr("srl", srl, [(I64MIN, 0), (I64MIN, 1), (I64MIN, 63), (ALL, 63), (ALL, 32), (0x21212121abcdef01, 7),
                (0x21212121abcdef01, 31), (I64MIN, 64), (I64MIN, 65), (I64MIN, ALL)])
rr("sra", sra, [(I64MIN, 0), (I64MIN, 1), (I64MIN, 63), (I64MAX, 63), (0x7fffffff80000000, 31), (0x81818181abcdef01, 7),
                (0x81818181abcdef01, 32), (I64MIN, 64), (I64MIN, 127), (I64MIN, ALL)])

g.out("")
g.out("  /* Register-immediate: 12-bit immediates are sign-extended (Unpriv 2.3). */")
ri("addi", add, [(0, 0), (1, 1), (3, 7), (0, -2048), (0, 2047), (I64MAX, 1), (I64MIN, -1),
                 (ALL, 1), (0xffffffff, 1), (0x7fffffff, 2047)])
ri("slti", slt, [(0, 0), (0, 1), (1, 0), (0, -1), (ALL, 0), (I64MIN, 2047), (I64MAX, -2048), (ALL, -1), (-2048, -2047)])
ri("sltiu", sltu, [(0, 0), (0, 1), (1, 1), (0, -1), (ALL, -1), (0xfffffffffffff800, -2048), (0xfffffffffffff7ff, -2048), (I64MAX, -1), (5, 2047)])
ri("andi", lambda a, i: a & u64(i), [(0xff00ff00ff00ff00, 0x0f0), (0xff00ff00ff00ff00, -16), (ALL, 2047), (0x123456789abcdef0, -2048)])
ri("ori", lambda a, i: a | u64(i), [(0xff00ff00ff00ff00, 0x0f0), (0, -2048), (I64MIN, 1), (0x123456789abcdef0, 0x7ff)])
ri("xori", lambda a, i: a ^ u64(i), [(0xff00ff00ff00ff00, 0x0f0), (0xff00ff00ff00ff00, -1), (0, -2048), (0x123456789abcdef0, 0x555)])
ri("slli", sll, [(1, 0), (1, 1), (1, 63), (ALL, 63), (0x21212121abcdef01, 14), (0x21212121abcdef01, 31), (0x21212121abcdef01, 32), (0x21212121abcdef01, 33)])
ri("srli", srl, [(I64MIN, 0), (I64MIN, 1), (I64MIN, 63), (ALL, 63), (ALL, 32), (0x21212121abcdef01, 7), (0x21212121abcdef01, 31)])
ri("srai", sra, [(I64MIN, 0), (I64MIN, 1), (I64MIN, 63), (I64MAX, 63), (0x7fffffff80000000, 31), (0x81818181abcdef01, 7), (0x81818181abcdef01, 32)])

emit("/work/main/tests/isa/rv64i_alu.S", ["RV64I register-register and register-immediate ALU operations (Unpriv 4.2):", "edge values, overflow wrap, shift amounts, and rd/rs aliasing with x0."], g.text())
