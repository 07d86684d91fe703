/* SGPU context switches, IOMMU context, interrupts and device reset. The
 * sequence follows the device's recipe (docs/hw/sgpu.md, section 15):
 * switch-out = PCMD PREEMPT, wait for the privileged PREEMPTED interrupt
 * (no polling); switch-in = the save area of the next vcoproc, PCMD RESUME
 * (RESET for a context never saved), then the guest's writes made while it
 * was out. Every register store is one doorbell (the platform rings it). */
#include "sgpu_vc.h"

static struct coproc_switch_ret ret(enum coproc_switch_status st, coproc_time_t ns)
{
    struct coproc_switch_ret r = { st, ns };
    return r;
}

static const char *pres_name(uint32_t r)
{
    static const char *const n[] = { "OK", "PENDING", "BAD_STATE", "BAD_CTX_ADDR",
                                     "BAD_CTX_IMAGE", "UNKNOWN_CMD" };
    return r < sizeof(n) / sizeof(n[0]) ? n[r] : "?";
}

struct coproc_switch_ret sgpu_vc_switch_out(struct coproc_slot *s, struct vcoproc *v)
{
    struct coproc *c = s->coproc;
    (void)v;
    if (s->retries == 0)
        sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
    /* the result is known once the device took the command */
    if (sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_PCMD) == SGPU_PCMD_NONE) {
        uint32_t r = sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_PCMD_RESULT);
        if (r != SGPU_PRES_OK && r != SGPU_PRES_PENDING) {
            platform_log(PLATFORM_LOG_ERR, "%s: PREEMPT refused (%s)", c->name, pres_name(r));
            return ret(COPROC_SWITCH_ERROR, 0);
        }
    }
    return ret(COPROC_SWITCH_WAIT_IRQ, sgpu_vc_dev(c)->switch_bound);
}

/* The guest's writes made while v was not on the device, in an order that
 * keeps the ring consistent: where it is, then how to translate, then
 * interrupts, then enable and submit. */
static void switch_replay(struct coproc *c, struct sgpu_vc *x)
{
    uint32_t d = x->dirty;
    if (d & SGPU_D_RING_BASE)
        sgpu_vc_wr64(c, SGPU_F_RING_BASE, x->ring_base);
    if (d & SGPU_D_RING_SIZE)
        sgpu_vc_wr(c, SGPU_F_RING_SIZE, x->ring_size);
    if (d & SGPU_D_MMU_ROOT)
        sgpu_vc_wr64(c, SGPU_F_MMU_ROOT, x->mmu_root);
    if (d & SGPU_D_MMU_CTRL)
        sgpu_vc_wr(c, SGPU_F_MMU_CONTROL, x->mmu_ctrl);
    if (d & SGPU_D_MASK)
        sgpu_vc_wr(c, SGPU_F_IRQ_MASK, x->mask);
    if (d & SGPU_D_CLEAR)
        sgpu_vc_wr(c, SGPU_F_IRQ_CLEAR, x->clear);
    if (d & SGPU_D_CONTROL)
        sgpu_vc_wr(c, SGPU_F_CONTROL, x->control);
    if (d & SGPU_D_TAIL)
        sgpu_vc_wr(c, SGPU_F_RING_TAIL, x->tail);
    x->dirty = 0;
    x->clear = 0;
}

/* The RESUME or RESET of a switch-in has been carried out: check it, then
 * make the guest's writes since the switch-out (stores made before the
 * command finished could have been overwritten by it). */
static int switch_in_finish(struct coproc *c, struct vcoproc *v)
{
    struct sgpu_vc *x = v->drv;
    uint32_t r = sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_PCMD_RESULT);
    if (r != SGPU_PRES_OK) {
        platform_log(PLATFORM_LOG_ERR, "%s: %s of %s refused (%s)", c->name,
                     x->saved ? "RESUME" : "RESET", v->cfg.name, pres_name(r));
        return COPROC_EIO;
    }
    switch_replay(c, x);
    x->on_device = true;
    x->switches_in++;
    sgpu_vc_set_work(v, sgpu_vc_resident_has_work(c, x));
    return 0;
}

