/*
 * dgemm_neon: dgemm.c with its kernel replaced by an Advanced SIMD one (dgemm_neon.S), the
 * shape of a BLAS micro-kernel: for each row of A and each block of 8 columns of C, four Q
 * accumulators, and per k one LD1R of A[i][k], one LD1 of B[k][j..j+7] and four FMLA (vector)
 * .2D. Every element of C is still fma(A[i][k], B[k][j], sum) for k = 0, 1, ... N-1 in order
 * from +0.0, the scalar kernel's sequence, so the result and WORKLOAD_EXPECTED are dgemm's.
 * B is kept row-major (b, copied from the transposed bt once).
 * Needs the FP vector instructions: bench/run runs it only when `a64emu --list-insns` lists
 * FMLA (vector) as implemented (QEMU always).
 */
#include <stdint.h>

static double b[64][64];
static void dgemm_neon_setup(void);
void dgemm_neon_kernel(const double *a, const double *b, double *c, uint64_t n);
#define DGEMM_SETUP dgemm_neon_setup
#define DGEMM_KERNEL                                                                           \
    static void dgemm(void) { dgemm_neon_kernel(&a[0][0], &b[0][0], &c[0][0], N); }
#include "dgemm.c"

static void dgemm_neon_setup(void)
{
    _Static_assert(N == 64 && N % 8 == 0, "b[][] and the kernel's 8-column blocks");
    for (unsigned k = 0; k < N; k++)
        for (unsigned j = 0; j < N; j++)
            b[k][j] = bt[j][k];
}
