/* One-shot hypervisor timers on the system counter. All timers run on one
 * pCPU, the service pCPU (the first pCPU without a vCPU, else pCPU 0), from
 * its hypervisor-timer interrupt, with no timer lock held: a callback may
 * set or cancel timers, its own included. Any pCPU may set or cancel. */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H
#include <xen/types.h>

struct timer {
    uint64_t expires;            /* absolute, in counter ticks */
    void (*fn)(void *arg);
    void *arg;
    struct timer *next;
    bool queued;
};

void timer_init(struct timer *t, void (*fn)(void *arg), void *arg);
/* (Re-)arms t; a time in the past fires as soon as possible, never inside
 * this call. */
void timer_set(struct timer *t, uint64_t expires);
void timer_cancel(struct timer *t);
unsigned timer_service_cpu(void);
int timer_subsystem_init(const void *fdt);
/* The hypervisor-timer interrupt (and kicks) on the service pCPU. */
void timer_softirq(void);

uint64_t ticks_to_ns(uint64_t ticks);
uint64_t ns_to_ticks(uint64_t ns);
#endif
