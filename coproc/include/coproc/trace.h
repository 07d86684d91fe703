/* Trace events: every state change and every context switch is one event.
 * The platform prints them in the line format of docs/framework.md. */
#ifndef COPROC_TRACE_H
#define COPROC_TRACE_H
#include "coproc/types.h"

enum coproc_trace_type {
    COPROC_TR_VC_CREATE,      /* a = domain id */
    COPROC_TR_VC_DESTROY,
    COPROC_TR_STATE,          /* a = new vcoproc state, b = old state */
    COPROC_TR_SWITCH_OUT_BEGIN,
    COPROC_TR_SWITCH_OUT_DONE,/* a = latency ns, b = retries */
    COPROC_TR_IOMMU,          /* a = VMID now on the slot (0: detached) */
    COPROC_TR_SWITCH_IN_BEGIN,
    COPROC_TR_SWITCH_IN_DONE, /* a = latency ns, b = retries */
    COPROC_TR_IRQ_INJECT,     /* a = virq */
    COPROC_TR_IRQ_HOLD,       /* a = virq, b = held count */
    COPROC_TR_IRQ_DELIVER,    /* a = virq, b = count delivered */
    COPROC_TR_FAULT,          /* a = error code */
    COPROC_TR_JOB_DONE,       /* a = latency ns, b = 1 when its deadline was missed */
    COPROC_TR_POLICY,         /* a = policy index (see sched.h) */
    COPROC_TR_COUNT
};

struct coproc_trace_event {
    coproc_time_t time;
    enum coproc_trace_type type;
    uint32_t coproc;   /* coproc id */
    int32_t slot;      /* -1 when not about a slot */
    int32_t vcoproc;   /* vcoproc id, -1 when none */
    uint64_t a, b;
};

/* The event's name as printed in traces ("switch_in_done", ...). */
const char *coproc_trace_name(enum coproc_trace_type t);
#endif
