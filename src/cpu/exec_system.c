/*
 * Exception generation, hints, barriers, PSTATE moves, system register moves and System
 * instructions. System register accesses go through the descriptor tables (sysreg.h).
 */
#include <inttypes.h>

#include "cpu/cpu_internal.h"
#include "cpu/exc_intercept.h"
#include "cpu/sysreg.h"
#include "cpu/sysreg_traps.h"

static enum exec_result undef_logged(struct cpu_state *cpu, const struct a64_insn *in, const char *why,
                                     enum log_cat cat)
{
    /* One line per distinct (pc, encoding), at most 50 in all: a guest looping on an UNDEFINED
     * instruction must not flood the log. */
    static unsigned logged;
    static uint64_t last_pc;
    static uint32_t last_raw;
    if (log_enabled(cat) && logged < 50 && !(logged && last_pc == cpu->pc && last_raw == in->raw)) {
        const struct a64_row *r = dec_row(in->id);
        last_pc = cpu->pc;
        last_raw = in->raw;
        log_msg(cat, "vCPU %u: %s 0x%08" PRIx32 "%s%s%s at pc=0x%" PRIx64 " EL%u: UNDEFINED%s",
                cpu->index, why, in->raw, in->id ? " (" : "", in->id ? r->title : "", in->id ? ")" : "",
                cpu->pc, cpu->el, ++logged == 50 ? " (further messages suppressed)" : "");
    }
    exc_undefined(cpu);
    return EXEC_EXCEPTION;
}

enum exec_result cpu_undef(struct cpu_state *cpu, const struct a64_insn *in, const char *why)
{
    return undef_logged(cpu, in, why, LOG_EXC);
}

enum exec_result cpu_unimplemented(struct cpu_state *cpu, const struct a64_insn *in, const char *what)
{
    return undef_logged(cpu, in, what, LOG_UNIMP);
}

enum exec_result exec_unallocated(struct cpu_state *cpu, const struct a64_insn *in)
{
    /* Architecturally UNDEFINED, not a gap in a64emu: logged only with -d int, as QEMU logs
     * nothing by default. */
    return undef_logged(cpu, in, "unallocated encoding", LOG_EXC);
}

enum exec_result exec_unimpl(struct cpu_state *cpu, const struct a64_insn *in)
{
    return cpu_unimplemented(cpu, in, "unimplemented instruction");
}

/* ---- exception generation ---- */

enum exec_result exec_svc(struct cpu_state *cpu, const struct a64_insn *in)
{
    exc_take(cpu, EXC_SYNC, syn_aa64_svc(in->imm), 0, 0, cpu->pc + 4);
    return EXEC_CONTEXT_CHANGE; /* SVC completes: the preferred return address is the next one */
}

/*
 * HVC and SMC (DDI 0487 C6.2.95, C6.2.254, D1.15): the emulator-side interceptors
 * (exc_intercept.h) see them first where the machine plays firmware, as QEMU virt does
 * (psci-conduit): without EL2, HVC from EL1 is the PSCI conduit; with EL2, SMC is. A guest
 * hypervisor owns HVC whenever EL2 exists, so HVC is offered to the emulator only without EL2.
 */
static enum exec_result intercepted(struct cpu_state *cpu)
{
    (void)cpu;
    /* The call completed: resume after the instruction, leaving the block because the
     * interceptor may have changed this vCPU's run state, another vCPU, or stopped the machine. */
    return EXEC_END_BLOCK;
}

enum exec_result exec_hvc(struct cpu_state *cpu, const struct a64_insn *in)
{
    const uint64_t hcr_hcd = 1ull << 29; /* HCR_EL2.HCD: HVC disabled */
    if (cpu->el == 0)
        return cpu_undef(cpu, in, "HVC at EL0");
    uint32_t esr = syn_aa64_hvc(in->imm);
    if (!cpu->has_el2) {
        if (exc_intercept(cpu, esr) == EXC_HANDLED)
            return intercepted(cpu);
        return cpu_undef(cpu, in, "HVC without EL2");
    }
    if (cpu->sr.hcr_el2 & hcr_hcd)
        return cpu_undef(cpu, in, "HVC disabled by HCR_EL2.HCD");
    exc_take_el(cpu, 2, EXC_SYNC, esr, 0, 0, cpu->pc + 4);
    return EXEC_CONTEXT_CHANGE;
}

