/*
 * The CPU side of the MMU (src/cpu/cpu_mem.c, sysreg_mmu.c): the data-abort instruction
 * syndrome builder, and translation seen by running code: TLBI and TTBR/ASID switches against
 * the soft TLB, execute permission on fetch, EL changes, LDTR with EL0 permissions, AT, the
 * ID register. Tables: 4K granule, T0SZ = 25 (walks start at level 1), RAM identity-mapped
 * with 2 MiB blocks, a test page at VA 0x10000000.
 */
#include "cpu_harness.h"

#include "cpu/cpu_internal.h"

#define TBL_L1 (H_RAM_BASE + 0xc00000ull)
#define TBL_L2 (TBL_L1 + 0x1000)
#define TBL_L2B (TBL_L1 + 0x2000)
#define TBL_L3 (TBL_L1 + 0x3000)
#define TBL_L1B (TBL_L1 + 0x4000) /* a second process's L1 */
#define TVA 0x10000000ull
#define PAGE_A (H_RAM_BASE + 0xa00000ull)
#define PAGE_B (H_RAM_BASE + 0xa01000ull)
#define AF (1ull << 10)
#define NG (1ull << 11)
#define AP(x) ((uint64_t)(x) << 6)
#define PXN (1ull << 53)

static void mmu_on(struct harness *h, uint64_t l3_entry)
{
    h_write64(h, TBL_L1 + 8, TBL_L2 | 3);
    for (unsigned i = 0; i < 8; i++)
        h_write64(h, TBL_L2 + i * 8, (H_RAM_BASE + ((uint64_t)i << 21)) | AF | 1);
    h_write64(h, TBL_L1, TBL_L2B | 3);
    h_write64(h, TBL_L2B + (TVA >> 21) * 8, TBL_L3 | 3);
    h_write64(h, TBL_L3, l3_entry);
    struct cpu_state *c = h->cpu;
    c->sr.mair_el1 = 0xff;
    c->sr.tcr_el1 = 25 | 1ull << 23 /* EPD1 */ | 5ull << 32 | 1ull << 36 /* AS */;
    c->sr.ttbr0_el1 = TBL_L1 | 1ull << 48;
    c->sr.sctlr_el1 |= 1; /* M */
    cpu_translation_changed(c);
}

