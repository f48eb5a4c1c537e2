/*
 * Scalar FP compare and select (src/cpu/exec_fp_cmp.c): FCMP/FCMPE with a register or #0.0,
 * FCCMP/FCCMPE (no comparison, no exception when the condition fails) and FCSEL.
 */
#include "fp_exec_cases.h"

#define S1 0x3f800000ull
#define S2 0x40000000ull
#define QNAN_S 0x7fc00000ull
#define SNAN_S 0x7f800001ull

static const struct fp_case cases[] = {
    FPC(0x1e222020u /* fcmp s1, s2 */, 0, S1, S2, 0, TO_NZCV, 0x8, 0, 0),
    FPC(0x1e222020u /* fcmp s1, s2 */, 0, S2, S1, 0, TO_NZCV, 0x2, 0, 0),
    FPC(0x1e222020u /* fcmp s1, s2 */, 0, S1, S1, 0, TO_NZCV, 0x6, 0, 0),
    FPC(0x1e222020u /* fcmp s1, s2 */, 0, QNAN_S, S1, 0, TO_NZCV, 0x3, 0, 0),
    FPC(0x1e222020u /* fcmp s1, s2 */, 0, S1, SNAN_S, 0, TO_NZCV, 0x3, F_IOC, 0),
    FPC(0x1e602028u /* fcmp d1, #0.0 */, 0, 0x8000000000000000ull, 0, 0, TO_NZCV, 0x6, 0, 0),
    FPC(0x1e602028u /* fcmp d1, #0.0 */, 0, 0xbff0000000000000ull, 0, 0, TO_NZCV, 0x8, 0, 0),
    /* Rm of the #0.0 form is should-be-zero and ignored: V2 (= 1.0) is not read */
    FPC(0x1e622028u /* fcmp d1, #0.0 with Rm = 2 */, 0, 0x0000000000000001ull, 0x3ff0000000000000ull, 0, TO_NZCV, 0x2, 0, 0),
    FPC(0x1e602028u /* fcmp d1, #0.0 */, FP_FZ, 0x0000000000000001ull, 0, 0, TO_NZCV, 0x6, F_IDC, 0),
    FPC(0x1e222030u /* fcmpe s1, s2 */, 0, QNAN_S, S1, 0, TO_NZCV, 0x3, F_IOC, 0),
    FPC(0x1e222030u /* fcmpe s1, s2 */, 0, S1, S2, 0, TO_NZCV, 0x8, 0, 0),
    FPC(0x1e602038u /* fcmpe d1, #0.0 */, 0, 0x7ff0000000000000ull, 0, 0, TO_NZCV, 0x2, 0, 0),
    FPC(0x1e602038u /* fcmpe d1, #0.0 */, 0, 0x7ff8000000000000ull, 0, 0, TO_NZCV, 0x3, F_IOC, 0),
    /* fccmp: EQ holds (Z = 1): compare; fails: #nzcv, and no exception from the SNaN */
    FPC(0x1e220425u /* fccmp s1, s2, #0x5, eq */, 0, S2, S1, 0, TO_NZCV, 0x2, 0, 0x4),
    FPC(0x1e220425u /* fccmp s1, s2, #0x5, eq */, 0, S2, S1, 0, TO_NZCV, 0x5, 0, 0x0),
    FPC(0x1e220425u /* fccmp s1, s2, #0x5, eq */, 0, SNAN_S, S1, 0, TO_NZCV, 0x5, 0, 0x0),
    FPC(0x1e220425u /* fccmp s1, s2, #0x5, eq */, 0, QNAN_S, S1, 0, TO_NZCV, 0x3, 0, 0x4),
    FPC(0x1e621439u /* fccmpe d1, d2, #0x9, ne */, 0, 0x7ff8000000000000ull, 0, 0, TO_NZCV, 0x3, F_IOC, 0x0),
    FPC(0x1e621439u /* fccmpe d1, d2, #0x9, ne */, 0, 0x7ff8000000000000ull, 0, 0, TO_NZCV, 0x9, 0, 0x4),
    /* fcsel: a bit copy, NaNs untouched, nothing raised */
    FPC(0x1e220c20u /* fcsel s0, s1, s2, eq */, 0, SNAN_S, S2, 0, TO_V0, SNAN_S, 0, 0x4),
    FPC(0x1e220c20u /* fcsel s0, s1, s2, eq */, 0, SNAN_S, S2, 0, TO_V0, S2, 0, 0x0),
    FPC(0x1e62bc20u /* fcsel d0, d1, d2, lt */, 0, 0x1111111111111111ull, 0x2222222222222222ull, 0, TO_V0, 0x1111111111111111ull, 0, 0x8),
    FPC(0x1e62bc20u /* fcsel d0, d1, d2, lt */, 0, 0x1111111111111111ull, 0x2222222222222222ull, 0, TO_V0, 0x2222222222222222ull, 0, 0x9),
};

static void test_exec_fp_cmp_cases(void **state)
{
    (void)state;
    assert_int_equal(fp_run_cases(cases, sizeof cases / sizeof cases[0]), 0);
}

static void test_exec_fp_cmp_trap_and_undefined(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x1e222020u, 0x1e602028u, 0x1e222030u, 0x1e602038u, 0x1e220425u, 0x1e621439u,
        0x1e220c20u, 0x1e62bc20u,
    };
    assert_int_equal(fp_check_traps(insns, sizeof insns / sizeof insns[0]), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_fp_cmp_cases),
        cmocka_unit_test(test_exec_fp_cmp_trap_and_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
