/*
 * Exception generation, hints, barriers, PSTATE moves, system register moves and System
 * instructions. System register accesses go through the descriptor tables (sysreg.h).
 */
#include <inttypes.h>

#include "cpu/cpu_internal.h"
#include "cpu/sysreg.h"

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

enum exec_result exec_hvc(struct cpu_state *cpu, const struct a64_insn *in)
{
    /* UNDEFINED at EL0 and when EL2 is not implemented (DDI 0487 C6.2.95). PSCI over HVC for
     * guests without firmware arrives with the exception-model issue. */
    if (cpu->el == 0 || !cpu->has_el2)
        return cpu_undef(cpu, in, "HVC without EL2");
    exc_take_el(cpu, 2, EXC_SYNC, syn_aa64_hvc(in->imm), 0, 0, cpu->pc + 4);
    return EXEC_CONTEXT_CHANGE;
}

enum exec_result exec_smc(struct cpu_state *cpu, const struct a64_insn *in)
{
    /* No EL3: SMC is UNDEFINED unless trapped to EL2 by HCR_EL2.TSC (exception-model issue). */
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

enum exec_result exec_wfe(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)in;
    /* WFE may complete at any time (DDI 0487 D1.16.2): with the event register set it clears it;
     * without one it completes spuriously, which keeps spin-wait loops going. */
    cpu->event_register = false;
    return EXEC_NEXT;
}

enum exec_result exec_wfi(struct cpu_state *cpu, const struct a64_insn *in)
{
    (void)in;
    /* No interrupt source exists until the GIC/timer issue: waiting would be forever. */
    cpu_stop_with(cpu, CPU_STOP_WFI, "WFI with no interrupt source on this machine yet");
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
        if (cpu->el == 0 && !(cpu->sr.sctlr_el1 & (1u << 9))) { /* SCTLR_EL1.UMA */
            exc_take(cpu, EXC_SYNC, syn_sysreg_trap(0, 3, 4, crm, op2, 31, 0), 0, 0, cpu->pc);
            return EXEC_EXCEPTION;
        }
        if (op2 == 6)
            cpu->daif |= (crm & 15) << 6;
        else
            cpu->daif &= ~((crm & 15) << 6);
        return EXEC_END_BLOCK;
    }
    return cpu_unimplemented(cpu, in, "MSR (immediate) to an unimplemented PSTATE field");
}

/* ---- system registers ---- */

/* Check access; on refusal the exception is taken and false returned. */
static bool sysreg_access(struct cpu_state *cpu, const struct a64_insn *in, uint16_t enc,
                          const struct sysreg_desc *d, bool write)
{
    unsigned op0 = enc >> 14, op1 = (enc >> 11) & 7, crn = (enc >> 7) & 15, crm = (enc >> 3) & 15, op2 = enc & 7;
    if (!d) {
        char name[32];
        log_msg(LOG_UNIMP, "vCPU %u: unimplemented %s %s at pc=0x%" PRIx64 " EL%u: UNDEFINED; "
                "add a row { \"%s\", SYSREG_ENC(%u, %u, %u, %u, %u), ... } to src/cpu/sysreg_*.c",
                cpu->index, op0 == 1 ? (write ? "SYS" : "SYSL") : (write ? "MSR" : "MRS"),
                sysreg_name(enc, name, sizeof name), cpu->pc, cpu->el, name, op0, op1, crn, crm, op2);
        exc_undefined(cpu);
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
        if (r == SR_TRAP_EL1 || r == SR_TRAP_EL2) {
            log_msg(LOG_EXC, "vCPU %u: %s %s trapped to EL%u because %s", cpu->index,
                    write ? "MSR" : "MRS", d->name, r == SR_TRAP_EL1 ? 1 : 2, why);
            exc_take_el(cpu, r == SR_TRAP_EL1 ? (cpu->el > 1 ? cpu->el : 1) : 2, EXC_SYNC,
                        syn_sysreg_trap(op0, op1, crn, crm, op2, in->rt, !write), 0, 0, cpu->pc);
            return false;
        }
    }
    return true;
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
    const struct sysreg_desc *d = sysreg_lookup(enc);
    if (!sysreg_access(cpu, in, enc, d, false))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rt, sysreg_value(cpu, d));
    return EXEC_NEXT;
}

enum exec_result exec_msr_reg(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint16_t enc = (uint16_t)(0x8000u | in->imm);
    const struct sysreg_desc *d = sysreg_lookup(enc);
    if (!sysreg_access(cpu, in, enc, d, true))
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
