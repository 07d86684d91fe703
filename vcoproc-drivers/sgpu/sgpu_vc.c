/* SGPU vcoproc driver: mediated pass-through of the SGPU (docs/hw/sgpu.md)
 * to several domains, one time-sliced execution slot. This file: probe and
 * bring-up, the per-vcoproc objects (shadow state and context-save area),
 * and the guest's device-tree node. See docs/sgpu-vcoproc.md. */
#include "sgpu_vc.h"

#define SGPU_VC_WATCHDOG_DEFAULT COPROC_MS(10)
#define SGPU_VC_BOUND_DEFAULT COPROC_MS(30)

uint32_t sgpu_vc_rd(struct coproc *c, uint32_t off)
{
    return platform_io_read32(sgpu_vc_dev(c)->io, off);
}

uint64_t sgpu_vc_rd64(struct coproc *c, uint32_t off)
{
    return platform_io_read64(sgpu_vc_dev(c)->io, off);
}

void sgpu_vc_wr(struct coproc *c, uint32_t off, uint32_t val)
{
    platform_io_write32(sgpu_vc_dev(c)->io, off, val);
}

/* HI first: the LO store is the one that completes the new value */
void sgpu_vc_wr64(struct coproc *c, uint32_t off, uint64_t val)
{
    sgpu_vc_wr(c, off + 4, (uint32_t)(val >> 32));
    sgpu_vc_wr(c, off, (uint32_t)val);
}

static void sgpu_vc_remove(struct coproc *c)
{
    struct sgpu_dev *d = c->drv;
    if (d && d->io)
        platform_iounmap(d->io);
    platform_free(d);
    c->drv = 0;
}

static int read_time_prop(struct coproc *c, const struct platform_dt_node *node,
                          const char *prop, uint64_t dflt, uint64_t *out)
{
    int err = platform_dt_read_u64(node, prop, out);
    if (err == COPROC_ENOENT) {
        *out = dflt;
        return 0;
    }
    if (err || *out > COPROC_MS(10000)) {
        platform_log(PLATFORM_LOG_ERR, "%s: property %s is malformed or above 10 s", c->name,
                     prop);
        return COPROC_EINVAL;
    }
    return 0;
}

static int sgpu_vc_probe(struct coproc *c, const struct platform_dt_node *node)
{
    struct sgpu_dev *d = platform_alloc(sizeof(*d));
    uint64_t bound;
    if (!d)
        return COPROC_ENOMEM;
    c->drv = d;
    int err = COPROC_EINVAL;
    if (c->nr_regs < 1 || c->reg_size[0] < 2 * SGPU_VC_PRIV) {
        platform_log(PLATFORM_LOG_ERR, "%s: property reg must give the 8 KiB register window",
                     c->name);
        goto fail;
    }
    if (c->nr_irqs < 2) {
        platform_log(PLATFORM_LOG_ERR, "%s: property interrupts needs two (function, "
                     "privileged)", c->name);
        goto fail;
    }
    if (c->nr_slots != 1) {
        platform_log(PLATFORM_LOG_ERR, "%s: property vcoproc,slots is %u; the SGPU has one "
                     "engine", c->name, c->nr_slots);
        goto fail;
    }
    if (read_time_prop(c, node, "sgpu,watchdog-ns", SGPU_VC_WATCHDOG_DEFAULT, &d->watchdog_ns) ||
        read_time_prop(c, node, "sgpu,switch-timeout-ns", SGPU_VC_BOUND_DEFAULT, &bound))
        goto fail;
    d->switch_bound = bound;
    d->io = platform_iomap(coproc_pa(c->reg_base[0]), 2 * SGPU_VC_PRIV);
    err = COPROC_ENODEV;
    if (!d->io || sgpu_vc_rd(c, SGPU_F_ID) != SGPU_ID_VALUE ||
        (sgpu_vc_rd(c, SGPU_F_VERSION) >> 16) != (SGPU_VERSION_VALUE >> 16)) {
        platform_log(PLATFORM_LOG_ERR, "%s: no SGPU version 1 at 0x%llx", c->name,
                     (unsigned long long)c->reg_base[0]);
        goto fail;
    }
    d->caps = sgpu_vc_rd(c, SGPU_F_CAPS);
    d->kernels = sgpu_vc_rd(c, SGPU_F_KERNELS);
    d->ctx_req = sgpu_vc_rd(c, SGPU_VC_PRIV + SGPU_P_CTX_SIZE_REQ);
    if (d->ctx_req > SGPU_VC_CTX_BYTES) {
        platform_log(PLATFORM_LOG_ERR, "%s: the device needs a %u-byte save area (> %u)",
                     c->name, d->ctx_req, SGPU_VC_CTX_BYTES);
        err = COPROC_EINVAL;
        goto fail;
    }
    /* bring-up: every privileged event interrupts us; the device's own
     * watchdog turns a stuck job into a fault of its guest; the engine
     * starts detached (stage 2 on, no domain) and reset */
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PIRQ_MASK, SGPU_PIRQ_ALL);
    sgpu_vc_wr64(c, SGPU_VC_PRIV + SGPU_P_WATCHDOG_NS, d->watchdog_ns);
    sgpu_vc_wr64(c, SGPU_VC_PRIV + SGPU_P_S2_ROOT, 0);
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_S2_VMID, 0);
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_S2_CONTROL, 1);
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PCMD, SGPU_PCMD_RESET);
    sgpu_vc_wr(c, SGPU_VC_PRIV + SGPU_P_PIRQ_CLEAR, SGPU_PIRQ_ALL);
    return 0;
