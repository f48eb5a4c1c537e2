/*
 * The cryptographic extensions (src/cpu/exec_crypto.c): AESE/AESD/AESMC/AESIMC against the
 * round-1 states of FIPS-197 appendix B (input 3243f6a8..., key 2b7e1516...), SHA1H, SHA1SU0,
 * SHA1SU1, SHA256SU0 and SHA256SU1 on values worked out by hand from the Arm ARM pseudocode,
 * PMULL2 (64-bit), and the per-feature gating. Whole SHA-1/SHA-256 blocks and AES-128 are
 * checked against FIPS known answers by roms/crypto.
 *
 * Vectors are given as the byte strings of FIPS-197 (byte 0 first).
 */
#include "simd_harness.h"

#include "cpu/cpu_internal.h"

#include <stdio.h>

/* The 128-bit value of the byte string b[0..15] (b[0] in bits 7:0), as two halves. */
static void parse_bytes(const char *hex, uint64_t half[2])
{
    half[0] = half[1] = 0;
    for (unsigned i = 0; i < 16; i++) {
        unsigned v;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        half[i / 8] |= (uint64_t)v << (8 * (i % 8));
    }
}

static void set_bytes(struct harness *h, unsigned r, const char *hex)
{
    uint64_t half[2];
    parse_bytes(hex, half);
    set_v(h, r, half[0], half[1]);
}

static void expect_bytes(struct harness *h, unsigned r, const char *hex)
{
    uint64_t half[2];
    parse_bytes(hex, half);
    expect_v(h, r, half[0], half[1]);
}

#define INPUT "3243f6a8885a308d313198a2e0370734"
#define KEY0 "2b7e151628aed2a6abf7158809cf4f3c"
#define START_R1 "193de3bea0f4e22b9ac68d2ae9f84808"  /* input XOR key 0 */
#define AFTER_SR "d4bf5d30e0b452aeb84111f11e2798e5"  /* after SubBytes and ShiftRows */
#define AFTER_MC "046681e5e0cb199a48f8d37a2806264c"  /* after MixColumns */

static void test_exec_crypto_aes_round_fips197(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* AESE = AddRoundKey, then SubBytes and ShiftRows */
    set_bytes(&h, 0, INPUT);
    set_bytes(&h, 1, KEY0);
    run1(&h, 0x4e284820u /* aese v0.16b, v1.16b */);
    expect_bytes(&h, 0, AFTER_SR);
    run1(&h, 0x4e286802u /* aesmc v2.16b, v0.16b */);
    expect_bytes(&h, 2, AFTER_MC);
    /* inverses: AESIMC undoes MixColumns, AESD with a zero key undoes ShiftRows/SubBytes */
    run1(&h, 0x4e287843u /* aesimc v3.16b, v2.16b */);
    expect_bytes(&h, 3, AFTER_SR);
    set_v(&h, 4, 0, 0);
    run1(&h, 0x4e285883u /* aesd v3.16b, v4.16b */);
    expect_bytes(&h, 3, START_R1);
    h_free(&h);
}

