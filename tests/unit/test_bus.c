/* The physical bus (src/bus/bus.c): region map, MMIO splitting, read-only flash, code pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bus/bus.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (1ull << 20)
#define DEV_BASE 0x09000000ull

/* A 32-bit-only device: 16 registers, and a log of the accesses the bus made. */
struct dev32 {
    uint32_t regs[16];
    struct { uint64_t off; unsigned size; bool write; uint64_t value; } log[16];
    unsigned n;
    bool fail;
};

static enum bus_status dev32_read(void *opaque, uint64_t off, unsigned size, uint64_t *value)
{
    struct dev32 *d = opaque;
    assert_true(d->n < 16);
    d->log[d->n].off = off;
    d->log[d->n].size = size;
    d->log[d->n].write = false;
    d->n++;
    if (d->fail)
        return BUS_ERROR;
    assert_int_equal(size, 4);
    assert_int_equal(off & 3, 0);
    *value = d->regs[off / 4];
    return BUS_OK;
}

static enum bus_status dev32_write(void *opaque, uint64_t off, unsigned size, uint64_t value)
{
    struct dev32 *d = opaque;
    assert_true(d->n < 16);
    d->log[d->n].off = off;
    d->log[d->n].size = size;
    d->log[d->n].write = true;
    d->log[d->n].value = value;
    d->n++;
    if (d->fail)
        return BUS_ERROR;
    assert_int_equal(size, 4);
    assert_int_equal(off & 3, 0);
    d->regs[off / 4] = (uint32_t)value;
    return BUS_OK;
}

static const struct mmio_ops dev32_ops = {
    .name = "dev32", .read = dev32_read, .write = dev32_write, .min_access = 4, .max_access = 4,
};

static struct bus *new_bus(uint8_t **ram)
{
    struct bus *b = bus_create();
    assert_non_null(b);
    assert_int_equal(bus_add_ram(b, "ram", RAM_BASE, RAM_SIZE, false, ram), A64_OK);
    return b;
}

static void test_bus_regions_sorted_and_overlaps_rejected(void **state)
{
    (void)state;
    struct dev32 d = { 0 };
    struct bus *b = new_bus(NULL);
    assert_int_equal(bus_add_ram(b, "flash", 0, 1ull << 20, true, NULL), A64_OK);
    assert_int_equal(bus_add_mmio(b, "dev", DEV_BASE, 0x1000, &dev32_ops, &d), A64_OK);
    /* exact, from below, from above, containing, contained */
    assert_int_equal(bus_add_mmio(b, "x", DEV_BASE, 0x1000, &dev32_ops, &d), A64_ERR_RANGE);
    assert_int_equal(bus_add_mmio(b, "x", DEV_BASE - 0x10, 0x20, &dev32_ops, &d), A64_ERR_RANGE);
    assert_int_equal(bus_add_mmio(b, "x", DEV_BASE + 0xff0, 0x20, &dev32_ops, &d), A64_ERR_RANGE);
    assert_int_equal(bus_add_mmio(b, "x", DEV_BASE - 0x1000, 0x3000, &dev32_ops, &d), A64_ERR_RANGE);
    assert_int_equal(bus_add_mmio(b, "x", DEV_BASE + 0x100, 0x10, &dev32_ops, &d), A64_ERR_RANGE);
    assert_int_equal(bus_add_ram(b, "x", RAM_BASE + RAM_SIZE - 0x1000, 0x2000, false, NULL), A64_ERR_RANGE);
    /* empty, wrapping, or not page-aligned RAM */
    assert_int_equal(bus_add_mmio(b, "x", 0x20000000, 0, &dev32_ops, &d), A64_ERR_RANGE);
    assert_int_equal(bus_add_mmio(b, "x", UINT64_MAX - 0xff, 0x1000, &dev32_ops, &d), A64_ERR_RANGE);
    assert_int_equal(bus_add_ram(b, "x", 0x30000800, 0x1000, false, NULL), A64_ERR_RANGE);
    /* adjacent on both sides is fine */
    assert_int_equal(bus_add_mmio(b, "lo", DEV_BASE - 0x1000, 0x1000, &dev32_ops, &d), A64_OK);
    assert_int_equal(bus_add_mmio(b, "hi", DEV_BASE + 0x1000, 0x1000, &dev32_ops, &d), A64_OK);

    assert_int_equal(bus_region_count(b), 5);
    for (size_t i = 1; i < bus_region_count(b); i++)
        assert_true(bus_region_at(b, i - 1)->base + bus_region_at(b, i - 1)->size <= bus_region_at(b, i)->base);
    assert_null(bus_region_at(b, 5));

    assert_string_equal(bus_find(b, DEV_BASE + 0xfff)->name, "dev");
    assert_string_equal(bus_find(b, DEV_BASE + 0x1000)->name, "hi");
    assert_string_equal(bus_find(b, DEV_BASE - 1)->name, "lo");
    assert_string_equal(bus_find(b, RAM_BASE + RAM_SIZE - 1)->name, "ram");
    assert_null(bus_find(b, RAM_BASE + RAM_SIZE));
    assert_null(bus_find(b, 0x20000000));
    assert_string_equal(bus_find(b, 0)->name, "flash"); /* after the last-hit cache held another */
    bus_destroy(b);
}

