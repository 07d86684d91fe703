/* arm64 per-domain state on reset. */
#include <asm/vgic.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/mm.h>

void arch_domain_reset_state(struct domain *d)
{
    vgic_domain_reset(d);
}

int arch_domain_create(struct domain *d)
{
    d->arch.s2_root = page_alloc_zeroed(1);
    if (!d->arch.s2_root)
        return -1;
    d->arch.vmid = (uint16_t)d->id;
    return vgic_domain_init(d);
}
