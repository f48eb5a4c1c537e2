/*
 * The Linux boot protocol of QEMU's -kernel on virt (QEMU 7.2 hw/arm/boot.c), as pure functions
 * of the layout so they can be tested without a machine: where the initrd and the device tree go,
 * and the boot stub QEMU writes at the base of RAM. a64emu writes the same stub, so vCPU 0 runs
 * the same first six instructions as under QEMU (and lockstep traces line up) and enters the
 * kernel with x0 = DTB address, x1 = x2 = x3 = 0, MMU and caches off, DAIF masked, at EL1 (EL2
 * with virtualization=on) - the register state Documentation/arch/arm64/booting.rst asks for.
 */
#ifndef A64EMU_MACHINE_BOOT_H
#define A64EMU_MACHINE_BOOT_H

#include <stdint.h>

#define BOOT_STUB_WORDS 10          /* six instructions and two 64-bit literals */
#define BOOT_STUB_MAX 0x1000ull     /* QEMU's BOOTLOADER_MAX_SIZE: an Image may not start below */
#define BOOT_DTB_ALIGN (2ull << 20) /* arm64 kernels map the DTB's 2 MiB block early */
#define BOOT_PAGE 0x1000ull

/*
 * Where the initrd starts: RAM + min(RAM/2, 128 MiB) (far enough for the kernel to decompress
 * below it, low enough to be in lowmem), but never over the kernel (image_high: first byte after
 * it, 0 if unknown), page-aligned.
 */
uint64_t boot_initrd_start(uint64_t ram_base, uint64_t ram_size, uint64_t image_high);

/* Where the DTB goes for a Linux boot: after the initrd (initrd_size 0: none), 2 MiB-aligned. */
uint64_t boot_dtb_start(uint64_t initrd_start, uint64_t initrd_size);

/* The stub: ldr x0, dtb; mov x1..x3, xzr; ldr x4, entry; br x4; dtb; entry. Little-endian words. */
void boot_stub(uint32_t words[BOOT_STUB_WORDS], uint64_t dtb, uint64_t entry);

#endif
