/* SPDX-License-Identifier: MIT */
/* Small helpers that know nothing of emulation: assertions, branch hints,
 * allocation that reports failure, array sizes. */
#ifndef UTIL_UTIL_H
#define UTIL_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define ARRAY_SIZE(a)            (sizeof(a) / sizeof((a)[0]))
#define likely(x)                __builtin_expect(!!(x), 1)
#define unlikely(x)              __builtin_expect(!!(x), 0)
#define STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#define UNUSED                   __attribute__((unused))
#define PRINTF_LIKE(f, a)        __attribute__((format(printf, f, a)))
#define NORETURN                 __attribute__((noreturn))

/* An invariant of the emulator itself (never of the guest): stays a real check. */
#define ASSERT(cond)                                     \
    do {                                                 \
        if (unlikely(!(cond)))                           \
            util_assert_fail(#cond, __FILE__, __LINE__); \
    } while (0)

NORETURN void util_assert_fail(const char *cond, const char *file, int line);

/* malloc/calloc that print one clear line on failure and return NULL. */
void *util_malloc(size_t size);
void *util_calloc(size_t n, size_t size);
/* util_calloc for large tables filled over time: aligned to and asking
 * for huge pages, so that filling them takes far fewer host page faults.
 * Freed with util_free_large (same n and size), not free(). */
void *util_calloc_large(size_t n, size_t size);
void util_free_large(void *p, size_t n, size_t size);

/* Read a whole file into a malloc'd buffer. Returns NULL with a message
 * naming the file on failure; *size gets the length. */
uint8_t *util_read_file(const char *path, size_t *size);

/* Parse a size such as "512M", "2G", "4096" (bytes). Returns -1 if malformed. */
int util_parse_size(const char *s, uint64_t *out);

#endif
