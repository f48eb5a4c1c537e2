/*
 * Table-driven instruction-level tests of the scalar FP execute functions (test_exec_fp_*.c):
 * each case sets FPCR, V1/V2/V3 (low 64 bits; the high halves hold junk) or X1, runs one
 * instruction (assembled with aarch64-linux-gnu-as, the assembly in the comment beside it) and
 * compares V0 (both halves: a scalar write zeroes everything above the element) or X0, FPSR
 * and NZCV. Expected values are worked out by hand from the Arm ARM.
 */
#ifndef A64EMU_TESTS_FP_EXEC_CASES_H
#define A64EMU_TESTS_FP_EXEC_CASES_H

#include "cpu_harness.h"

#include <stdio.h>

#include "cpu/cpu_internal.h"

#define FP_JUNK 0xdeadbeefdeadbeefull
#define FP_RP (1u << 22)
#define FP_RM (2u << 22)
#define FP_RZ (3u << 22)
#define FP_FZ (1u << 24)
#define FP_DN (1u << 25)
#define FP_AHP (1u << 26)
#define F_IOC 0x01u
#define F_DZC 0x02u
#define F_OFC 0x04u
#define F_UFC 0x08u
#define F_IXC 0x10u
#define F_IDC 0x80u

enum fp_dest { TO_V0, TO_X0, TO_NZCV };

struct fp_case {
    int line;
    uint32_t insn;
    uint32_t fpcr;
    uint64_t v1, v2, v3; /* V1, V2, V3 low halves; v1 is also X1 */
    enum fp_dest dest;
    uint64_t want;       /* V0 low half, X0, or NZCV in bits 3:0 */
    uint32_t fpsr;
    uint32_t nzcv_in;    /* PSTATE.NZCV before (bits 3:0), for FCCMP/FCSEL */
};

#define FPC(...) { __LINE__, __VA_ARGS__ }

static inline void fp_exec_init(struct harness *h)
{
    h_init(h);
    h->cpu->features |= 1u << FEAT_FP | 1u << FEAT_ADVSIMD;
    icache_flush(h->ic);
    h->cpu->sr.cpacr_el1 = 3ull << 20;
}

static inline unsigned fp_run_cases(const struct fp_case *c, size_t n)
{
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        struct harness h;
        fp_exec_init(&h);
        h.cpu->fpcr = c[i].fpcr;
        h.cpu->fpsr = 0;
        h.cpu->nzcv = c[i].nzcv_in << 28;
        h.cpu->vreg[0][0] = h.cpu->vreg[0][1] = FP_JUNK;
        h.cpu->vreg[1][0] = c[i].v1;
        h.cpu->vreg[2][0] = c[i].v2;
        h.cpu->vreg[3][0] = c[i].v3;
        h.cpu->vreg[1][1] = h.cpu->vreg[2][1] = h.cpu->vreg[3][1] = FP_JUNK;
        h.cpu->x[0] = FP_JUNK;
        h.cpu->x[1] = c[i].v1;
        h_code(&h, &c[i].insn, 1);
        h_step(&h, 1);
        uint64_t got;
        bool ok = h.cpu->pc == H_CODE + 4;
        switch (c[i].dest) {
        case TO_V0:
            got = h.cpu->vreg[0][0];
            ok = ok && h.cpu->vreg[0][1] == 0;
            break;
        case TO_X0: got = h.cpu->x[0]; break;
        default: got = h.cpu->nzcv >> 28; break;
        }
        ok = ok && got == c[i].want && h.cpu->fpsr == c[i].fpsr;
        if (c[i].dest != TO_NZCV)
            ok = ok && h.cpu->nzcv == c[i].nzcv_in << 28;
        if (!ok) {
            printf("line %d (0x%08x): got 0x%llx (hi 0x%llx) fpsr 0x%x nzcv 0x%x pc 0x%llx; want "
                   "0x%llx fpsr 0x%x\n", c[i].line, c[i].insn, (unsigned long long)got,
                   (unsigned long long)h.cpu->vreg[0][1], h.cpu->fpsr, h.cpu->nzcv >> 28,
                   (unsigned long long)h.cpu->pc, (unsigned long long)c[i].want, c[i].fpsr);
            bad++;
        }
        h_free(&h);
    }
    return bad;
}

/* Every instruction of a list traps with EC 0x07 when CPACR_EL1.FPEN = 00 (and leaves V0, X0,
 * FPSR and NZCV alone), and is UNDEFINED without FEAT_FP. */
static inline unsigned fp_check_traps(const uint32_t *insns, size_t n)
{
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        struct harness h;
        fp_exec_init(&h);
        h.cpu->sr.cpacr_el1 = 0;
        h.cpu->vreg[0][0] = FP_JUNK;
        h.cpu->x[0] = FP_JUNK;
        h.cpu->vreg[1][0] = 0x7f800001; /* an SNaN would raise IOC if it were executed */
        h_code(&h, &insns[i], 1);
        h_step(&h, 1);
        if (h.cpu->pc == H_CODE + 4 || (h.cpu->sr.esr_el1 >> 26) != 0x07 ||
            h.cpu->vreg[0][0] != FP_JUNK || h.cpu->x[0] != FP_JUNK || h.cpu->fpsr != 0) {
            printf("0x%08x: not trapped (esr 0x%llx)\n", insns[i],
                   (unsigned long long)h.cpu->sr.esr_el1);
            bad++;
        }
        h_free(&h);
        h_init(&h); /* no FEAT_FP */
        h_code(&h, &insns[i], 1);
        h_step(&h, 1);
        if (h.cpu->pc == H_CODE + 4 || (h.cpu->sr.esr_el1 >> 26) != 0x00) {
            printf("0x%08x: not UNDEFINED without FEAT_FP\n", insns[i]);
            bad++;
        }
        h_free(&h);
    }
    return bad;
}

#endif
