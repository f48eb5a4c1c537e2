/*
 * The stage-1 walker, permission check, architectural TLB and TLBI scopes (src/mmu) over
 * hand-built page tables in RAM on a bare bus (no CPU). Tables are built by a small mapper that
 * creates intermediate tables down to the requested leaf level.
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
#define TABLES (RAM_BASE + (32ull << 20)) /* page tables live in the upper half */

/* Leaf attribute bits. */
#define D_VALID 1ull
#define D_TABLE 2ull
#define D_PAGE 3ull
#define D_AF (1ull << 10)
#define D_NG (1ull << 11)
#define D_AP(x) ((uint64_t)(x) << 6)
#define D_SH_IS (3ull << 8)
#define D_ATTR(i) ((uint64_t)(i) << 2)
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54)
#define T_PXN (1ull << 59)
#define T_UXN (1ull << 60)
#define T_AP(x) ((uint64_t)(x) << 61)

struct env {
    struct bus *bus;
    uint8_t *ram;
    struct mmu *mmu;
    uint64_t next; /* bump allocator for tables */
    unsigned gbits;
};

static void env_init(struct env *e, unsigned gbits)
{
    e->bus = bus_create();
    assert_non_null(e->bus);
    assert_int_equal(bus_add_ram(e->bus, "ram", RAM_BASE, RAM_SIZE, false, &e->ram), 0);
    e->mmu = calloc(1, sizeof *e->mmu);
    assert_non_null(e->mmu);
    mmu_init(e->mmu, e->bus);
    e->next = TABLES;
    e->gbits = gbits;
}

static void env_free(struct env *e)
{
    free(e->mmu);
    bus_destroy(e->bus);
}

static uint64_t alloc_table(struct env *e)
{
    uint64_t t = e->next;
    e->next += 1ull << e->gbits;
    assert_true(e->next <= RAM_BASE + RAM_SIZE);
    memset(e->ram + (t - RAM_BASE), 0, 1ull << e->gbits);
    return t;
}

static uint64_t rd64(struct env *e, uint64_t pa)
{
    uint64_t v;
    assert_int_equal(bus_read(e->bus, pa, 8, &v), BUS_OK);
    return v;
}

static void wr64(struct env *e, uint64_t pa, uint64_t v)
{
    assert_int_equal(bus_write(e->bus, pa, 8, v), BUS_OK);
}

static unsigned start_level(unsigned inputsize, unsigned gbits)
{
    return 3 - (inputsize - gbits - 1) / (gbits - 3);
}

/*
 * Map va -> pa with a leaf at `leaf_level` in the tables rooted at `root` (inputsize bits of VA).
 * `attrs` are the leaf's attribute bits (without type), `tattrs` are OR-ed into every table
 * descriptor created or walked. Returns the address of the leaf descriptor.
 */
static uint64_t map(struct env *e, uint64_t root, unsigned inputsize, uint64_t va, uint64_t pa,
                    unsigned leaf_level, uint64_t attrs, uint64_t tattrs)
{
    unsigned g = e->gbits, stride = g - 3, lvl = start_level(inputsize, g);
    uint64_t table = root;
    for (;; lvl++) {
        unsigned shift = g + stride * (3 - lvl);
        unsigned nbits = lvl == start_level(inputsize, g) ? inputsize - shift : stride;
        uint64_t idx = (va >> shift) & ((1ull << nbits) - 1);
        uint64_t daddr = table + idx * 8;
        if (lvl == leaf_level) {
            uint64_t type = lvl == 3 ? D_PAGE : D_VALID;
            wr64(e, daddr, (pa & ~((1ull << shift) - 1)) | attrs | type);
            return daddr;
        }
        uint64_t d = rd64(e, daddr);
        if (!(d & 1)) {
            d = alloc_table(e) | D_TABLE | D_VALID;
        }
        d |= tattrs;
        wr64(e, daddr, d);
        table = d & 0xfffffffff000ull & ~((1ull << g) - 1);
    }
}

/* TCR_EL1 with T0SZ/T1SZ, granules, IPS = 48 bits. */
static uint64_t tcr_el1(unsigned t0sz, unsigned gbits0, unsigned t1sz, unsigned gbits1)
{
    uint64_t tg0 = gbits0 == 12 ? 0 : gbits0 == 16 ? 1 : 2;
    uint64_t tg1 = gbits1 == 12 ? 2 : gbits1 == 14 ? 1 : 3;
    return t0sz | tg0 << 14 | (uint64_t)t1sz << 16 | tg1 << 30 | 5ull << 32;
}

static struct mmu_regs regs_el10(uint64_t tcr, uint64_t ttbr0, uint64_t ttbr1)
{
    struct mmu_regs r = { MMU_REGIME_EL10, 1 /* M */, tcr, ttbr0, ttbr1, 0xff /* attr0 Normal WB */ | 0x00ull << 8, 0, false, false, false, 0, 0 };
    return r;
}

