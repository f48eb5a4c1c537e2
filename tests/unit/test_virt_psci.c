/* PSCI provided by the emulator (machine/psci.c) through the interceptor table (cpu/exc_intercept.c),
 * the conduits as QEMU virt, and the round-robin scheduler of several vCPUs (machine/virt.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cpu/exc_intercept.h"
#include "cpu/exception.h"
#include "machine/machine.h"
#include "machine/virt_map.h"
#include "machine/psci.h"

#define NOT_SUPPORTED 0xffffffffffffffffull
#define INVALID_PARAMS 0xfffffffffffffffeull
#define ALREADY_ON 0xfffffffffffffffcull
#define ON_PENDING 0xfffffffffffffffbull

static char kept_path[64];

/* A machine running `words` from flash0 (as -bios). With no_reboot false the file stays (in
 * kept_path) until the test removes it, since SYSTEM_RESET loads the payloads again. */
static struct machine *make(const uint32_t *words, size_t n, unsigned smp, bool el2, bool no_reboot)
{
    char path[] = "/tmp/a64emu-psci-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, words, n * 4), (ssize_t)(n * 4));
    close(fd);
    struct machine_config cfg = { .bios = path, .ram_size = 16u << 20, .smp = smp,
                                  .virtualization = el2, .no_reboot = no_reboot };
    char err[256];
    struct machine *m = machine_create(&cfg, err, sizeof err);
    if (no_reboot)
        unlink(path);
    else {
        if (kept_path[0])
            unlink(kept_path);
        snprintf(kept_path, sizeof kept_path, "%s", path);
    }
    assert_non_null(m);
    /* With -bios the device tree sits at the base of RAM (as QEMU's); these programs use the
     * first bytes of RAM as their mailbox, so clear them. */
    static const uint8_t zero[32];
    assert_true(cpu_virt_write(machine_cpu(m, 0), VIRT_RAM_BASE, zero, sizeof zero));
    return m;
}

static uint64_t ram64(struct machine *m, uint64_t pa)
{
    uint64_t v = 0;
    assert_true(cpu_virt_read(machine_cpu(m, 0), pa, &v, sizeof v));
    return v;
}

/* vCPU 0 over HVC (no EL2): VERSION, SMCCC, FEATURES, W0 as the function ID, CPU_ON with its
 * ON_PENDING / ALREADY_ON answers, AFFINITY_INFO, the secondary's entry state, CPU_OFF, SYSTEM_OFF. */
static const uint32_t prog_smp[] = {
    0x52b08000, 0x72800000, 0xd4000002, 0xaa0003f3, 0x52b00000, 0xd4000002,
    0xaa0003f4, 0x52b00000, 0x72800020, 0x52b00001, 0xd4000002, 0xaa0003f5,
    0x52b08000, 0x72800140, 0x52b00001, 0xd4000002, 0xaa0003f6, 0xd2c00020,
    0xf2b08000, 0xd4000002, 0xaa0003f7, 0x52b88000, 0x72800060, 0xd2800021,
    0x10000542, 0xd2800aa3, 0xd4000002, 0xaa0003f8, 0x52b88000, 0x72800060,
    0xd2800021, 0x10000462, 0xd4000002, 0xaa0003f9, 0x52b88000, 0x72800080,
    0xd2800021, 0xd2800002, 0xd4000002, 0xaa0003fa, 0xd2a80009, 0xf940012a,
    0xb4ffffea, 0x52b88000, 0x72800080, 0xd2800021, 0xd2800002, 0xd4000002,
    0xaa0003fb, 0x52b88000, 0x72800060, 0xd2800021, 0x100001c2, 0xd4000002,
    0xaa0003fc, 0x52b88000, 0x72800080, 0xd2800021, 0xd2800002, 0xd4000002,
    0xf100041f, 0x54ffff41, 0x52b08000, 0x72800100, 0xd4000002, 0x14000000,
    0xd2a80009, 0xf9000520, 0xd5384241, 0xf9000921, 0xd2800021, 0xf9000121,
    0x52b08000, 0x72800040, 0xd4000002, 0x14000000
};

