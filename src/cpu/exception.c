/*
 * Exception entry and return (DDI 0487 D1.10, D1.11). This first slice targets EL1 (or the current
 * EL when that is EL2); routing by HCR_EL2 (TGE/IMO/FMO/AMO), virtual interrupts and traps to EL2
 * arrive with the exception-model issue, inside this same function.
 */
#include "cpu/cpu_internal.h"

#include <inttypes.h>

static const char *const ec_names[64] = {
    [EC_UNKNOWN] = "UNKNOWN",
    [EC_WFX_TRAP] = "WFx_TRAP",
    [EC_FP_ACCESS] = "FP_ACCESS",
    [EC_ILLEGAL_STATE] = "ILLEGAL_STATE",
    [EC_SVC64] = "SVC64",
    [EC_HVC64] = "HVC64",
    [EC_SMC64] = "SMC64",
    [EC_SYSTEMREG_TRAP] = "SYSTEMREG_TRAP",
    [EC_INSN_ABORT_LOWER] = "INSN_ABORT_LOWER",
    [EC_INSN_ABORT] = "INSN_ABORT",
    [EC_PC_ALIGNMENT] = "PC_ALIGNMENT",
    [EC_DATA_ABORT_LOWER] = "DATA_ABORT_LOWER",
    [EC_DATA_ABORT] = "DATA_ABORT",
    [EC_SP_ALIGNMENT] = "SP_ALIGNMENT",
    [EC_FP_EXC64] = "FP_EXC64",
    [EC_SERROR] = "SERROR",
    [EC_BREAKPOINT_LOWER] = "BREAKPOINT_LOWER",
    [EC_BREAKPOINT] = "BREAKPOINT",
    [EC_SOFTWARE_STEP_LOWER] = "SOFTWARE_STEP_LOWER",
    [EC_SOFTWARE_STEP] = "SOFTWARE_STEP",
    [EC_WATCHPOINT_LOWER] = "WATCHPOINT_LOWER",
    [EC_WATCHPOINT] = "WATCHPOINT",
    [EC_BRK64] = "BRK64",
};
_Static_assert(sizeof ec_names / sizeof ec_names[0] == 64, "one name slot per 6-bit EC");

const char *exc_class_name(unsigned ec)
{
    const char *n = ec < 64 ? ec_names[ec] : NULL;
    return n ? n : "RESERVED";
}

#define EXC_LOOP_LIMIT 64

static uint64_t *elr_for(struct cpu_state *cpu, unsigned el) { return el == 2 ? &cpu->sr.elr_el2 : &cpu->sr.elr_el1; }
static uint64_t *spsr_for(struct cpu_state *cpu, unsigned el) { return el == 2 ? &cpu->sr.spsr_el2 : &cpu->sr.spsr_el1; }

void exc_take(struct cpu_state *cpu, enum exc_type type, uint32_t esr, uint64_t far, int far_valid,
              uint64_t return_pc)
{
    exc_take_el(cpu, cpu->el > 1 ? cpu->el : 1, type, esr, far, far_valid, return_pc);
}

