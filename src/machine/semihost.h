/*
 * Arm semihosting (ARM IHI 0095, "Semihosting for AArch32 and AArch64"), trapped by HLT #0xF000,
 * behaving as QEMU's so one ROM runs on both. Only the console is reachable: SYS_OPEN accepts
 * ":tt" and nothing else, so a guest can never touch host files.
 */
#ifndef A64EMU_MACHINE_SEMIHOST_H
#define A64EMU_MACHINE_SEMIHOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpu_state;

#define SEMIHOST_MAX_HANDLES 64
#define SEMIHOST_FIXED_EPOCH 946684800ull /* 2000-01-01T00:00:00Z, as the deterministic RTC */

struct semihost {
    int (*read_byte)(void *opaque);             /* console input: byte, or -1 at end of input */
    void (*write)(void *opaque, const void *buf, size_t len); /* console output */
    void *opaque;
    uint64_t ram_base, ram_size;                /* for SYS_HEAPINFO */
    uint64_t heap_base;                          /* first free byte above the loaded image */
    uint64_t start_ns;                           /* host clock at start (SYS_CLOCK, SYS_ELAPSED) */
    /* Deterministic mode: the machine's virtual time in ns (opaque as above). When set, SYS_CLOCK
     * and SYS_ELAPSED count it, SYS_TIME is SEMIHOST_FIXED_EPOCH plus it, and SYS_ISTTY answers
     * 0, so nothing the guest sees depends on the host. */
    uint64_t (*virtual_ns)(void *opaque);
    int last_errno;
    /* Open handles, as QEMU 7.2 numbers them: SYS_OPEN returns the lowest free handle >= 1.
     * handle[h] is 0 when free, else 1 + the console stream (0 stdin, 1 stdout, 2 stderr). */
    uint8_t handle[SEMIHOST_MAX_HANDLES];
};

/* The cpu_semihost_fn: performs the call in W0 with parameter X1, result in X0. */
bool semihost_call(void *opaque, struct cpu_state *cpu);

#endif
