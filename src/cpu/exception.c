/*
 * Exception entry and return (DDI 0487 D1.10, D1.11), routing by HCR_EL2.TGE for synchronous
 * exceptions from EL0, and interrupts: physical IRQ/FIQ/SError lines routed by
 * HCR_EL2.{IMO,FMO,AMO,TGE}, virtual ones injected by HCR_EL2.{VI,VF,VSE}, masked by PSTATE.DAIF
 * per DDI 0487 D1.3.6. One entry function, exc_take_el(), for all of them (style.md 6.3).
 */
#include "cpu/cpu_internal.h"
#include "cpu/sysreg_traps.h"
#include "cpu/esr_decode.h"
#include "trace/trace_hook.h"

#include <inttypes.h>
#include <string.h>

#define EXC_LOOP_LIMIT 64

static uint64_t *elr_for(struct cpu_state *cpu, unsigned el) { return el == 2 ? &cpu->sr.elr_el2 : &cpu->sr.elr_el1; }
static uint64_t *spsr_for(struct cpu_state *cpu, unsigned el) { return el == 2 ? &cpu->sr.spsr_el2 : &cpu->sr.spsr_el1; }

unsigned exc_route_sync(const struct cpu_state *cpu, unsigned target)
{
    /* An exception from EL0 that would go to EL1 goes to EL2 when HCR_EL2.TGE = 1
     * (DDI 0487 D1.10.1; e.g. AArch64.Undefined, AArch64.SystemAccessTrap). */
    return target == 1 && cpu->el == 0 && hcr_el2(cpu, HCR_TGE) ? 2 : target;
}

void exc_take(struct cpu_state *cpu, enum exc_type type, uint32_t esr, uint64_t far, int far_valid,
              uint64_t return_pc)
{
    exc_take_el(cpu, cpu->el > 1 ? cpu->el : 1, type, esr, far, far_valid, return_pc);
}

/* Count the exception, keep it as the vCPU's last one, and narrate it (-d exceptions, -d exc). */
static void exc_record(struct cpu_state *cpu, unsigned from, unsigned target, enum exc_type type, uint32_t esr,
                       uint64_t far, int far_valid, uint64_t return_pc, uint64_t vector)
{
    struct cpu_exc_record *r = &cpu->last_exc;
    r->seq++;
    r->from = (uint8_t)from;
    r->to = (uint8_t)target;
    r->type = (uint8_t)type;
    r->esr = type == EXC_SYNC || type == EXC_SERROR ? esr : 0;
    r->far_valid = far_valid != 0;
    r->far = far_valid ? far : 0;
    r->elr = return_pc;
    r->vector = vector;
    r->cause = cpu->trap_cause;
    cpu->trap_cause = NULL;

    struct cpu_exc_stats *st = &cpu->exc_stats;
    if (type == EXC_SYNC || type == EXC_SERROR)
        st->sync_by_ec[(esr >> 26) & 63][target]++;
    else
        st->async[type][target]++;
    if (r->cause) {
        unsigned i = 0;
        while (i < CPU_TRAP_CAUSES && st->traps[i].cause && !(st->traps[i].el == target && !strcmp(st->traps[i].cause, r->cause)))
            i++;
        if (i == CPU_TRAP_CAUSES) {
            st->traps_other++;
        } else {
            st->traps[i].cause = r->cause;
            st->traps[i].el = (uint8_t)target;
            st->traps[i].count++;
        }
    }
    if (log_enabled(LOG_EXCEPTIONS) || log_enabled(LOG_EXC)) {
        char line[512];
        exc_record_describe(r, cpu->index, line, sizeof line);
        log_msg(log_enabled(LOG_EXCEPTIONS) ? LOG_EXCEPTIONS : LOG_EXC, "%s", line);
    }
}