static const struct mmu_access_desc RD1 = { MMU_READ, false, false, false }, WR1 = { MMU_WRITE, false, false, false },
                                    EX1 = { MMU_EXEC, false, false, false }, RD0 = { MMU_READ, true, false, false },
                                    WR0 = { MMU_WRITE, true, false, false }, EX0 = { MMU_EXEC, true, false, false },
                                    RDPAN = { MMU_READ, false, true, false };

static bool xlate(struct env *e, const struct mmu_regs *r, uint64_t va, const struct mmu_access_desc *a,
                  uint64_t *pa, struct mmu_fault *f)
{
    struct mmu_result res;
    struct mmu_fault dummy;
    if (!f)
        f = &dummy;
    bool ok = mmu_translate_regime(e->mmu, r, va, a, &res, f);
    if (ok && pa)
        *pa = res.pa;
    return ok;
}

/* Every granule, every T0SZ 16..39: the walk starts at the level the Arm ARM gives
 * (DDI 0487 D8.2.6) and reaches a page at level 3. */
static void test_mmu_every_granule_and_txsz_walks_from_right_level(void **state)
{
    (void)state;
    static const unsigned granules[] = { 12, 14, 16 };
    for (unsigned gi = 0; gi < 3; gi++)
        for (unsigned tsz = 16; tsz <= 39; tsz++) {
            struct env e;
            env_init(&e, granules[gi]);
            unsigned in = 64 - tsz;
            uint64_t root = alloc_table(&e);
            uint64_t va = 1ull << (in - 1) | 0x123000ull; /* the top index bit set */
            uint64_t pa = RAM_BASE + 0x10000ull * 3;
            map(&e, root, in, va, pa, 3, D_AF, 0);
            struct mmu_regs r = regs_el10(tcr_el1(tsz, granules[gi], 16, 12), root, 0);
            struct mmu_explanation x;
            bool ok = mmu_explain(e.mmu, &r, va + 0x18, &RD1, &x);
            assert_true(ok);
            assert_int_equal(x.start_level, start_level(in, granules[gi]));
            assert_int_equal(x.nsteps, 4 - x.start_level);
            assert_int_equal(x.result.level, 3);
            uint64_t off_mask = (1ull << granules[gi]) - 1;
            assert_int_equal(x.result.pa, (pa & ~off_mask) + ((va + 0x18) & off_mask));
            uint64_t got;
            assert_true(xlate(&e, &r, va + 0x18, &RD1, &got, NULL));
            assert_int_equal(got, x.result.pa);
            env_free(&e);
        }
}

/* Blocks: 4K at level 1 (1 GiB) and 2 (2 MiB), 16K and 64K at level 2 (32 MiB, 512 MiB). */
static void test_mmu_block_sizes_translate_offsets(void **state)
{
    (void)state;
    static const struct { unsigned g, level, shift; } cases[] = {
        { 12, 1, 30 }, { 12, 2, 21 }, { 14, 2, 25 }, { 16, 2, 29 },
    };
    for (unsigned i = 0; i < 4; i++) {
        struct env e;
        env_init(&e, cases[i].g);
        uint64_t root = alloc_table(&e);
        uint64_t va = 0x0000008000000000ull >> 4 << 1; /* some VA in 48 bits */
        va &= ~((1ull << cases[i].shift) - 1);
        uint64_t out = 1ull << 40; /* output address (not backed: walks don't touch it) */
        map(&e, root, 48, va, out, cases[i].level, D_AF, 0);
        struct mmu_regs r = regs_el10(tcr_el1(16, cases[i].g, 16, 12), root, 0);
        uint64_t off = (1ull << cases[i].shift) - 8, pa;
        assert_true(xlate(&e, &r, va + off, &RD1, &pa, NULL));
        assert_int_equal(pa, out + off);
        struct mmu_explanation x;
        assert_true(mmu_explain(e.mmu, &r, va + off, &RD1, &x));
        assert_int_equal(x.result.shift, cases[i].shift);
        assert_int_equal(x.step[x.nsteps - 1].type, MMU_DESC_BLOCK);
        env_free(&e);
    }
}

static void expect_fault(struct env *e, const struct mmu_regs *r, uint64_t va, const struct mmu_access_desc *a,
                         enum mmu_fault_kind kind, unsigned level)
{
    struct mmu_fault f;
    assert_false(xlate(e, r, va, a, NULL, &f));
    assert_int_equal(f.kind, kind);
    assert_int_equal(f.level, level);
    assert_int_equal(f.va, va);
}

/* 4K, 48-bit: an invalid descriptor at each level 0..3 is a Translation fault at that level. */
static void test_mmu_translation_fault_at_each_level(void **state)
{
    (void)state;
    for (unsigned lvl = 0; lvl <= 3; lvl++) {
        struct env e;
        env_init(&e, 12);
        uint64_t root = alloc_table(&e);
        uint64_t va = 0x0000123456789000ull;
        uint64_t leaf = map(&e, root, 48, va, RAM_BASE, 3, D_AF, 0);
        /* Find the descriptor at `lvl` by explaining the walk, then clear it. */
        struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root, 0);
        struct mmu_explanation x;
        assert_true(mmu_explain(e.mmu, &r, va, &RD1, &x));
        assert_int_equal(x.step[3].desc_addr, leaf);
        wr64(&e, x.step[lvl].desc_addr, 0);
        expect_fault(&e, &r, va, &RD1, MMU_FAULT_TRANSLATION, lvl);
        struct mmu_fault f = { .kind = MMU_FAULT_TRANSLATION, .level = lvl };
        assert_int_equal(mmu_fault_fsc(&f), 0x04 + lvl);
        env_free(&e);
    }
}

