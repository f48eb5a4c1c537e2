/*
 * gdb's `monitor CMD` (qRcmd): a few inspection commands answered in text. Nothing here touches
 * host files or processes. Settings a command changes live in struct gdb_monitor_state.
 */
#ifndef A64EMU_FRONTEND_GDB_MONITOR_H
#define A64EMU_FRONTEND_GDB_MONITOR_H

#include <stdbool.h>
#include <stddef.h>

struct cpu_state;

struct gdb_monitor_state {
    bool phys;     /* m/M/X address physical memory instead of virtual */
    bool step_irq; /* single-step may enter a pending interrupt's handler */
};

/* Run cmd against vCPU cpu; its output (NUL-terminated, truncated to size) into out. */
void gdb_monitor(struct gdb_monitor_state *st, struct cpu_state *cpu, const char *cmd, char *out, size_t size);

#endif
