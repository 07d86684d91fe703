/* Entry points. The image begins with an arm64 Image header (Linux
 * Documentation/arm64/booting) so QEMU's -kernel and the hypervisor both
 * load it at RAM base + text_offset = RT_LOAD_ADDR, where it is linked.
 * The header's first word is real code: it reads the virtual counter before
 * anything else so boot time can be measured from the first instruction. */
#include "rt/config.h"

    .section .text.head, "ax"
    .globl _start
_start:
    mrs     x19, cntvct_el0         /* code0: boot timestamp, kept in x19 */
    b       rt_boot_primary         /* code1 */
    .quad   RT_TEXT_OFFSET          /* text_offset */
    .quad   rt_image_size           /* image_size: file + BSS + stacks */
    .quad   0                       /* flags: little-endian, 2 MiB base near RAM start */
    .quad   0, 0, 0                 /* reserved */
    .ascii  "ARM\x64"               /* magic */
    .long   0                       /* no PE header */

    .text
/* vCPU 0: x0 = DTB address; MMU and caches off, DAIF masked. */
rt_boot_primary:
    msr     daifset, #0xf
    mov     x20, x0
    adrp    x1, __bss_start
    add     x1, x1, :lo12:__bss_start
    adrp    x2, __bss_end
    add     x2, x2, :lo12:__bss_end
1:  cmp     x1, x2                  /* both ends 16-byte aligned (linker script) */
    b.hs    2f
    stp     xzr, xzr, [x1], #16
    b       1b
2:  adrp    x1, rt_first_insn_ticks
    str     x19, [x1, :lo12:rt_first_insn_ticks]
    mov     x0, #0
    bl      rt_cpu_setup
    mov     x0, x20
    bl      boot_primary            /* runs main, never returns */
3:  wfi
    b       3b

/* Secondary vCPUs arrive here from PSCI CPU_ON (x0 = context, unused: the
 * vCPU index comes from MPIDR so a wrong context cannot share a stack). */
    .globl rt_secondary_entry
rt_secondary_entry:
    msr     daifset, #0xf
    mrs     x0, mpidr_el1
    and     x0, x0, #0xff
    cmp     x0, #RT_MAX_CPUS
    b.hs    4f
    bl      rt_cpu_setup
    bl      smp_secondary_main      /* never returns */
4:  ldr     x0, =0x84000002         /* no stack for this vCPU: PSCI CPU_OFF */
    hvc     #0
    b       4b

/* Per-vCPU set-up, x0 = vCPU index: stack, FP/SIMD, vectors. Clobbers x1-x2. */
rt_cpu_setup:
    msr     spsel, #1               /* run on SP_EL1 (EL1h) */
    adrp    x1, rt_stacks
    add     x1, x1, :lo12:rt_stacks
    add     x0, x0, #1
    mov     x2, #RT_STACK_SIZE
    madd    x1, x0, x2, x1          /* top of this vCPU's stack */
    mov     sp, x1
    mov     x1, #(3 << 20)          /* CPACR_EL1.FPEN = 0b11: FP/SIMD does not trap */
    msr     cpacr_el1, x1
    adrp    x1, rt_vectors
    add     x1, x1, :lo12:rt_vectors
    msr     vbar_el1, x1
    isb
    msr     daifclr, #4             /* SError on: report an abort the hypervisor injects */
    ret

    .data
    .balign 8
    .globl rt_first_insn_ticks
rt_first_insn_ticks:
    .quad   0

    .bss
    .balign 16
    .globl rt_stacks
rt_stacks:
    .space  RT_MAX_CPUS * RT_STACK_SIZE
