/* SFPGA context switches, the IOMMU context and the placement cost. The
 * sequence is the device's recipe (docs/hw/sfpga.md section 3):
 *   out: PREEMPT (if busy) -> job at a chunk boundary -> SAVE
 *   in:  LOAD its image if the slot holds another -> RESTORE its context ->
 *        its stores made meanwhile -> RESUME if preempted.
 * A device command takes effect at the transport's next doorbell, which
 * the hypervisor rings when the coproc lock is released: so each step
 * issues one command and answers RETRY, and the next step finds it taken
 * and reads its result (in the simulator a command is taken at once and the
 * step goes on in the same call). Waits are bounded by the model's own
 * durations (reconfiguration time, chunk time); nothing spins. */
#include "sfpga_vc.h"

#define POLL_NS COPROC_US(2)          /* a command's doorbell round trip */
#define POLL_MAX COPROC_US(50)        /* a matmul row of 512x512 takes ~1 ms */

static struct coproc_switch_ret ret(enum coproc_switch_status st, coproc_time_t ns)
{
    struct coproc_switch_ret r = { st, ns };
    return r;
}

bool sfpga_vc_cmd_taken(struct coproc *c, unsigned k)
{
    return sfpga_vc_prd(c, k, SFPGA_P_CMD) == 0;
}

bool sfpga_vc_ctrl_taken(struct coproc *c, unsigned k)
{
    return sfpga_vc_frd(c, k, SFPGA_F_CTRL) == 0;
}

/* Until the running load should have ended, then in short polls. */
static coproc_time_t load_wait(const struct coproc_slot *s, const struct vcoproc *v)
{
    const struct sfpga_dev *d = sfpga_vc_dev(s->coproc);
    const struct sfpga_vc *x = v->drv;
    coproc_time_t end = sfpga_vc_slot(s)->load_start + sfpga_vc_reconf_ns(d, x->image_len);
    coproc_time_t now = platform_time_now();
    return end > now + POLL_NS ? end - now : POLL_NS;
}

/* A command waits for the doorbell (under QEMU a round trip through the
 * model process), a preemption for the job's chunk boundary: poll more
 * slowly as it takes longer, so the framework's 10000 retries of a phase
 * last ~0.5 s. */
static coproc_time_t poll(const struct coproc_slot *s)
{
    coproc_time_t t = POLL_NS << (s->retries < 5 ? s->retries : 5);
    return t < POLL_MAX ? t : POLL_MAX;
}

static void issue_ctx_cmd(struct coproc *c, unsigned k, coproc_pa_t area, uint32_t cmd)
{
    sfpga_vc_pwr(c, k, SFPGA_P_IRQ_CLEAR, SFPGA_PIRQ_SAVED | SFPGA_PIRQ_RESTORED |
                                              SFPGA_PIRQ_CMD_ERROR);
    sfpga_vc_pwr64(c, k, SFPGA_P_CTX_ADDR_LO, area.pa);
    sfpga_vc_pwr(c, k, SFPGA_P_CTX_SIZE, SFPGA_VC_CTX_BYTES);
    sfpga_vc_pwr(c, k, SFPGA_P_CMD, cmd);
}

/* The SAVE of v's context was taken: the shadow becomes what the guest last
 * saw on the device. */
static int save_done(struct coproc *c, unsigned k, struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    struct sfpga_dev *d = sfpga_vc_dev(c);
    unsigned st = sfpga_vc_prd(c, k, SFPGA_P_CMD_STATUS);
    d->slot[k].page_owner = 0;
    if (st != SFPGA_ST_OK) {
        platform_log(PLATFORM_LOG_ERR, "%s: slot %u: SAVE of %s refused with status %u", c->name,
                     k, v->cfg.name, st);
        x->ctx_valid = false;
        return COPROC_EIO;
    }
    d->st.saves++;
    x->ctx_valid = true;
    const uint8_t *img = x->ctx;
    x->saved_state = (uint32_t)img[0x10] | (uint32_t)img[0x11] << 8;
    for (unsigned i = 0; i < SFPGA_VC_FREGS; i++) {
        const uint8_t *p = img + SFPGA_CTX_REGS_OFF + 4 * i;
        if (!(x->dirty & (1ull << i))) /* stored during the switch-out: newer */
            x->fregs[i] = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                          (uint32_t)p[3] << 24;
    }
    x->fregs[SFPGA_F_CTRL / 4] = x->fregs[SFPGA_F_IRQ_CLEAR / 4] = 0;
    /* clears and CTRL stores made during the switch-out were kept for the
     * replay (the save may have caught the state before them) */
    x->fregs[SFPGA_F_IRQ_STATUS / 4] &= ~x->clear_pending;
    /* an event the device latched but we have not passed on yet (its
     * interrupt may still be on the way) goes to v when it next runs */
    sfpga_vc_func_irq_check(v, x->fregs[SFPGA_F_IRQ_STATUS / 4]);
    if (x->fregs[SFPGA_F_STATUS / 4] != SFPGA_JOB_BUSY)
        sfpga_vc_job_end(v);
    vcoproc_set_work(v, sfpga_vc_shadow_has_work(x));
    sfpga_vc_lp_release(v); /* the shadow now shows what the load left */
    return 0;
}

