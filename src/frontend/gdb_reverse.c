/* The gdb stub in deterministic mode (gdbstub.h, docs/gdb.md): runs in the machine's transparent
 * mode with exact cuts, in-memory snapshots (replay/timetravel.h), reverse step and continue. */
#include <inttypes.h>
#include <stdio.h>

#include "frontend/gdb_internal.h"
#include "util/log.h"
#include "util/host_clock.h"


/* A reverse-debugging snapshot now (at a poll point), with its cost accounted. */
void gdb_take_snapshot(struct gdb_stub *s)
{
    char err[300];
    double t0 = host_monotonic_seconds();
    if (!tt_capture(&s->ring, s->m, s->rp, err, sizeof err))
        log_error("gdb: reverse-debugging snapshot: %s", err);
    double t1 = host_monotonic_seconds();
    s->tt_next = s->tt_fixed ? 0 : t1 + (t1 - t0) * (TT_COST_SHARE - 1);
}


/* ---- deterministic mode: transparent runs, reverse execution ---- */

/* Run in transparent mode until the guest stops, a breakpoint/watchpoint hits, or vCPU cpu
 * (-1: none) reaches `steps`. Output of stretches run before (below s->hw) is muted. */
enum machine_stop gdb_det_run(struct gdb_stub *s, int cpu, uint64_t steps)
{
    struct machine *m = s->m;
    for (;;) {
        bool history = machine_position(m) < s->hw;
        machine_set_muted(m, history);
        machine_set_cut(m, history ? s->hw : MACHINE_NO_CUT, cpu, steps);
        enum machine_stop why = machine_run(m, s->max_insns, gdb_stub_poll, s);
        if (machine_position(m) > s->hw)
            s->hw = machine_position(m);
        bool cpu_done = cpu >= 0 && cpu_steps_of(machine_cpu(m, (unsigned)cpu)) >= steps;
        if (why == MACHINE_PAUSED && history && !cpu_done)
            continue; /* caught up with the furthest point: new output from here */
        machine_set_muted(m, false);
        machine_set_cut(m, MACHINE_NO_CUT, -1, MACHINE_NO_CUT);
        return why;
    }
}

/* Re-execute (muted, breakpoints off) from ring entry i to a cut; true if the cut was reached. */
static bool replay_to(struct gdb_stub *s, int i, uint64_t pos, int cpu, uint64_t steps)
{
    char err[300];
    if (i >= 0 && !tt_restore(&s->ring, i, s->m, s->rp, err, sizeof err)) {
        log_error("gdb: reverse execution: %s", err);
        return false;
    }
    machine_set_muted(s->m, true);
    machine_set_cut(s->m, pos, cpu, steps);
    enum machine_stop why = machine_run(s->m, s->max_insns, gdb_stub_poll, s);
    machine_set_cut(s->m, MACHINE_NO_CUT, -1, MACHINE_NO_CUT);
    machine_set_muted(s->m, false);
    if (why != MACHINE_PAUSED) {
        log_error("gdb: reverse execution: re-executing history ended early (stop %d at position %llu)", (int)why,
                  (unsigned long long)machine_position(s->m));
        return false;
    }
    return true;
}

/* Host breakpoints and watchpoints off (re-execution to a known point) or back on. */
static void debug_points(struct gdb_stub *s, bool on)
{
    unsigned nbp = s->nbp, nwp = s->nwp;
    if (!on)
        s->nbp = s->nwp = 0;
    gdb_apply_debug(s);
    s->nbp = nbp;
    s->nwp = nwp;
    for (unsigned i = 0; i < machine_cpu_count(s->m); i++)
        machine_cpu(s->m, i)->hdbg.skip = false;
}

static void reply_begin(struct gdb_stub *s, struct cpu_state *c)
{
    gdb_send_stop(s, c, 5, "replaylog:begin;");
}

