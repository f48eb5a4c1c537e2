/*
 * Preferred disassembly: for each row, the aliases the Arm ARM prefers (DDI 0487 C6.2, each
 * instruction's "alias conditions" and "preferred disassembly") in the order the Arm ARM
 * lists them, as GNU objdump 2.40 prints them by default. The first rule whose condition holds
 * gives the template; a row without a matching rule prints its own template.
 *
 * Templates use disas.c's syntax; the %@ directives there compute the alias operands
 * (LSL's shift from UBFM's imms, BFI's lsb and width, the MOV immediate's value ...).
 */
#include "decode/disas_internal.h"

#include <stddef.h>

typedef bool (*alias_cond)(const struct a64_insn *in);

struct alias_rule {
    uint16_t row;
    alias_cond when;
    const char *tmpl;
};

/* ---- Conditions, named as the Arm ARM states them ---- */

static unsigned datasize(const struct a64_insn *in) { return in->sf ? 64 : 32; }
static bool always(const struct a64_insn *in) { (void)in; return true; }
static bool rd_is_zr(const struct a64_insn *in) { return in->rd == 31; }
static bool rn_is_zr(const struct a64_insn *in) { return in->rn == 31; }
static bool rt_is_zr(const struct a64_insn *in) { return in->rt == 31; }
static bool ra_is_zr(const struct a64_insn *in) { return in->ra == 31; }
static bool rn_is_x30(const struct a64_insn *in) { return in->rn == 30; }
static bool rn_eq_rm(const struct a64_insn *in) { return in->rn == in->rm; }
static bool crm_is_15(const struct a64_insn *in) { return in->imm == 15; }

/* ADD (immediate): MOV (to/from SP) when shift == 0, imm12 == 0 and Rd or Rn is SP. */
static bool add_imm_is_mov_sp(const struct a64_insn *in)
{
    return in->sh == 0 && in->imm == 0 && (in->rd == 31 || in->rn == 31);
}

/* ORR (shifted register): MOV (register) when shift == 0, imm6 == 0 and Rn is ZR. */
static bool orr_reg_is_mov(const struct a64_insn *in)
{
    return in->sh == 0 && in->imm == 0 && in->rn == 31;
}

/* MOVZ / MOVN: MOV (wide immediate) unless imm16 == 0 with hw != 0; for a 32-bit MOVN also
 * unless imm16 is all ones (those print the canonical form). */
static bool movz_is_mov(const struct a64_insn *in) { return !(in->imm == 0 && in->sh != 0); }
static bool movn_is_mov(const struct a64_insn *in)
{
    return movz_is_mov(in) && (in->sf || in->imm != 0xffff);
}

/* MOV (bitmask immediate) is preferred unless a MOVZ or MOVN could write the same value (the
 * intent of the Arm ARM's MoveWidePreferred). objdump tests the value itself: it is a "wide
 * constant" when at most one 16-bit chunk (of 32 bits for a W register) is nonzero, or its
 * inverse is; that differs from MoveWidePreferred's field test for some rotated elements
 * (0xfffff000 as a W value: objdump prints ORR), and objdump always prints MOV for Rd = SP,
 * which no MOVZ/MOVN can write. The disassembler follows objdump. */
static bool wide_constant(uint64_t v, bool is32)
{
    unsigned chunks = 0;
    for (unsigned i = 0; i < (is32 ? 2u : 4u); i++)
        chunks += ((v >> (16 * i)) & 0xffff) != 0;
    return chunks <= 1;
}
static bool orr_imm_is_mov(const struct a64_insn *in)
{
    uint64_t mask = in->sf ? ~0ull : 0xffffffffull, v = in->imm64 & mask;
    if (in->rn != 31)
        return false;
    return in->rd == 31 || !(wide_constant(v, !in->sf) || wide_constant(~v & mask, !in->sf));
}

/* BFXPreferred(sf, uns, imms, immr) (DDI 0487 J1). */
static bool bfx_preferred(const struct a64_insn *in, bool uns)
{
    unsigned imms = in->imms, immr = in->immr;
    if (imms < immr)
        return false;
    if (imms == datasize(in) - 1)
        return false;
    if (immr == 0) {
        if (!in->sf && (imms == 7 || imms == 15))
            return false;
        if (in->sf && !uns && (imms == 7 || imms == 15 || imms == 31))
            return false;
    }
    return true;
}

