/* Loads and stores: single registers. */
#include "cpu/cpu_internal.h"

enum exec_result exec_str_uoff(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size = 1u << in->size;
    if (!cpu_write(cpu, cpu_xsp(cpu, in->rn) + in->imm64, size, cpu_xr(cpu, in->rt)))
        return EXEC_EXCEPTION;
    return EXEC_NEXT;
}

enum exec_result exec_ldr_uoff(struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned size = 1u << in->size;
    uint64_t v;
    if (!cpu_read(cpu, cpu_xsp(cpu, in->rn) + in->imm64, size, &v))
        return EXEC_EXCEPTION;
    cpu_xw(cpu, in->rt, v);
    return EXEC_NEXT;
}
