/* Branches, hints, barriers, PSTATE and system register moves, exception generation. */
#include "cpu_harness.h"

/* Independent reference for ConditionHolds (DDI 0487 J1.2.3), written from the table of
 * condition meanings rather than bit tricks. */
static bool ref_cond(unsigned cond, uint32_t nzcv)
{
    bool n = nzcv >> 31 & 1, z = nzcv >> 30 & 1, c = nzcv >> 29 & 1, v = nzcv >> 28 & 1;
    bool r;
    switch (cond >> 1) {
    case 0: r = z; break;              /* EQ / NE */
    case 1: r = c; break;              /* CS / CC */
    case 2: r = n; break;              /* MI / PL */
    case 3: r = v; break;              /* VS / VC */
    case 4: r = c && !z; break;        /* HI / LS */
    case 5: r = n == v; break;         /* GE / LT */
    case 6: r = n == v && !z; break;   /* GT / LE */
    default: r = true; break;          /* AL / NV: always */
    }
    if ((cond & 1) && cond != 15)
        r = !r;
    return r;
}

static void test_exec_b_cond_every_condition_and_flag_combination(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    for (unsigned cond = 0; cond < 16; cond++) {
        uint32_t insn = 0x54000040 | cond; /* b.<cond> .+8 */
        for (uint32_t f = 0; f < 16; f++) {
            h.cpu->nzcv = f << 28;
            h_code(&h, &insn, 1);
            h_step(&h, 1);
            assert_int_equal(h.cpu->pc, H_CODE + (ref_cond(cond, f << 28) ? 8 : 4));
        }
    }
    h_free(&h);
}

static void test_exec_cbz_tbz_use_operand_width_and_bit(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    struct { uint32_t insn; unsigned reg; uint64_t val; bool taken; } cases[] = {
        { 0x34000041, 1, 0xffffffff00000000ull, true },  /* cbz w1: only the low 32 bits count */
        { 0x34000041, 1, 0x1, false },
        { 0xb5000041, 1, 0x8000000000000000ull, true },  /* cbnz x1 */
        { 0xb5000041, 1, 0, false },
        { 0xb6f80042, 2, 0x8000000000000000ull, false }, /* tbz x2, #63 */
        { 0xb6f80042, 2, 0x7fffffffffffffffull, true },
        { 0x37f80042, 2, 0x80000000ull, true },          /* tbnz w2, #31 */
        { 0x37f80042, 2, 0x100000000ull, false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        h.cpu->x[cases[i].reg] = cases[i].val;
        h_code(&h, &cases[i].insn, 1);
        h_step(&h, 1);
        assert_int_equal(h.cpu->pc, H_CODE + (cases[i].taken ? 8 : 4));
    }
    h_free(&h);
}

static void test_exec_bl_blr_ret_link_and_target(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t bl = 0x94000040;  /* bl .+0x100 */
    h_code(&h, &bl, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_CODE + 0x100);
    assert_int_equal(h.cpu->x[30], H_CODE + 4);
    static const uint32_t blr = 0xd63f03c0; /* blr x30: target read before the link is written */
    h.cpu->x[30] = H_CODE + 0x40;
    h_code(&h, &blr, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_CODE + 0x40);
    assert_int_equal(h.cpu->x[30], H_CODE + 4);
    static const uint32_t ret3 = 0xd65f0060; /* ret x3 */
    h.cpu->x[3] = H_CODE + 0x80;
    h_code(&h, &ret3, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_CODE + 0x80);
    h_free(&h);
}

static void test_exec_branch_loop_in_one_page_runs_chained(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd1000400, /* sub x0, x0, #1 */
        0xb5ffffe0, /* cbnz x0, .-4 */
        0xd4000001, /* svc #0 */
    };
    h.cpu->x[0] = 1000;
    h_code(&h, code, 3);
    assert_int_equal(cpu_run(h.cpu, 2000), 2000);
    assert_int_equal(h.cpu->x[0], 0);
    assert_int_equal(h.cpu->pc, H_CODE + 8);
    /* Budget is honoured inside a chained loop. */
    h.cpu->x[0] = 1000;
    h.cpu->pc = H_CODE;
    assert_int_equal(cpu_run(h.cpu, 7), 7);
    h_free(&h);
}

static void test_exec_msr_daif_spsel_nzcv(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd50342ff, /* msr daifclr, #0x2  (unmask IRQ) */
        0xd53b4228, /* mrs x8, daif */
        0xd5034fdf, /* msr daifset, #0xf */
        0xd51b4201, /* msr nzcv, x1 */
        0xd53b4200, /* mrs x0, nzcv */
        0xd50040bf, /* msr spsel, #0x0 */
    };
    h.cpu->x[1] = 0xa0000000ffffffffull; /* only bits 31:28 are kept */
    h.cpu->x[31] = 0x1000;               /* SP_EL1 */
    h.cpu->sp_el[0] = 0x2000;
    h_run(&h, code, 6);
    assert_int_equal(h.cpu->x[8], 0x340);
    assert_int_equal(h.cpu->daif, 0x3c0);
    assert_int_equal(h.cpu->x[0], 0xf0000000);
    assert_int_equal(h.cpu->spsel, 0);
    assert_int_equal(h.cpu->x[31], 0x2000);
    assert_int_equal(cpu_get_sp_el(h.cpu, 1), 0x1000);
    h_free(&h);
}

