/*
 * random_touch (microbenchmark): ROUNDS read-modify-writes of random doublewords in a 64 MiB
 * region mapped with 4 KiB pages (16,384 pages: far beyond any TLB), one stage (EL1&0 stage 1,
 * plain -M virt). Each touch is a TLB miss most of the time, so this measures the page-table
 * walk and TLB refill. Self-check: the region is zeroed first and sums to ROUNDS at the end.
 */
#define ROUNDS 4000000ull
#define WORKLOAD_EXPECTED 0x0ULL
#include "bench.h"
#include "mmu_bench.h"

uint64_t touch_region(void);
uint64_t touch_region(void)
{
    volatile uint64_t *r = (volatile uint64_t *)REGION_VA;
    for (uint64_t i = 0; i < REGION_PAGES * 512ull; i++)
        r[i] = 0;
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    for (uint64_t n = 0; n < ROUNDS; n++) {
        uint64_t x = bench_rand(&seed);
        r[((x >> 20) & (REGION_PAGES - 1)) * 512 + (x & 511)] += 1;
    }
    uint64_t sum = 0;
    for (uint64_t i = 0; i < REGION_PAGES * 512ull; i++)
        sum += r[i];
    return sum ^ ROUNDS;
}

uint64_t workload(void)
{
    s1_enable(1);
    return touch_region();
}
