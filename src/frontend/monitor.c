/*
 * The monitor's command line (monitor.h): one table of commands (name, arguments, help, whether
 * gdb may reach it), the parser, run control (step, continue, breakpoints, watchpoints, stepx)
 * and the session loop. The views live in monitor_cpu.c, monitor_sysreg.c, monitor_mem.c and
 * monitor_irq.c and monitor_stats.c.
 */
#include "frontend/monitor.h"

#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "frontend/monitor_internal.h"

/* ---- output ---- */

void mon_put(struct mon_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (o->f) {
        vfprintf(o->f, fmt, ap);
    } else if (o->size && o->n < o->size - 1) {
        int k = vsnprintf(o->buf + o->n, o->size - o->n, fmt, ap);
        if (k > 0)
            o->n = o->n + (size_t)k < o->size ? o->n + (size_t)k : o->size - 1;
    }
    va_end(ap);
}

bool mon_number(struct mon_ctx *c, const char *s, uint64_t *v)
{
    char *end;
    if (!s || !*s || *s == '-') {
        mon_put(c->o, "%s: expected a number, got '%s'\n", c->argv[0], s ? s : "");
        return false;
    }
    *v = strtoull(s, &end, 0);
    if (*end) {
        mon_put(c->o, "%s: '%s' is not a number (write 0x40000000 or 1024)\n", c->argv[0], s);
        return false;
    }
    return true;
}

unsigned mon_cpu_count(const struct cpu_state *cpu) { return icache_cpu_count(cpu->icache); }
struct cpu_state *mon_cpu(const struct cpu_state *cpu, unsigned i) { return icache_cpu(cpu->icache, i); }

/* ---- run control ---- */

#define MON_POINTS (CPU_HOST_WPS + CPU_HOST_BPS)
struct mon_point {
    unsigned id;              /* 0: free slot */
    bool watch;
    uint64_t addr, len;
    enum cpu_host_wp_kind kind;
};

struct monitor {
    struct machine *m;
    uint64_t max_insns;
    struct mon_point pt[MON_POINTS];
    unsigned next_id;
    bool quit, ended;
    enum machine_stop end;
    FILE *in;                 /* for `stop` while running on a terminal */
    machine_poll_fn poll;
    void *poll_opaque;
    bool line_waiting;        /* a line arrived while the guest ran: it stops the guest */
    bool console;             /* entered from the console (Ctrl-A c): continue returns there */
    bool resume;              /* ... and the user asked for it */
};

static void apply_points(struct monitor *mon)
{
    for (unsigned i = 0; i < machine_cpu_count(mon->m); i++) {
        struct cpu_state *c = machine_cpu(mon->m, i);
        struct cpu_host_debug *h = &c->hdbg;
        h->nbp = h->nwp = 0;
        for (unsigned k = 0; k < MON_POINTS; k++) {
            const struct mon_point *p = &mon->pt[k];
            if (!p->id)
                continue;
            if (!p->watch) {
                h->bp[h->nbp++] = p->addr;
            } else {
                h->wp[h->nwp].addr = p->addr;
                h->wp[h->nwp].len = p->len;
                h->wp[h->nwp++].kind = p->kind;
            }
        }
        cpu_debug_changed(c);
    }
}

static unsigned count_points(const struct monitor *mon, bool watch)
{
    unsigned n = 0;
    for (unsigned k = 0; k < MON_POINTS; k++)
        n += mon->pt[k].id && mon->pt[k].watch == watch;
    return n;
}

static struct mon_point *new_point(struct mon_ctx *c, bool watch)
{
    struct monitor *mon = c->mon;
    if (count_points(mon, watch) == (watch ? CPU_HOST_WPS : CPU_HOST_BPS)) {
        mon_put(c->o, "%s: all %u slots are in use (delete one first)\n", c->argv[0], watch ? CPU_HOST_WPS : CPU_HOST_BPS);
        return NULL;
    }
    for (unsigned k = 0; k < MON_POINTS; k++)
        if (!mon->pt[k].id) {
            mon->pt[k] = (struct mon_point){ .id = ++mon->next_id, .watch = watch };
            return &mon->pt[k];
        }
    return NULL;
}

