/* SPDX-License-Identifier: MIT */
/* Unit tests for tcg/x86_64/emit*.c: golden bytes from GNU as for every encoder function, overflow,
 * labels, patching, and generated code run from an executable mapping. One long file on purpose:
 * tests/unit/x86_golden.sh audits its ~400 golden entries as one table. */
#define _GNU_SOURCE /* memfd_create */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <emmintrin.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tcg/x86_64/emit.h"

/* ---- golden bytes ---- */

static uint8_t golden_mem[512] __attribute__((aligned(64)));
static struct x86_buf golden_buf;

static struct x86_buf *golden_begin(void)
{
    memset(golden_mem, 0xee, sizeof(golden_mem));
    x86_buf_init(&golden_buf, golden_mem, sizeof(golden_mem));
    return &golden_buf;
}

static void hex(char *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n && i < 40; i++)
        out += sprintf(out, "%02x ", p[i]);
    *out = 0;
}

static void golden_check(const struct x86_buf *b, const uint8_t *want, size_t n, const char *text,
                         int line)
{
    size_t len = x86_buf_len(b);
    if (!b->overflow && len == n && memcmp(b->start, want, n) == 0)
        return;
    char got_s[128], want_s[128];
    hex(got_s, b->start, len);
    hex(want_s, want, n);
    fail_msg("line %d: %s\n  got:  %s\n  want: %s", line, text, got_s, want_s);
}

/* Run `call` on a fresh buffer B (g0 in the text is B->start) and compare with the bytes GNU as
 * makes of `text`. One entry per statement, parsed by x86_golden.sh. */
#define G(call, text, ...)                                     \
    do {                                                       \
        static const uint8_t want_[] = {__VA_ARGS__};          \
        struct x86_buf *B = golden_begin();                    \
        call;                                                  \
        golden_check(B, want_, sizeof(want_), text, __LINE__); \
    } while (0)

#define M(base, disp)                x86_mem_at(X86_##base, disp)
#define MI(base, index, scale, disp) x86_mem_idx(X86_##base, X86_##index, scale, disp)

static void test_mov_rr(void **state)
{
    (void)state;
    G(x86_mov_rr(B, X86_64, X86_RAX, X86_RCX), "mov %rcx, %rax", 0x48, 0x89, 0xc8);
    G(x86_mov_rr(B, X86_64, X86_R8, X86_R15), "mov %r15, %r8", 0x4d, 0x89, 0xf8);
    G(x86_mov_rr(B, X86_64, X86_RSP, X86_RBP), "mov %rbp, %rsp", 0x48, 0x89, 0xec);
    G(x86_mov_rr(B, X86_32, X86_RAX, X86_RCX), "mov %ecx, %eax", 0x89, 0xc8);
    G(x86_mov_rr(B, X86_32, X86_R9, X86_RDX), "mov %edx, %r9d", 0x41, 0x89, 0xd1);
    G(x86_mov_rr(B, X86_32, X86_RAX, X86_R10), "mov %r10d, %eax", 0x44, 0x89, 0xd0);
    G(x86_mov_rr(B, X86_16, X86_RCX, X86_RDX), "mov %dx, %cx", 0x66, 0x89, 0xd1);
    G(x86_mov_rr(B, X86_8, X86_RSI, X86_RAX), "mov %al, %sil", 0x40, 0x88, 0xc6);
    G(x86_mov_rr(B, X86_8, X86_RAX, X86_RDI), "mov %dil, %al", 0x40, 0x88, 0xf8);
    G(x86_mov_rr(B, X86_8, X86_RCX, X86_RDX), "mov %dl, %cl", 0x88, 0xd1);
    G(x86_mov_rr(B, X86_8, X86_R8, X86_RSP), "mov %spl, %r8b", 0x41, 0x88, 0xe0);
    G(x86_mov_rr(B, X86_8, X86_RBX, X86_RBP), "mov %bpl, %bl", 0x40, 0x88, 0xeb);
}

static void test_mov_imm(void **state)
{
    (void)state;
    G(x86_mov_imm(B, X86_64, X86_RAX, 0), "mov $0, %eax", 0xb8, 0x00, 0x00, 0x00, 0x00);
    G(x86_mov_imm(B, X86_64, X86_RAX, 1), "mov $1, %eax", 0xb8, 0x01, 0x00, 0x00, 0x00);
    G(x86_mov_imm(B, X86_64, X86_R8, 1), "mov $1, %r8d", 0x41, 0xb8, 0x01, 0x00, 0x00, 0x00);
    G(x86_mov_imm(B, X86_64, X86_RCX, 0xffffffff), "mov $0xffffffff, %ecx", 0xb9, 0xff, 0xff, 0xff,
      0xff);
    G(x86_mov_imm(B, X86_64, X86_R15, 0x80000000), "mov $0x80000000, %r15d", 0x41, 0xbf, 0x00, 0x00,
      0x00, 0x80);
    G(x86_mov_imm(B, X86_64, X86_RDX, -1), "mov $-1, %rdx", 0x48, 0xc7, 0xc2, 0xff, 0xff, 0xff,
      0xff);
    G(x86_mov_imm(B, X86_64, X86_R12, INT32_MIN), "mov $-0x80000000, %r12", 0x49, 0xc7, 0xc4, 0x00,
      0x00, 0x00, 0x80);
    G(x86_mov_imm(B, X86_64, X86_RAX, 0x100000000), "movabs $0x100000000, %rax", 0x48, 0xb8, 0x00,
      0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00);
    G(x86_mov_imm(B, X86_64, X86_R15, INT64_MIN), "movabs $0x8000000000000000, %r15", 0x49, 0xbf,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80);
    G(x86_mov_imm(B, X86_64, X86_RBX, -0x80000001ll), "movabs $-0x80000001, %rbx", 0x48, 0xbb, 0xff,
      0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff);
    G(x86_mov_imm(B, X86_32, X86_RDX, -1), "mov $0xffffffff, %edx", 0xba, 0xff, 0xff, 0xff, 0xff);
    G(x86_mov_imm(B, X86_32, X86_R11, 0x12345678), "mov $0x12345678, %r11d", 0x41, 0xbb, 0x78, 0x56,
      0x34, 0x12);
    G(x86_mov_imm(B, X86_16, X86_RAX, 0x1234), "mov $0x1234, %ax", 0x66, 0xb8, 0x34, 0x12);
    G(x86_mov_imm(B, X86_16, X86_R9, -2), "mov $0xfffe, %r9w", 0x66, 0x41, 0xb9, 0xfe, 0xff);
    G(x86_mov_imm(B, X86_8, X86_RSI, 0x7f), "mov $0x7f, %sil", 0x40, 0xb6, 0x7f);
    G(x86_mov_imm(B, X86_8, X86_RCX, 0xff), "mov $0xff, %cl", 0xb1, 0xff);
    G(x86_mov_imm(B, X86_8, X86_R10, 1), "mov $1, %r10b", 0x41, 0xb2, 0x01);
    G(x86_movabs(B, X86_RAX, 1), "movabs $1, %rax", 0x48, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00);
    G(x86_movabs(B, X86_R9, 0x0123456789abcdef), "movabs $0x123456789abcdef, %r9", 0x49, 0xb9, 0xef,
      0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01);
}

static void test_load(void **state)
{
    (void)state;
    G(x86_load(B, X86_8, X86_RAX, M(RCX, 0)), "movzbl (%rcx), %eax", 0x0f, 0xb6, 0x01);
    G(x86_load(B, X86_8, X86_R8, M(RSP, 0)), "movzbl (%rsp), %r8d", 0x44, 0x0f, 0xb6, 0x04, 0x24);
    G(x86_load(B, X86_16, X86_RAX, M(R12, 8)), "movzwl 8(%r12), %eax", 0x41, 0x0f, 0xb7, 0x44, 0x24,
      0x08);
    G(x86_load(B, X86_32, X86_RAX, M(RBP, 0)), "mov 0(%rbp), %eax", 0x8b, 0x45, 0x00);
    G(x86_load(B, X86_32, X86_RAX, M(R13, 0)), "mov 0(%r13), %eax", 0x41, 0x8b, 0x45, 0x00);
    G(x86_load(B, X86_32, X86_R10, M(R12, 0)), "mov (%r12), %r10d", 0x45, 0x8b, 0x14, 0x24);
    G(x86_load(B, X86_64, X86_RAX, M(RBX, 127)), "mov 127(%rbx), %rax", 0x48, 0x8b, 0x43, 0x7f);
    G(x86_load(B, X86_64, X86_RAX, M(RBX, 128)), "mov 128(%rbx), %rax", 0x48, 0x8b, 0x83, 0x80,
      0x00, 0x00, 0x00);
    G(x86_load(B, X86_64, X86_RAX, M(RBX, -128)), "mov -128(%rbx), %rax", 0x48, 0x8b, 0x43, 0x80);
    G(x86_load(B, X86_64, X86_RAX, M(RBX, -129)), "mov -129(%rbx), %rax", 0x48, 0x8b, 0x83, 0x7f,
      0xff, 0xff, 0xff);
    G(x86_load(B, X86_64, X86_R15, M(R14, 0x12345678)), "mov 0x12345678(%r14), %r15", 0x4d, 0x8b,
      0xbe, 0x78, 0x56, 0x34, 0x12);
    G(x86_load(B, X86_64, X86_RAX, M(RSP, 127)), "mov 127(%rsp), %rax", 0x48, 0x8b, 0x44, 0x24,
      0x7f);
    G(x86_load(B, X86_64, X86_RAX, M(R12, 128)), "mov 128(%r12), %rax", 0x49, 0x8b, 0x84, 0x24,
      0x80, 0x00, 0x00, 0x00);
    G(x86_load(B, X86_64, X86_RAX, M(RBP, -129)), "mov -129(%rbp), %rax", 0x48, 0x8b, 0x85, 0x7f,
      0xff, 0xff, 0xff);
    G(x86_load(B, X86_32, X86_RAX, MI(RCX, RDX, 4, 0)), "mov (%rcx,%rdx,4), %eax", 0x8b, 0x04,
      0x91);
    G(x86_load(B, X86_64, X86_RAX, MI(R8, R9, 8, 16)), "mov 16(%r8,%r9,8), %rax", 0x4b, 0x8b, 0x44,
      0xc8, 0x10);
    G(x86_load(B, X86_64, X86_RAX, MI(RSP, R12, 1, -8)), "mov -8(%rsp,%r12,1), %rax", 0x4a, 0x8b,
      0x44, 0x24, 0xf8);
    G(x86_load(B, X86_32, X86_RAX, MI(RBP, RAX, 2, 0)), "mov 0(%rbp,%rax,2), %eax", 0x8b, 0x44,
      0x45, 0x00);
    G(x86_load(B, X86_32, X86_RAX, MI(R13, R13, 1, 0)), "mov 0(%r13,%r13,1), %eax", 0x43, 0x8b,
      0x44, 0x2d, 0x00);
    G(x86_load(B, X86_64, X86_RAX, MI(R12, RBX, 2, 0x200)), "mov 0x200(%r12,%rbx,2), %rax", 0x49,
      0x8b, 0x84, 0x5c, 0x00, 0x02, 0x00, 0x00);
    G(x86_load(B, X86_32, X86_RAX, MI(NOREG, RCX, 8, 0x100)), "mov 0x100(,%rcx,8), %eax", 0x8b,
      0x04, 0xcd, 0x00, 0x01, 0x00, 0x00);
    G(x86_load(B, X86_32, X86_RAX, MI(NOREG, R9, 2, 0)), "mov 0(,%r9,2), %eax", 0x42, 0x8b, 0x04,
      0x4d, 0x00, 0x00, 0x00, 0x00);
    G(x86_load(B, X86_32, X86_RAX, x86_mem_abs(0x1000)), "mov 0x1000, %eax", 0x8b, 0x04, 0x25, 0x00,
      0x10, 0x00, 0x00);
    G(x86_load(B, X86_64, X86_RAX, x86_mem_rip(B->start + 0x100)), "mov g0+0x100(%rip), %rax", 0x48,
      0x8b, 0x05, 0xf9, 0x00, 0x00, 0x00);
    G(x86_load(B, X86_8, X86_R9, x86_mem_rip(B->start)), "movzbl g0(%rip), %r9d", 0x44, 0x0f, 0xb6,
      0x0d, 0xf8, 0xff, 0xff, 0xff);
}

static void test_load_sx(void **state)
{
    (void)state;
    G(x86_load_sx(B, X86_8, X86_RAX, M(RCX, 0)), "movsbq (%rcx), %rax", 0x48, 0x0f, 0xbe, 0x01);
    G(x86_load_sx(B, X86_16, X86_R9, M(RSP, 4)), "movswq 4(%rsp), %r9", 0x4c, 0x0f, 0xbf, 0x4c,
      0x24, 0x04);
    G(x86_load_sx(B, X86_32, X86_RDX, M(R13, 0)), "movslq 0(%r13), %rdx", 0x49, 0x63, 0x55, 0x00);
    G(x86_load_sx(B, X86_32, X86_RAX, MI(RAX, R11, 4, -129)), "movslq -129(%rax,%r11,4), %rax",
      0x4a, 0x63, 0x84, 0x98, 0x7f, 0xff, 0xff, 0xff);
    G(x86_load_sx(B, X86_64, X86_RDX, M(RSI, -4)), "mov -4(%rsi), %rdx", 0x48, 0x8b, 0x56, 0xfc);
}

static void test_store(void **state)
{
    (void)state;
    G(x86_store(B, X86_8, M(RAX, 0), X86_RSI), "mov %sil, (%rax)", 0x40, 0x88, 0x30);
    G(x86_store(B, X86_8, M(RAX, 0), X86_RCX), "mov %cl, (%rax)", 0x88, 0x08);
    G(x86_store(B, X86_8, M(RDI, 1), X86_RSP), "mov %spl, 1(%rdi)", 0x40, 0x88, 0x67, 0x01);
    G(x86_store(B, X86_8, M(R8, 0), X86_RBP), "mov %bpl, (%r8)", 0x41, 0x88, 0x28);
    G(x86_store(B, X86_8, M(RAX, 0), X86_RDI), "mov %dil, (%rax)", 0x40, 0x88, 0x38);
    G(x86_store(B, X86_8, M(RAX, 0), X86_R9), "mov %r9b, (%rax)", 0x44, 0x88, 0x08);
    G(x86_store(B, X86_16, M(RBP, -2), X86_RAX), "mov %ax, -2(%rbp)", 0x66, 0x89, 0x45, 0xfe);
    G(x86_store(B, X86_32, MI(RAX, RCX, 4, 128), X86_RDX), "mov %edx, 128(%rax,%rcx,4)", 0x89, 0x94,
      0x88, 0x80, 0x00, 0x00, 0x00);
    G(x86_store(B, X86_64, M(RSP, 8), X86_R15), "mov %r15, 8(%rsp)", 0x4c, 0x89, 0x7c, 0x24, 0x08);
    G(x86_store(B, X86_64, x86_mem_rip(B->start), X86_RAX), "mov %rax, g0(%rip)", 0x48, 0x89, 0x05,
      0xf9, 0xff, 0xff, 0xff);
    G(x86_store_imm(B, X86_8, M(RSI, 0), 0x80), "movb $0x80, (%rsi)", 0xc6, 0x06, 0x80);
    G(x86_store_imm(B, X86_16, M(RSI, 0), 1), "movw $1, (%rsi)", 0x66, 0xc7, 0x06, 0x01, 0x00);
    G(x86_store_imm(B, X86_32, M(RAX, 0), 5), "movl $5, (%rax)", 0xc7, 0x00, 0x05, 0x00, 0x00,
      0x00);
    G(x86_store_imm(B, X86_64, M(RAX, 8), -1), "movq $-1, 8(%rax)", 0x48, 0xc7, 0x40, 0x08, 0xff,
      0xff, 0xff, 0xff);
    G(x86_store_imm(B, X86_64, M(R12, 0), 0x7fffffff), "movq $0x7fffffff, (%r12)", 0x49, 0xc7, 0x04,
      0x24, 0xff, 0xff, 0xff, 0x7f);
    G(x86_store_imm(B, X86_32, x86_mem_rip(B->start + 64), 7), "movl $7, g0+64(%rip)", 0xc7, 0x05,
      0x36, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00);
    G(x86_store_imm(B, X86_16, x86_mem_rip(B->start), 0x1234), "movw $0x1234, g0(%rip)", 0x66, 0xc7,
      0x05, 0xf7, 0xff, 0xff, 0xff, 0x34, 0x12);
}

