/* SPDX-License-Identifier: MIT */
/* Allocation, file reading and size parsing shared by every module. */
#include "util.h"
#include "log.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

void util_assert_fail(const char *cond, const char *file, int line)
{
    fprintf(stderr, "rivet: internal error: %s:%d: assertion '%s' failed\n", file, line, cond);
    abort();
}

void *util_malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        log_error("out of memory allocating %zu bytes", size);
    return p;
}

void *util_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        log_error("out of memory allocating %zu x %zu bytes", n, size);
    return p;
}

/* The whole pages inside [p, p + len). */
static void page_interior(void *p, size_t len, uintptr_t *start, size_t *n)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t s = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t e = ((uintptr_t)p + len) & ~(page - 1);
    *start = s;
    *n = e > s ? e - s : 0;
}

#define HUGE_PAGE_SIZE ((size_t)2 << 20)

/* Anonymous memory (zero, mapped as it is touched) over whole huge pages,
 * aligned to one: calloc's large blocks start anywhere in a huge page, and
 * the part before the first huge-page boundary then fills 4 KiB at a time. */
void *util_calloc_large(size_t n, size_t size)
{
    if (!n || !size || n > (SIZE_MAX - 2 * HUGE_PAGE_SIZE) / size) {
        log_error("out of memory allocating %zu x %zu bytes", n, size);
        return NULL;
    }
    size_t len = (n * size + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1);
    uint8_t *p = mmap(NULL, len + HUGE_PAGE_SIZE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        log_error("out of memory allocating %zu x %zu bytes", n, size);
        return NULL;
    }
    uint8_t *start = (uint8_t *)(((uintptr_t)p + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1));
    if (start > p)
        munmap(p, (size_t)(start - p));
    if (start + len < p + len + HUGE_PAGE_SIZE)
        munmap(start + len, (size_t)(p + len + HUGE_PAGE_SIZE - (start + len)));
    madvise(start, len, MADV_HUGEPAGE); /* a hint: fine if ignored */
    return start;
}

void util_free_large(void *p, size_t n, size_t size)
{
    if (p)
        munmap(p, (n * size + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1));
}

/* One read into a buffer of the file's size, its pages populated in one
 * call (a host page fault per 4 KiB page otherwise). False if the size is
 * not known up front (not a regular file) or the file changed meanwhile. */
static bool read_whole(FILE *f, uint8_t **out, size_t *size)
{
    struct stat st;
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
        return false;
    size_t len = (size_t)st.st_size;
    uint8_t *buf = malloc(len + 1); /* + 1: a read there shows the file grew */
    if (!buf)
        return false;
    uintptr_t start;
    size_t n;
    page_interior(buf, len, &start, &n);
    if (n)
        madvise((void *)start, n, MADV_POPULATE_WRITE);
    if (fread(buf, 1, len + 1, f) != len || ferror(f)) {
        free(buf);
        rewind(f);
        return false;
    }
    *out = buf;
    *size = len;
    return true;
}

uint8_t *util_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        log_error("%s: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    if (read_whole(f, &buf, size)) {
        fclose(f);
        return buf;
    }
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                log_error("%s: out of memory reading file", path);
                goto fail;
            }
            buf = nb;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f)) {
        log_error("%s: read error", path);
        goto fail;
    }
    fclose(f);
    *size = len;
    return buf;
fail:
    free(buf);
    fclose(f);
    return NULL;
}

int util_parse_size(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s)
        return -1;
    unsigned shift = 0;
    switch (*end) {
    case '\0': break;
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    case 't':
    case 'T':
        shift = 40;
        end++;
        break;
    default: return -1;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || (shift && v > (~0ull >> shift)))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}
