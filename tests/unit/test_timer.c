/*
 * Generic timer (DDI 0487 D11, D13.8-D13.11): the counter in instruction-count mode (2^shift ns
 * per instruction, 16 ns per tick at 62.5 MHz), CNTVOFF_EL2, CVAL/TVAL/CTL (ENABLE, IMASK,
 * ISTATUS) and the output levels, deadlines, the CNTKCTL_EL1/CNTHCTL_EL2 traps, the EL1 event
 * stream, and a guest busy-polling the counter seeing it advance inside one run.
 */
#include <stdlib.h>

#include "cpu_harness.h"

#include "cpu/exception.h"
#include "cpu/sysreg_traps.h"
#include "timer/timer_internal.h"

static uint32_t enc_sys(int read, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0xd5000000u | (unsigned)read << 21 | 3u << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
}
static uint32_t esr_sys(int read, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt)
{
    return 0x18u << 26 | 1u << 25 | 3u << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | (unsigned)read;
}
#define MRS(op1, crn, crm, op2, rt) enc_sys(1, op1, crn, crm, op2, rt)
#define MSR(op1, crn, crm, op2, rt) enc_sys(0, op1, crn, crm, op2, rt)
#define CNTFRQ(rt) MRS(3, 14, 0, 0, rt)
#define CNTPCT(rt) MRS(3, 14, 0, 1, rt)
#define CNTVCT(rt) MRS(3, 14, 0, 2, rt)
#define ESR_UNDEF 0x02000000u

struct fixture {
    struct harness h;
    struct vclock clock;
    struct timer_cpu *tc;
    int level[TIMER_COUNT];
};

static void capture(void *opaque, int line, int level)
{
    struct fixture *f = opaque;
    f->level[line] = level;
}

static void init(struct fixture *f, bool el2)
{
    memset(f, 0, sizeof *f);
    if (el2)
        h_init_el2(&f->h);
    else
        h_init(&f->h);
    vclock_init(&f->clock, VCLOCK_ICOUNT, 4); /* 16 ns per instruction: one tick each */
    struct irq_line out[TIMER_COUNT];
    for (int i = 0; i < TIMER_COUNT; i++)
        out[i] = (struct irq_line){ capture, f, i };
    f->tc = gtimer_create(f->h.cpu, &f->clock, out);
    assert_non_null(f->tc);
}

static void fini(struct fixture *f)
{
    gtimer_destroy(f->tc);
    h_free(&f->h);
}

static void run1(struct harness *h, uint32_t insn)
{
    h_code(h, &insn, 1);
    h_step(h, 1);
}

/* Put the clock at `ticks`. */
static void at(struct fixture *f, uint64_t ticks)
{
    f->clock.insns = ticks;
    gtimer_poll(f->tc);
}

static void test_timer_counter(void **state)
{
    (void)state;
    struct fixture f;
    init(&f, true);
    run1(&f.h, CNTFRQ(1));
    assert_int_equal(f.h.cpu->x[1], 62500000);
    at(&f, 1000);
    run1(&f.h, CNTPCT(2));
    assert_int_equal(f.h.cpu->x[2], 1000);
    /* CNTVOFF_EL2 (EL2 only): the virtual count is physical - offset. */
    f.h.cpu->x[3] = 300;
    run1(&f.h, MSR(4, 14, 0, 3, 3));
    run1(&f.h, CNTVCT(4));
    assert_int_equal(f.h.cpu->x[4], 700);
    /* Skipped idle time counts; shift 0 is 1 ns per instruction (16 per tick). */
    f.clock.skipped_ns = 160;
    assert_int_equal(vclock_ticks(&f.clock), 1010);
    vclock_advance_to(&f.clock, 1000 * 16 + 160 + 32, 0);
    assert_int_equal(vclock_ticks(&f.clock), 1012);
    fini(&f);
}

