/*
 * branchy: a switch-dispatched bytecode interpreter (a jump table: one indirect branch per
 * bytecode op) running a PRNG-generated program, whose CALL op also makes a data-dependent
 * indirect call through a table of function pointers. The op sequence and the call targets are
 * unpredictable from one op to the next.
 */
#define WORKLOAD_EXPECTED 0xd73eb16ffb1e215eULL
#include "bench.h"

#define PROG_LEN 2048
#define PASSES 26000

enum { OP_ADD, OP_SUB, OP_XOR, OP_AND, OP_OR, OP_SHL, OP_SHR, OP_MUL, OP_MOVI, OP_ROT, OP_CALL,
       OP_CSEL, OP_INC, OP_NEG, OP_NOT, OP_SWAP, OP_COUNT };

struct op {
    unsigned char code, a, b, imm;
};

static struct op prog[PROG_LEN];

typedef uint64_t (*helper_fn)(uint64_t x, uint64_t y);

static uint64_t h_mix(uint64_t x, uint64_t y) { return (x ^ y) * 0x100000001b3ULL; }
static uint64_t h_max(uint64_t x, uint64_t y) { return x > y ? x : y; }
static uint64_t h_min(uint64_t x, uint64_t y) { return x < y ? x : y; }
static uint64_t h_avg(uint64_t x, uint64_t y) { return (x >> 1) + (y >> 1); }
static uint64_t h_sub(uint64_t x, uint64_t y) { return y - x; }
static uint64_t h_clz(uint64_t x, uint64_t y) { return y + (uint64_t)(x ? __builtin_clzll(x) : 64); }
static uint64_t h_rev(uint64_t x, uint64_t y) { return __builtin_bswap64(x) + y; }
static uint64_t h_sel(uint64_t x, uint64_t y) { return (x & 1) ? y : ~y; }

static helper_fn const helpers[8] = { h_mix, h_max, h_min, h_avg, h_sub, h_clz, h_rev, h_sel };

static uint64_t interpret(uint64_t *r)
{
    for (const struct op *o = prog; o != prog + PROG_LEN; o++) {
        uint64_t *ra = &r[o->a], rb = r[o->b];
        switch (o->code) {
        case OP_ADD: *ra += rb; break;
        case OP_SUB: *ra -= rb; break;
        case OP_XOR: *ra ^= rb; break;
        case OP_AND: *ra &= rb | 0x0f0f0f0f0f0f0f0fULL; break;
        case OP_OR: *ra |= rb & 0x1111111111111111ULL; break;
        case OP_SHL: *ra <<= (o->imm & 7); break;
        case OP_SHR: *ra >>= (o->imm & 7); break;
        case OP_MUL: *ra *= rb | 1; break;
        case OP_MOVI: *ra = (uint64_t)o->imm << (o->b * 8); break;
        case OP_ROT: *ra = (*ra << 13) | (*ra >> 51); break;
        case OP_CALL: *ra = helpers[(rb >> 7) & 7](rb, *ra); break;
        case OP_CSEL: *ra = (*ra > rb) ? *ra - rb : rb - *ra; break;
        case OP_INC: *ra += o->imm; break;
        case OP_NEG: *ra = -*ra; break;
        case OP_NOT: *ra = ~*ra ^ rb; break;
        case OP_SWAP: { uint64_t t = *ra; *ra = r[o->b]; r[o->b] = t; } break;
        default: return 0xbad;
        }
    }
    return r[0] ^ r[7];
}

uint64_t workload(void)
{
    uint64_t seed = 0x0123456789abcdefULL, acc = 0;
    for (unsigned i = 0; i < PROG_LEN; i++) {
        uint64_t x = bench_rand(&seed);
        prog[i].code = (unsigned char)((x >> 8) % OP_COUNT);
        prog[i].a = (unsigned char)((x >> 16) & 7);
        prog[i].b = (unsigned char)((x >> 24) & 7);
        prog[i].imm = (unsigned char)(x >> 32);
    }
    uint64_t r[8];
    for (unsigned i = 0; i < 8; i++)
        r[i] = bench_rand(&seed);
    for (uint32_t p = 0; p < PASSES; p++) {
        r[p & 7] += p;
        acc = acc * 31 + interpret(r);
    }
    return acc;
}
