/* GICv3 LPIs and the ITS, at boot, from the boot pCPU.
 *
 * LPIs: one configuration table (a byte per LPI: priority, enable) shared by
 * all redistributors, and one pending table per redistributor. GICR_PROPBASER,
 * GICR_PENDBASER and GICR_CTLR are memory-mapped, so the boot pCPU programs
 * every pCPU's redistributor itself; secondaries need no hook.
 *
 * ITS: a flat device table and a collection table (GITS_BASER<n>), a command
 * queue (GITS_CBASER/CWRITER/CREADR), collection n = pCPU n (MAPC), and per
 * device an interrupt translation table (MAPD) whose events are mapped to
 * LPIs (MAPTI). Commands are waited for by polling CREADR with a bound: this
 * only happens at boot, before any guest runs, so nothing else waits on us.
 *
 * Tables are normal write-back memory, described to the GIC as inner
 * shareable write-back; every write to them is also cleaned to the point of
 * coherency so that a GIC that does not snoop caches still sees it. There is
 * no lock: only the boot pCPU calls these functions, before secondaries run. */
#include <asm/its.h>
#include <libfdt.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/host.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sysregs.h>

#define GICD_TYPER          0x0004
#define GICD_TYPER_LPIS     (1u << 17)

#define GICR_CTLR           0x0000
#define GICR_CTLR_LPIS      (1u << 0)
#define GICR_TYPER          0x0008
#define GICR_TYPER_PLPIS    (1ul << 0)
#define GICR_TYPER_VLPIS    (1ul << 1)
#define GICR_TYPER_LAST     (1ul << 4)
#define GICR_PROPBASER      0x0070
#define GICR_PENDBASER      0x0078
#define GICR_PENDBASER_PTZ  (1ul << 62)   /* pending table is all zero: no scan */

#define GITS_CTLR           0x0000
#define GITS_CTLR_ENABLED   (1u << 0)
#define GITS_CTLR_QUIESCENT (1u << 31)
#define GITS_TYPER          0x0008
#define GITS_CBASER         0x0080
#define GITS_CWRITER        0x0088
#define GITS_CREADR         0x0090
#define GITS_CREADR_STALLED (1ul << 0)
#define GITS_BASER(n)       (0x0100 + 8 * (n))
#define GITS_TRANSLATER     0x10040
#define GITS_NR_BASER       8

/* Memory attributes the GIC uses for our tables (same encodings in all of
 * PROPBASER, PENDBASER, CBASER and BASER, at different inner-cache places). */
#define ATTR_WAWB           7ul       /* inner write-back, read+write allocate */
#define ATTR_NC             1ul       /* inner non-cacheable */
#define SHARE_INNER         (1ul << 10)
#define SHARE_MASK          (3ul << 10)
#define RD_CACHE_SHIFT      7         /* PROPBASER / PENDBASER InnerCache */
#define ITS_CACHE_SHIFT     59        /* CBASER / BASER InnerCache */
#define ITS_CACHE_MASK      (7ul << ITS_CACHE_SHIFT)

#define BASER_VALID         (1ul << 63)
#define BASER_TYPE(b)       ((unsigned)((b) >> 56) & 7)
#define BASER_ESIZE(b)      ((unsigned)(((b) >> 48) & 0x1f) + 1)
#define BASER_PSZ_SHIFT     8
#define BASER_TYPE_DEVICES  1
#define BASER_TYPE_COLLECT  4
#define CBASER_VALID        (1ul << 63)

#define CMD_SYNC            0x05
#define CMD_MAPD            0x08
#define CMD_MAPC            0x09
#define CMD_MAPTI           0x0a
#define CMD_INV             0x0c

#define LPI_ID_BITS         14        /* INTIDs 8192..16383: 8192 LPIs */
#define LPI_PRIO            0xa0      /* same as the GIC driver's lines */
#define LPI_PROP_RES1       (1u << 1)
#define LPI_PROP_ENABLE     (1u << 0)
#define ITS_MAX_DEVICE_IDS  8192      /* flat device table: buses 0..31 */
#define ITS_CMDQ_PAGES      1         /* 128 commands; we wait after each batch */
#define ITS_CMD_SIZE        32
#define ITS_CMD_TIMEOUT_MS  100
#define ITS_MAX_DEVICES     32

