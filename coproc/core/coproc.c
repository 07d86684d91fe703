/* coproc objects: driver lookup, probing from a DT node, removal, run-time
 * policy and parameter changes, physical IRQ entry and reports.
 *
 * Lock order: the platform's domain/MMIO locks may be taken inside a coproc
 * lock, never the reverse; no code path holds two coproc locks. */
#include "coproc/coproc.h"

extern const struct coproc_driver *const __start_coproc_drivers[];
extern const struct coproc_driver *const __stop_coproc_drivers[];

/* At least one entry so the section (and its bounds) always exists. */
static const struct coproc_driver coproc_no_driver = { "none", 0, 0 };
COPROC_DRIVER_REGISTER(coproc_no_driver);

const struct coproc_driver *coproc_driver_find(const char *compatible)
{
    for (const struct coproc_driver *const *d = __start_coproc_drivers;
         d < __stop_coproc_drivers; d++) {
        if (!(*d)->compatible)
            continue;
        for (const char *const *cp = (*d)->compatible; *cp; cp++)
            if (!coproc_strcmp(*cp, compatible))
                return *d;
    }
    return 0;
}

static const struct coproc_driver *coproc_driver_match(const struct platform_dt_node *n)
{
    for (const struct coproc_driver *const *d = __start_coproc_drivers;
         d < __stop_coproc_drivers; d++) {
        if (!(*d)->compatible)
            continue;
        for (const char *const *cp = (*d)->compatible; *cp; cp++)
            if (platform_dt_is_compatible(n, *cp))
                return *d;
    }
    return 0;
}

int coproc_set_slots(struct coproc *c, unsigned n)
{
    if (!c->probing || n < 1 || n > COPROC_MAX_SLOTS)
        return COPROC_EINVAL;
    c->nr_slots = n;
    return 0;
}

static void coproc_irq_entry(void *arg, uint32_t irq)
{
    struct coproc *c = arg;
    platform_lock_acquire(c->lock);
    c->driver->ops->irq(c, irq);
    platform_lock_release(c->lock);
}

static int coproc_read_resources(struct coproc *c, const struct platform_dt_node *n)
{
    uint64_t base, size;
    uint32_t irq, slots;
    while (c->nr_regs < COPROC_MAX_REGS && !platform_dt_read_reg(n, c->nr_regs, &base, &size)) {
        c->reg_base[c->nr_regs] = base;
        c->reg_size[c->nr_regs] = size;
        c->nr_regs++;
    }
    while (c->nr_irqs < COPROC_MAX_IRQS && !platform_dt_read_irq(n, c->nr_irqs, &irq))
        c->irqs[c->nr_irqs++] = irq;
    int err = platform_dt_read_u32(n, "vcoproc,slots", &slots);
    if (err == 0) {
        if (slots < 1 || slots > COPROC_MAX_SLOTS) {
            platform_log(PLATFORM_LOG_ERR, "%s: property vcoproc,slots %u out of range 1..%u",
                         c->name, slots, COPROC_MAX_SLOTS);
            return COPROC_EINVAL;
        }
        c->nr_slots = slots;
    } else if (err != COPROC_ENOENT) {
        platform_log(PLATFORM_LOG_ERR, "%s: property vcoproc,slots is malformed", c->name);
        return err;
    }
    return 0;
}

static int coproc_read_policy(struct coproc *c, const struct platform_dt_node *n,
                              const struct sched_ops **ops, coproc_time_t *slice)
{
    const char *policy = platform_dt_read_string(n, "vcoproc,policy");
    uint64_t v;
    *ops = sched_find(policy ? policy : "rr");
    if (!*ops) {
        platform_log(PLATFORM_LOG_ERR, "%s: property vcoproc,policy: unknown policy \"%s\" "
                     "(rr, credit or rt)", c->name, policy);
        return COPROC_EINVAL;
    }
    *slice = COPROC_MS(5);
    int err = platform_dt_read_u64(n, "vcoproc,slice-ns", &v);
    if (err == 0) {
        const char *why = v ? sched_param_check(SCHED_PARAM_SLICE, v) : "slice 0";
        if (why) {
            platform_log(PLATFORM_LOG_ERR, "%s: property vcoproc,slice-ns: %s", c->name, why);
            return COPROC_EINVAL;
        }
        *slice = v;
    } else if (err != COPROC_ENOENT) {
        platform_log(PLATFORM_LOG_ERR, "%s: property vcoproc,slice-ns is malformed", c->name);
        return err;
    }
    return 0;
}

static void coproc_free_slots(struct coproc *c)
{
    if (!c->slots)
        return;
    for (unsigned i = 0; i < c->nr_slots; i++)
        if (c->slots[i].timer)
            platform_timer_destroy(c->slots[i].timer);
    platform_free(c->slots);
    c->slots = 0;
}

