/* Fixed facts of the guest platform (docs/guest-abi.md) and the runtime's
 * sizes. Only #defines: start.S and vectors.S include this file too. */
#ifndef RT_CONFIG_H
#define RT_CONFIG_H

#define RT_LOAD_ADDR        0x40200000      /* RAM base + 2 MiB: where the image runs */
#define RT_TEXT_OFFSET      0x200000        /* arm64 Image text_offset from RAM base */

#define RT_MAX_CPUS         8               /* vCPUs with a stack; MPIDR Aff0 indexes them */
#define RT_STACK_SIZE       16384           /* per vCPU, holds exception frames too */

#define RT_UART_BASE        0x09000000      /* PL011 */
#define RT_GICD_BASE        0x08000000      /* GICv3 distributor */
#define RT_GICR_BASE        0x080A0000      /* redistributor of vCPU 0 */
#define RT_GICR_STRIDE      0x20000         /* RD frame + SGI frame per vCPU */
#define RT_TEST_MMIO_BASE   0x0A000000      /* vcoproc,test-mmio register file */
#define RT_TEST_MMIO_SIZE   0x1000          /* the register file; page 1 is control */

#define RT_INTID_VTIMER     27              /* virtual timer PPI */

/* Exit code given to SYSTEM_OFF when the runtime itself stops the guest
 * (unexpected synchronous exception, FIQ, SError): distinct from any
 * plausible test failure count. */
#define RT_EXIT_EXCEPTION   125

#endif
