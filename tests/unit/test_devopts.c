/* SPDX-License-Identifier: MIT */
/* Unit tests for hw/devopts.c: command-line device options (-drive, -snapshot,
 * -netdev, -nic, -device, -chardev) in, the virtio device list out, and one
 * message naming the option for every mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hw/devopts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEST_MSG_MAX 4096

static int test_setup(void **state)
{
    *state = calloc(1, sizeof(struct devopts));
    return *state ? 0 : -1;
}

static int test_teardown(void **state)
{
    free(*state); /* the option strings it points to are leaked, as in main() */
    return 0;
}

/* Feeds a NULL-terminated list of options, as main() does: "-snapshot"
 * stands alone, the others take the next word. Returns the first nonzero
 * devopts_add result, else devopts_finish's. */
static int run_args(struct devopts *d, const char *const *args)
{
    for (; *args; args++) {
        if (!strcmp(*args, "-snapshot")) {
            d->snapshot = true;
            continue;
        }
        assert_true(devopts_handles(args[0]));
        assert_non_null(args[1]);
        int r = devopts_add(d, args[0], args[1]);
        if (r)
            return r;
        args++;
    }
    return devopts_finish(d);
}

#define RUN(d, ...) run_args((d), (const char *const[]){__VA_ARGS__, NULL})

/* Output of fd (stdout or stderr) going to a temporary file. */
struct test_capture {
    FILE *tmp;
    int fd, saved;
};

static void capture_begin(struct test_capture *c, int fd)
{
    c->fd = fd;
    assert_non_null(c->tmp = tmpfile());
    fflush(NULL);
    assert_true((c->saved = dup(fd)) >= 0);
    assert_true(dup2(fileno(c->tmp), fd) >= 0);
}

/* Stops capturing; msg (TEST_MSG_MAX bytes) gets what was written. */
static void capture_end(struct test_capture *c, char *msg)
{
    fflush(NULL);
    dup2(c->saved, c->fd);
    close(c->saved);
    rewind(c->tmp);
    size_t n = fread(msg, 1, TEST_MSG_MAX - 1, c->tmp);
    msg[n] = '\0';
    fclose(c->tmp);
}

/* run_args with stderr captured into msg (TEST_MSG_MAX bytes). */
static int run_captured(struct devopts *d, const char *const *args, char *msg)
{
    struct test_capture c;
    capture_begin(&c, STDERR_FILENO);
    int r = run_args(d, args);
    capture_end(&c, msg);
    return r;
}

/* The sequence must fail with one line on stderr containing want. */
static void expect_error_args(const char *const *args, const char *want)
{
    struct devopts *d = calloc(1, sizeof(*d));
    char msg[TEST_MSG_MAX];
    assert_non_null(d);
    int r = run_captured(d, args, msg);
    if (r != -1 || !strstr(msg, want) || strchr(msg, '\n') != msg + strlen(msg) - 1)
        fail_msg("expected -1 and one line with '%s'; got %d and '%s'", want, r, msg);
    free(d);
}

#define EXPECT_ERROR(want, ...) expect_error_args((const char *const[]){__VA_ARGS__, NULL}, (want))

static void assert_mac(const uint8_t *mac, const char *want)
{
    char s[18];
    snprintf(s, sizeof(s), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
    assert_string_equal(s, want);
}

/* ---- disks ---- */

static void test_drive_defaults(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-drive", "file=disk.img"), 0);
    assert_int_equal(d->ndev, 1);
    const struct devopts_device *dev = &d->dev[0];
    assert_int_equal(dev->kind, DEVOPTS_BLK);
    assert_string_equal(dev->blk.file, "disk.img");
    assert_string_equal(dev->blk.option, "-drive file=disk.img");
    assert_false(dev->blk.readonly);
    assert_false(dev->blk.snapshot);
    assert_int_equal(dev->blk.cache, BLOCK_CACHE_WRITEBACK);
    assert_null(dev->serial);
}

static void test_drive_properties(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-drive",
                         "file=a,,b.img,format=raw,if=virtio,readonly=on,cache=none,serial=S1,"
                         "media=disk,id=d0",
                         "-drive", "file=c.img,cache=unsafe,snapshot=on", "-drive",
                         "file=e.img,cache=writeback,readonly=off"),
                     0);
    assert_int_equal(d->ndev, 3);
    assert_string_equal(d->dev[0].blk.file, "a,b.img");
    assert_true(d->dev[0].blk.readonly);
    assert_false(d->dev[0].blk.snapshot);
    assert_int_equal(d->dev[0].blk.cache, BLOCK_CACHE_NONE);
    assert_string_equal(d->dev[0].serial, "S1");
    assert_string_equal(d->dev[1].blk.file, "c.img");
    assert_true(d->dev[1].blk.snapshot);
    assert_false(d->dev[1].blk.readonly);
    assert_int_equal(d->dev[1].blk.cache, BLOCK_CACHE_UNSAFE);
    assert_int_equal(d->dev[2].blk.cache, BLOCK_CACHE_WRITEBACK);
    assert_false(d->dev[2].blk.readonly);
}

