/*
 * Shared pieces of the FP core (src/fpu): format parameters, the unpacked value (FPUnpack),
 * FPRound and the NaN rules. Private to src/fpu.
 */
#ifndef A64EMU_FPU_FPU_INTERNAL_H
#define A64EMU_FPU_FPU_INTERNAL_H

#include "fpu/fpu.h"

/* 128-bit intermediates: products of two 53-bit significands, FMA sums, division dividends. GCC
 * and Clang provide the type on every 64-bit host a64emu builds for. */
__extension__ typedef unsigned __int128 u128;

struct fpu_fmtinfo {
    unsigned nbits, ebits, fbits; /* N, E, F */
    int minexp;                   /* 2 - 2^(E-1): exponent of the smallest normal */
};
extern const struct fpu_fmtinfo fpu_fmts[3];

/* FPType */
enum fpu_type { FPT_ZERO, FPT_FINITE, FPT_INF, FPT_QNAN, FPT_SNAN };

/* FPUnpack's (type, sign, value): value = sig * 2^exp for FPT_FINITE (sig != 0, not normalized). */
struct fpu_unp {
    enum fpu_type type;
    bool sign;
    int exp;
    uint64_t sig;
};

static inline bool fpu_is_nan(enum fpu_type t)
{
    return t == FPT_QNAN || t == FPT_SNAN;
}

static inline void fpu_raise(const struct fpu_env *env, uint32_t flags)
{
    *env->fpsr |= flags;
}

static inline uint64_t fpu_sign_bit(enum fpu_fmt f)
{
    return 1ull << (fpu_fmts[f].nbits - 1);
}

static inline uint64_t fpu_mask(enum fpu_fmt f)
{
    return fpu_fmts[f].nbits == 64 ? ~0ull : (1ull << fpu_fmts[f].nbits) - 1;
}

static inline uint64_t fpu_exp_field(enum fpu_fmt f, uint64_t a)
{
    const struct fpu_fmtinfo *fi = &fpu_fmts[f];
    return (a >> fi->fbits) & ((1u << fi->ebits) - 1);
}

/* FPZero, FPInfinity, FPMaxNormal, FPDefaultNaN, FPTwo / FPOnePointFive (exponent, fraction). */
uint64_t fpu_zero(enum fpu_fmt f, bool sign);
uint64_t fpu_inf(enum fpu_fmt f, bool sign);
uint64_t fpu_max_normal(enum fpu_fmt f, bool sign);
uint64_t fpu_default_nan(enum fpu_fmt f);
uint64_t fpu_make(enum fpu_fmt f, bool sign, uint64_t biased_exp, uint64_t frac);

/* FPUnpack (FZ applied to single/double with IDC; AHP to half). `raw` must be masked. */
void fpu_unpack(const struct fpu_env *env, enum fpu_fmt f, uint64_t raw, struct fpu_unp *u);

/* FPRound of the nonzero value sig * 2^exp (sig may carry a sticky bit in bit 0 as long as at
 * least two bits below the rounding position exist: callers keep >= F+3 significant bits). */
uint64_t fpu_round(const struct fpu_env *env, enum fpu_fmt f, bool sign, int exp, u128 sig,
                   enum fpu_rmode r);

/* FPProcessNaN / FPProcessNaNs / FPProcessNaNs3: return true and set *res when a NaN decides. */
uint64_t fpu_process_nan(const struct fpu_env *env, enum fpu_fmt f, enum fpu_type t, uint64_t a);
bool fpu_process_nans(const struct fpu_env *env, enum fpu_fmt f, const struct fpu_unp *ua,
                      uint64_t a, const struct fpu_unp *ub, uint64_t b, uint64_t *res);
bool fpu_process_nans3(const struct fpu_env *env, enum fpu_fmt f, const struct fpu_unp *ua,
                       uint64_t a, const struct fpu_unp *ub, uint64_t b,
                       const struct fpu_unp *uc, uint64_t c, uint64_t *res);

/* Round sa*ma*2^ea + sb*mb*2^eb (ma, mb below 2^107; an exact zero sum is signed by the rounding
 * mode) with FPCR's rounding: the fused part of FRECPS/FRSQRTS. */
uint64_t fpu_fused_add(const struct fpu_env *env, enum fpu_fmt f, bool sa, int ea, u128 ma,
                       bool sb, int eb, u128 mb);

/* Number of significant bits (0 for 0). */
static inline int fpu_bitlen64(uint64_t x)
{
    return x ? 64 - __builtin_clzll(x) : 0;
}

static inline int fpu_bitlen128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? 64 + fpu_bitlen64(hi) : fpu_bitlen64((uint64_t)x);
}

#endif
