/*
 * `a64emu trace compare A B`: walk two traces event by event and report the first event that
 * differs (its kind, vCPU, PC, encoding, exception, register writes or memory accesses), with
 * the last N events before it as context.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace_format.h"
#include "trace/trace_reader.h"
#include "trace/trace_text.h"
#include "trace/trace_tools.h"

#define LINE 4096

static bool same_head(const struct trace_event *a, const struct trace_event *b)
{
    if (a->kind != b->kind || a->cpu != b->cpu || a->el != b->el || a->regime != b->regime ||
        a->vmid != b->vmid || a->asid != b->asid)
        return false;
    switch (a->kind) {
    case TEV_INSN: return a->pc == b->pc && a->opcode == b->opcode;
    case TEV_EXC:
        return a->exc_type == b->exc_type && a->from_el == b->from_el && a->to_el == b->to_el &&
               a->esr == b->esr && a->ret_pc == b->ret_pc && a->far_valid == b->far_valid && a->far == b->far;
    case TEV_GAP: return a->skipped == b->skipped;
    case TEV_SYNC: return true;
    }
    return false;
}

static bool same_effects(const struct trace_event *a, const struct trace_event *b)
{
    if (a->nregs != b->nregs || a->nmem != b->nmem)
        return false;
    for (unsigned i = 0; i < a->nregs; i++)
        if (a->regs[i].slot != b->regs[i].slot || a->regs[i].val != b->regs[i].val)
            return false;
    for (unsigned i = 0; i < a->nmem; i++)
        if (a->mem[i].write != b->mem[i].write || a->mem[i].size != b->mem[i].size ||
            a->mem[i].addr != b->mem[i].addr || a->mem[i].value != b->mem[i].value)
            return false;
    return true;
}

/* The register value an event leaves (its write, else the value before: unchanged). */
static bool reg_written(const struct trace_event *e, unsigned slot, uint64_t *v)
{
    for (unsigned i = 0; i < e->nregs; i++)
        if (e->regs[i].slot == slot) {
            *v = e->regs[i].val;
            return true;
        }
    return false;
}

static void explain(const struct trace_event *a, const struct trace_event *b, FILE *out)
{
    if (a->kind != b->kind || a->cpu != b->cpu) {
        fprintf(out, "  the event itself differs (kind or vCPU)\n");
        return;
    }
    if (a->kind == TEV_INSN && a->pc != b->pc)
        fprintf(out, "  PC:   A=0x%016" PRIx64 "  B=0x%016" PRIx64 "\n", a->pc, b->pc);
    if (a->kind == TEV_INSN && a->opcode != b->opcode)
        fprintf(out, "  encoding: A=%08" PRIx32 "  B=%08" PRIx32 "\n", a->opcode, b->opcode);
    if (a->el != b->el || a->regime != b->regime || a->vmid != b->vmid || a->asid != b->asid)
        fprintf(out, "  context: A=EL%u regime %u VMID %u ASID %u  B=EL%u regime %u VMID %u ASID %u\n", a->el,
                a->regime, a->vmid, a->asid, b->el, b->regime, b->vmid, b->asid);
    if (a->kind == TEV_EXC && !same_head(a, b))
        fprintf(out, "  exception: A=ESR 0x%08" PRIx32 " EL%u->EL%u  B=ESR 0x%08" PRIx32 " EL%u->EL%u\n", a->esr,
                a->from_el, a->to_el, b->esr, b->from_el, b->to_el);
    /* Registers: every slot either side wrote, where the results differ. */
    unsigned slots[2 * TRACE_EV_MAX_REGS], ns = 0;
    for (unsigned i = 0; i < a->nregs; i++)
        slots[ns++] = a->regs[i].slot;
    for (unsigned i = 0; i < b->nregs; i++) {
        bool dup = false;
        for (unsigned j = 0; j < a->nregs; j++)
            dup |= a->regs[j].slot == b->regs[i].slot;
        if (!dup)
            slots[ns++] = b->regs[i].slot;
    }
    for (unsigned i = 0; i < ns; i++) {
        uint64_t va = 0, vb = 0;
        bool wa = reg_written(a, slots[i], &va), wb = reg_written(b, slots[i], &vb);
        if (wa && wb && va == vb)
            continue;
        char sa[40], sb[40];
        snprintf(sa, sizeof sa, wa ? "0x%016" PRIx64 : "(unchanged)", va);
        snprintf(sb, sizeof sb, wb ? "0x%016" PRIx64 : "(unchanged)", vb);
        fprintf(out, "  %-6s A=%s  B=%s  <== differs\n", trace_slot_name(slots[i]), sa, sb);
    }
    unsigned nm = a->nmem > b->nmem ? a->nmem : b->nmem;
    for (unsigned i = 0; i < nm; i++) {
        const struct trace_mem *ma = i < a->nmem ? &a->mem[i] : NULL, *mb = i < b->nmem ? &b->mem[i] : NULL;
        if (ma && mb && ma->write == mb->write && ma->size == mb->size && ma->addr == mb->addr &&
            ma->value == mb->value)
            continue;
        char sa[80] = "(none)", sb[80] = "(none)";
        if (ma)
            snprintf(sa, sizeof sa, "%s%u[0x%" PRIx64 "]=0x%" PRIx64, ma->write ? "W" : "R", ma->size, ma->addr, ma->value);
        if (mb)
            snprintf(sb, sizeof sb, "%s%u[0x%" PRIx64 "]=0x%" PRIx64, mb->write ? "W" : "R", mb->size, mb->addr, mb->value);
        fprintf(out, "  memory access %u: A=%s  B=%s  <== differs\n", i, sa, sb);
    }
}

