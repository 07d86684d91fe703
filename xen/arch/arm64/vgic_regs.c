/* Register groups shared by the emulated distributor and redistributors:
 * set/clear-enable, set/clear-pending, active, priority and config. */
#include <asm/vgic.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include "vgic_regs.h"

static void vgic_kick_owner(struct domain *d, struct vcpu *v, uint32_t intid)
{
    struct vcpu *owner = v;
    if (intid >= 32) {
        unsigned t = d->arch.vgic.spi[intid - 32].target;
        owner = &d->vcpus[t < d->nr_vcpus ? t : 0];
    }
    if (owner && owner->pcpu != arch_cpu_id())
        arch_kick_cpu(owner->pcpu);
}

uint32_t vgic_bits_read(struct domain *d, struct vcpu *v, uint32_t base, enum vgic_bitreg reg)
{
    uint32_t out = 0;
    uint64_t flags = spin_lock_irqsave(&d->arch.vgic.lock);
    for (unsigned i = 0; i < 32; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, base + i);
        if (!irq)
            continue;
        bool bit = false;
        switch (reg) {
        case VGIC_ENABLE: bit = irq->enabled; break;
        case VGIC_PEND:   bit = irq->pending; break;
        case VGIC_ACTIVE: bit = irq->in_lr; break;
        }
        out |= (uint32_t)bit << i;
    }
    spin_unlock_irqrestore(&d->arch.vgic.lock, flags);
    return out;
}

void vgic_bits_write(struct domain *d, struct vcpu *v, uint32_t base, enum vgic_bitreg reg,
                     bool set, uint32_t val)
{
    bool kick = false;
    uint64_t flags = spin_lock_irqsave(&d->arch.vgic.lock);
    for (unsigned i = 0; i < 32; i++) {
        struct vgic_irq *irq;
        if (!(val & (1u << i)) || !(irq = vgic_get_irq(d, v, base + i)))
            continue;
        switch (reg) {
        case VGIC_ENABLE:
            irq->enabled = set;
            kick |= set && irq->pending;
            break;
        case VGIC_PEND:
            irq->pending = set;
            kick |= set;
            break;
        case VGIC_ACTIVE:
            break;   /* active state lives in the list registers */
        }
    }
    spin_unlock_irqrestore(&d->arch.vgic.lock, flags);
    if (kick)
        for (unsigned i = 0; i < 32; i++)
            if (val & (1u << i))
                vgic_kick_owner(d, v, base + i);
}

uint64_t vgic_prio_read(struct domain *d, struct vcpu *v, uint32_t intid, unsigned size)
{
    uint64_t out = 0;
    for (unsigned i = 0; i < size; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, intid + i);
        if (irq)
            out |= (uint64_t)irq->priority << (8 * i);
    }
    return out;
}

void vgic_prio_write(struct domain *d, struct vcpu *v, uint32_t intid, unsigned size, uint64_t val)
{
    uint64_t flags = spin_lock_irqsave(&d->arch.vgic.lock);
    for (unsigned i = 0; i < size; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, intid + i);
        if (irq)
            irq->priority = (uint8_t)(val >> (8 * i));
    }
    spin_unlock_irqrestore(&d->arch.vgic.lock, flags);
}

uint32_t vgic_cfg_read(struct domain *d, struct vcpu *v, uint32_t base)
{
    uint32_t out = 0;
    for (unsigned i = 0; i < 16; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, base + i);
        if (irq)
            out |= (uint32_t)irq->cfg << (2 * i);
    }
    return out;
}

void vgic_cfg_write(struct domain *d, struct vcpu *v, uint32_t base, uint32_t val)
{
    for (unsigned i = 0; i < 16; i++) {
        struct vgic_irq *irq = vgic_get_irq(d, v, base + i);
        if (irq && base + i >= 16)   /* SGIs are always edge */
            irq->cfg = (val >> (2 * i)) & 2;
    }
}

bool vgic_bitblock_access(struct domain *d, struct vcpu *v, uint64_t off, uint32_t base_intid,
                          bool write, uint64_t *val)
{
    if (off < 0x100 || off >= 0x400)
        return false;
    static const enum vgic_bitreg kind[3] = { VGIC_ENABLE, VGIC_PEND, VGIC_ACTIVE };
    unsigned group = (unsigned)((off - 0x100) / 0x100);   /* enable, pend, active */
    bool set = ((off - 0x100) % 0x100) < 0x80;            /* S* then C* */
    uint32_t first = base_intid + (uint32_t)(((off - 0x100) % 0x80) / 4) * 32;
    if (write)
        vgic_bits_write(d, v, first, kind[group], set, (uint32_t)*val);
    else
        *val = vgic_bits_read(d, v, first, kind[group]);
    return true;
}
