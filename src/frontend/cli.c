#include "frontend/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu_models.h"
#include "frontend/gdbstub.h"
#include "frontend/cli_loader.h"
#include "frontend/cli_virtio.h"
#include "machine/loader.h"
#include "trace/trace_format.h"
#include "util/log.h"

/* What takes an argument, in QEMU spelling; each is also accepted as --name. */
enum opt_id {
    OPT_KERNEL, OPT_BIOS, OPT_INITRD, OPT_DTB, OPT_APPEND, OPT_MEMORY, OPT_SMP, OPT_SEMIHOSTING,
    OPT_SEMIHOSTING_CONFIG, OPT_NOGRAPHIC, OPT_MACHINE, OPT_CPU, OPT_SERIAL, OPT_DISPLAY,
    OPT_MONITOR, OPT_MAX_INSNS, OPT_LOAD_ADDR, OPT_D, OPT_LOGFILE, OPT_SINGLESTEP, OPT_HELP,
    OPT_VERSION, OPT_LIST_INSNS, OPT_SELFTEST, OPT_GDB, OPT_GDB_S, OPT_GDB_WAIT, OPT_STATS, OPT_MEMORY_MAP,
    OPT_NO_REBOOT, OPT_PREVIEW, OPT_ICOUNT, OPT_DRIVE, OPT_PFLASH, OPT_DEVICE, OPT_CHARDEV, OPT_NETDEV, OPT_NIC, OPT_GLOBAL,
    OPT_DISAS, OPT_DISAS_BASE,
    OPT_TRACE, OPT_TRACE_RANGE, OPT_TRACE_EL, OPT_TRACE_CPU, OPT_TRACE_WINDOW, OPT_TRACE_DIGEST,
    OPT_DETERMINISTIC, OPT_SEED, OPT_DIGEST, OPT_RECORD, OPT_REPLAY, OPT_SNAP_SAVE, OPT_SNAP_AT, OPT_SNAP_LOAD,
};

static const struct {
    const char *name;  /* spelled with one dash (QEMU) or two */
    const char *alias; /* another long name, or NULL */
    enum opt_id id;
    bool has_arg;
} opts[] = {
    { "kernel", NULL, OPT_KERNEL, true },       { "bios", NULL, OPT_BIOS, true },
    { "initrd", NULL, OPT_INITRD, true },       { "dtb", NULL, OPT_DTB, true },
    { "append", NULL, OPT_APPEND, true },       { "m", "memory", OPT_MEMORY, true },
    { "smp", NULL, OPT_SMP, true },             { "semihosting", NULL, OPT_SEMIHOSTING, false },
    { "semihosting-config", NULL, OPT_SEMIHOSTING_CONFIG, true },
    { "nographic", NULL, OPT_NOGRAPHIC, false }, { "M", "machine", OPT_MACHINE, true },
    { "cpu", NULL, OPT_CPU, true },             { "serial", NULL, OPT_SERIAL, true },
    { "display", NULL, OPT_DISPLAY, true },     { "monitor", NULL, OPT_MONITOR, true },
    { "max-insns", NULL, OPT_MAX_INSNS, true }, { "load-addr", NULL, OPT_LOAD_ADDR, true },
    { "d", NULL, OPT_D, true },                 { "D", NULL, OPT_LOGFILE, true },
    { "singlestep", NULL, OPT_SINGLESTEP, false }, { "h", "help", OPT_HELP, false },
    { "version", NULL, OPT_VERSION, false },    { "list-insns", NULL, OPT_LIST_INSNS, false },
    { "selftest", NULL, OPT_SELFTEST, false },  { "gdb", NULL, OPT_GDB, true },
    { "s", NULL, OPT_GDB_S, false },            { "S", NULL, OPT_GDB_WAIT, false },
    { "stats", NULL, OPT_STATS, false },        { "memory-map", NULL, OPT_MEMORY_MAP, false },
    { "no-reboot", NULL, OPT_NO_REBOOT, false }, { "preview", NULL, OPT_PREVIEW, true },
    { "icount", NULL, OPT_ICOUNT, true },
    { "drive", NULL, OPT_DRIVE, true },         { "device", NULL, OPT_DEVICE, true },
    { "pflash", NULL, OPT_PFLASH, true },
    { "chardev", NULL, OPT_CHARDEV, true },     { "global", NULL, OPT_GLOBAL, true },
    { "disas", NULL, OPT_DISAS, true },         { "disas-base", NULL, OPT_DISAS_BASE, true },
    { "trace", NULL, OPT_TRACE, true },         { "trace-range", NULL, OPT_TRACE_RANGE, true },
    { "trace-el", NULL, OPT_TRACE_EL, true },   { "trace-cpu", NULL, OPT_TRACE_CPU, true },
    { "trace-window", NULL, OPT_TRACE_WINDOW, true },
    { "trace-digest-every", NULL, OPT_TRACE_DIGEST, true },
    { "deterministic", NULL, OPT_DETERMINISTIC, false }, { "seed", NULL, OPT_SEED, true },
    { "digest", NULL, OPT_DIGEST, false },      { "record", NULL, OPT_RECORD, true },
    { "replay", NULL, OPT_REPLAY, true },
    { "snapshot-save", NULL, OPT_SNAP_SAVE, true }, { "snapshot-at", NULL, OPT_SNAP_AT, true },
    { "snapshot-load", NULL, OPT_SNAP_LOAD, true },
    { "netdev", NULL, OPT_NETDEV, true },       { "nic", NULL, OPT_NIC, true },
};

