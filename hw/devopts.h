/* SPDX-License-Identifier: MIT */
/* The device options of the command line, in QEMU's spelling: -drive,
 * -snapshot, -netdev, -nic, -device, -chardev. They are collected in order,
 * references (drive=, netdev=, chardev=) are resolved, and the result is one
 * list of virtio devices for the board's virtio-mmio slots. */
#ifndef HW_DEVOPTS_H
#define HW_DEVOPTS_H

#include "block.h"
#include "netdev.h"
#include "util/opts.h"

#include <stdbool.h>
#include <stdint.h>

#define DEVOPTS_MAX_DEVICES 8 /* virtio-mmio slots on the virt board */
#define DEVOPTS_MAX_ITEMS   32

enum devopts_kind { DEVOPTS_BLK, DEVOPTS_NET, DEVOPTS_RNG, DEVOPTS_CONSOLE };

/* One virtio device, ready for the board to create. */
struct devopts_device {
    enum devopts_kind kind;
    struct block_config blk; /* blk */
    const char *serial;      /* blk: get-id string, or NULL */
    struct netdev_config net;
    uint8_t mac[6];      /* net */
    const char *chardev; /* console: chardev spec ("file:PATH", "null", "stdio") */
};

/* A named back end (-drive id=, -netdev id=, -chardev id=). */
struct devopts_backend {
    const char *option; /* the whole option, for messages */
    const char *id;
    struct opts o;
    bool used;
};

struct devopts {
    bool snapshot; /* -snapshot */
    struct devopts_backend drive[DEVOPTS_MAX_ITEMS], netdev[DEVOPTS_MAX_ITEMS],
        chardev[DEVOPTS_MAX_ITEMS];
    unsigned ndrive, nnetdev, nchardev;
    /* Device requests in command-line order: -device, -nic, -drive if=virtio */
    struct {
        const char *option;
        struct opts o;
    } req[DEVOPTS_MAX_ITEMS];
    unsigned nreq;
    struct devopts_device dev[DEVOPTS_MAX_DEVICES];
    unsigned ndev;
};

/* True if opt ("-drive", ...) is one of ours and takes an argument. */
bool devopts_handles(const char *opt);
/* Record one option. Returns 0, or -1 with a message naming it. -device
 * help prints the device list and returns 1. */
int devopts_add(struct devopts *d, const char *opt, const char *arg);
/* Resolve references and fill d->dev. Returns 0 or -1 with a message. */
int devopts_finish(struct devopts *d);

#endif
