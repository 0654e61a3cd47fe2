/* SPDX-License-Identifier: MIT */
/* Unit tests for cpu/pmp.c: TOR/NA4/NAPOT matching, priority, partial
 * matches, lock rules, WARL fields, page uniformity and TLB flushes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpu/mmu.h"

#define BASE                   0x80000000ull
#define CFG(a, perm)           ((uint8_t)(((a) << 3) | (perm)))
#define NAPOT_ADDR(base, size) (((base) >> 2) | (((size) >> 3) - 1))

static int setup(void **state)
{
    struct hart *h = hart_create(NULL, 0);
    assert_non_null(h);
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    hart_free(*state);
    return 0;
}

/* Set entry n directly (tests of the CSR rules use pmp_write_*). */
static void entry(struct hart *h, unsigned n, uint8_t cfg, uint64_t addr)
{
    h->pmpcfg[n] = cfg;
    h->pmpaddr[n] = addr;
    pmp_update(h);
}

static void test_no_match(void **state)
{
    struct hart *h = *state;
    for (unsigned acc = ACCESS_READ; acc <= ACCESS_EXEC; acc++) {
        assert_true(pmp_check(h, BASE, 4, acc, PRV_M));
        assert_false(pmp_check(h, BASE, 4, acc, PRV_S));
        assert_false(pmp_check(h, BASE, 4, acc, PRV_U));
    }
    /* An entry elsewhere does not make a non-matching access succeed */
    entry(h, 0, CFG(PMP_NA4, PMP_R | PMP_W | PMP_X), 0x1000 >> 2);
    assert_false(pmp_check(h, BASE, 4, ACCESS_READ, PRV_S));
    assert_true(pmp_check(h, 0x1000, 4, ACCESS_READ, PRV_S));
}

static void test_tor(void **state)
{
    struct hart *h = *state;
    entry(h, 0, CFG(PMP_OFF, 0), BASE >> 2);
    entry(h, 1, CFG(PMP_TOR, PMP_R), (BASE + 0x1000) >> 2);
    assert_true(pmp_check(h, BASE, 4, ACCESS_READ, PRV_S));
    assert_true(pmp_check(h, BASE + 0xffc, 4, ACCESS_READ, PRV_U));
    assert_false(pmp_check(h, BASE, 4, ACCESS_WRITE, PRV_S));
    assert_false(pmp_check(h, BASE, 4, ACCESS_EXEC, PRV_S));
    assert_false(pmp_check(h, BASE + 0xffe, 4, ACCESS_READ, PRV_S)); /* crosses the top */
    assert_false(pmp_check(h, BASE - 2, 4, ACCESS_READ, PRV_S));     /* crosses the bottom */
    assert_false(pmp_check(h, BASE + 0x1000, 4, ACCESS_READ, PRV_S));
    assert_false(pmp_check(h, BASE - 4, 4, ACCESS_READ, PRV_S));
    /* Entry 0 as TOR starts at address 0 */
    entry(h, 0, CFG(PMP_TOR, PMP_X), 0x2000 >> 2);
    assert_true(pmp_check(h, 0, 4, ACCESS_EXEC, PRV_S));
    assert_true(pmp_check(h, 0x1ffc, 4, ACCESS_EXEC, PRV_S));
    /* Entry 1 now spans [0x2000, BASE+0x1000) */
    assert_true(pmp_check(h, 0x2000, 8, ACCESS_READ, PRV_S));
    /* A TOR entry whose bottom is not below its top matches nothing */
    entry(h, 0, CFG(PMP_OFF, 0), (BASE + 0x1000) >> 2);
    assert_false(pmp_check(h, BASE, 4, ACCESS_READ, PRV_S));
    assert_true(pmp_check(h, BASE, 4, ACCESS_WRITE, PRV_M));
    /* ... so an access across its (empty) boundary falls through to entry 2 */
    entry(h, 2, CFG(PMP_NAPOT, PMP_R), (1ull << 54) - 1);
    assert_true(pmp_check(h, BASE + 0xffe, 4, ACCESS_READ, PRV_S));
}

