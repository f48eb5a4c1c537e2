/*
 * The machine state digest (--digest, record/replay's end check): SHA-256 over every vCPU's
 * architectural state (general, FP/SIMD, PSTATE, system, debug and PMU registers, the exclusive
 * monitor, retired-instruction count) and the contents of every RAM region (guest RAM and the
 * flash banks). Two runs with equal digests and instruction counts ended in the same state.
 * Host-side caches (TLBs, decoded pages) and the host debugger's state are not part of it.
 */
#ifndef A64EMU_REPLAY_DIGEST_H
#define A64EMU_REPLAY_DIGEST_H

#include <stdint.h>
#include <stdio.h>

#include "machine/machine.h"
#include "util/sha256.h"

void replay_digest(struct machine *m, uint8_t out[SHA256_LEN]);
/* "digest: <hex>" then "icount: total N, vCPU0 N0, vCPU1 N1 ..." (the --digest report). */
void replay_print_digest(FILE *f, struct machine *m);

#endif
