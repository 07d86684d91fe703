/* rt: fixed priorities, preemptive, with a reservation server per vcoproc:
 * `budget` ns of device time per `period`, replenished to full at each period
 * boundary (a deferrable server; periods start when the vcoproc is created).
 *
 * While it has budget a vcoproc competes at its priority (larger first, FIFO
 * among equals) and preempts any lower one at once. When its budget is spent
 * it drops to the background, where all depleted vcoprocs share leftover
 * time round-robin; so the device stays busy (work-conserving), a high
 * priority cannot take more than its budget from others while they wait,
 * and every vcoproc gets at least its reservation.
 *
 * Three heaps, O(log n) each: ready (by priority), background (FIFO) and
 * replenish (by period end, background members with a reservation). */
#include "coproc/coproc.h"
#include "heap.h"

struct rt {
    struct sched_heap ready, bg, repl;
    uint32_t members;
};

static bool rt_less_ready(const struct sched_entity *a, const struct sched_entity *b)
{
    uint32_t pa = a->v->cfg.sched.priority, pb = b->v->cfg.sched.priority;
    return pa != pb ? pa > pb : a->seq < b->seq;
}

static bool rt_less_bg(const struct sched_entity *a, const struct sched_entity *b)
{
    return a->seq < b->seq;
}

static bool rt_less_repl(const struct sched_entity *a, const struct sched_entity *b)
{
    return a->period_end != b->period_end ? a->period_end < b->period_end : a->seq < b->seq;
}

static int rt_init(struct sched *s)
{
    struct rt *r = platform_alloc(sizeof(*r));
    if (!r)
        return COPROC_ENOMEM;
    /* ready and bg are exclusive so they share heap_idx[0]; repl uses [1] */
    sched_heap_init(&r->ready, 0, rt_less_ready);
    sched_heap_init(&r->bg, 0, rt_less_bg);
    sched_heap_init(&r->repl, 1, rt_less_repl);
    s->priv = r;
    return 0;
}

static void rt_fini(struct sched *s)
{
    struct rt *r = s->priv;
    sched_heap_fini(&r->ready);
    sched_heap_fini(&r->bg);
    sched_heap_fini(&r->repl);
    platform_free(r);
}

static bool rt_reserved(const struct vcoproc *v)
{
    return v->cfg.sched.budget && v->cfg.sched.period;
}

/* Starts the period that contains `now`, with a full budget, if the previous
 * one is over. */
static void rt_refresh(struct vcoproc *v, coproc_time_t now)
{
    struct sched_entity *e = &v->se;
    if (!rt_reserved(v) || now < e->period_end)
        return;
    coproc_time_t p = v->cfg.sched.period;
    e->period_end += ((now - e->period_end) / p + 1) * p;
    e->budget_left = v->cfg.sched.budget;
}

static bool rt_has_budget(const struct vcoproc *v)
{
    return rt_reserved(v) && v->se.budget_left > 0;
}

static int rt_insert(struct sched *s, struct vcoproc *v)
{
    struct rt *r = s->priv;
    uint32_t n = r->members + 1;
    int err;
    if ((err = sched_heap_reserve(&r->ready, n)) || (err = sched_heap_reserve(&r->bg, n)) ||
        (err = sched_heap_reserve(&r->repl, n)))
        return err;
    r->members = n;
    struct sched_entity *e = &v->se;
    e->v = v;
    e->queued = false;
    e->heap_idx[0] = e->heap_idx[1] = SCHED_HEAP_NONE;
    e->period_end = platform_time_now() + v->cfg.sched.period;
    e->budget_left = v->cfg.sched.budget;
    return 0;
}

static void rt_dequeue(struct rt *r, struct sched_entity *e)
{
    if (!e->queued)
        return;
    if (sched_heap_contains(&r->repl, e))
        sched_heap_remove(&r->repl, e);
    /* ready and bg share index slot 0; look in the one that holds it */
    uint32_t i = e->heap_idx[0];
    if (i < r->ready.n && r->ready.a[i] == e)
        sched_heap_remove(&r->ready, e);
    else
        sched_heap_remove(&r->bg, e);
    e->queued = false;
}

static void rt_enqueue(struct sched *s, struct rt *r, struct vcoproc *v, coproc_time_t now)
{
    struct sched_entity *e = &v->se;
    rt_refresh(v, now);
    e->seq = ++s->seq;
    e->queued = true;
    if (rt_has_budget(v)) {
        sched_heap_push(&r->ready, e);
    } else {
        sched_heap_push(&r->bg, e);
        if (rt_reserved(v))
            sched_heap_push(&r->repl, e);
    }
}

