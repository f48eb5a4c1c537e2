/*
 * Advanced SIMD shift by immediate, vector and scalar (src/cpu/exec_simd_shift.c). Expected
 * values worked out by hand from the Arm ARM pseudocode: right shifts by the whole element size
 * (sign fill, zero, and the rounding bit that survives for unsigned), the 64-bit rounding that
 * needs a 65th bit, insert masks of SRI/SLI, the saturating left shifts and SQSHLU, every
 * narrowing shift's saturation and rounding, and the reserved immh encodings.
 */
#include "simd_harness.h"

#include "cpu/cpu_internal.h"

static void test_exec_simd_shift_right_by_element_size(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, S2(0x80000000, 0x7fffffff), S2(0xffffffff, 1));
    run1(&h, 0x4f200420u /* sshr v0.4s, v1.4s, #32 */); /* only the sign is left */
    expect_v(&h, 0, S2(0xffffffff, 0), S2(0xffffffff, 0));
    run1(&h, 0x6f200420u /* ushr v0.4s, v1.4s, #32 */);
    expect_v(&h, 0, 0, 0);
    /* USHR D by 64 -> 0; URSHR D by 64 keeps the rounding bit: (x + 2^63) >> 64 = x<63> */
    set_v(&h, 1, 0xffffffffffffffffull, JUNK);
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x7f400420u /* ushr d0, d1, #64 */);
    expect_v(&h, 0, 0, 0);
    run1(&h, 0x7f402420u /* urshr d0, d1, #64 */);
    expect_v(&h, 0, 1, 0);
    set_v(&h, 1, 0x7fffffffffffffffull, JUNK);
    run1(&h, 0x7f402420u /* urshr d0, d1, #64 */);
    expect_v(&h, 0, 0, 0);
    /* SRSHR .2D #1: (2^63 - 1 + 1) >> 1 = 2^62, with no 64-bit overflow; (-1 + 1) >> 1 = 0 */
    set_v(&h, 1, 0x7fffffffffffffffull, 0xffffffffffffffffull);
    run1(&h, 0x4f7f2420u /* srshr v0.2d, v1.2d, #1 */);
    expect_v(&h, 0, 0x4000000000000000ull, 0);
    /* SRSHR #64 of INT64_MIN: (-2^63 + 2^63) >> 64 = 0; of -1: 0 */
    set_v(&h, 1, 0x8000000000000000ull, 0xffffffffffffffffull);
    run1(&h, 0x4f402420u /* srshr v0.2d, v1.2d, #64 */);
    expect_v(&h, 0, 0, 0);
    run1(&h, 0x4f400420u /* sshr v0.2d, v1.2d, #64 */);
    expect_v(&h, 0, ~0ull, ~0ull);
    h_free(&h);
}

static void test_exec_simd_shift_accumulate(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 0, H4(1, 0xffff, 10, 0), H4(0, 0, 0, 0));
    set_v(&h, 1, H4(0x8000, 0x8000, 0x0003, 0x7fff), 0);
    run1(&h, 0x0f111420u /* ssra v0.4h, v1.4h, #15 */); /* -1, -1, 0, 0 accumulated */
    expect_v(&h, 0, H4(0, 0xfffe, 10, 0), 0);
    set_v(&h, 0, H4(1, 0xffff, 10, 0), 0);
    run1(&h, 0x0f1e3420u /* srsra v0.4h, v1.4h, #2 */); /* (-32768+2)>>2 = -8192; 3+2>>2 = 1; 32769>>2 = 8192 */
    expect_v(&h, 0, H4(0xe001, 0xdfff, 11, 0x2000), 0);
    set_v(&h, 0, 1, JUNK);
    set_v(&h, 1, ~0ull, JUNK);
    run1(&h, 0x7f7f1420u /* usra d0, d1, #1 */);
    expect_v(&h, 0, 0x8000000000000000ull, 0);
    set_v(&h, 0, 5, JUNK);
    run1(&h, 0x7f403420u /* ursra d0, d1, #64 */); /* + 1 */
    expect_v(&h, 0, 6, 0);
    h_free(&h);
}

