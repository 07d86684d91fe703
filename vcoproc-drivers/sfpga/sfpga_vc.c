/* SFPGA vcoproc driver: N reconfigurable slots of one SFPGA (docs/hw/sfpga.md)
 * shared by tenant domains, one virtual slot each. This file: register
 * access, probe and bring-up, the per-vcoproc objects (shadow, context area,
 * bitstream copy, allow-list), the guest's DT node, statistics and the
 * registration. See docs/sfpga-vcoproc.md. */
#include "sfpga_vc.h"

#define SFPGA_VC_BAD_ACCESS_LOGS 8u

static uint64_t page_off(const struct sfpga_dev *d, unsigned page, uint32_t off)
{
    (void)d;
    return (uint64_t)page * SFPGA_VC_PAGE + off;
}

uint32_t sfpga_vc_frd(struct coproc *c, unsigned k, uint32_t off)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    return platform_io_read32(d->io, page_off(d, SFPGA_PAGE_FUNC(k), off));
}

void sfpga_vc_fwr(struct coproc *c, unsigned k, uint32_t off, uint32_t val)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    platform_io_write32(d->io, page_off(d, SFPGA_PAGE_FUNC(k), off), val);
}

void sfpga_vc_global_reset(struct coproc *c)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    platform_io_write32(d->io, SFPGA_G_RESET, SFPGA_RESET_KEY);
    d->reset_pending = true;
    for (unsigned k = 0; k < d->nslots; k++)
        d->slot[k].rewrite = true;
}

uint32_t sfpga_vc_prd(struct coproc *c, unsigned k, uint32_t off)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    return platform_io_read32(d->io, page_off(d, SFPGA_PAGE_PRIV(d->nslots, k), off));
}

void sfpga_vc_pwr(struct coproc *c, unsigned k, uint32_t off, uint32_t val)
{
    struct sfpga_dev *d = sfpga_vc_dev(c);
    platform_io_write32(d->io, page_off(d, SFPGA_PAGE_PRIV(d->nslots, k), off), val);
}

/* HI first: the LO store is the one that completes the new value */
void sfpga_vc_pwr64(struct coproc *c, unsigned k, uint32_t off, uint64_t val)
{
    sfpga_vc_pwr(c, k, off + 4, (uint32_t)(val >> 32));
    sfpga_vc_pwr(c, k, off, (uint32_t)val);
}

uint32_t sfpga_vc_irq_status(struct coproc *c, unsigned k)
{
    return sfpga_vc_frd(c, k, SFPGA_F_IRQ_STATUS) & ~sfpga_vc_frd(c, k, SFPGA_F_IRQ_CLEAR);
}

coproc_time_t sfpga_vc_reconf_ns(const struct sfpga_dev *d, uint32_t len)
{
    return d->reconf_base_ns + ((uint64_t)len * d->reconf_ps_per_byte + 999) / 1000;
}

void sfpga_vc_bad_access(struct vcoproc *v, const char *what, uint64_t off, unsigned size)
{
    /* a guest hammering bad offsets must not flood the log */
    if (++sfpga_vc_dev(v->coproc)->st.bad_accesses <= SFPGA_VC_BAD_ACCESS_LOGS)
        platform_log(PLATFORM_LOG_WARN, "%s: %s: %s at offset 0x%llx size %u ignored",
                     v->coproc->name, v->cfg.name, what, (unsigned long long)off, size);
}

static void sfpga_vc_remove(struct coproc *c)
{
    struct sfpga_dev *d = c->drv;
    for (unsigned k = 0; d && k < SFPGA_MAX_SLOTS; k++)
        if (d->slot[k].linger)
            platform_timer_destroy(d->slot[k].linger);
    for (unsigned k = 0; d && k < SFPGA_MAX_SLOTS; k++)
        if (d->slot[k].pristine)
            platform_dma_free(d->slot[k].pristine);
    if (d && d->io)
        platform_iounmap(d->io);
    platform_free(d);
    c->drv = 0;
}

/* An optional u32 property within [lo, hi]; dflt when absent. */
static int read_u32_prop(struct coproc *c, const struct platform_dt_node *node, const char *prop,
                         uint32_t lo, uint32_t hi, uint32_t dflt, uint32_t *out)
{
    int err = platform_dt_read_u32(node, prop, out);
    if (err == COPROC_ENOENT) {
        *out = dflt;
        return 0;
    }
    if (err || *out < lo || *out > hi) {
        platform_log(PLATFORM_LOG_ERR, "%s: property %s is malformed or outside %u..%u", c->name,
                     prop, lo, hi);
        return COPROC_EINVAL;
    }
    return 0;
}

