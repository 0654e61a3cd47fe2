# Reference semantics for generating expected values (host-side helper, not delivered).
M64 = (1 << 64) - 1
M32 = (1 << 32) - 1
def u64(x): return x & M64
def s64(x):
    x &= M64
    return x - (1 << 64) if x >> 63 else x
def s32(x):
    x &= M32
    return x - (1 << 32) if x >> 31 else x
def sext32(x): return u64(s32(x))
def hx(x): return "0x%x" % u64(x)
def hx32(x): return "0x%x" % (x & M32)

def add(a, b): return u64(a + b)
def sub(a, b): return u64(a - b)
def sll(a, b): return u64(a << (b & 63))
def srl(a, b): return u64(a) >> (b & 63)
def sra(a, b): return u64(s64(a) >> (b & 63))
def slt(a, b): return int(s64(a) < s64(b))
def sltu(a, b): return int(u64(a) < u64(b))
def addw(a, b): return sext32(a + b)
def subw(a, b): return sext32(a - b)
def sllw(a, b): return sext32((a & M32) << (b & 31))
def srlw(a, b): return sext32((a & M32) >> (b & 31))
def sraw(a, b): return sext32(s32(a) >> (b & 31))

def mul(a, b): return u64(a * b)
def mulh(a, b): return u64((s64(a) * s64(b)) >> 64)
def mulhu(a, b): return u64((u64(a) * u64(b)) >> 64)
def mulhsu(a, b): return u64((s64(a) * u64(b)) >> 64)
def mulw(a, b): return sext32(a * b)
def _div(a, b):
    if b == 0: return -1
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q
def _rem(a, b):
    if b == 0: return a
    return a - b * _div(a, b)
def div(a, b):
    a, b = s64(a), s64(b)
    if b == -1 and a == -(1 << 63): return u64(a)
    return u64(_div(a, b))
def divu(a, b):
    a, b = u64(a), u64(b)
    return M64 if b == 0 else a // b
def rem(a, b):
    a, b = s64(a), s64(b)
    if b == -1 and a == -(1 << 63): return 0
    return u64(_rem(a, b))
def remu(a, b):
    a, b = u64(a), u64(b)
    return a if b == 0 else a % b
def divw(a, b):
    a, b = s32(a), s32(b)
    if b == -1 and a == -(1 << 31): return sext32(a)
    return sext32(_div(a, b))
def divuw(a, b):
    a, b = a & M32, b & M32
    return sext32(M32 if b == 0 else a // b)
def remw(a, b):
    a, b = s32(a), s32(b)
    if b == -1 and a == -(1 << 31): return 0
    return sext32(_rem(a, b))
def remuw(a, b):
    a, b = a & M32, b & M32
    return sext32(a if b == 0 else a % b)

# Zba / Zbb / Zbc / Zbs
def add_uw(a, b): return u64((a & M32) + b)
def shNadd(n): return lambda a, b: u64((a << n) + b)
def shNadd_uw(n): return lambda a, b: u64(((a & M32) << n) + b)
def slli_uw(a, sh): return u64((a & M32) << sh)
def andn(a, b): return u64(a & ~b)
def orn(a, b): return u64(a | ~b)
def xnor(a, b): return u64(~(a ^ b))
def clz(a, w=64):
    a &= (1 << w) - 1
    return w - a.bit_length()
def ctz(a, w=64):
    a &= (1 << w) - 1
    if a == 0: return w
    return (a & -a).bit_length() - 1
def cpop(a, w=64): return bin(a & ((1 << w) - 1)).count("1")
def bmax(a, b): return u64(max(s64(a), s64(b)))
def bmin(a, b): return u64(min(s64(a), s64(b)))
def maxu(a, b): return max(u64(a), u64(b))
def minu(a, b): return min(u64(a), u64(b))
def sext_b(a): a &= 0xff; return u64(a - 256 if a >> 7 else a)
def sext_h(a): a &= 0xffff; return u64(a - 65536 if a >> 15 else a)
def zext_h(a): return a & 0xffff
def rol(a, b):
    a = u64(a); s = b & 63
    return u64((a << s) | (a >> ((64 - s) & 63))) if s else a
def ror(a, b):
    a = u64(a); s = b & 63
    return u64((a >> s) | (a << (64 - s))) if s else a
def rolw(a, b):
    a &= M32; s = b & 31
    return sext32(((a << s) | (a >> (32 - s))) & M32 if s else a)
def rorw(a, b):
    a &= M32; s = b & 31
    return sext32(((a >> s) | (a << (32 - s))) & M32 if s else a)
def orc_b(a):
    r = 0
    for i in range(8):
        if (a >> (8 * i)) & 0xff: r |= 0xff << (8 * i)
    return r
def rev8(a):
    a = u64(a)
    return int.from_bytes(a.to_bytes(8, "little"), "big")
def clmul(a, b):
    r = 0
    for i in range(64):
        if (b >> i) & 1: r ^= a << i
    return u64(r)
def clmulh(a, b):
    r = 0
    for i in range(1, 64):
        if (b >> i) & 1: r ^= u64(a) >> (64 - i)
    return u64(r)
def clmulr(a, b):
    r = 0
    for i in range(64):
        if (b >> i) & 1: r ^= u64(a) >> (63 - i)
    return u64(r)
def bclr(a, b): return u64(a & ~(1 << (b & 63)))
def bset(a, b): return u64(a | (1 << (b & 63)))
def binv(a, b): return u64(a ^ (1 << (b & 63)))
def bext(a, b): return (u64(a) >> (b & 63)) & 1

class Gen:
    """Collects lines and numbers test cases in order."""
    def __init__(self):
        self.lines = []
        self.n = 0
    def num(self):
        self.n += 1
        if self.n % 256 == 0: self.n += 1
        return self.n
    def out(self, s=""): self.lines.append(s)
    def sec(self, title):
        self.out("")
        self.out("  /* " + title + " */")
    def case(self, macro, *args):
        self.out("  %s(%d, %s)" % (macro, self.num(), ", ".join(str(a) for a in args)))
    def text(self): return "\n".join(self.lines) + "\n"

def emit(path, purpose, body, data=""):
    hdr = "/* SPDX-License-Identifier: MIT */\n"
    hdr += "".join(("/* " if i == 0 else "   ") + l + ("\n" if i < len(purpose) - 1 else " */\n") for i, l in enumerate(purpose))
    s = hdr + "\n#include \"test.h\"\n\nTEST_BEGIN\n" + body + "\n  TEST_END\n"
    if data:
        s += "\nTEST_DATA\n" + data
    open(path, "w").write(s)