struct its_device {
    uint32_t devid;
    unsigned nr_events;
    void *itt;
};

static struct {
    uintptr_t base;
    int node;
    bool ready;
    bool pta;                       /* MAPC takes a redistributor PA, not a number */
    unsigned itt_entry_size;
    unsigned event_bits;
    unsigned device_bits;
    uint64_t device_ids;            /* DeviceIDs our device table covers */
    uint64_t *cmdq;
    uint64_t cmdq_size;
    uint64_t cmdq_write;
    struct its_device devs[ITS_MAX_DEVICES];
    unsigned nr_devs;
} its = { .node = -1 };

static struct {
    uint8_t *prop;                  /* configuration table, INTID 8192 first */
    unsigned nr_lpis;
    unsigned next_lpi;
    uintptr_t rd[NR_CPUS];          /* each pCPU's redistributor frame */
    unsigned rd_procnum[NR_CPUS];
} lpi;

static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t rd64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void wr64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

/* The heap is a bump allocator of zeroed pages; GIC tables often need more
 * than page alignment, so over-allocate and align inside. */
static void *its_alloc_aligned(uint64_t size, uint64_t align)
{
    if (align < PAGE_SIZE)
        align = PAGE_SIZE;
    uint64_t pages = (ALIGN_UP(size, PAGE_SIZE) + align - PAGE_SIZE) / PAGE_SIZE;
    uint8_t *p = page_alloc_zeroed((unsigned)pages);
    if (!p)
        return NULL;
    return pa_to_ptr(ALIGN_UP(ptr_to_pa(p), align));
}

static uint64_t aff_of_mpidr(uint64_t mpidr)
{
    return (mpidr & 0xffffff) | ((mpidr >> 32 & 0xff) << 24);
}

/* Finds every pCPU's redistributor frame by its affinity (GICR_TYPER). */
static int its_find_redistributors(void)
{
    uintptr_t f = gic_redist_base();
    for (unsigned n = 0; n < 4 * NR_CPUS; n++) {
        uint64_t typer = rd64(f + GICR_TYPER);
        for (unsigned c = 0; c < nr_pcpus; c++) {
            if ((typer >> 32) == aff_of_mpidr(pcpus[c].mpidr)) {
                lpi.rd[c] = f;
                lpi.rd_procnum[c] = (unsigned)(typer >> 8) & 0xffff;
            }
        }
        if (typer & GICR_TYPER_LAST)
            break;
        /* a frame with virtual LPIs has two more 64 KiB pages (VLPI, reserved) */
        f += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
    }
    for (unsigned c = 0; c < nr_pcpus; c++) {
        if (!lpi.rd[c]) {
            printk("LPIs: no redistributor for pCPU%u (MPIDR 0x%lx)", c, pcpus[c].mpidr);
            return -1;
        }
    }
    return 0;
}

/* Programs one redistributor's LPI tables and turns LPIs on there. */
static int its_enable_lpis_on(unsigned cpu, void *pend)
{
    uintptr_t rd = lpi.rd[cpu];
    if (!(rd64(rd + GICR_TYPER) & GICR_TYPER_PLPIS)) {
        printk("LPIs: pCPU%u's redistributor does not support physical LPIs", cpu);
        return -1;
    }
    if (rd32(rd + GICR_CTLR) & GICR_CTLR_LPIS) {
        /* once enabled, the table addresses cannot be changed safely */
        printk("LPIs: pCPU%u's redistributor already has LPIs enabled", cpu);
        return -1;
    }
    uint64_t prop = ptr_to_pa(lpi.prop) | SHARE_INNER | ATTR_WAWB << RD_CACHE_SHIFT |
                    (LPI_ID_BITS - 1);
    wr64(rd + GICR_PROPBASER, prop);
    if (!(rd64(rd + GICR_PROPBASER) & SHARE_MASK)) {
        /* a non-shareable redistributor cannot snoop: fall back to uncached */
        prop = (prop & ~(SHARE_MASK | 7ul << RD_CACHE_SHIFT)) | ATTR_NC << RD_CACHE_SHIFT;
        wr64(rd + GICR_PROPBASER, prop);
    }
    uint64_t pendbase = ptr_to_pa(pend) | GICR_PENDBASER_PTZ | SHARE_INNER |
                        ATTR_WAWB << RD_CACHE_SHIFT;
    wr64(rd + GICR_PENDBASER, pendbase);
    if (!(rd64(rd + GICR_PENDBASER) & SHARE_MASK)) {
        pendbase = (pendbase & ~(SHARE_MASK | 7ul << RD_CACHE_SHIFT)) | ATTR_NC << RD_CACHE_SHIFT;
        wr64(rd + GICR_PENDBASER, pendbase);
    }
    dsb_sy();
    wr32(rd + GICR_CTLR, rd32(rd + GICR_CTLR) | GICR_CTLR_LPIS);
    dsb_sy();
    return 0;
}

