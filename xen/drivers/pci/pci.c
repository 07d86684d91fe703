/* PCI enumeration at boot: find the ECAM host bridge in the host DT, walk
 * bus 0 and every bus behind a PCI-to-PCI bridge (depth first, numbering
 * secondary buses as they are found), place every BAR, turn decoding and
 * bus mastering on, and work out each function's ITS DeviceID.
 *
 * Bridges get a 32-bit memory window covering what was placed behind them
 * (1 MiB granular, as the bridge registers are); their I/O and prefetchable
 * windows are left closed. Nothing here may stop the boot: a bad node or a
 * full window is logged and costs only the devices concerned. */
#include <asm/its.h>
#include <libfdt.h>
#include <xen/lib.h>
#include "pci.h"

#define BRIDGE_WINDOW_ALIGN (1ul << 20)
#define HEADER_MULTIFUNC    0x80
#define HEADER_TYPE_MASK    0x7f

struct pci_dev pci_devs[PCI_MAX_DEVICES];
unsigned pci_nr_devs;

static struct pci_host host;
static uint32_t its_phandle;

static void pci_scan_bus(unsigned bus, unsigned *next_bus, unsigned depth);

static struct pci_dev *pci_add(unsigned bus, unsigned dev, unsigned fn, uintptr_t cfg)
{
    if (pci_nr_devs == PCI_MAX_DEVICES) {
        printk("PCI %02x:%02x.%u: more than %u functions; ignored", bus, dev, fn,
               PCI_MAX_DEVICES);
        return NULL;
    }
    struct pci_dev *d = &pci_devs[pci_nr_devs++];
    *d = (struct pci_dev){ .bus = (uint8_t)bus, .dev = (uint8_t)dev, .fn = (uint8_t)fn,
                           .cfg = cfg };
    d->vendor = config_read16(cfg, PCI_VENDOR_ID);
    d->device = config_read16(cfg, PCI_DEVICE_ID);
    d->class_rev = config_read32(cfg, PCI_CLASS_REVISION);
    snprintf(d->bdf, sizeof(d->bdf), "%02x:%02x.%u", bus, dev, fn);
    uint32_t rid = bus << 8 | dev << 3 | fn;
    d->msi_ok = host_bridge_rid_to_devid(&host, rid, its_phandle, &d->devid);
    return d;
}

/* Closes a bridge window: base above limit forwards nothing. */
static void pci_bridge_close_windows(uintptr_t cfg)
{
    config_write8(cfg, PCI_IO_BASE, 0xf0);
    config_write8(cfg, PCI_IO_BASE + 1, 0x00);
    config_write32(cfg, PCI_IO_BASE_UPPER, 0);
    config_write32(cfg, PCI_PREF_MEM_BASE, 0x0000fff0);
    config_write32(cfg, PCI_PREF_BASE_UPPER, 0xffffffff);
    config_write32(cfg, PCI_PREF_LIMIT_UPPER, 0);
    config_write32(cfg, PCI_MEM_BASE, 0x0000fff0);
}

static void pci_scan_bridge(struct pci_dev *d, unsigned *next_bus, unsigned depth)
{
    struct pci_window *w = &host.win[PCI_SPACE_MEM32];
    pci_bridge_close_windows(d->cfg);
    bars_size_and_assign(&host, d, 2);
    if (*next_bus > host.bus_last || depth >= 8) {
        printk("PCI %s: bridge left unconfigured: %s", d->bdf,
               depth >= 8 ? "bridges nested deeper than 8" : "no bus number left in bus-range");
        return;
    }
    unsigned secondary = (*next_bus)++;
    uint32_t busregs = config_read32(d->cfg, PCI_PRIMARY_BUS) & 0xff000000u;
    /* subordinate = last bus for now, so that the scan below reaches everything */
    config_write32(d->cfg, PCI_PRIMARY_BUS, busregs | host.bus_last << 16 | secondary << 8 |
                                                d->bus);
    uint64_t start = w->present ? ALIGN_UP(w->next, BRIDGE_WINDOW_ALIGN) : 0;
    if (w->present && start <= w->pci + w->size)
        w->next = start;
    pci_scan_bus(secondary, next_bus, depth + 1);
    config_write32(d->cfg, PCI_PRIMARY_BUS, busregs | (*next_bus - 1) << 16 | secondary << 8 |
                                                d->bus);
    uint64_t end = w->present ? ALIGN_UP(w->next, BRIDGE_WINDOW_ALIGN) : 0;
    if (w->present && end > start && end <= w->pci + w->size) {
        w->next = end;
        config_write32(d->cfg, PCI_MEM_BASE, (uint32_t)((start >> 16) & 0xfff0) |
                                                 (uint32_t)((end - 1) & 0xfff00000));
    }
    printk("PCI %s: bridge to buses %02x-%02x, memory window 0x%lx-0x%lx", d->bdf, secondary,
           *next_bus - 1, end > start ? start : 0, end > start ? end - 1 : 0);
}

