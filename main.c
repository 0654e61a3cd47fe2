/* SPDX-License-Identifier: MIT */
/* Command line (QEMU's spelling, so tutorials carry over) -> machine config.
 * The only place that exits: 0 or the guest's status, 2 for a bad command line. */
#include "build/config.h"
#include "hw/devopts.h"
#include "hw/machine.h"
#include "util/log.h"
#include "util/util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2

static void usage(void)
{
    printf("Usage: rivet [options]\n"
           "Rivet %s: a RISC-V (RV64GC) full-system emulator.\n\n"
           "Machine:\n"
           "  -M, -machine virt[,dumpdtb=FILE]  board (only virt)\n"
           "  -m SIZE                 guest RAM, e.g. 512M, 2G (default 512M)\n"
           "  -smp N                  number of harts (default 1)\n"
           "  -accel jit|interp       execution engine (interp: the reference interpreter)\n"
           "Boot:\n"
           "  -bios FILE|none|default firmware at 0x80000000 (none: run -kernel in M-mode)\n"
           "  -kernel FILE            kernel image (ELF or raw); with -bios none, an ELF\n"
           "                          with a 'tohost' symbol reports its exit status via HTIF\n"
           "  -initrd FILE, -append STRING, -dtb FILE\n"
           "Devices (virtio-mmio; -device help lists them):\n"
           "  -drive file=F[,format=raw][,if=virtio|none][,id=ID][,readonly=on]\n"
           "         [,cache=writeback|none|unsafe][,snapshot=on]  disk image (raw or gzip'd raw)\n"
           "  -snapshot               write to a temporary overlay, never to the images\n"
           "  -netdev user,id=ID[,hostfwd=tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]\n"
           "  -netdev tap,id=ID,ifname=NAME  network back end (user: slirp, 10.0.2.0/24)\n"
           "  -nic user|tap[,hostfwd=...][,mac=M]  back end and virtio-net card in one\n"
           "  -device virtio-blk-device,drive=ID | virtio-net-device,netdev=ID\n"
           "          | virtio-rng-device | virtio-serial-device[,chardev=ID]\n"
           "  -chardev file,id=ID,path=P | null,id=ID  back end for virtio-serial-device\n"
           "Display and console:\n"
           "  -nographic              serial console on this terminal (the default)\n"
           "  -serial stdio|null|file:PATH  where the UART goes (Ctrl-A x quits, Ctrl-A h help)\n"
           "  -display none, -monitor none  accepted for QEMU compatibility\n"
           "Debugging:\n"
           "  -d ITEMS                trace items (-d help lists them)\n"
           "  -D FILE                 write traces to FILE\n"
           "  --version, -version     print the version\n"
           "  -h, --help              this text\n",
           RIVET_VERSION);
}

static int bad(const char *opt, const char *why)
{
    log_error("%s: %s", opt, why);
    return -1;
}

/* -machine virt[,dumpdtb=F] */
static int parse_machine(const char *arg, struct machine_config *cfg)
{
    char buf[512];
    if (strlen(arg) >= sizeof(buf))
        return bad("-machine", "argument too long");
    strcpy(buf, arg);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (!strcmp(tok, "virt") || !strcmp(tok, "type=virt"))
            continue;
        if (!strncmp(tok, "dumpdtb=", 8)) {
            cfg->dumpdtb = strdup(arg + (tok - buf) + 8);
            continue;
        }
        if (!strcmp(tok, "help")) {
            printf("Supported machines:\nvirt  RISC-V VirtIO board (QEMU virt compatible)\n");
            exit(0);
        }
        log_error("-machine: unsupported machine or property '%s' (supported: virt, dumpdtb=FILE)",
                  tok);
        return -1;
    }
    return 0;
}

static int parse_accel(const char *arg, struct machine_config *cfg)
{
    if (!strcmp(arg, "jit") || !strcmp(arg, "tcg"))
        cfg->accel = ACCEL_JIT;
    else if (!strcmp(arg, "interp"))
        cfg->accel = ACCEL_INTERP;
    else
        return bad("-accel", "expected jit or interp");
    return 0;
}

static bool takes_argument(const char *opt)
{
    static const char *const with_arg[] = {"-M",      "-machine", "-m",       "-smp", "-bios",
                                           "-kernel", "-initrd",  "-append",  "-dtb", "-accel",
                                           "-serial", "-display", "-monitor", "-d",   "-D"};
    for (size_t k = 0; k < ARRAY_SIZE(with_arg); k++)
        if (!strcmp(opt, with_arg[k]))
            return true;
    return false;
}

static struct devopts devices;

