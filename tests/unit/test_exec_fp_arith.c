/*
 * Scalar FP arithmetic instructions (src/cpu/exec_fp_arith.c): 1-, 2- and 3-source data
 * processing on V registers, FPCR honoured, FPSR flags accumulated, the rest of Vd zeroed, the
 * NaN sign rules of FNMUL and the FMADD family, the access trap and FEAT_FP gating.
 */
#include "fp_exec_cases.h"

#define S1 0x3f800000ull
#define S2 0x40000000ull
#define S3 0x40400000ull
#define D1 0x3ff0000000000000ull
#define D2 0x4000000000000000ull
#define D3 0x4008000000000000ull

static const struct fp_case cases[] = {
    FPC(0x1e222820u /* fadd s0, s1, s2 */, 0, S1, S2, 0, TO_V0, S3, 0, 0),
    FPC(0x1e622820u /* fadd d0, d1, d2 */, FP_RP, D1, 1, 0, TO_V0, 0x3ff0000000000001ull, F_IXC, 0),
    FPC(0x1e622820u /* fadd d0, d1, d2 */, 0, D1, 1, 0, TO_V0, D1, F_IXC, 0),
    FPC(0x1e222820u /* fadd s0, s1, s2 */, FP_FZ, 1, S1, 0, TO_V0, S1, F_IDC, 0),
    FPC(0x1e223820u /* fsub s0, s1, s2 */, FP_RM, S1, S1, 0, TO_V0, 0x80000000ull, 0, 0),
    FPC(0x1e223820u /* fsub s0, s1, s2 */, 0, 0x7f800000, 0x7f800000, 0, TO_V0, 0x7fc00000, F_IOC, 0),
    FPC(0x1e620820u /* fmul d0, d1, d2 */, 0, 0x7fefffffffffffffull, D2, 0, TO_V0, 0x7ff0000000000000ull, F_OFC | F_IXC, 0),
    FPC(0x1e620820u /* fmul d0, d1, d2 */, FP_RZ, 0x7fefffffffffffffull, D2, 0, TO_V0, 0x7fefffffffffffffull, F_OFC | F_IXC, 0),
    FPC(0x1e221820u /* fdiv s0, s1, s2 */, 0, S1, 0, 0, TO_V0, 0x7f800000, F_DZC, 0),
    FPC(0x1e221820u /* fdiv s0, s1, s2 */, 0, S1, S3, 0, TO_V0, 0x3eaaaaab, F_IXC, 0),
    FPC(0x1e224820u /* fmax s0, s1, s2 */, 0, 0, 0x80000000, 0, TO_V0, 0, 0, 0),
    FPC(0x1e625820u /* fmin d0, d1, d2 */, 0, D1, 0x7ff8000000000001ull, 0, TO_V0, 0x7ff8000000000001ull, 0, 0),
    FPC(0x1e625820u /* fmin d0, d1, d2 */, 0, D1, 0x8000000000000000ull, 0, TO_V0, 0x8000000000000000ull, 0, 0),
    FPC(0x1e226820u /* fmaxnm s0, s1, s2 */, 0, 0x7fc00000, S1, 0, TO_V0, S1, 0, 0),
    FPC(0x1e227820u /* fminnm s0, s1, s2 */, 0, 0x7f800001, S1, 0, TO_V0, 0x7fc00001, F_IOC, 0),
    FPC(0x1e227820u /* fminnm s0, s1, s2 */, FP_DN, 0x7f800001, S1, 0, TO_V0, 0x7fc00000, F_IOC, 0),
    /* FNMUL negates the product, and so a NaN result too */
    FPC(0x1e228820u /* fnmul s0, s1, s2 */, 0, S2, S3, 0, TO_V0, 0xc0c00000, 0, 0),
    FPC(0x1e228820u /* fnmul s0, s1, s2 */, 0, 0x7fc00001, S1, 0, TO_V0, 0xffc00001, 0, 0),
    FPC(0x1e228820u /* fnmul s0, s1, s2 */, FP_DN, 0x7fc00001, S1, 0, TO_V0, 0xffc00000, 0, 0),
    /* FMADD family: Rd = (+-)Ra (+-) Rn*Rm with V3 = Ra */
    FPC(0x1f020c20u /* fmadd s0, s1, s2, s3 */, 0, S2, S3, S1, TO_V0, 0x40e00000, 0, 0),
    FPC(0x1f028c20u /* fmsub s0, s1, s2, s3 */, 0, S2, S3, S1, TO_V0, 0xc0a00000, 0, 0),
    FPC(0x1f220c20u /* fnmadd s0, s1, s2, s3 */, 0, S2, S3, S1, TO_V0, 0xc0e00000, 0, 0),
    FPC(0x1f628c20u /* fnmsub d0, d1, d2, d3 */, 0, D2, D3, D1, TO_V0, 0x4014000000000000ull, 0, 0),
    /* fused: (1+2^-23)^2 - (1+2^-22) = 2^-46, which a separate multiply would lose */
    FPC(0x1f020c20u /* fmadd s0, s1, s2, s3 */, 0, 0x3f800001, 0x3f800001, 0xbf800002, TO_V0, 0x28800000, 0, 0),
    /* the negation happens to the operand before NaN propagation */
    FPC(0x1f028c20u /* fmsub s0, s1, s2, s3 */, 0, 0x7fc00001, S1, S1, TO_V0, 0xffc00001, 0, 0),
    FPC(0x1f220c20u /* fnmadd s0, s1, s2, s3 */, 0, S1, S1, 0x7fc00002, TO_V0, 0xffc00002, 0, 0),
    FPC(0x1f020c20u /* fmadd s0, s1, s2, s3 */, 0, 0x7f800000, 0, 0x7fc00002, TO_V0, 0x7fc00000, F_IOC, 0),
    /* FABS/FNEG: sign bit only, a signalling NaN stays signalling and raises nothing */
    FPC(0x1e20c020u /* fabs s0, s1 */, 0, 0xff800001, 0, 0, TO_V0, 0x7f800001, 0, 0),
    FPC(0x1e214020u /* fneg s0, s1 */, 0, 0x7f800001, 0, 0, TO_V0, 0xff800001, 0, 0),
    FPC(0x1e614020u /* fneg d0, d1 */, 0, 0, 0, 0, TO_V0, 0x8000000000000000ull, 0, 0),
    FPC(0x1e214020u /* fneg s0, s1 */, FP_FZ, 1, 0, 0, TO_V0, 0x80000001, 0, 0),
    FPC(0x1e21c020u /* fsqrt s0, s1 */, 0, 0x40800000, 0, 0, TO_V0, S2, 0, 0),
    FPC(0x1e21c020u /* fsqrt s0, s1 */, 0, 0xbf800000, 0, 0, TO_V0, 0x7fc00000, F_IOC, 0),
    FPC(0x1e21c020u /* fsqrt s0, s1 */, FP_FZ, 0x00000005, 0, 0, TO_V0, 0, F_IDC, 0),
    FPC(0x1e21c020u /* fsqrt s0, s1 */, 0, S2, 0, 0, TO_V0, 0x3fb504f3, F_IXC, 0),
};

static void test_exec_fp_arith_cases(void **state)
{
    (void)state;
    assert_int_equal(fp_run_cases(cases, sizeof cases / sizeof cases[0]), 0);
}

/* FPSR's flags are cumulative: an exact operation keeps earlier flags, a new flag is ORed in. */
static void test_exec_fp_arith_fpsr_is_cumulative(void **state)
{
    (void)state;
    struct harness h;
    fp_exec_init(&h);
    const uint32_t code[] = { 0x1e221820u /* fdiv s0, s1, s2 */, 0x1e222820u /* fadd s0, s1, s2 */ };
    h.cpu->fpsr = F_UFC;
    h.cpu->vreg[1][0] = S1;
    h.cpu->vreg[2][0] = 0;
    h_code(&h, code, 2);
    h_step(&h, 1);
    assert_int_equal(h.cpu->fpsr, F_UFC | F_DZC);
    h.cpu->vreg[2][0] = S2;
    h_step(&h, 1);
    assert_int_equal(h.cpu->fpsr, F_UFC | F_DZC);
    assert_int_equal(h.cpu->vreg[0][0], S3);
    h_free(&h);
}

static void test_exec_fp_arith_trap_and_undefined(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x1e222820u, 0x1e223820u, 0x1e620820u, 0x1e221820u, 0x1e224820u, 0x1e625820u,
        0x1e226820u, 0x1e227820u, 0x1e228820u, 0x1f020c20u, 0x1f028c20u, 0x1f220c20u,
        0x1f628c20u, 0x1e20c020u, 0x1e614020u, 0x1e21c020u,
    };
    assert_int_equal(fp_check_traps(insns, sizeof insns / sizeof insns[0]), 0);
}

/* ftype = 10 and half-precision arithmetic (FEAT_FP16) are unallocated: UNDEFINED. */
static void test_exec_fp_arith_unallocated_forms_undefined(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x1ea22820u, /* fadd with ftype 10 */
        0x1ee22820u, /* fadd h0, h1, h2 (FEAT_FP16) */
        0x1e229820u, /* 2-source opcode 1001 */
        0x1e20c020u | 0x00c00000u, /* fabs h0, h1 (FEAT_FP16) */
    };
    for (size_t i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        struct harness h;
        fp_exec_init(&h);
        h_code(&h, &insns[i], 1);
        h_step(&h, 1);
        assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0);
        assert_int_not_equal(h.cpu->pc, H_CODE + 4);
        h_free(&h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_fp_arith_cases),
        cmocka_unit_test(test_exec_fp_arith_fpsr_is_cumulative),
        cmocka_unit_test(test_exec_fp_arith_trap_and_undefined),
        cmocka_unit_test(test_exec_fp_arith_unallocated_forms_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
