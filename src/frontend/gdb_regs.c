/* gdb's register numbering and target description for a64emu (gdb_regs.h). */
#include "frontend/gdb_regs.h"

#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/exception.h"
#include "cpu/sysreg.h"

/* The system register feature: a table, the encodings those of the Arm ARM (DDI 0487 D19). */
static const struct gdb_sysreg {
    const char *name;
    uint16_t enc;
    bool el2;    /* present only with EL2 */
    int sp_el;   /* SP_ELx: -1, or x (SP_EL2 has no row reachable below EL3: cpu_get_sp_el) */
} sysregs[] = {
    { "SCTLR_EL1", SYSREG_ENC(3, 0, 1, 0, 0), false, -1 },
    { "TTBR0_EL1", SYSREG_ENC(3, 0, 2, 0, 0), false, -1 },
    { "TTBR1_EL1", SYSREG_ENC(3, 0, 2, 0, 1), false, -1 },
    { "TCR_EL1", SYSREG_ENC(3, 0, 2, 0, 2), false, -1 },
    { "MAIR_EL1", SYSREG_ENC(3, 0, 10, 2, 0), false, -1 },
    { "VBAR_EL1", SYSREG_ENC(3, 0, 12, 0, 0), false, -1 },
    { "ESR_EL1", SYSREG_ENC(3, 0, 5, 2, 0), false, -1 },
    { "FAR_EL1", SYSREG_ENC(3, 0, 6, 0, 0), false, -1 },
    { "ELR_EL1", SYSREG_ENC(3, 0, 4, 0, 1), false, -1 },
    { "SPSR_EL1", SYSREG_ENC(3, 0, 4, 0, 0), false, -1 },
    { "SP_EL0", SYSREG_ENC(3, 0, 4, 1, 0), false, 0 },
    { "SP_EL1", SYSREG_ENC(3, 4, 4, 1, 0), false, 1 },
    { "CurrentEL", SYSREG_ENC(3, 0, 4, 2, 2), false, -1 },
    { "HCR_EL2", SYSREG_ENC(3, 4, 1, 1, 0), true, -1 },
    { "VBAR_EL2", SYSREG_ENC(3, 4, 12, 0, 0), true, -1 },
    { "ESR_EL2", SYSREG_ENC(3, 4, 5, 2, 0), true, -1 },
    { "FAR_EL2", SYSREG_ENC(3, 4, 6, 0, 0), true, -1 },
    { "ELR_EL2", SYSREG_ENC(3, 4, 4, 0, 1), true, -1 },
    { "SPSR_EL2", SYSREG_ENC(3, 4, 4, 0, 0), true, -1 },
    { "VTTBR_EL2", SYSREG_ENC(3, 4, 2, 1, 0), true, -1 },
    { "VTCR_EL2", SYSREG_ENC(3, 4, 2, 1, 2), true, -1 },
    { "SCTLR_EL2", SYSREG_ENC(3, 4, 1, 0, 0), true, -1 },
    { "TCR_EL2", SYSREG_ENC(3, 4, 2, 0, 2), true, -1 },
    { "TTBR0_EL2", SYSREG_ENC(3, 4, 2, 0, 0), true, -1 },
    { "SP_EL2", SYSREG_ENC(3, 6, 4, 1, 0), true, 2 },
};
#define NSYS (sizeof sysregs / sizeof sysregs[0])
#define NSYS_EL1 13 /* the rows before the first EL2 one */

unsigned gdb_reg_count(const struct cpu_state *cpu)
{
    return GDB_REG_SYS0 + (cpu->has_el2 ? (unsigned)NSYS : NSYS_EL1);
}

static const struct gdb_sysreg *sysreg_of(const struct cpu_state *cpu, unsigned regnum)
{
    if (regnum < GDB_REG_SYS0 || regnum >= gdb_reg_count(cpu))
        return NULL;
    return &sysregs[regnum - GDB_REG_SYS0];
}

const char *gdb_reg_name(const struct cpu_state *cpu, unsigned regnum)
{
    static const char *const core[] = { "sp", "pc", "cpsr" };
    static char buf[8];
    if (regnum < 31 || (regnum >= 34 && regnum < 66)) {
        snprintf(buf, sizeof buf, "%c%u", regnum < 31 ? 'x' : 'v', regnum < 31 ? regnum : regnum - 34);
        return buf;
    }
    if (regnum < 34)
        return core[regnum - 31];
    if (regnum < GDB_REG_SYS0)
        return regnum == 66 ? "fpsr" : "fpcr";
    const struct gdb_sysreg *s = sysreg_of(cpu, regnum);
    return s ? s->name : NULL;
}

