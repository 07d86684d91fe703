/* The arm64 part of a domain and a vCPU: stage-2 and the virtual GIC. */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H
#include <xen/config.h>
#include <xen/spinlock.h>
#include <xen/types.h>
#include "../../regs.h"

#define VGIC_MAX_LRS 16

/* One virtual interrupt's state. Protected by the domain's vgic lock. */
struct vgic_irq {
    uint8_t priority;
    uint8_t target;     /* SPIs: vCPU index (IROUTER Aff0) */
    uint8_t cfg;        /* ICFGR field: bit 1 set = edge */
    bool enabled;
    bool pending;       /* pending, not yet in a list register */
    bool in_lr;         /* sitting in a list register of its vCPU */
};

struct vgic_vcpu {
    struct vgic_irq priv[32];            /* SGIs 0-15 and PPIs 16-31 */
    uint32_t lr_intid[VGIC_MAX_LRS];     /* what each list register holds */
    bool rd_sleep;                       /* GICR_WAKER.ProcessorSleep */
};

struct vgic_dist {
    spinlock_t lock;
    uint32_t ctlr;
    struct vgic_irq spi[GUEST_NR_SPIS];
};

struct arch_domain {
    uint64_t *s2_root;
    uint16_t vmid;
    struct vgic_dist vgic;
};

struct arch_vcpu {
    struct cpu_regs boot_regs;
    struct vgic_vcpu vgic;
};
#endif
