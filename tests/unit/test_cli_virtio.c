/* The virtio options of the command line (cli_virtio.c) as cli_parse sees them: the device list
 * handed to the machine, in command-line order, with QEMU's spellings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "frontend/cli.h"

static struct cli_options o;
static char err[512];

static bool parse(int n, ...)
{
    char *argv[40] = { "a64emu", "-kernel", "k.elf" };
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        argv[3 + i] = va_arg(ap, char *);
    va_end(ap);
    err[0] = 0;
    return cli_parse(3 + n, argv, &o, err, sizeof err);
}

static void test_devices_in_command_line_order(void **state)
{
    (void)state;
    /* the -drive if=none may come after the -device naming it (QEMU makes drives first) */
    assert_true(parse(10, "-device", "virtio-rng-device", "-device", "virtio-blk-device,drive=d0,serial=SN1",
                      "-drive", "file=short.img,if=virtio,format=raw,readonly=on", "-drive",
                      "if=none,id=d0,file=long.img,format=raw", "-device", "virtio-serial-device"));
    assert_int_equal(o.machine.nvirtio, 4);
    assert_int_equal(o.machine.virtio[0].kind, MACHINE_VIRTIO_RNG);
    assert_int_equal(o.machine.virtio[1].kind, MACHINE_VIRTIO_BLK);
    assert_string_equal(o.machine.virtio[1].path, "long.img");
    assert_string_equal(o.machine.virtio[1].serial, "SN1");
    assert_false(o.machine.virtio[1].readonly);
    assert_int_equal(o.machine.virtio[2].kind, MACHINE_VIRTIO_BLK); /* the short form, where it stands */
    assert_string_equal(o.machine.virtio[2].path, "short.img");
    assert_true(o.machine.virtio[2].readonly);
    assert_null(o.machine.virtio[2].serial);
    assert_int_equal(o.machine.virtio[3].kind, MACHINE_VIRTIO_CONSOLE);
    assert_null(o.machine.virtio[3].path); /* no virtconsole: output to the console sink */
    assert_false(o.machine.virtio_legacy);
}

static void test_double_comma_escapes(void **state)
{
    (void)state;
    assert_true(parse(2, "-drive", "file=a,,b.img,if=virtio"));
    assert_int_equal(o.machine.nvirtio, 1);
    assert_string_equal(o.machine.virtio[0].path, "a,b.img");
}

static void test_virtconsole_and_chardev(void **state)
{
    (void)state;
    assert_true(parse(8, "-chardev", "file,id=c1,path=/tmp/out", "-device", "virtio-serial-device", "-device",
                      "virtconsole,chardev=c1", "-chardev", "stdio,id=c2"));
    assert_int_equal(o.machine.nvirtio, 1);
    assert_string_equal(o.machine.virtio[0].path, "/tmp/out");
    assert_true(parse(6, "-chardev", "stdio,id=c2", "-device", "virtio-serial-device", "-device", "virtconsole,chardev=c2"));
    assert_null(o.machine.virtio[0].path);
    /* a second virtconsole needs a second virtio-serial-device (one port each) */
    assert_false(parse(8, "-chardev", "stdio,id=c2", "-device", "virtio-serial-device", "-device",
                       "virtconsole,chardev=c2", "-device", "virtconsole,chardev=c2"));
    assert_non_null(strstr(err, "virtio-serial-device"));
}

static void test_force_legacy(void **state)
{
    (void)state;
    assert_true(parse(2, "-global", "virtio-mmio.force-legacy=true"));
    assert_true(o.machine.virtio_legacy);
    assert_true(parse(4, "-global", "virtio-mmio.force-legacy=on", "-global", "virtio-mmio.force-legacy=off"));
    assert_false(o.machine.virtio_legacy);
}

static void test_errors_name_the_problem(void **state)
{
    (void)state;
    assert_false(parse(2, "-device", "e1000"));
    assert_non_null(strstr(err, "e1000"));
    assert_false(parse(2, "-drive", "file=x.qcow2,format=qcow2"));
    assert_non_null(strstr(err, "raw"));
    assert_false(parse(2, "-drive", "file=x,if=virtio,"));
    assert_non_null(strstr(err, "empty property"));
    assert_false(parse(2, "-drive", "if=virtio,format=raw"));
    assert_non_null(strstr(err, "file=FILE"));
    assert_false(parse(2, "-device", "virtio-blk-device,drive"));
    assert_non_null(strstr(err, "needs a value"));
}

static void test_at_most_32_devices(void **state)
{
    (void)state;
    char *argv[80] = { "a64emu", "-kernel", "k.elf" };
    int n = 3;
    for (int i = 0; i < 33; i++) {
        argv[n++] = "-device";
        argv[n++] = "virtio-rng-device";
    }
    assert_false(cli_parse(n, argv, &o, err, sizeof err));
    assert_non_null(strstr(err, "at most 32"));
    assert_true(cli_parse(n - 2, argv, &o, err, sizeof err));
    assert_int_equal(o.machine.nvirtio, 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devices_in_command_line_order),
        cmocka_unit_test(test_double_comma_escapes),
        cmocka_unit_test(test_virtconsole_and_chardev),
        cmocka_unit_test(test_force_legacy),
        cmocka_unit_test(test_errors_name_the_problem),
        cmocka_unit_test(test_at_most_32_devices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
