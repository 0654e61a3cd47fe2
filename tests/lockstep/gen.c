/* SPDX-License-Identifier: MIT */
/* The random program: its layout, the control-flow patterns (forward branches
 * and jumps patched to instruction starts in the code, jalr through the fixed
 * bases x31/x26, guarded backward loops, self-modifying stores), the M-mode
 * trap handler, page tables, PMP and the initial state. Random single
 * instructions come from gen_insn.c. */
#include "gen.h"
#include "enc.h"
#include "gen_int.h"
#include "lockstep.h"
#include "cpu/disas.h"
#include "cpu/hart.h"
#include "cpu/insn.h"

#include <stdio.h>
#include <string.h>

#define GEN_MAX_ITEMS     (GEN_CODE_SIZE / 2)
#define GEN_LOOP_COUNT    3  /* backward branches taken per pass */
#define GEN_PATTERN_MAX   16 /* bytes the longest pattern needs */
#define GEN_HANDLER_WORDS 32

/* Items whose target the patch pass fills in. */
enum gen_kind {
    K_PLAIN,
    K_BR,      /* 32-bit conditional branch, forward */
    K_BR_BACK, /* blt x0, x29, back: the guarded loop */
    K_CBR,     /* c.beqz / c.bnez, forward */
    K_JAL,     /* jal rd, forward */
    K_CJ,      /* c.j, forward */
    K_JALR,    /* jalr rd, off(x31 or x26), forward */
    K_ADDI_T1, /* addi x28, x31 or x26, off: the jump in the next item goes forward */
    K_RESTART, /* jal x0, code start */
    K_SMC_LW,  /* lw x28, off(x31 or x26): a later instruction */
    K_SMC_SW,  /* sw x28, the same: that instruction with its rd flipped */
};

struct gen_item {
    uint32_t raw;
    uint8_t len, kind;
    bool no_target;  /* second half of a pattern: never jump straight to it */
    bool smc_ok;     /* its rd may be flipped (gen_smc_ok) */
    uint32_t addr;   /* offset from GEN_CODE */
    unsigned target; /* K_SMC_LW: the item it rewrites */
};

struct gen_ctx {
    struct gen_rng rng;
    unsigned variant;
    uint16_t weight[16]; /* this program's mix */
    unsigned total;
    bool code_writable; /* PMP and PTE let stores reach the code page */
    bool no_smc;        /* GEN_NO_SMC */
    struct gen_item items[GEN_MAX_ITEMS];
    unsigned n, body;
    uint32_t bytes;
};

static const char *const variant_names[GEN_NVARIANTS] = {"m", "m-mprv", "s-sv39", "u-sv39",
                                                         "u-bare"};

const char *gen_variant_name(unsigned v) { return v < GEN_NVARIANTS ? variant_names[v] : "?"; }

int gen_variant_parse(const char *s)
{
    for (unsigned v = 0; v < GEN_NVARIANTS; v++)
        if (!strcmp(s, variant_names[v]) || (s[0] == (char)('0' + v) && !s[1]))
            return (int)v;
    return -1;
}

static bool paged(unsigned v) { return v == GEN_M_MPRV || v == GEN_S_SV39 || v == GEN_U_SV39; }
static unsigned run_priv(unsigned v)
{
    return v == GEN_M || v == GEN_M_MPRV ? PRV_M : v == GEN_S_SV39 ? PRV_S : PRV_U;
}

static void emit(struct gen_ctx *c, uint32_t raw, enum gen_kind kind, bool no_target)
{
    struct gen_item *it = &c->items[c->n++];
    it->raw = raw;
    it->len = (uint8_t)insn_length((uint16_t)raw);
    it->kind = (uint8_t)kind;
    it->no_target = no_target;
    it->smc_ok = false;
    it->addr = c->bytes;
    c->bytes += it->len;
}

/* --- patterns --- */

static void pat_branch(struct gen_ctx *c)
{
    static const uint8_t f3[] = {0, 1, 4, 5, 6, 7};
    struct gen_rng *r = &c->rng;
    switch (rng_below(r, 6)) {
    case 0:
    case 1: emit(c, enc_b(f3[rng_below(r, 6)], gen_xrs(r), gen_xrs(r), 0), K_BR, false); break;
    case 2: emit(c, enc_cb(6 + rng_below(r, 2), rng_below(r, 8), 0), K_CBR, false); break;
    case 3:
        if (rng_pct(r, 50))
            emit(c, enc_j(rng_pct(r, 50) ? 0 : gen_xrd(r), 0), K_JAL, false);
        else
            emit(c, enc_cj(0), K_CJ, false);
        break;
    case 4: emit(c, enc_i(ENC_JALR, 0, gen_xrd(r), GEN_R_JBASE, 0), K_JALR, false); break;
    default:
        emit(c, enc_i(ENC_OP_IMM, 0, GEN_R_T1, GEN_R_JBASE, 0), K_ADDI_T1, false);
        if (rng_pct(r, 60))
            emit(c, enc_cjr(GEN_R_T1, rng_pct(r, 50)), K_PLAIN, true);
        else
            emit(c, enc_i(ENC_JALR, 0, gen_xrd(r), GEN_R_T1, 0), K_PLAIN, true);
        break;
    }
}

