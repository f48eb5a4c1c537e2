/*
 * The ICC_* and ICH_* system-register rows executed as MRS/MSR instructions: ID_AA64PFR0_EL1.GIC,
 * UNDEFINED without a GIC and at EL0, the ICC view at EL1, the ICV view under HCR_EL2.IMO
 * (a virtual IRQ taken at EL1 and acknowledged through ICC_IAR1_EL1's encoding), SGI
 * generation trapped to EL2 under IMO, and the ICH_HCR_EL2.TALL1 trap.
 */
#include <stdlib.h>

#include "cpu_harness.h"

#include "cpu/exception.h"
#include "cpu/sysreg_traps.h"
#include "gic/gic_virt.h"

#define DIST 0x08000000ull
#define REDIST 0x080a0000ull

static uint32_t enc_sys(int read, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0xd5000000u | (unsigned)read << 21 | 3u << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}
/* ESR of a trapped MSR/MRS (EC 0x18, IL = 1). */
static uint32_t esr_sys(int read, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0x18u << 26 | 1u << 25 | 3u << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | (unsigned)read;
}
#define MRS(op1, crn, crm, op2, rt) enc_sys(1, op1, crn, crm, op2, rt)
#define MSR(op1, crn, crm, op2, rt) enc_sys(0, op1, crn, crm, op2, rt)
#define ESR_UNDEF 0x02000000u

static struct gic *attach(struct harness *h)
{
    struct cpu_state *cpus[1] = { h->cpu };
    struct gic *g = gic_create(h->bus, DIST, REDIST, cpus, 1, 64);
    assert_non_null(g);
    assert_int_equal(bus_write(h->bus, DIST, 4, 3), BUS_OK);
    assert_int_equal(bus_write(h->bus, REDIST + 0x14, 4, 0), BUS_OK);
    return g;
}

static void run1(struct harness *h, uint32_t insn)
{
    h_code(h, &insn, 1);
    h_step(h, 1);
}

static void test_gic_sysreg_absent_is_undefined(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    run1(&h, MRS(0, 0, 4, 0, 1)); /* ID_AA64PFR0_EL1 */
    assert_int_equal((h.cpu->x[1] >> 24) & 0xf, 0);
    run1(&h, MRS(0, 4, 6, 0, 2)); /* ICC_PMR_EL1 */
    h_expect_sync(&h, ESR_UNDEF, H_CODE);
    h_free(&h);
}

static void test_gic_sysreg_icc_at_el1(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    struct gic *g = attach(&h);
    run1(&h, MRS(0, 0, 4, 0, 1));
    assert_int_equal((h.cpu->x[1] >> 24) & 0xf, 1);
    h.cpu->x[2] = 0xff;
    run1(&h, MSR(0, 4, 6, 0, 2)); /* ICC_PMR_EL1 = 0xff */
    run1(&h, MRS(0, 4, 6, 0, 3));
    assert_int_equal(h.cpu->x[3], 0xf8);
    run1(&h, MRS(0, 12, 12, 5, 4)); /* ICC_SRE_EL1 */
    assert_int_equal(h.cpu->x[4], 7);
    run1(&h, MRS(0, 12, 12, 4, 5)); /* ICC_CTLR_EL1: A3V, IDbits 1, PRIbits 4 */
    assert_int_equal(h.cpu->x[5], 0x8c00);
    run1(&h, MRS(0, 12, 8, 3, 6)); /* ICC_BPR0_EL1 */
    assert_int_equal(h.cpu->x[6], 2);
    h.cpu->x[2] = 1;
    run1(&h, MSR(0, 12, 12, 7, 2)); /* ICC_IGRPEN1_EL1 */
    /* SGI 2 to self, taken as IRQ once unmasked, acknowledged with ICC_IAR1_EL1. */
    assert_int_equal(bus_write(h.bus, REDIST + 0x10080, 4, 1u << 2), BUS_OK);
    assert_int_equal(bus_write(h.bus, REDIST + 0x10100, 4, 1u << 2), BUS_OK);
    h.cpu->x[2] = 2ull << 24 | 1;
    run1(&h, MSR(0, 12, 11, 5, 2)); /* ICC_SGI1R_EL1 */
    assert_true(h.cpu->irq_lines & (1u << EXC_IRQ));
    run1(&h, MRS(0, 12, 12, 0, 7)); /* ICC_IAR1_EL1 */
    assert_int_equal(h.cpu->x[7], 2);
    run1(&h, MRS(0, 12, 11, 3, 8)); /* ICC_RPR_EL1 */
    assert_int_equal(h.cpu->x[8], 0);
    run1(&h, MSR(0, 12, 12, 1, 7)); /* ICC_EOIR1_EL1 */
    run1(&h, MRS(0, 12, 11, 3, 8));
    assert_int_equal(h.cpu->x[8], 0xff);
    /* Write-only and read-only rows refuse the other direction. */
    run1(&h, MRS(0, 12, 12, 1, 9));
    h_expect_sync(&h, ESR_UNDEF, H_CODE);
    /* EL0: UNDEFINED. */
    cpu_set_el_spsel(h.cpu, 0, 0);
    run1(&h, MRS(0, 4, 6, 0, 3));
    assert_int_equal(h.cpu->pc, H_VBAR + 0x400);
    assert_int_equal(h.cpu->sr.esr_el1, ESR_UNDEF);
    gic_destroy(g);
    h_free(&h);
}

