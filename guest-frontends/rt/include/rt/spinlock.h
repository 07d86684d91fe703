/* Ticket spinlocks between vCPUs: waiters are served in arrival order, so a
 * vCPU that releases and at once re-takes a lock (printing line after line)
 * cannot starve the others. The holder is recorded (vCPU index + 1) so a
 * panic path can tell "held by me" from "held by another vCPU". Callers
 * that may be interrupted by a handler taking the same lock mask IRQs
 * first (see irq.h). */
#ifndef RT_SPINLOCK_H
#define RT_SPINLOCK_H
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint32_t next;      /* next ticket to hand out */
    uint32_t serving;   /* ticket that holds the lock */
    uint32_t holder;    /* 0 = free, else vCPU index + 1 */
} spinlock_t;

#define SPINLOCK_INIT { 0, 0, 0 }

void spinlock_lock(spinlock_t *lock);
bool spinlock_trylock(spinlock_t *lock);
void spinlock_unlock(spinlock_t *lock);
bool spinlock_held_by_me(const spinlock_t *lock);

#endif