enum exec_result exec_smc(struct cpu_state *cpu, const struct a64_insn *in)
{
    const uint64_t hcr_tsc = 1ull << 19; /* HCR_EL2.TSC: trap SMC from EL1 to EL2 */
    if (cpu->el == 0)
        return cpu_undef(cpu, in, "SMC at EL0");
    uint32_t esr = syn_aa64_smc(in->imm);
    /* HCR_EL2.TSC traps SMC from EL1 to EL2 before any firmware sees it, so a guest hypervisor
     * can keep its guests away from the emulator's PSCI (as QEMU's pre_smc); the preferred
     * return address is the SMC itself (DDI 0487 D1.10.1). */
    if (cpu->el == 1 && cpu->has_el2 && (cpu->sr.hcr_el2 & hcr_tsc)) {
        cpu->trap_cause = "HCR_EL2.TSC=1";
        exc_take_el(cpu, 2, EXC_SYNC, esr, 0, 0, cpu->pc);
        return EXEC_EXCEPTION;
    }
    if (exc_intercept(cpu, esr) == EXC_HANDLED)
        return intercepted(cpu);
    /* No EL3 and no firmware claiming it: UNDEFINED. */
    return cpu_undef(cpu, in, "SMC without EL3");
}

enum exec_result exec_brk(struct cpu_state *cpu, const struct a64_insn *in)
{
    exc_take(cpu, EXC_SYNC, syn_aa64_bkpt(in->imm), 0, 0, cpu->pc);
    return EXEC_EXCEPTION;
}

enum exec_result exec_hlt(struct cpu_state *cpu, const struct a64_insn *in)
{
    /* Semihosting trap (HLT #0xF000), recognised before any exception exists. Otherwise HLT is
     * UNDEFINED: halting debug is not modelled (DDI 0487 C6.2.94). */
    if (in->imm == 0xf000 && cpu->semihost) {
        cpu->semihost(cpu->semihost_opaque, cpu);
        return cpu->stop != CPU_RUNNING ? EXEC_END_BLOCK : EXEC_NEXT;
    }
    return cpu_undef(cpu, in, "HLT (halting debug not modelled)");
}

/* ---- hints and barriers ---- */

enum exec_result exec_nop(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)cpu, (void)in;
    return EXEC_NEXT;
}

/*
 * AArch64.CheckForWFxTrap (DDI 0487 C6.2.387 WFE, C6.2.388 WFI): at EL0, SCTLR_EL1.nTWx = 0
 * traps to EL1 (to EL2 when HCR_EL2.TGE = 1); then at EL0/EL1, HCR_EL2.TWx = 1 traps to EL2.
 * The syndrome is EC 0x01 with TI = 0 (WFI) or 1 (WFE). Takes the trap and returns true.
 */
static bool wfx_trap(struct cpu_state *cpu, bool is_wfe)
{
    unsigned target = 0;
    const char *why = NULL;
    if (cpu->el == 0 && !sctlr_el0_ctrl(cpu, is_wfe ? SCTLR_nTWE : SCTLR_nTWI)) {
        target = 1;
        why = cpu_el0_in_host(cpu) ? (is_wfe ? "SCTLR_EL2.nTWE=0" : "SCTLR_EL2.nTWI=0")
                                    : (is_wfe ? "SCTLR_EL1.nTWE=0" : "SCTLR_EL1.nTWI=0");
    } else if (cpu->el < 2 && hcr_el2(cpu, is_wfe ? HCR_TWE : HCR_TWI)) {
        target = 2;
        why = is_wfe ? "HCR_EL2.TWE=1" : "HCR_EL2.TWI=1";
    }
    if (!target)
        return false;
    cpu->trap_cause = why; /* the narrator's "because" (exc_take_el) */
    exc_take_el(cpu, target, EXC_SYNC, syn_wfx(is_wfe), 0, 0, cpu->pc);
    return true;
}

