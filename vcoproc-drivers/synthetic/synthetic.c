/* Driver for the synthetic co-processor: the reference vcoproc driver. It
 * keeps each vcoproc's ring registers in shadow state, forwards them to the
 * slot while the vcoproc is resident, saves/restores HEAD and the in-flight
 * job's context on switches, and turns device interrupts into job
 * statistics and guest interrupts. It uses only coproc/include. */
#include "coproc/coproc.h"
#include "synthetic_regs.h"

struct syn_vc {
    uint64_t ring_base;
    uint32_t ring_size, head, tail, virq_status;
    uint64_t ctx;              /* saved in-flight job time */
};

struct syn_dev {
    struct platform_iomem *io;
    coproc_time_t poll_ns;     /* 0: wait for switch interrupts; else poll */
};

static struct syn_dev *syn_dev(const struct coproc *c)
{
    return c->drv;
}

static uint32_t slot_rd(struct coproc_slot *s, uint64_t reg)
{
    return platform_io_read32(syn_dev(s->coproc)->io, SYN_SLOT_BASE(s->index) + reg);
}

static void slot_wr(struct coproc_slot *s, uint64_t reg, uint32_t val)
{
    platform_io_write32(syn_dev(s->coproc)->io, SYN_SLOT_BASE(s->index) + reg, val);
}

static void syn_remove(struct coproc *c)
{
    struct syn_dev *d = c->drv;
    if (d && d->io)
        platform_iounmap(d->io);
    platform_free(d);
    c->drv = 0;
}

static int syn_probe(struct coproc *c, const struct platform_dt_node *node)
{
    struct syn_dev *d = platform_alloc(sizeof(*d));
    uint64_t poll = 0;
    if (!d)
        return COPROC_ENOMEM;
    c->drv = d;
    int err = COPROC_EINVAL;
    if (c->nr_regs < 1) {
        platform_log(PLATFORM_LOG_ERR, "%s: property reg is missing", c->name);
        goto fail;
    }
    err = platform_dt_read_u64(node, "synthetic,poll-ns", &poll);
    if (err && err != COPROC_ENOENT) {
        platform_log(PLATFORM_LOG_ERR, "%s: property synthetic,poll-ns is malformed", c->name);
        goto fail;
    }
    d->poll_ns = poll;
    d->io = platform_iomap(coproc_pa(c->reg_base[0]), c->reg_size[0]);
    err = COPROC_ENODEV;
    if (!d->io || platform_io_read32(d->io, SYN_REG_ID) != SYN_ID_VALUE) {
        platform_log(PLATFORM_LOG_ERR, "%s: no synthetic co-processor at 0x%llx", c->name,
                     (unsigned long long)c->reg_base[0]);
        goto fail;
    }
    uint32_t nslots = platform_io_read32(d->io, SYN_REG_NSLOTS);
    err = COPROC_EINVAL;
    if (c->nr_slots > nslots) {
        platform_log(PLATFORM_LOG_ERR, "%s: property vcoproc,slots %u exceeds the device's %u",
                     c->name, c->nr_slots, nslots);
        goto fail;
    }
    if (c->nr_irqs < c->nr_slots) {
        platform_log(PLATFORM_LOG_ERR, "%s: property interrupts needs one per slot (%u)",
                     c->name, c->nr_slots);
        goto fail;
    }
    return 0;
fail:
    syn_remove(c);
    return err;
}

static int syn_vc_init(struct vcoproc *v)
{
    v->drv = platform_alloc(sizeof(struct syn_vc));
    return v->drv ? 0 : COPROC_ENOMEM;
}

static void syn_vc_destroy(struct vcoproc *v)
{
    platform_free(v->drv);
    v->drv = 0;
}

static int syn_vc_reset(struct vcoproc *v)
{
    coproc_memset(v->drv, 0, sizeof(struct syn_vc));
    return 0;
}

