/*
 * Shared helpers of the scalar floating-point execute functions (exec_fp_arith.c,
 * exec_fp_cvt.c, exec_fp_cmp.c): the precision named by an instruction's ftype field and the
 * src/fpu environment of a vCPU (its FPCR, cumulative flags into its FPSR).
 */
#ifndef A64EMU_CPU_EXEC_FP_H
#define A64EMU_CPU_EXEC_FP_H

#include "cpu/cpu_internal.h"
#include "fpu/fpu.h"

/* ftype (bits 23:22): 00 single, 01 double, 11 half. 10 has no row, so it never gets here. */
static inline enum fpu_fmt fp_fmt(const struct a64_insn *in)
{
    static const enum fpu_fmt fmts[4] = { FPU_S, FPU_D, FPU_D, FPU_H };
    return fmts[(in->raw >> 22) & 3];
}

/* Register size in bytes of a format (the B/H/S/D view for cpu_vr / cpu_vw). */
static inline unsigned fp_bytes(enum fpu_fmt f)
{
    static const unsigned bytes[3] = { [FPU_H] = 2, [FPU_S] = 4, [FPU_D] = 8 };
    return bytes[f];
}

static inline struct fpu_env fp_env(struct cpu_state *cpu)
{
    return (struct fpu_env){ cpu->fpcr, &cpu->fpsr };
}

#endif