/* -snapshot applies to every drive, wherever it stands; snapshot=off wins. */
static void test_snapshot_option(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-drive", "file=a.img", "-drive", "file=b.img,snapshot=off", "-drive",
                         "if=none,id=d2,file=c.img", "-device", "virtio-blk-device,drive=d2",
                         "-snapshot"),
                     0);
    assert_int_equal(d->ndev, 3);
    assert_true(d->dev[0].blk.snapshot);
    assert_false(d->dev[1].blk.snapshot);
    assert_true(d->dev[2].blk.snapshot);
    assert_string_equal(d->dev[2].blk.file, "c.img");
}

/* -drive if=none + -device: the device's serial= overrides the drive's. */
static void test_drive_if_none(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-drive", "if=none,id=d0,file=a.img,serial=DRV", "-drive",
                         "if=none,id=d1,file=b.img,serial=DRV1", "-device",
                         "virtio-blk-device,drive=d1", "-device",
                         "virtio-blk-device,drive=d0,serial=DEV"),
                     0);
    assert_int_equal(d->ndev, 2);
    assert_string_equal(d->dev[0].blk.file, "b.img"); /* device order, not drive order */
    assert_string_equal(d->dev[0].serial, "DRV1");
    assert_string_equal(d->dev[1].blk.file, "a.img");
    assert_string_equal(d->dev[1].serial, "DEV");
    assert_string_equal(d->dev[1].blk.option, "-drive if=none,id=d0,file=a.img,serial=DRV");
}

/* Slots follow the command line: -device, -nic and -drive if=virtio where
 * they stand; -drive if=none, -netdev and -chardev take none. */
static void test_slot_order(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-device", "virtio-rng-device", "-drive", "file=a.img", "-netdev",
                         "user,id=n0", "-nic", "user", "-drive", "if=none,id=d1,file=b.img",
                         "-chardev", "null,id=c0", "-device", "virtio-serial-device,chardev=c0",
                         "-device", "virtio-blk-device,drive=d1", "-device",
                         "virtio-net-device,netdev=n0"),
                     0);
    static const enum devopts_kind want[] = {DEVOPTS_RNG,     DEVOPTS_BLK, DEVOPTS_NET,
                                             DEVOPTS_CONSOLE, DEVOPTS_BLK, DEVOPTS_NET};
    assert_int_equal(d->ndev, 6);
    for (unsigned k = 0; k < 6; k++)
        assert_int_equal(d->dev[k].kind, want[k]);
    assert_string_equal(d->dev[1].blk.file, "a.img");
    assert_string_equal(d->dev[4].blk.file, "b.img");
    assert_null(d->dev[2].net.id);
    assert_string_equal(d->dev[5].net.id, "n0");
}

static void test_eight_devices(void **state)
{
    struct devopts *d = *state;
    const char *args[2 * DEVOPTS_MAX_DEVICES + 1];
    for (unsigned k = 0; k < DEVOPTS_MAX_DEVICES; k++) {
        args[2 * k] = "-device";
        args[2 * k + 1] = "virtio-rng-device";
    }
    args[2 * DEVOPTS_MAX_DEVICES] = NULL;
    assert_int_equal(run_args(d, args), 0);
    assert_int_equal(d->ndev, DEVOPTS_MAX_DEVICES);
}

