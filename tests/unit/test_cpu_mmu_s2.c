/*
 * Stage 2 (HCR_EL2.VM = 1) of the EL1&0 regime, seen by running code and by cpu_translate:
 * stage-2 translation and permission faults taken to EL2 with exact ESR_EL2 (including the
 * instruction syndrome), FAR_EL2 and HPFAR_EL2; a stage-2 fault on a stage-1 walk (S1PTW); the
 * 24 descriptor reads of a 4-level stage 1 under a 4-level stage 2; two VMIDs mapping the same
 * IPA differently with no TLBI between them; TLBI VMALLS12E1 and IPAS2E1 scoping; AT S12E1R.
 *
 * Tables: 4K granule everywhere, every mapping a level-3 page (so each walk reads 4
 * descriptors). Stage 1: T0SZ = 16 (walks start at level 0). Stage 2: VTCR_EL2.T0SZ = 16,
 * SL0 = 2 (start at level 0), PS = 48 bits. Tables come from a bump allocator in RAM at
 * 0x40400000 (IPA = PA there: stage 2 maps the table pages identically).
 */
#include "cpu_harness.h"

#include "cpu/cpu_internal.h"
#include "cpu/sysreg_traps.h"

#define TABLES (H_RAM_BASE + 0x400000ull)
#define AF (1ull << 10)
#define S2AP(x) ((uint64_t)(x) << 6)
#define S2_NORMAL (0xfull << 2) /* MemAttr: Normal, outer and inner Write-Back */
#define S2_DEVICE (0x0ull << 2) /* MemAttr: Device-nGnRnE */
#define S2_RW (S2AP(3) | AF | S2_NORMAL)
#define S1_RW (AF) /* AP = 00: EL1 read/write, attr index 0 */
#define VTCR_4L (16u | 2u << 6 | 1u << 8 | 1u << 10 | 3u << 12 | 5u << 16 | 1u << 31)
#define TVA 0x10000000ull
#define EC_DABT_LOW 0x24u
#define EC_IABT_LOW 0x20u

struct s2env {
    struct harness h;
    uint64_t next;
    uint64_t s1root, s2root;
};

static uint64_t alloc_page(struct s2env *e)
{
    uint64_t t = e->next;
    e->next += 0x1000;
    assert_true(e->next <= H_RAM_BASE + H_RAM_SIZE);
    memset(e->h.ram + (t - H_RAM_BASE), 0, 0x1000);
    return t;
}

/* Map one 4 KiB page at level 3 of a 4-level (48-bit, 4K) table rooted at root. Intermediate
 * tables are RAM pages at PA = IPA; returns the L3 table holding the leaf. */
static uint64_t map4k(struct s2env *e, uint64_t root, uint64_t in, uint64_t out, uint64_t attrs)
{
    uint64_t table = root;
    for (unsigned level = 0; level < 3; level++) {
        uint64_t slot = table + ((in >> (39 - 9 * level)) & 511) * 8;
        uint64_t d = h_read64(&e->h, slot);
        if (!(d & 1)) {
            d = alloc_page(e) | 3;
            h_write64(&e->h, slot, d);
        }
        table = d & 0xfffffffff000ull;
    }
    h_write64(&e->h, table + ((in >> 12) & 511) * 8, (out & ~0xfffull) | attrs | 3);
    return table;
}

/* Stage 2 identity for every table page allocated so far and the code page. */
static void s2_identity_tables(struct s2env *e, uint64_t root)
{
    map4k(e, root, H_CODE, H_CODE, S2_RW);
    for (uint64_t p = TABLES; p < e->next; p += 0x1000)
        map4k(e, root, p, p, S2_RW);
}

/* At EL2 with EL2 implemented; stage-1 and stage-2 roots allocated; HCR_EL2.VM = 1, VMID 1;
 * VBAR_EL2 vectors of self-branches. Stage 1 is off until s1_on(). */
static void s2env_init(struct s2env *e)
{
    h_init_el2(&e->h);
    e->next = TABLES;
    e->s1root = alloc_page(e);
    e->s2root = alloc_page(e);
    struct cpu_state *c = e->h.cpu;
    c->sr.vtcr_el2 = VTCR_4L;
    c->sr.vttbr_el2 = e->s2root | 1ull << 48;
    c->sr.hcr_el2 |= 1ull << HCR_VM | 1ull << HCR_RW;
    c->sr.mair_el1 = 0xff;
    c->sr.tcr_el1 = 16 | 1ull << 23 /* EPD1 */ | 5ull << 32;
    c->sr.ttbr0_el1 = e->s1root;
    cpu_translation_changed(c);
}

