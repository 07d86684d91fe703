/* The guest's virtual slot: a two-page window. Page 0 is the slot's
 * function page: while v's context is on a physical slot, accesses go to
 * that slot's page (only stores to writable registers); otherwise they use
 * v's shadow, and the stores are replayed at its next switch-in. Page 1 is
 * the emulated load page (sfpga_vc_load.c). Anything else is logged and
 * ignored; nothing here waits. */
#include "sfpga_vc.h"

#define W(off) ((off) / 4u)

void sfpga_vc_shadow_reset(struct sfpga_vc *x)
{
    for (unsigned i = 0; i < SFPGA_VC_FREGS; i++)
        x->fregs[i] = 0;
    x->dirty = 0;
    x->mask = x->raised = x->clear_pending = 0;
    x->nr_ctrl = 0;
    x->saved_state = SFPGA_SLOT_IDLE;
    x->ctx_valid = false;
    x->bs_addr = 0;
    x->bs_len = x->lp_status = x->lp_mask = x->lp_raised = x->cmd_status = 0;
    x->lp_held = x->held_status = 0;
    x->load_pending = x->loading = false;
    x->image = x->bs_image = 0;
    x->accel_id = x->accel_version = x->image_crc = x->image_len = 0;
}

static bool ctrl_log_has(const struct sfpga_vc *x, uint32_t ctrl)
{
    for (unsigned i = 0; i < x->nr_ctrl; i++)
        if (x->ctrl_log[i] == ctrl)
            return true;
    return false;
}

void sfpga_vc_job_end(struct vcoproc *v)
{
    struct sfpga_vc *x = v->drv;
    if (x->job_open) {
        x->job_open = false;
        vcoproc_job_done(v, x->job_t0, 0);
    }
}

static void job_begin(struct sfpga_vc *x)
{
    x->job_t0 = platform_time_now();
    x->job_open = true;
}

bool sfpga_vc_shadow_has_work(const struct sfpga_vc *x)
{
    return x->nr_ctrl || x->load_pending || x->loading || x->saved_state == SFPGA_SLOT_PREEMPTED;
}

void sfpga_vc_func_irq_check(struct vcoproc *v, uint32_t status)
{
    struct sfpga_vc *x = v->drv;
    /* once per status bit until the guest clears it, as the device signals */
    uint32_t bits = status & x->mask & ~x->raised;
    if (bits) {
        x->raised |= bits;
        vcoproc_raise_irq(v);
    }
}

/* Registers a guest may store to: triggers and the latched job registers. */
static bool func_writable(uint32_t off)
{
    return off == SFPGA_F_CTRL || off == SFPGA_F_IRQ_CLEAR || off == SFPGA_F_IRQ_MASK ||
           (off >= SFPGA_F_SRC_LO && off <= SFPGA_F_PARAM(7));
}

static uint32_t func_read(struct vcoproc *v, uint32_t off)
{
    struct sfpga_vc *x = v->drv;
    if (off == SFPGA_F_IRQ_MASK)
        return x->mask; /* the device's also has DONE|ERROR: that is ours */
    if (sfpga_vc_on_device(v)) {
        struct coproc *c = v->coproc;
        unsigned k = v->slot->index;
        /* a store takes effect at the transport's next doorbell, which may
         * not have run yet: the guest reads what it will see after it, as
         * from a device whose stores act at once */
        uint32_t val = off == SFPGA_F_IRQ_STATUS ? sfpga_vc_irq_status(c, k)
                                                 : sfpga_vc_frd(c, k, off);
        if (off == SFPGA_F_STATUS && sfpga_vc_frd(c, k, SFPGA_F_CTRL) == SFPGA_CTRL_START)
            val = SFPGA_JOB_BUSY;
        /* switching out: its clears and STARTs wait in the shadow */
        if (off == SFPGA_F_IRQ_STATUS)
            val &= ~x->clear_pending;
        else if (off == SFPGA_F_STATUS && ctrl_log_has(x, SFPGA_CTRL_START))
            val = SFPGA_JOB_BUSY;
        return val;
    }
    if (off >= SFPGA_F_SNAPSHOT_BYTES || off == SFPGA_F_CTRL || off == SFPGA_F_IRQ_CLEAR)
        return 0;
    if (off == SFPGA_F_STATUS && ctrl_log_has(x, SFPGA_CTRL_START))
        return SFPGA_JOB_BUSY; /* what the device shows once it has the START */
    return x->fregs[W(off)];
}

/* A CTRL store while v is not on the device: kept for the switch-in, which
 * the job needs anyway (an ABORT with nothing to abort is dropped). */
