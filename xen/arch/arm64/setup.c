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

int arch_irq_set_handler(uint32_t intid, void (*fn)(uint32_t intid, void *arg), void *arg)
{
    return irq_set_handler(intid, fn, arg);
}

void arch_domain_s2(const struct domain *d, uint64_t *root, uint16_t *vmid)
{
    *root = ptr_to_pa(d->arch.s2_root);
    *vmid = d->arch.vmid;
}

void arch_domain_inject_spi(struct domain *d, unsigned spi)
{
    vgic_inject_spi(d, VGIC_INTID_SPI_BASE + spi);
}
