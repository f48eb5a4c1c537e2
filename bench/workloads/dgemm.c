/*
 * dgemm: double-precision matrix multiply C = A * B, N x N, scalar FP only (built with
 * -fno-tree-vectorize, so it measures the scalar path; dgemm_neon is the FMLA-vector one), the textbook i-j-k
 * loop with B transposed so both inner-loop loads are sequential and the sum stays in a register:
 * one LDR D, LDR D and FMADD per multiply-add. REPS multiplies, each A altered by the previous
 * C (one element), so every multiply depends on the one before.
 * Bit-exact on any IEEE host: the multiply-add is an explicit fused __builtin_fma (FMADD on
 * AArch64, libm's correctly rounded fma on the host build, linked with -lm) and the guest is
 * built with -ffp-contract=off, so the compiler fuses nothing else. Self-check: the bit
 * patterns of every C are folded into the result.
 */
#define WORKLOAD_EXPECTED 0x16697ec74947d2beULL
#include "fpsimd.h"

#define N 64
#define REPS 120

static double a[N][N], bt[N][N], c[N][N];

static uint64_t bits(double d)
{
    union { double d; uint64_t u; } x = { d };
    return x.u;
}

/* A double in [-1, 1) with all 53 bits of precision used. */
static double rand_unit(uint64_t *s)
{
    return (double)(int64_t)(bench_rand(s) & ~0x7ffull) * 0x1p-63;
}

#ifdef DGEMM_KERNEL
DGEMM_KERNEL /* dgemm_neon.c: the same products with FMLA (vector) */
#else
static void dgemm(void)
{
    for (unsigned i = 0; i < N; i++)
        for (unsigned j = 0; j < N; j++) {
            double sum = 0.0;
            for (unsigned k = 0; k < N; k++)
                sum = __builtin_fma(a[i][k], bt[j][k], sum);
            c[i][j] = sum;
        }
}
#endif

uint64_t workload(void)
{
    uint64_t seed = 0x8CB92BA72F3D8DD7ULL, acc = 0;
    for (unsigned i = 0; i < N; i++)
        for (unsigned j = 0; j < N; j++) {
            a[i][j] = rand_unit(&seed);
            bt[i][j] = rand_unit(&seed);
        }
#ifdef DGEMM_SETUP
    DGEMM_SETUP();
#endif
    for (unsigned r = 0; r < REPS; r++) {
        dgemm();
        for (unsigned i = 0; i < N; i++)
            for (unsigned j = 0; j < N; j++)
                acc = (acc << 1 | acc >> 63) ^ bits(c[i][j]);
        unsigned x = (r * 37) % (N * N);
        a[x / N][x % N] = c[(x + 1) % N][x / N] * 0.125;
    }
    return acc;
}