static void test_virt_psci_hvc_conduit_cpu_on_off_and_system_off(void **state)
{
    (void)state;
    struct machine *m = make(prog_smp, sizeof prog_smp / 4, 2, false, false);
    assert_int_equal(machine_cpu(m, 1)->run_state, CPU_POWERED_OFF);
    assert_int_equal(machine_run(m, 1000000, NULL, NULL), MACHINE_EXIT);
    assert_int_equal(machine_exit_code(m), 0);
    struct cpu_state *c = machine_cpu(m, 0);
    assert_string_equal(c->stop_reason, "PSCI SYSTEM_OFF");
    assert_int_equal(c->x[19], PSCI_VERSION_1_1);
    assert_int_equal(c->x[20], SMCCC_VERSION_1_1);
    assert_int_equal(c->x[21], 0);               /* SMCCC_ARCH_FEATURES(SMCCC_VERSION) */
    assert_int_equal(c->x[22], 0);               /* PSCI_FEATURES(SMCCC_VERSION) */
    assert_int_equal(c->x[23], PSCI_VERSION_1_1); /* the function ID is W0 */
    assert_int_equal(c->x[24], 0);               /* CPU_ON */
    assert_int_equal(c->x[25], ON_PENDING);      /* the target has not run yet */
    assert_int_equal(c->x[26], PSCI_AFF_ON_PENDING);
    /* vCPU 0 sees the flag only after vCPU 1's quantum, in which it also did CPU_OFF; a new
     * CPU_ON then starts it again (it powers off again and vCPU 0 polls until OFF). */
    assert_int_equal(c->x[27], PSCI_AFF_OFF);
    assert_int_equal(c->x[28], 0);
    assert_int_equal(ram64(m, 0x40000008), 0x55); /* X0 = context id */
    assert_int_equal(ram64(m, 0x40000010), 1u << 2); /* started at EL1, the highest EL */
    assert_int_equal(machine_cpu(m, 1)->run_state, CPU_POWERED_OFF);
    machine_destroy(m);
}

static void test_virt_psci_scheduling_is_deterministic(void **state)
{
    (void)state;
    uint64_t icount[2];
    for (int i = 0; i < 2; i++) {
        struct machine *m = make(prog_smp, sizeof prog_smp / 4, 2, false, false);
        assert_int_equal(machine_run(m, 1000000, NULL, NULL), MACHINE_EXIT);
        icount[i] = machine_icount(m);
        machine_destroy(m);
    }
    assert_int_equal(icount[0], icount[1]);
    /* machine_step (the -d cpu path) follows the same interleaving as machine_run. */
    struct machine *m = make(prog_smp, sizeof prog_smp / 4, 2, false, false);
    enum machine_stop why;
    while (machine_step(m, &why))
        ;
    assert_int_equal(why, MACHINE_EXIT);
    assert_int_equal(machine_icount(m), icount[0]);
    machine_destroy(m);
}

