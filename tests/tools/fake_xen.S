/* A stand-in for the hypervisor, for testing the launcher without it: an
 * arm64 Image that QEMU enters at EL2 with x0 = DTB address. It prints
 * whether the DTB magic is there, the DTB's address, and the text (up to
 * NUL or newline) at the start of the module area, so a test sees that -dtb
 * and the loader devices reached the machine and that the UART reaches
 * stdout; then it powers off through PSCI SYSTEM_OFF over SMC. Built with
 * FAKE_XEN_SPIN it prints and spins instead, for testing the time bound. */
#define UART_DR       0x09000000
#define MODULE_AREA   0x50000000
#define PSCI_SYSTEM_OFF 0x84000008
#define FDT_MAGIC_LE  0xedfe0dd0  /* 0xd00dfeed as stored, read little-endian */

    .section .text
    .global _start
_start:
    b       entry                   /* code0: the Image header's first word */
    .word   0                       /* code1 */
    .quad   0                       /* text_offset: load at RAM base */
    .quad   image_end - _start      /* image_size: non-zero so QEMU honours text_offset */
    .quad   0xa                     /* flags: little-endian, 4 KiB pages */
    .quad   0, 0, 0
    .ascii  "ARM\x64"               /* magic: marks an arm64 Image */
    .word   0

entry:
    mov     x19, x0                 /* keep the DTB address */
    ldr     x20, =UART_DR
    adr     x1, msg_start
    bl      puts
    ldr     w2, [x19]
    ldr     w3, =FDT_MAGIC_LE
    adr     x1, msg_dtb_bad
    cmp     w2, w3
    b.ne    1f
    adr     x1, msg_dtb_ok
1:  bl      puts
    adr     x1, msg_dtb_at
    bl      puts
    mov     x1, x19
    bl      puthex
    adr     x1, msg_module
    bl      puts
    ldr     x1, =MODULE_AREA
    bl      putline
#ifdef FAKE_XEN_SPIN
    adr     x1, msg_spin
    bl      puts
2:  wfi
    b       2b
#else
    adr     x1, msg_off
    bl      puts
    ldr     x0, =PSCI_SYSTEM_OFF
    smc     #0
3:  b       3b                      /* not reached: QEMU leaves on SYSTEM_OFF */
#endif

/* puts: write the NUL-terminated string at x1 to the UART. */
puts:
    ldrb    w2, [x1], #1
    cbz     w2, 1f
    strb    w2, [x20]
    b       puts
1:  ret

/* puthex: write x1 as 0x and 16 hex digits, then '\n'. */
puthex:
    mov     w2, #'0'
    strb    w2, [x20]
    mov     w2, #'x'
    strb    w2, [x20]
    mov     x3, #60
1:  lsr     x2, x1, x3
    and     x2, x2, #0xf
    cmp     x2, #10
    add     x4, x2, #'0'
    add     x5, x2, #('a' - 10)
    csel    x2, x4, x5, lo
    strb    w2, [x20]
    subs    x3, x3, #4
    b.ge    1b
    mov     w2, #'\n'
    strb    w2, [x20]
    ret

/* putline: write bytes at x1 up to NUL or newline (at most 64), then '\n'. */
putline:
    mov     x3, #64
1:  ldrb    w2, [x1], #1
    cbz     w2, 2f
    cmp     w2, #'\n'
    b.eq    2f
    strb    w2, [x20]
    subs    x3, x3, #1
    b.ne    1b
2:  mov     w2, #'\n'
    strb    w2, [x20]
    ret

msg_start:   .asciz "fake-xen: started\n"
msg_dtb_ok:  .asciz "fake-xen: dtb magic ok\n"
msg_dtb_bad: .asciz "fake-xen: dtb magic bad\n"
msg_dtb_at:  .asciz "fake-xen: dtb at "
msg_module:  .asciz "fake-xen: module: "
msg_spin:    .asciz "fake-xen: spinning\n"
msg_off:     .asciz "fake-xen: system off\n"
    .balign 8
    .ltorg
image_end:
