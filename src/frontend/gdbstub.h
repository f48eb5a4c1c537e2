/*
 * The gdb remote stub (docs/gdb.md): gdb (gdb-multiarch) connects over TCP and drives the
 * machine. All-stop: while gdb holds the machine every vCPU is stopped; each vCPU is a thread
 * (thread id = vCPU index + 1). Breakpoints and watchpoints are the emulator's own (cpu.h,
 * struct cpu_host_debug), never the guest's debug registers.
 *
 * Embedding contract: gdb_open() listens (127.0.0.1 unless a host is named); gdb_run() replaces
 * machine_run(): it runs the machine, serving gdb whenever it is connected and the machine is
 * stopped, and returns when the guest is done (the same enum machine_stop as machine_run) or
 * when gdb kills it (MACHINE_QUIT with gdb_killed() true). Without `wait` the guest runs from
 * the start and a connecting gdb stops it (as QEMU does); with `wait` (-S) nothing runs before
 * gdb connects and resumes.
 */
#ifndef A64EMU_FRONTEND_GDBSTUB_H
#define A64EMU_FRONTEND_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"

struct gdb_stub;

/* Parse "tcp:[HOST]:PORT" (or "none"). host (may be NULL) receives HOST, "127.0.0.1" when
 * empty; port (may be NULL) the port. False with a one-line message in err. */
bool gdb_parse_spec(const char *spec, char *host, size_t hostlen, unsigned *port, char *err, size_t errlen);

/* Listen on spec; NULL with a message in err. */
struct gdb_stub *gdb_open(const char *spec, char *err, size_t errlen);
/* The port listened on (for "tcp::0": the one the system chose). */
unsigned gdb_port(const struct gdb_stub *s);
void gdb_close(struct gdb_stub *s);

enum machine_stop gdb_run(struct gdb_stub *s, struct machine *m, uint64_t max_insns, bool wait,
                          machine_poll_fn poll, void *poll_opaque);
/* Deterministic mode (--deterministic, -icount, --replay; call before gdb_run): gdb's stepping
 * and continuing go through the machine's transparent mode (machine.h), so the run is the run
 * without gdb, and reverse execution (bs, bc) works from in-memory snapshots
 * (replay/timetravel.h). rp: the replay session, or NULL. */
struct rp_session;
void gdb_set_deterministic(struct gdb_stub *s, struct rp_session *rp);
/* gdb sent 'k': a64emu exits 0. */
bool gdb_killed(const struct gdb_stub *s);

#endif
