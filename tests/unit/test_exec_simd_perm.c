/*
 * Advanced SIMD copy, permute, extract, table lookup and modified immediate
 * (src/cpu/exec_simd_perm.c). Expected values worked out by hand from the Arm ARM pseudocode:
 * imm5 element/index decoding, INS keeping the other elements, UMOV/SMOV extension, the six
 * permutes on bytes and words, EXT across the register boundary, TBL/TBX with out-of-range
 * indices and a table that wraps past V31 and includes Vd, and AdvSIMDExpandImm for every
 * cmode class.
 */
#include "simd_harness.h"

#include "cpu/cpu_internal.h"

#define BYTES_LO 0x0706050403020100ull
#define BYTES_HI 0x0f0e0d0c0b0a0908ull

static void test_exec_simd_perm_dup_ins_umov_smov(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, H4(0x1111, 0x2222, 0x3333, 0x4444), H4(0x5555, 0x8666, 0x7777, 0x8888));
    run1(&h, 0x4e160420u /* dup v0.8h, v1.h[5] */);
    expect_v(&h, 0, 0x8666866686668666ull, 0x8666866686668666ull);
    run1(&h, 0x4e180420u /* dup v0.2d, v1.d[1] */);
    expect_v(&h, 0, H4(0x5555, 0x8666, 0x7777, 0x8888), H4(0x5555, 0x8666, 0x7777, 0x8888));
    run1(&h, 0x0e1f0420u /* dup v0.8b, v1.b[15] */); /* Q = 0: upper half zeroed */
    expect_v(&h, 0, 0x8888888888888888ull, 0);
    h.cpu->x[2] = 0xffffffff12345678ull;
    run1(&h, 0x4e040c40u /* dup v0.4s, w2 */);
    expect_v(&h, 0, 0x1234567812345678ull, 0x1234567812345678ull);
    run1(&h, 0x4e080c40u /* dup v0.2d, x2 */);
    expect_v(&h, 0, 0xffffffff12345678ull, 0xffffffff12345678ull);
    /* INS keeps every other element */
    set_v(&h, 0, BYTES_LO, BYTES_HI);
    run1(&h, 0x4e141c40u /* mov v0.s[2], w2 */);
    expect_v(&h, 0, BYTES_LO, 0x0f0e0d0c12345678ull);
    run1(&h, 0x6e1f3420u /* mov v0.b[15], v1.b[6] */);
    expect_v(&h, 0, BYTES_LO, 0x440e0d0c12345678ull);
    run1(&h, 0x6e027420u /* mov v0.h[0], v1.h[7] */);
    expect_v(&h, 0, 0x0706050403028888ull, 0x440e0d0c12345678ull);
    /* UMOV zero-extends, SMOV sign-extends (W forms clear bits 63:32) */
    h.cpu->x[3] = JUNK;
    run1(&h, 0x0e163c23u /* umov w3, v1.h[5] */);
    assert_int_equal(h.cpu->x[3], 0x8666);
    run1(&h, 0x4e162c23u /* smov x3, v1.h[5] */);
    assert_int_equal(h.cpu->x[3], 0xffffffffffff8666ull);
    run1(&h, 0x0e162c23u /* smov w3, v1.h[5] */);
    assert_int_equal(h.cpu->x[3], 0xffff8666ull);
    run1(&h, 0x4e183c23u /* mov x3, v1.d[1] */);
    assert_int_equal(h.cpu->x[3], 0x8888777786665555ull);
    run1(&h, 0x4e1c2c23u /* smov x3, v1.s[3] */);
    assert_int_equal(h.cpu->x[3], 0xffffffff88887777ull);
    /* DUP (scalar): MOV Hd, Vn.H[5] zeroes the rest */
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x5e160420u /* mov h0, v1.h[5] */);
    expect_v(&h, 0, 0x8666, 0);
    /* reserved: UMOV of a D element into W; SMOV of an S element into W; imm5 = x0000 */
    run1_fault(&h, 0x0e183c23 /* umov w3, v1.d[1] */, ESR_UNDEF);
    run1_fault(&h, 0x0e0c2c23 /* smov w3, v1.s[1] */, ESR_UNDEF);
    run1_fault(&h, 0x4e100420 /* dup with imm5 = 10000 */, ESR_UNDEF);
    h_free(&h);
}

