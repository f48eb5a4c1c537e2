/*
 * Advanced SIMD "three different" (long, wide and narrow-high forms), vector and scalar, and the
 * integer "x indexed element" forms, vector and scalar (rows in a64_simd.def; DDI 0487 C4.1
 * "Advanced SIMD three different", "... scalar three different", "... vector x indexed
 * element", "... scalar x indexed element"). Scalar rows differ in bit 28 and use the same
 * functions with one element.
 *
 * The "2" forms (Q = 1) read the upper halves of the narrow sources, or write the upper half of
 * Vd for the narrowing ones (keeping the lower half).
 */
#include "cpu/exec_simd.h"

enum lop { L_ADD, L_SUB, L_ABD, L_MUL, L_DMUL, L_PMUL };
enum {
    K_WIDE   = 1u << 0, /* Vn already has 2*esize elements (SADDW ...) */
    K_ACC    = 1u << 1, /* Vd + result */
    K_ACCSUB = 1u << 2, /* Vd - result */
    K_SATACC = 1u << 3, /* SatQ(Vd +/- result) (SQDMLAL/SQDMLSL; with K_ACCSUB for minus) */
    K_NARROW = 1u << 4, /* the high half of the 2*esize result (ADDHN ...) */
    K_ROUND  = 1u << 5, /* RADDHN / RSUBHN */
    K_HS     = 1u << 6, /* sizes 01 and 10 only (the SQDM* forms) */
};

/* The 2*esize-bit result of op on Int(a), Int(b) (elements of esize = wb / 2). */
static uint64_t long_op(enum lop op, simd_i128 a, simd_i128 b, unsigned wb, bool *qc)
{
    switch (op) {
    case L_ADD: return (uint64_t)(a + b);
    case L_SUB: return (uint64_t)(a - b);
    case L_ABD: return (uint64_t)(a > b ? a - b : b - a);
    case L_MUL: return (uint64_t)(a * b);
    case L_DMUL: return simd_sat_s(2 * a * b, wb, qc);
    default: return simd_pmul((uint64_t)a & simd_mask(wb / 2), (uint64_t)b & simd_mask(wb / 2), wb / 2);
    }
}

/* Combine with the accumulator element d (2*esize wide). */
static uint64_t long_acc(unsigned kind, uint64_t d, uint64_t r, unsigned wb, bool *qc)
{
    if (kind & K_SATACC) {
        simd_i128 x = simd_sx(d, wb), y = simd_sx(r, wb);
        return simd_sat_s(kind & K_ACCSUB ? x - y : x + y, wb, qc);
    }
    if (kind & K_ACC)
        return d + r;
    if (kind & K_ACCSUB)
        return d - r;
    return r;
}

struct op3d {
    uint8_t op, kind, valid;
};

#define U1 0x10
static const struct op3d op3d[32] = {
    [0x0] = { L_ADD, 0, 1 },             [U1 | 0x0] = { L_ADD, 0, 1 },              /* SADDL  UADDL */
    [0x1] = { L_ADD, K_WIDE, 1 },        [U1 | 0x1] = { L_ADD, K_WIDE, 1 },         /* SADDW  UADDW */
    [0x2] = { L_SUB, 0, 1 },             [U1 | 0x2] = { L_SUB, 0, 1 },              /* SSUBL  USUBL */
    [0x3] = { L_SUB, K_WIDE, 1 },        [U1 | 0x3] = { L_SUB, K_WIDE, 1 },         /* SSUBW  USUBW */
    [0x4] = { L_ADD, K_NARROW, 1 },      [U1 | 0x4] = { L_ADD, K_NARROW | K_ROUND, 1 }, /* ADDHN RADDHN */
    [0x5] = { L_ABD, K_ACC, 1 },         [U1 | 0x5] = { L_ABD, K_ACC, 1 },          /* SABAL  UABAL */
    [0x6] = { L_SUB, K_NARROW, 1 },      [U1 | 0x6] = { L_SUB, K_NARROW | K_ROUND, 1 }, /* SUBHN RSUBHN */
    [0x7] = { L_ABD, 0, 1 },             [U1 | 0x7] = { L_ABD, 0, 1 },              /* SABDL  UABDL */
    [0x8] = { L_MUL, K_ACC, 1 },         [U1 | 0x8] = { L_MUL, K_ACC, 1 },          /* SMLAL  UMLAL */
    [0x9] = { L_DMUL, K_SATACC | K_HS, 1 },                                         /* SQDMLAL */
    [0xa] = { L_MUL, K_ACCSUB, 1 },      [U1 | 0xa] = { L_MUL, K_ACCSUB, 1 },       /* SMLSL  UMLSL */
    [0xb] = { L_DMUL, K_SATACC | K_ACCSUB | K_HS, 1 },                              /* SQDMLSL */
    [0xc] = { L_MUL, 0, 1 },             [U1 | 0xc] = { L_MUL, 0, 1 },              /* SMULL  UMULL */
    [0xd] = { L_DMUL, K_HS, 1 },                                                    /* SQDMULL */
    [0xe] = { L_PMUL, 0, 1 },                                                       /* PMULL (8-bit) */
};
#undef U1

