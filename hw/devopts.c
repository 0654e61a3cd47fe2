/* SPDX-License-Identifier: MIT */
/* Command-line device options -> the list of virtio devices (devopts.h).
 * Spelling follows QEMU's virt board: -drive if=virtio (the default there),
 * -drive if=none + -device virtio-blk-device,drive=ID, -netdev +
 * -device virtio-net-device,netdev=ID, -nic, -device virtio-rng-device,
 * -chardev + -device virtio-serial-device / virtconsole,chardev=ID. */
#define _GNU_SOURCE
#include "devopts.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const drive_keys[] = {"file",  "format", "if",       "id",    "readonly",
                                         "cache", "serial", "snapshot", "media", NULL};
static const char *const user_keys[] = {"type", "id", "hostfwd", NULL};
static const char *const tap_keys[] = {"type", "id", "ifname", "script", "downscript", NULL};
/* -nic: the back end's keys and the card's, per type, so that a key of the
 * other type is an error rather than ignored */
static const char *const nic_user_keys[] = {"type", "id", "model", "mac", "hostfwd", NULL};
static const char *const nic_tap_keys[] = {"type",   "id",     "model",      "mac",
                                           "ifname", "script", "downscript", NULL};
static const char *const chardev_keys[] = {"type", "id", "path", NULL};

static const char *const device_help =
    "Devices (-device NAME,...), each in one of the 8 virtio-mmio slots:\n"
    "  virtio-blk-device,drive=ID[,serial=S]    disk (-drive if=none,id=ID,file=F)\n"
    "  virtio-net-device,netdev=ID[,mac=M]      network card (-netdev user|tap,id=ID)\n"
    "  virtio-rng-device                        entropy from the host (getrandom)\n"
    "  virtio-serial-device[,chardev=ID]        console, /dev/hvc0 in the guest\n"
    "  virtconsole,chardev=ID                   back end of the last virtio-serial-device\n";

bool devopts_handles(const char *opt)
{
    return !strcmp(opt, "-drive") || !strcmp(opt, "-netdev") || !strcmp(opt, "-nic") ||
           !strcmp(opt, "-device") || !strcmp(opt, "-chardev");
}

static char *option_text(const char *opt, const char *arg)
{
    char *s;
    if (asprintf(&s, "%s %s", opt, arg) < 0) {
        log_error("%s: out of memory", opt);
        return NULL;
    }
    return s;
}

/* A leading bare word (type or driver) is required: later code compares it. */
static int need_implied(const struct opts *o, const char *option, const char *implied)
{
    if (implied && !opts_get(o, implied)) {
        log_error("%s: needs a %s as its first item", option, implied);
        return -1;
    }
    return 0;
}

static int add_backend(struct devopts_backend *table, unsigned *n, const char *opt, const char *arg,
                       const char *implied, bool need_id)
{
    if (*n == DEVOPTS_MAX_ITEMS) {
        log_error("%s: too many (at most %d)", opt, DEVOPTS_MAX_ITEMS);
        return -1;
    }
    struct devopts_backend *b = &table[*n];
    if (!(b->option = option_text(opt, arg)) || opts_parse(&b->o, b->option, arg, implied) < 0 ||
        need_implied(&b->o, b->option, implied) < 0)
        return -1;
    b->id = opts_get(&b->o, "id");
    if (need_id && !b->id) {
        log_error("%s: needs id=NAME", b->option);
        return -1;
    }
    for (unsigned k = 0; b->id && k < *n; k++) {
        if (table[k].id && !strcmp(table[k].id, b->id)) {
            log_error("%s: id '%s' is used twice", b->option, b->id);
            return -1;
        }
    }
    (*n)++;
    return 0;
}

static int add_request(struct devopts *d, const char *opt, const char *arg, const char *implied)
{
    if (d->nreq == DEVOPTS_MAX_ITEMS) {
        log_error("%s: too many devices", opt);
        return -1;
    }
    const char *text = option_text(opt, arg);
    if (!text)
        return -1;
    d->req[d->nreq].option = text;
    if (opts_parse(&d->req[d->nreq].o, text, arg, implied) < 0 ||
        need_implied(&d->req[d->nreq].o, text, implied) < 0)
        return -1;
    d->nreq++;
    return 0;
}

