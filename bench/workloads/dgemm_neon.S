/*
 * void dgemm_neon_kernel(const double *a, const double *b, double *c, uint64_t n):
 * C = A * B, n x n row-major doubles, n a multiple of 8. For each row i and 8-column block j:
 * v0-v3 = 0; for k: v4 = {A[i][k], A[i][k]} (LD1R), v16-v19 = B[k][j..j+7], v0-v3 += v4 * v16-v19
 * (FMLA vector: one rounding per lane, as FMADD); then C[i][j..j+7] = v0-v3. v8-v15 unused.
 */
    .arch armv8-a
    .text
    .global dgemm_neon_kernel
    .type dgemm_neon_kernel, %function
dgemm_neon_kernel:
    lsl     x9, x3, #3              /* row stride in bytes */
    mov     x4, #0                  /* i */
1:  mov     x5, #0                  /* j */
2:  movi    v0.2d, #0
    movi    v1.2d, #0
    movi    v2.2d, #0
    movi    v3.2d, #0
    madd    x6, x4, x9, x0          /* &A[i][0] */
    add     x7, x1, x5, lsl #3      /* &B[0][j] */
    mov     x8, x3                  /* k left */
3:  ld1r    {v4.2d}, [x6], #8
    ld1     {v16.2d-v19.2d}, [x7], x9
    fmla    v0.2d, v16.2d, v4.2d
    fmla    v1.2d, v17.2d, v4.2d
    fmla    v2.2d, v18.2d, v4.2d
    fmla    v3.2d, v19.2d, v4.2d
    subs    x8, x8, #1
    b.ne    3b
    madd    x10, x4, x9, x2         /* &C[i][j] */
    add     x10, x10, x5, lsl #3
    st1     {v0.2d-v3.2d}, [x10]
    add     x5, x5, #8
    cmp     x5, x3
    b.lo    2b
    add     x4, x4, #1
    cmp     x4, x3
    b.lo    1b
    ret
    .size dgemm_neon_kernel, . - dgemm_neon_kernel
