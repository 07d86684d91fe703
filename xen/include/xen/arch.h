/* What xen/common needs from the architecture port (xen/arch/<arch>/). */
#ifndef XEN_ARCH_H
#define XEN_ARCH_H
#include <xen/types.h>

struct domain;
struct vcpu;
struct pcpu;

void arch_machine_off(void) __attribute__((noreturn));
void arch_set_this_pcpu(struct pcpu *p);
/* Interrupt controller and timers of the boot CPU, from the host DT. */
int arch_boot_init(const void *fdt);
/* Routes a physical interrupt (SGI/PPI/SPI/LPI INTID) to fn(intid, arg). */
int arch_irq_set_handler(uint32_t intid, void (*fn)(uint32_t intid, void *arg), void *arg);
/* The IOMMU context a device needs for d: stage-2 root PA and VMID. */
void arch_domain_s2(const struct domain *d, uint64_t *root, uint16_t *vmid);
/* Makes SPI n (INTID 32 + n) of d pending at its target vCPU. */
void arch_domain_inject_spi(struct domain *d, unsigned spi);
unsigned arch_cpu_id(void);
uint64_t arch_ticks(void);           /* the system counter (CNTPCT) */
uint64_t arch_tick_freq(void);       /* its frequency in Hz */
void arch_kick_cpu(unsigned cpu);    /* make that pCPU re-check its vCPU */
/* Arms this pCPU's hypervisor timer at an absolute tick (0: off). */
void arch_hyp_timer_program(uint64_t expires);
void arch_wait_for_interrupt(void);  /* idle until an interrupt, then handle it */
void arch_relax_with_irqs(void);     /* a moment with interrupts taken, for short waits */
void irq_enable(void);
void irq_disable(void);

/* Domain set-up: stage-2 tables, vGIC, and the architecture's guest DT nodes. */
int arch_domain_create(struct domain *d);
int arch_domain_map_ram(struct domain *d);
/* Root properties (before any node), then the architecture's nodes. */
int arch_guest_dt_root_props(void *fdt, const struct domain *d);
int arch_guest_dt_add_nodes(void *fdt, const struct domain *d);
void arch_domain_reset_state(struct domain *d);
void arch_clean_dcache_range(const void *p, size_t size);
void arch_zero_and_clean(void *p, size_t size);

/* Starts v (from its boot entry point) on this pCPU; never returns. */
void arch_vcpu_boot(struct vcpu *v) __attribute__((noreturn));
/* Abandons whatever this pCPU runs and goes to its idle loop. */
void pcpu_reset_to_idle(void) __attribute__((noreturn));
void pcpu_idle_loop(void) __attribute__((noreturn));
#endif
