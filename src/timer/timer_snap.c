/* A vCPU's generic timers in a snapshot (util/snap.h): each timer's control, compare value and
 * output level, CNTFRQ, CNTKCTL, CNTHCTL, CNTVOFF and the event stream's last check. The shared
 * virtual clock is the machine's (vclock_snap). */
#include <stdio.h>

#include "timer/timer_internal.h"
#include "util/snap.h"

void gtimer_snap(struct snap *s, struct timer_cpu *tc, unsigned index)
{
    char tag[SNAP_TAG_MAX];
    snprintf(tag, sizeof tag, "timer%u", index);
    snap_begin(s, tag);
    for (unsigned i = 0; i < TIMER_COUNT; i++) {
        SNAP(s, tc->t[i].ctl);
        SNAP(s, tc->t[i].cval);
        SNAP(s, tc->t[i].level);
    }
    SNAP(s, tc->cntfrq);
    SNAP(s, tc->cntkctl);
    SNAP(s, tc->cnthctl);
    SNAP(s, tc->cntvoff);
    SNAP(s, tc->evt_last);
    snap_end(s);
}

void vclock_snap(struct snap *s, struct vclock *c)
{
    snap_begin(s, "vclock");
    snap_check_u64(s, "clock mode (-icount)", c->mode);
    snap_check_u64(s, "-icount shift", c->shift);
    SNAP(s, c->insns);
    SNAP(s, c->skipped_ns);
    snap_end(s);
}
