/*
 * Scalar FP conversion and rounding instructions (src/cpu/exec_fp_cvt.c): FCVT between
 * precisions (AHP), FRINT*, FCVT{N,P,M,Z,A}{S,U} (W results zero-extended into X, saturation),
 * SCVTF/UCVTF (W sources use only the low 32 bits) and the fixed-point forms.
 */
#include "fp_exec_cases.h"

static const struct fp_case cases[] = {
    FPC(0x1e22c020u /* fcvt d0, s1 */, 0, 0x3fc00000, 0, 0, TO_V0, 0x3ff8000000000000ull, 0, 0),
    FPC(0x1e22c020u /* fcvt d0, s1 */, 0, 0x7f812345, 0, 0, TO_V0, 0x7ff82468a0000000ull, F_IOC, 0),
    FPC(0x1e23c020u /* fcvt h0, s1 */, 0, 0x477ff000, 0, 0, TO_V0, 0x7c00, F_OFC | F_IXC, 0),
    FPC(0x1e23c020u /* fcvt h0, s1 */, FP_AHP, 0x477ff000, 0, 0, TO_V0, 0x7c00, F_IXC, 0),
    FPC(0x1ee24020u /* fcvt s0, h1 */, 0, 0xffff3c00ull, 0, 0, TO_V0, 0x3f800000, 0, 0),
    FPC(0x1ee24020u /* fcvt s0, h1 */, FP_AHP, 0x7c00, 0, 0, TO_V0, 0x47800000, 0, 0),
    FPC(0x1e63c020u /* fcvt h0, d1 */, 0, 0x3ff0000000000000ull, 0, 0, TO_V0, 0x3c00, 0, 0),
    FPC(0x1e624020u /* fcvt s0, d1 */, 0, 0x3fd5555555555555ull, 0, 0, TO_V0, 0x3eaaaaab, F_IXC, 0),
    FPC(0x1e624020u /* fcvt s0, d1 */, FP_FZ, 1, 0, 0, TO_V0, 0, F_IDC, 0),
    FPC(0x1ee2c020u /* fcvt d0, h1 */, FP_FZ, 0x0001, 0, 0, TO_V0, 0x3e70000000000000ull, 0, 0),
    FPC(0x1e244020u /* frintn s0, s1 */, FP_RP, 0x40200000, 0, 0, TO_V0, 0x40000000, 0, 0),
    FPC(0x1e24c020u /* frintp s0, s1 */, 0, 0x40200000, 0, 0, TO_V0, 0x40400000, 0, 0),
    FPC(0x1e254020u /* frintm s0, s1 */, 0, 0xc0200000, 0, 0, TO_V0, 0xc0400000, 0, 0),
    FPC(0x1e25c020u /* frintz s0, s1 */, 0, 0xc0200000, 0, 0, TO_V0, 0xc0000000, 0, 0),
    FPC(0x1e264020u /* frinta s0, s1 */, 0, 0x40200000, 0, 0, TO_V0, 0x40400000, 0, 0),
    FPC(0x1e274020u /* frintx s0, s1 */, 0, 0x40200000, 0, 0, TO_V0, 0x40000000, F_IXC, 0),
    FPC(0x1e274020u /* frintx s0, s1 */, FP_RP, 0x40200000, 0, 0, TO_V0, 0x40400000, F_IXC, 0),
    FPC(0x1e27c020u /* frinti s0, s1 */, FP_RM, 0x40200000, 0, 0, TO_V0, 0x40000000, 0, 0),
    FPC(0x1e664020u /* frinta d0, d1 */, 0, 0xbfe0000000000000ull, 0, 0, TO_V0, 0xbff0000000000000ull, 0, 0),
    FPC(0x1e244020u /* frintn s0, s1 */, 0, 0x7f800001, 0, 0, TO_V0, 0x7fc00001, F_IOC, 0),
    FPC(0x1e380020u /* fcvtzs w0, s1 */, 0, 0x4f32d05e, 0, 0, TO_X0, 0x7fffffff, F_IOC, 0),
    FPC(0x1e380020u /* fcvtzs w0, s1 */, 0, 0xbfc00000, 0, 0, TO_X0, 0xffffffff, F_IXC, 0),
    FPC(0x9e780020u /* fcvtzs x0, d1 */, 0, 0xc3e0000000000000ull, 0, 0, TO_X0, 0x8000000000000000ull, 0, 0),
    FPC(0x9e780020u /* fcvtzs x0, d1 */, 0, 0x7ff8000000000000ull, 0, 0, TO_X0, 0, F_IOC, 0),
    FPC(0x1e200020u /* fcvtns w0, s1 */, FP_RZ, 0x40200000, 0, 0, TO_X0, 2, F_IXC, 0),
    FPC(0x9e650020u /* fcvtau x0, d1 */, 0, 0x4004000000000000ull, 0, 0, TO_X0, 3, F_IXC, 0),
    FPC(0x9e650020u /* fcvtau x0, d1 */, 0, 0xbfe0000000000000ull, 0, 0, TO_X0, 0, F_IOC, 0),
    FPC(0x1e790020u /* fcvtzu w0, d1 */, 0, 0xbfe0000000000000ull, 0, 0, TO_X0, 0, F_IXC, 0),
    FPC(0x1e30003fu /* fcvtms wzr, s1 */, 0, 0x40200000, 0, 0, TO_X0, FP_JUNK, F_IXC, 0),
    FPC(0x9e280020u /* fcvtps x0, s1 */, 0, 0x40200000, 0, 0, TO_X0, 3, F_IXC, 0),
    FPC(0x1e610020u /* fcvtnu w0, d1 */, 0, 0x41f0000000000000ull, 0, 0, TO_X0, 0xffffffff, F_IOC, 0),
    FPC(0x1e240020u /* fcvtas w0, s1 */, 0, 0xc0200000, 0, 0, TO_X0, 0xfffffffd, F_IXC, 0),
    FPC(0x9e710020u /* fcvtmu x0, d1 */, 0, 0x3ff8000000000000ull, 0, 0, TO_X0, 1, F_IXC, 0),
    FPC(0x1e290020u /* fcvtpu w0, s1 */, 0, 0x3e800000, 0, 0, TO_X0, 1, F_IXC, 0),
    FPC(0x1e620020u /* scvtf d0, w1 */, 0, 0xffffffff80000000ull, 0, 0, TO_V0, 0xc1e0000000000000ull, 0, 0),
    FPC(0x9e230020u /* ucvtf s0, x1 */, 0, ~0ull, 0, 0, TO_V0, 0x5f800000, F_IXC, 0),
    FPC(0x9e230020u /* ucvtf s0, x1 */, FP_RZ, ~0ull, 0, 0, TO_V0, 0x5f7fffff, F_IXC, 0),
    FPC(0x9e220020u /* scvtf s0, x1 */, 0, 0x8000000000000000ull, 0, 0, TO_V0, 0xdf000000, 0, 0),
    FPC(0x1e630020u /* ucvtf d0, w1 */, 0, ~0ull, 0, 0, TO_V0, 0x41efffffffe00000ull, 0, 0),
    FPC(0x9e42f420u /* scvtf d0, x1, #3 */, 0, 12, 0, 0, TO_V0, 0x3ff8000000000000ull, 0, 0),
    FPC(0x1e038020u /* ucvtf s0, w1, #32 */, 0, 0xffffffff80000000ull, 0, 0, TO_V0, 0x3f000000, 0, 0),
    FPC(0x1e18f020u /* fcvtzs w0, s1, #4 */, 0, 0x3fc00000, 0, 0, TO_X0, 24, 0, 0),
    /* -1.515625 * 16 = -24.25: always toward zero, whatever FPCR.RMode says */
    FPC(0x1e18f020u /* fcvtzs w0, s1, #4 */, FP_RM, 0xbfc20000, 0, 0, TO_X0, 0xffffffe8, F_IXC, 0),
    FPC(0x9e590020u /* fcvtzu x0, d1, #64 */, 0, 0x3fe0000000000000ull, 0, 0, TO_X0, 0x8000000000000000ull, 0, 0),
    FPC(0x9e590020u /* fcvtzu x0, d1, #64 */, 0, 0x3ff0000000000000ull, 0, 0, TO_X0, ~0ull, F_IOC, 0),
};

