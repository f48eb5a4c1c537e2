/*
 * Decode-time specialisation tables (exec_fast.c). A form applies to one encoding id when its
 * predicate accepts the decoded fields; the predicate may precompute fields (imm64, imm2) for
 * its handler. exec_specialize tries the tables in order and the first form that applies wins.
 */
#ifndef A64EMU_CPU_EXEC_FAST_H
#define A64EMU_CPU_EXEC_FAST_H

#include <stddef.h>

#include "cpu/cpu_internal.h"

struct fast_form {
    uint16_t id;
    bool (*applies)(struct a64_insn *in);
    cpu_exec_fn fn;
};

/* NZCV of x - y (SUBS, 64-bit): AddWithCarry(x, NOT(y), 1). */
static inline uint32_t fast_flags_sub64(uint64_t x, uint64_t y, uint64_t r)
{
    return (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30 | (uint32_t)(x >= y) << 29 |
           (uint32_t)(((x ^ y) & (x ^ r)) >> 63) << 28;
}

/* NZCV of x - y (SUBS, 32-bit operands). */
static inline uint32_t fast_flags_sub32(uint32_t x, uint32_t y, uint32_t r)
{
    return (r >> 31) << 31 | (uint32_t)(r == 0) << 30 | (uint32_t)(x >= y) << 29 |
           (((x ^ y) & (x ^ r)) >> 31) << 28;
}

/* NZCV of x + y (ADDS, 64-bit): AddWithCarry(x, y, 0). */
static inline uint32_t fast_flags_add64(uint64_t x, uint64_t y, uint64_t r)
{
    return (uint32_t)(r >> 63) << 31 | (uint32_t)(r == 0) << 30 | (uint32_t)(r < x) << 29 |
           (uint32_t)((~(x ^ y) & (x ^ r)) >> 63) << 28;
}

/* NZCV of x + y (ADDS, 32-bit operands). */
static inline uint32_t fast_flags_add32(uint32_t x, uint32_t y, uint32_t r)
{
    return (r >> 31) << 31 | (uint32_t)(r == 0) << 30 | (uint32_t)(r < x) << 29 |
           ((~(x ^ y) & (x ^ r)) >> 31) << 28;
}

/* Data-processing forms (exec_fast_dp.c), branch forms (exec_fast_branch.c), register pairs
 * (exec_fast_ldst.c). */
extern const struct fast_form fast_forms_dp[];
extern const size_t fast_forms_dp_count;
extern const struct fast_form fast_forms_branch[];
extern const size_t fast_forms_branch_count;
extern const struct fast_form fast_forms_ldst[];
extern const size_t fast_forms_ldst_count;

#endif
