/*
 * Self-hosted debug (src/cpu/debug.c, DDI 0487 D2): the software-step state machine with its
 * syndrome (ISV, EX), step at the EL debug exceptions target (KDE, PSTATE.D), breakpoints by
 * address and context ID with their privilege controls and routing (HCR_EL2.TGE), watchpoints by
 * byte selection (BAS, WVR[2]), load/store and privilege (LDTR/STTR), the soft TLB kept out of
 * the way of an armed watchpoint, and the OS double lock.
 *
 * Expected syndromes, from ESR_ELx (D19.2.37): software step EC 0x32/0x33 with ISV [24], EX [6],
 * IFSC 0x22; breakpoint EC 0x30/0x31, IFSC 0x22; watchpoint EC 0x34/0x35, WnR [6], DFSC 0x22.
 */
#include "cpu_harness.h"

#include "cpu/cpu_internal.h"
#include "cpu/exception.h"
#include "cpu/sysreg_traps.h"

#define MDSCR_SS 1u
#define MDSCR_KDE (1u << 13)
#define MDSCR_MDE (1u << 15)
#define BAS_ALL (0xfu << 5)
#define NOP 0xd503201fu
#define ERET 0xd69f03e0u
#define LDR_X1_X2 0xf9400041u
#define STR_X1_X2 0xf9000041u
#define STTR_X1_X2 0xf8000841u
#define STRB_W1_X2(off) (0x39000041u | (off) << 10)
#define LDXR_X1_X2 0xc85f7c41u

static void at(struct harness *h, unsigned el, uint32_t daif)
{
    cpu_set_el_spsel(h->cpu, el, el ? 1 : 0);
    h->cpu->daif = daif;
    exc_update_irq(h->cpu);
}

static void debug_regs(struct harness *h, uint64_t mdscr)
{
    h->cpu->dbg.oslk = false;
    h->cpu->sr.mdscr_el1 = mdscr;
    cpu_debug_changed(h->cpu);
}

static void expect_exc(struct harness *h, uint64_t vector, uint64_t esr, uint64_t elr, unsigned el)
{
    assert_int_equal(h->cpu->el, el);
    assert_int_equal(h->cpu->pc, vector);
    assert_int_equal(el == 2 ? h->cpu->sr.esr_el2 : h->cpu->sr.esr_el1, esr);
    assert_int_equal(el == 2 ? h->cpu->sr.elr_el2 : h->cpu->sr.elr_el1, elr);
}

/* EL1 steps EL0: ERET with SPSR.SS = 1, one instruction (a load-exclusive), then the step
 * exception from the lower EL with ISV = 1, EX = 1, before the next instruction. */
static void test_debug_step_el0_from_el1(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    debug_regs(&h, MDSCR_SS);
    h.cpu->sr.spsr_el1 = 1u << 21; /* EL0t, SS */
    h.cpu->sr.elr_el1 = H_CODE + 4;
    h.cpu->x[2] = H_DATA;
    const uint32_t code[] = { ERET, LDXR_X1_X2, NOP };
    h_code(&h, code, 3);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 0);
    assert_int_equal(h.cpu->ss, 1); /* active-not-pending */
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_CODE + 8);
    assert_int_equal(h.cpu->ss, 0); /* active-pending */
    h_step(&h, 1);
    expect_exc(&h, H_VBAR + 0x400, 0x32u << 26 | 1u << 25 | 1u << 24 | 1u << 6 | 0x22, H_CODE + 8, 1);
    assert_int_equal((h.cpu->sr.spsr_el1 >> 21) & 1, 0);
    h_free(&h);
}

/* Stepping at the EL debug exceptions target needs KDE = 1 and PSTATE.D = 0: EC 0x33. With
 * PSTATE.D = 1 nothing happens. */
static void test_debug_step_same_el_needs_kde_and_d_clear(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    debug_regs(&h, MDSCR_SS | MDSCR_KDE);
    at(&h, 1, 0);
    h.cpu->ss = 1;
    const uint32_t code[] = { NOP, NOP, NOP };
    h_code(&h, code, 3);
    h_step(&h, 2);
    expect_exc(&h, H_VBAR + 0x200, 0x33u << 26 | 1u << 25 | 1u << 24 | 0x22, H_CODE + 4, 1);
    h_free(&h);

    h_init(&h);
    debug_regs(&h, MDSCR_SS | MDSCR_KDE);
    at(&h, 1, 1u << 9); /* D masked */
    h.cpu->ss = 1;
    h_run(&h, code, 3);
    h_free(&h);
}