static void test_exec_fp_cvt_cases(void **state)
{
    (void)state;
    assert_int_equal(fp_run_cases(cases, sizeof cases / sizeof cases[0]), 0);
}

static void test_exec_fp_cvt_trap_and_undefined(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x1e22c020u, 0x1e23c020u, 0x1ee24020u, 0x1e244020u, 0x1e27c020u, 0x1e380020u,
        0x9e780020u, 0x9e650020u, 0x1e620020u, 0x9e230020u, 0x9e42f420u, 0x1e18f020u,
    };
    assert_int_equal(fp_check_traps(insns, sizeof insns / sizeof insns[0]), 0);
}

/* 32-bit fixed-point forms need scale<5> = 1; FCVT to the same precision and FRINT opcode 101
 * are unallocated. */
static void test_exec_fp_cvt_unallocated_forms_undefined(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x1e18f020u & ~0x8000u, /* fcvtzs w0, s1 with scale<5> = 0 */
        0x1e038020u & ~0x8000u, /* ucvtf s0, w1 with scale<5> = 0 */
        0x1e224020u,            /* fcvt s0, s1 */
        0x1e26c020u,            /* frint opcode 101 */
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
        cmocka_unit_test(test_exec_fp_cvt_cases),
        cmocka_unit_test(test_exec_fp_cvt_trap_and_undefined),
        cmocka_unit_test(test_exec_fp_cvt_unallocated_forms_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
