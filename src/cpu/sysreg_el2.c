/*
 * EL2 registers (op0 = 3, op1 = 4), sorted by encoding: ARMv8.0's, and CONTEXTIDR_EL2 of
 * FEAT_VHE (sysreg_vhe.c has the E2H redirections and the _EL12/_EL02 aliases). Stage 2
 * (VTTBR/VTCR/HPFAR) and the EL2 translation regime belong to the MMU issue's sysreg_mmu.c; the
 * EL2 timer registers to the GIC/timer issue. Every row is UNDEFINED without EL2 (SRF_NEED_EL2)
 * and below EL2 (the row's EL minimums): DDI 0487 D19.2, "Accessibility".
 */
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg_traps.h"

#define OFF(member) (uint16_t) offsetof(struct cpu_state, member)
/* EL2 storage, optionally with a write hook. */
#define EL2_STORE(n, o0, o1, cn, cm, o2, member, rst, wr) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), 2, 2, OFF(member), rst, NULL, wr, NULL, SRF_NEED_EL2 }
#define EL2_HOOK(n, o0, o1, cn, cm, o2, rd, wr, fl) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), 2, 2, SR_NO_STORAGE, 0, rd, wr, NULL, SRF_NEED_EL2 | (fl) }


static bool write_vpidr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.vpidr_el2 = (uint32_t)v; /* MIDR layout: bits 63:32 RES0 */
    return true;
}

static bool write_vmpidr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    /* MPIDR layout: Aff3 [39:32], RES1 31, U 30, MT 24, Aff2..Aff0 [23:0]; the rest RES0. */
    cpu->sr.vmpidr_el2 = (v & 0xff41ffffffull) | 1ull << 31;
    return true;
}

static bool write_hcr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    uint64_t old = cpu->sr.hcr_el2;
    uint64_t valid = HCR_EL2_VALID_MASK | (cpu_has_feature(cpu, FEAT_VHE) ? 1ull << HCR_E2H : 0);
    cpu->sr.hcr_el2 = (v & valid) | HCR_EL2_RES1;
    /* VM/PTW/DC/TGE change how EL1&0 translates, E2H (with TGE) which regime EL2 and EL0 use:
     * drop the soft TLB and fetch cache (the architectural TLB tags entries by regime and
     * stage-2 mode, cpu_mem.c). */
    const uint64_t xlat = 1ull << HCR_VM | 1ull << HCR_PTW | 1ull << HCR_DC | 1ull << HCR_TGE | 1ull << HCR_E2H;
    if ((old ^ cpu->sr.hcr_el2) & xlat)
        cpu_translation_changed(cpu);
    /* VI/VF/VSE inject, IMO/FMO/AMO/TGE route: interrupts may become deliverable or not. */
    exc_update_irq(cpu);
    return true;
}

static bool write_mdcr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.mdcr_el2 = v & MDCR_EL2_VALID_MASK;
    cpu_pmu_changed(cpu); /* HPMN and HPME decide which counters count */
    return true;
}

static bool write_cptr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    /* The layout depends on HCR_EL2.E2H at the time of the write (a value written in one layout
     * and read in the other is UNKNOWN in the Arm ARM; a64emu keeps what was written). */
    if (cpu_e2h(cpu))
        cpu->sr.cptr_el2 = v & CPTR_EL2_E2H_VALID_MASK;
    else
        cpu->sr.cptr_el2 = (v & CPTR_EL2_VALID_MASK) | CPTR_EL2_RES1;
    return true;
}

static bool write_hstr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    /* T0..T15 except T4 and T14 (RES0). They trap AArch32 CP15 accesses only: with no AArch32
     * at EL0/EL1 they have no effect here. */
    cpu->sr.hstr_el2 = v & 0xbfefull;
    return true;
}

/* CONTEXTIDR_EL2 (FEAT_VHE): PROCID [31:0], the rest RES0. */
static bool write_contextidr_el2(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->sr.contextidr_el2 = (uint32_t)v;
    return true;
}

