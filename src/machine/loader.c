/*
 * Payload loaders. Formats: ELF64 (System V gABI; AArch64 ELF ABI for EM_AARCH64), the arm64
 * Linux Image header (Documentation/arch/arm64/booting.rst), gzip (RFC 1952) through zlib.
 */
#include "machine/loader.h"

#include "machine/boot.h"

#include "util/log.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define KERNEL64_LOAD_OFFSET 0x80000ull /* QEMU's offset for images without a text_offset */
#define ARM64_IMAGE_MAGIC 0x644d5241u   /* "ARM\x64" at offset 56 */

static enum a64emu_err fail(enum a64emu_err e, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static enum a64emu_err fail(enum a64emu_err e, char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return e;
}

enum a64emu_err loader_read_file(const char *path, size_t max, uint8_t **data, size_t *len, char *err,
                                 size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(A64_ERR_IO, err, errlen, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return fail(A64_ERR_IO, err, errlen, "not a regular file");
    }
    if ((uint64_t)st.st_size > max) {
        fclose(f);
        return fail(A64_ERR_RANGE, err, errlen, "file is %llu bytes, more than the %llu allowed",
                    (unsigned long long)st.st_size, (unsigned long long)max);
    }
    if (st.st_size == 0) {
        fclose(f);
        return fail(A64_ERR_EMPTY, err, errlen, "file is empty");
    }
    size_t n = (size_t)st.st_size;
    uint8_t *buf = malloc(n);
    if (!buf) {
        fclose(f);
        return fail(A64_ERR_NOMEM, err, errlen, "out of memory reading %zu bytes", n);
    }
    size_t got = fread(buf, 1, n, f);
    int rerr = ferror(f);
    fclose(f);
    if (got != n || rerr) {
        free(buf);
        return fail(A64_ERR_IO, err, errlen, "read error after %zu of %zu bytes", got, n);
    }
    *data = buf;
    *len = n;
    return A64_OK;
}

enum a64emu_err loader_gunzip(uint8_t **data, size_t *len, bool *was_gzip, char *err, size_t errlen)
{
    *was_gzip = *len >= 2 && (*data)[0] == 0x1f && (*data)[1] == 0x8b;
    if (!*was_gzip)
        return A64_OK;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return fail(A64_ERR_NOMEM, err, errlen, "cannot initialise zlib");
    size_t cap = *len * 4 < (1u << 20) ? (1u << 20) : *len * 4, out_len = 0;
    uint8_t *out = malloc(cap);
    if (!out) {
        inflateEnd(&zs);
        return fail(A64_ERR_NOMEM, err, errlen, "out of memory decompressing");
    }
    zs.next_in = *data;
    zs.avail_in = (uInt)*len;
    int rc;
    for (;;) {
        if (out_len == cap) {
            if (cap >= LOADER_MAX_IMAGE) {
                free(out);
                inflateEnd(&zs);
                return fail(A64_ERR_RANGE, err, errlen, "gzip data expands beyond %llu MiB",
                            (unsigned long long)(LOADER_MAX_IMAGE >> 20));
            }
            size_t ncap = cap * 2 > LOADER_MAX_IMAGE ? LOADER_MAX_IMAGE : cap * 2;
            uint8_t *n = realloc(out, ncap);
            if (!n) {
                free(out);
                inflateEnd(&zs);
                return fail(A64_ERR_NOMEM, err, errlen, "out of memory decompressing");
            }
            out = n;
            cap = ncap;
        }
        zs.next_out = out + out_len;
        zs.avail_out = (uInt)(cap - out_len);
        rc = inflate(&zs, Z_NO_FLUSH);
        out_len = cap - zs.avail_out;
        if (rc == Z_STREAM_END)
            break;
        if (rc == Z_OK)
            continue;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            free(out);
            inflateEnd(&zs);
            return fail(A64_ERR_FORMAT, err, errlen, "truncated gzip data (ends after %zu compressed bytes)", *len);
        }
        if (rc == Z_BUF_ERROR)
            continue;
        free(out);
        const char *msg = zs.msg ? zs.msg : "inflate failed";
        char m[128];
        snprintf(m, sizeof m, "%s", msg);
        inflateEnd(&zs);
        return fail(A64_ERR_FORMAT, err, errlen, "corrupt gzip data: %s", m);
    }
    inflateEnd(&zs);
    if (out_len == 0) {
        free(out);
        return fail(A64_ERR_EMPTY, err, errlen, "gzip data decompresses to nothing");
    }
    free(*data);
    *data = out;
    *len = out_len;
    return A64_OK;
}

static enum a64emu_err place(struct bus *bus, uint64_t addr, const void *src, uint64_t len, char *err,
                             size_t errlen, const char *what)
{
    if (len && (addr + len - 1 < addr || bus_load_block(bus, addr, src, (size_t)len) != A64_OK))
        return fail(A64_ERR_RANGE, err, errlen, "%s of %llu bytes at 0x%llx is outside guest RAM and flash", what,
                    (unsigned long long)len, (unsigned long long)addr);
    return A64_OK;
}

