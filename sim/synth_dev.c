/* Synthetic co-processor model (see include/sim/synth_dev.h). Each slot is a
 * small state machine on the virtual clock: STOPPED -> (RUN) LOADING ->
 * RUNNING -> (PREEMPT) PREEMPTING -> STOPPED. A job is read from the ring in
 * guest memory through the slot's stage-2 context, runs for its cost, and
 * retires by advancing HEAD and raising JOB_DONE. */
#include <stdlib.h>
#include <string.h>
#include "sim/synth_dev.h"
#include "../vcoproc-drivers/synthetic/synthetic_regs.h"

struct synth_slot {
    struct synth_dev *dev;
    unsigned idx;
    uint64_t s2_root, ring_base, ctx, fault_addr;
    uint32_t s2_ctrl, ring_size, head, tail, state, irq_status;
    bool job_active, preempt_req;
    uint64_t job_cost;          /* total cost of the job in flight */
    uint64_t seg_left;          /* job time left when the segment began */
    coproc_time_t seg_start;
    struct sim_event *ev_done, *ev_stop, *ev_load;
};

struct synth_dev {
    uint64_t pa;
    uint32_t irq_base;
    struct synth_dev_config cfg;
    coproc_time_t busy, busy_base;   /* busy_base: busy time at the last reset */
    uint64_t jobs, faults, jobs_base;
    struct synth_slot *slots;
};

static void slot_irq(struct synth_slot *s, uint32_t bits)
{
    s->irq_status |= bits;
    sim_irq_raise(s->dev->irq_base + s->idx);
}

static void slot_fault(struct synth_slot *s, uint64_t addr)
{
    s->state = SYN_STATE_FAULTED;
    s->fault_addr = addr;
    s->job_active = false;
    s->dev->faults++;
    sim_event_cancel(s->ev_done);
    slot_irq(s, SYN_IRQ_FAULT);
}

/* Starts the next job if the slot runs and the ring has one. */
static void slot_fetch(struct synth_slot *s)
{
    if (s->state != SYN_STATE_RUNNING || s->job_active || s->head == s->tail)
        return;
    struct platform_domain *d = (s->s2_ctrl & SYN_S2_ENABLE)
        ? sim_domain_by_s2(s->s2_root, (uint16_t)(s->s2_ctrl & 0xffff)) : NULL;
    uint64_t ipa = s->ring_base + (uint64_t)(s->head & (s->ring_size - 1)) * sizeof(struct syn_job);
    struct syn_job *j = d && s->ring_size ? sim_domain_ram(d, ipa, sizeof(*j)) : NULL;
    if (!j) {
        slot_fault(s, ipa);
        return;
    }
    s->job_active = true;
    s->job_cost = j->cost_ns;
    s->seg_left = s->ctx && s->ctx <= j->cost_ns ? s->ctx : j->cost_ns;
    s->seg_start = sim_now();
    sim_event_at(s->ev_done, sim_now() + s->seg_left);
}

static void slot_stop(void *arg)
{
    struct synth_slot *s = arg;
    s->state = SYN_STATE_STOPPED;
    s->preempt_req = false;
    slot_irq(s, SYN_IRQ_PREEMPTED);
}

static void slot_job_done(void *arg)
{
    struct synth_slot *s = arg;
    s->dev->busy += sim_now() - s->seg_start;
    s->dev->jobs++;
    s->job_active = false;
    s->ctx = 0;
    s->head++;
    slot_irq(s, SYN_IRQ_JOB_DONE);
    if (s->preempt_req) {
        sim_event_at(s->ev_stop, sim_now() + s->dev->cfg.save_ns);
        return;
    }
    slot_fetch(s);
}

static void slot_loaded(void *arg)
{
    struct synth_slot *s = arg;
    s->state = SYN_STATE_RUNNING;
    slot_irq(s, SYN_IRQ_LOADED);
    slot_fetch(s);
}

