/*
 * ESR_ELx in words (esr_decode.h). The class table and the fault-status table follow DDI 0487
 * D19.2.37 ("ESR_ELx, Exception Syndrome Register"); each class with a structured ISS has one
 * small decoder, chosen through the class table, so adding a class is adding a row.
 */
#include "cpu/esr_decode.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "cpu/exception.h"
#include "cpu/sysreg.h"

struct out {
    char *buf;
    size_t size, n;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    if (!o->size || o->n >= o->size - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->buf + o->n, o->size - o->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n = o->n + (size_t)k < o->size ? o->n + (size_t)k : o->size - 1;
}

static unsigned bits(uint32_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((1u << (hi - lo + 1)) - 1); }

/* ---- ISS decoders, one per syndrome layout ---- */

typedef void (*iss_fn)(struct out *o, uint32_t esr);

static void iss_imm16(struct out *o, uint32_t esr) { put(o, "imm16=0x%x", bits(esr, 15, 0)); }

/* The trapped instruction's name: the head of the line the narrator continues with its cause. */
static void head_wfx(struct out *o, uint32_t esr)
{
    static const char *const ti[4] = { "WFI", "WFE", "WFIT", "WFET" };
    put(o, "%s", ti[bits(esr, 1, 0)]);
}

static void iss_wfx(struct out *o, uint32_t esr)
{
    put(o, "(TI=%u, CV=%u COND=0x%x)", bits(esr, 1, 0), bits(esr, 24, 24), bits(esr, 23, 20));
}

static void iss_cond(struct out *o, uint32_t esr) { put(o, "CV=%u COND=0x%x", bits(esr, 24, 24), bits(esr, 23, 20)); }

static void head_sysreg(struct out *o, uint32_t esr)
{
    unsigned op0 = bits(esr, 21, 20), op2 = bits(esr, 19, 17), op1 = bits(esr, 16, 14), crn = bits(esr, 13, 10),
             crm = bits(esr, 4, 1), read = bits(esr, 0, 0);
    char name[48];
    sysreg_name((uint16_t)(op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2), name, sizeof name);
    /* op0 = 1: System instructions (DC, IC, AT, TLBI); SYS writes Xt, SYSL reads into it. */
    put(o, "%s %s", op0 == 1 ? (read ? "SYSL" : "SYS") : (read ? "MRS" : "MSR"), name);
}

static void iss_sysreg(struct out *o, uint32_t esr)
{
    unsigned rt = bits(esr, 9, 5);
    put(o, "(Rt=%s%u, op0=%u op1=%u CRn=%u CRm=%u op2=%u, Direction=%u: %s)", rt == 31 ? "xzr/" : "x", rt,
        bits(esr, 21, 20), bits(esr, 16, 14), bits(esr, 13, 10), bits(esr, 4, 1), bits(esr, 19, 17),
        bits(esr, 0, 0), bits(esr, 0, 0) ? "read" : "write");
}

static void iss_abort_common(struct out *o, uint32_t esr)
{
    if (bits(esr, 10, 10))
        put(o, ", FnV=1 (FAR not valid)");
    if (bits(esr, 9, 9))
        put(o, ", EA=1");
    if (bits(esr, 7, 7))
        put(o, ", S1PTW=1 (stage-2 fault on a stage-1 table walk)");
}

static void iss_data_abort(struct out *o, uint32_t esr)
{
    static const char *const sas[4] = { "byte", "halfword", "word", "doubleword" };
    unsigned dfsc = bits(esr, 5, 0);
    put(o, "%s, DFSC=0x%02x %s", bits(esr, 6, 6) ? "write (WnR=1)" : "read (WnR=0)", dfsc, esr_fsc_name(dfsc));
    if (bits(esr, 8, 8))
        put(o, ", CM=1 (cache maintenance)");
    iss_abort_common(o, esr);
    if (bits(esr, 24, 24)) {
        unsigned srt = bits(esr, 20, 16);
        put(o, ", ISV=1: SAS=%s SSE=%u SRT=%s%u SF=%u AR=%u", sas[bits(esr, 23, 22)], bits(esr, 21, 21),
            bits(esr, 15, 15) ? "x" : "w", srt, bits(esr, 15, 15), bits(esr, 14, 14));
    } else {
        put(o, ", ISV=0 (no instruction syndrome)");
    }
}

static void iss_insn_abort(struct out *o, uint32_t esr)
{
    unsigned ifsc = bits(esr, 5, 0);
    put(o, "IFSC=0x%02x %s", ifsc, esr_fsc_name(ifsc));
    iss_abort_common(o, esr);
}

static void iss_watchpoint(struct out *o, uint32_t esr)
{
    put(o, "%s, DFSC=0x%02x %s", bits(esr, 6, 6) ? "write (WnR=1)" : "read (WnR=0)", bits(esr, 5, 0),
        esr_fsc_name(bits(esr, 5, 0)));
}

static void iss_step(struct out *o, uint32_t esr)
{
    put(o, "IFSC=0x%02x %s", bits(esr, 5, 0), esr_fsc_name(bits(esr, 5, 0)));
    if (bits(esr, 24, 24))
        put(o, ", ISV=1 EX=%u (%s)", bits(esr, 6, 6), bits(esr, 6, 6) ? "a Load-Exclusive was stepped" : "not a Load-Exclusive");
}

static void iss_serror(struct out *o, uint32_t esr)
{
    put(o, "IDS=%u ISS=0x%06x", bits(esr, 24, 24), bits(esr, 23, 0));
}

/* ---- the class table (DDI 0487 D19.2.37, EC field) ---- */

static const struct ec_row {
    const char *name, *description;
    iss_fn head; /* the instruction that trapped (WFI, MSR SCTLR_EL1 ...), or NULL */
    iss_fn iss;  /* the other ISS fields */
} ec_rows[64] = {
    [EC_UNKNOWN] = { "UNKNOWN", "Unknown reason (an UNDEFINED instruction)", NULL, NULL },
    [EC_WFX_TRAP] = { "WFx_TRAP", "Trapped WFI or WFE instruction execution", head_wfx, iss_wfx },
    [EC_FP_ACCESS] = { "FP_ACCESS", "Access to SIMD or floating-point functionality trapped by CPACR_EL1.FPEN or CPTR_EL2.TFP", NULL, iss_cond },
    [EC_ILLEGAL_STATE] = { "ILLEGAL_STATE", "Illegal Execution state (PSTATE.IL=1)", NULL, NULL },
    [EC_SVC64] = { "SVC64", "SVC instruction execution in AArch64 state", NULL, iss_imm16 },
    [EC_HVC64] = { "HVC64", "HVC instruction execution in AArch64 state", NULL, iss_imm16 },
    [EC_SMC64] = { "SMC64", "SMC instruction execution in AArch64 state", NULL, iss_imm16 },
    [EC_SYSTEMREG_TRAP] = { "SYSTEMREG_TRAP", "Trapped MSR, MRS or System instruction execution in AArch64 state", head_sysreg, iss_sysreg },
    [EC_INSN_ABORT_LOWER] = { "INSN_ABORT_LOWER", "Instruction Abort from a lower Exception level", NULL, iss_insn_abort },
    [EC_INSN_ABORT] = { "INSN_ABORT", "Instruction Abort taken without a change in Exception level", NULL, iss_insn_abort },
    [EC_PC_ALIGNMENT] = { "PC_ALIGNMENT", "PC alignment fault exception", NULL, NULL },
    [EC_DATA_ABORT_LOWER] = { "DATA_ABORT_LOWER", "Data Abort from a lower Exception level", NULL, iss_data_abort },
    [EC_DATA_ABORT] = { "DATA_ABORT", "Data Abort taken without a change in Exception level", NULL, iss_data_abort },
    [EC_SP_ALIGNMENT] = { "SP_ALIGNMENT", "SP alignment fault exception", NULL, NULL },
    [EC_FP_EXC64] = { "FP_EXC64", "Trapped floating-point exception taken from AArch64 state", NULL, NULL },
    [EC_SERROR] = { "SERROR", "SError interrupt", NULL, iss_serror },
    [EC_BREAKPOINT_LOWER] = { "BREAKPOINT_LOWER", "Breakpoint exception from a lower Exception level", NULL, iss_step },
    [EC_BREAKPOINT] = { "BREAKPOINT", "Breakpoint exception taken without a change in Exception level", NULL, iss_step },
    [EC_SOFTWARE_STEP_LOWER] = { "SOFTWARE_STEP_LOWER", "Software Step exception from a lower Exception level", NULL, iss_step },
    [EC_SOFTWARE_STEP] = { "SOFTWARE_STEP", "Software Step exception taken without a change in Exception level", NULL, iss_step },
    [EC_WATCHPOINT_LOWER] = { "WATCHPOINT_LOWER", "Watchpoint exception from a lower Exception level", NULL, iss_watchpoint },
    [EC_WATCHPOINT] = { "WATCHPOINT", "Watchpoint exception taken without a change in Exception level", NULL, iss_watchpoint },
    [EC_BRK64] = { "BRK64", "BRK instruction execution in AArch64 state", NULL, iss_imm16 },
};

const char *exc_class_name(unsigned ec)
{
    const char *n = ec < 64 ? ec_rows[ec].name : NULL;
    return n ? n : "RESERVED";
}

const char *esr_ec_description(unsigned ec)
{
    const char *d = ec < 64 ? ec_rows[ec].description : NULL;
    return d ? d : "Reserved (not an exception class a64emu raises)";
}

/* ---- fault status codes (DFSC/IFSC) ---- */

static const char *const fsc_names[64] = {
    [0x00] = "Address size fault, level 0", [0x01] = "Address size fault, level 1",
    [0x02] = "Address size fault, level 2", [0x03] = "Address size fault, level 3",
    [0x04] = "Translation fault, level 0", [0x05] = "Translation fault, level 1",
    [0x06] = "Translation fault, level 2", [0x07] = "Translation fault, level 3",
    [0x08] = "Access flag fault, level 0", [0x09] = "Access flag fault, level 1",
    [0x0a] = "Access flag fault, level 2", [0x0b] = "Access flag fault, level 3",
    [0x0c] = "Permission fault, level 0", [0x0d] = "Permission fault, level 1",
    [0x0e] = "Permission fault, level 2", [0x0f] = "Permission fault, level 3",
    [0x10] = "Synchronous External abort, not on a translation table walk",
    [0x11] = "Synchronous Tag Check Fault",
    [0x14] = "Synchronous External abort on a translation table walk, level 0",
    [0x15] = "Synchronous External abort on a translation table walk, level 1",
    [0x16] = "Synchronous External abort on a translation table walk, level 2",
    [0x17] = "Synchronous External abort on a translation table walk, level 3",
    [0x18] = "Synchronous parity or ECC error on memory access",
    [0x21] = "Alignment fault", [0x22] = "Debug exception",
    [0x30] = "TLB conflict abort", [0x31] = "Unsupported atomic hardware update fault",
    [0x34] = "IMPLEMENTATION DEFINED fault (Lockdown)", [0x35] = "IMPLEMENTATION DEFINED fault (Unsupported Exclusive or Atomic access)",
};

const char *esr_fsc_name(unsigned fsc)
{
    const char *n = fsc < 64 ? fsc_names[fsc] : NULL;
    return n ? n : "reserved fault status code";
}

size_t esr_describe_iss(uint32_t esr, char *buf, size_t size)
{
    struct out o = { buf, size, 0 };
    if (size)
        buf[0] = 0;
    const struct ec_row *row = &ec_rows[esr >> 26];
    if (row->head) {
        row->head(&o, esr);
        put(&o, " ");
    }
    if (row->iss)
        row->iss(&o, esr);
    else if (esr & 0x1ffffff)
        put(&o, "ISS=0x%07x", esr & 0x1ffffff);
    return o.n;
}

size_t exc_record_describe(const struct cpu_exc_record *r, unsigned vcpu, char *buf, size_t size)
{
    static const char *const type_names[4] = { "synchronous", "IRQ", "FIQ", "SError" };
    struct out o = { buf, size, 0 };
    if (size)
        buf[0] = 0;
    put(&o, "vCPU %u: EL%u -> EL%u ", vcpu, r->from, r->to);
    if (r->type == EXC_SYNC || r->type == EXC_SERROR) {
        unsigned ec = r->esr >> 26;
        const struct ec_row *row = &ec_rows[ec];
        put(&o, "%s (EC 0x%02x, %s): ", exc_class_name(ec), ec, esr_ec_description(ec));
        /* "MSR SCTLR_EL1 trapped to EL2 because HCR_EL2.TVM=1 (Rt=x0, ...)": the instruction,
         * the control that trapped it, then the remaining syndrome fields. */
        if (row->head) {
            row->head(&o, r->esr);
            if (r->cause)
                put(&o, " trapped to EL%u because %s", r->to, r->cause);
            put(&o, " ");
        }
        if (row->iss)
            row->iss(&o, r->esr);
        else if (r->esr & 0x1ffffff)
            put(&o, "ISS=0x%07x", r->esr & 0x1ffffff);
        while (o.n && buf[o.n - 1] == ' ')
            buf[--o.n] = 0;
        if (r->cause && !row->head) /* an abort: what happened, then why it went to that EL */
            put(&o, "; taken to EL%u because %s", r->to, r->cause);
    } else {
        put(&o, "%s interrupt", type_names[r->type & 3]);
        if (r->cause)
            put(&o, " routed to EL%u because %s", r->to, r->cause);
    }
    put(&o, ", ELR=0x%" PRIx64, r->elr);
    if (r->far_valid)
        put(&o, ", FAR=0x%" PRIx64, r->far);
    put(&o, ", vector 0x%" PRIx64, r->vector);
    return o.n;
}
