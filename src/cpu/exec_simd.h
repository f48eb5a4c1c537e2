/*
 * Private to the Advanced SIMD execute files (exec_simd_*.c, exec_crypto.c): vector values,
 * element access, and the integer helpers of the Arm ARM pseudocode (SatQ, shifts at infinite
 * precision) written so that no operand can reach C undefined behaviour.
 *
 * A vector is two 64-bit words, little-endian: element i of an esize-bit arrangement occupies
 * bits [i*esize, (i+1)*esize) of the 128-bit value (DDI 0487 Elem[]). Elements travel as
 * uint64_t, zero-extended; signed operations sign-extend them with simd_sx().
 */
#ifndef A64EMU_CPU_EXEC_SIMD_H
#define A64EMU_CPU_EXEC_SIMD_H

#include "cpu/cpu_internal.h"

__extension__ typedef __int128 simd_i128;
__extension__ typedef unsigned __int128 simd_u128;

#define FPSR_QC (1u << 27) /* cumulative saturation */

struct vec {
    uint64_t d[2];
};

static inline struct vec vec_read(const struct cpu_state *cpu, unsigned n)
{
    struct vec v = { { cpu->vreg[n & 31][0], cpu->vreg[n & 31][1] } };
    return v;
}

/* V[d] = result for a datasize of 64 (q = 0: the upper half is zeroed) or 128 bits. */
static inline void vec_write(struct cpu_state *cpu, unsigned n, struct vec v, unsigned q)
{
    cpu->vreg[n & 31][0] = v.d[0];
    cpu->vreg[n & 31][1] = q ? v.d[1] : 0;
}

/* Vpart[d, part] = 64-bit value: part 0 zero-extends into the whole register, part 1 (the "2"
 * instruction forms) writes bits 127:64 and keeps the low half. */
static inline void vec_write_part(struct cpu_state *cpu, unsigned n, unsigned part, uint64_t v)
{
    if (part)
        cpu->vreg[n & 31][1] = v;
    else
        cpu_vw(cpu, n & 31, 8, v);
}

static inline uint64_t simd_mask(unsigned ebits)
{
    return ebits >= 64 ? ~0ull : (1ull << ebits) - 1;
}

static inline uint64_t elem_get(const struct vec *v, unsigned i, unsigned ebits)
{
    unsigned bit = i * ebits;
    return (v->d[(bit >> 6) & 1] >> (bit & 63)) & simd_mask(ebits);
}

static inline void elem_set(struct vec *v, unsigned i, unsigned ebits, uint64_t x)
{
    unsigned bit = i * ebits;
    uint64_t m = simd_mask(ebits) << (bit & 63);
    uint64_t *w = &v->d[(bit >> 6) & 1];
    *w = (*w & ~m) | ((x << (bit & 63)) & m);
}

/* SInt() of an ebits-wide element. */
static inline int64_t simd_sx(uint64_t x, unsigned ebits)
{
    uint64_t sign = 1ull << (ebits - 1);
    x &= simd_mask(ebits);
    return (int64_t)((x ^ sign) - sign);
}

/* Arithmetic shift right by 0..127 without relying on implementation-defined >> of negatives. */
static inline int64_t simd_asr(int64_t x, unsigned n)
{
    if (n > 63)
        n = 63;
    return x < 0 ? ~(int64_t)((~(uint64_t)x) >> n) : (int64_t)((uint64_t)x >> n);
}

static inline void simd_set_qc(struct cpu_state *cpu)
{
    cpu->fpsr |= FPSR_QC;
}

/* SignedSatQ / UnsignedSatQ (DDI 0487 J1.1.3) of a 128-bit intermediate to ebits (<= 64). */
static inline uint64_t simd_sat_s(simd_i128 v, unsigned ebits, bool *qc)
{
    simd_i128 max = (simd_i128)(simd_mask(ebits - 1)), min = -max - 1;
    if (v > max) {
        *qc = true;
        v = max;
    } else if (v < min) {
        *qc = true;
        v = min;
    }
    return (uint64_t)v & simd_mask(ebits);
}

