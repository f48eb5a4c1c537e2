/* The virt device tree (src/machine/fdt.c): generated per board configuration, parsed back with
 * libfdt; -dtb loading and its boot patches. Expected values are QEMU 7.2's virt (GICv3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>

#include "machine/fdt.h"
#include "machine/virt_map.h"

static void *gen(const struct virt_fdt_config *cfg)
{
    void *blob = NULL;
    size_t size = 0;
    char err[256] = "";
    assert_int_equal(virt_fdt_create(cfg, &blob, &size, err, sizeof err), A64_OK);
    assert_int_equal(fdt_check_full(blob, size), 0);
    assert_int_equal(fdt_totalsize(blob), size);
    return blob;
}

static int path(const void *fdt, const char *p)
{
    int off = fdt_path_offset(fdt, p);
    if (off < 0)
        fail_msg("no node %s: %s", p, fdt_strerror(off));
    return off;
}

static const void *getprop(const void *fdt, const char *p, const char *name, int *len)
{
    const void *v = fdt_getprop(fdt, path(fdt, p), name, len);
    if (!v)
        fail_msg("%s has no property %s", p, name);
    return v;
}

static bool has_prop(const void *fdt, const char *p, const char *name)
{
    return fdt_getprop(fdt, path(fdt, p), name, NULL) != NULL;
}

/* Property as big-endian cells compared with `n` expected values. */
static void assert_cells(const void *fdt, const char *p, const char *name, unsigned n, const uint32_t *want)
{
    int len;
    const fdt32_t *v = getprop(fdt, p, name, &len);
    if (len != (int)(n * 4))
        fail_msg("%s/%s: %d bytes, expected %u cells", p, name, len, n);
    for (unsigned i = 0; i < n; i++)
        if (fdt32_to_cpu(v[i]) != want[i])
            fail_msg("%s/%s cell %u: 0x%x, expected 0x%x", p, name, i, fdt32_to_cpu(v[i]), want[i]);
}

static uint32_t cell(const void *fdt, const char *p, const char *name)
{
    int len;
    const fdt32_t *v = getprop(fdt, p, name, &len);
    assert_int_equal(len, 4);
    return fdt32_to_cpu(*v);
}

/* The string list of a property, NULs shown as '|'. */
static void assert_strs(const void *fdt, const char *p, const char *name, const char *want)
{
    int len;
    const char *v = getprop(fdt, p, name, &len);
    char buf[256];
    assert_true(len > 0 && (size_t)len <= sizeof buf && v[len - 1] == 0);
    for (int i = 0; i < len - 1; i++)
        buf[i] = v[i] ? v[i] : '|';
    buf[len - 1] = 0;
    assert_string_equal(buf, want);
}

static const char *phandle_path(const void *fdt, uint32_t ph, char *buf, int len)
{
    int off = fdt_node_offset_by_phandle(fdt, ph);
    assert_true(off >= 0);
    assert_int_equal(fdt_get_path(fdt, off, buf, len), 0);
    return buf;
}

static int count_compatible(const void *fdt, const char *compat)
{
    int n = 0;
    for (int off = fdt_node_offset_by_compatible(fdt, -1, compat); off >= 0;
         off = fdt_node_offset_by_compatible(fdt, off, compat))
        n++;
    return n;
}

