/*
 * Floating-point Advanced SIMD compares (rows in a64_simd_fp.def, DDI 0487 C7.2): FCMEQ, FCMGE,
 * FCMGT, FACGE, FACGT (register; their element operations, used by the three-same table in
 * exec_simd_fp_arith.c) and FCMEQ, FCMGE, FCMGT, FCMLE, FCMLT (zero), vector and scalar. Each
 * element becomes all ones or zero from src/fpu's FPCompare, which does the FPUnpack (FZ: IDC)
 * and the exceptions: EQ is a quiet compare (IOC for a signalling NaN only), GE and GT signal on
 * any NaN; an unordered compare is false.
 */
#include "cpu/exec_simd_fp.h"

enum { NZCV_EQ = 0x6, NZCV_GT = 0x2 };

uint64_t fpv_cmeq(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d)
{
    (void)d;
    return fpu_compare(env, f, a, b, false) == NZCV_EQ ? ~0ull : 0;
}

uint64_t fpv_cmge(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d)
{
    (void)d;
    unsigned nzcv = fpu_compare(env, f, a, b, true);
    return nzcv == NZCV_EQ || nzcv == NZCV_GT ? ~0ull : 0;
}

uint64_t fpv_cmgt(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d)
{
    (void)d;
    return fpu_compare(env, f, a, b, true) == NZCV_GT ? ~0ull : 0;
}

/* FACGE / FACGT compare FPAbs() of both operands (a NaN stays a NaN of the same kind). */
uint64_t fpv_acge(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d)
{
    return fpv_cmge(env, f, fpu_abs(f, a), fpu_abs(f, b), d);
}

uint64_t fpv_acgt(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, uint64_t d)
{
    return fpv_cmgt(env, f, fpu_abs(f, a), fpu_abs(f, b), d);
}

/* Compare with zero, by U:opcode<1:0> (opcode 011xx): GT, EQ, LT (U = 0); GE, LE (U = 1). LE and
 * LT are FPCompareGE / FPCompareGT with the operands swapped (zero first). */
static const struct {
    fpv_op3 cmp;
    bool swap;
} cmpz_ops[8] = {
    [0] = { fpv_cmgt, false }, [1] = { fpv_cmeq, false }, [2] = { fpv_cmgt, true },
    [4] = { fpv_cmge, false }, [5] = { fpv_cmge, true },
};

enum exec_result exec_simd_fp_cmpz(struct cpu_state *cpu, const struct a64_insn *in)
{
    struct fpv_shape s;
    unsigned idx = ((in->raw >> 29) & 1) << 2 | ((in->raw >> 12) & 3);
    if (!fpv_shape(in, &s) || !cmpz_ops[idx].cmp)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct fpu_env env = fp_env(cpu);
    struct vec n = vec_read(cpu, in->rn), r = { { 0, 0 } };
    for (unsigned e = 0; e < s.elems; e++) {
        uint64_t x = elem_get(&n, e, s.ebits);
        uint64_t v = cmpz_ops[idx].swap ? cmpz_ops[idx].cmp(&env, s.f, 0, x, 0)
                                        : cmpz_ops[idx].cmp(&env, s.f, x, 0, 0);
        elem_set(&r, e, s.ebits, v);
    }
    fpv_write(cpu, in->rd, &s, r);
    return EXEC_NEXT;
}
