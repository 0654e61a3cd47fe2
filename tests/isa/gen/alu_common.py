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

