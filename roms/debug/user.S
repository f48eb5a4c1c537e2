/*
 * debug: the EL0 code that is single-stepped, and run_user(), which enters EL0 with a given SPSR
 * and comes back when the EL0 handler in main.c redirects the return to run_user_resume.
 */
    .text
    .balign 16
    .global user_steps
user_steps:
    mov     x1, #1
    add     x1, x1, #2
    add     x1, x1, x1
    svc     #0
    .global user_steps_svc
user_steps_svc:
    b       .

/* uint64_t run_user(uint64_t entry, uint64_t x0, uint64_t spsr): ERET to entry with X0 = x0
 * and SPSR_EL1 = spsr; returns the X0 the EL0 handler leaves. */
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
