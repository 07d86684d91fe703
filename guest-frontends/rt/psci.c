/* PSCI calls over HVC (SMC64 ids where an argument is an address). */
#include "rt/psci.h"
#include "rt/smccc.h"
#include "rt/sysreg.h"

uint32_t psci_version(void)
{
    return (uint32_t)smccc_hvc(PSCI_FN_VERSION, 0, 0, 0).x0;
}

int32_t psci_features(uint32_t fid)
{
    return (int32_t)smccc_hvc(PSCI_FN_FEATURES, fid, 0, 0).x0;
}

int32_t psci_smccc_version(void)
{
    return (int32_t)smccc_hvc(SMCCC_FN_VERSION, 0, 0, 0).x0;
}

int32_t psci_cpu_on(uint64_t mpidr, uintptr_t entry, uint64_t context)
{
    dsb_sy();       /* everything the new vCPU will read is in memory */
    return (int32_t)smccc_hvc(PSCI_FN_CPU_ON, mpidr, entry, context).x0;
}

void psci_cpu_off(void)
{
    for (;;)
        smccc_hvc(PSCI_FN_CPU_OFF, 0, 0, 0);
}

int32_t psci_affinity_info(uint64_t mpidr)
{
    return (int32_t)smccc_hvc(PSCI_FN_AFFINITY_INFO, mpidr, 0, 0).x0;
}

void psci_system_off(uint64_t exit_code)
{
    for (;;) {
        smccc_hvc(PSCI_FN_SYSTEM_OFF, exit_code, 0, 0);
        wfi();
    }
}

int32_t psci_system_reset(void)
{
    return (int32_t)smccc_hvc(PSCI_FN_SYSTEM_RESET, 0, 0, 0).x0;
}