static void test_na4(void **state)
{
    struct hart *h = *state;
    entry(h, 3, CFG(PMP_NA4, PMP_R | PMP_W), (BASE + 0x10) >> 2);
    assert_true(pmp_check(h, BASE + 0x10, 4, ACCESS_WRITE, PRV_S));
    assert_true(pmp_check(h, BASE + 0x12, 2, ACCESS_READ, PRV_U));
    assert_true(pmp_check(h, BASE + 0x13, 1, ACCESS_READ, PRV_U));
    assert_false(pmp_check(h, BASE + 0x10, 8, ACCESS_READ, PRV_S)); /* partial */
    assert_false(pmp_check(h, BASE + 0x0c, 8, ACCESS_READ, PRV_S)); /* partial */
    assert_false(pmp_check(h, BASE + 0x14, 4, ACCESS_READ, PRV_S)); /* no match */
    assert_false(pmp_check(h, BASE + 0x10, 4, ACCESS_EXEC, PRV_S));
}

static void test_napot(void **state)
{
    struct hart *h = *state;
    /* No trailing ones: 8 bytes */
    entry(h, 0, CFG(PMP_NAPOT, PMP_R), (BASE + 0x40) >> 2);
    assert_true(pmp_check(h, BASE + 0x40, 8, ACCESS_READ, PRV_S));
    assert_false(pmp_check(h, BASE + 0x48, 4, ACCESS_READ, PRV_S));
    assert_false(pmp_check(h, BASE + 0x44, 8, ACCESS_READ, PRV_S));
    /* 64 KiB */
    entry(h, 0, CFG(PMP_NAPOT, PMP_R), NAPOT_ADDR(BASE + 0x10000, 0x10000));
    assert_int_equal(h->pmpaddr[0], ((BASE + 0x10000) >> 2) | 0x1fff);
    assert_true(pmp_check(h, BASE + 0x10000, 8, ACCESS_READ, PRV_S));
    assert_true(pmp_check(h, BASE + 0x1fff8, 8, ACCESS_READ, PRV_S));
    assert_false(pmp_check(h, BASE + 0x1fffc, 8, ACCESS_READ, PRV_S));
    assert_false(pmp_check(h, BASE + 0x20000, 1, ACCESS_READ, PRV_S));
    assert_false(pmp_check(h, BASE + 0xffff, 1, ACCESS_READ, PRV_S));
    /* All ones: the whole physical address space */
    entry(h, 0, CFG(PMP_NAPOT, PMP_X), (1ull << 54) - 1);
    assert_true(pmp_check(h, 0, 4, ACCESS_EXEC, PRV_U));
    assert_true(pmp_check(h, (1ull << 56) - 4, 4, ACCESS_EXEC, PRV_U));
    assert_false(pmp_check(h, BASE, 4, ACCESS_READ, PRV_U));
}

static void test_priority(void **state)
{
    struct hart *h = *state;
    uint64_t x = BASE + 0x100;
    entry(h, 0, CFG(PMP_NA4, 0), x >> 2);
    entry(h, 1, CFG(PMP_NAPOT, PMP_R | PMP_W | PMP_X), NAPOT_ADDR(BASE, 0x1000));
    assert_false(pmp_check(h, x, 4, ACCESS_READ, PRV_S));
    assert_true(pmp_check(h, x + 4, 4, ACCESS_READ, PRV_S));
    assert_true(pmp_check(h, x, 4, ACCESS_READ, PRV_M)); /* unlocked: M ignores R/W/X */
    /* The same two entries in the other order: the big one wins */
    entry(h, 0, CFG(PMP_NAPOT, PMP_R | PMP_W | PMP_X), NAPOT_ADDR(BASE, 0x1000));
    entry(h, 1, CFG(PMP_NA4, 0), x >> 2);
    assert_true(pmp_check(h, x, 4, ACCESS_READ, PRV_S));
}

