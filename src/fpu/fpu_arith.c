/*
 * FPAdd, FPSub, FPMul, FPMulX, FPDiv, FPMulAdd, FPSqrt (DDI 0487 J1.3), in integer arithmetic
 * on the unpacked significands: the exact result (or its first 64+ bits plus a sticky bit) is
 * formed in 128 bits and handed to fpu_round() once, so every operation rounds exactly once.
 * fpu_fast.c short-cuts the common round-to-nearest case with the host FPU.
 */
#include "fpu/fpu_internal.h"
#include "fpu/fpu_fast.h"

/* Place a nonzero significand so that its top bit is bit 125: two bits of headroom for a sum. */
#define TOP 125

struct wide {
    bool sign;
    int exp;
    u128 sig; /* value = sig * 2^exp */
};

static struct wide widen(bool sign, int exp, u128 sig)
{
    int sh = TOP + 1 - fpu_bitlen128(sig);
    return (struct wide){ sign, exp - sh, sig << sh };
}

/* Right shift keeping any lost bit as a sticky bit 0. */
static u128 shift_jam(u128 x, int sh)
{
    if (sh <= 0)
        return x;
    if (sh >= 128)
        return x != 0;
    return (x >> sh) | ((x & (((u128)1 << sh) - 1)) != 0);
}

/* Round a + b (both nonzero, finite). When the alignment shift drops bits (shift >= 2 past the
 * 106 significant bits), the sum keeps its top bit at 124 or above, so the sticky bit stays far
 * below the rounding position. An exact zero takes its sign from the rounding mode. */
static uint64_t add_round(const struct fpu_env *env, enum fpu_fmt f, struct wide a, struct wide b,
                          enum fpu_rmode r)
{
    if (a.sig == 0)
        return b.sig == 0 ? fpu_zero(f, r == FPU_RM) : fpu_round(env, f, b.sign, b.exp, b.sig, r);
    if (b.sig == 0)
        return fpu_round(env, f, a.sign, a.exp, a.sig, r);
    a = widen(a.sign, a.exp, a.sig);
    b = widen(b.sign, b.exp, b.sig);
    if (a.exp < b.exp) {
        struct wide t = a;
        a = b;
        b = t;
    }
    int d = a.exp - b.exp;
    b.sig = shift_jam(b.sig, d > 200 ? 200 : d);
    u128 sum;
    bool sign = a.sign;
    if (a.sign == b.sign) {
        sum = a.sig + b.sig;
    } else if (a.sig >= b.sig) {
        sum = a.sig - b.sig;
    } else {
        sum = b.sig - a.sig;
        sign = b.sign;
    }
    if (sum == 0)
        return fpu_zero(f, r == FPU_RM);
    return fpu_round(env, f, sign, a.exp, sum, r);
}

uint64_t fpu_neg(enum fpu_fmt f, uint64_t a)
{
    return (a ^ fpu_sign_bit(f)) & fpu_mask(f);
}

uint64_t fpu_abs(enum fpu_fmt f, uint64_t a)
{
    return a & (fpu_sign_bit(f) - 1);
}

static uint64_t addsub(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                       bool sub)
{
    struct fpu_unp ua, ub;
    uint64_t res;
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    fpu_unpack(env, f, a, &ua);
    fpu_unpack(env, f, b, &ub);
    if (fpu_process_nans(env, f, &ua, a, &ub, b, &res))
        return res;
    bool sb = ub.sign ^ sub; /* the sign the second operand is added with */
    if (ua.type == FPT_INF && ub.type == FPT_INF && ua.sign != sb) {
        fpu_raise(env, FPSR_IOC);
        return fpu_default_nan(f);
    }
    if (ua.type == FPT_INF)
        return fpu_inf(f, ua.sign);
    if (ub.type == FPT_INF)
        return fpu_inf(f, sb);
    enum fpu_rmode r = fpu_fpcr_rmode(env->fpcr);
    if (ua.type == FPT_ZERO && ub.type == FPT_ZERO)
        return ua.sign == sb ? fpu_zero(f, ua.sign) : fpu_zero(f, r == FPU_RM);
    if (ua.type == FPT_ZERO)
        return fpu_round(env, f, sb, ub.exp, ub.sig, r);
    if (ub.type == FPT_ZERO)
        return fpu_round(env, f, ua.sign, ua.exp, ua.sig, r);
    return add_round(env, f, (struct wide){ ua.sign, ua.exp, ua.sig },
                     (struct wide){ sb, ub.exp, ub.sig }, r);
}