static void rt_remove(struct sched *s, struct vcoproc *v)
{
    struct rt *r = s->priv;
    rt_dequeue(r, &v->se);
    r->members--;
}

static void rt_wake(struct sched *s, struct vcoproc *v, coproc_time_t now)
{
    if (!v->se.queued)
        rt_enqueue(s, s->priv, v, now);
}

static void rt_sleep(struct sched *s, struct vcoproc *v)
{
    rt_dequeue(s->priv, &v->se);
}

static struct sched_entity *rt_best(struct rt *r)
{
    struct sched_entity *e = sched_heap_top(&r->ready);
    return e ? e : sched_heap_top(&r->bg);
}

static struct vcoproc *rt_peek(struct sched *s, coproc_time_t now)
{
    struct sched_entity *e = rt_best(s->priv);
    (void)now;
    return e ? e->v : 0;
}

static coproc_time_t rt_slice(struct sched *s, struct vcoproc *v, coproc_time_t now)
{
    rt_refresh(v, now);
    /* with budget: run until it is spent (higher priorities preempt anyway);
     * in the background: the coproc's slice, round-robin */
    return rt_has_budget(v) ? v->se.budget_left : sched_slice_of(s, v);
}

static struct vcoproc *rt_pick(struct sched *s, coproc_time_t now, coproc_time_t *slice)
{
    struct rt *r = s->priv;
    struct sched_entity *e = rt_best(r);
    if (!e)
        return 0;
    rt_dequeue(r, e);
    *slice = rt_slice(s, e->v, now);
    return e->v;
}

static void rt_account(struct sched *s, struct vcoproc *v, coproc_time_t ran, coproc_time_t now)
{
    struct sched_entity *e = &v->se;
    (void)s;
    if (rt_reserved(v)) {
        /* charge the period the time was spent in, then move on */
        e->budget_left -= ran < e->budget_left ? ran : e->budget_left;
        rt_refresh(v, now);
    }
}

static bool rt_preempts(struct sched *s, struct vcoproc *cand, struct vcoproc *cur,
                        bool slice_over, coproc_time_t now)
{
    (void)s;
    rt_refresh(cur, now);
    bool cand_ready = rt_has_budget(cand), cur_ready = rt_has_budget(cur);
    if (cand_ready && !cur_ready)
        return true;
    if (cand_ready && cur_ready) {
        uint32_t pa = cand->cfg.sched.priority, pb = cur->cfg.sched.priority;
        return pa > pb || (slice_over && pa == pb);
    }
    if (!cand_ready && cur_ready)
        return false;
    return slice_over;
}

static coproc_time_t rt_next_event(struct sched *s, coproc_time_t now)
{
    struct rt *r = s->priv;
    struct sched_entity *e = sched_heap_top(&r->repl);
    (void)now;
    return e ? e->period_end : 0;
}

/* Moves background members whose period ended back to ready. */
static void rt_tick(struct sched *s, coproc_time_t now)
{
    struct rt *r = s->priv;
    struct sched_entity *e;
    while ((e = sched_heap_top(&r->repl)) && e->period_end <= now) {
        rt_dequeue(r, e);
        rt_enqueue(s, r, e->v, now);
    }
}

static void rt_params_changed(struct sched *s, struct vcoproc *v, coproc_time_t now)
{
    struct rt *r = s->priv;
    struct sched_entity *e = &v->se;
    if (e->budget_left > v->cfg.sched.budget)
        e->budget_left = v->cfg.sched.budget;
    if (!e->period_end || e->period_end > now + v->cfg.sched.period)
        e->period_end = now + v->cfg.sched.period;
    if (e->queued) {
        rt_dequeue(r, e);
        rt_enqueue(s, r, v, now);
    }
}

const struct sched_ops sched_rt_ops = {
    .name = "rt",
    .init = rt_init,
    .fini = rt_fini,
    .insert = rt_insert,
    .remove = rt_remove,
    .wake = rt_wake,
    .sleep = rt_sleep,
    .pick = rt_pick,
    .peek = rt_peek,
    .account = rt_account,
    .slice = rt_slice,
    .preempts = rt_preempts,
    .next_event = rt_next_event,
    .tick = rt_tick,
    .params_changed = rt_params_changed,
};
