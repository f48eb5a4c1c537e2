/*
 * Scalar floating-point compare and select (rows in a64_fp.def, FEAT_FP; DDI 0487 C7.2): FCMP,
 * FCMPE (with a register or #0.0; E signals on quiet NaNs too), FCCMP, FCCMPE and FCSEL.
 * FPCompare() is src/fpu's; the result is PSTATE.NZCV.
 */
#include "cpu/exec_fp.h"

static void set_nzcv(struct cpu_state *cpu, unsigned nzcv)
{
    cpu->nzcv = (uint32_t)(nzcv & 15) << 28;
}

/* opcode2 bit 3: compare with +0.0; bit 4: signalling (FCMPE). */
enum exec_result exec_fcmp(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    unsigned size = fp_bytes(f);
    bool with_zero = (in->raw >> 3) & 1, signal = (in->raw >> 4) & 1;
    uint64_t b = with_zero ? 0 : cpu_vr(cpu, in->rm, size);
    struct fpu_env env = fp_env(cpu);
    set_nzcv(cpu, fpu_compare(&env, f, cpu_vr(cpu, in->rn, size), b, signal));
    return EXEC_NEXT;
}

/* FCCMP / FCCMPE (op, bit 4): compare when the condition holds, else NZCV = #nzcv. No FP
 * exception at all when the condition fails. */
enum exec_result exec_fccmp(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    if (!cpu_cond_holds(cpu, in->cond)) {
        set_nzcv(cpu, in->imm);
        return EXEC_NEXT;
    }
    enum fpu_fmt f = fp_fmt(in);
    unsigned size = fp_bytes(f);
    struct fpu_env env = fp_env(cpu);
    set_nzcv(cpu, fpu_compare(&env, f, cpu_vr(cpu, in->rn, size), cpu_vr(cpu, in->rm, size),
                              (in->raw >> 4) & 1));
    return EXEC_NEXT;
}

/* FCSEL: a bit copy, no FP exception, NaNs unchanged. */
enum exec_result exec_fcsel(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned size = fp_bytes(fp_fmt(in));
    unsigned src = cpu_cond_holds(cpu, in->cond) ? in->rn : in->rm;
    cpu_vw(cpu, in->rd, size, cpu_vr(cpu, src, size));
    return EXEC_NEXT;
}
