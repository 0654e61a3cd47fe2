/* SPDX-License-Identifier: MIT */
/* x86-64 encoder core: the emission buffer, the generic instruction builder (SDM Vol. 2 ch. 2:
 * legacy prefixes, REX, VEX, ModRM, SIB, displacement, immediate), control flow, labels and
 * patching. The instruction functions live in emit_int.c and emit_sse.c. */
#include "tcg/x86_64/emit_enc.h"

#include <string.h>

/* One instruction being assembled: at most 15 bytes (SDM Vol. 2 2.3.11),
 * straight into the buffer when 16 bytes fit there (the bytes are then
 * written once, and no wide copy reads them back before they reach the
 * cache), else into scratch. */
#define X86_ENC_MAX 16

struct x86_enc {
    uint8_t *bytes;
    uint8_t scratch[X86_ENC_MAX];
    unsigned n;
    int rip_field; /* offset of a RIP-relative disp32 still to fill, or -1 */
    uintptr_t rip_target;
};

void x86_buf_init(struct x86_buf *b, void *mem, size_t size)
{
    b->start = b->p = mem;
    b->end = b->start + size;
    b->overflow = false;
    b->exec_delta = 0;
}

static void put8(struct x86_enc *e, unsigned v)
{
    ASSERT(e->n < X86_ENC_MAX);
    e->bytes[e->n++] = (uint8_t)v;
}

static void put_le(struct x86_enc *e, uint64_t v, unsigned len)
{
    for (unsigned i = 0; i < len; i++)
        put8(e, (uint8_t)(v >> (8 * i)));
}

static void put_opcode(struct x86_enc *e, uint32_t opc)
{
    for (unsigned i = opc >> 24; i-- > 0;)
        put8(e, (uint8_t)(opc >> (8 * i)));
}

static void write_le32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t read_le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Place the instruction in the buffer, filling in a RIP-relative displacement now that the
 * instruction's length (and so the next instruction's address) is known. */
static uint8_t *commit(struct x86_buf *b, struct x86_enc *e)
{
    if (b->overflow || (size_t)(b->end - b->p) < e->n) {
        b->overflow = true;
        return NULL;
    }
    if (e->rip_field >= 0) {
        int64_t disp = (int64_t)(e->rip_target - ((uintptr_t)x86_buf_pc(b) + e->n));
        ASSERT(x86_fits32(disp));
        write_le32(e->bytes + e->rip_field, (uint32_t)disp);
    }
    uint8_t *insn = b->p;
    if (e->bytes != insn)
        memcpy(insn, e->bytes, e->n);
    b->p += e->n;
    return insn;
}

static bool is_reg(int r) { return r >= 0 && r < 16; }
static bool is_low_byte_reg_needing_rex(int r) { return r >= 4 && r < 8; }

unsigned x86_enc_sz(enum x86_size sz)
{
    switch (sz) {
    case X86_8: return X86_ENC_BREG | X86_ENC_BRM;
    case X86_16: return X86_ENC_66;
    case X86_32: return 0;
    case X86_64: return X86_ENC_W;
    }
    ASSERT(!"bad operand size");
    return 0;
}

void x86_check_size(enum x86_size sz, unsigned allowed_mask)
{
    ASSERT((sz == X86_8 || sz == X86_16 || sz == X86_32 || sz == X86_64) &&
           (allowed_mask & X86_SZ_MASK(sz)));
}

void x86_check_imm(enum x86_size sz, int64_t imm)
{
    if (sz == X86_64) {
        ASSERT(x86_fits32(imm));
        return;
    }
    int64_t lo = -(INT64_C(1) << (8 * sz - 1)), hi = (INT64_C(1) << (8 * sz)) - 1;
    ASSERT(imm >= lo && imm <= hi);
}

/* Legacy prefixes, then REX (SDM Vol. 2 2.2.1) when any of its bits is set or forced. */
static void put_prefixes(struct x86_enc *e, unsigned flags, unsigned rex, bool force_rex)
{
    if (flags & X86_ENC_66) /* prefix order is free; this is the one GNU as uses */
        put8(e, 0x66);
    if (flags & X86_ENC_LOCK)
        put8(e, 0xf0);
    if (flags & X86_ENC_F3)
        put8(e, 0xf3);
    if (flags & X86_ENC_F2)
        put8(e, 0xf2);
    if (flags & X86_ENC_W)
        rex |= 8;
    if (rex || force_rex)
        put8(e, 0x40 | rex);
}

