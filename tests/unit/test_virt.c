/* The virt board table (style.md 6.5) and the machine built from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "machine/machine.h"
#include "machine/virt_map.h"

static void test_virt_map_sorted_and_disjoint(void **state)
{
    (void)state;
    for (int i = 1; i < VIRT_REGION_COUNT; i++) {
        const struct virt_map_entry *a = &virt_map[i - 1], *b = &virt_map[i];
        assert_true(a->base < b->base);
        assert_true(a->base + a->size <= b->base);
    }
    assert_int_equal(virt_map[VIRT_MEM].base, 0x40000000);
    assert_int_equal(virt_map[VIRT_UART].base, 0x09000000);
    assert_int_equal(virt_map[VIRT_UART].spi, 1);
}

static void test_virt_machine_runs_bios_from_flash0(void **state)
{
    (void)state;
    /* flash0: movz x0, #0x18 ; adr x1, blk ; hlt #0xf000 ; blk: .quad 0x20026, 7 */
    static const uint32_t bios[] = { 0xd2800300, 0x10000061, 0xd45e0000, 0xd503201f,
                                     0x00020026, 0x00000000, 0x00000007, 0x00000000 };
    char path[] = "/tmp/a64emu-virt-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bios, sizeof bios), (ssize_t)sizeof bios);
    close(fd);
    struct machine_config cfg = { .bios = path, .ram_size = 16u << 20, .smp = 1, .semihosting = true };
    char err[256];
    struct machine *m = machine_create(&cfg, err, sizeof err);
    unlink(path);
    assert_non_null(m);
    assert_int_equal(machine_cpu(m, 0)->pc, virt_map[VIRT_FLASH0].base);
    assert_int_equal(machine_run(m, 1000, NULL, NULL), MACHINE_EXIT);
    assert_int_equal(machine_exit_code(m), 7);
    machine_destroy(m);
}

static void test_virt_machine_refuses_bad_config(void **state)
{
    (void)state;
    char err[256];
    struct machine_config cfg = { .bios = "/nonexistent", .ram_size = 16u << 20, .smp = 9 };
    assert_null(machine_create(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "-smp"));
    cfg.smp = 1;
    assert_null(machine_create(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_virt_map_sorted_and_disjoint),
        cmocka_unit_test(test_virt_machine_runs_bios_from_flash0),
        cmocka_unit_test(test_virt_machine_refuses_bad_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