/* ISS[24:14] of single-register loads/stores without writeback; 0 for everything else. */
static void test_cpu_mmu_ldst_iss_single_register_forms(void **state)
{
    (void)state;
    static const struct { uint32_t insn; uint32_t iss; const char *what; } cases[] = {
        { 0xf9400041, 1u << 24 | 3u << 22 | 1u << 16 | 1u << 15, "ldr x1, [x2]" },
        { 0x39c00483, 1u << 24 | 0u << 22 | 1u << 21 | 3u << 16, "ldrsb w3, [x4, #1]" },
        { 0xb98000c5, 1u << 24 | 2u << 22 | 1u << 21 | 5u << 16 | 1u << 15, "ldrsw x5, [x6]" },
        { 0x78296907, 1u << 24 | 1u << 22 | 7u << 16, "strh w7, [x8, x9]" },
        { 0xf9000041, 1u << 24 | 3u << 22 | 1u << 16 | 1u << 15, "str x1, [x2]" },
        { 0xf8400841, 1u << 24 | 3u << 22 | 1u << 16 | 1u << 15, "ldtr x1, [x2]" },
        { 0x18000041, 1u << 24 | 2u << 22 | 1u << 16, "ldr w1, <lit>" },
        { 0x98000041, 1u << 24 | 2u << 22 | 1u << 21 | 1u << 16 | 1u << 15, "ldrsw x1, <lit>" },
        { 0xc8dffc41, 1u << 24 | 3u << 22 | 1u << 16 | 1u << 15 | 1u << 14, "ldar x1, [x2]" },
        { 0x889ffc83, 1u << 24 | 2u << 22 | 3u << 16 | 1u << 14, "stlr w3, [x4]" },
        { 0xf8408441, 0, "ldr x1, [x2], #8 (writeback)" },
        { 0xf8408c41, 0, "ldr x1, [x2, #8]! (writeback)" },
        { 0xa9400861, 0, "ldp x1, x2, [x3]" },
        { 0xc85f7c41, 0, "ldxr x1, [x2]" },
        { 0x3dc00020, 0, "ldr q0, [x1]" },
        { 0xf9800020, 0, "prfm pldl1keep, [x1]" },
        { 0xf8200041, 0, "ldadd x0, x1, [x2]" },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (cpu_ldst_iss(cases[i].insn) != cases[i].iss)
            fail_msg("%s: got 0x%x, want 0x%x", cases[i].what, cpu_ldst_iss(cases[i].insn), cases[i].iss);
}

/* ID_AA64MMFR0_EL1: PARange 48 bits, 16-bit ASIDs, 4K/16K/64K granules; MMFR1: PAN2, VMID16, no
 * hardware AF/dirty management. */
static void test_cpu_mmu_id_registers_honest(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    const uint32_t code[] = { 0xd5380701 /* mrs x1, id_aa64mmfr0_el1 */, 0xd5380722 /* mrs x2, id_aa64mmfr1_el1 */ };
    h_run(&h, code, 2);
    uint64_t m0 = h.cpu->x[1], m1 = h.cpu->x[2];
    assert_int_equal(m0 & 0xf, 5);
    assert_int_equal((m0 >> 4) & 0xf, 2);
    assert_int_equal((m0 >> 20) & 0xf, 1);
    assert_int_equal((m0 >> 24) & 0xf, 0);
    assert_int_equal((m0 >> 28) & 0xf, 0);
    assert_int_equal(m1 & 0xf, 0);         /* HAFDBS */
    assert_int_equal((m1 >> 20) & 0xf, 2); /* PAN: FEAT_PAN with PAN2's AT S1E1RP/WP */
    assert_int_equal((m1 >> 4) & 0xf, 2);  /* VMIDBits: 16 */
    h_free(&h);
}

/* A load fills the soft TLB; a changed descriptor is used only after TLBI VAE1 (which must
 * drop the host pointer as well as the architectural entry). */
static void test_cpu_mmu_tlbi_drops_soft_tlb_entry(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h, PAGE_A | AF | NG | 3);
    h_write64(&h, PAGE_A, 0xaaaa);
    h_write64(&h, PAGE_B, 0xbbbb);
    h.cpu->x[2] = TVA;
    h.cpu->x[3] = (TVA >> 12) | 1ull << 48;
    const uint32_t ld[] = { 0xf9400041 /* ldr x1, [x2] */ };
    h_run(&h, ld, 1);
    assert_int_equal(h.cpu->x[1], 0xaaaa);
    h_write64(&h, TBL_L3, PAGE_B | AF | NG | 3);
    const uint32_t tlbi_ld[] = { 0xd5088723 /* tlbi vae1, x3 */, 0xd5033fdf /* isb */, 0xf9400041 };
    h_run(&h, tlbi_ld, 3);
    assert_int_equal(h.cpu->x[1], 0xbbbb);
    h_free(&h);
}

/* TLBI VAE1 of one page of a 2 MiB block: the soft-TLB entry of another page of the block,
 * filled through the block, must go too (cpu_tlbi keeps the rest of the soft TLB only when no
 * block the TLB may hold contains the VA). */
static void test_cpu_mmu_tlbi_other_page_of_block_drops_soft_entry(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h, PAGE_A | AF | NG | 3);
    uint64_t va = H_RAM_BASE + (3ull << 21) + 0x5000;
    h_write64(&h, va, 0x3333);
    h_write64(&h, va + (1ull << 21), 0x4444);
    h.cpu->x[2] = va;
    h.cpu->x[3] = ((va - 0x4000) >> 12) | 1ull << 48; /* another page of the same block */
    const uint32_t ld[] = { 0xf9400041 /* ldr x1, [x2] */ };
    h_run(&h, ld, 1);
    assert_int_equal(h.cpu->x[1], 0x3333);
    h_write64(&h, TBL_L2 + 3 * 8, (H_RAM_BASE + (4ull << 21)) | AF | 1);
    h_run(&h, ld, 1);
    assert_int_equal(h.cpu->x[1], 0x3333); /* still cached */
    const uint32_t tlbi_ld[] = { 0xd5088723 /* tlbi vae1, x3 */, 0xd5033fdf /* isb */, 0xf9400041 };
    h_run(&h, tlbi_ld, 3);
    assert_int_equal(h.cpu->x[1], 0x4444);
    h_free(&h);
}

