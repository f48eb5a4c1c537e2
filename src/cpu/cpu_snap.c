/* See cpu_snap.h. Host-side state (caches, the host debugger's breakpoints, stop reasons) is not
 * saved: a snapshot is the machine, not the session looking at it. */
#include "cpu/cpu_snap.h"

#include "cpu/cpu_internal.h"
#include "cpu/exception.h"

void cpu_snap(struct snap *s, struct cpu_state *c)
{
    char tag[SNAP_TAG_MAX];
    snprintf(tag, sizeof tag, "cpu%u", c->index);
    snap_begin(s, tag);
    snap_check_u64(s, "vCPU features", c->features);
    snap_check_u64(s, "EL2 implemented", c->has_el2);
    SNAP(s, c->x);
    SNAP(s, c->pc);
    SNAP(s, c->nzcv);
    SNAP(s, c->daif);
    SNAP(s, c->el);
    SNAP(s, c->spsel);
    SNAP(s, c->pan);
    SNAP(s, c->il);
    SNAP(s, c->ss);
    SNAP(s, c->sp_el);
    SNAP(s, c->vreg);
    SNAP(s, c->fpcr);
    SNAP(s, c->fpsr);
    SNAP(s, c->sr);
    SNAP(s, c->excl_valid);
    SNAP(s, c->excl_addr);
    SNAP(s, c->event_register);
    SNAP(s, c->irq_lines);
    SNAP(s, c->virq_lines);
    SNAP(s, c->halted);
    SNAP(s, c->exc_last_vector);
    SNAP(s, c->exc_streak);
    SNAP(s, c->icount);
    SNAP(s, c->run_state);
    struct cpu_debug *d = &c->dbg;
    SNAP(s, d->bvr);
    SNAP(s, d->bcr);
    SNAP(s, d->wvr);
    SNAP(s, d->wcr);
    SNAP(s, d->osdlr);
    SNAP(s, d->dbgprcr);
    SNAP(s, d->claim);
    SNAP(s, d->mdccint);
    SNAP(s, d->oseccr);
    SNAP(s, d->oslk);
    SNAP(s, d->ss_isv);
    SNAP(s, d->ss_ex);
    struct cpu_pmu *p = &c->pmu;
    SNAP(s, p->pmcr);
    SNAP(s, p->cnten);
    SNAP(s, p->inten);
    SNAP(s, p->ovs);
    SNAP(s, p->selr);
    SNAP(s, p->userenr);
    SNAP(s, p->ccntr);
    SNAP(s, p->ccfiltr);
    SNAP(s, p->evcntr);
    SNAP(s, p->evtyper);
    SNAP(s, p->prescale);
    SNAP(s, p->irq_level);
    snap_end(s);
}

void cpu_snap_loaded(struct cpu_state *c)
{
    mmu_init(&c->mmu, c->mmu.bus); /* both TLBs empty: refilled from the loaded tables */
    cpu_translation_changed(c);
    cpu_fetch_cache_flush(c);
    c->stop = CPU_RUNNING;
    c->stop_reason[0] = 0;
    cpu_debug_changed(c);
    cpu_pmu_changed(c);
    exc_update_irq(c);
}
