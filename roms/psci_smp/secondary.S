/*
 * Entry point of a vCPU started with PSCI CPU_ON: X0 = context id = vCPU number, MMU off, at the
 * highest EL present, every other register at reset (SP unknown). Give it its own 4 KiB stack,
 * the shared EL1 vector table, and call secondary_main(x0).
 */
    .text
    .global secondary_entry
    .type secondary_entry, %function
secondary_entry:
    adrp    x1, secondary_stacks
    add     x1, x1, :lo12:secondary_stacks
    and     x2, x0, #7
    add     x2, x2, #1
    add     x1, x1, x2, lsl #12
    mov     sp, x1
    adrp    x1, vector_table
    add     x1, x1, :lo12:vector_table
    msr     vbar_el1, x1
    isb
    bl      secondary_main
1:  b       1b
    .size secondary_entry, . - secondary_entry

    .bss
    .balign 16
secondary_stacks:
    .space  4096 * 8
