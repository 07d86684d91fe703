/* MSI-X through the GICv3 ITS: each vector's message is a write of its
 * EventID to GITS_TRANSLATER; the ITS knows the device by the DeviceID the
 * host bridge derives from its requester ID (msi-map), and turns
 * (DeviceID, EventID) into an LPI.
 *
 * Order: MSI-X on with the whole function masked (so no entry fires while
 * half-written), every entry masked, the ITS mappings made, the entries
 * written and unmasked, and only then the function mask lifted. */
#include <asm/its.h>
#include <xen/lib.h>
#include <xen/sysregs.h>
#include "pci.h"

#define MSIX_CTRL          2
#define MSIX_CTRL_SIZE(c)  (((c) & 0x7ffu) + 1)
#define MSIX_CTRL_FMASK    (1u << 14)
#define MSIX_CTRL_ENABLE   (1u << 15)
#define MSIX_TABLE         4
#define MSIX_BIR(v)        ((v) & 7u)
#define MSIX_OFFSET(v)     ((v) & ~7u)
#define MSIX_ENTRY_SIZE    16
#define MSIX_ENTRY_ADDR_LO 0
#define MSIX_ENTRY_ADDR_HI 4
#define MSIX_ENTRY_DATA    8
#define MSIX_ENTRY_CTRL    12
#define MSIX_ENTRY_MASKED  1u

static inline void msix_wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

/* Checks the capability and its table's BAR; 0 with *cap and *table set. */
static int msix_locate(const struct pci_dev *d, unsigned nr, unsigned *cap, uintptr_t *table)
{
    if (!d->enabled) {
        printk("MSI-X %s: the device is disabled (its BARs were not placed)", d->bdf);
        return -1;
    }
    *cap = config_find_cap(d->cfg, PCI_CAP_ID_MSIX);
    if (!*cap) {
        printk("MSI-X %s: the device has no MSI-X capability", d->bdf);
        return -1;
    }
    unsigned size = MSIX_CTRL_SIZE(config_read16(d->cfg, *cap + MSIX_CTRL));
    if (nr == 0 || nr > size) {
        printk("MSI-X %s: %u vectors asked, the table has %u", d->bdf, nr, size);
        return -1;
    }
    uint32_t t = config_read32(d->cfg, *cap + MSIX_TABLE);
    unsigned bir = MSIX_BIR(t);
    const struct pci_bar *b = bir < PCI_NR_BARS ? &d->bar[bir] : NULL;
    if (!b || b->kind == PCI_BAR_NONE || b->kind == PCI_BAR_IO || !b->assigned) {
        printk("MSI-X %s: the table's BAR%u is not a placed memory BAR", d->bdf, bir);
        return -1;
    }
    if (!b->hyp_mapped || MSIX_OFFSET(t) + (uint64_t)size * MSIX_ENTRY_SIZE > b->size) {
        printk("MSI-X %s: the table (BAR%u + 0x%x, %u entries) is %s", d->bdf, bir,
               MSIX_OFFSET(t), size, b->hyp_mapped ? "outside its BAR" : "not mapped at EL2");
        return -1;
    }
    *table = (uintptr_t)b->cpu + MSIX_OFFSET(t);
    return 0;
}

int msix_vector_count(const struct pci_dev *d)
{
    unsigned cap = config_find_cap(d->cfg, PCI_CAP_ID_MSIX);
    return cap ? (int)MSIX_CTRL_SIZE(config_read16(d->cfg, cap + MSIX_CTRL)) : 0;
}

int msix_enable(struct pci_dev *d, unsigned nr, unsigned pcpu, irq_handler_t fn, void *arg,
                uint32_t *lpi)
{
    unsigned cap;
    uintptr_t table;
    if (msix_locate(d, nr, &cap, &table))
        return -1;
    if (!d->msi_ok || !its_ready()) {
        printk("MSI-X %s: no ITS DeviceID for requester ID 0x%x (%s)", d->bdf,
               d->bus << 8 | d->dev << 3 | d->fn,
               its_ready() ? "msi-map does not send it to the ITS" : "no working ITS");
        return -1;
    }
    uint16_t ctrl = config_read16(d->cfg, cap + MSIX_CTRL);
    unsigned size = MSIX_CTRL_SIZE(ctrl);
    config_write16(d->cfg, cap + MSIX_CTRL, ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_FMASK);
    for (unsigned v = 0; v < size; v++)
        msix_wr32(table + v * MSIX_ENTRY_SIZE + MSIX_ENTRY_CTRL, MSIX_ENTRY_MASKED);
    if (its_map_device(d->devid, nr))
        goto fail;
    paddr_t doorbell = its_doorbell_address();
    for (unsigned v = 0; v < nr; v++) {
        if (its_map_event(d->devid, v, pcpu, fn, arg, &lpi[v]))
            goto fail;
        uintptr_t e = table + v * MSIX_ENTRY_SIZE;
        msix_wr32(e + MSIX_ENTRY_ADDR_LO, (uint32_t)doorbell);
        msix_wr32(e + MSIX_ENTRY_ADDR_HI, (uint32_t)(doorbell >> 32));
        msix_wr32(e + MSIX_ENTRY_DATA, v);   /* the EventID */
        msix_wr32(e + MSIX_ENTRY_CTRL, 0);
    }
    /* the table (in a BAR) and the capability (in ECAM) are different
     * device regions: make the entries land before the function unmasks */
    dsb_sy();
    config_write16(d->cfg, cap + MSIX_CTRL, (ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_FMASK);
    printk("MSI-X %s: %u of %u vectors enabled, DeviceID 0x%x, LPIs %u-%u on pCPU%u", d->bdf,
           nr, size, d->devid, lpi[0], lpi[nr - 1], pcpu);
    return 0;
fail:
    config_write16(d->cfg, cap + MSIX_CTRL, ctrl & ~MSIX_CTRL_ENABLE);
    printk("MSI-X %s: left disabled", d->bdf);
    return -1;
}
