/* vcoproc objects: creation from a config, destruction (also while
 * resident), guest MMIO routing, work/idle tracking, interrupt hold and
 * delivery, faults and job statistics. */
#include "coproc/coproc.h"

void coproc_trace(const struct coproc *c, enum coproc_trace_type t, int slot,
                  const struct vcoproc *v, uint64_t a, uint64_t b)
{
    struct coproc_trace_event ev = {
        .time = platform_time_now(), .type = t, .coproc = c->id, .slot = slot,
        .vcoproc = v ? (int32_t)v->id : -1, .a = a, .b = b,
    };
    platform_trace(&ev);
}

void vcoproc_set_state(struct vcoproc *v, enum vcoproc_state s)
{
    enum vcoproc_state old = v->state;
    coproc_time_t now = platform_time_now();
    if (old == s)
        return;
    if (old == VCOPROC_WAITING) {
        v->coproc->nr_waiting--;
        if (s == VCOPROC_RUNNING)
            coproc_hist_add(&v->stats.queue_delay, now - v->state_since);
    }
    if (s == VCOPROC_WAITING)
        v->coproc->nr_waiting++;
    v->state = s;
    v->state_since = now;
    coproc_trace(v->coproc, COPROC_TR_STATE, v->slot ? (int)v->slot->index : -1, v, s, old);
}

/* ---- guest MMIO ---- */
static bool vcoproc_mmio_read(void *priv, uint64_t off, unsigned size, uint64_t *val)
{
    struct vcoproc *v = priv;
    struct coproc *c = v->coproc;
    int err = 0;
    *val = 0;
    platform_lock_acquire(c->lock);
    if (!v->mmio_closed && !v->fault_pending)
        err = c->driver->ops->mmio_read(v, off, size, val);
    if (err < 0)
        vcoproc_fault(v, err, "guest register read rejected by the driver");
    platform_lock_release(c->lock);
    return true;
}

static int vcoproc_reset_locked(struct vcoproc *v);

static bool vcoproc_mmio_write(void *priv, uint64_t off, unsigned size, uint64_t val)
{
    struct vcoproc *v = priv;
    struct coproc *c = v->coproc;
    int err = 0;
    platform_lock_acquire(c->lock);
    if (!v->mmio_closed && !v->fault_pending)
        err = c->driver->ops->mmio_write(v, off, size, val);
    if (err < 0)
        vcoproc_fault(v, err, "guest register write rejected by the driver");
    else if (err == COPROC_MMIO_RESET && v->state == VCOPROC_FAULTED && !v->slot)
        vcoproc_reset_locked(v);   /* the guest's recovery */
    platform_lock_release(c->lock);
    return true;
}

static const struct platform_mmio_ops vcoproc_mmio_ops = {
    .read = vcoproc_mmio_read,
    .write = vcoproc_mmio_write,
};

/* ---- configuration ---- */
static int config_time(const struct platform_dt_node *n, const char *prop, coproc_time_t *out)
{
    uint64_t v;
    int err = platform_dt_read_u64(n, prop, &v);
    if (err == COPROC_ENOENT)
        return 0;
    if (err) {
        platform_log(PLATFORM_LOG_ERR, "%s: property %s is malformed", platform_dt_node_name(n),
                     prop);
        return err;
    }
    *out = v;
    return 0;
}

static int config_u32(const struct platform_dt_node *n, const char *prop, uint32_t *out)
{
    int err = platform_dt_read_u32(n, prop, out);
    if (err == COPROC_ENOENT)
        return 0;
    if (err)
        platform_log(PLATFORM_LOG_ERR, "%s: property %s is malformed", platform_dt_node_name(n),
                     prop);
    return err;
}

