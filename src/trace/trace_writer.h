/*
 * Writing an execution trace (--trace FILE; format in docs/trace-format.md). The frontend opens
 * a writer, attaches the vCPUs to trace, runs the machine, and closes the writer, which flushes
 * the last chunk and the end record. Records are buffered and zlib-compressed a chunk at a time;
 * the first write error stops every traced vCPU (CPU_STOP_HOST_ERROR) with the reason, and
 * trace_writer_close() reports it again.
 */
#ifndef A64EMU_TRACE_TRACE_WRITER_H
#define A64EMU_TRACE_TRACE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu_state;
struct trace_writer;

struct trace_filter {
    bool range;               /* --trace-range LO-HI: PCs in [lo, hi] only */
    uint64_t lo, hi;
    unsigned el_mask;         /* --trace-el LIST: bit n = ELn (0: all) */
    uint64_t cpu_mask;        /* --trace-cpu LIST: bit n = vCPU n (0: all) */
    bool window;              /* --trace-window START[+N]: the vCPU's instructions START.. */
    uint64_t win_start, win_count; /* win_count 0: to the end */
    uint64_t digest_every;    /* --trace-digest-every N (0: no digests) */
};

/* Parse the filter options' values into f; false with a message in err. */
bool trace_filter_parse_range(const char *s, struct trace_filter *f, char *err, size_t errlen);
bool trace_filter_parse_el(const char *s, struct trace_filter *f, char *err, size_t errlen);
bool trace_filter_parse_cpu(const char *s, struct trace_filter *f, char *err, size_t errlen);
bool trace_filter_parse_window(const char *s, struct trace_filter *f, char *err, size_t errlen);

/* Create `path` and write the header (command line from argv, ncpus vCPUs). NULL + err on failure. */
struct trace_writer *trace_writer_open(const char *path, const struct trace_filter *f, int argc,
                                       char *const *argv, unsigned ncpus, char *err, size_t errlen);
/* Trace this vCPU (if the vCPU filter selects it): sets cpu->trace, forces the per-instruction
 * path and the memory slow path. */
void trace_writer_attach(struct trace_writer *w, struct cpu_state *cpu);
/* Flush everything, write the end record, close the file, detach the vCPUs, free w. False with
 * a message in err if any write failed. */
bool trace_writer_close(struct trace_writer *w, char *err, size_t errlen);
/* Instructions recorded so far. */
uint64_t trace_writer_insns(const struct trace_writer *w);

#endif
