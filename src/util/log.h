/*
 * Logging for a64emu: one line per event, on stderr, prefixed "a64emu: ".
 * Categories can be enabled at run time (-d LIST), so debugging needs no rebuild.
 */
#ifndef A64EMU_UTIL_LOG_H
#define A64EMU_UTIL_LOG_H

#include <stdarg.h>
#include <stdbool.h>

enum log_cat {
    LOG_UNIMP = 1u << 0,   /* unimplemented instruction / register (on by default) */
    LOG_GUEST = 1u << 1,   /* guest errors: bad MMIO, bus errors (-d guest_errors) */
    LOG_EXC   = 1u << 2,   /* every exception entry and return */
    LOG_INSN  = 1u << 3,   /* every executed instruction (slow) */
    LOG_DEV   = 1u << 4,   /* device register accesses */
    LOG_EXCEPTIONS = 1u << 5, /* the trap narrator: one line per exception taken (-d exceptions, -d int) */
};

#if defined(__GNUC__)
#define A64_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define A64_MUST_CHECK __attribute__((warn_unused_result))
#else
#define A64_PRINTF(f, a)
#define A64_MUST_CHECK
#endif

extern unsigned log_mask;

/* Where log lines go (a FILE *; NULL: stderr), for -D FILE. */
void log_set_stream(void *stream);
void *log_stream(void);
/* Parse "unimp,guest,exc,insn,dev,exceptions" (or "none"); returns false on an unknown name. */
bool log_parse_mask(const char *list, unsigned *out);
void log_msg(enum log_cat cat, const char *fmt, ...) A64_PRINTF(2, 3);
/* Unconditional host-side error line: "a64emu: <msg>". */
void log_error(const char *fmt, ...) A64_PRINTF(1, 2);

static inline bool log_enabled(enum log_cat cat) { return (log_mask & cat) != 0; }

#endif
