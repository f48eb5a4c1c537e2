/*
 * Encodings inside the Advanced SIMD, structure load/store and crypto rows that the Arm ARM
 * calls reserved or unallocated (size:Q = 110, missing element sizes, immh = 0000, imm5 = x0000,
 * bad lane sizes ...) must raise UNDEFINED, with the register file unchanged. The words were
 * drawn at random inside each row's pattern; GNU objdump 2.40 marks every one of them
 * "undefined", which is the independent reference (one per row where a random draw found one).
 */
#include "simd_harness.h"

#include "cpu/cpu_internal.h"

static const uint32_t reserved[] = {
    0x5e100488, /* DUP_elem_s */
    0x5ee14a10, /* SQXTN_s */
    0x7ee12843, /* SQXTUN_s */
    0x7ee148ae, /* UQXTN_s */
    0x5eee90e1, /* SQDMLAL_s */
    0x5e32b2fa, /* SQDMLSL_s */
    0x5ee6d0a8, /* SQDMULL_s */
    0x5ef9b477, /* SQDMULH_s */
    0x7ef4b795, /* SQRDMULH_s */
    0x5f2405f8, /* SSHR_imm_s */
    0x5f2416a3, /* SSRA_imm_s */
    0x5f1b24ed, /* SRSHR_imm_s */
    0x5f17353c, /* SRSRA_imm_s */
    0x5f3456c7, /* SHL_imm_s */
    0x5f0477c4, /* SQSHL_imm_s */
    0x5f5b94e9, /* SQSHRN_imm_s */
    0x5f029f5a, /* SQRSHRN_imm_s */
    0x7f0f0672, /* USHR_imm_s */
    0x7f2317f7, /* USRA_imm_s */
    0x7f182682, /* URSHR_imm_s */
    0x7f0436de, /* URSRA_imm_s */
    0x7f1a44fc, /* SRI_imm_s */
    0x7f3d56d4, /* SLI_imm_s */
    0x7f056531, /* SQSHLU_imm_s */
    0x7f0174dc, /* UQSHL_imm_s */
    0x7f78844f, /* SQSHRUN_imm_s */
    0x7f6c8cb7, /* SQRSHRUN_imm_s */
    0x7f7b96e0, /* UQSHRN_imm_s */
    0x7f679f6a, /* UQRSHRN_imm_s */
    0x5f3f3063, /* SQDMLAL_elem_s */
    0x5f2c78fa, /* SQDMLSL_elem_s */
    0x5ff8b8dd, /* SQDMULL_elem_s */
    0x5f15cbbb, /* SQDMULH_elem_s */
    0x5fd0d815, /* SQRDMULH_elem_s */
    0x0edb1bb5, /* UZP1 */
    0x0edc2839, /* TRN1 */
    0x0edc3a27, /* ZIP1 */
    0x0ed158ae, /* UZP2 */
    0x0ed26bd3, /* TRN2 */
    0x0edb7b3c, /* ZIP2 */
    0x2e116382, /* EXT */
    0x0e0804b8, /* DUP_elem */
    0x4e000ec6, /* DUP_gen */
    0x0e082d17, /* SMOV */
    0x0e103c46, /* UMOV */
    0x4e001ddf, /* INS_gen */
    0x6e000ebe, /* INS_elem */
    0x4ee00880, /* REV64_v */
    0x4e601a89, /* REV16_v */
    0x0ee02bcc, /* SADDLP_v */
    0x0ee03815, /* SUQADD_v */
    0x4ee0490f, /* CLS_v */
    0x0ee06acd, /* SADALP_v */
    0x0ee07813, /* SQABS_v */
    0x0ee0890f, /* CMGT_zero_v */
    0x0ee098ba, /* CMEQ_zero_v */
    0x0ee0ab61, /* CMLT_zero_v */
    0x0ee0bba2, /* ABS_v */
    0x4ee12bf0, /* XTN_v */
    0x0ee1486a, /* SQXTN_v */
    0x2ee00a63, /* REV32_v */
    0x2ee028f3, /* UADDLP_v */
    0x2ee03a20, /* USQADD_v */
    0x6ee04a0c, /* CLZ_v */
    0x2ee06b4b, /* UADALP_v */
    0x2ee07a05, /* SQNEG_v */
    0x2ee089fe, /* CMGE_zero_v */
    0x2ee0987f, /* CMLE_zero_v */
    0x2ee0ba2d, /* NEG_v */
    0x2ee12b2a, /* SQXTUN_v */
    0x2ee13a2c, /* SHLL_v */
    0x6ee14be0, /* UQXTN_v */
    0x0eb03a33, /* SADDLV */
    0x4ef0abf1, /* SMAXV */
    0x0ef1a9ca, /* SMINV */
    0x0ef1b8c3, /* ADDV */
    0x2ef03864, /* UADDLV */
    0x2eb0a863, /* UMAXV */
    0x2eb1a9c9, /* UMINV */
    0x4efc01fb, /* SADDL_v */
    0x0ef5127b, /* SADDW_v */
    0x0ef223cc, /* SSUBL_v */
    0x4eed3016, /* SSUBW_v */
    0x0ef040ad, /* ADDHN_v */
    0x0eec539d, /* SABAL_v */
    0x0ef96040, /* SUBHN_v */
    0x4eee72b1, /* SABDL_v */
    0x0ee182de, /* SMLAL_v */
    0x4ef693ee, /* SQDMLAL_v */
    0x4eeda24e, /* SMLSL_v */
    0x0ef8b2e9, /* SQDMLSL_v */
    0x0eebc05d, /* SMULL_v */
    0x0ef2d26b, /* SQDMULL_v */
    0x6eff0112, /* UADDL_v */
    0x6ef2132c, /* UADDW_v */
    0x2eed23dc, /* USUBL_v */
    0x2eed33bb, /* USUBW_v */
    0x2efa4312, /* RADDHN_v */
    0x2ee1509c, /* UABAL_v */
    0x2ef060dc, /* RSUBHN_v */
    0x6ee970e6, /* UABDL_v */
    0x6eef81a5, /* UMLAL_v */
    0x6efea38e, /* UMLSL_v */
    0x2ee1c1a8, /* UMULL_v */
    0x0efd07be, /* SHADD_v */
    0x0eff0e15, /* SQADD_v */
    0x0ef5149e, /* SRHADD_v */
    0x0efd26b5, /* SHSUB_v */
    0x0eff2ef4, /* SQSUB_v */
    0x0eff361a, /* CMGT_reg_v */
    0x0efa3e26, /* CMGE_reg_v */
    0x0ef7473a, /* SSHL_reg_v */
    0x0ee04e8c, /* SQSHL_reg_v */
    0x0ef6560d, /* SRSHL_reg_v */
    0x0ee95d22, /* SQRSHL_reg_v */
    0x0eff6562, /* SMAX_v */
    0x4ef96f7d, /* SMIN_v */
    0x4ee67685, /* SABD_v */
    0x4eef7e61, /* SABA_v */
    0x0ee28660, /* ADD_v */
    0x0ef28c02, /* CMTST_reg_v */
    0x0eee9463, /* MLA_v */
    0x0eed9c53, /* MUL_v */
    0x4ef5a415, /* SMAXP_v */
    0x4ef5ac42, /* SMINP_v */
    0x4e3bb5dc, /* SQDMULH_v */
    0x0ef4be15, /* ADDP_v */
    0x2eec0700, /* UHADD_v */
    0x2ee30ded, /* UQADD_v */
    0x6ef2157e, /* URHADD_v */
    0x6eec2748, /* UHSUB_v */
    0x2efe2d26, /* UQSUB_v */
    0x2efa36dd, /* CMHI_reg_v */
    0x2ee23e45, /* CMHS_reg_v */
    0x2ee34495, /* USHL_reg_v */
    0x2ee64edd, /* UQSHL_reg_v */
    0x2ee55764, /* URSHL_reg_v */
    0x2ef35e62, /* UQRSHL_reg_v */
    0x2ee9659e, /* UMAX_v */
    0x2ee76faf, /* UMIN_v */
    0x6ef27402, /* UABD_v */
    0x2ee17fd8, /* UABA_v */
    0x2ef6843b, /* SUB_v */
    0x2ee68cab, /* CMEQ_reg_v */
    0x6efc961f, /* MLS_v */
    0x6efca609, /* UMAXP_v */
    0x2efdacd5, /* UMINP_v */
    0x2e38b762, /* SQRDMULH_v */
    0x0f6604d1, /* SSHR_imm_v */
    0x0f7c17b5, /* SSRA_imm_v */
    0x0f402553, /* SRSHR_imm_v */
    0x0f7d374b, /* SRSRA_imm_v */
    0x0f66567a, /* SHL_imm_v */
    0x0f4876ab, /* SQSHL_imm_v */
    0x4f438656, /* SHRN_imm_v */
    0x4f698f12, /* RSHRN_imm_v */
    0x0f6b944e, /* SQSHRN_imm_v */
    0x0f049e0a, /* SQRSHRN_imm_v */
    0x4f6ea547, /* SSHLL_imm_v */
    0x2f5d0628, /* USHR_imm_v */
    0x2f731486, /* USRA_imm_v */
    0x2f46253f, /* URSHR_imm_v */
    0x2f5434e3, /* URSRA_imm_v */
    0x2f5545fe, /* SRI_imm_v */
    0x2f4d551b, /* SLI_imm_v */
    0x2f7465b8, /* SQSHLU_imm_v */
    0x2f6b7681, /* UQSHL_imm_v */
    0x6f7c85cb, /* SQSHRUN_imm_v */
    0x6f678f78, /* SQRSHRUN_imm_v */
    0x2f65968c, /* UQSHRN_imm_v */
    0x2f4e9e1a, /* UQRSHRN_imm_v */
    0x6f52a495, /* USHLL_imm_v */
    0x4f0c8b2c, /* MUL_elem */
    0x4fd12aa1, /* SMLAL_elem */
    0x0ff56adf, /* SMLSL_elem */
    0x4fcea8ab, /* SMULL_elem */
    0x0ff03b2d, /* SQDMLAL_elem */
    0x4f367085, /* SQDMLSL_elem */
    0x0fc0b38f, /* SQDMULL_elem */
    0x0f3cc3e9, /* SQDMULH_elem */
    0x4ff0da03, /* SQRDMULH_elem */
    0x2f1709ea, /* MLA_elem */
    0x6fd5414f, /* MLS_elem */
    0x2fc42883, /* UMLAL_elem */
    0x2fde61e0, /* UMLSL_elem */
    0x6f1ea299, /* UMULL_elem */
    0x0c000ec6, /* ST4_4r */
    0x0c004cb9, /* ST3_3r */
    0x0c008e72, /* ST2_2r */
    0x0c400ce0, /* LD4_4r */
    0x0c404ecc, /* LD3_3r */
    0x0c408f9a, /* LD2_2r */
    0x0c930f32, /* ST4_4r_post */
    0x0c8a4d80, /* ST3_3r_post */
    0x0c988d94, /* ST2_2r_post */
    0x0cc90eac, /* LD4_4r_post */
    0x0cc64c28, /* LD3_3r_post */
    0x0cc78dcc, /* LD2_2r_post */
};

