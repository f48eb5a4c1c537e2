/*
 * Exception classes, syndromes and the single exception entry point (style.md 6.3).
 * EC values and names are those of DDI 0487 D19.2.37 (ESR_ELx).
 */
#ifndef A64EMU_CPU_EXCEPTION_H
#define A64EMU_CPU_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

struct cpu_state;

enum exc_class {
    EC_UNKNOWN = 0x00,
    EC_WFX_TRAP = 0x01,
    EC_FP_ACCESS = 0x07,
    EC_ILLEGAL_STATE = 0x0e,
    EC_SVC64 = 0x15,
    EC_HVC64 = 0x16,
    EC_SMC64 = 0x17,
    EC_SYSTEMREG_TRAP = 0x18,
    EC_INSN_ABORT_LOWER = 0x20,
    EC_INSN_ABORT = 0x21,
    EC_PC_ALIGNMENT = 0x22,
    EC_DATA_ABORT_LOWER = 0x24,
    EC_DATA_ABORT = 0x25,
    EC_SP_ALIGNMENT = 0x26,
    EC_FP_EXC64 = 0x2c,
    EC_SERROR = 0x2f,
    EC_BREAKPOINT_LOWER = 0x30,
    EC_BREAKPOINT = 0x31,
    EC_SOFTWARE_STEP_LOWER = 0x32,
    EC_SOFTWARE_STEP = 0x33,
    EC_WATCHPOINT_LOWER = 0x34,
    EC_WATCHPOINT = 0x35,
    EC_BRK64 = 0x3c,
};

/* Exception type: selects the vector offset within a group (DDI 0487 D1.10.2). */
enum exc_type { EXC_SYNC = 0, EXC_IRQ = 1, EXC_FIQ = 2, EXC_SERROR = 3 };

/* Fault status codes (DFSC/IFSC), DDI 0487 D19.2.37. */
enum {
    FSC_ADDRESS_SIZE_L0 = 0x00,
    FSC_SYNC_EXTERNAL = 0x10,
    FSC_ALIGNMENT = 0x21,
};

/* Syndrome constructors: the ISS packing lives only here. IL is set (32-bit instruction). */
static inline uint32_t syn_uncategorized(void) { return (uint32_t)EC_UNKNOWN << 26 | 1u << 25; }
static inline uint32_t syn_aa64_svc(uint32_t imm16) { return (uint32_t)EC_SVC64 << 26 | 1u << 25 | (imm16 & 0xffff); }
static inline uint32_t syn_aa64_hvc(uint32_t imm16) { return (uint32_t)EC_HVC64 << 26 | 1u << 25 | (imm16 & 0xffff); }
static inline uint32_t syn_aa64_smc(uint32_t imm16) { return (uint32_t)EC_SMC64 << 26 | 1u << 25 | (imm16 & 0xffff); }
static inline uint32_t syn_aa64_bkpt(uint32_t imm16) { return (uint32_t)EC_BRK64 << 26 | 1u << 25 | (imm16 & 0xffff); }
static inline uint32_t syn_pc_alignment(void) { return (uint32_t)EC_PC_ALIGNMENT << 26 | 1u << 25; }
static inline uint32_t syn_sp_alignment(void) { return (uint32_t)EC_SP_ALIGNMENT << 26 | 1u << 25; }
static inline uint32_t syn_illegal_state(void) { return (uint32_t)EC_ILLEGAL_STATE << 26 | 1u << 25; }
/* Data abort: WnR, DFSC; ISV=0 (no instruction syndrome) unless iss_extra supplies it. */
static inline uint32_t syn_data_abort(int same_el, uint32_t iss_extra, int wnr, uint32_t dfsc)
{
    return (uint32_t)(same_el ? EC_DATA_ABORT : EC_DATA_ABORT_LOWER) << 26 | 1u << 25 | iss_extra |
           (uint32_t)(wnr ? 1 : 0) << 6 | (dfsc & 0x3f);
}
static inline uint32_t syn_insn_abort(int same_el, uint32_t ifsc)
{
    return (uint32_t)(same_el ? EC_INSN_ABORT : EC_INSN_ABORT_LOWER) << 26 | 1u << 25 | (ifsc & 0x3f);
}

/* Trapped MSR, MRS or System instruction (EC 0x18), DDI 0487 D19.2.37 ISS encoding. */
static inline uint32_t syn_sysreg_trap(unsigned op0, unsigned op1, unsigned crn, unsigned crm,
                                       unsigned op2, unsigned rt, int is_read)
{
    return (uint32_t)EC_SYSTEMREG_TRAP << 26 | 1u << 25 | (op0 & 3) << 20 | (op2 & 7) << 17 |
           (op1 & 7) << 14 | (crn & 15) << 10 | (rt & 31) << 5 | (crm & 15) << 1 | (is_read ? 1u : 0u);
}

