/* PL061 GPIO (src/devices/pl061.c) and the empty virtio-mmio transports, through the bus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bus/bus.h"
#include "devices/pl061.h"
#include "devices/virtio/virtio_mmio.h"

#define GPIO 0x09030000ull
enum { DIR = 0x400, IS = 0x404, IBE = 0x408, IEV = 0x40c, IE = 0x410, RIS = 0x414, MIS = 0x418, IC = 0x41c };

struct fixture {
    struct bus *bus;
    struct pl061 *gpio;
    int level;
};
static struct fixture fx;

static void irq_stub(void *opaque, int line, int level)
{
    (void)line;
    ((struct fixture *)opaque)->level = level;
}

static int setup(void **state)
{
    fx = (struct fixture){ .level = -1 };
    fx.bus = bus_create();
    fx.gpio = pl061_create(fx.bus, GPIO, (struct irq_line){ irq_stub, &fx, 39 });
    *state = &fx;
    return fx.gpio ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pl061_destroy(f->gpio);
    bus_destroy(f->bus);
    return 0;
}

static uint32_t rd(struct fixture *f, uint64_t off)
{
    uint64_t v = 0;
    assert_int_equal(bus_read(f->bus, GPIO + off, 4, &v), BUS_OK);
    return (uint32_t)v;
}

static void wr(struct fixture *f, uint64_t off, uint32_t v)
{
    assert_int_equal(bus_write(f->bus, GPIO + off, 4, v), BUS_OK);
}

static void test_pl061_ids(void **state)
{
    struct fixture *f = *state;
    static const uint8_t id[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 }; /* QEMU's */
    for (int i = 0; i < 8; i++)
        assert_int_equal(rd(f, 0xfe0 + 4 * i), id[i]);
    assert_int_equal(rd(f, DIR), 0);
}

static void test_pl061_masked_data_access(void **state)
{
    struct fixture *f = *state;
    wr(f, DIR, 0x0f); /* lines 0-3 outputs */
    wr(f, 0x3fc, 0xff); /* all mask bits: only outputs change */
    assert_int_equal(pl061_lines(f->gpio), 0x0f);
    wr(f, 0x3fc, 0x00);
    wr(f, 0x04 << 2, 0xff); /* mask 0x04 (offset 0x010): line 2 only */
    assert_int_equal(pl061_lines(f->gpio), 0x04);
    pl061_set_input(f->gpio, 7, 1);
    pl061_set_input(f->gpio, 1, 1); /* an output: the outside level is not seen */
    assert_int_equal(rd(f, 0x3fc), 0x84);
    assert_int_equal(rd(f, 0x80 << 2), 0x80); /* read mask: line 7 only */
    assert_int_equal(rd(f, 0x03 << 2), 0x00);
    /* an output line changing raises no edge interrupt (QEMU); line 2 falls with IEV 0 */
    wr(f, IE, 0xff);
    wr(f, 0x3fc, 0x00);
    assert_int_equal(rd(f, RIS), 0);
}

static void test_pl061_power_button_edge_interrupt(void **state)
{
    struct fixture *f = *state;
    /* Linux gpio-keys: line 3 input, rising-edge (IS 0, IBE 0, IEV 1), unmasked */
    wr(f, IEV, 1u << PL061_POWER_BUTTON);
    wr(f, IE, 1u << PL061_POWER_BUTTON);
    assert_int_equal(f->level, 0);
    pl061_set_input(f->gpio, PL061_POWER_BUTTON, 1);
    assert_int_equal(rd(f, RIS), 0x08);
    assert_int_equal(rd(f, MIS), 0x08);
    assert_int_equal(f->level, 1);
    pl061_set_input(f->gpio, PL061_POWER_BUTTON, 0); /* falling: not an event here, stays latched */
    assert_int_equal(rd(f, RIS), 0x08);
    wr(f, IC, 0x08);
    assert_int_equal(rd(f, RIS), 0);
    assert_int_equal(f->level, 0);
    wr(f, IBE, 0x08); /* both edges */
    pl061_set_input(f->gpio, PL061_POWER_BUTTON, 1);
    wr(f, IC, 0x08);
    pl061_set_input(f->gpio, PL061_POWER_BUTTON, 0);
    assert_int_equal(rd(f, RIS), 0x08);
}

static void test_pl061_level_interrupt_follows_line(void **state)
{
    struct fixture *f = *state;
    wr(f, IS, 0x01);
    wr(f, IEV, 0x00); /* level low on line 0: asserted now */
    wr(f, IE, 0x01);
    assert_int_equal(rd(f, RIS), 0x01);
    assert_int_equal(f->level, 1);
    wr(f, IC, 0x01); /* clearing a level interrupt while the level holds: it stays */
    assert_int_equal(rd(f, RIS), 0x01);
    pl061_set_input(f->gpio, 0, 1);
    assert_int_equal(rd(f, RIS), 0x00);
    assert_int_equal(f->level, 0);
}

static void test_virtio_mmio_empty_transports_answer_no_device(void **state)
{
    (void)state;
    struct bus *bus = bus_create();
    assert_int_equal(virtio_mmio_add_empty(bus, 0x0a000000, 32, 0x200, true), A64_OK);
    for (unsigned i = 0; i < 32; i += 31) {
        uint64_t base = 0x0a000000 + i * 0x200, v;
        assert_int_equal(bus_read(bus, base + 0x000, 4, &v), BUS_OK);
        assert_int_equal(v, 0x74726976); /* "virt" */
        assert_int_equal(bus_read(bus, base + 0x004, 4, &v), BUS_OK);
        assert_int_equal(v, 1);          /* legacy (force-legacy=true, QEMU 7.2 default) */
        assert_int_equal(bus_read(bus, base + 0x008, 4, &v), BUS_OK);
        assert_int_equal(v, 0);          /* DeviceID 0: nothing here */
        assert_int_equal(bus_read(bus, base + 0x00c, 4, &v), BUS_OK);
        assert_int_equal(v, 0x554d4551); /* "QEMU" */
        assert_int_equal(bus_write(bus, base + 0x070, 4, 0xf), BUS_OK); /* Status: ignored */
        assert_int_equal(bus_read(bus, base + 0x070, 4, &v), BUS_OK);
        assert_int_equal(v, 0);
    }
    uint64_t v;
    assert_int_equal(bus_read(bus, 0x0a004000, 4, &v), BUS_ERROR); /* past the last slot */
    bus_destroy(bus);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pl061_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pl061_masked_data_access, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pl061_power_button_edge_interrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pl061_level_interrupt_follows_line, setup, teardown),
        cmocka_unit_test(test_virtio_mmio_empty_transports_answer_no_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
