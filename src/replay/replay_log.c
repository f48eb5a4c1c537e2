/* The replay log file: see replay_log.h for the layout. */
#include "replay/replay_log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void put32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void put64(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

static uint32_t crc(const void *p, size_t n) { return (uint32_t)crc32(0L, p, (uInt)n); }

bool rp_end_encode(const struct rp_end *e, uint8_t *buf, size_t cap, uint32_t *len)
{
    if (e->ncpus > RP_END_MAX_CPUS || cap < 52 + 8u * e->ncpus)
        return false;
    put32(buf, e->stop);
    put32(buf + 4, (uint32_t)e->status);
    memcpy(buf + 8, e->digest, 32);
    put64(buf + 40, e->vtime_ns);
    put32(buf + 48, e->ncpus);
    for (uint32_t i = 0; i < e->ncpus; i++)
        put64(buf + 52 + 8 * i, e->cpu_icount[i]);
    *len = 52 + 8 * e->ncpus;
    return true;
}

bool rp_end_decode(const uint8_t *buf, uint32_t len, struct rp_end *e)
{
    if (len < 52)
        return false;
    memset(e, 0, sizeof *e);
    e->stop = get32(buf);
    e->status = (int32_t)get32(buf + 4);
    memcpy(e->digest, buf + 8, 32);
    e->vtime_ns = get64(buf + 40);
    e->ncpus = get32(buf + 48);
    if (e->ncpus > RP_END_MAX_CPUS || len != 52 + 8 * e->ncpus)
        return false;
    for (uint32_t i = 0; i < e->ncpus; i++)
        e->cpu_icount[i] = get64(buf + 52 + 8 * i);
    return true;
}

/* ---- writing ---- */

struct rp_writer {
    FILE *f;
    char *path;
    uint8_t *buf;   /* events of the chunk being built */
    size_t len, cap;
    bool failed;
};

static bool write_all(struct rp_writer *w, const void *p, size_t n)
{
    if (!w->failed && fwrite(p, 1, n, w->f) != n)
        w->failed = true;
    return !w->failed;
}

static bool flush_chunk(struct rp_writer *w)
{
    if (!w->len)
        return !w->failed;
    uLongf clen = compressBound((uLong)w->len);
    uint8_t *c = malloc(16 + clen);
    if (!c || compress2(c + 16, &clen, w->buf, (uLong)w->len, 6) != Z_OK) {
        free(c);
        w->failed = true;
        return false;
    }
    memcpy(c, "CHNK", 4);
    put32(c + 4, (uint32_t)clen);
    put32(c + 8, (uint32_t)w->len);
    put32(c + 12, crc(w->buf, w->len));
    bool ok = write_all(w, c, 16 + clen) && fflush(w->f) == 0;
    free(c);
    w->len = 0;
    return ok;
}

struct rp_writer *rp_writer_open(const char *path, const char *header, char *err, size_t errlen)
{
    size_t hlen = strlen(header);
    if (hlen > RP_MAX_HEADER) {
        snprintf(err, errlen, "--record '%s': header too long", path);
        return NULL;
    }
    struct rp_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path)) || !(w->buf = malloc(RP_CHUNK_FLUSH + 4096))) {
        if (w)
            free(w->path);
        free(w);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->cap = RP_CHUNK_FLUSH + 4096;
    w->f = fopen(path, "wb");
    if (!w->f) {
        snprintf(err, errlen, "--record '%s': cannot create: %s", path, strerror(errno));
        free(w->buf);
        free(w->path);
        free(w);
        return NULL;
    }
    uint8_t fixed[20];
    memcpy(fixed, RP_MAGIC, 8);
    put32(fixed + 8, RP_FORMAT_VERSION);
    put32(fixed + 12, (uint32_t)hlen);
    put32(fixed + 16, crc(header, hlen));
    if (!write_all(w, fixed, sizeof fixed) || !write_all(w, header, hlen) || fflush(w->f) != 0) {
        snprintf(err, errlen, "--record '%s': write failed: %s", path, strerror(errno));
        fclose(w->f);
        free(w->buf);
        free(w->path);
        free(w);
        return NULL;
    }
    return w;
}

