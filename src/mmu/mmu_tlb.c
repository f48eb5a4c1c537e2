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

void mmu_tlb_flush_page(struct mmu *mmu, uint64_t va)
{
    /* The index takes VA bits 12 up to 12 + TLB_BITS only, so bits 63:56 do not matter. */
    struct tlb_entry *e = mmu_tlb_entry(mmu, va);
    for (unsigned a = 0; a < 3; a++)
        e->tag[a] = TLB_INVALID;
}

/* Drop entry e's nG mappings; true if it still maps something. */
static bool strip_nonglobal(struct tlb_entry *e)
{
    bool kept = false;
    for (unsigned a = 0; a < 3; a++) {
        if ((e->nonglobal >> a) & 1)
            e->tag[a] = TLB_INVALID;
        kept |= e->tag[a] != TLB_INVALID;
    }
    e->nonglobal = 0;
    return kept;
}

void mmu_tlb_flush_nonglobal(struct mmu *mmu)
{
    /* Walk the filled list, or every entry when it overflowed; either way the list is rebuilt
     * from the entries that keep a mapping. */
    bool all = mmu->nfilled > MMU_TLB_FILLED_MAX;
    unsigned count = all ? TLB_ENTRIES : mmu->nfilled, n = 0;
    for (unsigned i = 0; i < count; i++) {
        unsigned idx = all ? i : mmu->filled[i];
        if (!strip_nonglobal(&mmu->tlb[idx]))
            continue;
        if (n < MMU_TLB_FILLED_MAX)
            mmu->filled[n++] = (uint16_t)idx;
        else
            n = MMU_TLB_FILLED_MAX + 1;
    }
    if (all || n != mmu->nfilled)
        mmu->stats.soft_flushes++;
    mmu->nfilled = n;
}

void mmu_tlb_flush_writes(struct mmu *mmu)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++)
        mmu->tlb[i].tag[MMU_WRITE] = TLB_INVALID;
}

void mmu_tlb_flush_writes_to(struct mmu *mmu, const uint8_t *host_page)
{
    if (mmu->writes_cleared_page == host_page && mmu->writes_cleared_fills == mmu->fills)
        return;
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        struct tlb_entry *e = &mmu->tlb[i];
        if (e->tag[MMU_WRITE] != TLB_INVALID && (uintptr_t)e->tag[MMU_WRITE] + e->addend[MMU_WRITE] == (uintptr_t)host_page)
            e->tag[MMU_WRITE] = TLB_INVALID;
    }
    mmu->writes_cleared_page = host_page;
    mmu->writes_cleared_fills = mmu->fills;
}

bool mmu_translate(struct mmu *mmu, uint64_t va, enum mmu_access access, uint64_t *pa,
                   struct mmu_fault *fault)
{
    (void)mmu;
    /* MMU off: flat mapping. An address above the implemented PA size is an Address size fault
     * at level 0 (DDI 0487 D8.2.9, "VMSA address translation disabled"). */
    if (va >> MMU_PA_BITS) {
        mmu_set_fault(fault, MMU_FAULT_ADDRESS_SIZE, 0, va, va, access);
        return false;
    }
    *pa = va;
    return true;
}

void mmu_tlb_fill(struct mmu *mmu, uint64_t va, uint64_t pa, enum mmu_access access, bool nonglobal)
{
    uint64_t page_va = va & ~(BUS_PAGE_SIZE - 1), page_pa = pa & ~(BUS_PAGE_SIZE - 1);
    uint8_t *host = bus_ram_ptr(mmu->bus, page_pa, access == MMU_WRITE);
    if (!host)
        return;
    struct tlb_entry *e = mmu_tlb_entry(mmu, va);
    mmu->fills++;
    e->tag[access] = page_va;
    e->addend[access] = (uintptr_t)host - (uintptr_t)page_va;
    e->nonglobal = (uint8_t)((e->nonglobal & ~(1u << access)) | (unsigned)nonglobal << access);
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
    mmu->atlb_nblocks = 0;
}

