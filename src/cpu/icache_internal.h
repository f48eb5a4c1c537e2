/*
 * Private to src/cpu: the decoded-instruction cache (brief section 3). One code_page holds the
 * decoded form of each of the 1024 instruction slots of a 4 KiB physical page, decoded lazily on
 * first execution. A write to the page (through the bus code-write hook) resets the slots' exec
 * pointers, so the next execution decodes again; pages are freed only between blocks.
 *
 * A slot not decoded yet (or invalidated) holds icache_decode_slot as its exec pointer rather
 * than NULL: the run loop calls every slot's pointer without testing it first, and the first
 * call decodes the slot and runs it.
 */
#ifndef A64EMU_CPU_ICACHE_INTERNAL_H
#define A64EMU_CPU_ICACHE_INTERNAL_H

#include <stdint.h>

#include "cpu/cpu_internal.h"

#define ICACHE_SLOTS (BUS_PAGE_SIZE / 4)

struct icache_entry {
    cpu_exec_fn fn; /* icache_decode_slot: not decoded (or invalidated) */
    struct a64_insn in;
};

struct code_page {
    uint64_t pa;
    struct code_page *next;
    const uint8_t *host; /* the RAM backing this page */
    bool marked;         /* bus code flag set (cleared by a write) */
    struct icache_entry e[ICACHE_SLOTS];
};

#define ICACHE_HASH 4096
#define ICACHE_MAX_PAGES 2048 /* about 110 MiB of decoded code before a full flush */
#define ICACHE_MAX_CPUS 64

struct icache {
    struct bus *bus;
    struct code_page *hash[ICACHE_HASH];
    unsigned npages;
    uint64_t generation; /* changes whenever pages are freed */
    struct cpu_state *cpus[ICACHE_MAX_CPUS];
    unsigned ncpus;
};

/*
 * Find (or create) the decoded page for physical page pa. Returns NULL if pa is not RAM.
 * May free every page (capacity flush): call only between blocks.
 */
struct code_page *icache_page(struct icache *ic, uint64_t pa);
/* Decode slot e of page pg. */
void icache_decode(struct icache *ic, struct code_page *pg, struct icache_entry *e);
/*
 * The exec pointer of a slot not decoded yet: decodes the slot, then executes it. It finds its
 * slot from `in` and its page from cpu->pc (the slot index is PC<11:2>), so it must be called,
 * as the run loop does, for the instruction at cpu->pc.
 */
enum exec_result icache_decode_slot(struct cpu_state *cpu, const struct a64_insn *in);
static inline bool icache_slot_decoded(const struct icache_entry *e) { return e->fn != icache_decode_slot; }
/* Generation: changes whenever pages are freed, so per-vCPU fetch caches know to drop theirs. */
static inline uint64_t icache_generation(const struct icache *ic) { return ic->generation; }

#endif
