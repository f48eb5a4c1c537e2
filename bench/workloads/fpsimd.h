/*
 * Set-up shared by the FP/SIMD workloads (aes_cbc, neon_memcpy, neon_strlen, dgemm,
 * dgemm_neon), run as BENCH_SETUP before the workload:
 *  - CPACR_EL1.FPEN = 0b11: FP/SIMD instructions do not trap at EL1 (its reset value is UNKNOWN);
 *  - VBAR_EL1 -> a vector table whose every entry exits through semihosting with status
 *    0x80 | ESR_EL1.EC: an emulator that takes an UNDEFINED (EC 0) or an alignment fault here
 *    fails the run at once (exit status 128 + EC) instead of hanging at address 0;
 *  - the EL1&0 MMU on, RAM by one 1 GiB Normal write-back block (mmu_bench.h): with the MMU
 *    off every data access is Device memory, where the unaligned LDR/LDP Q of a glibc-style
 *    memcpy must take an alignment fault (DDI 0487 B2.5.2), so a real libc never runs that way.
 * These files are built without -mgeneral-regs-only (bench/CMakeLists.txt): the compiler may
 * use the V registers anywhere, but not before main has called this.
 * A workload defines WORKLOAD_EXPECTED and includes this instead of bench.h.
 */
#ifndef FPSIMD_H
#define FPSIMD_H

#ifndef BENCH_HOST
#define BENCH_SETUP fpsimd_setup
static void fpsimd_setup(void);
#endif
#include "bench.h"
#ifndef BENCH_HOST
#include "mmu_bench.h"

__asm__(".pushsection .text.fpsimd_vectors, \"ax\"\n"
        ".balign 2048\n"
        "fpsimd_vectors:\n"
        ".rept 16\n"
        "    b fpsimd_trap\n"
        "    .balign 128\n"
        ".endr\n"
        "fpsimd_trap:\n"
        "    mrs  x2, esr_el1\n"
        "    ubfx x2, x2, #26, #6\n"
        "    orr  x2, x2, #0x80\n"
        "    adrp x1, fpsimd_exit_block\n"
        "    add  x1, x1, :lo12:fpsimd_exit_block\n"
        "    str  x2, [x1, #8]\n"
        "    mov  x0, #0x18\n" /* SYS_EXIT */
        "    hlt  #0xf000\n"
        "    b    .\n"
        ".popsection\n"
        ".pushsection .data.fpsimd_exit, \"aw\"\n"
        ".balign 8\n"
        "fpsimd_exit_block:\n"
        "    .quad 0x20026\n" /* ADP_Stopped_ApplicationExit */
        "    .quad 0\n"
        ".popsection\n");

static void fpsimd_setup(void)
{
    extern char fpsimd_vectors[];
    MSR(vbar_el1, (uintptr_t)fpsimd_vectors);
    MSR(cpacr_el1, MRS(cpacr_el1) | 3ull << 20);
    ISB();
    s1_enable(0);
}
#endif /* !BENCH_HOST */

#endif