static int parse_args(int argc, char **argv, struct machine_config *cfg)
{
    for (int k = 1; k < argc; k++) {
        const char *opt = argv[k];
        if (opt[0] == '-' && opt[1] == '-' && opt[2])
            opt++; /* --kernel is -kernel, as in QEMU */
        if (!strcmp(opt, "-h") || !strcmp(opt, "-help")) {
            usage();
            exit(0);
        }
        if (!strcmp(opt, "-version")) {
            printf("rivet %s\n", RIVET_VERSION);
            exit(0);
        }
        if (!strcmp(opt, "-nographic"))
            continue; /* no display exists yet: the serial console is on stdio anyway */
        if (!strcmp(opt, "-snapshot")) {
            devices.snapshot = true;
            continue;
        }
        if (k + 1 >= argc) {
            log_error("%s: %s (try --help)", argv[k],
                      takes_argument(opt) || devopts_handles(opt) ? "missing argument"
                                                                  : "unknown option");
            return -1;
        }
        const char *arg = argv[++k];
        if (!strcmp(opt, "-M") || !strcmp(opt, "-machine")) {
            if (parse_machine(arg, cfg) < 0)
                return -1;
        } else if (!strcmp(opt, "-m")) {
            uint64_t size;
            if (util_parse_size(arg, &size) < 0)
                return bad("-m", "expected a size such as 512M or 2G");
            if (strspn(arg, "0123456789") == strlen(arg) && size < (1ull << 44))
                size <<= 20; /* plain numbers are MiB, as in QEMU */
            if (size < (1ull << 20) || (size & 0xfff) || size > (1ull << 40))
                return bad("-m", "RAM size must be a multiple of 4K between 1M and 1T");
            cfg->ram_size = size;
        } else if (!strcmp(opt, "-smp")) {
            char *end;
            long n = strtol(arg, &end, 10);
            if (*end || n < 1 || n > MACHINE_MAX_HARTS)
                return bad("-smp", "expected a number of harts from 1 to 8");
            cfg->smp = (unsigned)n;
        } else if (!strcmp(opt, "-bios")) {
            cfg->bios = arg;
        } else if (!strcmp(opt, "-kernel")) {
            cfg->kernel = arg;
        } else if (!strcmp(opt, "-initrd")) {
            cfg->initrd = arg;
        } else if (!strcmp(opt, "-append")) {
            cfg->append = arg;
        } else if (!strcmp(opt, "-dtb")) {
            cfg->dtb = arg;
        } else if (!strcmp(opt, "-accel")) {
            if (parse_accel(arg, cfg) < 0)
                return -1;
        } else if (!strcmp(opt, "-serial")) {
            if (!strcmp(arg, "mon:stdio"))
                arg = "stdio";
            if (strcmp(arg, "stdio") && strcmp(arg, "null") && strncmp(arg, "file:", 5))
                return bad("-serial", "expected stdio, mon:stdio, null or file:PATH");
            cfg->serial = arg;
        } else if (!strcmp(opt, "-display")) {
            if (strcmp(arg, "none") != 0)
                return bad("-display", "only 'none' is supported (no graphical display yet)");
        } else if (!strcmp(opt, "-monitor")) {
            if (strcmp(arg, "none") != 0)
                return bad("-monitor", "there is no monitor; only 'none' is accepted");
        } else if (!strcmp(opt, "-d")) {
            int r = log_parse_items(arg);
            if (r)
                return r;
        } else if (!strcmp(opt, "-D")) {
            if (log_open_file(arg) < 0)
                return -1;
        } else if (devopts_handles(opt)) {
            int r = devopts_add(&devices, opt, arg);
            if (r)
                return r;
        } else {
            log_error("%s: unknown option (try --help)", argv[k - 1]);
            return -1;
        }
    }
    if (devopts_finish(&devices) < 0)
        return -1;
    cfg->virtio = devices.dev;
    cfg->nvirtio = devices.ndev;
    return 0;
}

int main(int argc, char **argv)
{
    struct machine_config cfg = {
        .ram_size = 512ull << 20,
        .smp = 1,
        .bios = "default",
        .accel = ACCEL_JIT,
    };
    int r = parse_args(argc, argv, &cfg);
    if (r > 0)
        return 0; /* -d help */
    if (r < 0)
        return EXIT_USAGE;
    signal(SIGPIPE, SIG_IGN); /* a closed stdout is a write error, not a crash */
    struct machine *m = machine_create(&cfg);
    if (!m)
        return 1;
    int status = machine_run(m);
    machine_free(m);
    if (log_file)
        fclose(log_file);
    return status;
}