enum exec_result exec_simd_3diff(struct cpu_state *cpu, const struct a64_insn *in)
{
    bool is_unsigned = (in->raw >> 29) & 1, scalar = (in->raw >> 28) & 1;
    const struct op3d *op = &op3d[(is_unsigned ? 0x10 : 0) | ((in->raw >> 12) & 15)];
    if (simd_size(in) == 3 || ((op->kind & K_HS) && simd_size(in) == 0))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in), wb = 2 * eb, n = scalar ? 1 : 64 / eb;
    unsigned part = scalar ? 0 : in->q;
    struct vec a = vec_read(cpu, in->rn), b = vec_read(cpu, in->rm), d = vec_read(cpu, in->rd), r = { { 0, 0 } };
    struct vec bh = { { b.d[part], 0 } }, ah = { { a.d[part], 0 } };
    bool qc = false;
    for (unsigned i = 0; i < n; i++) {
        simd_i128 x = (op->kind & (K_WIDE | K_NARROW)) ? simd_int(elem_get(&a, i, wb), wb, is_unsigned)
                                                       : simd_int(elem_get(&ah, i, eb), eb, is_unsigned);
        simd_i128 y = (op->kind & K_NARROW) ? simd_int(elem_get(&b, i, wb), wb, is_unsigned)
                                            : simd_int(elem_get(&bh, i, eb), eb, is_unsigned);
        uint64_t v = long_op((enum lop)op->op, x, y, wb, &qc);
        if (op->kind & K_NARROW) {
            /* (the 2*esize-bit sum + round) >> esize */
            simd_u128 s = (simd_u128)(v & simd_mask(wb)) + ((op->kind & K_ROUND) ? 1ull << (eb - 1) : 0);
            elem_set(&r, i, eb, (uint64_t)(s >> eb));
        } else {
            elem_set(&r, i, wb, long_acc(op->kind, elem_get(&d, i, wb), v, wb, &qc));
        }
    }
    if (qc)
        simd_set_qc(cpu);
    if (op->kind & K_NARROW)
        vec_write_part(cpu, in->rd, part, r.d[0]);
    else if (scalar)
        cpu_vw(cpu, in->rd, wb / 8, r.d[0]);
    else
        vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

/* ---- x indexed element: the element Vm.Ts[index] against every element of Vn ---- */

/* size 01: Rm = 0:Rm<3:0> (the 'm' field), index = H:L:M; size 10: Rm = M:Rm, index = H:L.
 * Fields: e = H, L = L, f = M. Other sizes are reserved (false). */
static bool elem_index(const struct a64_insn *in, unsigned *rm, unsigned *index)
{
    if (simd_size(in) == 1) {
        *rm = in->rm;
        *index = (unsigned)in->e << 2 | (unsigned)in->l << 1 | in->f;
        return true;
    }
    if (simd_size(in) == 2) {
        *rm = (unsigned)in->f << 4 | in->rm;
        *index = (unsigned)in->e << 1 | in->l;
        return true;
    }
    return false;
}

/* MUL, MLA, MLS, SQDMULH, SQRDMULH (by element), vector and scalar (SQDMULH/SQRDMULH only).
 * Bits 15:12 = opcode: 1000 MUL, 0000 MLA, 0100 MLS, 1100 SQDMULH, 1101 SQRDMULH. */
enum exec_result exec_simd_elem(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned opc = (in->raw >> 12) & 15, rm, index;
    bool scalar = (in->raw >> 28) & 1;
    if (!elem_index(in, &rm, &index))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    simd_binop fn = opc == 12 ? simd_op_sqdmulh : opc == 13 ? simd_op_sqrdmulh : simd_op_mul;
    unsigned eb = 8u << simd_size(in), n = scalar ? 1 : (in->q ? 128 : 64) / eb;
    struct vec a = vec_read(cpu, in->rn), m = vec_read(cpu, rm), d = vec_read(cpu, in->rd), r = { { 0, 0 } };
    uint64_t y = elem_get(&m, index, eb);
    bool qc = false;
    for (unsigned i = 0; i < n; i++) {
        uint64_t v = fn(elem_get(&a, i, eb), y, eb, &qc);
        if (opc == 0)
            v = elem_get(&d, i, eb) + v;
        else if (opc == 4)
            v = elem_get(&d, i, eb) - v;
        elem_set(&r, i, eb, v);
    }
    if (qc)
        simd_set_qc(cpu);
    if (scalar)
        cpu_vw(cpu, in->rd, eb / 8, r.d[0]);
    else
        vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/* The long by-element forms: SMULL/UMULL (opcode 1010), SMLAL/UMLAL (0010), SMLSL/UMLSL (0110),
 * SQDMULL (1011), SQDMLAL (0011), SQDMLSL (0111); scalar forms for the SQDM* ones. */
enum exec_result exec_simd_elem_long(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned opc = (in->raw >> 12) & 15, rm, index;
    bool is_unsigned = (in->raw >> 29) & 1, scalar = (in->raw >> 28) & 1;
    if (!elem_index(in, &rm, &index))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    bool dmul = opc & 1;
    unsigned kind = opc == 2 ? K_ACC : opc == 6 ? K_ACCSUB : opc == 3 ? K_SATACC : opc == 7 ? K_SATACC | K_ACCSUB : 0;
    unsigned eb = 8u << simd_size(in), wb = 2 * eb, n = scalar ? 1 : 64 / eb, part = scalar ? 0 : in->q;
    struct vec a = vec_read(cpu, in->rn), m = vec_read(cpu, rm), d = vec_read(cpu, in->rd), r = { { 0, 0 } };
    struct vec ah = { { a.d[part], 0 } };
    simd_i128 y = simd_int(elem_get(&m, index, eb), eb, is_unsigned);
    bool qc = false;
    for (unsigned i = 0; i < n; i++) {
        simd_i128 x = simd_int(elem_get(&ah, i, eb), eb, is_unsigned);
        uint64_t v = long_op(dmul ? L_DMUL : L_MUL, x, y, wb, &qc);
        elem_set(&r, i, wb, long_acc(kind, elem_get(&d, i, wb), v, wb, &qc));
    }
    if (qc)
        simd_set_qc(cpu);
    if (scalar)
        cpu_vw(cpu, in->rd, wb / 8, r.d[0]);
    else
        vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}
