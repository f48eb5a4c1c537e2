/* The gdb stub's pure layers: packet framing, checksums, escaping (gdb_packet.c), the register
 * encoding and target description (gdb_regs.c), and the CPU's host breakpoint/watchpoint hooks
 * (cpu_host_debug) the stub drives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "cpu_harness.h"
#include "frontend/gdb_packet.h"
#include "frontend/gdb_regs.h"

static enum gdb_rx_event feed(struct gdb_rx *rx, const char *s)
{
    enum gdb_rx_event last = GDB_RX_NONE;
    for (; *s; s++) {
        enum gdb_rx_event e = gdb_rx_feed(rx, (uint8_t)*s);
        if (e != GDB_RX_NONE)
            last = e;
    }
    return last;
}

static void test_gdb_checksum_and_frame(void **state)
{
    (void)state;
    /* 'O' + 'K' = 0x4f + 0x4b = 0x9a (the protocol's own example reply). */
    assert_int_equal(gdb_checksum("OK", 2), 0x9a);
    char out[32];
    size_t n = gdb_frame("OK", 2, false, out, sizeof out);
    assert_int_equal(n, 6);
    assert_memory_equal(out, "$OK#9a", 6);
    assert_int_equal(gdb_frame("", 0, false, out, sizeof out), 4);
    assert_memory_equal(out, "$#00", 4);
    /* A non-binary body with a framing byte is refused; too small a buffer too. */
    assert_int_equal(gdb_frame("a#b", 3, false, out, sizeof out), 0);
    assert_int_equal(gdb_frame("OK", 2, false, out, 5), 0);
}

static void test_gdb_binary_escaping_round_trips(void **state)
{
    (void)state;
    const char body[] = { 'a', '}', '#', '$', '*', 'z' };
    char out[64];
    size_t n = gdb_frame(body, sizeof body, true, out, sizeof out);
    /* $ a }] }\x03 }\x04 }\x0a z # cs */
    assert_int_equal(n, 1 + 10 + 3);
    assert_memory_equal(out + 1, "a}]}\x03}\x04}\x0az", 10);
    assert_int_equal(gdb_checksum(out + 1, 10), (gdb_hexval(out[12]) << 4) | gdb_hexval(out[13]));
    char buf[16];
    memcpy(buf, out + 1, 10);
    assert_int_equal(gdb_unescape(buf, 10), (long)sizeof body);
    assert_memory_equal(buf, body, sizeof body);
    memcpy(buf, "ab}", 3);
    assert_int_equal(gdb_unescape(buf, 3), -1); /* a lone trailing escape */
}

