/* Virtual timer (CNTV_*, PPI 27) and the virtual counter. */
#ifndef RT_TIMER_H
#define RT_TIMER_H
#include <stdint.h>
#include "sysreg.h"

/* The virtual count now (CNTVCT_EL0, ordered after earlier instructions). */
static inline uint64_t rt_ticks(void)
{
    isb();
    return sysreg_read(cntvct_el0);
}

/* Counter frequency in Hz (CNTFRQ_EL0). */
uint64_t timer_freq(void);
uint64_t timer_us_to_ticks(uint64_t us);
uint64_t timer_ticks_to_us(uint64_t ticks);

void timer_delay_ticks(uint64_t ticks);
void timer_delay_us(uint64_t us);

/* Called at each tick (IRQ context, this vCPU) with the tick number (1 for
 * the first) and the counter value the tick was due at. */
typedef void (*timer_tick_fn)(void *arg, uint64_t count, uint64_t deadline);

/* Starts this vCPU's periodic tick: deadlines advance by exactly period
 * ticks from now, so a late tick does not shift the later ones. Needs the
 * GIC initialised on this vCPU and IRQs unmasked to fire. Returns 0, or -1
 * for a zero period. */
int timer_periodic_start(uint64_t period_ticks, timer_tick_fn fn, void *arg);
/* Stops this vCPU's tick (also safe from inside its callback). */
void timer_periodic_stop(void);
/* Ticks taken on this vCPU since the last start. */
uint64_t timer_periodic_count(void);

#endif
