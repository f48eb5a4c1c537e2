/*
 * Floating-point Advanced SIMD "three same" instructions, vector and scalar (rows in
 * a64_simd_fp.def; DDI 0487 C4.1 "Advanced SIMD three same" / "scalar three same", opcode
 * 11xxx), including the pairwise FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP (vector). The architecture
 * lays the group out as a table indexed by U:a:opcode<2:0>, and so does this file; each entry is
 * the src/fpu operation of the pseudocode (the shared ones are declared in exec_simd_fp.h).
 */
#include "cpu/exec_simd_fp.h"

/* Element operations of the fpv_op3 signature: OP2 ignores the destination element d. */
#define OP3(name, expr)                                                                  \
    uint64_t name(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,        \
                  uint64_t d)                                                               \
    {                                                                                       \
        return expr;                                                                        \
    }
#define OP2(name, expr) OP3(name, ((void)d, expr))
#define OP2S(name, expr) static OP2(name, expr)

OP2(fpv_add, fpu_add(env, f, a, b))
OP2S(op_sub, fpu_sub(env, f, a, b))
OP2(fpv_mul, fpu_mul(env, f, a, b))
OP2(fpv_mulx, fpu_mulx(env, f, a, b))
OP2S(op_div, fpu_div(env, f, a, b))
OP2(fpv_max, fpu_max(env, f, a, b))
OP2(fpv_min, fpu_min(env, f, a, b))
OP2(fpv_maxnm, fpu_maxnm(env, f, a, b))
OP2(fpv_minnm, fpu_minnm(env, f, a, b))
OP2S(op_recps, fpu_recip_step(env, f, a, b))
OP2S(op_rsqrts, fpu_rsqrt_step(env, f, a, b))
/* FABD: FPAbs(FPSub()), so a NaN result loses its sign too. */
OP2S(op_abd, fpu_abs(f, fpu_sub(env, f, a, b)))
/* FMLA: FPMulAdd(d, a, b); FMLS negates the first factor (FPNeg, NaNs included) first. */
OP3(fpv_mla, fpu_muladd(env, f, d, a, b))
OP3(fpv_mls, fpu_muladd(env, f, d, fpu_neg(f, a), b))

/* Indexed by U:a:opcode<2:0> (U bit 29, a bit 23, opcode bits 13:11 of 11xxx), written in octal:
 * the first digit is U:a, the second opcode<2:0>. */
static const struct {
    fpv_op3 op;
    bool pair; /* operands are the adjacent pairs of Vm:Vn */
} ops3[32] = {
    [000] = { fpv_maxnm, false }, [001] = { fpv_mla, false },  [002] = { fpv_add, false },
    [003] = { fpv_mulx, false },  [004] = { fpv_cmeq, false }, [006] = { fpv_max, false },
    [007] = { op_recps, false },
    [010] = { fpv_minnm, false }, [011] = { fpv_mls, false },  [012] = { op_sub, false },
    [016] = { fpv_min, false },   [017] = { op_rsqrts, false },
    [020] = { fpv_maxnm, true },  [022] = { fpv_add, true },   [023] = { fpv_mul, false },
    [024] = { fpv_cmge, false },  [025] = { fpv_acge, false }, [026] = { fpv_max, true },
    [027] = { op_div, false },
    [030] = { fpv_minnm, true },  [032] = { op_abd, false },   [034] = { fpv_cmgt, false },
    [035] = { fpv_acgt, false },  [036] = { fpv_min, true },
};

enum exec_result exec_simd_fp_3same(struct cpu_state *cpu, const struct a64_insn *in)
{
    struct fpv_shape s;
    unsigned idx = ((in->raw >> 29) & 1) << 4 | ((in->raw >> 23) & 1) << 3 | ((in->raw >> 11) & 7);
    if (!fpv_shape(in, &s) || !ops3[idx].op)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct fpu_env env = fp_env(cpu);
    struct vec n = vec_read(cpu, in->rn), m = vec_read(cpu, in->rm), d = vec_read(cpu, in->rd);
    struct vec r = { { 0, 0 } };
    for (unsigned e = 0; e < s.elems; e++) {
        uint64_t a, b;
        if (ops3[idx].pair) {
            /* concat = Vm:Vn; element e pairs concat elements 2e and 2e+1 */
            unsigned i = 2 * e;
            const struct vec *src = i < s.elems ? &n : &m;
            unsigned j = i < s.elems ? i : i - s.elems;
            a = elem_get(src, j, s.ebits);
            b = elem_get(src, j + 1, s.ebits);
        } else {
            a = elem_get(&n, e, s.ebits);
            b = elem_get(&m, e, s.ebits);
        }
        elem_set(&r, e, s.ebits, ops3[idx].op(&env, s.f, a, b, elem_get(&d, e, s.ebits)));
    }
    fpv_write(cpu, in->rd, &s, r);
    return EXEC_NEXT;
}
