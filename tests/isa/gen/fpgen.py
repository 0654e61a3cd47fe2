import sys, random; sys.path.insert(0, "/tmp/isa/gen")
from rv import Gen, emit, hx
from fp import *

SPEC = {
 'S': [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x40400000, 0x7f7fffff, 0xff7fffff, 0x00800000,
       0x00000001, 0x807fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc00000],
 'D': [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x4008000000000000,
       0x7fefffffffffffff, 0xffefffffffffffff, 0x0010000000000000, 0x0000000000000001, 0x800fffffffffffff,
       0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0x7ff0000000000001, 0xfff8000000000000]}
FMT = {'S': S, 'D': D}
SUF = {'S': 's', 'D': 'd'}

def rand_val(r, f, lo=-20, hi=20):
    e = r.randint(lo, hi) + f.bias
    m = r.getrandbits(f.p - 1)
    return r.getrandbits(1) << (f.width - 1) | e << (f.p - 1) | m

def rand_pairs(f, seed, n, lo=-20, hi=20):
    r = random.Random(seed)
    return [(rand_val(r, f, lo, hi), rand_val(r, f, lo, hi)) for _ in range(n)]

def fhx(x): return "0x%x" % x

def flag_str(fl):
    if fl == 0: return "0"
    return "|".join(n for b, n in [(NV, "FLAG_NV"), (DZ, "FLAG_DZ"), (OF, "FLAG_OF"), (UF, "FLAG_UF"), (NX, "FLAG_NX")] if fl & b)

class FpGen(Gen):
    def set_frm(self, rm):
        self.out("  li t0, %d; fsrm t0" % rm)
    def op(self, P, inst, arity, fn, args, rm):
        f = FMT[P]
        res, fl = fn(f, *args, rm) if rm is not None else fn(f, *args)
        return res, fl

def other_rm(rm): return (rm + 2) % 5

def arith_body(P, seed, ops2, with_sqrt):
    f = FMT[P]; s = SUF[P]; g = FpGen()
    macro2 = "TEST_FP_OP2_" + P
    macro1 = "TEST_FP_OP1_" + P
    spec = SPEC[P]
    g.out("  /* Static rounding modes run with frm set to a different mode, so an")
    g.out("     implementation that ignores the instruction's rm field fails. */")
    for name, fn in ops2:
        inst = "%s.%s" % (name, s)
        g.sec(inst + ": special operands (zeros, extremes, subnormals, infinities, NaNs)")
        g.set_frm(RUP)
        for a in spec:
            for b in spec:
                if (spec.index(a) * 7 + spec.index(b)) % 3 and not (a in spec[:4] or b in spec[:4]): continue
                res, fl = fn(f, a, b, RNE)
                g.case(macro2, inst, "rne", flag_str(fl), fhx(res), fhx(a), fhx(b))
        g.sec(inst + ": finite operands under every static rounding mode")
        pairs = rand_pairs(f, seed + hash(name) % 1000, 6)
        pairs += crafted2(P, name)
        for rm in range(5):
            g.set_frm(other_rm(rm))
            for a, b in pairs:
                res, fl = fn(f, a, b, rm)
                g.case(macro2, inst, RM_NAMES[rm], flag_str(fl), fhx(res), fhx(a), fhx(b))
        g.sec(inst + ": dynamic rounding mode from frm")
        for rm in range(5):
            g.set_frm(rm)
            for a, b in pairs[:3] + crafted2(P, name)[:2]:
                res, fl = fn(f, a, b, rm)
                g.case(macro2, inst, "dyn", flag_str(fl), fhx(res), fhx(a), fhx(b))
    if not with_sqrt:
        g.set_frm(RNE)
        return g.text()
    inst = "fsqrt." + s
    g.sec(inst + ": special operands")
    g.set_frm(RUP)
    for a in spec + [one(P, 4), one(P, 2), one(P, 0.25)]:
        res, fl = f_sqrt(f, a, RNE)
        g.case(macro1, inst, "rne", flag_str(fl), fhx(res), fhx(a))
    g.sec(inst + ": positive finite operands under every rounding mode, and frm")
    r = random.Random(seed + 77)
    vals = [rand_val(r, f) & ~(1 << (f.width - 1)) for _ in range(6)] + [one(P, 2), one(P, 3), 0x1, (1 << (f.p - 1)) - 1]
    for rm in range(5):
        g.set_frm(other_rm(rm))
        for a in vals:
            res, fl = f_sqrt(f, a, rm)
            g.case(macro1, inst, RM_NAMES[rm], flag_str(fl), fhx(res), fhx(a))
    for rm in range(5):
        g.set_frm(rm)
        for a in vals[:3]:
            res, fl = f_sqrt(f, a, rm)
            g.case(macro1, inst, "dyn", flag_str(fl), fhx(res), fhx(a))
    g.set_frm(RNE)
    return g.text()