static bool ubfm_is_lsl(const struct a64_insn *in)
{
    return in->imms != datasize(in) - 1 && in->imms + 1u == in->immr;
}
static bool bfm_is_lsr_asr(const struct a64_insn *in) { return in->imms == datasize(in) - 1; }
static bool bfm_is_insert(const struct a64_insn *in) { return in->imms < in->immr; }
static bool ubfm_is_ubfx(const struct a64_insn *in) { return bfx_preferred(in, true); }
static bool sbfm_is_sbfx(const struct a64_insn *in) { return bfx_preferred(in, false); }
static bool bfm_is_extract(const struct a64_insn *in) { return in->imms >= in->immr; }
static bool bfm_is_bfc(const struct a64_insn *in) { return in->rn == 31 && in->imms < in->immr; }
static bool xtb(const struct a64_insn *in) { return in->immr == 0 && in->imms == 7; }
static bool xth(const struct a64_insn *in) { return in->immr == 0 && in->imms == 15; }
static bool uxtb(const struct a64_insn *in) { return !in->sf && xtb(in); }
static bool uxth(const struct a64_insn *in) { return !in->sf && xth(in); }
static bool sxtw(const struct a64_insn *in) { return in->sf && in->immr == 0 && in->imms == 31; }

/* Conditional select: cond != 111x (AL and NV have no inverse to print). */
static bool cond_invertible(const struct a64_insn *in) { return (in->cond & 14) != 14; }
static bool cinc(const struct a64_insn *in)
{
    return in->rm != 31 && cond_invertible(in) && in->rn == in->rm;
}
static bool cset(const struct a64_insn *in)
{
    return in->rm == 31 && cond_invertible(in) && in->rn == 31;
}
static bool cneg(const struct a64_insn *in) { return cond_invertible(in) && in->rn == in->rm; }

/* SUBS (shifted register): NEGS when Rn is ZR (CMP, Rd == ZR, comes first). */

/* Barriers: DSB #0 and #4 are SSBB and PSSBB. */
static bool dsb_ssbb(const struct a64_insn *in) { return in->imm == 0; }
static bool dsb_pssbb(const struct a64_insn *in) { return in->imm == 4; }
static bool barrier_named(const struct a64_insn *in) { return disas_barrier_name(in->imm) != NULL; }

/* Hints objdump names beyond the rows' own (ESB, CSDB, BTI, PAC* ...). */
static bool hint_named(const struct a64_insn *in) { return disas_hint_name(in->imm) != NULL; }

/* UMOV: MOV (to general) for a 32-bit S element or a 64-bit D element (DDI 0487 C7.2 UMOV). */
static bool umov_is_mov(const struct a64_insn *in)
{
    unsigned imm5 = in->imm & 31;
    return (in->q && (imm5 & 15) == 8) || (!in->q && (imm5 & 7) == 4);
}
/* ORR (vector, register): MOV (vector) when Rn == Rm. */

/* SSHLL/USHLL: SXTL/UXTL when the shift is zero (immb == 0 and immh has one bit set, i.e. the
 * shift immh:immb - esize is 0). */
static bool shll_is_xtl(const struct a64_insn *in)
{
    unsigned immh = (in->imm >> 3) & 15;
    return (in->imm & 7) == 0 && immh && (immh & (immh - 1)) == 0;
}

/* MSR (immediate): the PSTATE fields objdump names; CFINV/XAFLAG/AXFLAG and the SME fields are
 * not implemented by a64emu (executing them raises UNDEFINED): they print as not-an-instruction. */
static bool msr_imm_unimplemented(const struct a64_insn *in)
{
    return (in->opc == 0 && in->e <= 2 && in->imm == 0) || (in->opc == 3 && in->e == 3);
}

/* ---- Reserved values the rows decode and their execute functions reject (UNDEFINED): shown
 * as not an instruction, as objdump shows them (a64_dp_reg.def / a64_dp_imm.def headers) ---- */
static bool imm6_reserved(const struct a64_insn *in) { return !in->sf && in->imm >= 32; }
static bool addsub_shift_reserved(const struct a64_insn *in) { return in->sh == 3 || imm6_reserved(in); }
static bool imm3_reserved(const struct a64_insn *in) { return in->imm > 4; }
static bool bitfield_reserved(const struct a64_insn *in)
{
    return in->nbit != in->sf || (!in->sf && ((in->immr | in->imms) & 32));
}
static bool extr_reserved(const struct a64_insn *in)
{
    return in->nbit != in->sf || (!in->sf && (in->imms & 32));
}
static bool hw_reserved(const struct a64_insn *in) { return !in->sf && in->sh >= 2; }
/* CASP: Rs and Rt must name the even register of a pair. */
static bool casp_odd_reserved(const struct a64_insn *in) { return (in->rs | in->rt) & 1; }

#define RESERVED(row, cond) { A64_##row, cond, ".inst %w ; undefined" }

