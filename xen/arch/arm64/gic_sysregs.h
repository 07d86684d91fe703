/* Access to the GICv3 list registers by index (they are separate system
 * registers, so the index becomes a switch). */
#ifndef ARM64_GIC_SYSREGS_H
#define ARM64_GIC_SYSREGS_H
#include <xen/sysregs.h>

#define ICH_LR_STATE_SHIFT 62
#define ICH_LR_PENDING     (1UL << 62)
#define ICH_LR_GROUP1      (1UL << 60)
#define ICH_LR_EOI         (1UL << 41)   /* maintenance IRQ on deactivation (HW=0) */
#define ICH_LR_PRIO_SHIFT  48
#define ICH_HCR_EN         (1UL << 0)
#define ICH_HCR_UIE        (1UL << 1)

uint64_t gic_read_lr(unsigned n);
void gic_write_lr(unsigned n, uint64_t v);
unsigned gic_nr_lrs(void);
#endif
