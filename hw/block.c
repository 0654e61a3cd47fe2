/* SPDX-License-Identifier: MIT */
/* Disk images for the guest: opening, OFD locking, gzip decompression into a
 * temporary file, O_DIRECT with bounce buffers, and the snapshot overlay (a
 * sparse temporary file plus a bitmap of the 4 KiB clusters it holds). */
#define _GNU_SOURCE
#include "block.h"
#include "util/log.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define BLOCK_CLUSTER      4096u        /* snapshot overlay granularity */
#define BLOCK_DIRECT_ALIGN 4096u        /* O_DIRECT buffer, offset and length alignment */
#define BLOCK_BOUNCE_SIZE  (256u << 10) /* O_DIRECT bounce buffer */
#define BLOCK_GZ_CHUNK     (256u << 10)
#define BLOCK_ZERO_CHUNK   (64u << 10)
#define BLOCK_STACK_IOV    64

struct block {
    pthread_mutex_t lock; /* serialises I/O: bounce buffer, overlay bitmap */
    int fd;               /* the image, or the decompressed copy of a gzip image */
    int src_fd;           /* a gzip image itself (holds the lock), or -1 */
    int ovl_fd;           /* snapshot overlay, or -1 */
    uint64_t *ovl_map;    /* bit per cluster: 1 = the overlay holds it */
    uint64_t size;
    bool readonly, snapshot, direct, no_sync;
    uint8_t *bounce;                /* BLOCK_BOUNCE_SIZE, aligned, for O_DIRECT */
    uint8_t cluster[BLOCK_CLUSTER]; /* snapshot: a cluster being merged */
    int fault_err;
    unsigned fault_count;
    char *file, *name;
};

/* A byte range of an iovec array: len bytes starting skip bytes in, at
 * image offset off. */
struct block_span {
    const struct iovec *iov;
    int n;
    size_t skip, len;
    uint64_t off;
};

static const uint8_t block_zeroes[BLOCK_ZERO_CHUNK];

/* ---- iovec helpers ---- */

static size_t iov_total(const struct iovec *iov, int n)
{
    size_t t = 0;
    for (int i = 0; i < n; i++)
        t += iov[i].iov_len;
    return t;
}

/* Copies len bytes between buf and the iovec bytes starting at skip. */
static void iov_copy(const struct iovec *iov, int n, size_t skip, void *buf, size_t len,
                     bool to_iov)
{
    uint8_t *p = buf;
    for (int i = 0; i < n && len; i++) {
        if (skip >= iov[i].iov_len) {
            skip -= iov[i].iov_len;
            continue;
        }
        size_t k = iov[i].iov_len - skip;
        if (k > len)
            k = len;
        uint8_t *seg = (uint8_t *)iov[i].iov_base + skip;
        if (!p)
            memset(seg, 0, k);
        else if (to_iov)
            memcpy(seg, p, k);
        else
            memcpy(p, seg, k);
        if (p)
            p += k;
        len -= k;
        skip = 0;
    }
}

/* The segments covering a span, trimmed to it, into out (room for s->n).
 * Returns how many. */
static int iov_slice(const struct block_span *s, struct iovec *out)
{
    size_t skip = s->skip, len = s->len;
    int k = 0;
    for (int i = 0; i < s->n && len; i++) {
        if (skip >= s->iov[i].iov_len) {
            skip -= s->iov[i].iov_len;
            continue;
        }
        size_t l = s->iov[i].iov_len - skip;
        out[k].iov_base = (uint8_t *)s->iov[i].iov_base + skip;
        out[k].iov_len = l < len ? l : len;
        len -= out[k++].iov_len;
        skip = 0;
    }
    return k;
}

static struct block_span span_sub(const struct block_span *s, size_t pos, size_t len)
{
    struct block_span r = *s;
    r.skip += pos;
    r.off += pos;
    r.len = len;
    return r;
}

