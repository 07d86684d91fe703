/* Platform devices the hypervisor itself uses beyond the GIC: the ITS (so
 * that devices can send MSIs), PCI behind the ECAM host bridge, and the
 * drivers of the PCI devices found there. None of this may stop the boot:
 * a machine without an ITS or without PCI devices boots as before. */
#include <asm/its.h>
#include <xen/lib.h>
#include <xen/platform.h>
#include "../../drivers/pci/drivers.h"
#include "../../drivers/pci/pci.h"

void platform_devices_init(const void *fdt)
{
    if (its_init(fdt))
        printk("ITS not available: PCI devices will get no MSIs");
    if (pci_init(fdt))
        ivshmem_probe_all();
}

/* For the end-of-run summary. */
void platform_devices_report(void)
{
    ivshmem_report_all();
}
