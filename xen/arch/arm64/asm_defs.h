/* Constants shared by the assembly files of the arm64 port. */
#ifndef ARM64_ASM_DEFS_H
#define ARM64_ASM_DEFS_H

#define CPU_STACK_SIZE (16 * 1024)

/* MAIR_EL2: attr0 device-nGnRE (MMIO), attr1 normal WB RA/WA (RAM) */
#define MAIR_VALUE 0xff04
/* TCR_EL2: T0SZ=25 (39-bit VA from level 1), WB WA walks, inner shareable,
 * 4K granule, PS=40-bit (cortex-a57), RES1 bits 31 and 23 */
#define TCR_VALUE ((25) | (1 << 8) | (1 << 10) | (3 << 12) | (2 << 16) | (1 << 23) | (1 << 31))
/* 1 GiB block descriptors: AF, and for RAM inner-shareable attr1; device
 * blocks are never executable (XN, bit 54) */
#define PTE_BLOCK_NORMAL 0x705
#define PTE_BLOCK_DEVICE 0x40000000000401

#define SCTLR_M (1 << 0)
#define SCTLR_C (1 << 2)
#define SCTLR_I (1 << 12)

/* Guest register frame (struct cpu_regs in xen/arch/arm64/regs.h) */
#define FRAME_SIZE    (34 * 8)
#define FRAME_ELR     (31 * 8)
#define FRAME_SPSR    (32 * 8)
#endif
