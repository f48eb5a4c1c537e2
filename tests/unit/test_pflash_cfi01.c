/* CFI flash (src/devices/pflash_cfi01.c) through the bus: the command state machine as QEMU 7.2's
 * pflash_cfi01 for virt (bank width 4, two x16 parts, 256 KiB blocks), ROM mode, write-through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bus/bus.h"
#include "devices/pflash_cfi01.h"
#include "util/snap.h"

#define BASE 0x04000000ull
#define SIZE (64ull << 20)
#define SECTOR 0x40000u
#define CMD(c) (0x00010001u * (uint32_t)(c))

struct fixture {
    struct bus *bus;
    struct pflash *f;
    char path[64];
    unsigned unmaps;
};
static struct fixture fx;

static void on_unmap(void *opaque, uint64_t base, uint64_t size)
{
    (void)base;
    (void)size;
    ((struct fixture *)opaque)->unmaps++;
}

static struct pflash_config virt_cfg(const char *path, bool ro)
{
    return (struct pflash_config){ .name = "flash1", .base = BASE, .size = SIZE, .sector_len = SECTOR,
                                   .bank_width = 4, .device_width = 2, .ident = { 0x89, 0x18 }, .path = path,
                                   .readonly = ro };
}

static int make(struct fixture *f, const char *path, bool ro)
{
    f->bus = bus_create();
    bus_set_unmap_hook(f->bus, on_unmap, f);
    struct pflash_config c = virt_cfg(path, ro);
    char err[256];
    f->f = pflash_create(f->bus, &c, err, sizeof err);
    if (!f->f)
        fprintf(stderr, "%s\n", err);
    return f->f ? 0 : -1;
}

static int setup(void **state)
{
    fx = (struct fixture){ 0 };
    *state = &fx;
    return make(&fx, NULL, false);
}

/* A 64 MiB sparse temp file, the flash image. */
static void temp_image(struct fixture *f)
{
    strcpy(f->path, "/tmp/a64emu-pflash-XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)SIZE), 0);
    close(fd);
}

static int setup_file(void **state)
{
    fx = (struct fixture){ 0 };
    temp_image(&fx);
    *state = &fx;
    return make(&fx, fx.path, false);
}

static int setup_ro(void **state)
{
    fx = (struct fixture){ 0 };
    temp_image(&fx);
    *state = &fx;
    return make(&fx, fx.path, true);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pflash_destroy(f->f);
    bus_destroy(f->bus);
    if (f->path[0])
        unlink(f->path);
    return 0;
}

static uint64_t rd(struct fixture *f, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    assert_int_equal(bus_read(f->bus, BASE + off, size, &v), BUS_OK);
    return v;
}
static uint32_t rd32(struct fixture *f, uint64_t off) { return (uint32_t)rd(f, off, 4); }
static void wr32(struct fixture *f, uint64_t off, uint32_t v)
{
    assert_int_equal(bus_write(f->bus, BASE + off, 4, v), BUS_OK);
}

static void test_array_mode_is_host_memory(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(pflash_status(f->f), PFLASH_SR_READY);
    assert_ptr_equal(bus_ram_ptr(f->bus, BASE + 0x1000, false), pflash_array(f->f) + 0x1000);
    assert_null(bus_ram_ptr(f->bus, BASE + 0x1000, true)); /* writes are commands */
    pflash_array(f->f)[8] = 0x5a;
    assert_int_equal(rd(f, 8, 1), 0x5a);
    /* A command unmaps the array (soft TLBs must drop it), read array maps it again. */
    wr32(f, 0, CMD(0x70));
    assert_int_equal(f->unmaps, 1);
    assert_null(bus_ram_ptr(f->bus, BASE + 0x1000, false));
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_STATUS);
    assert_string_equal(pflash_region_mode(bus_find(f->bus, BASE)), "read-status"); /* info mtree */
    wr32(f, 0, CMD(0xff));
    assert_non_null(bus_ram_ptr(f->bus, BASE + 0x1000, false));
    assert_string_equal(pflash_region_mode(bus_find(f->bus, BASE)), "read-array");
    assert_null(pflash_region_mode(bus_find(f->bus, 0))); /* not a flash */
    wr32(f, 0, CMD(0xff)); /* already in read-array mode: nothing to unmap */
    assert_int_equal(f->unmaps, 1);
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
}

