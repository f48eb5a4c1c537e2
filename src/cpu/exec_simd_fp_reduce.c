/*
 * Floating-point Advanced SIMD reductions (rows in a64_simd_fp.def; DDI 0487 C4.1 "Advanced SIMD
 * across lanes" and "Advanced SIMD scalar pairwise"): FMAXNMV, FMINNMV, FMAXV, FMINV (4S only in
 * ARMv8.0) and the scalar FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP. The vector pairwise forms are
 * three-same rows (exec_simd_fp_arith.c).
 */
#include "cpu/exec_simd_fp.h"


/* By a (bit 23) and opcode<1:0> (bits 13:12): 00 max/minNum, 01 add (a = 0 only), 11 max/min. */
static const fpv_op3 reduce_ops[2][4] = {
    { fpv_maxnm, fpv_add, NULL, fpv_max },
    { fpv_minnm, NULL, NULL, fpv_min },
};

/* Scalar pairwise: Reduce(op, Vn<2*esize-1:0>) = op(element 0, element 1), sz = 0 2S, 1 2D. */
enum exec_result exec_simd_fp_pair_scalar(struct cpu_state *cpu, const struct a64_insn *in)
{
    struct fpv_shape s;
    fpv_op3 op = reduce_ops[(in->raw >> 23) & 1][(in->raw >> 12) & 3];
    if (!fpv_shape(in, &s) || !op)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct fpu_env env = fp_env(cpu);
    struct vec n = vec_read(cpu, in->rn), r = { { 0, 0 } };
    elem_set(&r, 0, s.ebits, op(&env, s.f, elem_get(&n, 0, s.ebits), elem_get(&n, 1, s.ebits), 0));
    fpv_write(cpu, in->rd, &s, r);
    return EXEC_NEXT;
}

/* Across lanes, 4S only (the rows fix Q = 1, sz = 0): the pseudocode's Reduce() halves the
 * vector recursively, so the result is op(op(e0, e1), op(e2, e3)); the tree decides which NaN
 * comes out. */
enum exec_result exec_simd_fp_across(struct cpu_state *cpu, const struct a64_insn *in)
{
    fpv_op3 op = reduce_ops[(in->raw >> 23) & 1][(in->raw >> 12) & 3];
    if (!op)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct fpu_env env = fp_env(cpu);
    struct vec n = vec_read(cpu, in->rn);
    uint64_t lo = op(&env, FPU_S, elem_get(&n, 0, 32), elem_get(&n, 1, 32), 0);
    uint64_t hi = op(&env, FPU_S, elem_get(&n, 2, 32), elem_get(&n, 3, 32), 0);
    cpu_vw(cpu, in->rd, 4, op(&env, FPU_S, lo, hi, 0));
    return EXEC_NEXT;
}
