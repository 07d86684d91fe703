/* PCI configuration space through ECAM: each function has 4 KiB at
 * ecam + (bus - first bus) << 20 | device << 15 | function << 12. The ECAM
 * region is device memory in the EL2 page tables, so plain volatile
 * accesses of the register's own width are what the bridge expects. */
#include <xen/lib.h>
#include "pci.h"

uintptr_t config_address(const struct pci_host *h, unsigned bus, unsigned dev, unsigned fn)
{
    return (uintptr_t)h->ecam + ((uintptr_t)(bus - h->bus_first) << 20) +
           ((uintptr_t)dev << 15) + ((uintptr_t)fn << 12);
}

uint8_t config_read8(uintptr_t cfg, unsigned reg) { return *(volatile uint8_t *)(cfg + reg); }
uint16_t config_read16(uintptr_t cfg, unsigned reg) { return *(volatile uint16_t *)(cfg + reg); }
uint32_t config_read32(uintptr_t cfg, unsigned reg) { return *(volatile uint32_t *)(cfg + reg); }
void config_write8(uintptr_t cfg, unsigned reg, uint8_t v) { *(volatile uint8_t *)(cfg + reg) = v; }
void config_write16(uintptr_t cfg, unsigned reg, uint16_t v)
{
    *(volatile uint16_t *)(cfg + reg) = v;
}
void config_write32(uintptr_t cfg, unsigned reg, uint32_t v)
{
    *(volatile uint32_t *)(cfg + reg) = v;
}

unsigned config_find_cap(uintptr_t cfg, uint8_t id)
{
    if (!(config_read16(cfg, PCI_STATUS) & PCI_STATUS_CAP_LIST))
        return 0;
    unsigned at = config_read8(cfg, PCI_CAP_PTR) & 0xfc;
    /* 48 hops is more than 256 bytes can hold: a looping list ends here */
    for (unsigned hops = 0; at >= 0x40 && hops < 48; hops++) {
        if (config_read8(cfg, at) == id)
            return at;
        at = config_read8(cfg, at + 1) & 0xfc;
    }
    return 0;
}
