/*
 * Data Processing -- Register (DDI 0487 C4.1): data-processing (2 source) except CRC32
 * (exec_crc32.c), logical and add/subtract (shifted register), add/subtract (extended register
 * and with carry), conditional compare and conditional select. The 1- and 3-source groups are
 * in exec_dp_reg_bits_mul.c.
 *
 * All arithmetic is done on uint64_t: the guest's signed overflow (SDIV of INT_MIN by -1, ADDS
 * at the boundaries) must not become host undefined behaviour.
 */
#include "cpu/cpu_internal.h"
#include "util/compiler.h"

static uint64_t width_mask(unsigned sf)
{
    return sf ? ~0ull : 0xffffffffull;
}

static unsigned sign_bit(uint64_t v, unsigned sf)
{
    return (unsigned)(v >> (sf ? 63 : 31)) & 1;
}

/* ---- Data-processing (2 source) ---- */

/*
 * UDIV/SDIV (DDI 0487 C6.2, UDIV and SDIV): the quotient rounds towards zero, division by zero
 * gives zero (no exception), and INT_MIN / -1 overflows to INT_MIN. SDIV divides magnitudes
 * as unsigned numbers and fixes the sign afterwards, so INT_MIN / -1 needs no special case.
 */
static A64_ALWAYS_INLINE enum exec_result div_op(struct cpu_state *cpu, const struct a64_insn *in, bool is_signed)
{
    uint64_t mask = width_mask(in->sf);
    uint64_t n = cpu_xr_sf(cpu, in->rn, in->sf), m = cpu_xr_sf(cpu, in->rm, in->sf), r;
    if (m == 0) {
        r = 0;
    } else if (!is_signed) {
        r = n / m;
    } else {
        unsigned nneg = sign_bit(n, in->sf), mneg = sign_bit(m, in->sf);
        uint64_t an = nneg ? -n & mask : n, am = mneg ? -m & mask : m;
        uint64_t q = an / am;
        r = (nneg != mneg ? -q : q) & mask;
    }
    cpu_xw_sf(cpu, in->rd, r, in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_udiv(struct cpu_state *cpu, const struct a64_insn *in) { return div_op(cpu, in, false); }
enum exec_result exec_sdiv(struct cpu_state *cpu, const struct a64_insn *in) { return div_op(cpu, in, true); }

enum shift_type { SHIFT_LSL = 0, SHIFT_LSR, SHIFT_ASR, SHIFT_ROR };

/* ShiftReg() on a value already truncated to the operation size, for 0 <= amount < width. */
static A64_ALWAYS_INLINE uint64_t shift_value(uint64_t v, enum shift_type type, unsigned amount, unsigned sf)
{
    uint64_t mask = width_mask(sf);
    unsigned width = sf ? 64 : 32;
    if (amount == 0)
        return v;
    switch (type) {
    case SHIFT_LSL:
        return (v << amount) & mask;
    case SHIFT_LSR:
        return v >> amount;
    case SHIFT_ASR:
        return (v >> amount) | (sign_bit(v, sf) ? ~(mask >> amount) & mask : 0);
    default:
        return ((v >> amount) | (v << (width - amount))) & mask;
    }
}

/* LSLV/LSRV/ASRV/RORV (DDI 0487 C6.2): the amount is Rm modulo the register width. */
static A64_ALWAYS_INLINE enum exec_result shiftv_op(struct cpu_state *cpu, const struct a64_insn *in, enum shift_type type)
{
    unsigned amount = (unsigned)(cpu_xr(cpu, in->rm) & (in->sf ? 63 : 31));
    uint64_t r = shift_value(cpu_xr_sf(cpu, in->rn, in->sf), type, amount, in->sf);
    cpu_xw_sf(cpu, in->rd, r, in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_lslv(struct cpu_state *cpu, const struct a64_insn *in) { return shiftv_op(cpu, in, SHIFT_LSL); }
enum exec_result exec_lsrv(struct cpu_state *cpu, const struct a64_insn *in) { return shiftv_op(cpu, in, SHIFT_LSR); }
enum exec_result exec_asrv(struct cpu_state *cpu, const struct a64_insn *in) { return shiftv_op(cpu, in, SHIFT_ASR); }
enum exec_result exec_rorv(struct cpu_state *cpu, const struct a64_insn *in) { return shiftv_op(cpu, in, SHIFT_ROR); }


/* ---- Logical (shifted register) ---- */

/* A shift amount of 32 or more in a 32-bit operation (imm6<5> = 1 with sf = 0) is unallocated. */
static bool shift_amount_ok(const struct a64_insn *in)
{
    return in->sf || in->imm < 32;
}

static A64_ALWAYS_INLINE uint64_t shifted_rm(const struct cpu_state *cpu, const struct a64_insn *in)
{
    return shift_value(cpu_xr_sf(cpu, in->rm, in->sf), (enum shift_type)in->sh, in->imm, in->sf);
}

enum logic_op { LOGIC_AND, LOGIC_ORR, LOGIC_EOR };

/*
 * AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register), DDI 0487 C6.2: operand2 is Rm
 * shifted (any of the four shift types), inverted when N = 1. Rd and Rn are never SP.
 */
static A64_ALWAYS_INLINE enum exec_result logic_reg(struct cpu_state *cpu, const struct a64_insn *in, enum logic_op op,
                                  bool invert, bool setflags)
{
    if (!shift_amount_ok(in))
        return exec_unallocated(cpu, in);
    uint64_t a = cpu_xr_sf(cpu, in->rn, in->sf), b = shifted_rm(cpu, in), r;
    if (invert)
        b = ~b;
    switch (op) {
    case LOGIC_ORR: r = a | b; break;
    case LOGIC_EOR: r = a ^ b; break;
    default: r = a & b; break;
    }
    if (setflags)
        cpu->nzcv = cpu_nz_flags(r, in->sf);
    cpu_xw_sf(cpu, in->rd, r, in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_and_reg(struct cpu_state *cpu, const struct a64_insn *in) { return logic_reg(cpu, in, LOGIC_AND, false, false); }
enum exec_result exec_bic_reg(struct cpu_state *cpu, const struct a64_insn *in) { return logic_reg(cpu, in, LOGIC_AND, true, false); }
enum exec_result exec_orr_reg(struct cpu_state *cpu, const struct a64_insn *in) { return logic_reg(cpu, in, LOGIC_ORR, false, false); }
enum exec_result exec_orn_reg(struct cpu_state *cpu, const struct a64_insn *in) { return logic_reg(cpu, in, LOGIC_ORR, true, false); }
enum exec_result exec_eor_reg(struct cpu_state *cpu, const struct a64_insn *in) { return logic_reg(cpu, in, LOGIC_EOR, false, false); }
enum exec_result exec_eon_reg(struct cpu_state *cpu, const struct a64_insn *in) { return logic_reg(cpu, in, LOGIC_EOR, true, false); }
enum exec_result exec_ands_reg(struct cpu_state *cpu, const struct a64_insn *in) { return logic_reg(cpu, in, LOGIC_AND, false, true); }
enum exec_result exec_bics_reg(struct cpu_state *cpu, const struct a64_insn *in) { return logic_reg(cpu, in, LOGIC_AND, true, true); }

/* ---- Add/subtract (shifted register, extended register) ---- */

/*
 * The common tail of ADD/ADDS/SUB/SUBS: AddWithCarry(op1, op2 or NOT(op2), sub). Rd is SP only
 * for the non-flag-setting extended-register forms (rd_sp); otherwise 31 is ZR.
 */
static A64_ALWAYS_INLINE void add_sub(struct cpu_state *cpu, const struct a64_insn *in, uint64_t op1, uint64_t op2,
                    bool sub, bool setflags, bool rd_sp)
{
    uint32_t flags;
    uint64_t r = cpu_add_with_carry(op1, sub ? ~op2 : op2, sub, in->sf, &flags);
    if (setflags)
        cpu->nzcv = flags;
    if (rd_sp && !setflags)
        cpu_xwsp(cpu, in->rd, r & width_mask(in->sf));
    else
        cpu_xw_sf(cpu, in->rd, r, in->sf);
}

/* ADD/ADDS/SUB/SUBS (shifted register), DDI 0487 C6.2: shift = 11 (ROR) is reserved. */
static A64_ALWAYS_INLINE enum exec_result add_sub_reg(struct cpu_state *cpu, const struct a64_insn *in, bool sub, bool setflags)
{
    if (in->sh == SHIFT_ROR || !shift_amount_ok(in))
        return exec_unallocated(cpu, in);
    add_sub(cpu, in, cpu_xr(cpu, in->rn), shifted_rm(cpu, in), sub, setflags, false);
    return EXEC_NEXT;
}

enum exec_result exec_add_reg(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_reg(cpu, in, false, false); }
enum exec_result exec_adds_reg(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_reg(cpu, in, false, true); }
enum exec_result exec_sub_reg(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_reg(cpu, in, true, false); }
enum exec_result exec_subs_reg(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_reg(cpu, in, true, true); }

/*
 * ExtendReg() (DDI 0487 J1, shared pseudocode): the low 8/16/32/64 bits of Rm (option<1:0>),
 * zero- or sign-extended (option<2>), then shifted left by 0-4 and truncated to the operation
 * size.
 */
static A64_ALWAYS_INLINE uint64_t extend_reg(uint64_t v, unsigned option, unsigned shift, unsigned sf)
{
    unsigned len = 8u << (option & 3);
    if (len < 64) {
        uint64_t top = 1ull << (len - 1);
        v &= (top << 1) - 1;
        if (option & 4)
            v = (v ^ top) - top;
    }
    return (v << shift) & width_mask(sf);
}

/* ADD/ADDS/SUB/SUBS (extended register), DDI 0487 C6.2: imm3 > 4 is reserved; Rn may be SP. */
static A64_ALWAYS_INLINE enum exec_result add_sub_ext(struct cpu_state *cpu, const struct a64_insn *in, bool sub, bool setflags)
{
    if (in->imm > 4)
        return exec_unallocated(cpu, in);
    uint64_t op2 = extend_reg(cpu_xr(cpu, in->rm), in->opt, in->imm, in->sf);
    add_sub(cpu, in, cpu_xsp(cpu, in->rn), op2, sub, setflags, true);
    return EXEC_NEXT;
}

enum exec_result exec_add_ext(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_ext(cpu, in, false, false); }
enum exec_result exec_adds_ext(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_ext(cpu, in, false, true); }
enum exec_result exec_sub_ext(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_ext(cpu, in, true, false); }
enum exec_result exec_subs_ext(struct cpu_state *cpu, const struct a64_insn *in) { return add_sub_ext(cpu, in, true, true); }

/* ---- Add/subtract (with carry): ADC/ADCS/SBC/SBCS, carry in = PSTATE.C ---- */

static A64_ALWAYS_INLINE enum exec_result adc_op(struct cpu_state *cpu, const struct a64_insn *in, bool sub, bool setflags)
{
    uint64_t op2 = cpu_xr(cpu, in->rm);
    uint32_t flags;
    uint64_t r = cpu_add_with_carry(cpu_xr(cpu, in->rn), sub ? ~op2 : op2, cpu_carry(cpu), in->sf, &flags);
    if (setflags)
        cpu->nzcv = flags;
    cpu_xw_sf(cpu, in->rd, r, in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_adc(struct cpu_state *cpu, const struct a64_insn *in) { return adc_op(cpu, in, false, false); }
enum exec_result exec_adcs(struct cpu_state *cpu, const struct a64_insn *in) { return adc_op(cpu, in, false, true); }
enum exec_result exec_sbc(struct cpu_state *cpu, const struct a64_insn *in) { return adc_op(cpu, in, true, false); }
enum exec_result exec_sbcs(struct cpu_state *cpu, const struct a64_insn *in) { return adc_op(cpu, in, true, true); }

/* ---- Conditional compare (register, immediate) ---- */

/*
 * CCMN/CCMP, register and immediate (DDI 0487 C6.2): if the condition holds, the flags of
 * Rn + op2 (CCMN) or Rn - op2 (CCMP); otherwise the nzcv immediate. The condition NV (1111)
 * holds, like AL.
 */
static A64_ALWAYS_INLINE enum exec_result ccmp_op(struct cpu_state *cpu, const struct a64_insn *in, uint64_t op2, bool sub)
{
    if (cpu_cond_holds(cpu, in->cond)) {
        uint32_t flags;
        (void)cpu_add_with_carry(cpu_xr(cpu, in->rn), sub ? ~op2 : op2, sub, in->sf, &flags);
        cpu->nzcv = flags;
    } else {
        cpu->nzcv = (uint32_t)in->k << 28;
    }
    return EXEC_NEXT;
}

enum exec_result exec_ccmn_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ccmp_op(cpu, in, cpu_xr(cpu, in->rm), false); }
enum exec_result exec_ccmp_reg(struct cpu_state *cpu, const struct a64_insn *in) { return ccmp_op(cpu, in, cpu_xr(cpu, in->rm), true); }
enum exec_result exec_ccmn_imm(struct cpu_state *cpu, const struct a64_insn *in) { return ccmp_op(cpu, in, in->imm, false); }
enum exec_result exec_ccmp_imm(struct cpu_state *cpu, const struct a64_insn *in) { return ccmp_op(cpu, in, in->imm, true); }

/* ---- Conditional select: Rn if the condition holds, else Rm inverted and/or incremented ---- */

static A64_ALWAYS_INLINE enum exec_result csel_op(struct cpu_state *cpu, const struct a64_insn *in, bool invert, bool increment)
{
    uint64_t r;
    if (cpu_cond_holds(cpu, in->cond)) {
        r = cpu_xr(cpu, in->rn);
    } else {
        r = cpu_xr(cpu, in->rm);
        if (invert)
            r = ~r;
        if (increment)
            r++;
    }
    cpu_xw_sf(cpu, in->rd, r, in->sf);
    return EXEC_NEXT;
}

enum exec_result exec_csel(struct cpu_state *cpu, const struct a64_insn *in) { return csel_op(cpu, in, false, false); }
enum exec_result exec_csinc(struct cpu_state *cpu, const struct a64_insn *in) { return csel_op(cpu, in, false, true); }
enum exec_result exec_csinv(struct cpu_state *cpu, const struct a64_insn *in) { return csel_op(cpu, in, true, false); }
enum exec_result exec_csneg(struct cpu_state *cpu, const struct a64_insn *in) { return csel_op(cpu, in, true, true); }