static void pat_loop(struct gen_ctx *c)
{
    emit(c, enc_i(ENC_OP_IMM, 0, GEN_R_LOOP, GEN_R_LOOP, -1), K_PLAIN, false);
    emit(c, enc_b(4, 0, GEN_R_LOOP, 0), K_BR_BACK, true);
}

static void pat_repoint(struct gen_ctx *c)
{
    struct gen_rng *r = &c->rng;
    static const uint8_t ptrs[] = {2, 3, 8, 9};
    int32_t off =
        r->calm || rng_pct(r, 75) ? rng_range(r, -256, 255) * 8 : rng_range(r, -2048, 2047);
    emit(c, enc_i(ENC_OP_IMM, 0, ptrs[rng_below(r, 4)], GEN_R_DATA, off), K_PLAIN, false);
}

/* x28 = v (v < 2^31) */
static void emit_li_t1(struct gen_ctx *c, uint32_t v)
{
    emit(c, enc_u(ENC_LUI, GEN_R_T1, (v + 0x800) >> 12), K_PLAIN, false);
    emit(c, enc_i(ENC_OP_IMM, 0, GEN_R_T1, GEN_R_T1, (int32_t)(v << 20) >> 20), K_PLAIN, false);
}

/* Turn FP back on (Dirty) in mstatus (sstatus in S). */
static void pat_fs_on(struct gen_ctx *c)
{
    unsigned csr = c->variant == GEN_S_SV39 ? CSR_SSTATUS : CSR_MSTATUS;
    emit_li_t1(c, (uint32_t)MSTATUS_FS);
    emit(c, enc_csr(2, 0, GEN_R_T1, csr), K_PLAIN, false);
}

/* Set or clear status bits that change how later code runs and is
 * translated: FS (FP traps when Off), SUM and MXR (page permissions), and in
 * M-mode MPRV and MPP (the privilege of loads and stores). */
static void pat_status(struct gen_ctx *c)
{
    static const uint32_t s_bits[] = {MSTATUS_FS, 1u << MSTATUS_FS_SHIFT, MSTATUS_SUM, MSTATUS_MXR};
    static const uint32_t m_bits[] = {MSTATUS_MPRV, MSTATUS_MPP, 1u << MSTATUS_MPP_SHIFT};
    struct gen_rng *r = &c->rng;
    bool m = run_priv(c->variant) == PRV_M;
    uint32_t bits = m && rng_pct(r, 40) ? m_bits[rng_below(r, 3)] : s_bits[rng_below(r, 4)];
    emit_li_t1(c, bits);
    emit(c, enc_csr(rng_pct(r, 50) ? 2 : 3, 0, GEN_R_T1, m ? CSR_MSTATUS : CSR_SSTATUS), K_PLAIN,
         false);
}

static void pat_lrsc(struct gen_ctx *c)
{
    struct gen_rng *r = &c->rng;
    unsigned f3 = rng_pct(r, 50) ? 2 : 3, p = gen_ptr(r);
    emit(c, enc_r(ENC_AMO, f3, 0x08 | rng_below(r, 4), gen_xrd(r), p, 0), K_PLAIN, false);
    for (unsigned k = rng_below(r, 3); k > 0; k--)
        emit(c, gen_insn(r, GC_INT, run_priv(c->variant)), K_PLAIN, false);
    if (rng_pct(r, 15))
        f3 ^= 1;
    emit(c, enc_r(ENC_AMO, f3, 0x0c | rng_below(r, 4), gen_xrd(r), p, gen_xrs(r)), K_PLAIN, false);
}

/* Self-modifying code: flip the rd of a later instruction (so each pass
 * runs the other version), sometimes followed by fence.i. The JIT must drop
 * the old translation at once, even in the block doing the store. */
static void pat_smc(struct gen_ctx *c)
{
    emit(c, enc_i(ENC_LOAD, 2, GEN_R_T1, GEN_R_JBASE, 0), K_SMC_LW, false);
    emit(c, enc_i(ENC_OP_IMM, 4, GEN_R_T1, GEN_R_T1, 0x80), K_PLAIN, true);
    emit(c, enc_s(ENC_STORE, 2, GEN_R_JBASE, GEN_R_T1, 0), K_SMC_SW, true);
    if (rng_pct(&c->rng, 30))
        emit(c, 0x0000100f, K_PLAIN, false);
}