static void test_virt_psci_interceptor_direct_calls(void **state)
{
    (void)state;
    static const uint32_t spin[] = { 0x14000000 /* b . */ };
    struct machine *m = make(spin, 1, 4, false, false);
    struct cpu_state *c = machine_cpu(m, 0);
    assert_non_null(c->intercept);
    struct psci p;
    struct cpu_state *cpus[4] = { machine_cpu(m, 0), machine_cpu(m, 1), machine_cpu(m, 2), machine_cpu(m, 3) };
    psci_init(&p, cpus, 4, 1);
    uint32_t esr = syn_aa64_hvc(0);
#define CALL(fn, a1, a2, a3) (c->x[0] = (fn), c->x[1] = (a1), c->x[2] = (a2), c->x[3] = (a3), \
                              assert_int_equal(psci_intercept(&p, c, esr), EXC_HANDLED), c->x[0])
    assert_int_equal(CALL(PSCI_FN_PSCI_FEATURES, PSCI_FN64_CPU_ON, 0, 0), 0);
    assert_int_equal(CALL(PSCI_FN_PSCI_FEATURES, PSCI_FN_MIGRATE, 0, 0), NOT_SUPPORTED);
    assert_int_equal(CALL(PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
    assert_int_equal(CALL(0x8400001f, 0, 0, 0), NOT_SUPPORTED);
    assert_int_equal(CALL(SMCCC_FN_ARCH_FEATURES, 0x80008000, 0, 0), NOT_SUPPORTED);
    assert_int_equal(CALL(PSCI_FN_AFFINITY_INFO, 3, 0, 0), PSCI_AFF_OFF);
    assert_int_equal(CALL(PSCI_FN_AFFINITY_INFO, 4, 0, 0), INVALID_PARAMS);
    assert_int_equal(CALL(PSCI_FN_AFFINITY_INFO, 0x80000000u, 0, 0), INVALID_PARAMS);
    assert_int_equal(CALL(PSCI_FN_AFFINITY_INFO, 7, 1, 0), PSCI_AFF_ON);
    /* SMC32 CPU_ON: arguments are 32-bit (upper halves ignored). */
    assert_int_equal(CALL(PSCI_FN_CPU_ON, 0xffffffff00000003ull, 0xffffffff40001000ull, 0x77), 0);
    assert_int_equal(cpus[3]->pc, 0x40001000);
    assert_int_equal(cpus[3]->x[0], 0x77);
    assert_int_equal(cpus[3]->el, 1);
    assert_int_equal(cpus[3]->run_state, CPU_RUNNABLE);
    assert_int_equal(CALL(PSCI_FN_AFFINITY_INFO, 3, 0, 0), PSCI_AFF_ON_PENDING);
    assert_int_equal(CALL(PSCI_FN64_CPU_ON, 3, 0, 0), ON_PENDING);
    psci_cpu_started(&p, 3);
    assert_int_equal(CALL(PSCI_FN64_CPU_ON, 3, 0, 0), ALREADY_ON);
    assert_int_equal(CALL(PSCI_FN_AFFINITY_INFO, 3, 0, 0), PSCI_AFF_ON);
    /* CPU_SUSPEND: bad power_state refused; a valid one waits as WFI and returns 0. */
    assert_int_equal(CALL(PSCI_FN64_CPU_SUSPEND, 0x00020000, 0, 0), INVALID_PARAMS);
    assert_int_equal(CALL(PSCI_FN64_CPU_SUSPEND, 0, 0, 0), 0);
    assert_int_equal(c->run_state, CPU_WAITING_WFI);
    cpu_wake(c);
    assert_int_equal(c->run_state, CPU_RUNNABLE);
    /* CPU_OFF leaves X0 alone and powers the caller off. */
    c->x[0] = PSCI_FN_CPU_OFF;
    assert_int_equal(psci_intercept(&p, c, esr), EXC_HANDLED);
    assert_int_equal(c->x[0], PSCI_FN_CPU_OFF);
    assert_int_equal(c->run_state, CPU_POWERED_OFF);
#undef CALL
    machine_destroy(m);
}

/* With EL2 the conduit is SMC: HVC goes to the guest's EL2, SMC from EL1 traps under
 * HCR_EL2.TSC (EC 0x17, ELR = the SMC), HCR_EL2.HCD makes HVC UNDEFINED. */
static void test_virt_psci_el2_smc_conduit_and_traps(void **state)
{
    (void)state;
    static const uint32_t code[] = { 0xd4000843 /* smc #0x42 */, 0xd4000002 /* hvc #0 */, 0x14000000 };
    struct machine *m = make(code, 3, 1, true, false);
    struct cpu_state *c = machine_cpu(m, 0);
    enum machine_stop why;
    assert_int_equal(c->el, 2);
    /* At EL2: SMC is PSCI, HVC is the guest's own. */
    c->x[0] = PSCI_FN_PSCI_VERSION;
    assert_true(machine_step(m, &why));
    assert_int_equal(c->x[0], PSCI_VERSION_1_1);
    assert_int_equal(c->pc, 4);
    c->sr.vbar_el2 = 0x800;
    assert_true(machine_step(m, &why));
    assert_int_equal(c->pc, 0x800 + 0x200);
    assert_int_equal(c->sr.esr_el2, (uint32_t)EC_HVC64 << 26 | 1u << 25);
    assert_int_equal(c->sr.elr_el2, 8);
    /* At EL1 with HCR_EL2.TSC: SMC traps to EL2 before the firmware sees it. */
    cpu_set_el_spsel(c, 1, 1);
    c->pc = 0;
    c->sr.hcr_el2 = 1ull << 19;
    c->x[0] = PSCI_FN_PSCI_VERSION;
    assert_true(machine_step(m, &why));
    assert_int_equal(c->el, 2);
    assert_int_equal(c->pc, 0x800 + 0x400);
    assert_int_equal(c->sr.esr_el2, (uint32_t)EC_SMC64 << 26 | 1u << 25 | 0x42);
    assert_int_equal(c->sr.elr_el2, 0);
    assert_int_equal(c->x[0], PSCI_FN_PSCI_VERSION);
    /* At EL1 without TSC: SMC reaches the emulator's PSCI; HVC goes to EL2. */
    cpu_set_el_spsel(c, 1, 1);
    c->pc = 0;
    c->sr.hcr_el2 = 0;
    assert_true(machine_step(m, &why));
    assert_int_equal(c->x[0], PSCI_VERSION_1_1);
    assert_int_equal(c->el, 1);
    c->x[0] = PSCI_FN_PSCI_VERSION;
    assert_true(machine_step(m, &why));
    assert_int_equal(c->el, 2);
    assert_int_equal(c->pc, 0x800 + 0x400);
    assert_int_equal(c->x[0], PSCI_FN_PSCI_VERSION); /* never the emulator's */
    /* HCR_EL2.HCD: HVC is UNDEFINED at EL1. */
    cpu_set_el_spsel(c, 1, 1);
    c->pc = 4;
    c->sr.hcr_el2 = 1ull << 29;
    c->sr.vbar_el1 = 0x1000;
    assert_true(machine_step(m, &why));
    assert_int_equal(c->el, 1);
    assert_int_equal(c->pc, 0x1000 + 0x200);
    assert_int_equal(c->sr.esr_el1 >> 26, EC_UNKNOWN);
    machine_destroy(m);
}

/* Without EL2 the conduit is HVC: SMC is UNDEFINED, HVC at EL0 too. */
static void test_virt_psci_el1_smc_undefined(void **state)
{
    (void)state;
    static const uint32_t code[] = { 0xd4000003 /* smc #0 */, 0xd4000002 /* hvc #0 */ };
    struct machine *m = make(code, 2, 1, false, false);
    struct cpu_state *c = machine_cpu(m, 0);
    enum machine_stop why;
    c->sr.vbar_el1 = 0x1000;
    c->x[0] = PSCI_FN_PSCI_VERSION;
    assert_true(machine_step(m, &why));
    assert_int_equal(c->pc, 0x1000 + 0x200);
    assert_int_equal(c->sr.esr_el1, 1u << 25);
    assert_int_equal(c->sr.elr_el1, 0);
    assert_int_equal(c->x[0], PSCI_FN_PSCI_VERSION);
    cpu_set_el_spsel(c, 0, 0);
    c->pc = 4;
    assert_true(machine_step(m, &why));
    assert_int_equal(c->pc, 0x1000 + 0x400);
    assert_int_equal(c->sr.esr_el1, 1u << 25);
    assert_int_equal(c->x[0], PSCI_FN_PSCI_VERSION);
    machine_destroy(m);
}

/* SYSTEM_RESET reloads the payloads and restarts; RAM outside them survives (as QEMU). With
 * no_reboot the machine stops with MACHINE_RESET instead. */
static const uint32_t prog_reset[] = {
    0xd2a80209, 0xf940012a, 0xb50000ea, 0xd280002a, 0xf900012a, 0x52b08000,
    0x72800120, 0xd4000002, 0x14000000, 0x52b08000, 0x72800100, 0xd4000002,
    0x14000000
};

static void test_virt_psci_system_reset(void **state)
{
    (void)state;
    struct machine *m = make(prog_reset, sizeof prog_reset / 4, 2, false, false);
    enum machine_stop why = machine_run(m, 100000, NULL, NULL);
    if (why != MACHINE_EXIT)
        fprintf(stderr, "stopped: %s\n", machine_stopped_cpu(m)->stop_reason);
    assert_int_equal(why, MACHINE_EXIT);
    assert_int_equal(machine_resets(m), 1);
    assert_int_equal(machine_exit_code(m), 0);
    machine_destroy(m);
    m = make(prog_reset, sizeof prog_reset / 4, 1, false, true);
    assert_int_equal(machine_run(m, 100000, NULL, NULL), MACHINE_RESET);
    assert_int_equal(machine_resets(m), 0);
    assert_non_null(strstr(machine_stopped_cpu(m)->stop_reason, "SYSTEM_RESET"));
    machine_destroy(m);
}

/* Waiting vCPUs: SEV from another vCPU wakes WFE; with nothing left to run the machine stops with
 * one line naming each vCPU's state. */
static void test_virt_wfe_sev_and_idle_stop(void **state)
{
    (void)state;
    static const uint32_t code[] = { 0xd503205f /* wfe */, 0x14000000 /* b . */ };
    struct machine *m = make(code, 2, 1, false, false);
    assert_int_equal(machine_run(m, 100000, NULL, NULL), MACHINE_IDLE);
    assert_string_equal(machine_stopped_cpu(m)->stop_reason, "WFE with no timer armed and no interrupt pending");
    assert_int_equal(machine_icount(m), 1);
    machine_destroy(m);

    /* vCPU 1 waits in WFE at 0x40000000; vCPU 0 executes SEV after a while. */
    static const uint32_t code2[] = { 0xd503201f, 0xd503201f, 0xd503209f /* sev */, 0x14000000 };
    m = make(code2, 4, 2, false, false);
    struct cpu_state *c1 = machine_cpu(m, 1);
    static const uint32_t waiter[] = { 0xd503205f /* wfe */, 0xd503205f /* wfe */ };
    assert_true(cpu_virt_write(c1, 0x40000000, waiter, sizeof waiter));
    c1->pc = 0x40000000;
    c1->run_state = CPU_RUNNABLE;
    assert_int_equal(machine_run(m, 3, NULL, NULL), MACHINE_INSN_LIMIT); /* vCPU 0: nop, nop, sev */
    assert_int_equal(c1->pc, 0x40000000);
    assert_int_equal(machine_run(m, 10000, NULL, NULL), MACHINE_INSN_LIMIT); /* vCPU 0's quantum */
    assert_true(c1->event_register); /* set by the SEV; vCPU 1 has not run yet */
    assert_int_equal(c1->pc, 0x40000000);
    assert_int_equal(machine_run(m, 10000 + 100, NULL, NULL), MACHINE_INSN_LIMIT);
    assert_int_equal(c1->pc, 0x40000008); /* first WFE consumed the event, the second waits */
    assert_false(c1->event_register);
    assert_int_equal(c1->run_state, CPU_WAITING_WFE); /* second WFE: no event left */
    machine_destroy(m);

    /* Every vCPU idle: vCPU 0 in WFE, vCPU 1 off. */
    m = make(code, 2, 2, false, false);
    assert_int_equal(machine_run(m, 100000, NULL, NULL), MACHINE_IDLE);
    assert_non_null(strstr(machine_stopped_cpu(m)->stop_reason, "vCPU 0 in WFE, vCPU 1 off"));
    machine_destroy(m);
}

static void test_exc_intercept_table(void **state)
{
    (void)state;
    struct exc_intercept_table t;
    memset(&t, 0, sizeof t);
    exc_intercept_set(&t, EC_HVC64, psci_intercept, &t);
    assert_ptr_equal(t.slot[EC_HVC64].fn, psci_intercept);
    exc_intercept_set(&t, EC_HVC64, NULL, &t);
    assert_null(t.slot[EC_HVC64].fn);
    assert_null(t.slot[EC_HVC64].opaque);
    exc_intercept_set(&t, 64, psci_intercept, &t); /* out of range: ignored */
    assert_int_equal(psci_conduit_ec(true), EC_SMC64);
    assert_int_equal(psci_conduit_ec(false), EC_HVC64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_virt_psci_hvc_conduit_cpu_on_off_and_system_off),
        cmocka_unit_test(test_virt_psci_scheduling_is_deterministic),
        cmocka_unit_test(test_virt_psci_interceptor_direct_calls),
        cmocka_unit_test(test_virt_psci_el2_smc_conduit_and_traps),
        cmocka_unit_test(test_virt_psci_el1_smc_undefined),
        cmocka_unit_test(test_virt_psci_system_reset),
        cmocka_unit_test(test_virt_wfe_sev_and_idle_stop),
        cmocka_unit_test(test_exc_intercept_table),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (kept_path[0])
        unlink(kept_path);
    return failed;
}