void cli_print_help(void *file)
{
    FILE *f = file;
    fputs("usage: a64emu [options]\n"
          "A pure-software AArch64 full-system emulator (QEMU virt-compatible board).\n\n"
          "Payload (QEMU spellings; --long forms also accepted):\n"
          "  -kernel FILE        ELF, arm64 Linux Image, or raw binary (each optionally gzipped)\n"
          "  -bios FILE          firmware image in flash0 at 0x0; the CPU starts there\n"
          "  -drive if=pflash,format=raw,unit=0|1,file=FILE[,readonly=on]   (or -pflash FILE) a 64 MiB\n"
          "                      CFI flash bank backed by FILE (exactly 64 MiB; writes reach it); firmware\n"
          "                      in unit 0 runs from 0x0 as with -bios (docs/firmware.md)\n"
          "  -initrd FILE        initial ramdisk for a Linux kernel, at RAM + min(RAM/2, 128M)\n"
          "  -dtb FILE           boot with this device tree instead of the generated one (memory,\n"
          "                      /chosen and /psci are still patched in, as QEMU does)\n"
          "  -append STRING      kernel command line (/chosen/bootargs)\n"
          "  -device guest-loader,addr=A,kernel=F|initrd=F[,bootargs=S]   load F at A and describe it\n"
          "                      in /chosen/module@A (multiboot,kernel or ramdisk) for a hypervisor\n"
          "  --load-addr ADDR    load a raw -kernel at ADDR (default: RAM base + 0x80000)\n"
          "Machine:\n"
          "  -M, -machine virt[,virtualization=on|off][,gic-version=3|max][,dumpdtb=FILE]\n"
          "              [,dtb-randomness=on|off]   the only board (GICv3); virtualization=on\n"
          "                      starts at EL2; dumpdtb writes the device tree and exits;\n"
          "                      dtb-randomness=off leaves rng-seed and kaslr-seed out of /chosen\n"
          "  -cpu max|cortex-a57|cortex-a72[,pauth-impdef=on|pauth=off]   CPU profile (default max:\n"
          "                      ARMv8.0-A + FP/SIMD, crypto, LSE, CRC32, VHE, PAN, VMID16; the Cortex\n"
          "                      + CRC32, so KVM runs non-VHE); -cpu help lists them. The pauth\n"
          "                      properties are accepted as no-ops: no model has pointer authentication\n"
          "  --preview LIST      also enable features whose issue is still in progress (comma list of\n"
          "                      fp, advsimd, aes, pmull, sha1, sha256, pan, vhe): the ID registers\n"
          "                      advertise them and their unfinished instructions are UNDEFINED\n"
          "  -m SIZE             RAM size, default 128M (suffixes K, M, G; no suffix = MiB)\n"
          "  -smp N              number of vCPUs (1..8); vCPU 0 starts, the others wait for PSCI CPU_ON\n"
          "  -icount [shift=]N[,sleep=off]  deterministic virtual time: 2^N ns per instruction\n"
          "                      (N = 0..10), jumping to the next timer deadline when idle, as QEMU's\n"
          "                      -icount shift=N,sleep=off; default: the host's monotonic clock\n"
          "  --deterministic     deterministic mode (docs/record-replay.md): -icount shift=0,sleep=off\n"
          "                      unless -icount gives the shift (-icount alone implies this mode), the\n"
          "                      RTC and semihosting clocks from virtual time, fixed device-tree\n"
          "                      rng-seed/kaslr-seed and virtio-rng data; the same payload, options and\n"
          "                      input give the same execution on any host\n"
          "  --seed N            the seed of deterministic mode's random data (default 0)\n"
          "  --digest            at exit, print (stderr) the state digest (SHA-256 of every vCPU's\n"
          "                      architectural state and RAM) and the instruction count per vCPU\n"
          "  --record FILE       deterministic mode, storing every input (console bytes with the\n"
          "                      instruction count of their delivery) in a replay log\n"
          "  --replay FILE       run again from a replay log, input from it (stdin is not read); a log\n"
          "                      made with other options or payloads is refused; exit status 3 if\n"
          "                      the run differs from the recording or stalls\n"
          "  --snapshot-save FILE  save the whole machine (CPUs, GIC, timers, devices, RAM) to FILE\n"
          "                      when a64emu exits, or at --snapshot-at N instructions (then runs on);\n"
          "                      deterministic mode (implied)\n"
          "  --snapshot-load FILE  start from a snapshot made with the same options and payloads\n"
          "  -no-reboot          a PSCI SYSTEM_RESET from the guest exits (status 4) instead of\n"
          "                      resetting the machine (PSCI conduit: SMC with virtualization=on, else HVC)\n"
          "  -semihosting        enable Arm semihosting (HLT #0xF000); the exit status is the guest's\n"
          "  -semihosting-config enable=on[,target=native]\n"
          "  -nographic, -serial stdio|mon:stdio, -display none, -monitor none   console on stdio\n"
          "  -monitor stdio      the monitor on the terminal, stopped at the first instruction\n"
          "                      (docs/teaching.md; type help)\n"
          "Devices (virtio-mmio; the first device takes the highest transport, as QEMU virt):\n"
          "  -drive if=none,id=ID,file=FILE,format=raw[,readonly=on] -device virtio-blk-device,drive=ID[,serial=S]\n"
          "                      a disk on a raw image file (writes reach it; guest flush = fsync)\n"
          "  -drive file=FILE,if=virtio,format=raw[,readonly=on]   the same in one option; on QEMU virt\n"
          "                      if=virtio is virtio-pci, but a64emu has no PCI, so it is virtio-mmio\n"
          "  -device virtio-rng-device   entropy (host getrandom)\n"
          "  -device virtio-serial-device -device virtconsole,chardev=ID   a console port (Linux hvc0)\n"
          "  -chardev stdio,id=ID | file,id=ID,path=FILE   where a virtconsole writes (stdio: host input\n"
          "                      goes to it instead of the UART)\n"
          "  -netdev user,id=ID[,hostfwd=tcp:[HADDR]:HPORT-[GADDR]:GPORT]...[,net=ADDR/BITS][,hostname=H]\n"
          "  -device virtio-net-device,netdev=ID[,mac=52:54:00:12:34:56]   a network card on a user-mode\n"
          "                      network (libslirp, as QEMU: host 10.0.2.2, DNS .3, DHCP from .15); hostfwd\n"
          "                      listens on 127.0.0.1 unless HADDR is given\n"
          "  -nic user[,hostfwd=...][,net=...][,hostname=...][,mac=...]   the same in one option; on QEMU\n"
          "                      virt that is virtio-net-pci, but a64emu has no PCI, so it is virtio-mmio\n"
          "  -nic none           no network card (a64emu adds none by default, unlike QEMU)\n"
          "  -global virtio-mmio.force-legacy=on|off   legacy (version 1) transports; default off\n"
          "                      (a64emu's default is the modern version 2; QEMU 7.2's is legacy)\n"
          "Running and debugging:\n"
          "  --max-insns N       stop after N instructions and print a summary\n"
          "  --stats             at exit, print instructions executed, host time and MIPS\n"
          "  -d LIST             log: cpu (register state before each instruction, QEMU format),\n"
          "                      unimp, guest_errors, exceptions or int (one line per exception, with the\n"
          "                      trap's cause), exc (also exception returns), in_asm (each instruction), none\n"
          "  -D FILE             write -d output to FILE\n"
          "  -gdb tcp:[HOST]:PORT  wait for gdb on HOST:PORT (no HOST: 127.0.0.1 only); docs/gdb.md\n"
          "  -s                  the same as -gdb tcp::1234\n"
          "  -S                  with -gdb/-s: wait for gdb before the first instruction\n"
          "  --trace FILE        write an execution trace (docs/trace-format.md; a64emu trace print|\n"
          "                      tarmac|stats|compare reads it); filters: --trace-range LO-HI (PCs),\n"
          "                      --trace-el LIST, --trace-cpu LIST, --trace-window START[+N] (each vCPU's\n"
          "                      instruction count); --trace-digest-every N (default 100000, 0: none)\n"
          "  --list-insns        list every encoding of the decode table and its status\n"
          "  --selftest          check the decode and system register tables\n"
          "  --disas FILE        disassemble FILE as objdump -d lists it (ELF: its executable sections;\n"
          "                      raw or Linux Image, gzip or not: from --disas-base ADDR, default 0)\n"
          "  --memory-map        print the virt board's memory map (the table docs/memory-map.md shows)\n"
          "  -h, --help          this help;  --version  the version\n"
          "Exit status: the guest's semihosting exit code; 0 when --max-insns is reached; 1 when the\n"
          "guest stops otherwise (e.g. WFI with no timer armed); 2 for a bad option or file; 0 after\n"
          "PSCI SYSTEM_OFF; 4 after PSCI SYSTEM_RESET with -no-reboot.\n"
          "Console: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A.\n",
          f);
}

