/*
 * The run loop (style.md 6.6). Its order follows the architecture's priorities: pending
 * interrupts and the budget at block boundaries, PC alignment, fetch (with a possible
 * instruction abort), decode (once, cached), execute.
 */
#include "cpu/icache_internal.h"
#include "trace/trace_hook.h"
#include "util/compiler.h"

void cpu_fetch_cache_flush(struct cpu_state *cpu)
{
    for (unsigned i = 0; i < CPU_FETCH_CACHE; i++)
        cpu->fetch_cache[i].page = NULL;
}

/* Translate the PC and find its decoded page; on failure the abort is taken, NULL returned. */
static struct code_page *fetch_page_slow(struct cpu_state *cpu, uint64_t va_page)
{
    struct mmu_result res;
    struct mmu_fault fault;
    /* Through the walker: execute permission (UXN/PXN/XN, WXN) is checked here (cpu_mem.c). */
    if (!cpu_translate(cpu, cpu->pc, MMU_EXEC, false, &res, &fault)) {
        cpu_insn_abort(cpu, &fault);
        return NULL;
    }
    uint64_t pa = res.pa;
    struct code_page *pg = icache_page(cpu->icache, pa);
    if (!pg) {
        /* Executing from a device or from nowhere: synchronous external abort on fetch. */
        log_msg(LOG_GUEST, "vCPU %u: instruction fetch from non-RAM address 0x%llx", cpu->index,
                (unsigned long long)pa);
        exc_take(cpu, EXC_SYNC, syn_insn_abort(1, FSC_SYNC_EXTERNAL), cpu->pc, 1, cpu->pc);
        return NULL;
    }
    /* icache_page may have freed everything: resynchronise before caching. */
    if (cpu->fetch_gen != icache_generation(cpu->icache)) {
        cpu_fetch_cache_flush(cpu);
        cpu->fetch_gen = icache_generation(cpu->icache);
    }
    unsigned slot = (unsigned)(va_page >> BUS_PAGE_BITS) % CPU_FETCH_CACHE;
    cpu->fetch_cache[slot].va_page = va_page;
    cpu->fetch_cache[slot].page = pg;
    cpu->fetch_cache[slot].nonglobal = res.ng; /* dropped by an ASID switch (cpu_asid_changed) */
    return pg;
}

static inline struct code_page *fetch_page(struct cpu_state *cpu)
{
    uint64_t va_page = cpu->pc & ~(BUS_PAGE_SIZE - 1);
    unsigned slot = (unsigned)(va_page >> BUS_PAGE_BITS) % CPU_FETCH_CACHE;
    if (cpu->fetch_cache[slot].page && cpu->fetch_cache[slot].va_page == va_page &&
        cpu->fetch_gen == icache_generation(cpu->icache))
        return cpu->fetch_cache[slot].page;
    return fetch_page_slow(cpu, va_page);
}

/*
 * One instruction with the self-hosted debug checks (debug.c) and PMU counting (pmu.c) around it, in the order of the
 * synchronous exception priorities (DDI 0487 D1.13.2): software step, PC alignment, the fetch's
 * Instruction Abort, breakpoint; then the instruction itself, marked as the step if one is
 * active. Used while cpu->dbg.attn: a guest debugger has armed a step or a breakpoint.
 */
