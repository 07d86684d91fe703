/* One-shot timers: a sorted list under one lock, served by one pCPU. */
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

#include <libfdt.h>

static spinlock_t timer_lock = SPINLOCK_INIT;
static struct timer *timer_head;
static unsigned service_cpu;

uint64_t ticks_to_ns(uint64_t ticks)
{
    uint64_t f = arch_tick_freq();
    return (ticks / f) * 1000000000UL + (ticks % f) * 1000000000UL / f;
}

uint64_t ns_to_ticks(uint64_t ns)
{
    uint64_t f = arch_tick_freq();
    return (ns / 1000000000UL) * f + (ns % 1000000000UL) * f / 1000000000UL;
}

unsigned timer_service_cpu(void)
{
    return service_cpu;
}

/* The pCPU that serves the hypervisor's timers and device interrupts:
 * /chosen/vcoproc,service-cpu when given, else the first pCPU without a
 * vCPU (so they do not disturb a guest), else pCPU0. Naming the pCPU of a
 * latency-critical domain puts its device's interrupts on the vCPU waiting
 * for them, one cross-CPU hop less on its path (docs/pci.md). */
int timer_subsystem_init(const void *fdt)
{
    int chosen = fdt_path_offset(fdt, "/chosen"), len = 0;
    const fdt32_t *p = chosen >= 0 ? fdt_getprop(fdt, chosen, "vcoproc,service-cpu", &len) : NULL;
    service_cpu = 0;
    if (p) {
        if (len != (int)sizeof(*p) || fdt32_to_cpu(*p) >= nr_pcpus) {
            printk("config error: /chosen: property 'vcoproc,service-cpu' must be one cell naming "
                   "a pCPU below %u", nr_pcpus);
            return -1;
        }
        service_cpu = fdt32_to_cpu(*p);
    } else {
        for (unsigned i = 0; i < nr_pcpus; i++) {
            if (!pcpus[i].vcpu) {
                service_cpu = i;
                break;
            }
        }
    }
    printk("timers and device interrupts served by pCPU%u%s", service_cpu,
           p ? " (vcoproc,service-cpu)" : "");
    return 0;
}

void timer_init(struct timer *t, void (*fn)(void *arg), void *arg)
{
    memset(t, 0, sizeof(*t));
    t->fn = fn;
    t->arg = arg;
}

static void timer_unlink(struct timer *t)
{
    for (struct timer **p = &timer_head; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->queued = false;
    t->next = NULL;
}

/* Tells the service pCPU that the earliest deadline changed. */
static void timer_reprogram(void)
{
    if (arch_cpu_id() == service_cpu)
        arch_hyp_timer_program(timer_head ? timer_head->expires : 0);
    else
        arch_kick_cpu(service_cpu);
}

void timer_set(struct timer *t, uint64_t expires)
{
    uint64_t flags = spin_lock_irqsave(&timer_lock);
    if (t->queued)
        timer_unlink(t);
    t->expires = expires;
    struct timer **p = &timer_head;
    while (*p && (*p)->expires <= expires)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    t->queued = true;
    bool first = timer_head == t;
    spin_unlock_irqrestore(&timer_lock, flags);
    if (first)
        timer_reprogram();
}

void timer_cancel(struct timer *t)
{
    uint64_t flags = spin_lock_irqsave(&timer_lock);
    if (t->queued)
        timer_unlink(t);
    spin_unlock_irqrestore(&timer_lock, flags);
}

void timer_softirq(void)
{
    for (;;) {
        uint64_t flags = spin_lock_irqsave(&timer_lock);
        struct timer *t = timer_head;
        if (!t || t->expires > arch_ticks()) {
            arch_hyp_timer_program(t ? t->expires : 0);
            spin_unlock_irqrestore(&timer_lock, flags);
            return;
        }
        timer_unlink(t);
        spin_unlock_irqrestore(&timer_lock, flags);
        t->fn(t->arg);
    }
}
