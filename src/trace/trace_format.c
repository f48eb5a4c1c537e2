/* The slot names and the digest (trace_format.h). */
#include "trace/trace_format.h"

#include <stdio.h>

static const char *const sysreg_names[] = {
#define TRACE_SYSREG(member, name) name,
#include "trace/trace_sysregs.def"
#undef TRACE_SYSREG
};
#define NSYSREGS (sizeof sysreg_names / sizeof sysreg_names[0])

unsigned trace_slot_count(void) { return TRACE_SLOT_SYSREG0 + (unsigned)NSYSREGS; }

const char *trace_slot_name(unsigned slot)
{
    /* Built once: the fixed part is regular, so it is generated rather than spelled out. */
    static char names[TRACE_SLOT_SYSREG0][8];
    static bool built;
    if (!built) {
        for (unsigned i = 0; i < 31; i++)
            snprintf(names[i], sizeof names[i], "X%u", i);
        snprintf(names[TRACE_SLOT_SP], 8, "SP");
        snprintf(names[TRACE_SLOT_NZCV], 8, "NZCV");
        snprintf(names[TRACE_SLOT_PSTATE], 8, "PSTATE");
        snprintf(names[TRACE_SLOT_FPCR], 8, "FPCR");
        snprintf(names[TRACE_SLOT_FPSR], 8, "FPSR");
        for (unsigned i = 0; i < 32; i++) {
            snprintf(names[TRACE_SLOT_V0 + 2 * i], 8, "V%u.lo", i);
            snprintf(names[TRACE_SLOT_V0 + 2 * i + 1], 8, "V%u.hi", i);
        }
        for (unsigned i = 0; i < 3; i++)
            snprintf(names[TRACE_SLOT_SP_EL0 + i], 8, "SP_EL%u", i);
        built = true;
    }
    if (slot < TRACE_SLOT_SYSREG0)
        return names[slot];
    if (slot - TRACE_SLOT_SYSREG0 < NSYSREGS)
        return sysreg_names[slot - TRACE_SLOT_SYSREG0];
    return NULL;
}

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t trace_digest(const uint64_t *slots, unsigned nslots, uint64_t pc, uint64_t icount)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < nslots; i++)
        h = fnv_u64(h, slots[i]);
    h = fnv_u64(h, pc);
    return fnv_u64(h, icount);
}
