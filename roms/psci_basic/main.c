/*
 * PSCI provided by the emulator, one vCPU: VERSION, FEATURES, unknown function IDs, AFFINITY_INFO,
 * MIGRATE_INFO_TYPE, CPU_ON errors, CPU_SUSPEND parameter check, then SYSTEM_OFF (exit status 0).
 * Known answers are QEMU 7.2's; run in lockstep with QEMU at EL1 (HVC conduit) and, built again
 * as psci_basic_el2, at EL2 (SMC conduit). Without EL2, SMC is UNDEFINED.
 */
#include "psci_call.h"
#include "rom.h"

static unsigned undef_seen;

static int expect_undef(struct exc_frame *f)
{
    if (ESR_EC(f->esr) != 0 || ESR_IL(f->esr) != 1)
        return 0;
    undef_seen++;
    f->elr += 4;
    return 1;
}

int main(void)
{
    unsigned el = current_el();
    uint64_t x1;

    /* PSCI 1.1; X1-X3 are preserved. */
    CHECK_EQ(psci_call4(PSCI_VERSION, 0x1234, 0, 0, &x1), 0x00010001);
    CHECK_EQ(x1, 0x1234);

    /* PSCI_FEATURES: the mandatory functions, and NOT_SUPPORTED for the others. */
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_VERSION, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_FEATURES, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_CPU_ON64, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_CPU_OFF, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_CPU_SUSPEND64, 0, 0), 0); /* original format */
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_AFFINITY_INFO64, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_SYSTEM_RESET, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_MIGRATE_INFO_TYPE, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_MIGRATE, 0, 0), PSCI_NOT_SUPPORTED);
    CHECK_EQ(psci_call(PSCI_FEATURES, PSCI_MIGRATE_INFO_UP_CPU, 0, 0), PSCI_NOT_SUPPORTED);
    CHECK_EQ(psci_call(PSCI_FEATURES, 0x8400000e /* SYSTEM_SUSPEND */, 0, 0), PSCI_NOT_SUPPORTED);
    CHECK_EQ(psci_call(PSCI_FEATURES, 0x12345678, 0, 0), PSCI_NOT_SUPPORTED);

    /* Unknown function IDs: NOT_SUPPORTED in X0, X1 untouched. */
    CHECK_EQ(psci_call4(0x8400001f, 5, 6, 7, &x1), PSCI_NOT_SUPPORTED);
    CHECK_EQ(x1, 5);
    CHECK_EQ(psci_call(0x12345678, 0, 0, 0), PSCI_NOT_SUPPORTED);
    CHECK_EQ(psci_call(PSCI_MIGRATE, 0, 0, 0), PSCI_NOT_SUPPORTED);
    CHECK_EQ(psci_call(PSCI_MIGRATE_INFO_UP_CPU, 0, 0, 0), PSCI_NOT_SUPPORTED);
    CHECK_EQ(psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);

    /* AFFINITY_INFO: this vCPU is ON; a target that does not exist, or written with MPIDR's
     * RES1 bit 31, is INVALID_PARAMETERS; levels above 0 are always ON. */
    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO, 0, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO64, 0, 0, 0), 0);
    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO, read_sysreg(mpidr_el1), 0, 0), PSCI_INVALID_PARAMETERS);
    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO64, 1, 0, 0), PSCI_INVALID_PARAMETERS);
    CHECK_EQ(psci_call(PSCI_AFFINITY_INFO, 5, 1, 0), 0);

    /* CPU_ON: this vCPU is already on; vCPU 1 does not exist with -smp 1. */
    CHECK_EQ(psci_call(PSCI_CPU_ON64, 0, 0x40000000, 0), PSCI_ALREADY_ON);
    CHECK_EQ(psci_call(PSCI_CPU_ON64, 1, 0x40000000, 0), PSCI_INVALID_PARAMETERS);

    /* CPU_SUSPEND: power levels above 0 and reserved bits are refused. */
    CHECK_EQ(psci_call(PSCI_CPU_SUSPEND64, 0x10000000, 0, 0), PSCI_INVALID_PARAMETERS);
    CHECK_EQ(psci_call(PSCI_CPU_SUSPEND, 0x01000000, 0, 0), PSCI_INVALID_PARAMETERS);

    if (el == 1) {
        /* Without EL2 the conduit is HVC; SMC has no firmware behind it: UNDEFINED. */
        rom_set_sync_handler(expect_undef);
        register uint64_t x0 __asm__("x0") = PSCI_VERSION;
        __asm__ volatile("smc #0" : "+r"(x0) : : "memory");
        CHECK_EQ(x0, PSCI_VERSION);
        CHECK_EQ(undef_seen, 1);
        rom_set_sync_handler(0);
    } else {
        /* With EL2 the conduit is SMC, whatever its immediate. */
        register uint64_t x0 __asm__("x0") = PSCI_VERSION;
        __asm__ volatile("smc #1" : "+r"(x0) : : "memory");
        CHECK_EQ(x0, 0x00010001);
    }

    puts_("psci_basic: ok, SYSTEM_OFF\n");
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    puts_("psci_basic: SYSTEM_OFF returned\n");
    return 1;
}
