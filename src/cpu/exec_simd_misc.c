/*
 * Advanced SIMD two-register miscellaneous (integer), vector and scalar, and across lanes
 * (rows in a64_simd.def; DDI 0487 C4.1 "Advanced SIMD two-register miscellaneous", "... scalar
 * two-register miscellaneous", "... across lanes"). The elementwise forms share one table
 * indexed by U:opcode, like the three-same group; the ones that change element size (REV, the
 * pairwise-long adds, the narrowing extracts, SHLL) have their own functions.
 */
#include "cpu/exec_simd.h"

typedef uint64_t (*simd_unop)(uint64_t a, uint64_t d, unsigned ebits, bool *qc);

/* SUQADD: signed accumulator Vd plus the unsigned element of Vn, signed saturation. */
static uint64_t op_suqadd(uint64_t a, uint64_t d, unsigned eb, bool *qc) { return simd_sat_s((simd_i128)simd_sx(d, eb) + (simd_i128)(a & simd_mask(eb)), eb, qc); }
/* USQADD: unsigned accumulator Vd plus the signed element of Vn, unsigned saturation. */
static uint64_t op_usqadd(uint64_t a, uint64_t d, unsigned eb, bool *qc) { return simd_sat_u((simd_i128)(d & simd_mask(eb)) + simd_sx(a, eb), eb, qc); }
static uint64_t op_sqabs(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; simd_i128 x = simd_sx(a, eb); return simd_sat_s(x < 0 ? -x : x, eb, qc); }
static uint64_t op_sqneg(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; return simd_sat_s(-(simd_i128)simd_sx(a, eb), eb, qc); }
static uint64_t op_abs(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; return simd_sx(a, eb) < 0 ? 0 - a : a; }
static uint64_t op_neg(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; (void)eb; return 0 - a; }
static uint64_t op_cmgt0(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; return simd_sx(a, eb) > 0 ? ~0ull : 0; }
static uint64_t op_cmge0(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; return simd_sx(a, eb) >= 0 ? ~0ull : 0; }
static uint64_t op_cmeq0(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; (void)eb; return a == 0 ? ~0ull : 0; }
static uint64_t op_cmle0(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; return simd_sx(a, eb) <= 0 ? ~0ull : 0; }
static uint64_t op_cmlt0(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; return simd_sx(a, eb) < 0 ? ~0ull : 0; }

/* CountLeadingZeroBits / CountLeadingSignBits of an ebits-wide element (ebits <= 32). */
static unsigned clz_e(uint64_t a, unsigned eb)
{
    unsigned n = 0;
    for (int i = (int)eb - 1; i >= 0 && !((a >> i) & 1); i--)
        n++;
    return n;
}
static uint64_t op_clz(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; return clz_e(a, eb); }
/* CLS = CountLeadingZeroBits(x<esize-1:1> EOR x<esize-2:0>) */
static uint64_t op_cls(uint64_t a, uint64_t d, unsigned eb, bool *qc) { (void)d; (void)qc; return clz_e(((a >> 1) ^ a) & simd_mask(eb - 1), eb - 1); }
static uint64_t op_cnt(uint64_t a, uint64_t d, unsigned eb, bool *qc)
{
    (void)d; (void)qc; (void)eb;
    unsigned n = 0;
    for (; a; a &= a - 1)
        n++;
    return n;
}

enum {
    M_NO_D   = 1u << 0, /* size = 11 UNDEFINED */
    M_SC_ANY = 1u << 1, /* scalar form for every size */
    M_SC_D   = 1u << 2, /* scalar form for size 11 only */
};

static const struct {
    simd_unop fn;
    uint8_t flags;
} op2[64] = {
    [0x03] = { op_suqadd, M_SC_ANY }, [0x23] = { op_usqadd, M_SC_ANY },
    [0x04] = { op_cls, M_NO_D },      [0x24] = { op_clz, M_NO_D },
    [0x05] = { op_cnt, M_NO_D },      /* row fixes size 00 */
    [0x07] = { op_sqabs, M_SC_ANY },  [0x27] = { op_sqneg, M_SC_ANY },
    [0x08] = { op_cmgt0, M_SC_D },    [0x28] = { op_cmge0, M_SC_D },
    [0x09] = { op_cmeq0, M_SC_D },    [0x29] = { op_cmle0, M_SC_D },
    [0x0a] = { op_cmlt0, M_SC_D },
    [0x0b] = { op_abs, M_SC_D },      [0x2b] = { op_neg, M_SC_D },
};