void exc_take_el(struct cpu_state *cpu, unsigned target, enum exc_type type, uint32_t esr,
                 uint64_t far, int far_valid, uint64_t return_pc)
{
    if (type == EXC_SYNC) {
        unsigned routed = exc_route_sync(cpu, target);
        if (routed != target && !cpu->trap_cause)
            cpu->trap_cause = "HCR_EL2.TGE=1"; /* EL0's exception meant for EL1 goes to EL2 */
        target = routed;
    }
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

    if (cpu->trace) trace_hook_exc(cpu, type, esr, far, far_valid, return_pc, target); /* src/trace */
    cpu_pmu_exception(cpu, true, from);
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
    uint64_t vector = vbar + offset + (uint64_t)type * 0x80;
    exc_record(cpu, from, target, type, esr, far, far_valid, return_pc, vector);

    /* A guest whose vector faults again before completing an instruction would loop for ever on
     * hardware; stop with a message instead (e.g. a random raw image, or VBAR pointing nowhere).
     * "Faults again at once" is: this exception's return address is the previous one's vector,
     * which needs no instruction count (the run loop keeps that in a register). */
    cpu->exc_streak = return_pc == cpu->exc_last_vector ? cpu->exc_streak + 1 : 1;
    cpu->exc_last_vector = vector;
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
    cpu->ss = 0;
    cpu_set_el_spsel(cpu, target, 1);
    /* AArch64.TakeException: to EL1, or to EL2 in host, PSTATE.PAN = 1 when SCTLR_ELx.SPAN = 0. */
    if (cpu_has_feature(cpu, FEAT_PAN) && (target == 1 || cpu_el0_in_host(cpu)) &&
        !((target == 2 ? cpu->sr.sctlr_el2 : cpu->sr.sctlr_el1) >> 23 & 1))
        cpu_set_pan(cpu, 1);
    cpu->pc = vbar + offset + (uint64_t)type * 0x80;
    exc_update_irq(cpu);
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
     * when not implemented, EL0 with SP_ELx, or EL1 while HCR_EL2.TGE = 1 (EL1 is not in use). */
    bool illegal = (m & 0x10) || (m & 2) || target > el || (target == 2 && !cpu->has_el2) ||
                   (target == 0 && (m & 1)) || (target == 1 && hcr_el2(cpu, HCR_TGE));
    cpu_pmu_exception(cpu, false, el);
    cpu->nzcv = (uint32_t)spsr & 0xf0000000u;
    cpu->daif = (uint32_t)spsr & (0xfu << 6);
    cpu->excl_valid = false; /* exception return clears the local monitor */
    cpu->event_register = true; /* and sets the Event Register (DDI 0487, "The Event Register") */
    if (illegal) {
        cpu->il = 1;
    } else {
        cpu->il = (spsr >> 20) & 1;
        if (cpu->features & (1u << FEAT_PAN))
            cpu_set_pan(cpu, (spsr >> 22) & 1);
        cpu_set_el_spsel(cpu, target, m & 1);
    }
    cpu_dbg_exception_return(cpu, spsr);
    /* ELR bits [1:0] are kept: a misaligned return address faults on the next fetch. */
    cpu->pc = elr;
    exc_update_irq(cpu);
    if (log_enabled(LOG_EXC))
        log_msg(LOG_EXC, "vCPU %u: eret EL%u -> EL%u%s at pc=0x%" PRIx64, cpu->index, el, cpu->el,
                illegal ? " (illegal return: PSTATE.IL set)" : "", elr);
}

/* ---- interrupts ---- */

enum { DAIF_F = 1u << 6, DAIF_I = 1u << 7, DAIF_A = 1u << 8 };

/* One candidate interrupt: its type, whether it is virtual, the HCR_EL2 routing bit, the PSTATE
 * mask bit. */
struct irq_kind {
    enum exc_type type;
    bool is_virtual;
    enum hcr_el2_bit route; /* IMO/FMO/AMO */
    enum hcr_el2_bit inject; /* VI/VF/VSE for virtual ones */
    uint32_t mask;
    const char *name;
};

/*
 * Priority order when several are pending. The Arm ARM does not order asynchronous exceptions
 * among themselves (each is taken "in finite time"); a64emu uses QEMU's order
 * (arm_cpu_exec_interrupt: FIQ, IRQ, vIRQ, vFIQ, vSError; physical SError, which QEMU 7.2 has
 * no line for, first) so lockstep runs agree.
 */
