/* Payload loaders (src/machine/loader.c): ELF, arm64 Image, raw, gzip, and their errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <elf.h>
#include <zlib.h>

#include "bus/bus.h"
#include "machine/loader.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (16ull << 20)

struct fixture {
    struct bus *bus;
    uint8_t *ram, *flash;
    char dir[64];
    char err[256];
};

static void setup(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    f->bus = bus_create();
    assert_non_null(f->bus);
    assert_int_equal(bus_add_ram(f->bus, "flash0", 0, 1ull << 20, true, &f->flash), A64_OK);
    assert_int_equal(bus_add_ram(f->bus, "ram", RAM_BASE, RAM_SIZE, false, &f->ram), A64_OK);
    snprintf(f->dir, sizeof f->dir, "/tmp/a64-loader.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
}

static void teardown(struct fixture *f)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    bus_destroy(f->bus);
}

static const char *write_file(struct fixture *f, const char *name, const void *data, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    return path;
}

static enum a64emu_err load(struct fixture *f, const char *path, uint64_t load_addr, struct loader_image *img)
{
    f->err[0] = 0;
    enum a64emu_err rc = loader_load_kernel(f->bus, path, RAM_BASE, RAM_SIZE, load_addr, img, f->err, sizeof f->err);
    if (rc != A64_OK)
        assert_true(f->err[0] != 0); /* a message comes with every error */
    return rc;
}

static void assert_err_has(const struct fixture *f, const char *needle)
{
    if (!strstr(f->err, needle))
        fail_msg("error \"%s\" does not contain \"%s\"", f->err, needle);
}

/*
 * A small AArch64 executable: segment 0 is 16 bytes of code at 0x40080000 (virtual address
 * elsewhere: the loader uses physical addresses), segment 1 has 8 bytes of data and 0x1000 of
 * memory (bss) at 0x40090000, a PT_NOTE in between is ignored. Entry 0x40080004.
 */
struct test_elf {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[3];
    uint8_t code[16];
    uint8_t data[8];
};

static void make_elf(struct test_elf *e)
{
    memset(e, 0, sizeof *e);
    memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
    e->eh.e_ident[EI_CLASS] = ELFCLASS64;
    e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    e->eh.e_ident[EI_VERSION] = EV_CURRENT;
    e->eh.e_type = ET_EXEC;
    e->eh.e_machine = EM_AARCH64;
    e->eh.e_version = EV_CURRENT;
    e->eh.e_entry = 0x40080004;
    e->eh.e_phoff = offsetof(struct test_elf, ph);
    e->eh.e_ehsize = sizeof(Elf64_Ehdr);
    e->eh.e_phentsize = sizeof(Elf64_Phdr);
    e->eh.e_phnum = 3;
    e->ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = offsetof(struct test_elf, code),
                             .p_vaddr = 0xffff000000080000ull, .p_paddr = 0x40080000, .p_filesz = 16,
                             .p_memsz = 16, .p_align = 8 };
    e->ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0, .p_paddr = 0x1234, .p_filesz = 4, .p_memsz = 4 };
    e->ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = offsetof(struct test_elf, data),
                             .p_vaddr = 0x40090000, .p_paddr = 0x40090000, .p_filesz = 8, .p_memsz = 0x1000,
                             .p_align = 8 };
    static const uint8_t code[16] = { 0x1f, 0x20, 0x03, 0xd5, 0x00, 0x00, 0x80, 0xd2,
                                      0x1f, 0x20, 0x03, 0xd5, 0x00, 0x00, 0x00, 0x14 };
    memcpy(e->code, code, sizeof code);
    memcpy(e->data, "DATADATA", 8);
}

