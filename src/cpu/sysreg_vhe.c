/*
 * FEAT_VHE register redirection (concepts.md section 4: a host kernel runs at EL2 unmodified).
 *
 * With HCR_EL2.E2H = 1, EL2 is where a host OS kernel runs, and that kernel was written for EL1:
 * so at EL2 the EL1 register names reach the EL2 registers (MSR TTBR0_EL1 writes TTBR0_EL2), and
 * the hypervisor part of the host reaches the real EL1 registers of its guest through new names,
 * <reg>_EL12 (and _EL02 for the EL0 timers), encoded with op1 = 5 (DDI 0487 D5.6.2, Table D5-52
 * "Registers redirected"). The timer registers (CNTKCTL_EL1, CNTP_*, CNTV_*, their _EL12/_EL02
 * aliases, and EL0 in host reaching the EL2 timers) redirect inside the timer's own rows
 * (src/timer/timer_sysreg.c): they are not in this table.
 *
 * One row per redirected register: its EL1 (or EL0) encoding, the EL2 register it reaches at EL2
 * under E2H, and the _EL12/_EL02 alias encoding. Sorted by the EL1 encoding.
 */
#include "cpu/cpu_internal.h"
#include "cpu/sysreg_traps.h"

struct vhe_redirect {
    uint16_t el1, el2, el12;
};

#define R(o1, cn, cm, o2) SYSREG_ENC(3, o1, cn, cm, o2)
static const struct vhe_redirect redirects[] = {
    { R(0, 1, 0, 0),  R(4, 1, 0, 0),  R(5, 1, 0, 0) },   /* SCTLR_EL1 -> SCTLR_EL2 */
    { R(0, 1, 0, 2),  R(4, 1, 1, 2),  R(5, 1, 0, 2) },   /* CPACR_EL1 -> CPTR_EL2 */
    { R(0, 2, 0, 0),  R(4, 2, 0, 0),  R(5, 2, 0, 0) },   /* TTBR0_EL1 -> TTBR0_EL2 */
    { R(0, 2, 0, 1),  R(4, 2, 0, 1),  R(5, 2, 0, 1) },   /* TTBR1_EL1 -> TTBR1_EL2 */
    { R(0, 2, 0, 2),  R(4, 2, 0, 2),  R(5, 2, 0, 2) },   /* TCR_EL1 -> TCR_EL2 */
    { R(0, 4, 0, 0),  R(4, 4, 0, 0),  R(5, 4, 0, 0) },   /* SPSR_EL1 -> SPSR_EL2 */
    { R(0, 4, 0, 1),  R(4, 4, 0, 1),  R(5, 4, 0, 1) },   /* ELR_EL1 -> ELR_EL2 */
    { R(0, 5, 1, 0),  R(4, 5, 1, 0),  R(5, 5, 1, 0) },   /* AFSR0_EL1 -> AFSR0_EL2 */
    { R(0, 5, 1, 1),  R(4, 5, 1, 1),  R(5, 5, 1, 1) },   /* AFSR1_EL1 -> AFSR1_EL2 */
    { R(0, 5, 2, 0),  R(4, 5, 2, 0),  R(5, 5, 2, 0) },   /* ESR_EL1 -> ESR_EL2 */
    { R(0, 6, 0, 0),  R(4, 6, 0, 0),  R(5, 6, 0, 0) },   /* FAR_EL1 -> FAR_EL2 */
    { R(0, 10, 2, 0), R(4, 10, 2, 0), R(5, 10, 2, 0) },  /* MAIR_EL1 -> MAIR_EL2 */
    { R(0, 10, 3, 0), R(4, 10, 3, 0), R(5, 10, 3, 0) },  /* AMAIR_EL1 -> AMAIR_EL2 */
    { R(0, 12, 0, 0), R(4, 12, 0, 0), R(5, 12, 0, 0) },  /* VBAR_EL1 -> VBAR_EL2 */
    { R(0, 13, 0, 1), R(4, 13, 0, 1), R(5, 13, 0, 1) },  /* CONTEXTIDR_EL1 -> CONTEXTIDR_EL2 */
};
#undef R

#define OP1(enc) (((enc) >> 11) & 7)

static const struct vhe_redirect *find(uint16_t enc, bool alias)
{
    for (size_t i = 0; i < sizeof redirects / sizeof redirects[0]; i++)
        if ((alias ? redirects[i].el12 : redirects[i].el1) == enc)
            return &redirects[i];
    return NULL;
}

uint16_t sysreg_vhe_resolve(const struct cpu_state *cpu, uint16_t enc, bool *undef_alias)
{
    *undef_alias = false;
    if ((enc >> 14) != 3)
        return enc;
    bool e2h = cpu_e2h(cpu);
    if (OP1(enc) == 5) {
        /* _EL12/_EL02: only at EL2 with E2H = 1 (DDI 0487 D19.2, e.g. SCTLR_EL12 "Accessibility"). */
        const struct vhe_redirect *r = find(enc, true);
        if (!r)
            return enc;
        if (cpu->el != 2 || !e2h) {
            *undef_alias = true;
            return enc;
        }
        return r->el1;
    }
    if (!e2h || cpu->el != 2)
        return enc;
    const struct vhe_redirect *r = find(enc, false);
    return r ? r->el2 : enc;
}

/* The table's self-check (sysreg_check_tables via --selftest and the unit test): every alias is
 * its EL1 encoding with op1 = 5. */
unsigned sysreg_vhe_check(char *report, size_t size)
{
    unsigned problems = 0;
    for (size_t i = 0; i < sizeof redirects / sizeof redirects[0]; i++) {
        const struct vhe_redirect *r = &redirects[i];
        if ((r->el12 & ~(7u << 11)) != (r->el1 & ~(7u << 11)) || OP1(r->el12) != 5 ||
            (i > 0 && redirects[i - 1].el1 >= r->el1)) {
            problems++;
            if (size)
                snprintf(report, size, "src/cpu/sysreg_vhe.c: row %zu: alias is not the EL1 encoding with op1 = 5, or unsorted\n", i);
        }
    }
    return problems;
}
