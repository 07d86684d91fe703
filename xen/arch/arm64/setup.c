/* arm64 set-up called by the common boot flow: interrupt controller, timers
 * and per-CPU state. */
#include <asm/gic.h>
#include <asm/vgic.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/sysregs.h>

void vtimer_init(void);
void vtimer_cpu_init(void);

void arch_set_this_pcpu(struct pcpu *p)
{
    WRITE_SYSREG(tpidr_el2, (uint64_t)p);
}

int arch_boot_init(const void *fdt)
{
    if (gic_init(fdt))
        return -1;
    gic_cpu_init();
    vtimer_init();
    vtimer_cpu_init();
    return 0;
}

void arch_domain_inject_spi(struct domain *d, unsigned spi)
{
    vgic_inject_spi(d, VGIC_INTID_SPI_BASE + spi);
}
