/*
 * FEAT_VHE (DDI 0487 D5.6): HCR_EL2.E2H and its gate, EL1 register names redirected to EL2
 * registers at EL2, the _EL12 aliases and their UNDEFINED cases, the EL2&0 translation regime
 * (TTBR1_EL2's upper range, EL0 permissions for EL0 in host, ASIDs), TLBI scoping in host, the
 * CPTR_EL2 E2H layout for the SIMD&FP trap, and the illegal return to EL1 under TGE.
 *
 * Tables: 4K granule, 39-bit VA ranges (TxSZ = 25: walks start at level 1). RAM is at
 * 0x4000_0000, mapped by level-1 entry 1 of TTBR0_EL2's table (through a level-2 table of 2 MiB
 * blocks when a test needs different permissions per block).
 */
#include "cpu_harness.h"

#include "cpu/cpu_internal.h"
#include "cpu/exception.h"
#include "cpu/sysreg_traps.h"

#define BIT(n) (1ull << (n))
#define L1 (H_RAM_BASE + 0xc00000ull)
#define L1_HI (L1 + 0x1000)
#define L2 (L1 + 0x2000)
#define AF BIT(10)
#define NG BIT(11)
#define AP(x) ((uint64_t)(x) << 6)
#define UXN BIT(54)
#define PXN BIT(53)
#define BLOCK 1ull
#define TABLE 3ull
#define HI_VA 0xffffff8000000000ull /* first VA of the upper range with T1SZ = 25 */
#define E2H BIT(HCR_E2H)
#define TGE BIT(HCR_TGE)
/* TCR_EL2 in TCR_EL1's layout: T0SZ = T1SZ = 25, TG0 = 4K, TG1 = 4K (0b10), IPS = 48 bits, AS. */
#define TCR_VHE (25ull | 25ull << 16 | 2ull << 30 | 5ull << 32 | BIT(36))

/* MSR/MRS/SYS encodings: 1101 0101 00 L op0 op1 CRn CRm op2 Rt. */
static uint32_t enc_sys(int read, unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0xd5000000u | (unsigned)read << 21 | op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}
#define MSR(o1, cn, cm, o2, rt) enc_sys(0, 3, o1, cn, cm, o2, rt)
#define MRS(o1, cn, cm, o2, rt) enc_sys(1, 3, o1, cn, cm, o2, rt)
#define LDR_X1_X2 0xf9400041u  /* ldr x1, [x2] */
#define ERET 0xd69f03e0u

static void vhe_init(struct harness *h, uint64_t hcr)
{
    h_init_el2(h);
    h->cpu->features |= 1u << FEAT_VHE;
    h->cpu->sr.hcr_el2 = hcr | BIT(HCR_RW);
    exc_update_irq(h->cpu);
}

static void at_el(struct harness *h, unsigned el)
{
    cpu_set_el_spsel(h->cpu, el, el ? 1 : 0);
    h->cpu->daif = 0;
    exc_update_irq(h->cpu);
}

/* EL2&0 stage 1 on: RAM identity-mapped by one 1 GiB block (`ram_block` attributes) in
 * TTBR0_EL2 with ASID asid, and HI_VA mapped to RAM in TTBR1_EL2. */
static void el20_mmu_on(struct harness *h, uint64_t ram_desc, uint16_t asid)
{
    h_write64(h, L1 + 8, ram_desc);
    h_write64(h, L1_HI, H_RAM_BASE | AF | BLOCK);
    struct cpu_state *c = h->cpu;
    c->sr.mair_el2 = 0xff;
    c->sr.tcr_el2 = TCR_VHE;
    c->sr.ttbr0_el2 = L1 | (uint64_t)asid << 48;
    c->sr.ttbr1_el2 = L1_HI;
    c->sr.sctlr_el2 |= 1;
    cpu_translation_changed(c);
}

static void expect_sync_el2(struct harness *h, unsigned from_lower, unsigned ec)
{
    assert_int_equal(h->cpu->el, 2);
    assert_int_equal(h->cpu->pc, H_VBAR2 + (from_lower ? 0x400 : 0x200));
    assert_int_equal(h->cpu->sr.esr_el2 >> 26, ec);
    assert_int_equal(h->cpu->sr.elr_el2, H_CODE);
}

