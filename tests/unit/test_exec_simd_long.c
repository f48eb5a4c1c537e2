/*
 * Advanced SIMD three-different (long, wide, narrow-high) and by-element integer instructions,
 * vector and scalar (src/cpu/exec_simd_long.c). Expected values worked out by hand from the Arm
 * ARM pseudocode, in particular the double saturation of SQDMLAL/SQDMLSL (the doubled product
 * saturates before the accumulation, which saturates again) and the element-index and Rm
 * decoding of the by-element forms (H:L:M with Rm limited to V0-V15 for 16-bit elements).
 */
#include "simd_harness.h"

#include "cpu/cpu_internal.h"

static void test_exec_simd_long_add_sub_long_and_wide(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, B8(0x80, 0xff, 0x7f, 0x01, 0, 0, 0, 0), B8(0xff, 0, 0, 0, 0, 0, 0, 0x10));
    set_v(&h, 2, B8(0x80, 0xff, 0x01, 0x02, 0, 0, 0, 0), B8(0xff, 0, 0, 0, 0, 0, 0, 0x20));
    run1(&h, 0x0e220020u /* saddl v0.8h, v1.8b, v2.8b */); /* -256, -2, 128, 3 */
    expect_v(&h, 0, H4(0xff00, 0xfffe, 0x0080, 0x0003), 0);
    run1(&h, 0x2e220020u /* uaddl v0.8h, v1.8b, v2.8b */);
    expect_v(&h, 0, H4(0x0100, 0x01fe, 0x0080, 0x0003), 0);
    run1(&h, 0x6e222020u /* usubl2 v0.8h, v1.16b, v2.16b */); /* upper halves: 0, ..., 0x10 - 0x20 */
    expect_v(&h, 0, 0, H4(0, 0, 0, 0xfff0));
    run1(&h, 0x0e222020u /* ssubl v0.8h, v1.8b, v2.8b */); /* 0, 0, 126, -1 */
    expect_v(&h, 0, H4(0, 0, 0x007e, 0xffff), 0);
    /* wide: Vn already long */
    set_v(&h, 1, S2(0xffffffff, 5), JUNK);
    set_v(&h, 2, H4(0x8000, 0xffff, 0, 0), JUNK);
    run1(&h, 0x0e621020u /* saddw v0.4s, v1.4s, v2.4h */); /* -1 + -32768; 5 + -1 (lanes 2, 3 of v1 are JUNK) */
    assert_int_equal(h.cpu->vreg[0][0], S2(0xffff7fff, 4));
    run1(&h, 0x2e621020u /* uaddw v0.4s, v1.4s, v2.4h */);
    assert_int_equal(h.cpu->vreg[0][0], S2(0x00007fff, 0x10004));
    h_free(&h);
}

static void test_exec_simd_long_narrow_high(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(0x80ff, 0x007f, 0xffff, 0x7f80), 0);
    set_v(&h, 2, H4(0x0001, 0x0001, 0x0001, 0x0080), 0);
    run1(&h, 0x0e224020u /* addhn v0.8b, v1.8h, v2.8h */); /* high bytes of 0x8100, 0x0080, 0x0000, 0x8000 */
    expect_v(&h, 0, B8(0x81, 0x00, 0x00, 0x80, 0, 0, 0, 0), 0);
    run1(&h, 0x2e224020u /* raddhn v0.8b, v1.8h, v2.8h */); /* + 0x80 first: 0x8180, 0x0100, 0x0080, 0x8080 */
    expect_v(&h, 0, B8(0x81, 0x01, 0x00, 0x80, 0, 0, 0, 0), 0);
    set_v(&h, 0, 0x3333333333333333ull, JUNK);
    run1(&h, 0x4e226020u /* subhn2 v0.16b, v1.8h, v2.8h */); /* 0x80fe, 0x007e, 0xfffe, 0x7f00 */
    expect_v(&h, 0, 0x3333333333333333ull, B8(0x80, 0x00, 0xff, 0x7f, 0, 0, 0, 0));
    /* 32-bit halves: RSUBHN .2S from .2D */
    set_v(&h, 1, 0x0000000180000000ull, 0);
    set_v(&h, 2, 0, 0x0000000000000001ull);
    run1(&h, 0x2ea26020u /* rsubhn v0.2s, v1.2d, v2.2d */); /* (0x180000000 + 2^31) >> 32 = 2; ((0 - 1 + 2^31) mod 2^64) >> 32 = 0 */
    expect_v(&h, 0, S2(2, 0), 0);
    h_free(&h);
}

