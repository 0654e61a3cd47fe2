/* SPDX-License-Identifier: MIT */
/* The virt board's devices and device tree (QEMU virt memory map). */
#ifndef HW_VIRT_H
#define HW_VIRT_H

#include <stddef.h>
#include <stdint.h>

#define VIRT_DRAM_BASE 0x80000000ull
#define VIRT_MROM_BASE 0x00001000ull
#define VIRT_MAX_HARTS 8 /* = MACHINE_MAX_HARTS */

struct bus;
struct hart;
struct chardev;
struct virt_board;
struct devopts_device;

/* What the device tree describes beyond the devices. */
struct virt_fdt_params {
    uint64_t ram_size;
    const char *bootargs;              /* NULL: no bootargs */
    uint64_t initrd_start, initrd_end; /* 0, 0: none */
};

/* Board events raised by devices (poweroff, reboot). */
enum { VIRT_POWEROFF, VIRT_REBOOT, VIRT_PAUSE, VIRT_RESUME };
typedef void virt_event_fn(void *opaque, int event, int status);

/* Create and map every device, the virtio ones (back ends opened here) in
 * slots 0.. in list order. NULL with a message on failure. */
struct virt_board *virt_create(struct bus *b, struct hart **harts, unsigned nharts,
                               struct chardev *console, const struct devopts_device *devs,
                               unsigned ndevs, virt_event_fn *on_event, void *opaque);
void virt_free(struct virt_board *v);
/* Reset device state for a guest reboot. */
void virt_reset(struct virt_board *v);

/* Build the device tree. Returns 0 with a malloc'd blob (padded with free
 * space so firmware can add nodes in place), or -1 with a message. */
int virt_build_fdt(struct virt_board *v, const struct virt_fdt_params *p, void **blob,
                   size_t *size);

#endif
