/*
 * Advanced SIMD two-register miscellaneous (integer) and across-lanes instructions, vector and
 * scalar (src/cpu/exec_simd_misc.c). Expected values worked out by hand from the Arm ARM
 * pseudocode: ABS/NEG wrap at the minimum while SQABS/SQNEG saturate, SUQADD/USQADD mix
 * signedness, the narrowing extracts at every saturation boundary, the long pairwise adds, and
 * the reductions.
 */
#include "simd_harness.h"

#include "cpu/cpu_internal.h"

static void test_exec_simd_misc_abs_neg_and_saturating_forms(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, B8(0x80, 0x7f, 0x01, 0xff, 0x00, 0x81, 0, 0), 0);
    assert_false(run1_qc(&h, 0x0e20b820u /* abs v0.8b, v1.8b */)); /* ABS(-128) wraps to -128 */
    expect_v(&h, 0, B8(0x80, 0x7f, 0x01, 0x01, 0x00, 0x7f, 0, 0), 0);
    assert_false(run1_qc(&h, 0x2e20b820u /* neg v0.8b, v1.8b */));
    expect_v(&h, 0, B8(0x80, 0x81, 0xff, 0x01, 0x00, 0x7f, 0, 0), 0);
    assert_true(run1_qc(&h, 0x0e207820u /* sqabs v0.8b, v1.8b */));
    expect_v(&h, 0, B8(0x7f, 0x7f, 0x01, 0x01, 0x00, 0x7f, 0, 0), 0);
    assert_true(run1_qc(&h, 0x2e207820u /* sqneg v0.8b, v1.8b */));
    expect_v(&h, 0, B8(0x7f, 0x81, 0xff, 0x01, 0x00, 0x7f, 0, 0), 0);
    /* 64-bit scalars: SQABS(INT64_MIN) = INT64_MAX; NEG d is allowed, wraps */
    set_v(&h, 1, 0x8000000000000000ull, JUNK);
    set_v(&h, 0, JUNK, JUNK);
    assert_true(run1_qc(&h, 0x5ee07820u /* sqabs d0, d1 */));
    expect_v(&h, 0, 0x7fffffffffffffffull, 0);
    run1(&h, 0x7ee0b820u /* neg d0, d1 */);
    expect_v(&h, 0, 0x8000000000000000ull, 0);
    /* SQNEG on an H scalar */
    set_v(&h, 1, 0x8000, 0);
    assert_true(run1_qc(&h, 0x7e607820u /* sqneg h0, h1 */));
    expect_v(&h, 0, 0x7fff, 0);
    h_free(&h);
}

static void test_exec_simd_misc_suqadd_usqadd(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* SUQADD: signed Vd + unsigned Vn: 127 + 1 -> 127 (QC); -128 + 255 = 127; 0 + 128 -> 127 */
    set_v(&h, 0, B8(0x7f, 0x80, 0x00, 0xff, 0, 0, 0, 0), JUNK);
    set_v(&h, 1, B8(0x01, 0xff, 0x80, 0x01, 0, 0, 0, 0), JUNK);
    assert_true(run1_qc(&h, 0x0e203820u /* suqadd v0.8b, v1.8b */));
    expect_v(&h, 0, B8(0x7f, 0x7f, 0x7f, 0x00, 0, 0, 0, 0), 0);
    /* USQADD: unsigned Vd + signed Vn: 255 + 1 -> 255 (QC); 1 + -1 = 0; 0 + -128 -> 0 (QC) */
    set_v(&h, 0, B8(0xff, 0x01, 0x00, 0x10, 0, 0, 0, 0), JUNK);
    set_v(&h, 1, B8(0x01, 0xff, 0x80, 0x7f, 0, 0, 0, 0), JUNK);
    assert_true(run1_qc(&h, 0x2e203820u /* usqadd v0.8b, v1.8b */));
    expect_v(&h, 0, B8(0xff, 0x00, 0x00, 0x8f, 0, 0, 0, 0), 0);
    /* scalar D: INT64_MAX + 1 (unsigned) saturates */
    set_v(&h, 0, 0x7fffffffffffffffull, JUNK);
    set_v(&h, 1, 1, JUNK);
    assert_true(run1_qc(&h, 0x5ee03820u /* suqadd d0, d1 */));
    expect_v(&h, 0, 0x7fffffffffffffffull, 0);
    h_free(&h);
}