static void slot_preempt(struct synth_slot *s)
{
    coproc_time_t now = sim_now();
    const struct synth_dev_config *cfg = &s->dev->cfg;
    if (s->state == SYN_STATE_LOADING) {
        sim_event_cancel(s->ev_load);
        s->state = SYN_STATE_STOPPED;
        return;
    }
    if (s->state != SYN_STATE_RUNNING)
        return;
    s->preempt_req = true;
    s->state = SYN_STATE_PREEMPTING;
    if (!s->job_active) {
        if (cfg->save_ns) {
            sim_event_at(s->ev_stop, now + cfg->save_ns);
        } else {
            s->state = SYN_STATE_STOPPED; /* nothing to save: stops at once */
            s->preempt_req = false;
        }
        return;
    }
    /* the job stops at its next preemption point; if that is its end, it
     * simply completes (slot_job_done sees preempt_req) */
    uint64_t progress = s->job_cost - s->seg_left + (now - s->seg_start);
    uint64_t g = cfg->preempt_granule, point = progress;
    if (g)
        point = (progress + g - 1) / g * g;
    if (point >= s->job_cost)
        return;
    sim_event_cancel(s->ev_done);
    coproc_time_t drain = point - progress;
    s->dev->busy += now - s->seg_start + drain;
    s->job_active = false;
    s->ctx = s->job_cost - point;
    sim_event_at(s->ev_stop, now + drain + cfg->save_ns);
}

static void slot_run(struct synth_slot *s)
{
    if (s->state != SYN_STATE_STOPPED)
        return;
    if (s->dev->cfg.restore_ns) {
        s->state = SYN_STATE_LOADING;
        sim_event_at(s->ev_load, sim_now() + s->dev->cfg.restore_ns);
    } else {
        s->state = SYN_STATE_RUNNING;
        slot_fetch(s);
    }
}

static uint32_t synth_read32(void *priv, uint64_t off)
{
    struct synth_dev *d = priv;
    if (off == SYN_REG_ID)
        return SYN_ID_VALUE;
    if (off == SYN_REG_NSLOTS)
        return d->cfg.slots;
    if (off < SYN_SLOT_BASE(0) || off >= SYN_SLOT_BASE(d->cfg.slots))
        return 0;
    struct synth_slot *s = &d->slots[(off - SYN_SLOT_BASE(0)) / 0x100];
    switch (off & 0xff) {
    case SYN_S2_ROOT_LO: return (uint32_t)s->s2_root;
    case SYN_S2_ROOT_HI: return (uint32_t)(s->s2_root >> 32);
    case SYN_S2_CTRL: return s->s2_ctrl;
    case SYN_RING_BASE_LO: return (uint32_t)s->ring_base;
    case SYN_RING_BASE_HI: return (uint32_t)(s->ring_base >> 32);
    case SYN_RING_SIZE: return s->ring_size;
    case SYN_HEAD: return s->head;
    case SYN_TAIL: return s->tail;
    case SYN_STATE: return s->state;
    case SYN_IRQ_STATUS: return s->irq_status;
    case SYN_CTX_LO: return (uint32_t)s->ctx;
    case SYN_CTX_HI: return (uint32_t)(s->ctx >> 32);
    case SYN_FAULT_ADDR_LO: return (uint32_t)s->fault_addr;
    case SYN_FAULT_ADDR_HI: return (uint32_t)(s->fault_addr >> 32);
    default: return 0;
    }
}

static void set_lo(uint64_t *r, uint32_t v) { *r = (*r & ~0xffffffffull) | v; }
static void set_hi(uint64_t *r, uint32_t v) { *r = (*r & 0xffffffffull) | (uint64_t)v << 32; }