static unsigned op2_index(const struct a64_insn *in)
{
    return ((in->raw >> 24) & 0x20) | ((in->raw >> 12) & 0x1f);
}

/* Elementwise two-register miscellaneous (vector). */
enum exec_result exec_simd_2misc(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned k = op2_index(in);
    if (simd_size(in) == 3 && (!in->q || (op2[k].flags & M_NO_D)))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in), n = (in->q ? 128 : 64) / eb;
    struct vec a = vec_read(cpu, in->rn), d = vec_read(cpu, in->rd), r = { { 0, 0 } };
    bool qc = false;
    for (unsigned i = 0; i < n; i++)
        elem_set(&r, i, eb, op2[k].fn(elem_get(&a, i, eb), elem_get(&d, i, eb), eb, &qc));
    if (qc)
        simd_set_qc(cpu);
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

enum exec_result exec_simd_2misc_scalar(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned k = op2_index(in);
    if (!(op2[k].flags & M_SC_ANY) && simd_size(in) != 3)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in);
    bool qc = false;
    uint64_t v = op2[k].fn(cpu_vr(cpu, in->rn, eb / 8), cpu_vr(cpu, in->rd, eb / 8), eb, &qc);
    if (qc)
        simd_set_qc(cpu);
    cpu_vw(cpu, in->rd, eb / 8, v);
    return EXEC_NEXT;
}

/* NOT (MVN) and RBIT (vector): the rows fix size 00 and 01, byte elements. */
enum exec_result exec_simd_not(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn);
    a.d[0] = ~a.d[0];
    a.d[1] = ~a.d[1];
    vec_write(cpu, in->rd, a, in->q);
    return EXEC_NEXT;
}

enum exec_result exec_simd_rbit(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    struct vec a = vec_read(cpu, in->rn), r = { { 0, 0 } };
    for (unsigned i = 0; i < 16; i++) {
        uint64_t b = elem_get(&a, i, 8), x = 0;
        for (unsigned j = 0; j < 8; j++)
            x |= ((b >> j) & 1) << (7 - j);
        elem_set(&r, i, 8, x);
    }
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/* REV16 / REV32 / REV64: reverse the elements inside each 16/32/64-bit container, encoded as
 * U:opcode<0> = 0:0 (REV64), 1:0 (REV32), 0:1 (REV16); an element as wide as its container is
 * reserved. */
enum exec_result exec_simd_rev(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned op = ((in->raw >> 28) & 2) | ((in->raw >> 12) & 1); /* U:o0 */
    unsigned container = op == 0 ? 64 : op == 2 ? 32 : 16;
    unsigned eb = 8u << simd_size(in);
    if (op == 3 || eb >= container)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned per = container / eb, n = (in->q ? 128 : 64) / eb;
    struct vec a = vec_read(cpu, in->rn), r = { { 0, 0 } };
    for (unsigned i = 0; i < n; i++)
        elem_set(&r, i, eb, elem_get(&a, (i / per) * per + (per - 1 - i % per), eb));
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/* SADDLP / UADDLP / SADALP / UADALP: adjacent pairs added into elements twice as wide
 * (opcode<2> accumulates into Vd). */
enum exec_result exec_simd_addlp(struct cpu_state *cpu, const struct a64_insn *in)
{
    bool is_unsigned = (in->raw >> 29) & 1, acc = (in->raw >> 14) & 1;
    if (simd_size(in) == 3)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in), n = (in->q ? 128 : 64) / (2 * eb);
    struct vec a = vec_read(cpu, in->rn), d = vec_read(cpu, in->rd), r = { { 0, 0 } };
    for (unsigned i = 0; i < n; i++) {
        uint64_t s = (uint64_t)simd_int(elem_get(&a, 2 * i, eb), eb, is_unsigned) +
                     (uint64_t)simd_int(elem_get(&a, 2 * i + 1, eb), eb, is_unsigned);
        if (acc)
            s += elem_get(&d, i, 2 * eb);
        elem_set(&r, i, 2 * eb, s);
    }
    vec_write(cpu, in->rd, r, in->q);
    return EXEC_NEXT;
}

/*
 * The narrowing extracts: XTN (truncate), SQXTN (signed to signed), UQXTN (unsigned to
 * unsigned), SQXTUN (signed to unsigned), from 2*esize to esize, vector (into the half of Vd
 * selected by Q: the "2" forms keep the low half) and scalar.
 */
static uint64_t narrow(unsigned kind, uint64_t a, unsigned eb, bool *qc)
{
    switch (kind) {
    case 0: return a & simd_mask(eb);                                       /* XTN */
    case 1: return simd_sat_s(simd_sx(a, 2 * eb), eb, qc);                  /* SQXTN */
    case 2: return simd_sat_u((simd_i128)(a & simd_mask(2 * eb)), eb, qc);  /* UQXTN */
    default: return simd_sat_u(simd_sx(a, 2 * eb), eb, qc);                 /* SQXTUN */
    }
}

static unsigned narrow_kind(const struct a64_insn *in)
{
    unsigned u = (in->raw >> 29) & 1, op = (in->raw >> 12) & 0x1f;
    return op == 0x12 ? (u ? 3 : 0) : (u ? 2 : 1);
}

enum exec_result exec_simd_xtn(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (simd_size(in) == 3)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in), kind = narrow_kind(in);
    struct vec a = vec_read(cpu, in->rn), r = { { 0, 0 } };
    bool qc = false;
    for (unsigned i = 0; i < 64 / eb; i++)
        elem_set(&r, i, eb, narrow(kind, elem_get(&a, i, 2 * eb), eb, &qc));
    if (qc)
        simd_set_qc(cpu);
    vec_write_part(cpu, in->rd, in->q, r.d[0]);
    return EXEC_NEXT;
}