/* -cpu NAME[,PROP=VALUE...]: a model from cpu_models.c. QEMU's pointer-authentication properties
 * (pauth-impdef=on picks the cheaper algorithm, pauth=off removes the feature) change nothing in
 * a profile that has no pointer authentication, so they are accepted; any other property is
 * refused rather than ignored. */
static bool parse_cpu(const char *val, struct cli_options *o, char *err, size_t errlen)
{
    size_t len = strcspn(val, ",");
    char name[32];
    if (len >= sizeof name) {
        snprintf(err, errlen, "-cpu '%s': unknown CPU model (-cpu help lists them)", val);
        return false;
    }
    memcpy(name, val, len);
    name[len] = '\0';
    o->machine.cpu_model = cpu_model_find(name);
    if (!o->machine.cpu_model) {
        snprintf(err, errlen, "-cpu '%s': unknown CPU model (-cpu help lists them: max, cortex-a57, cortex-a72)", name);
        return false;
    }
    static const char *const noop_props[] = { "pauth-impdef=on", "pauth-impdef=off", "pauth=off" };
    for (const char *p = val + len; *p == ','; p += len) {
        p++;
        len = strcspn(p, ",");
        bool known = false;
        for (size_t i = 0; i < sizeof noop_props / sizeof noop_props[0]; i++)
            known |= strlen(noop_props[i]) == len && strncmp(noop_props[i], p, len) == 0;
        if (!known) {
            snprintf(err, errlen, "-cpu %s: property '%.*s' is not supported (only pauth-impdef=on|off and "
                     "pauth=off, which a profile without pointer authentication satisfies)", name, (int)len, p);
            return false;
        }
    }
    return true;
}