void exc_take_el(struct cpu_state *cpu, unsigned target, enum exc_type type, uint32_t esr,
                 uint64_t far, int far_valid, uint64_t return_pc)
{
    unsigned from = cpu->el;
    /* Vector group (DDI 0487 D1.10.2): current EL with SP_EL0, current EL with SP_ELx, lower EL
     * using AArch64. */
    uint64_t offset = from < target ? 0x400 : (cpu->spsel ? 0x200 : 0x000);
    uint64_t vbar = target == 2 ? cpu->sr.vbar_el2 : cpu->sr.vbar_el1;

    /* Exceptions taken to the current EL with the "same EL" EC variants; from a lower EL the
     * classes with a LOWER twin use it. */
    unsigned ec = esr >> 26;
    if (from < target && (ec == EC_DATA_ABORT || ec == EC_INSN_ABORT || ec == EC_BREAKPOINT ||
                          ec == EC_SOFTWARE_STEP || ec == EC_WATCHPOINT))
        esr = (esr & ~(0x3fu << 26)) | (uint32_t)(ec - 1) << 26;

    *spsr_for(cpu, target) = cpu_pstate(cpu);
    *elr_for(cpu, target) = return_pc;
    if (type == EXC_SYNC || type == EXC_SERROR) {
        if (target == 2)
            cpu->sr.esr_el2 = esr;
        else
            cpu->sr.esr_el1 = esr;
    }
    if (far_valid) {
        if (target == 2)
            cpu->sr.far_el2 = far;
        else
            cpu->sr.far_el1 = far;
    }
    if (log_enabled(LOG_EXC))
        log_msg(LOG_EXC, "vCPU %u: exception %s (EC 0x%02x, ESR 0x%08" PRIx32 ") EL%u -> EL%u at pc=0x%" PRIx64
                ", FAR=0x%" PRIx64 ", vector 0x%" PRIx64,
                cpu->index, exc_class_name(esr >> 26), esr >> 26, esr, from, target, return_pc,
                far_valid ? far : 0, vbar + offset + (uint64_t)type * 0x80);

    /* A guest whose vector faults again before completing an instruction would loop for ever on
     * hardware; stop with a message instead (e.g. a random raw image, or VBAR pointing nowhere). */
    cpu->exc_streak = cpu->icount == cpu->exc_icount ? cpu->exc_streak + 1 : 1;
    cpu->exc_icount = cpu->icount;
    if (cpu->exc_streak >= EXC_LOOP_LIMIT) {
        cpu_stop_with(cpu, CPU_STOP_HOST_ERROR,
                      "exception loop: %u exceptions in a row without completing an instruction "
                      "(last: %s, ESR 0x%08" PRIx32 ", vector 0x%" PRIx64 ")",
                      cpu->exc_streak, exc_class_name(esr >> 26), esr, vbar + offset + (uint64_t)type * 0x80);
    }

    /* PSTATE on entry (DDI 0487 D1.10.3): DAIF all set, SP_ELx, IL and SS cleared; PAN is set
     * if SCTLR_ELx.SPAN == 0 (with FEAT_PAN). */
    cpu->daif = 0xf << 6;
    cpu->il = 0;
    cpu_set_el_spsel(cpu, target, 1);
    cpu->pc = vbar + offset + (uint64_t)type * 0x80;
}

void exc_undefined(struct cpu_state *cpu)
{
    exc_take(cpu, EXC_SYNC, syn_uncategorized(), 0, 0, cpu->pc);
}

void exc_return(struct cpu_state *cpu)
{
    unsigned el = cpu->el;
    uint64_t spsr = el == 2 ? cpu->sr.spsr_el2 : cpu->sr.spsr_el1;
    uint64_t elr = el == 2 ? cpu->sr.elr_el2 : cpu->sr.elr_el1;
    unsigned m = spsr & 0x1f;
    unsigned target = (m >> 2) & 3;
    /* Illegal return (DDI 0487 D1.11.2): AArch32 (M[4]), a reserved mode, a higher EL, EL2
     * when not implemented, or EL0 with SP_ELx. */
    bool illegal = (m & 0x10) || (m & 2) || target > el || (target == 2 && !cpu->has_el2) ||
                   (target == 0 && (m & 1));
    cpu->nzcv = (uint32_t)spsr & 0xf0000000u;
    cpu->daif = (uint32_t)spsr & (0xfu << 6);
    cpu->excl_valid = false; /* exception return clears the local monitor */
    if (illegal) {
        cpu->il = 1;
    } else {
        cpu->il = (spsr >> 20) & 1;
        if (cpu->features & (1u << FEAT_PAN))
            cpu->pan = (spsr >> 22) & 1;
        cpu_set_el_spsel(cpu, target, m & 1);
    }
    /* ELR bits [1:0] are kept: a misaligned return address faults on the next fetch. */
    cpu->pc = elr;
    if (log_enabled(LOG_EXC))
        log_msg(LOG_EXC, "vCPU %u: eret EL%u -> EL%u%s at pc=0x%" PRIx64, cpu->index, el, cpu->el,
                illegal ? " (illegal return: PSTATE.IL set)" : "", elr);
}