static void cmd_break(struct mon_ctx *c)
{
    uint64_t addr;
    if (c->argc != 2) {
        mon_put(c->o, "break: give an address (break 0x40000010)\n");
        return;
    }
    if (!mon_number(c, c->argv[1], &addr))
        return;
    if (addr & 3) {
        mon_put(c->o, "break: 0x%" PRIx64 " is not 4-byte aligned: no instruction starts there\n", addr);
        return;
    }
    struct mon_point *p = new_point(c, false);
    if (!p)
        return;
    p->addr = addr;
    apply_points(c->mon);
    mon_put(c->o, "breakpoint %u at 0x%" PRIx64 " (a virtual address, checked before the instruction runs)\n", p->id, addr);
}

static void cmd_watch(struct mon_ctx *c)
{
    static const struct { const char *name; enum cpu_host_wp_kind kind; const char *words; } kinds[] = {
        { "w", CPU_HWP_WRITE, "writes" }, { "r", CPU_HWP_READ, "reads" }, { "rw", CPU_HWP_ACCESS, "reads and writes" },
    };
    uint64_t addr, len = 8;
    if (c->argc < 2 || c->argc > 4) {
        mon_put(c->o, "watch: watch ADDR [len] [r|w|rw] (default: 8 bytes, writes)\n");
        return;
    }
    if (!mon_number(c, c->argv[1], &addr))
        return;
    int karg = 2;
    if (c->argc >= 3 && c->argv[2][0] >= '0' && c->argv[2][0] <= '9') {
        if (!mon_number(c, c->argv[2], &len))
            return;
        karg = 3;
    }
    if (!len || len > (1u << 20) || addr + len < addr) {
        mon_put(c->o, "watch: length must be 1..1048576 bytes and not wrap around\n");
        return;
    }
    size_t k = 0;
    if (karg < c->argc) {
        while (k < sizeof kinds / sizeof kinds[0] && strcmp(kinds[k].name, c->argv[karg]))
            k++;
        if (k == sizeof kinds / sizeof kinds[0] || karg + 1 < c->argc) {
            mon_put(c->o, "watch: the access kind is r, w or rw, not '%s'\n", c->argv[karg]);
            return;
        }
    }
    struct mon_point *p = new_point(c, true);
    if (!p)
        return;
    p->addr = addr;
    p->len = len;
    p->kind = kinds[k].kind;
    apply_points(c->mon);
    mon_put(c->o, "watchpoint %u: %s of 0x%" PRIx64 "..0x%" PRIx64 " (virtual; stops after the access)\n", p->id,
            kinds[k].words, addr, addr + len - 1);
}

static void cmd_delete(struct mon_ctx *c)
{
    uint64_t id;
    if (c->argc != 2) {
        mon_put(c->o, "delete: give a breakpoint or watchpoint number (info break lists them)\n");
        return;
    }
    if (!mon_number(c, c->argv[1], &id))
        return;
    for (unsigned k = 0; k < MON_POINTS; k++)
        if (c->mon->pt[k].id && c->mon->pt[k].id == id) {
            c->mon->pt[k].id = 0;
            apply_points(c->mon);
            mon_put(c->o, "deleted %u\n", (unsigned)id);
            return;
        }
    mon_put(c->o, "delete: no breakpoint or watchpoint %" PRIu64 "\n", id);
}

static void cmd_info_break(struct mon_ctx *c)
{
    unsigned n = 0;
    for (unsigned k = 0; k < MON_POINTS; k++) {
        const struct mon_point *p = &c->mon->pt[k];
        if (!p->id)
            continue;
        n++;
        if (p->watch)
            mon_put(c->o, "%u: watch 0x%" PRIx64 " len %" PRIu64 " %s\n", p->id, p->addr, p->len,
                    p->kind == CPU_HWP_WRITE ? "w" : p->kind == CPU_HWP_READ ? "r" : "rw");
        else
            mon_put(c->o, "%u: break 0x%" PRIx64 "\n", p->id, p->addr);
    }
    if (!n)
        mon_put(c->o, "no breakpoints or watchpoints\n");
}

static const char *const stop_words[] = {
    [MACHINE_EXIT] = "the guest exited", [MACHINE_INSN_LIMIT] = "the instruction limit was reached",
    [MACHINE_ERROR] = "a vCPU stopped", [MACHINE_IDLE] = "every vCPU waits for an interrupt that cannot come",
    [MACHINE_QUIT] = "stopped", [MACHINE_RESET] = "the guest asked for a reset", [MACHINE_DEBUG] = "stopped",
};

