/* System-register access and the bit values the hypervisor programs. Each bit
 * that is set somewhere carries its reason at the place it is set. */
#ifndef XEN_SYSREGS_H
#define XEN_SYSREGS_H
#include <xen/types.h>

#define READ_SYSREG(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0" :: "r"((uint64_t)(v)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

/* HCR_EL2 */
#define HCR_VM    (1UL << 0)
#define HCR_SWIO  (1UL << 1)
#define HCR_FMO   (1UL << 3)
#define HCR_IMO   (1UL << 4)
#define HCR_AMO   (1UL << 5)
#define HCR_FB    (1UL << 9)
#define HCR_BSU_IS (1UL << 10)
#define HCR_TWI   (1UL << 13)
#define HCR_TSC   (1UL << 19)
#define HCR_RW    (1UL << 31)

/* ESR_EL2 exception classes */
#define ESR_EC(esr)     (((esr) >> 26) & 0x3f)
#define EC_WFX          0x01
#define EC_HVC64        0x16
#define EC_SMC64        0x17
#define EC_SYSREG       0x18
#define EC_IABT_LOW     0x20
#define EC_DABT_LOW     0x24

#define SPSR_EL1H_MASKED 0x3c5UL  /* EL1h, D, A, I, F masked: the boot state */
#endif
