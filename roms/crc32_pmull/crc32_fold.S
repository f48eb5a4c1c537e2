/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320) by carry-less multiplication, the
 * technique of Linux's arm64 crc32 / crc-t10dif PMULL code and of Intel's "Fast CRC Computation
 * for Generic Polynomials Using PCLMULQDQ": fold 64 bytes at a time into four 128-bit
 * accumulators, fold those into one, fold 16 bytes at a time, then reduce 128 -> 96 -> 64 bits
 * and finish with a Barrett reduction. The constants were derived for this file (see the
 * comment at .Lconsts), not copied.
 *
 * Representation: the message is a polynomial whose first bit (bit 0 of byte 0) has the highest
 * degree, so a little-endian 128-bit chunk has x^(127-i) at bit i, and a 64-bit "reflected"
 * constant has x^(63-i) at bit i. PMULL of two such 64-bit values yields bit s <-> x^(126-s),
 * i.e. the product times x in the 128-bit representation; each constant is therefore x^(n-1)
 * mod P where the fold needs x^n.
 *
 * uint32_t crc32_fold(uint32_t crc, const uint8_t *p, size_t len): len a nonzero multiple of
 * 16, crc the running register (callers pass ~0 to start, and invert the result at the end, as
 * zlib's crc32() does internally). Byte loads only (LD1 .16b), so p may be unaligned even on
 * Device memory. v8-v15 are not used.
 */
    .arch armv8-a+crypto
    .text
    .global crc32_fold
    .type crc32_fold, %function
crc32_fold:
    adrp    x3, .Lconsts
    add     x3, x3, :lo12:.Lconsts
    ldp     q16, q17, [x3]          /* v16 = {K1, K2}, v17 = {K3, K4} */
    ldp     d18, d19, [x3, #32]     /* Kc, Kd */
    ldp     d20, d21, [x3, #48]     /* mu, P */
    fmov    s22, w0                 /* the initial register XORs into the first 32 bits */
    cmp     x2, #64
    b.lo    .Lone

    ld1     {v0.16b-v3.16b}, [x1], #64
    eor     v0.16b, v0.16b, v22.16b
    sub     x2, x2, #64
.Lfold4:                            /* x = x.lo * x^(575) + x.hi * x^(511) + the chunk 64 bytes on */
    cmp     x2, #64
    b.lo    .Lfold4_done
    ld1     {v4.16b-v7.16b}, [x1], #64
    .irp    a, 0, 1, 2, 3
    pmull2  v23.1q, v\a\().2d, v16.2d
    pmull   v\a\().1q, v\a\().1d, v16.1d
    eor     v\a\().16b, v\a\().16b, v23.16b
    .endr
    eor     v0.16b, v0.16b, v4.16b
    eor     v1.16b, v1.16b, v5.16b
    eor     v2.16b, v2.16b, v6.16b
    eor     v3.16b, v3.16b, v7.16b
    sub     x2, x2, #64
    b       .Lfold4
.Lfold4_done:                       /* the four accumulators into one, 16 bytes apart */
    .irp    a, 1, 2, 3
    pmull2  v23.1q, v0.2d, v17.2d
    pmull   v0.1q, v0.1d, v17.1d
    eor     v0.16b, v0.16b, v23.16b
    eor     v0.16b, v0.16b, v\a\().16b
    .endr
    b       .Lfold1

.Lone:
    ld1     {v0.16b}, [x1], #16
    eor     v0.16b, v0.16b, v22.16b
    sub     x2, x2, #16
.Lfold1:                            /* x = x.lo * x^191 + x.hi * x^127 + the next chunk */
    cbz     x2, .Lreduce
    ld1     {v4.16b}, [x1], #16
    pmull2  v23.1q, v0.2d, v17.2d
    pmull   v0.1q, v0.1d, v17.1d
    eor     v0.16b, v0.16b, v23.16b
    eor     v0.16b, v0.16b, v4.16b
    sub     x2, x2, #16
    b       .Lfold1

.Lreduce:
    /* CRC = X * x^32 mod P, X = Xh * x^64 + Xl the 128 bits left. 128 -> 96 bits:
     * Xh * x^96 becomes Xh * (x^95 mod P) (by PMULL, times x), Xl * x^32 is the 128-bit value
     * with Xh cleared, shifted right by 32 bit positions. */
    pmull   v1.1q, v0.1d, v18.1d
    movi    v3.2d, #0
    mov     v2.16b, v0.16b
    mov     v2.d[0], xzr
    ext     v2.16b, v2.16b, v3.16b, #4
    eor     v1.16b, v1.16b, v2.16b  /* bits 32..127: x^95 .. x^0 */
    /* 96 -> 64 bits: the top 32 coefficients (bits 32..63, a reflected 64-bit value as they
     * stand) times (x^63 mod P), times x by PMULL, land in the high half with the rest. */
    pmull   v2.1q, v1.1d, v19.1d
    eor     v2.16b, v2.16b, v1.16b
    mov     x3, v2.d[1]             /* S: x^63 at bit 0 .. x^0 at bit 63 */
    /* Barrett: q = floor(floor(S / x^32) * mu / x^32), mu = floor(x^64 / P); CRC = S + q * P
     * mod x^32. floor(S / x^32) is the low word of S (times x^32 as a reflected value); the
     * product (times x) holds q's x^e at bit 62 - e, i.e. q * x as a reflected value. */
    mov     w4, w3
    fmov    d3, x4
    pmull   v3.1q, v3.1d, v20.1d
    fmov    x4, d3
    and     x4, x4, #0x7fffffff80000000
    fmov    d3, x4
    pmull   v3.1q, v3.1d, v21.1d    /* q * P * x^2: its x^(31-k) coefficient of q*P at bit 94 + k */
    mov     x4, v3.d[1]
    lsr     x4, x4, #30
    eor     x0, x4, x3, lsr #32     /* S's x^(31-k) is at bit 32 + k */
    mov     w0, w0
    ret
    .size crc32_fold, . - crc32_fold

    .section .rodata
    .balign 16
/* Reflected 64-bit constants (x^(63-i) at bit i) of the residues mod P = 0x104c11db7, worked
 * out with a polynomial-arithmetic script: K1 = x^575, K2 = x^511 (fold by 512 bits, minus one
 * for PMULL's extra x, plus 64 for the low half), K3 = x^191, K4 = x^127 (fold by 128), Kc =
 * x^95, Kd = x^63 (the final reduction), mu = floor(x^64 / P), and P itself. */
.Lconsts:
    .quad   0x653d982200000000, 0xcad38e8f00000000  /* K1, K2 */
    .quad   0x65673b4600000000, 0x9ba54c6f00000000  /* K3, K4 */
    .quad   0xccaa009e00000000, 0xb8bc676500000000  /* Kc, Kd */
    .quad   0xfb808b2080000000, 0xedb8832080000000  /* mu, P */
