/*
 * The cryptographic extensions (rows in a64_crypto.def): FEAT_AES (AESE, AESD, AESMC, AESIMC),
 * FEAT_SHA1 (SHA1C, SHA1P, SHA1M, SHA1H, SHA1SU0, SHA1SU1), FEAT_SHA256 (SHA256H, SHA256H2,
 * SHA256SU0, SHA256SU1) and the 64-bit PMULL/PMULL2 of FEAT_PMULL. Each follows the Arm ARM
 * pseudocode (DDI 0487 C7.2 and the shared functions AESSubBytes, SHA256hash, SHAchoose ...).
 *
 * The AES state is the 128-bit register read as bytes 0..15, byte i being row i % 4 of column
 * i / 4 (FIPS-197 section 3.4). The S-box tables are FIPS-197 figure 7 and 14.
 */
#include "cpu/exec_simd.h"

static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
    0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
    0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
    0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
    0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
    0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
    0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
    0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
    0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
    0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
    0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
};

static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e, 0x81, 0xf3, 0xd7, 0xfb,
    0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87, 0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb,
    0x54, 0x7b, 0x94, 0x32, 0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49, 0x6d, 0x8b, 0xd1, 0x25,
    0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16, 0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92,
    0x6c, 0x70, 0x48, 0x50, 0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05, 0xb8, 0xb3, 0x45, 0x06,
    0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02, 0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b,
    0x3a, 0x91, 0x11, 0x41, 0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8, 0x1c, 0x75, 0xdf, 0x6e,
    0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89, 0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b,
    0xfc, 0x56, 0x3e, 0x4b, 0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59, 0x27, 0x80, 0xec, 0x5f,
    0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d, 0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef,
    0xa0, 0xe0, 0x3b, 0x4d, 0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63, 0x55, 0x21, 0x0c, 0x7d,
};

struct aes_state {
    uint8_t b[16];
};

static struct aes_state aes_get(const struct vec *v)
{
    struct aes_state s;
    for (unsigned i = 0; i < 16; i++)
        s.b[i] = (uint8_t)elem_get(v, i, 8);
    return s;
}

static struct vec aes_put(const struct aes_state *s)
{
    struct vec v = { { 0, 0 } };
    for (unsigned i = 0; i < 16; i++)
        elem_set(&v, i, 8, s->b[i]);
    return v;
}

/* xtime: multiplication by x in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 */
static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

/* AESE / AESD: AddRoundKey (Vd EOR Vn), then (Inv)ShiftRows and (Inv)SubBytes. Row r of the
 * state rotates left by r columns for ShiftRows, right for InvShiftRows. */
static enum exec_result aes_round(struct cpu_state *cpu, const struct a64_insn *in, bool decrypt)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec d = vec_read(cpu, in->rd), n = vec_read(cpu, in->rn);
    d.d[0] ^= n.d[0];
    d.d[1] ^= n.d[1];
    struct aes_state s = aes_get(&d), t;
    for (unsigned c = 0; c < 4; c++)
        for (unsigned r = 0; r < 4; r++) {
            unsigned from = decrypt ? (c + 4 - r) % 4 : (c + r) % 4;
            uint8_t x = s.b[r + 4 * from];
            t.b[r + 4 * c] = decrypt ? aes_inv_sbox[x] : aes_sbox[x];
        }
    struct vec r = aes_put(&t);
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

enum exec_result exec_aese(struct cpu_state *cpu, const struct a64_insn *in) { return aes_round(cpu, in, false); }
enum exec_result exec_aesd(struct cpu_state *cpu, const struct a64_insn *in) { return aes_round(cpu, in, true); }

/* AESMC / AESIMC: (Inv)MixColumns of Vn into Vd; each column times the fixed polynomial
 * {03}x^3 + {01}x^2 + {01}x + {02}, or its inverse {0b}x^3 + {0d}x^2 + {09}x + {0e}. */