#define ST_ATOMIC(op)                                                                   \
    { A64_LD##op, rt_is_zr, "st%@s%Z %Ss, [%XSn]" },                                    \
    { A64_LD##op##L, rt_is_zr, "st%@s%Z %Ss, [%XSn]" }

static const struct alias_rule rules[] = {
    RESERVED(AND_reg, imm6_reserved), RESERVED(BIC_reg, imm6_reserved),
    RESERVED(ORR_reg, imm6_reserved), RESERVED(ORN_reg, imm6_reserved),
    RESERVED(EOR_reg, imm6_reserved), RESERVED(EON_reg, imm6_reserved),
    RESERVED(ANDS_reg, imm6_reserved), RESERVED(BICS_reg, imm6_reserved),
    RESERVED(ADD_reg, addsub_shift_reserved), RESERVED(ADDS_reg, addsub_shift_reserved),
    RESERVED(SUB_reg, addsub_shift_reserved), RESERVED(SUBS_reg, addsub_shift_reserved),
    RESERVED(ADD_ext, imm3_reserved), RESERVED(ADDS_ext, imm3_reserved),
    RESERVED(SUB_ext, imm3_reserved), RESERVED(SUBS_ext, imm3_reserved),
    RESERVED(SBFM, bitfield_reserved), RESERVED(BFM, bitfield_reserved),
    RESERVED(UBFM, bitfield_reserved), RESERVED(EXTR, extr_reserved),
    RESERVED(MOVN, hw_reserved), RESERVED(MOVZ, hw_reserved), RESERVED(MOVK, hw_reserved),
    RESERVED(CASP, casp_odd_reserved), RESERVED(CASPL, casp_odd_reserved),
    RESERVED(CASPA, casp_odd_reserved), RESERVED(CASPAL, casp_odd_reserved),

    /* Data processing (immediate) */
    { A64_ADD_imm, add_imm_is_mov_sp, "mov %RSd, %RSn" },
    { A64_ADDS_imm, rd_is_zr, "cmn %RSn, #%Hi{, lsl #%L12}" },
    { A64_SUBS_imm, rd_is_zr, "cmp %RSn, #%Hi{, lsl #%L12}" },
    { A64_ANDS_imm, rd_is_zr, "tst %Rn, #%h" },
    { A64_ORR_imm, orr_imm_is_mov, "mov %RSd, %@m" },
    { A64_MOVN, movn_is_mov, "mov %Rd, %@m" },
    { A64_MOVZ, movz_is_mov, "mov %Rd, %@m" },
    { A64_SBFM, bfm_is_lsr_asr, "asr %Rd, %Rn, #%Fr" },
    { A64_SBFM, bfm_is_insert, "sbfiz %Rd, %Rn, #%@z, #%@W" },
    { A64_SBFM, sbfm_is_sbfx, "sbfx %Rd, %Rn, #%Fr, #%@X" },
    { A64_SBFM, xtb, "sxtb %Rd, %Wn" },
    { A64_SBFM, xth, "sxth %Rd, %Wn" },
    { A64_SBFM, sxtw, "sxtw %Rd, %Wn" },
    { A64_BFM, bfm_is_bfc, "bfc %Rd, #%@z, #%@W" },
    { A64_BFM, bfm_is_insert, "bfi %Rd, %Rn, #%@z, #%@W" },
    { A64_BFM, bfm_is_extract, "bfxil %Rd, %Rn, #%Fr, #%@X" },
    { A64_UBFM, ubfm_is_lsl, "lsl %Rd, %Rn, #%@l" },
    { A64_UBFM, bfm_is_lsr_asr, "lsr %Rd, %Rn, #%Fr" },
    { A64_UBFM, bfm_is_insert, "ubfiz %Rd, %Rn, #%@z, #%@W" },
    { A64_UBFM, ubfm_is_ubfx, "ubfx %Rd, %Rn, #%Fr, #%@X" },
    { A64_UBFM, uxtb, "uxtb %Wd, %Wn" },
    { A64_UBFM, uxth, "uxth %Wd, %Wn" },
    { A64_EXTR, rn_eq_rm, "ror %Rd, %Rn, #%Fx" },

    /* Data processing (register) */
    { A64_LSLV, always, "lsl %Rd, %Rn, %Rm" },
    { A64_LSRV, always, "lsr %Rd, %Rn, %Rm" },
    { A64_ASRV, always, "asr %Rd, %Rn, %Rm" },
    { A64_RORV, always, "ror %Rd, %Rn, %Rm" },
    { A64_ANDS_reg, rd_is_zr, "tst %Rn, %Rm{, %T #%i}" },
    { A64_ORR_reg, orr_reg_is_mov, "mov %Rd, %Rm" },
    { A64_ORN_reg, rn_is_zr, "mvn %Rd, %Rm{, %T #%i}" },
    { A64_ADDS_reg, rd_is_zr, "cmn %Rn, %Rm{, %T #%i}" },
    { A64_SUB_reg, rn_is_zr, "neg %Rd, %Rm{, %T #%i}" },
    { A64_SUBS_reg, rd_is_zr, "cmp %Rn, %Rm{, %T #%i}" },
    { A64_SUBS_reg, rn_is_zr, "negs %Rd, %Rm{, %T #%i}" },
    { A64_ADDS_ext, rd_is_zr, "cmn %RSn, %U" },
    { A64_SUBS_ext, rd_is_zr, "cmp %RSn, %U" },
    { A64_SBC, rn_is_zr, "ngc %Rd, %Rm" },
    { A64_SBCS, rn_is_zr, "ngcs %Rd, %Rm" },
    { A64_CSINC, cinc, "cinc %Rd, %Rn, %@c" },
    { A64_CSINC, cset, "cset %Rd, %@c" },
    { A64_CSINV, cinc, "cinv %Rd, %Rn, %@c" },
    { A64_CSINV, cset, "csetm %Rd, %@c" },
    { A64_CSNEG, cneg, "cneg %Rd, %Rn, %@c" },
    { A64_MADD, ra_is_zr, "mul %Rd, %Rn, %Rm" },
    { A64_MSUB, ra_is_zr, "mneg %Rd, %Rn, %Rm" },
    { A64_SMADDL, ra_is_zr, "smull %Xd, %Wn, %Wm" },
    { A64_SMSUBL, ra_is_zr, "smnegl %Xd, %Wn, %Wm" },
    { A64_UMADDL, ra_is_zr, "umull %Xd, %Wn, %Wm" },
    { A64_UMSUBL, ra_is_zr, "umnegl %Xd, %Wn, %Wm" },

    /* Branches, system */
    { A64_RET, rn_is_x30, "ret" },
    { A64_HINT, hint_named, "%@h" },
    { A64_CLREX, crm_is_15, "clrex" },
    { A64_ISB, crm_is_15, "isb" },
    { A64_DSB, dsb_ssbb, "ssbb" },
    { A64_DSB, dsb_pssbb, "pssbb" },
    { A64_DSB, barrier_named, "dsb %@b" },
    { A64_DMB, barrier_named, "dmb %@b" },
    { A64_MSR_imm, msr_imm_unimplemented, ".inst %w ; undefined" },
    { A64_MSR_imm, always, "%@P" },
    { A64_SYS, always, "%@o" },
    { A64_SYSL, always, "sysl %Xt, #%@1, C%@N, C%@M, #%@2" },

    /* Loads and stores */
    { A64_PRFM_lit, always, "prfm %@p, %P" },
    { A64_PRFM_reg, always, "prfm %@p, [%XSn, %E]" },
    { A64_PRFM_uoff, always, "prfm %@p, [%XSn{, #%s}]" },
    { A64_PRFUM, always, "prfum %@p, [%XSn{, #%s}]" },
    ST_ATOMIC(ADD), ST_ATOMIC(CLR), ST_ATOMIC(EOR), ST_ATOMIC(SET),
    ST_ATOMIC(SMAX), ST_ATOMIC(SMIN), ST_ATOMIC(UMAX), ST_ATOMIC(UMIN),

    /* Advanced SIMD */
    { A64_ORR_v, rn_eq_rm, "mov %Vbd, %Vbn" },
    { A64_UMOV, umov_is_mov, "mov %Dqd, %Den" },
    { A64_INS_gen, always, "mov %Ded, %Dgn" },
    { A64_INS_elem, always, "mov %Ded, %DEn" },
    { A64_DUP_elem_s, always, "mov %Dsd, %Den" },

    /* Floating point: the immediate as its value (objdump's %.18e) */
    { A64_FMOV_imm_s, always, "fmov s%Fd, #%@f" },
    { A64_FMOV_imm_d, always, "fmov d%Fd, #%@f" },
    { A64_NOT_v, always, "mvn %Vbd, %Vbn" },
    { A64_SSHLL_imm_v, shll_is_xtl, "sxtl%D2 %Dwd, %Dtn" },
    { A64_USHLL_imm_v, shll_is_xtl, "uxtl%D2 %Dwd, %Dtn" },
};

const char *disas_alias_template(const struct a64_insn *in)
{
    if (disas_simd_reserved(in))
        return ".inst %w ; undefined";
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].row == in->id && rules[i].when(in))
            return rules[i].tmpl;
    return NULL;
}
