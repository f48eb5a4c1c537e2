/* The Linux boot protocol (src/machine/boot.c and virt.c's payload placement), against QEMU 7.2's
 * hw/arm/boot.c: Image placement, initrd and DTB addresses, the boot stub and the entry state. */
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

#include "machine/boot.h"
#include "machine/machine.h"
#include "machine/virt_map.h"

#define MIB (1ull << 20)
#define RAM VIRT_RAM_BASE

static void test_boot_initrd_start_rule(void **state)
{
    (void)state;
    assert_int_equal(boot_initrd_start(RAM, 512 * MIB, 0), RAM + 128 * MIB); /* capped at 128 MiB */
    assert_int_equal(boot_initrd_start(RAM, 64 * MIB, 0), RAM + 32 * MIB);   /* half of small RAM */
    assert_int_equal(boot_initrd_start(RAM, 256 * MIB, RAM + 40 * MIB), RAM + 128 * MIB);
    /* never over the kernel: after its end, page-aligned */
    assert_int_equal(boot_initrd_start(RAM, 64 * MIB, RAM + 40 * MIB + 1), RAM + 40 * MIB + 0x1000);
}

static void test_boot_dtb_after_initrd_2mib_aligned(void **state)
{
    (void)state;
    assert_int_equal(boot_dtb_start(0x48000000, 0), 0x48000000);
    assert_int_equal(boot_dtb_start(0x48000000, 10000), 0x48200000); /* QEMU: qk.dtb case */
    assert_int_equal(boot_dtb_start(0x48000000, 2 * MIB), 0x48200000);
    assert_int_equal(boot_dtb_start(0x48000000, 2 * MIB + 1), 0x48400000);
    assert_true(boot_dtb_start(UINT64_MAX - 10, 100) >= UINT64_MAX - 10 - BOOT_DTB_ALIGN); /* no wrap to 0 */
}

static void test_boot_stub_is_qemus(void **state)
{
    (void)state;
    uint32_t w[BOOT_STUB_WORDS];
    boot_stub(w, 0x123456789aull, 0x40200000);
    /* QEMU's bootloader_aarch64[]: ldr x0, arg; mov x1-x3, xzr; ldr x4, entry; br x4 */
    static const uint32_t code[6] = { 0x580000c0, 0xaa1f03e1, 0xaa1f03e2, 0xaa1f03e3, 0x58000084, 0xd61f0080 };
    assert_memory_equal(w, code, sizeof code);
    assert_int_equal(w[6], 0x3456789a);
    assert_int_equal(w[7], 0x12);
    assert_int_equal(w[8], 0x40200000);
    assert_int_equal(w[9], 0);
}

static char paths[4][64];

static const char *tmpfile_with(int slot, const void *data, size_t len)
{
    snprintf(paths[slot], sizeof paths[slot], "/tmp/a64emu-boot-XXXXXX");
    int fd = mkstemp(paths[slot]);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return paths[slot];
}

static void cleanup(void)
{
    for (int i = 0; i < 4; i++)
        if (paths[i][0]) {
            unlink(paths[i]);
            paths[i][0] = 0;
        }
}

/* An arm64 Image: header (booting.rst) then `wfi; b .`-style filler. */
static const char *make_image(uint64_t text_offset, uint64_t image_size)
{
    static uint8_t img[4096];
    memset(img, 0, sizeof img);
    const uint32_t b_self = 0x14000000; /* b . */
    memcpy(img, &b_self, 4);
    memcpy(img + 8, &text_offset, 8);
    memcpy(img + 16, &image_size, 8);
    uint64_t flags = 0xa;
    memcpy(img + 24, &flags, 8);
    memcpy(img + 56, "ARM\x64", 4);
    return tmpfile_with(0, img, sizeof img);
}

static struct machine *boot(struct machine_config *cfg)
{
    char err[512] = "";
    struct machine *m = machine_create(cfg, err, sizeof err);
    if (!m)
        fail_msg("machine_create: %s", err);
    return m;
}

