/*
 * Reading an execution trace (docs/trace-format.md) as a stream of complete events: an
 * instruction, an exception, a filter gap or an outside state change, each with the register
 * writes and memory accesses that belong to it. The reader rebuilds every traced vCPU's state
 * as it goes and checks the file's digests against it. Any damage (bad magic, checksum, a
 * truncated chunk, an impossible record) is an error naming the byte offset; the reader never
 * reads out of bounds and never loops on bad input.
 */
#ifndef A64EMU_TRACE_TRACE_READER_H
#define A64EMU_TRACE_TRACE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_EV_MAX_REGS 192
#define TRACE_EV_MAX_MEM 256

struct trace_header {
    uint32_t format_version;
    char version[64];        /* a64emu's */
    char cmdline[2048];      /* arguments joined with spaces (display only) */
    unsigned ncpus;
    uint64_t digest_every;
};

enum trace_ev_kind { TEV_INSN, TEV_EXC, TEV_GAP, TEV_SYNC };

struct trace_reg { uint16_t slot; uint64_t old, val; };
struct trace_mem { bool write; uint8_t size; uint64_t addr, value; };

struct trace_event {
    enum trace_ev_kind kind;
    unsigned cpu;
    uint64_t insn;           /* TEV_INSN: its number in the trace (0-based); others: INSNs before it */
    uint64_t file_offset;    /* of the chunk holding the event's first record */
    /* Context of the vCPU at the event. */
    uint8_t el, regime;
    uint16_t vmid, asid;
    uint64_t nzcv_before;    /* NZCV before the event (for condition-failed instructions) */
    /* TEV_INSN */
    uint64_t pc;
    uint32_t opcode;
    /* TEV_EXC */
    uint8_t exc_type, from_el, to_el;
    bool far_valid;
    uint32_t esr;
    uint64_t ret_pc, far;
    /* TEV_GAP */
    uint64_t skipped;
    unsigned nregs, nmem;
    struct trace_reg regs[TRACE_EV_MAX_REGS];
    struct trace_mem mem[TRACE_EV_MAX_MEM];
};

struct trace_reader;

/* Open and check the header. NULL with a message in err. */
struct trace_reader *trace_reader_open(const char *path, char *err, size_t errlen);
void trace_reader_close(struct trace_reader *r);
const struct trace_header *trace_reader_header(const struct trace_reader *r);
/* The next event: 1, or 0 after the end record, or -1 on damage (trace_reader_error). */
int trace_reader_next(struct trace_reader *r, struct trace_event *ev);
const char *trace_reader_error(const struct trace_reader *r);
uint64_t trace_reader_file_size(const struct trace_reader *r);
/* File bytes consumed so far: up to the end of the last chunk read. */
uint64_t trace_reader_bytes_read(const struct trace_reader *r);
uint64_t trace_reader_digests_checked(const struct trace_reader *r);

#endif
