/* SPDX-License-Identifier: MIT */
/* The board: builds the address space and devices from a configuration,
 * loads firmware and kernel, runs the harts and reports the exit status. */
#ifndef HW_MACHINE_H
#define HW_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

struct devopts_device;

#define MACHINE_MAX_HARTS 8

enum accel { ACCEL_JIT, ACCEL_INTERP };

struct machine_config {
    uint64_t ram_size; /* bytes */
    unsigned smp;      /* harts */
    const char *bios;  /* path, "none" or "default" */
    const char *kernel, *initrd, *append, *dtb;
    const char *dumpdtb; /* -machine dumpdtb=FILE */
    const char *serial;  /* -serial spec for the UART: stdio (default), file:PATH, null */
    enum accel accel;
    const struct devopts_device *virtio; /* -drive, -device, -nic ...: slot order */
    unsigned nvirtio;
};

struct machine;

/* Build and load everything. NULL with a message naming the file or option
 * on failure (nothing has run yet). */
struct machine *machine_create(const struct machine_config *cfg);
void machine_free(struct machine *m);

/* Run until shutdown. Returns the process exit status. */
int machine_run(struct machine *m);

/* Ask the machine to stop with this exit status (any thread, any device). */
void machine_shutdown(struct machine *m, int status);

#endif