static void test_extend(void **state)
{
    (void)state;
    G(x86_movzx(B, X86_8, X86_RAX, X86_RSI), "movzbl %sil, %eax", 0x40, 0x0f, 0xb6, 0xc6);
    G(x86_movzx(B, X86_8, X86_RAX, X86_RCX), "movzbl %cl, %eax", 0x0f, 0xb6, 0xc1);
    G(x86_movzx(B, X86_8, X86_R8, X86_RDI), "movzbl %dil, %r8d", 0x44, 0x0f, 0xb6, 0xc7);
    G(x86_movzx(B, X86_8, X86_RDX, X86_R9), "movzbl %r9b, %edx", 0x41, 0x0f, 0xb6, 0xd1);
    G(x86_movzx(B, X86_16, X86_RAX, X86_RBX), "movzwl %bx, %eax", 0x0f, 0xb7, 0xc3);
    G(x86_movzx(B, X86_32, X86_RAX, X86_RCX), "mov %ecx, %eax", 0x89, 0xc8);
    G(x86_movzx(B, X86_32, X86_R8, X86_R8), "mov %r8d, %r8d", 0x45, 0x89, 0xc0);
    G(x86_movsx(B, X86_8, X86_RAX, X86_RSP), "movsbq %spl, %rax", 0x48, 0x0f, 0xbe, 0xc4);
    G(x86_movsx(B, X86_8, X86_RAX, X86_RCX), "movsbq %cl, %rax", 0x48, 0x0f, 0xbe, 0xc1);
    G(x86_movsx(B, X86_16, X86_R10, X86_RDX), "movswq %dx, %r10", 0x4c, 0x0f, 0xbf, 0xd2);
    G(x86_movsx(B, X86_32, X86_RAX, X86_RCX), "movslq %ecx, %rax", 0x48, 0x63, 0xc1);
    G(x86_movsx(B, X86_32, X86_R11, X86_R12), "movslq %r12d, %r11", 0x4d, 0x63, 0xdc);
    G(x86_movsx(B, X86_64, X86_RAX, X86_RDX), "mov %rdx, %rax", 0x48, 0x89, 0xd0);
}

static void test_lea_push_pop(void **state)
{
    (void)state;
    G(x86_lea(B, X86_64, X86_RAX, MI(RCX, RDX, 2, 0)), "lea (%rcx,%rdx,2), %rax", 0x48, 0x8d, 0x04,
      0x51);
    G(x86_lea(B, X86_64, X86_R8, M(RSP, 0x10)), "lea 0x10(%rsp), %r8", 0x4c, 0x8d, 0x44, 0x24,
      0x10);
    G(x86_lea(B, X86_32, X86_RAX, MI(RCX, RDX, 1, -1)), "lea -1(%rcx,%rdx,1), %eax", 0x8d, 0x44,
      0x11, 0xff);
    G(x86_lea(B, X86_64, X86_RAX, MI(R13, R14, 8, 0)), "lea 0(%r13,%r14,8), %rax", 0x4b, 0x8d, 0x44,
      0xf5, 0x00);
    G(x86_lea(B, X86_64, X86_RAX, MI(NOREG, RAX, 8, 0)), "lea 0(,%rax,8), %rax", 0x48, 0x8d, 0x04,
      0xc5, 0x00, 0x00, 0x00, 0x00);
    G(x86_lea(B, X86_64, X86_RDI, x86_mem_rip(B->start + 0x40)), "lea g0+0x40(%rip), %rdi", 0x48,
      0x8d, 0x3d, 0x39, 0x00, 0x00, 0x00);
    G(x86_lea(B, X86_64, X86_R12, x86_mem_rip(B->start - 0x1000)), "lea g0-0x1000(%rip), %r12",
      0x4c, 0x8d, 0x25, 0xf9, 0xef, 0xff, 0xff);
    G(x86_push(B, X86_RAX), "push %rax", 0x50);
    G(x86_push(B, X86_R12), "push %r12", 0x41, 0x54);
    G(x86_pop(B, X86_RBP), "pop %rbp", 0x5d);
    G(x86_pop(B, X86_R15), "pop %r15", 0x41, 0x5f);
}

static void test_alu_rr(void **state)
{
    (void)state;
    G(x86_alu_rr(B, X86_ADD, X86_64, X86_RAX, X86_RCX), "add %rcx, %rax", 0x48, 0x01, 0xc8);
    G(x86_alu_rr(B, X86_OR, X86_32, X86_RDX, X86_RBX), "or %ebx, %edx", 0x09, 0xda);
    G(x86_alu_rr(B, X86_ADC, X86_64, X86_R8, X86_R9), "adc %r9, %r8", 0x4d, 0x11, 0xc8);
    G(x86_alu_rr(B, X86_SBB, X86_32, X86_RAX, X86_R15), "sbb %r15d, %eax", 0x44, 0x19, 0xf8);
    G(x86_alu_rr(B, X86_AND, X86_64, X86_R12, X86_RSP), "and %rsp, %r12", 0x49, 0x21, 0xe4);
    G(x86_alu_rr(B, X86_SUB, X86_32, X86_R13, X86_RBP), "sub %ebp, %r13d", 0x41, 0x29, 0xed);
    G(x86_alu_rr(B, X86_XOR, X86_32, X86_RAX, X86_RAX), "xor %eax, %eax", 0x31, 0xc0);
    G(x86_alu_rr(B, X86_CMP, X86_64, X86_RSI, X86_RDI), "cmp %rdi, %rsi", 0x48, 0x39, 0xfe);
    G(x86_alu_rr(B, X86_ADD, X86_8, X86_RSI, X86_RDI), "add %dil, %sil", 0x40, 0x00, 0xfe);
    G(x86_alu_rr(B, X86_SUB, X86_8, X86_RAX, X86_RCX), "sub %cl, %al", 0x28, 0xc8);
    G(x86_alu_rr(B, X86_CMP, X86_16, X86_RAX, X86_RCX), "cmp %cx, %ax", 0x66, 0x39, 0xc8);
}

static void test_alu_ri(void **state)
{
    (void)state;
    G(x86_alu_ri(B, X86_ADD, X86_64, X86_RAX, 1), "add $1, %rax", 0x48, 0x83, 0xc0, 0x01);
    G(x86_alu_ri(B, X86_ADD, X86_32, X86_RCX, 127), "add $127, %ecx", 0x83, 0xc1, 0x7f);
    G(x86_alu_ri(B, X86_ADD, X86_32, X86_RCX, 128), "add $128, %ecx", 0x81, 0xc1, 0x80, 0x00, 0x00,
      0x00);
    G(x86_alu_ri(B, X86_ADD, X86_32, X86_RCX, -128), "add $-128, %ecx", 0x83, 0xc1, 0x80);
    G(x86_alu_ri(B, X86_ADD, X86_32, X86_RCX, -129), "add $-129, %ecx", 0x81, 0xc1, 0x7f, 0xff,
      0xff, 0xff);
    G(x86_alu_ri(B, X86_ADD, X86_32, X86_RAX, 128), "add $128, %eax", 0x05, 0x80, 0x00, 0x00, 0x00);
    G(x86_alu_ri(B, X86_ADD, X86_64, X86_RAX, 0x1000), "add $0x1000, %rax", 0x48, 0x05, 0x00, 0x10,
      0x00, 0x00);
    G(x86_alu_ri(B, X86_SUB, X86_64, X86_R8, 0x7fffffff), "sub $0x7fffffff, %r8", 0x49, 0x81, 0xe8,
      0xff, 0xff, 0xff, 0x7f);
    G(x86_alu_ri(B, X86_AND, X86_32, X86_RDX, 0xffffffff), "and $0xffffffff, %edx", 0x83, 0xe2,
      0xff);
    G(x86_alu_ri(B, X86_AND, X86_64, X86_RDX, -1), "and $-1, %rdx", 0x48, 0x83, 0xe2, 0xff);
    G(x86_alu_ri(B, X86_CMP, X86_64, X86_R15, INT32_MIN), "cmp $-0x80000000, %r15", 0x49, 0x81,
      0xff, 0x00, 0x00, 0x00, 0x80);
    G(x86_alu_ri(B, X86_XOR, X86_32, X86_RAX, 0x80000000), "xor $0x80000000, %eax", 0x35, 0x00,
      0x00, 0x00, 0x80);
    G(x86_alu_ri(B, X86_ADC, X86_64, X86_RAX, 0x100), "adc $0x100, %rax", 0x48, 0x15, 0x00, 0x01,
      0x00, 0x00);
    G(x86_alu_ri(B, X86_SBB, X86_32, X86_RBX, 1), "sbb $1, %ebx", 0x83, 0xdb, 0x01);
    G(x86_alu_ri(B, X86_OR, X86_64, X86_RSP, 8), "or $8, %rsp", 0x48, 0x83, 0xcc, 0x08);
    G(x86_alu_ri(B, X86_OR, X86_8, X86_RAX, 1), "or $1, %al", 0x0c, 0x01);
    G(x86_alu_ri(B, X86_CMP, X86_8, X86_RSP, 1), "cmp $1, %spl", 0x40, 0x80, 0xfc, 0x01);
    G(x86_alu_ri(B, X86_CMP, X86_8, X86_R10, 0xff), "cmp $0xff, %r10b", 0x41, 0x80, 0xfa, 0xff);
    G(x86_alu_ri(B, X86_AND, X86_8, X86_RCX, 0x80), "and $0x80, %cl", 0x80, 0xe1, 0x80);
    G(x86_alu_ri(B, X86_ADD, X86_16, X86_RAX, 0x1000), "add $0x1000, %ax", 0x66, 0x05, 0x00, 0x10);
    G(x86_alu_ri(B, X86_ADD, X86_16, X86_RCX, -1), "add $-1, %cx", 0x66, 0x83, 0xc1, 0xff);
    G(x86_alu_ri(B, X86_ADD, X86_16, X86_RCX, 0xff80), "add $-128, %cx", 0x66, 0x83, 0xc1, 0x80);
    G(x86_alu_ri(B, X86_ADD, X86_16, X86_R9, 0x1234), "add $0x1234, %r9w", 0x66, 0x41, 0x81, 0xc1,
      0x34, 0x12);
}

static void test_alu_mem(void **state)
{
    (void)state;
    G(x86_alu_rm(B, X86_ADD, X86_64, X86_RAX, M(RBP, 8)), "add 8(%rbp), %rax", 0x48, 0x03, 0x45,
      0x08);
    G(x86_alu_rm(B, X86_CMP, X86_32, X86_R9, MI(RAX, R10, 4, 0)), "cmp (%rax,%r10,4), %r9d", 0x46,
      0x3b, 0x0c, 0x90);
    G(x86_alu_rm(B, X86_SUB, X86_8, X86_RSI, M(RAX, 0)), "sub (%rax), %sil", 0x40, 0x2a, 0x30);
    G(x86_alu_rm(B, X86_XOR, X86_64, X86_R12, M(R12, -129)), "xor -129(%r12), %r12", 0x4d, 0x33,
      0xa4, 0x24, 0x7f, 0xff, 0xff, 0xff);
    G(x86_alu_rm(B, X86_AND, X86_16, X86_RDX, M(RCX, 0)), "and (%rcx), %dx", 0x66, 0x23, 0x11);
    G(x86_alu_mr(B, X86_ADD, X86_64, M(RBP, 8), X86_RAX), "add %rax, 8(%rbp)", 0x48, 0x01, 0x45,
      0x08);
    G(x86_alu_mr(B, X86_OR, X86_32, M(RSP, 0), X86_R11), "or %r11d, (%rsp)", 0x44, 0x09, 0x1c,
      0x24);
    G(x86_alu_mr(B, X86_AND, X86_8, M(RDI, 0), X86_RSP), "and %spl, (%rdi)", 0x40, 0x20, 0x27);
    G(x86_alu_mr(B, X86_SUB, X86_16, M(R13, 0), X86_RAX), "sub %ax, 0(%r13)", 0x66, 0x41, 0x29,
      0x45, 0x00);
    G(x86_alu_mi(B, X86_CMP, X86_8, M(RBP, 0x10), 0), "cmpb $0, 0x10(%rbp)", 0x80, 0x7d, 0x10,
      0x00);
    G(x86_alu_mi(B, X86_ADD, X86_64, M(RAX, 0), 1), "addq $1, (%rax)", 0x48, 0x83, 0x00, 0x01);
    G(x86_alu_mi(B, X86_SUB, X86_32, M(R13, 0), 0x1000), "subl $0x1000, 0(%r13)", 0x41, 0x81, 0x6d,
      0x00, 0x00, 0x10, 0x00, 0x00);
    G(x86_alu_mi(B, X86_CMP, X86_16, M(RCX, 2), 0x1234), "cmpw $0x1234, 2(%rcx)", 0x66, 0x81, 0x79,
      0x02, 0x34, 0x12);
    G(x86_alu_mi(B, X86_XOR, X86_64, MI(RSP, R8, 8, 128), -128), "xorq $-128, 128(%rsp,%r8,8)",
      0x4a, 0x83, 0xb4, 0xc4, 0x80, 0x00, 0x00, 0x00, 0x80);
    G(x86_alu_mi(B, X86_CMP, X86_32, x86_mem_rip(B->start + 0x20), 0x100),
      "cmpl $0x100, g0+0x20(%rip)", 0x81, 0x3d, 0x16, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00);
    G(x86_alu_mi(B, X86_AND, X86_64, x86_mem_rip(B->start), 1), "andq $1, g0(%rip)", 0x48, 0x83,
      0x25, 0xf8, 0xff, 0xff, 0xff, 0x01);
}

