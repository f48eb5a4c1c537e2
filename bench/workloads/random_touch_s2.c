/*
 * random_touch_s2 (microbenchmark): random_touch under two stages. Starts at EL2
 * (-M virt,virtualization=on), maps RAM at stage 2 (IPA = PA; 4 KiB pages for the 64 MiB region,
 * 2 MiB blocks elsewhere), drops to EL1 and runs random_touch's loop there: a TLB miss now costs
 * a nested walk (each stage-1 descriptor fetch through stage 2, up to 3 + 3 x 3 + 3 reads here).
 */
#define ROUNDS 4000000ull
#define WORKLOAD_EXPECTED 0x0ULL
#include "bench.h"
#include "mmu_bench.h"

uint64_t touch_region(void);
#define workload random_touch_workload
#include "random_touch.c"
#undef workload

static struct s2_tables s2;
static uint64_t s2_l3[32 * 512] __attribute__((aligned(4096)));

static uint64_t identity(unsigned i, unsigned p)
{
    return REGION_PA + ((uint64_t)i << 21) + ((uint64_t)p << 12);
}

uint64_t workload(void)
{
    if (MRS(CurrentEL) != 8)
        return 1; /* needs EL2 */
    unsigned blocks[32];
    for (unsigned i = 0; i < 32; i++)
        blocks[i] = (unsigned)((REGION_PA - RAM_PA) >> 21) + i;
    s2_build(&s2, s2_l3, blocks, 32, identity);
    MSR(vtcr_el2, VTCR_VALUE);
    MSR(vttbr_el2, (uint64_t)(uintptr_t)s2.l1 | (1ull << 48));
    MSR(hcr_el2, (1ull << 31) | 1); /* RW, VM */
    __asm__ volatile("dsb ish\n tlbi alle1\n dsb ish\n isb" ::: "memory");
    drop_to_el1();
    s1_enable(1);
    return touch_region();
}
