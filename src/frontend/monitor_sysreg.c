/*
 * Field tables for `sysreg NAME` (monitor_internal.h): each register's fields with the names and
 * bit positions of the Arm ARM (DDI 0487, chapter D19, and IHI 0069 for ICH_*), a short meaning,
 * and for enumerated fields the name of each value. Data, not code: a register is a table.
 */
#include <inttypes.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/esr_decode.h"
#include "cpu/exception.h"
#include "frontend/monitor_internal.h"

struct field {
    const char *name;
    uint8_t hi, lo;
    const char *meaning;
    const char *const *values; /* names by value (NULL-terminated list, indexed by value), or NULL */
};

#define F(n, h, l, m) { n, h, l, m, NULL }
#define FV(n, h, l, m, v) { n, h, l, m, v }
#define END { NULL, 0, 0, NULL, NULL }

static const char *const tg0[] = { "4KB granule", "64KB granule", "16KB granule", "reserved", NULL };
static const char *const tg1[] = { "reserved", "16KB granule", "4KB granule", "64KB granule", NULL };
static const char *const ps_bits[] = { "32 bits, 4GB", "36 bits, 64GB", "40 bits, 1TB", "42 bits, 4TB",
                                       "44 bits, 16TB", "48 bits, 256TB", "52 bits, 4PB", "reserved", NULL };
static const char *const cache_attr[] = { "Non-cacheable", "Write-Back Read-Allocate Write-Allocate",
                                          "Write-Through Read-Allocate No Write-Allocate",
                                          "Write-Back Read-Allocate No Write-Allocate", NULL };
static const char *const shareability[] = { "Non-shareable", "reserved", "Outer Shareable", "Inner Shareable", NULL };
static const char *const fpen[] = { "trap EL0 and EL1 accesses", "trap EL0 accesses only", "trap EL0 and EL1 accesses",
                                    "no trap", NULL };
static const char *const spsr_m[] = { "EL0t", "reserved", "reserved", "reserved", "EL1t", "EL1h", "reserved",
                                      "reserved", "EL2t", "EL2h", "reserved", "reserved", "EL3t", "EL3h", "reserved",
                                      "reserved", NULL };
static const char *const lr_state[] = { "Invalid", "Pending", "Active", "Pending and Active", NULL };
static const char *const sl0[] = { "start at level 2 (4KB: level 2)", "start at level 1 (4KB)", "start at level 0 (4KB)",
                                   "reserved", NULL };
static const char *const bsu[] = { "No effect", "Inner Shareable", "Outer Shareable", "Full system", NULL };

