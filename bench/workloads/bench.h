/*
 * Shared by the benchmark workloads. Each workload defines `uint64_t workload(void)` (the
 * measured computation, deterministic) and WORKLOAD_EXPECTED (its result, obtained from a host
 * build: `cc -O2 -DBENCH_HOST -o /tmp/w alu.c && /tmp/w`). The guest build returns non-zero from
 * main (the semihosting exit status) when the result is wrong.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

uint64_t workload(void);

/* xorshift64*: the deterministic PRNG the workloads fill their data with. */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

#ifdef BENCH_HOST
#include <stdio.h>
int main(void)
{
    unsigned long long r = workload();
    printf("0x%016llxULL\n", r);
    return r != WORKLOAD_EXPECTED;
}
#else
/* -ffreestanding still lets GCC emit calls to these. */
void *memset(void *d, int c, size_t n);
void *memcpy(void *restrict d, const void *restrict s, size_t n);
__attribute__((weak)) void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}
__attribute__((weak)) void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}
int main(void);
int main(void)
{
#ifdef BENCH_SETUP
    BENCH_SETUP(); /* e.g. turn the MMU on (mmu_ldst.c); not part of the host build */
#endif
    return workload() == WORKLOAD_EXPECTED ? 0 : 1;
}
#endif

#endif
