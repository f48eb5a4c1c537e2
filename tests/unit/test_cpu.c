/* Run loop, decoded-instruction cache, exception entry/return and system register access. */
#include "cpu_harness.h"

#include "cpu/sysreg.h"

static void test_cpu_svc_enters_el1_vector_with_syndrome(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd4000841, /* svc #0x42 */
    };
    h_code(&h, code, 1);
    h.cpu->nzcv = 0x60000000;
    h_step(&h, 1);
    /* Current EL with SP_ELx: synchronous vector at VBAR + 0x200 (DDI 0487 D1.10.2). */
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
    assert_int_equal(h.cpu->sr.esr_el1, (0x15u << 26) | (1u << 25) | 0x42);
    assert_int_equal(h.cpu->sr.elr_el1, H_CODE + 4);
    assert_int_equal(h.cpu->sr.spsr_el1, 0x60000000 | 0x3c5);
    assert_int_equal(h.cpu->daif, 0xf << 6);
    assert_int_equal(h.cpu->icount, 1); /* SVC completes */
    h_free(&h);
}

static void test_cpu_eret_returns_to_el0_and_banks_sp(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd5184004, /* msr spsr_el1, x4 */
        0xd5184025, /* msr elr_el1, x5 */
        0xd69f03e0, /* eret */
    };
    h.cpu->x[4] = 0x80000000; /* EL0t, N set */
    h.cpu->x[5] = H_CODE + 0x100;
    h.cpu->x[31] = 0x1110; /* SP_EL1 */
    h.cpu->sp_el[0] = 0x2220;
    h_code(&h, code, 3);
    h_step(&h, 3);
    assert_int_equal(h.cpu->el, 0);
    assert_int_equal(h.cpu->pc, H_CODE + 0x100);
    assert_int_equal(h.cpu->nzcv, 0x80000000);
    assert_int_equal(h.cpu->x[31], 0x2220);
    assert_int_equal(cpu_get_sp_el(h.cpu, 1), 0x1110);
    assert_true(h.cpu->event_register); /* an exception return sets the event register */
    h_free(&h);
}

static void test_cpu_illegal_eret_sets_il_then_faults(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd5184004, /* msr spsr_el1, x4 */
        0xd5184025, /* msr elr_el1, x5 */
        0xd69f03e0, /* eret */
    };
    h.cpu->x[4] = 0x9; /* EL2h: EL2 not implemented -> illegal return */
    h.cpu->x[5] = H_CODE + 0x100;
    h_code(&h, code, 3);
    h_step(&h, 3);
    assert_int_equal(h.cpu->el, 1);
    assert_int_equal(h.cpu->il, 1);
    assert_int_equal(h.cpu->pc, H_CODE + 0x100);
    h_step(&h, 1); /* next instruction: Illegal Execution State exception (EC 0x0e) */
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
    assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0x0e);
    assert_int_equal(h.cpu->il, 0);
    assert_int_equal((h.cpu->sr.spsr_el1 >> 20) & 1, 1); /* SPSR.IL records it */
    h_free(&h);
}

static void test_cpu_misaligned_pc_faults_with_far(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd61f00c0, /* br x6 */
    };
    h.cpu->x[6] = H_CODE + 0x42;
    h_code(&h, code, 1);
    h_step(&h, 2);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
    assert_int_equal(h.cpu->sr.esr_el1 >> 26, 0x22);
    assert_int_equal(h.cpu->sr.far_el1, H_CODE + 0x42);
    assert_int_equal(h.cpu->sr.elr_el1, H_CODE + 0x42);
    h_free(&h);
}

static void test_cpu_unknown_sysreg_is_undefined(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd538f000, /* mrs x0, s3_0_c15_c0_0 */
    };
    h.cpu->x[0] = 0x55;
    h_code(&h, code, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200);
    assert_int_equal(h.cpu->sr.esr_el1, 1u << 25); /* EC 0, IL */
    assert_int_equal(h.cpu->x[0], 0x55);
    h_free(&h);
}

static void test_cpu_currentel_and_el2_registers_without_el2(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd5384240, /* mrs x0, currentel */
        0xd53c4021, /* mrs x1, elr_el2 */
    };
    h_code(&h, code, 2);
    h_step(&h, 2);
    assert_int_equal(h.cpu->x[0], 1 << 2);
    assert_int_equal(h.cpu->pc, H_VBAR + 0x200); /* ELR_EL2 at EL1: UNDEFINED */
    h_free(&h);
}

