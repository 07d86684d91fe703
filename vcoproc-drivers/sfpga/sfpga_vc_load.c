/* The emulated load page (docs/sfpga-guest.md section 1): the loading subset
 * of a slot's privileged page. A LOAD is checked here, in the order the
 * device checks (so a bad image gets the device's own status code), then
 * against the vcoproc's allow-list (14 NOT_ALLOWED), then the image is
 * copied into hypervisor memory: the device loads that copy, so the guest
 * cannot change the image between the check and the load, and a switch
 * can reconfigure the slot again without trusting guest memory. The load
 * runs at once when v is on its slot, else at its next switch-in; either
 * way the device's reconfiguration time is spent and counted. */
#include "sfpga_vc.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* CRC32C (Castagnoli, reflected) on the raw register value, bitwise: it
 * runs once per header, and a table would be 1 KiB of hypervisor data. */
static uint32_t crc32c_update(uint32_t crc, const uint8_t *p, uint32_t n)
{
    while (n--) {
        crc ^= *p++;
        for (unsigned b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
    }
    return crc;
}

/* The device's header checks, in its order (docs/hw/sfpga.md section 5). */
static unsigned header_check(const struct sfpga_dev *d, const uint8_t *h, uint32_t len)
{
    if (len < SFPGA_BS_HDR_SIZE)
        return SFPGA_ST_BAD_SIZE;
    if (le32(h) != SFPGA_BS_MAGIC)
        return SFPGA_ST_BAD_MAGIC;
    if (~crc32c_update(0xFFFFFFFFu, h, 0x14) != le32(h + 0x14))
        return SFPGA_ST_HDR_CRC;
    unsigned format = (unsigned)h[4] | (unsigned)h[5] << 8;
    if (format != SFPGA_BS_FORMAT || le32(h + 0x18) || le32(h + 0x1C))
        return SFPGA_ST_BAD_FORMAT;
    uint32_t size = le32(h + 0x0C);
    if (size < SFPGA_BS_HDR_SIZE || size > SFPGA_BS_MAX_SIZE || size != len)
        return SFPGA_ST_BAD_SIZE;
    unsigned id = (unsigned)h[6] | (unsigned)h[7] << 8;
    if (id >= 32 || !(d->accel_mask & (1u << id)))
        return SFPGA_ST_UNKNOWN_ACCEL;
    return SFPGA_ST_OK;
}

void sfpga_vc_lp_event(struct vcoproc *v, uint32_t bits)
{
    struct sfpga_vc *x = v->drv;
    x->lp_status |= bits;
    uint32_t fire = x->lp_status & x->lp_mask & ~x->lp_raised;
    if (fire) {
        x->lp_raised |= fire;
        vcoproc_raise_irq(v);
    }
}

static void lp_refuse(struct vcoproc *v, unsigned st, uint32_t bit)
{
    struct sfpga_vc *x = v->drv;
    struct sfpga_dev *d = sfpga_vc_dev(v->coproc);
    x->cmd_status = st;
    x->st.last_status = st;
    if (st == SFPGA_ST_NOT_ALLOWED) {
        x->st.not_allowed++;
        d->st.refused_not_allowed++;
    } else {
        d->st.refused_other++;
    }
    x->st.loads_failed++;
    platform_log(PLATFORM_LOG_INFO, "%s: %s: bitstream load refused with status %u",
                 v->coproc->name, v->cfg.name, st);
    sfpga_vc_lp_event(v, bit);
}

/* Every page of [ipa, ipa + len) readable: checked before the copy starts,
 * so a bad range leaves the previous copy intact. */
static bool guest_range_ok(struct vcoproc *v, uint64_t ipa, uint32_t len)
{
    uint8_t b;
    for (uint64_t a = ipa; a < ipa + len; a = (a | 0xfffu) + 1)
        if (platform_guest_read(v->domain, &b, coproc_ipa(a), 1))
            return false;
    return !platform_guest_read(v->domain, &b, coproc_ipa(ipa + len - 1), 1);
}

static bool bytes_equal(const uint8_t *a, const uint8_t *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The image id of v's fresh copy: that of a byte-identical image another
 * vcoproc of this device holds, else a new one. */
static sfpga_vc_image_t image_identify(struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    struct sfpga_dev *d = sfpga_vc_dev(v->coproc);
    for (struct vcoproc *o = v->coproc->vcoprocs; o; o = o->next) {
        struct sfpga_vc *y = o->drv;
        if (o == v || !y || !y->bs_image || y->accel_id != x->accel_id ||
            y->accel_version != x->accel_version || y->image_crc != x->image_crc ||
            y->image_len != x->image_len)
            continue;
        if (bytes_equal(x->bs, y->bs, x->image_len))
            return y->bs_image;
    }
    return d->next_image++;
}

static void guest_load(struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    struct coproc *c = v->coproc;
    struct sfpga_dev *d = sfpga_vc_dev(c);
    uint8_t h[SFPGA_BS_HDR_SIZE];
    bool on_dev = sfpga_vc_on_device(v) && v->slot->phase == COPROC_SLOT_ACTIVE;
    bool busy = on_dev ? sfpga_vc_frd(c, v->slot->index, SFPGA_F_STATUS) == SFPGA_JOB_BUSY
                       : (x->nr_ctrl != 0);
    if (x->loading || x->load_pending || busy || (sfpga_vc_on_device(v) && !on_dev)) {
        lp_refuse(v, SFPGA_ST_BAD_STATE, SFPGA_PIRQ_CMD_ERROR);
        return;
    }
    if (x->bs_len < SFPGA_BS_HDR_SIZE || x->bs_len > d->bs_max) {
        /* the device's limit is 16 MiB; ours is the copy area (sfpga,max-bitstream) */
        lp_refuse(v, SFPGA_ST_BAD_SIZE, SFPGA_PIRQ_LOAD_ERROR);
        return;
    }
    if (platform_guest_read(v->domain, h, coproc_ipa(x->bs_addr), sizeof h)) {
        lp_refuse(v, SFPGA_ST_DMA_FAULT, SFPGA_PIRQ_LOAD_ERROR);
        return;
    }
    unsigned st = header_check(d, h, x->bs_len);
    if (st != SFPGA_ST_OK) {
        lp_refuse(v, st, SFPGA_PIRQ_LOAD_ERROR);
        return;
    }
    unsigned id = (unsigned)h[6] | (unsigned)h[7] << 8;
    if (!(x->allowed & (1u << id))) {
        lp_refuse(v, SFPGA_ST_NOT_ALLOWED, SFPGA_PIRQ_LOAD_ERROR);
        return;
    }
    if (!guest_range_ok(v, x->bs_addr, x->bs_len) ||
        platform_guest_read(v->domain, x->bs, coproc_ipa(x->bs_addr), x->bs_len)) {
        lp_refuse(v, SFPGA_ST_DMA_FAULT, SFPGA_PIRQ_LOAD_ERROR);
        return;
    }
    /* the copy replaces v's configuration: its old one and its context go */
    x->accel_id = id;
    x->accel_version = le32(h + 8);
    x->image_crc = le32(h + 0x10);
    x->image_len = x->bs_len;
    x->bs_image = 0;
    x->bs_image = image_identify(v);
    x->image = 0;
    x->ctx_valid = false;
    x->cmd_status = SFPGA_ST_PENDING;
    if (on_dev) {
        sfpga_vc_load_start(c, v->slot->index, v, false);
    } else {
        x->load_pending = true;
        x->saved_state = SFPGA_SLOT_IDLE; /* a preempted job does not survive a load */
        for (unsigned i = 0; i < SFPGA_VC_FREGS; i++)
            x->fregs[i] = 0;
        x->dirty = 0;
        x->raised = 0;
    }
    vcoproc_set_work(v, true);
}

static void guest_unload(struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    struct coproc *c = v->coproc;
    bool on_dev = sfpga_vc_on_device(v);
    if (x->loading || x->load_pending || (on_dev && v->slot->phase != COPROC_SLOT_ACTIVE) ||
        (!on_dev && x->nr_ctrl)) {
        lp_refuse(v, SFPGA_ST_BAD_STATE, SFPGA_PIRQ_CMD_ERROR);
        return;
    }
    if (on_dev) {
        unsigned k = v->slot->index;
        if (sfpga_vc_frd(c, k, SFPGA_F_STATUS) == SFPGA_JOB_BUSY) {
            lp_refuse(v, SFPGA_ST_BAD_STATE, SFPGA_PIRQ_CMD_ERROR);
            return;
        }
        /* allowed in every state but BUSY and CONFIGURING, excluded above:
         * its answer is known before the device takes it */
        sfpga_vc_pwr(c, k, SFPGA_P_CMD, SFPGA_CMD_UNLOAD);
        sfpga_vc_dev(c)->slot[k].image = 0;
        sfpga_vc_fwr(c, k, SFPGA_F_IRQ_MASK, SFPGA_VC_FUNC_IRQS);
    }
    for (unsigned i = 0; i < SFPGA_VC_FREGS; i++)
        x->fregs[i] = 0;
    x->dirty = 0;
    x->mask = x->raised = x->clear_pending = 0;
    x->saved_state = SFPGA_SLOT_IDLE;
    x->image = 0;
    x->ctx_valid = false;
    x->cmd_status = SFPGA_ST_OK;
    x->st.last_status = SFPGA_ST_OK;
}

uint32_t sfpga_vc_lp_read(struct vcoproc *v, uint32_t off)
{
    struct sfpga_vc *x = v->drv;
    switch (off) {
    case SFPGA_P_CMD_STATUS:
        return x->cmd_status;
    case SFPGA_P_STATE:
        if (x->loading || x->load_pending)
            return SFPGA_SLOT_CONFIGURING;
        if (!x->image)
            return SFPGA_SLOT_EMPTY;
        if (sfpga_vc_on_device(v))
            /* preempted reads as busy: a tenant cannot tell it was switched */
            return sfpga_vc_frd(v->coproc, v->slot->index, SFPGA_F_STATUS) == SFPGA_JOB_BUSY
                       ? SFPGA_SLOT_BUSY : SFPGA_SLOT_IDLE;
        return x->nr_ctrl || x->saved_state == SFPGA_SLOT_PREEMPTED ? SFPGA_SLOT_BUSY
                                                                     : SFPGA_SLOT_IDLE;
    case SFPGA_P_BS_ADDR_LO:
        return (uint32_t)x->bs_addr;
    case SFPGA_P_BS_ADDR_HI:
        return (uint32_t)(x->bs_addr >> 32);
    case SFPGA_P_BS_LEN:
        return x->bs_len;
    case SFPGA_P_IRQ_STATUS:
        return x->lp_status;
    case SFPGA_P_IRQ_MASK:
        return x->lp_mask;
    default:
        return 0; /* the rest of the privileged page is the hypervisor's */
    }
}

void sfpga_vc_lp_write(struct vcoproc *v, uint32_t off, uint32_t val)
{
    struct sfpga_vc *x = v->drv;
    switch (off) {
    case SFPGA_P_BS_ADDR_LO:
        x->bs_addr = (x->bs_addr & ~0xffffffffull) | val;
        return;
    case SFPGA_P_BS_ADDR_HI:
        x->bs_addr = (x->bs_addr & 0xffffffffull) | (uint64_t)val << 32;
        return;
    case SFPGA_P_BS_LEN:
        x->bs_len = val;
        return;
    case SFPGA_P_IRQ_CLEAR:
        x->lp_status &= ~val;
        x->lp_raised &= ~val;
        return;
    case SFPGA_P_IRQ_MASK:
        x->lp_mask = val;
        sfpga_vc_lp_event(v, 0);
        return;
    case SFPGA_P_CMD:
        if (val == SFPGA_CMD_LOAD)
            guest_load(v);
        else if (val == SFPGA_CMD_UNLOAD)
            guest_unload(v);
        else if (val)
            lp_refuse(v, SFPGA_ST_BAD_CMD, SFPGA_PIRQ_CMD_ERROR);
        return;
    default:
        sfpga_vc_bad_access(v, "store to a load-page register the guest does not own",
                            SFPGA_VC_PAGE + off, 4);
    }
}

void sfpga_vc_load_start(struct coproc *c, unsigned k, struct vcoproc *v, bool for_switch)
{
    struct sfpga_vc *x = v->drv;
    struct sfpga_vc_slot *sd = &sfpga_vc_dev(c)->slot[k];
    sd->loader = v;
    sd->load_start = platform_time_now();
    sd->load_for_switch = for_switch;
    sd->image = 0; /* in flux until the load ends */
    x->loading = true;
    x->load_pending = false;
    sfpga_vc_pwr(c, k, SFPGA_P_IRQ_CLEAR, SFPGA_VC_LOAD_IRQS);
    sfpga_vc_pwr64(c, k, SFPGA_P_BS_ADDR_LO, x->bs_pa.pa);
    sfpga_vc_pwr(c, k, SFPGA_P_BS_LEN, x->image_len);
    /* the copy is hypervisor memory: a machine PA, so translation is off
     * for this load only. No job can start meanwhile: the slot configures,
     * the tenant's CTRL stores are held, and sfpga_vc_load_end turns
     * translation on before anything else reaches the slot. */
    sfpga_vc_pwr(c, k, SFPGA_P_S2_CTRL, 0);
    sfpga_vc_pwr(c, k, SFPGA_P_CMD, SFPGA_CMD_LOAD);
}

bool sfpga_vc_load_over(struct coproc *c, unsigned k)
{
    return sfpga_vc_prd(c, k, SFPGA_P_CMD) == 0 &&
           sfpga_vc_prd(c, k, SFPGA_P_STATE) != SFPGA_SLOT_CONFIGURING;
}

bool sfpga_vc_load_end(struct coproc *c, unsigned k, struct vcoproc *v, bool pristine)
{
    struct sfpga_vc *x = v->drv;
    struct sfpga_dev *d = sfpga_vc_dev(c);
    struct sfpga_vc_slot *sd = &d->slot[k];
    coproc_time_t ns = platform_time_now() - sd->load_start;
    unsigned st = sfpga_vc_prd(c, k, SFPGA_P_CMD_STATUS);
    bool ok = st == SFPGA_ST_OK && sfpga_vc_prd(c, k, SFPGA_P_STATE) != SFPGA_SLOT_EMPTY;
    sfpga_vc_pwr(c, k, SFPGA_P_S2_CTRL, 1);
    sfpga_vc_pwr(c, k, SFPGA_P_IRQ_CLEAR, SFPGA_VC_LOAD_IRQS);
    sd->loader = 0;
    x->loading = false;
    sd->st.reconfs++;
    sd->st.reconf_ns += ns;
    d->st.reconfs++;
    d->st.reconf_ns += ns;
    if (sd->load_for_switch) {
        sd->st.switch_reconfs++;
        d->st.switch_reconfs++;
        d->st.switch_reconf_ns += ns;
        x->st.reloads++;
    } else {
        d->st.guest_loads++;
    }
    sd->pristine_image = 0;
    if (ok) {
        sd->image = x->bs_image;
        x->image = x->bs_image;
        if (pristine) {
            /* the state right after this load, for later loads of the same
             * image (the caller waits for this SAVE to be taken) */
            sd->pristine_want = sd->image;
            sfpga_vc_pwr(c, k, SFPGA_P_IRQ_CLEAR, SFPGA_PIRQ_SAVED | SFPGA_PIRQ_CMD_ERROR);
            sfpga_vc_pwr64(c, k, SFPGA_P_CTX_ADDR_LO, sd->pristine_pa.pa);
            sfpga_vc_pwr(c, k, SFPGA_P_CTX_SIZE, SFPGA_VC_CTX_BYTES);
            sfpga_vc_pwr(c, k, SFPGA_P_CMD, SFPGA_CMD_SAVE);
        }
    } else {
        sd->image = 0;
        if (!sd->load_for_switch)
            x->image = 0;
    }
    if (sd->load_for_switch)
        return ok;
    /* the guest's own load: its result, on its load page */
    x->st.last_status = st;
    if (ok) {
        x->st.loads_ok++;
    } else {
        x->st.loads_failed++;
        platform_log(PLATFORM_LOG_INFO, "%s: %s: bitstream load failed with status %u", c->name,
                     v->cfg.name, st);
    }
    x->ctx_valid = false;
    x->raised = 0;
    x->mask = 0; /* a load clears the function page, IRQ_MASK included */
    if (sd->page_owner == v) {
        sfpga_vc_fwr(c, k, SFPGA_F_IRQ_MASK, SFPGA_VC_FUNC_IRQS);
        /* CTRL stores held while it configured (translation was off) */
        for (unsigned i = 0; i < x->nr_ctrl; i++)
            sfpga_vc_fwr(c, k, SFPGA_F_CTRL, x->ctrl_log[i]);
        x->nr_ctrl = 0;
        x->clear_pending = 0; /* the load cleared the page; later stores are on it */
        x->dirty = 0;
    }
    x->lp_held = ok ? SFPGA_PIRQ_LOAD_DONE : SFPGA_PIRQ_LOAD_ERROR;
    x->held_status = st;
    /* During a switch-in the page is not v's yet (its reads come from the
     * shadow, which predates the load, and a pristine SAVE may still be
     * outstanding): the guest would see LOAD_DONE and then read the old
     * ACCEL_ID. The answer waits for in_finish. */
    if (sd->page_owner == v)
        sfpga_vc_lp_release(v);
    return ok;
}

void sfpga_vc_lp_release(struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    if (!x->lp_held)
        return;
    uint32_t bits = x->lp_held;
    x->lp_held = 0;
    x->cmd_status = x->held_status;
    sfpga_vc_lp_event(v, bits);
}

bool sfpga_vc_load_can_elide(struct coproc *c, unsigned k, struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    struct sfpga_vc_slot *sd = &sfpga_vc_dev(c)->slot[k];
    return x->bs_image && sd->image == x->bs_image && sd->pristine_image == x->bs_image;
}

void sfpga_vc_load_elided(struct coproc *c, unsigned k, struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    struct sfpga_dev *d = sfpga_vc_dev(c);
    (void)k;
    x->image = x->bs_image;
    x->load_pending = x->loading = false;
    x->cmd_status = SFPGA_ST_OK;
    x->st.last_status = SFPGA_ST_OK;
    x->st.loads_ok++;
    d->st.loads_elided++;
    x->ctx_valid = false;
    x->raised = 0;
    x->mask = 0; /* a load clears the function page, IRQ_MASK included */
    sfpga_vc_lp_event(v, SFPGA_PIRQ_LOAD_DONE);
}
