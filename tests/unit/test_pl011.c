/* PL011 UART (src/devices/pl011.c), driven through the bus as a guest would (DDI 0183G). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bus/bus.h"
#include "devices/pl011.h"

#define UART 0x09000000ull
enum {
    DR = 0x000, RSR = 0x004, FR = 0x018, IBRD = 0x024, FBRD = 0x028, LCR_H = 0x02c, CR = 0x030,
    IFLS = 0x034, IMSC = 0x038, RIS = 0x03c, MIS = 0x040, ICR = 0x044, DMACR = 0x048,
};
enum { FR_BUSY = 1u << 3, FR_RXFE = 1u << 4, FR_TXFF = 1u << 5, FR_RXFF = 1u << 6, FR_TXFE = 1u << 7 };
enum { INT_RX = 1u << 4, INT_TX = 1u << 5, INT_RT = 1u << 6 };
enum { LCR_FEN = 1u << 4, LCR_WLEN8 = 3u << 5 };

struct fixture {
    struct bus *bus;
    struct pl011 *uart;
    char tx[128];
    size_t ntx;
    int irq_level, irq_line;
    unsigned irq_changes;
};

static void tx_sink(void *opaque, uint8_t byte)
{
    struct fixture *f = opaque;
    if (f->ntx < sizeof f->tx - 1)
        f->tx[f->ntx++] = (char)byte;
}

static void irq_stub(void *opaque, int line, int level)
{
    struct fixture *f = opaque;
    f->irq_line = line;
    if (level != f->irq_level)
        f->irq_changes++;
    f->irq_level = level;
}

static void setup(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    f->bus = bus_create();
    assert_non_null(f->bus);
    struct irq_line irq = { irq_stub, f, 33 };
    f->uart = pl011_create(f->bus, UART, irq, tx_sink, f);
    assert_non_null(f->uart);
}

static void teardown(struct fixture *f)
{
    pl011_destroy(f->uart);
    bus_destroy(f->bus);
}

static uint32_t rd(struct fixture *f, uint64_t off)
{
    uint64_t v = 0;
    assert_int_equal(bus_read(f->bus, UART + off, 4, &v), BUS_OK);
    return (uint32_t)v;
}

static void wr(struct fixture *f, uint64_t off, uint32_t v)
{
    assert_int_equal(bus_write(f->bus, UART + off, 4, v), BUS_OK);
}

static void test_pl011_id_registers(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    /* UARTPeriphID0-3, UARTPCellID0-3 (TRM 3.3.14-15): PL011 r1p5, PrimeCell. */
    static const uint8_t id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(rd(&f, 0xfe0 + 4 * i), id[i]);
    teardown(&f);
}

static void test_pl011_reset_values_and_flags(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    assert_int_equal(rd(&f, FR), FR_TXFE | FR_RXFE);
    assert_int_equal(rd(&f, CR), 0x300);
    assert_int_equal(rd(&f, IFLS), 0x12);
    assert_int_equal(rd(&f, IMSC), 0);
    assert_int_equal(rd(&f, RIS), 0);
    assert_int_equal(rd(&f, MIS), 0);
    assert_int_equal(rd(&f, LCR_H), 0);
    wr(&f, IBRD, 0x12345);
    wr(&f, FBRD, 0xff);
    assert_int_equal(rd(&f, IBRD), 0x2345);
    assert_int_equal(rd(&f, FBRD), 0x3f);
    teardown(&f);
}

static void test_pl011_transmit_reaches_sink(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    wr(&f, DR, 'h');
    assert_int_equal(bus_write(f.bus, UART + DR, 1, 'i'), BUS_OK); /* strb, as bare-metal code does */
    assert_int_equal(f.ntx, 2);
    assert_memory_equal(f.tx, "hi", 2);
    assert_int_equal(rd(&f, FR) & (FR_TXFF | FR_BUSY), 0); /* transmit completes at once */
    assert_true(rd(&f, RIS) & INT_TX);
    teardown(&f);
}

