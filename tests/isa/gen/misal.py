import sys; sys.path.insert(0, "/tmp/isa/gen")
from rv import *
g = Gen()
pat = [(i * 0x1d + 0x83) & 0xff for i in range(48)]
def rd(mem, off, w, signed):
    v = int.from_bytes(bytes(mem[off:off+w]), "little")
    if signed and v >> (8*w-1): v -= 1 << (8*w)
    return u64(v)
loads = [("lh",2,1),("lhu",2,0),("lw",4,1),("lwu",4,0),("ld",8,1)]
g.out("  /* Misaligned loads at every offset within a doubleword and across doubleword")
g.out("     boundaries return the little-endian bytes at that address. */")
for name, w, sg in loads:
    g.sec(name)
    for off in range(1, 16):
        if off % w == 0: continue
        g.case("TEST_LD_OP", name, hx(rd(pat, off, w, sg)), off, "mdat")
g.sec("loads crossing a 4 KiB page boundary")
for name, w, sg in loads:
    for off in range(16 - w + 1, 16):
        g.case("TEST_LD_OP", name, hx(rd(pat, off, w, sg)), off, "xdat")

g.out("")
g.out("  /* Misaligned stores write exactly their bytes; checked through aligned loads of")
g.out("     both doublewords they touch and a misaligned load back. */")
sm = list(pat[:32])
st = {"sh":2,"sw":4,"sd":8}
ldb = {"sh":"lh","sw":"lw","sd":"ld"}
def stcase(name, off, val, base, mem):
    w = st[name]
    for i in range(w): mem[off+i] = (val >> (8*i)) & 0xff
    lo = off & ~7
    hi = (off + w - 1) & ~7
    n = g.num()
    s = "  TEST_NUM(%d); la a1, %s; li a2, %s; %s a2, %d(a1); %s a0, %d(a1); TEST_CHECK(a0, %s); ld a0, %d(a1); TEST_CHECK(a0, %s)" % (
        n, base, hx(val), name, off, ldb[name], off, hx(rd(mem, off, w, 1)), lo, hx(rd(mem, lo, 8, 1)))
    if hi != lo: s += "; ld a0, %d(a1); TEST_CHECK(a0, %s)" % (hi, hx(rd(mem, hi, 8, 1)))
    g.out(s)
for name, off, val in [("sh",1,0x8081),("sh",7,0xa1b2),("sh",13,0x7f00),("sw",1,0x80818283),("sw",2,0x11223344),
                       ("sw",3,0xdeadbeef),("sw",5,0x01020304),("sw",7,0xcafef00d),
                       ("sd",1,0x0123456789abcdef),("sd",3,0xfedcba9876543210),("sd",4,0x8000000000000001),
                       ("sd",7,0x1122334455667788),("sd",14,0xa5a5a5a55a5a5a5a)]:
    stcase(name, off, val, "sbuf", sm)
g.sec("stores crossing a 4 KiB page boundary")
xm = list(pat[:32])
for name, off, val in [("sh",15,0x9988),("sw",13,0x76543210),("sd",9,0xf0e1d2c3b4a59687),("sd",15,0x0f1e2d3c4b5a6978)]:
    stcase(name, off, val, "xbuf", xm)

g.out("")
g.out("  /* Floating-point loads and stores are emulated the same way. */")
n = g.num()
g.out("  TEST_NUM(%d); la a1, mdat; flw fa0, 3(a1); fmv.x.w a0, fa0; TEST_CHECK(a0, %s)" % (n, hx(rd(pat, 3, 4, 1))))
n = g.num()
g.out("  TEST_NUM(%d); la a1, mdat; fld fa0, 5(a1); fmv.x.d a0, fa0; TEST_CHECK(a0, %s)" % (n, hx(rd(pat, 5, 8, 1))))
n = g.num()
g.out("  TEST_NUM(%d); la a1, fbuf; li a2, 0x3f8000ff; fmv.w.x fa0, a2; fsw fa0, 1(a1); lw a0, 1(a1); TEST_CHECK(a0, 0x3f8000ff)" % n)
n = g.num()
g.out("  TEST_NUM(%d); la a1, fbuf; li a2, 0xc00921fb54442d18; fmv.d.x fa0, a2; fsd fa0, 11(a1); ld a0, 11(a1); TEST_CHECK(a0, 0xc00921fb54442d18)" % n)

def bytes_block(lbl, bs):
    return lbl + ":\n" + "".join("  .byte " + ", ".join("0x%02x" % b for b in bs[i:i+8]) + "\n" for i in range(0, len(bs), 8))
data = bytes_block("mdat", pat[:32]) + "  .balign 64\n" + bytes_block("sbuf", pat[:32]) + "  .balign 64\nfbuf:\n  .fill 32, 1, 0\n"
data += "  /* xdat and xbuf straddle page boundaries at offset 16. */\n  .balign 4096\n  .skip 4096 - 16\n" + bytes_block("xdat", pat[:32])
data += "  .balign 4096\n  .skip 4096 - 16\n" + bytes_block("xbuf", pat[:32])
emit("/work/main/tests/isa/rv64i_misaligned.S", ["Misaligned loads and stores (Unpriv 2.6 allows them to work): Rivet executes them", "like hardware with misaligned support, including across doublewords and pages."], g.text(), data)