enum exec_result exec_wfe(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)in;
    if (wfx_trap(cpu, true))
        return EXEC_EXCEPTION;
    /* WFE (DDI 0487 D1.16.2): with the event register set it clears it and completes; without
     * one the vCPU waits (CPU_WAITING_WFE, PC past the WFE) until an event: SEV from another
     * vCPU, a cleared exclusive monitor, or an interrupt (cpu_wake). The machine's scheduler
     * runs other vCPUs meanwhile, and stops when no vCPU can ever wake. */
    if (cpu->event_register) {
        cpu->event_register = false;
        return EXEC_NEXT;
    }
    cpu->run_state = CPU_WAITING_WFE;
    return EXEC_END_BLOCK;
}

enum exec_result exec_wfi(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)in;
    if (wfx_trap(cpu, false))
        return EXEC_EXCEPTION;
    /* With an interrupt pending, even a masked one, WFI completes at once (DDI 0487 D1.16.1). */
    if (exc_wfi_wakeup(cpu))
        return EXEC_END_BLOCK;
    /* A lone vCPU that nothing can interrupt would wait for ever: stop it. With several vCPUs
     * the machine's scheduler decides (it stops when every vCPU waits). */
    if (!cpu->irq_sources && icache_cpu_count(cpu->icache) == 1) {
        cpu_stop_with(cpu, CPU_STOP_WFI, "WFI with no interrupt source on this machine yet");
        return EXEC_END_BLOCK;
    }
    /* Wait (cpu.h, halted): the PC moves past the WFI; the scheduler skips the vCPU until an
     * interrupt becomes pending (exc_update_irq clears halted). */
    cpu->halted = true;
    exc_update_irq(cpu);
    return EXEC_END_BLOCK;
}

enum exec_result exec_sev(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)in;
    for (unsigned i = 0; i < icache_cpu_count(cpu->icache); i++)
        icache_cpu(cpu->icache, i)->event_register = true;
    return EXEC_NEXT;
}

enum exec_result exec_sevl(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)in;
    cpu->event_register = true;
    return EXEC_NEXT;
}

enum exec_result exec_clrex(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)in;
    cpu_excl_clear(cpu);
    return EXEC_NEXT;
}

enum exec_result exec_barrier(struct cpu_state *cpu, const struct a64_insn *in)
{
    /* One host thread runs every vCPU in order: memory is already sequentially consistent. */
    (void)cpu, (void)in;
    return EXEC_NEXT;
}

enum exec_result exec_isb(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)cpu, (void)in;
    return EXEC_END_BLOCK; /* context synchronization: re-check state before the next block */
}

/* ---- PSTATE ---- */

