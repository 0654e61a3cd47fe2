import sys; sys.path.insert(0, "/tmp/isa/gen")
from rv import *
g = Gen()
ldb = [0x01,0x82,0x03,0xf4,0x85,0x06,0x77,0x88, 0xff,0x7f,0x00,0x80,0xfe,0xff,0xff,0x7f,
       0x00,0x00,0x00,0x80,0xff,0xff,0xff,0xff, 0x10,0x32,0x54,0x76,0x98,0xba,0xdc,0xfe]
def rd(mem, off, w, signed):
    v = int.from_bytes(bytes(mem[off:off+w]), "little")
    if signed and v >> (8*w-1): v -= 1 << (8*w)
    return u64(v)
loads = [("lb",1,1),("lbu",1,0),("lh",2,1),("lhu",2,0),("lw",4,1),("lwu",4,0),("ld",8,1)]
g.out("  /* Loads sign- or zero-extend to 64 bits (Unpriv 4.3); base+offset addressing with")
g.out("     positive and negative offsets. */")
for name, w, sg in loads:
    g.sec(name)
    offs = list(range(0, 32, w))
    if len(offs) > 10: offs = [0,1,3,7,8,11,19,20,23,31] if w == 1 else [0,2,6,10,12,14,18,22,24,30]
    for off in offs:
        if off < 16: g.case("TEST_LD_OP", name, hx(rd(ldb, off, w, sg)), off, "ldat")
        else: g.case("TEST_LD_OP", name, hx(rd(ldb, off, w, sg)), off - 32, "ldat + 32")
g.sec("extreme 12-bit offsets, and a load whose destination is its base register")
g.case("TEST_LD_OP", "ld", hx(rd(ldb, 8, 8, 1)), 2047, "ldat + 8 - 2047")
g.case("TEST_LD_OP", "ld", hx(rd(ldb, 8, 8, 1)), -2048, "ldat + 8 + 2048")
g.case("TEST_LD_OP", "lb", hx(rd(ldb, 3, 1, 1)), 2047, "ldat + 3 - 2047")
g.case("TEST_LD_OP", "lhu", hx(rd(ldb, 2, 2, 0)), -2048, "ldat + 2 + 2048")
g.case("TEST_CASE", "a1", hx(rd(ldb, 16, 8, 1)), "la a1, ldat + 16; ld a1, 0(a1)")
g.case("TEST_CASE", "a1", hx(rd(ldb, 11, 1, 1)), "la a1, ldat + 12; lb a1, -1(a1)")

g.out("")
g.out("  /* Stores write only the low bytes of rs2 and leave their neighbours alone; each")
g.out("     case reads back the narrow value and the whole containing doubleword. */")
sm = [0xa5] * 32
st = {"sb":1,"sh":2,"sw":4,"sd":8}
ldback = {"sb":"lb","sh":"lh","sw":"lw","sd":"ld"}
cases = [("sb",0,0x12345678abcdef80),("sb",7,0x7f),("sb",13,0xff),("sb",31,0x01),
         ("sh",2,0x1234567890ab8001),("sh",6,0x7ffe),("sh",14,0xffff),("sh",30,0x5a5a),
         ("sw",4,0x0123456780000001),("sw",8,0x7fffffff),("sw",20,0xfedcba98),("sw",28,0),
         ("sd",0,0x8000000000000001),("sd",16,0x0123456789abcdef),("sd",24,0xffffffffffffffff),("sd",8,0)]
for name, off, val in cases:
    w = st[name]
    for i in range(w): sm[off+i] = (val >> (8*i)) & 0xff
    back = rd(sm, off, w, 1)
    dw = off & ~7
    n = g.num()
    g.out("  TEST_NUM(%d); la a1, sdat; li a2, %s; %s a2, %d(a1); %s a0, %d(a1); TEST_CHECK(a0, %s); ld a0, %d(a1); TEST_CHECK(a0, %s)"
          % (n, hx(val), name, off, ldback[name], off, hx(back), dw, hx(rd(sm, dw, 8, 1))))
g.sec("stores with negative offsets, from x0, and of their own base register")
for i in range(4): sm[8+i] = 0
n = g.num()
g.out("  TEST_NUM(%d); la a1, sdat + 16; sw x0, -8(a1); ld a0, -8(a1); TEST_CHECK(a0, %s)" % (n, hx(rd(sm, 8, 8, 1))))
n = g.num()
g.out("  TEST_NUM(%d); la a1, sdat + 2048; li a2, 0x7ff; sh a2, -2048(a1); lhu a0, -2048(a1); TEST_CHECK(a0, 0x7ff)" % n)
n = g.num()
g.out("  TEST_NUM(%d); la a1, sdat + 24; sd a1, 0(a1); ld a0, 0(a1); TEST_CHECK_REG(a0, a1)" % n)
n = g.num()
g.out("  TEST_NUM(%d); la a1, sdat - 2047 + 31; li a2, 0x66; sb a2, 2047(a1); lbu a0, 2047(a1); TEST_CHECK(a0, 0x66)" % n)

data = "ldat:\n" + "".join("  .byte " + ", ".join("0x%02x" % b for b in ldb[i:i+8]) + "\n" for i in range(0, 32, 8))
data += "  .balign 64\nsdat:\n  .fill 32, 1, 0xa5\n"
emit("/work/main/tests/isa/rv64i_mem.S", ["RV64I loads and stores of every width (Unpriv 2.6, 4.3): sign and zero", "extension, offsets, partial stores leaving neighbouring bytes unchanged."], g.text(), data)