/* A jump through any register, linking in x27: usually a fetch fault, after
 * which the handler resumes at the link. It may also land in the code, even
 * behind itself, so it counts against the loop counter like a backward
 * branch: skipped once x29 is used up. */
static void pat_wild(struct gen_ctx *c)
{
    struct gen_rng *r = &c->rng;
    emit(c, enc_i(ENC_OP_IMM, 0, GEN_R_LOOP, GEN_R_LOOP, -1), K_PLAIN, false);
    emit(c, enc_b(5, 0, GEN_R_LOOP, 8), K_PLAIN, true); /* bge x0, x29: skip the jump */
    emit(c, enc_i(ENC_JALR, 0, GEN_R_T0, gen_xrs(r), rng_range(r, -64, 64)), K_PLAIN, true);
}

/* Weights of what fills the code, per mille. */
enum { P_INSN, P_BRANCH, P_LOOP, P_REPOINT, P_STATUS, P_LRSC, P_WILD, P_SMC };
static const struct {
    uint16_t weight;
    uint8_t pattern, cls;
} mix[] = {
    {210, P_INSN, GC_INT}, {150, P_INSN, GC_MEM}, {35, P_INSN, GC_AMO}, {150, P_INSN, GC_FP},
    {200, P_INSN, GC_C},   {14, P_INSN, GC_SYS},  {30, P_INSN, GC_CSR}, {6, P_INSN, GC_BAD},
    {110, P_BRANCH, 0},    {8, P_LOOP, 0},        {40, P_REPOINT, 0},   {5, P_STATUS, 0},
    {8, P_LRSC, 0},        {2, P_WILD, 0},        {8, P_SMC, 0},
};

/* What ends blocks early or traps: rare in calm programs. */
static bool disruptive(size_t k)
{
    return mix[k].pattern != P_INSN || mix[k].cls == GC_SYS || mix[k].cls == GC_CSR ||
           mix[k].cls == GC_BAD;
}

/* Each program leans its own way (FP-heavy, memory-heavy...): every weight
 * scaled by 1/4, 1 or 3. Calm programs (long blocks: few branches, system
 * instructions and faults) divide the disruptive weights by 20. */
static void gen_mix(struct gen_ctx *c)
{
    static const uint8_t scale4[] = {1, 4, 4, 12};
    _Static_assert(sizeof(mix) / sizeof(mix[0]) <= 16, "gen_ctx.weight is too small");
    c->total = 0;
    for (size_t k = 0; k < sizeof(mix) / sizeof(mix[0]); k++) {
        unsigned w = mix[k].weight * scale4[rng_below(&c->rng, 4)] / 4;
        if (c->rng.calm && disruptive(k) && mix[k].pattern != P_REPOINT)
            w /= 20;
        c->weight[k] = (uint16_t)w;
        c->total += c->weight[k];
    }
}

static void gen_one(struct gen_ctx *c)
{
    unsigned pick = rng_below(&c->rng, c->total);
    size_t k = 0;
    while (pick >= c->weight[k])
        pick -= c->weight[k++];
    switch (mix[k].pattern) {
    case P_INSN:
        emit(c, gen_insn(&c->rng, mix[k].cls, run_priv(c->variant)), K_PLAIN, false);
        c->items[c->n - 1].smc_ok = mix[k].cls == GC_INT && gen_smc_ok(c->items[c->n - 1].raw);
        break;
    case P_SMC:
        if (!c->no_smc)
            pat_smc(c);
        break;
    case P_BRANCH: pat_branch(c); break;
    case P_LOOP: pat_loop(c); break;
    case P_REPOINT: pat_repoint(c); break;
    case P_STATUS:
        if (run_priv(c->variant) != PRV_U)
            pat_status(c);
        break;
    case P_LRSC: pat_lrsc(c); break;
    default: pat_wild(c); break;
    }
}

/* Each pass starts here: data pointers and the loop counter are reset. */
static void gen_preamble(struct gen_ctx *c)
{
    static const uint8_t ptrs[] = {2, 3, 8, 9};
    struct gen_rng *r = &c->rng;
    for (unsigned k = 0; k < sizeof(ptrs); k++) {
        int32_t off =
            r->calm || rng_pct(r, 75) ? rng_range(r, -384, 384) * 8 : rng_range(r, -3072, 3072);
        emit(c, enc_i(ENC_OP_IMM, 0, ptrs[k], GEN_R_DATA, off), K_PLAIN, false);
    }
    emit(c, enc_i(ENC_OP_IMM, 0, GEN_R_LOOP, 0, GEN_LOOP_COUNT), K_PLAIN, false);
    if (run_priv(c->variant) != PRV_U)
        pat_fs_on(c);
    c->body = c->n;
}