/* A command line without the program name and the --trace FILE that necessarily differ. */
static void normalize_cmdline(const char *in, char *out, size_t size)
{
    size_t n = 0;
    const char *p = strchr(in, ' ');
    bool skip_next = false;
    while (p && *p) {
        while (*p == ' ')
            p++;
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        bool is_trace = (len == 7 && strncmp(p, "--trace", 7) == 0) || (len == 6 && strncmp(p, "-trace", 6) == 0);
        if (!skip_next && !is_trace && len && n + len + 2 < size) {
            memcpy(out + n, p, len);
            n += len;
            out[n++] = ' ';
        }
        skip_next = is_trace;
        p = e;
    }
    out[n] = 0;
}

int trace_tool_compare(const char *pa, const char *pb, unsigned context, FILE *out)
{
    char err[1100];
    struct trace_reader *a = trace_reader_open(pa, err, sizeof err), *b = NULL;
    if (!a || !(b = trace_reader_open(pb, err, sizeof err))) {
        fprintf(stderr, "a64emu trace compare: %s\n", err);
        trace_reader_close(a);
        return 2;
    }
    char ca[2048], cb[2048];
    normalize_cmdline(trace_reader_header(a)->cmdline, ca, sizeof ca);
    normalize_cmdline(trace_reader_header(b)->cmdline, cb, sizeof cb);
    if (strcmp(ca, cb) != 0)
        fprintf(out, "note: the traces were recorded with different command lines:\n  A: %s\n  B: %s\n",
                trace_reader_header(a)->cmdline, trace_reader_header(b)->cmdline);
    struct trace_event *ea = malloc(sizeof *ea), *eb = malloc(sizeof *eb);
    char (*ring)[LINE] = context ? malloc((size_t)context * LINE) : NULL;
    uint64_t nev = 0;
    int status = 0;
    for (;;) {
        int ra = trace_reader_next(a, ea), rb = trace_reader_next(b, eb);
        if (ra < 0 || rb < 0) {
            fprintf(stderr, "a64emu trace compare: %s\n", trace_reader_error(ra < 0 ? a : b));
            status = 2;
            break;
        }
        if (ra == 0 && rb == 0) {
            fprintf(out, "traces identical: %" PRIu64 " events, %" PRIu64 " instructions\n", nev,
                    ea->kind == TEV_INSN ? ea->insn + 1 : ea->insn);
            break;
        }
        bool differ = ra == 0 || rb == 0 || !same_head(ea, eb) || !same_effects(ea, eb);
        if (differ) {
            uint64_t at = ra ? ea->insn : eb->insn;
            fprintf(out, "traces differ at event #%" PRIu64 " (instruction #%" PRIu64 ")\n", nev, at);
            uint64_t shown = nev < context ? nev : context;
            if (shown)
                fprintf(out, "last %" PRIu64 " identical events:\n", shown);
            for (uint64_t i = nev - shown; i < nev; i++)
                fprintf(out, "    %s\n", ring[i % context]);
            char line[LINE];
            if (ra) {
                trace_event_line(ea, line, sizeof line);
                fprintf(out, "A:  %s\n", line);
            } else
                fprintf(out, "A:  (trace ends)\n");
            if (rb) {
                trace_event_line(eb, line, sizeof line);
                fprintf(out, "B:  %s\n", line);
            } else
                fprintf(out, "B:  (trace ends)\n");
            if (ra && rb)
                explain(ea, eb, out);
            status = 1;
            break;
        }
        if (context)
            trace_event_line(ea, ring[nev % context], LINE);
        nev++;
    }
    free(ring), free(ea), free(eb);
    trace_reader_close(a);
    trace_reader_close(b);
    return status;
}