static int syn_mmio_read(struct vcoproc *v, uint64_t off, unsigned size, uint64_t *val)
{
    struct syn_vc *x = v->drv;
    if (size != 4) {
        platform_log(PLATFORM_LOG_WARN, "%s: %u-byte read at 0x%llx ignored (32-bit only)",
                     v->cfg.name, size, (unsigned long long)off);
        return 0;
    }
    switch (off) {
    case SYN_V_ID: *val = SYN_ID_VALUE; break;
    case SYN_V_RING_BASE_LO: *val = (uint32_t)x->ring_base; break;
    case SYN_V_RING_BASE_HI: *val = (uint32_t)(x->ring_base >> 32); break;
    case SYN_V_RING_SIZE: *val = x->ring_size; break;
    case SYN_V_HEAD: *val = x->head; break;
    case SYN_V_TAIL: *val = x->tail; break;
    case SYN_V_IRQ_STATUS: *val = x->virq_status; break;
    default:
        platform_log(PLATFORM_LOG_WARN, "%s: read of unknown register 0x%llx ignored",
                     v->cfg.name, (unsigned long long)off);
        break;
    }
    return 0;
}

static int syn_write_tail(struct vcoproc *v, uint32_t val)
{
    struct syn_vc *x = v->drv;
    if (!x->ring_size || (uint32_t)(val - x->head) > x->ring_size) {
        platform_log(PLATFORM_LOG_ERR, "%s: TAIL %u is more than RING_SIZE %u past HEAD %u",
                     v->cfg.name, val, x->ring_size, x->head);
        return COPROC_EINVAL;
    }
    x->tail = val;
    struct coproc_slot *s = v->slot;
    if (coproc_slot_visible(s) == v)
        slot_wr(s, SYN_TAIL, val);
    vcoproc_set_work(v, x->head != x->tail);
    return 0;
}

static int syn_mmio_write(struct vcoproc *v, uint64_t off, unsigned size, uint64_t val)
{
    struct syn_vc *x = v->drv;
    uint32_t w = (uint32_t)val;
    if (size != 4) {
        platform_log(PLATFORM_LOG_WARN, "%s: %u-byte write at 0x%llx ignored (32-bit only)",
                     v->cfg.name, size, (unsigned long long)off);
        return 0;
    }
    bool busy = x->head != x->tail;
    switch (off) {
    case SYN_V_RING_BASE_LO:
    case SYN_V_RING_BASE_HI:
    case SYN_V_RING_SIZE:
        if (busy) {
            platform_log(PLATFORM_LOG_ERR, "%s: ring reprogrammed with jobs in flight",
                         v->cfg.name);
            return COPROC_EINVAL;
        }
        if (off == SYN_V_RING_BASE_LO)
            x->ring_base = (x->ring_base & ~0xffffffffull) | (w & ~31u);
        else if (off == SYN_V_RING_BASE_HI)
            x->ring_base = (x->ring_base & 0xffffffffull) | (uint64_t)w << 32;
        else if (w == 0 || w > SYN_RING_MAX || (w & (w - 1))) {
            platform_log(PLATFORM_LOG_ERR, "%s: RING_SIZE %u is not a power of two in 1..%u",
                         v->cfg.name, w, SYN_RING_MAX);
            return COPROC_EINVAL;
        } else {
            x->ring_size = w;
        }
        return 0;
    case SYN_V_TAIL:
        return syn_write_tail(v, w);
    case SYN_V_IRQ_STATUS:
        x->virq_status &= ~w;
        return 0;
    default:
        platform_log(PLATFORM_LOG_WARN, "%s: write of unknown register 0x%llx ignored",
                     v->cfg.name, (unsigned long long)off);
        return 0;
    }
}

static void syn_retire(struct coproc_slot *s, struct vcoproc *v);

/* Reads back what the slot holds of v: jobs it retired (before their
 * interrupt is handled, which may come after v left) and the in-flight
 * job's context. */