static void s1_on(struct s2env *e)
{
    e->h.cpu->sr.sctlr_el1 |= 1;
    cpu_translation_changed(e->h.cpu);
}

/* Run code at EL1 (from H_CODE) for n steps. */
static void run_el1(struct s2env *e, const uint32_t *code, size_t n, unsigned steps)
{
    h_code(&e->h, code, n);
    cpu_set_el_spsel(e->h.cpu, 1, 1);
    h_step(&e->h, steps);
}

static void expect_el2_abort(struct s2env *e, uint32_t esr, uint64_t far, uint64_t ipa, uint64_t elr)
{
    struct cpu_state *c = e->h.cpu;
    assert_int_equal(c->el, 2);
    assert_int_equal(c->pc, H_VBAR2 + 0x400); /* lower EL, AArch64, synchronous */
    assert_int_equal(c->sr.esr_el2, esr);
    assert_int_equal(c->sr.far_el2, far);
    assert_int_equal(c->sr.hpfar_el2, (ipa >> 12) << 4);
    assert_int_equal(c->sr.elr_el2, elr);
}

/* Stage 1 off, IPA 0x50000000 not mapped by stage 2 (its L2 slot is empty): ldr x1, [x2]
 * takes a stage-2 level-2 Translation fault to EL2 with the full instruction syndrome. */
static void test_cpu_mmu_s2_translation_fault_iss_far_hpfar(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    map4k(&e, e.s2root, H_DATA, H_DATA, S2_RW);
    s2_identity_tables(&e, e.s2root);
    e.h.cpu->x[2] = 0x50000000;
    const uint32_t code[] = { 0xf9400041 /* ldr x1, [x2] */ };
    run_el1(&e, code, 1, 1);
    uint32_t iss = 1u << 24 | 3u << 22 | 1u << 16 | 1u << 15; /* ISV, SAS=3, SRT=1, SF */
    expect_el2_abort(&e, EC_DABT_LOW << 26 | 1u << 25 | iss | 0x06, 0x50000000, 0x50000000, H_CODE);
    h_free(&e.h);
}

/* Stage 1 maps TVA to IPA 0x40200000, stage 2 maps that read-only to PA 0x40300000: the load
 * reads the PA; str w3 takes a stage-2 level-3 Permission fault with WnR, SAS = 2, SRT = 3. */
static void test_cpu_mmu_s2_permission_fault_on_store(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    map4k(&e, e.s1root, TVA, 0x40200000, S1_RW);
    map4k(&e, e.s1root, H_CODE, H_CODE, S1_RW);
    map4k(&e, e.s2root, 0x40200000, 0x40300000, S2AP(1) | AF | S2_NORMAL);
    s2_identity_tables(&e, e.s2root);
    s1_on(&e);
    h_write64(&e.h, 0x40300010, 0x1122334455667788ull);
    e.h.cpu->x[4] = TVA + 0x10;
    e.h.cpu->x[3] = 0xdead;
    const uint32_t code[] = { 0xf9400081 /* ldr x1, [x4] */, 0xb9000083 /* str w3, [x4] */ };
    run_el1(&e, code, 2, 2);
    assert_int_equal(e.h.cpu->x[1], 0x1122334455667788ull);
    uint32_t iss = 1u << 24 | 2u << 22 | 3u << 16 | 1u << 6; /* ISV, SAS=2, SRT=3, WnR */
    expect_el2_abort(&e, EC_DABT_LOW << 26 | 1u << 25 | iss | 0x0f, TVA + 0x10, 0x40200010, H_CODE + 4);
    assert_int_equal(h_read64(&e.h, 0x40300010), 0x1122334455667788ull);
    h_free(&e.h);
}

/* Stage 1 Normal, stage 2 Device: an aligned load works; an unaligned one takes a stage-2
 * Alignment fault to EL2 (DFSC 0x21, with the instruction syndrome). */
