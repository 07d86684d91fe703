/* credit: weighted fair share, work-conserving. Each vcoproc's credit is kept
 * as a virtual time that advances by run time divided by its weight; the one
 * with the least virtual time runs next (min-heap, O(log n)). A vcoproc that
 * wakes from idle starts at the current minimum so it cannot bank credit
 * while it had no work, yet runs soon (latency for periodic work). */
#include "coproc/coproc.h"
#include "heap.h"

/* Virtual time advances by ran * CREDIT_SCALE / weight, so weight 65535
 * still advances by at least 1 per ns of 64 ns. */
#define CREDIT_SCALE 1024u

struct credit {
    struct sched_heap q;
    uint64_t vmin;      /* system virtual time: no waker starts below it */
    uint32_t members;
};

static bool credit_less(const struct sched_entity *a, const struct sched_entity *b)
{
    return a->key != b->key ? a->key < b->key : a->seq < b->seq;
}

static int credit_init(struct sched *s)
{
    struct credit *c = platform_alloc(sizeof(*c));
    if (!c)
        return COPROC_ENOMEM;
    sched_heap_init(&c->q, 0, credit_less);
    s->priv = c;
    return 0;
}

static void credit_fini(struct sched *s)
{
    struct credit *c = s->priv;
    sched_heap_fini(&c->q);
    platform_free(c);
}

static int credit_insert(struct sched *s, struct vcoproc *v)
{
    struct credit *c = s->priv;
    int err = sched_heap_reserve(&c->q, c->members + 1);
    if (err)
        return err;
    c->members++;
    v->se.v = v;
    v->se.queued = false;
    v->se.heap_idx[0] = SCHED_HEAP_NONE;
    v->se.key = c->vmin;
    return 0;
}

static void credit_remove(struct sched *s, struct vcoproc *v)
{
    struct credit *c = s->priv;
    if (v->se.queued)
        sched_heap_remove(&c->q, &v->se);
    v->se.queued = false;
    c->members--;
}

static void credit_wake(struct sched *s, struct vcoproc *v, coproc_time_t now)
{
    struct credit *c = s->priv;
    (void)now;
    if (v->se.queued)
        return;
    if (v->se.key < c->vmin)
        v->se.key = c->vmin;
    v->se.seq = ++s->seq;
    v->se.queued = true;
    sched_heap_push(&c->q, &v->se);
}

static void credit_sleep(struct sched *s, struct vcoproc *v)
{
    struct credit *c = s->priv;
    if (!v->se.queued)
        return;
    sched_heap_remove(&c->q, &v->se);
    v->se.queued = false;
}

static struct vcoproc *credit_peek(struct sched *s, coproc_time_t now)
{
    struct credit *c = s->priv;
    struct sched_entity *e = sched_heap_top(&c->q);
    (void)now;
    return e ? e->v : 0;
}

static struct vcoproc *credit_pick(struct sched *s, coproc_time_t now, coproc_time_t *slice)
{
    struct credit *c = s->priv;
    struct sched_entity *e = sched_heap_pop(&c->q);
    (void)now;
    if (!e)
        return 0;
    e->queued = false;
    if (e->key > c->vmin)
        c->vmin = e->key;
    *slice = sched_slice_of(s, e->v);
    return e->v;
}

static void credit_account(struct sched *s, struct vcoproc *v, coproc_time_t ran,
                           coproc_time_t now)
{
    struct credit *c = s->priv;
    (void)now;
    v->se.key += ran * CREDIT_SCALE / v->cfg.sched.weight;
    /* The system's virtual time follows the running vcoproc too, not only
     * the picks: one that ran alone for a long time was never re-picked, and
     * a newcomer starting at a stale minimum would own the device until it
     * caught up, starving it. Nobody waits with less than the queue's head. */
    struct sched_entity *head = sched_heap_top(&c->q);
    uint64_t floor = head && head->key < v->se.key ? head->key : v->se.key;
    if (floor > c->vmin)
        c->vmin = floor;
}

static coproc_time_t credit_slice(struct sched *s, struct vcoproc *v, coproc_time_t now)
{
    (void)now;
    return sched_slice_of(s, v);
}

/* Only at the end of a slice, and only to someone with less virtual time:
 * a lone heavy vcoproc keeps the device without needless switches. */
static bool credit_preempts(struct sched *s, struct vcoproc *cand, struct vcoproc *cur,
                            bool slice_over, coproc_time_t now)
{
    (void)s, (void)now;
    return slice_over && cand->se.key <= cur->se.key;
}

static void credit_params_changed(struct sched *s, struct vcoproc *v, coproc_time_t now)
{
    /* the heap key does not depend on the weight; nothing to reorder */
    (void)s, (void)v, (void)now;
}

const struct sched_ops sched_credit_ops = {
    .name = "credit",
    .init = credit_init,
    .fini = credit_fini,
    .insert = credit_insert,
    .remove = credit_remove,
    .wake = credit_wake,
    .sleep = credit_sleep,
    .pick = credit_pick,
    .peek = credit_peek,
    .account = credit_account,
    .slice = credit_slice,
    .preempts = credit_preempts,
    .params_changed = credit_params_changed,
};
