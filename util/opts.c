/* SPDX-License-Identifier: MIT */
/* Parsing of QEMU-style "key=value,key=value" option strings. */
#include "opts.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>

/* Copy one item of arg (up to an unescaped comma) into a new string,
 * turning ",," into ",". Advances *p past the item and its comma. */
static char *next_item(const char **p)
{
    const char *s = *p;
    size_t len = strlen(s);
    char *out = malloc(len + 1);
    size_t n = 0;
    if (!out)
        return NULL;
    while (*s) {
        if (*s == ',') {
            if (s[1] != ',') {
                s++;
                break;
            }
            s++; /* ",," */
        }
        out[n++] = *s++;
    }
    out[n] = '\0';
    *p = s;
    return out;
}

static int add(struct opts *o, char *key, char *val)
{
    if (o->n == OPTS_MAX) {
        log_error("%s: too many options (at most %d)", o->option, OPTS_MAX);
        return -1;
    }
    o->key[o->n] = key;
    o->val[o->n] = val;
    o->n++;
    return 0;
}

int opts_parse(struct opts *o, const char *option, const char *arg, const char *implied_key)
{
    *o = (struct opts){.option = option};
    const char *p = arg;
    bool first = true;
    if (!*arg) {
        log_error("%s: empty argument", option);
        return -1;
    }
    while (*p || first) {
        char *item = next_item(&p);
        if (!item) {
            log_error("%s: out of memory", option);
            return -1;
        }
        char *eq = strchr(item, '=');
        if (!eq && first && implied_key) {
            char *key = strdup(implied_key);
            if (!key || add(o, key, item) < 0) {
                free(key);
                free(item);
                return -1;
            }
        } else if (!eq || eq == item) {
            log_error("%s: '%s' is not of the form key=value", option, item);
            free(item);
            return -1;
        } else {
            char *key = strndup(item, (size_t)(eq - item));
            char *val = strdup(eq + 1);
            free(item);
            if (!key || !val || add(o, key, val) < 0) {
                free(key);
                free(val);
                return -1;
            }
        }
        first = false;
    }
    return 0;
}

void opts_free(struct opts *o)
{
    for (unsigned k = 0; k < o->n; k++) {
        free(o->key[k]);
        free(o->val[k]);
    }
    o->n = 0;
}

const char *opts_get(const struct opts *o, const char *key)
{
    for (unsigned k = o->n; k-- > 0;)
        if (!strcmp(o->key[k], key))
            return o->val[k];
    return NULL;
}

unsigned opts_get_all(const struct opts *o, const char *key, const char **out, unsigned max)
{
    unsigned n = 0;
    for (unsigned k = 0; k < o->n && n < max; k++)
        if (!strcmp(o->key[k], key))
            out[n++] = o->val[k];
    return n;
}

int opts_get_bool(const struct opts *o, const char *key, bool def, bool *out)
{
    const char *v = opts_get(o, key);
    if (!v) {
        *out = def;
        return 0;
    }
    if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true")) {
        *out = true;
        return 0;
    }
    if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false")) {
        *out = false;
        return 0;
    }
    log_error("%s: %s=%s: expected on or off", o->option, key, v);
    return -1;
}

int opts_check_known(const struct opts *o, const char *const *known)
{
    for (unsigned k = 0; k < o->n; k++) {
        bool ok = false;
        for (const char *const *q = known; *q && !ok; q++)
            ok = !strcmp(*q, o->key[k]);
        if (!ok) {
            log_error("%s: unknown property '%s'", o->option, o->key[k]);
            return -1;
        }
    }
    return 0;
}