/* Two ASIDs: switching TTBR0 changes the translation with no TLBI, and switching back hits the
 * architectural TLB without a walk. */
static void test_cpu_mmu_ttbr0_asid_switch_without_tlbi(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h, PAGE_A | AF | NG | 3);
    /* Process B: its own L1 sharing the kernel L2, and a different page at TVA. */
    h_write64(&h, TBL_L1B + 8, TBL_L2 | 3);
    h_write64(&h, TBL_L1B, (TBL_L1 + 0x5000) | 3);
    h_write64(&h, TBL_L1 + 0x5000 + (TVA >> 21) * 8, (TBL_L1 + 0x6000) | 3);
    h_write64(&h, TBL_L1 + 0x6000, PAGE_B | AF | NG | 3);
    h_write64(&h, PAGE_A, 0xaaaa);
    h_write64(&h, PAGE_B, 0xbbbb);
    h.cpu->x[2] = TVA;
    h.cpu->x[4] = TBL_L1B | 2ull << 48;
    h.cpu->x[5] = TBL_L1 | 1ull << 48;
    const uint32_t code[] = {
        0xf9400041, /* ldr x1, [x2] */
        0xd5182004, /* msr ttbr0_el1, x4 */
        0xd5033fdf, /* isb */
        0xf9400046, /* ldr x6, [x2] */
        0xd5182005, /* msr ttbr0_el1, x5 */
        0xd5033fdf, /* isb */
        0xf9400047, /* ldr x7, [x2] */
    };
    h_run(&h, code, 7);
    assert_int_equal(h.cpu->x[1], 0xaaaa);
    assert_int_equal(h.cpu->x[6], 0xbbbb);
    assert_int_equal(h.cpu->x[7], 0xaaaa);
    assert_int_equal(h.cpu->mmu.stats.walks, 3); /* code page, A, B: A again is a TLB hit */
    h_free(&h);
}

/* Instruction fetch goes through the permission check: a PXN page takes an instruction abort
 * (EC 0x21, IFSC permission level 3, FAR = PC). */
static void test_cpu_mmu_fetch_from_pxn_page_aborts(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h, PAGE_A | AF | PXN | 3);
    h.cpu->x[5] = TVA;
    const uint32_t code[] = { 0xd61f00a0 /* br x5 */ };
    h_code(&h, code, 1);
    h_step(&h, 2);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
    assert_int_equal(h.cpu->sr.esr_el1, 0x21u << 26 | 1u << 25 | 0x0f);
    assert_int_equal(h.cpu->sr.far_el1, TVA);
    assert_int_equal(h.cpu->sr.elr_el1, TVA);
    h_free(&h);
}

/* EL1 fills the soft TLB for a kernel-only page; after dropping to EL0 the same load must
 * fault (the soft TLB holds one privilege's mappings). LDTR at EL1 checks EL0 permissions. */