static int add_drive(struct devopts *d, const char *arg)
{
    if (add_backend(d->drive, &d->ndrive, "-drive", arg, NULL, false) < 0)
        return -1;
    struct devopts_backend *b = &d->drive[d->ndrive - 1];
    if (opts_check_known(&b->o, drive_keys) < 0)
        return -1;
    const char *itf = opts_get(&b->o, "if");
    if (itf && strcmp(itf, "virtio") && strcmp(itf, "none")) {
        log_error("%s: if=%s: this machine has if=virtio and if=none", b->option, itf);
        return -1;
    }
    if (itf && !strcmp(itf, "none")) {
        if (!b->id) {
            log_error("%s: if=none needs id=NAME for -device virtio-blk-device,drive=NAME",
                      b->option);
            return -1;
        }
        return 0;
    }
    /* if=virtio: a device of its own, in command-line order */
    char req[64];
    snprintf(req, sizeof(req), "virtio-blk-device,drive=#%u", d->ndrive - 1);
    if (add_request(d, "-drive", req, "driver") < 0)
        return -1;
    d->req[d->nreq - 1].option = b->option; /* messages name the user's -drive */
    return 0;
}

int devopts_add(struct devopts *d, const char *opt, const char *arg)
{
    if (!strcmp(opt, "-drive"))
        return add_drive(d, arg);
    if (!strcmp(opt, "-netdev"))
        return add_backend(d->netdev, &d->nnetdev, opt, arg, "type", true);
    if (!strcmp(opt, "-chardev"))
        return add_backend(d->chardev, &d->nchardev, opt, arg, "type", true);
    if (!strcmp(opt, "-nic"))
        return add_request(d, opt, arg, "type");
    if (!strcmp(opt, "-device")) {
        if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
            fputs(device_help, stdout);
            return 1;
        }
        return add_request(d, opt, arg, "driver");
    }
    log_error("%s: not a device option", opt);
    return -1;
}

/* The backend named by key=ID in request r ("#N" is an internal index). */
static struct devopts_backend *find_backend(struct devopts_backend *table, unsigned n,
                                            const char *option, const struct opts *o,
                                            const char *key, const char *what)
{
    const char *id = opts_get(o, key);
    struct devopts_backend *b = NULL;
    if (!id) {
        log_error("%s: needs %s=ID naming a %s", option, key, what);
        return NULL;
    }
    if (id[0] == '#') { /* if=virtio's own reference; a user's "#N" may be anything */
        char *end;
        unsigned long k = strtoul(id + 1, &end, 10);
        if (id[1] && !*end && k < n)
            b = &table[k];
    } else {
        for (unsigned k = 0; k < n && !b; k++)
            if (table[k].id && !strcmp(table[k].id, id))
                b = &table[k];
    }
    if (!b) {
        log_error("%s: there is no %s with id '%s'", option, what, id);
        return NULL;
    }
    if (b->used) {
        log_error("%s: %s '%s' is already used by another device", option, what, id);
        return NULL;
    }
    b->used = true;
    return b;
}

static struct devopts_device *new_device(struct devopts *d, const char *option,
                                         enum devopts_kind kind)
{
    if (d->ndev == DEVOPTS_MAX_DEVICES) {
        log_error("%s: all %d virtio-mmio slots are taken", option, DEVOPTS_MAX_DEVICES);
        return NULL;
    }
    struct devopts_device *dev = &d->dev[d->ndev++];
    memset(dev, 0, sizeof(*dev));
    dev->kind = kind;
    return dev;
}

static int drive_config(struct devopts *d, struct devopts_backend *b, struct devopts_device *dev)
{
    struct block_config *c = &dev->blk;
    const char *format = opts_get(&b->o, "format");
    const char *cache = opts_get(&b->o, "cache");
    const char *media = opts_get(&b->o, "media");
    c->option = b->option;
    c->file = opts_get(&b->o, "file");
    if (!c->file || !*c->file) {
        log_error("%s: needs file=PATH", b->option);
        return -1;
    }
    if (format && strcmp(format, "raw")) {
        log_error("%s: format=%s is not supported (raw images only; gzip-compressed raw images "
                  "are recognised by their content)",
                  b->option, format);
        return -1;
    }
    if (media && strcmp(media, "disk")) {
        log_error("%s: media=%s is not supported (disk only)", b->option, media);
        return -1;
    }
    if (opts_get_bool(&b->o, "readonly", false, &c->readonly) < 0 ||
        opts_get_bool(&b->o, "snapshot", d->snapshot, &c->snapshot) < 0)
        return -1;
    if (!cache || !strcmp(cache, "writeback")) {
        c->cache = BLOCK_CACHE_WRITEBACK;
    } else if (!strcmp(cache, "none")) {
        c->cache = BLOCK_CACHE_NONE;
    } else if (!strcmp(cache, "unsafe")) {
        c->cache = BLOCK_CACHE_UNSAFE;
    } else {
        log_error("%s: cache=%s: expected writeback, none or unsafe", b->option, cache);
        return -1;
    }
    dev->serial = opts_get(&b->o, "serial");
    return 0;
}

