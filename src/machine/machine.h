/*
 * The a64emu `virt` machine: builds the board from virt_map, loads payloads as QEMU's -kernel /
 * -bios do, and runs the vCPUs round-robin in one host thread (brief section 3).
 *
 * Embedding contract: machine_create() validates the configuration and loads every payload; on
 * failure it returns NULL after writing one line naming the problem into `err`. machine_run()
 * runs until the guest exits (semihosting or PSCI SYSTEM_OFF), the instruction limit is reached,
 * a vCPU stops, or no vCPU can run any more.
 *
 * vCPUs: vCPU 0 starts at the entry point; the others are powered off until PSCI CPU_ON (psci.h;
 * conduit SMC with EL2, HVC without, as QEMU). All run in the calling thread, round-robin in
 * index order with a fixed quantum; a vCPU waiting (WFE, WFI, CPU_SUSPEND) or off is skipped at
 * no cost, so a run interleaves the same way every time.
 * Host input reaches the UART through machine_uart_input(), output through the console sink.
 */
#ifndef A64EMU_MACHINE_MACHINE_H
#define A64EMU_MACHINE_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "devices/net_slirp.h"

#define MACHINE_MAX_CPUS 8
#define MACHINE_MAX_VIRTIO 32 /* virtio-mmio transports on virt */

/* One virtio device, in command-line order: the first takes the highest transport, as QEMU. */
enum machine_virtio_kind { MACHINE_VIRTIO_BLK, MACHINE_VIRTIO_RNG, MACHINE_VIRTIO_CONSOLE, MACHINE_VIRTIO_NET };
struct machine_virtio {
    enum machine_virtio_kind kind;
    const char *path;          /* blk: raw image; console: output file, NULL for the console sink */
    bool readonly;             /* blk */
    const char *serial;        /* blk: get-id answer, NULL for none */
    uint8_t mac[6];            /* net: the MAC address */
    struct net_slirp_opts net; /* net: its user-mode network (-netdev user) */
};

/* -device guest-loader: an image loaded at addr and described in /chosen/module@addr. */
#define MACHINE_MAX_MODULES 8
struct machine_module {
    uint64_t addr;
    const char *path;
    bool is_kernel;            /* "multiboot,kernel", else "multiboot,ramdisk" */
    const char *bootargs;      /* kernel modules only; NULL: none */
};

/* -drive if=pflash,unit=N: the file behind flash bank N (devices/pflash_cfi01.h). */
#define MACHINE_PFLASH_UNITS 2
struct machine_pflash {
    const char *path;          /* NULL: the bank is zero-filled and not saved (QEMU: no drive) */
    bool readonly;
};

struct machine_config {
    const char *kernel, *bios, *initrd, *dtb, *append;
    struct machine_pflash pflash[MACHINE_PFLASH_UNITS]; /* unit 0 is flash0 (firmware), 1 flash1 */
    uint64_t ram_size;         /* bytes */
    unsigned smp;              /* number of vCPUs */
    bool semihosting;
    bool virtualization;       /* start at EL2 (QEMU -machine virtualization=on); PSCI conduit SMC */
    bool no_reboot;            /* PSCI SYSTEM_RESET stops the machine (MACHINE_RESET) instead */
    uint64_t load_addr;        /* raw kernel load address, or LOADER_NO_ADDR */
    const struct cpu_model *cpu_model; /* -cpu NAME; NULL: max */
    a64_features preview_features; /* --preview: added to the CPU profile (work in progress) */
    const char *dumpdtb;       /* -machine dumpdtb=FILE: write the device tree there (main exits) */
    /* Deterministic mode (--deterministic, -icount; needs icount): the device tree's rng-seed
     * and kaslr-seed and virtio-rng derive from `seed`, the RTC starts at a fixed date and
     * advances with virtual time, semihosting's clocks count virtual time, so a run with the
     * same inputs is the same every time (docs/record-replay.md). */
    bool deterministic;
    uint64_t seed;
    bool no_dtb_seeds;         /* -M virt,dtb-randomness=off: no rng-seed/kaslr-seed in /chosen */
    bool icount;               /* virtual time from instructions (-icount), else the host clock */
    unsigned icount_shift;     /* with icount: 2^shift ns per instruction */
    /* virtio-mmio devices (-drive, -device; devices/virtio/) and -global virtio-mmio.force-legacy */
    struct machine_virtio virtio[MACHINE_MAX_VIRTIO];
    unsigned nvirtio;
    bool virtio_legacy;
    struct machine_module modules[MACHINE_MAX_MODULES];
    unsigned nmodules;
    /* console */
    void (*console_write)(void *opaque, const void *buf, size_t len);
    int (*console_read_byte)(void *opaque); /* for semihosting reads; -1 at end */
    void *console_opaque;
};

struct machine;

struct machine *machine_create(const struct machine_config *cfg, char *err, size_t errlen);
void machine_destroy(struct machine *m);

