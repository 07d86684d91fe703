/* The context-switch protocol and slot placement, owned by the framework.
 *
 * Every function here runs with the coproc lock held (the timer callbacks
 * take it themselves). Nothing waits in place: a driver that needs time
 * answers RETRY (we arm the slot timer) or WAIT_IRQ (its IRQ handler calls
 * coproc_slot_switch_done; the slot timer then bounds the wait).
 *
 * A slot goes FREE -> SWITCHING_IN -> ACTIVE -> SWITCHING_OUT -> FREE, and
 * between switch-out and switch-in its IOMMU context is detached, so the
 * device can never reach the previous domain's memory on behalf of the next.
 * See docs/framework.md for the sequence diagram. */
#include "coproc/coproc.h"

static void switch_step_out(struct coproc_slot *s);
static void switch_step_in(struct coproc_slot *s);

/* The slot timer's deadline is kept in s->timer_due (0: not armed): on a
 * multi-CPU platform the callback of an expired timer may be on its way,
 * waiting for the coproc lock, while this CPU re-arms or cancels the timer;
 * the callback then finds the deadline moved and ignores itself. */
static void slot_timer_arm(struct coproc_slot *s, coproc_time_t when)
{
    s->timer_due = when ? when : 1;
    platform_timer_set(s->timer, when);
}

static void slot_timer_cancel(struct coproc_slot *s)
{
    s->timer_due = 0;
    platform_timer_cancel(s->timer);
}

/* Stops measuring cur's run time and charges it. */
static void slot_account(struct coproc_slot *s, coproc_time_t now)
{
    struct vcoproc *v = s->cur;
    if (!s->accounting || !v)
        return;
    coproc_time_t ran = now - s->run_start;
    v->stats.busy_ns += ran;
    v->coproc->sched.ops->account(&v->coproc->sched, v, ran, now);
    s->run_start = now;
}

static void slot_stop_accounting(struct coproc_slot *s, coproc_time_t now)
{
    slot_account(s, now);
    s->accounting = false;
}

static void slot_start_running(struct coproc_slot *s, coproc_time_t now, coproc_time_t slice)
{
    s->accounting = true;
    s->run_start = now;
    s->slice_end = now + slice;
    slot_timer_arm(s, s->slice_end);
}

static void slot_iommu(struct coproc_slot *s, struct vcoproc *v)
{
    struct coproc *c = s->coproc;
    struct platform_s2_ctx ctx;
    int err = 0;
    if (v) {
        err = platform_domain_s2(v->domain, &ctx);
        if (!err)
            err = c->driver->ops->iommu_switch(s, &ctx);
        if (err) {
            vcoproc_fault(v, err, "cannot switch the IOMMU context to its domain");
            return;
        }
        coproc_trace(c, COPROC_TR_IOMMU, (int)s->index, v, ctx.vmid, 0);
    } else {
        err = c->driver->ops->iommu_switch(s, 0);
        if (err)
            platform_log(PLATFORM_LOG_ERR, "coproc %s slot %u: IOMMU detach failed: %s", c->name,
                         s->index, coproc_strerror(err));
        coproc_trace(c, COPROC_TR_IOMMU, (int)s->index, 0, 0, 0);
    }
}

/* Empties a slot without a driver switch-out (after an error): the IOMMU is
 * detached so the stale context can reach no memory, and the next switch-in
 * overwrites it. */
static void slot_abandon(struct coproc_slot *s)
{
    struct vcoproc *v = s->cur;
    slot_timer_cancel(s);
    slot_stop_accounting(s, platform_time_now());
    s->waiting_irq = false;
    s->switch_open = false;
    s->phase = COPROC_SLOT_FREE;
    s->cur = 0;
    if (v)
        v->slot = 0;
    slot_iommu(s, 0);
}

void coproc_switch_abandon(struct coproc_slot *s)
{
    slot_abandon(s);
}

static void switch_fail(struct coproc_slot *s, int err, const char *why)
{
    struct vcoproc *v = s->cur;
    slot_abandon(s);
    if (v) {
        if (v->dying) {
            vcoproc_free(v);
        } else if (v->fault_pending) {
            v->fault_pending = false;
            vcoproc_set_state(v, VCOPROC_FAULTED);
        } else {
            vcoproc_fault(v, err, why);
        }
    }
    coproc_switch_kick(s->coproc);
}

/* The driver's cost of switching v into s (0 without the hook); *min_slice
 * is the slice the driver asks for there (0: none). */
static coproc_time_t slot_cost(const struct coproc_slot *s, const struct vcoproc *v,
                               coproc_time_t *min_slice)
{
    const struct coproc_driver_ops *ops = s->coproc->driver->ops;
    coproc_time_t dummy = 0;
    if (!min_slice)
        min_slice = &dummy;
    *min_slice = 0;
    return ops->slot_cost ? ops->slot_cost(s, v, min_slice) : 0;
}

/* The free slot where v costs least, preferring `s` on a tie (NULL: none
 * free). */
static struct coproc_slot *slot_cheapest_free(struct coproc *c, struct coproc_slot *s,
                                              const struct vcoproc *v)
{
    struct coproc_slot *best = s && s->phase == COPROC_SLOT_FREE ? s : 0;
    coproc_time_t best_cost = best ? slot_cost(best, v, 0) : 0;
    if (!c->driver->ops->slot_cost)
        return best;
    for (unsigned i = 0; i < c->nr_slots && (!best || best_cost); i++) {
        struct coproc_slot *t = &c->slots[i];
        if (t == s || t->phase != COPROC_SLOT_FREE)
            continue;
        coproc_time_t cost = slot_cost(t, v, 0);
        if (!best || cost < best_cost) {
            best = t;
            best_cost = cost;
        }
    }
    return best;
}

static void switch_begin_in(struct coproc_slot *s, struct vcoproc *v, coproc_time_t slice)
{
    struct coproc *c = s->coproc;
    coproc_time_t now = platform_time_now();
    coproc_time_t min_slice;
    /* a costly switch (reconfiguration) earns a slice long enough to amortise
     * it; a reservation (budget) bounds the slice itself, so it is left alone */
    slot_cost(s, v, &min_slice);
    if (min_slice > slice && !v->cfg.sched.budget)
        slice = min_slice;
    if (!s->switch_open) {
        s->switch_start = now;
        s->switch_open = true;
    }
    s->phase = COPROC_SLOT_SWITCHING_IN;
    s->cur = v;
    s->retries = 0;
    s->phase_start = now;
    s->next_slice = slice;
    v->slot = s;
    vcoproc_set_state(v, VCOPROC_RUNNING);
    slot_iommu(s, v);
    if (v->state == VCOPROC_FAULTED)
        return;
    coproc_trace(c, COPROC_TR_SWITCH_IN_BEGIN, (int)s->index, v, 0, 0);
    switch_step_in(s);
}

/* Fills the slot with the scheduler's choice, or leaves it free. With the
 * driver's placement hook the choice goes to the free slot where it costs
 * least (s on a tie), and s, if passed over, stays free for the next one. */
static bool slot_fill(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    coproc_time_t slice = 0;
    struct vcoproc *v = c->sched.ops->pick(&c->sched, platform_time_now(), &slice);
    struct coproc_slot *t = v ? slot_cheapest_free(c, s, v) : s;
    if (t != s)
        s->switch_open = false;
    if (v)
        switch_begin_in(t, v, slice);
    else
        s->switch_open = false;
    return v && t != s;
}

/* Slots switching out: each will place a waiting vcoproc when done. */
static unsigned slots_switching_out(const struct coproc *c)
{
    unsigned n = 0;
    for (unsigned i = 0; i < c->nr_slots; i++)
        n += c->slots[i].phase == COPROC_SLOT_SWITCHING_OUT;
    return n;
}

/* A vcoproc that got work while s was switching in could not preempt it
 * then (only running slots are considered): it is weighed against the new
 * owner now, not at the slice's end. Only this slot is looked at; waiters
 * that other slots' pending switch-outs will place are left to them. */
static void switch_in_recheck(struct coproc_slot *s, coproc_time_t now)
{
    struct coproc *c = s->coproc;
    if (c->nr_waiting <= slots_switching_out(c))
        return;
    struct vcoproc *cand = c->sched.ops->peek(&c->sched, now);
    if (cand && c->sched.ops->preempts(&c->sched, cand, s->cur, false, now))
        coproc_switch_begin_out(s);
}

