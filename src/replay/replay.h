/*
 * Record and replay (--record FILE / --replay FILE; docs/record-replay.md). Both run the machine
 * in deterministic mode, where the only inputs from outside are the ones stored here:
 *   - console input (UART, or the stdio virtconsole): delivered by the frontend's poll between
 *     runs of the scheduler, i.e. at a machine instruction count that depends only on the
 *     execution; recorded as (count, bytes) and replayed at that same count;
 *   - semihosting console reads: recorded in order, replayed in order;
 *   - reserved: host random data, host time (none remain in deterministic mode) and network
 *     packets. A NIC (virtio-net) records what it receives with rp_record_event(RP_EV_NET_RX)
 *     and takes it back with rp_replay_next(RP_EV_NET_RX) at the same hook point; until one
 *     exists a log holding such events is refused.
 * The recording ends with the stop reason, the exit status, the state digest and each vCPU's
 * instruction count; a replay stops at the recorded count and compares them all.
 */
#ifndef A64EMU_REPLAY_REPLAY_H
#define A64EMU_REPLAY_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"
#include "replay/replay_log.h"

struct rp_session;

/* header: from rp_header_build(). NULL with one line in err on failure. */
struct rp_session *rp_record_open(const char *path, const char *header, char *err, size_t errlen);
/* Reads and checks the whole log, then its header against this run's: a corrupt or truncated log
 * and a mismatched option or payload are refused here, before the machine runs. */
struct rp_session *rp_replay_open(const char *path, const char *header, char *err, size_t errlen);
bool rp_replaying(const struct rp_session *s);
/* The instruction count at which the recording ended (the replay's --max-insns). */
uint64_t rp_replay_end_icount(const struct rp_session *s);

/* Recording: console input just delivered to the machine at its current instruction count. */
bool rp_record_input(struct rp_session *s, struct machine *m, const uint8_t *buf, size_t n);
/* Generic hook for other event types (semihosting reads, later network packets). */
bool rp_record_event(struct rp_session *s, enum rp_event_type type, struct machine *m, const void *data, uint32_t len);

/* Replaying: deliver the console input recorded at the machine's current instruction count.
 * Returns false (the machine must stop; rp_error says why) if the execution has passed the
 * next event's count without stopping there: the run differs from the recording. */
bool rp_replay_poll(struct rp_session *s, struct machine *m);
/* The next recorded event of `type` in order, or NULL (then rp_error says why). */
const struct rp_event *rp_replay_next(struct rp_session *s, enum rp_event_type type, struct machine *m);

/* The first problem met during the run (divergence, stall, write error), or NULL. */
const char *rp_error(const struct rp_session *s);

/*
 * End of the run. Recording: writes the end event (stop, status, digest, counts) and closes the
 * log. Replaying: compares them with the recording and the watchdog's verdict; returns false
 * with a message in err ("replay stalled at instruction N ...", "replay diverged ...").
 * `why` is the machine_run result, status the exit status a64emu is about to return.
 */
bool rp_finish(struct rp_session *s, struct machine *m, enum machine_stop why, int status, char *err, size_t errlen);
/* The exit status the recording ended with (replaying). */
int rp_recorded_status(const struct rp_session *s);
void rp_close(struct rp_session *s);
/* Reverse debugging (timetravel.c): the replay's read position in the log, saved with each
 * in-memory snapshot and put back with it, so input comes from the log again at its counts. */
void rp_cursor_get(const struct rp_session *s, uint64_t *words, unsigned n);
void rp_cursor_set(struct rp_session *s, const uint64_t *words, unsigned n);

#endif
