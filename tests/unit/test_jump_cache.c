/* SPDX-License-Identifier: MIT */
/* Unit tests for the JIT's jump cache as generated code probes it (tcg/jit.h,
 * tcg/x86_64/codegen_jc.c): a hart that loops through indirect jumps without
 * coming back to the run loop must stop using a block that another thread
 * (a DMA write, another hart's store) has dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>

#include "cpu/hart.h"
#include "cpu/mmu.h"
#include "mem/bus.h"
#include "tcg/jit.h"
#include "tcg/tb.h"

#include "fixture.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1u << 20)
#define FN       (RAM_BASE + 0x100) /* the callee */
#define FLAG     (RAM_BASE + 0x200) /* a0 once the callee returned 2 */

/* Assembled with riscv64-unknown-elf-as -march=rv64g (no compressed forms). */
static const uint32_t loop_prog[] = {
    0x00000297, /* auipc t0, 0 */
    0x10028293, /* addi t0, t0, 0x100        t0 = FN */
    0x000280e7, /* 1: jalr ra, 0(t0)         through the jump cache */
    0x00200313, /* li t1, 2 */
    0xfe651ce3, /* bne a0, t1, 1b */
    0x10a2b023, /* sd a0, 0x100(t0)          FLAG = 2 */
    0x0000006f, /* 2: j 2b                   spin until kicked */
};
#define LI_A0_1 0x00100513u
#define LI_A0_2 0x00200513u
#define RET     0x00008067u

struct writer {
    struct bus *bus;
    struct hart *h;
    int returned; /* jit_run has returned */
};

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* While the hart runs the loop, rewrite the callee to return 2, wait up to
 * 5 s for the loop to see it, then stop the hart. Kick it until it stops:
 * generated code decrements the budget with a plain read-modify-write, so
 * one kick's zero can be overwritten (the run loop's budget bounds that). */
static void *writer_thread(void *arg)
{
    struct writer *w = arg;
    sleep_ms(100);
    bus_write(w->bus, FN, 4, LI_A0_2);
    uint64_t flag = 0;
    for (int k = 0; k < 500 && flag != 2; k++) {
        sleep_ms(10);
        bus_read(w->bus, FLAG, 8, &flag);
    }
    while (!__atomic_load_n(&w->returned, __ATOMIC_SEQ_CST)) {
        hart_kick(w->h);
        sleep_ms(1);
    }
    return NULL;
}

/* A bus with RAM holding prog (n words) at RAM_BASE. */
static struct bus *bus_with(const uint32_t *prog, unsigned n)
{
    struct bus *bus = fixture_bus_create();
    assert_int_equal(bus_add_ram(bus, "ram", RAM_BASE, RAM_SIZE), 0);
    for (unsigned k = 0; k < n; k++)
        assert_int_equal(bus_write(bus, RAM_BASE + 4 * k, 4, prog[k]), 0);
    return bus;
}

/* The program stored 2 at pa: free everything. */
static void expect_done(struct bus *bus, struct hart *h, uint64_t pa)
{
    uint64_t stored = 0;
    assert_int_equal(bus_read(bus, pa, 8, &stored), 0);
    assert_int_equal(stored, 2);
    jit_hart_free(h);
    hart_free(h);
    bus_free(bus);
}

static void test_dropped_block_not_entered(void **state)
{
    (void)state;
    struct bus *bus = bus_with(loop_prog, sizeof(loop_prog) / 4);
    assert_int_equal(bus_write(bus, FN, 4, LI_A0_1), 0);
    assert_int_equal(bus_write(bus, FN + 4, 4, RET), 0);
    struct hart *h = hart_create(bus, 0);
    assert_non_null(h);
    hart_reset(h, RAM_BASE);
    struct writer w = {bus, h, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, writer_thread, &w), 0);
    jit_run(h, 1ull << 62);
    __atomic_store_n(&w.returned, 1, __ATOMIC_SEQ_CST);
    pthread_join(t, NULL);
    expect_done(bus, h, FLAG);
}

/* li t1, 5; 1: addi a0, a0, 1; addi t1, t1, -1; bnez t1, 1b; 2: j 2b */
static const uint32_t count_prog[] = {0x00500313, 0x00150513, 0xfff30313, 0xfe031ce3, 0x0000006f};

