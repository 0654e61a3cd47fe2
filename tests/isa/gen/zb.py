import sys; sys.path.insert(0, "/tmp/isa/gen")
from rv import *
exec(open("/tmp/isa/gen/alu_common.py").read())
MIN=I64MIN; MAX=I64MAX
A=0x123456789abcdef0; B=0xfedcba9876543210; C=0x8000000180000001

def r1(name, fn, vals, alias=True):
    g.sec(name)
    for a in vals:
        g.case("TEST_R_OP", name, hx(fn(a)), hx(a))
    if alias:
        g.case("TEST_R_SRC1_EQ_DEST", name, hx(fn(vals[-1])), hx(vals[-1]))

def new():
    global g
    g = Gen()
    globals()["g"] = g

# ---------------- Zba
g.out("  /* add.uw zero-extends rs1[31:0]; shNadd shifts rs1 left by N; the .uw forms")
g.out("     zero-extend rs1[31:0] first (Unpriv ch. \"B\", Zba). */")
pairs = [(0, 0), (1, 2), (ALL, 1), (0x80000000, 0x7fffffff), (0xffffffff80000001, 0x100), (A, B), (MIN, MIN), (0x7fffffffffffffff, 1)]
rr("add.uw", add_uw, pairs)
for n in (1, 2, 3):
    rr("sh%dadd" % n, shNadd(n), pairs)
    rr("sh%dadd.uw" % n, shNadd_uw(n), pairs)
ri("slli.uw", slli_uw, [(ALL, 0), (ALL, 1), (ALL, 31), (ALL, 32), (ALL, 63), (0x80000000, 32), (A, 4), (0x12345678ffffffff, 12)])
g.sec("zext.w is add.uw rd, rs, zero")
for a in [ALL, 0x80000000, A, 0x7fffffff]:
    g.case("TEST_R_OP", "zext.w", hx(a & M32), hx(a))
emit("/work/main/tests/isa/zba.S", ["Zba address generation (Unpriv ch. \"B\"): add.uw, sh1add/sh2add/sh3add and", "their .uw forms, slli.uw, with upper-bit and overflow edge values."], g.text())

# ---------------- Zbb
g = Gen()
g.out("  /* Logical with negate. */")
lp = [(0, 0), (ALL, 0), (0, ALL), (0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f), (A, B)]
rr("andn", andn, lp)
rr("orn", orn, lp)
rr("xnor", xnor, lp)
g.out("")
g.out("  /* Counts: clz/ctz of 0 give XLEN (32 for the W forms), cpop of all-ones gives XLEN;")
g.out("     W forms look only at bits 31:0. */")
cv = [0, ALL, 1, MIN, 0x00000000ffffffff, 0xffffffff00000000, 0x0000000080000000, 0x0000000100000000, 0x0010000000000000, A, 0x0000000000000f00]
r1("clz", clz, cv)
r1("ctz", ctz, cv)
r1("cpop", cpop, cv)
r1("clzw", lambda a: clz(a, 32), cv)
r1("ctzw", lambda a: ctz(a, 32), cv)
r1("cpopw", lambda a: cpop(a, 32), cv)
g.out("")
g.out("  /* Signed and unsigned minimum and maximum. */")
mp = [(0, 0), (1, ALL), (ALL, 1), (MIN, MAX), (MAX, MIN), (MIN, 0), (0x80000000, 0xffffffff80000000), (5, 5), (ALL, ALL - 1)]
rr("max", bmax, mp)
rr("maxu", maxu, mp)
rr("min", bmin, mp)
rr("minu", minu, mp)
g.out("")
g.out("  /* Sign and zero extension. */")
ev = [0, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x123456789abcde01, 0x123456789abc8081, ALL]
r1("sext.b", sext_b, ev)
r1("sext.h", sext_h, ev)
r1("zext.h", zext_h, ev)
g.out("")
g.out("  /* Rotates: register forms use rs2[5:0] (rs2[4:0] for W forms); W forms rotate the")
g.out("     low word and sign-extend the result. */")
rp = [(A, 0), (A, 1), (A, 4), (A, 32), (A, 63), (A, 64), (A, 68), (MIN, 1), (1, ALL), (0x8000000000000001, 0xffffffffffffffc1)]
rr("rol", rol, rp)
rr("ror", ror, rp)
rwp = [(A, 0), (A, 1), (A, 4), (A, 31), (A, 32), (A, 36), (0x80000000, 1), (1, 1), (0x0000000040000000, 1), (0xffffffff00000001, 31), (1, ALL)]
rr("rolw", rolw, rwp)
rr("rorw", rorw, rwp)
ri("rori", ror, [(A, 0), (A, 1), (A, 4), (A, 32), (A, 63), (1, 1), (MIN, 63)])
ri("roriw", rorw, [(A, 0), (A, 1), (A, 4), (A, 31), (1, 1), (0x80000001, 1), (0xffffffff00000002, 1)])
g.out("")
g.out("  /* Byte operations. */")
ov = [0, ALL, 1, 0x0100000000000080, 0x0000ff0000010000, A, 0x00ff00ff00ff00ff, 0x8000000000000000]
r1("orc.b", orc_b, ov)
r1("rev8", rev8, ov + [B])
emit("/work/main/tests/isa/zbb.S", ["Zbb basic bit manipulation (Unpriv ch. \"B\"): andn/orn/xnor, clz/ctz/cpop and W", "forms, min/max, sext/zext, rol/ror and W/immediate forms, orc.b, rev8."], g.text())