static void test_cpu_mmu_s2_device_alignment_fault_to_el2(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    map4k(&e, e.s1root, TVA, 0x40200000, S1_RW);
    map4k(&e, e.s1root, H_CODE, H_CODE, S1_RW);
    map4k(&e, e.s2root, 0x40200000, 0x40300000, S2AP(3) | AF | S2_DEVICE);
    s2_identity_tables(&e, e.s2root);
    s1_on(&e);
    h_write64(&e.h, 0x40300010, 0x1122334455667788ull);
    e.h.cpu->x[4] = TVA + 0x10;
    e.h.cpu->x[5] = TVA + 0x11;
    const uint32_t code[] = { 0xf9400081 /* ldr x1, [x4] */, 0xf94000a2 /* ldr x2, [x5] */ };
    run_el1(&e, code, 2, 2);
    assert_int_equal(e.h.cpu->x[1], 0x1122334455667788ull);
    uint32_t iss = 1u << 24 | 3u << 22 | 2u << 16 | 1u << 15; /* ISV, SAS=3, SRT=2, SF */
    expect_el2_abort(&e, EC_DABT_LOW << 26 | 1u << 25 | iss | 0x21, TVA + 0x11, 0x40200011, H_CODE + 4);
    h_free(&e.h);
}

/* The stage-1 level-3 table lives at an IPA stage 2 does not map: a store through it takes a
 * stage-2 Translation fault on the stage-1 walk: S1PTW = 1, ISV = 0, WnR = 1 (the store's:
 * AArch64.SecondStageWalk passes the access's iswrite), HPFAR = the table's IPA, FAR = the VA.
 * With the table mapped but without stage-2 read permission it is a Permission fault, WnR = 0
 * (AArch64.CheckS2Permission: failedread). An instruction fetch through such a walk is an
 * Instruction Abort (EC 0x20) with S1PTW. */
static void test_cpu_mmu_s2_fault_on_stage1_walk_sets_s1ptw(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    map4k(&e, e.s1root, H_CODE, H_CODE, S1_RW);
    uint64_t l3 = map4k(&e, e.s1root, TVA, 0x40200000, S1_RW);
    map4k(&e, e.s2root, 0x40200000, 0x40200000, S2_RW);
    s2_identity_tables(&e, e.s2root);
    /* Move the L3 table to IPA 0x48000000 (unmapped at stage 2): rewrite the L2 entry. */
    uint64_t t = e.s1root;
    for (unsigned level = 0; level < 2; level++)
        t = h_read64(&e.h, t + ((TVA >> (39 - 9 * level)) & 511) * 8) & 0xfffffffff000ull;
    uint64_t l2 = t + ((TVA >> 21) & 511) * 8;
    assert_int_equal(h_read64(&e.h, l2), l3 | 3);
    h_write64(&e.h, l2, 0x48000000ull | 3);
    s1_on(&e);
    e.h.cpu->x[4] = TVA + 8;
    const uint32_t code[] = { 0xf9000083 /* str x3, [x4] */ };
    run_el1(&e, code, 1, 1);
    expect_el2_abort(&e, EC_DABT_LOW << 26 | 1u << 25 | 1u << 7 | 1u << 6 | 0x06 /* stage 2, level 2 */, TVA + 8,
                     0x48000000, H_CODE);

    /* Fetch: branch to TVA (the same unmapped L3 table). */
    const uint32_t br[] = { 0xd61f0080 /* br x4 */ };
    e.h.cpu->x[4] = TVA;
    run_el1(&e, br, 1, 2);
    expect_el2_abort(&e, EC_IABT_LOW << 26 | 1u << 25 | 1u << 7 | 0x06, TVA, 0x48000000, TVA);
    e.h.cpu->x[4] = TVA + 8;

    /* AT S1E1R at EL1 through the same walk: the stage-2 fault is taken to EL2 (not reported
     * in PAR_EL1), with CM = 1 and WnR = 1 (address translation instruction). */
    const uint32_t at[] = { 0xd5087804 /* at s1e1r, x4 */ };
    run_el1(&e, at, 1, 1);
    expect_el2_abort(&e, EC_DABT_LOW << 26 | 1u << 25 | 1u << 8 | 1u << 7 | 1u << 6 | 0x06, TVA + 8, 0x48000000,
                     H_CODE);

    /* Map the table's IPA without read permission (S2AP = 10, write-only). */
    map4k(&e, e.s2root, 0x48000000, l3, S2AP(2) | AF | S2_NORMAL);
    run_el1(&e, code, 1, 1);
    expect_el2_abort(&e, EC_DABT_LOW << 26 | 1u << 25 | 1u << 7 | 0x0f, TVA + 8, 0x48000000, H_CODE);
    /* Readable again: the store completes. */
    map4k(&e, e.s2root, 0x48000000, l3, S2_RW);
    cpu_set_el_spsel(e.h.cpu, 2, 1);
    const uint32_t vmalls12[] = { 0xd50c87df /* tlbi vmalls12e1 */ };
    h_run(&e.h, vmalls12, 1);
    e.h.cpu->x[3] = 0x77;
    run_el1(&e, code, 1, 1);
    assert_int_equal(e.h.cpu->pc, H_CODE + 4);
    assert_int_equal(h_read64(&e.h, 0x40200008), 0x77);

    h_free(&e.h);
}