int vcoproc_config_from_dt(const struct platform_dt_node *n, struct vcoproc_config *cfg)
{
    const char *name = platform_dt_node_name(n);
    uint64_t base, size;
    int err;
    coproc_memset(cfg, 0, sizeof(*cfg));
    sched_params_default(&cfg->sched);
    coproc_strlcpy(cfg->name, name, sizeof(cfg->name));
    if (platform_dt_read_reg(n, 0, &base, &size)) {
        platform_log(PLATFORM_LOG_ERR, "%s: property reg is missing or malformed", name);
        return COPROC_EINVAL;
    }
    cfg->base = coproc_ipa(base);
    cfg->size = size;
    cfg->node = n;
    if (platform_dt_read_irq(n, 0, &cfg->virq)) {
        platform_log(PLATFORM_LOG_ERR, "%s: property interrupts is missing or malformed", name);
        return COPROC_EINVAL;
    }
    if ((err = config_u32(n, "vcoproc,weight", &cfg->sched.weight)) ||
        (err = config_u32(n, "vcoproc,priority", &cfg->sched.priority)) ||
        (err = config_time(n, "vcoproc,budget-ns", &cfg->sched.budget)) ||
        (err = config_time(n, "vcoproc,period-ns", &cfg->sched.period)) ||
        (err = config_time(n, "vcoproc,slice-ns", &cfg->sched.slice)))
        return err;
    const char *why = sched_params_check(&cfg->sched);
    if (why) {
        platform_log(PLATFORM_LOG_ERR, "%s: bad scheduling parameters: %s", name, why);
        return COPROC_EINVAL;
    }
    return 0;
}

/* ---- lifecycle ---- */
int vcoproc_create(struct coproc *c, struct platform_domain *d, const struct vcoproc_config *cfg,
                   struct vcoproc **out)
{
    const char *why = sched_params_check(&cfg->sched);
    int err;
    if (why) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s: vcoproc %s: %s", c->name, cfg->name, why);
        return COPROC_EINVAL;
    }
    if (!cfg->size) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s: vcoproc %s: register window size 0", c->name,
                     cfg->name);
        return COPROC_EINVAL;
    }
    struct vcoproc *v = platform_alloc(sizeof(*v));
    if (!v)
        return COPROC_ENOMEM;
    v->coproc = c;
    v->domain = d;
    v->cfg = *cfg;
    v->state = VCOPROC_IDLE;
    platform_lock_acquire(c->lock);
    v->id = c->next_vcoproc_id++;
    v->state_since = platform_time_now();
    if (coproc_admit(c, 0, &cfg->sched)) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s: vcoproc %s: budget/period reservation "
                     "would exceed the device's %u slot(s)", c->name, cfg->name, c->nr_slots);
        err = COPROC_EINVAL;
        goto fail;
    }
    err = c->driver->ops->vcoproc_init(v);
    if (err) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s: vcoproc %s: driver init failed: %s", c->name,
                     cfg->name, coproc_strerror(err));
        goto fail;
    }
    v->cfg.node = 0; /* the caller's node may not outlive this call */
    err = c->sched.ops->insert(&c->sched, v);
    if (err)
        goto fail_drv;
    /* append, so reports list vcoprocs in creation order */
    struct vcoproc **pp = &c->vcoprocs;
    while (*pp)
        pp = &(*pp)->next;
    *pp = v;
    c->nr_vcoprocs++;
    coproc_trace(c, COPROC_TR_VC_CREATE, -1, v, platform_domain_id(d), 0);
    platform_lock_release(c->lock);
    /* outside the lock: MMIO handlers run under the platform's table lock
     * and then take ours, so taking them in the other order could deadlock */
    err = platform_mmio_register(d, cfg->base, cfg->size, &vcoproc_mmio_ops, v);
    if (err) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s: vcoproc %s: cannot trap IPA 0x%llx+0x%llx: %s",
                     c->name, cfg->name, (unsigned long long)cfg->base.ipa,
                     (unsigned long long)cfg->size, coproc_strerror(err));
        platform_lock_acquire(c->lock);
        v->mmio_closed = true;
        vcoproc_free(v);
        platform_lock_release(c->lock);
        return err;
    }
    *out = v;
    return 0;
fail_drv:
    c->driver->ops->vcoproc_destroy(v);
