/*
 * Scalar floating-point arithmetic (rows in a64_fp.def, FEAT_FP; DDI 0487 C7.2): data-processing
 * 1 source (FABS, FNEG, FSQRT), 2 source (FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM,
 * FNMUL) and 3 source (FMADD, FMSUB, FNMADD, FNMSUB). The arithmetic is src/fpu's; this file
 * only selects the operation from the encoding. Every function first calls
 * cpu_fp_access_check(); the scalar result write zeroes the rest of the V register.
 */
#include "cpu/exec_fp.h"

typedef uint64_t (*fp_op2)(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b);

/* FNMUL: FPNeg(FPMul()), so even a NaN result has its sign flipped (Arm ARM FNMUL). */
static uint64_t fnmul(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b)
{
    return fpu_neg(f, fpu_mul(env, f, a, b));
}

/* Indexed by opcode (bits 15:12); 1001-1111 have no row. */
static const fp_op2 dp2_ops[16] = {
    fpu_mul, fpu_div, fpu_add, fpu_sub, fpu_max, fpu_min, fpu_maxnm, fpu_minnm, fnmul,
};

enum exec_result exec_fp_dp2(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    unsigned size = fp_bytes(f);
    struct fpu_env env = fp_env(cpu);
    uint64_t r = dp2_ops[(in->raw >> 12) & 15](&env, f, cpu_vr(cpu, in->rn, size),
                                                cpu_vr(cpu, in->rm, size));
    cpu_vw(cpu, in->rd, size, r);
    return EXEC_NEXT;
}

/* FMADD Ra + Rn*Rm, FMSUB Ra - Rn*Rm, FNMADD -Ra - Rn*Rm, FNMSUB -Ra + Rn*Rm: the operands are
 * negated (FPNeg) before FPMulAdd, as the Arm ARM does, so NaN operands come out negated. */
enum exec_result exec_fp_dp3(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    unsigned size = fp_bytes(f);
    bool o1 = (in->raw >> 21) & 1, o0 = (in->raw >> 15) & 1;
    uint64_t a = cpu_vr(cpu, in->ra, size), n = cpu_vr(cpu, in->rn, size);
    if (o1)
        a = fpu_neg(f, a);
    if (o0 != o1)
        n = fpu_neg(f, n);
    struct fpu_env env = fp_env(cpu);
    cpu_vw(cpu, in->rd, size, fpu_muladd(&env, f, a, n, cpu_vr(cpu, in->rm, size)));
    return EXEC_NEXT;
}

/* FABS, FNEG (sign-bit operations: no FPCR, no exceptions, NaNs included) and FSQRT, by opcode
 * bits 16:15 (01, 10, 11). */
enum exec_result exec_fp_dp1(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    unsigned size = fp_bytes(f);
    uint64_t a = cpu_vr(cpu, in->rn, size), r;
    struct fpu_env env = fp_env(cpu);
    switch ((in->raw >> 15) & 3) {
    case 1: r = fpu_abs(f, a); break;
    case 2: r = fpu_neg(f, a); break;
    default: r = fpu_sqrt(&env, f, a); break;
    }
    cpu_vw(cpu, in->rd, size, r);
    return EXEC_NEXT;
}