/* A TLB miss with a 4-level stage 1 under a 4-level stage 2 reads 24 descriptors: 4 stage-1
 * descriptors, 4 stage-2 walks of 4 for their IPAs, and 4 for the output IPA. A second access
 * hits the TLB (no walk at all). */
static void test_cpu_mmu_s2_nested_walk_reads_24_descriptors(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    map4k(&e, e.s1root, TVA, 0x40200000, S1_RW);
    map4k(&e, e.s2root, 0x40200000, 0x40300000, S2_RW);
    s2_identity_tables(&e, e.s2root);
    s1_on(&e);
    cpu_set_el_spsel(e.h.cpu, 1, 1);
    struct mmu_stats before = e.h.cpu->mmu.stats;
    struct mmu_result res;
    struct mmu_fault f;
    assert_true(cpu_translate(e.h.cpu, TVA + 0x123, MMU_READ, false, &res, &f));
    const struct mmu_stats *s = &e.h.cpu->mmu.stats;
    assert_int_equal(res.pa, 0x40300123);
    assert_int_equal(res.ipa, 0x40200123);
    assert_int_equal(res.attr, 0xff);
    assert_int_equal(s->last_walk_reads, 24);
    assert_int_equal(s->desc_reads - before.desc_reads, 4);
    assert_int_equal(s->s2_desc_reads - before.s2_desc_reads, 20);
    assert_int_equal(s->s2_walks - before.s2_walks, 5);
    assert_int_equal(s->walk_reads_hist[4] - before.walk_reads_hist[4], 1);
    /* mmu_explain (the monitor's view) gives the same combined result without side effects. */
    struct mmu_stats mid = *s;
    struct mmu_regs r;
    cpu_mmu_regs(e.h.cpu, 1, &r);
    const struct mmu_access_desc rd = { MMU_READ, false, false, false };
    struct mmu_explanation ex;
    assert_true(mmu_explain(&e.h.cpu->mmu, &r, TVA + 0x123, &rd, &ex));
    assert_int_equal(ex.result.pa, 0x40300123);
    assert_int_equal(ex.result.ipa, 0x40200123);
    assert_int_equal(ex.nsteps, 4);
    /* Both stages, step by step: each stage-1 descriptor's IPA went through a 4-level stage-2
     * walk, and so did the output IPA: 4 + 4 x 4 + 4 = 24 descriptor reads. */
    assert_int_equal(ex.total_reads, 24);
    for (unsigned i = 0; i < 4; i++) {
        assert_true(ex.s1_s2[i].done && ex.s1_s2[i].ok);
        assert_int_equal(ex.s1_s2[i].ipa, ex.step[i].desc_addr);
        assert_int_equal(ex.s1_s2[i].nsteps, 4);
        assert_int_equal(ex.s1_s2[i].step[0].type, MMU_DESC_TABLE);
    }
    assert_true(ex.final_s2.done && ex.final_s2.ok);
    assert_int_equal(ex.final_s2.ipa, 0x40200123);
    assert_int_equal(ex.final_s2.pa, 0x40300123);
    assert_int_equal(ex.final_s2.nsteps, 4);
    assert_int_equal(ex.final_s2.step[3].type, MMU_DESC_PAGE);
    assert_int_equal(ex.final_s2.step[3].out, 0x40300000);
    assert_memory_equal(&mid, s, sizeof mid);
    uint64_t walks = s->walks, hits = s->atlb_hits;
    assert_true(cpu_translate(e.h.cpu, TVA + 0x456, MMU_WRITE, false, &res, &f));
    assert_int_equal(res.pa, 0x40300456);
    assert_int_equal(s->walks, walks);
    assert_int_equal(s->atlb_hits, hits + 1);
    h_free(&e.h);
}