static struct coproc_switch_ret out_step(struct coproc_slot *s, struct vcoproc *v)
{
    struct coproc *c = s->coproc;
    struct sfpga_vc *x = v->drv;
    struct sfpga_vc_slot *sd = sfpga_vc_slot(s);
    unsigned k = s->index;
    for (;;) {
        switch (sd->phase) {
        case SFPGA_SP_OUT_LOAD:
            if (!sfpga_vc_load_over(c, k))
                return ret(COPROC_SWITCH_RETRY, load_wait(s, v));
            sd->phase = sfpga_vc_load_end(c, k, v, true) ? SFPGA_SP_OUT_PRISTINE : SFPGA_SP_NONE;
            continue;
        case SFPGA_SP_OUT_PRISTINE:
            if (!sfpga_vc_cmd_taken(c, k))
                return ret(COPROC_SWITCH_RETRY, poll(s));
            sd->pristine_image = sfpga_vc_prd(c, k, SFPGA_P_CMD_STATUS) == SFPGA_ST_OK
                                     ? sd->pristine_want : 0;
            sd->phase = SFPGA_SP_NONE;
            continue;
        case SFPGA_SP_OUT_PREEMPT:
            if (!sfpga_vc_cmd_taken(c, k))
                return ret(COPROC_SWITCH_RETRY, poll(s));
            if (sfpga_vc_prd(c, k, SFPGA_P_STATE) == SFPGA_SLOT_BUSY) {
                /* still draining; or it ended and a START forwarded before
                 * the switch began runs now: preempt that one too */
                if (sfpga_vc_prd(c, k, SFPGA_P_CMD_STATUS) != SFPGA_ST_PENDING)
                    sfpga_vc_pwr(c, k, SFPGA_P_CMD, SFPGA_CMD_PREEMPT);
                return ret(COPROC_SWITCH_RETRY, poll(s));
            }
            issue_ctx_cmd(c, k, x->ctx_pa, SFPGA_CMD_SAVE);
            sd->phase = SFPGA_SP_OUT_SAVE;
            continue;
        case SFPGA_SP_OUT_SAVE:
            if (!sfpga_vc_cmd_taken(c, k))
                return ret(COPROC_SWITCH_RETRY, poll(s));
            sd->phase = SFPGA_SP_NONE;
            return ret(save_done(c, k, v) ? COPROC_SWITCH_ERROR : COPROC_SWITCH_DONE, 0);
        default:
            break;
        }
        /* the first step */
        sd->phase = SFPGA_SP_NONE;
        sfpga_vc_linger_stop(sd);
        if (x->loading && sd->loader == v) {
            sd->phase = SFPGA_SP_OUT_LOAD; /* a load cannot be preempted: let it end */
            continue;
        }
        if (sd->page_owner != v)
            return ret(COPROC_SWITCH_DONE, 0); /* nothing of v on the slot */
        /* a START or IRQ_CLEAR of the guest not yet taken would act after
         * our command (the device applies the privileged one first): the
         * save must see them done */
        if (!sfpga_vc_ctrl_taken(c, k) || sfpga_vc_frd(c, k, SFPGA_F_IRQ_CLEAR))
            return ret(COPROC_SWITCH_RETRY, poll(s));
        switch (sfpga_vc_prd(c, k, SFPGA_P_STATE)) {
        case SFPGA_SLOT_BUSY:
            sfpga_vc_pwr(c, k, SFPGA_P_IRQ_CLEAR, SFPGA_PIRQ_PREEMPTED);
            sfpga_vc_pwr(c, k, SFPGA_P_CMD, SFPGA_CMD_PREEMPT);
            sd->phase = SFPGA_SP_OUT_PREEMPT;
            return ret(COPROC_SWITCH_RETRY, poll(s));
        case SFPGA_SLOT_EMPTY:
            sd->page_owner = 0;
            x->ctx_valid = false;
            x->saved_state = SFPGA_SLOT_IDLE;
            vcoproc_set_work(v, sfpga_vc_shadow_has_work(x));
            return ret(COPROC_SWITCH_DONE, 0);
        case SFPGA_SLOT_IDLE:
        case SFPGA_SLOT_PREEMPTED:
            issue_ctx_cmd(c, k, x->ctx_pa, SFPGA_CMD_SAVE);
            sd->phase = SFPGA_SP_OUT_SAVE;
            continue;
        default:
            /* a command of ours not yet taken (e.g. the UNLOAD of a guest) */
            return ret(COPROC_SWITCH_RETRY, poll(s));
        }
    }
}