static void test_exec_simd_shift_left_and_insert(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, B8(0x03, 0xff, 0x01, 0x80, 0, 0, 0, 0), 0);
    run1(&h, 0x0f0f5420u /* shl v0.8b, v1.8b, #7 */);
    expect_v(&h, 0, B8(0x80, 0x80, 0x80, 0x00, 0, 0, 0, 0), 0);
    /* SRI #3: keep Vd's top 3 bits, insert Vn >> 3 */
    set_v(&h, 0, B8(0xff, 0x00, 0xa5, 0xff, 0, 0, 0, 0), 0);
    set_v(&h, 1, B8(0x00, 0xff, 0xff, 0x18, 0, 0, 0, 0), 0);
    run1(&h, 0x2f0d4420u /* sri v0.8b, v1.8b, #3 */);
    expect_v(&h, 0, B8(0xe0, 0x1f, 0xbf, 0xe3, 0, 0, 0, 0), 0);
    /* SRI by the element size inserts nothing */
    set_v(&h, 0, 0x1122334455667788ull, 0x99aabbccddeeff00ull);
    run1(&h, 0x6f084420u /* sri v0.16b, v1.16b, #8 */);
    expect_v(&h, 0, 0x1122334455667788ull, 0x99aabbccddeeff00ull);
    /* SLI #4 .8H: keep Vd's low 4 bits */
    set_v(&h, 0, H4(0xffff, 0x0000, 0x1234, 0), 0);
    set_v(&h, 1, H4(0x1234, 0xffff, 0x0000, 0), 0);
    run1(&h, 0x2f145420u /* sli v0.4h, v1.4h, #4 */);
    expect_v(&h, 0, H4(0x234f, 0xfff0, 0x0004, 0), 0);
    /* scalar SRI D #64: Vd unchanged in bits 63:0, the rest of the register zeroed */
    set_v(&h, 0, 0x0123456789abcdefull, JUNK);
    run1(&h, 0x7f404420u /* sri d0, d1, #64 */);
    expect_v(&h, 0, 0x0123456789abcdefull, 0);
    h_free(&h);
}

static void test_exec_simd_shift_saturating_left(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, B8(0x40, 0xc0, 0xbf, 0x3f, 0x80, 0x7f, 0x00, 0xff), 0);
    /* SQSHL #1: 128 -> 127; -128 fits; -130 -> -128; 126 */
    assert_true(run1_qc(&h, 0x0f097420u /* sqshl v0.8b, v1.8b, #1 */));
    expect_v(&h, 0, B8(0x7f, 0x80, 0x80, 0x7e, 0x80, 0x7f, 0x00, 0xfe), 0);
    /* UQSHL #1: 0x80; 0x180 -> 0xff; ...; 0xfe; 0 */
    assert_true(run1_qc(&h, 0x2f097420u /* uqshl v0.8b, v1.8b, #1 */));
    expect_v(&h, 0, B8(0x80, 0xff, 0xff, 0x7e, 0xff, 0xfe, 0x00, 0xff), 0);
    /* SQSHLU #1: signed in, unsigned out: negatives -> 0 (QC) */
    assert_true(run1_qc(&h, 0x2f096420u /* sqshlu v0.8b, v1.8b, #1 */));
    expect_v(&h, 0, B8(0x80, 0x00, 0x00, 0x7e, 0x00, 0xfe, 0x00, 0x00), 0);
    /* in range: no QC */
    set_v(&h, 1, B8(0x3f, 0x01, 0, 0, 0, 0, 0, 0), 0);
    assert_false(run1_qc(&h, 0x2f096420u /* sqshlu v0.8b, v1.8b, #1 */));
    expect_v(&h, 0, B8(0x7e, 0x02, 0, 0, 0, 0, 0, 0), 0);
    /* scalar forms exist for every size: SQSHLU B #0 of -1 -> 0 */
    set_v(&h, 1, 0xff, JUNK);
    assert_true(run1_qc(&h, 0x7f086420u /* sqshlu b0, b1, #0 */));
    expect_v(&h, 0, 0, 0);
    /* UQSHL D #63: 2 << 63 overflows */
    set_v(&h, 1, 2, 0);
    assert_true(run1_qc(&h, 0x7f7f7420u /* uqshl d0, d1, #63 */));
    expect_v(&h, 0, ~0ull, 0);
    h_free(&h);
}