static void enc_init(struct x86_enc *e, const struct x86_buf *b)
{
    e->bytes = !b->overflow && (size_t)(b->end - b->p) >= X86_ENC_MAX ? b->p : e->scratch;
    e->n = 0;
    e->rip_field = -1;
    e->rip_target = 0;
}

static unsigned scale_bits(unsigned scale)
{
    switch (scale) {
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    case 8: return 3;
    }
    ASSERT(!"bad SIB scale");
    return 0;
}

static void put_sib(struct x86_enc *e, unsigned scale, int index, unsigned base_low)
{
    unsigned idx = index == X86_NOREG ? 4 : (unsigned)index & 7;
    put8(e, scale_bits(scale) << 6 | idx << 3 | base_low);
}

/* ModRM (+SIB, +displacement) for a memory operand (SDM Vol. 2 tables 2-2 and 2-3): rm=100
 * means a SIB follows, so RSP/R12 bases need one; mod=00 with rm=101 means RIP+disp32, and base
 * 101 in a SIB means no base, so RBP/R13 bases always carry a displacement (disp8 0). */
static void put_mem(struct x86_enc *e, unsigned reg, const struct x86_mem *m)
{
    ASSERT(m->index == X86_NOREG || (is_reg(m->index) && m->index != X86_RSP));
    reg &= 7;
    if (m->base == X86_RIP) {
        ASSERT(m->index == X86_NOREG);
        put8(e, reg << 3 | 5);
        e->rip_field = (int)e->n;
        e->rip_target = (uintptr_t)m->target + (uintptr_t)(intptr_t)m->disp;
        put_le(e, 0, 4);
        return;
    }
    if (m->base == X86_NOREG) {
        put8(e, reg << 3 | 4);
        put_sib(e, m->scale, m->index, 5);
        put_le(e, (uint32_t)m->disp, 4);
        return;
    }
    ASSERT(is_reg(m->base));
    unsigned base = (unsigned)m->base & 7;
    unsigned mod = (m->disp == 0 && base != 5) ? 0 : x86_fits8(m->disp) ? 1 : 2;
    if (m->index == X86_NOREG && base != 4) {
        put8(e, mod << 6 | reg << 3 | base);
    } else {
        put8(e, mod << 6 | reg << 3 | 4);
        put_sib(e, m->scale, m->index, base);
    }
    put_le(e, (uint32_t)m->disp, mod == 0 ? 0 : mod == 1 ? 1 : 4);
}

uint8_t *x86_enc_r(struct x86_buf *b, unsigned flags, uint32_t opc, int reg, int rm, int64_t imm,
                   unsigned imm_len)
{
    struct x86_enc e;
    ASSERT(is_reg(reg) && is_reg(rm));
    bool force = ((flags & X86_ENC_BREG) && is_low_byte_reg_needing_rex(reg)) ||
                 ((flags & X86_ENC_BRM) && is_low_byte_reg_needing_rex(rm));
    enc_init(&e, b);
    put_prefixes(&e, flags, (unsigned)(reg >> 3) << 2 | (unsigned)(rm >> 3), force);
    put_opcode(&e, opc);
    put8(&e, 0xc0 | (reg & 7) << 3 | (rm & 7));
    put_le(&e, (uint64_t)imm, imm_len);
    return commit(b, &e);
}

uint8_t *x86_enc_m(struct x86_buf *b, unsigned flags, uint32_t opc, int reg, struct x86_mem m,
                   int64_t imm, unsigned imm_len)
{
    struct x86_enc e;
    ASSERT(is_reg(reg));
    unsigned rex = (unsigned)(reg >> 3) << 2;
    if (m.index != X86_NOREG)
        rex |= (unsigned)(m.index >> 3 & 1) << 1;
    if (is_reg(m.base))
        rex |= (unsigned)(m.base >> 3);
    enc_init(&e, b);
    put_prefixes(&e, flags, rex, (flags & X86_ENC_BREG) && is_low_byte_reg_needing_rex(reg));
    put_opcode(&e, opc);
    put_mem(&e, (unsigned)reg, &m);
    put_le(&e, (uint64_t)imm, imm_len);
    return commit(b, &e);
}