static void test_loader_elf_segments_placed_bss_zeroed_entry_set(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    struct test_elf e;
    make_elf(&e);
    memset(f.ram + 0x90000, 0xaa, 0x2000); /* stale bytes where the bss goes */
    struct loader_image img;
    assert_int_equal(load(&f, write_file(&f, "k.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_OK);
    assert_int_equal(img.kind, LOADER_ELF);
    assert_false(img.gzipped);
    assert_int_equal(img.entry, 0x40080004);
    assert_int_equal(img.base, 0x40080000);
    assert_int_equal(img.end, 0x40091000);
    assert_memory_equal(f.ram + 0x80000, e.code, 16);
    assert_memory_equal(f.ram + 0x90000, "DATADATA", 8);
    for (unsigned i = 8; i < 0x1000; i++)
        if (f.ram[0x90000 + i] != 0)
            fail_msg("bss byte %u not zeroed", i);
    assert_int_equal(f.ram[0x91000], 0xaa); /* nothing past memsz */
    teardown(&f);
}

static void test_loader_elf_errors_are_named(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    struct test_elf e;
    struct loader_image img;

    make_elf(&e);
    assert_int_equal(load(&f, write_file(&f, "t.elf", &e, 100), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    assert_err_has(&f, "truncated ELF");
    assert_int_equal(load(&f, write_file(&f, "t.elf", &e, 40), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    assert_err_has(&f, "truncated ELF");
    assert_int_equal(load(&f, write_file(&f, "t.elf", &e, offsetof(struct test_elf, code) + 8), LOADER_NO_ADDR, &img),
                     A64_ERR_FORMAT);
    assert_err_has(&f, "segment 0");

    e.eh.e_machine = EM_X86_64;
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_UNSUPPORTED);
    assert_err_has(&f, "not AArch64");
    make_elf(&e);
    e.eh.e_ident[EI_CLASS] = ELFCLASS32;
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_UNSUPPORTED);
    assert_err_has(&f, "32-bit");
    make_elf(&e);
    e.eh.e_ident[EI_DATA] = ELFDATA2MSB;
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_UNSUPPORTED);
    assert_err_has(&f, "big-endian");
    make_elf(&e);
    e.eh.e_type = ET_DYN;
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_UNSUPPORTED);
    assert_err_has(&f, "ET_EXEC");
    make_elf(&e);
    e.ph[2].p_filesz = 0x2000; /* file size larger than memory size (and than the file) */
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    make_elf(&e);
    e.ph[0].p_paddr = 0x20000000; /* PCIe hole: no memory */
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_RANGE);
    assert_err_has(&f, "outside guest RAM");
    make_elf(&e);
    e.ph[2].p_paddr = 0x3fff0000; /* writable data in the hole below RAM: refused */
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_RANGE);
    make_elf(&e);
    e.ph[2].p_paddr = 0x3fff0000; /* read-only (ld's header segment): skipped, as QEMU does */
    e.ph[2].p_flags = PF_R;
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_OK);
    make_elf(&e);
    e.ph[2].p_paddr = RAM_BASE + RAM_SIZE - 0x800; /* bss runs past the end of RAM */
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_RANGE);
    make_elf(&e);
    e.eh.e_entry = 0x20000000;
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_RANGE);
    assert_err_has(&f, "entry point");
    make_elf(&e);
    e.eh.e_phnum = 0;
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    make_elf(&e);
    e.eh.e_phoff = 0xffffffffffff0000ull;
    assert_int_equal(load(&f, write_file(&f, "x.elf", &e, sizeof e), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    teardown(&f);
}

/* arm64 Image header (Documentation/arch/arm64/booting.rst). */
static size_t make_image(uint8_t *buf, size_t len, uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
    memset(buf, 0, len);
    const uint32_t code0 = 0x14000010; /* b +64 */
    memcpy(buf, &code0, 4);
    memcpy(buf + 8, &text_offset, 8);
    memcpy(buf + 16, &image_size, 8);
    memcpy(buf + 24, &flags, 8);
    memcpy(buf + 56, "ARM\x64", 4);
    return len;
}

static void test_loader_image_header_fields_respected(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    static uint8_t buf[4096];
    struct loader_image img;
    make_image(buf, sizeof buf, 0x200000, 0x300000, 0xa);
    assert_int_equal(load(&f, write_file(&f, "Image", buf, sizeof buf), LOADER_NO_ADDR, &img), A64_OK);
    assert_int_equal(img.kind, LOADER_LINUX_IMAGE);
    assert_int_equal(img.text_offset, 0x200000);
    assert_int_equal(img.image_size, 0x300000);
    assert_int_equal(img.flags, 0xa);
    assert_int_equal(img.entry, RAM_BASE + 0x200000);
    assert_int_equal(img.base, RAM_BASE + 0x200000);
    assert_int_equal(img.end, RAM_BASE + 0x500000); /* image_size, not the file size, is reserved */
    assert_memory_equal(f.ram + 0x200000, buf, sizeof buf);

    /* image_size 0: a pre-3.17 kernel, text_offset 0x80000 */
    make_image(buf, sizeof buf, 0x1234000, 0, 0);
    assert_int_equal(load(&f, write_file(&f, "Image", buf, sizeof buf), LOADER_NO_ADDR, &img), A64_OK);
    assert_int_equal(img.entry, RAM_BASE + 0x80000);

    make_image(buf, sizeof buf, 0x80000, 0x100000, 1); /* big-endian kernel */
    assert_int_equal(load(&f, write_file(&f, "Image", buf, sizeof buf), LOADER_NO_ADDR, &img), A64_ERR_UNSUPPORTED);
    assert_err_has(&f, "big-endian");
    make_image(buf, sizeof buf, 0x80000, 32ull << 20, 0xa); /* larger than 16 MiB of RAM */
    assert_int_equal(load(&f, write_file(&f, "Image", buf, sizeof buf), LOADER_NO_ADDR, &img), A64_ERR_RANGE);
    assert_err_has(&f, "-m");
    make_image(buf, sizeof buf, RAM_SIZE, 0x1000, 0xa); /* text_offset past the end of RAM */
    assert_int_equal(load(&f, write_file(&f, "Image", buf, sizeof buf), LOADER_NO_ADDR, &img), A64_ERR_RANGE);
    teardown(&f);
}

static void test_loader_raw_default_and_explicit_address(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    static const uint8_t raw[12] = { 0x1f, 0x20, 0x03, 0xd5, 1, 2, 3, 4, 5, 6, 7, 8 };
    struct loader_image img;
    const char *path = write_file(&f, "raw.bin", raw, sizeof raw);
    assert_int_equal(load(&f, path, LOADER_NO_ADDR, &img), A64_OK);
    assert_int_equal(img.kind, LOADER_RAW);
    assert_int_equal(img.entry, 0x40080000); /* QEMU treats unknown images as Linux: RAM + 0x80000 */
    assert_int_equal(img.end, 0x40080000 + sizeof raw);
    assert_memory_equal(f.ram + 0x80000, raw, sizeof raw);

    assert_int_equal(load(&f, path, 0x40400000, &img), A64_OK);
    assert_int_equal(img.entry, 0x40400000);
    assert_memory_equal(f.ram + 0x400000, raw, sizeof raw);

    assert_int_equal(load(&f, path, 0x10000000, &img), A64_ERR_RANGE);
    assert_err_has(&f, "outside guest RAM");
    assert_int_equal(load(&f, path, RAM_BASE + RAM_SIZE - 4, &img), A64_ERR_RANGE);
    assert_int_equal(load(&f, path, UINT64_MAX - 4, &img), A64_ERR_RANGE);
    teardown(&f);
}

/* gzip-compress with zlib (windowBits 16 + 15 selects the gzip wrapper). */
static size_t gzip_buf(const void *in, size_t len, uint8_t *out, size_t cap)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    size_t n = cap - zs.avail_out;
    deflateEnd(&zs);
    return n;
}

