/*
 * Shared by the monitor's files (monitor.h): the output sink, the command context, and the
 * command functions each file provides. monitor.c parses and dispatches through one table;
 * monitor_cpu.c has the register views, monitor_sysreg.c the field tables, monitor_mem.c the
 * memory and translation views, monitor_stats.c the counters.
 */
#ifndef A64EMU_FRONTEND_MONITOR_INTERNAL_H
#define A64EMU_FRONTEND_MONITOR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct cpu_state;
struct monitor;

/* Where a command writes: a FILE (the terminal) or a buffer (gdb's qRcmd reply). */
struct mon_out {
    FILE *f;
    char *buf;
    size_t size, n;
};
void mon_put(struct mon_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define MON_MAX_ARGS 8
struct mon_ctx {
    struct mon_out *o;
    struct cpu_state *cpu;   /* the selected vCPU */
    struct monitor *mon;     /* NULL from gdb: run control is not available */
    const char *suffix;      /* what followed '/' in the command name (x/4g: "4g"), or "" */
    int argc;
    char *argv[MON_MAX_ARGS]; /* argv[0] is the command name */
};

/* Parse a number (0x.. hex, else decimal); false (with a message) when it is not one. */
bool mon_number(struct mon_ctx *c, const char *s, uint64_t *v);

/* The vCPUs of the machine cpu belongs to (through the shared decoded-instruction cache). */
unsigned mon_cpu_count(const struct cpu_state *cpu);
struct cpu_state *mon_cpu(const struct cpu_state *cpu, unsigned i);

void mon_cmd_regs(struct mon_ctx *c);
void mon_cmd_sysreg(struct mon_ctx *c);
void mon_cmd_info_cpus(struct mon_ctx *c);
void mon_cmd_x(struct mon_ctx *c);
void mon_cmd_xp(struct mon_ctx *c);
void mon_cmd_disas(struct mon_ctx *c);
void mon_cmd_translate(struct mon_ctx *c);
void mon_cmd_info_tlb(struct mon_ctx *c);
void mon_cmd_info_mtree(struct mon_ctx *c);
void mon_cmd_stats(struct mon_ctx *c);
void mon_cmd_info_gic(struct mon_ctx *c);
void mon_cmd_info_timers(struct mon_ctx *c);
/* One disassembled line "0x...: 0x........  text" for pc, or a note when unreadable. */
void mon_disas_line(struct mon_out *o, struct cpu_state *cpu, uint64_t pc, bool mark);
/* The narrator's explanation of the vCPU's last exception. */
void mon_explain_last_exception(struct mon_out *o, struct cpu_state *cpu);
/* Field-by-field view of a value, when the register has a field table; false otherwise. */
bool mon_sysreg_fields(struct mon_out *o, struct cpu_state *cpu, const char *name, uint64_t v);

#endif
