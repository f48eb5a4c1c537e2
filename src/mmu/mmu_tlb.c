/*
 * The two TLBs: the architectural TLB of successful stage-1 walks, tagged by translation
 * context, and the host-pointer soft TLB in front of it (see mmu.h).
 */
#include <string.h>

#include "mmu/mmu_internal.h"

void mmu_init(struct mmu *mmu, struct bus *bus)
{
    mmu->bus = bus;
    mmu->nfilled = MMU_TLB_FILLED_MAX + 1;
    mmu_tlb_flush(mmu);
    mmu_atlb_flush(mmu);
    memset(&mmu->stats, 0, sizeof mmu->stats);
}

void mmu_tlb_flush(struct mmu *mmu)
{
    if (mmu->nfilled <= MMU_TLB_FILLED_MAX) {
        for (unsigned i = 0; i < mmu->nfilled; i++)
            for (unsigned a = 0; a < 3; a++)
                mmu->tlb[mmu->filled[i]].tag[a] = TLB_INVALID;
    } else {
        for (unsigned i = 0; i < TLB_ENTRIES; i++)
            for (unsigned a = 0; a < 3; a++) {
                mmu->tlb[i].tag[a] = TLB_INVALID;
                mmu->tlb[i].addend[a] = 0;
            }
    }
    if (mmu->nfilled)
        mmu->stats.soft_flushes++;
    mmu->nfilled = 0;
}

void mmu_tlb_flush_writes(struct mmu *mmu)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++)
        mmu->tlb[i].tag[MMU_WRITE] = TLB_INVALID;
}

void mmu_tlb_flush_writes_to(struct mmu *mmu, const uint8_t *host_page)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        struct tlb_entry *e = &mmu->tlb[i];
        if (e->tag[MMU_WRITE] != TLB_INVALID && (uintptr_t)e->tag[MMU_WRITE] + e->addend[MMU_WRITE] == (uintptr_t)host_page)
            e->tag[MMU_WRITE] = TLB_INVALID;
    }
}

bool mmu_translate(struct mmu *mmu, uint64_t va, enum mmu_access access, uint64_t *pa,
                   struct mmu_fault *fault)
{
    (void)mmu;
    /* MMU off: flat mapping. An address above the implemented PA size is an Address size fault
     * at level 0 (DDI 0487 D8.2.9, "VMSA address translation disabled"). */
    if (va >> MMU_PA_BITS) {
        fault->kind = MMU_FAULT_ADDRESS_SIZE;
        fault->va = va;
        fault->pa = va;
        fault->access = access;
        fault->level = 0;
        fault->s1ptw = false;
        return false;
    }
    *pa = va;
    return true;
}

void mmu_tlb_fill(struct mmu *mmu, uint64_t va, uint64_t pa, enum mmu_access access)
{
    uint64_t page_va = va & ~(BUS_PAGE_SIZE - 1), page_pa = pa & ~(BUS_PAGE_SIZE - 1);
    uint8_t *host = bus_ram_ptr(mmu->bus, page_pa, access == MMU_WRITE);
    if (!host)
        return;
    struct tlb_entry *e = mmu_tlb_entry(mmu, va);
    e->tag[access] = page_va;
    e->addend[access] = (uintptr_t)host - (uintptr_t)page_va;
    if (mmu->nfilled < MMU_TLB_FILLED_MAX)
        mmu->filled[mmu->nfilled++] = (uint16_t)(e - mmu->tlb);
    else
        mmu->nfilled = MMU_TLB_FILLED_MAX + 1;
}

/* ---- architectural TLB ---- */

void mmu_atlb_flush(struct mmu *mmu)
{
    memset(mmu->atlb, 0, sizeof mmu->atlb);
    memset(mmu->atlb_next, 0, sizeof mmu->atlb_next);
}

static unsigned atlb_set(uint64_t va)
{
    uint64_t p = va >> 12;
    return (unsigned)((p ^ (p >> 8) ^ (va >> 48)) & (MMU_ATLB_SETS - 1));
}

void mmu_stats_count(struct mmu *mmu, const struct mmu_ctx *ctx, bool hit)
{
    struct mmu_stats *s = &mmu->stats;
    if (hit)
        s->atlb_hits++;
    else
        s->atlb_misses++;
    unsigned h = (unsigned)(ctx->asid * 7u + ctx->regime) % MMU_ASID_STATS;
    for (unsigned i = 0; i < MMU_ASID_STATS; i++) {
        unsigned k = (h + i) % MMU_ASID_STATS;
        if (!s->per_asid[k].used) {
            s->per_asid[k].used = true;
            s->per_asid[k].regime = ctx->regime;
            s->per_asid[k].asid = ctx->asid;
        }
        if (s->per_asid[k].regime == ctx->regime && s->per_asid[k].asid == ctx->asid) {
            if (hit)
                s->per_asid[k].hits++;
            else
                s->per_asid[k].misses++;
            return;
        }
    }
    if (hit)
        s->other_hits++;
    else
        s->other_misses++;
}

