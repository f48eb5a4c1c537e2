/*
 * Floating-point Advanced SIMD by element (rows in a64_simd_fp.def; DDI 0487 C4.1 "Advanced SIMD
 * vector x indexed element" and its scalar twin): FMLA, FMLS, FMUL, FMULX, single and double.
 */
#include "cpu/exec_simd_fp.h"

/*
 * FMLA, FMLS, FMUL, FMULX (by element), vector and scalar: size (bits 23:22) 10 single with
 * index H:L, 11 double with index H (L = 1 reserved); Rm is M:Rm for both. Sizes 0x are the
 * half-precision forms (FEAT_FP16) or unallocated: UNDEFINED, as is a 1D vector.
 */
enum exec_result exec_simd_fp_elem(struct cpu_state *cpu, const struct a64_insn *in)
{
    struct fpv_shape s;
    unsigned size = simd_size(in), h = (in->raw >> 11) & 1, l = (in->raw >> 21) & 1;
    if (!(size & 2) || (size == 3 && l) || !fpv_shape(in, &s))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned index = size == 3 ? h : (h << 1 | l), rm = (in->raw >> 16) & 31;
    unsigned opc = (in->raw >> 12) & 15;
    fpv_op3 op = opc == 1 ? fpv_mla : opc == 5 ? fpv_mls : ((in->raw >> 29) & 1) ? fpv_mulx : fpv_mul;
    struct fpu_env env = fp_env(cpu);
    struct vec n = vec_read(cpu, in->rn), m = vec_read(cpu, rm), d = vec_read(cpu, in->rd);
    struct vec r = { { 0, 0 } };
    uint64_t b = elem_get(&m, index, s.ebits);
    for (unsigned e = 0; e < s.elems; e++)
        elem_set(&r, e, s.ebits, op(&env, s.f, elem_get(&n, e, s.ebits), b, elem_get(&d, e, s.ebits)));
    fpv_write(cpu, in->rd, &s, r);
    return EXEC_NEXT;
}
