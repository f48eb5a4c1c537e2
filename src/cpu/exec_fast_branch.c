/*
 * Fast forms of conditional branches (exec_fast.h): B.cond with the condition fixed at decode
 * time (one handler per condition: a test of the NZCV bits instead of ConditionHolds' table
 * lookup), CBZ/CBNZ without the register-31 and width checks. B.cond is about one guest
 * instruction in eight in a Linux boot.
 */
#include "cpu/exec_fast.h"

static inline enum exec_result take(struct cpu_state *cpu, const struct a64_insn *in)
{
    cpu->pc += in->imm64 << 2; /* imm64 is the sign-extended imm19 / imm14 */
    return EXEC_BRANCH;
}

#define N_SET(f) (((f) >> 31) & 1)
#define Z_SET(f) (((f) >> 30) & 1)
#define C_SET(f) (((f) >> 29) & 1)
#define V_SET(f) (((f) >> 28) & 1)

/* ConditionHolds (DDI 0487 J1.2.3), one handler per cond<3:0> except AL/NV (always). */
#define FAST_BCOND(name, expr)                                                                      \
    static enum exec_result name(struct cpu_state *cpu, const struct a64_insn *in)                 \
    {                                                                                               \
        uint32_t f = cpu->nzcv;                                                                     \
        return (expr) ? take(cpu, in) : EXEC_NEXT;                                                  \
    }
FAST_BCOND(fast_b_eq, Z_SET(f))
FAST_BCOND(fast_b_ne, !Z_SET(f))
FAST_BCOND(fast_b_cs, C_SET(f))
FAST_BCOND(fast_b_cc, !C_SET(f))
FAST_BCOND(fast_b_mi, N_SET(f))
FAST_BCOND(fast_b_pl, !N_SET(f))
FAST_BCOND(fast_b_vs, V_SET(f))
FAST_BCOND(fast_b_vc, !V_SET(f))
FAST_BCOND(fast_b_hi, C_SET(f) && !Z_SET(f))
FAST_BCOND(fast_b_ls, !(C_SET(f) && !Z_SET(f)))
FAST_BCOND(fast_b_ge, N_SET(f) == V_SET(f))
FAST_BCOND(fast_b_lt, N_SET(f) != V_SET(f))
FAST_BCOND(fast_b_gt, !Z_SET(f) && N_SET(f) == V_SET(f))
FAST_BCOND(fast_b_le, !(!Z_SET(f) && N_SET(f) == V_SET(f)))
#undef FAST_BCOND

static enum exec_result fast_b_al(struct cpu_state *cpu, const struct a64_insn *in) { return take(cpu, in); }

static enum exec_result fast_cbz_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    return cpu->x[in->rt] == 0 ? take(cpu, in) : EXEC_NEXT;
}
static enum exec_result fast_cbnz_x(struct cpu_state *cpu, const struct a64_insn *in)
{
    return cpu->x[in->rt] != 0 ? take(cpu, in) : EXEC_NEXT;
}
static enum exec_result fast_cbz_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    return (uint32_t)cpu->x[in->rt] == 0 ? take(cpu, in) : EXEC_NEXT;
}
static enum exec_result fast_cbnz_w(struct cpu_state *cpu, const struct a64_insn *in)
{
    return (uint32_t)cpu->x[in->rt] != 0 ? take(cpu, in) : EXEC_NEXT;
}

#define COND(c)                                                                                     \
    static bool cond_##c(struct a64_insn *in) { return in->cond == c; }
COND(0) COND(1) COND(2) COND(3) COND(4) COND(5) COND(6) COND(7)
COND(8) COND(9) COND(10) COND(11) COND(12) COND(13)
#undef COND
static bool cond_always(struct a64_insn *in) { return in->cond >= 14; }

static bool cb_x(struct a64_insn *in) { return in->sf && in->rt != 31; }
static bool cb_w(struct a64_insn *in) { return !in->sf && in->rt != 31; }

const struct fast_form fast_forms_branch[] = {
    { A64_B_cond, cond_0, fast_b_eq },  { A64_B_cond, cond_1, fast_b_ne },
    { A64_B_cond, cond_2, fast_b_cs },  { A64_B_cond, cond_3, fast_b_cc },
    { A64_B_cond, cond_4, fast_b_mi },  { A64_B_cond, cond_5, fast_b_pl },
    { A64_B_cond, cond_6, fast_b_vs },  { A64_B_cond, cond_7, fast_b_vc },
    { A64_B_cond, cond_8, fast_b_hi },  { A64_B_cond, cond_9, fast_b_ls },
    { A64_B_cond, cond_10, fast_b_ge }, { A64_B_cond, cond_11, fast_b_lt },
    { A64_B_cond, cond_12, fast_b_gt }, { A64_B_cond, cond_13, fast_b_le },
    { A64_B_cond, cond_always, fast_b_al },
    { A64_CBZ, cb_x, fast_cbz_x },      { A64_CBNZ, cb_x, fast_cbnz_x },
    { A64_CBZ, cb_w, fast_cbz_w },      { A64_CBNZ, cb_w, fast_cbnz_w },
};
const size_t fast_forms_branch_count = sizeof fast_forms_branch / sizeof fast_forms_branch[0];