uint64_t fpu_add(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    uint64_t res;
    if (fpu_fast_add(env, f, a, b, false, &res))
        return res;
    return addsub(env, f, a, b, false);
}

uint64_t fpu_sub(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    uint64_t res;
    if (fpu_fast_add(env, f, a, b, true, &res))
        return res;
    return addsub(env, f, a, b, true);
}

static uint64_t mul(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, bool x)
{
    struct fpu_unp ua, ub;
    uint64_t res;
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    fpu_unpack(env, f, a, &ua);
    fpu_unpack(env, f, b, &ub);
    if (fpu_process_nans(env, f, &ua, a, &ub, b, &res))
        return res;
    bool sign = ua.sign ^ ub.sign;
    if ((ua.type == FPT_INF && ub.type == FPT_ZERO) || (ua.type == FPT_ZERO && ub.type == FPT_INF)) {
        if (x) /* FPMulX: +-2.0 */
            return fpu_make(f, sign, (1u << (fpu_fmts[f].ebits - 1)), 0);
        fpu_raise(env, FPSR_IOC);
        return fpu_default_nan(f);
    }
    if (ua.type == FPT_INF || ub.type == FPT_INF)
        return fpu_inf(f, sign);
    if (ua.type == FPT_ZERO || ub.type == FPT_ZERO)
        return fpu_zero(f, sign);
    return fpu_round(env, f, sign, ua.exp + ub.exp, (u128)ua.sig * ub.sig,
                     fpu_fpcr_rmode(env->fpcr));
}

uint64_t fpu_mul(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    uint64_t res;
    if (fpu_fast_mul(env, f, a, b, &res))
        return res;
    return mul(env, f, a, b, false);
}

uint64_t fpu_mulx(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return mul(env, f, a, b, true);
}

uint64_t fpu_div(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    struct fpu_unp ua, ub;
    uint64_t res;
    if (fpu_fast_div(env, f, a, b, &res))
        return res;
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    fpu_unpack(env, f, a, &ua);
    fpu_unpack(env, f, b, &ub);
    if (fpu_process_nans(env, f, &ua, a, &ub, b, &res))
        return res;
    bool sign = ua.sign ^ ub.sign;
    if ((ua.type == FPT_INF && ub.type == FPT_INF) || (ua.type == FPT_ZERO && ub.type == FPT_ZERO)) {
        fpu_raise(env, FPSR_IOC);
        return fpu_default_nan(f);
    }
    if (ua.type == FPT_INF || ub.type == FPT_ZERO) {
        if (ua.type != FPT_INF)
            fpu_raise(env, FPSR_DZC);
        return fpu_inf(f, sign);
    }
    if (ua.type == FPT_ZERO || ub.type == FPT_INF)
        return fpu_zero(f, sign);
    /* Dividend shifted to 127 bits: the quotient has >= 127 - 53 = 74 bits, the remainder
     * becomes the sticky bit. */
    int sh = 127 - fpu_bitlen64(ua.sig);
    u128 n = (u128)ua.sig << sh;
    u128 q = n / ub.sig;
    q |= (n % ub.sig) != 0;
    return fpu_round(env, f, sign, ua.exp - sh - ub.exp, q, fpu_fpcr_rmode(env->fpcr));
}