static void test_loader_gzip_round_trip_and_damage(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    struct test_elf e;
    make_elf(&e);
    static uint8_t gz[8192];
    size_t n = gzip_buf(&e, sizeof e, gz, sizeof gz);
    struct loader_image img;
    assert_int_equal(load(&f, write_file(&f, "k.elf.gz", gz, n), LOADER_NO_ADDR, &img), A64_OK);
    assert_true(img.gzipped);
    assert_int_equal(img.kind, LOADER_ELF);
    assert_int_equal(img.entry, 0x40080004);
    assert_memory_equal(f.ram + 0x80000, e.code, 16);

    /* directly: not gzip is left alone; gzip decompresses to the original */
    uint8_t *data = malloc(n);
    assert_non_null(data);
    memcpy(data, gz, n);
    size_t len = n;
    bool was;
    assert_int_equal(loader_gunzip(&data, &len, &was, f.err, sizeof f.err), A64_OK);
    assert_true(was);
    assert_int_equal(len, sizeof e);
    assert_memory_equal(data, &e, sizeof e);
    assert_int_equal(loader_gunzip(&data, &len, &was, f.err, sizeof f.err), A64_OK);
    assert_false(was);
    assert_int_equal(len, sizeof e);
    free(data);

    /* truncated anywhere, corrupted, bad CRC: named, and not blamed on the decompressed data */
    static const size_t cuts[] = { 2, 10, 20 };
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        assert_int_equal(load(&f, write_file(&f, "t.gz", gz, cuts[i]), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
        assert_err_has(&f, "truncated gzip");
    }
    assert_int_equal(load(&f, write_file(&f, "t.gz", gz, n / 2), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    assert_err_has(&f, "truncated gzip");
    assert_int_equal(load(&f, write_file(&f, "t.gz", gz, n - 4), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    assert_null(strstr(f.err, "after gzip"));
    uint8_t bad[8192];
    memcpy(bad, gz, n);
    bad[n - 8] ^= 0xff; /* CRC32 in the trailer */
    assert_int_equal(load(&f, write_file(&f, "c.gz", bad, n), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    assert_err_has(&f, "corrupt gzip");
    memcpy(bad, gz, n);
    bad[3] = 0xe0; /* reserved FLG bits */
    assert_int_equal(load(&f, write_file(&f, "c.gz", bad, n), LOADER_NO_ADDR, &img), A64_ERR_FORMAT);
    assert_err_has(&f, "gzip");

    /* a problem inside the decompressed payload says so */
    e.eh.e_machine = EM_X86_64;
    n = gzip_buf(&e, sizeof e, gz, sizeof gz);
    assert_int_equal(load(&f, write_file(&f, "x.elf.gz", gz, n), LOADER_NO_ADDR, &img), A64_ERR_UNSUPPORTED);
    assert_err_has(&f, "not AArch64");
    assert_err_has(&f, "after gzip decompression");
    teardown(&f);
}

static void test_loader_host_file_problems(void **state)
{
    (void)state;
    struct fixture f;
    setup(&f);
    struct loader_image img;
    char path[128];
    snprintf(path, sizeof path, "%s/missing", f.dir);
    assert_int_equal(load(&f, path, LOADER_NO_ADDR, &img), A64_ERR_IO);
    assert_err_has(&f, "No such file");
    assert_int_equal(load(&f, f.dir, LOADER_NO_ADDR, &img), A64_ERR_IO);
    assert_err_has(&f, "not a regular file");
    assert_int_equal(load(&f, write_file(&f, "empty", "", 0), LOADER_NO_ADDR, &img), A64_ERR_EMPTY);

    /* -bios style blobs: verbatim into read-only flash, bounded by max_len */
    uint64_t got = 0;
    static const uint8_t fw[64] = { 0xaa, 0xbb };
    const char *p = write_file(&f, "fw.fd", fw, sizeof fw);
    assert_int_equal(loader_load_blob(f.bus, p, 0, 1ull << 20, &got, f.err, sizeof f.err), A64_OK);
    assert_int_equal(got, sizeof fw);
    assert_memory_equal(f.flash, fw, sizeof fw);
    assert_int_equal(loader_load_blob(f.bus, p, 0, 32, &got, f.err, sizeof f.err), A64_ERR_RANGE);
    assert_err_has(&f, "more than");
    assert_int_equal(loader_load_blob(f.bus, p, 0x20000000, 1ull << 20, &got, f.err, sizeof f.err), A64_ERR_RANGE);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loader_elf_segments_placed_bss_zeroed_entry_set),
        cmocka_unit_test(test_loader_elf_errors_are_named),
        cmocka_unit_test(test_loader_image_header_fields_respected),
        cmocka_unit_test(test_loader_raw_default_and_explicit_address),
        cmocka_unit_test(test_loader_gzip_round_trip_and_damage),
        cmocka_unit_test(test_loader_host_file_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
