/* SPDX-License-Identifier: MIT */
/* Error reporting and the -d/-D trace log. */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

unsigned log_mask;
FILE *log_file;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    {"in_asm", LOG_IN_ASM, "guest instructions as they are decoded (interp) or translated (jit)"},
    {"exec", LOG_EXEC, "every executed instruction"},
    {"int", LOG_INT, "traps and interrupts taken"},
    {"cpu", LOG_CPU, "registers before each traced instruction or block"},
    {"op", LOG_OP, "JIT intermediate code"},
    {"out_asm", LOG_OUT_ASM, "JIT host code"},
    {"guest_errors", LOG_GUEST_ERROR, "guest misuse of devices and memory"},
    {"unimp", LOG_UNIMP, "unimplemented features the guest touched"},
};

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rivet: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file ? log_file : stderr, fmt, ap);
    va_end(ap);
}

void log_guest_error(const char *fmt, ...)
{
    static time_t window;
    static int in_window;
    time_t now = time(NULL);
    if (now != window) {
        window = now;
        in_window = 0;
    }
    if (!(log_mask & LOG_GUEST_ERROR) && ++in_window > 5)
        return;
    va_list ap;
    va_start(ap, fmt);
    FILE *out = log_file ? log_file : stderr;
    fputs("rivet: guest error: ", out);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    va_end(ap);
}

int log_parse_items(const char *list)
{
    char buf[256];
    if (strlen(list) >= sizeof(buf)) {
        log_error("-d: item list too long");
        return -1;
    }
    strcpy(buf, list);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (!strcmp(tok, "help")) {
            printf("Log items (comma separated) for -d:\n");
            for (size_t i = 0; i < ARRAY_SIZE(log_items); i++)
                printf("  %-13s %s\n", log_items[i].name, log_items[i].help);
            return 1;
        }
        size_t i;
        for (i = 0; i < ARRAY_SIZE(log_items); i++)
            if (!strcmp(tok, log_items[i].name))
                break;
        if (i == ARRAY_SIZE(log_items)) {
            log_error("-d: unknown log item '%s' (try -d help)", tok);
            return -1;
        }
        log_mask |= log_items[i].mask;
    }
    return 0;
}

int log_open_file(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        log_error("-D %s: %s", path, strerror(errno));
        return -1;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    log_file = f;
    return 0;
}
