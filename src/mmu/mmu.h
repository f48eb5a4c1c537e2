/*
 * Address translation: the stage-1 table walker (mmu_walk.c), the architectural TLB tagged by
 * translation context, and the host-pointer soft TLB in front of both (mmu_tlb.c).
 *
 * Layers, from the inside out:
 *   - mmu_walk(): VMSAv8-64 stage-1 walk of one VA for one regime (EL1&0 or EL2), 4K/16K/64K
 *     granules, 48-bit VA and PA (DDI 0487 D8). Pure apart from descriptor reads on the bus.
 *   - The architectural TLB (struct mmu_atlb): successful walks, tagged by
 *     {regime, VMID, ASID, global, block size}, so changing TTBR/ASID needs no flush. TLBI
 *     operations remove entries by scope (mmu_tlbi()).
 *   - The soft TLB (struct tlb_entry, TinyEMU's design): each entry maps one guest virtual page
 *     to a host address addend for reads, writes and instruction fetches separately. It caches
 *     only the *current* context and privilege, with permissions already checked; the CPU layer
 *     flushes it whenever that changes (cpu_mmu_changed()). A tag holds the page-aligned VA; the
 *     fast path compares it with the access address masked to keep the access's alignment bits,
 *     so a misaligned access always takes the slow path.
 *
 * The MMU knows nothing of struct cpu_state: the CPU layer describes the regime's registers in a
 * struct mmu_regs and the access in a struct mmu_access_desc.
 *
 * Stage 2 (HCR_EL2.VM = 1, EL1&0 regime): struct mmu_regs carries VTTBR/VTCR/HCR_EL2.VM,PTW,DC;
 * mmu_walk() walks each stage-1 descriptor address through stage 2 (a fault there sets
 * mmu_fault.s1ptw, .stage2 and .ipa), and mmu_translate_regime() checks stage-1 permissions,
 * then walks the output IPA through stage 2 (mmu_s2_walk). The architectural TLB caches the
 * combined stage-1+2 result tagged by VMID (and by whether stage 2 was on), so a VTTBR write
 * never flushes it.
 */
#ifndef A64EMU_MMU_MMU_H
#define A64EMU_MMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/bus.h"

#define MMU_PA_BITS 48
#define MMU_VA_BITS 48
#define TLB_BITS 8
#define TLB_ENTRIES (1u << TLB_BITS)
#define TLB_INVALID (~0ull)
#define MMU_TLB_FILLED_MAX 32

struct mmu;

enum mmu_access { MMU_READ = 0, MMU_WRITE = 1, MMU_EXEC = 2 };

struct tlb_entry {
    uint64_t tag[3];     /* per enum mmu_access: page VA, or TLB_INVALID */
    uintptr_t addend[3]; /* host address = va + addend */
    uint8_t nonglobal;   /* bit per enum mmu_access: filled from an nG (ASID-tagged) translation */
};

/* Translation regimes (DDI 0487 D8.1.2). EL2&0 is FEAT_VHE's: EL2 with HCR_EL2.E2H = 1, and EL0
 * with HCR_EL2.{E2H,TGE} = {1,1}. It has the EL1&0 regime's shape (two VA ranges, TTBR0/TTBR1,
 * ASIDs, EL0 and privileged permissions, PAN) with EL2's registers and no stage 2. */
enum mmu_regime { MMU_REGIME_EL10 = 0, MMU_REGIME_EL2 = 1, MMU_REGIME_EL20 = 2, MMU_REGIME_COUNT };

/* Two VA ranges (TTBR0/TTBR1), ASIDs, EL0 permissions: every regime but EL2's. */
static inline bool mmu_regime_two_ranges(unsigned regime)
{
    return regime != MMU_REGIME_EL2;
}

/* Translation context: which translations a TLB entry belongs to. The VMID is VTTBR_EL2.VMID for
 * EL1&0 when EL2 exists (else 0, and always 0 for the EL2 and EL2&0 regimes); the ASID is 0 for
 * the EL2 regime. */
