/* See digest.h. Fields are hashed one by one (not the structs' bytes) so padding, host pointers
 * and caches never reach the digest; integers are hashed in little-endian order on every host. */
#include "replay/digest.h"

#include <inttypes.h>
#include <string.h>

#include "bus/bus.h"

static void put64(struct sha256 *s, uint64_t v)
{
    uint8_t b[8];
    for (unsigned i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    sha256_update(s, b, 8);
}

static void put_array(struct sha256 *s, const uint64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put64(s, v[i]);
}

static void hash_cpu(struct sha256 *s, const struct cpu_state *c)
{
    put64(s, c->index);
    put64(s, c->icount);
    put_array(s, c->x, 32);
    put64(s, c->pc);
    put64(s, cpu_pstate(c));
    put64(s, c->ss);
    put_array(s, c->sp_el, 3);
    put_array(s, &c->vreg[0][0], 64);
    put64(s, c->fpcr);
    put64(s, c->fpsr);
    /* struct cpu_sysregs is all uint64_t (the sysreg tables index it by offsetof). */
    put_array(s, (const uint64_t *)(const void *)&c->sr, sizeof c->sr / sizeof(uint64_t));
    put64(s, c->excl_valid);
    put64(s, c->excl_addr);
    put64(s, c->event_register);
    put64(s, c->halted);
    put64(s, c->run_state);
    const struct cpu_debug *d = &c->dbg;
    put_array(s, d->bvr, CPU_NUM_BRPS);
    put_array(s, d->bcr, CPU_NUM_BRPS);
    put_array(s, d->wvr, CPU_NUM_WRPS);
    put_array(s, d->wcr, CPU_NUM_WRPS);
    put64(s, d->osdlr);
    put64(s, d->dbgprcr);
    put64(s, d->claim);
    put64(s, d->mdccint);
    put64(s, d->oseccr);
    put64(s, d->oslk);
    const struct cpu_pmu *p = &c->pmu;
    uint64_t pmu[] = { p->pmcr, p->cnten, p->inten, p->ovs, p->selr, p->userenr, p->ccntr, p->ccfiltr, p->prescale };
    put_array(s, pmu, sizeof pmu / sizeof pmu[0]);
    put_array(s, p->evcntr, CPU_PMU_COUNTERS);
    put_array(s, p->evtyper, CPU_PMU_COUNTERS);
}

/* RAM is mostly zero after a boot: a zero 4 KiB page is skipped (memory bandwidth only), a
 * nonzero one is hashed with its index, so the digest still covers every byte. */
static void hash_ram(struct sha256 *s, const struct bus_region *r)
{
    static const uint8_t zero[BUS_PAGE_SIZE];
    put64(s, r->base);
    put64(s, r->size);
    for (uint64_t off = 0; off < r->size; off += BUS_PAGE_SIZE) {
        uint64_t len = r->size - off < BUS_PAGE_SIZE ? r->size - off : BUS_PAGE_SIZE;
        if (memcmp(r->host + off, zero, len) == 0)
            continue;
        put64(s, off);
        sha256_update(s, r->host + off, len);
    }
}

void replay_digest(struct machine *m, uint8_t out[SHA256_LEN])
{
    struct sha256 s;
    sha256_init(&s);
    sha256_update(&s, "a64emu-digest-1", 15);
    for (unsigned i = 0; i < machine_cpu_count(m); i++)
        hash_cpu(&s, machine_cpu(m, i));
    struct bus *bus = machine_bus(m);
    for (size_t i = 0; i < bus_region_count(bus); i++) {
        const struct bus_region *r = bus_region_at(bus, i);
        if (r->host)
            hash_ram(&s, r);
    }
    sha256_final(&s, out);
}

void replay_print_digest(FILE *f, struct machine *m)
{
    uint8_t d[SHA256_LEN];
    char hex[2 * SHA256_LEN + 1];
    replay_digest(m, d);
    sha256_hex(d, hex);
    fprintf(f, "digest: %s\nicount: total %" PRIu64, hex, machine_icount(m));
    for (unsigned i = 0; i < machine_cpu_count(m); i++)
        fprintf(f, ", vCPU%u %" PRIu64, i, machine_cpu(m, i)->icount);
    fputc('\n', f);
}
