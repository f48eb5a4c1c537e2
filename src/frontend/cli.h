/*
 * Command-line parsing. QEMU spellings are accepted where the meaning is the same
 * (-kernel, -bios, -m, -smp, -semihosting, -M virt,virtualization=on ...), each with a long
 * GNU-style form too (--kernel). An option a64emu cannot honour is an error, never ignored.
 */
#ifndef A64EMU_FRONTEND_CLI_H
#define A64EMU_FRONTEND_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frontend/cli_virtio.h"
#include "machine/machine.h"
#include "trace/trace_writer.h"

enum cli_action { CLI_RUN, CLI_HELP, CLI_VERSION, CLI_LIST_INSNS, CLI_SELFTEST, CLI_MEMORY_MAP,
                  CLI_CPU_HELP, CLI_DISAS };

struct cli_options {
    enum cli_action action;
    struct machine_config machine;
    uint64_t max_insns;      /* 0: unlimited */
    bool trace_cpu;          /* -d cpu: QEMU-format register state before every instruction */
    bool trace_fpu;          /* -d fpu (with cpu): also FPCR, FPSR and V0-V31, as QEMU prints them */
    const char *log_file;    /* -D FILE */
    unsigned log_mask;
    bool stats;              /* --stats: instructions, host time and MIPS at exit */
    const char *gdb;         /* -gdb tcp:[HOST]:PORT, -s: the gdb stub's address; NULL: none */
    char dumpdtb_path[1024]; /* -machine ...,dumpdtb=FILE,...: FILE (machine.dumpdtb points here) */
    bool gdb_wait;           /* -S: wait for gdb before the first instruction */
    const char *disas_file;  /* --disas FILE (frontend/disas_file.h) */
    uint64_t disas_base;     /* --disas-base ADDR: where a raw file starts */
    bool monitor_stdio;      /* -monitor stdio: the monitor (frontend/monitor.h) runs the guest */
    const char *trace_file;  /* --trace FILE, or NULL */
    struct trace_filter trace_filter; /* --trace-range/-el/-cpu/-window/-digest-every */
    bool deterministic;      /* --deterministic (also implied by --record/--replay; -icount sets
                                machine.deterministic itself) */
    bool digest;             /* --digest: state digest and instruction counts at exit */
    const char *record;      /* --record FILE: replay log to write */
    const char *replay;      /* --replay FILE: replay log to follow */
    const char *snapshot_save; /* --snapshot-save FILE: at exit, or at snapshot_at */
    uint64_t snapshot_at;    /* --snapshot-at N: machine instruction count of the save (0: exit) */
    const char *snapshot_load; /* --snapshot-load FILE: start from it */
    struct cli_virtio virtio_args; /* -drive/-device/-chardev, resolved into machine.virtio */
    /* -device guest-loader: the strings machine.modules[] point to */
    char module_paths[MACHINE_MAX_MODULES][1024];
    char module_args[MACHINE_MAX_MODULES][1024];
};

/* Parse argv. Returns false after writing one line naming the problem into err. */
bool cli_parse(int argc, char **argv, struct cli_options *out, char *err, size_t errlen);
void cli_print_help(void *file);

#endif
