/*
 * The monitor's memory views (monitor_internal.h): x/xp, disas, translate (every step of both
 * stages, from mmu_explain), info tlb (the architectural TLB by context) and info mtree (the
 * board's table, virt_map.c). Reads never touch MMIO (bus_copy_from and cpu_virt_read reach RAM
 * only): looking must not change a device.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/cpu_internal.h" /* cpu_mmu_regs: the registers a translation would use (read only) */
#include "decode/decode.h"
#include "devices/pflash_cfi01.h"
#include "frontend/monitor_internal.h"
#include "machine/virt_map.h"
#include "mmu/mmu.h"

/* ---- x/N[bhwg] ADDR, xp ---- */

static void examine(struct mon_ctx *c, bool phys)
{
    uint64_t addr, count = 1;
    unsigned unit = 4;
    const char *f = c->suffix;
    if (*f >= '0' && *f <= '9') {
        char *end;
        count = strtoull(f, &end, 10);
        f = end;
    }
    if (*f) {
        static const char units[] = "bhwg";
        const char *u = strchr(units, *f);
        if (!u || f[1]) {
            mon_put(c->o, "%s: format is /N followed by b, h, w or g (bytes, halfwords, words, doublewords)\n", c->argv[0]);
            return;
        }
        unit = 1u << (u - units);
    }
    if (c->argc != 2) {
        mon_put(c->o, "%s: give an address (%s/4g 0x40000000)\n", c->argv[0], c->argv[0]);
        return;
    }
    if (!mon_number(c, c->argv[1], &addr))
        return;
    if (!count || count > 1024) {
        mon_put(c->o, "%s: count must be 1..1024\n", c->argv[0]);
        return;
    }
    unsigned per_line = 16 / unit;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t a = addr + i * unit;
        uint8_t b[8] = { 0 };
        bool ok = phys ? bus_copy_from(c->cpu->mmu.bus, a, b, unit) : cpu_virt_read(c->cpu, a, b, unit);
        if (!ok) {
            mon_put(c->o, "%s0x%016" PRIx64 ": cannot read: %s\n", i % per_line ? "\n" : "", a,
                    phys ? "not RAM (MMIO and holes are not read by the monitor)"
                         : "no translation to RAM in the current regime (try translate)");
            return;
        }
        uint64_t v = 0;
        for (unsigned k = 0; k < unit; k++)
            v |= (uint64_t)b[k] << (8 * k);
        if (i % per_line == 0)
            mon_put(c->o, "0x%016" PRIx64 ":", a);
        mon_put(c->o, " 0x%0*" PRIx64, (int)unit * 2, v);
        if (i % per_line == per_line - 1 || i + 1 == count)
            mon_put(c->o, "\n");
    }
}

void mon_cmd_x(struct mon_ctx *c) { examine(c, false); }
void mon_cmd_xp(struct mon_ctx *c) { examine(c, true); }

/* ---- disas ---- */

void mon_disas_line(struct mon_out *o, struct cpu_state *cpu, uint64_t pc, bool mark)
{
    uint8_t b[4];
    if (!cpu_virt_read(cpu, pc, b, 4)) {
        mon_put(o, "%s0x%016" PRIx64 ": (no RAM mapped here in the current regime)\n", mark ? "=> " : "", pc);
        return;
    }
    uint32_t raw = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    struct a64_insn in;
    dec_decode(raw, cpu->features, &in);
    char text[128];
    dec_disassemble(&in, pc, text, sizeof text);
    mon_put(o, "%s0x%016" PRIx64 ": %08" PRIx32 "  %s\n", mark ? "=> " : "   ", pc, raw, text);
}

