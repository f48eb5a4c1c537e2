#include "frontend/trace_cpu.h"

#include <inttypes.h>

#include "cpu/cpu.h"

void trace_cpu_state(FILE *out, const struct cpu_state *cpu, bool fpu)
{
    /* Layout of QEMU 7.2 target/arm/cpu.c aarch64_cpu_dump_state() for a CPU without EL3, SME
     * or BTI (-cpu cortex-a57 on virt; -cpu max appends "  SVCR=..." and "  BTYPE=..." to the
     * PSTATE line, which tests/lockstep ignores). Checked against real QEMU 7.2 output. */
    if (cpu->stop != CPU_RUNNING)
        return; /* no instruction follows: QEMU prints nothing after the exiting HLT either */
    uint64_t pstate = cpu_pstate(cpu);
    fprintf(out, " PC=%016" PRIx64 " ", cpu->pc);
    for (int i = 0; i < 32; i++) {
        if (i == 31)
            fprintf(out, " SP=%016" PRIx64 "\n", cpu->x[31]);
        else
            fprintf(out, "X%02d=%016" PRIx64 "%s", i, cpu->x[i], (i + 2) % 3 ? " " : "\n");
    }
    fprintf(out, "PSTATE=%08" PRIx32 " %c%c%c%c EL%u%c", (uint32_t)pstate,
            pstate & (1u << 31) ? 'N' : '-', pstate & (1u << 30) ? 'Z' : '-',
            pstate & (1u << 29) ? 'C' : '-', pstate & (1u << 28) ? 'V' : '-', cpu->el,
            cpu->spsel ? 'h' : 't');
    if (!fpu) {
        fputc('\n', out);
        return;
    }
    /* QEMU 7.2 with CPU_DUMP_FPU and no SVE: "FPU disabled" when fp_exception_el() is
     * nonzero, else FPCR/FPSR (vfp_get_fpcr/fpsr) and Q0-Q31 as high:low, two a line. */
    const char *why;
    if (cpu_fp_trap_el(cpu, &why) != 0) {
        fputs("    FPU disabled\n", out);
        return;
    }
    fprintf(out, "     FPCR=%08" PRIx32 " FPSR=%08" PRIx32 "\n", cpu->fpcr, cpu->fpsr);
    for (int i = 0; i < 32; i++)
        fprintf(out, "Q%02d=%016" PRIx64 ":%016" PRIx64 "%s", i, cpu->vreg[i][1],
                cpu->vreg[i][0], i & 1 ? "\n" : " ");
}
