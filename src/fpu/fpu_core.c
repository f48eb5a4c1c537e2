/*
 * The FP core's foundations (DDI 0487 J1.3 "shared/functions/float"): format parameters,
 * FPUnpack, FPRound and the NaN rules FPProcessNaN / FPProcessNaNs / FPProcessNaNs3. Every
 * operation in src/fpu is built from these, so the Arm-specific choices live here once:
 * tininess before rounding, flush-to-zero of outputs raising UFC only, the alternative half
 * precision format (FPCR.AHP), default NaN (FPCR.DN).
 */
#include "fpu/fpu_internal.h"

const struct fpu_fmtinfo fpu_fmts[3] = {
    [FPU_H] = { 16, 5, 10, -14 },
    [FPU_S] = { 32, 8, 23, -126 },
    [FPU_D] = { 64, 11, 52, -1022 },
};

uint64_t fpu_make(enum fpu_fmt f, bool sign, uint64_t biased_exp, uint64_t frac)
{
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    return (sign ? fpu_sign_bit(f) : 0) | biased_exp << fi->fbits | frac;
}

uint64_t fpu_zero(enum fpu_fmt f, bool sign)
{
    return fpu_make(f, sign, 0, 0);
}

uint64_t fpu_inf(enum fpu_fmt f, bool sign)
{
    return fpu_make(f, sign, (1u << fpu_fmts[f].ebits) - 1, 0);
}

uint64_t fpu_max_normal(enum fpu_fmt f, bool sign)
{
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    return fpu_make(f, sign, (1u << fi->ebits) - 2, (1ull << fi->fbits) - 1);
}

uint64_t fpu_default_nan(enum fpu_fmt f)
{
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    return fpu_make(f, false, (1u << fi->ebits) - 1, 1ull << (fi->fbits - 1));
}

void fpu_unpack(const struct fpu_env *env, enum fpu_fmt f, uint64_t raw, struct fpu_unp *u)
{
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    uint64_t exp = fpu_exp_field(f, raw);
    uint64_t frac = raw & ((1ull << fi->fbits) - 1);
    unsigned emax = (1u << fi->ebits) - 1;
    bool ahp = f == FPU_H && (env->fpcr & FPCR_AHP);

    u->sign = (raw >> (fi->nbits - 1)) & 1;
    u->exp = 0;
    u->sig = 0;
    if (exp == 0) {
        if (frac == 0) {
            u->type = FPT_ZERO;
        } else if (f != FPU_H && (env->fpcr & FPCR_FZ)) {
            /* Flushed input denormal: zero of the same sign, IDC. */
            u->type = FPT_ZERO;
            fpu_raise(env, FPSR_IDC);
        } else {
            u->type = FPT_FINITE;
            u->exp = fi->minexp - (int)fi->fbits;
            u->sig = frac;
        }
    } else if (exp == emax && !ahp) {
        if (frac == 0)
            u->type = FPT_INF;
        else
            u->type = (frac >> (fi->fbits - 1)) & 1 ? FPT_QNAN : FPT_SNAN;
    } else {
        u->type = FPT_FINITE;
        u->exp = (int)exp - 1 + fi->minexp - (int)fi->fbits;
        u->sig = frac | 1ull << fi->fbits;
    }
}

/* How the bits dropped by rounding compare with half an ulp. */
enum fpu_err { ERR_ZERO, ERR_BELOW_HALF, ERR_HALF, ERR_ABOVE_HALF };

static enum fpu_err classify(u128 rem, u128 half)
{
    if (rem == 0)
        return ERR_ZERO;
    return rem < half ? ERR_BELOW_HALF : rem == half ? ERR_HALF : ERR_ABOVE_HALF;
}

/* Shift sig right by `shift` (>= 1) bits; returns the kept part and the dropped part's class. */
static u128 shift_round(u128 sig, int shift, enum fpu_err *err)
{
    if (shift > 128) {
        *err = ERR_BELOW_HALF; /* sig < 2^128 <= 2^(shift-1) and sig != 0 */
        return 0;
    }
    if (shift == 128) {
        *err = classify(sig, (u128)1 << 127);
        return 0;
    }
    u128 half = (u128)1 << (shift - 1);
    *err = classify(sig & ((half << 1) - 1), half);
    return sig >> shift;
}

static bool round_up(enum fpu_rmode r, bool sign, enum fpu_err err, bool lsb)
{
    switch (r) {
    case FPU_RN: return err == ERR_ABOVE_HALF || (err == ERR_HALF && lsb);
    case FPU_RA: return err >= ERR_HALF;
    case FPU_RP: return err != ERR_ZERO && !sign;
    case FPU_RM: return err != ERR_ZERO && sign;
    case FPU_RZ: return false;
    case FPU_RO: return false; /* the lsb is forced after rounding (FPRoundBase) */
    }
    return false;
}

