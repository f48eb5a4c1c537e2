/*
 * The three calls the vCPU makes into an attached trace writer (trace_writer.c). Each call site
 * is guarded by `if (cpu->trace)`, so tracing off costs one predictable branch, and only on paths
 * that tracing forces anyway: the one-instruction run path (cpu_run.c, entered because an attached
 * writer sets dbg.attn), the memory slow path (the soft TLB is not filled while tracing) and
 * exception entry.
 */
#ifndef A64EMU_TRACE_TRACE_HOOK_H
#define A64EMU_TRACE_TRACE_HOOK_H

#include <stdbool.h>
#include <stdint.h>

struct cpu_state;

/* The instruction at cpu->pc with encoding raw is about to execute. */
void trace_hook_insn(struct cpu_state *cpu, uint32_t raw);
/* A data access completed (value: loaded or stored, zero-extended). */
void trace_hook_mem(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t value, bool write);
/* An exception is being taken, from cpu->el to `to` (called before any state changes). */
void trace_hook_exc(struct cpu_state *cpu, unsigned type, uint32_t esr, uint64_t far, bool far_valid,
                    uint64_t return_pc, unsigned to);

#endif
