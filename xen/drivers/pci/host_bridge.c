/* The generic ECAM host bridge's DT node ("pci-host-ecam-generic", the
 * binding of Linux's pci-host-generic): where configuration space is, which
 * buses it covers, the CPU-to-bus address windows, and how requester IDs
 * become ITS DeviceIDs. Only parsing and checking; nothing is touched. */
#include <libfdt.h>
#include <xen/host.h>
#include <xen/lib.h>
#include "pci.h"

#define ECAM_BUS_SIZE   (1ul << 20)     /* 32 devices x 8 functions x 4 KiB */
#define PCI_ADDR_CELLS  3
#define PHYS_HI_SPACE(hi)    (((hi) >> 24) & 3)
#define PHYS_HI_PREFETCH     (1u << 30)

static const char *const space_names[] = { "I/O", "32-bit memory", "64-bit memory" };

static int host_bridge_parse_reg(const void *fdt, int node, struct pci_host *h, int pac,
                                 int psc)
{
    int len;
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    if (!reg || len < (pac + psc) * 4) {
        printk("PCI: %s: property 'reg' (ECAM) missing or shorter than %d cells", h->name,
               pac + psc);
        return -1;
    }
    h->ecam = dt_read_cells(reg, pac);
    h->ecam_size = dt_read_cells(reg + pac, psc);
    if (h->ecam_size < ECAM_BUS_SIZE || !IS_ALIGNED(h->ecam, ECAM_BUS_SIZE) ||
        h->ecam + h->ecam_size < h->ecam) {
        printk("PCI: %s: 'reg' ECAM 0x%lx size 0x%lx is not a whole number of 1 MiB buses",
               h->name, h->ecam, h->ecam_size);
        return -1;
    }
    return 0;
}

static int host_bridge_parse_bus_range(const void *fdt, int node, struct pci_host *h)
{
    int len;
    const fdt32_t *br = fdt_getprop(fdt, node, "bus-range", &len);
    h->bus_first = 0;
    h->bus_last = 255;
    if (br) {
        if (len != 8 || fdt32_to_cpu(br[0]) > fdt32_to_cpu(br[1]) || fdt32_to_cpu(br[1]) > 255) {
            printk("PCI: %s: property 'bus-range' must be <first last> with first <= last <= "
                   "255", h->name);
            return -1;
        }
        h->bus_first = fdt32_to_cpu(br[0]);
        h->bus_last = fdt32_to_cpu(br[1]);
    }
    /* the ECAM region starts at bus_first and may cover fewer buses */
    uint64_t buses = h->ecam_size / ECAM_BUS_SIZE;
    if (h->bus_last - h->bus_first + 1 > buses)
        h->bus_last = h->bus_first + (unsigned)buses - 1;
    return 0;
}

/* One 'ranges' entry; a bad one is logged and left out, never fatal. */
static void host_bridge_add_range(struct pci_host *h, const fdt32_t *e, int pac, int sc,
                                  unsigned idx)
{
    uint32_t hi = fdt32_to_cpu(e[0]);
    uint64_t pci = (uint64_t)fdt32_to_cpu(e[1]) << 32 | fdt32_to_cpu(e[2]);
    paddr_t cpu = dt_read_cells(e + PCI_ADDR_CELLS, pac);
    uint64_t size = dt_read_cells(e + PCI_ADDR_CELLS + pac, sc);
    unsigned space = PHYS_HI_SPACE(hi);
    if (space == 0) {
        printk("PCI: %s: 'ranges' entry %u maps configuration space; ignored", h->name, idx);
        return;
    }
    enum pci_space s = space == 1 ? PCI_SPACE_IO : space == 2 ? PCI_SPACE_MEM32 : PCI_SPACE_MEM64;
    if (size == 0 || pci + size < pci || cpu + size < cpu) {
        printk("PCI: %s: 'ranges' entry %u (%s): size 0x%lx is empty or wraps; ignored", h->name,
               idx, space_names[s], size);
        return;
    }
    if (s != PCI_SPACE_MEM64 && pci + size > (1ul << 32)) {
        printk("PCI: %s: 'ranges' entry %u (%s): bus addresses 0x%lx+0x%lx pass 4 GiB; ignored",
               h->name, idx, space_names[s], pci, size);
        return;
    }
    if (h->win[s].present) {
        printk("PCI: %s: 'ranges' entry %u: a second %s window; ignored", h->name, idx,
               space_names[s]);
        return;
    }
    /* bus address 0 would read as "unassigned" to some drivers: skip it */
    uint64_t first = pci ? pci : MIN(size, (uint64_t)(s == PCI_SPACE_IO ? 0x1000 : 0x100000));
    h->win[s] = (struct pci_window){ .present = true, .prefetchable = hi & PHYS_HI_PREFETCH,
                                     .pci = pci, .cpu = cpu, .size = size, .next = first,
                                     .hyp_mapped = s != PCI_SPACE_MEM64 };
}