static void test_exec_dc_zva_zeroes_aligned_block(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd53b00e7, /* mrs x7, dczid_el0 */
        0xd50b7426, /* dc zva, x6 */
    };
    for (unsigned i = 0; i < 32; i++)
        h_write64(&h, H_DATA + i * 8, ~0ull);
    h.cpu->x[6] = H_DATA + 64 + 13; /* anywhere inside the second 64-byte block */
    h_run(&h, code, 2);
    assert_int_equal(h.cpu->x[7], 4); /* BS = 4: 16 words = 64 bytes */
    assert_int_equal(h_read64(&h, H_DATA + 56), ~0ull);
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(h_read64(&h, H_DATA + 64 + i * 8), 0);
    assert_int_equal(h_read64(&h, H_DATA + 128), ~0ull);
    h_free(&h);
}

static void test_exec_el0_daif_and_dc_zva_trap_to_el1(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    /* At EL0 with SCTLR_EL1.UMA = 0 and DZE = 0 both trap with EC 0x18 (DDI 0487 D19.2.37). */
    h.cpu->sr.sctlr_el1 &= ~((1u << 9) | (1u << 14));
    cpu_set_el_spsel(h.cpu, 0, 0);
    static const uint32_t mrs_daif = 0xd53b4228; /* mrs x8, daif */
    h_code(&h, &mrs_daif, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x400); /* lower EL, AArch64 */
    /* ISS: Op0 3, Op2 1, Op1 3, CRn 4, Rt 8, CRm 2, read */
    assert_int_equal(h.cpu->sr.esr_el1, 0x18u << 26 | 1u << 25 | 3u << 20 | 1u << 17 | 3u << 14 |
                                        4u << 10 | 8u << 5 | 2u << 1 | 1u);
    cpu_set_el_spsel(h.cpu, 0, 0);
    static const uint32_t zva = 0xd50b7426; /* dc zva, x6 */
    h_code(&h, &zva, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0x18);
    assert_int_equal(h.cpu->sr.esr_el1 & 1, 0); /* a write (SYS) */
    h_free(&h);
}

static void test_exec_tpidr_el0_read_write_at_el0(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd51bd045, /* msr tpidr_el0, x5 */
        0xd53bd040, /* mrs x0, tpidr_el0 */
    };
    cpu_set_el_spsel(h.cpu, 0, 0);
    h.cpu->x[5] = 0x123456789abcdef0ull;
    h_run(&h, code, 2);
    assert_int_equal(h.cpu->x[0], 0x123456789abcdef0ull);
    h_free(&h);
}

static void test_exec_id_registers_describe_the_profile(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd5380009, /* mrs x9, midr_el1 */
        0xd53800aa, /* mrs x10, mpidr_el1 */
    };
    h_run(&h, code, 2);
    assert_int_equal(h.cpu->x[9] >> 24, 0); /* implementer 0x00: software */
    assert_int_equal((h.cpu->x[9] >> 16) & 0xf, 0xf);
    assert_int_equal(h.cpu->x[10], 0x80000000);
    h_free(&h);
}

static void test_exec_brk_hvc_smc_hlt_without_targets(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t brk = 0xd4200240; /* brk #0x12 */
    h_code(&h, &brk, 1);
    h_step(&h, 1);
    h_expect_sync(&h, 0x3cu << 26 | 1u << 25 | 0x12, H_CODE); /* ELR = the BRK itself */
    static const uint32_t undefs[] = {
        0xd4000002, /* hvc #0: EL2 not implemented */
        0xd4000003, /* smc #0: no EL3 */
        0xd45e0000, /* hlt #0xf000 without -semihosting */
    };
    for (size_t i = 0; i < 3; i++) {
        h_code(&h, &undefs[i], 1);
        h_step(&h, 1);
        h_expect_sync(&h, 1u << 25, H_CODE);
    }
    h_free(&h);
}

static void test_exec_hints_and_barriers_complete(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd50320bf, /* sevl */
        0xd503205f, /* wfe (event set: clears it) */
        0xd503205f, /* wfe (no event: the vCPU waits until woken) */
        0xd5033fdf, /* isb */
        0xd5033bbf, /* dmb ish */
        0xd5033f5f, /* clrex */
        0xd50b7526, /* ic ivau, x6 */
        0xd503233f, /* paciasp: a hint without FEAT_PAuth, so a NOP */
    };
    h.cpu->x[6] = H_CODE;
    h_code(&h, code, 8);
    h_step(&h, 3);
    assert_int_equal(h.cpu->run_state, CPU_WAITING_WFE); /* past the WFE, waiting */
    assert_int_equal(h.cpu->pc, H_CODE + 12);
    h_step(&h, 1); /* a waiting vCPU does not run */
    assert_int_equal(h.cpu->pc, H_CODE + 12);
    cpu_wake(h.cpu);
    h_step(&h, 5);
    assert_int_equal(h.cpu->pc, H_CODE + 32);
    assert_false(h.cpu->event_register);
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_b_cond_every_condition_and_flag_combination),
        cmocka_unit_test(test_exec_cbz_tbz_use_operand_width_and_bit),
        cmocka_unit_test(test_exec_bl_blr_ret_link_and_target),
        cmocka_unit_test(test_exec_branch_loop_in_one_page_runs_chained),
        cmocka_unit_test(test_exec_msr_daif_spsel_nzcv),
        cmocka_unit_test(test_exec_dc_zva_zeroes_aligned_block),
        cmocka_unit_test(test_exec_el0_daif_and_dc_zva_trap_to_el1),
        cmocka_unit_test(test_exec_tpidr_el0_read_write_at_el0),
        cmocka_unit_test(test_exec_id_registers_describe_the_profile),
        cmocka_unit_test(test_exec_brk_hvc_smc_hlt_without_targets),
        cmocka_unit_test(test_exec_hints_and_barriers_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