/* The machine ended (exit, error ...): report it; the session ends with it. */
static void ended(struct mon_ctx *c, enum machine_stop why)
{
    struct monitor *mon = c->mon;
    mon->ended = true;
    mon->end = why;
    struct cpu_state *s = machine_stopped_cpu(mon->m);
    if (why == MACHINE_EXIT)
        mon_put(c->o, "the guest exited with status %d after %" PRIu64 " instructions\n", machine_exit_code(mon->m),
                machine_icount(mon->m));
    else
        mon_put(c->o, "%s after %" PRIu64 " instructions: vCPU %u pc=0x%" PRIx64 " EL%u%s%s\n", stop_words[why],
                machine_icount(mon->m), s->index, s->pc, s->el, s->stop_reason[0] ? ": " : "", s->stop_reason);
}

/* After the guest stopped on a breakpoint/watchpoint: say which, clear the stop. */
static void debug_stop(struct mon_ctx *c, struct cpu_state *s)
{
    struct cpu_host_debug *h = &s->hdbg;
    if (h->hit_watch) {
        static const char *const kinds[] = { "", "write", "read", "access" };
        mon_put(c->o, "vCPU %u: watchpoint hit: %s of 0x%" PRIx64 " (the instruction before pc completed)\n", s->index,
                kinds[h->hit_kind & 3], h->hit_addr);
    } else {
        mon_put(c->o, "vCPU %u: breakpoint at 0x%" PRIx64 "\n", s->index, s->pc);
    }
    h->hit_watch = false;
    s->stop = CPU_RUNNING;
    s->stop_reason[0] = 0;
    c->cpu = s;
}

/* Resume: the vCPU at a breakpoint steps over it (as the gdb stub does). */
static void prepare_resume(struct monitor *mon)
{
    for (unsigned i = 0; i < machine_cpu_count(mon->m); i++) {
        struct cpu_state *cpu = machine_cpu(mon->m, i);
        cpu->hdbg.skip = true;
        cpu->hdbg.skip_pc = cpu->pc;
    }
}

/* One instruction of the machine. A breakpoint at the PC a step starts from does not hit (the
 * step is over it); one reached by the step (stepx runs many) stops it, as a watchpoint does. */
enum step_result { STEP_OK, STEP_DEBUG, STEP_END };

static enum step_result step_one(struct mon_ctx *c)
{
    enum machine_stop why;
    if (c->mon->max_insns && machine_icount(c->mon->m) >= c->mon->max_insns) {
        ended(c, MACHINE_INSN_LIMIT);
        return STEP_END;
    }
    prepare_resume(c->mon);
    if (!machine_step(c->mon->m, &why)) {
        ended(c, why);
        return STEP_END;
    }
    struct cpu_state *s = machine_current_cpu(c->mon->m);
    c->cpu = s;
    if (s->stop == CPU_STOP_DEBUG) {
        debug_stop(c, s);
        return STEP_DEBUG;
    }
    if (s->stop != CPU_RUNNING) {
        ended(c, s->stop == CPU_STOP_EXIT ? MACHINE_EXIT : MACHINE_ERROR);
        return STEP_END;
    }
    return STEP_OK;
}

#define ERET_WORD 0xd69f03e0u /* eret: the step that leaves an exception is explained too */

static void cmd_step(struct mon_ctx *c)
{
    uint64_t n = 1;
    if (c->argc > 2 || (c->argc == 2 && !mon_number(c, c->argv[1], &n)))
        return;
    for (uint64_t i = 0; i < n; i++) {
        struct cpu_state *before = machine_next_cpu(c->mon->m);
        uint64_t seq = before ? before->last_exc.seq : 0;
        unsigned el = before ? before->el : 0;
        uint8_t word[4] = { 0 };
        bool eret = before && cpu_virt_read(before, before->pc, word, 4) &&
                    (word[0] | word[1] << 8 | word[2] << 16 | (uint32_t)word[3] << 24) == ERET_WORD;
        enum step_result r = step_one(c);
        if (r == STEP_END)
            return;
        if (n <= 64 || i + 1 == n || r == STEP_DEBUG) {
            if (c->cpu->last_exc.seq != seq && c->cpu == before)
                mon_explain_last_exception(c->o, c->cpu);
            else if (eret && c->cpu == before)
                mon_put(c->o, "exception return (ERET): EL%u -> EL%u%s, pc = ELR_EL%u, PSTATE = SPSR_EL%u\n", el,
                        c->cpu->el, c->cpu->il ? " (illegal return: PSTATE.IL=1)" : "", el, el);
            mon_disas_line(c->o, c->cpu, c->cpu->pc, true);
        }
        if (r == STEP_DEBUG)
            return;
    }
}