static void test_test(void **state)
{
    (void)state;
    G(x86_test_rr(B, X86_64, X86_RAX, X86_RCX), "test %rcx, %rax", 0x48, 0x85, 0xc8);
    G(x86_test_rr(B, X86_32, X86_R8, X86_R8), "test %r8d, %r8d", 0x45, 0x85, 0xc0);
    G(x86_test_rr(B, X86_8, X86_RSI, X86_RSI), "test %sil, %sil", 0x40, 0x84, 0xf6);
    G(x86_test_rr(B, X86_16, X86_RAX, X86_R12), "test %r12w, %ax", 0x66, 0x44, 0x85, 0xe0);
    G(x86_test_ri(B, X86_32, X86_RAX, 1), "test $1, %eax", 0xa9, 0x01, 0x00, 0x00, 0x00);
    G(x86_test_ri(B, X86_64, X86_RCX, 0x100), "test $0x100, %rcx", 0x48, 0xf7, 0xc1, 0x00, 0x01,
      0x00, 0x00);
    G(x86_test_ri(B, X86_8, X86_RAX, 0x80), "test $0x80, %al", 0xa8, 0x80);
    G(x86_test_ri(B, X86_8, X86_RDI, 1), "test $1, %dil", 0x40, 0xf6, 0xc7, 0x01);
    G(x86_test_ri(B, X86_16, X86_RDX, 0x8000), "test $0x8000, %dx", 0x66, 0xf7, 0xc2, 0x00, 0x80);
    G(x86_test_ri(B, X86_64, X86_R9, -1), "test $-1, %r9", 0x49, 0xf7, 0xc1, 0xff, 0xff, 0xff,
      0xff);
    G(x86_test_mr(B, X86_32, M(RAX, 0), X86_RCX), "test %ecx, (%rax)", 0x85, 0x08);
    G(x86_test_mr(B, X86_8, M(RAX, 0), X86_RBP), "test %bpl, (%rax)", 0x40, 0x84, 0x28);
    G(x86_test_mi(B, X86_8, M(RBP, 0x20), 1), "testb $1, 0x20(%rbp)", 0xf6, 0x45, 0x20, 0x01);
    G(x86_test_mi(B, X86_32, M(R12, 0), 0x10000), "testl $0x10000, (%r12)", 0x41, 0xf7, 0x04, 0x24,
      0x00, 0x00, 0x01, 0x00);
    G(x86_test_mi(B, X86_64, M(RAX, 0), 1), "testq $1, (%rax)", 0x48, 0xf7, 0x00, 0x01, 0x00, 0x00,
      0x00);
}

static void test_unary_shift(void **state)
{
    (void)state;
    G(x86_neg(B, X86_64, X86_RAX), "neg %rax", 0x48, 0xf7, 0xd8);
    G(x86_neg(B, X86_32, X86_R9), "neg %r9d", 0x41, 0xf7, 0xd9);
    G(x86_neg(B, X86_16, X86_RCX), "neg %cx", 0x66, 0xf7, 0xd9);
    G(x86_not(B, X86_64, X86_R15), "not %r15", 0x49, 0xf7, 0xd7);
    G(x86_not(B, X86_8, X86_RSI), "not %sil", 0x40, 0xf6, 0xd6);
    G(x86_shift_ri(B, X86_SHL, X86_32, X86_RAX, 1), "shl $1, %eax", 0xd1, 0xe0);
    G(x86_shift_ri(B, X86_SHL, X86_64, X86_R8, 2), "shl $2, %r8", 0x49, 0xc1, 0xe0, 0x02);
    G(x86_shift_ri(B, X86_SHR, X86_32, X86_RCX, 31), "shr $31, %ecx", 0xc1, 0xe9, 0x1f);
    G(x86_shift_ri(B, X86_SAR, X86_64, X86_RDX, 63), "sar $63, %rdx", 0x48, 0xc1, 0xfa, 0x3f);
    G(x86_shift_ri(B, X86_ROL, X86_32, X86_RAX, 3), "rol $3, %eax", 0xc1, 0xc0, 0x03);
    G(x86_shift_ri(B, X86_ROR, X86_64, X86_R12, 1), "ror $1, %r12", 0x49, 0xd1, 0xcc);
    G(x86_shift_ri(B, X86_ROR, X86_64, X86_RDI, 17), "ror $17, %rdi", 0x48, 0xc1, 0xcf, 0x11);
    G(x86_shift_ri(B, X86_SHL, X86_8, X86_RSI, 4), "shl $4, %sil", 0x40, 0xc0, 0xe6, 0x04);
    G(x86_shift_ri(B, X86_SAR, X86_16, X86_RAX, 1), "sar $1, %ax", 0x66, 0xd1, 0xf8);
    G(x86_shift_cl(B, X86_SHL, X86_64, X86_RAX), "shl %cl, %rax", 0x48, 0xd3, 0xe0);
    G(x86_shift_cl(B, X86_SHR, X86_32, X86_R11), "shr %cl, %r11d", 0x41, 0xd3, 0xeb);
    G(x86_shift_cl(B, X86_SAR, X86_64, X86_RSI), "sar %cl, %rsi", 0x48, 0xd3, 0xfe);
    G(x86_shift_cl(B, X86_ROL, X86_64, X86_RDX), "rol %cl, %rdx", 0x48, 0xd3, 0xc2);
    G(x86_shift_cl(B, X86_ROR, X86_32, X86_RBX), "ror %cl, %ebx", 0xd3, 0xcb);
    G(x86_shift_cl(B, X86_SHR, X86_8, X86_RDI), "shr %cl, %dil", 0x40, 0xd2, 0xef);
}

static void test_muldiv(void **state)
{
    (void)state;
    G(x86_imul_rr(B, X86_64, X86_RAX, X86_RCX), "imul %rcx, %rax", 0x48, 0x0f, 0xaf, 0xc1);
    G(x86_imul_rr(B, X86_32, X86_R8, X86_RDX), "imul %edx, %r8d", 0x44, 0x0f, 0xaf, 0xc2);
    G(x86_imul_rr(B, X86_16, X86_RAX, X86_RBX), "imul %bx, %ax", 0x66, 0x0f, 0xaf, 0xc3);
    G(x86_imul_rri(B, X86_64, X86_RAX, X86_RCX, 3), "imul $3, %rcx, %rax", 0x48, 0x6b, 0xc1, 0x03);
    G(x86_imul_rri(B, X86_32, X86_RDX, X86_R9, 127), "imul $127, %r9d, %edx", 0x41, 0x6b, 0xd1,
      0x7f);
    G(x86_imul_rri(B, X86_32, X86_RDX, X86_R9, 128), "imul $128, %r9d, %edx", 0x41, 0x69, 0xd1,
      0x80, 0x00, 0x00, 0x00);
    G(x86_imul_rri(B, X86_64, X86_R10, X86_R11, -129), "imul $-129, %r11, %r10", 0x4d, 0x69, 0xd3,
      0x7f, 0xff, 0xff, 0xff);
    G(x86_imul_rri(B, X86_64, X86_RAX, X86_RAX, -128), "imul $-128, %rax, %rax", 0x48, 0x6b, 0xc0,
      0x80);
    G(x86_imul_rri(B, X86_16, X86_RAX, X86_RCX, 0x1000), "imul $0x1000, %cx, %ax", 0x66, 0x69, 0xc1,
      0x00, 0x10);
    G(x86_mul(B, X86_64, X86_RCX), "mul %rcx", 0x48, 0xf7, 0xe1);
    G(x86_mul(B, X86_32, X86_R8), "mul %r8d", 0x41, 0xf7, 0xe0);
    G(x86_imul1(B, X86_64, X86_RSI), "imul %rsi", 0x48, 0xf7, 0xee);
    G(x86_imul1(B, X86_32, X86_RCX), "imul %ecx", 0xf7, 0xe9);
    G(x86_div(B, X86_64, X86_R9), "div %r9", 0x49, 0xf7, 0xf1);
    G(x86_div(B, X86_32, X86_RCX), "div %ecx", 0xf7, 0xf1);
    G(x86_idiv(B, X86_64, X86_RBX), "idiv %rbx", 0x48, 0xf7, 0xfb);
    G(x86_idiv(B, X86_32, X86_R15), "idiv %r15d", 0x41, 0xf7, 0xff);
    G(x86_idiv(B, X86_16, X86_RCX), "idiv %cx", 0x66, 0xf7, 0xf9);
    G(x86_cqo(B, X86_64), "cqto", 0x48, 0x99);
    G(x86_cqo(B, X86_32), "cltd", 0x99);
    G(x86_cqo(B, X86_16), "cwtd", 0x66, 0x99);
}

static void test_setcc_cmov(void **state)
{
    (void)state;
    G(x86_setcc(B, X86_CC_O, X86_RAX), "seto %al", 0x0f, 0x90, 0xc0);
    G(x86_setcc(B, X86_CC_NO, X86_RAX), "setno %al", 0x0f, 0x91, 0xc0);
    G(x86_setcc(B, X86_CC_B, X86_RAX), "setb %al", 0x0f, 0x92, 0xc0);
    G(x86_setcc(B, X86_CC_AE, X86_RAX), "setae %al", 0x0f, 0x93, 0xc0);
    G(x86_setcc(B, X86_CC_E, X86_RAX), "sete %al", 0x0f, 0x94, 0xc0);
    G(x86_setcc(B, X86_CC_NE, X86_RAX), "setne %al", 0x0f, 0x95, 0xc0);
    G(x86_setcc(B, X86_CC_BE, X86_RAX), "setbe %al", 0x0f, 0x96, 0xc0);
    G(x86_setcc(B, X86_CC_A, X86_RAX), "seta %al", 0x0f, 0x97, 0xc0);
    G(x86_setcc(B, X86_CC_S, X86_RAX), "sets %al", 0x0f, 0x98, 0xc0);
    G(x86_setcc(B, X86_CC_NS, X86_RAX), "setns %al", 0x0f, 0x99, 0xc0);
    G(x86_setcc(B, X86_CC_P, X86_RAX), "setp %al", 0x0f, 0x9a, 0xc0);
    G(x86_setcc(B, X86_CC_NP, X86_RAX), "setnp %al", 0x0f, 0x9b, 0xc0);
    G(x86_setcc(B, X86_CC_L, X86_RAX), "setl %al", 0x0f, 0x9c, 0xc0);
    G(x86_setcc(B, X86_CC_GE, X86_RAX), "setge %al", 0x0f, 0x9d, 0xc0);
    G(x86_setcc(B, X86_CC_LE, X86_RAX), "setle %al", 0x0f, 0x9e, 0xc0);
    G(x86_setcc(B, X86_CC_G, X86_RAX), "setg %al", 0x0f, 0x9f, 0xc0);
    G(x86_setcc(B, X86_CC_NE, X86_RSI), "setne %sil", 0x40, 0x0f, 0x95, 0xc6);
    G(x86_setcc(B, X86_CC_A, X86_RSP), "seta %spl", 0x40, 0x0f, 0x97, 0xc4);
    G(x86_setcc(B, X86_CC_L, X86_R8), "setl %r8b", 0x41, 0x0f, 0x9c, 0xc0);
    G(x86_setcc(B, X86_CC_G, X86_R15), "setg %r15b", 0x41, 0x0f, 0x9f, 0xc7);
    G(x86_setcc(B, X86_CC_O, X86_RCX), "seto %cl", 0x0f, 0x90, 0xc1);
    G(x86_setcc_zx(B, X86_CC_E, X86_RAX), "sete %al; movzbl %al, %eax", 0x0f, 0x94, 0xc0, 0x0f,
      0xb6, 0xc0);
    G(x86_setcc_zx(B, X86_CC_NE, X86_RSI), "setne %sil; movzbl %sil, %esi", 0x40, 0x0f, 0x95, 0xc6,
      0x40, 0x0f, 0xb6, 0xf6);
    G(x86_setcc_zx(B, X86_CC_B, X86_R9), "setb %r9b; movzbl %r9b, %r9d", 0x41, 0x0f, 0x92, 0xc1,
      0x45, 0x0f, 0xb6, 0xc9);
    G(x86_cmov(B, X86_CC_E, X86_64, X86_RAX, X86_RCX), "cmove %rcx, %rax", 0x48, 0x0f, 0x44, 0xc1);
    G(x86_cmov(B, X86_CC_NE, X86_32, X86_R8, X86_RDX), "cmovne %edx, %r8d", 0x44, 0x0f, 0x45, 0xc2);
    G(x86_cmov(B, X86_CC_L, X86_64, X86_RAX, X86_R15), "cmovl %r15, %rax", 0x49, 0x0f, 0x4c, 0xc7);
    G(x86_cmov(B, X86_CC_A, X86_16, X86_RAX, X86_RCX), "cmova %cx, %ax", 0x66, 0x0f, 0x47, 0xc1);
    G(x86_cmov(B, X86_CC_GE, X86_32, X86_RSI, X86_RDI), "cmovge %edi, %esi", 0x0f, 0x4d, 0xf7);
    G(x86_cmov(B, X86_CC_P, X86_64, X86_R11, X86_R12), "cmovp %r12, %r11", 0x4d, 0x0f, 0x4a, 0xdc);
}