static void test_fdt_el1_smp1_board(void **state)
{
    (void)state;
    struct virt_fdt_config cfg = { .smp = 1, .ram_size = 128u << 20, .fixed_seed = true };
    void *f = gen(&cfg);
    char buf[128];
    assert_strs(f, "/", "compatible", "linux,dummy-virt");
    assert_strs(f, "/", "model", "linux,dummy-virt");
    assert_int_equal(cell(f, "/", "#address-cells"), 2);
    assert_int_equal(cell(f, "/", "#size-cells"), 2);
    /* memory */
    const uint32_t mem[] = { 0, 0x40000000, 0, 128u << 20 };
    assert_cells(f, "/memory@40000000", "reg", 4, mem);
    assert_strs(f, "/memory@40000000", "device_type", "memory");
    /* one CPU, no enable-method without secondaries (QEMU) */
    assert_int_equal(cell(f, "/cpus/cpu@0", "reg"), 0);
    assert_strs(f, "/cpus/cpu@0", "device_type", "cpu");
    assert_false(has_prop(f, "/cpus/cpu@0", "enable-method"));
    assert_true(fdt_path_offset(f, "/cpus/cpu@1") < 0);
    assert_string_equal(phandle_path(f, cell(f, "/cpus/cpu-map/socket0/cluster0/core0", "cpu"), buf, sizeof buf),
                        "/cpus/cpu@0");
    /* PSCI over HVC without EL2, the function ids QEMU lists */
    assert_strs(f, "/psci", "compatible", "arm,psci-1.0|arm,psci-0.2|arm,psci");
    assert_strs(f, "/psci", "method", "hvc");
    assert_int_equal(cell(f, "/psci", "cpu_on"), 0xc4000003);
    assert_int_equal(cell(f, "/psci", "cpu_off"), 0x84000002);
    assert_int_equal(cell(f, "/psci", "cpu_suspend"), 0xc4000001);
    assert_int_equal(cell(f, "/psci", "migrate"), 0xc4000005);
    /* timer: secure, non-secure, virtual, hyp PPIs (INTIDs 29, 30, 27, 26), level */
    const uint32_t timer[] = { 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4 };
    assert_cells(f, "/timer", "interrupts", 12, timer);
    assert_strs(f, "/timer", "compatible", "arm,armv8-timer|arm,armv7-timer");
    assert_true(has_prop(f, "/timer", "always-on"));
    /* GICv3: distributor and redistributor ranges, no maintenance interrupt without EL2 */
    const uint32_t gic[] = { 0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0xf60000 };
    assert_cells(f, "/intc@8000000", "reg", 8, gic);
    assert_strs(f, "/intc@8000000", "compatible", "arm,gic-v3");
    assert_int_equal(cell(f, "/intc@8000000", "#redistributor-regions"), 1);
    assert_int_equal(cell(f, "/intc@8000000", "#interrupt-cells"), 3);
    assert_true(has_prop(f, "/intc@8000000", "interrupt-controller"));
    assert_false(has_prop(f, "/intc@8000000", "interrupts"));
    assert_string_equal(phandle_path(f, cell(f, "/", "interrupt-parent"), buf, sizeof buf), "/intc@8000000");
    /* PL011 and its 24 MHz clock */
    const uint32_t uart_reg[] = { 0, 0x09000000, 0, 0x1000 }, uart_irq[] = { 0, 1, 4 };
    assert_cells(f, "/pl011@9000000", "reg", 4, uart_reg);
    assert_cells(f, "/pl011@9000000", "interrupts", 3, uart_irq);
    assert_strs(f, "/pl011@9000000", "compatible", "arm,pl011|arm,primecell");
    assert_strs(f, "/pl011@9000000", "clock-names", "uartclk|apb_pclk");
    int len;
    const fdt32_t *clocks = getprop(f, "/pl011@9000000", "clocks", &len);
    assert_int_equal(len, 8);
    assert_string_equal(phandle_path(f, fdt32_to_cpu(clocks[0]), buf, sizeof buf), "/apb-pclk");
    assert_int_equal(cell(f, "/apb-pclk", "clock-frequency"), 24000000);
    assert_strs(f, "/apb-pclk", "compatible", "fixed-clock");
    assert_strs(f, "/chosen", "stdout-path", "/pl011@9000000");
    /* PL031, PL061 and the power key on GPIO 3 */
    const uint32_t rtc_irq[] = { 0, 2, 4 }, gpio_irq[] = { 0, 7, 4 };
    assert_cells(f, "/pl031@9010000", "interrupts", 3, rtc_irq);
    assert_strs(f, "/pl031@9010000", "compatible", "arm,pl031|arm,primecell");
    assert_cells(f, "/pl061@9030000", "interrupts", 3, gpio_irq);
    assert_strs(f, "/pl061@9030000", "compatible", "arm,pl061|arm,primecell");
    assert_true(has_prop(f, "/pl061@9030000", "gpio-controller"));
    const fdt32_t *gpios = getprop(f, "/gpio-keys/poweroff", "gpios", &len);
    assert_int_equal(len, 12);
    assert_string_equal(phandle_path(f, fdt32_to_cpu(gpios[0]), buf, sizeof buf), "/pl061@9030000");
    assert_int_equal(fdt32_to_cpu(gpios[1]), 3);
    assert_int_equal(cell(f, "/gpio-keys/poweroff", "linux,code"), 116);
    /* 32 virtio-mmio transports, 0x200 apart, SPIs 16..47 edge-triggered */
    assert_int_equal(count_compatible(f, "virtio,mmio"), 32);
    for (unsigned i = 0; i < 32; i++) {
        char p[64];
        snprintf(p, sizeof p, "/virtio_mmio@%x", 0x0a000000 + i * 0x200);
        const uint32_t reg[] = { 0, 0x0a000000 + i * 0x200, 0, 0x200 }, irq[] = { 0, 16 + i, 1 };
        assert_cells(f, p, "reg", 4, reg);
        assert_cells(f, p, "interrupts", 3, irq);
    }
    /* PMUv3: the overflow interrupt, PPI 7 (INTID 23), level-high, as QEMU's fdt_add_pmu_nodes */
    assert_int_equal(count_compatible(f, "arm,armv8-pmuv3"), 1);
    const uint32_t pmu_irq[] = { 1, 7, 4 };
    assert_cells(f, "/pmu", "interrupts", 3, pmu_irq);
    /* the two CFI flash banks in one node, as QEMU's virt_flash_fdt() */
    assert_int_equal(count_compatible(f, "cfi-flash"), 1);
    const uint32_t flash_reg[] = { 0, 0, 0, 0x04000000, 0, 0x04000000, 0, 0x04000000 }, bank_width[] = { 4 };
    assert_cells(f, "/flash@0", "reg", 8, flash_reg);
    assert_cells(f, "/flash@0", "bank-width", 1, bank_width);
    /* nothing for hardware a64emu does not model */
    assert_int_equal(count_compatible(f, "pci-host-ecam-generic"), 0);
    /* no command line, no initrd; seeds present */
    assert_false(has_prop(f, "/chosen", "bootargs"));
    assert_false(has_prop(f, "/chosen", "linux,initrd-start"));
    getprop(f, "/chosen", "rng-seed", &len);
    assert_int_equal(len, 32);
    getprop(f, "/chosen", "kaslr-seed", &len);
    assert_int_equal(len, 8);
    free(f);
}

