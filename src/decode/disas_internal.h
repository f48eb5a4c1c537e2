/*
 * Shared between the disassembler's files: disas.c (the template renderer), disas_alias.c (the
 * preferred-alias rules) and disas_sysreg.c (names in the system-instruction space).
 */
#ifndef A64EMU_DECODE_DISAS_INTERNAL_H
#define A64EMU_DECODE_DISAS_INTERNAL_H

#include <stdbool.h>

#include "decode/decode.h"

/* The template of the preferred disassembly of `in` (DDI 0487 "alias conditions", as GNU
 * objdump applies them), or NULL when the row's own template is the preferred one. */
const char *disas_alias_template(const struct a64_insn *in);

/* A reserved Advanced SIMD field value that the row decodes (disas_reserved_simd.c). */
bool disas_simd_reserved(const struct a64_insn *in);

/* MRS/MSR register name for o0:op1:CRn:CRm:op2 (op0 = 2 + o0); NULL: objdump has no name. */
const char *disas_sysreg_name(unsigned enc15, bool write);
/* SYS operation (DC/IC/AT/TLBI/...) for op1:CRn:CRm:op2; *takes_xt says whether Xt is printed. */
const char *disas_sysop_name(unsigned enc14, bool *takes_xt);
/* Hint name for CRm:op2 (NULL: "hint #imm"). */
const char *disas_hint_name(unsigned imm7);
/* PSTATE field of MSR (immediate) for op1:op2 when CRm is in range; NULL otherwise. */
const char *disas_pstate_name(unsigned op1, unsigned op2, unsigned crm);
/* Barrier option of DSB/DMB (CRm), NULL where objdump prints #imm. */
const char *disas_barrier_name(unsigned crm);
/* Prefetch operation of PRFM (Rt), NULL where objdump prints #imm. */
const char *disas_prfop_name(unsigned rt);

#endif
