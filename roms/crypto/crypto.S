/*
 * The crypto ROM's Advanced SIMD side: AES-128 with AESE/AESMC and AESD/AESIMC, the AES SubWord
 * through AESE (as Linux's aes-ce key expansion does it), one SHA-1 and one SHA-256 block with
 * the SHA instructions (the round structure of Linux's sha1-ce-core.S / sha2-ce-core.S,
 * unrolled here), and the carry-less multiplies for the PMULL checks. AAPCS64 functions called
 * from main.c; v8-v15 are not used, so nothing needs saving.
 */
    .arch armv8-a+crypto
    .text

/* uint32_t ce_sub_word(uint32_t w): SubWord(w). With the word in every column ShiftRows is the
 * identity, so AESE with a zero key leaves S-box(w) in each column. */
    .global ce_sub_word
ce_sub_word:
    dup     v0.4s, w0
    movi    v1.16b, #0
    aese    v0.16b, v1.16b
    umov    w0, v0.s[0]
    ret

/* void aes128_encrypt(const uint8_t rk[176], const uint8_t in[16], uint8_t out[16]) */
    .global aes128_encrypt
aes128_encrypt:
    ld1     {v0.16b}, [x1]
    ld1     {v16.16b-v19.16b}, [x0], #64
    ld1     {v20.16b-v23.16b}, [x0], #64
    ld1     {v24.16b-v26.16b}, [x0]
    aese    v0.16b, v16.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v17.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v18.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v19.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v20.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v21.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v22.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v23.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v24.16b
    aesmc   v0.16b, v0.16b
    aese    v0.16b, v25.16b
    eor     v0.16b, v0.16b, v26.16b
    st1     {v0.16b}, [x2]
    ret

/* void aes128_decrypt(const uint8_t rk[176], const uint8_t in[16], uint8_t out[16]): the
 * equivalent inverse cipher, round keys 9..1 passed through AESIMC (FIPS-197 5.3.5). */
    .global aes128_decrypt
aes128_decrypt:
    ld1     {v0.16b}, [x1]
    ld1     {v16.16b-v19.16b}, [x0], #64
    ld1     {v20.16b-v23.16b}, [x0], #64
    ld1     {v24.16b-v26.16b}, [x0]
    aesd    v0.16b, v26.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v25.16b
    aesd    v0.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v24.16b
    aesd    v0.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v23.16b
    aesd    v0.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v22.16b
    aesd    v0.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v21.16b
    aesd    v0.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v20.16b
    aesd    v0.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v19.16b
    aesd    v0.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v18.16b
    aesd    v0.16b, v1.16b
    aesimc  v0.16b, v0.16b
    aesimc  v1.16b, v17.16b
    aesd    v0.16b, v1.16b
    eor     v0.16b, v0.16b, v16.16b
    st1     {v0.16b}, [x2]
    ret

/* void sha1_block(uint32_t state[5], const uint8_t block[64]): 80 rounds, four per
 * instruction; the schedule W[16..79] built in v4-v7 by SHA1SU0/SHA1SU1. */
    .global sha1_block
