/* SPDX-License-Identifier: MIT */
/* Diagnostics: host errors for the user, rate-limited guest errors, and the
 * -d/-D trace log. */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <stdbool.h>
#include <stdio.h>
#include "util.h"

/* -d items */
enum {
    LOG_IN_ASM = 1u << 0,  /* guest instructions */
    LOG_INT = 1u << 1,     /* traps and interrupts */
    LOG_CPU = 1u << 2,     /* registers */
    LOG_OP = 1u << 3,      /* JIT IR */
    LOG_OUT_ASM = 1u << 4, /* JIT host code */
    LOG_GUEST_ERROR = 1u << 5,
    LOG_UNIMP = 1u << 6,
    LOG_EXEC = 1u << 7, /* every executed instruction, even in the JIT */
};

extern unsigned log_mask;
extern FILE *log_file;

static inline bool log_enabled(unsigned item) { return unlikely(log_mask & item); }

/* "rivet: <message>" on stderr. Use for user and host errors. */
void log_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Write to the -D file (stderr by default). */
void log_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Guest misbehaviour: printed with -d guest_errors, otherwise counted;
 * at most a few lines per second either way. */
void log_guest_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Parse "in_asm,int,cpu". Returns -1 with a message on an unknown item.
 * "help" lists the items and returns 1. */
int log_parse_items(const char *list);
/* Open the -D file. Returns -1 with a message on failure. */
int log_open_file(const char *path);

#endif
