/* Bringing up the secondary pCPUs with the firmware's PSCI CPU_ON. */
#include <asm/gic.h>
#include <xen/arch.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include <xen/sysregs.h>

extern char secondary_entry[];
int64_t psci_host_cpu_on(uint64_t mpidr, paddr_t entry, uint64_t context);
void vtimer_cpu_init(void);

void smp_start_secondaries(void)
{
    for (unsigned i = 1; i < nr_pcpus; i++) {
        int64_t r = psci_host_cpu_on(pcpus[i].mpidr, ptr_to_pa(secondary_entry), i);
        if (r != 0) {
            printk("pCPU%u (MPIDR 0x%lx): PSCI CPU_ON failed (%ld)", i, pcpus[i].mpidr, r);
            continue;
        }
        uint64_t deadline = arch_ticks() + arch_tick_freq();   /* 1 s */
        while (!pcpus[i].online && arch_ticks() < deadline)
            ;
        if (!pcpus[i].online)
            printk("pCPU%u did not come online", i);
    }
}

void start_secondary(uint64_t cpu)
{
    WRITE_SYSREG(tpidr_el2, (uint64_t)&pcpus[cpu]);
    gic_cpu_init();
    vtimer_cpu_init();
    __atomic_store_n(&pcpus[cpu].online, true, __ATOMIC_RELEASE);
    pcpu_idle_loop();
}
