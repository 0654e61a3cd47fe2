/* SPDX-License-Identifier: MIT */
/* Character back ends: stdio (with the Ctrl-A escape keys), file and null.
 * Input comes from one thread per chardev that reads only as many bytes as
 * the device has room for; the terminal itself is handled by ui/term.c. */
#include "chardev.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "term.h"
#include "util/log.h"

#define CHARDEV_ESCAPE        0x01 /* Ctrl-A, as in QEMU's -nographic */
#define CHARDEV_READ_MAX      256  /* bytes per read(), at most */
#define CHARDEV_POLL_MS       500  /* input poll; the wake pipe ends it sooner */
#define CHARDEV_ROOM_WAIT_MS  50   /* safety net if accept_input is missed */
#define CHARDEV_WRITE_POLL_MS 1000 /* wait for a non-blocking output fd */
#define CHARDEV_OUT_BUF       4096 /* chardev_write_buffered's buffer */

static const char chardev_help[] = "\r\n"
                                   "C-a h    print this help\r\n"
                                   "C-a x    exit the emulator\r\n"
                                   "C-a a    send C-a to the guest (C-a C-a too)\r\n"
                                   "C-a c    ignored (there is no monitor)\r\n"
                                   "Other keys after C-a are dropped.\r\n";

static const char chardev_quit_msg[] = "\r\nrivet: terminated (C-a x)\r\n";

enum chardev_kind { CHARDEV_NULL, CHARDEV_STDIO, CHARDEV_FILE };

struct chardev {
    enum chardev_kind kind;
    int out_fd; /* -1: output is discarded */
    int in_fd;  /* -1: no input */
    bool owns_out_fd;
    void (*on_quit)(void *opaque);
    void *quit_opaque;

    pthread_mutex_t write_lock; /* one writer at a time (device, help text) */
    bool out_broken;            /* a write failed: drop further output */
    size_t out_len;             /* bytes in out_buf (read unlocked by chardev_flush) */
    uint8_t out_buf[CHARDEV_OUT_BUF];

    pthread_mutex_t lock;     /* guards rx .. stopping */
    pthread_cond_t room_cond; /* signalled by chardev_accept_input */
    struct chardev_receiver rx;
    uint64_t accept_seq; /* bumped by chardev_accept_input */
    bool stopping;

    bool thread_started;
    pthread_t thread;
    int wake_pipe[2];    /* chardev_free writes here to stop the thread */
    bool escape_pending; /* input thread only: Ctrl-A was the last key */
};

/* Only one chardev may own the process's stdin/stdout and its terminal. */
static bool chardev_stdio_taken;

static int chardev_write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            poll(&p, 1, CHARDEV_WRITE_POLL_MS);
        } else if (n == 0 || errno != EINTR) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
    }
    return 0;
}

static void write_locked(struct chardev *c, const uint8_t *buf, size_t len)
{
    if (len && !c->out_broken && chardev_write_all(c->out_fd, buf, len) < 0) {
        c->out_broken = true;
        log_error("serial output failed: %s; further output is dropped", strerror(errno));
    }
}

static void flush_locked(struct chardev *c)
{
    write_locked(c, c->out_buf, __atomic_load_n(&c->out_len, __ATOMIC_RELAXED));
    __atomic_store_n(&c->out_len, 0, __ATOMIC_RELAXED);
}

void chardev_write(struct chardev *c, const uint8_t *buf, size_t len)
{
    if (c->out_fd < 0 || len == 0)
        return;
    pthread_mutex_lock(&c->write_lock);
    flush_locked(c); /* buffered bytes first: the order is kept */
    write_locked(c, buf, len);
    pthread_mutex_unlock(&c->write_lock);
}