/* With a hot threshold of 3 the interpreter runs a block the first two
 * times it is looked up; the third lookup translates it. */
static void test_cold_blocks_interpreted(void **state)
{
    (void)state;
    struct bus *bus = bus_with(count_prog, sizeof(count_prog) / 4);
    struct hart *h = hart_create(bus, 0);
    assert_non_null(h);
    hart_reset(h, RAM_BASE);
    tb_flush(); /* the blocks of the test before, at the same addresses */
    jit_set_hot_threshold(3);
    jit_run(h, 1000); /* ends spinning at 2b when the budget runs out */
    jit_set_hot_threshold(0);
    assert_int_equal(h->x[10], 5);
    assert_int_equal(h->pc, RAM_BASE + 16);
    uint32_t flags = jit_tb_flags(h);
    assert_null(tb_lookup(RAM_BASE, RAM_BASE, flags));             /* looked up once */
    assert_non_null(tb_lookup(RAM_BASE + 4, RAM_BASE + 4, flags)); /* four times */
    assert_true(h->minstret >= 1000 - 16);
    jit_hart_free(h);
    hart_free(h);
    bus_free(bus);
}

/* A block that followed a `j` back below its pc covers those bytes too: a
 * write there drops it (the next run sees the new instruction). */
static void test_backward_jump_block_dropped(void **state)
{
    (void)state;
    struct bus *bus = bus_with(NULL, 0);
    assert_int_equal(bus_write(bus, RAM_BASE + 0x40, 4, 0x00158593), 0); /* addi a1, a1, 1 */
    assert_int_equal(bus_write(bus, RAM_BASE + 0x44, 4, 0xfcdff06f), 0); /* j 0x10 */
    assert_int_equal(bus_write(bus, RAM_BASE + 0x10, 4, 0x00150513), 0); /* addi a0, a0, 1 */
    assert_int_equal(bus_write(bus, RAM_BASE + 0x14, 4, 0x0000006f), 0); /* 1: j 1b */
    struct hart *h = hart_create(bus, 0);
    assert_non_null(h);
    tb_flush();
    hart_reset(h, RAM_BASE + 0x40);
    jit_run(h, 100);
    assert_int_equal(h->x[10], 1);
    assert_int_equal(h->x[11], 1);
    uint32_t flags = jit_tb_flags(h);
    const struct tb *tb = tb_lookup(RAM_BASE + 0x40, RAM_BASE + 0x40, flags);
    assert_non_null(tb);
    assert_int_equal(tb->ninsns, 4); /* the spin ends it */
    assert_int_equal(tb->back, 0x30);
    assert_int_equal(bus_write(bus, RAM_BASE + 0x10, 4, 0x00250513), 0); /* addi a0, a0, 2 */
    assert_null(tb_lookup(RAM_BASE + 0x40, RAM_BASE + 0x40, flags));
    hart_reset(h, RAM_BASE + 0x40);
    jit_run(h, 100);
    assert_int_equal(h->x[10], 2);
    jit_hart_free(h);
    hart_free(h);
    bus_free(bus);
}

/* An AMO (run by its interpreter body) that rewrites a later instruction
 * of its own block: the block leaves after it, and the new instruction
 * runs. */
static const uint32_t amo_smc_prog[] = {
    0x00000297, /* auipc t0, 0 */
    0x01428393, /* addi t2, t0, 0x14 */
    0x0402a303, /* lw t1, 0x40(t0)           the new instruction */
    0x0863a02f, /* amoswap.w x0, t1, (t2)    into 0x14 */
    0x00000013, /* nop */
    0x00100513, /* li a0, 1                  becomes li a0, 2 */
    0x0000006f, /* 1: j 1b */
};

static void test_amo_rewrites_own_block(void **state)
{
    (void)state;
    /* The AMO as written, then with rd = a1: its old value must reach a1
     * although the block leaves right after it. */
    for (unsigned with_rd = 0; with_rd < 2; with_rd++) {
        struct bus *bus = bus_with(amo_smc_prog, sizeof(amo_smc_prog) / 4);
        assert_int_equal(bus_write(bus, RAM_BASE + 0x40, 4, 0x00200513), 0); /* li a0, 2 */
        if (with_rd)
            assert_int_equal(bus_write(bus, RAM_BASE + 12, 4, 0x0863a5af), 0); /* a1, t1, (t2) */
        struct hart *h = hart_create(bus, 0);
        assert_non_null(h);
        tb_flush();
        hart_reset(h, RAM_BASE);
        jit_run(h, 100);
        assert_int_equal(h->x[10], 2);
        assert_int_equal(h->pc, RAM_BASE + 0x18);
        assert_int_equal(h->x[11], with_rd ? 0x00100513 : 0);
        jit_hart_free(h);
        hart_free(h);
        bus_free(bus);
    }
}