/* True if no byte of [addr, addr + len) is RAM or flash. */
static bool outside_memory(struct bus *bus, uint64_t addr, uint64_t len)
{
    if (len == 0 || addr + len - 1 < addr)
        return false;
    for (size_t i = 0; i < bus_region_count(bus); i++) {
        const struct bus_region *r = bus_region_at(bus, i);
        if (r->host && addr < r->base + r->size && addr + len > r->base)
            return false;
    }
    return true;
}

static enum a64emu_err load_elf(struct bus *bus, uint8_t *data, size_t len, struct loader_image *out,
                                char *err, size_t errlen)
{
    if (len < EI_NIDENT)
        return fail(A64_ERR_FORMAT, err, errlen, "truncated ELF: %zu bytes, shorter than the identification", len);
    if (data[EI_CLASS] != ELFCLASS64)
        return fail(A64_ERR_UNSUPPORTED, err, errlen, "32-bit ELF (ELFCLASS%s); a64emu runs AArch64 (ELF64) only",
                    data[EI_CLASS] == ELFCLASS32 ? "32" : "NONE");
    if (data[EI_DATA] != ELFDATA2LSB)
        return fail(A64_ERR_UNSUPPORTED, err, errlen, "big-endian ELF; a64emu runs little-endian AArch64 only");
    if (len < sizeof(Elf64_Ehdr))
        return fail(A64_ERR_FORMAT, err, errlen, "truncated ELF: %zu bytes, shorter than the ELF header", len);
    elf_version(EV_CURRENT);
    Elf *e = elf_memory((char *)data, len);
    if (!e)
        return fail(A64_ERR_FORMAT, err, errlen, "corrupt ELF: %s", elf_errmsg(-1));
    enum a64emu_err rc = A64_OK;
    Elf64_Ehdr *eh = elf64_getehdr(e);
    if (!eh) {
        rc = fail(A64_ERR_FORMAT, err, errlen, "corrupt ELF header: %s", elf_errmsg(-1));
        goto out;
    }
    if (eh->e_machine != EM_AARCH64) {
        rc = fail(A64_ERR_UNSUPPORTED, err, errlen, "ELF for machine %u, not AArch64 (%u)", eh->e_machine, EM_AARCH64);
        goto out;
    }
    if (eh->e_type != ET_EXEC) {
        rc = fail(A64_ERR_UNSUPPORTED, err, errlen, "ELF type %u is not an executable (ET_EXEC); link at a fixed address",
                  eh->e_type);
        goto out;
    }
    if (eh->e_phoff > len || eh->e_phnum > (len - eh->e_phoff) / sizeof(Elf64_Phdr)) {
        rc = fail(A64_ERR_FORMAT, err, errlen, "truncated ELF: %u program headers at offset %llu extend past the end of the file",
                  eh->e_phnum, (unsigned long long)eh->e_phoff);
        goto out;
    }
    Elf64_Phdr *ph = elf64_getphdr(e);
    if (!ph || eh->e_phnum == 0) {
        rc = fail(A64_ERR_FORMAT, err, errlen, "ELF has no program headers%s%s", ph ? "" : ": ", ph ? "" : elf_errmsg(-1));
        goto out;
    }
    out->base = UINT64_MAX;
    out->end = 0;
    unsigned loads = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        const Elf64_Phdr *p = &ph[i];
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        if (p->p_offset > len || p->p_filesz > len - p->p_offset) {
            rc = fail(A64_ERR_FORMAT, err, errlen, "truncated ELF: segment %u (%llu bytes at offset %llu) extends past the end of the file",
                      i, (unsigned long long)p->p_filesz, (unsigned long long)p->p_offset);
            goto out;
        }
        if (p->p_filesz > p->p_memsz || p->p_memsz > LOADER_MAX_IMAGE) {
            rc = fail(A64_ERR_FORMAT, err, errlen, "corrupt ELF: segment %u has file size %llu and memory size %llu", i,
                      (unsigned long long)p->p_filesz, (unsigned long long)p->p_memsz);
            goto out;
        }
        char what[32];
        snprintf(what, sizeof what, "segment %u", i);
        if (!(p->p_flags & (PF_X | PF_W)) && outside_memory(bus, p->p_paddr, p->p_memsz)) {
            /* A read-only segment where nothing backs the addresses: the guest could never see
             * its bytes, and QEMU drops it too. ld makes one for the ELF headers when -Ttext
             * puts the program at the start of RAM (the headers land just below 0x4000_0000).
             * Code or writable data outside memory is still an error. */
            log_msg(LOG_GUEST, "ELF segment %u at 0x%llx-0x%llx lies outside guest memory: not loaded", i,
                    (unsigned long long)p->p_paddr, (unsigned long long)(p->p_paddr + p->p_memsz));
            continue;
        }
        if ((rc = place(bus, p->p_paddr, data + p->p_offset, p->p_filesz, err, errlen, what)) != A64_OK)
            goto out;
        uint64_t bss = p->p_memsz - p->p_filesz;
        if (bss) {
            uint8_t *zero = calloc(1, (size_t)bss);
            if (!zero) {
                rc = fail(A64_ERR_NOMEM, err, errlen, "out of memory");
                goto out;
            }
            rc = place(bus, p->p_paddr + p->p_filesz, zero, bss, err, errlen, what);
            free(zero);
            if (rc != A64_OK)
                goto out;
        }
        if (p->p_paddr < out->base)
            out->base = p->p_paddr;
        if (p->p_paddr + p->p_memsz > out->end)
            out->end = p->p_paddr + p->p_memsz;
        loads++;
    }
    if (!loads) {
        rc = fail(A64_ERR_FORMAT, err, errlen, "ELF has no loadable segment");
        goto out;
    }
    {
        const struct bus_region *r = bus_find(bus, eh->e_entry);
        if (!r || !r->host) {
            rc = fail(A64_ERR_RANGE, err, errlen, "ELF entry point 0x%llx is outside guest RAM and flash",
                      (unsigned long long)eh->e_entry);
            goto out;
        }
    }
    out->kind = LOADER_ELF;
    out->entry = eh->e_entry;
