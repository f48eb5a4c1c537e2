/*
 * Advanced SIMD "three same" integer instructions, vector and scalar (rows in a64_simd.def,
 * DDI 0487 C4.1 "Advanced SIMD three same" / "Advanced SIMD scalar three same"), the bitwise
 * group (AND ... BIF) and the scalar ADDP. The architecture lays the group out as a table
 * indexed by U:opcode, and so does this file: op3[] gives each allocated U:opcode its element
 * operation and the sizes the pseudocode allows; the decode table has a row for each.
 */
#include "cpu/exec_simd.h"

/* ---- element operations: a, b are the zero-extended elements of Vn and Vm ---- */

static uint64_t op_shadd(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return (uint64_t)simd_asr(simd_sx(a, eb) + simd_sx(b, eb), 1); }
static uint64_t op_uhadd(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return (a + b) >> 1; }
static uint64_t op_srhadd(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return (uint64_t)simd_asr(simd_sx(a, eb) + simd_sx(b, eb) + 1, 1); }
static uint64_t op_urhadd(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return (a + b + 1) >> 1; }
static uint64_t op_shsub(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return (uint64_t)simd_asr(simd_sx(a, eb) - simd_sx(b, eb), 1); }
static uint64_t op_uhsub(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return (uint64_t)simd_asr((int64_t)a - (int64_t)b, 1) & simd_mask(eb); }

static uint64_t op_sqadd(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return simd_sat_s((simd_i128)simd_sx(a, eb) + simd_sx(b, eb), eb, qc); }
static uint64_t op_uqadd(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return simd_sat_u((simd_i128)a + b, eb, qc); }
static uint64_t op_sqsub(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return simd_sat_s((simd_i128)simd_sx(a, eb) - simd_sx(b, eb), eb, qc); }
static uint64_t op_uqsub(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return simd_sat_u((simd_i128)a - (simd_i128)b, eb, qc); }

static uint64_t op_cmgt(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return simd_sx(a, eb) > simd_sx(b, eb) ? ~0ull : 0; }
static uint64_t op_cmge(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return simd_sx(a, eb) >= simd_sx(b, eb) ? ~0ull : 0; }
static uint64_t op_cmhi(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a > b ? ~0ull : 0; }
static uint64_t op_cmhs(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a >= b ? ~0ull : 0; }
static uint64_t op_cmtst(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return (a & b) ? ~0ull : 0; }
static uint64_t op_cmeq(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a == b ? ~0ull : 0; }

/*
 * SSHL/USHL/SQSHL/UQSHL/SRSHL/URSHL/SQRSHL/UQRSHL (register): shift = SInt(Vm element<7:0>);
 * element = (Int(a) + round_const) << shift at infinite precision, then SatQ or truncation.
 * A negative shift is a right shift (rounding adds 2^(-shift-1)).
 */
static uint64_t shl_reg(uint64_t a, uint64_t b, unsigned eb, bool is_unsigned, bool round, bool sat, bool *qc)
{
    int shift = (int8_t)(uint8_t)b;
    simd_i128 x = simd_int(a, eb, is_unsigned), r;
    if (shift >= 0) {
        if (!sat)
            return shift >= 64 ? 0 : (a << shift) & simd_mask(eb);
        r = simd_shl_big(x, (unsigned)shift);
    } else {
        r = simd_shr_round(x, (unsigned)-shift, round);
    }
    return sat ? simd_sat(r, eb, is_unsigned, qc) : (uint64_t)r & simd_mask(eb);
}
static uint64_t op_sshl(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return shl_reg(a, b, eb, false, false, false, qc); }
static uint64_t op_ushl(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return shl_reg(a, b, eb, true, false, false, qc); }
static uint64_t op_sqshl(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return shl_reg(a, b, eb, false, false, true, qc); }
static uint64_t op_uqshl(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return shl_reg(a, b, eb, true, false, true, qc); }
static uint64_t op_srshl(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return shl_reg(a, b, eb, false, true, false, qc); }
static uint64_t op_urshl(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return shl_reg(a, b, eb, true, true, false, qc); }
static uint64_t op_sqrshl(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return shl_reg(a, b, eb, false, true, true, qc); }
static uint64_t op_uqrshl(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return shl_reg(a, b, eb, true, true, true, qc); }

static uint64_t op_smax(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return simd_sx(a, eb) >= simd_sx(b, eb) ? a : b; }
static uint64_t op_smin(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return simd_sx(a, eb) <= simd_sx(b, eb) ? a : b; }
static uint64_t op_umax(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a >= b ? a : b; }
static uint64_t op_umin(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a <= b ? a : b; }
/* Sizes up to 32 bits only (SABD/UABD have no 64-bit form), so the difference fits. */
static uint64_t op_sabd(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; int64_t d = simd_sx(a, eb) - simd_sx(b, eb); return d < 0 ? (uint64_t)-d : (uint64_t)d; }
static uint64_t op_uabd(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a > b ? a - b : b - a; }

