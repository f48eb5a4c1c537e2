#include <stddef.h>
#include <stdlib.h>

#include "cpu/icache_internal.h"

static const cpu_exec_fn exec_table[A64_INSN_COUNT] = {
    [A64_UNALLOCATED] = exec_unallocated,
#define A64(id, title, pattern, feat, exec, disas, flags) [A64_##id] = exec,
#include "decode/a64_insns.def"
};

static void code_write_hook(void *opaque, uint64_t page_pa)
{
    struct icache *ic = opaque;
    for (struct code_page *pg = ic->hash[(page_pa >> BUS_PAGE_BITS) % ICACHE_HASH]; pg; pg = pg->next) {
        if (pg->pa == page_pa) {
            for (unsigned i = 0; i < ICACHE_SLOTS; i++)
                pg->e[i].fn = icache_decode_slot;
            pg->marked = false;
        }
    }
}

struct icache *icache_create(struct bus *bus)
{
    if (!dec_init())
        return NULL;
    struct icache *ic = calloc(1, sizeof *ic);
    if (!ic)
        return NULL;
    ic->bus = bus;
    bus_set_code_write_hook(bus, code_write_hook, ic);
    return ic;
}

static void free_pages(struct icache *ic)
{
    for (unsigned h = 0; h < ICACHE_HASH; h++) {
        struct code_page *pg = ic->hash[h];
        while (pg) {
            struct code_page *next = pg->next;
            free(pg);
            pg = next;
        }
        ic->hash[h] = NULL;
    }
    ic->npages = 0;
    ic->generation++;
}

void icache_destroy(struct icache *ic)
{
    if (!ic)
        return;
    free_pages(ic);
    free(ic);
}

void icache_attach_cpu(struct icache *ic, struct cpu_state *cpu)
{
    if (ic->ncpus < ICACHE_MAX_CPUS)
        ic->cpus[ic->ncpus++] = cpu;
}

unsigned icache_cpu_count(const struct icache *ic) { return ic->ncpus; }
struct cpu_state *icache_cpu(const struct icache *ic, unsigned i) { return i < ic->ncpus ? ic->cpus[i] : NULL; }

void icache_flush(struct icache *ic)
{
    /* Safe at any time: only exec pointers are cleared, no page is freed. */
    for (unsigned h = 0; h < ICACHE_HASH; h++)
        for (struct code_page *pg = ic->hash[h]; pg; pg = pg->next)
            for (unsigned i = 0; i < ICACHE_SLOTS; i++)
                pg->e[i].fn = icache_decode_slot;
}

struct code_page *icache_page(struct icache *ic, uint64_t pa)
{
    pa &= ~(BUS_PAGE_SIZE - 1);
    unsigned h = (unsigned)((pa >> BUS_PAGE_BITS) % ICACHE_HASH);
    for (struct code_page *pg = ic->hash[h]; pg; pg = pg->next)
        if (pg->pa == pa)
            return pg;
    const uint8_t *host = bus_ram_ptr(ic->bus, pa, false);
    if (!host)
        return NULL;
    if (ic->npages >= ICACHE_MAX_PAGES) {
        free_pages(ic);
        h = (unsigned)((pa >> BUS_PAGE_BITS) % ICACHE_HASH);
    }
    struct code_page *pg = calloc(1, sizeof *pg);
    if (!pg)
        return NULL;
    for (unsigned i = 0; i < ICACHE_SLOTS; i++)
        pg->e[i].fn = icache_decode_slot;
    pg->pa = pa;
    pg->host = host;
    pg->next = ic->hash[h];
    ic->hash[h] = pg;
    ic->npages++;
    return pg;
}

void icache_decode(struct icache *ic, struct code_page *pg, struct icache_entry *e)
{
    if (!pg->marked) {
        /* From now on every write to this page must reach the bus hook: drop fast write paths. */
        bus_mark_code(ic->bus, pg->pa);
        for (unsigned i = 0; i < ic->ncpus; i++)
            mmu_tlb_flush_writes_to(&ic->cpus[i]->mmu, pg->host);
        pg->marked = true;
    }
    size_t slot = (size_t)(e - pg->e);
    uint32_t raw;
    memcpy(&raw, pg->host + slot * 4, 4);
    const struct cpu_state *cpu0 = ic->ncpus ? ic->cpus[0] : NULL;
    dec_decode(raw, cpu0 ? cpu0->features : cpu_default_features(), &e->in);
    e->fn = exec_specialize(&e->in, exec_table[e->in.id]);
}

enum exec_result icache_decode_slot(struct cpu_state *cpu, const struct a64_insn *in)
{
    struct icache_entry *e = (struct icache_entry *)((char *)in - offsetof(struct icache_entry, in));
    struct icache_entry *first = e - ((cpu->pc & (BUS_PAGE_SIZE - 1)) >> 2);
    struct code_page *pg = (struct code_page *)((char *)first - offsetof(struct code_page, e));
    icache_decode(cpu->icache, pg, e);
    return e->fn(cpu, &e->in);
}

void cpu_list_insns(FILE *out, a64_features have)
{
    unsigned impl = 0, total = 0, gated = 0;
    for (unsigned id = 1; id < A64_INSN_COUNT; id++) {
        const struct a64_row *r = dec_row(id);
        const char *status;
        if (r->feature != FEAT_BASE && !(have & (1u << r->feature))) {
            status = "unallocated (feature not in profile)";
            gated++;
        } else if (exec_table[id] == exec_unimpl)
            status = "UNDEFINED (not implemented yet)";
        else {
            status = "implemented";
            impl++;
        }
        total++;
        fprintf(out, "%-14s %-44s %-13s %s  %s\n", r->name, r->title,
                a64_feature_name(r->feature), r->pattern, status);
    }
    fprintf(out, "%u of the %u encodings of the CPU profile implemented; %u more rows wait for a feature "
            "the profile does not advertise yet (UNDEFINED until it does)\n", impl, total - gated, gated);
}
