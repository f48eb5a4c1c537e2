/*
 * The VMSAv8-64 stage-1 table walk (DDI 0487 D8.2-D8.4, pseudocode
 * AArch64.TranslationTableWalk / AArch64.S1Walk) and the stage-1 permission check
 * (AArch64.CheckPermission / AArch64.S1HasPermissionsFault), for the EL1&0 and EL2 regimes.
 *
 * Implemented profile (ID_AA64MMFR0_EL1): 48-bit VA and PA, 4K/16K/64K granules, no FEAT_LPA,
 * FEAT_LPA2, FEAT_TTST, FEAT_HAFDBS or FEAT_HPDS, so:
 *   - TxSZ must be 16..39; out of range is a level-0 Translation fault (the Arm ARM's
 *     IMPLEMENTATION DEFINED choice for RESTnSZ; QEMU makes the same one).
 *   - blocks exist at level 1 (4K) and level 2 (all granules); level-0 blocks, 16K/64K level-1
 *     blocks and level-3 descriptors with bits[1:0] = 01 are Translation faults.
 *   - descriptor bits [51:48] are RES0 and ignored (as QEMU does).
 *   - AF = 0 in a leaf is an Access flag fault (no hardware update).
 */
#include <string.h>

#include "mmu/mmu_internal.h"

/* TCR_EL1 / TCR_EL2 fields. */
#define TCR_T0SZ(t) ((unsigned)((t) & 0x3f))
#define TCR_EPD0 (1ull << 7)
#define TCR_TG0(t) ((unsigned)(((t) >> 14) & 3))
#define TCR_T1SZ(t) ((unsigned)(((t) >> 16) & 0x3f))
#define TCR_A1 (1ull << 22)
#define TCR_EPD1 (1ull << 23)
#define TCR_TG1(t) ((unsigned)(((t) >> 30) & 3))
#define TCR_EL1_IPS(t) ((unsigned)(((t) >> 32) & 7))
#define TCR_EL2_PS(t) ((unsigned)(((t) >> 16) & 7))
#define TCR_AS (1ull << 36)
#define TCR_EL1_TBI0 (1ull << 37)
#define TCR_EL1_TBI1 (1ull << 38)
#define TCR_EL2_TBI (1ull << 20)

#define MASK48 ((1ull << 48) - 1)

uint32_t mmu_fault_fsc(const struct mmu_fault *f)
{
    switch (f->kind) {
    case MMU_FAULT_ADDRESS_SIZE: return 0x00 + f->level;
    case MMU_FAULT_TRANSLATION: return 0x04 + f->level;
    case MMU_FAULT_ACCESS_FLAG: return 0x08 + f->level;
    case MMU_FAULT_PERMISSION: return 0x0c + f->level;
    case MMU_FAULT_EXTERNAL_WALK: return 0x14 + f->level;
    case MMU_FAULT_ALIGNMENT: return 0x21;
    case MMU_FAULT_EXTERNAL:
    case MMU_FAULT_NONE:
    default: return 0x10;
    }
}

/* Which half of the EL1&0 VA space (TTBR1 when true). DDI 0487 D8.2.3: va<55> selects. */
static bool upper_half(const struct mmu_regs *r, uint64_t va)
{
    return mmu_regime_two_ranges(r->regime) && ((va >> 55) & 1);
}

static bool tbi_applies(const struct mmu_regs *r, uint64_t va, enum mmu_access access)
{
    if (access == MMU_EXEC)
        return false;
    if (r->regime == MMU_REGIME_EL2)
        return (r->tcr & TCR_EL2_TBI) != 0;
    return (r->tcr & (upper_half(r, va) ? TCR_EL1_TBI1 : TCR_EL1_TBI0)) != 0;
}

uint64_t mmu_va_effective(const struct mmu_regs *r, uint64_t va, enum mmu_access access)
{
    if (!tbi_applies(r, va, access))
        return va;
    return ((va >> 55) & 1) ? va | (0xffull << 56) : va & ~(0xffull << 56);
}