/* The set of a 4 KiB fragment. Only VA bits 55:12 reach the index (the mask keeps bits 55:48
 * of va >> 48): a TLBI operand carries no bits 63:56 (cpu_tlbi) and must find the set of the
 * canonical VA it names (mmu_tlbi's one-set scan). */
_Static_assert(MMU_ATLB_SETS <= 256, "atlb_set: a wider index would take VA bits above 55");
static unsigned atlb_set(uint64_t va)
{
    uint64_t p = va >> 12;
    return (unsigned)((p ^ (p >> 8) ^ (va >> 48)) & (MMU_ATLB_SETS - 1));
}

static unsigned atlb_entry_shift(const struct mmu_atlb_entry *e)
{
    return e->res.shift > BUS_PAGE_BITS ? e->res.shift : BUS_PAGE_BITS;
}

/* Note that the ATLB may now hold a fragment of the block of entry e (if e maps a block). */
static void atlb_note_block(struct mmu *mmu, const struct mmu_atlb_entry *e)
{
    unsigned shift = atlb_entry_shift(e);
    if (shift == BUS_PAGE_BITS || mmu->atlb_nblocks > MMU_ATLB_BLOCKS)
        return;
    uint64_t block = (e->va & ((1ull << 56) - 1)) >> shift;
    for (unsigned i = 0; i < mmu->atlb_nblocks; i++)
        if (mmu->atlb_block[i].shift == shift && mmu->atlb_block[i].va == block)
            return;
    if (mmu->atlb_nblocks == MMU_ATLB_BLOCKS) {
        mmu->atlb_nblocks = MMU_ATLB_BLOCKS + 1;
        return;
    }
    mmu->atlb_block[mmu->atlb_nblocks].va = block;
    mmu->atlb_block[mmu->atlb_nblocks].shift = shift;
    mmu->atlb_nblocks++;
}

/* Could an entry outside va's own set translate va (a block entry made for another fragment)? */
static bool atlb_block_may_hold(const struct mmu *mmu, uint64_t va)
{
    if (mmu->atlb_nblocks > MMU_ATLB_BLOCKS)
        return true;
    for (unsigned i = 0; i < mmu->atlb_nblocks; i++)
        if (((va & ((1ull << 56) - 1)) >> mmu->atlb_block[i].shift) == mmu->atlb_block[i].va)
            return true;
    return false;
}

