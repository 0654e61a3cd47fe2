/* SPDX-License-Identifier: MIT */
/* String handling: byte-at-a-time strlen, strcmp, copy, upper-casing and a naive substring
   search over 64 KiB of NUL-separated pseudo-random words, scale passes; each pass
   changes one letter so no pass repeats another. */

#include "bench.h"

#define STRING_SIZE      (64 * 1024)
#define STRING_MAX_WORDS (STRING_SIZE / 2)
#define STRING_MAX_LEN   31

static char string_text[STRING_SIZE];
static char string_copy_buf[STRING_SIZE];
static long string_words[STRING_MAX_WORDS];
static long string_nwords;

static long string_len(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return p - s;
}

static int string_cmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

static void string_copy(char *dst, const char *src, long n)
{
    for (long i = 0; i < n; i++)
        dst[i] = src[i];
}

static void string_upper(char *s, long n)
{
    for (long i = 0; i < n; i++) {
        if (s[i] >= 'a' && s[i] <= 'z')
            s[i] = (char)(s[i] - 'a' + 'A');
    }
}

/* Occurrences of pat (length m) in s[0..n), overlapping ones included. */
static long string_count(const char *s, long n, const char *pat, long m)
{
    long count = 0;

    for (long i = 0; i + m <= n; i++) {
        long j = 0;

        while (j < m && s[i + j] == pat[j])
            j++;
        count += j == m;
    }
    return count;
}

/* Words of 1..STRING_MAX_LEN letters from a-h, each followed by a NUL. */
static void string_init(void)
{
    uint64_t seed = 0xda3e39cb94b95bdbull;
    long pos = 0;

    string_nwords = 0;
    while (pos + STRING_MAX_LEN + 1 < STRING_SIZE) {
        long len = 1 + (long)(bench_rand(&seed) % STRING_MAX_LEN);

        string_words[string_nwords++] = pos;
        for (long i = 0; i < len; i++)
            string_text[pos++] = (char)('a' + (bench_rand(&seed) & 7));
        string_text[pos++] = 0;
    }
    while (pos < STRING_SIZE)
        string_text[pos++] = 0;
}

static uint64_t string_pass(unsigned r)
{
    long total = 0, less = 0;

    for (long w = 0; w < string_nwords; w++) {
        const char *s = string_text + string_words[w];

        total += string_len(s);
        if (w > 0 && string_cmp(s, string_text + string_words[w - 1]) < 0)
            less++;
    }
    string_copy(string_copy_buf, string_text, STRING_SIZE);
    string_upper(string_copy_buf, STRING_SIZE);
    total += string_count(string_copy_buf, STRING_SIZE, "ABBA", 4) << 20;
    total += string_count(string_text, STRING_SIZE, "hh", 2) << 40;
    string_text[string_words[(r * 7919u) % string_nwords]] = (char)('a' + (r & 7));
    return (uint64_t)total ^ ((uint64_t)less << 48);
}

uint64_t kernel_string(unsigned scale)
{
    uint64_t hash = BENCH_HASH_INIT;

    string_init();
    for (unsigned r = 0; r < scale; r++)
        hash = bench_mix(hash, string_pass(r));
    return hash;
}