static int its_lpis_init(void)
{
    uint32_t typer = rd32(gic_dist_base() + GICD_TYPER);
    unsigned id_bits = ((typer >> 19) & 0x1f) + 1;
    if (!(typer & GICD_TYPER_LPIS)) {
        printk("LPIs: the distributor does not support LPIs (GICD_TYPER.LPIS = 0)");
        return -1;
    }
    if (id_bits < LPI_ID_BITS) {
        printk("LPIs: the GIC has %u interrupt ID bits, %u needed", id_bits, LPI_ID_BITS);
        return -1;
    }
    if (its_find_redistributors())
        return -1;
    lpi.nr_lpis = (1u << LPI_ID_BITS) - LPI_BASE;
    lpi.next_lpi = LPI_BASE;
    lpi.prop = its_alloc_aligned(lpi.nr_lpis, PAGE_SIZE);
    /* each pending table covers all INTIDs (1 bit each) and is 64 KiB aligned */
    uint64_t pend_size = ALIGN_UP((1u << LPI_ID_BITS) / 8, 0x10000);
    uint8_t *pend = its_alloc_aligned(pend_size * nr_pcpus, 0x10000);
    if (!lpi.prop || !pend) {
        printk("LPIs: no memory for the configuration and pending tables");
        return -1;
    }
    memset(lpi.prop, LPI_PRIO | LPI_PROP_RES1, lpi.nr_lpis);   /* all disabled */
    arch_clean_dcache_range(lpi.prop, lpi.nr_lpis);
    arch_clean_dcache_range(pend, pend_size * nr_pcpus);
    for (unsigned c = 0; c < nr_pcpus; c++)
        if (its_enable_lpis_on(c, pend + c * pend_size))
            return -1;
    printk("LPIs: INTIDs %u-%u enabled on %u redistributors", LPI_BASE,
           LPI_BASE + lpi.nr_lpis - 1, nr_pcpus);
    return 0;
}

/* Waits until the ITS has consumed every command queued so far. */
static int its_wait_cmds(const char *what)
{
    uint64_t deadline = arch_ticks() + arch_tick_freq() / 1000 * ITS_CMD_TIMEOUT_MS;
    for (;;) {
        uint64_t creadr = rd64(its.base + GITS_CREADR);
        if (creadr & GITS_CREADR_STALLED) {
            printk("ITS: command queue stalled on a bad command (%s, CREADR 0x%lx)", what,
                   creadr);
            return -1;
        }
        if ((creadr & 0xfffe0) == its.cmdq_write)
            return 0;
        if (arch_ticks() > deadline) {
            printk("ITS: %s did not complete within %u ms (CREADR 0x%lx, CWRITER 0x%lx)",
                   what, ITS_CMD_TIMEOUT_MS, creadr, its.cmdq_write);
            return -1;
        }
    }
}

/* Queues one command; the caller then waits with its_wait_cmds. */
static int its_queue_cmd(const uint64_t cmd[4], const char *what)
{
    uint64_t next = (its.cmdq_write + ITS_CMD_SIZE) % its.cmdq_size;
    if (next == (rd64(its.base + GITS_CREADR) & 0xfffe0) && its_wait_cmds(what))
        return -1;
    uint64_t *slot = its.cmdq + its.cmdq_write / 8;
    for (unsigned i = 0; i < 4; i++)
        slot[i] = cmd[i];
    arch_clean_dcache_range(slot, ITS_CMD_SIZE);
    its.cmdq_write = next;
    wr64(its.base + GITS_CWRITER, its.cmdq_write);
    return 0;
}