static void test_fdt_el2_smp4(void **state)
{
    (void)state;
    struct virt_fdt_config cfg = { .smp = 4, .ram_size = 1ull << 30, .el2 = true, .fixed_seed = true };
    void *f = gen(&cfg);
    char buf[128];
    for (unsigned i = 0; i < 4; i++) {
        char p[64], core[64];
        snprintf(p, sizeof p, "/cpus/cpu@%u", i);
        snprintf(core, sizeof core, "/cpus/cpu-map/socket0/cluster0/core%u", i);
        assert_int_equal(cell(f, p, "reg"), i);
        assert_strs(f, p, "enable-method", "psci");
        assert_string_equal(phandle_path(f, cell(f, core, "cpu"), buf, sizeof buf), p);
    }
    assert_true(fdt_path_offset(f, "/cpus/cpu@4") < 0);
    assert_strs(f, "/psci", "method", "smc");
    const uint32_t maint[] = { 1, 9, 4 }; /* PPI 9 = INTID 25 */
    assert_cells(f, "/intc@8000000", "interrupts", 3, maint);
    int len;
    getprop(f, "/timer", "interrupts", &len);
    assert_int_equal(len, 12 * 4); /* QEMU 7.2: four, also with EL2 */
    const uint32_t mem[] = { 0, 0x40000000, 0, 0x40000000 };
    assert_cells(f, "/memory@40000000", "reg", 4, mem);
    free(f);
}

static void test_fdt_el2_vhe_timer_has_fifth_interrupt(void **state)
{
    (void)state;
    struct virt_fdt_config cfg = { .smp = 1, .ram_size = 64u << 20, .el2 = true, .el2_vtimer = true, .fixed_seed = true };
    void *f = gen(&cfg);
    const uint32_t timer[] = { 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4, 1, 12, 4 };
    assert_cells(f, "/timer", "interrupts", 15, timer);
    free(f);
    cfg.el2 = false; /* the EL2 virtual timer only exists with EL2 */
    f = gen(&cfg);
    int len;
    getprop(f, "/timer", "interrupts", &len);
    assert_int_equal(len, 12 * 4);
    free(f);
}