static uint64_t op_add(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a + b; }
static uint64_t op_sub(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a - b; }
uint64_t simd_op_mul(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; (void)eb; return a * b; }
static uint64_t op_pmul(uint64_t a, uint64_t b, unsigned eb, bool *qc) { (void)qc; return simd_pmul(a, b, eb); }

/* SQDMULH / SQRDMULH (16- and 32-bit elements): SatQ((2*a*b + round) >> esize). The doubled
 * product of two 32-bit minima is 2^63, so the arithmetic is 128-bit. */
static uint64_t dmulh(uint64_t a, uint64_t b, unsigned eb, bool round, bool *qc)
{
    simd_i128 p = (simd_i128)simd_sx(a, eb) * simd_sx(b, eb) * 2;
    if (round)
        p += (simd_i128)1 << (eb - 1);
    return simd_sat_s(simd_shr_round(p, eb, false), eb, qc);
}
uint64_t simd_op_sqdmulh(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return dmulh(a, b, eb, false, qc); }
uint64_t simd_op_sqrdmulh(uint64_t a, uint64_t b, unsigned eb, bool *qc) { return dmulh(a, b, eb, true, qc); }

/* ---- the U:opcode table ---- */

enum {
    OP_NO_D   = 1u << 0, /* size = 11 UNDEFINED (vector) */
    OP_HS     = 1u << 1, /* only size 01 and 10 */
    OP_ACC    = 1u << 2, /* Vd + result (SABA, MLA) */
    OP_ACCSUB = 1u << 3, /* Vd - result (MLS) */
    OP_PAIR   = 1u << 4, /* pairwise over Vn:Vm (ADDP, SMAXP ...) */
    OP_SC_ANY = 1u << 5, /* scalar form exists for every size */
    OP_SC_D   = 1u << 6, /* scalar form exists for size 11 only */
    OP_SC_HS  = 1u << 7, /* scalar form exists for sizes 01 and 10 */
};

struct op3 {
    simd_binop fn;
    uint8_t flags;
};

#define U1 0x20
static const struct op3 op3[64] = {
    [0x00] = { op_shadd, OP_NO_D },            [U1 | 0x00] = { op_uhadd, OP_NO_D },
    [0x01] = { op_sqadd, OP_SC_ANY },          [U1 | 0x01] = { op_uqadd, OP_SC_ANY },
    [0x02] = { op_srhadd, OP_NO_D },           [U1 | 0x02] = { op_urhadd, OP_NO_D },
    [0x04] = { op_shsub, OP_NO_D },            [U1 | 0x04] = { op_uhsub, OP_NO_D },
    [0x05] = { op_sqsub, OP_SC_ANY },          [U1 | 0x05] = { op_uqsub, OP_SC_ANY },
    [0x06] = { op_cmgt, OP_SC_D },             [U1 | 0x06] = { op_cmhi, OP_SC_D },
    [0x07] = { op_cmge, OP_SC_D },             [U1 | 0x07] = { op_cmhs, OP_SC_D },
    [0x08] = { op_sshl, OP_SC_D },             [U1 | 0x08] = { op_ushl, OP_SC_D },
    [0x09] = { op_sqshl, OP_SC_ANY },          [U1 | 0x09] = { op_uqshl, OP_SC_ANY },
    [0x0a] = { op_srshl, OP_SC_D },            [U1 | 0x0a] = { op_urshl, OP_SC_D },
    [0x0b] = { op_sqrshl, OP_SC_ANY },         [U1 | 0x0b] = { op_uqrshl, OP_SC_ANY },
    [0x0c] = { op_smax, OP_NO_D },             [U1 | 0x0c] = { op_umax, OP_NO_D },
    [0x0d] = { op_smin, OP_NO_D },             [U1 | 0x0d] = { op_umin, OP_NO_D },
    [0x0e] = { op_sabd, OP_NO_D },             [U1 | 0x0e] = { op_uabd, OP_NO_D },
    [0x0f] = { op_sabd, OP_NO_D | OP_ACC },    [U1 | 0x0f] = { op_uabd, OP_NO_D | OP_ACC },
    [0x10] = { op_add, OP_SC_D },              [U1 | 0x10] = { op_sub, OP_SC_D },
    [0x11] = { op_cmtst, OP_SC_D },            [U1 | 0x11] = { op_cmeq, OP_SC_D },
    [0x12] = { simd_op_mul, OP_NO_D | OP_ACC }, [U1 | 0x12] = { simd_op_mul, OP_NO_D | OP_ACCSUB },
    [0x13] = { simd_op_mul, OP_NO_D },         [U1 | 0x13] = { op_pmul, OP_NO_D }, /* row fixes size 00 */
    [0x14] = { op_smax, OP_NO_D | OP_PAIR },   [U1 | 0x14] = { op_umax, OP_NO_D | OP_PAIR },
    [0x15] = { op_smin, OP_NO_D | OP_PAIR },   [U1 | 0x15] = { op_umin, OP_NO_D | OP_PAIR },
    [0x16] = { simd_op_sqdmulh, OP_HS | OP_SC_HS }, [U1 | 0x16] = { simd_op_sqrdmulh, OP_HS | OP_SC_HS },
    [0x17] = { op_add, OP_PAIR },
};
#undef U1