/* One step of a switch-in, from the framework's call or from PCMD_DONE. A
 * device behind a doorbell answers later: until PCMD reads 0 again, an
 * earlier command (a device reset's RESET) or ours is still pending, and a
 * new command would overwrite the pending one unseen. */
static struct coproc_switch_ret switch_in_step(struct coproc_slot *s, struct vcoproc *v)
{
    struct coproc *c = s->coproc;
    struct sgpu_dev *d = sgpu_vc_dev(c);
    struct sgpu_vc *x = v->drv;
    bool pending = sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_PCMD) != SGPU_PCMD_NONE;
    if (!d->in_issued) {
        if (pending)
            return ret(COPROC_SWITCH_WAIT_IRQ, d->switch_bound);
        sgpu_vc_wr64(c, SGPU_VC_PRIV + SGPU_P_CTX_ADDR, x->ctx_pa.pa);
        sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_CTX_SIZE, SGPU_VC_CTX_BYTES);
        sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PCMD, x->saved ? SGPU_PCMD_RESUME : SGPU_PCMD_RESET);
        d->in_issued = true;
        pending = sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_PCMD) != SGPU_PCMD_NONE;
    }
    if (pending)
        return ret(COPROC_SWITCH_WAIT_IRQ, d->switch_bound);
    if (x->reset_req) {
        /* The guest reset it while it was being switched in: reset the
         * function by a PCMD RESET, waited for like the first command,
         * before the guest's writes since are replayed. (A function RESET
         * would not do: the device drops the stores that share its
         * doorbell, and the replay would be among them.) */
        x->reset_req = false;
        sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PCMD, SGPU_PCMD_RESET);
        return ret(COPROC_SWITCH_WAIT_IRQ, d->switch_bound);
    }
    if (switch_in_finish(c, v))
        return ret(COPROC_SWITCH_ERROR, 0);
    return ret(COPROC_SWITCH_DONE, 0);
}

struct coproc_switch_ret sgpu_vc_switch_in(struct coproc_slot *s, struct vcoproc *v)
{
    sgpu_vc_dev(s->coproc)->in_issued = false;
    return switch_in_step(s, v);
}

int sgpu_vc_iommu_switch(struct coproc_slot *s, const struct platform_s2_ctx *ctx)
{
    struct coproc *c = s->coproc;
    /* detached = stage 2 still on, rooted outside RAM: every DMA faults
     * (turning stage 2 off would let the device reach all machine memory) */
    sgpu_vc_wr64(c, SGPU_VC_PRIV + SGPU_P_S2_ROOT, ctx ? ctx->root.pa : 0);
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_S2_VMID, ctx ? ctx->vmid : 0);
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_S2_CONTROL, 1);
    return 0;
}

/* The preemption of v completed: its function state is in its save area. */
static void switch_out_complete(struct coproc_slot *s, struct vcoproc *v)
{
    struct sgpu_vc *x = v->drv;
    sgpu_vc_shadow_from_image(x);
    x->on_device = false;
    sgpu_vc_set_work(v, sgpu_vc_shadow_has_work(x));
    /* an event the function latched but could not signal any more (the save
     * caught it) is delivered when the guest next runs */
    if (x->saved && (x->rawstat & x->mask) && s->cur == v) {
        const uint8_t *p = (const uint8_t *)x->ctx + SGPU_IMG_SIGNALLED;
        uint32_t sig = (uint32_t)p[0] | (uint32_t)p[1] << 8;
        if (x->rawstat & x->mask & ~sig)
            vcoproc_raise_irq(v);
    }
    coproc_slot_switch_done(s, 0);
}