struct mmu_ctx mmu_context(const struct mmu_regs *r)
{
    struct mmu_ctx c = { (uint8_t)r->regime, 0, r->vmid, 0 };
    if (mmu_regime_two_ranges(r->regime)) {
        uint64_t ttbr = (r->tcr & TCR_A1) ? r->ttbr1 : r->ttbr0;
        c.asid = (uint16_t)(ttbr >> 48);
        if (!(r->tcr & TCR_AS))
            c.asid &= 0xff; /* 8-bit ASIDs: the upper bits are ignored (DDI 0487 D8.14.2) */
        c.s2mode = (uint8_t)((r->s2 ? MMU_S2MODE_VM : 0) | (r->dc ? MMU_S2MODE_DC : 0));
    } else {
        c.vmid = 0;
    }
    return c;
}

/* Granule size (log2) from TG0/TG1; reserved values behave as 4K (QEMU's choice, and an
 * IMPLEMENTATION DEFINED one in the Arm ARM). */
static unsigned granule_bits(const struct mmu_regs *r, bool ttbr1)
{
    if (ttbr1) {
        switch (TCR_TG1(r->tcr)) {
        case 1: return 14;
        case 3: return 16;
        default: return 12;
        }
    }
    switch (TCR_TG0(r->tcr)) {
    case 1: return 16;
    case 2: return 14;
    default: return 12;
    }
}

/* Output size from TCR.IPS/PS, capped at the implemented 48 bits. */
static unsigned output_bits(const struct mmu_regs *r)
{
    static const unsigned ps_bits[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };
    unsigned ps = r->regime == MMU_REGIME_EL2 ? TCR_EL2_PS(r->tcr) : TCR_EL1_IPS(r->tcr);
    return ps_bits[ps];
}

void mmu_set_fault(struct mmu_fault *f, enum mmu_fault_kind kind, unsigned level, uint64_t va,
                   uint64_t pa, enum mmu_access access)
{
    f->kind = kind;
    f->level = level;
    f->va = va;
    f->pa = pa;
    f->access = access;
    f->s1ptw = false;
    f->stage2 = false;
    f->failedread = false;
    f->ipa = 0;
}

static bool block_allowed(unsigned gbits, unsigned level)
{
    if (gbits == 12)
        return level == 1 || level == 2;
    return level == 2;
}

/* The stage-2 walker (below); with `tr`, each level is recorded for mmu_explain. */
static bool s2_walk(struct mmu *mmu, const struct mmu_regs *r, uint64_t ipa, uint64_t va, enum mmu_access access,
                    struct mmu_result *res, struct mmu_fault *fault, bool count, struct mmu_explain_s2 *tr);

bool mmu_walk(struct mmu *mmu, const struct mmu_regs *r, uint64_t va_in, enum mmu_access access,
              struct mmu_result *res, struct mmu_fault *fault, struct mmu_explanation *trace, bool count)
{
    uint64_t va = mmu_va_effective(r, va_in, access);
    bool hi = upper_half(r, va);
    bool el2 = r->regime == MMU_REGIME_EL2;
    unsigned tsz = hi ? TCR_T1SZ(r->tcr) : TCR_T0SZ(r->tcr);
    unsigned inputsize = 64 - tsz;
    unsigned gbits = granule_bits(r, hi);
    unsigned stride = gbits - 3;
    unsigned obits = output_bits(r);
    unsigned reads = 0, s2reads = 0;
    if (trace) {
        trace->ttbr1 = hi;
        trace->granule_bits = gbits;
        trace->inputsize = inputsize;
        trace->va_stripped = va;
        trace->nsteps = 0;
    }
    if (count)
        mmu->stats.walks++;

    /* Input range: TxSZ in range, the half not disabled by EPDn, and va<63:inputsize> all
     * equal to the selecting bit (DDI 0487 D8.2.3). All are level-0 Translation faults. */
    bool disabled = !el2 && (r->tcr & (hi ? TCR_EPD1 : TCR_EPD0));
    bool top_ok;
    if (tsz < 16 || tsz > 39) {
        top_ok = false;
    } else {
        uint64_t top = va >> inputsize; /* inputsize is 25..48 here */
        uint64_t want = hi ? (~0ull >> inputsize) : 0;
        top_ok = top == want;
    }
    if (!top_ok || disabled) {
        mmu_set_fault(fault, MMU_FAULT_TRANSLATION, 0, va_in, 0, access);
        goto fail;
    }

