/*
 * FEAT_PAN (with PAN2's AT S1E1RP/WP) and FEAT_VMID16 (DDI 0487 D8.4.3, D8.14): PSTATE.PAN stops
 * EL1 data accesses to EL0-accessible memory (not LDTR/STTR, not fetches), set by MSR PAN and
 * by exception entry when SCTLR_EL1.SPAN = 0, saved in SPSR[22] and restored by ERET; AT S1E1RP
 * honours it, AT S1E1R does not; 16-bit VMIDs with VTCR_EL2.VS.
 *
 * Tables: 4K granule, T0SZ = 25 (start level 1); L1[1] -> an L2 of 2 MiB blocks: block 0 (code,
 * EL1 only), block 1 (data, EL0 and EL1 read/write).
 */
#include "cpu_harness.h"

#include "cpu/cpu_internal.h"
#include "cpu/exception.h"
#include "cpu/sysreg_traps.h"

#define L1 (H_RAM_BASE + 0xc00000ull)
#define L2 (L1 + 0x1000)
#define USER_DATA (H_RAM_BASE + 0x200000ull)
#define AF (1ull << 10)
#define AP(x) ((uint64_t)(x) << 6)
#define BLOCK 1ull
#define TABLE 3ull
#define LDR_X1_X2 0xf9400041u
#define LDTR_X1_X2 0xf8400841u
#define MSR_PAN(imm) (0xd500409fu | (imm) << 8) /* msr pan, #imm */
#define MRS_PAN_X3 0xd5384263u                 /* mrs x3, pan */

static void mmu_on(struct harness *h)
{
    h_write64(h, L1 + 8, L2 | TABLE);
    h_write64(h, L2, H_RAM_BASE | AF | AP(0) | BLOCK);
    for (unsigned i = 1; i < 8; i++)
        h_write64(h, L2 + i * 8, (H_RAM_BASE + ((uint64_t)i << 21)) | AF | AP(1) | (1ull << 53) | BLOCK);
    struct cpu_state *c = h->cpu;
    c->sr.mair_el1 = 0xff;
    c->sr.tcr_el1 = 25 | 1ull << 23 /* EPD1 */ | 5ull << 32;
    c->sr.ttbr0_el1 = L1;
    c->sr.sctlr_el1 |= 1;
    cpu_translation_changed(c);
    h_write64(h, USER_DATA, 0x77);
    h->cpu->x[2] = USER_DATA;
}

/* PAN = 1: LDR of EL0 data faults (Permission, level 2), LDTR does not; MRS PAN shows bit 22. */
static void test_pan_blocks_privileged_access_to_user_memory(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h);
    const uint32_t ok[] = { MSR_PAN(1), LDTR_X1_X2, MRS_PAN_X3, MSR_PAN(0), LDR_X1_X2 };
    h_run(&h, ok, 5);
    assert_int_equal(h.cpu->x[1], 0x77);
    assert_int_equal(h.cpu->x[3], 1u << 22);
    const uint32_t bad[] = { MSR_PAN(1), LDR_X1_X2 };
    h_code(&h, bad, 2);
    h_step(&h, 2);
    h_expect_sync(&h, h_dabt_esr(0, 0x0e), H_CODE + 4);
    h_free(&h);
}

/* Exception entry to EL1 sets PAN when SCTLR_EL1.SPAN = 0 and saves the old PAN in SPSR; ERET
 * restores it. With SPAN = 1 entry leaves it alone. */
static void test_pan_exception_entry_and_return(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    h.cpu->sr.sctlr_el1 &= ~(1ull << 23);
    const uint32_t svc = 0xd4000001u;
    uint32_t eret = 0xd69f03e0u;
    assert_int_equal(bus_load_block(h.bus, H_VBAR + 0x200, &eret, 4), A64_OK);
    h_code(&h, &svc, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pan, 1);
    assert_int_equal((h.cpu->sr.spsr_el1 >> 22) & 1, 0);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pan, 0);
    h.cpu->sr.sctlr_el1 |= 1ull << 23;
    h_code(&h, &svc, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pan, 0);
    h_free(&h);
}

/* AT S1E1RP fails on EL0 data under PAN (PAR_EL1.F, Permission fault); AT S1E1R succeeds. */
static void test_pan2_at_s1e1rp(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    mmu_on(&h);
    const uint32_t code[] = {
        MSR_PAN(1),
        0xd5087902u, /* at s1e1rp, x2 */
        0xd5387404u, /* mrs x4, par_el1 */
        0xd5087802u, /* at s1e1r, x2 */
        0xd5387405u, /* mrs x5, par_el1 */
    };
    h_run(&h, code, 5);
    assert_int_equal(h.cpu->x[4] & 1, 1);
    assert_int_equal((h.cpu->x[4] >> 1) & 0x3f, 0x0e);
    assert_int_equal(h.cpu->x[5] & 1, 0);
    assert_int_equal(h.cpu->x[5] & 0xfffffffff000ull, USER_DATA);
    h_free(&h);
}

/* MSR PAN at EL0 is UNDEFINED; MSR PAN and AT S1E1RP without FEAT_PAN too. */
static void test_pan_undefined_cases(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    cpu_set_el_spsel(h.cpu, 0, 0);
    const uint32_t m = MSR_PAN(1);
    h_code(&h, &m, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0);
    h_free(&h);

    h_init(&h);
    h.cpu->features &= ~(1u << FEAT_PAN);
    h_code(&h, &m, 1);
    h_step(&h, 1);
    h_expect_sync(&h, 1u << 25, H_CODE);
    h_free(&h);
}

/* FEAT_VMID16: with VTCR_EL2.VS = 1 the VMID is VTTBR_EL2[63:48], else [55:48]. */
static void test_vmid16(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->x[1] = 0x1234ull << 48;
    h.cpu->x[2] = 1ull << 31 | 1ull << 19;
    const uint32_t code[] = {
        0xd51c2101u, /* msr vttbr_el2, x1 */
        0xd51c2142u, /* msr vtcr_el2, x2 */
    };
    h_run(&h, code, 2);
    struct mmu_regs r;
    cpu_mmu_regs(h.cpu, 1, &r);
    assert_int_equal(r.vmid, 0x1234);
    h.cpu->sr.vtcr_el2 &= ~(1ull << 19);
    cpu_mmu_regs(h.cpu, 1, &r);
    assert_int_equal(r.vmid, 0x34);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pan_blocks_privileged_access_to_user_memory),
        cmocka_unit_test(test_pan_exception_entry_and_return),
        cmocka_unit_test(test_pan2_at_s1e1rp),
        cmocka_unit_test(test_pan_undefined_cases),
        cmocka_unit_test(test_vmid16),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
