import sys; sys.path.insert(0, "/tmp/isa/gen")
from rv import *
g = Gen()
I64MIN = 1 << 63; I64MAX = (1 << 63) - 1; ALL = M64
conds = {
 "beq": lambda a, b: u64(a) == u64(b), "bne": lambda a, b: u64(a) != u64(b),
 "blt": lambda a, b: s64(a) < s64(b), "bge": lambda a, b: s64(a) >= s64(b),
 "bltu": lambda a, b: u64(a) < u64(b), "bgeu": lambda a, b: u64(a) >= u64(b)}
pairs = [(0, 0), (1, 1), (ALL, ALL), (0, 1), (1, 0), (ALL, 1), (1, ALL), (ALL, 0), (0, ALL),
         (I64MIN, I64MAX), (I64MAX, I64MIN), (I64MIN, I64MIN), (I64MIN, 0), (0x100000000, 0),
         (0, 0x100000000), (0x80000000, 0), (0xffffffff, 0xffffffff00000000), (0x7fffffffffffffff, 0x7ffffffffffffffe)]
g.out("  /* Each case runs the branch once forward and once backward; pairs straddle the")
g.out("     signed/unsigned boundaries and differ only in the upper 32 bits. */")
for name, fn in conds.items():
    g.sec(name)
    for a, b in pairs:
        g.case("TEST_BR_TAKEN" if fn(a, b) else "TEST_BR_NOT_TAKEN", name, hx(a), hx(b))
g.sec("both operands the same register, and x0 operands")
for name, fn in conds.items():
    lab = g.num()
    if fn(5, 5):
        g.out("  TEST_NUM(%d); li a1, 5; %s a1, a1, 1f; j test_fail; 1:" % (lab, name))
    else:
        g.out("  TEST_NUM(%d); li a1, 5; %s a1, a1, 1f; j 2f; 1: j test_fail; 2:" % (lab, name))
for name, fn in conds.items():
    lab = g.num()
    if fn(0, ALL):
        g.out("  TEST_NUM(%d); li a1, -1; %s x0, a1, 1f; j test_fail; 1:" % (lab, name))
    else:
        g.out("  TEST_NUM(%d); li a1, -1; %s x0, a1, 1f; j 2f; 1: j test_fail; 2:" % (lab, name))
g.sec("a taken branch over a distance needing every offset field (more than 2 KiB)")
lab = g.num()
g.out("  TEST_NUM(%d); li a1, 1; bnez a1, 1f; j test_fail; .skip 3000; 1: beqz x0, 2f; j test_fail; .skip 1000; 2: bnez a1, 3f; 4: j 5f; .skip 2000; 3: beqz x0, 4b; j test_fail; 5:" % lab)
emit("/work/main/tests/isa/rv64i_branch.S", ["RV64I conditional branches (Unpriv 2.5.2): every branch taken and not taken,", "forward and backward, across signed/unsigned and 32/64-bit boundaries."], g.text())
