/*
 * Header-only harness for CPU unit tests: a bus with 16 MiB of RAM at 0x4000_0000, one vCPU
 * at EL1, code written as instruction words (each test shows the assembly in a comment), and a
 * bounded run. Every call is checked.
 */
#ifndef A64EMU_TESTS_CPU_HARNESS_H
#define A64EMU_TESTS_CPU_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bus/bus.h"
#include "cpu/cpu.h"

#define H_RAM_BASE 0x40000000ull
#define H_RAM_SIZE (16ull << 20)
#define H_CODE H_RAM_BASE
#define H_DATA (H_RAM_BASE + 0x100000ull)
#define H_VBAR (H_RAM_BASE + 0x800000ull) /* vectors: every entry is "b ." */

struct harness {
    struct bus *bus;
    uint8_t *ram;
    struct icache *ic;
    struct cpu_state *cpu;
};

static inline void h_init(struct harness *h)
{
    h->bus = bus_create();
    assert_non_null(h->bus);
    assert_int_equal(bus_add_ram(h->bus, "ram", H_RAM_BASE, H_RAM_SIZE, false, &h->ram), A64_OK);
    h->ic = icache_create(h->bus);
    assert_non_null(h->ic);
    h->cpu = cpu_create(h->bus, h->ic, 0);
    assert_non_null(h->cpu);
    /* The integer profile: tests opt in to FP/AdvSIMD and the crypto extensions (simd_harness.h,
     * fp_exec_cases.h), so the "without FEAT_FP the encodings are UNDEFINED" cases keep meaning
     * what they say now that the default profile has them. */
    h->cpu->features &= ~(1u << FEAT_FP | 1u << FEAT_ADVSIMD | 1u << FEAT_AES | 1u << FEAT_PMULL |
                          1u << FEAT_SHA1 | 1u << FEAT_SHA256);
    cpu_reset(h->cpu, 1, H_CODE);
    /* Vector table of self-branches so a stray exception parks instead of running away. */
    for (unsigned i = 0; i < 0x800 / 4; i++) {
        uint32_t b_self = 0x14000000;
        memcpy(h->ram + (H_VBAR - H_RAM_BASE) + i * 4, &b_self, 4);
    }
    h->cpu->sr.vbar_el1 = H_VBAR;
}

/* EL2 variant: EL2 implemented (-M virt,virtualization=on), reset at EL2, VBAR_EL2 = H_VBAR2 (a
 * second table of self-branches), VBAR_EL1 = H_VBAR. */
#define H_VBAR2 (H_RAM_BASE + 0x900000ull)
static inline void h_init_el2(struct harness *h)
{
    h_init(h);
    h->cpu->has_el2 = true;
    cpu_reset(h->cpu, 2, H_CODE);
    for (unsigned i = 0; i < 0x800 / 4; i++) {
        uint32_t b_self = 0x14000000;
        memcpy(h->ram + (H_VBAR2 - H_RAM_BASE) + i * 4, &b_self, 4);
    }
    h->cpu->sr.vbar_el1 = H_VBAR;
    h->cpu->sr.vbar_el2 = H_VBAR2;
}

static inline void h_free(struct harness *h)
{
    cpu_destroy(h->cpu);
    icache_destroy(h->ic);
    bus_destroy(h->bus);
}

/* Place instruction words at H_CODE (through the bus, so decoded code is invalidated). */
static inline void h_code(struct harness *h, const uint32_t *words, size_t n)
{
    assert_int_equal(bus_load_block(h->bus, H_CODE, words, n * 4), A64_OK);
    h->cpu->pc = H_CODE;
}

/* Run exactly n instructions (or exceptions). */
static inline void h_step(struct harness *h, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        cpu_step(h->cpu);
}

/* Run a code sequence of n words to its end (n steps, no exceptions expected). */
static inline void h_run(struct harness *h, const uint32_t *words, size_t n)
{
    h_code(h, words, n);
    h_step(h, (unsigned)n);
    assert_int_equal(h->cpu->pc, H_CODE + n * 4);
}

/* A synchronous exception from EL1 to EL1 (SP_EL1): VBAR_EL1 + 0x200, ELR = the instruction. */
static inline void h_expect_sync(struct harness *h, uint32_t esr, uint64_t elr)
{
    assert_int_equal(h->cpu->pc, H_VBAR + 0x200);
    assert_int_equal(h->cpu->sr.esr_el1, esr);
    assert_int_equal(h->cpu->sr.elr_el1, elr);
}

/* ESR of a data abort at the current EL: EC 0x25, IL, ISV = 0, WnR, DFSC. */
static inline uint32_t h_dabt_esr(int write, uint32_t dfsc)
{
    return 0x25u << 26 | 1u << 25 | (write ? 1u << 6 : 0) | dfsc;
}

/* Set X[first..last] to v (junk that a faulting instruction must leave alone). */
static inline void h_fill_regs(struct harness *h, unsigned first, unsigned last, uint64_t v)
{
    for (unsigned i = first; i <= last; i++)
        h->cpu->x[i] = v;
}

static inline uint64_t h_read64(struct harness *h, uint64_t pa)
{
    uint64_t v;
    assert_true(bus_copy_from(h->bus, pa, &v, 8));
    return v;
}

static inline void h_write64(struct harness *h, uint64_t pa, uint64_t v)
{
    assert_int_equal(bus_load_block(h->bus, pa, &v, 8), A64_OK);
}

#endif