static void test_bits(void **state)
{
    (void)state;
    G(x86_bswap(B, X86_32, X86_RAX), "bswap %eax", 0x0f, 0xc8);
    G(x86_bswap(B, X86_64, X86_RAX), "bswap %rax", 0x48, 0x0f, 0xc8);
    G(x86_bswap(B, X86_64, X86_R8), "bswap %r8", 0x49, 0x0f, 0xc8);
    G(x86_bswap(B, X86_32, X86_R15), "bswap %r15d", 0x41, 0x0f, 0xcf);
    G(x86_bswap(B, X86_32, X86_RSI), "bswap %esi", 0x0f, 0xce);
    G(x86_popcnt(B, X86_64, X86_RAX, X86_RCX), "popcnt %rcx, %rax", 0xf3, 0x48, 0x0f, 0xb8, 0xc1);
    G(x86_popcnt(B, X86_32, X86_R8, X86_R9), "popcnt %r9d, %r8d", 0xf3, 0x45, 0x0f, 0xb8, 0xc1);
    G(x86_popcnt(B, X86_16, X86_RAX, X86_RCX), "popcnt %cx, %ax", 0x66, 0xf3, 0x0f, 0xb8, 0xc1);
    G(x86_lzcnt(B, X86_64, X86_RAX, X86_RCX), "lzcnt %rcx, %rax", 0xf3, 0x48, 0x0f, 0xbd, 0xc1);
    G(x86_lzcnt(B, X86_32, X86_RDX, X86_R12), "lzcnt %r12d, %edx", 0xf3, 0x41, 0x0f, 0xbd, 0xd4);
    G(x86_tzcnt(B, X86_64, X86_R11, X86_RAX), "tzcnt %rax, %r11", 0xf3, 0x4c, 0x0f, 0xbc, 0xd8);
    G(x86_tzcnt(B, X86_32, X86_RAX, X86_RCX), "tzcnt %ecx, %eax", 0xf3, 0x0f, 0xbc, 0xc1);
    G(x86_bsf(B, X86_64, X86_RAX, X86_RCX), "bsf %rcx, %rax", 0x48, 0x0f, 0xbc, 0xc1);
    G(x86_bsr(B, X86_32, X86_R8, X86_RDX), "bsr %edx, %r8d", 0x44, 0x0f, 0xbd, 0xc2);
    G(x86_bt_rr(B, X86_BT, X86_64, X86_RAX, X86_RCX), "bt %rcx, %rax", 0x48, 0x0f, 0xa3, 0xc8);
    G(x86_bt_rr(B, X86_BTS, X86_32, X86_RDX, X86_R9), "bts %r9d, %edx", 0x44, 0x0f, 0xab, 0xca);
    G(x86_bt_rr(B, X86_BTR, X86_64, X86_R12, X86_RAX), "btr %rax, %r12", 0x49, 0x0f, 0xb3, 0xc4);
    G(x86_bt_rr(B, X86_BTC, X86_32, X86_RAX, X86_RCX), "btc %ecx, %eax", 0x0f, 0xbb, 0xc8);
    G(x86_bt_ri(B, X86_BT, X86_64, X86_RAX, 63), "bt $63, %rax", 0x48, 0x0f, 0xba, 0xe0, 0x3f);
    G(x86_bt_ri(B, X86_BTS, X86_32, X86_R8, 5), "bts $5, %r8d", 0x41, 0x0f, 0xba, 0xe8, 0x05);
    G(x86_bt_ri(B, X86_BTR, X86_64, X86_RCX, 0), "btr $0, %rcx", 0x48, 0x0f, 0xba, 0xf1, 0x00);
    G(x86_bt_ri(B, X86_BTC, X86_64, X86_R15, 32), "btc $32, %r15", 0x49, 0x0f, 0xba, 0xff, 0x20);
    G(x86_andn(B, X86_64, X86_RAX, X86_RCX, X86_RDX), "andn %rdx, %rcx, %rax", 0xc4, 0xe2, 0xf0,
      0xf2, 0xc2);
    G(x86_andn(B, X86_32, X86_R8, X86_R9, X86_R10), "andn %r10d, %r9d, %r8d", 0xc4, 0x42, 0x30,
      0xf2, 0xc2);
    G(x86_andn(B, X86_64, X86_RAX, X86_R12, X86_RBX), "andn %rbx, %r12, %rax", 0xc4, 0xe2, 0x98,
      0xf2, 0xc3);
    G(x86_andn(B, X86_32, X86_RAX, X86_RCX, X86_R15), "andn %r15d, %ecx, %eax", 0xc4, 0xc2, 0x70,
      0xf2, 0xc7);
    G(x86_rorx(B, X86_64, X86_RAX, X86_RCX, 5), "rorx $5, %rcx, %rax", 0xc4, 0xe3, 0xfb, 0xf0, 0xc1,
      0x05);
    G(x86_rorx(B, X86_32, X86_R9, X86_RDX, 31), "rorx $31, %edx, %r9d", 0xc4, 0x63, 0x7b, 0xf0,
      0xca, 0x1f);
    G(x86_rorx(B, X86_64, X86_RDX, X86_R13, 63), "rorx $63, %r13, %rdx", 0xc4, 0xc3, 0xfb, 0xf0,
      0xd5, 0x3f);
    G(x86_shiftx(B, X86_SHL, X86_64, X86_RAX, X86_RCX, X86_RDX), "shlx %rdx, %rcx, %rax", 0xc4,
      0xe2, 0xe9, 0xf7, 0xc1);
    G(x86_shiftx(B, X86_SHR, X86_32, X86_R8, X86_R9, X86_R10), "shrx %r10d, %r9d, %r8d", 0xc4, 0x42,
      0x2b, 0xf7, 0xc1);
    G(x86_shiftx(B, X86_SAR, X86_64, X86_RAX, X86_R11, X86_RCX), "sarx %rcx, %r11, %rax", 0xc4,
      0xc2, 0xf2, 0xf7, 0xc3);
    G(x86_shiftx(B, X86_SAR, X86_32, X86_RAX, X86_RCX, X86_R12), "sarx %r12d, %ecx, %eax", 0xc4,
      0xe2, 0x1a, 0xf7, 0xc1);
}

static void test_atomics(void **state)
{
    (void)state;
    G(x86_lock_xadd(B, X86_32, M(RCX, 0), X86_RAX), "lock xadd %eax, (%rcx)", 0xf0, 0x0f, 0xc1,
      0x01);
    G(x86_lock_xadd(B, X86_64, M(RDI, 8), X86_R8), "lock xadd %r8, 8(%rdi)", 0xf0, 0x4c, 0x0f, 0xc1,
      0x47, 0x08);
    G(x86_lock_xadd(B, X86_8, M(RAX, 0), X86_RSI), "lock xadd %sil, (%rax)", 0xf0, 0x40, 0x0f, 0xc0,
      0x30);
    G(x86_lock_cmpxchg(B, X86_64, M(RCX, 0), X86_RDX), "lock cmpxchg %rdx, (%rcx)", 0xf0, 0x48,
      0x0f, 0xb1, 0x11);
    G(x86_lock_cmpxchg(B, X86_32, MI(R12, R13, 4, 0), X86_R9), "lock cmpxchg %r9d, (%r12,%r13,4)",
      0xf0, 0x47, 0x0f, 0xb1, 0x0c, 0xac);
    G(x86_lock_cmpxchg(B, X86_16, M(RSP, 0), X86_RBX), "lock cmpxchg %bx, (%rsp)", 0x66, 0xf0, 0x0f,
      0xb1, 0x1c, 0x24);
    G(x86_lock_alu_mr(B, X86_ADD, X86_64, M(RAX, 0), X86_RCX), "lock add %rcx, (%rax)", 0xf0, 0x48,
      0x01, 0x08);
    G(x86_lock_alu_mr(B, X86_OR, X86_32, M(RBP, 0), X86_RDX), "lock or %edx, 0(%rbp)", 0xf0, 0x09,
      0x55, 0x00);
    G(x86_lock_alu_mr(B, X86_AND, X86_64, M(R14, -8), X86_R10), "lock and %r10, -8(%r14)", 0xf0,
      0x4d, 0x21, 0x56, 0xf8);
    G(x86_lock_alu_mr(B, X86_XOR, X86_32, M(RSI, 0x200), X86_RAX), "lock xor %eax, 0x200(%rsi)",
      0xf0, 0x31, 0x86, 0x00, 0x02, 0x00, 0x00);
    G(x86_xchg_mr(B, X86_32, M(RCX, 0), X86_RAX), "xchg %eax, (%rcx)", 0x87, 0x01);
    G(x86_xchg_mr(B, X86_64, M(R8, 0x100), X86_R9), "xchg %r9, 0x100(%r8)", 0x4d, 0x87, 0x88, 0x00,
      0x01, 0x00, 0x00);
    G(x86_xchg_mr(B, X86_8, M(RAX, 0), X86_RDI), "xchg %dil, (%rax)", 0x40, 0x86, 0x38);
    G(x86_mfence(B), "mfence", 0x0f, 0xae, 0xf0);
    G(x86_pause(B), "pause", 0xf3, 0x90);
}

static void test_misc_control(void **state)
{
    (void)state;
    G(x86_ret(B), "ret", 0xc3);
    G(x86_int3(B), "int3", 0xcc);
    G(x86_ud2(B), "ud2", 0x0f, 0x0b);
    G(x86_nop(B, 1), "nop", 0x90);
    G(x86_nop(B, 2), "xchg %ax, %ax", 0x66, 0x90);
    G(x86_nop(B, 3), "nopl (%rax)", 0x0f, 0x1f, 0x00);
    G(x86_nop(B, 4), "{disp8} nopl 0(%rax)", 0x0f, 0x1f, 0x40, 0x00);
    G(x86_nop(B, 5), "{disp8} nopl 0(%rax,%rax,1)", 0x0f, 0x1f, 0x44, 0x00, 0x00);
    G(x86_nop(B, 6), "{disp8} nopw 0(%rax,%rax,1)", 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00);
    G(x86_nop(B, 7), "{disp32} nopl 0(%rax)", 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00);
    G(x86_nop(B, 8), "{disp32} nopl 0(%rax,%rax,1)", 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00,
      0x00);
    G(x86_nop(B, 9), "{disp32} nopw 0(%rax,%rax,1)", 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00,
      0x00);
    G(x86_nop(B, 12), "{disp32} nopw 0(%rax,%rax,1); nopl (%rax)", 0x66, 0x0f, 0x1f, 0x84, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x0f, 0x1f, 0x00);
    G((x86_nop(B, 1), x86_align(B, 8)), "nop; {disp32} nopl 0(%rax)", 0x90, 0x0f, 0x1f, 0x80, 0x00,
      0x00, 0x00, 0x00);
    G((x86_nop(B, 2), x86_align(B, 4), x86_align(B, 4)), "xchg %ax, %ax; xchg %ax, %ax", 0x66, 0x90,
      0x66, 0x90);
    G(x86_jmp_r(B, X86_RAX), "jmp *%rax", 0xff, 0xe0);
    G(x86_jmp_r(B, X86_R11), "jmp *%r11", 0x41, 0xff, 0xe3);
    G(x86_jmp_m(B, M(RAX, 0x10)), "jmp *0x10(%rax)", 0xff, 0x60, 0x10);
    G(x86_jmp_m(B, M(R12, 0)), "jmp *(%r12)", 0x41, 0xff, 0x24, 0x24);
    G(x86_jmp_m(B, MI(NOREG, RCX, 8, 0x1000)), "jmp *0x1000(,%rcx,8)", 0xff, 0x24, 0xcd, 0x00, 0x10,
      0x00, 0x00);
    G(x86_jmp_m(B, x86_mem_rip(B->start + 0x80)), "jmp *g0+0x80(%rip)", 0xff, 0x25, 0x7a, 0x00,
      0x00, 0x00);
    G(x86_call_r(B, X86_RAX), "call *%rax", 0xff, 0xd0);
    G(x86_call_r(B, X86_R15), "call *%r15", 0x41, 0xff, 0xd7);
    G(x86_call_m(B, M(RBX, 8)), "call *8(%rbx)", 0xff, 0x53, 0x08);
    G(x86_call_m(B, M(R13, 0)), "call *0(%r13)", 0x41, 0xff, 0x55, 0x00);
}

static void test_branches(void **state)
{
    (void)state;
    G(x86_jmp(B, B->start + 0x20), "jmp g0+0x20", 0xeb, 0x1e);
    G(x86_jmp(B, B->start + 129), "jmp g0+129", 0xeb, 0x7f);
    G(x86_jmp(B, B->start + 130), "jmp g0+130", 0xe9, 0x7d, 0x00, 0x00, 0x00);
    G(x86_jmp(B, B->start - 126), "jmp g0-126", 0xeb, 0x80);
    G(x86_jmp(B, B->start - 127), "jmp g0-127", 0xe9, 0x7c, 0xff, 0xff, 0xff);
    G(x86_jmp(B, B->start + 0x12345678), "jmp g0+0x12345678", 0xe9, 0x73, 0x56, 0x34, 0x12);
    G(x86_jcc(B, X86_CC_NE, B->start + 0x10), "jne g0+0x10", 0x75, 0x0e);
    G(x86_jcc(B, X86_CC_O, B->start + 129), "jo g0+129", 0x70, 0x7f);
    G(x86_jcc(B, X86_CC_NO, B->start + 130), "jno g0+130", 0x0f, 0x81, 0x7c, 0x00, 0x00, 0x00);
    G(x86_jcc(B, X86_CC_LE, B->start - 126), "jle g0-126", 0x7e, 0x80);
    G(x86_jcc(B, X86_CC_G, B->start - 127), "jg g0-127", 0x0f, 0x8f, 0x7b, 0xff, 0xff, 0xff);
    G(x86_jcc(B, X86_CC_L, B->start + 0x1000), "jl g0+0x1000", 0x0f, 0x8c, 0xfa, 0x0f, 0x00, 0x00);
    G(x86_jcc(B, X86_CC_P, B->start), "jp g0", 0x7a, 0xfe);
    G(x86_jmp_rel32(B, B->start + 0x20), "{disp32} jmp g0+0x20", 0xe9, 0x1b, 0x00, 0x00, 0x00);
    G(x86_jmp_rel32(B, NULL), "{disp32} jmp 1f; 1:", 0xe9, 0x00, 0x00, 0x00, 0x00);
    G(x86_jcc_rel32(B, X86_CC_E, B->start), "{disp32} je g0", 0x0f, 0x84, 0xfa, 0xff, 0xff, 0xff);
    G(x86_jcc_rel32(B, X86_CC_A, B->start - 0x100), "{disp32} ja g0-0x100", 0x0f, 0x87, 0xfa, 0xfe,
      0xff, 0xff);
    G(x86_jcc_rel32(B, X86_CC_G, NULL), "{disp32} jg 1f; 1:", 0x0f, 0x8f, 0x00, 0x00, 0x00, 0x00);
    G(x86_call_rel32(B, B->start + 0x100), "call g0+0x100", 0xe8, 0xfb, 0x00, 0x00, 0x00);
    G(x86_call_rel32(B, NULL), "call 1f; 1:", 0xe8, 0x00, 0x00, 0x00, 0x00);
    G(x86_call(B, B->start - 0x40, X86_R11), "call g0-0x40", 0xe8, 0xbb, 0xff, 0xff, 0xff);
    G(x86_jmp_patchable(B, B->start + 0x40), "nopl (%rax); {disp32} jmp g0+0x40", 0x0f, 0x1f, 0x00,
      0xe9, 0x38, 0x00, 0x00, 0x00);
    G((x86_nop(B, 3), x86_jmp_patchable(B, B->start)), "nopl (%rax); {disp32} jmp g0", 0x0f, 0x1f,
      0x00, 0xe9, 0xf8, 0xff, 0xff, 0xff);
    G((x86_nop(B, 1), x86_jmp_patchable(B, NULL)), "nop; xchg %ax, %ax; {disp32} jmp 1f; 1:", 0x90,
      0x66, 0x90, 0xe9, 0x00, 0x00, 0x00, 0x00);
}

/* Label sequences. */

static void seq_label_fwd32(struct x86_buf *B)
{
    struct x86_label l;
    x86_label_init(&l);
    x86_jcc_label(B, X86_CC_E, &l);
    x86_jmp_label(B, &l);
    x86_nop(B, 1);
    x86_jcc_label(B, X86_CC_B, &l);
    assert_int_equal(x86_label_bind(B, &l), 0);
    x86_ret(B);
}