    unsigned start = 3 - (inputsize - gbits - 1) / stride, level = start;
    if (trace)
        trace->start_level = level;
    uint64_t ttbr = hi ? r->ttbr1 : r->ttbr0;
    /* Bits of the start-level index; the table is aligned to its size, at least 64 bytes. */
    unsigned first_bits = inputsize - (gbits + stride * (3 - level));
    unsigned align = first_bits + 3 < 6 ? 6 : first_bits + 3;
    uint64_t table = ttbr & MASK48 & ~((1ull << align) - 1);
    if (table >> obits) {
        /* TTBR BADDR beyond the output size: level-0 Address size fault. */
        mmu_set_fault(fault, MMU_FAULT_ADDRESS_SIZE, 0, va_in, 0, access);
        goto fail;
    }

    unsigned ap_table = 0;
    bool uxn_table = false, pxn_table = false;
    for (;;) {
        unsigned shift = gbits + stride * (3 - level);
        unsigned nbits = level == start ? first_bits : stride;
        uint64_t idx = (va >> shift) & ((1ull << nbits) - 1);
        uint64_t daddr = table + idx * 8;
        uint64_t desc = 0;
        reads++;
        if (count)
            mmu->stats.desc_reads++;
        struct mmu_explain_step *st = NULL;
        if (trace) {
            st = &trace->step[trace->nsteps++];
            memset(st, 0, sizeof *st);
            st->level = level;
            st->table = table;
            st->desc_addr = daddr;
        }
        if (r->s2) {
            /* The descriptor address is an IPA: stage 2 translates it (a read), and a fault
             * there is a stage-2 fault on a stage-1 walk (S1PTW). With HCR_EL2.PTW a walk
             * into stage-2 Device memory is a stage-2 Permission fault (DDI 0487 D8.3.2). */
            struct mmu_result s2r;
            struct mmu_explain_s2 *tr = trace ? &trace->s1_s2[trace->nsteps - 1] : NULL;
            if (!s2_walk(mmu, r, daddr, va_in, MMU_READ, &s2r, fault, count, tr)) {
                s2reads += tr ? tr->nsteps : mmu->stats.last_walk_reads;
                fault->s1ptw = true;
                fault->failedread = fault->kind == MMU_FAULT_PERMISSION;
                fault->access = access;
                goto fail;
            }
            s2reads += tr ? tr->nsteps : mmu->stats.last_walk_reads;
            if (r->s2_ptw && mmu_attr_is_device(s2r.attr)) {
                mmu_set_fault(fault, MMU_FAULT_PERMISSION, s2r.s2level, va_in, 0, access);
                fault->stage2 = fault->s1ptw = true;
                fault->ipa = daddr;
                goto fail;
            }
            daddr = s2r.pa;
        }
        if (bus_read(mmu->bus, daddr, 8, &desc) != BUS_OK) {
            mmu_set_fault(fault, MMU_FAULT_EXTERNAL_WALK, level, va_in, daddr, access);
            goto fail;
        }
        if (st)
            st->desc = desc;
        bool valid = desc & 1, is_table = (desc & 2) != 0;
        if (!valid || (level == 3 && !is_table) || (level < 3 && !is_table && !block_allowed(gbits, level))) {
            if (st)
                st->type = valid ? MMU_DESC_RESERVED : MMU_DESC_INVALID;
            mmu_set_fault(fault, MMU_FAULT_TRANSLATION, level, va_in, 0, access);
            goto fail;
        }
        if (level < 3 && is_table) {
            uint64_t next = desc & MASK48 & ~((1ull << gbits) - 1);
            if (st) {
                st->type = MMU_DESC_TABLE;
                st->out = next;
                st->ap_table = (unsigned)(desc >> 61) & 3;
                st->uxn_table = (desc >> 60) & 1;
                st->pxn_table = (desc >> 59) & 1;
            }
            if (next >> obits) {
                mmu_set_fault(fault, MMU_FAULT_ADDRESS_SIZE, level, va_in, 0, access);
                goto fail;
            }
            /* Hierarchical controls (DDI 0487 D8.4.2). In the EL2 regime APTable[0] and
             * PXNTable are RES0 and bit 60 is XNTable. */
            ap_table |= (unsigned)(desc >> 61) & (el2 ? 2 : 3);
            uxn_table |= (desc >> 60) & 1;
            if (!el2)
                pxn_table |= (desc >> 59) & 1;
            table = next;
            level++;
            continue;
        }
        /* Block or page. */
        uint64_t oa = desc & MASK48 & ~((1ull << shift) - 1);
        unsigned ap = (unsigned)(desc >> 6) & 3;
        bool af = (desc >> 10) & 1;
        if (st) {
            st->type = level == 3 ? MMU_DESC_PAGE : MMU_DESC_BLOCK;
            st->out = oa;
            st->ap = ap;
            st->attrindx = (unsigned)(desc >> 2) & 7;
            st->sh = (unsigned)(desc >> 8) & 3;
            st->af = af;
            st->ng = (desc >> 11) & 1;
            st->uxn = (desc >> 54) & 1;
            st->pxn = (desc >> 53) & 1;
        }
        if (oa >> obits) {
            mmu_set_fault(fault, MMU_FAULT_ADDRESS_SIZE, level, va_in, 0, access);
            goto fail;
        }
        if (!af) {
            mmu_set_fault(fault, MMU_FAULT_ACCESS_FLAG, level, va_in, 0, access);
            goto fail;
        }
        /* APTable[1] removes write access, APTable[0] EL0 access. */
        if (ap_table & 2)
            ap |= 2;
        if (ap_table & 1)
            ap &= ~1u;
        memset(res, 0, sizeof *res);
        res->pa = oa | (va & ((1ull << shift) - 1));
        res->attr = (uint8_t)(r->mair >> (8 * ((desc >> 2) & 7)));
        res->sh = (uint8_t)((desc >> 8) & 3);
        res->level = (uint8_t)level;
        res->shift = (uint8_t)shift;
        res->ap = (uint8_t)ap;
        res->uxn = ((desc >> 54) & 1) || uxn_table;
        res->pxn = !el2 && (((desc >> 53) & 1) || pxn_table);
        res->ng = !el2 && ((desc >> 11) & 1);
        res->mmu_off = false;
        if (count && reads < 5)
            mmu->stats.walk_reads_hist[reads]++;
        if (count)
            mmu->stats.last_walk_reads = reads + s2reads;
        return true;
    }
fail:
    if (count) {
        mmu->stats.walk_faults++;
        if (reads < 5)
            mmu->stats.walk_reads_hist[reads]++;
    }
    if (count)
        mmu->stats.last_walk_reads = reads + s2reads;
    return false;
}