/* Reserved encodings: a level-0 block (4K), a level-1 block (16K, 64K), a level-3 "block". */
static void test_mmu_reserved_descriptors_are_translation_faults(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root = alloc_table(&e);
    wr64(&e, root, 0x80000000ull | D_AF | D_VALID); /* level-0 block: reserved */
    struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root, 0);
    expect_fault(&e, &r, 0x1000, &RD1, MMU_FAULT_TRANSLATION, 0);
    /* Level 3 with bits[1:0] = 01. */
    uint64_t leaf = map(&e, root, 48, 0x0000008000000000ull, RAM_BASE, 3, D_AF, 0);
    wr64(&e, leaf, RAM_BASE | D_AF | D_VALID);
    expect_fault(&e, &r, 0x0000008000000000ull, &RD1, MMU_FAULT_TRANSLATION, 3);
    env_free(&e);

    static const unsigned big[] = { 14, 16 };
    for (unsigned i = 0; i < 2; i++) {
        env_init(&e, big[i]);
        root = alloc_table(&e);
        /* 64K 48-bit starts at level 1; 16K at level 0 -> make a level-1 table first. */
        uint64_t va = 0;
        uint64_t l1 = root;
        if (big[i] == 14) {
            l1 = alloc_table(&e);
            wr64(&e, root, l1 | D_TABLE | D_VALID);
        }
        wr64(&e, l1, RAM_BASE | D_AF | D_VALID);
        r = regs_el10(tcr_el1(16, big[i], 16, 12), root, 0);
        expect_fault(&e, &r, va, &RD1, MMU_FAULT_TRANSLATION, 1);
        env_free(&e);
    }
}

/* Access flag = 0 in a leaf at levels 1, 2, 3. */
static void test_mmu_access_flag_fault_at_leaf_level(void **state)
{
    (void)state;
    for (unsigned lvl = 1; lvl <= 3; lvl++) {
        struct env e;
        env_init(&e, 12);
        uint64_t root = alloc_table(&e);
        uint64_t va = 0x0000004000000000ull;
        map(&e, root, 48, va, RAM_BASE, lvl, 0 /* AF = 0 */, 0);
        struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root, 0);
        expect_fault(&e, &r, va, &RD1, MMU_FAULT_ACCESS_FLAG, lvl);
        /* Not cached: setting AF makes the next access succeed without TLBI. */
        env_free(&e);
    }
}

/* Address size: TTBR beyond IPS (level 0), a table address beyond it (that level), an output
 * address beyond it (the leaf level). IPS = 32 bits here. */
static void test_mmu_address_size_faults(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root = alloc_table(&e);
    uint64_t tcr = (tcr_el1(16, 12, 16, 12) & ~(7ull << 32)) | 0ull << 32; /* IPS = 32 bits */
    /* RAM at 0x4000_0000 is below 4 GiB, so tables are fine; an output address at 1 TiB is not. */
    map(&e, root, 48, 0x1000, 1ull << 40, 3, D_AF, 0);
    struct mmu_regs r = regs_el10(tcr, root, 0);
    expect_fault(&e, &r, 0x1000, &RD1, MMU_FAULT_ADDRESS_SIZE, 3);
    /* A level-1 table descriptor pointing above 4 GiB. */
    uint64_t va2 = 0x0000008000000000ull;
    struct mmu_explanation x;
    map(&e, root, 48, va2, RAM_BASE, 3, D_AF, 0);
    assert_true(mmu_explain(e.mmu, &r, va2, &RD1, &x));
    wr64(&e, x.step[1].desc_addr, (1ull << 36) | D_TABLE | D_VALID);
    expect_fault(&e, &r, va2, &RD1, MMU_FAULT_ADDRESS_SIZE, 1);
    /* The TTBR itself. */
    r.ttbr0 = 1ull << 36;
    expect_fault(&e, &r, 0x1000, &RD1, MMU_FAULT_ADDRESS_SIZE, 0);
    env_free(&e);
}

/* Level-0 translation faults of the input range: TxSZ out of range, EPD0/EPD1, bits above the
 * input size, and an external abort on a descriptor read outside RAM. */
