/*
 * Payload loaders: ELF64 AArch64 (through libelf), the arm64 Linux Image format, raw binaries,
 * and gzip-compressed forms of each (through zlib). All copy into guest memory with
 * bus_load_block(), so decoded code is invalidated as for any write.
 *
 * Error contract: every failure returns an a64emu_err and writes one line (no trailing newline)
 * naming the problem into `err`, e.g. "truncated ELF: segment 1 extends past the end of the file".
 * The caller prefixes the option and file name. Nothing here aborts on bad input.
 */
#ifndef A64EMU_MACHINE_LOADER_H
#define A64EMU_MACHINE_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus/bus.h"
#include "util/err.h"

#define LOADER_NO_ADDR UINT64_MAX
#define LOADER_MAX_IMAGE (1ull << 30) /* largest accepted payload, also after decompression */

enum loader_kind { LOADER_ELF, LOADER_LINUX_IMAGE, LOADER_RAW };

struct loader_image {
    enum loader_kind kind;
    bool gzipped;
    uint64_t entry;       /* where the CPU starts */
    uint64_t base, end;   /* guest physical range written [base, end) */
    /* arm64 Image header fields (kind == LOADER_LINUX_IMAGE) */
    uint64_t text_offset, image_size, flags;
};

/* Read a whole host file (at most `max` bytes). On success *data is malloc'd. */
enum a64emu_err loader_read_file(const char *path, size_t max, uint8_t **data, size_t *len,
                                 char *err, size_t errlen);

/* If data is gzip, decompress into a new buffer (replacing *data, *len); else leave it. */
enum a64emu_err loader_gunzip(uint8_t **data, size_t *len, bool *was_gzip, char *err, size_t errlen);

/*
 * Load a kernel the way QEMU's -kernel does on virt: ELF at its physical addresses, an arm64
 * Image at ram_base + text_offset (plus 2 MiB if text_offset is below the 4 KiB of QEMU's boot
 * stub; 0x80000 if image_size is 0), anything else raw at load_addr (or, if LOADER_NO_ADDR, at
 * ram_base + 0x80000 as QEMU treats unknown images as Linux). out->end is the first byte after
 * the image (image_size for an Image, which may exceed the file).
 */
enum a64emu_err loader_load_kernel(struct bus *bus, const char *path, uint64_t ram_base,
                                   uint64_t ram_size, uint64_t load_addr, struct loader_image *out,
                                   char *err, size_t errlen);

/* Load a file verbatim (never decompressed, as QEMU does for -bios and -initrd) at addr, no
 * larger than max_len. */
enum a64emu_err loader_load_blob(struct bus *bus, const char *path, uint64_t addr, uint64_t max_len,
                                 uint64_t *loaded_len, char *err, size_t errlen);

#endif
