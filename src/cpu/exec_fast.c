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
#include "cpu/exec_fast.h"

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
    cpu->nzcv = fast_flags_sub64(a, in->imm64, r);
    cpu->x[in->rd] = r; /* specialised only for Rd != 31 */
    return EXEC_NEXT;
}

static enum exec_result fast_cmp_imm_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn], r = a - in->imm64;
    cpu->nzcv = fast_flags_sub64(a, in->imm64, r);
    return EXEC_NEXT;
}

/* CMP Wn|WSP, #imm (SUBS WZR, ...), the 32-bit compare of loop counters and bytecodes. */
static enum exec_result fast_cmp_imm_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint32_t a = (uint32_t)cpu->x[in->rn], b = (uint32_t)in->imm64;
    cpu->nzcv = fast_flags_sub32(a, b, a - b);
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
    cpu->nzcv = fast_flags_sub64(a, b, a - b);
    return EXEC_NEXT;
}

static enum exec_result fast_subs_reg_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t a = cpu->x[in->rn], b = cpu->x[in->rm], r = a - b;
    cpu->nzcv = fast_flags_sub64(a, b, r);
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

/* ---- LDR/STR (immediate, unsigned offset), base not SP, Rt not 31 (imm64 is the scaled offset) ----
 * The same steps as the generic ldst_imm (exec_ldst.c): no SP alignment check is needed as the
 * base is not SP; SCTLR.A alignment; the access (misaligned and Device accesses take the slow
 * path inside cpu_read/cpu_write); then the register write. */

static inline enum exec_result fast_load(struct cpu_state *cpu, const struct a64_insn *in, unsigned size)
{
    uint64_t va = cpu->x[in->rn] + in->imm64, v;
    if (!cpu_check_alignment(cpu, va, size, false) || !cpu_read(cpu, va, size, &v))
        return EXEC_EXCEPTION;
    cpu->x[in->rt] = v; /* zero-extended by cpu_read */
    return EXEC_NEXT;
}

static inline enum exec_result fast_store(struct cpu_state *cpu, const struct a64_insn *in, unsigned size)
{
    uint64_t va = cpu->x[in->rn] + in->imm64;
    if (!cpu_check_alignment(cpu, va, size, true) || !cpu_write(cpu, va, size, cpu->x[in->rt]))
        return EXEC_EXCEPTION;
    return EXEC_NEXT;
}

static enum exec_result fast_ldr_uoff_x(struct cpu_state *cpu, const struct a64_insn *in) { return fast_load(cpu, in, 8); }
static enum exec_result fast_ldr_uoff_w(struct cpu_state *cpu, const struct a64_insn *in) { return fast_load(cpu, in, 4); }
static enum exec_result fast_ldrb_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return fast_load(cpu, in, 1); }
static enum exec_result fast_str_uoff_x(struct cpu_state *cpu, const struct a64_insn *in) { return fast_store(cpu, in, 8); }
static enum exec_result fast_str_uoff_w(struct cpu_state *cpu, const struct a64_insn *in) { return fast_store(cpu, in, 4); }
static enum exec_result fast_strb_uoff(struct cpu_state *cpu, const struct a64_insn *in) { return fast_store(cpu, in, 1); }

/* ---- LDR/STR (register), LSL form (option = UXTX), base, index and Rt not 31; imm64 holds the
 * shift amount (0, or log2 of the size when S = 1) ---- */

static inline enum exec_result fast_load_reg(struct cpu_state *cpu, const struct a64_insn *in, unsigned size)
{
    uint64_t va = cpu->x[in->rn] + (cpu->x[in->rm] << in->imm64), v;
    if (!cpu_check_alignment(cpu, va, size, false) || !cpu_read(cpu, va, size, &v))
        return EXEC_EXCEPTION;
    cpu->x[in->rt] = v;
    return EXEC_NEXT;
}

static inline enum exec_result fast_store_reg(struct cpu_state *cpu, const struct a64_insn *in, unsigned size)
{
    uint64_t va = cpu->x[in->rn] + (cpu->x[in->rm] << in->imm64);
    if (!cpu_check_alignment(cpu, va, size, true) || !cpu_write(cpu, va, size, cpu->x[in->rt]))
        return EXEC_EXCEPTION;
    return EXEC_NEXT;
}

