/*
 * Snapshot serialization (src/replay/snapshot.c; docs/record-replay.md): one visitor per
 * component, used both ways. A component's `xxx_snap(struct snap *s, ...)` names its section
 * and visits its fields in a fixed order; when saving the values are appended, when loading they
 * are read back into the same fields. Sections are tagged and sized, so a missing, extra,
 * reordered or resized section is detected ("section 'gic' expected, 'pl011' found").
 * Values are stored in the host's byte order; the snapshot header records it.
 */
#ifndef A64EMU_UTIL_SNAP_H
#define A64EMU_UTIL_SNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNAP_TAG_MAX 16

struct snap {
    bool load;
    uint8_t *buf;        /* saving: grows; loading: the data to read */
    size_t len, cap;     /* saving: bytes written; loading: bytes available */
    size_t pos;          /* loading: read position */
    size_t section_at;   /* offset of the open section's length field, or SIZE_MAX */
    char section[SNAP_TAG_MAX];
    bool failed;
    char err[240];
};

void snap_init_save(struct snap *s);
void snap_init_load(struct snap *s, const uint8_t *data, size_t len);
void snap_free(struct snap *s);   /* the save buffer */

void snap_begin(struct snap *s, const char *tag);
void snap_end(struct snap *s);
/* Raw bytes of a field, both ways. */
void snap_bytes(struct snap *s, void *p, size_t n);
#define SNAP(s, field) snap_bytes((s), &(field), sizeof(field))
/* A value that must be equal on load (a count, a size): a difference fails with its name. */
void snap_check_u64(struct snap *s, const char *what, uint64_t value);
/* Loading: every byte consumed? (call after the last section) */
bool snap_finish(struct snap *s);
/* Fail with a message (first one kept). */
void snap_fail(struct snap *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
