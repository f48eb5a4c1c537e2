/*
 * Table-driven cases for the floating-point Advanced SIMD tests (test_exec_simd_fp_*.c): one
 * instruction with Vd = V0, Vn = V1, Vm = V2 (V18 gets Vm's value too, for the by-element M
 * bit), all three set as 128-bit values, FPCR given, FPSR starting at 0; V0 (both halves) and
 * FPSR are checked. Expected values are worked out from the Arm ARM pseudocode in the comment
 * beside each case; instruction words come from aarch64-linux-gnu-as.
 */
#ifndef A64EMU_TESTS_SIMD_FP_CASES_H
#define A64EMU_TESTS_SIMD_FP_CASES_H

#include "fp_exec_cases.h"
#include "simd_harness.h"

struct vfp_case {
    int line;
    uint32_t insn;
    uint32_t fpcr;
    uint64_t d_lo, d_hi, n_lo, n_hi, m_lo, m_hi;
    uint64_t want_lo, want_hi;
    uint32_t fpsr;
};

#define VFC(...) { __LINE__, __VA_ARGS__ }
/* Four single-precision elements as two 64-bit halves (element 0 lowest). */
#define S4(a, b, c, d) S2(a, b), S2(c, d)
/* Two double-precision elements. */
#define D2(a, b) (uint64_t)(a), (uint64_t)(b)
#define ONES 0xffffffffu

/* Single and double constants used throughout. */
#define S_1 0x3f800000u
#define S_2 0x40000000u
#define S_3 0x40400000u
#define S_4 0x40800000u
#define S_HALF 0x3f000000u
#define S_M1 0xbf800000u
#define S_M2 0xc0000000u
#define S_INF 0x7f800000u
#define S_NINF 0xff800000u
#define S_MZ 0x80000000u
#define S_DN 0x7fc00000u /* default NaN */
#define D_1 0x3ff0000000000000ull
#define D_2 0x4000000000000000ull
#define D_3 0x4008000000000000ull
#define D_HALF 0x3fe0000000000000ull
#define D_M1 0xbff0000000000000ull
#define D_INF 0x7ff0000000000000ull
#define D_NINF 0xfff0000000000000ull
#define D_MZ 0x8000000000000000ull
#define D_DN 0x7ff8000000000000ull
#define D_ONES 0xffffffffffffffffull

static inline unsigned vfp_run_cases(const struct vfp_case *c, size_t n)
{
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        struct harness h;
        simd_init(&h);
        h.cpu->fpcr = c[i].fpcr;
        h.cpu->fpsr = 0;
        set_v(&h, 0, c[i].d_lo, c[i].d_hi);
        set_v(&h, 1, c[i].n_lo, c[i].n_hi);
        set_v(&h, 2, c[i].m_lo, c[i].m_hi);
        set_v(&h, 18, c[i].m_lo, c[i].m_hi);
        h_code(&h, &c[i].insn, 1);
        h_step(&h, 1);
        bool ok = h.cpu->pc == H_CODE + 4 && h.cpu->vreg[0][0] == c[i].want_lo &&
                  h.cpu->vreg[0][1] == c[i].want_hi && h.cpu->fpsr == c[i].fpsr;
        if (!ok) {
            printf("line %d (0x%08x): got %016llx:%016llx fpsr 0x%x pc 0x%llx; want %016llx:%016llx "
                   "fpsr 0x%x\n", c[i].line, c[i].insn, (unsigned long long)h.cpu->vreg[0][1],
                   (unsigned long long)h.cpu->vreg[0][0], h.cpu->fpsr,
                   (unsigned long long)h.cpu->pc, (unsigned long long)c[i].want_hi,
                   (unsigned long long)c[i].want_lo, c[i].fpsr);
            bad++;
        }
        h_free(&h);
    }
    return bad;
}

/* Reserved encodings inside a row (1D vectors, half-precision sizes ...): UNDEFINED, and that
 * before the FP/SIMD access check (the decode pseudocode runs first), so also with FPEN = 00.
 * V0 and FPSR stay untouched. */
static inline unsigned vfp_check_reserved(const uint32_t *insns, size_t n)
{
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        for (int fpen = 0; fpen < 2; fpen++) {
            struct harness h;
            simd_init(&h);
            h.cpu->sr.cpacr_el1 = fpen ? 3ull << 20 : 0;
            set_v(&h, 0, JUNK, JUNK);
            set_v(&h, 1, 0x7f8000017f800001ull, 0x7f8000017f800001ull);
            h.cpu->fpsr = 0;
            h_code(&h, &insns[i], 1);
            h_step(&h, 1);
            if (h.cpu->pc != H_VBAR + 0x200 || h.cpu->sr.esr_el1 != ESR_UNDEF ||
                h.cpu->vreg[0][0] != JUNK || h.cpu->vreg[0][1] != JUNK || h.cpu->fpsr != 0) {
                printf("0x%08x (FPEN %d): not UNDEFINED (esr 0x%llx)\n", insns[i], fpen,
                       (unsigned long long)h.cpu->sr.esr_el1);
                bad++;
            }
            h_free(&h);
        }
    }
    return bad;
}

#endif
