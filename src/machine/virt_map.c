/* Values from QEMU hw/arm/virt.c base_memmap[] and a15irqmap[] (QEMU 7.2), gaps kept. */
#include "machine/virt_map.h"

#include <stddef.h>

const struct virt_map_entry virt_map[VIRT_REGION_COUNT] = {
    /* Space up to 0x8000000 is reserved for a boot ROM */
    [VIRT_FLASH0] =     { "flash0", 0x00000000, 0x04000000, -1, "cfi-flash", VIRT_PRESENT, "-bios loads here; read-only until the CFI model lands" },
    [VIRT_FLASH1] =     { "flash1", 0x04000000, 0x04000000, -1, "cfi-flash", VIRT_PRESENT, "read-only, zero" },
    /* GIC distributor and CPU interfaces sit inside the CPU peripheral space */
    [VIRT_GIC_DIST] =   { "gic-dist", 0x08000000, 0x00010000, -1, "arm,gic-v3", VIRT_PLANNED, "GIC issue" },
    [VIRT_GIC_CPU] =    { "gic-cpu", 0x08010000, 0x00010000, -1, "arm,cortex-a15-gic", VIRT_PLANNED, "GICv2 only" },
    [VIRT_GIC_HYP] =    { "gic-hyp", 0x08030000, 0x00010000, -1, NULL, VIRT_PLANNED, "GICv2 virtualization" },
    [VIRT_GIC_VCPU] =   { "gic-vcpu", 0x08040000, 0x00010000, -1, NULL, VIRT_PLANNED, "GICv2 virtualization" },
    /* The space in between here is reserved for GICv3 CPU/vCPU/HYP */
    [VIRT_GIC_ITS] =    { "gic-its", 0x08080000, 0x00020000, -1, "arm,gic-v3-its", VIRT_PLANNED, "later" },
    /* This redistributor space allows up to 2*64kB*123 CPUs */
    [VIRT_GIC_REDIST] = { "gic-redist", 0x080a0000, 0x00f60000, -1, NULL, VIRT_PLANNED, "GIC issue; 128 KiB per vCPU" },
    [VIRT_UART] =       { "pl011", 0x09000000, 0x00001000, 1, "arm,pl011", VIRT_PRESENT, "console" },
    [VIRT_RTC] =        { "pl031", 0x09010000, 0x00001000, 2, "arm,pl031", VIRT_PLANNED, "Linux-boot issue" },
    [VIRT_FW_CFG] =     { "fw-cfg", 0x09020000, 0x00000018, -1, "qemu,fw-cfg-mmio", VIRT_PLANNED, "for EDK2, later" },
    [VIRT_GPIO] =       { "pl061", 0x09030000, 0x00001000, 7, "arm,pl061", VIRT_PLANNED, "power button" },
    [VIRT_MMIO] =       { "virtio-mmio", 0x0a000000, 0x00000200 * 32, 16, "virtio,mmio", VIRT_PLANNED, "virtio issue: 32 slots of 0x200, SPIs 16..47" },
    /* ...repeating for a total of NUM_VIRTIO_TRANSPORTS, each of that size */
    [VIRT_PCIE_MMIO] =  { "pcie-mmio", 0x10000000, 0x2eff0000, 3, "pci-host-ecam-generic", VIRT_PLANNED, "later" },
    [VIRT_PCIE_ECAM] =  { "pcie-ecam", 0x3f000000, 0x01000000, -1, NULL, VIRT_PLANNED, "later" },
    /* Actual RAM size depends on configuration */
    [VIRT_MEM] =        { "ram", VIRT_RAM_BASE, VIRT_MAX_RAM, -1, NULL, VIRT_PRESENT, "-m sets the size" },
};
