/* In-memory snapshots for reverse debugging: see timetravel.h. */
#include "replay/timetravel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "replay/replay.h"
#include "util/snap.h"

void tt_ring_init(struct tt_ring *r, unsigned max, uint64_t interval)
{
    memset(r, 0, sizeof *r);
    r->max = max < 3 ? 3 : max > TT_MAX_ENTRIES ? TT_MAX_ENTRIES : max;
    r->interval = interval ? interval : 1;
}

void tt_ring_free(struct tt_ring *r)
{
    for (unsigned i = 0; i < r->n; i++)
        free(r->e[i].z);
    r->n = 0;
    r->bytes = 0;
}

bool tt_ring_due(const struct tt_ring *r, uint64_t pos)
{
    return !r->n || (pos > r->e[r->n - 1].pos && pos - r->e[r->n - 1].pos >= r->interval);
}

/* Keep entry 0 (the start of history), the even ones and the last: about half. */
static void thin(struct tt_ring *r)
{
    unsigned k = 0;
    for (unsigned i = 0; i < r->n; i++) {
        if (i == 0 || i % 2 == 0 || i == r->n - 1) {
            r->e[k++] = r->e[i];
        } else {
            r->bytes -= r->e[i].zlen;
            free(r->e[i].z);
        }
    }
    r->n = k;
    r->interval = r->interval > UINT64_MAX / 2 ? UINT64_MAX : r->interval * 2;
}

void tt_ring_add(struct tt_ring *r, const struct tt_entry *e)
{
    if (r->n == r->max)
        thin(r);
    r->e[r->n++] = *e;
    r->bytes += e->zlen;
}

int tt_ring_find_pos(const struct tt_ring *r, uint64_t pos)
{
    for (int i = (int)r->n - 1; i >= 0; i--)
        if (r->e[i].pos <= pos)
            return i;
    return -1;
}

int tt_ring_find_steps(const struct tt_ring *r, unsigned cpu, uint64_t steps)
{
    if (cpu >= MACHINE_MAX_CPUS)
        return -1;
    for (int i = (int)r->n - 1; i >= 0; i--)
        if (r->e[i].steps[cpu] < steps)
            return i;
    return -1;
}

bool tt_capture(struct tt_ring *r, struct machine *m, struct rp_session *rp, char *err, size_t errlen)
{
    struct snap s;
    snap_init_save(&s);
    if (!machine_snap(m, &s)) {
        snprintf(err, errlen, "%s", s.err);
        snap_free(&s);
        return false;
    }
    struct tt_entry e = { .pos = machine_position(m), .rawlen = s.len };
    for (unsigned i = 0; i < machine_cpu_count(m) && i < MACHINE_MAX_CPUS; i++) {
        const struct cpu_state *c = machine_cpu(m, i);
        e.steps[i] = cpu_steps_of(c);
        e.seq[i] = c->last_exc.seq;
    }
    if (rp)
        rp_cursor_get(rp, e.cursor, TT_CURSOR_WORDS);
    /* Level 1: a snapshot is taken while the user waits; RAM compresses well even so. */
    uLongf zlen = compressBound((uLong)s.len);
    e.z = malloc(zlen);
    if (!e.z || compress2(e.z, &zlen, s.buf, (uLong)s.len, 1) != Z_OK) {
        snprintf(err, errlen, "out of memory for a reverse-debugging snapshot (%zu bytes)", s.len);
        free(e.z);
        snap_free(&s);
        return false;
    }
    e.zlen = zlen;
    uint8_t *shrunk = realloc(e.z, zlen ? zlen : 1);
    if (shrunk)
        e.z = shrunk;
    snap_free(&s);
    tt_ring_add(r, &e);
    return true;
}

bool tt_restore(const struct tt_ring *r, int i, struct machine *m, struct rp_session *rp, char *err, size_t errlen)
{
    if (i < 0 || (unsigned)i >= r->n) {
        snprintf(err, errlen, "no reverse-debugging snapshot %d", i);
        return false;
    }
    const struct tt_entry *e = &r->e[i];
    uint8_t *raw = malloc(e->rawlen ? e->rawlen : 1);
    uLongf got = e->rawlen;
    if (!raw || uncompress(raw, &got, e->z, e->zlen) != Z_OK || got != e->rawlen) {
        snprintf(err, errlen, "cannot decompress the reverse-debugging snapshot at position %llu",
                 (unsigned long long)e->pos);
        free(raw);
        return false;
    }
    struct snap s;
    snap_init_load(&s, raw, e->rawlen);
    bool ok = machine_snap(m, &s) && snap_finish(&s);
    if (!ok)
        snprintf(err, errlen, "restoring the snapshot at position %llu: %s", (unsigned long long)e->pos, s.err);
    free(raw);
    if (!ok)
        return false;
    for (unsigned k = 0; k < machine_cpu_count(m) && k < MACHINE_MAX_CPUS; k++) {
        struct cpu_state *c = machine_cpu(m, k);
        c->last_exc.seq = e->seq[k];
        /* Taken at a poll point: no block is open, no stop is pending. */
        c->tp.mid_block = false;
        c->tp.irq_stash = 0; /* irq_attn is the snapshot's (cpu_snap_loaded recomputes it) */
        c->tp.stop_at = UINT64_MAX;
        c->hdbg.hit_watch = false;
        c->yield = false;
        if (c->stop == CPU_STOP_DEBUG) {
            c->stop = CPU_RUNNING;
            c->stop_reason[0] = 0;
        }
    }
    machine_set_position(m, e->pos);
    if (rp)
        rp_cursor_set(rp, e->cursor, TT_CURSOR_WORDS);
    return true;
}