static int probe_props(struct coproc *c, const struct platform_dt_node *node, struct sfpga_dev *d)
{
    uint32_t slots;
    int err = platform_dt_read_u32(node, "vcoproc,slots", &slots);
    if (err == 0 && slots != d->nslots) {
        platform_log(PLATFORM_LOG_ERR, "%s: property vcoproc,slots is %u but the device has %u "
                     "slots", c->name, slots, d->nslots);
        return COPROC_EINVAL;
    }
    if (c->nr_irqs != 2 * d->nslots) {
        platform_log(PLATFORM_LOG_ERR, "%s: property interrupts has %u entries; the device needs "
                     "%u (function vectors 0..%u, then privileged vectors %u..%u)%s", c->name,
                     c->nr_irqs, 2 * d->nslots, d->nslots - 1, d->nslots, 2 * d->nslots - 1,
                     2 * d->nslots > COPROC_MAX_IRQS ? "; more than COPROC_MAX_IRQS" : "");
        return COPROC_EINVAL;
    }
    if (read_u32_prop(c, node, "sfpga,max-bitstream", SFPGA_BS_HDR_SIZE, SFPGA_BS_MAX_SIZE,
                      SFPGA_VC_BS_MAX_DEFAULT, &d->bs_max) ||
        read_u32_prop(c, node, "sfpga,slice-ratio", 0, 1000, SFPGA_VC_SLICE_RATIO_DEFAULT,
                      &d->slice_ratio))
        return COPROC_EINVAL;
    uint64_t linger;
    err = platform_dt_read_u64(node, "sfpga,linger-ns", &linger);
    if (err == COPROC_ENOENT) {
        d->linger_ns = SFPGA_VC_LINGER_AUTO;
    } else if (err || linger > COPROC_MS(10)) {
        platform_log(PLATFORM_LOG_ERR, "%s: property sfpga,linger-ns is malformed or above 10 ms",
                     c->name);
        return COPROC_EINVAL;
    } else {
        d->linger_ns = linger;
    }
    return 0;
}

static int sfpga_vc_probe(struct coproc *c, const struct platform_dt_node *node)
{
    struct sfpga_dev *d = platform_alloc(sizeof(*d));
    if (!d)
        return COPROC_ENOMEM;
    c->drv = d;
    int err = COPROC_EINVAL;
    if (c->nr_regs < 1 || c->reg_size[0] < SFPGA_VC_PAGE) {
        platform_log(PLATFORM_LOG_ERR, "%s: property reg must give the SFPGA register window "
                     "(BAR2)", c->name);
        goto fail;
    }
    d->io = platform_iomap(coproc_pa(c->reg_base[0]), c->reg_size[0]);
    err = COPROC_ENODEV;
    if (!d->io || platform_io_read32(d->io, SFPGA_G_ID) != SFPGA_ID_VALUE ||
        (platform_io_read32(d->io, SFPGA_G_VERSION) >> 16) != (SFPGA_VERSION_VALUE >> 16)) {
        platform_log(PLATFORM_LOG_ERR, "%s: no SFPGA version 1 at 0x%llx", c->name,
                     (unsigned long long)c->reg_base[0]);
        goto fail;
    }
    d->nslots = platform_io_read32(d->io, SFPGA_G_NSLOTS);
    if (d->nslots < 1 || d->nslots > SFPGA_MAX_SLOTS ||
        c->reg_size[0] < (uint64_t)SFPGA_NUM_PAGES(d->nslots) * SFPGA_VC_PAGE) {
        platform_log(PLATFORM_LOG_ERR, "%s: the device reports %u slots; property reg must cover "
                     "%u pages", c->name, d->nslots, SFPGA_NUM_PAGES(d->nslots));
        err = COPROC_EINVAL;
        goto fail;
    }
    if ((err = probe_props(c, node, d)))
        goto fail;
    d->accel_mask = platform_io_read32(d->io, SFPGA_G_ACCEL_MASK);
    d->reconf_base_ns = platform_io_read32(d->io, SFPGA_G_RECONF_BASE_NS);
    d->reconf_ps_per_byte = platform_io_read32(d->io, SFPGA_G_RECONF_PS_PER_BYTE);
    if ((err = coproc_set_slots(c, d->nslots)))
        goto fail;
    /* bring-up: the whole device reset, then every slot detached (stage 2
     * on, rooted at 0 outside RAM: any DMA faults) with the privileged
     * events we wait for enabled */
    sfpga_vc_global_reset(c);
    for (unsigned k = 0; k < d->nslots; k++) {
        sfpga_vc_pwr64(c, k, SFPGA_P_S2_ROOT_LO, 0);
        sfpga_vc_pwr(c, k, SFPGA_P_VMID, 0);
        sfpga_vc_pwr(c, k, SFPGA_P_S2_CTRL, 1);
        sfpga_vc_pwr(c, k, SFPGA_P_IRQ_CLEAR, 0xffffffffu);
        sfpga_vc_pwr(c, k, SFPGA_P_IRQ_MASK, SFPGA_VC_PIRQ_MASK);
        d->slot[k].st.owner = -1;
        d->slot[k].coproc = c;
        d->slot[k].index = k;
        d->slot[k].linger = platform_timer_create(sfpga_vc_linger_timer, &d->slot[k]);
        d->slot[k].pristine = platform_dma_alloc(SFPGA_VC_CTX_BYTES, &d->slot[k].pristine_pa);
        if (!d->slot[k].linger || !d->slot[k].pristine) {
            err = COPROC_ENOMEM;
            goto fail;
        }
    }
    d->next_image = 1;
    return 0;
fail:
    sfpga_vc_remove(c);
    return err;
}