/* Drops done bytes from the front of (*iov, *n). */
static void iov_advance(struct iovec **iov, int *n, size_t done)
{
    while (*n > 0 && done >= (*iov)->iov_len) {
        done -= (*iov)->iov_len;
        (*iov)++;
        (*n)--;
    }
    if (*n > 0 && done) {
        (*iov)->iov_base = (uint8_t *)(*iov)->iov_base + done;
        (*iov)->iov_len -= done;
    }
}

/* ---- plain file I/O ---- */

static int errno_result(bool write)
{
    int e = errno;
    if (write && e == EDQUOT)
        e = ENOSPC;
    return -e;
}

/* One preadv/pwritev loop: short transfers continue, EINTR retries, and
 * a read that meets end of file zero-fills the rest. */
static int fd_loop(int fd, struct iovec *iov, int n, uint64_t off, bool write)
{
    while (n > 0) {
        int cnt = n < IOV_MAX ? n : IOV_MAX;
        ssize_t r = write ? pwritev(fd, iov, cnt, (off_t)off) : preadv(fd, iov, cnt, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return errno_result(write);
        if (r == 0 && iov_total(iov, n) == 0)
            return 0;
        if (r == 0 && write)
            return -EIO;
        if (r == 0) {
            iov_copy(iov, n, 0, NULL, iov_total(iov, n), true);
            return 0;
        }
        off += (uint64_t)r;
        iov_advance(&iov, &n, (size_t)r);
    }
    return 0;
}

static int fd_transfer(int fd, const struct block_span *s, bool write)
{
    struct iovec small[BLOCK_STACK_IOV], *v = small;
    if (s->n > BLOCK_STACK_IOV && !(v = malloc(sizeof(*v) * (size_t)s->n)))
        return -ENOMEM;
    int k = iov_slice(s, v);
    int r = fd_loop(fd, v, k, s->off, write);
    if (v != small)
        free(v);
    return r;
}

static int fd_transfer_buf(int fd, void *buf, size_t len, uint64_t off, bool write)
{
    struct iovec v = {buf, len};
    return fd_loop(fd, &v, 1, off, write);
}

/* ---- O_DIRECT through the bounce buffer ---- */

/* One aligned window of at most BLOCK_BOUNCE_SIZE: the edges of a partial
 * write are read first so the aligned write keeps the neighbouring bytes. */
static int direct_window(struct block *b, const struct block_span *s, bool write)
{
    const uint64_t a = BLOCK_DIRECT_ALIGN;
    uint64_t start = s->off & ~(a - 1), head = s->off - start;
    uint64_t alen = (head + s->len + a - 1) & ~(a - 1);
    int r = 0;
    if (!write)
        r = fd_transfer_buf(b->fd, b->bounce, alen, start, false);
    else if (head)
        r = fd_transfer_buf(b->fd, b->bounce, a, start, false);
    if (!r && write && (head + s->len) % a && (alen > a || !head))
        r = fd_transfer_buf(b->fd, b->bounce + alen - a, a, start + alen - a, false);
    if (r)
        return r;
    iov_copy(s->iov, s->n, s->skip, b->bounce + head, s->len, !write);
    return write ? fd_transfer_buf(b->fd, b->bounce, alen, start, true) : 0;
}

static int direct_transfer(struct block *b, const struct block_span *s, bool write)
{
    size_t pos = 0;
    while (pos < s->len) {
        uint64_t head = (s->off + pos) % BLOCK_DIRECT_ALIGN;
        size_t chunk = s->len - pos;
        if (chunk > BLOCK_BOUNCE_SIZE - head)
            chunk = BLOCK_BOUNCE_SIZE - head;
        struct block_span w = span_sub(s, pos, chunk);
        int r = direct_window(b, &w, write);
        if (r)
            return r;
        pos += chunk;
    }
    return 0;
}

/* The image itself (never the overlay). */
static int base_transfer(struct block *b, const struct block_span *s, bool write)
{
    return b->direct ? direct_transfer(b, s, write) : fd_transfer(b->fd, s, write);
}

/* ---- snapshot overlay ---- */

static bool ovl_has(const struct block *b, uint64_t c)
{
    return b->ovl_map[c / 64] >> (c % 64) & 1;
}

static void ovl_mark(struct block *b, uint64_t from, uint64_t to)
{
    for (uint64_t c = from / BLOCK_CLUSTER; c * BLOCK_CLUSTER < to; c++)
        b->ovl_map[c / 64] |= 1ull << (c % 64);
}

static uint64_t cluster_end(const struct block *b, uint64_t pos)
{
    uint64_t e = (pos / BLOCK_CLUSTER + 1) * BLOCK_CLUSTER;
    return e < b->size ? e : b->size;
}

/* Reads runs of clusters from the overlay or the image as the bitmap says. */
static int snap_read(struct block *b, const struct block_span *s)
{
    size_t pos = 0;
    while (pos < s->len) {
        uint64_t at = s->off + pos, end = s->off + s->len;
        bool in = ovl_has(b, at / BLOCK_CLUSTER);
        uint64_t run = cluster_end(b, at);
        while (run < end && ovl_has(b, run / BLOCK_CLUSTER) == in)
            run = cluster_end(b, run);
        if (run > end)
            run = end;
        struct block_span r = span_sub(s, pos, run - at);
        int err = in ? fd_transfer(b->ovl_fd, &r, false) : base_transfer(b, &r, false);
        if (err)
            return err;
        pos += run - at;
    }
    return 0;
}

/* A write covering part of a cluster the overlay lacks: the rest of the
 * cluster comes from the image first. */
static int snap_merge(struct block *b, const struct block_span *s)
{
    uint64_t cstart = s->off / BLOCK_CLUSTER * BLOCK_CLUSTER;
    uint64_t clen = cluster_end(b, s->off) - cstart;
    struct iovec v = {b->cluster, clen};
    struct block_span whole = {&v, 1, 0, clen, cstart};
    int r = base_transfer(b, &whole, false);
    if (r)
        return r;
    iov_copy(s->iov, s->n, s->skip, b->cluster + (s->off - cstart), s->len, false);
    r = fd_transfer_buf(b->ovl_fd, b->cluster, clen, cstart, true);
    if (!r)
        ovl_mark(b, cstart, cstart + clen);
    return r;
}

/* True if [at, end) covers the cluster at `at` whole or the overlay has it. */
static bool snap_direct_ok(const struct block *b, uint64_t at, uint64_t end)
{
    return ovl_has(b, at / BLOCK_CLUSTER) || (at % BLOCK_CLUSTER == 0 && end >= cluster_end(b, at));
}

static int snap_write(struct block *b, const struct block_span *s)
{
    size_t pos = 0;
    while (pos < s->len) {
        uint64_t at = s->off + pos, end = s->off + s->len;
        uint64_t run = cluster_end(b, at);
        if (!snap_direct_ok(b, at, end)) {
            struct block_span m = span_sub(s, pos, (run < end ? run : end) - at);
            int r = snap_merge(b, &m);
            if (r)
                return r;
            pos += m.len;
            continue;
        }
        while (run < end && snap_direct_ok(b, run, end))
            run = cluster_end(b, run);
        if (run > end)
            run = end;
        struct block_span w = span_sub(s, pos, run - at);
        int r = fd_transfer(b->ovl_fd, &w, true);
        if (r)
            return r;
        ovl_mark(b, at, run);
        pos += run - at;
    }
    return 0;
}

/* Whole clusters inside [off, off+len) become holes in the overlay; the
 * partial ends are written as zeroes. */
static int write_zero_bytes(struct block *b, uint64_t off, uint64_t len);

static int snap_zero(struct block *b, uint64_t off, uint64_t len)
{
    uint64_t first = (off + BLOCK_CLUSTER - 1) / BLOCK_CLUSTER * BLOCK_CLUSTER;
    uint64_t last = (off + len) / BLOCK_CLUSTER * BLOCK_CLUSTER;
    if (off + len == b->size)
        last = b->size;
    if (first >= last)
        return write_zero_bytes(b, off, len);
    if (fallocate(b->ovl_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)first,
                  (off_t)(last - first)) < 0)
        return write_zero_bytes(b, off, len);
    ovl_mark(b, first, last);
    int r = first > off ? write_zero_bytes(b, off, first - off) : 0;
    if (!r && off + len > last)
        r = write_zero_bytes(b, last, off + len - last);
    return r;
}