uint8_t *x86_enc_o(struct x86_buf *b, unsigned flags, uint32_t opc, int reg, int64_t imm,
                   unsigned imm_len)
{
    struct x86_enc e;
    ASSERT(is_reg(reg));
    enc_init(&e, b);
    put_prefixes(&e, flags, (unsigned)reg >> 3,
                 (flags & X86_ENC_BREG) && is_low_byte_reg_needing_rex(reg));
    put_opcode(&e, opc + (unsigned)(reg & 7));
    put_le(&e, (uint64_t)imm, imm_len);
    return commit(b, &e);
}

/* SDM Vol. 2 2.3.5: the three-byte C4 form (valid for every map; the shorter C5 form only
 * exists for map 0F, which no instruction here uses). R, X, B and vvvv are stored inverted. */
uint8_t *x86_enc_vex(struct x86_buf *b, unsigned flags, unsigned map, uint8_t opc, int reg,
                     int vvvv, int rm, int64_t imm, unsigned imm_len)
{
    struct x86_enc e;
    ASSERT(is_reg(reg) && is_reg(vvvv) && is_reg(rm));
    unsigned pp = (flags & X86_ENC_66)   ? 1
                  : (flags & X86_ENC_F3) ? 2
                  : (flags & X86_ENC_F2) ? 3
                                         : 0;
    unsigned w = (flags & X86_ENC_W) ? 1 : 0;
    unsigned nr = (unsigned)(reg >> 3) ^ 1, nb = (unsigned)(rm >> 3) ^ 1;
    enc_init(&e, b);
    put8(&e, 0xc4);
    put8(&e, nr << 7 | 1u << 6 | nb << 5 | map);
    put8(&e, w << 7 | ((unsigned)~vvvv & 15) << 3 | pp);
    put8(&e, opc);
    put8(&e, 0xc0 | (reg & 7) << 3 | (rm & 7));
    put_le(&e, (uint64_t)imm, imm_len);
    return commit(b, &e);
}

uint8_t *x86_enc_raw(struct x86_buf *b, const uint8_t *bytes, unsigned len)
{
    struct x86_enc e;
    ASSERT(len <= X86_ENC_MAX);
    enc_init(&e, b);
    memcpy(e.bytes, bytes, len);
    e.n = len;
    return commit(b, &e);
}

/* ---- simple control flow ---- */

void x86_ret(struct x86_buf *b) { x86_enc_raw(b, (const uint8_t[]){0xc3}, 1); }
void x86_int3(struct x86_buf *b) { x86_enc_raw(b, (const uint8_t[]){0xcc}, 1); }
void x86_ud2(struct x86_buf *b) { x86_enc_raw(b, (const uint8_t[]){0x0f, 0x0b}, 2); }
void x86_jmp_r(struct x86_buf *b, int r) { x86_enc_r(b, 0, X86_OP1(0xff), 4, r, 0, 0); }
void x86_jmp_m(struct x86_buf *b, struct x86_mem m) { x86_enc_m(b, 0, X86_OP1(0xff), 4, m, 0, 0); }
void x86_call_r(struct x86_buf *b, int r) { x86_enc_r(b, 0, X86_OP1(0xff), 2, r, 0, 0); }
void x86_call_m(struct x86_buf *b, struct x86_mem m) { x86_enc_m(b, 0, X86_OP1(0xff), 2, m, 0, 0); }

/* The SDM's recommended multi-byte NOPs (NOP, "Recommended Multi-Byte Sequence"): 0F 1F /0
 * with ever longer addressing forms, 66 for the odd lengths. */
