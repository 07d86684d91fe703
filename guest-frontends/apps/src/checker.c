/* The checker workload: each kernel, COPY, FILL, FENCE-to-memory and
 * TIMESTAMP on fresh pseudo-random data, compared with CPU references in
 * the guest. Float kernels are compared bit for bit: the spec fixes the
 * order of operations and both executors follow it, so any difference is a
 * bug (a stricter test than the spec's 1e-4 tolerance, which only bounds
 * references summed in another order). */
#include "apps/ref.h"
#include "apps/workloads.h"
#include "apps_util.h"

struct checker {
    struct sgpu_dev *d;
    uint32_t seed;
    struct checker_result *res;
};

void checker_defaults(struct checker_params *p)
{
    *p = (struct checker_params){ .rounds = 1, .seed = 1 };
}

static void checker_report(struct checker *c, const char *name, int err, uint64_t bad_at, uint32_t got,
                           uint32_t want)
{
    if (err) {
        c->res->fail++;
        apps_util_print(c->d, "CHECK %s FAIL: device error %s", name, sgpu_err_str(err));
        sgpu_dev_reset(c->d);
    } else if (bad_at != UINT64_MAX) {
        c->res->fail++;
        apps_util_print(c->d, "CHECK %s FAIL: word %llu is 0x%08x, want 0x%08x", name,
                        (unsigned long long)bad_at, got, want);
    } else {
        c->res->pass++;
        apps_util_print(c->d, "CHECK %s ok", name);
    }
}

/* Compares n 32-bit words; reports the first difference. */
static void checker_compare(struct checker *c, const char *name, int err, const void *got,
                            const void *want, uint64_t n)
{
    const uint32_t *g = got, *w = want;
    uint64_t at = UINT64_MAX;
    for (uint64_t i = 0; !err && i < n; i++) {
        if (g[i] != w[i]) {
            at = i;
            break;
        }
    }
    checker_report(c, name, err, at, at == UINT64_MAX ? 0 : g[at], at == UINT64_MAX ? 0 : w[at]);
}

static int checker_buf(struct checker *c, uint64_t bytes, struct sgpu_buf *b)
{
    return sgpu_buf_alloc(c->d, bytes, 0, b);
}

static void checker_random(struct checker *c, float *v, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        v[i] = apps_util_rand_float(&c->seed);
}

static void checker_copy_fill(struct checker *c)
{
    const uint64_t n = 200003;      /* odd: the FILL pattern must wrap mid-word */
    struct sgpu_buf src, dst, fill;
    int r = checker_buf(c, n, &src);
    if (!r) r = checker_buf(c, n, &dst);
    if (!r) r = checker_buf(c, n + 4096, &fill);
    uint8_t *ref = apps_util_alloc(c->d, n + 4096);
    if (r || !ref) {
        checker_report(c, "copy", r ? r : SGPU_ERR_NOMEM, 0, 0, 0);
        return;
    }
    uint8_t *s = src.cpu;
    for (uint64_t i = 0; i < n; i++)
        s[i] = (uint8_t)apps_util_rand(&c->seed);
    uint32_t pattern = apps_util_rand(&c->seed);
    r = sgpu_cmd_copy(c->d, src.va, dst.va, n);
    /* FILL from an odd offset, leaving bytes before and after untouched. */
    if (!r) r = sgpu_cmd_fill(c->d, fill.va + 3, n, pattern);
    if (!r) r = sgpu_fence_finish(c->d, 0);
    const uint8_t *g = dst.cpu;
    uint64_t at = UINT64_MAX;
    for (uint64_t i = 0; !r && i < n && at == UINT64_MAX; i++)
        if (g[i] != s[i])
            at = i;
    checker_report(c, "copy", r, at, at == UINT64_MAX ? 0 : g[at], at == UINT64_MAX ? 0 : s[at]);
    ref_fill(ref + 3, n, pattern);
    g = fill.cpu;
    at = UINT64_MAX;
    for (uint64_t i = 0; !r && i < n + 4096 && at == UINT64_MAX; i++)
        if (g[i] != ref[i])
            at = i;
    checker_report(c, "fill", r, at, at == UINT64_MAX ? 0 : g[at], at == UINT64_MAX ? 0 : ref[at]);
}

