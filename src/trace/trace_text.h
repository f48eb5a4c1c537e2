/* Text renderings of trace events, shared by `a64emu trace print`, `compare` and `tarmac`. */
#ifndef A64EMU_TRACE_TRACE_TEXT_H
#define A64EMU_TRACE_TRACE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/trace_reader.h"

/* Disassembly of one encoding (every feature enabled, so nothing shows as unknown). */
void trace_disas(uint32_t opcode, uint64_t pc, char *buf, size_t size);
/* One line, no newline: "#12 cpu0 EL1 0000000040000010: 91000421  add x1, x1, #0x1  | X1=0x2". */
void trace_event_line(const struct trace_event *ev, char *buf, size_t size);
/* The name of an exception class (ESR_ELx.EC). */
const char *trace_ec_name(unsigned ec);
/* B.cond whose condition failed (Tarmac IS). */
bool trace_insn_cond_failed(const struct trace_event *ev);

#endif