static void test_partial_fails_even_for_m(void **state)
{
    struct hart *h = *state;
    uint64_t x = BASE + 0x100;
    entry(h, 0, CFG(PMP_NA4, PMP_R), x >> 2);
    entry(h, 1, CFG(PMP_NAPOT, PMP_R), NAPOT_ADDR(BASE, 0x1000));
    assert_false(pmp_check(h, x - 4, 8, ACCESS_READ, PRV_M));
    assert_false(pmp_check(h, x - 4, 8, ACCESS_READ, PRV_S));
    assert_true(pmp_check(h, x - 8, 8, ACCESS_READ, PRV_M));
}

static void test_lock_applies_to_m(void **state)
{
    struct hart *h = *state;
    entry(h, 0, CFG(PMP_NAPOT, PMP_L | PMP_R), NAPOT_ADDR(BASE, 0x1000));
    assert_true(pmp_check(h, BASE, 8, ACCESS_READ, PRV_M));
    assert_false(pmp_check(h, BASE, 8, ACCESS_WRITE, PRV_M));
    assert_false(pmp_check(h, BASE, 4, ACCESS_EXEC, PRV_M));
    assert_true(pmp_check(h, BASE, 8, ACCESS_READ, PRV_U));
    assert_true(pmp_check(h, BASE + 0x1000, 8, ACCESS_WRITE, PRV_M)); /* outside */
}

static void test_lock_freezes_csrs(void **state)
{
    struct hart *h = *state;
    uint64_t napot = NAPOT_ADDR(BASE, 0x1000);
    pmp_write_addr(h, 0, napot);
    pmp_write_addr(h, 6, 0x1234);
    pmp_write_addr(h, 7, 0x5678);
    pmp_write_addr(h, 4, 0x9abc);
    pmp_write_addr(h, 5, 0xdef0);
    /* entry 0 NAPOT|L|R, entry 1 R, entry 5 NAPOT|L, entry 7 TOR|L */
    pmp_write_cfg(h, 0,
                  (uint64_t)CFG(PMP_TOR, PMP_L) << 56 | (uint64_t)CFG(PMP_NAPOT, PMP_L) << 40 |
                      CFG(PMP_OFF, PMP_R) << 8 | CFG(PMP_NAPOT, PMP_L | PMP_R));
    uint64_t cfg0 = pmp_read_cfg(h, 0);
    /* Writes to locked bytes are ignored; the unlocked byte still changes */
    pmp_write_cfg(h, 0, 0);
    assert_int_equal(pmp_read_cfg(h, 0), cfg0 & ~0xff00ull);
    pmp_write_cfg(h, 0, 0x1f1f1f1f1f1f1f1full);
    assert_int_equal(h->pmpcfg[0], CFG(PMP_NAPOT, PMP_L | PMP_R));
    assert_int_equal(h->pmpcfg[1], CFG(PMP_NAPOT, PMP_R | PMP_W | PMP_X));
    assert_int_equal(h->pmpcfg[7], CFG(PMP_TOR, PMP_L));
    /* Locked addresses, and the one below a locked TOR entry, are frozen */
    pmp_write_addr(h, 0, 0);
    assert_int_equal(pmp_read_addr(h, 0), napot);
    pmp_write_addr(h, 5, 0);
    assert_int_equal(pmp_read_addr(h, 5), 0xdef0);
    pmp_write_addr(h, 7, 0);
    assert_int_equal(pmp_read_addr(h, 7), 0x5678);
    pmp_write_addr(h, 6, 0);
    assert_int_equal(pmp_read_addr(h, 6), 0x1234);
    /* ... but not the one below a locked NAPOT entry */
    pmp_write_addr(h, 4, 0x42);
    assert_int_equal(pmp_read_addr(h, 4), 0x42);
}