fail:
    platform_lock_release(c->lock);
    platform_free(v);
    return err;
}

/* Unlinks and frees v; it is not resident. Lock held. */
void vcoproc_free(struct vcoproc *v)
{
    struct coproc *c = v->coproc;
    if (v->state == VCOPROC_WAITING)
        vcoproc_set_state(v, VCOPROC_IDLE);
    c->sched.ops->remove(&c->sched, v);
    c->driver->ops->vcoproc_destroy(v);
    for (struct vcoproc **pp = &c->vcoprocs; *pp; pp = &(*pp)->next) {
        if (*pp == v) {
            *pp = v->next;
            break;
        }
    }
    c->nr_vcoprocs--;
    coproc_trace(c, COPROC_TR_VC_DESTROY, -1, v, 0, 0);
    platform_free(v);
}

int vcoproc_destroy(struct vcoproc *v)
{
    struct coproc *c = v->coproc;
    int ret = 0;
    /* close the guest's window first: accesses in flight are ignored, and
     * unregister (which may wait for them) runs without our lock */
    platform_lock_acquire(c->lock);
    bool was_open = !v->mmio_closed;
    v->mmio_closed = true;
    platform_lock_release(c->lock);
    if (was_open)
        platform_mmio_unregister(v->domain, v->cfg.base);
    platform_lock_acquire(c->lock);
    v->dying = true;
    struct coproc_slot *s = v->slot;
    if (!s) {
        vcoproc_free(v);
    } else {
        ret = COPROC_EBUSY;
        if (s->phase == COPROC_SLOT_ACTIVE) {
            coproc_switch_release(v);
            coproc_switch_begin_out(s);
        }
        /* in a switch phase: its completion sees `dying` */
    }
    platform_lock_release(c->lock);
    return ret;
}

/* Lock held; v is not resident. */
static int vcoproc_reset_locked(struct vcoproc *v)
{
    struct coproc *c = v->coproc;
    if (v->state == VCOPROC_WAITING)
        c->sched.ops->sleep(&c->sched, v);
    v->has_work = false;
    v->held_irqs = 0;
    int err = c->driver->ops->vcoproc_reset ? c->driver->ops->vcoproc_reset(v) : 0;
    if (!err && v->state == VCOPROC_FAULTED)
        platform_log(PLATFORM_LOG_INFO, "coproc %s: vcoproc %s reset: running again", c->name,
                     v->cfg.name);
    vcoproc_set_state(v, err ? VCOPROC_FAULTED : VCOPROC_IDLE);
    return err;
}

int vcoproc_reset(struct vcoproc *v)
{
    struct coproc *c = v->coproc;
    int err;
    platform_lock_acquire(c->lock);
    if (v->slot || v->dying) {
        platform_lock_release(c->lock);
        return COPROC_EBUSY;
    }
    err = vcoproc_reset_locked(v);
    platform_lock_release(c->lock);
    return err;
}

/* ---- driver-facing helpers (lock held) ---- */
void vcoproc_set_work(struct vcoproc *v, bool work)
{
    struct coproc *c = v->coproc;
    coproc_time_t now = platform_time_now();
    v->has_work = work;
    if (v->dying || v->fault_pending)
        return;
    switch (v->state) {
    case VCOPROC_IDLE:
        if (!work)
            break;
        if (v->slot) {
            /* resident and idle: resume in place (kick starts accounting) */
            if (v->slot->phase == COPROC_SLOT_ACTIVE)
                vcoproc_set_state(v, VCOPROC_RUNNING);
        } else {
            vcoproc_set_state(v, VCOPROC_WAITING);
            c->sched.ops->wake(&c->sched, v, now);
        }
        coproc_switch_kick(c);
        break;
    case VCOPROC_WAITING:
        if (!work && !v->held_irqs) {
            c->sched.ops->sleep(&c->sched, v);
            vcoproc_set_state(v, VCOPROC_IDLE);
        }
        break;
    case VCOPROC_RUNNING:
        if (!work && v->slot && v->slot->phase == COPROC_SLOT_ACTIVE) {
            coproc_switch_release(v);
            vcoproc_set_state(v, VCOPROC_IDLE);
            coproc_switch_kick(c);
        }
        break;
    case VCOPROC_SWITCHING_OUT:
    case VCOPROC_FAULTED:
        break;
    }
}