sha1_block:
    ld1     {v0.4s}, [x0]
    ldr     s1, [x0, #16]
    ld1     {v4.16b-v7.16b}, [x1]
    rev32   v4.16b, v4.16b
    rev32   v5.16b, v5.16b
    rev32   v6.16b, v6.16b
    rev32   v7.16b, v7.16b
    mov     v2.16b, v0.16b
    mov     v3.16b, v1.16b
    movz    w2, #0x7999
    movk    w2, #0x5a82, lsl #16
    dup     v20.4s, w2
    movz    w2, #0xeba1
    movk    w2, #0x6ed9, lsl #16
    dup     v21.4s, w2
    movz    w2, #0xbcdc
    movk    w2, #0x8f1b, lsl #16
    dup     v22.4s, w2
    movz    w2, #0xc1d6
    movk    w2, #0xca62, lsl #16
    dup     v23.4s, w2
    add     v16.4s, v4.4s, v20.4s
    sha1su0 v4.4s, v5.4s, v6.4s
    sha1h   s18, s0
    sha1c   q0, s1, v16.4s
    sha1su1 v4.4s, v7.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v5.4s, v20.4s
    sha1su0 v5.4s, v6.4s, v7.4s
    sha1h   s18, s0
    sha1c   q0, s1, v16.4s
    sha1su1 v5.4s, v4.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v6.4s, v20.4s
    sha1su0 v6.4s, v7.4s, v4.4s
    sha1h   s18, s0
    sha1c   q0, s1, v16.4s
    sha1su1 v6.4s, v5.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v7.4s, v20.4s
    sha1su0 v7.4s, v4.4s, v5.4s
    sha1h   s18, s0
    sha1c   q0, s1, v16.4s
    sha1su1 v7.4s, v6.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v4.4s, v20.4s
    sha1su0 v4.4s, v5.4s, v6.4s
    sha1h   s18, s0
    sha1c   q0, s1, v16.4s
    sha1su1 v4.4s, v7.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v5.4s, v21.4s
    sha1su0 v5.4s, v6.4s, v7.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    sha1su1 v5.4s, v4.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v6.4s, v21.4s
    sha1su0 v6.4s, v7.4s, v4.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    sha1su1 v6.4s, v5.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v7.4s, v21.4s
    sha1su0 v7.4s, v4.4s, v5.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    sha1su1 v7.4s, v6.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v4.4s, v21.4s
    sha1su0 v4.4s, v5.4s, v6.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    sha1su1 v4.4s, v7.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v5.4s, v21.4s
    sha1su0 v5.4s, v6.4s, v7.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    sha1su1 v5.4s, v4.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v6.4s, v22.4s
    sha1su0 v6.4s, v7.4s, v4.4s
    sha1h   s18, s0
    sha1m   q0, s1, v16.4s
    sha1su1 v6.4s, v5.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v7.4s, v22.4s
    sha1su0 v7.4s, v4.4s, v5.4s
    sha1h   s18, s0
    sha1m   q0, s1, v16.4s
    sha1su1 v7.4s, v6.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v4.4s, v22.4s
    sha1su0 v4.4s, v5.4s, v6.4s
    sha1h   s18, s0
    sha1m   q0, s1, v16.4s
    sha1su1 v4.4s, v7.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v5.4s, v22.4s
    sha1su0 v5.4s, v6.4s, v7.4s
    sha1h   s18, s0
    sha1m   q0, s1, v16.4s
    sha1su1 v5.4s, v4.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v6.4s, v22.4s
    sha1su0 v6.4s, v7.4s, v4.4s
    sha1h   s18, s0
    sha1m   q0, s1, v16.4s
    sha1su1 v6.4s, v5.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v7.4s, v23.4s
    sha1su0 v7.4s, v4.4s, v5.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    sha1su1 v7.4s, v6.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v4.4s, v23.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v5.4s, v23.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v6.4s, v23.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    mov     v1.16b, v18.16b
    add     v16.4s, v7.4s, v23.4s
    sha1h   s18, s0
    sha1p   q0, s1, v16.4s
    mov     v1.16b, v18.16b
    add     v0.4s, v0.4s, v2.4s
    add     v1.4s, v1.4s, v3.4s
    st1     {v0.4s}, [x0]
    str     s1, [x0, #16]
    ret

/* void sha256_block(uint32_t state[8], const uint8_t block[64]) */
    .global sha256_block
sha256_block:
    ld1     {v0.4s, v1.4s}, [x0]
    ld1     {v4.16b-v7.16b}, [x1]
    rev32   v4.16b, v4.16b
    rev32   v5.16b, v5.16b
    rev32   v6.16b, v6.16b
    rev32   v7.16b, v7.16b
    mov     v2.16b, v0.16b
    mov     v3.16b, v1.16b
    adrp    x3, sha256_k
    add     x3, x3, :lo12:sha256_k
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v4.4s
    sha256su0 v4.4s, v5.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v4.4s, v6.4s, v7.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v5.4s
    sha256su0 v5.4s, v6.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v5.4s, v7.4s, v4.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v6.4s
    sha256su0 v6.4s, v7.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v6.4s, v4.4s, v5.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v7.4s
    sha256su0 v7.4s, v4.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v7.4s, v5.4s, v6.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v4.4s
    sha256su0 v4.4s, v5.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v4.4s, v6.4s, v7.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v5.4s
    sha256su0 v5.4s, v6.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v5.4s, v7.4s, v4.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v6.4s
    sha256su0 v6.4s, v7.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v6.4s, v4.4s, v5.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v7.4s
    sha256su0 v7.4s, v4.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v7.4s, v5.4s, v6.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v4.4s
    sha256su0 v4.4s, v5.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v4.4s, v6.4s, v7.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v5.4s
    sha256su0 v5.4s, v6.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v5.4s, v7.4s, v4.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v6.4s
    sha256su0 v6.4s, v7.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v6.4s, v4.4s, v5.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v7.4s
    sha256su0 v7.4s, v4.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    sha256su1 v7.4s, v5.4s, v6.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v4.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v5.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v6.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    ld1     {v16.4s}, [x3], #16
    add     v16.4s, v16.4s, v7.4s
    mov     v18.16b, v0.16b
    sha256h q0, q1, v16.4s
    sha256h2 q1, q18, v16.4s
    add     v0.4s, v0.4s, v2.4s
    add     v1.4s, v1.4s, v3.4s
    st1     {v0.4s, v1.4s}, [x0]
    ret

/* void clmul64(const uint64_t a[2], const uint64_t b[2], uint64_t out[4]): PMULL of the low
 * doublewords into out[0..1], PMULL2 of the high ones into out[2..3]. */
    .global clmul64
clmul64:
    ld1     {v0.2d}, [x0]
    ld1     {v1.2d}, [x1]
    pmull   v2.1q, v0.1d, v1.1d
    pmull2  v3.1q, v0.2d, v1.2d
    st1     {v2.2d, v3.2d}, [x2]
    ret

/* void clmul8(const uint8_t a[16], const uint8_t b[16], uint16_t out[16]): PMULL/PMULL2 (8-bit). */
    .global clmul8
clmul8:
    ld1     {v0.16b}, [x0]
    ld1     {v1.16b}, [x1]
    pmull   v2.8h, v0.8b, v1.8b
    pmull2  v3.8h, v0.16b, v1.16b
    st1     {v2.8h, v3.8h}, [x2]
    ret

/* uint32_t crc32_word_pmull(uint32_t crc, uint32_t data): one 32-bit step of the reflected
 * CRC-32 (polynomial 0x04c11db7) by Barrett reduction, as in Linux's crc32-pmull: with
 * x = crc EOR data, T1 = (x * mu') mod 2^32, crc' = (T1 * P') >> 32, where P' = 0x1db710641
 * (P bit-reversed, times x) and mu' = 0x1f7011641. */
    .global crc32_word_pmull
crc32_word_pmull:
    eor     w0, w0, w1
    fmov    d0, x0
    movz    x2, #0x1641
    movk    x2, #0xf701, lsl #16
    movk    x2, #0x1, lsl #32
    ins     v1.d[0], x2
    pmull   v2.1q, v0.1d, v1.1d
    umov    w3, v2.s[0]
    fmov    d2, x3
    movz    x2, #0x0641
    movk    x2, #0xdb71, lsl #16
    movk    x2, #0x1, lsl #32
    ins     v1.d[0], x2
    pmull   v3.1q, v2.1d, v1.1d
    mov     w0, v3.s[1]
    ret

    .section .rodata
    .balign 16
sha256_k:
    .word 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
    .word 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
    .word 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
    .word 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
    .word 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
    .word 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
    .word 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
    .word 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
    .word 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
    .word 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
    .word 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
    .word 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
    .word 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
    .word 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
    .word 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
    .word 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