/* Target of MAPC and SYNC: a redistributor's PA or its processor number. */
static uint64_t its_rdbase(unsigned cpu)
{
    if (its.pta)
        return (uint64_t)lpi.rd[cpu] >> 16;
    return lpi.rd_procnum[cpu];
}

static int its_sync(unsigned cpu, const char *what)
{
    uint64_t cmd[4] = { CMD_SYNC, 0, its_rdbase(cpu) << 16, 0 };
    if (its_queue_cmd(cmd, what))
        return -1;
    return its_wait_cmds(what);
}

/* Gives GITS_BASER<n> a flat table of at least `entries` entries, trying
 * 4 KiB, 16 KiB and 64 KiB pages (an ITS may accept only some). */
static int its_setup_baser(unsigned n, uint64_t entries, const char *what)
{
    uintptr_t reg = its.base + GITS_BASER(n);
    uint64_t b = rd64(reg);
    unsigned esize = BASER_ESIZE(b);
    static const uint64_t psz[] = { 0x1000, 0x4000, 0x10000 };
    for (unsigned p = 0; p < ARRAY_SIZE(psz); p++) {
        uint64_t pages = (ALIGN_UP(entries * esize, psz[p])) / psz[p];
        if (pages > 256)
            pages = 256;
        void *table = its_alloc_aligned(pages * psz[p], psz[p]);
        if (!table) {
            printk("ITS: no memory for the %s table", what);
            return -1;
        }
        arch_clean_dcache_range(table, pages * psz[p]);
        uint64_t v = BASER_VALID | ATTR_WAWB << ITS_CACHE_SHIFT | (b & (7ul << 56)) |
                     (b & (0x1ful << 48)) | ptr_to_pa(table) | SHARE_INNER |
                     (uint64_t)p << BASER_PSZ_SHIFT | (pages - 1);
        wr64(reg, v);
        uint64_t got = rd64(reg);
        if (((got >> BASER_PSZ_SHIFT) & 3) != p)
            continue;   /* page size refused: the table is wasted, try the next */
        if (!(got & SHARE_MASK))
            wr64(reg, (v & ~(SHARE_MASK | ITS_CACHE_MASK)) | ATTR_NC << ITS_CACHE_SHIFT);
        if (BASER_TYPE(b) == BASER_TYPE_DEVICES)
            its.device_ids = MIN(pages * psz[p] / esize, 1ul << its.device_bits);
        return 0;
    }
    printk("ITS: GITS_BASER%u (%s) accepts none of the 4/16/64 KiB page sizes", n, what);
    return -1;
}

static int its_setup_tables(void)
{
    uint64_t want_dev = MIN(1ul << its.device_bits, ITS_MAX_DEVICE_IDS);
    bool have_dev = false;
    for (unsigned n = 0; n < GITS_NR_BASER; n++) {
        unsigned type = BASER_TYPE(rd64(its.base + GITS_BASER(n)));
        int r = 0;
        if (type == BASER_TYPE_DEVICES) {
            r = its_setup_baser(n, want_dev, "device");
            have_dev = true;
        } else if (type == BASER_TYPE_COLLECT) {
            r = its_setup_baser(n, nr_pcpus, "collection");
        }
        if (r)
            return -1;
    }
    if (!have_dev) {
        printk("ITS: no GITS_BASER for the device table");
        return -1;
    }
    its.cmdq_size = ITS_CMDQ_PAGES * PAGE_SIZE;
    its.cmdq = its_alloc_aligned(its.cmdq_size, 0x10000);
    if (!its.cmdq) {
        printk("ITS: no memory for the command queue");
        return -1;
    }
    arch_clean_dcache_range(its.cmdq, its.cmdq_size);
    uint64_t cb = CBASER_VALID | ATTR_WAWB << ITS_CACHE_SHIFT | ptr_to_pa(its.cmdq) |
                  SHARE_INNER | (ITS_CMDQ_PAGES - 1);
    wr64(its.base + GITS_CBASER, cb);
    if (!(rd64(its.base + GITS_CBASER) & SHARE_MASK))
        wr64(its.base + GITS_CBASER, (cb & ~(SHARE_MASK | ITS_CACHE_MASK)) |
                                         ATTR_NC << ITS_CACHE_SHIFT);
    its.cmdq_write = 0;
    wr64(its.base + GITS_CWRITER, 0);
    return 0;
}

