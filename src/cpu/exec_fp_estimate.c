/*
 * The scalar floating-point members of the Advanced SIMD scalar groups (rows in a64_fp.def,
 * FEAT_AdvSIMD; DDI 0487 C7.2): FRECPE, FRSQRTE, FRECPX (two-register miscellaneous) and FMULX,
 * FRECPS, FRSQRTS (three same). The precision is sz (bit 22). The operations are src/fpu's
 * FPRecipEstimate, FPRSqrtEstimate, FPRecpX, FPMulX, FPRecipStepFused, FPRSqrtStepFused.
 */
#include "cpu/exec_fp.h"

static enum fpu_fmt fmt_sz(const struct a64_insn *in)
{
    return (in->raw >> 22) & 1 ? FPU_D : FPU_S;
}

/* U (bit 29) and opcode bit 13: FRECPE (U 0, 11101), FRSQRTE (U 1, 11101), FRECPX (U 0, 11111). */
enum exec_result exec_fp_estimate(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fmt_sz(in);
    unsigned size = fp_bytes(f);
    uint64_t a = cpu_vr(cpu, in->rn, size), r;
    struct fpu_env env = fp_env(cpu);
    if ((in->raw >> 13) & 1)
        r = fpu_recpx(&env, f, a);
    else if ((in->raw >> 29) & 1)
        r = fpu_rsqrt_estimate(&env, f, a);
    else
        r = fpu_recip_estimate(&env, f, a);
    cpu_vw(cpu, in->rd, size, r);
    return EXEC_NEXT;
}

/* opcode bit 13: FMULX (11011) / the steps (11111), where size<1> (bit 23) picks FRSQRTS. */
enum exec_result exec_fp_step(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fmt_sz(in);
    unsigned size = fp_bytes(f);
    uint64_t a = cpu_vr(cpu, in->rn, size), b = cpu_vr(cpu, in->rm, size), r;
    struct fpu_env env = fp_env(cpu);
    if (!((in->raw >> 13) & 1))
        r = fpu_mulx(&env, f, a, b);
    else if ((in->raw >> 23) & 1)
        r = fpu_rsqrt_step(&env, f, a, b);
    else
        r = fpu_recip_step(&env, f, a, b);
    cpu_vw(cpu, in->rd, size, r);
    return EXEC_NEXT;
}
