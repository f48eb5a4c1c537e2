/*
 * Advanced SIMD structure loads and stores (src/cpu/exec_simd_ldst.c): the element order of the
 * multiple-structure forms, lanes, replicate, post-index by immediate and by register, and the
 * behaviour on faults: a transfer that would fault part-way (here: running off the end of RAM)
 * takes the abort before changing any register, memory location or the base (the Arm ARM also
 * allows partial completion; a64emu probes first). Alignment follows SCTLR_EL1.A per element,
 * and SCTLR_EL1.SA checks an SP base. Expected values are the memory pattern "byte at address
 * H_DATA + i holds i" rearranged by hand.
 */
#include "simd_harness.h"

#include "cpu/cpu_internal.h"

#define SCTLR_A (1u << 1)
#define SCTLR_SA (1u << 3)
#define ESR_IL (1u << 25)
#define RAM_END (H_RAM_BASE + H_RAM_SIZE)

/* Bytes H_DATA + i = i for i < 256. */
static void fill_pattern(struct harness *h)
{
    for (unsigned i = 0; i < 256; i += 8) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 8; b++)
            v |= (uint64_t)((i + b) & 0xff) << (8 * b);
        h_write64(h, H_DATA + i, v);
    }
}

/* Bytes lo..lo+7 as a little-endian doubleword. */
static uint64_t seq(unsigned lo, unsigned step)
{
    uint64_t v = 0;
    for (unsigned b = 0; b < 8; b++)
        v |= (uint64_t)((lo + b * step) & 0xff) << (8 * b);
    return v;
}

static void test_exec_simd_ldst_multiple_and_post_index(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    fill_pattern(&h);
    h.cpu->x[0] = H_DATA;
    run1(&h, 0x4cdf2000u /* ld1 {v0.16b-v3.16b}, [x0], #64 */);
    for (unsigned r = 0; r < 4; r++)
        expect_v(&h, r, seq(16 * r, 1), seq(16 * r + 8, 1));
    assert_int_equal(h.cpu->x[0], H_DATA + 64);
    /* LD4 .4S: word j of memory goes to register j % 4, element j / 4 */
    h.cpu->x[0] = H_DATA;
    h.cpu->x[2] = 100;
    run1(&h, 0x4cc20804u /* ld4 {v4.4s-v7.4s}, [x0], x2 */);
    expect_v(&h, 4, S2(0x03020100, 0x13121110), S2(0x23222120, 0x33323130));
    expect_v(&h, 7, S2(0x0f0e0d0c, 0x1f1e1d1c), S2(0x2f2e2d2c, 0x3f3e3d3c));
    assert_int_equal(h.cpu->x[0], H_DATA + 100);
    /* LD2 .8B: 64-bit arrangement, upper halves zeroed */
    h.cpu->x[0] = H_DATA;
    set_v(&h, 8, JUNK, JUNK);
    set_v(&h, 9, JUNK, JUNK);
    run1(&h, 0x0c408008u /* ld2 {v8.8b, v9.8b}, [x0] */);
    expect_v(&h, 8, seq(0, 2), 0);
    expect_v(&h, 9, seq(1, 2), 0);
    assert_int_equal(h.cpu->x[0], H_DATA);
    /* ST1 .8B stores 8 bytes only */
    h_write64(&h, H_DATA + 0x108, 0x5555555555555555ull);
    h.cpu->x[0] = H_DATA + 0x100;
    set_v(&h, 1, 0x1122334455667788ull, 0x99aabbccddeeff00ull);
    run1(&h, 0x0c007001u /* st1 {v1.8b}, [x0] */);
    assert_int_equal(h_read64(&h, H_DATA + 0x100), 0x1122334455667788ull);
    assert_int_equal(h_read64(&h, H_DATA + 0x108), 0x5555555555555555ull);
    /* ST2 .2D interleaves doublewords */
    set_v(&h, 2, 0xa0, 0xa1);
    set_v(&h, 3, 0xb0, 0xb1);
    run1(&h, 0x4c9f8c02u /* st2 {v2.2d, v3.2d}, [x0], #32 */);
    assert_int_equal(h_read64(&h, H_DATA + 0x100), 0xa0);
    assert_int_equal(h_read64(&h, H_DATA + 0x108), 0xb0);
    assert_int_equal(h_read64(&h, H_DATA + 0x110), 0xa1);
    assert_int_equal(h_read64(&h, H_DATA + 0x118), 0xb1);
    assert_int_equal(h.cpu->x[0], H_DATA + 0x120);
    h_free(&h);
}

static void test_exec_simd_ldst_lanes_and_replicate(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    fill_pattern(&h);
    /* one lane of each register, the rest kept (also in the upper half) */
    set_v(&h, 0, JUNK, JUNK);
    set_v(&h, 1, JUNK, JUNK);
    h.cpu->x[0] = H_DATA + 0x40;
    run1(&h, 0x4dff4800u /* ld2 {v0.h, v1.h}[5], [x0], #4 */);
    expect_v(&h, 0, JUNK, (JUNK & ~0xffff0000ull) | 0x41400000ull);
    expect_v(&h, 1, JUNK, (JUNK & ~0xffff0000ull) | 0x43420000ull);
    assert_int_equal(h.cpu->x[0], H_DATA + 0x44);
    /* LD3R .4H: replicate three consecutive halfwords, Q = 0 zeroes the upper halves */
    set_v(&h, 2, JUNK, JUNK);
    h.cpu->x[0] = H_DATA + 0x10;
    run1(&h, 0x0d40e402u /* ld3r {v2.4h, v3.4h, v4.4h}, [x0] */);
    expect_v(&h, 2, 0x1110111011101110ull, 0);
    expect_v(&h, 3, 0x1312131213121312ull, 0);
    expect_v(&h, 4, 0x1514151415141514ull, 0);
    /* ST4 of lane B[9] */
    h_write64(&h, H_DATA + 0x100, 0x5555555555555555ull);
    for (unsigned r = 0; r < 4; r++)
        set_v(&h, 10 + r, 0, (uint64_t)(0xc0 + r) << 8);
    h.cpu->x[0] = H_DATA + 0x100;
    run1(&h, 0x4d20240au /* st4 {v10.b, v11.b, v12.b, v13.b}[9], [x0] */);
    assert_int_equal(h_read64(&h, H_DATA + 0x100), 0x55555555c3c2c1c0ull);
    /* ST1 of lane D[1] */
    set_v(&h, 14, 1, 0x0123456789abcdefull);
    run1(&h, 0x4d00840eu /* st1 {v14.d}[1], [x0] */);
    assert_int_equal(h_read64(&h, H_DATA + 0x100), 0x0123456789abcdefull);
    /* reserved lane encodings: S lanes with size = 10 are unallocated */
    run1_fault(&h, 0x0d408820, ESR_UNDEF);
    h_free(&h);
}

