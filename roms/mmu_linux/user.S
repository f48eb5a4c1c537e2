/*
 * mmu_linux: the "user program" (one page, mapped at EL0 in each process) and run_user(), which
 * enters EL0 at an address and comes back when the user code takes an exception (the EL0
 * handler in main.c redirects the return to run_user_resume at EL1).
 */
    .section .text.user, "ax"
    .balign 4096
    .global user_page
user_page:
/* x0 = counter address: increment it, return the new value (SVC #0). */
user_inc:
    ldr     x1, [x0]
    add     x1, x1, #1
    str     x1, [x0]
    mov     x0, x1
    svc     #0
    b       .
/* x0 = address: store zero there (may fault). */
    .balign 64
user_store:
    str     xzr, [x0]
    svc     #1
    b       .
/* x0 = address: branch there (may fault on fetch). */
    .balign 64
user_jump:
    br      x0
    .balign 4096

    .text
/* uint64_t run_user(uint64_t entry, uint64_t x0): ERET to EL0t at entry with X0 = x0; returns
 * the X0 the EL0 handler leaves. */
    .global run_user
    .type run_user, %function
run_user:
    stp     x29, x30, [sp, #-96]!
    stp     x19, x20, [sp, #16]
    stp     x21, x22, [sp, #32]
    stp     x23, x24, [sp, #48]
    stp     x25, x26, [sp, #64]
    stp     x27, x28, [sp, #80]
    msr     elr_el1, x0
    mov     x2, #0x3c0              /* EL0t, DAIF masked */
    msr     spsr_el1, x2
    mov     x0, x1
    eret
    .global run_user_resume
run_user_resume:
    ldp     x19, x20, [sp, #16]
    ldp     x21, x22, [sp, #32]
    ldp     x23, x24, [sp, #48]
    ldp     x25, x26, [sp, #64]
    ldp     x27, x28, [sp, #80]
    ldp     x29, x30, [sp], #96
    ret
    .size run_user, . - run_user