static void test_pl011_rx_fifo_depth_follows_fen(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    /* FIFOs disabled: a one-character holding register */
    assert_int_equal(pl011_rx_room(f.uart), 1);
    pl011_receive(f.uart, (const uint8_t *)"xy", 2);
    assert_int_equal(rd(&f, FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
    assert_int_equal(pl011_rx_room(f.uart), 0);
    assert_int_equal(rd(&f, DR) & 0xff, 'x');
    assert_int_equal(rd(&f, FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
    assert_int_equal(rd(&f, DR), 0); /* empty: reads as 0, no underflow */

    /* FIFOs enabled: 32 entries, in order, the overflow dropped */
    wr(&f, LCR_H, LCR_FEN | LCR_WLEN8);
    assert_int_equal(pl011_rx_room(f.uart), 32);
    uint8_t in[40];
    for (unsigned i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)('A' + i);
    pl011_receive(f.uart, in, 10);
    assert_int_equal(pl011_rx_room(f.uart), 22);
    assert_int_equal(rd(&f, FR) & (FR_RXFE | FR_RXFF), 0);
    pl011_receive(f.uart, in + 10, 30);
    assert_int_equal(pl011_rx_room(f.uart), 0);
    assert_true(rd(&f, FR) & FR_RXFF);
    for (unsigned i = 0; i < 32; i++)
        assert_int_equal(rd(&f, DR) & 0xff, 'A' + i);
    assert_true(rd(&f, FR) & FR_RXFE);

    /* changing FEN flushes the FIFO */
    pl011_receive(f.uart, in, 3);
    wr(&f, LCR_H, LCR_WLEN8);
    assert_true(rd(&f, FR) & FR_RXFE);
    teardown(&f);
}

static void test_pl011_interrupt_mask_status_and_clear(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    wr(&f, LCR_H, LCR_FEN | LCR_WLEN8);
    /* masked: raw status only, line low */
    pl011_receive(f.uart, (const uint8_t *)"a", 1);
    assert_int_equal(rd(&f, RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
    assert_int_equal(rd(&f, MIS), 0);
    assert_int_equal(f.irq_level, 0);
    /* unmask RX: the line rises, MIS = RIS & IMSC */
    wr(&f, IMSC, INT_RX);
    assert_int_equal(rd(&f, IMSC), INT_RX);
    assert_int_equal(rd(&f, MIS), INT_RX);
    assert_int_equal(f.irq_level, 1);
    assert_int_equal(f.irq_line, 33);
    /* draining the FIFO clears RX/RT and lowers the line */
    assert_int_equal(rd(&f, DR) & 0xff, 'a');
    assert_int_equal(rd(&f, RIS) & (INT_RX | INT_RT), 0);
    assert_int_equal(f.irq_level, 0);
    /* TX: raised by a write, cleared by ICR, which is write-one-to-clear */
    wr(&f, IMSC, INT_TX | INT_RX);
    wr(&f, DR, '!');
    assert_int_equal(rd(&f, MIS), INT_TX);
    assert_int_equal(f.irq_level, 1);
    wr(&f, ICR, INT_RX); /* another bit: TX stays */
    assert_int_equal(rd(&f, MIS), INT_TX);
    wr(&f, ICR, INT_TX);
    assert_int_equal(rd(&f, RIS) & INT_TX, 0);
    assert_int_equal(f.irq_level, 0);
    /* masking a pending interrupt lowers the line without clearing RIS */
    pl011_receive(f.uart, (const uint8_t *)"b", 1);
    assert_int_equal(f.irq_level, 1);
    wr(&f, IMSC, 0);
    assert_int_equal(f.irq_level, 0);
    assert_true(rd(&f, RIS) & INT_RX);
    teardown(&f);
}

static void test_pl011_narrow_reads_and_unknown_offsets(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    uint64_t v = 0xff;
    assert_int_equal(bus_read(f.bus, UART + FR, 1, &v), BUS_OK); /* ldrb of the flags */
    assert_int_equal(v, FR_TXFE | FR_RXFE);
    assert_int_equal(bus_read(f.bus, UART + CR, 2, &v), BUS_OK);
    assert_int_equal(v, 0x300);
    assert_int_equal(rd(&f, 0x800), 0); /* reserved: reads as zero, no error */
    wr(&f, 0x800, 0xffffffff);          /* and writes are ignored */
    assert_int_equal(rd(&f, RSR), 0);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pl011_id_registers),
        cmocka_unit_test(test_pl011_reset_values_and_flags),
        cmocka_unit_test(test_pl011_transmit_reaches_sink),
        cmocka_unit_test(test_pl011_rx_fifo_depth_follows_fen),
        cmocka_unit_test(test_pl011_interrupt_mask_status_and_clear),
        cmocka_unit_test(test_pl011_narrow_reads_and_unknown_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