static void test_gdb_receiver(void **state)
{
    (void)state;
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    assert_int_equal(feed(&rx, "$OK#9a"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "OK");
    assert_int_equal(feed(&rx, "$OK#9b"), GDB_RX_BAD_CSUM);
    assert_int_equal(feed(&rx, "$OK#zz"), GDB_RX_BAD_CSUM);
    assert_int_equal(feed(&rx, "+"), GDB_RX_ACK);
    assert_int_equal(feed(&rx, "-"), GDB_RX_NACK);
    assert_int_equal(feed(&rx, "\x03"), GDB_RX_INTERRUPT);
    /* Noise between packets is ignored; a '$' inside a packet restarts it. */
    assert_int_equal(feed(&rx, "xyz$garbage$g#67"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
    /* Upper-case checksum digits are accepted. */
    assert_int_equal(feed(&rx, "$OK#9A"), GDB_RX_PACKET);
    /* Oversized: discarded whole, reported once it ends; the next packet is fine. */
    assert_int_equal(gdb_rx_feed(&rx, '$'), GDB_RX_NONE);
    for (unsigned i = 0; i < GDB_PACKET_SIZE + 100; i++)
        assert_int_equal(gdb_rx_feed(&rx, 'A'), GDB_RX_NONE);
    assert_int_equal(feed(&rx, "#00"), GDB_RX_OVERSIZE);
    assert_int_equal(feed(&rx, "$?#3f"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "?");
}

static void test_gdb_hex(void **state)
{
    (void)state;
    const char *p = "ffffffffffffffff,";
    uint64_t v;
    assert_true(gdb_parse_hex(&p, &v));
    assert_true(v == UINT64_MAX);
    assert_int_equal(*p, ',');
    p = "10000000000000000"; /* 17 digits: refused, not wrapped */
    assert_false(gdb_parse_hex(&p, &v));
    p = ",1";
    assert_false(gdb_parse_hex(&p, &v));
    char hex[9];
    gdb_hex_encode("\x01\xab\xff\x00", 4, hex);
    assert_string_equal(hex, "01abff00");
    uint8_t b[4];
    assert_true(gdb_hex_decode("01ABff00", 4, b));
    assert_memory_equal(b, "\x01\xab\xff\x00", 4);
    assert_false(gdb_hex_decode("0g", 1, b));
}

static void test_gdb_register_encoding(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    struct cpu_state *c = h.cpu;
    uint8_t v[16];
    c->x[5] = 0x1122334455667788ull;
    assert_int_equal(gdb_reg_read(c, 5, v), 8);
    assert_memory_equal(v, "\x88\x77\x66\x55\x44\x33\x22\x11", 8); /* little-endian */
    c->vreg[3][0] = 0x0706050403020100ull;
    c->vreg[3][1] = 0x0f0e0d0c0b0a0908ull;
    assert_int_equal(gdb_reg_read(c, 34 + 3, v), 16);
    for (unsigned i = 0; i < 16; i++)
        assert_int_equal(v[i], i);
    assert_int_equal(gdb_reg_read(c, 33, v), 4); /* cpsr: 32 bits, EL1h after reset */
    assert_int_equal(v[0] & 0xf, 0x5);
    assert_string_equal(gdb_reg_name(c, 31), "sp");
    assert_string_equal(gdb_reg_name(c, 66), "fpsr");
    /* Without EL2: the EL1 system registers only. */
    assert_int_equal(gdb_reg_count(c), GDB_REG_SYS0 + 13);
    assert_int_equal(gdb_reg_read(c, gdb_reg_count(c), v), 0);
    /* cpsr writes: AArch32 or EL2 (not implemented here) are refused. */
    memcpy(v, "\x09\x00\x00\x00", 4);
    assert_false(gdb_reg_write(c, 33, v));
    memcpy(v, "\x04\x00\x00\x60", 4); /* EL1t, Z and C */
    assert_true(gdb_reg_write(c, 33, v));
    assert_int_equal(c->el, 1);
    assert_int_equal(c->spsel, 0);
    assert_int_equal(c->nzcv, 0x60000000u);
    h_free(&h);
}

/* Every system register gdb sees is the sysreg row of the same name (SP_EL2 has none reachable
 * below EL3: cpu_get_sp_el). */
static void test_gdb_sysregs_are_the_rows(void **state)
{
    (void)state;
    struct harness h;
    h_init_el2(&h);
    struct cpu_state *c = h.cpu;
    assert_int_equal(gdb_reg_count(c), GDB_REG_SYS0 + 25);
    for (unsigned r = GDB_REG_SYS0; r < gdb_reg_count(c); r++) {
        const char *row = gdb_sysreg_row_name(c, r);
        if (!strcmp(gdb_reg_name(c, r), "SP_EL2") && !row)
            continue;
        assert_non_null(row);
        assert_string_equal(row, gdb_reg_name(c, r));
    }
    char xml[16384];
    size_t n = gdb_target_xml(c, xml, sizeof xml);
    assert_true(n < sizeof xml);
    assert_non_null(strstr(xml, "org.gnu.gdb.aarch64.core"));
    assert_non_null(strstr(xml, "org.gnu.gdb.aarch64.fpu"));
    assert_non_null(strstr(xml, "<reg name=\"HCR_EL2\" bitsize=\"64\" type=\"uint64\" regnum=\"81\""));
    /* Truncation reports the full length. */
    assert_int_equal(gdb_target_xml(c, xml, 10), n);
    h_free(&h);
}

static unsigned sysreg_num(struct cpu_state *c, const char *name)
{
    for (unsigned r = GDB_REG_SYS0; r < gdb_reg_count(c); r++)
        if (!strcmp(gdb_reg_name(c, r), name))
            return r;
    fail_msg("no register %s", name);
    return 0;
}

/* A write goes through the row's hook: SCTLR_EL1.M = 1 takes effect on translation at once
 * (no page tables: the cached flat translation must be gone), and CurrentEL is read-only. */
static void test_gdb_sysreg_write_has_its_side_effects(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    struct cpu_state *c = h.cpu;
    uint32_t w;
    assert_true(cpu_virt_read(c, H_CODE, &w, 4));
    uint8_t v[16];
    unsigned r = sysreg_num(c, "SCTLR_EL1");
    gdb_reg_read(c, r, v);
    v[0] |= 1; /* M */
    assert_true(gdb_reg_write(c, r, v));
    assert_true(c->sr.sctlr_el1 & 1);
    assert_false(cpu_virt_read(c, H_CODE, &w, 4)); /* TTBR0_EL1 = 0: no tables there */
    memset(v, 0, sizeof v);
    v[1] = 0x10;
    assert_true(gdb_reg_write(c, sysreg_num(c, "VBAR_EL1"), v));
    assert_int_equal(c->sr.vbar_el1, 0x1000);
    assert_false(gdb_reg_write(c, sysreg_num(c, "CurrentEL"), v));
    gdb_reg_read(c, sysreg_num(c, "CurrentEL"), v);
    assert_int_equal(v[0], 1 << 2);
    h_free(&h);
}

/* Host breakpoints stop before the instruction (no architectural effect) and are stepped over
 * on resume; host watchpoints stop after the instruction that made the access. */
static void test_gdb_host_breakpoint_and_watchpoint(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    struct cpu_state *c = h.cpu;
    c->x[0] = H_DATA;
    c->x[1] = 42;
    const uint32_t code[] = {
        0xd503201f, /* nop */
        0xd503201f, /* nop */
        0xf9000001, /* str x1, [x0] */
        0xd503201f, /* nop */
        0x14000000, /* b . */
    };
    h_code(&h, code, 5);
    c->hdbg.nbp = 1;
    c->hdbg.bp[0] = H_CODE + 4;
    cpu_debug_changed(c);
    assert_true(c->dbg.attn);
    cpu_run(c, 100);
    assert_int_equal(c->stop, CPU_STOP_DEBUG);
    assert_int_equal(c->pc, H_CODE + 4);
    assert_int_equal(c->icount, 1);
    assert_int_equal(c->sr.esr_el1, 0); /* nothing architectural */
    /* Resume: step over it, then the watchpoint on the stored doubleword. */
    c->stop = CPU_RUNNING;
    c->hdbg.skip = true;
    c->hdbg.skip_pc = c->pc;
    c->hdbg.nwp = 1;
    c->hdbg.wp[0].addr = H_DATA + 4;
    c->hdbg.wp[0].len = 2;
    c->hdbg.wp[0].kind = CPU_HWP_WRITE;
    cpu_debug_changed(c);
    cpu_run(c, 100);
    assert_int_equal(c->stop, CPU_STOP_DEBUG);
    assert_true(c->hdbg.hit_watch);
    assert_int_equal(c->hdbg.hit_addr, H_DATA + 4);
    assert_int_equal(c->pc, H_CODE + 12); /* after the store */
    uint64_t mem;
    memcpy(&mem, h.ram + (H_DATA - H_RAM_BASE), 8);
    assert_int_equal(mem, 42);
    /* A read watchpoint does not fire on stores; disarmed, the CPU costs nothing again. */
    c->stop = CPU_RUNNING;
    c->hdbg.nbp = c->hdbg.nwp = 0;
    cpu_debug_changed(c);
    assert_false(c->dbg.attn);
    assert_false(c->dbg.watch);
    h_free(&h);
}

/* A debugger's single step does not enter a pending interrupt's handler (QEMU's NOIRQ default);
 * cpu_step (monitor step-irq on) does. */
static void test_gdb_step_ignores_pending_irq(void **state)
{
    (void)state;
    struct harness h;
    h_init(&h);
    struct cpu_state *c = h.cpu;
    const uint32_t code[] = { 0xd503201f, 0xd503201f, 0xd503201f }; /* nop x3 */
    h_code(&h, code, 3);
    cpu_attach_irq_source(c);
    c->daif = 0; /* IRQs unmasked */
    cpu_set_irq_line(c, EXC_IRQ, true);
    cpu_step_noirq(c);
    assert_int_equal(c->pc, H_CODE + 4);
    cpu_step_noirq(c);
    assert_int_equal(c->pc, H_CODE + 8);
    cpu_step(c); /* the interrupt is taken first: IRQ from the current EL with SP_ELx */
    assert_int_equal(c->pc, H_VBAR + 0x280);
    assert_int_equal(c->sr.elr_el1, H_CODE + 8);
    h_free(&h);
}

int main(void)
{
    assert_true(sysreg_init());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gdb_checksum_and_frame),
        cmocka_unit_test(test_gdb_binary_escaping_round_trips),
        cmocka_unit_test(test_gdb_receiver),
        cmocka_unit_test(test_gdb_hex),
        cmocka_unit_test(test_gdb_register_encoding),
        cmocka_unit_test(test_gdb_sysregs_are_the_rows),
        cmocka_unit_test(test_gdb_sysreg_write_has_its_side_effects),
        cmocka_unit_test(test_gdb_host_breakpoint_and_watchpoint),
        cmocka_unit_test(test_gdb_step_ignores_pending_irq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