static const struct field sctlr_el1[] = {
    F("M", 0, 0, "stage 1 MMU enable for EL1&0"), F("A", 1, 1, "alignment check enable"),
    F("C", 2, 2, "data cacheability"), F("SA", 3, 3, "SP alignment check at EL1"),
    F("SA0", 4, 4, "SP alignment check at EL0"), F("CP15BEN", 5, 5, "AArch32 CP15 barriers"),
    F("ITD", 7, 7, "AArch32 IT disable"), F("SED", 8, 8, "AArch32 SETEND disable"),
    F("UMA", 9, 9, "EL0 may access DAIF"), F("I", 12, 12, "instruction cacheability"),
    F("DZE", 14, 14, "EL0 may use DC ZVA"), F("UCT", 15, 15, "EL0 may read CTR_EL0"),
    F("nTWI", 16, 16, "0: WFI at EL0 traps"), F("nTWE", 18, 18, "0: WFE at EL0 traps"),
    F("WXN", 19, 19, "writable implies execute-never"), F("SPAN", 23, 23, "0: PAN set on exception entry"),
    F("E0E", 24, 24, "EL0 big-endian data"), F("EE", 25, 25, "EL1 big-endian data and walks"),
    F("UCI", 26, 26, "EL0 may use cache maintenance by VA"), END,
};
static const struct field sctlr_el2[] = {
    F("M", 0, 0, "stage 1 MMU enable for EL2"), F("A", 1, 1, "alignment check enable"),
    F("C", 2, 2, "data cacheability"), F("SA", 3, 3, "SP alignment check"), F("I", 12, 12, "instruction cacheability"),
    F("WXN", 19, 19, "writable implies execute-never"), F("EE", 25, 25, "EL2 big-endian data and walks"), END,
};
static const struct field hcr_el2[] = {
    F("VM", 0, 0, "stage 2 translation for EL1&0"), F("SWIO", 1, 1, "set/way invalidation override"),
    F("PTW", 2, 2, "protected table walk"), F("FMO", 3, 3, "physical FIQ to EL2, virtual FIQ enabled"),
    F("IMO", 4, 4, "physical IRQ to EL2, virtual IRQ enabled"), F("AMO", 5, 5, "SError to EL2, virtual SError enabled"),
    F("VF", 6, 6, "virtual FIQ pending"), F("VI", 7, 7, "virtual IRQ pending"), F("VSE", 8, 8, "virtual SError pending"),
    F("FB", 9, 9, "force broadcast of maintenance"), FV("BSU", 11, 10, "barrier shareability upgrade", bsu),
    F("DC", 12, 12, "default cacheability (stage 1 off)"), F("TWI", 13, 13, "trap WFI to EL2"),
    F("TWE", 14, 14, "trap WFE to EL2"), F("TID0", 15, 15, "trap ID group 0"), F("TID1", 16, 16, "trap ID group 1"),
    F("TID2", 17, 17, "trap ID group 2 (cache IDs)"), F("TID3", 18, 18, "trap ID group 3 (ID_AA64*)"),
    F("TSC", 19, 19, "trap SMC to EL2"), F("TIDCP", 20, 20, "trap IMPLEMENTATION DEFINED registers"),
    F("TACR", 21, 21, "trap ACTLR_EL1"), F("TSW", 22, 22, "trap DC by set/way"), F("TPCP", 23, 23, "trap DC to PoC/PoP"),
    F("TPU", 24, 24, "trap cache maintenance to PoU"), F("TTLB", 25, 25, "trap TLB maintenance"),
    F("TVM", 26, 26, "trap EL1 writes of the virtual memory controls"), F("TGE", 27, 27, "trap general exceptions: EL0 runs under EL2"),
    F("TDZ", 28, 28, "trap DC ZVA"), F("HCD", 29, 29, "HVC disable"), F("TRVM", 30, 30, "trap EL1 reads of the virtual memory controls"),
    F("RW", 31, 31, "EL1 is AArch64"), F("CD", 32, 32, "stage 2 data access cacheability disable"),
    F("ID", 33, 33, "stage 2 instruction access cacheability disable"), F("E2H", 34, 34, "EL2 host (FEAT_VHE)"),
    F("TLOR", 35, 35, "trap LORegion registers"), F("TERR", 36, 36, "trap error record accesses"),
    F("TEA", 37, 37, "route synchronous external aborts to EL2"), END,
};
static const struct field tcr_el1[] = {
    F("T0SZ", 5, 0, "TTBR0 region is 2^(64-T0SZ) bytes"), F("EPD0", 7, 7, "no walks through TTBR0"),
    FV("IRGN0", 9, 8, "TTBR0 walk inner cacheability", cache_attr), FV("ORGN0", 11, 10, "TTBR0 walk outer cacheability", cache_attr),
    FV("SH0", 13, 12, "TTBR0 walk shareability", shareability), FV("TG0", 15, 14, "TTBR0 granule", tg0),
    F("T1SZ", 21, 16, "TTBR1 region is 2^(64-T1SZ) bytes"), F("A1", 22, 22, "ASID from TTBR1 (1) or TTBR0 (0)"),
    F("EPD1", 23, 23, "no walks through TTBR1"), FV("IRGN1", 25, 24, "TTBR1 walk inner cacheability", cache_attr),
    FV("ORGN1", 27, 26, "TTBR1 walk outer cacheability", cache_attr), FV("SH1", 29, 28, "TTBR1 walk shareability", shareability),
    FV("TG1", 31, 30, "TTBR1 granule", tg1), FV("IPS", 34, 32, "intermediate physical address size", ps_bits),
    F("AS", 36, 36, "16-bit ASIDs"), F("TBI0", 37, 37, "top byte ignored, TTBR0 region"),
    F("TBI1", 38, 38, "top byte ignored, TTBR1 region"), F("HA", 39, 39, "hardware Access flag update"),
    F("HD", 40, 40, "hardware dirty state"), END,
};
static const struct field tcr_el2[] = {
    F("T0SZ", 5, 0, "region is 2^(64-T0SZ) bytes"), FV("IRGN0", 9, 8, "walk inner cacheability", cache_attr),
    FV("ORGN0", 11, 10, "walk outer cacheability", cache_attr), FV("SH0", 13, 12, "walk shareability", shareability),
    FV("TG0", 15, 14, "granule", tg0), FV("PS", 18, 16, "physical address size", ps_bits),
    F("TBI", 20, 20, "top byte ignored"), F("HA", 21, 21, "hardware Access flag update"),
    F("HD", 22, 22, "hardware dirty state"), END,
};
static const struct field vtcr_el2[] = {
    F("T0SZ", 5, 0, "IPA space is 2^(64-T0SZ) bytes"), FV("SL0", 7, 6, "stage 2 starting level", sl0),
    FV("IRGN0", 9, 8, "walk inner cacheability", cache_attr), FV("ORGN0", 11, 10, "walk outer cacheability", cache_attr),
    FV("SH0", 13, 12, "walk shareability", shareability), FV("TG0", 15, 14, "granule", tg0),
    FV("PS", 18, 16, "physical address size", ps_bits), F("VS", 19, 19, "16-bit VMIDs"), END,
};
static const struct field spsr[] = {
    FV("M", 3, 0, "exception level and stack pointer", spsr_m), F("M[4]", 4, 4, "0: from AArch64"),
    F("F", 6, 6, "FIQ masked"), F("I", 7, 7, "IRQ masked"), F("A", 8, 8, "SError masked"), F("D", 9, 9, "debug masked"),
    F("IL", 20, 20, "illegal execution state"), F("SS", 21, 21, "software step"), F("PAN", 22, 22, "privileged access never"),
    F("V", 28, 28, "overflow"), F("C", 29, 29, "carry"), F("Z", 30, 30, "zero"), F("N", 31, 31, "negative"), END,
};
static const struct field cpacr_el1[] = {
    FV("FPEN", 21, 20, "SIMD and floating point", fpen), F("TTA", 28, 28, "trap trace register accesses"), END,
};
static const struct field cptr_el2[] = {
    F("TZ", 8, 8, "trap SVE to EL2"), F("TFP", 10, 10, "trap SIMD and floating point to EL2"),
    F("TTA", 20, 20, "trap trace register accesses"), F("TCPAC", 31, 31, "trap CPACR_EL1 accesses to EL2"), END,
};
static const struct field mdscr_el1[] = {
    F("SS", 0, 0, "software step enable"), F("ERR", 6, 6, "saved error flag"), F("TDCC", 12, 12, "trap EL0 DCC accesses"),
    F("KDE", 13, 13, "debug exceptions at the current EL (local)"), F("HDE", 14, 14, "halting debug"),
    F("MDE", 15, 15, "breakpoints and watchpoints enabled"), F("TDA", 21, 21, "trap debug register accesses"),
    F("TXU", 26, 26, "DCC transmit underrun"), F("RXO", 27, 27, "DCC receive overrun"), F("TXfull", 29, 29, "DTRTX full"),
    F("RXfull", 30, 30, "DTRRX full"), END,
};
static const struct field cnt_ctl[] = {
    F("ENABLE", 0, 0, "timer enabled"), F("IMASK", 1, 1, "interrupt masked"),
    F("ISTATUS", 2, 2, "condition met (counter >= CVAL)"), END,
};
static const struct field cnthctl_el2[] = {
    F("EL1PCTEN", 0, 0, "EL0/EL1 may read the physical counter"), F("EL1PCEN", 1, 1, "EL0/EL1 may use the physical timer"),
    F("EVNTEN", 2, 2, "event stream enable"), F("EVNTDIR", 3, 3, "event on 0->1 (0) or 1->0 (1)"),
    F("EVNTI", 7, 4, "event stream counter bit"), END,
};
static const struct field ich_hcr_el2[] = {
    F("En", 0, 0, "virtual CPU interface enable"), F("UIE", 1, 1, "underflow maintenance interrupt"),
    F("LRENPIE", 2, 2, "list register entry not present maintenance interrupt"), F("NPIE", 3, 3, "no pending maintenance interrupt"),
    F("VGrp0EIE", 4, 4, "vGroup 0 enabled maintenance interrupt"), F("VGrp0DIE", 5, 5, "vGroup 0 disabled maintenance interrupt"),
    F("VGrp1EIE", 6, 6, "vGroup 1 enabled maintenance interrupt"), F("VGrp1DIE", 7, 7, "vGroup 1 disabled maintenance interrupt"),
    F("TC", 10, 10, "trap common ICC_* accesses"), F("TALL0", 11, 11, "trap Group 0 ICC_* accesses"),
    F("TALL1", 12, 12, "trap Group 1 ICC_* accesses"), F("TSEI", 13, 13, "trap locally generated SEIs"),
    F("TDIR", 14, 14, "trap ICC_DIR_EL1"), F("EOIcount", 31, 27, "EOIs without a list register"), END,
};
static const struct field ich_lr[] = {
    F("vINTID", 31, 0, "virtual INTID"), F("pINTID", 44, 32, "physical INTID (HW=1) or EOI maintenance (bit 41)"),
    F("Priority", 55, 48, "virtual priority"), F("Group", 60, 60, "Group 1 (1) or Group 0 (0)"),
    F("HW", 61, 61, "linked to a physical interrupt"), FV("State", 63, 62, "state", lr_state), END,
};
static const struct field ich_vmcr_el2[] = {
    F("VENG0", 0, 0, "virtual Group 0 enabled"), F("VENG1", 1, 1, "virtual Group 1 enabled"),
    F("VAckCtl", 2, 2, "AckCtl"), F("VFIQEn", 3, 3, "virtual Group 0 as FIQ"), F("VCBPR", 4, 4, "common binary point"),
    F("VEOIM", 9, 9, "EOI mode"), F("VBPR1", 20, 18, "Group 1 binary point"), F("VBPR0", 23, 21, "Group 0 binary point"),
    F("VPMR", 31, 24, "virtual priority mask"), END,
};