static void test_exec_simd_shift_narrowing(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(0x1234, 0x12ff, 0xff80, 0x7fff), H4(0x8000, 0x0080, 0x017f, 0xffff));
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x0f088420u /* shrn v0.8b, v1.8h, #8 */);
    expect_v(&h, 0, B8(0x12, 0x12, 0xff, 0x7f, 0x80, 0x00, 0x01, 0xff), 0);
    /* RSHRN adds 0x80 first: 0x12ff -> 0x13; 0xff80 -> 0x100 -> 0x00; 0x0080 -> 0x01 */
    run1(&h, 0x0f088c20u /* rshrn v0.8b, v1.8h, #8 */);
    expect_v(&h, 0, B8(0x12, 0x13, 0x00, 0x80, 0x80, 0x01, 0x01, 0x00), 0);
    /* SQSHRN #1: 0x91a; 0x97f; -64; 0x3fff; -16384; 64; 191; -1 -> saturate to bytes */
    assert_true(run1_qc(&h, 0x0f0f9420u /* sqshrn v0.8b, v1.8h, #1 */));
    expect_v(&h, 0, B8(0x7f, 0x7f, 0xc0, 0x7f, 0x80, 0x40, 0x7f, 0xff), 0);
    /* UQSHRN #8: unsigned: 0x12, 0x12, 0xff, 0x7f, 0x80, 0x00, 0x01, 0xff (all fit) */
    assert_false(run1_qc(&h, 0x2f089420u /* uqshrn v0.8b, v1.8h, #8 */));
    expect_v(&h, 0, B8(0x12, 0x12, 0xff, 0x7f, 0x80, 0x00, 0x01, 0xff), 0);
    /* UQRSHRN #8: 0xff80 + 0x80 = 0x10000 -> 0x100 -> 0xff (QC); 0xffff + 0x80 -> 0x100 -> 0xff */
    assert_true(run1_qc(&h, 0x2f089c20u /* uqrshrn v0.8b, v1.8h, #8 */));
    expect_v(&h, 0, B8(0x12, 0x13, 0xff, 0x80, 0x80, 0x01, 0x01, 0xff), 0);
    /* SQRSHRUN .4H from .4S #16: -2^31 -> 0 (QC); (2^31-1 + 2^15) >> 16 = 0x8000;
     * (-32768 + 32768) >> 16 = 0; (0x17fff + 0x8000) >> 16 = 1 */
    set_v(&h, 1, S2(0x80000000, 0x7fffffff), S2(0xffff8000, 0x00017fff));
    assert_true(run1_qc(&h, 0x2f108c20u /* sqrshrun v0.4h, v1.4s, #16 */));
    expect_v(&h, 0, H4(0, 0x8000, 0, 1), 0);
    /* SQSHRUN2 writes the upper half, keeping the lower */
    set_v(&h, 0, 0x5555555555555555ull, JUNK);
    assert_true(run1_qc(&h, 0x6f108420u /* sqshrun2 v0.8h, v1.4s, #16 */));
    expect_v(&h, 0, 0x5555555555555555ull, H4(0, 0x7fff, 0, 1));
    /* UQRSHRN .2S from .2D #32: (2^64 - 1 + 2^31) >> 32 = 2^32 -> 0xffffffff: the rounding
     * addition needs a 65th bit */
    set_v(&h, 1, ~0ull, 0x00000001fffffffeull);
    assert_true(run1_qc(&h, 0x2f209c20u /* uqrshrn v0.2s, v1.2d, #32 */));
    expect_v(&h, 0, S2(0xffffffff, 2), 0);
    /* scalar SQRSHRN B from H #8 */
    set_v(&h, 1, 0x7f80, JUNK);
    assert_true(run1_qc(&h, 0x5f089c20u /* sqrshrn b0, h1, #8 */));
    expect_v(&h, 0, 0x7f, 0);
    h_free(&h);
}

static void test_exec_simd_shift_long(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, B8(0x80, 0x7f, 0xff, 0x01, 0, 0, 0, 0), H4(0xffff, 0x8000, 0, 0));
    run1(&h, 0x0f08a420u /* sshll v0.8h, v1.8b, #0 */); /* sxtl */
    expect_v(&h, 0, H4(0xff80, 0x007f, 0xffff, 0x0001), 0);
    run1(&h, 0x2f0fa420u /* ushll v0.8h, v1.8b, #7 */);
    expect_v(&h, 0, H4(0x4000, 0x3f80, 0x7f80, 0x0080), 0);
    run1(&h, 0x6f1fa420u /* ushll2 v0.4s, v1.8h, #15 */);
    expect_v(&h, 0, S2(0x7fff8000, 0x40000000), 0);
    run1(&h, 0x4f1fa420u /* sshll2 v0.4s, v1.8h, #15 */);
    expect_v(&h, 0, S2(0xffff8000, 0xc0000000), 0);
    h_free(&h);
}

static void test_exec_simd_shift_reserved_immh(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 0, JUNK, JUNK);
    /* immh = 0000 with an opcode no modified-immediate row claims (rshrn's: cmode 1000, o2 = 1) */
    run1_fault(&h, 0x0f008c20, ESR_UNDEF);
    /* a 64-bit element with Q = 0: sshr v0.1d would be the scalar form's job */
    run1_fault(&h, 0x0f400420 /* sshr, immh = 1000, Q = 0 */, ESR_UNDEF);
    /* scalar SSHR exists for D only */
    run1_fault(&h, 0x5f3f0420 /* sshr with immh = 0111 (S) */, ESR_UNDEF);
    /* narrowing from 64-bit elements does not exist */
    run1_fault(&h, 0x0f408420 /* shrn with immh = 1000 */, ESR_UNDEF);
    expect_v(&h, 0, JUNK, JUNK);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_shift_right_by_element_size),
        cmocka_unit_test(test_exec_simd_shift_accumulate),
        cmocka_unit_test(test_exec_simd_shift_left_and_insert),
        cmocka_unit_test(test_exec_simd_shift_saturating_left),
        cmocka_unit_test(test_exec_simd_shift_narrowing),
        cmocka_unit_test(test_exec_simd_shift_long),
        cmocka_unit_test(test_exec_simd_shift_reserved_immh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
