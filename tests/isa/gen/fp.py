# Exact reference model of RISC-V F/D arithmetic (host-side generator helper).
from fractions import Fraction as Fr
import math
NV, DZ, OF, UF, NX = 0x10, 0x08, 0x04, 0x02, 0x01
RNE, RTZ, RDN, RUP, RMM = 0, 1, 2, 3, 4
RM_NAMES = ["rne", "rtz", "rdn", "rup", "rmm"]

class Fmt:
    def __init__(s, e, p):
        s.ebits, s.p = e, p
        s.bias = (1 << (e - 1)) - 1
        s.emin, s.emax = 1 - s.bias, s.bias
        s.width = e + p
        s.qnan = ((1 << e) - 1) << (p - 1) | (1 << (p - 2))
S = Fmt(8, 24); D = Fmt(11, 53)

# value: ('nan', sign, quiet) | ('inf', sign) | ('zero', sign) | ('fin', sign, Fraction>0)
def decode(f, b):
    sign = b >> (f.width - 1) & 1
    e = b >> (f.p - 1) & ((1 << f.ebits) - 1)
    m = b & ((1 << (f.p - 1)) - 1)
    if e == (1 << f.ebits) - 1:
        if m == 0: return ('inf', sign)
        return ('nan', sign, m >> (f.p - 2) & 1)
    if e == 0:
        if m == 0: return ('zero', sign)
        return ('fin', sign, Fr(m) * Fr(2) ** (f.emin - (f.p - 1)))
    return ('fin', sign, Fr(m + (1 << (f.p - 1))) * Fr(2) ** (e - f.bias - (f.p - 1)))

def enc_inf(f, s): return s << (f.width - 1) | ((1 << f.ebits) - 1) << (f.p - 1)
def enc_zero(f, s): return s << (f.width - 1)
def enc_max(f, s): return s << (f.width - 1) | ((1 << f.ebits) - 2) << (f.p - 1) | ((1 << (f.p - 1)) - 1)

def ilog2(a):
    # floor(log2(a)) for Fraction a > 0
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fr(2) ** e > a: e -= 1
    if Fr(2) ** (e + 1) <= a: e += 1
    return e

def round_int(v, rm, sign):
    fl = v.numerator // v.denominator
    fr = v - fl
    if fr == 0: return fl
    if rm == RNE: return fl + 1 if fr > Fr(1, 2) or (fr == Fr(1, 2) and fl & 1) else fl
    if rm == RTZ: return fl
    if rm == RDN: return fl + 1 if sign else fl
    if rm == RUP: return fl if sign else fl + 1
    if rm == RMM: return fl + 1 if fr >= Fr(1, 2) else fl
    raise ValueError

def encode_exact(f, sign, r):
    if r >= Fr(2) ** f.emin:
        E = ilog2(r)
        m = r / Fr(2) ** (E - (f.p - 1))
        assert m.denominator == 1
        return sign << (f.width - 1) | (E + f.bias) << (f.p - 1) | (int(m) - (1 << (f.p - 1)))
    m = r / Fr(2) ** (f.emin - (f.p - 1))
    assert m.denominator == 1
    return sign << (f.width - 1) | int(m)

def round_val(f, sign, a, rm):
    """Round nonzero magnitude a (Fraction > 0) with sign. Returns (bits, flags)."""
    e = ilog2(a)
    q_unb = Fr(2) ** (e - (f.p - 1))
    r_unb = round_int(a / q_unb, rm, sign) * q_unb
    tiny = r_unb < Fr(2) ** f.emin   # tininess after rounding
    q = Fr(2) ** (max(e, f.emin) - (f.p - 1))
    r = round_int(a / q, rm, sign) * q
    flags = NX if r != a else 0
    if r >= Fr(2) ** (f.emax + 1):
        flags = OF | NX
        to_inf = rm in (RNE, RMM) or (rm == RUP and not sign) or (rm == RDN and sign)
        return (enc_inf(f, sign) if to_inf else enc_max(f, sign)), flags
    if tiny and flags & NX: flags |= UF
    if r == 0: return enc_zero(f, sign), flags
    return encode_exact(f, sign, r), flags