/* Trapped WFI/WFE (EC 0x01), DDI 0487 D19.2.37: from AArch64, CV = 1 and COND = 0b1110; TI[0]
 * is 0 for WFI, 1 for WFE. */
static inline uint32_t syn_wfx(int is_wfe)
{
    return (uint32_t)EC_WFX_TRAP << 26 | 1u << 25 | 1u << 24 | 0xeu << 20 | (is_wfe ? 1u : 0u);
}
/* SError interrupt (EC 0x2f): without FEAT_RAS the ISS is IMPLEMENTATION DEFINED; a64emu uses 0. */
/* Access to SIMD&FP trapped by CPACR_EL1.FPEN or CPTR_EL2.TFP (EC 0x07): ISS<24:20> is
 * ConditionSyndrome(): CV = 1 and COND = 0b1110 from AArch64 (DDI 0487 pseudocode
 * AArch64.AdvSIMDFPAccessTrap; as syn_wfx, and QEMU's syn_fp_access_trap(1, 0xe, ...)). */
static inline uint32_t syn_fp_access(void) { return (uint32_t)EC_FP_ACCESS << 26 | 1u << 25 | 1u << 24 | 0xeu << 20; }
static inline uint32_t syn_serror(void) { return (uint32_t)EC_SERROR << 26 | 1u << 25; }

/* Name of an exception class ("UNKNOWN", "SVC64", ...). */
const char *exc_class_name(unsigned ec);

/*
 * Take an exception (DDI 0487 D1.10): choose the target EL, save PSTATE in SPSR_ELx and the
 * preferred return address in ELR_ELx, write ESR_ELx (and FAR_ELx for aborts), mask DAIF, and
 * branch to the vector. `far_valid` says whether `far` is meaningful for this class.
 */
void exc_take(struct cpu_state *cpu, enum exc_type type, uint32_t esr, uint64_t far, int far_valid,
              uint64_t return_pc);
/* The same, to an explicit target EL (HVC goes to EL2; traps name their EL). */
void exc_take_el(struct cpu_state *cpu, unsigned target, enum exc_type type, uint32_t esr,
                 uint64_t far, int far_valid, uint64_t return_pc);

/* The EL a synchronous exception aimed at `target` is taken to: an EL1 target from EL0 goes to
 * EL2 when HCR_EL2.TGE = 1 (DDI 0487 D1.10.1, and AArch64.TakeException's callers). */
unsigned exc_route_sync(const struct cpu_state *cpu, unsigned target);

/*
 * Interrupts (DDI 0487 D1.3.6, "Asynchronous exception routing, masking and prioritization").
 * exc_update_irq() recomputes cpu->irq_attn; call it after any change of the interrupt lines,
 * HCR_EL2, PSTATE.DAIF or PSTATE.EL (exc_take_el and exc_return do). exc_service_irq() is the run
 * loop's block-start hook when irq_attn is set: it wakes a halted vCPU when an interrupt is
 * pending (even masked) and takes the highest-priority deliverable interrupt. Returns false when
 * the vCPU stays halted (run nothing).
 */
void exc_update_irq(struct cpu_state *cpu);
bool exc_service_irq(struct cpu_state *cpu);
/* An interrupt is pending for WFI's purposes: a WFI wake-up event, whatever PSTATE masks. */
bool exc_wfi_wakeup(const struct cpu_state *cpu);
/* ISR_EL1: A (8), I (7), F (6) pending, whatever PSTATE masks. At EL1 with HCR_EL2.{AMO,IMO,FMO}
 * set (and TGE clear) the bit shows the virtual interrupt, otherwise the physical one (DDI 0487
 * D19.2.60). */
uint64_t exc_isr_el1(const struct cpu_state *cpu);
/* Reset of the interrupt state and of the registers whose reset depends on the vCPU
 * (VPIDR_EL2 = MIDR, VMPIDR_EL2 = MPIDR); called by cpu_reset after sysreg_reset. */
void exc_reset(struct cpu_state *cpu);

/* Convenience: UNDEFINED instruction at cpu->pc. */
void exc_undefined(struct cpu_state *cpu);

/* ERET: return from the current EL's SPSR/ELR, applying the illegal-return rules. */
void exc_return(struct cpu_state *cpu);

#endif
