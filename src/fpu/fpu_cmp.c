/*
 * FPCompare, FPMax, FPMin, FPMaxNum, FPMinNum (DDI 0487 J1.3). Ordering of two non-NaN
 * operands (after FZ flushing) is decided on their bit patterns: sign-magnitude with both
 * zeros equal.
 */
#include "fpu/fpu_internal.h"

/* Ordering key of a non-NaN unpacked operand: zeros (incl. flushed denormals) map to 0. */
static int64_t key(enum fpu_fmt f, const struct fpu_unp *u, uint64_t raw)
{
    if (u->type == FPT_ZERO)
        return 0;
    int64_t mag = (int64_t)(raw & (fpu_sign_bit(f) - 1));
    return u->sign ? -mag : mag;
}

unsigned fpu_compare(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                     bool signal)
{
    struct fpu_unp ua, ub;
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    fpu_unpack(env, f, a, &ua);
    fpu_unpack(env, f, b, &ub);
    if (fpu_is_nan(ua.type) || fpu_is_nan(ub.type)) {
        if (ua.type == FPT_SNAN || ub.type == FPT_SNAN || signal)
            fpu_raise(env, FPSR_IOC);
        return 0x3;
    }
    int64_t ka = key(f, &ua, a), kb = key(f, &ub, b);
    return ka == kb ? 0x6 : ka < kb ? 0x8 : 0x2;
}

static uint64_t maxmin(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                       bool is_max)
{
    struct fpu_unp ua, ub;
    uint64_t res;
    fpu_unpack(env, f, a, &ua);
    fpu_unpack(env, f, b, &ub);
    if (fpu_process_nans(env, f, &ua, a, &ub, b, &res))
        return res;
    int64_t ka = key(f, &ua, a), kb = key(f, &ub, b);
    bool first = is_max ? ka > kb : ka < kb;
    const struct fpu_unp *u = first ? &ua : &ub;
    if (u->type == FPT_ZERO) /* max(+0, -0) = +0, min(+0, -0) = -0 */
        return fpu_zero(f, is_max ? (ua.sign && ub.sign) : (ua.sign || ub.sign));
    /* FPRound of an operand's own value is the operand (FZ already flushed denormals). */
    return first ? a : b;
}

uint64_t fpu_max(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return maxmin(env, f, a & fpu_mask(f), b & fpu_mask(f), true);
}

uint64_t fpu_min(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return maxmin(env, f, a & fpu_mask(f), b & fpu_mask(f), false);
}

/* FPMaxNum / FPMinNum: a single quiet NaN loses to any number (it is replaced by -inf for max,
 * +inf for min); a signalling NaN still wins through FPProcessNaNs. */
static uint64_t maxmin_num(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                           bool is_max)
{
    struct fpu_unp ua, ub;
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    fpu_unpack(env, f, a, &ua);
    fpu_unpack(env, f, b, &ub);
    if (ua.type == FPT_QNAN && ub.type != FPT_QNAN)
        a = fpu_inf(f, is_max);
    else if (ua.type != FPT_QNAN && ub.type == FPT_QNAN)
        b = fpu_inf(f, is_max);
    return maxmin(env, f, a, b, is_max);
}

uint64_t fpu_maxnm(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return maxmin_num(env, f, a, b, true);
}

uint64_t fpu_minnm(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return maxmin_num(env, f, a, b, false);
}
