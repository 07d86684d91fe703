/* Entry of the ivshmem QEMU test guest: EL1, MMU off; set a stack, run C,
 * then power off through PSCI (HVC conduit on virt without EL2). */
    .section .text.start
    .global _start
_start:
    ldr x1, =stack_top
    mov sp, x1
    bl guest_main
    ldr x0, =0x84000008 /* PSCI SYSTEM_OFF */
    hvc #0
1:  wfe
    b 1b

    .bss
    .balign 16
    .space 16384
stack_top:
