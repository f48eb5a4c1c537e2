/*
 * disas_words: the decoder side of the objdump comparison (tests/scripts/disas_compare.py).
 * Reads lines "ADDR WORD" (hex) on stdin and prints, per line, "ADDR\tWORD\tROW\tTEXT": the
 * encoding-table row that claims the word (UNALLOCATED when none does) and a64emu's rendering.
 * Every feature is enabled: the comparison covers every row the table has.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "decode/decode.h"

int main(void)
{
    if (!dec_init())
        return 1;
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        char *end;
        uint64_t addr = strtoull(line, &end, 16);
        uint32_t word = (uint32_t)strtoul(end, NULL, 16);
        struct a64_insn in;
        char text[256];
        dec_decode(word, ~0u, &in);
        dec_disassemble(&in, addr, text, sizeof text);
        printf("%" PRIx64 "\t%08" PRIx32 "\t%s\t%s\n", addr, word, dec_row(in.id)->name, text);
    }
    return 0;
}
