/* Each pCPU runs the vCPU pinned to it or idles; the idle loop starts the
 * vCPU whenever it is powered on (boot, CPU_ON, reset). */
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>

void pcpu_idle_loop(void)
{
    struct pcpu *p = this_pcpu();
    irq_disable();
    __atomic_store_n(&p->running, NULL, __ATOMIC_RELEASE);
    for (;;) {
        struct vcpu *v = p->vcpu;
        if (v && v->power == VCPU_ON_PENDING && v->domain->state == DOMAIN_RUNNING &&
            !v->domain->resetting) {
            v->power = VCPU_ON;
            __atomic_store_n(&p->running, v, __ATOMIC_RELEASE);
            arch_vcpu_boot(v);
        }
        arch_wait_for_interrupt();
    }
}

int vcpu_power_on(struct vcpu *v, uint64_t entry, uint64_t context)
{
    struct domain *d = v->domain;
    int ret = 0;
    spin_lock(&d->lock);
    if (v->power == VCPU_ON)
        ret = -4;   /* PSCI ALREADY_ON */
    else if (v->power == VCPU_ON_PENDING)
        ret = -5;   /* PSCI ON_PENDING */
    else {
        v->boot_entry = entry;
        v->boot_context = context;
        v->power = VCPU_ON_PENDING;
    }
    spin_unlock(&d->lock);
    if (ret == 0)
        arch_kick_cpu(v->pcpu);
    return ret;
}

void vcpu_power_off_self(void)
{
    struct vcpu *v = current_vcpu();
    v->power = VCPU_OFF;
    pcpu_reset_to_idle();
}

void vcpu_check_stop(struct vcpu *v)
{
    struct domain *d = v->domain;
    if (v->power == VCPU_ON && d->state == DOMAIN_RUNNING && !d->resetting)
        return;
    if (v->power == VCPU_ON)
        v->power = VCPU_OFF;
    pcpu_reset_to_idle();
}