struct coproc_switch_ret sfpga_vc_switch_out(struct coproc_slot *s, struct vcoproc *v)
{
    if (!s->retries)
        sfpga_vc_slot(s)->phase = SFPGA_SP_NONE;
    return out_step(s, v);
}

/* The guest's stores made while it was out, in its order: job registers and
 * mask, its clears, its CTRL stores; RESUME decided from the restored state
 * (the device applies a doorbell's privileged command before the function
 * CTRL, which is also the order here). */
static void in_finish(struct coproc_slot *s, struct vcoproc *v)
{
    struct coproc *c = s->coproc;
    struct sfpga_vc *x = v->drv;
    unsigned k = s->index;
    bool preempted = sfpga_vc_prd(c, k, SFPGA_P_STATE) == SFPGA_SLOT_PREEMPTED;
    for (unsigned w = 0; w < SFPGA_VC_FREGS; w++)
        if (x->dirty & (1ull << w))
            sfpga_vc_fwr(c, k, 4 * w, x->fregs[w]);
    sfpga_vc_fwr(c, k, SFPGA_F_IRQ_MASK, x->mask | SFPGA_VC_FUNC_IRQS);
    if (preempted)
        sfpga_vc_pwr(c, k, SFPGA_P_CMD, SFPGA_CMD_RESUME);
    if (x->clear_pending)
        sfpga_vc_fwr(c, k, SFPGA_F_IRQ_CLEAR, x->clear_pending);
    for (unsigned i = 0; i < x->nr_ctrl; i++)
        sfpga_vc_fwr(c, k, SFPGA_F_CTRL, x->ctrl_log[i]);
    bool started = x->nr_ctrl && x->ctrl_log[x->nr_ctrl - 1] == SFPGA_CTRL_START;
    x->dirty = 0;
    x->clear_pending = 0;
    x->nr_ctrl = 0;
    x->saved_state = SFPGA_SLOT_IDLE;
    sfpga_vc_slot(s)->page_owner = v;
    sfpga_vc_lp_release(v); /* its load's answer, now that reads reach the slot */
    /* what the guest started (or resumed) keeps it running until the job's
     * interrupt says otherwise */
    vcoproc_set_work(v, x->loading || preempted || started ||
                            sfpga_vc_frd(c, k, SFPGA_F_STATUS) == SFPGA_JOB_BUSY);
    /* (an IRQ_CLEAR just replayed may not be taken yet: it must not count) */
    sfpga_vc_func_irq_check(v, sfpga_vc_irq_status(c, k));
}

