/*
 * Data Processing -- Register: data-processing (1 source), the bit and byte manipulations, and
 * data-processing (3 source), the multiplies (DDI 0487 C4.1). The rest of the group is in
 * exec_dp_reg.c and exec_crc32.c.
 *
 * All arithmetic is done on uint64_t, so the guest's signed overflow (the sign of SMULH, MADD
 * wrapping) never becomes host undefined behaviour.
 */
#include "cpu/cpu_internal.h"
#include "util/compiler.h"

static uint64_t width_mask(unsigned sf)
{
    return sf ? ~0ull : 0xffffffffull;
}

/* ---- Data-processing (1 source) ---- */

/* Swap adjacent groups of `bits` bits throughout a 64-bit value (bits = 1, 2, 4, ... 32). */
static uint64_t swap_groups(uint64_t v, unsigned bits)
{
    static const uint64_t low_groups[6] = {
        0x5555555555555555ull, 0x3333333333333333ull, 0x0f0f0f0f0f0f0f0full,
        0x00ff00ff00ff00ffull, 0x0000ffff0000ffffull, 0x00000000ffffffffull,
    };
    unsigned k = 0;
    while ((1u << k) != bits)
        k++;
    return ((v >> bits) & low_groups[k]) | ((v & low_groups[k]) << bits);
}

/*
 * Reverse the bytes within each container of `container` bits (16, 32 or 64): REV16, REV32 and
 * REV (DDI 0487 C6.2). For a 32-bit operation the upper half of the input is zero
 * and stays zero because no swap crosses bit 32 when container <= 32.
 */
static uint64_t rev_bytes(uint64_t v, unsigned container)
{
    for (unsigned bits = 8; bits < container; bits *= 2)
        v = swap_groups(v, bits);
    return v;
}

/* REV (32-bit), REV32 and REV (64-bit) fix sf in their patterns, so it is passed explicitly. */
static A64_ALWAYS_INLINE enum exec_result rev_op(struct cpu_state *cpu, const struct a64_insn *in, unsigned container, unsigned sf)
{
    cpu_xw_sf(cpu, in->rd, rev_bytes(cpu_xr_sf(cpu, in->rn, sf), container), sf);
    return EXEC_NEXT;
}

enum exec_result exec_rev16(struct cpu_state *cpu, const struct a64_insn *in) { return rev_op(cpu, in, 16, in->sf); }
enum exec_result exec_rev_w(struct cpu_state *cpu, const struct a64_insn *in) { return rev_op(cpu, in, 32, 0); }
enum exec_result exec_rev32(struct cpu_state *cpu, const struct a64_insn *in) { return rev_op(cpu, in, 32, 1); }
enum exec_result exec_rev_x(struct cpu_state *cpu, const struct a64_insn *in) { return rev_op(cpu, in, 64, 1); }

enum exec_result exec_rbit(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t v = cpu_xr_sf(cpu, in->rn, in->sf);
    for (unsigned bits = 1; bits < 64; bits *= 2)
        v = swap_groups(v, bits);
    cpu_xw_sf(cpu, in->rd, in->sf ? v : v >> 32, in->sf);
    return EXEC_NEXT;
}

/* CountLeadingZeroBits() of a 64-bit value. */
static unsigned clz64(uint64_t v)
{
    unsigned n = 0;
    if (v == 0)
        return 64;
    for (unsigned step = 32; step; step /= 2) {
        if (!(v >> (64 - step))) {
            n += step;
            v <<= step;
        }
    }
    return n;
}

/* CLZ (DDI 0487 C6.2): the 32-bit input is zero-extended, so subtract the 32 extra zeros. */
enum exec_result exec_clz(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned n = clz64(cpu_xr_sf(cpu, in->rn, in->sf)) - (in->sf ? 0 : 32);
    cpu_xw_sf(cpu, in->rd, n, in->sf);
    return EXEC_NEXT;
}

/*
 * CLS (DDI 0487 C6.2): CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>),
 * a count over N-1 bits: so CLS(0) = CLS(all ones) = N-1.
 */
