/*
 * PMUv3 (src/cpu/pmu.c, DDI 0487 D7): exact INST_RETIRED and CPU_CYCLES with EL filtering,
 * EXC_TAKEN/EXC_RETURN, SW_INCR and 32-bit overflow raising the PMU interrupt line, the cycle
 * counter's divider, PMUSERENR_EL0 for EL0, MDCR_EL2.TPM traps and the HPMN partition (PMCR.N,
 * UNDEFINED counters, HPME).
 */
#include "cpu_harness.h"

#include "cpu/cpu_internal.h"
#include "cpu/exception.h"
#include "cpu/sysreg_traps.h"

#define NOP 0xd503201fu
#define SVC0 0xd4000001u
#define ERET 0xd69f03e0u
/* MRS/MSR with op0 = 3: 1101 0101 00 L 1 op1 CRn CRm op2 Rt. */
static uint32_t sys(int read, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0xd5000000u | (unsigned)read << 21 | 3u << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}
#define MRS_PMEVCNTR(n, rt) sys(1, 3, 14, 8, (n), (rt))
#define MRS_PMCR(rt) sys(1, 3, 9, 12, 0, (rt))
#define MRS_PMCCNTR(rt) sys(1, 3, 9, 13, 0, (rt))
#define MSR_PMSWINC(rt) sys(0, 3, 9, 12, 4, (rt))

static struct { unsigned calls; int level; } irq_seen;
static void irq_hook(void *opaque, int line, int level)
{
    (void)opaque, (void)line;
    irq_seen.calls++;
    irq_seen.level = level;
}

/* Counter n counts `event` with the filter bits `filter`; counters enabled, PMCR_EL0.E = 1. */
static void pmu_setup(struct harness *h, unsigned n, unsigned event, uint64_t filter)
{
    h->cpu->pmu.evtyper[n] = event | filter;
    h->cpu->pmu.cnten |= 1u << n;
    h->cpu->pmu.pmcr |= 1;
    cpu_pmu_changed(h->cpu);
}

static void at(struct harness *h, unsigned el)
{
    cpu_set_el_spsel(h->cpu, el, el ? 1 : 0);
    h->cpu->daif = 0x3c0;
    exc_update_irq(h->cpu);
}

/* INST_RETIRED counts each instruction exactly; a counter with P = 1 (exclude EL1) stays 0. */
static void test_pmu_inst_retired_exact_and_filtered(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    pmu_setup(&h, 0, 0x08, 0);
    pmu_setup(&h, 1, 0x08, 1ull << 31);
    pmu_setup(&h, 2, 0x11, 0); /* CPU_CYCLES: one per instruction */
    const uint32_t code[] = { NOP, NOP, NOP, NOP, NOP, MRS_PMEVCNTR(0, 1), MRS_PMEVCNTR(1, 2), MRS_PMEVCNTR(2, 3) };
    h_run(&h, code, 8);
    assert_int_equal(h.cpu->x[1], 5);
    assert_int_equal(h.cpu->x[2], 0);
    assert_int_equal(h.cpu->x[3], 7);
    h_free(&h);
}

/* EXC_TAKEN counts the SVC (from EL1), EXC_RETURN the ERET; both retire as instructions. */
static void test_pmu_exception_events(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    pmu_setup(&h, 0, 0x09, 0);
    pmu_setup(&h, 1, 0x0a, 0);
    pmu_setup(&h, 2, 0x08, 0);
    /* The vector for a synchronous exception from EL1 (SP_EL1) is VBAR + 0x200: put an ERET
     * there, returning after the SVC. */
    uint32_t eret = ERET;
    assert_int_equal(bus_load_block(h.bus, H_VBAR + 0x200, &eret, 4), A64_OK);
    const uint32_t code[] = { SVC0, NOP };
    h_code(&h, code, 2);
    h_step(&h, 3);
    assert_int_equal(h.cpu->pc, H_CODE + 8);
    assert_int_equal(h.cpu->pmu.evcntr[0], 1);
    assert_int_equal(h.cpu->pmu.evcntr[1], 1);
    assert_int_equal(h.cpu->pmu.evcntr[2], 3); /* svc, eret, nop */
    h_free(&h);
}

