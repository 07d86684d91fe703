/* Scriptable test driver (see mock_driver.h). */
#include "mock_driver.h"

struct mock_state mock;

struct mock_vc {
    uint32_t regs[16];
};

void mock_reset(void)
{
    coproc_memset(&mock, 0, sizeof(mock));
    mock.out.status = COPROC_SWITCH_DONE;
    mock.in.status = COPROC_SWITCH_DONE;
}

static int mock_probe(struct coproc *c, const struct platform_dt_node *n)
{
    (void)c, (void)n;
    mock.probes++;
    return 0;
}

static void mock_remove(struct coproc *c)
{
    (void)c;
    mock.removes++;
}

static int mock_vc_init(struct vcoproc *v)
{
    v->drv = platform_alloc(sizeof(struct mock_vc));
    mock.inits++;
    return v->drv ? 0 : COPROC_ENOMEM;
}

static void mock_vc_destroy(struct vcoproc *v)
{
    platform_free(v->drv);
    mock.destroys++;
}

static int mock_vc_reset(struct vcoproc *v)
{
    coproc_memset(v->drv, 0, sizeof(struct mock_vc));
    mock.resets++;
    return 0;
}

static int mock_mmio_read(struct vcoproc *v, uint64_t off, unsigned size, uint64_t *val)
{
    struct mock_vc *x = v->drv;
    (void)size;
    if (off == MOCK_REG_BAD)
        return COPROC_EINVAL;
    if (off < 0x40)
        *val = x->regs[off / 4];
    else
        platform_log(PLATFORM_LOG_WARN, "%s: read of unknown register 0x%llx ignored",
                     v->cfg.name, (unsigned long long)off);
    return 0;
}

static int mock_mmio_write(struct vcoproc *v, uint64_t off, unsigned size, uint64_t val)
{
    struct mock_vc *x = v->drv;
    (void)size;
    if (off == MOCK_REG_BAD)
        return COPROC_EINVAL;
    if (off == MOCK_REG_RAISE) {
        vcoproc_raise_irq(v);
        return 0;
    }
    if (off >= 0x40) {
        platform_log(PLATFORM_LOG_WARN, "%s: write of unknown register 0x%llx ignored",
                     v->cfg.name, (unsigned long long)off);
        return 0;
    }
    x->regs[off / 4] = (uint32_t)val;
    if (off == MOCK_REG_WORK)
        vcoproc_set_work(v, val != 0);
    return 0;
}

static struct coproc_switch_ret mock_answer(const struct mock_script *sc, struct coproc_slot *s)
{
    struct coproc_switch_ret r = { sc->status, sc->ns };
    if (sc->status == COPROC_SWITCH_RETRY) {
        if (s->retries >= sc->retries)
            r.status = COPROC_SWITCH_DONE;
        mock.retry_count[s->index] = s->retries;
    }
    return r;
}

static struct coproc_switch_ret mock_out(struct coproc_slot *s, struct vcoproc *v)
{
    (void)v;
    mock.outs++;
    return mock_answer(&mock.out, s);
}

static struct coproc_switch_ret mock_in(struct coproc_slot *s, struct vcoproc *v)
{
    struct platform_s2_ctx ctx;
    mock.ins++;
    platform_domain_s2(v->domain, &ctx);
    if (s->index < 4 && mock.slot_vmid[s->index] != ctx.vmid)
        mock.vmid_mismatch++;
    if (v == mock.fail_in_for) {
        struct coproc_switch_ret r = { COPROC_SWITCH_ERROR, 0 };
        return r;
    }
    return mock_answer(&mock.in, s);
}

static int mock_iommu(struct coproc_slot *s, const struct platform_s2_ctx *ctx)
{
    mock.iommu_calls++;
    if (s->index < 4)
        mock.slot_vmid[s->index] = ctx ? ctx->vmid : 0;
    return 0;
}

/* IRQ n - first IRQ = slot whose pending switch the device completed */
static void mock_irq(struct coproc *c, uint32_t irq)
{
    unsigned idx = irq - c->irqs[0];
    mock.irqs++;
    if (idx < c->nr_slots)
        coproc_slot_switch_done(&c->slots[idx], 0);
}

static int mock_device_reset(struct coproc *c)
{
    (void)c;
    mock.device_resets++;
    return 0;
}

static int mock_guest_dt(struct vcoproc *v, struct platform_dt_writer *w)
{
    uint32_t irq[3] = { 0, v->cfg.virq - 32, 1 };
    int err = platform_dtw_begin_node(w, "mock");
    if (!err)
        err = platform_dtw_prop_string(w, "compatible", "test,mock-v");
    if (!err)
        err = platform_dtw_prop_cells(w, "interrupts", irq, 3);
    return err ? err : platform_dtw_end_node(w);
}

static const struct coproc_driver_ops mock_ops = {
    .probe = mock_probe,
    .remove = mock_remove,
    .vcoproc_init = mock_vc_init,
    .vcoproc_destroy = mock_vc_destroy,
    .vcoproc_reset = mock_vc_reset,
    .mmio_read = mock_mmio_read,
    .mmio_write = mock_mmio_write,
    .ctx_switch_out = mock_out,
    .ctx_switch_in = mock_in,
    .iommu_switch = mock_iommu,
    .irq = mock_irq,
    .device_reset = mock_device_reset,
    .guest_dt_node = mock_guest_dt,
};

static const char *const mock_compat[] = { "test,mock", 0 };
static const struct coproc_driver mock_driver = { "mock", mock_compat, &mock_ops };
COPROC_DRIVER_REGISTER(mock_driver);