/* Without FEAT_VHE, HCR_EL2.E2H is RES0, and TTBR1_EL2 and the _EL12 names are UNDEFINED. */
static void test_vhe_absent_without_feature(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->features &= ~(1u << FEAT_VHE);
    h.cpu->x[0] = E2H | BIT(HCR_RW);
    const uint32_t w = MSR(4, 1, 1, 0, 0); /* msr hcr_el2, x0 */
    h_run(&h, &w, 1);
    assert_int_equal(h.cpu->sr.hcr_el2 & E2H, 0);
    uint32_t r = MRS(4, 2, 0, 1, 1); /* mrs x1, ttbr1_el2 */
    h_code(&h, &r, 1);
    h_step(&h, 1);
    expect_sync_el2(&h, 0, 0x00);
    h_free(&h);
}

/* At EL2 with E2H = 1, EL1 names reach EL2 registers and _EL12 names the EL1 registers. */
static void test_vhe_el1_names_redirect_at_el2(void **state)
{
    (void)state;
    struct harness h;
    vhe_init(&h, E2H);
    struct cpu_state *c = h.cpu;
    uint64_t sctlr_el1 = c->sr.sctlr_el1;
    c->x[0] = 0x30d50830ull;            /* an SCTLR value with M = 0 */
    c->x[2] = 3ull << 20;                /* CPACR layout: FPEN = 11 */
    c->x[3] = 0x123456000ull;
    c->x[5] = 0x40abc000ull;
    const uint32_t code[] = {
        MSR(0, 1, 0, 0, 0),  /* msr sctlr_el1, x0   -> SCTLR_EL2 */
        MRS(0, 12, 0, 0, 1), /* mrs x1, vbar_el1    <- VBAR_EL2 */
        MSR(0, 1, 0, 2, 2),  /* msr cpacr_el1, x2   -> CPTR_EL2 */
        MSR(0, 2, 0, 1, 3),  /* msr ttbr1_el1, x3   -> TTBR1_EL2 */
        MRS(5, 1, 0, 0, 4),  /* mrs x4, sctlr_el12  <- SCTLR_EL1 */
        MSR(5, 12, 0, 0, 5), /* msr vbar_el12, x5   -> VBAR_EL1 */
    };
    h_run(&h, code, 6);
    assert_int_equal(c->sr.sctlr_el2, 0x30d50830ull);
    assert_int_equal(c->sr.sctlr_el1, sctlr_el1);
    assert_int_equal(c->x[1], H_VBAR2);
    assert_int_equal(c->sr.cptr_el2, 3ull << 20); /* E2H layout: no RES1 bits */
    assert_int_equal(c->sr.cpacr_el1, 0);
    assert_int_equal(c->sr.ttbr1_el2, 0x123456000ull);
    assert_int_equal(c->sr.ttbr1_el1, 0);
    assert_int_equal(c->x[4], sctlr_el1);
    assert_int_equal(c->sr.vbar_el1, 0x40abc000ull);
    assert_int_equal(c->sr.vbar_el2, H_VBAR2);
    h_free(&h);
}

/* _EL12 names: UNDEFINED at EL2 with E2H = 0, and at EL1 whatever E2H says. */
static void test_vhe_el12_undefined_outside_e2h_el2(void **state)
{
    (void)state;
    struct harness h;
    vhe_init(&h, 0);
    uint32_t r = MRS(5, 1, 0, 0, 1); /* mrs x1, sctlr_el12 */
    h_code(&h, &r, 1);
    h_step(&h, 1);
    expect_sync_el2(&h, 0, 0x00);
    h_free(&h);

    vhe_init(&h, E2H);
    at_el(&h, 1);
    h_code(&h, &r, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 1);
    h_expect_sync(&h, 1u << 25, H_CODE);
    h_free(&h);
}

/* E2H selects the EL2&0 regime at EL2: TTBR1_EL2's upper range translates; with E2H = 0 the
 * same VA is outside the EL2 regime's single range (Translation fault, level 0). */
