/*
 * Floating-point Advanced SIMD two-register miscellaneous (src/cpu/exec_simd_fp_misc.c and the
 * compares with zero in exec_simd_fp_cmp.c): FABS/FNEG/FSQRT, FRINT*, FCVT[NPMZA][SU], SCVTF/
 * UCVTF (integer), FRECPE/FRSQRTE, URECPE/URSQRTE, FCMxx #0.0, vector and scalar. Expected
 * values from the Arm ARM pseudocode (FPRoundInt, FPToFixed, FixedToFP, FPRecipEstimate,
 * UnsignedRecipEstimate: RecipEstimate(a) = ((2^19 DIV (2a+1)) + 1) DIV 2 ...).
 */
#include "simd_fp_cases.h"

#define SNAN1 0x7f800001u
#define QNAN1 0x7fc00001u
#define S_HALF_M 0xbf000000u /* -0.5 */
#define S_1_5 0x3fc00000u
#define S_2_5 0x40200000u
#define S_1_25 0x3fa00000u

static const struct vfp_case cases[] = {
    /* FABS/FNEG only touch the sign bit: a signalling NaN stays signalling, no IOC */
    VFC(0x4ea0f820u /* fabs v0.4s, v1.4s */, 0, JUNK, JUNK, S4(0xff800001u, S_MZ, S_NINF, S_M1), 0, 0,
        S4(SNAN1, 0, S_INF, S_1), 0),
    VFC(0x6ee0f820u /* fneg v0.2d, v1.2d */, 0, JUNK, JUNK, D2(0x7ff0000000000001ull, 0), 0, 0,
        D2(0xfff0000000000001ull, D_MZ), 0),
    /* FSQRT: sqrt(4) = 2, sqrt(-1) = default NaN with IOC */
    VFC(0x6ee1f820u /* fsqrt v0.2d, v1.2d */, 0, JUNK, JUNK, D2(0x4010000000000000ull, D_M1), 0, 0, D2(D_2, D_DN), F_IOC),
    /* FRINTN: ties to even; not exact, so no IXC */
    VFC(0x4e218820u /* frintn v0.4s, v1.4s */, 0, JUNK, JUNK, S4(S_HALF, S_1_5, S_2_5, S_HALF_M), 0, 0,
        S4(0, S_2, S_2, S_MZ), 0),
    /* FRINTA: ties away; an SNaN is quieted with IOC */
    VFC(0x6e218820u /* frinta v0.4s, v1.4s */, 0, JUNK, JUNK, S4(S_HALF, 0xc0200000u, S_1_25, SNAN1), 0, 0,
        S4(S_1, 0xc0400000u, S_1, QNAN1), F_IOC),
    /* FRINTX: FPCR rounding (RP here), IXC when inexact; a denormal rounds up to 1 */
    VFC(0x6e219820u /* frintx v0.4s, v1.4s */, FP_RP, JUNK, JUNK, S4(S_1_25, 0xbfa00000u, S_2, 0x00000001u), 0, 0,
        S4(S_2, S_M1, S_2, S_1), F_IXC),
    /* FRINTI: FPCR rounding (RM), never IXC; 2S zeroes the upper half */
    VFC(0x2ea19820u /* frinti v0.2s, v1.2s */, FP_RM, JUNK, JUNK, S2(0x3fe00000u, 0xbe800000u), JUNK, 0, 0,
        S2(S_1, S_M1), 0, 0),
    /* FRINTZ 2D: -1.9 -> -1; 1e300 is already integral */
    VFC(0x4ee19820u /* frintz v0.2d, v1.2d */, 0, JUNK, JUNK, D2(0xbffe666666666666ull, 0x7e37e43c8800759cull), 0, 0,
        D2(D_M1, 0x7e37e43c8800759cull), 0),
    /* FRINTM / FRINTP keep the sign of a zero result */
    VFC(0x4e219820u /* frintm v0.4s, v1.4s */, 0, JUNK, JUNK, S4(S_HALF_M, S_HALF, S_MZ, S_INF), 0, 0,
        S4(S_M1, 0, S_MZ, S_INF), 0),
    VFC(0x4ea18820u /* frintp v0.4s, v1.4s */, 0, JUNK, JUNK, S4(S_HALF_M, S_HALF, S_1, S_NINF), 0, 0,
        S4(S_MZ, S_1, S_1, S_NINF), 0),
    /* FCVTZS 4S: truncation (IXC); 2^32 saturates to INT32_MAX and a NaN converts to 0, both IOC */
    VFC(0x4ea1b820u /* fcvtzs v0.4s, v1.4s */, 0, JUNK, JUNK, S4(0x3ff33333u, 0xbff33333u, 0x4f800000u, QNAN1), 0, 0,
        S4(1, ONES, 0x7fffffffu, 0), F_IXC | F_IOC),
    /* FCVTZU 2D: a negative value saturates to 0, 2^64 to all ones, both IOC */
    VFC(0x6ee1b820u /* fcvtzu v0.2d, v1.2d */, 0, JUNK, JUNK, D2(D_M1, 0x43f0000000000000ull), 0, 0, D2(0, D_ONES), F_IOC),
    /* FCVTNS: ties to even */
    VFC(0x4e21a820u /* fcvtns v0.4s, v1.4s */, 0, JUNK, JUNK, S4(S_2_5, 0x40600000u, 0xc0200000u, 0x3ecccccdu), 0, 0,
        S4(2, 4, 0xfffffffeu, 0), F_IXC),
    /* FCVTAS: ties away */
    VFC(0x4e21c820u /* fcvtas v0.4s, v1.4s */, 0, JUNK, JUNK, S4(S_2_5, 0xc0200000u, S_HALF, S_HALF_M), 0, 0,
        S4(3, 0xfffffffdu, 1, ONES), F_IXC),
    /* FCVTMS: -2^31 is exact, the next float below saturates */
    VFC(0x4e21b820u /* fcvtms v0.4s, v1.4s */, 0, JUNK, JUNK, S4(S_HALF_M, S_1_5, 0xcf000000u, 0xcf000001u), 0, 0,
        S4(ONES, 1, 0x80000000u, 0x80000000u), F_IXC | F_IOC),
    /* FCVTPS: -0.1 rounds to (-)0; 2^31 saturates */
    VFC(0x4ea1a820u /* fcvtps v0.4s, v1.4s */, 0, JUNK, JUNK, S4(0x3dcccccdu, 0xbdcccccdu, 0x4effffffu, 0x4f000000u), 0, 0,
        S4(1, 0, 0x7fffff80u, 0x7fffffffu), F_IXC | F_IOC),
    /* FCVTNU: -0.4 rounds to 0 (in range: IXC only); 0.5 ties to 0; 2^32 saturates */
    VFC(0x6e21a820u /* fcvtnu v0.4s, v1.4s */, 0, JUNK, JUNK, S4(0xbecccccdu, S_HALF, S_1_5, 0x4f800000u), 0, 0,
        S4(0, 0, 2, ONES), F_IXC | F_IOC),
    /* FCVTAU 2D: -0.5 rounds away to -1, which saturates to 0 with IOC */
    VFC(0x6e61c820u /* fcvtau v0.2d, v1.2d */, 0, JUNK, JUNK, D2(0x4004000000000000ull, 0xbfe0000000000000ull), 0, 0,
        D2(3, 0), F_IXC | F_IOC),
    VFC(0x2e21b820u /* fcvtmu v0.2s, v1.2s */, 0, JUNK, JUNK, S2(S_1_5, S_MZ), JUNK, 0, 0, S2(1, 0), 0, F_IXC),
    /* FCVTPU: 4294967040 is exact; NaN and +inf saturate with IOC */
    VFC(0x6ea1a820u /* fcvtpu v0.4s, v1.4s */, 0, JUNK, JUNK, S4(0x3dcccccdu, 0x4f7fffffu, QNAN1, S_INF), 0, 0,
        S4(1, 0xffffff00u, 0, ONES), F_IXC | F_IOC),
    /* SCVTF: INT32_MAX rounds to 2^31 (RN) or 2^31 - 128 (RZ) */
    VFC(0x4e21d820u /* scvtf v0.4s, v1.4s */, 0, JUNK, JUNK, S4(1, ONES, 0x7fffffffu, 0x80000000u), 0, 0,
        S4(S_1, S_M1, 0x4f000000u, 0xcf000000u), F_IXC),
    VFC(0x4e21d820u /* scvtf v0.4s, v1.4s */, FP_RZ, JUNK, JUNK, S4(1, ONES, 0x7fffffffu, 0x80000000u), 0, 0,
        S4(S_1, S_M1, 0x4effffffu, 0xcf000000u), F_IXC),
    VFC(0x6e21d820u /* ucvtf v0.4s, v1.4s */, 0, JUNK, JUNK, S4(ONES, 0, 1, 0x80000000u), 0, 0,
        S4(0x4f800000u, 0, S_1, 0x4f000000u), F_IXC),
    VFC(0x6e61d820u /* ucvtf v0.2d, v1.2d */, 0, JUNK, JUNK, D2(D_ONES, 1), 0, 0, D2(0x43f0000000000000ull, D_1), F_IXC),
    VFC(0x6e61d820u /* ucvtf v0.2d, v1.2d */, FP_RZ, JUNK, JUNK, D2(D_ONES, 1), 0, 0, D2(0x43efffffffffffffull, D_1), F_IXC),
    /* scalar forms: element 0, rest zeroed */
    VFC(0x5e61d820u /* scvtf d0, d1 */, 0, JUNK, JUNK, D_ONES, JUNK, 0, 0, D_M1, 0, 0),
    VFC(0x5ea1b820u /* fcvtzs s0, s1 */, 0, JUNK, JUNK, S2(0xbfc00000u, SNAN1), JUNK, 0, 0, ONES, 0, F_IXC),
    VFC(0x7e61c820u /* fcvtau d0, d1 */, 0, JUNK, JUNK, 0x4004000000000000ull, JUNK, 0, 0, 3, 0, F_IXC),
    /* FRECPE: 1 -> 0x3f7f8000 (estimate 511/512); -0 -> -inf with DZC; inf -> +0; quiet NaN */
    VFC(0x4ea1d820u /* frecpe v0.4s, v1.4s */, 0, JUNK, JUNK, S4(S_1, S_MZ, S_INF, QNAN1), 0, 0,
        S4(0x3f7f8000u, S_NINF, 0, QNAN1), F_DZC),
    VFC(0x6ee1d820u /* frsqrte v0.2d, v1.2d */, 0, JUNK, JUNK, D2(D_1, D_M1), 0, 0, D2(0x3feff00000000000ull, D_DN), F_IOC),
    /* URECPE: bit 31 clear -> all ones; else RecipEstimate(bits 31:23) in bits 31:23:
     * 256 -> (2^19 DIV 513 + 1) DIV 2 = 511; 511 -> 256; 384 -> (681 + 1) DIV 2 = 341 */
    VFC(0x4ea1c820u /* urecpe v0.4s, v1.4s */, 0, JUNK, JUNK, S4(0x80000000u, 0x7fffffffu, ONES, 0xc0000000u), 0, 0,
        S4(0xff800000u, ONES, 0x80000000u, 0xaa800000u), 0),
    /* URSQRTE: bits 31:30 = 00 -> all ones; else RecipSqrtEstimate(bits 31:23): 128 -> 511,
     * 256 -> 361 (b = 722), 511 -> 256 (b = 512) */
    VFC(0x6ea1c820u /* ursqrte v0.4s, v1.4s */, 0, JUNK, JUNK, S4(0x3fffffffu, 0x40000000u, 0x80000000u, ONES), 0, 0,
        S4(ONES, 0xff800000u, 0xb4800000u, 0x80000000u), 0),
    VFC(0x0ea1c820u /* urecpe v0.2s, v1.2s */, 0, JUNK, JUNK, S2(0x80000000u, ONES), JUNK, 0, 0,
        S2(0xff800000u, 0x80000000u), 0, 0),
    /* compares with zero: GT/GE/LE/LT signal on any NaN, EQ only on a signalling one */
    VFC(0x4ea0c820u /* fcmgt v0.4s, v1.4s, #0.0 */, 0, JUNK, JUNK, S4(S_1, S_MZ, QNAN1, S_M1), 0, 0,
        S4(ONES, 0, 0, 0), F_IOC),
    VFC(0x4ea0d820u /* fcmeq v0.4s, v1.4s, #0.0 */, 0, JUNK, JUNK, S4(S_MZ, QNAN1, SNAN1, S_1), 0, 0,
        S4(ONES, 0, 0, 0), F_IOC),
    VFC(0x4ea0d820u /* fcmeq v0.4s, v1.4s, #0.0 */, 0, JUNK, JUNK, S4(0x00000001u, QNAN1, 0x80000001u, S_1), 0, 0,
        S4(0, 0, 0, 0), 0),
    /* ... with FZ the denormals equal zero (IDC) */
    VFC(0x4ea0d820u /* fcmeq v0.4s, v1.4s, #0.0 */, FP_FZ, JUNK, JUNK, S4(0x00000001u, QNAN1, 0x80000001u, S_1), 0, 0,
        S4(ONES, 0, ONES, 0), F_IDC),
    /* FCMLE x, #0 is FPCompareGE(0, x); FCMLT FPCompareGT(0, x) */
    VFC(0x6ea0d820u /* fcmle v0.4s, v1.4s, #0.0 */, 0, JUNK, JUNK, S4(S_M1, 0, S_1, QNAN1), 0, 0,
        S4(ONES, ONES, 0, 0), F_IOC),
    VFC(0x4ea0e820u /* fcmlt v0.4s, v1.4s, #0.0 */, 0, JUNK, JUNK, S4(S_M1, S_MZ, S_1, S_NINF), 0, 0,
        S4(ONES, 0, 0, ONES), 0),
    VFC(0x6ee0c820u /* fcmge v0.2d, v1.2d, #0.0 */, 0, JUNK, JUNK, D2(0, 0x8000000000000001ull), 0, 0, D2(D_ONES, 0), 0),
    VFC(0x5ea0d820u /* fcmeq s0, s1, #0.0 */, 0, JUNK, JUNK, S2(S_MZ, SNAN1), JUNK, 0, 0, ONES, 0, 0),
    VFC(0x5ee0e820u /* fcmlt d0, d1, #0.0 */, 0, JUNK, JUNK, D_M1, JUNK, 0, 0, D_ONES, 0, 0),
};