/* The query table QEMU 7.2 builds for virt's flash (bytes per x16 part, replicated). */
static void test_cfi_query(void **state)
{
    struct fixture *f = *state;
    static const struct { uint8_t q, v; } want[] = {
        { 0x10, 'Q' }, { 0x11, 'R' }, { 0x12, 'Y' }, { 0x13, 0x01 }, { 0x14, 0x00 }, { 0x15, 0x31 },
        { 0x16, 0x00 }, { 0x1B, 0x45 }, { 0x1C, 0x55 }, { 0x1F, 0x07 }, { 0x20, 0x07 }, { 0x21, 0x0a },
        { 0x22, 0x00 }, { 0x23, 0x04 }, { 0x24, 0x04 }, { 0x25, 0x04 }, { 0x26, 0x00 }, { 0x27, 25 },
        { 0x28, 0x02 }, { 0x29, 0x00 }, { 0x2A, 0x0B }, { 0x2B, 0x00 }, { 0x2C, 0x01 }, { 0x2D, 0xff },
        { 0x2E, 0x00 }, { 0x2F, 0x00 }, { 0x30, 0x02 }, { 0x31, 'P' }, { 0x32, 'R' }, { 0x33, 'I' },
        { 0x34, '1' }, { 0x35, '0' }, { 0x3F, 0x01 }, { 0x51, 0x00 },
    };
    wr32(f, 0x55 * 4, CMD(0x98));
    assert_int_equal(pflash_mode(f->f), PFLASH_CFI_QUERY);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(pflash_cfi_table(f->f)[want[i].q], want[i].v);
        assert_int_equal(rd32(f, want[i].q * 4u), CMD(want[i].v));
    }
    assert_int_equal(rd32(f, 0x52 * 4), 0);         /* past the table */
    assert_int_equal(rd32(f, 0x10000 * 4), 0);
    assert_int_equal(rd(f, 0x10 * 4, 2), 'Q');       /* narrow: truncated */
    assert_int_equal(rd(f, 0x10 * 4 + 1, 1), 'Q');   /* any lane: the word's answer (QEMU) */
    assert_int_equal(rd(f, 0x10 * 4, 8), ((uint64_t)CMD('R') << 32) | CMD('Q')); /* two 32-bit reads */
    wr32(f, 0, CMD(0x70));                           /* QEMU: stays in query mode */
    assert_int_equal(rd32(f, 0x11 * 4), CMD('R'));
    wr32(f, 0, CMD(0xff));
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
}

static void test_identifier(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0, CMD(0x90));
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ID);
    assert_int_equal(rd32(f, 0), CMD(0x89));
    assert_int_equal(rd32(f, 4), CMD(0x18));
    assert_int_equal(rd32(f, 8), 0);
    assert_int_equal(rd32(f, 0x100 * 4 + 4), CMD(0x18)); /* block address bits are ignored */
    wr32(f, 0, CMD(0x90)); /* one-cycle command: a new one is accepted at once */
    assert_int_equal(rd32(f, 0), CMD(0x89));
    wr32(f, 0, CMD(0xf0)); /* the AMD reset probes send returns to read array too */
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
}

static void test_status_clear(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0, CMD(0x70));
    assert_int_equal(rd32(f, 0), CMD(0x80));
    assert_int_equal(rd(f, 0, 2), 0x80);
    assert_int_equal(rd(f, 0, 1), 0x80);
    wr32(f, 0, CMD(0x50));
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(pflash_status(f->f), 0);
    wr32(f, 0, CMD(0x70));
    assert_int_equal(rd32(f, 0), 0);
}

static void test_word_program(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0x100, CMD(0x40));
    assert_int_equal(pflash_mode(f->f), PFLASH_PROGRAM);
    wr32(f, 0x100, 0xdeadbeef);
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_STATUS);
    assert_int_equal(rd32(f, 0x100), CMD(0x80)); /* status until read array */
    wr32(f, 0, CMD(0xff));
    assert_int_equal(rd32(f, 0x100), 0xdeadbeef);
    /* 0x10 is the same command; a 16-bit program writes two bytes. */
    wr32(f, 0x200, CMD(0x10));
    assert_int_equal(bus_write(f->bus, BASE + 0x202, 2, 0x1234), BUS_OK);
    wr32(f, 0, CMD(0xff));
    assert_int_equal(rd32(f, 0x200), 0x12340000);
}

