/* Per-CPU basics of the arm64 port: identity, time, idle, power. */
#include <asm/gic.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/sysregs.h>

uint64_t smccc_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#define PSCI_SYSTEM_OFF 0x84000008UL

struct pcpu *this_pcpu(void)
{
    return (struct pcpu *)READ_SYSREG(tpidr_el2);
}

unsigned arch_cpu_id(void)
{
    return this_pcpu()->id;
}

struct vcpu *current_vcpu(void)
{
    return this_pcpu()->vcpu;
}

uint64_t arch_ticks(void)
{
    isb();
    return READ_SYSREG(cntpct_el0);
}

uint64_t arch_tick_freq(void)
{
    return READ_SYSREG(cntfrq_el0);
}

void arch_kick_cpu(unsigned cpu)
{
    gic_send_sgi(cpu, SGI_KICK);
}

/* Called with IRQs masked: sleeps until an interrupt is pending, then lets
 * it be taken (and handled by hyp_irq) before masking again. */
void arch_wait_for_interrupt(void)
{
    wfi();
    irq_enable();
    isb();
    irq_disable();
}

void arch_relax_with_irqs(void)
{
    irq_enable();
    __asm__ volatile("yield" ::: "memory");
    irq_disable();
}

void arch_machine_off(void)
{
    smccc_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
    for (;;)
        wfi();
}

void arch_clean_dcache_range(const void *p, size_t size)
{
    uintptr_t line = 64;
    uintptr_t a = (uintptr_t)p & ~(line - 1);
    for (; a < (uintptr_t)p + size; a += line)
        __asm__ volatile("dc cvac, %0" :: "r"(a) : "memory");
    dsb_sy();
}

/* Zeroes and cleans to the point of coherency in one pass: a guest starts
 * with its MMU off and must see the zeroes. DC ZVA zeroes a whole block. */
void arch_zero_and_clean(void *p, size_t size)
{
    uint64_t zva = 4UL << (READ_SYSREG(dczid_el0) & 0xf);
    uintptr_t a = (uintptr_t)p;
    if ((READ_SYSREG(dczid_el0) & 0x10) || !IS_ALIGNED(a | size, zva)) {
        memset(p, 0, size);   /* DC ZVA prohibited or misaligned */
        arch_clean_dcache_range(p, size);
        return;
    }
    for (; a < (uintptr_t)p + size; a += zva)
        __asm__ volatile("dc zva, %0\n dc cvac, %0" :: "r"(a) : "memory");
    dsb_sy();
}

int64_t psci_host_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context)
{
    return (int64_t)smccc_smc(0xC4000003UL, mpidr, entry, context);
}

void hyp_unexpected_exception(uint64_t type, uint64_t esr, uint64_t elr, uint64_t far)
{
    panic("unexpected exception %lu in the hypervisor: ESR 0x%lx ELR 0x%lx FAR 0x%lx", type, esr,
          elr, far);
}

void irq_enable(void)
{
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

void irq_disable(void)
{
    __asm__ volatile("msr daifset, #2" ::: "memory");
}