static void test_mmu_input_range_and_walk_external_faults(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root = alloc_table(&e);
    map(&e, root, 48, 0x1000, RAM_BASE, 3, D_AF, 0);
    struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root, root);
    assert_true(xlate(&e, &r, 0x1000, &RD1, NULL, NULL));
    mmu_atlb_flush(e.mmu); /* a TCR change: the CPU layer flushes too */
    struct mmu_regs bad = regs_el10(tcr_el1(15, 12, 16, 12), root, 0);
    expect_fault(&e, &bad, 0x1000, &RD1, MMU_FAULT_TRANSLATION, 0);
    mmu_atlb_flush(e.mmu); /* a TCR change: the CPU layer flushes too */
    bad = regs_el10(tcr_el1(40, 12, 16, 12), root, 0);
    expect_fault(&e, &bad, 0x1000, &RD1, MMU_FAULT_TRANSLATION, 0);
    mmu_atlb_flush(e.mmu); /* a TCR change: the CPU layer flushes too */
    bad = regs_el10(tcr_el1(16, 12, 16, 12) | 1ull << 7 /* EPD0 */, root, 0);
    expect_fault(&e, &bad, 0x1000, &RD1, MMU_FAULT_TRANSLATION, 0);
    mmu_atlb_flush(e.mmu); /* a TCR change: the CPU layer flushes too */
    bad = regs_el10(tcr_el1(16, 12, 16, 12) | 1ull << 23 /* EPD1 */, root, root);
    expect_fault(&e, &bad, 0xffff000000001000ull, &RD1, MMU_FAULT_TRANSLATION, 0);
    /* T0SZ = 25: bits 38:25 must be zero. */
    mmu_atlb_flush(e.mmu); /* a TCR change: the CPU layer flushes too */
    bad = regs_el10(tcr_el1(25, 12, 16, 12), root, 0);
    expect_fault(&e, &bad, 0x0000008000001000ull, &RD1, MMU_FAULT_TRANSLATION, 0);
    /* Non-canonical (bit 55 = 0 but bit 60 set, no TBI). */
    expect_fault(&e, &r, 0x1000000000001000ull, &RD1, MMU_FAULT_TRANSLATION, 0);
    /* A table outside RAM: synchronous external abort on the walk, FSC 0x14 + level. */
    mmu_atlb_flush(e.mmu);
    struct mmu_explanation x;
    assert_true(mmu_explain(e.mmu, &r, 0x1000, &RD1, &x));
    wr64(&e, x.step[2].desc_addr, 0x10000000ull | D_TABLE | D_VALID);
    struct mmu_fault f;
    assert_false(xlate(&e, &r, 0x1000, &RD1, NULL, &f));
    assert_int_equal(f.kind, MMU_FAULT_EXTERNAL_WALK);
    assert_int_equal(mmu_fault_fsc(&f), 0x14 + 3);
    env_free(&e);
}

/* AP[2:1] x {EL0, EL1} x {R, W}, and execute-never rules (Table D8-45 and friends). */
static void test_mmu_permissions_ap_uxn_pxn_wxn_pan(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root = alloc_table(&e);
    struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root, 0);
    /* ap -> {EL1 R, EL1 W, EL0 R, EL0 W} */
    static const bool tab[4][4] = {
        { 1, 1, 0, 0 }, { 1, 1, 1, 1 }, { 1, 0, 0, 0 }, { 1, 0, 1, 0 },
    };
    for (unsigned ap = 0; ap < 4; ap++) {
        uint64_t va = 0x100000ull * (ap + 1);
        map(&e, root, 48, va, RAM_BASE, 3, D_AF | D_AP(ap), 0);
        assert_int_equal(xlate(&e, &r, va, &RD1, NULL, NULL), tab[ap][0]);
        assert_int_equal(xlate(&e, &r, va, &WR1, NULL, NULL), tab[ap][1]);
        assert_int_equal(xlate(&e, &r, va, &RD0, NULL, NULL), tab[ap][2]);
        assert_int_equal(xlate(&e, &r, va, &WR0, NULL, NULL), tab[ap][3]);
        /* EL1 never executes EL0-writable memory (AP = 01). */
        assert_int_equal(xlate(&e, &r, va, &EX1, NULL, NULL), ap != 1);
        assert_true(xlate(&e, &r, va, &EX0, NULL, NULL));
        /* PAN: no EL1 data access to EL0-accessible pages (AP[1] = 1). */
        assert_int_equal(xlate(&e, &r, va, &RDPAN, NULL, NULL), (ap & 1) == 0);
    }
    /* A permission fault reports the leaf level. */
    expect_fault(&e, &r, 0x100000ull * 3, &WR1, MMU_FAULT_PERMISSION, 3);
    /* UXN / PXN. */
    map(&e, root, 48, 0x900000, RAM_BASE, 3, D_AF | D_AP(1) | D_UXN, 0);
    assert_false(xlate(&e, &r, 0x900000, &EX0, NULL, NULL));
    map(&e, root, 48, 0xa00000, RAM_BASE, 3, D_AF | D_AP(3) | D_PXN, 0);
    assert_false(xlate(&e, &r, 0xa00000, &EX1, NULL, NULL));
    assert_true(xlate(&e, &r, 0xa00000, &EX0, NULL, NULL));
    /* WXN: writable means not executable, at each EL for its own write permission. */
    struct mmu_regs w = r;
    w.sctlr |= MMU_SCTLR_WXN;
    map(&e, root, 48, 0xb00000, RAM_BASE, 3, D_AF | D_AP(0), 0);
    assert_false(xlate(&e, &w, 0xb00000, &EX1, NULL, NULL));
    assert_true(xlate(&e, &r, 0xb00000, &EX1, NULL, NULL));
    map(&e, root, 48, 0xc00000, RAM_BASE, 3, D_AF | D_AP(2), 0);
    assert_true(xlate(&e, &w, 0xc00000, &EX1, NULL, NULL));
    env_free(&e);
}

