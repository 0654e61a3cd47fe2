/* SPDX-License-Identifier: MIT */
/* Character back ends for serial devices: the terminal (stdio, raw mode,
 * Ctrl-A escapes), a file, or nothing. Output is written at once; input is
 * pulled by the back end only when the device says it can take more, so no
 * byte is lost when the guest is slow. */
#ifndef UI_CHARDEV_H
#define UI_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct chardev;

/* What a device offers its back end. Called from the back end's input thread. */
struct chardev_receiver {
    size_t (*can_receive)(void *opaque);                           /* free room */
    void (*receive)(void *opaque, const uint8_t *buf, size_t len); /* len <= room */
    void *opaque;
};

/* "stdio" (the terminal; raw mode when it is a tty, Ctrl-A x quits, Ctrl-A h
 * help), "file:PATH" (PATH truncated, then written; no input), "null".
 * on_quit is called (from the input thread) when the user asks to quit.
 * NULL with a message naming the spec on failure. */
struct chardev *chardev_create(const char *spec, void (*on_quit)(void *opaque), void *opaque);
void chardev_free(struct chardev *c); /* restores the terminal */

void chardev_write(struct chardev *c, const uint8_t *buf, size_t len);

/* The same, kept in a buffer until it fills, chardev_write or
 * chardev_flush: a serial port's bytes, one host write per run slice
 * instead of one per byte (a boot prints some 7,500). */
void chardev_write_buffered(struct chardev *c, const uint8_t *buf, size_t len);
void chardev_flush(struct chardev *c);

/* Attach the device end and start reading input. */
void chardev_set_receiver(struct chardev *c, const struct chardev_receiver *r);

/* The device freed room (the guest read its FIFO): input may flow again. */
void chardev_accept_input(struct chardev *c);

/* Restore the terminal to the state it had before chardev_create; safe to
 * call from signal handlers and atexit, and more than once. */
void chardev_restore_terminal(void);

#endif