static const struct reg_fields {
    const char *name; /* exact name, or a prefix ending in '*' (ICH_LR*) */
    const struct field *fields;
} regs[] = {
    { "SCTLR_EL1", sctlr_el1 }, { "SCTLR_EL2", sctlr_el2 }, { "HCR_EL2", hcr_el2 }, { "TCR_EL1", tcr_el1 },
    { "TCR_EL2", tcr_el2 },     { "VTCR_EL2", vtcr_el2 },   { "SPSR_EL1", spsr },   { "SPSR_EL2", spsr },
    { "CPACR_EL1", cpacr_el1 }, { "CPTR_EL2", cptr_el2 },   { "MDSCR_EL1", mdscr_el1 }, { "CNTP_CTL_EL0", cnt_ctl },
    { "CNTV_CTL_EL0", cnt_ctl }, { "CNTHP_CTL_EL2", cnt_ctl }, { "CNTHV_CTL_EL2", cnt_ctl }, { "CNTHCTL_EL2", cnthctl_el2 },
    { "ICH_HCR_EL2", ich_hcr_el2 }, { "ICH_VMCR_EL2", ich_vmcr_el2 }, { "ICH_LR*", ich_lr },
};

static uint64_t field_value(uint64_t v, unsigned hi, unsigned lo)
{
    unsigned width = hi - lo + 1;
    return width >= 64 ? v : (v >> lo) & ((1ull << width) - 1);
}