static void seq_label_fwd8(struct x86_buf *B)
{
    struct x86_label l;
    x86_label_init(&l);
    x86_jcc_label8(B, X86_CC_NE, &l);
    x86_jmp_label8(B, &l);
    x86_nop(B, 1);
    assert_int_equal(x86_label_bind(B, &l), 0);
}

static void seq_label_back(struct x86_buf *B)
{
    static const uint8_t zero[122]; /* the least that pushes the next branch to rel32 */
    struct x86_label l;
    x86_label_init(&l);
    assert_int_equal(x86_label_bind(B, &l), 0);
    x86_nop(B, 1);
    x86_jmp_label(B, &l);
    x86_jcc_label8(B, X86_CC_S, &l);
    x86_data(B, zero, sizeof(zero));
    x86_jcc_label(B, X86_CC_NS, &l);
    x86_jmp_label(B, &l);
}

static void seq_label_mixed(struct x86_buf *B)
{
    struct x86_label a, c;
    x86_label_init(&a);
    x86_label_init(&c);
    x86_jmp_label8(B, &a);
    x86_jcc_label(B, X86_CC_AE, &c);
    x86_jcc_label8(B, X86_CC_BE, &a);
    x86_lea_label(B, X86_RAX, &c);
    x86_jmp_label8(B, &a);
    assert_int_equal(x86_label_bind(B, &a), 0);
    x86_jmp_label(B, &c);
    x86_lea_label(B, X86_R9, &a);
    assert_int_equal(x86_label_bind(B, &c), 0);
    x86_lea_label(B, X86_RSI, &c);
}

static void test_labels(void **state)
{
    (void)state;
    G(seq_label_fwd32(B), "{disp32} je 1f; {disp32} jmp 1f; nop; {disp32} jb 1f; 1: ret", 0x0f,
      0x84, 0x0c, 0x00, 0x00, 0x00, 0xe9, 0x07, 0x00, 0x00, 0x00, 0x90, 0x0f, 0x82, 0x00, 0x00,
      0x00, 0x00, 0xc3);
    G(seq_label_fwd8(B), "jne 1f; jmp 1f; nop; 1:", 0x75, 0x03, 0xeb, 0x01, 0x90);
    G(seq_label_back(B), "1: nop; jmp 1b; js 1b; .skip 122; {disp32} jns 1b; {disp32} jmp 1b", 0x90,
      0xeb, 0xfd, 0x78, 0xfb, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x89, 0x7b, 0xff, 0xff, 0xff, 0xe9, 0x76, 0xff,
      0xff, 0xff);
    G(seq_label_mixed(B),
      "jmp 1f; {disp32} jae 2f; jbe 1f; lea 2f(%rip), %rax; jmp 1f; 1: {disp32} jmp 2f; lea "
      "1b(%rip), %r9; 2: lea 2b(%rip), %rsi",
      0xeb, 0x11, 0x0f, 0x83, 0x17, 0x00, 0x00, 0x00, 0x76, 0x09, 0x48, 0x8d, 0x05, 0x0e, 0x00,
      0x00, 0x00, 0xeb, 0x00, 0xe9, 0x07, 0x00, 0x00, 0x00, 0x4c, 0x8d, 0x0d, 0xf4, 0xff, 0xff,
      0xff, 0x48, 0x8d, 0x35, 0xf9, 0xff, 0xff, 0xff);
}

static void test_sse(void **state)
{
    (void)state;
    G(x86_movd_xr(B, X86_64, X86_XMM0, X86_RAX), "movq %rax, %xmm0", 0x66, 0x48, 0x0f, 0x6e, 0xc0);
    G(x86_movd_xr(B, X86_32, X86_XMM1, X86_RCX), "movd %ecx, %xmm1", 0x66, 0x0f, 0x6e, 0xc9);
    G(x86_movd_xr(B, X86_64, X86_XMM15, X86_R8), "movq %r8, %xmm15", 0x66, 0x4d, 0x0f, 0x6e, 0xf8);
    G(x86_movd_xr(B, X86_32, X86_XMM8, X86_RAX), "movd %eax, %xmm8", 0x66, 0x44, 0x0f, 0x6e, 0xc0);
    G(x86_movd_rx(B, X86_64, X86_RAX, X86_XMM0), "movq %xmm0, %rax", 0x66, 0x48, 0x0f, 0x7e, 0xc0);
    G(x86_movd_rx(B, X86_32, X86_R9, X86_XMM10), "movd %xmm10, %r9d", 0x66, 0x45, 0x0f, 0x7e, 0xd1);
    G(x86_movd_rx(B, X86_64, X86_RDX, X86_XMM9), "movq %xmm9, %rdx", 0x66, 0x4c, 0x0f, 0x7e, 0xca);
    G(x86_sse_mov(B, X86_XMM1, X86_XMM2), "movaps %xmm2, %xmm1", 0x0f, 0x28, 0xca);
    G(x86_sse_mov(B, X86_XMM9, X86_XMM0), "movaps %xmm0, %xmm9", 0x44, 0x0f, 0x28, 0xc8);
    G(x86_sse_mov(B, X86_XMM0, X86_XMM15), "movaps %xmm15, %xmm0", 0x41, 0x0f, 0x28, 0xc7);
    G(x86_sse_load(B, X86_64, X86_XMM1, M(RAX, 0)), "movsd (%rax), %xmm1", 0xf2, 0x0f, 0x10, 0x08);
    G(x86_sse_load(B, X86_32, X86_XMM9, M(RSP, 0x80)), "movss 0x80(%rsp), %xmm9", 0xf3, 0x44, 0x0f,
      0x10, 0x8c, 0x24, 0x80, 0x00, 0x00, 0x00);
    G(x86_sse_load(B, X86_64, X86_XMM0, x86_mem_rip(B->start + 0x100)),
      "movsd g0+0x100(%rip), %xmm0", 0xf2, 0x0f, 0x10, 0x05, 0xf8, 0x00, 0x00, 0x00);
    G(x86_sse_store(B, X86_64, M(RBP, -8), X86_XMM2), "movsd %xmm2, -8(%rbp)", 0xf2, 0x0f, 0x11,
      0x55, 0xf8);
    G(x86_sse_store(B, X86_32, MI(R12, RCX, 4, 0), X86_XMM12), "movss %xmm12, (%r12,%rcx,4)", 0xf3,
      0x45, 0x0f, 0x11, 0x24, 0x8c);
    G(x86_sse_op_rr(B, X86_SSE_ADD, X86_64, X86_XMM0, X86_XMM1), "addsd %xmm1, %xmm0", 0xf2, 0x0f,
      0x58, 0xc1);
    G(x86_sse_op_rr(B, X86_SSE_SUB, X86_32, X86_XMM2, X86_XMM3), "subss %xmm3, %xmm2", 0xf3, 0x0f,
      0x5c, 0xd3);
    G(x86_sse_op_rr(B, X86_SSE_MUL, X86_64, X86_XMM8, X86_XMM1), "mulsd %xmm1, %xmm8", 0xf2, 0x44,
      0x0f, 0x59, 0xc1);
    G(x86_sse_op_rr(B, X86_SSE_DIV, X86_32, X86_XMM0, X86_XMM15), "divss %xmm15, %xmm0", 0xf3, 0x41,
      0x0f, 0x5e, 0xc7);
    G(x86_sse_op_rr(B, X86_SSE_SQRT, X86_64, X86_XMM1, X86_XMM1), "sqrtsd %xmm1, %xmm1", 0xf2, 0x0f,
      0x51, 0xc9);
    G(x86_sse_op_rr(B, X86_SSE_SQRT, X86_32, X86_XMM4, X86_XMM5), "sqrtss %xmm5, %xmm4", 0xf3, 0x0f,
      0x51, 0xe5);
    G(x86_sse_op_rr(B, X86_SSE_MIN, X86_64, X86_XMM6, X86_XMM7), "minsd %xmm7, %xmm6", 0xf2, 0x0f,
      0x5d, 0xf7);
    G(x86_sse_op_rr(B, X86_SSE_MAX, X86_32, X86_XMM11, X86_XMM12), "maxss %xmm12, %xmm11", 0xf3,
      0x45, 0x0f, 0x5f, 0xdc);
    G(x86_sse_op_rm(B, X86_SSE_ADD, X86_64, X86_XMM0, M(RAX, 8)), "addsd 8(%rax), %xmm0", 0xf2,
      0x0f, 0x58, 0x40, 0x08);
    G(x86_sse_op_rm(B, X86_SSE_MUL, X86_32, X86_XMM10, M(R13, 0)), "mulss 0(%r13), %xmm10", 0xf3,
      0x45, 0x0f, 0x59, 0x55, 0x00);
    G(x86_ucomi(B, X86_64, X86_XMM0, X86_XMM1), "ucomisd %xmm1, %xmm0", 0x66, 0x0f, 0x2e, 0xc1);
    G(x86_ucomi(B, X86_32, X86_XMM9, X86_XMM2), "ucomiss %xmm2, %xmm9", 0x44, 0x0f, 0x2e, 0xca);
    G(x86_comi(B, X86_64, X86_XMM3, X86_XMM14), "comisd %xmm14, %xmm3", 0x66, 0x41, 0x0f, 0x2f,
      0xde);
    G(x86_comi(B, X86_32, X86_XMM0, X86_XMM1), "comiss %xmm1, %xmm0", 0x0f, 0x2f, 0xc1);
    G(x86_cvtsi2f(B, X86_64, X86_64, X86_XMM0, X86_RAX), "cvtsi2sdq %rax, %xmm0", 0xf2, 0x48, 0x0f,
      0x2a, 0xc0);
    G(x86_cvtsi2f(B, X86_64, X86_32, X86_XMM1, X86_RCX), "cvtsi2sdl %ecx, %xmm1", 0xf2, 0x0f, 0x2a,
      0xc9);
    G(x86_cvtsi2f(B, X86_32, X86_64, X86_XMM8, X86_R9), "cvtsi2ssq %r9, %xmm8", 0xf3, 0x4d, 0x0f,
      0x2a, 0xc1);
    G(x86_cvtsi2f(B, X86_32, X86_32, X86_XMM2, X86_R10), "cvtsi2ssl %r10d, %xmm2", 0xf3, 0x41, 0x0f,
      0x2a, 0xd2);
    G(x86_cvttf2si(B, X86_64, X86_64, X86_RAX, X86_XMM0), "cvttsd2si %xmm0, %rax", 0xf2, 0x48, 0x0f,
      0x2c, 0xc0);
    G(x86_cvttf2si(B, X86_32, X86_64, X86_RCX, X86_XMM1), "cvttsd2si %xmm1, %ecx", 0xf2, 0x0f, 0x2c,
      0xc9);
    G(x86_cvttf2si(B, X86_64, X86_32, X86_R8, X86_XMM9), "cvttss2si %xmm9, %r8", 0xf3, 0x4d, 0x0f,
      0x2c, 0xc1);
    G(x86_cvttf2si(B, X86_32, X86_32, X86_RAX, X86_XMM2), "cvttss2si %xmm2, %eax", 0xf3, 0x0f, 0x2c,
      0xc2);
    G(x86_cvtf2si(B, X86_64, X86_64, X86_RAX, X86_XMM3), "cvtsd2si %xmm3, %rax", 0xf2, 0x48, 0x0f,
      0x2d, 0xc3);
    G(x86_cvtf2si(B, X86_32, X86_32, X86_R11, X86_XMM4), "cvtss2si %xmm4, %r11d", 0xf3, 0x44, 0x0f,
      0x2d, 0xdc);
    G(x86_cvtf2f(B, X86_64, X86_XMM0, X86_XMM1), "cvtss2sd %xmm1, %xmm0", 0xf3, 0x0f, 0x5a, 0xc1);
    G(x86_cvtf2f(B, X86_32, X86_XMM10, X86_XMM2), "cvtsd2ss %xmm2, %xmm10", 0xf2, 0x44, 0x0f, 0x5a,
      0xd2);
    G(x86_sse_logic(B, X86_SSE_AND, X86_64, X86_XMM0, X86_XMM1), "andpd %xmm1, %xmm0", 0x66, 0x0f,
      0x54, 0xc1);
    G(x86_sse_logic(B, X86_SSE_XOR, X86_64, X86_XMM2, X86_XMM3), "xorpd %xmm3, %xmm2", 0x66, 0x0f,
      0x57, 0xd3);
    G(x86_sse_logic(B, X86_SSE_OR, X86_32, X86_XMM4, X86_XMM5), "orps %xmm5, %xmm4", 0x0f, 0x56,
      0xe5);
    G(x86_sse_logic(B, X86_SSE_ANDN, X86_64, X86_XMM8, X86_XMM9), "andnpd %xmm9, %xmm8", 0x66, 0x45,
      0x0f, 0x55, 0xc1);
    G(x86_sse_logic(B, X86_SSE_XOR, X86_32, X86_XMM0, X86_XMM0), "xorps %xmm0, %xmm0", 0x0f, 0x57,
      0xc0);
    G(x86_ldmxcsr(B, M(RSP, 4)), "ldmxcsr 4(%rsp)", 0x0f, 0xae, 0x54, 0x24, 0x04);
    G(x86_ldmxcsr(B, M(R12, 0)), "ldmxcsr (%r12)", 0x41, 0x0f, 0xae, 0x14, 0x24);
    G(x86_stmxcsr(B, M(RBP, -4)), "stmxcsr -4(%rbp)", 0x0f, 0xae, 0x5d, 0xfc);
}

/* ---- buffer, ranges, patching, labels ---- */

/* p + off as an address only (it may lie outside any object). */
static uint8_t *addr_off(const void *p, int64_t off)
{
    return (uint8_t *)((uintptr_t)p + (uint64_t)off);
}

static void test_overflow(void **state)
{
    (void)state;
    uint8_t mem[8];
    struct x86_buf b;
    memset(mem, 0xee, sizeof(mem));
    x86_buf_init(&b, mem, 6);
    x86_mov_imm(&b, X86_64, X86_RAX, 0x123456789); /* 10 bytes: does not fit */
    assert_true(b.overflow);
    assert_int_equal(x86_buf_len(&b), 0);
    assert_int_equal(mem[0], 0xee);
    x86_ret(&b); /* nothing more is written once full */
    assert_int_equal(x86_buf_len(&b), 0);
    assert_int_equal(mem[0], 0xee);

    x86_buf_init(&b, mem, 6);
    x86_mov_imm(&b, X86_32, X86_RAX, 1);
    assert_false(b.overflow);
    assert_int_equal(x86_buf_len(&b), 5);
    assert_null(x86_jmp_rel32(&b, NULL));
    x86_ret(&b);
    assert_true(b.overflow);
    assert_int_equal(x86_buf_len(&b), 5);
    assert_int_equal(mem[5], 0xee);
    assert_null(x86_data(&b, "x", 1));
    assert_null(x86_movabs(&b, X86_RAX, 1));

    /* A label whose branch did not fit binds harmlessly. */
    struct x86_label l;
    x86_buf_init(&b, mem, 3);
    x86_label_init(&l);
    x86_jcc_label8(&b, X86_CC_E, &l);
    x86_jmp_label(&b, &l);
    x86_jcc_label8(&b, X86_CC_E, &l);
    assert_true(b.overflow);
    assert_int_equal(x86_label_bind(&b, &l), 0);
    assert_int_equal(mem[0], 0x74);
    assert_int_equal(mem[1], 0x00);
}

