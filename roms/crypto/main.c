/*
 * crypto: known answers for the cryptographic extensions (FEAT_AES, FEAT_SHA1, FEAT_SHA256,
 * FEAT_PMULL) and the Advanced SIMD moves around them (crypto.S):
 *   AES-128 encrypt/decrypt: FIPS-197 appendix C.1 and appendix B, with the key schedule of
 *     appendix A.1 (SubWord through AESE);
 *   SHA-1 and SHA-256 of "abc" and of the 448-bit two-block message: FIPS 180-2 appendices A/B;
 *   PMULL/PMULL2: products worked out by hand, a cross-check against a bitwise carry-less
 *     multiply, and CRC-32 by PMULL Barrett reduction against the CRC-32 check value of
 *     "123456789" (0xcbf43926) and the CRC32W instruction.
 * a64emu needs --preview advsimd,aes,pmull,sha1,sha256; under QEMU, -cpu max.
 */
#include "rom.h"

uint32_t ce_sub_word(uint32_t w);
void aes128_encrypt(const uint8_t rk[176], const uint8_t in[16], uint8_t out[16]);
void aes128_decrypt(const uint8_t rk[176], const uint8_t in[16], uint8_t out[16]);
void sha1_block(uint32_t state[5], const uint8_t block[64]);
void sha256_block(uint32_t state[8], const uint8_t block[64]);
void clmul64(const uint64_t a[2], const uint64_t b[2], uint64_t out[4]);
void clmul8(const uint8_t a[16], const uint8_t b[16], uint16_t out[16]);
uint32_t crc32_word_pmull(uint32_t crc, uint32_t data);

static void fp_enable(void)
{
    uint64_t cpacr;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(cpacr));
    cpacr |= 3ull << 20; /* FPEN: no trap at EL0/EL1 */
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(cpacr));
}

static void check_bytes(const uint8_t *got, const uint8_t *want, unsigned n, int line)
{
    for (unsigned i = 0; i < n; i++)
        if (got[i] != want[i])
            check_eq_fail(__FILE__, line, "byte", got[i], want[i]);
}

/* ---- AES-128 ---- */

/* KeyExpansion (FIPS-197 5.2) for Nk = 4: w[i] = w[i-4] ^ (i % 4 ? w[i-1] :
 * SubWord(RotWord(w[i-1])) ^ Rcon). Words are little-endian views of the key bytes, so RotWord
 * is a rotate right by 8 and Rcon sits in the low byte. */
static void aes128_expand(const uint8_t key[16], uint8_t rk[176])
{
    static const uint8_t rcon[10] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36 };
    uint32_t w[44];
    for (unsigned i = 0; i < 4; i++)
        w[i] = (uint32_t)key[4 * i] | (uint32_t)key[4 * i + 1] << 8 | (uint32_t)key[4 * i + 2] << 16 |
               (uint32_t)key[4 * i + 3] << 24;
    for (unsigned i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0)
            t = ce_sub_word((t >> 8) | (t << 24)) ^ rcon[i / 4 - 1];
        w[i] = w[i - 4] ^ t;
    }
    for (unsigned i = 0; i < 44; i++)
        for (unsigned b = 0; b < 4; b++)
            rk[4 * i + b] = (uint8_t)(w[i] >> (8 * b));
}