static inline uint64_t simd_sat_u(simd_i128 v, unsigned ebits, bool *qc)
{
    simd_i128 max = (simd_i128)simd_mask(ebits);
    if (v > max) {
        *qc = true;
        return simd_mask(ebits);
    }
    if (v < 0) {
        *qc = true;
        return 0;
    }
    return (uint64_t)v;
}

/* SatQ(i, N, unsigned) */
static inline uint64_t simd_sat(simd_i128 v, unsigned ebits, bool is_unsigned, bool *qc)
{
    return is_unsigned ? simd_sat_u(v, ebits, qc) : simd_sat_s(v, ebits, qc);
}

/* The element as an integer: Int(x, unsigned). */
static inline simd_i128 simd_int(uint64_t x, unsigned ebits, bool is_unsigned)
{
    return is_unsigned ? (simd_i128)(x & simd_mask(ebits)) : (simd_i128)simd_sx(x, ebits);
}

/*
 * (x + round_const) >> n at infinite precision, the right-shift core of every shift instruction:
 * x is Int(element) (|x| < 2^64), n = 0..255, round adds 2^(n-1). Written as (x >> n) plus bit
 * n-1 of x, which is the same integer and cannot overflow.
 */
static inline simd_i128 simd_shr_round(simd_i128 x, unsigned n, bool round)
{
    if (n == 0)
        return x;
    simd_i128 q = n > 100 ? (x < 0 ? -1 : 0) : (x < 0 ? ~((~x) >> n) : x >> n);
    if (round) {
        unsigned b = n - 1;
        simd_i128 bit = b > 100 ? (x < 0 ? 1 : 0) : ((x < 0 ? ~((~x) >> b) : x >> b) & 1);
        q += bit;
    }
    return q;
}

/* x << n at infinite precision for the saturating left shifts (|x| < 2^64, n = 0..255). A
 * nonzero x shifted by 64 or more is out of range of every element size, so it becomes +-2^100:
 * saturation gives the same answer and the 128-bit intermediate cannot overflow. */
static inline simd_i128 simd_shl_big(simd_i128 x, unsigned n)
{
    if (x == 0)
        return 0;
    if (n >= 64)
        return x < 0 ? -((simd_i128)1 << 100) : (simd_i128)1 << 100;
    return x < 0 ? -((-x) << n) : x << n;
}

/* Element-operation signatures shared by the tables. */
typedef uint64_t (*simd_binop)(uint64_t a, uint64_t b, unsigned ebits, bool *qc);

/* Operations shared between the three-same, by-element and three-different tables
 * (exec_simd_arith.c). */
uint64_t simd_op_mul(uint64_t a, uint64_t b, unsigned ebits, bool *qc);
uint64_t simd_op_sqdmulh(uint64_t a, uint64_t b, unsigned ebits, bool *qc);
uint64_t simd_op_sqrdmulh(uint64_t a, uint64_t b, unsigned ebits, bool *qc);

/* Polynomial multiply of two ebits-wide values (ebits <= 32): the 2*ebits-bit product. */
static inline uint64_t simd_pmul(uint64_t a, uint64_t b, unsigned ebits)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < ebits; i++)
        if ((b >> i) & 1)
            r ^= a << i;
    return r;
}

/* The size field (bits 23:22) from the raw word: rows that fix it (CMxx scalar = 11, the bitwise
 * group, CNT ...) have no S field, so in->size would read 0. */
static inline unsigned simd_size(const struct a64_insn *in)
{
    return (in->raw >> 22) & 3;
}

/*
 * Rows whose reserved encodings the executor rejects (size:Q = 110, size = 11 ...). The Arm ARM
 * makes these UNDEFINED in the decode pseudocode, which runs before the execute pseudocode's
 * CheckFPAdvSIMDEnabled64(): so every execute function tests them before cpu_fp_access_check()
 * (a reserved encoding is UNDEFINED even where the FP/SIMD access traps), then calls
 * cpu_fp_access_check() before any effect. QEMU orders them the same way.
 */
static inline enum exec_result simd_reserved(struct cpu_state *cpu, const struct a64_insn *in)
{
    return cpu_undef(cpu, in, "reserved Advanced SIMD size/Q encoding");
}

#endif