unsigned gdb_reg_size(const struct cpu_state *cpu, unsigned regnum)
{
    if (regnum == 33 || regnum == 66 || regnum == 67)
        return 4;
    if (regnum >= 34 && regnum < 66)
        return 16;
    return regnum < gdb_reg_count(cpu) ? 8 : 0;
}

const char *gdb_sysreg_row_name(const struct cpu_state *cpu, unsigned regnum)
{
    const struct gdb_sysreg *s = sysreg_of(cpu, regnum);
    const struct sysreg_desc *d = s ? sysreg_lookup(s->enc) : NULL;
    return d ? d->name : NULL;
}

/* Through the row, as MRS does after its checks (exec_system.c sysreg_value). */
static uint64_t sysreg_get(struct cpu_state *cpu, const struct gdb_sysreg *s)
{
    const struct sysreg_desc *d = sysreg_lookup(s->enc);
    if (!d)
        return s->sp_el >= 0 ? cpu_get_sp_el(cpu, (unsigned)s->sp_el) : 0;
    if (d->read)
        return d->read(cpu, d);
    if ((d->flags & SRF_CONST) || d->offset == SR_NO_STORAGE)
        return d->reset;
    uint64_t v;
    memcpy(&v, (const char *)cpu + d->offset, sizeof v);
    return v;
}

/* Through the row, as MSR does after its checks (exec_system.c sysreg_store). */
static bool sysreg_set(struct cpu_state *cpu, const struct gdb_sysreg *s, uint64_t v)
{
    const struct sysreg_desc *d = sysreg_lookup(s->enc);
    if (!d) {
        if (s->sp_el < 0)
            return false;
        cpu_set_sp_el(cpu, (unsigned)s->sp_el, v);
        return true;
    }
    if (d->flags & (SRF_RO | SRF_CONST))
        return false;
    if (d->write)
        return d->write(cpu, d, v);
    if (d->offset == SR_NO_STORAGE)
        return false;
    memcpy((char *)cpu + d->offset, &v, sizeof v);
    return true;
}

static void put_le(uint8_t *out, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *in, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)in[i] << (8 * i);
    return v;
}

unsigned gdb_reg_read(struct cpu_state *cpu, unsigned regnum, uint8_t *out)
{
    unsigned n = gdb_reg_size(cpu, regnum);
    if (!n)
        return 0;
    if (regnum < 32)
        put_le(out, cpu->x[regnum], 8); /* x[31] is the live SP */
    else if (regnum == 32)
        put_le(out, cpu->pc, 8);
    else if (regnum == 33)
        put_le(out, cpu_pstate(cpu), 4);
    else if (regnum < 66) {
        put_le(out, cpu->vreg[regnum - 34][0], 8);
        put_le(out + 8, cpu->vreg[regnum - 34][1], 8);
    } else if (regnum == 66)
        put_le(out, cpu->fpsr, 4);
    else if (regnum == 67)
        put_le(out, cpu->fpcr, 4);
    else
        put_le(out, sysreg_get(cpu, sysreg_of(cpu, regnum)), 8);
    return n;
}

/* cpsr from the debugger: PSTATE as SPSR_ELx holds it (cpu_pstate's layout). AArch32 and an EL
 * the vCPU does not implement are refused rather than made up. */
static bool set_pstate(struct cpu_state *cpu, uint64_t v)
{
    unsigned el = (unsigned)(v >> 2) & 3;
    if ((v & 0x10) || el > (cpu->has_el2 ? 2u : 1u) || (v & 2))
        return false;
    cpu->nzcv = (uint32_t)v & 0xf0000000u;
    cpu->daif = (uint32_t)v & 0x3c0u;
    cpu->ss = (uint8_t)(v >> 21 & 1);
    cpu->il = (uint8_t)(v >> 20 & 1);
    if (cpu_has_feature(cpu, FEAT_PAN))
        cpu->pan = (uint8_t)(v >> 22 & 1);
    unsigned old_el = cpu->el;
    cpu_set_el_spsel(cpu, el, (unsigned)v & 1);
    if (el != old_el)
        cpu_translation_changed(cpu); /* another regime's translations */
    exc_update_irq(cpu); /* DAIF or EL changed what is deliverable */
    return true;
}