static void test_exec_simd_long_multiply_and_abd_long(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(0x8000, 0xffff, 0x7fff, 3), 0);
    set_v(&h, 2, H4(0x8000, 0xffff, 0x8000, 0xfffd), 0);
    run1(&h, 0x0e62c020u /* smull v0.4s, v1.4h, v2.4h */); /* 2^30; 1; -2^30 + 2^15; -9 */
    expect_v(&h, 0, S2(0x40000000, 1), S2(0xc0008000, 0xfffffff7));
    run1(&h, 0x2e62c020u /* umull v0.4s, v1.4h, v2.4h */); /* 2^30; 0xfffe0001; 0x3fff8000; 0x2fff7 */
    expect_v(&h, 0, S2(0x40000000, 0xfffe0001), S2(0x3fff8000, 0x0002fff7));
    set_v(&h, 0, S2(1, 0), S2(0, 0));
    run1(&h, 0x2e62a020u /* umlsl v0.4s, v1.4h, v2.4h */);
    expect_v(&h, 0, S2(0xc0000001, 0x0001ffff), S2(0xc0008000, 0xfffd0009));
    /* SABAL / UABDL: |-128 - 127| = 255 */
    set_v(&h, 1, B8(0x80, 0x00, 0, 0, 0, 0, 0, 0), 0);
    set_v(&h, 2, B8(0x7f, 0xff, 0, 0, 0, 0, 0, 0), 0);
    set_v(&h, 0, H4(0xffff, 2, 0, 0), 0);
    run1(&h, 0x0e225020u /* sabal v0.8h, v1.8b, v2.8b */);
    expect_v(&h, 0, H4(0x00fe, 3, 0, 0), 0);
    run1(&h, 0x2e227020u /* uabdl v0.8h, v1.8b, v2.8b */);
    expect_v(&h, 0, H4(1, 0xff, 0, 0), 0);
    /* PMULL (8-bit) and PMULL2 */
    set_v(&h, 1, B8(0xff, 0x80, 0x03, 0, 0, 0, 0, 0), B8(0x02, 0, 0, 0, 0, 0, 0, 0));
    set_v(&h, 2, B8(0xff, 0x80, 0x05, 0, 0, 0, 0, 0), B8(0x81, 0, 0, 0, 0, 0, 0, 0));
    run1(&h, 0x0e22e020u /* pmull v0.8h, v1.8b, v2.8b */);
    expect_v(&h, 0, H4(0x5555, 0x4000, 0x000f, 0), 0);
    run1(&h, 0x4e22e020u /* pmull2 v0.8h, v1.16b, v2.16b */);
    expect_v(&h, 0, H4(0x0102, 0, 0, 0), 0);
    h_free(&h);
}

static void test_exec_simd_long_saturating_doubling(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* SQDMULL: 2 * -32768 * -32768 = 2^31 -> 0x7fffffff; 2 * 32767 * -32768 = -2^31 + 2^16 */
    set_v(&h, 1, H4(0x8000, 0x7fff, 0, 0), 0);
    set_v(&h, 2, H4(0x8000, 0x8000, 0, 0), 0);
    assert_true(run1_qc(&h, 0x0e62d020u /* sqdmull v0.4s, v1.4h, v2.4h */));
    expect_v(&h, 0, S2(0x7fffffff, 0x80010000), 0);
    /* SQDMLAL .2D: product 2 * INT32_MIN^2 = 2^63 saturates to INT64_MAX first, then -1 is
     * added: INT64_MAX - 1 (without the first saturation it would be 2^63 - 1 = INT64_MAX) */
    set_v(&h, 1, S2(0x80000000, 1), 0);
    set_v(&h, 2, S2(0x80000000, 1), 0);
    set_v(&h, 0, ~0ull, 0x7fffffffffffffffull);
    assert_true(run1_qc(&h, 0x0ea29020u /* sqdmlal v0.2d, v1.2s, v2.2s */));
    expect_v(&h, 0, 0x7ffffffffffffffeull, 0x7fffffffffffffffull);
    /* SQDMLSL: INT64_MIN - 2 saturates */
    set_v(&h, 0, 0x8000000000000000ull, 0);
    set_v(&h, 1, S2(1, 0), 0);
    set_v(&h, 2, S2(1, 0), 0);
    assert_true(run1_qc(&h, 0x0ea2b020u /* sqdmlsl v0.2d, v1.2s, v2.2s */));
    expect_v(&h, 0, 0x8000000000000000ull, 0);
    /* scalar SQDMULL S from H: the rest of V0 zeroed */
    set_v(&h, 0, JUNK, JUNK);
    set_v(&h, 1, 0x8000, JUNK);
    set_v(&h, 2, 0x8000, JUNK);
    assert_true(run1_qc(&h, 0x5e62d020u /* sqdmull s0, h1, h2 */));
    expect_v(&h, 0, 0x7fffffff, 0);
    set_v(&h, 1, 3, 0);
    set_v(&h, 2, 0xfffffffe, 0);
    set_v(&h, 0, 100, JUNK);
    assert_false(run1_qc(&h, 0x5ea29020u /* sqdmlal d0, s1, s2 */)); /* 100 + 2 * 3 * -2 */
    expect_v(&h, 0, 88, 0);
    /* byte and doubleword sizes are reserved */
    run1_fault(&h, 0x0e22d020 /* sqdmull with size 00 */, ESR_UNDEF);
    h_free(&h);
}

