/* The vendor hypercall ABI (docs/guest-abi.md). */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H
#include <xen/types.h>

#define HC_VERSION        0xc6000000u
#define HC_CONSOLE_WRITE  0xc6000001u
#define HC_YIELD          0xc6000002u
#define HC_DOMAIN_ID      0xc6000003u

#define HC_ABI_VERSION    0x10000   /* 1.0 */
#define HC_NOT_SUPPORTED  ((uint64_t)-1)
#define HC_INVALID_PARAM  ((uint64_t)-2)

struct vcpu;
/* args: x0..x3 of the call; res[0], res[1]: x0, x1 on return. */
void hypercall_dispatch(struct vcpu *v, const uint64_t args[4], uint64_t res[2]);
#endif
