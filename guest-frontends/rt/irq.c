/* The INTID -> handler table and the IRQ loop. */
#include "rt/rt.h"

struct irq_slot {
    irq_handler_fn fn;
    void *arg;
};

static struct irq_slot irq_table[IRQ_MAX_INTID];
static uint32_t irq_unhandled;

int irq_register(uint32_t intid, irq_handler_fn fn, void *arg)
{
    if (intid >= IRQ_MAX_INTID) {
        printf("rt: irq_register: INTID %u out of range (max %u)\n", intid, IRQ_MAX_INTID - 1);
        return -1;
    }
    uint64_t flags = irq_save();
    irq_table[intid].arg = arg;
    __atomic_store_n(&irq_table[intid].fn, fn, __ATOMIC_RELEASE);
    irq_restore(flags);
    return 0;
}

uint32_t irq_unhandled_count(void)
{
    return __atomic_load_n(&irq_unhandled, __ATOMIC_RELAXED);
}

void irq_handle(void)
{
    for (;;) {
        uint32_t intid = gic_ack();
        irq_handler_fn fn = NULL;

        if (intid >= 1020)
            return;                 /* spurious: nothing (more) pending */
        if (intid < IRQ_MAX_INTID)
            fn = __atomic_load_n(&irq_table[intid].fn, __ATOMIC_ACQUIRE);
        if (fn) {
            fn(intid, irq_table[intid].arg);
        } else {
            /* Disable it, or a level interrupt would fire forever. */
            __atomic_fetch_add(&irq_unhandled, 1, __ATOMIC_RELAXED);
            gic_disable_irq(intid);
            printf("rt: vCPU %u: IRQ %u has no handler; disabled it\n", smp_cpu_id(), intid);
        }
        gic_eoi(intid);
    }
}
