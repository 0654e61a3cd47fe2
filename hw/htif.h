/* SPDX-License-Identifier: MIT */
/* HTIF (the Berkeley host-target interface) through the ELF's tohost and
 * fromhost words: test exit status, console output and the write syscall. */
#ifndef HW_HTIF_H
#define HW_HTIF_H

#include <stdint.h>

struct bus;
struct machine;
struct htif;

/* Watch tohost in guest RAM. Returns NULL with a message on failure. */
struct htif *htif_create(struct machine *m, struct bus *b, uint64_t tohost, uint64_t fromhost);
void htif_free(struct htif *h);

#endif