def one(P, x): return from_float(FMT[P], x)

def crafted2(P, name):
    f = FMT[P]
    ulp_half = Fr(2) ** -(f.p)   # half an ulp of 1.0
    def b(x): return from_float(f, x)
    # exact binary fractions built from Fraction -> bits via round (exact)
    def fb(x):
        bits, fl = round_val(f, int(x < 0), abs(Fr(x)), RNE); assert fl == 0; return bits
    one_ = Fr(1)
    tiny = Fr(2) ** (f.emin)        # min normal
    big = Fr(2) ** f.emax
    if name in ("fadd", "fsub"):
        sgn = -1 if name == "fsub" else 1
        return [(fb(one_), fb(sgn * ulp_half)),                   # tie, even below
                (fb(one_ + 2 * ulp_half), fb(sgn * ulp_half)),    # tie, even above
                (fb(-one_), fb(-sgn * ulp_half * Fr(3, 2))),      # negative, above half
                (fb(big * (2 - 4 * ulp_half)), fb(sgn * big * 2 * ulp_half)),  # max + ulp/2: overflow or not
                (fb(tiny * Fr(3, 2)), fb(-sgn * tiny)),           # exact subnormal result
                (fb(Fr(5)), fb(-sgn * 5))]                         # exact zero: sign by rm
    if name == "fmul":
        return [(fb(one_ + 2 * ulp_half), fb(one_ + 2 * ulp_half)),
                (fb(-(one_ + 2 * ulp_half)), fb(one_ + 6 * ulp_half)),
                (fb(big), fb(Fr(2))),
                (fb(tiny), fb(Fr(1, 2) + ulp_half)),
                (fb(-tiny * Fr(3, 2)), fb(Fr(1, 2))),
                (fb(tiny * 3), fb(Fr(1, 4))),
                # max subnormal * (1 + 2^-(p-1)) rounds to the min normal: not tiny after
                # rounding, so RNE raises NX without UF (RISC-V detects tininess after rounding)
                (fb(tiny * (1 - 2 * ulp_half)), fb(one_ + 2 * ulp_half))]
    if name == "fdiv":
        return [(fb(one_), fb(Fr(3))), (fb(-one_), fb(Fr(3))), (fb(Fr(2)), fb(Fr(3))),
                (fb(big), fb(Fr(1, 2))), (fb(tiny), fb(Fr(3))), (fb(Fr(7)), fb(-Fr(0)) if False else fb(Fr(1, 8)))]
    return []

def fma_body(P, seed):
    f = FMT[P]; s = SUF[P]; g = FpGen()
    macro = "TEST_FP_OP3_" + P
    spec = SPEC[P]
    ops = [("fmadd", False, False), ("fmsub", False, True), ("fnmsub", True, False), ("fnmadd", True, True)]
    g.out("  /* Fused multiply-add computes a*b+c with a single rounding; fmsub = a*b-c,")
    g.out("     fnmsub = -(a*b)+c, fnmadd = -(a*b)-c (Unpriv 11.6). */")
    r = random.Random(seed)
    trip = [(rand_val(r, f), rand_val(r, f), rand_val(r, f, -10, 30)) for _ in range(5)]
    def fb(x):
        bits, fl = round_val(f, int(x < 0), abs(Fr(x)), RNE); assert fl == 0; return bits
    u = Fr(2) ** -(f.p - 1)
    trip += [(fb(1 + u), fb(1 - u / 2), fb(-1)),              # cancellation exposing the exact product
             (fb(1 + u), fb(1 + u), fb(-(1 + 2 * u))),         # tiny exact residual u^2
             (fb(Fr(3)), fb(Fr(5)), fb(-15)),                   # exact zero, sign by rm
             (fb(Fr(2) ** f.emax), fb(Fr(2)), fb(-(Fr(2) ** f.emax))),   # product overflows, sum does not
             (fb(Fr(2) ** f.emin), fb(Fr(1, 2)), fb(Fr(2) ** (f.emin - f.p + 1)))]
    zero, nzero, one_, inf, ninf, qn, sn = spec[0], spec[1], spec[2], spec[10], spec[11], spec[12], spec[13]
    special = [(zero, inf, qn), (inf, zero, one_), (inf, one_, ninf), (inf, one_, inf), (one_, one_, sn), (qn, one_, one_),
               (zero, one_, nzero), (nzero, one_, zero), (nzero, one_, nzero), (zero, zero, zero), (one_, spec[7], nzero),
               (spec[5], spec[5], ninf), (sn, zero, inf), (one_, ninf, inf)]
    for name, neg_p, neg_c in ops:
        inst = "%s.%s" % (name, s)
        g.sec(inst + ": special operands")
        g.set_frm(RUP)
        for a, b, c in special:
            res, fl = f_fma(f, a, b, c, RNE, neg_p, neg_c)
            g.case(macro, inst, "rne", flag_str(fl), fhx(res), fhx(a), fhx(b), fhx(c))
        g.sec(inst + ": every rounding mode, then frm")
        for rm in range(5):
            g.set_frm(other_rm(rm))
            for a, b, c in trip:
                res, fl = f_fma(f, a, b, c, rm, neg_p, neg_c)
                g.case(macro, inst, RM_NAMES[rm], flag_str(fl), fhx(res), fhx(a), fhx(b), fhx(c))
        for rm in range(5):
            g.set_frm(rm)
            for a, b, c in trip[5:8]:
                res, fl = f_fma(f, a, b, c, rm, neg_p, neg_c)
                g.case(macro, inst, "dyn", flag_str(fl), fhx(res), fhx(a), fhx(b), fhx(c))
    g.set_frm(RNE)
    return g.text()

