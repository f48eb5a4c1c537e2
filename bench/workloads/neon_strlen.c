/*
 * neon_strlen: the glibc-style Advanced SIMD strlen (neon_strlen.S) over a 64 KiB buffer packed
 * with PRNG strings (nonzero bytes, then a NUL) at every alignment: 7 in 8 strings are 0..63
 * bytes long, 1 in 8 up to 2 KiB. Each round measures every string and then rewrites a few
 * bytes (moving terminators), so the lengths change from round to round.
 * Self-check: the lengths are folded into the result; the host build uses a byte loop.
 */
#define WORKLOAD_EXPECTED 0x67b84fc8bb1ae98fULL
#include "fpsimd.h"

#define BYTES (64 * 1024)
#define ROUNDS 10000
#define MAX_STRINGS 4096

static char buf[BYTES + 64] __attribute__((aligned(16)));
static uint32_t start[MAX_STRINGS];

#ifdef BENCH_HOST
static size_t neon_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}
#else
size_t neon_strlen(const char *s);
#endif

uint64_t workload(void)
{
    uint64_t seed = 0xD1B54A32D192ED03ULL, acc = 0;
    uint32_t nstr = 0, at = 0;
    while (nstr < MAX_STRINGS) {
        uint64_t v = bench_rand(&seed);
        uint32_t len = (v & 7) ? (uint32_t)(v >> 3) % 64 : (uint32_t)(v >> 3) % 2048;
        if (at + len + 1 > BYTES)
            break;
        start[nstr++] = at;
        for (uint32_t i = 0; i < len; i++) {
            if (!(i & 7))
                v = bench_rand(&seed);
            buf[at + i] = (char)(1 + (v >> (8 * (i & 7))) % 255);
        }
        buf[at + len] = 0;
        at += len + 1;
    }
    for (uint32_t r = 0; r < ROUNDS; r++) {
        uint64_t sum = 0;
        for (uint32_t i = 0; i < nstr; i++) {
            size_t n = neon_strlen(buf + start[i]);
            sum += n;
            acc = (acc << 1 | acc >> 63) ^ n;
        }
        acc += sum * 0x9E3779B97F4A7C15ULL;
        for (unsigned k = 0; k < 16; k++) { /* move some terminators: NUL <-> nonzero */
            uint64_t v = bench_rand(&seed);
            uint32_t pos = (uint32_t)(v % at);
            buf[pos] = buf[pos] ? 0 : (char)(1 + (v >> 32) % 255);
        }
    }
    return acc;
}
