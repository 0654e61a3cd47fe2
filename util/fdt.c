/* SPDX-License-Identifier: MIT */
/* Flattened devicetree builder, validator, reader and patcher (Devicetree Spec v0.4 ch. 5).
 * One file past 1,000 lines on purpose: all four share fdt_next(), the bounds-checked token
 * reader that is the only code reading a structure block. The tree's content is the board's. */
#include "fdt.h"
#include "util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FDT_BUF_MAX        0x3fffffffu /* per block, so header fields and totalsize fit 32 bits */
#define FDT_RSV_ENTRY_SIZE 16u
#define FDT_ERR_MAX        192
#define FDT_PATH_NAME_MAX  256

struct fdt_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
};

/* An open node: where its FDT_BEGIN_NODE token is and where its body starts. */
struct fdt_open {
    size_t begin;
    size_t body;
};

struct fdt {
    struct fdt_buf dt;  /* structure block, without the final FDT_END */
    struct fdt_buf str; /* strings block */
    struct fdt_buf rsv; /* reservation entries, without the terminating entry */
    struct fdt_open *open;
    size_t open_cap;
    unsigned depth;
    bool root_done;
    bool failed;
    uint32_t last_token;
    uint32_t next_phandle;
    char err[FDT_ERR_MAX];
};

/* A position in a structure block and the strings block its names refer to. */
struct fdt_cursor {
    const uint8_t *dt;
    size_t dt_size;
    const uint8_t *str;
    size_t str_size;
    size_t pos;
};

struct fdt_token {
    uint32_t tag;
    size_t off;          /* of the token in the structure block */
    const char *name;    /* FDT_BEGIN_NODE and FDT_PROP */
    const uint8_t *data; /* FDT_PROP value */
    uint32_t len;
    uint32_t nameoff;
};

/* Header fields of a blob, in host order. */
struct fdt_hdr {
    uint32_t totalsize;
    uint32_t off_dt_struct;
    uint32_t off_dt_strings;
    uint32_t off_mem_rsvmap;
    uint32_t version;
    uint32_t last_comp_version;
    uint32_t size_dt_strings;
    uint32_t size_dt_struct;
};

/* ---- bytes and messages ---- */

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get_be64(const uint8_t *p) { return (uint64_t)get_be32(p) << 32 | get_be32(p + 4); }

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

static size_t align4(size_t n) { return (n + 3) & ~(size_t)3; }