# ---------------- Zbc
g = Gen()
g.out("  /* Carry-less products: clmul is the low half, clmulh the high half and clmulr bits")
g.out("     2*XLEN-2..XLEN-1 of the 128-bit carry-less product. */")
cp = [(0, 0), (1, 1), (ALL, ALL), (ALL, 1), (1, ALL), (MIN, MIN), (MIN, 2), (2, MIN), (3, 3), (0x8000000000000001, 0x8000000000000001),
      (A, B), (0x87, 0xd6), (0x1111111111111111, 0x1111111111111111), (0x00000000ffffffff, 0x00000000ffffffff), (0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1)]
rr("clmul", clmul, cp)
rr("clmulh", clmulh, cp)
rr("clmulr", clmulr, cp)
g.sec("identity: clmulr(a, b) = (clmulh(a, b) << 1) | (clmul(a, b) >> 63)")
a, b = 0xc2d0d0fd5b7a6e8b, 0x9e37b97f4a7c15f1
assert clmulr(a, b) == u64((clmulh(a, b) << 1) | (clmul(a, b) >> 63))
n = g.num()
g.out("  TEST_NUM(%d); li a1, %s; li a2, %s; clmul a3, a1, a2; clmulh a4, a1, a2; clmulr a0, a1, a2; slli a4, a4, 1; srli a3, a3, 63; or a4, a4, a3; TEST_CHECK_REG(a0, a4)" % (n, hx(a), hx(b)))
emit("/work/main/tests/isa/zbc.S", ["Zbc carry-less multiplication (Unpriv ch. \"B\"): clmul, clmulh, clmulr on", "known vectors, including all-ones and single-bit operands."], g.text())

# ---------------- Zbs
g = Gen()
g.out("  /* Single-bit operations use index rs2[5:0] / shamt (Unpriv ch. \"B\", Zbs). */")
sp = [(0, 0), (0, 63), (ALL, 0), (ALL, 63), (A, 4), (A, 31), (A, 32), (A, 64), (A, 100), (MIN, ALL), (0x0000000100000000, 32)]
rr("bclr", bclr, sp)
rr("bset", bset, sp)
rr("binv", binv, sp)
rr("bext", bext, sp)
sip = [(0, 0), (0, 63), (ALL, 0), (ALL, 63), (A, 4), (A, 31), (A, 32), (MIN, 63), (0x0000000100000000, 32)]
ri("bclri", bclr, sip)
ri("bseti", bset, sip)
ri("binvi", binv, sip)
ri("bexti", bext, sip)
emit("/work/main/tests/isa/zbs.S", ["Zbs single-bit instructions (Unpriv ch. \"B\"): bclr/bset/binv/bext and", "immediate forms at bit 0, 31, 32 and 63, with rs2 index bits above 5 ignored."], g.text())
