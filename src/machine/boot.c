/* QEMU 7.2's -kernel layout rules (hw/arm/boot.c arm_setup_direct_kernel_boot), see boot.h. */
#include "machine/boot.h"

#define MIB (1ull << 20)

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return v > UINT64_MAX - (a - 1) ? UINT64_MAX & ~(a - 1) : (v + a - 1) & ~(a - 1);
}

uint64_t boot_initrd_start(uint64_t ram_base, uint64_t ram_size, uint64_t image_high)
{
    uint64_t start = ram_base + (ram_size / 2 < 128 * MIB ? ram_size / 2 : 128 * MIB);
    if (image_high > start)
        start = image_high;
    return align_up(start, BOOT_PAGE);
}

uint64_t boot_dtb_start(uint64_t initrd_start, uint64_t initrd_size)
{
    uint64_t end = initrd_start + initrd_size;
    return align_up(end < initrd_start ? UINT64_MAX : end, BOOT_DTB_ALIGN);
}

/* A64 encodings (DDI 0487 C6): LDR (literal) 64-bit is 0x58000000 | imm19 << 5 | Rt, the offset
 * imm19 * 4 from the instruction; ORR (shifted register) Xd, XZR, XZR is MOV Xd, XZR; BR Xn is
 * 0xd61f0000 | Rn << 5. */
enum {
    LDR_X0_DTB = 0x58000000u | (6u << 5) | 0,   /* +24: words 6-7 */
    MOV_X1_XZR = 0xaa1f03e1u,
    MOV_X2_XZR = 0xaa1f03e2u,
    MOV_X3_XZR = 0xaa1f03e3u,
    LDR_X4_ENTRY = 0x58000000u | (4u << 5) | 4, /* at word 4, +16: words 8-9 */
    BR_X4 = 0xd61f0000u | (4u << 5),
};

void boot_stub(uint32_t words[BOOT_STUB_WORDS], uint64_t dtb, uint64_t entry)
{
    words[0] = LDR_X0_DTB;
    words[1] = MOV_X1_XZR;
    words[2] = MOV_X2_XZR;
    words[3] = MOV_X3_XZR;
    words[4] = LDR_X4_ENTRY;
    words[5] = BR_X4;
    words[6] = (uint32_t)dtb;
    words[7] = (uint32_t)(dtb >> 32);
    words[8] = (uint32_t)entry;
    words[9] = (uint32_t)(entry >> 32);
}