static void test_bus_ram_little_endian_any_alignment(void **state)
{
    (void)state;
    uint8_t *ram;
    struct bus *b = new_bus(&ram);
    assert_int_equal(bus_write(b, RAM_BASE + 3, 8, 0x1122334455667788ull), BUS_OK);
    assert_int_equal(ram[3], 0x88);
    assert_int_equal(ram[10], 0x11);
    uint64_t v = 0xdead;
    assert_int_equal(bus_read(b, RAM_BASE + 5, 2, &v), BUS_OK);
    assert_int_equal(v, 0x5566);
    /* unclaimed, and partly unclaimed (crossing the end of RAM): errors, nothing written */
    assert_int_equal(bus_read(b, 0x20000000, 4, &v), BUS_ERROR);
    assert_int_equal(bus_write(b, RAM_BASE + RAM_SIZE - 2, 4, 0xffffffff), BUS_ERROR);
    assert_int_equal(bus_read(b, RAM_BASE + RAM_SIZE - 2, 4, &v), BUS_ERROR);
    bus_destroy(b);
}

static void test_bus_narrow_mmio_access_is_widened(void **state)
{
    (void)state;
    struct dev32 d = { .regs = { 0x44332211, 0x88776655 } };
    struct bus *b = new_bus(NULL);
    assert_int_equal(bus_add_mmio(b, "dev", DEV_BASE, 0x1000, &dev32_ops, &d), A64_OK);
    uint64_t v;
    /* a byte read at offset 1: one 32-bit read of register 0, byte 1 extracted */
    assert_int_equal(bus_read(b, DEV_BASE + 1, 1, &v), BUS_OK);
    assert_int_equal(v, 0x22);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.log[0].off, 0);
    assert_int_equal(d.log[0].size, 4);
    /* a halfword write at offset 2: read-modify-write of register 0 */
    d.n = 0;
    assert_int_equal(bus_write(b, DEV_BASE + 2, 2, 0xbbaa), BUS_OK);
    assert_int_equal(d.regs[0], 0xbbaa2211);
    assert_int_equal(d.n, 2);
    assert_false(d.log[0].write);
    assert_true(d.log[1].write);
    assert_int_equal(d.log[1].value, 0xbbaa2211);
    bus_destroy(b);
}

static void test_bus_wide_and_unaligned_mmio_access_is_split(void **state)
{
    (void)state;
    struct dev32 d = { .regs = { 0x44332211, 0x88776655 } };
    struct bus *b = new_bus(NULL);
    assert_int_equal(bus_add_mmio(b, "dev", DEV_BASE, 0x1000, &dev32_ops, &d), A64_OK);
    uint64_t v;
    /* 64-bit read: two 32-bit reads, low word first */
    assert_int_equal(bus_read(b, DEV_BASE, 8, &v), BUS_OK);
    assert_int_equal(v, 0x8877665544332211ull);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.log[0].off, 0);
    assert_int_equal(d.log[1].off, 4);
    /* 64-bit write: two 32-bit writes and no reads (reads may have side effects) */
    d.n = 0;
    assert_int_equal(bus_write(b, DEV_BASE + 8, 8, 0x0123456789abcdefull), BUS_OK);
    assert_int_equal(d.n, 2);
    assert_true(d.log[0].write && d.log[1].write);
    assert_int_equal(d.regs[2], 0x89abcdef);
    assert_int_equal(d.regs[3], 0x01234567);
    /* unaligned 32-bit read straddling registers 0 and 1 */
    d.n = 0;
    assert_int_equal(bus_read(b, DEV_BASE + 2, 4, &v), BUS_OK);
    assert_int_equal(v, 0x66554433);
    assert_int_equal(d.n, 2);
    /* a device error is the bus's error */
    d.fail = true;
    assert_int_equal(bus_read(b, DEV_BASE, 4, &v), BUS_ERROR);
    assert_int_equal(bus_write(b, DEV_BASE, 4, 0), BUS_ERROR);
    assert_int_equal(bus_read(b, DEV_BASE, 8, &v), BUS_ERROR);
    bus_destroy(b);
}