static void test_exec_simd_perm_zip_uzp_trn(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, BYTES_LO, BYTES_HI);
    set_v(&h, 2, BYTES_LO + 0x1010101010101010ull, BYTES_HI + 0x1010101010101010ull);
    run1(&h, 0x4e023820u /* zip1 v0.16b, v1.16b, v2.16b */);
    expect_v(&h, 0, B8(0, 16, 1, 17, 2, 18, 3, 19), B8(4, 20, 5, 21, 6, 22, 7, 23));
    run1(&h, 0x4e027820u /* zip2 v0.16b, v1.16b, v2.16b */);
    expect_v(&h, 0, B8(8, 24, 9, 25, 10, 26, 11, 27), B8(12, 28, 13, 29, 14, 30, 15, 31));
    run1(&h, 0x4e021820u /* uzp1 v0.16b, v1.16b, v2.16b */);
    expect_v(&h, 0, B8(0, 2, 4, 6, 8, 10, 12, 14), B8(16, 18, 20, 22, 24, 26, 28, 30));
    run1(&h, 0x4e025820u /* uzp2 v0.16b, v1.16b, v2.16b */);
    expect_v(&h, 0, B8(1, 3, 5, 7, 9, 11, 13, 15), B8(17, 19, 21, 23, 25, 27, 29, 31));
    run1(&h, 0x4e022820u /* trn1 v0.16b, v1.16b, v2.16b */);
    expect_v(&h, 0, B8(0, 16, 2, 18, 4, 20, 6, 22), B8(8, 24, 10, 26, 12, 28, 14, 30));
    run1(&h, 0x4e026820u /* trn2 v0.16b, v1.16b, v2.16b */);
    expect_v(&h, 0, B8(1, 17, 3, 19, 5, 21, 7, 23), B8(9, 25, 11, 27, 13, 29, 15, 31));
    /* 64-bit arrangements use the low halves only */
    run1(&h, 0x0e827820u /* zip2 v0.2s, v1.2s, v2.2s */);
    expect_v(&h, 0, S2(0x07060504, 0x17161514), 0);
    run1(&h, 0x0e421820u /* uzp1 v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(0x0100, 0x0504, 0x1110, 0x1514), 0);
    run1(&h, 0x0e426820u /* trn2 v0.4h, v1.4h, v2.4h */);
    expect_v(&h, 0, H4(0x0302, 0x1312, 0x0706, 0x1716), 0);
    run1_fault(&h, 0x0ec23820 /* zip1 v0.1d: size:Q = 110 reserved */, ESR_UNDEF);
    h_free(&h);
}

static void test_exec_simd_perm_ext_and_tbl(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    set_v(&h, 1, BYTES_LO, BYTES_HI);
    set_v(&h, 2, BYTES_LO + 0x1010101010101010ull, BYTES_HI + 0x1010101010101010ull);
    run1(&h, 0x6e021820u /* ext v0.16b, v1.16b, v2.16b, #3 */);
    expect_v(&h, 0, B8(3, 4, 5, 6, 7, 8, 9, 10), B8(11, 12, 13, 14, 15, 16, 17, 18));
    run1(&h, 0x2e023820u /* ext v0.8b, v1.8b, v2.8b, #7 */);
    expect_v(&h, 0, B8(7, 16, 17, 18, 19, 20, 21, 22), 0);
    run1_fault(&h, 0x2e024020 /* ext .8b with imm4 = 8 */, ESR_UNDEF);
    /* TBL, one register: 16 and 255 are out of range -> 0 */
    set_v(&h, 3, B8(0, 15, 16, 255, 5, 1, 2, 3), B8(31, 8, 9, 10, 11, 12, 13, 14));
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x4e030020u /* tbl v0.16b, {v1.16b}, v3.16b */);
    expect_v(&h, 0, B8(0, 15, 0, 0, 5, 1, 2, 3), B8(0, 8, 9, 10, 11, 12, 13, 14));
    /* TBX keeps Vd's byte where the index is out of range */
    set_v(&h, 0, 0xeeeeeeeeeeeeeeeeull, 0xeeeeeeeeeeeeeeeeull);
    run1(&h, 0x4e031020u /* tbx v0.16b, {v1.16b}, v3.16b */);
    expect_v(&h, 0, B8(0, 15, 0xee, 0xee, 5, 1, 2, 3), B8(0xee, 8, 9, 10, 11, 12, 13, 14));
    /* two registers: 16..31 index v2 */
    run1(&h, 0x0e032020u /* tbl v0.8b, {v1.16b, v2.16b}, v3.8b */);
    expect_v(&h, 0, B8(0, 15, 16, 0, 5, 1, 2, 3), 0);
    /* four registers wrapping past v31, Vd one of them: read before written */
    set_v(&h, 30, BYTES_LO, BYTES_HI);
    set_v(&h, 31, BYTES_LO + 0x1010101010101010ull, BYTES_HI + 0x1010101010101010ull);
    set_v(&h, 0, BYTES_LO + 0x2020202020202020ull, BYTES_HI + 0x2020202020202020ull);
    set_v(&h, 1, BYTES_LO + 0x3030303030303030ull, BYTES_HI + 0x3030303030303030ull);
    set_v(&h, 3, B8(63, 32, 47, 64, 0, 16, 48, 33), 0);
    run1(&h, 0x0e0363c0u /* tbl v0.8b, {v30.16b, v31.16b, v0.16b, v1.16b}, v3.8b */);
    expect_v(&h, 0, B8(63, 32, 47, 0, 0, 16, 48, 33), 0);
    h_free(&h);
}

static void test_exec_simd_perm_modified_immediate(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    static const struct {
        uint32_t insn;
        uint64_t lo, hi; /* with V0 = JUNK before */
    } cases[] = {
        { 0x4f02e420u /* movi v0.16b, #0x41 */, 0x4141414141414141ull, 0x4141414141414141ull },
        { 0x4f026420u /* movi v0.4s, #0x41, lsl #24 */, 0x4100000041000000ull, 0x4100000041000000ull },
        { 0x0f022420u /* movi v0.2s, #0x41, lsl #8 */, 0x0000410000004100ull, 0 },
        { 0x4f05a560u /* movi v0.8h, #0xab, lsl #8 */, 0xab00ab00ab00ab00ull, 0xab00ab00ab00ab00ull },
        { 0x0f058560u /* movi v0.4h, #0xab */, 0x00ab00ab00ab00abull, 0 },
        { 0x0f00d640u /* movi v0.2s, #0x12, msl #16 */, 0x0012ffff0012ffffull, 0 },
        { 0x4f00c640u /* movi v0.4s, #0x12, msl #8 */, 0x000012ff000012ffull, 0x000012ff000012ffull },
        { 0x6f00c640u /* mvni v0.4s, #0x12, msl #8 */, 0xffffed00ffffed00ull, 0xffffed00ffffed00ull },
        { 0x6f00a420u /* mvni v0.8h, #0x1, lsl #8 */, 0xfefffefffefffeffull, 0xfefffefffefffeffull },
        { 0x2f040400u /* mvni v0.2s, #0x80 */, 0xffffff7fffffff7full, 0 },
        { 0x2f05e540u /* movi d0, #0xff00ff00ff00ff00 */, 0xff00ff00ff00ff00ull, 0 },
        { 0x6f02e420u /* movi v0.2d, #0x00ff0000000000ff */, 0x00ff0000000000ffull, 0x00ff0000000000ffull },
        { 0x4f045400u /* orr v0.4s, #0x80, lsl #16 */, JUNK | 0x0080000000800000ull, JUNK | 0x0080000000800000ull },
        { 0x0f009420u /* orr v0.4h, #0x01 */, JUNK | 0x0001000100010001ull, 0 },
        { 0x6f0797e0u /* bic v0.8h, #0xff */, JUNK & ~0x00ff00ff00ff00ffull, JUNK & ~0x00ff00ff00ff00ffull },
        { 0x2f0775e0u /* bic v0.2s, #0xef, lsl #24 */, JUNK & ~0xef000000ef000000ull, 0 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_v(&h, 0, JUNK, JUNK);
        run1(&h, cases[i].insn);
        expect_v(&h, 0, cases[i].lo, cases[i].hi);
    }
    /* cmode 1111 is FMOV (vector, immediate) (a64_simd_fp.def; tested in test_exec_simd_fp_cvt.c):
     * it shares the group, so check here that it is not one of the integer forms */
    set_v(&h, 0, JUNK, JUNK);
    run1(&h, 0x4f03f600u /* fmov v0.4s, #1.0 */);
    expect_v(&h, 0, 0x3f8000003f800000ull, 0x3f8000003f800000ull);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_perm_dup_ins_umov_smov),
        cmocka_unit_test(test_exec_simd_perm_zip_uzp_trn),
        cmocka_unit_test(test_exec_simd_perm_ext_and_tbl),
        cmocka_unit_test(test_exec_simd_perm_modified_immediate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
