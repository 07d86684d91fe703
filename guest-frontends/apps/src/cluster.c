/* The instrument-cluster workload: one frame per period, each released at
 * an absolute time (start + n * period, so a late frame never shifts the
 * later ones). A frame is a dial (two Gouraud triangles sharing an edge)
 * and a needle rasterised into an RGBA framebuffer, plus the needle's
 * coverage mask rasterised into a float plane and blurred by a 3x3 box
 * filter (its glow). Completion is the moment the guest sees the frame's
 * fence, measured against release + deadline. */
#include "apps/ref.h"
#include "apps/workloads.h"
#include "apps_util.h"
#include "hw/sgpu_regs.h"

#define CLUSTER_BG      0xff302018u
#define CLUSTER_ONE_F   0x3f800000u     /* 1.0f: the raster writes it as a colour */

struct cluster_bufs {
    struct sgpu_buf fb, mask, glow;
    uint32_t *ref_fb;
    float *ref_mask, *ref_glow;
    uint64_t *resp;
};

void cluster_defaults(struct cluster_params *p)
{
    *p = (struct cluster_params){ .frames = 300, .period_ns = 16666667, .deadline_ns = 0,
                                  .width = 256, .height = 160, .verify_every = 0,
                                  .wake_slack_ns = 2000000 };
}

static void cluster_tri(struct sgpu_triangle *t, int32_t x0, int32_t y0, int32_t x1, int32_t y1,
                        int32_t x2, int32_t y2, uint32_t c0, uint32_t c1, uint32_t c2)
{
    *t = (struct sgpu_triangle){ .xy = { x0, y0, x1, y1, x2, y2 }, .rgba = { c0, c1, c2 } };
}

void cluster_scene(uint32_t frame, uint32_t width, uint32_t height, struct sgpu_triangle t[4])
{
    int32_t w = (int32_t)width * 16, h = (int32_t)height * 16;
    /* Edges on pixel centres (16x + 8): the shared-edge rule is exercised. */
    int32_t l = (w / 8 & ~15) + 8, r = (w - w / 8) & ~15, top = (h / 8 & ~15) + 8, bot = ((h - h / 8) & ~15) + 8;

    /* The dial: a quad split along its diagonal (a shared edge, drawn once). */
    cluster_tri(&t[0], l, top, r, top, r, bot, 0xff403010u, 0xff806020u, 0xffc0a040u);
    cluster_tri(&t[1], l, top, r, bot, l, bot, 0xff403010u, 0xffc0a040u, 0xff204080u);
    /* The needle's tip runs round the dial's edge, 23 subpixels a frame. */
    int32_t pw = r - l, ph = bot - top, s = (int32_t)((frame * 23u) % (uint32_t)(2 * (pw + ph)));
    int32_t tx, ty;
    if (s < pw) {
        tx = l + s; ty = top;
    } else if (s < pw + ph) {
        tx = r; ty = top + (s - pw);
    } else if (s < 2 * pw + ph) {
        tx = r - (s - pw - ph); ty = bot;
    } else {
        tx = l; ty = bot - (s - 2 * pw - ph);
    }
    int32_t cx = w / 2, cy = h / 2, px = -(ty - cy) / 12, py = (tx - cx) / 12;
    cluster_tri(&t[2], tx, ty, cx + px, cy + py, cx - px, cy - py, 0xff2020ffu, 0xff0000c0u, 0xff000080u);
    cluster_tri(&t[3], tx, ty, cx + px, cy + py, cx - px, cy - py, CLUSTER_ONE_F, CLUSTER_ONE_F,
                CLUSTER_ONE_F);
}

static const float cluster_box[9] = {
    1.0f / 9, 1.0f / 9, 1.0f / 9, 1.0f / 9, 1.0f / 9, 1.0f / 9, 1.0f / 9, 1.0f / 9, 1.0f / 9,
};

