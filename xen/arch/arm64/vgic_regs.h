/* Helpers shared by vgic_dist.c and vgic_redist.c. */
#ifndef ARM64_VGIC_REGS_H
#define ARM64_VGIC_REGS_H
#include <xen/types.h>

struct domain;
struct vcpu;

enum vgic_bitreg { VGIC_ENABLE, VGIC_PEND, VGIC_ACTIVE };

#define GICD_PIDR2_V3 0x3b   /* ArchRev 3 */
#define GIC_IIDR_VALUE 0x0000043b

uint32_t vgic_bits_read(struct domain *d, struct vcpu *v, uint32_t base, enum vgic_bitreg reg);
void vgic_bits_write(struct domain *d, struct vcpu *v, uint32_t base, enum vgic_bitreg reg,
                     bool set, uint32_t val);
uint64_t vgic_prio_read(struct domain *d, struct vcpu *v, uint32_t intid, unsigned size);
void vgic_prio_write(struct domain *d, struct vcpu *v, uint32_t intid, unsigned size, uint64_t val);
uint32_t vgic_cfg_read(struct domain *d, struct vcpu *v, uint32_t base);
void vgic_cfg_write(struct domain *d, struct vcpu *v, uint32_t base, uint32_t val);
/* Decodes the 0x100-0x3ff set/clear register block shared by GICD and the
 * GICR SGI frame. Returns false if off is not in that block. */
bool vgic_bitblock_access(struct domain *d, struct vcpu *v, uint64_t off, uint32_t base_intid,
                          bool write, uint64_t *val);
#endif
