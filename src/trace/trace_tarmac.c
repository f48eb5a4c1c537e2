/*
 * `a64emu trace tarmac`: Arm Tarmac text, in the Fast Models ("IT") flavour that Arm's Tarmac
 * Trace Utilities parse (their lib/parser.cpp and doc/index.rst):
 *   <t> clk cpu<n> IT (<t>) <pc> <encoding> O EL<e>h_n : <disassembly>   executed
 *   <t> clk cpu<n> IS (<t>) <pc> <encoding> O EL<e>h_n : <disassembly>   condition failed
 *   <t> clk cpu<n> R <register> <hex value>                                register write
 *   <t> clk cpu<n> MR<size> <address> <hex value> / MW<size> ...           memory read / write
 *   <t> clk cpu<n> E <return pc> <ESR> CoreEvent_<kind>                    exception
 * The timestamp is the instruction number (exceptions: the one they interrupt). EL<e>h: the trace does not know SPSel for a mode
 * letter of its own, so PSTATE.SP from the rebuilt state picks h or t; "_n": Non-secure (no EL3).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace_format.h"
#include "trace/trace_reader.h"
#include "trace/trace_text.h"
#include "trace/trace_tools.h"

static void reg_line(FILE *out, uint64_t t, unsigned cpu, const struct trace_event *ev, unsigned i, const uint64_t *vhi)
{
    unsigned slot = ev->regs[i].slot;
    uint64_t v = ev->regs[i].val;
    if (slot >= TRACE_SLOT_V0 && slot < TRACE_SLOT_V0 + 64) {
        /* V registers are one 128-bit line: the half not written this event comes from the state. */
        unsigned n = (slot - TRACE_SLOT_V0) / 2;
        bool hi = (slot - TRACE_SLOT_V0) & 1;
        if (!hi && i + 1 < ev->nregs && ev->regs[i + 1].slot == slot + 1)
            return; /* printed with the high half */
        uint64_t lo64 = hi ? vhi[2 * n] : v, hi64 = hi ? v : vhi[2 * n + 1];
        fprintf(out, "%" PRIu64 " clk cpu%u R V%u %016" PRIx64 "_%016" PRIx64 "\n", t, cpu, n, hi64, lo64);
        return;
    }
    const char *name = trace_slot_name(slot);
    if (slot == TRACE_SLOT_NZCV || slot == TRACE_SLOT_PSTATE || slot == TRACE_SLOT_FPCR || slot == TRACE_SLOT_FPSR)
        fprintf(out, "%" PRIu64 " clk cpu%u R %s %08" PRIx64 "\n", t, cpu, name, v & 0xffffffffu);
    else
        fprintf(out, "%" PRIu64 " clk cpu%u R %s %016" PRIx64 "\n", t, cpu, name, v);
}

int trace_tool_tarmac(const char *path, FILE *out)
{
    char err[1100];
    struct trace_reader *r = trace_reader_open(path, err, sizeof err);
    if (!r) {
        fprintf(stderr, "a64emu trace tarmac: %s\n", err);
        return 2;
    }
    struct trace_event *ev = malloc(sizeof *ev);
    /* V register halves per vCPU, for the 128-bit R lines. */
    uint64_t (*vregs)[64] = calloc(TRACE_MAX_CPUS, sizeof *vregs);
    bool (*spsel) = calloc(TRACE_MAX_CPUS, sizeof *spsel);
    int rc, status = 0;
    while ((rc = trace_reader_next(r, ev)) > 0) {
        /* An instruction's number; other events share the number of the instruction before them,
         * so timestamps never decrease. */
        uint64_t t = ev->kind == TEV_INSN || ev->insn == 0 ? ev->insn : ev->insn - 1;
        unsigned cpu = ev->cpu;
        if (ev->kind == TEV_INSN) {
            char dis[96];
            trace_disas(ev->opcode, ev->pc, dis, sizeof dis);
            fprintf(out, "%" PRIu64 " clk cpu%u %s (%" PRIu64 ") %016" PRIx64 " %08" PRIx32 " O EL%u%c_n : %s\n", t, cpu,
                    trace_insn_cond_failed(ev) ? "IS" : "IT", t, ev->pc, ev->opcode, ev->el, spsel[cpu] ? 'h' : 't',
                    dis);
        } else if (ev->kind == TEV_EXC) {
            char kind[48];
            if (ev->exc_type == 0 || ev->exc_type == 3) {
                snprintf(kind, sizeof kind, "%s", ev->exc_type ? "SERROR" : trace_ec_name(ev->esr >> 26));
                for (char *p = kind; *p; p++)
                    if (!isalnum((unsigned char)*p))
                        *p = '_';
            } else
                snprintf(kind, sizeof kind, "%s", ev->exc_type == 1 ? "IRQ" : "FIQ");
            fprintf(out, "%" PRIu64 " clk cpu%u E %016" PRIx64 " %08" PRIx32 " CoreEvent_%s\n", t, cpu, ev->ret_pc,
                    ev->esr, kind);
        }
        for (unsigned i = 0; i < ev->nmem; i++) {
            const struct trace_mem *m = &ev->mem[i];
            fprintf(out, "%" PRIu64 " clk cpu%u M%c%u %016" PRIx64 " %0*" PRIx64 "\n", t, cpu, m->write ? 'W' : 'R',
                    m->size, m->addr, 2 * m->size, m->value);
        }
        for (unsigned i = 0; i < ev->nregs; i++) {
            unsigned s = ev->regs[i].slot;
            if (s >= TRACE_SLOT_V0 && s < TRACE_SLOT_V0 + 64)
                vregs[cpu][s - TRACE_SLOT_V0] = ev->regs[i].val;
            if (s == TRACE_SLOT_PSTATE)
                spsel[cpu] = ev->regs[i].val & 1;
        }
        for (unsigned i = 0; i < ev->nregs; i++)
            reg_line(out, t, cpu, ev, i, vregs[cpu]);
    }
    if (rc < 0) {
        fprintf(stderr, "a64emu trace tarmac: %s\n", trace_reader_error(r));
        status = 2;
    }
    free(vregs), free(spsel), free(ev);
    trace_reader_close(r);
    return status;
}
