/*
 * aes_cbc: AES-128-CBC encryption with AESE/AESMC (aes_cbc.S) of a 16 KiB PRNG-filled buffer,
 * in place, PASSES times with the chain carried from pass to pass (every pass encrypts the
 * previous ciphertext). Key schedule in C with SubWord through AESE. The result folds every
 * pass's last block and the final buffer. At the end the same code must reproduce the NIST
 * SP 800-38A F.2.1 CBC-AES128.Encrypt vectors (key, IV and the four blocks below), else the
 * result is 0. The host build (BENCH_HOST) uses the plain C AES below, which must pass the
 * same known-answer test.
 */
#define WORKLOAD_EXPECTED 0x005488ced4ca9482ULL
#include "fpsimd.h"

#define BYTES (16 * 1024)
#define PASSES 1000

static uint8_t buf[BYTES] __attribute__((aligned(16)));

#ifdef BENCH_HOST
/* FIPS-197 in plain C, encryption only: the S-box from the GF(2^8) inverse and the affine map. */
static uint8_t sbox[256];

static uint8_t xtime(uint8_t a) { return (uint8_t)(a << 1 ^ (a & 0x80 ? 0x1b : 0)); }

static void sbox_init(void)
{
    for (unsigned x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (unsigned y = 1; y < 256 && x; y++) { /* brute-force inverse: x * y == 1 */
            uint8_t p = 0, a = (uint8_t)x, b = (uint8_t)y;
            while (b) {
                if (b & 1)
                    p ^= a;
                a = xtime(a);
                b >>= 1;
            }
            if (p == 1) {
                inv = (uint8_t)y;
                break;
            }
        }
        uint8_t s = inv;
        for (unsigned r = 1; r < 5; r++)
            s ^= (uint8_t)(inv << r | inv >> (8 - r));
        sbox[x] = s ^ 0x63;
    }
}

static uint32_t aes_sub_word(uint32_t w)
{
    if (!sbox[0])
        sbox_init();
    return (uint32_t)sbox[w & 0xff] | (uint32_t)sbox[w >> 8 & 0xff] << 8 |
           (uint32_t)sbox[w >> 16 & 0xff] << 16 | (uint32_t)sbox[w >> 24] << 24;
}

static void aes128_block(const uint8_t rk[176], uint8_t s[16])
{
    for (unsigned i = 0; i < 16; i++)
        s[i] ^= rk[i];
    for (unsigned r = 1; r <= 10; r++) {
        uint8_t t[16];
        for (unsigned c = 0; c < 4; c++) /* SubBytes and ShiftRows: row i rotates left by i */
            for (unsigned i = 0; i < 4; i++)
                t[4 * c + i] = sbox[s[4 * ((c + i) % 4) + i]];
        for (unsigned c = 0; c < 4 && r < 10; c++) { /* MixColumns */
            uint8_t *a = t + 4 * c, a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            a[0] = xtime(a0) ^ xtime(a1) ^ a1 ^ a2 ^ a3;
            a[1] = a0 ^ xtime(a1) ^ xtime(a2) ^ a2 ^ a3;
            a[2] = a0 ^ a1 ^ xtime(a2) ^ xtime(a3) ^ a3;
            a[3] = xtime(a0) ^ a0 ^ a1 ^ a2 ^ xtime(a3);
        }
        for (unsigned i = 0; i < 16; i++)
            s[i] = t[i] ^ rk[16 * r + i];
    }
}

static void aes128_cbc_encrypt(const uint8_t rk[176], uint8_t iv[16], uint8_t *p, uint64_t nblocks)
{
    for (; nblocks--; p += 16) {
        for (unsigned i = 0; i < 16; i++)
            p[i] ^= iv[i];
        aes128_block(rk, p);
        for (unsigned i = 0; i < 16; i++)
            iv[i] = p[i];
    }
}
#else
void aes128_cbc_encrypt(const uint8_t rk[176], uint8_t iv[16], uint8_t *buf, uint64_t nblocks);
uint32_t aes_sub_word(uint32_t w);
#endif

/* KeyExpansion (FIPS-197 5.2), Nk = 4, on little-endian words of the key bytes: RotWord is a
 * rotate right by 8 and Rcon sits in the low byte. */
