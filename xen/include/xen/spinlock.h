/* Ticket spinlocks. Callers hold them briefly and never across a wait;
 * a lock taken from interrupt context must be taken with IRQs masked.
 * The ticket and the owner are separate 32-bit words, each changed only
 * with a full-word atomic: no store to one can disturb an exclusive access
 * to the other. */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H
#include <xen/types.h>

typedef struct {
    uint32_t next;
    uint32_t owner;
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }

static inline void spin_lock(spinlock_t *l)
{
    uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);
    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
        __asm__ volatile("yield");
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_fetch_add(&l->owner, 1, __ATOMIC_RELEASE);
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
