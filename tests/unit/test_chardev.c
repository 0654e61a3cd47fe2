/* SPDX-License-Identifier: MIT */
/* Unit tests for ui/chardev: the file and null back ends, stdio on a
 * pseudo-terminal (raw mode and its restoration on free, exit and signals),
 * flow control towards a slow device, and the Ctrl-A escape keys. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/chardev.h"

#define TEST_TIMEOUT_MS 3000

/* ---- a fake device: room it reports, bytes it got, quits it saw ---- */

struct test_rx {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    uint8_t data[1024];
    size_t len;
    size_t room;   /* free room the device reports */
    size_t chunk;  /* can_receive reports at most this much */
    bool overflow; /* receive got more than can_receive allowed */
    int quits;
    int can_receive_calls;
};

static size_t test_can_receive(void *opaque)
{
    struct test_rx *t = opaque;
    pthread_mutex_lock(&t->lock);
    size_t room = t->room < t->chunk ? t->room : t->chunk;
    t->can_receive_calls++;
    pthread_mutex_unlock(&t->lock);
    return room;
}

static void test_receive(void *opaque, const uint8_t *buf, size_t len)
{
    struct test_rx *t = opaque;
    pthread_mutex_lock(&t->lock);
    if (len == 0 || len > t->room || len > t->chunk || t->len + len > sizeof(t->data)) {
        t->overflow = true;
    } else {
        memcpy(t->data + t->len, buf, len);
        t->len += len;
        t->room -= len;
    }
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

static void test_on_quit(void *opaque)
{
    struct test_rx *t = opaque;
    pthread_mutex_lock(&t->lock);
    t->quits++;
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

static void test_rx_init(struct test_rx *t, size_t room, size_t chunk)
{
    memset(t, 0, sizeof(*t));
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->cond, NULL);
    t->room = room;
    t->chunk = chunk;
}

static int test_can_receive_calls(struct test_rx *t)
{
    pthread_mutex_lock(&t->lock);
    int calls = t->can_receive_calls;
    pthread_mutex_unlock(&t->lock);
    return calls;
}

static void test_attach(struct chardev *c, struct test_rx *t)
{
    struct chardev_receiver r = {test_can_receive, test_receive, t};
    chardev_set_receiver(c, &r);
}

static void test_deadline(struct timespec *ts, long ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_nsec += (ms % 1000) * 1000000L;
    ts->tv_sec += ms / 1000 + ts->tv_nsec / 1000000000L;
    ts->tv_nsec %= 1000000000L;
}

/* Wait (lock held) until t->len reaches n or the timeout passes. */
static size_t test_wait_len_locked(struct test_rx *t, size_t n, long ms)
{
    struct timespec deadline;
    test_deadline(&deadline, ms);
    while (t->len < n && !t->overflow)
        if (pthread_cond_timedwait(&t->cond, &t->lock, &deadline) == ETIMEDOUT)
            break;
    return t->len;
}

static size_t test_wait_len(struct test_rx *t, size_t n, long ms)
{
    pthread_mutex_lock(&t->lock);
    size_t len = test_wait_len_locked(t, n, ms);
    pthread_mutex_unlock(&t->lock);
    return len;
}

static double test_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- pseudo-terminal as the process's stdin ---- */

struct test_pty {
    int master;
    int slave;
    int saved_stdin;
    struct termios orig;
};

static void test_pty_open(struct test_pty *p)
{
    p->master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(p->master >= 0);
    assert_int_equal(grantpt(p->master), 0);
    assert_int_equal(unlockpt(p->master), 0);
    p->slave = open(ptsname(p->master), O_RDWR | O_NOCTTY);
    assert_true(p->slave >= 0);
    assert_int_equal(tcgetattr(p->slave, &p->orig), 0);
    p->saved_stdin = -1;
}

static void test_pty_as_stdin(struct test_pty *p)
{
    p->saved_stdin = dup(STDIN_FILENO);
    assert_true(p->saved_stdin >= 0);
    assert_int_equal(dup2(p->slave, STDIN_FILENO), STDIN_FILENO);
}

static void test_pty_close(struct test_pty *p)
{
    if (p->saved_stdin >= 0) {
        dup2(p->saved_stdin, STDIN_FILENO);
        close(p->saved_stdin);
    }
    close(p->slave);
    close(p->master);
}

static void test_master_write(struct test_pty *p, const void *buf, size_t len)
{
    assert_int_equal(write(p->master, buf, len), (ssize_t)len);
}

static void assert_termios_raw(int fd)
{
    struct termios t;
    assert_int_equal(tcgetattr(fd, &t), 0);
    assert_int_equal(t.c_lflag & (ICANON | ECHO | ISIG | IEXTEN), 0);
    assert_int_equal(t.c_iflag & (ICRNL | IXON | ISTRIP), 0);
    assert_int_equal(t.c_oflag & OPOST, 0);
    assert_int_equal(t.c_cflag & CSIZE, CS8);
}

/* Field by field: struct termios has padding that tcgetattr need not fill. */
static void assert_termios_equal(int fd, const struct termios *want)
{
    struct termios t;
    assert_int_equal(tcgetattr(fd, &t), 0);
    assert_int_equal(t.c_iflag, want->c_iflag);
    assert_int_equal(t.c_oflag, want->c_oflag);
    assert_int_equal(t.c_cflag, want->c_cflag);
    assert_int_equal(t.c_lflag, want->c_lflag);
    assert_memory_equal(t.c_cc, want->c_cc, sizeof(t.c_cc));
    assert_int_equal(cfgetispeed(&t), cfgetispeed(want));
    assert_int_equal(cfgetospeed(&t), cfgetospeed(want));
}

/* ---- stdout/stderr captured in a temporary file ---- */

struct test_capture {
    int fd; /* STDOUT_FILENO or STDERR_FILENO */
    int saved;
    FILE *file;
};

static void test_capture_start(struct test_capture *cap, int fd)
{
    fflush(stdout);
    fflush(stderr);
    cap->fd = fd;
    cap->file = tmpfile();
    assert_non_null(cap->file);
    cap->saved = dup(fd);
    assert_true(cap->saved >= 0);
    assert_int_equal(dup2(fileno(cap->file), fd), fd);
}

/* Restores the descriptor; returns what was written, NUL-terminated. */
static size_t test_capture_end(struct test_capture *cap, char *out, size_t size)
{
    fflush(stdout);
    fflush(stderr);
    dup2(cap->saved, cap->fd);
    close(cap->saved);
    ssize_t n = pread(fileno(cap->file), out, size - 1, 0);
    fclose(cap->file);
    cap->file = NULL;
    assert_true(n >= 0);
    out[n] = 0;
    return (size_t)n;
}

/* ---- file and null back ends ---- */

/* A file chardev's output file in a fresh temporary directory. */
struct out_file {
    char dir[32], path[128], spec[160];
};

static void out_file_make(struct out_file *o)
{
    snprintf(o->dir, sizeof(o->dir), "/tmp/rivet-chardev-XXXXXX");
    assert_non_null(mkdtemp(o->dir));
    snprintf(o->path, sizeof(o->path), "%s/serial.log", o->dir);
    snprintf(o->spec, sizeof(o->spec), "file:%s", o->path);
}

static void out_file_remove(const struct out_file *o)
{
    unlink(o->path);
    rmdir(o->dir);
}

static void test_file_writes_exact_bytes(void **state)
{
    (void)state;
    struct out_file o;
    out_file_make(&o);
    const char *path = o.path;

    FILE *old = fopen(path, "w"); /* old content must go: QEMU truncates */
    assert_non_null(old);
    fputs("stale content from a previous run", old);
    fclose(old);

    static const uint8_t part1[] = {'o', 'k', '\r', '\n', 0x00, 0x01, 0xff};
    static const uint8_t part2[] = "second\n";
    struct chardev *c = chardev_create(o.spec, NULL, NULL);
    assert_non_null(c);
    chardev_write(c, part1, sizeof(part1));
    chardev_write(c, part2, 0);
    chardev_write(c, part2, sizeof(part2) - 1);
    chardev_free(c);

    uint8_t got[128];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(got, 1, sizeof(got), f);
    fclose(f);
    assert_int_equal(n, sizeof(part1) + sizeof(part2) - 1);
    assert_memory_equal(got, part1, sizeof(part1));
    assert_memory_equal(got + sizeof(part1), part2, sizeof(part2) - 1);
    out_file_remove(&o);
}

static size_t file_size(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return (size_t)st.st_size;
}

/* Buffered bytes reach the file at a flush, before a plain write (order
 * kept), when the buffer fills, and when the chardev goes. */
static void test_buffered_write(void **state)
{
    (void)state;
    struct out_file o;
    out_file_make(&o);
    const char *path = o.path;
    struct chardev *c = chardev_create(o.spec, NULL, NULL);
    assert_non_null(c);
    chardev_write_buffered(c, (const uint8_t *)"ab", 2);
    assert_int_equal(file_size(path), 0);
    chardev_flush(c);
    assert_int_equal(file_size(path), 2);
    chardev_write_buffered(c, (const uint8_t *)"c", 1);
    chardev_write(c, (const uint8_t *)"d", 1);
    assert_int_equal(file_size(path), 4);
    static uint8_t big[5000];
    memset(big, 'x', sizeof(big));
    for (size_t k = 0; k < sizeof(big); k++)
        chardev_write_buffered(c, big + k, 1);
    size_t mid = file_size(path);
    assert_true(mid > 4 && mid < 4 + sizeof(big)); /* a full buffer went out */
    chardev_write_buffered(c, (const uint8_t *)"e", 1);
    chardev_free(c);
    assert_int_equal(file_size(path), 4 + sizeof(big) + 1);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char head[5];
    assert_int_equal(fread(head, 1, 4, f), 4);
    head[4] = 0;
    assert_string_equal(head, "abcd");
    fclose(f);
    out_file_remove(&o);
}

static void test_bad_specs_fail_with_message(void **state)
{
    (void)state;
    struct test_capture cap;
    char err[1024];

    test_capture_start(&cap, STDERR_FILENO);
    struct chardev *c = chardev_create("file:/nonexistent-rivet-dir/out.log", NULL, NULL);
    test_capture_end(&cap, err, sizeof(err));
    assert_null(c);
    assert_non_null(strstr(err, "/nonexistent-rivet-dir/out.log"));

    test_capture_start(&cap, STDERR_FILENO);
    c = chardev_create("tcp:1234", NULL, NULL);
    test_capture_end(&cap, err, sizeof(err));
    assert_null(c);
    assert_non_null(strstr(err, "tcp:1234"));

    test_capture_start(&cap, STDERR_FILENO);
    c = chardev_create("file:", NULL, NULL);
    test_capture_end(&cap, err, sizeof(err));
    assert_null(c);
    assert_true(strlen(err) > 0);
}

static void test_null_discards_and_has_no_input(void **state)
{
    (void)state;
    struct test_rx t;
    test_rx_init(&t, 100, 100);
    struct test_capture cap;
    char out[64];

    test_capture_start(&cap, STDOUT_FILENO);
    struct chardev *c = chardev_create("null", test_on_quit, &t);
    assert_non_null(c);
    chardev_write(c, (const uint8_t *)"gone", 4);
    test_attach(c, &t);
    chardev_accept_input(c);
    usleep(20000);
    chardev_free(c);
    assert_int_equal(test_capture_end(&cap, out, sizeof(out)), 0);
    assert_int_equal(t.can_receive_calls, 0);
}

/* ---- stdio on a pseudo-terminal ---- */

/* Set up and torn down by cmocka, so a failed test leaves stdin, stdout and
 * the terminal as they were for the tests after it. */
struct test_stdio {
    struct test_pty p;
    struct test_rx t;
    struct chardev *c;
    struct test_capture cap; /* cap.file is set while stdout is captured */
};

static int test_stdio_setup(void **state)
{
    struct test_stdio *s = calloc(1, sizeof(*s));
    assert_non_null(s);
    test_pty_open(&s->p);
    test_pty_as_stdin(&s->p);
    *state = s;
    return 0;
}

static int test_stdio_teardown(void **state)
{
    struct test_stdio *s = *state;
    char discard[64];
    if (s->cap.file)
        test_capture_end(&s->cap, discard, sizeof(discard));
    chardev_free(s->c);
    test_pty_close(&s->p);
    free(s);
    return 0;
}

static void test_stdio_raw_and_restored(void **state)
{
    struct test_stdio *s = *state;
    assert_true(s->p.orig.c_lflag & ICANON); /* a fresh pty starts cooked */
    test_rx_init(&s->t, 100, 100);
    s->c = chardev_create("stdio", test_on_quit, &s->t);
    assert_non_null(s->c);
    assert_termios_raw(s->p.slave);
    test_attach(s->c, &s->t);

    test_master_write(&s->p, "a\rb\x03", 4); /* CR and Ctrl-C pass unchanged */
    assert_int_equal(test_wait_len(&s->t, 4, TEST_TIMEOUT_MS), 4);
    assert_memory_equal(s->t.data, "a\rb\x03", 4);

    double start = test_now();
    chardev_free(s->c);
    s->c = NULL;
    assert_true(test_now() - start < 0.25); /* the wake pipe stops the idle thread */
    assert_termios_equal(s->p.slave, &s->p.orig);
    chardev_restore_terminal(); /* nothing held any more: no-op */
    assert_termios_equal(s->p.slave, &s->p.orig);
    assert_false(s->t.overflow);
    assert_int_equal(s->t.quits, 0);
}

static void test_stdio_only_once(void **state)
{
    struct test_stdio *s = *state;
    s->c = chardev_create("stdio", NULL, NULL);
    assert_non_null(s->c);

    struct test_capture cap;
    char err[512];
    test_capture_start(&cap, STDERR_FILENO);
    struct chardev *again = chardev_create("stdio", NULL, NULL);
    test_capture_end(&cap, err, sizeof(err));
    assert_null(again);
    assert_non_null(strstr(err, "stdio"));
    assert_termios_raw(s->p.slave); /* the failed attempt left it alone */

    chardev_free(s->c);
    s->c = NULL;
    assert_termios_equal(s->p.slave, &s->p.orig);
}

/* Hand the device 3 bytes of room each time it has used up the last. */
static int test_refill_until(struct test_stdio *s, size_t total, double limit)
{
    struct test_rx *t = &s->t;
    int refills = 0;
    double start = test_now();
    pthread_mutex_lock(&t->lock);
    while (t->len < total && !t->overflow && test_now() - start < limit) {
        struct timespec deadline;
        test_deadline(&deadline, 500);
        while (t->room > 0 && t->len < total && !t->overflow)
            if (pthread_cond_timedwait(&t->cond, &t->lock, &deadline) == ETIMEDOUT)
                break;
        if (t->room == 0) {
            t->room = 3;
            refills++;
            pthread_mutex_unlock(&t->lock);
            chardev_accept_input(s->c);
            pthread_mutex_lock(&t->lock);
        }
    }
    pthread_mutex_unlock(&t->lock);
    return refills;
}

/* The device has room for 3 bytes and frees it only when told to. */
static void test_flow_control_loses_nothing(void **state)
{
    enum { TOTAL = 200 };
    struct test_stdio *s = *state;
    test_rx_init(&s->t, 3, 3);
    s->c = chardev_create("stdio", test_on_quit, &s->t);
    assert_non_null(s->c);
    test_attach(s->c, &s->t);

    uint8_t sent[TOTAL];
    for (int i = 0; i < TOTAL; i++)
        sent[i] = (uint8_t)(0x20 + (i * 7) % 95); /* printable: no Ctrl-A */
    test_master_write(&s->p, sent, TOTAL);
    int refills = test_refill_until(s, TOTAL, 30.0); /* a hang guard, not a speed check */

    assert_false(s->t.overflow);
    assert_int_equal(s->t.len, TOTAL);
    assert_memory_equal(s->t.data, sent, TOTAL);
    assert_true(refills >= TOTAL / 3);
}

static void run_escape_keys(struct test_stdio *s, size_t chunk)
{
    /* quit, literal C-a, ignored 'c', dropped 'z', C-a C-a, help */
    static const char keys[] = "p\x01"
                               "xq\x01"
                               "ar\x01"
                               "cs\x01"
                               "zt\x01\x01"
                               "u\x01"
                               "hv";
    static const char want[] = "pq\x01"
                               "rst\x01"
                               "uv";
    char out[2048];
    test_rx_init(&s->t, sizeof(s->t.data), chunk);

    test_capture_start(&s->cap, STDOUT_FILENO);
    s->c = chardev_create("stdio", test_on_quit, &s->t);
    assert_non_null(s->c);
    test_attach(s->c, &s->t);
    test_master_write(&s->p, keys, sizeof(keys) - 1);
    size_t got = test_wait_len(&s->t, sizeof(want) - 1, TEST_TIMEOUT_MS);
    chardev_free(s->c);
    s->c = NULL;
    test_capture_end(&s->cap, out, sizeof(out));

    assert_false(s->t.overflow);
    assert_int_equal(got, sizeof(want) - 1);
    assert_memory_equal(s->t.data, want, sizeof(want) - 1);
    assert_int_equal(s->t.quits, 1);
    assert_non_null(strstr(out, "terminated"));
    assert_non_null(strstr(out, "C-a x    exit the emulator\r\n"));
    for (const char *nl = strchr(out, '\n'); nl; nl = strchr(nl + 1, '\n'))
        assert_int_equal(nl[-1], '\r'); /* raw tty: every line ends in \r\n */
}

static void test_escape_keys(void **state) { run_escape_keys(*state, 1024); }

/* One byte per read: an escape split across reads still works. */
static void test_escape_keys_split(void **state) { run_escape_keys(*state, 1); }

/* ---- stdio on a pipe: no termios, input until EOF, output verbatim ---- */

static void test_stdio_pipe_input_and_eof(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    int saved = dup(STDIN_FILENO);
    assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    close(fds[0]);

    struct test_rx t;
    test_rx_init(&t, 100, 100);
    struct test_capture cap;
    char out[64];
    test_capture_start(&cap, STDOUT_FILENO);
    struct chardev *c = chardev_create("stdio", test_on_quit, &t);
    assert_non_null(c);
    chardev_write(c, (const uint8_t *)"a\r\nb\n", 5);
    test_attach(c, &t);
    assert_int_equal(write(fds[1], "hello", 5), 5);
    close(fds[1]); /* EOF */
    size_t got = test_wait_len(&t, 5, TEST_TIMEOUT_MS);
    usleep(50000);
    int calls_after_eof = test_can_receive_calls(&t);
    usleep(100000);
    int calls_later = test_can_receive_calls(&t); /* the thread stopped reading */
    chardev_free(c);
    size_t n = test_capture_end(&cap, out, sizeof(out));

    dup2(saved, STDIN_FILENO);
    close(saved);
    assert_int_equal(got, 5);
    assert_memory_equal(t.data, "hello", 5);
    assert_int_equal(calls_later, calls_after_eof);
    assert_int_equal(t.quits, 0); /* EOF does not quit */
    assert_int_equal(n, 5);
    assert_memory_equal(out, "a\r\nb\n", 5); /* no translation on output */
}

/* ---- the terminal comes back when the process dies ---- */

static size_t test_child_can_receive(void *opaque)
{
    (void)opaque;
    return 64;
}

static void test_child_receive(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    (void)buf;
    (void)len;
}

/* In the child: raw stdio on the pty, tell the parent, then wait to die
 * (sig != 0) or exit without chardev_free (sig == 0). */
__attribute__((noreturn)) static void test_child_main(int slave, int ready_fd, int sig)
{
    dup2(slave, STDIN_FILENO);
    struct chardev *c = chardev_create("stdio", NULL, NULL);
    if (c) {
        struct chardev_receiver r = {test_child_can_receive, test_child_receive, NULL};
        chardev_set_receiver(c, &r);
    }
    if (write(ready_fd, c ? "r" : "f", 1) != 1 || !c)
        _exit(3);
    if (sig == 0)
        exit(7);
    alarm(5); /* never outlive a parent that failed before killing us */
    for (;;)
        pause();
}

static void run_child_restores(int sig)
{
    struct test_pty p;
    test_pty_open(&p);
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        test_child_main(p.slave, ready[1], sig);
    }
    close(ready[1]);
    char ch = 0;
    assert_int_equal(read(ready[0], &ch, 1), 1);
    close(ready[0]);
    assert_int_equal(ch, 'r');
    struct termios during;
    assert_int_equal(tcgetattr(p.slave, &during), 0);
    if (sig)
        assert_int_equal(kill(pid, sig), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (sig) {
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sig);
    } else {
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 7);
    }
    if (sig)
        assert_int_equal(during.c_lflag & (ICANON | ECHO | ISIG), 0); /* it was raw */
    assert_termios_equal(p.slave, &p.orig);
    test_pty_close(&p);
}

static void test_sigterm_restores_terminal(void **state)
{
    (void)state;
    run_child_restores(SIGTERM);
}

static void test_sighup_restores_terminal(void **state)
{
    (void)state;
    run_child_restores(SIGHUP);
}

static void test_exit_restores_terminal(void **state)
{
    (void)state;
    run_child_restores(0);
}

#define STDIO_TEST(f) cmocka_unit_test_setup_teardown(f, test_stdio_setup, test_stdio_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_writes_exact_bytes),
        cmocka_unit_test(test_buffered_write),
        cmocka_unit_test(test_bad_specs_fail_with_message),
        cmocka_unit_test(test_null_discards_and_has_no_input),
        STDIO_TEST(test_stdio_raw_and_restored),
        STDIO_TEST(test_stdio_only_once),
        STDIO_TEST(test_flow_control_loses_nothing),
        STDIO_TEST(test_escape_keys),
        STDIO_TEST(test_escape_keys_split),
        cmocka_unit_test(test_stdio_pipe_input_and_eof),
        cmocka_unit_test(test_sigterm_restores_terminal),
        cmocka_unit_test(test_sighup_restores_terminal),
        cmocka_unit_test(test_exit_restores_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
