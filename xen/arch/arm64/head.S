/*
 * Entry of the hypervisor. QEMU starts the primary CPU here at EL2 with the
 * MMU off and x0 = the DTB address (arm64 Linux boot protocol); secondary
 * CPUs arrive at secondary_entry through PSCI CPU_ON with x0 = CPU index.
 * Everything before the MMU is on stays in this file, so C code always runs
 * with caches enabled and normal memory (unaligned accesses allowed).
 */
#include "asm_defs.h"

    .section .text.head, "ax"
    .global _start
_start:
    /* arm64 Image header: lets QEMU's -kernel load us */
    b       primary_entry
    .long   0
    .quad   0x200000                /* text_offset: load at RAM base + 2 MiB */
    .quad   _end - _start           /* image size, bss included */
    .quad   0xa                     /* LE, 4K pages, 48-bit PA anywhere */
    .quad   0
    .quad   0
    .quad   0
    .ascii  "ARM\x64"
    .long   0

primary_entry:
    mrs     x20, cntpct_el0         /* boot-time measurement starts here */
    mov     x19, x0                 /* DTB */
    bl      el2_early_init
    /* zero .bss (page tables and stacks live there) */
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16
    b       1b
2:  bl      el2_build_boot_tables
    bl      el2_enable_mmu
    mov     x0, #0
    bl      set_cpu_stack
    mov     x0, x19
    mov     x1, x20
    bl      start_xen               /* never returns */
    b       .

    .global secondary_entry
secondary_entry:
    mov     x19, x0                 /* CPU index from PSCI context id */
    bl      el2_early_init
    bl      el2_enable_mmu
    mov     x0, x19
    bl      set_cpu_stack
    mov     x0, x19
    bl      start_secondary         /* never returns */
    b       .

/* x0 = CPU index: sp = top of that CPU's stack */
set_cpu_stack:
    ldr     x1, =cpu_stacks
    add     x0, x0, #1
    mov     x2, #CPU_STACK_SIZE
    madd    x1, x0, x2, x1
    mov     sp, x1
    ret

el2_early_init:
    ldr     x0, =hyp_vectors
    msr     vbar_el2, x0
    /* CPTR_EL2: RES1 bits only, TFP=0 so FP/SIMD works for guests and for
     * the libfdt Debian built with FP enabled. */
    mov     x0, #0x33ff
    msr     cptr_el2, x0
    /* HCR_EL2.FMO/IMO/AMO: physical interrupts are taken at EL2 even on a
     * pCPU that has never run a vCPU (its SGIs, the hypervisor timer on the
     * service pCPU, device LPIs); vcpu.c rewrites HCR_EL2 with them set. */
    mov     x0, #0x38
    msr     hcr_el2, x0
    /* SCTLR_EL2 RES1 bits, MMU and caches still off */
    ldr     x0, =0x30c50830
    msr     sctlr_el2, x0
    isb
    ret

/*
 * Boot page tables: one level-1 table of 1 GiB blocks, identity map.
 *   [0, 1G)        device: GIC, UART, PCIe MMIO window
 *   [1G, 4G)       normal write-back: RAM
 *   [256G, 257G)   device: PCIe ECAM at 0x40_1000_0000
 */
el2_build_boot_tables:
    ldr     x0, =boot_l1_table
    ldr     x1, =PTE_BLOCK_DEVICE
    str     x1, [x0]                        /* entry 0: 0x0 */
    ldr     x1, =PTE_BLOCK_NORMAL
    mov     x2, #(1 << 30)
    orr     x3, x1, x2
    str     x3, [x0, #8]                    /* entry 1: 1G */
    add     x3, x3, x2
    str     x3, [x0, #16]                   /* entry 2: 2G */
    add     x3, x3, x2
    str     x3, [x0, #24]                   /* entry 3: 3G */
    ldr     x1, =PTE_BLOCK_DEVICE
    mov     x2, #0x4000000000
    orr     x1, x1, x2
    str     x1, [x0, #(256 * 8)]            /* entry 256: 256G */
    dsb     sy
    ret

el2_enable_mmu:
    ldr     x0, =MAIR_VALUE
    msr     mair_el2, x0
    ldr     x0, =TCR_VALUE
    msr     tcr_el2, x0
    ldr     x0, =boot_l1_table
    msr     ttbr0_el2, x0
    isb
    tlbi    alle2
    dsb     sy
    isb
    mrs     x0, sctlr_el2
    orr     x0, x0, #SCTLR_M
    orr     x0, x0, #SCTLR_C
    orr     x0, x0, #SCTLR_I
    msr     sctlr_el2, x0
    isb
    ret

    .section .bss.pagetables, "aw", %nobits
    .balign 4096
    .global boot_l1_table
boot_l1_table:
    .space 4096