/* ---- network ---- */

static void test_netdev_user(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-netdev", "user,id=n0,hostfwd=tcp::2222-:22,hostfwd=udp::5555-:5555",
                         "-device", "virtio-net-device,netdev=n0"),
                     0);
    assert_int_equal(d->ndev, 1);
    const struct devopts_device *dev = &d->dev[0];
    assert_int_equal(dev->kind, DEVOPTS_NET);
    assert_int_equal(dev->net.type, NETDEV_USER);
    assert_string_equal(dev->net.id, "n0");
    assert_int_equal(dev->net.nhostfwd, 2);
    assert_string_equal(dev->net.hostfwd[0], "tcp::2222-:22");
    assert_string_equal(dev->net.hostfwd[1], "udp::5555-:5555");
    assert_null(dev->net.ifname);
    assert_string_equal(dev->net.option,
                        "-netdev user,id=n0,hostfwd=tcp::2222-:22,hostfwd=udp::5555-:5555");
    assert_mac(dev->mac, "52:54:00:12:34:56");
}

static void test_nic_user(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-nic", "user,model=virtio-net-device,hostfwd=tcp:127.0.0.1:8080-:80",
                         "-nic", "none", "-nic", "user,model=virtio"),
                     0);
    assert_int_equal(d->ndev, 2); /* none adds nothing */
    assert_int_equal(d->dev[0].net.type, NETDEV_USER);
    assert_int_equal(d->dev[0].net.nhostfwd, 1);
    assert_string_equal(d->dev[0].net.hostfwd[0], "tcp:127.0.0.1:8080-:80");
    assert_int_equal(d->dev[1].net.nhostfwd, 0);
    assert_string_equal(d->dev[1].net.option, "-nic user,model=virtio");
}

/* QEMU's defaults: ...:56 for the first card, :57 for the second, counting
 * cards with an explicit mac too; other devices do not count. */
static void test_default_macs(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-nic", "user", "-device", "virtio-rng-device", "-nic",
                         "user,mac=02:00:00:AB:cd:0f", "-netdev", "user,id=n2", "-device",
                         "virtio-net-device,netdev=n2", "-nic", "user"),
                     0);
    assert_int_equal(d->ndev, 5);
    assert_mac(d->dev[0].mac, "52:54:00:12:34:56");
    assert_mac(d->dev[2].mac, "02:00:00:ab:cd:0f");
    assert_mac(d->dev[3].mac, "52:54:00:12:34:58");
    assert_mac(d->dev[4].mac, "52:54:00:12:34:59");
}

static void test_two_cards_macs(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-netdev", "user,id=a", "-netdev", "user,id=b", "-device",
                         "virtio-net-device,netdev=b", "-device",
                         "virtio-net-device,netdev=a,mac=52:54:00:00:00:01"),
                     0);
    assert_string_equal(d->dev[0].net.id, "b");
    assert_mac(d->dev[0].mac, "52:54:00:12:34:56");
    assert_string_equal(d->dev[1].net.id, "a");
    assert_mac(d->dev[1].mac, "52:54:00:00:00:01");
}

static void test_tap(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-netdev", "tap,id=t0,ifname=tap0,script=no,downscript=no", "-device",
                         "virtio-net-device,netdev=t0", "-nic", "tap,ifname=tap1"),
                     0);
    assert_int_equal(d->ndev, 2);
    assert_int_equal(d->dev[0].net.type, NETDEV_TAP);
    assert_string_equal(d->dev[0].net.ifname, "tap0");
    assert_string_equal(d->dev[0].net.id, "t0");
    assert_int_equal(d->dev[1].net.type, NETDEV_TAP);
    assert_string_equal(d->dev[1].net.ifname, "tap1");
}

/* ---- rng and console ---- */

