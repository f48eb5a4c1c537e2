/*
 * Advanced SIMD three-same integer instructions, vector and scalar (src/cpu/exec_simd_arith.c,
 * rows in src/decode/a64_simd.def). Every expected value is worked out by hand from the Arm ARM
 * pseudocode (DDI 0487 C7.2): the saturating forms at both limits with FPSR.QC, the rounding
 * and halving forms at the carries, the register shifts with negative, zero and out-of-range
 * shift counts, the doubling multiplies at INT_MIN, the reserved encodings.
 */
#include "simd_harness.h"

#include "cpu/cpu_internal.h"

static void test_exec_simd_arith_sqadd_uqadd_saturate_with_qc(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* 0x7f + 1 = 128 -> 0x7f; -128 + -1 = -129 -> 0x80; 1 + 2 = 3; -1 + -1 = -2 */
    set_v(&h, 1, B8(0x7f, 0x80, 0x01, 0xff, 0, 0, 0, 0), 0);
    set_v(&h, 2, B8(0x01, 0xff, 0x02, 0xff, 0, 0, 0, 0), 0);
    assert_true(run1_qc(&h, 0x4e220c20u /* sqadd v0.16b, v1.16b, v2.16b */));
    expect_v(&h, 0, B8(0x7f, 0x80, 0x03, 0xfe, 0, 0, 0, 0), 0);
    /* no lane saturates: QC stays clear */
    set_v(&h, 1, B8(0x7e, 0x81, 0, 0, 0, 0, 0, 0), 0);
    set_v(&h, 2, B8(0x01, 0xff, 0, 0, 0, 0, 0, 0), 0);
    assert_false(run1_qc(&h, 0x4e220c20u /* sqadd v0.16b, v1.16b, v2.16b */));
    expect_v(&h, 0, B8(0x7f, 0x80, 0, 0, 0, 0, 0, 0), 0);
    /* QC is sticky: a non-saturating instruction leaves it set */
    h.cpu->fpsr = QC;
    run1(&h, 0x4e220c20u /* sqadd v0.16b, v1.16b, v2.16b */);
    assert_int_equal(h.cpu->fpsr, QC);
    /* unsigned 64-bit: ~0 + 1 -> ~0 (QC); 5 + 6 = 11 */
    set_v(&h, 1, ~0ull, 5);
    set_v(&h, 2, 1, 6);
    assert_true(run1_qc(&h, 0x6ee20c20u /* uqadd v0.2d, v1.2d, v2.2d */));
    expect_v(&h, 0, ~0ull, 11);
    /* uqsub: 5 - 6 -> 0 (QC); 7 - 6 = 1 */
    set_v(&h, 1, 5, 7);
    set_v(&h, 2, 6, 6);
    assert_true(run1_qc(&h, 0x6ee22c20u /* uqsub v0.2d, v1.2d, v2.2d */));
    expect_v(&h, 0, 0, 1);
    /* sqsub 64-bit scalar: INT64_MIN - 1 -> INT64_MIN (QC), the rest of V0 zeroed */
    set_v(&h, 0, JUNK, JUNK);
    set_v(&h, 1, 0x8000000000000000ull, JUNK);
    set_v(&h, 2, 1, JUNK);
    assert_true(run1_qc(&h, 0x5ee22c20u /* sqsub d0, d1, d2 */));
    expect_v(&h, 0, 0x8000000000000000ull, 0);
    /* sqadd on H scalars: 0x7fff + 0x7fff -> 0x7fff (QC) */
    set_v(&h, 1, 0x12347fff, 0);
    set_v(&h, 2, 0x56787fff, 0);
    assert_true(run1_qc(&h, 0x5e620c20u /* sqadd h0, h1, h2 */));
    expect_v(&h, 0, 0x7fff, 0);
    h_free(&h);
}