enum exec_result exec_cls(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t v = cpu_xr_sf(cpu, in->rn, in->sf);
    uint64_t x = (v ^ (v >> 1)) & (width_mask(in->sf) >> 1);
    unsigned n = clz64(x) - (in->sf ? 0 : 32) - 1;
    cpu_xw_sf(cpu, in->rd, n, in->sf);
    return EXEC_NEXT;
}

/* ---- Data-processing (3 source) ---- */

/* MADD/MSUB (DDI 0487 C6.2): Ra +/- Rn * Rm, modulo 2^datasize. */
static A64_ALWAYS_INLINE enum exec_result madd_op(struct cpu_state *cpu, const struct a64_insn *in, bool sub)
{
    uint64_t prod = cpu_xr(cpu, in->rn) * cpu_xr(cpu, in->rm), a = cpu_xr(cpu, in->ra);
    cpu_xw_sf(cpu, in->rd, sub ? a - prod : a + prod, in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_madd(struct cpu_state *cpu, const struct a64_insn *in) { return madd_op(cpu, in, false); }
enum exec_result exec_msub(struct cpu_state *cpu, const struct a64_insn *in) { return madd_op(cpu, in, true); }

/* W register extended to 64 bits: signed without converting out-of-range values. */
static uint64_t extend_w(uint64_t v, bool is_signed)
{
    v &= 0xffffffffull;
    return is_signed ? (v ^ 0x80000000ull) - 0x80000000ull : v;
}

/*
 * SMADDL/SMSUBL/UMADDL/UMSUBL: Xa +/- Wn * Wm with the 32-bit operands extended. The low 64
 * bits of the product of two sign-extended values are the same computed modulo 2^64.
 */
static A64_ALWAYS_INLINE enum exec_result maddl_op(struct cpu_state *cpu, const struct a64_insn *in, bool is_signed, bool sub)
{
    uint64_t prod = extend_w(cpu_xr(cpu, in->rn), is_signed) * extend_w(cpu_xr(cpu, in->rm), is_signed);
    uint64_t a = cpu_xr(cpu, in->ra);
    cpu_xw(cpu, in->rd, sub ? a - prod : a + prod);
    return EXEC_NEXT;
}

enum exec_result exec_smaddl(struct cpu_state *cpu, const struct a64_insn *in) { return maddl_op(cpu, in, true, false); }
enum exec_result exec_smsubl(struct cpu_state *cpu, const struct a64_insn *in) { return maddl_op(cpu, in, true, true); }
enum exec_result exec_umaddl(struct cpu_state *cpu, const struct a64_insn *in) { return maddl_op(cpu, in, false, false); }
enum exec_result exec_umsubl(struct cpu_state *cpu, const struct a64_insn *in) { return maddl_op(cpu, in, false, true); }

/* High 64 bits of the unsigned 128-bit product, from 32-bit partial products. */
static uint64_t mul_high_u64(uint64_t a, uint64_t b)
{
    uint64_t alo = a & 0xffffffffull, ahi = a >> 32, blo = b & 0xffffffffull, bhi = b >> 32;
    uint64_t p0 = alo * blo, p1 = alo * bhi, p2 = ahi * blo, p3 = ahi * bhi;
    uint64_t mid = (p0 >> 32) + (p1 & 0xffffffffull) + (p2 & 0xffffffffull);
    return p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
}

/*
 * SMULH/UMULH (DDI 0487 C6.2). A signed operand a < 0 stands for a - 2^64, so the
 * signed high half is the unsigned one minus b (if a < 0) and minus a (if b < 0), modulo 2^64.
 */
static A64_ALWAYS_INLINE enum exec_result mulh_op(struct cpu_state *cpu, const struct a64_insn *in, bool is_signed)
{
    uint64_t a = cpu_xr(cpu, in->rn), b = cpu_xr(cpu, in->rm);
    uint64_t hi = mul_high_u64(a, b);
    if (is_signed) {
        if (a >> 63)
            hi -= b;
        if (b >> 63)
            hi -= a;
    }
    cpu_xw(cpu, in->rd, hi);
    return EXEC_NEXT;
}

enum exec_result exec_smulh(struct cpu_state *cpu, const struct a64_insn *in) { return mulh_op(cpu, in, true); }
enum exec_result exec_umulh(struct cpu_state *cpu, const struct a64_insn *in) { return mulh_op(cpu, in, false); }