static int PRINTF_LIKE(3, 4) set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Records the builder's first error; later ones are consequences and are dropped. */
static int PRINTF_LIKE(2, 3) fdt_fail(struct fdt *f, const char *fmt, ...)
{
    va_list ap;

    if (!f->failed) {
        f->failed = true;
        va_start(ap, fmt);
        vsnprintf(f->err, sizeof(f->err), fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---- growable buffers ---- */

static int buf_reserve(struct fdt_buf *b, size_t extra)
{
    size_t need, cap;
    uint8_t *p;

    if (extra > FDT_BUF_MAX - b->len)
        return -1;
    need = b->len + extra;
    if (need <= b->cap)
        return 0;
    for (cap = b->cap ? b->cap : 256; cap < need; cap *= 2)
        ;
    p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

/* Appends n bytes (zeros when data is NULL); returns -1 when too big or out of memory. */
static int buf_append(struct fdt_buf *b, const void *data, size_t n)
{
    if (buf_reserve(b, n) < 0)
        return -1;
    if (data)
        memcpy(b->data + b->len, data, n);
    else
        memset(b->data + b->len, 0, n);
    b->len += n;
    return 0;
}

static int buf_append_be32(struct fdt_buf *b, uint32_t v)
{
    uint8_t w[4];

    put_be32(w, v);
    return buf_append(b, w, sizeof(w));
}

static int buf_pad4(struct fdt_buf *b) { return buf_append(b, NULL, align4(b->len) - b->len); }

/* ---- token reader (shared by the builder's own checks and the blob reader) ---- */

static int next_begin(struct fdt_cursor *c, struct fdt_token *t, size_t pos, char *err,
                      size_t errlen)
{
    const uint8_t *nul = memchr(c->dt + pos, 0, c->dt_size - pos);

    if (!nul)
        return set_err(err, errlen,
                       "node name at structure offset %zu is not "
                       "NUL-terminated inside the structure block",
                       t->off);
    t->name = (const char *)(c->dt + pos);
    pos = align4((size_t)(nul - c->dt) + 1);
    if (pos > c->dt_size)
        return set_err(err, errlen,
                       "padding of node name at structure offset %zu runs "
                       "past the structure block",
                       t->off);
    c->pos = pos;
    return 0;
}

static int next_prop(struct fdt_cursor *c, struct fdt_token *t, size_t pos, char *err,
                     size_t errlen)
{
    if (c->dt_size - pos < 8)
        return set_err(err, errlen,
                       "property header at structure offset %zu is "
                       "truncated",
                       t->off);
    t->len = get_be32(c->dt + pos);
    t->nameoff = get_be32(c->dt + pos + 4);
    pos += 8;
    if (t->len > c->dt_size - pos)
        return set_err(err, errlen,
                       "property value (%u bytes) at structure offset %zu "
                       "runs past the structure block",
                       t->len, t->off);
    if (t->nameoff >= c->str_size)
        return set_err(err, errlen,
                       "property name offset %u at structure offset %zu is "
                       "outside the strings block (%zu bytes)",
                       t->nameoff, t->off, c->str_size);
    if (!memchr(c->str + t->nameoff, 0, c->str_size - t->nameoff))
        return set_err(err, errlen,
                       "property name at strings offset %u is not "
                       "NUL-terminated inside the strings block",
                       t->nameoff);
    t->name = (const char *)(c->str + t->nameoff);
    t->data = c->dt + pos;
    pos = align4(pos + t->len);
    if (pos > c->dt_size)
        return set_err(err, errlen,
                       "padding of property at structure offset %zu runs "
                       "past the structure block",
                       t->off);
    c->pos = pos;
    return 0;
}

/* Reads the token at c->pos and advances past it and its data (DT spec 5.4.1). */
static int fdt_next(struct fdt_cursor *c, struct fdt_token *t, char *err, size_t errlen)
{
    size_t pos = c->pos;

    memset(t, 0, sizeof(*t));
    if (pos > c->dt_size || c->dt_size - pos < 4)
        return set_err(err, errlen, "structure block ends without FDT_END");
    t->off = pos;
    t->tag = get_be32(c->dt + pos);
    pos += 4;
    switch (t->tag) {
    case FDT_BEGIN_NODE: return next_begin(c, t, pos, err, errlen);
    case FDT_PROP: return next_prop(c, t, pos, err, errlen);
    case FDT_END_NODE:
    case FDT_NOP:
    case FDT_END: c->pos = pos; return 0;
    default:
        return set_err(err, errlen, "unknown token 0x%08x at structure offset %zu", t->tag, t->off);
    }
}

/* ---- builder ---- */

struct fdt *fdt_create(void)
{
    struct fdt *f = calloc(1, sizeof(*f));

    if (f)
        f->next_phandle = 1;
    return f;
}

void fdt_free(struct fdt *f)
{
    if (!f)
        return;
    free(f->dt.data);
    free(f->str.data);
    free(f->rsv.data);
    free(f->open);
    free(f);
}

const char *fdt_error(const struct fdt *f) { return f->err; }

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != 0 && strchr(",._+-", c));
}

static bool name_chars_ok(const char *s, size_t n, const char *extra)
{
    for (size_t i = 0; i < n; i++)
        if (!is_name_char(s[i]) && !strchr(extra, s[i]))
            return false;
    return true;
}

/* DT spec 2.2.1: node-name[@unit-address], node-name 1-31 chars starting with a letter. */
static bool node_name_ok(const char *name)
{
    const char *at = strchr(name, '@');
    size_t base = at ? (size_t)(at - name) : strlen(name);
    char c = name[0];

    if (base == 0 || base > FDT_NAME_MAX || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        return false;
    if (!name_chars_ok(name, base, ""))
        return false;
    return !at || (at[1] && name_chars_ok(at + 1, strlen(at + 1), ""));
}

/* DT spec 2.2.4.1: 1-31 chars from the node-name set plus '?' and '#'. */
static bool prop_name_ok(const char *name)
{
    size_t n = strlen(name);

    return n >= 1 && n <= FDT_NAME_MAX && name_chars_ok(name, n, "?#");
}

/* A cursor over the builder's own blocks, starting at pos. */
static struct fdt_cursor builder_cursor(const struct fdt *f, size_t pos)
{
    struct fdt_cursor c = {f->dt.data, f->dt.len, f->str.data, f->str.len, pos};

    return c;
}

/* Does the innermost open node already have a child called name? */
static bool has_child(const struct fdt *f, const char *name)
{
    struct fdt_cursor c = builder_cursor(f, f->open[f->depth - 1].body);
    struct fdt_token t;
    unsigned level = 0;

    while (c.pos < c.dt_size && fdt_next(&c, &t, NULL, 0) == 0) {
        if (t.tag == FDT_BEGIN_NODE && level++ == 0 && strcmp(t.name, name) == 0)
            return true;
        if (t.tag == FDT_END_NODE)
            level--;
    }
    return false;
}

/* Does the innermost open node already have a property with this name offset? Only its
 * own properties follow its body start: a property after a child is refused earlier. */
static bool has_prop(const struct fdt *f, uint32_t nameoff)
{
    struct fdt_cursor c = builder_cursor(f, f->open[f->depth - 1].body);
    struct fdt_token t;

    while (c.pos < c.dt_size && fdt_next(&c, &t, NULL, 0) == 0)
        if (t.tag == FDT_PROP && t.nameoff == nameoff)
            return true;
    return false;
}

static int push_open(struct fdt *f, size_t begin)
{
    struct fdt_open *p;
    size_t cap;

    if (f->depth == f->open_cap) {
        cap = f->open_cap ? f->open_cap * 2 : 16;
        p = realloc(f->open, cap * sizeof(*p));
        if (!p)
            return -1;
        f->open = p;
        f->open_cap = cap;
    }
    f->open[f->depth].begin = begin;
    f->open[f->depth].body = f->dt.len;
    f->depth++;
    return 0;
}

/* Opens a node without checking its name's syntax (also used to copy foreign blobs). */
static int emit_begin(struct fdt *f, const char *name)
{
    size_t begin = f->dt.len;

    if (f->failed)
        return -1;
    if (f->depth == 0 && f->root_done)
        return fdt_fail(f, "node \"%s\": the root node is already closed", name);
    if (f->depth > 0 && has_child(f, name))
        return fdt_fail(f, "duplicate node \"%s\"", name);
    if (buf_append_be32(&f->dt, FDT_BEGIN_NODE) < 0 ||
        buf_append(&f->dt, name, strlen(name) + 1) < 0 || buf_pad4(&f->dt) < 0 ||
        push_open(f, begin) < 0)
        return fdt_fail(f, "node \"%s\": out of memory or tree too large", name);
    f->last_token = FDT_BEGIN_NODE;
    return 0;
}

int fdt_begin_node(struct fdt *f, const char *name)
{
    if (f->failed)
        return -1;
    if (f->depth == 0 && name[0])
        return fdt_fail(f, "node \"%s\" outside the root node", name);
    if (f->depth > 0 && !node_name_ok(name))
        return fdt_fail(f, "invalid node name \"%s\" (DT spec 2.2.1)", name);
    return emit_begin(f, name);
}

int fdt_end_node(struct fdt *f)
{
    if (f->failed)
        return -1;
    if (f->depth == 0)
        return fdt_fail(f, "fdt_end_node with no open node");
    if (buf_append_be32(&f->dt, FDT_END_NODE) < 0)
        return fdt_fail(f, "out of memory or tree too large");
    f->depth--;
    f->root_done = f->depth == 0;
    f->last_token = FDT_END_NODE;
    return 0;
}

/* Finds name in the strings block or appends it (DT spec 5.5); names are shared. */
static int str_intern(struct fdt *f, const char *name, uint32_t *nameoff)
{
    size_t n = strlen(name) + 1;
    size_t off = 0;

    while (off < f->str.len) {
        const char *s = (const char *)f->str.data + off;
        size_t sn = strlen(s) + 1;

        if (sn == n && memcmp(s, name, n) == 0) {
            *nameoff = (uint32_t)off;
            return 0;
        }
        off += sn;
    }
    if (buf_append(&f->str, name, n) < 0)
        return -1;
    *nameoff = (uint32_t)off;
    return 0;
}

/* Adds a property without checking its name's syntax (also used to copy foreign blobs). */
static int emit_prop(struct fdt *f, const char *name, const void *data, size_t len)
{
    uint32_t nameoff;

    if (f->failed)
        return -1;
    if (f->depth == 0)
        return fdt_fail(f, "property \"%s\" outside any node", name);
    if (f->last_token == FDT_END_NODE)
        return fdt_fail(f, "property \"%s\" after child nodes (DT spec 5.4.2)", name);
    if (len > FDT_BUF_MAX || str_intern(f, name, &nameoff) < 0)
        return fdt_fail(f, "property \"%s\": out of memory or tree too large", name);
    if (has_prop(f, nameoff))
        return fdt_fail(f, "duplicate property \"%s\"", name);
    if (buf_append_be32(&f->dt, FDT_PROP) < 0 || buf_append_be32(&f->dt, (uint32_t)len) < 0 ||
        buf_append_be32(&f->dt, nameoff) < 0 || buf_append(&f->dt, data, len) < 0 ||
        buf_pad4(&f->dt) < 0)
        return fdt_fail(f, "property \"%s\": out of memory or tree too large", name);
    f->last_token = FDT_PROP;
    return 0;
}

int fdt_prop(struct fdt *f, const char *name, const void *data, size_t len)
{
    if (f->failed)
        return -1;
    if (!prop_name_ok(name))
        return fdt_fail(f, "invalid property name \"%s\" (DT spec 2.2.4.1)", name);
    if (len && !data)
        return fdt_fail(f, "property \"%s\": no data", name);
    return emit_prop(f, name, len ? data : NULL, len);
}

int fdt_prop_empty(struct fdt *f, const char *name) { return fdt_prop(f, name, NULL, 0); }

int fdt_prop_u32(struct fdt *f, const char *name, uint32_t v)
{
    return fdt_prop_cells(f, name, &v, 1);
}

int fdt_prop_u64(struct fdt *f, const char *name, uint64_t v)
{
    return fdt_prop_u64s(f, name, &v, 1);
}

/* Adds n values of width 4 or 8 bytes, each stored big-endian (DT spec 2.2.4.2). */
static int prop_be(struct fdt *f, const char *name, const void *vals, size_t n, size_t width)
{
    uint8_t *p;
    int r;

    if (f->failed)
        return -1;
    if (n > FDT_BUF_MAX / width || !(p = malloc(n * width + 1)))
        return fdt_fail(f, "property \"%s\": out of memory or too large", name);
    for (size_t i = 0; i < n; i++) {
        if (width == 4)
            put_be32(p + 4 * i, ((const uint32_t *)vals)[i]);
        else
            put_be64(p + 8 * i, ((const uint64_t *)vals)[i]);
    }
    r = fdt_prop(f, name, p, n * width);
    free(p);
    return r;
}

int fdt_prop_cells(struct fdt *f, const char *name, const uint32_t *cells, size_t n)
{
    return prop_be(f, name, cells, n, 4);
}

int fdt_prop_u64s(struct fdt *f, const char *name, const uint64_t *v, size_t n)
{
    return prop_be(f, name, v, n, 8);
}

int fdt_prop_string(struct fdt *f, const char *name, const char *s)
{
    return fdt_prop(f, name, s, strlen(s) + 1);
}

int fdt_prop_strings(struct fdt *f, const char *name, const char *const *list, size_t n)
{
    size_t total = 0, off = 0;
    char *p;
    int r;

    if (f->failed)
        return -1;
    for (size_t i = 0; i < n && total <= FDT_BUF_MAX; i++)
        total += strlen(list[i]) + 1;
    if (total > FDT_BUF_MAX || !(p = malloc(total + 1)))
        return fdt_fail(f, "property \"%s\": out of memory or too large", name);
    for (size_t i = 0; i < n; i++) {
        size_t sn = strlen(list[i]) + 1;

        memcpy(p + off, list[i], sn);
        off += sn;
    }
    r = fdt_prop(f, name, p, total);
    free(p);
    return r;
}

uint32_t fdt_alloc_phandle(struct fdt *f)
{
    if (f->failed)
        return 0;
    if (f->next_phandle == UINT32_MAX) {
        fdt_fail(f, "out of phandles");
        return 0;
    }
    return f->next_phandle++;
}

static int emit_reserved(struct fdt *f, uint64_t addr, uint64_t size)
{
    uint8_t e[FDT_RSV_ENTRY_SIZE];

    put_be64(e, addr);
    put_be64(e + 8, size);
    if (buf_append(&f->rsv, e, sizeof(e)) < 0)
        return fdt_fail(f, "reservation: out of memory");
    return 0;
}

/* DT spec 5.3.2: regions shall not overlap; a zero entry would end the list. */
int fdt_add_reserved(struct fdt *f, uint64_t addr, uint64_t size)
{
    if (f->failed)
        return -1;
    if (size == 0 || addr + size - 1 < addr)
        return fdt_fail(f, "reservation 0x%llx+0x%llx is empty or wraps", (unsigned long long)addr,
                        (unsigned long long)size);
    for (size_t off = 0; off < f->rsv.len; off += FDT_RSV_ENTRY_SIZE) {
        uint64_t a = get_be64(f->rsv.data + off), s = get_be64(f->rsv.data + off + 8);

        if (addr <= a + (s - 1) && a <= addr + (size - 1))
            return fdt_fail(f, "reservation 0x%llx+0x%llx overlaps 0x%llx+0x%llx",
                            (unsigned long long)addr, (unsigned long long)size,
                            (unsigned long long)a, (unsigned long long)s);
    }
    return emit_reserved(f, addr, size);
}

static void put_header(uint8_t *b, const struct fdt_hdr *h)
{
    put_be32(b + 0, FDT_MAGIC);
    put_be32(b + 4, h->totalsize);
    put_be32(b + 8, h->off_dt_struct);
    put_be32(b + 12, h->off_dt_strings);
    put_be32(b + 16, h->off_mem_rsvmap);
    put_be32(b + 20, h->version);
    put_be32(b + 24, h->last_comp_version);
    put_be32(b + 28, 0); /* boot_cpuid_phys */
    put_be32(b + 32, h->size_dt_strings);
    put_be32(b + 36, h->size_dt_struct);
}

/* Layout (DT spec 5.6): header, reservation map at 40 (8-aligned), structure block right
 * after it (a multiple of 16 bytes on, so 4-aligned), strings block last. */
int fdt_finish(struct fdt *f, void **blob, size_t *size)
{
    struct fdt_hdr h = {0};
    uint8_t *b;

    if (f->failed)
        return -1;
    if (f->depth > 0)
        return fdt_fail(f, "unbalanced tree: %u node(s) still open, innermost \"%s\"", f->depth,
                        (const char *)f->dt.data + f->open[f->depth - 1].begin + 4);
    if (!f->root_done)
        return fdt_fail(f, "empty tree: no root node");
    h.off_mem_rsvmap = FDT_HEADER_SIZE;
    h.off_dt_struct = h.off_mem_rsvmap + (uint32_t)f->rsv.len + FDT_RSV_ENTRY_SIZE;
    h.size_dt_struct = (uint32_t)f->dt.len + 4;
    h.off_dt_strings = h.off_dt_struct + h.size_dt_struct;
    h.size_dt_strings = (uint32_t)f->str.len;
    h.totalsize = h.off_dt_strings + h.size_dt_strings;
    h.version = FDT_VERSION;
    h.last_comp_version = FDT_LAST_COMP_VERSION;
    b = calloc(1, h.totalsize);
    if (!b)
        return fdt_fail(f, "out of memory for a %u-byte blob", h.totalsize);
    put_header(b, &h);
    if (f->rsv.len)
        memcpy(b + h.off_mem_rsvmap, f->rsv.data, f->rsv.len);
    memcpy(b + h.off_dt_struct, f->dt.data, f->dt.len);
    put_be32(b + h.off_dt_struct + f->dt.len, FDT_END);
    if (f->str.len)
        memcpy(b + h.off_dt_strings, f->str.data, f->str.len);
    *blob = b;
    *size = h.totalsize;
    return 0;
}

/* ---- reader ---- */

static void get_header(const uint8_t *b, struct fdt_hdr *h)
{
    h->totalsize = get_be32(b + 4);
    h->off_dt_struct = get_be32(b + 8);
    h->off_dt_strings = get_be32(b + 12);
    h->off_mem_rsvmap = get_be32(b + 16);
    h->version = get_be32(b + 20);
    h->last_comp_version = get_be32(b + 24);
    h->size_dt_strings = get_be32(b + 32);
    h->size_dt_struct = get_be32(b + 36);
}

static int check_block(const struct fdt_hdr *h, const char *what, uint32_t off, uint32_t size,
                       uint32_t align, char *err, size_t errlen)
{
    if (off < FDT_HEADER_SIZE)
        return set_err(err, errlen, "%s block offset %u overlaps the header", what, off);
    if (off % align)
        return set_err(err, errlen, "%s block offset %u is not %u-byte aligned", what, off, align);
    if ((uint64_t)off + size > h->totalsize)
        return set_err(err, errlen, "%s block (offset %u, %u bytes) extends past totalsize %u",
                       what, off, size, h->totalsize);
    return 0;
}

/* Header fields (DT spec 5.2) and block placement (5.4, 5.5, 5.6); size is what the
 * caller can read, so nothing past min(size, totalsize) is touched afterwards. */
static int parse_header(const uint8_t *b, size_t size, struct fdt_hdr *h, char *err, size_t errlen)
{
    if (size < FDT_HEADER_SIZE)
        return set_err(err, errlen, "blob is %zu bytes, smaller than the %u-byte header", size,
                       FDT_HEADER_SIZE);
    if (get_be32(b) != FDT_MAGIC)
        return set_err(err, errlen, "bad magic 0x%08x (expected 0x%08x)", get_be32(b), FDT_MAGIC);
    get_header(b, h);
    if (h->totalsize > size)
        return set_err(err, errlen, "totalsize %u exceeds the %zu bytes available", h->totalsize,
                       size);
    if (h->totalsize < FDT_HEADER_SIZE)
        return set_err(err, errlen, "totalsize %u is smaller than the header", h->totalsize);
    if (h->version < FDT_VERSION || h->last_comp_version > FDT_VERSION)
        return set_err(err, errlen,
                       "version %u (last compatible %u) is not compatible with "
                       "version 17",
                       h->version, h->last_comp_version);
    if (h->size_dt_struct % 4)
        return set_err(err, errlen, "size_dt_struct %u is not a multiple of 4", h->size_dt_struct);
    if (check_block(h, "structure", h->off_dt_struct, h->size_dt_struct, 4, err, errlen) < 0 ||
        check_block(h, "strings", h->off_dt_strings, h->size_dt_strings, 1, err, errlen) < 0 ||
        check_block(h, "reservation", h->off_mem_rsvmap, 0, 8, err, errlen) < 0)
        return -1;
    return 0;
}

/* Walks the reservation map to its terminating entry; returns its byte length or 0. */
static uint32_t rsvmap_size(const uint8_t *b, const struct fdt_hdr *h, char *err, size_t errlen)
{
    uint64_t off = h->off_mem_rsvmap;

    for (; off + FDT_RSV_ENTRY_SIZE <= h->totalsize; off += FDT_RSV_ENTRY_SIZE)
        if (get_be64(b + off) == 0 && get_be64(b + off + 8) == 0)
            return (uint32_t)(off + FDT_RSV_ENTRY_SIZE - h->off_mem_rsvmap);
    set_err(err, errlen, "reservation map at offset %u has no terminating entry",
            h->off_mem_rsvmap);
    return 0;
}

static bool overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
    return a < b + bn && b < a + an;
}

static int check_layout(const uint8_t *b, const struct fdt_hdr *h, char *err, size_t errlen)
{
    uint32_t rsv = rsvmap_size(b, h, err, errlen);

    if (rsv == 0)
        return -1;
    if (overlaps(h->off_mem_rsvmap, rsv, h->off_dt_struct, h->size_dt_struct) ||
        overlaps(h->off_mem_rsvmap, rsv, h->off_dt_strings, h->size_dt_strings))
        return set_err(err, errlen,
                       "reservation map (offset %u, %u bytes) overlaps another "
                       "block",
                       h->off_mem_rsvmap, rsv);
    if (overlaps(h->off_dt_struct, h->size_dt_struct, h->off_dt_strings, h->size_dt_strings))
        return set_err(err, errlen, "structure and strings blocks overlap");
    return 0;
}

static struct fdt_cursor blob_cursor(const uint8_t *b, const struct fdt_hdr *h)
{
    struct fdt_cursor c = {b + h->off_dt_struct, h->size_dt_struct, b + h->off_dt_strings,
                           h->size_dt_strings, 0};

    return c;
}

/* Nesting rules of DT spec 5.4.2 on top of the lexical ones fdt_next() enforces. */
static int check_token(const struct fdt_token *t, unsigned depth, bool root_seen, uint32_t prev,
                       char *err, size_t errlen)
{
    switch (t->tag) {
    case FDT_BEGIN_NODE:
        if (depth == 0 && root_seen)
            return set_err(err, errlen, "second root node at structure offset %zu", t->off);
        if (depth > 0 && !t->name[0])
            return set_err(err, errlen, "empty node name at structure offset %zu", t->off);
        return 0;
    case FDT_END_NODE:
        if (depth == 0)
            return set_err(err, errlen,
                           "FDT_END_NODE without an open node at structure "
                           "offset %zu",
                           t->off);
        return 0;
    case FDT_PROP:
        if (depth == 0)
            return set_err(err, errlen, "property outside any node at structure offset %zu",
                           t->off);
        if (prev == FDT_END_NODE)
            return set_err(err, errlen,
                           "property \"%s\" after child nodes at structure "
                           "offset %zu",
                           t->name, t->off);
        if (!t->name[0])
            return set_err(err, errlen, "empty property name at structure offset %zu", t->off);
        return 0;
    default: return 0;
    }
}

static int check_struct(struct fdt_cursor c, char *err, size_t errlen)
{
    struct fdt_token t;
    unsigned depth = 0;
    bool root_seen = false;
    uint32_t prev = FDT_NOP;

    for (;;) {
        if (fdt_next(&c, &t, err, errlen) < 0 ||
            check_token(&t, depth, root_seen, prev, err, errlen) < 0)
            return -1;
        if (t.tag == FDT_END)
            break;
        if (t.tag == FDT_BEGIN_NODE) {
            depth++;
            root_seen = true;
        } else if (t.tag == FDT_END_NODE) {
            depth--;
        }
        if (t.tag != FDT_NOP)
            prev = t.tag;
    }
    if (!root_seen || depth)
        return set_err(err, errlen, "FDT_END at structure offset %zu %s", t.off,
                       root_seen ? "inside an open node" : "before any root node");
    if (c.pos != c.dt_size)
        return set_err(err, errlen, "%zu bytes after FDT_END in the structure block",
                       c.dt_size - c.pos);
    return 0;
}

int fdt_check(const void *blob, size_t size, char *err, size_t errlen)
{
    const uint8_t *b = blob;
    struct fdt_hdr h;

    if (err && errlen)
        err[0] = 0;
    if (!blob)
        return set_err(err, errlen, "no blob");
    if (parse_header(b, size, &h, err, errlen) < 0 || check_layout(b, &h, err, errlen) < 0)
        return -1;
    return check_struct(blob_cursor(b, &h), err, errlen);
}

size_t fdt_blob_size(const void *blob) { return get_be32((const uint8_t *)blob + 4); }

/* Tracks a path ("/a/b@1") while walking the tree: the deepest node matched so far and the
 * next component to match. Matching only moves forward: once the matched node closes
 * without a match for the next component, the path is absent. */
struct fdt_walk {
    const char *comp; /* next component; comp_len == 0 once the whole path matched */
    size_t comp_len;
    unsigned level;  /* open nodes, root = 1 */
    unsigned mlevel; /* level of the deepest matched node */
    bool dead;
};

static void walk_advance(struct fdt_walk *w, const char *p)
{
    while (*p == '/')
        p++;
    w->comp = p;
    w->comp_len = strcspn(p, "/");
}

static bool walk_last_component(const struct fdt_walk *w)
{
    const char *p = w->comp + w->comp_len;

    while (*p == '/')
        p++;
    return w->comp_len && !*p;
}

static bool comp_matches(const char *node, const char *comp, size_t n)
{
    if (strncmp(node, comp, n) != 0)
        return false;
    return node[n] == 0 || (node[n] == '@' && !memchr(comp, '@', n));
}

static void walk_begin(struct fdt_walk *w, const char *name)
{
    w->level++;
    if (w->dead)
        return;
    if (w->level == 1) {
        w->mlevel = 1;
    } else if (w->comp_len && w->level == w->mlevel + 1 &&
               comp_matches(name, w->comp, w->comp_len)) {
        w->mlevel = w->level;
        walk_advance(w, w->comp + w->comp_len);
    }
}

static void walk_end(struct fdt_walk *w)
{
    if (w->level == w->mlevel)
        w->dead = true;
    w->level--;
}

static bool walk_at_target(const struct fdt_walk *w)
{
    return !w->dead && w->comp_len == 0 && w->mlevel > 0 && w->level == w->mlevel;
}

static int walk_init(struct fdt_walk *w, const char *path)
{
    memset(w, 0, sizeof(*w));
    if (path[0] != '/')
        return -1;
    walk_advance(w, path);
    return 0;
}

const void *fdt_get_prop(const void *blob, const char *path, const char *name, size_t *len)
{
    const uint8_t *b = blob;
    struct fdt_hdr h;
    struct fdt_cursor c;
    struct fdt_token t;
    struct fdt_walk w;

    if (!blob || get_be32(b) != FDT_MAGIC || walk_init(&w, path) < 0 ||
        parse_header(b, get_be32(b + 4), &h, NULL, 0) < 0)
        return NULL;
    c = blob_cursor(b, &h);
    while (!w.dead && fdt_next(&c, &t, NULL, 0) == 0 && t.tag != FDT_END) {
        if (t.tag == FDT_BEGIN_NODE) {
            walk_begin(&w, t.name);
        } else if (t.tag == FDT_END_NODE) {
            walk_end(&w);
        } else if (t.tag == FDT_PROP && walk_at_target(&w) && strcmp(t.name, name) == 0) {
            if (len)
                *len = t.len;
            return t.data;
        }
    }
    return NULL;
}

/* ---- patching ---- */

struct fdt_patch {
    const char *name;
    const void *data;
    size_t len;
    bool done;
};

static int patch_emit(struct fdt *f, struct fdt_patch *p)
{
    p->done = true;
    return emit_prop(f, p->name, p->data, p->len);
}

/* Creates the missing last path component under its parent, holding the property. */
static int patch_new_node(struct fdt *f, const struct fdt_walk *w, struct fdt_patch *p)
{
    char name[FDT_PATH_NAME_MAX];

    if (w->comp_len >= sizeof(name))
        return fdt_fail(f, "node name in path too long");
    memcpy(name, w->comp, w->comp_len);
    name[w->comp_len] = 0;
    if (!node_name_ok(name))
        return fdt_fail(f, "invalid node name \"%s\" (DT spec 2.2.1)", name);
    if (emit_begin(f, name) < 0 || patch_emit(f, p) < 0)
        return -1;
    return fdt_end_node(f);
}

static int patch_end_node(struct fdt *f, struct fdt_walk *w, struct fdt_patch *p)
{
    int r = 0;

    if (!p->done && walk_at_target(w))
        r = patch_emit(f, p);
    else if (!p->done && !w->dead && w->level == w->mlevel && walk_last_component(w))
        r = patch_new_node(f, w, p);
    walk_end(w);
    return r < 0 ? -1 : fdt_end_node(f);
}

static int patch_token(struct fdt *f, const struct fdt_token *t, struct fdt_walk *w,
                       struct fdt_patch *p)
{
    switch (t->tag) {
    case FDT_BEGIN_NODE:
        if (!p->done && walk_at_target(w) && patch_emit(f, p) < 0)
            return -1;
        walk_begin(w, t->name);
        return emit_begin(f, t->name);
    case FDT_END_NODE: return patch_end_node(f, w, p);
    case FDT_PROP:
        if (walk_at_target(w) && strcmp(t->name, p->name) == 0)
            return 0;
        return emit_prop(f, t->name, t->data, t->len);
    default: return 0;
    }
}

/* Copies a checked blob into an empty builder, applying the patch on the way. */
static int patch_copy(struct fdt *f, const uint8_t *b, const char *path, struct fdt_patch *p)
{
    struct fdt_hdr h;
    struct fdt_cursor c;
    struct fdt_token t;
    struct fdt_walk w;

    get_header(b, &h);
    for (uint64_t off = h.off_mem_rsvmap;; off += FDT_RSV_ENTRY_SIZE) {
        uint64_t addr = get_be64(b + off), size = get_be64(b + off + 8);

        if (addr == 0 && size == 0)
            break;
        if (emit_reserved(f, addr, size) < 0)
            return -1;
    }
    walk_init(&w, path);
    c = blob_cursor(b, &h);
    while (fdt_next(&c, &t, NULL, 0) == 0 && t.tag != FDT_END)
        if (patch_token(f, &t, &w, p) < 0)
            return -1;
    return 0;
}

int fdt_set_prop(void **blob, size_t *size, const char *path, const char *name, const void *data,
                 size_t len, char *err, size_t errlen)
{
    struct fdt_patch p = {name, data, len, false};
    struct fdt *f;
    void *out;
    size_t out_size;

    if (fdt_check(*blob, *size, err, errlen) < 0)
        return -1;
    if (path[0] != '/')
        return set_err(err, errlen, "path \"%s\" does not start with '/'", path);
    if (!prop_name_ok(name))
        return set_err(err, errlen, "invalid property name \"%s\" (DT spec 2.2.4.1)", name);
    f = fdt_create();
    if (!f)
        return set_err(err, errlen, "out of memory");
    if (patch_copy(f, *blob, path, &p) == 0 && !p.done)
        fdt_fail(f, "no parent node for \"%s\"", path);
    if (fdt_finish(f, &out, &out_size) < 0) {
        set_err(err, errlen, "%s: %s", path, fdt_error(f));
        fdt_free(f);
        return -1;
    }
    fdt_free(f);
    free(*blob);
    *blob = out;
    *size = out_size;
    return 0;
}
