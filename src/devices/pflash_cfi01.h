/*
 * CFI parallel NOR flash with the Intel/Sharp command set (CFI primary vendor ID 0x0001), as
 * QEMU 7.2's hw/block/pflash_cfi01.c models it for the virt board's two 64 MiB banks: two x16
 * devices side by side on a 32-bit bus (bank width 4, device width 2), 256 KiB erase blocks,
 * Intel manufacturer 0x89 / device 0x18 as virt's flash.
 *
 * Array (read) mode is a ROM-device region of the bus: reads and instruction fetch go to host
 * memory as for RAM (the firmware runs from flash0), and only writes reach the device. The first
 * command write switches the region to MMIO (bus_set_romd), so the guest then reads the status
 * register, the identifier or the CFI table; the return to read-array mode maps the array again.
 *
 * Writes go through to the backing file (pwrite of the changed bytes), as QEMU does with its
 * block backend. With readonly, program and erase leave the data alone and set the error bits
 * of the status register, as QEMU's read-only pflash.
 */
#ifndef A64EMU_DEVICES_PFLASH_CFI01_H
#define A64EMU_DEVICES_PFLASH_CFI01_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus/bus.h"

struct pflash_config {
    const char *name;           /* bus region name ("flash0") */
    uint64_t base, size;        /* size: a multiple of sector_len */
    uint32_t sector_len;        /* erase block size of the bank (both devices together) */
    unsigned bank_width;        /* bytes per bus word: 4 on virt */
    unsigned device_width;      /* bytes per device: 2 on virt (two x16 parts) */
    uint8_t ident[2];           /* manufacturer and device ID of one part */
    const char *path;           /* backing file, exactly `size` bytes; NULL: zero-filled, writable */
    bool readonly;              /* program/erase fail with status error bits */
};

/* The command state, for the monitor and the tests. */
enum pflash_mode {
    PFLASH_READ_ARRAY, PFLASH_READ_STATUS, PFLASH_READ_ID, PFLASH_CFI_QUERY,
    PFLASH_PROGRAM, PFLASH_ERASE, PFLASH_LOCK, PFLASH_BUFFER_COUNT, PFLASH_BUFFER_DATA,
    PFLASH_BUFFER_CONFIRM,
};

/* Status register bits (Intel StrataFlash / CFI 0x0001 command set). */
#define PFLASH_SR_READY 0x80         /* write state machine ready */
#define PFLASH_SR_ERASE_ERROR 0x20
#define PFLASH_SR_PROGRAM_ERROR 0x10

#define PFLASH_CFI_TABLE_SIZE 0x52

struct pflash;

/* NULL with a message in err (file missing or of the wrong size, no memory, bad geometry). */
struct pflash *pflash_create(struct bus *bus, const struct pflash_config *cfg, char *err, size_t errlen);
void pflash_destroy(struct pflash *f);
/* System reset: read-array mode, status "ready" (QEMU's pflash_cfi01_system_reset). */
void pflash_reset(struct pflash *f);
enum pflash_mode pflash_mode(const struct pflash *f);
const char *pflash_mode_name(enum pflash_mode mode);
uint8_t pflash_status(const struct pflash *f);
/* The mode name of the flash behind bus region r, or NULL if r is not a pflash (the monitor). */
const char *pflash_region_mode(const struct bus_region *r);
/* The array (the ROM-device region's host memory). */
uint8_t *pflash_array(struct pflash *f);
/* The CFI query table one device answers, byte per query address (for the tests). */
const uint8_t *pflash_cfi_table(const struct pflash *f);
/* Snapshot save/load of the command state (util/snap.h); the array is saved with the RAM. */
struct snap;
void pflash_snap(struct snap *s, struct pflash *f, unsigned index);

#endif
