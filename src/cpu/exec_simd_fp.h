/*
 * Private to the floating-point Advanced SIMD execute files (exec_simd_fp*.c; rows in
 * a64_simd_fp.def): the shape of an instruction (precision, element count, vector or scalar)
 * and the element operations shared between families.
 *
 * Every element goes through the src/fpu function the scalar instruction uses, with one
 * struct fpu_env for the whole instruction: FPCR applies to each element and the cumulative
 * FPSR flags of all elements OR together, which is all the pseudocode's per-element
 * FPProcessException calls amount to without trapped exceptions (fpu.h).
 */
#ifndef A64EMU_CPU_EXEC_SIMD_FP_H
#define A64EMU_CPU_EXEC_SIMD_FP_H

#include "cpu/exec_fp.h"
#include "cpu/exec_simd.h"

struct fpv_shape {
    enum fpu_fmt f;  /* FPU_S (sz = 0) or FPU_D (sz = 1) */
    unsigned ebits;  /* 32 or 64 */
    unsigned elems;  /* 1 for the scalar forms */
    unsigned q;      /* vector Q; 0 for scalar */
    bool scalar;
};

/*
 * The shape from sz (bit 22), Q (bit 30) and the scalar/vector bit 28 (01U11110... scalar,
 * 0QU01110... vector; the same bit in the by-element and shift groups). Returns false for the
 * reserved vector sz:Q = 10 (1D), which the caller makes UNDEFINED.
 */
static inline bool fpv_shape(const struct a64_insn *in, struct fpv_shape *s)
{
    bool sz = (in->raw >> 22) & 1;
    s->f = sz ? FPU_D : FPU_S;
    s->ebits = sz ? 64 : 32;
    s->scalar = (in->raw >> 28) & 1;
    s->q = s->scalar ? 0 : (in->raw >> 30) & 1;
    s->elems = s->scalar ? 1 : (s->q ? 128 : 64) / s->ebits;
    return s->scalar || s->q || !sz;
}

/* V[d] = result: the scalar forms write element 0 zero-extended to 128 bits, the vector forms
 * 64 (upper half zeroed) or 128 bits. */
static inline void fpv_write(struct cpu_state *cpu, unsigned rd, const struct fpv_shape *s,
                             struct vec r)
{
    if (s->scalar)
        cpu_vw(cpu, rd, s->ebits / 8, elem_get(&r, 0, s->ebits));
    else
        vec_write(cpu, rd, r, s->q);
}

/* Two-operand element operation (d: the destination element, the FMLA/FMLS accumulator). */
typedef uint64_t (*fpv_op3)(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                            uint64_t d);
/* One-operand element operation. */
typedef uint64_t (*fpv_op1)(const struct fpu_env *env, enum fpu_fmt f, uint64_t a);

/* Element operations of exec_simd_fp_arith.c that the by-element and reduction files share:
 * fpu_add ... fpu_minnm; FMLA is FPMulAdd(d, a, b), FMLS the same with FPNeg(a). */
uint64_t fpv_add(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_mul(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_mulx(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_max(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_min(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_maxnm(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_minnm(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_mla(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_mls(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);

/* The compares (exec_simd_fp_cmp.c): all ones when true, zero otherwise (the caller keeps the
 * element's width). FPCompareEQ signals only on a signalling NaN, GE/GT on every NaN. */
uint64_t fpv_cmeq(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_cmge(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_cmgt(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_acge(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);
uint64_t fpv_acgt(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d);

#endif
