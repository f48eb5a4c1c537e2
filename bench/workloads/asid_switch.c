/*
 * asid_switch (microbenchmark): an ASID context-switch loop, ROUNDS TTBR0_EL1 writes. At EL1
 * (plain -M virt), MMU on, 4 KiB granule, 39-bit VA (start at level 1), 8-bit ASIDs. Two
 * address spaces share a global 1 GiB identity block for RAM (0x40000000: code, data, stack)
 * and each maps NPAGES non-global 4 KiB pages at VA 0x80000000 onto its own physical pages.
 * The loop alternately writes TTBR0_EL1 with the other ASID (and ISB), then increments one word
 * in each of the NPAGES pages through the shared VA. No TLBI: a TLB tagged by ASID keeps both
 * spaces' entries; an emulator that flushes on every ASID change walks NPAGES times per switch.
 * Self-check: each physical page was incremented exactly ROUNDS/2 times (so the two ASIDs'
 * translations of the same VA were never mixed up).
 */
#define ROUNDS 4000000ull
#define NPAGES 4
#define WORKLOAD_EXPECTED 0x0ULL
#include "bench.h"

#define PRIV_VA 0x80000000ull
#define DESC_AF (1ull << 10)
#define DESC_SH_INNER (3ull << 8)
#define DESC_NG (1ull << 11)

static uint64_t l1[2][512] __attribute__((aligned(4096)));
static uint64_t l2[2][512] __attribute__((aligned(4096)));
static uint64_t l3[2][512] __attribute__((aligned(4096)));
static uint64_t pages[2][NPAGES][512] __attribute__((aligned(4096)));

#define MSR(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(v)) : "memory")
#define MRS(reg)                                                                               \
    ({                                                                                         \
        uint64_t v_;                                                                           \
        __asm__ volatile("mrs %0, " #reg : "=r"(v_)::"memory");                               \
        v_;                                                                                    \
    })
#define ISB() __asm__ volatile("isb" ::: "memory")

uint64_t workload(void)
{
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 512; i++)
            l1[k][i] = l2[k][i] = l3[k][i] = 0;
        for (int p = 0; p < NPAGES; p++)
            for (int i = 0; i < 512; i++)
                pages[k][p][i] = 0;
        /* RAM: a global 1 GiB block, identity, Normal (AttrIndx 0). */
        l1[k][1] = 0x40000000ull | DESC_AF | DESC_SH_INNER | 1;
        l1[k][PRIV_VA >> 30] = (uint64_t)(uintptr_t)l2[k] | 3;
        l2[k][0] = (uint64_t)(uintptr_t)l3[k] | 3;
        for (int p = 0; p < NPAGES; p++)
            l3[k][p] = (uint64_t)(uintptr_t)pages[k][p] | DESC_NG | DESC_AF | DESC_SH_INNER | 3;
    }
    uint64_t ttbr[2] = {(1ull << 48) | (uint64_t)(uintptr_t)l1[0],
                        (2ull << 48) | (uint64_t)(uintptr_t)l1[1]};

    __asm__ volatile("dsb ish\n tlbi vmalle1\n dsb ish\n isb" ::: "memory");
    MSR(mair_el1, 0xff);                                 /* Attr0: Normal WB */
    MSR(tcr_el1, 25ull | (1ull << 8) | (1ull << 10) | (3ull << 12) /* T0SZ, WB, inner */
                     | (25ull << 16) | (1ull << 23)      /* T1SZ, EPD1 */
                     | (2ull << 32));                    /* IPS 40 bits; AS = 0, A1 = 0 */
    MSR(ttbr0_el1, ttbr[0]);
    ISB();
    MSR(sctlr_el1, MRS(sctlr_el1) | 1 | (1 << 2) | (1 << 12)); /* M, C, I */
    ISB();

    volatile uint64_t *va = (volatile uint64_t *)PRIV_VA;
    for (uint64_t r = 0; r < ROUNDS / 2; r++) {
        for (int k = 0; k < 2; k++) {
            MSR(ttbr0_el1, ttbr[k]);
            ISB();
            for (int p = 0; p < NPAGES; p++)
                va[p * 512 + (r & 7)] += 1;
        }
    }

    uint64_t bad = 0;
    for (int k = 0; k < 2; k++)
        for (int p = 0; p < NPAGES; p++) {
            uint64_t sum = 0;
            for (int i = 0; i < 8; i++)
                sum += pages[k][p][i];
            bad |= sum ^ (ROUNDS / 2);
        }
    return bad;
}
