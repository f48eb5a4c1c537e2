/* Emulator-side exception interceptors by EC (exc_intercept.h, style.md 6.3). */
#include "cpu/exc_intercept.h"

#include <inttypes.h>

#include "cpu/cpu_internal.h"

_Static_assert(EXC_INTERCEPT_SLOTS == 64, "one slot per 6-bit exception class");

void exc_intercept_set(struct exc_intercept_table *t, unsigned ec, exc_intercept_fn fn, void *opaque)
{
    if (ec >= EXC_INTERCEPT_SLOTS)
        return;
    t->slot[ec].fn = fn;
    t->slot[ec].opaque = fn ? opaque : NULL;
}

enum exc_intercept_result exc_intercept(struct cpu_state *cpu, uint32_t esr)
{
    const struct exc_intercept_table *t = cpu->intercept;
    unsigned ec = esr >> 26;
    if (!t || !t->slot[ec].fn)
        return EXC_DELIVER;
    enum exc_intercept_result r = t->slot[ec].fn(t->slot[ec].opaque, cpu, esr);
    if (r == EXC_HANDLED && log_enabled(LOG_EXC))
        log_msg(LOG_EXC, "vCPU %u: %s (ESR 0x%08" PRIx32 ") at pc=0x%" PRIx64 " EL%u handled by the emulator",
                cpu->index, exc_class_name(ec), esr, cpu->pc, cpu->el);
    return r;
}