int coproc_probe(const struct platform_dt_node *n, uint32_t id, struct coproc **out)
{
    const struct coproc_driver *drv = coproc_driver_match(n);
    const struct sched_ops *ops;
    coproc_time_t slice;
    int err;
    if (!drv) {
        platform_log(PLATFORM_LOG_ERR, "%s: no driver for its compatible", platform_dt_node_name(n));
        return COPROC_ENODEV;
    }
    struct coproc *c = platform_alloc(sizeof(*c));
    if (!c)
        return COPROC_ENOMEM;
    c->id = id;
    coproc_strlcpy(c->name, platform_dt_node_name(n), sizeof(c->name));
    c->driver = drv;
    c->nr_slots = 1;
    c->switch_timeout = COPROC_SWITCH_TIMEOUT_DEFAULT;
    c->lock = platform_lock_create();
    c->sched_timer = platform_timer_create(coproc_switch_sched_timer, c);
    err = COPROC_ENOMEM;
    if (!c->lock || !c->sched_timer)
        goto fail;
    if ((err = coproc_read_resources(c, n)) || (err = coproc_read_policy(c, n, &ops, &slice)))
        goto fail;
    c->probing = true;
    err = drv->ops->probe(c, n);
    c->probing = false;
    if (err) {
        platform_log(PLATFORM_LOG_ERR, "%s: driver %s probe failed: %s", c->name, drv->name,
                     coproc_strerror(err));
        goto fail;
    }
    err = COPROC_ENOMEM;
    c->slots = platform_alloc(c->nr_slots * sizeof(*c->slots));
    if (!c->slots)
        goto fail_drv;
    for (unsigned i = 0; i < c->nr_slots; i++) {
        c->slots[i].coproc = c;
        c->slots[i].index = i;
        c->slots[i].timer = platform_timer_create(coproc_switch_slot_timer, &c->slots[i]);
        if (!c->slots[i].timer)
            goto fail_drv;
    }
    if ((err = sched_create(&c->sched, ops, slice)))
        goto fail_drv;
    for (unsigned i = 0; i < c->nr_irqs; i++) {
        err = platform_irq_subscribe(c->irqs[i], coproc_irq_entry, c);
        if (err) {
            platform_log(PLATFORM_LOG_ERR, "%s: cannot subscribe to IRQ %u", c->name, c->irqs[i]);
            while (i--)
                platform_irq_unsubscribe(c->irqs[i]);
            sched_destroy(&c->sched);
            goto fail_drv;
        }
    }
    c->stats.start = platform_time_now();
    coproc_trace(c, COPROC_TR_POLICY, -1, 0, (uint64_t)sched_index(ops), 0);
    *out = c;
    return 0;
fail_drv:
    if (drv->ops->remove)
        drv->ops->remove(c);
fail:
    coproc_free_slots(c);
    if (c->sched_timer)
        platform_timer_destroy(c->sched_timer);
    if (c->lock)
        platform_lock_destroy(c->lock);
    platform_free(c);
    return err;
}

int coproc_remove(struct coproc *c)
{
    platform_lock_acquire(c->lock);
    for (unsigned i = 0; i < c->nr_slots; i++) {
        if (c->slots[i].phase != COPROC_SLOT_FREE) {
            platform_lock_release(c->lock);
            return COPROC_EBUSY;
        }
    }
    /* close every guest window, then unregister without the lock */
    for (struct vcoproc *v = c->vcoprocs; v; v = v->next)
        v->mmio_closed = true;
    platform_lock_release(c->lock);
    for (struct vcoproc *v = c->vcoprocs; v; v = v->next)
        if (!v->dying)
            platform_mmio_unregister(v->domain, v->cfg.base);
    platform_lock_acquire(c->lock);
    while (c->vcoprocs)
        vcoproc_free(c->vcoprocs);
    platform_lock_release(c->lock);
    for (unsigned i = 0; i < c->nr_irqs; i++)
        platform_irq_unsubscribe(c->irqs[i]);
    sched_destroy(&c->sched);
    if (c->driver->ops->remove)
        c->driver->ops->remove(c);
    coproc_free_slots(c);
    platform_timer_destroy(c->sched_timer);
    platform_lock_destroy(c->lock);
    platform_free(c);
    return 0;
}

