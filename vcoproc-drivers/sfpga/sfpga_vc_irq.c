/* SFPGA interrupts, lingering and device reset. Slot k's function vector
 * carries its tenant's DONE/ERROR: they go to the vcoproc whose context is
 * on the slot (injected if visible, held by the framework otherwise); a
 * vector that arrives after that context was saved is covered by the save,
 * which hands on every status bit not yet signalled. The privileged vector
 * ends a resident tenant's own load and reports job faults; switches poll
 * for their commands (sfpga_vc_switch.c), so a late interrupt cannot stall
 * them. */
#include "sfpga_vc.h"

/* How long a resident whose job just ended keeps its slot while others
 * wait: up to what giving the slot away would cost (a reconfiguration), the
 * break-even of waiting against switching. */
static coproc_time_t linger_for(const struct sfpga_dev *d, const struct vcoproc *v)
{
    const struct sfpga_vc *x = v->drv;
    if (d->linger_ns != SFPGA_VC_LINGER_AUTO)
        return d->linger_ns;
    return x->image ? sfpga_vc_reconf_ns(d, x->image_len) : 0;
}

void sfpga_vc_linger_stop(struct sfpga_vc_slot *sd)
{
    if (sd->lingering) {
        sd->lingering = false;
        platform_timer_cancel(sd->linger);
    }
}

/* Slot timer entry: the grace ended without a new job, so the resident
 * goes idle (and a waiting tenant may take the slot). */
void sfpga_vc_linger_timer(void *arg)
{
    struct sfpga_vc_slot *sd = arg;
    struct coproc *c = sd->coproc;
    platform_lock_acquire(c->lock);
    struct vcoproc *v = sd->page_owner;
    if (sd->lingering && v && v->slot && v->slot->phase == COPROC_SLOT_ACTIVE) {
        struct sfpga_vc *x = v->drv;
        sd->lingering = false;
        vcoproc_set_work(v, x->loading ||
                                sfpga_vc_frd(c, sd->index, SFPGA_F_STATUS) == SFPGA_JOB_BUSY);
    }
    sd->lingering = false;
    platform_lock_release(c->lock);
}

static void irq_func(struct coproc *c, unsigned k)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    struct sfpga_vc_slot *sd = &d->slot[k];
    struct vcoproc *v = sd->page_owner;
    if (!v)
        return; /* its owner's save took the event along */
    struct sfpga_vc *x = v->drv;
    sfpga_vc_func_irq_check(v, sfpga_vc_irq_status(c, k));
    if (!v->slot || v->slot->phase != COPROC_SLOT_ACTIVE)
        return;
    bool work = x->loading || sfpga_vc_frd(c, k, SFPGA_F_STATUS) == SFPGA_JOB_BUSY;
    if (!work)
        sfpga_vc_job_end(v);
    coproc_time_t linger = linger_for(d, v);
    if (!work && c->nr_waiting && linger && v->state == VCOPROC_RUNNING) {
        /* its guest is likely to start the next job at once: keep the slot
         * (and its configuration) for a bounded grace, charged to it */
        sd->lingering = true;
        platform_timer_set(sd->linger, platform_time_now() + linger);
        return;
    }
    vcoproc_set_work(v, work);
}

static void irq_fault(struct coproc *c, unsigned k)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    uint32_t code = sfpga_vc_prd(c, k, SFPGA_P_FAULT_CODE);
    struct vcoproc *v = d->slot[k].page_owner;
    if (code < SFPGA_FAULT_S2_TRANSLATION || code > SFPGA_FAULT_BUS)
        return; /* a bad parameter: the guest's own business */
    uint64_t addr = sfpga_vc_prd(c, k, SFPGA_P_FAULT_ADDR_LO) |
                    (uint64_t)sfpga_vc_prd(c, k, SFPGA_P_FAULT_ADDR_HI) << 32;
    d->st.dma_faults++;
    if (v)
        ((struct sfpga_vc *)v->drv)->st.dma_faults++;
    platform_log(PLATFORM_LOG_INFO, "%s: slot %u: DMA fault %u at 0x%llx (VMID %u) of %s: its job "
                 "failed, reported to its guest only", c->name, k, code, (unsigned long long)addr,
                 sfpga_vc_prd(c, k, SFPGA_P_FAULT_VMID), v ? v->cfg.name : "nobody");
}

/* Only loads outside a switch end here (a resident tenant's own load); a
 * switch's steps poll for theirs. */
static void irq_priv(struct coproc *c, unsigned k)
{
    struct coproc_slot *s = &c->slots[k];
    struct sfpga_vc_slot *sd = &sfpga_vc_dev(c)->slot[k];
    uint32_t st = sfpga_vc_prd(c, k, SFPGA_P_IRQ_STATUS);
    sfpga_vc_pwr(c, k, SFPGA_P_IRQ_CLEAR, st);
    if (st & SFPGA_PIRQ_FAULT)
        irq_fault(c, k);
    struct vcoproc *v = sd->loader;
    if (v && sd->phase == SFPGA_SP_NONE && (st & SFPGA_VC_LOAD_IRQS) && sfpga_vc_load_over(c, k)) {
        sfpga_vc_load_end(c, k, v, false);
        /* it may have nothing left to do */
        if (sd->page_owner == v && s->phase == COPROC_SLOT_ACTIVE)
            vcoproc_set_work(v, sfpga_vc_frd(c, k, SFPGA_F_STATUS) == SFPGA_JOB_BUSY);
    }
}

void sfpga_vc_irq(struct coproc *c, uint32_t irq)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    for (unsigned i = 0; i < c->nr_irqs; i++) {
        if (c->irqs[i] != irq)
            continue;
        if (i < d->nslots)
            irq_func(c, i);
        else
            irq_priv(c, i - d->nslots);
        return;
    }
}

int sfpga_vc_device_reset(struct coproc *c)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    d->st.device_resets++;
    sfpga_vc_global_reset(c);
    for (unsigned k = 0; k < d->nslots; k++) {
        struct sfpga_vc_slot *sd = &d->slot[k];
        if (sd->loader) {
            struct sfpga_vc *x = sd->loader->drv;
            x->loading = false;
            /* the guest's own load is done again at its next switch-in */
            x->load_pending = !sd->load_for_switch;
        }
        sd->loader = 0;
        sfpga_vc_linger_stop(sd);
        sd->page_owner = 0;
        sd->image = sd->pristine_image = 0;
        sd->phase = SFPGA_SP_NONE;
        sfpga_vc_pwr64(c, k, SFPGA_P_S2_ROOT_LO, 0);
        sfpga_vc_pwr(c, k, SFPGA_P_VMID, 0);
        sfpga_vc_pwr(c, k, SFPGA_P_S2_CTRL, 1);
        sfpga_vc_pwr(c, k, SFPGA_P_IRQ_CLEAR, 0xffffffffu);
        sfpga_vc_pwr(c, k, SFPGA_P_IRQ_MASK, SFPGA_VC_PIRQ_MASK);
    }
    return 0;
}