def signed_frac(v):
    if v[0] == 'zero': return Fr(0)
    return -v[2] if v[1] else v[2]

def result_exact(f, x, rm, zero_sign):
    if x == 0: return enc_zero(f, zero_sign), 0
    return round_val(f, int(x < 0), abs(x), rm)

def is_snan(v): return v[0] == 'nan' and not v[2]
def nan_result(f, *vals):
    return f.qnan, (NV if any(is_snan(v) for v in vals) else 0)

def f_add(f, a, b, rm, neg_b=False):
    A, B = decode(f, a), decode(f, b)
    if B[0] != 'nan' and neg_b: B = (B[0], B[1] ^ 1) + B[2:]
    if A[0] == 'nan' or B[0] == 'nan': return nan_result(f, A, B)
    if A[0] == 'inf' and B[0] == 'inf':
        return (f.qnan, NV) if A[1] != B[1] else (enc_inf(f, A[1]), 0)
    if A[0] == 'inf': return enc_inf(f, A[1]), 0
    if B[0] == 'inf': return enc_inf(f, B[1]), 0
    if A[0] == 'zero' and B[0] == 'zero':
        s = A[1] if A[1] == B[1] else int(rm == RDN)
        return enc_zero(f, s), 0
    x = signed_frac(A) + signed_frac(B)
    return result_exact(f, x, rm, int(rm == RDN))

def f_sub(f, a, b, rm): return f_add(f, a, b, rm, True)

def f_mul(f, a, b, rm):
    A, B = decode(f, a), decode(f, b)
    if A[0] == 'nan' or B[0] == 'nan': return nan_result(f, A, B)
    s = A[1] ^ B[1]
    if (A[0] == 'inf' and B[0] == 'zero') or (A[0] == 'zero' and B[0] == 'inf'): return f.qnan, NV
    if A[0] == 'inf' or B[0] == 'inf': return enc_inf(f, s), 0
    if A[0] == 'zero' or B[0] == 'zero': return enc_zero(f, s), 0
    return round_val(f, s, A[2] * B[2], rm)

def f_div(f, a, b, rm):
    A, B = decode(f, a), decode(f, b)
    if A[0] == 'nan' or B[0] == 'nan': return nan_result(f, A, B)
    s = A[1] ^ B[1]
    if A[0] == 'inf' and B[0] == 'inf': return f.qnan, NV
    if A[0] == 'zero' and B[0] == 'zero': return f.qnan, NV
    if A[0] == 'inf': return enc_inf(f, s), 0
    if B[0] == 'inf': return enc_zero(f, s), 0
    if B[0] == 'zero': return enc_inf(f, s), DZ
    if A[0] == 'zero': return enc_zero(f, s), 0
    return round_val(f, s, A[2] / B[2], rm)

def f_sqrt(f, a, rm):
    A = decode(f, a)
    if A[0] == 'nan': return nan_result(f, A)
    if A[0] == 'zero': return enc_zero(f, A[1]), 0
    if A[1]: return f.qnan, NV
    if A[0] == 'inf': return enc_inf(f, 0), 0
    x = A[2]
    k = 1400  # scale so that the integer square root has far more bits than p
    n = x * Fr(2) ** (2 * k)
    nf = n.numerator // n.denominator
    r = math.isqrt(nf)
    if r * r == n:
        val = Fr(r) / Fr(2) ** k
    else:
        val = (Fr(r) + Fr(1, 2)) / Fr(2) ** k   # strictly between r and r+1: same rounding
    return round_val(f, 0, val, rm)

