/* `a64emu trace stats`: instructions per vCPU and EL, exceptions per class, the hottest PCs and
 * the file's bytes per instruction. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace_format.h"
#include "trace/trace_reader.h"
#include "trace/trace_text.h"
#include "trace/trace_tools.h"

#define TOP 10

struct pc_count { uint64_t pc, n; };

/* Open-addressing PC -> count table, doubled when half full. */
struct pc_table { struct pc_count *e; size_t cap, used; };

static void pc_add(struct pc_table *t, uint64_t pc)
{
    if (2 * (t->used + 1) > t->cap) {
        struct pc_table nt = { calloc(t->cap ? 2 * t->cap : 4096, sizeof *nt.e), t->cap ? 2 * t->cap : 4096, 0 };
        for (size_t i = 0; i < t->cap; i++)
            if (t->e[i].n) {
                size_t j = (size_t)(t->e[i].pc * 0x9e3779b97f4a7c15ull >> 20) & (nt.cap - 1);
                while (nt.e[j].n)
                    j = (j + 1) & (nt.cap - 1);
                nt.e[j] = t->e[i];
                nt.used++;
            }
        free(t->e);
        *t = nt;
    }
    size_t j = (size_t)(pc * 0x9e3779b97f4a7c15ull >> 20) & (t->cap - 1);
    while (t->e[j].n && t->e[j].pc != pc)
        j = (j + 1) & (t->cap - 1);
    if (!t->e[j].n) {
        t->e[j].pc = pc;
        t->used++;
    }
    t->e[j].n++;
}

int trace_tool_stats(const char *path, FILE *out)
{
    char err[1100];
    struct trace_reader *r = trace_reader_open(path, err, sizeof err);
    if (!r) {
        fprintf(stderr, "a64emu trace stats: %s\n", err);
        return 2;
    }
    struct trace_event *ev = malloc(sizeof *ev);
    static uint64_t per_cpu_el[TRACE_MAX_CPUS][4], exc_ec[64], exc_async[4], mem_r, mem_w, gaps, skipped;
    memset(per_cpu_el, 0, sizeof per_cpu_el);
    memset(exc_ec, 0, sizeof exc_ec);
    memset(exc_async, 0, sizeof exc_async);
    mem_r = mem_w = gaps = skipped = 0;
    struct pc_table pcs = { NULL, 0, 0 };
    uint64_t ninsn = 0;
    int rc, status = 0;
    while ((rc = trace_reader_next(r, ev)) > 0) {
        if (ev->kind == TEV_INSN) {
            per_cpu_el[ev->cpu][ev->el & 3]++;
            pc_add(&pcs, ev->pc);
            ninsn++;
        } else if (ev->kind == TEV_EXC) {
            if (ev->exc_type == 0)
                exc_ec[ev->esr >> 26]++;
            else
                exc_async[ev->exc_type & 3]++;
        } else if (ev->kind == TEV_GAP) {
            gaps++;
            skipped += ev->skipped;
        }
        for (unsigned i = 0; i < ev->nmem; i++)
            *(ev->mem[i].write ? &mem_w : &mem_r) += 1;
    }
    if (rc < 0) {
        /* Still show what was read: a cut-short trace of a long run is worth its statistics. */
        fprintf(stderr, "a64emu trace stats: %s\n", trace_reader_error(r));
        fprintf(out, "(damaged trace: the figures below cover the records before the damage)\n");
        status = 2;
    }
    {
        const struct trace_header *h = trace_reader_header(r);
        uint64_t bytes = rc < 0 ? trace_reader_bytes_read(r) : trace_reader_file_size(r);
        fprintf(out, "trace: %s (a64emu %s, %u vCPU(s))\ncommand: %s\n", path, h->version, h->ncpus, h->cmdline);
        fprintf(out, "instructions: %" PRIu64 "\nfile: %" PRIu64 " bytes, %.3f bytes per instruction\n", ninsn, bytes,
                ninsn ? (double)bytes / (double)ninsn : 0.0);
        fprintf(out, "memory accesses: %" PRIu64 " reads, %" PRIu64 " writes\n", mem_r, mem_w);
        fprintf(out, "digests checked: %" PRIu64 "\n", trace_reader_digests_checked(r));
        if (gaps)
            fprintf(out, "filtered out: %" PRIu64 " instructions in %" PRIu64 " gaps\n", skipped, gaps);
        fprintf(out, "instructions per vCPU and EL:\n");
        for (unsigned c = 0; c < h->ncpus && c < TRACE_MAX_CPUS; c++)
            for (unsigned el = 0; el < 4; el++)
                if (per_cpu_el[c][el])
                    fprintf(out, "  cpu%u EL%u: %" PRIu64 "\n", c, el, per_cpu_el[c][el]);
        fprintf(out, "exceptions:\n");
        for (unsigned ec = 0; ec < 64; ec++)
            if (exc_ec[ec])
                fprintf(out, "  EC 0x%02x %-20s %" PRIu64 "\n", ec, trace_ec_name(ec), exc_ec[ec]);
        static const char *const async[4] = { "", "IRQ", "FIQ", "SError" };
        for (unsigned t = 1; t < 4; t++)
            if (exc_async[t])
                fprintf(out, "  %-28s %" PRIu64 "\n", async[t], exc_async[t]);
        fprintf(out, "top PCs:\n");
        for (unsigned k = 0; k < TOP; k++) {
            size_t best = SIZE_MAX;
            for (size_t i = 0; i < pcs.cap; i++)
                if (pcs.e[i].n && (best == SIZE_MAX || pcs.e[i].n > pcs.e[best].n))
                    best = i;
            if (best == SIZE_MAX)
                break;
            fprintf(out, "  %016" PRIx64 " %10" PRIu64 " (%.1f%%)\n", pcs.e[best].pc, pcs.e[best].n,
                    100.0 * (double)pcs.e[best].n / (double)(ninsn ? ninsn : 1));
            pcs.e[best].n = 0;
        }
    }
    free(pcs.e), free(ev);
    trace_reader_close(r);
    return status;
}
