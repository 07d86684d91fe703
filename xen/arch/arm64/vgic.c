/*
 * Virtual GICv3 core: interrupt state and the list registers.
 *
 * Locking: one lock per domain (vgic.lock) protects every vgic_irq of the
 * domain, SGIs/PPIs of all its vCPUs included. List registers are touched
 * only by the pCPU the vCPU is pinned to, on guest exit (sync) and entry
 * (flush). Injection from another pCPU marks the interrupt pending under the
 * lock and kicks the target pCPU, which then flushes it.
 */
#include <asm/gic.h>
#include <asm/vgic.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include "gic_sysregs.h"

#define LR_FREE 0xffffffffu

struct vgic_irq *vgic_get_irq(struct domain *d, struct vcpu *v, uint32_t intid)
{
    if (intid < 32)
        return v ? &v->arch.vgic.priv[intid] : NULL;
    if (intid < VGIC_NR_INTIDS)
        return &d->arch.vgic.spi[intid - 32];
    return NULL;
}

static void vgic_irq_reset(struct vgic_irq *irq, bool edge)
{
    irq->priority = 0xa0;
    irq->target = 0;
    irq->cfg = edge ? 2 : 0;
    irq->enabled = false;
    irq->pending = false;
    irq->in_lr = false;
}

void vgic_domain_reset(struct domain *d)
{
    struct vgic_dist *dist = &d->arch.vgic;
    dist->ctlr = 0;
    for (unsigned i = 0; i < GUEST_NR_SPIS; i++)
        vgic_irq_reset(&dist->spi[i], false);
    for (unsigned c = 0; c < d->nr_vcpus; c++) {
        struct vgic_vcpu *vv = &d->vcpus[c].arch.vgic;
        for (unsigned i = 0; i < 32; i++)
            vgic_irq_reset(&vv->priv[i], i < 16);
        for (unsigned i = 0; i < VGIC_MAX_LRS; i++)
            vv->lr_intid[i] = LR_FREE;
        vv->rd_sleep = true;
    }
}

int vgic_domain_init(struct domain *d)
{
    d->arch.vgic.lock = (spinlock_t)SPINLOCK_INIT;
    vgic_domain_reset(d);
    vgic_mmio_register(d);
    return 0;
}

/* ICH_HCR_EL2 as this pCPU last wrote it: the register is written only when
 * it changes (under QEMU each access to the GIC's system registers takes
 * the emulator's global lock, and a flush runs on every guest exit). */
static uint64_t hcr_written[NR_CPUS];

void vgic_write_hcr(uint64_t val)
{
    uint64_t *w = &hcr_written[arch_cpu_id()];
    if (*w == val)
        return;
    *w = val;
    WRITE_SYSREG(ich_hcr_el2, val);
}

/* Clears this pCPU's virtual CPU interface before a vCPU boots on it. */
void vgic_cpu_reset(void)
{
    for (unsigned i = 0; i < gic_nr_lrs(); i++)
        gic_write_lr(i, 0);
    WRITE_SYSREG(ich_ap1r0_el2, 0);
    WRITE_SYSREG(ich_vmcr_el2, 0);
    hcr_written[arch_cpu_id()] = ICH_HCR_EN;
    WRITE_SYSREG(ich_hcr_el2, ICH_HCR_EN);  /* virtual CPU interface on */
    isb();
}

static struct vcpu *vgic_irq_owner(struct domain *d, struct vcpu *v, uint32_t intid)
{
    if (intid < 32 || intid >= VGIC_NR_INTIDS)
        return v;
    unsigned t = d->arch.vgic.spi[intid - 32].target;
    return &d->vcpus[t < d->nr_vcpus ? t : 0];
}

void vgic_inject(struct vcpu *v, uint32_t intid)
{
    struct domain *d = v->domain;
    uint64_t flags = spin_lock_irqsave(&d->arch.vgic.lock);
    struct vgic_irq *irq = vgic_get_irq(d, v, intid);
    struct vcpu *owner = vgic_irq_owner(d, v, intid);
    if (irq)
        irq->pending = true;
    spin_unlock_irqrestore(&d->arch.vgic.lock, flags);
    if (irq && owner->pcpu != arch_cpu_id())
        arch_kick_cpu(owner->pcpu);
}

void vgic_inject_spi(struct domain *d, uint32_t intid)
{
    vgic_inject(&d->vcpus[0], intid);
}