static const uint8_t nop_seq[9][9] = {
    {0x90},
    {0x66, 0x90},
    {0x0f, 0x1f, 0x00},
    {0x0f, 0x1f, 0x40, 0x00},
    {0x0f, 0x1f, 0x44, 0x00, 0x00},
    {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
    {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
    {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
};

void x86_nop(struct x86_buf *b, unsigned len)
{
    while (len > 0) {
        unsigned n = len < 9 ? len : 9;
        x86_enc_raw(b, nop_seq[n - 1], n);
        len -= n;
    }
}

void x86_align(struct x86_buf *b, unsigned align)
{
    ASSERT(align && (align & (align - 1)) == 0);
    x86_nop(b, (unsigned)(-(uintptr_t)b->p & (align - 1)));
}

uint8_t *x86_data(struct x86_buf *b, const void *data, size_t len)
{
    if (b->overflow || (size_t)(b->end - b->p) < len) {
        b->overflow = true;
        return NULL;
    }
    uint8_t *at = b->p;
    memcpy(at, data, len);
    b->p += len;
    return at;
}

/* ---- relative branches ---- */

/* Opcode plus an 8- or 32-bit displacement, already computed. Returns the instruction. */
static uint8_t *emit_rel(struct x86_buf *b, uint32_t opc, int32_t disp, unsigned disp_len)
{
    struct x86_enc e;
    enc_init(&e, b);
    put_opcode(&e, opc);
    put_le(&e, (uint32_t)disp, disp_len);
    return commit(b, &e);
}

/* Displacement from the end of an instruction of len bytes starting at the current position
 * to target; NULL means the next instruction. */
static int64_t rel_disp(const struct x86_buf *b, const void *target, unsigned len)
{
    if (!target)
        return 0;
    return (int64_t)((uintptr_t)target - ((uintptr_t)x86_buf_pc(b) + len));
}

static uint32_t jcc8(enum x86_cond cc) { return X86_OP1(0x70 + (cc & 15)); }
static uint32_t jcc32(enum x86_cond cc) { return X86_OP2(0x0f, 0x80 + (cc & 15)); }

/* A rel32 branch of len bytes whose field ends the instruction. Returns the field. */
static uint8_t *emit_rel32(struct x86_buf *b, uint32_t opc, unsigned len, const void *target)
{
    int64_t disp = rel_disp(b, target, len);
    if (!x86_fits32(disp))
        return NULL;
    uint8_t *insn = emit_rel(b, opc, (int32_t)disp, 4);
    return insn ? insn + len - 4 : NULL;
}

uint8_t *x86_jmp_rel32(struct x86_buf *b, const void *target)
{
    return emit_rel32(b, X86_OP1(0xe9), 5, target);
}

uint8_t *x86_jcc_rel32(struct x86_buf *b, enum x86_cond cc, const void *target)
{
    return emit_rel32(b, jcc32(cc), 6, target);
}

uint8_t *x86_call_rel32(struct x86_buf *b, const void *target)
{
    return emit_rel32(b, X86_OP1(0xe8), 5, target);
}

static int jump_shortest(struct x86_buf *b, uint32_t op8, uint32_t op32, unsigned len32,
                         const void *target)
{
    int64_t d8 = rel_disp(b, target, 2);
    if (target && x86_fits8(d8)) {
        emit_rel(b, op8, (int32_t)d8, 1);
        return 0;
    }
    return (emit_rel32(b, op32, len32, target) || b->overflow) ? 0 : -1;
}

int x86_jmp(struct x86_buf *b, const void *target)
{
    return jump_shortest(b, X86_OP1(0xeb), X86_OP1(0xe9), 5, target);
}

int x86_jcc(struct x86_buf *b, enum x86_cond cc, const void *target)
{
    return jump_shortest(b, jcc8(cc), jcc32(cc), 6, target);
}

uint8_t *x86_jmp_patchable(struct x86_buf *b, const void *target)
{
    /* The field starts one byte into the jmp; NOPs do not move the target. */
    x86_nop(b, (unsigned)(-((uintptr_t)b->p + 1) & 3));
    return x86_jmp_rel32(b, target);
}

void x86_call(struct x86_buf *b, const void *target, int scratch)
{
    if (x86_call_rel32(b, target) || b->overflow)
        return;
    x86_movabs(b, scratch, (uint64_t)(uintptr_t)target);
    x86_call_r(b, scratch);
}

/* ---- patching ---- */

uint8_t *x86_jmp_rel32_at(uint8_t *site)
{
    if (site[0] == 0xe9 || site[0] == 0xe8)
        return site + 1;
    if (site[0] == 0x0f && (site[1] & 0xf0) == 0x80)
        return site + 2;
    return NULL;
}

int x86_patch_rel32(uint8_t *field, const void *target)
{
    int64_t disp = (int64_t)((uintptr_t)target - ((uintptr_t)field + 4));
    if (!x86_fits32(disp))
        return -1;
    /* An aligned 4-byte store is atomic on x86, so a thread running this code sees the old or
     * the new target, never a mix (this backend runs on little-endian x86-64 only). */
    if (((uintptr_t)field & 3) == 0)
        __atomic_store_n((uint32_t *)(void *)field, (uint32_t)disp, __ATOMIC_RELEASE);
    else
        write_le32(field, (uint32_t)disp);
    return 0;
}

/* ---- labels ---- */

void x86_label_init(struct x86_label *l)
{
    l->pos = l->rel32_head = l->rel8_head = NULL;
    l->broken = false;
}

/* A pending rel32 field holds the distance back to the previous pending field (0: none). */
static void label_use32(struct x86_label *l, uint8_t *field)
{
    if (!field)
        return;
    if (l->pos) {
        write_le32(field, (uint32_t)(l->pos - (field + 4)));
        return;
    }
    write_le32(field, l->rel32_head ? (uint32_t)(field - l->rel32_head) : 0);
    l->rel32_head = field;
}

/* A pending rel8 field holds the distance back likewise (1-255); sites further apart than that
 * could not both reach the label anyway. */
static void label_use8(struct x86_label *l, uint8_t *field)
{
    ptrdiff_t link = l->rel8_head ? field - l->rel8_head : 0;
    if (link > 255) {
        l->broken = true;
        link = 0;
    }
    *field = (uint8_t)link;
    l->rel8_head = field;
}

/* A branch to l: a short one (opc8, 2 bytes) if l is bound within reach or `force8`, else
 * opc32 (len32 bytes). */
static void branch_label(struct x86_buf *b, struct x86_label *l, uint32_t opc8, uint32_t opc32,
                         unsigned len32, bool force8)
{
    if (l->pos) {
        ptrdiff_t d8 = l->pos - (b->p + 2);
        if (x86_fits8(d8)) {
            emit_rel(b, opc8, (int32_t)d8, 1);
            return;
        }
        ASSERT(!force8);
    } else if (force8) {
        uint8_t *insn = emit_rel(b, opc8, 0, 1);
        if (insn)
            label_use8(l, insn + 1);
        return;
    }
    uint8_t *insn = emit_rel(b, opc32, 0, 4);
    label_use32(l, insn ? insn + len32 - 4 : NULL);
}

void x86_jmp_label(struct x86_buf *b, struct x86_label *l)
{
    branch_label(b, l, X86_OP1(0xeb), X86_OP1(0xe9), 5, false);
}

void x86_jcc_label(struct x86_buf *b, enum x86_cond cc, struct x86_label *l)
{
    branch_label(b, l, jcc8(cc), jcc32(cc), 6, false);
}

void x86_jmp_label8(struct x86_buf *b, struct x86_label *l)
{
    branch_label(b, l, X86_OP1(0xeb), X86_OP1(0xe9), 5, true);
}

void x86_jcc_label8(struct x86_buf *b, enum x86_cond cc, struct x86_label *l)
{
    branch_label(b, l, jcc8(cc), jcc32(cc), 6, true);
}

void x86_lea_label(struct x86_buf *b, int dst, struct x86_label *l)
{
    /* REX.W 8D ModRM disp32: always 7 bytes, the rel32 field last. */
    uint8_t *insn =
        x86_enc_m(b, X86_ENC_W, X86_OP1(0x8d), dst, x86_mem_rip(x86_buf_pc(b) + 7), 0, 0);
    label_use32(l, insn ? insn + 3 : NULL);
}

int x86_label_bind(struct x86_buf *b, struct x86_label *l)
{
    ASSERT(!l->pos);
    int ret = l->broken ? -1 : 0;
    l->pos = b->p;
    for (uint8_t *f = l->rel32_head; f;) {
        uint32_t link = read_le32(f);
        write_le32(f, (uint32_t)(l->pos - (f + 4)));
        f = link ? f - link : NULL;
    }
    for (uint8_t *f = l->rel8_head; f;) {
        uint8_t link = *f;
        ptrdiff_t d = l->pos - (f + 1);
        if (x86_fits8(d))
            *f = (uint8_t)d;
        else
            ret = -1;
        f = link ? f - link : NULL;
    }
    l->rel32_head = l->rel8_head = NULL;
    l->broken = false;
    return ret;
}
