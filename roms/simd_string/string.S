/*
 * String and memory functions written the way glibc's AArch64 ones are (sysdeps/aarch64
 * strlen.S, memchr.S: aligned 16-byte loads, CMEQ, a SHRN #4 "nibble mask" syndrome and
 * UMAXP/ADDP to test a whole vector; memcpy/memset in 64-byte LD1/ST1 blocks with a lane-wise
 * tail), plus an FP/SIMD register-file save/restore as a context switch does it. Called from
 * main.c (AAPCS64; v8-v15 are saved where used).
 */
    .arch armv8-a
    .text

/* size_t neon_strlen(const char *s) */
    .global neon_strlen
neon_strlen:
    bic     x1, x0, #15
    ld1     {v0.16b}, [x1]
    cmeq    v0.16b, v0.16b, #0
    lsl     x2, x0, #2
    shrn    v0.8b, v0.8h, #4        /* 4 bits per byte: the 128-bit compare in 64 */
    fmov    x3, d0
    lsr     x3, x3, x2              /* drop the bytes before s */
    cbz     x3, 1f
    rbit    x3, x3
    clz     x0, x3
    lsr     x0, x0, #2
    ret
1:  ldr     q0, [x1, #16]!
    cmeq    v0.16b, v0.16b, #0
    umaxp   v1.16b, v0.16b, v0.16b  /* any zero byte in the vector? */
    fmov    x3, d1
    cbz     x3, 1b
    shrn    v0.8b, v0.8h, #4
    fmov    x3, d0
    sub     x0, x1, x0
    rbit    x3, x3
    clz     x3, x3
    add     x0, x0, x3, lsr #2
    ret

/* void *neon_memchr(const void *s, int c, size_t n): the same syndrome, ADDP to reduce */
    .global neon_memchr
neon_memchr:
    cbz     x2, 3f
    dup     v1.16b, w1
    bic     x4, x0, #15
    add     x5, x0, x2              /* end */
    ld1     {v0.16b}, [x4]
    cmeq    v0.16b, v0.16b, v1.16b
    lsl     x6, x0, #2
    shrn    v0.8b, v0.8h, #4
    fmov    x3, d0
    lsr     x3, x3, x6
    cbz     x3, 1f
    rbit    x3, x3
    clz     x3, x3
    add     x0, x0, x3, lsr #2
    cmp     x0, x5
    csel    x0, x0, xzr, lo
    ret
1:  add     x4, x4, #16
    cmp     x4, x5
    b.hs    3f
    ld1     {v0.16b}, [x4]
    cmeq    v0.16b, v0.16b, v1.16b
    addp    v2.2d, v0.2d, v0.2d
    fmov    x3, d2
    cbz     x3, 1b
    shrn    v0.8b, v0.8h, #4
    fmov    x3, d0
    rbit    x3, x3
    clz     x3, x3
    add     x0, x4, x3, lsr #2
    cmp     x0, x5
    csel    x0, x0, xzr, lo
    ret
3:  mov     x0, #0
    ret

/* void *neon_memcpy(void *dst, const void *src, size_t n): 64-byte blocks through four
 * registers, then 16-byte blocks, then single lanes */
    .global neon_memcpy
neon_memcpy:
    mov     x3, x0
1:  cmp     x2, #64
    b.lo    2f
    ld1     {v0.16b-v3.16b}, [x1], #64
    st1     {v0.16b-v3.16b}, [x3], #64
    sub     x2, x2, #64
    b       1b
2:  cmp     x2, #16
    b.lo    3f
    ld1     {v0.16b}, [x1], #16
    st1     {v0.16b}, [x3], #16
    sub     x2, x2, #16
    b       2b
3:  cbz     x2, 4f
    ld1     {v0.b}[0], [x1], #1
    st1     {v0.b}[0], [x3], #1
    sub     x2, x2, #1
    b       3b
4:  ret

/* void *neon_memset(void *dst, int c, size_t n) */
    .global neon_memset
neon_memset:
    dup     v0.16b, w1
    mov     v1.16b, v0.16b
    mov     v2.16b, v0.16b
    mov     v3.16b, v0.16b
    mov     x3, x0
    mov     x4, #64
1:  cmp     x2, #64
    b.lo    3f
    st1     {v0.16b-v3.16b}, [x3], x4
    sub     x2, x2, #64
    b       1b
3:  cbz     x2, 4f
    st1     {v0.b}[15], [x3], #1
    sub     x2, x2, #1
    b       3b
4:  ret

/* int neon_memeq16(const void *a, const void *b): 1 if the 16 bytes are equal (EOR, UMAXV) */
    .global neon_memeq16
neon_memeq16:
    ld1     {v0.16b}, [x0]
    ld1     {v1.16b}, [x1]
    eor     v0.16b, v0.16b, v1.16b
    umaxv   b0, v0.16b
    umov    w0, v0.b[0]
    cmp     w0, #0
    cset    w0, eq
    ret

/* void vregs_save(uint8_t area[512]) / vregs_restore(const uint8_t area[512]): the whole
 * register file with ST1/LD1 of four registers at a time (Linux saves it with STP Q; the
 * structure form is the SIMD test here). */
    .global vregs_save
vregs_save:
    st1     {v0.2d-v3.2d}, [x0], #64
    st1     {v4.2d-v7.2d}, [x0], #64
    st1     {v8.2d-v11.2d}, [x0], #64
    st1     {v12.2d-v15.2d}, [x0], #64
    st1     {v16.2d-v19.2d}, [x0], #64
    st1     {v20.2d-v23.2d}, [x0], #64
    st1     {v24.2d-v27.2d}, [x0], #64
    st1     {v28.2d-v31.2d}, [x0]
    ret

    .global vregs_restore
vregs_restore:
    ld1     {v0.2d-v3.2d}, [x0], #64
    ld1     {v4.2d-v7.2d}, [x0], #64
    ld1     {v8.2d-v11.2d}, [x0], #64
    ld1     {v12.2d-v15.2d}, [x0], #64
    ld1     {v16.2d-v19.2d}, [x0], #64
    ld1     {v20.2d-v23.2d}, [x0], #64
    ld1     {v24.2d-v27.2d}, [x0], #64
    ld1     {v28.2d-v31.2d}, [x0]
    ret

/* void vregs_zero(void): MOVI every register to zero */
    .global vregs_zero
vregs_zero:
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    movi    v\r\().2d, #0
    .endr
    ret