void vgic_sync_lrs(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vgic_vcpu *vv = &v->arch.vgic;
    unsigned n = gic_nr_lrs();
    uint64_t flags = spin_lock_irqsave(&d->arch.vgic.lock);
    for (unsigned i = 0; i < n; i++) {
        if (vv->lr_intid[i] == LR_FREE)
            continue;
        uint64_t lr = gic_read_lr(i);
        if ((lr >> ICH_LR_STATE_SHIFT) != 0)
            continue;   /* still pending or active in the guest */
        struct vgic_irq *irq = vgic_get_irq(d, v, vv->lr_intid[i]);
        if (irq)
            irq->in_lr = false;
        if (vv->lr_intid[i] == PPI_VTIMER)
            gic_enable_ppi(PPI_VTIMER);   /* guest is done with it: listen again */
        gic_write_lr(i, 0);               /* also ends its EOI maintenance request */
        vv->lr_intid[i] = LR_FREE;
    }
    spin_unlock_irqrestore(&d->arch.vgic.lock, flags);
}

static bool vgic_irq_deliverable(const struct vgic_dist *dist, const struct vgic_irq *irq,
                                 uint32_t intid)
{
    if (!irq->pending || !irq->enabled || irq->in_lr)
        return false;
    return intid < 32 || (dist->ctlr & 2);   /* SPIs need the distributor on */
}

/* Finds the highest-priority deliverable interrupt of v; UINT32_MAX if none. */
static uint32_t vgic_best_pending(struct domain *d, struct vcpu *v)
{
    struct vgic_dist *dist = &d->arch.vgic;
    uint32_t best = UINT32_MAX;
    unsigned best_prio = 0x100;
    for (uint32_t i = 0; i < 32; i++) {
        struct vgic_irq *irq = &v->arch.vgic.priv[i];
        if (vgic_irq_deliverable(dist, irq, i) && irq->priority < best_prio) {
            best = i;
            best_prio = irq->priority;
        }
    }
    for (uint32_t i = 0; i < GUEST_NR_SPIS; i++) {
        struct vgic_irq *irq = &dist->spi[i];
        if (vgic_irq_owner(d, v, i + 32) == v && vgic_irq_deliverable(dist, irq, i + 32) &&
            irq->priority < best_prio) {
            best = i + 32;
            best_prio = irq->priority;
        }
    }
    return best;
}

void vgic_flush_lrs(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vgic_vcpu *vv = &v->arch.vgic;
    unsigned n = gic_nr_lrs();
    bool more = false;
    uint64_t flags = spin_lock_irqsave(&d->arch.vgic.lock);
    for (unsigned i = 0; i < n; i++) {
        if (vv->lr_intid[i] != LR_FREE)
            continue;
        uint32_t intid = vgic_best_pending(d, v);
        if (intid == UINT32_MAX)
            break;
        struct vgic_irq *irq = vgic_get_irq(d, v, intid);
        irq->pending = false;
        irq->in_lr = true;
        vv->lr_intid[i] = intid;
        /* The virtual timer asks for a maintenance interrupt on EOI so that
         * its physical PPI can be unmasked as soon as the guest is done. */
        gic_write_lr(i, ICH_LR_PENDING | ICH_LR_GROUP1 |
                     (intid == PPI_VTIMER ? ICH_LR_EOI : 0) |
                     ((uint64_t)irq->priority << ICH_LR_PRIO_SHIFT) | intid);
    }
    more = vgic_best_pending(d, v) != UINT32_MAX;
    spin_unlock_irqrestore(&d->arch.vgic.lock, flags);
    /* LRs full: ask for a maintenance interrupt when they drain (UIE). */
    vgic_write_hcr(ICH_HCR_EN | (more ? ICH_HCR_UIE : 0));
}

bool vgic_vcpu_has_pending(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vgic_vcpu *vv = &v->arch.vgic;
    unsigned n = gic_nr_lrs();
    for (unsigned i = 0; i < n; i++)
        if (vv->lr_intid[i] != LR_FREE && (gic_read_lr(i) & ICH_LR_PENDING))
            return true;
    uint64_t flags = spin_lock_irqsave(&d->arch.vgic.lock);
    bool any = vgic_best_pending(d, v) != UINT32_MAX;
    spin_unlock_irqrestore(&d->arch.vgic.lock, flags);
    return any;
}

/* ICC_SGI1R_EL1: TargetList [15:0], Aff1 [23:16], INTID [27:24], IRM [40].
 * vCPUs have Aff0 = index and zero upper affinity. */
void vgic_handle_sgi1r(struct vcpu *v, uint64_t val)
{
    struct domain *d = v->domain;
    uint32_t intid = (val >> 24) & 0xf;
    bool irm = (val >> 40) & 1;
    unsigned aff1 = (val >> 16) & 0xff, aff2 = (val >> 32) & 0xff, aff3 = (val >> 48) & 0xff;
    for (unsigned i = 0; i < d->nr_vcpus; i++) {
        bool hit = irm ? i != v->id
                       : (aff1 == 0 && aff2 == 0 && aff3 == 0 && i < 16 && (val >> i) & 1);
        if (hit)
            vgic_inject(&d->vcpus[i], intid);
    }
}