int coproc_set_policy(struct coproc *c, const char *name)
{
    const struct sched_ops *ops = sched_find(name);
    struct sched fresh;
    int err;
    if (!ops) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s: unknown policy \"%s\" (rr, credit or rt)",
                     c->name, name ? name : "(null)");
        return COPROC_EINVAL;
    }
    platform_lock_acquire(c->lock);
    coproc_time_t now = platform_time_now();
    err = sched_create(&fresh, ops, c->sched.slice);
    for (struct vcoproc *v = c->vcoprocs; v && !err; v = v->next) {
        coproc_memset(&v->se, 0, sizeof(v->se));
        err = fresh.ops->insert(&fresh, v);
    }
    if (err) {
        /* the old scheduler's entities were cleared: rebuild them */
        platform_log(PLATFORM_LOG_ERR, "coproc %s: cannot switch to policy %s: %s", c->name,
                     name, coproc_strerror(err));
        if (fresh.ops)
            sched_destroy(&fresh);
        fresh = c->sched;
        ops = c->sched.ops;
        sched_destroy(&c->sched);
        sched_create(&c->sched, ops, fresh.slice);
        for (struct vcoproc *v = c->vcoprocs; v; v = v->next) {
            coproc_memset(&v->se, 0, sizeof(v->se));
            c->sched.ops->insert(&c->sched, v);
        }
    } else {
        sched_destroy(&c->sched);
        c->sched = fresh;
    }
    for (struct vcoproc *v = c->vcoprocs; v; v = v->next)
        if (v->state == VCOPROC_WAITING)
            c->sched.ops->wake(&c->sched, v, now);
    coproc_trace(c, COPROC_TR_POLICY, -1, 0, (uint64_t)sched_index(c->sched.ops), 0);
    coproc_switch_kick(c);
    platform_lock_release(c->lock);
    return err;
}

/* Device time reserved per second, in ppm of one slot. */
static uint64_t reservation_ppm(const struct sched_params *p)
{
    return p->budget && p->period ? p->budget * 1000000u / p->period : 0;
}

int coproc_admit(struct coproc *c, const struct vcoproc *except, const struct sched_params *p)
{
    uint64_t total = reservation_ppm(p);
    for (const struct vcoproc *v = c->vcoprocs; v; v = v->next)
        if (v != except && !v->dying)
            total += reservation_ppm(&v->cfg.sched);
    return total <= (uint64_t)c->nr_slots * 1000000u ? 0 : COPROC_EBUSY;
}

int coproc_set_param(struct coproc *c, struct vcoproc *v, enum sched_param_key k, uint64_t val)
{
    const char *why = sched_param_check(k, val);
    if (!v && k != SCHED_PARAM_SLICE)
        why = "only the slice is a coproc-wide parameter";
    if (!v && !val)
        why = "slice 0";
    if (why) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s%s%s: %s %llu rejected: %s", c->name,
                     v ? " vcoproc " : "", v ? v->cfg.name : "", sched_param_name(k),
                     (unsigned long long)val, why);
        return COPROC_EINVAL;
    }
    platform_lock_acquire(c->lock);
    if (!v) {
        c->sched.slice = val;
        platform_lock_release(c->lock);
        return 0;
    }
    struct sched_params p = v->cfg.sched;
    switch (k) {
    case SCHED_PARAM_WEIGHT: p.weight = (uint32_t)val; break;
    case SCHED_PARAM_PRIORITY: p.priority = (uint32_t)val; break;
    case SCHED_PARAM_BUDGET: p.budget = val; break;
    case SCHED_PARAM_PERIOD: p.period = val; break;
    case SCHED_PARAM_SLICE: p.slice = val; break;
    }
    why = sched_params_check(&p);
    if (why) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s vcoproc %s: %s %llu rejected: %s", c->name,
                     v->cfg.name, sched_param_name(k), (unsigned long long)val, why);
        platform_lock_release(c->lock);
        return COPROC_EINVAL;
    }
    if (coproc_admit(c, v, &p)) {
        platform_log(PLATFORM_LOG_ERR, "coproc %s vcoproc %s: %s %llu rejected: reservations "
                     "(budget/period) would exceed the device's %u slot(s)", c->name,
                     v->cfg.name, sched_param_name(k), (unsigned long long)val, c->nr_slots);
        platform_lock_release(c->lock);
        return COPROC_EINVAL;
    }
    v->cfg.sched = p;
    if (c->sched.ops->params_changed)
        c->sched.ops->params_changed(&c->sched, v, platform_time_now());
    coproc_switch_kick(c);
    platform_lock_release(c->lock);
    return 0;
}

int vcoproc_guest_dt(struct vcoproc *v, struct platform_dt_writer *w)
{
    struct coproc *c = v->coproc;
    int err;
    platform_lock_acquire(c->lock);
    err = c->driver->ops->guest_dt_node ? c->driver->ops->guest_dt_node(v, w) : COPROC_ENODEV;
    platform_lock_release(c->lock);
    return err;
}
