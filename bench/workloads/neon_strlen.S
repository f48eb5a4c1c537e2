/*
 * size_t neon_strlen(const char *s), written the way glibc's AArch64 strlen
 * (sysdeps/aarch64/strlen.S) is: only aligned 16-byte loads (never across a page, so reading
 * past the terminator is safe), CMEQ against zero, and a "nibble mask" syndrome: SHRN #4 of
 * the byte mask viewed as halfwords keeps 4 bits per byte, so the 128-bit compare fits in one
 * general register and RBIT+CLZ / 4 gives the index of the first zero byte. The main loop is
 * unrolled twice and only asks "any zero byte?" with UMAXP (pairwise max folds 128 bits to 64).
 */
    .arch armv8-a
    .text
    .global neon_strlen
    .type neon_strlen, %function
neon_strlen:
    bic     x1, x0, #15             /* the aligned block holding s */
    ld1     {v0.16b}, [x1]
    cmeq    v0.16b, v0.16b, #0
    lsl     x2, x0, #2              /* 4 syndrome bits per byte before s (shift counts mod 64) */
    shrn    v0.8b, v0.8h, #4
    fmov    x3, d0
    lsr     x3, x3, x2
    cbz     x3, .Lloop
    rbit    x3, x3
    clz     x0, x3
    lsr     x0, x0, #2
    ret

.Lloop:
    ldr     q0, [x1, #16]
    cmeq    v0.16b, v0.16b, #0
    umaxp   v1.16b, v0.16b, v0.16b
    fmov    x3, d1
    cbnz    x3, .Lfound16
    ldr     q0, [x1, #32]!
    cmeq    v0.16b, v0.16b, #0
    umaxp   v1.16b, v0.16b, v0.16b
    fmov    x3, d1
    cbz     x3, .Lloop
    sub     x1, x1, #16             /* found in the block at x1 + 16, as for the first load */
.Lfound16:
    shrn    v0.8b, v0.8h, #4
    fmov    x3, d0
    sub     x0, x1, x0
    rbit    x3, x3
    clz     x3, x3
    add     x0, x0, #16
    add     x0, x0, x3, lsr #2
    ret
    .size neon_strlen, . - neon_strlen