/* --preview fp,advsimd: features advertised before their issue is complete (development). */
static bool parse_preview(const char *val, a64_features *out, char *err, size_t errlen)
{
    for (const char *p = val;;) {
        size_t len = strcspn(p, ",");
        enum a64_feature f = a64_feature_parse(p, len);
        if (f == FEAT_COUNT) {
            snprintf(err, errlen, "--preview: unknown feature '%.*s' (known: fp, advsimd, aes, pmull, "
                     "sha1, sha256, pan, vhe, lse, crc32)", (int)len, p);
            return false;
        }
        *out |= 1u << f;
        if (!p[len])
            return true;
        p += len + 1;
    }
}

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!*s || *s == '-')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

/* QEMU -m: a number with an optional K/M/G/T suffix, no suffix meaning MiB; or size=... */
static bool parse_mem(const char *s, uint64_t *out)
{
    if (strncmp(s, "size=", 5) == 0)
        s += 5;
    char *end;
    errno = 0;
    if (!*s || *s == '-')
        return false;
    double v = strtod(s, &end);
    if (errno || end == s || v <= 0)
        return false;
    uint64_t mult = 1ull << 20;
    if (*end) {
        switch (*end) {
        case 'k': case 'K': mult = 1ull << 10; break;
        case 'm': case 'M': mult = 1ull << 20; break;
        case 'g': case 'G': mult = 1ull << 30; break;
        case 't': case 'T': mult = 1ull << 40; break;
        case 'b': case 'B': mult = 1; break;
        default: return false;
        }
        if (end[1] && !((end[1] == 'i' || end[1] == 'B') && (end[2] == 0 || (end[2] == 'B' && end[3] == 0))))
            return false;
    }
    double bytes = v * (double)mult;
    if (bytes > 1e15)
        return false;
    *out = (uint64_t)bytes;
    return true;
}

