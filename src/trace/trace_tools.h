/*
 * The `a64emu trace` commands (frontend/trace_cmd.c parses their arguments). Each returns the
 * process exit status: 0 success (compare: identical), 1 (compare: they differ), 2 error (a
 * damaged file, with its byte offset, on stderr).
 */
#ifndef A64EMU_TRACE_TRACE_TOOLS_H
#define A64EMU_TRACE_TRACE_TOOLS_H

#include <stdint.h>
#include <stdio.h>

int trace_tool_print(const char *path, uint64_t from, uint64_t count, FILE *out);
int trace_tool_tarmac(const char *path, FILE *out);
int trace_tool_stats(const char *path, FILE *out);
int trace_tool_compare(const char *a, const char *b, unsigned context, FILE *out);

#endif