/* ---- allow-list: "sha256 aes 4", names or ids, space or comma separated ---- */
static const char *const accel_names[SFPGA_ACCEL_COUNT][2] = {
    { 0, 0 }, { "sha256", 0 }, { "crc32c", 0 }, { "aes128ctr", "aes" }, { "fir", 0 },
    { "matmul8", "matmul" },
};

static bool word_eq(const char *w, unsigned n, const char *name)
{
    unsigned i = 0;
    for (; i < n && name[i]; i++)
        if (w[i] != name[i])
            return false;
    return i == n && !name[i];
}

static int word_accel(const char *w, unsigned n)
{
    if (n == 1 && w[0] >= '1' && w[0] < '0' + (char)SFPGA_ACCEL_COUNT)
        return w[0] - '0';
    for (int id = 1; id < (int)SFPGA_ACCEL_COUNT; id++)
        for (unsigned a = 0; a < 2; a++)
            if (accel_names[id][a] && word_eq(w, n, accel_names[id][a]))
                return id;
    return -1;
}

static int parse_allowed(struct vcoproc *v, uint32_t *out)
{
    const struct platform_dt_node *n = v->cfg.node;
    const char *s = n ? platform_dt_read_string(n, "sfpga,allowed-accelerators") : 0;
    *out = 0;
    if (!s) {
        platform_log(PLATFORM_LOG_WARN, "%s: no property sfpga,allowed-accelerators: its guest "
                     "may load no bitstream", v->cfg.name);
        return 0;
    }
    while (*s) {
        while (*s == ' ' || *s == ',' || *s == '\t')
            s++;
        unsigned len = 0;
        while (s[len] && s[len] != ' ' && s[len] != ',' && s[len] != '\t')
            len++;
        if (!len)
            break;
        int id = word_accel(s, len);
        if (id < 0) {
            char word[16];
            unsigned i = 0;
            for (; i < len && i < sizeof(word) - 1; i++)
                word[i] = s[i];
            word[i] = '\0';
            platform_log(PLATFORM_LOG_ERR, "%s: property sfpga,allowed-accelerators: unknown "
                         "accelerator \"%s\" (sha256, crc32c, aes128ctr, fir, matmul8 or ids "
                         "1..5)", v->cfg.name, word);
            return COPROC_EINVAL;
        }
        *out |= 1u << id;
        s += len;
    }
    return 0;
}

static void sfpga_vc_destroy(struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    struct sfpga_dev *d = sfpga_vc_dev(v->coproc);
    /* no slot may keep pointing at it (its context or load is gone with it) */
    for (unsigned k = 0; d && k < d->nslots; k++) {
        if (d->slot[k].page_owner == v)
            d->slot[k].page_owner = 0;
        if (d->slot[k].loader == v)
            d->slot[k].loader = 0;
    }
    if (x) {
        if (x->ctx)
            platform_dma_free(x->ctx);
        if (x->bs)
            platform_dma_free(x->bs);
    }
    platform_free(x);
    v->drv = 0;
}

static int sfpga_vc_init(struct vcoproc *v)
{
    struct sfpga_dev *d = sfpga_vc_dev(v->coproc);
    struct sfpga_vc *x = platform_alloc(sizeof(*x));
    if (!x)
        return COPROC_ENOMEM;
    v->drv = x;
    if (v->cfg.size < SFPGA_VC_WINDOW) {
        platform_log(PLATFORM_LOG_ERR, "%s: property reg: the window (0x%llx bytes) must hold "
                     "the function page and the load page (0x%x)", v->cfg.name,
                     (unsigned long long)v->cfg.size, SFPGA_VC_WINDOW);
        sfpga_vc_destroy(v);
        return COPROC_EINVAL;
    }
    if (parse_allowed(v, &x->allowed)) {
        sfpga_vc_destroy(v);
        return COPROC_EINVAL;
    }
    x->ctx = platform_dma_alloc(SFPGA_VC_CTX_BYTES, &x->ctx_pa);
    x->bs = platform_dma_alloc(d->bs_max, &x->bs_pa);
    if (!x->ctx || !x->bs) {
        sfpga_vc_destroy(v);
        return COPROC_ENOMEM;
    }
    sfpga_vc_shadow_reset(x);
    x->st.last_slot = -1;
    return 0;
}