static void test_gic_sysreg_icv_under_imo(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    struct gic *g = attach(&h);
    struct gic_cpuif *cs = h.cpu->gic;
    /* EL2: a virtual interrupt 44 in LR0, the guest's Group 1 enabled. */
    h.cpu->x[2] = ICH_HCR_EN;
    run1(&h, MSR(4, 12, 11, 0, 2)); /* ICH_HCR_EL2 */
    h.cpu->x[2] = 1ull << 1 | 0xf8ull << 24;
    run1(&h, MSR(4, 12, 11, 7, 2)); /* ICH_VMCR_EL2 */
    h.cpu->x[2] = 1ull << 62 | ICH_LR_GROUP | 0x80ull << 48 | 44;
    run1(&h, MSR(4, 12, 12, 0, 2)); /* ICH_LR0_EL2 */
    run1(&h, MRS(4, 12, 11, 5, 3)); /* ICH_ELRSR_EL2 */
    assert_int_equal(h.cpu->x[3], 0xe);
    /* Drop to EL1 with IMO: the virtual IRQ is taken at EL1 (VBAR_EL1 + 0x280, current EL SPx). */
    h.cpu->sr.hcr_el2 = 1ull << HCR_IMO | 1ull << HCR_FMO | 1ull << HCR_RW;
    cpu_set_el_spsel(h.cpu, 1, 1);
    h.cpu->daif = 0;
    exc_update_irq(h.cpu);
    uint32_t nop = 0xd503201f;
    h_code(&h, &nop, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x280);
    /* ICC_IAR1_EL1's encoding reads ICV_IAR1_EL1; ICC_PMR_EL1's reads VPMR. */
    run1(&h, MRS(0, 12, 12, 0, 4));
    assert_int_equal(h.cpu->x[4], 44);
    assert_int_equal(cs->ich_lr[0] >> 62, LR_ACTIVE);
    run1(&h, MRS(0, 4, 6, 0, 5));
    assert_int_equal(h.cpu->x[5], 0xf8);
    assert_int_equal(cs->pmr, 0); /* the physical PMR is untouched */
    h.cpu->x[4] = 44;
    run1(&h, MSR(0, 12, 12, 1, 4)); /* ICV_EOIR1_EL1 */
    assert_int_equal(cs->ich_lr[0] >> 62, LR_INVALID);
    /* SGI generation traps to EL2 under IMO. */
    h.cpu->x[6] = 1;
    run1(&h, MSR(0, 12, 11, 5, 6));
    assert_int_equal(h.cpu->pc, H_VBAR2 + 0x400);
    assert_int_equal(h.cpu->sr.esr_el2, esr_sys(0, 0, 12, 11, 5, 6));
    /* ICH_HCR_EL2.TALL1 traps the Group 1 ICV registers to EL2. */
    cpu_set_el_spsel(h.cpu, 1, 1);
    cs->ich_hcr |= ICH_HCR_TALL1;
    run1(&h, MRS(0, 12, 12, 0, 4));
    assert_int_equal(h.cpu->pc, H_VBAR2 + 0x400);
    assert_int_equal(h.cpu->sr.esr_el2, esr_sys(1, 0, 12, 12, 0, 4));
    /* ICH_* are UNDEFINED at EL1. */
    cpu_set_el_spsel(h.cpu, 1, 1);
    run1(&h, MRS(4, 12, 11, 0, 4));
    h_expect_sync(&h, ESR_UNDEF, H_CODE);
    gic_destroy(g);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gic_sysreg_absent_is_undefined),
        cmocka_unit_test(test_gic_sysreg_icc_at_el1),
        cmocka_unit_test(test_gic_sysreg_icv_under_imo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
