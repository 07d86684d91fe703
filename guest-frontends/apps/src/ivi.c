/* The infotainment workload: saturating compute. sgemm batches go back to
 * back with two batches in flight, so the device never idles while the
 * guest waits; throughput is the flop of the batches retired over the time
 * from the first submission to the last fence. C = alpha * A B + beta * C
 * with beta = 0, so every batch leaves the same C, and sampled entries are
 * compared bit for bit with the CPU reference at the end. */
#include "apps/ref.h"
#include "apps/workloads.h"
#include "apps_util.h"

#define IVI_ALPHA   0.5f
#define IVI_BETA    0.0f
#define IVI_SAMPLES 32u

void ivi_defaults(struct ivi_params *p)
{
    *p = (struct ivi_params){ .batches = 0, .duration_ns = 5000000000ull, .m = 128, .n = 128, .k = 128,
                              .per_batch = 4 };
}

static int ivi_batch(struct sgpu_dev *d, const struct ivi_params *p, const struct sgpu_buf *a,
                     const struct sgpu_buf *b, const struct sgpu_buf *c, uint64_t *seq)
{
    int r = 0;
    for (uint32_t i = 0; i < p->per_batch && !r; i++)
        r = sgpu_kernel_sgemm(d, a->va, b->va, c->va, p->m, p->n, p->k, IVI_ALPHA, IVI_BETA);
    if (!r)
        r = sgpu_cmd_fence(d, 0, seq);
    if (!r)
        r = sgpu_cmd_submit(d);
    return r;
}

static void ivi_verify(struct sgpu_dev *d, const struct ivi_params *p, const struct sgpu_buf *a,
                       const struct sgpu_buf *b, const struct sgpu_buf *c, struct ivi_result *res)
{
    const float *fa = a->cpu, *fb = b->cpu, *fc = c->cpu;
    uint32_t s = 0x1234567u;

    for (uint32_t t = 0; t < IVI_SAMPLES; t++) {
        uint32_t i = apps_util_rand(&s) % p->m, j = apps_util_rand(&s) % p->n;
        /* c_old of the last batch is the previous batch's result, which is
         * the same value: beta is 0. */
        float want = ref_sgemm_one(fa, fb, fc[(uint64_t)i * p->n + j], p->n, p->k, i, j, IVI_ALPHA, IVI_BETA);
        float got = fc[(uint64_t)i * p->n + j];
        res->checked++;
        if (ref_fbits(got) != ref_fbits(want)) {
            if (!res->bad)
                apps_util_print(d, "ivi: C[%u][%u] = 0x%08x, want 0x%08x", i, j, ref_fbits(got), ref_fbits(want));
            res->bad++;
        }
    }
}

int ivi_run(struct sgpu_dev *d, const struct ivi_params *p, struct ivi_result *res)
{
    struct sgpu_buf a, b, c;
    uint32_t s = 0xfeed1234u;

    *res = (struct ivi_result){ 0 };
    if ((!p->batches && !p->duration_ns) || !p->m || !p->n || !p->k || !p->per_batch ||
        p->m > 4096 || p->n > 4096 || p->k > 4096) {
        apps_util_print(d, "ivi: bad parameters: batches %u duration %llu ns m %u n %u k %u per_batch %u",
                        p->batches, (unsigned long long)p->duration_ns, p->m, p->n, p->k, p->per_batch);
        return SGPU_ERR_INVAL;
    }
    int r = sgpu_buf_alloc(d, 4ull * p->m * p->k, SGPU_BUF_READONLY, &a);
    if (!r)
        r = sgpu_buf_alloc(d, 4ull * p->k * p->n, SGPU_BUF_READONLY, &b);
    if (!r)
        r = sgpu_buf_alloc(d, 4ull * p->m * p->n, 0, &c);
    if (r)
        return r;
    float *fa = a.cpu, *fb = b.cpu;
    for (uint64_t i = 0; i < (uint64_t)p->m * p->k; i++)
        fa[i] = apps_util_rand_float(&s);
    for (uint64_t i = 0; i < (uint64_t)p->k * p->n; i++)
        fb[i] = apps_util_rand_float(&s);

    uint64_t start = sgpu_dev_now(d), end = start + p->duration_ns, inflight[2] = { 0, 0 };
    uint32_t submitted = 0;
    for (;;) {
        bool stop = (p->batches && submitted >= p->batches) ||
                    (p->duration_ns && sgpu_dev_now(d) >= end);
        if (stop)
            break;
        /* Keep two batches queued: wait for the older one before adding. */
        if (inflight[submitted % 2]) {
            r = sgpu_fence_wait(d, inflight[submitted % 2], 0);
            if (r)
                break;
            res->batches++;
        }
        r = ivi_batch(d, p, &a, &b, &c, &inflight[submitted % 2]);
        if (r)
            break;
        submitted++;
    }
    for (uint32_t i = 0; i < 2 && !r; i++) {
        uint32_t slot = (submitted + i) % 2;
        if (inflight[slot]) {
            r = sgpu_fence_wait(d, inflight[slot], 0);
            if (!r)
                res->batches++;
        }
    }
    res->elapsed_ns = sgpu_dev_now(d) - start;
    res->flop = 2ull * p->m * p->n * p->k * p->per_batch * res->batches;
    res->mflops = res->elapsed_ns ? res->flop * 1000 / res->elapsed_ns : 0;
    if (!r && res->batches)
        ivi_verify(d, p, &a, &b, &c, res);
    apps_util_print(d, "IVI batches=%u gflops=%llu.%03llu elapsed_us=%llu checked=%u bad=%u%s%s",
                    res->batches, (unsigned long long)(res->mflops / 1000),
                    (unsigned long long)(res->mflops % 1000), (unsigned long long)(res->elapsed_ns / 1000),
                    res->checked, res->bad, r ? " error=" : "", r ? sgpu_err_str(r) : "");
    if (!r && res->bad)
        r = 1;
    return r;
}