static const struct irq_kind irq_kinds[] = {
    { EXC_SERROR, false, HCR_AMO, HCR_VSE, DAIF_A, "SError" },
    { EXC_FIQ, false, HCR_FMO, HCR_VF, DAIF_F, "FIQ" },
    { EXC_IRQ, false, HCR_IMO, HCR_VI, DAIF_I, "IRQ" },
    { EXC_IRQ, true, HCR_IMO, HCR_VI, DAIF_I, "virtual IRQ" },
    { EXC_FIQ, true, HCR_FMO, HCR_VF, DAIF_F, "virtual FIQ" },
    { EXC_SERROR, true, HCR_AMO, HCR_VSE, DAIF_A, "virtual SError" },
};

/* Is interrupt kind k pending? Sets *target. Physical: the line is asserted; it targets EL2 when
 * routed by the HCR_EL2 bit or TGE, else EL1. Virtual: HCR_EL2.VI/VF/VSE with its IMO/FMO/AMO
 * routing bit set and TGE = 0 (a virtual interrupt exists only then, DDI 0487 D1.3.6.3), taken at
 * EL1 from EL0/EL1 only. */
static bool irq_pending(const struct cpu_state *cpu, const struct irq_kind *k, unsigned *target)
{
    if (!k->is_virtual) {
        if (!(cpu->irq_lines & (1u << k->type)))
            return false;
        *target = hcr_el2(cpu, k->route) || hcr_el2(cpu, HCR_TGE) ? 2 : 1;
        return true;
    }
    *target = 1;
    bool asserted = hcr_el2(cpu, k->inject) || (cpu->virq_lines & (1u << k->type));
    return asserted && hcr_el2(cpu, k->route) && !hcr_el2(cpu, HCR_TGE) && cpu->el < 2;
}

/* Would the pending interrupt be taken now? (DDI 0487 D1.3.6, table "Physical interrupt
 * masking" without EL3): to a lower EL never; to a higher EL than EL1 (EL2 from EL0/EL1) always,
 * whatever PSTATE says; to EL1 from EL0/EL1 or to EL2 from EL2 unless PSTATE masks it. */
static bool irq_deliverable(const struct cpu_state *cpu, const struct irq_kind *k, unsigned target)
{
    if (target < cpu->el)
        return false;
    if (target == 2 && cpu->el < 2)
        return true;
    return !(cpu->daif & k->mask);
}

/* Causes by exc_type (IRQ, FIQ, SError), as the narrator prints them. */
static const char *const irq_route_names[4] = { NULL, "HCR_EL2.IMO=1", "HCR_EL2.FMO=1", "HCR_EL2.AMO=1" };
static const char *const irq_inject_names[4] = { NULL, "HCR_EL2.VI=1", "HCR_EL2.VF=1", "HCR_EL2.VSE=1" };

static const struct irq_kind *irq_next(const struct cpu_state *cpu, unsigned *target)
{
    for (size_t i = 0; i < sizeof irq_kinds / sizeof irq_kinds[0]; i++)
        if (irq_pending(cpu, &irq_kinds[i], target) && irq_deliverable(cpu, &irq_kinds[i], *target))
            return &irq_kinds[i];
    return NULL;
}

bool exc_wfi_wakeup(const struct cpu_state *cpu)
{
    /* WFI wake-up events (DDI 0487 D1.16.1): any pending physical interrupt, and a virtual one
     * at EL0/EL1, even when PSTATE masks it. */
    unsigned target;
    for (size_t i = 0; i < sizeof irq_kinds / sizeof irq_kinds[0]; i++)
        if (irq_pending(cpu, &irq_kinds[i], &target))
            return true;
    return false;
}