static uint64_t read_sp_el1(struct cpu_state *cpu, const struct sysreg_desc *d) { (void)d; return cpu_get_sp_el(cpu, 1); }
static bool write_sp_el1(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu_set_sp_el(cpu, 1, v);
    return true;
}

/*
 * IMPLEMENTATION DEFINED registers (ACTLR_EL2, AFSR0/1_EL2, HACR_EL2) are RAZ/WI: a64emu has no
 * auxiliary controls, no auxiliary fault status and no hypervisor auxiliary traps (as QEMU's
 * cortex-a57). VPIDR_EL2 and VMPIDR_EL2 reset to this vCPU's MIDR/MPIDR in exc_reset().
 * RVBAR_EL2 exists because EL2 is the highest EL; RMR_EL2 is optional and not implemented.
 */
static const struct sysreg_desc el2_rows[] = {
    EL2_STORE(VPIDR_EL2,      3, 4, 0, 0, 0, sr.vpidr_el2, 0, write_vpidr),
    EL2_STORE(VMPIDR_EL2,     3, 4, 0, 0, 5, sr.vmpidr_el2, 0, write_vmpidr),
    EL2_STORE(SCTLR_EL2,      3, 4, 1, 0, 0, sr.sctlr_el2, 0x30c50830ull, sysreg_write_sctlr_el2),
    EL2_HOOK(ACTLR_EL2,       3, 4, 1, 0, 1, sysreg_read_zero, sysreg_write_ignore, 0),
    EL2_STORE(HCR_EL2,        3, 4, 1, 1, 0, sr.hcr_el2, HCR_EL2_RES1, write_hcr),
    /* MDCR_EL2.HPMN resets to PMCR_EL0.N: every counter belongs to EL0/EL1. */
    EL2_STORE(MDCR_EL2,       3, 4, 1, 1, 1, sr.mdcr_el2, CPU_PMU_COUNTERS, write_mdcr),
    EL2_STORE(CPTR_EL2,       3, 4, 1, 1, 2, sr.cptr_el2, CPTR_EL2_RES1, write_cptr),
    EL2_STORE(HSTR_EL2,       3, 4, 1, 1, 3, sr.hstr_el2, 0, write_hstr),
    EL2_HOOK(HACR_EL2,        3, 4, 1, 1, 7, sysreg_read_zero, sysreg_write_ignore, 0),
    EL2_STORE(SPSR_EL2,       3, 4, 4, 0, 0, sr.spsr_el2, 0, NULL),
    EL2_STORE(ELR_EL2,        3, 4, 4, 0, 1, sr.elr_el2, 0, NULL),
    EL2_HOOK(SP_EL1,          3, 4, 4, 1, 0, read_sp_el1, write_sp_el1, 0),
    EL2_HOOK(AFSR0_EL2,       3, 4, 5, 1, 0, sysreg_read_zero, sysreg_write_ignore, 0),
    EL2_HOOK(AFSR1_EL2,       3, 4, 5, 1, 1, sysreg_read_zero, sysreg_write_ignore, 0),
    EL2_STORE(ESR_EL2,        3, 4, 5, 2, 0, sr.esr_el2, 0, NULL),
    EL2_STORE(FAR_EL2,        3, 4, 6, 0, 0, sr.far_el2, 0, NULL),
    EL2_STORE(VBAR_EL2,       3, 4, 12, 0, 0, sr.vbar_el2, 0, NULL),
    { "RVBAR_EL2", SYSREG_ENC(3, 4, 12, 0, 1), 2, SR_NO_ACCESS, SR_NO_STORAGE, 0, NULL, NULL, NULL,
      SRF_CONST | SRF_NEED_EL2 },
    { "CONTEXTIDR_EL2", SYSREG_ENC(3, 4, 13, 0, 1), 2, 2, OFF(sr.contextidr_el2), 0, NULL, write_contextidr_el2,
      sysreg_need_vhe, SRF_NEED_EL2 },
    EL2_STORE(TPIDR_EL2,      3, 4, 13, 0, 2, sr.tpidr_el2, 0, NULL),
};

const struct sysreg_table sysreg_el2_table = { "src/cpu/sysreg_el2.c", el2_rows, sizeof el2_rows / sizeof el2_rows[0] };