void mon_cmd_disas(struct mon_ctx *c)
{
    uint64_t addr = c->cpu->pc, n = 8;
    if (c->argc > 3) {
        mon_put(c->o, "disas: disas [ADDR] [N]\n");
        return;
    }
    if (c->argc >= 2 && !mon_number(c, c->argv[1], &addr))
        return;
    if (c->argc == 3 && !mon_number(c, c->argv[2], &n))
        return;
    if (addr & 3) {
        mon_put(c->o, "disas: 0x%" PRIx64 " is not 4-byte aligned\n", addr);
        return;
    }
    if (!n || n > 256) {
        mon_put(c->o, "disas: N must be 1..256\n");
        return;
    }
    for (uint64_t i = 0; i < n; i++)
        mon_disas_line(c->o, c->cpu, addr + 4 * i, addr + 4 * i == c->cpu->pc);
}

/* ---- translate ---- */

static const char *const desc_names[] = { "invalid", "table", "block", "page", "reserved" };
static const char *const fault_names[] = {
    [MMU_FAULT_NONE] = "none", [MMU_FAULT_ADDRESS_SIZE] = "Address size fault",
    [MMU_FAULT_TRANSLATION] = "Translation fault", [MMU_FAULT_ACCESS_FLAG] = "Access flag fault",
    [MMU_FAULT_PERMISSION] = "Permission fault", [MMU_FAULT_EXTERNAL] = "External abort",
    [MMU_FAULT_EXTERNAL_WALK] = "External abort on the walk", [MMU_FAULT_ALIGNMENT] = "Alignment fault",
};
static const char *const regime_names[] = { "EL1&0", "EL2", "EL2&0" };
/* Stage-1 AP[2:1] (DDI 0487 D8.4.1): privileged / unprivileged data access. */
static const char *const ap_two_ranges[] = { "EL1 read/write, EL0 none", "EL1 and EL0 read/write",
                                             "EL1 read-only, EL0 none", "EL1 and EL0 read-only" };
static const char *const ap_el2[] = { "read/write", "read/write", "read-only", "read-only" };
static const char *const s2ap[] = { "no access", "read-only", "write-only", "read/write" };

static void print_step(struct mon_out *o, const char *indent, const struct mmu_explain_step *s, bool stage2,
                       const struct mmu_regs *r)
{
    unsigned t = s->type <= MMU_DESC_RESERVED ? s->type : MMU_DESC_RESERVED;
    mon_put(o, "%slevel %u: descriptor at %s 0x%" PRIx64 " = 0x%016" PRIx64 ": %s", indent, s->level,
            stage2 ? "PA" : r->s2 ? "IPA" : "PA", s->desc_addr, s->desc, desc_names[t]);
    if (s->type == MMU_DESC_TABLE) {
        mon_put(o, " -> next table at 0x%" PRIx64, s->out);
        if (!stage2 && (s->ap_table || s->uxn_table || s->pxn_table))
            mon_put(o, " (APTable=%u UXNTable=%u PXNTable=%u)", s->ap_table, s->uxn_table, s->pxn_table);
        mon_put(o, "\n");
        return;
    }
    if (s->type != MMU_DESC_BLOCK && s->type != MMU_DESC_PAGE) {
        mon_put(o, "\n");
        return;
    }
    mon_put(o, " -> output 0x%" PRIx64 "\n", s->out);
    if (stage2) {
        mon_put(o, "%s  S2AP=%u (%s) MemAttr=0x%x SH=%u AF=%u XN=%u\n", indent, s->ap & 3, s2ap[s->ap & 3], s->attrindx,
                s->sh, s->af, s->uxn);
    } else {
        bool two = mmu_regime_two_ranges(r->regime);
        mon_put(o, "%s  AP[2:1]=%u (%s) AttrIndx=%u (MAIR attr 0x%02x) SH=%u AF=%u nG=%u %s=%u PXN=%u\n", indent, s->ap & 3,
                two ? ap_two_ranges[s->ap & 3] : ap_el2[s->ap & 3], s->attrindx,
                (unsigned)(r->mair >> (8 * (s->attrindx & 7))) & 0xff, s->sh, s->af, s->ng, two ? "UXN" : "XN", s->uxn,
                s->pxn);
    }
}