def cmp_body(P, seed):
    f = FMT[P]; s = SUF[P]; g = FpGen()
    spec = SPEC[P]
    r = random.Random(seed)
    vals = spec + [rand_val(r, f) for _ in range(3)]
    g.out("  /* fmin/fmax: -0 < +0; one NaN operand returns the other; two NaNs give the")
    g.out("     canonical NaN; signaling NaN inputs raise NV (Unpriv 11.6). */")
    for name, is_max in (("fmin", False), ("fmax", True)):
        inst = "%s.%s" % (name, s)
        g.sec(inst)
        for i, a in enumerate(vals):
            for j, b in enumerate(vals):
                if (i * 5 + j) % 4 and i > 3 and j > 3: continue
                res, fl = f_minmax(f, a, b, is_max)
                g.case("TEST_FP_OP2N_" + P, inst, flag_str(fl), fhx(res), fhx(a), fhx(b))
    g.out("")
    g.out("  /* Comparisons: feq is quiet (NV only for signaling NaNs), flt/fle signal NV for")
    g.out("     any NaN; NaN operands compare false; -0 == +0. */")
    for name, op in (("feq", "eq"), ("flt", "lt"), ("fle", "le")):
        inst = "%s.%s" % (name, s)
        g.sec(inst)
        for i, a in enumerate(vals):
            for j, b in enumerate(vals):
                if (i * 3 + j) % 4 and i > 3 and j > 3: continue
                res, fl = f_cmp(f, a, b, op)
                g.case("TEST_FP_CMP_" + P, inst, flag_str(fl), res, fhx(a), fhx(b))
    g.out("")
    g.out("  /* fclass sets exactly one of ten bits and never raises flags. */")
    g.sec("fclass." + s)
    extra = [(1 << (f.p - 2)) - 1 | 0 , 1 << (f.width - 1) | 1, ((1 << f.ebits) - 1) << (f.p - 1) | ((1 << (f.p - 1)) - 1), (((1 << f.ebits) - 1) << (f.p - 1) | 1) | 1 << (f.width - 1)]
    for a in spec + extra:
        g.case("TEST_FCLASS_" + P, "0x%x" % f_class(f, a), fhx(a))
    g.out("")
    g.out("  /* Sign injection works on bits: NaNs pass through unchanged, no flags. */")
    for name in ("fsgnj", "fsgnjn", "fsgnjx"):
        inst = "%s.%s" % (name, s)
        g.sec(inst)
        for a, b in [(spec[2], spec[1]), (spec[3], spec[0]), (spec[3], spec[3]), (spec[2], spec[2]), (spec[13], spec[3]), (spec[14], spec[2]),
                     (spec[10], spec[11]), (spec[1], spec[1]), (vals[-1], vals[-2]), (vals[-2], vals[-1])]:
            sign_a = a >> (f.width - 1)
            sign_b = b >> (f.width - 1)
            ns = {"fsgnj": sign_b, "fsgnjn": sign_b ^ 1, "fsgnjx": sign_a ^ sign_b}[name]
            res = a & ((1 << (f.width - 1)) - 1) | ns << (f.width - 1)
            g.case("TEST_FP_OP2N_" + P, inst, "0", fhx(res), fhx(a), fhx(b))
    return g.text()