bool rp_writer_event(struct rp_writer *w, enum rp_event_type type, uint64_t icount, uint64_t vtime_ns, const void *data,
                     uint32_t len)
{
    if (len > RP_MAX_CHUNK / 2)
        return w->failed = true, false;
    if (w->len + RP_EV_HDR + len > w->cap) {
        size_t cap = w->len + RP_EV_HDR + len;
        uint8_t *nb = realloc(w->buf, cap);
        if (!nb)
            return w->failed = true, false;
        w->buf = nb;
        w->cap = cap;
    }
    uint8_t *p = w->buf + w->len;
    p[0] = (uint8_t)type;
    put64(p + 1, icount);
    put64(p + 9, vtime_ns);
    put32(p + 17, len);
    if (len)
        memcpy(p + RP_EV_HDR, data, len);
    w->len += RP_EV_HDR + len;
    if (w->len >= RP_CHUNK_FLUSH)
        return flush_chunk(w);
    return !w->failed;
}

bool rp_writer_close(struct rp_writer *w, char *err, size_t errlen)
{
    bool ok = flush_chunk(w);
    if (fclose(w->f) != 0)
        ok = false;
    if (!ok)
        snprintf(err, errlen, "--record '%s': write failed (disk full?)", w->path);
    free(w->buf);
    free(w->path);
    free(w);
    return ok;
}

/* ---- reading ---- */

#define FAIL(off, ...)                                                           \
    do {                                                                         \
        int n_ = snprintf(err, errlen, "replay log '%s': ", path);               \
        if (n_ > 0 && (size_t)n_ < errlen)                                       \
            snprintf(err + n_, errlen - (size_t)n_, __VA_ARGS__);                \
        (void)(off);                                                             \
        goto fail;                                                               \
    } while (0)

static bool known_type(unsigned t)
{
    return t == RP_EV_INPUT || t == RP_EV_SEMI_READ || t == RP_EV_RANDOM || t == RP_EV_HOST_TIME ||
           t == RP_EV_NET_RX || t == RP_EV_END;
}