static void test_exec_simd_ldst_fault_changes_nothing(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    /* 64 bytes starting 32 bytes before the end of RAM: the second half has no memory */
    for (unsigned r = 0; r < 4; r++)
        set_v(&h, r, JUNK, JUNK);
    h.cpu->x[0] = RAM_END - 32;
    run1_fault(&h, 0x4cdf2000u /* ld1 {v0.16b-v3.16b}, [x0], #64 */, h_dabt_esr(0, 0x10));
    for (unsigned r = 0; r < 4; r++)
        expect_v(&h, r, JUNK, JUNK);
    assert_int_equal(h.cpu->x[0], RAM_END - 32);
    /* the store leaves the part that exists untouched */
    h_write64(&h, RAM_END - 32, 0x7777777777777777ull);
    h_write64(&h, RAM_END - 8, 0x8888888888888888ull);
    set_v(&h, 0, 1, 2);
    run1_fault(&h, 0x4c000800u /* st4 {v0.4s-v3.4s}, [x0] */, h_dabt_esr(1, 0x10));
    assert_int_equal(h_read64(&h, RAM_END - 32), 0x7777777777777777ull);
    assert_int_equal(h_read64(&h, RAM_END - 8), 0x8888888888888888ull);
    h_free(&h);
}

static void test_exec_simd_ldst_alignment_per_element(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    fill_pattern(&h);
    h.cpu->sr.sctlr_el1 |= SCTLR_A;
    /* byte elements are always aligned */
    h.cpu->x[0] = H_DATA + 1;
    run1(&h, 0x4c407000u /* ld1 {v0.16b}, [x0] */);
    expect_v(&h, 0, seq(1, 1), seq(9, 1));
    /* doubleword elements at 8 (not 16) are aligned */
    h.cpu->x[0] = H_DATA + 8;
    run1(&h, 0x4c40ac00u /* ld1 {v0.2d, v1.2d}, [x0] */);
    expect_v(&h, 1, seq(24, 1), seq(32, 1));
    /* word elements at 2 are not */
    h.cpu->x[0] = H_DATA + 2;
    set_v(&h, 0, JUNK, JUNK);
    run1_fault(&h, 0x4c407800u /* ld1 {v0.4s}, [x0] */, h_dabt_esr(0, 0x21));
    assert_int_equal(h.cpu->sr.far_el1, H_DATA + 2);
    expect_v(&h, 0, JUNK, JUNK);
    /* halfword elements at 2 are */
    run1(&h, 0x4ddfc400u /* ld1r {v0.8h}, [x0], #2 */);
    expect_v(&h, 0, 0x0302030203020302ull, 0x0302030203020302ull);
    assert_int_equal(h.cpu->x[0], H_DATA + 4);
    h_free(&h);
}

static void test_exec_simd_ldst_sp_base(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    fill_pattern(&h);
    h.cpu->x[31] = H_DATA + 16; /* SP at EL1 (SPSel = 1) */
    run1(&h, 0x4cdf7fe0u /* ld1 {v0.2d}, [sp], #16 */);
    expect_v(&h, 0, seq(16, 1), seq(24, 1));
    assert_int_equal(h.cpu->x[31], H_DATA + 32);
    /* SCTLR_EL1.SA: a misaligned SP base takes the SP alignment fault first */
    h.cpu->sr.sctlr_el1 |= SCTLR_SA;
    h.cpu->x[31] = H_DATA + 8;
    run1_fault(&h, 0x4c4073e0u /* ld1 {v0.16b}, [sp] */, 0x26u << 26 | ESR_IL);
    h_free(&h);
}

static void test_exec_simd_ldst_reserved_and_trapped(void **state)
{
    (void)state;
    struct harness h;
    simd_init(&h);
    h.cpu->x[1] = H_DATA;
    run1_fault(&h, 0x0c408c20 /* ld2 {v0.1d, v1.1d}, [x1]: size:Q = 110 */, ESR_UNDEF);
    h.cpu->sr.cpacr_el1 = 0;
    run1_fault(&h, 0x4c407020u /* ld1 {v0.16b}, [x1] */, ESR_FP_TRAP);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_simd_ldst_multiple_and_post_index),
        cmocka_unit_test(test_exec_simd_ldst_lanes_and_replicate),
        cmocka_unit_test(test_exec_simd_ldst_fault_changes_nothing),
        cmocka_unit_test(test_exec_simd_ldst_alignment_per_element),
        cmocka_unit_test(test_exec_simd_ldst_sp_base),
        cmocka_unit_test(test_exec_simd_ldst_reserved_and_trapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
