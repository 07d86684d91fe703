/* Vendor hypercalls. With the MMU off a guest virtual address is its IPA,
 * which is what CONSOLE_WRITE takes. */
#include "rt/hypercall.h"
#include "rt/smccc.h"

int64_t hypercall_version(void)
{
    return (int64_t)smccc_hvc(HYPERCALL_VERSION, 0, 0, 0).x0;
}

int64_t hypercall_console_write(const void *buf, size_t len)
{
    if (len > HYPERCALL_CONSOLE_MAX)
        return SMCCC_INVALID_PARAMETER;
    return (int64_t)smccc_hvc(HYPERCALL_CONSOLE_WRITE, (uintptr_t)buf, len, 0).x0;
}

int64_t hypercall_yield(void)
{
    return (int64_t)smccc_hvc(HYPERCALL_YIELD, 0, 0, 0).x0;
}

int64_t hypercall_domain_id(uint64_t *boot_count)
{
    struct smccc_res r = smccc_hvc(HYPERCALL_DOMAIN_ID, 0, 0, 0);

    if ((int64_t)r.x0 < 0)
        return (int64_t)r.x0;
    if (boot_count)
        *boot_count = r.x1;
    return (int64_t)r.x0;
}
