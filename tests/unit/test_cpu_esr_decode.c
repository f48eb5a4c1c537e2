/*
 * The ESR tables and the trap narrator (src/cpu/esr_decode.c, exc_take_el's record): class
 * names, fault status names, ISS decoding by class, and the exception record a trap leaves
 * (cause, counters) on a real vCPU. Syndromes are built by the same constructors the CPU uses
 * (exception.h) or by hand from DDI 0487 D19.2.37 where the test checks the layout itself.
 */
#include "cpu_harness.h"

#include "cpu/cpu_internal.h"
#include "cpu/esr_decode.h"
#include "cpu/sysreg.h"
#include "util/log.h"

#define MSR_SCTLR_EL1_X1 0xd5181001u /* msr sctlr_el1, x1 */
#define WFI 0xd503207fu
#define SVC_42 0xd4000541u /* svc #0x2a */

static void test_cpu_esr_decode_class_and_fsc_names(void **state)
{
    (void)state;
    assert_string_equal(exc_class_name(0x15), "SVC64");
    assert_string_equal(exc_class_name(0x3f), "RESERVED");
    assert_string_equal(esr_ec_description(0x18), "Trapped MSR, MRS or System instruction execution in AArch64 state");
    assert_string_equal(esr_ec_description(0x3f), "Reserved (not an exception class a64emu raises)");
    assert_string_equal(esr_fsc_name(0x07), "Translation fault, level 3");
    assert_string_equal(esr_fsc_name(0x0d), "Permission fault, level 1");
    assert_string_equal(esr_fsc_name(0x21), "Alignment fault");
    assert_string_equal(esr_fsc_name(0x3f), "reserved fault status code");
    assert_string_equal(esr_fsc_name(1000), "reserved fault status code");
}

static void test_cpu_esr_decode_iss_by_class(void **state)
{
    (void)state;
    assert_true(sysreg_init());
    char buf[256];
    esr_describe_iss(syn_sysreg_trap(3, 0, 1, 0, 0, 1, 0), buf, sizeof buf);
    assert_string_equal(buf, "MSR SCTLR_EL1 (Rt=x1, op0=3 op1=0 CRn=1 CRm=0 op2=0, Direction=0: write)");
    esr_describe_iss(syn_sysreg_trap(3, 0, 0, 7, 0, 31, 1), buf, sizeof buf);
    assert_string_equal(buf, "MRS ID_AA64MMFR0_EL1 (Rt=xzr/31, op0=3 op1=0 CRn=0 CRm=7 op2=0, Direction=1: read)");
    esr_describe_iss(syn_wfx(1), buf, sizeof buf);
    assert_string_equal(buf, "WFE (TI=1, CV=1 COND=0xe)");
    esr_describe_iss(syn_aa64_svc(0x1234), buf, sizeof buf);
    assert_string_equal(buf, "imm16=0x1234");
    /* Data abort with a valid instruction syndrome: ISV, SAS = word, SRT = 3, SF = 0. */
    uint32_t iss = 1u << 24 | 2u << 22 | 3u << 16;
    esr_describe_iss(syn_data_abort(0, iss, 1, 0x07), buf, sizeof buf);
    assert_string_equal(buf, "write (WnR=1), DFSC=0x07 Translation fault, level 3, ISV=1: SAS=word SSE=0 SRT=w3 SF=0 AR=0");
    esr_describe_iss(syn_data_abort(1, 1u << 7, 0, 0x06), buf, sizeof buf);
    assert_string_equal(buf, "read (WnR=0), DFSC=0x06 Translation fault, level 2, S1PTW=1 (stage-2 fault on a stage-1 "
                             "table walk), ISV=0 (no instruction syndrome)");
    esr_describe_iss(syn_uncategorized(), buf, sizeof buf);
    assert_string_equal(buf, "");
    /* A reserved class shows its raw ISS. */
    esr_describe_iss(0x3fu << 26 | 0x123, buf, sizeof buf);
    assert_string_equal(buf, "ISS=0x0000123");
    /* Tiny buffers: truncated, terminated, never overrun. */
    char tiny[4] = { 'x', 'x', 'x', 'x' };
    esr_describe_iss(syn_aa64_svc(1), tiny, 1);
    assert_int_equal(tiny[0], 0);
    assert_int_equal(tiny[1], 'x');
    esr_describe_iss(syn_aa64_svc(1), tiny, 0);
    esr_describe_iss(syn_aa64_svc(1), tiny, 4);
    assert_string_equal(tiny, "imm");
}