/* APTable, UXNTable, PXNTable restrict everything below the table. */
static void test_mmu_hierarchical_table_controls(void **state)
{
    (void)state;
    static const struct { uint64_t t; const struct mmu_access_desc *a; bool ok; } cases[] = {
        { T_AP(1), &RD0, false }, { T_AP(1), &RD1, true }, { T_AP(2), &WR1, false },
        { T_AP(2), &WR0, false }, { T_AP(2), &RD0, true }, { T_UXN, &EX0, false },
        { T_UXN, &EX1, true }, { T_PXN, &EX1, false }, { T_PXN, &EX0, true }, { 0, &WR0, true },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct env e;
        env_init(&e, 12);
        uint64_t root = alloc_table(&e);
        /* Leaf AP = 01 (EL0 RW) for writes, 11 (EL0 RO, so EL1 may execute) otherwise. */
        unsigned ap = cases[i].a->access == MMU_WRITE ? 1 : 3;
        map(&e, root, 48, 0x200000, RAM_BASE, 3, D_AF | D_AP(ap), cases[i].t);
        struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root, 0);
        if (xlate(&e, &r, 0x200000, cases[i].a, NULL, NULL) != cases[i].ok)
            fail_msg("case %u", i);
        env_free(&e);
    }
}

/* The EL2 regime: one VA range, AP[1] ignored, XN at bit 54, PXN ignored, nG ignored. */
static void test_mmu_el2_regime_permissions(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root = alloc_table(&e);
    map(&e, root, 48, 0x1000, RAM_BASE, 3, D_AF | D_AP(2), 0);
    map(&e, root, 48, 0x2000, RAM_BASE, 3, D_AF | D_AP(1) | D_PXN | D_NG, 0);
    map(&e, root, 48, 0x3000, RAM_BASE, 3, D_AF | D_UXN, 0);
    struct mmu_regs r = { MMU_REGIME_EL2, 1, 16 | 5ull << 16 | 1ull << 23 | 1ull << 31, root, 0, 0xff, 0, false, false, false, 0, 0 };
    assert_true(xlate(&e, &r, 0x1000, &RD1, NULL, NULL));
    assert_false(xlate(&e, &r, 0x1000, &WR1, NULL, NULL));
    assert_true(xlate(&e, &r, 0x2000, &WR1, NULL, NULL));
    assert_true(xlate(&e, &r, 0x2000, &EX1, NULL, NULL));
    assert_false(xlate(&e, &r, 0x3000, &EX1, NULL, NULL));
    /* Upper addresses are outside the single range. */
    expect_fault(&e, &r, 0xffff000000001000ull, &RD1, MMU_FAULT_TRANSLATION, 0);
    struct mmu_explanation x;
    assert_true(mmu_explain(e.mmu, &r, 0x2000, &RD1, &x));
    assert_false(x.result.ng);
    assert_false(x.result.pxn);
    env_free(&e);
}

/* TBI0/TBI1: data accesses ignore the top byte; instruction fetches do not. */
static void test_mmu_tbi_data_only(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root0 = alloc_table(&e), root1 = alloc_table(&e);
    map(&e, root0, 48, 0x5000, RAM_BASE + 0x5000, 3, D_AF, 0);
    map(&e, root1, 48, 0xffff000000006000ull, RAM_BASE + 0x6000, 3, D_AF, 0);
    uint64_t tcr = tcr_el1(16, 12, 16, 12);
    struct mmu_regs r = regs_el10(tcr, root0, root1);
    expect_fault(&e, &r, 0x5a00000000005000ull, &RD1, MMU_FAULT_TRANSLATION, 0);
    r.tcr = tcr | 1ull << 37 | 1ull << 38;
    uint64_t pa;
    assert_true(xlate(&e, &r, 0x5a00000000005008ull, &RD1, &pa, NULL));
    assert_int_equal(pa, RAM_BASE + 0x5008);
    assert_true(xlate(&e, &r, 0x12ff000000006010ull, &WR1, &pa, NULL));
    assert_int_equal(pa, RAM_BASE + 0x6010);
    expect_fault(&e, &r, 0x5a00000000005000ull, &EX1, MMU_FAULT_TRANSLATION, 0);
    assert_true(xlate(&e, &r, 0x0000000000005000ull, &EX1, NULL, NULL));
    /* TBI0 alone leaves the upper range strict. */
    r.tcr = tcr | 1ull << 37;
    expect_fault(&e, &r, 0x12ff000000006010ull, &RD1, MMU_FAULT_TRANSLATION, 0);
    env_free(&e);
}

/* Two ASIDs with the same VA and different tables; a global kernel page shared by both; the
 * TLB keeps both without any flush, and TLBI scopes remove exactly what they name. */
