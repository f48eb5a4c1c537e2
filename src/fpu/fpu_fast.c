/* Host-FPU fast paths: see fpu_fast.h for when they apply and why they are exact. */
#include "fpu/fpu_fast.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "fpu/fpu_internal.h"

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define FAST_OK 1
#else
#define FAST_OK 0 /* x87-style excess precision would break the exactness arguments */
#endif

static double d_of(uint64_t a)
{
    double d;
    memcpy(&d, &a, 8);
    return d;
}

static uint64_t bits_d(double d)
{
    uint64_t a;
    memcpy(&a, &d, 8);
    return a;
}

static float s_of(uint64_t a)
{
    uint32_t w = (uint32_t)a;
    float s;
    memcpy(&s, &w, 4);
    return s;
}

static uint64_t bits_s(float s)
{
    uint32_t w;
    memcpy(&w, &s, 4);
    return w;
}

/* Normal operand: biased exponent in [1, max - 1]. */
static bool normal_op(enum fpu_fmt f, uint64_t a)
{
    uint64_t e = fpu_exp_field(f, a);
    return e != 0 && e != (1u << fpu_fmts[f].ebits) - 1;
}

/* Safe result: biased exponent in [min_e, max - 1] with min_e >= 2, i.e. normal and above the
 * smallest normal. */
static bool safe_result(enum fpu_fmt f, uint64_t r, unsigned min_e)
{
    uint64_t e = fpu_exp_field(f, r);
    return e >= min_e && e != (1u << fpu_fmts[f].ebits) - 1;
}

static bool applies(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return FAST_OK && f != FPU_H && fpu_fpcr_rmode(env->fpcr) == FPU_RN && normal_op(f, a) &&
           normal_op(f, b);
}

static bool finish(const struct fpu_env *env, enum fpu_fmt f, uint64_t r, bool inexact,
                   uint64_t *res, unsigned min_e)
{
    if (!safe_result(f, r, min_e))
        return false;
    if (inexact)
        fpu_raise(env, FPSR_IXC);
    *res = r;
    return true;
}

bool fpu_fast_add(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, bool sub,
                  uint64_t *res)
{
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    if (!applies(env, f, a, b))
        return false;
    if (sub)
        b ^= fpu_sign_bit(f);
    /* TwoSum (Knuth): err is the exact rounding error of s when s does not overflow. */
    if (f == FPU_D) {
        double x = d_of(a), y = d_of(b), s = x + y, bb = s - x;
        double err = (x - (s - bb)) + (y - bb);
        return finish(env, f, bits_d(s), err != 0, res, 2);
    }
    float x = s_of(a), y = s_of(b), s = x + y, bb = s - x;
    float err = (x - (s - bb)) + (y - bb);
    return finish(env, f, bits_s(s), err != 0, res, 2);
}

bool fpu_fast_mul(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                  uint64_t *res)
{
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    if (!applies(env, f, a, b))
        return false;
    if (f == FPU_D) {
        double x = d_of(a), y = d_of(b), p = x * y;
        /* fma rounds x*y - p once; it is zero exactly when the product was exact, provided
         * the error (a multiple of 2^(ex+ey-104)) cannot underflow: hence the product's
         * biased exponent must be >= 110. */
        return finish(env, f, bits_d(p), fma(x, y, -p) != 0, res, 110);
    }
    /* A product of two 24-bit significands is exact in double; one rounding to float. */
    double p = (double)s_of(a) * (double)s_of(b);
    float r = (float)p;
    return finish(env, f, bits_s(r), (double)r != p, res, 2);
}

bool fpu_fast_div(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                  uint64_t *res)
{
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    if (!applies(env, f, a, b))
        return false;
    if (f == FPU_D) {
        double x = d_of(a), y = d_of(b), q = x / y;
        /* The remainder x - q*y, formed exactly by fma, is zero iff q is exact; it is a
         * multiple of 2^(eq+ey-104) and so cannot underflow when x's biased exponent is
         * >= 120. */
        if (fpu_exp_field(f, a) < 120)
            return false;
        return finish(env, f, bits_d(q), fma(-q, y, x) != 0, res, 2);
    }
    float q = s_of(a) / s_of(b);
    /* q*y of two 24-bit significands is exact in double. */
    return finish(env, f, bits_s(q), (double)q * (double)s_of(b) != (double)s_of(a), res, 2);
}

bool fpu_fast_sqrt(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t *res)
{
    a &= fpu_mask(f);
    /* positive normal operand: the root is normal and never overflows */
    if (!applies(env, f, a, a) || (a & fpu_sign_bit(f)))
        return false;
    if (f == FPU_D) {
        /* r*r - x, formed exactly by fma, is zero iff r is exact; it is a multiple of
         * 2^(ex-105) and cannot underflow when x's biased exponent is >= 120. */
        if (fpu_exp_field(f, a) < 120)
            return false;
        double x = d_of(a), r = sqrt(x);
        return finish(env, f, bits_d(r), fma(r, r, -x) != 0, res, 2);
    }
    float x = s_of(a), r = sqrtf(x);
    /* r*r of a 24-bit significand is exact in double */
    return finish(env, f, bits_s(r), (double)r * (double)r != (double)x, res, 2);
}
