/*
 * The a64emu monitor (docs/teaching.md): a command line that runs, stops and explains the
 * machine for a student. `-monitor stdio` gives it the terminal; the gdb stub's `monitor CMD`
 * (qRcmd) reaches its inspection commands through monitor_exec_safe().
 *
 * Embedding contract: monitor_create() binds a monitor to a created machine; monitor_run()
 * replaces machine_run(): it reads commands from `in` (a prompt and, when `in` is not a
 * terminal, an echo of each command, so a transcript reads like a session), writes to `out`, and
 * returns when the guest is done or the user quits (MACHINE_QUIT; monitor_quit_requested()).
 * The machine starts stopped before its first instruction: a session begins at reset.
 */
#ifndef A64EMU_FRONTEND_MONITOR_H
#define A64EMU_FRONTEND_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "machine/machine.h"

struct monitor;
struct cpu_state;

struct monitor *monitor_create(struct machine *m, uint64_t max_insns);
void monitor_destroy(struct monitor *mon);
enum machine_stop monitor_run(struct monitor *mon, FILE *in, FILE *out, machine_poll_fn poll, void *poll_opaque);
/* The monitor entered from the guest console (Ctrl-A c with -serial mon:stdio / -nographic, or
 * a breakpoint it set being hit): a session on in/out; true when the user continues (resume the
 * guest with machine_run and the console), false when the session ended: *why says how. */
bool monitor_console_session(struct monitor *mon, FILE *in, FILE *out, enum machine_stop *why);
/* The user typed `quit` (main reports it as such). */
bool monitor_quit_requested(const struct monitor *mon);

/* One command against vCPU cpu, inspection commands only (no run control, nothing that touches
 * host files or processes): the gdb stub's `monitor CMD`. Output NUL-terminated into buf. */
void monitor_exec_safe(struct cpu_state *cpu, const char *line, char *buf, size_t size);

#endif
