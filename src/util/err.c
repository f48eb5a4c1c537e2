#include "util/err.h"

static const char *const err_text[A64_ERR_COUNT] = {
    [A64_OK] = "success",
    [A64_ERR_NOMEM] = "out of memory",
    [A64_ERR_IO] = "cannot read file",
    [A64_ERR_EMPTY] = "file is empty",
    [A64_ERR_FORMAT] = "corrupt or truncated image",
    [A64_ERR_UNSUPPORTED] = "unsupported image",
    [A64_ERR_RANGE] = "does not fit in guest memory",
    [A64_ERR_OPTION] = "bad option",
};

const char *a64emu_strerror(enum a64emu_err err)
{
    if ((unsigned)err >= A64_ERR_COUNT)
        return "unknown error";
    return err_text[err];
}