bool gdb_reg_write(struct cpu_state *cpu, unsigned regnum, const uint8_t *in)
{
    unsigned n = gdb_reg_size(cpu, regnum);
    if (!n)
        return false;
    uint64_t v = get_le(in, n < 8 ? n : 8);
    if (regnum < 32)
        cpu->x[regnum] = v;
    else if (regnum == 32)
        cpu->pc = v;
    else if (regnum == 33)
        return set_pstate(cpu, v);
    else if (regnum < 66) {
        cpu->vreg[regnum - 34][0] = v;
        cpu->vreg[regnum - 34][1] = get_le(in + 8, 8);
    } else if (regnum == 66)
        cpu->fpsr = (uint32_t)v;
    else if (regnum == 67)
        cpu->fpcr = (uint32_t)v;
    else
        return sysreg_set(cpu, sysreg_of(cpu, regnum), v);
    return true;
}

/* Appends with snprintf semantics: *n counts what would be written. */
#define PUT(...)                                                                            \
    do {                                                                                    \
        int k_ = snprintf(buf + (*n < size ? *n : size), *n < size ? size - *n : 0, __VA_ARGS__); \
        *n += k_ > 0 ? (size_t)k_ : 0;                                                      \
    } while (0)

static void xml_core(char *buf, size_t size, size_t *n)
{
    PUT("<feature name=\"org.gnu.gdb.aarch64.core\">\n");
    for (unsigned i = 0; i < 31; i++)
        PUT("<reg name=\"x%u\" bitsize=\"64\" type=\"int\" regnum=\"%u\"/>\n", i, i);
    PUT("<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"31\"/>\n"
        "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n"
        "<flags id=\"cpsr_flags\" size=\"4\">\n"
        "<field name=\"SP\" start=\"0\" end=\"0\"/><field name=\"EL\" start=\"2\" end=\"3\"/>\n"
        "<field name=\"F\" start=\"6\" end=\"6\"/><field name=\"I\" start=\"7\" end=\"7\"/>\n"
        "<field name=\"A\" start=\"8\" end=\"8\"/><field name=\"D\" start=\"9\" end=\"9\"/>\n"
        "<field name=\"IL\" start=\"20\" end=\"20\"/><field name=\"SS\" start=\"21\" end=\"21\"/>\n"
        "<field name=\"PAN\" start=\"22\" end=\"22\"/><field name=\"V\" start=\"28\" end=\"28\"/>\n"
        "<field name=\"C\" start=\"29\" end=\"29\"/><field name=\"Z\" start=\"30\" end=\"30\"/>\n"
        "<field name=\"N\" start=\"31\" end=\"31\"/>\n</flags>\n"
        "<reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\" regnum=\"33\"/>\n</feature>\n");
}

static void xml_fpu(char *buf, size_t size, size_t *n)
{
    PUT("<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
        "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
        "<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n"
        "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
        "<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n"
        "<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n"
        "<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n"
        "<union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/></union>\n"
        "<union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/></union>\n"
        "<union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>"
        "<field name=\"h\" type=\"v8u\"/><field name=\"b\" type=\"v16u\"/>"
        "<field name=\"q\" type=\"uint128\"/></union>\n");
    for (unsigned i = 0; i < 32; i++)
        PUT("<reg name=\"v%u\" bitsize=\"128\" type=\"aarch64v\" regnum=\"%u\"/>\n", i, 34 + i);
    PUT("<reg name=\"fpsr\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>\n"
        "<reg name=\"fpcr\" bitsize=\"32\" type=\"int\" regnum=\"67\"/>\n</feature>\n");
}

size_t gdb_target_xml(const struct cpu_state *cpu, char *buf, size_t size)
{
    size_t nn = 0, *n = &nn;
    if (size)
        buf[0] = 0;
    PUT("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
        "<target version=\"1.0\">\n<architecture>aarch64</architecture>\n");
    xml_core(buf, size, n);
    xml_fpu(buf, size, n);
    PUT("<feature name=\"org.a64emu.sysregs\">\n");
    for (unsigned r = GDB_REG_SYS0; r < gdb_reg_count(cpu); r++)
        PUT("<reg name=\"%s\" bitsize=\"64\" type=\"%s\" regnum=\"%u\" group=\"system\"/>\n",
            sysregs[r - GDB_REG_SYS0].name, strncmp(sysregs[r - GDB_REG_SYS0].name, "SP_", 3) ? "uint64" : "data_ptr", r);
    PUT("</feature>\n</target>\n");
    return nn;
}