struct mmu_ctx {
    uint8_t regime; /* enum mmu_regime */
    uint8_t s2mode; /* EL1&0: MMU_S2MODE_* (entries made with stage 2 on/off never mix); TLBI ignores it */
    uint16_t vmid;
    uint16_t asid;
};

/* How EL1&0 translations were made, part of the lookup tag: HCR_EL2.VM and HCR_EL2.DC change
 * the result of a translation without a TLBI (KVM flips HCR_EL2.VM on every world switch). */
enum { MMU_S2MODE_VM = 1, MMU_S2MODE_DC = 2 };

/* The registers that control one stage-1 regime, as the CPU layer sees them. */
struct mmu_regs {
    enum mmu_regime regime;
    uint64_t sctlr, tcr, ttbr0, ttbr1, mair;
    uint16_t vmid;  /* VTTBR_EL2.VMID for EL1&0 when EL2 exists, else 0 */
    /* Stage 2 (EL1&0 regime only): HCR_EL2.VM, .PTW, .DC, and VTCR_EL2/VTTBR_EL2. For EL2&0,
     * tcr is TCR_EL2 in TCR_EL1's layout (E2H = 1) and ttbr1 is TTBR1_EL2. */
    bool s2, s2_ptw, dc;
    uint64_t vtcr, vttbr;
};

/* SCTLR_ELx bits the walker uses. */
enum { MMU_SCTLR_M = 1u << 0, MMU_SCTLR_WXN = 1u << 19 };

/* The access being translated. */
struct mmu_access_desc {
    enum mmu_access access;
    bool unpriv;  /* EL0 permissions: code at EL0, or LDTR/STTR at EL1, or AT S1E0* */
    bool pan;     /* PSTATE.PAN applies (privileged data access with PSTATE.PAN = 1) */
    bool s1_only; /* AT S1E*: the stage-1 output (IPA), no stage 2 on it (its walk still goes
                     through stage 2); bypasses the architectural TLB */
};

/* Why a translation failed (the CPU layer turns it into an abort syndrome). */
enum mmu_fault_kind {
    MMU_FAULT_NONE = 0,
    MMU_FAULT_ADDRESS_SIZE, /* output address beyond the PA range (FSC 0x00 + level) */
    MMU_FAULT_TRANSLATION,  /* FSC 0x04 + level */
    MMU_FAULT_ACCESS_FLAG,  /* FSC 0x08 + level */
    MMU_FAULT_PERMISSION,   /* FSC 0x0c + level */
    MMU_FAULT_EXTERNAL,     /* bus error on the access (FSC 0x10) */
    MMU_FAULT_EXTERNAL_WALK,/* bus error on a descriptor read (FSC 0x14 + level) */
    MMU_FAULT_ALIGNMENT,    /* unaligned access to Device memory (FSC 0x21) */
};

struct mmu_fault {
    enum mmu_fault_kind kind;
    uint64_t va, pa;
    enum mmu_access access;
    unsigned level;
    bool s1ptw;   /* stage-2 fault on a stage-1 walk */
    bool stage2;  /* a stage-2 fault (taken to EL2, HPFAR_EL2 = ipa) */
    bool failedread; /* stage-2 Permission fault for want of read permission on a stage-1 walk:
                        reported with WnR = 0 whatever the access (AArch64.CheckS2Permission) */
    uint64_t ipa; /* stage 2: the faulting IPA (of the access, or of the stage-1 descriptor) */
};

/* DFSC/IFSC for a fault (DDI 0487 D19.2.37, ESR_ELx ISS). */
uint32_t mmu_fault_fsc(const struct mmu_fault *f);

