/* SPDX-License-Identifier: MIT */
/* Table-driven CRC-32 (the reflected IEEE 802.3 polynomial 0xEDB88320, as in zlib and
   Ethernet) over a 256 KiB pseudo-random buffer, scale passes; each pass perturbs the
   buffer with the previous CRC so no pass repeats another. */

#include "bench.h"

#define CRC32_POLY     0xedb88320u
#define CRC32_BUF_SIZE (256 * 1024)

static uint32_t crc32_table[256];
static uint8_t crc32_buf[CRC32_BUF_SIZE];

static void crc32_init_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;

        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ CRC32_POLY : c >> 1;
        crc32_table[i] = c;
    }
}

static uint32_t crc32_update(uint32_t crc, const uint8_t *p, long n)
{
    crc = ~crc;
    for (long i = 0; i < n; i++)
        crc = crc32_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint64_t kernel_crc32(unsigned scale)
{
    uint64_t seed = 0x2545f4914f6cdd1dull;
    uint64_t hash = BENCH_HASH_INIT;
    uint32_t crc = 0;

    crc32_init_table();
    for (long i = 0; i < CRC32_BUF_SIZE; i += 8) {
        uint64_t v = bench_rand(&seed);

        for (int k = 0; k < 8; k++)
            crc32_buf[i + k] = (uint8_t)(v >> (8 * k));
    }
    /* The standard check value: CRC-32 of "123456789" is 0xcbf43926. */
    hash = bench_mix(hash, crc32_update(0, (const uint8_t *)"123456789", 9));
    for (unsigned r = 0; r < scale; r++) {
        crc = crc32_update(crc, crc32_buf, CRC32_BUF_SIZE);
        crc32_buf[crc % CRC32_BUF_SIZE] ^= (uint8_t)(crc >> 24);
        hash = bench_mix(hash, crc);
    }
    return hash;
}
