/* Scheduler interface: one scheduler instance per coproc, its policy chosen in
 * the device tree and changeable at run time (coproc_set_policy).
 *
 * The scheduler orders *waiting* vcoprocs only: pick() removes the chosen one
 * from its queue and the framework puts it on a slot; when it leaves the slot
 * with work left, wake() queues it again. All ops run with the coproc lock
 * held and never allocate, except insert() and init(). */
#ifndef COPROC_SCHED_H
#define COPROC_SCHED_H
#include "coproc/types.h"

struct vcoproc;
struct sched;

/* Scheduling parameters; each policy reads the ones it needs. */
struct sched_params {
    uint32_t weight;         /* credit: share weight, 1..65535 */
    uint32_t priority;       /* rt: 0..255, larger runs first */
    coproc_time_t budget;    /* rt: reserved time per period (0: none) */
    coproc_time_t period;    /* rt: reservation period */
    coproc_time_t slice;     /* rr/credit: slice for this vcoproc (0: coproc default) */
};

enum sched_param_key {
    SCHED_PARAM_WEIGHT,
    SCHED_PARAM_PRIORITY,
    SCHED_PARAM_BUDGET,
    SCHED_PARAM_PERIOD,
    SCHED_PARAM_SLICE,
};

#define SCHED_SLICE_MIN COPROC_US(10)
#define SCHED_SLICE_MAX COPROC_S(10)
#define SCHED_PERIOD_MIN COPROC_US(100)
#define SCHED_PERIOD_MAX COPROC_S(10)
#define SCHED_WEIGHT_MAX 65535u
#define SCHED_PRIORITY_MAX 255u

/* Per-vcoproc bookkeeping owned by the policy; embedded in struct vcoproc so
 * that no op on the IRQ/timer paths allocates. */
struct sched_entity {
    uint32_t heap_idx[2];        /* positions in up to two policy heaps */
    bool queued;
    struct sched_entity *prev, *next;   /* rr list links */
    uint64_t key;                /* credit: virtual time; rt: sort key */
    uint64_t seq;                /* FIFO tie-break */
    coproc_time_t budget_left;   /* rt */
    coproc_time_t period_end;    /* rt: end of the current period */
    struct vcoproc *v;
};

struct sched_ops {
    const char *name;
    int (*init)(struct sched *s);
    void (*fini)(struct sched *s);
    /* Makes room for one more vcoproc (may allocate); v is not queued. */
    int (*insert)(struct sched *s, struct vcoproc *v);
    void (*remove)(struct sched *s, struct vcoproc *v);
    /* v has work and is not on a slot: queue it. */
    void (*wake)(struct sched *s, struct vcoproc *v, coproc_time_t now);
    /* v is queued but has no work any more: unqueue it. */
    void (*sleep)(struct sched *s, struct vcoproc *v);
    /* Dequeues the best waiting vcoproc (NULL: none) and sets its slice. */
    struct vcoproc *(*pick)(struct sched *s, coproc_time_t now, coproc_time_t *slice);
    /* The vcoproc pick() would return, without dequeuing. */
    struct vcoproc *(*peek)(struct sched *s, coproc_time_t now);
    /* Charges `ran` ns of device time to v (running or just switched out). */
    void (*account)(struct sched *s, struct vcoproc *v, coproc_time_t ran, coproc_time_t now);
    /* Slice for v, which keeps its slot because nobody should preempt it. */
    coproc_time_t (*slice)(struct sched *s, struct vcoproc *v, coproc_time_t now);
    /* Should waiting `cand` take the slot of running `cur`? slice_over says
     * cur's slice has just ended (and been accounted). */
    bool (*preempts)(struct sched *s, struct vcoproc *cand, struct vcoproc *cur,
                     bool slice_over, coproc_time_t now);
    /* Next time the policy needs tick() (0: none), e.g. budget replenishment. */
    coproc_time_t (*next_event)(struct sched *s, coproc_time_t now);
    void (*tick)(struct sched *s, coproc_time_t now);
    /* v's parameters changed (already validated). */
    void (*params_changed)(struct sched *s, struct vcoproc *v, coproc_time_t now);
};

struct sched {
    const struct sched_ops *ops;
    coproc_time_t slice;         /* coproc default slice */
    uint64_t seq;                /* FIFO sequence source */
    void *priv;
};

/* The registered policies. */
extern const struct sched_ops sched_rr_ops, sched_credit_ops, sched_rt_ops;
/* Looks a policy up by name ("rr", "credit", "rt"); NULL when unknown. */
const struct sched_ops *sched_find(const char *name);
/* Index of a policy in the table (for traces), or -1. */
int sched_index(const struct sched_ops *ops);
const char *sched_param_name(enum sched_param_key k);
/* NULL when p is valid, else a message naming the bad parameter, e.g.
 * "weight 0 out of range 1..65535". */
const char *sched_params_check(const struct sched_params *p);
/* NULL when v is a valid value for k, else a message naming it. */
const char *sched_param_check(enum sched_param_key k, uint64_t v);
void sched_params_default(struct sched_params *p);

/* Called by the framework: */
int sched_create(struct sched *s, const struct sched_ops *ops, coproc_time_t slice);
void sched_destroy(struct sched *s);
coproc_time_t sched_slice_of(const struct sched *s, const struct vcoproc *v);
#endif