static const struct op3 *op3_for(const struct a64_insn *in)
{
    return &op3[((in->raw >> 24) & 0x20) | ((in->raw >> 11) & 0x1f)];
}

/* Advanced SIMD three same (integer): Vd.T = op(Vn.T, Vm.T), elementwise or pairwise. */
enum exec_result exec_simd_3same(struct cpu_state *cpu, const struct a64_insn *in)
{
    const struct op3 *op = op3_for(in);
    if ((simd_size(in) == 3 && (!in->q || (op->flags & OP_NO_D))) ||
        ((op->flags & OP_HS) && (simd_size(in) == 0 || simd_size(in) == 3)))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in), n = (in->q ? 128 : 64) / eb;
    struct vec a = vec_read(cpu, in->rn), b = vec_read(cpu, in->rm), d = vec_read(cpu, in->rd), r = { { 0, 0 } };
    bool qc = false;
    for (unsigned i = 0; i < n; i++) {
        uint64_t x, y;
        if (op->flags & OP_PAIR) {
            /* concat = Vm:Vn; element i combines concat elements 2i and 2i+1 */
            const struct vec *src = 2 * i < n ? &a : &b;
            unsigned j = (2 * i) % n;
            x = elem_get(src, j, eb);
            y = elem_get(src, j + 1, eb);
        } else {
            x = elem_get(&a, i, eb);
            y = elem_get(&b, i, eb);
        }
        uint64_t v = op->fn(x, y, eb, &qc);
        if (op->flags & OP_ACC)
            v = elem_get(&d, i, eb) + v;
        else if (op->flags & OP_ACCSUB)
            v = elem_get(&d, i, eb) - v;
        elem_set(&r, i, eb, v);
    }
    if (qc)
        simd_set_qc(cpu);
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/* Advanced SIMD scalar three same: one element of B/H/S/D, the rest of Vd zeroed. */
enum exec_result exec_simd_3same_scalar(struct cpu_state *cpu, const struct a64_insn *in)
{
    const struct op3 *op = op3_for(in);
    bool ok = (op->flags & OP_SC_ANY) || ((op->flags & OP_SC_D) && simd_size(in) == 3) ||
              ((op->flags & OP_SC_HS) && (simd_size(in) == 1 || simd_size(in) == 2));
    if (!ok)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in);
    bool qc = false;
    uint64_t v = op->fn(cpu_vr(cpu, in->rn, eb / 8), cpu_vr(cpu, in->rm, eb / 8), eb, &qc);
    if (qc)
        simd_set_qc(cpu);
    cpu_vw(cpu, in->rd, eb / 8, v);
    return EXEC_NEXT;
}

/*
 * The bitwise three-same forms (opcode 00011; size selects the operation): AND, BIC, ORR, ORN
 * (U = 0) and EOR, BSL, BIT, BIF (U = 1), on whole 64-bit words.
 */
enum exec_result exec_simd_logic(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned op = ((in->raw >> 27) & 4) | simd_size(in);
    struct vec n = vec_read(cpu, in->rn), m = vec_read(cpu, in->rm), d = vec_read(cpu, in->rd), r;
    for (unsigned i = 0; i < 2; i++) {
        uint64_t a = n.d[i], b = m.d[i], c = d.d[i];
        switch (op) {
        case 0: r.d[i] = a & b; break;
        case 1: r.d[i] = a & ~b; break;
        case 2: r.d[i] = a | b; break;
        case 3: r.d[i] = a | ~b; break;
        case 4: r.d[i] = a ^ b; break;
        case 5: r.d[i] = b ^ ((b ^ a) & c); break;  /* BSL: Vd selects Vn (1) or Vm (0) */
        case 6: r.d[i] = c ^ ((c ^ a) & b); break;  /* BIT: insert Vn where Vm is 1 */
        default: r.d[i] = c ^ ((c ^ a) & ~b); break; /* BIF: insert Vn where Vm is 0 */
        }
    }
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/* ADDP (scalar): Dd = Vn.D[0] + Vn.D[1]; the row fixes size = 11. */
enum exec_result exec_simd_addp_scalar(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec n = vec_read(cpu, in->rn);
    cpu_vw(cpu, in->rd, 8, n.d[0] + n.d[1]);
    return EXEC_NEXT;
}
