/*
 * Advanced SIMD shift by immediate, vector and scalar (rows in a64_simd.def; DDI 0487 C4.1
 * "Advanced SIMD shift by immediate", "... scalar shift by immediate"). The scalar forms differ
 * from the vector ones only in bit 28, so each function serves both: one element of the size
 * given by immh, the rest of Vd zeroed.
 *
 * The i field is immh:immb (7 bits). esize = 8 << HighestSetBit(immh); right shifts are
 * 2*esize - immh:immb (1 .. esize), left shifts immh:immb - esize (0 .. esize-1). immh = 0000 is
 * the modified-immediate group (vector) or unallocated (scalar): the more specific MOVI rows
 * claim the allocated ones, and what reaches these functions is UNDEFINED.
 */
#include "cpu/exec_simd.h"

struct shift_dec {
    unsigned eb;      /* element size in bits (the destination's for the narrowing forms) */
    unsigned right;   /* 2*esize - immh:immb */
    unsigned left;    /* immh:immb - esize */
    unsigned n;       /* element count (1 for scalar) */
    bool scalar, is_unsigned;
};

/* Decode immh:immb; false for the reserved encodings: immh = 0; a 64-bit element with Q = 0
 * (vector); a scalar form other than the saturating left shifts below 64 bits (d_only);
 * a narrowing or widening form from 64-bit elements (half). */
static bool shift_decode(const struct a64_insn *in, bool d_only, bool half, struct shift_dec *s)
{
    unsigned immh = in->imm >> 3, hsb = 0;
    if (immh == 0)
        return false;
    for (unsigned b = 0; b < 4; b++)
        if ((immh >> b) & 1)
            hsb = b;
    s->scalar = (in->raw >> 28) & 1;
    s->is_unsigned = (in->raw >> 29) & 1;
    s->eb = 8u << hsb;
    s->right = 2 * s->eb - in->imm;
    s->left = in->imm - s->eb;
    if (half && hsb == 3)
        return false;
    if (s->scalar && d_only && hsb != 3)
        return false;
    if (!s->scalar && !half && hsb == 3 && !in->q)
        return false;
    s->n = s->scalar ? 1 : (in->q ? 128 : 64) / s->eb;
    return true;
}

/* Write the result: a vector (Q) or the scalar element with the rest of Vd zeroed. */
static void shift_write(struct cpu_state *cpu, const struct a64_insn *in, const struct shift_dec *s, struct vec r)
{
    if (s->scalar)
        cpu_vw(cpu, in->rd, s->eb / 8, elem_get(&r, 0, s->eb));
    else
        vec_write(cpu, in->rd, r, in->q);
}

/* SSHR/USHR/SRSHR/URSHR and the accumulating SSRA/USRA/SRSRA/URSRA: opcode<2> = round,
 * opcode<1> = accumulate. Vector forms any size; scalar D only. */
enum exec_result exec_simd_shr(struct cpu_state *cpu, const struct a64_insn *in)
{
    bool round = (in->raw >> 13) & 1, acc = (in->raw >> 12) & 1;
    struct shift_dec s;
    if (!shift_decode(in, true, false, &s))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn), d = vec_read(cpu, in->rd), r = { { 0, 0 } };
    for (unsigned i = 0; i < s.n; i++) {
        simd_i128 x = simd_shr_round(simd_int(elem_get(&a, i, s.eb), s.eb, s.is_unsigned), s.right, round);
        uint64_t v = (uint64_t)x;
        if (acc)
            v += elem_get(&d, i, s.eb);
        elem_set(&r, i, s.eb, v);
    }
    shift_write(cpu, in, &s, r);
    return EXEC_NEXT;
}

/* SHL (immediate); scalar D only. */
enum exec_result exec_simd_shl(struct cpu_state *cpu, const struct a64_insn *in)
{
    struct shift_dec s;
    if (!shift_decode(in, true, false, &s))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn), r = { { 0, 0 } };
    for (unsigned i = 0; i < s.n; i++)
        elem_set(&r, i, s.eb, elem_get(&a, i, s.eb) << s.left);
    shift_write(cpu, in, &s, r);
    return EXEC_NEXT;
}

/* SRI / SLI: shift and insert, keeping the bits of Vd the shifted value does not cover.
 * SRI by esize (shift = esize) leaves Vd unchanged. */