static void test_exec_simd_misc_bit_counts_and_reversals(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, B8(0x00, 0xff, 0x40, 0x20, 0x80, 0x01, 0xc0, 0x3f), 0);
    run1(&h, 0x0e204820u /* cls v0.8b, v1.8b */); /* sign bits after the first: 7 7 0 1 0 6 1 1 */
    expect_v(&h, 0, B8(7, 7, 0, 1, 0, 6, 1, 1), 0);
    run1(&h, 0x2e204820u /* clz v0.8b, v1.8b */);
    expect_v(&h, 0, B8(8, 0, 1, 2, 0, 7, 0, 2), 0);
    run1(&h, 0x0e205820u /* cnt v0.8b, v1.8b */);
    expect_v(&h, 0, B8(0, 8, 1, 1, 1, 1, 2, 6), 0);
    run1(&h, 0x2e605820u /* rbit v0.8b, v1.8b */);
    expect_v(&h, 0, B8(0x00, 0xff, 0x02, 0x04, 0x01, 0x80, 0x03, 0xfc), 0);
    run1(&h, 0x2e205820u /* not v0.8b, v1.8b */);
    expect_v(&h, 0, B8(0xff, 0x00, 0xbf, 0xdf, 0x7f, 0xfe, 0x3f, 0xc0), 0);
    set_v(&h, 1, S2(0, 1), S2(0xffffffff, 0x00010000));
    run1(&h, 0x6ea04820u /* clz v0.4s, v1.4s */);
    expect_v(&h, 0, S2(32, 31), S2(0, 15));
    run1(&h, 0x4ea04820u /* cls v0.4s, v1.4s */);
    expect_v(&h, 0, S2(31, 30), S2(31, 14));
    /* REV64 / REV32 / REV16 of bytes 0..15 */
    set_v(&h, 1, 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
    run1(&h, 0x4e200820u /* rev64 v0.16b, v1.16b */);
    expect_v(&h, 0, 0x0001020304050607ull, 0x08090a0b0c0d0e0full);
    run1(&h, 0x6e600820u /* rev32 v0.8h, v1.8h */);
    expect_v(&h, 0, 0x0504070601000302ull, 0x0d0c0f0e09080b0aull);
    run1(&h, 0x0e201820u /* rev16 v0.8b, v1.8b */);
    expect_v(&h, 0, 0x0607040502030001ull, 0);
    run1(&h, 0x0ea00820u /* rev64 v0.2s, v1.2s */);
    expect_v(&h, 0, 0x0302010007060504ull, 0);
    /* REV16 of halfwords is reserved (the element is the container) */
    run1_fault(&h, 0x4e601820 /* rev16 with size 01 */, ESR_UNDEF);
    h_free(&h);
}