static void test_exec_simd_arith_halving_and_rounding_halving(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, B8(0x7f, 0x80, 0x80, 0xff, 0x00, 0x80, 0, 0), 0);
    set_v(&h, 2, B8(0x7f, 0x80, 0x7f, 0xff, 0x01, 0x7f, 0, 0), 0);
    /* shadd: (127+127)>>1 = 127; (-256)>>1 = -128; (-1)>>1 = -1 (floor); (-2)>>1 = -1; (1)>>1 = 0;
     * (-128+127)>>1 = -1 */
    run1(&h, 0x0e220420u /* shadd v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x7f, 0x80, 0xff, 0xff, 0x00, 0xff, 0, 0), 0);
    /* uhadd: 254>>1 = 127; 256>>1 = 128; 255>>1 = 127; 510>>1 = 255; 1>>1 = 0; 255>>1 = 127 */
    run1(&h, 0x2e220420u /* uhadd v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x7f, 0x80, 0x7f, 0xff, 0x00, 0x7f, 0, 0), 0);
    /* srhadd: (254+1)>>1 = 127; (-255)>>1 = -128; (0)>>1 = 0; (-1)>>1 = -1; (2)>>1 = 1; 0 */
    run1(&h, 0x0e221420u /* srhadd v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x7f, 0x80, 0x00, 0xff, 0x01, 0x00, 0, 0), 0);
    /* urhadd: 255>>1 = 127; 257>>1 = 128; 256>>1 = 128; 511>>1 = 255; 2>>1 = 1; 256>>1 = 128 */
    run1(&h, 0x2e221420u /* urhadd v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x7f, 0x80, 0x80, 0xff, 0x01, 0x80, 0, 0), 0);
    /* shsub: 0; 0; (-128-127)>>1 = -128; 0; (0-1)>>1 = -1; (-255)>>1 = -128 */
    run1(&h, 0x0e222420u /* shsub v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x00, 0x00, 0x80, 0x00, 0xff, 0x80, 0, 0), 0);
    /* uhsub: 0; 0; 1>>1 = 0; 0; (0-1)>>1 = -1 -> 0xff; 1>>1 = 0 */
    run1(&h, 0x2e222420u /* uhsub v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x00, 0x00, 0x00, 0x00, 0xff, 0x00, 0, 0), 0);
    h_free(&h);
}

static void test_exec_simd_arith_compare_signed_and_unsigned(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(0x8000, 0x7fff, 0x1234, 0x00f0), JUNK);
    set_v(&h, 2, H4(0x7fff, 0x8000, 0x1234, 0x000f), JUNK);
    run1(&h, 0x0e623420u /* cmgt v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(0, 0xffff, 0, 0xffff), 0);
    run1(&h, 0x2e623420u /* cmhi v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(0xffff, 0, 0, 0xffff), 0);
    run1(&h, 0x0e623c20u /* cmge v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(0, 0xffff, 0xffff, 0xffff), 0);
    run1(&h, 0x2e623c20u /* cmhs v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(0xffff, 0, 0xffff, 0xffff), 0);
    run1(&h, 0x2e628c20u /* cmeq v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(0, 0, 0xffff, 0), 0);
    run1(&h, 0x0e628c20u /* cmtst v0.4h, v1.4h, v2.4h */); /* 0x8000&0x7fff = 0; 0x1234&0x1234; 0xf0&0x0f = 0 */
    expect_v(&h, 0, H4(0, 0, 0xffff, 0), 0);
    /* D scalar: signed -1 > 0 is false, unsigned it is true */
    set_v(&h, 1, ~0ull, JUNK);
    set_v(&h, 2, 0, JUNK);
    run1(&h, 0x5ee23420u /* cmgt d0, d1, d2 */);
    expect_v(&h, 0, 0, 0);
    run1(&h, 0x7ee23420u /* cmhi d0, d1, d2 */);
    expect_v(&h, 0, ~0ull, 0);
    h_free(&h);
}

static void test_exec_simd_arith_shift_by_register(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* SSHL: the shift is the signed low byte of each Vm element; -64 is an arithmetic shift
     * that leaves only the sign, +64 shifts everything out. */
    set_v(&h, 1, 0x8000000000000000ull, 1);
    set_v(&h, 2, 0xffffffffffffffc0ull /* -64 */, 0x1234567890abcd40ull /* low byte 64 */);
    run1(&h, 0x4ee24420u /* sshl v0.2d, v1.2d, v2.2d */);
    expect_v(&h, 0, ~0ull, 0);
    /* USHL: -63 brings the top bit down to bit 0; 127 clears */
    set_v(&h, 2, 0xc1 /* -63 */, 0x7f);
    run1(&h, 0x6ee24420u /* ushl v0.2d, v1.2d, v2.2d */);
    expect_v(&h, 0, 1, 0);
    /* SRSHL .4S: 5 >> 1 rounded = 3; -5 >> 1 rounded = (-5 + 1) >> 1 = -2; 0x7fffffff >> 31
     * rounded = (2^31 - 1 + 2^30) >> 31 = 1; 1 << 31 = 0x80000000 (no saturation) */
    set_v(&h, 1, S2(5, 0xfffffffb), S2(0x7fffffff, 1));
    set_v(&h, 2, S2(0xff, 0xff), S2(0xe1 /* -31 */, 31));
    run1(&h, 0x4ea25420u /* srshl v0.4s, v1.4s, v2.4s */);
    expect_v(&h, 0, S2(3, 0xfffffffe), S2(1, 0x80000000));
    /* URSHL .4S by -32: (0xffffffff + 2^31) >> 32 = 1 and (0x7fffffff + 2^31) >> 32 = 0;
     * by -1: (0xffffffff + 1) >> 1 = 0x80000000; by 0: unchanged */
    set_v(&h, 1, S2(0xffffffff, 0x7fffffff), S2(0xffffffff, 0x12345678));
    set_v(&h, 2, S2(0xe0, 0xe0), S2(0xff, 0));
    run1(&h, 0x6ea25420u /* urshl v0.4s, v1.4s, v2.4s */);
    expect_v(&h, 0, S2(1, 0), S2(0x80000000, 0x12345678));
    h_free(&h);
}

static void test_exec_simd_arith_saturating_shift_by_register(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* SQSHL .8H: 0x4000 << 1 = 32768 -> 0x7fff; -16384 << 1 = -32768 fits; -16385 << 1 ->
     * 0x8000; 1 << 15 -> 0x7fff; then 0 << 127 = 0; -1 >> 128 = -1; 0x1234 >> 4; 3 << 127 -> max */
    set_v(&h, 1, H4(0x4000, 0xc000, 0xbfff, 0x0001), H4(0x0000, 0xffff, 0x1234, 0x0003));
    set_v(&h, 2, H4(1, 1, 1, 15), H4(0x7f, 0x80, 0xfc, 0x7f));
    assert_true(run1_qc(&h, 0x4e624c20u /* sqshl v0.8h, v1.8h, v2.8h */));
    expect_v(&h, 0, H4(0x7fff, 0x8000, 0x8000, 0x7fff), H4(0, 0xffff, 0x0123, 0x7fff));
    /* only the in-range lanes: no QC */
    set_v(&h, 1, H4(0xc000, 0x1234, 0, 0), 0);
    set_v(&h, 2, H4(1, 0xfc, 0x7f, 0x80), 0);
    assert_false(run1_qc(&h, 0x4e624c20u /* sqshl v0.8h, v1.8h, v2.8h */));
    expect_v(&h, 0, H4(0x8000, 0x0123, 0, 0), 0);
    /* UQRSHL .4H: (0xffff + 1) >> 1 = 0x8000; 0x8000 << 1 -> 0xffff (QC); 1 << 15 = 0x8000;
     * 0xffff >> 16 rounded = (0xffff + 0x8000) >> 16 = 1 */
    set_v(&h, 1, H4(0xffff, 0x8000, 0x0001, 0xffff), JUNK);
    set_v(&h, 2, H4(0xff, 1, 15, 0xf0), JUNK);
    assert_true(run1_qc(&h, 0x2e625c20u /* uqrshl v0.4h, v1.4h, v2.4h */));
    expect_v(&h, 0, H4(0x8000, 0xffff, 0x8000, 1), 0);
    /* SQRSHL S scalar: 0x40000000 << 1 -> 0x7fffffff (QC) */
    set_v(&h, 1, 0x40000000, 0);
    set_v(&h, 2, 1, 0);
    assert_true(run1_qc(&h, 0x5ea25c20u /* sqrshl s0, s1, s2 */));
    expect_v(&h, 0, 0x7fffffff, 0);
    /* UQSHL D scalar: 1 << 64 saturates; the shift byte is SInt(0x40) = 64 */
    set_v(&h, 1, 1, 0);
    set_v(&h, 2, 0x40, 0);
    assert_true(run1_qc(&h, 0x7ee24c20u /* uqshl d0, d1, d2 */));
    expect_v(&h, 0, ~0ull, 0);
    h_free(&h);
}

static void test_exec_simd_arith_doubling_multiply_high(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* SQDMULH .4H: -32768 * -32768 * 2 = 2^31, >> 16 = 2^15 -> 0x7fff (QC);
     * 0x4000^2 * 2 = 2^29 >> 16 = 0x2000; 1 * 0x4000 * 2 = 32768 >> 16 = 0;
     * -1 * 1 * 2 = -2 >> 16 = -1 (floor) */
    set_v(&h, 1, H4(0x8000, 0x4000, 0x0001, 0xffff), 0);
    set_v(&h, 2, H4(0x8000, 0x4000, 0x4000, 0x0001), 0);
    assert_true(run1_qc(&h, 0x0e62b420u /* sqdmulh v0.4h, v1.4h, v2.4h */));
    expect_v(&h, 0, H4(0x7fff, 0x2000, 0x0000, 0xffff), 0);
    /* SQRDMULH adds 2^15 before the shift: 32768 + 32768 = 1; -2 + 32768 >> 16 = 0 */
    assert_true(run1_qc(&h, 0x2e62b420u /* sqrdmulh v0.4h, v1.4h, v2.4h */));
    expect_v(&h, 0, H4(0x7fff, 0x2000, 0x0001, 0x0000), 0);
    /* 32-bit: INT32_MIN^2 * 2 = 2^63 -> 0x7fffffff; 0x7fffffff^2*2 >> 32 = 0x7ffffffe */
    set_v(&h, 1, S2(0x80000000, 0x7fffffff), 0);
    set_v(&h, 2, S2(0x80000000, 0x7fffffff), 0);
    assert_true(run1_qc(&h, 0x0ea2b420u /* sqdmulh v0.2s, v1.2s, v2.2s */));
    expect_v(&h, 0, S2(0x7fffffff, 0x7ffffffe), 0);
    /* scalar S form */
    set_v(&h, 1, 0x80000000, 0);
    set_v(&h, 2, 0x80000000, 0);
    assert_true(run1_qc(&h, 0x7ea2b420u /* sqrdmulh s0, s1, s2 */));
    expect_v(&h, 0, 0x7fffffff, 0);
    /* B and D sizes are reserved */
    run1_fault(&h, 0x4e22b420 /* sqdmulh with size 00 */, ESR_UNDEF);
    h_free(&h);
}

static void test_exec_simd_arith_multiply_accumulate_and_polynomial(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* MUL keeps the low half: 0xffff^2 = 0xfffe0001 -> 1; 0x100^2 -> 0 */
    set_v(&h, 1, H4(0xffff, 0x0100, 3, 7), 0);
    set_v(&h, 2, H4(0xffff, 0x0100, 4, 7), 0);
    run1(&h, 0x0e629c20u /* mul v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(1, 0, 12, 49), 0);
    /* MLA / MLS: d + a*b, d - a*b */
    set_v(&h, 0, H4(0, 1, 5, 5), JUNK);
    run1(&h, 0x0e629420u /* mla v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(1, 1, 17, 54), 0);
    set_v(&h, 0, H4(0, 1, 5, 0), JUNK);
    run1(&h, 0x2e629420u /* mls v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(0xffff, 1, 0xfff9, 0xffcf), 0);
    /* PMUL: 0xff * 0xff = 0x5555 -> 0x55; 3 * 3 = 5; 0x80 * 2 = 0x100 -> 0; 0x0f * 0x0f = 0x55 */
    set_v(&h, 1, B8(0xff, 3, 0x80, 0x0f, 0, 0, 0, 0), B8(1, 0, 0, 0, 0, 0, 0, 0x81));
    set_v(&h, 2, B8(0xff, 3, 0x02, 0x0f, 9, 0, 0, 0), B8(0xff, 0, 0, 0, 0, 0, 0, 0x02));
    run1(&h, 0x6e229c20u /* pmul v0.16b, v1.16b, v2.16b */);
    expect_v(&h, 0, B8(0x55, 5, 0, 0x55, 0, 0, 0, 0), B8(0xff, 0, 0, 0, 0, 0, 0, 0x02));
    h_free(&h);
}

static void test_exec_simd_arith_abd_minmax(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, B8(0x80, 0x00, 5, 0xff, 0, 0, 0, 0), 0);
    set_v(&h, 2, B8(0x7f, 0xff, 9, 0x01, 0, 0, 0, 0), 0);
    run1(&h, 0x0e227420u /* sabd v0.8b, v1.8b, v2.8b */); /* |-128-127| = 255; |0+1| = 1; 4; |-1-1| = 2 */
    expect_v(&h, 0, B8(0xff, 1, 4, 2, 0, 0, 0, 0), 0);
    run1(&h, 0x2e227420u /* uabd v0.8b, v1.8b, v2.8b */); /* 1; 255; 4; 254 */
    expect_v(&h, 0, B8(1, 0xff, 4, 0xfe, 0, 0, 0, 0), 0);
    set_v(&h, 0, B8(1, 1, 1, 1, 7, 0, 0, 0), JUNK);
    run1(&h, 0x0e227c20u /* saba v0.8b, v1.8b, v2.8b */); /* 1 + 255 wraps to 0 */
    expect_v(&h, 0, B8(0, 2, 5, 3, 7, 0, 0, 0), 0);
    run1(&h, 0x0e226420u /* smax v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x7f, 0x00, 9, 0x01, 0, 0, 0, 0), 0);
    run1(&h, 0x2e226c20u /* umin v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x7f, 0x00, 5, 0x01, 0, 0, 0, 0), 0);
    h_free(&h);
}

static void test_exec_simd_arith_pairwise(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* ADDP: the pairs of Vn, then the pairs of Vm */
    set_v(&h, 1, S2(1, 2), S2(3, 0xffffffff));
    set_v(&h, 2, S2(10, 20), S2(30, 40));
    run1(&h, 0x4ea2bc20u /* addp v0.4s, v1.4s, v2.4s */);
    expect_v(&h, 0, S2(3, 2), S2(30, 70));
    /* 64-bit arrangement: .8B pairs from the low halves only */
    set_v(&h, 1, B8(0x80, 0x7f, 3, 4, 5, 6, 0xff, 0), JUNK);
    set_v(&h, 2, B8(1, 2, 3, 4, 5, 6, 7, 8), JUNK);
    run1(&h, 0x0e22ac20u /* sminp v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x80, 3, 5, 0xff, 1, 3, 5, 7), 0);
    run1(&h, 0x2e22a420u /* umaxp v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, B8(0x80, 4, 6, 0xff, 2, 4, 6, 8), 0);
    /* ADDP (scalar): D[0] + D[1], wrapping */
    set_v(&h, 1, ~0ull, 2);
    run1(&h, 0x5ef1b820u /* addp d0, v1.2d */);
    expect_v(&h, 0, 1, 0);
    h_free(&h);
}

static void test_exec_simd_arith_bitwise(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    const uint64_t n = 0xff00ff00ff00ff00ull, m = 0xf0f0f0f0f0f0f0f0ull, d = 0xccccccccccccccccull;
    set_v(&h, 1, n, n);
    set_v(&h, 2, m, m);
    static const struct {
        uint32_t insn;
        uint64_t want;
    } cases[] = {
        { 0x4e221c20u /* and v0.16b, v1.16b, v2.16b */, 0xf000f000f000f000ull },
        { 0x4e621c20u /* bic v0.16b, v1.16b, v2.16b */, 0x0f000f000f000f00ull },
        { 0x4ea21c20u /* orr v0.16b, v1.16b, v2.16b */, 0xfff0fff0fff0fff0ull },
        { 0x4ee21c20u /* orn v0.16b, v1.16b, v2.16b */, 0xff0fff0fff0fff0full },
        { 0x6e221c20u /* eor v0.16b, v1.16b, v2.16b */, 0x0ff00ff00ff00ff0ull },
        /* BSL: Vd selects, 1 -> Vn, 0 -> Vm: (n & d) | (m & ~d) */
        { 0x6e621c20u /* bsl v0.16b, v1.16b, v2.16b */, 0xfc30fc30fc30fc30ull },
        /* BIT: Vn where Vm is 1: (d & ~m) | (n & m) */
        { 0x6ea21c20u /* bit v0.16b, v1.16b, v2.16b */, 0xfc0cfc0cfc0cfc0cull },
        /* BIF: Vn where Vm is 0: (d & m) | (n & ~m) */
        { 0x6ee21c20u /* bif v0.16b, v1.16b, v2.16b */, 0xcfc0cfc0cfc0cfc0ull },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_v(&h, 0, d, d);
        run1(&h, cases[i].insn);
        expect_v(&h, 0, cases[i].want, cases[i].want);
    }
    /* the 8B form writes 64 bits and zeroes the rest */
    set_v(&h, 0, d, d);
    run1(&h, 0x2e221c20u /* eor v0.8b, v1.8b, v2.8b */);
    expect_v(&h, 0, 0x0ff00ff00ff00ff0ull, 0);
    h_free(&h);
}

static void test_exec_simd_arith_scalar_d_forms(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, 0x8000000000000000ull, JUNK);
    set_v(&h, 2, 0x8000000000000000ull, JUNK);
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x5ee28420u /* add d0, d1, d2 */);
    expect_v(&h, 0, 0, 0);
    run1(&h, 0x7ee28420u /* sub d0, d1, d2 */);
    expect_v(&h, 0, 0, 0);
    run1(&h, 0x7ee28c20u /* cmeq d0, d1, d2 */);
    expect_v(&h, 0, ~0ull, 0);
    run1(&h, 0x5ee28c20u /* cmtst d0, d1, d2 */);
    expect_v(&h, 0, ~0ull, 0);
    set_v(&h, 2, 0xffffffffffffff01ull /* only the low byte counts: SInt(0x01) = 1 */, 0);
    run1(&h, 0x5ee24420u /* sshl d0, d1, d2 */); /* the top bit shifted out */
    expect_v(&h, 0, 0, 0);
    h_free(&h);
}

static void test_exec_simd_arith_reserved_encodings_are_undefined(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 0, JUNK, JUNK);
    run1_fault(&h, 0x0ee28420 /* add v0.1d, v1.1d, v2.1d: size:Q = 110 */, ESR_UNDEF);
    run1_fault(&h, 0x4ee20420 /* shadd with size 11 */, ESR_UNDEF);
    run1_fault(&h, 0x5ea28420 /* add s0, s1, s2: the scalar ADD is D only */, ESR_UNDEF);
    run1_fault(&h, 0x6e629c20 /* pmul with size 01 */, ESR_UNDEF);
    expect_v(&h, 0, JUNK, JUNK);
    h_free(&h);
}

static void test_exec_simd_arith_fp_access_trap(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    h.cpu->sr.cpacr_el1 = 0; /* FPEN = 00: EL1 accesses trap */
    set_v(&h, 0, JUNK, JUNK);
    run1_fault(&h, 0x4e228420u /* add v0.16b, v1.16b, v2.16b */, ESR_FP_TRAP);
    expect_v(&h, 0, JUNK, JUNK);
    /* without FEAT_AdvSIMD in the profile the encoding is unallocated */
    h.cpu->sr.cpacr_el1 = 3ull << 20;
    h.cpu->features &= ~(1u << FEAT_ADVSIMD);
    icache_flush(h.ic);
    run1_fault(&h, 0x4e228420u /* add v0.16b, v1.16b, v2.16b */, ESR_UNDEF);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_arith_sqadd_uqadd_saturate_with_qc),
        cmocka_unit_test(test_exec_simd_arith_halving_and_rounding_halving),
        cmocka_unit_test(test_exec_simd_arith_compare_signed_and_unsigned),
        cmocka_unit_test(test_exec_simd_arith_shift_by_register),
        cmocka_unit_test(test_exec_simd_arith_saturating_shift_by_register),
        cmocka_unit_test(test_exec_simd_arith_doubling_multiply_high),
        cmocka_unit_test(test_exec_simd_arith_multiply_accumulate_and_polynomial),
        cmocka_unit_test(test_exec_simd_arith_abd_minmax),
        cmocka_unit_test(test_exec_simd_arith_pairwise),
        cmocka_unit_test(test_exec_simd_arith_bitwise),
        cmocka_unit_test(test_exec_simd_arith_scalar_d_forms),
        cmocka_unit_test(test_exec_simd_arith_reserved_encodings_are_undefined),
        cmocka_unit_test(test_exec_simd_arith_fp_access_trap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