/* A successful translation (also what the architectural TLB holds). */
struct mmu_result {
    uint64_t pa;
    uint8_t attr;    /* MAIR_ELx attribute byte (0x00 with the MMU off: Device-nGnRnE) */
    uint8_t sh;      /* SH[1:0] */
    uint8_t level;   /* level of the leaf descriptor */
    uint8_t shift;   /* log2 of the block/page size */
    uint8_t ap;      /* effective AP[2:1] after APTable */
    bool uxn, pxn;   /* effective after UXNTable/PXNTable (uxn is XN in the EL2 regime) */
    bool ng;
    bool mmu_off;    /* flat translation, no permissions */
    /* Stage 2 (when mmu_regs.s2): attr above is the combined attribute. */
    bool s2;
    uint8_t s2ap;    /* S2AP[1:0]: bit 0 read, bit 1 write */
    bool s2xn;
    uint8_t s2level; /* level of the stage-2 leaf (for permission faults) */
    uint8_t s2shift; /* log2 of the stage-2 block/page size (TLBI by IPA) */
    uint8_t s2attr;  /* the stage-2 attribute alone (MAIR form) */
    uint8_t s1attr;  /* the stage-1 attribute alone (when s2; attr is the combination) */
    uint64_t ipa;    /* IPA of the access (page-aligned in the architectural TLB) */
};

static inline bool mmu_attr_is_device(uint8_t attr) { return (attr & 0xf0) == 0; }

/* Permission of an access against a translation (AArch64.CheckPermission for stage 1). */
bool mmu_permitted(const struct mmu_regs *r, const struct mmu_result *res, const struct mmu_access_desc *acc);

/* Stage-2 permission (AArch64.CheckS2Permission, v8.0): S2AP[0] read, S2AP[1] write, and an
 * instruction fetch needs XN = 0 only. */
static inline bool mmu_s2_permitted(const struct mmu_result *res, enum mmu_access access)
{
    switch (access) {
    case MMU_READ: return (res->s2ap & 1) != 0;
    case MMU_WRITE: return (res->s2ap & 2) != 0;
    default: return !res->s2xn;
    }
}

/* Stage-2 walk of one IPA (VTCR_EL2/VTTBR_EL2 in r), with the stage-2 permission check for
 * `access` (S2AP, XN). On success *res holds pa, the stage-2 attribute in MAIR form, s2ap, s2xn,
 * s2level, shift. On failure *fault is a stage-2 fault (stage2 = true, ipa set, va = va).
 * Counts s2_walks/s2_desc_reads when `count`. */
bool mmu_s2_walk(struct mmu *mmu, const struct mmu_regs *r, uint64_t ipa, uint64_t va, enum mmu_access access,
                 struct mmu_result *res, struct mmu_fault *fault, bool count);
/* The memory attribute (MAIR_ELx byte form) of stage 1 combined with stage 2: Device wins
 * (the stronger Device type), else per inner/outer the weaker cacheability (NC < WT < WB). */
uint8_t mmu_combine_attr(uint8_t s1, uint8_t s2);

/* ---- architectural TLB ---- */
#define MMU_ATLB_SETS 256
#define MMU_ATLB_WAYS 4
#define MMU_ATLB_BLOCKS 32

struct mmu_atlb_entry {
    uint64_t va;   /* canonical VA of the 4 KiB fragment cached (bits 63:12) */
    struct mmu_result res; /* pa is of the fragment */
    uint16_t asid, vmid;
    uint8_t regime, s2mode;
    bool valid, global;
};

/* ---- counters (observability) ---- */
#define MMU_ASID_STATS 32
struct mmu_stats {
    uint64_t walks, desc_reads, walk_faults;
    uint64_t walk_reads_hist[5]; /* walks by descriptor reads (0..4) */
    uint64_t atlb_hits, atlb_misses, tlbi_ops, atlb_invalidated;
    uint64_t soft_flushes;
    /* Stage 2: walks, their descriptor reads (stage-2 walks of stage-1 descriptors included),
     * and the descriptor reads of both stages for the last translation that missed the TLB
     * (a 4-level stage 1 under a 4-level stage 2: 4 + 4 x 4 + 4 = 24). */
    uint64_t s2_walks, s2_desc_reads, s2_walk_faults;
    unsigned last_walk_reads;
    struct { bool used; uint8_t regime; uint16_t vmid, asid; uint64_t hits, misses; } per_asid[MMU_ASID_STATS]; /* per {regime, VMID, ASID} */
    uint64_t other_hits, other_misses; /* contexts beyond the per_asid table */
};