#define STEPX_LIMIT 10000000ull

static void cmd_stepx(struct mon_ctx *c)
{
    uint64_t seq[MACHINE_MAX_CPUS];
    for (unsigned i = 0; i < machine_cpu_count(c->mon->m) && i < MACHINE_MAX_CPUS; i++)
        seq[i] = machine_cpu(c->mon->m, i)->last_exc.seq;
    for (uint64_t n = 0; n < STEPX_LIMIT; n++) {
        enum step_result r = step_one(c);
        if (r == STEP_END)
            return;
        unsigned i = c->cpu->index;
        if (i < MACHINE_MAX_CPUS && c->cpu->last_exc.seq != seq[i]) {
            mon_put(c->o, "after %" PRIu64 " step%s (the last one took the exception):\n", n + 1, n ? "s" : "");
            mon_explain_last_exception(c->o, c->cpu);
            mon_disas_line(c->o, c->cpu, c->cpu->pc, true);
            return;
        }
        if (r == STEP_DEBUG) {
            mon_disas_line(c->o, c->cpu, c->cpu->pc, true);
            return;
        }
    }
    mon_put(c->o, "stepx: no exception in %llu instructions; stopped\n", STEPX_LIMIT);
    mon_disas_line(c->o, c->cpu, c->cpu->pc, true);
}

/* Between quanta while continuing: the host's poll, then a line typed on the monitor's
 * terminal stops the guest (a pipe does not: a script's next command waits for the stop). */
static bool continue_poll(struct machine *m, void *opaque)
{
    struct monitor *mon = opaque;
    if (mon->poll && !mon->poll(m, mon->poll_opaque))
        return false;
    if (mon->in && isatty(fileno(mon->in))) {
        struct pollfd p = { .fd = fileno(mon->in), .events = POLLIN };
        if (poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
            mon->line_waiting = true;
            return false;
        }
    }
    return true;
}

static void cmd_continue(struct mon_ctx *c)
{
    struct monitor *mon = c->mon;
    prepare_resume(mon);
    if (mon->console) { /* the console's run loop resumes the guest */
        mon->resume = true;
        mon_put(c->o, "back to the guest console (Ctrl-A c returns here)\n");
        return;
    }
    mon->line_waiting = false;
    if (c->o->f)
        fflush(c->o->f);
    enum machine_stop why = machine_run(mon->m, mon->max_insns, continue_poll, mon);
    if (why == MACHINE_DEBUG) {
        debug_stop(c, machine_stopped_cpu(mon->m));
    } else if (why == MACHINE_QUIT && mon->line_waiting) {
        c->cpu = machine_current_cpu(mon->m);
        mon_put(c->o, "stopped by the monitor after %" PRIu64 " instructions\n", machine_icount(mon->m));
    } else {
        ended(c, why);
        return;
    }
    mon_disas_line(c->o, c->cpu, c->cpu->pc, true);
}

static void cmd_stop(struct mon_ctx *c)
{
    mon_put(c->o, "the guest is stopped (while it runs, typing any command on the terminal stops it)\n");
}

static void cmd_quit(struct mon_ctx *c) { c->mon->quit = true; }

static void cmd_cpu(struct mon_ctx *c)
{
    uint64_t i;
    if (c->argc != 2 || !mon_number(c, c->argv[1], &i))
        return;
    if (i >= mon_cpu_count(c->cpu)) {
        mon_put(c->o, "cpu: no vCPU %" PRIu64 " (there are %u)\n", i, mon_cpu_count(c->cpu));
        return;
    }
    c->cpu = mon_cpu(c->cpu, (unsigned)i);
    mon_put(c->o, "vCPU %u selected\n", c->cpu->index);
}

static void cmd_help(struct mon_ctx *c);

/* ---- the command table ---- */

enum { MON_SAFE = 1u << 0 /* inspection only: gdb's monitor command may run it */ };

struct mon_cmd {
    const char *name, *sub; /* "info" "tlb": two words */
    const char *args, *help;
    void (*fn)(struct mon_ctx *c);
    unsigned flags;
};