void vcoproc_raise_irq(struct vcoproc *v)
{
    struct coproc *c = v->coproc;
    struct coproc_slot *s = v->slot;
    int slot = s ? (int)s->index : -1;
    if (v->state == VCOPROC_FAULTED || v->dying)
        return;
    if (coproc_slot_visible(s) == v) {
        v->stats.irqs_injected++;
        coproc_trace(c, COPROC_TR_IRQ_INJECT, slot, v, v->cfg.virq, 0);
        platform_virq_inject(v->domain, v->cfg.virq);
        return;
    }
    v->held_irqs++;
    v->stats.irqs_held++;
    coproc_trace(c, COPROC_TR_IRQ_HOLD, slot, v, v->cfg.virq, v->held_irqs);
    if (v->state == VCOPROC_IDLE && !s) {
        /* it must run to see the interrupt; queue it like work */
        vcoproc_set_state(v, VCOPROC_WAITING);
        c->sched.ops->wake(&c->sched, v, platform_time_now());
        coproc_switch_kick(c);
    }
}

struct vcoproc *coproc_slot_visible(const struct coproc_slot *s)
{
    if (!s || s->phase != COPROC_SLOT_ACTIVE || !s->cur)
        return 0;
    if (s->cur->state != VCOPROC_RUNNING && s->cur->state != VCOPROC_IDLE)
        return 0;
    return s->cur;
}

void vcoproc_fault(struct vcoproc *v, int err, const char *why)
{
    struct coproc *c = v->coproc;
    struct coproc_slot *s = v->slot;
    if (v->state == VCOPROC_FAULTED || v->fault_pending)
        return;
    platform_log(PLATFORM_LOG_ERR, "coproc %s: vcoproc %s (domain %u) faulted: %s (%s)", c->name,
                 v->cfg.name, platform_domain_id(v->domain), why, coproc_strerror(err));
    v->stats.faults++;
    coproc_trace(c, COPROC_TR_FAULT, s ? (int)s->index : -1, v, (uint64_t)(int64_t)err, 0);
    /* the guest learns it from its registers (the driver shows the fault
     * there); one interrupt so that it looks */
    platform_virq_inject(v->domain, v->cfg.virq);
    if (!s) {
        if (v->state == VCOPROC_WAITING)
            c->sched.ops->sleep(&c->sched, v);
        vcoproc_set_state(v, VCOPROC_FAULTED);
        return;
    }
    switch (s->phase) {
    case COPROC_SLOT_ACTIVE:
        /* save what can be saved and stop it; out_done marks it faulted */
        v->fault_pending = true;
        coproc_switch_begin_out(s);
        break;
    case COPROC_SLOT_SWITCHING_OUT:
        v->fault_pending = true;
        break;
    case COPROC_SLOT_SWITCHING_IN:
    case COPROC_SLOT_FREE:
        coproc_switch_abandon(s);
        vcoproc_set_state(v, VCOPROC_FAULTED);
        coproc_switch_kick(c);
        break;
    }
}

void vcoproc_job_done(struct vcoproc *v, coproc_time_t submitted, coproc_time_t deadline)
{
    coproc_time_t now = platform_time_now();
    bool miss = deadline && now > deadline;
    v->stats.jobs_done++;
    coproc_hist_add(&v->stats.job_latency, now > submitted ? now - submitted : 0);
    if (deadline) {
        v->stats.deadline_jobs++;
        v->stats.deadline_misses += miss;
    }
    coproc_trace(v->coproc, COPROC_TR_JOB_DONE, v->slot ? (int)v->slot->index : -1, v,
                 now > submitted ? now - submitted : 0, miss);
}