static void test_console_chardevs(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-chardev", "file,id=c0,path=/tmp/hvc,,0.log", "-chardev", "null,id=c1",
                         "-device", "virtio-serial-device,chardev=c0", "-device",
                         "virtio-serial-device,chardev=c1", "-device", "virtio-serial-device"),
                     0);
    assert_int_equal(d->ndev, 3);
    for (unsigned k = 0; k < 3; k++)
        assert_int_equal(d->dev[k].kind, DEVOPTS_CONSOLE);
    assert_string_equal(d->dev[0].chardev, "file:/tmp/hvc,0.log");
    assert_string_equal(d->dev[1].chardev, "null");
    assert_string_equal(d->dev[2].chardev, "null");
}

/* virtconsole gives the last virtio-serial-device its back end and takes
 * no slot of its own. */
static void test_virtconsole(void **state)
{
    struct devopts *d = *state;
    assert_int_equal(RUN(d, "-chardev", "file,id=c0,path=out.txt", "-device",
                         "virtio-serial-device", "-device", "virtio-serial-device", "-device",
                         "virtio-rng-device", "-device", "virtconsole,chardev=c0,name=con0,id=vc0"),
                     0);
    assert_int_equal(d->ndev, 3);
    assert_string_equal(d->dev[0].chardev, "null");
    assert_string_equal(d->dev[1].chardev, "file:out.txt");
    assert_int_equal(d->dev[2].kind, DEVOPTS_RNG);
}

static void test_device_help(void **state)
{
    struct devopts *d = *state;
    struct test_capture c;
    char out[TEST_MSG_MAX];
    capture_begin(&c, STDOUT_FILENO);
    int r = devopts_add(d, "-device", "help");
    capture_end(&c, out);
    assert_int_equal(r, 1);
    assert_non_null(strstr(out, "virtio-blk-device,drive=ID"));
    assert_non_null(strstr(out, "virtconsole,chardev=ID"));
    capture_begin(&c, STDOUT_FILENO);
    r = devopts_add(d, "-device", "?");
    capture_end(&c, out);
    assert_int_equal(r, 1);
    assert_non_null(strstr(out, "virtio-rng-device"));
    assert_int_equal(d->nreq, 0);
    assert_true(devopts_handles("-drive") && devopts_handles("-netdev") &&
                devopts_handles("-nic") && devopts_handles("-device") &&
                devopts_handles("-chardev"));
    assert_false(devopts_handles("-snapshot")); /* takes no argument: main() sets it */
    assert_false(devopts_handles("-kernel"));
    capture_begin(&c, STDERR_FILENO);
    r = devopts_add(d, "-kernel", "x");
    capture_end(&c, out);
    assert_int_equal(r, -1);
    assert_string_equal(out, "rivet: -kernel: not a device option\n");
}

/* ---- errors: each one line naming the option, result -1 ---- */

static void test_error_devices(void **state)
{
    EXPECT_ERROR("unknown device 'virtio-gpu-device'", "-device", "virtio-gpu-device");
    EXPECT_ERROR("no PCI bus", "-drive", "if=none,id=d0,file=a", "-device",
                 "virtio-blk-pci,drive=d0");
    EXPECT_ERROR("-device virtio-net-pci: this machine has no PCI", "-device", "virtio-net-pci");
    EXPECT_ERROR("all 8 virtio-mmio slots", "-device", "virtio-rng-device", "-device",
                 "virtio-rng-device", "-device", "virtio-rng-device", "-device",
                 "virtio-rng-device", "-drive", "file=1", "-drive", "file=2", "-nic", "user",
                 "-device", "virtio-serial-device", "-drive", "file=9.img");
    EXPECT_ERROR("-device virtio-rng-device,foo=1: unknown property 'foo'", "-device",
                 "virtio-rng-device,foo=1");
    EXPECT_ERROR("needs a driver", "-device", "drive=d0");
    EXPECT_ERROR("needs a -device virtio-serial-device before it", "-chardev", "null,id=c0",
                 "-device", "virtconsole,chardev=c0");
    EXPECT_ERROR("empty argument", "-device", "");
}