/* A page that becomes code asks every other hart to stop (their loops keep
 * TLB entries of their own: mark_code_page); the translating hart goes on. */
static void test_code_page_stops_other_harts(void **state)
{
    (void)state;
    struct bus *bus = bus_with(count_prog, sizeof(count_prog) / 4);
    struct hart *a = hart_create(bus, 0), *b = hart_create(bus, 1);
    assert_non_null(a);
    assert_non_null(b);
    hart_reset(a, RAM_BASE);
    hart_reset(b, RAM_BASE);
    tb_flush(); /* the page is not code yet */
    tb_register_hart(b);
    jit_run(a, 1000);
    assert_int_equal(a->x[10], 5);
    assert_int_equal(a->exit_request, 0);
    assert_int_equal(a->jit_loop_stop, 0);
    assert_int_equal(b->exit_request, 1);
    assert_int_equal(b->jit_loop_stop, INT64_MAX);
    hart_exit_handled(b);
    assert_int_equal(b->exit_request, 0);
    assert_int_equal(b->jit_loop_stop, 0);
    tb_unregister_hart(b);
    jit_hart_free(a);
    hart_free(a);
    hart_free(b);
    bus_free(bus);
}

/* Two address spaces under Sv39 (tables built here): the code page, a
 * data page and the space's own level-0 table global in both, the page at
 * CALLEE mapped to a callee returning 1 in the first and 2 in the second.
 * The loops below call it through the jump cache until it returns 2. */
#define AS_CODE_VA 0x1000ull
#define AS_CALLEE  0x2000ull
#define AS_DATA_VA 0x3000ull
#define AS_L0_VA   0x4000ull
#define AS_CODE_PA (RAM_BASE + 0x4000)
#define AS_DATA_PA (RAM_BASE + 0x7000)
#define AS_TABLES  (RAM_BASE + 0x10000) /* root, level 1, level 0: three pages per space */

static const uint32_t as_switch_prog[] = {
    0x0080006f, /* j 1f                      once: the block stays in the jump cache */
    0x00000013, /* nop */
    0x000280e7, /* 1: jalr ra, 0(t0)         t0 = AS_CALLEE */
    0x00200313, /* li t1, 2 */
    0x00650663, /* beq a0, t1, 2f */
    0x18049073, /* csrw satp, s1             the second space */
    0xff1ff06f, /* j 1b */
    0x00a3b023, /* 2: sd a0, 0(t2)           t2 = AS_DATA_VA */
    0x0000006f, /* 3: j 3b */
};

static const uint32_t as_remap_prog[] = {
    0x0080006f, /* j 1f */
    0x00000013, /* nop */
    0x000280e7, /* 1: jalr ra, 0(t0)         t0 = AS_CALLEE */
    0x00200313, /* li t1, 2 */
    0x00650863, /* beq a0, t1, 2f */
    0x01393023, /* sd s3, 0(s2)              the callee's PTE = s3 */
    0x12028073, /* sfence.vma t0 */
    0xfedff06f, /* j 1b */
    0x00a3b023, /* 2: sd a0, 0(t2)           t2 = AS_DATA_VA */
    0x0000006f, /* 3: j 3b */
};

static uint64_t as_pte(uint64_t pa, uint64_t flags)
{
    return (pa >> PAGE_SHIFT) << 10 | flags | PTE_V;
}

