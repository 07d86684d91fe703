/* Drivers for PCI devices the hypervisor itself uses; the platform code
 * probes them after PCI enumeration. */
#ifndef PCI_DRIVERS_H
#define PCI_DRIVERS_H
#include <xen/types.h>

/* ivshmem-doorbell (1af4:1110), xen/drivers/ivshmem.c: sets up every one
 * found; returns how many now take interrupts. */
unsigned ivshmem_probe_all(void);
/* Prints each ivshmem device's interrupt and doorbell counts. */
void ivshmem_report_all(void);

/* What a co-processor transport needs of a probed ivshmem device. */
#define IVSHMEM_INFO_MAX_VECTORS 8
struct ivshmem_info {
    uintptr_t regs;               /* BAR0: the Doorbell register is at +0x0c */
    paddr_t shm;                  /* BAR2: the model's register pages */
    uint64_t shm_size;
    unsigned nr_vectors;
    uint32_t lpi[IVSHMEM_INFO_MAX_VECTORS];
};
/* The ivshmem device at bus:dev.fn, probed with MSI-X: 0, or -1. */
int ivshmem_lookup(unsigned bus, unsigned dev, unsigned fn, struct ivshmem_info *info);
#endif