static struct coproc_switch_ret in_step(struct coproc_slot *s, struct vcoproc *v)
{
    struct coproc *c = s->coproc;
    struct sfpga_vc *x = v->drv;
    struct sfpga_vc_slot *sd = sfpga_vc_slot(s);
    unsigned k = s->index;
    for (;;) {
        switch (sd->phase) {
        case SFPGA_SP_NONE:
            if (x->load_pending && sfpga_vc_load_can_elide(c, k, v)) {
                sd->restore_pristine = true;
                sd->phase = SFPGA_SP_IN_PREP;
            } else if (x->load_pending) {
                sfpga_vc_load_start(c, k, v, false);
                sd->phase = SFPGA_SP_IN_LOAD;
                return ret(COPROC_SWITCH_RETRY, load_wait(s, v));
            } else if (x->image && (sd->image != x->image || !x->ctx_valid)) {
                sfpga_vc_load_start(c, k, v, true);
                sd->phase = SFPGA_SP_IN_RELOAD;
                return ret(COPROC_SWITCH_RETRY, load_wait(s, v));
            } else if (x->image) {
                sd->st.restores_cheap++;
                sd->restore_pristine = false;
                sd->phase = SFPGA_SP_IN_PREP;
            } else {
                /* no configuration: an empty slot with a cleared page */
                sfpga_vc_pwr(c, k, SFPGA_P_CMD, SFPGA_CMD_UNLOAD);
                sd->image = 0;
                sd->phase = SFPGA_SP_IN_UNLOAD;
            }
            continue;
        case SFPGA_SP_IN_LOAD:
        case SFPGA_SP_IN_RELOAD: {
            if (!sfpga_vc_load_over(c, k))
                return ret(COPROC_SWITCH_RETRY, load_wait(s, v));
            bool reload = sd->phase == SFPGA_SP_IN_RELOAD;
            bool ok = sfpga_vc_load_end(c, k, v, true);
            if (reload && !ok) {
                platform_log(PLATFORM_LOG_ERR, "%s: slot %u: reloading the image of %s failed "
                             "(status %u)", c->name, k, v->cfg.name,
                             sfpga_vc_prd(c, k, SFPGA_P_CMD_STATUS));
                sd->phase = SFPGA_SP_NONE;
                return ret(COPROC_SWITCH_ERROR, 0);
            }
            sd->restore_after = reload && x->ctx_valid;
            sd->restore_pristine = false;
            sd->phase = ok ? SFPGA_SP_IN_PRISTINE : SFPGA_SP_IN_FINISH;
            continue;
        }
        case SFPGA_SP_IN_PRISTINE:
            if (!sfpga_vc_cmd_taken(c, k))
                return ret(COPROC_SWITCH_RETRY, poll(s));
            sd->pristine_image = sfpga_vc_prd(c, k, SFPGA_P_CMD_STATUS) == SFPGA_ST_OK
                                     ? sd->pristine_want : 0;
            sd->phase = sd->restore_after ? SFPGA_SP_IN_PREP : SFPGA_SP_IN_FINISH;
            continue;
        case SFPGA_SP_IN_PREP:
            /* RESTORE wants an idle slot: the previous tenant's preempted
             * job (saved already) is dropped, keeping the configuration */
            if (sfpga_vc_prd(c, k, SFPGA_P_STATE) == SFPGA_SLOT_PREEMPTED) {
                sfpga_vc_fwr(c, k, SFPGA_F_CTRL, SFPGA_CTRL_ABORT);
                sd->phase = SFPGA_SP_IN_ABORT;
                continue;
            }
            issue_ctx_cmd(c, k, sd->restore_pristine ? sd->pristine_pa : x->ctx_pa,
                          SFPGA_CMD_RESTORE);
            sd->phase = SFPGA_SP_IN_RESTORE;
            continue;
        case SFPGA_SP_IN_ABORT:
            if (!sfpga_vc_ctrl_taken(c, k) ||
                sfpga_vc_prd(c, k, SFPGA_P_STATE) == SFPGA_SLOT_PREEMPTED)
                return ret(COPROC_SWITCH_RETRY, poll(s));
            sd->phase = SFPGA_SP_IN_PREP;
            continue;
        case SFPGA_SP_IN_RESTORE: {
            if (!sfpga_vc_cmd_taken(c, k))
                return ret(COPROC_SWITCH_RETRY, poll(s));
            unsigned st = sfpga_vc_prd(c, k, SFPGA_P_CMD_STATUS);
            if (st == SFPGA_ST_OK && sd->restore_pristine) {
                sfpga_vc_load_elided(c, k, v);
            } else if (st == SFPGA_ST_OK) {
                sfpga_vc_dev(c)->st.restores++;
            } else if (sd->restore_pristine) {
                /* the pristine context did not fit: load for real */
                sd->pristine_image = 0;
                sfpga_vc_load_start(c, k, v, false);
                sd->phase = SFPGA_SP_IN_LOAD;
                return ret(COPROC_SWITCH_RETRY, load_wait(s, v));
            } else {
                platform_log(PLATFORM_LOG_ERR, "%s: slot %u: RESTORE of %s refused with status "
                             "%u", c->name, k, v->cfg.name, st);
                sd->phase = SFPGA_SP_NONE;
                return ret(COPROC_SWITCH_ERROR, 0);
            }
            sd->phase = SFPGA_SP_IN_FINISH;
            continue;
        }
        case SFPGA_SP_IN_UNLOAD:
            if (!sfpga_vc_cmd_taken(c, k))
                return ret(COPROC_SWITCH_RETRY, poll(s));
            sd->phase = SFPGA_SP_IN_FINISH;
            continue;
        case SFPGA_SP_IN_FINISH:
        default:
            sd->phase = SFPGA_SP_NONE;
            if (x->load_pending)
                continue; /* the guest asked for a load meanwhile: do it now */
            in_finish(s, v);
            return ret(COPROC_SWITCH_DONE, 0);
        }
    }
}