/* ---- stage 2 ---- */

/* VTCR_EL2 fields (DDI 0487 D19.2.150). */
#define VTCR_T0SZ(t) ((unsigned)((t) & 0x3f))
#define VTCR_SL0(t) ((unsigned)(((t) >> 6) & 3))
#define VTCR_TG0(t) ((unsigned)(((t) >> 14) & 3))
#define VTCR_PS(t) ((unsigned)(((t) >> 16) & 7))

static void s2_fault(struct mmu_fault *f, enum mmu_fault_kind kind, unsigned level, uint64_t va, uint64_t ipa,
                     enum mmu_access access)
{
    mmu_set_fault(f, kind, level, va, 0, access);
    f->stage2 = true;
    f->ipa = ipa;
}

/* Stage-2 MemAttr[3:0] (DDI 0487 D8.5.5) in MAIR byte form: 00dd Device-dd; else outer [3:2]
 * and inner [1:0], each 01 Non-cacheable, 10 Write-Through, 11 Write-Back (00 inner with a
 * Normal outer is reserved: treated as Non-cacheable). */
static uint8_t s2_attr_mair(unsigned memattr)
{
    static const uint8_t half[4] = { 0x4, 0x4, 0xa, 0xf };
    if ((memattr >> 2) == 0)
        return (uint8_t)((memattr & 3) << 2);
    return (uint8_t)(half[memattr >> 2] << 4 | half[memattr & 3]);
}