/* Combined attributes: stage-1 Normal WB under stage-2 Device is Device; Normal NC (stage 1)
 * under Normal WB stays NC. */
static void test_cpu_mmu_s2_attributes_combine(void **state)
{
    (void)state;
    assert_int_equal(mmu_combine_attr(0xff, 0x00), 0x00);
    assert_int_equal(mmu_combine_attr(0x04, 0x0c), 0x04); /* nGnRE vs GRE: nGnRE */
    assert_int_equal(mmu_combine_attr(0x44, 0xff), 0x44);
    assert_int_equal(mmu_combine_attr(0xff, 0xaa), 0xaa);
    assert_int_equal(mmu_combine_attr(0xff, 0xff), 0xff);
}

/* VMID 1 and VMID 2 map IPA 0x40200000 to different PAs; switching VTTBR (MSR at EL2) needs no
 * TLBI, and switching back hits VMID 1's TLB entry. */
static void test_cpu_mmu_s2_two_vmids_same_ipa_no_tlbi(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    uint64_t rootb = alloc_page(&e);
    map4k(&e, e.s2root, 0x40200000, 0x40300000, S2_RW);
    map4k(&e, rootb, 0x40200000, 0x40310000, S2_RW);
    struct cpu_state *c = e.h.cpu;
    struct mmu_result res;
    struct mmu_fault f;
    cpu_set_el_spsel(c, 1, 1);
    assert_true(cpu_translate(c, 0x40200008, MMU_READ, false, &res, &f));
    assert_int_equal(res.pa, 0x40300008);
    /* msr vttbr_el2, x0 at EL2 */
    cpu_set_el_spsel(c, 2, 1);
    c->x[0] = rootb | 2ull << 48;
    const uint32_t msr[] = { 0xd51c2100 };
    h_run(&e.h, msr, 1);
    cpu_set_el_spsel(c, 1, 1);
    assert_true(cpu_translate(c, 0x40200008, MMU_READ, false, &res, &f));
    assert_int_equal(res.pa, 0x40310008);
    uint64_t walks = c->mmu.stats.s2_walks, hits = c->mmu.stats.atlb_hits;
    cpu_set_el_spsel(c, 2, 1);
    c->x[0] = e.s2root | 1ull << 48;
    h_run(&e.h, msr, 1);
    cpu_set_el_spsel(c, 1, 1);
    assert_true(cpu_translate(c, 0x40200008, MMU_READ, false, &res, &f));
    assert_int_equal(res.pa, 0x40300008);
    assert_int_equal(c->mmu.stats.s2_walks, walks);
    assert_int_equal(c->mmu.stats.atlb_hits, hits + 1);
    /* Hits and misses are counted per {regime, VMID, ASID}. */
    unsigned seen = 0;
    for (unsigned i = 0; i < MMU_ASID_STATS; i++) {
        const __typeof__(c->mmu.stats.per_asid[0]) *p = &c->mmu.stats.per_asid[i];
        if (p->used && p->regime == MMU_REGIME_EL10 && p->vmid == 1) {
            assert_int_equal(p->misses, 1);
            assert_int_equal(p->hits, 1);
            seen++;
        }
        if (p->used && p->regime == MMU_REGIME_EL10 && p->vmid == 2) {
            assert_int_equal(p->misses, 1);
            assert_int_equal(p->hits, 0);
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    h_free(&e.h);
}

/* Fill TLB entries for two IPAs in VMID 1 and one in VMID 2, then change every stage-2 leaf:
 * cached translations survive until a TLBI removes them. IPAS2E1 (IPA 0x40200000, VMID 1)
 * removes only that IPA's VMID-1 entry; VMALLS12E1 removes all of VMID 1 and none of VMID 2. */
static void test_cpu_mmu_s2_tlbi_ipas2e1_and_vmalls12e1_scope(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    uint64_t rootb = alloc_page(&e);
    uint64_t a1 = map4k(&e, e.s2root, 0x40200000, 0x40300000, S2_RW);
    uint64_t a2 = map4k(&e, e.s2root, 0x40201000, 0x40301000, S2_RW);
    uint64_t b1 = map4k(&e, rootb, 0x40200000, 0x40310000, S2_RW);
    map4k(&e, rootb, H_CODE, H_CODE, S2_RW); /* the guest of VMID 2 runs a TLBI below */
    struct cpu_state *c = e.h.cpu;
    struct mmu_result res;
    struct mmu_fault f;
    uint64_t vttbr_a = e.s2root | 1ull << 48, vttbr_b = rootb | 2ull << 48;
#define XLATE(vttbr, ipa, want)                                                    \
    do {                                                                           \
        c->sr.vttbr_el2 = (vttbr);                                                 \
        cpu_set_el_spsel(c, 1, 1);                                                 \
        cpu_translation_changed(c);                                                \
        assert_true(cpu_translate(c, (ipa), MMU_READ, false, &res, &f));           \
        assert_int_equal(res.pa, (want));                                          \
    } while (0)
    XLATE(vttbr_a, 0x40200000, 0x40300000);
    XLATE(vttbr_a, 0x40201000, 0x40301000);
    XLATE(vttbr_b, 0x40200000, 0x40310000);
    /* Remap everything to 0x4032x000 without maintenance: the TLB still has the old ones. */
    h_write64(&e.h, a1 + ((0x40200000 >> 12) & 511) * 8, 0x40320000 | S2_RW | 3);
    h_write64(&e.h, a2 + ((0x40201000 >> 12) & 511) * 8, 0x40321000 | S2_RW | 3);
    h_write64(&e.h, b1 + ((0x40200000 >> 12) & 511) * 8, 0x40322000 | S2_RW | 3);
    XLATE(vttbr_a, 0x40200000, 0x40300000);
    XLATE(vttbr_b, 0x40200000, 0x40310000);

    /* tlbi ipas2e1, x0 at EL2 with VMID 1 current: Xt = IPA[47:12]. */
    c->sr.vttbr_el2 = vttbr_a;
    cpu_set_el_spsel(c, 2, 1);
    c->x[0] = 0x40200000 >> 12;
    const uint32_t ipas2[] = { 0xd50c8420 };
    h_run(&e.h, ipas2, 1);
    XLATE(vttbr_a, 0x40200000, 0x40320000); /* dropped */
    XLATE(vttbr_a, 0x40201000, 0x40301000); /* other IPA kept */
    XLATE(vttbr_b, 0x40200000, 0x40310000); /* other VMID kept */

    /* tlbi vmalls12e1 at EL2 with VMID 1 current. */
    c->sr.vttbr_el2 = vttbr_a;
    cpu_set_el_spsel(c, 2, 1);
    const uint32_t vmalls12[] = { 0xd50c87df };
    h_run(&e.h, vmalls12, 1);
    XLATE(vttbr_a, 0x40201000, 0x40321000);
    XLATE(vttbr_b, 0x40200000, 0x40310000);

    /* A guest's TLBI VMALLE1 at EL1 is scoped to its VMID (2 here): VMID 1 keeps its entries. */
    h_write64(&e.h, a2 + ((0x40201000 >> 12) & 511) * 8, 0x40323000 | S2_RW | 3);
    c->sr.vttbr_el2 = vttbr_b;
    cpu_set_el_spsel(c, 1, 1);
    const uint32_t vmalle1[] = { 0xd508871f };
    h_run(&e.h, vmalle1, 1);
    XLATE(vttbr_b, 0x40200000, 0x40322000);
    XLATE(vttbr_a, 0x40201000, 0x40321000);
#undef XLATE
    h_free(&e.h);
}

/* AT S12E1R at EL2: PAR_EL1 holds the PA and the combined attribute; a stage-2 fault reports
 * F, FST, S = 1 (and PTW for one on the stage-1 walk). AT S1E1R gives the IPA. */
static void test_cpu_mmu_s2_at_s12e1r_par(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    map4k(&e, e.s1root, TVA, 0x40200000, S1_RW);
    map4k(&e, e.s2root, 0x40200000, 0x40300000, S2AP(1) | AF | S2_DEVICE);
    s2_identity_tables(&e, e.s2root);
    s1_on(&e);
    struct cpu_state *c = e.h.cpu;
    c->x[0] = TVA;
    c->x[1] = TVA + 0x1000; /* not mapped at stage 1 */
    const uint32_t code[] = { 0xd50c7880 /* at s12e1r, x0 */, 0xd5387402 /* mrs x2, par_el1 */,
                              0xd5087800 /* at s1e1r, x0 */, 0xd5387403 /* mrs x3, par_el1 */,
                              0xd50c78a0 /* at s12e1w, x0 */, 0xd5387404 /* mrs x4, par_el1 */ };
    h_run(&e.h, code, 6);
    assert_int_equal(c->x[2], 0x40300000ull | 1ull << 11 | 1ull << 9 | 2ull << 7); /* Device: attr 0, OSH */
    assert_int_equal(c->x[3], 0x40200000ull | 0xffull << 56 | 1ull << 11 | 1ull << 9);
    assert_int_equal(c->x[4], 1ull << 11 | 1ull << 9 /* S */ | 0x0full << 1 | 1);
    h_free(&e.h);
}

/* HCR_EL2.DC = 1: stage 1 behaves as off but Normal write-back (not Device) and stage 2 still
 * applies; with DC = 0 and stage 1 off, data accesses are Device. The two results are cached
 * under different tags: toggling DC needs no TLBI. */
static void test_cpu_mmu_s2_hcr_dc_normal_and_still_stage2(void **state)
{
    (void)state;
    struct s2env e;
    s2env_init(&e);
    map4k(&e, e.s2root, 0x40200000, 0x40300000, S2_RW);
    struct cpu_state *c = e.h.cpu;
    struct mmu_result res;
    struct mmu_fault f;
    cpu_set_el_spsel(c, 1, 1);
    assert_true(cpu_translate(c, 0x40200010, MMU_EXEC, false, &res, &f));
    assert_int_equal(res.attr, 0xff); /* fetch with stage 1 off: Normal */
    assert_true(cpu_translate(c, 0x40200010, MMU_READ, false, &res, &f));
    assert_int_equal(res.pa, 0x40300010);
    assert_int_equal(res.attr, 0x00); /* data (same TLB entry): Device */
    c->sr.hcr_el2 |= 1ull << HCR_DC;
    c->sr.sctlr_el1 |= 1; /* ignored under DC */
    cpu_translation_changed(c);
    assert_true(cpu_translate(c, 0x40200010, MMU_READ, false, &res, &f));
    assert_int_equal(res.pa, 0x40300010);
    assert_int_equal(res.attr, 0xff);
    c->sr.hcr_el2 &= ~(1ull << HCR_DC);
    c->sr.sctlr_el1 &= ~1ull;
    cpu_translation_changed(c);
    assert_true(cpu_translate(c, 0x40200010, MMU_READ, false, &res, &f));
    assert_int_equal(res.attr, 0x00);
    /* Unmapped IPA under DC: still a stage-2 fault. */
    c->sr.hcr_el2 |= 1ull << HCR_DC;
    cpu_translation_changed(c);
    assert_false(cpu_translate(c, 0x50000000, MMU_READ, false, &res, &f));
    assert_true(f.stage2);
    assert_int_equal(f.ipa, 0x50000000);
    h_free(&e.h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_mmu_s2_translation_fault_iss_far_hpfar),
        cmocka_unit_test(test_cpu_mmu_s2_permission_fault_on_store),
        cmocka_unit_test(test_cpu_mmu_s2_fault_on_stage1_walk_sets_s1ptw),
        cmocka_unit_test(test_cpu_mmu_s2_device_alignment_fault_to_el2),
        cmocka_unit_test(test_cpu_mmu_s2_nested_walk_reads_24_descriptors),
        cmocka_unit_test(test_cpu_mmu_s2_attributes_combine),
        cmocka_unit_test(test_cpu_mmu_s2_two_vmids_same_ipa_no_tlbi),
        cmocka_unit_test(test_cpu_mmu_s2_tlbi_ipas2e1_and_vmalls12e1_scope),
        cmocka_unit_test(test_cpu_mmu_s2_at_s12e1r_par),
        cmocka_unit_test(test_cpu_mmu_s2_hcr_dc_normal_and_still_stage2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