static void test_cpu_selfmodifying_store_redecodes(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xb9000107, /* str w7, [x8] */
        0xd503201f, /* nop (later overwritten with movz x9, #0x1234) */
    };
    h.cpu->x[7] = 0xd2824689; /* mov x9, #0x1234 */
    h_code(&h, code, 2);
    /* First pass: both slots get decoded; the store goes to data. */
    h.cpu->x[8] = H_DATA;
    h_step(&h, 2);
    assert_int_equal(h.cpu->x[9], 0);
    /* Second pass, single-stepping: the store rewrites the decoded nop. */
    h.cpu->x[8] = H_CODE + 4;
    h.cpu->pc = H_CODE;
    h_step(&h, 2);
    assert_int_equal(h.cpu->x[9], 0x1234);
    h_free(&h);
}

static void test_cpu_run_block_sees_store_to_next_instruction(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = {
        0xd503201f, /* nop */
        0xd503201f, /* nop */
        0xb9000107, /* str w7, [x8] */
        0xd503201f, /* nop (overwritten with movz x9, #0x1234) */
        0xd4000001, /* svc #0 */
    };
    h.cpu->x[7] = 0xd2824689;
    h.cpu->x[8] = H_CODE + 12;
    h_code(&h, code, 5);
    /* Execute everything once as one block with the original nop decoded first. */
    h.cpu->x[8] = H_DATA; /* first pass stores elsewhere */
    assert_int_equal(cpu_run(h.cpu, 5), 5);
    assert_int_equal(h.cpu->x[9], 0);
    h.cpu->x[8] = H_CODE + 12;
    h.cpu->pc = H_CODE;
    assert_int_equal(cpu_run(h.cpu, 5), 5);
    assert_int_equal(h.cpu->x[9], 0x1234);
    h_free(&h);
}

static void test_cpu_exception_loop_stops_the_vcpu(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    /* VBAR points at zeroed RAM: udf #0 at every vector, so no instruction ever completes. */
    h.cpu->sr.vbar_el1 = H_DATA;
    static const uint32_t code[] = { 0x00000000 /* udf #0 */ };
    h_code(&h, code, 1);
    cpu_run(h.cpu, 100000);
    assert_int_equal(h.cpu->stop, CPU_STOP_HOST_ERROR);
    assert_int_equal(h.cpu->icount, 0);
    h_free(&h);
}

static void test_cpu_wfi_without_interrupt_source_stops(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    static const uint32_t code[] = { 0xd503207f /* wfi */ };
    h_code(&h, code, 1);
    cpu_run(h.cpu, 10);
    assert_int_equal(h.cpu->stop, CPU_STOP_WFI);
    h_free(&h);
}

static void test_sysreg_tables_sorted_and_unique(void **state)
{
    (void)state;
    char report[2048];
    unsigned n = sysreg_check_tables(report, sizeof report);
    if (n)
        fprintf(stderr, "%s", report);
    assert_int_equal(n, 0);
    assert_non_null(sysreg_lookup(SYSREG_ENC(3, 0, 12, 0, 0)));
    char name[32];
    assert_string_equal(sysreg_name(SYSREG_ENC(3, 0, 12, 0, 0), name, sizeof name), "VBAR_EL1");
    assert_string_equal(sysreg_name(SYSREG_ENC(3, 0, 15, 0, 0), name, sizeof name), "S3_0_C15_C0_0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_svc_enters_el1_vector_with_syndrome),
        cmocka_unit_test(test_cpu_eret_returns_to_el0_and_banks_sp),
        cmocka_unit_test(test_cpu_illegal_eret_sets_il_then_faults),
        cmocka_unit_test(test_cpu_misaligned_pc_faults_with_far),
        cmocka_unit_test(test_cpu_unknown_sysreg_is_undefined),
        cmocka_unit_test(test_cpu_currentel_and_el2_registers_without_el2),
        cmocka_unit_test(test_cpu_selfmodifying_store_redecodes),
        cmocka_unit_test(test_cpu_run_block_sees_store_to_next_instruction),
        cmocka_unit_test(test_cpu_exception_loop_stops_the_vcpu),
        cmocka_unit_test(test_cpu_wfi_without_interrupt_source_stops),
        cmocka_unit_test(test_sysreg_tables_sorted_and_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
