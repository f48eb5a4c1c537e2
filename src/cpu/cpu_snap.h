/* A vCPU's part of a snapshot (util/snap.h): its architectural state, the exclusive monitor, the
 * event register, the interrupt inputs, WFI/run state, the debug and PMU registers. After a load
 * the caller drops every cache (cpu_snap_loaded). */
#ifndef A64EMU_CPU_CPU_SNAP_H
#define A64EMU_CPU_CPU_SNAP_H

#include "cpu/cpu.h"
#include "util/snap.h"

void cpu_snap(struct snap *s, struct cpu_state *c);
/* After a load: TLBs, the fetch cache and the derived flags (interrupt attention, debug, PMU). */
void cpu_snap_loaded(struct cpu_state *c);

#endif