static void test_timer_cval_tval_ctl(void **state)
{
    (void)state;
    struct fixture f;
    init(&f, false);
    at(&f, 50);
    /* CNTP_CVAL_EL0 = 100, enabled. */
    f.h.cpu->x[1] = 100;
    run1(&f.h, MSR(3, 14, 2, 2, 1));
    f.h.cpu->x[1] = 1;
    run1(&f.h, MSR(3, 14, 2, 1, 1));
    run1(&f.h, MRS(3, 14, 2, 0, 2)); /* TVAL = 50 */
    assert_int_equal(f.h.cpu->x[2], 50);
    run1(&f.h, MRS(3, 14, 2, 1, 3));
    assert_int_equal(f.h.cpu->x[3], 1); /* ISTATUS clear */
    assert_int_equal(f.level[TIMER_PHYS], 0);
    assert_int_equal(gtimer_next_deadline_ns(f.tc), 100 * 16);
    at(&f, 100);
    assert_int_equal(f.level[TIMER_PHYS], 1);
    run1(&f.h, MRS(3, 14, 2, 1, 3));
    assert_int_equal(f.h.cpu->x[3], 5); /* ENABLE | ISTATUS */
    assert_int_equal(gtimer_next_deadline_ns(f.tc), TIMER_NO_DEADLINE);
    at(&f, 110);
    run1(&f.h, MRS(3, 14, 2, 0, 2)); /* TVAL = -10, as 32 bits */
    assert_int_equal(f.h.cpu->x[2], 0xfffffff6u);
    /* IMASK: the output drops, ISTATUS stays. */
    f.h.cpu->x[1] = 3;
    run1(&f.h, MSR(3, 14, 2, 1, 1));
    assert_int_equal(f.level[TIMER_PHYS], 0);
    run1(&f.h, MRS(3, 14, 2, 1, 3));
    assert_int_equal(f.h.cpu->x[3], 7);
    /* Disabled: ISTATUS reads 0 and there is no output. */
    f.h.cpu->x[1] = 0;
    run1(&f.h, MSR(3, 14, 2, 1, 1));
    run1(&f.h, MRS(3, 14, 2, 1, 3));
    assert_int_equal(f.h.cpu->x[3], 0);
    /* TVAL write: CVAL = count + SignExtend(TVAL); a negative one fires at once. */
    f.h.cpu->x[1] = 1;
    run1(&f.h, MSR(3, 14, 3, 1, 1)); /* CNTV_CTL_EL0: enable */
    f.h.cpu->x[1] = 0xffffffff; /* -1 */
    run1(&f.h, MSR(3, 14, 3, 0, 1));
    assert_int_equal(f.tc->t[TIMER_VIRT].cval, 109);
    assert_int_equal(f.level[TIMER_VIRT], 1);
    f.h.cpu->x[1] = 0x7fffffff;
    run1(&f.h, MSR(3, 14, 3, 0, 1));
    assert_int_equal(f.tc->t[TIMER_VIRT].cval, 110 + 0x7fffffffull);
    assert_int_equal(f.level[TIMER_VIRT], 0);
    /* A CVAL the count cannot reach has no deadline; an unreachable virtual one neither. */
    f.h.cpu->x[1] = ~0ull;
    run1(&f.h, MSR(3, 14, 3, 2, 1));
    assert_int_equal(gtimer_next_deadline_ns(f.tc), TIMER_NO_DEADLINE);
    fini(&f);
}

static void test_timer_el2_and_virtual_deadline(void **state)
{
    (void)state;
    struct fixture f;
    init(&f, true);
    at(&f, 10);
    f.tc->cntvoff = 5;
    f.h.cpu->x[1] = 20;
    run1(&f.h, MSR(4, 14, 2, 2, 1)); /* CNTHP_CVAL_EL2 */
    f.h.cpu->x[1] = 1;
    run1(&f.h, MSR(4, 14, 2, 1, 1)); /* CNTHP_CTL_EL2 */
    f.h.cpu->x[1] = 12;
    run1(&f.h, MSR(3, 14, 3, 2, 1)); /* CNTV_CVAL_EL0: virtual 12 = physical 17 */
    f.h.cpu->x[1] = 1;
    run1(&f.h, MSR(3, 14, 3, 1, 1));
    assert_int_equal(gtimer_next_deadline_ns(f.tc), 17 * 16);
    at(&f, 17);
    assert_int_equal(f.level[TIMER_VIRT], 1);
    assert_int_equal(f.level[TIMER_HYP], 0);
    assert_int_equal(gtimer_next_deadline_ns(f.tc), 20 * 16);
    at(&f, 20);
    assert_int_equal(f.level[TIMER_HYP], 1);
    fini(&f);
}

