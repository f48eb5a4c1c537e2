/*
 * alu: a register-only integer loop (add, sub, logical with shifted operands, rotate, multiply,
 * conditional select, flag-setting compare). No memory access inside the loop.
 */
#define WORKLOAD_EXPECTED 0x2cc2f5c00bb28056ULL
#include "bench.h"

#define ITERS 70000000u

uint64_t workload(void)
{
    uint64_t a = 1, b = 0x123456789abcdefULL, c = 3, d = 0xfeedfacecafebeefULL;
    for (uint32_t i = 0; i < ITERS; i++) {
        a += b ^ (c >> 3);
        b = ((b << 7) | (b >> 57)) + i;
        c ^= a & ~d;
        d = d * 0x9E3779B97F4A7C15ULL + c;
        a -= d >> 11;
        c = (a > b) ? c + 1 : c - d;
    }
    return a ^ b ^ c ^ d;
}
