/*
 * simd_ldst: the Advanced SIMD structure loads and stores (ldst.S), their element order
 * worked out from the Arm ARM pseudocode: for LDn multiple, memory element j goes to register
 * j % n, element j / n; LDnR replicates n consecutive elements; a single-lane form touches one
 * element of each register; 64-bit arrangements zero bits 127:64 of every register written
 * (but a single lane keeps the rest of the register); post-index adds the transfer size or Xm.
 * Memory byte i holds i (mod 256), so an element's value names its address.
 * a64emu needs --preview advsimd; under QEMU, -cpu max.
 */
#include "rom.h"

#define T(name) void name(const void *in, void *out)
T(t_ld2_16b); T(t_ld3_8h); T(t_ld4_4s); T(t_ld2_2d); T(t_ld3_8b); T(t_ld1_1d_x3); T(t_ld4_wrap);
T(t_st2_8h); T(t_st3_16b); T(t_st4_2s); T(t_ld1r_8h); T(t_ld4r_2s); T(t_ld2r_1d);
T(t_ld1_lane_s3); T(t_ld4_lane_b9); T(t_ld2_lane_d1); T(t_st3_lane_h5);
#undef T
uintptr_t t_post_imm(const void *in, void *out);
uintptr_t t_post_reg(const void *in, void *out);
uintptr_t t_post_lane_imm(const void *in, void *out);
uintptr_t t_sp_base(const void *in, void *out);

static uint8_t mem[256] __attribute__((aligned(16)));
static uint8_t out[128] __attribute__((aligned(16)));

static void fp_enable(void)
{
    uint64_t cpacr;
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(cpacr));
    cpacr |= 3ull << 20;
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(cpacr));
}

static void reset(void)
{
    for (unsigned i = 0; i < 256; i++)
        mem[i] = (uint8_t)i;
    for (unsigned i = 0; i < 128; i++)
        out[i] = 0x11;
}

/* Register r's byte b in the dump. */
#define REG(r, b) out[16 * (r) + (b)]

/* LDn multiple, element size e bytes, n registers, `lanes` elements per register (of 16 bytes
 * in the register, `lanes * e` loaded): register r, element k holds memory element k*n + r. */
static void check_ldn(unsigned n, unsigned e, unsigned lanes)
{
    for (unsigned r = 0; r < n; r++)
        for (unsigned b = 0; b < 16; b++) {
            unsigned k = b / e, byte = b % e;
            uint8_t want = k < lanes ? (uint8_t)((k * n + r) * e + byte) : 0;
            CHECK_EQ(REG(r, b), want);
        }
}

static void test_multiple(void)
{
    reset(); t_ld2_16b(mem, out); check_ldn(2, 1, 16);
    reset(); t_ld3_8h(mem, out); check_ldn(3, 2, 8);
    reset(); t_ld4_4s(mem, out); check_ldn(4, 4, 4);
    reset(); t_ld2_2d(mem, out); check_ldn(2, 8, 2);
    reset(); t_ld3_8b(mem, out); check_ldn(3, 1, 8);   /* upper halves zeroed */
    /* LD1 of three 1D registers: consecutive doublewords, upper halves zeroed */
    reset(); t_ld1_1d_x3(mem, out);
    for (unsigned r = 0; r < 3; r++)
        for (unsigned b = 0; b < 16; b++)
            CHECK_EQ(REG(r, b), b < 8 ? 8 * r + b : 0);
    /* v30, v31, v0, v1: the same order as four consecutive registers */
    reset(); t_ld4_wrap(mem, out); check_ldn(4, 1, 16);
}

