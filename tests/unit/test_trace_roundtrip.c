/*
 * The trace writer and reader together (src/trace): a short program runs on a harness vCPU with
 * a writer attached; reading the file back must give exactly its instructions, register writes
 * (found by the before/after comparison), memory accesses with sizes and values, the SVC
 * exception with its syndrome, and a digest at every instruction that matches the rebuilt state.
 * Also the instruction-window filter (a gap, then exactly N instructions).
 */
#include "cpu_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "decode/decode.h"
#include "trace/trace_format.h"
#include "trace/trace_reader.h"
#include "trace/trace_writer.h"

static const uint32_t prog[] = {
    0xd28000a1u, /* movz x1, #5 */
    0xf9000041u, /* str x1, [x2] */
    0x39400043u, /* ldrb w3, [x2] */
    0xab010024u, /* adds x4, x1, x1 */
    0xd4000021u, /* svc #1 */
};

static uint64_t reg_of(const struct trace_event *e, unsigned slot, bool *found)
{
    for (unsigned i = 0; i < e->nregs; i++)
        if (e->regs[i].slot == slot) {
            *found = true;
            return e->regs[i].val;
        }
    *found = false;
    return 0;
}

static void expect_reg(const struct trace_event *e, unsigned slot, uint64_t v)
{
    bool found;
    uint64_t got = reg_of(e, slot, &found);
    assert_true(found);
    assert_int_equal(got, v);
}

static void test_trace_roundtrip_program(void **state)
{
    (void)state;
    assert_true(dec_init());
    char path[] = "/tmp/a64emu-trace-unit-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct harness h;
    h_init(&h);
    h_code(&h, prog, 5);
    h.cpu->x[2] = H_DATA;
    struct trace_filter f = { .digest_every = 1 };
    char err[512];
    char *argv[] = { "a64emu", "unit" };
    struct trace_writer *w = trace_writer_open(path, &f, 2, argv, 1, err, sizeof err);
    assert_non_null(w);
    trace_writer_attach(w, h.cpu);
    assert_true(h.cpu->dbg.attn); /* tracing takes the one-instruction path */
    h_step(&h, 6);                /* five instructions, then the vector's "b ." */
    assert_int_equal(trace_writer_insns(w), 6);
    assert_true(trace_writer_close(w, err, sizeof err));
    assert_null(h.cpu->trace);

    struct trace_reader *r = trace_reader_open(path, err, sizeof err);
    assert_non_null(r);
    assert_int_equal(trace_reader_header(r)->ncpus, 1);
    assert_string_equal(trace_reader_header(r)->cmdline, "a64emu unit");
    struct trace_event *e = malloc(sizeof *e);
    assert_int_equal(trace_reader_next(r, e), 1); /* the initial state */
    assert_int_equal(e->kind, TEV_SYNC);
    expect_reg(e, TRACE_SLOT_X0 + 2, H_DATA);
    assert_int_equal(trace_reader_next(r, e), 1);
    assert_int_equal(e->kind, TEV_INSN);
    assert_int_equal(e->pc, H_CODE);
    assert_int_equal(e->opcode, prog[0]);
    assert_int_equal(e->el, 1);
    assert_int_equal(e->nregs, 1);
    expect_reg(e, TRACE_SLOT_X0 + 1, 5);
    assert_int_equal(trace_reader_next(r, e), 1); /* str */
    assert_int_equal(e->nregs, 0);
    assert_int_equal(e->nmem, 1);
    assert_true(e->mem[0].write);
    assert_int_equal(e->mem[0].size, 8);
    assert_int_equal(e->mem[0].addr, H_DATA);
    assert_int_equal(e->mem[0].value, 5);
    assert_int_equal(trace_reader_next(r, e), 1); /* ldrb */
    assert_int_equal(e->nmem, 1);
    assert_false(e->mem[0].write);
    assert_int_equal(e->mem[0].size, 1);
    expect_reg(e, TRACE_SLOT_X0 + 3, 5);
    assert_int_equal(trace_reader_next(r, e), 1); /* adds: X4 and NZCV (Z cleared) */
    expect_reg(e, TRACE_SLOT_X0 + 4, 10);
    expect_reg(e, TRACE_SLOT_NZCV, 0);
    assert_int_equal(e->nzcv_before, 0x40000000);
    assert_int_equal(trace_reader_next(r, e), 1); /* svc: no register writes of its own */
    assert_int_equal(e->pc, H_CODE + 16);
    assert_int_equal(e->nregs, 0);
    assert_int_equal(trace_reader_next(r, e), 1); /* the exception and its state changes */
    assert_int_equal(e->kind, TEV_EXC);
    assert_int_equal(e->esr >> 26, 0x15);
    assert_int_equal(e->esr & 0xffff, 1);
    assert_int_equal(e->from_el, 1);
    assert_int_equal(e->to_el, 1);
    assert_int_equal(e->ret_pc, H_CODE + 20);
    expect_reg(e, TRACE_SLOT_SYSREG0 + 0, H_CODE + 20); /* ELR_EL1 */
    assert_int_equal(trace_reader_next(r, e), 1);
    assert_int_equal(e->kind, TEV_INSN);
    assert_int_equal(e->pc, H_VBAR + 0x200);
    assert_int_equal(trace_reader_next(r, e), 0); /* end record */
    assert_int_equal(trace_reader_digests_checked(r), 6);
    free(e);
    trace_reader_close(r);
    h_free(&h);
    unlink(path);
}

static void test_trace_roundtrip_window(void **state)
{
    (void)state;
    assert_true(dec_init());
    char path[] = "/tmp/a64emu-trace-unit-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct harness h;
    h_init(&h);
    uint32_t nops[8];
    for (unsigned i = 0; i < 8; i++)
        nops[i] = 0x91000400u | 0; /* add x0, x0, #1 */
    h_code(&h, nops, 8);
    struct trace_filter f = { 0 };
    char err[512];
    assert_true(trace_filter_parse_window("2+3", &f, err, sizeof err));
    assert_false(trace_filter_parse_window("2+0", &f, err, sizeof err));
    assert_false(trace_filter_parse_window("x", &f, err, sizeof err));
    char *argv[] = { "a64emu" };
    struct trace_writer *w = trace_writer_open(path, &f, 1, argv, 1, err, sizeof err);
    assert_non_null(w);
    trace_writer_attach(w, h.cpu);
    h_step(&h, 8);
    assert_null(h.cpu->trace); /* detached once past the window: full speed again */
    assert_int_equal(h.cpu->x[0], 8);
    assert_true(trace_writer_close(w, err, sizeof err));
    struct trace_reader *r = trace_reader_open(path, err, sizeof err);
    assert_non_null(r);
    struct trace_event *e = malloc(sizeof *e);
    unsigned insns = 0, gaps = 0;
    int rc;
    while ((rc = trace_reader_next(r, e)) > 0) {
        if (e->kind == TEV_GAP) {
            gaps++;
            assert_int_equal(e->skipped, 2);
            expect_reg(e, TRACE_SLOT_X0, 2); /* the skipped instructions' effect */
        }
        if (e->kind == TEV_INSN) {
            assert_int_equal(e->pc, H_CODE + 4 * (2 + insns));
            insns++;
        }
    }
    assert_int_equal(rc, 0);
    assert_int_equal(insns, 3);
    assert_int_equal(gaps, 1);
    free(e);
    trace_reader_close(r);
    h_free(&h);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_roundtrip_program),
        cmocka_unit_test(test_trace_roundtrip_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
