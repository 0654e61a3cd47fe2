/* SPDX-License-Identifier: MIT */
/* Unit tests for util/opts.c: QEMU-style option strings as -drive, -netdev
 * and -device spell them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/opts.h"

#include <string.h>

static void test_implied_key_and_pairs(void **state)
{
    struct opts o;
    assert_int_equal(opts_parse(&o, "-netdev", "user,id=n0,hostfwd=tcp::2222-:22", "type"), 0);
    assert_int_equal(o.n, 3);
    assert_string_equal(opts_get(&o, "type"), "user");
    assert_string_equal(opts_get(&o, "id"), "n0");
    assert_string_equal(opts_get(&o, "hostfwd"), "tcp::2222-:22");
    assert_null(opts_get(&o, "ifname"));
    opts_free(&o);
}

static void test_repeated_keys(void **state)
{
    struct opts o;
    const char *all[4];
    assert_int_equal(opts_parse(&o, "-nic", "user,hostfwd=tcp::1-:2,hostfwd=udp::3-:4", "type"), 0);
    assert_int_equal(opts_get_all(&o, "hostfwd", all, 4), 2);
    assert_string_equal(all[0], "tcp::1-:2");
    assert_string_equal(all[1], "udp::3-:4");
    assert_int_equal(opts_get_all(&o, "hostfwd", all, 1), 1);
    assert_string_equal(opts_get(&o, "hostfwd"), "udp::3-:4"); /* the last one wins */
    opts_free(&o);
}

static void test_escaped_comma(void **state)
{
    struct opts o;
    assert_int_equal(opts_parse(&o, "-drive", "file=a,,b.img,if=virtio", NULL), 0);
    assert_string_equal(opts_get(&o, "file"), "a,b.img");
    assert_string_equal(opts_get(&o, "if"), "virtio");
    opts_free(&o);
}

static void test_bool(void **state)
{
    struct opts o;
    bool b = false;
    assert_int_equal(opts_parse(&o, "-drive", "readonly=on,snapshot=off,x=maybe", NULL), 0);
    assert_int_equal(opts_get_bool(&o, "readonly", false, &b), 0);
    assert_true(b);
    assert_int_equal(opts_get_bool(&o, "snapshot", true, &b), 0);
    assert_false(b);
    assert_int_equal(opts_get_bool(&o, "absent", true, &b), 0);
    assert_true(b);
    assert_int_equal(opts_get_bool(&o, "x", false, &b), -1);
    opts_free(&o);
}

static void test_errors(void **state)
{
    struct opts o;
    assert_int_equal(opts_parse(&o, "-drive", "virtio", NULL), -1); /* no implied key */
    opts_free(&o);
    assert_int_equal(opts_parse(&o, "-drive", "", NULL), -1);
    opts_free(&o);
    assert_int_equal(opts_parse(&o, "-drive", "=x", NULL), -1);
    opts_free(&o);
    assert_int_equal(opts_parse(&o, "-netdev", "user,tap", "type"), -1); /* one bare word only */
    opts_free(&o);
    static const char *const known[] = {"file", "if", NULL};
    assert_int_equal(opts_parse(&o, "-drive", "file=x,if=virtio", NULL), 0);
    assert_int_equal(opts_check_known(&o, known), 0);
    opts_free(&o);
    assert_int_equal(opts_parse(&o, "-drive", "file=x,bogus=1", NULL), 0);
    assert_int_equal(opts_check_known(&o, known), -1);
    opts_free(&o);
}

static void test_too_many(void **state)
{
    struct opts o;
    char arg[OPTS_MAX * 4 + 8] = "";
    for (int k = 0; k <= OPTS_MAX; k++)
        strcat(arg, k ? ",a=1" : "a=1");
    assert_int_equal(opts_parse(&o, "-device", arg, NULL), -1);
    opts_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_implied_key_and_pairs),
        cmocka_unit_test(test_repeated_keys),
        cmocka_unit_test(test_escaped_comma),
        cmocka_unit_test(test_bool),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_too_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
