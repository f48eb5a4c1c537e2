/*
 * Snapshot files (--snapshot-save/--snapshot-at/--snapshot-load; docs/record-replay.md):
 *
 *   "A64EMUSN"  u32 format version  u32 0x01020304 (byte order)  u32 header length H
 *   u32 CRC-32 of the header  header (H bytes: replay_header.h's version, opt. and file. lines)
 *   u64 state length  u32 CRC-32 of the state  u64 compressed length  zlib data (the state)
 *
 * The state is machine_snap()'s tagged sections (util/snap.h). Saving writes FILE.tmp and
 * renames it over FILE, so a failed save leaves the previous snapshot intact. Loading refuses,
 * naming the problem, a file that is not a snapshot, another version or byte order, a corrupt
 * or truncated file (with the byte offset), and a machine with other options or payloads.
 * The monitor (issue 8) calls these two functions directly.
 */
#ifndef A64EMU_REPLAY_SNAPSHOT_H
#define A64EMU_REPLAY_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "machine/machine.h"

#define SNAPSHOT_MAGIC "A64EMUSN"
#define SNAPSHOT_VERSION 1u

/* header: rp_header_build() for this machine's configuration (only its version, opt. and file.
 * lines are stored, so the file does not depend on how a64emu was invoked). */
bool snapshot_save(struct machine *m, const char *path, const char *header, char *err, size_t errlen);
bool snapshot_load(struct machine *m, const char *path, const char *header, char *err, size_t errlen);

#endif