/* bs: back to the state before vCPU k's last step (an instruction, or an exception entry). */
void gdb_reverse_step(struct gdb_stub *s, unsigned k)
{
    struct machine *m = s->m;
    struct cpu_state *c = machine_cpu(m, k);
    uint64_t want = cpu_steps_of(c), here = machine_position(m);
    int i = tt_ring_find_steps(&s->ring, k, want);
    if (i < 0) {
        reply_begin(s, c); /* vCPU k has not stepped since the start of history */
        return;
    }
    s->reversing = true;
    debug_points(s, false);
    /* Near the step first in one run, then step by step, noting where the last step began. */
    bool ok = replay_to(s, i, MACHINE_NO_CUT, (int)k, want >= 2 ? want - 2 : 0);
    uint64_t before = machine_position(m);
    while (ok && cpu_steps_of(c) < want) {
        ok = replay_to(s, -1, MACHINE_NO_CUT, (int)k, cpu_steps_of(c) + 1);
        before = machine_cut_slice_start(m);
    }
    ok = ok && replay_to(s, i, before, -1, 0);
    debug_points(s, true);
    s->reversing = false;
    if (!ok) {
        log_error("gdb: reverse-stepi failed; the machine is at position %llu (was %llu)",
                  (unsigned long long)machine_position(m), (unsigned long long)here);
        gdb_reply(s, "E03");
        return;
    }
    gdb_send_stop(s, c, 5, "");
}

/* bc: back to the most recent breakpoint or watchpoint hit before now, or to the start of
 * history. Each stretch between snapshots is re-executed forward with the points armed, the
 * last hit in it remembered; the newest stretch with a hit wins. */
void gdb_reverse_continue(struct gdb_stub *s)
{
    struct machine *m = s->m;
    uint64_t now = machine_position(m);
    int i = now ? tt_ring_find_pos(&s->ring, now - 1) : -1;
    s->reversing = true;
    bool ok = true, found = false;
    uint64_t hit_pos = 0;
    unsigned hit_cpu = 0;
    char hit[48] = "";
    for (; ok && !found && i >= 0; i--) {
        uint64_t end = (unsigned)i + 1 < s->ring.n && s->ring.e[i + 1].pos < now ? s->ring.e[i + 1].pos : now;
        char err[300];
        if (!tt_restore(&s->ring, i, m, s->rp, err, sizeof err)) {
            log_error("gdb: reverse execution: %s", err);
            ok = false;
            break;
        }
        debug_points(s, true);
        machine_set_muted(m, true);
        for (;;) {
            machine_set_cut(m, end, -1, 0);
            enum machine_stop why = machine_run(m, s->max_insns, gdb_stub_poll, s);
            if (why == MACHINE_DEBUG) {
                struct cpu_state *c = machine_stopped_cpu(m);
                if (machine_position(m) < now) { /* not the stop gdb is at now (a watch hit there) */
                    found = true;
                    hit_pos = machine_position(m);
                    hit_cpu = c->index;
                    gdb_hit_text(s, c, hit, sizeof hit);
                }
                c->stop = CPU_RUNNING;
                c->stop_reason[0] = 0;
                c->hdbg.hit_watch = false;
                for (unsigned k = 0; k < machine_cpu_count(m); k++) {
                    machine_cpu(m, k)->hdbg.skip = k == hit_cpu;
                    machine_cpu(m, k)->hdbg.skip_pc = machine_cpu(m, k)->pc;
                }
                continue;
            }
            if (why != MACHINE_PAUSED) {
                log_error("gdb: reverse execution: re-executing history ended early (stop %d)", (int)why);
                ok = false;
            }
            break;
        }
        machine_set_cut(m, MACHINE_NO_CUT, -1, MACHINE_NO_CUT);
        machine_set_muted(m, false);
        if (found)
            i++; /* the stretch to go back into */
    }
    debug_points(s, false);
    if (ok && found)
        ok = replay_to(s, i, hit_pos, -1, 0);
    else if (ok)
        ok = replay_to(s, 0, s->ring.e[0].pos, -1, 0);
    debug_points(s, true);
    s->reversing = false;
    if (!ok) {
        gdb_reply(s, "E03");
        return;
    }
    if (found)
        gdb_send_stop(s, machine_cpu(m, hit_cpu), 5, hit);
    else
        reply_begin(s, machine_cpu(m, s->stop_cpu));
}

