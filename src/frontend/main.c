/* a64emu: parse options, build the machine, run it, and turn the outcome into an exit status. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu_models.h"
#include "cpu/sysreg.h"
#include "frontend/cli.h"
#include "frontend/disas_file.h"
#include "frontend/fault_inject.h"
#include "frontend/gdbstub.h"
#include "frontend/monitor.h"
#include "frontend/term.h"
#include "frontend/trace_cmd.h"
#include "frontend/trace_cpu.h"
#include "machine/machine.h"
#include "machine/virt_map.h"
#include "replay/digest.h"
#include "replay/replay.h"
#include "replay/replay_header.h"
#include "replay/snapshot.h"
#include "trace/trace_writer.h"
#include "util/log.h"
#include "util/host_clock.h"

enum {
    EXIT_GUEST_STOPPED = 1, EXIT_USAGE = 2,
    EXIT_REPLAY_MISMATCH = 3, /* --replay: the run differs from the recording, or stalled */
    EXIT_GUEST_RESET = 4      /* PSCI SYSTEM_RESET, -no-reboot */
};

struct poll_state {
    bool quit, monitor, eof;  /* Ctrl-A x, Ctrl-A c (term.c), end of input */
    struct machine *m;
    struct rp_session *rp; /* --record / --replay, or NULL */
};

static void console_write(void *opaque, const void *buf, size_t len)
{
    (void)opaque;
    fwrite(buf, 1, len, stdout);
}

/* Semihosting console reads: from stdin, recorded in order, or taken from the replay log. */
static int console_read_byte(void *opaque)
{
    struct poll_state *ps = opaque;
    fflush(stdout);
    if (rp_replaying(ps->rp)) {
        const struct rp_event *e = rp_replay_next(ps->rp, RP_EV_SEMI_READ, ps->m);
        return e && e->len ? e->data[0] : -1;
    }
    int c = term_read_byte();
    if (ps->rp) {
        uint8_t b = (uint8_t)c;
        rp_record_event(ps->rp, RP_EV_SEMI_READ, ps->m, &b, c < 0 ? 0 : 1);
    }
    return c;
}

static bool poll_host(struct machine *m, void *opaque)
{
    struct poll_state *ps = opaque;
    fflush(stdout);
    if (rp_replaying(ps->rp)) /* input from the log, at the instruction counts it names */
        return rp_replay_poll(ps->rp, m) && !rp_error(ps->rp);
    if (ps->rp && rp_error(ps->rp))
        return false;
    machine_set_input_open(m, !ps->eof);
    size_t room = machine_uart_room(m);
    if (ps->eof || !room)
        return true;
    uint8_t buf[64];
    size_t n = term_poll_input(buf, room < sizeof buf ? room : sizeof buf, &ps->quit, &ps->monitor, &ps->eof);
    if (n) {
        machine_uart_input(m, buf, n);
        if (ps->rp)
            rp_record_input(ps->rp, m, buf, n);
    }
    machine_set_input_open(m, !ps->eof);
    return !ps->quit && !ps->monitor;
}

/*
 * The guest on the console; Ctrl-A c (or a breakpoint the monitor set being hit) enters the
 * monitor on the same terminal, in cooked mode, until `continue` resumes the guest or `quit`.
 * The monitor is created on first use and kept (its breakpoints live on).
 */
static enum machine_stop run_with_console_monitor(struct machine *m, const struct cli_options *o,
                                                  uint64_t max_insns, struct poll_state *ps, struct monitor **mon)
{
    for (;;) {
        enum machine_stop why = machine_run(m, max_insns, poll_host, ps);
        bool enter = (why == MACHINE_QUIT && ps->monitor) || (why == MACHINE_DEBUG && *mon);
        if (!enter)
            return why;
        ps->monitor = false;
        if (!*mon && !(*mon = monitor_create(m, o->max_insns)))
            return MACHINE_ERROR;
        fflush(stdout);
        term_restore();
        if (!monitor_console_session(*mon, stdin, stdout, &why))
            return why;
        term_init();
    }
}