static void test_exec_simd_long_by_element_index_and_register(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(1, 2, 3, 4), H4(5, 6, 7, 0xffff));
    /* .h[7] is H:L:M = 111; Rm is 4 bits */
    set_v(&h, 15, 0, H4(0, 0, 0, 3));
    run1(&h, 0x4f7f8820u /* mul v0.8h, v1.8h, v15.h[7] */);
    expect_v(&h, 0, H4(3, 6, 9, 12), H4(15, 18, 21, 0xfffd));
    /* .s[3] is H:L = 11 and Rm = M:Rm reaches V31 */
    set_v(&h, 31, 0, S2(0, 0xfffffffe));
    set_v(&h, 1, S2(5, 0x80000000), S2(1, 0));
    set_v(&h, 0, S2(1, 1), S2(1, 1));
    run1(&h, 0x6fbf0820u /* mla v0.4s, v1.4s, v31.s[3] */);
    expect_v(&h, 0, S2(0xfffffff7, 1), S2(0xffffffff, 1));
    run1(&h, 0x2fbf4820u /* mls v0.2s, v1.2s, v31.s[3] */);
    expect_v(&h, 0, S2(0x00000001, 1), 0);
    /* long by element: SMULL2 .4S from the upper .8H half times h[1] */
    set_v(&h, 1, 0, H4(0x8000, 2, 0xffff, 0x7fff));
    set_v(&h, 2, H4(0, 0xfffe, 0, 0), 0);
    run1(&h, 0x4f52a020u /* smull2 v0.4s, v1.8h, v2.h[1] */);
    expect_v(&h, 0, S2(0x00010000, 0xfffffffc), S2(2, 0xffff0002));
    run1(&h, 0x6f52a020u /* umull2 v0.4s, v1.8h, v2.h[1] */);
    expect_v(&h, 0, S2(0x7fff0000, 0x0001fffc), S2(0xfffd0002, 0x7ffe0002));
    /* SQDMULH / SQRDMULH by element, vector and scalar */
    set_v(&h, 2, S2(0, 0x80000000), 0);
    set_v(&h, 1, S2(0x80000000, 0x40000000), 0);
    assert_true(run1_qc(&h, 0x0fa2c020u /* sqdmulh v0.2s, v1.2s, v2.s[1] */));
    expect_v(&h, 0, S2(0x7fffffff, 0xc0000000), 0);
    set_v(&h, 0, JUNK, JUNK);
    assert_true(run1_qc(&h, 0x5fa2d020u /* sqrdmulh s0, s1, v2.s[1] */));
    expect_v(&h, 0, 0x7fffffff, 0);
    /* SQDMLAL (scalar, by element) D from S */
    set_v(&h, 0, 10, JUNK);
    set_v(&h, 1, 0x7fffffff, 0);
    set_v(&h, 2, S2(0, 2), 0);
    assert_false(run1_qc(&h, 0x5fa23020u /* sqdmlal d0, s1, v2.s[1] */));
    expect_v(&h, 0, 10 + 4 * 0x7fffffffull, 0);
    /* sizes 00 and 11 are reserved */
    run1_fault(&h, 0x4f008020 /* mul by element with size 00 */, ESR_UNDEF);
    run1_fault(&h, 0x4fc08020 /* mul by element with size 11 */, ESR_UNDEF);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_long_add_sub_long_and_wide),
        cmocka_unit_test(test_exec_simd_long_narrow_high),
        cmocka_unit_test(test_exec_simd_long_multiply_and_abd_long),
        cmocka_unit_test(test_exec_simd_long_saturating_doubling),
        cmocka_unit_test(test_exec_simd_long_by_element_index_and_register),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