/* Cacheability class of one MAIR nibble of a Normal attribute: 0 NC, 1 WT, 2 WB. */
static unsigned cache_class(unsigned nib)
{
    if (nib == 0x4)
        return 0;
    if ((nib >> 2) == 0 || (nib >> 2) == 2)
        return 1; /* 00RW (RW != 0): WT transient; 10RW: WT */
    return 2;     /* 01RW: WB transient; 11RW: WB */
}

uint8_t mmu_combine_attr(uint8_t s1, uint8_t s2)
{
    /* DDI 0487 D8.5.5, "Combining the stage 1 and stage 2 attributes". */
    bool d1 = mmu_attr_is_device(s1), d2 = mmu_attr_is_device(s2);
    if (d1 || d2) {
        unsigned t1 = d1 ? (s1 >> 2) & 3 : 3, t2 = d2 ? (s2 >> 2) & 3 : 3;
        return (uint8_t)((t1 < t2 ? t1 : t2) << 2);
    }
    unsigned o1 = s1 >> 4, i1 = s1 & 15, o2 = s2 >> 4, i2 = s2 & 15;
    unsigned o = cache_class(o1) <= cache_class(o2) ? o1 : o2;
    unsigned i = cache_class(i1) <= cache_class(i2) ? i1 : i2;
    return (uint8_t)(o << 4 | i);
}

bool mmu_s2_walk(struct mmu *mmu, const struct mmu_regs *r, uint64_t ipa, uint64_t va, enum mmu_access access,
                 struct mmu_result *res, struct mmu_fault *fault, bool count)
{
    return s2_walk(mmu, r, ipa, va, access, res, fault, count, NULL);
}