static void test_error_references(void **state)
{
    EXPECT_ERROR("-device virtio-blk-device: needs drive=ID", "-device", "virtio-blk-device");
    EXPECT_ERROR("needs netdev=ID", "-device", "virtio-net-device");
    EXPECT_ERROR("no -drive with id 'd9'", "-drive", "if=none,id=d0,file=a", "-device",
                 "virtio-blk-device,drive=d9");
    EXPECT_ERROR("no -netdev with id 'x'", "-device", "virtio-net-device,netdev=x");
    EXPECT_ERROR("no -chardev with id 'c1'", "-chardev", "null,id=c0", "-device",
                 "virtio-serial-device,chardev=c1");
    /* if=virtio refers to its drive as "#N"; a user's "#N" must not reach past the table */
    EXPECT_ERROR("no -drive with id '#7'", "-drive", "if=none,id=d0,file=a", "-device",
                 "virtio-blk-device,drive=#7");
    EXPECT_ERROR("no -drive with id '#99999'", "-device", "virtio-blk-device,drive=#99999");
    EXPECT_ERROR("'d0' is already used", "-drive", "if=none,id=d0,file=a", "-device",
                 "virtio-blk-device,drive=d0", "-device", "virtio-blk-device,drive=d0");
    EXPECT_ERROR("'n0' is already used", "-netdev", "user,id=n0", "-device",
                 "virtio-net-device,netdev=n0", "-device", "virtio-net-device,netdev=n0");
    EXPECT_ERROR("'c0' is already used", "-chardev", "null,id=c0", "-device",
                 "virtio-serial-device,chardev=c0", "-device", "virtio-serial-device,chardev=c0");
    EXPECT_ERROR("-drive if=none,id=d0,file=a: no device uses this drive", "-drive",
                 "if=none,id=d0,file=a");
    EXPECT_ERROR("-netdev user,id=n0: no device uses this netdev", "-netdev", "user,id=n0");
    EXPECT_ERROR("id 'd0' is used twice", "-drive", "if=none,id=d0,file=a", "-drive",
                 "if=none,id=d0,file=b");
    EXPECT_ERROR("id 'n0' is used twice", "-netdev", "user,id=n0", "-netdev", "tap,id=n0");
    EXPECT_ERROR("id 'c0' is used twice", "-chardev", "null,id=c0", "-chardev", "null,id=c0");
    EXPECT_ERROR("-netdev user: needs id=NAME", "-netdev", "user");
    EXPECT_ERROR("-chardev null: needs id=NAME", "-chardev", "null");
    EXPECT_ERROR("if=none needs id=NAME", "-drive", "if=none,file=a");
}

static void test_error_drive(void **state)
{
    EXPECT_ERROR("-drive if=virtio: needs file=PATH", "-drive", "if=virtio");
    EXPECT_ERROR("needs file=PATH", "-drive", "file=");
    EXPECT_ERROR("format=qcow2 is not supported", "-drive", "file=a.qcow2,format=qcow2");
    EXPECT_ERROR("if=ide", "-drive", "file=a,if=ide");
    EXPECT_ERROR("cache=directsync: expected writeback, none or unsafe", "-drive",
                 "file=a,cache=directsync");
    EXPECT_ERROR("media=cdrom is not supported", "-drive", "file=a,media=cdrom");
    EXPECT_ERROR("readonly=maybe: expected on or off", "-drive", "file=a,readonly=maybe");
    EXPECT_ERROR("snapshot=2: expected on or off", "-drive", "file=a,snapshot=2");
    EXPECT_ERROR("-drive file=a,aio=native: unknown property 'aio'", "-drive", "file=a,aio=native");
    EXPECT_ERROR("unknown property 'bogus'", "-drive", "if=none,id=d0,file=a", "-device",
                 "virtio-blk-device,drive=d0,bogus=1");
    EXPECT_ERROR("not of the form key=value", "-drive", "a.img");
}

static void test_error_mac(void **state)
{
    EXPECT_ERROR("mac=52:54:00:12:34: expected six hex bytes", "-nic", "user,mac=52:54:00:12:34");
    EXPECT_ERROR("expected six hex bytes", "-nic", "user,mac=52:54:00:12:34:5g");
    EXPECT_ERROR("expected six hex bytes", "-nic", "user,mac=52:54:00:12:34:56:78");
    EXPECT_ERROR("byte 6 is out of range", "-nic", "user,mac=52:54:00:12:34:100");
    EXPECT_ERROR("mac=01:00:5e:00:00:01 is a multicast address", "-netdev", "user,id=n0", "-device",
                 "virtio-net-device,netdev=n0,mac=01:00:5e:00:00:01");
    EXPECT_ERROR("multicast", "-nic", "user,mac=53:54:00:12:34:56");
}