bool rp_log_read(const char *path, struct rp_log *log, char *err, size_t errlen)
{
    memset(log, 0, sizeof *log);
    uint8_t *file = NULL;
    size_t size = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "replay log '%s': cannot open: %s", path, strerror(errno));
        return false;
    }
    if (fseek(f, 0, SEEK_END) == 0) {
        long l = ftell(f);
        if (l > 0) {
            size = (size_t)l;
            rewind(f);
            file = malloc(size);
            if (!file || fread(file, 1, size, f) != size) {
                fclose(f);
                free(file);
                snprintf(err, errlen, "replay log '%s': cannot read", path);
                return false;
            }
        }
    }
    fclose(f);
    size_t cap_ev = 0;
    if (size < 20 || memcmp(file, RP_MAGIC, 8) != 0)
        FAIL(0, "not an a64emu replay log (no \"%s\" magic at byte 0)", RP_MAGIC);
    uint32_t version = get32(file + 8), hlen = get32(file + 12);
    if (version != RP_FORMAT_VERSION)
        FAIL(8, "format version %" PRIu32 " at byte 8; this a64emu reads version %u", version, RP_FORMAT_VERSION);
    if (hlen > RP_MAX_HEADER)
        FAIL(12, "corrupt header length %" PRIu32 " at byte 12", hlen);
    if (size - 20 < hlen)
        FAIL(20, "truncated at byte %zu: the header needs %" PRIu32 " bytes from byte 20", size, hlen);
    if (crc(file + 20, hlen) != get32(file + 16))
        FAIL(20, "corrupt header at byte 20 (CRC-32 mismatch)");
    log->header = malloc(hlen + 1);
    if (!log->header)
        FAIL(0, "out of memory");
    memcpy(log->header, file + 20, hlen);
    log->header[hlen] = 0;
    if (memchr(log->header, 0, hlen))
        FAIL(20, "corrupt header at byte 20 (a NUL byte in the text)");

    /* Pass 1: check every chunk and inflate it into one buffer. */
    size_t off = 20 + (size_t)hlen;
    bool ended = false;
    while (off < size) {
        if (ended)
            FAIL(off, "data after the end event at byte %zu", off);
        if (size - off < 16)
            FAIL(off, "truncated at byte %zu: a chunk header needs 16 bytes, %zu remain", off, size - off);
        if (memcmp(file + off, "CHNK", 4) != 0)
            FAIL(off, "corrupt chunk at byte %zu (no CHNK tag)", off);
        uint32_t clen = get32(file + off + 4), ulen = get32(file + off + 8), sum = get32(file + off + 12);
        if (clen > RP_MAX_CHUNK || ulen > RP_MAX_CHUNK || ulen == 0)
            FAIL(off, "corrupt chunk at byte %zu (lengths %" PRIu32 "/%" PRIu32 ")", off, clen, ulen);
        if (size - off - 16 < clen)
            FAIL(off, "truncated at byte %zu: the chunk at byte %zu needs %" PRIu32 " bytes, %zu remain", size, off,
                 clen, size - off - 16);
        uint8_t *nd = realloc(log->data, log->data_len + ulen);
        if (!nd)
            FAIL(off, "out of memory");
        log->data = nd;
        uLongf got = ulen;
        if (uncompress(log->data + log->data_len, &got, file + off + 16, clen) != Z_OK || got != ulen ||
            crc(log->data + log->data_len, ulen) != sum)
            FAIL(off, "corrupt chunk at byte %zu (zlib data or CRC-32 mismatch)", off);
        /* Pass 2 for this chunk: its events. */
        size_t p = log->data_len, end = log->data_len + ulen;
        while (p < end) {
            if (ended)
                FAIL(off, "corrupt chunk at byte %zu (events after the end event)", off);
            if (end - p < RP_EV_HDR)
                FAIL(off, "corrupt chunk at byte %zu (an event header is cut)", off);
            unsigned type = log->data[p];
            uint32_t len = get32(log->data + p + 17);
            if (!known_type(type))
                FAIL(off, "corrupt chunk at byte %zu (unknown event type %u)", off, type);
            if (end - p - RP_EV_HDR < len)
                FAIL(off, "corrupt chunk at byte %zu (an event's data is cut)", off);
            if (log->nev == cap_ev) {
                cap_ev = cap_ev ? 2 * cap_ev : 256;
                struct rp_event *ne = realloc(log->ev, cap_ev * sizeof *ne);
                if (!ne)
                    FAIL(off, "out of memory");
                log->ev = ne;
            }
            /* data pointers are fixed up after the last realloc of log->data */
            log->ev[log->nev++] = (struct rp_event){ .type = (enum rp_event_type)type,
                                                     .icount = get64(log->data + p + 1),
                                                     .vtime_ns = get64(log->data + p + 9), .len = len,
                                                     .data = (const uint8_t *)(uintptr_t)(p + RP_EV_HDR),
                                                     .file_offset = off };
            if (type == RP_EV_END)
                ended = true;
            p += RP_EV_HDR + len;
        }
        log->data_len = end;
        off += 16 + clen;
    }
    if (!ended)
        FAIL(off, "truncated at byte %zu: no end event (the recording did not finish)", size);
    for (size_t i = 0; i < log->nev; i++)
        log->ev[i].data = log->data + (uintptr_t)log->ev[i].data;
    free(file);
    return true;
fail:
    free(file);
    rp_log_free(log);
    return false;
}

void rp_log_free(struct rp_log *log)
{
    free(log->header);
    free(log->ev);
    free(log->data);
    memset(log, 0, sizeof *log);
}
