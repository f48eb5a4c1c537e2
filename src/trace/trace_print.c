/* `a64emu trace print`: one line per event (trace_text.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "trace/trace_reader.h"
#include "trace/trace_text.h"
#include "trace/trace_tools.h"

int trace_tool_print(const char *path, uint64_t from, uint64_t count, FILE *out)
{
    char err[1100];
    struct trace_reader *r = trace_reader_open(path, err, sizeof err);
    if (!r) {
        fprintf(stderr, "a64emu trace print: %s\n", err);
        return 2;
    }
    const struct trace_header *h = trace_reader_header(r);
    fprintf(out, "# a64emu %s trace, %u vCPU(s), command: %s\n", h->version, h->ncpus, h->cmdline);
    struct trace_event *ev = malloc(sizeof *ev);
    char line[8192];
    int rc, status = 0;
    while ((rc = trace_reader_next(r, ev)) > 0) {
        if (ev->insn < from)
            continue;
        if (count && ev->insn - from >= count)
            break;
        trace_event_line(ev, line, sizeof line);
        fprintf(out, "%s\n", line);
    }
    if (rc < 0) {
        fprintf(stderr, "a64emu trace print: %s\n", trace_reader_error(r));
        status = 2;
    }
    free(ev);
    trace_reader_close(r);
    return status;
}
