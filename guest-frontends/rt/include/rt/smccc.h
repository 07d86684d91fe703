/* SMC Calling Convention fast calls over HVC #0 (the conduit of
 * docs/guest-abi.md; QEMU answers PSCI over HVC too when it runs the
 * guest without a hypervisor). */
#ifndef RT_SMCCC_H
#define RT_SMCCC_H
#include <stdint.h>

#define SMCCC_NOT_SUPPORTED      (-1)
#define SMCCC_INVALID_PARAMETER  (-2)

struct smccc_res {
    uint64_t x0, x1, x2, x3;
};

static inline struct smccc_res smccc_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fid;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    /* SMCCC 1.0 lets the callee corrupt x4-x17. */
    __asm__ volatile("hvc #0"
                     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                     :
                     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
                       "x14", "x15", "x16", "x17", "memory");
    return (struct smccc_res){ x0, x1, x2, x3 };
}

#endif
