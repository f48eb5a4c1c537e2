/*
 * `stats` (monitor_internal.h): what the machine did, from counters kept where the events
 * already happen (cpu_exc_stats in exc_take_el, mmu_stats in the TLB and walker): nothing is
 * counted per instruction but the retired count the run loop keeps anyway.
 */
#include <inttypes.h>

#include "cpu/cpu.h"
#include "cpu/exception.h"
#include "frontend/monitor_internal.h"

static void cpu_stats(struct mon_out *o, const struct cpu_state *cpu)
{
    const struct cpu_exc_stats *st = &cpu->exc_stats;
    mon_put(o, "vCPU %u: %" PRIu64 " instructions, %" PRIu64 " exceptions\n", cpu->index, cpu->icount, cpu->last_exc.seq);
    for (unsigned ec = 0; ec < 64; ec++)
        for (unsigned el = 1; el < 3; el++)
            if (st->sync_by_ec[ec][el])
                mon_put(o, "  %-20s (EC 0x%02x) to EL%u: %" PRIu64 "\n", exc_class_name(ec), ec, el, st->sync_by_ec[ec][el]);
    static const char *const types[] = { "", "IRQ", "FIQ", "SError" };
    for (unsigned t = EXC_IRQ; t <= EXC_FIQ; t++)
        for (unsigned el = 1; el < 3; el++)
            if (st->async[t][el])
                mon_put(o, "  %-20s            to EL%u: %" PRIu64 "\n", types[t], el, st->async[t][el]);
    bool any = false;
    for (unsigned i = 0; i < CPU_TRAP_CAUSES && st->traps[i].cause; i++) {
        if (!any)
            mon_put(o, "  traps and routings by cause:\n");
        any = true;
        mon_put(o, "    to EL%u because %s: %" PRIu64 "\n", st->traps[i].el, st->traps[i].cause, st->traps[i].count);
    }
    if (st->traps_other)
        mon_put(o, "    (other causes: %" PRIu64 ")\n", st->traps_other);
    const struct mmu_stats *m = &cpu->mmu.stats;
    mon_put(o, "  TLB: %" PRIu64 " hits, %" PRIu64 " misses; %" PRIu64 " stage-1 walks (%" PRIu64
               " descriptor reads, %" PRIu64 " faults); %" PRIu64 " stage-2 walks (%" PRIu64 " descriptor reads); %" PRIu64
               " TLBI operations\n",
            m->atlb_hits, m->atlb_misses, m->walks, m->desc_reads, m->walk_faults, m->s2_walks, m->s2_desc_reads,
            m->tlbi_ops);
}

void mon_cmd_stats(struct mon_ctx *c)
{
    if (c->argc != 1) {
        mon_put(c->o, "stats: takes no arguments\n");
        return;
    }
    for (unsigned i = 0; i < mon_cpu_count(c->cpu); i++)
        cpu_stats(c->o, mon_cpu(c->cpu, i));
}