static void test_stores(void)
{
    /* ST2 of 8H: halfword k of register r goes to memory element 2k + r */
    reset(); t_st2_8h(mem, out);
    for (unsigned j = 0; j < 16; j++)
        for (unsigned byte = 0; byte < 2; byte++)
            CHECK_EQ(out[2 * j + byte], 16 * (j % 2) + 2 * (j / 2) + byte);
    reset(); t_st3_16b(mem, out);
    for (unsigned j = 0; j < 48; j++)
        CHECK_EQ(out[j], 16 * (j % 3) + j / 3);
    CHECK_EQ(out[48], 0x11);
    /* ST4 of 2S: 32 bytes, word k of register r to element 4k + r */
    reset(); t_st4_2s(mem, out);
    for (unsigned j = 0; j < 8; j++)
        for (unsigned byte = 0; byte < 4; byte++)
            CHECK_EQ(out[4 * j + byte], 16 * (j % 4) + 4 * (j / 4) + byte);
    CHECK_EQ(out[32], 0x11);
}

static void test_replicate(void)
{
    reset(); t_ld1r_8h(mem + 6, out);
    for (unsigned b = 0; b < 16; b++)
        CHECK_EQ(REG(0, b), 6 + b % 2);
    reset(); t_ld4r_2s(mem + 8, out); /* register r = word at 8 + 4r, twice, upper half zero */
    for (unsigned r = 0; r < 4; r++)
        for (unsigned b = 0; b < 16; b++)
            CHECK_EQ(REG(r, b), b < 8 ? 8 + 4 * r + b % 4 : 0);
    reset(); t_ld2r_1d(mem + 16, out);
    for (unsigned r = 0; r < 2; r++)
        for (unsigned b = 0; b < 16; b++)
            CHECK_EQ(REG(r, b), b < 8 ? 16 + 8 * r + b : 0);
}

static void test_lanes(void)
{
    reset(); t_ld1_lane_s3(mem + 4, out);
    for (unsigned b = 0; b < 16; b++)
        CHECK_EQ(REG(0, b), b >= 12 ? 4 + b - 12 : 0xa5);
    reset(); t_ld4_lane_b9(mem + 40, out);
    for (unsigned r = 0; r < 4; r++)
        for (unsigned b = 0; b < 16; b++)
            CHECK_EQ(REG(r, b), b == 9 ? 40 + r : 0xa5);
    reset(); t_ld2_lane_d1(mem + 32, out);
    for (unsigned r = 0; r < 2; r++)
        for (unsigned b = 0; b < 16; b++)
            CHECK_EQ(REG(r, b), b >= 8 ? 32 + 8 * r + b - 8 : 0xa5);
    /* ST3 of lane H[5] of three registers loaded from mem: 6 bytes, element 5 of each */
    reset(); t_st3_lane_h5(mem, out);
    for (unsigned j = 0; j < 6; j++)
        CHECK_EQ(out[j], 16 * (j / 2) + 10 + j % 2);
    CHECK_EQ(out[6], 0x11);
}

static void test_post_index(void)
{
    reset();
    CHECK_EQ(t_post_imm(mem, out), (uintptr_t)mem + 24);
    check_ldn(3, 2, 4);
    reset();
    CHECK_EQ(t_post_reg(mem + 100, out), (uintptr_t)mem + 95);
    for (unsigned b = 0; b < 16; b++)
        if (b == 12 || b == 13)
            CHECK_EQ(REG(0, b), 100 + b - 12);
    reset();
    CHECK_EQ(t_post_lane_imm(mem + 50, out), (uintptr_t)mem + 53);
    for (unsigned r = 0; r < 3; r++)
        for (unsigned b = 0; b < 16; b++)
            CHECK_EQ(REG(r, b), 50 + r);
    reset();
    CHECK_EQ(t_sp_base(mem + 64, out), (uintptr_t)mem + 96);
    for (unsigned b = 0; b < 32; b++)
        CHECK_EQ(out[b], 64 + b);
}

int main(void)
{
    fp_enable();
    test_multiple();
    test_stores();
    test_replicate();
    test_lanes();
    test_post_index();
    puts_("simd_ldst: all checks passed\n");
    return 0;
}
