/* SPDX-License-Identifier: MIT */
/* QEMU-style option strings: "user,id=n0,hostfwd=tcp::2222-:22". A leading
 * bare word is the value of an implied key (the type); ",," is a literal
 * comma inside a value. Keys may repeat (hostfwd). */
#ifndef UTIL_OPTS_H
#define UTIL_OPTS_H

#include <stdbool.h>

#define OPTS_MAX 32

struct opts {
    const char *option; /* "-netdev": names the option in messages */
    unsigned n;
    char *key[OPTS_MAX];
    char *val[OPTS_MAX];
};

/* Parse arg. implied_key names a leading bare word ("type"), or NULL when
 * every item must be key=value. Returns 0, or -1 with a message naming the
 * option. Free with opts_free even after a failure. */
int opts_parse(struct opts *o, const char *option, const char *arg, const char *implied_key);
void opts_free(struct opts *o);

/* The last value given for key, or NULL. */
const char *opts_get(const struct opts *o, const char *key);
/* Every value given for key, in order; returns how many (at most max). */
unsigned opts_get_all(const struct opts *o, const char *key, const char **out, unsigned max);
/* on/off, yes/no, true/false; absent gives def. Returns -1 with a message
 * naming the option and key on any other value. */
int opts_get_bool(const struct opts *o, const char *key, bool def, bool *out);
/* -1 with a message naming the first key not in the NULL-terminated list. */
int opts_check_known(const struct opts *o, const char *const *known);

#endif
