/*
 * The FP core (src/fpu) against hand-derived expectations: every row below was worked out from
 * the DDI 0487 pseudocode (FPRound, FPProcessNaNs, FPToFixed, ...) on paper, in the rounding
 * mode and FPCR.{FZ,DN,AHP} the row names; the comment says why the result is what it is. The
 * expected FPSR is compared whole, so a missing or extra flag fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "fpu/fpu.h"

#define RN (0u << 22)
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ FPCR_FZ
#define DN FPCR_DN
#define AHP FPCR_AHP
#define IOC FPSR_IOC
#define DZC FPSR_DZC
#define OFC FPSR_OFC
#define UFC FPSR_UFC
#define IXC FPSR_IXC
#define IDC FPSR_IDC

/* single-precision patterns */
#define S_P0 0x00000000u
#define S_N0 0x80000000u
#define S_MIN_DEN 0x00000001u
#define S_MAX_DEN 0x007fffffu
#define S_MIN_NORM 0x00800000u
#define S_MAX 0x7f7fffffu
#define S_NMAX 0xff7fffffu
#define S_INF 0x7f800000u
#define S_NINF 0xff800000u
#define S_DNAN 0x7fc00000u
#define S_ONE 0x3f800000u
#define S_NONE 0xbf800000u
#define S_TWO 0x40000000u
#define S_HALF 0x3f000000u
#define S_ONEHALF 0x3fc00000u
/* double-precision patterns */
#define D_ONE 0x3ff0000000000000ull
#define D_NONE 0xbff0000000000000ull
#define D_TWO 0x4000000000000000ull
#define D_MAX 0x7fefffffffffffffull
#define D_INF 0x7ff0000000000000ull
#define D_DNAN 0x7ff8000000000000ull
#define D_P0 0ull
#define D_N0 0x8000000000000000ull

enum op {
    ADD, SUB, MUL, DIV, MULX, FMA, SQRT, MAX, MIN, MAXNM, MINNM, CMP, CMPE,
    RINT_N, RINT_P, RINT_M, RINT_Z, RINT_A, RINTX, CVT_S, CVT_D, CVT_H, CVT_S_FROM_H,
    CVT_D_FROM_H, TO_S32, TO_U32, TO_S64, TO_U64, FROM_S32, FROM_U32, FROM_S64, FROM_U64,
    RECPE, RSQRTE, RECPS, RSQRTS, RECPX,
};

struct vec {
    int line;
    enum op op;
    enum fpu_fmt f;
    uint32_t fpcr;
    uint64_t a, b, c;
    unsigned fbits; /* conversions: fraction bits; RINT/TO_*: the rounding (enum fpu_rmode) */
    uint64_t want;
    uint32_t flags;
};

#define V(...) { __LINE__, __VA_ARGS__ }

static uint64_t run(const struct vec *v, const struct fpu_env *env)
{
    enum fpu_rmode rm = (enum fpu_rmode)v->fbits;
    switch (v->op) {
    case ADD: return fpu_add(env, v->f, v->a, v->b);
    case SUB: return fpu_sub(env, v->f, v->a, v->b);
    case MUL: return fpu_mul(env, v->f, v->a, v->b);
    case DIV: return fpu_div(env, v->f, v->a, v->b);
    case MULX: return fpu_mulx(env, v->f, v->a, v->b);
    case FMA: return fpu_muladd(env, v->f, v->a, v->b, v->c);
    case SQRT: return fpu_sqrt(env, v->f, v->a);
    case MAX: return fpu_max(env, v->f, v->a, v->b);
    case MIN: return fpu_min(env, v->f, v->a, v->b);
    case MAXNM: return fpu_maxnm(env, v->f, v->a, v->b);
    case MINNM: return fpu_minnm(env, v->f, v->a, v->b);
    case CMP: return fpu_compare(env, v->f, v->a, v->b, false);
    case CMPE: return fpu_compare(env, v->f, v->a, v->b, true);
    case RINT_N: return fpu_round_int(env, v->f, v->a, FPU_RN, false);
    case RINT_P: return fpu_round_int(env, v->f, v->a, FPU_RP, false);
    case RINT_M: return fpu_round_int(env, v->f, v->a, FPU_RM, false);
    case RINT_Z: return fpu_round_int(env, v->f, v->a, FPU_RZ, false);
    case RINT_A: return fpu_round_int(env, v->f, v->a, FPU_RA, false);
    case RINTX: return fpu_round_int(env, v->f, v->a, fpu_fpcr_rmode(env->fpcr), true);
    case CVT_S: return fpu_convert(env, FPU_S, v->f, v->a, fpu_fpcr_rmode(env->fpcr));
    case CVT_D: return fpu_convert(env, FPU_D, v->f, v->a, fpu_fpcr_rmode(env->fpcr));
    case CVT_H: return fpu_convert(env, FPU_H, v->f, v->a, fpu_fpcr_rmode(env->fpcr));
    case CVT_S_FROM_H: return fpu_convert(env, FPU_S, FPU_H, v->a, fpu_fpcr_rmode(env->fpcr));
    case CVT_D_FROM_H: return fpu_convert(env, FPU_D, FPU_H, v->a, fpu_fpcr_rmode(env->fpcr));
    case TO_S32: return fpu_to_fixed(env, v->f, v->a, (unsigned)v->b, false, 32, rm);
    case TO_U32: return fpu_to_fixed(env, v->f, v->a, (unsigned)v->b, true, 32, rm);
    case TO_S64: return fpu_to_fixed(env, v->f, v->a, (unsigned)v->b, false, 64, rm);
    case TO_U64: return fpu_to_fixed(env, v->f, v->a, (unsigned)v->b, true, 64, rm);
    case FROM_S32: return fpu_from_fixed(env, v->f, v->a, (unsigned)v->b, false, 32, fpu_fpcr_rmode(env->fpcr));
    case FROM_U32: return fpu_from_fixed(env, v->f, v->a, (unsigned)v->b, true, 32, fpu_fpcr_rmode(env->fpcr));
    case FROM_S64: return fpu_from_fixed(env, v->f, v->a, (unsigned)v->b, false, 64, fpu_fpcr_rmode(env->fpcr));
    case FROM_U64: return fpu_from_fixed(env, v->f, v->a, (unsigned)v->b, true, 64, fpu_fpcr_rmode(env->fpcr));
    case RECPE: return fpu_recip_estimate(env, v->f, v->a);
    case RSQRTE: return fpu_rsqrt_estimate(env, v->f, v->a);
    case RECPS: return fpu_recip_step(env, v->f, v->a, v->b);
    case RSQRTS: return fpu_rsqrt_step(env, v->f, v->a, v->b);
    case RECPX: return fpu_recpx(env, v->f, v->a);
    }
    return 0;
}