static void test_vhe_el20_regime_upper_range(void **state)
{
    (void)state;
    struct harness h;
    vhe_init(&h, E2H);
    el20_mmu_on(&h, H_RAM_BASE | AF | BLOCK, 0);
    h_write64(&h, H_DATA, 0x1122334455667788ull);
    h.cpu->x[2] = HI_VA + (H_DATA - H_RAM_BASE);
    const uint32_t ld = LDR_X1_X2;
    h_run(&h, &ld, 1);
    assert_int_equal(h.cpu->x[1], 0x1122334455667788ull);
    h_free(&h);

    vhe_init(&h, 0);
    el20_mmu_on(&h, H_RAM_BASE | AF | BLOCK, 0);
    h.cpu->sr.tcr_el2 = 25 | 5ull << 16 | BIT(23) | BIT(31); /* EL2 layout */
    cpu_translation_changed(h.cpu);
    h.cpu->x[2] = HI_VA + (H_DATA - H_RAM_BASE);
    h_code(&h, &ld, 1);
    h_step(&h, 1);
    expect_sync_el2(&h, 0, 0x25);
    assert_int_equal(h.cpu->sr.esr_el2 & 0x3f, 0x04); /* Translation fault, level 0 */
    h_free(&h);
}

/* EL0 in host (E2H = TGE = 1) translates in the EL2&0 regime with EL0 permissions: an AP = 00
 * (privileged-only) block faults with a Permission fault taken to EL2; an AP = 01 block is
 * readable. */
static void test_vhe_el0_in_host_el0_permissions(void **state)
{
    (void)state;
    struct harness h;
    vhe_init(&h, E2H | TGE);
    el20_mmu_on(&h, L2 | TABLE, 0);
    h_write64(&h, L2 + 0 * 8, (H_RAM_BASE + 0x000000) | AF | AP(1) | PXN | BLOCK); /* code, EL0 RW */
    h_write64(&h, L2 + 1 * 8, (H_RAM_BASE + 0x200000) | AF | AP(0) | BLOCK);       /* EL2 only */
    h_write64(&h, L2 + 2 * 8, (H_RAM_BASE + 0x400000) | AF | AP(1) | UXN | BLOCK); /* EL0 RW */
    h_write64(&h, H_RAM_BASE + 0x400000, 77);
    at_el(&h, 0);
    h.cpu->x[2] = H_RAM_BASE + 0x400000;
    const uint32_t ld = LDR_X1_X2;
    h_run(&h, &ld, 1);
    assert_int_equal(h.cpu->x[1], 77);
    assert_int_equal(h.cpu->el, 0);

    h.cpu->x[2] = H_RAM_BASE + 0x200000;
    h_code(&h, &ld, 1);
    h_step(&h, 1);
    expect_sync_el2(&h, 1, 0x24);                      /* Data Abort from a lower EL */
    assert_int_equal(h.cpu->sr.esr_el2 & 0x3f, 0x0e);  /* Permission fault, level 2 */
    assert_int_equal(h.cpu->sr.far_el2, H_RAM_BASE + 0x200000);
    h_free(&h);
}

/* ASIDs in the EL2&0 regime: entries are tagged, so a TTBR0_EL2 ASID switch needs no TLBI; in
 * host, TLBI VAE1 acts on EL2&0 (not on EL1&0), and with TGE = 0 it does not touch EL2&0. */
