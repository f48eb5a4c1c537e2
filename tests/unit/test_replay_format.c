/* The pieces of src/replay's file formats: SHA-256 against FIPS 180-4's examples, the snapshot
 * section helper (util/snap.h) detecting missing, extra and resized sections, and the replay
 * log writer/reader (round trip, truncation and corruption with their offsets, header match). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "replay/replay_header.h"
#include "replay/replay_log.h"
#include "util/sha256.h"
#include "util/snap.h"

static void hex_of(const char *msg, size_t len, char *out)
{
    struct sha256 s;
    uint8_t d[SHA256_LEN];
    sha256_init(&s);
    /* fed in uneven pieces, so the buffering across blocks is exercised */
    for (size_t i = 0; i < len;) {
        size_t n = (i % 7) + 1 < len - i ? (i % 7) + 1 : len - i;
        sha256_update(&s, msg + i, n);
        i += n;
    }
    sha256_final(&s, d);
    sha256_hex(d, out);
}

static void test_sha256_fips_examples(void **state)
{
    (void)state;
    char hex[65];
    hex_of("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    hex_of("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    hex_of(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

struct thing { uint32_t a; uint64_t b[3]; };

static void visit(struct snap *s, struct thing *t, bool extra)
{
    snap_begin(s, "thing");
    SNAP(s, t->a);
    SNAP(s, t->b);
    if (extra)
        SNAP(s, t->a);
    snap_end(s);
}

static void test_snap_sections(void **state)
{
    (void)state;
    struct thing t = { 7, { 1, 2, 3 } }, u = { 0 };
    struct snap s;
    snap_init_save(&s);
    visit(&s, &t, false);
    assert_false(s.failed);
    struct snap l;
    snap_init_load(&l, s.buf, s.len);
    visit(&l, &u, false);
    assert_true(snap_finish(&l));
    assert_int_equal(u.a, 7); /* field by field: the struct has padding */
    assert_memory_equal(t.b, u.b, sizeof t.b);
    /* A reader expecting more fields than the section holds. */
    snap_init_load(&l, s.buf, s.len);
    visit(&l, &u, true);
    assert_true(l.failed);
    assert_non_null(strstr(l.err, "section 'thing' is shorter"));
    /* A reader expecting another section. */
    snap_init_load(&l, s.buf, s.len);
    snap_begin(&l, "other");
    assert_true(l.failed);
    assert_non_null(strstr(l.err, "section 'other' expected at byte 0, 'thing' found"));
    /* Bytes left after the last section. */
    snap_init_load(&l, s.buf, s.len);
    visit(&l, &u, false);
    visit(&l, &u, false);
    assert_true(l.failed);
    snap_free(&s);
}

static char path[64];

static void test_log_round_trip_and_damage(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/a64emu-test-log.%d", (int)getpid());
    char err[300];
    struct rp_writer *w = rp_writer_open(path, "version=x\nopt.smp=1\n", err, sizeof err);
    assert_non_null(w);
    assert_true(rp_writer_event(w, RP_EV_INPUT, 100, 1600, "ab", 2));
    assert_true(rp_writer_event(w, RP_EV_INPUT, 250, 4000, "c", 1));
    struct rp_end end = { .stop = 0, .status = 3, .ncpus = 2, .cpu_icount = { 5, 6 }, .vtime_ns = 99 };
    uint8_t buf[128];
    uint32_t len;
    assert_true(rp_end_encode(&end, buf, sizeof buf, &len));
    assert_true(rp_writer_event(w, RP_EV_END, 300, 4800, buf, len));
    assert_true(rp_writer_close(w, err, sizeof err));

    struct rp_log log;
    assert_true(rp_log_read(path, &log, err, sizeof err));
    assert_int_equal(log.nev, 3);
    assert_int_equal(log.ev[1].icount, 250);
    assert_int_equal(log.ev[1].vtime_ns, 4000);
    assert_memory_equal(log.ev[0].data, "ab", 2);
    struct rp_end back;
    assert_true(rp_end_decode(log.ev[2].data, log.ev[2].len, &back));
    assert_int_equal(back.status, 3);
    assert_int_equal(back.cpu_icount[1], 6);
    assert_int_equal(back.vtime_ns, 99);
    rp_log_free(&log);

    /* Cut by one byte: truncated, with the file's length as the offset. */
    FILE *f = fopen(path, "rb");
    static uint8_t file[4096];
    size_t n = fread(file, 1, sizeof file, f);
    fclose(f);
    f = fopen(path, "wb");
    fwrite(file, 1, n - 1, f);
    fclose(f);
    assert_false(rp_log_read(path, &log, err, sizeof err));
    char want[64];
    snprintf(want, sizeof want, "truncated at byte %zu", n - 1);
    assert_non_null(strstr(err, want));
    /* A flipped byte in the chunk. */
    file[n - 2] ^= 0x40;
    f = fopen(path, "wb");
    fwrite(file, 1, n, f);
    fclose(f);
    assert_false(rp_log_read(path, &log, err, sizeof err));
    assert_non_null(strstr(err, "corrupt chunk at byte"));
    unlink(path);
}

static void test_header_match_names_the_difference(void **state)
{
    (void)state;
    char err[300];
    assert_true(rp_header_match("version=1\nargv=a\nopt.smp=1\n", "version=2\nargv=b\nopt.smp=1\n", "the log", err,
                                sizeof err));
    assert_false(rp_header_match("opt.smp=1\nopt.ram=5\n", "opt.smp=1\nopt.ram=6\n", "the log", err, sizeof err));
    assert_string_equal(err, "option ram differs: the log has 5, this run has 6");
    assert_false(rp_header_match("opt.smp=1\n", "opt.smp=1\nfile.kernel=abc 3 k\n", "the snapshot", err, sizeof err));
    assert_non_null(strstr(err, "payload file kernel: this run has abc 3 k, the snapshot has none"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_fips_examples),
        cmocka_unit_test(test_snap_sections),
        cmocka_unit_test(test_log_round_trip_and_damage),
        cmocka_unit_test(test_header_match_names_the_difference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