static int selftest(void)
{
    char report[4096];
    unsigned dec = dec_check_table(report, sizeof report);
    if (dec)
        fprintf(stderr, "decode table: %u problems\n%s", dec, report);
    unsigned sr = sysreg_check_tables(report, sizeof report);
    if (sr)
        fprintf(stderr, "system register tables: %u problems\n%s", sr, report);
    printf("decode table: %s; system register tables: %s\n", dec ? "FAILED" : "ok", sr ? "FAILED" : "ok");
    return dec || sr ? 1 : 0;
}


static void summary(struct machine *m, const char *why)
{
    struct cpu_state *c = machine_stopped_cpu(m);
    log_error("%s after %" PRIu64 " instructions: pc=0x%016" PRIx64 " EL%u", why, machine_icount(m),
              c->pc, c->el);
}

/* The guest stopped on its own: one line naming the payload, where, and why. */
static void guest_stopped(struct machine *m, const struct cli_options *o)
{
    struct cpu_state *c = machine_stopped_cpu(m);
    const char *opt = o->machine.kernel ? "-kernel" : o->machine.bios ? "-bios" : "-drive if=pflash,unit=0";
    const char *file = o->machine.kernel ? o->machine.kernel : o->machine.bios ? o->machine.bios : o->machine.pflash[0].path;
    log_error("%s '%s': guest stopped after %" PRIu64 " instructions at pc=0x%016" PRIx64 " EL%u: %s", opt,
              file, machine_icount(m), c->pc, c->el, c->stop_reason[0] ? c->stop_reason : "stopped");
}

/* --record / --replay: the log, checked against this run's options and payloads before it runs. */
static bool open_replay(const struct cli_options *o, int argc, char **argv, struct poll_state *ps, uint64_t *max_insns)
{
    if (!o->record && !o->replay)
        return true;
    char err[600];
    char *header = rp_header_build(&o->machine, o->max_insns, argc, argv, err, sizeof err);
    if (header)
        ps->rp = o->record ? rp_record_open(o->record, header, err, sizeof err)
                           : rp_replay_open(o->replay, header, err, sizeof err);
    free(header);
    if (!ps->rp) {
        log_error("%s", err);
        return false;
    }
    if (o->replay)
        *max_insns = rp_replay_end_icount(ps->rp);
    return true;
}

/* --snapshot-save / --snapshot-load: the machine's header (options and payload hashes). */
static bool snapshot_io(struct machine *m, const struct cli_options *o, bool save, const char *path)
{
    char err[600];
    double t0 = host_monotonic_seconds();
    clock_t c0 = clock();
    char *header = rp_header_build(&o->machine, 0, 0, NULL, err, sizeof err);
    bool ok = header && (save ? snapshot_save(m, path, header, err, sizeof err)
                              : snapshot_load(m, path, header, err, sizeof err));
    free(header);
    if (!ok)
        log_error("%s", err);
    else if (o->stats)
        log_error("stats: snapshot %s '%s' at instruction %" PRIu64 " in %.3f s (%.3f s of CPU)",
                  save ? "saved to" : "loaded from", path, machine_icount(m), host_monotonic_seconds() - t0,
                  (double)(clock() - c0) / CLOCKS_PER_SEC);
    return ok;
}

/* The run, with a snapshot taken on the way at --snapshot-at N (the run goes on after it). */
static enum machine_stop run_machine(struct machine *m, const struct cli_options *o, uint64_t max_insns,
                                     struct poll_state *ps, bool *snap_failed)
{
    if (o->snapshot_at && (!max_insns || o->snapshot_at < max_insns) && machine_icount(m) < o->snapshot_at) {
        enum machine_stop why = machine_run(m, o->snapshot_at, poll_host, ps);
        if (why != MACHINE_INSN_LIMIT)
            return why; /* the guest stopped first: --snapshot-save writes at exit */
        if (!snapshot_io(m, o, true, o->snapshot_save)) {
            *snap_failed = true;
            return MACHINE_QUIT;
        }
    }
    return machine_run(m, max_insns, poll_host, ps);
}