static void check(const struct vec *v, size_t n)
{
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t fpsr = 0;
        struct fpu_env env = { v[i].fpcr, &fpsr };
        uint64_t got = run(&v[i], &env);
        if (got != v[i].want || fpsr != v[i].flags) {
            printf("line %d: got 0x%llx flags 0x%x, want 0x%llx flags 0x%x\n", v[i].line,
                   (unsigned long long)got, fpsr, (unsigned long long)v[i].want, v[i].flags);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

#define CHECK(tab) check(tab, sizeof(tab) / sizeof(tab[0]))

/* ---- FPAdd / FPSub ---- */
static const struct vec add_vecs[] = {
    /* 1 + 2^-24 is exactly half an ulp above 1: RN ties to even (1.0), RP rounds up. */
    V(ADD, FPU_S, RN, S_ONE, 0x33800000, 0, 0, S_ONE, IXC),
    V(ADD, FPU_S, RP, S_ONE, 0x33800000, 0, 0, 0x3f800001, IXC),
    V(ADD, FPU_S, RM, S_ONE, 0x33800000, 0, 0, S_ONE, IXC),
    V(ADD, FPU_S, RZ, S_ONE, 0x33800000, 0, 0, S_ONE, IXC),
    /* (1 + 2^-23) + 2^-24: a tie with an odd lsb rounds up to even */
    V(ADD, FPU_S, RN, 0x3f800001, 0x33800000, 0, 0, 0x3f800002, IXC),
    /* 1 + 0.75 ulp rounds up under RN */
    V(ADD, FPU_S, RN, S_ONE, 0x33c00000, 0, 0, 0x3f800001, IXC),
    /* -1 - 2^-24 under RM: magnitude rounds up */
    V(ADD, FPU_S, RM, S_NONE, 0xb3800000, 0, 0, 0xbf800001, IXC),
    /* overflow: to infinity or the largest finite number by mode and sign; always OFC + IXC */
    V(ADD, FPU_S, RN, S_MAX, S_MAX, 0, 0, S_INF, OFC | IXC),
    V(ADD, FPU_S, RZ, S_MAX, S_MAX, 0, 0, S_MAX, OFC | IXC),
    V(ADD, FPU_S, RM, S_MAX, S_MAX, 0, 0, S_MAX, OFC | IXC),
    V(ADD, FPU_S, RP, S_MAX, S_MAX, 0, 0, S_INF, OFC | IXC),
    V(ADD, FPU_S, RM, S_NMAX, S_NMAX, 0, 0, S_NINF, OFC | IXC),
    V(ADD, FPU_S, RP, S_NMAX, S_NMAX, 0, 0, S_NMAX, OFC | IXC),
    V(ADD, FPU_D, RN, D_MAX, D_MAX, 0, 0, D_INF, OFC | IXC),
    V(ADD, FPU_D, RZ, D_MAX, D_MAX, 0, 0, D_MAX, OFC | IXC),
    /* inf - inf is invalid */
    V(ADD, FPU_S, RN, S_INF, S_NINF, 0, 0, S_DNAN, IOC),
    V(SUB, FPU_S, RN, S_INF, S_INF, 0, 0, S_DNAN, IOC),
    V(SUB, FPU_D, RN, D_INF, D_INF, 0, 0, D_DNAN, IOC),
    V(ADD, FPU_S, RN, S_INF, S_INF, 0, 0, S_INF, 0),
    V(SUB, FPU_S, RN, S_ONE, S_INF, 0, 0, S_NINF, 0),
    /* zeros: same signs keep it; an exact zero sum is +0 except under RM */
    V(ADD, FPU_S, RN, S_P0, S_N0, 0, 0, S_P0, 0),
    V(ADD, FPU_S, RM, S_P0, S_N0, 0, 0, S_N0, 0),
    V(ADD, FPU_S, RP, S_N0, S_N0, 0, 0, S_N0, 0),
    V(SUB, FPU_S, RN, S_N0, S_P0, 0, 0, S_N0, 0),
    V(SUB, FPU_S, RN, S_ONE, S_ONE, 0, 0, S_P0, 0),
    V(SUB, FPU_S, RM, S_ONE, S_ONE, 0, 0, S_N0, 0),
    V(SUB, FPU_D, RM, D_ONE, D_ONE, 0, 0, D_N0, 0),
    V(ADD, FPU_S, RN, S_N0, S_ONE, 0, 0, S_ONE, 0),
    /* denormals: exact sums raise nothing; FZ flushes inputs (IDC) */
    V(ADD, FPU_S, RN, S_MIN_DEN, S_MIN_DEN, 0, 0, 0x00000002, 0),
    V(ADD, FPU_S, RN | FZ, S_MIN_DEN, S_MIN_DEN, 0, 0, S_P0, IDC),
    V(SUB, FPU_S, RN, S_MIN_NORM, S_MIN_DEN, 0, 0, S_MAX_DEN, 0),
    V(SUB, FPU_S, RN | FZ, S_MIN_NORM, S_MIN_DEN, 0, 0, S_MIN_NORM, IDC),
    /* FZ flushes a tiny result to zero: UFC only, even though it was exact */
    V(SUB, FPU_S, RN, 0x00800001, S_MIN_NORM, 0, 0, S_MIN_DEN, 0),
    V(SUB, FPU_S, RN | FZ, 0x00800001, S_MIN_NORM, 0, 0, S_P0, UFC),
    V(SUB, FPU_S, RN | FZ, S_MIN_NORM, 0x00800001, 0, 0, S_N0, UFC),
    V(ADD, FPU_D, RN | FZ, 0x0000000000000001ull, D_ONE, 0, 0, D_ONE, IDC),
    V(ADD, FPU_D, RN, 0x0000000000000001ull, D_ONE, 0, 0, D_ONE, IXC),
    V(ADD, FPU_D, RP, 0x0000000000000001ull, D_ONE, 0, 0, 0x3ff0000000000001ull, IXC),
    /* far apart: the small operand only decides the direction */
    V(SUB, FPU_D, RZ, D_ONE, 0x0000000000000001ull, 0, 0, 0x3fefffffffffffffull, IXC),
    V(SUB, FPU_D, RN, D_ONE, 0x0000000000000001ull, 0, 0, D_ONE, IXC),
    /* NaNs: SNaN before QNaN, first operand first; SNaN quietened with IOC; DN */
    V(ADD, FPU_S, RN, 0x7f812345, 0x7fc00001, 0, 0, 0x7fc12345, IOC),
    V(ADD, FPU_S, RN, 0x7fc00001, 0xff812345, 0, 0, 0xffc12345, IOC),
    V(ADD, FPU_S, RN, 0x7fc00001, 0x7fc00002, 0, 0, 0x7fc00001, 0),
    V(ADD, FPU_S, RN, S_ONE, 0xffc00002, 0, 0, 0xffc00002, 0),
    V(ADD, FPU_S, RN | DN, 0x7f812345, S_ONE, 0, 0, S_DNAN, IOC),
    V(ADD, FPU_S, RN | DN, 0xffc00002, S_ONE, 0, 0, S_DNAN, 0),
    V(SUB, FPU_D, RN, 0x7ff0000000000001ull, 0x7ff8000000000002ull, 0, 0, 0x7ff8000000000001ull, IOC),
    /* NaN with a denormal under FZ: both operands are unpacked first, so IDC too */
    V(ADD, FPU_S, RN | FZ, 0x7fc00001, S_MIN_DEN, 0, 0, 0x7fc00001, IDC),
};

/* ---- FPMul / FPDiv / FPMulX / FPSqrt ---- */
static const struct vec muldiv_vecs[] = {
    V(MUL, FPU_S, RN, S_TWO, S_ONEHALF, 0, 0, 0x40400000, 0),
    /* min normal * 0.5 = 2^-127: exact denormal, no flags; FZ flushes with UFC */
    V(MUL, FPU_S, RN, S_MIN_NORM, S_HALF, 0, 0, 0x00400000, 0),
    V(MUL, FPU_S, RN | FZ, S_MIN_NORM, S_HALF, 0, 0, S_P0, UFC),
    /* (1+2^-23)*2^-127: denormal grid gives 0x400000.8, a tie to even, tiny and inexact */
    V(MUL, FPU_S, RN, 0x00800001, S_HALF, 0, 0, 0x00400000, UFC | IXC),
    V(MUL, FPU_S, RP, 0x00800001, S_HALF, 0, 0, 0x00400001, UFC | IXC),
    /* (1-2^-24)*2^-126 lies halfway between the largest denormal and the smallest normal:
     * RN rounds up to the smallest normal, but tininess is judged BEFORE rounding: UFC. */
    V(MUL, FPU_S, RN, 0x3f7fffff, S_MIN_NORM, 0, 0, S_MIN_NORM, UFC | IXC),
    V(MUL, FPU_S, RZ, 0x3f7fffff, S_MIN_NORM, 0, 0, S_MAX_DEN, UFC | IXC),
    V(MUL, FPU_S, RN | FZ, 0x3f7fffff, S_MIN_NORM, 0, 0, S_P0, UFC),
    /* underflow all the way: min denormal squared */
    V(MUL, FPU_S, RN, S_MIN_DEN, S_MIN_DEN, 0, 0, S_P0, UFC | IXC),
    V(MUL, FPU_S, RP, S_MIN_DEN, S_MIN_DEN, 0, 0, S_MIN_DEN, UFC | IXC),
    V(MUL, FPU_S, RM, 0x80000001, S_MIN_DEN, 0, 0, 0x80000001, UFC | IXC),
    V(MUL, FPU_D, RN, 0x0000000000000001ull, 0x0000000000000001ull, 0, 0, D_P0, UFC | IXC),
    V(MUL, FPU_D, RN, D_MAX, D_TWO, 0, 0, D_INF, OFC | IXC),
    V(MUL, FPU_D, RM, D_MAX, D_TWO, 0, 0, D_MAX, OFC | IXC),
    /* 3 * 1/3 in double: 0x3fd5555555555555 * 3 = 1 - 2^-54 exactly: a tie, even -> 1.0 */
    V(MUL, FPU_D, RN, 0x3fd5555555555555ull, 0x4008000000000000ull, 0, 0, D_ONE, IXC),
    V(MUL, FPU_D, RZ, 0x3fd5555555555555ull, 0x4008000000000000ull, 0, 0, 0x3fefffffffffffffull, IXC),
    V(MUL, FPU_S, RN, S_INF, S_N0, 0, 0, S_DNAN, IOC),
    V(MUL, FPU_S, RN, S_NINF, S_TWO, 0, 0, S_NINF, 0),
    V(MUL, FPU_S, RN, S_N0, S_TWO, 0, 0, S_N0, 0),
    V(MUL, FPU_S, RN | FZ, S_MAX_DEN, S_INF, 0, 0, S_DNAN, IDC | IOC),
    V(MULX, FPU_S, RN, S_INF, S_N0, 0, 0, 0xc0000000, 0),
    V(MULX, FPU_D, RN, D_N0, 0xfff0000000000000ull, 0, 0, D_TWO, 0),
    V(MULX, FPU_S, RN, S_TWO, S_ONEHALF, 0, 0, 0x40400000, 0),
    V(DIV, FPU_S, RN, S_ONE, S_P0, 0, 0, S_INF, DZC),
    V(DIV, FPU_S, RN, S_NONE, S_P0, 0, 0, S_NINF, DZC),
    V(DIV, FPU_S, RN, S_ONE, S_N0, 0, 0, S_NINF, DZC),
    V(DIV, FPU_S, RN, S_INF, S_P0, 0, 0, S_INF, 0),
    V(DIV, FPU_S, RN, S_P0, S_P0, 0, 0, S_DNAN, IOC),
    V(DIV, FPU_S, RN, S_INF, S_NINF, 0, 0, S_DNAN, IOC),
    V(DIV, FPU_S, RN, S_ONE, S_INF, 0, 0, S_P0, 0),
    V(DIV, FPU_S, RN, 0x40400000, S_INF, 0, 0, S_P0, 0),
    /* 1/3 = 0.0101...b: single 0x3eaaaaab (RN rounds up: the dropped bits are 0.101...) */
    V(DIV, FPU_S, RN, S_ONE, 0x40400000, 0, 0, 0x3eaaaaab, IXC),
    V(DIV, FPU_S, RZ, S_ONE, 0x40400000, 0, 0, 0x3eaaaaaa, IXC),
    V(DIV, FPU_D, RN, D_ONE, 0x4008000000000000ull, 0, 0, 0x3fd5555555555555ull, IXC),
    V(DIV, FPU_D, RP, D_ONE, 0x4008000000000000ull, 0, 0, 0x3fd5555555555556ull, IXC),
    V(DIV, FPU_D, RN, 0x4008000000000000ull, D_TWO, 0, 0, 0x3ff8000000000000ull, 0),
    /* min normal / 2^22 lands on a denormal exactly; / 2^24 is half of min denormal: tie -> 0 */
    V(DIV, FPU_S, RN, S_MIN_NORM, 0x4a800000, 0, 0, 0x00000002, 0),
    V(DIV, FPU_S, RN, S_MIN_NORM, 0x4b800000, 0, 0, S_P0, UFC | IXC),
    V(DIV, FPU_S, RP, S_MIN_NORM, 0x4b800000, 0, 0, S_MIN_DEN, UFC | IXC),
    V(DIV, FPU_S, RN, S_MAX, S_HALF, 0, 0, S_INF, OFC | IXC),
    V(DIV, FPU_S, RN | FZ, S_ONE, S_MIN_DEN, 0, 0, S_INF, IDC | DZC),
    V(DIV, FPU_S, RN, S_ONE, S_MIN_DEN, 0, 0, S_INF, OFC | IXC),
    V(SQRT, FPU_S, RN, 0x40800000, 0, 0, 0, S_TWO, 0),
    V(SQRT, FPU_S, RN, S_TWO, 0, 0, 0, 0x3fb504f3, IXC),
    V(SQRT, FPU_S, RZ, S_TWO, 0, 0, 0, 0x3fb504f3, IXC),
    V(SQRT, FPU_S, RP, S_TWO, 0, 0, 0, 0x3fb504f4, IXC),
    V(SQRT, FPU_D, RN, D_TWO, 0, 0, 0, 0x3ff6a09e667f3bcdull, IXC),
    V(SQRT, FPU_D, RM, D_TWO, 0, 0, 0, 0x3ff6a09e667f3bccull, IXC),
    /* sqrt(2^-149) = 2^-75 * sqrt(2) */
    V(SQRT, FPU_S, RN, S_MIN_DEN, 0, 0, 0, 0x1a3504f3, IXC),
    V(SQRT, FPU_S, RN | FZ, S_MIN_DEN, 0, 0, 0, S_P0, IDC),
    V(SQRT, FPU_S, RN, 0x80000001, 0, 0, 0, S_DNAN, IOC),
    V(SQRT, FPU_S, RN | FZ, 0x80000001, 0, 0, 0, S_N0, IDC),
    V(SQRT, FPU_S, RN, S_N0, 0, 0, 0, S_N0, 0),
    V(SQRT, FPU_S, RN, S_NONE, 0, 0, 0, S_DNAN, IOC),
    V(SQRT, FPU_S, RN, S_NINF, 0, 0, 0, S_DNAN, IOC),
    V(SQRT, FPU_S, RN, S_INF, 0, 0, 0, S_INF, 0),
    V(SQRT, FPU_S, RN, 0xff812345, 0, 0, 0, 0xffc12345, IOC),
    V(SQRT, FPU_D, RN, 0x0000000000000004ull, 0, 0, 0, 0x1e70000000000000ull, 0), /* 2^-536 */
};

/* ---- FPMulAdd (addend, a, b) ---- */
static const struct vec fma_vecs[] = {
    /* (1+2^-23)^2 - (1+2^-22) = 2^-46 exactly: a single rounding keeps it (unfused gives 0) */
    V(FMA, FPU_S, RN, 0xbf800002, 0x3f800001, 0x3f800001, 0, 0x28800000, 0),
    V(FMA, FPU_D, RN, 0xbff0000000000002ull, 0x3ff0000000000001ull, 0x3ff0000000000001ull, 0,
      0x3970000000000000ull, 0),
    /* (1+2^-23)^2 - 1 = 2^-22 + 2^-46: 2^-22 * (1 + 2^-24), a tie to even */
    V(FMA, FPU_S, RN, S_NONE, 0x3f800001, 0x3f800001, 0, 0x34800000, IXC),
    V(FMA, FPU_S, RP, S_NONE, 0x3f800001, 0x3f800001, 0, 0x34800001, IXC),
    V(FMA, FPU_S, RN, S_ONE, S_TWO, 0x40400000, 0, 0x40e00000, 0),
    /* a quiet NaN addend with inf * 0: default NaN and IOC (Arm, not IEEE's choice) */
    V(FMA, FPU_S, RN, 0x7fc00001, S_INF, S_P0, 0, S_DNAN, IOC),
    V(FMA, FPU_D, RN, 0x7ff8000000000001ull, D_P0, D_INF, 0, D_DNAN, IOC),
    V(FMA, FPU_S, RN, 0x7fc00001, S_INF, S_ONE, 0, 0x7fc00001, 0),
    /* NaN priority: SNaNs addend, a, b, then QNaNs addend, a, b */
    V(FMA, FPU_S, RN, 0x7fc00001, 0x7f800002, S_ONE, 0, 0x7fc00002, IOC),
    V(FMA, FPU_S, RN, 0x7fc00001, 0x7fc00002, 0x7fc00003, 0, 0x7fc00001, 0),
    V(FMA, FPU_S, RN, S_ONE, 0x7fc00002, 0x7f800003, 0, 0x7fc00003, IOC),
    V(FMA, FPU_S, RN, S_ONE, 0x7fc00002, 0x7fc00003, 0, 0x7fc00002, 0),
    V(FMA, FPU_S, RN, S_ONE, S_INF, S_P0, 0, S_DNAN, IOC),
    V(FMA, FPU_S, RN, S_INF, S_NINF, S_ONE, 0, S_DNAN, IOC),
    V(FMA, FPU_S, RN, S_NINF, S_NINF, S_ONE, 0, S_NINF, 0),
    V(FMA, FPU_S, RN, S_NINF, S_MAX, S_MAX, 0, S_NINF, 0),
    /* zero results: same-signed zeros keep the sign; otherwise the rounding mode decides */
    V(FMA, FPU_S, RN, S_P0, S_N0, S_ONE, 0, S_P0, 0),
    V(FMA, FPU_S, RM, S_P0, S_N0, S_ONE, 0, S_N0, 0),
    V(FMA, FPU_S, RN, S_N0, S_N0, S_ONE, 0, S_N0, 0),
    V(FMA, FPU_S, RN, S_NONE, S_ONE, S_ONE, 0, S_P0, 0),
    V(FMA, FPU_S, RM, S_NONE, S_ONE, S_ONE, 0, S_N0, 0),
    V(FMA, FPU_S, RN, S_ONE, S_P0, S_INF - 1, 0, S_ONE, 0),
    /* overflow in the product alone, pulled back by nothing: inf */
    V(FMA, FPU_S, RN, S_ONE, S_MAX, S_TWO, 0, S_INF, OFC | IXC),
    /* product far below the addend: only the direction counts */
    V(FMA, FPU_S, RP, S_ONE, S_MIN_DEN, S_MIN_DEN, 0, 0x3f800001, IXC),
    V(FMA, FPU_S, RZ, S_ONE, 0x80000001, S_MIN_DEN, 0, 0x3f7fffff, IXC),
    V(FMA, FPU_S, RN, S_ONE, 0x80000001, S_MIN_DEN, 0, S_ONE, IXC),
    /* tiny exact product + tiny addend under FZ: flushed inputs, IDC */
    V(FMA, FPU_S, RN | FZ, S_MIN_DEN, S_ONE, S_ONE, 0, S_ONE, IDC),
};

/* ---- FPCompare, FPMax/Min, FPMaxNum/MinNum ---- */
static const struct vec cmp_vecs[] = {
    V(CMP, FPU_S, RN, S_ONE, S_TWO, 0, 0, 0x8, 0),
    V(CMP, FPU_S, RN, S_TWO, S_ONE, 0, 0, 0x2, 0),
    V(CMP, FPU_S, RN, S_P0, S_N0, 0, 0, 0x6, 0),
    V(CMP, FPU_S, RN, S_NINF, S_NMAX, 0, 0, 0x8, 0),
    V(CMP, FPU_S, RN, S_INF, S_INF, 0, 0, 0x6, 0),
    V(CMP, FPU_S, RN, S_NONE, S_ONE, 0, 0, 0x8, 0),
    V(CMP, FPU_S, RN, 0xbf800001, S_NONE, 0, 0, 0x8, 0),
    V(CMP, FPU_S, RN, S_DNAN, S_ONE, 0, 0, 0x3, 0),
    V(CMPE, FPU_S, RN, S_DNAN, S_ONE, 0, 0, 0x3, IOC),
    V(CMP, FPU_S, RN, S_ONE, 0x7f800001, 0, 0, 0x3, IOC),
    V(CMP, FPU_S, RN, S_MIN_DEN, S_P0, 0, 0, 0x2, 0),
    V(CMP, FPU_S, RN | FZ, S_MIN_DEN, S_P0, 0, 0, 0x6, IDC),
    V(CMP, FPU_S, RN | FZ, 0x80000001, S_MIN_DEN, 0, 0, 0x6, IDC),
    V(CMP, FPU_D, RN, D_ONE, 0x3ff0000000000001ull, 0, 0, 0x8, 0),
    V(CMPE, FPU_D, RN, D_DNAN, D_DNAN, 0, 0, 0x3, IOC),
    V(MAX, FPU_S, RN, S_P0, S_N0, 0, 0, S_P0, 0),
    V(MAX, FPU_S, RN, S_N0, S_P0, 0, 0, S_P0, 0),
    V(MIN, FPU_S, RN, S_P0, S_N0, 0, 0, S_N0, 0),
    V(MIN, FPU_S, RN, S_N0, S_P0, 0, 0, S_N0, 0),
    V(MAX, FPU_S, RN, S_ONE, S_NINF, 0, 0, S_ONE, 0),
    V(MIN, FPU_S, RN, S_ONE, S_NINF, 0, 0, S_NINF, 0),
    V(MAX, FPU_S, RN, S_DNAN, S_ONE, 0, 0, S_DNAN, 0),
    V(MAX, FPU_S, RN, S_ONE, 0x7f800001, 0, 0, 0x7fc00001, IOC),
    V(MAXNM, FPU_S, RN, 0x7fc00001, S_ONE, 0, 0, S_ONE, 0),
    V(MAXNM, FPU_S, RN, S_NONE, 0xffc00001, 0, 0, S_NONE, 0),
    V(MINNM, FPU_S, RN, S_ONE, 0x7fc00001, 0, 0, S_ONE, 0),
    V(MINNM, FPU_S, RN, 0x7fc00001, S_INF, 0, 0, S_INF, 0),
    V(MAXNM, FPU_S, RN, 0x7fc00001, S_NINF, 0, 0, S_NINF, 0),
    V(MAXNM, FPU_S, RN, 0x7fc00001, 0x7fc00002, 0, 0, 0x7fc00001, 0),
    V(MAXNM, FPU_S, RN, 0x7fc00001, 0x7f800002, 0, 0, 0x7fc00002, IOC),
    V(MAXNM, FPU_S, RN | DN, 0x7fc00001, 0x7fc00002, 0, 0, S_DNAN, 0),
    V(MINNM, FPU_D, RN, 0x7ff8000000000001ull, D_NONE, 0, 0, D_NONE, 0),
    /* denormals: kept as they are, or flushed to zero (IDC) and then +0 beats -0 for max */
    V(MAX, FPU_S, RN, S_MIN_DEN, S_P0, 0, 0, S_MIN_DEN, 0),
    V(MAX, FPU_S, RN | FZ, S_MIN_DEN, S_P0, 0, 0, S_P0, IDC),
    V(MAX, FPU_S, RN | FZ, 0x80000001, S_N0, 0, 0, S_N0, IDC),
    V(MIN, FPU_S, RN | FZ, 0x80000001, S_P0, 0, 0, S_N0, IDC),
    V(MINNM, FPU_S, RN | FZ, 0x7fc00000, S_MAX_DEN, 0, 0, S_P0, IDC),
};

/* ---- FPRoundInt ---- */
#define S_2_5 0x40200000u
#define S_3_5 0x40600000u
#define S_N2_5 0xc0200000u
#define S_0_4 0x3ecccccdu
#define S_N0_4 0xbecccccdu
static const struct vec rint_vecs[] = {
    V(RINT_N, FPU_S, RN, S_2_5, 0, 0, 0, S_TWO, 0),
    V(RINT_N, FPU_S, RN, S_3_5, 0, 0, 0, 0x40800000, 0),
    V(RINT_A, FPU_S, RN, S_2_5, 0, 0, 0, 0x40400000, 0),
    V(RINT_A, FPU_S, RN, S_N2_5, 0, 0, 0, 0xc0400000, 0),
    V(RINT_N, FPU_S, RN, S_N2_5, 0, 0, 0, 0xc0000000, 0),
    V(RINT_P, FPU_S, RN, S_N2_5, 0, 0, 0, 0xc0000000, 0),
    V(RINT_M, FPU_S, RN, S_N2_5, 0, 0, 0, 0xc0400000, 0),
    V(RINT_Z, FPU_S, RN, S_N2_5, 0, 0, 0, 0xc0000000, 0),
    /* a result of zero keeps the operand's sign */
    V(RINT_N, FPU_S, RN, S_N0_4, 0, 0, 0, S_N0, 0),
    V(RINT_P, FPU_S, RN, S_N0_4, 0, 0, 0, S_N0, 0),
    V(RINT_M, FPU_S, RN, S_0_4, 0, 0, 0, S_P0, 0),
    V(RINT_M, FPU_S, RN, S_N0_4, 0, 0, 0, S_NONE, 0),
    V(RINT_P, FPU_S, RN, S_0_4, 0, 0, 0, S_ONE, 0),
    V(RINT_A, FPU_S, RN, S_N0_4, 0, 0, 0, S_N0, 0),
    V(RINT_A, FPU_S, RN, 0xbf000000, 0, 0, 0, S_NONE, 0),
    V(RINT_N, FPU_S, RN, 0xbf000000, 0, 0, 0, S_N0, 0),
    /* 2^22 + 0.5: a tie at the last fractional bit */
    V(RINT_N, FPU_S, RN, 0x4a800001, 0, 0, 0, 0x4a800000, 0),
    V(RINT_A, FPU_S, RN, 0x4a800001, 0, 0, 0, 0x4a800002, 0),
    V(RINT_N, FPU_S, RN, 0x4b000001, 0, 0, 0, 0x4b000001, 0),
    V(RINT_N, FPU_S, RN, S_MAX, 0, 0, 0, S_MAX, 0),
    V(RINT_N, FPU_S, RN, S_NINF, 0, 0, 0, S_NINF, 0),
    V(RINT_N, FPU_S, RN, 0x7f800001, 0, 0, 0, 0x7fc00001, IOC),
    V(RINT_N, FPU_S, RN | DN, 0x7fc00001, 0, 0, 0, S_DNAN, 0),
    V(RINT_P, FPU_S, RN, S_MIN_DEN, 0, 0, 0, S_ONE, 0),
    V(RINT_P, FPU_S, RN | FZ, S_MIN_DEN, 0, 0, 0, S_P0, IDC),
    V(RINT_M, FPU_S, RN | FZ, 0x80000001, 0, 0, 0, S_N0, IDC),
    V(RINT_N, FPU_D, RN, 0x3fe0000000000000ull, 0, 0, 0, D_P0, 0),
    V(RINT_A, FPU_D, RN, 0x3fe0000000000000ull, 0, 0, 0, D_ONE, 0),
    V(RINT_Z, FPU_D, RN, 0xc00fffffffffffffull, 0, 0, 0, 0xc008000000000000ull, 0),
    V(RINT_N, FPU_D, RN, 0x432fffffffffffffull, 0, 0, 0, 0x4330000000000000ull, 0),
    /* FRINTX: FPCR's mode, IXC when the value changed */
    V(RINTX, FPU_S, RN, S_ONEHALF, 0, 0, 0, S_TWO, IXC),
    V(RINTX, FPU_S, RZ, S_ONEHALF, 0, 0, 0, S_ONE, IXC),
    V(RINTX, FPU_S, RM, S_N0_4, 0, 0, 0, S_NONE, IXC),
    V(RINTX, FPU_S, RP, S_N0_4, 0, 0, 0, S_N0, IXC),
    V(RINTX, FPU_S, RN, S_TWO, 0, 0, 0, S_TWO, 0),
    V(RINTX, FPU_D, RN, 0x3fe0000000000001ull, 0, 0, 0, D_ONE, IXC),
    V(RINTX, FPU_S, RN | FZ, S_MAX_DEN, 0, 0, 0, S_P0, IDC),
};
/* ---- FPConvert ---- */
static const struct vec cvt_vecs[] = {
    V(CVT_S, FPU_D, RN, 0x3fd5555555555555ull, 0, 0, 0, 0x3eaaaaab, IXC),
    V(CVT_S, FPU_D, RZ, 0x3fd5555555555555ull, 0, 0, 0, 0x3eaaaaaa, IXC),
    V(CVT_S, FPU_D, RN, D_MAX, 0, 0, 0, S_INF, OFC | IXC),
    V(CVT_S, FPU_D, RZ, D_MAX, 0, 0, 0, S_MAX, OFC | IXC),
    V(CVT_S, FPU_D, RM, D_MAX, 0, 0, 0, S_MAX, OFC | IXC),
    /* 2^-150 is half the smallest single denormal: tie to even (zero); tiny and inexact */
    V(CVT_S, FPU_D, RN, 0x3690000000000000ull, 0, 0, 0, S_P0, UFC | IXC),
    V(CVT_S, FPU_D, RP, 0x3690000000000000ull, 0, 0, 0, S_MIN_DEN, UFC | IXC),
    V(CVT_S, FPU_D, RN | FZ, 0x3690000000000000ull, 0, 0, 0, S_P0, UFC),
    V(CVT_S, FPU_D, RN | FZ, 0x3810000000000000ull, 0, 0, 0, S_MIN_NORM, 0),
    V(CVT_S, FPU_D, RN, 0x0000000000000001ull, 0, 0, 0, S_P0, UFC | IXC),
    V(CVT_S, FPU_D, RN | FZ, 0x8000000000000001ull, 0, 0, 0, S_N0, IDC),
    V(CVT_D, FPU_S, RN, S_MIN_DEN, 0, 0, 0, 0x36a0000000000000ull, 0),
    V(CVT_D, FPU_S, RN | FZ, S_MIN_DEN, 0, 0, 0, D_P0, IDC),
    V(CVT_D, FPU_S, RN, S_NINF, 0, 0, 0, 0xfff0000000000000ull, 0),
    /* FPConvertNaN: payload moves with the top of the fraction, quiet bit set */
    V(CVT_D, FPU_S, RN, 0x7f812345, 0, 0, 0, 0x7ff82468a0000000ull, IOC),
    V(CVT_D, FPU_S, RN | DN, 0x7f812345, 0, 0, 0, D_DNAN, IOC),
    V(CVT_D, FPU_S, RN, 0xffc00001, 0, 0, 0, 0xfff8000020000000ull, 0),
    V(CVT_S, FPU_D, RN, 0x7ff8000000000001ull, 0, 0, 0, S_DNAN, 0),
    V(CVT_S, FPU_D, RN, 0xfff0123456789abcull, 0, 0, 0, 0xffc091a2, IOC),
    /* half precision, IEEE and alternative (AHP) */
    V(CVT_H, FPU_S, RN, S_ONE, 0, 0, 0, 0x3c00, 0),
    V(CVT_H, FPU_S, RN, 0x477fe000, 0, 0, 0, 0x7bff, 0),             /* 65504 */
    V(CVT_H, FPU_S, RN, 0x477ff000, 0, 0, 0, 0x7c00, OFC | IXC),     /* 65520: tie up, overflow */
    V(CVT_H, FPU_S, RZ, 0x477ff000, 0, 0, 0, 0x7bff, IXC),          /* exponent 15: no overflow */
    V(CVT_H, FPU_S, RN | AHP, 0x477ff000, 0, 0, 0, 0x7c00, IXC),     /* 65536 is normal in AHP */
    V(CVT_H, FPU_S, RN | AHP, 0x48000000, 0, 0, 0, 0x7fff, IOC),     /* 131072: too big, no IXC */
    V(CVT_H, FPU_S, RN | AHP, 0xc8000000, 0, 0, 0, 0xffff, IOC),
    V(CVT_H, FPU_S, RN | AHP, S_INF, 0, 0, 0, 0x7fff, IOC),
    V(CVT_H, FPU_S, RN | AHP, 0xffc00001, 0, 0, 0, 0x8000, IOC),
    V(CVT_H, FPU_S, RN, S_INF, 0, 0, 0, 0x7c00, 0),
    V(CVT_H, FPU_S, RN, 0x7fc02000, 0, 0, 0, 0x7e01, 0),
    V(CVT_H, FPU_S, RN | DN, 0x7f802000, 0, 0, 0, 0x7e00, IOC),
    V(CVT_H, FPU_S, RN, 0x33800000, 0, 0, 0, 0x0001, 0),             /* 2^-24: min denormal */
    V(CVT_H, FPU_S, RN, 0x33000000, 0, 0, 0, 0x0000, UFC | IXC),     /* 2^-25: tie to 0 */
    V(CVT_H, FPU_S, RN | FZ, 0x33800000, 0, 0, 0, 0x0001, 0),        /* FZ is not FZ16 */
    V(CVT_H, FPU_D, RN, 0x3ff0020000000000ull, 0, 0, 0, 0x3c00, IXC), /* 1 + 2^-11: tie */
    V(CVT_H, FPU_D, RN, 0x3ff0020000000001ull, 0, 0, 0, 0x3c01, IXC),
    V(CVT_S_FROM_H, FPU_H, RN, 0x7c00, 0, 0, 0, S_INF, 0),
    V(CVT_S_FROM_H, FPU_H, RN | AHP, 0x7c00, 0, 0, 0, 0x47800000, 0),
    V(CVT_S_FROM_H, FPU_H, RN | AHP, 0xffff, 0, 0, 0, 0xc7ffe000, 0),
    V(CVT_S_FROM_H, FPU_H, RN, 0x7d00, 0, 0, 0, 0x7fe00000, IOC),
    V(CVT_S_FROM_H, FPU_H, RN, 0x0001, 0, 0, 0, 0x33800000, 0),
    V(CVT_S_FROM_H, FPU_H, RN | FZ, 0x8001, 0, 0, 0, 0xb3800000, 0),
    V(CVT_D_FROM_H, FPU_H, RN, 0xfe01, 0, 0, 0, 0xfff8040000000000ull, 0),
    V(CVT_D_FROM_H, FPU_H, RN, 0x3555, 0, 0, 0, 0x3fd5540000000000ull, 0),
};

/* ---- FPToFixed (b = fraction bits, fbits slot = rounding) and FixedToFP ---- */
static const struct vec fixed_vecs[] = {
    V(TO_U32, FPU_S, RN, 0xbf000000, 0, 0, FPU_RZ, 0, IXC),           /* -0.5 -> 0 */
    V(TO_U32, FPU_S, RN, 0xbf000000, 0, 0, FPU_RM, 0, IOC),           /* -1 saturates */
    V(TO_S32, FPU_S, RN, 0xbf000000, 0, 0, FPU_RN, 0, IXC),           /* tie to even 0 */
    V(TO_S32, FPU_S, RN, 0xbf000000, 0, 0, FPU_RA, 0xffffffff, IXC),
    V(TO_S32, FPU_S, RN, 0xbfc00000, 0, 0, FPU_RN, 0xfffffffe, IXC),  /* -1.5 -> -2 */
    V(TO_S32, FPU_S, RN, 0xbfc00000, 0, 0, FPU_RZ, 0xffffffff, IXC),
    V(TO_S32, FPU_S, RN, 0xbfc00000, 0, 0, FPU_RP, 0xffffffff, IXC),
    V(TO_S32, FPU_S, RN, 0xbfc00000, 0, 0, FPU_RM, 0xfffffffe, IXC),
    V(TO_S64, FPU_D, RN, 0x43e0000000000000ull, 0, 0, FPU_RZ, 0x7fffffffffffffffull, IOC),
    V(TO_U64, FPU_D, RN, 0x43e0000000000000ull, 0, 0, FPU_RZ, 0x8000000000000000ull, 0),
    V(TO_S64, FPU_D, RN, 0xc3e0000000000000ull, 0, 0, FPU_RZ, 0x8000000000000000ull, 0),
    V(TO_U64, FPU_D, RN, 0xc3e0000000000000ull, 0, 0, FPU_RZ, 0, IOC),
    V(TO_U64, FPU_D, RN, 0x43f0000000000000ull, 0, 0, FPU_RZ, ~0ull, IOC),
    V(TO_U64, FPU_D, RN, 0x43efffffffffffffull, 0, 0, FPU_RZ, 0xfffffffffffff800ull, 0),
    V(TO_S64, FPU_D, RN, 0x43dfffffffffffffull, 0, 0, FPU_RZ, 0x7ffffffffffffc00ull, 0),
    V(TO_U32, FPU_D, RN, D_NONE, 0, 0, FPU_RZ, 0, IOC),
    V(TO_S32, FPU_D, RN, D_NONE, 0, 0, FPU_RZ, 0xffffffff, 0),
    V(TO_S64, FPU_D, RN, D_NONE, 0, 0, FPU_RZ, ~0ull, 0),
    V(TO_U32, FPU_D, RN, 0xbfe0000000000000ull, 0, 0, FPU_RZ, 0, IXC),
    V(TO_S32, FPU_S, RN, S_DNAN, 0, 0, FPU_RZ, 0, IOC),
    V(TO_U64, FPU_S, RN, 0x7f800001, 0, 0, FPU_RZ, 0, IOC),
    V(TO_S32, FPU_S, RN, S_INF, 0, 0, FPU_RZ, 0x7fffffff, IOC),
    V(TO_S32, FPU_S, RN, S_NINF, 0, 0, FPU_RZ, 0x80000000, IOC),
    V(TO_U32, FPU_S, RN, S_INF, 0, 0, FPU_RZ, 0xffffffff, IOC),
    /* 2147483647.5: RN ties up to 2^31 (odd -> even) and overflows; RZ is just inexact */
    V(TO_S32, FPU_D, RN, 0x41dfffffffe00000ull, 0, 0, FPU_RN, 0x7fffffff, IOC),
    V(TO_S32, FPU_D, RN, 0x41dfffffffe00000ull, 0, 0, FPU_RZ, 0x7fffffff, IXC),
    V(TO_S32, FPU_D, RN, 0xc1e0000000100000ull, 0, 0, FPU_RN, 0x80000000, IXC), /* -2^31 - 0.5 */
    V(TO_S32, FPU_D, RN, 0xc1e0000000100000ull, 0, 0, FPU_RA, 0x80000000, IOC),
    V(TO_U32, FPU_D, RN, 0x41effffffff00000ull, 0, 0, FPU_RN, 0xffffffff, IOC), /* 2^32 - 0.5 */
    V(TO_U32, FPU_D, RN, 0x41effffffff00000ull, 0, 0, FPU_RM, 0xffffffff, IXC),
    V(TO_U64, FPU_D, RN, 0x3fe8000000000000ull, 0, 0, FPU_RN, 1, IXC),          /* 0.75 */
    V(TO_S64, FPU_S, RN, S_MIN_DEN, 0, 0, FPU_RP, 1, IXC),
    V(TO_S64, FPU_S, RN | FZ, S_MIN_DEN, 0, 0, FPU_RP, 0, IDC),
    V(TO_S64, FPU_S, RN, 0x80000001, 0, 0, FPU_RM, ~0ull, IXC),
    V(TO_S64, FPU_S, RN, 0x80000001, 0, 0, FPU_RZ, 0, IXC),
    V(TO_S32, FPU_S, RN, S_N0, 0, 0, FPU_RZ, 0, 0),
    V(TO_U32, FPU_S, RN, S_N0, 0, 0, FPU_RM, 0, 0),
    /* fixed point: 1.5 with 4 fraction bits is 24; 2^-33 with 32 bits rounds by mode */
    V(TO_S32, FPU_S, RN, S_ONEHALF, 4, 0, FPU_RZ, 24, 0),
    V(TO_U64, FPU_D, RN, 0x3de0000000000000ull, 32, 0, FPU_RN, 0, IXC),
    V(TO_U64, FPU_D, RN, 0x3de0000000000000ull, 32, 0, FPU_RP, 1, IXC),
    V(TO_S32, FPU_S, RN, S_ONE, 31, 0, FPU_RZ, 0x7fffffff, IOC),
    V(TO_S32, FPU_S, RN, S_NONE, 31, 0, FPU_RZ, 0x80000000, 0),
    V(TO_U64, FPU_D, RN, D_ONE, 64, 0, FPU_RZ, ~0ull, IOC),
    V(TO_U64, FPU_D, RN, 0x3fefffffffffffffull, 64, 0, FPU_RZ, 0xfffffffffffff800ull, 0),
    V(FROM_S64, FPU_D, RN, 0x8000000000000000ull, 0, 0, 0, 0xc3e0000000000000ull, 0),
    V(FROM_U64, FPU_D, RN, ~0ull, 0, 0, 0, 0x43f0000000000000ull, IXC),
    V(FROM_U64, FPU_D, RZ, ~0ull, 0, 0, 0, 0x43efffffffffffffull, IXC),
    V(FROM_S64, FPU_D, RN, ~0ull, 0, 0, 0, D_NONE, 0),
    V(FROM_S32, FPU_S, RN, 0xffffffff, 0, 0, 0, S_NONE, 0),
    V(FROM_S32, FPU_S, RN, 0xffffffffffffffffull, 0, 0, 0, S_NONE, 0),
    V(FROM_U32, FPU_S, RN, 0xffffffff, 0, 0, 0, 0x4f800000, IXC),
    V(FROM_U32, FPU_S, RM, 0xffffffff, 0, 0, 0, 0x4f7fffff, IXC),
    V(FROM_S32, FPU_S, RN, 0x80000000, 0, 0, 0, 0xcf000000, 0),
    V(FROM_S64, FPU_S, RN, 0, 0, 0, 0, S_P0, 0),
    V(FROM_S32, FPU_S, RM, 0, 0, 0, 0, S_P0, 0),
    V(FROM_S32, FPU_S, RN, 0x01000001, 0, 0, 0, 0x4b800000, IXC),  /* 2^24 + 1: tie */
    V(FROM_S32, FPU_S, RP, 0x01000001, 0, 0, 0, 0x4b800001, IXC),
    V(FROM_S32, FPU_S, RN, 0x01000003, 0, 0, 0, 0x4b800002, IXC),
    V(FROM_S32, FPU_S, RN, 1, 32, 0, 0, 0x2f800000, 0),
    V(FROM_U64, FPU_D, RN, 1, 64, 0, 0, 0x3bf0000000000000ull, 0),
    V(FROM_S64, FPU_D, RN, 0x8000000000000000ull, 64, 0, 0, 0xbfe0000000000000ull, 0), /* -0.5 */
    V(FROM_S64, FPU_S, RN, 0x7fffffffffffffffull, 0, 0, 0, 0x5f000000, IXC),
    V(FROM_S64, FPU_S, RZ, 0x7fffffffffffffffull, 0, 0, 0, 0x5effffff, IXC),
};

/* ---- estimates and steps ---- */
static const struct vec est_vecs[] = {
    /* RecipEstimate(256) = 511: 1/1.0 estimates 0.998046875 */
    V(RECPE, FPU_S, RN, S_ONE, 0, 0, 0, 0x3f7f8000, 0),
    V(RECPE, FPU_S, RN, S_TWO, 0, 0, 0, 0x3eff8000, 0),
    V(RECPE, FPU_S, RN, 0xc0400000, 0, 0, 0, 0xbeaa8000, 0),   /* -3: estimate 0x155/256 */
    V(RECPE, FPU_D, RN, D_ONE, 0, 0, 0, 0x3feff00000000000ull, 0),
    V(RECPE, FPU_S, RN, S_P0, 0, 0, 0, S_INF, DZC),
    V(RECPE, FPU_S, RN, S_N0, 0, 0, 0, S_NINF, DZC),
    V(RECPE, FPU_S, RN, S_NINF, 0, 0, 0, S_N0, 0),
    V(RECPE, FPU_S, RN, 0x7f800001, 0, 0, 0, 0x7fc00001, IOC),
    /* |x| < 2^-128: the reciprocal overflows (by rounding mode) */
    V(RECPE, FPU_S, RN, 0x00100000, 0, 0, 0, S_INF, OFC | IXC),
    V(RECPE, FPU_S, RZ, 0x00100000, 0, 0, 0, S_MAX, OFC | IXC),
    V(RECPE, FPU_S, RP, 0x80100000, 0, 0, 0, S_NMAX, OFC | IXC),
    V(RECPE, FPU_S, RN | FZ, 0x00100000, 0, 0, 0, S_INF, IDC | DZC),
    /* a denormal in range: 2^-127 -> about 2^127 */
    V(RECPE, FPU_S, RN, 0x00400000, 0, 0, 0, 0x7eff8000, 0),
    /* a large value gives a denormal estimate; FZ flushes it (UFC only) */
    V(RECPE, FPU_S, RN, 0x7e800000, 0, 0, 0, 0x007fc000, 0),      /* 2^126 */
    V(RECPE, FPU_S, RN | FZ, 0x7e800000, 0, 0, 0, S_P0, UFC),
    V(RECPE, FPU_S, RN, S_MAX, 0, 0, 0, 0x00200000, 0),
    /* RecipSqrtEstimate(128) = 511: 1/sqrt(1.0) estimates 0.998046875 */
    V(RSQRTE, FPU_S, RN, S_ONE, 0, 0, 0, 0x3f7f8000, 0),
    V(RSQRTE, FPU_S, RN, 0x40800000, 0, 0, 0, 0x3eff8000, 0),
    V(RSQRTE, FPU_S, RN, S_TWO, 0, 0, 0, 0x3f348000, 0),      /* estimate 361 */
    V(RSQRTE, FPU_D, RN, D_ONE, 0, 0, 0, 0x3feff00000000000ull, 0),
    V(RSQRTE, FPU_S, RN, S_NONE, 0, 0, 0, S_DNAN, IOC),
    V(RSQRTE, FPU_S, RN, S_N0, 0, 0, 0, S_NINF, DZC),
    V(RSQRTE, FPU_S, RN, S_INF, 0, 0, 0, S_P0, 0),
    V(RSQRTE, FPU_S, RN, S_MIN_DEN, 0, 0, 0, 0x64b48000, 0),       /* 2^-149 -> ~2^74.5 */
    V(RSQRTE, FPU_S, RN | FZ, S_MIN_DEN, 0, 0, 0, S_INF, IDC | DZC),
    V(RECPS, FPU_S, RN, S_TWO, S_HALF, 0, 0, S_ONE, 0),
    V(RECPS, FPU_S, RN, S_INF, S_N0, 0, 0, S_TWO, 0),
    V(RECPS, FPU_S, RN, S_P0, S_ONE, 0, 0, S_TWO, 0),
    V(RECPS, FPU_S, RN, S_INF, S_ONE, 0, 0, S_NINF, 0),
    V(RECPS, FPU_S, RN, S_ONE, S_TWO, 0, 0, S_P0, 0),
    V(RECPS, FPU_S, RM, S_ONE, S_TWO, 0, 0, S_N0, 0),
    /* the first operand is negated before NaN processing, so its NaN comes out negated */
    V(RECPS, FPU_S, RN, 0x7f812345, S_ONE, 0, 0, 0xffc12345, IOC),
    V(RECPS, FPU_S, RN, S_ONE, 0x7fc00005, 0, 0, 0x7fc00005, 0),
    V(RSQRTS, FPU_S, RN, S_ONE, S_ONE, 0, 0, S_ONE, 0),
    V(RSQRTS, FPU_S, RN, S_N0, S_INF, 0, 0, S_ONEHALF, 0),
    V(RSQRTS, FPU_S, RN, S_P0, S_ONE, 0, 0, S_ONEHALF, 0),
    V(RSQRTS, FPU_S, RN, 0x40400000, S_ONE, 0, 0, S_P0, 0),
    V(RSQRTS, FPU_D, RN, D_TWO, D_TWO, 0, 0, 0xbfe0000000000000ull, 0),
    /* fused: 2 - (1+2^-23)(1-2^-23) = 1 + 2^-46, rounds to 1.0 inexact */
    V(RECPS, FPU_S, RN, 0x3f800001, 0x3f7ffffe, 0, 0, S_ONE, IXC),
    V(RECPS, FPU_S, RP, 0x3f800001, 0x3f7ffffe, 0, 0, 0x3f800001, IXC),
    V(RECPX, FPU_S, RN, S_ONE, 0, 0, 0, S_TWO, 0),
    V(RECPX, FPU_S, RN, 0xc0400000, 0, 0, 0, 0xbf800000, 0),
    V(RECPX, FPU_S, RN, S_P0, 0, 0, 0, 0x7f000000, 0),
    V(RECPX, FPU_S, RN, 0x80000001, 0, 0, 0, 0xff000000, 0),
    V(RECPX, FPU_S, RN | FZ, 0x80000001, 0, 0, 0, 0xff000000, IDC),
    V(RECPX, FPU_S, RN, S_INF, 0, 0, 0, S_P0, 0),
    V(RECPX, FPU_D, RN, D_ONE, 0, 0, 0, D_TWO, 0),
    V(RECPX, FPU_S, RN, 0x7f800001, 0, 0, 0, 0x7fc00001, IOC),
};

static void test_add(void **state)
{
    (void)state;
    CHECK(add_vecs);
}

static void test_muldiv(void **state)
{
    (void)state;
    CHECK(muldiv_vecs);
}

static void test_fma(void **state)
{
    (void)state;
    CHECK(fma_vecs);
}

static void test_cmp(void **state)
{
    (void)state;
    CHECK(cmp_vecs);
}

static void test_rint(void **state)
{
    (void)state;
    CHECK(rint_vecs);
}

static void test_cvt(void **state)
{
    (void)state;
    CHECK(cvt_vecs);
}

static void test_fixed(void **state)
{
    (void)state;
    CHECK(fixed_vecs);
}

static void test_estimates(void **state)
{
    (void)state;
    CHECK(est_vecs);
}

/* The estimate tables at their ends and a few known points (computed by hand from the
 * pseudocode's integer formulas). */
static void test_estimate_tables(void **state)
{
    (void)state;
    assert_int_equal(fpu_recip_estimate_u9(256), 511);
    assert_int_equal(fpu_recip_estimate_u9(511), 256); /* 2^19 DIV 1023 = 512, (512+1) DIV 2 */
    assert_int_equal(fpu_rsqrt_estimate_u9(128), 511);
    assert_int_equal(fpu_rsqrt_estimate_u9(511), 256);
    assert_int_equal(fpu_rsqrt_estimate_u9(256), 361); /* b = 722: 514 * 723^2 >= 2^28 */
    assert_int_equal(fpu_recip_estimate_u9(384), 341); /* 2^19 DIV 769 = 681, (681+1) DIV 2 */
}

/* Properties of the whole tables (independent of how they are computed): 9-bit results in
 * [256, 511], non-increasing in the input, and within 2^-7 of 1/x resp. 1/sqrt(x) at the
 * middle of each input step (x = (a + 0.5) / 512). */
static void test_estimate_table_properties(void **state)
{
    (void)state;
    unsigned prev = 512;
    for (unsigned a = 256; a < 512; a++) {
        unsigned r = fpu_recip_estimate_u9(a);
        assert_in_range(r, 256, 511);
        assert_true(r <= prev);
        prev = r;
        double err = (a + 0.5) / 512.0 * (r / 256.0) - 1.0;
        assert_true(err < 1.0 / 128 && err > -1.0 / 128);
    }
    prev = 512;
    for (unsigned a = 128; a < 512; a++) {
        unsigned r = fpu_rsqrt_estimate_u9(a);
        assert_in_range(r, 256, 511);
        assert_true(r <= prev);
        prev = r;
        double x = (a + 0.5) / 512.0, err = r / 256.0 * r / 256.0 * x - 1.0; /* (r^2 x) - 1 */
        assert_true(err < 2.0 / 128 && err > -2.0 / 128);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add),      cmocka_unit_test(test_muldiv),
        cmocka_unit_test(test_fma),      cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_rint),     cmocka_unit_test(test_cvt),
        cmocka_unit_test(test_fixed),    cmocka_unit_test(test_estimates),
        cmocka_unit_test(test_estimate_tables),
        cmocka_unit_test(test_estimate_table_properties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
