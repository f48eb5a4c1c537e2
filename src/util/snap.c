/* See snap.h. A section is: tag (SNAP_TAG_MAX bytes, NUL-padded), u64 length, the fields. */
#include "util/snap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void snap_init_save(struct snap *s)
{
    memset(s, 0, sizeof *s);
    s->section_at = SIZE_MAX;
}

void snap_init_load(struct snap *s, const uint8_t *data, size_t len)
{
    memset(s, 0, sizeof *s);
    s->load = true;
    s->buf = (uint8_t *)(uintptr_t)data;
    s->len = len;
    s->section_at = SIZE_MAX;
}

void snap_free(struct snap *s)
{
    if (!s->load)
        free(s->buf);
    s->buf = NULL;
}

void snap_fail(struct snap *s, const char *fmt, ...)
{
    if (s->failed)
        return;
    s->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
}

static void put(struct snap *s, const void *p, size_t n)
{
    if (s->failed)
        return;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + n)
            cap *= 2;
        uint8_t *nb = realloc(s->buf, cap);
        if (!nb) {
            snap_fail(s, "out of memory");
            return;
        }
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

static bool get(struct snap *s, void *p, size_t n)
{
    if (s->failed)
        return false;
    if (s->len - s->pos < n) {
        snap_fail(s, "section '%s' is cut short at byte %zu", s->section, s->pos);
        return false;
    }
    memcpy(p, s->buf + s->pos, n);
    s->pos += n;
    return true;
}

void snap_begin(struct snap *s, const char *tag)
{
    char t[SNAP_TAG_MAX] = { 0 };
    snprintf(t, sizeof t, "%s", tag);
    if (s->load) {
        char found[SNAP_TAG_MAX];
        uint64_t len = 0;
        if (s->failed)
            return;
        if (s->len - s->pos < SNAP_TAG_MAX + 8) {
            snap_fail(s, "section '%s' expected, the snapshot ends at byte %zu", t, s->pos);
            return;
        }
        get(s, found, SNAP_TAG_MAX);
        found[SNAP_TAG_MAX - 1] = 0;
        if (memcmp(found, t, SNAP_TAG_MAX) != 0) {
            snap_fail(s, "section '%s' expected at byte %zu, '%s' found", t, s->pos - SNAP_TAG_MAX, found);
            return;
        }
        get(s, &len, 8);
        if (len > s->len - s->pos) {
            snap_fail(s, "section '%s' at byte %zu claims %llu bytes, %zu remain", t, s->pos,
                      (unsigned long long)len, s->len - s->pos);
            return;
        }
        s->section_at = s->pos + (size_t)len; /* loading: where the section must end */
    } else {
        put(s, t, SNAP_TAG_MAX);
        uint64_t zero = 0;
        s->section_at = s->len;
        put(s, &zero, 8);
    }
    memcpy(s->section, t, SNAP_TAG_MAX);
}

void snap_end(struct snap *s)
{
    if (s->failed)
        return;
    if (s->load) {
        if (s->pos != s->section_at)
            snap_fail(s, "section '%s' holds %zu bytes more than this a64emu reads (another version's layout?)",
                      s->section, s->section_at - s->pos);
    } else {
        uint64_t len = s->len - s->section_at - 8;
        memcpy(s->buf + s->section_at, &len, 8);
    }
    s->section_at = SIZE_MAX;
}

void snap_bytes(struct snap *s, void *p, size_t n)
{
    if (s->load) {
        if (s->section_at != SIZE_MAX && !s->failed && s->pos + n > s->section_at) {
            snap_fail(s, "section '%s' is shorter than this a64emu reads (another version's layout?)", s->section);
            return;
        }
        get(s, p, n);
    } else {
        put(s, p, n);
    }
}

void snap_check_u64(struct snap *s, const char *what, uint64_t value)
{
    uint64_t v = value;
    snap_bytes(s, &v, sizeof v);
    if (s->load && !s->failed && v != value)
        snap_fail(s, "%s: %llu in the snapshot, %llu in this machine", what, (unsigned long long)v,
                  (unsigned long long)value);
}

bool snap_finish(struct snap *s)
{
    if (s->load && !s->failed && s->pos != s->len)
        snap_fail(s, "%zu bytes after the last section", s->len - s->pos);
    return !s->failed;
}
