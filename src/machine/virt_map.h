/*
 * The QEMU `virt` board as data (style.md 6.5): one row per region, indexed by enum virt_region.
 * Device creation, the device tree (Linux-boot issue), the monitor's memory map and
 * docs/memory-map.md all read this table, so they cannot disagree.
 */
#ifndef A64EMU_MACHINE_VIRT_MAP_H
#define A64EMU_MACHINE_VIRT_MAP_H

#include <stdint.h>

enum virt_region {
    VIRT_FLASH0,
    VIRT_FLASH1,
    VIRT_GIC_DIST,
    VIRT_GIC_CPU,
    VIRT_GIC_HYP,
    VIRT_GIC_VCPU,
    VIRT_GIC_ITS,
    VIRT_GIC_REDIST,
    VIRT_UART,
    VIRT_RTC,
    VIRT_FW_CFG,
    VIRT_GPIO,
    VIRT_MMIO,
    VIRT_PCIE_MMIO,
    VIRT_PCIE_ECAM,
    VIRT_MEM,
    VIRT_REGION_COUNT
};

enum virt_status {
    VIRT_PRESENT,  /* created on the bus by this version */
    VIRT_PLANNED,  /* reserved in the map; the named issue adds the device */
};

struct virt_map_entry {
    const char *name;
    uint64_t base, size;
    int spi;                 /* SPI number (INTID - 32), or -1 */
    const char *compatible;  /* device tree compatible string */
    enum virt_status status;
    const char *note;
};

extern const struct virt_map_entry virt_map[VIRT_REGION_COUNT];

/* Print the map as a Markdown table (docs/memory-map.md is this output). */
void virt_map_print_markdown(void *file);

#define VIRT_RAM_BASE 0x40000000ull
#define VIRT_MMIO_SLOTS 32 /* virtio-mmio transports in the VIRT_MMIO region, equal slices */
#define VIRT_MAX_RAM (255ull << 30) /* RAM ends below 256 GiB, as QEMU virt without highmem */

#endif
