/*
 * EL2 exception vectors. A trap from a guest saves the guest's general
 * registers, ELR and SPSR in a frame at the top of the pCPU's stack (the stack
 * is empty while a guest runs: each pCPU runs at most one vCPU, so EL1 system
 * registers simply stay live in the CPU), calls guest_trap(), and returns
 * through the same frame.
 */
#include "asm_defs.h"

.macro save_guest_frame
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
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
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    stp     x30, x0, [sp, #240]
    str     x1, [sp, #FRAME_SPSR]
.endm

.macro guest_vector type
    .balign 0x80
    save_guest_frame
    mov     x0, sp
    mov     x1, #\type
    bl      guest_trap
    b       guest_resume
.endm

.macro hyp_bad_vector type
    .balign 0x80
    mov     x0, #\type
    mrs     x1, esr_el2
    mrs     x2, elr_el2
    mrs     x3, far_el2
    b       hyp_unexpected_exception
.endm

    .text
    .balign 0x800
    .global hyp_vectors
hyp_vectors:
    hyp_bad_vector 0        /* current EL, SP0: never used */
    hyp_bad_vector 1
    hyp_bad_vector 2
    hyp_bad_vector 3
    hyp_bad_vector 4        /* current EL, SPx sync: a hypervisor bug */
    .balign 0x80
    b       hyp_irq_entry   /* current EL, SPx IRQ: idle loop or WFI wait */
    hyp_bad_vector 6
    hyp_bad_vector 7
    guest_vector 0          /* lower EL AArch64 sync: traps */
    guest_vector 1          /* lower EL IRQ */
    guest_vector 2          /* lower EL FIQ */
    guest_vector 3          /* lower EL SError */
    hyp_bad_vector 12       /* lower EL AArch32: guests are AArch64 only */
    hyp_bad_vector 13
    hyp_bad_vector 14
    hyp_bad_vector 15

/* IRQ while the hypervisor itself runs (interrupts are only unmasked while
 * waiting): the same frame as a guest trap, so the same return path. */
hyp_irq_entry:
    save_guest_frame
    bl      hyp_irq
    b       guest_resume

/* Return through the frame at sp (to the guest, or to the hypervisor
 * code an IRQ interrupted). */
    .global guest_resume
guest_resume:
    ldp     x30, x0, [sp, #240]
    ldr     x1, [sp, #FRAME_SPSR]
    msr     elr_el2, x0
    msr     spsr_el2, x1
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
    add     sp, sp, #FRAME_SIZE
    eret

/* guest_enter_fresh(const struct cpu_regs *src): start a vCPU from a boot
 * frame. Abandons the current stack: the frame is built at its top. */
    .global guest_enter_fresh
guest_enter_fresh:
    mrs     x1, tpidr_el2
    ldr     x1, [x1]                /* struct pcpu: stack_top first */
    sub     sp, x1, #FRAME_SIZE
    mov     x2, sp
    mov     x3, #(FRAME_SIZE / 8)
1:  ldr     x4, [x0], #8
    str     x4, [x2], #8
    subs    x3, x3, #1
    b.ne    1b
    b       guest_resume

/* pcpu_reset_to_idle(): drop whatever this pCPU was doing and run its idle
 * loop on a fresh stack. */
    .global pcpu_reset_to_idle
pcpu_reset_to_idle:
    mrs     x1, tpidr_el2
    ldr     x1, [x1]
    mov     sp, x1
    b       pcpu_idle_loop