static void switch_in_done(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    struct vcoproc *v = s->cur;
    coproc_time_t now = platform_time_now();
    coproc_time_t lat = now - s->phase_start;
    slot_timer_cancel(s);
    s->waiting_irq = false;
    s->phase = COPROC_SLOT_ACTIVE;
    v->stats.switches_in++;
    coproc_hist_add(&v->stats.switch_in_lat, lat);
    c->stats.switch_ns += lat;
    if (s->switch_open) {
        coproc_hist_add(&c->stats.switch_lat, now - s->switch_start);
        c->stats.switches++;
        s->switch_open = false;
    }
    coproc_trace(c, COPROC_TR_SWITCH_IN_DONE, (int)s->index, v, lat, s->retries);
    if (v->dying || v->fault_pending) {
        coproc_switch_begin_out(s);
        return;
    }
    if (v->held_irqs) {
        /* interrupts that came while it was switched out, delivered now that
         * the guest can see the state they report */
        coproc_trace(c, COPROC_TR_IRQ_DELIVER, (int)s->index, v, v->cfg.virq, v->held_irqs);
        v->held_irqs = 0;
        v->stats.irqs_injected++;
        platform_virq_inject(v->domain, v->cfg.virq);
    }
    if (!v->has_work) {
        /* it ran only to receive its interrupts: stay resident but idle */
        vcoproc_set_state(v, VCOPROC_IDLE);
        coproc_switch_kick(c);
        return;
    }
    slot_start_running(s, now, s->next_slice);
    switch_in_recheck(s, now);
}

static void switch_out_done(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    struct vcoproc *v = s->cur;
    coproc_time_t now = platform_time_now();
    coproc_time_t lat = now - s->phase_start;
    slot_timer_cancel(s);
    s->waiting_irq = false;
    slot_stop_accounting(s, now);
    v->stats.switches_out++;
    coproc_hist_add(&v->stats.switch_out_lat, lat);
    c->stats.switch_ns += lat;
    coproc_trace(c, COPROC_TR_SWITCH_OUT_DONE, (int)s->index, v, lat, s->retries);
    slot_iommu(s, 0);
    s->cur = 0;
    s->phase = COPROC_SLOT_FREE;
    v->slot = 0;
    if (v->dying) {
        vcoproc_free(v);
    } else if (v->fault_pending) {
        v->fault_pending = false;
        vcoproc_set_state(v, VCOPROC_FAULTED);
    } else if (v->has_work || v->held_irqs) {
        vcoproc_set_state(v, VCOPROC_WAITING);
        c->sched.ops->wake(&c->sched, v, now);
    } else {
        vcoproc_set_state(v, VCOPROC_IDLE);
    }
    slot_fill(s);
    coproc_switch_kick(c);
}

/* Handles a driver's answer; returns true when the phase completed. */
static bool switch_answer(struct coproc_slot *s, struct coproc_switch_ret r, const char *dir)
{
    struct coproc *c = s->coproc;
    coproc_time_t now = platform_time_now();
    switch (r.status) {
    case COPROC_SWITCH_DONE:
        return true;
    case COPROC_SWITCH_RETRY:
        if (++s->retries > COPROC_SWITCH_RETRIES_MAX) {
            switch_fail(s, COPROC_ETIMEDOUT, dir);
            return false;
        }
        slot_timer_arm(s, now + (r.ns ? r.ns : 1));
        return false;
    case COPROC_SWITCH_WAIT_IRQ:
        s->waiting_irq = true;
        slot_timer_arm(s, now + (r.ns ? r.ns : c->switch_timeout));
        return false;
    case COPROC_SWITCH_ERROR:
    default:
        switch_fail(s, COPROC_EIO, dir);
        return false;
    }
}

static void switch_step_in(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    struct vcoproc *v = s->cur;
    struct coproc_switch_ret r = c->driver->ops->ctx_switch_in(s, v);
    if (s->cur != v || s->phase != COPROC_SLOT_SWITCHING_IN)
        return; /* the driver faulted v from inside the op */
    if (switch_answer(s, r, "context switch-in failed"))
        switch_in_done(s);
}

static void switch_step_out(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    struct vcoproc *v = s->cur;
    struct coproc_switch_ret r = c->driver->ops->ctx_switch_out(s, v);
    if (s->cur != v || s->phase != COPROC_SLOT_SWITCHING_OUT)
        return;
    if (switch_answer(s, r, "context switch-out failed"))
        switch_out_done(s);
}

void coproc_switch_begin_out(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    struct vcoproc *v = s->cur;
    coproc_time_t now = platform_time_now();
    slot_timer_cancel(s);
    s->phase = COPROC_SLOT_SWITCHING_OUT;
    s->phase_start = now;
    s->switch_start = now;
    s->switch_open = true;
    s->retries = 0;
    vcoproc_set_state(v, VCOPROC_SWITCHING_OUT);
    coproc_trace(c, COPROC_TR_SWITCH_OUT_BEGIN, (int)s->index, v, 0, 0);
    switch_step_out(s);
}

