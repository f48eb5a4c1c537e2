/*
 * Host-side errors (style.md 6.9): bad options, bad images, bad traces. Guest faults are never
 * host errors; they become architectural exceptions.
 */
#ifndef A64EMU_UTIL_ERR_H
#define A64EMU_UTIL_ERR_H

enum a64emu_err {
    A64_OK = 0,
    A64_ERR_NOMEM,        /* allocation failed (any module) */
    A64_ERR_IO,           /* a host file could not be opened or read (loaders, CLI) */
    A64_ERR_EMPTY,        /* a payload file is empty (loaders) */
    A64_ERR_FORMAT,       /* a payload is corrupt or truncated (loaders) */
    A64_ERR_UNSUPPORTED,  /* well-formed but not for this machine: wrong ELF machine/class (loaders) */
    A64_ERR_RANGE,        /* does not fit: image outside RAM/flash, address overlaps (loaders, bus) */
    A64_ERR_OPTION,       /* a bad command-line option or value (CLI) */
    A64_ERR_COUNT
};

const char *a64emu_strerror(enum a64emu_err err);

#endif