/* addend + a * b, the product exact in 128 bits, rounded once. */
uint64_t fpu_muladd(const struct fpu_env *env, enum fpu_fmt f, uint64_t addend, uint64_t a,
                    uint64_t b)
{
    struct fpu_unp uc, ua, ub;
    uint64_t res;
    addend &= fpu_mask(f);
    a &= fpu_mask(f);
    b &= fpu_mask(f);
    fpu_unpack(env, f, addend, &uc);
    fpu_unpack(env, f, a, &ua);
    fpu_unpack(env, f, b, &ub);
    bool inf_zero = (ua.type == FPT_INF && ub.type == FPT_ZERO) ||
                    (ua.type == FPT_ZERO && ub.type == FPT_INF);
    bool done = fpu_process_nans3(env, f, &uc, addend, &ua, a, &ub, b, &res);
    if (uc.type == FPT_QNAN && inf_zero) {
        /* Arm: a quiet-NaN addend does not hide the invalid inf * 0. */
        fpu_raise(env, FPSR_IOC);
        return fpu_default_nan(f);
    }
    if (done)
        return res;
    bool sp = ua.sign ^ ub.sign;
    bool infp = ua.type == FPT_INF || ub.type == FPT_INF;
    bool zerop = ua.type == FPT_ZERO || ub.type == FPT_ZERO;
    if (inf_zero || (uc.type == FPT_INF && infp && uc.sign != sp)) {
        fpu_raise(env, FPSR_IOC);
        return fpu_default_nan(f);
    }
    if ((uc.type == FPT_INF && !uc.sign) || (infp && !sp))
        return fpu_inf(f, false);
    if ((uc.type == FPT_INF && uc.sign) || (infp && sp))
        return fpu_inf(f, true);
    enum fpu_rmode r = fpu_fpcr_rmode(env->fpcr);
    if (uc.type == FPT_ZERO && zerop)
        return uc.sign == sp ? fpu_zero(f, uc.sign) : fpu_zero(f, r == FPU_RM);
    if (zerop)
        return fpu_round(env, f, uc.sign, uc.exp, uc.sig, r);
    u128 p = (u128)ua.sig * ub.sig;
    if (uc.type == FPT_ZERO)
        return fpu_round(env, f, sp, ua.exp + ub.exp, p, r);
    return add_round(env, f, (struct wide){ uc.sign, uc.exp, uc.sig },
                     (struct wide){ sp, ua.exp + ub.exp, p }, r);
}

uint64_t fpu_fused_add(const struct fpu_env *env, enum fpu_fmt f, bool sa, int ea, u128 ma,
                       bool sb, int eb, u128 mb)
{
    return add_round(env, f, (struct wide){ sa, ea, ma }, (struct wide){ sb, eb, mb },
                     fpu_fpcr_rmode(env->fpcr));
}

/* Integer square root of a 128-bit value; *inexact when the remainder is nonzero. */
static uint64_t isqrt128(u128 x, bool *inexact)
{
    u128 res = 0, one = (u128)1 << 126;
    while (one > x)
        one >>= 2;
    while (one) {
        if (x >= res + one) {
            x -= res + one;
            res = (res >> 1) + one;
        } else {
            res >>= 1;
        }
        one >>= 2;
    }
    *inexact = x != 0;
    return (uint64_t)res;
}

uint64_t fpu_sqrt(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)
{
    struct fpu_unp ua;
    uint64_t res;
    if (fpu_fast_sqrt(env, f, a, &res))
        return res;
    a &= fpu_mask(f);
    fpu_unpack(env, f, a, &ua);
    if (fpu_is_nan(ua.type))
        return fpu_process_nan(env, f, ua.type, a);
    if (ua.type == FPT_ZERO)
        return fpu_zero(f, ua.sign);
    if (ua.sign) {
        fpu_raise(env, FPSR_IOC);
        return fpu_default_nan(f);
    }
    if (ua.type == FPT_INF)
        return fpu_inf(f, false);
    /* sig * 2^exp with exp even and sig shifted to 125-126 bits: the root has >= 62 bits. */
    int sh = 126 - fpu_bitlen64(ua.sig);
    if ((ua.exp - sh) & 1)
        sh++;
    bool inexact;
    u128 root = isqrt128((u128)ua.sig << sh, &inexact);
    root = root << 1 | inexact;
    return fpu_round(env, f, false, (ua.exp - sh) / 2 - 1, root, fpu_fpcr_rmode(env->fpcr));
}
