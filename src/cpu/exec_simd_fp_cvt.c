/*
 * Floating-point Advanced SIMD conversions that change the element size or take a fraction-bit
 * count (rows in a64_simd_fp.def; DDI 0487 C7.2): FCVTL/FCVTL2 (widen), FCVTN/FCVTN2 (narrow,
 * FPCR rounding), FCVTXN/FCVTXN2 and scalar FCVTXN (narrow, round to odd), the fixed-point
 * SCVTF/UCVTF/FCVTZS/FCVTZU of the shift-by-immediate groups, and FMOV (vector, immediate).
 */
#include "cpu/exec_simd_fp.h"

/* FCVTL{2}: Vpart[n, Q] (64 bits) converted element-wise to twice the size; sz = 0 half to
 * single (FPCR.AHP applies), 1 single to double. Exact, so the rounding mode is moot. */
enum exec_result exec_simd_fp_fcvtl(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    bool sz = (in->raw >> 22) & 1;
    enum fpu_fmt from = sz ? FPU_S : FPU_H, to = sz ? FPU_D : FPU_S;
    unsigned eb = sz ? 32 : 16, elems = 64 / eb;
    struct fpu_env env = fp_env(cpu);
    struct vec n = vec_read(cpu, in->rn), r = { { 0, 0 } };
    struct vec part = { { n.d[in->q & 1], 0 } };
    for (unsigned e = 0; e < elems; e++)
        elem_set(&r, e, 2 * eb, fpu_convert(&env, to, from, elem_get(&part, e, eb), fpu_fpcr_rmode(env.fpcr)));
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

/*
 * FCVTN{2} (U = 0: sz = 0 single to half, 1 double to single, FPCR rounding) and FCVTXN{2}
 * (U = 1, double to single, FPRounding_ODD), vector: the 64-bit result goes to Vpart[d, Q]
 * (Q = 1 keeps the low half). Scalar FCVTXN Sd, Dn (bit 28) writes element 0 zero-extended.
 */
enum exec_result exec_simd_fp_fcvtn(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    bool sz = (in->raw >> 22) & 1, odd = (in->raw >> 29) & 1, scalar = (in->raw >> 28) & 1;
    enum fpu_fmt from = sz ? FPU_D : FPU_S, to = sz ? FPU_S : FPU_H;
    unsigned eb = sz ? 32 : 16, elems = scalar ? 1 : 64 / eb;
    struct fpu_env env = fp_env(cpu);
    enum fpu_rmode rm = odd ? FPU_RO : fpu_fpcr_rmode(env.fpcr);
    struct vec n = vec_read(cpu, in->rn), r = { { 0, 0 } };
    for (unsigned e = 0; e < elems; e++)
        elem_set(&r, e, eb, fpu_convert(&env, to, from, elem_get(&n, e, 2 * eb), rm));
    if (scalar)
        cpu_vw(cpu, in->rd, eb / 8, r.d[0]);
    else
        vec_write_part(cpu, in->rd, in->q & 1, r.d[0]);
    return EXEC_NEXT;
}

/*
 * SCVTF, UCVTF, FCVTZS, FCVTZU (vector and scalar, fixed-point): immh (bits 22:19) 01xx single
 * with fbits = 64 - immh:immb, 1xxx double with fbits = 128 - immh:immb (a vector needs Q = 1).
 * immh 0000 (the modified-immediate space, vector; unallocated, scalar), 0001 (no 8-bit FP) and
 * 001x (half precision, FEAT_FP16) are UNDEFINED. U (bit 29) is unsigned; opcode bit 11 picks
 * FCVTZ* (11111, round toward zero) over *CVTF (11100, FPCR rounding).
 */
enum exec_result exec_simd_fp_cvt_fix(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned immh = (in->raw >> 19) & 15, shift = (in->raw >> 16) & 127;
    bool scalar = (in->raw >> 28) & 1, q = (in->raw >> 30) & 1;
    if (immh < 4 || (immh >= 8 && !scalar && !q))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    bool dbl = immh >= 8, uns = (in->raw >> 29) & 1, to_int = (in->raw >> 11) & 1;
    struct fpv_shape s = {
        .f = dbl ? FPU_D : FPU_S, .ebits = dbl ? 64 : 32, .scalar = scalar, .q = scalar ? 0 : q,
    };
    s.elems = scalar ? 1 : (q ? 128 : 64) / s.ebits;
    unsigned fbits = 2 * s.ebits - shift;
    struct fpu_env env = fp_env(cpu);
    struct vec n = vec_read(cpu, in->rn), r = { { 0, 0 } };
    for (unsigned e = 0; e < s.elems; e++) {
        uint64_t a = elem_get(&n, e, s.ebits);
        uint64_t v = to_int ? fpu_to_fixed(&env, s.f, a, fbits, uns, s.ebits, FPU_RZ)
                            : fpu_from_fixed(&env, s.f, a, fbits, uns, s.ebits, fpu_fpcr_rmode(env.fpcr));
        elem_set(&r, e, s.ebits, v);
    }
    fpv_write(cpu, in->rd, &s, r);
    return EXEC_NEXT;
}

/* FMOV (vector, immediate): VFPExpandImm(abc:defgh) replicated, op (bit 29) 0 single (2S/4S),
 * 1 double (2D; the row fixes Q = 1). */
enum exec_result exec_simd_fp_fmov_imm(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    uint64_t imm;
    if ((in->raw >> 29) & 1) {
        imm = cpu_vfp_expand_imm(in->imm & 0xff, 64);
    } else {
        imm = cpu_vfp_expand_imm(in->imm & 0xff, 32);
        imm |= imm << 32;
    }
    struct vec r = { { imm, imm } };
    vec_write(cpu, in->rd, r, (in->raw >> 30) & 1); /* the 2D row fixes Q, so it has no q field */
    return EXEC_NEXT;
}