static void run_debug_one(struct cpu_state *cpu)
{
    /* The host debugger's breakpoints come first: they stop the vCPU with no architectural
     * effect, before anything of the instruction (or a pending software step) happens. */
    if (A64_UNLIKELY(cpu->hdbg.nbp) && cpu_host_breakpoint(cpu))
        return;
    bool mid = cpu->tp.mid_block; /* any exception below ends the block: the flag is spent */
    cpu->tp.mid_block = false;
    cpu->irq_attn |= cpu->tp.irq_stash; /* past the block start the interrupt check skipped */
    cpu->tp.irq_stash = 0;
    if (cpu_dbg_step_pending(cpu))
        return;
    if (cpu->pc & 3) {
        exc_take(cpu, EXC_SYNC, syn_pc_alignment(), cpu->pc, 1, cpu->pc);
        return;
    }
    if (cpu->il) {
        exc_take(cpu, EXC_SYNC, syn_illegal_state(), 0, 0, cpu->pc);
        return;
    }
    struct code_page *pg = fetch_page(cpu);
    if (!pg || cpu_dbg_breakpoint(cpu))
        return;
    struct icache_entry *e = &pg->e[(cpu->pc & (BUS_PAGE_SIZE - 1)) >> 2];
    if (!icache_slot_decoded(e)) /* the step and trace hooks below read the decoded word */
        icache_decode(cpu->icache, pg, e);
    /* Each instruction here is a block of its own (exact icount), except in the gdb stub's
     * transparent mode, where a counter read in the middle of what would be a fast-path block
     * ends it first (exec_mrs), exactly as the fast path does. */
    cpu->block_pc = mid ? ~cpu->pc : cpu->pc;
    cpu_dbg_step_begin(cpu, &e->in);
    if (cpu->trace)
        trace_hook_insn(cpu, e->in.raw);
    unsigned el = cpu->el;
    enum exec_result r = e->fn(cpu, &e->in);
    if (r == EXEC_EXCEPTION) {
        /* SVC, HVC and SMC are architecturally executed before their exception is taken (the
         * PMU's INST_RETIRED counts them); an instruction that faulted is not. */
        unsigned ec = (unsigned)((cpu->el == 2 ? cpu->sr.esr_el2 : cpu->sr.esr_el1) >> 26) & 0x3f;
        if (cpu->pmu.counting && (ec == EC_SVC64 || ec == EC_HVC64 || ec == EC_SMC64))
            cpu_pmu_retired(cpu, el);
        return;
    }
    cpu->icount++;
    if (cpu->pmu.counting)
        cpu_pmu_retired(cpu, el);
    if (r == EXEC_NEXT || r == EXEC_END_BLOCK)
        cpu->pc += 4;
    /* Transparent mode: would the fast path's block go on after this instruction without
     * looking at interrupts (run() below: only a sequential instruction inside the page)? */
    cpu->tp.mid_block = cpu->tp.blocks && r == EXEC_NEXT && (cpu->pc & (BUS_PAGE_SIZE - 1)) != 0;
    /* Inside such a block the fast path does not look at interrupts: hide a pending one from
     * run()'s check at the next iteration (it is given back before the next instruction, or by
     * the machine at the end of the slice). */
    if (cpu->tp.mid_block && cpu->irq_attn && !cpu->halted) {
        cpu->tp.irq_stash = cpu->irq_attn;
        cpu->irq_attn = 0;
    }
}

/* The gdb stub's cut (cpu_host_debug.stop_at): this vCPU's steps, retired instructions plus
 * exceptions taken, reached the limit. Only on the one-instruction path. */
static inline bool cut_reached(const struct cpu_state *cpu)
{
    return cpu->tp.on && cpu->icount + cpu->last_exc.seq >= cpu->tp.stop_at;
}

/* Where a block starting at slot e ends: the page end, or after `left` (> 0) instructions. */
static inline struct icache_entry *block_stop(struct icache_entry *e, struct icache_entry *page_end, uint64_t left)
{
    return (uint64_t)(page_end - e) < left ? page_end : e + left;
}