enum exec_result exec_simd_sri(struct cpu_state *cpu, const struct a64_insn *in)
{
    bool left = (in->raw >> 12) & 1; /* opcode<1>: 01010 = SLI, 01000 = SRI */
    struct shift_dec s;
    if (!shift_decode(in, true, false, &s))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn), d = vec_read(cpu, in->rd), r = { { 0, 0 } };
    uint64_t m = simd_mask(s.eb);
    for (unsigned i = 0; i < s.n; i++) {
        uint64_t x = elem_get(&a, i, s.eb), mask, v;
        if (left) {
            mask = (m << s.left) & m;
            v = x << s.left;
        } else {
            mask = s.right >= 64 ? 0 : m >> s.right;
            v = s.right >= 64 ? 0 : x >> s.right;
        }
        elem_set(&r, i, s.eb, (elem_get(&d, i, s.eb) & ~mask) | (v & mask));
    }
    shift_write(cpu, in, &s, r);
    return EXEC_NEXT;
}

/* SQSHL / UQSHL / SQSHLU (immediate): saturating left shift; opcode<1> = 0 (01100) is SQSHLU
 * (signed source, unsigned saturation). Scalar forms for every size. */
enum exec_result exec_simd_qshl_imm(struct cpu_state *cpu, const struct a64_insn *in)
{
    bool shlu = !((in->raw >> 12) & 1);
    struct shift_dec s;
    if (!shift_decode(in, false, false, &s))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    bool src_unsigned = s.is_unsigned && !shlu, dst_unsigned = s.is_unsigned;
    struct vec a = vec_read(cpu, in->rn), r = { { 0, 0 } };
    bool qc = false;
    for (unsigned i = 0; i < s.n; i++) {
        simd_i128 x = simd_shl_big(simd_int(elem_get(&a, i, s.eb), s.eb, src_unsigned), s.left);
        elem_set(&r, i, s.eb, simd_sat(x, s.eb, dst_unsigned, &qc));
    }
    if (qc)
        simd_set_qc(cpu);
    shift_write(cpu, in, &s, r);
    return EXEC_NEXT;
}

/*
 * The narrowing right shifts from 2*esize to esize, opcode<0> = round: SHRN/RSHRN (truncate,
 * U = 0, opcode 1000x), SQSHRN/SQRSHRN (signed, 1001x), UQSHRN/UQRSHRN (U = 1, 1001x), SQSHRUN/
 * SQRSHRUN (U = 1, 1000x: signed source, unsigned saturation). The vector result goes to the
 * half of Vd that Q selects.
 */
enum exec_result exec_simd_shrn(struct cpu_state *cpu, const struct a64_insn *in)
{
    bool round = in->raw >> 11 & 1, sat = (in->raw >> 12) & 1;
    struct shift_dec s;
    if (!shift_decode(in, false, true, &s))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    bool src_unsigned, dst_unsigned;
    if (sat) {
        src_unsigned = dst_unsigned = s.is_unsigned;
    } else {
        src_unsigned = s.is_unsigned ? false : true; /* SHRN: bits only; SQSHRUN: signed source */
        dst_unsigned = true;
        sat = s.is_unsigned;
    }
    unsigned n = s.scalar ? 1 : 64 / s.eb, wb = 2 * s.eb;
    struct vec a = vec_read(cpu, in->rn), r = { { 0, 0 } };
    bool qc = false;
    for (unsigned i = 0; i < n; i++) {
        simd_i128 x = simd_shr_round(simd_int(elem_get(&a, i, wb), wb, src_unsigned), s.right, round);
        elem_set(&r, i, s.eb, sat ? simd_sat(x, s.eb, dst_unsigned, &qc) : (uint64_t)x);
    }
    if (qc)
        simd_set_qc(cpu);
    if (s.scalar)
        cpu_vw(cpu, in->rd, s.eb / 8, r.d[0]);
    else
        vec_write_part(cpu, in->rd, in->q, r.d[0]);
    return EXEC_NEXT;
}

/* SSHLL / USHLL (SXTL / UXTL when the shift is 0): the half of Vn that Q selects, widened. */
enum exec_result exec_simd_shll_imm(struct cpu_state *cpu, const struct a64_insn *in)
{
    struct shift_dec s;
    if (!shift_decode(in, false, true, &s))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn), r = { { 0, 0 } };
    struct vec half = { { a.d[in->q], 0 } };
    for (unsigned i = 0; i < 64 / s.eb; i++) {
        uint64_t x = (uint64_t)simd_int(elem_get(&half, i, s.eb), s.eb, s.is_unsigned);
        elem_set(&r, i, 2 * s.eb, x << s.left);
    }
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}