/* Run the six stub instructions; check the kernel entry state (booting.rst). */
static void run_stub(struct machine *m, uint64_t entry, unsigned el)
{
    struct cpu_state *c = machine_cpu(m, 0);
    assert_int_equal(c->pc, RAM); /* vCPU 0 starts at QEMU's stub */
    enum machine_stop why;
    for (int i = 0; i < 6; i++)
        assert_true(machine_step(m, &why));
    size_t size;
    uint64_t dtb;
    const void *blob = machine_dtb(m, &size, &dtb);
    assert_non_null(blob);
    assert_int_equal(c->pc, entry);
    assert_int_equal(c->x[0], dtb);
    assert_int_equal(c->x[1], 0);
    assert_int_equal(c->x[2], 0);
    assert_int_equal(c->x[3], 0);
    assert_int_equal(c->el, el);
    assert_int_equal(c->daif, 0xf << 6);
    /* the blob in guest RAM is the machine's device tree */
    uint8_t *guest = malloc(size);
    assert_true(cpu_virt_read(c, dtb, guest, size));
    assert_memory_equal(guest, blob, size);
    assert_int_equal(fdt_check_full(guest, size), 0);
    free(guest);
}

static uint32_t chosen_cell(struct machine *m, const char *name)
{
    size_t size;
    uint64_t addr;
    const void *f = machine_dtb(m, &size, &addr);
    int len;
    const fdt32_t *v = fdt_getprop(f, fdt_path_offset(f, "/chosen"), name, &len);
    assert_non_null(v);
    assert_int_equal(len, 4);
    return fdt32_to_cpu(*v);
}

static void test_boot_image_initrd_dtb_el1(void **state)
{
    (void)state;
    const char *k = make_image(0, 0x100000); /* text_offset 0: QEMU moves it to RAM + 2 MiB */
    static uint8_t initrd[10000];
    for (size_t i = 0; i < sizeof initrd; i++)
        initrd[i] = (uint8_t)(i * 7);
    const char *i = tmpfile_with(1, initrd, sizeof initrd);
    struct machine_config cfg = { .kernel = k, .initrd = i, .append = "console=ttyAMA0", .ram_size = 512 * MIB,
                                  .smp = 2, .load_addr = UINT64_MAX, .deterministic = true };
    struct machine *m = boot(&cfg);
    run_stub(m, RAM + 2 * MIB, 1);
    size_t size;
    uint64_t dtb;
    machine_dtb(m, &size, &dtb);
    assert_int_equal(dtb, RAM + 128 * MIB + 2 * MIB); /* after the initrd, 2 MiB-aligned */
    assert_int_equal(chosen_cell(m, "linux,initrd-start"), RAM + 128 * MIB);
    assert_int_equal(chosen_cell(m, "linux,initrd-end"), RAM + 128 * MIB + sizeof initrd);
    uint8_t back[sizeof initrd];
    assert_true(cpu_virt_read(machine_cpu(m, 0), RAM + 128 * MIB, back, sizeof back));
    assert_memory_equal(back, initrd, sizeof initrd);
    assert_int_equal(machine_cpu(m, 1)->run_state, CPU_POWERED_OFF); /* waits for PSCI CPU_ON */
    machine_destroy(m);
    cleanup();
}

static void test_boot_image_el2_small_ram_no_initrd(void **state)
{
    (void)state;
    const char *k = make_image(0x80000, 0x200000);
    struct machine_config cfg = { .kernel = k, .ram_size = 64 * MIB, .smp = 1, .virtualization = true,
                                  .load_addr = UINT64_MAX };
    struct machine *m = boot(&cfg);
    run_stub(m, RAM + 0x80000, 2); /* text_offset >= 4 KiB: as the header says; EL2 */
    size_t size;
    uint64_t dtb;
    machine_dtb(m, &size, &dtb);
    assert_int_equal(dtb, RAM + 32 * MIB); /* no initrd: where it would start */
    machine_destroy(m);
    cleanup();
}

static void test_boot_raw_image_is_linux(void **state)
{
    (void)state;
    static const uint32_t raw[4] = { 0x14000000, 0, 0, 0 };
    const char *k = tmpfile_with(0, raw, sizeof raw);
    struct machine_config cfg = { .kernel = k, .ram_size = 128 * MIB, .smp = 1, .load_addr = UINT64_MAX };
    struct machine *m = boot(&cfg);
    run_stub(m, RAM + 0x80000, 1);
    machine_destroy(m);
    cleanup();
}

