/*
 * Guest memory access slow paths: translation, bus access, aborts, and the exclusive monitors.
 * The inline fast paths in cpu_internal.h come here on a TLB miss, a misaligned access, or a
 * write to a page that holds code or is under an exclusive reservation.
 */
#include "cpu/icache_internal.h"

/* Take the data abort for a failed translation or bus error. */
static void data_abort(struct cpu_state *cpu, uint64_t va, bool write, uint32_t fsc)
{
    exc_take(cpu, EXC_SYNC, syn_data_abort(1, 0, write, fsc), va, 1, cpu->pc);
}

void cpu_alignment_fault(struct cpu_state *cpu, uint64_t va, bool write)
{
    data_abort(cpu, va, write, FSC_ALIGNMENT);
}

static uint32_t fault_fsc(const struct mmu_fault *f)
{
    switch (f->kind) {
    case MMU_FAULT_ADDRESS_SIZE: return FSC_ADDRESS_SIZE_L0 + f->level;
    default: return FSC_SYNC_EXTERNAL;
    }
}

/* True if some vCPU holds a reservation on pa's page (so its write mapping must stay slow). */
static bool page_reserved(const struct cpu_state *cpu, uint64_t pa)
{
    const struct icache *ic = cpu->icache;
    for (unsigned i = 0; i < icache_cpu_count(ic); i++) {
        const struct cpu_state *c = icache_cpu(ic, i);
        if (c->excl_valid && (c->excl_addr >> BUS_PAGE_BITS) == (pa >> BUS_PAGE_BITS))
            return true;
    }
    return false;
}

/* A store to [pa, pa+size) clears every monitor whose granule it touches (DDI 0487 B2.9.5). */
static void stores_clear_monitors(struct cpu_state *cpu, uint64_t pa, unsigned size)
{
    const struct icache *ic = cpu->icache;
    uint64_t first = pa & ~(uint64_t)(CPU_ERG_BYTES - 1), last = (pa + size - 1) & ~(uint64_t)(CPU_ERG_BYTES - 1);
    for (unsigned i = 0; i < icache_cpu_count(ic); i++) {
        struct cpu_state *c = icache_cpu(ic, i);
        if (c->excl_valid && c->excl_addr >= first && c->excl_addr <= last)
            c->excl_valid = false;
    }
}

static bool access_piece(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value, bool write)
{
    uint64_t pa;
    struct mmu_fault fault;
    if (!mmu_translate(&cpu->mmu, va, write ? MMU_WRITE : MMU_READ, &pa, &fault)) {
        data_abort(cpu, va, write, fault_fsc(&fault));
        return false;
    }
    enum bus_status st;
    if (write) {
        stores_clear_monitors(cpu, pa, size);
        st = bus_write(cpu->mmu.bus, pa, size, *value);
    } else {
        st = bus_read(cpu->mmu.bus, pa, size, value);
    }
    if (st != BUS_OK) {
        log_msg(LOG_GUEST, "vCPU %u: bus error on %s of %u bytes at 0x%llx (pc=0x%llx)", cpu->index,
                write ? "write" : "read", size, (unsigned long long)pa, (unsigned long long)cpu->pc);
        data_abort(cpu, va, write, FSC_SYNC_EXTERNAL);
        return false;
    }
    if (!write || !page_reserved(cpu, pa))
        mmu_tlb_fill(&cpu->mmu, va, pa, write ? MMU_WRITE : MMU_READ);
    return true;
}

static bool access_slow(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value, bool write)
{
    uint64_t in_page = BUS_PAGE_SIZE - (va & (BUS_PAGE_SIZE - 1));
    if (size <= in_page)
        return access_piece(cpu, va, size, value, write);
    /* Crosses a page: check both pages first so a fault leaves memory unchanged. */
    if (!cpu_probe(cpu, va, size, write ? MMU_WRITE : MMU_READ))
        return false;
    unsigned lo = (unsigned)in_page;
    uint64_t a = *value, b = *value >> (lo * 8);
    if (!access_piece(cpu, va, lo, &a, write) || !access_piece(cpu, va + lo, size - lo, &b, write))
        return false;
    if (!write) {
        uint64_t mask = lo >= 8 ? ~0ull : (1ull << (lo * 8)) - 1;
        *value = (a & mask) | (b << (lo * 8));
    }
    return true;
}

