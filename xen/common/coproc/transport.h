/* How the hypervisor reaches a physical co-processor whose model lives in a
 * host process behind an ivshmem-doorbell PCI device (docs/hw/ivshmem.md):
 * its register pages are BAR2, register writes take effect when the model's
 * doorbell is rung, and its interrupts are MSI-X vectors (LPIs). */
#ifndef XEN_COPROC_TRANSPORT_H
#define XEN_COPROC_TRANSPORT_H
#include <xen/types.h>

#define TRANSPORT_MAX_VECTORS 8

struct coproc_transport {
    paddr_t base;                 /* register pages (BAR2) */
    uint64_t size;
    volatile uint32_t *doorbell;  /* ivshmem Doorbell register (BAR0 + 0x0c) */
    unsigned nr_vectors;
    uint32_t lpi[TRANSPORT_MAX_VECTORS];
    uint64_t kicks;
};

/* The ivshmem device at PCI bus:dev.fn as a transport; NULL with a logged
 * reason when there is none or it has no MSI-X. */
const struct coproc_transport *coproc_transport_attach(unsigned bus, unsigned dev, unsigned fn);
/* The transport whose register pages hold [base, base + size), or NULL. */
const struct coproc_transport *coproc_transport_find(paddr_t base, uint64_t size);
/* Rings the model's doorbell: the register writes so far take effect. */
void coproc_transport_kick(const struct coproc_transport *t);
#endif
