/*
 * debug: self-hosted debug at EL1 (DDI 0487 D2), the way kgdb uses it.
 *   - the OS lock is locked at reset (OSLSR_EL1.OSLK = 1) and (ROM debug_oslock only) blocks
 *     breakpoints until OSLAR_EL1 clears it;
 *   - an address breakpoint (DBGBVR0/DBGBCR0, PMC = EL1 and EL0, BAS = 0b1111) on a function:
 *     EC 0x31 at EL1 with ELR = the function, only with MDSCR_EL1.MDE and KDE set and PSTATE.D
 *     clear (debug exceptions from the EL they target);
 *   - a store watchpoint (DBGWCR0 LSC = store, BAS = 8 bytes): loads pass, a store takes EC 0x35
 *     with WnR = 1 and FAR = the address; a 64-byte MASK watchpoint catches a load inside it;
 *   - software step of EL0 code from EL1 (MDSCR_EL1.SS, SPSR_EL1.SS = 1 on the ERET): one step
 *     exception (EC 0x32, ISV = 1, ELR = the next instruction) per instruction, until the
 *     stepped SVC is taken with SPSR.SS = 0.
 */
#include "rom.h"

extern char user_steps[], user_steps_svc[], run_user_resume[];
uint64_t run_user(uint64_t entry, uint64_t x0, uint64_t spsr);

#define MDSCR_SS (1u << 0)
#define MDSCR_KDE (1u << 13)
#define MDSCR_MDE (1u << 15)
#define BCR_EL1_EL0_ADDR (1u | 3u << 1 | 0xfu << 5)   /* E, PMC = 11, BAS = 1111, BT = 0 */
#define WCR_STORE_8 (1u | 3u << 1 | 2u << 3 | 0xffu << 5) /* E, PAC = 11, LSC = store, BAS */
#define WCR_ANY_MASK64 (1u | 3u << 1 | 3u << 3 | 0xffu << 5 | 6u << 24)

static volatile uint64_t watched __attribute__((aligned(8)));
static volatile uint64_t block[8] __attribute__((aligned(64)));
static volatile struct { unsigned bp, wp, step, svc; uint64_t bp_elr, wp_esr, wp_far, step_esr, step_elr[8]; } seen;

__attribute__((noinline)) static uint64_t target(uint64_t x)
{
    return OPAQUE(x) * 3 + 1;
}

static int el1_handler(struct exc_frame *f)
{
    switch (ESR_EC(f->esr)) {
    case 0x31: /* breakpoint, current EL: disarm, return to the instruction */
        seen.bp++;
        seen.bp_elr = f->elr;
        write_sysreg(dbgbcr0_el1, 0);
        return 1;
    case 0x35: /* watchpoint, current EL: disarm, retry the access */
        seen.wp++;
        seen.wp_esr = f->esr;
        seen.wp_far = f->far;
        write_sysreg(dbgwcr0_el1, 0);
        return 1;
    default:
        return 0;
    }
}

static int el0_handler(struct exc_frame *f)
{
    switch (ESR_EC(f->esr)) {
    case 0x32: /* software step from EL0: keep stepping */
        if (seen.step < 8)
            seen.step_elr[seen.step] = f->elr;
        seen.step++;
        seen.step_esr = f->esr;
        CHECK_EQ((f->spsr >> 21) & 1, 0); /* PSTATE.SS was 0: the step had completed */
        f->spsr |= 1u << 21;
        return 1;
    case 0x15: /* the stepped SVC: SPSR.SS = 0; back to run_user's caller at EL1 */
        seen.svc++;
        CHECK_EQ((f->spsr >> 21) & 1, 0);
        CHECK_EQ(f->elr, (uint64_t)user_steps_svc);
        f->elr = (uint64_t)run_user_resume;
        f->spsr = 0x3c5;
        return 1;
    default:
        return 0;
    }
}