static void test_aes(void)
{
    uint8_t rk[176], out[16], back[16];
    /* SubWord alone: S-box(0x00) = 0x63, S-box(0x53) = 0xed, S-box(0xff) = 0x16 (FIPS-197 fig. 7) */
    CHECK_EQ(ce_sub_word(0xff530001), 0x16ed637c);

    /* Appendix A.1 key schedule: w[4] = a0fafe17, w[43] = b6630ca6 (big-endian word order) */
    static const uint8_t key_b[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                       0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
    aes128_expand(key_b, rk);
    static const uint8_t w4[4] = { 0xa0, 0xfa, 0xfe, 0x17 }, w43[4] = { 0xb6, 0x63, 0x0c, 0xa6 };
    check_bytes(rk + 16, w4, 4, __LINE__);
    check_bytes(rk + 172, w43, 4, __LINE__);
    /* Appendix B: 3243f6a8885a308d313198a2e0370734 -> 3925841d02dc09fbdc118597196a0b32 */
    static const uint8_t pt_b[16] = { 0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                      0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34 };
    static const uint8_t ct_b[16] = { 0x39, 0x25, 0x84, 0x1d, 0x02, 0xdc, 0x09, 0xfb,
                                      0xdc, 0x11, 0x85, 0x97, 0x19, 0x6a, 0x0b, 0x32 };
    aes128_encrypt(rk, pt_b, out);
    check_bytes(out, ct_b, 16, __LINE__);
    aes128_decrypt(rk, out, back);
    check_bytes(back, pt_b, 16, __LINE__);

    /* Appendix C.1: key 000102..0f, 00112233..ff -> 69c4e0d86a7b0430d8cdb78070b4c55a */
    uint8_t key_c[16], pt_c[16];
    for (unsigned i = 0; i < 16; i++) {
        key_c[i] = (uint8_t)i;
        pt_c[i] = (uint8_t)(i * 0x11);
    }
    static const uint8_t ct_c[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                      0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };
    aes128_expand(key_c, rk);
    aes128_encrypt(rk, pt_c, out);
    check_bytes(out, ct_c, 16, __LINE__);
    aes128_decrypt(rk, ct_c, back);
    check_bytes(back, pt_c, 16, __LINE__);
}

/* ---- SHA-1 / SHA-256: pad (FIPS 180 5.1.1) and hash a short message ---- */

static unsigned pad(const char *msg, uint8_t blocks[128])
{
    unsigned len = 0;
    while (msg[len])
        len++;
    unsigned nblocks = len + 9 <= 64 ? 1 : 2;
    for (unsigned i = 0; i < 64 * nblocks; i++)
        blocks[i] = i < len ? (uint8_t)msg[i] : i == len ? 0x80 : 0;
    uint64_t bits = (uint64_t)len * 8;
    for (unsigned i = 0; i < 8; i++)
        blocks[64 * nblocks - 1 - i] = (uint8_t)(bits >> (8 * i));
    return nblocks;
}

static const char msg_abc[] = "abc";
static const char msg_448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

static void test_sha1(void)
{
    static const uint32_t want_abc[5] = { 0xa9993e36, 0x4706816a, 0xba3e2571, 0x7850c26c, 0x9cd0d89d };
    static const uint32_t want_448[5] = { 0x84983e44, 0x1c3bd26e, 0xbaae4aa1, 0xf95129e5, 0xe54670f1 };
    const char *msgs[2] = { msg_abc, msg_448 };
    const uint32_t *want[2] = { want_abc, want_448 };
    for (unsigned m = 0; m < 2; m++) {
        uint8_t blocks[128];
        uint32_t h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
        unsigned n = pad(msgs[m], blocks);
        for (unsigned b = 0; b < n; b++)
            sha1_block(h, blocks + 64 * b);
        for (unsigned i = 0; i < 5; i++)
            CHECK_EQ(h[i], want[m][i]);
    }
}

static void test_sha256(void)
{
    static const uint32_t want_abc[8] = { 0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                          0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad };
    static const uint32_t want_448[8] = { 0x248d6a61, 0xd20638b8, 0xe5c02693, 0x0c3e6039,
                                          0xa33ce459, 0x64ff2167, 0xf6ecedd4, 0x19db06c1 };
    const char *msgs[2] = { msg_abc, msg_448 };
    const uint32_t *want[2] = { want_abc, want_448 };
    for (unsigned m = 0; m < 2; m++) {
        uint8_t blocks[128];
        uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
        unsigned n = pad(msgs[m], blocks);
        for (unsigned b = 0; b < n; b++)
            sha256_block(h, blocks + 64 * b);
        for (unsigned i = 0; i < 8; i++)
            CHECK_EQ(h[i], want[m][i]);
    }
}

/* ---- PMULL ---- */

/* Carry-less 64 x 64 -> 128 in general registers, the reference for the random cross-check. */
static void clmul_ref(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    *lo = *hi = 0;
    for (unsigned i = 0; i < 64; i++)
        if ((b >> i) & 1) {
            *lo ^= a << i;
            if (i)
                *hi ^= a >> (64 - i);
        }
}

static uint32_t crc32_bitwise(uint32_t crc, const uint8_t *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        crc ^= p[i];
        for (unsigned k = 0; k < 8; k++)
            crc = (crc >> 1) ^ ((crc & 1) ? 0xedb88320u : 0);
    }
    return crc;
}