static void test_buffered_program(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0x1000, CMD(0xe8));
    assert_int_equal(pflash_mode(f->f), PFLASH_BUFFER_COUNT);
    assert_int_equal(rd32(f, 0x1000) & CMD(0x80), CMD(0x80)); /* buffer available */
    wr32(f, 0x1000, CMD(3));                                  /* 4 words */
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(pflash_mode(f->f), PFLASH_BUFFER_DATA);
        wr32(f, 0x1000 + 4 * i, 0x11111111u * (i + 1));
    }
    assert_int_equal(pflash_mode(f->f), PFLASH_BUFFER_CONFIRM);
    wr32(f, 0x1000, CMD(0xd0));
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_STATUS);
    assert_int_equal(rd32(f, 0x1000), CMD(0x80));
    wr32(f, 0, CMD(0xff));
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(rd32(f, 0x1000 + 4 * i), 0x11111111u * (i + 1));
    assert_int_equal(rd32(f, 0x1010), 0);
    /* Nothing reaches the array before the confirm; without it the buffer is dropped. */
    wr32(f, 0x2000, CMD(0xe8));
    wr32(f, 0x2000, CMD(1));
    wr32(f, 0x2000, 0xabcdef01);
    assert_int_equal(pflash_array(f->f)[0x2000], 0);
    wr32(f, 0x2004, 0x55555555);
    wr32(f, 0x2000, CMD(0xff));
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(rd32(f, 0x2000), 0);
    /* U-Boot's way: command and count at the erase-block base, data 4 KiB and more further on.
     * The window is the 4 KiB-aligned block of the first data word (Intel's parts; Debian's QEMU
     * 7.2.22 takes the count's address and fails this with a program error). */
    wr32(f, 0, CMD(0xe8));
    wr32(f, 0, CMD(1));
    wr32(f, 0x5ff8, 0x01010101);
    wr32(f, 0x5ffc, 0x02020202);
    wr32(f, 0, CMD(0xd0));
    assert_int_equal(rd32(f, 0) & CMD(0x30), 0);
    wr32(f, 0, CMD(0xff));
    assert_int_equal(rd32(f, 0x5ff8), 0x01010101);
    assert_int_equal(rd32(f, 0x5ffc), 0x02020202);
    /* A word outside the window: program error, and the confirm drops the buffer. */
    wr32(f, 0x6000, CMD(0xe8));
    wr32(f, 0x6000, CMD(1));
    wr32(f, 0x6ffc, 0x03030303);
    wr32(f, 0x7000, 0x04040404);
    assert_int_equal(rd32(f, 0x6000), CMD(0x80 | PFLASH_SR_PROGRAM_ERROR));
    wr32(f, 0x6000, CMD(0xd0));
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(rd32(f, 0x6ffc), 0);
    assert_int_equal(rd32(f, 0x7000), 0);
    wr32(f, 0, CMD(0x50));
}

static void test_block_erase(void **state)
{
    struct fixture *f = *state;
    uint8_t *a = pflash_array(f->f);
    memset(a + SECTOR - 16, 0x11, 16 + SECTOR + 16); /* end of block 0, block 1, start of block 2 */
    wr32(f, SECTOR + 0x1234, CMD(0x20));
    assert_int_equal(pflash_mode(f->f), PFLASH_ERASE);
    wr32(f, SECTOR + 0x1234, CMD(0xd0));
    assert_int_equal(rd32(f, SECTOR), CMD(0x80));
    wr32(f, 0, CMD(0xff));
    assert_int_equal(rd32(f, SECTOR - 4), 0x11111111);
    assert_int_equal(rd32(f, SECTOR), 0xffffffff);
    assert_int_equal(rd32(f, 2 * SECTOR - 4), 0xffffffff);
    assert_int_equal(rd32(f, 2 * SECTOR), 0x11111111);
    /* The last block too (no write past the array). */
    wr32(f, SIZE - 4, CMD(0x20));
    wr32(f, SIZE - 4, CMD(0xd0));
    wr32(f, 0, CMD(0xff));
    assert_int_equal(rd32(f, SIZE - 4), 0xffffffff);
    assert_int_equal(rd32(f, SIZE - SECTOR), 0xffffffff);
}