struct mmu {
    struct bus *bus;
    struct tlb_entry tlb[TLB_ENTRIES];
    /* Soft-TLB indices filled since the last mmu_tlb_flush, so a flush (every EL change with
     * the MMU on, every TLBI, TTBR write) clears only those; MMU_TLB_FILLED_MAX + 1 means "too
     * many: clear all". */
    uint16_t filled[MMU_TLB_FILLED_MAX];
    unsigned nfilled;
    /* Soft-TLB fills so far, and the host page the last mmu_tlb_flush_writes_to cleared with
     * the fill count then: with no fill since, no write entry can map that page again, so
     * repeating the call (every LDXR of a spinlock, cpu_excl_set) needs no scan. */
    uint64_t fills;
    const uint8_t *writes_cleared_page;
    uint64_t writes_cleared_fills;
    struct mmu_atlb_entry atlb[MMU_ATLB_SETS][MMU_ATLB_WAYS];
    uint8_t atlb_next[MMU_ATLB_SETS];
    /* The blocks (translations larger than 4 KiB: VA bits 55:shift, shift) the ATLB may hold
     * entries of: a superset, grown on insertion, rebuilt by every full scan. A TLBI by VA
     * outside all of them can only hit the VA's own set (mmu_tlbi). MMU_ATLB_BLOCKS + 1 means
     * "too many to list": scan everything. */
    struct { uint64_t va; unsigned shift; } atlb_block[MMU_ATLB_BLOCKS];
    unsigned atlb_nblocks;
    struct mmu_stats stats;
};

void mmu_init(struct mmu *mmu, struct bus *bus);
/* Soft TLB (host pointers) only. */
void mmu_tlb_flush(struct mmu *mmu);
/* Drop every cached write mapping. */
void mmu_tlb_flush_writes(struct mmu *mmu);
/* Drop the write mappings that point into one host page (it became code, or reserved by an
 * exclusive monitor), whatever virtual address maps it. */
void mmu_tlb_flush_writes_to(struct mmu *mmu, const uint8_t *host_page);

/* Translate va with stage 1 disabled (flat, 48-bit PA). Returns false and fills *fault. */
bool mmu_translate(struct mmu *mmu, uint64_t va, enum mmu_access access, uint64_t *pa,
                   struct mmu_fault *fault);

/*
 * Translate va in regime r for access acc: flat if r's SCTLR.M = 0, else architectural TLB, then
 * a walk on a miss (filling the TLB on success), then the permission check. Returns false and
 * fills *fault on failure.
 */
bool mmu_translate_regime(struct mmu *mmu, const struct mmu_regs *r, uint64_t va,
                          const struct mmu_access_desc *acc, struct mmu_result *res,
                          struct mmu_fault *fault);

/* After a successful translation of va, cache a host mapping for its page if it is plain RAM.
 * The caller guarantees the access type is permitted for the current context and privilege.
 * `nonglobal`: the translation was nG, i.e. belongs to the current ASID only. */
void mmu_tlb_fill(struct mmu *mmu, uint64_t va, uint64_t pa, enum mmu_access access, bool nonglobal);
/* An ASID switch (TTBR write): drop the host mappings of nG translations only. Global ones stay
 * valid, as the architecture lets a TLB keep global entries across TTBR/ASID changes (and the
 * architectural TLB does: mmu_tlb.c). */
void mmu_tlb_flush_nonglobal(struct mmu *mmu);

static inline struct tlb_entry *mmu_tlb_entry(struct mmu *mmu, uint64_t va)
{
    return &mmu->tlb[(va >> BUS_PAGE_BITS) & (TLB_ENTRIES - 1)];
}

/* ---- the walker ---- */

/* The context tag a walk in regime r would use (ASID from TTBR0/TTBR1 per TCR.A1/AS). */
struct mmu_ctx mmu_context(const struct mmu_regs *r);