static void test_buf_pc_and_cond(void **state)
{
    (void)state;
    uint8_t mem[16];
    struct x86_buf b;
    x86_buf_init(&b, mem, sizeof(mem));
    b.exec_delta = 0x1000;
    x86_nop(&b, 3);
    assert_ptr_equal(x86_buf_pc(&b), addr_off(mem, 3 + 0x1000));
    /* Targets are executable addresses: a jump to the alias of mem lands on mem. */
    assert_int_equal(x86_jmp(&b, addr_off(mem, 0x1000)), 0);
    assert_int_equal(mem[3], 0xeb);
    assert_int_equal((int8_t)mem[4], -5);
    x86_nop(&b, 0);
    assert_int_equal(x86_buf_len(&b), 5);

    assert_int_equal(x86_cond_invert(X86_CC_E), X86_CC_NE);
    assert_int_equal(x86_cond_invert(X86_CC_NE), X86_CC_E);
    assert_int_equal(x86_cond_invert(X86_CC_L), X86_CC_GE);
    assert_int_equal(x86_cond_invert(X86_CC_A), X86_CC_BE);
    assert_int_equal(x86_cond_invert(X86_CC_P), X86_CC_NP);
}

static void test_far_targets(void **state)
{
    (void)state;
    uint8_t mem[32];
    struct x86_buf b;
    const uint8_t *far = addr_off(mem, 0x90000000ll);
    x86_buf_init(&b, mem, sizeof(mem));
    assert_int_equal(x86_jmp(&b, far), -1);
    assert_int_equal(x86_jcc(&b, X86_CC_E, far), -1);
    assert_null(x86_jmp_rel32(&b, far));
    assert_null(x86_call_rel32(&b, far));
    assert_false(b.overflow);
    assert_int_equal(x86_buf_len(&b), 0);
    /* Just in range: rel32 of 0x7fffffff from the end of a 5-byte jmp. */
    assert_non_null(x86_jmp_rel32(&b, addr_off(mem, 5 + 0x7fffffffll)));
    assert_int_equal(x86_buf_len(&b), 5);

    /* x86_call falls back to movabs scratch, target; call scratch. */
    x86_buf_init(&b, mem, sizeof(mem));
    x86_call(&b, far, X86_R11);
    assert_int_equal(x86_buf_len(&b), 13);
    uint64_t imm;
    memcpy(&imm, mem + 2, 8);
    assert_int_equal(mem[0], 0x49);
    assert_int_equal(mem[1], 0xbb);
    assert_int_equal(imm, (uint64_t)(uintptr_t)far);
    assert_memory_equal(mem + 10, ((const uint8_t[]){0x41, 0xff, 0xd3}), 3);
}

static void test_patch(void **state)
{
    (void)state;
    uint8_t mem[64] __attribute__((aligned(16)));
    struct x86_buf b;
    x86_buf_init(&b, mem, sizeof(mem));
    uint8_t *site_jmp = b.p;
    uint8_t *f_jmp = x86_jmp_rel32(&b, NULL);
    uint8_t *site_jcc = b.p;
    uint8_t *f_jcc = x86_jcc_rel32(&b, X86_CC_LE, NULL);
    uint8_t *site_call = b.p;
    uint8_t *f_call = x86_call_rel32(&b, NULL);
    uint8_t *site_ret = b.p;
    x86_ret(&b);
    assert_ptr_equal(x86_jmp_rel32_at(site_jmp), f_jmp);
    assert_ptr_equal(x86_jmp_rel32_at(site_jcc), f_jcc);
    assert_ptr_equal(x86_jmp_rel32_at(site_call), f_call);
    assert_ptr_equal(f_jmp, site_jmp + 1);
    assert_ptr_equal(f_jcc, site_jcc + 2);
    assert_null(x86_jmp_rel32_at(site_ret));

    assert_int_equal(x86_patch_rel32(f_jcc, mem), 0);
    int32_t rel;
    memcpy(&rel, f_jcc, 4);
    assert_int_equal(rel, -(int32_t)(f_jcc + 4 - mem));
    assert_int_equal(x86_patch_rel32(f_jmp, mem + 40), 0); /* unaligned field */
    memcpy(&rel, f_jmp, 4);
    assert_int_equal(rel, 40 - 5);
    assert_int_equal(x86_patch_rel32(f_jmp, addr_off(f_jmp, 4 + 0x80000000ll)), -1);
    assert_int_equal(x86_patch_rel32(f_jmp, addr_off(f_jmp, 4 - 0x80000001ll)), -1);
    memcpy(&rel, f_jmp, 4);
    assert_int_equal(rel, 40 - 5);
    assert_int_equal(x86_patch_rel32(f_jmp, addr_off(f_jmp, 4 - 0x80000000ll)), 0);
    memcpy(&rel, f_jmp, 4);
    assert_int_equal(rel, INT32_MIN);

    /* Patchable jumps get a 4-byte aligned field wherever they start. */
    for (unsigned start = 0; start < 8; start++) {
        x86_buf_init(&b, mem, sizeof(mem));
        x86_nop(&b, start);
        uint8_t *f = x86_jmp_patchable(&b, NULL);
        assert_non_null(f);
        assert_int_equal((uintptr_t)f & 3, 0);
        assert_int_equal(f[-1], 0xe9);
        assert_true(f - mem <= (ptrdiff_t)start + 4);
    }
}

static void test_label_limits(void **state)
{
    (void)state;
    static uint8_t mem[4096];
    struct x86_buf b;
    struct x86_label l;

    /* A rel8 branch bound too far away is reported. */
    x86_buf_init(&b, mem, sizeof(mem));
    x86_label_init(&l);
    x86_jcc_label8(&b, X86_CC_E, &l);
    x86_nop(&b, 128);
    assert_int_equal(x86_label_bind(&b, &l), -1);
    x86_buf_init(&b, mem, sizeof(mem));
    x86_label_init(&l);
    x86_jcc_label8(&b, X86_CC_E, &l);
    x86_nop(&b, 127);
    assert_int_equal(x86_label_bind(&b, &l), 0);
    assert_int_equal(mem[1], 127);
    x86_buf_init(&b, mem, sizeof(mem));
    x86_label_init(&l);
    x86_jcc_label8(&b, X86_CC_E, &l);
    x86_nop(&b, 127);
    x86_jmp_label8(&b, &l);
    assert_int_equal(x86_label_bind(&b, &l), -1);
    x86_buf_init(&b, mem, sizeof(mem));
    x86_label_init(&l);
    x86_jcc_label8(&b, X86_CC_E, &l);
    x86_nop(&b, 125);
    x86_jmp_label8(&b, &l);
    assert_int_equal(x86_label_bind(&b, &l), 0);
    assert_int_equal(mem[1], 127);
    assert_int_equal(mem[128], 0);

    /* rel8 sites more than 255 bytes apart cannot share a chain. */
    x86_buf_init(&b, mem, sizeof(mem));
    x86_label_init(&l);
    x86_jmp_label8(&b, &l);
    x86_nop(&b, 300);
    x86_jmp_label8(&b, &l);
    assert_int_equal(x86_label_bind(&b, &l), -1);

    /* Many rel32 sites, far apart, all resolve. */
    x86_buf_init(&b, mem, sizeof(mem));
    x86_label_init(&l);
    uint8_t *sites[40];
    for (unsigned i = 0; i < 40; i++) {
        sites[i] = b.p;
        if (i % 2)
            x86_jmp_label(&b, &l);
        else
            x86_jcc_label(&b, (enum x86_cond)(i % 16), &l);
        x86_nop(&b, i * 3);
    }
    assert_false(b.overflow);
    assert_int_equal(x86_label_bind(&b, &l), 0);
    for (unsigned i = 0; i < 40; i++) {
        uint8_t *f = x86_jmp_rel32_at(sites[i]);
        int32_t rel;
        assert_non_null(f);
        memcpy(&rel, f, 4);
        assert_ptr_equal(f + 4 + rel, l.pos);
    }
}

/* ---- generated code, run ---- */

#define EXEC_SIZE 65536

struct exec_fx {
    uint8_t *mem;
    struct x86_buf b;
};

static int exec_setup(void **state)
{
    static struct exec_fx fx;
    fx.mem = mmap(NULL, EXEC_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fx.mem == MAP_FAILED)
        return -1;
    x86_buf_init(&fx.b, fx.mem, EXEC_SIZE);
    *state = &fx;
    return 0;
}

static int exec_teardown(void **state)
{
    struct exec_fx *f = *state;
    munmap(f->mem, EXEC_SIZE);
    return 0;
}

/* Make the buffer executable (and no longer writable). */
static void exec_seal(struct exec_fx *f)
{
    assert_false(f->b.overflow);
    assert_int_equal(mprotect(f->mem, EXEC_SIZE, PROT_READ | PROT_EXEC), 0);
}

static void exec_unseal(struct exec_fx *f)
{
    assert_int_equal(mprotect(f->mem, EXEC_SIZE, PROT_READ | PROT_WRITE), 0);
}

#define CALL0(fn)       ((uint64_t(*)(void))(uintptr_t)(fn))()
#define CALL1(fn, a)    ((uint64_t(*)(uint64_t))(uintptr_t)(fn))(a)
#define CALL2(fn, a, b) ((uint64_t(*)(uint64_t, uint64_t))(uintptr_t)(fn))(a, b)

static const uint64_t exec_inputs[][2] = {
    {0, 0},
    {1, 2},
    {7, 3},
    {-1ull, 1},
    {0x8000000000000000ull, -1ull},
    {0x123456789abcdef0ull, 0x0fedcba987654321ull},
    {-100, 7},
    {100, -7ll},
    {0x7fffffff, 0x80000000},
};

static uint64_t ror64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static uint64_t ref_arith(uint64_t a, uint64_t b)
{
    uint64_t r = (a + b) * 3;
    r -= (uint64_t)((int64_t)a >> 2);
    r ^= b << (b & 63);
    r += a + b * 8 + 0x1234;
    r += 0xdeadbeef;
    r ^= 0x123456789abcdef0ull;
    r = ror64(~r, 13);
    r = __builtin_bswap64(r) - (uint64_t)(-(int64_t)(a | 0x55));
    return r * (b | 1);
}

static void emit_arith(struct x86_buf *b)
{
    x86_mov_rr(b, X86_64, X86_RAX, X86_RDI);
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RSI);
    x86_imul_rri(b, X86_64, X86_RAX, X86_RAX, 3);
    x86_mov_rr(b, X86_64, X86_R8, X86_RDI);
    x86_shift_ri(b, X86_SAR, X86_64, X86_R8, 2);
    x86_alu_rr(b, X86_SUB, X86_64, X86_RAX, X86_R8);
    x86_mov_rr(b, X86_32, X86_RCX, X86_RSI);
    x86_mov_rr(b, X86_64, X86_R9, X86_RSI);
    x86_shift_cl(b, X86_SHL, X86_64, X86_R9);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_R9);
    x86_lea(b, X86_64, X86_R10, x86_mem_idx(X86_RDI, X86_RSI, 8, 0x1234));
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_R10);
    x86_mov_imm(b, X86_64, X86_R11, 0xdeadbeef);
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_R11);
    x86_mov_imm(b, X86_64, X86_RDX, 0x123456789abcdef0);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_RDX);
    x86_not(b, X86_64, X86_RAX);
    x86_shift_ri(b, X86_ROR, X86_64, X86_RAX, 13);
    x86_bswap(b, X86_64, X86_RAX);
    x86_mov_rr(b, X86_64, X86_RDX, X86_RDI);
    x86_alu_ri(b, X86_OR, X86_64, X86_RDX, 0x55);
    x86_neg(b, X86_64, X86_RDX);
    x86_alu_rr(b, X86_SUB, X86_64, X86_RAX, X86_RDX);
    x86_mov_rr(b, X86_64, X86_RCX, X86_RSI);
    x86_alu_ri(b, X86_OR, X86_32, X86_RCX, 1); /* (b | 1) truncated: fixed by the 64-bit or */
    x86_mov_rr(b, X86_64, X86_RDX, X86_RSI);
    x86_alu_ri(b, X86_OR, X86_64, X86_RDX, 1);
    x86_imul_rr(b, X86_64, X86_RAX, X86_RDX);
    x86_ret(b);
}

/* RISC-V W ops: 32-bit results sign-extended to 64 bits. */
static uint64_t ref_word(uint64_t a, uint64_t b)
{
    uint64_t add = (uint64_t)(int64_t)(int32_t)((uint32_t)a + (uint32_t)b);
    uint64_t sra = (uint64_t)(int64_t)((int32_t)a >> (b & 31));
    uint64_t srl = (uint64_t)(int64_t)(int32_t)((uint32_t)a >> (b & 31));
    uint64_t mul = (uint64_t)(int64_t)(int32_t)((uint32_t)a * (uint32_t)b);
    return add ^ (sra << 1) ^ (srl << 2) ^ (mul << 3);
}

static void emit_word(struct x86_buf *b)
{
    x86_mov_rr(b, X86_32, X86_RCX, X86_RSI);
    x86_lea(b, X86_32, X86_RAX, x86_mem_idx(X86_RDI, X86_RSI, 1, 0));
    x86_movsx(b, X86_32, X86_RAX, X86_RAX);
    x86_mov_rr(b, X86_32, X86_R8, X86_RDI);
    x86_shift_cl(b, X86_SAR, X86_32, X86_R8);
    x86_movsx(b, X86_32, X86_R8, X86_R8);
    x86_shift_ri(b, X86_SHL, X86_64, X86_R8, 1);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_R8);
    x86_mov_rr(b, X86_32, X86_R9, X86_RDI);
    x86_shift_cl(b, X86_SHR, X86_32, X86_R9);
    x86_movsx(b, X86_32, X86_R9, X86_R9);
    x86_shift_ri(b, X86_SHL, X86_64, X86_R9, 2);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_R9);
    x86_mov_rr(b, X86_32, X86_R10, X86_RDI);
    x86_imul_rr(b, X86_32, X86_R10, X86_RSI);
    x86_movsx(b, X86_32, X86_R10, X86_R10);
    x86_shift_ri(b, X86_SHL, X86_64, X86_R10, 3);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_R10);
    x86_ret(b);
}

static void test_exec_arith(void **state)
{
    struct exec_fx *f = *state;
    uint8_t *arith = f->b.p;
    emit_arith(&f->b);
    uint8_t *word = f->b.p;
    emit_word(&f->b);
    exec_seal(f);
    for (size_t i = 0; i < sizeof(exec_inputs) / sizeof(exec_inputs[0]); i++) {
        uint64_t a = exec_inputs[i][0], b = exec_inputs[i][1];
        assert_int_equal(CALL2(arith, a, b), ref_arith(a, b));
        assert_int_equal(CALL2(word, a, b), ref_word(a, b));
    }
}

