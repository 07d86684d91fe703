/* The virtual GICv3: distributor and redistributors emulated by trapping,
 * CPU interface through the ICH list registers. */
#ifndef ASM_VGIC_H
#define ASM_VGIC_H
#include <xen/types.h>

struct domain;
struct vcpu;

#define VGIC_INTID_SPI_BASE 32
#define VGIC_NR_INTIDS      (32 + GUEST_NR_SPIS)

int vgic_domain_init(struct domain *d);
void vgic_domain_reset(struct domain *d);
/* Makes intid pending for v (SGI/PPI) or for the SPI's target (v ignored
 * for SPIs, pass any vCPU of the domain) and kicks the target's pCPU. */
void vgic_inject(struct vcpu *v, uint32_t intid);
void vgic_inject_spi(struct domain *d, uint32_t intid);
/* On guest exit / before guest entry, on the vCPU's own pCPU. */
void vgic_sync_lrs(struct vcpu *v);
void vgic_flush_lrs(struct vcpu *v);
bool vgic_vcpu_has_pending(struct vcpu *v);
void vgic_cpu_reset(void);
/* Writes ICH_HCR_EL2 unless it already holds val. */
void vgic_write_hcr(uint64_t val);
/* ICC_SGI1R_EL1 write trapped from the guest. */
void vgic_handle_sgi1r(struct vcpu *v, uint64_t val);
struct vgic_irq *vgic_get_irq(struct domain *d, struct vcpu *v, uint32_t intid);
void vgic_mmio_register(struct domain *d);
#endif