def f_fma(f, a, b, c, rm, neg_prod=False, neg_c=False):
    A, B, C = decode(f, a), decode(f, b), decode(f, c)
    if (A[0] == 'inf' and B[0] == 'zero') or (A[0] == 'zero' and B[0] == 'inf'): return f.qnan, NV
    if A[0] == 'nan' or B[0] == 'nan' or C[0] == 'nan': return nan_result(f, A, B, C)
    ps = A[1] ^ B[1] ^ int(neg_prod)
    cs = C[1] ^ int(neg_c)
    if A[0] == 'inf' or B[0] == 'inf':
        if C[0] == 'inf' and cs != ps: return f.qnan, NV
        return enc_inf(f, ps), 0
    if C[0] == 'inf': return enc_inf(f, cs), 0
    pzero = A[0] == 'zero' or B[0] == 'zero'
    if pzero and C[0] == 'zero':
        s = ps if ps == cs else int(rm == RDN)
        return enc_zero(f, s), 0
    p = Fr(0) if pzero else A[2] * B[2] * (-1 if ps else 1)
    x = p + signed_frac((C[0], cs) + C[2:]) if C[0] == 'fin' else p
    return result_exact(f, x, rm, int(rm == RDN))

def f_minmax(f, a, b, is_max):
    A, B = decode(f, a), decode(f, b)
    flags = NV if is_snan(A) or is_snan(B) else 0
    if A[0] == 'nan' and B[0] == 'nan': return f.qnan, flags
    if A[0] == 'nan': return b, flags
    if B[0] == 'nan': return a, flags
    ka, kb = order_key(A), order_key(B)
    if is_max: return (a if ka >= kb else b), flags
    return (a if ka <= kb else b), flags

def order_key(v):
    # total order on non-NaN values with -0 < +0
    if v[0] == 'inf': return (Fr(-1) if v[1] else Fr(1)) * Fr(10) ** 400, 0
    if v[0] == 'zero': return Fr(0), (-1 if v[1] else 1)
    return (-v[2] if v[1] else v[2]), 0

def f_cmp(f, a, b, op):
    A, B = decode(f, a), decode(f, b)
    if A[0] == 'nan' or B[0] == 'nan':
        if op == 'eq': return 0, (NV if is_snan(A) or is_snan(B) else 0)
        return 0, NV
    va, vb = order_key(A)[0], order_key(B)[0]   # zeros compare equal
    return int({'eq': va == vb, 'lt': va < vb, 'le': va <= vb}[op]), 0

def f_class(f, a):
    A = decode(f, a)
    if A[0] == 'nan': return 1 << (9 if A[2] else 8)
    if A[0] == 'inf': return 1 << (0 if A[1] else 7)
    if A[0] == 'zero': return 1 << (3 if A[1] else 4)
    sub = A[2] < Fr(2) ** f.emin
    if A[1]: return 1 << (2 if sub else 1)
    return 1 << (5 if sub else 6)

def f_to_int(f, a, rm, bits, signed):
    A = decode(f, a)
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if A[0] == 'nan': v, fl = hi, NV
    elif A[0] == 'inf': v, fl = (lo if A[1] else hi), NV
    elif A[0] == 'zero': v, fl = 0, 0
    else:
        r = round_int(A[2], rm, A[1])
        val = -r if A[1] else r
        if val < lo: v, fl = lo, NV
        elif val > hi: v, fl = hi, NV
        else: v, fl = val, (NX if r != A[2] else 0)
    # RV64: 32-bit results are sign-extended (also for the unsigned forms)
    v &= (1 << bits) - 1
    if bits == 32 and v >> 31: v |= 0xffffffff00000000
    return v & ((1 << 64) - 1), fl

def int_to_f(f, x, rm, bits, signed):
    x &= (1 << 64) - 1
    if bits == 32: x &= 0xffffffff
    if signed and x >> (bits - 1): x -= 1 << bits
    if x == 0: return enc_zero(f, 0), 0
    return round_val(f, int(x < 0), Fr(abs(x)), rm)

def f_convert(fsrc, fdst, a, rm):
    A = decode(fsrc, a)
    if A[0] == 'nan': return fdst.qnan, (NV if is_snan(A) else 0)
    if A[0] == 'inf': return enc_inf(fdst, A[1]), 0
    if A[0] == 'zero': return enc_zero(fdst, A[1]), 0
    return round_val(fdst, A[1], A[2], rm)

def from_float(f, x):
    """Bits of a Python float/str value, exact if representable in f."""
    v = Fr(x)
    if v == 0: return enc_zero(f, 1 if str(x).startswith('-') else 0)
    b, fl = round_val(f, int(v < 0), abs(v), RNE)
    assert fl == 0, x
    return b