uint64_t exc_isr_el1(const struct cpu_state *cpu)
{
    static const struct { unsigned type, bit; } isr_bits[] = {
        { EXC_SERROR, 8 }, { EXC_IRQ, 7 }, { EXC_FIQ, 6 },
    };
    uint64_t isr = 0;
    for (size_t b = 0; b < sizeof isr_bits / sizeof isr_bits[0]; b++) {
        for (size_t i = 0; i < sizeof irq_kinds / sizeof irq_kinds[0]; i++) {
            const struct irq_kind *k = &irq_kinds[i];
            if (k->type != isr_bits[b].type)
                continue;
            bool shows_virtual = cpu->el == 1 && hcr_el2(cpu, k->route) && !hcr_el2(cpu, HCR_TGE);
            unsigned target;
            if (k->is_virtual == shows_virtual && irq_pending(cpu, k, &target))
                isr |= 1ull << isr_bits[b].bit;
        }
    }
    return isr;
}

void exc_update_irq(struct cpu_state *cpu)
{
    unsigned target;
    if (cpu->halted && exc_wfi_wakeup(cpu)) {
        cpu->halted = false; /* the WFI completes; the scheduler may run the vCPU again */
        if (log_enabled(LOG_EXC))
            log_msg(LOG_EXC, "vCPU %u: woken from WFI at pc=0x%" PRIx64, cpu->index, cpu->pc);
    }
    cpu->irq_attn = cpu->halted || irq_next(cpu, &target) != NULL;
}

bool exc_service_irq(struct cpu_state *cpu)
{
    if (cpu->halted)
        return false; /* exc_update_irq wakes it when an interrupt becomes pending */
    unsigned target;
    const struct irq_kind *k = irq_next(cpu, &target);
    if (!k) {
        cpu->irq_attn = 0;
        return true;
    }
    if (log_enabled(LOG_EXC))
        log_msg(LOG_EXC, "vCPU %u: %s pending, taken to EL%u", cpu->index, k->name, target);
    /* A virtual SError is cleared when taken (DDI 0487 D19.2.46, HCR_EL2.VSE); VI and VF are
     * levels the hypervisor clears. */
    if (k->is_virtual && k->type == EXC_SERROR)
        cpu->sr.hcr_el2 &= ~(1ull << HCR_VSE);
    /* What the narrator names as the reason for the target EL (cpu_exc_record.cause). */
    if (k->is_virtual)
        cpu->trap_cause = hcr_el2(cpu, k->inject) ? irq_inject_names[k->type] : "a list register (ICH_LR<n>_EL2) holds a pending virtual interrupt";
    else if (target == 2 && cpu->el < 2)
        cpu->trap_cause = hcr_el2(cpu, HCR_TGE) ? "HCR_EL2.TGE=1" : irq_route_names[k->type];
    /* The preferred return address of an interrupt is the next instruction not executed. */
    exc_take_el(cpu, target, k->type, k->type == EXC_SERROR ? syn_serror() : 0, 0, 0, cpu->pc);
    return true;
}

void cpu_set_irq_line(struct cpu_state *cpu, unsigned type, bool level)
{
    if (type != EXC_IRQ && type != EXC_FIQ && type != EXC_SERROR)
        return;
    uint8_t bit = (uint8_t)(1u << type);
    cpu->irq_lines = level ? (uint8_t)(cpu->irq_lines | bit) : (uint8_t)(cpu->irq_lines & ~bit);
    exc_update_irq(cpu);
    if (level)
        cpu_wake(cpu); /* PSCI CPU_SUSPEND and WFE wait for interrupts too (cpu.h) */
}

void cpu_set_virq_line(struct cpu_state *cpu, unsigned type, bool level)
{
    if (type != EXC_IRQ && type != EXC_FIQ)
        return;
    uint8_t bit = (uint8_t)(1u << type);
    cpu->virq_lines = level ? (uint8_t)(cpu->virq_lines | bit) : (uint8_t)(cpu->virq_lines & ~bit);
    exc_update_irq(cpu);
    if (level)
        cpu_wake(cpu);
}

void cpu_attach_irq_source(struct cpu_state *cpu)
{
    cpu->irq_sources++;
}

void exc_reset(struct cpu_state *cpu)
{
    cpu->halted = false;
    cpu->sr.vpidr_el2 = A64_MIDR_VALUE;
    cpu->sr.vmpidr_el2 = cpu_real_mpidr(cpu);
    exc_update_irq(cpu);
}
