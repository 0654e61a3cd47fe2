import sys; sys.path.insert(0, "/tmp/isa/gen")
from rv import *
exec(open("/tmp/isa/gen/alu_common.py").read())
MIN=I64MIN; MAX=I64MAX
A=0x123456789abcdef0; B=0xfedcba9876543210
g.out("  /* Multiplication (Unpriv 13.1): low and high halves of the signed, unsigned and")
g.out("     signed-by-unsigned 128-bit products. */")
common = [(0,0),(1,1),(3,7),(ALL,ALL),(ALL,1),(MIN,MIN),(MIN,ALL),(MAX,MAX),(MAX,MIN),(ALL,MAX),(A,B),(0x100000000,0x100000000),(0xffffffff,0xffffffff),(MIN,2)]
rr("mul", mul, common)
rr("mulh", mulh, common)
rr("mulhu", mulhu, common)
rr("mulhsu", mulhsu, common + [(ALL, ALL), (1, ALL)])
rr("mulw", mulw, [(0,0),(3,7),(0x7fffffff,2),(0x80000000,ALL),(0xffffffff,0xffffffff),(0x10000,0x10000),(0x123400000001,0x567800000003),(0x7fffffff,0x7fffffff),(0xdeadbeef,0x12345678)])
g.out("")
g.out("  /* Division (Unpriv 13.2): rounds toward zero; x/0 = all ones (divu) or -1 (div),")
g.out("     x%0 = x; signed overflow INT_MIN/-1 gives INT_MIN and remainder 0. */")
dcommon = [(20,6),(ALL ^ 19,6),(20,ALL ^ 5),(ALL ^ 19,ALL ^ 5),(0,1),(7,0),(ALL,0),(MIN,ALL),(MIN,1),(MIN,MIN),(MAX,ALL),(MAX,MIN),(A,0x12345),(B,7),(0,0)]
rr("div", div, dcommon)
rr("divu", divu, dcommon)
rr("rem", rem, dcommon)
rr("remu", remu, dcommon)
wcommon = [(20,6),(0xffffffec,6),(20,0xfffffffb),(0xffffffec,0xfffffffb),(7,0),(0x80000000,0xffffffff),(0x80000000,1),(0x7fffffff,0xffffffff),
           (0xffffffff80000000,0xffffffffffffffff),(0x123456789,0x100000000),(0x1ffffffff,2),(0xabcdef01,0x7),(0x80000000,0)]
rr("divw", divw, wcommon)
rr("divuw", divuw, wcommon)
rr("remw", remw, wcommon)
rr("remuw", remuw, wcommon)
emit("/work/main/tests/isa/rv64m.S", ["RV64M multiply and divide (Unpriv ch. 13): all products and quotients incl.", "division by zero, signed overflow and the sign extension of the W forms."], g.text())