static void test_cfg_warl(void **state)
{
    struct hart *h = *state;
    pmp_write_cfg(h, 0,
                  (uint64_t)CFG(PMP_NAPOT, PMP_W) << 16 | CFG(PMP_TOR, PMP_R | PMP_W) << 8 | 0x60);
    assert_int_equal(h->pmpcfg[0], 0); /* bits 6:5 read zero */
    assert_int_equal(h->pmpcfg[1], CFG(PMP_TOR, PMP_R | PMP_W));
    assert_int_equal(h->pmpcfg[2], CFG(PMP_NAPOT, 0)); /* W without R dropped */
    assert_int_equal(pmp_read_cfg(h, 0), (uint64_t)CFG(PMP_NAPOT, 0) << 16 | CFG(PMP_TOR, 3) << 8);
    /* pmpcfg2 holds entries 8..15 */
    pmp_write_cfg(h, 2, 0x0d0c0b0b09010503ull);
    assert_int_equal(h->pmpcfg[8], 0x03);
    assert_int_equal(h->pmpcfg[9], 0x05);
    assert_int_equal(h->pmpcfg[15], 0x0d);
    assert_int_equal(pmp_read_cfg(h, 2), 0x0d0c0b0b09010503ull);
    /* Entries past 15 and the odd (RV32-only) registers do not exist */
    pmp_write_cfg(h, 4, ~0ull);
    assert_int_equal(pmp_read_cfg(h, 4), 0);
    pmp_write_cfg(h, 1, ~0ull);
    assert_int_equal(pmp_read_cfg(h, 1), 0);
    assert_int_equal(h->pmpcfg[4], 0);
}

static void test_addr_warl(void **state)
{
    struct hart *h = *state;
    pmp_write_addr(h, 3, ~0ull);
    assert_int_equal(pmp_read_addr(h, 3), (1ull << 54) - 1);
    pmp_write_addr(h, 16, 5);
    assert_int_equal(pmp_read_addr(h, 16), 0);
}

static void test_page_uniform(void **state)
{
    struct hart *h = *state;
    uint64_t page = BASE + 0x5000;
    assert_true(pmp_page_uniform(h, page + 0x123, PRV_S));
    entry(h, 2, CFG(PMP_NAPOT, PMP_R), NAPOT_ADDR(page, 0x1000));
    assert_true(pmp_page_uniform(h, page + 0x123, PRV_S));
    entry(h, 2, CFG(PMP_NAPOT, PMP_R), NAPOT_ADDR(BASE, 0x10000));
    assert_true(pmp_page_uniform(h, page, PRV_U));
    /* A later partial entry is shadowed by the covering one */
    entry(h, 3, CFG(PMP_NA4, 0), (page + 0x10) >> 2);
    assert_true(pmp_page_uniform(h, page, PRV_S));
    /* ... but an earlier one is not */
    entry(h, 1, CFG(PMP_NA4, 0), (page + 0x10) >> 2);
    assert_false(pmp_page_uniform(h, page, PRV_S));
    assert_true(pmp_page_uniform(h, page + 0x1000, PRV_S));
    /* A TOR boundary in the middle of the page */
    entry(h, 1, CFG(PMP_OFF, 0), 0);
    entry(h, 0, CFG(PMP_TOR, PMP_R), (page + 0x800) >> 2);
    assert_false(pmp_page_uniform(h, page, PRV_S));
    assert_true(pmp_page_uniform(h, page - 0x1000, PRV_S));
    /* An entry entirely elsewhere */
    entry(h, 0, CFG(PMP_NA4, PMP_R), 0x100 >> 2);
    assert_true(pmp_page_uniform(h, page, PRV_S));
}

static void test_writes_flush_tlb(void **state)
{
    struct hart *h = *state;
    struct tlb_entry *e = tlb_entry(&h->tlb, MMU_IDX_S, 0x4000);
    e->tag_r = 0x4000;
    pmp_write_cfg(h, 0, CFG(PMP_NAPOT, PMP_R));
    assert_int_equal(e->tag_r, TLB_EMPTY);
    e->tag_w = 0x4000;
    pmp_write_addr(h, 0, 0x1234);
    assert_int_equal(e->tag_w, TLB_EMPTY);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_no_match),
        T(test_tor),
        T(test_na4),
        T(test_napot),
        T(test_priority),
        T(test_partial_fails_even_for_m),
        T(test_lock_applies_to_m),
        T(test_lock_freezes_csrs),
        T(test_cfg_warl),
        T(test_addr_warl),
        T(test_page_uniform),
        T(test_writes_flush_tlb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