enum machine_stop {
    MACHINE_EXIT,        /* guest exited through semihosting: machine_exit_code() */
    MACHINE_INSN_LIMIT,  /* max_insns reached */
    MACHINE_ERROR,       /* a vCPU stopped on something the emulator cannot continue from */
    MACHINE_IDLE,        /* every vCPU waits for an interrupt that cannot come */
    MACHINE_QUIT,        /* the host asked to stop (poll returned false) */
    MACHINE_RESET,       /* PSCI SYSTEM_RESET with no_reboot */
    MACHINE_DEBUG,       /* a vCPU hit a host debugger's breakpoint/watchpoint (CPU_STOP_DEBUG):
                            machine_stopped_cpu(); the debugger clears its stop to go on */
    MACHINE_PAUSED,      /* the cut (machine_set_cut) was reached */
};

/* Called between quanta for host input; returns false to stop the machine. */
typedef bool (*machine_poll_fn)(struct machine *m, void *opaque);

/* Run for at most max_insns instructions in total (0: no limit). poll may be NULL. */
enum machine_stop machine_run(struct machine *m, uint64_t max_insns, machine_poll_fn poll, void *poll_opaque);
/* Step one instruction of the vCPU the scheduler runs next (for tracing), keeping the same
 * interleaving as machine_run; returns false once the machine has stopped. */
bool machine_step(struct machine *m, enum machine_stop *why);
/* The vCPU the next machine_step will run, or NULL when the machine stops. */
struct cpu_state *machine_next_cpu(struct machine *m);
/* The vCPU whose state explains the stop (its pc, EL and stop_reason); vCPU 0 before any stop. */
struct cpu_state *machine_stopped_cpu(struct machine *m);
/* The vCPU the scheduler ran last (or runs next): where a host interrupt (Ctrl-C) stops. */
struct cpu_state *machine_current_cpu(struct machine *m);
/* PSCI SYSTEM_RESETs performed so far. */
uint64_t machine_resets(const struct machine *m);

int machine_exit_code(const struct machine *m);
/* The device tree of the current boot and its guest address (0: not placed in RAM). */
const void *machine_dtb(const struct machine *m, size_t *size, uint64_t *addr);
uint64_t machine_icount(const struct machine *m);
unsigned machine_cpu_count(const struct machine *m);
struct cpu_state *machine_cpu(struct machine *m, unsigned index);
/* Host input for the console UART: how many bytes it can take now, and delivery. */
size_t machine_uart_room(const struct machine *m);
void machine_uart_input(struct machine *m, const uint8_t *data, size_t len);
/* Host input can still arrive (stdin not at end of file). While it can, and the guest waits for
 * the UART's receive interrupt, an idle machine with no timer armed waits for input instead of
 * stopping (an interactive shell idles like that under NO_HZ). */
void machine_set_input_open(struct machine *m, bool open);
/* For the state digest and snapshots (src/replay): the bus (its RAM regions) and virtual time. */
struct bus *machine_bus(struct machine *m);
uint64_t machine_virtual_ns(const struct machine *m);
/* Snapshot save or load of the whole machine (util/snap.h; the file format is
 * src/replay/snapshot.c): scheduler, virtual clock, PSCI and semihosting state, every vCPU, its
 * timers, the GIC, PL011, PL031, PL061, every virtio transport and device, and RAM (nonzero
 * pages). Needs deterministic mode (-icount). A failed load leaves the machine unusable: the
 * caller destroys it. Returns !s->failed. */
struct snap;
bool machine_snap(struct machine *m, struct snap *s);

/*
 * Exact stops for the gdb stub in deterministic mode (docs/gdb.md, src/replay/timetravel.c).
 * Transparent mode puts every vCPU on the one-instruction path in a way that executes exactly
 * as without it (cpu_host_debug.transparent), and makes every stop that is not one of the
 * scheduler's own run ends (a cut, a breakpoint or watchpoint hit) invisible to the run: no
 * timer poll and no host poll there, the quantum simply goes on when machine_run is called again.
 * The position counts steps: instructions retired plus exceptions taken, by every vCPU (an
 * exception entry is a stop of its own). A cut stops machine_run with MACHINE_PAUSED once the
 * position reaches pos, or once vCPU cpu's own steps (icount + last_exc.seq) reach cpu_steps.
 */
#define MACHINE_NO_CUT UINT64_MAX
void machine_set_transparent(struct machine *m, bool on);
void machine_set_cut(struct machine *m, uint64_t pos, int cpu, uint64_t cpu_steps);
uint64_t machine_position(const struct machine *m);
void machine_set_position(struct machine *m, uint64_t pos); /* after a snapshot restore */
/* The position just before the last run slice of the cut's vCPU (the state before its step). */
uint64_t machine_cut_slice_start(const struct machine *m);
/* Console output suppressed (re-executing history the user has already seen). */
void machine_set_muted(struct machine *m, bool muted);
/* Bytes the host delivered to the guest so far (UART/virtconsole input, semihosting reads). */
uint64_t machine_host_input(const struct machine *m);
static inline uint64_t cpu_steps_of(const struct cpu_state *c) { return c->icount + c->last_exc.seq; }

#endif