static void checker_fence_timestamp(struct checker *c)
{
    struct sgpu_buf m;
    uint64_t seq = 0;
    int r = checker_buf(c, 4096, &m);
    if (!r) r = sgpu_cmd_timestamp(c->d, m.va);
    if (!r) r = sgpu_cmd_busy(c->d, 5000, false);
    if (!r) r = sgpu_cmd_timestamp(c->d, m.va + 8);
    if (!r) r = sgpu_cmd_fence(c->d, m.va + 16, &seq);
    if (!r) r = sgpu_cmd_submit(c->d);
    if (!r) r = sgpu_fence_wait(c->d, seq, 0);
    const volatile uint64_t *v = m.cpu;
    uint64_t t1 = r ? 0 : v[0], t2 = r ? 0 : v[1], fv = r ? 0 : v[2];
    /* The BUSY between the stamps lasts exactly 5 us of device time. */
    bool ts_ok = t2 >= t1 + 5000;
    checker_report(c, "timestamp", r, ts_ok ? UINT64_MAX : 1, (uint32_t)(t2 - t1), 5000);
    checker_report(c, "fence-memory", r, fv == seq ? UINT64_MAX : 2, (uint32_t)fv, (uint32_t)seq);
}

static void checker_saxpy(struct checker *c)
{
    const uint32_t n = 10007;
    struct sgpu_buf x, y;
    float *ref = apps_util_alloc(c->d, 4ull * n);
    int r = checker_buf(c, 4ull * n, &x);
    if (!r) r = checker_buf(c, 4ull * n, &y);
    if (r || !ref) {
        checker_report(c, "saxpy", r ? r : SGPU_ERR_NOMEM, 0, 0, 0);
        return;
    }
    checker_random(c, x.cpu, n);
    checker_random(c, y.cpu, n);
    apps_util_copy(ref, y.cpu, 4ull * n);
    float a = apps_util_rand_float(&c->seed);
    r = sgpu_kernel_saxpy(c->d, x.va, y.va, n, a);
    if (!r) r = sgpu_fence_finish(c->d, 0);
    ref_saxpy(x.cpu, ref, n, a);
    checker_compare(c, "saxpy", r, y.cpu, ref, n);
}

static void checker_sgemm(struct checker *c)
{
    const uint32_t m = 37, n = 45, k = 29;
    struct sgpu_buf a, b, cc;
    float *ref = apps_util_alloc(c->d, 4ull * m * n);
    int r = checker_buf(c, 4ull * m * k, &a);
    if (!r) r = checker_buf(c, 4ull * k * n, &b);
    if (!r) r = checker_buf(c, 4ull * m * n, &cc);
    if (r || !ref) {
        checker_report(c, "sgemm", r ? r : SGPU_ERR_NOMEM, 0, 0, 0);
        return;
    }
    checker_random(c, a.cpu, (uint64_t)m * k);
    checker_random(c, b.cpu, (uint64_t)k * n);
    checker_random(c, cc.cpu, (uint64_t)m * n);
    apps_util_copy(ref, cc.cpu, 4ull * m * n);
    r = sgpu_kernel_sgemm(c->d, a.va, b.va, cc.va, m, n, k, 1.5f, 0.5f);
    if (!r) r = sgpu_fence_finish(c->d, 0);
    ref_sgemm(a.cpu, b.cpu, ref, m, n, k, 1.5f, 0.5f);
    checker_compare(c, "sgemm", r, cc.cpu, ref, (uint64_t)m * n);
}