static int parse_mac(const char *option, const char *s, uint8_t mac[6])
{
    unsigned v[6];
    char tail;
    if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6) {
        log_error("%s: mac=%s: expected six hex bytes such as 52:54:00:12:34:56", option, s);
        return -1;
    }
    for (int k = 0; k < 6; k++) {
        if (v[k] > 0xff) {
            log_error("%s: mac=%s: byte %d is out of range", option, s, k + 1);
            return -1;
        }
        mac[k] = (uint8_t)v[k];
    }
    if (mac[0] & 1) {
        log_error("%s: mac=%s is a multicast address", option, s);
        return -1;
    }
    return 0;
}

/* QEMU's default: 52:54:00:12:34:56, then ...:57 for the next card. */
static int net_mac(struct devopts *d, const char *option, const struct opts *o, uint8_t mac[6])
{
    const char *s = opts_get(o, "mac");
    if (s)
        return parse_mac(option, s, mac);
    unsigned nth = 0;
    for (unsigned k = 0; k + 1 < d->ndev; k++)
        nth += d->dev[k].kind == DEVOPTS_NET;
    static const uint8_t base[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    memcpy(mac, base, 6);
    mac[5] = (uint8_t)(mac[5] + nth);
    return 0;
}

/* -netdev or -nic options -> netdev_config (opts stay alive, so do the strings) */
static int netdev_config(const char *option, const struct opts *o, bool nic,
                         struct netdev_config *c)
{
    const char *type = opts_get(o, "type");
    c->option = option;
    c->id = opts_get(o, "id");
    if (!strcmp(type, "user")) {
        c->type = NETDEV_USER;
        if (opts_check_known(o, nic ? nic_user_keys : user_keys) < 0)
            return -1;
        const char *all[NETDEV_MAX_HOSTFWD + 1];
        c->nhostfwd = opts_get_all(o, "hostfwd", all, NETDEV_MAX_HOSTFWD + 1);
        if (c->nhostfwd > NETDEV_MAX_HOSTFWD) {
            log_error("%s: at most %d hostfwd rules", option, NETDEV_MAX_HOSTFWD);
            return -1;
        }
        memcpy(c->hostfwd, all, c->nhostfwd * sizeof(all[0]));
    } else if (!strcmp(type, "tap")) {
        c->type = NETDEV_TAP;
        if (opts_check_known(o, nic ? nic_tap_keys : tap_keys) < 0)
            return -1;
        c->ifname = opts_get(o, "ifname");
        const char *script = opts_get(o, "script"), *down = opts_get(o, "downscript");
        if ((script && strcmp(script, "no")) || (down && strcmp(down, "no"))) {
            log_error("%s: interface scripts are not run; configure the tap device beforehand "
                      "and use script=no",
                      option);
            return -1;
        }
        if (!c->ifname) {
            log_error("%s: tap needs ifname=NAME (a tap device you may open)", option);
            return -1;
        }
    } else {
        log_error("%s: network type '%s' is not supported (user or tap)", option, type);
        return -1;
    }
    return 0;
}

static int add_nic(struct devopts *d, const char *option, const struct opts *o)
{
    const char *type = opts_get(o, "type");
    const char *model = opts_get(o, "model");
    if (!strcmp(type, "none"))
        return 0;
    if (model && strcmp(model, "virtio") && strcmp(model, "virtio-net-device") &&
        strcmp(model, "virtio-net")) {
        log_error("%s: model=%s: this machine has virtio-net-device only", option, model);
        return -1;
    }
    struct devopts_device *dev = new_device(d, option, DEVOPTS_NET);
    if (!dev || netdev_config(option, o, true, &dev->net) < 0)
        return -1;
    return net_mac(d, option, o, dev->mac);
}

static const char *chardev_spec(struct devopts_backend *b)
{
    const char *type = opts_get(&b->o, "type");
    const char *path = opts_get(&b->o, "path");
    if (opts_check_known(&b->o, chardev_keys) < 0)
        return NULL;
    if (!strcmp(type, "null"))
        return "null";
    if (!strcmp(type, "file")) {
        char *spec;
        if (!path || !*path) {
            log_error("%s: file needs path=PATH", b->option);
            return NULL;
        }
        if (asprintf(&spec, "file:%s", path) < 0)
            return NULL;
        return spec;
    }
    log_error("%s: chardev type '%s' is not supported (file or null; the serial port has "
              "stdio)",
              b->option, type);
    return NULL;
}

static int add_console_backend(struct devopts *d, struct devopts_device *dev, const char *option,
                               const struct opts *o)
{
    struct devopts_backend *b =
        find_backend(d->chardev, d->nchardev, option, o, "chardev", "-chardev");
    if (!b)
        return -1;
    return (dev->chardev = chardev_spec(b)) ? 0 : -1;
}

static int add_device(struct devopts *d, const char *option, const struct opts *o)
{
    const char *drv = opts_get(o, "driver");
    struct devopts_device *dev;
    if (!strcmp(drv, "virtio-blk-device")) {
        static const char *const keys[] = {"driver", "drive", "serial", NULL};
        struct devopts_backend *b;
        if (opts_check_known(o, keys) < 0 || !(dev = new_device(d, option, DEVOPTS_BLK)) ||
            !(b = find_backend(d->drive, d->ndrive, option, o, "drive", "-drive")))
            return -1;
        if (drive_config(d, b, dev) < 0)
            return -1;
        if (opts_get(o, "serial"))
            dev->serial = opts_get(o, "serial");
        return 0;
    }
    if (!strcmp(drv, "virtio-net-device")) {
        static const char *const keys[] = {"driver", "netdev", "mac", NULL};
        struct devopts_backend *b;
        if (opts_check_known(o, keys) < 0 || !(dev = new_device(d, option, DEVOPTS_NET)) ||
            !(b = find_backend(d->netdev, d->nnetdev, option, o, "netdev", "-netdev")))
            return -1;
        if (netdev_config(b->option, &b->o, false, &dev->net) < 0)
            return -1;
        return net_mac(d, option, o, dev->mac);
    }
    if (!strcmp(drv, "virtio-rng-device")) {
        static const char *const keys[] = {"driver", NULL};
        return opts_check_known(o, keys) < 0 || !new_device(d, option, DEVOPTS_RNG) ? -1 : 0;
    }
    if (!strcmp(drv, "virtio-serial-device")) {
        static const char *const keys[] = {"driver", "chardev", NULL};
        if (opts_check_known(o, keys) < 0 || !(dev = new_device(d, option, DEVOPTS_CONSOLE)))
            return -1;
        dev->chardev = "null";
        return opts_get(o, "chardev") ? add_console_backend(d, dev, option, o) : 0;
    }
    if (!strcmp(drv, "virtconsole")) {
        static const char *const keys[] = {"driver", "chardev", "name", "id", NULL};
        dev = NULL;
        for (unsigned k = d->ndev; k-- > 0 && !dev;)
            if (d->dev[k].kind == DEVOPTS_CONSOLE)
                dev = &d->dev[k];
        if (opts_check_known(o, keys) < 0)
            return -1;
        if (!dev) {
            log_error("%s: needs a -device virtio-serial-device before it", option);
            return -1;
        }
        return add_console_backend(d, dev, option, o);
    }
    if (strstr(drv, "-pci")) {
        log_error("%s: this machine has no PCI bus; use the -device form (-device help)", option);
        return -1;
    }
    log_error("%s: unknown device '%s' (-device help lists them)", option, drv);
    return -1;
}

int devopts_finish(struct devopts *d)
{
    for (unsigned k = 0; k < d->nreq; k++) {
        const char *option = d->req[k].option;
        const struct opts *o = &d->req[k].o;
        int r = !strncmp(option, "-nic", 4) ? add_nic(d, option, o) : add_device(d, option, o);
        if (r < 0)
            return -1;
    }
    for (unsigned k = 0; k < d->ndrive; k++) {
        if (!d->drive[k].used) {
            log_error("%s: no device uses this drive (add -device virtio-blk-device,drive=%s)",
                      d->drive[k].option, d->drive[k].id ? d->drive[k].id : "ID");
            return -1;
        }
    }
    for (unsigned k = 0; k < d->nnetdev; k++) {
        if (!d->netdev[k].used) {
            log_error("%s: no device uses this netdev (add -device virtio-net-device,netdev=%s)",
                      d->netdev[k].option, d->netdev[k].id);
            return -1;
        }
    }
    return 0;
}