void chardev_write_buffered(struct chardev *c, const uint8_t *buf, size_t len)
{
    if (c->out_fd < 0 || len == 0)
        return;
    pthread_mutex_lock(&c->write_lock);
    if (__atomic_load_n(&c->out_len, __ATOMIC_RELAXED) + len > sizeof(c->out_buf))
        flush_locked(c);
    size_t n = __atomic_load_n(&c->out_len, __ATOMIC_RELAXED);
    if (len > sizeof(c->out_buf)) {
        write_locked(c, buf, len);
    } else {
        memcpy(c->out_buf + n, buf, len);
        __atomic_store_n(&c->out_len, n + len, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&c->write_lock);
}

void chardev_flush(struct chardev *c)
{
    if (!c || !__atomic_load_n(&c->out_len, __ATOMIC_RELAXED))
        return;
    pthread_mutex_lock(&c->write_lock);
    flush_locked(c);
    pthread_mutex_unlock(&c->write_lock);
}

static void chardev_write_text(struct chardev *c, const char *s)
{
    chardev_write(c, (const uint8_t *)s, strlen(s));
}

/* The key after Ctrl-A. Returns the byte to pass to the guest, or -1.
 * Unknown keys are dropped, as QEMU does. */
static int chardev_escape_key(struct chardev *c, uint8_t key)
{
    switch (key) {
    case 'a':
    case CHARDEV_ESCAPE: return CHARDEV_ESCAPE;
    case 'x':
        chardev_write_text(c, chardev_quit_msg);
        if (c->on_quit)
            c->on_quit(c->quit_opaque);
        return -1;
    case 'h':
    case '?': chardev_write_text(c, chardev_help); return -1;
    default: return -1;
    }
}

/* Act on the escape keys in buf and squeeze them out, in place. Each input
 * byte yields at most one output byte, so the result fits the device's room. */
static size_t chardev_filter_input(struct chardev *c, uint8_t *buf, size_t len)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        int ch = buf[i];
        if (c->escape_pending) {
            c->escape_pending = false;
            ch = chardev_escape_key(c, buf[i]);
        } else if (ch == CHARDEV_ESCAPE) {
            c->escape_pending = true;
            ch = -1;
        }
        if (ch >= 0)
            buf[out++] = (uint8_t)ch;
    }
    return out;
}

static void chardev_deadline(struct timespec *ts, long ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_nsec += ms * 1000000L;
    ts->tv_sec += ts->tv_nsec / 1000000000L;
    ts->tv_nsec %= 1000000000L;
}

/* Sleep until chardev_accept_input runs after the snapshot `seq` was taken,
 * or stop is asked, or the safety-net timeout passes. */
static void chardev_wait_accept(struct chardev *c, uint64_t seq)
{
    struct timespec deadline;
    chardev_deadline(&deadline, CHARDEV_ROOM_WAIT_MS);
    pthread_mutex_lock(&c->lock);
    while (c->accept_seq == seq && !c->stopping)
        if (pthread_cond_timedwait(&c->room_cond, &c->lock, &deadline) == ETIMEDOUT)
            break;
    pthread_mutex_unlock(&c->lock);
}

/* Wait until the device has room. Returns the room and the receiver it was
 * asked of, or 0 when the chardev is being freed. The device callbacks run
 * without c->lock held, so they may call chardev_accept_input. */
static size_t chardev_wait_room(struct chardev *c, struct chardev_receiver *rx)
{
    for (;;) {
        pthread_mutex_lock(&c->lock);
        uint64_t seq = c->accept_seq;
        bool stopping = c->stopping;
        *rx = c->rx;
        pthread_mutex_unlock(&c->lock);
        if (stopping)
            return 0;
        size_t room = rx->can_receive(rx->opaque);
        if (room)
            return room;
        chardev_wait_accept(c, seq);
    }
}

/* Returns 1 when input is ready (or at EOF), 0 on timeout, -1 to stop. */
static int chardev_wait_readable(struct chardev *c)
{
    struct pollfd fds[2] = {
        {.fd = c->in_fd, .events = POLLIN},
        {.fd = c->wake_pipe[0], .events = POLLIN},
    };
    int n = poll(fds, 2, CHARDEV_POLL_MS);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    if (fds[1].revents || (fds[0].revents & POLLNVAL))
        return -1;
    return fds[0].revents ? 1 : 0;
}

/* EOF or a read error (a hung-up tty) ends input, not the machine. */
static void *chardev_input_thread(void *arg)
{
    struct chardev *c = arg;
    uint8_t buf[CHARDEV_READ_MAX];
    for (;;) {
        struct chardev_receiver rx;
        size_t room = chardev_wait_room(c, &rx);
        if (room == 0)
            break;
        int ready = chardev_wait_readable(c);
        if (ready < 0)
            break;
        if (ready == 0)
            continue;
        ssize_t n = read(c->in_fd, buf, room < sizeof(buf) ? room : sizeof(buf));
        if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        if (n <= 0)
            break;
        size_t len = chardev_filter_input(c, buf, (size_t)n);
        if (len)
            rx.receive(rx.opaque, buf, len);
    }
    return NULL;
}

/* The input thread takes no asynchronous signals: they go to the threads
 * that run the machine. Faults stay deliverable so they are not masked. */
static void chardev_start_thread(struct chardev *c)
{
    sigset_t block, old;
    sigfillset(&block);
    sigdelset(&block, SIGSEGV);
    sigdelset(&block, SIGBUS);
    sigdelset(&block, SIGFPE);
    sigdelset(&block, SIGILL);
    pthread_sigmask(SIG_SETMASK, &block, &old);
    int err = pthread_create(&c->thread, NULL, chardev_input_thread, c);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) {
        log_error("stdio: cannot start the input thread: %s", strerror(err));
        return;
    }
    c->thread_started = true;
}

