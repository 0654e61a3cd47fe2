/* SPDX-License-Identifier: MIT */
/* A disk image opened for a guest: raw or gzip-compressed files, OFD locking,
 * cache modes, and a throw-away overlay for snapshot=on. Knows nothing of
 * virtio; a device calls these from its I/O thread. */
#ifndef HW_BLOCK_H
#define HW_BLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#define BLOCK_SECTOR_SIZE 512u

enum block_cache {
    BLOCK_CACHE_WRITEBACK, /* host page cache, flush = fdatasync */
    BLOCK_CACHE_NONE,      /* O_DIRECT where the filesystem allows it */
    BLOCK_CACHE_UNSAFE,    /* host page cache, flushes ignored */
};

struct block_config {
    const char *file;   /* path */
    const char *option; /* how the user named it in messages, e.g. "-drive file=disk.img" */
    bool readonly;      /* the guest may not write */
    bool snapshot;      /* guest writes go to a temporary overlay, never to file */
    enum block_cache cache;
};

struct block;

/* Opens and locks the image (exclusive lock if it will be written, shared
 * lock for readonly or snapshot). gzip images (detected by content) are
 * decompressed into an unlinked temporary file and need readonly or
 * snapshot. Returns NULL after one log_error line naming c->option and the
 * problem: missing, unreadable, not a regular file or block device, empty,
 * size not a multiple of 512, corrupt gzip, or locked by another process. */
struct block *block_open(const struct block_config *c);
/* Releases the lock, the overlay and temporary files. NULL is ignored. */
void block_close(struct block *b);

/* Size in bytes (a non-zero multiple of BLOCK_SECTOR_SIZE). */
uint64_t block_size(const struct block *b);
/* True if the guest may not write (readonly=on). */
bool block_readonly(const struct block *b);
/* The name used in messages ("-drive file=disk.img"). */
const char *block_name(const struct block *b);
/* The image's path as given. */
const char *block_file(const struct block *b);

/* Vectored I/O at byte offset off. Short transfers are retried and EINTR is
 * ignored; reads past the end of the file return zeroes. Writes must lie
 * within block_size (else -EINVAL). Return 0 or -errno; -EROFS if read-only;
 * a full host disk (ENOSPC or EDQUOT) is always -ENOSPC, and then the write
 * may have been partly done but must be retried whole. */
int block_preadv(struct block *b, const struct iovec *iov, int n, uint64_t off);
int block_pwritev(struct block *b, const struct iovec *iov, int n, uint64_t off);
/* Makes completed writes stable (fdatasync); a no-op for cache=unsafe,
 * snapshot and read-only images. 0 or -errno (-ENOSPC as above). */
int block_flush(struct block *b);
/* The guest no longer needs [off, off+len): punches a hole where the
 * filesystem can (EOPNOTSUPP is ignored). Reads of it then return zeroes
 * or the old data. 0 or -errno. */
int block_discard(struct block *b, uint64_t off, uint64_t len);
/* Reads of [off, off+len) return zeroes afterwards; may_unmap allows
 * deallocating it. 0 or -errno (-ENOSPC as above). */
int block_write_zeroes(struct block *b, uint64_t off, uint64_t len, bool may_unmap);

/* Test hook: the next count writes, write-zeroes, discards and flushes fail
 * with -err (e.g. ENOSPC) as if the host had refused them, without touching
 * the image. count 0 clears it. */
void block_inject_fault(struct block *b, int err, unsigned count);

#endif