static void test_boot_initrd_refused_when_it_cannot_fit_or_for_elf(void **state)
{
    (void)state;
    const char *k = make_image(0, 0x100000);
    static uint8_t big[5 << 20];
    const char *i = tmpfile_with(1, big, sizeof big);
    /* 8 MiB of RAM: the initrd at +4 MiB has 4 MiB of room */
    struct machine_config cfg = { .kernel = k, .initrd = i, .ram_size = 8 * MIB, .smp = 1, .load_addr = UINT64_MAX };
    char err[512];
    assert_null(machine_create(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "-initrd"));
    /* a raw binary at --load-addr is not Linux to a64emu: no initrd */
    static const uint32_t raw[2] = { 0x14000000, 0 };
    cfg.kernel = tmpfile_with(2, raw, sizeof raw);
    cfg.ram_size = 64 * MIB;
    cfg.load_addr = RAM;
    assert_null(machine_create(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "only a Linux kernel"));
    cleanup();
}

static void test_boot_dtb_file_is_used_and_bad_one_refused(void **state)
{
    (void)state;
    uint8_t tree[1024];
    assert_int_equal(fdt_create_empty_tree(tree, sizeof tree), 0);
    assert_int_equal(fdt_setprop_u32(tree, 0, "#address-cells", 2), 0);
    assert_int_equal(fdt_setprop_u32(tree, 0, "#size-cells", 2), 0);
    assert_int_equal(fdt_setprop_string(tree, 0, "model", "mine"), 0);
    assert_int_equal(fdt_pack(tree), 0);
    const char *k = make_image(0, 0x100000);
    const char *d = tmpfile_with(2, tree, fdt_totalsize(tree));
    struct machine_config cfg = { .kernel = k, .dtb = d, .append = "quiet", .ram_size = 128 * MIB, .smp = 1,
                                  .load_addr = UINT64_MAX };
    struct machine *m = boot(&cfg);
    run_stub(m, RAM + 2 * MIB, 1);
    size_t size;
    uint64_t addr;
    const void *f = machine_dtb(m, &size, &addr);
    assert_string_equal(fdt_getprop(f, 0, "model", NULL), "mine");
    assert_string_equal(fdt_getprop(f, fdt_path_offset(f, "/chosen"), "bootargs", NULL), "quiet");
    assert_true(fdt_path_offset(f, "/psci") >= 0);
    machine_destroy(m);
    const char *bad = tmpfile_with(3, "not a dtb at all, but long enough", 34);
    cfg.dtb = bad;
    char err[512];
    assert_null(machine_create(&cfg, err, sizeof err));
    assert_non_null(strstr(err, "-dtb"));
    assert_non_null(strstr(err, "not a valid flattened device tree"));
    cleanup();
}

static void test_boot_elf_at_ram_base_gets_no_dtb(void **state)
{
    (void)state;
    /* -bios: the DTB at the base of RAM for the firmware, as QEMU */
    static const uint32_t fw[2] = { 0x14000000, 0 };
    struct machine_config cfg = { .bios = tmpfile_with(0, fw, sizeof fw), .ram_size = 16 * MIB, .smp = 1,
                                  .load_addr = UINT64_MAX };
    struct machine *m = boot(&cfg);
    size_t size;
    uint64_t addr;
    machine_dtb(m, &size, &addr);
    assert_int_equal(addr, RAM);
    assert_int_equal(machine_cpu(m, 0)->pc, 0);
    uint32_t magic;
    assert_true(cpu_virt_read(machine_cpu(m, 0), RAM, &magic, 4));
    assert_int_equal(fdt32_to_cpu(magic), FDT_MAGIC);
    machine_destroy(m);
    /* a raw binary at --load-addr RAM base: entered directly, the DTB has no room below it */
    cfg.bios = NULL;
    cfg.kernel = paths[0];
    cfg.load_addr = RAM;
    m = boot(&cfg);
    machine_dtb(m, &size, &addr);
    assert_int_equal(addr, 0);
    assert_int_equal(machine_cpu(m, 0)->pc, RAM);
    assert_int_equal(machine_cpu(m, 0)->x[0], 0);
    machine_destroy(m);
    cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_initrd_start_rule),
        cmocka_unit_test(test_boot_dtb_after_initrd_2mib_aligned),
        cmocka_unit_test(test_boot_stub_is_qemus),
        cmocka_unit_test(test_boot_image_initrd_dtb_el1),
        cmocka_unit_test(test_boot_image_el2_small_ram_no_initrd),
        cmocka_unit_test(test_boot_raw_image_is_linux),
        cmocka_unit_test(test_boot_initrd_refused_when_it_cannot_fit_or_for_elf),
        cmocka_unit_test(test_boot_dtb_file_is_used_and_bad_one_refused),
        cmocka_unit_test(test_boot_elf_at_ram_base_gets_no_dtb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
