/* PCI for the hypervisor: the generic ECAM host bridge from the host DT, the
 * devices found behind it with their BARs placed, and MSI-X through the ITS.
 * Boot-time only: everything here runs on the boot pCPU before guests run. */
#ifndef PCI_PCI_H
#define PCI_PCI_H
#include <asm/gic.h>
#include <xen/types.h>

#define PCI_MAX_DEVICES 64
#define PCI_NR_BARS     6

/* Configuration-space registers we use (type 0 and type 1 headers). */
#define PCI_VENDOR_ID        0x00
#define PCI_DEVICE_ID        0x02
#define PCI_COMMAND          0x04
#define PCI_COMMAND_IO       (1u << 0)
#define PCI_COMMAND_MEMORY   (1u << 1)
#define PCI_COMMAND_MASTER   (1u << 2)   /* needed for MSI writes, DMA */
#define PCI_STATUS           0x06
#define PCI_STATUS_CAP_LIST  (1u << 4)
#define PCI_CLASS_REVISION   0x08
#define PCI_HEADER_TYPE      0x0e
#define PCI_BAR0             0x10
#define PCI_CAP_PTR          0x34
#define PCI_PRIMARY_BUS      0x18        /* type 1: primary, secondary, subordinate */
#define PCI_IO_BASE          0x1c
#define PCI_MEM_BASE         0x20
#define PCI_PREF_MEM_BASE    0x24
#define PCI_PREF_BASE_UPPER  0x28
#define PCI_PREF_LIMIT_UPPER 0x2c
#define PCI_IO_BASE_UPPER    0x30
#define PCI_CAP_ID_MSIX      0x11

/* The kinds of window in a host bridge's 'ranges'. */
enum pci_space {
    PCI_SPACE_IO,
    PCI_SPACE_MEM32,
    PCI_SPACE_MEM64,
    PCI_NR_SPACES,
};

/* One window: PCI bus addresses [pci, pci + size) appear at CPU addresses
 * [cpu, cpu + size). next is where the next BAR may go (bus address). */
struct pci_window {
    bool present;
    bool prefetchable;
    bool hyp_mapped;              /* the EL2 page tables map its CPU addresses */
    uint64_t pci;
    paddr_t cpu;
    uint64_t size;
    uint64_t next;
};

/* One msi-map entry: requester IDs [rid, rid + length) send DeviceIDs from
 * base, to the MSI controller with that phandle. */
#define PCI_MAX_MSI_MAPS 8
struct pci_msi_map {
    uint32_t rid;
    uint32_t phandle;
    uint32_t base;
    uint32_t length;
};

struct pci_host {
    char name[48];                /* the DT node's name, for messages */
    paddr_t ecam;
    uint64_t ecam_size;
    unsigned bus_first, bus_last;
    struct pci_window win[PCI_NR_SPACES];
    struct pci_msi_map msi_map[PCI_MAX_MSI_MAPS];
    unsigned nr_msi_maps;
    uint32_t msi_map_mask;
    uint32_t msi_parent;          /* without msi-map: every RID is its DeviceID */
};

enum pci_bar_kind {
    PCI_BAR_NONE,                 /* not implemented, or the upper half of a 64-bit one */
    PCI_BAR_IO,
    PCI_BAR_MEM32,
    PCI_BAR_MEM64,
};

struct pci_bar {
    enum pci_bar_kind kind;
    bool prefetchable;
    bool assigned;
    bool hyp_mapped;              /* the hypervisor may access it at cpu */
    uint64_t size;
    uint64_t pci;                 /* bus address programmed into the BAR */
    paddr_t cpu;                  /* where the hypervisor reaches it */
};

struct pci_dev {
    uint8_t bus, dev, fn;
    uint16_t vendor, device;
    uint32_t class_rev;
    bool bridge;
    bool enabled;                 /* every BAR placed, decoding on */
    uintptr_t cfg;                /* its 4 KiB of ECAM */
    struct pci_bar bar[PCI_NR_BARS];
    bool msi_ok;                  /* devid is valid: MSIs reach our ITS */
    uint32_t devid;               /* ITS DeviceID from msi-map */
    char bdf[16];                 /* "00:03.0" for messages */
};

/* host_bridge.c: 'reg', 'ranges', 'bus-range', 'msi-map' of a node
 * compatible with "pci-host-ecam-generic". 0, or -1 after logging the node
 * and property at fault. its_node is the ITS's DT node (-1: none); MSIs
 * aimed elsewhere are refused. */
int host_bridge_parse(const void *fdt, int node, struct pci_host *h);
/* DeviceID for a requester ID; false (logged) when msi-map does not
 * cover it or sends it to another MSI controller than its_phandle. */
bool host_bridge_rid_to_devid(const struct pci_host *h, uint32_t rid, uint32_t its_phandle,
                              uint32_t *devid);

/* window.c: naturally aligned placement inside a window. 0 and *pci set,
 * or -1 when the window cannot hold it. */
int window_alloc(struct pci_window *w, uint64_t size, uint64_t *pci);

/* config.c: ECAM configuration accesses. */
uintptr_t config_address(const struct pci_host *h, unsigned bus, unsigned dev, unsigned fn);
uint8_t config_read8(uintptr_t cfg, unsigned reg);
uint16_t config_read16(uintptr_t cfg, unsigned reg);
uint32_t config_read32(uintptr_t cfg, unsigned reg);
void config_write8(uintptr_t cfg, unsigned reg, uint8_t v);
void config_write16(uintptr_t cfg, unsigned reg, uint16_t v);
void config_write32(uintptr_t cfg, unsigned reg, uint32_t v);
/* Offset of the first capability with that ID, or 0. */
unsigned config_find_cap(uintptr_t cfg, uint8_t id);

/* enumerate.c / bars.c: what pci_init found. */
extern struct pci_dev pci_devs[PCI_MAX_DEVICES];
extern unsigned pci_nr_devs;
void bars_size_and_assign(struct pci_host *h, struct pci_dev *d, unsigned nr_bars);

/* pci.c: finds the host bridge, enumerates it, sizes and places the BARs
 * and enables decoding and bus mastering. Returns the number of devices
 * found (0 with no PCI at all); never fails the boot. */
unsigned pci_init(const void *fdt);
/* The index-th device (0-based) with that vendor and device ID, or NULL. */
struct pci_dev *pci_find_device(uint16_t vendor, uint16_t device, unsigned index);

/* msix.c: MSI-X through the ITS. Maps the device's DeviceID with nr
 * vectors, vector v -> EventID v -> a fresh LPI on pCPU `pcpu` whose
 * handler is fn(intid, arg), programs and unmasks the table entries and
 * enables MSI-X. lpi[v] receives each vector's INTID. 0, or -1 after
 * logging (no capability, table BAR not placed, too few vectors, ITS). */
int msix_enable(struct pci_dev *d, unsigned nr, unsigned pcpu, irq_handler_t fn, void *arg,
                uint32_t *lpi);
/* Entries in the device's MSI-X table, or 0 without the capability. */
int msix_vector_count(const struct pci_dev *d);
#endif
