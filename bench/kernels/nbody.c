/* SPDX-License-Identifier: MIT */
/* N-body style double-precision simulation: 16 bodies under softened gravity, advanced
   scale steps with a symplectic Euler step (one sqrt and one divide per pair per step). */

#include "bench.h"

#define NBODY_N      16
#define NBODY_DT     0.001
#define NBODY_SOFTEN 0.01

struct nbody_body {
    double x, y, z;
    double vx, vy, vz;
    double mass;
};

static struct nbody_body nbody_bodies[NBODY_N];

static double nbody_unit(uint64_t *seed)
{
    return (double)(bench_rand(seed) >> 11) / 9007199254740992.0; /* 2^53 */
}

static void nbody_init(void)
{
    uint64_t seed = 0xb5ad4eceda1ce2a9ull;

    for (int i = 0; i < NBODY_N; i++) {
        struct nbody_body *b = &nbody_bodies[i];

        b->x = nbody_unit(&seed) * 10.0 - 5.0;
        b->y = nbody_unit(&seed) * 10.0 - 5.0;
        b->z = nbody_unit(&seed) * 2.0 - 1.0;
        b->vx = nbody_unit(&seed) - 0.5;
        b->vy = nbody_unit(&seed) - 0.5;
        b->vz = (nbody_unit(&seed) - 0.5) * 0.1;
        b->mass = 0.5 + nbody_unit(&seed);
    }
}

static void nbody_kick(struct nbody_body *a, struct nbody_body *b)
{
    double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
    double d2 = dx * dx + dy * dy + dz * dz + NBODY_SOFTEN;
    double mag = NBODY_DT / (d2 * bench_sqrt(d2));

    a->vx -= dx * b->mass * mag;
    a->vy -= dy * b->mass * mag;
    a->vz -= dz * b->mass * mag;
    b->vx += dx * a->mass * mag;
    b->vy += dy * a->mass * mag;
    b->vz += dz * a->mass * mag;
}

static void nbody_step(void)
{
    for (int i = 0; i < NBODY_N; i++) {
        for (int j = i + 1; j < NBODY_N; j++)
            nbody_kick(&nbody_bodies[i], &nbody_bodies[j]);
    }
    for (int i = 0; i < NBODY_N; i++) {
        struct nbody_body *b = &nbody_bodies[i];

        b->x += NBODY_DT * b->vx;
        b->y += NBODY_DT * b->vy;
        b->z += NBODY_DT * b->vz;
    }
}

static double nbody_energy(void)
{
    double e = 0.0;

    for (int i = 0; i < NBODY_N; i++) {
        const struct nbody_body *a = &nbody_bodies[i];

        e += 0.5 * a->mass * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
        for (int j = i + 1; j < NBODY_N; j++) {
            const struct nbody_body *b = &nbody_bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;

            e -= a->mass * b->mass / bench_sqrt(dx * dx + dy * dy + dz * dz + NBODY_SOFTEN);
        }
    }
    return e;
}

uint64_t kernel_nbody(unsigned scale)
{
    uint64_t hash = BENCH_HASH_INIT;

    nbody_init();
    hash = bench_mix(hash, bench_double_bits(nbody_energy()));
    for (unsigned s = 0; s < scale; s++)
        nbody_step();
    hash = bench_mix(hash, bench_double_bits(nbody_energy()));
    for (int i = 0; i < NBODY_N; i++)
        hash = bench_mix(hash, bench_double_bits(nbody_bodies[i].x));
    return hash;
}
