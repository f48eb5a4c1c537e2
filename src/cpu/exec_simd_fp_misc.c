/*
 * Floating-point Advanced SIMD two-register miscellaneous, vector and scalar (rows in
 * a64_simd_fp.def; DDI 0487 C4.1 "Advanced SIMD two-register miscellaneous" and its scalar
 * twin): FABS, FNEG, FSQRT, FRINTN/A/P/M/Z/X/I, FCVTNS/NU/PS/PU/MS/MU/AS/AU/ZS/ZU (to an integer
 * of the element's size), SCVTF/UCVTF, FRECPE, FRSQRTE, URECPE, URSQRTE. The group is a table
 * indexed by U:a:opcode (the compares with zero are in exec_simd_fp_cmp.c, the widening and
 * narrowing FCVTL/FCVTN/FCVTXN in exec_simd_fp_cvt.c).
 */
#include "cpu/exec_simd_fp.h"

static unsigned ibits(enum fpu_fmt f)
{
    return f == FPU_D ? 64 : 32;
}

/* FPToFixed(element, 0, unsigned, FPCR, rounding) at the element's size: FCVT<r><S|U>. */
#define FCVT_INT(name, mode, uns)                                                              \
    static uint64_t name(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)               \
    {                                                                                          \
        return fpu_to_fixed(env, f, a, 0, uns, ibits(f), mode);                                \
    }
FCVT_INT(fcvtns, FPU_RN, false)
FCVT_INT(fcvtnu, FPU_RN, true)
FCVT_INT(fcvtps, FPU_RP, false)
FCVT_INT(fcvtpu, FPU_RP, true)
FCVT_INT(fcvtms, FPU_RM, false)
FCVT_INT(fcvtmu, FPU_RM, true)
FCVT_INT(fcvtzs, FPU_RZ, false)
FCVT_INT(fcvtzu, FPU_RZ, true)
FCVT_INT(fcvtas, FPU_RA, false)
FCVT_INT(fcvtau, FPU_RA, true)

/* FixedToFP(element, 0, unsigned, FPCR, FPCR rounding). */
static uint64_t scvtf(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)
{
    return fpu_from_fixed(env, f, a, 0, false, ibits(f), fpu_fpcr_rmode(env->fpcr));
}
static uint64_t ucvtf(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)
{
    return fpu_from_fixed(env, f, a, 0, true, ibits(f), fpu_fpcr_rmode(env->fpcr));
}

/* FPRoundInt(element, FPCR, rounding, exact): FRINTX and FRINTI use FPCR.RMode, X is exact. */
#define FRINT(name, mode, exact)                                                               \
    static uint64_t name(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)               \
    {                                                                                          \
        return fpu_round_int(env, f, a, mode, exact);                                          \
    }
FRINT(frintn, FPU_RN, false)
FRINT(frinta, FPU_RA, false)
FRINT(frintp, FPU_RP, false)
FRINT(frintm, FPU_RM, false)
FRINT(frintz, FPU_RZ, false)
FRINT(frintx, fpu_fpcr_rmode(env->fpcr), true)
FRINT(frinti, fpu_fpcr_rmode(env->fpcr), false)

static uint64_t fabs_(const struct fpu_env *env, enum fpu_fmt f, uint64_t a) { (void)env; return fpu_abs(f, a); }
static uint64_t fneg_(const struct fpu_env *env, enum fpu_fmt f, uint64_t a) { (void)env; return fpu_neg(f, a); }

/* UnsignedRecipEstimate / UnsignedRSqrtEstimate (32-bit elements only): an operand below 0.5
 * (bit 31 clear; for the square root, bits 31:30 = 00, below 0.25) gives all ones, otherwise the
 * 9-bit estimate of the top nine bits in bits 31:23. No FPCR, no exceptions. */
static uint64_t urecpe(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)
{
    (void)env;
    (void)f;
    if (!((a >> 31) & 1))
        return 0xffffffffu;
    return (uint64_t)(fpu_recip_estimate_u9((unsigned)(a >> 23) & 0x1ff) & 0x1ff) << 23;
}
static uint64_t ursqrte(const struct fpu_env *env, enum fpu_fmt f, uint64_t a)
{
    (void)env;
    (void)f;
    if (!((a >> 30) & 3))
        return 0xffffffffu;
    return (uint64_t)(fpu_rsqrt_estimate_u9((unsigned)(a >> 23) & 0x1ff) & 0x1ff) << 23;
}

/* Indexed by U:a:opcode (U bit 29, a bit 23, opcode bits 16:12). The rows select which entries
 * a scalar encoding or a precision can reach (no scalar FABS/FRINT, URECPE single only ...). */
static const fpv_op1 ops2[128] = {
    [0x18] = frintn, [0x19] = frintm, [0x1a] = fcvtns, [0x1b] = fcvtms, [0x1c] = fcvtas,
    [0x1d] = scvtf,
    [0x2f] = fabs_, [0x38] = frintp, [0x39] = frintz, [0x3a] = fcvtps, [0x3b] = fcvtzs,
    [0x3c] = urecpe, [0x3d] = fpu_recip_estimate,
    [0x58] = frinta, [0x59] = frintx, [0x5a] = fcvtnu, [0x5b] = fcvtmu, [0x5c] = fcvtau,
    [0x5d] = ucvtf,
    [0x6f] = fneg_, [0x79] = frinti, [0x7a] = fcvtpu, [0x7b] = fcvtzu, [0x7c] = ursqrte,
    [0x7d] = fpu_rsqrt_estimate, [0x7f] = fpu_sqrt,
};

enum exec_result exec_simd_fp_2misc(struct cpu_state *cpu, const struct a64_insn *in)
{
    struct fpv_shape s;
    unsigned idx = ((in->raw >> 29) & 1) << 6 | ((in->raw >> 23) & 1) << 5 | ((in->raw >> 12) & 31);
    fpv_op1 op = ops2[idx];
    if (!fpv_shape(in, &s) || !op)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct fpu_env env = fp_env(cpu);
    struct vec n = vec_read(cpu, in->rn), r = { { 0, 0 } };
    for (unsigned e = 0; e < s.elems; e++)
        elem_set(&r, e, s.ebits, op(&env, s.f, elem_get(&n, e, s.ebits)));
    fpv_write(cpu, in->rd, &s, r);
    return EXEC_NEXT;
}
