/* gdb's `monitor` commands (gdb_monitor.h): the stub's own two settings, and every inspection
 * command of the built-in monitor (frontend/monitor.h), reached with its "safe only" entry. */
#include "frontend/gdb_monitor.h"

#include <stdio.h>
#include <string.h>

#include "frontend/monitor.h"

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

void gdb_monitor(struct gdb_monitor_state *st, struct cpu_state *cpu, const char *cmd, char *buf, size_t size)
{
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
    if (IS("phys") && on_off(arg, &st->phys)) {
        snprintf(buf, size, "memory accesses: %s addresses\n", st->phys ? "physical" : "virtual");
    } else if (IS("step-irq") && on_off(arg, &st->step_irq)) {
        snprintf(buf, size, "single-step %s pending interrupts\n", st->step_irq ? "takes" : "ignores");
    } else if (IS("help") || !len) {
        int n = snprintf(buf, size,
                         "gdb stub settings:\n"
                         "  phys on|off                        gdb memory accesses address physical memory (on) or virtual (off)\n"
                         "  step-irq on|off                    single-step enters a pending interrupt's handler (default off)\n");
        if (n > 0 && (size_t)n < size)
            monitor_exec_safe(cpu, "help", buf + n, size - (size_t)n);
    } else {
        monitor_exec_safe(cpu, cmd, buf, size);
    }
#undef IS
}