static void test_bus_readonly_flash_refuses_guest_writes(void **state)
{
    (void)state;
    uint8_t *flash;
    struct bus *b = new_bus(NULL);
    assert_int_equal(bus_add_ram(b, "flash", 0, 1ull << 20, true, &flash), A64_OK);
    flash[0x10] = 0x5a;
    assert_int_equal(bus_write(b, 0x10, 1, 0xff), BUS_ERROR);
    assert_int_equal(bus_write(b, 0x10, 8, 0), BUS_ERROR);
    assert_int_equal(flash[0x10], 0x5a);
    uint64_t v;
    assert_int_equal(bus_read(b, 0x10, 1, &v), BUS_OK);
    assert_int_equal(v, 0x5a);
    assert_null(bus_ram_ptr(b, 0x10, true));
    assert_ptr_equal(bus_ram_ptr(b, 0x10, false), flash + 0x10);
    assert_false(bus_copy_to(b, 0x10, "x", 1));
    assert_int_equal(flash[0x10], 0x5a);
    /* the loader may write it (firmware images) */
    assert_int_equal(bus_load_block(b, 0x10, "\x77", 1), A64_OK);
    assert_int_equal(flash[0x10], 0x77);
    bus_destroy(b);
}

struct hook_log {
    unsigned calls;
    uint64_t page;
};

static void on_code_write(void *opaque, uint64_t page_pa)
{
    struct hook_log *h = opaque;
    h->calls++;
    h->page = page_pa;
}

static void test_bus_write_to_code_page_fires_hook_once(void **state)
{
    (void)state;
    uint8_t *ram;
    struct hook_log h = { 0 };
    struct bus *b = new_bus(&ram);
    bus_set_code_write_hook(b, on_code_write, &h);
    assert_true(bus_mark_code(b, RAM_BASE + 0x2010));
    assert_false(bus_mark_code(b, 0x20000000));
    /* a code page never gets a host write pointer, so every write comes through the bus */
    assert_null(bus_ram_ptr(b, RAM_BASE + 0x2000, true));
    assert_non_null(bus_ram_ptr(b, RAM_BASE + 0x3000, true));

    assert_int_equal(bus_write(b, RAM_BASE + 0x3000, 4, 1), BUS_OK); /* another page */
    assert_int_equal(h.calls, 0);
    assert_int_equal(bus_write(b, RAM_BASE + 0x2ffc, 4, 0xd503201f), BUS_OK);
    assert_int_equal(h.calls, 1);
    assert_int_equal(h.page, RAM_BASE + 0x2000);
    assert_int_equal(ram[0x2ffc], 0x1f);
    /* the page is no longer code: no second call, and the fast path may map it again */
    assert_int_equal(bus_write(b, RAM_BASE + 0x2000, 4, 0), BUS_OK);
    assert_int_equal(h.calls, 1);
    assert_non_null(bus_ram_ptr(b, RAM_BASE + 0x2000, true));

    /* loader and debugger writes honour code pages too, including a write spanning two pages */
    assert_true(bus_mark_code(b, RAM_BASE + 0x5000));
    static const uint8_t blob[0x20] = { 1 };
    assert_int_equal(bus_load_block(b, RAM_BASE + 0x4ff0, blob, sizeof blob), A64_OK);
    assert_int_equal(h.calls, 2);
    assert_int_equal(h.page, RAM_BASE + 0x5000);
    assert_true(bus_mark_code(b, RAM_BASE + 0x6000));
    assert_true(bus_copy_to(b, RAM_BASE + 0x6800, blob, 4));
    assert_int_equal(h.calls, 3);
    /* a write crossing into a code page through the bus */
    assert_true(bus_mark_code(b, RAM_BASE + 0x8000));
    assert_int_equal(bus_write(b, RAM_BASE + 0x7ffe, 4, 0xffffffff), BUS_OK);
    assert_int_equal(h.calls, 4);
    assert_int_equal(h.page, RAM_BASE + 0x8000);
    bus_destroy(b);
}

static void test_bus_load_block_outside_memory_fails(void **state)
{
    (void)state;
    struct bus *b = new_bus(NULL);
    static const uint8_t blob[16];
    assert_int_equal(bus_load_block(b, 0x20000000, blob, sizeof blob), A64_ERR_RANGE);
    assert_int_equal(bus_load_block(b, RAM_BASE + RAM_SIZE - 8, blob, sizeof blob), A64_ERR_RANGE);
    assert_int_equal(bus_load_block(b, UINT64_MAX - 7, blob, sizeof blob), A64_ERR_RANGE);
    assert_int_equal(bus_load_block(b, RAM_BASE, blob, 0), A64_OK);
    uint8_t out[16];
    assert_false(bus_copy_from(b, RAM_BASE + RAM_SIZE - 8, out, sizeof out));
    assert_true(bus_copy_from(b, RAM_BASE + RAM_SIZE - 16, out, sizeof out));
    bus_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bus_regions_sorted_and_overlaps_rejected),
        cmocka_unit_test(test_bus_ram_little_endian_any_alignment),
        cmocka_unit_test(test_bus_narrow_mmio_access_is_widened),
        cmocka_unit_test(test_bus_wide_and_unaligned_mmio_access_is_split),
        cmocka_unit_test(test_bus_readonly_flash_refuses_guest_writes),
        cmocka_unit_test(test_bus_write_to_code_page_fires_hook_once),
        cmocka_unit_test(test_bus_load_block_outside_memory_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