def cvt_body(P, seed):
    f = FMT[P]; s = SUF[P]; g = FpGen()
    def fb(x):
        bits, fl = round_val(f, int(x < 0), abs(Fr(x)), RNE); assert fl == 0; return bits
    spec = SPEC[P]
    vals = spec + [fb(Fr(5, 2)), fb(Fr(-5, 2)), fb(Fr(7, 2)), fb(Fr(-7, 2)), fb(Fr(1, 2)), fb(Fr(-1, 2)), fb(Fr(-3, 4)), fb(Fr(123456789, 64)) if P == 'D' else fb(Fr(1234567, 64)),
                   fb(Fr(2) ** 31), fb(-Fr(2) ** 31), fb(Fr(2) ** 32), fb(Fr(2) ** 63), fb(-Fr(2) ** 63), fb(Fr(2) ** 64),
                   fb(Fr(2) ** 31 - 1) if P == 'D' else fb(Fr(2) ** 31 - 128), fb(-Fr(2) ** 31 - 1) if P == 'D' else fb(-Fr(2) ** 31 - 256),
                   fb(Fr(2) ** 64 - 2 ** 11) if P == 'D' else fb(Fr(2) ** 64 - 2 ** 40), fb(Fr(2) ** 32 - 1) if P == 'D' else fb(Fr(2) ** 32 - 256),
                   fb(-Fr(1)) , fb(Fr(3000000000))]
    g.out("  /* Float to integer: rounding per rm; NaN gives the largest value, out-of-range")
    g.out("     inputs saturate, both with NV only; in-range inexact results raise NX; 32-bit")
    g.out("     results (also unsigned) are sign-extended to 64 bits (Unpriv 11.7, 12.5). */")
    for iname, bits, sg in (("w", 32, True), ("wu", 32, False), ("l", 64, True), ("lu", 64, False)):
        inst = "fcvt.%s.%s" % (iname, s)
        g.sec(inst)
        g.set_frm(RUP)
        for a in vals:
            res, fl = f_to_int(f, a, RNE, bits, sg)
            g.case("TEST_FCVT_X_" + P, inst, "rne", flag_str(fl), hx(res), fhx(a))
        for rm in range(1, 5):
            g.set_frm(other_rm(rm))
            for a in vals[15:22]:
                res, fl = f_to_int(f, a, rm, bits, sg)
                g.case("TEST_FCVT_X_" + P, inst, RM_NAMES[rm], flag_str(fl), hx(res), fhx(a))
        for rm in range(5):
            g.set_frm(rm)
            for a in vals[15:18]:
                res, fl = f_to_int(f, a, rm, bits, sg)
                g.case("TEST_FCVT_X_" + P, inst, "dyn", flag_str(fl), hx(res), fhx(a))
    g.out("")
    g.out("  /* Integer to float: W forms read only rs1[31:0]; inexact results round per rm. */")
    ivals = [0, 1, -1 & 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff80000000, 0xffffffff, 0x1234567890abcdef,
             0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x00000000ffffff01, 0x20000001, 0x8000000000000401, 0x0000000100000003, 0xfedcba9876543211]
    for iname, bits, sg in (("w", 32, True), ("wu", 32, False), ("l", 64, True), ("lu", 64, False)):
        inst = "fcvt.%s.%s" % (s, iname)
        g.sec(inst)
        if P == 'D' and bits == 32:
            g.out("  /* Every 32-bit integer is exact in double precision: no rounding mode. */")
            g.set_frm(RUP)
            for x in ivals:
                res, fl = int_to_f(f, x, RNE, bits, sg)
                assert fl == 0
                g.case("TEST_FCVT_D_X_EXACT", inst, flag_str(fl), fhx(res), hx(x))
            continue
        g.set_frm(RUP)
        for x in ivals:
            res, fl = int_to_f(f, x, RNE, bits, sg)
            g.case("TEST_FCVT_%s_X" % P, inst, "rne", flag_str(fl), fhx(res), hx(x))
        for rm in range(1, 5):
            g.set_frm(other_rm(rm))
            for x in ivals[7:]:
                res, fl = int_to_f(f, x, rm, bits, sg)
                g.case("TEST_FCVT_%s_X" % P, inst, RM_NAMES[rm], flag_str(fl), fhx(res), hx(x))
        for rm in range(5):
            g.set_frm(rm)
            for x in ivals[11:14]:
                res, fl = int_to_f(f, x, rm, bits, sg)
                g.case("TEST_FCVT_%s_X" % P, inst, "dyn", flag_str(fl), fhx(res), hx(x))
    if P == 'D':
        g.out("")
        g.out("  /* Precision conversions: fcvt.s.d rounds (overflow, underflow, NaN to canonical);")
        g.out("     fcvt.d.s is exact; sNaN inputs raise NV. */")
        g.sec("fcvt.s.d")
        r = random.Random(seed)
        dv = spec + [rand_val(r, D) for _ in range(4)] + [fb(Fr(2) ** 128), fb(Fr(2) ** 128 - Fr(2) ** 103), fb(-(Fr(2) ** 128 - Fr(2) ** 104)), fb(Fr(2) ** -149), fb(Fr(2) ** -150), fb(Fr(3) * Fr(2) ** -151),
                        fb(Fr(2) ** -126 - Fr(2) ** -150), fb(1 + Fr(2) ** -24), fb(1 + Fr(3) * Fr(2) ** -25), fb(-(1 + Fr(2) ** -24)), fb(Fr(2) ** -127)]
        g.set_frm(RUP)
        for a in dv:
            res, fl = f_convert(D, S, a, RNE)
            g.case("TEST_FCVT_S_D", "rne", flag_str(fl), fhx(res), fhx(a))
        for rm in range(1, 5):
            g.set_frm(other_rm(rm))
            for a in dv[15:]:
                res, fl = f_convert(D, S, a, rm)
                g.case("TEST_FCVT_S_D", RM_NAMES[rm], flag_str(fl), fhx(res), fhx(a))
        for rm in range(5):
            g.set_frm(rm)
            for a in dv[-5:-2]:
                res, fl = f_convert(D, S, a, rm)
                g.case("TEST_FCVT_S_D", "dyn", flag_str(fl), fhx(res), fhx(a))
        g.sec("fcvt.d.s")
        r = random.Random(seed + 1)
        for a in SPEC['S'] + [rand_val(r, S) for _ in range(4)] + [0x7fa00001, 0x7fc00001, 0xff800001]:
            res, fl = f_convert(S, D, a, RNE)
            g.case("TEST_FCVT_D_S", flag_str(fl), fhx(res), fhx(a))
    g.set_frm(RNE)
    return g.text()

