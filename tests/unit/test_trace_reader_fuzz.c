/*
 * The trace reader on hostile input (src/trace/trace_reader.c): files whose header and chunk
 * checksums are valid but whose records are random bytes (biased towards real tags, so parsing
 * gets deep). Every file must end in an error or a clean end, in bounded time, without reading
 * out of bounds: run under -DA64EMU_SANITIZE=ON, ASan and UBSan check that.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "trace/trace_format.h"
#include "trace/trace_reader.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

static void put32(FILE *f, uint32_t v)
{
    uint8_t b[4];
    trace_put_le32(b, v);
    fwrite(b, 1, 4, f);
}

static void write_file(const char *path, const uint8_t *raw, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    uint8_t body[16] = { 1, 'x', 0, 2, 0 }; /* version "x", empty command line, 2 vCPUs, no digests */
    fwrite(TRACE_MAGIC, 1, 8, f);
    put32(f, TRACE_FORMAT_VERSION);
    put32(f, 5);
    fwrite(body, 1, 5, f);
    put32(f, (uint32_t)crc32(0, body, 5));
    static uint8_t z[1 << 16];
    uLongf zlen = sizeof z;
    assert_int_equal(compress2(z, &zlen, raw, (uLong)len, 1), Z_OK);
    put32(f, TRACE_CHUNK_MAGIC);
    put32(f, (uint32_t)len);
    put32(f, (uint32_t)zlen);
    put32(f, (uint32_t)crc32(0, z, (uInt)zlen));
    fwrite(z, 1, zlen, f);
    fclose(f);
}

static void test_trace_reader_fuzz_records(void **state)
{
    (void)state;
    char path[] = "/tmp/a64emu-trace-fuzz-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct trace_event *ev = malloc(sizeof *ev);
    static uint8_t raw[4096];
    unsigned ends = 0, errors = 0;
    for (unsigned iter = 0; iter < 1000; iter++) {
        size_t len = 1 + rnd() % sizeof raw;
        /* A valid start (vCPU 0) most of the time, then biased random bytes. */
        size_t i = 0;
        if (rnd() % 4) {
            raw[i++] = TT_CPU;
            raw[i++] = (uint8_t)(rnd() % 3);
        }
        for (; i < len; i++) {
            uint32_t k = rnd() % 8;
            raw[i] = k < 3 ? (uint8_t)(1 + rnd() % 12) : k < 5 ? (uint8_t)(rnd() % 0x100) : k < 7 ? (uint8_t)(rnd() % 16) : 0x80 | (uint8_t)rnd();
        }
        if (rnd() % 8 == 0) { /* sometimes a proper end record */
            raw[len - 2 < sizeof raw ? len - 2 : 0] = TT_END;
        }
        write_file(path, raw, len);
        char err[1100];
        struct trace_reader *r = trace_reader_open(path, err, sizeof err);
        assert_non_null(r);
        int rc;
        unsigned n = 0;
        while ((rc = trace_reader_next(r, ev)) > 0)
            assert_true(++n <= len); /* at least one byte per event: no loop */
        if (rc == 0)
            ends++;
        else {
            errors++;
            assert_non_null(strstr(trace_reader_error(r), "offset"));
        }
        assert_int_equal(trace_reader_next(r, ev), rc); /* stays put */
        trace_reader_close(r);
    }
    assert_true(errors > 0);
    unlink(path);
    free(ev);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_reader_fuzz_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