static void pci_scan_function(unsigned bus, unsigned dev, unsigned fn, uintptr_t cfg,
                              unsigned *next_bus, unsigned depth)
{
    struct pci_dev *d = pci_add(bus, dev, fn, cfg);
    if (!d)
        return;
    unsigned type = config_read8(cfg, PCI_HEADER_TYPE) & HEADER_TYPE_MASK;
    if (type == 0) {
        bars_size_and_assign(&host, d, PCI_NR_BARS);
    } else if (type == 1) {
        d->bridge = true;
        pci_scan_bridge(d, next_bus, depth);
    } else {
        printk("PCI %s %04x:%04x: header type %u not supported; left disabled", d->bdf,
               d->vendor, d->device, type);
    }
}

static void pci_scan_bus(unsigned bus, unsigned *next_bus, unsigned depth)
{
    for (unsigned dev = 0; dev < 32; dev++) {
        for (unsigned fn = 0; fn < 8; fn++) {
            uintptr_t cfg = config_address(&host, bus, dev, fn);
            if (config_read16(cfg, PCI_VENDOR_ID) == 0xffff) {
                if (fn == 0)
                    break;
                continue;
            }
            bool multi = config_read8(cfg, PCI_HEADER_TYPE) & HEADER_MULTIFUNC;
            pci_scan_function(bus, dev, fn, cfg, next_bus, depth);
            if (fn == 0 && !multi)
                break;
        }
    }
}

static void pci_print_host(void)
{
    static const char *const names[] = { "io", "mem32", "mem64" };
    if (its_phandle)
        printk("PCI: host bridge %s: ECAM 0x%lx (buses %02x-%02x), MSIs to the ITS (phandle "
               "0x%x) as msi-map says", host.name, host.ecam, host.bus_first, host.bus_last,
               its_phandle);
    else
        printk("PCI: host bridge %s: ECAM 0x%lx (buses %02x-%02x), no MSIs (no working ITS)",
               host.name, host.ecam, host.bus_first, host.bus_last);
    for (unsigned s = 0; s < PCI_NR_SPACES; s++) {
        const struct pci_window *w = &host.win[s];
        if (w->present)
            printk("PCI:   %s window: bus 0x%lx at CPU 0x%lx, 0x%lx bytes%s%s", names[s],
                   w->pci, w->cpu, w->size, w->prefetchable ? ", prefetchable" : "",
                   w->hyp_mapped ? "" : " (not mapped at EL2)");
    }
}

unsigned pci_init(const void *fdt)
{
    int node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
    if (node < 0) {
        printk("PCI: no host DT node compatible with \"pci-host-ecam-generic\": no PCI devices");
        return 0;
    }
    if (host_bridge_parse(fdt, node, &host)) {
        printk("PCI: host bridge not used: no PCI devices");
        return 0;
    }
    int its = its_dt_node();
    its_phandle = its >= 0 ? fdt_get_phandle(fdt, its) : 0;
    pci_print_host();
    unsigned next_bus = host.bus_first + 1;
    pci_scan_bus(host.bus_first, &next_bus, 0);
    printk("PCI: %u function(s) found", pci_nr_devs);
    return pci_nr_devs;
}

struct pci_dev *pci_find_device(uint16_t vendor, uint16_t device, unsigned index)
{
    for (unsigned i = 0; i < pci_nr_devs; i++)
        if (pci_devs[i].vendor == vendor && pci_devs[i].device == device && index-- == 0)
            return &pci_devs[i];
    return NULL;
}