static int host_bridge_parse_ranges(const void *fdt, int node, struct pci_host *h, int pac)
{
    int ac = fdt_address_cells(fdt, node), sc = fdt_size_cells(fdt, node);
    if (ac != PCI_ADDR_CELLS || sc < 1 || sc > 2) {
        printk("PCI: %s: '#address-cells' must be 3 and '#size-cells' 1 or 2 (got %d, %d)",
               h->name, ac, sc);
        return -1;
    }
    int len;
    const fdt32_t *r = fdt_getprop(fdt, node, "ranges", &len);
    int entry = (PCI_ADDR_CELLS + pac + sc) * 4;
    if (!r || len <= 0 || len % entry) {
        printk("PCI: %s: property 'ranges' missing or not a whole number of %d-cell entries",
               h->name, entry / 4);
        return -1;
    }
    for (int off = 0; off < len; off += entry)
        host_bridge_add_range(h, r + off / 4, pac, sc, (unsigned)(off / entry));
    if (!h->win[PCI_SPACE_MEM32].present && !h->win[PCI_SPACE_MEM64].present)
        printk("PCI: %s: 'ranges' gives no memory window: no memory BAR can be placed",
               h->name);
    return 0;
}

static int host_bridge_parse_msi(const void *fdt, int node, struct pci_host *h)
{
    int len;
    const fdt32_t *m = fdt_getprop(fdt, node, "msi-map", &len);
    h->msi_map_mask = 0xffff;
    if (m) {
        if (len <= 0 || len % 16 || len / 16 > PCI_MAX_MSI_MAPS) {
            printk("PCI: %s: property 'msi-map' must be 1 to %d entries of <rid-base "
                   "msi-controller msi-base length>", h->name, PCI_MAX_MSI_MAPS);
            return -1;
        }
        for (int i = 0; i < len / 16; i++) {
            struct pci_msi_map *e = &h->msi_map[i];
            e->rid = fdt32_to_cpu(m[4 * i]);
            e->phandle = fdt32_to_cpu(m[4 * i + 1]);
            e->base = fdt32_to_cpu(m[4 * i + 2]);
            e->length = fdt32_to_cpu(m[4 * i + 3]);
            if (e->length == 0 || e->rid + (uint64_t)e->length > 0x10000) {
                printk("PCI: %s: 'msi-map' entry %d covers requester IDs 0x%x+0x%x, outside "
                       "0..0xffff", h->name, i, e->rid, e->length);
                return -1;
            }
        }
        h->nr_msi_maps = (unsigned)len / 16;
        const fdt32_t *mask = fdt_getprop(fdt, node, "msi-map-mask", &len);
        if (mask && len == 4)
            h->msi_map_mask = fdt32_to_cpu(mask[0]);
        else if (mask)
            printk("PCI: %s: 'msi-map-mask' is not one cell; using 0xffff", h->name);
        return 0;
    }
    const fdt32_t *p = fdt_getprop(fdt, node, "msi-parent", &len);
    if (p && len >= 4)
        h->msi_parent = fdt32_to_cpu(p[0]);
    return 0;
}

int host_bridge_parse(const void *fdt, int node, struct pci_host *h)
{
    memset(h, 0, sizeof(*h));
    const char *name = fdt_get_name(fdt, node, NULL);
    snprintf(h->name, sizeof(h->name), "%s", name ? name : "?");
    int parent = fdt_parent_offset(fdt, node);
    int pac = parent >= 0 ? fdt_address_cells(fdt, parent) : -1;
    int psc = parent >= 0 ? fdt_size_cells(fdt, parent) : -1;
    if (pac < 1 || pac > 2 || psc < 1 || psc > 2) {
        printk("PCI: %s: the parent's '#address-cells'/'#size-cells' must be 1 or 2", h->name);
        return -1;
    }
    if (host_bridge_parse_reg(fdt, node, h, pac, psc) ||
        host_bridge_parse_bus_range(fdt, node, h) ||
        host_bridge_parse_ranges(fdt, node, h, pac) || host_bridge_parse_msi(fdt, node, h))
        return -1;
    return 0;
}

bool host_bridge_rid_to_devid(const struct pci_host *h, uint32_t rid, uint32_t its_phandle,
                              uint32_t *devid)
{
    if (!its_phandle)
        return false;
    if (!h->nr_msi_maps) {
        /* msi-parent alone: the DeviceID is the requester ID */
        if (h->msi_parent != its_phandle)
            return false;
        *devid = rid;
        return true;
    }
    rid &= h->msi_map_mask;
    for (unsigned i = 0; i < h->nr_msi_maps; i++) {
        const struct pci_msi_map *e = &h->msi_map[i];
        if (rid >= e->rid && rid - e->rid < e->length) {
            if (e->phandle != its_phandle)
                return false;
            *devid = e->base + (rid - e->rid);
            return true;
        }
    }
    return false;
}
