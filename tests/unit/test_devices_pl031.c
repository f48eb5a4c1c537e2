/* PL031 RTC (src/devices/pl031.c), through the bus as a guest sees it (DDI 0224B section 3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "bus/bus.h"
#include "devices/pl031.h"

#define RTC 0x09010000ull
enum { DR = 0x00, MR = 0x04, LR = 0x08, CR = 0x0c, IMSC = 0x10, RIS = 0x14, MIS = 0x18, ICR = 0x1c };

struct fixture {
    struct bus *bus;
    struct pl031 *rtc;
    uint64_t now; /* the clock, in seconds */
    int level, line;
};

static struct fixture fx;

static uint64_t test_clock(void *opaque) { return ((struct fixture *)opaque)->now; }

static void irq_stub(void *opaque, int line, int level)
{
    struct fixture *f = opaque;
    f->level = level;
    f->line = line;
}

static int setup(void **state)
{
    fx = (struct fixture){ .now = 1000000, .level = -1 };
    fx.bus = bus_create();
    struct irq_line irq = { irq_stub, &fx, 34 };
    fx.rtc = pl031_create(fx.bus, RTC, irq, test_clock, &fx);
    *state = &fx;
    return fx.rtc ? 0 : -1;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pl031_destroy(f->rtc);
    bus_destroy(f->bus);
    return 0;
}

static uint32_t rd(struct fixture *f, uint64_t off)
{
    uint64_t v = 0;
    assert_int_equal(bus_read(f->bus, RTC + off, 4, &v), BUS_OK);
    return (uint32_t)v;
}

static void wr(struct fixture *f, uint64_t off, uint32_t v)
{
    assert_int_equal(bus_write(f->bus, RTC + off, 4, v), BUS_OK);
}

static void test_pl031_ids_and_reset(void **state)
{
    struct fixture *f = *state;
    static const uint8_t id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    for (int i = 0; i < 8; i++)
        assert_int_equal(rd(f, 0xfe0 + 4 * i), id[i]);
    assert_int_equal(rd(f, CR), 1); /* always running, as QEMU */
    assert_int_equal(rd(f, IMSC), 0);
    assert_int_equal(rd(f, RIS), 0);
    assert_int_equal(rd(f, DR), 1000000);
}

static void test_pl031_counts_with_clock_and_load_sets_it(void **state)
{
    struct fixture *f = *state;
    f->now += 5;
    assert_int_equal(rd(f, DR), 1000005);
    wr(f, LR, 42);
    assert_int_equal(rd(f, DR), 42);
    assert_int_equal(rd(f, LR), 42);
    f->now += 3;
    assert_int_equal(rd(f, DR), 45);
    wr(f, LR, 0xfffffffe); /* the 32-bit counter wraps */
    f->now += 3;
    assert_int_equal(rd(f, DR), 1);
    wr(f, DR, 7); /* read-only: ignored */
    assert_int_equal(rd(f, DR), 1);
}

static void test_pl031_match_interrupt(void **state)
{
    struct fixture *f = *state;
    wr(f, LR, 100);
    wr(f, MR, 103);
    wr(f, IMSC, 1);
    f->now += 2;
    pl031_update(f->rtc);
    assert_int_equal(rd(f, RIS), 0);
    assert_int_equal(f->level, 0);
    f->now += 5; /* passes 103 between two looks: still a match */
    pl031_update(f->rtc);
    assert_int_equal(rd(f, RIS), 1);
    assert_int_equal(rd(f, MIS), 1);
    assert_int_equal(f->level, 1);
    assert_int_equal(f->line, 34);
    wr(f, IMSC, 0); /* masked: raw stays, line drops */
    assert_int_equal(rd(f, MIS), 0);
    assert_int_equal(f->level, 0);
    wr(f, IMSC, 1);
    assert_int_equal(f->level, 1);
    wr(f, ICR, 1);
    assert_int_equal(rd(f, RIS), 0);
    assert_int_equal(f->level, 0);
    f->now += 10; /* no second match without passing MR again */
    assert_int_equal(rd(f, RIS), 0);
    wr(f, LR, 103); /* loading the match value is not a tick */
    assert_int_equal(rd(f, RIS), 0);
}

static void test_pl031_host_clock_by_default(void **state)
{
    (void)state;
    struct bus *bus = bus_create();
    struct pl031 *r = pl031_create(bus, RTC, (struct irq_line){ NULL, NULL, 0 }, NULL, NULL);
    assert_non_null(r);
    uint64_t v;
    assert_int_equal(bus_read(bus, RTC + DR, 4, &v), BUS_OK);
    time_t t = time(NULL);
    assert_true(v + 2 >= (uint64_t)(uint32_t)t && v <= (uint64_t)(uint32_t)t);
    assert_int_equal(bus_read(bus, RTC + 0x20, 4, &v), BUS_OK); /* unknown offset reads 0 */
    assert_int_equal(v, 0);
    pl031_destroy(r);
    bus_destroy(bus);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pl031_ids_and_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pl031_counts_with_clock_and_load_sets_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pl031_match_interrupt, setup, teardown),
        cmocka_unit_test(test_pl031_host_clock_by_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