static void test_vhe_tlbi_scoping_in_host(void **state)
{
    (void)state;
    struct harness h;
    vhe_init(&h, E2H | TGE);
    el20_mmu_on(&h, L2 | TABLE, 5);
    for (unsigned i = 0; i < 8; i++)
        h_write64(&h, L2 + i * 8, (H_RAM_BASE + ((uint64_t)i << 21)) | AF | NG | BLOCK);
    const uint64_t va = H_RAM_BASE + 0x300000; /* in the second 2 MiB block */
    h_write64(&h, va, 1);
    h_write64(&h, va + 0x200000, 2);
    h.cpu->x[2] = va;
    const uint32_t ld = LDR_X1_X2;
    h_run(&h, &ld, 1);
    assert_int_equal(h.cpu->x[1], 1);
    /* Point the block at the next 2 MiB without maintenance: the cached entry still answers. */
    h_write64(&h, L2 + 1 * 8, (H_RAM_BASE + 0x400000) | AF | NG | BLOCK);
    h_run(&h, &ld, 1);
    assert_int_equal(h.cpu->x[1], 1);
    /* TLBI VAE1 at EL2 with TGE = 0 targets EL1&0: the EL2&0 entry survives. */
    h.cpu->sr.hcr_el2 &= ~TGE;
    h.cpu->x[3] = 5ull << 48 | va >> 12;
    const uint32_t tlbi_ld[] = { enc_sys(0, 1, 0, 8, 7, 1, 3) /* tlbi vae1, x3 */, LDR_X1_X2 };
    h_run(&h, tlbi_ld, 2);
    assert_int_equal(h.cpu->x[1], 1);
    /* In host it targets EL2&0 (ASID 5 from the operand): the new mapping is seen. */
    h.cpu->sr.hcr_el2 |= TGE;
    h_run(&h, tlbi_ld, 2);
    assert_int_equal(h.cpu->x[1], 2);
    h_free(&h);
}

/* CPTR_EL2 with E2H = 1 has CPACR's FPEN: 01 traps EL0 in host only, 00 traps EL2 too (EC 0x07). */
static void test_vhe_cptr_fpen_layout(void **state)
{
    (void)state;
    struct harness h;
    vhe_init(&h, E2H | TGE);
    h.cpu->features |= 1u << FEAT_FP;
    h.cpu->sr.cptr_el2 = 1ull << CPTR_E2H_FPEN_SHIFT;
    h.cpu->x[2] = H_DATA;
    const uint32_t ldq = 0x3dc00040u; /* ldr q0, [x2] */
    h_run(&h, &ldq, 1);               /* EL2: FPEN = 01 does not trap */
    at_el(&h, 0);
    h_code(&h, &ldq, 1);
    h_step(&h, 1);
    expect_sync_el2(&h, 1, 0x07);
    h_free(&h);

    vhe_init(&h, E2H | TGE);
    h.cpu->features |= 1u << FEAT_FP;
    h.cpu->sr.cptr_el2 = 0;
    h.cpu->x[2] = H_DATA;
    h_code(&h, &ldq, 1);
    h_step(&h, 1);
    expect_sync_el2(&h, 0, 0x07);
    h_free(&h);
}

/* ERET to EL1 while HCR_EL2.TGE = 1 is an illegal exception return: PSTATE.IL, EL unchanged. */
static void test_vhe_eret_to_el1_under_tge_illegal(void **state)
{
    (void)state;
    struct harness h;
    vhe_init(&h, E2H | TGE);
    h.cpu->sr.spsr_el2 = 0x3c5; /* EL1h */
    h.cpu->sr.elr_el2 = H_CODE + 0x100;
    const uint32_t e = ERET;
    h_code(&h, &e, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 2);
    assert_int_equal(h.cpu->il, 1);
    assert_int_equal(h.cpu->pc, H_CODE + 0x100);
    h_free(&h);
}

/* ID_AA64MMFR1_EL1.VH follows the feature. */
static void test_vhe_id_register(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->features &= ~(1u << FEAT_VHE);
    const uint32_t r = MRS(0, 0, 7, 1, 1); /* mrs x1, id_aa64mmfr1_el1 */
    h_run(&h, &r, 1);
    assert_int_equal((h.cpu->x[1] >> 8) & 0xf, 0);
    h_free(&h);
    vhe_init(&h, 0);
    h_run(&h, &r, 1);
    assert_int_equal((h.cpu->x[1] >> 8) & 0xf, 1);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vhe_absent_without_feature),
        cmocka_unit_test(test_vhe_el1_names_redirect_at_el2),
        cmocka_unit_test(test_vhe_el12_undefined_outside_e2h_el2),
        cmocka_unit_test(test_vhe_el20_regime_upper_range),
        cmocka_unit_test(test_vhe_el0_in_host_el0_permissions),
        cmocka_unit_test(test_vhe_tlbi_scoping_in_host),
        cmocka_unit_test(test_vhe_cptr_fpen_layout),
        cmocka_unit_test(test_vhe_eret_to_el1_under_tge_illegal),
        cmocka_unit_test(test_vhe_id_register),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