/* --- patching targets --- */

static unsigned geometric(struct gen_rng *r, unsigned pct_stop, unsigned cap)
{
    unsigned d = 0;
    while (d < cap && !rng_pct(r, pct_stop))
        d++;
    return d;
}

/* A forward target for the jump at index from: an instruction start after
 * it within max_dist bytes, not the second half of a pattern. */
static unsigned pick_forward(struct gen_ctx *c, unsigned from, uint32_t max_dist)
{
    unsigned j = from + 1 + geometric(&c->rng, 25, 40);
    if (j >= c->n)
        j = c->n - 1;
    while (j > from + 1 &&
           (c->items[j].no_target || c->items[j].addr - c->items[from].addr > max_dist))
        j--;
    while (c->items[j].no_target) /* at most two steps: patterns end targetable */
        j++;
    return j;
}

static unsigned pick_backward(struct gen_ctx *c, unsigned from)
{
    unsigned back = 1 + geometric(&c->rng, 8, 200);
    unsigned j = from > c->body + back ? from - back : c->body;
    while (j < from - 1 && c->items[j].no_target)
        j++;
    return j;
}

static int32_t rel(const struct gen_ctx *c, unsigned from, unsigned to)
{
    return (int32_t)c->items[to].addr - (int32_t)c->items[from].addr;
}

/* A jalr target as an offset from the jump base of its page. */
static int32_t jbase_off(const struct gen_ctx *c, unsigned to, unsigned *base)
{
    int32_t addr = (int32_t)c->items[to].addr;
    *base = addr < (int32_t)GEN_PAGE ? GEN_R_JBASE : GEN_R_JBASE2;
    return addr - (addr < (int32_t)GEN_PAGE ? GEN_JBASE_OFF : GEN_PAGE + GEN_JBASE_OFF);
}

/* The SMC pattern's target: a later smc_ok item, near if possible. Without
 * one, the pattern's three instructions become nops. */
static void patch_smc(struct gen_ctx *c, unsigned k)
{
    unsigned j = k + 3 + geometric(&c->rng, 20, 30);
    while (j < c->n && !c->items[j].smc_ok)
        j++;
    if (j >= c->n) {
        for (unsigned t = k; t < k + 3; t++) {
            c->items[t].raw = 0x00000013;
            c->items[t].kind = K_PLAIN;
        }
        return;
    }
    unsigned base;
    int32_t off = jbase_off(c, j, &base);
    c->items[k].target = j;
    c->items[k].raw = enc_i(ENC_LOAD, 2, GEN_R_T1, base, off);
}

static void patch_one(struct gen_ctx *c, unsigned k)
{
    struct gen_item *it = &c->items[k];
    struct gen_rng *r = &c->rng;
    uint32_t raw = it->raw;
    switch (it->kind) {
    case K_BR:
        it->raw = enc_b((raw >> 12) & 7, (raw >> 15) & 31, (raw >> 20) & 31,
                        rel(c, k, pick_forward(c, k, 4094)));
        break;
    case K_BR_BACK: it->raw = enc_b(4, 0, GEN_R_LOOP, rel(c, k, pick_backward(c, k))); break;
    case K_CBR:
        it->raw = enc_cb((raw >> 13) & 7, (raw >> 7) & 7, rel(c, k, pick_forward(c, k, 254)));
        break;
    case K_JAL: it->raw = enc_j((raw >> 7) & 31, rel(c, k, pick_forward(c, k, 1u << 19))); break;
    case K_CJ: it->raw = enc_cj(rel(c, k, pick_forward(c, k, 2046))); break;
    case K_JALR: {
        unsigned base, to = pick_forward(c, k, GEN_CODE_SIZE);
        int32_t off = jbase_off(c, to, &base);
        it->raw = enc_i(ENC_JALR, 0, (raw >> 7) & 31, base, off + rng_pct(r, 20));
        break;
    }
    case K_ADDI_T1: {
        unsigned base, to = pick_forward(c, k + 1, GEN_CODE_SIZE);
        int32_t off = jbase_off(c, to, &base);
        it->raw = enc_i(ENC_OP_IMM, 0, GEN_R_T1, base, off);
        break;
    }
    case K_RESTART: it->raw = enc_j(0, -(int32_t)it->addr); break;
    case K_SMC_LW: patch_smc(c, k); break;
    case K_SMC_SW: {
        unsigned base;
        int32_t off = jbase_off(c, c->items[k - 2].target, &base);
        it->raw = enc_s(ENC_STORE, 2, base, GEN_R_T1, off);
        break;
    }
    default: break;
    }
}