static void print_fields(struct mon_out *o, const struct field *f, uint64_t v)
{
    for (; f->name; f++) {
        uint64_t x = field_value(v, f->hi, f->lo);
        char pos[12];
        if (f->hi == f->lo)
            snprintf(pos, sizeof pos, "[%u]", f->lo);
        else
            snprintf(pos, sizeof pos, "[%u:%u]", f->hi, f->lo);
        mon_put(o, "  %-8s %-9s = 0x%" PRIx64, pos, f->name, x);
        if (f->values) {
            size_t n = 0;
            while (f->values[n])
                n++;
            mon_put(o, " (%s)", x < n ? f->values[x] : "?");
        }
        mon_put(o, "  %s\n", f->meaning);
    }
}

static const struct field *fields_for(const char *name)
{
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        size_t len = strlen(regs[i].name);
        if (regs[i].name[len - 1] == '*' ? !strncmp(name, regs[i].name, len - 1) : !strcmp(name, regs[i].name))
            return regs[i].fields;
    }
    return NULL;
}

bool mon_sysreg_fields(struct mon_out *o, struct cpu_state *cpu, const char *name, uint64_t v)
{
    if (!strncmp(name, "ESR_EL", 6)) { /* ESR: the class table and the ISS decoders (esr_decode.c) */
        unsigned ec = (unsigned)(v >> 26) & 63;
        char iss[256];
        esr_describe_iss((uint32_t)v, iss, sizeof iss);
        mon_put(o, "  [31:26]  EC        = 0x%02x  %s: %s\n", ec, exc_class_name(ec), esr_ec_description(ec));
        mon_put(o, "  [25]     IL        = 0x%x  %s\n", (unsigned)(v >> 25) & 1, (v >> 25 & 1) ? "32-bit instruction" : "16-bit instruction or no instruction");
        mon_put(o, "  [24:0]   ISS       = 0x%07x  %s\n", (unsigned)v & 0x1ffffff, iss);
        return true;
    }
    /* With HCR_EL2.E2H = 1 (VHE) the EL2 controls take the EL1 layouts. */
    bool e2h = cpu->has_el2 && (cpu->sr.hcr_el2 >> 34 & 1);
    const struct field *f = NULL;
    if (e2h && !strcmp(name, "SCTLR_EL2"))
        f = sctlr_el1;
    else if (e2h && !strcmp(name, "TCR_EL2"))
        f = tcr_el1;
    else if (e2h && !strcmp(name, "CPTR_EL2"))
        f = cpacr_el1;
    else
        f = fields_for(name);
    if (!f)
        return false;
    if (e2h && (!strcmp(name, "SCTLR_EL2") || !strcmp(name, "TCR_EL2") || !strcmp(name, "CPTR_EL2")))
        mon_put(o, "  (HCR_EL2.E2H=1: the EL1 layout)\n");
    print_fields(o, f, v);
    return true;
}
