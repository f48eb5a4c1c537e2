/*
 * The replay log's header (replay_log.h): what a replay must match. Text, one "key=value" line
 * each:
 *   version=...              a64emu's version (informational: replaying an old log with a newer
 *   argv=...                 a64emu is the regression workflow) and the recording command line
 *   opt.NAME=VALUE           every machine option that changes execution (the normalized
 *                            command line: -smp, -m, -M virtualization, -icount shift, --seed,
 *                            -append, --preview, devices ...)
 *   run.max-insns=N          the recording's --max-insns (informational: the end event says
 *                            where the recording stopped, and a replay stops there)
 *   file.ROLE=SHA256 SIZE NAME   each payload and disk image (kernel, bios, initrd, dtb, driveN)
 * A replay compares the opt. and file. lines and refuses a mismatch naming the first that differs.
 */
#ifndef A64EMU_REPLAY_REPLAY_HEADER_H
#define A64EMU_REPLAY_REPLAY_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine/machine.h"

/* Build the header for this configuration (malloc'd text), hashing every payload file; NULL with
 * a message in err if a file cannot be read. */
char *rp_header_build(const struct machine_config *cfg, uint64_t max_insns, int argc, char **argv, char *err,
                      size_t errlen);
/* Compare a log's (or snapshot's) header with this run's: true if every opt./file. line matches;
 * else false with one line in err naming what differs and where ("the log has 1, this run has
 * 2"; source names the file: "the log", "the snapshot"). */
bool rp_header_match(const char *logged, const char *now, const char *source, char *err, size_t errlen);
/* The value of key in a header (a pointer to the line's value, ended by '\n' or NUL), or NULL. */
const char *rp_header_get(const char *header, const char *key, size_t *len);

#endif