static bool atlb_match(const struct mmu_atlb_entry *e, const struct mmu_ctx *c, uint64_t frag)
{
    return e->valid && e->va == frag && e->regime == c->regime && e->vmid == c->vmid &&
           (e->global || e->asid == c->asid);
}

bool mmu_translate_regime(struct mmu *mmu, const struct mmu_regs *r, uint64_t va,
                          const struct mmu_access_desc *acc, struct mmu_result *res,
                          struct mmu_fault *fault)
{
    if (!(r->sctlr & MMU_SCTLR_M)) {
        uint64_t pa;
        if (!mmu_translate(mmu, va, acc->access, &pa, fault))
            return false;
        memset(res, 0, sizeof *res);
        res->pa = pa;
        res->mmu_off = true;
        res->level = 0;
        res->shift = BUS_PAGE_BITS;
        /* Stage 1 disabled: data accesses are Device-nGnRnE, fetches Normal (DDI 0487
         * D8.2.9). NOTE: the unaligned-access check for this case is not applied (as before). */
        res->attr = acc->access == MMU_EXEC ? 0xff : 0x00;
        return true;
    }
    struct mmu_ctx ctx = mmu_context(r);
    uint64_t eva = mmu_va_effective(r, va, acc->access);
    uint64_t frag = eva & ~(BUS_PAGE_SIZE - 1);
    unsigned set = atlb_set(frag);
    struct mmu_atlb_entry *hit = NULL;
    for (unsigned w = 0; w < MMU_ATLB_WAYS; w++)
        if (atlb_match(&mmu->atlb[set][w], &ctx, frag)) {
            hit = &mmu->atlb[set][w];
            break;
        }
    if (hit) {
        mmu_stats_count(mmu, &ctx, true);
        *res = hit->res;
        res->pa |= eva & (BUS_PAGE_SIZE - 1);
        /* MAIR may change without TLB maintenance being needed for our purposes: the entry
         * keeps the attribute byte as walked (a TLB may cache MAIR, DDI 0487 D8.13.2). */
    } else {
        mmu_stats_count(mmu, &ctx, false);
        if (!mmu_walk(mmu, r, va, acc->access, res, fault, NULL, true))
            return false;
        struct mmu_atlb_entry *e = &mmu->atlb[set][mmu->atlb_next[set]];
        mmu->atlb_next[set] = (uint8_t)((mmu->atlb_next[set] + 1) % MMU_ATLB_WAYS);
        e->valid = true;
        e->va = frag;
        e->regime = ctx.regime;
        e->vmid = ctx.vmid;
        e->asid = ctx.asid;
        e->global = !res->ng;
        e->res = *res;
        e->res.pa &= ~(BUS_PAGE_SIZE - 1);
    }
    if (!mmu_permitted(r, res, acc)) {
        fault->kind = MMU_FAULT_PERMISSION;
        fault->level = res->level;
        fault->va = va;
        fault->pa = 0;
        fault->access = acc->access;
        fault->s1ptw = false;
        return false;
    }
    return true;
}

/* TLBI by VA: the operand's VA[55:12]; bits 63:56 follow bit 55 in both the entry and the
 * operand for EL1&0, so compare bits 55:12 only. Entries for blocks match any VA inside the
 * block. */
static bool va_match(const struct mmu_atlb_entry *e, uint64_t va)
{
    const uint64_t m = ((1ull << 56) - 1);
    unsigned shift = e->res.shift > BUS_PAGE_BITS ? e->res.shift : BUS_PAGE_BITS;
    return (((e->va ^ va) & m) >> shift) == 0;
}

void mmu_tlbi(struct mmu *mmu, enum mmu_tlbi_scope scope, const struct mmu_ctx *ctx, uint64_t va)
{
    mmu->stats.tlbi_ops++;
    for (unsigned s = 0; s < MMU_ATLB_SETS; s++)
        for (unsigned w = 0; w < MMU_ATLB_WAYS; w++) {
            struct mmu_atlb_entry *e = &mmu->atlb[s][w];
            if (!e->valid || e->regime != ctx->regime)
                continue;
            bool drop;
            switch (scope) {
            case MMU_TLBI_ALL_REGIME: drop = true; break;
            case MMU_TLBI_VMALL: drop = e->vmid == ctx->vmid; break;
            case MMU_TLBI_ASID: drop = e->vmid == ctx->vmid && !e->global && e->asid == ctx->asid; break;
            case MMU_TLBI_VA:
                drop = e->vmid == ctx->vmid && (e->global || e->asid == ctx->asid) && va_match(e, va);
                break;
            case MMU_TLBI_VA_ALL_ASID: drop = e->vmid == ctx->vmid && va_match(e, va); break;
            default: drop = true; break;
            }
            if (drop) {
                e->valid = false;
                mmu->stats.atlb_invalidated++;
            }
        }
}
