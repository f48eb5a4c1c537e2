/* gdb's `monitor` commands (gdb_monitor.h). */
#include "frontend/gdb_monitor.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/cpu_internal.h" /* cpu_mmu_regs: the regime a translation would use (read-only) */
#include "mmu/mmu.h"

struct out {
    char *buf;
    size_t size, n;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    if (o->n >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->buf + o->n, o->size - o->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n = o->n + (size_t)k < o->size ? o->n + (size_t)k : o->size - 1;
}

static void cmd_help(struct out *o)
{
    put(o, "a64emu monitor commands:\n"
           "  help               this list\n"
           "  regs               general registers and PSTATE, decoded\n"
           "  phys on|off        gdb memory accesses address physical memory (on) or virtual (off)\n"
           "  step-irq on|off    single-step enters a pending interrupt's handler (default off)\n"
           "  translate VA       walk VA through the current translation regime, step by step\n");
}

static void cmd_regs(struct out *o, struct cpu_state *c)
{
    for (unsigned i = 0; i < 31; i++)
        put(o, "x%-2u %016" PRIx64 "%s", i, c->x[i], i % 4 == 3 ? "\n" : "  ");
    put(o, "sp  %016" PRIx64 "\npc  %016" PRIx64 "\n", c->x[31], c->pc);
    uint64_t ps = cpu_pstate(c);
    put(o, "PSTATE %08" PRIx64 ": EL%u%s N=%u Z=%u C=%u V=%u D=%u A=%u I=%u F=%u%s%s\n", ps, c->el,
        c->spsel ? "h" : "t", (unsigned)(ps >> 31 & 1), (unsigned)(ps >> 30 & 1), (unsigned)(ps >> 29 & 1),
        (unsigned)(ps >> 28 & 1), (unsigned)(ps >> 9 & 1), (unsigned)(ps >> 8 & 1), (unsigned)(ps >> 7 & 1),
        (unsigned)(ps >> 6 & 1), c->pan ? " PAN" : "", c->il ? " IL" : "");
    put(o, "vCPU %u: %s\n", c->index,
        c->run_state == CPU_POWERED_OFF ? "powered off" : c->halted ? "in WFI" : "runnable");
}

static bool on_off(const char *arg, bool *v)
{
    if (!strcmp(arg, "on"))
        *v = true;
    else if (!strcmp(arg, "off"))
        *v = false;
    else
        return false;
    return true;
}

static const char *const desc_names[] = { "invalid", "table", "block", "page", "reserved" };

static void cmd_translate(struct out *o, struct cpu_state *c, const char *arg)
{
    uint64_t va;
    char *end;
    va = strtoull(arg, &end, 0);
    if (end == arg || *end) {
        put(o, "translate: give a virtual address (e.g. translate 0x40080000)\n");
        return;
    }
    struct mmu_regs r;
    cpu_mmu_regs(c, c->el == 2 ? 2 : 1, &r);
    const struct mmu_access_desc acc = { MMU_READ, c->el == 0, false, false };
    struct mmu_explanation ex;
    bool ok = mmu_explain(&c->mmu, &r, va, &acc, &ex);
    put(o, "VA 0x%016" PRIx64 " at EL%u: stage 1 %s", va, c->el, ex.enabled ? "on" : "off (flat)");
    if (ex.enabled)
        put(o, ", %u KiB granule, %u-bit input, %s, start level %u", 1u << (ex.granule_bits - 10), ex.inputsize,
            ex.ttbr1 ? "TTBR1" : "TTBR0", ex.start_level);
    put(o, "\n");
    for (unsigned i = 0; i < ex.nsteps && i < 4; i++) {
        const struct mmu_explain_step *s = &ex.step[i];
        put(o, "  level %u: table 0x%" PRIx64 ", descriptor at 0x%" PRIx64 " = 0x%016" PRIx64 ": %s", s->level,
            s->table, s->desc_addr, s->desc, desc_names[s->type <= MMU_DESC_RESERVED ? s->type : MMU_DESC_RESERVED]);
        if (s->type == MMU_DESC_TABLE)
            put(o, " -> next table 0x%" PRIx64, s->out);
        else if (s->type == MMU_DESC_BLOCK || s->type == MMU_DESC_PAGE)
            put(o, " -> 0x%" PRIx64 " AP=%u AttrIndx=%u SH=%u AF=%u nG=%u UXN=%u PXN=%u", s->out, s->ap, s->attrindx,
                s->sh, s->af, s->ng, s->uxn, s->pxn);
        put(o, "\n");
    }
    if (ok)
        put(o, "  => PA 0x%016" PRIx64 "\n", ex.result.pa);
    else
        put(o, "  => fault (kind %u at level %u%s)\n", (unsigned)ex.fault.kind, ex.fault.level,
            ex.fault.stage2 ? ", stage 2" : "");
}

void gdb_monitor(struct gdb_monitor_state *st, struct cpu_state *cpu, const char *cmd, char *buf, size_t size)
{
    struct out o = { buf, size, 0 };
    if (size)
        buf[0] = 0;
    while (*cmd == ' ')
        cmd++;
    const char *arg = strchr(cmd, ' ');
    size_t len = arg ? (size_t)(arg - cmd) : strlen(cmd);
    while (arg && *arg == ' ')
        arg++;
    if (!arg)
        arg = "";
#define IS(name) (len == strlen(name) && !strncmp(cmd, name, len))
    if (IS("help") || !len)
        cmd_help(&o);
    else if (IS("regs"))
        cmd_regs(&o, cpu);
    else if (IS("phys") && on_off(arg, &st->phys))
        put(&o, "memory accesses: %s addresses\n", st->phys ? "physical" : "virtual");
    else if (IS("step-irq") && on_off(arg, &st->step_irq))
        put(&o, "single-step %s pending interrupts\n", st->step_irq ? "takes" : "ignores");
    else if (IS("translate"))
        cmd_translate(&o, cpu, arg);
    else
        put(&o, "unknown monitor command '%.*s' (try: monitor help)\n", (int)len, cmd);
#undef IS
}
