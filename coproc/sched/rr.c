/* rr: round-robin with a fixed slice among vcoprocs that have work; the
 * baseline of Xen's old coproc framework. O(1) per operation. */
#include "coproc/coproc.h"

struct rr {
    struct sched_entity *head, *tail;
};

static int rr_init(struct sched *s)
{
    s->priv = platform_alloc(sizeof(struct rr));
    return s->priv ? 0 : COPROC_ENOMEM;
}

static void rr_fini(struct sched *s)
{
    platform_free(s->priv);
}

static int rr_insert(struct sched *s, struct vcoproc *v)
{
    (void)s;
    v->se.queued = false;
    v->se.prev = v->se.next = 0;
    v->se.v = v;
    return 0;
}

static void rr_unlink(struct rr *q, struct sched_entity *e)
{
    if (!e->queued)
        return;
    if (e->prev)
        e->prev->next = e->next;
    else
        q->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        q->tail = e->prev;
    e->prev = e->next = 0;
    e->queued = false;
}

static void rr_remove(struct sched *s, struct vcoproc *v)
{
    rr_unlink(s->priv, &v->se);
}

static void rr_wake(struct sched *s, struct vcoproc *v, coproc_time_t now)
{
    struct rr *q = s->priv;
    struct sched_entity *e = &v->se;
    (void)now;
    if (e->queued)
        return;
    e->v = v;
    e->next = 0;
    e->prev = q->tail;
    if (q->tail)
        q->tail->next = e;
    else
        q->head = e;
    q->tail = e;
    e->queued = true;
}

static void rr_sleep(struct sched *s, struct vcoproc *v)
{
    rr_unlink(s->priv, &v->se);
}

static struct vcoproc *rr_peek(struct sched *s, coproc_time_t now)
{
    struct rr *q = s->priv;
    (void)now;
    return q->head ? q->head->v : 0;
}

static struct vcoproc *rr_pick(struct sched *s, coproc_time_t now, coproc_time_t *slice)
{
    struct vcoproc *v = rr_peek(s, now);
    if (v) {
        rr_unlink(s->priv, &v->se);
        *slice = sched_slice_of(s, v);
    }
    return v;
}

static void rr_account(struct sched *s, struct vcoproc *v, coproc_time_t ran, coproc_time_t now)
{
    (void)s, (void)v, (void)ran, (void)now;
}

static coproc_time_t rr_slice(struct sched *s, struct vcoproc *v, coproc_time_t now)
{
    (void)now;
    return sched_slice_of(s, v);
}

/* rr never preempts before the slice ends, and always rotates at its end. */
static bool rr_preempts(struct sched *s, struct vcoproc *cand, struct vcoproc *cur,
                        bool slice_over, coproc_time_t now)
{
    (void)s, (void)cand, (void)cur, (void)now;
    return slice_over;
}

const struct sched_ops sched_rr_ops = {
    .name = "rr",
    .init = rr_init,
    .fini = rr_fini,
    .insert = rr_insert,
    .remove = rr_remove,
    .wake = rr_wake,
    .sleep = rr_sleep,
    .pick = rr_pick,
    .peek = rr_peek,
    .account = rr_account,
    .slice = rr_slice,
    .preempts = rr_preempts,
};
