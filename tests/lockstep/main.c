/* SPDX-License-Identifier: MIT */
/* lockstep: run ELF tests and seeded random programs on an engine under test
 * and on the reference interpreter, comparing state after every block.
 * Exit status: 0 all agree, 1 a mismatch (reported on stdout), 2 usage or
 * setup error. */
#include "gen.h"
#include "lockstep.h"
#include "cpu/hart.h"
#include "hw/loader.h"
#include "tcg/jit.h"
#include "util/log.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define JIT_CACHE_SIZE     (64u << 20)
#define ELF_MAX_STEPS      500000000ull
#define DEFAULT_MAX_BLOCKS 100000000ull
#define SHORT_CHUNK        30000ull
#define LONG_CHUNK         200000ull
#define LONG_RANDOM        100000000ull

struct options {
    const char *engine;
    uint64_t seed, blocks, random, chunk;
    int variant; /* -1: rotate */
    bool long_mode, verbose, dump, self_check;
    unsigned gen_flags;
    char **elfs;
    int nelfs;
};

struct session {
    const struct options *o;
    const struct ls_engine *eng;
    struct ls_side test, ref;
    unsigned programs, failures;
    uint64_t steps;
};

static void usage(void)
{
    fprintf(stderr,
            "usage: lockstep [--engine jit|jit-chain|interp] [--seed N] [--blocks N] [--long] "
            "[--stats] [-v] [-d ITEMS]\n"
            "                [--dump --seed N --variant V]\n"
            "                [--self-check [ELF...]]\n"
            "                [--random N [--variant m|m-mprv|s-sv39|u-sv39|u-bare] [--chunk N]\n"
            "                 [--no-smc]]\n"
            "                [ELF...]\n");
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    *v = strtoull(s, &end, 0);
    return *s && !*end ? 0 : -1;
}

/* Options with a value: returns the value's index, or -1. */
static int option_value(int argc, char **argv, int k, const char *name)
{
    if (strcmp(argv[k], name))
        return 0;
    if (k + 1 >= argc) {
        fprintf(stderr, "lockstep: %s needs a value\n", name);
        return -1;
    }
    return k + 1;
}

static int parse_numeric(int argc, char **argv, int *k, struct options *o)
{
    static const char *const names[] = {"--seed", "--blocks", "--random", "--chunk"};
    uint64_t *dest[] = {&o->seed, &o->blocks, &o->random, &o->chunk};
    for (unsigned n = 0; n < 4; n++) {
        int v = option_value(argc, argv, *k, names[n]);
        if (v < 0 || (v > 0 && parse_u64(argv[v], dest[n]) < 0))
            return -1;
        if (v > 0) {
            *k = v;
            return 1;
        }
    }
    return 0;
}

/* Options without a value. */
static bool parse_flag(const char *arg, struct options *o)
{
    if (!strcmp(arg, "--long"))
        o->long_mode = true;
    else if (!strcmp(arg, "--self-check"))
        o->self_check = true;
    else if (!strcmp(arg, "--no-smc"))
        o->gen_flags |= GEN_NO_SMC;
    else if (!strcmp(arg, "--dump"))
        o->dump = true;
    else if (!strcmp(arg, "--stats"))
        ls_stats_enable();
    else if (!strcmp(arg, "-v"))
        o->verbose = true;
    else
        return false;
    return true;
}

/* --engine, -d, --variant: 1 if argv[*k] was one (*k moves to its value),
 * 0 if not, -1 if its value is missing or wrong. */
