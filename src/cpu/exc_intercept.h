/*
 * Emulator-side exception interceptors, the first of the two tiers of style.md 6.3 (KVM's hyp
 * and host tables): a small table indexed by exception class, consulted by the instructions that
 * may be intercepted (today HVC and SMC, for the PSCI firmware the emulator provides) before the
 * exception is delivered. A NULL slot means "deliver architecturally".
 *
 * An interceptor receives the syndrome the exception would carry. It returns EXC_HANDLED when it
 * emulated the call: the instruction completes and execution resumes after it (the interceptor
 * may have changed registers, the vCPU's run state, or stopped the vCPU). EXC_DELIVER means "not
 * mine": the instruction behaves as the architecture says (exception to EL2, or UNDEFINED).
 *
 * The machine owns the table and registers the interceptors (the cpu layer knows nothing of
 * PSCI); every vCPU of the machine points to it through cpu->intercept.
 */
#ifndef A64EMU_CPU_EXC_INTERCEPT_H
#define A64EMU_CPU_EXC_INTERCEPT_H

#include <stdint.h>

struct cpu_state;

enum exc_intercept_result { EXC_DELIVER = 0, EXC_HANDLED = 1 };

typedef enum exc_intercept_result (*exc_intercept_fn)(void *opaque, struct cpu_state *cpu, uint32_t esr);

#define EXC_INTERCEPT_SLOTS 64 /* one per 6-bit EC */

struct exc_intercept_table {
    struct {
        exc_intercept_fn fn; /* NULL: deliver architecturally */
        void *opaque;
    } slot[EXC_INTERCEPT_SLOTS];
};

/* Install (or, with fn NULL, remove) the interceptor for exception class `ec`. */
void exc_intercept_set(struct exc_intercept_table *t, unsigned ec, exc_intercept_fn fn, void *opaque);

/* Offer the exception with syndrome `esr` to the interceptor of its EC, if the vCPU has a table
 * and the slot is set. */
enum exc_intercept_result exc_intercept(struct cpu_state *cpu, uint32_t esr);

#endif