int main(int argc, char **argv)
{
    struct cli_options o;
    char err[512];
    if (argc > 1 && strcmp(argv[1], "trace") == 0) /* the trace tools (frontend/trace_cmd.c) */
        return trace_cmd_main(argc, argv);
    if (!cli_parse(argc, argv, &o, err, sizeof err)) {
        log_error("%s", err);
        return EXIT_USAGE;
    }
    switch (o.action) {
    case CLI_HELP: cli_print_help(stdout); return 0;
    case CLI_VERSION: printf("a64emu %s\n", A64EMU_VERSION); return 0;
    case CLI_LIST_INSNS:
        if (!dec_init())
            return 1;
        cpu_list_insns(stdout, cpu_model_features(o.machine.cpu_model) | o.machine.preview_features);
        return 0;
    case CLI_SELFTEST:
        if (!dec_init())
            return 1;
        return selftest();
    case CLI_MEMORY_MAP: virt_map_print_markdown(stdout); return 0;
    case CLI_CPU_HELP: cpu_model_list(stdout); return 0;
    case CLI_DISAS: return disas_file(o.disas_file, o.disas_base, stdout);
    case CLI_RUN: break;
    }
    if (!fault_inject_init(err, sizeof err)) { /* test hook: see frontend/fault_inject.h */
        log_error("%s", err);
        return EXIT_USAGE;
    }
    log_mask = o.log_mask;
    FILE *logf = NULL;
    if (o.log_file) {
        logf = fopen(o.log_file, "w");
        if (!logf) {
            log_error("-D '%s': cannot open for writing", o.log_file);
            return EXIT_USAGE;
        }
        log_set_stream(logf);
    }
    for (unsigned f = 0; f < FEAT_COUNT; f++)
        if ((o.machine.preview_features >> f & 1) && !(cpu_model_features(o.machine.cpu_model) >> f & 1))
            log_error("--preview: %s is advertised but still in progress; its unfinished instructions "
                      "are UNDEFINED (a64emu --list-insns shows which)", a64_feature_name((enum a64_feature)f));
    struct poll_state ps = { false, false, false, NULL, NULL };
    uint64_t max_insns = o.max_insns;
    if (!open_replay(&o, argc, argv, &ps, &max_insns)) {
        if (logf)
            fclose(logf);
        return EXIT_USAGE;
    }
    o.machine.console_write = console_write;
    o.machine.console_read_byte = console_read_byte;
    o.machine.console_opaque = &ps;
    struct machine *m = machine_create(&o.machine, err, sizeof err);
    ps.m = m;
    if (!m) {
        log_error("%s", err);
        rp_close(ps.rp);
        if (logf)
            fclose(logf);
        return EXIT_USAGE;
    }
    if (o.snapshot_load && !snapshot_io(m, &o, false, o.snapshot_load)) {
        machine_destroy(m);
        if (logf)
            fclose(logf);
        return EXIT_USAGE;
    }
    if (o.machine.dumpdtb) { /* QEMU: write it once the payloads are placed, then exit */
        log_error("dtb dumped to %s. Exiting.", o.machine.dumpdtb);
        machine_destroy(m);
        if (logf)
            fclose(logf);
        return 0;
    }
    struct trace_writer *tw = NULL;
    if (o.trace_file) {
        tw = trace_writer_open(o.trace_file, &o.trace_filter, argc, argv, machine_cpu_count(m), err, sizeof err);
        if (!tw) {
            log_error("%s", err);
            machine_destroy(m);
            return EXIT_USAGE;
        }
        for (unsigned i = 0; i < machine_cpu_count(m); i++)
            trace_writer_attach(tw, machine_cpu(m, i));
    }
    struct gdb_stub *gdb = NULL;
    if (o.gdb && (o.trace_cpu || fault_inject_active())) {
        log_error("-gdb cannot be combined with -d cpu (gdb single-steps instead)");
        machine_destroy(m);
        return EXIT_USAGE;
    }
    if (o.gdb && !(gdb = gdb_open(o.gdb, err, sizeof err))) {
        log_error("%s", err);
        machine_destroy(m);
        return EXIT_USAGE;
    }
    struct monitor *mon = NULL;
    if (o.monitor_stdio && !(mon = monitor_create(m, o.max_insns))) {
        log_error("out of memory");
        machine_destroy(m);
        return EXIT_USAGE;
    }
    if (!mon) /* the monitor reads lines: the terminal stays in cooked mode */
        term_init();
    double t0 = host_monotonic_seconds();
    enum machine_stop why;
    bool snap_failed = false;
    if (o.trace_cpu || fault_inject_active()) {
        FILE *out = log_stream();
        struct cpu_state *traced = NULL;
        for (uint64_t n = 0;; n++) {
            if (o.max_insns && machine_icount(m) >= o.max_insns) {
                why = MACHINE_INSN_LIMIT;
                break;
            }
            if (o.trace_cpu) {
                /* QEMU's -d cpu format has no vCPU field: with -smp N, a line names the vCPU
                 * whenever the scheduler switches; -smp 1 output is exactly QEMU's. */
                struct cpu_state *next = machine_next_cpu(m);
                if (next && machine_cpu_count(m) > 1 && next != traced)
                    fprintf(out, "vCPU %u:\n", next->index);
                traced = next;
                if (next)
                    trace_cpu_state(out, next, o.trace_fpu);
            }
            if (!fault_inject_step(m, &why))
                break;
            if ((n & 0x3ff) == 0 && !poll_host(m, &ps)) {
                why = MACHINE_QUIT;
                break;
            }
        }
    } else if (mon) {
        why = monitor_run(mon, stdin, stdout, NULL, NULL);
    } else if (gdb) {
        if (o.machine.deterministic) /* exact stepping, reverse execution (docs/gdb.md) */
            gdb_set_deterministic(gdb, rp_replaying(ps.rp) ? ps.rp : NULL);
        why = gdb_run(gdb, m, max_insns, o.gdb_wait, poll_host, &ps);
    } else {
        /* Ctrl-A c's monitor is for interactive runs; a snapshot point or a replay log runs plain. */
        if (o.snapshot_at || ps.rp)
            why = run_machine(m, &o, max_insns, &ps, &snap_failed);
        else
            why = run_with_console_monitor(m, &o, max_insns, &ps, &mon);
    }
    fflush(stdout);
    term_restore();
    if (o.stats) {
        double secs = host_monotonic_seconds() - t0;
        log_error("stats: %" PRIu64 " instructions in %.3f s: %.1f MIPS", machine_icount(m), secs,
                  secs > 0 ? (double)machine_icount(m) / secs / 1e6 : 0.0);
    }
    int status;
    switch (why) {
    case MACHINE_EXIT: status = machine_exit_code(m); break;
    case MACHINE_INSN_LIMIT:
        if (!rp_replaying(ps.rp)) /* a replay's limit is where the recording ended */
            summary(m, "stopped (--max-insns)");
        status = 0;
        break;
    case MACHINE_QUIT:
        summary(m, gdb_killed(gdb) ? "killed by gdb" : monitor_quit_requested(mon) ? "quit (monitor)" : "quit (Ctrl-A x)");
        status = 0;
        break;
    case MACHINE_RESET: summary(m, "guest asked for a reset (PSCI SYSTEM_RESET, -no-reboot)"); status = EXIT_GUEST_RESET; break;
    default: guest_stopped(m, &o); status = EXIT_GUEST_STOPPED; break;
    }
    if (tw && !trace_writer_close(tw, err, sizeof err)) {
        log_error("%s", err);
        status = EXIT_GUEST_STOPPED;
    }
    if (o.snapshot_save && !o.snapshot_at && !snapshot_io(m, &o, true, o.snapshot_save))
        snap_failed = true;
    if (o.snapshot_save && o.snapshot_at && machine_icount(m) < o.snapshot_at) /* stopped before N */
        snap_failed = !snapshot_io(m, &o, true, o.snapshot_save);
    if (snap_failed)
        status = EXIT_USAGE;
    if (o.digest)
        replay_print_digest(stderr, m);
    if (ps.rp) {
        char rerr[600];
        if (!rp_finish(ps.rp, m, why, status, rerr, sizeof rerr)) {
            log_error("%s", rerr);
            status = rp_replaying(ps.rp) ? EXIT_REPLAY_MISMATCH : EXIT_USAGE;
        } else if (rp_replaying(ps.rp)) {
            log_error("replay: identical to the recording (%" PRIu64 " instructions, same state digest)",
                      machine_icount(m));
        }
        rp_close(ps.rp);
    }
    gdb_close(gdb);
    monitor_destroy(mon);
    machine_destroy(m);
    if (logf)
        fclose(logf);
    return status;
}