static bool parse_machine(const char *arg, struct cli_options *o, char *err, size_t errlen)
{
    char buf[1024];
    if (strlen(arg) >= sizeof buf) {
        snprintf(err, errlen, "-machine: the argument is longer than %zu characters", sizeof buf - 1);
        return false;
    }
    snprintf(buf, sizeof buf, "%s", arg);
    char *save = NULL;
    bool first = true;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), first = false) {
        if (first && (strcmp(tok, "virt") == 0 || strncmp(tok, "virt-", 5) == 0))
            continue;
        if (strncmp(tok, "type=", 5) == 0 && (strcmp(tok + 5, "virt") == 0 || strncmp(tok + 5, "virt-", 5) == 0))
            continue;
        if (strcmp(tok, "virtualization=on") == 0 || strcmp(tok, "virtualization=true") == 0) {
            o->machine.virtualization = true;
            continue;
        }
        if (strcmp(tok, "virtualization=off") == 0 || strcmp(tok, "virtualization=false") == 0) {
            o->machine.virtualization = false;
            continue;
        }
        if (strncmp(tok, "dumpdtb=", 8) == 0 && tok[8]) {
            /* A copy of this property alone (not a pointer into argv, where the next
             * properties follow it after a comma). */
            snprintf(o->dumpdtb_path, sizeof o->dumpdtb_path, "%s", tok + 8);
            o->machine.dumpdtb = o->dumpdtb_path;
            continue;
        }
        /* QEMU 7.2's dtb-randomness (7.1: dtb-kaslr-seed): off leaves rng-seed and kaslr-seed
         * out of /chosen, so the guest's entropy does not come from the host (lockstep runs). */
        if (strcmp(tok, "dtb-randomness=off") == 0 || strcmp(tok, "dtb-kaslr-seed=off") == 0) {
            o->machine.no_dtb_seeds = true;
            continue;
        }
        if (strcmp(tok, "dtb-randomness=on") == 0 || strcmp(tok, "dtb-kaslr-seed=on") == 0) {
            o->machine.no_dtb_seeds = false;
            continue;
        }
        /* The board's GIC is a GICv3 (src/gic); QEMU's default is a GICv2, so QEMU scripts that
         * use the system-register interface say gic-version=3 (or max). */
        if (strcmp(tok, "gic-version=3") == 0 || strcmp(tok, "gic-version=max") == 0)
            continue;
        if (strncmp(tok, "gic-version=", 12) == 0) {
            snprintf(err, errlen, "-machine: %s is not available: a64emu's virt board has a GICv3 "
                     "(gic-version=3 or max)", tok);
            return false;
        }
        if (first)
            snprintf(err, errlen, "-machine %s: the only board is 'virt'", arg);
        else
            snprintf(err, errlen, "-machine: property '%s' is not supported by a64emu", tok);
        return false;
    }
    return true;
}

static bool parse_d(const char *arg, struct cli_options *o, char *err, size_t errlen)
{
    static const struct { const char *qemu, *ours; } names[] = {
        { "unimp", "unimp" }, { "guest_errors", "guest" }, { "int", "exceptions" }, /* QEMU's "interrupts and exceptions": the trap narrator */
        { "in_asm", "insn" }, { "exec", "insn" },
    };
    char buf[256];
    snprintf(buf, sizeof buf, "%s", arg);
    char *save = NULL;
    unsigned mask = 0;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (strcmp(tok, "cpu") == 0) {
            o->trace_cpu = true;
            continue;
        }
        if (strcmp(tok, "fpu") == 0) {
            o->trace_fpu = true; /* as in QEMU, it only extends -d cpu's states */
            continue;
        }
        if (strcmp(tok, "nochain") == 0)
            continue; /* a TCG knob: a64emu always logs every instruction when asked to */
        bool found = false;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            if (strcmp(tok, names[i].qemu) == 0) {
                unsigned bit;
                log_parse_mask(names[i].ours, &bit);
                mask |= bit;
                found = true;
            }
        }
        unsigned bit;
        if (!found && log_parse_mask(tok, &bit)) {
            mask |= bit;
            found = true;
        }
        if (!found) {
            snprintf(err, errlen, "-d: unknown log item '%s' (try: cpu, fpu, unimp, guest_errors, int, exceptions, exc, in_asm, dev, none)", tok);
            return false;
        }
    }
    o->log_mask |= mask;
    return true;
}

