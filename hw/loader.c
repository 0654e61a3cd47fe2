/* SPDX-License-Identifier: MIT */
/* ELF and raw image loading. Offsets and sizes from the file are untrusted:
 * each is range-checked with overflow-safe arithmetic before use. */
#include "loader.h"
#include "mem/bus.h"
#include "util/log.h"

#include <string.h>

#define EM_RISCV   243
#define PT_LOAD    1
#define SHT_SYMTAB 2

/* Little-endian field readers. */
static uint64_t rd(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < n; k++)
        v |= (uint64_t)p[k] << (8 * k);
    return v;
}

/* [off, off+len) inside [0, size)? */
static int in_file(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

int loader_is_elf(const uint8_t *data, size_t size)
{
    return size >= 4 && !memcmp(data,
                                "\x7f"
                                "ELF",
                                4);
}

/* Layout of the fields we use, for ELF32 and ELF64. */
struct elf_layout {
    unsigned addr; /* size of an address field */
    unsigned e_entry, e_phoff, e_shoff, e_phentsize, e_phnum, e_shentsize, e_shnum;
    unsigned p_type, p_offset, p_paddr, p_filesz, p_memsz, ph_size;
    unsigned sh_type, sh_link, sh_offset, sh_size, sh_entsize, shdr_size;
    unsigned st_name, st_value, sym_size;
};

static const struct elf_layout elf32 = {4,  24, 28, 32, 42, 44, 46, 48, 0, 4, 12, 16,
                                        20, 32, 4,  24, 16, 20, 36, 40, 0, 4, 16};
static const struct elf_layout elf64 = {8,  24, 32, 40, 54, 56, 58, 60, 0, 8, 24, 32,
                                        40, 56, 4,  40, 24, 32, 56, 64, 0, 8, 24};

static int elf_header(const uint8_t *d, size_t size, const char *name,
                      const struct elf_layout **lay)
{
    if (!loader_is_elf(d, size)) {
        log_error("%s: not an ELF file", name);
        return -1;
    }
    if (size < 52) {
        log_error("%s: truncated ELF header", name);
        return -1;
    }
    if (d[4] != 1 && d[4] != 2) {
        log_error("%s: bad ELF class %u", name, d[4]);
        return -1;
    }
    if (d[5] != 1) {
        log_error("%s: not a little-endian ELF file", name);
        return -1;
    }
    *lay = d[4] == 2 ? &elf64 : &elf32;
    if (d[4] == 2 && size < 64) {
        log_error("%s: truncated ELF header", name);
        return -1;
    }
    if (rd(d + 18, 2) != EM_RISCV) {
        log_error("%s: ELF file is for machine %u, not RISC-V", name, (unsigned)rd(d + 18, 2));
        return -1;
    }
    return 0;
}

/* Find the tohost/fromhost symbols, if a well-formed symbol table exists. */
static int elf_symbols(const uint8_t *d, size_t size, const char *name, const struct elf_layout *L,
                       struct elf_info *info)
{
    uint64_t shoff = rd(d + L->e_shoff, L->addr);
    uint64_t shentsize = rd(d + L->e_shentsize, 2), shnum = rd(d + L->e_shnum, 2);
    if (shnum == 0)
        return 0;
    if (shentsize < L->shdr_size || !in_file(shoff, shentsize * shnum, size)) {
        log_error("%s: section header table outside the file", name);
        return -1;
    }
    for (uint64_t s = 0; s < shnum; s++) {
        const uint8_t *sh = d + shoff + s * shentsize;
        if (rd(sh + L->sh_type, 4) != SHT_SYMTAB)
            continue;
        uint64_t off = rd(sh + L->sh_offset, L->addr), len = rd(sh + L->sh_size, L->addr);
        uint64_t ent = rd(sh + L->sh_entsize, L->addr), link = rd(sh + L->sh_link, 4);
        if (ent < L->sym_size || !in_file(off, len, size) || link >= shnum) {
            log_error("%s: malformed symbol table", name);
            return -1;
        }
        const uint8_t *strh = d + shoff + link * shentsize;
        uint64_t stroff = rd(strh + L->sh_offset, L->addr),
                 strlen_ = rd(strh + L->sh_size, L->addr);
        if (!in_file(stroff, strlen_, size)) {
            log_error("%s: string table outside the file", name);
            return -1;
        }
        for (uint64_t k = 0; k + ent <= len; k += ent) {
            const uint8_t *sym = d + off + k;
            uint64_t n = rd(sym + L->st_name, 4);
            if (n >= strlen_)
                continue;
            const char *sname = (const char *)d + stroff + n;
            size_t maxlen = strlen_ - n;
            uint64_t value = rd(sym + L->st_value, L->addr);
            if (strnlen(sname, maxlen) == 6 && !memcmp(sname, "tohost", 6))
                info->tohost = value;
            else if (strnlen(sname, maxlen) == 8 && !memcmp(sname, "fromhost", 8))
                info->fromhost = value;
        }
    }
    return 0;
}

/* Visit each PT_LOAD segment; fn may be NULL to only validate. */
static int elf_segments(const uint8_t *d, size_t size, const char *name, const struct elf_layout *L,
                        struct elf_info *info, struct bus *b)
{
    uint64_t phoff = rd(d + L->e_phoff, L->addr);
    uint64_t phentsize = rd(d + L->e_phentsize, 2), phnum = rd(d + L->e_phnum, 2);
    if (phnum == 0 || phentsize < L->ph_size || !in_file(phoff, phentsize * phnum, size)) {
        log_error("%s: program header table missing or outside the file", name);
        return -1;
    }
    unsigned loaded = 0;
    for (uint64_t k = 0; k < phnum; k++) {
        const uint8_t *ph = d + phoff + k * phentsize;
        if (rd(ph + L->p_type, 4) != PT_LOAD)
            continue;
        uint64_t off = rd(ph + L->p_offset, L->addr), pa = rd(ph + L->p_paddr, L->addr);
        uint64_t filesz = rd(ph + L->p_filesz, L->addr), memsz = rd(ph + L->p_memsz, L->addr);
        if (filesz > memsz || !in_file(off, filesz, size)) {
            log_error("%s: segment %llu lies outside the file", name, (unsigned long long)k);
            return -1;
        }
        if (memsz == 0)
            continue;
        if (pa + memsz < pa) {
            log_error("%s: segment %llu wraps the address space", name, (unsigned long long)k);
            return -1;
        }
        if (!loaded++ || pa < info->low)
            info->low = pa;
        if (pa + memsz > info->high)
            info->high = pa + memsz;
        if (!b)
            continue;
        uint8_t *dst = bus_host_ptr(b, pa, memsz, true);
        if (!dst) {
            log_error("%s: segment at 0x%llx (+0x%llx bytes) is outside guest RAM", name,
                      (unsigned long long)pa, (unsigned long long)memsz);
            return -1;
        }
        memcpy(dst, d + off, filesz);
        memset(dst + filesz, 0, memsz - filesz);
        bus_notify_write(b, pa, memsz);
    }
    if (!loaded) {
        log_error("%s: no loadable segment", name);
        return -1;
    }
    return 0;
}

int loader_parse_elf(const uint8_t *data, size_t size, const char *name, struct elf_info *info)
{
    const struct elf_layout *L;
    memset(info, 0, sizeof(*info));
    if (elf_header(data, size, name, &L) < 0)
        return -1;
    info->bits = L->addr * 8;
    info->entry = rd(data + L->e_entry, L->addr);
    if (elf_segments(data, size, name, L, info, NULL) < 0)
        return -1;
    return elf_symbols(data, size, name, L, info);
}

int loader_load_elf(struct bus *b, const uint8_t *data, size_t size, const char *name,
                    struct elf_info *info)
{
    if (loader_parse_elf(data, size, name, info) < 0)
        return -1;
    const struct elf_layout *L = info->bits == 64 ? &elf64 : &elf32;
    return elf_segments(data, size, name, L, info, b);
}

int loader_load_raw(struct bus *b, const uint8_t *data, size_t size, uint64_t addr,
                    const char *name)
{
    uint8_t *dst = bus_host_ptr(b, addr, size, true);
    if (!dst) {
        log_error("%s: %zu bytes at 0x%llx do not fit in guest RAM", name, size,
                  (unsigned long long)addr);
        return -1;
    }
    memcpy(dst, data, size);
    bus_notify_write(b, addr, size);
    return 0;
}