/* The stage-2 walk; with `tr`, every level is recorded for mmu_explain (no counters then). */
static bool s2_walk(struct mmu *mmu, const struct mmu_regs *r, uint64_t ipa, uint64_t va, enum mmu_access access,
                    struct mmu_result *res, struct mmu_fault *fault, bool count, struct mmu_explain_s2 *tr)
{
    static const unsigned ps_bits[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };
    uint64_t vtcr = r->vtcr;
    unsigned tsz = VTCR_T0SZ(vtcr), inputsize = 64 - tsz;
    unsigned tg = VTCR_TG0(vtcr);
    unsigned gbits = tg == 1 ? 16 : tg == 2 ? 14 : 12;
    unsigned stride = gbits - 3, obits = ps_bits[VTCR_PS(vtcr)], sl0 = VTCR_SL0(vtcr);
    unsigned reads = 0;
    if (count)
        mmu->stats.s2_walks++;
    /* Starting level from SL0 (DDI 0487 D8.2.6, AArch64.S2StartLevel): 4K: 0 -> level 2,
     * 1 -> 1, 2 -> 0; 16K/64K: 0 -> 3, 1 -> 2, 2 -> 1; 3 is reserved without FEAT_LPA2/TTST. */
    unsigned start = gbits == 12 ? 2 - sl0 : 3 - sl0;
    if (tr) {
        memset(tr, 0, sizeof *tr);
        tr->done = true;
        tr->ipa = ipa;
        tr->start_level = start;
    }
    bool bad = tsz < 16 || tsz > 39 || sl0 == 3; /* (the IPA size is checked against PAMax = 48: always fits) */
    unsigned first_bits = 0;
    if (!bad) {
        /* AArch64.S2InconsistentSL: the start level must resolve between 1 bit and a table of
         * 16 concatenated pages (stride + 4 bits). */
        int fb = (int)inputsize - (int)(gbits + stride * (3 - start));
        bad = fb < 1 || fb > (int)stride + 4;
        first_bits = fb > 0 ? (unsigned)fb : 0;
    }
    if (bad || (ipa >> inputsize)) {
        /* Misprogrammed VTCR and out-of-range IPAs: stage-2 level-0 Translation fault (QEMU's
         * choice too). */
        s2_fault(fault, MMU_FAULT_TRANSLATION, 0, va, ipa, access);
        goto fail;
    }
    /* The initial table: first_bits of index, aligned to its size; more than stride bits are
     * concatenated tables (up to 16). */
    unsigned align = first_bits + 3 < 6 ? 6 : first_bits + 3;
    uint64_t table = r->vttbr & MASK48 & ~((1ull << align) - 1);
    if (table >> obits) {
        s2_fault(fault, MMU_FAULT_ADDRESS_SIZE, 0, va, ipa, access);
        goto fail;
    }
    for (unsigned level = start;;) {
        unsigned shift = gbits + stride * (3 - level);
        unsigned nbits = level == start ? first_bits : stride;
        uint64_t daddr = table + ((ipa >> shift) & ((1ull << nbits) - 1)) * 8, desc = 0;
        reads++;
        if (count)
            mmu->stats.s2_desc_reads++;
        if (bus_read(mmu->bus, daddr, 8, &desc) != BUS_OK) {
            s2_fault(fault, MMU_FAULT_EXTERNAL_WALK, level, va, ipa, access);
            fault->pa = daddr;
            goto fail;
        }
        bool valid = desc & 1, is_table = (desc & 2) != 0;
        if (tr && tr->nsteps < 4) {
            struct mmu_explain_step *st = &tr->step[tr->nsteps++];
            memset(st, 0, sizeof *st);
            st->level = level;
            st->table = table;
            st->desc_addr = daddr;
            st->desc = desc;
            st->type = !valid ? MMU_DESC_INVALID
                       : level < 3 && is_table ? MMU_DESC_TABLE
                       : level == 3 ? (is_table ? MMU_DESC_PAGE : MMU_DESC_RESERVED)
                       : block_allowed(gbits, level) ? MMU_DESC_BLOCK : MMU_DESC_RESERVED;
            st->out = desc & MASK48 & ~((1ull << (st->type == MMU_DESC_TABLE ? gbits : shift)) - 1);
            st->ap = (unsigned)(desc >> 6) & 3;       /* S2AP */
            st->attrindx = (unsigned)(desc >> 2) & 15; /* MemAttr */
            st->sh = (unsigned)(desc >> 8) & 3;
            st->af = (desc >> 10) & 1;
            st->uxn = (desc >> 54) & 1;               /* XN */
        }
        if (!valid || (level == 3 && !is_table) || (level < 3 && !is_table && !block_allowed(gbits, level))) {
            s2_fault(fault, MMU_FAULT_TRANSLATION, level, va, ipa, access);
            goto fail;
        }
        if (level < 3 && is_table) {
            uint64_t next = desc & MASK48 & ~((1ull << gbits) - 1);
            if (next >> obits) {
                s2_fault(fault, MMU_FAULT_ADDRESS_SIZE, level, va, ipa, access);
                goto fail;
            }
            table = next;
            level++;
            continue;
        }
        uint64_t oa = desc & MASK48 & ~((1ull << shift) - 1);
        if (oa >> obits) {
            s2_fault(fault, MMU_FAULT_ADDRESS_SIZE, level, va, ipa, access);
            goto fail;
        }
        if (!((desc >> 10) & 1)) {
            s2_fault(fault, MMU_FAULT_ACCESS_FLAG, level, va, ipa, access);
            goto fail;
        }
        memset(res, 0, sizeof *res);
        res->pa = oa | (ipa & ((1ull << shift) - 1));
        res->ipa = ipa;
        res->attr = res->s2attr = s2_attr_mair((unsigned)(desc >> 2) & 15);
        res->sh = (uint8_t)((desc >> 8) & 3);
        res->level = res->s2level = (uint8_t)level;
        res->shift = res->s2shift = (uint8_t)shift;
        res->s2 = true;
        res->s2ap = (uint8_t)((desc >> 6) & 3);
        res->s2xn = (desc >> 54) & 1; /* XN[1] only: no FEAT_XNX */
        if (count)
            mmu->stats.last_walk_reads = reads;
        if (tr) {
            tr->ok = true;
            tr->pa = res->pa;
        }
        if (!mmu_s2_permitted(res, access)) {
            s2_fault(fault, MMU_FAULT_PERMISSION, level, va, ipa, access);
            return false;
        }
        return true;
    }
fail:
    if (count)
        mmu->stats.s2_walk_faults++;
    if (count)
        mmu->stats.last_walk_reads = reads;
    return false;
}

