/* Snapshot files: see snapshot.h. */
#include "replay/snapshot.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "replay/replay_header.h"
#include "util/snap.h"

#define BYTE_ORDER_MARK 0x01020304u
#define FIXED 24 /* magic, version, byte order, header length, header CRC */

static uint32_t crc(const void *p, size_t n) { return (uint32_t)crc32(0L, p, (uInt)n); }

/* The lines of a header that describe the machine (not the invocation). */
static char *machine_lines(const char *header)
{
    char *out = malloc(strlen(header) + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (const char *p = header; *p;) {
        const char *eol = strchr(p, '\n');
        size_t l = eol ? (size_t)(eol - p) + 1 : strlen(p);
        if (!strncmp(p, "version=", 8) || !strncmp(p, "opt.", 4) || !strncmp(p, "file.", 5)) {
            memcpy(out + n, p, l);
            n += l;
        }
        p += l;
    }
    out[n] = 0;
    return out;
}

static bool write_file(const char *path, const void *a, size_t alen, const void *b, size_t blen, char *err, size_t errlen)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 5);
    if (!tmp) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    snprintf(tmp, plen + 5, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(a, 1, alen, f) == alen && fwrite(b, 1, blen, f) == blen && fflush(f) == 0 &&
              fsync(fileno(f)) == 0;
    int e = errno;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0) {
        e = errno;
        ok = false;
    }
    if (!ok) {
        snprintf(err, errlen, "snapshot '%s': cannot write: %s (any previous snapshot is unchanged)", path, strerror(e));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

bool snapshot_save(struct machine *m, const char *path, const char *header, char *err, size_t errlen)
{
    struct snap s;
    snap_init_save(&s);
    if (!machine_snap(m, &s)) {
        snprintf(err, errlen, "snapshot '%s': %s", path, s.err);
        snap_free(&s);
        return false;
    }
    char *hdr = machine_lines(header);
    uLongf clen = compressBound((uLong)s.len);
    uint8_t *c = hdr ? malloc(clen) : NULL;
    if (!c || compress2(c, &clen, s.buf, (uLong)s.len, 6) != Z_OK) {
        snprintf(err, errlen, "snapshot '%s': out of memory", path);
        free(c);
        free(hdr);
        snap_free(&s);
        return false;
    }
    size_t hlen = strlen(hdr);
    size_t prelen = FIXED + hlen + 20;
    uint8_t *pre = malloc(prelen);
    bool ok = false;
    if (pre) {
        uint32_t v32[4] = { SNAPSHOT_VERSION, BYTE_ORDER_MARK, (uint32_t)hlen, crc(hdr, hlen) };
        memcpy(pre, SNAPSHOT_MAGIC, 8);
        memcpy(pre + 8, v32, 16);
        memcpy(pre + FIXED, hdr, hlen);
        uint64_t slen = s.len, cl = clen;
        uint32_t scrc = crc(s.buf, s.len);
        memcpy(pre + FIXED + hlen, &slen, 8);
        memcpy(pre + FIXED + hlen + 8, &scrc, 4);
        memcpy(pre + FIXED + hlen + 12, &cl, 8);
        ok = write_file(path, pre, prelen, c, clen, err, errlen);
    } else {
        snprintf(err, errlen, "out of memory");
    }
    free(pre);
    free(c);
    free(hdr);
    snap_free(&s);
    return ok;
}

#define FAIL(...)                                                      \
    do {                                                               \
        int n_ = snprintf(err, errlen, "snapshot '%s': ", path);       \
        if (n_ > 0 && (size_t)n_ < errlen)                             \
            snprintf(err + n_, errlen - (size_t)n_, __VA_ARGS__);      \
        goto out;                                                      \
    } while (0)

bool snapshot_load(struct machine *m, const char *path, const char *header, char *err, size_t errlen)
{
    bool ok = false;
    uint8_t *file = NULL, *state = NULL;
    char *hdr = NULL, *now = NULL;
    size_t size = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "snapshot '%s': cannot open: %s", path, strerror(errno));
        return false;
    }
    if (fseek(f, 0, SEEK_END) == 0) {
        long l = ftell(f);
        if (l > 0 && (file = malloc((size_t)l)) != NULL) {
            rewind(f);
            size = fread(file, 1, (size_t)l, f);
        }
    }
    fclose(f);
    if (size < FIXED || memcmp(file, SNAPSHOT_MAGIC, 8) != 0)
        FAIL("not an a64emu snapshot (no \"%s\" magic at byte 0)", SNAPSHOT_MAGIC);
    uint32_t v32[4];
    memcpy(v32, file + 8, 16);
    if (v32[1] != BYTE_ORDER_MARK)
        FAIL("written on a host of the other byte order (byte 12)");
    if (v32[0] != SNAPSHOT_VERSION)
        FAIL("format version %" PRIu32 " at byte 8; this a64emu reads version %u", v32[0], SNAPSHOT_VERSION);
    size_t hlen = v32[2];
    if (hlen > size - FIXED || size - FIXED - hlen < 20)
        FAIL("truncated at byte %zu (the header needs %zu bytes and the state's lengths 20 more)", size, hlen);
    if (crc(file + FIXED, hlen) != v32[3])
        FAIL("corrupt header at byte %d (CRC-32 mismatch)", FIXED);
    hdr = malloc(hlen + 1);
    now = machine_lines(header);
    if (!hdr || !now)
        FAIL("out of memory");
    memcpy(hdr, file + FIXED, hlen);
    hdr[hlen] = 0;
    char why[300];
    if (!rp_header_match(hdr, now, "the snapshot", why, sizeof why))
        FAIL("taken on another machine: %s", why);
    size_t at = FIXED + hlen;
    uint64_t slen, clen;
    uint32_t scrc;
    memcpy(&slen, file + at, 8);
    memcpy(&scrc, file + at + 8, 4);
    memcpy(&clen, file + at + 12, 8);
    at += 20;
    if (clen != size - at)
        FAIL("%s at byte %zu: the state is %" PRIu64 " compressed bytes, %zu are there",
             clen > size - at ? "truncated" : "trailing data", clen > size - at ? size : at + (size_t)clen, clen, size - at);
    if (slen > (1ull << 40) || !(state = malloc(slen ? slen : 1)))
        FAIL("corrupt state length at byte %zu", at - 20);
    uLongf got = slen;
    if (uncompress(state, &got, file + at, clen) != Z_OK || got != slen || crc(state, slen) != scrc)
        FAIL("corrupt state at byte %zu (zlib data or CRC-32 mismatch)", at);
    struct snap s;
    snap_init_load(&s, state, slen);
    if (!machine_snap(m, &s) || !snap_finish(&s))
        FAIL("%s", s.err);
    ok = true;
out:
    free(file);
    free(state);
    free(hdr);
    free(now);
    return ok;
}
