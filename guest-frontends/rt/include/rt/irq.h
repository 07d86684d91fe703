/* Interrupt handlers by INTID, and masking IRQs on this vCPU. */
#ifndef RT_IRQ_H
#define RT_IRQ_H
#include <stdint.h>
#include "sysreg.h"

#define IRQ_MAX_INTID 256    /* handlers for INTIDs 0..255 (SGI, PPI, first SPIs) */

typedef void (*irq_handler_fn)(uint32_t intid, void *arg);

/* Installs the handler called (IRQs masked, on the vCPU that took the
 * interrupt) for intid; the handler is shared by all vCPUs, which is what
 * SGIs and PPIs want. Returns 0, or -1 when intid is out of range. */
int irq_register(uint32_t intid, irq_handler_fn fn, void *arg);

/* Acknowledges and dispatches every pending interrupt (called from the IRQ
 * vector). An interrupt without a handler is reported and disabled. */
void irq_handle(void);

/* Number of interrupts that arrived without a handler, all vCPUs. */
uint32_t irq_unhandled_count(void);

static inline void irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* Masks IRQs and returns the previous DAIF, for irq_restore. */
static inline uint64_t irq_save(void)
{
    uint64_t flags = sysreg_read(daif);
    irq_disable();
    return flags;
}

static inline void irq_restore(uint64_t flags) { sysreg_write(daif, flags); }

#endif