/* The patched jumps must decode to the offsets meant (a check of enc.h). */
static int check_item(const struct gen_ctx *c, unsigned k)
{
    const struct gen_item *it = &c->items[k];
    struct insn i;
    insn_decode(&i, it->raw);
    bool data = it->kind == K_PLAIN || it->kind == K_JALR || it->kind == K_ADDI_T1 ||
                it->kind == K_SMC_LW || it->kind == K_SMC_SW;
    if (i.len != it->len || (!data && !(insn_descs[i.op].flags & (IF_BRANCH | IF_JUMP)))) {
        fprintf(stderr, "lockstep: generator: item %u (kind %u) encodes as 0x%x\n", k, it->kind,
                it->raw);
        return -1;
    }
    return 0;
}

/* Pad with c.nop up to 2 bytes before the page end, then a 32-bit
 * instruction that crosses into the second page. */
static void gen_straddle(struct gen_ctx *c)
{
    while (c->bytes < GEN_PAGE - 2)
        emit(c, 0x0001, K_PLAIN, false);
    emit(c, gen_insn(&c->rng, GC_INT, run_priv(c->variant)), K_PLAIN, false);
}

static int gen_code(struct gen_ctx *c, uint8_t *page)
{
    gen_mix(c);
    gen_preamble(c);
    bool straddle = rng_pct(&c->rng, 70);
    while (c->bytes + GEN_PATTERN_MAX + 4 <= GEN_CODE_SIZE && c->n + 8 < GEN_MAX_ITEMS) {
        if (straddle && c->bytes + GEN_PATTERN_MAX + 8 > GEN_PAGE && c->bytes < GEN_PAGE) {
            gen_straddle(c);
            straddle = false;
        }
        gen_one(c);
    }
    emit(c, enc_j(0, 0), K_RESTART, false);
    for (unsigned k = 0; k < c->n; k++) {
        patch_one(c, k);
        if (check_item(c, k) < 0)
            return -1;
        memcpy(page + c->items[k].addr, &c->items[k].raw, c->items[k].len);
    }
    return 0;
}

/* --- the trap handler (M-mode, at GEN_HANDLER) --- */

/* Skip the faulting instruction (its length from its low bits, read through
 * the identity-mapped code). A fetch fault comes from a wild jalr, which
 * links in x27: resume there, or restart the pass if x27 has left the code. */
static unsigned gen_handler(uint32_t *w)
{
    const unsigned t0 = GEN_R_T0, t1 = GEN_R_T1;
    unsigned n = 0;
    w[n++] = enc_csr(2, t1, 0, CSR_MCAUSE);
    w[n++] = enc_b(4, t1, 0, 4 * 23); /* interrupt: just return */
    w[n++] = enc_b(0, t1, 0, 4 * 14); /* cause 0: fetch fault */
    w[n++] = enc_i(ENC_OP_IMM, 0, t1, t1, -EXC_INSN_ACCESS);
    w[n++] = enc_b(0, t1, 0, 4 * 12);
    w[n++] = enc_i(ENC_OP_IMM, 0, t1, t1, EXC_INSN_ACCESS - EXC_INSN_PAGE_FAULT);
    w[n++] = enc_b(0, t1, 0, 4 * 10);
    w[n++] = enc_csr(2, t0, 0, CSR_MEPC);
    w[n++] = enc_i(ENC_LOAD, 5, t1, t0, 0);   /* lhu */
    w[n++] = enc_i(ENC_OP_IMM, 7, t1, t1, 3); /* andi */
    w[n++] = enc_i(ENC_OP_IMM, 0, t0, t0, 2);
    w[n++] = enc_i(ENC_OP_IMM, 0, t1, t1, -3);
    w[n++] = enc_b(1, t1, 0, 8);
    w[n++] = enc_i(ENC_OP_IMM, 0, t0, t0, 2);
    w[n++] = enc_csr(1, 0, t0, CSR_MEPC);
    w[n++] = ENC_MRET;
    /* fetch fault: */
    w[n++] = enc_i(ENC_OP_IMM, 0, t1, GEN_R_JBASE, -GEN_JBASE_OFF);
    w[n++] = enc_r(ENC_OP, 0, 0x20, t1, t0, t1); /* sub */
    w[n++] = enc_i(ENC_OP_IMM, 5, t1, t1, 13);   /* srli: 8 KiB */
    w[n++] = enc_b(1, t1, 0, 12);
    w[n++] = enc_csr(1, 0, t0, CSR_MEPC);
    w[n++] = ENC_MRET;
    /* restart: */
    w[n++] = enc_i(ENC_OP_IMM, 0, t0, GEN_R_JBASE, -GEN_JBASE_OFF);
    w[n++] = enc_csr(1, 0, t0, CSR_MEPC);
    w[n++] = ENC_MRET;
    return n;
}