fail:
    sgpu_vc_remove(c);
    return err;
}

static int sgpu_vc_init(struct vcoproc *v)
{
    struct sgpu_vc *x = platform_alloc(sizeof(*x));
    if (!x)
        return COPROC_ENOMEM;
    if (v->cfg.size < SGPU_F_END) {
        platform_log(PLATFORM_LOG_ERR, "%s: property reg: the window (0x%llx bytes) does not "
                     "hold the SGPU function page", v->cfg.name, (unsigned long long)v->cfg.size);
        platform_free(x);
        return COPROC_EINVAL;
    }
    coproc_memset(x, 0, sizeof(*x));
    if (v->cfg.node && read_time_prop(v->coproc, v->cfg.node, "vcoproc,deadline-ns", 0,
                                      &x->deadline_ns)) {
        platform_free(x);
        return COPROC_EINVAL;
    }
    x->ctx = platform_dma_alloc(SGPU_VC_CTX_BYTES, &x->ctx_pa);
    if (!x->ctx) {
        platform_free(x);
        return COPROC_ENOMEM;
    }
    v->drv = x;
    return 0;
}

static void sgpu_vc_destroy(struct vcoproc *v)
{
    struct sgpu_vc *x = v->drv;
    if (x)
        platform_dma_free(x->ctx);
    platform_free(x);
    v->drv = 0;
}

static int sgpu_vc_reset(struct vcoproc *v)
{
    sgpu_vc_shadow_reset(v->drv);
    return 0;
}

static int sgpu_vc_guest_dt(struct vcoproc *v, struct platform_dt_writer *w)
{
    char name[32];
    uint32_t reg[4] = { (uint32_t)(v->cfg.base.ipa >> 32), (uint32_t)v->cfg.base.ipa,
                        (uint32_t)(v->cfg.size >> 32), (uint32_t)v->cfg.size };
    /* GIC binding: SPI (number from 32), edge rising */
    uint32_t irq[3] = { 0, v->cfg.virq - 32, 1 };
    int err;
    coproc_dt_unit_name(name, sizeof(name), "vcoproc-sgpu", v->cfg.base.ipa);
    if ((err = platform_dtw_begin_node(w, name)) ||
        (err = platform_dtw_prop_string(w, "compatible", "vcoproc,sgpu")) ||
        (err = platform_dtw_prop_cells(w, "reg", reg, 4)) ||
        (err = platform_dtw_prop_cells(w, "interrupts", irq, 3)))
        return err;
    return platform_dtw_end_node(w);
}

static const struct coproc_driver_ops sgpu_vc_ops = {
    .probe = sgpu_vc_probe,
    .remove = sgpu_vc_remove,
    .vcoproc_init = sgpu_vc_init,
    .vcoproc_destroy = sgpu_vc_destroy,
    .vcoproc_reset = sgpu_vc_reset,
    .mmio_read = sgpu_vc_mmio_read,
    .mmio_write = sgpu_vc_mmio_write,
    .ctx_switch_out = sgpu_vc_switch_out,
    .ctx_switch_in = sgpu_vc_switch_in,
    .iommu_switch = sgpu_vc_iommu_switch,
    .irq = sgpu_vc_irq,
    .device_reset = sgpu_vc_device_reset,
    .guest_dt_node = sgpu_vc_guest_dt,
};

static const char *const sgpu_vc_compatible[] = { "vcoproc,sgpu", 0 };
static const struct coproc_driver sgpu_vc_driver = { "sgpu", sgpu_vc_compatible, &sgpu_vc_ops };
COPROC_DRIVER_REGISTER(sgpu_vc_driver);
