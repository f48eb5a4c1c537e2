/*
 * Scalar floating-point conversions and rounding (rows in a64_fp.def, FEAT_FP; DDI 0487 C7.2):
 * FCVT between half, single and double; FRINTN/P/M/Z/A/X/I; FCVT{N,P,M,Z,A}{S,U} to a general
 * register; SCVTF/UCVTF from one; and the fixed-point forms of FCVTZS/FCVTZU/SCVTF/UCVTF. The
 * conversions are src/fpu's FPConvert, FPRoundInt, FPToFixed and FixedToFP.
 */
#include "cpu/exec_fp.h"

/* FCVT: source precision in ftype, destination in opc (bits 16:15, same encoding). */
enum exec_result exec_fcvt_fp(struct cpu_state *cpu, const struct a64_insn *in)
{
    static const enum fpu_fmt fmts[4] = { FPU_S, FPU_D, FPU_D, FPU_H };
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt from = fp_fmt(in), to = fmts[(in->raw >> 15) & 3];
    struct fpu_env env = fp_env(cpu);
    uint64_t r = fpu_convert(&env, to, from, cpu_vr(cpu, in->rn, fp_bytes(from)),
                             fpu_fpcr_rmode(cpu->fpcr));
    cpu_vw(cpu, in->rd, fp_bytes(to), r);
    return EXEC_NEXT;
}

/* FRINT*: rmode bits 17:15. N/P/M/Z/A use a fixed mode; X and I use FPCR's (X also signals
 * inexact). 101 has no row. */
enum exec_result exec_frint(struct cpu_state *cpu, const struct a64_insn *in)
{
    static const struct {
        int8_t mode; /* enum fpu_rmode, or -1 for FPCR.RMode */
        bool exact;
    } frint[8] = {
        { FPU_RN, false }, { FPU_RP, false }, { FPU_RM, false }, { FPU_RZ, false },
        { FPU_RA, false }, { -1, false },     { -1, true },      { -1, false },
    };
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    unsigned size = fp_bytes(f), op = (in->raw >> 15) & 7;
    enum fpu_rmode r = frint[op].mode < 0 ? fpu_fpcr_rmode(cpu->fpcr) : (enum fpu_rmode)frint[op].mode;
    struct fpu_env env = fp_env(cpu);
    cpu_vw(cpu, in->rd, size, fpu_round_int(&env, f, cpu_vr(cpu, in->rn, size), r, frint[op].exact));
    return EXEC_NEXT;
}

/* FCVT{N,P,M,Z}{S,U}: rmode (bits 20:19) is the rounding; FCVTA{S,U} (opcode 10x) round ties
 * away. opcode bit 16: unsigned. */
enum exec_result exec_fcvt_int(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    bool is_unsigned = (in->raw >> 16) & 1;
    enum fpu_rmode r = (in->raw >> 18) & 1 ? FPU_RA : (enum fpu_rmode)((in->raw >> 19) & 3);
    struct fpu_env env = fp_env(cpu);
    uint64_t v = fpu_to_fixed(&env, f, cpu_vr(cpu, in->rn, fp_bytes(f)), 0, is_unsigned,
                              in->sf ? 64 : 32, r);
    cpu_xw_sf(cpu, in->rd, v, in->sf);
    return EXEC_NEXT;
}

/* SCVTF / UCVTF (opcode bit 16: unsigned) from a W or X register, FPCR rounding. */
enum exec_result exec_cvtf_int(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    struct fpu_env env = fp_env(cpu);
    uint64_t r = fpu_from_fixed(&env, f, cpu_xr(cpu, in->rn), 0, (in->raw >> 16) & 1,
                                in->sf ? 64 : 32, fpu_fpcr_rmode(cpu->fpcr));
    cpu_vw(cpu, in->rd, fp_bytes(f), r);
    return EXEC_NEXT;
}

/* fbits = 64 - scale (bits 15:10); sf is bit 31 (the rows fix it). */
static unsigned fix_fbits(const struct a64_insn *in)
{
    return 64u - ((in->raw >> 10) & 63);
}

/* FCVTZS / FCVTZU (fixed-point): always round toward zero. */
enum exec_result exec_fcvt_fix(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    unsigned sf = in->raw >> 31;
    struct fpu_env env = fp_env(cpu);
    uint64_t v = fpu_to_fixed(&env, f, cpu_vr(cpu, in->rn, fp_bytes(f)), fix_fbits(in),
                              (in->raw >> 16) & 1, sf ? 64 : 32, FPU_RZ);
    cpu_xw_sf(cpu, in->rd, v, sf);
    return EXEC_NEXT;
}

/* SCVTF / UCVTF (fixed-point): FPCR rounding. */
enum exec_result exec_cvtf_fix(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    enum fpu_fmt f = fp_fmt(in);
    unsigned sf = in->raw >> 31;
    struct fpu_env env = fp_env(cpu);
    uint64_t r = fpu_from_fixed(&env, f, cpu_xr(cpu, in->rn), fix_fbits(in), (in->raw >> 16) & 1,
                                sf ? 64 : 32, fpu_fpcr_rmode(cpu->fpcr));
    cpu_vw(cpu, in->rd, fp_bytes(f), r);
    return EXEC_NEXT;
}
