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

static void test_netdev_and_device(void **state)
{
    (void)state;
    /* the -netdev may follow the -device naming it; hostfwd repeats; the host address defaults
     * to 127.0.0.1 and the guest address to 0 (slirp's first DHCP address) */
    assert_true(parse(4, "-device", "virtio-net-device,netdev=n0,mac=02:00:00:AA:bb:01", "-netdev",
                      "user,id=n0,hostfwd=tcp::2222-:22,hostfwd=udp:10.1.2.3:5353-10.0.2.16:53,net=10.9.0.0/16,hostname=g"));
    assert_int_equal(o.machine.nvirtio, 1);
    const struct machine_virtio *v = &o.machine.virtio[0];
    assert_int_equal(v->kind, MACHINE_VIRTIO_NET);
    const uint8_t mac[6] = { 0x02, 0, 0, 0xaa, 0xbb, 0x01 };
    assert_memory_equal(v->mac, mac, 6);
    assert_int_equal(v->net.nfwd, 2);
    assert_false(v->net.fwd[0].udp);
    assert_int_equal(v->net.fwd[0].host_addr, 0x7f000001u);
    assert_int_equal(v->net.fwd[0].host_port, 2222);
    assert_int_equal(v->net.fwd[0].guest_addr, 0);
    assert_int_equal(v->net.fwd[0].guest_port, 22);
    assert_true(v->net.fwd[1].udp);
    assert_int_equal(v->net.fwd[1].host_addr, 0x0a010203u);
    assert_int_equal(v->net.fwd[1].guest_addr, 0x0a000210u);
    assert_string_equal(v->net.net, "10.9.0.0/16");
    assert_string_equal(v->net.hostname, "g");
}

static void test_nic(void **state)
{
    (void)state;
    /* -nic user: a virtio-net where it stands, QEMU's default MACs counting up per NIC */
    assert_true(parse(6, "-nic", "user,hostfwd=tcp:127.0.0.1:8080-:80", "-device", "virtio-rng-device", "-nic",
                      "user,model=virtio-net-device"));
    assert_int_equal(o.machine.nvirtio, 3);
    assert_int_equal(o.machine.virtio[0].kind, MACHINE_VIRTIO_NET);
    assert_int_equal(o.machine.virtio[0].mac[5], 0x56);
    assert_int_equal(o.machine.virtio[0].net.nfwd, 1);
    assert_int_equal(o.machine.virtio[2].kind, MACHINE_VIRTIO_NET);
    assert_int_equal(o.machine.virtio[2].mac[5], 0x57);
    assert_true(parse(2, "-nic", "none"));
    assert_int_equal(o.machine.nvirtio, 0);
}

static void test_net_errors(void **state)
{
    (void)state;
    static const struct { const char *opt, *val, *want; } bad[] = {
        { "-netdev", "tap,id=n0", "user backend only" },
        { "-netdev", "user,id=n0,ipv6=off", "'ipv6' is not supported" },
        { "-netdev", "user,id=n0,restrict=on", "'restrict' is not supported" },
        { "-netdev", "user,hostfwd=tcp::1-:2", "id=ID is required" },
        { "-netdev", "user,id=n0,hostfwd=tcp::0-:22", "hostfwd=tcp::0-:22" },
        { "-netdev", "user,id=n0,hostfwd=tcp::70000-:22", "ports 1-65535" },
        { "-netdev", "user,id=n0,hostfwd=sctp::22-:22", "expected [tcp|udp]" },
        { "-netdev", "user,id=n0,hostfwd=tcp:localhost:22-:22", "IPv4" },
        { "-netdev", "user,id=n0,hostfwd=tcp::22", "HOSTPORT-" },
        { "-netdev", "user,id=n0,net=10.0.2.0/30", "BITS from 8 to 28" },
        { "-netdev", "user,id=n0,net=10.0.2.0/255.0.255.0", "dotted mask" },
        { "-netdev", "user,id=n0,net=banana", "net=banana" },
        { "-nic", "tap", "-nic user" },
        { "-nic", "user,model=e1000", "model=e1000" },
        { "-nic", "user,mac=01:00:00:00:00:01", "unicast" },
        { "-nic", "user,mac=52:54:00:12:34", "unicast" },
        { "-nic", "user,mac=52:54:00:12:34:56:78", "unicast" },
        { "-nic", "none,mac=52:54:00:12:34:56", "-nic user" },
        { "-device", "virtio-net-device", "netdev=ID is required" },
        { "-device", "virtio-net-device,netdev=nope", "no -netdev with that id" },
        { "-device", "virtio-rng-device,netdev=n0", "no property 'netdev'" },
        { "-device", "virtio-rng-device,mac=52:54:00:12:34:56", "no property 'mac'" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(parse(2, bad[i].opt, bad[i].val));
        if (!strstr(err, bad[i].want))
            fail_msg("%s %s: error '%s' lacks '%s'", bad[i].opt, bad[i].val, err, bad[i].want);
    }
    assert_false(parse(2, "-netdev", "user,id=n0"));
    assert_non_null(strstr(err, "no -device virtio-net-device,netdev=n0 uses it"));
    assert_false(parse(6, "-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0", "-device",
                       "virtio-net-device,netdev=n0"));
    assert_non_null(strstr(err, "already in use"));
    assert_false(parse(6, "-netdev", "user,id=n0", "-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0"));
    assert_non_null(strstr(err, "used twice"));
}

/* -drive if=pflash and -pflash: a drive without unit= takes the first free bank, in command-line
 * order (QEMU's drive_new), and is not a virtio device. */
static void test_pflash_units(void **state)
{
    (void)state;
    assert_true(parse(4, "-drive", "if=pflash,format=raw,unit=1,file=vars.fd,readonly=on", "-pflash", "code.fd"));
    assert_string_equal(o.machine.pflash[0].path, "code.fd");
    assert_false(o.machine.pflash[0].readonly);
    assert_string_equal(o.machine.pflash[1].path, "vars.fd");
    assert_true(o.machine.pflash[1].readonly);
    assert_int_equal(o.machine.nvirtio, 0);
    assert_true(parse(2, "-drive", "if=pflash,file=a.fd,index=1"));
    assert_null(o.machine.pflash[0].path);
    assert_string_equal(o.machine.pflash[1].path, "a.fd");
    assert_false(parse(4, "-pflash", "a.fd", "-drive", "if=pflash,unit=0,file=b.fd"));
    assert_non_null(strstr(err, "unit=0 exists"));
    assert_false(parse(4, "-drive", "if=pflash,id=f,file=a.fd", "-device", "virtio-blk-device,drive=f"));
    assert_non_null(strstr(err, "already in use"));
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
        cmocka_unit_test(test_netdev_and_device),
        cmocka_unit_test(test_nic),
        cmocka_unit_test(test_net_errors),
        cmocka_unit_test(test_pflash_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