bool cpu_read_slow(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t *value)
{
    uint64_t v = 0;
    if (!access_slow(cpu, va, size, &v, false))
        return false;
    *value = v;
    return true;
}

bool cpu_write_slow(struct cpu_state *cpu, uint64_t va, unsigned size, uint64_t value)
{
    return access_slow(cpu, va, size, &value, true);
}

bool cpu_va_to_pa(struct cpu_state *cpu, uint64_t va, enum mmu_access access, uint64_t *pa)
{
    struct mmu_fault fault;
    return mmu_translate(&cpu->mmu, va, access, pa, &fault);
}

bool cpu_probe(struct cpu_state *cpu, uint64_t va, unsigned size, enum mmu_access access)
{
    /* Every page the access touches must translate and be backed by something on the bus. */
    uint64_t end = va + size - 1;
    for (uint64_t p = va & ~(BUS_PAGE_SIZE - 1);; p += BUS_PAGE_SIZE) {
        uint64_t addr = p < va ? va : p;
        uint64_t pa;
        struct mmu_fault fault;
        if (!mmu_translate(&cpu->mmu, addr, access, &pa, &fault)) {
            data_abort(cpu, addr, access == MMU_WRITE, fault_fsc(&fault));
            return false;
        }
        if (!bus_find(cpu->mmu.bus, pa)) {
            log_msg(LOG_GUEST, "vCPU %u: bus error at 0x%llx (pc=0x%llx)", cpu->index,
                    (unsigned long long)pa, (unsigned long long)cpu->pc);
            data_abort(cpu, addr, access == MMU_WRITE, FSC_SYNC_EXTERNAL);
            return false;
        }
        if ((end & ~(BUS_PAGE_SIZE - 1)) == p)
            break;
    }
    return true;
}

void cpu_excl_set(struct cpu_state *cpu, uint64_t pa)
{
    cpu->excl_valid = true;
    cpu->excl_addr = pa & ~(uint64_t)(CPU_ERG_BYTES - 1);
    /* Route every vCPU's stores to this page through the slow path, which clears monitors. */
    const uint8_t *host = bus_ram_ptr(cpu->mmu.bus, pa & ~(BUS_PAGE_SIZE - 1), false);
    const struct icache *ic = cpu->icache;
    for (unsigned i = 0; i < icache_cpu_count(ic); i++) {
        if (host)
            mmu_tlb_flush_writes_to(&icache_cpu(ic, i)->mmu, host);
        else
            mmu_tlb_flush_writes(&icache_cpu(ic, i)->mmu);
    }
}

bool cpu_excl_check(const struct cpu_state *cpu, uint64_t pa)
{
    return cpu->excl_valid && cpu->excl_addr == (pa & ~(uint64_t)(CPU_ERG_BYTES - 1));
}

void cpu_excl_clear(struct cpu_state *cpu)
{
    cpu->excl_valid = false;
}

static bool virt_copy(struct cpu_state *cpu, uint64_t va, void *buf, size_t len, bool write)
{
    uint8_t *p = buf;
    while (len) {
        uint64_t pa;
        size_t n = (size_t)(BUS_PAGE_SIZE - (va & (BUS_PAGE_SIZE - 1)));
        if (n > len)
            n = len;
        if (!cpu_va_to_pa(cpu, va, write ? MMU_WRITE : MMU_READ, &pa))
            return false;
        bool ok = write ? bus_copy_to(cpu->mmu.bus, pa, p, n) : bus_copy_from(cpu->mmu.bus, pa, p, n);
        if (!ok)
            return false;
        p += n;
        va += n;
        len -= n;
    }
    return true;
}

bool cpu_virt_read(struct cpu_state *cpu, uint64_t va, void *buf, size_t len)
{
    return virt_copy(cpu, va, buf, len, false);
}

bool cpu_virt_write(struct cpu_state *cpu, uint64_t va, const void *buf, size_t len)
{
    return virt_copy(cpu, va, (void *)buf, len, true);
}