static void test_lock_unlock(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0, CMD(0x60));
    assert_int_equal(pflash_mode(f->f), PFLASH_LOCK);
    wr32(f, 0, CMD(0x01)); /* lock: accepted, ready, no error bit */
    assert_int_equal(rd32(f, 0), CMD(0x80));
    /* QEMU models no block locking: a program to the "locked" block still works. */
    wr32(f, 0, CMD(0x40));
    wr32(f, 0, 0x01020304);
    assert_int_equal(rd32(f, 0) & CMD(0x30), 0);
    wr32(f, 0, CMD(0x60));
    wr32(f, 0, CMD(0xd0)); /* unlock */
    assert_int_equal(rd32(f, 0), CMD(0x80));
    wr32(f, 0, CMD(0x60));
    wr32(f, 0, CMD(0x2f)); /* not a lock command: read array, quietly */
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(rd32(f, 0), 0x01020304);
}

static void test_bad_sequences(void **state)
{
    struct fixture *f = *state;
    pflash_array(f->f)[0] = 0x77;
    wr32(f, 0, 0x12345678); /* command 0x78: unknown, back to read array */
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(rd(f, 0, 1), 0x77);
    wr32(f, 0, CMD(0x20));
    wr32(f, 0, CMD(0x55)); /* neither confirm nor read array */
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(rd32(f, 0), 0xffffffff); /* QEMU erases at 0x20 already */
    wr32(f, 0, CMD(0xe8));
    wr32(f, 0, CMD(0));
    wr32(f, 0, 0x12121212);
    wr32(f, 0, CMD(0x12)); /* no confirm */
    assert_int_equal(rd32(f, 0), 0xffffffff); /* the buffer was dropped */
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    /* Every byte value as a first command, at every width and lane: no crash, and 0xFF writes
     * always bring the part back to read array (a buffered program takes 0xFF as its count, then
     * as up to 65536 data words, then as a refused confirm). */
    for (unsigned c = 0; c < 256; c++)
        for (unsigned size = 1; size <= 8; size *= 2) {
            assert_int_equal(bus_write(f->bus, BASE + 0x3000 + (c & 7), size, 0x0101010101010101ull * c), BUS_OK);
            uint64_t v;
            assert_int_equal(bus_read(f->bus, BASE + 0x3000 + (c & 3), size, &v), BUS_OK);
            unsigned n = 0;
            do
                wr32(f, 0, CMD(0xff));
            while (pflash_mode(f->f) != PFLASH_READ_ARRAY && ++n < 0x10010);
            assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
        }
}

static void test_reset(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0, CMD(0x50));
    wr32(f, 0, CMD(0xe8));
    wr32(f, 0, CMD(7));
    pflash_reset(f->f);
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(pflash_status(f->f), PFLASH_SR_READY);
    assert_non_null(bus_ram_ptr(f->bus, BASE, false));
}

static void test_snapshot(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0, CMD(0xe8));
    wr32(f, 0, CMD(2));
    wr32(f, 0x10, 0x5a5a5a5a);
    struct snap s;
    snap_init_save(&s);
    pflash_snap(&s, f->f, 1);
    assert_true(snap_finish(&s));
    pflash_reset(f->f);
    struct snap l;
    snap_init_load(&l, s.buf, s.len);
    pflash_snap(&l, f->f, 1);
    assert_true(snap_finish(&l));
    assert_int_equal(pflash_mode(f->f), PFLASH_BUFFER_DATA);
    assert_null(bus_ram_ptr(f->bus, BASE, false)); /* restored out of ROM mode */
    wr32(f, 0x14, 0x6b6b6b6b); /* the buffer came back with its first word */
    wr32(f, 0x18, 0x7c7c7c7c);
    wr32(f, 0, CMD(0xd0));
    wr32(f, 0, CMD(0xff));
    assert_int_equal(rd32(f, 0x10), 0x5a5a5a5a);
    assert_int_equal(rd32(f, 0x18), 0x7c7c7c7c);
    snap_free(&s);
}

