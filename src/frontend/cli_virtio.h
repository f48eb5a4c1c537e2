/*
 * The virtio and flash options of the command line, in QEMU's spellings: -drive (if=virtio, if=none,
 * if=pflash), -pflash, -device, -chardev,
 * -netdev user, -nic user|none and -global virtio-mmio.force-legacy. cli.c hands each such option here while parsing, then
 * cli_virtio_resolve() turns them into the machine's device list, in command-line order (QEMU
 * reads every -drive, -chardev and -netdev before any -device, so a -device may name one given
 * later). A -nic is a virtio-net (on the MMIO transport: a64emu has no PCI) where it stands.
 */
#ifndef A64EMU_FRONTEND_CLI_VIRTIO_H
#define A64EMU_FRONTEND_CLI_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>

#include "machine/machine.h"

#define CLI_VIRTIO_MAX_ARGS 96
#define CLI_VIRTIO_POOL 8192

enum cli_virtio_opt { CLI_DRIVE, CLI_DEVICE, CLI_CHARDEV, CLI_NETDEV, CLI_NIC, CLI_PFLASH };

struct cli_virtio {
    unsigned n;
    struct { enum cli_virtio_opt opt; const char *val; } arg[CLI_VIRTIO_MAX_ARGS];
    /* Unescaped values (",," is a comma, as QEMU) the machine configuration points into. */
    char pool[CLI_VIRTIO_POOL];
    size_t used;
};

bool cli_virtio_add(struct cli_virtio *v, enum cli_virtio_opt opt, const char *val, char *err, size_t errlen);
/* -global DRIVER.PROP=VALUE: only virtio-mmio.force-legacy=on|off|true|false. */
bool cli_virtio_global(const char *val, struct machine_config *mc, char *err, size_t errlen);
bool cli_virtio_resolve(struct cli_virtio *v, struct machine_config *mc, char *err, size_t errlen);

#endif
