/*
 * FRECPE, FRSQRTE (FPRecipEstimate / FPRSqrtEstimate with the RecipEstimate /
 * RecipSqrtEstimate tables computed as the pseudocode defines them), FRECPS, FRSQRTS
 * (FPRecipStepFused / FPRSqrtStepFused, one rounding) and FRECPX (DDI 0487 J1.3).
 */
#include "fpu/fpu_internal.h"

/* RecipEstimate(a), 256 <= a < 512: 1/x in units of 1/256 for x = a/512, rounded to nearest. */
unsigned fpu_recip_estimate_u9(unsigned a)
{
    a = a * 2 + 1;
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate(a), 128 <= a < 512. */
unsigned fpu_rsqrt_estimate_u9(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    uint64_t b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28))
        b++;
    return (unsigned)((b + 1) / 2);
}

/* The operand's fraction left-aligned to 52 bits and its biased exponent. */
static uint64_t frac52(enum fpu_fmt f, uint64_t a)
{
    unsigned fb = fpu_fmts[f].fbits;
    return (a & ((1ull << fb) - 1)) << (52 - fb);
}

uint64_t fpu_recip_estimate(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)
{
    static const int tiny_exp[3] = { -16, -128, -1024 }; /* |value| < 2^this overflows */
    static const int big_exp[3] = { 14, 126, 1022 };      /* FZ: |value| >= 2^this underflows */
    static const int bias2[3] = { 29, 253, 2045 };        /* result exponent base: 2*bias - 1 */
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    struct fpu_unp u;
    a &= fpu_mask(f);
    fpu_unpack(env, f, a, &u);
    if (fpu_is_nan(u.type))
        return fpu_process_nan(env, f, u.type, a);
    if (u.type == FPT_INF)
        return fpu_zero(f, u.sign);
    if (u.type == FPT_ZERO) {
        fpu_raise(env, FPSR_DZC);
        return fpu_inf(f, u.sign);
    }
    int e = u.exp + fpu_bitlen64(u.sig) - 1; /* |value| in [2^e, 2^(e+1)) */
    if (e < tiny_exp[f]) {
        enum fpu_rmode r = fpu_fpcr_rmode(env->fpcr);
        bool to_inf = r == FPU_RN || (r == FPU_RP && !u.sign) || (r == FPU_RM && u.sign);
        fpu_raise(env, FPSR_OFC | FPSR_IXC);
        return to_inf ? fpu_inf(f, u.sign) : fpu_max_normal(f, u.sign);
    }
    if (f != FPU_H && (env->fpcr & FPCR_FZ) && e >= big_exp[f]) {
        fpu_raise(env, FPSR_UFC);
        return fpu_zero(f, u.sign);
    }
    uint64_t fraction = frac52(f, a);
    int exp = (int)fpu_exp_field(f, a);
    if (exp == 0) {
        if (!((fraction >> 51) & 1)) {
            exp = -1;
            fraction = (fraction << 2) & ((1ull << 52) - 1);
        } else {
            fraction = (fraction << 1) & ((1ull << 52) - 1);
        }
    }
    unsigned scaled = 256 | (unsigned)(fraction >> 44);
    int result_exp = bias2[f] - exp;
    unsigned estimate = fpu_recip_estimate_u9(scaled);
    fraction = (uint64_t)(estimate & 0xff) << 44;
    if (result_exp == 0) {
        fraction = 1ull << 51 | fraction >> 1;
    } else if (result_exp == -1) {
        fraction = 1ull << 50 | fraction >> 2;
        result_exp = 0;
    }
    return fpu_make(f, u.sign, (uint64_t)result_exp, fraction >> (52 - fi->fbits));
}

uint64_t fpu_rsqrt_estimate(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)
{
    static const int base[3] = { 44, 380, 3068 }; /* result exponent = (base - exp) DIV 2 */
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    struct fpu_unp u;
    a &= fpu_mask(f);
    fpu_unpack(env, f, a, &u);
    if (fpu_is_nan(u.type))
        return fpu_process_nan(env, f, u.type, a);
    if (u.type == FPT_ZERO) {
        fpu_raise(env, FPSR_DZC);
        return fpu_inf(f, u.sign);
    }
    if (u.sign) {
        fpu_raise(env, FPSR_IOC);
        return fpu_default_nan(f);
    }
    if (u.type == FPT_INF)
        return fpu_zero(f, false);
    uint64_t fraction = frac52(f, a);
    int exp = (int)fpu_exp_field(f, a);
    if (exp == 0) {
        while (!((fraction >> 51) & 1)) {
            fraction <<= 1;
            exp--;
        }
        fraction = (fraction << 1) & ((1ull << 52) - 1);
    }
    unsigned scaled = (exp & 1) == 0 ? 256 | (unsigned)(fraction >> 44)
                                     : 128 | (unsigned)(fraction >> 45);
    /* DIV rounds toward minus infinity; base - exp is positive here. */
    int result_exp = (base[f] - exp) / 2;
    unsigned estimate = fpu_rsqrt_estimate_u9(scaled);
    return fpu_make(f, false, (uint64_t)result_exp,
                    (uint64_t)(estimate & 0xff) << (fi->fbits - 8));
}

/* FPRecipStepFused (2 - a*b) and FPRSqrtStepFused ((3 - a*b) / 2). */
static uint64_t step(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                     bool rsqrt)
{
    struct fpu_unp ua, ub;
    uint64_t res;
    a = fpu_neg(f, a);
    b &= fpu_mask(f);
    fpu_unpack(env, f, a, &ua);
    fpu_unpack(env, f, b, &ub);
    if (fpu_process_nans(env, f, &ua, a, &ub, b, &res))
        return res;
    if ((ua.type == FPT_INF && ub.type == FPT_ZERO) || (ua.type == FPT_ZERO && ub.type == FPT_INF))
        return rsqrt ? fpu_make(f, false, (1u << (fpu_fmts[f].ebits - 1)) - 1,
                                1ull << (fpu_fmts[f].fbits - 1))  /* 1.5 */
                     : fpu_make(f, false, 1u << (fpu_fmts[f].ebits - 1), 0); /* 2.0 */
    bool sp = ua.sign ^ ub.sign;
    if (ua.type == FPT_INF || ub.type == FPT_INF)
        return fpu_inf(f, sp);
    u128 p = (ua.type == FPT_ZERO || ub.type == FPT_ZERO) ? 0 : (u128)ua.sig * ub.sig;
    /* 2 + p, or 3/2 + p/2 */
    return fpu_fused_add(env, f, false, rsqrt ? -1 : 1, rsqrt ? 3 : 1, sp,
                         ua.exp + ub.exp - rsqrt, p);
}

uint64_t fpu_recip_step(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return step(env, f, a, b, false);
}

uint64_t fpu_rsqrt_step(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return step(env, f, a, b, true);
}

uint64_t fpu_recpx(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)
{
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    struct fpu_unp u;
    a &= fpu_mask(f);
    fpu_unpack(env, f, a, &u);
    if (fpu_is_nan(u.type))
        return fpu_process_nan(env, f, u.type, a);
    uint64_t exp = fpu_exp_field(f, a), emax = (1u << fi->ebits) - 1;
    if (exp == 0)
        return fpu_make(f, u.sign, emax - 1, 0);
    return fpu_make(f, u.sign, ~exp & emax, 0);
}
