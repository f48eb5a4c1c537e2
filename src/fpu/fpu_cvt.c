/*
 * FPRoundInt, FPConvert (with FPConvertNaN and the alternative half-precision format),
 * FPToFixed and FixedToFP (DDI 0487 J1.3).
 */
#include "fpu/fpu_internal.h"

/* |value| = sig * 2^exp split into an integer part and how the fraction compares with 1/2. The
 * caller bounds exp so that the integer part fits 64 bits. */
struct ipart {
    uint64_t mag;
    bool nonzero_frac;
    int frac_cmp; /* -1 below a half, 0 exactly a half, 1 above (only if nonzero_frac) */
};

static struct ipart split(uint64_t sig, int exp)
{
    struct ipart p = { 0, false, 0 };
    if (exp >= 0) {
        p.mag = sig << exp;
        return p;
    }
    int sh = -exp;
    u128 s = sig;
    u128 fracmask = sh >= 128 ? ~(u128)0 : ((u128)1 << sh) - 1;
    u128 frac = s & fracmask;
    p.mag = sh >= 64 ? 0 : sig >> sh;
    p.nonzero_frac = frac != 0;
    if (p.nonzero_frac) {
        if (sh > 64) /* sig < 2^64 <= half */
            p.frac_cmp = -1;
        else {
            u128 half = (u128)1 << (sh - 1);
            p.frac_cmp = frac < half ? -1 : frac == half ? 0 : 1;
        }
    }
    return p;
}

/* Whether the magnitude rounds up (the pseudocode's round_up, restated on |value|). */
static bool mag_round_up(enum fpu_rmode r, bool sign, const struct ipart *p)
{
    if (!p->nonzero_frac)
        return false;
    switch (r) {
    case FPU_RN: return p->frac_cmp > 0 || (p->frac_cmp == 0 && (p->mag & 1));
    case FPU_RA: return p->frac_cmp >= 0;
    case FPU_RP: return !sign;
    case FPU_RM: return sign;
    case FPU_RZ: return false;
    case FPU_RO: return false; /* not an integer rounding (FCVTXN only) */
    }
    return false;
}

uint64_t fpu_round_int(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, enum fpu_rmode r,
                       bool exact)
{
    struct fpu_unp u;
    a &= fpu_mask(f);
    fpu_unpack(env, f, a, &u);
    if (fpu_is_nan(u.type))
        return fpu_process_nan(env, f, u.type, a);
    if (u.type == FPT_INF)
        return fpu_inf(f, u.sign);
    if (u.type == FPT_ZERO)
        return fpu_zero(f, u.sign);
    if (u.exp >= 0)
        return a; /* already an integer */
    struct ipart p = split(u.sig, u.exp);
    uint64_t mag = p.mag + mag_round_up(r, u.sign, &p);
    if (p.nonzero_frac && exact)
        fpu_raise(env, FPSR_IXC);
    if (mag == 0)
        return fpu_zero(f, u.sign);
    return fpu_round(env, f, u.sign, 0, mag, FPU_RZ); /* exact: mag < 2^(F+1) */
}

/* FPConvertNaN: sign kept, quiet bit set, the payload's top bits carried over. */
static uint64_t convert_nan(enum fpu_fmt to, enum fpu_fmt from, uint64_t a)
{
    const struct fpu_fmtinfo *ft = &fpu_fmts[to], *ff = &fpu_fmts[from];
    bool sign = (a >> (ff->nbits - 1)) & 1;
    uint64_t payload = a & ((1ull << (ff->fbits - 1)) - 1); /* below the quiet bit */
    uint64_t frac51 = payload << (51 - (ff->fbits - 1));      /* as op<50:0> of a double */
    uint64_t frac = frac51 >> (51 - (ft->fbits - 1));
    return fpu_make(to, sign, (1u << ft->ebits) - 1, 1ull << (ft->fbits - 1) | frac);
}

uint64_t fpu_convert(const struct fpu_env *env, enum fpu_fmt to, enum fpu_fmt from, uint64_t a,
                     enum fpu_rmode r)
{
    struct fpu_unp u;
    a &= fpu_mask(from);
    fpu_unpack(env, from, a, &u);
    bool alt_hp = to == FPU_H && (env->fpcr & FPCR_AHP);
    if (fpu_is_nan(u.type)) {
        uint64_t res;
        if (alt_hp)
            res = fpu_zero(to, u.sign);
        else if (env->fpcr & FPCR_DN)
            res = fpu_default_nan(to);
        else
            res = convert_nan(to, from, a);
        if (u.type == FPT_SNAN || alt_hp)
            fpu_raise(env, FPSR_IOC);
        return res;
    }
    if (u.type == FPT_INF) {
        if (alt_hp) {
            fpu_raise(env, FPSR_IOC);
            return fpu_sign_bit(to) * u.sign | (fpu_sign_bit(to) - 1);
        }
        return fpu_inf(to, u.sign);
    }
    if (u.type == FPT_ZERO)
        return fpu_zero(to, u.sign);
    return fpu_round(env, to, u.sign, u.exp, u.sig, r);
}

uint64_t fpu_to_fixed(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, unsigned fbits,
                      bool is_unsigned, unsigned ibits, enum fpu_rmode r)
{
    struct fpu_unp u;
    a &= fpu_mask(f);
    fpu_unpack(env, f, a, &u);
    if (fpu_is_nan(u.type)) {
        fpu_raise(env, FPSR_IOC);
        return 0;
    }
    uint64_t umax = ibits == 64 ? ~0ull : (1ull << ibits) - 1;
    uint64_t smax = umax >> 1;
    bool overflow = false;
    struct ipart p = { 0, false, 0 };
    if (u.type == FPT_INF) {
        overflow = true;
    } else if (u.type == FPT_FINITE) {
        int exp = u.exp + (int)fbits;
        if (exp + fpu_bitlen64(u.sig) > 64) {
            overflow = true; /* |value| >= 2^64 */
        } else {
            p = split(u.sig, exp);
            uint64_t up = mag_round_up(r, u.sign, &p);
            if (p.mag == ~0ull && up)
                overflow = true;
            p.mag += up;
        }
    }
    if (!overflow) {
        if (is_unsigned)
            overflow = (u.sign && p.mag != 0) || p.mag > umax;
        else
            overflow = u.sign ? p.mag > smax + 1 : p.mag > smax;
    }
    if (overflow) {
        fpu_raise(env, FPSR_IOC);
        if (is_unsigned)
            return u.sign ? 0 : umax;
        return u.sign ? (smax + 1) & umax : smax;
    }
    if (p.nonzero_frac)
        fpu_raise(env, FPSR_IXC);
    return (u.sign ? 0 - p.mag : p.mag) & umax;
}

uint64_t fpu_from_fixed(const struct fpu_env *env, enum fpu_fmt f, uint64_t x, unsigned fbits,
                        bool is_unsigned, unsigned ibits, enum fpu_rmode r)
{
    uint64_t umask = ibits == 64 ? ~0ull : (1ull << ibits) - 1;
    x &= umask;
    bool sign = !is_unsigned && ((x >> (ibits - 1)) & 1);
    uint64_t mag = sign ? (0 - x) & umask : x;
    if (mag == 0)
        return fpu_zero(f, false);
    return fpu_round(env, f, sign, -(int)fbits, mag, r);
}