OUT = "/work/main/tests/isa/"
for P, seed in (("S", 11), ("D", 22)):
    pre = "rv64f" if P == "S" else "rv64d"
    w = "single" if P == "S" else "double"
    ch = "11" if P == "S" else "12"
    X = "F" if P == "S" else "D"
    emit(OUT + pre + "_addsub.S", ["%s: fadd/fsub in %s precision (Unpriv ch. %s) with exact results and fflags" % (X, w, ch),
         "for special operands, ties, overflow, exact zeros, every static rounding mode and frm."],
         arith_body(P, seed, [("fadd", f_add), ("fsub", f_sub)], False))
    emit(OUT + pre + "_muldiv.S", ["%s: fmul/fdiv/fsqrt in %s precision (Unpriv ch. %s) with exact results and" % (X, w, ch),
         "fflags: invalid, divide-by-zero, overflow, underflow after rounding, every rounding mode."],
         arith_body(P, seed, [("fmul", f_mul), ("fdiv", f_div)], True))
    emit(OUT + pre + "_fma.S", ["%s: fmadd/fmsub/fnmadd/fnmsub in %s precision (Unpriv ch. %s): single" % ("F" if P == "S" else "D", w, ch),
         "rounding, signed zeros, invalid 0*inf even with a quiet NaN addend, every rounding mode."], fma_body(P, seed))
    emit(OUT + pre + "_cmp.S", ["%s: fmin/fmax, feq/flt/fle, fclass and fsgnj/fsgnjn/fsgnjx in %s precision" % ("F" if P == "S" else "D", w),
         "(Unpriv ch. %s): NaN and signed-zero rules and the flags they raise." % ch], cmp_body(P, seed))
    emit(OUT + pre + "_cvt.S", ["%s: conversions between %s precision and integers%s (Unpriv ch. %s):" % ("F" if P == "S" else "D", w, " and between precisions" if P == "D" else "", ch),
         "rounding, saturation, NaN results, NV/NX flags, sign extension of 32-bit results."], cvt_body(P, seed))
