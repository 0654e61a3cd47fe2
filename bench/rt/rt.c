/* SPDX-License-Identifier: MIT */
/* HTIF console and exit for the bare-metal benchmark programs (the Spike convention, also
   honoured by Rivet and QEMU's spike machine), and memcpy/memset/memmove/memcmp. */

#include <stddef.h>
#include "rt.h"

#define RT_HTIF_DEV_CONSOLE 1ull
#define RT_HTIF_CMD_PUTC    1ull
#define RT_HTIF_SPIN        0x100000

extern volatile uint64_t tohost;
extern volatile uint64_t fromhost;

void rt_putc(char c)
{
    tohost = RT_HTIF_DEV_CONSOLE << 56 | RT_HTIF_CMD_PUTC << 48 | (uint8_t)c;
    for (long spin = 0; spin < RT_HTIF_SPIN && tohost != 0; spin++)
        ;
    fromhost = 0;
}

void rt_puts(const char *s)
{
    while (*s)
        rt_putc(*s++);
}

void rt_puthex(uint64_t v)
{
    rt_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4)
        rt_putc("0123456789abcdef"[(v >> shift) & 15]);
}

void rt_putdec(uint64_t v)
{
    char buf[24];
    int n = 0;

    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        rt_putc(buf[--n]);
}

/* HTIF device 0, command 0: an odd payload ends the run with status payload >> 1. */
void rt_exit(int status)
{
    __asm__ volatile("fence" ::: "memory");
    for (;;)
        tohost = (uint64_t)status << 1 | 1;
}

void rt_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
    rt_puts("bench: unexpected trap: mcause ");
    rt_puthex(cause);
    rt_puts(" mepc ");
    rt_puthex(epc);
    rt_puts(" mtval ");
    rt_puthex(tval);
    rt_puts("\n");
    rt_exit(RT_EXIT_TRAP);
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    while (n--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;

    for (size_t i = 0; i < n; i++) {
        if (p[i] != q[i])
            return p[i] - q[i];
    }
    return 0;
}
