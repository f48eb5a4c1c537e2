/*
 * The scalar FP estimate and Newton-Raphson step instructions (src/cpu/exec_fp_estimate.c):
 * FRECPE, FRSQRTE, FRECPX, FMULX, FRECPS, FRSQRTS in single and double precision.
 */
#include "fp_exec_cases.h"

static const struct fp_case cases[] = {
    FPC(0x5ea1d820u /* frecpe s0, s1 */, 0, 0x3f800000, 0, 0, TO_V0, 0x3f7f8000, 0, 0),
    FPC(0x5ee1d820u /* frecpe d0, d1 */, 0, 0x3ff0000000000000ull, 0, 0, TO_V0, 0x3feff00000000000ull, 0, 0),
    FPC(0x5ea1d820u /* frecpe s0, s1 */, 0, 0x80000000, 0, 0, TO_V0, 0xff800000, F_DZC, 0),
    FPC(0x5ea1d820u /* frecpe s0, s1 */, FP_RZ, 0x00100000, 0, 0, TO_V0, 0x7f7fffff, F_OFC | F_IXC, 0),
    FPC(0x7ea1d820u /* frsqrte s0, s1 */, 0, 0x40800000, 0, 0, TO_V0, 0x3eff8000, 0, 0),
    FPC(0x7ee1d820u /* frsqrte d0, d1 */, 0, 0x3ff0000000000000ull, 0, 0, TO_V0, 0x3feff00000000000ull, 0, 0),
    FPC(0x7ea1d820u /* frsqrte s0, s1 */, 0, 0xbf800000, 0, 0, TO_V0, 0x7fc00000, F_IOC, 0),
    FPC(0x5ea1f820u /* frecpx s0, s1 */, 0, 0x40400000, 0, 0, TO_V0, 0x3f800000, 0, 0),
    FPC(0x5ee1f820u /* frecpx d0, d1 */, 0, 0, 0, 0, TO_V0, 0x7fe0000000000000ull, 0, 0),
    FPC(0x5e22dc20u /* fmulx s0, s1, s2 */, 0, 0x7f800000, 0x80000000, 0, TO_V0, 0xc0000000, 0, 0),
    FPC(0x5e62dc20u /* fmulx d0, d1, d2 */, 0, 0x4000000000000000ull, 0x3fe0000000000000ull, 0, TO_V0, 0x3ff0000000000000ull, 0, 0),
    FPC(0x5e22fc20u /* frecps s0, s1, s2 */, 0, 0x40000000, 0x3f000000, 0, TO_V0, 0x3f800000, 0, 0),
    FPC(0x5e62fc20u /* frecps d0, d1, d2 */, 0, 0x7ff0000000000000ull, 0, 0, TO_V0, 0x4000000000000000ull, 0, 0),
    FPC(0x5e22fc20u /* frecps s0, s1, s2 */, 0, 0x7f812345, 0x3f800000, 0, TO_V0, 0xffc12345, F_IOC, 0),
    FPC(0x5ea2fc20u /* frsqrts s0, s1, s2 */, 0, 0x3f800000, 0x3f800000, 0, TO_V0, 0x3f800000, 0, 0),
    FPC(0x5ee2fc20u /* frsqrts d0, d1, d2 */, 0, 0x4000000000000000ull, 0x4000000000000000ull, 0, TO_V0, 0xbfe0000000000000ull, 0, 0),
};

static void test_exec_fp_estimate_cases(void **state)
{
    (void)state;
    assert_int_equal(fp_run_cases(cases, sizeof cases / sizeof cases[0]), 0);
}

static void test_exec_fp_estimate_trap_and_undefined(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x5ea1d820u, 0x5ee1d820u, 0x7ea1d820u, 0x5ea1f820u, 0x5e22dc20u, 0x5e22fc20u, 0x5ee2fc20u,
    };
    assert_int_equal(fp_check_traps(insns, sizeof insns / sizeof insns[0]), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_fp_estimate_cases),
        cmocka_unit_test(test_exec_fp_estimate_trap_and_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