static void test_fdt_chosen_bootargs_and_initrd(void **state)
{
    (void)state;
    struct virt_fdt_config cfg = { .smp = 2, .ram_size = 512u << 20, .bootargs = "console=ttyAMA0 earlycon",
                                   .initrd_start = 0x48000000, .initrd_size = 10000, .fixed_seed = true };
    void *f = gen(&cfg);
    assert_strs(f, "/chosen", "bootargs", "console=ttyAMA0 earlycon");
    assert_int_equal(cell(f, "/chosen", "linux,initrd-start"), 0x48000000);
    assert_int_equal(cell(f, "/chosen", "linux,initrd-end"), 0x48000000 + 10000);
    free(f);
    cfg.bootargs = ""; /* an empty -append sets nothing, as QEMU */
    f = gen(&cfg);
    assert_false(has_prop(f, "/chosen", "bootargs"));
    free(f);
}

static void test_fdt_seeds_fixed_or_random(void **state)
{
    (void)state;
    struct virt_fdt_config cfg = { .smp = 1, .ram_size = 128u << 20, .fixed_seed = true, .seed = 42 };
    void *a = gen(&cfg), *b = gen(&cfg);
    assert_int_equal(fdt_totalsize(a), fdt_totalsize(b));
    assert_memory_equal(a, b, fdt_totalsize(a)); /* deterministic mode: the same blob every run */
    cfg.seed = 43;
    void *c = gen(&cfg);
    int len;
    assert_memory_not_equal(getprop(a, "/chosen", "rng-seed", &len), getprop(c, "/chosen", "rng-seed", &len), 32);
    cfg.fixed_seed = false;
    void *d = gen(&cfg), *e = gen(&cfg);
    assert_memory_not_equal(getprop(d, "/chosen", "rng-seed", &len), getprop(e, "/chosen", "rng-seed", &len), 32);
    assert_memory_not_equal(getprop(d, "/chosen", "kaslr-seed", &len), getprop(e, "/chosen", "kaslr-seed", &len), 8);
    free(a);
    free(b);
    free(c);
    free(d);
    free(e);
}

static void test_fdt_refuses_bad_smp(void **state)
{
    (void)state;
    struct virt_fdt_config cfg = { .smp = 0, .ram_size = 128u << 20 };
    void *blob = NULL;
    size_t size;
    char err[128];
    assert_int_equal(virt_fdt_create(&cfg, &blob, &size, err, sizeof err), A64_ERR_RANGE);
    assert_null(blob);
    assert_non_null(strstr(err, "vCPUs"));
}

static char *write_tmp(const void *data, size_t len)
{
    static char p[64];
    snprintf(p, sizeof p, "/tmp/a64emu-fdt-XXXXXX");
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return p;
}

/* A user tree: its own memory nodes, its own /psci, no /chosen. */
static void *user_tree(size_t *len)
{
    static uint8_t buf[4096];
    assert_int_equal(fdt_create_empty_tree(buf, sizeof buf), 0);
    assert_int_equal(fdt_setprop_u32(buf, 0, "#address-cells", 2), 0);
    assert_int_equal(fdt_setprop_u32(buf, 0, "#size-cells", 2), 0);
    assert_int_equal(fdt_setprop_string(buf, 0, "compatible", "user,board"), 0);
    int m = fdt_add_subnode(buf, 0, "memory@80000000");
    assert_true(m >= 0);
    assert_int_equal(fdt_setprop_string(buf, m, "device_type", "memory"), 0);
    assert_true(fdt_add_subnode(buf, 0, "memory@90000000") >= 0);
    assert_true(fdt_add_subnode(buf, 0, "memoryless-thing") >= 0);
    int p = fdt_add_subnode(buf, 0, "psci");
    assert_int_equal(fdt_setprop_string(buf, p, "method", "user"), 0);
    assert_int_equal(fdt_pack(buf), 0);
    *len = fdt_totalsize(buf);
    return buf;
}

