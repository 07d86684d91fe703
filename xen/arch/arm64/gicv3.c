/* Physical GICv3 driver: one security state (QEMU virt with virtualization
 * and no EL3), affinity routing, everything in group 1, EOImode 0. */
#include <asm/gic.h>
#include <libfdt.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/sysregs.h>

#define GICD_CTLR      0x0000
#define GICD_TYPER     0x0004
#define GICD_IGROUPR   0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR     0x0c00
#define GICD_IROUTER   0x6000
#define GICD_CTLR_RWP  (1u << 31)

#define GICR_TYPER     0x0008
#define GICR_WAKER     0x0014
#define GICR_SGI       0x10000
#define GICR_STRIDE    0x20000
#define GICR_TYPER_LAST (1u << 4)

#define DEFAULT_PRIO   0xa0

static uintptr_t gicd, gicr;
static uint64_t gicr_size;
static unsigned gic_nr_lines;
static uintptr_t cpu_rd[NR_CPUS];   /* each pCPU's redistributor frame */

static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t rd64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void wr64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

paddr_t gic_dist_base(void) { return gicd; }
paddr_t gic_redist_base(void) { return gicr; }

static void gicd_wait_rwp(void)
{
    while (rd32(gicd + GICD_CTLR) & GICD_CTLR_RWP)
        ;
}

int gic_init(const void *fdt)
{
    int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
    if (node < 0) {
        printk("host DT: no node compatible with \"arm,gic-v3\"");
        return -1;
    }
    int len;
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    if (!reg || len < 32) {
        printk("host DT: %s: property 'reg' missing or short", fdt_get_name(fdt, node, NULL));
        return -1;
    }
    gicd = ((uint64_t)fdt32_to_cpu(reg[0]) << 32) | fdt32_to_cpu(reg[1]);
    gicr = ((uint64_t)fdt32_to_cpu(reg[4]) << 32) | fdt32_to_cpu(reg[5]);
    gicr_size = ((uint64_t)fdt32_to_cpu(reg[6]) << 32) | fdt32_to_cpu(reg[7]);

    wr32(gicd + GICD_CTLR, 0);
    gicd_wait_rwp();
    gic_nr_lines = ((rd32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;
    if (gic_nr_lines > 1020)
        gic_nr_lines = 1020;
    for (unsigned i = 32; i < gic_nr_lines; i += 32) {
        wr32(gicd + GICD_IGROUPR + i / 8, 0xffffffff);
        wr32(gicd + GICD_ICENABLER + i / 8, 0xffffffff);
    }
    for (unsigned i = 32; i < gic_nr_lines; i += 4)
        wr32(gicd + GICD_IPRIORITYR + i, DEFAULT_PRIO * 0x01010101u);
    /* ARE (affinity routing), EnableGrp1 and EnableGrp0 */
    wr32(gicd + GICD_CTLR, (1u << 4) | (1u << 1) | (1u << 0));
    gicd_wait_rwp();
    printk("GICv3: distributor at 0x%lx, %u lines, redistributors at 0x%lx", (uint64_t)gicd,
           gic_nr_lines, (uint64_t)gicr);
    return 0;
}

static uint64_t mpidr_to_aff(uint64_t mpidr)
{
    return (mpidr & 0xffffff) | ((mpidr >> 32 & 0xff) << 24);
}

void gic_cpu_init(void)
{
    struct pcpu *p = this_pcpu();
    uint64_t aff = mpidr_to_aff(READ_SYSREG(mpidr_el1));
    uintptr_t rd = 0;
    for (uintptr_t f = gicr; f < gicr + gicr_size; f += GICR_STRIDE) {
        uint64_t typer = rd64(f + GICR_TYPER);
        if ((typer >> 32) == aff) {
            rd = f;
            break;
        }
        if (typer & GICR_TYPER_LAST)
            break;
    }
    BUG_ON(!rd);
    cpu_rd[p->id] = rd;
    /* wake the redistributor */
    wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~(1u << 1));
    while (rd32(rd + GICR_WAKER) & (1u << 2))
        ;
    uintptr_t sgi = rd + GICR_SGI;
    wr32(sgi + GICD_IGROUPR, 0xffffffff);
    wr32(sgi + GICD_ICENABLER, 0xffffffff);
    for (unsigned i = 0; i < 32; i += 4)
        wr32(sgi + GICD_IPRIORITYR + i, DEFAULT_PRIO * 0x01010101u);
    wr32(sgi + GICD_ISENABLER, 0xffff);   /* SGIs */

    /* CPU interface: system registers on (SRE) and usable from EL1 (Enable),
     * no legacy bypass (DFB/DIB), all priorities unmasked, group 1 on. */
    WRITE_SYSREG(icc_sre_el2, 0xf);
    isb();
    WRITE_SYSREG(icc_pmr_el1, 0xff);
    WRITE_SYSREG(icc_bpr1_el1, 0);
    WRITE_SYSREG(icc_ctlr_el1, 0);   /* EOImode 0: EOI also deactivates */
    WRITE_SYSREG(icc_igrpen1_el1, 1);
    isb();
}

void gic_enable_ppi(uint32_t intid)
{
    uintptr_t sgi = cpu_rd[this_pcpu()->id] + GICR_SGI;
    wr32(sgi + GICD_ISENABLER, 1u << intid);
}

void gic_disable_ppi(uint32_t intid)
{
    uintptr_t sgi = cpu_rd[this_pcpu()->id] + GICR_SGI;
    wr32(sgi + GICD_ICENABLER, 1u << intid);
}

void gic_enable_spi(uint32_t intid, unsigned cpu, bool edge)
{
    uintptr_t cfg = gicd + GICD_ICFGR + (intid / 16) * 4;
    unsigned shift = (intid % 16) * 2 + 1;
    wr32(cfg, (rd32(cfg) & ~(1u << shift)) | ((edge ? 1u : 0u) << shift));
    wr64(gicd + GICD_IROUTER + intid * 8, mpidr_to_aff(pcpus[cpu].mpidr) & 0xffffff);
    wr32(gicd + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

void gic_send_sgi(unsigned cpu, uint32_t intid)
{
    uint64_t m = pcpus[cpu].mpidr;
    uint64_t v = ((m >> 32 & 0xff) << 48) | ((m >> 16 & 0xff) << 32) | ((m >> 8 & 0xff) << 16) |
                 (1UL << (m & 0xf)) | ((uint64_t)intid << 24);
    dsb_ishst();
    WRITE_SYSREG(icc_sgi1r_el1, v);
    isb();
}

void gic_handle_irq(void)
{
    for (;;) {
        uint64_t iar = READ_SYSREG(icc_iar1_el1);
        uint32_t intid = iar & 0xffffff;
        if (intid >= 1020 && intid < 1024)
            break;
        irq_dispatch(intid);
        WRITE_SYSREG(icc_eoir1_el1, iar);
        isb();
    }
}
