/* Devices the hypervisor itself drives beyond the interrupt controller:
 * the ITS, PCI and what is found there (docs/pci.md). */
#ifndef XEN_PLATFORM_H
#define XEN_PLATFORM_H

/* At boot, after the domains are built and before secondaries start. */
void platform_devices_init(const void *fdt);
/* Statistics for the end-of-run summary. */
void platform_devices_report(void);
#endif
