/* Record and replay sessions: see replay.h. */
#include "replay/replay.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/digest.h"
#include "replay/replay_header.h"

struct rp_session {
    bool replay;
    struct rp_writer *w;       /* recording */
    struct rp_log log;         /* replaying: the whole log */
    size_t next[16];           /* replaying: index of the next unconsumed event, per type */
    struct rp_end end;         /* replaying: the recording's end */
    char error[400];
};

static void set_error(struct rp_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(struct rp_session *s, const char *fmt, ...)
{
    if (s->error[0])
        return; /* keep the first */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
}

struct rp_session *rp_record_open(const char *path, const char *header, char *err, size_t errlen)
{
    struct rp_session *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->w = rp_writer_open(path, header, err, errlen);
    if (!s->w) {
        free(s);
        return NULL;
    }
    return s;
}

static const char *type_name(enum rp_event_type t)
{
    switch (t) {
    case RP_EV_INPUT: return "console input";
    case RP_EV_SEMI_READ: return "semihosting read";
    case RP_EV_RANDOM: return "host random data";
    case RP_EV_HOST_TIME: return "host time";
    case RP_EV_NET_RX: return "network packet";
    case RP_EV_END: return "end";
    }
    return "?";
}

struct rp_session *rp_replay_open(const char *path, const char *header, char *err, size_t errlen)
{
    struct rp_session *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->replay = true;
    if (!rp_log_read(path, &s->log, err, errlen)) {
        free(s);
        return NULL;
    }
    char why[300];
    if (!rp_header_match(s->log.header, header, "the log", why, sizeof why)) {
        snprintf(err, errlen, "replay log '%s' does not match this run: %s", path, why);
        rp_close(s);
        return NULL;
    }
    const struct rp_event *last = &s->log.ev[s->log.nev - 1];
    if (!rp_end_decode(last->data, last->len, &s->end)) {
        snprintf(err, errlen, "replay log '%s': corrupt end event in the chunk at byte %" PRIu64, path, last->file_offset);
        rp_close(s);
        return NULL;
    }
    uint64_t prev = 0;
    for (size_t i = 0; i < s->log.nev; i++) {
        const struct rp_event *e = &s->log.ev[i];
        /* Reserved types have no consumer in this build: replaying would silently drop them. */
        if (e->type == RP_EV_RANDOM || e->type == RP_EV_HOST_TIME || e->type == RP_EV_NET_RX) {
            snprintf(err, errlen, "replay log '%s': holds %s events (chunk at byte %" PRIu64 "), which this a64emu "
                     "cannot replay", path, type_name(e->type), e->file_offset);
            rp_close(s);
            return NULL;
        }
        if (e->type == RP_EV_INPUT && (e->icount < prev || e->len == 0)) {
            snprintf(err, errlen, "replay log '%s': corrupt input event (instruction %" PRIu64 " after %" PRIu64
                     ") in the chunk at byte %" PRIu64, path, e->icount, prev, e->file_offset);
            rp_close(s);
            return NULL;
        }
        if (e->type == RP_EV_INPUT)
            prev = e->icount;
    }
    return s;
}

bool rp_replaying(const struct rp_session *s) { return s && s->replay; }
uint64_t rp_replay_end_icount(const struct rp_session *s) { return s->log.ev[s->log.nev - 1].icount; }
const char *rp_error(const struct rp_session *s) { return s && s->error[0] ? s->error : NULL; }
int rp_recorded_status(const struct rp_session *s) { return s->end.status; }

bool rp_record_event(struct rp_session *s, enum rp_event_type type, struct machine *m, const void *data, uint32_t len)
{
    if (!rp_writer_event(s->w, type, machine_icount(m), machine_virtual_ns(m), data, len)) {
        set_error(s, "--record: cannot write the log (disk full?)");
        return false;
    }
    return true;
}

bool rp_record_input(struct rp_session *s, struct machine *m, const uint8_t *buf, size_t n)
{
    return rp_record_event(s, RP_EV_INPUT, m, buf, (uint32_t)n);
}

/* The next unconsumed event of type t, not consuming it. */
static const struct rp_event *peek(struct rp_session *s, enum rp_event_type t)
{
    for (size_t i = s->next[t]; i < s->log.nev; i++)
        if (s->log.ev[i].type == t) {
            s->next[t] = i;
            return &s->log.ev[i];
        }
    s->next[t] = s->log.nev;
    return NULL;
}

const struct rp_event *rp_replay_next(struct rp_session *s, enum rp_event_type type, struct machine *m)
{
    const struct rp_event *e = peek(s, type);
    if (!e) {
        set_error(s, "replay stalled at instruction %" PRIu64 ": the guest reads %s the log does not have",
                  machine_icount(m), type_name(type));
        return NULL;
    }
    s->next[type]++;
    return e;
}

bool rp_replay_poll(struct rp_session *s, struct machine *m)
{
    uint64_t now = machine_icount(m);
    const struct rp_event *e;
    while ((e = peek(s, RP_EV_INPUT)) && e->icount <= now) {
        if (e->icount < now) {
            set_error(s, "replay diverged: the log delivers console input at instruction %" PRIu64
                      ", which this run passed without stopping there (now at %" PRIu64 ")", e->icount, now);
            machine_set_input_open(m, false);
            return false;
        }
        /* The same count, earlier in virtual time: an idle machine polled before its clock jumped
         * to the next deadline; the input came after the jump. */
        uint64_t vt = machine_virtual_ns(m);
        if (vt < e->vtime_ns)
            break;
        if (vt > e->vtime_ns) {
            set_error(s, "replay diverged at instruction %" PRIu64 ": the log delivers console input at virtual "
                      "time %" PRIu64 " ns, this run is at %" PRIu64 " ns", now, e->vtime_ns, vt);
            machine_set_input_open(m, false);
            return false;
        }
        machine_uart_input(m, e->data, e->len);
        s->next[RP_EV_INPUT]++;
    }
    /* The watchdog. Virtual time is a function of the execution, so a faithful replay reaches
     * the recording's end count no later in virtual time than the recording did. A guest that
     * waits for input the log does not have idles from timer to timer, and virtual time runs
     * past that bound in a few host milliseconds: stop instead of idling for ever. */
    uint64_t vt = machine_virtual_ns(m);
    if (vt > s->end.vtime_ns && now < rp_replay_end_icount(s)) {
        set_error(s, "replay stalled at instruction %" PRIu64 ": the guest waits (virtual time %.3f s, past the "
                  "recording's end at %.3f s) for input the log does not have; the recording went on to "
                  "instruction %" PRIu64, now, (double)vt * 1e-9, (double)s->end.vtime_ns * 1e-9,
                  rp_replay_end_icount(s));
        machine_set_input_open(m, false);
        return false;
    }
    /* Input due later cannot wake a machine that waits now: an idle machine with no timer
     * stops (the watchdog then reports the stall) instead of waiting for host input. */
    machine_set_input_open(m, false);
    return true;
}

static const char *stop_name(uint32_t why)
{
    static const char *const names[] = { "guest exit", "instruction limit", "error", "idle (nothing to wake a vCPU)",
                                         "quit", "reset", "debugger stop" };
    return why < sizeof names / sizeof names[0] ? names[why] : "?";
}

/* A recording stopped by the host (Ctrl-A x, --max-insns) ends at a count; the replay stops at
 * the same count through its instruction limit. */
static bool host_stop(uint32_t why) { return why == MACHINE_QUIT || why == MACHINE_INSN_LIMIT; }

bool rp_finish(struct rp_session *s, struct machine *m, enum machine_stop why, int status, char *err, size_t errlen)
{
    struct rp_end now = { .stop = (uint32_t)why, .status = status, .ncpus = machine_cpu_count(m),
                          .vtime_ns = machine_virtual_ns(m) };
    replay_digest(m, now.digest);
    for (unsigned i = 0; i < now.ncpus && i < RP_END_MAX_CPUS; i++)
        now.cpu_icount[i] = machine_cpu(m, i)->icount;
    uint64_t icount = machine_icount(m);
    err[0] = 0;
    if (!s->replay) {
        uint8_t buf[128];
        uint32_t len;
        bool ok = rp_end_encode(&now, buf, sizeof buf, &len) && rp_record_event(s, RP_EV_END, m, buf, len);
        ok = rp_writer_close(s->w, err, errlen) && ok;
        s->w = NULL;
        if (!ok && !err[0])
            snprintf(err, errlen, "%s", s->error);
        return ok;
    }
    uint64_t end_icount = rp_replay_end_icount(s);
    if (s->error[0]) {
        snprintf(err, errlen, "%s", s->error);
        return false;
    }
    const struct rp_event *pending = peek(s, RP_EV_INPUT);
    if (why == MACHINE_IDLE && icount < end_icount) {
        if (pending)
            snprintf(err, errlen, "replay stalled at instruction %" PRIu64 ": every vCPU waits, and the log's next "
                     "input is at instruction %" PRIu64 " (the run differs from the recording)", icount, pending->icount);
        else
            snprintf(err, errlen, "replay stalled at instruction %" PRIu64 ": every vCPU waits for input the log "
                     "does not have (the recording went on to instruction %" PRIu64 ")", icount, end_icount);
        return false;
    }
    if (pending) {
        snprintf(err, errlen, "replay diverged: the run ended (%s) at instruction %" PRIu64 " before the log's input "
                 "at instruction %" PRIu64, stop_name(why), icount, pending->icount);
        return false;
    }
    if (why == MACHINE_INSN_LIMIT && !host_stop(s->end.stop)) {
        snprintf(err, errlen, "replay stalled at instruction %" PRIu64 ": the recording ended there (%s), this run "
                 "goes on (it waits for input the log does not have, or its execution differs)", icount,
                 stop_name(s->end.stop));
        return false;
    }
    bool same_stop = now.stop == s->end.stop || (host_stop(now.stop) && host_stop(s->end.stop));
    if (icount != end_icount || !same_stop) {
        snprintf(err, errlen, "replay diverged: the run ended (%s) at instruction %" PRIu64 "; the recording ended "
                 "(%s) at instruction %" PRIu64, stop_name(why), icount, stop_name(s->end.stop), end_icount);
        return false;
    }
    for (unsigned i = 0; i < now.ncpus; i++)
        if (i >= s->end.ncpus || now.cpu_icount[i] != s->end.cpu_icount[i]) {
            snprintf(err, errlen, "replay diverged: vCPU %u retired %" PRIu64 " instructions, %" PRIu64
                     " in the recording", i, now.cpu_icount[i], i < s->end.ncpus ? s->end.cpu_icount[i] : 0);
            return false;
        }
    if (memcmp(now.digest, s->end.digest, sizeof now.digest) != 0) {
        char a[2 * SHA256_LEN + 1], b[2 * SHA256_LEN + 1];
        sha256_hex(now.digest, a);
        sha256_hex(s->end.digest, b);
        snprintf(err, errlen, "replay diverged: same instruction counts, but the final state digest is %s, "
                 "%s in the recording", a, b);
        return false;
    }
    return true;
}

void rp_close(struct rp_session *s)
{
    if (!s)
        return;
    if (s->w) {
        char err[200];
        rp_writer_close(s->w, err, sizeof err);
    }
    rp_log_free(&s->log);
    free(s);
}

void rp_cursor_get(const struct rp_session *s, uint64_t *words, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        words[i] = i < sizeof s->next / sizeof s->next[0] ? s->next[i] : 0;
}

void rp_cursor_set(struct rp_session *s, const uint64_t *words, unsigned n)
{
    for (unsigned i = 0; i < n && i < sizeof s->next / sizeof s->next[0]; i++)
        s->next[i] = (size_t)words[i];
}
