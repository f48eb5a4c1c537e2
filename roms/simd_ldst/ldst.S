/*
 * One function per structure load/store form under test (simd_ldst/main.c checks the bytes):
 * each loads from x0 and dumps the registers it wrote, in full (16 bytes each, in register
 * order), to x1 with ST1 multiple; the store forms take their registers from x0 with LD1 and
 * store to x1. Functions that post-index return the updated base in x0. Registers are
 * pre-filled where a form must leave the rest of a register alone (single lanes) or zero it
 * (64-bit forms).
 */
    .arch armv8-a
    .text

    .macro prefill          /* v0-v3, v30, v31 = 0xa5 bytes */
    movi    v0.16b, #0xa5
    movi    v1.16b, #0xa5
    movi    v2.16b, #0xa5
    movi    v3.16b, #0xa5
    movi    v30.16b, #0xa5
    movi    v31.16b, #0xa5
    .endm

    .global t_ld2_16b
t_ld2_16b:
    ld2     {v0.16b, v1.16b}, [x0]
    st1     {v0.16b, v1.16b}, [x1]
    ret

    .global t_ld3_8h
t_ld3_8h:
    ld3     {v0.8h, v1.8h, v2.8h}, [x0]
    st1     {v0.16b-v2.16b}, [x1]
    ret

    .global t_ld4_4s
t_ld4_4s:
    ld4     {v0.4s-v3.4s}, [x0]
    st1     {v0.16b-v3.16b}, [x1]
    ret

    .global t_ld2_2d
t_ld2_2d:
    ld2     {v0.2d, v1.2d}, [x0]
    st1     {v0.16b, v1.16b}, [x1]
    ret

/* 64-bit forms: the upper halves are zeroed */
    .global t_ld3_8b
t_ld3_8b:
    prefill
    ld3     {v0.8b, v1.8b, v2.8b}, [x0]
    st1     {v0.16b-v2.16b}, [x1]
    ret

    .global t_ld1_1d_x3
t_ld1_1d_x3:
    prefill
    ld1     {v0.1d, v1.1d, v2.1d}, [x0]
    st1     {v0.16b-v2.16b}, [x1]
    ret

/* a register list that wraps past v31 */
    .global t_ld4_wrap
t_ld4_wrap:
    ld4     {v30.16b, v31.16b, v0.16b, v1.16b}, [x0]
    st1     {v30.16b, v31.16b}, [x1], #32
    st1     {v0.16b, v1.16b}, [x1]
    ret

/* stores: LD1 four registers from x0, then interleave them back out */
    .global t_st2_8h
t_st2_8h:
    ld1     {v0.16b, v1.16b}, [x0]
    st2     {v0.8h, v1.8h}, [x1]
    ret

    .global t_st3_16b
t_st3_16b:
    ld1     {v0.16b-v2.16b}, [x0]
    st3     {v0.16b, v1.16b, v2.16b}, [x1]
    ret

    .global t_st4_2s
t_st4_2s:
    ld1     {v0.16b-v3.16b}, [x0]
    st4     {v0.2s, v1.2s, v2.2s, v3.2s}, [x1]
    ret

/* replicate */
    .global t_ld1r_8h
t_ld1r_8h:
    ld1r    {v0.8h}, [x0]
    st1     {v0.16b}, [x1]
    ret

    .global t_ld4r_2s
t_ld4r_2s:
    prefill
    ld4r    {v0.2s-v3.2s}, [x0]
    st1     {v0.16b-v3.16b}, [x1]
    ret

    .global t_ld2r_1d
t_ld2r_1d:
    prefill
    ld2r    {v0.1d, v1.1d}, [x0]
    st1     {v0.16b, v1.16b}, [x1]
    ret

/* single lanes: the rest of each register is kept, also for a 64-bit arrangement */
    .global t_ld1_lane_s3
t_ld1_lane_s3:
    prefill
    ld1     {v0.s}[3], [x0]
    st1     {v0.16b}, [x1]
    ret

    .global t_ld4_lane_b9
t_ld4_lane_b9:
    prefill
    ld4     {v0.b, v1.b, v2.b, v3.b}[9], [x0]
    st1     {v0.16b-v3.16b}, [x1]
    ret

    .global t_ld2_lane_d1
t_ld2_lane_d1:
    prefill
    ld2     {v0.d, v1.d}[1], [x0]
    st1     {v0.16b, v1.16b}, [x1]
    ret

    .global t_st3_lane_h5
t_st3_lane_h5:
    ld1     {v0.16b-v2.16b}, [x0]
    st3     {v0.h, v1.h, v2.h}[5], [x1]
    ret

/* post-index: by the transfer size (Rm = 31) and by a register */
    .global t_post_imm
t_post_imm:
    ld3     {v0.4h, v1.4h, v2.4h}, [x0], #24
    st1     {v0.16b-v2.16b}, [x1]
    ret

    .global t_post_reg
t_post_reg:
    mov     x2, #-5
    ld1     {v0.h}[6], [x0], x2
    st1     {v0.16b}, [x1]
    ret

    .global t_post_lane_imm
t_post_lane_imm:
    prefill
    ld3r    {v0.16b, v1.16b, v2.16b}, [x0], #3
    st1     {v0.16b-v2.16b}, [x1]
    ret

/* SP as the base register */
    .global t_sp_base
t_sp_base:
    mov     x2, sp
    mov     sp, x0
    ld1     {v0.2d, v1.2d}, [sp], #32
    mov     x0, sp
    mov     sp, x2
    st1     {v0.16b, v1.16b}, [x1]
    ret