/* Program and erase reach the file (QEMU writes through its block backend). */
static void test_write_through(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0x40000, CMD(0x20));
    wr32(f, 0x40000, CMD(0xd0));
    wr32(f, 0x40010, CMD(0x40));
    wr32(f, 0x40010, 0xcafef00d);
    wr32(f, 0x40100, CMD(0xe8));
    wr32(f, 0x40100, CMD(1));
    wr32(f, 0x40100, 0x01234567);
    wr32(f, 0x40104, 0x89abcdef);
    wr32(f, 0x40100, CMD(0xd0));
    wr32(f, 0, CMD(0xff));
    FILE *fp = fopen(f->path, "rb");
    assert_non_null(fp);
    uint32_t w[0x44];
    assert_int_equal(fseek(fp, 0x40000, SEEK_SET), 0);
    assert_int_equal(fread(w, 4, 0x44, fp), 0x44);
    fclose(fp);
    assert_int_equal(w[0], 0xffffffff);
    assert_int_equal(w[4], 0xcafef00d);
    assert_int_equal(w[0x40], 0x01234567);
    assert_int_equal(w[0x41], 0x89abcdef);
    assert_int_equal(w[0x42], 0xffffffff);
    /* A new device on the same file sees it. */
    pflash_destroy(f->f);
    bus_destroy(f->bus);
    assert_int_equal(make(f, f->path, false), 0);
    assert_int_equal(rd32(f, 0x40010), 0xcafef00d);
}

static void test_readonly(void **state)
{
    struct fixture *f = *state;
    wr32(f, 0, CMD(0x40));
    wr32(f, 0, 0x12345678);
    assert_int_equal(rd32(f, 0), CMD(PFLASH_SR_READY | PFLASH_SR_PROGRAM_ERROR));
    wr32(f, 0, CMD(0x50));
    wr32(f, 0, CMD(0x20));
    wr32(f, 0, CMD(0xd0));
    assert_int_equal(rd32(f, 0), CMD(PFLASH_SR_READY | PFLASH_SR_ERASE_ERROR));
    wr32(f, 0, CMD(0x50));
    wr32(f, 0, CMD(0xe8));
    wr32(f, 0, CMD(0));
    wr32(f, 0, 0x12345678);
    assert_int_equal(rd32(f, 0), CMD(PFLASH_SR_READY | PFLASH_SR_PROGRAM_ERROR));
    wr32(f, 0, CMD(0xd0)); /* refused: back to read array (QEMU) */
    assert_int_equal(pflash_mode(f->f), PFLASH_READ_ARRAY);
    assert_int_equal(pflash_status(f->f), PFLASH_SR_READY | PFLASH_SR_PROGRAM_ERROR);
    assert_int_equal(rd32(f, 0), 0); /* nothing changed */
}

static void test_bad_files(void **state)
{
    (void)state;
    struct bus *bus = bus_create();
    char err[256];
    struct pflash_config c = virt_cfg("/nonexistent/flash.img", false);
    assert_null(pflash_create(bus, &c, err, sizeof err));
    assert_non_null(strstr(err, "cannot open"));
    char path[] = "/tmp/a64emu-pflash-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 1 << 20), 0); /* shorter than the bank */
    c = virt_cfg(path, false);
    assert_null(pflash_create(bus, &c, err, sizeof err));
    assert_non_null(strstr(err, "device requires 67108864 bytes, block backend provides 1048576 bytes"));
    assert_int_equal(ftruncate(fd, (off_t)SIZE + 4096), 0); /* longer */
    assert_null(pflash_create(bus, &c, err, sizeof err));
    assert_non_null(strstr(err, "block backend provides 67112960 bytes"));
    close(fd);
    unlink(path);
    c = virt_cfg(NULL, false);
    c.device_width = 8;
    assert_null(pflash_create(bus, &c, err, sizeof err));
    bus_destroy(bus);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_array_mode_is_host_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cfi_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_identifier, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_program, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buffered_program, setup, teardown),
        cmocka_unit_test_setup_teardown(test_block_erase, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_unlock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_sequences, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_through, setup_file, teardown),
        cmocka_unit_test_setup_teardown(test_readonly, setup_ro, teardown),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
