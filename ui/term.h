/* SPDX-License-Identifier: MIT */
/* The host terminal behind the stdio chardev: raw mode while the emulator
 * runs, and the user's settings put back on every way out (free, exit, fatal
 * signal). Private to ui/. */
#ifndef UI_TERM_H
#define UI_TERM_H

/* If fd is a tty, save its settings, make it raw and hook exit and the fatal
 * signals so the settings come back. Returns 1 when raw mode is on, 0 when fd
 * is not a tty (its settings are not touched), -1 with a message on failure.
 * One terminal at a time. */
int term_enter_raw(int fd);

/* Put the saved settings back. Async-signal-safe; a no-op when nothing is
 * held; may be called any number of times. */
void term_restore(void);

/* Restore, unhook the signals and forget the saved settings. */
void term_release(void);

#endif