static void test_exec_crypto_sha_helpers(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* SHA1H: ROL(x, 30) */
    set_v(&h, 1, 0xffffffff80000001ull, JUNK);
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x5e280820u /* sha1h s0, s1 */);
    expect_v(&h, 0, 0x60000000, 0);
    /* SHA1SU0: (Vn<63:0> : Vd<127:64>) ^ Vd ^ Vm = [d2^d0, d3^d1, n0^d2, n1^d3] ^ m */
    set_v(&h, 0, S2(1, 2), S2(3, 4));
    set_v(&h, 1, S2(5, 6), S2(7, 8));
    set_v(&h, 2, S2(0, 0x100), 0);
    run1(&h, 0x5e023020u /* sha1su0 v0.4s, v1.4s, v2.4s */);
    expect_v(&h, 0, S2(2, 0x106), S2(6, 2));
    /* SHA1SU1: T = Vd ^ (Vn >> 32); W0..2 = ROL(T, 1); W3 = ROL(T3, 1) ^ ROL(T0, 2) */
    set_v(&h, 0, S2(1, 2), S2(3, 4));
    set_v(&h, 1, S2(0xffffffff, 0x80000000), 0);
    run1(&h, 0x5e281820u /* sha1su1 v0.4s, v1.4s */);
    expect_v(&h, 0, S2(3, 4), S2(6, 0xe));
    /* SHA256SU0: T = Vn<31:0> : Vd<127:32>; Vd.S[e] += sigma0(T.S[e]),
     * sigma0(x) = ROR(x, 7) ^ ROR(x, 18) ^ (x >> 3); sigma0(1) = 0x02004000, sigma0(8) = 0x10000000 ^ 0x00020000 ^ 1 */
    set_v(&h, 0, S2(5, 1), S2(0, 0));
    set_v(&h, 1, S2(8, 0), 0);
    run1(&h, 0x5e282820u /* sha256su0 v0.4s, v1.4s */);
    expect_v(&h, 0, S2(0x02004005, 1), S2(0, 0x10020001));
    /* SHA256SU1 with only Vm.S[2] = 1: sigma1(1) = ROR(1,17) ^ ROR(1,19) = 0x0000a000 into S[0],
     * then S[2] = sigma1(0x0000a000) = 0x50000000 ^ 0x14000000 ^ 0x28 */
    set_v(&h, 0, 0, 0);
    set_v(&h, 1, 0, 0);
    set_v(&h, 2, 0, S2(1, 0));
    run1(&h, 0x5e026020u /* sha256su1 v0.4s, v1.4s, v2.4s */);
    expect_v(&h, 0, S2(0x0000a000, 0), S2(0x44000028, 0));
    h_free(&h);
}

static void test_exec_crypto_pmull_64(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* x^63 * (x^63 + 1) = x^126 + x^63 */
    set_v(&h, 1, 3, 0x8000000000000000ull);
    set_v(&h, 2, 5, 0x8000000000000001ull);
    run1(&h, 0x4ee2e020u /* pmull2 v0.1q, v1.2d, v2.2d */);
    expect_v(&h, 0, 0x8000000000000000ull, 0x4000000000000000ull);
    run1(&h, 0x0ee2e020u /* pmull v0.1q, v1.1d, v2.1d */); /* 0b11 * 0b101 = 0b1111 */
    expect_v(&h, 0, 15, 0);
    h_free(&h);
}

static void test_exec_crypto_each_feature_gates_its_rows(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    h.cpu->features &= ~(1u << FEAT_AES | 1u << FEAT_PMULL | 1u << FEAT_SHA1 | 1u << FEAT_SHA256);
    icache_flush(h.ic);
    run1_fault(&h, 0x4e284820u /* aese v0.16b, v1.16b */, ESR_UNDEF);
    run1_fault(&h, 0x0ee2e020u /* pmull v0.1q, v1.1d, v2.1d */, ESR_UNDEF);
    run1_fault(&h, 0x5e280820u /* sha1h s0, s1 */, ESR_UNDEF);
    run1_fault(&h, 0x5e024020u /* sha256h q0, q1, v2.4s */, ESR_UNDEF);
    /* the 8-bit PMULL is plain Advanced SIMD */
    run1(&h, 0x0e22e020u /* pmull v0.8h, v1.8b, v2.8b */);
    /* and the FP access trap applies to the crypto rows too */
    h.cpu->features |= 1u << FEAT_AES;
    icache_flush(h.ic);
    h.cpu->sr.cpacr_el1 = 0;
    run1_fault(&h, 0x4e284820u /* aese v0.16b, v1.16b */, ESR_FP_TRAP);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_crypto_aes_round_fips197),
        cmocka_unit_test(test_exec_crypto_sha_helpers),
        cmocka_unit_test(test_exec_crypto_pmull_64),
        cmocka_unit_test(test_exec_crypto_each_feature_gates_its_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