static int cluster_emit_frame(struct sgpu_dev *d, const struct cluster_params *p,
                              const struct cluster_bufs *b, uint32_t f, uint64_t *seq)
{
    struct sgpu_triangle t[4];
    uint32_t w = p->width, h = p->height, bytes = 4 * w * h;

    cluster_scene(f, w, h, t);
    int r = sgpu_cmd_fill(d, b->fb.va, bytes, CLUSTER_BG);
    for (int i = 0; i < 3 && !r; i++)
        r = sgpu_kernel_raster(d, b->fb.va, w, h, 4 * w, &t[i]);
    if (!r)
        r = sgpu_cmd_fill(d, b->mask.va, bytes, 0);
    if (!r)
        r = sgpu_kernel_raster(d, b->mask.va, w, h, 4 * w, &t[3]);
    if (!r)
        r = sgpu_kernel_conv3x3(d, b->mask.va, b->glow.va, w, h, cluster_box);
    if (!r)
        r = sgpu_cmd_fence(d, 0, seq);
    if (!r)
        r = sgpu_cmd_submit(d);
    return r;
}

/* Renders frame f on the CPU and compares it with what the device left. */
static bool cluster_verify(struct sgpu_dev *d, const struct cluster_params *p,
                           const struct cluster_bufs *b, uint32_t f)
{
    struct sgpu_triangle t[4];
    uint32_t w = p->width, h = p->height, n = w * h;

    cluster_scene(f, w, h, t);
    ref_fill((uint8_t *)b->ref_fb, 4ull * n, CLUSTER_BG);
    for (int i = 0; i < 3; i++)
        ref_raster(b->ref_fb, w, h, 4 * w, &t[i]);
    ref_fill((uint8_t *)b->ref_mask, 4ull * n, 0);
    ref_raster((uint32_t *)b->ref_mask, w, h, 4 * w, &t[3]);
    ref_conv3x3(b->ref_mask, b->ref_glow, w, h, cluster_box);
    const uint32_t *fb = b->fb.cpu, *glow = b->glow.cpu, *rglow = (const uint32_t *)b->ref_glow;
    for (uint32_t i = 0; i < n; i++) {
        if (fb[i] != b->ref_fb[i] || glow[i] != rglow[i]) {
            apps_util_print(d, "cluster: frame %u differs at pixel (%u,%u): rgba 0x%08x want 0x%08x, glow 0x%08x want 0x%08x",
                            f, i % w, i / w, fb[i], b->ref_fb[i], glow[i], rglow[i]);
            return false;
        }
    }
    return true;
}

static int cluster_setup(struct sgpu_dev *d, const struct cluster_params *p, struct cluster_bufs *b)
{
    uint64_t bytes = 4ull * p->width * p->height;
    int r = sgpu_buf_alloc(d, bytes, 0, &b->fb);
    if (!r)
        r = sgpu_buf_alloc(d, bytes, 0, &b->mask);
    if (!r)
        r = sgpu_buf_alloc(d, bytes, 0, &b->glow);
    if (r)
        return r;
    b->ref_fb = apps_util_alloc(d, bytes);
    b->ref_mask = apps_util_alloc(d, bytes);
    b->ref_glow = apps_util_alloc(d, bytes);
    b->resp = apps_util_alloc(d, 8ull * p->frames);
    return b->ref_fb && b->ref_mask && b->ref_glow && b->resp ? SGPU_OK : SGPU_ERR_NOMEM;
}

static uint64_t cluster_pct(const uint64_t *sorted, uint32_t n, uint32_t pct)
{
    uint32_t rank = (n * pct + 99) / 100;      /* nearest rank */
    return sorted[rank ? rank - 1 : 0];
}