/* Reads the ITS node's frame address from the host DT. */
static int its_dt_base(const void *fdt, int node, uint64_t *base)
{
    int parent = fdt_parent_offset(fdt, node);
    int ac = parent >= 0 ? fdt_address_cells(fdt, parent) : 2;
    int sc = parent >= 0 ? fdt_size_cells(fdt, parent) : 2;
    int len;
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    if (ac < 1 || ac > 2 || sc < 0 || sc > 2 || !reg || len < (ac + sc) * 4) {
        printk("host DT: %s: property 'reg' missing or malformed", fdt_get_name(fdt, node, NULL));
        return -1;
    }
    *base = dt_read_cells(reg, ac);
    uint64_t size = dt_read_cells(reg + ac, sc);
    if (size < 0x20000) {
        printk("host DT: %s: 'reg' size 0x%lx is smaller than the ITS's 128 KiB",
               fdt_get_name(fdt, node, NULL), size);
        return -1;
    }
    return 0;
}

static int its_probe(uint64_t base)
{
    its.base = base;
    uint32_t ctlr = rd32(its.base + GITS_CTLR);
    if (ctlr & GITS_CTLR_ENABLED) {
        /* left on by earlier software: stop it before changing its tables */
        wr32(its.base + GITS_CTLR, ctlr & ~GITS_CTLR_ENABLED);
        uint64_t deadline = arch_ticks() + arch_tick_freq() / 10;
        while (!(rd32(its.base + GITS_CTLR) & GITS_CTLR_QUIESCENT))
            if (arch_ticks() > deadline) {
                printk("ITS at 0x%lx: did not become quiescent after being disabled", base);
                return -1;
            }
    }
    uint64_t typer = rd64(its.base + GITS_TYPER);
    if (!(typer & 1)) {
        printk("ITS at 0x%lx: does not support physical LPIs (GITS_TYPER 0x%lx)", base, typer);
        return -1;
    }
    its.itt_entry_size = ((typer >> 4) & 0xf) + 1;
    its.event_bits = ((typer >> 8) & 0x1f) + 1;
    its.device_bits = ((typer >> 13) & 0x1f) + 1;
    its.pta = (typer >> 19) & 1;
    return 0;
}

int its_init(const void *fdt)
{
    int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3-its");
    if (node < 0) {
        printk("ITS: no host DT node compatible with \"arm,gic-v3-its\": no MSIs");
        return -1;
    }
    uint64_t base;
    if (its_dt_base(fdt, node, &base) || its_lpis_init() || its_probe(base) ||
        its_setup_tables())
        return -1;
    wr32(its.base + GITS_CTLR, rd32(its.base + GITS_CTLR) | GITS_CTLR_ENABLED);
    for (unsigned c = 0; c < nr_pcpus; c++) {
        uint64_t cmd[4] = { CMD_MAPC, 0, 1ul << 63 | its_rdbase(c) << 16 | c, 0 };
        if (its_queue_cmd(cmd, "MAPC"))
            return -1;
    }
    if (its_wait_cmds("MAPC") || its_sync(0, "SYNC after MAPC"))
        return -1;
    its.node = node;
    its.ready = true;
    printk("ITS at 0x%lx: %u-bit DeviceIDs (%lu in the table), %u-bit EventIDs, %u collections,"
           " doorbell 0x%lx", base, its.device_bits, its.device_ids, its.event_bits, nr_pcpus,
           its_doorbell_address());
    return 0;
}

bool its_ready(void)
{
    return its.ready;
}

int its_dt_node(void)
{
    return its.ready ? its.node : -1;
}

