/*
 * --disas FILE: lines as objdump prints them, "<addr>:\t<word> \t<mnemonic>\t<operands>", so the
 * two outputs can be diffed. Differences by design (docs/disassembly.md): branch and literal
 * targets are printed as 0x<address> without objdump's " <symbol+off>" suffix, and data in an
 * executable section (objdump's .word lines from $d mapping symbols) is disassembled as words.
 */
#include "frontend/disas_file.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "decode/decode.h"

/* objdump drops the address's leading zeros in chunks of four, keeping at least one, sized by
 * the block's end address; the remaining leading zeros print as spaces. */
static unsigned addr_skip(uint64_t end)
{
    char buf[17];
    snprintf(buf, sizeof buf, "%016" PRIx64, end);
    unsigned skip = 0;
    while (buf[skip] == '0')
        skip++;
    return skip ? (skip - 1) & ~3u : 0;
}

static void disas_block(const uint8_t *data, size_t size, uint64_t addr, FILE *out)
{
    unsigned skip = addr_skip(addr + size);
    for (size_t off = 0; off + 4 <= size; off += 4) {
        uint32_t word = (uint32_t)data[off] | (uint32_t)data[off + 1] << 8 |
                        (uint32_t)data[off + 2] << 16 | (uint32_t)data[off + 3] << 24;
        struct a64_insn in;
        char text[256], abuf[17];
        dec_decode(word, ~0u, &in); /* every row: a listing names what the table knows */
        dec_disassemble(&in, addr + off, text, sizeof text);
        char *space = strchr(text, ' '); /* objdump separates the mnemonic with a tab */
        if (space)
            *space = '\t';
        snprintf(abuf, sizeof abuf, "%016" PRIx64, addr + off);
        char *a = abuf + skip;
        for (char *s = a; *s == '0' && s[1]; s++)
            *s = ' ';
        fprintf(out, "%s:\t%08" PRIx32 " \t%s\n", a, word, text);
    }
}

static int disas_elf(const char *path, int fd, FILE *out)
{
    elf_version(EV_CURRENT);
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    GElf_Ehdr eh;
    if (!e || !gelf_getehdr(e, &eh)) {
        fprintf(stderr, "a64emu: --disas %s: not a readable ELF file (%s)\n", path, elf_errmsg(-1));
        if (e)
            elf_end(e);
        return 2;
    }
    if (eh.e_machine != EM_AARCH64 || eh.e_ident[EI_CLASS] != ELFCLASS64) {
        fprintf(stderr, "a64emu: --disas %s: not a 64-bit AArch64 ELF file (e_machine %u)\n", path, eh.e_machine);
        elf_end(e);
        return 2;
    }
    size_t shstrndx;
    if (elf_getshdrstrndx(e, &shstrndx) != 0)
        shstrndx = 0;
    unsigned sections = 0;
    for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR))
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        if (!d || !d->d_buf)
            continue;
        const char *name = shstrndx ? elf_strptr(e, shstrndx, sh.sh_name) : NULL;
        fprintf(out, "\nDisassembly of section %s:\n\n", name ? name : "?");
        disas_block(d->d_buf, d->d_size, sh.sh_addr, out);
        sections++;
    }
    elf_end(e);
    if (!sections) {
        fprintf(stderr, "a64emu: --disas %s: the ELF file has no executable section\n", path);
        return 2;
    }
    return 0;
}

/* A raw file or a Linux Image, read through zlib so that a gzip-compressed one (vmlinuz) is
 * decompressed on the way. */
static int disas_raw(const char *path, uint64_t base, FILE *out)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        fprintf(stderr, "a64emu: --disas %s: cannot open: %s\n", path, strerror(errno));
        return 2;
    }
    size_t cap = 1 << 20, len = 0;
    uint8_t *buf = malloc(cap);
    int n = 0;
    while (buf && (n = gzread(gz, buf + len, (unsigned)(cap - len))) > 0) {
        len += (size_t)n;
        if (len == cap) {
            uint8_t *nb = cap < (SIZE_MAX >> 1) ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    int errnum = 0;
    const char *zerr = gzerror(gz, &errnum);
    gzclose(gz);
    if (!buf || n < 0 || errnum < 0) {
        fprintf(stderr, "a64emu: --disas %s: read error: %s\n", path, buf ? zerr : "out of memory");
        free(buf);
        return 2;
    }
    if (len < 4) {
        fprintf(stderr, "a64emu: --disas %s: file holds no complete instruction word\n", path);
        free(buf);
        return 2;
    }
    fprintf(out, "\nDisassembly of %s:\n\n", path);
    disas_block(buf, len, base, out);
    free(buf);
    return 0;
}

int disas_file(const char *path, uint64_t base, FILE *out)
{
    if (!dec_init())
        return 2;
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "a64emu: --disas %s: cannot open: %s\n", path, strerror(errno));
        return 2;
    }
    unsigned char magic[4] = { 0 };
    ssize_t got = read(fd, magic, sizeof magic);
    int rc;
    if (got == 4 && memcmp(magic, "\177ELF", 4) == 0) {
        rc = disas_elf(path, fd, out);
    } else {
        rc = disas_raw(path, base, out);
    }
    close(fd);
    return rc;
}
