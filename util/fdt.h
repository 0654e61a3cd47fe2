/* SPDX-License-Identifier: MIT */
/* Flattened devicetree (DTB): a streaming builder each device uses to add its own node,
 * and a bounds-checked reader for user-supplied blobs (-dtb FILE) and for patching /chosen.
 * Format: Devicetree Specification v0.4, chapter 5 "Flattened Devicetree (DTB) Format". */
#ifndef RIVET_UTIL_FDT_H
#define RIVET_UTIL_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC             0xd00dfeedu
#define FDT_VERSION           17u
#define FDT_LAST_COMP_VERSION 16u
#define FDT_HEADER_SIZE       40u

/* Structure block tokens (DT spec 5.4.1). */
#define FDT_BEGIN_NODE 0x1u
#define FDT_END_NODE   0x2u
#define FDT_PROP       0x3u
#define FDT_NOP        0x4u
#define FDT_END        0x9u

#define FDT_NAME_MAX 31 /* DT spec 2.2.1 node-name, 2.2.4.1 property name */

/*
 * Builder. Usage:
 *     struct fdt *f = fdt_create();
 *     fdt_begin_node(f, "");                    root
 *     fdt_prop_u32(f, "#address-cells", 2);
 *     fdt_begin_node(f, "chosen");
 *     fdt_prop_string(f, "bootargs", "console=ttyS0");
 *     fdt_end_node(f);
 *     fdt_end_node(f);
 *     if (fdt_finish(f, &blob, &size) < 0) report fdt_error(f);
 *     fdt_free(f);
 * Every call returns 0, or -1 on error. The first error is remembered: later calls do
 * nothing and return -1, and fdt_finish fails with that error's message (fdt_error).
 * Names are checked against the spec's character sets and 31-character limit; properties
 * must come before the node's child nodes (DT spec 5.4.2).
 */
struct fdt;

/* Returns a new empty builder, or NULL when out of memory. */
struct fdt *fdt_create(void);
void fdt_free(struct fdt *f);

/* Opens a node: "" for the root (exactly one), "name" or "name@unit-address" below it. */
int fdt_begin_node(struct fdt *f, const char *name);
int fdt_end_node(struct fdt *f);

/* Adds a property to the innermost open node; data is copied (len 0: empty property). */
int fdt_prop(struct fdt *f, const char *name, const void *data, size_t len);
int fdt_prop_empty(struct fdt *f, const char *name);
int fdt_prop_u32(struct fdt *f, const char *name, uint32_t v);
/* One 64-bit value as two big-endian cells, high cell first. */
int fdt_prop_u64(struct fdt *f, const char *name, uint64_t v);
int fdt_prop_cells(struct fdt *f, const char *name, const uint32_t *cells, size_t n);
/* n 64-bit values, two cells each: reg = <addr size> with #address-cells = #size-cells = 2. */
int fdt_prop_u64s(struct fdt *f, const char *name, const uint64_t *v, size_t n);
int fdt_prop_string(struct fdt *f, const char *name, const char *s);
/* Stringlist "a\0b\0" (DT spec 2.2.4.2 <stringlist>). */
int fdt_prop_strings(struct fdt *f, const char *name, const char *const *list, size_t n);

/* Returns the next unused phandle: 1, 2, 3 ... (0 once the builder has failed). */
uint32_t fdt_alloc_phandle(struct fdt *f);

/* Adds a memory reservation block entry (DT spec 5.3); size must be non-zero. */
int fdt_add_reserved(struct fdt *f, uint64_t addr, uint64_t size);

/*
 * Checks the tree is complete (root opened and closed) and returns it as a DTB in a new
 * malloc'd buffer owned by the caller: version 17, last_comp_version 16, boot_cpuid_phys 0,
 * header | reservation map (8-aligned) | structure block | strings block. The builder is
 * left as it was. Returns -1 with fdt_error() set on any error.
 */
int fdt_finish(struct fdt *f, void **blob, size_t *size);

/* The first error's message, or "" when there was none. Valid until fdt_free. */
const char *fdt_error(const struct fdt *f);

/*
 * Reader. fdt_check validates a whole blob of `size` bytes: header (magic, version,
 * totalsize <= size), block offsets and sizes inside totalsize and aligned, every token well
 * formed, node names and property names NUL-terminated inside their blocks, properties
 * before child nodes, nodes balanced, one root, FDT_END last. Returns 0, or -1 with a
 * message naming the fault in err (errlen bytes, may be 0). Never reads outside [0, size).
 */
int fdt_check(const void *blob, size_t size, char *err, size_t errlen);

/* totalsize from the header of a blob that passed fdt_check. */
size_t fdt_blob_size(const void *blob);

/*
 * Finds property `name` of the node at `path` ("/", "/chosen", "/cpus/cpu@0") and returns
 * a pointer to its value inside the blob, with its length in *len (len may be NULL).
 * A path component without '@' also matches a node "component@unit" (first one wins).
 * Returns NULL if the node or property is absent or the blob is malformed. The blob must
 * hold at least totalsize bytes (fdt_check guarantees it); no read leaves that range.
 */
const void *fdt_get_prop(const void *blob, const char *path, const char *name, size_t *len);

/*
 * Sets property `name` of node `path` in a checked blob, replacing an existing value or
 * adding it after the node's other properties; when only the last path component is
 * missing, that node is created under its parent. *blob must be malloc'd: on success it
 * is freed and replaced by a new malloc'd blob, *size updated. Memory reservations are
 * kept; FDT_NOP tokens are dropped. Returns 0, or -1 with a message in err and *blob
 * untouched.
 */
int fdt_set_prop(void **blob, size_t *size, const char *path, const char *name, const void *data,
                 size_t len, char *err, size_t errlen);

#endif