static const struct mon_cmd cmds[] = {
    { "help", NULL, "", "this list", cmd_help, MON_SAFE },
    { "step", NULL, "[n]", "execute n instructions (default 1), showing each next instruction", cmd_step, 0 },
    { "s", NULL, "[n]", "the same as step", cmd_step, 0 },
    { "stepx", NULL, "", "run until the next exception or trap, then explain it", cmd_stepx, 0 },
    { "continue", NULL, "", "run until a breakpoint, a watchpoint or the end (a typed line stops it)", cmd_continue, 0 },
    { "c", NULL, "", "the same as continue", cmd_continue, 0 },
    { "stop", NULL, "", "stop the guest (it is stopped whenever the prompt shows)", cmd_stop, 0 },
    { "break", NULL, "ADDR", "stop before the instruction at virtual address ADDR", cmd_break, 0 },
    { "watch", NULL, "ADDR [len] [r|w|rw]", "stop after an access to ADDR..ADDR+len-1 (default 8, w)", cmd_watch, 0 },
    { "delete", NULL, "N", "delete breakpoint or watchpoint N", cmd_delete, 0 },
    { "info", "break", "", "list breakpoints and watchpoints", cmd_info_break, 0 },
    { "cpu", NULL, "N", "select vCPU N for the other commands", cmd_cpu, 0 },
    { "regs", NULL, "", "general registers and PSTATE, decoded", mon_cmd_regs, MON_SAFE },
    { "sysreg", NULL, "NAME", "a system register's value and its fields (sysreg SCTLR_EL1)", mon_cmd_sysreg, MON_SAFE },
    { "x", NULL, "/N[bhwg] ADDR", "N units of memory at virtual ADDR, through the current translation", mon_cmd_x, MON_SAFE },
    { "xp", NULL, "/N[bhwg] ADDR", "the same at physical ADDR", mon_cmd_xp, MON_SAFE },
    { "disas", NULL, "[ADDR] [N]", "disassemble N instructions (default 8) from ADDR (default pc)", mon_cmd_disas, MON_SAFE },
    { "translate", NULL, "VA [el1|el2|el20] [s1|s12]", "each step of the walk: descriptors, fields, permissions, reads", mon_cmd_translate, MON_SAFE },
    { "info", "cpus", "", "every vCPU: state, pc, EL", mon_cmd_info_cpus, MON_SAFE },
    { "info", "tlb", "", "cached translations grouped by VMID/ASID (global marked)", mon_cmd_info_tlb, MON_SAFE },
    { "info", "mtree", "", "the board's memory map", mon_cmd_info_mtree, MON_SAFE },
    { "info", "gic", "[INTID]", "interrupt states and list registers; with INTID: why it is not delivered", mon_cmd_info_gic, MON_SAFE },
    { "info", "timers", "", "each generic timer: CTL bits, CVAL, time to fire, CNTVOFF", mon_cmd_info_timers, MON_SAFE },
    { "stats", NULL, "", "instructions, exceptions by class and EL, traps by cause, TLB counters", mon_cmd_stats, MON_SAFE },
    { "quit", NULL, "", "stop a64emu", cmd_quit, 0 },
    { "q", NULL, "", "the same as quit", cmd_quit, 0 },
};

static void cmd_help(struct mon_ctx *c)
{
    mon_put(c->o, "a64emu monitor commands%s:\n", c->mon ? "" : " (from gdb: inspection only; gdb runs the guest)");
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        const struct mon_cmd *m = &cmds[i];
        if (!c->mon && !(m->flags & MON_SAFE))
            continue;
        char head[64];
        snprintf(head, sizeof head, "%s%s%s%s%s", m->name, m->sub ? " " : "", m->sub ? m->sub : "",
                 m->args[0] && m->args[0] != '/' ? " " : "", m->args);
        mon_put(c->o, "  %-34s %s\n", head, m->help);
    }
}

/* Split line into c->argv (in place); the first word's "/suffix" goes to c->suffix. */
static bool split(struct mon_ctx *c, char *line)
{
    c->argc = 0;
    c->suffix = "";
    for (char *p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
        if (c->argc == MON_MAX_ARGS) {
            mon_put(c->o, "too many arguments (at most %d words)\n", MON_MAX_ARGS);
            return false;
        }
        c->argv[c->argc++] = p;
    }
    if (c->argc) {
        char *slash = strchr(c->argv[0], '/');
        if (slash) {
            *slash = 0;
            c->suffix = slash + 1;
        }
    }
    return true;
}

