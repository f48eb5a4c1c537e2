/*
 * Deliberate emulator faults for testing the test tools (tests/scripts/test_lockstep_catches_bug.sh
 * proves the QEMU lockstep harness notices a wrong result). Off unless the environment variable
 * A64EMU_INJECT_BUG names a fault when a64emu starts; a64emu then says so on stderr, and runs
 * instruction by instruction so every step goes through fault_inject_step().
 *
 *   A64EMU_INJECT_BUG=adds_carry   ADDS/CMN (immediate, shifted and extended register) produce
 *                                  the wrong carry flag: PSTATE.C is inverted after each one.
 */
#ifndef A64EMU_FRONTEND_FAULT_INJECT_H
#define A64EMU_FRONTEND_FAULT_INJECT_H

#include <stdbool.h>

#include "machine/machine.h"

/* Read A64EMU_INJECT_BUG (once). False, with a message in err, for an unknown fault name. */
bool fault_inject_init(char *err, unsigned errlen);
/* True when a fault is armed. */
bool fault_inject_active(void);
/* Step vCPU 0 once, applying the armed fault to the instruction it executes. Same contract as
 * machine_step(). */
bool fault_inject_step(struct machine *m, enum machine_stop *why);

#endif
