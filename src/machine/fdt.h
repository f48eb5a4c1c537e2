/*
 * The virt board's device tree (through libfdt): generated from virt_map in the shape QEMU 7.2's
 * virt board gives a GICv3 machine (node names, compatible strings, property order, phandles in
 * allocation order), or loaded from a user's -dtb file; either way patched for the boot the way
 * QEMU's arm_load_dtb() does it (memory node, /chosen bootargs and initrd range, /psci).
 *
 * Deliberate differences from QEMU's tree, all for hardware a64emu does not model yet (a node
 * for a missing device would make Linux probe it and fault): no flash@0 (no CFI model), no pmu
 * (no PMU registers), no PCIe host, no GIC ITS, no fw-cfg, no platform-bus. The blob is packed
 * (QEMU leaves it padded to 1 MiB). tests/scripts/test_dtb_vs_qemu.sh lists them against QEMU.
 *
 * Error contract: every failure returns an a64emu_err after writing one line into `err`.
 */
#ifndef A64EMU_MACHINE_FDT_H
#define A64EMU_MACHINE_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct virt_fdt_config {
    unsigned smp;            /* vCPUs: cpu@0 .. cpu@smp-1, reg = MPIDR affinity = index */
    uint64_t ram_size;       /* bytes, from VIRT_RAM_BASE */
    bool el2;                /* virtualization=on: PSCI method smc, GIC maintenance interrupt */
    bool el2_vtimer;         /* with el2 and FEAT_VHE: the EL2 virtual timer as fifth interrupt */
    const char *cpu_compatible; /* NULL: "arm,cortex-a57", as QEMU 7.2 says for -cpu max too */
    const char *bootargs;    /* NULL or "": no /chosen/bootargs (as QEMU) */
    uint64_t initrd_start, initrd_size; /* initrd_size 0: no initrd properties */
    /* /chosen rng-seed (32 bytes) and kaslr-seed (8 bytes): from the host's random source, or,
     * with fixed_seed (deterministic mode), derived from `seed` so every run sees the same. */
    bool fixed_seed;
    bool no_seeds;           /* dtb-randomness=off: neither property */
    uint64_t seed;
    /* -device guest-loader images: /chosen/module@0x%08llx nodes, in QEMU 7.2's shape */
    const struct virt_fdt_module { uint64_t addr, size; bool is_kernel; const char *bootargs; } *modules;
    unsigned nmodules;
};

/* Generate the tree and patch it for boot. *blob is malloc'd (packed), *size its length. */
enum a64emu_err virt_fdt_create(const struct virt_fdt_config *cfg, void **blob, size_t *size,
                                char *err, size_t errlen);

/* -dtb FILE: load, validate (fdt_check_header and a full structure walk), and patch for boot as
 * QEMU does: /memory nodes replaced by one for the RAM, /chosen bootargs and initrd set, /psci
 * added if absent. Nothing else of the user's tree is changed. */
enum a64emu_err virt_fdt_load(const char *path, const struct virt_fdt_config *cfg, void **blob,
                              size_t *size, char *err, size_t errlen);

/* -machine dumpdtb=FILE */
enum a64emu_err virt_fdt_write(const char *path, const void *blob, size_t size, char *err,
                               size_t errlen);

#endif