int cluster_run(struct sgpu_dev *d, const struct cluster_params *pp, struct cluster_result *res)
{
    struct cluster_params p = *pp;
    struct cluster_bufs b;
    const struct sgpu_env *env = sgpu_dev_env(d);
    int rc = 0;

    *res = (struct cluster_result){ 0 };
    if (!p.deadline_ns)
        p.deadline_ns = p.period_ns;
    if (!p.frames || !p.period_ns || !p.width || !p.height || p.width > 4096 || p.height > 4096) {
        apps_util_print(d, "cluster: bad parameters: frames %u period %llu ns size %ux%u", p.frames,
                        (unsigned long long)p.period_ns, p.width, p.height);
        return SGPU_ERR_INVAL;
    }
    int r = cluster_setup(d, &p, &b);
    if (r)
        return r;
    uint64_t t0 = sgpu_dev_now(d) + p.period_ns;
    for (uint32_t f = 0; f < p.frames; f++) {
        uint64_t release = t0 + (uint64_t)f * p.period_ns, seq = 0;
        bool slept = sgpu_dev_now(d) < release;
        if (slept)
            env->ops->sleep_until(env->ctx, release);
        uint64_t now = sgpu_dev_now(d), woke = now > release ? now - release : 0;
        r = cluster_emit_frame(d, &p, &b, f, &seq);
        uint64_t submitted = sgpu_dev_now(d) - release;
        if (!r)
            r = sgpu_fence_wait(d, seq, 0);
        uint64_t resp = sgpu_dev_now(d) - release;
        if (p.log_late_ns && resp > p.log_late_ns)
            /* where a slow frame's time went: the wake-up after its
             * release, building and submitting it, the device and the
             * fence interrupt */
            apps_util_print(d, "cluster: frame %u took %llu us: woke +%llu us, submitted +%llu us (release at %llu ns)",
                            f, (unsigned long long)(resp / 1000),
                            (unsigned long long)(woke / 1000), (unsigned long long)(submitted / 1000),
                            (unsigned long long)release);
        if (r) {
            apps_util_print(d, "cluster: frame %u failed: %s", f, sgpu_err_str(r));
            res->errors++;
            rc = r;
            sgpu_dev_reset(d);
            if (resp <= p.deadline_ns)
                resp = p.deadline_ns + 1;
        }
        b.resp[f] = resp;
        /* only a sleep that ended late: a frame started late by its
         * predecessor's overrun is the device's doing */
        bool woke_late = slept && woke > p.wake_slack_ns;
        res->misses += resp > p.deadline_ns;
        res->late_wakes += woke_late;
        res->late_wake_misses += woke_late && resp > p.deadline_ns;
        res->frames++;
        bool last = f + 1 == p.frames;
        if (!r && (last || (p.verify_every && (f + 1) % p.verify_every == 0))) {
            res->verified++;
            if (!cluster_verify(d, &p, &b, f))
                res->bad_frames++;
        }
    }
    apps_util_sort(b.resp, res->frames);
    res->p50_ns = cluster_pct(b.resp, res->frames, 50);
    res->p99_ns = cluster_pct(b.resp, res->frames, 99);
    res->max_ns = b.resp[res->frames - 1];
    res->fb = b.fb.cpu;
    res->fb_crc = ref_crc32(b.fb.cpu, 4ull * p.width * p.height);
    res->glow_crc = ref_crc32(b.glow.cpu, 4ull * p.width * p.height);
    apps_util_print(d, "CLUSTER frames=%u misses=%u p50_us=%llu.%03llu p99_us=%llu.%03llu max_us=%llu.%03llu "
                    "deadline_us=%llu errors=%u verified=%u bad=%u crc=0x%08x late_wakes=%u late_wake_misses=%u",
                    res->frames, res->misses, (unsigned long long)(res->p50_ns / 1000),
                    (unsigned long long)(res->p50_ns % 1000), (unsigned long long)(res->p99_ns / 1000),
                    (unsigned long long)(res->p99_ns % 1000), (unsigned long long)(res->max_ns / 1000),
                    (unsigned long long)(res->max_ns % 1000), (unsigned long long)(p.deadline_ns / 1000),
                    res->errors, res->verified, res->bad_frames, res->fb_crc, res->late_wakes,
                    res->late_wake_misses);
    if (!rc && res->bad_frames)
        rc = 1;
    return rc;
}
