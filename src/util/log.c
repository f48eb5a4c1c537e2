#include "util/log.h"

#include <stdio.h>
#include <string.h>

unsigned log_mask = LOG_UNIMP;
static FILE *log_out;

void log_set_stream(void *stream) { log_out = stream; }
void *log_stream(void) { return log_out ? log_out : stderr; }

static const struct { const char *name; unsigned bit; } log_names[] = {
    { "unimp", LOG_UNIMP }, { "guest", LOG_GUEST }, { "exc", LOG_EXC },
    { "insn", LOG_INSN },   { "dev", LOG_DEV },
    { "exceptions", LOG_EXCEPTIONS }, /* -d int is the same (cli.c's QEMU spellings) */
};

bool log_parse_mask(const char *list, unsigned *out)
{
    unsigned mask = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool found = len == 4 && strncmp(p, "none", 4) == 0;
        for (size_t i = 0; !found && i < sizeof log_names / sizeof log_names[0]; i++) {
            if (strlen(log_names[i].name) == len && strncmp(p, log_names[i].name, len) == 0) {
                mask |= log_names[i].bit;
                found = true;
            }
        }
        if (!found)
            return false;
        p += len;
        if (*p == ',')
            p++;
    }
    *out = mask;
    return true;
}

void log_msg(enum log_cat cat, const char *fmt, ...)
{
    if (!log_enabled(cat))
        return;
    va_list ap;
    va_start(ap, fmt);
    FILE *out = log_stream();
    fputs("a64emu: ", out);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("a64emu: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
