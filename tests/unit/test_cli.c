/* Command-line parsing (src/frontend/cli.c): QEMU spellings, --long forms, values, refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/cpu_models.h"
#include "frontend/cli.h"
#include "frontend/gdbstub.h"
#include "machine/loader.h"
#include "util/log.h"

static char err[512];

/* Parse a NULL-terminated list of arguments (argv[0] is supplied). */
static bool parse(struct cli_options *o, const char *const *args)
{
    char *argv[64] = { (char *)"a64emu" };
    int argc = 1;
    for (; args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    err[0] = 0;
    bool ok = cli_parse(argc, argv, o, err, sizeof err);
    if (ok)
        assert_string_equal(err, "");
    return ok;
}
#define PARSE(o, ...) parse((o), (const char *const[]){ __VA_ARGS__, NULL })

/* The one error line names what was wrong: every needle must appear in it. */
static void assert_err_has(const char *needle)
{
    if (!strstr(err, needle))
        fail_msg("error line \"%s\" does not contain \"%s\"", err, needle);
    assert_null(strchr(err, '\n'));
}

static void test_cli_defaults_match_qemu(void **state)
{
    (void)state;
    struct cli_options o;
    assert_true(PARSE(&o, "-kernel", "k.elf"));
    assert_int_equal(o.action, CLI_RUN);
    assert_string_equal(o.machine.kernel, "k.elf");
    assert_null(o.machine.bios);
    assert_int_equal(o.machine.ram_size, 128ull << 20);
    assert_int_equal(o.machine.smp, 1);
    assert_int_equal(o.machine.load_addr, LOADER_NO_ADDR);
    assert_false(o.machine.semihosting);
    assert_false(o.machine.virtualization);
    assert_int_equal(o.max_insns, 0);
    assert_false(o.trace_cpu);
}

static void test_cli_qemu_and_long_spellings_are_equivalent(void **state)
{
    (void)state;
    static const char *const forms[][2] = {
        { "-kernel", "k.elf" }, { "--kernel", "k.elf" }, { "--kernel=k.elf", NULL }, { "-kernel=k.elf", NULL },
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        struct cli_options o;
        bool ok = forms[i][1] ? PARSE(&o, forms[i][0], forms[i][1]) : PARSE(&o, forms[i][0]);
        assert_true(ok);
        assert_string_equal(o.machine.kernel, "k.elf");
    }
    struct cli_options o;
    assert_true(PARSE(&o, "--bios", "fw.fd", "--memory", "256M", "--smp", "2", "--semihosting", "--nographic",
                      "--machine", "virt", "--cpu", "max", "--serial", "mon:stdio", "--display", "none",
                      "--monitor", "none", "--max-insns", "1000", "--load-addr", "0x40200000", "-d",
                      "cpu,int,nochain", "-D", "log.txt", "--singlestep"));
    assert_string_equal(o.machine.bios, "fw.fd");
    assert_int_equal(o.machine.ram_size, 256ull << 20);
    assert_int_equal(o.machine.smp, 2);
    assert_true(o.machine.semihosting);
    assert_int_equal(o.max_insns, 1000);
    assert_int_equal(o.machine.load_addr, 0x40200000);
    assert_true(o.trace_cpu);
    assert_false(o.trace_fpu);
    assert_true(o.log_mask & LOG_EXCEPTIONS); /* -d int: the trap narrator */
    assert_string_equal(o.log_file, "log.txt");
    assert_true(PARSE(&o, "-d", "cpu,fpu,nochain", "-kernel", "k"));
    assert_true(o.trace_cpu);
    assert_true(o.trace_fpu);
    assert_true(PARSE(&o, "-smp", "cpus=4", "-kernel", "k"));
    assert_int_equal(o.machine.smp, 4);
}

static void test_cli_memory_suffixes(void **state)
{
    (void)state;
    static const struct { const char *arg; uint64_t bytes; } good[] = {
        { "512", 512ull << 20 },    /* no suffix: MiB, as QEMU */
        { "512M", 512ull << 20 },   { "512m", 512ull << 20 },  { "1G", 1ull << 30 },
        { "2g", 2ull << 30 },       { "65536K", 64ull << 20 }, { "1.5G", 3ull << 29 },
        { "1024MiB", 1ull << 30 },  { "1GB", 1ull << 30 },     { "size=256M", 256ull << 20 },
        { "0x100", 256ull << 20 },  { "1T", 1ull << 40 },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct cli_options o;
        if (!PARSE(&o, "-m", good[i].arg, "-kernel", "k"))
            fail_msg("-m %s refused: %s", good[i].arg, err);
        if (o.machine.ram_size != good[i].bytes)
            fail_msg("-m %s gave %llu bytes", good[i].arg, (unsigned long long)o.machine.ram_size);
    }
    static const char *const bad[] = { "garbage", "", "0", "-1", "12Q", "M", "1Mx", "size=", "1e400" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct cli_options o;
        if (PARSE(&o, "-m", bad[i], "-kernel", "k"))
            fail_msg("-m '%s' accepted as %llu bytes", bad[i], (unsigned long long)o.machine.ram_size);
        assert_err_has("-m");
        assert_err_has(bad[i]);
    }
}

static void test_cli_machine_virt_with_virtualization(void **state)
{
    (void)state;
    struct cli_options o;
    assert_true(PARSE(&o, "-M", "virt,virtualization=on", "-kernel", "k"));
    assert_true(o.machine.virtualization);
    assert_true(PARSE(&o, "-machine", "type=virt,virtualization=true", "-kernel", "k"));
    assert_true(o.machine.virtualization);
    assert_true(PARSE(&o, "-M", "virt-7.2,virtualization=off", "-kernel", "k"));
    assert_false(o.machine.virtualization);
    assert_true(PARSE(&o, "-M", "virt", "-kernel", "k"));
    assert_false(o.machine.virtualization);

    assert_false(PARSE(&o, "-M", "raspi3b", "-kernel", "k"));
    assert_err_has("raspi3b");
    assert_err_has("virt");
    /* The board's GIC is a GICv3: gic-version=3 and max are accepted, 2 is a clear error. */
    assert_true(PARSE(&o, "-M", "virt,gic-version=3", "-kernel", "k"));
    assert_true(PARSE(&o, "-M", "virt,virtualization=on,gic-version=max", "-kernel", "k"));
    assert_true(o.machine.virtualization);
    assert_false(PARSE(&o, "-M", "virt,gic-version=2", "-kernel", "k"));
    assert_err_has("gic-version=2");
    assert_err_has("GICv3");
    /* -icount [shift=]N: 0..10. */
    assert_true(PARSE(&o, "-icount", "shift=4", "-kernel", "k"));
    assert_true(o.machine.icount);
    assert_int_equal(o.machine.icount_shift, 4);
    assert_true(PARSE(&o, "-icount", "7", "-kernel", "k"));
    assert_int_equal(o.machine.icount_shift, 7);
    assert_true(PARSE(&o, "-icount", "shift=3,sleep=off", "-kernel", "k"));
    assert_int_equal(o.machine.icount_shift, 3);
    assert_false(PARSE(&o, "-icount", "shift=3,sleep=on", "-kernel", "k"));
    assert_false(PARSE(&o, "-icount", "shift=11", "-kernel", "k"));
    assert_err_has("-icount");
    assert_false(PARSE(&o, "-icount", "shift=auto", "-kernel", "k"));
}

/* -machine dumpdtb=FILE (QEMU's spelling): no payload needed, the path survives parsing. */
static void test_cli_machine_dumpdtb(void **state)
{
    (void)state;
    struct cli_options o;
    assert_true(PARSE(&o, "-M", "virt,virtualization=on,dumpdtb=/tmp/x.dtb"));
    assert_string_equal(o.machine.dumpdtb, "/tmp/x.dtb");
    assert_true(o.machine.virtualization);
    assert_true(PARSE(&o, "-machine", "dumpdtb=out.dtb", "-dtb", "in.dtb", "-initrd", "i", "-kernel", "k"));
    assert_string_equal(o.machine.dumpdtb, "out.dtb");
    assert_string_equal(o.machine.dtb, "in.dtb");
    assert_string_equal(o.machine.initrd, "i");
    assert_false(PARSE(&o, "-M", "virt,dumpdtb="));
    assert_err_has("dumpdtb=");
}

static void test_cli_cpu_models(void **state)
{
    (void)state;
    struct cli_options o;
    assert_true(PARSE(&o, "-cpu", "max", "-kernel", "k"));
    assert_string_equal(o.machine.cpu_model->name, "max");
    assert_true(cpu_model_features(o.machine.cpu_model) >> FEAT_VHE & 1);
    /* The Cortex names map to the ARMv8.0 profile: no VHE, PAN, LSE or 16-bit VMIDs. */
    assert_true(PARSE(&o, "-cpu", "cortex-a57", "-kernel", "k"));
    a64_features f = cpu_model_features(o.machine.cpu_model);
    assert_false(f >> FEAT_VHE & 1);
    assert_false(f >> FEAT_PAN & 1);
    assert_false(f >> FEAT_LSE & 1);
    assert_false(f >> FEAT_VMID16 & 1);
    assert_true(f >> FEAT_CRC32 & 1);
    assert_true(PARSE(&o, "-cpu", "cortex-a72", "-kernel", "k"));
    assert_string_equal(o.machine.cpu_model->dt_compatible, "arm,cortex-a72");
    /* QEMU's pointer-authentication properties change nothing without pointer authentication. */
    assert_true(PARSE(&o, "-cpu", "max,pauth-impdef=on", "-kernel", "k"));
    assert_true(PARSE(&o, "-cpu", "help"));
    assert_int_equal(o.action, CLI_CPU_HELP);
    assert_false(PARSE(&o, "-cpu", "cortex-a53", "-kernel", "k"));
    assert_err_has("cortex-a53");
    assert_err_has("-cpu help");
    assert_false(PARSE(&o, "-cpu", "max,sve=on", "-kernel", "k"));
    assert_err_has("sve=on");
    assert_err_has("not supported");
}

static void test_cli_guest_loader(void **state)
{
    (void)state;
    struct cli_options o;
    assert_true(PARSE(&o, "-kernel", "xen", "-device", "guest-loader,addr=0x42000000,kernel=Image,bootargs=console=hvc0",
                      "-device", "guest-loader,addr=0x47000000,initrd=rd.img"));
    assert_int_equal(o.machine.nmodules, 2);
    assert_int_equal(o.machine.modules[0].addr, 0x42000000);
    assert_true(o.machine.modules[0].is_kernel);
    assert_string_equal(o.machine.modules[0].path, "Image");
    assert_string_equal(o.machine.modules[0].bootargs, "console=hvc0");
    assert_false(o.machine.modules[1].is_kernel);
    assert_string_equal(o.machine.modules[1].path, "rd.img");
    assert_null(o.machine.modules[1].bootargs);
    assert_false(PARSE(&o, "-kernel", "x", "-device", "guest-loader,kernel=Image"));
    assert_err_has("addr=");
    assert_false(PARSE(&o, "-kernel", "x", "-device", "guest-loader,addr=0x40000000,kernel=a,initrd=b"));
    assert_err_has("exactly one");
    assert_false(PARSE(&o, "-kernel", "x", "-device", "guest-loader,addr=0x40000000,initrd=b,bootargs=x"));
    assert_err_has("bootargs");
    assert_false(PARSE(&o, "-kernel", "x", "-device", "guest-loader,addr=zz,kernel=a"));
    assert_err_has("not a number");
    assert_false(PARSE(&o, "-kernel", "x", "-device", "guest-loader,addr=0x40000000,kernel=a,size=3"));
    assert_err_has("unknown property 'size=3'");
}

static void test_cli_semihosting_config(void **state)
{
    (void)state;
    struct cli_options o;
    assert_true(PARSE(&o, "-semihosting-config", "enable=on", "-kernel", "k"));
    assert_true(o.machine.semihosting);
    assert_true(PARSE(&o, "-semihosting-config", "enable=on,target=native", "-kernel", "k"));
    assert_true(o.machine.semihosting);
    assert_true(PARSE(&o, "-semihosting", "-semihosting-config", "enable=off", "-kernel", "k"));
    assert_false(o.machine.semihosting);
    assert_false(PARSE(&o, "-semihosting-config", "enable=on,target=gdb", "-kernel", "k"));
    assert_err_has("target=gdb");
}

static void test_cli_bad_options_name_the_problem(void **state)
{
    (void)state;
    struct cli_options o;
    assert_false(PARSE(&o, "--frobnicate", "-kernel", "k"));
    assert_err_has("unknown option '--frobnicate'");
    assert_false(PARSE(&o, "-kernel"));
    assert_err_has("'-kernel' needs an argument");
    assert_false(PARSE(&o, "k.elf"));
    assert_err_has("k.elf");
    assert_false(PARSE(&o, "--semihosting=yes", "-kernel", "k"));
    assert_err_has("takes no argument");
    assert_false(PARSE(&o, "-smp", "0", "-kernel", "k"));
    assert_err_has("-smp '0'");
    assert_false(PARSE(&o, "-smp", "99", "-kernel", "k"));
    assert_err_has("-smp '99'");
    assert_false(PARSE(&o, "--max-insns", "0", "-kernel", "k"));
    assert_err_has("--max-insns");
    assert_false(PARSE(&o, "--max-insns", "12abc", "-kernel", "k"));
    assert_err_has("12abc");
    assert_false(PARSE(&o, "--load-addr", "nowhere", "-kernel", "k"));
    assert_err_has("nowhere");
    assert_false(PARSE(&o, "-d", "cpu,bogus", "-kernel", "k"));
    assert_err_has("bogus");
    assert_false(PARSE(&o, "-serial", "tcp::4444", "-kernel", "k"));
    assert_err_has("tcp::4444");
    assert_false(PARSE(&o, "-gdb", "udp::1234", "-kernel", "k"));
    assert_err_has("tcp:[HOST]:PORT");
    assert_false(PARSE(&o, "-gdb", "tcp::70000", "-kernel", "k"));
    assert_err_has("0..65535");
    assert_false(PARSE(&o, "-gdb", "tcp:example.org:1234", "-kernel", "k"));
    assert_err_has("IPv4");
    assert_false(PARSE(&o, "-S", "-kernel", "k"));
    assert_err_has("-S waits for gdb");
    assert_false(PARSE(&o, "-monitor", "telnet::4444", "-kernel", "k"));
    assert_err_has("only stdio");
    assert_false(PARSE(&o, "-monitor", "stdio", "-s", "-kernel", "k"));
    assert_err_has("one controller runs the guest");
    assert_false(PARSE(&o, "-monitor", "stdio", "-d", "cpu", "-kernel", "k"));
    assert_err_has("-d cpu");
    assert_true(PARSE(&o, "-monitor", "stdio", "-kernel", "k"));
    assert_true(o.monitor_stdio);
    assert_true(PARSE(&o, "-monitor", "none", "-kernel", "k"));
    assert_false(o.monitor_stdio);
    assert_false(PARSE(&o, "-m", "64M"));
    assert_err_has("nothing to run");
}

/* -gdb (QEMU's spelling), -s (= -gdb tcp::1234), -S (wait before the first instruction). */
static void test_cli_gdb_options(void **state)
{
    (void)state;
    struct cli_options o;
    assert_true(PARSE(&o, "-kernel", "k"));
    assert_null(o.gdb);
    assert_false(o.gdb_wait);
    assert_true(PARSE(&o, "-gdb", "tcp::1234", "-kernel", "k"));
    assert_string_equal(o.gdb, "tcp::1234");
    assert_true(PARSE(&o, "-s", "-S", "-kernel", "k"));
    assert_string_equal(o.gdb, "tcp::1234");
    assert_true(o.gdb_wait);
    assert_true(PARSE(&o, "-gdb", "tcp:127.0.0.2:0", "-kernel", "k"));
    assert_true(PARSE(&o, "-gdb", "none", "-kernel", "k"));
    assert_null(o.gdb);
    /* No host: loopback only. */
    char host[64];
    unsigned port;
    char msg[128];
    assert_true(gdb_parse_spec("tcp::4321", host, sizeof host, &port, msg, sizeof msg));
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 4321);
    assert_true(gdb_parse_spec("tcp:0.0.0.0:5", host, sizeof host, &port, msg, sizeof msg));
    assert_string_equal(host, "0.0.0.0");
}

