/* Secondary vCPUs: what to run once start.S has given them a stack. */
#include "rt/rt.h"

struct smp_boot {
    smp_entry_fn fn;
    void *arg;
};

static struct smp_boot smp_boot_args[RT_MAX_CPUS];

int32_t smp_start_cpu(uint32_t cpu, smp_entry_fn fn, void *arg)
{
    if (cpu >= RT_MAX_CPUS || !fn) {
        printf("rt: smp_start_cpu: vCPU %u %s\n", cpu,
               fn ? "has no stack (RT_MAX_CPUS)" : "given no function");
        return PSCI_INVALID_PARAMETERS;
    }
    smp_boot_args[cpu].arg = arg;
    __atomic_store_n(&smp_boot_args[cpu].fn, fn, __ATOMIC_RELEASE);
    return psci_cpu_on(cpu, (uintptr_t)rt_secondary_entry, cpu);
}

void smp_secondary_main(void)
{
    uint32_t cpu = smp_cpu_id();
    smp_entry_fn fn = __atomic_load_n(&smp_boot_args[cpu].fn, __ATOMIC_ACQUIRE);

    if (fn)
        fn(smp_boot_args[cpu].arg);
    else
        printf("rt: vCPU %u started without a function; turning it off\n", cpu);
    irq_disable();
    psci_cpu_off();
}
