/* PSCI 1.0 over HVC. Results are PSCI return codes (0 = success). */
#ifndef RT_PSCI_H
#define RT_PSCI_H
#include <stdint.h>

#define PSCI_SUCCESS             0
#define PSCI_NOT_SUPPORTED       (-1)
#define PSCI_INVALID_PARAMETERS  (-2)
#define PSCI_DENIED              (-3)
#define PSCI_ALREADY_ON          (-4)
#define PSCI_ON_PENDING          (-5)
#define PSCI_INTERNAL_FAILURE    (-6)

/* AFFINITY_INFO answers. */
#define PSCI_AFFINITY_ON         0
#define PSCI_AFFINITY_OFF        1
#define PSCI_AFFINITY_ON_PENDING 2

/* PSCI function ids, for psci_features. */
#define PSCI_FN_VERSION          0x84000000u
#define PSCI_FN_CPU_OFF          0x84000002u
#define PSCI_FN_CPU_ON           0xC4000003u
#define PSCI_FN_AFFINITY_INFO    0xC4000004u
#define PSCI_FN_SYSTEM_OFF       0x84000008u
#define PSCI_FN_SYSTEM_RESET     0x84000009u
#define PSCI_FN_FEATURES         0x8400000Au
#define SMCCC_FN_VERSION         0x80000000u

/* major << 16 | minor */
uint32_t psci_version(void);
int32_t psci_features(uint32_t fid);
int32_t psci_smccc_version(void);
/* Starts the vCPU with this MPIDR at entry (EL1, MMU off) with x0 = context. */
int32_t psci_cpu_on(uint64_t mpidr, uintptr_t entry, uint64_t context);
/* Powers this vCPU off; does not return. */
void psci_cpu_off(void) __attribute__((noreturn));
int32_t psci_affinity_info(uint64_t mpidr);
/* Powers the domain off with exit_code in x1 (reported by the hypervisor). */
void psci_system_off(uint64_t exit_code) __attribute__((noreturn));
/* Restarts the domain from its pristine images; returns only on failure,
 * with the PSCI error. */
int32_t psci_system_reset(void);

#endif