static void syn_save(struct coproc_slot *s, struct vcoproc *v)
{
    struct syn_vc *x = v->drv;
    syn_retire(s, v);
    x->ctx = slot_rd(s, SYN_CTX_LO) | (uint64_t)slot_rd(s, SYN_CTX_HI) << 32;
}

static struct coproc_switch_ret syn_wait(struct coproc_slot *s)
{
    coproc_time_t poll = syn_dev(s->coproc)->poll_ns;
    struct coproc_switch_ret r = { poll ? COPROC_SWITCH_RETRY : COPROC_SWITCH_WAIT_IRQ, poll };
    return r;
}

static const struct coproc_switch_ret syn_done = { COPROC_SWITCH_DONE, 0 };

static struct coproc_switch_ret syn_switch_out(struct coproc_slot *s, struct vcoproc *v)
{
    uint32_t st;
    if (s->retries == 0)
        slot_wr(s, SYN_CTRL, SYN_CTRL_PREEMPT);
    st = slot_rd(s, SYN_STATE);
    if (st == SYN_STATE_STOPPED) {
        syn_save(s, v);
        return syn_done;
    }
    if (st == SYN_STATE_FAULTED) {
        struct coproc_switch_ret r = { COPROC_SWITCH_ERROR, 0 };
        return r;
    }
    return syn_wait(s);
}

static struct coproc_switch_ret syn_switch_in(struct coproc_slot *s, struct vcoproc *v)
{
    struct syn_vc *x = v->drv;
    if (s->retries == 0) {
        slot_wr(s, SYN_RING_BASE_LO, (uint32_t)x->ring_base);
        slot_wr(s, SYN_RING_BASE_HI, (uint32_t)(x->ring_base >> 32));
        slot_wr(s, SYN_RING_SIZE, x->ring_size);
        slot_wr(s, SYN_HEAD, x->head);
        slot_wr(s, SYN_TAIL, x->tail);
        slot_wr(s, SYN_CTX_LO, (uint32_t)x->ctx);
        slot_wr(s, SYN_CTX_HI, (uint32_t)(x->ctx >> 32));
        slot_wr(s, SYN_CTRL, SYN_CTRL_RUN);
    }
    if (slot_rd(s, SYN_STATE) == SYN_STATE_RUNNING)
        return syn_done;
    return syn_wait(s);
}

static int syn_iommu_switch(struct coproc_slot *s, const struct platform_s2_ctx *ctx)
{
    if (!ctx) {
        slot_wr(s, SYN_S2_CTRL, 0);
        return 0;
    }
    slot_wr(s, SYN_S2_ROOT_LO, (uint32_t)ctx->root.pa);
    slot_wr(s, SYN_S2_ROOT_HI, (uint32_t)(ctx->root.pa >> 32));
    slot_wr(s, SYN_S2_CTRL, SYN_S2_ENABLE | ctx->vmid);
    return 0;
}

/* Retires jobs HEAD moved past: statistics from the guest's ring entries
 * (read, never written), then the guest's interrupt. */
static void syn_retire(struct coproc_slot *s, struct vcoproc *v)
{
    struct syn_vc *x = v->drv;
    uint32_t head = slot_rd(s, SYN_HEAD);
    if (head == x->head)
        return;
    if ((uint32_t)(head - x->head) > (uint32_t)(x->tail - x->head)) {
        vcoproc_fault(v, COPROC_EIO, "device HEAD outside the submitted range");
        return;
    }
    for (; x->head != head; x->head++) {
        struct syn_job j;
        coproc_ipa_t at = coproc_ipa(x->ring_base +
                                     (uint64_t)(x->head & (x->ring_size - 1)) * sizeof(j));
        if (platform_guest_read(v->domain, &j, at, sizeof(j)) == 0)
            vcoproc_job_done(v, j.submit_ns, j.deadline_ns);
    }
    x->virq_status |= 1;
    vcoproc_raise_irq(v);
    if (x->head == x->tail)
        vcoproc_set_work(v, false);
}