static void test_cli_actions_need_no_payload(void **state)
{
    (void)state;
    struct cli_options o;
    assert_true(PARSE(&o, "--help"));
    assert_int_equal(o.action, CLI_HELP);
    assert_true(PARSE(&o, "-h"));
    assert_int_equal(o.action, CLI_HELP);
    assert_true(PARSE(&o, "--version"));
    assert_int_equal(o.action, CLI_VERSION);
    assert_true(PARSE(&o, "--list-insns"));
    assert_int_equal(o.action, CLI_LIST_INSNS);
    assert_true(PARSE(&o, "--selftest"));
    assert_int_equal(o.action, CLI_SELFTEST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_defaults_match_qemu),
        cmocka_unit_test(test_cli_qemu_and_long_spellings_are_equivalent),
        cmocka_unit_test(test_cli_memory_suffixes),
        cmocka_unit_test(test_cli_machine_virt_with_virtualization),
        cmocka_unit_test(test_cli_machine_dumpdtb),
        cmocka_unit_test(test_cli_cpu_models),
        cmocka_unit_test(test_cli_guest_loader),
        cmocka_unit_test(test_cli_semihosting_config),
        cmocka_unit_test(test_cli_bad_options_name_the_problem),
        cmocka_unit_test(test_cli_gdb_options),
        cmocka_unit_test(test_cli_actions_need_no_payload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
