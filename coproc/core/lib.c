/* Names and the few string helpers the framework needs; freestanding, so no
 * libc. */
#include "coproc/coproc.h"

const char *coproc_strerror(int err)
{
    switch (err) {
    case COPROC_OK: return "ok";
    case COPROC_EINVAL: return "invalid value";
    case COPROC_ENOMEM: return "out of memory";
    case COPROC_ENODEV: return "no such device or driver";
    case COPROC_EBUSY: return "busy";
    case COPROC_EIO: return "device error";
    case COPROC_ENOENT: return "not found";
    case COPROC_ETIMEDOUT: return "timed out";
    default: return "unknown error";
    }
}

const char *vcoproc_state_name(enum vcoproc_state s)
{
    static const char *const names[] = {
        [VCOPROC_IDLE] = "idle", [VCOPROC_WAITING] = "waiting",
        [VCOPROC_RUNNING] = "running", [VCOPROC_SWITCHING_OUT] = "switching-out",
        [VCOPROC_FAULTED] = "faulted",
    };
    return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *coproc_trace_name(enum coproc_trace_type t)
{
    static const char *const names[COPROC_TR_COUNT] = {
        [COPROC_TR_VC_CREATE] = "vc_create",
        [COPROC_TR_VC_DESTROY] = "vc_destroy",
        [COPROC_TR_STATE] = "state",
        [COPROC_TR_SWITCH_OUT_BEGIN] = "switch_out_begin",
        [COPROC_TR_SWITCH_OUT_DONE] = "switch_out_done",
        [COPROC_TR_IOMMU] = "iommu",
        [COPROC_TR_SWITCH_IN_BEGIN] = "switch_in_begin",
        [COPROC_TR_SWITCH_IN_DONE] = "switch_in_done",
        [COPROC_TR_IRQ_INJECT] = "irq_inject",
        [COPROC_TR_IRQ_HOLD] = "irq_hold",
        [COPROC_TR_IRQ_DELIVER] = "irq_deliver",
        [COPROC_TR_FAULT] = "fault",
        [COPROC_TR_JOB_DONE] = "job_done",
        [COPROC_TR_POLICY] = "policy",
    };
    return (unsigned)t < COPROC_TR_COUNT ? names[t] : "?";
}

int coproc_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

void coproc_strlcpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    if (!n)
        return;
    for (; i + 1 < n && src[i]; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

void coproc_memset(void *p, int c, size_t n)
{
    unsigned char *b = p;
    while (n--)
        *b++ = (unsigned char)c;
}

void coproc_dt_unit_name(char *buf, size_t len, const char *prefix, uint64_t addr)
{
    size_t n = 0;
    while (prefix[n] && n + 1 < len) {
        buf[n] = prefix[n];
        n++;
    }
    if (n + 1 < len)
        buf[n++] = '@';
    int shift = 60;
    while (shift > 0 && !((addr >> shift) & 0xf))
        shift -= 4;
    for (; shift >= 0 && n + 1 < len; shift -= 4)
        buf[n++] = "0123456789abcdef"[(addr >> shift) & 0xf];
    buf[n] = '\0';
}
