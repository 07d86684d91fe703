/* Emulated GICv3 redistributors: one 128 KiB frame pair (RD + SGI) per vCPU,
 * holding the vCPU's SGIs and PPIs. No LPIs are offered to guests. */
#include <asm/vgic.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include "vgic_regs.h"

#define GICR_CTLR    0x0000
#define GICR_IIDR    0x0004
#define GICR_TYPER   0x0008
#define GICR_WAKER   0x0014
#define GICR_PIDR2   0xffe8
#define GICR_SGI     0x10000
#define GICR_IGROUPR0   0x0080
#define GICR_IPRIORITYR 0x0400
#define GICR_ICFGR0  0x0c00

#define WAKER_PROCESSOR_SLEEP (1u << 1)
#define WAKER_CHILDREN_ASLEEP (1u << 2)

static bool vgicr_read(struct vcpu *cur, uint64_t off, unsigned size, uint64_t *val, void *priv)
{
    struct domain *d = priv;
    unsigned idx = (unsigned)(off / GUEST_GICR_STRIDE);
    struct vcpu *v = &d->vcpus[idx];
    off %= GUEST_GICR_STRIDE;
    *val = 0;
    (void)cur;
    if (off >= GICR_SGI) {
        uint64_t so = off - GICR_SGI;
        if (so >= GICR_IPRIORITYR && so < GICR_IPRIORITYR + 32) {
            *val = vgic_prio_read(d, v, (uint32_t)(so - GICR_IPRIORITYR), size);
            return true;
        }
        if (size == 4 && so >= 0x100 && so < 0x400) {
            if (so % 0x80 == 0)
                vgic_bitblock_access(d, v, so, 0, false, val);
            return true;
        }
        if (size == 4 && (so == GICR_ICFGR0 || so == GICR_ICFGR0 + 4)) {
            *val = vgic_cfg_read(d, v, so == GICR_ICFGR0 ? 0 : 16);
            return true;
        }
        if (so == GICR_IGROUPR0) {
            *val = 0xffffffff;
            return true;
        }
        return true;   /* IGRPMODR0, NSACR...: zero */
    }
    switch (off) {
    case GICR_CTLR: return true;
    case GICR_IIDR: *val = GIC_IIDR_VALUE; return true;
    case GICR_TYPER:
    case GICR_TYPER + 4: {
        uint64_t typer = ((uint64_t)idx << 32) | ((uint64_t)idx << 8) |
                         (idx == d->nr_vcpus - 1 ? (1u << 4) : 0);   /* Last */
        *val = off == GICR_TYPER ? (size == 8 ? typer : (uint32_t)typer) : typer >> 32;
        return true;
    }
    case GICR_WAKER:
        *val = v->arch.vgic.rd_sleep ? (WAKER_PROCESSOR_SLEEP | WAKER_CHILDREN_ASLEEP) : 0;
        return true;
    case GICR_PIDR2: *val = GICD_PIDR2_V3; return true;
    }
    if (off >= 0xffd0 || off == 0x10 || off == 0x70 || off == 0x78)
        return true;   /* ID registers, STATUSR, PROPBASER, PENDBASER */
    printk("d%u: vGICR%u read of unexpected offset 0x%lx ignored", d->id, idx, off);
    return true;
}

static bool vgicr_write(struct vcpu *cur, uint64_t off, unsigned size, uint64_t val, void *priv)
{
    struct domain *d = priv;
    unsigned idx = (unsigned)(off / GUEST_GICR_STRIDE);
    struct vcpu *v = &d->vcpus[idx];
    off %= GUEST_GICR_STRIDE;
    (void)cur;
    if (off >= GICR_SGI) {
        uint64_t so = off - GICR_SGI;
        if (so >= GICR_IPRIORITYR && so < GICR_IPRIORITYR + 32) {
            vgic_prio_write(d, v, (uint32_t)(so - GICR_IPRIORITYR), size, val);
            return true;
        }
        if (size == 4 && so >= 0x100 && so < 0x400) {
            if (so % 0x80 == 0)
                vgic_bitblock_access(d, v, so, 0, true, &val);
            return true;
        }
        if (size == 4 && so == GICR_ICFGR0 + 4)
            vgic_cfg_write(d, v, 16, (uint32_t)val);
        return true;
    }
    if (off == GICR_WAKER) {
        v->arch.vgic.rd_sleep = (val & WAKER_PROCESSOR_SLEEP) != 0;
        return true;
    }
    if (off == GICR_CTLR || off == 0x70 || off == 0x78)
        return true;
    printk("d%u: vGICR%u write of unexpected offset 0x%lx ignored", d->id, idx, off);
    return true;
}

static const struct mmio_ops vgic_redist_ops = { vgicr_read, vgicr_write };
extern const struct mmio_ops vgic_dist_ops;

void vgic_mmio_register(struct domain *d)
{
    mmio_register(d, GUEST_GICD_BASE, GUEST_GICD_SIZE, &vgic_dist_ops, d, "vGICD");
    mmio_register(d, GUEST_GICR_BASE, GUEST_GICR_STRIDE * d->nr_vcpus, &vgic_redist_ops, d, "vGICR");
}