/* Division as a RISC-V lowering would guard it: the callers here never pass /0 or overflow. */
static void test_exec_muldiv(void **state)
{
    struct exec_fx *f = *state;
    struct x86_buf *b = &f->b;
    uint8_t *divs = b->p;
    x86_mov_rr(b, X86_64, X86_RAX, X86_RDI);
    x86_cqo(b, X86_64);
    x86_idiv(b, X86_64, X86_RSI);
    x86_imul_rri(b, X86_64, X86_RAX, X86_RAX, 1000);
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RDX);
    x86_ret(b);
    uint8_t *divuw = b->p;
    x86_mov_rr(b, X86_32, X86_RAX, X86_RDI);
    x86_alu_rr(b, X86_XOR, X86_32, X86_RDX, X86_RDX);
    x86_div(b, X86_32, X86_RSI);
    x86_movsx(b, X86_32, X86_RAX, X86_RAX);
    x86_ret(b);
    uint8_t *remw = b->p;
    x86_mov_rr(b, X86_32, X86_RAX, X86_RDI);
    x86_cqo(b, X86_32);
    x86_idiv(b, X86_32, X86_RSI);
    x86_movsx(b, X86_32, X86_RAX, X86_RDX);
    x86_ret(b);
    uint8_t *mulhu = b->p;
    x86_mov_rr(b, X86_64, X86_RAX, X86_RDI);
    x86_mul(b, X86_64, X86_RSI);
    x86_mov_rr(b, X86_64, X86_RAX, X86_RDX);
    x86_ret(b);
    uint8_t *mulh = b->p;
    x86_mov_rr(b, X86_64, X86_RAX, X86_RDI);
    x86_imul1(b, X86_64, X86_RSI);
    x86_mov_rr(b, X86_64, X86_RAX, X86_RDX);
    x86_ret(b);
    exec_seal(f);

    static const int64_t v[][2] = {{7, 2},
                                   {-7, 2},
                                   {7, -2},
                                   {-7, -2},
                                   {1ll << 40, 3},
                                   {INT64_MIN + 1, 1000},
                                   {0x7fffffff, 0x10000},
                                   {-1, 3}};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        int64_t a = v[i][0], d = v[i][1];
        assert_int_equal(CALL2(divs, a, d), (uint64_t)((a / d) * 1000 + a % d));
        assert_int_equal(CALL2(divuw, a, d),
                         (uint64_t)(int64_t)(int32_t)((uint32_t)a / (uint32_t)d));
        assert_int_equal(CALL2(remw, a, d), (uint64_t)(int64_t)((int32_t)a % (int32_t)d));
        unsigned __int128 pu = (unsigned __int128)(uint64_t)a * (uint64_t)d;
        __int128 ps = (__int128)a * d;
        assert_int_equal(CALL2(mulhu, a, d), (uint64_t)(pu >> 64));
        assert_int_equal(CALL2(mulh, a, d), (uint64_t)((unsigned __int128)ps >> 64));
    }
}

/* sum(1..n) with a backward loop; the second version pads the body past rel8 reach. */
static void emit_sum(struct x86_buf *b, unsigned pad)
{
    struct x86_label top, done;
    x86_label_init(&top);
    x86_label_init(&done);
    x86_alu_rr(b, X86_XOR, X86_32, X86_RAX, X86_RAX);
    x86_test_rr(b, X86_64, X86_RDI, X86_RDI);
    if (pad)
        x86_jcc_label(b, X86_CC_E, &done);
    else
        x86_jcc_label8(b, X86_CC_E, &done);
    assert_int_equal(x86_label_bind(b, &top), 0);
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RDI);
    x86_nop(b, pad);
    x86_alu_ri(b, X86_SUB, X86_64, X86_RDI, 1);
    x86_jcc_label(b, X86_CC_NE, &top);
    assert_int_equal(x86_label_bind(b, &done), 0);
    x86_ret(b);
}

static void test_exec_loop(void **state)
{
    struct exec_fx *f = *state;
    uint8_t *near = f->b.p;
    emit_sum(&f->b, 0);
    uint8_t *far = f->b.p;
    emit_sum(&f->b, 300);
    exec_seal(f);
    for (uint64_t n = 0; n < 50; n += 7) {
        assert_int_equal(CALL1(near, n), n * (n + 1) / 2);
        assert_int_equal(CALL1(far, n), n * (n + 1) / 2);
    }
}

struct mem_block {
    uint8_t u8;
    int8_t s8;
    uint16_t u16;
    int16_t s16;
    uint32_t u32;
    int32_t s32;
    uint64_t u64;
    uint64_t arr[4];
    uint64_t out;
    uint8_t out8;
    uint16_t out16;
    uint32_t out32;
};

/* Loads of every width and extension through several bases (R12, R13, RSP with SIB). */
static void emit_mem(struct x86_buf *b)
{
    x86_push(b, X86_R12);
    x86_push(b, X86_R13);
    x86_mov_rr(b, X86_64, X86_R12, X86_RDI);
    x86_lea(b, X86_64, X86_R13, x86_mem_at(X86_RDI, 0x100));
    x86_load(b, X86_8, X86_RAX, x86_mem_at(X86_R12, offsetof(struct mem_block, u8)));
    x86_load_sx(b, X86_8, X86_RCX, x86_mem_at(X86_R12, offsetof(struct mem_block, s8)));
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RCX);
    x86_load(b, X86_16, X86_RCX,
             x86_mem_at(X86_R13, (int32_t)offsetof(struct mem_block, u16) - 0x100));
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RCX);
    x86_load_sx(b, X86_16, X86_RCX, x86_mem_at(X86_RDI, offsetof(struct mem_block, s16)));
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RCX);
    x86_load(b, X86_32, X86_RCX, x86_mem_at(X86_RDI, offsetof(struct mem_block, u32)));
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RCX);
    x86_load_sx(b, X86_32, X86_RCX, x86_mem_at(X86_RDI, offsetof(struct mem_block, s32)));
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RCX);
    x86_alu_rm(b, X86_ADD, X86_64, X86_RAX, x86_mem_at(X86_RDI, offsetof(struct mem_block, u64)));
    /* arr[rsi] via base + index * 8 */
    x86_alu_rm(b, X86_ADD, X86_64, X86_RAX,
               x86_mem_idx(X86_R12, X86_RSI, 8, offsetof(struct mem_block, arr)));
    /* spill and reload through the stack */
    x86_push(b, X86_RAX);
    x86_store_imm(b, X86_64, x86_mem_at(X86_RSP, 0), 5);
    x86_alu_mr(b, X86_ADD, X86_64, x86_mem_idx(X86_RSP, X86_NOREG, 1, 0), X86_RAX);
    x86_pop(b, X86_RCX);
    x86_store(b, X86_64, x86_mem_at(X86_R13, (int32_t)offsetof(struct mem_block, out) - 0x100),
              X86_RCX);
    x86_mov_imm(b, X86_32, X86_RSI, 0x1ff);
    x86_store(b, X86_8, x86_mem_at(X86_RDI, offsetof(struct mem_block, out8)), X86_RSI);
    x86_store_imm(b, X86_16, x86_mem_at(X86_RDI, offsetof(struct mem_block, out16)), 0xbeef);
    x86_store_imm(b, X86_32, x86_mem_at(X86_RDI, offsetof(struct mem_block, out32)), -2);
    x86_alu_mi(b, X86_SUB, X86_32, x86_mem_at(X86_RDI, offsetof(struct mem_block, out32)), 0x100);
    x86_pop(b, X86_R13);
    x86_pop(b, X86_R12);
    x86_ret(b);
}

static void test_exec_mem(void **state)
{
    struct exec_fx *f = *state;
    uint8_t *fn = f->b.p;
    emit_mem(&f->b);
    exec_seal(f);
    struct mem_block m = {
        0xf0, -3, 0xfff0, -300, 0xfffffff0, -70000, 1ull << 40, {1, 10, 100, 1000}, 0, 0, 0, 0};
    uint64_t want = 0xf0 - 3 + 0xfff0 - 300 + 0xfffffff0ull - 70000 + (1ull << 40) + 100;
    assert_int_equal(CALL2(fn, (uintptr_t)&m, 2), want);
    assert_int_equal(m.out, want + 5);
    assert_int_equal(m.out8, 0xff);
    assert_int_equal(m.out16, 0xbeef);
    assert_int_equal(m.out32, 0xfffffffeu - 0x100);
}

static uint64_t ref_cond(uint64_t a, uint64_t b)
{
    uint64_t r = (int64_t)a < (int64_t)b;
    r |= (uint64_t)(a < b) << 1;
    r |= (uint64_t)(a == b) << 2;
    r |= (uint64_t)((int32_t)a >= (int32_t)b) << 3;
    uint64_t max = (int64_t)a > (int64_t)b ? a : b;
    return r ^ (max << 4);
}

static void emit_cond(struct x86_buf *b)
{
    x86_mov_rr(b, X86_64, X86_R10, X86_RSI); /* b; rsi becomes a scratch for its SIL */
    x86_alu_rr(b, X86_CMP, X86_64, X86_RDI, X86_R10);
    x86_setcc_zx(b, X86_CC_L, X86_RAX);
    x86_setcc(b, X86_CC_B, X86_RCX);
    x86_movzx(b, X86_8, X86_RCX, X86_RCX);
    x86_shift_ri(b, X86_SHL, X86_32, X86_RCX, 1);
    x86_alu_rr(b, X86_OR, X86_32, X86_RAX, X86_RCX);
    x86_alu_rr(b, X86_CMP, X86_64, X86_RDI, X86_R10);
    x86_setcc_zx(b, X86_CC_E, X86_RSI);
    x86_lea(b, X86_32, X86_RAX, x86_mem_idx(X86_RAX, X86_RSI, 4, 0));
    x86_alu_rr(b, X86_CMP, X86_32, X86_RDI, X86_R10);
    x86_setcc_zx(b, X86_CC_GE, X86_R8);
    x86_shift_ri(b, X86_SHL, X86_32, X86_R8, 3);
    x86_alu_rr(b, X86_OR, X86_32, X86_RAX, X86_R8);
    x86_mov_rr(b, X86_64, X86_RDX, X86_R10);
    x86_alu_rr(b, X86_CMP, X86_64, X86_RDI, X86_R10);
    x86_cmov(b, X86_CC_G, X86_64, X86_RDX, X86_RDI);
    x86_shift_ri(b, X86_SHL, X86_64, X86_RDX, 4);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_RDX);
    x86_ret(b);
}

static void test_exec_cond(void **state)
{
    struct exec_fx *f = *state;
    uint8_t *fn = f->b.p;
    emit_cond(&f->b);
    exec_seal(f);
    for (size_t i = 0; i < sizeof(exec_inputs) / sizeof(exec_inputs[0]); i++) {
        uint64_t a = exec_inputs[i][0], b = exec_inputs[i][1];
        assert_int_equal(CALL2(fn, a, b), ref_cond(a, b));
        assert_int_equal(CALL2(fn, b, a), ref_cond(b, a));
        assert_int_equal(CALL2(fn, a, a), ref_cond(a, a));
    }
}

static uint64_t helper_calls;

static uint64_t helper_mix(uint64_t a, uint64_t b)
{
    helper_calls++;
    return a * 31 + b;
}

/* Calls out to C: direct (rel32 or movabs fallback), through a register and through memory;
 * and a rel32 call to a function in the same buffer. The stack stays 16-byte aligned. */
static void test_exec_call(void **state)
{
    struct exec_fx *f = *state;
    struct x86_buf *b = &f->b;
    static uint64_t (*const fnptr)(uint64_t, uint64_t) = helper_mix;
    uint8_t *inner = b->p;
    x86_lea(b, X86_64, X86_RAX, x86_mem_at(X86_RDI, 1));
    x86_ret(b);
    uint8_t *outer = b->p;
    x86_push(b, X86_RBX);
    x86_mov_rr(b, X86_64, X86_RBX, X86_RSI);
    x86_call(b, helper_mix, X86_R11); /* a*31 + b */
    x86_mov_rr(b, X86_64, X86_RDI, X86_RAX);
    x86_mov_rr(b, X86_64, X86_RSI, X86_RBX);
    x86_movabs(b, X86_RAX, (uint64_t)(uintptr_t)helper_mix);
    x86_call_r(b, X86_RAX);
    x86_mov_rr(b, X86_64, X86_RDI, X86_RAX);
    x86_mov_imm(b, X86_64, X86_RSI, 2);
    x86_mov_imm(b, X86_64, X86_RCX, (uint64_t)(uintptr_t)&fnptr);
    x86_call_m(b, x86_mem_at(X86_RCX, 0));
    x86_mov_rr(b, X86_64, X86_RDI, X86_RAX);
    assert_non_null(x86_call_rel32(b, inner));
    x86_pop(b, X86_RBX);
    x86_ret(b);
    exec_seal(f);
    helper_calls = 0;
    uint64_t x = 5, y = 9;
    uint64_t want = ((x * 31 + y) * 31 + y) * 31 + 2 + 1;
    assert_int_equal(CALL2(outer, x, y), want);
    assert_int_equal(helper_calls, 3);
}

static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* IEEE square root without libm (correctly rounded, like sqrtsd itself). */
static double ref_sqrt(double x)
{
    return _mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(x)));
}

