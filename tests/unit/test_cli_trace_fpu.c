/*
 * -d cpu,fpu (src/frontend/trace_cpu.c): the FP part of a state in QEMU 7.2's exact text, as
 * `qemu-system-aarch64 -cpu cortex-a57 -d cpu,fpu` prints it (aarch64_cpu_dump_state with
 * CPU_DUMP_FPU): "    FPU disabled" after the PSTATE line while SIMD&FP traps at the current
 * EL, else "     FPCR=%08x FPSR=%08x" and Q0-Q31 as "Qnn=high:low", two a line. The lockstep
 * harness compares these lines with QEMU's; this test pins the format without QEMU.
 */
#include "cpu_harness.h"

#include <stdio.h>
#include <stdlib.h>

#include "frontend/trace_cpu.h"

/* Into a fixed buffer with fmemopen rather than open_memstream: gcc -O3 misreads the returned
 * open_memstream pointer as the address of trace()'s local and stops on -Wdangling-pointer. */
static const char *trace(struct cpu_state *cpu, bool fpu)
{
    static char buf[16384];
    memset(buf, 0, sizeof buf);
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    assert_non_null(f);
    trace_cpu_state(f, cpu, fpu);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(buf[sizeof buf - 2], 0); /* the state fitted */
    return buf;
}

/* The text after the PSTATE line's "EL1h". */
static const char *after_pstate(const char *t)
{
    const char *p = strstr(t, "PSTATE=");
    assert_non_null(p);
    p = strstr(p, "EL1h");
    assert_non_null(p);
    return p + 4;
}

static void test_cli_trace_fpu_disabled_and_enabled(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    h.cpu->sr.cpacr_el1 = 0; /* FPEN = 00: FP traps at EL1 */
    const char *t = trace(h.cpu, true);
    assert_string_equal(after_pstate(t), "    FPU disabled\n");
    t = trace(h.cpu, false); /* without fpu: the plain -d cpu state */
    assert_string_equal(after_pstate(t), "\n");

    h.cpu->sr.cpacr_el1 = 3ull << 20;
    h.cpu->fpcr = 0x03c00000;
    h.cpu->fpsr = 0x0800009f;
    for (unsigned i = 0; i < 32; i++) {
        h.cpu->vreg[i][0] = 0x1111111111111111ull * (i & 15);
        h.cpu->vreg[i][1] = i;
    }
    t = trace(h.cpu, true);
    const char *fp = after_pstate(t);
    assert_memory_equal(fp, "     FPCR=03c00000 FPSR=0800009f\n", 33);
    assert_memory_equal(fp + 33,
                        "Q00=0000000000000000:0000000000000000 Q01=0000000000000001:1111111111111111\n"
                        "Q02=0000000000000002:2222222222222222 Q03=0000000000000003:3333333333333333\n",
                        2 * 76);
    const char *last = strstr(fp, "Q30=");
    assert_non_null(last);
    assert_string_equal(last, "Q30=000000000000001e:eeeeeeeeeeeeeeee Q31=000000000000001f:ffffffffffffffff\n");
    h_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_trace_fpu_disabled_and_enabled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