static void test_exec_simd_misc_narrowing_extracts(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(0x0080, 0xff80, 0xff7f, 0x007f), H4(0x0100, 0x00ff, 0x8000, 0xffff));
    set_v(&h, 0, JUNK, JUNK);
    assert_false(run1_qc(&h, 0x0e212820u /* xtn v0.8b, v1.8h */));
    expect_v(&h, 0, B8(0x80, 0x80, 0x7f, 0x7f, 0x00, 0xff, 0x00, 0xff), 0);
    /* SQXTN: 128 -> 127; -128; -129 -> -128; 127; 256 -> 127; 255 -> 127; -32768 -> -128; -1 */
    assert_true(run1_qc(&h, 0x0e214820u /* sqxtn v0.8b, v1.8h */));
    expect_v(&h, 0, B8(0x7f, 0x80, 0x80, 0x7f, 0x7f, 0x7f, 0x80, 0xff), 0);
    /* UQXTN: 128; 65408 -> 255; 65407 -> 255; 127; 256 -> 255; 255; 32768 -> 255; 65535 -> 255 */
    assert_true(run1_qc(&h, 0x2e214820u /* uqxtn v0.8b, v1.8h */));
    expect_v(&h, 0, B8(0x80, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff), 0);
    /* SQXTUN: 128; -128 -> 0; -129 -> 0; 127; 256 -> 255; 255; -32768 -> 0; -1 -> 0 */
    assert_true(run1_qc(&h, 0x2e212820u /* sqxtun v0.8b, v1.8h */));
    expect_v(&h, 0, B8(0x80, 0x00, 0x00, 0x7f, 0xff, 0xff, 0x00, 0x00), 0);
    /* the "2" form writes the upper half and keeps the lower */
    set_v(&h, 0, 0x1111111111111111ull, JUNK);
    run1(&h, 0x4e212820u /* xtn2 v0.16b, v1.8h */);
    expect_v(&h, 0, 0x1111111111111111ull, B8(0x80, 0x80, 0x7f, 0x7f, 0x00, 0xff, 0x00, 0xff));
    /* in-range values: no QC */
    set_v(&h, 1, S2(0x00007fff, 0xffff8000), 0);
    assert_false(run1_qc(&h, 0x0e614820u /* sqxtn v0.4h, v1.4s */));
    expect_v(&h, 0, H4(0x7fff, 0x8000, 0, 0), 0);
    /* scalar: SQXTN S from D: INT64_MIN -> INT32_MIN; the rest of V0 zeroed */
    set_v(&h, 0, JUNK, JUNK);
    set_v(&h, 1, 0x8000000000000000ull, JUNK);
    assert_true(run1_qc(&h, 0x5ea14820u /* sqxtn s0, d1 */));
    expect_v(&h, 0, 0x80000000ull, 0);
    set_v(&h, 1, 0x00000000ffffffffull, 0);
    assert_false(run1_qc(&h, 0x7ea14820u /* uqxtn s0, d1 */));
    expect_v(&h, 0, 0xffffffffull, 0);
    h_free(&h);
}

static void test_exec_simd_misc_pairwise_long_and_shll(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(0xffff, 0xffff, 0x8000, 0x8000), H4(1, 2, 0x7fff, 0x7fff));
    run1(&h, 0x4e602820u /* saddlp v0.4s, v1.8h */); /* -2; -65536; 3; 65534 */
    expect_v(&h, 0, S2(0xfffffffe, 0xffff0000), S2(3, 0xfffe));
    run1(&h, 0x6e602820u /* uaddlp v0.4s, v1.8h */);
    expect_v(&h, 0, S2(0x1fffe, 0x10000), S2(3, 0xfffe));
    set_v(&h, 0, S2(2, 0x7fffffff), S2(0xffffffff, 0));
    run1(&h, 0x4e606820u /* sadalp v0.4s, v1.8h */); /* accumulate, wrapping */
    expect_v(&h, 0, S2(0, 0x7ffeffff), S2(2, 0xfffe));
    /* 64-bit arrangement: one result element from the low four bytes */
    set_v(&h, 1, B8(0xff, 0xff, 0x01, 0x02, 9, 9, 9, 9), JUNK);
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x2e202820u /* uaddlp v0.4h, v1.8b */);
    expect_v(&h, 0, H4(0x1fe, 3, 18, 18), 0);
    /* SHLL / SHLL2: widen and shift by the element size */
    set_v(&h, 1, B8(0xff, 0x01, 0, 0, 0, 0, 0, 0x80), B8(0x7f, 0, 0, 0, 0, 0, 0, 0));
    run1(&h, 0x2e213820u /* shll v0.8h, v1.8b, #8 */);
    expect_v(&h, 0, H4(0xff00, 0x0100, 0, 0), H4(0, 0, 0, 0x8000));
    run1(&h, 0x6e213820u /* shll2 v0.8h, v1.16b, #8 */);
    expect_v(&h, 0, H4(0x7f00, 0, 0, 0), 0);
    h_free(&h);
}

