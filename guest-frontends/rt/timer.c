/* Virtual timer: delays on CNTVCT, and a periodic tick per vCPU driven by
 * CNTV_CVAL (absolute deadlines, so lateness never accumulates). */
#include "rt/rt.h"

#define CNTV_CTL_ENABLE  (1u << 0)
#define CNTV_CTL_IMASK   (1u << 1)

struct timer_periodic {
    uint64_t period;
    uint64_t deadline;
    uint64_t count;
    timer_tick_fn fn;
    void *arg;
    bool running;
};

static struct timer_periodic timer_state[RT_MAX_CPUS];

uint64_t timer_freq(void)
{
    return sysreg_read(cntfrq_el0);
}

uint64_t timer_us_to_ticks(uint64_t us)
{
    return us * timer_freq() / 1000000u;
}

uint64_t timer_ticks_to_us(uint64_t ticks)
{
    uint64_t f = timer_freq();

    return f ? ticks * 1000000u / f : 0;
}

void timer_delay_ticks(uint64_t ticks)
{
    uint64_t start = rt_ticks();

    while (rt_ticks() - start < ticks)
        cpu_relax();
}

void timer_delay_us(uint64_t us)
{
    timer_delay_ticks(timer_us_to_ticks(us));
}

static void timer_on_irq(uint32_t intid, void *arg)
{
    struct timer_periodic *t = &timer_state[smp_cpu_id()];
    uint64_t due = t->deadline;

    (void)intid;
    (void)arg;
    if (!t->running) {
        sysreg_write(cntv_ctl_el0, CNTV_CTL_IMASK);   /* stray tick: mask the timer output */
        return;
    }
    t->count++;
    t->deadline += t->period;
    /* Fallen a whole period behind (a loaded host stretches every trap):
     * skip the ticks already missed rather than fire back to back, which
     * could keep this vCPU in its timer handler for good. */
    uint64_t now = rt_ticks();
    if (t->deadline <= now)
        t->deadline += ((now - t->deadline) / t->period + 1) * t->period;
    sysreg_write(cntv_cval_el0, t->deadline);      /* also clears the condition */
    isb();
    if (t->fn)
        t->fn(t->arg, t->count, due);
}

int timer_periodic_start(uint64_t period_ticks, timer_tick_fn fn, void *arg)
{
    uint32_t cpu = smp_cpu_id();
    struct timer_periodic *t = &timer_state[cpu];

    if (period_ticks == 0) {
        printf("rt: timer_periodic_start: period must be > 0 ticks\n");
        return -1;
    }
    uint64_t flags = irq_save();
    *t = (struct timer_periodic){ .period = period_ticks, .fn = fn, .arg = arg };
    irq_register(RT_INTID_VTIMER, timer_on_irq, NULL);
    t->deadline = rt_ticks() + period_ticks;
    t->running = true;
    sysreg_write(cntv_cval_el0, t->deadline);
    sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);   /* on, IMASK clear: fire at CVAL */
    isb();
    gic_enable_irq(RT_INTID_VTIMER);
    irq_restore(flags);
    return 0;
}

void timer_periodic_stop(void)
{
    uint64_t flags = irq_save();

    timer_state[smp_cpu_id()].running = false;
    sysreg_write(cntv_ctl_el0, 0);                 /* off: no further condition */
    isb();
    gic_disable_irq(RT_INTID_VTIMER);
    irq_restore(flags);
}

uint64_t timer_periodic_count(void)
{
    return timer_state[smp_cpu_id()].count;
}