static double bitsd(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

/* Scalar FP: ((a + b) * a - b) / 2, sqrt of |that|, negation by xorpd with a RIP-relative sign
 * mask, single precision round trip, truncation to integer, and ucomisd flags. */
static void test_exec_sse(void **state)
{
    struct exec_fx *f = *state;
    struct x86_buf *b = &f->b;
    static const uint64_t consts[2] = {0x8000000000000000ull, 0x4000000000000000ull}; /* -0, 2 */
    uint8_t *pool = x86_data(b, consts, sizeof(consts));
    x86_align(b, 16);
    uint8_t *fexpr = b->p;
    x86_movd_xr(b, X86_64, X86_XMM0, X86_RDI);
    x86_movd_xr(b, X86_64, X86_XMM9, X86_RSI);
    x86_sse_mov(b, X86_XMM2, X86_XMM0);
    x86_sse_op_rr(b, X86_SSE_ADD, X86_64, X86_XMM2, X86_XMM9);
    x86_sse_op_rr(b, X86_SSE_MUL, X86_64, X86_XMM2, X86_XMM0);
    x86_sse_op_rr(b, X86_SSE_SUB, X86_64, X86_XMM2, X86_XMM9);
    x86_sse_op_rm(b, X86_SSE_DIV, X86_64, X86_XMM2, x86_mem_rip(pool + 8));
    x86_sse_load(b, X86_64, X86_XMM10, x86_mem_rip(pool));
    x86_sse_logic(b, X86_SSE_ANDN, X86_64, X86_XMM10, X86_XMM2); /* |x| */
    x86_sse_op_rr(b, X86_SSE_SQRT, X86_64, X86_XMM3, X86_XMM10);
    x86_sse_load(b, X86_64, X86_XMM4, x86_mem_rip(pool));
    x86_sse_logic(b, X86_SSE_XOR, X86_64, X86_XMM3, X86_XMM4); /* -sqrt */
    x86_cvtf2f(b, X86_32, X86_XMM5, X86_XMM3);
    x86_cvtf2f(b, X86_64, X86_XMM0, X86_XMM5);
    x86_movd_rx(b, X86_64, X86_RAX, X86_XMM0);
    x86_ret(b);
    uint8_t *ftrunc = b->p; /* (int64)a + (int32)(float)b */
    x86_movd_xr(b, X86_64, X86_XMM1, X86_RDI);
    x86_cvttf2si(b, X86_64, X86_64, X86_RAX, X86_XMM1);
    x86_movd_xr(b, X86_64, X86_XMM1, X86_RSI);
    x86_cvtf2f(b, X86_32, X86_XMM11, X86_XMM1);
    x86_cvttf2si(b, X86_32, X86_32, X86_RCX, X86_XMM11);
    x86_movsx(b, X86_32, X86_RCX, X86_RCX);
    x86_alu_rr(b, X86_ADD, X86_64, X86_RAX, X86_RCX);
    x86_ret(b);
    uint8_t *fcmp = b->p; /* a < b ordered: 1, a >= b: 0, unordered: 2 */
    x86_movd_xr(b, X86_64, X86_XMM0, X86_RDI);
    x86_movd_xr(b, X86_64, X86_XMM1, X86_RSI);
    x86_mov_imm(b, X86_32, X86_RAX, 2);
    x86_ucomi(b, X86_64, X86_XMM1, X86_XMM0);
    struct x86_label out;
    x86_label_init(&out);
    x86_jcc_label8(b, X86_CC_P, &out);
    x86_setcc_zx(b, X86_CC_A, X86_RAX);
    assert_int_equal(x86_label_bind(b, &out), 0);
    x86_ret(b);
    uint8_t *fi2f = b->p; /* (double)(int64)a + (double)(float)(int32)b */
    x86_cvtsi2f(b, X86_64, X86_64, X86_XMM0, X86_RDI);
    x86_cvtsi2f(b, X86_32, X86_32, X86_XMM1, X86_RSI);
    x86_cvtf2f(b, X86_64, X86_XMM1, X86_XMM1);
    x86_sse_op_rr(b, X86_SSE_ADD, X86_64, X86_XMM0, X86_XMM1);
    x86_movd_rx(b, X86_64, X86_RAX, X86_XMM0);
    x86_ret(b);
    uint8_t *fmxcsr = b->p;
    x86_stmxcsr(b, x86_mem_at(X86_RSP, -8));
    x86_load(b, X86_32, X86_RAX, x86_mem_at(X86_RSP, -8));
    x86_ldmxcsr(b, x86_mem_at(X86_RSP, -8));
    x86_ret(b);
    exec_seal(f);

    static const double v[][2] = {{1.5, 2.25}, {-3, 0.5}, {1e10, -7}, {0, 0}, {-2.5, 1e-3}};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        double a = v[i][0], c = v[i][1];
        double e = ((a + c) * a - c) / 2;
        double want = (double)(float)-ref_sqrt(__builtin_fabs(e));
        assert_int_equal(CALL2(fexpr, dbits(a), dbits(c)), dbits(want));
        assert_int_equal(CALL2(ftrunc, dbits(a), dbits(c)),
                         (uint64_t)((int64_t)a + (int32_t)(float)c));
        assert_int_equal(CALL2(fcmp, dbits(a), dbits(c)), a < c ? 1 : 0);
    }
    assert_int_equal(CALL2(fcmp, dbits(__builtin_nan("")), dbits(1)), 2);
    assert_int_equal(CALL2(fi2f, (uint64_t)-5, (uint64_t)(int64_t)-3), dbits(-8.0));
    assert_true(bitsd(CALL2(fi2f, 1ull << 53, 7)) == 9007199254740999.0);
    assert_int_equal(CALL0(fmxcsr), __builtin_ia32_stmxcsr());
}

static void test_exec_atomics(void **state)
{
    struct exec_fx *f = *state;
    struct x86_buf *b = &f->b;
    uint8_t *fxadd = b->p; /* return old *p; *p += v */
    x86_mov_rr(b, X86_64, X86_RAX, X86_RSI);
    x86_lock_xadd(b, X86_64, x86_mem_at(X86_RDI, 0), X86_RAX);
    x86_ret(b);
    uint8_t *fcas = b->p; /* (p, expected in rsi, new in rdx): returns old value */
    x86_mov_rr(b, X86_64, X86_RAX, X86_RSI);
    x86_lock_cmpxchg(b, X86_64, x86_mem_at(X86_RDI, 0), X86_RDX);
    x86_ret(b);
    uint8_t *fcas32 = b->p;
    x86_mov_rr(b, X86_32, X86_RAX, X86_RSI);
    x86_lock_cmpxchg(b, X86_32, x86_mem_at(X86_RDI, 0), X86_RDX);
    x86_setcc_zx(b, X86_CC_E, X86_RAX);
    x86_ret(b);
    uint8_t *fxchg = b->p;
    x86_mov_rr(b, X86_64, X86_RAX, X86_RSI);
    x86_xchg_mr(b, X86_64, x86_mem_at(X86_RDI, 0), X86_RAX);
    x86_mfence(b);
    x86_ret(b);
    uint8_t *for_ = b->p;
    x86_lock_alu_mr(b, X86_OR, X86_32, x86_mem_at(X86_RDI, 0), X86_RSI);
    x86_pause(b);
    x86_ret(b);
    exec_seal(f);

    uint64_t mem = 40;
    assert_int_equal(CALL2(fxadd, (uintptr_t)&mem, 2), 40);
    assert_int_equal(mem, 42);
    uint64_t (*cas)(uint64_t, uint64_t, uint64_t) =
        (uint64_t(*)(uint64_t, uint64_t, uint64_t))(uintptr_t)fcas;
    assert_int_equal(cas((uintptr_t)&mem, 41, 7), 42); /* fails */
    assert_int_equal(mem, 42);
    assert_int_equal(cas((uintptr_t)&mem, 42, 7), 42); /* succeeds */
    assert_int_equal(mem, 7);
    uint32_t (*cas32)(uint64_t, uint64_t, uint64_t) =
        (uint32_t(*)(uint64_t, uint64_t, uint64_t))(uintptr_t)fcas32;
    uint32_t w[2] = {5, 0xabcd};
    assert_int_equal(cas32((uintptr_t)w, 5, 6), 1);
    assert_int_equal(cas32((uintptr_t)w, 5, 9), 0);
    assert_int_equal(w[0], 6);
    assert_int_equal(w[1], 0xabcd);
    assert_int_equal(CALL2(fxchg, (uintptr_t)&mem, 99), 7);
    assert_int_equal(mem, 99);
    CALL2(for_, (uintptr_t)w, 0x30);
    assert_int_equal(w[0], 0x36);
}

/* A chained-block style jump: patched from one target to another between runs. */
static void test_exec_patch(void **state)
{
    struct exec_fx *f = *state;
    struct x86_buf *b = &f->b;
    uint8_t *one = b->p;
    x86_mov_imm(b, X86_64, X86_RAX, 1);
    x86_ret(b);
    uint8_t *two = b->p;
    x86_mov_imm(b, X86_64, X86_RAX, 2);
    x86_ret(b);
    x86_nop(b, 1);
    uint8_t *entry = b->p;
    uint8_t *field = x86_jmp_patchable(b, one);
    assert_non_null(field);
    exec_seal(f);
    assert_int_equal(CALL0(entry), 1);
    exec_unseal(f);
    assert_int_equal(x86_patch_rel32(field, two), 0);
    exec_seal(f);
    assert_int_equal(CALL0(entry), 2);
    exec_unseal(f);
    assert_int_equal(x86_patch_rel32(x86_jmp_rel32_at(field - 1), one), 0);
    exec_seal(f);
    assert_int_equal(CALL0(entry), 1);
}

/* Zbb/Zbs-style operations; the BMI/POPCNT ones only where the host has them. */
static void test_exec_bits(void **state)
{
    struct exec_fx *f = *state;
    struct x86_buf *b = &f->b;
    uint8_t *fbt = b->p; /* bset(a, b) ^ bclr(a, 3) ^ binv(a, 63) ^ (a >> b & 1) */
    x86_mov_rr(b, X86_64, X86_RAX, X86_RDI);
    x86_bt_rr(b, X86_BTS, X86_64, X86_RAX, X86_RSI);
    x86_mov_rr(b, X86_64, X86_RCX, X86_RDI);
    x86_bt_ri(b, X86_BTR, X86_64, X86_RCX, 3);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_RCX);
    x86_mov_rr(b, X86_64, X86_RCX, X86_RDI);
    x86_bt_ri(b, X86_BTC, X86_64, X86_RCX, 63);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_RCX);
    x86_bt_rr(b, X86_BT, X86_64, X86_RDI, X86_RSI);
    x86_setcc_zx(b, X86_CC_B, X86_RCX);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_RCX);
    x86_ret(b);
    uint8_t *fscan = b->p; /* bsr(a) * 64 + bsf(a), a != 0 */
    x86_bsr(b, X86_64, X86_RAX, X86_RDI);
    x86_shift_ri(b, X86_SHL, X86_32, X86_RAX, 6);
    x86_bsf(b, X86_64, X86_RCX, X86_RDI);
    x86_alu_rr(b, X86_ADD, X86_32, X86_RAX, X86_RCX);
    x86_ret(b);
    uint8_t *fbmi = b->p; /* andn(a, b) ^ shlx(a, b) ^ sarx(a, b) ^ shrx32 ^ rorx(a, 7) */
    x86_andn(b, X86_64, X86_RAX, X86_RDI, X86_RSI);
    x86_shiftx(b, X86_SHL, X86_64, X86_RCX, X86_RDI, X86_RSI);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_RCX);
    x86_shiftx(b, X86_SAR, X86_64, X86_R8, X86_RDI, X86_RSI);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_R8);
    x86_shiftx(b, X86_SHR, X86_32, X86_R9, X86_RDI, X86_RSI);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_R9);
    x86_rorx(b, X86_64, X86_R10, X86_RDI, 7);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_R10);
    x86_tzcnt(b, X86_64, X86_R11, X86_RSI);
    x86_shift_ri(b, X86_SHL, X86_64, X86_R11, 56);
    x86_alu_rr(b, X86_XOR, X86_64, X86_RAX, X86_R11);
    x86_ret(b);
    uint8_t *fpop = b->p;
    x86_popcnt(b, X86_64, X86_RAX, X86_RDI);
    x86_popcnt(b, X86_32, X86_RCX, X86_RDI);
    x86_shift_ri(b, X86_SHL, X86_32, X86_RCX, 8);
    x86_alu_rr(b, X86_OR, X86_32, X86_RAX, X86_RCX);
    x86_ret(b);
    exec_seal(f);

    for (size_t i = 0; i < sizeof(exec_inputs) / sizeof(exec_inputs[0]); i++) {
        uint64_t a = exec_inputs[i][0] | 0x10, s = exec_inputs[i][1] & 63;
        uint64_t want = (a | 1ull << s) ^ (a & ~8ull) ^ (a ^ 1ull << 63) ^ (a >> s & 1);
        assert_int_equal(CALL2(fbt, a, exec_inputs[i][1]), want);
        assert_int_equal(CALL1(fscan, a), (63 - __builtin_clzll(a)) * 64 + __builtin_ctzll(a));
        if (__builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")) {
            uint64_t c = exec_inputs[i][1] | 1;
            uint64_t bmi = (~a & c) ^ (a << (c & 63)) ^ (uint64_t)((int64_t)a >> (c & 63)) ^
                           ((uint32_t)a >> (c & 31)) ^ ror64(a, 7) ^
                           ((uint64_t)__builtin_ctzll(c) << 56);
            assert_int_equal(CALL2(fbmi, a, c), bmi);
        }
        if (__builtin_cpu_supports("popcnt"))
            assert_int_equal(CALL1(fpop, a), (uint64_t)__builtin_popcountll(a) |
                                                 (uint64_t)__builtin_popcount((uint32_t)a) << 8);
    }
}

static uint64_t helper_twice(uint64_t a) { return 2 * a; }

/* Code written through an RW alias and run from a separate RX mapping of the same memory:
 * absolute targets (a C helper, a RIP-relative constant) use executable addresses. */
static void test_exec_dual_mapping(void **state)
{
    (void)state;
    int fd = memfd_create("x86-emit-test", 0);
    if (fd < 0) {
        skip();
        return;
    }
    assert_int_equal(ftruncate(fd, 4096), 0);
    uint8_t *rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    uint8_t *rx = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd);
    assert_true(rw != MAP_FAILED && rx != MAP_FAILED);
    struct x86_buf b;
    x86_buf_init(&b, rw, 4096);
    b.exec_delta = rx - rw;
    static const uint64_t k = 1000;
    uint8_t *kpool = x86_data(&b, &k, sizeof(k)) + b.exec_delta;
    uint8_t *entry = x86_buf_pc(&b);
    struct x86_label skip_l;
    x86_label_init(&skip_l);
    x86_push(&b, X86_RBX);
    x86_call(&b, helper_twice, X86_RAX);
    x86_jmp_label(&b, &skip_l);
    x86_ud2(&b);
    assert_int_equal(x86_label_bind(&b, &skip_l), 0);
    x86_alu_rm(&b, X86_ADD, X86_64, X86_RAX, x86_mem_rip(kpool));
    x86_pop(&b, X86_RBX);
    x86_ret(&b);
    assert_false(b.overflow);
    assert_int_equal(CALL1(entry, 21), 1042);
    munmap(rw, 4096);
    munmap(rx, 4096);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mov_rr),
        cmocka_unit_test(test_mov_imm),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_load_sx),
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_extend),
        cmocka_unit_test(test_lea_push_pop),
        cmocka_unit_test(test_alu_rr),
        cmocka_unit_test(test_alu_ri),
        cmocka_unit_test(test_alu_mem),
        cmocka_unit_test(test_test),
        cmocka_unit_test(test_unary_shift),
        cmocka_unit_test(test_muldiv),
        cmocka_unit_test(test_setcc_cmov),
        cmocka_unit_test(test_bits),
        cmocka_unit_test(test_atomics),
        cmocka_unit_test(test_misc_control),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_sse),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_buf_pc_and_cond),
        cmocka_unit_test(test_far_targets),
        cmocka_unit_test(test_patch),
        cmocka_unit_test(test_label_limits),
        cmocka_unit_test_setup_teardown(test_exec_arith, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_muldiv, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_loop, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_mem, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_cond, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_call, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_sse, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_atomics, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_patch, exec_setup, exec_teardown),
        cmocka_unit_test_setup_teardown(test_exec_bits, exec_setup, exec_teardown),
        cmocka_unit_test(test_exec_dual_mapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
