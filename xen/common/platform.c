/* Platform devices the hypervisor itself uses beyond the GIC (PCI and the
 * devices found on it). Empty until a driver registers here. */
#include <xen/lib.h>

void platform_devices_init(const void *fdt)
{
    (void)fdt;
}
