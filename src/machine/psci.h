/*
 * PSCI 1.1 (Arm DEN 0022) and SMCCC 1.1 (Arm DEN 0028) provided by the emulator, as QEMU virt
 * does when no firmware runs at EL3 (brief section 4): the machine registers psci_intercept() in
 * its exception interceptor table (cpu/exc_intercept.h) for the conduit, SMC when EL2 is
 * implemented and HVC otherwise (psci_conduit_ec()).
 *
 * Results follow QEMU 7.2 (target/arm/psci.c) where QEMU implements the function, the PSCI
 * specification otherwise: function IDs QEMU does not know return NOT_SUPPORTED (-1) in X0;
 * X1-X3 are preserved. CPU_ON starts the target at the highest EL present with the MMU off, PC
 * = entry point, X0 = context id and every other register at its reset value; until the target
 * has run its first instruction it is ON_PENDING. CPU_SUSPEND waits as WFI (powerdown states are
 * not modelled) and returns 0. SYSTEM_OFF stops the machine with exit status 0; SYSTEM_RESET
 * asks the machine for a reset (or, with no_reboot, to stop), see struct psci.
 */
#ifndef A64EMU_MACHINE_PSCI_H
#define A64EMU_MACHINE_PSCI_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "cpu/exc_intercept.h"

#define PSCI_MAX_CPUS 8

/* Function IDs: SMC32 (0x84...) and SMC64 (0xC4...) forms. */
enum {
    PSCI_0_2_FN_BASE = 0x84000000u,
    PSCI_0_2_64BIT = 0x40000000u,
    PSCI_FN_PSCI_VERSION = 0x84000000u,
    PSCI_FN_CPU_SUSPEND = 0x84000001u,
    PSCI_FN_CPU_OFF = 0x84000002u,
    PSCI_FN_CPU_ON = 0x84000003u,
    PSCI_FN_AFFINITY_INFO = 0x84000004u,
    PSCI_FN_MIGRATE = 0x84000005u,
    PSCI_FN_MIGRATE_INFO_TYPE = 0x84000006u,
    PSCI_FN_MIGRATE_INFO_UP_CPU = 0x84000007u,
    PSCI_FN_SYSTEM_OFF = 0x84000008u,
    PSCI_FN_SYSTEM_RESET = 0x84000009u,
    PSCI_FN_PSCI_FEATURES = 0x8400000au,
    PSCI_FN64_CPU_SUSPEND = 0xc4000001u,
    PSCI_FN64_CPU_ON = 0xc4000003u,
    PSCI_FN64_AFFINITY_INFO = 0xc4000004u,
    PSCI_FN64_MIGRATE = 0xc4000005u,
    PSCI_FN64_MIGRATE_INFO_UP_CPU = 0xc4000007u,
    SMCCC_FN_VERSION = 0x80000000u,
    SMCCC_FN_ARCH_FEATURES = 0x80000001u,
};

/* Return codes (DEN 0022 5.2.2), as the signed 32-bit value sign-extended into X0. */
enum {
    PSCI_RET_SUCCESS = 0,
    PSCI_RET_NOT_SUPPORTED = -1,
    PSCI_RET_INVALID_PARAMETERS = -2,
    PSCI_RET_DENIED = -3,
    PSCI_RET_ALREADY_ON = -4,
    PSCI_RET_ON_PENDING = -5,
};

#define PSCI_VERSION_1_1 0x00010001u
#define SMCCC_VERSION_1_1 0x00010001u

/* AFFINITY_INFO results. */
enum { PSCI_AFF_ON = 0, PSCI_AFF_OFF = 1, PSCI_AFF_ON_PENDING = 2 };

struct psci {
    struct cpu_state *cpus[PSCI_MAX_CPUS];
    unsigned ncpus;
    unsigned boot_el;                /* EL a CPU_ON target starts at: the highest present */
    bool on_pending[PSCI_MAX_CPUS];  /* CPU_ON done, target has not run yet (cleared by the
                                      * scheduler: psci_cpu_started) */
    bool reset_requested;            /* SYSTEM_RESET: the machine resets between quanta */
    uint64_t calls;                  /* PSCI/SMCCC calls handled (for tests and --stats) */
};

/* Set up for these vCPUs (their MPIDR Aff0 is their index). */
void psci_init(struct psci *p, struct cpu_state *const *cpus, unsigned ncpus, unsigned boot_el);

/* The exception class of the conduit: EC_SMC64 with EL2, EC_HVC64 without. */
unsigned psci_conduit_ec(bool has_el2);

/* The interceptor (exc_intercept_fn): opaque is the struct psci. Handles every function ID that
 * reaches it (unknown ones return NOT_SUPPORTED), as QEMU does on its conduit. */
enum exc_intercept_result psci_intercept(void *opaque, struct cpu_state *cpu, uint32_t esr);

/* The scheduler ran vCPU `index` for the first time since CPU_ON (ON_PENDING -> ON). */
static inline void psci_cpu_started(struct psci *p, unsigned index)
{
    if (index < PSCI_MAX_CPUS)
        p->on_pending[index] = false;
}

#endif