static void irq_priv(struct coproc *c, struct coproc_slot *s)
{
    struct sgpu_dev *d = sgpu_vc_dev(c);
    uint32_t st = sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_PIRQ_STATUS);
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PIRQ_CLEAR, st);
    uint32_t engine = sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_ENGINE_STATE);
    struct vcoproc *v = s->cur;
    bool out_wait = s->phase == COPROC_SLOT_SWITCHING_OUT && s->waiting_irq && v;
    bool in_wait = s->phase == COPROC_SLOT_SWITCHING_IN && s->waiting_irq && v;
    if (in_wait && (st & SGPU_PIRQ_PCMD_DONE)) {
        struct coproc_switch_ret r = switch_in_step(s, v);
        if (r.status != COPROC_SWITCH_WAIT_IRQ)
            coproc_slot_switch_done(s, r.status == COPROC_SWITCH_DONE ? 0 : COPROC_EIO);
        return;
    }
    if (st & SGPU_PIRQ_HUNG) {
        d->hangs++;
        platform_log(PLATFORM_LOG_WARN, "%s: the job of %s hung (device watchdog); its guest "
                     "gets the fault", c->name, v ? v->cfg.name : "nobody");
    }
    if (out_wait && engine == SGPU_ENGINE_HUNG) {
        /* the watchdog dropped our pending preemption: save the hung context
         * now (PREEMPT works in HUNG), so only its job is lost */
        sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PCMD, SGPU_PCMD_PREEMPT);
        return;
    }
    if ((st & SGPU_PIRQ_PREEMPTED) && out_wait && engine == SGPU_ENGINE_PREEMPTED) {
        switch_out_complete(s, v);
        return;
    }
    if (out_wait && (st & SGPU_PIRQ_PCMD_ERR)) {
        uint32_t r = sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_PCMD_RESULT);
        platform_log(PLATFORM_LOG_ERR, "%s: preemption of %s failed (%s)", c->name,
                     v->cfg.name, pres_name(r));
        coproc_slot_switch_done(s, COPROC_EIO);
        return;
    }
    /* the resident function drained its ring, faulted or hung: it has no
     * runnable work until its guest submits or resets */
    struct vcoproc *vis = coproc_slot_visible(s);
    if (vis && (st & (SGPU_PIRQ_IDLE | SGPU_PIRQ_FAULT | SGPU_PIRQ_HUNG)) &&
        !sgpu_vc_resident_has_work(c, vis->drv)) {
        if (st & SGPU_PIRQ_FAULT) {
            platform_log(PLATFORM_LOG_INFO, "%s: %s faulted (status 0x%x); reported to its guest",
                         c->name, vis->cfg.name, sgpu_vc_rd(c, SGPU_F_FAULT_STATUS));
            vis->stats.faults++;   /* the report's faults: device faults too */
        }
        sgpu_vc_set_work(vis, false);
    }
}

void sgpu_vc_irq(struct coproc *c, uint32_t irq)
{
    struct coproc_slot *s = &c->slots[0];
    if (irq == c->irqs[0]) {
        /* the function's interrupt belongs to the resident vcoproc: injected
         * if it is visible, else held until its next switch-in */
        if (s->cur)
            vcoproc_raise_irq(s->cur);
    } else if (irq == c->irqs[1]) {
        irq_priv(c, s);
    }
}

int sgpu_vc_device_reset(struct coproc *c)
{
    struct sgpu_dev *d = sgpu_vc_dev(c);
    struct coproc_slot *s = &c->slots[0];
    d->device_resets++;
    /* engine reset: drops the stuck job and any pending preemption; stage 2,
     * the save area, PIRQ_MASK and the watchdog are kept */
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PCMD, SGPU_PCMD_RESET);
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PIRQ_CLEAR, SGPU_PIRQ_ALL);
    if (s->cur) {
        /* its context could not be saved: the framework faults it, and its
         * guest finds a hung function in its registers (its ring and mask
         * as it set them, so that the fault interrupt shows) until it
         * resets it */
        struct sgpu_vc *x = s->cur->drv;
        x->saved = false;
        x->on_device = false;
        x->fstate = SGPU_ENGINE_HUNG;
        x->fault_status = SGPU_FAULT_VALID | SGPU_FAULT_HANG;
        x->fault_head = x->head;
        x->rawstat |= SGPU_IRQ_FAULT;
    }
    return 0;
}