static void test_timer_access_traps(void **state)
{
    (void)state;
    struct fixture f;
    init(&f, true);
    /* EL1 under EL2 with CNTHCTL_EL2 = 0: the physical counter and timer trap to EL2. */
    cpu_set_el_spsel(f.h.cpu, 1, 1);
    run1(&f.h, CNTPCT(1));
    assert_int_equal(f.h.cpu->pc, H_VBAR2 + 0x400);
    assert_int_equal(f.h.cpu->sr.esr_el2, esr_sys(1, 3, 14, 0, 1, 1));
    cpu_set_el_spsel(f.h.cpu, 1, 1);
    run1(&f.h, MRS(3, 14, 2, 1, 1)); /* CNTP_CTL_EL0 */
    assert_int_equal(f.h.cpu->sr.esr_el2, esr_sys(1, 3, 14, 2, 1, 1));
    /* The virtual counter and timer do not trap; CNTHP_* and CNTVOFF are UNDEFINED at EL1. */
    cpu_set_el_spsel(f.h.cpu, 1, 1);
    run1(&f.h, CNTVCT(1));
    assert_int_equal(f.h.cpu->pc, H_CODE + 4);
    run1(&f.h, MRS(4, 14, 2, 1, 1));
    h_expect_sync(&f.h, ESR_UNDEF, H_CODE);
    f.tc->cnthctl = 3; /* EL1PCTEN | EL1PCEN */
    run1(&f.h, CNTPCT(1));
    assert_int_equal(f.h.cpu->pc, H_CODE + 4);
    /* EL0: CNTKCTL_EL1 = 0 traps everything to EL1, including CNTFRQ. */
    cpu_set_el_spsel(f.h.cpu, 0, 0);
    run1(&f.h, CNTFRQ(1));
    assert_int_equal(f.h.cpu->pc, H_VBAR + 0x400);
    assert_int_equal(f.h.cpu->sr.esr_el1, esr_sys(1, 3, 14, 0, 0, 1));
    cpu_set_el_spsel(f.h.cpu, 0, 0);
    run1(&f.h, MRS(3, 14, 3, 1, 1)); /* CNTV_CTL_EL0 */
    assert_int_equal(f.h.cpu->sr.esr_el1, esr_sys(1, 3, 14, 3, 1, 1));
    /* EL0VCTEN lets EL0 read the virtual counter and CNTFRQ, not the physical counter. */
    f.tc->cntkctl = 2;
    cpu_set_el_spsel(f.h.cpu, 0, 0);
    run1(&f.h, CNTVCT(1));
    assert_int_equal(f.h.cpu->pc, H_CODE + 4);
    run1(&f.h, CNTFRQ(1));
    assert_int_equal(f.h.cpu->pc, H_CODE + 4);
    run1(&f.h, CNTPCT(1));
    assert_int_equal(f.h.cpu->sr.esr_el1, esr_sys(1, 3, 14, 0, 1, 1));
    /* EL0PTEN + EL1PCEN: EL0 reaches the physical timer. */
    f.tc->cntkctl = 1u << 9;
    cpu_set_el_spsel(f.h.cpu, 0, 0);
    run1(&f.h, MRS(3, 14, 2, 1, 1));
    assert_int_equal(f.h.cpu->pc, H_CODE + 4);
    /* EL0 writes to CNTFRQ are UNDEFINED (EL1 minimum). */
    f.tc->cntkctl = 3;
    run1(&f.h, MSR(3, 14, 0, 0, 1));
    assert_int_equal(f.h.cpu->sr.esr_el1, ESR_UNDEF);
    fini(&f);
}

static void test_timer_absent_is_undefined(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    run1(&h, CNTPCT(1));
    h_expect_sync(&h, ESR_UNDEF, H_CODE);
    h_free(&h);
}