static void func_ctrl_shadow(struct vcoproc *v, uint32_t val)
{
    struct sfpga_vc *x = v->drv;
    if (!val)
        return;
    if (val == SFPGA_CTRL_ABORT && !ctrl_log_has(x, SFPGA_CTRL_START) &&
        x->saved_state != SFPGA_SLOT_PREEMPTED)
        return;
    if (x->nr_ctrl == SFPGA_VC_CTRL_LOG) {
        sfpga_vc_bad_access(v, "CTRL store beyond the replay log", SFPGA_F_CTRL, 4);
        return;
    }
    x->ctrl_log[x->nr_ctrl++] = val;
    if (val == SFPGA_CTRL_START)
        job_begin(x);
    vcoproc_set_work(v, true);
}

static void func_write(struct vcoproc *v, uint32_t off, uint32_t val)
{
    struct sfpga_vc *x = v->drv;
    struct coproc *c = v->coproc;
    if (!func_writable(off)) {
        sfpga_vc_bad_access(v, "store to a read-only function register", off, 4);
        return;
    }
    bool live = sfpga_vc_on_device(v) && v->slot->phase == COPROC_SLOT_ACTIVE && !x->loading;
    if (sfpga_vc_on_device(v) && !live && off != SFPGA_F_CTRL && off != SFPGA_F_IRQ_CLEAR) {
        /* switching out or configuring: plain registers go to the page and
         * to the shadow (a SAVE already taken would miss them: the replay
         * brings them back); triggers wait for the replay */
        if (off == SFPGA_F_IRQ_MASK) {
            x->mask = val;
            val |= SFPGA_VC_FUNC_IRQS;
        }
        x->fregs[W(off)] = val;
        x->dirty |= 1ull << W(off);
        sfpga_vc_fwr(c, v->slot->index, off, val);
        return;
    }
    if (live) {
        unsigned k = v->slot->index;
        x->dirty &= ~(1ull << W(off)); /* the device has the newest value */
        if (off == SFPGA_F_IRQ_MASK) {
            x->mask = val;
            sfpga_vc_fwr(c, k, off, val | SFPGA_VC_FUNC_IRQS);
            sfpga_vc_func_irq_check(v, sfpga_vc_irq_status(c, k));
            return;
        }
        sfpga_vc_fwr(c, k, off, val);
        if (off == SFPGA_F_IRQ_CLEAR)
            x->raised &= ~val;
        if (off == SFPGA_F_CTRL && val == SFPGA_CTRL_START) {
            /* the device takes the START at the next doorbell (under the
             * hypervisor: after this trap), so its STATUS cannot tell yet;
             * the job's DONE or ERROR interrupt (a refusal too) ends it */
            job_begin(x);
            sfpga_vc_linger_stop(sfpga_vc_slot(v->slot));
            vcoproc_set_work(v, true);
        }
        return;
    }
    switch (off) {
    case SFPGA_F_CTRL:
        func_ctrl_shadow(v, val);
        return;
    case SFPGA_F_IRQ_CLEAR:
        x->fregs[W(SFPGA_F_IRQ_STATUS)] &= ~val;
        x->raised &= ~val;
        x->clear_pending |= val;
        return;
    case SFPGA_F_IRQ_MASK:
        x->mask = val;
        x->fregs[W(off)] = val | SFPGA_VC_FUNC_IRQS;
        x->dirty |= 1ull << W(off);
        sfpga_vc_func_irq_check(v, x->fregs[W(SFPGA_F_IRQ_STATUS)]);
        return;
    default:
        x->fregs[W(off)] = val;
        x->dirty |= 1ull << W(off);
    }
}

static bool access_ok(uint64_t off, unsigned size)
{
    return (size == 4 || size == 8) && !(off & (size - 1));
}

int sfpga_vc_mmio_read(struct vcoproc *v, uint64_t off, unsigned size, uint64_t *val)
{
    *val = 0;
    if (!access_ok(off, size) || off >= SFPGA_VC_WINDOW) {
        sfpga_vc_bad_access(v, "read outside the slot's registers", off, size);
        return 0;
    }
    for (unsigned i = 0; i < size; i += 4) {
        uint32_t o = (uint32_t)off + i, w;
        w = o < SFPGA_VC_PAGE ? func_read(v, o) : sfpga_vc_lp_read(v, o - SFPGA_VC_PAGE);
        *val |= (uint64_t)w << (8 * i);
    }
    return 0;
}

int sfpga_vc_mmio_write(struct vcoproc *v, uint64_t off, unsigned size, uint64_t val)
{
    if (!access_ok(off, size) || off >= SFPGA_VC_WINDOW) {
        sfpga_vc_bad_access(v, "store outside the slot's registers", off, size);
        return 0;
    }
    /* a 64-bit store is its two halves, LO first, as two stores would be */
    for (unsigned i = 0; i < size; i += 4) {
        uint32_t o = (uint32_t)off + i, w = (uint32_t)(val >> (8 * i));
        if (o < SFPGA_VC_PAGE)
            func_write(v, o, w);
        else
            sfpga_vc_lp_write(v, o - SFPGA_VC_PAGE, w);
    }
    return 0;
}
