/*
 * ESR_ELx explained (DDI 0487 D19.2.37): the exception class names and, by class, the ISS fields
 * decoded into words a student can read. One table of classes, one of fault status codes; the
 * trap narrator (-d exceptions), the monitor's `sysreg ESR_EL2` and `stepx` share them.
 */
#ifndef A64EMU_CPU_ESR_DECODE_H
#define A64EMU_CPU_ESR_DECODE_H

#include <stddef.h>
#include <stdint.h>

struct cpu_exc_record;

/* The Arm ARM's description of an EC ("SVC instruction execution in AArch64 state"); for a
 * reserved class "Reserved". exc_class_name() (exception.h) gives the short name. */
const char *esr_ec_description(unsigned ec);
/* A fault status code (DFSC/IFSC) in words ("Translation fault, level 2"). */
const char *esr_fsc_name(unsigned fsc);
/* The ISS of esr decoded by its EC, e.g. "MSR SCTLR_EL1, x0 (op0=3 op1=0 CRn=1 CRm=0 op2=0)" or
 * "write, DFSC=0x07 Translation fault, level 3, ISV=1 SAS=word SRT=x1". Returns the length. */
size_t esr_describe_iss(uint32_t esr, char *buf, size_t size);
/* One line for an exception taken (the narrator's line, without the "a64emu: " prefix). */
size_t exc_record_describe(const struct cpu_exc_record *r, unsigned vcpu, char *buf, size_t size);

#endif