enum exec_result exec_msr_imm(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned op1 = in->opc, op2 = in->e, crm = in->imm;
    if (op1 == 0 && op2 == 5) { /* SPSel */
        if (cpu->el == 0)
            return cpu_undef(cpu, in, "MSR SPSel at EL0");
        cpu_set_el_spsel(cpu, cpu->el, crm & 1);
        return EXEC_END_BLOCK;
    }
    if (op1 == 3 && (op2 == 6 || op2 == 7)) { /* DAIFSet / DAIFClr */
        if (cpu->el == 0 && !sctlr_el0_ctrl(cpu, SCTLR_UMA)) {
            exc_take(cpu, EXC_SYNC, syn_sysreg_trap(0, 3, 4, crm, op2, 31, 0), 0, 0, cpu->pc);
            return EXEC_EXCEPTION;
        }
        if (op2 == 6)
            cpu->daif |= (crm & 15) << 6;
        else
            cpu->daif &= ~((crm & 15) << 6);
        exc_update_irq(cpu); /* unmasking may make a pending interrupt deliverable */
        return EXEC_END_BLOCK;
    }
    if (op1 == 0 && op2 == 4 && cpu_has_feature(cpu, FEAT_PAN)) { /* PAN */
        if (cpu->el == 0)
            return cpu_undef(cpu, in, "MSR PAN at EL0");
        cpu_set_pan(cpu, crm & 1);
        return EXEC_END_BLOCK;
    }
    if (op1 == 0 && op2 == 4)
        return cpu_undef(cpu, in, "MSR PAN without FEAT_PAN");
    return cpu_unimplemented(cpu, in, "MSR (immediate) to an unimplemented PSTATE field");
}

/* ---- system registers ---- */

/* An encoding without a row: UNDEFINED, with a paste-ready log line. `via`: how the access got
 * there (a FEAT_VHE redirection), or "". */
static void sysreg_unimplemented(struct cpu_state *cpu, uint16_t enc, bool write, const char *via)
{
    unsigned op0 = enc >> 14, op1 = (enc >> 11) & 7, crn = (enc >> 7) & 15, crm = (enc >> 3) & 15, op2 = enc & 7;
    char name[32];
    log_msg(LOG_UNIMP, "vCPU %u: unimplemented %s %s%s at pc=0x%" PRIx64 " EL%u: UNDEFINED; "
            "add a row { \"%s\", SYSREG_ENC(%u, %u, %u, %u, %u), ... } to src/cpu/sysreg_*.c",
            cpu->index, op0 == 1 ? (write ? "SYS" : "SYSL") : (write ? "MSR" : "MRS"),
            sysreg_name(enc, name, sizeof name), via, cpu->pc, cpu->el, name, op0, op1, crn, crm, op2);
    exc_undefined(cpu);
}

/* Check access; on refusal the exception is taken and false returned. */
static bool sysreg_access(struct cpu_state *cpu, const struct a64_insn *in, uint16_t enc,
                          const struct sysreg_desc *d, bool write)
{
    unsigned op0 = enc >> 14, op1 = (enc >> 11) & 7, crn = (enc >> 7) & 15, crm = (enc >> 3) & 15, op2 = enc & 7;
    if (!d) {
        sysreg_unimplemented(cpu, enc, write, "");
        return false;
    }
    unsigned min_el = write ? d->write_el : d->read_el;
    bool refused = cpu->el < min_el || min_el == SR_NO_ACCESS ||
                   ((d->flags & SRF_NEED_EL2) && !cpu->has_el2) ||
                   (write && (d->flags & (SRF_RO | SRF_CONST))) || (!write && (d->flags & SRF_WO));
    if (refused) {
        cpu_undef(cpu, in, write ? "write to an inaccessible system register" : "read of an inaccessible system register");
        return false;
    }
    if (d->access) {
        const char *why = "";
        enum sysreg_result r = d->access(cpu, d, write, &why);
        if (r == SR_UNDEF) {
            cpu_undef(cpu, in, "system register access not permitted");
            return false;
        }
        if (r == SR_TAKEN)
            return false;
        if (r == SR_TRAP_EL1 || r == SR_TRAP_EL2) {
            /* An EL0 trap to EL1 goes to EL2 under HCR_EL2.TGE (exc_route_sync). */
            unsigned target = exc_route_sync(cpu, r == SR_TRAP_EL1 ? (cpu->el > 1 ? cpu->el : 1) : 2);
            cpu->trap_cause = why[0] ? why : NULL; /* the narrator's "because" (exc_take_el) */
            exc_take_el(cpu, target, EXC_SYNC, syn_sysreg_trap(op0, op1, crn, crm, op2, in->rt, !write), 0, 0,
                        cpu->pc);
            return false;
        }
    }
    return true;
}

