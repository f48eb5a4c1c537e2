/*
 * Reserved field values of Advanced SIMD encodings that a row of a64_simd*.def decodes and its
 * execute function rejects as UNDEFINED (DDI 0487 C7.2: "size = 11 ... RESERVED", "immh = 1xxx,
 * Q = 0 ... RESERVED" ...). The disassembler shows them as not an instruction, as objdump does.
 * One table: the row and the Arm ARM's reserved condition for it.
 */
#include "decode/disas_internal.h"

#include <stddef.h>
#include <string.h>

typedef bool (*reserved_cond)(const struct a64_insn *in);

static unsigned immh(const struct a64_insn *in) { return (in->imm >> 3) & 15; }
static unsigned imm5_size(const struct a64_insn *in) /* lowest set bit of imm5; 4: none */
{
    unsigned imm5 = in->imm & 31;
    for (unsigned i = 0; i < 4; i++)
        if ((imm5 >> i) & 1)
            return i;
    return 4;
}

static bool size3_q0(const struct a64_insn *in) { return in->size == 3 && !in->q; } /* .1d */
static bool size3(const struct a64_insn *in) { return in->size == 3; }
static bool size0_or_3(const struct a64_insn *in) { return in->size == 0 || in->size == 3; }
static bool size_ge2(const struct a64_insn *in) { return in->size >= 2; }
static bool size_ge1(const struct a64_insn *in) { return in->size >= 1; }
static bool across(const struct a64_insn *in) { return in->size == 3 || (in->size == 2 && !in->q); }
/* immh = 0000 belongs to the modified-immediate class: never a shift. */
static bool immh0(const struct a64_insn *in) { return immh(in) == 0; }
static bool immh3_q0(const struct a64_insn *in) { return immh0(in) || ((immh(in) & 8) && !in->q); }
static bool immh3(const struct a64_insn *in) { return immh0(in) || (immh(in) & 8); }
static bool not_immh3(const struct a64_insn *in) { return !(immh(in) & 8); }
static bool ext_q0_imm4(const struct a64_insn *in) { return !in->q && (in->imm & 8); }
static bool no_imm5_size(const struct a64_insn *in) { return imm5_size(in) > 3; }
static bool dup_reserved(const struct a64_insn *in) { return imm5_size(in) > 3 || (imm5_size(in) == 3 && !in->q); }
static bool smov_reserved(const struct a64_insn *in)
{
    unsigned s = imm5_size(in);
    return s >= 3 || (s == 2 && !in->q);
}
static bool umov_reserved(const struct a64_insn *in)
{
    unsigned s = imm5_size(in);
    return s > 3 || (in->q ? s != 3 : s == 3);
}

/* FP by element (a64_simd_fp.def): size 00 is FEAT_FP16 (not in the profile) and 01 reserved;
 * a double element needs L = 0 and, as a vector, Q = 1 (no .1d). */
static bool fp_elem_v(const struct a64_insn *in) { return in->size < 2 || (in->size == 3 && (in->l || !in->q)); }
static bool fp_elem_s(const struct a64_insn *in) { return in->size < 2 || (in->size == 3 && in->l); }
/* FP fixed-point conversions: immh 0001-0011 is half precision (FEAT_FP16), 1xxx with Q = 0 a .1d. */
static bool fp_fix_v(const struct a64_insn *in) { return immh(in) < 4 || ((immh(in) & 8) && !in->q); }
static bool fp_fix_s(const struct a64_insn *in) { return immh(in) < 4; }

#define R(row, cond) { A64_##row, cond }