struct coproc_switch_ret sfpga_vc_switch_in(struct coproc_slot *s, struct vcoproc *v)
{
    struct coproc *c = s->coproc;
    struct sfpga_vc *x = v->drv;
    struct sfpga_vc_slot *sd = sfpga_vc_slot(s);
    unsigned k = s->index;
    if (!s->retries) {
        /* the page holds the previous tenant's registers until overwritten */
        sd->page_owner = 0;
        sd->phase = SFPGA_SP_NONE;
        sd->st.switches_in++;
        if (k < 8)
            x->st.switch_in_slot[k]++;
        x->st.last_slot = (int32_t)k;
        /* after a device reset the mask is 0 again: arm it at every switch */
        sfpga_vc_pwr(c, k, SFPGA_P_IRQ_MASK, SFPGA_VC_PIRQ_MASK);
    }
    struct sfpga_dev *d = sfpga_vc_dev(c);
    if (d->reset_pending) {
        /* G_RESET reads back until the reset is complete; it would wipe the
         * stage-2 context iommu_switch just stored (a job would then run
         * untranslated) */
        if (platform_io_read32(d->io, SFPGA_G_RESET))
            return ret(COPROC_SWITCH_RETRY, poll(s));
        d->reset_pending = false;
    }
    if (sd->rewrite) {
        sd->rewrite = false;
        sfpga_vc_pwr64(c, k, SFPGA_P_S2_ROOT_LO, sd->s2_root);
        sfpga_vc_pwr(c, k, SFPGA_P_VMID, sd->vmid);
        sfpga_vc_pwr(c, k, SFPGA_P_S2_CTRL, 1);
        sfpga_vc_pwr(c, k, SFPGA_P_IRQ_MASK, SFPGA_VC_PIRQ_MASK);
    }
    return in_step(s, v);
}

int sfpga_vc_iommu_switch(struct coproc_slot *s, const struct platform_s2_ctx *ctx)
{
    struct coproc *c = s->coproc;
    unsigned k = s->index;
    /* detached = stage 2 on, rooted at 0 (outside RAM): every DMA faults;
     * turning stage 2 off would let the slot reach all machine memory */
    struct sfpga_vc_slot *sd = sfpga_vc_slot(s);
    sd->s2_root = ctx ? ctx->root.pa : 0;
    sd->vmid = ctx ? ctx->vmid : 0;
    sfpga_vc_pwr64(c, k, SFPGA_P_S2_ROOT_LO, sd->s2_root);
    sfpga_vc_pwr(c, k, SFPGA_P_VMID, sd->vmid);
    sfpga_vc_pwr(c, k, SFPGA_P_S2_CTRL, 1);
    return 0;
}

coproc_time_t sfpga_vc_slot_cost(const struct coproc_slot *s, const struct vcoproc *v,
                                 coproc_time_t *min_slice)
{
    const struct sfpga_dev *d = sfpga_vc_dev(s->coproc);
    const struct sfpga_vc *x = v->drv;
    const struct sfpga_vc_slot *sd = &d->slot[s->index];
    coproc_time_t cost = 0;
    if (x->load_pending)
        /* a load of the image the slot holds is done without reconfiguring */
        cost = sd->image == x->bs_image && sd->pristine_image == x->bs_image
                   ? 0 : sfpga_vc_reconf_ns(d, x->image_len);
    else if (x->image && (sd->image != x->image || !x->ctx_valid))
        cost = sfpga_vc_reconf_ns(d, x->image_len);
    *min_slice = cost * d->slice_ratio;
    return cost;
}