/* SW_INCR from 0xffffffff wraps to 0, sets PMOVSSET, and with PMINTENSET raises the line. */
static void test_pmu_overflow_interrupt(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    h.cpu->pmu.irq = (struct irq_line){ irq_hook, NULL, 23 };
    irq_seen.calls = 0;
    irq_seen.level = 0;
    h.cpu->pmu.inten = 1u << 3;
    pmu_setup(&h, 3, 0x00, 0);
    h.cpu->pmu.evcntr[3] = 0xffffffffu;
    h.cpu->x[1] = 1u << 3;
    const uint32_t w = MSR_PMSWINC(1);
    h_run(&h, &w, 1);
    assert_int_equal(h.cpu->pmu.evcntr[3], 0);
    assert_int_equal(h.cpu->pmu.ovs, 1u << 3);
    assert_int_equal(irq_seen.level, 1);
    /* PMOVSCLR lowers it. */
    const uint32_t clr = sys(0, 3, 9, 12, 3, 1);
    h_run(&h, &clr, 1);
    assert_int_equal(irq_seen.level, 0);
    h_free(&h);
}

/* The cycle counter with PMCR_EL0.D counts every 64th cycle. */
static void test_pmu_cycle_counter_divider(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    h.cpu->pmu.cnten = 1u << 31;
    h.cpu->pmu.pmcr = 1 | 1u << 3;
    cpu_pmu_changed(h.cpu);
    uint32_t code[130];
    for (unsigned i = 0; i < 129; i++)
        code[i] = NOP;
    code[129] = MRS_PMCCNTR(1);
    h_run(&h, code, 130);
    assert_int_equal(h.cpu->x[1], 2); /* 129 cycles: two full groups of 64 */
    h_free(&h);
}

/* EL0: PMCCNTR_EL0 traps to EL1 unless PMUSERENR_EL0.EN or .CR; at EL1 MDCR_EL2.TPM traps to EL2. */
static void test_pmu_access_controls(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    at(&h, 0);
    const uint32_t r = MRS_PMCCNTR(1);
    h_code(&h, &r, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0x18);
    h_free(&h);

    h_init(&h);
    h.cpu->pmu.userenr = 1u << 2; /* CR */
    at(&h, 0);
    h_run(&h, &r, 1);
    h_free(&h);

    h_init_el2(&h);
    h.cpu->sr.mdcr_el2 = CPU_PMU_COUNTERS | 1u << MDCR_TPM;
    at(&h, 1);
    h_code(&h, &r, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 2);
    assert_int_equal(h.cpu->sr.esr_el2 >> 26, 0x18);
    h_free(&h);
}

/* MDCR_EL2.HPMN = 4: EL1 sees PMCR_EL0.N = 4 and counter 5 is UNDEFINED; EL2 sees 6; counters
 * 4 and 5 count only with MDCR_EL2.HPME. */
static void test_pmu_hpmn_partition(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->sr.mdcr_el2 = 4;
    const uint32_t rd = MRS_PMCR(1);
    h_run(&h, &rd, 1);
    assert_int_equal((h.cpu->x[1] >> 11) & 31, 6);
    at(&h, 1);
    h_run(&h, &rd, 1);
    assert_int_equal((h.cpu->x[1] >> 11) & 31, 4);
    const uint32_t r5 = MRS_PMEVCNTR(5, 2);
    h_code(&h, &r5, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200); /* UNDEFINED, at EL1 */
    assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0);
    h_free(&h);

    h_init_el2(&h);
    h.cpu->sr.mdcr_el2 = 4;
    at(&h, 1);
    pmu_setup(&h, 5, 0x08, 1ull << 27 /* NSH: EL2 too */);
    const uint32_t nops[] = { NOP, NOP };
    h_run(&h, nops, 2);
    assert_int_equal(h.cpu->pmu.evcntr[5], 0);
    h.cpu->sr.mdcr_el2 = 4 | 1u << MDCR_HPME;
    cpu_pmu_changed(h.cpu);
    h_run(&h, nops, 2);
    assert_int_equal(h.cpu->pmu.evcntr[5], 2);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pmu_inst_retired_exact_and_filtered),
        cmocka_unit_test(test_pmu_exception_events),
        cmocka_unit_test(test_pmu_overflow_interrupt),
        cmocka_unit_test(test_pmu_cycle_counter_divider),
        cmocka_unit_test(test_pmu_access_controls),
        cmocka_unit_test(test_pmu_hpmn_partition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