static void test_pmull(void)
{
    uint64_t out[4];
    /* (1 + x + ... + x^63)^2 = 1 + x^2 + x^4 + ... + x^126 over GF(2) (squaring is linear
     * there): every even bit of both halves. x^63 * x^63 = x^126. 0b11 * 0b11 = 0b101. */
    const uint64_t a1[2] = { ~0ull, 1ull << 63 }, b1[2] = { ~0ull, 1ull << 63 };
    clmul64(a1, b1, out);
    CHECK_EQ(out[0], 0x5555555555555555ull);
    CHECK_EQ(out[1], 0x5555555555555555ull);
    CHECK_EQ(out[2], 0);
    CHECK_EQ(out[3], 1ull << 62);
    const uint64_t a2[2] = { 3, 0x8000000000000001ull }, b2[2] = { 3, 2 };
    clmul64(a2, b2, out);
    CHECK_EQ(out[0], 5);
    CHECK_EQ(out[1], 0);
    CHECK_EQ(out[2], 2);
    CHECK_EQ(out[3], 1);
    /* a small xorshift stream against the bitwise reference */
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (unsigned i = 0; i < 64; i++) {
        uint64_t a[2], b[2], lo, hi;
        for (unsigned k = 0; k < 2; k++) {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17; a[k] = s;
            s ^= s << 13; s ^= s >> 7; s ^= s << 17; b[k] = s;
        }
        clmul64(a, b, out);
        clmul_ref(a[0], b[0], &lo, &hi);
        CHECK_EQ(out[0], lo);
        CHECK_EQ(out[1], hi);
        clmul_ref(a[1], b[1], &lo, &hi);
        CHECK_EQ(out[2], lo);
        CHECK_EQ(out[3], hi);
    }

    /* 8-bit PMULL/PMULL2: 0xff * 0xff = 0x5555, 0x80 * 0x80 = 0x4000, 0x03 * 0x05 = 0x0f */
    uint8_t x[16] = { 0xff, 0x80, 0x03, 0 }, y[16] = { 0xff, 0x80, 0x05, 0x77 };
    x[8] = 0x80; y[8] = 0xff;
    x[15] = 0x02; y[15] = 0x81;
    uint16_t p8[16];
    clmul8(x, y, p8);
    CHECK_EQ(p8[0], 0x5555);
    CHECK_EQ(p8[1], 0x4000);
    CHECK_EQ(p8[2], 0x000f);
    CHECK_EQ(p8[3], 0);
    CHECK_EQ(p8[8], 0x7f80);  /* upper halves: 0x80 * 0xff */
    CHECK_EQ(p8[15], 0x0102); /* 0x02 * 0x81 */

    /* CRC-32 of "123456789": two PMULL Barrett steps, then the last byte bitwise */
    static const uint8_t check[9] = { '1', '2', '3', '4', '5', '6', '7', '8', '9' };
    uint32_t crc = 0xffffffffu;
    for (unsigned i = 0; i < 8; i += 4)
        crc = crc32_word_pmull(crc, (uint32_t)check[i] | (uint32_t)check[i + 1] << 8 |
                                    (uint32_t)check[i + 2] << 16 | (uint32_t)check[i + 3] << 24);
    crc = crc32_bitwise(crc, check + 8, 1);
    CHECK_EQ(crc ^ 0xffffffffu, 0xcbf43926u);
    /* and word by word against CRC32W */
    uint32_t c1 = 0x12345678, c2 = 0x12345678;
    for (unsigned i = 0; i < 32; i++) {
        uint32_t d = 0x9e3779b9u * (i + 1);
        c1 = crc32_word_pmull(c1, d);
        __asm__ volatile("crc32w %w0, %w0, %w1" : "+r"(c2) : "r"(d));
        CHECK_EQ(c1, c2);
    }
}

int main(void)
{
    fp_enable();
    test_aes();
    test_sha1();
    test_sha256();
    test_pmull();
    puts_("crypto: all checks passed\n");
    return 0;
}