/*
 * AArch64.CheckPermission for stage 1 (DDI 0487 D8.4: Table D8-45 and the execute-never rules):
 *   EL1&0: AP[2:1] = 00 EL1 RW, 01 EL1+EL0 RW, 10 EL1 RO, 11 EL1+EL0 RO;
 *          PAN removes EL1 data access to EL0-accessible pages;
 *          user XN = UXN | (WXN & EL0-writable); priv XN = PXN | (WXN & EL1-writable) |
 *          EL0-writable (privileged execution of EL0-writable memory is never permitted).
 *   EL2:   AP[2] = 1 read-only (AP[1] ignored); XN | (WXN & writable).
 */
bool mmu_permitted(const struct mmu_regs *r, const struct mmu_result *res, const struct mmu_access_desc *acc)
{
    if (res->mmu_off)
        return true;
    bool wxn = (r->sctlr & MMU_SCTLR_WXN) != 0;
    bool ap1 = res->ap & 1, ap2 = (res->ap & 2) != 0;
    bool rd, wr, xn;
    if (r->regime == MMU_REGIME_EL2) {
        rd = true;
        wr = !ap2;
        xn = res->uxn || (wxn && wr);
    } else {
        bool user_w = ap1 && !ap2;
        if (acc->unpriv) {
            rd = ap1;
            wr = user_w;
            xn = res->uxn || (wxn && user_w);
        } else {
            bool priv_w = !ap2;
            xn = res->pxn || (wxn && priv_w) || user_w;
            rd = true;
            wr = priv_w;
            if (acc->pan && ap1 && acc->access != MMU_EXEC)
                rd = wr = false;
        }
    }
    switch (acc->access) {
    case MMU_READ: return rd;
    case MMU_WRITE: return wr;
    default: return !xn;
    }
}

/* Stage 2 of an explained translation's output (no counters): the result becomes the combined
 * one, as mmu_translate_regime would cache it. */
static bool explain_s2(struct mmu *mmu, const struct mmu_regs *r, uint64_t va, const struct mmu_access_desc *acc,
                       struct mmu_explanation *out)
{
    struct mmu_result s2r;
    bool ok = s2_walk(mmu, r, out->result.pa, va, acc->access, &s2r, &out->fault, false, &out->final_s2);
    out->total_reads += out->final_s2.nsteps;
    if (!ok)
        return false;
    out->result.ipa = out->result.pa;
    out->result.pa = s2r.pa;
    out->result.s1attr = out->result.attr;
    out->result.attr = mmu_combine_attr(out->result.attr, s2r.attr);
    out->result.s2 = true;
    out->result.s2ap = s2r.s2ap;
    out->result.s2xn = s2r.s2xn;
    out->result.s2level = s2r.s2level;
    out->result.s2shift = s2r.s2shift;
    out->result.s2attr = s2r.s2attr;
    return true;
}

bool mmu_explain(struct mmu *mmu, const struct mmu_regs *r, uint64_t va,
                 const struct mmu_access_desc *acc, struct mmu_explanation *out)
{
    memset(out, 0, sizeof *out);
    out->enabled = (r->sctlr & MMU_SCTLR_M) != 0;
    if (!out->enabled) {
        uint64_t pa;
        out->ok = mmu_translate(mmu, va, acc->access, &pa, &out->fault);
        out->va_stripped = va;
        if (out->ok) {
            out->result.pa = pa;
            out->result.mmu_off = true;
            out->result.attr = acc->access == MMU_EXEC || r->dc ? 0xff : 0x00;
            if (r->s2)
                out->ok = explain_s2(mmu, r, va, acc, out);
        }
        return out->ok;
    }
    /* (The steps are stage 1's; with stage 2 their table addresses are IPAs.) */
    out->ok = mmu_walk(mmu, r, va, acc->access, &out->result, &out->fault, out, false);
    out->total_reads = out->nsteps;
    for (unsigned i = 0; i < out->nsteps; i++)
        out->total_reads += out->s1_s2[i].nsteps;
    if (out->ok && !mmu_permitted(r, &out->result, acc)) {
        out->ok = false;
        mmu_set_fault(&out->fault, MMU_FAULT_PERMISSION, out->result.level, va, 0, acc->access);
    }
    if (out->ok && r->s2)
        out->ok = explain_s2(mmu, r, va, acc, out);
    return out->ok;
}