static void test_error_netdev(void **state)
{
    EXPECT_ERROR("interface scripts are not run", "-netdev",
                 "tap,id=t0,ifname=tap0,script=/etc/qemu-ifup", "-device",
                 "virtio-net-device,netdev=t0");
    EXPECT_ERROR("interface scripts are not run", "-nic", "tap,ifname=tap0,downscript=down.sh");
    EXPECT_ERROR("tap needs ifname=NAME", "-nic", "tap");
    EXPECT_ERROR("network type 'socket' is not supported", "-netdev", "socket,id=s0", "-device",
                 "virtio-net-device,netdev=s0");
    EXPECT_ERROR("network type 'bridge' is not supported", "-nic", "bridge");
    EXPECT_ERROR("model=e1000: this machine has virtio-net-device only", "-nic",
                 "user,model=e1000");
    EXPECT_ERROR("-netdev user,id=n0,ifname=x: unknown property 'ifname'", "-netdev",
                 "user,id=n0,ifname=x", "-device", "virtio-net-device,netdev=n0");
    EXPECT_ERROR("unknown property 'hostfwd'", "-netdev", "tap,id=t0,ifname=t,hostfwd=tcp::1-:1",
                 "-device", "virtio-net-device,netdev=t0");
    EXPECT_ERROR("unknown property 'foo'", "-nic", "user,foo=1");
    /* -nic takes the keys of its own type only */
    EXPECT_ERROR("-nic user,ifname=tap0: unknown property 'ifname'", "-nic", "user,ifname=tap0");
    EXPECT_ERROR("unknown property 'hostfwd'", "-nic", "tap,ifname=tap0,hostfwd=tcp::1-:1");
    EXPECT_ERROR("at most 8 hostfwd rules", "-nic",
                 "user,hostfwd=tcp::1-:1,hostfwd=tcp::2-:1,hostfwd=tcp::3-:1,hostfwd=tcp::4-:1,"
                 "hostfwd=tcp::5-:1,hostfwd=tcp::6-:1,hostfwd=tcp::7-:1,hostfwd=tcp::8-:1,"
                 "hostfwd=tcp::9-:1");
    EXPECT_ERROR("-nic id=x: needs a type", "-nic", "id=x");
    EXPECT_ERROR("-netdev id=n0: needs a type", "-netdev", "id=n0");
}

static void test_error_chardev(void **state)
{
    EXPECT_ERROR("chardev type 'socket' is not supported", "-chardev", "socket,id=c0", "-device",
                 "virtio-serial-device,chardev=c0");
    EXPECT_ERROR("chardev type 'stdio' is not supported", "-chardev", "stdio,id=c0", "-device",
                 "virtio-serial-device", "-device", "virtconsole,chardev=c0");
    EXPECT_ERROR("file needs path=PATH", "-chardev", "file,id=c0", "-device",
                 "virtio-serial-device,chardev=c0");
    EXPECT_ERROR("unknown property 'mux'", "-chardev", "null,id=c0,mux=on", "-device",
                 "virtio-serial-device,chardev=c0");
    EXPECT_ERROR("-chardev id=c0: needs a type", "-chardev", "id=c0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_drive_defaults, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_drive_properties, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_snapshot_option, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_drive_if_none, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_slot_order, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_eight_devices, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_netdev_user, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_nic_user, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_default_macs, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_two_cards_macs, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_tap, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_console_chardevs, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_virtconsole, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_device_help, test_setup, test_teardown),
        cmocka_unit_test(test_error_devices),
        cmocka_unit_test(test_error_references),
        cmocka_unit_test(test_error_drive),
        cmocka_unit_test(test_error_mac),
        cmocka_unit_test(test_error_netdev),
        cmocka_unit_test(test_error_chardev),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