static void test_exec_simd_misc_compare_with_zero(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(0x8000, 0, 1, 0xffff), H4(0x7fff, 0, 0, 0));
    run1(&h, 0x4e608820u /* cmgt v0.8h, v1.8h, #0 */);
    expect_v(&h, 0, H4(0, 0, 0xffff, 0), H4(0xffff, 0, 0, 0));
    run1(&h, 0x6e608820u /* cmge v0.8h, v1.8h, #0 */);
    expect_v(&h, 0, H4(0, 0xffff, 0xffff, 0), H4(0xffff, 0xffff, 0xffff, 0xffff));
    run1(&h, 0x4e609820u /* cmeq v0.8h, v1.8h, #0 */);
    expect_v(&h, 0, H4(0, 0xffff, 0, 0), H4(0, 0xffff, 0xffff, 0xffff));
    run1(&h, 0x6e609820u /* cmle v0.8h, v1.8h, #0 */);
    expect_v(&h, 0, H4(0xffff, 0xffff, 0, 0xffff), H4(0, 0xffff, 0xffff, 0xffff));
    run1(&h, 0x4e60a820u /* cmlt v0.8h, v1.8h, #0 */);
    expect_v(&h, 0, H4(0xffff, 0, 0, 0xffff), 0);
    set_v(&h, 1, 0x8000000000000000ull, JUNK);
    run1(&h, 0x5ee0a820u /* cmlt d0, d1, #0 */);
    expect_v(&h, 0, ~0ull, 0);
    h_free(&h);
}

static void test_exec_simd_misc_across_lanes(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, 0x8080808080808080ull, 0x8080808080808080ull);
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x4e31b820u /* addv b0, v1.16b */); /* 16 * 128 = 2048 = 0 mod 256 */
    expect_v(&h, 0, 0, 0);
    run1(&h, 0x4e303820u /* saddlv h0, v1.16b */); /* 16 * -128 = -2048 */
    expect_v(&h, 0, 0xf800, 0);
    run1(&h, 0x6e303820u /* uaddlv h0, v1.16b */);
    expect_v(&h, 0, 0x0800, 0);
    set_v(&h, 1, S2(0x80000000, 5), S2(0x7fffffff, 0xffffffff));
    run1(&h, 0x4eb0a820u /* smaxv s0, v1.4s */);
    expect_v(&h, 0, 0x7fffffff, 0);
    run1(&h, 0x4eb1a820u /* sminv s0, v1.4s */);
    expect_v(&h, 0, 0x80000000, 0);
    run1(&h, 0x6eb0a820u /* umaxv s0, v1.4s */);
    expect_v(&h, 0, 0xffffffff, 0);
    run1(&h, 0x6eb1a820u /* uminv s0, v1.4s */);
    expect_v(&h, 0, 5, 0);
    run1(&h, 0x6eb03820u /* uaddlv d0, v1.4s */); /* 0x80000000 + 5 + 0x7fffffff + 0xffffffff */
    expect_v(&h, 0, 0x200000003ull, 0);
    /* .4H: only the low half counts */
    set_v(&h, 1, H4(1, 0xfffe, 3, 0x8000), H4(0x7fff, 0x7fff, 0x7fff, 0x7fff));
    run1(&h, 0x0e70a820u /* smaxv h0, v1.4h */);
    expect_v(&h, 0, 3, 0);
    run1(&h, 0x2e70a820u /* umaxv h0, v1.4h */);
    expect_v(&h, 0, 0xfffe, 0);
    /* reserved: .2S (size:Q = 100) and 64-bit elements */
    run1_fault(&h, 0x0eb1b820 /* addv s0, v1.2s */, ESR_UNDEF);
    run1_fault(&h, 0x4ef1b820 /* addv with size 11 */, ESR_UNDEF);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_misc_abs_neg_and_saturating_forms),
        cmocka_unit_test(test_exec_simd_misc_suqadd_usqadd),
        cmocka_unit_test(test_exec_simd_misc_bit_counts_and_reversals),
        cmocka_unit_test(test_exec_simd_misc_narrowing_extracts),
        cmocka_unit_test(test_exec_simd_misc_pairwise_long_and_shll),
        cmocka_unit_test(test_exec_simd_misc_compare_with_zero),
        cmocka_unit_test(test_exec_simd_misc_across_lanes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