paddr_t its_doorbell_address(void)
{
    return (paddr_t)its.base + GITS_TRANSLATER;
}

static struct its_device *its_find_device(uint32_t devid)
{
    for (unsigned i = 0; i < its.nr_devs; i++)
        if (its.devs[i].devid == devid)
            return &its.devs[i];
    return NULL;
}

int its_map_device(uint32_t devid, unsigned nr_events)
{
    if (!its.ready) {
        printk("ITS: cannot map DeviceID 0x%x: no working ITS", devid);
        return -1;
    }
    if (devid >= its.device_ids) {
        printk("ITS: DeviceID 0x%x is beyond the %lu the device table holds", devid,
               its.device_ids);
        return -1;
    }
    if (its_find_device(devid)) {
        printk("ITS: DeviceID 0x%x is already mapped", devid);
        return -1;
    }
    unsigned bits = 1;   /* the ITT holds a power of two events, at least 2 */
    while ((1u << bits) < nr_events && bits < 31)
        bits++;
    if (nr_events == 0 || bits > its.event_bits) {
        printk("ITS: DeviceID 0x%x: %u events are more than the ITS's %u-bit EventIDs", devid,
               nr_events, its.event_bits);
        return -1;
    }
    if (its.nr_devs == ITS_MAX_DEVICES) {
        printk("ITS: DeviceID 0x%x: already %u devices mapped", devid, ITS_MAX_DEVICES);
        return -1;
    }
    uint64_t itt_size = ALIGN_UP((1ul << bits) * its.itt_entry_size, 256);
    void *itt = its_alloc_aligned(itt_size, 256);
    if (!itt) {
        printk("ITS: DeviceID 0x%x: no memory for its translation table", devid);
        return -1;
    }
    arch_clean_dcache_range(itt, itt_size);
    uint64_t cmd[4] = { CMD_MAPD | (uint64_t)devid << 32, bits - 1,
                        1ul << 63 | (ptr_to_pa(itt) & 0xfffffffffff00ul), 0 };
    if (its_queue_cmd(cmd, "MAPD") || its_sync(0, "MAPD"))
        return -1;
    its.devs[its.nr_devs++] = (struct its_device){ devid, 1u << bits, itt };
    return 0;
}

int its_map_event(uint32_t devid, uint32_t eventid, unsigned pcpu, irq_handler_t fn, void *arg,
                  uint32_t *lpi_out)
{
    struct its_device *d = its_find_device(devid);
    if (!its.ready || !d) {
        printk("ITS: DeviceID 0x%x has no translation table (map the device first)", devid);
        return -1;
    }
    if (eventid >= d->nr_events) {
        printk("ITS: DeviceID 0x%x: EventID %u beyond its %u events", devid, eventid,
               d->nr_events);
        return -1;
    }
    if (pcpu >= nr_pcpus) {
        printk("ITS: DeviceID 0x%x: no pCPU%u to route EventID %u to", devid, pcpu, eventid);
        return -1;
    }
    if (lpi.next_lpi >= LPI_BASE + lpi.nr_lpis) {
        printk("ITS: all %u LPIs are in use", lpi.nr_lpis);
        return -1;
    }
    uint32_t intid = lpi.next_lpi;
    if (irq_set_handler(intid, fn, arg)) {
        printk("ITS: no room for a handler of LPI %u", intid);
        return -1;
    }
    lpi.next_lpi++;
    uint8_t *cfg = &lpi.prop[intid - LPI_BASE];
    *cfg = LPI_PRIO | LPI_PROP_RES1 | LPI_PROP_ENABLE;
    arch_clean_dcache_range(cfg, 1);
    uint64_t mapti[4] = { CMD_MAPTI | (uint64_t)devid << 32, eventid | (uint64_t)intid << 32,
                          pcpu, 0 };
    /* INV makes the redistributor re-read the LPI's configuration byte */
    uint64_t inv[4] = { CMD_INV | (uint64_t)devid << 32, eventid, 0, 0 };
    if (its_queue_cmd(mapti, "MAPTI") || its_queue_cmd(inv, "INV") || its_sync(pcpu, "MAPTI"))
        return -1;
    *lpi_out = intid;
    return 0;
}
