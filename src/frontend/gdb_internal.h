/*
 * The gdb stub's internals shared by its files: gdbstub.c (sockets, packets, the run loop) and
 * gdb_reverse.c (deterministic mode: transparent runs and reverse execution).
 */
#ifndef A64EMU_FRONTEND_GDB_INTERNAL_H
#define A64EMU_FRONTEND_GDB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "frontend/gdb_monitor.h"
#include "frontend/gdb_packet.h"
#include "frontend/gdbstub.h"
#include "replay/timetravel.h"

#define XML_MAX 16384
#define REPLY_MAX (2 * GDB_PACKET_SIZE + 16)

/* Reverse-debugging snapshots (timetravel.h): at most TT_ENTRIES, at least TT_INTERVAL steps
 * apart at first (the ring doubles that as it thins), and never more often than keeps their
 * cost under about a tenth of the run: a booted 1 GiB Linux guest's state takes a second or
 * two to capture. Which positions get snapshots depends on host time then; the execution does
 * not (snapshots are read-only), only how far a reverse step re-executes. */
#define TT_INTERVAL 1000000
#define TT_ENTRIES 16
#define TT_COST_SHARE 10

struct gdb_stub {
    int listen_fd, fd;           /* fd: the connection, or -1 */
    unsigned port;
    bool noack, killed, stopped;
    bool want_stop;              /* Ctrl-C or a new connection: stop the running machine */
    bool interrupted;            /* that stop is an interrupt (T02) */
    struct gdb_rx rx;
    struct machine *m;
    machine_poll_fn host_poll;
    void *host_opaque;
    unsigned g_cpu, c_cpu;       /* Hg / Hc: vCPU index */
    unsigned stop_cpu;           /* the vCPU the last stop reply named */
    struct gdb_monitor_state mon;
    /* The machine-wide lists gdb inserted; copied to every vCPU (apply_debug). */
    unsigned nbp, nwp;
    struct { uint64_t addr; bool hw; } bp[CPU_HOST_BPS];
    struct { uint64_t addr, len; enum cpu_host_wp_kind kind; } wp[CPU_HOST_WPS];
    char last_stop[96];          /* the reply to '?' */
    char *out;                   /* the last framed reply (resent on '-') */
    size_t outlen;
    char reply[REPLY_MAX];       /* the reply being built */
    /* Deterministic mode (gdb_set_deterministic): transparent runs and reverse execution. */
    bool det, reversing;         /* reversing: re-executing history (no gdb polling, no snapshots) */
    struct rp_session *rp;
    struct tt_ring ring;
    uint64_t hw;                 /* the furthest position run so far: output beyond it is new */
    uint64_t max_insns;
    double tt_next;              /* host time before which no snapshot is taken (TT_COST_SHARE) */
    uint64_t input_at_start;     /* host input bytes read before history started */
    bool tt_fixed;               /* `monitor revdbg interval N`: every N steps, whatever the cost */
};

/* gdbstub.c */
void gdb_reply(struct gdb_stub *s, const char *body);
void gdb_send_stop(struct gdb_stub *s, struct cpu_state *c, unsigned sig, const char *extra);
void gdb_hit_text(struct gdb_stub *s, const struct cpu_state *c, char *extra, size_t size);
void gdb_apply_debug(struct gdb_stub *s);
bool gdb_stub_poll(struct machine *m, void *opaque);

/* gdb_reverse.c */
void gdb_take_snapshot(struct gdb_stub *s);
enum machine_stop gdb_det_run(struct gdb_stub *s, int cpu, uint64_t steps);
void gdb_reverse_step(struct gdb_stub *s, unsigned k);
void gdb_reverse_continue(struct gdb_stub *s);

#endif