/* A guest that busy-polls the counter inside one run sees it advance (icount mode). */
static void test_timer_busy_poll_advances(void **state)
{
    (void)state;
    struct fixture f;
    init(&f, false);
    /* 1: mrs x0, cntvct_el0; cmp x0, x1; b.lo 1b; 2: b 2b */
    const uint32_t loop[] = { CNTVCT(0), 0xeb01001f /* cmp x0, x1 */, 0x54ffffc3 /* b.lo 1b */, 0x14000000 };
    h_code(&f.h, loop, 4);
    f.h.cpu->x[1] = 300;
    f.clock.running = f.h.cpu;
    f.clock.running_base = f.h.cpu->icount;
    cpu_run(f.h.cpu, 2000);
    f.clock.running = NULL;
    assert_int_equal(f.h.cpu->sr.esr_el1, 0);
    assert_int_equal(f.h.cpu->pc, H_CODE + 12);
    assert_true(f.h.cpu->x[0] >= 300 && f.h.cpu->x[0] < 310);
    fini(&f);
}

/* CNTKCTL_EL1 event stream: EVNTI = 3 (bit 3 of the virtual count), rising edges every 16
 * ticks at counts 8, 24, 40 ...; EVNTDIR = 1 takes the falling edges (0, 16, 32 ...). */
static void test_timer_event_stream(void **state)
{
    (void)state;
    struct fixture f;
    init(&f, false);
    at(&f, 2);
    f.h.cpu->x[1] = 3u << 4 | 1u << 2; /* EVNTI 3, EVNTEN */
    run1(&f.h, MSR(0, 14, 1, 0, 1));   /* CNTKCTL_EL1 */
    f.h.cpu->event_register = false;
    assert_int_equal(gtimer_next_deadline_ns(f.tc), 8 * 16);
    at(&f, 7);
    assert_false(f.h.cpu->event_register);
    at(&f, 8);
    assert_true(f.h.cpu->event_register);
    f.h.cpu->event_register = false;
    assert_int_equal(gtimer_next_deadline_ns(f.tc), 24 * 16);
    at(&f, 23);
    assert_false(f.h.cpu->event_register);
    at(&f, 60); /* several transitions at once: one event */
    assert_true(f.h.cpu->event_register);
    f.tc->cntkctl |= 1u << 3; /* EVNTDIR */
    assert_int_equal(gtimer_next_deadline_ns(f.tc), 64 * 16);
    f.tc->cntkctl = 0;
    assert_int_equal(gtimer_next_deadline_ns(f.tc), TIMER_NO_DEADLINE);
    fini(&f);
}

/* FEAT_VHE: CNTHV_*, the _EL02/_EL12 aliases, redirection at EL2 with E2H = 1, the E2H = 1
 * layout of CNTHCTL_EL2, and the zero virtual offset under {E2H,TGE} = {1,1}. HCR_EL2.E2H is
 * set directly. */