static void test_exec_simd_reserved_encodings_are_undefined(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        for (unsigned r = 0; r < 32; r++) {
            set_v(&h, r, JUNK + r, ~JUNK - r);
            h.cpu->x[r] = H_DATA + 64 * r; /* valid bases, should a load slip through */
        }
        h.cpu->fpsr = 0;
        run1_fault(&h, reserved[i], ESR_UNDEF);
        for (unsigned r = 0; r < 32; r++)
            expect_v(&h, r, JUNK + r, ~JUNK - r);
        for (unsigned r = 0; r < 31; r++)
            assert_int_equal(h.cpu->x[r], H_DATA + 64 * r);
        assert_int_equal(h.cpu->fpsr, 0);
    }
    h_free(&h);
}

/* The reserved encodings are UNDEFINED by the decode pseudocode, which comes before the execute
 * pseudocode's CheckFPAdvSIMDEnabled64(): with CPACR_EL1.FPEN trapping they still raise
 * UNDEFINED (EC 0x00), not the SIMD&FP access trap (EC 0x07). */
static void test_exec_simd_reserved_undefined_before_fp_trap(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    h.cpu->sr.cpacr_el1 = 0;
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        for (unsigned r = 0; r < 31; r++)
            h.cpu->x[r] = H_DATA + 64 * r;
        run1_fault(&h, reserved[i], ESR_UNDEF);
    }
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_reserved_encodings_are_undefined),
        cmocka_unit_test(test_exec_simd_reserved_undefined_before_fp_trap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
