/* SPDX-License-Identifier: MIT */
/* Double-precision matrix multiply-accumulate C += A * B (80x80, i-k-j order), scale
   times; between passes B is nudged from C so every pass computes something new. */

#include "bench.h"

#define MATRIX_N 80

static double matrix_a[MATRIX_N][MATRIX_N];
static double matrix_b[MATRIX_N][MATRIX_N];
static double matrix_c[MATRIX_N][MATRIX_N];

static void matrix_init(void)
{
    uint64_t seed = 0x853c49e6748fea9bull;

    for (int i = 0; i < MATRIX_N; i++) {
        for (int j = 0; j < MATRIX_N; j++) {
            matrix_a[i][j] = (double)(bench_rand(&seed) >> 40) / (1 << 24);
            matrix_b[i][j] = (double)(bench_rand(&seed) >> 40) / (1 << 24) - 0.5;
            matrix_c[i][j] = 0.0;
        }
    }
}

static void matrix_mul_add(void)
{
    for (int i = 0; i < MATRIX_N; i++) {
        for (int k = 0; k < MATRIX_N; k++) {
            double a = matrix_a[i][k];

            for (int j = 0; j < MATRIX_N; j++)
                matrix_c[i][j] += a * matrix_b[k][j];
        }
    }
}

/* Keeps B bounded while making it depend on the last product. */
static void matrix_nudge(void)
{
    for (int i = 0; i < MATRIX_N; i++)
        matrix_b[i][(i * 7) % MATRIX_N] = matrix_c[i][i] / (1.0 + matrix_c[i][i] * matrix_c[i][i]);
}

uint64_t kernel_matrix(unsigned scale)
{
    double sum = 0.0;
    uint64_t hash = BENCH_HASH_INIT;

    matrix_init();
    for (unsigned r = 0; r < scale; r++) {
        matrix_mul_add();
        matrix_nudge();
    }
    for (int i = 0; i < MATRIX_N; i++) {
        for (int j = 0; j < MATRIX_N; j++)
            sum += matrix_c[i][j];
        hash = bench_mix(hash, bench_double_bits(matrix_c[i][(i * 13) % MATRIX_N]));
    }
    return bench_mix(hash, bench_double_bits(sum));
}
