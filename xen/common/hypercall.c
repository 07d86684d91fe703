/* Vendor hypercalls (docs/guest-abi.md). */
#include <xen/domain.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

#define CONSOLE_WRITE_MAX 4096

static uint64_t hypercall_console_write(struct vcpu *v, ipaddr_t buf, uint64_t len)
{
    struct domain *d = v->domain;
    if (len > CONSOLE_WRITE_MAX || !domain_ipa_in_ram(d, buf, len))
        return HC_INVALID_PARAM;
    const char *s = domain_ipa_to_ptr(d, buf);
    uint64_t start = 0;
    for (uint64_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '\n') {
            if (i > start)
                console_guest_line(d->id, s + start, i - start);
            start = i + 1;
        }
    }
    return len;
}

void hypercall_dispatch(struct vcpu *v, const uint64_t args[4], uint64_t res[2])
{
    switch ((uint32_t)args[0]) {
    case HC_VERSION:
        res[0] = HC_ABI_VERSION;
        break;
    case HC_CONSOLE_WRITE:
        res[0] = hypercall_console_write(v, args[1], args[2]);
        break;
    case HC_YIELD:
        res[0] = 0;   /* one vCPU per pCPU: nobody else to run here */
        break;
    case HC_DOMAIN_ID:
        res[0] = v->domain->id;
        res[1] = v->domain->boot_count;
        break;
    default:
        res[0] = HC_NOT_SUPPORTED;
    }
}