/* --- values --- */

static uint64_t gen_value(struct gen_rng *r)
{
    static const uint64_t special[] = {
        0,
        1,
        ~0ull,
        2,
        0x7fffffffffffffffull,
        0x8000000000000000ull,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0xffffffff80000000ull,
        0x100000000ull,
        0xff,
        0x8000,
        0x5555555555555555ull,
        0xaaaaaaaaaaaaaaaaull,
        GEN_DATA_BASE,
    };
    switch (rng_below(r, 5)) {
    case 0: return (uint64_t)(int64_t)rng_range(r, -64, 64);
    case 1: return special[rng_below(r, sizeof(special) / sizeof(special[0]))];
    case 2: return rng_next(r);
    case 3: return (uint64_t)(int64_t)(int32_t)rng_next(r);
    default: return GEN_DATA + rng_below(r, GEN_DATA_SIZE);
    }
}

/* FP register contents: NaN-boxed singles, doubles, and (rarely) values that
 * are not properly boxed, with the IEEE special cases well represented. */
static uint64_t gen_fvalue(struct gen_rng *r)
{
    static const uint32_t s_special[] = {
        0,          0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001,
        0xffc00001, 0x00000001, 0x80000001, 0x3f800000, 0xbf800000, 0x7f7fffff,
        0x00800000, 0x4f000000, 0x5f000000, 0xcf000000, 0x3effffff,
    };
    static const uint64_t d_special[] = {
        0,
        0x8000000000000000ull,
        0x7ff0000000000000ull,
        0xfff0000000000000ull,
        0x7ff8000000000000ull,
        0x7ff0000000000001ull,
        1,
        0x3ff0000000000000ull,
        0xbff0000000000000ull,
        0x0010000000000000ull,
        0x41e0000000000000ull,
        0x43e0000000000000ull,
        0xc1e0000000000000ull,
        0x7fefffffffffffffull,
    };
    const uint64_t box = 0xffffffff00000000ull;
    uint64_t v = rng_next(r);
    switch (rng_below(r, 7)) {
    case 0: return box | s_special[rng_below(r, sizeof(s_special) / sizeof(s_special[0]))];
    case 1: /* a single with an exponent near 1.0 */
        return box | ((v & 0x807fffff) | (uint64_t)(112 + rng_below(r, 32)) << 23);
    case 2: return box | (uint32_t)v;
    case 3: return d_special[rng_below(r, sizeof(d_special) / sizeof(d_special[0]))];
    case 4: return (v & 0x800fffffffffffffull) | (uint64_t)(1008 + rng_below(r, 32)) << 52;
    case 5: return v;
    default: return (uint32_t)v | (v & 0x0000ffff00000000ull); /* not boxed */
    }
}

/* --- page tables (Sv39, Priv 4.4) --- */

enum { PG_RW, PG_RW_AD0, PG_RO, PG_XO, PG_NONE, PG_OTHER_U, PG_RWX, PG_W_ONLY, PG_NTYPES };
static const uint8_t pg_weight[PG_NTYPES] = {30, 15, 15, 10, 15, 10, 5, 5};

static uint64_t pte_leaf(uint64_t pa, uint64_t bits) { return (pa >> 12) << PTE_PPN_SHIFT | bits; }

static uint64_t data_pte(struct gen_rng *r, uint64_t pa, unsigned k, bool user)
{
    unsigned type = 0, pick = rng_below(r, 100);
    while (k != 3 && k != 4 && !r->calm && pick >= pg_weight[type])
        pick -= pg_weight[type++];
    uint64_t u = user ? PTE_U : 0, g = rng_pct(r, 20) ? PTE_G : 0;
    static const uint64_t bits[PG_NTYPES] = {
        PTE_V | PTE_R | PTE_W | PTE_A | PTE_D,
        PTE_V | PTE_R | PTE_W,
        PTE_V | PTE_R | PTE_A,
        PTE_V | PTE_X | PTE_A,
        0,
        PTE_V | PTE_R | PTE_W | PTE_A | PTE_D,
        PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D,
        PTE_V | PTE_W | PTE_A | PTE_D,
    };
    if (type == PG_NONE)
        return 0;
    if (type == PG_OTHER_U)
        u ^= PTE_U;
    return pte_leaf(pa, bits[type] | u | g);
}

