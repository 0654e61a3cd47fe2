/* SPDX-License-Identifier: MIT */
/* ELF loader: a hand-built image loads (segments, bss, entry, tohost), and
 * malformed images (every truncation, wrong class/endianness/machine,
 * out-of-file or out-of-RAM segments, random mutations) are refused with an
 * error, never a crash. Run under -fsanitize=address to catch over-reads. */
#include "hw/loader.h"
#include "mem/bus.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#define RAM 0x80000000ull

static void put(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

/* Layout: ehdr 0, phdr 64, code 120 (16 bytes), strtab 136 (16), symtab 152
 * (2 x 24), shdrs 200 (3 x 64). */
enum { PH = 64, CODE = 120, STR = 136, SYM = 152, SH = 200, SIZE = SH + 3 * 64 };

static size_t build_elf(uint8_t *e)
{
    memset(e, 0, SIZE);
    memcpy(e,
           "\x7f"
           "ELF",
           4);
    e[4] = 2, e[5] = 1, e[6] = 1;          /* ELF64, little-endian, version */
    put(e + 16, 2, 2);                     /* ET_EXEC */
    put(e + 18, 243, 2);                   /* EM_RISCV */
    put(e + 24, RAM + 4, 8);               /* entry */
    put(e + 32, PH, 8);                    /* phoff */
    put(e + 40, SH, 8);                    /* shoff */
    put(e + 52, 64, 2);                    /* ehsize */
    put(e + 54, 56, 2), put(e + 56, 1, 2); /* phentsize, phnum */
    put(e + 58, 64, 2), put(e + 60, 3, 2); /* shentsize, shnum */
    uint8_t *ph = e + PH;
    put(ph, 1, 4); /* PT_LOAD */
    put(ph + 8, CODE, 8);
    put(ph + 16, RAM, 8), put(ph + 24, RAM, 8);
    put(ph + 32, 16, 8), put(ph + 40, 64, 8); /* filesz 16, memsz 64 (bss) */
    for (int k = 0; k < 16; k++)
        e[CODE + k] = (uint8_t)(0xa0 + k);
    memcpy(e + STR, "\0tohost\0", 8);
    put(e + SYM + 24, 1, 4); /* sym 1: name "tohost" */
    put(e + SYM + 24 + 8, RAM + 0x30, 8);
    uint8_t *sh = e + SH + 64; /* [1] .symtab */
    put(sh + 4, 2, 4), put(sh + 24, SYM, 8), put(sh + 32, 48, 8);
    put(sh + 40, 2, 4), put(sh + 56, 24, 8);
    sh += 64; /* [2] .strtab */
    put(sh + 4, 3, 4), put(sh + 24, STR, 8), put(sh + 32, 16, 8);
    return SIZE;
}

static struct bus *ram_bus(void)
{
    struct bus *b = bus_create();
    assert_int_equal(bus_add_ram(b, "ram", RAM, 0x10000), 0);
    return b;
}

static void test_loads(void **state)
{
    (void)state;
    uint8_t e[SIZE];
    struct elf_info info;
    struct bus *b = ram_bus();
    uint8_t *ram = bus_host_ptr(b, RAM, 0x10000, true);
    memset(ram, 0x55, 0x100);
    assert_int_equal(loader_load_elf(b, e, build_elf(e), "t.elf", &info), 0);
    assert_int_equal(info.entry, RAM + 4);
    assert_int_equal(info.tohost, RAM + 0x30);
    assert_int_equal(info.fromhost, 0);
    assert_int_equal(info.bits, 64);
    assert_int_equal(info.low, RAM);
    assert_int_equal(info.high, RAM + 64);
    assert_int_equal(ram[0], 0xa0);
    assert_int_equal(ram[15], 0xaf);
    assert_int_equal(ram[16], 0); /* bss zeroed */
    assert_int_equal(ram[63], 0);
    assert_int_equal(ram[64], 0x55); /* nothing past memsz */
    bus_free(b);
}

static void expect_refused(const uint8_t *e, size_t size)
{
    struct elf_info info;
    struct bus *b = ram_bus();
    uint8_t *copy = malloc(size ? size : 1); /* exact size: ASan sees over-reads */
    memcpy(copy, e, size);
    assert_int_equal(loader_load_elf(b, copy, size, "bad.elf", &info), -1);
    free(copy);
    bus_free(b);
}

static void test_truncations(void **state)
{
    (void)state;
    uint8_t e[SIZE];
    build_elf(e);
    for (size_t len = 0; len < CODE + 16; len++) /* header, phdrs or segment cut */
        expect_refused(e, len);
    for (size_t len = CODE + 16; len < SIZE;
         len++) { /* symbols cut: refused, or loaded without them */
        struct elf_info info;
        struct bus *b = ram_bus();
        uint8_t *copy = malloc(len);
        memcpy(copy, e, len);
        int r = loader_load_elf(b, copy, len, "cut.elf", &info);
        assert_true(r == -1 || (r == 0 && info.entry == RAM + 4));
        free(copy);
        bus_free(b);
    }
}

static void test_bad_headers(void **state)
{
    (void)state;
    uint8_t e[SIZE];
    build_elf(e), e[4] = 3; /* class */
    expect_refused(e, SIZE);
    build_elf(e), e[5] = 2; /* big-endian */
    expect_refused(e, SIZE);
    build_elf(e), put(e + 18, 62, 2); /* x86-64 */
    expect_refused(e, SIZE);
    build_elf(e), put(e + PH + 32, 65, 8); /* filesz > memsz */
    expect_refused(e, SIZE);
    build_elf(e), put(e + PH + 8, ~0ull - 4, 8); /* offset + filesz wraps */
    expect_refused(e, SIZE);
    build_elf(e), put(e + PH + 24, RAM + 0xfff0, 8); /* segment runs out of RAM */
    expect_refused(e, SIZE);
    build_elf(e), put(e + PH + 24, 0x1000, 8); /* segment outside RAM */
    expect_refused(e, SIZE);
    build_elf(e), put(e + PH + 40, ~0ull, 8), put(e + PH + 24, ~0ull - 8, 8); /* wraps */
    expect_refused(e, SIZE);
    build_elf(e), put(e + PH, 0, 4); /* no PT_LOAD */
    expect_refused(e, SIZE);
    build_elf(e), put(e + 56, 0xffff, 2); /* phnum past the file */
    expect_refused(e, SIZE);
    build_elf(e), put(e + SH + 64 + 40, 7, 4); /* symtab link out of range */
    expect_refused(e, SIZE);
    build_elf(e), put(e + SH + 128 + 32, 4096, 8); /* strtab past the file */
    expect_refused(e, SIZE);
}

static void test_mutations(void **state)
{
    (void)state;
    uint8_t e[SIZE], m[SIZE];
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    build_elf(e);
    for (int round = 0; round < 20000; round++) {
        memcpy(m, e, SIZE);
        int flips = 1 + (int)(seed % 4);
        for (int k = 0; k < flips; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            m[(seed >> 33) % SIZE] ^= (uint8_t)(1u << ((seed >> 20) % 8));
        }
        struct elf_info info;
        struct bus *b = ram_bus();
        if (loader_load_elf(b, m, SIZE, "mutant.elf", &info) == 0)
            assert_true(info.low >= RAM && info.high <= RAM + 0x10000);
        bus_free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