static void test_exec_simd_fp_misc_cases(void **state)
{
    (void)state;
    assert_int_equal(vfp_run_cases(cases, sizeof cases / sizeof cases[0]), 0);
}

/* The 1D vector forms (sz = 1, Q = 0) are reserved: UNDEFINED before the access check. */
static void test_exec_simd_fp_misc_reserved(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x0ee0f820u, /* fabs v0.1d */
        0x0ee1b820u, /* fcvtzs v0.1d */
        0x0ee0c820u, /* fcmgt v0.1d, #0.0 */
        0x2ee1f820u, /* fsqrt v0.1d */
    };
    assert_int_equal(vfp_check_reserved(insns, sizeof insns / sizeof insns[0]), 0);
}

static void test_exec_simd_fp_misc_trap_and_undefined(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x4ea0f820u, 0x6ee1f820u, 0x4e218820u, 0x4ea1b820u, 0x6e21d820u, 0x5e61d820u,
        0x4ea1c820u, 0x6ea1c820u, 0x4ea0c820u, 0x5ee0e820u,
    };
    assert_int_equal(fp_check_traps(insns, sizeof insns / sizeof insns[0]), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_fp_misc_cases),
        cmocka_unit_test(test_exec_simd_fp_misc_reserved),
        cmocka_unit_test(test_exec_simd_fp_misc_trap_and_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