static void aes128_expand(const uint8_t key[16], uint8_t rk[176])
{
    static const uint8_t rcon[10] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36 };
    uint32_t w[44];
    for (unsigned i = 0; i < 4; i++)
        w[i] = (uint32_t)key[4 * i] | (uint32_t)key[4 * i + 1] << 8 |
               (uint32_t)key[4 * i + 2] << 16 | (uint32_t)key[4 * i + 3] << 24;
    for (unsigned i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0)
            t = aes_sub_word(t >> 8 | t << 24) ^ rcon[i / 4 - 1];
        w[i] = w[i - 4] ^ t;
    }
    for (unsigned i = 0; i < 44; i++)
        for (unsigned b = 0; b < 4; b++)
            rk[4 * i + b] = (uint8_t)(w[i] >> (8 * b));
}

static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* NIST SP 800-38A, F.2.1 CBC-AES128.Encrypt. */
static int sp800_38a_cbc_ok(void)
{
    static const uint8_t key[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
    static const uint8_t pt[64] = {
        0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
        0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51,
        0x30, 0xc8, 0x1c, 0x46, 0xa3, 0x5c, 0xe4, 0x11, 0xe5, 0xfb, 0xc1, 0x19, 0x1a, 0x0a, 0x52, 0xef,
        0xf6, 0x9f, 0x24, 0x45, 0xdf, 0x4f, 0x9b, 0x17, 0xad, 0x2b, 0x41, 0x7b, 0xe6, 0x6c, 0x37, 0x10 };
    static const uint8_t ct[64] = {
        0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46, 0xce, 0xe9, 0x8e, 0x9b, 0x12, 0xe9, 0x19, 0x7d,
        0x50, 0x86, 0xcb, 0x9b, 0x50, 0x72, 0x19, 0xee, 0x95, 0xdb, 0x11, 0x3a, 0x91, 0x76, 0x78, 0xb2,
        0x73, 0xbe, 0xd6, 0xb8, 0xe3, 0xc1, 0x74, 0x3b, 0x71, 0x16, 0xe6, 0x9e, 0x22, 0x22, 0x95, 0x16,
        0x3f, 0xf1, 0xca, 0xa1, 0x68, 0x1f, 0xac, 0x09, 0x12, 0x0e, 0xca, 0x30, 0x75, 0x86, 0xe1, 0xa7 };
    uint8_t rk[176], iv[16], data[64] __attribute__((aligned(16)));
    aes128_expand(key, rk);
    for (unsigned i = 0; i < 16; i++)
        iv[i] = (uint8_t)i; /* 000102...0f */
    for (unsigned i = 0; i < 64; i++)
        data[i] = pt[i];
    aes128_cbc_encrypt(rk, iv, data, 4);
    int ok = 1;
    for (unsigned i = 0; i < 64; i++)
        ok &= data[i] == ct[i];
    for (unsigned i = 0; i < 16; i++)
        ok &= iv[i] == ct[48 + i]; /* the chain value is the last ciphertext block */
    return ok;
}

uint64_t workload(void)
{
    uint64_t seed = 0x2545F4914F6CDD1DULL, acc = 0;
    uint8_t key[16], rk[176], iv[16];
    for (uint32_t i = 0; i < BYTES; i += 8) {
        uint64_t r = bench_rand(&seed);
        for (unsigned k = 0; k < 8; k++)
            buf[i + k] = (uint8_t)(r >> (8 * k));
    }
    for (unsigned i = 0; i < 16; i++) {
        key[i] = (uint8_t)bench_rand(&seed);
        iv[i] = (uint8_t)bench_rand(&seed);
    }
    aes128_expand(key, rk);
    for (uint32_t p = 0; p < PASSES; p++) {
        aes128_cbc_encrypt(rk, iv, buf, BYTES / 16);
        acc = (acc << 7 | acc >> 57) ^ load64(iv) ^ load64(iv + 8) * 3;
    }
    for (uint32_t i = 0; i < BYTES; i += 8)
        acc = (acc << 3 | acc >> 61) ^ load64(buf + i);
    return sp800_38a_cbc_ok() ? acc : 0;
}