/* ---- the operations, with b->lock held ---- */

static int span_write(struct block *b, const struct block_span *s)
{
    return b->snapshot ? snap_write(b, s) : base_transfer(b, s, true);
}

static int write_zero_bytes(struct block *b, uint64_t off, uint64_t len)
{
    struct iovec v = {(void *)block_zeroes, BLOCK_ZERO_CHUNK};
    while (len) {
        size_t chunk = len < BLOCK_ZERO_CHUNK ? len : BLOCK_ZERO_CHUNK;
        struct block_span s = {&v, 1, 0, chunk, off};
        int r = span_write(b, &s);
        if (r)
            return r;
        off += chunk;
        len -= chunk;
    }
    return 0;
}

/* fallocate mode on the image; 1 if the filesystem cannot do it. */
static int try_fallocate(struct block *b, int mode, uint64_t off, uint64_t len)
{
    if (fallocate(b->fd, mode, (off_t)off, (off_t)len) == 0)
        return 0;
    if (errno == EOPNOTSUPP || errno == ENOSYS || errno == EINVAL || errno == ENODEV)
        return 1;
    return errno_result(true);
}

static int raw_zero(struct block *b, uint64_t off, uint64_t len, bool may_unmap)
{
    int r = 1;
    if (may_unmap)
        r = try_fallocate(b, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len);
    if (r == 1)
        r = try_fallocate(b, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, off, len);
    return r == 1 ? write_zero_bytes(b, off, len) : r;
}

