/*
 * GICv3 helpers for the GIC ROMs (gic_*): the virt board's distributor and redistributors, the
 * ICC_* registers by their generic names (S3_<op1>_C<n>_C<m>_<op2>, so no assembler GIC support
 * is needed), and the bring-up every ROM does. Run with -M virt,gic-version=3 under QEMU (its
 * default is a GICv2); a64emu's board always has a GICv3.
 */
#ifndef GIC_ROM_H
#define GIC_ROM_H

#include <stdint.h>

#include "rom.h"

#define GICD_BASE 0x08000000ul
#define GICR_BASE(cpu) (0x080a0000ul + (unsigned long)(cpu) * 0x20000ul)
#define GICR_SGI_BASE(cpu) (GICR_BASE(cpu) + 0x10000ul)

#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IAR0_EL1 "S3_0_C12_C8_0"
#define ICC_EOIR0_EL1 "S3_0_C12_C8_1"
#define ICC_HPPIR1_EL1 "S3_0_C12_C12_2"
#define ICC_DIR_EL1 "S3_0_C12_C11_1"
#define ICC_RPR_EL1 "S3_0_C12_C11_3"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_CTLR_EL1 "S3_0_C12_C12_4"
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICH_HCR_EL2 "S3_4_C12_C11_0"
#define ICH_VTR_EL2 "S3_4_C12_C11_1"
#define ICH_ELRSR_EL2 "S3_4_C12_C11_5"
#define ICH_VMCR_EL2 "S3_4_C12_C11_7"
#define ICH_LR0_EL2 "S3_4_C12_C12_0"

#define SR_READ(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " name : "=r"(v_) : : "memory"); v_; })
#define SR_WRITE(name, v) __asm__ volatile("msr " name ", %0" : : "r"((uint64_t)(v)) : "memory")

#define GIC_SPURIOUS 1023

static inline void mmio_w32(unsigned long a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint32_t mmio_r32(unsigned long a) { return *(volatile uint32_t *)a; }
static inline void mmio_w8(unsigned long a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void mmio_w64(unsigned long a, uint64_t v) { *(volatile uint64_t *)a = v; }

static inline unsigned my_cpu(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
    return (unsigned)(v & 0xff);
}

/* Distributor: Group 0 and Group 1 on, affinity routing (ARE, RAO/WI with one Security state). */
static inline void gic_dist_init(void)
{
    mmio_w32(GICD_BASE + 0x0, 1u << 4 | 1u << 1 | 1u << 0);
}

/* This vCPU's redistributor awake, SGIs/PPIs in Group 1, and its CPU interface open: PMR lets
 * every priority through, Group 1 enabled. */
static inline void gic_cpu_init(void)
{
    unsigned cpu = my_cpu();
    mmio_w32(GICR_BASE(cpu) + 0x14, 0); /* GICR_WAKER.ProcessorSleep = 0 */
    while (mmio_r32(GICR_BASE(cpu) + 0x14) & 4u) /* ChildrenAsleep */
        ;
    mmio_w32(GICR_SGI_BASE(cpu) + 0x80, 0xffffffffu); /* IGROUPR0 */
    SR_WRITE(ICC_PMR_EL1, 0xff);
    SR_WRITE(ICC_IGRPEN1_EL1, 1);
    __asm__ volatile("isb");
}

/* Enable SGI/PPI `intid` (< 32) of this vCPU at `prio`. */
static inline void gic_enable_private(unsigned intid, uint8_t prio)
{
    unsigned cpu = my_cpu();
    mmio_w8(GICR_SGI_BASE(cpu) + 0x400 + intid, prio);
    mmio_w32(GICR_SGI_BASE(cpu) + 0x100, 1u << intid);
}

/* Enable SPI `intid` in Group 1 at `prio`, routed to the vCPU with Aff0 = cpu. */
static inline void gic_enable_spi(unsigned intid, uint8_t prio, unsigned cpu)
{
    unsigned long r = GICD_BASE + 0x80 + intid / 32 * 4;
    mmio_w32(r, mmio_r32(r) | 1u << (intid % 32));
    mmio_w8(GICD_BASE + 0x400 + intid, prio);
    mmio_w64(GICD_BASE + 0x6000 + intid * 8ul, cpu);
    mmio_w32(GICD_BASE + 0x100 + intid / 32 * 4, 1u << (intid % 32));
}

static inline void irq_unmask(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_mask(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

#endif
