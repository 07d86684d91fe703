/* GICv3: distributor, this vCPU's redistributor, CPU interface through the
 * ICC_* system registers. Every interrupt is non-secure group 1 at one
 * priority; SPIs are routed to vCPU 0. */
#ifndef RT_GIC_H
#define RT_GIC_H
#include <stdbool.h>
#include <stdint.h>

#define GIC_INTID_SPURIOUS 1023

/* Distributor (once, on vCPU 0) then this vCPU's interface. 0 or -1 (the
 * reason is printed). */
int gic_init(void);
/* This vCPU's redistributor and CPU interface: every vCPU calls it once
 * before taking interrupts (gic_init does it for the caller). Leaves SGIs
 * 0-15 enabled and every PPI disabled. */
int gic_init_cpu(void);

/* SGIs and PPIs are enabled on the calling vCPU's redistributor. */
void gic_enable_irq(uint32_t intid);
void gic_disable_irq(uint32_t intid);
/* Level (default) or edge for an SPI or PPI. */
void gic_set_edge(uint32_t intid, bool edge);
/* SGI intid (0..15) to one vCPU, by index (MPIDR Aff0). */
void gic_send_sgi(uint32_t cpu, uint32_t intid);

/* CPU interface: acknowledge (returns INTID, 1020..1023 when none) and end. */
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);

#endif