/* --deterministic, --record and --replay: one mode, the instruction clock (shift 0 unless -icount
 * gave one). Record/replay deliver input at the scheduler's poll points, which the one-
 * instruction loop of -d cpu places differently: refused with it. The gdb stub runs the machine
 * in its transparent mode there (machine.h): its stops are no poll points, so a run under gdb
 * records and replays as the run without it. */
static bool cli_resolve_deterministic(struct cli_options *o, char *err, size_t errlen)
{
    if (o->record && o->replay) {
        snprintf(err, errlen, "--record and --replay cannot be combined (replay a log, then record another run)");
        return false;
    }
    if ((o->record || o->replay) && o->trace_cpu) {
        snprintf(err, errlen, "%s cannot be combined with -d cpu (its one-instruction loop polls input at other "
                 "points than the scheduler)", o->record ? "--record" : "--replay");
        return false;
    }
    if (o->replay && o->max_insns) {
        snprintf(err, errlen, "--replay stops where the recording stopped: --max-insns belongs to the --record run");
        return false;
    }
    if (o->snapshot_at && !o->snapshot_save) {
        snprintf(err, errlen, "--snapshot-at N needs --snapshot-save FILE");
        return false;
    }
    if ((o->snapshot_save || o->snapshot_load) && (o->record || o->replay || o->gdb || o->trace_cpu)) {
        snprintf(err, errlen, "snapshots cannot be combined with --record, --replay, -gdb or -d cpu yet");
        return false;
    }
    if (o->deterministic || o->record || o->replay || o->snapshot_save || o->snapshot_load) {
        o->machine.deterministic = true;
        if (!o->machine.icount) {
            o->machine.icount = true;
            o->machine.icount_shift = 0;
        }
    }
    return true;
}