/*
 * The register an MRS/MSR of `enc` reaches, after the access checks; NULL after taking an
 * exception. With FEAT_VHE and HCR_EL2.E2H = 1 the name used may reach another register
 * (sysreg_vhe.c): the checks are those of the name used (its EL minimums and trap hooks, which
 * apply below EL2 only), the storage and side effects the reached register's.
 */
static const struct sysreg_desc *sysreg_begin(struct cpu_state *cpu, const struct a64_insn *in, uint16_t enc, bool write)
{
    const struct sysreg_desc *named = sysreg_lookup(enc);
    bool undef_alias;
    uint16_t reached = sysreg_vhe_resolve(cpu, enc, &undef_alias);
    if (undef_alias) {
        cpu_undef(cpu, in, "an _EL12/_EL02 register name outside EL2 with HCR_EL2.E2H=1");
        return NULL;
    }
    const struct sysreg_desc *target = reached == enc ? named : sysreg_lookup(reached);
    if (!sysreg_access(cpu, in, enc, named ? named : target, write))
        return NULL;
    if (!target) {
        sysreg_unimplemented(cpu, reached, write, " (reached through HCR_EL2.E2H=1)");
        return NULL;
    }
    return target;
}

static uint64_t sysreg_value(struct cpu_state *cpu, const struct sysreg_desc *d)
{
    if (d->read)
        return d->read(cpu, d);
    if (d->flags & SRF_CONST)
        return d->reset;
    uint64_t v;
    memcpy(&v, (const char *)cpu + d->offset, sizeof v);
    return v;
}

static bool sysreg_store(struct cpu_state *cpu, const struct sysreg_desc *d, uint64_t v)
{
    if (d->write)
        return d->write(cpu, d, v);
    memcpy((char *)cpu + d->offset, &v, sizeof v);
    return true;
}

enum exec_result exec_mrs(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint16_t enc = (uint16_t)(0x8000u | in->imm);
    const struct sysreg_desc *named = sysreg_lookup(enc);
    /* A counter read needs cpu->icount exact, which it is only at a block start (the run loop
     * keeps the count in a register): end the block here without retiring, and run the read
     * as the first instruction of the next one. */
    if (named && (named->flags & SRF_SYNC) && cpu->block_pc != cpu->pc)
        return EXEC_EXCEPTION;
    const struct sysreg_desc *d = sysreg_begin(cpu, in, enc, false);
    if (!d)
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rt, sysreg_value(cpu, d));
    return (d->flags & SRF_SYNC) ? EXEC_END_BLOCK : EXEC_NEXT;
}

enum exec_result exec_msr_reg(struct cpu_state *cpu, const struct a64_insn *in)
{
    const struct sysreg_desc *d = sysreg_begin(cpu, in, (uint16_t)(0x8000u | in->imm), true);
    if (!d)
        return EXEC_EXCEPTION;
    if (!sysreg_store(cpu, d, cpu_xr(cpu, in->rt)))
        return EXEC_EXCEPTION;
    /* A write may change PSTATE, translation or interrupt masking: end the block. */
    return EXEC_END_BLOCK;
}

enum exec_result exec_sys(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint16_t enc = (uint16_t)(0x4000u | in->imm);
    const struct sysreg_desc *d = sysreg_lookup(enc);
    if (!sysreg_access(cpu, in, enc, d, true))
        return EXEC_EXCEPTION;
    if (!sysreg_store(cpu, d, cpu_xr(cpu, in->rt)))
        return EXEC_EXCEPTION;
    return EXEC_END_BLOCK;
}

enum exec_result exec_sysl(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint16_t enc = (uint16_t)(0x4000u | in->imm);
    const struct sysreg_desc *d = sysreg_lookup(enc);
    if (!sysreg_access(cpu, in, enc, d, false))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rt, sysreg_value(cpu, d));
    return EXEC_NEXT;
}