static void dispatch(struct mon_ctx *c, char *line)
{
    if (!split(c, line) || !c->argc)
        return;
    const struct mon_cmd *found = NULL;
    bool two = false;
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0] && !found; i++) {
        const struct mon_cmd *m = &cmds[i];
        if (strcmp(m->name, c->argv[0]))
            continue;
        if (!m->sub)
            found = m;
        else if (c->argc >= 2 && !strcmp(m->sub, c->argv[1]))
            found = m, two = true;
    }
    if (!found) {
        if (!strcmp(c->argv[0], "info"))
            mon_put(c->o, "info: what? (info cpus, info tlb, info mtree, info gic, info timers, info break)\n");
        else
            mon_put(c->o, "unknown command '%s' (type help for the list)\n", c->argv[0]);
        return;
    }
    if (!c->mon && !(found->flags & MON_SAFE)) {
        mon_put(c->o, "'%s' is not available from gdb (gdb controls execution; use its own commands)\n", c->argv[0]);
        return;
    }
    if (*c->suffix && strcmp(found->name, "x") && strcmp(found->name, "xp")) {
        mon_put(c->o, "%s: takes no /format\n", c->argv[0]);
        return;
    }
    if (two) { /* "info tlb": the handler's argv[0] is the second word */
        for (int i = 1; i < c->argc; i++)
            c->argv[i - 1] = c->argv[i];
        c->argc--;
    }
    found->fn(c);
}

void monitor_exec_safe(struct cpu_state *cpu, const char *line, char *buf, size_t size)
{
    struct mon_out o = { NULL, buf, size, 0 };
    if (size)
        buf[0] = 0;
    char copy[512];
    snprintf(copy, sizeof copy, "%s", line);
    struct mon_ctx c = { .o = &o, .cpu = cpu, .mon = NULL };
    dispatch(&c, copy);
}

/* ---- the session ---- */

struct monitor *monitor_create(struct machine *m, uint64_t max_insns)
{
    struct monitor *mon = calloc(1, sizeof *mon);
    if (mon) {
        mon->m = m;
        mon->max_insns = max_insns;
    }
    return mon;
}

void monitor_destroy(struct monitor *mon) { free(mon); }

bool monitor_quit_requested(const struct monitor *mon) { return mon && mon->quit; }

/* The session loop: banner, then commands until quit, the guest's end, or (from the console) a
 * continue. A vCPU stopped on one of our breakpoints (the console's run hit it) is reported. */
static void session(struct monitor *mon, FILE *in, FILE *out, const char *banner)
{
    struct mon_out o = { out, NULL, 0, 0 };
    struct mon_ctx c = { .o = &o, .cpu = machine_current_cpu(mon->m), .mon = mon };
    mon->in = in;
    mon->resume = false;
    bool echo = !isatty(fileno(in));
    mon_put(&o, "%s", banner);
    for (unsigned i = 0; i < machine_cpu_count(mon->m); i++)
        if (machine_cpu(mon->m, i)->stop == CPU_STOP_DEBUG)
            debug_stop(&c, machine_cpu(mon->m, i));
    mon_disas_line(&o, c.cpu, c.cpu->pc, true);
    char line[512];
    while (!mon->quit && !mon->ended && !mon->resume) {
        mon_put(&o, "(a64emu) ");
        fflush(out);
        if (!fgets(line, sizeof line, in)) {
            mon_put(&o, "\n");
            mon->quit = true;
            break;
        }
        if (!strchr(line, '\n') && !feof(in)) { /* an over-long line: drop the rest of it */
            int ch;
            while ((ch = fgetc(in)) != EOF && ch != '\n')
                ;
            mon_put(&o, "%s", echo ? "\n" : "");
            mon_put(&o, "line too long (at most %zu characters)\n", sizeof line - 2);
            continue;
        }
        if (echo)
            mon_put(&o, "%s%s", line, strchr(line, '\n') ? "" : "\n");
        dispatch(&c, line);
    }
    fflush(out);
}

enum machine_stop monitor_run(struct monitor *mon, FILE *in, FILE *out, machine_poll_fn poll, void *poll_opaque)
{
    mon->poll = poll;
    mon->poll_opaque = poll_opaque;
    session(mon, in, out, "a64emu monitor: the machine is stopped before its first instruction; type help\n");
    return mon->ended ? mon->end : MACHINE_QUIT;
}

bool monitor_console_session(struct monitor *mon, FILE *in, FILE *out, enum machine_stop *why)
{
    mon->console = true;
    session(mon, in, out, "\na64emu monitor: the guest is stopped; continue returns to the console, quit ends a64emu\n");
    *why = mon->ended ? mon->end : MACHINE_QUIT;
    return mon->resume;
}