static void gen_tables(struct gen_program *p, struct gen_rng *r, bool user)
{
    uint64_t code_w = p->code_writable ? PTE_W | PTE_D : 0;
    uint64_t *root = p->pt[0], *l1 = p->pt[1], *l0 = p->pt[2];
    root[(GEN_CODE >> 30) & 511] = pte_leaf(GEN_PT + GEN_PAGE, PTE_V);
    l1[(GEN_CODE >> 21) & 511] = pte_leaf(GEN_PT + 2 * GEN_PAGE, PTE_V);
    for (uint64_t pa = GEN_CODE; pa < GEN_CODE + GEN_CODE_SIZE; pa += GEN_PAGE)
        l0[(pa >> 12) & 511] =
            pte_leaf(pa, PTE_V | PTE_R | PTE_X | PTE_A | code_w | (user ? PTE_U : 0));
    unsigned perm[GEN_DATA_SIZE / GEN_PAGE];
    for (unsigned k = 0; k < GEN_DATA_SIZE / GEN_PAGE; k++)
        perm[k] = k;
    for (unsigned k = GEN_DATA_SIZE / GEN_PAGE - 1; k > 0; k--) {
        unsigned j = rng_below(r, k + 1), t = perm[k];
        perm[k] = perm[j];
        perm[j] = t;
    }
    for (unsigned k = 0; k < GEN_DATA_SIZE / GEN_PAGE; k++)
        l0[((GEN_DATA >> 12) + k) & 511] =
            data_pte(r, GEN_DATA + (uint64_t)perm[k] * GEN_PAGE, k, user);
}

/* --- initial state --- */

/* PMP (Priv 3.7): locked entries bind M-mode too. The handler and the code
 * page are read/execute (and writable when the program modifies itself), the
 * data area and the rest of RAM are not executable; everything else is open
 * to S and U. */
static void gen_pmp(struct gen_init *in, bool code_writable)
{
    in->pmpaddr[0] = (GEN_HANDLER >> 2) | ((4 * GEN_PAGE) / 8 - 1);
    in->pmpaddr[1] = (GEN_DATA >> 2) | (GEN_DATA_SIZE / 8 - 1);
    in->pmpaddr[2] = (LS_RAM_BASE >> 2) | (LS_RAM_SIZE / 8 - 1);
    in->pmpaddr[3] = ~0ull >> 10;
    uint64_t napot = (uint64_t)PMP_NAPOT << 3;
    in->pmpcfg0 = (PMP_L | napot | PMP_R | PMP_X | (code_writable ? PMP_W : 0)) |
                  (PMP_L | napot | PMP_R | PMP_W) << 8 | (PMP_L | napot | PMP_R | PMP_W) << 16 |
                  (napot | PMP_R | PMP_W | PMP_X) << 24;
}

static uint64_t gen_mstatus(struct gen_rng *r, unsigned v)
{
    uint64_t fs = 1 + rng_below(r, 3);
    uint64_t st = fs << MSTATUS_FS_SHIFT | (uint64_t)run_priv(v) << MSTATUS_MPP_SHIFT;
    if (rng_pct(r, 30))
        st |= MSTATUS_SUM;
    if (rng_pct(r, 30))
        st |= MSTATUS_MXR;
    if (v == GEN_S_SV39 && rng_pct(r, 10))
        st |= MSTATUS_TW;
    if (v == GEN_S_SV39 && rng_pct(r, 10))
        st |= MSTATUS_TVM;
    if (v == GEN_M_MPRV)
        st = (st & ~MSTATUS_MPP) | MSTATUS_MPRV; /* MPP = U */
    return st;
}

static uint64_t gen_envcfg(struct gen_rng *r)
{
    uint64_t e = 0;
    if (rng_pct(r, 60))
        e |= ENVCFG_CBZE;
    if (rng_pct(r, 60))
        e |= ENVCFG_CBCFE;
    if (rng_pct(r, 40))
        e |= (uint64_t)rng_below(r, 4) << 4; /* CBIE */
    return e;
}

static void gen_state(struct gen_program *p, struct gen_rng *r)
{
    struct gen_init *in = &p->init;
    unsigned v = p->variant;
    for (unsigned k = 1; k < 32; k++)
        in->x[k] = gen_value(r);
    in->x[GEN_R_LOOP] = GEN_LOOP_COUNT;
    in->x[GEN_R_DATA] = GEN_DATA_BASE;
    in->x[GEN_R_JBASE] = GEN_CODE + GEN_JBASE_OFF;
    in->x[GEN_R_JBASE2] = GEN_CODE + GEN_PAGE + GEN_JBASE_OFF;
    for (unsigned k = 0; k < 32; k++)
        in->f[k] = gen_fvalue(r);
    in->fcsr = rng_below(r, 32) | (rng_pct(r, 90) ? rng_below(r, 5) : rng_below(r, 8)) << 5;
    in->pc = GEN_CODE;
    in->priv = run_priv(v);
    in->mstatus = gen_mstatus(r, v);
    in->satp = paged(v) ? (uint64_t)SATP_SV39 << SATP_MODE_SHIFT |
                              (uint64_t)rng_below(r, 1u << 16) << SATP_ASID_SHIFT | GEN_PT >> 12
                        : 0;
    in->mtvec = GEN_HANDLER;
    in->menvcfg = gen_envcfg(r);
    in->senvcfg = gen_envcfg(r);
    in->mcounteren = rng_pct(r, 70) ? 7 : rng_below(r, 8);
    in->scounteren = rng_pct(r, 70) ? 7 : rng_below(r, 8);
    gen_pmp(in, p->code_writable);
}