enum exec_result exec_simd_xtn_scalar(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (simd_size(in) == 3)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in);
    bool qc = false;
    uint64_t v = narrow(narrow_kind(in), cpu_vr(cpu, in->rn, eb / 4), eb, &qc);
    if (qc)
        simd_set_qc(cpu);
    cpu_vw(cpu, in->rd, eb / 8, v);
    return EXEC_NEXT;
}

/* SHLL / SHLL2: each element of the selected half widened and shifted left by esize. */
enum exec_result exec_simd_shll(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (simd_size(in) == 3)
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in);
    struct vec a = vec_read(cpu, in->rn), r = { { 0, 0 } };
    struct vec half = { { a.d[in->q], 0 } };
    for (unsigned i = 0; i < 64 / eb; i++)
        elem_set(&r, i, 2 * eb, elem_get(&half, i, eb) << eb);
    vec_write(cpu, in->rd, r, 1);
    return EXEC_NEXT;
}

/* ---- Across lanes: ADDV, SADDLV/UADDLV, SMAXV/SMINV/UMAXV/UMINV into a scalar ---- */
enum exec_result exec_simd_across(struct cpu_state *cpu, const struct a64_insn *in)
{
    bool is_unsigned = (in->raw >> 29) & 1;
    unsigned op = (in->raw >> 12) & 0x1f;
    if (simd_size(in) == 3 || (simd_size(in) == 2 && !in->q))
        return simd_reserved(cpu, in);
    if (!cpu_fp_access_check(cpu))
        return EXEC_EXCEPTION;
    unsigned eb = 8u << simd_size(in), n = (in->q ? 128 : 64) / eb;
    struct vec a = vec_read(cpu, in->rn);
    simd_i128 acc = simd_int(elem_get(&a, 0, eb), eb, is_unsigned);
    for (unsigned i = 1; i < n; i++) {
        simd_i128 x = simd_int(elem_get(&a, i, eb), eb, is_unsigned);
        switch (op) {
        case 0x0a: if (x > acc) acc = x; break; /* SMAXV / UMAXV */
        case 0x1a: if (x < acc) acc = x; break; /* SMINV / UMINV */
        default: acc += x; break;               /* ADDV, SADDLV / UADDLV */
        }
    }
    unsigned rb = op == 0x03 ? 2 * eb : eb; /* the long forms keep the whole sum */
    cpu_vw(cpu, in->rd, rb / 8, (uint64_t)acc & simd_mask(rb));
    return EXEC_NEXT;
}
