/*
 * el2_traps: the EL2 side (vectors, guest entry/exit) and the guest code run at EL1 and EL0.
 *
 * run_guest(entry, spsr, arg, sp) saves the host's callee-saved registers, ERETs to `entry` with
 * SPSR_EL2 = spsr and X0 = arg; a lower-EL synchronous exception saves a struct exc_frame and
 * calls hyp_sync(frame): 0 resumes the guest at frame->elr, 1 ends it (run_guest returns the
 * guest's X0). Every other EL2 vector is unexpected.
 */
#define FRAME_SIZE (36 * 8)

    .text
    .global run_guest
    .type run_guest, %function
run_guest:
    adrp    x9, host_ctx
    add     x9, x9, :lo12:host_ctx
    stp     x19, x20, [x9, #0]
    stp     x21, x22, [x9, #16]
    stp     x23, x24, [x9, #32]
    stp     x25, x26, [x9, #48]
    stp     x27, x28, [x9, #64]
    stp     x29, x30, [x9, #80]
    mov     x10, sp
    str     x10, [x9, #96]
    msr     elr_el2, x0
    msr     spsr_el2, x1
    msr     sp_el1, x3
    msr     sp_el0, x3
    mov     x0, x2
    eret
    .size run_guest, . - run_guest

guest_exit:
    ldr     x0, [sp, #0]            /* the guest's X0 */
    adrp    x9, host_ctx
    add     x9, x9, :lo12:host_ctx
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ldr     x10, [x9, #96]
    mov     sp, x10
    ret

el2_lower_sync:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el2
    stp     x30, x2, [sp, #240]
    mrs     x2, spsr_el2
    mrs     x3, esr_el2
    stp     x2, x3, [sp, #256]
    mrs     x2, far_el2
    str     x2, [sp, #272]
    mov     x0, sp
    bl      hyp_sync
    cbnz    x0, guest_exit
    ldp     x2, x3, [sp, #256]
    msr     spsr_el2, x2
    ldr     x2, [sp, #248]
    msr     elr_el2, x2
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    add     sp, sp, #FRAME_SIZE
    eret

/* A physical IRQ from EL1 routed here by HCR_EL2.IMO: record ELR_EL2, SPSR_EL2 and the INTID,
 * acknowledge and end it at the (physical) CPU interface, and resume the guest. */
el2_lower_irq:
    stp     x2, x3, [sp, #16]
    adrp    x2, pirq_seen
    add     x2, x2, :lo12:pirq_seen
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    stp     x0, x1, [x2]
    mrs     x3, S3_0_C12_C12_0      /* ICC_IAR1_EL1 */
    str     x3, [x2, #16]
    msr     S3_0_C12_C12_1, x3      /* ICC_EOIR1_EL1 */
    ldp     x2, x3, [sp, #16]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME_SIZE
    eret

    .macro vent label
    .balign 128
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    b       \label
    .endm
    .macro vbad num
    .balign 128
    mov     x0, #\num
    mrs     x1, esr_el2
    mrs     x2, elr_el2
    b       hyp_unexpected
    .endm

    .balign 2048
    .global el2_vectors
el2_vectors:
    vbad 0
    vbad 1
    vbad 2
    vbad 3
    vbad 4
    vbad 5
    vbad 6
    vbad 7
    vent el2_lower_sync
    vent el2_lower_irq
    vbad 10
    vbad 11
    vbad 12
    vbad 13
    vbad 14
    vbad 15

/* ---- guest code ---- */

/* EL1: WFI under HCR_EL2.TWI (trapped, emulated as a NOP by the hypervisor). */
    .global guest_wfi, guest_wfi_insn
guest_wfi:
    mov     x0, #7
guest_wfi_insn:
    wfi
    add     x0, x0, #1
    hvc     #0

/* EL1: MSR SCTLR_EL1 under TVM (emulated), then MRS reads what the hypervisor wrote. */
    .global guest_tvm, guest_tvm_insn
guest_tvm:
    mov     x1, x0
guest_tvm_insn:
    msr     sctlr_el1, x1
    mrs     x0, sctlr_el1
    hvc     #0

/* EL1: ID register read under TID3 (emulated). */
    .global guest_tid3, guest_tid3_insn
guest_tid3:
guest_tid3_insn:
    mrs     x5, id_aa64mmfr0_el1
    mov     x0, x5
    hvc     #0

/* EL1: MIDR/MPIDR read VPIDR_EL2/VMPIDR_EL2, no trap. */
    .global guest_ids
guest_ids:
    mrs     x0, midr_el1
    mrs     x1, mpidr_el1
    hvc     #0

/* EL1: unmask IRQ with HCR_EL2.{IMO,VI} set: the virtual IRQ is taken at once at
 * guest_vectors + 0x280; the handler asks the hypervisor (HVC #1) to drop VI and returns. */
    .global guest_virq, guest_virq_after
guest_virq:
    adrp    x2, guest_vectors
    add     x2, x2, :lo12:guest_vectors
    msr     vbar_el1, x2
    isb
    mov     x9, #0
    mov     x10, #0
    mrs     x11, isr_el1            /* IMO = 1 at EL1: ISR_EL1.I is the virtual IRQ */
    msr     daifclr, #2
guest_virq_after:
    mov     x0, x9
    mov     x1, x10
    mov     x2, x11
    hvc     #0

/* EL0 under HCR_EL2.TGE: WFI traps to EL2 (TWI); an EL0 read of CTR_EL0 with SCTLR_EL1.UCT = 0
 * would trap to EL1 and goes to EL2 instead; SVC goes to EL2 and ends the guest. */
    .global guest_el0, guest_el0_wfi, guest_el0_ctr
guest_el0:
guest_el0_wfi:
    wfi
guest_el0_ctr:
    mrs     x3, ctr_el0
    mov     x0, x3
    svc     #0x42

/* EL1: SMC under HCR_EL2.TSC traps to EL2 (EC 0x17, ELR the SMC itself); the hypervisor
 * emulates it by returning 0x600d in X0 and skipping it. */
    .global guest_smc, guest_smc_insn
guest_smc:
guest_smc_insn:
    smc     #0x17
    hvc     #0

/* EL1 with PSTATE.I = 1 and HCR_EL2.IMO = 1: a pending physical IRQ is for EL2, which EL1's
 * PSTATE.I does not mask, so it is taken before the first instruction. */
    .global guest_pirq_el2
guest_pirq_el2:
    mov     x0, #0x77
    hvc     #0

/* EL1 with IMO = 0: the physical IRQ is EL1's, held off by PSTATE.I (ISR_EL1.I shows it pending)
 * and taken at guest_vectors + 0x280 when the guest unmasks it; HVC #1 acknowledges it. */
    .global guest_pirq_el1, guest_pirq_el1_after
guest_pirq_el1:
    adrp    x2, guest_vectors
    add     x2, x2, :lo12:guest_vectors
    msr     vbar_el1, x2
    isb
    mov     x9, #0
    mov     x10, #0
    mrs     x11, isr_el1
    msr     daifclr, #2
guest_pirq_el1_after:
    mov     x0, x9
    mov     x1, x10
    mov     x2, x11
    hvc     #0

    .balign 2048
    .global guest_vectors
guest_vectors:
    .rept 5
    .balign 128
    hvc     #0xbad
    .endr
    .balign 128                     /* current EL with SP_ELx, IRQ */
    mrs     x9, elr_el1
    mrs     x10, spsr_el1
    hvc     #1
    eret
    .rept 10
    .balign 128
    hvc     #0xbad
    .endr

    .bss
    .balign 16
host_ctx:
    .skip 112
    .global pirq_seen
pirq_seen:                          /* ELR_EL2, SPSR_EL2, INTID of the last EL2 IRQ */
    .skip 24
