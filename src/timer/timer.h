/*
 * The Arm generic timer (DDI 0487 D11): the system counter at 62.5 MHz (CNTFRQ_EL0, as QEMU
 * 7.2's virt), and per vCPU the EL1 physical (CNTP_*), EL1 virtual (CNTV_*) and EL2 physical
 * (CNTHP_*) timers, and with FEAT_VHE the EL2 virtual timer (CNTHV_*), with CNTKCTL_EL1/
 * CNTHCTL_EL2 access controls in both HCR_EL2.E2H layouts. Each timer's output is a level line,
 * wired by the machine to a GIC PPI.
 *
 * Virtual time (brief section 3) comes from a struct vclock shared by the machine's vCPUs:
 *   VCLOCK_HOST    the host's monotonic clock (interactive use; the default)
 *   VCLOCK_ICOUNT  2^shift ns per retired instruction of the whole machine, plus the time the
 *                  machine skipped while every vCPU waited: fully deterministic, and the same
 *                  clock as QEMU's `-icount shift=N` (the counter is ns / 16 in both).
 * The counter is computed when read, so a guest busy-polling CNTPCT sees it advance; timer
 * outputs are recomputed on every timer register access and when the machine calls
 * gtimer_poll() (at quantum boundaries and after an idle wait).
 */
#ifndef A64EMU_TIMER_TIMER_H
#define A64EMU_TIMER_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/irq.h"

struct cpu_state;

#define TIMER_FREQ_HZ 62500000ull
#define TIMER_NS_PER_TICK 16ull /* 1e9 / 62.5e6, exact */
#define TIMER_NO_DEADLINE UINT64_MAX

enum vclock_mode { VCLOCK_HOST, VCLOCK_ICOUNT };

struct vclock {
    enum vclock_mode mode;
    unsigned shift;            /* ICOUNT: 2^shift ns per instruction (0..10, as QEMU) */
    uint64_t host_start_ns;    /* HOST: monotonic time at machine creation */
    uint64_t insns;            /* ICOUNT: instructions retired by completed runs */
    uint64_t skipped_ns;       /* ICOUNT: time jumped over while every vCPU waited */
    /* The vCPU running now and its icount when it started, so a counter read in the middle
     * of a quantum counts the instructions retired so far, and itself (exact: counter reads
     * run at block starts, SRF_SYNC). */
    const struct cpu_state *running;
    uint64_t running_base;
};

void vclock_init(struct vclock *c, enum vclock_mode mode, unsigned shift);
uint64_t vclock_ns(const struct vclock *c);
/* System counter value (CNTPCT_EL0). */
static inline uint64_t vclock_ticks(const struct vclock *c) { return vclock_ns(c) / TIMER_NS_PER_TICK; }
/* Make the clock read at least `ns` now: ICOUNT mode jumps; HOST mode sleeps until then, at most
 * max_sleep_ns at a time (the caller loops, polling host input in between). */
void vclock_advance_to(struct vclock *c, uint64_t ns, uint64_t max_sleep_ns);

/* The timers of one vCPU, and their PPIs on QEMU's virt (INTIDs). */
/* TIMER_HYPVIRT, the EL2 virtual timer (CNTHV_*), exists with FEAT_VHE. */
enum timer_id { TIMER_PHYS, TIMER_VIRT, TIMER_HYP, TIMER_HYPVIRT, TIMER_COUNT };
#define TIMER_PPI_PHYS 30
#define TIMER_PPI_VIRT 27
#define TIMER_PPI_HYP 26
#define TIMER_PPI_HYPVIRT 28

struct timer_cpu;

/* Attaches to cpu (cpu->timer) so the CNT* rows of timer_sysreg.c find it. */
struct timer_cpu *gtimer_create(struct cpu_state *cpu, struct vclock *clock, const struct irq_line out[TIMER_COUNT]);
void gtimer_destroy(struct timer_cpu *t);
void gtimer_reset(struct timer_cpu *t);
/* Recompute the outputs from the current count, and generate the EL1 event stream's events
 * (CNTKCTL_EL1.EVNTEN: the event register is set, ending a WFE wait). */
void gtimer_poll(struct timer_cpu *t);
/* Virtual time (vclock ns) at which an enabled, unmasked timer's condition next becomes true, or
 * the event stream next fires; TIMER_NO_DEADLINE if neither. */
uint64_t gtimer_next_deadline_ns(const struct timer_cpu *t);
/* Snapshot save/load (timer_snap.c, util/snap.h). A host-clock vclock saves its counts but
 * cannot be resumed exactly: snapshots need -icount (the machine refuses others). */
struct snap;
void gtimer_snap(struct snap *s, struct timer_cpu *t, unsigned index);
void vclock_snap(struct snap *s, struct vclock *c);

#endif
