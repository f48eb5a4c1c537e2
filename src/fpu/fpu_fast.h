/*
 * Host-FPU fast paths for the common case of FADD/FSUB/FMUL/FDIV/FSQRT: round to nearest, all
 * operands normal, result normal and above the smallest normal (so neither FZ, tininess nor
 * NaN rules can apply). The host result is then the IEEE 754 result, which equals Arm's; the
 * inexact flag is detected exactly with error-free transformations (TwoSum, an exact remainder
 * or a wider product), never with the host's sticky flags. Returns false to fall back to the
 * integer implementation. Assumes the host rounds to nearest (a64emu never changes the host
 * FP environment) and evaluates float/double in their own precision (FLT_EVAL_METHOD 0).
 */
#ifndef A64EMU_FPU_FPU_FAST_H
#define A64EMU_FPU_FPU_FAST_H

#include "fpu/fpu.h"

bool fpu_fast_add(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b, bool sub,
                  uint64_t *res);
bool fpu_fast_mul(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                  uint64_t *res);
bool fpu_fast_div(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t b,
                  uint64_t *res);
bool fpu_fast_sqrt(const struct fpu_env *env, enum fpu_fmt f, uint64_t a, uint64_t *res);

#endif