void mmu_stats_count(struct mmu *mmu, const struct mmu_ctx *ctx, bool hit)
{
    struct mmu_stats *s = &mmu->stats;
    if (hit)
        s->atlb_hits++;
    else
        s->atlb_misses++;
    unsigned h = (unsigned)(ctx->asid * 7u + ctx->vmid * 13u + ctx->regime) % MMU_ASID_STATS;
    for (unsigned i = 0; i < MMU_ASID_STATS; i++) {
        unsigned k = (h + i) % MMU_ASID_STATS;
        if (!s->per_asid[k].used) {
            s->per_asid[k].used = true;
            s->per_asid[k].regime = ctx->regime;
            s->per_asid[k].vmid = ctx->vmid;
            s->per_asid[k].asid = ctx->asid;
        }
        if (s->per_asid[k].regime == ctx->regime && s->per_asid[k].vmid == ctx->vmid &&
            s->per_asid[k].asid == ctx->asid) {
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
           e->s2mode == c->s2mode && (e->global || e->asid == c->asid);
}

static void permission_fault(struct mmu_fault *fault, unsigned level, uint64_t va, enum mmu_access access)
{
    mmu_set_fault(fault, MMU_FAULT_PERMISSION, level, va, 0, access);
}

/* Stage 1 with the MMU off (flat). DC: Normal write-back instead of Device for data. */
static bool s1_off(struct mmu *mmu, const struct mmu_regs *r, uint64_t va, const struct mmu_access_desc *acc,
                   struct mmu_result *res, struct mmu_fault *fault)
{
    uint64_t pa;
    if (!mmu_translate(mmu, va, acc->access, &pa, fault))
        return false;
    fault->stage2 = false;
    fault->ipa = 0;
    memset(res, 0, sizeof *res);
    res->pa = pa;
    res->mmu_off = true;
    res->level = 0;
    res->shift = BUS_PAGE_BITS;
    /* Stage 1 disabled: data accesses are Device-nGnRnE, fetches Normal (DDI 0487
     * D8.2.9); with HCR_EL2.DC Normal write-back for both (D19.2.46).
     * NOTE: the unaligned-access check for this case is not applied (as before). */
    res->attr = acc->access == MMU_EXEC || r->dc ? 0xff : 0x00;
    return true;
}

/*
 * Stage 2 after a successful stage 1 (or stage 1 off): *res holds the stage-1 result with
 * pa = IPA; on success it becomes the combined result (AArch64.S2Translate then
 * AArch64.CombineS1S2Desc). The stage-2 permission check is done here for the walk's access;
 * the caller re-checks it on TLB hits.
 */
static bool s2_after_s1(struct mmu *mmu, const struct mmu_regs *r, uint64_t va, enum mmu_access access,
                        struct mmu_result *res, struct mmu_fault *fault, unsigned *reads)
{
    struct mmu_result s2;
    bool ok = mmu_s2_walk(mmu, r, res->pa, va, access, &s2, fault, true);
    *reads += mmu->stats.last_walk_reads;
    if (!ok && fault->kind != MMU_FAULT_PERMISSION)
        return false;
    res->ipa = res->pa;
    res->pa = s2.pa;
    res->s1attr = res->attr;
    res->attr = mmu_combine_attr(res->attr, s2.attr);
    if (s2.shift < res->shift)
        res->shift = s2.shift;
    res->s2 = true;
    res->s2ap = s2.s2ap;
    res->s2xn = s2.s2xn;
    res->s2level = s2.s2level;
    res->s2shift = s2.s2shift;
    res->s2attr = s2.s2attr;
    return ok;
}

bool mmu_translate_regime(struct mmu *mmu, const struct mmu_regs *r, uint64_t va,
                          const struct mmu_access_desc *acc, struct mmu_result *res,
                          struct mmu_fault *fault)
{
    bool s1 = (r->sctlr & MMU_SCTLR_M) != 0;
    if (!s1 && !r->s2)
        return s1_off(mmu, r, va, acc, res, fault);
    if (acc->s1_only) {
        /* AT S1E*: stage 1 alone (its descriptor fetches still go through stage 2), no TLB. */
        if (!s1)
            return s1_off(mmu, r, va, acc, res, fault);
        if (!mmu_walk(mmu, r, va, acc->access, res, fault, NULL, true))
            return false;
        if (!mmu_permitted(r, res, acc)) {
            permission_fault(fault, res->level, va, acc->access);
            return false;
        }
        return true;
    }
    struct mmu_ctx ctx = mmu_context(r);
    uint64_t eva = s1 ? mmu_va_effective(r, va, acc->access) : va;
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
        if (res->s2) {
            res->ipa |= eva & (BUS_PAGE_SIZE - 1);
            /* Stage 1 off: its attribute depends on the access (fetch or data), so the entry
             * keeps stage 2's alone and the combination is redone here. */
            if (res->mmu_off) {
                res->s1attr = acc->access == MMU_EXEC || r->dc ? 0xff : 0x00;
                res->attr = mmu_combine_attr(res->s1attr, res->s2attr);
            }
        }
        /* MAIR may change without TLB maintenance being needed for our purposes: the entry
         * keeps the attribute byte as walked (a TLB may cache MAIR, DDI 0487 D8.13.2). */
    } else {
        mmu_stats_count(mmu, &ctx, false);
        if (s1) {
            if (!mmu_walk(mmu, r, va, acc->access, res, fault, NULL, true))
                return false;
        } else if (!s1_off(mmu, r, va, acc, res, fault)) {
            return false;
        }
        if (r->s2) {
            /* A stage-1 Permission fault comes before anything stage 2 says about the output
             * address (AArch64.FullTranslate): check it before walking stage 2. */
            if (!mmu_permitted(r, res, acc)) {
                permission_fault(fault, res->level, va, acc->access);
                return false;
            }
            unsigned reads = mmu->stats.last_walk_reads;
            if (!s1)
                reads = 0;
            bool ok = s2_after_s1(mmu, r, va, acc->access, res, fault, &reads);
            mmu->stats.last_walk_reads = reads;
            if (!ok && fault->kind != MMU_FAULT_PERMISSION)
                return false; /* faulting walks are never cached */
        }
        struct mmu_atlb_entry *e = &mmu->atlb[set][mmu->atlb_next[set]];
        mmu->atlb_next[set] = (uint8_t)((mmu->atlb_next[set] + 1) % MMU_ATLB_WAYS);
        e->valid = true;
        e->va = frag;
        e->regime = ctx.regime;
        e->s2mode = ctx.s2mode;
        e->vmid = ctx.vmid;
        e->asid = ctx.asid;
        e->global = !res->ng;
        e->res = *res;
        e->res.pa &= ~(BUS_PAGE_SIZE - 1);
        e->res.ipa &= ~(BUS_PAGE_SIZE - 1);
        atlb_note_block(mmu, e);
    }
    if (!mmu_permitted(r, res, acc)) {
        permission_fault(fault, res->level, va, acc->access);
        return false;
    }
    if (res->s2 && !mmu_s2_permitted(res, acc->access)) {
        permission_fault(fault, res->s2level, va, acc->access);
        fault->stage2 = true;
        fault->ipa = res->ipa;
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

/* Does the TLBI of this scope drop entry e? */
static bool tlbi_drops(const struct mmu_atlb_entry *e, enum mmu_tlbi_scope scope, const struct mmu_ctx *ctx, uint64_t va)
{
    if (!e->valid || e->regime != ctx->regime)
        return false;
    switch (scope) {
    case MMU_TLBI_ALL_REGIME: return true;
    case MMU_TLBI_VMALL: return e->vmid == ctx->vmid;
    case MMU_TLBI_ASID: return e->vmid == ctx->vmid && !e->global && e->asid == ctx->asid;
    case MMU_TLBI_VA: return e->vmid == ctx->vmid && (e->global || e->asid == ctx->asid) && va_match(e, va);
    case MMU_TLBI_VA_ALL_ASID: return e->vmid == ctx->vmid && va_match(e, va);
    case MMU_TLBI_IPA:
        /* Every combined entry whose stage-2 part came from the stage-2 block or page holding
         * the IPA (compared at that block's size). */
        return e->vmid == ctx->vmid && e->res.s2 &&
               ((e->res.ipa ^ va) & ((1ull << 48) - 1)) >> (e->res.s2shift > BUS_PAGE_BITS ? e->res.s2shift : BUS_PAGE_BITS) == 0;
    default: return true;
    }
}

bool mmu_tlbi(struct mmu *mmu, enum mmu_tlbi_scope scope, const struct mmu_ctx *ctx, uint64_t va)
{
    mmu->stats.tlbi_ops++;
    /* By VA, where no block the ATLB may hold contains the VA, only the VA's own set can hold an
     * entry that translates it (Linux issues one such TLBI per page it unmaps or patches). */
    if ((scope == MMU_TLBI_VA || scope == MMU_TLBI_VA_ALL_ASID) && !atlb_block_may_hold(mmu, va)) {
        struct mmu_atlb_entry *set = mmu->atlb[atlb_set(va)];
        for (unsigned w = 0; w < MMU_ATLB_WAYS; w++)
            if (tlbi_drops(&set[w], scope, ctx, va)) {
                set[w].valid = false;
                mmu->stats.atlb_invalidated++;
            }
        return true;
    }
    /* Everything else scans the whole ATLB, and rebuilds the list of blocks from what stays. */
    mmu->atlb_nblocks = 0;
    for (unsigned s = 0; s < MMU_ATLB_SETS; s++)
        for (unsigned w = 0; w < MMU_ATLB_WAYS; w++) {
            struct mmu_atlb_entry *e = &mmu->atlb[s][w];
            if (tlbi_drops(e, scope, ctx, va)) {
                e->valid = false;
                mmu->stats.atlb_invalidated++;
            } else if (e->valid) {
                atlb_note_block(mmu, e);
            }
        }
    return false;
}
