/*
 * `a64emu trace print|tarmac|stats|compare`: argument parsing for the trace tools (src/trace).
 * `compare A -- <a64emu options>` runs a64emu itself with those options plus --trace to a
 * temporary file (the guest's console goes to stderr) and compares A against that live run.
 */
#include "frontend/trace_cmd.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "decode/decode.h"
#include "trace/trace_tools.h"

static void usage(FILE *f)
{
    fputs("usage: a64emu trace print FILE [--from N] [--count N]\n"
          "       a64emu trace tarmac FILE\n"
          "       a64emu trace stats FILE\n"
          "       a64emu trace compare A B [--context N]\n"
          "       a64emu trace compare A [--context N] -- <a64emu options>   (A against a live run)\n"
          "compare exits 0 when the traces are identical, 1 when they differ, 2 on an error.\n",
          f);
}

static bool parse_n(const char *opt, const char *s, uint64_t *v)
{
    char *e;
    errno = 0;
    unsigned long long x = s && *s && *s != '-' ? strtoull(s, &e, 0) : 0;
    if (!s || !*s || *s == '-' || errno || *e) {
        fprintf(stderr, "a64emu trace: %s '%s': give a number\n", opt, s ? s : "");
        return false;
    }
    *v = x;
    return true;
}

/* Run a64emu with argv + --trace out; its exit status (or -1 if it could not run). */
static int run_live(char **args, int nargs, const char *out)
{
    char **av = calloc((size_t)nargs + 4, sizeof *av);
    av[0] = "a64emu";
    for (int i = 0; i < nargs; i++)
        av[1 + i] = args[i];
    av[1 + nargs] = "--trace";
    av[2 + nargs] = (char *)out;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        free(av);
        return -1;
    }
    if (pid == 0) {
        dup2(2, 1); /* the guest's console must not mix with compare's report */
        execv("/proc/self/exe", av);
        _exit(127);
    }
    free(av);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int compare(int argc, char **argv)
{
    const char *a = NULL, *b = NULL;
    uint64_t context = 10;
    int live = -1;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            live = i + 1;
            break;
        }
        if (strcmp(argv[i], "--context") == 0) {
            if (!parse_n("--context", i + 1 < argc ? argv[++i] : NULL, &context) || context > 100000)
                return 2;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "a64emu trace compare: unknown option '%s'\n", argv[i]);
            return 2;
        } else if (!a)
            a = argv[i];
        else if (!b)
            b = argv[i];
        else {
            usage(stderr);
            return 2;
        }
    }
    if (!a || (live < 0) == !b) {
        usage(stderr);
        return 2;
    }
    if (live < 0)
        return trace_tool_compare(a, b, (unsigned)context, stdout);
    if (live >= argc) {
        fprintf(stderr, "a64emu trace compare: give the a64emu options of the live run after --\n");
        return 2;
    }
    char tmp[] = "/tmp/a64emu-live-trace-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "a64emu trace compare: cannot create a temporary file: %s\n", strerror(errno));
        return 2;
    }
    close(fd);
    int st = run_live(argv + live, argc - live, tmp);
    int rc;
    if (st == -1 || st == 2 || st == 127) {
        fprintf(stderr, "a64emu trace compare: the live run failed (exit status %d)\n", st);
        rc = 2;
    } else {
        rc = trace_tool_compare(a, tmp, (unsigned)context, stdout);
    }
    unlink(tmp);
    return rc;
}

int trace_cmd_main(int argc, char **argv)
{
    /* argv[0] = "a64emu", argv[1] = "trace" */
    if (argc < 3 || strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) {
        usage(argc < 3 ? stderr : stdout);
        return argc < 3 ? 2 : 0;
    }
    if (!dec_init())
        return 2;
    const char *cmd = argv[2];
    int n = argc - 3;
    char **args = argv + 3;
    if (strcmp(cmd, "compare") == 0)
        return compare(n, args);
    if (n < 1) {
        usage(stderr);
        return 2;
    }
    if (strcmp(cmd, "print") == 0) {
        uint64_t from = 0, count = 0;
        for (int i = 1; i < n; i++) {
            if (strcmp(args[i], "--from") == 0 && i + 1 < n) {
                if (!parse_n("--from", args[++i], &from))
                    return 2;
            } else if (strcmp(args[i], "--count") == 0 && i + 1 < n) {
                if (!parse_n("--count", args[++i], &count))
                    return 2;
            } else {
                fprintf(stderr, "a64emu trace print: unexpected argument '%s'\n", args[i]);
                return 2;
            }
        }
        return trace_tool_print(args[0], from, count, stdout);
    }
    if (n != 1) {
        usage(stderr);
        return 2;
    }
    if (strcmp(cmd, "tarmac") == 0)
        return trace_tool_tarmac(args[0], stdout);
    if (strcmp(cmd, "stats") == 0)
        return trace_tool_stats(args[0], stdout);
    fprintf(stderr, "a64emu trace: unknown subcommand '%s'\n", cmd);
    usage(stderr);
    return 2;
}