static enum exec_result aes_mix(struct cpu_state *cpu, const struct a64_insn *in, bool inverse)
{
    static const uint8_t fwd[4] = { 2, 3, 1, 1 }, inv[4] = { 14, 11, 13, 9 };
    const uint8_t *k = inverse ? inv : fwd;
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec n = vec_read(cpu, in->rn);
    struct aes_state s = aes_get(&n), t;
    for (unsigned c = 0; c < 4; c++)
        for (unsigned r = 0; r < 4; r++) {
            uint8_t x = 0;
            for (unsigned j = 0; j < 4; j++)
                x ^= gf_mul(k[(j + 4 - r) % 4], s.b[j + 4 * c]);
            t.b[r + 4 * c] = x;
        }
    struct vec r = aes_put(&t);
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

enum exec_result exec_aesmc(struct cpu_state *cpu, const struct a64_insn *in) { return aes_mix(cpu, in, false); }
enum exec_result exec_aesimc(struct cpu_state *cpu, const struct a64_insn *in) { return aes_mix(cpu, in, true); }

/* ---- SHA-1 and SHA-256 ---- */

static uint32_t rol32(uint32_t x, unsigned n) { return n ? (x << n) | (x >> (32 - n)) : x; }
static uint32_t ror32(uint32_t x, unsigned n) { return rol32(x, (32 - n) & 31); }
static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z) { return ((y ^ z) & x) ^ z; }
static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; }
static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | ((x | y) & z); }

static void words_get(const struct vec *v, uint32_t w[4])
{
    for (unsigned i = 0; i < 4; i++)
        w[i] = (uint32_t)elem_get(v, i, 32);
}

static struct vec words_put(const uint32_t w[4])
{
    struct vec v = { { (uint64_t)w[1] << 32 | w[0], (uint64_t)w[3] << 32 | w[2] } };
    return v;
}

/* SHA1C / SHA1P / SHA1M: four rounds on the hash state Qd (a..d) and Sn (e), schedule Vm.4S.
 * After each round <Y, X> = ROL(Y:X, 32). Bits 14:12 select the function (000 C, 001 P, 010 M). */
enum exec_result exec_sha1_hash(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned op = (in->raw >> 12) & 3;
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec xv = vec_read(cpu, in->rd), wv = vec_read(cpu, in->rm);
    uint32_t x[4], w[4], y = (uint32_t)cpu_vr(cpu, in->rn, 4);
    words_get(&xv, x);
    words_get(&wv, w);
    for (unsigned e = 0; e < 4; e++) {
        uint32_t t = op == 0 ? sha_choose(x[1], x[2], x[3]) : op == 1 ? sha_parity(x[1], x[2], x[3])
                                                                     : sha_majority(x[1], x[2], x[3]);
        y = y + rol32(x[0], 5) + t + w[e];
        x[1] = rol32(x[1], 30);
        uint32_t top = x[3];
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = y;
        y = top;
    }
    struct vec r = words_put(x);
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

/* SHA1H: Sd = ROL(Sn, 30). */
enum exec_result exec_sha1h(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_vw(cpu, in->rd, 4, rol32((uint32_t)cpu_vr(cpu, in->rn, 4), 30));
    return EXEC_NEXT;
}

/* SHA1SU0: Vd = (Vn<63:0> : Vd<127:64>) EOR Vd EOR Vm. */
enum exec_result exec_sha1su0(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec d = vec_read(cpu, in->rd), n = vec_read(cpu, in->rn), m = vec_read(cpu, in->rm);
    struct vec r = { { d.d[1] ^ d.d[0] ^ m.d[0], n.d[0] ^ d.d[1] ^ m.d[1] } };
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

/* SHA1SU1: T = Vd EOR LSR(Vn, 32); W0..W2 = ROL(T word, 1), W3 = ROL(T3, 1) EOR ROL(T0, 2). */
enum exec_result exec_sha1su1(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec d = vec_read(cpu, in->rd), n = vec_read(cpu, in->rn);
    uint32_t x[4], y[4], t[4], w[4];
    words_get(&d, x);
    words_get(&n, y);
    for (unsigned i = 0; i < 4; i++)
        t[i] = x[i] ^ (i < 3 ? y[i + 1] : 0);
    for (unsigned i = 0; i < 3; i++)
        w[i] = rol32(t[i], 1);
    w[3] = rol32(t[3], 1) ^ rol32(t[0], 2);
    struct vec r = words_put(w);
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

/* SHA256hash(X, Y, W, part1): four rounds; X holds a..d, Y holds e..h. */
static void sha256_hash(uint32_t x[4], uint32_t y[4], const uint32_t w[4])
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y[0], y[1], y[2]);
        uint32_t maj = sha_majority(x[0], x[1], x[2]);
        uint32_t t = y[3] + (ror32(y[0], 6) ^ ror32(y[0], 11) ^ ror32(y[0], 25)) + chs + w[e];
        x[3] = t + x[3];
        y[3] = t + (ror32(x[0], 2) ^ ror32(x[0], 13) ^ ror32(x[0], 22)) + maj;
        /* <Y, X> = ROL(Y:X, 32) */
        uint32_t ytop = y[3], xtop = x[3];
        y[3] = y[2];
        y[2] = y[1];
        y[1] = y[0];
        y[0] = xtop;
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = ytop;
    }
}

