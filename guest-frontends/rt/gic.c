/* GICv3 driver for one guest: non-secure group 1 everywhere, one priority,
 * EOImode 0 (EOIR1 both drops priority and deactivates). */
#include "rt/rt.h"

#define GICD_CTLR           0x0000
#define GICD_TYPER          0x0004
#define GICD_IGROUPR        0x0080
#define GICD_ISENABLER      0x0100
#define GICD_ICENABLER      0x0180
#define GICD_ICPENDR        0x0280
#define GICD_IPRIORITYR     0x0400
#define GICD_ICFGR          0x0C00
#define GICD_IROUTER        0x6000

#define GICD_CTLR_RWP       (1u << 31)
/* Bit 0 is EnableGrp1 in the non-secure view and EnableGrp0 when the GIC has
 * one security state (DS=1, as QEMU without EL3 has); bit 1 is EnableGrp1A or
 * EnableGrp1; bit 4 is ARE_NS or ARE. Setting all three works in both views,
 * as Linux does. */
#define GICD_CTLR_ENABLE    ((1u << 0) | (1u << 1) | (1u << 4))

#define GICR_CTLR           0x0000
#define GICR_TYPER          0x0008
#define GICR_WAKER          0x0014
#define GICR_CTLR_RWP       (1u << 3)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI            0x10000     /* SGI/PPI frame */

#define GIC_PRIORITY        0xA0        /* all interrupts equal: no preemption */
#define GIC_WAIT_SPINS      1000000u

static uintptr_t gic_rdist(void)
{
    return RT_GICR_BASE + (uintptr_t)smp_cpu_id() * RT_GICR_STRIDE;
}

static int gic_wait_clear(uintptr_t reg, uint32_t bit, const char *what)
{
    for (uint32_t i = 0; i < GIC_WAIT_SPINS; i++)
        if (!(mmio_read32(reg) & bit))
            return 0;
    printf("rt: gic: timed out waiting for %s\n", what);
    return -1;
}

static int gic_init_dist(void)
{
    uintptr_t d = RT_GICD_BASE;
    uint32_t lines = 32 * ((mmio_read32(d + GICD_TYPER) & 0x1F) + 1);

    mmio_write32(d + GICD_CTLR, 0);
    if (gic_wait_clear(d + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP (disable)"))
        return -1;
    for (uint32_t i = 32; i < lines && i < 1020; i += 32) {
        mmio_write32(d + GICD_IGROUPR + i / 8, 0xFFFFFFFFu);
        mmio_write32(d + GICD_ICENABLER + i / 8, 0xFFFFFFFFu);
        mmio_write32(d + GICD_ICPENDR + i / 8, 0xFFFFFFFFu);
    }
    for (uint32_t i = 32; i < lines && i < 1020; i += 4)
        mmio_write32(d + GICD_IPRIORITYR + i, GIC_PRIORITY * 0x01010101u);
    for (uint32_t i = 32; i < lines && i < 1020; i++)
        mmio_write64(d + GICD_IROUTER + 8 * i, 0);     /* vCPU 0 (Aff0 = 0) */
    mmio_write32(d + GICD_CTLR, GICD_CTLR_ENABLE);
    return gic_wait_clear(d + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP (enable)");
}

int gic_init_cpu(void)
{
    uintptr_t r = gic_rdist();
    uint32_t cpu = smp_cpu_id();
    uint64_t aff0 = (mmio_read64(r + GICR_TYPER) >> 32) & 0xFF;

    if (aff0 != cpu) {
        printf("rt: gic: redistributor at 0x%lx is for Aff0 %lu, not vCPU %u\n",
               (unsigned long)r, aff0, cpu);
        return -1;
    }
    mmio_write32(r + GICR_WAKER, mmio_read32(r + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
    if (gic_wait_clear(r + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP, "GICR_WAKER.ChildrenAsleep"))
        return -1;
    mmio_write32(r + GICR_SGI + GICD_IGROUPR, 0xFFFFFFFFu);
    mmio_write32(r + GICR_SGI + GICD_ICENABLER, 0xFFFFFFFFu);
    mmio_write32(r + GICR_SGI + GICD_ICPENDR, 0xFFFFFFFFu);
    for (uint32_t i = 0; i < 32; i += 4)
        mmio_write32(r + GICR_SGI + GICD_IPRIORITYR + i, GIC_PRIORITY * 0x01010101u);
    /* SGIs on from the start (one without a handler is reported, then
     * disabled); PPIs wait for gic_enable_irq, once their source is set up. */
    mmio_write32(r + GICR_SGI + GICD_ISENABLER, 0x0000FFFFu);
    if (gic_wait_clear(r + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP"))
        return -1;

    sysreg_write(icc_sre_el1, sysreg_read(icc_sre_el1) | 1);    /* SRE: sysreg interface */
    isb();
    sysreg_write(icc_pmr_el1, 0xFF);        /* unmask every priority */
    sysreg_write(icc_bpr1_el1, 0);          /* no preemption groups to speak of */
    sysreg_write(icc_ctlr_el1, 0);          /* EOImode 0: EOIR1 also deactivates */
    sysreg_write(icc_igrpen1_el1, 1);       /* take group 1 interrupts */
    isb();
    return 0;
}

int gic_init(void)
{
    if (smp_cpu_id() == 0 && gic_init_dist())
        return -1;
    return gic_init_cpu();
}

static uintptr_t gic_bank_base(uint32_t intid)
{
    /* SGIs/PPIs live in this vCPU's redistributor, SPIs in the distributor. */
    return intid < 32 ? gic_rdist() + GICR_SGI : RT_GICD_BASE;
}

void gic_enable_irq(uint32_t intid)
{
    mmio_write32(gic_bank_base(intid) + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void gic_disable_irq(uint32_t intid)
{
    mmio_write32(gic_bank_base(intid) + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void gic_set_edge(uint32_t intid, bool edge)
{
    uintptr_t reg = gic_bank_base(intid) + GICD_ICFGR + (intid / 16) * 4;
    uint32_t bit = 2u << ((intid % 16) * 2);
    uint32_t v = mmio_read32(reg);

    if (intid < 16)
        return;                 /* SGIs are always edge */
    mmio_write32(reg, edge ? (v | bit) : (v & ~bit));
}

void gic_send_sgi(uint32_t cpu, uint32_t intid)
{
    /* ICC_SGI1R_EL1: INTID [27:24], Aff1..3 = 0, TargetList [15:0] = Aff0 bit. */
    uint64_t v = ((uint64_t)(intid & 0xF) << 24) | (1u << (cpu & 0xF));

    dsb_sy();       /* memory written before the SGI is seen by its handler */
    sysreg_write(icc_sgi1r_el1, v);
    isb();
}

uint32_t gic_ack(void)
{
    uint32_t intid = (uint32_t)sysreg_read(icc_iar1_el1);

    __asm__ volatile("dsb sy" ::: "memory");
    return intid & 0xFFFFFF;
}

void gic_eoi(uint32_t intid)
{
    sysreg_write(icc_eoir1_el1, intid);
    isb();
}