uint64_t fpu_round(const struct fpu_env *env, enum fpu_fmt f, bool sign, int exp, u128 sig,
                   enum fpu_rmode r)
{
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    int e = exp + fpu_bitlen128(sig) - 1; /* value in [2^e, 2^(e+1)) */
    bool ahp = f == FPU_H && (env->fpcr & FPCR_AHP);

    /* FZ flushes tiny results (judged on the unrounded value) to zero: UFC, never IXC. */
    if (f != FPU_H && (env->fpcr & FPCR_FZ) && e < fi->minexp) {
        fpu_raise(env, FPSR_UFC);
        return fpu_zero(f, sign);
    }

    int lsb = (e < fi->minexp ? fi->minexp : e) - (int)fi->fbits; /* exponent of the result's ulp */
    int shift = lsb - exp;
    enum fpu_err err = ERR_ZERO;
    u128 mant = shift <= 0 ? sig << -shift : shift_round(sig, shift, &err);
    int64_t biased = e < fi->minexp ? 0 : (int64_t)e - fi->minexp + 1;

    /* Tininess before rounding: an inexact denormal-range result underflows. */
    if (biased == 0 && err != ERR_ZERO)
        fpu_raise(env, FPSR_UFC);
    if (round_up(r, sign, err, mant & 1)) {
        mant++;
        if (mant == (u128)1 << fi->fbits) {
            biased = 1; /* a denormal rounded up to the smallest normal */
        } else if (mant == (u128)1 << (fi->fbits + 1)) {
            biased++;
            mant >>= 1;
        }
    }
    /* FPRounding_ODD: an inexact result gets its lsb set (after any round-up, as in the
     * pseudocode; never reached with round_up true). Overflow goes to the largest normal. */
    if (r == FPU_RO && err != ERR_ZERO)
        mant |= 1;
    uint64_t frac = (uint64_t)mant & ((1ull << fi->fbits) - 1);
    uint64_t result;
    if (!ahp) {
        if (biased >= (1 << fi->ebits) - 1) {
            bool to_inf = r == FPU_RN || r == FPU_RA || (r == FPU_RP && !sign) ||
                          (r == FPU_RM && sign);
            fpu_raise(env, FPSR_OFC | FPSR_IXC);
            return to_inf ? fpu_inf(f, sign) : fpu_max_normal(f, sign);
        }
        result = fpu_make(f, sign, (uint64_t)biased, frac);
    } else {
        if (biased >= 1 << fi->ebits) {
            fpu_raise(env, FPSR_IOC); /* no infinity in the alternative format */
            return fpu_sign_bit(f) * sign | (fpu_sign_bit(f) - 1);
        }
        result = fpu_make(f, sign, (uint64_t)biased, frac);
    }
    if (err != ERR_ZERO)
        fpu_raise(env, FPSR_IXC);
    return result;
}

uint64_t fpu_process_nan(const struct fpu_env *env, enum fpu_fmt f, enum fpu_type t, uint64_t a)
{
    uint64_t result = a;
    if (t == FPT_SNAN) {
        result |= 1ull << (fpu_fmts[f].fbits - 1);
        fpu_raise(env, FPSR_IOC);
    }
    if (env->fpcr & FPCR_DN)
        result = fpu_default_nan(f);
    return result;
}

bool fpu_process_nans(const struct fpu_env *env, enum fpu_fmt f, const struct fpu_unp *ua,
                      uint64_t a, const struct fpu_unp *ub, uint64_t b, uint64_t *res)
{
    if (ua->type == FPT_SNAN)
        *res = fpu_process_nan(env, f, ua->type, a);
    else if (ub->type == FPT_SNAN)
        *res = fpu_process_nan(env, f, ub->type, b);
    else if (ua->type == FPT_QNAN)
        *res = fpu_process_nan(env, f, ua->type, a);
    else if (ub->type == FPT_QNAN)
        *res = fpu_process_nan(env, f, ub->type, b);
    else
        return false;
    return true;
}

bool fpu_process_nans3(const struct fpu_env *env, enum fpu_fmt f, const struct fpu_unp *ua,
                       uint64_t a, const struct fpu_unp *ub, uint64_t b,
                       const struct fpu_unp *uc, uint64_t c, uint64_t *res)
{
    const struct fpu_unp *u[3] = { ua, ub, uc };
    uint64_t v[3] = { a, b, c };
    for (int pass = 0; pass < 2; pass++) {
        enum fpu_type want = pass == 0 ? FPT_SNAN : FPT_QNAN;
        for (int i = 0; i < 3; i++) {
            if (u[i]->type == want) {
                *res = fpu_process_nan(env, f, want, v[i]);
                return true;
            }
        }
    }
    return false;
}
