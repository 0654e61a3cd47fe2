/* SPDX-License-Identifier: MIT */
/* Raw mode for the host terminal and its guaranteed undoing: chardev_free,
 * atexit and a handler for each fatal signal all put the saved termios back. */
#include "term.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "util/log.h"

/* Signals whose default action ends the process: leaving the tty raw after
 * any of them would leave the user's shell unusable. */
static const int term_fatal_signals[] = {
    SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL,
};
#define TERM_NSIGNALS ARRAY_SIZE(term_fatal_signals)

static struct termios term_saved;
static atomic_int term_fd = -1; /* the tty term_saved belongs to; -1: none */
static struct sigaction term_old_actions[TERM_NSIGNALS];
static bool term_hooked[TERM_NSIGNALS];
static bool term_atexit_registered;

void term_restore(void)
{
    int fd = atomic_load(&term_fd);
    /* TCSANOW, not TCSADRAIN: never wait on output from a signal handler. */
    if (fd >= 0)
        tcsetattr(fd, TCSANOW, &term_saved);
}

static void term_restore_at_exit(void) { term_restore(); }

/* Only async-signal-safe calls: tcsetattr, sigaction, raise. The raised
 * signal stays pending until the handler returns, then takes the action the
 * signal had before us (the default one, unless the program set another). */
static void term_on_fatal_signal(int sig)
{
    int saved_errno = errno;
    term_restore();
    for (size_t i = 0; i < TERM_NSIGNALS; i++)
        if (term_fatal_signals[i] == sig)
            sigaction(sig, &term_old_actions[i], NULL);
    raise(sig);
    errno = saved_errno;
}

static void term_hook_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = term_on_fatal_signal;
    sigfillset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (size_t i = 0; i < TERM_NSIGNALS; i++) {
        struct sigaction *old = &term_old_actions[i];
        if (sigaction(term_fatal_signals[i], NULL, old) < 0)
            continue;
        /* An ignored signal (SIGHUP under nohup) must stay harmless. */
        if (!(old->sa_flags & SA_SIGINFO) && old->sa_handler == SIG_IGN)
            continue;
        term_hooked[i] = sigaction(term_fatal_signals[i], &sa, NULL) == 0;
    }
}

static void term_unhook_signals(void)
{
    for (size_t i = 0; i < TERM_NSIGNALS; i++) {
        if (term_hooked[i])
            sigaction(term_fatal_signals[i], &term_old_actions[i], NULL);
        term_hooked[i] = false;
    }
}

/* Like cfmakeraw, spelled out: every byte reaches the guest unchanged (no
 * echo, no line editing, Ctrl-C/Ctrl-Z/Ctrl-S are plain bytes), and OPOST is
 * off so the guest's own "\r\n" reaches the screen as it is. */
static void term_make_raw(struct termios *t)
{
    t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= ~(tcflag_t)OPOST;
    t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

int term_enter_raw(int fd)
{
    if (!isatty(fd))
        return 0;
    ASSERT(atomic_load(&term_fd) < 0);
    if (tcgetattr(fd, &term_saved) < 0) {
        log_error("stdio: cannot read the terminal settings: %s", strerror(errno));
        return -1;
    }
    struct termios raw = term_saved;
    term_make_raw(&raw);
    /* Hook first: from the moment the tty is raw, every exit restores it. */
    atomic_store(&term_fd, fd);
    if (!term_atexit_registered)
        term_atexit_registered = atexit(term_restore_at_exit) == 0;
    term_hook_signals();
    if (tcsetattr(fd, TCSANOW, &raw) < 0) {
        log_error("stdio: cannot put the terminal in raw mode: %s", strerror(errno));
        term_release();
        return -1;
    }
    return 1;
}

void term_release(void)
{
    term_restore();
    term_unhook_signals();
    atomic_store(&term_fd, -1);
}