int gen_program(struct gen_program *p, uint64_t seed, unsigned variant, unsigned flags)
{
    static struct gen_ctx c;
    gen_insn_init();
    memset(p, 0, sizeof(*p));
    memset(&c, 0, sizeof(c));
    p->variant = c.variant = variant;
    p->seed = seed;
    c.rng.s = seed * 0x2545f4914f6cdd1dull + variant;
    c.rng.calm = rng_pct(&c.rng, 25);
    p->code_writable = c.code_writable = rng_pct(&c.rng, 60) && !(flags & GEN_NO_SMC);
    c.no_smc = flags & GEN_NO_SMC;
    uint32_t hw[GEN_HANDLER_WORDS];
    unsigned nh = gen_handler(hw);
    memcpy(p->handler, hw, nh * 4);
    if (gen_code(&c, p->code) < 0)
        return -1;
    p->ninsns = c.n;
    for (unsigned k = 0; k < GEN_DATA_SIZE; k += 8) {
        uint64_t v = rng_pct(&c.rng, 50)   ? rng_next(&c.rng)
                     : rng_pct(&c.rng, 50) ? gen_fvalue(&c.rng)
                                           : gen_value(&c.rng);
        memcpy(p->data + k, &v, 8);
    }
    if (paged(variant))
        gen_tables(p, &c.rng, variant == GEN_U_SV39 || variant == GEN_M_MPRV);
    gen_state(p, &c.rng);
    return 0;
}

void gen_print(const uint8_t *code, unsigned len, uint64_t addr)
{
    for (unsigned off = 0; off + 2 <= len;) {
        uint32_t raw = 0;
        memcpy(&raw, code + off, off + 4 <= len ? 4 : 2);
        struct insn i;
        char text[96];
        insn_decode(&i, insn_length((uint16_t)raw) == 4 ? raw : raw & 0xffff);
        disas_insn(text, sizeof(text), &i, addr + off);
        printf("%016llx: %0*x  %s\n", (unsigned long long)(addr + off), i.len * 2, i.raw, text);
        off += i.len;
    }
}

/* --- installing --- */

static int set_csr(struct hart *h, unsigned csr, uint64_t v)
{
    if (csr_write(h, csr, v) == EXEC_OK)
        return 0;
    fprintf(stderr, "lockstep: cannot set CSR 0x%x to 0x%llx\n", csr, (unsigned long long)v);
    return -1;
}

static int install_csrs(struct hart *h, const struct gen_init *in)
{
    for (unsigned k = 0; k < 4; k++)
        if (set_csr(h, CSR_PMPADDR0 + k, in->pmpaddr[k]) < 0)
            return -1;
    return set_csr(h, CSR_PMPCFG0, in->pmpcfg0) | set_csr(h, CSR_MTVEC, in->mtvec) |
           set_csr(h, CSR_MENVCFG, in->menvcfg) | set_csr(h, CSR_SENVCFG, in->senvcfg) |
           set_csr(h, CSR_MCOUNTEREN, in->mcounteren) | set_csr(h, CSR_SCOUNTEREN, in->scounteren) |
           set_csr(h, CSR_SATP, in->satp) | set_csr(h, CSR_MSTATUS, in->mstatus) |
           set_csr(h, CSR_FCSR, in->fcsr);
}

int gen_install(const struct gen_program *p, struct ls_side *s)
{
    struct hart *h = s->h;
    if (ls_side_poke(s, GEN_HANDLER, p->handler, GEN_PAGE) < 0 ||
        ls_side_poke(s, GEN_CODE, p->code, GEN_CODE_SIZE) < 0 ||
        ls_side_poke(s, GEN_PT, p->pt, sizeof(p->pt)) < 0 ||
        ls_side_poke(s, GEN_DATA, p->data, GEN_DATA_SIZE) < 0)
        return -1;
    h->priv = PRV_M;
    if (install_csrs(h, &p->init) < 0)
        return -1;
    memcpy(h->x, p->init.x, sizeof(h->x));
    h->x[0] = 0;
    memcpy(h->f, p->init.f, sizeof(h->f));
    h->pc = p->init.pc;
    h->priv = p->init.priv;
    hart_update_mmu_idx(h);
    hart_flush_tlb(h);
    return 0;
}
