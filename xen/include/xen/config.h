/* Build-time limits of the hypervisor; see docs/memory-map.md. */
#ifndef XEN_CONFIG_H
#define XEN_CONFIG_H

#define NR_CPUS         8
#define MAX_DOMAINS     8
#define MAX_VCPUS       4         /* per domain */
#define CPU_STACK_SIZE  (16 * 1024)

#define HYP_BASE        0x40000000UL
#define HYP_REGION_END  0x44000000UL  /* image + heap; domains never go below */
#define DOMAIN_RAM_POOL 0x60000000UL  /* dynamic domain RAM is allocated from here up */

/* Guest (IPA) layout, shared with guests: docs/guest-abi.md */
#define GUEST_GICD_BASE   0x08000000UL
#define GUEST_GICD_SIZE   0x10000UL
#define GUEST_GICR_BASE   0x080A0000UL
#define GUEST_GICR_STRIDE 0x20000UL
#define GUEST_PL011_BASE  0x09000000UL
#define GUEST_PL011_SIZE  0x1000UL
#define GUEST_PL011_SPI   1           /* INTID 33 */
#define GUEST_TESTMMIO_BASE 0x0A000000UL
#define GUEST_TESTMMIO_SIZE 0x2000UL
#define GUEST_TESTMMIO_SPI  2           /* INTID 34 */
#define GUEST_RAM_BASE    0x40000000UL
#define GUEST_KERNEL_OFFSET 0x200000UL
#define GUEST_DTB_MAX     0x10000UL
#define GUEST_NR_SPIS     64

#endif