static void test_mmu_asid_tagging_and_tlbi_scopes(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t ta = alloc_table(&e), tb = alloc_table(&e), tk = alloc_table(&e);
    uint64_t va = 0x400000, kva = 0xffff000000800000ull;
    uint64_t la = map(&e, ta, 48, va, RAM_BASE + 0xa000, 3, D_AF | D_NG | D_AP(1), 0);
    map(&e, tb, 48, va, RAM_BASE + 0xb000, 3, D_AF | D_NG | D_AP(1), 0);
    uint64_t lk = map(&e, tk, 48, kva, RAM_BASE + 0xc000, 3, D_AF, 0);
    uint64_t tcr = tcr_el1(16, 12, 16, 12) | 1ull << 36; /* 16-bit ASIDs */
    struct mmu_regs ra = regs_el10(tcr, ta | 0x1234ull << 48, tk), rb = regs_el10(tcr, tb | 0x5678ull << 48, tk);
    uint64_t pa;
    assert_true(xlate(&e, &ra, va, &RD0, &pa, NULL));
    assert_int_equal(pa, RAM_BASE + 0xa000);
    assert_true(xlate(&e, &rb, va, &RD0, &pa, NULL));
    assert_int_equal(pa, RAM_BASE + 0xb000);
    assert_true(xlate(&e, &ra, kva, &RD1, &pa, NULL));
    /* Break the tables: every answer must now come from the TLB. */
    wr64(&e, la, 0);
    wr64(&e, lk, 0);
    uint64_t walks = e.mmu->stats.walks;
    assert_true(xlate(&e, &ra, va, &RD0, &pa, NULL));
    assert_int_equal(pa, RAM_BASE + 0xa000);
    assert_true(xlate(&e, &rb, va, &RD0, &pa, NULL));
    assert_int_equal(pa, RAM_BASE + 0xb000);
    assert_true(xlate(&e, &rb, kva, &RD1, &pa, NULL)); /* global: hits under the other ASID */
    assert_int_equal(e.mmu->stats.walks, walks);
    /* TLBI ASIDE1 for B leaves A and the global entry. */
    struct mmu_ctx cb = mmu_context(&rb), ca = mmu_context(&ra);
    assert_int_equal(ca.asid, 0x1234);
    mmu_tlbi(e.mmu, MMU_TLBI_ASID, &cb, 0);
    assert_true(xlate(&e, &ra, va, &RD0, NULL, NULL));
    assert_true(xlate(&e, &rb, kva, &RD1, NULL, NULL));
    /* TLBI VAE1 with ASID A on the VA: A's entry goes (its table is broken: now a fault). */
    mmu_tlbi(e.mmu, MMU_TLBI_VA, &ca, va);
    expect_fault(&e, &ra, va, &RD0, MMU_FAULT_TRANSLATION, 3);
    /* TLBI VAE1 with some other ASID does not remove a global entry? It does: global entries
     * match any ASID (DDI 0487 D8.14.4). */
    struct mmu_ctx other = ca;
    other.asid = 0x9999;
    mmu_tlbi(e.mmu, MMU_TLBI_VA, &other, kva);
    expect_fault(&e, &ra, kva, &RD1, MMU_FAULT_TRANSLATION, 3);
    /* 8-bit ASIDs (TCR.AS = 0): the upper ASID bits are ignored. */
    struct mmu_regs r8 = regs_el10(tcr_el1(16, 12, 16, 12), ta | 0x1234ull << 48, tk);
    assert_int_equal(mmu_context(&r8).asid, 0x34);
    /* VMALL and ALL drop everything of the regime. */
    map(&e, tb, 48, 0x700000, RAM_BASE, 3, D_AF | D_NG, 0);
    assert_true(xlate(&e, &rb, 0x700000, &RD1, NULL, NULL));
    mmu_tlbi(e.mmu, MMU_TLBI_VMALL, &ca, 0);
    uint64_t misses = e.mmu->stats.atlb_misses;
    assert_true(xlate(&e, &rb, 0x700000, &RD1, NULL, NULL));
    assert_int_equal(e.mmu->stats.atlb_misses, misses + 1);
    env_free(&e);
}

/* TLBI by VA removes a block entry through any VA inside the block; VAA ignores the ASID; a
 * TLBI of the EL2 regime leaves EL1&0 entries. */
