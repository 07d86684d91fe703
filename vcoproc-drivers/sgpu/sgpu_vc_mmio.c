/* The guest's virtual SGPU function page. While its vcoproc is visible on
 * the device, accesses go to the physical page 0 (mediated pass-through:
 * offsets and widths are checked, read-only registers are never written).
 * Otherwise they are served from and recorded in the shadow state, which
 * the next switch-in replays after resuming the saved context. The
 * privileged page is outside the guest's window by construction: only page-0
 * offsets below SGPU_F_END are ever forwarded. */
#include "sgpu_vc.h"

static uint32_t img32(const struct sgpu_vc *x, uint32_t off)
{
    const uint8_t *p = (const uint8_t *)x->ctx + off;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t img64(const struct sgpu_vc *x, uint32_t off)
{
    return img32(x, off) | (uint64_t)img32(x, off + 4) << 32;
}

void sgpu_vc_shadow_reset(struct sgpu_vc *x)
{
    void *ctx = x->ctx;
    coproc_pa_t pa = x->ctx_pa;
    uint64_t sw = x->switches_in, rs = x->resets, bad = x->bad_accesses;
    coproc_time_t deadline = x->deadline_ns;
    coproc_memset(x, 0, sizeof(*x));
    x->deadline_ns = deadline;
    x->ctx = ctx;
    x->ctx_pa = pa;
    x->switches_in = sw;
    x->resets = rs;
    x->bad_accesses = bad;
}

/* After a save: what the device holds of the function now lives in the
 * image; registers the guest wrote meanwhile keep the guest's values. */
void sgpu_vc_shadow_from_image(struct sgpu_vc *x)
{
    if (x->reset_req) {
        /* the guest's RESET came after the save began: the image is stale */
        x->reset_req = false;
        x->saved = false;
        return;
    }
    if (img32(x, SGPU_IMG_MAGIC) != SGPU_IMG_MAGIC_VALUE) {
        platform_log(PLATFORM_LOG_ERR, "sgpu: context image without its magic; starting afresh");
        x->saved = false;
        return;
    }
    x->saved = true;
    if (!(x->dirty & SGPU_D_RING_BASE))
        x->ring_base = img64(x, SGPU_IMG_RING_BASE);
    if (!(x->dirty & SGPU_D_RING_SIZE))
        x->ring_size = img32(x, SGPU_IMG_RING_SIZE);
    if (!(x->dirty & SGPU_D_TAIL))
        x->tail = img32(x, SGPU_IMG_TAIL);
    if (!(x->dirty & SGPU_D_CONTROL))
        x->control = img32(x, SGPU_IMG_CONTROL);
    if (!(x->dirty & SGPU_D_MMU_ROOT))
        x->mmu_root = img64(x, SGPU_IMG_MMU_ROOT);
    if (!(x->dirty & SGPU_D_MMU_CTRL))
        x->mmu_ctrl = img32(x, SGPU_IMG_MMU_CTRL);
    if (!(x->dirty & SGPU_D_MASK))
        x->mask = img32(x, SGPU_IMG_MASK);
    x->head = img32(x, SGPU_IMG_RING_HEAD);
    x->rawstat = img32(x, SGPU_IMG_RAWSTAT) & ~x->clear;
    x->fence = img64(x, SGPU_IMG_FENCE);
    x->fault_status = img32(x, SGPU_IMG_FSTATUS);
    x->fault_head = img32(x, SGPU_IMG_FHEAD);
    x->fault_addr = img64(x, SGPU_IMG_FADDR);
    x->fault_ipa = img64(x, SGPU_IMG_FIPA);
    x->fstate = img32(x, SGPU_IMG_STATE);
}

static bool shadow_stopped(const struct sgpu_vc *x)
{
    return x->fstate == SGPU_ENGINE_FAULTED || x->fstate == SGPU_ENGINE_HUNG;
}

bool sgpu_vc_shadow_has_work(const struct sgpu_vc *x)
{
    if (shadow_stopped(x))
        return false;
    return x->fstate == SGPU_ENGINE_RUNNING ||
           ((x->control & SGPU_CONTROL_RING_ENABLE) && x->tail != x->head);
}

/* Whether the resident function has work. Page-0 stores take effect when
 * the device reaches their doorbell, which over ivshmem is some time after
 * the store: so what the guest last wrote (x->tail and x->control, kept on
 * write-through and replay) counts as much as what the device shows. */
bool sgpu_vc_resident_has_work(struct coproc *c, const struct sgpu_vc *x)
{
    uint32_t st = sgpu_vc_rd(c, SGPU_F_STATUS);
    if (st & SGPU_STATUS_BUSY)
        return true;
    bool reset_pending = (sgpu_vc_rd(c, SGPU_F_RESET) & 1) != 0;
    if ((st & SGPU_STATUS_FAULTED) && !reset_pending)
        return false; /* only a reset leaves a fault */
    return (x->control & SGPU_CONTROL_RING_ENABLE) && x->tail != sgpu_vc_rd(c, SGPU_F_RING_HEAD);
}

/* A store written through to the device: keep the values that say whether
 * the function has work (see sgpu_vc_resident_has_work). */
static void track_write(struct sgpu_vc *x, uint32_t off, uint32_t val)
{
    if (off == SGPU_F_RING_TAIL) {
        x->tail = val;
    } else if (off == SGPU_F_CONTROL) {
        x->control = val;
    } else if (off == SGPU_F_RESET && val) {
        x->tail = 0;
        x->control = 0;
        x->resets++;
    }
}

void sgpu_vc_set_work(struct vcoproc *v, bool work)
{
    struct sgpu_vc *x = v->drv;
    if (work && !x->burst_open) {
        x->burst_open = true;
        x->burst_start = platform_time_now();
    } else if (!work && x->burst_open) {
        x->burst_open = false;
        vcoproc_job_done(v, x->burst_start, x->deadline_ns ? x->burst_start + x->deadline_ns : 0);
    }
    vcoproc_set_work(v, work);
}

static bool vc_visible(const struct vcoproc *v)
{
    return coproc_slot_visible(v->slot) == v;
}

static uint32_t lo32(uint64_t v) { return (uint32_t)v; }
static uint32_t hi32(uint64_t v) { return (uint32_t)(v >> 32); }

static uint32_t shadow_read32(struct vcoproc *v, uint32_t off)
{
    const struct sgpu_vc *x = v->drv;
    if (v->state == VCOPROC_FAULTED && !(x->fault_status & SGPU_FAULT_VALID)) {
        /* stopped by the framework (its context could not be switched):
         * to its guest that is a hung function, until it resets it */
        switch (off) {
        case SGPU_F_FAULT_STATUS: return SGPU_FAULT_VALID | SGPU_FAULT_HANG;
        case SGPU_F_IRQ_RAWSTAT: return x->rawstat | SGPU_IRQ_FAULT;
        case SGPU_F_IRQ_STATUS: return (x->rawstat | SGPU_IRQ_FAULT) & x->mask;
        case SGPU_F_STATUS: return SGPU_STATUS_FAULTED;
        default: break;
        }
    }
    const struct sgpu_dev *d = sgpu_vc_dev(v->coproc);
    switch (off) {
    case SGPU_F_ID: return SGPU_ID_VALUE;
    case SGPU_F_VERSION: return SGPU_VERSION_VALUE;
    case SGPU_F_CAPS: return d->caps;
    case SGPU_F_KERNELS: return d->kernels;
    case SGPU_F_RING_BASE: return lo32(x->ring_base);
    case SGPU_F_RING_BASE + 4: return hi32(x->ring_base);
    case SGPU_F_RING_SIZE: return x->ring_size;
    case SGPU_F_RING_HEAD: return x->head;
    case SGPU_F_RING_TAIL: return x->tail;
    case SGPU_F_CONTROL: return x->control;
    case SGPU_F_MMU_ROOT: return lo32(x->mmu_root);
    case SGPU_F_MMU_ROOT + 4: return hi32(x->mmu_root);
    case SGPU_F_MMU_CONTROL: return x->mmu_ctrl;
    case SGPU_F_IRQ_RAWSTAT: return x->rawstat;
    case SGPU_F_IRQ_MASK: return x->mask;
    case SGPU_F_IRQ_STATUS: return x->rawstat & x->mask;
    case SGPU_F_FENCE: return lo32(x->fence);
    case SGPU_F_FENCE + 4: return hi32(x->fence);
    case SGPU_F_FAULT_STATUS: return x->fault_status;
    case SGPU_F_FAULT_HEAD: return x->fault_head;
    case SGPU_F_FAULT_ADDR: return lo32(x->fault_addr);
    case SGPU_F_FAULT_ADDR + 4: return hi32(x->fault_addr);
    case SGPU_F_STATUS:
        return (sgpu_vc_shadow_has_work(x) ? SGPU_STATUS_BUSY : 0) |
               (shadow_stopped(x) ? SGPU_STATUS_FAULTED : 0);
    case SGPU_F_TIME: return lo32(platform_time_now());
    case SGPU_F_TIME + 4: return hi32(platform_time_now());
    case SGPU_F_FAULT_IPA: return lo32(x->fault_ipa);
    case SGPU_F_FAULT_IPA + 4: return hi32(x->fault_ipa);
    default: return 0;  /* triggers read as 0 */
    }
}

/* Accepted: 4- or 8-byte, naturally aligned, inside the function registers. */
static bool access_ok(struct vcoproc *v, uint64_t off, unsigned size, const char *what)
{
    if ((size == 4 || size == 8) && !(off & (size - 1)) && off + size <= SGPU_F_END)
        return true;
    struct sgpu_vc *x = v->drv;
    x->bad_accesses++;
    platform_log(PLATFORM_LOG_WARN,
                 "%s: %u-byte %s at offset 0x%llx of the SGPU function page ignored "
                 "(registers are 4/8-byte aligned below 0x%x)",
                 v->cfg.name, size, what, (unsigned long long)off, SGPU_F_END);
    return false;
}

/* The shadow bit that holds a guest write to off not yet on the device. */
static uint32_t reg_dirty_bit(uint32_t off)
{
    switch (off) {
    case SGPU_F_RING_BASE: case SGPU_F_RING_BASE + 4: return SGPU_D_RING_BASE;
    case SGPU_F_RING_SIZE: return SGPU_D_RING_SIZE;
    case SGPU_F_RING_TAIL: return SGPU_D_TAIL;
    case SGPU_F_CONTROL: return SGPU_D_CONTROL;
    case SGPU_F_MMU_ROOT: case SGPU_F_MMU_ROOT + 4: return SGPU_D_MMU_ROOT;
    case SGPU_F_MMU_CONTROL: return SGPU_D_MMU_CTRL;
    case SGPU_F_IRQ_MASK: return SGPU_D_MASK;
    default: return 0;
    }
}

/* While v is being switched out, the device's page 0 still shows v's
 * function (live, or as saved): the truth for what the guest has not
 * overwritten since. (While it is being switched in, the page still shows
 * the previous function until the RESUME or RESET is done: the shadow
 * answers then, see on_device.) w is what the page shows at o. */
static uint32_t resident_read32(struct vcoproc *v, uint32_t o, uint32_t w)
{
    struct sgpu_vc *x = v->drv;
    if (x->dirty & reg_dirty_bit(o))
        return shadow_read32(v, o);
    if (o == SGPU_F_IRQ_RAWSTAT)
        w &= ~x->clear;
    else if (o == SGPU_F_IRQ_STATUS)
        w = sgpu_vc_rd(v->coproc, SGPU_F_IRQ_RAWSTAT) & ~x->clear &
            (x->dirty & SGPU_D_MASK ? x->mask : sgpu_vc_rd(v->coproc, SGPU_F_IRQ_MASK));
    return w;
}

int sgpu_vc_mmio_read(struct vcoproc *v, uint64_t off, unsigned size, uint64_t *val)
{
    struct sgpu_vc *x = v->drv;
    *val = 0;
    if (!access_ok(v, off, size, "read"))
        return 0;
    bool visible = vc_visible(v);
    bool resident = !visible && v->slot && v->slot->cur == v && x->on_device && !x->reset_req;
    /* What the device shows, read in one access: an 8-byte register the
     * device updates meanwhile (FENCE) must not come back as halves of
     * two values. */
    uint64_t dev = 0;
    uint32_t o0 = (uint32_t)off;
    if (visible || resident)
        dev = size == 8 ? sgpu_vc_rd64(v->coproc, o0) : sgpu_vc_rd(v->coproc, o0);
    if (visible) {
        *val = dev;
        return 0;
    }
    for (unsigned i = 0; i < size; i += 4) {
        uint32_t o = o0 + i, w;
        if (resident)
            w = resident_read32(v, o, (uint32_t)(dev >> (8 * i)));
        else
            w = shadow_read32(v, o);
        *val |= (uint64_t)w << (8 * i);
    }
    return 0;
}

static bool reg_writable(uint32_t off)
{
    switch (off) {
    case SGPU_F_RING_BASE: case SGPU_F_RING_BASE + 4: case SGPU_F_RING_SIZE:
    case SGPU_F_RING_TAIL: case SGPU_F_CONTROL: case SGPU_F_MMU_ROOT:
    case SGPU_F_MMU_ROOT + 4: case SGPU_F_MMU_CONTROL: case SGPU_F_MMU_INVALIDATE:
    case SGPU_F_IRQ_MASK: case SGPU_F_IRQ_CLEAR: case SGPU_F_RESET:
        return true;
    default:
        return false;
    }
}

static void set_lo(uint64_t *r, uint32_t v) { *r = (*r & ~0xffffffffull) | v; }
static void set_hi(uint64_t *r, uint32_t v) { *r = (*r & 0xffffffffull) | (uint64_t)v << 32; }

/* A write while v is not on the device: recorded for the next switch-in. */
static void shadow_write32(struct vcoproc *v, uint32_t off, uint32_t val)
{
    struct sgpu_vc *x = v->drv;
    switch (off) {
    case SGPU_F_RING_BASE: set_lo(&x->ring_base, val); x->dirty |= SGPU_D_RING_BASE; break;
    case SGPU_F_RING_BASE + 4: set_hi(&x->ring_base, val); x->dirty |= SGPU_D_RING_BASE; break;
    case SGPU_F_RING_SIZE: x->ring_size = val; x->dirty |= SGPU_D_RING_SIZE; break;
    case SGPU_F_RING_TAIL: x->tail = val; x->dirty |= SGPU_D_TAIL; break;
    case SGPU_F_CONTROL: x->control = val; x->dirty |= SGPU_D_CONTROL; break;
    case SGPU_F_MMU_ROOT: set_lo(&x->mmu_root, val); x->dirty |= SGPU_D_MMU_ROOT; break;
    case SGPU_F_MMU_ROOT + 4: set_hi(&x->mmu_root, val); x->dirty |= SGPU_D_MMU_ROOT; break;
    case SGPU_F_MMU_CONTROL: x->mmu_ctrl = val; x->dirty |= SGPU_D_MMU_CTRL; break;
    case SGPU_F_IRQ_MASK: x->mask = val; x->dirty |= SGPU_D_MASK; break;
    case SGPU_F_IRQ_CLEAR:
        x->rawstat &= ~val;
        x->clear |= val;
        x->dirty |= SGPU_D_CLEAR;
        break;
    case SGPU_F_MMU_INVALIDATE:
        break;  /* a switch-in (RESUME or RESET) flushes the TLB anyway */
    case SGPU_F_RESET:
        if (val) {
            /* only this vcoproc: its next switch-in starts from reset */
            sgpu_vc_shadow_reset(x);
            x->resets++;
            /* resident: the device still holds the old function (or is
             * saving it); the switch-out drops the image, the switch-in
             * resets the function */
            x->reset_req = v->slot && v->slot->cur == v;
        }
        break;
    }
}

int sgpu_vc_mmio_write(struct vcoproc *v, uint64_t off, unsigned size, uint64_t val)
{
    if (!access_ok(v, off, size, "write"))
        return 0;
    for (unsigned i = 0; i < size; i += 4) {
        uint32_t o = (uint32_t)off + i, w = (uint32_t)(val >> (8 * i));
        if (!reg_writable(o)) {
            struct sgpu_vc *x = v->drv;
            x->bad_accesses++;
            platform_log(PLATFORM_LOG_WARN,
                         "%s: write 0x%x to read-only SGPU register 0x%x ignored",
                         v->cfg.name, w, o);
            continue;
        }
        if (vc_visible(v)) {
            sgpu_vc_wr(v->coproc, o, w);
            track_write(v->drv, o, w);
        } else {
            shadow_write32(v, o, w);
        }
    }
    bool reset = off <= SGPU_F_RESET && off + size > SGPU_F_RESET &&
                 ((val >> (8 * (SGPU_F_RESET - off))) & 1);
    /* a submission (or reset) of a vcoproc: tell the scheduler */
    if (vc_visible(v))
        sgpu_vc_set_work(v, sgpu_vc_resident_has_work(v->coproc, v->drv));
    else if (v->state != VCOPROC_SWITCHING_OUT)
        sgpu_vc_set_work(v, sgpu_vc_shadow_has_work(v->drv));
    return reset ? COPROC_MMIO_RESET : 0;
}
