/*
 * The stage-2 walker alone (src/mmu, mmu_s2_walk): starting level from VTCR_EL2.SL0 and T0SZ,
 * concatenated initial tables, misprogrammed SL0 and out-of-range IPAs, the 64K granule, S2AP
 * and XN permissions, Access flag and Address size faults, and the fault record (stage2, ipa,
 * level). Tables are hand-built in RAM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bus/bus.h"
#include "mmu/mmu.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (64ull << 20)
#define TABLES (RAM_BASE + (32ull << 20))
#define S2_AF (1ull << 10)
#define S2AP(x) ((uint64_t)(x) << 6)
#define S2_WB (0xfull << 2)
#define S2_XN (1ull << 54)

struct env {
    struct bus *bus;
    uint8_t *ram;
    struct mmu *mmu;
    struct mmu_regs r;
};

static void env_init(struct env *e, uint64_t vtcr)
{
    e->bus = bus_create();
    assert_non_null(e->bus);
    assert_int_equal(bus_add_ram(e->bus, "ram", RAM_BASE, RAM_SIZE, false, &e->ram), 0);
    e->mmu = calloc(1, sizeof *e->mmu);
    assert_non_null(e->mmu);
    mmu_init(e->mmu, e->bus);
    memset(&e->r, 0, sizeof e->r);
    e->r.regime = MMU_REGIME_EL10;
    e->r.s2 = true;
    e->r.vtcr = vtcr | 1ull << 31;
    e->r.vttbr = TABLES | 3ull << 48;
    e->r.vmid = 3;
}

static void env_free(struct env *e)
{
    free(e->mmu);
    bus_destroy(e->bus);
}

static void wr64(struct env *e, uint64_t pa, uint64_t v)
{
    assert_int_equal(bus_write(e->bus, pa, 8, v), BUS_OK);
}

static bool s2(struct env *e, uint64_t ipa, enum mmu_access acc, struct mmu_result *res, struct mmu_fault *f)
{
    return mmu_s2_walk(e->mmu, &e->r, ipa, 0x1234000, acc, res, f, true);
}

/* 4K, T0SZ = 24 (40-bit IPA), SL0 = 1: level-1 start with 10 index bits, two concatenated
 * tables (8 KiB, 1024 entries); entry 0x201 lives in the second page. One descriptor read. */
static void test_mmu_s2_concatenated_level1_tables(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 24 | 1u << 6);
    wr64(&e, TABLES + 0x201 * 8, RAM_BASE | S2_AF | S2AP(3) | S2_WB | 1);
    struct mmu_result res;
    struct mmu_fault f;
    assert_true(s2(&e, 0x8040000000ull + 0x123456, MMU_READ, &res, &f));
    assert_int_equal(res.pa, RAM_BASE + 0x123456);
    assert_int_equal(res.s2level, 1);
    assert_int_equal(res.s2shift, 30);
    assert_int_equal(res.attr, 0xff);
    assert_int_equal(e.mmu->stats.last_walk_reads, 1);
    assert_int_equal(e.mmu->stats.s2_desc_reads, 1);
    env_free(&e);
}

/* SL0 = 0 with T0SZ = 24 would need 19 index bits at level 2 (more than 16 concatenated
 * tables), SL0 = 3 is reserved, and an IPA at or above 2^40 is out of range: all stage-2
 * level-0 Translation faults that report the IPA. */
static void test_mmu_s2_bad_start_level_and_range(void **state)
{
    (void)state;
    struct env e;
    struct mmu_result res;
    struct mmu_fault f;
    env_init(&e, 24 | 0u << 6);
    assert_false(s2(&e, 0x1000, MMU_READ, &res, &f));
    assert_int_equal(f.kind, MMU_FAULT_TRANSLATION);
    assert_int_equal(f.level, 0);
    assert_true(f.stage2);
    assert_false(f.s1ptw);
    assert_int_equal(f.ipa, 0x1000);
    assert_int_equal(f.va, 0x1234000);
    env_free(&e);
    env_init(&e, 24 | 3u << 6);
    assert_false(s2(&e, 0x1000, MMU_READ, &res, &f));
    assert_int_equal(mmu_fault_fsc(&f), 0x04);
    env_free(&e);
    env_init(&e, 24 | 1u << 6);
    assert_false(s2(&e, 1ull << 40, MMU_READ, &res, &f));
    assert_int_equal(mmu_fault_fsc(&f), 0x04);
    assert_int_equal(f.ipa, 1ull << 40);
    env_free(&e);
}

/* 64K granule (TG0 = 01), T0SZ = 22 (42 bits), SL0 = 1: start at level 2 with 13 index bits;
 * a 512 MiB level-2 block. A level-2 table leads to level-3 64K pages. */