static int sfpga_vc_reset(struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    /* every slot that believed it served v's context forgets it */
    struct sfpga_dev *d = sfpga_vc_dev(v->coproc);
    for (unsigned k = 0; k < d->nslots; k++)
        if (d->slot[k].page_owner == v)
            d->slot[k].page_owner = 0;
    sfpga_vc_shadow_reset(x);
    return 0;
}

static int sfpga_vc_guest_dt(struct vcoproc *v, struct platform_dt_writer *w)
{
    char name[40];
    uint32_t reg[4] = { (uint32_t)(v->cfg.base.ipa >> 32), (uint32_t)v->cfg.base.ipa, 0,
                        SFPGA_VC_WINDOW };
    /* GIC binding: SPI (number from 32), edge rising */
    uint32_t irq[3] = { 0, v->cfg.virq - 32, 1 };
    int err;
    coproc_dt_unit_name(name, sizeof(name), "vcoproc-sfpga", v->cfg.base.ipa);
    if ((err = platform_dtw_begin_node(w, name)) ||
        (err = platform_dtw_prop_string(w, "compatible", "vcoproc,sfpga-slot")) ||
        (err = platform_dtw_prop_cells(w, "reg", reg, 4)) ||
        (err = platform_dtw_prop_cells(w, "interrupts", irq, 3)))
        return err;
    return platform_dtw_end_node(w);
}

static const struct coproc_driver_ops sfpga_vc_ops = {
    .probe = sfpga_vc_probe,
    .remove = sfpga_vc_remove,
    .vcoproc_init = sfpga_vc_init,
    .vcoproc_destroy = sfpga_vc_destroy,
    .vcoproc_reset = sfpga_vc_reset,
    .mmio_read = sfpga_vc_mmio_read,
    .mmio_write = sfpga_vc_mmio_write,
    .ctx_switch_out = sfpga_vc_switch_out,
    .ctx_switch_in = sfpga_vc_switch_in,
    .iommu_switch = sfpga_vc_iommu_switch,
    .irq = sfpga_vc_irq,
    .device_reset = sfpga_vc_device_reset,
    .guest_dt_node = sfpga_vc_guest_dt,
    .slot_cost = sfpga_vc_slot_cost,
};

static const char *const sfpga_vc_compatible[] = { "vcoproc,sfpga", 0 };
static const struct coproc_driver sfpga_vc_driver = { "sfpga", sfpga_vc_compatible,
                                                      &sfpga_vc_ops };
COPROC_DRIVER_REGISTER(sfpga_vc_driver);

/* ---- statistics ---- */
int sfpga_vc_stats(struct coproc *c, struct sfpga_vc_stats *out)
{
    if (!c || c->driver != &sfpga_vc_driver)
        return COPROC_EINVAL;
    platform_lock_acquire(c->lock);
    struct sfpga_dev *d = c->drv;
    coproc_memset(out, 0, sizeof(*out));
    out->nslots = d->nslots;
    out->dev = d->st;
    out->slice_ratio = d->slice_ratio;
    for (unsigned k = 0; k < d->nslots && k < 8; k++) {
        out->slot[k] = d->slot[k].st;
        out->slot[k].accel_id = sfpga_vc_frd(c, k, SFPGA_F_ACCEL_ID);
        out->slot[k].owner = d->slot[k].page_owner ? (int32_t)d->slot[k].page_owner->id : -1;
        out->accel_busy_ns[k] = sfpga_vc_prd(c, k, SFPGA_P_BUSY_NS_LO) |
                                (uint64_t)sfpga_vc_prd(c, k, SFPGA_P_BUSY_NS_HI) << 32;
    }
    platform_lock_release(c->lock);
    return 0;
}

int sfpga_vc_vstats(struct vcoproc *v, struct sfpga_vc_vstats *out)
{
    if (!v || v->coproc->driver != &sfpga_vc_driver)
        return COPROC_EINVAL;
    platform_lock_acquire(v->coproc->lock);
    *out = ((struct sfpga_vc *)v->drv)->st;
    platform_lock_release(v->coproc->lock);
    return 0;
}
