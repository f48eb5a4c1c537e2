/*
 * Names in the system-instruction space, as GNU objdump 2.40 prints them: system registers
 * (MRS/MSR), SYS operations (DC, IC, AT, TLBI, ...), hints, PSTATE fields, barrier options and
 * prefetch operations.
 *
 * Why a list here and not the emulator's descriptor table (src/cpu/sysreg*.c): the decoder sits
 * below the CPU in the library layering (docs/architecture.md), and objdump names ~1000
 * registers of later extensions that the emulator does not implement, which an objdump-exact
 * disassembler must name too. The list is generated from objdump itself (gen_disas_names.py);
 * tests/unit/test_sysreg_disas_names.c checks that every register and operation the emulator
 * implements has the same name in both tables.
 */
#include "decode/disas_internal.h"

#include <stddef.h>
#include <stdint.h>

struct sysreg_name {
    uint16_t enc;
    const char *read, *write;
};
struct sysop_name {
    uint16_t enc;
    const char *name;
    uint8_t takes_xt;
};
struct pstate_name {
    uint8_t op1op2;
    const char *name;
    uint8_t max_crm;
};

#include "decode/disas_names.inc"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *disas_sysreg_name(unsigned enc15, bool write)
{
    size_t lo = 0, hi = COUNT(sysreg_names);
    while (lo < hi) { /* the generator writes the rows in encoding order */
        size_t mid = (lo + hi) / 2;
        if (sysreg_names[mid].enc == enc15)
            return write ? sysreg_names[mid].write : sysreg_names[mid].read;
        if (sysreg_names[mid].enc < enc15)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *disas_sysop_name(unsigned enc14, bool *takes_xt)
{
    size_t lo = 0, hi = COUNT(sysop_names);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sysop_names[mid].enc == enc14) {
            *takes_xt = sysop_names[mid].takes_xt;
            return sysop_names[mid].name;
        }
        if (sysop_names[mid].enc < enc14)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *disas_hint_name(unsigned imm7)
{
    return imm7 < 128 ? hint_names[imm7] : NULL;
}

const char *disas_pstate_name(unsigned op1, unsigned op2, unsigned crm)
{
    unsigned key = (op1 & 7) << 3 | (op2 & 7);
    for (size_t i = 0; i < COUNT(pstate_names); i++)
        if (pstate_names[i].op1op2 == key)
            return crm <= pstate_names[i].max_crm ? pstate_names[i].name : NULL;
    return NULL;
}

/* DDI 0487 C6.2 DMB/DSB: CRm selects the domain (bits 3:2) and the access types (bits 1:0). */
const char *disas_barrier_name(unsigned crm)
{
    static const char *const names[16] = {
        NULL, "oshld", "oshst", "osh", NULL, "nshld", "nshst", "nsh",
        NULL, "ishld", "ishst", "ish", NULL, "ld", "st", "sy",
    };
    return names[crm & 15];
}

/* DDI 0487 C6.2 PRFM: Rt = type (PLD, PLI, PST) : target (L1-L3) : policy (KEEP, STRM). */
const char *disas_prfop_name(unsigned rt)
{
    static const char *const names[32] = {
        "pldl1keep", "pldl1strm", "pldl2keep", "pldl2strm", "pldl3keep", "pldl3strm", NULL, NULL,
        "plil1keep", "plil1strm", "plil2keep", "plil2strm", "plil3keep", "plil3strm", NULL, NULL,
        "pstl1keep", "pstl1strm", "pstl2keep", "pstl2strm", "pstl3keep", "pstl3strm", NULL, NULL,
    };
    return names[rt & 31];
}
