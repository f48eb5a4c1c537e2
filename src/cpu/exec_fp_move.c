/*
 * FMOV in all its ARMv8.0 scalar forms (rows in a64_fp.def, FEAT_FP): between general and
 * SIMD&FP registers (W <-> S, X <-> D, X <-> V.D[1]), register to register (S, D) and the
 * 8-bit immediate (VFPExpandImm). DDI 0487 C7.2 FMOV (general), FMOV (register), FMOV (scalar,
 * immediate). None of them reads FPCR or raises a floating-point exception: the bits move
 * unchanged, NaN payloads included.
 *
 * Every function calls cpu_fp_access_check() first (CheckFPAdvSIMDEnabled64), then writes its
 * destination; a write of an S or D view zeroes the rest of the 128-bit register, while
 * FMOV Vd.D[1], Xn writes only the top half (Vpart[d, 1]).
 */
#include "cpu/cpu_internal.h"

/* VFPExpandImm(imm8) for N = 32 or 64 (DDI 0487 pseudocode VFPExpandImm()):
 * sign = imm8<7>, exp = NOT(imm8<6>):Replicate(imm8<6>, E-3):imm8<5:4>, frac = imm8<3:0> followed
 * by zeros, with E = 8 (single) or 11 (double). */
uint64_t cpu_vfp_expand_imm(unsigned imm8, unsigned n)
{
    unsigned e = n == 32 ? 8 : 11, f = n - e - 1;
    uint64_t sign = (imm8 >> 7) & 1, b6 = (imm8 >> 6) & 1;
    uint64_t exp = (b6 ^ 1) << (e - 1) | (b6 ? ((1ull << (e - 3)) - 1) << 2 : 0) | ((imm8 >> 4) & 3);
    uint64_t frac = (uint64_t)(imm8 & 15) << (f - 4);
    return sign << (n - 1) | exp << f | frac;
}

/* ---- FMOV (general) ---- */
enum exec_result exec_fmov_ws(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rd, cpu_vr(cpu, in->rn, 4));
    return EXEC_NEXT;
}

enum exec_result exec_fmov_sw(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_vw(cpu, in->rd, 4, cpu_xr(cpu, in->rn));
    return EXEC_NEXT;
}

enum exec_result exec_fmov_xd(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rd, cpu_vr(cpu, in->rn, 8));
    return EXEC_NEXT;
}

enum exec_result exec_fmov_dx(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_vw(cpu, in->rd, 8, cpu_xr(cpu, in->rn));
    return EXEC_NEXT;
}

enum exec_result exec_fmov_xv(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rd, cpu->vreg[in->rn][1]);
    return EXEC_NEXT;
}

/* Vpart[d, 1] = X[n]: the low half of Vd is kept. */
enum exec_result exec_fmov_vx(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu->vreg[in->rd][1] = cpu_xr(cpu, in->rn);
    return EXEC_NEXT;
}

/* ---- FMOV (register) ---- */
enum exec_result exec_fmov_reg_s(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_vw(cpu, in->rd, 4, cpu_vr(cpu, in->rn, 4));
    return EXEC_NEXT;
}

enum exec_result exec_fmov_reg_d(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_vw(cpu, in->rd, 8, cpu_vr(cpu, in->rn, 8));
    return EXEC_NEXT;
}

/* ---- FMOV (scalar, immediate) ---- */
enum exec_result exec_fmov_imm_s(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_vw(cpu, in->rd, 4, cpu_vfp_expand_imm(in->imm, 32));
    return EXEC_NEXT;
}

enum exec_result exec_fmov_imm_d(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    cpu_vw(cpu, in->rd, 8, cpu_vfp_expand_imm(in->imm, 64));
    return EXEC_NEXT;
}
