/* Spinlocks. Callers hold them briefly and never across a wait; a lock
 * taken from interrupt context must be taken with IRQs masked.
 *
 * Test-and-set, not tickets: our pCPUs are often threads of an emulator that
 * the host schedules, and a ticket lock hands the lock to the next waiter in
 * line even while the host has that waiter off the CPU, so every later
 * waiter spins until the host runs it again (a convoy of host time slices).
 * Here whichever waiter runs takes it. So that a CPU taking the lock in a
 * loop cannot starve the others, its last owner steps back, for a bounded
 * number of spins, while others wait. Each field is a 32-bit word changed
 * only with full-word atomics. */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H
#include <xen/types.h>

#define SPIN_COURTESY_SPINS 2000u

typedef struct {
    uint32_t locked;
    uint32_t waiters;      /* CPUs spinning in spin_lock */
    uint32_t last_owner;   /* a tag of the CPU that took it last */
} spinlock_t;

#define SPINLOCK_INIT { 0, 0, 0 }

/* A tag for this CPU: its per-CPU pointer (never 0 once set up). */
static inline uint32_t spin_cpu_tag(void)
{
    uint64_t t;
    __asm__ volatile("mrs %0, tpidr_el2" : "=r"(t));
    return (uint32_t)t | 1u;
}

static inline void spin_lock(spinlock_t *l)
{
    uint32_t me = spin_cpu_tag(), courtesy = SPIN_COURTESY_SPINS;
    __atomic_add_fetch(&l->waiters, 1, __ATOMIC_RELAXED);
    for (;;) {
        if (!__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
            if (courtesy && __atomic_load_n(&l->waiters, __ATOMIC_RELAXED) > 1 &&
                __atomic_load_n(&l->last_owner, __ATOMIC_RELAXED) == me)
                courtesy--;   /* let a waiter have its turn */
            else if (!__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
                break;
        }
        __asm__ volatile("yield");
    }
    __atomic_sub_fetch(&l->waiters, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&l->last_owner, me, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* Saves and masks IRQs, then locks: for locks shared with IRQ handlers. */
static inline uint64_t spin_lock_irqsave(spinlock_t *l)
{
    uint64_t flags;
    __asm__ volatile("mrs %0, daif\n msr daifset, #2" : "=r"(flags) :: "memory");
    spin_lock(l);
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, uint64_t flags)
{
    spin_unlock(l);
    __asm__ volatile("msr daif, %0" :: "r"(flags) : "memory");
}
#endif
