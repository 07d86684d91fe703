/* Emulated GICv3 distributor (GICD), affinity routing always on, one
 * security state. SGIs and PPIs live in the redistributors. */
#include <asm/vgic.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include "vgic_regs.h"

#define GICD_CTLR     0x0000
#define GICD_TYPER    0x0004
#define GICD_IIDR     0x0008
#define GICD_TYPER2   0x000c   /* GICv3.1: no vPE/vSGI features here */
#define GICD_IGROUPR  0x0080
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR    0x0c00
#define GICD_IROUTER  0x6000
#define GICD_PIDR2    0xffe8

#define CTLR_ENABLE_MASK 0x3           /* EnableGrp0, EnableGrp1 */
#define CTLR_ARE_DS      ((1u << 4) | (1u << 6))

static bool spi_range(uint64_t off, uint64_t base, unsigned per_byte, uint32_t *intid)
{
    *intid = (uint32_t)((off - base) * per_byte);
    return *intid >= 32 && *intid < VGIC_NR_INTIDS;
}

static bool vgicd_read(struct vcpu *v, uint64_t off, unsigned size, uint64_t *val, void *priv)
{
    struct domain *d = priv;
    uint32_t intid;
    *val = 0;
    if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + VGIC_NR_INTIDS * 8) {
        uint32_t n = (uint32_t)((off - GICD_IROUTER) / 8);
        uint64_t r = d->arch.vgic.spi[n - 32].target;
        *val = (off & 4) ? r >> 32 : r;
        return true;
    }
    if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
        if (spi_range(off, GICD_IPRIORITYR, 1, &intid))
            *val = vgic_prio_read(d, v, intid, size);
        return true;
    }
    if (size != 4)
        goto unexpected;
    if (vgic_bitblock_access(d, v, off, 0, false, val)) {
        if (off % 0x80 == 0)
            *val = 0;   /* word 0 (SGIs/PPIs) is RAZ with affinity routing */
        return true;
    }
    if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
        if (spi_range(off, GICD_ICFGR, 4, &intid))
            *val = vgic_cfg_read(d, v, intid);
        return true;
    }
    if (off >= GICD_IGROUPR && off < GICD_IGROUPR + 0x80) {
        *val = 0xffffffff;   /* everything is group 1 */
        return true;
    }
    switch (off) {
    case GICD_CTLR:  *val = d->arch.vgic.ctlr | CTLR_ARE_DS; return true;
    case GICD_TYPER: *val = ((VGIC_NR_INTIDS / 32) - 1) | (9u << 19); return true;
    case GICD_IIDR:  *val = GIC_IIDR_VALUE; return true;
    case GICD_TYPER2: return true;
    case GICD_PIDR2: *val = GICD_PIDR2_V3; return true;
    }
    if (off >= 0xffd0)
        return true;   /* other ID registers read as zero */
unexpected:
    printk("d%u: vGICD read of unexpected offset 0x%lx size %u ignored", d->id, off, size);
    return true;
}

static bool vgicd_write(struct vcpu *v, uint64_t off, unsigned size, uint64_t val, void *priv)
{
    struct domain *d = priv;
    uint32_t intid;
    if (off >= GICD_IROUTER + 32 * 8 && off < GICD_IROUTER + VGIC_NR_INTIDS * 8) {
        uint32_t n = (uint32_t)((off - GICD_IROUTER) / 8);
        if (!(off & 4)) {
            /* Aff0 selects the vCPU; IRM (any CPU) picks vCPU 0 */
            bool irm = size == 8 && ((val >> 31) & 1);
            uint8_t aff0 = irm ? 0 : (uint8_t)val;
            d->arch.vgic.spi[n - 32].target = aff0 < d->nr_vcpus ? aff0 : 0;
        }
        return true;
    }
    if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
        if (spi_range(off, GICD_IPRIORITYR, 1, &intid))
            vgic_prio_write(d, v, intid, size, val);
        return true;
    }
    if (size != 4)
        goto unexpected;
    if (off >= 0x100 && off < 0x400) {
        if (off % 0x80 != 0)
            vgic_bitblock_access(d, v, off, 0, true, &val);
        return true;
    }
    if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
        if (spi_range(off, GICD_ICFGR, 4, &intid))
            vgic_cfg_write(d, v, intid, (uint32_t)val);
        return true;
    }
    if (off >= GICD_IGROUPR && off < GICD_IGROUPR + 0x80)
        return true;
    if (off == GICD_CTLR) {
        d->arch.vgic.ctlr = (uint32_t)val & CTLR_ENABLE_MASK;
        return true;
    }
unexpected:
    printk("d%u: vGICD write of unexpected offset 0x%lx size %u ignored", d->id, off, size);
    return true;
}

const struct mmio_ops vgic_dist_ops = { vgicd_read, vgicd_write };
