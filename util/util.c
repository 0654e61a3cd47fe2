/* SPDX-License-Identifier: MIT */
/* Allocation, file reading and size parsing shared by every module. */
#include "util.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

uint8_t *util_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        log_error("%s: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
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
