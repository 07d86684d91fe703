/* Drivers for PCI devices the hypervisor itself uses; the platform code
 * probes them after PCI enumeration. */
#ifndef PCI_DRIVERS_H
#define PCI_DRIVERS_H

/* ivshmem-doorbell (1af4:1110), xen/drivers/ivshmem.c: sets up every one
 * found; returns how many now take interrupts. */
unsigned ivshmem_probe_all(void);
/* Prints each ivshmem device's interrupt and doorbell counts. */
void ivshmem_report_all(void);
#endif