static void test_mmu_tlbi_va_block_and_regime_scope(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root = alloc_table(&e);
    map(&e, root, 48, 0x40000000ull, RAM_BASE, 2, D_AF | D_NG, 0); /* 2 MiB block */
    struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root | 7ull << 48, 0);
    assert_true(xlate(&e, &r, 0x40000000ull + 0x1ff000, &RD1, NULL, NULL));
    struct mmu_regs r2 = { MMU_REGIME_EL2, 1, 16 | 5ull << 16, root, 0, 0xff, 0, false, false, false, 0, 0 };
    map(&e, root, 48, 0x80000000ull, RAM_BASE, 3, D_AF, 0);
    assert_true(xlate(&e, &r2, 0x80000000ull, &RD1, NULL, NULL));
    struct mmu_ctx c2 = mmu_context(&r2), c1 = mmu_context(&r);
    uint64_t misses = e.mmu->stats.atlb_misses;
    mmu_tlbi(e.mmu, MMU_TLBI_ALL_REGIME, &c2, 0);
    assert_true(xlate(&e, &r, 0x40000000ull + 0x1ff000, &RD1, NULL, NULL));
    assert_int_equal(e.mmu->stats.atlb_misses, misses);
    c1.asid = 99;
    mmu_tlbi(e.mmu, MMU_TLBI_VA_ALL_ASID, &c1, 0x40000000ull + 0x3000);
    assert_true(xlate(&e, &r, 0x40000000ull + 0x1ff000, &RD1, NULL, NULL));
    assert_int_equal(e.mmu->stats.atlb_misses, misses + 1);
    env_free(&e);
}

/* TLBI by VA scans only the VA's own set unless a block the TLB may hold contains the VA
 * (mmu_tlbi): the block list must survive a full scan that keeps the block's entry, an upper-range
 * VA given as the operand's bits 55:12 must find its entry, and more blocks than the list holds
 * must fall back to scanning everything. */
static void test_mmu_tlbi_va_set_scan_and_block_list(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root0 = alloc_table(&e), root1 = alloc_table(&e);
    uint64_t lb = map(&e, root0, 48, 0x40000000ull, RAM_BASE, 2, D_AF | D_NG, 0); /* 2 MiB block */
    uint64_t kva = 0xffff000000800000ull;
    uint64_t lk = map(&e, root1, 48, kva, RAM_BASE + 0x3000, 3, D_AF, 0);
    struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root0 | 7ull << 48, root1);
    struct mmu_ctx c = mmu_context(&r);
    assert_true(xlate(&e, &r, 0x40005000ull, &RD1, NULL, NULL));
    assert_true(xlate(&e, &r, kva, &RD1, NULL, NULL));
    /* A full scan that drops nothing (another ASID) rebuilds the block list. */
    struct mmu_ctx other = c;
    other.asid = 99;
    mmu_tlbi(e.mmu, MMU_TLBI_ASID, &other, 0);
    wr64(&e, lb, 0);
    wr64(&e, lk, 0);
    assert_true(xlate(&e, &r, 0x40005000ull, &RD1, NULL, NULL)); /* still cached */
    assert_true(xlate(&e, &r, kva, &RD1, NULL, NULL));
    /* Another fragment of the block: the entry made for 0x40005000 goes. */
    mmu_tlbi(e.mmu, MMU_TLBI_VA, &c, 0x40001000ull);
    expect_fault(&e, &r, 0x40005000ull, &RD1, MMU_FAULT_TRANSLATION, 2);
    /* The upper-range page by its operand form (no bits 63:56), as cpu_tlbi passes it. */
    mmu_tlbi(e.mmu, MMU_TLBI_VA_ALL_ASID, &c, kva & ((1ull << 56) - 1));
    expect_fault(&e, &r, kva, &RD1, MMU_FAULT_TRANSLATION, 3);
    /* More distinct blocks than the list holds. */
    uint64_t leaf[MMU_ATLB_BLOCKS + 8];
    for (unsigned i = 0; i < MMU_ATLB_BLOCKS + 8; i++) {
        leaf[i] = map(&e, root0, 48, 0x80000000ull + ((uint64_t)i << 21), RAM_BASE, 2, D_AF, 0);
        assert_true(xlate(&e, &r, 0x80000000ull + ((uint64_t)i << 21) + 0x7000, &RD1, NULL, NULL));
    }
    for (unsigned i = 0; i < MMU_ATLB_BLOCKS + 8; i++)
        wr64(&e, leaf[i], 0);
    mmu_tlbi(e.mmu, MMU_TLBI_VA_ALL_ASID, &c, 0x80000000ull + 0x1000);
    mmu_tlbi(e.mmu, MMU_TLBI_VA_ALL_ASID, &c, 0x80000000ull + ((uint64_t)(MMU_ATLB_BLOCKS + 7) << 21));
    expect_fault(&e, &r, 0x80000000ull + 0x7000, &RD1, MMU_FAULT_TRANSLATION, 2);
    expect_fault(&e, &r, 0x80000000ull + ((uint64_t)(MMU_ATLB_BLOCKS + 7) << 21) + 0x7000, &RD1, MMU_FAULT_TRANSLATION, 2);
    assert_true(xlate(&e, &r, 0x80000000ull + (1ull << 21) + 0x7000, &RD1, NULL, NULL)); /* not named: cached */
    env_free(&e);
}