/* An EL0 breakpoint (PMC = 0b10) with HCR_EL2.TGE = 1 goes to EL2 (EC 0x30); one for EL1 only
 * (PMC = 0b01) does not match at EL0. */
static void test_debug_breakpoint_el0_routed_to_el2_by_tge(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->sr.hcr_el2 = 1ull << HCR_TGE | 1ull << HCR_RW;
    h.cpu->dbg.bvr[0] = H_CODE + 4;
    h.cpu->dbg.bcr[0] = 1 | 2u << 1 | BAS_ALL;
    debug_regs(&h, MDSCR_MDE);
    at(&h, 0, 0);
    const uint32_t code[] = { NOP, NOP };
    h_code(&h, code, 2);
    h_step(&h, 2);
    expect_exc(&h, H_VBAR2 + 0x400, 0x30u << 26 | 1u << 25 | 0x22, H_CODE + 4, 2);
    h_free(&h);

    h_init_el2(&h);
    h.cpu->sr.hcr_el2 = 1ull << HCR_TGE | 1ull << HCR_RW;
    h.cpu->dbg.bvr[0] = H_CODE + 4;
    h.cpu->dbg.bcr[0] = 1 | 1u << 1 | BAS_ALL;
    debug_regs(&h, MDSCR_MDE);
    at(&h, 0, 0);
    h_run(&h, code, 2);
    h_free(&h);
}

/* Context-ID match (BT = 0b0010) on a context-aware breakpoint (4 and 5), not on breakpoint 0. */
static void test_debug_context_id_breakpoint(void **state)
{
    (void)state;
    struct harness h;
    const uint32_t code[] = { NOP, NOP };
    for (unsigned n = 0; n < CPU_NUM_BRPS; n += 4) {
        h_init(&h);
        h.cpu->sr.contextidr_el1 = 0x42;
        h.cpu->dbg.bvr[n] = 0x42;
        h.cpu->dbg.bcr[n] = 1 | 3u << 1 | BAS_ALL | 2u << 20;
        debug_regs(&h, MDSCR_MDE);
        at(&h, 0, 0);
        h_code(&h, code, 2);
        h_step(&h, 1);
        if (n == 0) {
            assert_int_equal(h.cpu->pc, H_CODE + 4);
        } else {
            expect_exc(&h, H_VBAR + 0x400, 0x30u << 26 | 1u << 25 | 0x22, H_CODE, 1);
        }
        h_free(&h);
    }
}

/* Run one store/load at EL1 (KDE, D clear) against watchpoint 0; returns true if it hit. */
static bool watch_run(uint64_t wvr, uint64_t wcr, uint32_t insn, unsigned el, uint64_t *far, uint32_t *esr)
{
    struct harness h;
    h_init(&h);
    h.cpu->dbg.wvr[0] = wvr;
    h.cpu->dbg.wcr[0] = wcr;
    debug_regs(&h, MDSCR_MDE | MDSCR_KDE);
    at(&h, el, 0);
    h.cpu->x[2] = H_DATA;
    h_code(&h, &insn, 1);
    h_step(&h, 1);
    bool hit = h.cpu->pc != H_CODE + 4;
    *far = h.cpu->sr.far_el1;
    *esr = (uint32_t)h.cpu->sr.esr_el1;
    h_free(&h);
    return hit;
}

/* BAS selects bytes: 0b00001100 watches bytes 2 and 3 of the doubleword; with WVR[2] = 1 BAS[3:0]
 * selects bytes of the word at WVR. FAR is the higher of the access and the first watched byte. */