void chardev_set_receiver(struct chardev *c, const struct chardev_receiver *r)
{
    ASSERT(r && r->can_receive && r->receive);
    pthread_mutex_lock(&c->lock);
    c->rx = *r;
    pthread_mutex_unlock(&c->lock);
    if (c->in_fd >= 0 && !c->thread_started)
        chardev_start_thread(c);
}

void chardev_accept_input(struct chardev *c)
{
    pthread_mutex_lock(&c->lock);
    c->accept_seq++;
    pthread_cond_signal(&c->room_cond);
    pthread_mutex_unlock(&c->lock);
}

void chardev_restore_terminal(void) { term_restore(); }

static int chardev_open_file(struct chardev *c, const char *path)
{
    if (!*path) {
        log_error("file: needs a path, as in file:serial.log");
        return -1;
    }
    /* Truncate, as QEMU does: each run starts a fresh log. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        log_error("cannot open serial output file '%s': %s", path, strerror(errno));
        return -1;
    }
    c->kind = CHARDEV_FILE;
    c->out_fd = fd;
    c->owns_out_fd = true;
    return 0;
}

static int chardev_make_wake_pipe(struct chardev *c)
{
    if (pipe(c->wake_pipe) < 0) {
        log_error("stdio: cannot create a pipe: %s", strerror(errno));
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        fcntl(c->wake_pipe[i], F_SETFD, FD_CLOEXEC);
        fcntl(c->wake_pipe[i], F_SETFL, O_NONBLOCK);
    }
    return 0;
}

/* stdin is raw when it is a tty; a pipe or /dev/null is read as it is. */
static int chardev_open_stdio(struct chardev *c)
{
    if (chardev_stdio_taken) {
        log_error("stdio: already used by another serial port");
        return -1;
    }
    if (chardev_make_wake_pipe(c) < 0 || term_enter_raw(STDIN_FILENO) < 0)
        return -1;
    chardev_stdio_taken = true;
    c->kind = CHARDEV_STDIO;
    c->out_fd = STDOUT_FILENO;
    c->in_fd = STDIN_FILENO;
    return 0;
}

static struct chardev *chardev_alloc(void (*on_quit)(void *opaque), void *opaque)
{
    struct chardev *c = util_calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->kind = CHARDEV_NULL;
    c->out_fd = -1;
    c->in_fd = -1;
    c->wake_pipe[0] = c->wake_pipe[1] = -1;
    c->on_quit = on_quit;
    c->quit_opaque = opaque;
    pthread_mutex_init(&c->write_lock, NULL);
    pthread_mutex_init(&c->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&c->room_cond, &attr);
    pthread_condattr_destroy(&attr);
    return c;
}

struct chardev *chardev_create(const char *spec, void (*on_quit)(void *opaque), void *opaque)
{
    ASSERT(spec);
    struct chardev *c = chardev_alloc(on_quit, opaque);
    if (!c)
        return NULL;
    int ret = 0;
    /* "mon:stdio" is what many QEMU tutorials pass; there is no monitor. */
    if (!strcmp(spec, "stdio") || !strcmp(spec, "mon:stdio"))
        ret = chardev_open_stdio(c);
    else if (!strncmp(spec, "file:", 5))
        ret = chardev_open_file(c, spec + 5);
    else if (strcmp(spec, "null") != 0) {
        log_error("unknown serial back end '%s' (use stdio, file:PATH or null)", spec);
        ret = -1;
    }
    if (ret < 0) {
        chardev_free(c);
        return NULL;
    }
    return c;
}

static void chardev_stop_thread(struct chardev *c)
{
    /* Joining from the input thread (on_quit freeing us) would deadlock. */
    ASSERT(!pthread_equal(pthread_self(), c->thread));
    pthread_mutex_lock(&c->lock);
    c->stopping = true;
    pthread_cond_signal(&c->room_cond);
    pthread_mutex_unlock(&c->lock);
    ssize_t UNUSED n = write(c->wake_pipe[1], "", 1);
    pthread_join(c->thread, NULL);
}

void chardev_free(struct chardev *c)
{
    if (!c)
        return;
    chardev_flush(c);
    if (c->thread_started)
        chardev_stop_thread(c);
    if (c->kind == CHARDEV_STDIO) {
        term_release();
        chardev_stdio_taken = false;
    }
    if (c->owns_out_fd)
        close(c->out_fd);
    for (int i = 0; i < 2; i++)
        if (c->wake_pipe[i] >= 0)
            close(c->wake_pipe[i]);
    pthread_cond_destroy(&c->room_cond);
    pthread_mutex_destroy(&c->lock);
    pthread_mutex_destroy(&c->write_lock);
    free(c);
}
