/* PSCI 1.1 and SMCCC 1.1 provided by the emulator (psci.h). */
#include "machine/psci.h"

#include <inttypes.h>
#include <string.h>

#include "cpu/exception.h"
#include "util/log.h"

void psci_init(struct psci *p, struct cpu_state *const *cpus, unsigned ncpus, unsigned boot_el)
{
    memset(p, 0, sizeof *p);
    p->ncpus = ncpus < PSCI_MAX_CPUS ? ncpus : PSCI_MAX_CPUS;
    for (unsigned i = 0; i < p->ncpus; i++)
        p->cpus[i] = cpus[i];
    p->boot_el = boot_el;
}

unsigned psci_conduit_ec(bool has_el2)
{
    return has_el2 ? EC_SMC64 : EC_HVC64;
}

/* target_cpu as QEMU's arm_get_cpu_by_id(): the exact affinity value (Aff3..Aff0, no U/MT/RES1
 * bits); virt puts up to 8 vCPUs in one cluster, so the value is the vCPU index. */
static struct cpu_state *find_cpu(const struct psci *p, uint64_t mpidr)
{
    return mpidr < p->ncpus ? p->cpus[mpidr] : NULL;
}

/* PSCI_FEATURES (DEN 0022 5.1.14): the functions QEMU 7.2 lists, plus SMCCC_VERSION, whose
 * discovery SMCCC 1.1 requires through this call. CPU_SUSPEND's flags are 0: original
 * power_state format, platform-coordinated mode. */
static int32_t features(uint32_t fn)
{
    switch (fn) {
    case PSCI_FN_PSCI_VERSION: case PSCI_FN_CPU_SUSPEND: case PSCI_FN64_CPU_SUSPEND:
    case PSCI_FN_CPU_OFF: case PSCI_FN_CPU_ON: case PSCI_FN64_CPU_ON:
    case PSCI_FN_AFFINITY_INFO: case PSCI_FN64_AFFINITY_INFO: case PSCI_FN_MIGRATE_INFO_TYPE:
    case PSCI_FN_SYSTEM_OFF: case PSCI_FN_SYSTEM_RESET: case PSCI_FN_PSCI_FEATURES:
    case SMCCC_FN_VERSION:
        return PSCI_RET_SUCCESS;
    default:
        return PSCI_RET_NOT_SUPPORTED;
    }
}

static int32_t cpu_on(struct psci *p, struct cpu_state *caller, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
    struct cpu_state *t = find_cpu(p, mpidr);
    if (!t)
        return PSCI_RET_INVALID_PARAMETERS;
    if (t->run_state != CPU_POWERED_OFF)
        return p->on_pending[t->index] ? PSCI_RET_ON_PENDING : PSCI_RET_ALREADY_ON;
    /* A warm start: architectural reset state at the highest EL present (MMU off, caches and
     * translation state at reset values), PC = entry, X0 = context id (DEN 0022 6.4.3). */
    cpu_reset(t, p->boot_el, entry);
    cpu_fetch_cache_flush(t);
    t->x[0] = ctx;
    t->halted = false;
    t->run_state = CPU_RUNNABLE;
    p->on_pending[t->index] = true;
    log_msg(LOG_EXC, "vCPU %u: PSCI CPU_ON vCPU %u at 0x%" PRIx64 " EL%u, context 0x%" PRIx64,
            caller->index, t->index, entry, p->boot_el, ctx);
    return PSCI_RET_SUCCESS;
}

static int32_t affinity_info(const struct psci *p, uint64_t mpidr, uint64_t level)
{
    if (level != 0)
        return PSCI_AFF_ON; /* every affinity level above 0 is always on (as QEMU) */
    const struct cpu_state *t = find_cpu(p, mpidr);
    if (!t)
        return PSCI_RET_INVALID_PARAMETERS;
    if (t->run_state == CPU_POWERED_OFF)
        return PSCI_AFF_OFF;
    return p->on_pending[t->index] ? PSCI_AFF_ON_PENDING : PSCI_AFF_ON;
}

enum exc_intercept_result psci_intercept(void *opaque, struct cpu_state *cpu, uint32_t esr)
{
    struct psci *p = opaque;
    (void)esr; /* QEMU answers on the conduit whatever the immediate */
    /* SMCCC: the function ID is W0; SMC32 calls pass 32-bit arguments in W1-W3. */
    uint32_t fn = (uint32_t)cpu->x[0];
    bool is64 = (fn & PSCI_0_2_64BIT) != 0;
    uint64_t a1 = cpu->x[1], a2 = cpu->x[2], a3 = cpu->x[3];
    if (!is64) {
        a1 = (uint32_t)a1;
        a2 = (uint32_t)a2;
        a3 = (uint32_t)a3;
    }
    int32_t ret;
    p->calls++;
    switch (fn) {
    case PSCI_FN_PSCI_VERSION: ret = (int32_t)PSCI_VERSION_1_1; break;
    case PSCI_FN_PSCI_FEATURES: ret = features((uint32_t)a1); break;
    case PSCI_FN_CPU_SUSPEND:
    case PSCI_FN64_CPU_SUSPEND:
        /* Only power level 0 and no reserved bits in power_state (as QEMU); powerdown is not
         * modelled, so the call is a WFI and returns SUCCESS when woken. */
        if (a1 & 0xfffe0000u) {
            ret = PSCI_RET_INVALID_PARAMETERS;
            break;
        }
        ret = PSCI_RET_SUCCESS;
        cpu->run_state = CPU_WAITING_WFI;
        break;
    case PSCI_FN_CPU_OFF:
        log_msg(LOG_EXC, "vCPU %u: PSCI CPU_OFF", cpu->index);
        cpu->run_state = CPU_POWERED_OFF;
        cpu->excl_valid = false;
        return EXC_HANDLED; /* never returns to the caller: X0 untouched */
    case PSCI_FN_CPU_ON:
    case PSCI_FN64_CPU_ON: ret = cpu_on(p, cpu, a1, a2, a3); break;
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_FN64_AFFINITY_INFO: ret = affinity_info(p, a1, a2); break;
    case PSCI_FN_MIGRATE_INFO_TYPE: ret = 2; break; /* Trusted OS not present: no migration needed */
    case PSCI_FN_SYSTEM_OFF:
        cpu->exit_code = 0;
        cpu_stop_with(cpu, CPU_STOP_EXIT, "PSCI SYSTEM_OFF");
        return EXC_HANDLED;
    case PSCI_FN_SYSTEM_RESET:
        /* The machine resets every vCPU between quanta; this one stops here meanwhile. */
        log_msg(LOG_EXC, "vCPU %u: PSCI SYSTEM_RESET", cpu->index);
        p->reset_requested = true;
        cpu->run_state = CPU_POWERED_OFF;
        return EXC_HANDLED;
    case SMCCC_FN_VERSION: ret = (int32_t)SMCCC_VERSION_1_1; break;
    case SMCCC_FN_ARCH_FEATURES:
        /* Nothing of the Arm Architecture Service beyond discovery: no ARCH_WORKAROUND_x. */
        ret = (uint32_t)a1 == SMCCC_FN_VERSION || (uint32_t)a1 == SMCCC_FN_ARCH_FEATURES
                  ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
        break;
    default:
        /* MIGRATE, MIGRATE_INFO_UP_CPU, the PSCI 1.x optional calls, and anything else. */
        ret = PSCI_RET_NOT_SUPPORTED;
        break;
    }
    cpu->x[0] = (uint64_t)(int64_t)ret; /* sign-extended, as QEMU writes it */
    return EXC_HANDLED;
}
