/*
 * Floating-point Advanced SIMD arithmetic (src/cpu/exec_simd_fp_arith.c, _elem.c, _reduce.c):
 * three-same vector and scalar (FADD ... FACGT, the pairwise forms), by element, across lanes
 * and scalar pairwise. Expected values from the Arm ARM pseudocode (DDI 0487 J1: FPAdd, FPMax,
 * FPMulAdd, FPProcessNaNs(3), FPRound, Reduce), reasoning beside each case. NaN choice per
 * element: a signalling NaN beats a quiet one, then operand order (Vn before Vm; for FMLA the
 * accumulator first).
 */
#include "simd_fp_cases.h"

#define SNAN1 0x7f800001u
#define QNAN1 0x7fc00001u

static const struct vfp_case cases[] = {
    /* FADD 4S: 1+2 = 3; 2+inf = inf; -0 + +0 = +0 (RN); SNaN + 1 = the SNaN quieted, IOC */
    VFC(0x4e22d420u /* fadd v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, S_2, S_MZ, SNAN1),
        S4(S_2, S_INF, 0, S_1), S4(S_3, S_INF, 0, QNAN1), F_IOC),
    /* the same with FPCR.DN: the NaN result is the default NaN */
    VFC(0x4e22d420u /* fadd v0.4s, v1.4s, v2.4s */, FP_DN, JUNK, JUNK, S4(S_1, S_2, S_MZ, SNAN1),
        S4(S_2, S_INF, 0, S_1), S4(S_3, S_INF, 0, S_DN), F_IOC),
    /* and with RMode = RM: an exact zero sum of opposite signs is -0 */
    VFC(0x4e22d420u /* fadd v0.4s, v1.4s, v2.4s */, FP_RM, JUNK, JUNK, S4(S_1, S_2, S_MZ, SNAN1),
        S4(S_2, S_INF, 0, S_1), S4(S_3, S_INF, S_MZ, QNAN1), F_IOC),
    /* 2S (Q = 0): the upper halves of the sources are ignored, the result's is zeroed */
    VFC(0x0e22d420u /* fadd v0.2s, v1.2s, v2.2s */, 0, JUNK, JUNK, S2(S_1, S_2), S2(SNAN1, SNAN1),
        S2(S_2, S_3), S2(SNAN1, SNAN1), S2(S_3, 0x40a00000u), 0, 0),
    /* FADD 2D: element 0 has a quiet NaN in Vn and a signalling one in Vm: the SNaN wins;
     * element 1 propagates Vn's quiet NaN with its payload */
    VFC(0x4e62d420u /* fadd v0.2d, v1.2d, v2.2d */, 0, JUNK, JUNK, D2(0x7ff8000000000005ull, 0x7ff8000000000005ull),
        D2(0xfff0000000000001ull, D_1), D2(0xfff8000000000001ull, 0x7ff8000000000005ull), F_IOC),
    /* FMAX: qNaN vs SNaN -> the SNaN quieted; qNaN in Vm; max(-0, +0) = +0; max(1, 2) = 2 */
    VFC(0x4e22f420u /* fmax v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(QNAN1, S_1, S_MZ, S_1),
        S4(0x7f800002u, 0x7fc00003u, 0, S_2), S4(0x7fc00002u, 0x7fc00003u, 0, S_2), F_IOC),
    /* FMLA: 1 + 2*3 = 7; a quiet NaN addend with inf*0 -> default NaN and IOC; a quiet NaN
     * addend otherwise propagates; 1 + (smallest denormal)*1 = 1 inexact */
    VFC(0x4e22cc20u /* fmla v0.4s, v1.4s, v2.4s */, 0, S4(S_1, 0x7fc12345u, 0x7fc12345u, S_1),
        S4(S_2, S_INF, S_1, 0x00000001u), S4(0x40400000u, 0, S_1, S_1),
        S4(0x40e00000u, S_DN, 0x7fc12345u, S_1), F_IOC | F_IXC),
    /* ... with FZ the denormal factor is flushed (IDC) and the last sum is exact */
    VFC(0x4e22cc20u /* fmla v0.4s, v1.4s, v2.4s */, FP_FZ, S4(S_1, 0x7fc12345u, 0x7fc12345u, S_1),
        S4(S_2, S_INF, S_1, 0x00000001u), S4(0x40400000u, 0, S_1, S_1),
        S4(0x40e00000u, S_DN, 0x7fc12345u, S_1), F_IOC | F_IDC),
    /* FMLS: d + (-n)*m. 1 - 1 = +0; 1 - (-1) = 2; FPNeg is applied to Vn's SNaN before the NaN
     * rules, so the result is the negated SNaN quieted; 0 + (-0)*0 = +0 (RN) */
    VFC(0x4ea2cc20u /* fmls v0.4s, v1.4s, v2.4s */, 0, S4(S_1, S_1, S_2, 0), S4(S_1, S_M1, SNAN1, 0),
        S4(S_1, S_1, S_1, 0), S4(0, S_2, 0xffc00001u, 0), F_IOC),
    /* ... RMode = RM: both exact zeros are -0 */
    VFC(0x4ea2cc20u /* fmls v0.4s, v1.4s, v2.4s */, FP_RM, S4(S_1, S_1, S_2, 0), S4(S_1, S_M1, SNAN1, 0),
        S4(S_1, S_1, S_1, 0), S4(S_MZ, S_2, 0xffc00001u, S_MZ), F_IOC),
    /* FABD = FPAbs(FPSub): |1-3| = 2; a negative quiet NaN comes out positive; |-1-2| = 3 */
    VFC(0x6ea2d420u /* fabd v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, 0xffc00001u, S_M1, 0),
        S4(S_3, S_1, S_2, 0), S4(S_2, QNAN1, S_3, 0), 0),
    /* FDIV: 1/+0 = +inf with DZC; 0/0 = default NaN with IOC */
    VFC(0x6e62fc20u /* fdiv v0.2d, v1.2d, v2.2d */, 0, JUNK, JUNK, D2(D_1, 0), D2(0, 0), D2(D_INF, D_DN), F_DZC | F_IOC),
    /* FMULX: inf * -0 = -2, -0 * inf = -2 (no exception); 2*3 = 6; inf*2 = inf */
    VFC(0x4e22dc20u /* fmulx v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_INF, S_MZ, S_2, S_INF),
        S4(S_MZ, S_INF, S_3, S_2), S4(S_M2, S_M2, 0x40c00000u, S_INF), 0),
    /* FRECPS: 2 - n*m; inf*0 gives 2.0 without an exception */
    VFC(0x4e22fc20u /* frecps v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_2, S_INF, S_1, 0),
        S4(S_HALF, 0, S_1, 0), S4(S_1, S_2, S_1, S_2), 0),
    /* FRSQRTS: (3 - n*m)/2; inf*0 gives 1.5 */
    VFC(0x4ee2fc20u /* frsqrts v0.2d, v1.2d, v2.2d */, 0, JUNK, JUNK, D2(D_1, D_INF), D2(D_1, 0),
        D2(D_1, 0x3ff8000000000000ull), 0),
    /* FADDP 4S: pairs of Vm:Vn, Vn's first: 1+2, 3+4, 10+20, 30+40 */
    VFC(0x6e22d420u /* faddp v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, S_2, S_3, S_4),
        S4(0x41200000u, 0x41a00000u, 0x41f00000u, 0x42200000u),
        S4(S_3, 0x40e00000u, 0x41f00000u, 0x428c0000u), 0),
    /* FADDP 2S: (1+2, 3+4), upper half zero */
    VFC(0x2e22d420u /* faddp v0.2s, v1.2s, v2.2s */, 0, JUNK, JUNK, S2(S_1, S_2), JUNK, S2(S_3, S_4), JUNK,
        S2(S_3, 0x40e00000u), 0, 0),
    /* FMAXNMP 2D: maxNum(qNaN, 1) = 1, maxNum(-inf, 5) = 5 */
    VFC(0x6e62c420u /* fmaxnmp v0.2d, v1.2d, v2.2d */, 0, JUNK, JUNK, D2(D_DN, D_1),
        D2(D_NINF, 0x4014000000000000ull), D2(D_1, 0x4014000000000000ull), 0),
    /* FMINP 4S: min(1, SNaN) = SNaN quieted; min(-0, +0) = -0; min(qNaN, 3) = qNaN; min(2, 1) = 1 */
    VFC(0x6ea2f420u /* fminp v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, SNAN1, S_MZ, 0),
        S4(0x7fc00009u, S_3, S_2, S_1), S4(QNAN1, S_MZ, 0x7fc00009u, S_1), F_IOC),
    /* FMAXP 2D */
    VFC(0x6e62f420u /* fmaxp v0.2d, v1.2d, v2.2d */, 0, JUNK, JUNK, D2(D_1, D_2), D2(D_NINF, D_M1), D2(D_2, D_M1), 0),
    /* FMINNMP 4S: minNum(qNaN, -1) = -1; minNum(qNaN, qNaN) = the first */
    VFC(0x6ea2c420u /* fminnmp v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_DN, S_M1, S_2, S_1),
        S4(QNAN1, 0x7fc00002u, S_INF, S_NINF), S4(S_M1, S_1, QNAN1, S_NINF), 0),
    /* compares, n = (1, qNaN, -0, -4), m = (1, 1, +0, -3): EQ is quiet (no IOC for a quiet NaN),
     * -0 == +0; GE/GT signal on any NaN; FACxx compare magnitudes */
    VFC(0x4e22e420u /* fcmeq v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, QNAN1, S_MZ, 0xc0800000u),
        S4(S_1, S_1, 0, 0xc0400000u), S4(ONES, 0, ONES, 0), 0),
    VFC(0x6e22e420u /* fcmge v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, QNAN1, S_MZ, 0xc0800000u),
        S4(S_1, S_1, 0, 0xc0400000u), S4(ONES, 0, ONES, 0), F_IOC),
    VFC(0x6ea2e420u /* fcmgt v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, QNAN1, S_MZ, 0xc0800000u),
        S4(S_1, S_1, 0, 0xc0400000u), S4(0, 0, 0, 0), F_IOC),
    VFC(0x6e22ec20u /* facge v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, QNAN1, S_MZ, 0xc0800000u),
        S4(S_1, S_1, 0, 0xc0400000u), S4(ONES, 0, ONES, ONES), F_IOC),
    VFC(0x6ea2ec20u /* facgt v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(S_1, QNAN1, S_MZ, 0xc0800000u),
        S4(S_1, S_1, 0, 0xc0400000u), S4(0, 0, 0, ONES), F_IOC),
    /* FCMEQ with FZ: a denormal equals zero after flushing (IDC) */
    VFC(0x4e22e420u /* fcmeq v0.4s, v1.4s, v2.4s */, FP_FZ, JUNK, JUNK, S4(0x00000001u, 0, 0, 0),
        S4(0, 0, 0, 0), S4(ONES, ONES, ONES, ONES), F_IDC),
    /* scalar forms: element 0 only, the rest of V0 zeroed */
    VFC(0x7ea2d420u /* fabd s0, s1, s2 */, 0, JUNK, JUNK, S2(S_1, SNAN1), JUNK, S2(S_3, SNAN1), JUNK, S_2, 0, 0),
    VFC(0x7ee2e420u /* fcmgt d0, d1, d2 */, 0, JUNK, JUNK, D_2, JUNK, D_1, JUNK, D_ONES, 0, 0),
    VFC(0x7e22ec20u /* facge s0, s1, s2 */, 0, JUNK, JUNK, S_M2, JUNK, S_1, JUNK, ONES, 0, 0),
    VFC(0x5e62e420u /* fcmeq d0, d1, d2 */, 0, JUNK, JUNK, 0x7ff0000000000001ull, JUNK, D_1, JUNK, 0, 0, F_IOC),
    /* FZ on FADD: denormal inputs flush to zero (IDC); without FZ the sums are exact or inexact */
    VFC(0x4e22d420u /* fadd v0.4s, v1.4s, v2.4s */, FP_FZ, JUNK, JUNK, S4(0x00000001u, 0x80000001u, S_1, 0x00800000u),
        S4(0, 0, 0x00000001u, S_MZ), S4(0, 0, S_1, 0x00800000u), F_IDC),
    VFC(0x4e22d420u /* fadd v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(0x00000001u, 0x80000001u, S_1, 0x00800000u),
        S4(0, 0, 0x00000001u, S_MZ), S4(0x00000001u, 0x80000001u, S_1, 0x00800000u), F_IXC),
    /* FMUL: overflow to inf (RN) or the largest normal (RZ); an exact denormal product raises
     * nothing; 2^-127 * (1 + 2^-23) is a tie in the denormal range: even, UFC + IXC; under FZ
     * both tiny products flush to +0 with UFC only */
    VFC(0x6e22dc20u /* fmul v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(0x7f7fffffu, 0x00800000u, 0x00800001u, S_1),
        S4(S_2, S_HALF, S_HALF, S_1), S4(S_INF, 0x00400000u, 0x00400000u, S_1), F_OFC | F_IXC | F_UFC),
    VFC(0x6e22dc20u /* fmul v0.4s, v1.4s, v2.4s */, FP_RZ, JUNK, JUNK, S4(0x7f7fffffu, 0x00800000u, 0x00800001u, S_1),
        S4(S_2, S_HALF, S_HALF, S_1), S4(0x7f7fffffu, 0x00400000u, 0x00400000u, S_1), F_OFC | F_IXC | F_UFC),
    VFC(0x6e22dc20u /* fmul v0.4s, v1.4s, v2.4s */, FP_FZ, JUNK, JUNK, S4(0x7f7fffffu, 0x00800000u, 0x00800001u, S_1),
        S4(S_2, S_HALF, S_HALF, S_1), S4(S_INF, 0, 0, S_1), F_OFC | F_IXC | F_UFC),
    /* FSUB 2D: inf - inf = default NaN (IOC); 1 - (1 + 2^-52) = -2^-52 exactly */
    VFC(0x4ee2d420u /* fsub v0.2d, v1.2d, v2.2d */, 0, JUNK, JUNK, D2(D_INF, D_1), D2(D_INF, 0x3ff0000000000001ull),
        D2(D_DN, 0xbcb0000000000000ull), F_IOC),
    /* FMIN 2D: min(-0, +0) = -0; min(1, SNaN) = the SNaN quieted */
    VFC(0x4ee2f420u /* fmin v0.2d, v1.2d, v2.2d */, 0, JUNK, JUNK, D2(D_MZ, D_1), D2(0, 0x7ff0000000000001ull),
        D2(D_MZ, 0x7ff8000000000001ull), F_IOC),
    /* FMAXNM 2D: a quiet NaN loses to a number; a signalling NaN does not */
    VFC(0x4e62c420u /* fmaxnm v0.2d, v1.2d, v2.2d */, 0, JUNK, JUNK, D2(D_DN, 0x7ff0000000000001ull), D2(D_1, D_1),
        D2(D_1, 0x7ff8000000000001ull), F_IOC),
    /* FMINNM 4S: minNum(+0, -0) = -0; minNum(inf, qNaN) = inf */
    VFC(0x4ea2c420u /* fminnm v0.4s, v1.4s, v2.4s */, 0, JUNK, JUNK, S4(0, S_INF, S_2, S_1),
        S4(S_MZ, QNAN1, S_1, S_1), S4(S_MZ, S_INF, S_1, S_1), 0),

    /* ---- by element: one element of Vm for every lane (the other lanes of Vm hold SNaNs
     * that would raise IOC if read) ---- */
    VFC(0x4fa29820u /* fmul v0.4s, v1.4s, v2.s[3] */, 0, JUNK, JUNK, S4(S_1, S_2, S_3, S_4),
        S4(SNAN1, SNAN1, SNAN1, S_2), S4(S_2, S_4, 0x40c00000u, 0x41000000u), 0),
    VFC(0x4fc21820u /* fmla v0.2d, v1.2d, v2.d[1] */, 0, D2(D_1, D_2), D2(D_2, D_3),
        D2(0x7ff0000000000001ull, D_2), D2(0x4014000000000000ull, 0x4020000000000000ull), 0),
    VFC(0x0f825020u /* fmls v0.2s, v1.2s, v2.s[0] */, 0, S2(S_1, S_1), JUNK, S2(S_1, S_2), JUNK,
        S2(S_3, SNAN1), JUNK, S2(S_M2, 0xc0a00000u), 0, 0),
    VFC(0x7fa29020u /* fmulx s0, s1, v2.s[1] */, 0, JUNK, JUNK, S2(S_INF, SNAN1), JUNK, S2(SNAN1, S_MZ), JUNK,
        S_M2, 0, 0),
    VFC(0x5fc29820u /* fmul d0, d1, v2.d[1] */, 0, JUNK, JUNK, D_3, JUNK, D2(0x7ff0000000000001ull, D_2),
        0x4018000000000000ull, 0, 0),
    /* M (bit 20) extends Rm: v18 */
    VFC(0x5f921820u /* fmla s0, s1, v18.s[2] */, 0, S2(S_1, SNAN1), JUNK, S2(S_2, SNAN1), JUNK,
        S4(SNAN1, SNAN1, S_3, SNAN1), S2(0x40e00000u, 0), 0, 0),

    /* ---- reductions ---- */
    /* FMAXNMV: Reduce = maxNum(maxNum(qNaN, 1), maxNum(-2, SNaN)): the SNaN pair gives a quiet
     * NaN with IOC, which then loses to 1 */
    VFC(0x6e30c820u /* fmaxnmv s0, v1.4s */, 0, JUNK, JUNK, S4(QNAN1, S_1, S_M2, 0x7f800002u), 0, 0, S_1, 0, F_IOC),
    /* FMAXV: max(max(1, qNaN1), max(SNaN2, 3)) = max(qNaN1, qNaN2) = qNaN1. (A left-to-right
     * fold would meet the SNaN against qNaN1 and return NaN 2: the tree decides.) */
    VFC(0x6e30f820u /* fmaxv s0, v1.4s */, 0, JUNK, JUNK, S4(S_1, QNAN1, 0x7f800002u, S_3), 0, 0, QNAN1, 0, F_IOC),
    /* FMINV: min(min(3, 1), min(-0, 2)) = min(1, -0) = -0 */
    VFC(0x6eb0f820u /* fminv s0, v1.4s */, 0, JUNK, JUNK, S4(S_3, S_1, S_MZ, S_2), 0, 0, S_MZ, 0, 0),
    /* FMINNMV: minNum(minNum(inf, qNaN), minNum(qNaN, qNaN)) = minNum(inf, qNaN) = inf */
    VFC(0x6eb0c820u /* fminnmv s0, v1.4s */, 0, JUNK, JUNK, S4(S_INF, QNAN1, QNAN1, 0x7fc00002u), 0, 0, S_INF, 0, 0),
    VFC(0x7e70d820u /* faddp d0, v1.2d */, 0, JUNK, JUNK, D2(D_1, D_2), 0, 0, D_3, 0, 0),
    VFC(0x7e30d820u /* faddp s0, v1.2s */, 0, JUNK, JUNK, S2(S_1, S_2), S2(SNAN1, SNAN1), 0, 0, S_3, 0, 0),
    VFC(0x7e30f820u /* fmaxp s0, v1.2s */, 0, JUNK, JUNK, S2(0xffc00005u, S_1), JUNK, 0, 0, 0xffc00005u, 0, 0),
    VFC(0x7ef0c820u /* fminnmp d0, v1.2d */, 0, JUNK, JUNK, D2(D_DN, D_M1), 0, 0, D_M1, 0, 0),
};

static void test_exec_simd_fp_arith_cases(void **state)
{
    (void)state;
    assert_int_equal(vfp_run_cases(cases, sizeof cases / sizeof cases[0]), 0);
}

/* The sz = 1, Q = 0 (1D) vector forms, by element with size 0x (half precision, FEAT_FP16, or
 * unallocated), a double index with L = 1, or a 1D by-element vector: UNDEFINED. */
static void test_exec_simd_fp_arith_reserved(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x0e62d420u, /* fadd v0.1d: sz = 1, Q = 0 */
        0x2e62d420u, /* faddp v0.1d */
        0x2ee2d420u, /* fabd v0.1d */
        0x4f229820u, /* fmul v0.8h, v1.8h, v2.h[..]: size 00 (FEAT_FP16) */
        0x4f629820u, /* size 01 */
        0x5f229820u, /* fmul h0 by element (FEAT_FP16) */
        0x4fe21820u, /* fmla v0.2d, v1.2d, v2.d[..] with L = 1 */
        0x0fc21820u, /* fmla v0.1d by element */
    };
    assert_int_equal(vfp_check_reserved(insns, sizeof insns / sizeof insns[0]), 0);
}

/* CPACR_EL1.FPEN = 00 traps (EC 0x07) before any effect; without FEAT_AdvSIMD the rows do not
 * decode (UNDEFINED). */
static void test_exec_simd_fp_arith_trap_and_undefined(void **state)
{
    (void)state;
    static const uint32_t insns[] = {
        0x4e22d420u, 0x6e22d420u, 0x4e22cc20u, 0x6ea2e420u, 0x7ea2d420u, 0x4fa29820u,
        0x5fc29820u, 0x6e30c820u, 0x7e70d820u,
    };
    assert_int_equal(fp_check_traps(insns, sizeof insns / sizeof insns[0]), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_fp_arith_cases),
        cmocka_unit_test(test_exec_simd_fp_arith_reserved),
        cmocka_unit_test(test_exec_simd_fp_arith_trap_and_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
