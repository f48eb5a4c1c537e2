/*
 * Helpers for the Advanced SIMD and crypto instruction tests (test_exec_simd_*.c,
 * test_exec_crypto.c), on top of cpu_harness.h: a vCPU with FP/AdvSIMD and the crypto features
 * enabled and CPACR_EL1.FPEN open, V registers set and checked as two 64-bit halves (bits 63:0,
 * then 127:64), FPSR.QC. Instruction words were assembled with aarch64-linux-gnu-as; the
 * assembly is in the comment beside each.
 */
#ifndef A64EMU_TESTS_SIMD_HARNESS_H
#define A64EMU_TESTS_SIMD_HARNESS_H

#include "cpu_harness.h"

#define JUNK 0xdeadbeefdeadbeefull
#define QC (1u << 27)
#define ESR_UNDEF (1u << 25)                                                    /* EC 0x00, IL */
#define ESR_FP_TRAP (0x07u << 26 | 1u << 25 | 1u << 24 | 0xeu << 20)           /* EC 0x07, CV, AL */

/* Vector halves from elements, element 0 in the low bits. */
#define B8(a, b, c, d, e, f, g, h)                                                               \
    ((uint64_t)(uint8_t)(a) | (uint64_t)(uint8_t)(b) << 8 | (uint64_t)(uint8_t)(c) << 16 |      \
     (uint64_t)(uint8_t)(d) << 24 | (uint64_t)(uint8_t)(e) << 32 | (uint64_t)(uint8_t)(f) << 40 | \
     (uint64_t)(uint8_t)(g) << 48 | (uint64_t)(uint8_t)(h) << 56)
#define H4(a, b, c, d)                                                                           \
    ((uint64_t)(uint16_t)(a) | (uint64_t)(uint16_t)(b) << 16 | (uint64_t)(uint16_t)(c) << 32 |  \
     (uint64_t)(uint16_t)(d) << 48)
#define S2(a, b) ((uint64_t)(uint32_t)(a) | (uint64_t)(uint32_t)(b) << 32)

static inline void simd_init(struct harness *h)
{
    h_init(h);
    h->cpu->features |= 1u << FEAT_FP | 1u << FEAT_ADVSIMD | 1u << FEAT_AES | 1u << FEAT_PMULL |
                        1u << FEAT_SHA1 | 1u << FEAT_SHA256;
    icache_flush(h->ic);
    h->cpu->sr.cpacr_el1 = 3ull << 20;
}

static inline void set_v(struct harness *h, unsigned r, uint64_t lo, uint64_t hi)
{
    h->cpu->vreg[r][0] = lo;
    h->cpu->vreg[r][1] = hi;
}

#define expect_v(h, r, lo, hi)                                                  \
    do {                                                                        \
        assert_int_equal((h)->cpu->vreg[r][0], (uint64_t)(lo));                 \
        assert_int_equal((h)->cpu->vreg[r][1], (uint64_t)(hi));                 \
    } while (0)

/* Run one instruction that must complete (PC advances by 4). */
static inline void run1(struct harness *h, uint32_t insn)
{
    h_code(h, &insn, 1);
    h_step(h, 1);
    assert_int_equal(h->cpu->pc, H_CODE + 4);
}

/* Run one instruction that must take a synchronous exception to EL1 with this ESR. */
static inline void run1_fault(struct harness *h, uint32_t insn, uint32_t esr)
{
    h_code(h, &insn, 1);
    h_step(h, 1);
    h_expect_sync(h, esr, H_CODE);
}

/* Run with FPSR = 0 and return whether QC ended up set. */
static inline bool run1_qc(struct harness *h, uint32_t insn)
{
    h->cpu->fpsr = 0;
    run1(h, insn);
    assert_int_equal(h->cpu->fpsr & ~QC, 0);
    return (h->cpu->fpsr & QC) != 0;
}

#endif
