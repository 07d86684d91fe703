/* Policy registry and parameter validation, shared by all policies. */
#include "coproc/coproc.h"

static const struct sched_ops *const sched_table[] = {
    &sched_rr_ops, &sched_credit_ops, &sched_rt_ops,
};
#define SCHED_NR (sizeof(sched_table) / sizeof(sched_table[0]))

const struct sched_ops *sched_find(const char *name)
{
    if (!name)
        return 0;
    for (unsigned i = 0; i < SCHED_NR; i++)
        if (!coproc_strcmp(sched_table[i]->name, name))
            return sched_table[i];
    return 0;
}

int sched_index(const struct sched_ops *ops)
{
    for (unsigned i = 0; i < SCHED_NR; i++)
        if (sched_table[i] == ops)
            return (int)i;
    return -1;
}

const char *sched_param_name(enum sched_param_key k)
{
    switch (k) {
    case SCHED_PARAM_WEIGHT: return "weight";
    case SCHED_PARAM_PRIORITY: return "priority";
    case SCHED_PARAM_BUDGET: return "budget";
    case SCHED_PARAM_PERIOD: return "period";
    case SCHED_PARAM_SLICE: return "slice";
    }
    return "?";
}

const char *sched_param_check(enum sched_param_key k, uint64_t v)
{
    switch (k) {
    case SCHED_PARAM_WEIGHT:
        return v >= 1 && v <= SCHED_WEIGHT_MAX ? 0 : "weight out of range 1..65535";
    case SCHED_PARAM_PRIORITY:
        return v <= SCHED_PRIORITY_MAX ? 0 : "priority out of range 0..255";
    case SCHED_PARAM_BUDGET:
        return v <= SCHED_PERIOD_MAX ? 0 : "budget out of range 0..10 s";
    case SCHED_PARAM_PERIOD:
        return v == 0 || (v >= SCHED_PERIOD_MIN && v <= SCHED_PERIOD_MAX)
                   ? 0 : "period out of range 100 us..10 s";
    case SCHED_PARAM_SLICE:
        return v == 0 || (v >= SCHED_SLICE_MIN && v <= SCHED_SLICE_MAX)
                   ? 0 : "slice out of range 10 us..10 s";
    }
    return "unknown scheduling parameter";
}

const char *sched_params_check(const struct sched_params *p)
{
    const char *why;
    if ((why = sched_param_check(SCHED_PARAM_WEIGHT, p->weight)) ||
        (why = sched_param_check(SCHED_PARAM_PRIORITY, p->priority)) ||
        (why = sched_param_check(SCHED_PARAM_BUDGET, p->budget)) ||
        (why = sched_param_check(SCHED_PARAM_PERIOD, p->period)) ||
        (why = sched_param_check(SCHED_PARAM_SLICE, p->slice)))
        return why;
    if (p->budget && !p->period)
        return "budget set without a period";
    if (p->budget > p->period)
        return "budget greater than period";
    return 0;
}

void sched_params_default(struct sched_params *p)
{
    p->weight = 1;
    p->priority = 0;
    p->budget = 0;
    p->period = 0;
    p->slice = 0;
}

int sched_create(struct sched *s, const struct sched_ops *ops, coproc_time_t slice)
{
    s->ops = ops;
    s->slice = slice;
    s->seq = 0;
    s->priv = 0;
    return ops->init ? ops->init(s) : 0;
}

void sched_destroy(struct sched *s)
{
    if (s->ops && s->ops->fini)
        s->ops->fini(s);
    s->ops = 0;
    s->priv = 0;
}

coproc_time_t sched_slice_of(const struct sched *s, const struct vcoproc *v)
{
    return v->cfg.sched.slice ? v->cfg.sched.slice : s->slice;
}
