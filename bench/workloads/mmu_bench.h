/*
 * Page tables for the MMU benchmarks (mmu_ldst, random_touch, random_touch_s2, vmid_switch).
 * 4 KiB granule, 39-bit input addresses (T0SZ = 25, walks start at level 1), RAM (128 MiB at
 * 0x4000_0000) identity-mapped. Normal write-back memory everywhere (MAIR attr 0 = 0xff).
 *
 * Stage 1 (EL1&0): RAM by one global 1 GiB block; optionally the touch region: REGION_PAGES
 * 4 KiB pages at VA REGION_VA onto PA REGION_PA (64 MiB, the top half of RAM).
 * Stage 2 (EL1&0, HCR_EL2.VM): IPA = PA; 2 MiB blocks for the low 64 MiB of RAM and 4 KiB pages
 * for the top 64 MiB, so a random touch costs a full two-stage walk on a TLB miss.
 */
#ifndef MMU_BENCH_H
#define MMU_BENCH_H

#include <stdint.h>

#define MSR(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(v)) : "memory")
#define MRS(reg)                                                                               \
    ({                                                                                         \
        uint64_t v_;                                                                           \
        __asm__ volatile("mrs %0, " #reg : "=r"(v_)::"memory");                               \
        v_;                                                                                    \
    })
#define ISB() __asm__ volatile("isb" ::: "memory")

#define DESC_AF (1ull << 10)
#define DESC_SH_INNER (3ull << 8)
#define RAM_PA 0x40000000ull
#define REGION_PA 0x44000000ull
#define REGION_VA 0x80000000ull
#define REGION_PAGES 16384u /* 64 MiB */

static uint64_t s1_l1[512] __attribute__((aligned(4096)));
static uint64_t s1_l2[512] __attribute__((aligned(4096)));
static uint64_t s1_l3[REGION_PAGES] __attribute__((aligned(4096)));

/* Stage 1 on at EL1: RAM identity; with `region`, the 64 MiB touch region at REGION_VA. */
static inline void s1_enable(int region)
{
    s1_l1[1] = RAM_PA | DESC_AF | DESC_SH_INNER | 1;
    if (region) {
        s1_l1[REGION_VA >> 30] = (uint64_t)(uintptr_t)s1_l2 | 3;
        for (unsigned t = 0; t < REGION_PAGES / 512; t++)
            s1_l2[t] = (uint64_t)(uintptr_t)&s1_l3[t * 512] | 3;
        for (unsigned p = 0; p < REGION_PAGES; p++)
            s1_l3[p] = (REGION_PA + ((uint64_t)p << 12)) | DESC_AF | DESC_SH_INNER | 3;
    }
    __asm__ volatile("dsb ish\n tlbi vmalle1\n dsb ish\n isb" ::: "memory");
    MSR(mair_el1, 0xff);
    MSR(tcr_el1, 25ull | (1ull << 8) | (1ull << 10) | (3ull << 12) /* T0SZ, walks WB inner */
                     | (25ull << 16) | (1ull << 23)                /* T1SZ, EPD1 */
                     | (2ull << 32));                              /* IPS 40 bits */
    MSR(ttbr0_el1, (uint64_t)(uintptr_t)s1_l1);
    ISB();
    MSR(sctlr_el1, MRS(sctlr_el1) | 1 | (1 << 2) | (1 << 12)); /* M, C, I */
    ISB();
}

/* Stage-2 descriptors: AF, inner shareable, S2AP = RW, MemAttr = Normal WB (0b1111). */
#define S2_RW_NORMAL (DESC_AF | DESC_SH_INNER | (3ull << 6) | (0xfull << 2))
/* VTCR_EL2: T0SZ = 25, SL0 = 1 (start at level 1), walks WB inner shareable, TG0 4K, PS 40. */
#define VTCR_VALUE (25ull | (1ull << 6) | (1ull << 8) | (1ull << 10) | (3ull << 12) | (2ull << 16) | (1ull << 31))

struct s2_tables {
    uint64_t l1[512] __attribute__((aligned(4096)));
    uint64_t l2[512] __attribute__((aligned(4096)));
};

/* RAM identity by 2 MiB blocks, except the 2 MiB blocks listed in `l3s` (by index in RAM,
 * n of them), each mapped by its own table of 4 KiB pages (l3 + 512 * i), page p onto pa(i, p). */
static inline void s2_build(struct s2_tables *t, uint64_t *l3, const unsigned *l3s, unsigned n,
                            uint64_t (*pa)(unsigned i, unsigned p))
{
    t->l1[1] = (uint64_t)(uintptr_t)t->l2 | 3;
    for (unsigned b = 0; b < 64; b++)
        t->l2[b] = (RAM_PA + ((uint64_t)b << 21)) | S2_RW_NORMAL | 1;
    for (unsigned i = 0; i < n; i++) {
        t->l2[l3s[i]] = (uint64_t)(uintptr_t)&l3[i * 512] | 3;
        for (unsigned p = 0; p < 512; p++)
            l3[i * 512 + p] = pa(i, p) | S2_RW_NORMAL | 3;
    }
}

/* From EL2 to EL1h on the same stack, DAIF masked, continuing after the call. */
static inline void drop_to_el1(void)
{
    __asm__ volatile("mov  x9, sp\n"
                     "msr  sp_el1, x9\n"
                     "adr  x9, 1f\n"
                     "msr  elr_el2, x9\n"
                     "mov  x9, #0x3c5\n"
                     "msr  spsr_el2, x9\n"
                     "isb\n"
                     "eret\n"
                     "1:\n" ::: "x9", "memory");
}

#endif