static void test_mmu_s2_64k_granule(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 22 | 1u << 6 | 1u << 14 | 2u << 16);
    e.r.vttbr = TABLES | 3ull << 48;
    wr64(&e, TABLES + 1 * 8, RAM_BASE | S2_AF | S2AP(3) | S2_WB | 1);       /* IPA 0x20000000: block */
    wr64(&e, TABLES + 2 * 8, (TABLES + 0x10000) | 3);                       /* IPA 0x40000000: table */
    wr64(&e, TABLES + 0x10000 + 5 * 8, (RAM_BASE + 0x30000) | S2_AF | S2AP(1) | S2_WB | 3);
    struct mmu_result res;
    struct mmu_fault f;
    assert_true(s2(&e, 0x20000000ull + 0x1234567, MMU_READ, &res, &f));
    assert_int_equal(res.pa, RAM_BASE + 0x1234567);
    assert_int_equal(res.s2level, 2);
    assert_true(s2(&e, 0x40000000ull + 5 * 0x10000 + 0x1234, MMU_READ, &res, &f));
    assert_int_equal(res.pa, RAM_BASE + 0x31234);
    assert_int_equal(res.s2level, 3);
    assert_int_equal(e.mmu->stats.last_walk_reads, 2);
    /* S2AP = 01: read-only. */
    assert_false(s2(&e, 0x40000000ull + 5 * 0x10000, MMU_WRITE, &res, &f));
    assert_int_equal(mmu_fault_fsc(&f), 0x0f);
    assert_true(f.stage2);
    env_free(&e);
}

/* 16K granule (TG0 = 10), T0SZ = 28 (36 bits), SL0 = 1: start at level 2 with 11 index bits
 * (one 16 KiB table); a 32 MiB level-2 block; SL0 = 2 would start at level 1 with 0 bits: a
 * misprogrammed start level (level-0 Translation fault). */
static void test_mmu_s2_16k_granule(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 28 | 1u << 6 | 2u << 14 | 1u << 16);
    wr64(&e, TABLES + 0x20 * 8, RAM_BASE | S2_AF | S2AP(3) | S2_WB | 1); /* IPA 0x40000000 */
    struct mmu_result res;
    struct mmu_fault f;
    assert_true(s2(&e, 0x40000000ull + 0x1abcdef, MMU_READ, &res, &f));
    assert_int_equal(res.pa, RAM_BASE + 0x1abcdef);
    assert_int_equal(res.s2level, 2);
    assert_int_equal(res.s2shift, 25);
    env_free(&e);
    env_init(&e, 28 | 2u << 6 | 2u << 14 | 1u << 16);
    assert_false(s2(&e, 0x40000000ull, MMU_READ, &res, &f));
    assert_int_equal(mmu_fault_fsc(&f), 0x04);
    env_free(&e);
}

/* S2AP = 10 is write-only; XN forbids fetches only; AF = 0 is an Access flag fault; an output
 * address beyond VTCR_EL2.PS (32 bits) is an Address size fault at the leaf's level. */
static void test_mmu_s2_permissions_af_address_size(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 24 | 1u << 6 | 0u << 16 /* PS 32 bits */);
    /* IPA 0x40000000 -> level-2 table with 2 MiB blocks. */
    uint64_t l2 = TABLES + 0x2000;
    wr64(&e, TABLES + 1 * 8, l2 | 3);
    wr64(&e, l2 + 0 * 8, RAM_BASE | S2_AF | S2AP(2) | S2_WB | 1);
    wr64(&e, l2 + 1 * 8, (RAM_BASE + 0x200000) | S2_AF | S2AP(3) | S2_WB | S2_XN | 1);
    wr64(&e, l2 + 2 * 8, (RAM_BASE + 0x400000) | S2AP(3) | S2_WB | 1);
    wr64(&e, l2 + 3 * 8, 0x100000000ull | S2_AF | S2AP(3) | S2_WB | 1);
    wr64(&e, l2 + 4 * 8, (RAM_BASE + 0x800000) | S2_AF | S2AP(3) | (0x1ull << 2) /* Device-nGnRE */ | 1);
    struct mmu_result res;
    struct mmu_fault f;
    assert_false(s2(&e, 0x40000010, MMU_READ, &res, &f));
    assert_int_equal(mmu_fault_fsc(&f), 0x0e);
    assert_true(s2(&e, 0x40000010, MMU_WRITE, &res, &f));
    assert_true(s2(&e, 0x40000010, MMU_EXEC, &res, &f)); /* execute needs XN = 0 only */
    assert_true(s2(&e, 0x40200010, MMU_WRITE, &res, &f));
    assert_false(s2(&e, 0x40200010, MMU_EXEC, &res, &f));
    assert_int_equal(mmu_fault_fsc(&f), 0x0e);
    assert_false(s2(&e, 0x40400010, MMU_READ, &res, &f));
    assert_int_equal(mmu_fault_fsc(&f), 0x0a);
    assert_int_equal(f.ipa, 0x40400010);
    assert_false(s2(&e, 0x40600010, MMU_READ, &res, &f));
    assert_int_equal(mmu_fault_fsc(&f), 0x02);
    assert_true(s2(&e, 0x40800010, MMU_READ, &res, &f));
    assert_int_equal(res.attr, 0x04);
    assert_int_equal(mmu_combine_attr(0xff, res.attr), 0x04);
    env_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mmu_s2_concatenated_level1_tables),
        cmocka_unit_test(test_mmu_s2_bad_start_level_and_range),
        cmocka_unit_test(test_mmu_s2_64k_granule),
        cmocka_unit_test(test_mmu_s2_16k_granule),
        cmocka_unit_test(test_mmu_s2_permissions_af_address_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