/* Space k's tables, its callee at callee_pa returning ret; returns its satp. */
static uint64_t as_space(struct bus *bus, unsigned k, uint64_t callee_pa, uint32_t ret)
{
    uint64_t root = AS_TABLES + k * 3 * PAGE_SIZE, l1 = root + PAGE_SIZE, l0 = l1 + PAGE_SIZE;
    assert_int_equal(bus_write(bus, root, 8, as_pte(l1, 0)), 0);
    assert_int_equal(bus_write(bus, l1, 8, as_pte(l0, 0)), 0);
    assert_int_equal(bus_write(bus, l0 + 8, 8, as_pte(AS_CODE_PA, PTE_R | PTE_X | PTE_A | PTE_G)),
                     0);
    assert_int_equal(bus_write(bus, l0 + 16, 8, as_pte(callee_pa, PTE_R | PTE_X | PTE_A)), 0);
    assert_int_equal(
        bus_write(bus, l0 + 24, 8, as_pte(AS_DATA_PA, PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)), 0);
    assert_int_equal(bus_write(bus, l0 + 32, 8, as_pte(l0, PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)),
                     0);
    assert_int_equal(bus_write(bus, callee_pa, 4, 0x00000513u | ret << 20), 0); /* li a0, ret */
    assert_int_equal(bus_write(bus, callee_pa + 4, 4, RET), 0);
    return (uint64_t)SATP_SV39 << SATP_MODE_SHIFT | (uint64_t)(k + 1) << 44 | root >> PAGE_SHIFT;
}

/* A hart in S mode at AS_CODE_VA running prog (n words) in the first
 * space, with both spaces built; s1 = the second one's satp. */
static struct hart *as_hart(struct bus *bus, const uint32_t *prog, unsigned n)
{
    assert_int_equal(bus_add_ram(bus, "ram", RAM_BASE, RAM_SIZE), 0);
    for (unsigned k = 0; k < n; k++)
        assert_int_equal(bus_write(bus, AS_CODE_PA + 4 * k, 4, prog[k]), 0);
    struct hart *h = hart_create(bus, 0);
    assert_non_null(h);
    hart_reset(h, AS_CODE_VA);
    pmp_write_addr(h, 0, (1ull << 54) - 1);
    pmp_write_cfg(h, 0, PMP_NAPOT << 3 | PMP_R | PMP_W | PMP_X);
    h->satp = as_space(bus, 0, RAM_BASE + 0x5000, 1);
    h->x[9] = as_space(bus, 1, RAM_BASE + 0x6000, 2);
    h->x[5] = AS_CALLEE;
    h->x[7] = AS_DATA_VA;
    h->priv = PRV_S;
    hart_update_mmu_idx(h);
    hart_flush_tlb(h);
    tb_flush();
    return h;
}

/* A satp write drops the jump cache's blocks for pcs of the old space (the
 * callee comes back with 2, not 1 from a stale entry) and keeps those of
 * global pages (the block run once at the start is still there). */
static void test_address_space_switch(void **state)
{
    (void)state;
    struct bus *bus = fixture_bus_create();
    struct hart *h = as_hart(bus, as_switch_prog, sizeof(as_switch_prog) / 4);
    jit_run(h, 100000);
    assert_int_equal(h->satp, h->x[9]);
    struct tb *const *jc = h->jit;
    assert_non_null(jc[JIT_JC_INDEX(AS_CODE_VA)]);
    assert_int_equal(jc[JIT_JC_INDEX(AS_CODE_VA)]->pc, AS_CODE_VA);
    expect_done(bus, h, AS_DATA_PA);
}

/* Remapping one page and fencing its address drops that page's blocks from
 * the jump cache (by their page tags). */
static void test_page_remap(void **state)
{
    (void)state;
    struct bus *bus = fixture_bus_create();
    struct hart *h = as_hart(bus, as_remap_prog, sizeof(as_remap_prog) / 4);
    h->x[18] = AS_L0_VA + 8 * (AS_CALLEE >> PAGE_SHIFT);
    h->x[19] = as_pte(RAM_BASE + 0x6000, PTE_R | PTE_X | PTE_A);
    jit_run(h, 100000);
    expect_done(bus, h, AS_DATA_PA);
}

int main(void)
{
    if (jit_init(16u << 20) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dropped_block_not_entered),
        cmocka_unit_test(test_cold_blocks_interpreted),
        cmocka_unit_test(test_code_page_stops_other_harts),
        cmocka_unit_test(test_backward_jump_block_dropped),
        cmocka_unit_test(test_amo_rewrites_own_block),
        cmocka_unit_test(test_address_space_switch),
        cmocka_unit_test(test_page_remap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
