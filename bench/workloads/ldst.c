/*
 * ldst: streaming loads and stores over two 192 KiB buffers (64-bit, 32-bit and byte accesses,
 * register-offset and post-indexed addressing): each pass reads one buffer and writes the other.
 */
#define WORKLOAD_EXPECTED 0x959e7ab78cd13dfaULL
#include "bench.h"

#define WORDS (192 * 1024 / 8)
#define PASSES 5500

static uint64_t buf_a[WORDS], buf_b[WORDS];

uint64_t workload(void)
{
    uint64_t seed = 0x9e3779b97f4a7c15ULL, sum = 0;
    for (uint32_t i = 0; i < WORDS; i++)
        buf_a[i] = bench_rand(&seed);
    uint64_t *src = buf_a, *dst = buf_b;
    for (uint32_t p = 0; p < PASSES; p++) {
        if (p & 1) {
            /* 32-bit halves. */
            const uint32_t *s = (const uint32_t *)src;
            uint32_t *d = (uint32_t *)dst;
            for (uint32_t i = 0; i < 2 * WORDS; i += 2) {
                uint32_t x = s[i], y = s[i + 1];
                d[i] = y + p;
                d[i + 1] = x;
                sum += x;
            }
        } else {
            for (uint32_t i = 0; i < WORDS; i++) {
                uint64_t v = src[i];
                sum += v;
                dst[i] = v ^ (sum >> 17);
            }
        }
        /* A byte-sized pass over a slice. */
        unsigned char *bp = (unsigned char *)dst + (p & 1023) * 64;
        for (uint32_t i = 0; i < 4096; i++)
            bp[i] = (unsigned char)(bp[i] + 1);
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    for (uint32_t i = 0; i < WORDS; i++)
        sum = sum * 31 + src[i];
    return sum;
}