/* ---- public I/O ---- */

static bool fault_take(struct block *b, int *err)
{
    if (!__atomic_load_n(&b->fault_count, __ATOMIC_ACQUIRE))
        return false;
    __atomic_sub_fetch(&b->fault_count, 1, __ATOMIC_ACQ_REL);
    *err = -b->fault_err;
    return true;
}

/* Common checks of a modifying call: 0 to go ahead. */
static int write_check(struct block *b, uint64_t off, uint64_t len)
{
    int err;
    if (b->readonly)
        return -EROFS;
    if (off > b->size || len > b->size - off)
        return -EINVAL;
    return fault_take(b, &err) ? err : 0;
}

int block_preadv(struct block *b, const struct iovec *iov, int n, uint64_t off)
{
    struct block_span s = {iov, n, 0, iov_total(iov, n), off};
    size_t in = off >= b->size ? 0 : b->size - off < s.len ? b->size - off : s.len;
    iov_copy(iov, n, in, NULL, s.len - in, true);
    s.len = in;
    if (!in)
        return 0;
    pthread_mutex_lock(&b->lock);
    int r = b->snapshot ? snap_read(b, &s) : base_transfer(b, &s, false);
    pthread_mutex_unlock(&b->lock);
    return r;
}

int block_pwritev(struct block *b, const struct iovec *iov, int n, uint64_t off)
{
    struct block_span s = {iov, n, 0, iov_total(iov, n), off};
    int r = write_check(b, off, s.len);
    if (r || !s.len)
        return r;
    pthread_mutex_lock(&b->lock);
    r = span_write(b, &s);
    pthread_mutex_unlock(&b->lock);
    return r;
}

int block_flush(struct block *b)
{
    int err;
    if (b->readonly || b->snapshot)
        return 0;
    if (fault_take(b, &err))
        return err;
    if (b->no_sync)
        return 0;
    while (fdatasync(b->fd) < 0)
        if (errno != EINTR)
            return errno_result(true);
    return 0;
}

int block_discard(struct block *b, uint64_t off, uint64_t len)
{
    int r = write_check(b, off, len);
    if (r || !len)
        return r;
    pthread_mutex_lock(&b->lock);
    if (b->snapshot)
        r = snap_zero(b, off, len);
    else if ((r = try_fallocate(b, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len)) == 1)
        r = 0;
    pthread_mutex_unlock(&b->lock);
    return r;
}