void coproc_slot_switch_done(struct coproc_slot *s, int err)
{
    if (!s->waiting_irq)
        return; /* late or spurious completion: the phase already ended */
    s->waiting_irq = false;
    if (err < 0) {
        switch_fail(s, err, "device reported a failed context switch");
        return;
    }
    if (s->phase == COPROC_SLOT_SWITCHING_OUT)
        switch_out_done(s);
    else if (s->phase == COPROC_SLOT_SWITCHING_IN)
        switch_in_done(s);
}

/* v just went idle on its slot, or left the waiting queue: called by
 * vcoproc_set_work with the lock held. */
void coproc_switch_release(struct vcoproc *v)
{
    struct coproc_slot *s = v->slot;
    if (s && s->phase == COPROC_SLOT_ACTIVE && s->cur == v) {
        coproc_time_t now = platform_time_now();
        slot_timer_cancel(s);
        slot_stop_accounting(s, now);
    }
}

/* Resumes a resident idle vcoproc that got work again: no switch needed. */
static void slot_resume(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    coproc_time_t now = platform_time_now();
    vcoproc_set_state(s->cur, VCOPROC_RUNNING);
    slot_start_running(s, now, c->sched.ops->slice(&c->sched, s->cur, now));
}

/* With the placement hook: the best waiting vcoproc takes the idle
 * resident's slot where it costs least, one claim at a time (a switch-out
 * may complete at once and place it). */
static void kick_idle_by_cost(struct coproc *c, unsigned *claims)
{
    coproc_time_t now = platform_time_now();
    while (*claims) {
        struct vcoproc *cand = c->sched.ops->peek(&c->sched, now);
        struct coproc_slot *best = 0;
        coproc_time_t best_cost = 0;
        for (unsigned i = 0; cand && i < c->nr_slots; i++) {
            struct coproc_slot *s = &c->slots[i];
            if (s->phase != COPROC_SLOT_ACTIVE || s->cur->state != VCOPROC_IDLE)
                continue;
            coproc_time_t cost = slot_cost(s, cand, 0);
            if (!best || cost < best_cost) {
                best = s;
                best_cost = cost;
            }
        }
        if (!best)
            return;
        coproc_switch_begin_out(best);
        (*claims)--;
    }
}

/* Slot indices in the order preemption is considered: by index, or with
 * the placement hook cheapest first for cand (stable, so ties keep index
 * order). */
static void kick_order_by_cost(struct coproc *c, const struct vcoproc *cand, unsigned *order)
{
    coproc_time_t cost[COPROC_MAX_SLOTS];
    for (unsigned i = 0; i < c->nr_slots; i++) {
        order[i] = i;
        cost[i] = cand ? slot_cost(&c->slots[i], cand, 0) : 0;
    }
    for (unsigned i = 1; i < c->nr_slots; i++) {
        unsigned o = order[i], j = i;
        for (; j > 0 && cost[order[j - 1]] > cost[o]; j--)
            order[j] = order[j - 1];
        order[j] = o;
    }
}

/* Places waiting vcoprocs: fills free slots, takes idle residents' slots,
 * then lets the scheduler preempt a running one. Cheap when nothing waits. */
void coproc_switch_kick(struct coproc *c)
{
    coproc_time_t now = platform_time_now();
    for (unsigned i = 0; i < c->nr_slots; i++) {
        struct coproc_slot *s = &c->slots[i];
        if (s->phase == COPROC_SLOT_ACTIVE && s->cur->state == VCOPROC_RUNNING &&
            !s->accounting)
            slot_resume(s);
    }
    unsigned pending_out = slots_switching_out(c), claims;
#define KICK_CLAIMS() (c->nr_waiting > pending_out ? c->nr_waiting - pending_out : 0)
    claims = KICK_CLAIMS();
    for (unsigned i = 0; i < c->nr_slots && claims; i++) {
        struct coproc_slot *s = &c->slots[i];
        if (s->phase == COPROC_SLOT_FREE) {
            bool elsewhere = slot_fill(s);
            claims = KICK_CLAIMS();
            if (elsewhere)
                i--; /* s is still free: offer it to the next one */
        }
    }
#undef KICK_CLAIMS
    if (c->driver->ops->slot_cost) {
        kick_idle_by_cost(c, &claims);
    } else {
        for (unsigned i = 0; i < c->nr_slots && claims; i++) {
            struct coproc_slot *s = &c->slots[i];
            if (s->phase == COPROC_SLOT_ACTIVE && s->cur->state == VCOPROC_IDLE) {
                coproc_switch_begin_out(s);
                claims--;
            }
        }
    }
    if (claims) {
        struct vcoproc *cand = c->sched.ops->peek(&c->sched, now);
        unsigned order[COPROC_MAX_SLOTS];
        kick_order_by_cost(c, cand, order);
        for (unsigned k = 0; cand && k < c->nr_slots; k++) {
            struct coproc_slot *s = &c->slots[order[k]];
            if (s->phase != COPROC_SLOT_ACTIVE || s->cur->state != VCOPROC_RUNNING)
                continue;
            slot_account(s, now);
            if (c->sched.ops->preempts(&c->sched, cand, s->cur, false, now)) {
                coproc_switch_begin_out(s);
                break;
            }
        }
    }
    coproc_switch_arm_sched_timer(c);
}