#define E2H (1ull << 34)
#define TGE (1ull << 27)
static void test_timer_vhe(void **state)
{
    (void)state;
    struct fixture f;
    init(&f, true);
    at(&f, 1000);
    f.h.cpu->features &= ~(1u << FEAT_VHE);
    /* Without FEAT_VHE: CNTHV_* and the aliases are UNDEFINED. */
    run1(&f.h, MRS(4, 14, 3, 1, 1));
    assert_int_equal(f.h.cpu->pc, H_VBAR2 + 0x200);
    assert_int_equal(f.h.cpu->sr.esr_el2, ESR_UNDEF);
    cpu_set_el_spsel(f.h.cpu, 2, 1);
    f.h.cpu->features |= 1ull << FEAT_VHE;
    run1(&f.h, MRS(4, 14, 3, 1, 1)); /* CNTHV_CTL_EL2 */
    assert_int_equal(f.h.cpu->pc, H_CODE + 4);
    run1(&f.h, MRS(5, 14, 2, 1, 1)); /* CNTP_CTL_EL02: needs E2H = 1 */
    assert_int_equal(f.h.cpu->pc, H_VBAR2 + 0x200);
    assert_int_equal(f.h.cpu->sr.esr_el2, ESR_UNDEF);
    /* E2H = 1 at EL2: the EL0 encodings reach the EL2 timers, the _EL02 ones the EL1 timers. */
    cpu_set_el_spsel(f.h.cpu, 2, 1);
    f.h.cpu->sr.hcr_el2 |= E2H;
    f.h.cpu->x[1] = 1234;
    run1(&f.h, MSR(3, 14, 2, 2, 1)); /* CNTP_CVAL_EL0 -> CNTHP_CVAL_EL2 */
    assert_int_equal(f.tc->t[TIMER_HYP].cval, 1234);
    f.h.cpu->x[1] = 777;
    run1(&f.h, MSR(5, 14, 2, 2, 1)); /* CNTP_CVAL_EL02 -> CNTP_CVAL_EL0 */
    assert_int_equal(f.tc->t[TIMER_PHYS].cval, 777);
    f.h.cpu->x[1] = 0xc03;
    run1(&f.h, MSR(0, 14, 1, 0, 1)); /* CNTKCTL_EL1 -> CNTHCTL_EL2 */
    assert_int_equal(f.tc->cnthctl, 0xc03);
    f.h.cpu->x[1] = 2;
    run1(&f.h, MSR(5, 14, 1, 0, 1)); /* CNTKCTL_EL12 -> CNTKCTL_EL1 */
    assert_int_equal(f.tc->cntkctl, 2);
    /* {E2H,TGE} = {1,1}: CNTVCT at EL2 has no offset, nor the EL2 virtual timer. */
    f.tc->cntvoff = 100;
    f.h.cpu->sr.hcr_el2 |= TGE;
    run1(&f.h, CNTVCT(2));
    assert_int_equal(f.h.cpu->x[2], 1000);
    f.h.cpu->x[1] = 1010;
    run1(&f.h, MSR(3, 14, 3, 2, 1)); /* CNTV_CVAL_EL0 -> CNTHV_CVAL_EL2 */
    f.h.cpu->x[1] = 1;
    run1(&f.h, MSR(3, 14, 3, 1, 1));
    assert_int_equal(gtimer_next_deadline_ns(f.tc), 1010 * 16);
    at(&f, 1010);
    assert_int_equal(f.level[TIMER_HYPVIRT], 1);
    assert_int_equal(f.level[TIMER_VIRT], 0);
    /* Host EL0 ({1,1}): CNTHCTL_EL2.EL0PCTEN governs, and traps to EL2. */
    f.tc->cnthctl = 0;
    f.tc->cntkctl = 3;
    cpu_set_el_spsel(f.h.cpu, 0, 0);
    run1(&f.h, CNTPCT(1));
    assert_int_equal(f.h.cpu->pc, H_VBAR2 + 0x400);
    assert_int_equal(f.h.cpu->sr.esr_el2, esr_sys(1, 3, 14, 0, 1, 1));
    f.tc->cnthctl = 1;
    cpu_set_el_spsel(f.h.cpu, 0, 0);
    run1(&f.h, CNTPCT(1));
    assert_int_equal(f.h.cpu->pc, H_CODE + 4);
    /* A guest (E2H = 1, TGE = 0) at EL1: EL1PCTEN is bit 10 in this layout. */
    f.h.cpu->sr.hcr_el2 &= ~TGE;
    cpu_set_el_spsel(f.h.cpu, 1, 1);
    f.tc->cnthctl = 3;
    run1(&f.h, CNTPCT(1));
    assert_int_equal(f.h.cpu->pc, H_VBAR2 + 0x400);
    cpu_set_el_spsel(f.h.cpu, 1, 1);
    f.tc->cnthctl = 1u << 10;
    run1(&f.h, CNTPCT(1));
    assert_int_equal(f.h.cpu->pc, H_CODE + 4);
    /* At EL1 the EL0 encodings are the EL1 timers, with the guest's virtual offset. */
    run1(&f.h, CNTVCT(2));
    assert_int_equal(f.h.cpu->x[2], 910);
    fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timer_counter),
        cmocka_unit_test(test_timer_cval_tval_ctl),
        cmocka_unit_test(test_timer_el2_and_virtual_deadline),
        cmocka_unit_test(test_timer_access_traps),
        cmocka_unit_test(test_timer_absent_is_undefined),
        cmocka_unit_test(test_timer_busy_poll_advances),
        cmocka_unit_test(test_timer_event_stream),
        cmocka_unit_test(test_timer_vhe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