/* SHA256H: Qd = SHA256hash(Qd, Qn, Vm, TRUE); SHA256H2 (bit 12): Qd = SHA256hash(Qn, Qd, Vm,
 * FALSE). */
enum exec_result exec_sha256h(struct cpu_state *cpu, const struct a64_insn *in)
{
    bool part2 = (in->raw >> 12) & 1;
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec d = vec_read(cpu, in->rd), n = vec_read(cpu, in->rn), m = vec_read(cpu, in->rm);
    uint32_t x[4], y[4], w[4];
    words_get(part2 ? &n : &d, x);
    words_get(part2 ? &d : &n, y);
    words_get(&m, w);
    sha256_hash(x, y, w);
    struct vec r = words_put(part2 ? y : x);
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

static uint32_t sha256_s0(uint32_t x) { return ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3); }
static uint32_t sha256_s1(uint32_t x) { return ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10); }

/* SHA256SU0: T = Vn<31:0> : Vd<127:32>; Vd.S[e] += sigma0(T.S[e]). */
enum exec_result exec_sha256su0(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec d = vec_read(cpu, in->rd), n = vec_read(cpu, in->rn);
    uint32_t x[4], y[4], r[4];
    words_get(&d, x);
    words_get(&n, y);
    for (unsigned e = 0; e < 4; e++)
        r[e] = sha256_s0(e < 3 ? x[e + 1] : y[0]) + x[e];
    struct vec v = words_put(r);
    vec_write(cpu, in->rd, v, 1);
    return EXEC_NEXT;
}

/* SHA256SU1: T0 = Vm<31:0> : Vn<127:32>, T1 = Vm<127:64>; the upper two results use the lower
 * two just computed. */
enum exec_result exec_sha256su1(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec d = vec_read(cpu, in->rd), n = vec_read(cpu, in->rn), m = vec_read(cpu, in->rm);
    uint32_t x[4], y[4], z[4], t0[4], r[4];
    words_get(&d, x);
    words_get(&n, y);
    words_get(&m, z);
    for (unsigned e = 0; e < 4; e++)
        t0[e] = e < 3 ? y[e + 1] : z[0];
    for (unsigned e = 0; e < 4; e++)
        r[e] = sha256_s1(e < 2 ? z[e + 2] : r[e - 2]) + x[e] + t0[e];
    struct vec v = words_put(r);
    vec_write(cpu, in->rd, v, 1);
    return EXEC_NEXT;
}

/* PMULL / PMULL2 (64-bit, FEAT_PMULL): the 128-bit carry-less product of Vn.D[Q] and Vm.D[Q]. */
enum exec_result exec_pmull64(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    uint64_t a = cpu->vreg[in->rn][in->q], b = cpu->vreg[in->rm][in->q], lo = 0, hi = 0;
    for (unsigned i = 0; i < 64; i++)
        if ((b >> i) & 1) {
            lo ^= a << i;
            hi ^= i ? a >> (64 - i) : 0;
        }
    cpu_vw128(cpu, in->rd, lo, hi);
    return EXEC_NEXT;
}