static void test_fdt_load_user_tree_patched_as_qemu(void **state)
{
    (void)state;
    size_t len;
    void *u = user_tree(&len);
    char *p = write_tmp(u, len);
    struct virt_fdt_config cfg = { .smp = 1, .ram_size = 256u << 20, .bootargs = "root=/dev/ram",
                                   .initrd_start = 0x48000000, .initrd_size = 0x1000 };
    void *blob = NULL;
    size_t size;
    char err[256] = "";
    assert_int_equal(virt_fdt_load(p, &cfg, &blob, &size, err, sizeof err), A64_OK);
    unlink(p);
    assert_int_equal(fdt_check_full(blob, size), 0);
    assert_strs(blob, "/", "compatible", "user,board"); /* the rest is the user's */
    assert_true(fdt_path_offset(blob, "/memory@80000000") < 0);
    assert_true(fdt_path_offset(blob, "/memory@90000000") < 0);
    assert_true(fdt_path_offset(blob, "/memoryless-thing") >= 0);
    const uint32_t mem[] = { 0, 0x40000000, 0, 256u << 20 };
    assert_cells(blob, "/memory@40000000", "reg", 4, mem);
    assert_strs(blob, "/chosen", "bootargs", "root=/dev/ram");
    assert_int_equal(cell(blob, "/chosen", "linux,initrd-end"), 0x48001000);
    assert_strs(blob, "/psci", "method", "user"); /* QEMU keeps a -dtb's /psci */
    assert_false(has_prop(blob, "/chosen", "rng-seed")); /* seeds only in the generated tree */
    free(blob);
}

static void test_fdt_load_refuses_bad_files(void **state)
{
    (void)state;
    struct virt_fdt_config cfg = { .smp = 1, .ram_size = 256u << 20 };
    void *blob = NULL;
    size_t size, len;
    char err[256];
    static const char junk[] = "this is not a device tree, just text long enough for a header";
    char *p = write_tmp(junk, sizeof junk);
    assert_int_equal(virt_fdt_load(p, &cfg, &blob, &size, err, sizeof err), A64_ERR_FORMAT);
    assert_non_null(strstr(err, "not a valid flattened device tree"));
    unlink(p);
    /* truncated: the header promises more than the file holds */
    uint8_t *u = user_tree(&len);
    p = write_tmp(u, len - 16);
    assert_int_equal(virt_fdt_load(p, &cfg, &blob, &size, err, sizeof err), A64_ERR_FORMAT);
    unlink(p);
    /* a corrupt structure block: an unknown tag where the first property should be */
    uint8_t bad[4096];
    memcpy(bad, u, len);
    uint32_t tag = cpu_to_fdt32(0x77);
    memcpy(bad + fdt_off_dt_struct(bad) + 8, &tag, 4);
    p = write_tmp(bad, len);
    assert_int_equal(virt_fdt_load(p, &cfg, &blob, &size, err, sizeof err), A64_ERR_FORMAT);
    unlink(p);
    assert_int_equal(virt_fdt_load("/nonexistent.dtb", &cfg, &blob, &size, err, sizeof err), A64_ERR_IO);
    assert_null(blob);
}

static void test_fdt_write_round_trip(void **state)
{
    (void)state;
    struct virt_fdt_config cfg = { .smp = 2, .ram_size = 128u << 20, .fixed_seed = true };
    void *f = gen(&cfg);
    char p[] = "/tmp/a64emu-dump-XXXXXX";
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    char err[128];
    assert_int_equal(virt_fdt_write(p, f, fdt_totalsize(f), err, sizeof err), A64_OK);
    FILE *in = fopen(p, "rb");
    assert_non_null(in);
    uint8_t buf[65536];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    unlink(p);
    assert_int_equal(n, fdt_totalsize(f));
    assert_memory_equal(buf, f, n);
    assert_int_equal(virt_fdt_write("/nonexistent-dir/x.dtb", f, n, err, sizeof err), A64_ERR_IO);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fdt_el1_smp1_board),
        cmocka_unit_test(test_fdt_el2_smp4),
        cmocka_unit_test(test_fdt_el2_vhe_timer_has_fifth_interrupt),
        cmocka_unit_test(test_fdt_chosen_bootargs_and_initrd),
        cmocka_unit_test(test_fdt_seeds_fixed_or_random),
        cmocka_unit_test(test_fdt_refuses_bad_smp),
        cmocka_unit_test(test_fdt_load_user_tree_patched_as_qemu),
        cmocka_unit_test(test_fdt_load_refuses_bad_files),
        cmocka_unit_test(test_fdt_write_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