int block_write_zeroes(struct block *b, uint64_t off, uint64_t len, bool may_unmap)
{
    int r = write_check(b, off, len);
    if (r || !len)
        return r;
    pthread_mutex_lock(&b->lock);
    r = b->snapshot ? snap_zero(b, off, len) : raw_zero(b, off, len, may_unmap);
    pthread_mutex_unlock(&b->lock);
    return r;
}

void block_inject_fault(struct block *b, int err, unsigned count)
{
    b->fault_err = err;
    __atomic_store_n(&b->fault_count, count, __ATOMIC_RELEASE);
}

uint64_t block_size(const struct block *b) { return b->size; }
bool block_readonly(const struct block *b) { return b->readonly; }
const char *block_name(const struct block *b) { return b->name; }
const char *block_file(const struct block *b) { return b->file; }

/* ---- opening ---- */

/* An unlinked file in $TMPDIR (or /tmp), or -1 with a message. */
static int tmp_file_create(const struct block *b, const char *what)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/rivet-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0) {
        unlink(path);
        return fd;
    }
    log_error("%s: cannot create the %s in %s: %s", b->name, what, dir, strerror(errno));
    return -1;
}

/* OFD lock over the whole file: they conflict between open file
 * descriptions, so two opens in one process conflict too. */
static int lock_image(struct block *b, int fd, bool exclusive)
{
    struct flock fl = {.l_type = exclusive ? F_WRLCK : F_RDLCK, .l_whence = SEEK_SET};
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
        return 0;
    if (errno == EAGAIN || errno == EACCES) {
        log_error("%s: image is in use by another process (locked)", b->name);
        return -1;
    }
    log_error("%s: note: cannot lock the image (%s); continuing unlocked", b->name,
              strerror(errno));
    return 0;
}

/* Writes the non-zero 4 KiB blocks of buf, leaving holes for the rest. */
static int gz_write_sparse(struct block *b, int fd, const uint8_t *buf, size_t len, uint64_t off)
{
    for (size_t i = 0; i < len; i += BLOCK_CLUSTER) {
        size_t k = len - i < BLOCK_CLUSTER ? len - i : BLOCK_CLUSTER;
        if (!memcmp(buf + i, block_zeroes, k))
            continue;
        int r = fd_transfer_buf(fd, (void *)(buf + i), k, off + i, true);
        if (r) {
            log_error("%s: cannot write the decompressed image: %s", b->name, strerror(-r));
            return -1;
        }
    }
    return 0;
}

struct gz_state {
    z_stream z;
    uint8_t *in, *out;
    bool eof, in_member;
    unsigned members; /* completed */
    uint64_t out_off;
};

/* Refills the input; -1 with a message on a read error. */
static int gz_fill(struct block *b, int src, struct gz_state *g)
{
    ssize_t r;
    do
        r = read(src, g->in, BLOCK_GZ_CHUNK);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        log_error("%s: cannot read: %s", b->name, strerror(errno));
        return -1;
    }
    g->z.next_in = g->in;
    g->z.avail_in = (uInt)r;
    g->eof = r == 0;
    return 0;
}

static void gz_corrupt(struct block *b, const struct gz_state *g, bool fresh)
{
    if (fresh)
        log_error("%s: unexpected data after the gzip stream", b->name);
    else
        log_error("%s: corrupt gzip data (%s)", b->name, g->z.msg ? g->z.msg : "inflate failed");
}

/* One inflate call and its output: 0 = progress, 1 = none possible
 * (input needed), -1 = error. */
static int gz_step(struct block *b, int dst, struct gz_state *g)
{
    bool fresh = g->members && !g->z.total_in;
    uInt avail_in = g->z.avail_in;
    g->z.next_out = g->out;
    g->z.avail_out = BLOCK_GZ_CHUNK;
    if (avail_in)
        g->in_member = true;
    int zr = inflate(&g->z, Z_NO_FLUSH);
    if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
        gz_corrupt(b, g, fresh);
        return -1;
    }
    size_t produced = BLOCK_GZ_CHUNK - g->z.avail_out;
    if (gz_write_sparse(b, dst, g->out, produced, g->out_off) < 0)
        return -1;
    g->out_off += produced;
    if (zr == Z_STREAM_END) {
        g->in_member = false; /* concatenated members may follow */
        g->members++;
        inflateReset(&g->z);
        return 0;
    }
    return produced || g->z.avail_in != avail_in ? 0 : 1;
}

