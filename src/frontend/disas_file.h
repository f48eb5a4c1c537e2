/*
 * a64emu --disas FILE [--disas-base ADDR]: disassemble a file the way GNU objdump -d lists it
 * (docs/disassembly.md): an ELF's executable sections at their addresses; anything else (a raw
 * binary, a Linux Image, gzip-compressed or not) as one block of words from ADDR (default 0).
 */
#ifndef A64EMU_FRONTEND_DISAS_FILE_H
#define A64EMU_FRONTEND_DISAS_FILE_H

#include <stdint.h>
#include <stdio.h>

/* Returns 0, or 2 after printing one line naming the problem to stderr. */
int disas_file(const char *path, uint64_t base, FILE *out);

#endif
