/* Branches: immediate, conditional, compare/test and branch, register, and ERET. */
#include "cpu/cpu_internal.h"

static enum exec_result branch_to(struct cpu_state *cpu, uint64_t target)
{
    cpu->pc = target;
    return EXEC_BRANCH;
}

static enum exec_result branch_rel(struct cpu_state *cpu, const struct a64_insn *in)
{
    return branch_to(cpu, cpu->pc + (in->imm64 << 2));
}

enum exec_result exec_b(struct cpu_state *cpu, const struct a64_insn *in)
{
    return branch_rel(cpu, in);
}

enum exec_result exec_bl(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->x[30] = cpu->pc + 4;
    return branch_rel(cpu, in);
}

enum exec_result exec_b_cond(struct cpu_state *cpu, const struct a64_insn *in)
{
    return cpu_cond_holds(cpu, in->cond) ? branch_rel(cpu, in) : EXEC_NEXT;
}

enum exec_result exec_cbz(struct cpu_state *cpu, const struct a64_insn *in)
{
    return cpu_xr_sf(cpu, in->rt, in->sf) == 0 ? branch_rel(cpu, in) : EXEC_NEXT;
}

enum exec_result exec_cbnz(struct cpu_state *cpu, const struct a64_insn *in)
{
    return cpu_xr_sf(cpu, in->rt, in->sf) != 0 ? branch_rel(cpu, in) : EXEC_NEXT;
}

static bool test_bit(const struct cpu_state *cpu, const struct a64_insn *in)
{
    unsigned bit = (unsigned)in->b5 << 5 | in->imm2;
    return (cpu_xr(cpu, in->rt) >> bit) & 1;
}

enum exec_result exec_tbz(struct cpu_state *cpu, const struct a64_insn *in)
{
    return !test_bit(cpu, in) ? branch_rel(cpu, in) : EXEC_NEXT;
}

enum exec_result exec_tbnz(struct cpu_state *cpu, const struct a64_insn *in)
{
    return test_bit(cpu, in) ? branch_rel(cpu, in) : EXEC_NEXT;
}

enum exec_result exec_br(struct cpu_state *cpu, const struct a64_insn *in)
{
    return branch_to(cpu, cpu_xr(cpu, in->rn));
}

enum exec_result exec_blr(struct cpu_state *cpu, const struct a64_insn *in)
{
    uint64_t target = cpu_xr(cpu, in->rn); /* read before writing X30: BLR X30 is valid */
    cpu->x[30] = cpu->pc + 4;
    return branch_to(cpu, target);
}

enum exec_result exec_ret(struct cpu_state *cpu, const struct a64_insn *in)
{
    return branch_to(cpu, cpu_xr(cpu, in->rn));
}

enum exec_result exec_eret(struct cpu_state *cpu, const struct a64_insn *in)
{
    if (cpu->el == 0)
        return cpu_undef(cpu, in, "ERET at EL0");
    exc_return(cpu);
    return EXEC_CONTEXT_CHANGE;
}
