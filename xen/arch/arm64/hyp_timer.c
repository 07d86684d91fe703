/* The EL2 physical timer (CNTHP, PPI 26): drives the hypervisor's own
 * timers on the service pCPU. */
#include <asm/gic.h>
#include <xen/arch.h>
#include <xen/sysregs.h>
#include <xen/timer.h>

#define CNTHP_CTL_ENABLE (1UL << 0)

void arch_hyp_timer_program(uint64_t expires)
{
    if (!expires) {
        WRITE_SYSREG(cnthp_ctl_el2, 0);
    } else {
        WRITE_SYSREG(cnthp_cval_el2, expires);
        WRITE_SYSREG(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
    }
    isb();
}

static void hyp_timer_irq(uint32_t intid, void *arg)
{
    (void)intid;
    (void)arg;
    WRITE_SYSREG(cnthp_ctl_el2, 0);   /* lower the level; softirq re-arms */
    isb();
    timer_softirq();
}

void hyp_timer_init(void)
{
    irq_set_handler(PPI_HYP_TIMER, hyp_timer_irq, NULL);
}

void hyp_timer_cpu_init(void)
{
    WRITE_SYSREG(cnthp_ctl_el2, 0);
    gic_enable_ppi(PPI_HYP_TIMER);
}
