/*
 * One function per instruction under test (simd_arith/main.c holds the operands and the
 * expected results): V0 = Vn and V1 = Vm from x0 and x1, V2 = Vd (the accumulator, or the part
 * a form keeps) from x2; FPSR cleared; the instruction; V2 stored to x3; FPSR returned.
 */
    .arch armv8-a
    .text

    .macro case name, text:vararg
    .global \name
\name:
    ld1     {v0.16b}, [x0]
    ld1     {v1.16b}, [x1]
    ld1     {v2.16b}, [x2]
    msr     fpsr, xzr
    \text
    st1     {v2.16b}, [x3]
    mrs     x0, fpsr
    ret
    .endm

    case c_sqadd_16b,     sqadd v2.16b, v0.16b, v1.16b
    case c_uqsub_2d,      uqsub v2.2d, v0.2d, v1.2d
    case c_sqsub_d,       sqsub d2, d0, d1
    case c_shadd_8b,      shadd v2.8b, v0.8b, v1.8b
    case c_urhadd_8b,     urhadd v2.8b, v0.8b, v1.8b
    case c_sshl_2d,       sshl v2.2d, v0.2d, v1.2d
    case c_srshl_4s,      srshl v2.4s, v0.4s, v1.4s
    case c_urshl_4s,      urshl v2.4s, v0.4s, v1.4s
    case c_sqshl_8h,      sqshl v2.8h, v0.8h, v1.8h
    case c_uqrshl_4h,     uqrshl v2.4h, v0.4h, v1.4h
    case c_sqdmulh_4h,    sqdmulh v2.4h, v0.4h, v1.4h
    case c_sqrdmulh_4h,   sqrdmulh v2.4h, v0.4h, v1.4h
    case c_pmul_16b,      pmul v2.16b, v0.16b, v1.16b
    case c_saba_8b,       saba v2.8b, v0.8b, v1.8b
    case c_addp_4s,       addp v2.4s, v0.4s, v1.4s
    case c_bsl_16b,       bsl v2.16b, v0.16b, v1.16b
    case c_sqabs_8b,      sqabs v2.8b, v0.8b
    case c_sqneg_8b,      sqneg v2.8b, v0.8b
    case c_suqadd_8b,     suqadd v2.8b, v0.8b
    case c_usqadd_8b,     usqadd v2.8b, v0.8b
    case c_cls_8b,        cls v2.8b, v0.8b
    case c_rev32_8h,      rev32 v2.8h, v0.8h
    case c_sqxtn_8b,      sqxtn v2.8b, v0.8h
    case c_sqxtun_8b,     sqxtun v2.8b, v0.8h
    case c_uqxtn2_16b,    uqxtn2 v2.16b, v0.8h
    case c_sadalp_4s,     sadalp v2.4s, v0.8h
    case c_saddlv_h,      saddlv h2, v0.16b
    case c_uminv_s,       uminv s2, v0.4s
    case c_urshr_d64,     urshr d2, d0, #64
    case c_srshr_2d,      srshr v2.2d, v0.2d, #1
    case c_sri_8b,        sri v2.8b, v0.8b, #3
    case c_sqshlu_8b,     sqshlu v2.8b, v0.8b, #1
    case c_rshrn_8b,      rshrn v2.8b, v0.8h, #8
    case c_sqrshrun_4h,   sqrshrun v2.4h, v0.4s, #16
    case c_uqrshrn_2s,    uqrshrn v2.2s, v0.2d, #32
    case c_sqdmull_4s,    sqdmull v2.4s, v0.4h, v1.4h
    case c_sqdmlal_2d,    sqdmlal v2.2d, v0.2s, v1.2s
    case c_raddhn_8b,     raddhn v2.8b, v0.8h, v1.8h
    case c_smull2_elem,   smull2 v2.4s, v0.8h, v1.h[1]
    case c_mla_elem,      mla v2.4s, v0.4s, v1.s[3]
    case c_zip1_16b,      zip1 v2.16b, v0.16b, v1.16b
    case c_trn2_4h,       trn2 v2.4h, v0.4h, v1.4h
    case c_ext_16b,       ext v2.16b, v0.16b, v1.16b, #3
    case c_tbx_16b,       tbx v2.16b, {v0.16b}, v1.16b
    case c_movi_msl,      movi v2.2s, #0x12, msl #16
    case c_mvni_msl,      mvni v2.4s, #0x12, msl #8
    case c_movi_d,        movi v2.2d, #0x00ff0000000000ff
    case c_bic_8h,        bic v2.8h, #0xff
    case c_ins_elem,      mov v2.b[15], v0.b[6]

/* SMOV into X, then DUP (general) of the 64-bit value */
    .global c_smov_dup
c_smov_dup:
    ld1     {v0.16b}, [x0]
    msr     fpsr, xzr
    smov    x4, v0.h[5]
    dup     v2.2d, x4
    st1     {v2.16b}, [x3]
    mrs     x0, fpsr
    ret