/* One level of an explained walk. */
enum mmu_desc_type { MMU_DESC_INVALID, MMU_DESC_TABLE, MMU_DESC_BLOCK, MMU_DESC_PAGE, MMU_DESC_RESERVED };
struct mmu_explain_step {
    unsigned level;
    uint64_t table;      /* base of the table read at this level */
    uint64_t desc_addr;  /* address of the descriptor */
    uint64_t desc;       /* its value */
    enum mmu_desc_type type;
    uint64_t out;        /* next table (TABLE) or output address (BLOCK/PAGE) */
    /* decoded fields */
    unsigned ap_table, ap, attrindx, sh;
    bool uxn_table, pxn_table, uxn, pxn, af, ng;
};

/* One stage-2 walk of an explained translation. Its steps use struct mmu_explain_step with the
 * stage-2 meaning of the decoded fields: ap = S2AP[1:0] (bit 0 read, bit 1 write), attrindx =
 * MemAttr[3:0], uxn = XN. */
struct mmu_explain_s2 {
    bool done;               /* this walk happened (stage 2 on) */
    uint64_t ipa;            /* the input */
    unsigned start_level, nsteps;
    struct mmu_explain_step step[4];
    bool ok;
    uint64_t pa;             /* the output, when ok */
};

struct mmu_explanation {
    bool enabled;            /* SCTLR.M */
    bool ttbr1;              /* which TTBR (EL1&0 regime) */
    unsigned granule_bits;   /* 12, 14, 16 */
    unsigned inputsize;      /* 64 - TxSZ */
    unsigned start_level;
    uint64_t va_stripped;    /* after top-byte-ignore */
    unsigned nsteps;
    struct mmu_explain_step step[4];
    /* Stage 2 (HCR_EL2.VM): s1_s2[i] translated the IPA of stage-1 step i's descriptor (its
     * desc_addr is that IPA), final_s2 the output IPA. total_reads counts the descriptor reads of
     * both stages: 24 for a 4-level stage 1 under a 4-level stage 2. */
    struct mmu_explain_s2 s1_s2[4], final_s2;
    unsigned total_reads;
    bool ok;
    struct mmu_result result;
    struct mmu_fault fault;
};

/*
 * Walk one VA without side effects (no TLB lookup or fill, no counters) and describe every step.
 * Returns the same verdict as a translation would (including the permission check for acc).
 */
bool mmu_explain(struct mmu *mmu, const struct mmu_regs *r, uint64_t va,
                 const struct mmu_access_desc *acc, struct mmu_explanation *out);

/* ---- TLB maintenance (the scopes of the TLBI instructions) ---- */
enum mmu_tlbi_scope {
    MMU_TLBI_ALL_REGIME,   /* every entry of ctx.regime (ALLE1 for EL1&0 all VMIDs, ALLE2) */
    MMU_TLBI_VMALL,        /* regime + VMID (VMALLE1) */
    MMU_TLBI_ASID,         /* regime + VMID + ASID, non-global only (ASIDE1) */
    MMU_TLBI_VA,           /* regime + VMID + VA, global or matching ASID (VAE1, VALE1, VAE2) */
    MMU_TLBI_VA_ALL_ASID,  /* regime + VMID + VA, any ASID (VAAE1, VAALE1) */
    MMU_TLBI_IPA,          /* regime + VMID, entries made with stage 2, by IPA (IPAS2E1,
                              IPAS2LE1): va is the IPA (bits 47:12) */
};
/* va: the address (bits 55:12 significant; TLBI operand already converted). Returns true if
 * only translations of va's own 4 KiB page can have been removed (a TLBI by VA outside every
 * block the TLB may hold): the caller may then drop just that page from its soft TLB
 * (mmu_tlb_flush_page) instead of everything. */
bool mmu_tlbi(struct mmu *mmu, enum mmu_tlbi_scope scope, const struct mmu_ctx *ctx, uint64_t va);
/* Drop the soft-TLB entry that could map the 4 KiB page of va (bits 55:12 significant). */
void mmu_tlb_flush_page(struct mmu *mmu, uint64_t va);
/* Whole architectural TLB (reset, and TCR/SCTLR changes of a regime). */
void mmu_atlb_flush(struct mmu *mmu);

/* Count a hit/miss for a context (for the per-ASID counters). */
void mmu_stats_count(struct mmu *mmu, const struct mmu_ctx *ctx, bool hit);

#endif
