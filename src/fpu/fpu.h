/*
 * fpu: the Arm floating-point core, bit-exact to the DDI 0487 pseudocode (FPUnpack, FPRound,
 * FPProcessNaN(s)(3), FPProcessException) for ARMv8.0-A without FEAT_FP16 / FEAT_AFP.
 *
 * EMBEDDING CONTRACT
 *  - Operands and results are raw bit patterns in a uint64_t (low 16/32/64 bits used, upper bits
 *    of an argument ignored, upper bits of a result zero), with the format named per call:
 *    FPU_H (half: conversions only in v8.0), FPU_S, FPU_D.
 *  - Every call takes a struct fpu_env: `fpcr` is read (AHP 26, DN 25, FZ 24, RMode 23:22; the
 *    trap-enable bits are ignored: a64emu does not implement trapped FP exceptions, which the
 *    architecture allows) and the cumulative flags IOC/DZC/OFC/UFC/IXC/IDC are ORed into *fpsr.
 *    Nothing else is touched: no global state, no host FPU mode changes, so the functions are
 *    safe for any number of vCPUs and for vector loops (call per lane, same env).
 *  - Operations that take an explicit rounding mode (conversions, FRINT*) use it instead of
 *    FPCR.RMode; everything else uses FPCR.RMode.
 *  - Tininess is detected before rounding, and FZ flushes denormal inputs (IDC) and outputs (UFC
 *    only, no IXC) of single and double; half precision is never flushed (FZ16 is FEAT_FP16).
 *  - No host UB on any operand; results never depend on the host's FP environment.
 */
#ifndef A64EMU_FPU_FPU_H
#define A64EMU_FPU_FPU_H

#include <stdbool.h>
#include <stdint.h>

enum fpu_fmt { FPU_H, FPU_S, FPU_D };

/* FPRounding: 0-3 are FPCR.RMode's encoding (RN, RP, RM, RZ); RA is ties-away (FRINTA, FCVTA*);
 * RO is round-to-odd (FPRounding_ODD: truncate, then set the result's lsb if inexact; FCVTXN
 * through fpu_convert only). */
enum fpu_rmode { FPU_RN = 0, FPU_RP = 1, FPU_RM = 2, FPU_RZ = 3, FPU_RA = 4, FPU_RO = 5 };

#define FPCR_AHP (1u << 26)
#define FPCR_DN (1u << 25)
#define FPCR_FZ (1u << 24)
#define FPCR_RMODE_SHIFT 22

#define FPSR_IOC (1u << 0) /* invalid operation */
#define FPSR_DZC (1u << 1) /* divide by zero */
#define FPSR_OFC (1u << 2) /* overflow */
#define FPSR_UFC (1u << 3) /* underflow */
#define FPSR_IXC (1u << 4) /* inexact */
#define FPSR_IDC (1u << 7) /* input denormal */

struct fpu_env {
    uint32_t fpcr;
    uint32_t *fpsr; /* cumulative flags are ORed in */
};

static inline enum fpu_rmode fpu_fpcr_rmode(uint32_t fpcr)
{
    return (enum fpu_rmode)((fpcr >> FPCR_RMODE_SHIFT) & 3);
}

/* ---- arithmetic (FPCR rounding) ---- */
uint64_t fpu_add(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
uint64_t fpu_sub(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
uint64_t fpu_mul(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
uint64_t fpu_div(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
/* FPMulX: as fpu_mul, but (+-inf) * (+-0) = +-2.0 without an exception (FMULX). */
uint64_t fpu_mulx(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
/* FPMulAdd(addend, op1, op2) = addend + op1 * op2 with a single rounding; NaN priority addend,
 * op1, op2, and a quiet-NaN addend with inf * 0 gives the default NaN and IOC. FMSUB/FNMADD/
 * FNMSUB negate operands (fpu_neg) before the call, as the Arm ARM does. */
uint64_t fpu_muladd(const struct fpu_env *env, enum fpu_fmt f, uint64_t addend, uint64_t a,
                    uint64_t b);
uint64_t fpu_sqrt(const struct fpu_env *env, enum fpu_fmt f, uint64_t a);
uint64_t fpu_max(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
uint64_t fpu_min(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
uint64_t fpu_maxnm(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
uint64_t fpu_minnm(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);
/* FPNeg / FPAbs: sign-bit operations, no exceptions, NaNs included. */
uint64_t fpu_neg(enum fpu_fmt f, uint64_t a);
uint64_t fpu_abs(enum fpu_fmt f, uint64_t a);

/* FPCompare: NZCV in bits 3:0 (0110 equal, 1000 less, 0010 greater, 0011 unordered). `signal`
 * (FCMPE) raises IOC on any NaN; otherwise only a signalling NaN does. */
unsigned fpu_compare(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                     bool signal);

/* ---- rounding and conversion ---- */
/* FPRoundInt: FRINTN/P/M/Z/A (exact = false) and FRINTX (exact = true: IXC when inexact). */
uint64_t fpu_round_int(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, enum fpu_rmode r,
                       bool exact);
/* FPConvert between formats (FCVT), FPCR.AHP applying to half. */
uint64_t fpu_convert(const struct fpu_env *env, enum fpu_fmt to, enum fpu_fmt from, uint64_t a,
                     enum fpu_rmode r);
/* FPToFixed: to a signed or unsigned integer of `ibits` (32/64) with `fbits` fraction bits,
 * saturating with IOC (NaN -> 0 with IOC). Returns the value in the low ibits bits. */
uint64_t fpu_to_fixed(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, unsigned fbits,
                      bool is_unsigned, unsigned ibits, enum fpu_rmode r);
/* FixedToFP: `ibits`-wide (32/64) signed or unsigned integer with `fbits` fraction bits. */
uint64_t fpu_from_fixed(const struct fpu_env *env, enum fpu_fmt f, uint64_t x, unsigned fbits,
                        bool is_unsigned, unsigned ibits, enum fpu_rmode r);

/* ---- estimates and Newton-Raphson steps ---- */
uint64_t fpu_recip_estimate(const struct fpu_env *env, enum fpu_fmt f, uint64_t a);  /* FRECPE */
uint64_t fpu_rsqrt_estimate(const struct fpu_env *env, enum fpu_fmt f, uint64_t a);  /* FRSQRTE */
uint64_t fpu_recip_step(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);  /* FRECPS: 2 - a*b */
uint64_t fpu_rsqrt_step(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);  /* FRSQRTS: (3 - a*b)/2 */
uint64_t fpu_recpx(const struct fpu_env *env, enum fpu_fmt f, uint64_t a);           /* FRECPX */
/* RecipEstimate / RecipSqrtEstimate on the 9-bit fixed-point inputs (tests, SIMD URECPE). */
unsigned fpu_recip_estimate_u9(unsigned a);
unsigned fpu_rsqrt_estimate_u9(unsigned a);

#endif