static enum exec_result fast_ldr_reg_x(struct cpu_state *cpu, const struct a64_insn *in) { return fast_load_reg(cpu, in, 8); }
static enum exec_result fast_ldr_reg_w(struct cpu_state *cpu, const struct a64_insn *in) { return fast_load_reg(cpu, in, 4); }
static enum exec_result fast_str_reg_x(struct cpu_state *cpu, const struct a64_insn *in) { return fast_store_reg(cpu, in, 8); }
static enum exec_result fast_str_reg_w(struct cpu_state *cpu, const struct a64_insn *in) { return fast_store_reg(cpu, in, 4); }

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
static bool imm_w_zr(struct a64_insn *in)
{
    if (in->sf || in->rd != 31)
        return false;
    in->imm64 = (uint64_t)in->imm << (in->sh ? 12 : 0);
    return true;
}
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

static bool ldst_plain(const struct a64_insn *in) { return in->rn != 31 && in->rt != 31; }
static bool ldst_plain_x(struct a64_insn *in) { return in->sf && ldst_plain(in); }
static bool ldst_plain_w(struct a64_insn *in) { return !in->sf && ldst_plain(in); }
static bool ldst_plain_b(struct a64_insn *in) { return ldst_plain(in); }

/* Register offset with option = 011 (LSL/UXTX): the row fixes option<1>, so opt = option<2>:option<0>
 * = 0b01. The S bit is the h field. */
static bool ldst_reg_lsl(struct a64_insn *in, unsigned scale)
{
    if (!ldst_plain(in) || in->rm == 31 || in->opt != 1)
        return false;
    in->imm64 = in->sh ? scale : 0;
    return true;
}
static bool ldst_reg_lsl_x(struct a64_insn *in) { return in->sf && ldst_reg_lsl(in, 3); }
static bool ldst_reg_lsl_w(struct a64_insn *in) { return !in->sf && ldst_reg_lsl(in, 2); }

static const struct fast_form fast_forms[] = {
    { A64_ADD_imm, imm_x, fast_add_imm_x },
    { A64_SUB_imm, imm_x, fast_sub_imm_x },
    { A64_SUBS_imm, imm_x_rd, fast_subs_imm_x },
    { A64_SUBS_imm, imm_x_zr, fast_cmp_imm_x },
    { A64_SUBS_imm, imm_w_zr, fast_cmp_imm_w },
    { A64_ADD_reg, reg_x_rd, fast_add_reg_x },
    { A64_SUB_reg, reg_x_rd, fast_sub_reg_x },
    { A64_SUBS_reg, reg_x_rd, fast_subs_reg_x },
    { A64_SUBS_reg, reg_x_zr, fast_cmp_reg_x },
    { A64_AND_reg, reg_x_rd, fast_and_reg_x },
    { A64_ORR_reg, reg_x_rd, fast_orr_reg_x },
    { A64_ORR_reg, mov_x, fast_mov_reg_x },
    { A64_EOR_reg, reg_x_rd, fast_eor_reg_x },
    { A64_LDR_uoff, ldst_plain_x, fast_ldr_uoff_x },
    { A64_LDR_uoff, ldst_plain_w, fast_ldr_uoff_w },
    { A64_STR_uoff, ldst_plain_x, fast_str_uoff_x },
    { A64_STR_uoff, ldst_plain_w, fast_str_uoff_w },
    { A64_LDRB_uoff, ldst_plain_b, fast_ldrb_uoff },
    { A64_STRB_uoff, ldst_plain_b, fast_strb_uoff },
    { A64_LDR_reg, ldst_reg_lsl_x, fast_ldr_reg_x },
    { A64_LDR_reg, ldst_reg_lsl_w, fast_ldr_reg_w },
    { A64_STR_reg, ldst_reg_lsl_x, fast_str_reg_x },
    { A64_STR_reg, ldst_reg_lsl_w, fast_str_reg_w },
};

static cpu_exec_fn find_form(const struct fast_form *forms, size_t n, struct a64_insn *in)
{
    for (size_t i = 0; i < n; i++)
        if (forms[i].id == in->id && forms[i].applies(in))
            return forms[i].fn;
    return NULL;
}

cpu_exec_fn exec_specialize(struct a64_insn *in, cpu_exec_fn generic)
{
    cpu_exec_fn fn = find_form(fast_forms, sizeof fast_forms / sizeof fast_forms[0], in);
    if (!fn)
        fn = find_form(fast_forms_dp, fast_forms_dp_count, in);
    if (!fn)
        fn = find_form(fast_forms_branch, fast_forms_branch_count, in);
    if (!fn)
        fn = find_form(fast_forms_ldst, fast_forms_ldst_count, in);
    return fn ? fn : generic;
}
