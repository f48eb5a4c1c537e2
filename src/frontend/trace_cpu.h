/*
 * -d cpu: the register state before each instruction, in the exact text format of QEMU's
 * `-d cpu` for AArch64, so the lockstep harness can compare the two emulators line by line.
 */
#ifndef A64EMU_FRONTEND_TRACE_CPU_H
#define A64EMU_FRONTEND_TRACE_CPU_H

#include <stdbool.h>
#include <stdio.h>

struct cpu_state;

/* With `fpu` (-d cpu,fpu), the PSTATE line also carries FPCR and FPSR and 16 lines of Q
 * registers follow, or "FPU disabled" when an FP instruction would trap at the current EL. */
void trace_cpu_state(FILE *out, const struct cpu_state *cpu, bool fpu);

#endif