static void synth_write32(void *priv, uint64_t off, uint32_t val)
{
    struct synth_dev *d = priv;
    if (off < SYN_SLOT_BASE(0) || off >= SYN_SLOT_BASE(d->cfg.slots))
        return;
    struct synth_slot *s = &d->slots[(off - SYN_SLOT_BASE(0)) / 0x100];
    switch (off & 0xff) {
    case SYN_S2_ROOT_LO: set_lo(&s->s2_root, val); break;
    case SYN_S2_ROOT_HI: set_hi(&s->s2_root, val); break;
    case SYN_S2_CTRL: s->s2_ctrl = val; break;
    case SYN_RING_BASE_LO: set_lo(&s->ring_base, val); break;
    case SYN_RING_BASE_HI: set_hi(&s->ring_base, val); break;
    case SYN_RING_SIZE: s->ring_size = val; break;
    case SYN_HEAD: s->head = val; break;
    case SYN_TAIL:
        s->tail = val;
        slot_fetch(s);
        break;
    case SYN_CTRL:
        if (val == SYN_CTRL_RUN) {
            if (s->state == SYN_STATE_FAULTED)
                s->state = SYN_STATE_STOPPED;
            slot_run(s);
        } else if (val == SYN_CTRL_PREEMPT) {
            slot_preempt(s);
        } else if (val == SYN_CTRL_RESET) {
            sim_event_cancel(s->ev_done);
            sim_event_cancel(s->ev_stop);
            sim_event_cancel(s->ev_load);
            if (s->job_active)
                s->dev->busy += sim_now() - s->seg_start;
            s->job_active = false;
            s->preempt_req = false;
            s->ctx = 0;
            s->state = SYN_STATE_STOPPED;
        }
        break;
    case SYN_IRQ_STATUS: s->irq_status &= ~val; break;
    case SYN_CTX_LO: set_lo(&s->ctx, val); break;
    case SYN_CTX_HI: set_hi(&s->ctx, val); break;
    default: break;
    }
}

static const struct sim_iomem_ops synth_ops = { synth_read32, synth_write32 };

struct synth_dev *synth_dev_create(uint64_t pa, uint32_t irq_base, const struct synth_dev_config *cfg)
{
    if (cfg->slots < 1 || cfg->slots > 64)
        return NULL;
    struct synth_dev *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->pa = pa;
    d->irq_base = irq_base;
    d->cfg = *cfg;
    d->slots = calloc(cfg->slots, sizeof(*d->slots));
    if (!d->slots)
        goto fail;
    for (unsigned i = 0; i < cfg->slots; i++) {
        struct synth_slot *s = &d->slots[i];
        s->dev = d;
        s->idx = i;
        s->ev_done = sim_event_new(slot_job_done, s);
        s->ev_stop = sim_event_new(slot_stop, s);
        s->ev_load = sim_event_new(slot_loaded, s);
        if (!s->ev_done || !s->ev_stop || !s->ev_load)
            goto fail;
    }
    if (sim_iomem_register(pa, SIM_SYNTH_WINDOW, &synth_ops, d))
        goto fail;
    return d;
fail:
    synth_dev_destroy(d);
    return NULL;
}

void synth_dev_destroy(struct synth_dev *d)
{
    if (!d)
        return;
    sim_iomem_unregister(d->pa);
    for (unsigned i = 0; d->slots && i < d->cfg.slots; i++) {
        sim_event_free(d->slots[i].ev_done);
        sim_event_free(d->slots[i].ev_stop);
        sim_event_free(d->slots[i].ev_load);
    }
    free(d->slots);
    free(d);
}

static coproc_time_t synth_dev_busy_total(const struct synth_dev *d)
{
    coproc_time_t busy = d->busy;
    for (unsigned i = 0; i < d->cfg.slots; i++)
        if (d->slots[i].job_active)
            busy += sim_now() - d->slots[i].seg_start;
    return busy;
}

coproc_time_t synth_dev_busy_ns(const struct synth_dev *d)
{
    return synth_dev_busy_total(d) - d->busy_base;
}

uint64_t synth_dev_jobs(const struct synth_dev *d)
{
    return d->jobs - d->jobs_base;
}

void synth_dev_stats_reset(struct synth_dev *d)
{
    d->busy_base = synth_dev_busy_total(d);
    d->jobs_base = d->jobs;
}

uint64_t synth_dev_faults(const struct synth_dev *d)
{
    return d->faults;
}