out:
    elf_end(e);
    return rc;
}

static uint64_t le64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static enum a64emu_err load_image(struct bus *bus, const uint8_t *data, size_t len, uint64_t ram_base,
                                  uint64_t ram_size, struct loader_image *out, char *err, size_t errlen)
{
    out->text_offset = le64(data + 8);
    out->image_size = le64(data + 16);
    out->flags = le64(data + 24);
    if (out->flags & 1)
        return fail(A64_ERR_UNSUPPORTED, err, errlen, "big-endian arm64 Image (flags bit 0); a64emu is little-endian only");
    /* booting.rst: image_size 0 means a pre-3.17 kernel with text_offset 0x80000. QEMU's boot
     * stub occupies the first 4 KiB of RAM, so a text_offset below that moves to the next 2 MiB
     * boundary (the Image only asks for an offset from any 2 MiB boundary): a current kernel,
     * text_offset 0, runs at RAM + 2 MiB. */
    uint64_t offset = out->image_size == 0 ? KERNEL64_LOAD_OFFSET : out->text_offset;
    if (out->image_size != 0 && offset < BOOT_STUB_MAX)
        offset += 2ull << 20;
    uint64_t need = out->image_size > len ? out->image_size : len;
    if (offset >= ram_size || need > ram_size - offset)
        return fail(A64_ERR_RANGE, err, errlen, "Image needs %llu MiB at RAM offset 0x%llx; RAM is only %llu MiB (use -m)",
                    (unsigned long long)((need + (1u << 20) - 1) >> 20), (unsigned long long)offset,
                    (unsigned long long)(ram_size >> 20));
    enum a64emu_err rc = place(bus, ram_base + offset, data, len, err, errlen, "Image");
    if (rc != A64_OK)
        return rc;
    out->kind = LOADER_LINUX_IMAGE;
    out->base = out->entry = ram_base + offset;
    out->end = ram_base + offset + need;
    return A64_OK;
}

enum a64emu_err loader_load_kernel(struct bus *bus, const char *path, uint64_t ram_base, uint64_t ram_size,
                                   uint64_t load_addr, struct loader_image *out, char *err, size_t errlen)
{
    uint8_t *data = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    enum a64emu_err rc = loader_read_file(path, LOADER_MAX_IMAGE, &data, &len, err, errlen);
    if (rc != A64_OK)
        return rc;
    rc = loader_gunzip(&data, &len, &out->gzipped, err, errlen);
    if (rc != A64_OK) { /* the message already says "gzip" */
        free(data);
        return rc;
    }
    if (len >= 4 && memcmp(data, ELFMAG, SELFMAG) == 0) {
        rc = load_elf(bus, data, len, out, err, errlen);
    } else if (len >= 64 && (uint32_t)le64(data + 56) == ARM64_IMAGE_MAGIC) {
        rc = load_image(bus, data, len, ram_base, ram_size, out, err, errlen);
    } else {
        uint64_t addr = load_addr != LOADER_NO_ADDR ? load_addr : ram_base + KERNEL64_LOAD_OFFSET;
        rc = place(bus, addr, data, len, err, errlen, "raw image");
        out->kind = LOADER_RAW;
        out->base = out->entry = addr;
        out->end = addr + len;
    }
    if (rc != A64_OK && out->gzipped) { /* the problem is in the decompressed data */
        char inner[256];
        snprintf(inner, sizeof inner, "%s", err);
        snprintf(err, errlen, "%s (after gzip decompression)", inner);
    }
    free(data);
    return rc;
}

enum a64emu_err loader_load_blob(struct bus *bus, const char *path, uint64_t addr, uint64_t max_len,
                                 uint64_t *loaded_len, char *err, size_t errlen)
{
    uint8_t *data = NULL;
    size_t len = 0;
    enum a64emu_err rc = loader_read_file(path, max_len < LOADER_MAX_IMAGE ? (size_t)max_len : LOADER_MAX_IMAGE,
                                          &data, &len, err, errlen);
    if (rc != A64_OK)
        return rc;
    rc = place(bus, addr, data, len, err, errlen, "file");
    free(data);
    if (rc == A64_OK)
        *loaded_len = len;
    return rc;
}
