/*
 * Access-check hooks shared by the system register tables (sysreg_traps.h). Each follows the
 * order of the Arm ARM pseudocode for the register (DDI 0487 C5/D19 "Accessibility"): the
 * UNDEFINED cases for too low an EL are the row's EL minimums and are checked by sysreg_access
 * before any hook; then the EL1 trap controls for EL0 (an EL0 trap to EL1 goes to EL2 when
 * HCR_EL2.TGE = 1, exc_route_sync); then the EL2 controls for EL0/EL1.
 */
#include "cpu/sysreg_traps.h"

#include "cpu/cpu_internal.h"

static enum sysreg_result trap_el2(const char **why, const char *reason)
{
    *why = reason;
    return SR_TRAP_EL2;
}

enum sysreg_result sysreg_trap_tvm_trvm(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d;
    if (cpu->el == 1 && write && hcr_el2(cpu, HCR_TVM))
        return trap_el2(why, "HCR_EL2.TVM=1");
    if (cpu->el == 1 && !write && hcr_el2(cpu, HCR_TRVM))
        return trap_el2(why, "HCR_EL2.TRVM=1");
    return SR_OK;
}

enum sysreg_result sysreg_trap_ttlb(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return cpu->el == 1 && hcr_el2(cpu, HCR_TTLB) ? trap_el2(why, "HCR_EL2.TTLB=1") : SR_OK;
}

enum sysreg_result sysreg_trap_tacr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return cpu->el == 1 && hcr_el2(cpu, HCR_TACR) ? trap_el2(why, "HCR_EL2.TACR=1") : SR_OK;
}

enum sysreg_result sysreg_trap_tid1(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return cpu->el == 1 && hcr_el2(cpu, HCR_TID1) ? trap_el2(why, "HCR_EL2.TID1=1") : SR_OK;
}

enum sysreg_result sysreg_trap_tid2(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return cpu->el < 2 && hcr_el2(cpu, HCR_TID2) ? trap_el2(why, "HCR_EL2.TID2=1") : SR_OK;
}

/* CTR_EL0 (DDI 0487 D19.2.34): EL0 needs SCTLR_EL1.UCT, then HCR_EL2.TID2 for EL0 and EL1. */
enum sysreg_result sysreg_trap_ctr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    if (cpu->el == 0 && !sctlr_el0_ctrl(cpu, SCTLR_UCT)) {
        *why = cpu_el0_in_host(cpu) ? "SCTLR_EL2.UCT=0" : "SCTLR_EL1.UCT=0";
        return SR_TRAP_EL1;
    }
    return sysreg_trap_tid2(cpu, d, write, why);
}

enum sysreg_result sysreg_trap_tid3(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return cpu->el == 1 && hcr_el2(cpu, HCR_TID3) ? trap_el2(why, "HCR_EL2.TID3=1") : SR_OK;
}

enum sysreg_result sysreg_trap_tsw(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return cpu->el == 1 && hcr_el2(cpu, HCR_TSW) ? trap_el2(why, "HCR_EL2.TSW=1") : SR_OK;
}

static enum sysreg_result el0_uci(struct cpu_state *cpu, const char **why)
{
    if (cpu->el == 0 && !sctlr_el0_ctrl(cpu, SCTLR_UCI)) {
        *why = cpu_el0_in_host(cpu) ? "SCTLR_EL2.UCI=0" : "SCTLR_EL1.UCI=0";
        return SR_TRAP_EL1;
    }
    return SR_OK;
}

enum sysreg_result sysreg_trap_tpcp(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    enum sysreg_result r = el0_uci(cpu, why);
    if (r != SR_OK)
        return r;
    return cpu->el < 2 && hcr_el2(cpu, HCR_TPCP) ? trap_el2(why, "HCR_EL2.TPCP=1") : SR_OK;
}

enum sysreg_result sysreg_trap_tpu(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    enum sysreg_result r = el0_uci(cpu, why);
    if (r != SR_OK)
        return r;
    return cpu->el < 2 && hcr_el2(cpu, HCR_TPU) ? trap_el2(why, "HCR_EL2.TPU=1") : SR_OK;
}

enum sysreg_result sysreg_trap_tdz(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    if (cpu->el == 0 && !sctlr_el0_ctrl(cpu, SCTLR_DZE)) {
        *why = cpu_el0_in_host(cpu) ? "SCTLR_EL2.DZE=0" : "SCTLR_EL1.DZE=0";
        return SR_TRAP_EL1;
    }
    return cpu->el < 2 && hcr_el2(cpu, HCR_TDZ) ? trap_el2(why, "HCR_EL2.TDZ=1") : SR_OK;
}

enum sysreg_result sysreg_trap_tcpac(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return cpu->el == 1 && cpu->has_el2 && (cpu->sr.cptr_el2 >> CPTR_TCPAC & 1)
               ? trap_el2(why, "CPTR_EL2.TCPAC=1") : SR_OK;
}

/* MDCR_EL2.TDE is treated as 1 when HCR_EL2.TGE = 1, and TDE makes TDA, TDOSA and TDRA behave
 * as 1 (DDI 0487 D19.3.16). */
static bool tde(const struct cpu_state *cpu)
{
    return mdcr_el2(cpu, MDCR_TDE) || hcr_el2(cpu, HCR_TGE);
}

static enum sysreg_result debug_trap(struct cpu_state *cpu, enum mdcr_el2_bit b, const char *reason,
                                     const char **why)
{
    if (cpu->el >= 2 || !cpu->has_el2)
        return SR_OK;
    if (mdcr_el2(cpu, b))
        return trap_el2(why, reason);
    if (tde(cpu))
        return trap_el2(why, mdcr_el2(cpu, MDCR_TDE) ? "MDCR_EL2.TDE=1" : "HCR_EL2.TGE=1");
    return SR_OK;
}

enum sysreg_result sysreg_trap_tda(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return debug_trap(cpu, MDCR_TDA, "MDCR_EL2.TDA=1", why);
}

enum sysreg_result sysreg_trap_tdosa(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return debug_trap(cpu, MDCR_TDOSA, "MDCR_EL2.TDOSA=1", why);
}

enum sysreg_result sysreg_trap_tdra(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return debug_trap(cpu, MDCR_TDRA, "MDCR_EL2.TDRA=1", why);
}

enum sysreg_result sysreg_trap_tpm(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    return cpu->el < 2 && mdcr_el2(cpu, MDCR_TPM) ? trap_el2(why, "MDCR_EL2.TPM=1") : SR_OK;
}

enum sysreg_result sysreg_trap_tpmcr(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write;
    if (cpu->el < 2 && mdcr_el2(cpu, MDCR_TPMCR))
        return trap_el2(why, "MDCR_EL2.TPMCR=1");
    return sysreg_trap_tpm(cpu, d, write, why);
}

enum sysreg_result sysreg_need_vhe(struct cpu_state *cpu, const struct sysreg_desc *d, bool write, const char **why)
{
    (void)d, (void)write, (void)why;
    return cpu_has_feature(cpu, FEAT_VHE) ? SR_OK : SR_UNDEF;
}
