/* SPDX-License-Identifier: MIT */
/* Guest image loading: ELF (32/64-bit little-endian RISC-V) and raw binaries
 * into guest RAM. Every field of a file is checked before it is used. */
#ifndef HW_LOADER_H
#define HW_LOADER_H

#include <stddef.h>
#include <stdint.h>

struct bus;

struct elf_info {
    uint64_t entry;
    uint64_t low, high;        /* physical range the segments occupy */
    uint64_t tohost, fromhost; /* HTIF symbols, 0 if absent */
    unsigned bits;             /* 32 or 64 */
};

/* True if data starts with the ELF magic. */
int loader_is_elf(const uint8_t *data, size_t size);

/* Check an ELF image without loading it. Returns 0, or -1 with a message
 * "NAME: <what is wrong>". Fills *info. */
int loader_parse_elf(const uint8_t *data, size_t size, const char *name, struct elf_info *info);

/* Parse, then copy PT_LOAD segments to their physical addresses (zeroing the
 * bss part). Every segment must land in RAM. Returns 0 or -1 with a message. */
int loader_load_elf(struct bus *b, const uint8_t *data, size_t size, const char *name,
                    struct elf_info *info);

/* Copy a raw image to addr. Returns -1 with a message if it does not fit in RAM. */
int loader_load_raw(struct bus *b, const uint8_t *data, size_t size, uint64_t addr,
                    const char *name);

#endif
