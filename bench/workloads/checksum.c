/*
 * checksum: Adler-32 (zlib's deferred-modulo form) over a 64 KiB PRNG-filled buffer, many
 * passes, one byte of the buffer changed between passes.
 */
#define WORKLOAD_EXPECTED 0x1742501c8a13c692ULL
#include "bench.h"

#define BYTES (64 * 1024)
#define PASSES 3000
#define ADLER_MOD 65521u
#define ADLER_NMAX 5552u

static unsigned char buf[BYTES];

static uint32_t adler32(const unsigned char *p, uint32_t len)
{
    uint32_t a = 1, b = 0;
    while (len) {
        uint32_t n = len < ADLER_NMAX ? len : ADLER_NMAX;
        len -= n;
        while (n--) {
            a += *p++;
            b += a;
        }
        a %= ADLER_MOD;
        b %= ADLER_MOD;
    }
    return b << 16 | a;
}

uint64_t workload(void)
{
    uint64_t seed = 0x2545F4914F6CDD1DULL, acc = 0;
    for (uint32_t i = 0; i < BYTES; i += 8) {
        uint64_t r = bench_rand(&seed);
        for (unsigned k = 0; k < 8; k++)
            buf[i + k] = (unsigned char)(r >> (8 * k));
    }
    for (uint32_t p = 0; p < PASSES; p++) {
        acc = (acc << 5 | acc >> 59) ^ adler32(buf, BYTES);
        buf[(p * 2654435761u) % BYTES] ^= (unsigned char)p;
    }
    return acc;
}
