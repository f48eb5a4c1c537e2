/*
 * The floating-point control and status registers, FPCR and FPSR (ARMv8.0-A, FEAT_FP), sorted by
 * encoding, and the SIMD&FP access check that every FP/SIMD instruction and these two registers
 * go through (CPACR_EL1.FPEN, CPTR_EL2.TFP).
 *
 * Without FEAT_FP in the CPU profile both rows are UNDEFINED, like the instructions, so nothing
 * changes for a guest until the FP/SIMD issue advertises FP in ID_AA64PFR0_EL1.
 */
#include <inttypes.h>
#include <stddef.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_traps.h"

/* CPACR_EL1.FPEN, bits 21:20 (DDI 0487 D19.2.29). */
enum { CPACR_FPEN_SHIFT = 20 };

/*
 * FPCR (DDI 0487 C5.2, "FPCR") in ARMv8.0 AArch64: AHP 26, DN 25, FZ 24, RMode 23:22 are writable.
 * The trap enables IDE 15, IXE 12, UFE 11, OFE 10, DZE 9, IOE 8 are RAZ/WI because a64emu does
 * not support trapping of floating-point exceptions; FZ16 (19) is FEAT_FP16. Len and Stride
 * (18:16, 21:20) only hold AArch32 FPSCR state: whether they are programmable or RAZ is
 * IMPLEMENTATION DEFINED (DDI 0487 FPCR, "Configuration"), and a64emu has no AArch32, so they
 * are RAZ/WI, as the Cortex-A53/A57 TRMs show FPCR[21:0].
 * NOTE: QEMU keeps Len/Stride (FPCR reads 0x07f70000 after writing all ones, a64emu
 * 0x07c00000) and FPSR.NZCV (0xf800009f against 0x0800009f); lockstep must mask them.
 */
#define FPCR_WRITE_MASK 0x07c00000u
/* FPSR (DDI 0487 C5.2, "FPSR"): QC 27 and the cumulative flags IDC 7, IXC 4, UFC 3, OFC 2, DZC 1,
 * IOC 0; N/Z/C/V (31:28) only hold AArch32 FPSCR flags and are RAZ/WI here (no AArch32). */
#define FPSR_WRITE_MASK 0x0800009fu

unsigned cpu_fp_trap_el(const struct cpu_state *cpu, const char **why)
{
    /* AArch64.CheckFPAdvSIMDTrap without EL3. CPACR_EL1 does not apply to EL0 in host
     * (HCR_EL2.{E2H,TGE} = {1,1}: EL1 is unused, CPTR_EL2.FPEN takes its role). */
    if (cpu->el == 1 || (cpu->el == 0 && !cpu_el0_in_host(cpu))) {
        unsigned fpen = (unsigned)(cpu->sr.cpacr_el1 >> CPACR_FPEN_SHIFT) & 3;
        if (fpen == 0 || fpen == 2) {
            *why = fpen == 0 ? "CPACR_EL1.FPEN=00" : "CPACR_EL1.FPEN=10";
            return 1;
        }
        if (fpen == 1 && cpu->el == 0) {
            *why = "CPACR_EL1.FPEN=01";
            return 1;
        }
    }
    if (cpu_e2h(cpu)) {
        /* FEAT_VHE layout: FPEN x0 traps EL0, EL1 and EL2; 01 traps EL0 only when TGE = 1. */
        unsigned fpen = (unsigned)(cpu->sr.cptr_el2 >> CPTR_E2H_FPEN_SHIFT) & 3;
        if (fpen == 0 || fpen == 2 || (fpen == 1 && cpu->el == 0 && hcr_el2(cpu, HCR_TGE))) {
            *why = fpen == 0 ? "CPTR_EL2.FPEN=00" : fpen == 2 ? "CPTR_EL2.FPEN=10" : "CPTR_EL2.FPEN=01";
            return 2;
        }
    } else if (cpu->el <= 2 && cpu->has_el2 && (cpu->sr.cptr_el2 >> CPTR_TFP & 1)) {
        *why = "CPTR_EL2.TFP=1";
        return 2;
    }
    return 0;
}

bool cpu_fp_access_check(struct cpu_state *cpu)
{
    const char *why = "";
    unsigned target = cpu_fp_trap_el(cpu, &why);
    if (!target)
        return true;
    /* AArch64.AdvSIMDFPAccessTrap: a trap aimed at EL1 goes to EL2 when HCR_EL2.TGE = 1, and is
     * then reported as Uncategorized (EC 0x00), not EC 0x07 (DDI 0487 D19.2.37, EC 0b000111:
     * "Excludes exceptions resulting from CPACR_EL1 when the value of HCR_EL2.TGE is 1"). */
    uint32_t esr = syn_fp_access();
    if (target == 1 && hcr_el2(cpu, HCR_TGE)) {
        target = 2;
        esr = syn_uncategorized();
    }
    cpu->trap_cause = why; /* the narrator's "because" (exc_take_el) */
    exc_take_el(cpu, target, EXC_SYNC, esr, 0, 0, cpu->pc);
    return false;
}

/* FPCR/FPSR: UNDEFINED without FEAT_FP; otherwise the SIMD&FP access trap (EC 0x07), which the
 * Arm ARM's MRS/MSR FPCR pseudocode checks instead of a system-register trap. */
static enum sysreg_result fp_reg_access(struct cpu_state *cpu, const struct sysreg_desc *d, bool write,
                                        const char **why)
{
    (void)d, (void)write;
    if (!(cpu->features & (1u << FEAT_FP)))
        return SR_UNDEF;
    if (!cpu_fp_access_check(cpu)) {
        *why = "SIMD&FP access trap";
        return SR_TAKEN;
    }
    return SR_OK;
}

static uint64_t read_fpcr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    return cpu->fpcr;
}
static bool write_fpcr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->fpcr = (uint32_t)v & FPCR_WRITE_MASK;
    return true;
}
static uint64_t read_fpsr(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    (void)d;
    return cpu->fpsr;
}
static bool write_fpsr(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    (void)d;
    cpu->fpsr = (uint32_t)v & FPSR_WRITE_MASK;
    return true;
}

/* Hooks (the 32-bit storage in struct cpu_state is reset by cpu_reset). */
#define FP_HOOK(n, o0, o1, cn, cm, o2, rd, wr) \
    { #n, SYSREG_ENC(o0, o1, cn, cm, o2), 0, 0, SR_NO_STORAGE, 0, rd, wr, fp_reg_access, 0 }

static const struct sysreg_desc rows[] = {
    FP_HOOK(FPCR, 3, 3, 4, 4, 0, read_fpcr, write_fpcr),
    FP_HOOK(FPSR, 3, 3, 4, 4, 1, read_fpsr, write_fpsr),
};

const struct sysreg_table sysreg_fp_table = { "src/cpu/sysreg_fp.c", rows, sizeof rows / sizeof rows[0] };