static void test_debug_watchpoint_byte_select(void **state)
{
    (void)state;
    uint64_t far;
    uint32_t esr;
    const uint64_t any = 1 | 3u << 1 | 3u << 3;
    assert_false(watch_run(H_DATA, any | 0x0cu << 5, STRB_W1_X2(1), 1, &far, &esr));
    assert_true(watch_run(H_DATA, any | 0x0cu << 5, STRB_W1_X2(3), 1, &far, &esr));
    assert_int_equal(far, H_DATA + 3);
    assert_int_equal(esr, 0x35u << 26 | 1u << 25 | 1u << 6 | 0x22);
    assert_true(watch_run(H_DATA, any | 0x0cu << 5, LDR_X1_X2, 1, &far, &esr));
    assert_int_equal(far, H_DATA + 2);
    assert_int_equal(esr, 0x35u << 26 | 1u << 25 | 0x22);
    assert_true(watch_run(H_DATA + 4, any | 0x1u << 5, STRB_W1_X2(4), 1, &far, &esr));
    assert_false(watch_run(H_DATA + 4, any | 0x1u << 5, STRB_W1_X2(0), 1, &far, &esr));
    /* LSC: a load-only watchpoint ignores stores. */
    assert_false(watch_run(H_DATA, 1 | 3u << 1 | 1u << 3 | 0xffu << 5, STR_X1_X2, 1, &far, &esr));
}

/* PAC = 0b10 (EL0 only): an EL1 store does not match, an STTR (EL0 permissions) does. */
static void test_debug_watchpoint_privilege(void **state)
{
    (void)state;
    uint64_t far;
    uint32_t esr;
    const uint64_t el0_only = 1 | 2u << 1 | 3u << 3 | 0xffu << 5;
    assert_false(watch_run(H_DATA, el0_only, STR_X1_X2, 1, &far, &esr));
    assert_true(watch_run(H_DATA, el0_only, STTR_X1_X2, 1, &far, &esr));
}

/* A load cached in the soft TLB, then a watchpoint armed by MSR DBGWCR0_EL1: the next load of
 * the same page must still be seen. */
static void test_debug_watchpoint_after_cached_access(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    debug_regs(&h, MDSCR_MDE | MDSCR_KDE);
    at(&h, 1, 0);
    h.cpu->x[2] = H_DATA;
    h.cpu->x[3] = H_DATA;
    h.cpu->x[4] = 1 | 3u << 1 | 3u << 3 | 0xffu << 5;
    const uint32_t code[] = {
        LDR_X1_X2,
        0xd51000c3u, /* msr dbgwvr0_el1, x3 */
        0xd50000e4u | 2u << 19, /* msr dbgwcr0_el1, x4 */
        LDR_X1_X2,
    };
    h_code(&h, code, 4);
    h_step(&h, 4);
    expect_exc(&h, H_VBAR + 0x200, 0x35u << 26 | 1u << 25 | 0x22, H_CODE + 12, 1);
    h_free(&h);
}

/* The OS double lock (OSDLR_EL1.DLK = 1 with DBGPRCR_EL1.CORENPDRQ = 0) disables breakpoints. */
static void test_debug_os_double_lock(void **state)
{
    (void)state;
    struct harness h;
    const uint32_t code[] = { NOP };
    for (unsigned corenpdrq = 0; corenpdrq < 2; corenpdrq++) {
        h_init(&h);
        h.cpu->dbg.bvr[0] = H_CODE;
        h.cpu->dbg.bcr[0] = 1 | 3u << 1 | BAS_ALL;
        h.cpu->dbg.osdlr = 1;
        h.cpu->dbg.dbgprcr = corenpdrq;
        debug_regs(&h, MDSCR_MDE);
        at(&h, 0, 0);
        h_code(&h, code, 1);
        h_step(&h, 1);
        assert_int_equal(h.cpu->pc, corenpdrq ? H_VBAR + 0x400 : H_CODE + 4);
        h_free(&h);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_debug_step_el0_from_el1),
        cmocka_unit_test(test_debug_step_same_el_needs_kde_and_d_clear),
        cmocka_unit_test(test_debug_breakpoint_el0_routed_to_el2_by_tge),
        cmocka_unit_test(test_debug_context_id_breakpoint),
        cmocka_unit_test(test_debug_watchpoint_byte_select),
        cmocka_unit_test(test_debug_watchpoint_privilege),
        cmocka_unit_test(test_debug_watchpoint_after_cached_access),
        cmocka_unit_test(test_debug_os_double_lock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