/* mmu_explain: decoded fields of each level and no side effects on the TLB or counters. */
static void test_mmu_explain_reports_each_level_without_side_effects(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root = alloc_table(&e);
    uint64_t va = 0x0000001234567000ull;
    uint64_t leaf = map(&e, root, 48, va, RAM_BASE + 0x3000, 3,
                        D_AF | D_NG | D_AP(3) | D_ATTR(1) | D_SH_IS | D_UXN, T_PXN);
    struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12), root, 0);
    r.mair = 0x04ull << 8 | 0xff; /* attr1 = Device-nGnRE */
    struct mmu_explanation x;
    struct mmu_stats before = e.mmu->stats;
    assert_true(mmu_explain(e.mmu, &r, va + 0x10, &RD0, &x));
    assert_memory_equal(&before, &e.mmu->stats, sizeof before);
    assert_true(x.enabled);
    assert_false(x.ttbr1);
    assert_int_equal(x.granule_bits, 12);
    assert_int_equal(x.inputsize, 48);
    assert_int_equal(x.start_level, 0);
    assert_int_equal(x.nsteps, 4);
    assert_int_equal(x.step[0].table, root);
    assert_int_equal(x.step[0].desc_addr, root + ((va >> 39) & 511) * 8);
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(x.step[i].type, MMU_DESC_TABLE);
        assert_true(x.step[i].pxn_table);
        assert_int_equal(x.step[i + 1].table, x.step[i].out);
    }
    assert_int_equal(x.step[3].desc_addr, leaf);
    assert_int_equal(x.step[3].type, MMU_DESC_PAGE);
    assert_int_equal(x.step[3].ap, 3);
    assert_int_equal(x.step[3].attrindx, 1);
    assert_int_equal(x.step[3].sh, 3);
    assert_true(x.step[3].af && x.step[3].ng && x.step[3].uxn && !x.step[3].pxn);
    assert_int_equal(x.result.pa, RAM_BASE + 0x3010);
    assert_int_equal(x.result.attr, 0x04);
    assert_true(mmu_attr_is_device(x.result.attr));
    assert_true(x.result.pxn); /* from PXNTable */
    /* The verdict includes permissions: EL0 write to a read-only page fails at level 3. */
    assert_false(mmu_explain(e.mmu, &r, va, &WR0, &x));
    assert_int_equal(x.fault.kind, MMU_FAULT_PERMISSION);
    assert_int_equal(x.fault.level, 3);
    /* MMU off: flat. */
    r.sctlr = 0;
    assert_true(mmu_explain(e.mmu, &r, 0x1234, &RD1, &x));
    assert_false(x.enabled);
    assert_int_equal(x.result.pa, 0x1234);
    env_free(&e);
}

/* Counters: a 4-level walk reads 4 descriptors; a hit reads none; per-ASID hits and misses. */
static void test_mmu_counters_walks_reads_and_per_asid(void **state)
{
    (void)state;
    struct env e;
    env_init(&e, 12);
    uint64_t root = alloc_table(&e);
    map(&e, root, 48, 0x3000, RAM_BASE, 3, D_AF | D_NG, 0);
    struct mmu_regs r = regs_el10(tcr_el1(16, 12, 16, 12) | 1ull << 36, root | 42ull << 48, 0);
    assert_true(xlate(&e, &r, 0x3000, &RD1, NULL, NULL));
    assert_true(xlate(&e, &r, 0x3008, &RD1, NULL, NULL));
    assert_int_equal(e.mmu->stats.walks, 1);
    assert_int_equal(e.mmu->stats.desc_reads, 4);
    assert_int_equal(e.mmu->stats.walk_reads_hist[4], 1);
    assert_int_equal(e.mmu->stats.atlb_hits, 1);
    assert_int_equal(e.mmu->stats.atlb_misses, 1);
    bool found = false;
    for (unsigned i = 0; i < MMU_ASID_STATS; i++)
        if (e.mmu->stats.per_asid[i].used && e.mmu->stats.per_asid[i].asid == 42) {
            assert_int_equal(e.mmu->stats.per_asid[i].hits, 1);
            assert_int_equal(e.mmu->stats.per_asid[i].misses, 1);
            found = true;
        }
    assert_true(found);
    env_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mmu_every_granule_and_txsz_walks_from_right_level),
        cmocka_unit_test(test_mmu_block_sizes_translate_offsets),
        cmocka_unit_test(test_mmu_translation_fault_at_each_level),
        cmocka_unit_test(test_mmu_reserved_descriptors_are_translation_faults),
        cmocka_unit_test(test_mmu_access_flag_fault_at_leaf_level),
        cmocka_unit_test(test_mmu_address_size_faults),
        cmocka_unit_test(test_mmu_input_range_and_walk_external_faults),
        cmocka_unit_test(test_mmu_permissions_ap_uxn_pxn_wxn_pan),
        cmocka_unit_test(test_mmu_hierarchical_table_controls),
        cmocka_unit_test(test_mmu_el2_regime_permissions),
        cmocka_unit_test(test_mmu_tbi_data_only),
        cmocka_unit_test(test_mmu_asid_tagging_and_tlbi_scopes),
        cmocka_unit_test(test_mmu_tlbi_va_block_and_regime_scope),
        cmocka_unit_test(test_mmu_tlbi_va_set_scan_and_block_list),
        cmocka_unit_test(test_mmu_explain_reports_each_level_without_side_effects),
        cmocka_unit_test(test_mmu_counters_walks_reads_and_per_asid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
