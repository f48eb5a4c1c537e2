/*
 * void *neon_memcpy(void *dst, const void *src, size_t n), written the way glibc's AArch64
 * memcpy (sysdeps/aarch64/memcpy.S, the Q-register version) is: no byte loop anywhere.
 *  - n <= 32: two possibly overlapping accesses from the start and from the end of the
 *    buffer (16+16, 8+8, 4+4 bytes; 1..3 bytes as first, middle and last byte);
 *  - 33..128: LDP Q of the first and last 32 bytes (and the middle 64 when n > 64), all loads
 *    before any store, then the stores, which overlap in the middle;
 *  - n > 128: dst is aligned down to 16, a 64-byte LDP/STP Q loop software-pipelined by one
 *    iteration (loads run ahead of the stores), and the last 64 bytes copied from the end,
 *    overlapping what the loop wrote.
 * Unaligned Q accesses throughout: needs Normal memory (the MMU on). Used by the neon_memcpy
 * benchmark and included by the neon_glibc ROM, which checks it exhaustively.
 */
    .arch armv8-a
    .text
    .global neon_memcpy
    .type neon_memcpy, %function
neon_memcpy:
    add     x4, x1, x2              /* src end */
    add     x5, x0, x2              /* dst end */
    cmp     x2, #128
    b.hi    .Lbig
    cmp     x2, #32
    b.hi    .Lmid
    cmp     x2, #16
    b.lo    .Lsmall16
    ldr     q0, [x1]                /* 16..32 */
    ldr     q1, [x4, #-16]
    str     q0, [x0]
    str     q1, [x5, #-16]
    ret
.Lsmall16:
    tbz     x2, #3, .Lsmall8
    ldr     x6, [x1]                /* 8..15 */
    ldr     x7, [x4, #-8]
    str     x6, [x0]
    str     x7, [x5, #-8]
    ret
.Lsmall8:
    tbz     x2, #2, .Lsmall4
    ldr     w6, [x1]                /* 4..7 */
    ldr     w7, [x4, #-4]
    str     w6, [x0]
    str     w7, [x5, #-4]
    ret
.Lsmall4:
    cbz     x2, .Lret               /* 1..3: first, middle (n / 2) and last byte */
    lsr     x3, x2, #1
    ldrb    w6, [x1]
    ldrb    w7, [x4, #-1]
    ldrb    w8, [x1, x3]
    strb    w6, [x0]
    strb    w8, [x0, x3]
    strb    w7, [x5, #-1]
.Lret:
    ret

.Lmid:                              /* 33..128 */
    ldp     q0, q1, [x1]
    ldp     q2, q3, [x4, #-32]
    cmp     x2, #64
    b.hi    .Lmid128
    stp     q0, q1, [x0]
    stp     q2, q3, [x5, #-32]
    ret
.Lmid128:                           /* 65..128 */
    ldp     q4, q5, [x1, #32]
    cmp     x2, #96
    b.ls    1f
    ldp     q6, q7, [x4, #-64]
    stp     q6, q7, [x5, #-64]
1:  stp     q0, q1, [x0]
    stp     q4, q5, [x0, #32]
    stp     q2, q3, [x5, #-32]
    ret

.Lbig:                              /* > 128: x3 = dst aligned down, x1 moved by as much */
    ldr     q3, [x1]                /* the first 16 bytes, stored unaligned */
    and     x6, x0, #15
    bic     x3, x0, #15
    sub     x1, x1, x6
    add     x2, x2, x6              /* n counted from x3 (16 more than what is left) */
    ldp     q0, q1, [x1, #16]
    str     q3, [x0]
    ldp     q2, q3, [x1, #48]
    subs    x2, x2, #(128 + 16)     /* at most 64 + 64 left: finish from the end */
    b.ls    .Ltail64
.Lloop64:
    stp     q0, q1, [x3, #16]
    ldp     q0, q1, [x1, #80]
    stp     q2, q3, [x3, #48]
    ldp     q2, q3, [x1, #112]
    add     x1, x1, #64
    add     x3, x3, #64
    subs    x2, x2, #64
    b.hi    .Lloop64
.Ltail64:
    ldp     q4, q5, [x4, #-64]      /* the last 64 bytes, overlapping the loop's last block */
    stp     q0, q1, [x3, #16]
    ldp     q0, q1, [x4, #-32]
    stp     q2, q3, [x3, #48]
    stp     q4, q5, [x5, #-64]
    stp     q0, q1, [x5, #-32]
    ret
    .size neon_memcpy, . - neon_memcpy