/* Inlined into its two callers so `single` is a constant and the plain loop pays nothing for it. */
static A64_ALWAYS_INLINE uint64_t run(struct cpu_state *cpu, uint64_t budget, bool single)
{
    uint64_t start = cpu->icount, end = start + budget;
    cpu->yield = false;
    while (cpu->icount < end && cpu->stop == CPU_RUNNING && cpu->run_state == CPU_RUNNABLE && !cpu->yield) {
        /* 1. Interrupts (exception.c): one compare unless one is deliverable or WFI waits. */
        if (cpu->irq_attn && !(single && cpu->hdbg.step_noirq) && !exc_service_irq(cpu))
            break; /* halted in WFI with nothing pending */
        if (A64_UNLIKELY(cpu->dbg.attn)) {
            if (cut_reached(cpu))
                break;
            run_debug_one(cpu);
            if (single) {
                if (cpu->irq_attn && cpu->stop == CPU_RUNNING && !cpu->halted && !cpu->hdbg.step_noirq)
                    exc_service_irq(cpu);
                break;
            }
            if (cut_reached(cpu))
                break;
            continue;
        }
        /* 2. PC alignment (DDI 0487 D1.10.2: PC alignment fault, FAR = PC). */
        if (cpu->pc & 3) {
            exc_take(cpu, EXC_SYNC, syn_pc_alignment(), cpu->pc, 1, cpu->pc);
            if (single)
                break;
            continue;
        }
        /* An illegal exception return makes the next instruction fault (DDI 0487 D1.4.4). */
        if (cpu->il) {
            exc_take(cpu, EXC_SYNC, syn_illegal_state(), 0, 0, cpu->pc);
            if (single)
                break;
            continue;
        }
        /* 3. Fetch. */
        struct code_page *pg = fetch_page(cpu);
        if (!pg) {
            if (single)
                break;
            continue;
        }
        cpu->block_pc = cpu->pc;
        struct icache_entry *e = &pg->e[(cpu->pc & (BUS_PAGE_SIZE - 1)) >> 2];
        struct icache_entry *page_end = &pg->e[ICACHE_SLOTS];
        uint64_t pg_va = cpu->pc & ~(BUS_PAGE_SIZE - 1);
        /* 4-5. Execute (a slot not decoded yet decodes itself: icache_decode_slot); run on
         * sequentially within the page. The block stops at `stop`, the page end or the slot where
         * the budget runs out, whichever comes first, so one compare per instruction covers
         * both; the retired count is n plus the slots passed since `base` (no handler reads
         * cpu->icount). */
        uint64_t n = cpu->icount;
        struct icache_entry *base = e, *stop = block_stop(e, page_end, end - n);
        for (;;) {
            enum exec_result r = e->fn(cpu, &e->in);
            if (A64_LIKELY(r == EXEC_NEXT)) {
                cpu->pc += 4;
                if (A64_UNLIKELY(++e == stop) || single)
                    break;
                continue;
            }
            if (r == EXEC_EXCEPTION)
                break;
            e++; /* retired */
            if (r == EXEC_BRANCH) {
                /* A branch that stays in this page goes on without a lookup: same translation,
                 * so only the alignment and budget checks of a block start apply. */
                uint64_t done = n + (uint64_t)(e - base);
                if (single || done >= end || (cpu->pc & 3) || cpu->irq_attn ||
                    ((cpu->pc ^ pg_va) & ~(BUS_PAGE_SIZE - 1)))
                    break;
                n = done;
                e = base = &pg->e[(cpu->pc & (BUS_PAGE_SIZE - 1)) >> 2];
                stop = block_stop(e, page_end, end - n);
                continue;
            }
            if (r == EXEC_CONTEXT_CHANGE)
                break;
            cpu->pc += 4;
            if (r == EXEC_END_BLOCK || e == stop || single)
                break;
        }
        cpu->icount = n + (uint64_t)(e - base);
        if (single) {
            /* A step ends where QEMU's single-instruction blocks do: an interrupt the
             * instruction unmasked or raised is taken before the next state is observed. */
            if (cpu->irq_attn && cpu->stop == CPU_RUNNING && !cpu->halted && !cpu->hdbg.step_noirq)
                exc_service_irq(cpu);
            break;
        }
    }
    return cpu->icount - start;
}

uint64_t cpu_run(struct cpu_state *cpu, uint64_t budget)
{
    return run(cpu, budget, false);
}

void cpu_step(struct cpu_state *cpu)
{
    run(cpu, 1, true);
}

void cpu_step_noirq(struct cpu_state *cpu)
{
    /* Halted in WFI: the interrupt check is what keeps it waiting, so it stays (no step). */
    if (cpu->halted) {
        run(cpu, 1, true);
        return;
    }
    cpu->hdbg.step_noirq = true;
    run(cpu, 1, true);
    cpu->hdbg.step_noirq = false;
}
