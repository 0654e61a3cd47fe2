/* SPDX-License-Identifier: MIT */
/* QEMU virt's "sifive,test" finisher as a syscon: one register whose magic
 * values power the machine off, end it with an exit code, or reboot it. The
 * board decides what each event does through a callback. */
#ifndef HW_SYSCON_H
#define HW_SYSCON_H

#include <stdint.h>

#define SYSCON_SIZE 0x1000ull

/* Values of the finisher register (low 16 bits); FAIL carries an exit code
 * in bits 31:16. */
#define SYSCON_VALUE_FAIL  0x3333
#define SYSCON_VALUE_PASS  0x5555
#define SYSCON_VALUE_RESET 0x7777

enum { SYSCON_POWEROFF, SYSCON_REBOOT };

struct bus;
struct fdt;
struct syscon;

/* on_event(opaque, SYSCON_POWEROFF, status) for PASS (status 0) and FAIL
 * (status = the code, as QEMU exits with it); on_event(opaque,
 * SYSCON_REBOOT, 0) for RESET. Called on the writing hart's thread with no
 * device lock held. NULL with a message on failure. */
struct syscon *syscon_create(struct bus *b, uint64_t base,
                             void (*on_event)(void *opaque, int kind, int status), void *opaque);
void syscon_free(struct syscon *s);

/* Add test@BASE (with phandle, for regmap) under the current node (the
 * soc bus). Returns 0 or -1. */
int syscon_fdt(struct syscon *s, struct fdt *f, uint32_t phandle);
/* Add the poweroff and reboot nodes (syscon-poweroff, syscon-reboot) that
 * point at it, under the current node: the root, since they have no reg and
 * so do not belong on a simple-bus. Returns 0 or -1. */
int syscon_fdt_actions(struct syscon *s, struct fdt *f, uint32_t phandle);

#endif