static void print_s2(struct mon_out *o, const struct mmu_explain_s2 *w, const struct mmu_regs *r, const char *what)
{
    if (!w->done)
        return;
    mon_put(o, "    stage 2 of %s IPA 0x%" PRIx64 " (VTTBR_EL2, start level %u):\n", what, w->ipa, w->start_level);
    for (unsigned i = 0; i < w->nsteps && i < 4; i++)
        print_step(o, "      ", &w->step[i], true, r);
    if (w->ok)
        mon_put(o, "      => PA 0x%" PRIx64 "\n", w->pa);
}

void mon_cmd_translate(struct mon_ctx *c)
{
    struct cpu_state *cpu = c->cpu;
    uint64_t va;
    if (c->argc < 2 || c->argc > 4) {
        mon_put(c->o, "translate: translate VA [el1|el2|el20] [s1|s12]\n");
        return;
    }
    if (!mon_number(c, c->argv[1], &va))
        return;
    unsigned el = cpu->el == 0 ? 0 : cpu->el;
    bool want_el20 = false, s1_only = false;
    for (int i = 2; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (!strcmp(a, "el1"))
            el = 1;
        else if (!strcmp(a, "el2"))
            el = 2;
        else if (!strcmp(a, "el20"))
            el = 2, want_el20 = true;
        else if (!strcmp(a, "s1"))
            s1_only = true;
        else if (strcmp(a, "s12")) {
            mon_put(c->o, "translate: '%s' is not a regime (el1, el2, el20) or stages (s1, s12)\n", a);
            return;
        }
    }
    if (el == 2 && !cpu->has_el2) {
        mon_put(c->o, "translate: EL2 is not implemented on this machine\n");
        return;
    }
    struct mmu_regs r;
    cpu_mmu_regs(cpu, el, &r);
    if (want_el20 && r.regime != MMU_REGIME_EL20) {
        mon_put(c->o, "translate: the EL2&0 regime needs HCR_EL2.E2H=1 (FEAT_VHE); it is 0\n");
        return;
    }
    if (s1_only)
        r.s2 = false;
    const struct mmu_access_desc acc = { MMU_READ, el == 0, false, false };
    struct mmu_explanation ex;
    bool ok = mmu_explain(&cpu->mmu, &r, va, &acc, &ex);
    mon_put(c->o, "VA 0x%016" PRIx64 " in the %s regime, stage 1 %s", va, regime_names[r.regime],
            ex.enabled ? "on" : "off (flat: output = input)");
    if (ex.enabled)
        mon_put(c->o, ": %u KiB granule, %u-bit region, %s, start level %u", 1u << (ex.granule_bits - 10), ex.inputsize,
                ex.ttbr1 ? "TTBR1" : "TTBR0", ex.start_level);
    mon_put(c->o, "; stage 2 %s\n", r.s2 ? "on (HCR_EL2.VM=1)" : s1_only ? "not shown (s1)" : "off");
    for (unsigned i = 0; i < ex.nsteps && i < 4; i++) {
        print_s2(c->o, &ex.s1_s2[i], &r, "the stage-1 descriptor's");
        print_step(c->o, "  ", &ex.step[i], false, &r);
    }
    if (ex.enabled && ok && r.s2)
        mon_put(c->o, "  stage 1 output: IPA 0x%" PRIx64 "\n", ex.result.ipa);
    print_s2(c->o, &ex.final_s2, &r, "the output");
    mon_put(c->o, "  memory accesses for this translation: %u descriptor read%s", ex.total_reads,
            ex.total_reads == 1 ? "" : "s");
    if (r.s2 && ex.enabled)
        mon_put(c->o, " (stage 1 levels each need a stage-2 walk of their table address)");
    mon_put(c->o, "\n");
    if (ok) {
        mon_put(c->o, "  => PA 0x%016" PRIx64, ex.result.pa);
        if (!ex.result.mmu_off)
            mon_put(c->o, " (attr 0x%02x%s, %s)", ex.result.attr, mmu_attr_is_device(ex.result.attr) ? " Device" : " Normal",
                    ex.result.ng ? "non-global: tagged with the ASID" : "global");
        mon_put(c->o, "\n");
    } else {
        const struct mmu_fault *f = &ex.fault;
        mon_put(c->o, "  => %s, level %u%s%s (FSC 0x%02x)\n",
                f->kind <= MMU_FAULT_ALIGNMENT ? fault_names[f->kind] : "fault", f->level,
                f->stage2 ? ", stage 2" : ", stage 1", f->s1ptw ? " on the stage-1 walk" : "", mmu_fault_fsc(f));
    }
}

