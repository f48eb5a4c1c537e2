/*
 * Idle vCPUs and virtual time on the virt board (brief section 3): a guest waiting in WFE for
 * 100 events of the generic timer's event stream (CNTKCTL_EL1.EVNTEN, one event per 2^16 ticks,
 * about 1 ms) finishes in both clock modes. With -icount the machine jumps from deadline to
 * deadline (no sleeping, deterministic); with the host clock it sleeps until each deadline, so
 * the run takes at least the guest's time and costs far less host CPU than that.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "machine/machine.h"

/* flash0:
 *   movz x1, #0xf4 ; msr cntkctl_el1, x1   // EVNTEN, EVNTI = 15: bit 15 of the virtual count
 *   movz x2, #100
 * 1: wfe ; subs x2, x2, #1 ; b.ne 1b
 *   movz x0, #0x18 ; adr x1, blk ; hlt #0xf000 ; nop
 * blk: .quad 0x20026, 0                       // semihosting exit, status 0 */
static const uint32_t bios[] = { 0xd2801e81, 0xd518e101, 0xd2800c82, 0xd503205f, 0xf1000442, 0x54ffffc1,
                                 0xd2800300, 0x10000061, 0xd45e0000, 0xd503201f, 0x00020026, 0, 0, 0 };

static struct machine *make(bool icount, char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bios, sizeof bios), (ssize_t)sizeof bios);
    close(fd);
    struct machine_config cfg = { .bios = path, .ram_size = 16u << 20, .smp = 1, .semihosting = true,
                                  .icount = icount, .icount_shift = 0 };
    char err[256];
    struct machine *m = machine_create(&cfg, err, sizeof err);
    unlink(path);
    assert_non_null(m);
    return m;
}

static double now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void test_virt_idle_icount_jumps_to_deadlines(void **state)
{
    (void)state;
    char path[] = "/tmp/a64emu-idle-XXXXXX";
    struct machine *m = make(true, path);
    double wall = now(CLOCK_MONOTONIC);
    assert_int_equal(machine_run(m, 100000, NULL, NULL), MACHINE_EXIT);
    assert_int_equal(machine_exit_code(m), 0);
    /* 100 ms of guest time in a few hundred instructions: no host time was waited for. */
    assert_true(machine_icount(m) < 1000);
    assert_true(now(CLOCK_MONOTONIC) - wall < 0.05);
    machine_destroy(m);
}

static void test_virt_idle_host_clock_sleeps(void **state)
{
    (void)state;
    char path[] = "/tmp/a64emu-idle-XXXXXX";
    struct machine *m = make(false, path);
    double wall = now(CLOCK_MONOTONIC), cpu = now(CLOCK_PROCESS_CPUTIME_ID);
    assert_int_equal(machine_run(m, 100000, NULL, NULL), MACHINE_EXIT);
    wall = now(CLOCK_MONOTONIC) - wall;
    cpu = now(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    /* 99 full event periods of 65536 ticks at 16 ns at least; the host CPU mostly slept. */
    assert_true(wall >= 99 * 65536 * 16e-9);
    assert_true(cpu < wall / 2);
    machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_virt_idle_icount_jumps_to_deadlines),
        cmocka_unit_test(test_virt_idle_host_clock_sleeps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
