/*
 * Decode-time specialisation of the hottest encodings. The generic execute functions check the
 * operand size, shift, and whether register 31 means SP or ZR on every execution; here those
 * checks are made once, when a slot is decoded, and the common shapes (64-bit, no shift, no
 * register 31 where it would mean ZR) get handlers with none left. Each fast handler computes
 * exactly what the generic one does for that shape; the unit tests, ROM lockstep and random
 * lockstep runs all go through this path.
 *
 * Measured on the ALU benchmark: the generic ADD/SUB/EOR (shifted register) handlers cost about
 * 30-50 host instructions each (callgrind), the fast ones under 10.
 */
#include "cpu/cpu_internal.h"

/* NZCV of x - y (SUBS, 64-bit): AddWithCarry(x, NOT(y), 1). */
static inline uint32_t flags_sub64(uint64_t x, uint64_t y, uint64_t r)
{
    return (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30 | (uint32_t)(x >= y) << 29 |
           (uint32_t)(((x ^ y) & (x ^ r)) >> 63) << 28;
}

/* ---- add/subtract immediate, 64-bit (imm64 holds the shifted immediate) ---- */

static enum exec_result fast_add_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] + in->imm64; /* Rd and Rn are SP-capable: x[31] is SP */
    return EXEC_NEXT;
}

static enum exec_result fast_sub_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] - in->imm64;
    return EXEC_NEXT;
}

static enum exec_result fast_subs_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn], r = a - in->imm64; /* Rn is SP-capable */
    cpu->nzcv = flags_sub64(a, in->imm64, r);
    cpu->x[in->rd] = r; /* specialised only for Rd != 31 */
    return EXEC_NEXT;
}

static enum exec_result fast_cmp_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn], r = a - in->imm64;
    cpu->nzcv = flags_sub64(a, in->imm64, r);
    return EXEC_NEXT;
}

/* ---- shifted register, 64-bit, shift amount 0, no register 31 (except Rd = ZR for CMP) ---- */

static enum exec_result fast_add_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] + cpu->x[in->rm];
    return EXEC_NEXT;
}

static enum exec_result fast_sub_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] - cpu->x[in->rm];
    return EXEC_NEXT;
}

static enum exec_result fast_cmp_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn], b = cpu->x[in->rm];
    cpu->nzcv = flags_sub64(a, b, a - b);
    return EXEC_NEXT;
}

static enum exec_result fast_subs_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn], b = cpu->x[in->rm], r = a - b;
    cpu->nzcv = flags_sub64(a, b, r);
    cpu->x[in->rd] = r;
    return EXEC_NEXT;
}

static enum exec_result fast_and_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] & cpu->x[in->rm];
    return EXEC_NEXT;
}

static enum exec_result fast_orr_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] | cpu->x[in->rm];
    return EXEC_NEXT;
}

static enum exec_result fast_mov_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rm]; /* ORR Xd, XZR, Xm */
    return EXEC_NEXT;
}

static enum exec_result fast_eor_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[in->rd] = cpu->x[in->rn] ^ cpu->x[in->rm];
    return EXEC_NEXT;
}

/* ---- shape predicates ---- */

static bool imm_x(struct a64_insn *in)
{
    if (!in->sf)
        return false;
    in->imm64 = (uint64_t)in->imm << (in->sh ? 12 : 0);
    return true;
}
static bool imm_x_rd(struct a64_insn *in) { return in->rd != 31 && imm_x(in); }
static bool imm_x_zr(struct a64_insn *in) { return in->rd == 31 && imm_x(in); }
/* Shifted register with LSL #0 and no operand register 31 (31 would be ZR, not x[31] = SP). */
static bool reg_x_plain(const struct a64_insn *in)
{
    return in->sf && in->imm == 0 && in->sh == 0 && in->rn != 31 && in->rm != 31;
}
static bool reg_x_rd(struct a64_insn *in) { return reg_x_plain(in) && in->rd != 31; }
static bool reg_x_zr(struct a64_insn *in) { return reg_x_plain(in) && in->rd == 31; }
static bool mov_x(struct a64_insn *in)
{
    return in->sf && in->imm == 0 && in->sh == 0 && in->rn == 31 && in->rm != 31 && in->rd != 31;
}

struct fast_form {
    uint16_t id;
    bool (*applies)(struct a64_insn *in); /* may precompute fields (imm64) for the fast handler */
    cpu_exec_fn fn;
};

static const struct fast_form fast_forms[] = {
    { A64_ADD_imm, imm_x, fast_add_imm_x },
    { A64_SUB_imm, imm_x, fast_sub_imm_x },
    { A64_SUBS_imm, imm_x_rd, fast_subs_imm_x },
    { A64_SUBS_imm, imm_x_zr, fast_cmp_imm_x },
    { A64_ADD_reg, reg_x_rd, fast_add_reg_x },
    { A64_SUB_reg, reg_x_rd, fast_sub_reg_x },
    { A64_SUBS_reg, reg_x_rd, fast_subs_reg_x },
    { A64_SUBS_reg, reg_x_zr, fast_cmp_reg_x },
    { A64_AND_reg, reg_x_rd, fast_and_reg_x },
    { A64_ORR_reg, reg_x_rd, fast_orr_reg_x },
    { A64_ORR_reg, mov_x, fast_mov_reg_x },
    { A64_EOR_reg, reg_x_rd, fast_eor_reg_x },
};

cpu_exec_fn exec_specialize(struct a64_insn *in, cpu_exec_fn generic)
{
    for (size_t i = 0; i < sizeof fast_forms / sizeof fast_forms[0]; i++)
        if (fast_forms[i].id == in->id && fast_forms[i].applies(in))
            return fast_forms[i].fn;
    return generic;
}