/* A trapped MSR leaves its cause in the record, in the counters, and in the narrator's line. */
static void test_cpu_esr_decode_trap_records_its_cause(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->sr.hcr_el2 = 1ull << 31 | 1ull << 26; /* RW, TVM */
    cpu_set_el_spsel(h.cpu, 1, 1);
    uint32_t code[] = { MSR_SCTLR_EL1_X1 };
    h_code(&h, code, 1);
    h_step(&h, 1);
    const struct cpu_exc_record *r = &h.cpu->last_exc;
    assert_int_equal(r->seq, 1);
    assert_int_equal(r->from, 1);
    assert_int_equal(r->to, 2);
    assert_string_equal(r->cause, "HCR_EL2.TVM=1");
    assert_null(h.cpu->trap_cause); /* consumed by exc_take_el */
    assert_int_equal(h.cpu->exc_stats.sync_by_ec[0x18][2], 1);
    assert_string_equal(h.cpu->exc_stats.traps[0].cause, "HCR_EL2.TVM=1");
    assert_int_equal(h.cpu->exc_stats.traps[0].count, 1);
    char line[512];
    exc_record_describe(r, 0, line, sizeof line);
    assert_non_null(strstr(line, "vCPU 0: EL1 -> EL2 SYSTEMREG_TRAP (EC 0x18, "));
    assert_non_null(strstr(line, ": MSR SCTLR_EL1 trapped to EL2 because HCR_EL2.TVM=1 (Rt=x1,"));
    assert_non_null(strstr(line, ", ELR=0x"));
    assert_null(strstr(line, "FAR="));

    /* A second trap with the same cause counts in the same slot; an SVC has no cause. */
    cpu_set_el_spsel(h.cpu, 1, 1);
    h_code(&h, code, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->exc_stats.traps[0].count, 2);
    assert_null(h.cpu->exc_stats.traps[1].cause);
    cpu_set_el_spsel(h.cpu, 1, 1);
    uint32_t svc[] = { SVC_42 };
    h_code(&h, svc, 1);
    h_step(&h, 1);
    assert_null(h.cpu->last_exc.cause);
    assert_int_equal(h.cpu->last_exc.seq, 3);
    exc_record_describe(&h.cpu->last_exc, 0, line, sizeof line);
    assert_non_null(strstr(line, "EL1 -> EL1 SVC64 (EC 0x15, SVC instruction execution in AArch64 state): imm16=0x2a"));
    assert_null(strstr(line, "because"));
    h_free(&h);
}

/* EL0's exception meant for EL1 goes to EL2 under HCR_EL2.TGE: the narrator says so. */
static void test_cpu_esr_decode_tge_routing_is_a_cause(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->sr.hcr_el2 = 1ull << 31 | 1ull << 27; /* RW, TGE */
    cpu_set_el_spsel(h.cpu, 0, 0);
    uint32_t svc[] = { SVC_42 };
    h_code(&h, svc, 1);
    h_step(&h, 1);
    assert_int_equal(h.cpu->el, 2);
    assert_string_equal(h.cpu->last_exc.cause, "HCR_EL2.TGE=1");
    h_free(&h);
}

/* A trapped WFI names its control bit too. */
static void test_cpu_esr_decode_wfi_trap_cause(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    h.cpu->sr.hcr_el2 = 1ull << 31 | 1ull << 13; /* RW, TWI */
    cpu_set_el_spsel(h.cpu, 1, 1);
    uint32_t code[] = { WFI };
    h_code(&h, code, 1);
    h_step(&h, 1);
    assert_string_equal(h.cpu->last_exc.cause, "HCR_EL2.TWI=1");
    char line[512];
    exc_record_describe(&h.cpu->last_exc, 0, line, sizeof line);
    assert_non_null(strstr(line, "WFx_TRAP (EC 0x01, Trapped WFI or WFE instruction execution): WFI trapped to EL2 "
                                 "because HCR_EL2.TWI=1 (TI=0, CV=1 COND=0xe)"));
    h_free(&h);
}

/* -d int and -d exceptions select the narrator; -d exc keeps its own bit. */
static void test_cpu_esr_decode_log_names(void **state)
{
    (void)state;
    unsigned m = 0;
    assert_true(log_parse_mask("exceptions", &m));
    assert_int_equal(m, LOG_EXCEPTIONS);
    assert_true(log_parse_mask("exc", &m));
    assert_int_equal(m, LOG_EXC);
    assert_false(log_parse_mask("exceptionz", &m));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_esr_decode_class_and_fsc_names),
        cmocka_unit_test(test_cpu_esr_decode_iss_by_class),
        cmocka_unit_test(test_cpu_esr_decode_trap_records_its_cause),
        cmocka_unit_test(test_cpu_esr_decode_tge_routing_is_a_cause),
        cmocka_unit_test(test_cpu_esr_decode_wfi_trap_cause),
        cmocka_unit_test(test_cpu_esr_decode_log_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