static int parse_named(int argc, char **argv, int *k, struct options *o)
{
    static const char *const names[] = {"--engine", "-d", "--variant"};
    for (unsigned n = 0; n < 3; n++) {
        int v = option_value(argc, argv, *k, names[n]);
        if (v <= 0) {
            if (v < 0)
                return -1;
            continue;
        }
        *k = v;
        if (n == 0)
            o->engine = argv[v];
        else if (n == 1 && log_parse_items(argv[v]) != 0)
            return -1;
        else if (n == 2 && (o->variant = gen_variant_parse(argv[v])) < 0)
            return -1;
        return 1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    *o = (struct options){.engine = "jit", .seed = 1, .blocks = DEFAULT_MAX_BLOCKS, .variant = -1};
    int k = 1;
    for (; k < argc && argv[k][0] == '-'; k++) {
        int r = parse_numeric(argc, argv, &k, o);
        if (r == 0)
            r = parse_named(argc, argv, &k, o);
        if (r < 0 || (r == 0 && !parse_flag(argv[k], o)))
            return -1;
    }
    o->elfs = &argv[k];
    o->nelfs = argc - k;
    if (o->self_check)
        o->engine = "interp-bad";
    if (o->long_mode && !o->random)
        o->random = LONG_RANDOM;
    if (!o->chunk)
        o->chunk = o->long_mode ? LONG_CHUNK : SHORT_CHUNK;
    return o->nelfs || o->random || o->dump || o->self_check ? 0 : -1;
}

static void new_program(struct session *s, uint64_t pc)
{
    ls_side_reset(&s->test, pc);
    ls_side_reset(&s->ref, pc);
    vclock_reset();
}

static const char *htif_text(const struct ls_result *res)
{
    if (!res->htif_exit)
        return "";
    return res->exit_code ? ", the test itself fails (on both engines)" : ", test passes";
}

static int finish(struct session *s, int r, const char *what, const struct ls_result *res,
                  bool print)
{
    s->programs++;
    s->steps += res->steps;
    if (r) {
        s->failures++;
        return r;
    }
    if (print || s->o->verbose)
        printf("ok   %s: %" PRIu64 " blocks (longest %" PRIu64 "), %" PRIu64 " instructions%s\n",
               what, res->blocks, res->longest, res->steps, htif_text(res));
    return 0;
}

static int run_elf(struct session *s, const char *path)
{
    size_t size;
    uint8_t *data = util_read_file(path, &size);
    struct elf_info info;
    if (!data)
        return 2;
    new_program(s, 0);
    if (ls_side_load_elf(&s->test, data, size, path, &info) < 0 ||
        ls_side_load_elf(&s->ref, data, size, path, &info) < 0) {
        free(data);
        return 2;
    }
    free(data);
    hart_reset(s->test.h, info.entry);
    hart_reset(s->ref.h, info.entry);
    ls_bad_paddr = info.entry;
    s->eng->program_start(&s->test);
    char repro[512];
    snprintf(repro, sizeof(repro), "lockstep --engine %s %s", s->eng->name, path);
    struct ls_program p = {
        .name = path,
        .max_steps = ELF_MAX_STEPS,
        .max_blocks = s->o->blocks,
        .stop_on_htif = true,
        .repro = repro,
    };
    ls_program_range(&p, info.low, info.high, false);
    struct ls_result res;
    int r = ls_run(s->eng, &s->test, &s->ref, &p, &res);
    if (!r && !res.htif_exit)
        printf("note %s: no HTIF exit within the budget (engines agreed)\n", path);
    return finish(s, r, path, &res, true);
}

static int run_random(struct session *s, uint64_t seed, unsigned variant, uint64_t steps)
{
    static struct gen_program prog;
    if (gen_program(&prog, seed, variant, s->o->gen_flags) < 0)
        return 2;
    new_program(s, GEN_CODE);
    if (gen_install(&prog, &s->test) < 0 || gen_install(&prog, &s->ref) < 0)
        return 2;
    ls_bad_paddr = GEN_DATA; /* below where the data pointers reach */
    s->eng->program_start(&s->test);
    char name[96], repro[160];
    snprintf(name, sizeof(name), "#random seed %" PRIu64 " variant %s", seed,
             gen_variant_name(variant));
    snprintf(repro, sizeof(repro),
             "lockstep --engine %s --seed %" PRIu64 " --variant %s --random %" PRIu64 "%s",
             s->eng->name, seed, gen_variant_name(variant), steps,
             s->o->gen_flags & GEN_NO_SMC ? " --no-smc" : "");
    struct ls_program p = {
        .name = name, .max_steps = steps, .max_blocks = s->o->blocks, .repro = repro};
    ls_program_range(&p, GEN_PT, GEN_PT + 3 * GEN_PAGE, false); /* A/D updates */
    ls_program_range(&p, GEN_DATA, GEN_DATA + GEN_DATA_SIZE, true);
    ls_program_range(&p, GEN_CODE, GEN_CODE + GEN_CODE_SIZE, true);
    struct ls_result res;
    int r = ls_run(s->eng, &s->test, &s->ref, &p, &res);
    return finish(s, r, name, &res, false);
}

static int run_all_random(struct session *s)
{
    const struct options *o = s->o;
    uint64_t done = 0, seed = o->seed;
    for (unsigned k = 0; done < o->random; k++, seed++) {
        uint64_t n = o->random - done < o->chunk ? o->random - done : o->chunk;
        unsigned v = o->variant >= 0 ? (unsigned)o->variant : k % GEN_NVARIANTS;
        int r = run_random(s, seed, v, n);
        if (r)
            return r;
        done += n;
    }
    printf("ok   random: seeds %" PRIu64 "..%" PRIu64 ", %" PRIu64 " instructions\n", o->seed,
           seed - 1, done);
    return 0;
}

/* --dump: the program of --seed and --variant, disassembled. */
static int dump_program(const struct options *o)
{
    static struct gen_program prog;
    unsigned v = o->variant >= 0 ? (unsigned)o->variant : 0;
    if (gen_program(&prog, o->seed, v, o->gen_flags) < 0)
        return 2;
    printf("# seed %" PRIu64 " variant %s: %u items of code\n", o->seed, gen_variant_name(v),
           prog.ninsns);
    printf("# handler at 0x%llx\n", (unsigned long long)GEN_HANDLER);
    gen_print(prog.handler, 25 * 4, GEN_HANDLER);
    printf("# code at 0x%llx\n", (unsigned long long)GEN_CODE);
    gen_print(prog.code, GEN_CODE_SIZE, GEN_CODE);
    return 0;
}

/* --self-check: every deliberate fault of the interp-bad engine (register,
 * FP register, fflags, RAM) must be reported, in random programs and ELFs. */
#define SELF_CHECK_PROGRAMS 8
#define SELF_CHECK_STEPS    4000

static bool self_check_one(int r, const char *what)
{
    if (r == 1)
        return true;
    fprintf(stderr, "lockstep self-check: the fault in %s was not reported\n", what);
    return false;
}

static int self_check(struct session *s)
{
    FILE *null = fopen("/dev/null", "w");
    unsigned caught = 0, total = 0;
    char name[64];
    if (null)
        ls_out = null;
    for (unsigned k = 0; k < SELF_CHECK_PROGRAMS; k++, total++) {
        int r = run_random(s, s->o->seed + k, k % GEN_NVARIANTS, SELF_CHECK_STEPS);
        snprintf(name, sizeof(name), "random program %u", k + 1);
        caught += self_check_one(r, name);
    }
    for (int k = 0; k < s->o->nelfs; k++, total++)
        caught += self_check_one(run_elf(s, s->o->elfs[k]), s->o->elfs[k]);
    ls_out = stdout;
    if (null)
        fclose(null);
    printf("lockstep self-check: %u of %u deliberate faults reported\n", caught, total);
    return caught == total ? 0 : 1;
}

static int setup(struct session *s, const struct options *o)
{
    s->o = o;
    s->eng = ls_engine_find(o->engine);
    if (!s->eng) {
        fprintf(stderr, "lockstep: unknown engine '%s'\n", o->engine);
        return -1;
    }
    if (!strncmp(o->engine, "jit", 3)) {
        if (jit_init(JIT_CACHE_SIZE) < 0)
            return -1;
        jit_set_chaining(false);
    }
    if (ls_side_init(&s->test, s->eng->name) < 0 || ls_side_init(&s->ref, "interp-ref") < 0)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    static struct options o;
    static struct session s;
    if (parse_args(argc, argv, &o) < 0) {
        usage();
        return 2;
    }
    if (o.dump)
        return dump_program(&o);
    ls_out = stdout;
    if (setup(&s, &o) < 0)
        return 2;
    if (o.self_check) {
        int rc = self_check(&s);
        ls_side_free(&s.test);
        ls_side_free(&s.ref);
        return rc;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = 0;
    for (int k = 0; k < o.nelfs && !r; k++)
        r = run_elf(&s, o.elfs[k]);
    if (!r && o.random)
        r = run_all_random(&s);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ls_stats_print();
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("lockstep (%s vs interpreter): %u programs, %" PRIu64 " instructions, %.1f s: %s\n",
           s.eng->name, s.programs, s.steps, secs, r ? "FAILED" : "all agree");
    ls_side_free(&s.test);
    ls_side_free(&s.ref);
    return r;
}
