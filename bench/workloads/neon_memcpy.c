/*
 * neon_memcpy: the glibc-style Advanced SIMD memcpy (neon_memcpy.S) copying PRNG-chosen pieces
 * of a 64 KiB source into a 64 KiB destination: lengths drawn as libc sees them, mostly small
 * (3 in 4 calls copy 0..128 bytes through the overlapping-access paths, 1 in 4 copies 129 bytes
 * to 4 KiB through the 64-byte loop), every source and destination alignment. The source is
 * rewritten between rounds, so a copy that is wrong leaves a wrong byte in the result.
 * Self-check: every call's return value, the bytes just outside each copy (an over-write shows
 * there; they are folded before the next copy can overwrite them) and its first and last byte,
 * and a hash of the whole destination at the end of each round. The host build uses a byte loop.
 */
#define WORKLOAD_EXPECTED 0x2ea0a55239b204b3ULL
#include "fpsimd.h"

#define BYTES (64 * 1024)
#define ROUNDS 48
#define CALLS 20000

static uint8_t src[BYTES] __attribute__((aligned(16)));
static uint8_t dst[BYTES + 32] __attribute__((aligned(16))); /* room for the guard byte after */

#ifdef BENCH_HOST
static void *neon_memcpy(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}
#else
void *neon_memcpy(void *dst, const void *src, size_t n);
#endif

uint64_t workload(void)
{
    uint64_t seed = 0x9E3779B97F4A7C15ULL, acc = 0;
    for (uint32_t i = 0; i < BYTES + 32; i++)
        dst[i] = 0;
    for (uint32_t r = 0; r < ROUNDS; r++) {
        for (uint32_t i = 0; i < BYTES; i += 8) {
            uint64_t v = bench_rand(&seed);
            for (unsigned k = 0; k < 8; k++)
                src[i + k] = (uint8_t)(v >> (8 * k));
        }
        for (uint32_t c = 0; c < CALLS; c++) {
            uint64_t v = bench_rand(&seed);
            size_t n = (v & 3) ? (v >> 2) % 129 : 129 + (v >> 2) % (4096 - 128);
            size_t so = (v >> 20) % (BYTES - n), doff = 1 + (v >> 40) % (BYTES - n - 1);
            void *ret = neon_memcpy(dst + doff, src + so, n);
            acc = (acc << 5 | acc >> 59) ^ (uint64_t)((uint8_t *)ret - dst) ^ dst[doff - 1] ^
                  (uint64_t)dst[doff + n] << 8;
            if (n)
                acc ^= (uint64_t)dst[doff] << 16 ^ (uint64_t)dst[doff + n - 1] << 24;
        }
        for (uint32_t i = 0; i < BYTES + 32; i += 8) {
            uint64_t w = 0;
            for (unsigned k = 0; k < 8; k++)
                w |= (uint64_t)dst[i + k] << (8 * k);
            acc = (acc << 3 | acc >> 61) ^ w;
        }
    }
    return acc;
}