static void syn_irq(struct coproc *c, uint32_t irq)
{
    unsigned idx = irq - c->irqs[0];
    if (idx >= c->nr_slots)
        return;
    struct coproc_slot *s = &c->slots[idx];
    uint32_t st = slot_rd(s, SYN_IRQ_STATUS);
    slot_wr(s, SYN_IRQ_STATUS, st);
    struct vcoproc *v = s->cur;
    if (!v)
        return;
    if (st & SYN_IRQ_JOB_DONE)
        syn_retire(s, v);
    if (s->cur != v)
        return;
    if (st & SYN_IRQ_FAULT) {
        uint64_t a = slot_rd(s, SYN_FAULT_ADDR_LO) | (uint64_t)slot_rd(s, SYN_FAULT_ADDR_HI) << 32;
        platform_log(PLATFORM_LOG_ERR, "%s: device fault at IPA 0x%llx", v->cfg.name,
                     (unsigned long long)a);
        if (s->waiting_irq)
            coproc_slot_switch_done(s, COPROC_EIO);
        else
            vcoproc_fault(v, COPROC_EIO, "job ring unreachable through stage 2");
        return;
    }
    if ((st & SYN_IRQ_PREEMPTED) && s->phase == COPROC_SLOT_SWITCHING_OUT && s->waiting_irq) {
        syn_save(s, v);
        coproc_slot_switch_done(s, 0);
    } else if ((st & SYN_IRQ_LOADED) && s->phase == COPROC_SLOT_SWITCHING_IN && s->waiting_irq) {
        coproc_slot_switch_done(s, 0);
    }
}

static int syn_device_reset(struct coproc *c)
{
    /* stop every slot at once; the framework re-queues the vcoprocs that
     * were resident, and their shadow state (last saved context) is loaded
     * again at their next switch-in */
    for (unsigned i = 0; i < c->nr_slots; i++) {
        slot_wr(&c->slots[i], SYN_CTRL, SYN_CTRL_RESET);
        slot_wr(&c->slots[i], SYN_S2_CTRL, 0);
        slot_wr(&c->slots[i], SYN_IRQ_STATUS, 0xffffffffu);
    }
    return 0;
}

static int syn_guest_dt(struct vcoproc *v, struct platform_dt_writer *w)
{
    uint32_t reg[4] = { (uint32_t)(v->cfg.base.ipa >> 32), (uint32_t)v->cfg.base.ipa,
                        (uint32_t)(v->cfg.size >> 32), (uint32_t)v->cfg.size };
    /* GIC binding: SPI, number from 32, edge rising */
    uint32_t irq[3] = { 0, v->cfg.virq - 32, 1 };
    int err;
    if ((err = platform_dtw_begin_node(w, "vcoproc")) ||
        (err = platform_dtw_prop_string(w, "compatible", "vcoproc,synthetic-v1")) ||
        (err = platform_dtw_prop_cells(w, "reg", reg, 4)) ||
        (err = platform_dtw_prop_cells(w, "interrupts", irq, 3)))
        return err;
    return platform_dtw_end_node(w);
}

static const struct coproc_driver_ops syn_ops = {
    .probe = syn_probe,
    .remove = syn_remove,
    .vcoproc_init = syn_vc_init,
    .vcoproc_destroy = syn_vc_destroy,
    .vcoproc_reset = syn_vc_reset,
    .mmio_read = syn_mmio_read,
    .mmio_write = syn_mmio_write,
    .ctx_switch_out = syn_switch_out,
    .ctx_switch_in = syn_switch_in,
    .iommu_switch = syn_iommu_switch,
    .irq = syn_irq,
    .device_reset = syn_device_reset,
    .guest_dt_node = syn_guest_dt,
};

static const char *const syn_compatible[] = { "vcoproc,synthetic", 0 };
static const struct coproc_driver syn_driver = { "synthetic", syn_compatible, &syn_ops };
COPROC_DRIVER_REGISTER(syn_driver);
