/* Generic timer state shared by timer.c and the CNT* rows of timer_sysreg.c. */
#ifndef A64EMU_TIMER_TIMER_INTERNAL_H
#define A64EMU_TIMER_TIMER_INTERNAL_H

#include "timer/timer.h"

/* CNT*_CTL_EL0 bits (DDI 0487 D13.8). */
enum { TIMER_CTL_ENABLE = 1u << 0, TIMER_CTL_IMASK = 1u << 1, TIMER_CTL_ISTATUS = 1u << 2 };

struct timer_one {
    uint64_t ctl; /* ENABLE and IMASK; ISTATUS is computed on read */
    uint64_t cval;
    bool level;   /* output as last driven */
    struct irq_line out;
};

struct timer_cpu {
    struct cpu_state *cpu;
    struct vclock *clock;
    struct timer_one t[TIMER_COUNT];
    uint64_t cntfrq, cntkctl, cnthctl, cntvoff;
    uint64_t evt_last; /* virtual count at the last event-stream check */
};

/* CNTKCTL_EL1 event stream: EVNTEN [2], EVNTDIR [3], EVNTI [7:4]. */
enum { KCTL_EVNTEN = 1u << 2, KCTL_EVNTDIR = 1u << 3 };

/* HCR_EL2.E2H in effect (FEAT_VHE, EL2 implemented) and HCR_EL2.{E2H,TGE} = {1,1}. */
bool timer_e2h(const struct cpu_state *cpu);
bool timer_e2h_tge(const struct cpu_state *cpu);
/* The offset between the physical count and a timer's count: CNTVOFF_EL2 for the EL1 virtual
 * timer; for the EL2 virtual timer too, except under HCR_EL2.{E2H,TGE} = {1,1}, where the
 * virtual offset is treated as zero (DDI 0487 D11.2.2); zero for the physical timers. */
uint64_t timer_offset(const struct timer_cpu *tc, enum timer_id id);
/* The count a timer compares against: physical - timer_offset. */
uint64_t timer_count(const struct timer_cpu *tc, enum timer_id id);
bool timer_istatus(const struct timer_cpu *tc, enum timer_id id);
/* Recompute one timer's output line. */
void timer_update(struct timer_cpu *tc, enum timer_id id);

#endif