static void checker_reduce(struct checker *c)
{
    const uint32_t n = 100003, per = 1000;
    struct sgpu_buf in, scratch, out;
    int r = checker_buf(c, 4ull * n, &in);
    if (!r) r = checker_buf(c, 4ull * (n / per + 1), &scratch);
    if (!r) r = checker_buf(c, 4096, &out);
    if (r) {
        checker_report(c, "reduce", r, 0, 0, 0);
        return;
    }
    checker_random(c, in.cpu, n);
    r = sgpu_kernel_reduce(c->d, in.va, scratch.va, out.va, n, per);
    if (!r) r = sgpu_fence_finish(c->d, 0);
    float want = ref_reduce(in.cpu, n, per);
    checker_compare(c, "reduce", r, out.cpu, &want, 1);
}

static void checker_conv(struct checker *c)
{
    const uint32_t w = 67, h = 45;
    struct sgpu_buf in, out;
    float k[9];
    float *ref = apps_util_alloc(c->d, 4ull * w * h);
    int r = checker_buf(c, 4ull * w * h, &in);
    if (!r) r = checker_buf(c, 4ull * w * h, &out);
    if (r || !ref) {
        checker_report(c, "conv3x3", r ? r : SGPU_ERR_NOMEM, 0, 0, 0);
        return;
    }
    checker_random(c, in.cpu, (uint64_t)w * h);
    checker_random(c, k, 9);
    r = sgpu_kernel_conv3x3(c->d, in.va, out.va, w, h, k);
    if (!r) r = sgpu_fence_finish(c->d, 0);
    ref_conv3x3(in.cpu, ref, w, h, k);
    checker_compare(c, "conv3x3", r, out.cpu, ref, (uint64_t)w * h);
}

static void checker_raster(struct checker *c)
{
    const uint32_t w = 100, h = 80, stride = 4 * (w + 3);
    struct sgpu_buf fb;
    uint32_t *ref = apps_util_alloc(c->d, (uint64_t)stride * h);
    int r = checker_buf(c, (uint64_t)stride * h, &fb);
    if (r || !ref) {
        checker_report(c, "raster", r ? r : SGPU_ERR_NOMEM, 0, 0, 0);
        return;
    }
    uint32_t *px = fb.cpu;
    for (uint64_t i = 0; i < (uint64_t)stride / 4 * h; i++)
        px[i] = ref[i] = apps_util_rand(&c->seed);
    /* Two triangles sharing an edge, with horizontal edges through pixel
     * centres (16x + 8), so the tie-breaking rule decides pixels; one
     * clockwise triangle reaching past the framebuffer; one degenerate. */
    struct sgpu_triangle t[4] = {
        { { 40, 56, 648, 56, 328, 488 }, { 0, 0, 0 } },
        { { 648, 56, 968, 488, 328, 488 }, { 0, 0, 0 } },
        { { -300, 900, 200, 2000, 900, 1500 }, { 0, 0, 0 } },
        { { 100, 100, 500, 500, 900, 900 }, { 0, 0, 0 } },
    };
    for (int i = 0; i < 4 && !r; i++) {
        for (int v = 0; v < 3; v++)
            t[i].rgba[v] = apps_util_rand(&c->seed);
        r = sgpu_kernel_raster(c->d, fb.va, w, h, stride, &t[i]);
        ref_raster(ref, w, h, stride, &t[i]);
    }
    if (!r) r = sgpu_fence_finish(c->d, 0);
    checker_compare(c, "raster", r, fb.cpu, ref, (uint64_t)stride / 4 * h);
}

int checker_run(struct sgpu_dev *d, const struct checker_params *p, struct checker_result *res)
{
    struct checker c = { .d = d, .seed = p->seed ? p->seed : 1, .res = res };

    *res = (struct checker_result){ 0 };
    if (!p->rounds) {
        apps_util_print(d, "checker: rounds must be > 0");
        return SGPU_ERR_INVAL;
    }
    for (uint32_t i = 0; i < p->rounds; i++) {
        checker_copy_fill(&c);
        checker_fence_timestamp(&c);
        checker_saxpy(&c);
        checker_sgemm(&c);
        checker_reduce(&c);
        checker_conv(&c);
        checker_raster(&c);
    }
    apps_util_print(d, "CHECKER pass=%u fail=%u", res->pass, res->fail);
    return res->fail ? 1 : 0;
}