static void test_cpu_mmu_el_change_and_ldtr_use_el0_permissions(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h, PAGE_A | AF | NG | AP(0) | 3);
    /* Code for EL0 must be EL0-executable: map the code block EL0 read-only (AP = 11). */
    h_write64(&h, TBL_L2, H_RAM_BASE | AF | AP(3) | 1);
    cpu_translation_changed(h.cpu);
    h_write64(&h, PAGE_A, 0x77);
    h.cpu->x[2] = TVA;
    const uint32_t ld[] = { 0xf9400041 /* ldr x1, [x2] */ };
    h_run(&h, ld, 1);
    assert_int_equal(h.cpu->x[1], 0x77);
    /* LDTR: EL0 has no access -> permission fault level 3 at EL1. */
    const uint32_t ldtr[] = { 0xf8400841 /* ldtr x1, [x2] */ };
    h_code(&h, ldtr, 1);
    h_step(&h, 1);
    h_expect_sync(&h, h_dabt_esr(0, 0x0f), H_CODE);
    /* Now run the plain load at EL0. */
    h_code(&h, ld, 1);
    cpu_set_el_spsel(h.cpu, 0, 0);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x400);
    assert_int_equal(h.cpu->sr.esr_el1, 0x24u << 26 | 1u << 25 | 0x0f);
    assert_int_equal(h.cpu->sr.far_el1, TVA);
    h_free(&h);
}

/* AT S1E1R / S1E0W write PAR_EL1 in the success and fault formats. */
static void test_cpu_mmu_at_writes_par(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h, PAGE_A | AF | NG | AP(0) | (3ull << 8) | 3);
    h.cpu->x[2] = TVA + 0x123;
    const uint32_t code[] = {
        0xd5087802, /* at s1e1r, x2 */
        0xd5387405, /* mrs x5, par_el1 */
        0xd5087862, /* at s1e0w, x2 */
        0xd5387406, /* mrs x6, par_el1 */
    };
    h_run(&h, code, 4);
    assert_int_equal(h.cpu->x[5], PAGE_A | 0xffull << 56 | 1ull << 11 | 1ull << 9 | 3ull << 7);
    assert_int_equal(h.cpu->x[6], 1ull << 11 | 0x0full << 1 | 1);
    h_free(&h);
}

/* TLBI VMALLE1IS reaches every vCPU; TLBI VMALLE1 only the one executing it. */
static void test_cpu_mmu_tlbi_is_reaches_every_vcpu(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h, PAGE_A | AF | NG | 3);
    struct cpu_state *c1 = cpu_create(h.bus, h.ic, 1);
    assert_non_null(c1);
    cpu_reset(c1, 1, H_CODE);
    c1->sr = h.cpu->sr;
    cpu_translation_changed(c1);
    struct mmu_result res;
    struct mmu_fault f;
    assert_true(cpu_translate(c1, TVA, MMU_READ, false, &res, &f));
    uint64_t misses = c1->mmu.stats.atlb_misses;
    assert_true(cpu_translate(c1, TVA, MMU_READ, false, &res, &f));
    assert_int_equal(c1->mmu.stats.atlb_misses, misses);          /* cached */
    const uint32_t local[] = { 0xd508871f /* tlbi vmalle1 */ };
    h_run(&h, local, 1);
    assert_true(cpu_translate(c1, TVA, MMU_READ, false, &res, &f));
    assert_int_equal(c1->mmu.stats.atlb_misses, misses);          /* still cached */
    const uint32_t bcast[] = { 0xd508831f /* tlbi vmalle1is */ };
    h_run(&h, bcast, 1);
    assert_true(cpu_translate(c1, TVA, MMU_READ, false, &res, &f));
    assert_int_equal(c1->mmu.stats.atlb_misses, misses + 1);      /* walked again */
    cpu_destroy(c1);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_mmu_ldst_iss_single_register_forms),
        cmocka_unit_test(test_cpu_mmu_id_registers_honest),
        cmocka_unit_test(test_cpu_mmu_tlbi_drops_soft_tlb_entry),
        cmocka_unit_test(test_cpu_mmu_tlbi_other_page_of_block_drops_soft_entry),
        cmocka_unit_test(test_cpu_mmu_ttbr0_asid_switch_without_tlbi),
        cmocka_unit_test(test_cpu_mmu_fetch_from_pxn_page_aborts),
        cmocka_unit_test(test_cpu_mmu_el_change_and_ldtr_use_el0_permissions),
        cmocka_unit_test(test_cpu_mmu_at_writes_par),
        cmocka_unit_test(test_cpu_mmu_tlbi_is_reaches_every_vcpu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
