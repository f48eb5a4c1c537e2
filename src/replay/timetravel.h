/*
 * In-memory snapshots for reverse debugging (the gdb stub's bs/bc, docs/gdb.md): a ring of
 * whole-machine states (machine_snap, zlib-compressed) taken at the scheduler's own poll points
 * in deterministic mode, each with its position (machine.h: steps of every vCPU), each vCPU's
 * steps, and the replay log's cursor. Going back to position P = restoring the last entry at
 * or before P and re-executing to P (the execution is a function of the state and the log).
 *
 * Retention: at most `max` entries. When the ring is full, every other entry is dropped (the
 * first, the start of history, and the last stay) and the interval doubles, so the entries sit
 * at growing distances into the past and memory stays at most max compressed states, while
 * going back N steps costs a re-execution of at most about N steps.
 */
#ifndef A64EMU_REPLAY_TIMETRAVEL_H
#define A64EMU_REPLAY_TIMETRAVEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"

#define TT_MAX_ENTRIES 64
#define TT_CURSOR_WORDS 16

struct rp_session;

struct tt_entry {
    uint64_t pos;                       /* machine_position() when taken */
    uint64_t steps[MACHINE_MAX_CPUS];   /* each vCPU's steps (cpu_steps_of) */
    uint64_t seq[MACHINE_MAX_CPUS];     /* each vCPU's exceptions taken (not in machine_snap) */
    uint64_t cursor[TT_CURSOR_WORDS];   /* the replay log's read position (rp_cursor_get) */
    uint8_t *z;                         /* the compressed machine_snap state */
    size_t zlen, rawlen;
};

struct tt_ring {
    struct tt_entry e[TT_MAX_ENTRIES];
    unsigned n, max;
    uint64_t interval; /* steps between entries (doubles at each thinning) */
    size_t bytes;      /* compressed bytes held */
};

/* The ring logic (no machine: unit-tested in tests/unit/test_replay_timetravel.c). */
void tt_ring_init(struct tt_ring *r, unsigned max, uint64_t interval);
void tt_ring_free(struct tt_ring *r);
bool tt_ring_due(const struct tt_ring *r, uint64_t pos);
/* Append (e->pos above the last entry's), taking e->z; thin first when full. */
void tt_ring_add(struct tt_ring *r, const struct tt_entry *e);
/* The last entry with pos <= pos, or -1. */
int tt_ring_find_pos(const struct tt_ring *r, uint64_t pos);
/* The last entry where vCPU cpu had taken fewer than `steps` steps, or -1. */
int tt_ring_find_steps(const struct tt_ring *r, unsigned cpu, uint64_t steps);

/* Take an entry of the machine now (at a poll point), or restore entry i. rp may be NULL. */
bool tt_capture(struct tt_ring *r, struct machine *m, struct rp_session *rp, char *err, size_t errlen);
bool tt_restore(const struct tt_ring *r, int i, struct machine *m, struct rp_session *rp, char *err, size_t errlen);

#endif