static const struct {
    uint16_t row;
    reserved_cond when;
} reserved[] = {
    /* three same: .1d reserved */
    R(SQADD_v, size3_q0), R(UQADD_v, size3_q0), R(SQSUB_v, size3_q0), R(UQSUB_v, size3_q0),
    R(CMGT_reg_v, size3_q0), R(CMGE_reg_v, size3_q0), R(CMHI_reg_v, size3_q0), R(CMHS_reg_v, size3_q0),
    R(CMEQ_reg_v, size3_q0), R(CMTST_reg_v, size3_q0), R(SSHL_reg_v, size3_q0), R(USHL_reg_v, size3_q0),
    R(SQSHL_reg_v, size3_q0), R(UQSHL_reg_v, size3_q0), R(SRSHL_reg_v, size3_q0), R(URSHL_reg_v, size3_q0),
    R(SQRSHL_reg_v, size3_q0), R(UQRSHL_reg_v, size3_q0), R(ADD_v, size3_q0), R(SUB_v, size3_q0),
    R(ADDP_v, size3_q0), R(TRN1, size3_q0), R(TRN2, size3_q0), R(ZIP1, size3_q0), R(ZIP2, size3_q0),
    R(UZP1, size3_q0), R(UZP2, size3_q0),
    /* three same: 64-bit elements reserved */
    R(MUL_v, size3), R(MLA_v, size3), R(MLS_v, size3), R(SHADD_v, size3), R(UHADD_v, size3),
    R(SRHADD_v, size3), R(URHADD_v, size3), R(SHSUB_v, size3), R(UHSUB_v, size3), R(SMAX_v, size3),
    R(SMIN_v, size3), R(UMAX_v, size3), R(UMIN_v, size3), R(SMAXP_v, size3), R(SMINP_v, size3),
    R(UMAXP_v, size3), R(UMINP_v, size3), R(SABD_v, size3), R(UABD_v, size3), R(SABA_v, size3),
    R(UABA_v, size3), R(SQDMULH_v, size0_or_3), R(SQRDMULH_v, size0_or_3),
    /* three different */
    R(SADDL_v, size3), R(SADDW_v, size3), R(SSUBL_v, size3), R(SSUBW_v, size3), R(ADDHN_v, size3),
    R(SABAL_v, size3), R(SUBHN_v, size3), R(SABDL_v, size3), R(SMLAL_v, size3), R(SMLSL_v, size3),
    R(SMULL_v, size3), R(UADDL_v, size3), R(UADDW_v, size3), R(USUBL_v, size3), R(USUBW_v, size3),
    R(RADDHN_v, size3), R(UABAL_v, size3), R(RSUBHN_v, size3), R(UABDL_v, size3), R(UMLAL_v, size3),
    R(UMLSL_v, size3), R(UMULL_v, size3), R(SQDMLAL_v, size0_or_3), R(SQDMLSL_v, size0_or_3),
    R(SQDMULL_v, size0_or_3), R(SQDMLAL_s, size0_or_3), R(SQDMLSL_s, size0_or_3),
    R(SQDMULL_s, size0_or_3), R(SQDMULH_s, size0_or_3), R(SQRDMULH_s, size0_or_3),
    /* by element */
    R(MUL_elem, size0_or_3), R(MLA_elem, size0_or_3), R(MLS_elem, size0_or_3),
    R(SMLAL_elem, size0_or_3), R(SMLSL_elem, size0_or_3), R(SMULL_elem, size0_or_3),
    R(UMLAL_elem, size0_or_3), R(UMLSL_elem, size0_or_3), R(UMULL_elem, size0_or_3),
    R(SQDMLAL_elem, size0_or_3), R(SQDMLSL_elem, size0_or_3), R(SQDMULL_elem, size0_or_3),
    R(SQDMULH_elem, size0_or_3), R(SQRDMULH_elem, size0_or_3), R(SQDMLAL_elem_s, size0_or_3),
    R(SQDMLSL_elem_s, size0_or_3), R(SQDMULL_elem_s, size0_or_3), R(SQDMULH_elem_s, size0_or_3),
    R(SQRDMULH_elem_s, size0_or_3),
    /* two-register misc and across lanes */
    R(ABS_v, size3_q0), R(NEG_v, size3_q0), R(SQABS_v, size3_q0), R(SQNEG_v, size3_q0),
    R(SUQADD_v, size3_q0), R(USQADD_v, size3_q0), R(CMGT_zero_v, size3_q0), R(CMEQ_zero_v, size3_q0),
    R(CMLT_zero_v, size3_q0), R(CMGE_zero_v, size3_q0), R(CMLE_zero_v, size3_q0),
    R(CLS_v, size3), R(CLZ_v, size3), R(REV64_v, size3), R(REV32_v, size_ge2), R(REV16_v, size_ge1),
    R(SADDLP_v, size3), R(UADDLP_v, size3), R(SADALP_v, size3), R(UADALP_v, size3),
    R(XTN_v, size3), R(SQXTN_v, size3), R(UQXTN_v, size3), R(SQXTUN_v, size3), R(SHLL_v, size3),
    R(SQXTN_s, size3), R(UQXTN_s, size3), R(SQXTUN_s, size3),
    R(ADDV, across), R(SMAXV, across), R(SMINV, across), R(UMAXV, across), R(UMINV, across),
    R(SADDLV, across), R(UADDLV, across),
    /* shift by immediate */
    R(SSHR_imm_v, immh3_q0), R(SSRA_imm_v, immh3_q0), R(SRSHR_imm_v, immh3_q0), R(SRSRA_imm_v, immh3_q0),
    R(SHL_imm_v, immh3_q0), R(SQSHL_imm_v, immh3_q0), R(USHR_imm_v, immh3_q0), R(USRA_imm_v, immh3_q0),
    R(URSHR_imm_v, immh3_q0), R(URSRA_imm_v, immh3_q0), R(SRI_imm_v, immh3_q0), R(SLI_imm_v, immh3_q0),
    R(SQSHLU_imm_v, immh3_q0), R(UQSHL_imm_v, immh3_q0),
    R(SHRN_imm_v, immh3), R(RSHRN_imm_v, immh3), R(SQSHRN_imm_v, immh3), R(SQRSHRN_imm_v, immh3),
    R(SQSHRUN_imm_v, immh3), R(SQRSHRUN_imm_v, immh3), R(UQSHRN_imm_v, immh3), R(UQRSHRN_imm_v, immh3),
    R(SSHLL_imm_v, immh3), R(USHLL_imm_v, immh3),
    R(SQSHRN_imm_s, immh3), R(SQRSHRN_imm_s, immh3), R(SQSHRUN_imm_s, immh3), R(SQRSHRUN_imm_s, immh3),
    R(UQSHRN_imm_s, immh3), R(UQRSHRN_imm_s, immh3),
    R(SSHR_imm_s, not_immh3), R(SSRA_imm_s, not_immh3), R(SRSHR_imm_s, not_immh3),
    R(SRSRA_imm_s, not_immh3), R(SHL_imm_s, not_immh3), R(USHR_imm_s, not_immh3),
    R(USRA_imm_s, not_immh3), R(URSHR_imm_s, not_immh3), R(URSRA_imm_s, not_immh3),
    R(SRI_imm_s, not_immh3), R(SLI_imm_s, not_immh3), R(SQSHL_imm_s, immh0), R(UQSHL_imm_s, immh0),
    R(SQSHLU_imm_s, immh0),
    /* permute, copy */
    R(EXT, ext_q0_imm4), R(DUP_elem, dup_reserved), R(DUP_gen, dup_reserved),
    R(DUP_elem_s, no_imm5_size), R(INS_gen, no_imm5_size), R(INS_elem, no_imm5_size),
    R(SMOV, smov_reserved), R(UMOV, umov_reserved),
    /* structure loads/stores of 2-4 registers: .1d reserved */
    R(ST4_4r, size3_q0), R(ST3_3r, size3_q0), R(ST2_2r, size3_q0), R(LD4_4r, size3_q0),
    R(LD3_3r, size3_q0), R(LD2_2r, size3_q0), R(ST4_4r_post, size3_q0), R(ST3_3r_post, size3_q0),
    R(ST2_2r_post, size3_q0), R(LD4_4r_post, size3_q0), R(LD3_3r_post, size3_q0),
    R(LD2_2r_post, size3_q0),
    /* floating point (a64_simd_fp.def); the double-precision vector rows are below */
    R(FMLA_elem, fp_elem_v), R(FMLS_elem, fp_elem_v), R(FMUL_elem, fp_elem_v), R(FMULX_elem, fp_elem_v),
    R(FMLA_elem_s, fp_elem_s), R(FMLS_elem_s, fp_elem_s), R(FMUL_elem_s, fp_elem_s),
    R(FMULX_elem_s, fp_elem_s), R(SCVTF_fix_v, fp_fix_v), R(FCVTZS_fix_v, fp_fix_v),
    R(UCVTF_fix_v, fp_fix_v), R(FCVTZU_fix_v, fp_fix_v), R(SCVTF_fix_s, fp_fix_s),
    R(FCVTZS_fix_s, fp_fix_s), R(UCVTF_fix_s, fp_fix_s), R(FCVTZU_fix_s, fp_fix_s),
};

/* The double-precision vector rows of a64_simd_fp.def (title "... double-precision", Q in the
 * pattern): Q = 0 would be a .1d arrangement, which is reserved. Found from the table itself, so
 * a new row needs no entry here. */
static const struct {
    uint16_t id;
    const char *title, *pattern;
} fp_rows[] = {
#define A64(id, title, pattern, feature, exec, disas, flags) { A64_##id, title, pattern },
#include "decode/a64_simd_fp.def"
};

static bool double_vector_q0(const struct a64_insn *in)
{
    if (in->q)
        return false;
    for (size_t i = 0; i < sizeof fp_rows / sizeof fp_rows[0]; i++)
        if (fp_rows[i].id == in->id)
            return fp_rows[i].pattern[1] == 'q' && strstr(fp_rows[i].title, "double-precision") != NULL;
    return false;
}

bool disas_simd_reserved(const struct a64_insn *in)
{
    if (double_vector_q0(in))
        return true;
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (reserved[i].row == in->id && reserved[i].when(in))
            return true;
    return false;
}