/* Decompresses every gzip member of src into dst; *size gets the length. */
static int gz_inflate(struct block *b, int src, int dst, uint64_t *size)
{
    struct gz_state g = {.in = malloc(BLOCK_GZ_CHUNK), .out = malloc(BLOCK_GZ_CHUNK)};
    int r = -1;
    if (!g.in || !g.out || inflateInit2(&g.z, 16 + MAX_WBITS) != Z_OK) {
        log_error("%s: out of memory for gzip decompression", b->name);
        goto out_free;
    }
    for (;;) {
        if (!g.z.avail_in && !g.eof && gz_fill(b, src, &g) < 0)
            break;
        if (g.eof && !g.z.avail_in && !g.in_member) {
            r = 0;
            break;
        }
        int s = gz_step(b, dst, &g);
        if (s == 1 && g.eof)
            log_error("%s: truncated gzip data", b->name);
        if (s < 0 || (s == 1 && g.eof))
            break;
    }
    *size = g.out_off;
    if (!r && ftruncate(dst, (off_t)g.out_off) < 0) {
        log_error("%s: cannot size the decompressed image: %s", b->name, strerror(errno));
        r = -1;
    }
    inflateEnd(&g.z);
out_free:
    free(g.in);
    free(g.out);
    return r;
}

static bool is_gzip(int fd)
{
    uint8_t m[2];
    return pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

/* Replaces b->fd (a gzip image) by a decompressed temporary copy. */
static int gz_open(struct block *b, bool want_write)
{
    if (want_write) {
        log_error("%s: gzip-compressed image: add readonly=on or snapshot=on", b->name);
        return -1;
    }
    int tmp = tmp_file_create(b, "decompressed copy of the gzip image");
    if (tmp < 0)
        return -1;
    b->src_fd = b->fd;
    b->fd = tmp;
    uint64_t size;
    if (lseek(b->src_fd, 0, SEEK_SET) < 0 || gz_inflate(b, b->src_fd, tmp, &size) < 0)
        return -1;
    b->size = size;
    return 0;
}

static int check_size(struct block *b, bool gz)
{
    const char *what = gz ? "decompressed image" : "image";
    if (!b->size) {
        log_error("%s: %s is empty", b->name, what);
        return -1;
    }
    if (b->size % BLOCK_SECTOR_SIZE) {
        log_error("%s: %s size %llu is not a multiple of %u bytes", b->name, what,
                  (unsigned long long)b->size, BLOCK_SECTOR_SIZE);
        return -1;
    }
    return 0;
}

static int open_error(const struct block *b, bool want_write)
{
    int e = errno;
    bool hint = want_write && (e == EROFS || e == EACCES || e == EPERM);
    log_error("%s: cannot open '%s': %s%s", b->name, b->file, strerror(e),
              hint ? " (add readonly=on or snapshot=on)" : "");
    return -1;
}

/* Opens the file, checks its type and takes the lock; sets b->size. */
static int open_image(struct block *b, bool want_write)
{
    /* O_NONBLOCK: a FIFO must not hang the open; cleared below. */
    b->fd = open(b->file, (want_write ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NONBLOCK);
    if (b->fd < 0)
        return open_error(b, want_write);
    struct stat st;
    if (fstat(b->fd, &st) < 0 || fcntl(b->fd, F_SETFL, 0) < 0)
        return open_error(b, want_write);
    if (S_ISDIR(st.st_mode) || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        log_error("%s: '%s' is %s", b->name, b->file,
                  S_ISDIR(st.st_mode) ? "a directory" : "not a regular file or block device");
        return -1;
    }
    off_t end = S_ISBLK(st.st_mode) ? lseek(b->fd, 0, SEEK_END) : st.st_size;
    b->size = end > 0 ? (uint64_t)end : 0;
    return lock_image(b, b->fd, want_write);
}

/* cache=none: O_DIRECT if the filesystem takes it, proven by one read. */
static void enable_direct(struct block *b)
{
    const char *why = NULL;
    if (b->size % BLOCK_DIRECT_ALIGN)
        why = "the image size is not a multiple of 4096";
    else if (fcntl(b->fd, F_SETFL, fcntl(b->fd, F_GETFL) | O_DIRECT) < 0)
        why = strerror(errno);
    else if (fd_transfer_buf(b->fd, b->bounce, BLOCK_DIRECT_ALIGN, 0, false) < 0) {
        why = "the filesystem refused an O_DIRECT read";
        fcntl(b->fd, F_SETFL, fcntl(b->fd, F_GETFL) & ~O_DIRECT);
    }
    if (why)
        log_error("%s: note: cache=none: not using O_DIRECT (%s); using the page cache", b->name,
                  why);
    b->direct = !why;
}

static int snap_create(struct block *b)
{
    uint64_t clusters = (b->size + BLOCK_CLUSTER - 1) / BLOCK_CLUSTER;
    b->ovl_map = calloc((clusters + 63) / 64, sizeof(uint64_t));
    if (!b->ovl_map) {
        log_error("%s: out of memory for the snapshot bitmap", b->name);
        return -1;
    }
    b->ovl_fd = tmp_file_create(b, "snapshot overlay");
    if (b->ovl_fd < 0)
        return -1;
    if (ftruncate(b->ovl_fd, (off_t)b->size) < 0) {
        log_error("%s: cannot size the snapshot overlay: %s", b->name, strerror(errno));
        return -1;
    }
    return 0;
}

/* "option" if it names the file, else "option (file)". */
static char *make_name(const struct block_config *c)
{
    const char *opt = c->option ? c->option : c->file;
    bool has = strstr(opt, c->file) != NULL;
    size_t len = strlen(opt) + strlen(c->file) + 4;
    char *s = util_malloc(len);
    if (s)
        snprintf(s, len, has ? "%s" : "%s (%s)", opt, c->file);
    return s;
}

static int block_setup(struct block *b, const struct block_config *c)
{
    bool want_write = !c->readonly && !c->snapshot;
    if (open_image(b, want_write) < 0)
        return -1;
    bool gz = b->size >= 2 && is_gzip(b->fd);
    if (gz && gz_open(b, want_write) < 0)
        return -1;
    if (check_size(b, gz) < 0)
        return -1;
    if (c->cache == BLOCK_CACHE_NONE && !gz)
        enable_direct(b);
    return c->snapshot ? snap_create(b) : 0;
}

struct block *block_open(const struct block_config *c)
{
    if (!c->file || !*c->file) {
        log_error("%s: no image file given", c->option ? c->option : "-drive");
        return NULL;
    }
    struct block *b = util_calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    pthread_mutex_init(&b->lock, NULL);
    b->fd = b->src_fd = b->ovl_fd = -1;
    b->readonly = c->readonly;
    b->snapshot = c->snapshot;
    b->no_sync = c->cache == BLOCK_CACHE_UNSAFE;
    b->file = strdup(c->file);
    b->name = make_name(c);
    if (posix_memalign((void **)&b->bounce, BLOCK_DIRECT_ALIGN, BLOCK_BOUNCE_SIZE))
        b->bounce = NULL;
    if (!b->file || !b->name || !b->bounce) {
        log_error("%s: out of memory", c->option ? c->option : c->file);
        block_close(b);
        return NULL;
    }
    if (block_setup(b, c) < 0) {
        block_close(b);
        return NULL;
    }
    return b;
}

void block_close(struct block *b)
{
    if (!b)
        return;
    if (b->fd >= 0)
        close(b->fd);
    if (b->src_fd >= 0)
        close(b->src_fd);
    if (b->ovl_fd >= 0)
        close(b->ovl_fd);
    pthread_mutex_destroy(&b->lock);
    free(b->ovl_map);
    free(b->bounce);
    free(b->file);
    free(b->name);
    free(b);
}
