/* The guest's virtual timer: the guest programs CNTV_* directly; when it
 * fires, the physical PPI comes to EL2. The timer is level-triggered and only
 * the guest can lower it (by re-arming or masking), so the physical PPI is
 * disabled at the redistributor and the virtual one injected; when the guest
 * deactivates the virtual PPI (EOI maintenance, see vgic.c) the physical PPI
 * is enabled again, and fires again only if the guest left it asserted. */
#include <asm/gic.h>
#include <asm/vgic.h>
#include <xen/domain.h>
#include <xen/arch.h>
#include <xen/sysregs.h>
#include <xen/timer.h>
#include "gic_sysregs.h"

static void vtimer_irq(uint32_t intid, void *arg)
{
    (void)arg;
    gic_disable_ppi(PPI_VTIMER);
    struct vcpu *v = current_vcpu();
    if (v && __atomic_load_n(&this_pcpu()->running, __ATOMIC_ACQUIRE) == v)
        vgic_inject(v, intid);
    else
        WRITE_SYSREG(cntv_ctl_el0, 0);   /* a leftover of a stopped vCPU */
}

static void maintenance_irq(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    /* Nothing to do: the exit itself syncs and refills the list registers. */
    vgic_write_hcr(ICH_HCR_EN);   /* UIE off until the next flush asks again */
}

/* A kick: re-check the vCPU (done on the way out of the trap), and on the
 * service pCPU also the timer queue, whose head may have changed. */
static void kick_irq(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    if (arch_cpu_id() == timer_service_cpu())
        timer_softirq();
}

void hyp_timer_init(void);
void hyp_timer_cpu_init(void);

void vtimer_init(void)
{
    hyp_timer_init();
    irq_set_handler(PPI_VTIMER, vtimer_irq, NULL);
    irq_set_handler(PPI_MAINTENANCE, maintenance_irq, NULL);
    irq_set_handler(SGI_KICK, kick_irq, NULL);
}

void vtimer_cpu_init(void)
{
    gic_enable_ppi(PPI_VTIMER);
    gic_enable_ppi(PPI_MAINTENANCE);
    hyp_timer_cpu_init();
}
