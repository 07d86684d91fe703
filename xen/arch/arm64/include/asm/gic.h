/* The physical GICv3 at EL2: distributor, redistributors, CPU interface. */
#ifndef ASM_GIC_H
#define ASM_GIC_H
#include <xen/types.h>

#define SGI_KICK           0    /* "re-check your vCPU" between pCPUs */
#define PPI_MAINTENANCE    25
#define PPI_HYP_TIMER      26
#define PPI_VTIMER         27

typedef void (*irq_handler_t)(uint32_t intid, void *arg);

int gic_init(const void *fdt);
void gic_cpu_init(void);
void gic_enable_ppi(uint32_t intid);
void gic_disable_ppi(uint32_t intid);
void gic_enable_spi(uint32_t intid, unsigned cpu, bool edge);
void gic_send_sgi(unsigned cpu, uint32_t intid);
void gic_handle_irq(void);
paddr_t gic_dist_base(void);
paddr_t gic_redist_base(void);
/* Handlers for SGIs, PPIs, SPIs (< 1020) and LPIs (>= 8192). */
int irq_set_handler(uint32_t intid, irq_handler_t fn, void *arg);
void irq_dispatch(uint32_t intid);
#endif