int main(void)
{
    rom_set_sync_handler(el1_handler);
    rom_set_lower_sync_handler(el0_handler);
    __asm__ volatile("msr daifclr, #8" ::: "memory"); /* PSTATE.D = 0 */

    /* The OS lock is locked at reset. */
    CHECK_EQ(read_sysreg(oslsr_el1) & 0xa, 0xa); /* OSLM = 0b10, OSLK = 1 */
    write_sysreg(mdscr_el1, MDSCR_MDE | MDSCR_KDE);
    write_sysreg(dbgbvr0_el1, (uint64_t)target);
    write_sysreg(dbgbcr0_el1, BCR_EL1_EL0_ADDR);
    __asm__ volatile("isb" ::: "memory");
#ifdef DEBUG_OSLOCK
    /* Locked: the breakpoint does not fire (AArch64.GenerateDebugExceptionsFrom: "if
     * OSLSR_EL1.OSLK == '1' ... return FALSE"). QEMU 7.2 takes it: QEMU is wrong here, so this
     * part runs only in the ROM debug_oslock, not in lockstep. */
    CHECK_EQ(target(4), 13);
    CHECK_EQ(seen.bp, 0);
#endif

    /* Unlocked: the breakpoint fires once (the handler disarms it). */
    write_sysreg(oslar_el1, 0);
    __asm__ volatile("isb" ::: "memory");
    CHECK_EQ(read_sysreg(oslsr_el1) & 2, 0);
    CHECK_EQ(target(5), 16);
    CHECK_EQ(seen.bp, 1);
    CHECK_EQ(seen.bp_elr, (uint64_t)target);

    /* PSTATE.D = 1 masks debug exceptions at the EL they target. */
    write_sysreg(dbgbcr0_el1, BCR_EL1_EL0_ADDR);
    __asm__ volatile("msr daifset, #8\n\tisb" ::: "memory");
    CHECK_EQ(target(1), 4);
    CHECK_EQ(seen.bp, 1);
    __asm__ volatile("msr daifclr, #8\n\tisb" ::: "memory");
    /* And so does MDSCR_EL1.KDE = 0. */
    write_sysreg(mdscr_el1, MDSCR_MDE);
    __asm__ volatile("isb" ::: "memory");
    CHECK_EQ(target(2), 7);
    CHECK_EQ(seen.bp, 1);
    write_sysreg(dbgbcr0_el1, 0);
    write_sysreg(mdscr_el1, MDSCR_MDE | MDSCR_KDE);

    /* A store watchpoint: loads pass, the store is caught once and then retried. */
    write_sysreg(dbgwvr0_el1, (uint64_t)&watched);
    write_sysreg(dbgwcr0_el1, WCR_STORE_8);
    __asm__ volatile("isb" ::: "memory");
    uint64_t v = watched;
    CHECK_EQ(seen.wp, 0);
    watched = v + 5;
    CHECK_EQ(seen.wp, 1);
    CHECK_EQ(watched, v + 5);
    CHECK_EQ(seen.wp_far, (uint64_t)&watched);
    CHECK_EQ((seen.wp_esr >> 6) & 1, 1); /* WnR */
    CHECK_EQ(seen.wp_esr & 0x3f, 0x22);
    CHECK_EQ(ESR_IL(seen.wp_esr), 1);

    /* A 64-byte range (MASK = 6): a load of its sixth doubleword. */
    write_sysreg(dbgwvr0_el1, (uint64_t)block);
    write_sysreg(dbgwcr0_el1, WCR_ANY_MASK64);
    __asm__ volatile("isb" ::: "memory");
    CHECK_EQ(block[5], 0);
    CHECK_EQ(seen.wp, 2);
    CHECK_EQ(seen.wp_far, (uint64_t)&block[5]);
    CHECK_EQ((seen.wp_esr >> 6) & 1, 0);

    /* Software step of EL0 code: three steps, then the stepped SVC. */
    write_sysreg(mdscr_el1, MDSCR_SS);
    __asm__ volatile("isb" ::: "memory");
    run_user((uint64_t)user_steps, 0, 1u << 21 | 0x3c0 /* EL0t, DAIF masked, SS */);
    write_sysreg(mdscr_el1, 0);
    __asm__ volatile("isb" ::: "memory");
    CHECK_EQ(seen.step, 3);
    CHECK_EQ(seen.svc, 1);
    CHECK_EQ(seen.step_elr[0], (uint64_t)user_steps + 4);
    CHECK_EQ(seen.step_elr[1], (uint64_t)user_steps + 8);
    CHECK_EQ(seen.step_elr[2], (uint64_t)user_steps + 12);
    CHECK_EQ(seen.step_esr, 0xcb000022u); /* EC 0x32, IL, ISV, EX = 0, IFSC 0x22 */

    sh_puts("debug: ok\n");
    return 0;
}
