/*
 * AES-128-CBC encryption with the crypto extension, the shape of Linux's aes-ce CBC loop
 * (arch/arm64/crypto/aes-modes.S): the 11 round keys stay in v16-v26, each block is XORed
 * into the chaining value, nine AESE+AESMC pairs, a final AESE and the last round key. Called
 * from aes_cbc.c (AAPCS64: v16-v26 are caller-saved, v8-v15 are not used).
 */
    .arch armv8-a+crypto
    .text

/* void aes128_cbc_encrypt(const uint8_t rk[176], uint8_t iv[16], uint8_t *buf, uint64_t nblocks):
 * buf encrypted in place; iv receives the last ciphertext block (the chain continues). */
    .global aes128_cbc_encrypt
aes128_cbc_encrypt:
    cbz     x3, 2f
    ld1     {v16.16b-v19.16b}, [x0], #64
    ld1     {v20.16b-v23.16b}, [x0], #64
    ld1     {v24.16b-v26.16b}, [x0]
    ld1     {v0.16b}, [x1]
1:  ld1     {v1.16b}, [x2]
    eor     v0.16b, v0.16b, v1.16b
    .irp    k, 16, 17, 18, 19, 20, 21, 22, 23, 24
    aese    v0.16b, v\k\().16b
    aesmc   v0.16b, v0.16b
    .endr
    aese    v0.16b, v25.16b
    eor     v0.16b, v0.16b, v26.16b
    st1     {v0.16b}, [x2], #16
    subs    x3, x3, #1
    b.ne    1b
    st1     {v0.16b}, [x1]
2:  ret

/* uint32_t aes_sub_word(uint32_t w): SubWord(w) for the key schedule. With w in every column
 * ShiftRows moves nothing, so AESE with a zero round key leaves S-box(w) in each column. */
    .global aes_sub_word
aes_sub_word:
    dup     v0.4s, w0
    movi    v1.16b, #0
    aese    v0.16b, v1.16b
    umov    w0, v0.s[0]
    ret
