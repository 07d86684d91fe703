/* Ticket spinlocks: ldaxr/stxr through the compiler's atomics
 * (-mno-outline-atomics keeps them inline: there is no libgcc CPU feature
 * detection here). */
#include "rt/spinlock.h"
#include "rt/smp.h"

void spinlock_lock(spinlock_t *lock)
{
    uint32_t ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

    while (__atomic_load_n(&lock->serving, __ATOMIC_ACQUIRE) != ticket)
        cpu_relax();
    lock->holder = smp_cpu_id() + 1;
}

bool spinlock_trylock(spinlock_t *lock)
{
    uint32_t serving = __atomic_load_n(&lock->serving, __ATOMIC_ACQUIRE);
    uint32_t expected = serving;

    /* Free exactly when no ticket beyond the one being served was taken. */
    if (!__atomic_compare_exchange_n(&lock->next, &expected, serving + 1, false,
                                     __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return false;
    lock->holder = smp_cpu_id() + 1;
    return true;
}

void spinlock_unlock(spinlock_t *lock)
{
    lock->holder = 0;
    __atomic_store_n(&lock->serving, lock->serving + 1, __ATOMIC_RELEASE);
}

bool spinlock_held_by_me(const spinlock_t *lock)
{
    return __atomic_load_n(&lock->holder, __ATOMIC_RELAXED) == smp_cpu_id() + 1;
}
