/* vCPUs: identity and start-up. vCPU n has MPIDR Aff0 = n. */
#ifndef RT_SMP_H
#define RT_SMP_H
#include <stdint.h>
#include "sysreg.h"

static inline uint32_t smp_cpu_id(void)
{
    return (uint32_t)(sysreg_read(mpidr_el1) & 0xFF);
}

typedef void (*smp_entry_fn)(void *arg);

/* Starts vCPU cpu with PSCI CPU_ON: it gets its own stack, FP/SIMD and the
 * exception vectors, then calls fn(arg) with IRQs masked; when fn returns
 * the vCPU turns itself off (CPU_OFF). Returns the PSCI result, or
 * PSCI_INVALID_PARAMETERS when cpu has no stack (>= RT_MAX_CPUS). */
int32_t smp_start_cpu(uint32_t cpu, smp_entry_fn fn, void *arg);

/* Where CPU_ON starts a vCPU (start.S); only for smp_start_cpu and tests. */
extern char rt_secondary_entry[];

/* Entry from start.S for a secondary vCPU. */
void smp_secondary_main(void) __attribute__((noreturn));

#endif