void coproc_switch_arm_sched_timer(struct coproc *c)
{
    if (!c->sched.ops->next_event)
        return;
    coproc_time_t t = c->sched.ops->next_event(&c->sched, platform_time_now());
    if (t)
        platform_timer_set(c->sched_timer, t);
    else
        platform_timer_cancel(c->sched_timer);
}

static void switch_slice_end(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    struct vcoproc *v = s->cur;
    coproc_time_t now = platform_time_now();
    slot_account(s, now);
    struct vcoproc *cand = c->sched.ops->peek(&c->sched, now);
    if (cand && c->sched.ops->preempts(&c->sched, cand, v, true, now)) {
        coproc_switch_begin_out(s);
        return;
    }
    s->slice_end = now + c->sched.ops->slice(&c->sched, v, now);
    slot_timer_arm(s, s->slice_end);
    coproc_switch_arm_sched_timer(c);
}

/* Takes a vcoproc off a slot whose context the device lost (device reset):
 * it is not at fault, so it waits again and its driver restores its last
 * saved context at the next switch-in. */
static void slot_evict(struct coproc_slot *s)
{
    struct coproc *c = s->coproc;
    struct vcoproc *v = s->cur;
    slot_abandon(s);
    if (!v)
        return;
    if (v->dying) {
        vcoproc_free(v);
    } else if (v->fault_pending) {
        v->fault_pending = false;
        vcoproc_set_state(v, VCOPROC_FAULTED);
    } else if (v->has_work || v->held_irqs) {
        vcoproc_set_state(v, VCOPROC_WAITING);
        c->sched.ops->wake(&c->sched, v, platform_time_now());
    } else {
        vcoproc_set_state(v, VCOPROC_IDLE);
    }
}

/* A hung device: reset it, and take every other slot's vcoproc off (their
 * resident contexts are gone); the caller fails the hung slot's vcoproc. */
static void switch_device_reset(struct coproc *c, struct coproc_slot *hung)
{
    if (c->driver->ops->device_reset)
        c->driver->ops->device_reset(c);
    for (unsigned i = 0; i < c->nr_slots; i++)
        if (&c->slots[i] != hung && c->slots[i].phase != COPROC_SLOT_FREE)
            slot_evict(&c->slots[i]);
}

/* Slot timer: slice end, switch retry, or switch timeout. */
void coproc_switch_slot_timer(void *arg)
{
    struct coproc_slot *s = arg;
    struct coproc *c = s->coproc;
    platform_lock_acquire(c->lock);
    if (!s->timer_due || platform_time_now() < s->timer_due) {
        platform_lock_release(c->lock); /* stale: re-armed or cancelled meanwhile */
        return;
    }
    s->timer_due = 0;
    switch (s->phase) {
    case COPROC_SLOT_SWITCHING_OUT:
    case COPROC_SLOT_SWITCHING_IN:
        if (s->waiting_irq) {
            platform_log(PLATFORM_LOG_ERR,
                         "coproc %s slot %u: no interrupt ending the context switch-%s of %s "
                         "within the timeout; resetting the device",
                         c->name, s->index, s->phase == COPROC_SLOT_SWITCHING_IN ? "in" : "out",
                         s->cur->cfg.name);
            switch_device_reset(c, s);
            switch_fail(s, COPROC_ETIMEDOUT, "context switch timed out");
        } else if (s->phase == COPROC_SLOT_SWITCHING_OUT) {
            switch_step_out(s);
        } else {
            switch_step_in(s);
        }
        break;
    case COPROC_SLOT_ACTIVE:
        if (s->cur && s->cur->state == VCOPROC_RUNNING && s->accounting)
            switch_slice_end(s);
        break;
    case COPROC_SLOT_FREE:
        break;
    }
    platform_lock_release(c->lock);
}

void coproc_switch_sched_timer(void *arg)
{
    struct coproc *c = arg;
    platform_lock_acquire(c->lock);
    if (c->sched.ops->tick)
        c->sched.ops->tick(&c->sched, platform_time_now());
    coproc_switch_kick(c);
    platform_lock_release(c->lock);
}
