/* Test workloads over the native SGPU guest driver library (see wl.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "hw/sgpu_regs.h"
#include "wlref.h"
#include "sgpu/sgpu_drv.h"
#include "wl.h"

#define WL_TIMEOUT 500000000ull   /* 0.5 s of virtual time per wait */

static void wl_fail(struct wl_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void wl_fail(struct wl_out *o, const char *fmt, ...)
{
    va_list ap;
    if (o->rc)
        return;   /* keep the first reason */
    o->rc = -1;
    va_start(ap, fmt);
    vsnprintf(o->why, sizeof(o->why), fmt, ap);
    va_end(ap);
}

static struct sgpu_dev *wl_open(const struct sgpu_env *env, struct wl_out *o, uint32_t ring)
{
    struct sgpu_params p;
    int err = 0;
    memset(&p, 0, sizeof(p));
    p.ring_bytes = ring;
    p.timeout_ns = WL_TIMEOUT;
    struct sgpu_dev *d = sgpu_dev_open(env, &p, &err);
    if (!d)
        wl_fail(o, "sgpu_dev_open: %s", sgpu_err_str(err));
    return d;
}

static int wl_buf(struct sgpu_dev *d, struct wl_out *o, uint64_t size, struct sgpu_buf *b)
{
    int e = sgpu_buf_alloc(d, size, 0, b);
    if (e)
        wl_fail(o, "sgpu_buf_alloc(%llu): %s", (unsigned long long)size, sgpu_err_str(e));
    return e;
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* ---- cluster ---- */
#define CL_W 64u
#define CL_H 48u

static void cluster_tri(uint32_t f, int32_t xy[6], uint32_t rgba[3])
{
    int32_t s = (int32_t)(f % 32);
    int32_t v[6] = { 16 * 4 + s * 8, 16 * 3, 16 * 60 - s * 4, 16 * 20 + s * 3, 16 * 10 + s * 5,
                     16 * 45 };
    memcpy(xy, v, sizeof(v));
    rgba[0] = 0xff0000ffu ^ f;
    rgba[1] = 0xff00ff00u;
    rgba[2] = 0xffff0000u + f;
}

void wl_cluster(const struct sgpu_env *env, void *arg)
{
    struct wl_cluster *w = arg;
    struct wl_out *o = &w->o;
    struct sgpu_buf fb, in, out;
    static uint32_t ref_fb[CL_W * CL_H];
    static float ref_out[CL_W * CL_H];
    struct sgpu_dev *d = wl_open(env, o, 0);
    if (!d || wl_buf(d, o, 4 * CL_W * CL_H, &fb) || wl_buf(d, o, 4 * CL_W * CL_H, &in) ||
        wl_buf(d, o, 4 * CL_W * CL_H, &out))
        return;
    float *inp = in.cpu;
    for (uint32_t i = 0; i < CL_W * CL_H; i++)
        inp[i] = (float)((i * 37u) % 101u) * 0.25f;
    uint64_t t0 = env->ops->now_ns(env->ctx);
    for (uint32_t f = 0; f < w->frames; f++) {
        uint64_t release = t0 + (uint64_t)f * w->period_ns;
        env->ops->sleep_until(env->ctx, release);
        struct sgpu_triangle t;
        cluster_tri(f, t.xy, t.rgba);
        float k[9] = { 1, 2, 1, 2, 4, 2, 1, 2, 1 };
        k[4] += (float)(f % 7);
        int e = sgpu_cmd_fill(d, fb.va, fb.size, 0);
        if (!e)
            e = sgpu_kernel_raster(d, fb.va, CL_W, CL_H, 4 * CL_W, &t);
        if (!e)
            e = sgpu_kernel_conv3x3(d, in.va, out.va, CL_W, CL_H, k);
        if (!e)
            e = sgpu_fence_finish(d, WL_TIMEOUT);
        uint64_t lat = env->ops->now_ns(env->ctx) - release;
        if (lat > o->max_lat_ns)
            o->max_lat_ns = lat;
        if (lat > w->deadline_ns)
            w->misses++;
        if (e) {
            o->errors++;
            wl_fail(o, "frame %u: %s", f, sgpu_err_str(e));
            sgpu_dev_reset(d);
            continue;
        }
        o->jobs++;
        memset(ref_fb, 0, sizeof(ref_fb));
        wlref_raster(ref_fb, CL_W, CL_H, t.xy, t.rgba);
        wlref_conv3x3(inp, ref_out, CL_W, CL_H, k);
        if (memcmp(ref_fb, fb.cpu, sizeof(ref_fb)) || memcmp(ref_out, out.cpu, sizeof(ref_out))) {
            o->bad++;
            wl_fail(o, "frame %u differs from the CPU rendering", f);
        }
    }
}

/* ---- ivi ---- */
#define IVI_N 16u

void wl_ivi(const struct sgpu_env *env, void *arg)
{
    struct wl_ivi *w = arg;
    struct wl_out *o = &w->o;
    struct sgpu_buf a, b, c[2];
    static float ref[IVI_N * IVI_N];
    struct sgpu_dev *d = wl_open(env, o, 0);
    if (!d || wl_buf(d, o, 4 * IVI_N * IVI_N, &a) || wl_buf(d, o, 4 * IVI_N * IVI_N, &b) ||
        wl_buf(d, o, 4 * IVI_N * IVI_N, &c[0]) || wl_buf(d, o, 4 * IVI_N * IVI_N, &c[1]))
        return;
    uint32_t seed = 7;
    for (uint32_t i = 0; i < IVI_N * IVI_N; i++) {
        ((float *)a.cpu)[i] = (float)(lcg(&seed) % 64) / 8.0f;
        ((float *)b.cpu)[i] = (float)(lcg(&seed) % 64) / 16.0f;
    }
    wlref_sgemm(a.cpu, b.cpu, ref, IVI_N, IVI_N, IVI_N);
    uint64_t end = env->ops->now_ns(env->ctx) + w->duration_ns, prev = 0;
    for (uint32_t i = 0;; i++) {
        bool more = env->ops->now_ns(env->ctx) < end;
        uint64_t seq = 0;
        int e = 0;
        if (more) {
            memset(c[i % 2].cpu, 0x7f, 4 * IVI_N * IVI_N);   /* huge, finite: stale if unwritten */
            e = sgpu_kernel_sgemm(d, a.va, b.va, c[i % 2].va, IVI_N, IVI_N, IVI_N, 1.0f, 0.0f);
            if (!e)
                e = sgpu_cmd_busy(d, w->busy_ns, false);
            if (!e)
                e = sgpu_cmd_fence(d, 0, &seq);
            if (!e)
                e = sgpu_cmd_submit(d);
        }
        if (!e && prev)
            e = sgpu_fence_wait(d, prev, WL_TIMEOUT);
        if (e) {
            o->errors++;
            wl_fail(o, "batch %u: %s", i, sgpu_err_str(e));
            return;
        }
        if (prev) {
            o->jobs++;
            o->work_ns += w->busy_ns;
            if (memcmp(ref, c[(i - 1) % 2].cpu, sizeof(ref))) {
                o->bad++;
                wl_fail(o, "batch %u: sgemm result differs from the CPU's", i - 1);
            }
        }
        if (!more)
            return;
        prev = seq;
    }
}

/* ---- checker ---- */
#define CHK_N 2048u

void wl_checker(const struct sgpu_env *env, void *arg)
{
    struct wl_checker *w = arg;
    struct wl_out *o = &w->o;
    struct sgpu_buf x, y;
    uint64_t want_ipa;
    struct sgpu_dev *d = wl_open(env, o, 0);
    if (!d || wl_buf(d, o, 4 * CHK_N, &x) || wl_buf(d, o, 4 * CHK_N, &y))
        return;
    float *want = env->ops->alloc(env->ctx, 4 * CHK_N, &want_ipa);
    if (!want) {
        wl_fail(o, "no guest memory for the reference");
        return;
    }
    uint32_t seed = 99;
    uint64_t end = env->ops->now_ns(env->ctx) + w->duration_ns;
    for (uint32_t r = 0; env->ops->now_ns(env->ctx) < end; r++) {
        float a = (float)(lcg(&seed) % 1000) / 7.0f;
        float *xp = x.cpu, *yp = y.cpu;
        for (uint32_t i = 0; i < CHK_N; i++) {
            xp[i] = (float)(lcg(&seed) % 100000) / 3.0f;
            yp[i] = (float)(lcg(&seed) % 100000) / 9.0f;
            want[i] = a * xp[i] + yp[i];
        }
        uint64_t t = env->ops->now_ns(env->ctx);
        int e = sgpu_kernel_saxpy(d, x.va, y.va, CHK_N, a);
        if (!e)
            e = sgpu_fence_finish(d, WL_TIMEOUT);
        uint64_t lat = env->ops->now_ns(env->ctx) - t;
        if (lat > o->max_lat_ns)
            o->max_lat_ns = lat;
        if (e) {
            o->errors++;
            wl_fail(o, "round %u: %s", r, sgpu_err_str(e));
            return;
        }
        o->jobs++;
        if (memcmp(want, y.cpu, 4 * CHK_N)) {
            o->bad++;
            wl_fail(o, "round %u: saxpy differs from the CPU's", r);
        }
        if (w->gap_ns)
            env->ops->sleep_until(env->ctx, env->ops->now_ns(env->ctx) + w->gap_ns);
    }
}

/* ---- stress ---- */
void wl_stress(const struct sgpu_env *env, void *arg)
{
    struct wl_stress *w = arg;
    struct wl_out *o = &w->o;
    struct sgpu_buf b;
    struct sgpu_dev *d = wl_open(env, o, w->ring_bytes);
    if (!d || wl_buf(d, o, 4096, &b))
        return;
    /* what this guest programmed: must read back the same after any switch */
    uint64_t ring_base = sgpu_dev_read64(d, SGPU_F_RING_BASE);
    uint64_t mmu_root = sgpu_dev_read64(d, SGPU_F_MMU_ROOT);
    uint32_t ring_size = sgpu_dev_read32(d, SGPU_F_RING_SIZE);
    uint32_t mask = sgpu_dev_read32(d, SGPU_F_IRQ_MASK);
    if (ring_size != w->ring_bytes)
        wl_fail(o, "RING_SIZE reads 0x%x, programmed 0x%x", ring_size, w->ring_bytes);
    uint64_t end = env->ops->now_ns(env->ctx) + w->duration_ns;
    for (uint32_t i = 0; env->ops->now_ns(env->ctx) < end; i++) {
        uint32_t pat = w->tag << 24 | (i & 0xffffff);
        uint64_t seq = 0;
        int e = sgpu_cmd_fill(d, b.va, 4096, pat);
        if (!e)
            e = sgpu_cmd_busy(d, w->busy_ns, false);
        if (!e)
            e = sgpu_cmd_fence(d, 0, &seq);
        if (!e)
            e = sgpu_cmd_submit(d);
        if (!e)
            e = sgpu_fence_wait(d, seq, WL_TIMEOUT);
        if (e) {
            o->errors++;
            wl_fail(o, "job %u: %s", i, sgpu_err_str(e));
            return;
        }
        o->jobs++;
        const uint32_t *p = b.cpu;
        uint64_t sum = 0;
        for (unsigned k = 0; k < 1024; k++)
            sum += p[k] ^ pat;
        if (sum) {
            o->bad++;
            wl_fail(o, "job %u: buffer checksum off (FILL lost or foreign)", i);
        }
        uint64_t fence = sgpu_dev_read64(d, SGPU_F_FENCE);
        if (fence != seq || sgpu_dev_read64(d, SGPU_F_RING_BASE) != ring_base ||
            sgpu_dev_read64(d, SGPU_F_MMU_ROOT) != mmu_root ||
            sgpu_dev_read32(d, SGPU_F_RING_SIZE) != ring_size ||
            sgpu_dev_read32(d, SGPU_F_IRQ_MASK) != mask) {
            o->bad++;
            wl_fail(o, "job %u: registers read back another context's values (fence %llu, "
                    "want %llu)", i, (unsigned long long)fence, (unsigned long long)seq);
        }
        w->reg_checks++;
    }
}

/* ---- attack through stage 1 ---- */
static bool wl_one_job(struct sgpu_dev *d, struct wl_out *o)
{
    struct sgpu_buf b;
    if (wl_buf(d, o, 4096, &b))
        return false;
    int e = sgpu_cmd_fill(d, b.va, 4096, 0x5a5a5a5a);
    if (!e)
        e = sgpu_fence_finish(d, WL_TIMEOUT);
    return !e && ((uint32_t *)b.cpu)[1023] == 0x5a5a5a5au;
}

void wl_attack(const struct sgpu_env *env, void *arg)
{
    struct wl_attack *w = arg;
    struct wl_out *o = &w->o;
    struct sgpu_dev *d = wl_open(env, o, 0);
    if (!d)
        return;
    const uint64_t va = 0x7000000000ull;
    int e = sgpu_mmu_map(d, va, w->target_ipa, 4096, 0);
    if (e) {
        wl_fail(o, "sgpu_mmu_map: %s", sgpu_err_str(e));
        return;
    }
    e = sgpu_cmd_fill(d, va, 4096, 0xdeadbeef);
    if (!e)
        e = sgpu_fence_finish(d, WL_TIMEOUT);
    w->fault_code = sgpu_dev_fault(d)->code;
    if (e != SGPU_ERR_FAULT)
        wl_fail(o, "the FILL into foreign memory ended with %s, not a fault", sgpu_err_str(e));
    sgpu_dev_reset(d);
    w->recovered = wl_one_job(d, o);
}

/* ---- privileged offsets through the guest window ---- */
void wl_priv(const struct sgpu_env *env, void *arg)
{
    struct wl_priv *w = arg;
    struct wl_out *o = &w->o;
    struct sgpu_dev *d = wl_open(env, o, 0);
    if (!d)
        return;
    static const uint32_t offs[] = {
        0x1000 + SGPU_P_PCMD, 0x1000 + SGPU_P_S2_ROOT, 0x1000 + SGPU_P_S2_CONTROL,
        0x1000 + SGPU_P_WATCHDOG_NS, 0x1000 + SGPU_P_CTX_ADDR,  /* the privileged page */
        0x80, 0x7fc, 0xffc, 0x078,                               /* reserved offsets */
        SGPU_F_FENCE, SGPU_F_STATUS, SGPU_F_RING_HEAD,           /* read-only registers */
    };
    for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
        env->ops->write32(env->ctx, offs[i], offs[i] >= 0x1000 ? SGPU_PCMD_RESET : 0xffffffffu);
        w->writes++;
    }
    w->job_ok = wl_one_job(d, o);
}

/* ---- a job that never ends ---- */
void wl_forever(const struct sgpu_env *env, void *arg)
{
    struct wl_forever *w = arg;
    struct wl_out *o = &w->o;
    struct sgpu_dev *d = wl_open(env, o, 0);
    if (!d)
        return;
    uint64_t seq = 0;
    int e = sgpu_cmd_busy(d, UINT64_MAX, w->nopreempt);
    if (!e)
        e = sgpu_cmd_fence(d, 0, &seq);
    if (!e)
        e = sgpu_cmd_submit(d);
    if (!e)
        e = sgpu_fence_wait(d, seq, w->wait_ns);
    w->fault_code = sgpu_dev_fault(d)->code;
    if (e == SGPU_ERR_FAULT) {
        sgpu_dev_reset(d);
        w->recovered = wl_one_job(d, o);
    }
}
