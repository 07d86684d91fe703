/* PSCI 1.0 for guests (conduit HVC, SMC accepted too): vCPU power per
 * domain, and SYSTEM_OFF / SYSTEM_RESET of the calling domain only. */
#include <xen/domain.h>
#include <xen/lib.h>
#include "regs.h"

#define PSCI_VERSION        0x84000000u
#define PSCI_CPU_SUSPEND    0xc4000001u
#define PSCI_CPU_OFF        0x84000002u
#define PSCI_CPU_ON         0xc4000003u
#define PSCI_AFFINITY_INFO  0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF     0x84000008u
#define PSCI_SYSTEM_RESET   0x84000009u
#define PSCI_FEATURES       0x8400000au
#define SMCCC_VERSION       0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u

#define PSCI_SUCCESS        0
#define PSCI_NOT_SUPPORTED  (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_ALREADY_ON     (-4)
#define PSCI_ON_PENDING     (-5)

static bool vpsci_supported(uint32_t fid)
{
    switch (fid) {
    case PSCI_VERSION: case PSCI_CPU_OFF: case PSCI_CPU_ON: case PSCI_AFFINITY_INFO:
    case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET: case PSCI_FEATURES:
    case PSCI_MIGRATE_INFO_TYPE: case SMCCC_VERSION:
        return true;
    }
    return false;
}

static struct vcpu *vpsci_target(struct domain *d, uint64_t mpidr)
{
    uint64_t aff0 = mpidr & 0xff;
    if ((mpidr & 0xff00ffff00UL) || aff0 >= d->nr_vcpus)
        return NULL;
    return &d->vcpus[aff0];
}

bool vpsci_handle(struct vcpu *v, struct cpu_regs *r)
{
    struct domain *d = v->domain;
    uint32_t fid = (uint32_t)r->x[0];
    int64_t ret = PSCI_SUCCESS;
    struct vcpu *t;

    if ((fid & 0xff000000u) == 0xc6000000u)
        return false;   /* vendor hypercalls */
    switch (fid) {
    case PSCI_VERSION:
        ret = 0x10000;   /* 1.0 */
        break;
    case SMCCC_VERSION:
        ret = 0x10001;   /* 1.1 */
        break;
    case SMCCC_ARCH_FEATURES:
        ret = PSCI_NOT_SUPPORTED;
        break;
    case PSCI_FEATURES:
        ret = vpsci_supported((uint32_t)r->x[1]) ? 0 : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_MIGRATE_INFO_TYPE:
        ret = 2;   /* no trusted OS */
        break;
    case PSCI_CPU_ON:
        t = vpsci_target(d, r->x[1]);
        ret = t ? vcpu_power_on(t, r->x[2], r->x[3]) : PSCI_INVALID_PARAMS;
        break;
    case PSCI_AFFINITY_INFO:
        t = vpsci_target(d, r->x[1]);
        if (!t || r->x[2] != 0)
            ret = PSCI_INVALID_PARAMS;
        else
            ret = t->power == VCPU_ON ? 0 : (t->power == VCPU_OFF ? 1 : 2);
        break;
    case PSCI_CPU_OFF:
        vcpu_power_off_self();   /* does not return */
        break;
    case PSCI_SYSTEM_OFF:
        domain_shutdown(d, (int64_t)r->x[1]);
        vcpu_power_off_self();
        break;
    case PSCI_SYSTEM_RESET:
        domain_reset(d);   /* does not return */
        break;
    default:
        if ((fid & 0xbf000000u) == 0x84000000u || (fid & 0xbf000000u) == 0x80000000u)
            ret = PSCI_NOT_SUPPORTED;   /* other standard/arch calls */
        else
            return false;
    }
    r->x[0] = (uint64_t)ret;
    return true;
}