/* ---- info tlb ---- */

void mon_cmd_info_tlb(struct mon_ctx *c)
{
    struct mmu *mmu = &c->cpu->mmu;
    /* Group by context: one pass per distinct {regime, VMID, ASID/global}, in first-seen order. */
    struct ctx { uint8_t regime; uint16_t vmid, asid; bool global; } seen[64];
    unsigned nseen = 0, total = 0;
    for (unsigned s = 0; s < MMU_ATLB_SETS; s++)
        for (unsigned w = 0; w < MMU_ATLB_WAYS; w++) {
            const struct mmu_atlb_entry *e = &mmu->atlb[s][w];
            if (!e->valid)
                continue;
            total++;
            struct ctx k = { e->regime, e->vmid, e->global ? 0 : e->asid, e->global };
            unsigned i = 0;
            while (i < nseen && memcmp(&seen[i], &k, sizeof k))
                i++;
            if (i == nseen && nseen < 64)
                seen[nseen++] = k;
        }
    if (!total) {
        mon_put(c->o, "the TLB of vCPU %u is empty\n", c->cpu->index);
        return;
    }
    for (unsigned i = 0; i < nseen; i++) {
        const struct ctx *k = &seen[i];
        mon_put(c->o, "%s VMID %u %s", regime_names[k->regime < 3 ? k->regime : 0], k->vmid, k->global ? "global" : "ASID");
        if (!k->global)
            mon_put(c->o, " %u", k->asid);
        mon_put(c->o, ":\n");
        for (unsigned s = 0; s < MMU_ATLB_SETS; s++)
            for (unsigned w = 0; w < MMU_ATLB_WAYS; w++) {
                const struct mmu_atlb_entry *e = &mmu->atlb[s][w];
                if (!e->valid || e->regime != k->regime || e->vmid != k->vmid || e->global != k->global ||
                    (!k->global && e->asid != k->asid))
                    continue;
                const struct mmu_result *r = &e->res;
                mon_put(c->o, "  VA 0x%016" PRIx64 " -> PA 0x%016" PRIx64 " %s%s AP=%u%s%s attr 0x%02x%s\n", e->va, r->pa,
                        r->shift >= 21 ? "block" : "page", r->s2 ? " (stage 1+2)" : "", r->ap, r->uxn ? " UXN" : "",
                        r->pxn ? " PXN" : "", r->attr, e->global ? " G" : " nG");
            }
    }
    mon_put(c->o, "%u entries; ", total);
    mon_put(c->o, "hits %" PRIu64 ", misses %" PRIu64 ", walks %" PRIu64 "\n", mmu->stats.atlb_hits,
            mmu->stats.atlb_misses, mmu->stats.walks);
}

/* ---- info mtree ---- */

void mon_cmd_info_mtree(struct mon_ctx *c)
{
    mon_put(c->o, "the virt board's physical address map (src/machine/virt_map.c):\n");
    for (unsigned i = 0; i < VIRT_REGION_COUNT; i++) {
        const struct virt_map_entry *e = &virt_map[i];
        mon_put(c->o, "  0x%016" PRIx64 "-0x%016" PRIx64 " %s", e->base, e->base + e->size - 1, e->name);
        if (e->spi >= 0)
            mon_put(c->o, " SPI %d (INTID %d)", e->spi, e->spi + 32);
        const char *flash = pflash_region_mode(bus_find(c->cpu->mmu.bus, e->base));
        if (flash)
            mon_put(c->o, " CFI flash, %s mode%s", flash, strcmp(flash, "read-array") ? " (reads reach the device)" : "");
        mon_put(c->o, "%s\n", e->status == VIRT_PLANNED ? " (reserved, not modelled yet)" : "");
    }
}
