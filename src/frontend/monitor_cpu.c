/* The monitor's vCPU views (monitor_internal.h): regs, sysreg, info cpus, an exception explained. */
#include <inttypes.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/esr_decode.h"
#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "frontend/monitor_internal.h"

static const char *const run_states[] = {
    [CPU_RUNNABLE] = "runnable", [CPU_WAITING_WFI] = "waiting in WFI", [CPU_WAITING_WFE] = "waiting in WFE",
    [CPU_POWERED_OFF] = "powered off",
};

static const char *cpu_state_words(const struct cpu_state *c)
{
    if (c->stop != CPU_RUNNING && c->stop != CPU_STOP_DEBUG)
        return "stopped";
    if (c->halted)
        return "waiting in WFI";
    return run_states[c->run_state];
}

void mon_cmd_regs(struct mon_ctx *c)
{
    struct cpu_state *cpu = c->cpu;
    for (unsigned i = 0; i < 31; i++)
        mon_put(c->o, "x%-2u %016" PRIx64 "%s", i, cpu->x[i], i % 4 == 3 || i == 30 ? "\n" : "  ");
    mon_put(c->o, "sp  %016" PRIx64 " (SP_EL%u)  pc  %016" PRIx64 "\n", cpu->x[31], cpu->spsel ? cpu->el : 0, cpu->pc);
    uint64_t ps = cpu_pstate(cpu);
    mon_put(c->o, "PSTATE 0x%08" PRIx64 ":\n", ps);
    mon_put(c->o, "  NZCV  N=%u Z=%u C=%u V=%u (condition flags)\n", (unsigned)(ps >> 31 & 1), (unsigned)(ps >> 30 & 1),
            (unsigned)(ps >> 29 & 1), (unsigned)(ps >> 28 & 1));
    mon_put(c->o, "  DAIF  D=%u A=%u I=%u F=%u (1 = masked: debug, SError, IRQ, FIQ)\n", (unsigned)(ps >> 9 & 1),
            (unsigned)(ps >> 8 & 1), (unsigned)(ps >> 7 & 1), (unsigned)(ps >> 6 & 1));
    mon_put(c->o, "  EL    %u, SP=%u (%s: the stack pointer is SP_EL%u)\n", cpu->el, cpu->spsel,
            cpu->spsel ? "h" : "t", cpu->spsel ? cpu->el : 0);
    mon_put(c->o, "  SS=%u (software step)  IL=%u (illegal execution state)  PAN=%u (privileged access never)\n",
            cpu->ss, cpu->il, cpu->pan);
    mon_put(c->o, "vCPU %u: %s, %" PRIu64 " instructions retired\n", cpu->index, cpu_state_words(cpu), cpu->icount);
}

void mon_cmd_info_cpus(struct mon_ctx *c)
{
    for (unsigned i = 0; i < mon_cpu_count(c->cpu); i++) {
        struct cpu_state *v = mon_cpu(c->cpu, i);
        mon_put(c->o, "%c vCPU %u: pc=0x%016" PRIx64 " EL%u%s  %s, %" PRIu64 " instructions\n", v == c->cpu ? '*' : ' ',
                v->index, v->pc, v->el, v->spsel ? "h" : "t", cpu_state_words(v), v->icount);
    }
}

void mon_explain_last_exception(struct mon_out *o, struct cpu_state *cpu)
{
    const struct cpu_exc_record *r = &cpu->last_exc;
    if (!r->seq) {
        mon_put(o, "vCPU %u has taken no exception yet\n", cpu->index);
        return;
    }
    char line[600];
    exc_record_describe(r, cpu->index, line, sizeof line);
    mon_put(o, "exception: %s\n", line);
    static const char *const groups[] = { "current EL with SP_EL0", "current EL with SP_ELx", "lower EL, AArch64" };
    static const char *const types[] = { "Synchronous", "IRQ", "FIQ", "SError" };
    unsigned group = r->from < r->to ? 2 : (unsigned)((r->vector >> 9) & 1);
    mon_put(o, "  saved: SPSR_EL%u = PSTATE before (EL%u), ELR_EL%u = 0x%" PRIx64 "%s; now EL%u with DAIF masked, "
               "pc = VBAR_EL%u + 0x%03x (%s, %s)\n",
            r->to, r->from, r->to, r->elr, r->type == EXC_SYNC || r->type == EXC_SERROR ? ", ESR written" : "", r->to,
            r->to, (unsigned)(r->vector & 0x7ff), groups[group], types[r->type & 3]);
}

/* ---- sysreg NAME ---- */

/* The row named `name` (case-insensitive), or NULL. Every encoding: a monitor command, not a
 * hot path. */
static const struct sysreg_desc *find_row(const char *name)
{
    for (unsigned enc = 0; enc < 1u << 16; enc++) {
        const struct sysreg_desc *d = sysreg_lookup((uint16_t)enc);
        if (d && d->enc == enc && !strcasecmp(d->name, name))
            return d;
    }
    return NULL;
}

/* Reads whose hook changes state (acknowledging an interrupt) are refused: inspection must not
 * change the machine. */
static bool read_has_side_effects(const struct sysreg_desc *d)
{
    return strstr(d->name, "_IAR") != NULL;
}

void mon_cmd_sysreg(struct mon_ctx *c)
{
    if (c->argc != 2) {
        mon_put(c->o, "sysreg: give a register name (sysreg SCTLR_EL1, sysreg ESR_EL2)\n");
        return;
    }
    const struct sysreg_desc *d = find_row(c->argv[1]);
    if (!d) {
        mon_put(c->o, "sysreg: no system register named '%s' (names as in the Arm ARM: SCTLR_EL1, HCR_EL2 ...)\n",
                c->argv[1]);
        return;
    }
    if (d->flags & SRF_WO) {
        mon_put(c->o, "%s is write-only: there is nothing to read\n", d->name);
        return;
    }
    if (read_has_side_effects(d)) {
        mon_put(c->o, "%s: reading it acknowledges an interrupt; the monitor does not (see info gic)\n", d->name);
        return;
    }
    if (d->flags & SRF_NEED_EL2 && !c->cpu->has_el2) {
        mon_put(c->o, "%s: EL2 is not implemented on this machine (-M virt,virtualization=on)\n", d->name);
        return;
    }
    bool gic_reg = !strncmp(d->name, "ICC_", 4) || !strncmp(d->name, "ICH_", 4) || !strncmp(d->name, "ICV_", 4);
    if ((gic_reg && !c->cpu->gic) || (!strncmp(d->name, "CNT", 3) && !c->cpu->timer)) {
        mon_put(c->o, "%s: this machine has no %s\n", d->name, gic_reg ? "GIC" : "generic timer");
        return;
    }
    uint64_t v;
    if (d->read)
        v = d->read(c->cpu, d);
    else if ((d->flags & SRF_CONST) || d->offset == SR_NO_STORAGE)
        v = d->reset;
    else
        memcpy(&v, (const char *)c->cpu + d->offset, sizeof v);
    mon_put(c->o, "%s = 0x%016" PRIx64 "\n", d->name, v);
    mon_sysreg_fields(c->o, c->cpu, d->name, v);
}