bool cli_parse(int argc, char **argv, struct cli_options *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->action = CLI_RUN;
    o->machine.ram_size = 128ull << 20; /* QEMU's default */
    o->machine.smp = 1;
    o->machine.load_addr = LOADER_NO_ADDR;
    o->trace_filter.digest_every = TRACE_DEFAULT_DIGEST_EVERY;
    o->log_mask = LOG_UNIMP; /* as QEMU: guest errors only with -d guest_errors */
    struct cli_virtio *vio = &o->virtio_args;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == 0) {
            snprintf(err, errlen, "unexpected argument '%s' (options start with '-'; see --help)", a);
            return false;
        }
        const char *name = a + 1 + (a[1] == '-');
        const char *inline_val = strchr(name, '=');
        size_t nlen = inline_val ? (size_t)(inline_val - name) : strlen(name);
        int found = -1;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
            if ((strlen(opts[k].name) == nlen && strncmp(opts[k].name, name, nlen) == 0) ||
                (opts[k].alias && strlen(opts[k].alias) == nlen && strncmp(opts[k].alias, name, nlen) == 0)) {
                found = (int)k;
                break;
            }
        }
        if (found < 0) {
            snprintf(err, errlen, "unknown option '%s' (see --help)", a);
            return false;
        }
        const char *val = NULL;
        if (opts[found].has_arg) {
            if (inline_val) /* --name=value, also -name=value as getopt_long_only allows */
                val = inline_val + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else {
                snprintf(err, errlen, "option '%s' needs an argument", a);
                return false;
            }
        } else if (inline_val) {
            snprintf(err, errlen, "option '%.*s' takes no argument", (int)(nlen + 1 + (a[1] == '-')), a);
            return false;
        }
        switch (opts[found].id) {
        case OPT_KERNEL: o->machine.kernel = val; break;
        case OPT_BIOS: o->machine.bios = val; break;
        case OPT_INITRD: o->machine.initrd = val; break;
        case OPT_DTB: o->machine.dtb = val; break;
        case OPT_APPEND: o->machine.append = val; break;
        case OPT_MEMORY:
            if (!parse_mem(val, &o->machine.ram_size)) {
                snprintf(err, errlen, "-m '%s': not a size (e.g. 512M, 2G)", val);
                return false;
            }
            break;
        case OPT_SMP: {
            uint64_t n;
            const char *s = strncmp(val, "cpus=", 5) == 0 ? val + 5 : val;
            if (!parse_u64(s, &n) || n < 1 || n > MACHINE_MAX_CPUS) {
                snprintf(err, errlen, "-smp '%s': give a number of vCPUs from 1 to %u", val, MACHINE_MAX_CPUS);
                return false;
            }
            o->machine.smp = (unsigned)n;
            break;
        }
        case OPT_SEMIHOSTING: o->machine.semihosting = true; break;
        case OPT_SEMIHOSTING_CONFIG:
            if (strcmp(val, "enable=on") != 0 && strcmp(val, "enable=on,target=native") != 0 &&
                strcmp(val, "enable=on,target=auto") != 0 && strcmp(val, "enable=off") != 0) {
                snprintf(err, errlen, "-semihosting-config '%s': a64emu supports enable=on|off[,target=native|auto]", val);
                return false;
            }
            o->machine.semihosting = strncmp(val, "enable=on", 9) == 0;
            break;
        case OPT_NOGRAPHIC: break; /* the console is always on stdio */
        case OPT_MACHINE:
            if (!parse_machine(val, o, err, errlen))
                return false;
            break;
        case OPT_CPU:
            if (strcmp(val, "help") == 0 || strcmp(val, "?") == 0) {
                o->action = CLI_CPU_HELP;
                break;
            }
            if (!parse_cpu(val, o, err, errlen))
                return false;
            break;
        case OPT_SERIAL:
            if (strcmp(val, "stdio") != 0 && strcmp(val, "mon:stdio") != 0) {
                snprintf(err, errlen, "-serial '%s': only stdio (or mon:stdio) is supported", val);
                return false;
            }
            break;
        case OPT_DISPLAY:
            if (strcmp(val, "none") != 0) {
                snprintf(err, errlen, "-display '%s': there is no display device yet; only 'none'", val);
                return false;
            }
            break;
        case OPT_MONITOR:
            if (strcmp(val, "none") != 0 && strcmp(val, "stdio") != 0) {
                snprintf(err, errlen, "-monitor '%s': only stdio (the monitor on the terminal) or none", val);
                return false;
            }
            o->monitor_stdio = strcmp(val, "stdio") == 0;
            break;
        case OPT_MAX_INSNS:
            if (!parse_u64(val, &o->max_insns) || o->max_insns == 0) {
                snprintf(err, errlen, "--max-insns '%s': give a positive number", val);
                return false;
            }
            break;
        case OPT_LOAD_ADDR:
            if (!parse_u64(val, &o->machine.load_addr) || o->machine.load_addr == LOADER_NO_ADDR) {
                snprintf(err, errlen, "--load-addr '%s': give an address (e.g. 0x40080000)", val);
                return false;
            }
            break;
        case OPT_D:
            if (!parse_d(val, o, err, errlen))
                return false;
            break;
        case OPT_LOGFILE: o->log_file = val; break;
        case OPT_STATS: o->stats = true; break;
        case OPT_NO_REBOOT: o->machine.no_reboot = true; break;
        case OPT_PREVIEW:
            if (!parse_preview(val, &o->machine.preview_features, err, errlen))
                return false;
            break;
        case OPT_ICOUNT: {
            /* [shift=]N[,sleep=off]: a64emu's instruction clock never sleeps, it jumps to the
             * next deadline when every vCPU waits, which is QEMU's sleep=off. */
            char buf[64];
            snprintf(buf, sizeof buf, "%s", val);
            size_t len = strlen(buf);
            if (len > 10 && strcmp(buf + len - 10, ",sleep=off") == 0)
                buf[len - 10] = 0;
            const char *n = strncmp(buf, "shift=", 6) == 0 ? buf + 6 : buf;
            uint64_t shift;
            if (!parse_u64(n, &shift) || shift > 10) {
                snprintf(err, errlen, "-icount '%s': give shift=N[,sleep=off] with N from 0 to 10 (no other "
                         "-icount option is supported)", val);
                return false;
            }
            o->machine.icount = true;
            o->machine.icount_shift = (unsigned)shift;
            o->machine.deterministic = true; /* fixed DT seeds and RTC too (src/machine/fdt.c, pl031) */
            break;
        }
        case OPT_DRIVE:
        case OPT_PFLASH:
        case OPT_DEVICE:
        case OPT_CHARDEV:
        case OPT_NETDEV:
        case OPT_NIC: {
            enum opt_id id = opts[found].id;
            if (id == OPT_DEVICE && cli_is_guest_loader(val)) {
                if (!cli_guest_loader(val, o, err, errlen))
                    return false;
                break;
            }
            enum cli_virtio_opt k = id == OPT_DRIVE ? CLI_DRIVE : id == OPT_PFLASH ? CLI_PFLASH : id == OPT_DEVICE ? CLI_DEVICE
                                  : id == OPT_CHARDEV ? CLI_CHARDEV : id == OPT_NETDEV ? CLI_NETDEV : CLI_NIC;
            if (!cli_virtio_add(vio, k, val, err, errlen))
                return false;
            break;
        }
        case OPT_GLOBAL:
            if (!cli_virtio_global(val, &o->machine, err, errlen))
                return false;
            break;
        case OPT_TRACE: o->trace_file = val; break;
        case OPT_TRACE_RANGE:
            if (!trace_filter_parse_range(val, &o->trace_filter, err, errlen))
                return false;
            break;
        case OPT_TRACE_EL:
            if (!trace_filter_parse_el(val, &o->trace_filter, err, errlen))
                return false;
            break;
        case OPT_TRACE_CPU:
            if (!trace_filter_parse_cpu(val, &o->trace_filter, err, errlen))
                return false;
            break;
        case OPT_TRACE_WINDOW:
            if (!trace_filter_parse_window(val, &o->trace_filter, err, errlen))
                return false;
            break;
        case OPT_TRACE_DIGEST:
            if (!parse_u64(val, &o->trace_filter.digest_every)) {
                snprintf(err, errlen, "--trace-digest-every '%s': give a number of instructions (0: no digests)", val);
                return false;
            }
            break;
        case OPT_DETERMINISTIC: o->deterministic = true; break;
        case OPT_SEED:
            if (!parse_u64(val, &o->machine.seed)) {
                snprintf(err, errlen, "--seed '%s': give a number", val);
                return false;
            }
            break;
        case OPT_DIGEST: o->digest = true; break;
        case OPT_RECORD: o->record = val; break;
        case OPT_REPLAY: o->replay = val; break;
        case OPT_SNAP_SAVE: o->snapshot_save = val; break;
        case OPT_SNAP_LOAD: o->snapshot_load = val; break;
        case OPT_SNAP_AT:
            if (!parse_u64(val, &o->snapshot_at) || o->snapshot_at == 0) {
                snprintf(err, errlen, "--snapshot-at '%s': give a positive instruction count", val);
                return false;
            }
            break;
        case OPT_SINGLESTEP: break; /* a TCG knob: a64emu interprets one instruction at a time */
        case OPT_HELP: o->action = CLI_HELP; return true;
        case OPT_VERSION: o->action = CLI_VERSION; return true;
        case OPT_LIST_INSNS: o->action = CLI_LIST_INSNS; break;
        case OPT_SELFTEST: o->action = CLI_SELFTEST; break;
        case OPT_MEMORY_MAP: o->action = CLI_MEMORY_MAP; break;
        case OPT_DISAS: o->action = CLI_DISAS; o->disas_file = val; break;
        case OPT_DISAS_BASE:
            if (!parse_u64(val, &o->disas_base)) {
                snprintf(err, errlen, "--disas-base: '%s' is not an address", val);
                return false;
            }
            break;
        case OPT_GDB: /* QEMU's chardev spelling, tcp:[HOST]:PORT only (frontend/gdbstub.h) */
            if (!gdb_parse_spec(val, NULL, 0, NULL, err, errlen))
                return false;
            o->gdb = strcmp(val, "none") ? val : NULL;
            break;
        case OPT_GDB_S: o->gdb = "tcp::1234"; break;
        case OPT_GDB_WAIT: o->gdb_wait = true; break;
        }
    }
    if (o->monitor_stdio && (o->gdb || o->trace_cpu)) {
        snprintf(err, errlen, "-monitor stdio cannot be combined with %s (one controller runs the guest)",
                 o->gdb ? "-gdb/-s" : "-d cpu");
        return false;
    }
    if (o->gdb_wait && !o->gdb) {
        snprintf(err, errlen, "-S waits for gdb: give -gdb tcp:[HOST]:PORT or -s too");
        return false;
    }
    if (!o->trace_file && (o->trace_filter.range || o->trace_filter.el_mask || o->trace_filter.cpu_mask ||
                           o->trace_filter.window || o->trace_filter.digest_every != TRACE_DEFAULT_DIGEST_EVERY)) {
        snprintf(err, errlen, "the --trace-* filters need --trace FILE");
        return false;
    }
    if (!cli_virtio_resolve(vio, &o->machine, err, errlen))
        return false;
    if (!cli_resolve_deterministic(o, err, errlen))
        return false;
    if (o->action == CLI_RUN && !o->machine.kernel && !o->machine.bios && !o->machine.pflash[0].path &&
        !o->machine.dumpdtb) {
        snprintf(err, errlen, "nothing to run: give -kernel FILE, -bios FILE or -drive if=pflash,unit=0,file=FILE (see --help)");
        return false;
    }
    return true;
}
